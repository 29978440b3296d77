"""The arenas register driven as a user would: the coverage grid and the notation field kept
in sync, unreadable notation named precisely with nothing saved, the coverage matrix with its
gaps, and the Eigersund plan entered arena by arena."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pypdf import PdfReader

from db.arenas import coverage_of, set_archived
from tests.domain.test_goal_refs import (
    EIG_ADMIN, EIG_GP_ALM, EIG_GP_FKM, EIG_HELSESTASJON, EIG_KAD, EIG_LEGEVAKT, EIG_SYKEHJEM,
    EIG_SYKEHUS,
)
from ui.arenas.dialog import ArenaDialog
from ui.arenas.view import ArenasView


def open_dialog(keep, context, arena=None) -> ArenaDialog:
    dialog = keep(ArenaDialog(context, arena))
    dialog.show()
    return dialog


def paste(dialog, text: str) -> None:
    dialog.editor.text.setPlainText(text)


def tick(qtbot, editor, code: str, column: int) -> None:
    """Put the cursor on the goal's Helt (2) / Delvis (3) box and press space, as a user."""
    proxy = editor.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == code)
    editor.table.setCurrentIndex(proxy.index(row, column))
    editor.table.setFocus()
    qtbot.keyClick(editor.table.viewport(), Qt.Key.Key_Space)


