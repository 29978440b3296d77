"""The rules engine: what a doctor has done, what remains, and when the service is complete.

Every number lives in resources/rules.json; this module only knows the kinds of check
(``service_total``, ``service_min``, ``service_cap``, ``absence``, ``supervision``,
``activity_count``, ``courses``, ``topic_courses``, ``goals``, ``meeting_interval``,
``deadline``). Each rule is a *regulation* rule (Spesialistforskriften, cited by §; never
deviated) or a *plan* rule (guidance and municipal plans; the leader may deviate for one
doctor, with a reason). docs/rules.md lists the rules and the judgment calls.

The entry point is :func:`evaluate`; it is pure (no I/O beyond the cached rules file) and
cheap enough to call for every doctor on every table refresh.

Status of a requirement (drives the colours of the plan, as in the Drammen template):
- ``met``: done (green);
- ``deviated``: not met, but the leader has decided to depart from this plan rule;
- ``planned``: not met, but what is planned within the next 6 months meets it (blue);
- ``behind``: not met and should have been by now (red), see the check's docstring;
- ``ok_so_far``: not met, not fully planned, but on track for the time in training.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from alis_desktop import supervision
from alis_desktop.dates import add_months, fmt
from alis_desktop.resources import resource_path
from alis_desktop.service_time import CATEGORIES, EPS, Counter, months_served, overloaded_periods
from alis_desktop.vocab import GoalState, PlacementStatus, ServiceCategory

STATUSES = ("met", "behind", "planned", "deviated", "ok_so_far")
STATUS_LABELS = MappingProxyType({
    "met": "Oppfylt",
    "behind": "Ligger etter",
    "planned": "Planlagt",
    "deviated": "Avvik",
    "ok_so_far": "I rute",
})
KINDS = ("regulation", "plan")
KIND_LABELS = MappingProxyType({"regulation": "Forskriftskrav", "plan": "Plankrav"})
CHECKS = ("service_total", "service_min", "service_cap", "absence", "supervision",
          "activity_count", "courses", "topic_courses", "goals", "meeting_interval",
          "deadline")
_COMMON = ("id", "kind", "basis", "check", "label", "unit", "regimes", "old_regime")
_NEEDS: dict[str, tuple[str, ...]] = {
    "service_total": ("required",),
    "service_min": ("required", "categories"),
    "service_cap": ("max", "categories"),
    "absence": ("allowance_pct", "counts_as_service"),
    "supervision": ("hours_per_month", "months_per_year"),
    "activity_count": ("activity_kind", "required"),
    "courses": ("codes",),
    "topic_courses": ("course_code", "required", "min_hours"),
    "goals": ("catalog",),
    "meeting_interval": ("normal_months", "max_months"),
    "deadline": ("deadline",),
}
_COMPLETED = PlacementStatus.COMPLETED.value
_APPROVED = GoalState.APPROVED.value
_SUBMITTED = GoalState.SUBMITTED.value
_ONE_DAY = timedelta(days=1)


# --------------------------------------------------------------------------- rules data


@dataclass(frozen=True)
class RuleSpec:
    """One rule as written in rules.json (with the regime's overrides applied)."""

    id: str
    kind: str
    basis: str
    check: str
    label: str
    unit: str
    params: Mapping = field(default_factory=dict, compare=False)
    regimes: tuple[str, ...] = ()

    def get(self, key: str, default=None):
        return self.params.get(key, default)

    @property
    def required(self) -> float:
        return float(self.params.get("required", 0))


@dataclass(frozen=True, eq=False)
class Rules:
    """All rule parameters, read from resources/rules.json."""

    version: str
    title: str
    rules: tuple[RuleSpec, ...]                 # as written (the new regime's view)
    settings: Mapping
    parameters: Mapping
    absence_allowance: float                    # fraction of the time in training (0.10)
    counting_leave_kinds: frozenset[str]        # leave kinds that count as service
    _raw: tuple = field(default=(), repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping) -> "Rules":
        raw = tuple(data.get("rules", ()))
        seen: set[str] = set()
        for r in raw:
            rid = r.get("id")
            if not rid or rid in seen:
                raise ValueError(f"rules.json: missing or repeated rule id {rid!r}")
            seen.add(rid)
            if r.get("kind") not in KINDS:
                raise ValueError(f"rules.json: rule {rid}: kind must be one of {KINDS}")
            if r.get("check") not in CHECKS:
                raise ValueError(f"rules.json: rule {rid}: unknown check {r.get('check')!r}")
            missing = [k for k in _NEEDS[r["check"]] if k not in r]
            if missing:
                raise ValueError(f"rules.json: rule {rid}: missing {', '.join(missing)}")
            for k in ("label", "basis", "unit"):
                if not str(r.get(k, "")).strip():
                    raise ValueError(f"rules.json: rule {rid}: missing {k}")
            for cat in list(r.get("categories", ())) + list(r.get("reduce_order", ())):
                if cat not in CATEGORIES:
                    raise ValueError(f"rules.json: rule {rid}: unknown category {cat!r}")
        absence = [r for r in raw if r["check"] == "absence"]
        if len(absence) != 1:
            raise ValueError("rules.json: exactly one rule with check 'absence' is needed")
        if not any(r["check"] == "service_total" for r in raw):
            raise ValueError("rules.json: a rule with check 'service_total' is needed")
        settings = {"planning_months": 6, "projection_years": 20, "behind_slack_months": 1,
                    "end_window_months": 6}
        settings.update(data.get("settings", {}))
        rules = cls(
            version=str(data.get("version", "")),
            title=str(data.get("title", "")),
            rules=tuple(_spec(r) for r in raw),
            settings=MappingProxyType(settings),
            parameters=MappingProxyType(dict(data.get("parameters", {}))),
            absence_allowance=float(absence[0]["allowance_pct"]) / 100.0,
            counting_leave_kinds=frozenset(absence[0]["counts_as_service"]),
            _raw=raw,
        )
        return rules

    @classmethod
    def from_file(cls, path) -> "Rules":
        with open(Path(path), encoding="utf-8") as fh:
            return cls.from_dict(json.load(fh))

    def for_regime(self, regime: str) -> tuple[RuleSpec, ...]:
        """The rules that apply to a doctor on `regime`, with its overrides applied."""
        cached = self._cache.get(regime)
        if cached is None:
            out = []
            for r in self._raw:
                if r.get("regimes") and regime not in r["regimes"]:
                    continue
                if regime == "old" and r.get("old_regime"):
                    r = {**r, **r["old_regime"]}
                out.append(_spec(r))
            cached = self._cache[regime] = tuple(out)
        return cached

    def rule(self, rule_id: str, regime: str = "new") -> RuleSpec:
        for spec in self.for_regime(regime):
            if spec.id == rule_id:
                return spec
        raise KeyError(rule_id)

    def deviable(self, regime: str = "new") -> tuple[RuleSpec, ...]:
        """The plan rules a leader may deviate from for a doctor on `regime`."""
        return tuple(s for s in self.for_regime(regime) if s.kind == "plan")

    def setting(self, key: str):
        return self.settings[key]


def _spec(r: Mapping) -> RuleSpec:
    params = {k: v for k, v in r.items() if k not in _COMMON}
    return RuleSpec(id=r["id"], kind=r["kind"], basis=r["basis"], check=r["check"],
                    label=r["label"], unit=r["unit"], params=MappingProxyType(params),
                    regimes=tuple(r.get("regimes", ())))


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The shipped rules (resources/rules.json), read once."""
    return Rules.from_file(resource_path("rules.json"))


# --------------------------------------------------------------------------- results


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


def planning_horizon(as_of: date, rules: Rules) -> date:
    """The last day of the planning window: what is dated after `as_of` up to this day
    counts as planned (`planning_months` after `as_of`)."""
    return add_months(as_of, int(rules.setting("planning_months")))


def activity_kinds_during_service(rules: Rules) -> frozenset[str]:
    """Activity kinds a rule counts only within service periods of some categories (the
    only rules that compare an activity's date with the service periods)."""
    return frozenset(s.get("activity_kind") for regime in ("new", "old")
                     for s in rules.for_regime(regime)
                     if s.check == "activity_count" and s.get("during_categories"))


# --------------------------------------------------------------------------- service state


@dataclass
class _State:
    """Service counted at one date, with caps and the minimum rules read off it."""

    d: date
    service: "_Service"
    gross: list          # per placement of service.counter.placements
    absence: list
    net_pl: list
    training: float      # gross position-weighted months (time in training)
    absence_total: float
    allowance: float
    deducted: float
    net: dict            # by category, after § 31 absence, before caps
    capped: dict         # by category, after caps
    before_cap: dict     # cap rule id -> months in its categories just before it applied
    total: float
    mins: dict           # service_min rule id -> counted months toward it


_CAT_INDEX = {c: i for i, c in enumerate(CATEGORIES)}


class _Service:
    """One set of placements (done, or done + planned) prepared for many evaluations."""

    def __init__(self, placements, leaves, ctx: "_Context") -> None:
        self.ctx = ctx
        self.counter = Counter(placements, leaves, allowance=ctx.rules.absence_allowance,
                               counting_kinds=ctx.rules.counting_leave_kinds)
        pls = self.counter.placements
        self.cat_idx = [_CAT_INDEX.get(p.category, -1) for p in pls]
        self.selection: dict[str, tuple[list[int], list[list[int]] | None]] = {}
        self.min_plan = []   # (id, indices, blocks, block_min, category indices)
        for spec in ctx.mins:
            cats = set(spec.get("categories"))
            min_pct = float(spec.get("min_position_pct", 0) or 0)
            idx = [i for i, p in enumerate(pls)
                   if p.category in cats and float(p.position_pct or 0) >= min_pct - EPS]
            blocks = _blocks(pls, idx) if spec.get("block_min_months") else None
            self.selection[spec.id] = (idx, blocks)
            self.min_plan.append((spec.id, idx, blocks,
                                  float(spec.get("block_min_months") or 0) - EPS,
                                  [_CAT_INDEX[c] for c in spec.get("categories")]))

    def _figures(self, d: date):
        gross, absence, net_pl, figures = self.counter.arrays(d)
        by_cat = [0.0] * len(CATEGORIES)
        for n, ci in zip(net_pl, self.cat_idx):
            if ci >= 0:
                by_cat[ci] += n
        capped = list(by_cat)
        before = {}
        for rid, cats, cap, order, active in self.ctx.cap_plan:
            total = 0.0
            for ci in cats:
                total += capped[ci]
            before[rid] = total
            excess = total - cap
            if active and excess > EPS:
                for ci in order:
                    take = excess if excess < capped[ci] else capped[ci]
                    capped[ci] -= take
                    excess -= take
                    if excess <= EPS:
                        break
        mins = {}
        for rid, idx, blocks, bmin, cats in self.min_plan:
            if blocks is None:
                value = 0.0
                for i in idx:
                    value += net_pl[i]
            else:
                value = 0.0
                for block in blocks:
                    if sum(gross[i] for i in block) >= bmin:
                        value += sum(net_pl[i] for i in block)
            ceiling = sum(capped[ci] for ci in cats)
            mins[rid] = max(0.0, value if value < ceiling else ceiling)
        return gross, absence, net_pl, figures, by_cat, capped, before, mins

    def shortfall_at(self, d: date) -> float:
        """Months still missing on `d` (<= 0 when complete): the fast path of projection."""
        _, _, _, _, _, capped, _, mins = self._figures(d)
        return self.ctx.shortfall(sum(capped), mins)

    def state(self, d: date) -> _State:
        gross, absence, net_pl, figures, by_cat, capped, before, mins = self._figures(d)
        training, absence_total, allowance, deducted = figures
        return _State(d, self, gross, absence, net_pl, training, absence_total, allowance,
                      deducted, dict(zip(CATEGORIES, by_cat)), dict(zip(CATEGORIES, capped)),
                      before, sum(capped), mins)


def _blocks(placements, idx: list[int]) -> list[list[int]]:
    """Institution blocks: one contiguous placement, or contiguous placements at the same
    arena and department (a placement starting the day after, or overlapping, the block)."""
    blocks: list[list[int]] = []
    open_by_key: dict[tuple, tuple[list[int], date]] = {}
    for i in sorted(idx, key=lambda k: (placements[k].start_date, placements[k].end_date)):
        p = placements[i]
        key = (p.arena_id, (p.department or "").strip().casefold())
        current = open_by_key.get(key)
        if current and p.start_date <= current[1] + _ONE_DAY:
            current[0].append(i)
            open_by_key[key] = (current[0], max(current[1], p.end_date))
        else:
            block = [i]
            blocks.append(block)
            open_by_key[key] = (block, p.end_date)
    return blocks


class _Context:
    """The rules for one doctor: regime overrides and deviations applied."""

    def __init__(self, rules: Rules, specs: tuple[RuleSpec, ...], deviated: dict) -> None:
        self.rules = rules
        self.specs = specs
        self.deviated = deviated
        self.total = next(s for s in specs if s.check == "service_total")
        self.caps = [(s, s.id not in deviated) for s in specs if s.check == "service_cap"]
        self.cap_plan = [
            (s.id, [_CAT_INDEX[c] for c in s.get("categories")], float(s.get("max")),
             [_CAT_INDEX[c] for c in (s.get("reduce_order") or s.get("categories"))], active)
            for s, active in self.caps]
        self.mins = [s for s in specs if s.check == "service_min"]
        self.active_mins = [s for s in self.mins if s.id not in deviated]
        self._total_req = self.total.required - EPS
        self._min_req = [(s.id, s.required - EPS) for s in self.active_mins]

    def shortfall(self, total: float, mins: dict) -> float:
        """Months missing from the total and the active minimums together (> 0) or, when
        all are met, minus the surplus of the total (<= 0). Falls with time and is close to
        linear, which lets the projection interpolate."""
        total_gap = self._total_req - total
        missing = total_gap if total_gap > 0 else 0.0
        for rid, req in self._min_req:
            gap = req - mins[rid]
            if gap > 0:
                missing += gap
        return missing if missing > 0 else total_gap

    def complete(self, st: _State) -> bool:
        return self.shortfall(st.total, st.mins) <= 0


class _Ext:
    """A placement assumed for the projection: the last one continued."""

    __slots__ = ("id", "category", "position_pct", "arena_id", "department", "start_date",
                 "end_date", "status")

    def __init__(self, p, start: date, end: date) -> None:
        self.id = None
        self.category = p.category
        self.position_pct = p.position_pct
        self.arena_id = p.arena_id
        self.department = p.department
        self.start_date = start
        self.end_date = end
        self.status = PlacementStatus.PLANNED.value


_DAYS_PER_MONTH = 30.436875


def _first_date(service: _Service, lo: date, hi: date, f_hi: float | None = None) -> date:
    """The first date in [lo, hi] on which the service is complete (it is at `hi`).

    Counted service only grows with time (absence beyond the allowance is deducted, but the
    allowance grows too), so the shortfall falls with time, piecewise linearly. Forward
    secant steps from `lo` (doubling across plateaus, e.g. waiting for a planned institution
    block) find a bracket; inside it, interpolation with a check of the neighbouring day
    usually lands on the day at once, with halving as the fallback. A handful of
    evaluations instead of a day-by-day walk."""
    a, b = lo.toordinal(), hi.toordinal()
    fa = service.shortfall_at(lo)
    if fa <= 0:
        return lo
    fb = service.shortfall_at(hi) if f_hi is None else f_hi
    # Phase 1: walk forward until complete; `a` stays incomplete.
    slope = 1.0 / _DAYS_PER_MONTH          # assume full time at first: a month per month
    jump = 0
    while True:
        days = fa / slope if slope > 0 else float("inf")
        limit = max(31, 2 * jump)
        step = int(min(days, limit) + 0.999999)
        m = min(a + max(step, 1), b)
        if m >= b:
            break
        fm = service.shortfall_at(date.fromordinal(m))
        if fm <= 0:
            b, fb = m, fm
            break
        slope = (fa - fm) / (m - a)
        jump = m - a
        a, fa = m, fm
    # Phase 2: refine inside (a, b].
    interpolate = True
    while b - a > 1:
        width = b - a
        guess = interpolate and fa - fb > 0
        if guess:
            m = a + int((b - a) * fa / (fa - fb) + 0.999999)
        else:
            m = (a + b) // 2
        m = min(max(m, a + 1), b - 1)
        fm = service.shortfall_at(date.fromordinal(m))
        if fm <= 0:
            b, fb = m, fm
            if guess and m - 1 > a:
                f2 = service.shortfall_at(date.fromordinal(m - 1))
                if f2 > 0:
                    a, fa = m - 1, f2
                else:
                    b, fb = m - 1, f2
        else:
            a, fa = m, fm
            if guess and m + 1 < b:
                f2 = service.shortfall_at(date.fromordinal(m + 1))
                if f2 <= 0:
                    b, fb = m + 1, f2
                else:
                    a, fa = m + 1, f2
        interpolate = (b - a) * 2 <= width
    return date.fromordinal(b)


def _n(x: float) -> str:
    """A month figure for a sentence: one decimal, Norwegian comma, no trailing ',0'."""
    text = f"{x:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def _project(doctor, placements, leaves, ctx: _Context, now: _State, as_of: date,
             training_start: date) -> tuple[date | None, str]:
    dated = [p for p in placements if p.start_date and p.end_date]
    if not dated:
        return None, "Ingen tjenesteperioder registrert; fullføring kan ikke beregnes."
    if ctx.complete(now):
        done = _Service([p for p in dated if p.status == _COMPLETED], leaves, ctx)
        when = _first_date(done, min(training_start, as_of), as_of,
                           ctx.shortfall(now.total, now.mins))
        return when, f"Tjenestekravene ble oppfylt {fmt(when)}."
    if doctor.end_date and doctor.end_date <= as_of:
        return None, (f"Utdanningen ble avsluttet {fmt(doctor.end_date)} før "
                      "tjenestekravene var oppfylt.")
    horizon = add_months(as_of, 12 * int(ctx.rules.setting("projection_years")))
    if doctor.end_date:
        horizon = min(horizon, doctor.end_date)
    last_end = max(p.end_date for p in dated)
    ext_start = max(last_end, as_of) + _ONE_DAY
    ext = [_Ext(p, ext_start, horizon) for p in dated if p.end_date == last_end] \
        if ext_start <= horizon else []
    service = _Service(dated + ext, leaves, ctx)
    at_horizon = service.state(horizon)
    if not ctx.complete(at_horizon):
        return None, "Fullføring kan ikke beregnes: " + "; ".join(
            _why_not(service, ctx, at_horizon, horizon, bool(ext))) + "."
    # Counted service grows by at most 1.1 month per calendar month (1 at 100 %, plus the
    # allowance growing on absence already deducted): no need to search before that.
    remaining = max(0.0, ctx.total.required - sum(service._figures(as_of)[5]))
    lo = max(as_of + _ONE_DAY, add_months(as_of, int(remaining / 1.1)) - timedelta(days=31))
    lo = min(lo, horizon)
    when = _first_date(service, lo, horizon, ctx.shortfall(at_horizon.total, at_horizon.mins))
    if when <= last_end:
        return when, "Beregnet fra gjennomført og planlagt tjeneste."
    labels = " og ".join(f"{ServiceCategory.label_of(e.category).lower()} i "
                         f"{_n(float(e.position_pct))} % stilling" for e in ext)
    return when, f"Fremskrevet: forutsetter fortsatt {labels} fra {fmt(ext_start)}."


def _why_not(service: _Service, ctx: _Context, st: _State, horizon: date,
             extended: bool) -> list[str]:
    reasons = []
    for spec in ctx.active_mins:
        if st.mins[spec.id] >= spec.required - EPS:
            continue
        idx, blocks = service.selection[spec.id]
        what = " og ".join(ServiceCategory.label_of(c).lower() for c in spec.get("categories"))
        pct = spec.get("min_position_pct")
        if pct:
            what += f" i minst {_n(float(pct))} % stilling"
        if not idx:
            reasons.append(f"Ingen planlagt {what} (krav {_n(spec.required)} mnd)")
        elif blocks is not None:
            reasons.append(
                f"Planlagt {what} gir {_n(st.mins[spec.id])} mnd i blokker på minst "
                f"{_n(float(spec.get('block_min_months')))} mnd (krav {_n(spec.required)} mnd)")
        else:
            reasons.append(f"Planlagt {what} gir {_n(st.mins[spec.id])} mnd "
                           f"(krav {_n(spec.required)} mnd)")
    if st.total < ctx.total.required - EPS:
        binding = [spec for spec, active in ctx.caps
                   if active and st.before_cap[spec.id] > float(spec.get("max")) + EPS]
        if binding and extended:
            reasons.append("tellende tjeneste når ikke {} mnd fordi taket er nådd: {}".format(
                _n(ctx.total.required),
                ", ".join(f"{s.label.lower()}" for s in binding)))
        else:
            reasons.append(f"tellende tjeneste når bare {_n(st.total)} av "
                           f"{_n(ctx.total.required)} mnd innen {fmt(horizon)}")
    if reasons:
        reasons[0] = reasons[0][0].upper() + reasons[0][1:]
    return reasons


# --------------------------------------------------------------------------- evaluation


@lru_cache(maxsize=8)
def _default_goal_codes(fkm_version: str) -> tuple:
    from alis_desktop.catalog import catalog
    return tuple((g.catalog_version, g.code) for g in catalog(fkm_version=fkm_version))


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


def _expected_service(done_placements, training, start: date, until: date) -> float:
    """Position-weighted time that should have been served by `until`: the service
    registered plus any gap without a completed placement (weighted by the position %
    before the gap). Used only to decide whether the doctor is behind."""
    spans = sorted((p.start_date, p.end_date, float(p.position_pct or 0))
                   for p in done_placements if p.start_date and p.end_date
                   and p.start_date <= until)
    gaps = 0.0
    cursor = start
    last_pct = spans[0][2] if spans else 100.0
    for s, e, pct in spans:
        if s > cursor:
            gaps += months_served(cursor, min(s - _ONE_DAY, until), last_pct)
        if e + _ONE_DAY > cursor:
            cursor = e + _ONE_DAY
        last_pct = pct
    if cursor <= until:
        gaps += months_served(cursor, until, last_pct)
    return training + gaps


def evaluate(doctor, placements, leaves, activities=(), sessions=(), goal_statuses=(),
             meetings=(), deviations=(), goals=(), *, as_of: date,
             rules: Rules | None = None) -> Progress:
    """Everything the leader needs to know about one doctor's progress on `as_of`.

    Pass one doctor's records. Agreed placements count day by day up to `as_of`; pencilled-in
    ones only toward `planned` (next 6 months) and the projected completion. Activities, supervision
    sessions and meetings dated after `as_of` are planned. `goals` are catalog Goals (the
    shipped catalog of the doctor's FKM version when empty). `goal_statuses` may be the
    records or their GoalSets for `as_of`."""
    rules = rules or load_rules()
    regime = doctor.regime or "new"
    specs = rules.for_regime(regime)
    warnings: list[str] = []

    by_id = {s.id: s for s in specs}
    deviated: dict[str, str] = {}
    for dv in deviations:
        spec = by_id.get(dv.rule_id)
        if spec is None:
            warnings.append(f"Avvik fra ukjent regel «{dv.rule_id}» er ignorert.")
        elif spec.kind == "regulation":
            warnings.append(f"Avvik fra forskriftskravet «{spec.label}» ({spec.basis}) er "
                            "ignorert: krav i forskriften kan ikke fravikes.")
        else:
            deviated[spec.id] = dv.reason
    if deviated:
        ctx = _Context(rules, specs, deviated)
    else:  # the usual case: the same context for every doctor on this regime
        ctx = rules._cache.get(("context", regime))
        if ctx is None:
            ctx = rules._cache[("context", regime)] = _Context(rules, specs, deviated)

    placements = list(placements)
    leaves = list(leaves)
    dated = [p for p in placements if p.start_date and p.end_date]
    done_pl = [p for p in dated if p.status == _COMPLETED]
    training_start = doctor.start_date or (min(p.start_date for p in dated) if dated else as_of)
    until = min(as_of, doctor.end_date) if doctor.end_date else as_of
    horizon6 = planning_horizon(as_of, rules)
    if isinstance(goal_statuses, GoalSets):
        if goal_statuses.as_of != as_of:
            raise ValueError("GoalSets of another day than as_of")
    else:
        goal_statuses = GoalSets.of(goal_statuses, as_of)

    now = _Service(done_pl, leaves, ctx).state(as_of)
    ahead = _Service(dated, leaves, ctx).state(horizon6)
    projected, note = _project(doctor, dated, leaves, ctx, now, as_of, training_start)

    for p in dated:
        if p.status != _COMPLETED and p.start_date <= as_of:
            warnings.append(
                f"Tjenesteperioden {fmt(p.start_date)}–{fmt(p.end_date)} er foreløpig, men "
                "har startet; den teller ikke før den er bekreftet som avtalt.")
    for first, last, level in overloaded_periods(dated):
        warnings.append(f"Tjenesteperiodene overlapper med {_n(level)} % stilling "
                        f"{fmt(first)}–{fmt(last)} (høyst 100 %).")

    total_req = ctx.total.required
    remaining_service = max(0.0, total_req - now.total)
    end_window = float(rules.setting("end_window_months"))
    near_end = remaining_service <= end_window + EPS or (
        doctor.end_date is not None and doctor.end_date <= as_of)
    slack = float(rules.setting("behind_slack_months"))
    outstanding_mins = sum(max(0.0, s.required - now.mins[s.id]) for s in ctx.active_mins)

    env = _Env(doctor, ctx, now, ahead, as_of, horizon6, until, training_start, done_pl,
               dated, activities, sessions, goal_statuses, meetings, goals, projected,
               near_end, slack, remaining_service, outstanding_mins, warnings,
               placements=placements, leaves=leaves)
    _index(env)
    results = tuple(_CHECKS[s.check](env, s) for s in specs)

    pct = 100.0 * now.total / total_req if total_req else 100.0
    return Progress(
        doctor_id=doctor.id,
        as_of=as_of,
        months_by_category=dict(now.capped),
        counted_months=now.total,
        pct_complete=max(0.0, min(100.0, pct)),
        requirements=results,
        projected_completion=projected,
        projection_note=note,
        behind_plan=any(r.status == "behind" for r in results),
        warnings=tuple(warnings),
    )


@dataclass
class _Env:
    doctor: object
    ctx: _Context
    now: _State
    ahead: _State
    as_of: date
    horizon6: date
    until: date
    training_start: date
    done_pl: list
    dated: list
    activities: object
    sessions: object
    goal_statuses: object
    meetings: object
    goals: object
    projected: date | None
    near_end: bool
    slack: float
    remaining_service: float
    outstanding_mins: float
    warnings: list
    placements: list = field(default_factory=list)  # all of them, planned too
    leaves: list = field(default_factory=list)
    by_kind: dict = field(default_factory=dict)
    by_code: dict = field(default_factory=dict)


def _index(env: _Env) -> None:
    """Activities by kind and by course code, and goal codes by catalog version: built
    once per evaluation, shared by the checks."""
    by_kind: dict[str, list] = {}
    by_code: dict[str, list] = {}
    for a in env.activities:
        if not a.date:
            continue
        by_kind.setdefault(a.kind, []).append(a)
        if a.course_code:
            by_code.setdefault(a.course_code.strip().upper(), []).append(a)
    env.by_kind = by_kind
    env.by_code = by_code


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


def _result(spec: RuleSpec, env: _Env, *, required, done, remaining, met, planned, status,
            detail: str = "") -> RequirementResult:
    return RequirementResult(
        id=spec.id, label=spec.label, kind=spec.kind, basis=spec.basis,
        required=required, done=done, remaining=remaining, unit=spec.unit, met=met,
        planned=planned, deviation_reason=env.ctx.deviated.get(spec.id), status=status,
        detail=detail)


def _check_total(env: _Env, spec: RuleSpec) -> RequirementResult:
    """Behind when counted months fall more than `behind_slack_months` short of the
    position-weighted time since the start (gaps, absence beyond 10 %, capped service)."""
    req = spec.required
    done = env.now.total
    planned = max(0.0, env.ahead.total - done)
    met = done >= req - EPS
    expected = _expected_service(env.done_pl, env.now.training, env.training_start,
                                 env.until)
    behind = done < expected - env.slack - EPS
    detail = f"Forventet {_n(expected)} mnd etter tiden i utdanning" if behind else ""
    return _result(spec, env, required=req, done=done, remaining=max(0.0, req - done),
                   met=met, planned=planned,
                   status=_status(spec, env.ctx, met, done + planned >= req - EPS, behind),
                   detail=detail)


def _check_min(env: _Env, spec: RuleSpec) -> RequirementResult:
    """Behind when the outstanding minimums no longer fit in the months left of the total."""
    req = spec.required
    done = env.now.mins[spec.id]
    planned = max(0.0, env.ahead.mins[spec.id] - done)
    met = done >= req - EPS
    behind = env.outstanding_mins > env.remaining_service + EPS
    details = []
    bmin = spec.get("block_min_months")
    if bmin:
        _, blocks = env.now.service.selection[spec.id]
        short = sum(1 for b in blocks
                    if sum(env.now.gross[i] for i in b) < float(bmin) - EPS
                    and all(env.now.service.counter.placements[i].end_date <= env.as_of
                            for i in b))
        if short:
            details.append(f"{short} blokk(er) under {_n(float(bmin))} mnd teller ikke")
    if spec.get("min_position_pct"):
        min_pct = float(spec.get("min_position_pct"))
        cats = set(spec.get("categories"))
        low = sum(n for p, n in zip(env.now.service.counter.placements, env.now.net_pl)
                  if p.category in cats and float(p.position_pct or 0) < min_pct - EPS)
        if low > EPS:
            details.append(f"{_n(low)} mnd i stillinger under {_n(min_pct)} % teller bare "
                           "i totalen")
    return _result(spec, env, required=req, done=done, remaining=max(0.0, req - done),
                   met=met, planned=planned,
                   status=_status(spec, env.ctx, met, done + planned >= req - EPS, behind),
                   detail="; ".join(details))


def _check_cap(env: _Env, spec: RuleSpec) -> RequirementResult:
    """A maximum: met while within it; behind when exceeded (the excess does not count)."""
    cap = float(spec.get("max"))
    done = env.now.before_cap[spec.id]
    planned = max(0.0, env.ahead.before_cap[spec.id] - done)
    met = done <= cap + EPS
    detail = ""
    if not met:
        detail = (f"{_n(done - cap)} mnd over taket teller ikke" if spec.id not in
                  env.ctx.deviated else f"{_n(done - cap)} mnd over taket teller etter avvik")
    elif done + planned > cap + EPS:
        env.warnings.append(f"Planlagt tjeneste overskrider taket: {spec.label.lower()} "
                            f"({_n(done + planned)} mnd).")
    return _result(spec, env, required=cap, done=done, remaining=max(0.0, cap - done),
                   met=met, planned=planned,
                   status=_status(spec, env.ctx, met, False, not met), detail=detail)


def _check_absence(env: _Env, spec: RuleSpec) -> RequirementResult:
    """§ 31: deductible absence within 10 % of the time in training is not deducted;
    behind once any is deducted (it moves the completion date)."""
    c = env.now
    planned = max(0.0, env.ahead.absence_total - c.absence_total)
    met = c.absence_total <= c.allowance + EPS
    detail = f"Trukket fra: {_n(c.deducted)} mnd" if c.deducted > EPS else ""
    return _result(spec, env, required=c.allowance, done=c.absence_total,
                   remaining=max(0.0, c.allowance - c.absence_total), met=met, planned=planned,
                   status=_status(spec, env.ctx, met, False, not met), detail=detail)


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


def _matching_activities(env: _Env, spec: RuleSpec):
    kind = spec.get("activity_kind")
    need_ooh = spec.get("out_of_hours")
    min_hours = spec.get("min_hours")
    during = spec.get("during_categories")
    spans = None
    if during:
        spans = [(p.start_date, p.end_date) for p in env.dated if p.category in during]
    for a in env.by_kind.get(kind, ()):
        if need_ooh and not a.out_of_hours:
            continue
        if min_hours is not None and (a.hours is None or a.hours < float(min_hours) - EPS):
            continue
        if spans is not None and not any(s <= a.date <= e for s, e in spans):
            continue
        yield a


def _end_status(spec, env, met, will_meet):
    """Activity, course and goal rules are due by the end: behind only when not met and not
    planned within the last `end_window_months` of the counted service (or after the end)."""
    return _status(spec, env.ctx, met, will_meet, env.near_end)


def _check_activity(env: _Env, spec: RuleSpec) -> RequirementResult:
    req = int(spec.get("required"))
    done = planned = 0
    for a in _matching_activities(env, spec):
        if a.date <= env.as_of:
            done += 1
        elif a.date <= env.horizon6:
            planned += 1
    met = done >= req
    return _result(spec, env, required=req, done=done, remaining=max(0, req - done),
                   met=met, planned=planned,
                   status=_end_status(spec, env, met, done + planned >= req))


def _check_courses(env: _Env, spec: RuleSpec) -> RequirementResult:
    codes = [c.upper() for c in spec.get("codes")]
    wanted = set(codes)
    done_codes: set[str] = set()
    planned_codes: set[str] = set()
    for code in wanted:
        for a in env.by_code.get(code, ()):
            if a.date <= env.as_of:
                done_codes.add(code)
            elif a.date <= env.horizon6:
                planned_codes.add(code)
    planned_codes -= done_codes
    req = len(codes)
    done = len(done_codes)
    missing = [c for c in codes if c not in done_codes]
    met = not missing
    detail = ("Mangler: " + ", ".join(missing)) if missing else ""
    return _result(spec, env, required=req, done=done, remaining=req - done, met=met,
                   planned=len(planned_codes),
                   status=_end_status(spec, env, met, done + len(planned_codes) >= req),
                   detail=detail)


def _check_topics(env: _Env, spec: RuleSpec) -> RequirementResult:
    """Distinct topics (the activity's title, case and spacing ignored) whose course hours
    add up to at least `min_hours`."""
    code = spec.get("course_code").upper()
    min_hours = float(spec.get("min_hours")) - EPS
    hours_done: dict[str, float] = {}
    hours_all: dict[str, float] = {}
    for a in env.by_code.get(code, ()):
        topic = " ".join((a.title or "").split()).casefold()
        if not topic or a.date > env.horizon6:
            continue
        hours_all[topic] = hours_all.get(topic, 0.0) + (a.hours or 0.0)
        if a.date <= env.as_of:
            hours_done[topic] = hours_done.get(topic, 0.0) + (a.hours or 0.0)
    req = int(spec.get("required"))
    done = sum(1 for h in hours_done.values() if h >= min_hours)
    planned = max(0, sum(1 for h in hours_all.values() if h >= min_hours) - done)
    short = sum(1 for h in hours_done.values() if h < min_hours)
    detail = f"{short} emne(r) under {_n(min_hours + EPS)} timer teller ikke" if short else ""
    met = done >= req
    return _result(spec, env, required=req, done=done, remaining=max(0, req - done),
                   met=met, planned=planned,
                   status=_end_status(spec, env, met, done + planned >= req), detail=detail)


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


_CHECKS = {
    "service_total": _check_total,
    "service_min": _check_min,
    "service_cap": _check_cap,
    "absence": _check_absence,
    "supervision": _check_supervision,
    "activity_count": _check_activity,
    "courses": _check_courses,
    "topic_courses": _check_topics,
    "goals": _check_goals,
    "meeting_interval": _check_meetings,
    "deadline": _check_deadline,
}
