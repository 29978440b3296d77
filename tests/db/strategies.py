"""Hypothesis strategies for random records: every field of every kind gets a value of the
right type (biased towards what the field accepts, so some records are valid) or of a wrong
type, or is left out."""

from __future__ import annotations

import base64
import dataclasses
import string
from datetime import date, timedelta

from hypothesis import strategies as st

from alis_desktop import vocab
from alis_desktop.audit import _VOCABS
from alis_desktop.records import RECORD_KINDS as _KINDS
from alis_desktop.records import REFERENCES, field_types

CODES = sorted({member.value for cls in vars(vocab).values()
                if isinstance(cls, type) and issubclass(cls, vocab.Vocab) and cls is not vocab.Vocab
                for member in cls})
GOAL_CODES = st.builds(lambda p, n: f"{p}-{n:03d}", st.sampled_from(["ALM", "FKM", "LM"]),
                       st.integers(0, 999))
HEX64 = st.text("0123456789abcdef", min_size=64, max_size=64)
# Text that has broken programs before: NUL, a lone surrogate (reachable through JSON), a
# very long string, SQL and quotes, numbers as text.
NASTY_TEXT = st.sampled_from(["", " ", "\x00", "\ud800", "'; DROP TABLE doctors; --", "«»",
                              "a" * 5000, "Ærlig Østerås Åse", "\n\t", "1e308", "NaN"])
TEXT = st.one_of(st.text(max_size=40), NASTY_TEXT, st.sampled_from(CODES), GOAL_CODES,
                 st.text(string.digits, min_size=6, max_size=9), HEX64)
JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10))
JSON = st.recursive(JSON_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6)
DATES = st.dates(min_value=date(1850, 1, 1), max_value=date(2200, 12, 31))
PLAUSIBLE_DATES = st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 12, 31))

# field name -> the kind it refers to
REFERRED = {field_name: target for refs in REFERENCES.values() for field_name, target in refs}


def text_for(cls: type, name: str):
    """Text biased towards what the field accepts."""
    known = _VOCABS.get((cls, name))
    if known is not None:
        likely = st.sampled_from([m.value for m in known])
    elif name in ("goal_code", "code"):
        likely = GOAL_CODES
    elif name == "sha256":
        likely = HEX64
    elif name == "hpr_number":
        likely = st.one_of(st.just(""), st.text(string.digits, min_size=6, max_size=9))
    elif name == "catalog_version":
        likely = st.sampled_from(["ALM", "FKM-2026"])
    else:
        likely = st.text(min_size=1, max_size=20)
    return st.one_of(likely, likely, likely, TEXT)


def value_for(cls: type, name: str, typ: type, as_json: bool):
    """A value of the field's own type, as the JSON form (as_json) or a form would carry it."""
    if name == "id":
        return st.integers(1, 10_000) if as_json else st.none()
    if typ is str:
        return text_for(cls, name)
    if typ is int:
        return st.one_of(st.integers(-2, 5), st.integers(), st.just(2 ** 70))
    if typ is float:
        return st.one_of(st.floats(0.5, 100), st.floats(), st.integers(-5, 200))
    if typ is bool:
        return st.one_of(st.booleans(), st.sampled_from([0, 1]))
    if typ is date:
        dates = st.one_of(PLAUSIBLE_DATES, PLAUSIBLE_DATES, DATES)
        return dates.map(date.isoformat) if as_json else st.one_of(dates, dates.map(date.isoformat))
    if typ is bytes:
        raw = st.binary(max_size=30)
        return raw.map(lambda b: base64.b64encode(b).decode()) if as_json else raw
    if typ is list:
        item = st.one_of(GOAL_CODES, GOAL_CODES, st.sampled_from(CODES), JSON)
        return st.one_of(st.just([]), st.lists(item, max_size=3))
    if typ is dict:
        return st.one_of(st.just({}), st.dictionaries(st.text(max_size=5), JSON, max_size=3))
    raise AssertionError(typ)


# A name as a person types it: no control characters (refused in names on import).
NAME = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1,
               max_size=20).filter(str.strip)
SPAN = st.tuples(PLAUSIBLE_DATES, st.integers(0, 400)).map(
    lambda t: (t[0], t[0] + timedelta(days=t[1])))


def _codes(vocab_cls):
    return st.sampled_from([m.value for m in vocab_cls])


def _span(first: str, last: str):
    return SPAN.map(lambda se: {first: se[0], last: se[1]})


