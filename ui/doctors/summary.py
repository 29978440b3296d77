"""Sammendrag: who the doctor is, at a glance."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from alis_desktop.dates import fmt
from alis_desktop.vocab import Employment, Regime
from db.goals import catalog_for
from db.queries import current_supervisor_names
from ui.goals.heatmap import GoalHeatmap, HeatCell


class SummaryTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.doctor_id: int | None = None
        self.browser = QTextBrowser()
        self.heatmap = GoalHeatmap(max_cell=22)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.browser.setMaximumHeight(240)
        layout.addWidget(self.browser)
        layout.addWidget(self.heatmap)
        layout.addStretch(1)
        context.changed.connect(
            lambda kinds: kinds & {"doctors", "supervisor_assignments", "goal_statuses"}
            and self.refresh())

    def set_doctor(self, doctor_id: int | None) -> None:
        self.doctor_id = doctor_id
        self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        if self.doctor_id is None or store is None:
            self.browser.setHtml("<p style='color:#666'>Velg en lege i tabellen.</p>")
            return
        try:
            doctor = store.get("doctors", self.doctor_id)
        except KeyError:
            self.browser.clear()
            return
        supervisor = current_supervisor_names(store, date.today()).get(doctor.id, "")
        self.browser.setHtml(summary_html(doctor, supervisor, date.today()))
        goals = {(g.goal_code, g.catalog_version): g.state
                 for g in store.for_doctor("goal_statuses", doctor.id)}
        self.heatmap.set_goals([HeatCell(g.code, goals.get((g.code, g.catalog_version),
                                                           "not_started"), g.title)
                                for g in catalog_for(store, doctor.catalog_version)])

    def text(self) -> str:
        return self.browser.toPlainText()


def summary_html(d, supervisor: str, today: date) -> str:
    def line(label, value):
        return (f"<tr><td style='color:#555;padding-right:12px'>{label}</td>"
                f"<td>{escape(str(value or '–'))}</td></tr>")

    left = [line("Ansettelse", Employment.label_of(d.employment)),
            line("Stillingstype", d.position_type), line("Startdato", fmt(d.start_date)),
            line("ALIS-avtale", fmt(d.alis_agreement_date)),
            line("Tilskudd til", fmt(d.grant_end_date)), line("Veileder", supervisor)]
    right = [line("Fødselsdato", fmt(d.birth_date)), line("HPR-nr.", d.hpr_number),
             line("E-post", d.email), line("Telefon", d.phone),
             line("Prosjektkode", d.cost_code), line("Legevakt", d.on_call_arrangement)]
    if d.end_date:
        left.append(line("Avsluttet", f"{fmt(d.end_date)} ({d.end_reason})"))
    html = [f"<h2 style='margin-bottom:2px'>{escape(d.name)}</h2>",
            f"<p style='margin-top:0;color:#555'>{escape(d.status(today))} · "
            f"{escape(Regime.label_of(d.regime))}</p>",
            "<table><tr><td style='vertical-align:top;padding-right:40px'><table>",
            *left, "</table></td><td style='vertical-align:top'><table>", *right,
            "</table></td></tr></table>"]
    if d.notes:
        html.append(f"<p><b>Notater</b><br>{escape(d.notes)}</p>")
    return "".join(html)
