"""The plan's text as data: the shipped default sections, the municipality's edits over
them, and the figures filled into the text at print time.

Placeholders are words in braces, `{antall_alis}`; only letters, digits and `_`. They are
replaced by plain string substitution (never str.format or eval), so a text can hold any
character; `{{` and `}}` print a single brace. An unknown name is left as written and
reported, never an error: the leader sees it in the preview and in the printout.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from alis_desktop.catalog import ALM_CODES
from alis_desktop.catalog import courses as shipped_courses
from alis_desktop.dates import fmt
from alis_desktop.plan_models import PlanContact, PlanCourse, PlanSection
from alis_desktop.resources import resource_path

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-zÆØÅæøå0-9_]+)\}")

# Placeholder -> what it stands for (shown in the editor and docs/municipal-plan.md).
PLACEHOLDERS: dict[str, str] = {
    "kommune": "kommunens navn",
    "registrert": "« fra <dato> (organisasjonsnummer <nr>)», så langt det er kjent",
    "registrert_dato": "datoen kommunen ble registrert som utdanningsvirksomhet",
    "organisasjonsnummer": "kommunens organisasjonsnummer",
    "adresse": "kommunens adresse",
    "e_post": "kommunens e-postadresse for ALIS",
    "tjenesteleder": "tittel og navn på leder for tjenesten",
    "medisinsk_ansvarlig": "tittel og navn på medisinskfaglig ansvarlig lege",
    "leder": "tittel og navn på leder for ALIS",
    "leder2": "tittel og navn på den andre lederen (om kommunen har to)",
    "ledere": "lederen eller de to lederne, med «og» mellom",
    "antall_alis": "antall leger i spesialisering nå",
    "antall_leger": "det samme som antall_alis",
    "antall_veiledere": "antall individuelle veiledere",
    "antall_spesialistveiledere": "antall veiledere som er spesialister i allmennmedisin",
    "antall_arenaer": "antall læringsarenaer i kommunen",
    "antall_arenaer_utenfor": "antall læringsarenaer hos samarbeidspartnere",
    "arenaer": "navnene på læringsarenaene i kommunen",
    "arenaer_utenfor": "navnene på læringsarenaene hos samarbeidspartnere",
    "samarbeidspartnere": "navnene på samarbeidspartnerne",
    "antall_alm": "antall læringsmål i allmennmedisin (ALM)",
    "veiledningstimer_per_måned": "veiledningstimer per måned (regel)",
    "veiledningstimer_per_år": "veiledningstimer per år (regel)",
    "forberedelsestimer_per_måned": "veileders forberedelsestid per måned (regel)",
    "antall_legevakter": "legevakter som kreves (regel)",
    "antall_felleskonsultasjoner": "felleskonsultasjoner som kreves (regel)",
    "sats_veiledning": "kommunens sats per veiledningstime (kr)",
    "sats_forberedelse": "kommunens sats per forberedelsestime (kr)",
    "versjon": "planens versjon",
    "vedtatt_dato": "datoen planen ble vedtatt",
    "vedtatt_av": "hvem som vedtok planen",
    "dato": "datoen planen skrives ut",
}


@dataclass(frozen=True)
class DefaultSection:
    key: str
    title: str
    text: str
    content: str | None  # the table or list printed after the text, if any
    sources: tuple[str, ...]


@lru_cache(maxsize=1)
def default_sections() -> tuple[DefaultSection, ...]:
    """The shipped sections, in print order (resources/plan/sections.json)."""
    with open(resource_path("plan", "sections.json"), encoding="utf-8") as fh:
        data = json.load(fh)
    return tuple(DefaultSection(s["key"], s["title"], s["text"], s.get("content"),
                                tuple(s.get("sources", ()))) for s in data["sections"])


def default_of(key: str) -> DefaultSection | None:
    return next((d for d in default_sections() if d.key == key), None)


@dataclass
class Section:
    """A section as the plan prints it: the stored record (or a fresh one for a default
    the file has never touched) with its effective title and text."""

    record: PlanSection
    title: str
    text: str
    default: DefaultSection | None

    @property
    def edited(self) -> bool:
        return self.record.text is not None or self.record.title is not None

    @property
    def content(self) -> str | None:
        return self.default.content if self.default else None

    @property
    def is_appendix(self) -> bool:
        return self.record.kind == "appendix"


def materialize(stored: list[PlanSection]) -> list[PlanSection]:
    """Every section as a record, in order: the stored ones, and the shipped defaults the
    file does not have yet (an old file, or a default new in this version of the program)
    placed after the default that comes before them. Positions are renumbered 0, 1, 2 ...;
    records not yet in the file have id None."""
    ordered = sorted(stored, key=lambda s: (s.position, s.id or 0))
    have = {s.key for s in ordered if s.key}
    out = list(ordered)
    previous_key = None
    for d in default_sections():
        if d.key not in have:
            record = PlanSection(key=d.key)
            at = 0
            if previous_key is not None:
                at = next((i + 1 for i, s in enumerate(out) if s.key == previous_key), len(out))
            # Appendices stay last: a new default section goes before them.
            while at > 0 and out[at - 1].kind == "appendix":
                at -= 1
            out.insert(at, record)
        previous_key = d.key
    sections = [s for s in out if s.kind == "section"] + [s for s in out if s.kind == "appendix"]
    for i, s in enumerate(sections):
        s.position = i
    return sections


def effective_sections(stored: list[PlanSection], *, include_removed: bool = False) -> list[Section]:
    out = []
    for record in materialize(stored):
        if record.removed and not include_removed:
            continue
        d = default_of(record.key) if record.key else None
        title = record.title if record.title is not None else (d.title if d else "")
        text = record.text if record.text is not None else (d.text if d else "")
        out.append(Section(record, title, text, d))
    return out


def fill(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """(text with the placeholders filled in, unknown placeholder names in order)."""
    unknown: list[str] = []

    def replace(match: re.Match) -> str:
        whole = match.group(0)
        if whole == "{{":
            return "{"
        if whole == "}}":
            return "}"
        name = match.group(1)
        if name in values:
            return values[name]
        if name not in unknown:
            unknown.append(name)
        return whole

    return PLACEHOLDER.sub(replace, text), unknown


def _person(name: str, title: str, fallback: str) -> str:
    if not name:
        return fallback
    return f"{title} {name}" if title else name


def _number(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 1e-9 else f"{x:g}".replace(".", ",")


def join_names(names: list[str]) -> str:
    """«a, b og c» as Norwegian lists them."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " og " + names[-1]


