"""Progress of every doctor (the rules engine over data loaded in bulk) and the shape that
`python -m alis_desktop status --json` prints (documented in docs/data-format.md)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from alis_desktop.catalog import catalog
from alis_desktop.requirements import Progress, evaluate, load_rules
from db.queries import DoctorBundle, bundle_batches, doctor_bundles


def progress_of(bundle: DoctorBundle, as_of: date, overrides=(), rules=None,
                goals=None) -> Progress:
    d = bundle.doctor
    if goals is None:
        goals = catalog(overrides, fkm_version=d.catalog_version)
    return evaluate(d, bundle.placements, bundle.leaves, bundle.activities,
                    bundle.supervision_sessions, bundle.goal_statuses, bundle.meetings,
                    bundle.rule_deviations, goals, as_of=as_of, rules=rules)


def progress_batches(store, as_of: date, doctor_id: int | None = None) -> Iterator[dict]:
    """Progress on `as_of` of all doctors (or one), a batch of doctors at a time: the
    records are read one query per kind and batch, never one per doctor, and a caller in
    a background thread can stop between batches."""
    overrides = store.all("goal_texts")
    rules = load_rules()
    catalogs: dict[str, tuple] = {}  # one catalog per FKM version, not one per doctor

    def goals_for(version: str):
        if version not in catalogs:
            catalogs[version] = tuple(catalog(overrides, fkm_version=version))
        return catalogs[version]

    batches = ([doctor_bundles(store, doctor_id)] if doctor_id is not None
               else bundle_batches(store))
    for bundles in batches:
        yield {did: progress_of(b, as_of, overrides, rules, goals_for(b.doctor.catalog_version))
               for did, b in bundles.items()}


def progress_for(store, as_of: date, doctor_id: int | None = None) -> dict[int, Progress]:
    """doctor id -> Progress on `as_of`, for all doctors (or one)."""
    out: dict[int, Progress] = {}
    for batch in progress_batches(store, as_of, doctor_id):
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


def overview(store, today: date):
    """Progress, meeting schedule and early warnings for every doctor in one pass."""
    from alis_desktop.meetings import early_warnings, meeting_due
    bundles = doctor_bundles(store)
    overrides = store.all("goal_texts")
    rules = load_rules()
    supervisors = {s.id: s for s in store.all("supervisors")}
    progress, due, warnings = {}, {}, []
    for did, b in bundles.items():
        p = progress_of(b, today, overrides, rules)
        progress[did] = p
        if b.doctor.status(today) == "Aktiv":
            due[did] = meeting_due(b.doctor, b.meetings, today)
            warnings += early_warnings(b.doctor, b, p, today, supervisors)
    return bundles, progress, due, warnings
