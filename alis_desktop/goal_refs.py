"""Reading and writing the goal-reference notation of the municipal ALIS plans.

The plans list, per learning arena, the goals it covers in a compact notation that the
leader pastes as it stands, e.g.

    ALM 002-004 (delvis), ALM 012 (delvis), ALM 036-054, ALM 057-058
    Alle ALM, bortsett fra ALM 055 og 085
    ALM 031, 039, 042-050, 053          (the family carries over to bare numbers)

Rules, read left to right:
- `ALM`/`FKM` (also `ALM-`, `ALM:`, `FKM-LM`) sets the family for the numbers after it.
- A number (`012`, `21`, `O55` with the letter O for zero) or a range (`036-054`, en/em dash,
  `til`, line breaks inside allowed) names goals; a range covers the catalog codes between
  its ends.
- `(delvis)` marks the item just before it as partly covered. A code listed both fully and
  partly counts as fully covered.
- `Alle ALM` / `Alle FKM` names the whole family.
- `bortsett fra` / `unntatt` / `utenom` removes the items after it from what is listed
  before, until a full stop or the next `Alle`.
- `,` `;` `og` `samt` separate items; so does a line break or a new family.

read_goal_list is the forgiving reader for lists pasted from plans as written (a stray comma
before a range dash "028,-030", spaces around a dash "068- 070", "LM04"): it reads them and
reports each such token with how it was read, for the user to confirm; with earlier=True it
reads FKM and LM numbers against the earlier common goals (LM-001..075) that plans written
before 1 March 2026 cite ("LM04, 19,-23, 59", "FKM 41-43, 51").

parse_goal_refs is strict by default: the UI pastes only the goal list and shows the first
unreadable token. read_goal_refs (and strict=False) skips prose and reports every problem,
for a cell that goes on with a sentence ("... Dette forutsetter deltakelse i legevakt").

Pure domain code: no Qt, SQL or PDF imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from alis_desktop.catalog import ALM_CODES, EARLIER_CODES, shipped_fkm

FULL = "full"
PARTIAL = "partial"

_EXAMPLE = "Skriv f.eks. ALM 012 eller ALM 036-054 (delvis)."


class GoalRefError(ValueError):
    """An unreadable part of a goal list; the UI shows `message` and can mark the token."""

    def __init__(self, token: str, position: int, message: str):
        super().__init__(message)
        self.token = token
        self.position = position  # 0-based character offset in the input
        self.message = message    # Norwegian; says "tegn N" with N = position + 1, as people count

    def __str__(self) -> str:
        return self.message


# One alternation, tried in this order at each position. Keywords must end at a word boundary
# so that e.g. "alle" in "allemann" or "og" in "også" stay ordinary (unreadable) words.
_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<delvis>\(\s*delvis\s*\))
    | (?P<paren>\([^()\n]*\))                     # any other parenthesis: one unreadable token
    | (?P<alle>alle)(?!\w)
    | (?P<excl>bortsett\s+fra|unntatt|utenom)(?!\w)
    | (?P<and>og|samt)(?!\w)
    | (?P<dash>[-\u2010-\u2015\u2212]|til(?!\w))  # hyphen, en/em dash, minus, "til"
    | (?P<family>alm|fkm|lm)(?:-lm)?(?![^\W\d_])  # not followed by a letter; "FKM-LM" = FKM goals
      (?:\s*[-\u2010-\u2015\u2212:](?=\s*[0-9o]))?  # "ALM-001", "ALM: 001": glue, no range
    | (?P<number>[0-9o]*[0-9][0-9o]*)(?!\w)       # letter O typed for zero: "ALM-O55"
    | (?P<sep>[,;])
    | (?P<stop>\.)
    | (?P<word>\w+)
    | (?P<other>\S)
    """,
    re.IGNORECASE | re.VERBOSE,
)


# One goal typed as the plans spell it: "ALM 002", "ALM002", "alm-2", "ALM: 2", "FKM-LM 5".
_ONE_CODE = re.compile(r"^\s*(alm|fkm)(?:-lm)?\s*[-\u2010-\u2015\u2212:.]?\s*(\d{1,3})\s*$",
                       re.IGNORECASE)