def placeholder_values(municipality, arenas, doctors, supervisors, *, as_of: date,
                       version: str = "", adopted_date: date | None = None,
                       adopted_by: str = "") -> dict[str, str]:
    """Every placeholder's value from the file's records (archived ones left out)."""
    from alis_desktop.requirements import load_rules
    rules = load_rules()
    m = municipality
    active = [a for a in arenas if not a.archived]
    inside = sorted((a for a in active if a.inside_municipality), key=lambda a: a.name)
    outside = sorted((a for a in active if not a.inside_municipality), key=lambda a: a.name)
    current = [d for d in doctors if not d.archived and d.start_date and d.start_date <= as_of
               and not (d.end_date and d.end_date < as_of)]
    sups = [s for s in supervisors if not s.archived]
    registered = f" fra {fmt(m.registered_date)}" if m.registered_date else ""
    if m.org_number:
        registered += f" (organisasjonsnummer {m.org_number})"
    leader = _person(m.leader_name, m.leader_title, "Leder")
    leader2 = _person(m.second_leader_name, m.second_leader_title, "")
    supervision = rules.rule("supervision_hours")
    per_month = float(supervision.get("hours_per_month", 4))
    months = float(supervision.get("months_per_year", 10.5))
    prep = float(rules.parameters.get("supervision_preparation_hours_per_month", 1.5))
    return {
        "kommune": m.name,
        "registrert": registered,
        "registrert_dato": fmt(m.registered_date) if m.registered_date else "",
        "organisasjonsnummer": m.org_number,
        "adresse": m.address,
        "e_post": m.contact_email,
        "tjenesteleder": _person(m.head_of_service_name, m.head_of_service_title,
                                 "Kommunens ledelse"),
        "medisinsk_ansvarlig": _person(m.medical_lead_name, m.medical_lead_title,
                                       "Kommuneoverlegen"),
        "leder": leader,
        "leder2": leader2,
        "ledere": join_names([leader, leader2]),
        "antall_alis": str(len(current)),
        "antall_leger": str(len(current)),
        "antall_veiledere": str(len(sups)),
        "antall_spesialistveiledere": str(sum(1 for s in sups if s.specialist)),
        "antall_arenaer": str(len(inside)),
        "antall_arenaer_utenfor": str(len(outside)),
        "arenaer": join_names([a.name for a in inside]) or "ingen registrert",
        "arenaer_utenfor": join_names([a.name for a in outside]) or "ingen",
        "samarbeidspartnere": join_names(sorted({a.partner for a in outside})) or "ingen",
        "antall_alm": str(len(ALM_CODES)),
        "veiledningstimer_per_måned": _number(per_month),
        "veiledningstimer_per_år": _number(per_month * months),
        "forberedelsestimer_per_måned": _number(prep),
        "antall_legevakter": _number(rules.rule("on_call").required),
        "antall_felleskonsultasjoner": _number(rules.rule("joint_consultations").required),
        "sats_veiledning": _number(m.supervision_rate),
        "sats_forberedelse": _number(m.preparation_rate),
        "versjon": version or "utkast",
        "vedtatt_dato": fmt(adopted_date) if adopted_date else "ikke vedtatt",
        "vedtatt_av": adopted_by,
        "dato": fmt(as_of),
    }


