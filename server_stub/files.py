"""Relay feature "files": the share_file command, the files table and the `/files`
endpoint that moves blob bytes (upload with resume and dedup, download), checking
the token and channel membership on every request."""

from __future__ import annotations

import asyncio
import errno
import logging
import shutil
import sqlite3
import time
from pathlib import Path

from websockets.exceptions import ConnectionClosed

from desktop.protocol import events as ev
from desktop.protocol import files as fp
from desktop.protocol import frames as fr
from desktop.protocol.errors import CloseCode, ErrorCode, ProtocolError
from server_stub import accounts, commands, db, features
from server_stub.blob_access import UPLOADERS_TABLE, has_access, record_uploader
from server_stub.batches import Batches
from server_stub.blobs import BlobStore, DigestMismatch, Upload
from server_stub.log import Appender

logger = logging.getLogger(__name__)

MIGRATIONS = (
    (
        "CREATE TABLE files (id INTEGER PRIMARY KEY, channel TEXT NOT NULL, sha256 TEXT NOT NULL,"
        " size INTEGER NOT NULL, name TEXT NOT NULL, mime TEXT NOT NULL, sender TEXT,"
        " ts INTEGER NOT NULL, msg INTEGER NOT NULL)",
        "CREATE INDEX files_sha ON files(sha256)",
    ),
    (UPLOADERS_TABLE,),
)


def blob_root(data_dir: Path) -> Path:
    return Path(data_dir) / "blobs"


def _data_dir(conn: sqlite3.Connection) -> Path:
    # The writer hands handlers only a connection; it knows the data dir (server_stub.db).
    return db.data_dir_of(conn)


def share_file(app: Appender, actor: str | None, cmd: fr.ShareFile) -> fr.Ack:
    conn = app.conn
    commands._require_member(conn, cmd.channel, actor)
    name = cmd.name.strip()
    if not name:
        raise commands.Rejected(ErrorCode.INVALID, "the file name is empty")
    held = BlobStore(blob_root(_data_dir(conn))).size(cmd.sha256)
    # Without access (uploaded it, or it is shared in a channel one is in now) a blob
    # is refused exactly as a missing one: its hash and size must not be a key to it.
    if held is None or held != cmd.size or (actor is not None and not has_access(conn, cmd.sha256, actor)):
        raise commands.Rejected(ErrorCode.NOT_FOUND, "the file's bytes are not on the relay yet; upload them first")
    post = app.append(
        ev.MessagePosted, scope_channel=cmd.channel, scope_user=None, actor=actor,
        channel=cmd.channel, cid=cmd.id, msg=None, text=cmd.caption or name,
    )
    conn.execute("INSERT INTO messages(id, channel, author, thread) VALUES (?,?,?,?)",
                 (post.seq, cmd.channel, actor, None))
    file_id = app.peek_seq()
    shared = app.append(
        ev.FileShared, scope_channel=cmd.channel, scope_user=None, actor=actor, channel=cmd.channel,
        cid=cmd.id, file=file_id, msg=post.seq, sha256=cmd.sha256, size=cmd.size, name=name,
        mime=cmd.mime, caption=cmd.caption,
    )
    conn.execute(
        "INSERT INTO files(id, channel, sha256, size, name, mime, sender, ts, msg) VALUES (?,?,?,?,?,?,?,?,?)",
        (file_id, cmd.channel, cmd.sha256, cmd.size, name, cmd.mime, actor, app.clock(), post.seq),
    )
    return fr.Ack(id=cmd.id, ts=app.clock(), seq=shared.seq, msg=post.seq, channel=cmd.channel)


# ---- the /files endpoint ------------------------------------------------------


# (data dir, key, user) of uploads in progress (key: sha256 or streaming upload id) -> announced size: one writer per partial.
_active: dict[tuple[str, str, str], int] = {}
# Unfinished uploads are kept this long for a resume, then swept (checked hourly).
PARTIAL_MAX_AGE_S = 7 * 24 * 3600
_swept: dict[str, float] = {}


async def _sweep(relay, blobs: BlobStore) -> None:
    now = time.time()
    key = str(relay.data_dir)
    if now - _swept.get(key, 0.0) < 3600:
        return
    _swept[key] = now
    busy = {blobs.partial_path(sha, user) for d, sha, user in _active if d == key}
    removed = await asyncio.to_thread(blobs.sweep_partials, PARTIAL_MAX_AGE_S, now, busy)
    if removed:
        logger.info("removed %d abandoned partial upload(s)", removed)


class _Refused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _authorize_put(conn, token: str, channel: str, sha256: str | None):
    """(refusal or None, whether the user already has access to the blob)."""
    auth = accounts.authenticate(conn, token)
    if auth is None:
        return "unauthorized", False
    if not commands.is_member(conn, channel, auth[0]):
        return "not_member", False
    return None, sha256 is not None and has_access(conn, sha256, auth[0])


