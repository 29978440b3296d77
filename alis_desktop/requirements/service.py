"""Service time (§ 2, § 31): the checks of the counted months (``service_total``,
``service_min``, ``service_cap``, ``absence``), the service counted on a day with caps and
minimums applied, and the projected completion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from alis_desktop.dates import add_months, fmt
from alis_desktop.requirements.results import _n, _result, _status
from alis_desktop.service_time import CATEGORIES, EPS, Counter, months_served
from alis_desktop.vocab import PlacementStatus, ServiceCategory

if TYPE_CHECKING:
    from alis_desktop.requirements.engine import _Env
    from alis_desktop.requirements.results import RequirementResult
    from alis_desktop.requirements.rules import RuleSpec, Rules

_COMPLETED = PlacementStatus.COMPLETED.value
_ONE_DAY = timedelta(days=1)


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
        self.plans: dict[str, tuple] = {}  # rule id -> its parameters as a check reads them

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
    f_horizon = service.shortfall_at(horizon)
    if f_horizon > 0:
        at_horizon = service.state(horizon)
        return None, "Fullføring kan ikke beregnes: " + "; ".join(
            _why_not(service, ctx, at_horizon, horizon, bool(ext))) + "."
    # Counted service grows by at most 1.1 month per calendar month (1 at 100 %, plus the
    # allowance growing on absence already deducted): no need to search before that.
    # Up to as_of only placements begun by then count; when all of them are completed,
    # that is the service counted now.
    if all(p.status == _COMPLETED for p in dated if p.start_date <= as_of):
        counted = now.total
    else:
        counted = sum(service._figures(as_of)[5])
    remaining = max(0.0, ctx.total.required - counted)
    lo = max(as_of + _ONE_DAY, add_months(as_of, int(remaining / 1.1)) - timedelta(days=31))
    lo = min(lo, horizon)
    when = _first_date(service, lo, horizon, f_horizon)
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