# --- contacts and courses ----------------------------------------------------------------
def effective_contacts(stored: list[PlanContact], municipality) -> list[PlanContact]:
    """The plan's contacts; a file with none lists the people named in the municipality's
    settings, with its shared e-mail, as the plan always did."""
    if stored:
        return sorted(stored, key=lambda c: (c.position, c.id or 0))
    m = municipality
    people = [("Leder for tjenesten", m.head_of_service_name, m.head_of_service_title),
              ("Medisinskfaglig ansvarlig lege", m.medical_lead_name, m.medical_lead_title),
              ("Leder for ALIS", m.leader_name, m.leader_title),
              ("Leder for ALIS", m.second_leader_name, m.second_leader_title)]
    out = []
    for i, (role, name, title) in enumerate(people):
        if name:
            out.append(PlanContact(position=i, role=role + (f" ({title})" if title else ""),
                                   name=name, email=m.contact_email))
    return out


def effective_courses(stored: list[PlanCourse]) -> list[PlanCourse]:
    """The course -> goals table: the shipped courses that name goals, each replaced by
    the file's row with its code (or left out when that row is `removed`), then the
    municipality's own courses."""
    by_code = {c.code: c for c in stored}
    out = []
    for i, c in enumerate(course for course in shipped_courses() if course.goals):
        row = by_code.pop(c.code, None)
        if row is None:
            out.append(PlanCourse(code=c.code, position=i, name=c.name, goals=list(c.goals)))
        elif not row.removed:
            out.append(row)
    own = sorted((c for c in by_code.values() if not c.removed),
                 key=lambda c: (c.position, c.id or 0))
    return out + own


@dataclass
class FillReport:
    """Unknown placeholders per section title, for the editor and the command line."""

    unknown: dict[str, list[str]] = field(default_factory=dict)

    def add(self, where: str, names: list[str]) -> None:
        if names:
            self.unknown.setdefault(where, []).extend(n for n in names
                                                      if n not in self.unknown.get(where, []))

    def messages(self) -> list[str]:
        return [f"Ukjent felt {', '.join('{' + n + '}' for n in names)} i «{where}»."
                for where, names in self.unknown.items()]
