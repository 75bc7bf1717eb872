"""`beacon` core messaging commands: send, sync, read, search, channels, outbox."""

from __future__ import annotations

import sys

from desktop.cli.common import (
    CliError, NotRetryable, Unstored, _channel, _describe, _send_target, _engine, _sync, _text, _time, stays_queued,
)
from desktop.domain.terminal import safe
from desktop.errors import KnownError
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id


def add_parsers(sub) -> dict:
    s = sub.add_parser("send", help="send a message (queued if the relay is unreachable)")
    s.add_argument("channel", help="general, #general, or @user for a direct message")
    s.add_argument("text")
    s.add_argument("--thread", type=int, metavar="MSG_ID", help="reply in the thread of this message")

    sub.add_parser("sync", help="connect, send the outbox, catch up, exit")

    s = sub.add_parser("read", help="print cached messages (works offline)")
    s.add_argument("channel")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--thread", type=int, metavar="MSG_ID", help="print this thread instead")

    s = sub.add_parser("search", help="full-text search of the cache (works offline)")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=20)

    sub.add_parser("channels", help="cached channels with unread counts")

    s = sub.add_parser("outbox", help="messages waiting to be sent, or failed")
    s.add_argument("--retry", metavar="ID", help="retry a failed item")
    s.add_argument("--discard", metavar="ID", help="discard a failed item")
    return {
        "send": cmd_send, "sync": cmd_sync, "read": cmd_read,
        "search": cmd_search, "channels": cmd_channels, "outbox": cmd_outbox,
    }


def cmd_send(store, args) -> int:
    channel = _send_target(store, args.channel)
    _text(args.text)
    item = store.enqueue(fr.Post(id=new_client_id(), channel=channel.id, text=args.text, thread=args.thread))
    try:
        report = _sync(_engine(store))
    except Unstored:
        raise  # reached the relay, which could not store it: exit non-zero
    except NotRetryable as exc:  # e.g. the token was revoked: trying later cannot help
        raise stays_queued(exc, "the message stays queued (see `beacon outbox`)") from None
    except CliError as exc:
        print(f"queued: will be sent when the relay is reachable ({safe(exc)})")
        return 0
    failed = dict(report.failed)
    if item.cid in failed:
        raise CliError(f"the relay refused the message: {failed[item.cid]} (kept; see `beacon outbox`)")
    print(f"sent to #{safe(channel.name)}")
    return 0


def cmd_sync(store, args) -> int:
    try:
        report = _sync(_engine(store))
    except NotRetryable as exc:
        waiting = len(store.outbox(("pending", "sending")))
        if waiting:
            raise stays_queued(exc, f"{waiting} command(s) stay queued") from None
        raise
    print(_describe(report))
    return 0


def cmd_read(store, args) -> int:
    if args.thread is not None:
        rows = store.thread(args.thread)
        if not rows:
            raise CliError(f"no message {args.thread} in the cache")
        pending = []
    else:
        channel = _channel(store, args.channel)
        rows = store.messages(channel.id, limit=max(1, args.limit))
        pending = store.pending_posts(channel.id)
    for m in rows:
        text = "(deleted)" if m.deleted else m.text
        marks = "".join([" (edited)" if m.edited_ts else "", " 📌" if m.pinned else ""])
        replies = f"  [{m.reply_count} repl{'y' if m.reply_count == 1 else 'ies'}]" if m.reply_count else ""
        print(f"[{_time(m.ts)}] {safe(m.author_name)}: {safe(text)}{marks}{replies}  #{m.id}")
    for p in pending:
        state = f"failed: {safe(p.error)}" if p.state == "failed" else "pending"
        print(f"[{_time(p.created_ts)}] (you): {safe(p.text)}  ({state})")
    return 0


def cmd_search(store, args) -> int:
    _index_pending(store)
    hits = store.search(args.query, limit=max(1, args.limit))
    if not hits:
        print("no matches in the cache")
    if hits.incomplete:
        print(f"beacon: {hits.unindexed} message(s) are not indexed yet: results may be incomplete", file=sys.stderr)
    names = {c.id: c.name for c in store.channels()}
    for hit in hits:
        m = hit.message
        print(f"#{safe(names.get(m.channel, m.channel))} [{_time(m.ts)}] {safe(m.author_name)}: {safe(m.text)}  #{m.id}")
    return 0


def _index_pending(store) -> None:
    """A one-shot search first indexes what a catch-up left for the background indexer."""
    backlog = store.index_backlog()
    if not backlog:
        return
    print(f"beacon: indexing {backlog} message(s) for search...", file=sys.stderr)
    try:
        store.index_pending()
    except KnownError as exc:  # e.g. a full disk: search what is indexed, and say so below
        print(f"beacon: could not index them: {safe(exc)}", file=sys.stderr)


def cmd_channels(store, args) -> int:
    for c in store.channels():
        if not c.am_member:
            continue
        label = f"@{safe(c.title)}" if c.dm else f"#{safe(c.name)}"
        extra = "  (archived)" if c.archived else ""
        mentions = f", {c.mentions} mention(s)" if c.mentions else ""
        print(f"{label}  {c.unread} unread{mentions}{extra}")
    # Channels created here that the relay has not made yet (offline), or refused.
    for item in store.outbox(("pending", "sending", "failed")):
        if isinstance(item.frame, fr.CreateChannel):
            state = f"refused: {safe(item.error or '')}" if item.state == "failed" else "waiting to be created"
            print(f"#{safe(item.frame.name)}  ({state})")
    return 0


def cmd_outbox(store, args) -> int:
    if args.retry:
        store.retry(args.retry)
        print("queued again; run `beacon sync` to send it")
        return 0
    if args.discard:
        store.discard(args.discard)
        print("discarded")
        return 0
    items = store.outbox(("pending", "sending", "failed"))
    if not items:
        print("the outbox is empty")
    for item in items:
        reason = f": {safe(item.error)}" if item.error else ""
        print(f"{item.cid}  {item.kind}  {item.state}{reason}")
    return 0
