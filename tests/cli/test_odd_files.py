"""Empty and odd files: a 0-byte file is "not an ALIS file" everywhere and never turned into
one without asking; `check` exits 0 exactly when all is well and says the version as a number
or «ingen»; missing files, folders and unreadable files are said in Norwegian."""

from __future__ import annotations

import errno
import json

import pytest

from alis_desktop.cli import main
from alis_desktop.os_errors import describe
from tests.conftest import run_cli

EMPTY = "er tom (0 byte) og er ikke en ALIS-fil"


def commands(path, tmp_path) -> list[tuple]:
    """Every command that reads an ALIS file, pointed at `path`."""
    return [("export", path, tmp_path / "ut.json"), ("status", path),
            ("report", "cohort", path, "--out", tmp_path / "k.pdf"), ("backup", path),
            ("export", path, tmp_path / "ut.json", "--doctor", 1)]


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_an_empty_file_is_not_an_alis_file_for_any_command(tmp_path, capsys):
    empty = tmp_path / "tom.alis"
    empty.touch()
    for args in commands(empty, tmp_path):
        code, _out, err = run(capsys, *args)
        assert code == 2 and EMPTY in err, (args, err)
    assert empty.stat().st_size == 0  # never converted
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tom.alis"]


def test_import_into_an_empty_file_is_refused_not_converted(tmp_path, demo_file, capsys):
    assert main(["export", str(demo_file), str(tmp_path / "e.json")]) == 0
    empty = tmp_path / "tom.alis"
    empty.touch()
    code, _out, err = run(capsys, "import", empty, tmp_path / "e.json")
    assert code == 2 and EMPTY in err and empty.stat().st_size == 0


def test_check_of_an_empty_file_says_ingen_and_exits_1(tmp_path, capsys):
    empty = tmp_path / "tom.alis"
    empty.touch()
    code, out, _err = run(capsys, "check", empty)
    assert code == 1
    assert "Skjemaversjon: ingen" in out and "None" not in out
    assert "Integritet: ok" not in out and f"Resultat: ikke i orden: tom.alis {EMPTY}" in out
    code, out, _err = run(capsys, "check", empty, "--json")
    report = json.loads(out)
    assert code == 1 and report["schema_version"] is None and not report["ok"]


def test_check_of_a_sound_file_exits_0_with_the_version_number(demo_file, capsys):
    from db.migrations import LATEST
    code, out, _err = run(capsys, "check", demo_file)
    assert code == 0
    assert f"Skjemaversjon: {LATEST} (programmet: {LATEST})" in out
    assert "Integritet: ok" in out and "Resultat: i orden" in out


def test_missing_file_and_folder_are_said_in_norwegian(tmp_path, capsys):
    folder = tmp_path / "mappe.alis"
    folder.mkdir()
    for path, said in ((tmp_path / "borte.alis", "finnes ikke"), (folder, "er en mappe")):
        for args in [("check", path), *commands(path, tmp_path)]:
            code, out, err = run(capsys, *args)
            assert code in (1, 2) and said in out + err, (args, out, err)
            assert "No such file" not in out + err and "Is a directory" not in out + err


def test_import_of_a_missing_or_folder_input_is_norwegian(tmp_path, capsys):
    (tmp_path / "mappe.json").mkdir()
    for name, said in (("borte.json", "finnes ikke"), ("mappe.json", "er en mappe")):
        code, _out, err = run(capsys, "import", tmp_path / "ny.alis", tmp_path / name)
        assert code == 2 and said in err
    assert not (tmp_path / "ny.alis").exists()


def test_system_errors_have_norwegian_words():
    """Permission denied cannot be produced as root (the test machine): the wording, then."""
    denied = PermissionError(errno.EACCES, "Permission denied", "/delt/fil.alis")
    assert describe(denied, action="lese") == \
        "Kan ikke lese /delt/fil.alis: du har ikke tilgang (mangler lese- eller skriverettighet)."
    odd = OSError(errno.ENOTCONN, "Transport endpoint is not connected")
    assert "ENOTCONN" in describe(odd, "/delt/fil.alis") and "Transport" not in describe(odd)


@pytest.mark.parametrize("content", [b"", b"\x00" * 10])
def test_screenshot_mode_refuses_an_empty_or_foreign_file(tmp_path, content):
    path = tmp_path / "tom.alis"
    path.write_bytes(content)
    proc = run_cli(path, "--screenshot", tmp_path / "s.png", check=False,
                   env={"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert ("ikke en ALIS" in proc.stderr)
    assert path.read_bytes() == content and not (tmp_path / "s.png").exists()
