"""`python -m alis_desktop report KIND FILE ... --out PDF` for the printed documents."""

from __future__ import annotations

import sqlite3

from alis_desktop.dates import fmt
from tests.conftest import TODAY, run_cli
from tests.reports.pdftools import text_of

AS_OF = fmt(TODAY)


def test_attestation_is_issued_and_registered(demo_copy, tmp_path):
    out = tmp_path / "attest.pdf"
    proc = run_cli("report", "attestation", demo_copy, "--doctor", 12, "--to", AS_OF,
                   "--out", out)
    assert str(out) in proc.stdout
    with sqlite3.connect(demo_copy) as conn:
        number, pdf_bytes = conn.execute("SELECT number, pdf FROM attestations").fetchone()
    assert pdf_bytes == out.read_bytes()
    assert f"Dokumentnr. {number}" in text_of(out.read_bytes())


def test_incomplete_attestation_exits_2_naming_the_field(demo_copy, tmp_path):
    with sqlite3.connect(demo_copy) as conn:
        conn.execute("UPDATE municipality SET org_number = '', medical_lead_title = ''")
    out = tmp_path / "attest.pdf"
    proc = run_cli("report", "attestation", demo_copy, "--doctor", 12, "--out", out,
                   check=False)
    assert proc.returncode == 2
    assert "organisasjonsnummer" in proc.stderr
    assert "tittel for medisinskfaglig ansvarlig lege" in proc.stderr
    assert not out.exists()
    with sqlite3.connect(demo_copy) as conn:
        assert conn.execute("SELECT count(*) FROM attestations").fetchone()[0] == 0


def test_read_only_documents(demo_file, tmp_path):
    before = demo_file.read_bytes()
    for kind, extra, expected in (
            ("plan", ["--doctor", 7], "Individuell utdanningsplan / fremdriftsplan"),
            ("municipal-plan", [], "Utdanningsplan for spesialistutdanning i allmennmedisin"),
            ("cohort", [], "Kohortrapport: leger i spesialisering")):
        out = tmp_path / f"{kind}.pdf"
        run_cli("report", kind, demo_file, *extra, "--to", AS_OF, "--out", out)
        text = text_of(out.read_bytes())
        assert expected in text and f"{AS_OF}" in text
    assert demo_file.read_bytes() == before  # opened read-only: the file is untouched


def test_plan_needs_a_doctor(demo_file, tmp_path):
    proc = run_cli("report", "plan", demo_file, "--out", tmp_path / "x.pdf", check=False)
    assert proc.returncode == 2 and "--doctor" in proc.stderr


def test_grant_summary_from_the_command_line_matches_the_window(demo_file, tmp_path):
    """`report grant` writes the year's grant basis as the Veiledning view does: the year
    of --to, up to that day, as PDF or xlsx by the suffix; the file is not changed."""
    from openpyxl import load_workbook

    from db.store import Store
    from reports import supervision_grant
    before = demo_file.read_bytes()
    out = tmp_path / "tilskudd.xlsx"
    proc = run_cli("report", "grant", demo_file, "--to", AS_OF, "--out", out)
    assert str(out) in proc.stdout
    store = Store.open(demo_file, read_only=True)
    try:
        expected = supervision_grant.summary(store, TODAY.year, TODAY)
    finally:
        store.close()
    rows = list(load_workbook(out)["Leger"].iter_rows(min_row=2, values_only=True))
    by_name = {r[0]: r for r in rows if r[0]}
    assert {line.doctor.name for line in expected.lines} <= set(by_name)
    pdf_out = tmp_path / "tilskudd.pdf"
    run_cli("report", "grant", demo_file, "--to", AS_OF, "--out", pdf_out)
    assert f"grunnlag {TODAY.year}" in text_of(pdf_out.read_bytes())
    bad = run_cli("report", "grant", demo_file, "--out", tmp_path / "tilskudd.txt", check=False)
    assert bad.returncode != 0 and "bruk .pdf eller .xlsx" in bad.stderr
    assert demo_file.read_bytes() == before


def test_handover_pack_from_the_command_line(demo_file, tmp_path):
    """`report handover` writes the verified copy and the PDF naming it into --out."""
    import hashlib
    folder = tmp_path / "overlevering"
    proc = run_cli("report", "handover", demo_file, "--to", AS_OF, "--out", folder)
    [copy] = folder.glob("*.alis")
    [pdf_out] = folder.glob("*.pdf")
    assert str(pdf_out) in proc.stdout
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    assert digest in text_of(pdf_out.read_bytes())
    with sqlite3.connect(copy) as conn, sqlite3.connect(demo_file) as original:
        count = "SELECT count(*) FROM doctors"
        assert conn.execute(count).fetchone() == original.execute(count).fetchone()


def test_attestation_of_chosen_service_periods(demo_copy, tmp_path):
    """--placements issues the attestation for the named service periods only; an id that
    is not the doctor's, or not a number, is refused with nothing registered."""
    import json

    with sqlite3.connect(demo_copy) as conn:
        rows = conn.execute(
            "SELECT id, start_date, end_date FROM placements WHERE doctor_id = 12 "
            "AND status = 'completed' ORDER BY start_date").fetchall()
        other = conn.execute("SELECT id FROM placements WHERE doctor_id != 12").fetchone()[0]
    assert len(rows) >= 2
    first, later = rows[0], rows[-1]
    out = tmp_path / "attest.pdf"
    run_cli("report", "attestation", demo_copy, "--doctor", 12, "--placements", first[0],
            "--out", out)
    with sqlite3.connect(demo_copy) as conn:
        [(ids,)] = conn.execute("SELECT placement_ids FROM attestations").fetchall()
    assert json.loads(ids) == [first[0]]
    text = text_of(out.read_bytes())
    from datetime import date
    assert fmt(date.fromisoformat(first[1])) in text
    assert fmt(date.fromisoformat(later[2])) not in text
    refused = run_cli("report", "attestation", demo_copy, "--doctor", 12, "--placements",
                      other, "--out", tmp_path / "x.pdf", check=False)
    assert refused.returncode == 2 and "Finner ikke tjenesteperiode" in refused.stderr
    garbled = run_cli("report", "attestation", demo_copy, "--doctor", 12, "--placements",
                      "12,x", "--out", tmp_path / "y.pdf", check=False)
    assert garbled.returncode == 2 and "ikke en liste med id-er" in garbled.stderr
    with sqlite3.connect(demo_copy) as conn:
        assert conn.execute("SELECT count(*) FROM attestations").fetchone()[0] == 1
