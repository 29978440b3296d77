"""Individual supervision: the ``supervision`` check (hours against 42 h per year of
service, behind by the Veiledning view's measure)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alis_desktop import supervision
from alis_desktop.requirements.results import _n, _result, _status
from alis_desktop.service_time import EPS

if TYPE_CHECKING:
    from alis_desktop.requirements.engine import _Env
    from alis_desktop.requirements.results import RequirementResult
    from alis_desktop.requirements.rules import RuleSpec


def _check_supervision(env: _Env, spec: RuleSpec) -> RequirementResult:
    """42 h per year of service (4 h x 10.5 months): required for the whole training
    (42 x 5 = 210 h). Behind by the same measure as the Veiledning view and its flag
    (alis_desktop.supervision): more than one month's target short of the target for the
    service so far, with or without scaling by position % as supervision_rules.json says."""
    per_month = float(spec.get("hours_per_month")) * float(spec.get("months_per_year")) / 12.0
    req = per_month * env.ctx.total.required
    done = planned = 0.0
    for s in env.sessions:
        if not s.date or not s.hours:
            continue
        if s.date <= env.as_of:
            if not s.planned:
                done += s.hours
        elif s.date <= env.horizon6:
            planned += s.hours
    met = done >= req - EPS
    expected = supervision.behind(env.doctor, env.placements, env.leaves, done, env.as_of,
                                  supervision.load_rules())
    behind = expected is not None and not met
    detail = f"Forventet {_n(expected)} t etter tjenestetiden så langt" if behind else ""
    return _result(spec, env, required=req, done=done, remaining=max(0.0, req - done),
                   met=met, planned=planned,
                   status=_status(spec, env.ctx, met, done + planned >= req - EPS, behind),
                   detail=detail)
