"""Utbetaling og tilskudd: the payment statement per supervisor (or all) for a period, shown
before it is written as PDF / Excel / CSV, and the yearly grant summary. The files come from
the same functions as `python -m alis_desktop report supervision ...`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton,
    QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from alis_desktop.dates import fmt
from alis_desktop.vocab import SupervisorEmployment
from reports import supervision_grant, supervision_statement
from reports.supervision_statement import money
from ui.supervision.common import (
    compact, fill_combo, hours, sorted_table, supervisor_choices, today,
)
from ui.table_model import Column, RecordTableModel
from ui.widgets import DateEdit, ErrorLabel

FILTERS = {".pdf": "PDF (*.pdf)", ".xlsx": "Excel (*.xlsx)", ".csv": "CSV (*.csv)"}


def columns() -> list[Column]:
    return [
        Column("Veileder", lambda r: r.supervisor.name),
        Column("Tilknytning", lambda r: SupervisorEmployment.label_of(r.supervisor.employment)),
        Column("Økter", lambda r: r.session_count, align_right=True),
        Column("Timer", lambda r: r.hours, hours, align_right=True),
        Column("Forberedelse", lambda r: r.preparation, hours, align_right=True),
        Column("Sum timer", lambda r: r.total_hours, hours, align_right=True),
        Column("Beløp", lambda r: r.amount, money, align_right=True),
    ]


class StatementsTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        on = today()
        self.supervisor = compact(QComboBox(), 24)
        self.start = DateEdit(date(on.year, 1, 1))
        self.end = DateEdit(on)
        self.model = RecordTableModel(columns(), self)
        self.table, self.proxy = sorted_table(self.model, self)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.table.setMinimumHeight(160)
        self.error = ErrorLabel()
        self.result = QLabel()
        self.result.setStyleSheet("color: #1e8449;")
        self.result.setWordWrap(True)
        for w in (self.start, self.end):
            w.editingFinished.connect(self.refresh)
        self.supervisor.currentIndexChanged.connect(lambda _: self.refresh())

        pay = QGroupBox("Utbetaling til veiledere")
        form = QFormLayout()
        form.addRow("Veileder", self.supervisor)
        period = QHBoxLayout()
        period.addWidget(self.start)
        period.addWidget(QLabel("–"))
        period.addWidget(self.end)
        period.addStretch(1)
        form.addRow("Periode", period)
        buttons = QHBoxLayout()
        self.export_buttons = {}
        for suffix, text in ((".pdf", "PDF med signaturlinje ..."), (".xlsx", "Excel til lønn ..."),
                             (".csv", "CSV ...")):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=suffix: self.choose_and_export(s))
            buttons.addWidget(button)
            self.export_buttons[suffix] = button
        buttons.addStretch(1)
        pay_layout = QVBoxLayout(pay)
        pay_layout.addLayout(form)
        pay_layout.addWidget(self.table, 1)
        pay_layout.addWidget(self.totals)
        pay_layout.addLayout(buttons)

        grant = QGroupBox("Tilskudd «Nasjonal ALIS og veiledning»")
        self.year = QSpinBox()
        self.year.setRange(2017, 2100)
        self.year.setValue(on.year)
        self.year.valueChanged.connect(lambda _: self.refresh_grant())
        self.grant_figures = QLabel()
        self.grant_figures.setWordWrap(True)
        grant_buttons = QHBoxLayout()
        grant_buttons.addWidget(QLabel("År:"))
        grant_buttons.addWidget(self.year)
        self.grant_pdf = QPushButton("Tilskuddsgrunnlag PDF ...")
        self.grant_pdf.clicked.connect(lambda: self.choose_and_export_grant(".pdf"))
        self.grant_xlsx = QPushButton("Tilskuddsgrunnlag Excel ...")
        self.grant_xlsx.clicked.connect(lambda: self.choose_and_export_grant(".xlsx"))
        grant_buttons.addWidget(self.grant_pdf)
        grant_buttons.addWidget(self.grant_xlsx)
        grant_buttons.addStretch(1)
        grant_layout = QVBoxLayout(grant)
        grant_layout.addLayout(grant_buttons)
        grant_layout.addWidget(self.grant_figures)

        # In a scroll area, so the long figures never force a tall or wide window.
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(pay, 3)
        inner.addWidget(grant, 1)
        inner.addWidget(self.error)
        inner.addWidget(self.result)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        context.changed.connect(lambda kinds: kinds & {
            "supervision_sessions", "supervisors", "municipality", "doctors"} and self.refresh())
        context.file_changed.connect(self.refresh)
        self.refresh()

    def period(self) -> tuple[date, date]:
        start, end = self.start.date_value(), self.end.date_value()
        if start is None or end is None:
            raise ValueError("Oppgi både fra- og til-dato.")
        if end < start:
            raise ValueError("Til-dato kan ikke være før fra-dato.")
        return start, end

    def refresh(self) -> None:
        store = self.context.store
        if store is None:
            return
        fill_combo(self.supervisor, supervisor_choices(store, include_archived=True),
                   blank="Alle veiledere")
        self.error.show_error("")
        try:
            start, end = self.period()
        except ValueError as exc:
            self.error.show_error(str(exc))
            return
        st = supervision_statement.statement(store, self.supervisor.currentData(), start, end)
        self.model.set_rows(st.supervisors)
        self.table.resizeColumnsToContents()
        muni = st.municipality
        self.totals.setText(
            f"Sum {fmt(start)}–{fmt(end)}: {hours(st.total('hours'))} veiledning + "
            f"{hours(st.total('preparation'))} forberedelse = {money(st.total('amount'))} "
            f"(satser {money(muni.supervision_rate)} / {money(muni.preparation_rate)} per time, "
            "settes under Innstillinger).")
        self.refresh_grant()

    def refresh_grant(self) -> None:
        store = self.context.store
        if store is None:
            return
        g = supervision_grant.summary(store, self.year.value(), today())
        self.grant_figures.setText("<br>".join(f"{label}: <b>{value}</b>" for label, value
                                               in supervision_grant.key_figures(g)))

    # --- writing files ---------------------------------------------------------------------
    def _suggest(self, name: str, suffix: str) -> str:
        store = self.context.store
        folder = store.path.parent if store.path else Path.home()
        return str(folder / f"{name}{suffix}")

    def choose_and_export(self, suffix: str) -> None:
        try:
            start, end = self.period()
        except ValueError as exc:
            self.error.show_error(str(exc))
            return
        name = f"veiledning-{start:%Y%m%d}-{end:%Y%m%d}"
        out, _ = QFileDialog.getSaveFileName(self, "Lagre utbetalingsgrunnlag",
                                             self._suggest(name, suffix), FILTERS[suffix])
        if out:
            self.export_statement(Path(out if out.endswith(suffix) else out + suffix))

    def export_statement(self, out: Path) -> Path | None:
        try:
            start, end = self.period()
            path = supervision_statement.export(self.context.store, out,
                                                self.supervisor.currentData(), start, end)
        except (ValueError, OSError) as exc:
            self.error.show_error(f"Kunne ikke lagre: {exc}")
            return None
        self.error.show_error("")
        self.result.setText(f"Lagret {path}")
        return path

    def choose_and_export_grant(self, suffix: str) -> None:
        name = f"tilskudd-alis-{self.year.value()}"
        out, _ = QFileDialog.getSaveFileName(self, "Lagre tilskuddsgrunnlag",
                                             self._suggest(name, suffix), FILTERS[suffix])
        if out:
            self.export_grant(Path(out if out.endswith(suffix) else out + suffix))

    def export_grant(self, out: Path) -> Path | None:
        try:
            path = supervision_grant.export(self.context.store, self.year.value(), out,
                                            as_of=today())
        except (ValueError, OSError) as exc:
            self.error.show_error(f"Kunne ikke lagre: {exc}")
            return None
        self.error.show_error("")
        self.result.setText(f"Lagret {path}")
        return path
