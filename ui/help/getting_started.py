"""The Kom i gang panel on Oversikt: the setup steps of alis_desktop/getting_started.py,
each ticked off from what the file holds, with a button that opens the dialog for it.

The panel shows while a step remains; «Skjul» hides it for this file (remembered on this
machine), Hjelp -> Vis Kom i gang brings it back. The main window routes a step's button
to its dialog (open_step), since only the window knows the views."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from alis_desktop.getting_started import all_done, next_step, panel_wanted, setting_up, steps
from db.getting_started import first_doctor_without, setup_counts
from ui import settings

# Files (paths) on this machine: those whose panel the leader hid, and those being set up
# (they had no doctor when the panel first showed; forgotten once every step is done).
HIDDEN_KEY = "getting_started/hidden_for"
SETTING_UP_KEY = "getting_started/setting_up"
DONE, OPEN = "#2e7d32", "#1f3a5f"
ALTERNATIVE = ":alt"  # suffix of a step's key: its second button (paste, import) was pressed


def listed(key: str, path) -> bool:
    return str(path) in _paths(key)


def set_listed(key: str, path, on: bool) -> None:
    paths = _paths(key)
    if (str(path) in paths) == on:
        return  # no write on every refresh
    files = [f for f in paths if f != str(path)]
    settings.set_value(key, files + [str(path)] if on else files)


def _paths(key: str) -> list[str]:
    found = settings.value(key, []) or []
    return [found] if isinstance(found, str) else list(found)


class _StepsArea(QScrollArea):
    """Asks for the steps' whole height (QScrollArea caps its wish at 24 lines) and gives
    it up, with a scroll bar, when the window has less."""

    def sizeHint(self):
        hint = self.widget().sizeHint() if self.widget() is not None else super().sizeHint()
        return hint.grownBy(self.contentsMargins())


class GettingStartedPanel(QFrame):
    step_requested = Signal(str)  # a step's key: the window opens its dialog
    guide_requested = Signal()

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.asked_for = False  # Hjelp -> Vis Kom i gang: shown even when all is done
        self.steps = []
        self.setObjectName("gettingStarted")
        self.setStyleSheet("#gettingStarted { background: #f4f8fd; border: 1px solid #b8cbe6;"
                           " border-radius: 6px; }")
        title = QLabel("Kom i gang")
        title.setObjectName("sectionTitle")
        intro = QLabel("Sett opp filen i denne rekkefølgen. Et steg hukes av når "
                       "opplysningene er registrert, uansett hvor du registrerte dem.")
        intro.setWordWrap(True)
        guide = QPushButton("Brukerveiledning")
        guide.clicked.connect(self.guide_requested)
        self.hide_button = QPushButton("Skjul")
        self.hide_button.setToolTip("Skjul Kom i gang for denne filen (Hjelp → Vis Kom i gang "
                                    "henter det fram igjen)")
        self.hide_button.clicked.connect(self.dismiss)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(guide)
        head.addWidget(self.hide_button)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 2)
        self.rows: dict[str, tuple[QLabel, QLabel, QLabel, QPushButton, QPushButton]] = {}
        # The steps scroll when the window is too low for them (a 1366 x 768 laptop): a
        # line of an explanation is never cut off, and the window keeps a laptop's height.
        steps_box = QWidget()
        steps_box.setObjectName("gettingStartedSteps")
        steps_box.setStyleSheet("#gettingStartedSteps { background: transparent; }")
        steps_box.setLayout(self.grid)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.steps_area = _StepsArea()
        self.steps_area.setWidget(steps_box)
        self.steps_area.setWidgetResizable(True)
        self.steps_area.setFrameShape(QFrame.Shape.NoFrame)
        self.steps_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps_area.viewport().setAutoFillBackground(False)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(intro)
        layout.addWidget(self.steps_area)
        context.changed.connect(lambda kinds: kinds - {"audit_log"} and self.refresh())
        context.file_changed.connect(self._file_changed)
        self.refresh()

    def _file_changed(self) -> None:
        self.asked_for = False
        self.refresh()

    def _row(self, index: int, key: str):
        if key not in self.rows:
            mark, text, progress = QLabel(), QLabel(), QLabel()
            mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            mark.setFixedWidth(28)
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            progress.setStyleSheet("color: #555;")
            progress.setWordWrap(True)  # a long status wraps; the explanation keeps its width
            button, other = QPushButton(), QPushButton()
            button.clicked.connect(lambda _=False, k=key: self.step_requested.emit(k))
            other.clicked.connect(lambda _=False, k=key: self.step_requested.emit(k + ALTERNATIVE))
            for col, widget in enumerate((mark, text, progress, button, other)):
                self.grid.addWidget(widget, index, col)
            self.rows[key] = (mark, text, progress, button, other)
        return self.rows[key]

    def refresh(self) -> None:
        store = self.context.store
        if store is None:
            self.hide()
            return
        counts = setup_counts(store)
        self.steps = steps(store.municipality(), counts)
        current = next_step(self.steps)
        writable = not self.context.read_only
        for i, step in enumerate(self.steps):
            mark, text, progress, button, other = self._row(i, step.key)
            colour = DONE if step.done else OPEN
            mark.setText(f"<span style='font-size:14pt; color:{colour}'>"
                         f"{'✓' if step.done else i + 1}</span>")
            weight = "600" if step is current else "normal"
            text.setText(f"<span style='font-weight:{weight}'>{step.title}</span>"
                         f"<br><span style='color:#555'>{step.explanation}</span>")
            progress.setText(step.progress)
            button.setText(step.button)
            button.setEnabled(writable and step.available)
            button.setDefault(step is current)
            button.setToolTip("" if step.available else step.progress)
            other.setText(step.alternative)
            other.setVisible(bool(step.alternative))
            other.setEnabled(writable and step.available)
        path = store.path
        being_set_up = setting_up(counts, path is not None and listed(SETTING_UP_KEY, path))
        if path is not None and not store.read_only:
            set_listed(SETTING_UP_KEY, path, being_set_up and not all_done(self.steps))
        self.setVisible(panel_wanted(
            self.steps, being_set_up=being_set_up, asked_for=self.asked_for,
            dismissed=path is not None and listed(HIDDEN_KEY, path)))

    def ask_for(self) -> None:
        """Hjelp -> Vis Kom i gang."""
        self.asked_for = True
        if self.context.store is not None and self.context.store.path is not None:
            set_listed(HIDDEN_KEY, self.context.store.path, False)
        self.refresh()

    def dismiss(self) -> None:
        self.asked_for = False
        if self.context.store is not None and self.context.store.path is not None:
            set_listed(HIDDEN_KEY, self.context.store.path, True)
        self.hide()


def open_step(window, key: str) -> None:
    """Open the dialog (in its view) for one step of Kom i gang."""
    context = window.context
    if context.store is None or context.read_only:
        return
    if key == "arenas" + ALTERNATIVE:
        window.show_view("arenas")
        window.views["arenas"].paste_plan()
    elif key == "doctors" + ALTERNATIVE:
        window.import_sheet()
    elif key == "municipality":
        window.edit_municipality()
    elif key == "arenas":
        window.show_view("arenas")
        window.views["arenas"].add_arena()
    elif key == "supervisors":
        window.show_view("supervision")
        view = window.views["supervision"]
        view.tabs.setCurrentWidget(view.supervisors_tab)
        view.supervisors_tab.add()
    elif key == "doctors":
        window.show_view("doctors")
        window.views["doctors"].add_doctor()
    elif key in ("placements", "assignments", "meetings"):
        doctor_id = first_doctor_without(context.store, key)
        if doctor_id is None:
            QMessageBox.information(window, "Kom i gang", "Registrer en lege først.")
            return
        _for_doctor(window, key, doctor_id)


def _for_doctor(window, key: str, doctor_id: int) -> None:
    context = window.context
    if key == "placements":
        window.open_doctor(doctor_id)
        page = window.views["doctors"].show_tab("Tjeneste")
        if page.doctor_id != doctor_id:
            page.set_doctor(doctor_id)
        page.add_placement()
    elif key == "assignments":
        from ui.supervision.assignment_dialog import ChangeSupervisorDialog
        window.show_view("supervision")
        ChangeSupervisorDialog(context, doctor_id, window).exec()
    else:
        window.show_view("meetings")
        view = window.views["meetings"]
        view.select_doctor(doctor_id)
        view.new_meeting()
