"""Learning goals: the ``goals`` check (approved goals of a catalog version) and what it
reads of a doctor's goal statuses (GoalSets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Mapping
from typing import TYPE_CHECKING

from alis_desktop.requirements.results import _end_status, _result
from alis_desktop.vocab import GoalState

if TYPE_CHECKING:
    from alis_desktop.requirements.engine import _Env
    from alis_desktop.requirements.results import RequirementResult
    from alis_desktop.requirements.rules import RuleSpec

_APPROVED = GoalState.APPROVED.value
_SUBMITTED = GoalState.SUBMITTED.value


@dataclass(frozen=True)
class GoalSets:
    """What the goal rules read of a doctor's goal statuses on `as_of`: per catalog
    version, the codes approved by then (or with no approval date) and the codes
    submitted. evaluate() builds it from the records (GoalSets.of); a loader reading
    every doctor at once may hand it in instead of the records (db.lean_bundles)."""

    as_of: date
    approved: Mapping[str, frozenset]
    submitted: Mapping[str, frozenset]

    @classmethod
    def of(cls, statuses, as_of: date) -> "GoalSets":
        approved: dict[str, set] = {}
        submitted: dict[str, set] = {}
        for s in statuses:
            if s.state == _APPROVED and (s.approved_date is None or s.approved_date <= as_of):
                approved.setdefault(s.catalog_version, set()).add(s.goal_code)
            elif s.state == _SUBMITTED:
                submitted.setdefault(s.catalog_version, set()).add(s.goal_code)
        return cls(as_of, {v: frozenset(c) for v, c in approved.items()},
                   {v: frozenset(c) for v, c in submitted.items()})


@lru_cache(maxsize=8)
def _default_goal_codes(fkm_version: str) -> tuple:
    from alis_desktop.catalog import catalog
    return tuple((g.catalog_version, g.code) for g in catalog(fkm_version=fkm_version))


_GOAL_SETS: dict[int, tuple] = {}


def _goal_codes(goals, fkm_version: str) -> dict[str, frozenset]:
    """Goal codes by catalog version; memoised for the default catalog and for a goals
    sequence passed again (the table refresh passes the same tuple for every doctor)."""
    key = id(goals) if goals else None
    hit = _GOAL_SETS.get(key) if key is not None else None
    if hit is not None and hit[0] is goals:
        return hit[1]
    keys = (goals and [(g.catalog_version, g.code) for g in goals]) or \
        _default_goal_codes(fkm_version)
    by_version: dict[str, set] = {}
    for v, code in keys:
        by_version.setdefault(v, set()).add(code)
    result = {v: frozenset(c) for v, c in by_version.items()}
    if key is not None and isinstance(goals, tuple):
        if len(_GOAL_SETS) > 8:
            _GOAL_SETS.clear()
        _GOAL_SETS[key] = (goals, result)
    return result


def _check_goals(env: _Env, spec: RuleSpec) -> RequirementResult:
    """Approved goals of one catalog version; submitted goals are counted as planned."""
    version = spec.get("catalog")
    if version == "doctor":
        version = env.doctor.catalog_version
    codes = _goal_codes(env.goals, env.doctor.catalog_version).get(version, frozenset())
    if not codes:
        env.warnings.append(f"Katalogversjonen «{version}» har ingen læringsmål i katalogen; "
                            "importer målene for å følge dem opp.")
        return _result(spec, env, required=0, done=0, remaining=0, met=False, planned=0,
                       status="ok_so_far", detail=f"Ingen mål i katalogversjon {version}")
    approved = env.goal_statuses.approved.get(version, frozenset()) & codes
    submitted = (env.goal_statuses.submitted.get(version, frozenset()) & codes) - approved
    req, done = len(codes), len(approved)
    met = done >= req
    return _result(spec, env, required=req, done=done, remaining=req - done, met=met,
                   planned=len(submitted),
                   status=_end_status(spec, env, met, done + len(submitted) >= req))
