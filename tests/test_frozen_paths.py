"""Resources and schema steps are found from a checkout and from a PyInstaller build: the
bundle build.spec describes (its data files at their relative paths under sys._MEIPASS)
holds everything the program reads."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from alis_desktop.resources import resource_path, resources_dir
from db.migrations import migrations_dir, steps
from tests.conftest import ROOT

# Files the program opens at run time (catalog, rules, fonts) and the schema steps.
NEEDED = [("rules.json",), ("supervision_rules.json",), ("goals", "alm.csv"),
          ("goals", "fkm.csv"), ("goals", "courses.csv"), ("fonts", "DejaVuSans.ttf"),
          ("fonts", "DejaVuSans-Bold.ttf"), ("fonts", "DejaVuSans-Oblique.ttf")]


def spec_data_files() -> list[tuple[str, str]]:
    """build.spec's resource_files(), run without PyInstaller (its build steps stubbed)."""
    def stub(*args, **kwargs):  # Analysis, PYZ, EXE, COLLECT do nothing here
        return SimpleNamespace(pure=[], scripts=[], binaries=[], datas=[])

    namespace = {"SPECPATH": str(ROOT), "Analysis": stub, "PYZ": stub, "EXE": stub,
                 "COLLECT": stub, "BUNDLE": stub, "__file__": str(ROOT / "build.spec")}
    source = (ROOT / "build.spec").read_text(encoding="utf-8")
    source = source.replace("hiddenimports=own_modules()", "hiddenimports=[]")
    exec(compile(source, "build.spec", "exec"), namespace)
    return namespace["resource_files"]()


def test_from_a_checkout_paths_point_into_it():
    assert resources_dir() == ROOT / "resources"
    assert migrations_dir() == ROOT / "db" / "migrations"
    for parts in NEEDED:
        assert resource_path(*parts).is_file(), parts
    assert steps()[0][0] == 1


@pytest.fixture
def bundle(tmp_path, monkeypatch) -> Path:
    """A bundle root laid out as build.spec lays out its data files, as sys._MEIPASS."""
    root = tmp_path / "_internal"
    for source, folder in spec_data_files():
        (root / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / folder / Path(source).name)
    monkeypatch.setattr(sys, "_MEIPASS", str(root), raising=False)
    return root


def test_in_a_build_paths_point_into_the_bundle(bundle):
    """With sys._MEIPASS set, every needed file is read from the bundle, not the checkout."""
    assert resources_dir() == bundle / "resources"
    assert migrations_dir() == bundle / "db" / "migrations"
    for parts in NEEDED:
        assert resource_path(*parts).is_file(), parts
    in_checkout = sorted((ROOT / "db" / "migrations").glob("*.sql"))
    assert [(f"{name}.sql", sql) for _, name, sql in steps()] == \
        [(p.name, p.read_text(encoding="utf-8")) for p in in_checkout]


def test_a_new_file_is_created_from_the_bundled_schema(bundle, tmp_path):
    """Opening a new file in the build runs the schema steps found in the bundle."""
    from db.store import Store
    store = Store.open(tmp_path / "ny.alis", create=True)
    try:
        assert store.schema_version() == len(steps())
        assert store.count("municipality") == 1
    finally:
        store.close()


def test_an_empty_bundle_is_refused_clearly(tmp_path, monkeypatch):
    """A build missing its schema steps says so, instead of creating an empty file."""
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    with pytest.raises(FileNotFoundError, match="no schema steps"):
        steps()
