"""People in the sidebar, as Slack shows them: each direct message's row gets the
person's presence (a green dot while active, a hollow one while away), their status
emoji after the name and 🔕 while they are in do-not-disturb. Read from the cache's
statuses (desktop.store.attention), kept current as the relay's status events arrive."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain import dnd
from desktop.store import attention as att


@dataclass(frozen=True, slots=True)
class PersonState:
    presence: str  # online / away / offline
    emoji: str  # their status emoji, "" when none (or it has expired)
    dnd: bool


def person_state(status: att.Status, now_ms: int) -> PersonState:
    """What the sidebar shows of `status` at relay time `now_ms`."""
    emoji = status.emoji if status.emoji and (status.until is None or status.until > now_ms) else ""
    in_dnd = status.dnd_until is not None and (status.dnd_until == dnd.FOREVER or status.dnd_until > now_ms)
    return PersonState(status.presence, emoji, in_dnd)


class SidebarPeople:
    """Gives the channel list `person_state(user)` and repaints it when statuses change."""

    def __init__(self, controller, window):
        self._controller, self._window = controller, window
        self._statuses: dict[str, att.Status] = {}
        window.channels.person_state = self.state
        self.reload()

    def state(self, user: str | None) -> PersonState | None:
        status = self._statuses.get(user) if user else None
        return person_state(status, self._controller.relay_now()) if status is not None else None

    def reload(self) -> None:
        self._statuses = att.statuses(self._controller.store)
        self._window.channels.muted_changed()  # every row repaints (dataChanged)

    def apply_changes(self, changes) -> None:
        if "attention" in changes.features or changes.users or changes.reset:
            self.reload()
