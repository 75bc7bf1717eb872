"""beacon-relay for servers: a wheel without Qt that serves; the systemd unit and container recipe hold together."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import msgspec
import pytest
import websockets
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[2]
RELAY = ROOT / "packaging" / "relay"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, str(RELAY / "build_wheel.py"), "--out", str(out)], check=True,
                   capture_output=True, timeout=60)
    wheel = next(out.glob("beacon_relay-*.whl"))
    target = tmp_path_factory.mktemp("site")
    # pip checks the wheel's RECORD hashes and metadata; no index, no dependencies fetched.
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--target", str(target), str(wheel)], check=True, capture_output=True, timeout=120)
    return target


def test_wheel_has_the_relay_and_the_protocol_only(tmp_path):
    subprocess.run([sys.executable, str(RELAY / "build_wheel.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True, timeout=60)
    wheel = next(tmp_path.glob("beacon_relay-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        metadata = zf.read(next(n for n in names if n.endswith("/METADATA"))).decode()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"server_stub", "desktop"}
    assert {n for n in names if n.startswith("desktop/")} >= {"desktop/__init__.py", "desktop/protocol/codec.py"}
    assert not [n for n in names if n.startswith(("desktop/store", "desktop/ui", "desktop/net", "resources"))]
    requires = re.findall(r"^Requires-Dist: ([^;\n]+)$", metadata, re.M)
    assert sorted(requires) == ["msgspec==0.22.0", "websockets==17.4"]
    cluster = re.findall(r'^Requires-Dist: (.+); extra == "cluster"$', metadata, re.M)
    assert "Provides-Extra: cluster" in metadata
    assert sorted(cluster) == ["nats-py==2.16.0", "prometheus-client==0.26.0", "psycopg[binary]==3.3.9"]
    pins = (ROOT / "pyproject.toml").read_text("utf-8")
    assert all(f'"{r}"' in pins for r in requires + cluster), "keep the relay wheel's pins equal to pyproject.toml's"


def test_cluster_extra_is_valid_pep508(tmp_path):
    """The extra's lines parse as PEP 508 requirements whose markers select them for
    `beacon-relay[cluster]` only (what pip evaluates; the compose file and the template unit
    install the extra)."""
    from packaging.requirements import Requirement

    subprocess.run([sys.executable, str(RELAY / "build_wheel.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True, timeout=60)
    wheel = next(tmp_path.glob("beacon_relay-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        metadata = zf.read(next(n for n in zf.namelist() if n.endswith("/METADATA"))).decode()
    reqs = [Requirement(r) for r in re.findall(r"^Requires-Dist: (.+)$", metadata, re.M)]
    chosen = lambda extra: sorted(r.name for r in reqs if r.marker is None or r.marker.evaluate({"extra": extra}))  # noqa: E731
    assert chosen("") == ["msgspec", "websockets"]
    assert chosen("cluster") == ["msgspec", "nats-py", "prometheus-client", "psycopg", "websockets"]
    for where in ("compose.yaml", "beacon-relay@.service"):
        assert "beacon-relay[cluster]" in (RELAY / where).read_text("utf-8"), where


def _env(site: Path) -> dict[str, str]:
    """Only the wheel and its two dependencies: run with `python -S` so this checkout's
    editable install (a .pth finder) is not seen, and the dependencies' folder after the wheel."""
    deps = {str(Path(m.__file__).resolve().parents[1]) for m in (websockets, msgspec)}
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), *sorted(deps)]), PYTHONDONTWRITEBYTECODE="1")


