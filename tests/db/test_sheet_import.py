"""Writing a spreadsheet import into a real file: all or nothing, one transaction, audited,
a backup before (db/sheet_import.py)."""

from __future__ import annotations

from datetime import date

import pytest

from alis_desktop import audit as audit_text
from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.sheet_import import preview_sheet
from alis_desktop.sheet_table import read_csv_text
from db import backup as bk
from db.connection import backup_dir_for
from db.sheet_import import existing, write_preview
from db.store import Store

TODAY = date(2026, 12, 3)
PLACEMENTS = ("Navn;Arbeidssted;Fra;Til;Stilling %\n"
              "Kari Nordmann;Sentrum legesenter;01.09.2023;31.08.2025;100\n"
              "Kari Nordmann;Fjellbygd sykehjem;01.09.2025;28.02.2026;80\n"
              "Ola Ny;Sentrum legesenter;01.02.2024;31.01.2026;0,8\n")


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "k.alis", create=True)
    s.save(m.Doctor(name="Kari Nordmann", start_date=date(2023, 9, 1)))
    yield s
    s.close()


def preview(store, text, **kw):
    return preview_sheet("placements", read_csv_text(text), existing(store), today=TODAY, **kw)


def test_clean_import_is_one_transaction_with_new_records_and_an_audit_line(store):
    p = preview(store, PLACEMENTS, create_missing=True)
    assert p.clean, p.report()
    statements = []
    store.conn.set_trace_callback(statements.append)
    try:
        counts = write_preview(store, p)
    finally:
        store.conn.set_trace_callback(None)
    assert counts == {"doctors": 1, "arenas": 2, "placements": 3}
    assert sum(1 for s in statements if s.strip().upper().startswith("COMMIT")) == 1
    placements = store.all("placements")
    ola = next(d for d in store.all("doctors") if d.name == "Ola Ny")
    assert [p.doctor_id for p in placements] == [1, 1, ola.id]  # temporary ids resolved
    assert ola.start_date == date(2024, 2, 1)
    assert {a.name for a in store.all("arenas")} == {"Sentrum legesenter", "Fjellbygd sykehjem"}
    log = store.all("audit_log")
    assert log[-1].action == audit_text.SHEET_IMPORTED
    assert log[-1].detail == "Lege: 1, Læringsarena: 2, Tjenesteperiode: 3"
    assert sum(1 for e in log if e.kind == "placements" and e.action == "opprettet") == 3


def test_backup_is_taken_before_the_import(store):
    p = preview(store, PLACEMENTS, create_missing=True)
    write_preview(store, p)
    (taken,) = [b for b in bk.list_backups(backup_dir_for(store.path), "k")
                if b.kind == bk.BEFORE_IMPORT]
    assert taken.kind_name == "Før import"
    before = bk.contents(taken.path)
    assert before.counts["doctors"] == 1 and before.counts["placements"] == 0


def test_a_preview_with_one_bad_row_writes_nothing(store):
    bad = PLACEMENTS.replace("28.02.2026", "30.02.2026")
    p = preview(store, bad, create_missing=True)
    assert p.errors() == ["rad 3, «Til»: 30.02.2026 er ikke en dato"]
    before = store.counts()
    with pytest.raises(ValidationError, match="Ingenting er importert: rad 3"):
        write_preview(store, p)
    assert store.counts() == before


def test_a_failure_while_writing_rolls_everything_back(store, monkeypatch):
    p = preview(store, PLACEMENTS, create_missing=True)
    before = store.counts()
    calls = []
    real_save = store.save

    def failing_save(record, **kw):
        calls.append(record)
        if len(calls) == 5:  # after the new doctor, arenas and one placement
            raise ValidationError("x", "disken er full")
        return real_save(record, **kw)
    monkeypatch.setattr(store, "save", failing_save)
    with pytest.raises(ValidationError):
        write_preview(store, p, backup=False)
    assert store.counts() == before