def test_typing_the_notation_ticks_the_grid(qtbot, keep, context):
    dialog = open_dialog(keep, context)
    qtbot.keyClicks(dialog.editor.text, "ALM 002-004 (delvis), ALM 036-038, Alle FKM")
    coverage = dialog.editor.model.coverage
    assert {c: coverage[c] for c in ("ALM-002", "ALM-004", "ALM-036", "ALM-038")} == {
        "ALM-002": "partial", "ALM-004": "partial", "ALM-036": "full", "ALM-038": "full"}
    assert len(coverage) == 3 + 3 + 14
    assert "6 mål" not in dialog.editor.counts.text()
    assert dialog.editor.counts.text() == "17 mål helt og 3 delvis av 102."
    model = dialog.editor.model
    row = next(i for i, g in enumerate(model.goals) if g.code == "ALM-003")
    assert model.index(row, 3).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(row, 2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_ticking_the_grid_rewrites_the_notation(qtbot, keep, context):
    dialog = open_dialog(keep, context)
    editor = dialog.editor
    paste(dialog, "Alle ALM, bortsett fra ALM 055 og 085")
    assert len(editor.model.coverage) == 86
    tick(qtbot, editor, "ALM-012", 3)          # Delvis instead of Helt
    assert editor.model.coverage["ALM-012"] == "partial"
    assert editor.text.toPlainText() == ("Alle ALM, bortsett fra ALM 012, 055 og 085. "
                                         "ALM 012 (delvis)")
    tick(qtbot, editor, "ALM-055", 2)          # Helt
    tick(qtbot, editor, "ALM-012", 3)          # untick Delvis: not covered at all
    assert "ALM-012" not in editor.model.coverage
    assert editor.text.toPlainText() == "Alle ALM, bortsett fra ALM 012 og 085"


def test_unreadable_notation_is_named_selected_and_nothing_is_saved(qtbot, keep, context):
    before = context.store.counts()
    dialog = open_dialog(keep, context)
    dialog.name.setText("Ny legevakt")
    text = "ALM 036-054, ALM-O55 (delvis), Alle ALM bortsatt fra ALM 085"
    paste(dialog, text)
    message = "Kan ikke lese «bortsatt» (tegn 41). Skriv f.eks. ALM 012 eller ALM 036-054 (delvis)."
    assert dialog.editor.message.text().startswith(message)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.editor.text.textCursor().selectedText() == "bortsatt"
    assert text.index("bortsatt") == 40  # tegn 41, as people count
    assert "Ingenting er lagret" in dialog.error.text()
    assert context.store.counts() == before


@pytest.mark.parametrize("text, message", [
    ("ALM 087-089", "«089» (tegn 9): ALM-089 finnes ikke. ALM går fra ALM-001 til ALM-088."),
    ("ALM 054-036", "«054-036» (tegn 5) går baklengs. Skriv det laveste nummeret først, "
                    "f.eks. ALM 036-054."),
    ("036-054", "«036-054» (tegn 1) mangler ALM eller FKM foran. Skriv f.eks. ALM 036-054."),
    ("ALM 012, (delvis)", "«(delvis)» (tegn 10) må stå rett etter læringsmålet det gjelder, "
                          "f.eks. ALM 012 (delvis)."),
    ("Alle ALM (se vedlegg)", "Kan ikke lese «(se vedlegg)» (tegn 10). Bare «(delvis)» kan stå "
                              "i parentes."),
])
def test_each_kind_of_mistake_gets_its_own_message(qtbot, keep, context, text, message):
    dialog = open_dialog(keep, context)
    paste(dialog, text)
    assert dialog.editor.message.text().startswith(message)
    assert not dialog.editor.check_text()
    assert dialog.editor.text.textCursor().selectedText() == dialog.editor.problem.token


def test_fixing_the_text_saves_arena_and_coverage_in_one_go(qtbot, keep, context):
    view = keep(ArenasView(context))
    dialog = open_dialog(keep, context)
    dialog.name.setText("Fengselshelsetjenesten")
    dialog.type.set_code("other")
    paste(dialog, "ALM 031, 039, 042-050, 053 og videre")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    paste(dialog, "ALM 031, 039, 042-050, 053")
    with qtbot.waitSignal(context.changed, timeout=2000):
        dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert sorted(coverage_of(context.store, dialog.saved.id)) == [
        "ALM-031", "ALM-039", "ALM-042", "ALM-043", "ALM-044", "ALM-045", "ALM-046",
        "ALM-047", "ALM-048", "ALM-049", "ALM-050", "ALM-053"]
    names = [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]
    assert "Fengselshelsetjenesten" in names


def test_an_arena_outside_the_municipality_needs_its_partner(qtbot, keep, context):
    before = context.store.counts()
    dialog = open_dialog(keep, context)
    dialog.name.setText("Sykehuset")
    dialog.type.set_code("hospital")
    assert not dialog.inside.isChecked() and dialog.category.code() == "institution"
    paste(dialog, "ALM 055 og 085")
    dialog.accept()
    assert "samarbeidspartner" in dialog.error.text()
    assert "c62828" in dialog.partner.styleSheet()
    assert context.store.counts() == before


def test_the_matrix_highlights_goals_no_arena_covers(qtbot, keep, context, tmp_path):
    view = keep(ArenasView(context))
    view.tabs.setCurrentIndex(1)
    panel = view.matrix
    assert "Alle mål dekkes" in panel.summary.text()
    store = context.store
    for arena in store.all("arenas"):
        if arena.type in ("hospital", "nursing_home", "kad"):
            set_archived(store, arena, True)
    context.notify("arenas")
    assert panel.matrix.gaps == ["ALM-055", "ALM-085"]
    assert "2 mål har ingen læringsarena: ALM-055, ALM-085" in panel.summary.text()
    panel.only_missing.setChecked(True)
    shown = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert shown == ["ALM-055", "ALM-085"]
    last = panel.model.columnCount() - 1
    cell = panel.proxy.index(0, last)
    assert cell.data() == "MANGLER"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#f6c9c9"
    pdf = panel.write_pdf(tmp_path / "dekning.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "Mål uten læringsarena (2): ALM-055, ALM-085" in " ".join(text.split())


# --- the Eigersund plan, entered arena by arena -------------------------------------------

@pytest.fixture
def empty_context(qtbot, tmp_path):
    from db.store import Store
    from ui.app import make_app
    from ui.data import DataContext
    make_app()
    ctx = DataContext(Store.open(tmp_path / "eigersund.alis", create=True))
    yield ctx
    ctx.store.close()


EIGERSUND = [  # (name, type, inside, partner, ALM cell, FKM cell) as the plan writes them
    *[(name, "gp_office", True, "", EIG_GP_ALM, EIG_GP_FKM) for name in (
        "Eigersund kommunale legesenter", "Blandeverket legesenter", "Eger-legene",
        "Eie legesenter", "Dalane legesenter")],
    ("Dalane interkommunale legevakt", "out_of_hours", True, "", EIG_LEGEVAKT, "Alle FKM"),
    ("Lagård sjukeheim", "nursing_home", True, "", EIG_SYKEHJEM, "Alle FKM"),
    ("Korttidsavdelingen 2 vest", "kad", True, "", EIG_KAD, "Alle FKM"),
    ("Helsestasjonen", "health_station", True, "", EIG_HELSESTASJON, "Alle FKM"),
    ("Administrasjon i helse- og omsorgsavdelingen", "administration", True, "", EIG_ADMIN,
     "Alle FKM"),
    ("Stavanger Universitetssykehus", "hospital", False, "Helse Stavanger HF", EIG_SYKEHUS,
     "Alle FKM"),
]


def test_eigersund_plan_entered_as_written_gives_the_coverage_it_states(qtbot, keep, empty_context):
    context = empty_context
    view = keep(ArenasView(context))
    for name, typ, inside, partner, alm_cell, fkm_cell in EIGERSUND:
        dialog = open_dialog(keep, context)
        dialog.name.setText(name)
        dialog.type.set_code(typ)
        dialog.inside.setChecked(inside)
        dialog.partner.setText(partner)
        paste(dialog, alm_cell + "\n" + fkm_cell)
        if "Dette" in alm_cell:
            # The GP cell goes on with a sentence; the leader is shown it and removes it.
            dialog.accept()
            assert dialog.editor.text.textCursor().selectedText() == "Dette"
            paste(dialog, alm_cell.split("Dette")[0] + "\n" + fkm_cell)
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    matrix = view.matrix.matrix
    assert len(matrix.arenas) == 11
    assert matrix.gaps == [] and matrix.partial_only == []
    assert "Alle mål dekkes av minst én læringsarena" in view.matrix.summary.text()
    givers = {a.name for a, level in matrix.arenas_for("ALM-055") if level == "full"}
    assert givers == {"Lagård sjukeheim", "Korttidsavdelingen 2 vest",
                      "Stavanger Universitetssykehus"}
    counts = {r.arena.name: (r.full, r.partial) for r in view.model.rows}
    assert counts["Eie legesenter"] == (86 + 14, 0)
    assert counts["Dalane interkommunale legevakt"] == (36 + 14, 24)
    assert counts["Administrasjon i helse- og omsorgsavdelingen"] == (7 + 14, 0)
    assert counts["Stavanger Universitetssykehus"] == (2 + 14, 0)
