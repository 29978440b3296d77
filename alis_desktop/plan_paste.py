"""The plan's arena table, pasted as written: an arena per row and its goal list in the next
column (a Word table copies as tab-separated cells) or on the lines after its name (text
copied from a PDF). Every goal list is read with the forgiving reader (goal_refs), so the
preview shows each arena with its coverage, what was read loosely (to confirm) and the
words that could not be read (which stop the paste until fixed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from alis_desktop import models as m
from alis_desktop.goal_refs import GoalListReading, read_goal_list
from alis_desktop.sheet_kinds import arena_type_for
from alis_desktop.sheet_values import norm
from alis_desktop.vocab import DEFAULT_CATEGORY

# A line that goes on with a goal list rather than naming a new arena.
_GOAL_LINE = re.compile(r"^\s*(alle\b|alm|fkm|lm\s*\d|lm\b|\d|o\d|\(\s*delvis|og\b|samt\b|"
                        r"bortsett|unntatt|utenom|[,;.\-\u2010-\u2015])", re.IGNORECASE)
# A header row of the table ("Læringsarena <tab> Læringsmål").
_HEADER_WORDS = ("læringsarena", "arena", "læringsmål", "mål", "sted", "lokalisasjon")


@dataclass
class PastedArena:
    name: str
    text: str                                   # the goal list as pasted
    line: int                                   # where the arena's name stands (1-based)
    reading: GoalListReading = field(default_factory=GoalListReading)
    existing: m.Arena | None = None             # the arena of that name in the file, if any

    @property
    def ok(self) -> bool:
        return not self.reading.problems and bool(self.reading.coverage)

    @property
    def full(self) -> int:
        return sum(1 for level in self.reading.coverage.values() if level == "full")

    @property
    def partial(self) -> int:
        return len(self.reading.coverage) - self.full

    def errors(self) -> list[str]:
        out = [f"{self.name}: {p.message}" for p in self.reading.problems]
        if not self.reading.coverage and not self.reading.problems:
            out.append(f"{self.name}: ingen læringsmål funnet.")
        return out

    def arena(self) -> m.Arena:
        """The arena to store: the file's own (its coverage replaced) or a new one whose
        type is read from its name."""
        if self.existing is not None:
            return self.existing
        arena_type = arena_type_for(self.name)
        return m.Arena(name=self.name, type=arena_type,
                       default_category=DEFAULT_CATEGORY[arena_type].value)


@dataclass
class PastedPlan:
    arenas: list[PastedArena] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return bool(self.arenas) and all(a.ok for a in self.arenas)

    def errors(self) -> list[str]:
        if not self.arenas:
            return ["Fant ingen læringsarenaer i teksten. Lim inn tabellen med arenaen i første "
                    "kolonne og læringsmålene i den neste (eller på linjene under)."]
        return [e for a in self.arenas for e in a.errors()]

    def loose(self) -> list[str]:
        return [f"{a.name}: {item}" for a in self.arenas for item in a.reading.loose]


def _is_header(cells: list[str]) -> bool:
    words = [norm(c).rstrip(":") for c in cells if c.strip()]
    return len(words) >= 2 and all(any(w.startswith(h) for h in _HEADER_WORDS) for w in words)


def read_pasted_plan(text: str, *, existing=(), earlier: bool = False,
                     fkm_codes=None) -> PastedPlan:
    """Arenas and their goal lists from pasted text; names matched to the file's arenas
    (case and spacing ignored)."""
    entries: list[list] = []  # [name, [goal text parts], line]
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if _is_header(cells):
                continue
            name = cells[0]
            rest = " ".join(c for c in cells[1:] if c)
            if not name:  # a continuation cell under the previous arena
                if entries:
                    entries[-1][1].append(rest)
                continue
            if _GOAL_LINE.match(name) and entries and not rest:
                entries[-1][1].append(name)
                continue
            entries.append([name, [rest] if rest else [], number])
        elif _GOAL_LINE.match(line) and entries:
            entries[-1][1].append(line.strip())
        else:
            entries.append([line.strip(), [], number])
    by_name = {norm(a.name): a for a in existing}
    plan = PastedPlan()
    for name, parts, number in entries:
        goal_text = "\n".join(parts)
        reading = read_goal_list(goal_text, earlier=earlier, fkm_codes=fkm_codes)
        plan.arenas.append(PastedArena(name, goal_text, number, reading,
                                       by_name.get(norm(name))))
    return plan
