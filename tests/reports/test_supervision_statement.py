"""The supervision payment statement and the grant summary, written to real files and read
back (PDF text with pypdf, xlsx with openpyxl, csv as text); the CLI runs the same path."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from alis_desktop import models as m
from reports import supervision_grant, supervision_statement
from tests.conftest import run_cli


@pytest.fixture
def store(new_store):
    s = new_store
    muni = s.municipality()
    muni.name, muni.leader_name, muni.leader_title = "Fjellbygd kommune", "Rita Leder", "Kommuneoverlege"
    muni.supervision_rate, muni.preparation_rate = 1000.0, 800.0
    s.save(muni)
    s.save(m.Arena(name="Legesenteret"))
    s.save(m.Doctor(name="Ada Lege", start_date=date(2025, 1, 1), cost_code="ALIS-001",
                    alis_agreement_date=date(2025, 1, 1)))
    s.save(m.Doctor(name="Bo Lege", start_date=date(2025, 1, 1), cost_code="ALIS-002"))
    s.save(m.Supervisor(name="Vera Veileder"))
    s.save(m.Supervisor(name="Per Privat", employment="self_employed"))
    for did in (1, 2):
        s.save(m.Placement(doctor_id=did, arena_id=1, start_date=date(2025, 1, 1),
                           end_date=date(2026, 12, 31)))
    for d, did, sid, h in ((date(2026, 2, 3), 1, 1, 2.0), (date(2026, 2, 17), 1, 1, 1.5),
                           (date(2026, 3, 4), 1, 1, 4.0), (date(2026, 2, 10), 2, 2, 3.0),
                           (date(2026, 4, 1), 2, 2, 2.0), (date(2026, 5, 2), 1, 1, 1.0)):
        s.save(m.SupervisionSession(doctor_id=did, supervisor_id=sid, date=d, hours=h,
                                    topics="Kasus"))
    s.save(m.SupervisionSession(doctor_id=1, supervisor_id=1, date=date(2026, 3, 20),
                                hours=2.0, planned=True))
    return s


def pdf_text(path):
    """The text of all pages with runs of white space as one space (cells wrap in tables)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def test_pdf_statement_shows_totals_per_supervisor_and_signature_line(store, tmp_path):
    out = supervision_statement.export(store, tmp_path / "s.pdf", None, date(2026, 2, 1),
                                       date(2026, 4, 30))
    text = pdf_text(out)
    assert "Periode: 01.02.2026–30.04.2026" in text
    # Vera: 7.5 h with Ada in Feb-Mar (planned excluded), prep 2 months = 3 h.
    assert "Sum 3 7,5 3 10,5 9 900,00 kr" in text
    # Per: 5 h with Bo in Feb and Apr, prep 3 h: 5 x 1000 + 3 x 800.
    assert "Sum 2 5 3 8 7 400,00 kr" in text
    assert "Sum 5 12,5 6 18,5 17 300,00 kr" in text       # the summary of both
    assert "Rita Leder" in text and "Attestert for utbetaling" in text
    assert "Honorar mot faktura" in text


