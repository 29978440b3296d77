"""The old regime's deadline (§ 37): the ``deadline`` check."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from alis_desktop.dates import fmt
from alis_desktop.requirements.results import _result

if TYPE_CHECKING:
    from alis_desktop.requirements.engine import _Env
    from alis_desktop.requirements.results import RequirementResult
    from alis_desktop.requirements.rules import RuleSpec


def _check_deadline(env: _Env, spec: RuleSpec) -> RequirementResult:
    """Old regime (§ 37): the service must be complete for an application by the deadline.
    Met when complete by then; planned when the projection (next 6 months) reaches it;
    ok_so_far when a later projection still does; behind otherwise (with a warning)."""
    deadline = date.fromisoformat(spec.get("deadline"))
    req = env.ctx.total.required
    done = env.now.total
    planned = max(0.0, env.ahead.total - done)
    projected = env.projected
    complete_now = env.ctx.complete(env.now)
    met = complete_now and projected is not None and projected <= deadline
    if met:
        status = "met"
    elif projected is not None and projected <= deadline:
        status = "planned" if projected <= env.horizon6 else "ok_so_far"
    else:
        status = "behind"
        when = (f"etter planen først {fmt(projected)}" if projected
                else "ikke innen fristen etter planen")
        env.warnings.append(f"Gammel ordning: søknad må sendes innen {fmt(deadline)} "
                            f"(§ 37), men tjenestekravene nås {when}.")
    if projected is None:
        detail = "Fullføring kan ikke beregnes"
    elif complete_now:
        detail = f"Tjenestekravene oppfylt {fmt(projected)}"
    else:
        detail = f"Beregnet fullført {fmt(projected)}"
    return _result(spec, env, required=req, done=done, remaining=max(0.0, req - done),
                   met=met, planned=planned, status=status,
                   detail=f"{detail}; frist {fmt(deadline)}")
