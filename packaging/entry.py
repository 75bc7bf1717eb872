"""Entry point of the frozen app: one script, two executables.

`beacon-gui` (windowed on Windows and macOS) opens the app; `beacon` (a console
executable) is the command line, `beacon gui` and `beacon self-check` included.
Both run this script; the executable's name decides.
"""

import multiprocessing
import sys
from pathlib import Path


def main() -> int:
    multiprocessing.freeze_support()
    argv = sys.argv[1:]
    if Path(sys.executable).stem.lower() == "beacon-gui":
        from desktop.gui import main as gui_main

        return gui_main(argv)
    if argv[:1] == ["self-check"]:
        # The same function `beacon self-check` reaches through desktop/cli/__init__.py.
        import argparse

        from desktop import selfcheck

        parser = argparse.ArgumentParser(prog="beacon")
        selfcheck.add_parser(parser.add_subparsers(dest="command"))
        return selfcheck.main(parser.parse_args(argv))
    from desktop.__main__ import main as desktop_main

    return desktop_main(argv)


if __name__ == "__main__":
    sys.exit(main())
