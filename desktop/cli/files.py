"""`beacon upload | files | download | keep-offline`: shared files from the command line."""

from __future__ import annotations

import asyncio
import datetime as dt
import mimetypes
import sys
from pathlib import Path

from desktop.domain.files import KINDS, human_size
from desktop.domain.terminal import safe
from desktop.filecache.crypto import CacheTampered
from desktop.filecache.safe_names import safe_name
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id


def add_parsers(sub) -> dict:
    s = sub.add_parser("upload", help="share files in a channel (resumes an interrupted upload)")
    s.add_argument("channel")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--caption", default="", help="text shown with the file")

    s = sub.add_parser("files", help="shared files, from the cache (works offline)")
    s.add_argument("channel", nargs="?")
    s.add_argument("--type", choices=KINDS, dest="kind")
    s.add_argument("--search", default="", metavar="TEXT", help="part of the file name")

    s = sub.add_parser("download", help="save a shared file to a folder")
    s.add_argument("file_id", type=int, metavar="FILE_ID")
    s.add_argument("--to", required=True, metavar="DIR")
    s.add_argument("--overwrite", action="store_true", help="replace a file of the same name")

    s = sub.add_parser("keep-offline", help="keep a file (or a channel's files) in the cache, outside the budget")
    s.add_argument("file_id", type=int, nargs="?", metavar="FILE_ID")
    s.add_argument("--channel", help="keep every file of this channel instead")
    s.add_argument("--off", action="store_true", help="stop keeping it offline")
    s = sub.add_parser("file-cache", help="space used by downloaded files; set the cache budget")
    s.add_argument("--budget", type=float, metavar="GB", help="keep up to this many GB (kept-offline files do not count)")

    return {"file-cache": cmd_file_cache, "upload": cmd_upload, "files": cmd_files, "download": cmd_download, "keep-offline": cmd_keep_offline}


def _kit(store):
    from desktop.cli.common import NOT_SIGNED_IN, CliError
    from desktop.filecache.cache import FileCache
    from desktop.net.transfer import FileClient
    from desktop.store.files import FileStore

    files = FileStore(store)
    cache = FileCache(store.path.parent, files)
    account = store.account()
    token = store.token()
    client = FileClient(account.relay_url, token) if account.relay_url and token else None

    def need_client():
        if client is None:
            raise CliError(NOT_SIGNED_IN)
        return client

    return files, cache, need_client


def _progress(label: str):
    label = safe(label)  # a file name someone else chose

    def report(done, total, speed, left):
        if not sys.stderr.isatty():
            return
        pct = 100 if total == 0 else done * 100 // total
        eta = f", {left:.0f} s left" if left is not None else ""
        print(f"\r{label}: {pct}% of {human_size(total)} ({human_size(int(speed))}/s{eta})   ",
              end="", file=sys.stderr, flush=True)
    return report


def _run(coro):
    from desktop.cli.common import CliError
    from desktop.filecache.crypto import CacheTampered
    from desktop.net.transfer import TransferError

    try:
        return asyncio.run(coro)
    except TransferError as exc:
        raise CliError(str(exc)) from None
    except CacheTampered:  # the relay's copy is damaged (or altered): nothing is saved
        raise CliError("the file received does not match its SHA-256 (damaged on the relay?); "
                       "nothing was saved") from None


def cmd_upload(store, args) -> int:
    from desktop.cli.common import CliError, _channel, _engine, _sync
    from desktop.net.transfer import RateMeter
    from desktop.store.files import PendingUpload

    channel = _channel(store, args.channel)
    files, cache, need_client = _kit(store)
    client = need_client()
    paths = [Path(p) for p in args.paths]
    for path in paths:
        if not path.is_file():
            raise CliError(f"{path} is not a readable file")
    limit = _run(client.limit_bytes())
    for path in paths:  # every size is checked before any upload starts
        if path.stat().st_size > limit:
            raise CliError(f"{safe(path.name)} is {human_size(path.stat().st_size)}; "
                           f"the relay accepts files up to {human_size(limit)}")
    cids = []
    for path in paths:
        size = path.stat().st_size
        # Resume an earlier, interrupted upload of the same file into the same channel.
        earlier = next((u for u in files.uploads() if u.path == str(path.resolve())
                        and u.channel == channel.id and u.size == size), None)
        if earlier is None:
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            earlier = PendingUpload(new_client_id(), channel.id, str(path.resolve()), None, size,
                                    path.name[:255], mime, args.caption)
            files.add_upload(earlier)
        keep = cache.intake()  # encrypted into the cache in the same pass as the upload reads it
        try:
            result = _run(client.upload(path, channel.id, progress=RateMeter(size, _progress(path.name)), keep=keep))
        except BaseException:
            keep.abandon()
            raise
        if sys.stderr.isatty():
            print(file=sys.stderr)
        files.set_upload_sha(earlier.cid, result.sha256)
        cache.put_file(result.sha256, path, keep)  # our own file is available offline at once
        # An earlier run may have queued the share already (and lost the relay before sending it).
        queued = {i.cid: i.state for i in store.outbox(("pending", "sending", "acked", "failed"))}
        if earlier.cid not in queued:
            store.enqueue(fr.ShareFile(id=earlier.cid, channel=channel.id, sha256=result.sha256, size=size,
                                       name=earlier.name, mime=earlier.mime, caption=earlier.caption))
        elif queued[earlier.cid] == "failed":
            store.retry(earlier.cid)  # refused before; the user asks again
        note = " (already on the relay)" if result.deduplicated else (
            f" (resumed at {human_size(result.resumed_from)})" if result.resumed_from else "")
        print(f"uploaded {safe(path.name)} ({human_size(size)}){note}")
        cids.append(earlier.cid)
    cache.evict()
    report = _sync(_engine(store))
    failed = dict(report.failed)
    for cid in cids:
        if cid in failed:
            raise CliError(f"the relay refused to share the file: {failed[cid]}")
        row = files.file_by_cid(cid)
        if row is not None:
            print(f"shared {safe(row.name)} in #{safe(channel.name)} as file {row.id}")
    return 0


