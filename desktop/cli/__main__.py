"""`python -m desktop.cli`: the same as `beacon`."""

import sys

from desktop.cli import main

sys.exit(main())
