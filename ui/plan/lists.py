"""Kommunens plan: the lists typed in a table and saved together (contacts, courses, an
arena's condition and activities per goal). «Lagre» replaces the stored list in one
audited transaction; an invalid row stops it with the row named and nothing written."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alis_desktop.errors import FileProblem, ValidationError
from alis_desktop.goal_refs import GoalRefError, parse_goal_refs
from alis_desktop.plan_models import ArenaActivity, ArenaCondition, PlanContact, PlanCourse
from alis_desktop.plan_text import effective_contacts, effective_courses
from db import plan as plan_db
from ui.edit_table import DictTableEditor, EditColumn
from ui.widgets import ErrorLabel


class ListEditor(QWidget):
    """A DictTableEditor over one kind's records with a save button."""

    def __init__(self, context, kind: str, columns: list[EditColumn], *,
                 load: Callable[[object], list[dict]],
                 build: Callable[[dict, int], object], intro: str = "",
                 where: Callable[[], tuple[str | None, tuple]] = lambda: (None, ()),
                 parent=None):
        super().__init__(parent)
        self.context, self.kind = context, kind
        self.load, self.build, self.where = load, build, where
        self.editor = DictTableEditor(columns)
        self.save_button = QPushButton("Lagre")
        self.save_button.clicked.connect(self.save)
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.editor, 1)
        row = QHBoxLayout()
        row.addWidget(self.error, 1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        context.file_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        if store is None:
            return
        model = self.editor.model
        model.beginResetModel()
        model.rows = [dict(r) for r in self.load(store)]
        model.errors = {}
        model.endResetModel()
        self.save_button.setEnabled(not self.context.read_only)

    def records(self) -> list:
        """The rows as records, each validated; the message names the row."""
        records = []
        for i, row in enumerate(self.editor.rows()):
            try:
                record = self.build(row, i)
                record.validate()
            except ValidationError as exc:
                raise ValidationError(exc.field, f"Rad {i + 1}: {exc.message}") from None
            records.append(record)
        return records

    def save(self) -> bool:
        self.error.show_error("")
        try:
            records = self.records()
            where, params = self.where()
            plan_db.replace_list(self.context.store, self.kind, records, where, params)
        except ValidationError as exc:
            self.error.show_error(exc.message)
            return False
        except FileProblem as exc:
            self.error.show_error(str(exc))
            return False
        self.context.notify(self.kind)
        self.refresh()
        return True


def _goal_list(text: str) -> list[str]:
    """Goals typed in the plans' notation ("ALM 001, 003-005") as codes."""
    if not text.strip():
        return []
    try:
        return sorted(parse_goal_refs(text))
    except GoalRefError as exc:
        raise ValidationError("goals", exc.message) from None


def _goal_code(text: str) -> str:
    codes = _goal_list(text)
    if len(codes) != 1:
        raise ValidationError("goal_code", f"«{text}»: skriv ett læringsmål, f.eks. ALM 042.")
    return codes[0]


def contacts_editor(context) -> ListEditor:
    columns = [EditColumn("role", "Rolle"), EditColumn("name", "Navn"),
               EditColumn("phone", "Telefon"), EditColumn("email", "E-post")]

    def load(store):
        stored = store.all("plan_contacts")
        people = stored or effective_contacts([], store.municipality())
        return [{"id": c.id if stored else None, "role": c.role, "name": c.name,
                 "phone": c.phone, "email": c.email} for c in people]

    def build(row, i):
        return PlanContact(id=row.get("id"), position=i, role=row.get("role", ""),
                           name=row.get("name", ""), phone=row.get("phone", ""),
                           email=row.get("email", ""))

    return ListEditor(context, "plan_contacts", columns, load=load, build=build,
                      intro="Hver person med egen rolle, telefon og e-post. Uten egne "
                            "kontaktpersoner skriver planen ut lederne fra kommunens "
                            "opplysninger.")


class CoursesEditor(ListEditor):
    """The course -> goals table; a shipped course taken out of the table is stored as
    removed (else it would come back as a default)."""

    def __init__(self, context, parent=None):
        columns = [EditColumn("code", "Kode"), EditColumn("name", "Kurs"),
                   EditColumn("goals", "Læringsmål (f.eks. ALM 001, 008-009)")]
        super().__init__(context, "plan_courses", columns, load=self._load,
                         build=self._build, parent=parent,
                         intro="Kursene og læringsmålene de dekker (Helsedirektoratets "
                               "grunnkurs står som standard). Fjern en rad for å ta kurset "
                               "ut av planen.")

    @staticmethod
    def _load(store):
        stored = {c.code: c for c in store.all("plan_courses")}
        return [{"id": stored[c.code].id if c.code in stored else None, "code": c.code,
                 "name": c.name, "goals": ", ".join(g.replace("-", " ") for g in c.goals)}
                for c in effective_courses(list(stored.values()))]

    @staticmethod
    def _build(row, i):
        return PlanCourse(id=row.get("id"), code=row.get("code", "").strip(), position=i,
                          name=row.get("name", ""), goals=_goal_list(row.get("goals", "")))

    def records(self) -> list:
        from alis_desktop.catalog import courses as shipped
        records = super().records()
        listed = {r.code for r in records}
        stored = {c.code: c for c in self.context.store.all("plan_courses")}
        for i, c in enumerate(shipped(), start=len(records)):
            if c.goals and c.code not in listed:
                row = stored.get(c.code)
                records.append(PlanCourse(id=row.id if row else None, code=c.code,
                                          position=i, name=c.name, removed=True))
        return records


def courses_editor(context) -> CoursesEditor:
    return CoursesEditor(context)


class ArenaPlanEditor(QWidget):
    """One arena's condition on its coverage and its table of activities per goal."""

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.arena = QComboBox()
        self.arena.currentIndexChanged.connect(self._arena_changed)
        self.condition = QLineEdit()
        self.condition.setPlaceholderText("F.eks. Dette forutsetter deltakelse i legevakt "
                                          "(utenom dagtid).")
        columns = [EditColumn("goal", "Læringsmål"), EditColumn("here", "Aktivitet på arenaen"),
                   EditColumn("elsewhere", "Aktivitet på annet vis")]
        self.activities = ListEditor(context, "arena_activities", columns,
                                     load=self._load, build=self._build,
                                     where=lambda: ("arena_id = ?", (self.arena_id(),)))
        self.activities.save_button.clicked.disconnect()
        self.activities.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Læringsarena"))
        row.addWidget(self.arena, 1)
        layout.addLayout(row)
        layout.addWidget(QLabel("Forutsetninger for dekningen"))
        layout.addWidget(self.condition)
        layout.addWidget(QLabel("Læringsaktiviteter per læringsmål (valgfri tabell)"))
        layout.addWidget(self.activities, 1)
        context.changed.connect(lambda kinds: "arenas" in kinds and self.refresh())
        context.file_changed.connect(self.refresh)
        self.refresh()

    def arena_id(self):
        return self.arena.currentData()

    def select(self, arena_id: int) -> None:
        index = self.arena.findData(arena_id)
        if index >= 0:
            self.arena.setCurrentIndex(index)

    def refresh(self) -> None:
        store = self.context.store
        if store is None:
            return
        current = self.arena_id()
        self.arena.blockSignals(True)
        self.arena.clear()
        for a in sorted((a for a in store.all("arenas") if not a.archived),
                        key=lambda a: a.name):
            self.arena.addItem(a.name, a.id)
        index = max(0, self.arena.findData(current))
        self.arena.setCurrentIndex(index)
        self.arena.blockSignals(False)
        self._arena_changed()

    def _arena_changed(self) -> None:
        store = self.context.store
        arena_id = self.arena_id()
        found = store.all("arena_conditions", "arena_id = ?", [arena_id]) if arena_id else []
        self.condition.setText(found[0].text if found else "")
        self.activities.refresh()

    def _load(self, store):
        arena_id = self.arena_id()
        if arena_id is None:
            return []
        rows = store.all("arena_activities", "arena_id = ?", [arena_id], "position, id")
        return [{"id": a.id, "goal": a.goal_code.replace("-", " "), "here": a.here,
                 "elsewhere": a.elsewhere} for a in rows]

    def _build(self, row, i):
        return ArenaActivity(id=row.get("id"), arena_id=self.arena_id(), position=i,
                             goal_code=_goal_code(row.get("goal", "")),
                             here=row.get("here", ""), elsewhere=row.get("elsewhere", ""))

    def save(self) -> bool:
        store = self.context.store
        arena_id = self.arena_id()
        if arena_id is None:
            return False
        text = self.condition.text().strip()
        found = store.all("arena_conditions", "arena_id = ?", [arena_id])
        try:
            with store.transaction():  # condition and activities: one transaction
                if text:
                    record = found[0] if found else ArenaCondition(arena_id=arena_id)
                    if record.text != text:
                        record.text = text
                        store.save(record)
                elif found:
                    store.delete("arena_conditions", found[0].id)
                if not self.activities.save():
                    raise _Abort
        except _Abort:
            return False
        except (ValidationError, FileProblem) as exc:
            self.activities.error.show_error(getattr(exc, "message", str(exc)))
            return False
        self.context.notify("arena_conditions", "arena_activities")
        return True


class _Abort(Exception):
    """The activities table refused to save: undo the condition as well."""
