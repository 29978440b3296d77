"""What the rules engine says about a doctor: one RequirementResult per rule and the
doctor's Progress, and the status every check reports (met, behind, planned ...)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from alis_desktop.requirements.engine import _Env
    from alis_desktop.requirements.rules import RuleSpec
    from alis_desktop.requirements.service import _Context


STATUSES = ("met", "behind", "planned", "deviated", "ok_so_far")


STATUS_LABELS = MappingProxyType({
    "met": "Oppfylt",
    "behind": "Ligger etter",
    "planned": "Planlagt",
    "deviated": "Avvik",
    "ok_so_far": "I rute",
})


KIND_LABELS = MappingProxyType({"regulation": "Forskriftskrav", "plan": "Plankrav"})


@dataclass(frozen=True)
class RequirementResult:
    """One requirement for one doctor: done / required / remaining, with its basis."""

    id: str
    label: str
    kind: str              # 'regulation' | 'plan'
    basis: str             # '§ 2, § 31' or the plan source
    required: float
    done: float
    remaining: float
    unit: str              # 'mnd', 'timer', 'vakter', 'stk', 'mål', 'kurs', 'emner' ...
    met: bool
    planned: float         # amount planned within the next 6 months
    deviation_reason: str | None
    status: str            # one of STATUSES
    detail: str = ""       # short Norwegian explanation (what is missing, what was deducted)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Progress:
    doctor_id: int
    as_of: date
    months_by_category: dict[str, float]      # counted (after caps and absence) up to as_of
    counted_months: float                     # total counted toward the 60 months
    pct_complete: float                       # 0..100
    requirements: tuple[RequirementResult, ...]
    projected_completion: date | None
    projection_note: str
    behind_plan: bool
    warnings: tuple[str, ...]                 # Norwegian

    def requirement(self, rule_id: str) -> RequirementResult:
        for r in self.requirements:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def _n(x: float) -> str:
    """A month figure for a sentence: one decimal, Norwegian comma, no trailing ',0'."""
    text = f"{x:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def _status(spec: RuleSpec, ctx: _Context, met: bool, will_meet: bool, behind: bool) -> str:
    if met:
        return "met"
    if spec.id in ctx.deviated:
        return "deviated"
    if will_meet:
        return "planned"
    if behind:
        return "behind"
    return "ok_so_far"


_new = object.__new__


def _result(spec: RuleSpec, env: _Env, *, required, done, remaining, met, planned, status,
            detail: str = "") -> RequirementResult:
    # The fields set at once: a frozen dataclass's __init__ sets them one by one through
    # object.__setattr__, and the engine makes 23 results a doctor. The same object.
    result = _new(RequirementResult)
    result.__dict__.update(
        id=spec.id, label=spec.label, kind=spec.kind, basis=spec.basis,
        required=required, done=done, remaining=remaining, unit=spec.unit, met=met,
        planned=planned, deviation_reason=env.ctx.deviated.get(spec.id), status=status,
        detail=detail)
    return result


def _end_status(spec, env, met, will_meet):
    """Activity, course and goal rules are due by the end: behind only when not met and not
    planned within the last `end_window_months` of the counted service (or after the end)."""
    return _status(spec, env.ctx, met, will_meet, env.near_end)
