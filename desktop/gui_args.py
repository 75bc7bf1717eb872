"""The GUI's command line, Qt-free so that `beacon-gui --help` works without a display."""

from __future__ import annotations

import argparse
from pathlib import Path


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="beacon-gui",
        description="Beacon, the desktop app. Also accepts a beacon:// link to open.",
        epilog="--version prints the version; --verbose logs debug detail; --self-check tests the"
        " Qt side of the installation offscreen. The command line client is `beacon`.",
    )
    p.add_argument("--profile", help="profile directory")
    p.add_argument("--lang", help="interface language: en or zh_CN (default: the system's)")
    p.add_argument("--theme", choices=["light", "dark"], help="override the system colour scheme")
    p.add_argument("--demo", action="store_true", help="run an embedded relay with a demo workspace")
    p.add_argument("--demo-data", type=Path, help=argparse.SUPPRESS)
    return p


def parse(argv: list[str]) -> argparse.Namespace:
    return parser().parse_args(argv)


def wants_help(argv: list[str]) -> bool:
    return any(a in ("-h", "--help") for a in argv)
