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
