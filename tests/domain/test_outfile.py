"""Files out through one door (alis_desktop/atomic_files.py): all or nothing, æøå and long names, and a Windows-style
refusal to replace a file another program holds becomes a Norwegian message."""

from __future__ import annotations

import os

import pytest

from alis_desktop import atomic_files
from alis_desktop.atomic_files import FileInUse, write_bytes_atomically
from alis_desktop.errors import FileProblem


def write_file(target, data, *, encoding="utf-8", delays=None):
    raw = data.encode(encoding) if isinstance(data, str) else data
    if delays is not None:  # the waits between attempts, shortened for the test
        atomic_files.RETRY_DELAYS = delays
    return write_bytes_atomically(target, raw)


@pytest.fixture(autouse=True)
def _delays(monkeypatch):
    monkeypatch.setattr(atomic_files, "RETRY_DELAYS", atomic_files.RETRY_DELAYS)


def test_writes_and_replaces_with_nothing_left_over(tmp_path):
    target = tmp_path / "Møter Åse Ørn" / "referat 1.pdf"
    target.parent.mkdir()
    write_file(target, b"%PDF-1 old")
    write_file(target, "æøå", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "æøå"
    assert os.listdir(target.parent) == ["referat 1.pdf"]


def test_a_long_name_in_a_deep_folder(tmp_path):
    folder = tmp_path
    for part in ("Kommunens fellesområde", "Helse og omsorg", "ALIS-ordningen 2026-2031",
                 "Legene i spesialisering", "Dokumenter til oppfølgingsmøter"):
        folder = folder / part
    folder.mkdir(parents=True)
    target = folder / ("Oppfølgingsmøte " + "Bjørn Ærlighetsen-Østby " * 4 + "15.10.2026.pdf")
    write_file(target, b"x")
    assert target.read_bytes() == b"x" and len(str(target)) > 260 - len(str(tmp_path))


def test_a_file_held_open_is_waited_for_then_named(tmp_path, monkeypatch):
    """What Windows does while a PDF reader holds the target: os.replace is refused."""
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old")
    attempts = []

    def refused(src, dst):
        attempts.append(dst)
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(atomic_files.os, "replace", refused)
    with pytest.raises(FileInUse, match="plan.pdf er åpen i et annet program"):
        write_file(target, b"new", delays=(0, 0))
    assert len(attempts) == 3
    assert target.read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["plan.pdf"]


def test_a_brief_hold_is_waited_out(tmp_path, monkeypatch):
    target = tmp_path / "plan.pdf"
    real = os.replace
    calls = []

    def busy_once(src, dst):
        calls.append(dst)
        if len(calls) == 1:
            raise PermissionError(13, "scanner")
        real(src, dst)

    monkeypatch.setattr(atomic_files.os, "replace", busy_once)
    write_file(target, b"new", delays=(0,))
    assert target.read_bytes() == b"new"


def test_a_folder_that_cannot_be_written_says_so(tmp_path):
    with pytest.raises(FileProblem, match="finnes ikke"):
        write_file(tmp_path / "finnes ikke" / "x.pdf", b"x")


def test_a_folder_as_target_is_refused(tmp_path):
    (tmp_path / "mappe").mkdir()
    with pytest.raises(FileProblem, match="er en mappe"):
        write_file(tmp_path / "mappe", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["mappe"]
