"""Files and directories only the relay's own user can read: directories 0700 and
files 0600 whatever the process umask (the relay holds users' messages and files)."""

from __future__ import annotations

import os
from pathlib import Path


def private_dir(path: Path) -> None:
    """mkdir -p where every directory created is 0700 whatever the umask."""
    if path.is_dir():
        return
    private_dir(path.parent)
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        return  # another thread made it
    os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask


def private_file(path: Path, flags: int) -> int:
    """Open (creating it 0600 whatever the umask) without following a link; an fd."""
    fd = os.open(path, flags | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)
    except BaseException:
        os.close(fd)
        raise
    return fd
