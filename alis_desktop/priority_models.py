"""Priority models for the institution waiting list: the order a health trust compares
doctors in, as data (resources/institution_models.json).

The program knows a fixed set of criteria (CRITERIA) and how to compare two candidates on
each (alis_desktop/institution.py); a model is a named, ordered choice among them, each
with the source it comes from and a quote. Two models are shipped: the Ahus project report
(seed 004, 7.3.1.1; the default, and the order the program always used) and the Vestre
Viken agreement (seed 003: the date of the report to the coordinator decides; two years of
service is a «bør»). A leader can define another trust's order from the same criteria; such
a model lives in the municipality's file (Municipality.institution_models) and the chosen
one by name in Municipality.institution_model ("" = not chosen yet: the default applies).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from alis_desktop.errors import ValidationError
from alis_desktop.resources import resource_path

INTERRUPTED = "interrupted"
TWO_YEARS_GATE = "two_years_gate"
TWO_YEARS_PREFERENCE = "two_years_preference"
ATTACHMENT = "attachment"
REMAINING_TIME = "remaining_time"
PROGRESS = "progress"
SHORTAGE = "shortage"
REPORT_DATE = "report_date"
DESIRED_START = "desired_start"

# code -> (label for lists and dialogs, short noun for "likt på ..." in the reasons)
CRITERIA: dict[str, tuple[str, str]] = {
    INTERRUPTED: ("Avbrutt institusjonstjeneste først", "avbrutt tjeneste"),
    TWO_YEARS_GATE: ("2 års tellende tjeneste som vilkår (under 2 år står sist)", "2 år"),
    TWO_YEARS_PREFERENCE: ("2 års tellende tjeneste som ønske («bør»)", "2 år"),
    ATTACHMENT: ("Tilknytning (fast ansatt > egen hjemmel > vikar minst 1 år > kortere vikar)",
                 "tilknytning"),
    REMAINING_TIME: ("Kortest gjenstående tid til fullført tellende tjeneste", "tid"),
    PROGRESS: ("Progresjon (godkjente læringsmål og læringsaktiviteter)", "progresjon"),
    SHORTAGE: ("Kommune med mangel på spesialister", "mangel på spesialister"),
    REPORT_DATE: ("Tidligst meldt til koordinatoren", "innmeldingsdato"),
    DESIRED_START: ("Tidligst ønsket start", "ønsket start"),
}
TWO_YEARS = (TWO_YEARS_GATE, TWO_YEARS_PREFERENCE)


@dataclass(frozen=True)
class ModelCriterion:
    """One criterion in a model, with where the trust says so."""

    code: str
    source: str = ""
    quote: str = ""

    @property
    def label(self) -> str:
        return CRITERIA[self.code][0]

    @property
    def noun(self) -> str:
        return CRITERIA[self.code][1]

    def citation(self) -> str:
        """«quote» (source), or the source alone, or ''."""
        if self.quote and self.source:
            return f"«{self.quote}» ({self.source})"
        return f"«{self.quote}»" if self.quote else self.source


@dataclass(frozen=True)
class PriorityModel:
    """A named order of criteria. `custom`: defined by the leader, stored in the file."""

    name: str
    criteria: tuple[ModelCriterion, ...]
    source: str = ""
    custom: bool = False

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.criteria)

    @property
    def gate(self) -> bool:
        """Two years is a condition: doctors under it come after all others."""
        return TWO_YEARS_GATE in self.codes

    def criterion(self, code: str) -> ModelCriterion | None:
        return next((c for c in self.criteria if c.code == code), None)

    def summary(self) -> str:
        """'Prioritert etter modellen «...»: 1) ..., 2) ...' for headings of lists."""
        steps = ", ".join(f"{i}) {c.label[0].lower()}{c.label[1:]}"
                          for i, c in enumerate(self.criteria, start=1))
        return f"Prioritert etter modellen «{self.name}»: {steps}."

    def to_plain(self) -> dict:
        """The stored form of a leader-defined model (Municipality.institution_models)."""
        return {"name": self.name, "source": self.source,
                "criteria": [{"criterion": c.code, "source": c.source, "quote": c.quote}
                             for c in self.criteria]}


def from_plain(data: dict, *, custom: bool) -> PriorityModel:
    """A model from its JSON form; unknown criteria are refused (Norwegian message)."""
    if not isinstance(data, dict):
        raise ValidationError("institution_models", "En prioriteringsmodell må være et objekt.")
    items = []
    for item in data.get("criteria") or []:
        item = {"criterion": item} if isinstance(item, str) else item
        items.append(ModelCriterion(str(item.get("criterion", "")),
                                    str(item.get("source", "") or ""),
                                    str(item.get("quote", "") or "")))
    model = PriorityModel(str(data.get("name", "")).strip(), tuple(items),
                          str(data.get("source", "") or ""), custom)
    check_model(model)
    return model


def check_model(model: PriorityModel) -> None:
    """A model's own rules: a name, at least one criterion, only known ones, each once, and
    two years either as a condition or as a wish, not both."""
    if not model.name:
        raise ValidationError("name", "Gi prioriteringsmodellen et navn.")
    if not model.criteria:
        raise ValidationError("criteria", "Velg minst ett kriterium.")
    unknown = [c for c in model.codes if c not in CRITERIA]
    if unknown:
        raise ValidationError("criteria", f"Ukjent kriterium «{unknown[0]}». Kjente: "
                                          f"{', '.join(CRITERIA)}.")
    if len(set(model.codes)) != len(model.codes):
        raise ValidationError("criteria", "Hvert kriterium kan bare stå én gang.")
    if all(code in model.codes for code in TWO_YEARS):
        raise ValidationError("criteria", "2 års tjeneste kan være et vilkår eller et ønske, "
                                          "ikke begge.")


@lru_cache(maxsize=1)
def shipped_models() -> tuple[PriorityModel, ...]:
    """The models in resources/institution_models.json, the default first."""
    data = json.loads(resource_path("institution_models.json").read_text(encoding="utf-8"))
    return tuple(from_plain(item, custom=False) for item in data["models"])


def default_model() -> PriorityModel:
    return shipped_models()[0]


def custom_models(stored) -> list[PriorityModel]:
    """The leader's models from Municipality.institution_models."""
    return [from_plain(item, custom=True) for item in stored or []]


