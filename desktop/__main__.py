"""`python -m desktop`: `demo` starts an embedded relay with a demo workspace;
anything else is the `beacon` command line."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import platformdirs


def demo(argv: list[str]) -> int:
    from desktop.embedded_relay import EmbeddedRelay, prepare_demo

    parser = argparse.ArgumentParser(prog="beacon demo", description="Beacon with an embedded relay and a demo workspace.")
    parser.add_argument("--data", type=Path, default=Path(platformdirs.user_data_dir("Beacon", appauthor=False)) / "demo")
    args = parser.parse_args(argv)
    tokens = prepare_demo(args.data / "relay")
    relay = EmbeddedRelay(args.data / "relay")
    url = relay.start()
    profile = args.data / "profile-me"
    print(f"demo relay on {url} (data in {args.data})")
    print("sign in from another terminal, e.g.:")
    print(f"  beacon --profile {profile} login --relay {url} --token {tokens['me']}")
    print(f"  beacon --profile {profile} channels")
    print("Ctrl+C stops the relay.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        relay.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["demo"]:
        return demo(argv[1:])
    from desktop.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
