"""Learning goals: a doctor's progress, approval (§ 26), the institution-service suggestion,
and the coverage matrix of the municipality's arenas.

Pure domain code: the callers load records from the file and pass them in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from alis_desktop import models as m
from alis_desktop.catalog import Goal
from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError
from alis_desktop.requirements import Progress
from alis_desktop.service_time import EPS
from alis_desktop.vocab import CoverageLevel, GoalState, PlacementStatus

# The two goals given by institution service; the plans (Eigersund, Drammen, the Vestre Viken
# agreement) approve them once the institution service of rules.json is complete.
INSTITUTION_GOALS = ("ALM-055", "ALM-085")
INSTITUTION_RULE = "institution_min"

FULL, PARTIAL = CoverageLevel.FULL.value, CoverageLevel.PARTIAL.value
APPROVED = GoalState.APPROVED.value


def statuses_by_key(statuses: Iterable[m.GoalStatus]) -> dict[tuple[str, str], m.GoalStatus]:
    return {(s.catalog_version, s.goal_code): s for s in statuses}


# --- institution service -------------------------------------------------------------------

def institution_months(progress: Progress) -> tuple[float, float]:
    """(counted institution service, months required) from the rules engine's
    'institution_min' result: 6 months in blocks of at least 3 (12 under the old regime)."""
    result = progress.requirement(INSTITUTION_RULE)
    return result.done, result.required


def institution_suggestion(months: float, required: float,
                           statuses: Iterable[m.GoalStatus]) -> list[str]:
    """The institution goals to suggest for approval: those not yet approved, once the
    required institution service is complete."""
    if months + EPS < required:
        return []
    approved = {s.goal_code for s in statuses
                if s.catalog_version == m.ALM_CATALOG and s.state == APPROVED}
    return [code for code in INSTITUTION_GOALS if code not in approved]


# --- approval ------------------------------------------------------------------------------

def approve(status: m.GoalStatus, *, on: date | None, approved_by: str, advice_supervisor: str,
            advice_clinical: str, comment: str = "") -> m.GoalStatus:
    """The status approved by the leader on the advice of the supervisor and at least one
    clinical supervisor; ValidationError (Norwegian, § 26) when anything is missing."""
    approved = dataclasses.replace(
        status, state=APPROVED, approved_date=on, approved_by=approved_by.strip(),
        advice_supervisor=advice_supervisor.strip(), advice_clinical=advice_clinical.strip(),
        comment=comment.strip())
    approved.validate()
    return approved


def unapprove(status: m.GoalStatus, *, reason: str, on: date) -> m.GoalStatus:
    """Withdraw an approval: needs a reason, which is kept in the comment (and the audit log).
    The goal goes back to 'in progress'."""
    if status.state != APPROVED:
        raise ValidationError("state", f"{status.goal_code} er ikke godkjent.")
    if not reason.strip():
        raise ValidationError("reason", "Oppgi begrunnelse for å trekke godkjenningen.")
    withdrawn = dataclasses.replace(
        status, state=GoalState.IN_PROGRESS.value, approved_date=None, approved_by="",
        advice_supervisor="", advice_clinical="",
        comment=f"Godkjenning trukket {fmt(on)}: {reason.strip()}")
    withdrawn.validate()
    return withdrawn


def set_state(status: m.GoalStatus, state: str) -> m.GoalStatus:
    """Move a goal between not started, in progress and submitted. Approving goes through
    approve(), and an approved goal is only changed by unapprove()."""
    if state == APPROVED:
        raise ValidationError("state", "Bruk «Godkjenn» for å godkjenne et læringsmål.")
    if status.state == APPROVED:
        raise ValidationError("state", f"{status.goal_code} er godkjent. Trekk godkjenningen "
                                       "først (med begrunnelse).")
    changed = dataclasses.replace(status, state=state)
    changed.validate()
    return changed


# --- a doctor's goals ----------------------------------------------------------------------

@dataclass(frozen=True)
class ArenaLink:
    """An arena that covers a goal, and how."""

    arena_id: int
    name: str
    level: str            # 'full' | 'partial'
    planned: bool = False  # the doctor's service there is planned, not done

    def label(self) -> str:
        text = self.name + (" (delvis)" if self.level == PARTIAL else "")
        return text + (" – planlagt" if self.planned else "")


@dataclass
class GoalLine:
    """One goal as the goals view shows it for one doctor."""

    goal: Goal
    status: m.GoalStatus | None
    own_arenas: list[ArenaLink] = field(default_factory=list)
    other_arenas: list[ArenaLink] = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.status.state if self.status else GoalState.NOT_STARTED.value

    @property
    def approved(self) -> bool:
        return self.state == APPROVED

    def record(self, doctor_id: int) -> m.GoalStatus:
        """The stored status, or a new one (not started) for this goal."""
        if self.status is not None:
            return self.status
        return m.GoalStatus(doctor_id=doctor_id, goal_code=self.goal.code,
                            catalog_version=self.goal.catalog_version)


def coverage_index(coverage: Iterable[m.ArenaCoverage]) -> dict[str, dict[int, str]]:
    """goal code -> {arena id: level}."""
    out: dict[str, dict[int, str]] = {}
    for c in coverage:
        out.setdefault(c.goal_code, {})[c.arena_id] = c.level
    return out


def goal_lines(goals: Iterable[Goal], statuses: Iterable[m.GoalStatus],
               placements: Iterable[m.Placement], arenas: Iterable[m.Arena],
               coverage: Iterable[m.ArenaCoverage]) -> list[GoalLine]:
    """Every goal of the doctor's catalog with its status, the arenas where the doctor has
    served or is planned that cover it, and, for goals not yet approved, the other arenas
    that could give it."""
    by_key = statuses_by_key(statuses)
    arena_by_id = {a.id: a for a in arenas}
    index = coverage_index(coverage)
    # An arena is "planned" only when all the doctor's service there is still planned.
    served: dict[int, bool] = {}
    for p in placements:
        planned = p.status == PlacementStatus.PLANNED.value
        served[p.arena_id] = served.get(p.arena_id, True) and planned
    lines = []
    for goal in goals:
        status = by_key.get((goal.catalog_version, goal.code))
        own, other = [], []
        links = [(arena_by_id[aid], level) for aid, level in index.get(goal.code, {}).items()
                 if aid in arena_by_id]
        # Full coverage first, then by name.
        for arena, level in sorted(links, key=lambda al: (al[1] != FULL, al[0].name)):
            arena_id = arena.id
            if arena_id in served:
                own.append(ArenaLink(arena_id, arena.name, level, served[arena_id]))
            elif not arena.archived:
                other.append(ArenaLink(arena_id, arena.name, level))
        line = GoalLine(goal, status, own, [])
        if not line.approved:
            line.other_arenas = other
        lines.append(line)
    return lines


@dataclass(frozen=True)
class GoalProgress:
    """Counts per family (ALM, FKM): approved of total, and how many in each state."""

    total: dict[str, int]
    approved: dict[str, int]
    by_state: dict[str, int]


def goal_progress(lines: Iterable[GoalLine]) -> GoalProgress:
    total: dict[str, int] = {}
    approved: dict[str, int] = {}
    by_state = {s.value: 0 for s in GoalState}
    for line in lines:
        fam = line.goal.family
        total[fam] = total.get(fam, 0) + 1
        approved[fam] = approved.get(fam, 0) + (1 if line.approved else 0)
        by_state[line.state] += 1
    return GoalProgress(total, approved, by_state)


# --- the coverage matrix -------------------------------------------------------------------

@dataclass
class CoverageMatrix:
    """Goals x arenas, each cell full / partial / none."""

    goals: list[Goal]
    arenas: list[m.Arena]
    cells: dict[tuple[str, int], str]

    def level(self, code: str, arena_id: int) -> str | None:
        return self.cells.get((code, arena_id))

    def best(self, code: str) -> str | None:
        """'full' if any arena covers the goal fully, 'partial' if only partly, else None."""
        levels = {self.cells.get((code, a.id)) for a in self.arenas}
        if FULL in levels:
            return FULL
        return PARTIAL if PARTIAL in levels else None

    def arenas_for(self, code: str) -> list[tuple[m.Arena, str]]:
        return [(a, self.cells[(code, a.id)]) for a in self.arenas if (code, a.id) in self.cells]

    @property
    def gaps(self) -> list[str]:
        """Goals no arena covers: the municipality needs an agreement with another
        institution for these."""
        return [g.code for g in self.goals if self.best(g.code) is None]

    @property
    def partial_only(self) -> list[str]:
        """Goals some arena covers, but only partly."""
        return [g.code for g in self.goals if self.best(g.code) == PARTIAL]


def coverage_matrix(goals: Iterable[Goal], arenas: Iterable[m.Arena],
                    coverage: Iterable[m.ArenaCoverage], *,
                    include_archived: bool = False) -> CoverageMatrix:
    """The matrix over the arenas in use (archived arenas left out unless asked for)."""
    shown = [a for a in arenas if include_archived or not a.archived]
    ids = {a.id for a in shown}
    cells = {(c.goal_code, c.arena_id): c.level for c in coverage if c.arena_id in ids}
    return CoverageMatrix(list(goals), shown, cells)


def coverage_records(arena_id: int | None, coverage: dict[str, str]) -> list[m.ArenaCoverage]:
    """ArenaCoverage records for one arena from code -> level, in catalog order."""
    return [m.ArenaCoverage(arena_id=arena_id, goal_code=code, level=level)
            for code, level in sorted(coverage.items())]
