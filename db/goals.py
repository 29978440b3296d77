"""Goal statuses and the goal catalog in the file: a doctor's goals view, approvals (audited),
status changes, and importing catalog texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from alis_desktop import models as m
from alis_desktop.catalog import Goal, catalog, goal_edit, shipped_goal
from alis_desktop.errors import ValidationError
from alis_desktop.goals import (
    GoalLine, approve, goal_lines, institution_months, institution_suggestion, set_state,
    unapprove,
)
from alis_desktop.records import to_plain
from db.progress import progress_of
from db.queries import doctor_bundles
from db.store import Store

APPROVED_ACTION = "godkjent"
WITHDRAWN_ACTION = "godkjenning trukket"
GOAL_TEXT_EDITED = "læringsmål endret"


def goal_texts(store: Store) -> list[m.GoalText]:
    return store.all("goal_texts", order_by="catalog_version, code")


def goal_text_of(store: Store, catalog_version: str, code: str) -> m.GoalText | None:
    found = store.all("goal_texts", "catalog_version = ? AND code = ?", [catalog_version, code])
    return found[0] if found else None


def save_goal_text(store: Store, catalog_version: str, code: str, theme: str,
                   text: str) -> m.GoalText:
    """One goal's theme and text as the leader words them (audited); goal statuses and
    arena coverage are keyed by code and keep pointing at it."""
    record = goal_edit(catalog_version, code, theme, text,
                       goal_text_of(store, catalog_version, code))
    with store.transaction():
        saved = store.save(record)  # goal texts are reference data: not audited by save
        store.audit(GOAL_TEXT_EDITED, "goal_texts", saved.id, f"{code} ({catalog_version})")
    return saved


def reset_goal_text(store: Store, catalog_version: str, code: str) -> None:
    """Back to Helsedirektoratet's text: the leader's own wording is removed (audited).
    A goal that exists only as imported text has nothing to go back to."""
    if shipped_goal(catalog_version, code) is None:
        raise ValidationError("code", f"{code} finnes bare som importert tekst og har ingen "
                                      "tekst fra Helsedirektoratet å gå tilbake til.")
    existing = goal_text_of(store, catalog_version, code)
    if existing is not None:
        store.delete("goal_texts", existing.id,
                     reason="tilbakestilt til Helsedirektoratets tekst")


def catalog_for(store: Store, fkm_version: str = m.FKM_CURRENT) -> list[Goal]:
    """ALM plus the FKM goals of one version, with the titles the leader imported."""
    return catalog(goal_texts(store), fkm_version)


@dataclass
class DoctorGoals:
    """Everything the goals view shows for one doctor."""

    doctor: m.Doctor
    lines: list[GoalLine]
    institution_months: float       # counted by the rules engine
    institution_required: float
    suggestion: list[str]   # goal codes to suggest for approval (ALM-055, ALM-085)


def doctor_goals(store: Store, doctor_id: int, as_of: date) -> DoctorGoals:
    """The goals view of one doctor; KeyError if there is no such doctor."""
    bundle = doctor_bundles(store, doctor_id)[doctor_id]
    goals = catalog_for(store, bundle.doctor.catalog_version)
    lines = goal_lines(goals, bundle.goal_statuses, bundle.placements, store.all("arenas"),
                       store.all("arena_coverage"))
    months, required = institution_months(progress_of(bundle, as_of, goal_texts(store)))
    return DoctorGoals(bundle.doctor, lines, months, required,
                       institution_suggestion(months, required, bundle.goal_statuses))


def _approval_detail(status: m.GoalStatus) -> str:
    return (f"{status.goal_code} ({status.catalog_version}); råd fra veileder "
            f"{status.advice_supervisor} og supervisør {status.advice_clinical}")


def approve_goals(store: Store, records: list[m.GoalStatus], *, on: date | None,
                  approved_by: str, advice_supervisor: str, advice_clinical: str,
                  comment: str = "") -> list[m.GoalStatus]:
    """Approve one or more goals of one doctor in one transaction (§ 26: refused, with
    nothing written, without the advice of the supervisor and a clinical supervisor)."""
    approved = [approve(r, on=on, approved_by=approved_by, advice_supervisor=advice_supervisor,
                        advice_clinical=advice_clinical, comment=comment) for r in records]
    with store.transaction():
        for record in approved:
            store.save(record, audit=APPROVED_ACTION, detail=_approval_detail(record))
    return approved


def withdraw_approval(store: Store, record: m.GoalStatus, *, reason: str,
                      on: date) -> m.GoalStatus:
    """Un-approve a goal; the reason goes to the comment and to the audit log."""
    withdrawn = unapprove(record, reason=reason, on=on)
    return store.save(withdrawn, audit=WITHDRAWN_ACTION,
                      detail=f"{record.goal_code} ({record.catalog_version}): {reason.strip()}")


def change_state(store: Store, records: list[m.GoalStatus], state: str) -> list[m.GoalStatus]:
    """Set not started / in progress / submitted on one or more goals, in one transaction."""
    changed = [set_state(r, state) for r in records]
    with store.transaction():
        for record in changed:
            store.save(record)
    return changed


def import_goal_texts(store: Store, texts: list[m.GoalText]) -> int:
    """Write imported catalog texts (update by catalog version and code, else insert) in one
    transaction. Goal statuses are not touched."""
    for t in texts:
        t.validate()
    with store.transaction():
        for t in texts:
            row = to_plain(t, for_json=False)
            row.pop("id")
            store.conn.execute(
                """INSERT INTO goal_texts (catalog_version, code, theme, text)
                   VALUES (:catalog_version, :code, :theme, :text)
                   ON CONFLICT (catalog_version, code)
                   DO UPDATE SET theme = excluded.theme, text = excluded.text""", row)
        versions = sorted({t.catalog_version for t in texts})
        store.audit("læringsmål importert", "goal_texts", None,
                    f"{len(texts)} mål i {', '.join(versions)}")
    return len(texts)