def available_models(stored=()) -> list[PriorityModel]:
    """Shipped models, then the leader's."""
    return [*shipped_models(), *custom_models(stored)]


def model_named(name: str, stored=()) -> PriorityModel:
    """The model called `name` (shipped or the leader's); a clear message when none is."""
    wanted = " ".join((name or "").split()).casefold()
    models = available_models(stored)
    for model in models:
        if model.name.casefold() == wanted:
            return model
    # A unique prefix is enough on the command line ("Vestre Viken").
    found = [mdl for mdl in models if wanted and mdl.name.casefold().startswith(wanted)]
    if len(found) == 1:
        return found[0]
    names = "; ".join(f"«{mdl.name}»" for mdl in models)
    raise ValidationError("institution_model", f"Finner ingen prioriteringsmodell «{name}». "
                                               f"Velg blant: {names}.")


def chosen_model(municipality) -> PriorityModel:
    """The municipality's model; the default when none is chosen (or the chosen one was
    removed)."""
    name = getattr(municipality, "institution_model", "") or ""
    stored = getattr(municipality, "institution_models", None) or []
    if not name:
        return default_model()
    try:
        return model_named(name, stored)
    except ValidationError:
        return default_model()


def define(name: str, codes, *, source: str = "", quotes: dict | None = None,
           existing=()) -> PriorityModel:
    """A leader-defined model from the known criteria, checked; refused when the name is
    taken by a shipped model (a leader's model of the same name is replaced by the caller)."""
    quotes = quotes or {}
    model = PriorityModel(" ".join(name.split()),
                          tuple(ModelCriterion(code, source.strip(), quotes.get(code, "").strip())
                                for code in codes), source.strip(), custom=True)
    check_model(model)
    if any(m.name.casefold() == model.name.casefold() for m in shipped_models()):
        raise ValidationError("name", f"«{model.name}» er en av programmets modeller; velg "
                                      "et annet navn.")
    return model


def with_model(stored, model: PriorityModel) -> list[dict]:
    """The leader's stored models with `model` added (or replacing one of the same name)."""
    kept = [dict(item) for item in stored or []
            if str(item.get("name", "")).casefold() != model.name.casefold()]
    return [*kept, model.to_plain()]
