"""Command-line behaviour that matters on the leaders' PCs: the synced-folder warning from
`check`, and files in folders with æøå and spaces."""

from __future__ import annotations

import json
import shutil

from tests.conftest import run_cli


def test_check_warns_about_a_onedrive_folder(demo_file, tmp_path):
    folder = tmp_path / "Library" / "CloudStorage" / "OneDrive-Fjordvik kommune" / "ALIS"
    folder.mkdir(parents=True)
    path = folder / "alis.alis"
    shutil.copy(demo_file, path)
    out = run_cli("check", path).stdout
    assert "Integritet: ok" in out
    assert "Advarsel: Filen ligger i en mappe som er synkronisert med OneDrive" in out
    report = json.loads(run_cli("check", path, "--json").stdout)
    assert report["synced_folder"]["service"] == "OneDrive"


def test_check_of_an_ordinary_folder_has_no_warning(demo_file, tmp_path):
    folder = tmp_path / "Bjørn Ås" / "ALIS data"
    folder.mkdir(parents=True)
    shutil.copy(demo_file, folder / "alis æøå.alis")
    out = run_cli("check", folder / "alis æøå.alis").stdout
    assert "Integritet: ok" in out and "synkronisert" not in out
