"""Kommunens plan: sections edited, reset, added, moved and removed in the window, each
saved in one audited write; contacts typed in a table; a version adopted; a Word copy."""

from __future__ import annotations

from datetime import date

import pytest

from alis_desktop.plan_text import default_of


@pytest.fixture
def view(qtbot, context, keep):
    from ui.plan.view import PlanView
    return keep(PlanView(context))


def _select(view, key):
    row = next(i for i, r in enumerate(view.sections.records) if r.key == key)
    view.sections.list.setCurrentRow(row)
    return row


def test_edit_preview_save_and_reset(view, context):
    editor = view.sections
    _select(view, "on_call")
    editor.text.setPlainText("Legene i {kommune} har i snitt 2 vakter per måned. {feil}")
    name = context.store.municipality().name
    assert f"Legene i {name} har" in editor.preview.toPlainText()
    assert "{feil}" in editor.warnings.text()
    assert editor.save_current()
    stored = next(s for s in context.store.all("plan_sections") if s.key == "on_call")
    assert stored.text.startswith("Legene i {kommune}")
    assert editor.list.currentItem().text().endswith("✎")
    log = context.store.all("audit_log", "kind = 'plan_sections'")
    assert log  # audited
    assert editor.reset_current()
    stored = next(s for s in context.store.all("plan_sections") if s.key == "on_call")
    assert stored.text is None
    assert editor.text.toPlainText() == default_of("on_call").text


def test_add_move_and_remove_sections(view, context):
    editor = view.sections
    assert editor.add("appendix")
    editor.title.setText("Prosedyreliste")
    editor.text.setPlainText("- EKG")
    assert editor.save_current()
    assert editor.list.item(editor.list.count() - 1).text().startswith(
        "Vedlegg 1: Prosedyreliste")
    row = _select(view, "leave")
    assert editor.move(-1)
    assert editor.records[row - 1].key == "leave"
    _select(view, "roles")
    assert editor.remove_current()
    assert "fjernet" in editor.list.item(_select(view, "roles")).text()


def test_contacts_table_saved_in_one_go(view, context):
    contacts = view.contacts
    model = contacts.editor.model
    model.add_row({"role": "Kommuneoverlege", "name": "Bjarne", "phone": "92081879",
                   "email": "b@k.no"})
    assert contacts.save()
    assert any(c.phone == "92081879" for c in context.store.all("plan_contacts"))
    model.add_row({"role": "Leder", "name": "X", "email": "ikke-epost"})
    before = context.store.count("plan_contacts")
    assert not contacts.save()
    assert "Rad" in contacts.error.text() and context.store.count("plan_contacts") == before


def test_arena_condition_and_activities(view, context):
    arenas = view.arenas
    arenas.condition.setText("Forutsetter legevakt.")
    arenas.activities.editor.model.add_row({"goal": "ALM 068", "here": "40 legevakter"})
    assert arenas.save()
    arena_id = arenas.arena_id()
    assert context.store.all("arena_conditions", "arena_id = ?", [arena_id])[0].text == \
        "Forutsetter legevakt."
    assert context.store.all("arena_activities")[0].goal_code == "ALM-068"


def test_adopt_a_version_write_word_and_reprint(view, context, tmp_path, qtbot):
    dialog = view.adopt()
    dialog.fields["version"].setText("1.0")
    dialog.fields["adopted_date"].set_date(date(2026, 12, 1))
    dialog.fields["adopted_by"].setText("Kommunalsjef")
    with qtbot.waitSignal(dialog.finished, timeout=30000):
        dialog.accept()  # the PDF is rendered on a worker thread, then saved here
    assert view.version_model.rowCount() == 1 and "1.0" in view.status.text()
    kept = context.store.all("plan_versions")[0]
    assert kept.sha256 and kept.pdf.startswith(b"%PDF")
    assert context.store.all("audit_log", "kind = 'plan_versions'")

    view.choose_path = lambda suggested: str(tmp_path / "plan.docx")
    with qtbot.waitSignal(view.written, timeout=30000):
        view.write(".docx")
    from reports.municipal_plan_docx import headings_of
    assert headings_of((tmp_path / "plan.docx").read_bytes())[0] == (1, "1. Innledning")

    view.versions.selectRow(0)
    view.choose_path = lambda suggested: str(tmp_path / "vedtatt.pdf")
    with qtbot.waitSignal(view.written, timeout=30000):
        view.reprint()
    assert (tmp_path / "vedtatt.pdf").read_bytes() == kept.pdf


def test_adopt_refuses_without_who(view, context):
    dialog = view.adopt()
    dialog.fields["adopted_by"].setText("")
    dialog.accept()
    assert "Vedtatt av" in dialog.error.text() and dialog.isVisible()
    assert context.store.count("plan_versions") == 0
    dialog.reject()


def test_arena_register_selection_drives_the_plan_tab(qtbot, context, keep):
    from ui.arenas.view import ArenasView
    view = keep(ArenasView(context))
    view.table.selectRow(1)
    arena = view.selected_arena()
    assert view.plan.arena_id() == arena.id
    view.plan.condition.setText("Forutsetter deltakelse i legevakt.")
    assert view.plan.save()
    assert context.store.all("arena_conditions", "arena_id = ?", [arena.id])


def test_courses_edited_and_a_shipped_course_removed(view, context):
    courses = view.courses
    rows = courses.editor.model.rows
    assert [r["code"] for r in rows] == ["GK-A", "GK-B", "GK-C", "GK-D", "EMNE", "AKUTT"]
    rows[0]["goals"] = "ALM 001, 008-009"
    courses.editor.model.remove_row(5)  # AKUTT out of the plan
    courses.editor.model.add_row({"code": "LOKAL", "name": "Lokalt kurs", "goals": "ALM 088"})
    assert courses.save()
    from alis_desktop.plan_text import effective_courses
    table = effective_courses(context.store.all("plan_courses"))
    assert [c.code for c in table] == ["GK-A", "GK-B", "GK-C", "GK-D", "EMNE", "LOKAL"]
    assert table[0].goals == ["ALM-001", "ALM-008", "ALM-009"]


def test_read_only_file_disables_the_edits(view, context):
    context.store.read_only = True
    context.file_changed.emit()
    assert not view.sections.save_button.isEnabled()
    assert not view.sections.add_section.isEnabled()
    assert not view.contacts.save_button.isEnabled()
    assert not view.adopt_button.isEnabled() and view.adopt() is None
    assert view.pdf_button.isEnabled()  # printing still works
    context.store.read_only = False
