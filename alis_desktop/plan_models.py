"""Records of the municipality's plan for the specialist training (spesialistforskriften
§ 23 d): its sections and appendices, contacts, per-arena conditions and learning
activities, the course -> goals table, and the adopted versions.

A file without any of these prints the plan from the shipped defaults
(resources/plan/sections.json, resources/goals/courses.csv) and the municipality's settings,
so old files and old exports open as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from alis_desktop.errors import ValidationError

SECTION_KINDS = ("section", "appendix")
_GOAL = re.compile(r"^(ALM|FKM|LM)-\d{3}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _required(value, field_name: str, label: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(field_name, f"{label} må fylles ut.")


@dataclass
class PlanSection:
    """One section or appendix of the plan. `key` names a shipped section ("" for the
    municipality's own); `title`/`text` None means the shipped default, so the default
    stays current and «Tilbakestill» is setting them to None. A shipped section the
    municipality does not want is kept with `removed` set (else it would come back)."""

    id: int | None = None
    key: str = ""
    position: int = 0
    kind: str = "section"
    title: str | None = None
    text: str | None = None
    removed: bool = False

    def validate(self) -> None:
        if self.kind not in SECTION_KINDS:
            raise ValidationError("kind", "Type må være «section» (kapittel) eller "
                                          "«appendix» (vedlegg).")
        if not self.key and not (self.title or "").strip():
            raise ValidationError("title", "Et eget kapittel eller vedlegg trenger en tittel.")
        if self.title is not None and len(self.title) > 200:
            raise ValidationError("title", "Tittelen er for lang (høyst 200 tegn).")
        if self.key and not re.fullmatch(r"[a-z_]{1,40}", self.key):
            raise ValidationError("key", f"«{self.key}» er ikke en gyldig nøkkel.")


@dataclass
class PlanContact:
    """A contact person printed in the plan: any number, each with their own phone and
    e-mail (Åsnes lists three roles, Eigersund three persons)."""

    id: int | None = None
    position: int = 0
    role: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""

    def validate(self) -> None:
        _required(self.role, "role", "Rolle")
        _required(self.name, "name", "Navn")
        if self.email and not _EMAIL.match(self.email.strip()):
            raise ValidationError("email", f"«{self.email}» er ikke en e-postadresse.")
        if self.phone and not re.fullmatch(r"[0-9 +()-]{3,30}", self.phone.strip()):
            raise ValidationError("phone", "Telefonnummeret kan bare ha siffer, mellomrom, "
                                           "+, - og parenteser.")


@dataclass
class ArenaCondition:
    """What the arena's coverage depends on (Eigersund: «Dette forutsetter deltakelse i
    legevakt (utenom dagtid)»), printed under its goals."""

    id: int | None = None
    arena_id: int | None = None
    text: str = ""

    def validate(self) -> None:
        _required(self.arena_id, "arena_id", "Læringsarena")
        _required(self.text, "text", "Forutsetning")


@dataclass
class ArenaActivity:
    """One row of an arena's table of learning activities per goal (Drammen 7.x): the
    goal, the activity at this arena, the activity elsewhere."""

    id: int | None = None
    arena_id: int | None = None
    position: int = 0
    goal_code: str = ""
    here: str = ""
    elsewhere: str = ""

    def validate(self) -> None:
        _required(self.arena_id, "arena_id", "Læringsarena")
        if not isinstance(self.goal_code, str) or not _GOAL.match(self.goal_code):
            raise ValidationError("goal_code", f"«{self.goal_code}» er ikke en "
                                               "læringsmålkode (f.eks. ALM-042).")
        if not self.here.strip() and not self.elsewhere.strip():
            raise ValidationError("here", "Oppgi en læringsaktivitet på arenaen eller "
                                          "på annet vis.")


@dataclass
class PlanCourse:
    """A row of the plan's course -> goals table (Drammen 8). A row whose `code` is one
    of the shipped courses replaces it (`removed` leaves it out); other codes add a
    course of the municipality's own."""

    id: int | None = None
    code: str = ""
    position: int = 0
    name: str = ""
    goals: list = field(default_factory=list)
    removed: bool = False

    def validate(self) -> None:
        _required(self.code, "code", "Kode")
        if not self.removed:
            _required(self.name, "name", "Kursnavn")
        for code in self.goals:
            if not isinstance(code, str) or not _GOAL.match(code):
                raise ValidationError("goals", f"«{code}» er ikke en læringsmålkode.")


@dataclass
class PlanVersion:
    """An adopted version of the plan: who adopted it and when, and the plan exactly as
    adopted (`document`, the print-ready content; `pdf` and its SHA-256), so it reprints
    identically whatever changes in the file later."""

    id: int | None = None
    version: str = ""
    adopted_date: date | None = None
    adopted_by: str = ""
    note: str = ""
    document: dict = field(default_factory=dict)
    sha256: str = ""
    pdf: bytes = b""

    def validate(self) -> None:
        _required(self.version, "version", "Versjon")
        _required(self.adopted_date, "adopted_date", "Vedtatt dato")
        _required(self.adopted_by, "adopted_by", "Vedtatt av")
        if self.sha256 and not re.fullmatch(r"[0-9a-f]{64}", self.sha256):
            raise ValidationError("sha256", "Sjekksummen må være 64 heksadesimale tegn.")
