"""`python -m desktop`: `gui` (or nothing) opens the app, `demo` opens it with an
embedded relay and a demo workspace; anything else is the `beacon` command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("gui", "demo"):
        from desktop.gui import main as gui_main

        rest = argv[1:] if argv else []
        return gui_main((["--demo"] if argv[:1] == ["demo"] else []) + rest)
    from desktop.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