def _when(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M")


def cmd_files(store, args) -> int:
    from desktop.cli.common import _channel

    files, _cache, _ = _kit(store)
    channel = _channel(store, args.channel).id if args.channel else None
    rows = files.files(channel, kind=args.kind, query=args.search)
    names = {c.id: c.name for c in store.channels()}
    if not rows:
        print("no files")
    for r in rows:
        marks = " [offline]" if r.cached else ""
        marks += " [kept offline]" if r.pinned else ""
        print(f"{r.id}  {safe(r.name)}  {r.kind}  {human_size(r.size)}  {safe(r.sender or '?')}  "
              f"#{safe(names.get(r.channel, r.channel))}  {_when(r.ts)}{marks}")
    return 0


def _ensure_cached(store, files, cache, need_client, row) -> None:
    from desktop.net.transfer import RateMeter

    if cache.has(row.sha256):
        return
    sink = cache.writer(row.sha256)
    try:
        _run(need_client().download(row.id, sink, progress=RateMeter(row.size, _progress(row.name))))
    except BaseException:
        sink.abandon()
        raise
    if sys.stderr.isatty():
        print(file=sys.stderr)
    cache.evict()


def _file(store, files, file_id: int):
    from desktop.cli.common import CliError, _engine, _sync

    row = files.file(file_id)
    if row is None:
        try:
            _sync(_engine(store))
        except CliError:
            pass
        row = files.file(file_id)
    if row is None:
        raise CliError(f"no file {file_id} (see `beacon files`)")
    return row


def cmd_download(store, args) -> int:
    from desktop.cli.common import CliError

    files, cache, need_client = _kit(store)
    row = _file(store, files, args.file_id)
    target_dir = Path(args.to)
    if not target_dir.is_dir():
        raise CliError(f"{safe(target_dir)} is not a folder")

    _ensure_cached(store, files, cache, need_client, row)
    for attempt in (1, 2):
        try:
            # Never through a link, never over an existing name unless --overwrite (safe_write).
            path = cache.save_as(row, target_dir, overwrite=args.overwrite)
            break
        except FileExistsError:
            raise CliError(f"{safe(target_dir)} already has a file named {safe(safe_name(row.name))!r}; "
                           "use --overwrite to replace it") from None
        except OSError as exc:
            raise CliError(f"cannot save into {safe(target_dir)}: {exc.strerror or exc}") from None
        except CacheTampered:  # the cached copy is damaged: drop it, fetch it again once
            if attempt == 2:
                raise CliError(f"the cached copy of {safe(row.name)} is damaged and could not be replaced;"
                               " nothing was saved") from None
            print("beacon: the cached copy of this file was damaged; fetching it again", file=sys.stderr)
            cache.path(row.sha256).unlink(missing_ok=True)
            files.forget_cached(row.sha256)
            _ensure_cached(store, files, cache, need_client, row)
    print(f"saved {safe(path)}")
    return 0


def cmd_keep_offline(store, args) -> int:
    from desktop.cli.common import CliError, _channel

    files, cache, need_client = _kit(store)
    if args.channel:
        channel = _channel(store, args.channel)
        files.pin_channel(channel.id, not args.off)
        if args.off:
            print(f"files of #{safe(channel.name)} follow the cache budget again")
            return 0
        for row in files.pinned_missing():
            _ensure_cached(store, files, cache, need_client, row)
        print(f"files of #{safe(channel.name)} are kept offline")
        return 0
    if args.file_id is None:
        raise CliError("name a FILE_ID or --channel")
    row = _file(store, files, args.file_id)
    files.pin(row.id, not args.off)
    if args.off:
        print(f"{safe(row.name)} follows the cache budget again")
        return 0
    _ensure_cached(store, files, cache, need_client, row)
    print(f"{safe(row.name)} is kept offline")
    return 0


def cmd_file_cache(store, args) -> int:
    from desktop.cli.common import CliError

    files, cache, _ = _kit(store)
    if args.budget is not None:
        if args.budget < 0:
            raise CliError("the budget cannot be negative")
        files.set_budget(int(args.budget * 1024 ** 3))
        dropped = cache.evict()
        if dropped:
            print(f"removed {len(dropped)} file(s) from the cache to fit the budget")
    used, pinned = files.cache_usage()
    print(f"cache budget {human_size(files.budget())}; in use {human_size(used)}, kept offline {human_size(pinned)}")
    return 0
