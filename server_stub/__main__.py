"""`python -m server_stub` is `beacon-relay`."""

import sys

from server_stub.cli import main

sys.exit(main())
