"""The one door for files out: whole or not at all, the old file untouched on failure, no
temporary file left behind, a full disk said in Norwegian."""

from __future__ import annotations

import errno
import os

import pytest

from alis_desktop import atomic_files
from alis_desktop.atomic_files import (
    atomic_output,
    is_temp_name,
    write_bytes_atomically,
    write_text_atomically,
)
from alis_desktop.errors import FileProblem
from alis_desktop.os_errors import DiskFull


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if is_temp_name(p.name))


def full_disk_after(monkeypatch, n_bytes: int) -> None:
    """os.write fails with ENOSPC once `n_bytes` have been written (an injected full disk)."""
    real_write = os.write
    state = {"written": 0}

    def write(fd, data):
        if state["written"] + len(data) > n_bytes:
            raise OSError(errno.ENOSPC, "No space left on device")
        state["written"] += len(data)
        return real_write(fd, data)

    monkeypatch.setattr(atomic_files.os, "write", write)


def test_writes_new_file_and_replaces_old(tmp_path):
    target = tmp_path / "eksport.json"
    write_text_atomically(target, "første\n")
    assert target.read_bytes() == "første\n".encode()
    write_bytes_atomically(target, b"andre")
    assert target.read_bytes() == b"andre"
    assert leftovers(tmp_path) == []


def test_temp_path_has_target_suffix_and_is_in_same_folder(tmp_path):
    target = tmp_path / "liste.xlsx"
    with atomic_output(target) as tmp:
        assert tmp.parent == tmp_path and tmp.suffix == ".xlsx" and tmp.exists()
        tmp.write_bytes(b"x")
        assert not target.exists()  # nothing visible until the block ends
    assert target.read_bytes() == b"x"


def test_failure_in_block_keeps_old_target_and_removes_temp(tmp_path):
    target = tmp_path / "rapport.pdf"
    target.write_bytes(b"gammel")
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        tmp.write_bytes(b"halvskrevet")
        raise RuntimeError("stopp")
    assert target.read_bytes() == b"gammel"
    assert leftovers(tmp_path) == []


def test_full_disk_is_norwegian_names_folder_and_size_keeps_old(tmp_path, monkeypatch):
    target = tmp_path / "eksport.json"
    target.write_bytes(b"god gammel eksport")
    full_disk_after(monkeypatch, 1000)
    with pytest.raises(DiskFull) as caught:
        write_bytes_atomically(target, b"x" * 400_000)
    message = str(caught.value)
    assert "Disken er full" in message and str(tmp_path) in message
    assert "400 kB" in message and "ikke endret" in message
    assert target.read_bytes() == b"god gammel eksport"
    assert leftovers(tmp_path) == []


def test_missing_folder_and_directory_target_are_file_problems(tmp_path):
    with pytest.raises(FileProblem, match="finnes ikke"):
        write_bytes_atomically(tmp_path / "mangler" / "a.pdf", b"x")
    (tmp_path / "mappe.pdf").mkdir()
    with pytest.raises(FileProblem, match="er en mappe"):
        write_bytes_atomically(tmp_path / "mappe.pdf", b"x")
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="POSIX permissions")
def test_read_only_folder_is_said_in_norwegian(tmp_path):
    folder = tmp_path / "låst"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(FileProblem, match="skrivetilgang"):
            write_bytes_atomically(folder / "a.pdf", b"x")
    finally:
        folder.chmod(0o700)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "kopi.alis"
    target.write_bytes(b"a")
    target.chmod(0o600)
    write_bytes_atomically(target, b"b")
    assert target.stat().st_mode & 0o777 == 0o600


def test_windows_open_file_refusal_is_norwegian(tmp_path, monkeypatch):
    """On Windows os.replace over a file another program holds open raises PermissionError."""
    target = tmp_path / "rapport.pdf"
    target.write_bytes(b"gammel")

    def replace(src, dst):
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(atomic_files.os, "replace", replace)
    monkeypatch.setattr(atomic_files, "_WINDOWS", True)
    monkeypatch.setattr(atomic_files, "_fsync_file", lambda path: None)
    with pytest.raises(FileProblem, match="åpen i et annet program"):
        write_bytes_atomically(target, b"ny")
    assert target.read_bytes() == b"gammel"
    assert leftovers(tmp_path) == []
