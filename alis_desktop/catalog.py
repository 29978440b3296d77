"""The learning-goal catalog: ALM-001..088 and the FKM goals, by catalog version.

The shipped catalog lives in resources/goals; titles the leader imports into the file
(GoalText records) override it. Every goal status records its catalog version, so a doctor
who documented under the earlier FKM set keeps counting those goals.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from alis_desktop.errors import ValidationError
from alis_desktop.models import ALM_CATALOG, FKM_CURRENT, GoalText
from alis_desktop.resources import resource_path

FKM_OLD = "FKM-2017"  # the earlier common goals (LM 01..75), in plans before 1 March 2026


@dataclass(frozen=True)
class Goal:
    code: str
    catalog_version: str
    theme: str
    text: str

    @property
    def family(self) -> str:
        return self.code.split("-")[0]

    @property
    def untitled(self) -> bool:
        """Neither theme nor text: the program ships only some texts, the rest are imported
        into the file (Fil -> Importer læringsmål)."""
        return not self.theme and not self.text

    @property
    def title(self) -> str:
        """What a table shows: the theme, else the start of the text, else the code."""
        if self.theme:
            return self.theme
        if self.text:
            return self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return self.code


def _read(filename: str, version: str) -> tuple[Goal, ...]:
    with open(resource_path("goals", filename), encoding="utf-8", newline="") as fh:
        return tuple(Goal(row["code"], version, row["theme"].strip(), row["text"].strip())
                     for row in csv.DictReader(fh))


@lru_cache(maxsize=1)
def shipped_alm() -> tuple[Goal, ...]:
    return _read("alm.csv", ALM_CATALOG)


@lru_cache(maxsize=1)
def shipped_fkm() -> tuple[Goal, ...]:
    return _read("fkm.csv", FKM_CURRENT)


@lru_cache(maxsize=1)
def shipped_earlier() -> tuple[Goal, ...]:
    """The earlier common goals' numbering, LM-001..LM-075, without texts (they are not
    shipped): enough to read the goal lists of plans written before 1 March 2026 and to keep
    a doctor who started on that set. The leader imports the texts."""
    return _read("fkm-2017.csv", FKM_OLD)


ALM_CODES: tuple[str, ...] = tuple(f"ALM-{n:03d}" for n in range(1, 89))
EARLIER_CODES: tuple[str, ...] = tuple(f"LM-{n:03d}" for n in range(1, 76))


def catalog(overrides=(), fkm_version: str = FKM_CURRENT) -> list[Goal]:
    """ALM goals plus the FKM goals of one version, with imported titles applied.

    `overrides` are GoalText records (from the file); an override of a shipped code replaces
    its theme/text, and an override of another version supplies that version's goals. The
    earlier set's shipped numbering (shipped_earlier) is not a catalog of goals to approve:
    only part of its 75 goals apply to general practice, so the goals a doctor on that set
    must have approved are the ones the leader imports."""
    by_key = {(g.catalog_version, g.code): g for g in shipped_alm() + shipped_fkm()}
    for o in overrides:
        by_key[(o.catalog_version, o.code)] = Goal(o.code, o.catalog_version, o.theme, o.text)
    alm = sorted((g for (v, _), g in by_key.items() if v == ALM_CATALOG), key=lambda g: g.code)
    fkm = sorted((g for (v, _), g in by_key.items() if v == fkm_version), key=lambda g: g.code)
    return alm + fkm


def shipped_goal(catalog_version: str, code: str) -> Goal | None:
    """Helsedirektoratet's goal as shipped with the program (None: only imported)."""
    for goal in shipped_alm() + shipped_fkm() + shipped_earlier():
        if (goal.catalog_version, goal.code) == (catalog_version, code):
            return goal
    return None


def goal_edit(catalog_version: str, code: str, theme: str, text: str, existing=None):
    """The GoalText that records the leader's own theme and text for one goal (updating
    the override already in the file, if any). A goal needs a theme or a text."""
    theme, text = " ".join(theme.split()), text.strip()
    if not theme and not text:
        raise ValidationError("text", "Skriv tema eller tekst til læringsmålet.")
    record = GoalText(id=existing.id if existing else None, catalog_version=catalog_version,
                      code=code, theme=theme, text=text)
    record.validate()
    return record


def versions(overrides=()) -> list[str]:
    """FKM catalog versions with goals: the shipped one plus any imported."""
    found = {FKM_CURRENT} | {o.catalog_version for o in overrides if o.catalog_version != ALM_CATALOG}
    return sorted(found)


@dataclass(frozen=True)
class Course:
    code: str
    name: str
    kind: str
    requirement: str
    goals: tuple[str, ...]


@lru_cache(maxsize=1)
def courses() -> tuple[Course, ...]:
    with open(resource_path("goals", "courses.csv"), encoding="utf-8", newline="") as fh:
        return tuple(
            Course(r["code"], r["name"], r["kind"], r["requirement"],
                   tuple(c for c in r["goals"].split(",") if c))
            for r in csv.DictReader(fh))
