"""Review meetings: the ``meeting_interval`` check (months since the last meeting held)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from alis_desktop.dates import fmt
from alis_desktop.requirements.results import _n, _result, _status
from alis_desktop.service_time import EPS, months_served

if TYPE_CHECKING:
    from alis_desktop.requirements.engine import _Env
    from alis_desktop.requirements.results import RequirementResult
    from alis_desktop.requirements.rules import RuleSpec

_ONE_DAY = timedelta(days=1)


def _check_meetings(env: _Env, spec: RuleSpec) -> RequirementResult:
    """Months since the last held meeting (or since the start): met within `normal_months`,
    behind after it unless one is planned; a warning past `max_months`."""
    normal = float(spec.get("normal_months"))
    maximum = float(spec.get("max_months"))
    last = None
    planned = 0
    for m in env.meetings:
        if not m.date:
            continue
        if m.date <= env.as_of and m.held:
            if last is None or m.date > last:
                last = m.date
        elif env.as_of < m.date <= env.horizon6:
            planned += 1
    ref = last or env.training_start
    since = months_served(ref + _ONE_DAY, env.until) if env.until > ref else 0.0
    met = since <= normal + EPS
    if since > maximum + EPS:
        env.warnings.append(
            f"Det er {_n(since)} mnd siden " + (f"siste oppfølgingsmøte ({fmt(last)})"
                                              if last else "oppstart uten oppfølgingsmøte")
            + f"; møte skal holdes minst hver {_n(maximum)}. mnd.")
    detail = f"Siste møte {fmt(last)}" if last else "Ingen møter holdt"
    return _result(spec, env, required=normal, done=since, remaining=max(0.0, normal - since),
                   met=met, planned=planned,
                   status=_status(spec, env.ctx, met, planned > 0, not met), detail=detail)
