"""GUI entry point (`beacon-gui`, `python -m desktop gui`)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    try:
        from desktop.ui.application import run
    except ImportError as exc:  # Qt's libraries missing on this system
        print(f"beacon: the graphical interface cannot start: {exc}", file=sys.stderr)
        return 1
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
