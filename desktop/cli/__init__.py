"""`beacon`: the headless command line, on the same core and cache as the app.

One module per command group; each has `add_parsers(sub) -> {name: fn(store, args)}`
and uses the helpers in `desktop.cli.common`. A later group may extend an earlier
group's parser and replace its command (attention extends `send`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from desktop import __version__, logsetup, selfcheck
from desktop.cli.common import CliError
from desktop.domain.terminal import safe
from desktop.errors import KnownError
from desktop.profile import open_store, resolve_profile_dir

# Command groups, in the order their parsers are added.
GROUPS: tuple[str, ...] = (
    "desktop.cli.messages", "desktop.cli.tasks", "desktop.cli.attention", "desktop.cli.files", "desktop.cli.cache",
    "desktop.cli.account",
    "desktop.cli.knowledge",
    "desktop.cli.projects",
    "desktop.cli.channel",
    "desktop.cli.people",
)


def _parser(commands: dict) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="beacon", description="Beacon: offline-first team chat.")
    p.add_argument("--version", action="version", version=f"beacon {__version__}")
    p.add_argument("--profile", metavar="DIR", help="profile directory (default: the platform's user data dir)")
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens on the network")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    selfcheck.add_parser(sub)
    for name in GROUPS:
        commands.update(importlib.import_module(name).add_parsers(sub))
    return p


def main(argv: list[str] | None = None) -> int:
    commands: dict = {}
    parser = _parser(commands)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    logsetup.setup(verbose=args.verbose, stream=sys.stderr)
    if args.command == "self-check":
        return selfcheck.main(args)  # makes its own throwaway profile and relay
    try:
        store = open_store(resolve_profile_dir(args.profile))
        try:
            return commands[args.command](store, args)
        finally:
            store.close()
    except (CliError, KnownError) as exc:
        print(f"beacon: {safe(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `beacon audit | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's final flush must not fail again
        return 0
