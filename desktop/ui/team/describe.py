"""What a queued team command does, in words ("create #design", "add @li to #design"),
for the message that reports the relay's refusal."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.protocol import frames as fr
from desktop.protocol import team as tm



def describe(store, cmd) -> str | None:
    """The words for a team command, or None for any other command."""
    def channel(cid: str) -> str:
        row = store.channel(cid)
        return row.name if row is not None else cid

    if isinstance(cmd, fr.CreateChannel):
        return QCoreApplication.translate("TeamCommand", "create #%1").replace("%1", cmd.name)
    if isinstance(cmd, fr.Join):
        return QCoreApplication.translate("TeamCommand", "join #%1").replace("%1", channel(cmd.channel))
    if isinstance(cmd, fr.Leave):
        return QCoreApplication.translate("TeamCommand", "leave #%1").replace("%1", channel(cmd.channel))
    if isinstance(cmd, fr.AddMember):
        return (QCoreApplication.translate("TeamCommand", "add @%1 to #%2")
                .replace("%1", cmd.user).replace("%2", channel(cmd.channel)))
    if isinstance(cmd, fr.RemoveMember):
        return (QCoreApplication.translate("TeamCommand", "remove @%1 from #%2")
                .replace("%1", cmd.user).replace("%2", channel(cmd.channel)))
    if isinstance(cmd, fr.Rename):
        return (QCoreApplication.translate("TeamCommand", "rename #%1 to #%2")
                .replace("%1", channel(cmd.channel)).replace("%2", cmd.name))
    if isinstance(cmd, tm.SetTopic):
        return QCoreApplication.translate("TeamCommand", "set the topic of #%1").replace("%1", channel(cmd.channel))
    if isinstance(cmd, fr.Archive):
        return QCoreApplication.translate("TeamCommand", "archive #%1").replace("%1", channel(cmd.channel))
    if isinstance(cmd, tm.Unarchive):
        return QCoreApplication.translate("TeamCommand", "unarchive #%1").replace("%1", channel(cmd.channel))
    if isinstance(cmd, tm.SetRole):
        return QCoreApplication.translate("TeamCommand", "change the role of @%1").replace("%1", cmd.user)
    if isinstance(cmd, tm.SetProfile):
        return QCoreApplication.translate("TeamCommand", "change your profile")
    if isinstance(cmd, tm.Deactivate):
        return QCoreApplication.translate("TeamCommand", "deactivate @%1").replace("%1", cmd.user)
    if isinstance(cmd, tm.Reactivate):
        return QCoreApplication.translate("TeamCommand", "reactivate @%1").replace("%1", cmd.user)
    if isinstance(cmd, fr.OpenDm):
        return QCoreApplication.translate("TeamCommand", "message @%1").replace("%1", cmd.user)
    return None
