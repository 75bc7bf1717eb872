"""The encrypted local cache (SQLCipher): the UI reads only this; the sync engine writes it."""

from desktop.store.changes import ChannelChanges, Changes
from desktop.store.rows import Account, ChannelRow, MessageRow, OutboxItem, SearchHit, SearchHits, UserRow
from desktop.store.store import Store
from desktop.store import plugins  # noqa: F401,E402 -- registers feature modules

__all__ = [
    "Account",
    "ChannelChanges",
    "ChannelRow",
    "Changes",
    "MessageRow",
    "OutboxItem",
    "SearchHit",
    "SearchHits",
    "Store",
    "UserRow",
]
