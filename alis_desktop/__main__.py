"""`python -m alis_desktop ...`: the command line (see cli.py)."""

import sys

from alis_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
