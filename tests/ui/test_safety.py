"""Data safety in the window: the lock question, the read-only banner, the heartbeat,
automatic backups, restore, the audit log viewer and the personal-data dialog."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt

from alis_desktop import models as m
from db import backup as bk
from db.connection import backup_dir_for
from db.lock import FileLocked, lock_path_for, read_lock
from db.store import Store
from tests.conftest import TODAY
from ui import settings
from ui.audit.dialog import AuditDialog
from ui.backup.dialog import RestoreDialog
from ui.data import DataContext
from ui.main_window import MainWindow
from ui.safety import opening
from ui.safety.banner import ReadOnlyBanner
from ui.safety.keeper import LockKeeper
from ui.safety.personal import PersonalDataDialog


def foreign_lock(path, *, minutes_old: int = 0, host: str = "kontor-pc-7") -> None:
    stamp = datetime.now().replace(microsecond=0).timestamp() - minutes_old * 60
    when = datetime.fromtimestamp(stamp).isoformat()
    lock_path_for(path).write_text(json.dumps(
        {"user": "kari", "host": host, "pid": 4242, "since": when, "heartbeat": when,
         "token": "f" * 32, "program": "0.1.0"}), encoding="utf-8")


def make_window(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def answers(monkeypatch):
    """Record the lock questions and warnings instead of showing them."""
    asked, warned, choice = [], [], {"value": opening.READ_ONLY}
    monkeypatch.setattr(opening, "ask_locked",
                        lambda parent, exc: asked.append(exc) or choice["value"])
    monkeypatch.setattr(opening, "warn", lambda parent, title, text: warned.append(text))
    return asked, warned, choice


def test_locked_question_offers_take_over_only_for_a_stale_lock(qtbot, demo_copy):
    foreign_lock(demo_copy)
    with pytest.raises(FileLocked) as fresh:
        Store.open(demo_copy)
    box = opening.locked_box(None, fresh.value)
    qtbot.addWidget(box)
    assert [b.text() for b in box.buttons()] == ["Åpne skrivebeskyttet", "Avbryt"]
    assert "Filen demo.alis er åpnet av kari på maskin kontor-pc-7 siden" in box.text()
    foreign_lock(demo_copy, minutes_old=24 * 60)
    with pytest.raises(FileLocked) as stale:
        Store.open(demo_copy)
    box = opening.locked_box(None, stale.value)
    qtbot.addWidget(box)
    assert "Ta over filen" in [b.text() for b in box.buttons()]
    box.buttons()[[b.text() for b in box.buttons()].index("Ta over filen")].click()
    assert box.property("choice") == opening.TAKE_OVER


@pytest.fixture
def shared(demo_file, tmp_path):
    """A second copy of the demo, as if on a shared drive."""
    path = tmp_path / "felles" / "demo.alis"
    path.parent.mkdir()
    shutil.copy(demo_file, path)
    return path


def test_locked_file_opens_read_only_with_banner_and_no_edits(qtbot, context, shared,
                                                               answers):
    asked, _, _ = answers
    foreign_lock(shared)
    window = make_window(qtbot, context)
    assert window.banner.isHidden()
    assert window.open_path(shared)
    assert isinstance(asked[0], FileLocked)
    assert context.read_only and context.store.lock is None
    assert window.banner.isVisible()
    since = asked[0].info.since_time()
    assert window.banner.text() == (
        "Skrivebeskyttet: du kan lese og skrive ut, men endringer kan ikke lagres. Filen er "
        f"åpnet av kari på maskin kontor-pc-7 siden {since:%d.%m.%Y} kl. {since:%H:%M}.")
    assert "(skrivebeskyttet)" in window.windowTitle()
    doctors = window.views["doctors"]
    assert not doctors.add_action.isEnabled() and not doctors.edit_action.isEnabled()
    assert read_lock(shared).user == "kari"  # the other copy's lock is untouched


def test_stale_lock_can_be_taken_over(qtbot, context, shared, answers):
    _, _, choice = answers
    foreign_lock(shared, minutes_old=24 * 60)
    choice["value"] = opening.TAKE_OVER
    window = make_window(qtbot, context)
    assert window.open_path(shared)
    assert not context.read_only and window.banner.isHidden()
    assert context.store.all("audit_log")[-1].action == "overtok filen"


def test_cancel_and_damaged_files_leave_the_current_file_open(qtbot, context, tmp_path,
                                                             answers):
    _, warned, choice = answers
    window = make_window(qtbot, context)
    current = context.store
    other = tmp_path / "annen.alis"
    Store.open(other, create=True).close()
    foreign_lock(other)
    choice["value"] = opening.CANCEL
    assert not window.open_path(other)
    bad = tmp_path / "brev.alis"
    bad.write_text("Ikke en database" * 20)
    digest = hashlib.sha256(bad.read_bytes()).hexdigest()
    assert not window.open_path(bad)
    assert "ikke en ALIS Desktop-fil" in warned[-1]
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == digest
    assert context.store is current


def test_opening_for_writing_makes_one_automatic_backup(qtbot, context, tmp_path):
    window = make_window(qtbot, context)
    path = tmp_path / "annen.alis"
    Store.open(path, create=True).close()
    assert window.open_path(path)
    folder = backup_dir_for(path)
    assert [b.kind for b in bk.list_backups(folder, "annen")] == ["auto"]
    assert "Automatisk sikkerhetskopi lagret" in window.statusBar().currentMessage()
    assert window.open_path(path)  # again within the interval: no second copy
    assert len(bk.list_backups(folder, "annen")) == 1


def test_chosen_backup_folder_is_used(qtbot, context, tmp_path):
    settings.set_backup_folder(tmp_path / "kopier")
    window = make_window(qtbot, context)
    window.backup()
    assert len(bk.list_backups(tmp_path / "kopier", "demo")) == 1
    assert not backup_dir_for(context.store.path).exists()


def test_heartbeat_notices_a_take_over_and_turns_the_window_read_only(qtbot, context):
    window = make_window(qtbot, context)
    keeper = LockKeeper(context, window, interval_ms=60_000)
    assert keeper.beat()
    foreign_lock(context.store.path)  # another copy took the file over
    with qtbot.waitSignal(keeper.lost) as lost:
        assert keeper.beat() is False
    assert "kari på maskin kontor-pc-7" in lost.args[0]
    assert context.read_only and window.banner.isVisible()
    assert not window.views["doctors"].add_action.isEnabled()
    assert keeper.beat()  # lost once, reported once


def test_restore_dialog_lists_backups_and_restores(qtbot, context, monkeypatch):
    store = context.store
    saved = bk.backup_now(store.path)
    store.save(m.Doctor(name="Etter kopien", start_date=date(2026, 1, 1)))
    dialog = RestoreDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    row = dialog.selected()
    assert row.backup.path == saved and row.count("doctors") == 12
    headers = [dialog.model.headerData(i, Qt.Orientation.Horizontal)
               for i in range(dialog.model.columnCount())]
    assert headers[:4] == ["Tatt", "Type", "Leger", "Perioder"]
    assert dialog.restore_button.isEnabled()
    monkeypatch.setattr(dialog, "confirm", lambda row: True)
    with qtbot.waitSignal(context.file_changed):
        assert dialog.restore_selected()
    assert store.count("doctors") == 12
    assert bk.contents(dialog.before).counts["doctors"] == 13


def test_restore_is_disabled_when_read_only(qtbot, demo_copy):
    bk.backup_now(demo_copy)
    context = DataContext(Store.open(demo_copy, read_only=True))
    try:
        dialog = RestoreDialog(context)
        qtbot.addWidget(dialog)
        assert dialog.model.rowCount() == 1 and not dialog.restore_button.isEnabled()
        assert not dialog.restore_selected()
    finally:
        context.store.close()


def test_audit_dialog_filters_and_exports_csv(qtbot, context, tmp_path):
    store = context.store
    placement = store.for_doctor("placements", 5)[0]
    placement.position_pct = 60.0
    context.save(placement)
    store.archive("arenas", store.all("arenas")[0].id)
    dialog = AuditDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    first = dialog.proxy.index(0, 0)
    assert dialog.proxy.index(0, 2).data() == "arkivert"  # newest first
    assert first.data().startswith(f"{date.today():%d.%m.%Y}")
    dialog.kind.setCurrentText("Tjenesteperiode")
    assert dialog.proxy.rowCount() == 1
    row = dialog.visible_rows()[0]
    assert row.concerns == store.get("doctors", 5).name
    assert "Stillingsprosent: 100 → 60" in row.entry.detail
    dialog.kind.setCurrentText("Alle")
    dialog.date_from.setText("01.01.2000")
    dialog.date_to.setText("31.12.2000")
    dialog._filter()
    assert dialog.proxy.rowCount() == 0 and dialog.count.text() == "0 av 2 rader"
    dialog.date_to.setText("")
    dialog._filter()
    out = dialog.export_csv(tmp_path / "logg.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Tidspunkt", "Bruker", "Handling", "Gjelder", "Id", "Hvem/hva",
                       "Detaljer"]
    assert [r[2] for r in rows[1:]] == ["arkivert", "endret"]


def test_personal_data_dialog_exports_and_erases_after_training(qtbot, context, tmp_path):
    dialog = PersonalDataDialog(context, doctor_id=12, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.doctor.currentText() == "Silje Jensen"
    assert not dialog.erase_button.isEnabled() and "avsluttet" in dialog.state.text()
    json_path, txt_path = dialog.export(tmp_path / "innsyn.json")
    assert json.loads(json_path.read_text(encoding="utf-8"))["doctor"]["name"] == "Silje Jensen"
    assert "Opplysninger om Silje Jensen" in txt_path.read_text(encoding="utf-8")

    doctor = context.store.get("doctors", 12)
    doctor.end_date, doctor.end_reason = date(2026, 4, 30), "Godkjent spesialist"
    context.save(doctor)
    dialog = PersonalDataDialog(context, doctor_id=12, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.erase_button.isEnabled()
    with qtbot.waitSignal(context.changed):
        changed = dialog.erase(reason="Rutine: sletting etter endt utdanning")
    assert changed["doctors"] == 1
    assert dialog.doctor.currentText() == "Anonymisert lege 12"
    assert not dialog.erase_button.isEnabled()


def test_file_menu_holds_the_safety_entries(qtbot, context):
    window = make_window(qtbot, context)
    items = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()
             if a.text()]
    for text in ("Sikkerhetskopier nå", "Gjenopprett fra sikkerhetskopi ...",
                 "Mappe for sikkerhetskopier ...", "Revisjonslogg ...", "Personvern ..."):
        assert text in items


def test_banner_hidden_while_writable(qtbot, context):
    banner = ReadOnlyBanner(context)
    qtbot.addWidget(banner)
    assert banner.isHidden()


def test_folder_without_write_access_opens_read_only(qtbot, context, shared, answers,
                                                     monkeypatch):
    """A share where the user may read but not create files: read-only, with the reason."""
    import db.lock
    real_open = db.lock.os.open

    def refuse_lock(path, *args, **kw):
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Ingen tilgang")
        return real_open(path, *args, **kw)
    monkeypatch.setattr(db.lock.os, "open", refuse_lock)
    _, warned, _ = answers
    window = make_window(qtbot, context)
    assert window.open_path(shared)
    assert context.read_only and "låsefilen demo.alis.lock" in warned[-1]


def test_uncaught_user_errors_become_a_message(qtbot, monkeypatch):
    """A view that forgot to catch FileProblem (a write in read-only mode) shows the message."""
    import sys

    from alis_desktop.errors import FileProblem
    from ui.safety import errors
    shown, passed_on = [], []
    monkeypatch.setattr(errors, "show", shown.append)
    monkeypatch.setattr(sys, "excepthook", lambda *a: passed_on.append(a[0]))
    errors.install()
    sys.excepthook(FileProblem, FileProblem("Filen er åpnet skrivebeskyttet."), None)
    sys.excepthook(KeyError, KeyError("bug"), None)
    assert shown == ["Filen er åpnet skrivebeskyttet."] and passed_on == [KeyError]
