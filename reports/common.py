"""Small pieces several documents share: Norwegian number formats, the template's status
colours, and look-ups over a doctor's records (current supervisor, meetings, open actions)."""

from __future__ import annotations

from datetime import date

from reports import pdf

# The Drammen template: green done, blue planned within six months, red not done. A plan
# rule the leader deviated from is neither; it prints grey with the reason.
STATUS_COLOURS = {"met": pdf.GREEN, "planned": pdf.BLUE, "behind": pdf.RED,
                  "ok_so_far": pdf.ON_TRACK, "deviated": pdf.GREY}
# Worst first, for a row that combines several requirements.
_SEVERITY = ("behind", "ok_so_far", "planned", "deviated", "met")


def num(value: float, decimals: int = 1) -> str:
    """'12,5' (Norwegian decimal comma, no trailing ',0')."""
    text = f"{value:.{decimals}f}".replace(".", ",")
    if decimals and text.endswith("," + "0" * decimals):
        text = text[: -decimals - 1]
    return text


def years(months: float) -> str:
    """Counted months as FTE years: '2,4 år'."""
    return f"{num(months / 12)} år"


def combined_status(results) -> str:
    """One status for a template row that several requirements answer together."""
    statuses = [r.status for r in results]
    if not statuses:
        return ""
    return min(statuses, key=_SEVERITY.index)


def status_label(status: str) -> str:
    from alis_desktop.requirements import STATUS_LABELS
    return STATUS_LABELS.get(status, "")


def current_supervisor(bundle, supervisors: dict, on: date):
    """The supervisor assigned on `on` (latest start wins), or None."""
    found = None
    for a in sorted(bundle.supervisor_assignments, key=lambda a: a.start_date):
        if a.start_date <= on and (a.end_date is None or a.end_date >= on):
            found = supervisors.get(a.supervisor_id)
    return found


def last_meeting(bundle, as_of: date):
    held = [m for m in bundle.meetings if m.held and m.date and m.date <= as_of]
    return max(held, key=lambda m: m.date) if held else None


def next_meeting_date(bundle, as_of: date) -> date | None:
    """The next meeting: one dated after `as_of`, else the date agreed at the last one."""
    future = [m.date for m in bundle.meetings if m.date and m.date > as_of]
    if future:
        return min(future)
    last = last_meeting(bundle, as_of)
    return last.next_date if last else None


def open_actions(bundle) -> list:
    return sorted((a for a in bundle.meeting_actions if a.done_date is None),
                  key=lambda a: (a.due_date or date.max, a.id or 0))


def stage(doctor, progress, as_of: date) -> str:
    """Where the doctor is: 'Ikke startet', 'År 3 av 5', 'Ferdig' or 'Avsluttet'."""
    if doctor.archived:
        return "Arkivert"
    if doctor.start_date and doctor.start_date > as_of:
        return "Ikke startet"
    if doctor.end_date and doctor.end_date <= as_of:
        return "Ferdig" if progress.pct_complete >= 100 else "Avsluttet"
    if progress.pct_complete >= 100:
        return "Tjenestekrav oppfylt"
    year = min(5, int(progress.counted_months // 12) + 1)
    return f"År {year} av 5"
