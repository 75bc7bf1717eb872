#!/usr/bin/env python3
"""Build the relay-only wheel `beacon-relay` (server_stub + the shared desktop.protocol).

    python packaging/relay/build_wheel.py --out dist/

A server needs neither Qt nor SQLCipher: this wheel depends on websockets and msgspec
only, plus PostgreSQL's, NATS's and Prometheus's client libraries with the `cluster`
extra (the full `beacon` wheel also has the relay, but pulls in ~230 MB of Qt). It stages
server_stub/, desktop/__init__.py and desktop/protocol/ into a standard wheel
(PEP 427) with nothing but the standard library, so it builds offline and the same
way everywhere. Install it on its own (a venv or the container): it shares the `desktop`
package name with the client, so do not install both into one environment.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("server_stub", "desktop/protocol")
REQUIRES = ("websockets==17.4", "msgspec==0.22.0")  # the same pins as pyproject.toml
# `pip install "beacon-relay[cluster]"`: what `serve --database postgresql://... --bus nats://...`
# and the metrics endpoint need (docs/SCALE.md); a single relay on SQLite needs none of it.
CLUSTER = ("psycopg[binary]==3.3.9", "nats-py==2.16.0", "prometheus-client==0.26.0")

METADATA = """\
Metadata-Version: 2.1
Name: beacon-relay
Version: {version}
Summary: The Beacon relay: durable event log, token authentication, fan-out over websockets
License: MIT
Requires-Python: >=3.11
{requires}
Description-Content-Type: text/markdown

# beacon-relay

The relay server of Beacon. `beacon-relay serve --data DIR` listens on
ws://127.0.0.1:8765; `beacon-relay admin --data DIR add-user NAME` prints a token.
See packaging/relay/ in the Beacon repository for a systemd unit and a container recipe.
"""

WHEEL = """\
Wheel-Version: 1.0
Generator: beacon build_wheel.py
Root-Is-Purelib: true
Tag: py3-none-any
"""

ENTRY_POINTS = """\
[console_scripts]
beacon-relay = server_stub.cli:main
"""


def version() -> str:
    text = (ROOT / "server_stub" / "__init__.py").read_text("utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not match:
        sys.exit("no __version__ in server_stub/__init__.py")
    return match.group(1)


def files() -> dict[str, bytes]:
    """Archive name -> content of every module the relay needs."""
    out = {"desktop/__init__.py": (ROOT / "desktop" / "__init__.py").read_bytes()}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            out[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    return out


def _hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def build(out_dir: Path) -> Path:
    """Write the wheel (PEP 427; reproducible: fixed timestamps, sorted entries)."""
    v = version()
    dist_info = f"beacon_relay-{v}.dist-info"
    content = files()
    content[f"{dist_info}/METADATA"] = METADATA.format(
        version=v, requires="\n".join(
            [f"Requires-Dist: {r}" for r in REQUIRES]
            + ["Provides-Extra: cluster"]
            + [f'Requires-Dist: {r}; extra == "cluster"' for r in CLUSTER]
        )
    ).encode()
    content[f"{dist_info}/WHEEL"] = WHEEL.encode()
    content[f"{dist_info}/entry_points.txt"] = ENTRY_POINTS.encode()
    record = "".join(f"{name},{_hash(data)},{len(data)}\n" for name, data in content.items())
    record += f"{dist_info}/RECORD,,\n"
    content[f"{dist_info}/RECORD"] = record.encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"beacon_relay-{v}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in content.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return wheel


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "dist")
    args = p.parse_args(argv)
    print(build(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
