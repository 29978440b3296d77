"""SQLite URIs for network, drive-letter and æøå paths (db/uri.py).

The Windows forms are checked as strings against SQLite's documented rules (uri.html); the
POSIX form, and that SQLite decodes the escapes back to the same file, against this
machine's sqlite3 with real files."""

from __future__ import annotations

import sqlite3
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from db.connection import inspect_version
from db.uri import sqlite_uri, uri_path
from db.verified_copy import verified_copy


@pytest.mark.parametrize("path, expected", [
    # A home folder on the municipal file server, as Windows names it.
    (r"\\fil01\hjem$\bjørn\ALIS data\alis.alis",
     "file:////fil01/hjem%24/bj%C3%B8rn/ALIS%20data/alis.alis?mode=ro"),
    # A mapped network drive, spaces in the name.
    (r"H:\ALIS\a b.alis", "file:///H:/ALIS/a%20b.alis?mode=ro"),
    (r"C:\Users\Åse Øvrebø\Documents\ALIS Desktop\alis.alis",
     "file:///C:/Users/%C3%85se%20%C3%98vreb%C3%B8/Documents/ALIS%20Desktop/alis.alis?mode=ro"),
    # The long-path prefixes Windows APIs sometimes return.
    (r"\\?\C:\Data\alis.alis", "file:///C:/Data/alis.alis?mode=ro"),
    (r"\\?\UNC\fil01\felles\alis.alis", "file:////fil01/felles/alis.alis?mode=ro"),
])
def test_windows_paths_become_uris_sqlite_accepts(path, expected):
    uri = sqlite_uri(PureWindowsPath(path), mode="ro")
    assert uri == expected
    # SQLite accepts no authority but "" or "localhost": nothing between // and the path.
    assert uri.startswith("file:///")


def test_a_unc_path_keeps_its_server_inside_the_path():
    assert uri_path(PureWindowsPath(r"\\fil01\hjem$\a.alis")) == "//fil01/hjem$/a.alis"


def test_characters_sqlite_reads_as_uri_syntax_are_escaped():
    uri = sqlite_uri(PurePosixPath("/data/50% #1?.alis"))
    assert uri == "file:///data/50%25%20%231%3F.alis"


def test_a_relative_path_is_refused():
    with pytest.raises(ValueError):
        sqlite_uri(PureWindowsPath(r"ALIS\alis.alis"))
    with pytest.raises(ValueError):
        sqlite_uri(PurePosixPath("alis.alis"))


def _make_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("name", ["ALIS data/bjørn Åsen/alis.alis",
                                  "50% #1?/a b.alis",
                                  "x" * 120 + "/" + "æ" * 80 + ".alis"])
def test_this_machines_sqlite_opens_the_uri_of_an_awkward_path(tmp_path, name):
    path = tmp_path / name
    path.parent.mkdir(parents=True)
    _make_db(path)
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        with pytest.raises(sqlite3.OperationalError):
            conn.execute("CREATE TABLE u (y)")  # mode=ro reached SQLite
    finally:
        conn.close()
    assert inspect_version(path) == 1


def test_sqlite_reads_an_empty_authority_with_a_double_slash_path(tmp_path):
    """The UNC form's shape, file:////..., is what SQLite parses as a path with two leading
    slashes (POSIX reads //tmp/x as /tmp/x), while an authority is refused."""
    path = tmp_path / "a.alis"
    _make_db(path)
    conn = sqlite3.connect("file://" + "/" + sqlite_uri(path)[len("file://"):], uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    with pytest.raises(sqlite3.OperationalError, match="invalid uri authority"):
        sqlite3.connect("file://fil01" + sqlite_uri(path)[len("file://"):], uri=True)


def test_a_verified_copy_into_a_folder_with_aeoeaa_and_spaces(demo_file, tmp_path):
    dest = tmp_path / "Overlevering Ærlig Øst" / "kopi å.alis"
    result = verified_copy(demo_file, dest)
    assert result.ok and result.schema_version >= 1