# Per kind: a strategy for a valid record (references filled in by valid_base), with every
# field the import requires (alis_desktop.records.REQUIRED_FIELDS).
_VALID = {
    "municipality": st.fixed_dictionaries({"id": st.just(1), "name": NAME,
                                           "backup_keep": st.integers(1, 1000)}),
    "goal_texts": st.fixed_dictionaries({"catalog_version": st.just("ALM"), "code": GOAL_CODES,
                                         "text": NAME}),
    "doctors": st.fixed_dictionaries({"name": NAME, "start_date": PLAUSIBLE_DATES,
                                      "hpr_number": st.text(string.digits, min_size=6,
                                                            max_size=9),
                                      "employment": _codes(vocab.Employment),
                                      "regime": _codes(vocab.Regime),
                                      "catalog_version": st.just("FKM-2026")}),
    "arenas": st.fixed_dictionaries({"name": NAME, "type": _codes(vocab.ArenaType),
                                     "default_category": _codes(vocab.ServiceCategory)}),
    "arena_coverage": st.fixed_dictionaries({"goal_code": GOAL_CODES,
                                             "level": _codes(vocab.CoverageLevel)}),
    "supervisors": st.fixed_dictionaries({"name": NAME, "specialist": st.just(True),
                                          "employment": _codes(vocab.SupervisorEmployment)}),
    "supervisor_assignments": _span("start_date", "end_date"),
    "placements": st.tuples(_span("start_date", "end_date"), st.fixed_dictionaries(
        {"position_pct": st.floats(1, 100), "category": _codes(vocab.ServiceCategory),
         "status": _codes(vocab.PlacementStatus)})),
    "leaves": st.tuples(_span("start_date", "end_date"), st.fixed_dictionaries(
        {"pct": st.floats(1, 100), "kind": _codes(vocab.LeaveKind)})),
    "supervision_sessions": st.fixed_dictionaries({"date": PLAUSIBLE_DATES,
                                                   "hours": st.floats(0.25, 8)}),
    "goal_statuses": st.fixed_dictionaries({"goal_code": GOAL_CODES,
                                            "catalog_version": st.just("ALM"),
                                            "state": st.sampled_from(["not_started",
                                                                      "in_progress"])}),
    "activities": st.fixed_dictionaries({"date": PLAUSIBLE_DATES, "kind": st.just("course")}),
    "meetings": st.fixed_dictionaries({"date": PLAUSIBLE_DATES,
                                       "kind": _codes(vocab.MeetingKind)}),
    "meeting_actions": st.fixed_dictionaries({"what": NAME}),
    "plan_items": st.fixed_dictionaries({"text": NAME, "kind": _codes(vocab.PlanItemKind)}),
    "rule_deviations": st.fixed_dictionaries({"rule_id": NAME, "reason": NAME}),
    "attestations": st.fixed_dictionaries({"number": NAME, "issued_date": PLAUSIBLE_DATES,
                                           "sha256": HEX64}),
    "institution_requests": st.fixed_dictionaries({"status": _codes(vocab.RequestStatus),
                                                   "institution": NAME}),
    "institution_posts": st.tuples(_span("period_start", "period_end"), st.fixed_dictionaries(
        {"institution": NAME, "department": NAME})),
    "audit_log": st.fixed_dictionaries({"at": st.just("2026-11-26T10:00:00"), "action": NAME}),
    "plan_sections": st.fixed_dictionaries({"title": NAME, "text": NAME,
                                            "kind": st.sampled_from(["section", "appendix"])}),
    "plan_contacts": st.fixed_dictionaries({"role": NAME, "name": NAME}),
    "arena_conditions": st.fixed_dictionaries({"text": NAME}),
    "arena_activities": st.fixed_dictionaries({"goal_code": GOAL_CODES, "here": NAME}),
    "plan_courses": st.fixed_dictionaries({"code": NAME, "name": NAME}),
    "plan_versions": st.fixed_dictionaries({"version": NAME, "adopted_date": PLAUSIBLE_DATES,
                                            "adopted_by": NAME}),
}
_OPTIONAL_REFS = {"meeting_id", "placement_id"}


@st.composite
def valid_base(draw, kind: str, cls: type, ids: dict[str, list[int]], as_json: bool) -> dict:
    drawn = draw(_VALID[kind])
    base = {**drawn[0], **drawn[1]} if isinstance(drawn, tuple) else dict(drawn)
    for f in dataclasses.fields(cls):
        if f.name in REFERRED and f.name not in _OPTIONAL_REFS:
            base[f.name] = draw(st.sampled_from(ids.get(REFERRED[f.name]) or [1]))
    if as_json:
        base = {k: v.isoformat() if isinstance(v, date) else v for k, v in base.items()}
        base.setdefault("id", draw(st.integers(1, 10_000)))
    return base


@st.composite
def raw_record(draw, cls: type, ids: dict[str, list[int]], as_json: bool = False,
               clean: bool = False) -> dict:
    """Three in four: a valid record with zero to two fields replaced by random values (of
    the field's type or any type). One in four: every field random. clean: valid only."""
    kind = next(k for k, c in _KINDS.items() if c is cls)
    if not clean and draw(st.integers(0, 3)) == 0:
        return draw(chaos_record(cls, ids, as_json))
    record = draw(valid_base(kind, cls, ids, as_json))
    names = [f.name for f in dataclasses.fields(cls)]
    for _ in range(0 if clean else draw(st.integers(0, 2))):
        name = draw(st.sampled_from(names))
        typ, _optional = field_types(cls)[name]
        record[name] = draw(st.one_of(value_for(cls, name, typ, as_json), JSON))
    return record


@st.composite
def chaos_record(draw, cls: type, ids: dict[str, list[int]], as_json: bool = False) -> dict:
    """A dict for `cls`: most fields right-typed, some wrong, some left out, rarely an
    unknown key. References mostly point at records in `ids` (kind -> existing ids)."""
    out = {}
    for f in dataclasses.fields(cls):
        typ, _optional = field_types(cls)[f.name]
        roll = draw(st.integers(0, 19))
        if roll == 0:
            continue  # left out: the default applies
        if roll == 1:
            out[f.name] = draw(JSON)  # a value of any type
        elif f.name in REFERRED and roll < 17:
            out[f.name] = draw(st.sampled_from(ids.get(REFERRED[f.name]) or [1]))
        else:
            out[f.name] = draw(value_for(cls, f.name, typ, as_json))
    if draw(st.integers(0, 30)) == 0:
        out["ukjent_felt"] = 1
    return out
