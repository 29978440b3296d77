"""One list from many municipalities (reports/institution_merge.py) and the allocation
sent back (reports/institution_allocation.py): three files, or the three sheets those
municipalities exported, rank exactly as the same doctors in one file; the coordinator's
decisions reach each municipality's board as offers."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from alis_desktop import models as m
from alis_desktop.allocation import Decision
from alis_desktop.errors import FileProblem
from db import institution as inst
from db.store import Store
from reports import institution_allocation as alloc
from reports import institution_merge as merge
from reports import institution_queue as q
from tests.conftest import run_cli
from tests.reports.test_institution_queue import pdf_text

D = date
TODAY = D(2026, 11, 26)
VV = "Vestre Viken (samarbeidsavtale for 21 kommuner)"

# name, employment, start of training, reported to the coordinator, HPR
PEOPLE = {
    "Nordby": [("Kari Dahl", "permanent", D(2022, 6, 1), D(2026, 9, 1), "1000001"),
               ("Lars Holm", "locum", D(2024, 1, 1), D(2026, 5, 1), "1000002"),
               ("Mona Vik", "permanent", D(2025, 3, 1), D(2026, 4, 1), "1000003")],
    "Sørby": [("Ola Berg", "own_list", D(2023, 1, 1), D(2026, 6, 1), "1000004"),
              ("Siri Lund", "permanent", D(2023, 5, 1), D(2026, 10, 1), "1000005")],
    "Østby": [("Tor Aas", "locum", D(2022, 1, 1), D(2026, 7, 1), "1000006"),
              ("Per Lie", "permanent", D(2023, 5, 1), D(2026, 10, 1), "1000007")],
}


def make_file(path: Path, name: str, people, *, short=False, model="") -> Path:
    """A municipality file: each doctor in general practice from her start (served until
    October 2026, planned after) with a reported request for March-August 2027."""
    s = Store.open(path, create=True)
    try:
        s.save(m.Municipality(name=name, short_of_specialists=short, institution_model=model))
        s.save(m.Arena(name="Legesenteret", type="gp_office"))
        for who, employment, start, reported, hpr in people:
            d = s.save(m.Doctor(name=who, start_date=start, employment=employment,
                                hpr_number=hpr))
            s.save(m.Placement(doctor_id=d.id, arena_id=1, start_date=start,
                               end_date=D(2026, 10, 31), status="completed"))
            s.save(m.Placement(doctor_id=d.id, arena_id=1, start_date=D(2026, 11, 1),
                               end_date=D(2029, 12, 31), status="planned"))
            s.save(m.InstitutionRequest(doctor_id=d.id, desired_start=D(2027, 3, 1),
                                        desired_end=D(2027, 8, 31), status="reported",
                                        reported_date=reported, institution="Vestre Viken HF",
                                        departments=["Medisinsk avdeling"]))
    finally:
        s.close()
    return path


@pytest.fixture
def three(tmp_path):
    return [make_file(tmp_path / f"{name}.alis", f"{name} kommune", people)
            for name, people in PEOPLE.items()]


@pytest.fixture
def one_file(tmp_path):
    everyone = [p for people in PEOPLE.values() for p in people]
    return make_file(tmp_path / "alle.alis", "Alle", everyone)


def open_ro(path):
    return Store.open(path, read_only=True)


def listed(entries):
    return [(e.doctor.name, e.reason) for e in entries]


def single_list(path, as_of=TODAY):
    s = open_ro(path)
    try:
        return q.load(s, as_of)
    finally:
        s.close()


def sheet(data: bytes):
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    at = rows.index(tuple(q.HEADERS))
    return [dict(zip(q.HEADERS, r)) for r in rows[at + 1:]]


def test_three_files_rank_as_the_same_doctors_in_one_file(three, one_file):
    expected = listed(single_list(one_file))
    # Worked by hand (Ahus): Mona under two years last; permanent Kari (54 months) before
    # permanent Per and Siri (43, equal in everything: by name), own list Ola, then the
    # locums of at least a year, Tor (59 counted, 1 left) before Lars (35).
    assert [n for n, _ in expected] == ["Kari Dahl", "Per Lie", "Siri Lund", "Ola Berg",
                                        "Tor Aas", "Lars Holm", "Mona Vik"]
    sources = merge.load_sources(three, [], TODAY, open_ro)
    merged = merge.merge(sources, merge.resolve_model(sources, None))
    assert listed(merged) == expected
    assert [e.candidate.municipality for e in merged][:3] == [
        "Nordby kommune", "Østby kommune", "Sørby kommune"]


def test_three_sheets_rank_as_the_same_doctors_in_one_file(three, one_file, tmp_path):
    expected = listed(single_list(one_file))
    sheets = []
    for path in three:
        s = open_ro(path)
        try:
            data = q.build_xlsx(q.load(s, TODAY), s.municipality(), TODAY)
        finally:
            s.close()
        sheets.append(tmp_path / f"{path.stem}.xlsx")
        sheets[-1].write_bytes(data)
    sources = merge.load_sources([], sheets, TODAY, open_ro)
    assert [s.municipalities for s in sources] == [[("Nordby kommune", False)],
                                                   [("Sørby kommune", False)],
                                                   [("Østby kommune", False)]]
    merged = merge.merge(sources, merge.resolve_model(sources, None))
    assert listed(merged) == expected
    held = [e.doctor.name for e in merged if e.held_back]
    assert held == ["Mona Vik"]
    # The coordinator who only has the sheets, on the command line.
    run_cli("report", "institution-queue", "--sheets", *sheets, "--out", tmp_path / "s.xlsx",
            "--to", "26.11.2026")
    rows = sheet((tmp_path / "s.xlsx").read_bytes())
    assert [(r["Lege"], r["Begrunnelse"]) for r in rows] == expected


def test_a_municipality_given_twice_is_refused(three, tmp_path):
    s = open_ro(three[0])
    try:
        (tmp_path / "nordby.xlsx").write_bytes(q.build_xlsx(q.load(s, TODAY),
                                                            s.municipality(), TODAY))
    finally:
        s.close()
    sources = merge.load_sources(three, [tmp_path / "nordby.xlsx"], TODAY, open_ro)
    with pytest.raises(FileProblem, match="Nordby kommune er med to ganger"):
        merge.merge(sources, merge.resolve_model(sources, None))


def test_shortage_decides_between_municipalities_where_the_model_says(tmp_path):
    """Siri (Sørby, short of specialists) and Per (Østby) are equal on every Ahus
    criterion but the shortage: by name Per would go first; the flag puts Siri first."""
    nord = make_file(tmp_path / "n.alis", "Sørby kommune", PEOPLE["Sørby"], short=True)
    ost = make_file(tmp_path / "o.alis", "Østby kommune", PEOPLE["Østby"])
    sources = merge.load_sources([nord, ost], [], TODAY, open_ro)
    merged = merge.merge(sources, merge.resolve_model(sources, None))
    names = [e.doctor.name for e in merged]
    assert names.index("Siri Lund") == names.index("Per Lie") - 1
    assert "Siri Lund er fra en kommune med mangel på spesialister" in \
        merged[names.index("Per Lie")].reason


def test_command_line_merges_files_and_sheets_by_the_first_files_model(three, tmp_path):
    first = make_file(tmp_path / "vv.alis", "Nordby kommune", PEOPLE["Nordby"], model=VV)
    run_cli("report", "institution-queue", three[1], "--out", tmp_path / "sor.xlsx",
            "--to", "26.11.2026")
    proc = run_cli("report", "institution-queue", first, three[2], "--sheets",
                   tmp_path / "sor.xlsx", "--out", tmp_path / "samlet.pdf",
                   "--to", "26.11.2026")
    assert f"Skrev {tmp_path / 'samlet.pdf'}" in proc.stdout
    rows = sheet((tmp_path / "samlet.xlsx").read_bytes())
    # Vestre Viken: the report date decides, across the three municipalities.
    assert [r["Lege"] for r in rows] == ["Mona Vik", "Lars Holm", "Ola Berg", "Tor Aas",
                                         "Kari Dahl", "Per Lie", "Siri Lund"]
    assert [r["Kommune"] for r in rows][:3] == ["Nordby kommune", "Nordby kommune",
                                                "Sørby kommune"]
    text = " ".join(pdf_text((tmp_path / "samlet.pdf").read_bytes()).split())
    assert "Samlet venteliste for institusjonstjeneste" in text
    assert "Samlet liste for 3 kommuner per 26.11.2026: Nordby kommune (mangel på " \
        "spesialister: nei), Østby kommune" in text
    assert f"Prioriteringsmodell: {VV}" in text
    assert "«Tidspunkt for innmelding fra kommunene er bestemmende" in text


def test_command_line_model_option_and_unknown_model(three, tmp_path):
    proc = run_cli("report", "institution-queue", *three, "--model", "Vestre Viken",
                   "--out", tmp_path / "l.xlsx", "--to", "26.11.2026")
    assert "Skrev" in proc.stdout
    rows = sheet((tmp_path / "l.xlsx").read_bytes())
    assert rows[0]["Lege"] == "Mona Vik"
    bad = run_cli("report", "institution-queue", *three, "--model", "Helse Nord",
                  "--out", tmp_path / "x.pdf", check=False)
    assert bad.returncode == 2 and "Finner ingen prioriteringsmodell" in bad.stderr


def test_the_allocation_goes_back_to_each_municipality_as_offers(three, tmp_path):
    # The coordinator's merged list, with posts filled in for three doctors.
    run_cli("report", "institution-queue", *three, "--out", tmp_path / "samlet.xlsx",
            "--to", "26.11.2026")
    wb = load_workbook(tmp_path / "samlet.xlsx")
    ws = wb.active
    header = next(r for r in ws.iter_rows() if r[0].value == "Nr.")
    col = {c.value: c.column for c in header}
    given = {"Kari Dahl": ("Bærum sykehus", "Medisinsk avdeling"),
             "Per Lie": ("Drammen sykehus", "Barneavdelingen"),
             "Ola Berg": ("Drammen sykehus", "Medisinsk avdeling")}
    for row in ws.iter_rows(min_row=header[0].row + 1):
        who = row[col["Lege"] - 1].value
        if who in given:
            r = row[0].row
            ws.cell(r, col["Tildelt institusjon"], given[who][0])
            ws.cell(r, col["Tildelt avdeling"], given[who][1])
            ws.cell(r, col["Tildelt fra"], "01.03.2027")
            ws.cell(r, col["Tildelt til"], D(2027, 8, 31))
    wb.save(tmp_path / "samlet.xlsx")
    out = tmp_path / "tilbake"
    out.mkdir()
    proc = run_cli("report", "institution-allocation", tmp_path / "samlet.xlsx",
                   "--out", out, "--to", "01.12.2026")
    files = sorted(p.name for p in out.iterdir())
    assert files == ["Tildeling institusjonstjeneste Nordby kommune.xlsx",
                     "Tildeling institusjonstjeneste Sørby kommune.xlsx",
                     "Tildeling institusjonstjeneste Østby kommune.xlsx"]
    assert proc.stdout.count("Skrev") == 3

    # Nordby reads its file: preview, then one transaction.
    name, decisions = alloc.read_allocation(
        (out / "Tildeling institusjonstjeneste Nordby kommune.xlsx").read_bytes())
    assert name == "Nordby kommune"
    assert [(d.doctor_name, d.institution, d.start, d.end) for d in decisions] == [
        ("Kari Dahl", "Bærum sykehus", D(2027, 3, 1), D(2027, 8, 31))]
    s = Store.open(three[0])
    try:
        offers, problems = inst.preview_allocation(s, name, decisions, D(2026, 12, 1))
        assert len(offers) == 1 and problems == []
        assert s.get("institution_requests", 1).status == "reported"  # preview wrote nothing
        inst.apply_allocation(s, name, decisions, D(2026, 12, 1), source="fil.xlsx")
        r = s.get("institution_requests", 1)
        assert (r.status, r.offered_date, r.offer_copied_to_leader) == (
            "offered", D(2026, 12, 1), True)
        assert "Tilbud fra koordinator 01.12.2026: Medisinsk avdeling, Bærum sykehus" in r.notes
        posts = inst.posts(s)
        assert [(p.institution, p.department, p.period_start, p.doctor_id) for p in posts] == [
            ("Bærum sykehus", "Medisinsk avdeling", D(2027, 3, 1), None)]
        logged = [x for x in s.rows("audit_log") if x["action"] == inst.ALLOCATION_READ]
        assert logged[0]["detail"] == "1 tilbud registrert, 0 rader hoppet over (fil.xlsx)"
        # Another municipality's rows are shown as skipped, never written.
        _, others = alloc.read_allocation(
            (out / "Tildeling institusjonstjeneste Østby kommune.xlsx").read_bytes())
        offers, problems = inst.preview_allocation(s, name, others, D(2026, 12, 1))
        assert offers == [] and "gjelder Østby kommune" in problems[0]
    finally:
        s.close()


def test_a_row_without_its_request_is_left_out_with_the_reason(three):
    s = Store.open(three[1])
    try:
        ghost = Decision("Sørby kommune", 99, "Ukjent Lege", "", "Bærum sykehus", "Med",
                         D(2027, 3, 1), D(2027, 8, 31))
        short = Decision("Sørby kommune", 1, "Ola Berg", "1000004", "Bærum sykehus", "Med",
                         D(2027, 3, 1), D(2027, 4, 30))
        offers, problems = inst.preview_allocation(s, "Sørby kommune", [ghost, short], TODAY)
        assert offers == []
        assert "finner ikke ønsket i filen (ønske-id 99)" in problems[0]
        assert "minst 3 måneder" in problems[1]
    finally:
        s.close()
