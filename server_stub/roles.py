"""Who may do what: the relay's authorization policy (issue 12), as pure functions.

Workspace roles are owner, admin, member and guest (desktop.protocol.types.ROLES).
A channel's **managers** are the people with `members.manager = 1` (its creator,
or for channels made with `beacon-relay admin` the workspace's first owner);
workspace owners and admins hold every manager power in every channel they are
in. Membership itself (you act only in channels you are in) is checked by the
caller before the policy is asked. docs/PROTOCOL.md "Roles" is this table in words.
"""

from __future__ import annotations

ADMINS = frozenset({"owner", "admin"})

# Actions anyone in the channel may take, whatever their role.
_ANYONE = frozenset({
    "post", "react", "pin", "mark_read", "leave", "history", "members", "people", "edit_own", "delete_own",
})
# Actions guests may not take at all.
_NOT_GUESTS = frozenset({"create_channel", "join", "open_dm", "browse"})
# Channel powers: managers, owners and admins.
_MANAGERS = frozenset({"rename", "set_topic", "archive", "unarchive", "add_member", "remove_member", "moderate"})
# Workspace powers: owners and admins only.
_ADMINS_ONLY = frozenset({"set_role", "deactivate", "reactivate", "audit"})

ACTIONS: frozenset[str] = _ANYONE | _NOT_GUESTS | _MANAGERS | _ADMINS_ONLY

_VERBS = {
    "rename": "rename", "set_topic": "set the topic of", "archive": "archive", "unarchive": "unarchive",
    "add_member": "add people to", "remove_member": "remove people from",
}
_REFUSALS = {
    "create_channel": "guests cannot create channels",
    "join": "guests cannot join channels themselves: a channel manager adds them",
    "open_dm": "guests can message only people who share a channel with them",
    "browse": "guests cannot browse channels",
    "set_role": "only workspace owners and admins can change roles",
    "deactivate": "only workspace owners and admins can deactivate people",
    "reactivate": "only workspace owners and admins can reactivate people",
    "audit": "only workspace owners and admins can read the audit log",
}


def is_admin(role: str | None) -> bool:
    return role in ADMINS


def needs_manager(action: str) -> bool:
    """True if the answer depends on whether the actor manages the channel."""
    return action in _MANAGERS


def can(role: str, action: str, *, manager: bool = False) -> bool:
    """May someone with workspace `role` (and, for channel powers, `manager` of the
    channel in question) take `action`?"""
    if action in _ANYONE:
        return True
    if action in _NOT_GUESTS:
        return role != "guest"
    if action in _MANAGERS:
        return manager or role in ADMINS
    if action in _ADMINS_ONLY:
        return role in ADMINS
    raise ValueError(f"unknown action {action!r}")


def refusal(action: str, channel_name: str | None = None) -> str:
    """The plain-words reason `action` was refused."""
    if action == "moderate":
        return "only the author, channel managers and workspace admins can delete this message"
    if action in _VERBS:
        where = f"#{channel_name}" if channel_name else "this channel"
        return f"only channel managers can {_VERBS[action]} {where}"
    return _REFUSALS.get(action, "you are not allowed to do that")


def role_change_refusal(actor_role: str, target: str, target_role: str, new_role: str, owners: int) -> str | None:
    """Why `actor_role` may not make `target` (now `target_role`) a `new_role`; None if allowed.

    Owners are made and unmade only by owners; the last owner stays an owner.
    """
    if actor_role not in ADMINS:
        return _REFUSALS["set_role"]
    if "owner" in (target_role, new_role) and actor_role != "owner":
        return "only owners can make someone an owner or change an owner's role"
    if target_role == "owner" and new_role != "owner" and owners <= 1:
        return f"{target} is the last owner: make someone else an owner first"
    return None


def deactivation_refusal(actor_role: str, target: str, target_role: str, owners: int, *, reactivate: bool = False) -> str | None:
    """Why `actor_role` may not deactivate (or reactivate) `target`; None if allowed."""
    if actor_role not in ADMINS:
        return _REFUSALS["reactivate" if reactivate else "deactivate"]
    if target_role == "owner" and actor_role != "owner":
        return f"only owners can {'reactivate' if reactivate else 'deactivate'} an owner"
    if not reactivate and target_role == "owner" and owners <= 1:
        return f"{target} is the last owner and cannot be deactivated"
    return None