def goal_code_of(text: str) -> str | None:
    """The code (ALM-002) a search text names when it is one goal in any of the plans'
    spellings, None otherwise (then it is searched as typed)."""
    m = _ONE_CODE.match(text or "")
    return f"{m.group(1).upper()}-{int(m.group(2)):03d}" if m else None


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) for every token except white space."""
    return [(m.lastgroup, m.group(m.lastgroup), m.start())
            for m in _TOKEN.finditer(text) if m.lastgroup != "ws"]


def _families(fkm_codes: Iterable[str] | None) -> dict[str, list[str]]:
    """Codes per family. LM is the earlier common goals' numbering (LM-001..LM-075), which
    plans written before 1 March 2026 cite as "LM 04" or "FKM LM 19"."""
    fkm = [g.code for g in shipped_fkm()] if fkm_codes is None else fkm_codes
    return {"ALM": list(ALM_CODES), "FKM": sorted(set(fkm)), "LM": list(EARLIER_CODES)}


@dataclass
class LooseRead:
    """A part of a goal list read in a forgiving way, shown to the user to confirm."""

    token: str
    position: int      # 0-based character offset in the input
    reading: str       # how it was read, e.g. "ALM 028-030"
    why: str           # Norwegian: what was forgiven

    def __str__(self) -> str:
        return f"«{self.token}» (tegn {self.position + 1}) lest som {self.reading}: {self.why}"


@dataclass
class GoalListReading:
    """What a goal list says: the coverage, the words that could not be read (refused), and
    what was read loosely (for the user to confirm)."""

    coverage: dict[str, str] = field(default_factory=dict)
    problems: list[GoalRefError] = field(default_factory=list)
    loose: list[LooseRead] = field(default_factory=list)


def read_goal_list(text: str, *, fkm_codes: Iterable[str] | None = None,
                   earlier: bool = False) -> GoalListReading:
    """The forgiving reader for goal lists pasted from plans as written: a stray comma before
    a range dash ("028,-030"), spaces around a dash on one line ("068- 070"), a family glued
    to its number ("LM04") are read and reported in `loose`; words are refused in `problems`.

    earlier=True reads the list against the earlier common goals (plans written before
    1 March 2026): "FKM 41-43" and "LM 04" are LM-041..043 and LM-004."""
    reading = GoalListReading()
    reading.coverage, reading.problems = _read(text, fkm_codes, forgiving=True,
                                               earlier=earlier, loose=reading.loose)
    return reading


def read_goal_refs(text: str, *, fkm_codes: Iterable[str] | None = None
                   ) -> tuple[dict[str, str], list[GoalRefError]]:
    """Read what can be read; return the coverage and every unreadable token, in order.

    Unreadable words (prose) are skipped, and they end the carried-over family and the item
    that `(delvis)` could attach to, so numbers in a following sentence ("minst 40 vakter")
    are not taken for goals. The exclusion stays on until a full stop, because plans write
    "utenom ALM 055 og 085 som oppnås i institusjon samt ALM 40, 58"."""
    return _read(text, fkm_codes)


def _read(text: str, fkm_codes, *, forgiving: bool = False, earlier: bool = False,
          loose: list | None = None) -> tuple[dict[str, str], list[GoalRefError]]:
    families = _families(fkm_codes)
    loose = [] if loose is None else loose
    written_fkm = False  # the family in force was written FKM but read as the earlier LM
    toks = _tokens(text or "")
    problems: list[GoalRefError] = []
    items: list[list] = []          # [codes, status]; status FULL, PARTIAL or None (= remove)
    family: str | None = None
    excluding = False
    last: list | None = None        # the include item a following "(delvis)" applies to

    def problem(token: str, pos: int, message: str) -> None:
        problems.append(GoalRefError(token, pos, message))

    def code_index(fam: str, num: str, pos: int) -> int | None:
        code = f"{fam}-{int(num.replace('o', '0').replace('O', '0')):03d}"
        codes = families[fam]
        if code in codes:
            return codes.index(code)
        span = (f"{fam} går fra {codes[0]} til {codes[-1]}." if codes
                else f"Katalogen har ingen {fam}-mål.")
        if fam == "FKM" and not earlier and codes and codes[-1] < code <= "FKM-075":
            span += (" Er planen skrevet før 1. mars 2026, les listen mot de tidligere felles "
                     "kompetansemålene (LM 01-75).")
        problem(num, pos, f"«{num}» (tegn {pos + 1}): {code} finnes ikke. {span}")
        return None

    def same_line_spaces(a: int, b: int) -> bool:
        gap = text[a:b]
        return bool(gap) and gap.strip() == "" and "\n" not in gap

    def kind(j: int) -> str | None:
        return toks[j][0] if j < len(toks) else None

    i = 0
    while i < len(toks):
        k, tok, pos = toks[i]
        i += 1
        if k == "alle":
            if kind(i) != "family" or (toks[i][1][:2].upper() == "LM" and not earlier):
                problem(tok, pos, f"«{tok}» (tegn {pos + 1}) må følges av ALM eller FKM, "
                                  "f.eks. Alle ALM.")
                continue
            family = toks[i][1][:3].upper()
            written_fkm = earlier and family == "FKM"
            family = "LM" if family.startswith("LM") or written_fkm else family
            i += 1
            excluding = False
            last = [families[family], FULL]
            items.append(last)
        elif k == "family" and tok[:2].upper() == "LM" and not earlier:
            # The earlier set's numbering is read only when asked for: in a plan of today
            # "LM 42- 50" is a cross-reference in prose, not coverage.
            problem(tok, pos, f"Kan ikke lese «{tok}» (tegn {pos + 1}). LM-numrene er de "
                              "tidligere felles kompetansemålene; les listen mot dem (planer "
                              "skrevet før 1. mars 2026).")
            family, last = None, None
        elif k == "family":
            family = tok[:3].upper().rstrip("-")
            written_fkm = earlier and family == "FKM"
            if family.startswith("LM") or (earlier and family == "FKM"):
                family = "LM"  # the earlier set: "FKM 41-43" is LM 41-43
        elif k == "number":
            # A range: number, dash, optionally the same family again, number.
            end = None
            why = ""
            dash_at = i
            if forgiving and kind(i) == "sep" and toks[i][1] == "," and kind(i + 1) == "dash" \
                    and kind(i + 2) == "number":
                dash_at, why = i + 1, "komma foran bindestreken"
            if kind(dash_at) == "dash":
                j = dash_at + 1
                if kind(j) == "family" and toks[j][1][:3].upper() == family:
                    j += 1
                if kind(j) == "number":
                    end, i = toks[j], j + 1
                    dash = toks[dash_at]
                    if forgiving and not why and (
                            same_line_spaces(pos + len(tok), dash[2])
                            or same_line_spaces(dash[2] + len(dash[1]), end[2])):
                        why = "mellomrom ved bindestreken"
                else:
                    why = ""
            span = text[pos:end[2] + len(end[1])] if end else tok
            if family is None:
                problem(span, pos, f"«{span}» (tegn {pos + 1}) mangler ALM eller FKM foran. "
                                   f"Skriv f.eks. ALM {span}.")
                last = None
                continue
            a = code_index(family, tok, pos)
            b = code_index(family, end[1], end[2]) if end else a
            last = None
            if a is None or b is None:
                continue
            if a > b:
                problem(span, pos, f"«{span}» (tegn {pos + 1}) går baklengs. Skriv det laveste "
                                   f"nummeret først, f.eks. {family} {end[1]}-{tok}.")
                continue
            item = [families[family][a:b + 1], None if excluding else FULL]
            items.append(item)
            glued = pos > 0 and text[pos - 1].isalpha()
            if forgiving and (why or glued or written_fkm):
                codes = families[family]
                reading = (f"{codes[a]}" if a == b else f"{codes[a]}–{codes[b]}")
                reasons = [why] if why else []
                if glued:
                    reasons.append("kode og nummer uten mellomrom")
                if written_fkm:
                    reasons.append("FKM-nummer i de tidligere felles kompetansemålene")
                start = pos
                while glued and start > 0 and text[start - 1].isalpha():
                    start -= 1  # show "LM04", not "04"
                loose.append(LooseRead(text[start:pos] + span, start, reading,
                                       ", ".join(reasons)))
            last = None if excluding else item
        elif k == "delvis":
            if last is None:
                problem(tok, pos, f"«{tok}» (tegn {pos + 1}) må stå rett etter læringsmålet "
                                  "det gjelder, f.eks. ALM 012 (delvis).")
            else:
                last[1] = PARTIAL
            last = None
        elif k == "excl":
            excluding, last = True, None
        elif k in ("sep", "and"):
            last = None
        elif k == "stop":
            excluding, last = False, None
        elif k == "dash":
            problem(tok, pos, f"«{tok}» (tegn {pos + 1}) står uten nummer på begge sider. "
                              "Skriv f.eks. ALM 036-054.")
            last = None
        else:  # word, paren, other
            hint = ("Bare «(delvis)» kan stå i parentes." if k == "paren" else _EXAMPLE)
            problem(tok, pos, f"Kan ikke lese «{tok}» (tegn {pos + 1}). {hint}")
            family, last = None, None

    coverage: dict[str, str] = {}
    for codes, status in items:
        for code in codes:
            if status is None:
                coverage.pop(code, None)
            elif status == FULL or coverage.get(code) != FULL:
                coverage[code] = status
    return coverage, problems


def parse_goal_refs(text: str, *, fkm_codes: Iterable[str] | None = None,
                    strict: bool = True, earlier: bool = False) -> dict[str, str]:
    """code -> 'full' | 'partial', codes normalised like 'ALM-012', 'FKM-003'.

    Empty/blank text -> {}. With `strict` (the default) the first unreadable token, a code
    outside the catalog (ALM 089, FKM 15) or a reversed range (ALM 010-004) raises
    GoalRefError; with `strict=False` they are skipped (see read_goal_refs). `earlier`
    reads FKM and LM numbers against the earlier common goals (see read_goal_list)."""
    coverage, problems = _read(text, fkm_codes, earlier=earlier)
    if strict and problems:
        raise problems[0]
    return coverage


def _runs(codes: list[str], keep) -> list[list[str]]:
    """Maximal runs of catalog-adjacent codes with the same keep(code), where that is truthy."""
    runs: list[list[str]] = []
    prev = None
    for code in codes:
        key = keep(code)
        if key and key == prev:
            runs[-1].append(code)
        elif key:
            runs.append([code])
        prev = key
    return runs


def _num(run: list[str]) -> str:
    first, last = run[0].split("-")[1], run[-1].split("-")[1]
    return first if len(run) == 1 else f"{first}-{last}"


def _listing(fam: str, runs: list[list[str]], status: dict) -> str:
    """'ALM 002-004 (delvis), ALM 012': the family on every item, as the plans write it."""
    return ", ".join(f"{fam} {_num(r)}" + (" (delvis)" if status[r[0]] == PARTIAL else "")
                     for r in runs)


def _family_text(fam: str, codes: list[str], status: dict) -> tuple[str, bool]:
    """The shorter of the plain listing and the "Alle" form for one family, and whether the
    text ends inside a 'bortsett fra' list (so the next family must follow a full stop)."""
    listing = _listing(fam, _runs(codes, status.get), status)
    # "Alle ALM" minus every code that is not fully covered; the partly covered ones are then
    # listed again after a full stop, which ends the exclusion.
    excluded = _runs(codes, lambda c: status.get(c) != FULL)
    partial = _runs(codes, lambda c: status.get(c) == PARTIAL and PARTIAL)
    alle = f"Alle {fam}"
    if excluded:
        nums = [_num(r) for r in excluded]
        joined = nums[0] if len(nums) == 1 else ", ".join(nums[:-1]) + " og " + nums[-1]
        alle += f", bortsett fra {fam} {joined}"
    if partial:
        alle += ". " + _listing(fam, partial, status)
    # A tie goes to the "Alle" form: "Alle ALM, bortsett fra ALM 055 og 085" is how plans put it.
    if len(alle) <= len(listing):
        return alle, bool(excluded) and not partial
    return listing, False


def format_goal_refs(coverage: Mapping[str, str], *,
                     fkm_codes: Iterable[str] | None = None) -> str:
    """The compact notation the plans use, e.g. 'ALM 002-004 (delvis), ALM 012, Alle FKM'.

    Uses 'Alle ALM' / 'Alle ALM, bortsett fra ALM 055 og 085' when that is shorter.
    parse_goal_refs(format_goal_refs(x)) == x for every valid x."""
    families = _families(fkm_codes)
    known = {c for codes in families.values() for c in codes}
    for code, level in coverage.items():
        if code not in known or level not in (FULL, PARTIAL):
            raise ValueError(f"Ugyldig dekning: {code!r} -> {level!r}")
    text = ""
    open_exclusion = False
    for fam, codes in families.items():
        status = {c: coverage[c] for c in codes if c in coverage}
        if not status:
            continue
        part, ends_excluding = _family_text(fam, codes, status)
        # A full stop ends a 'bortsett fra' list, so the next family is not excluded too.
        text += (". " if open_exclusion else ", ") + part if text else part
        open_exclusion = ends_excluding
    return text
