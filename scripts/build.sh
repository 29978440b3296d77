#!/usr/bin/env bash
# Builds the packaged program (PyInstaller, one folder: dist/alis-desktop/) and checks it:
#  1. the virtual environment (.venv) as scripts/setup.sh makes it, plus PyInstaller if
#     missing (the project's `build` extra);
#  2. pyinstaller build.spec;
#  3. the built program, run without this checkout's Python: --version, then a demo
#     municipality rendered to a PNG (--demo --screenshot) on every view, and a PDF
#     written through the report command; the console program (alis-desktop-cli) prints
#     --version and a file check.
# Linux here; the same steps on Windows are in README.md ("Building the packaged program").
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  bash scripts/setup.sh
fi
PY="$VENV/bin/python"
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "build: installing PyInstaller into $VENV"
  "$PY" -m pip install -q "pyinstaller>=6.0"
fi

"$PY" -m PyInstaller --noconfirm --clean build.spec

APP=dist/alis-desktop/alis-desktop
CLI=dist/alis-desktop/alis-desktop-cli  # the console twin (on Windows the only one that prints)
test -x "$CLI" || { echo "build: $CLI is missing" >&2; exit 1; }
# reportlab's C speedups are found by name at run time; make sure they were bundled.
find dist/alis-desktop -name "_rl_accel*" | grep -q . || {
  echo "build: _rl_accel (rl-accel) is missing from dist/alis-desktop" >&2; exit 1; }
CHECK=$(mktemp -d)
trap 'rm -rf "$CHECK"' EXIT
export QT_QPA_PLATFORM=offscreen
# The built program must not lean on this checkout: run it from elsewhere, with no
# Python path pointing here.
APP_ABS="$PWD/$APP"
CLI_ABS="$PWD/$CLI"
(
  cd "$CHECK"
  unset PYTHONPATH PYTHONHOME VIRTUAL_ENV
  "$APP_ABS" --version
  for view in overview doctors arenas supervision meetings reports institution; do
    "$APP_ABS" --demo --screenshot "$CHECK/$view.png" --view "$view"
    test -s "$CHECK/$view.png"
  done
  "$APP_ABS" demo "$CHECK/demo.alis" >/dev/null
  "$APP_ABS" report cohort "$CHECK/demo.alis" --out "$CHECK/cohort.pdf" >/dev/null
  head -c 5 "$CHECK/cohort.pdf" | grep -q "%PDF-"
  # The console program prints what the command-line tools say.
  "$CLI_ABS" --version | grep -q "ALIS Desktop"
  "$CLI_ABS" check "$CHECK/demo.alis" | grep -q "Integritet: ok"
  "$CLI_ABS" calendar "$CHECK/demo.alis" --out "$CHECK/moter.ics" >/dev/null
  grep -q "TZID:Europe/Oslo" "$CHECK/moter.ics"
)
cp "$CHECK/overview.png" dist/alis-desktop-check.png
echo "build: dist/alis-desktop/ built and checked (screenshot: dist/alis-desktop-check.png)"
