"""The municipality's plan as a print-ready document: numbered sections, each a list of
blocks (paragraphs, bullet lists, sub-headings, tables), built from the file's records.

The PDF (reports/municipal_plan.py) and the Word copy (reports/municipal_plan_docx.py)
render this same structure, so both have the same headings; an adopted version keeps it
as JSON (plan_versions.document) and reprints from it. Plain data only: str, int, lists
and dicts.

Block types: {"t": "p", "text"}, {"t": "bullets", "items"}, {"t": "h2", "text"} (a
sub-heading in the table of contents), {"t": "facts", "rows": [[label, value]]},
{"t": "table", "header", "rows", "widths"} (widths in mm of 170), {"t": "sources", "text"},
{"t": "keep", "blocks"} (blocks printed together on one page where they fit).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from alis_desktop.catalog import ALM_CODES, shipped_alm, shipped_fkm
from alis_desktop.dates import fmt
from alis_desktop.goal_refs import format_goal_refs
from alis_desktop.plan_text import (
    FillReport,
    effective_contacts,
    effective_courses,
    effective_sections,
    fill,
    placeholder_values,
)
from alis_desktop.vocab import ArenaType, SupervisionMode

DOCUMENT_FORMAT = 1
TITLE = "Utdanningsplan for spesialistutdanning i allmennmedisin"


@dataclass
class PlanInputs:
    """Everything the plan is made from, as records (what store.all(kind) returns)."""

    municipality: object
    arenas: list = field(default_factory=list)
    coverage: list = field(default_factory=list)
    doctors: list = field(default_factory=list)
    supervisors: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    conditions: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    courses: list = field(default_factory=list)
    versions: list = field(default_factory=list)
    goal_texts: list = field(default_factory=list)


def paragraphs(text: str) -> list[dict]:
    """Plain text as blocks: a blank line ends a paragraph, lines starting with "- " (or
    "• ") are bullet points, other line breaks are kept inside the paragraph."""
    blocks: list[dict] = []
    lines: list[str] = []
    bullets: list[str] = []

    def flush():
        if lines:
            blocks.append({"t": "p", "text": "\n".join(lines)})
            lines.clear()
        if bullets:
            blocks.append({"t": "bullets", "items": list(bullets)})
            bullets.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        stripped = line.lstrip()
        if not stripped:
            flush()
        elif stripped[:2] in ("- ", "• "):
            if lines:
                flush()
            bullets.append(stripped[2:].strip())
        elif bullets and raw[:1] in (" ", "\t"):
            bullets[-1] += " " + stripped  # a bullet's continuation line
        else:
            if bullets:
                flush()
            lines.append(line)
    flush()
    return blocks


def _modes(arena) -> str:
    labels = [SupervisionMode.label_of(m) for m in arena.supervision_modes]
    if not labels:
        return "Ikke oppgitt"
    text = labels[0] + "".join(f", {x.lower()}" for x in labels[1:-1])
    return text + (f" og {labels[-1].lower()}" if len(labels) > 1 else "")


def goal_notation(coverage: dict[str, str]) -> tuple[str, str]:
    """(ALM text, FKM text) in the plans' compact notation; codes outside the shipped
    catalog (an imported FKM version) are listed as they are."""
    texts = []
    fkm = {g.code for g in shipped_fkm()}
    for family in ("ALM", "FKM"):
        part = {c: lv for c, lv in coverage.items() if c.startswith(family + "-")}
        if not part:
            texts.append("Ingen")
            continue
        try:
            texts.append(format_goal_refs(part))
        except ValueError:
            known = {c: lv for c, lv in part.items() if c in fkm or c in ALM_CODES}
            rest = sorted(set(part) - set(known))
            texts.append(", ".join(([format_goal_refs(known)] if known else []) + rest))
    return texts[0], texts[1]


def uncovered_goals(coverage_by_arena: dict[int, dict[str, str]]) -> tuple[list, list]:
    """(goals no arena covers, goals only partly covered anywhere), ALM and shipped FKM."""
    best: dict[str, str] = {}
    for cov in coverage_by_arena.values():
        for code, level in cov.items():
            if best.get(code) != "full":
                best[code] = level
    every = list(ALM_CODES) + [g.code for g in shipped_fkm()]
    return ([c for c in every if c not in best],
            [c for c in every if best.get(c) == "partial"])


def _goal_titles(goal_texts) -> dict[str, str]:
    titles = {g.code: g.title for g in shipped_alm()}
    for g in shipped_fkm():
        titles.setdefault(g.code, g.title)
    for t in goal_texts:
        if t.theme:
            titles[t.code] = t.theme
    return titles


def _short_code(code: str) -> str:
    return code.replace("-", " ")


class _Builder:
    def __init__(self, inputs: PlanInputs, as_of: date, version: str,
                 adopted_date: date | None, adopted_by: str):
        self.i = inputs
        self.as_of = as_of
        self.report = FillReport()
        self.values = placeholder_values(inputs.municipality, inputs.arenas, inputs.doctors,
                                         inputs.supervisors, as_of=as_of, version=version,
                                         adopted_date=adopted_date, adopted_by=adopted_by)
        self.coverage: dict[int, dict[str, str]] = defaultdict(dict)
        for c in inputs.coverage:
            self.coverage[c.arena_id][c.goal_code] = c.level
        active = [a for a in inputs.arenas if not a.archived]
        self.active = active
        self.inside = [a for a in active if a.inside_municipality]
        self.outside = sorted((a for a in active if not a.inside_municipality),
                              key=lambda a: a.name)
        self.conditions = {c.arena_id: c.text for c in inputs.conditions}
        self.activities: dict[int, list] = defaultdict(list)
        for a in sorted(inputs.activities, key=lambda a: (a.position, a.id or 0)):
            self.activities[a.arena_id].append(a)
        self.titles = _goal_titles(inputs.goal_texts)

    def text_blocks(self, text: str, where: str) -> list[dict]:
        filled, unknown = fill(text, self.values)
        self.report.add(where, unknown)
        return paragraphs(filled)

    # --- generated content ---------------------------------------------------------
    def figures(self, number: str) -> list[dict]:
        v = self.values
        return [{"t": "facts", "rows": [
            ["Leger i spesialisering (ALIS) nå", v["antall_alis"]],
            ["Individuelle veiledere", (f"{v['antall_veiledere']}, av dem "
                                        f"{v['antall_spesialistveiledere']} spesialister i "
                                        "allmennmedisin")],
            ["Læringsarenaer i kommunen", v["antall_arenaer"]],
            ["Læringsarenaer hos samarbeidspartnere", v["antall_arenaer_utenfor"]],
        ]}]

    def arena_blocks(self, arena, heading: str) -> list[dict]:
        alm, fkm = goal_notation(self.coverage[arena.id])
        location = arena.name + (f". {arena.location}" if arena.location else "")
        rows = [["Type læringsarena", ArenaType.label_of(arena.type)],
                ["Lokalisasjon", location]]
        if arena.description:
            rows.append(["Beskrivelse", arena.description])
        if not arena.inside_municipality:
            rows.append(["Samarbeidspartner", arena.partner])
        rows += [["ALM: læringsmål som kan helt eller delvis oppnås", alm],
                 ["FKM: læringsmål som kan helt eller delvis oppnås", fkm]]
        condition = self.conditions.get(arena.id, "").strip()
        if condition:
            rows.append(["Forutsetninger", fill(condition, self.values)[0]])
        rows += [["Supervisjon foregår ved", _modes(arena)],
                 ["Ny veileder ved opphold", "Ja" if arena.new_supervisor_on_stay else "Nei"]]
        out = [{"t": "keep", "blocks": [{"t": "h2", "text": heading},
                                        {"t": "facts", "rows": rows}]}]
        acts = self.activities.get(arena.id)
        if acts:
            out.append({"t": "table", "widths": [16, 48, 53, 53],
                        "header": ["Mål", "Tema", "Læringsaktivitet på arenaen",
                                   "Læringsaktivitet på annet vis"],
                        "rows": [[_short_code(a.goal_code), self.titles.get(a.goal_code, ""),
                                  a.here or "-", a.elsewhere or "-"] for a in acts]})
        return out

    def arenas(self, number: str) -> list[dict]:
        if not self.inside:
            return [{"t": "p", "text": "Ingen læringsarenaer registrert i kommunen."}]
        order = [t.value for t in ArenaType]
        ordered = sorted(self.inside, key=lambda a: (order.index(a.type)
                                                     if a.type in order else 99, a.name))
        out = []
        for n, a in enumerate(ordered, start=1):
            out += self.arena_blocks(a, f"{number}.{n} {a.name} – {ArenaType.label_of(a.type)}")
        return out

    def outside_arenas(self, number: str) -> list[dict]:
        if not self.outside:
            return [{"t": "p", "text": "Kommunen har ingen læringsarenaer hos "
                                       "samarbeidspartnere."}]
        out = []
        for n, a in enumerate(self.outside, start=1):
            out += self.arena_blocks(a, f"{number}.{n} {a.name} – {ArenaType.label_of(a.type)}")
        return out

    def partners(self, number: str) -> list[dict]:
        partners: dict[str, list[str]] = defaultdict(list)
        for a in self.outside:
            partners[a.partner].append(a.name)
        if not partners:
            return [{"t": "p", "text": "Ingen samarbeidsavtaler registrert."}]
        return [{"t": "table", "widths": [70, 100],
                 "header": ["Samarbeidspartner", "Læringsarena(er)"],
                 "rows": [[name, ", ".join(sorted(names))]
                          for name, names in sorted(partners.items())]}]

    def coverage_gaps(self, number: str) -> list[dict]:
        missing, partial = uncovered_goals({a.id: self.coverage[a.id] for a in self.active})

        def listed(codes):
            return ", ".join(t for t in goal_notation({c: "full" for c in codes})
                             if t != "Ingen") or "Ingen"

        lead = ("Alle læringsmål dekkes helt av minst én læringsarena."
                if not missing and not partial else
                "Oversikten viser hvor kommunen må bruke kurs, gruppeveiledning eller "
                "samarbeidspartnere for å dekke læringsmålene.")
        return [{"t": "p", "text": lead},
                {"t": "facts", "rows": [["Ikke dekket av noen læringsarena", listed(missing)],
                                        ["Bare delvis dekket", listed(partial)]]}]

    def courses(self, number: str) -> list[dict]:
        rows = []
        for c in effective_courses(self.i.courses):
            numbers = ", ".join(g.split("-")[1] for g in c.goals if g.startswith("ALM-"))
            others = ", ".join(g for g in c.goals if not g.startswith("ALM-"))
            rows.append([c.name, "ALM: " + numbers + (f"; {others}" if others else "")
                         if numbers else others or "-"])
        if not rows:
            return []
        return [{"t": "table", "widths": [70, 100], "header": ["Kurs", "Læringsmål (ALM)"],
                 "rows": rows}]

    def contacts(self, number: str) -> list[dict]:
        people = effective_contacts(self.i.contacts, self.i.municipality)
        out = []
        if people:
            out.append({"t": "table", "widths": [48, 42, 28, 52],
                        "header": ["Rolle", "Navn", "Telefon", "E-post"],
                        "rows": [[c.role, c.name, c.phone, c.email] for c in people]})
        m = self.i.municipality
        extra = [["Adresse", m.address]] if m.address else []
        if not self.i.contacts and m.contact_email:
            extra.insert(0, ["E-post", m.contact_email])
        if extra:
            out.append({"t": "facts", "rows": extra})
        if not out:
            out.append({"t": "p", "text": "Ingen kontaktpersoner registrert."})
        return out

    def build(self) -> list[dict]:
        generators = {"figures": self.figures, "arenas": self.arenas,
                      "outside_arenas": self.outside_arenas, "partners": self.partners,
                      "coverage": self.coverage_gaps, "courses": self.courses,
                      "contacts": self.contacts}
        sections, number, appendix = [], 0, 0
        for s in effective_sections(self.i.sections):
            title = fill(s.title, self.values)[0]
            if s.is_appendix:
                appendix += 1
                label = str(appendix)
                heading = f"Vedlegg {appendix}: {title}"
            else:
                number += 1
                label = str(number)
                heading = f"{number}. {title}"
            blocks = self.text_blocks(s.text, s.title)
            if s.content in generators:
                blocks += generators[s.content](label)
            if s.default is not None and not s.edited and s.default.sources:
                blocks.append({"t": "sources",
                               "text": "Kilder: " + "; ".join(s.default.sources) + "."})
            sections.append({"heading": heading, "key": s.record.key,
                             "appendix": s.is_appendix, "blocks": blocks})
        return sections


def build_document(inputs: PlanInputs, as_of: date, *, version: str = "",
                   adopted_date: date | None = None, adopted_by: str = "") -> dict:
    """The plan as of `as_of`. Without `version` it is a draft; its title page names the
    latest adopted version, if any."""
    builder = _Builder(inputs, as_of, version, adopted_date, adopted_by)
    sections = builder.build()
    m = inputs.municipality
    latest = max(inputs.versions, key=lambda v: (v.adopted_date, v.id or 0), default=None)
    if version:
        status = f"Versjon {version}, vedtatt {fmt(adopted_date)}" + (
            f" av {adopted_by}" if adopted_by else "")
    elif latest is not None:
        status = (f"Utkast, skrevet ut {fmt(as_of)}. Gjeldende versjon: {latest.version}, "
                  f"vedtatt {fmt(latest.adopted_date)} av {latest.adopted_by}")
    else:
        status = f"Utkast, skrevet ut {fmt(as_of)}. Ikke vedtatt"
    return {
        "format": DOCUMENT_FORMAT,
        "title": TITLE,
        "municipality": m.name,
        "logo_path": m.logo_path,
        "subtitle": "Plan for spesialistutdanningen etter spesialistforskriften § 23 "
                    "bokstav d",
        "status": status,
        "version": version,
        "adopted_date": adopted_date.isoformat() if adopted_date else None,
        "adopted_by": adopted_by,
        "date": (adopted_date or as_of).isoformat(),
        "footer": f"{m.name} · utdanningsplan " + (f"versjon {version}" if version
                                                  else f"per {fmt(as_of)}"),
        "warnings": builder.report.messages(),
        "sections": sections,
    }


def headings(document: dict) -> list[tuple[int, str]]:
    """(level, text) of every heading in order: 1 for sections, 2 for sub-headings."""
    out = []

    def walk(blocks):
        for b in blocks:
            if b["t"] == "h2":
                out.append((2, b["text"]))
            elif b["t"] == "keep":
                walk(b["blocks"])

    for s in document["sections"]:
        out.append((1, s["heading"]))
        walk(s["blocks"])
    return out
