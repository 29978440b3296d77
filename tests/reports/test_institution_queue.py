"""The list for the health trust's coordinator (reports/institution_queue.py), read back:
PDF text with pypdf, spreadsheet cells with openpyxl, and the command line."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import institution_queue as q
from tests.conftest import run_cli

TODAY = date(2026, 11, 26)


@pytest.fixture
def demo(demo_file):
    from db.store import Store
    store = Store.open(demo_file, read_only=True)
    yield store
    store.close()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def sheet_rows(data: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(data)).active
    return list(ws.iter_rows(values_only=True))


def test_pdf_lists_the_doctors_in_rank_order_with_periods_departments_and_reasons(demo):
    entries = q.load(demo, TODAY)
    text = flat(pdf_text(q.build_pdf(entries, demo.municipality(), TODAY)))
    assert "Venteliste for institusjonstjeneste" in text
    assert "Fjordvik kommune · per 26.11.2026 · kommune med mangel på spesialister: ja" in text
    positions = [text.index(e.doctor.name) for e in entries]
    assert positions == sorted(positions)
    for e in entries:
        assert e.request.departments[0] in text
        assert f"{e.request.desired_start:%d.%m.%Y}" in text
        # The reason is printed (its first 60 characters are enough to find it).
        assert flat("Begrunnelse: " + e.reason)[:60] in text
    assert "Ikke aktuell ennå: under 2 års tellende tjeneste" in text
    assert "Grå rader" in text


def test_xlsx_holds_one_row_per_request_with_dates_and_numbers(demo):
    entries = q.load(demo, TODAY)
    rows = sheet_rows(q.build_xlsx(entries, demo.municipality(), TODAY))
    header = rows.index(tuple(q.HEADERS))
    body = rows[header + 1:]
    col = {h: i for i, h in enumerate(q.HEADERS)}
    assert [r[col["Nr."]] for r in body] == [e.rank for e in entries]
    assert [r[col["Lege"]] for r in body] == [e.doctor.name for e in entries]
    for r, e in zip(body, entries):
        assert r[col["Ønsket fra"]] == datetime.combine(e.request.desired_start,
                                                        datetime.min.time())
        assert r[col["Avdelinger (i prioritert rekkefølge)"]] == ", ".join(e.request.departments)
        assert r[col["Tellende tjeneste (mnd)"]] == pytest.approx(e.candidate.counted_months,
                                                                   abs=0.05)
        assert r[col["Aktuell nå"]] == ("Ja" if e.candidate.eligible else "Nei")
        assert r[col["Kommune"]] == "Fjordvik kommune" and r[col["Mangel på spesialister"]] == "Ja"
        assert r[col["Begrunnelse"]] == e.reason


def test_an_override_is_printed_with_its_note(demo_copy):
    from db import institution as inst
    from db.store import Store
    store = Store.open(demo_copy)
    try:
        last = inst.queue(store, TODAY)[-1]
        inst.set_override(store, last.request.id, 1, "Avtalt med koordinator")
        entries = q.load(store, TODAY)
        pdf = flat(pdf_text(q.build_pdf(entries, store.municipality(), TODAY)))
        rows = sheet_rows(q.build_xlsx(entries, store.municipality(), TODAY))
    finally:
        store.close()
    assert entries[0].doctor.name == last.doctor.name
    assert "Overstyrt av leder til plass 1: Avtalt med koordinator" in pdf
    first = rows[rows.index(tuple(q.HEADERS)) + 1]
    assert first[q.HEADERS.index("Overstyrt av leder")] == "Plass 1: Avtalt med koordinator"


def test_an_empty_list_says_so(new_store):
    text = pdf_text(q.build_pdf(q.load(new_store, TODAY), new_store.municipality(), TODAY))
    assert "Ingen leger står på ventelisten." in text
    rows = sheet_rows(q.build_xlsx([], new_store.municipality(), TODAY))
    assert rows[-1] == tuple(q.HEADERS)


def test_the_same_list_gives_the_same_bytes(demo, monkeypatch):
    """Also across a tick of the clock (openpyxl stamps files with the time)."""
    import time
    entries = q.load(demo, TODAY)
    m = demo.municipality()
    first_pdf, first_xlsx = q.build_pdf(entries, m, TODAY), q.build_xlsx(entries, m, TODAY)
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert q.build_pdf(entries, m, TODAY) == first_pdf
    assert q.build_xlsx(entries, m, TODAY) == first_xlsx
    assert load_workbook(io.BytesIO(first_xlsx)).properties.modified == datetime(2026, 11, 26)


def test_command_line_writes_the_pdf_and_the_xlsx_beside_it(tmp_path, demo_file):
    proc = run_cli("report", "institution-queue", demo_file, "--out", tmp_path / "liste.pdf",
                   "--to", "26.11.2026")
    assert f"Skrev {tmp_path / 'liste.pdf'}" in proc.stdout
    pdf = (tmp_path / "liste.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and "Venteliste" in pdf_text(pdf)
    rows = sheet_rows((tmp_path / "liste.xlsx").read_bytes())
    assert tuple(q.HEADERS) in rows
    proc = run_cli("report", "institution-queue", demo_file, "--out", tmp_path / "b.xlsx")
    assert f"Skrev {tmp_path / 'b.xlsx'}" in proc.stdout
    assert (tmp_path / "b.pdf").exists()


def test_command_line_refuses_a_missing_folder(tmp_path, demo_file):
    proc = run_cli("report", "institution-queue", demo_file, "--out",
                   tmp_path / "finnes-ikke" / "liste.pdf", check=False)
    assert proc.returncode == 2 and "finnes ikke" in proc.stderr
