"""Read a cache's `-wal` file the way SQLite's recovery will, before SQLite does.

SQLite replays a write-ahead log only up to the first frame whose salts or cumulative
checksum do not match, and silently drops that frame and everything after it: one
damaged byte can drop committed transactions. SQLCipher encrypts the page data in
each frame but writes SQLite's own WAL header and frame headers, with the checksums
computed over the encrypted bytes (tests/unit/store/test_wal.py checks this against
files SQLCipher wrote), so this needs no key.

Format (https://www.sqlite.org/fileformat2.html#walformat): a 32-byte header (magic,
version, page size, checkpoint seq, salt-1, salt-2, checksum-1, checksum-2), then frames
of a 24-byte header (page number, database size after commit or 0, salt-1, salt-2,
checksum-1, checksum-2) and one page. The checksum chain starts at the header's and
runs over each frame header's first 8 bytes and its page.
"""

from __future__ import annotations

import dataclasses
import struct
from pathlib import Path

_MAGIC = 0x377F0682  # | 1: checksums over big-endian words
_VERSION = 3007000
_HEADER = 32
_FRAME_HEADER = 24
_MASK = 0xFFFFFFFF


@dataclasses.dataclass(frozen=True)
class WalReport:
    """What SQLite will make of a -wal file.

    `valid` frames will be replayed (those after the last commit among them belong to
    a transaction that never committed: not damage). `dropped` frames carry this log's
    salts (or salts one byte off: a flipped salt) but will be ignored because of a bad
    checksum before or in them; `dropped_commits` of them end a transaction.

    Damage means a dropped commit: dropped frames without one are what a rolled-back
    transaction that spilled to the log leaves behind, never committed data. The one
    false alarm left: a process killed between writing a commit frame's header and its
    page (two write calls, microseconds apart) looks like a damaged commit.
    """

    frames: int = 0
    valid: int = 0
    dropped: int = 0
    dropped_commits: int = 0
    header_damaged: bool = False

    @property
    def damaged(self) -> bool:
        return self.header_damaged or self.dropped_commits > 0

    def describe(self) -> str:
        if self.header_damaged:
            return f"its header is damaged, so all {self.frames} logged page write(s) would be ignored"
        return (
            f"{self.dropped} of its {self.frames} logged page write(s)"
            f" ({self.dropped_commits} commit(s)) would be ignored"
        )


def inspect(path: Path) -> WalReport:
    """Inspect `path` (a -wal file); a missing or empty file is an intact, empty log."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return WalReport()
    return inspect_bytes(data)


def inspect_bytes(data: bytes) -> WalReport:
    if len(data) < _HEADER:
        return WalReport()  # SQLite ignores (and rewrites) a log shorter than its header
    magic, version, page_size, _ckpt, salt1, salt2, c1, c2 = struct.unpack(">8I", data[:_HEADER])
    size_ok = page_size >= 512 and page_size <= 65536 and page_size & (page_size - 1) == 0
    frame_size = _FRAME_HEADER + (page_size if size_ok else 0)
    frames = (len(data) - _HEADER) // frame_size if size_ok else 0
    big = bool(magic & 1)
    if (magic & ~1) != _MAGIC or version != _VERSION or not size_ok or _checksum(data[:24], 0, 0, big) != (c1, c2):
        # SQLite ignores the whole log. Any frame in it may hold committed data.
        return WalReport(frames=frames, header_damaged=frames > 0 or len(data) > _HEADER)
    sums = (c1, c2)
    valid = 0
    offset = _HEADER
    for index in range(frames):
        head = data[offset:offset + _FRAME_HEADER]
        pgno, _commit, fs1, fs2, fc1, fc2 = struct.unpack(">6I", head)
        if pgno == 0 or (fs1, fs2) != (salt1, salt2):
            break
        after = _checksum(head[:8], *sums, big)
        after = _checksum(data[offset + _FRAME_HEADER:offset + frame_size], *after, big)
        if after != (fc1, fc2):
            break
        sums = after
        valid = index + 1
        offset += frame_size
    dropped = commits = 0
    salts = data[16:24]
    for index in range(valid, frames):
        head = data[_HEADER + index * frame_size:_HEADER + index * frame_size + _FRAME_HEADER]
        if _near(head[8:16], salts):
            dropped += 1
            commits += struct.unpack(">I", head[4:8])[0] != 0
    if dropped and not commits and _header_byte_flipped(data[offset:offset + frame_size], sums, big):
        commits = 1  # its page-number or commit field was damaged: it may have been a commit
    return WalReport(frames=frames, valid=valid, dropped=dropped, dropped_commits=commits)


def _header_byte_flipped(frame: bytes, sums: tuple[int, int], big: bool) -> bool:
    """Would the checksum hold with one of the first 8 header bytes (page number,
    commit size) changed? Tells a damaged commit field (which may have zeroed it) from
    the never-committed frames a rolled-back transaction leaves. At most 2040 tries
    (about 0.1 s), and only for a log that has dropped frames and no dropped commit."""
    want = struct.unpack(">2I", frame[16:24])
    page = frame[_FRAME_HEADER:]
    head = bytearray(frame[:8])
    for pos in range(8):
        original = head[pos]
        for value in range(256):
            if value == original:
                continue
            head[pos] = value
            if _checksum(page, *_checksum(bytes(head), *sums, big), big) == want:
                return True
        head[pos] = original
    return False


def _near(a: bytes, b: bytes) -> bool:
    """Equal, or differing in one byte: frames of an older log (left beyond the end of a
    reused one) have wholly different salts; a flipped byte leaves the rest."""
    return sum(x != y for x, y in zip(a, b)) <= 1


def _checksum(data: bytes, s1: int, s2: int, big: bool) -> tuple[int, int]:
    words = struct.unpack((">" if big else "<") + f"{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s1 = (s1 + words[i] + s2) & _MASK
        s2 = (s2 + words[i + 1] + s1) & _MASK
    return s1, s2
