"""`beacon download --to DIR` never writes through a planted symlink and never replaces a
file unless --overwrite (real processes, a real relay)."""

from __future__ import annotations

from tests.client_kit import open_profile
from tests.integration.test_files_cli import beacon
from tests.integration.test_files_transfer import make_file, share


async def test_download_does_not_follow_planted_links(tmp_path, workspace, relay):
    src = make_file(tmp_path / "report.pdf", 200_000)
    alice = open_profile(tmp_path / "alice")
    try:
        file_id = await share(alice, relay, workspace.tokens["alice"], workspace.channels["general"], src)
    finally:
        alice.close()
    b = ["--profile", str(tmp_path / "bob")]
    code, _, err = await beacon(tmp_path, *b, "login", "--relay", relay.url, "--token", workspace.tokens["bob"])
    assert code == 0, err

    victim = tmp_path / "home" / ".bashrc"
    victim.parent.mkdir()
    victim.write_bytes(b"# my shell settings\n")
    dest = tmp_path / "Downloads"
    dest.mkdir()

    # 1. A link at the temporary name the download used to write through.
    (dest / ".report.pdf.beacon-part").symlink_to(victim)
    code, out, err = await beacon(tmp_path, *b, "download", str(file_id), "--to", str(dest))
    assert code == 0, err
    assert (dest / "report.pdf").read_bytes() == src.read_bytes() and not (dest / "report.pdf").is_symlink()
    assert victim.read_bytes() == b"# my shell settings\n"
    (dest / "report.pdf").unlink()

    # 2. A link at the target name (to a file, and dangling): refused with one line, nothing written.
    for pointee in (victim, tmp_path / "home" / ".profile"):
        (dest / "report.pdf").symlink_to(pointee)
        code, out, err = await beacon(tmp_path, *b, "download", str(file_id), "--to", str(dest))
        assert code == 1 and "already has a file named 'report.pdf'" in err and "--overwrite" in err, (out, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert (dest / "report.pdf").is_symlink() and victim.read_bytes() == b"# my shell settings\n"
        assert not (tmp_path / "home" / ".profile").exists()
        (dest / "report.pdf").unlink()

    # 3. --overwrite replaces the link itself, never what it points at.
    (dest / "report.pdf").symlink_to(victim)
    code, out, err = await beacon(tmp_path, *b, "download", str(file_id), "--to", str(dest), "--overwrite")
    assert code == 0, err
    assert not (dest / "report.pdf").is_symlink() and (dest / "report.pdf").read_bytes() == src.read_bytes()
    assert victim.read_bytes() == b"# my shell settings\n"
    assert sorted(p.name for p in dest.iterdir()) == [".report.pdf.beacon-part", "report.pdf"]
