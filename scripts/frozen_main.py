"""Entry point of the packaged program: the same as `alis-desktop` / `python -m alis_desktop`.

build.spec makes two programs from this file: `alis-desktop` (windowed on Windows) and
`alis-desktop-cli` (a console program, for check/export/status/report and their messages)."""

import os
import sys

from alis_desktop.cli import main

if __name__ == "__main__":
    # The windowed Windows program has no console: print() would fail on a missing stdout,
    # so its text goes nowhere. Its command-line twin, alis-desktop-cli.exe, prints it.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    # A Windows console may not use UTF-8: æøå in messages must not raise.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    sys.exit(main())
