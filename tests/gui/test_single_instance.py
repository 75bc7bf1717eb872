"""One Beacon per profile: in one process, across processes, after a crash."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QLockFile
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop.ui import single_instance
from desktop.ui.single_instance import SingleInstance, server_name

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.qt_log_level_fail("WARNING")

# A second process: claims the profile and reports, or (as "primary") claims, says
# "ready" and waits to be pinged.
CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication, QTimer
    from desktop.ui.single_instance import SingleInstance

    app = QCoreApplication([])
    instance = SingleInstance(sys.argv[1])
    claimed = instance.claim()
    print("claimed" if claimed else "secondary", flush=True)
    if sys.argv[2] == "primary" and claimed:
        instance.activated.connect(lambda: (print("activated", flush=True), app.quit()))
        QTimer.singleShot(60_000, app.quit)
        app.exec()
    """
)


@pytest.fixture(params=["tempdir", "xdg-runtime"])
def runtime(request, monkeypatch):
    """Sockets in Qt's temp directory (no XDG_RUNTIME_DIR) or in a private runtime dir."""
    if request.param == "tempdir":
        monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
        yield None
    else:
        path = tempfile.mkdtemp(prefix="xdg", dir="/tmp")
        os.chmod(path, 0o700)
        monkeypatch.setenv("XDG_RUNTIME_DIR", path)
        yield path
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def instances(qapp):
    made: list[SingleInstance] = []

    def make(profile) -> SingleInstance:
        made.append(SingleInstance(profile))
        return made[-1]

    yield make
    for instance in made:
        instance.release()


def child(profile: Path, role: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(profile), role], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def socket_file(name: str) -> Path:
    return Path(name) if os.path.isabs(name) else Path(QDir.tempPath()) / name


# --- names ------------------------------------------------------------------------------------


def test_name_depends_on_the_resolved_profile_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    assert server_name(tmp_path / "a") == server_name("a") == server_name(f"{tmp_path}/a/") == server_name(tmp_path / "a" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a").rsplit("/", 1)[-1].startswith("beacon-")


def test_name_uses_a_private_runtime_dir_when_short_enough(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    name = server_name(tmp_path / "p")
    if len(str(tmp_path)) < 60:
        assert name.startswith(str(tmp_path)) and name.endswith(".sock")
    long = tmp_path / ("x" * 90)
    long.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(long))
    assert not os.path.isabs(server_name(tmp_path / "p"))  # would not fit in sockaddr_un


# --- one process ------------------------------------------------------------------------------------


def test_second_claim_in_the_same_process_pings_the_first(runtime, instances, tmp_path, qtbot):
    first = instances(tmp_path / "profile")
    assert first.claim() is True
    assert first.is_primary
    second = instances(tmp_path / "profile")
    with qtbot.waitSignal(first.activated, timeout=3000):
        assert second.claim() is False
    assert not second.is_primary


def test_every_later_launch_pings_again(runtime, instances, tmp_path, qtbot):
    first = instances(tmp_path / "profile")
    assert first.claim()
    for _ in range(3):
        with qtbot.waitSignal(first.activated, timeout=3000):
            assert instances(tmp_path / "profile").claim() is False


def test_other_profiles_are_independent(runtime, instances, tmp_path):
    assert instances(tmp_path / "one").claim()
    assert instances(tmp_path / "two").claim()


def test_claiming_twice_is_harmless(runtime, instances, tmp_path):
    first = instances(tmp_path / "profile")
    assert first.claim() and first.claim()


def test_after_release_the_profile_is_free(runtime, instances, tmp_path):
    first = instances(tmp_path / "profile")
    assert first.claim()
    first.release()
    assert not first.is_primary
    assert instances(tmp_path / "profile").claim()


def test_foreign_data_does_not_activate(runtime, instances, tmp_path, qtbot):
    first = instances(tmp_path / "profile")
    assert first.claim()
    seen = []
    first.activated.connect(lambda: seen.append(1))
    for junk in (b"x" * 200, b"hello\n", b""):
        socket = QLocalSocket()
        socket.connectToServer(first.name)
        assert socket.waitForConnected(1000)
        socket.write(junk)
        socket.flush()
        socket.disconnectFromServer()
    # A real ping afterwards still works and is the only activation.
    with qtbot.waitSignal(first.activated, timeout=3000):
        assert instances(tmp_path / "profile").claim() is False
    assert seen == [1]


def test_a_claim_in_progress_elsewhere_wins(runtime, instances, tmp_path, monkeypatch):
    profile = tmp_path / "profile"
    profile.mkdir()
    other = QLockFile(str(profile / single_instance.LOCK_NAME))  # another launch mid-claim
    assert other.tryLock(0)
    monkeypatch.setattr(single_instance, "LOCK_TIMEOUT_MS", 50)
    try:
        assert instances(profile).claim() is False
    finally:
        other.unlock()
    assert instances(profile).claim() is True


# --- several processes ----------------------------------------------------------------------


def test_second_process_pings_us_and_exits(runtime, instances, tmp_path, qtbot):
    first = instances(tmp_path / "profile")
    assert first.claim()
    with qtbot.waitSignal(first.activated, timeout=20000):
        proc = child(tmp_path / "profile", "secondary")
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert out.split() == ["secondary"]


def test_we_ping_a_running_process(runtime, instances, tmp_path):
    proc = child(tmp_path / "profile", "primary")
    try:
        assert proc.stdout.readline().strip() == "claimed"
        assert instances(tmp_path / "profile").claim() is False
        out, err = proc.communicate(timeout=20)
        assert out.split() == ["activated"], err
    finally:
        proc.kill()
        proc.communicate()


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes vanish with their process")
@pytest.mark.parametrize(
    "options",
    [
        QLocalServer.SocketOption.UserAccessOption,  # Qt binds privately and renames over the leftover
        QLocalServer.SocketOption.NoOptions,  # listen() fails: removeServer, then listen again
    ],
)
def test_stale_socket_of_a_crashed_instance_is_replaced(runtime, instances, tmp_path, qtbot, monkeypatch, options):
    monkeypatch.setattr(SingleInstance, "socket_options", options)
    proc = child(tmp_path / "profile", "primary")
    try:
        assert proc.stdout.readline().strip() == "claimed"
    finally:
        proc.send_signal(signal.SIGKILL)  # a crash: no cleanup
        proc.communicate()
    leftover = socket_file(server_name(tmp_path / "profile"))
    assert leftover.exists(), "the crashed instance should have left its socket behind"
    first = instances(tmp_path / "profile")
    assert first.claim() is True
    with qtbot.waitSignal(first.activated, timeout=3000):
        assert instances(tmp_path / "profile").claim() is False