def test_installed_relay_serves_a_client(installed, tmp_path):
    env, script = _env(installed), installed / "bin" / "beacon-relay"
    run = lambda *a: subprocess.run([sys.executable, "-S", str(script), *a], env=env, cwd=tmp_path,  # noqa: E731
                                    capture_output=True, text=True, timeout=60)
    probe = subprocess.run([sys.executable, "-S", "-c", "import desktop, importlib.util as u;"
                            "print(desktop.__file__); print(u.find_spec('desktop.store'))"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert probe.stdout.splitlines() == [str(installed / "desktop" / "__init__.py"), "None"], probe.stdout + probe.stderr
    assert run("--version").stdout.strip().startswith("beacon-relay ")
    added = run("admin", "--data", str(tmp_path / "data"), "add-user", "alice")
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]
    server = subprocess.Popen([sys.executable, "-S", str(script), "serve", "--data", str(tmp_path / "data"), "--port", "0"],
                              env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline().strip()
        assert line.startswith("listening ws://127.0.0.1:"), line + server.stderr.read()
        with connect(line.split(" ", 1)[1], open_timeout=10) as ws:
            ws.send(json.dumps({"type": "hello", "protocol": 1, "token": token, "client": "test"}))
            reply = json.loads(ws.recv(timeout=10))
        assert reply["type"] == "welcome" and reply["user"] == "alice"
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=30)
        server.stdout.close()
        server.stderr.close()
    assert server.returncode == 0, err


def test_systemd_unit(tmp_path):
    unit = (RELAY / "beacon-relay.service").read_text("utf-8")
    exec_start = re.search(r"^ExecStart=(\S+) (.*)$", unit, re.M)
    assert exec_start and exec_start.group(2).startswith("serve --data /var/lib/beacon-relay --host 127.0.0.1")
    assert "StateDirectory=beacon-relay" in unit and "User=beacon-relay" in unit
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed (Debian package systemd)")
    copy = tmp_path / "beacon-relay.service"
    copy.write_text(unit.replace(exec_start.group(1), "/bin/true"), "utf-8")
    result = subprocess.run([analyze, "verify", str(copy)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_containerfile_copies_what_exists_and_the_context_allows():
    recipe = (RELAY / "Containerfile").read_text("utf-8")
    ignore = (RELAY / "Containerfile.dockerignore").read_text("utf-8")
    sources = [m.group(1) for m in re.finditer(r"^COPY (?!--from)(\S+) ", recipe, re.M)]
    assert sources, "no COPY lines?"
    for source in sources:
        assert (ROOT / source).exists(), source
        assert f"!{source}" in ignore or f"!{source}/" in ignore, f"{source} is excluded from the build context"
    assert "USER relay" in recipe and 'VOLUME ["/data"]' in recipe and "EXPOSE 8765" in recipe
    assert re.search(r'^CMD \["serve", "--data", "/data", "--host", "0.0.0.0"', recipe, re.M)


def test_systemd_template_unit_for_a_cluster_node(tmp_path):
    unit = (RELAY / "beacon-relay@.service").read_text("utf-8")
    single = (RELAY / "beacon-relay.service").read_text("utf-8")
    exec_start = re.search(r"^ExecStart=(\S+) (.*)$", unit, re.M)
    assert exec_start and exec_start.group(2) == "serve --config /etc/beacon-relay/%i.toml --node %i"
    assert "User=beacon-relay" in unit and "ReadWritePaths=/srv/beacon-relay" in unit
    # The same hardening as the single relay's unit, line for line.
    hardening = single.split("# Hardening", 1)[1].split("[Install]")[0].splitlines()[1:]
    assert [line for line in hardening if line.strip()] and all(line in unit.splitlines() for line in hardening)
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed (Debian package systemd)")
    copy = tmp_path / "beacon-relay@.service"
    copy.write_text(unit.replace(exec_start.group(1), "/bin/true"), "utf-8")
    result = subprocess.run([analyze, "verify", str(copy)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def _yaml_python() -> str | None:
    """An interpreter with PyYAML (this venv has none; the system's python3 may)."""
    for python in (sys.executable, shutil.which("python3")):
        if python and subprocess.run([python, "-c", "import yaml"], capture_output=True).returncode == 0:
            return python
    return None


def test_compose_cluster_holds_together():
    python = _yaml_python()
    if python is None:
        pytest.skip("no Python with PyYAML to read compose.yaml")
    dumped = subprocess.run([python, "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
                             str(RELAY / "compose.yaml")], capture_output=True, text=True, check=True, timeout=60)
    services = json.loads(dumped.stdout)["services"]
    assert services["postgres"]["image"] == "postgres:15"
    assert "--jetstream" in services["nats"]["command"]
    relays = {n: s for n, s in services.items() if n.startswith("relay")}
    assert len(relays) == 2
    assert {s["environment"]["BEACON_RELAY_NODE"] for s in relays.values()} == set(relays)
    for relay in relays.values():
        assert relay["volumes"] == ["blobs:/data"]  # one shared blob folder, the image's --data
        assert relay["environment"]["BEACON_RELAY_DATABASE"].startswith("postgresql://")
        assert relay["environment"]["BEACON_RELAY_BUS"] == "nats://nats:4222"
        assert "/readyz" in " ".join(relay["healthcheck"]["test"])
        # The cluster libraries come from the installed wheel's extra (its pins are checked
        # against pyproject.toml in test_wheel_has_the_relay_and_the_protocol_only).
        assert 'RUN pip install "beacon-relay[cluster]"' in relay["build"]["dockerfile_inline"]
    caddyfile = (RELAY / "Caddyfile").read_text("utf-8")
    assert re.search(r"reverse_proxy relay1:8765 relay2:8765", caddyfile) and "health_uri /readyz" in caddyfile
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]
