"""``python -m qawl`` runs the command line."""

import sys

from qawl.cli import main

sys.exit(main())
