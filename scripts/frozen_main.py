"""Entry point of the packaged program: the same as `alis-desktop` / `python -m alis_desktop`."""

import os
import sys

from alis_desktop.cli import main

if __name__ == "__main__":
    # A windowed Windows build has no console: print() of the command-line tools would
    # fail on a missing stdout, so their text goes nowhere instead.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    sys.exit(main())
