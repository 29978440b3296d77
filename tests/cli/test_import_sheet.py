"""`python -m alis_desktop new` and `import-sheet`: from an empty file to a municipality with
doctors, supervisors, arenas, periods, leave, supervision hours and shifts, from sheets kept
the way a municipality keeps them (tests/fixtures/sheets)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from tests.conftest import run_cli

SHEETS = Path(__file__).parents[1] / "fixtures" / "sheets"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(path: Path) -> dict[str, int]:
    out = run_cli("check", path, "--json")
    return json.loads(out.stdout)["counts"]


def test_new_makes_an_empty_file_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "kommune.alis"
    run_cli("new", target)
    c = counts(target)
    assert c["municipality"] == 1 and c["doctors"] == 0
    again = run_cli("new", target, check=False)
    assert again.returncode == 2 and "finnes allerede" in again.stderr


def test_from_new_to_a_populated_file_with_municipal_sheets(tmp_path):
    f = tmp_path / "kommune.alis"
    run_cli("new", f)
    plan = run_cli("import-plan", f, SHEETS / "plan-arenaer.txt")
    assert "Lagret 4 læringsarenaer" in plan.stdout
    assert "Lest løst: Legevakta i Fjellbygd: «028,-033»" in plan.stdout
    steps = [  # only the doctors' sheet brings new records: the supervisors it names
        ("leger.xlsx", "doctors", "Veileder: 2, Lege: 3, Veiledertilknytning: 3", True),
        ("tjenester.csv", "placements", ": Tjenesteperiode: 6.", False),
        ("fravaer.csv", "leaves", ": Fravær: 3.", False),
        ("veiledning.xlsx", "supervision", ": Veiledningstime: 6.", False),
        ("vakter.csv", "activities", ": Læringsaktivitet: 4.", False),
        ("kurs.xlsx", "activities", ": Læringsaktivitet: 2.", False),
    ]
    for sheet, kind, said, create in steps:
        out = run_cli("import-sheet", f, SHEETS / sheet, "--kind", kind, "--today", "03.12.2026",
                      *(["--create-missing"] if create else []))
        assert said in out.stdout, out.stdout
    c = counts(f)
    assert (c["doctors"], c["supervisors"], c["arenas"], c["placements"], c["leaves"],
            c["supervision_sessions"], c["activities"]) == (3, 2, 4, 6, 3, 6, 6)
    with sqlite3.connect(f) as conn:
        hours = conn.execute("SELECT sum(hours) FROM supervision_sessions").fetchone()[0]
        shifts = conn.execute("SELECT group_concat(hours, ' ') FROM activities "
                              "WHERE kind = 'on_call' ORDER BY id").fetchone()[0]
        imports = conn.execute("SELECT count(*) FROM audit_log WHERE action = "
                               "'importert fra regneark'").fetchone()[0]
    assert hours == 9.25
    assert shifts == "7.5 12.0 9.0 12.0"
    assert imports == 6
    # importing the same sheet again doubles nothing: every row is already there
    again = run_cli("import-sheet", f, SHEETS / "veiledning.xlsx", "--kind", "supervision",
                    check=False)
    assert again.returncode == 1 and "allerede registrert" in again.stdout
    status = run_cli("status", f, "--as-of", "03.12.2026")
    assert "Kari Nordmann" in status.stdout and "Sigrid Bakke" in status.stdout


def test_a_sheet_with_one_bad_row_leaves_the_file_byte_for_byte(tmp_path):
    f = tmp_path / "kommune.alis"
    run_cli("new", f)
    run_cli("import-sheet", f, SHEETS / "leger.xlsx", "--kind", "doctors", "--create-missing")
    bad = tmp_path / "tjenester.csv"
    bad.write_bytes((SHEETS / "tjenester.csv").read_bytes().replace(b"28.02.2026", b"30.02.2026"))
    before = digest(f)
    out = run_cli("import-sheet", f, bad, "--kind", "placements", "--create-missing",
                  check=False)
    assert out.returncode == 1
    assert "rad 3, «Til»: 30.02.2026 er ikke en dato" in out.stdout
    assert "Ingenting er importert." in out.stderr
    assert digest(f) == before


def test_unknown_names_without_create_missing_and_dry_run(tmp_path):
    f = tmp_path / "kommune.alis"
    run_cli("new", f)
    out = run_cli("import-sheet", f, SHEETS / "leger.xlsx", "--kind", "doctors", check=False)
    assert out.returncode == 1 and "finner ingen veileder «Per Hansen»" in out.stdout
    before = digest(f)
    dry = run_cli("import-sheet", f, SHEETS / "leger.xlsx", "--kind", "doctors",
                  "--create-missing", "--dry-run")
    assert "3 klare" in dry.stdout and "ingenting er skrevet" in dry.stdout
    assert digest(f) == before


def test_mapping_file_chooses_columns_and_fixed_values(tmp_path):
    f = tmp_path / "kommune.alis"
    run_cli("new", f)
    run_cli("import-sheet", f, SHEETS / "leger.xlsx", "--kind", "doctors", "--create-missing")
    sheet = tmp_path / "vakter.csv"
    sheet.write_text("Vakter februar;;\nKol1;Kol2;Kol3\n14.02.2026;Kari Nordmann;8\n",
                     encoding="utf-8")  # a title above the header
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"columns": {"Kol1": "date", "Kol2": "doctor",
                                               "Kol3": "hours"},
                                   "defaults": {"kind": "Legevaktvakt"}}), encoding="utf-8")
    out = run_cli("import-sheet", f, sheet, "--kind", "activities", "--mapping", mapping)
    assert "Læringsaktivitet: 1" in out.stdout
    with sqlite3.connect(f) as conn:
        assert conn.execute("SELECT kind, hours, out_of_hours FROM activities").fetchall() == [
            ("on_call", 8.0, 1)]
