"""The CI workflow (.github/workflows/build.yml) checked here, offline: GitHub's workflow
schema (shipped inside check-jsonschema), zizmor's security audits, and that it describes
the three builds the leaders need. Whether the builds pass is only proved on GitHub."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"
INSTALLER = ROOT / "packaging" / "windows" / "alis-desktop.iss"


def _tool(name: str) -> str:
    """A console script of the test extra, beside this Python or on PATH."""
    beside = Path(sys.executable).parent / (name + (".exe" if sys.platform == "win32" else ""))
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]' installs it")
    return found


def _workflow() -> dict:
    from ruamel.yaml import YAML  # comes with check-jsonschema
    return YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_workflow_matches_githubs_schema():
    proc = subprocess.run([_tool("check-jsonschema"), "--builtin-schema",
                           "vendor.github-workflows", str(WORKFLOW)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_finds_nothing():
    proc = subprocess.run([_tool("zizmor"), "--offline", "--no-progress", str(WORKFLOW)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_action_is_pinned_by_full_commit():
    uses = re.findall(r"uses:\s*(\S+)", WORKFLOW.read_text(encoding="utf-8"))
    assert uses
    for ref in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref


def test_tests_run_and_builds_are_made_on_all_three_systems():
    jobs = _workflow()["jobs"]
    assert {os_.split("-")[0] for os_ in jobs["test"]["strategy"]["matrix"]["os"]} == \
        {"ubuntu", "windows", "macos"}
    names = {row["name"] for row in jobs["build"]["strategy"]["matrix"]["include"]}
    assert {"windows-x64", "macos-arm64", "macos-x86_64"} <= names
    steps = jobs["build"]["steps"]
    text = "\n".join(str(s.get("run", "")) for s in steps)
    assert "PyInstaller --noconfirm --clean build.spec" in text
    assert text.count("--screenshot") >= 2  # the smoke test, on every system
    assert "packaging/windows/alis-desktop.iss" in text and "Compress-Archive" in text
    assert "ditto -c -k" in text  # the .app in a zip
    assert any("upload-artifact" in s.get("uses", "") for s in steps)


def test_the_mac_signs_only_with_a_configured_certificate():
    (step,) = [s for s in _workflow()["jobs"]["build"]["steps"]
               if str(s.get("name", "")).startswith("Sign")]
    assert "secrets.MACOS_CERTIFICATE" in step["env"]["MACOS_CERTIFICATE"]
    assert 'if [ -z "$MACOS_CERTIFICATE" ]' in step["run"]


def test_the_windows_installer_needs_no_administrator():
    text = INSTALLER.read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in text
    assert r"DefaultDirName={autopf}" in text  # %LOCALAPPDATA%\Programs without admin
    assert r'Subkey: "Software\Classes\.alis"' in text and "Root: HKA" in text
    assert r'"""{app}\alis-desktop.exe"" ""%1"""' in text  # a double-clicked .alis opens
    assert r"{autoprograms}" in text  # the Start-menu entry
    assert "ChangesAssociations=yes" in text
