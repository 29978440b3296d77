"""Progress of every doctor (the rules engine over data loaded in bulk) and the shape that
`python -m alis_desktop status --json` prints (documented in docs/data-format.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from alis_desktop.catalog import catalog
from alis_desktop.requirements import Progress, evaluate, load_rules
from db.lean_bundles import lean_bundles
from db.queries import DoctorBundle, bundle_batches, doctor_bundles


def progress_of(bundle: DoctorBundle, as_of: date, overrides=(), rules=None,
                goals=None) -> Progress:
    d = bundle.doctor
    if goals is None:
        goals = catalog(overrides, fkm_version=d.catalog_version)
    return evaluate(d, bundle.placements, bundle.leaves, bundle.activities,
                    bundle.supervision_sessions, bundle.goal_statuses, bundle.meetings,
                    bundle.rule_deviations, goals, as_of=as_of, rules=rules)


def _catalog_per_version(overrides) -> Callable[[str], tuple]:
    """The goal catalog of an FKM version, built once per version, not once per doctor
    (the rules engine memoises its goal sets per catalog object)."""
    catalogs: dict[str, tuple] = {}

    def goals_for(version: str) -> tuple:
        if version not in catalogs:
            catalogs[version] = tuple(catalog(overrides, fkm_version=version))
        return catalogs[version]
    return goals_for


def progress_batches(store, as_of: date, doctor_id: int | None = None, *,
                     doctor_ids=None) -> Iterator[dict]:
    """Progress on `as_of` of all doctors (or one), a batch of doctors at a time: the
    records are read one query per kind and batch, never one per doctor, and a caller in
    a background thread can stop between batches."""
    overrides = store.all("goal_texts")
    rules = load_rules()
    goals_for = _catalog_per_version(overrides)
    if doctor_ids is not None:
        batches = [doctor_bundles(store, doctor_ids=doctor_ids)]
    elif doctor_id is not None:
        batches = [doctor_bundles(store, doctor_id)]
    else:
        batches = bundle_batches(store)
    for bundles in batches:
        yield {did: progress_of(b, as_of, overrides, rules, goals_for(b.doctor.catalog_version))
               for did, b in bundles.items()}


def progress_for(store, as_of: date, doctor_id: int | None = None, *,
                 doctor_ids=None) -> dict[int, Progress]:
    """doctor id -> Progress on `as_of`, for all doctors, one or some (doctor_ids)."""
    out: dict[int, Progress] = {}
    for batch in progress_batches(store, as_of, doctor_id, doctor_ids=doctor_ids):
        out.update(batch)
    return out


def status_report(store, doctor_id: int | None, as_of: date) -> dict:
    progress = progress_for(store, as_of, doctor_id)
    doctors = {d.id: d for d in store.all("doctors")}
    out = []
    for did, p in sorted(progress.items(), key=lambda kv: doctors[kv[0]].name):
        out.append({
            "id": did,
            "name": doctors[did].name,
            "as_of": p.as_of.isoformat(),
            "fte_years_by_category": {k: round(v / 12, 4) for k, v in p.months_by_category.items()},
            "counted_months": round(p.counted_months, 4),
            "counted_years": round(p.counted_months / 12, 4),
            "pct_complete": round(p.pct_complete, 2),
            "projected_completion": p.projected_completion.isoformat() if p.projected_completion else None,
            "projection_note": p.projection_note,
            "behind_plan": p.behind_plan,
            "warnings": list(p.warnings),
            "requirements": [{
                "id": r.id, "label": r.label, "kind": r.kind, "basis": r.basis,
                "required": r.required, "done": round(r.done, 4),
                "remaining": round(r.remaining, 4), "unit": r.unit, "met": r.met,
                "status": r.status, "planned": round(r.planned, 4),
                "deviation_reason": r.deviation_reason, "detail": r.detail,
            } for r in p.requirements],
        })
    return {"format": "alis-desktop-status", "format_version": 1, "as_of": as_of.isoformat(),
            "doctors": out}


@dataclass
class DoctorFigures:
    """What the overview and the doctors table show for one doctor beyond her own fields:
    the rules engine's progress, and for an active doctor the meeting schedule and the
    early warnings."""

    progress: Progress
    due: object | None = None           # alis_desktop.meetings.MeetingDue
    warnings: list = field(default_factory=list)  # alis_desktop.meetings.Warning


def figures_batches(store, today: date, doctor_ids=None) -> Iterator[dict[int, DoctorFigures]]:
    """DoctorFigures of every doctor (or of doctor_ids), a batch of doctors at a time (see
    progress_batches), from their records read lean (db.lean_bundles)."""
    from alis_desktop.meetings import early_warnings, meeting_due
    overrides = store.all("goal_texts")
    rules = load_rules()
    supervisors = {s.id: s for s in store.all("supervisors")}
    goals_for = _catalog_per_version(overrides)
    for bundles in lean_bundles(store, today, rules, doctor_ids=doctor_ids):
        out = {}
        for did, b in bundles.items():
            p = progress_of(b, today, overrides, rules, goals_for(b.doctor.catalog_version))
            figures = DoctorFigures(p)
            if b.doctor.status(today) == "Aktiv":
                figures.due = meeting_due(b.doctor, b.meetings, today)
                figures.warnings = early_warnings(b.doctor, b, p, today, supervisors)
            out[did] = figures
        yield out


def overview(store, today: date):
    """Progress, meeting schedule and early warnings for every doctor in one pass:
    (doctor id -> Progress, doctor id -> MeetingDue of the active, warnings)."""
    progress, due, warnings = {}, {}, []
    for batch in figures_batches(store, today):
        for did, f in batch.items():
            progress[did] = f.progress
            if f.due is not None:
                due[did] = f.due
            warnings += f.warnings
    return progress, due, warnings
