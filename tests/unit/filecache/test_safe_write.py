"""Writing into a user's folder never follows a planted link and never replaces what is there
(desktop.filecache.safe_write), through the real encrypted cache (save_as, open_temp)."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from desktop.filecache import safe_write
from desktop.filecache.crypto import CacheTampered
from desktop.filecache.safe_write import write_new
from tests.unit.filecache.test_filecache_budget import fill

DATA = b"the shared report " * 500


@pytest.fixture
def cached(tmp_path):
    store, files, cache = fill(tmp_path / "profile", [("C1", DATA, "report.pdf")])
    yield files.file(10), cache
    store.close()


@pytest.fixture
def victim(tmp_path):
    """A file outside the chosen folder that a planted link points at."""
    path = tmp_path / "elsewhere" / "precious.txt"
    path.parent.mkdir()
    path.write_bytes(b"do not touch")
    return path


def test_a_link_planted_at_the_old_temporary_name_is_not_followed(tmp_path, cached, victim):
    row, cache = cached
    out = tmp_path / "out"
    out.mkdir()
    # Before the fix save_as wrote through ".<name>.beacon-part" with O_CREAT|O_TRUNC.
    (out / ".report.pdf.beacon-part").symlink_to(victim)
    saved = cache.save_as(row, out)
    assert saved == out / "report.pdf" and saved.read_bytes() == DATA
    assert victim.read_bytes() == b"do not touch"
    assert not saved.is_symlink() and stat.S_IMODE(saved.stat().st_mode) == 0o600
    # Nothing else is left behind in the folder (the private staging folder is gone).
    assert sorted(p.name for p in out.iterdir()) == [".report.pdf.beacon-part", "report.pdf"]


@pytest.mark.parametrize("dangling", [False, True], ids=["link-to-a-file", "dangling-link"])
def test_a_link_at_the_target_name_is_never_written_through_nor_replaced_unasked(tmp_path, cached, victim, dangling):
    row, cache = cached
    out = tmp_path / "out"
    out.mkdir()
    pointee = tmp_path / "elsewhere" / "not-yet" if dangling else victim
    (out / "report.pdf").symlink_to(pointee)
    with pytest.raises(FileExistsError):
        cache.save_as(row, out)
    assert (out / "report.pdf").is_symlink() and victim.read_bytes() == b"do not touch"
    assert not (tmp_path / "elsewhere" / "not-yet").exists()
    assert [p.name for p in out.iterdir()] == ["report.pdf"]
    # The user said "replace": the link itself is replaced; what it pointed at is untouched.
    saved = cache.save_as(row, out, overwrite=True)
    assert not saved.is_symlink() and saved.read_bytes() == DATA
    assert victim.read_bytes() == b"do not touch" and not (tmp_path / "elsewhere" / "not-yet").exists()


def test_an_existing_file_is_never_replaced_without_overwrite(tmp_path, cached):
    row, cache = cached
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.pdf").write_bytes(b"mine")
    with pytest.raises(FileExistsError):
        cache.save_as(row, out)
    assert (out / "report.pdf").read_bytes() == b"mine"


def test_bytes_that_fail_verification_publish_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()

    def failing():  # what FileCache._verified does when the sha256 does not match
        yield b"evil bytes"
        raise CacheTampered("cached bytes do not match the file's sha256")

    with pytest.raises(CacheTampered):
        write_new(out, "report.pdf", failing())
    assert list(out.iterdir()) == []


def test_number_mode_skips_names_taken_by_links(tmp_path, victim):
    out = tmp_path / "pasted"
    out.mkdir()
    (out / "Pasted image.png").symlink_to(victim)
    (out / "Pasted image (2).png").write_bytes(b"earlier paste")
    path = write_new(out, "Pasted image.png", [b"\x89PNG new"], exists="number")
    assert path == out / "Pasted image (3).png" and path.read_bytes() == b"\x89PNG new"
    assert victim.read_bytes() == b"do not touch" and (out / "Pasted image (2).png").read_bytes() == b"earlier paste"


def test_without_hard_links_it_still_refuses_links_and_existing_names(tmp_path, victim, monkeypatch):
    # A file system without hard links (FAT, some network shares) cannot be mounted in
    # this sandbox; os.link answering EPERM is what such a file system does.
    def no_links(src, dst, **_kw):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(safe_write.os, "link", no_links)
    out = tmp_path / "usb"
    out.mkdir()
    (out / "a.txt").symlink_to(victim)
    with pytest.raises(FileExistsError):
        write_new(out, "a.txt", [b"new"])
    assert victim.read_bytes() == b"do not touch"
    path = write_new(out, "b.txt", [b"new"])
    assert path.read_bytes() == b"new" and not path.is_symlink()
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt"]


def test_open_temp_is_a_new_private_file(cached):
    row, cache = cached
    opened = cache.open_temp(row)
    try:
        assert opened.read_bytes() == DATA and not opened.is_symlink()
        assert stat.S_IMODE(opened.parent.stat().st_mode) == 0o700
        assert [p.name for p in opened.parent.iterdir()] == ["report.pdf"]
    finally:
        os.unlink(opened)
        opened.parent.rmdir()


@pytest.mark.parametrize("swap", ["symlink", "other-folder"])
def test_the_private_folder_swapped_after_it_was_made_is_detected(tmp_path, monkeypatch, swap):
    """Someone who can write into the target folder renames our private folder away right
    after mkdir and puts a link (or a folder of theirs) at its name."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "shared"
    out.mkdir()
    real_mkdir = os.mkdir

    def mkdir_then_swap(path, mode=0o777, *, dir_fd=None):
        real_mkdir(path, mode, dir_fd=dir_fd)
        if not os.path.basename(path).startswith(safe_write.STAGING_PREFIX):
            return
        os.rename(path, str(path) + ".moved", src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        if swap == "symlink":
            os.symlink(elsewhere, path, dir_fd=dir_fd)
        else:
            real_mkdir(path, 0o777, dir_fd=dir_fd)
            os.chmod(path, 0o777, dir_fd=dir_fd)

    monkeypatch.setattr(safe_write.os, "mkdir", mkdir_then_swap)
    with pytest.raises(OSError):
        write_new(out, "report.pdf", [b"secret"])
    assert list(elsewhere.iterdir()) == []
    assert not os.path.lexists(out / "report.pdf")
