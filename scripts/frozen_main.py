"""Entry point of the packaged program: the same as `alis-desktop` / `python -m alis_desktop`."""

import sys

from alis_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
