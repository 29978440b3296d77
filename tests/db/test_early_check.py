"""The early check of the file the window is about to open (db.connection.check_early,
run while Qt loads): its answer and its refusal are the open's, and a file changed after
it is checked again."""

from __future__ import annotations

import os
import shutil

import pytest

from alis_desktop.errors import FileProblem
from db import migrations
from db.connection import check_early, inspect_version
from db.store import Store
from tests.db.test_bad_files import damaged_page


@pytest.mark.parametrize("read_only", [False, True])
def test_a_damaged_file_checked_early_is_refused_as_without(tmp_path, demo_file, read_only):
    path = damaged_page(demo_file, tmp_path / "skadet.alis")
    with pytest.raises(FileProblem) as without:
        Store.open(path, read_only=read_only)
    check_early(path)
    with pytest.raises(FileProblem) as early:
        Store.open(path, read_only=read_only)
    assert str(early.value) == str(without.value)
    assert "integritetskontrollen fant" in str(early.value)


def test_a_sound_file_opens_with_its_early_check(tmp_path, demo_file):
    path = tmp_path / "demo.alis"
    shutil.copy(demo_file, path)
    check_early(path)
    store = Store.open(path)
    try:
        assert store.schema_version() == migrations.LATEST
    finally:
        store.close()


def test_a_file_damaged_after_its_early_check_is_checked_again(tmp_path, demo_file):
    """The check found the file sound; then it was overwritten: the open refuses it."""
    path = tmp_path / "demo.alis"
    shutil.copy(demo_file, path)
    check_early(path)
    assert inspect_version(path, verify=False) == migrations.LATEST  # not the early one
    damaged_page(demo_file, tmp_path / "skadet.alis")
    stat = path.stat()
    os.replace(tmp_path / "skadet.alis", path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old time
    with pytest.raises(FileProblem, match="integritetskontrollen fant"):
        Store.open(path, read_only=True)
