"""The Rapporter view driven as a user would: preview, print to PDF, batch printing off the
GUI thread with cancel, issuing an attestation through its dialog, the register's identical
reprint, and the handover pack."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from alis_desktop.dates import fmt
from tests.reports.pdftools import text_of
from ui.reports.attestation_dialog import AttestationDialog
from ui.reports.batch import BatchWorker, Job
from ui.reports.view import ReportsView


@pytest.fixture
def view(qtbot, context, tmp_path):
    v = ReportsView(context)
    qtbot.addWidget(v)
    v.resize(1300, 800)
    v.show()
    v.opened = []
    v.open_file = v.opened.append
    v.choose_path = lambda suggested: str(tmp_path / "ut" / suggested.split("/")[-1])
    v.choose_folder = lambda caption: str(tmp_path / "mappe")
    (tmp_path / "ut").mkdir()
    return v


def select(view, *names):
    view.doctors.clearSelection()
    selection = view.doctors.selectionModel()
    for r in range(view.doctor_proxy.rowCount()):
        index = view.doctor_proxy.index(r, 0)
        if index.data() in names:
            selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)


def set_kind(view, key):
    view.kind.setCurrentIndex(view.kind.findData(key))


def test_preview_shows_the_first_page(view, context):
    name = context.store.get("doctors", 7).name
    select(view, name)
    view.preview()
    assert not view.error.text()
    pixmap = view.page.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    assert pixmap.height() > pixmap.width()  # an A4 page, upright
    assert abs(pixmap.width() - round(595 / 72 * 72)) <= 1  # A4 at 72 dpi, by pypdfium2
    image = pixmap.toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert "#ffffff" in colours and len(colours) > 2  # white paper with print on it
    assert name in view.preview_caption.text()


def test_preview_without_a_doctor_asks_for_one(view):
    view.preview()
    assert view.error.text() == "Velg en lege i listen."


def test_print_plan_to_pdf_and_open_it(view, context):
    name = context.store.get("doctors", 7).name
    select(view, name)
    out = view.print_pdf()
    assert out is not None and out.exists()
    assert name in text_of(out.read_bytes())
    assert view.opened == [out]
    view.open_after.setChecked(False)
    view.print_pdf()
    assert view.opened == [out]  # not opened when the box is unchecked


def test_municipal_plan_needs_no_doctor(view, context):
    set_kind(view, "municipal-plan")
    assert not view.doctors.isEnabled() and view.end_label.text() == "Per dato"
    out = view.print_pdf()
    assert context.store.municipality().name in text_of(out.read_bytes())


def test_batch_printing_runs_off_the_gui_thread_and_can_be_cancelled(view, qtbot, tmp_path):
    view.select_active()
    chosen = view.selected_doctors()
    assert len(chosen) >= 8
    batch = view.print_batch()
    assert batch is not None and batch.dialog.isVisible()
    # The first document is done (signals from the worker arrive on the GUI thread).
    with qtbot.waitSignal(batch.progressed, timeout=30000,
                          check_params_cb=lambda n: n >= 1):
        pass
    cancel = next(b for b in batch.dialog.findChildren(QPushButton) if b.text() == "Avbryt")
    with qtbot.waitSignal(batch.finished, timeout=60000) as done:
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert result.cancelled and not result.error
    assert 1 <= len(result.written) < len(chosen)
    for path in result.written:
        assert path.parent == tmp_path / "mappe" and path.read_bytes().startswith(b"%PDF")
    assert not batch.thread.isRunning() and not batch.dialog.isVisible()
    assert "(avbrutt)" in view.status.text()
    assert view.opened == []  # a cancelled batch does not open the folder


def test_batch_completes_and_opens_the_folder(view, qtbot, context, tmp_path):
    names = [context.store.get("doctors", i).name for i in (5, 7)]
    select(view, *names)
    batch = view.print_batch()
    with qtbot.waitSignal(batch.finished, timeout=60000) as done:
        pass
    result = done.args[0]
    assert not result.cancelled and len(result.written) == 2
    assert sorted(n for n in names if any(n in p.name for p in result.written)) == sorted(names)
    assert view.opened == [tmp_path / "mappe"]


def test_worker_stops_before_the_next_document(qtbot, demo_copy, tmp_path):
    """Cancel between documents leaves exactly the documents already written."""
    worker = BatchWorker(demo_copy, [Job("plan", i, f"lege {i}") for i in (5, 6, 7)],
                         tmp_path, __import__("datetime").date(2026, 11, 26))
    worker.progress.connect(lambda n, _label: n == 1 and worker.cancel(),
                            Qt.ConnectionType.DirectConnection)
    results = []
    worker.done.connect(results.append)
    worker.run()  # run inline: the worker needs nothing from the GUI thread
    assert results[0].cancelled and len(results[0].written) == 1


def test_batch_refuses_attestations(view, context):
    set_kind(view, "attestation")
    assert not view.batch_button.isEnabled()
    select(view, context.store.get("doctors", 7).name)
    assert view.print_batch() is None
    assert "utdanningsplaner" in view.error.text()


def test_attestation_dialog_refuses_an_empty_field_by_name(qtbot, context):
    dialog = AttestationDialog(context, 12, as_of=__import__("datetime").date(2026, 11, 26))
    qtbot.addWidget(dialog)
    dialog.choose_path = lambda s: pytest.fail("no file dialog for an incomplete attestation")
    dialog.content.setPlainText("   ")
    dialog.accept()
    assert "tjenestens innhold" in dialog.error.text()
    assert "c62828" in dialog.content.styleSheet()
    assert context.store.count("attestations") == 0


def test_attestation_dialog_names_fields_fixed_elsewhere(qtbot, context):
    doctor = context.store.get("doctors", 12)
    doctor.hpr_number = ""
    context.save(doctor)
    dialog = AttestationDialog(context, 12)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert "HPR-nummer" in dialog.error.text()
    assert "legens opplysninger" in dialog.error.text()
    assert context.store.count("attestations") == 0


def test_issue_then_reprint_identically_from_the_register(view, qtbot, context, tmp_path):
    dialog = AttestationDialog(context, 12)
    qtbot.addWidget(dialog)
    dialog.choose_path = lambda s: str(tmp_path / "attest.pdf")
    with qtbot.waitSignal(context.changed, timeout=5000):
        dialog.accept()
    assert dialog.issued is not None and dialog.written == tmp_path / "attest.pdf"
    original = dialog.written.read_bytes()
    assert hashlib.sha256(original).hexdigest() == dialog.issued.sha256

    register = view.register
    assert register.model.rowCount() == 1
    row = register.model.row_object(0)
    assert (row.number, row.intact, row.issued) == (dialog.issued.number, True,
                                                    dialog.issued.issued_date)
    assert register.proxy.index(0, 2).data() == fmt(dialog.issued.issued_date)
    register.table.selectRow(0)
    register.choose_path = lambda s: str(tmp_path / "kopi.pdf")
    again = register.reprint_selected()
    assert again.read_bytes() == original
    audit = context.store.all("audit_log", "action = 'attest utstedt'")
    assert [a.record_id for a in audit] == [dialog.issued.id]


def test_handover_pack_from_the_view(view, tmp_path):
    pack = view.handover()
    assert pack.pdf.exists() and pack.copy.path.exists()
    assert pack.copy.sha256 in view.result.toPlainText()
    assert view.opened == [pack.pdf]


def test_file_check_still_reports(view):
    view.check()
    assert "Integritet: ok" in view.result.toPlainText()


def test_attestation_dialog_shows_every_period_whole(qtbot, context):
    """The list of periods is not clipped sideways: each line fits the list at the dialog's
    own size, and a started pencilled-in period is shown, not chosen, saying why."""
    import dataclasses
    from datetime import date
    doctor = max(context.store.all("doctors"),
                 key=lambda d: sum(p.status == "completed"
                                   for p in context.store.for_doctor("placements", d.id)))
    current = next((p for p in context.store.for_doctor("placements", doctor.id)
                    if p.start_date <= date.today() <= p.end_date), None)
    if current is not None:
        context.save(dataclasses.replace(current, status="planned"))
    dialog = AttestationDialog(context, doctor.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    listing = dialog.placements
    assert listing.count() >= 3
    room = listing.viewport().width()
    metrics = listing.fontMetrics()
    for i in range(listing.count()):
        for line in listing.item(i).text().split("\n"):
            assert metrics.horizontalAdvance(line) + 30 <= room, line
    if current is not None:
        shown = [listing.item(i) for i in range(listing.count())
                 if listing.item(i).data(Qt.ItemDataRole.UserRole) == current.id]
        assert shown and "bekreft som avtalt" in shown[0].text()
        assert not shown[0].flags() & Qt.ItemFlag.ItemIsEnabled
        assert dialog._chosen_ids() is None  # every agreed period: the whole training