def test_xlsx_statement_has_numbers_for_payroll(store, tmp_path):
    out = supervision_statement.export(store, tmp_path / "s.xlsx", 1, date(2026, 2, 1),
                                       date(2026, 4, 30))
    wb = load_workbook(out)
    ws = wb["Utbetaling"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows[0] == tuple(supervision_statement.HEADER)
    assert rows[1] == ("Vera Veileder", "Ansatt", "Ada Lege", "ALIS-001", 3, 7.5, 2, 3.0, 10.5,
                       9900.0)
    assert rows[-1][0] == "Sum" and rows[-1][5] == 7.5 and rows[-1][9] == 9900.0
    detail = list(wb["Timer"].iter_rows(min_row=2, values_only=True))
    assert [(r[0].date(), r[4]) for r in detail] == [
        (date(2026, 2, 3), 2.0), (date(2026, 2, 17), 1.5), (date(2026, 3, 4), 4.0)]


def test_csv_statement_uses_semicolons_and_decimal_commas(store, tmp_path):
    out = supervision_statement.export(store, tmp_path / "s.csv", None, date(2026, 2, 1),
                                       date(2026, 4, 30))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[-1] == ["Sum", "", "", "", "5", "12,50", "", "6,00", "18,50", "17300,00"]


def test_same_input_gives_identical_pdf_bytes(store, tmp_path):
    a = supervision_statement.export(store, tmp_path / "a.pdf", 1, date(2026, 1, 1),
                                     date(2026, 6, 30)).read_bytes()
    b = supervision_statement.export(store, tmp_path / "b.pdf", 1, date(2026, 1, 1),
                                     date(2026, 6, 30)).read_bytes()
    assert a == b


def test_unknown_format_and_reversed_period_are_refused(store, tmp_path):
    with pytest.raises(ValueError, match="filtype"):
        supervision_statement.export(store, tmp_path / "s.docx")
    with pytest.raises(ValueError, match="før fra-dato"):
        supervision_statement.export(store, tmp_path / "s.pdf", None, date(2026, 5, 1),
                                     date(2026, 4, 1))


def test_grant_summary_pdf_and_xlsx_report_the_years_figures(store, tmp_path):
    pdf = supervision_grant.export(store, 2026, tmp_path / "g.pdf", as_of=date(2026, 12, 31))
    text = pdf_text(pdf)
    assert "Tilskudd Nasjonal ALIS og veiledning – grunnlag 2026" in text
    assert "Herav med ALIS-avtale 1" in text
    assert "Veiledningstimer (herav etter ALIS-avtale) 13,5 (8,5)" in text
    wb = load_workbook(supervision_grant.export(store, 2026, tmp_path / "g.xlsx",
                                                as_of=date(2026, 12, 31)))
    docs = list(wb["Leger"].iter_rows(min_row=2, values_only=True))
    ada = next(r for r in docs if r[0] == "Ada Lege")
    assert ada[1] == "ALIS-001" and ada[3] == 12 and ada[6] == 8.5 and ada[7] == 4.5
    bo = next(r for r in docs if r[0] == "Bo Lege")
    assert bo[2] is None and bo[8] == 0 and bo[11] == 0


def test_cli_prints_the_statement_from_the_demo(demo_file, tmp_path):
    out = tmp_path / "veiledning.pdf"
    proc = run_cli("report", "supervision", demo_file, "--supervisor", "1", "--from",
                   "01.01.2026", "--to", "26.11.2026", "--out", out)
    assert "Skrev" in proc.stdout
    text = pdf_text(out)
    assert "Veiledning – utbetaling" in text and "Periode: 01.01.2026–26.11.2026" in text
    assert "Sum" in text


def test_cli_unknown_supervisor_is_a_clear_error(demo_file, tmp_path):
    proc = run_cli("report", "supervision", demo_file, "--supervisor", "999", "--out",
                   tmp_path / "x.pdf", check=False)
    assert proc.returncode != 0 and "finner ingen veileder med id 999" in proc.stderr


def test_charts_draw_without_qt(store):
    from alis_desktop.supervision import doctor_supervision
    from reports.charts.supervision import YearBar, doctor_chart, overview_chart
    doctor = store.get("doctors", 1)
    status = doctor_supervision(doctor, store.for_doctor("placements", 1), [],
                                store.for_doctor("supervision_sessions", 1), [],
                                date(2026, 6, 30))
    fig = doctor_chart(status)
    ax = fig.axes[0]
    assert len(ax.patches) == len(status.months[-24:])
    assert [round(p.get_height(), 2) for p in ax.patches][-5:] == [3.5, 4.0, 0, 1.0, 0]
    fig2 = overview_chart([YearBar("Ada", 8.5, 17.5, True), YearBar("Bo", 5.0, 17.5)], 2026)
    assert len(fig2.axes[0].patches) == 2
