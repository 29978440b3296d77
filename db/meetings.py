"""Writing a review meeting as one user action: the meeting, its actions and plan items,
the goals approved in it (with the § 26 approval data, audited), and the snapshot of the
figures as of the meeting date that makes its minutes reprint identically."""

from __future__ import annotations

import dataclasses
from datetime import date

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.meetings import meeting_snapshot
from db.goals import approve_goals


@dataclasses.dataclass
class Approval:
    """A goal approved in a meeting."""

    goal_code: str
    catalog_version: str
    advice_supervisor: str
    advice_clinical: str
    comment: str = ""


def snapshot(store, doctor_id: int, as_of: date) -> dict:
    """The figures shown in the meeting, frozen as plain data."""
    bundle = store.bundles(doctor_id)[doctor_id]
    progress = store.progress(as_of, doctor_id)[doctor_id]
    return meeting_snapshot(bundle, progress, {a.id: a.name for a in store.all("arenas")},
                            {s.id: s.name for s in store.all("supervisors")}, as_of)


def approve_goal(store, doctor_id: int, approval: Approval, on: date, by: str) -> m.GoalStatus:
    """Approve through the goals view's path (§ 26 checks, audit with the advice names)."""
    found = store.all("goal_statuses", "doctor_id = ? AND goal_code = ? AND catalog_version = ?",
                      [doctor_id, approval.goal_code, approval.catalog_version])
    status = found[0] if found else m.GoalStatus(doctor_id=doctor_id, goal_code=approval.goal_code,
                                                 catalog_version=approval.catalog_version)
    return approve_goals(store, [status], on=on, approved_by=by,
                         advice_supervisor=approval.advice_supervisor,
                         advice_clinical=approval.advice_clinical, comment=approval.comment)[0]


def save_meeting(store, meeting: m.ReviewMeeting, actions=(), approvals=(), plan_items=(),
                 *, take_snapshot: bool = True) -> m.ReviewMeeting:
    """Save the meeting with everything agreed in it, in one transaction."""
    meeting.validate()
    for a in actions:
        a.doctor_id = meeting.doctor_id
        a.validate()
    for item in plan_items:
        item.doctor_id = meeting.doctor_id
        item.validate()
    leader = store.municipality().leader_name
    with store.transaction():
        approved_codes = []
        for approval in approvals:
            try:
                approve_goal(store, meeting.doctor_id, approval, meeting.date, leader)
            except ValidationError as exc:
                raise ValidationError(exc.field, f"{approval.goal_code}: {exc.message}") from None
            approved_codes.append(approval.goal_code)
        if take_snapshot and meeting.held:
            # The figures as of the meeting, frozen the first time it is saved as held (a
            # later edit of the minutes keeps them), plus what it approved and agreed.
            kept = meeting.snapshot if meeting.snapshot.get("as_of") == meeting.date.isoformat() \
                else snapshot(store, meeting.doctor_id, meeting.date)
            earlier = [c for c in kept.get("approved_in_meeting", []) if c not in approved_codes]
            meeting.snapshot = dict(
                kept,
                approved_in_meeting=earlier + approved_codes,
                actions=[{"what": a.what, "who": a.who,
                          "due_date": a.due_date.isoformat() if a.due_date else None}
                         for a in actions],
                plan_items=[{"kind": i.kind, "text": i.text,
                             "due_date": i.due_date.isoformat() if i.due_date else None}
                            for i in plan_items])
        store.save(meeting, audit="møte lagret")
        for a in actions:
            a.meeting_id = meeting.id
            store.save(a)
        for item in plan_items:
            item.meeting_id = meeting.id
            store.save(item)
    return meeting


def goals_ready_for_approval(store, doctor_id: int) -> list[m.GoalStatus]:
    """Goals the doctor has submitted for approval (or is working on), by code."""
    return store.all("goal_statuses", "doctor_id = ? AND state IN ('submitted', 'in_progress')",
                     [doctor_id], order_by="state DESC, goal_code")