def _authorize_get(conn, token: str, file_id: int):
    auth = accounts.authenticate(conn, token)
    if auth is None:
        return "unauthorized", None
    row = conn.execute("SELECT channel, sha256, size FROM files WHERE id = ?", (file_id,)).fetchone()
    if row is None:
        return "not_found", None
    if not commands.is_member(conn, row[0], auth[0]):
        return "not_member", None
    return None, (row[1], row[2])


_MESSAGES = {
    "unauthorized": "token unknown or revoked",
    "not_member": "you are not a member of this channel",
    "not_found": "no such file",
}


async def serve(relay, ws) -> None:
    """One connection to `/files` (called by the relay's connection handler)."""
    blobs = BlobStore(blob_root(relay.data_dir))
    limit = relay.config.max_file_bytes
    await _sweep(relay, blobs)
    try:
        try:
            raw = await asyncio.wait_for(ws.recv(), relay.config.hello_timeout_s)
        except TimeoutError:
            await ws.close(CloseCode.HELLO_TIMEOUT, "no auth received in time")
            return
        msg = fp.decode_client(raw)
        if not isinstance(msg, fp.Auth):
            raise ProtocolError(ErrorCode.BAD_FRAME, "the first frame must be auth")
        auth = await relay._reader.run(accounts.authenticate, msg.token)
        if auth is None:
            await ws.send(fp.encode(fp.FileError(code="unauthorized", message=_MESSAGES["unauthorized"])))
            await ws.close(CloseCode.UNAUTHORIZED, "token unknown or revoked")
            return
        user, token = auth[0], msg.token
        await ws.send(fp.encode(fp.Ready(user=user, max_file_bytes=limit, chunk_bytes=fp.CHUNK_BYTES, stream=True)))
        while True:
            raw = await ws.recv()
            if isinstance(raw, bytes):
                raise ProtocolError(ErrorCode.BAD_FRAME, "file bytes outside an upload")
            msg = fp.decode_client(raw)
            try:
                if isinstance(msg, fp.Put):
                    await _put(relay, ws, blobs, user, token, msg, limit)
                elif isinstance(msg, fp.Get):
                    await _get(relay, ws, blobs, token, msg)
                elif isinstance(msg, fp.PutEnd):
                    raise ProtocolError(ErrorCode.BAD_FRAME, "put_end outside a streaming upload")
                else:
                    raise ProtocolError(ErrorCode.BAD_FRAME, "already authenticated")
            except _Refused as refused:
                await ws.send(fp.encode(fp.FileError(code=refused.code, message=refused.message)))
    except ConnectionClosed:
        pass
    except ProtocolError as err:
        try:
            await ws.send(fp.encode(fp.FileError(code=str(err.code), message=err.message)))
            await ws.close(CloseCode.PROTOCOL_VIOLATION, err.message[:120])
        except ConnectionClosed:
            pass


_FULL = (errno.ENOSPC, errno.EDQUOT)


def _storage_refusal(exc: OSError) -> _Refused:
    """A blob write failed (disk full, I/O error): a file-endpoint error, never a crash."""
    logger.error("an upload failed on the relay's disk, partial removed: %s", exc)
    if exc.errno in _FULL:
        return _Refused("storage_full", "the relay's disk is full; the upload was discarded, try again later")
    return _Refused("internal", f"the relay could not write the file ({exc.strerror or exc}); try again later")


def _room(relay, blobs: BlobStore, user: str, put: fp.Put) -> _Refused | None:
    """Refuse a `put` before any byte if it would exceed the user's quota for unfinished
    uploads or leave the disk without the reserve the database needs. Blocking."""
    data = str(relay.data_dir)
    this = put.sha256 or put.upload
    held = blobs.partials_of(user)
    mine = held.pop(this, 0)  # bytes of this upload already on disk
    # An upload in progress will grow to its announced size: count that, not its bytes
    # so far (also when its partial file does not exist yet).
    for (d, key, who), size in list(_active.items()):
        if d == data and who == user and key != this:
            held[key] = size
    others = sum(held.values())
    quota = relay.config.partial_quota
    if others + put.size > quota:
        return _Refused(
            "quota",
            f"your unfinished uploads hold {others} bytes; this relay keeps at most {quota} per user:"
            " finish (resume) them first, or wait until they expire",
        )
    free = shutil.disk_usage(blobs.root if blobs.root.exists() else relay.data_dir).free
    if free < put.size - mine + relay.config.disk_reserve_bytes:
        return _Refused("storage_full", f"the relay's disk has no room for {put.size} bytes; try again later")
    return None


