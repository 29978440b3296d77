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


# The attestation reads all of these (alis_desktop.attestation.assemble).
WATCHED = frozenset({"doctors", "supervisor_assignments", "goal_statuses", "municipality",
                     "placements", "leaves", "activities", "meetings", "supervisors"})
# Where a field the attestation lacks is filled in, beyond the attestation dialog's own list.
FIX_HINTS = {
    "on_call": "legevaktordning i legens opplysninger (Leger → Rediger)",
    "teaching": "kurs og internundervisning (Aktiviteter), eller skrives når attesten utstedes",
    "content": "tjenesteperioder (Tjeneste), eller skrives når attesten utstedes",
    "satisfactory": "vurdering i et holdt møte (Møter), eller velges når attesten utstedes",
    "services": "tjenesteperioder (Tjeneste)",
}


class SummaryTab(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.doctor_id: int | None = None
        self.browser = QTextBrowser()
        self.heatmap = GoalHeatmap(max_cell=22)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        layout.addWidget(self.heatmap)
        layout.addStretch(1)
        context.changed.connect(
            lambda kinds: kinds & WATCHED and self.refresh())

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
        today = date.today()
        supervisor = current_supervisor_names(store, today).get(doctor.id, "")
        self.browser.setHtml(summary_html(doctor, supervisor, today)
                             + unconfirmed_html(store, doctor, today)
                             + attestation_html(store, doctor, today))
        self._fit_browser()
        goals = {(g.goal_code, g.catalog_version): g.state
                 for g in store.for_doctor("goal_statuses", doctor.id)}
        self.heatmap.set_goals([HeatCell(g.code, goals.get((g.code, g.catalog_version),
                                                           "not_started"), g.title)
                                for g in catalog_for(store, doctor.catalog_version)])

    def _fit_browser(self) -> None:
        """As tall as its text (the lists below it vary), within reason. Measured again
        on every resize: a page filled before it was laid out measured its text at a
        narrow width, and the too-tall text pushed the heat map out of the tab and squeezed
        the doctors' table above it."""
        self.browser.document().setTextWidth(self.browser.viewport().width())
        height = int(self.browser.document().size().height()) + 2 * self.browser.frameWidth()
        self.browser.setFixedHeight(max(160, min(height + 4, 520)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit_browser()

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


def unconfirmed_html(store, doctor, today: date) -> str:
    """Pencilled-in service that has started: it does not count until confirmed."""
    from alis_desktop.service_time import awaiting_confirmation, period_text
    waiting = awaiting_confirmation(store.for_doctor("placements", doctor.id), today)
    if not waiting:
        return ""
    return ("<p style='background:#fff3cd'><b>Tjeneste å bekrefte:</b> foreløpig tjeneste "
            f"har startet ({escape(period_text(waiting))}) og teller ikke før den er bekreftet "
            "som avtalt (fanen Tjeneste).</p>")


def attestation_html(store, doctor, today: date) -> str:
    """What an attestation for the service so far still lacks, by the attestation's own
    check (alis_desktop.attestation.missing_items), each with where it is filled in."""
    from alis_desktop.attestation import missing_items
    from alis_desktop.errors import ValidationError
    from reports.attestation import assemble_from_store
    from ui.reports.attestation_dialog import WHERE_TO_FIX

    if doctor.start_date and doctor.start_date > today:
        return ""
    try:
        data = assemble_from_store(store, doctor.id, as_of=today)
    except ValidationError as exc:
        return (f"<p><b>Attest:</b> <span style='color:#8a5a00'>{escape(exc.message)}"
                "</span></p>")
    missing = missing_items(data)
    if not missing:
        return "<p><b>Attest:</b> alle opplysningene attesten krever er registrert.</p>"
    items = "".join(
        f"<li>{escape(name)}"
        + (f" <span style='color:#555'>– {escape(hint)}</span>"
           if (hint := FIX_HINTS.get(attr) or WHERE_TO_FIX.get(attr)) else "")
        + "</li>" for attr, name in missing)
    return (f"<p style='margin-bottom:0'><b>Attesten mangler</b> ({len(missing)}):</p>"
            f"<ul style='margin-top:2px'>{items}</ul>")
