"""DESIGN.md section 4: imports point one way; the domain core never loads Qt, SQL or PDF."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


def test_domain_core_loads_without_qt_sql_or_reportlab():
    code = (
        "import importlib, pkgutil, sys\n"
        "import alis_desktop\n"
        "for m in pkgutil.iter_modules(alis_desktop.__path__):\n"
        "    if m.name not in ('cli', '__main__'):\n"
        "        importlib.import_module('alis_desktop.' + m.name)\n"
        "bad = [n for n in ('PySide6', 'sqlite3', 'sqlite_utils', 'reportlab', 'matplotlib')"
        " if n in sys.modules]\n"
        "print(bad); sys.exit(1 if bad else 0)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