async def _put(relay, ws, blobs: BlobStore, user: str, token: str, put: fp.Put, limit: int) -> None:
    if (put.sha256 is None) == (put.upload is None):
        raise ProtocolError(ErrorCode.BAD_FRAME, "put needs exactly one of sha256 and upload")
    if put.size > limit:
        raise _Refused("too_large", f"the file is {put.size} bytes; this relay accepts at most {limit}")
    refused, access = await relay._reader.run(_authorize_put, token, put.channel, put.sha256)
    if refused:
        raise _Refused(refused, _MESSAGES[refused])
    held = await asyncio.to_thread(blobs.size, put.sha256) if access else None
    if held is not None:
        if held != put.size:
            raise _Refused("invalid", "that sha256 belongs to a file of another size")
        await ws.send(fp.encode(fp.PutOk(offset=put.size, have=True)))
        return
    # Not held, or held but this user has no access to it: the bytes must come (and
    # hash-match) before the user is recorded as its uploader. `have` would reveal it.
    # A streaming put (no sha256) always sends its bytes: the hash is not known yet.
    key = (str(relay.data_dir), put.sha256 or put.upload, user)
    if key in _active:
        raise _Refused("busy", "this file is being uploaded on another connection")
    _active[key] = put.size  # before the check: two connections cannot both pass it
    try:
        refused = await asyncio.to_thread(_room, relay, blobs, user, put)
    except BaseException:
        _active.pop(key, None)
        raise
    if refused:
        _active.pop(key, None)
        raise refused
    upload: Upload | None = None
    failed: OSError | None = None
    batches: Batches | None = None
    try:
        try:
            upload = await asyncio.to_thread(blobs.begin, put.sha256, user, put.size, upload_id=put.upload)
        except OSError as exc:
            failed = exc
            raise _storage_refusal(exc) from None
        batches = Batches(upload.append_many)  # hash + write overlap with receiving
        await ws.send(fp.encode(fp.PutOk(offset=upload.offset)))
        received = upload.offset
        while received < put.size:
            chunk = await ws.recv()
            if isinstance(chunk, str):
                if failed is not None:  # nothing was kept: say why, not "resume"
                    raise _storage_refusal(failed)
                raise _Refused("interrupted", "upload stopped before the last byte; resume with put")
            if len(chunk) > put.size - received:
                raise ProtocolError(ErrorCode.BAD_FRAME, "more bytes than the announced size")
            received += len(chunk)
            if failed is None:  # after a failed write the rest is read and dropped: the
                try:            # connection stays in step and usable for the next put
                    await batches.add(chunk)
                except OSError as exc:
                    failed = exc
                    batches.drop()
        expected = put.sha256
        if expected is None:  # streaming: the client's hash follows the last byte
            end = await ws.recv()
            if isinstance(end, bytes):
                raise ProtocolError(ErrorCode.BAD_FRAME, "more bytes than the announced size")
            end = fp.decode_client(end)
            if not isinstance(end, fp.PutEnd):
                raise ProtocolError(ErrorCode.BAD_FRAME, "a streaming upload ends with put_end")
            expected = end.sha256
        if failed is None:
            try:
                await batches.drain()
                # The relay's own hash of what it received must equal the named one.
                await asyncio.to_thread(upload.verify, expected)
            except OSError as exc:
                failed = exc
            except DigestMismatch as exc:
                raise _Refused("corrupt", str(exc)) from None
        if failed is not None:
            raise _storage_refusal(failed)
        # Recorded before the blob is published: if this fails the verified partial
        # stays, and the next put resumes at its end (nothing to resend).
        outcome = await relay._writer.submit_write(record_uploader, expected, user)
        if isinstance(outcome, commands.Rejected):
            raise _Refused("internal", "the relay could not record this upload; try again later")
        try:
            await asyncio.to_thread(upload.publish)
        except OSError as exc:
            failed = exc
            raise _storage_refusal(exc) from None
        logger.info("blob %s stored (%d bytes) by %s", expected[:12], put.size, user)
        await ws.send(fp.encode(fp.Stored(sha256=expected)))
    finally:
        # Let queued writes land (they are a prefix of the blob) before closing the file.
        if batches is not None:
            try:
                await batches.drain()
            except OSError as exc:
                failed = failed or exc
            except Exception:
                logger.exception("writing an upload chunk failed")
            await asyncio.to_thread(batches.close)
        if upload is not None:
            try:
                await asyncio.to_thread(upload.discard if failed else upload.close)
            except OSError as exc:
                logger.error("keeping an interrupted upload failed, partial removed: %s", exc)
                await asyncio.to_thread(upload.discard)
        _active.pop(key, None)


async def _get(relay, ws, blobs: BlobStore, token: str, get: fp.Get) -> None:
    refused, found = await relay._reader.run(_authorize_get, token, get.file)
    if refused:
        raise _Refused(refused, _MESSAGES[refused])
    sha256, size = found
    if get.offset > size:
        raise _Refused("invalid", "offset beyond the end of the file")
    try:
        f = await asyncio.to_thread(blobs.open, sha256)
    except FileNotFoundError:
        raise _Refused("not_found", "the file's bytes are missing on the relay") from None
    try:
        await ws.send(fp.encode(fp.GetOk(size=size, sha256=sha256, offset=get.offset)))
        f.seek(get.offset)
        while block := f.read(fp.CHUNK_BYTES):
            await ws.send(block)  # waits while the client's buffer is full: memory stays flat
    finally:
        f.close()
    await ws.send(fp.encode(fp.Done()))


FEATURE = features.register(
    features.RelayFeature(
        name="files",
        migrations=MIGRATIONS,
        commands={fr.ShareFile: share_file},
        endpoints={fp.FILES_PATH: serve},
    )
)
