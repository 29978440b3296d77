"""The kinds of record in a file and their plain-data form.

One table per kind, one list per kind in the JSON format; the order of RECORD_KINDS is the
order of dependencies (a record only refers to kinds listed before it), so imports and
exports walk it front to back.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import math
import re
import typing
from datetime import date
from types import UnionType

from alis_desktop import models as m
from alis_desktop import plan_models as pm
from alis_desktop.errors import ValidationError, excerpt

RECORD_KINDS: dict[str, type] = {
    "municipality": m.Municipality,
    "goal_texts": m.GoalText,
    "doctors": m.Doctor,
    "arenas": m.Arena,
    "arena_coverage": m.ArenaCoverage,
    "supervisors": m.Supervisor,
    "supervisor_assignments": m.SupervisorAssignment,
    "placements": m.Placement,
    "leaves": m.Leave,
    "supervision_sessions": m.SupervisionSession,
    "goal_statuses": m.GoalStatus,
    "activities": m.Activity,
    "meetings": m.ReviewMeeting,
    "meeting_actions": m.MeetingAction,
    "plan_items": m.PlanItem,
    "rule_deviations": m.RuleDeviation,
    "attestations": m.Attestation,
    "institution_requests": m.InstitutionRequest,
    "institution_posts": m.InstitutionPost,
    "plan_sections": pm.PlanSection,
    "plan_contacts": pm.PlanContact,
    "arena_conditions": pm.ArenaCondition,
    "arena_activities": pm.ArenaActivity,
    "plan_courses": pm.PlanCourse,
    "plan_versions": pm.PlanVersion,
    "audit_log": m.AuditEntry,
}

KIND_OF: dict[type, str] = {cls: kind for kind, cls in RECORD_KINDS.items()}

# Foreign keys as (field, kind referred to); used to check imports and archive rules.
REFERENCES: dict[str, list[tuple[str, str]]] = {
    "arena_coverage": [("arena_id", "arenas")],
    "supervisor_assignments": [("doctor_id", "doctors"), ("supervisor_id", "supervisors")],
    "placements": [("doctor_id", "doctors"), ("arena_id", "arenas")],
    "leaves": [("doctor_id", "doctors")],
    "supervision_sessions": [("doctor_id", "doctors"), ("supervisor_id", "supervisors")],
    "goal_statuses": [("doctor_id", "doctors")],
    "activities": [("doctor_id", "doctors")],
    "meetings": [("doctor_id", "doctors")],
    "meeting_actions": [("meeting_id", "meetings"), ("doctor_id", "doctors")],
    "plan_items": [("doctor_id", "doctors"), ("meeting_id", "meetings")],
    "rule_deviations": [("doctor_id", "doctors")],
    "attestations": [("doctor_id", "doctors")],
    "institution_requests": [("doctor_id", "doctors")],
    "institution_posts": [("doctor_id", "doctors"), ("placement_id", "placements")],
    "arena_conditions": [("arena_id", "arenas")],
    "arena_activities": [("arena_id", "arenas")],
}


# What an imported record must give (docs/data-format.md, "Required fields"): the id, the
# references, the coded values and measures whose default would be a guess, and what a form
# requires. A field left out of this list is optional and takes its default.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "municipality": ("id", "name"),
    "goal_texts": ("id", "catalog_version", "code"),
    "doctors": ("id", "name", "start_date", "employment", "regime", "catalog_version"),
    "arenas": ("id", "name", "type", "default_category"),
    "arena_coverage": ("id", "arena_id", "goal_code", "level"),
    "supervisors": ("id", "name", "specialist", "employment"),
    "supervisor_assignments": ("id", "doctor_id", "supervisor_id", "start_date"),
    "placements": ("id", "doctor_id", "arena_id", "category", "start_date", "end_date",
                   "position_pct", "status"),
    "leaves": ("id", "doctor_id", "kind", "start_date", "end_date", "pct"),
    "supervision_sessions": ("id", "doctor_id", "supervisor_id", "date", "hours"),
    "goal_statuses": ("id", "doctor_id", "goal_code", "catalog_version", "state"),
    "activities": ("id", "doctor_id", "kind", "date"),
    "meetings": ("id", "doctor_id", "kind", "date"),
    "meeting_actions": ("id", "doctor_id", "what"),
    "plan_items": ("id", "doctor_id", "kind", "text"),
    "rule_deviations": ("id", "doctor_id", "rule_id", "reason"),
    "attestations": ("id", "doctor_id", "number", "issued_date", "sha256"),
    "institution_requests": ("id", "doctor_id", "institution", "status"),
    "institution_posts": ("id", "institution", "department", "period_start", "period_end"),
    "plan_sections": ("id", "key"),
    "arena_conditions": ("id", "arena_id", "text"),
    "arena_activities": ("id", "arena_id", "goal_code"),
    "plan_versions": ("id", "version", "adopted_date", "document"),
    "audit_log": ("id", "at", "action"),
}

# Bounds on what a value can mean (docs/data-format.md, "Limits"), checked on import and
# wherever from_plain is strict; the record's own validate() narrows further.
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2199, 12, 31)
# (Percentages, hours and backup_keep are bounded by the records' validate(), with their own
# messages; these are the numbers nothing else bounds. Any other number: within ±ID_MAX.)
NUMBER_BOUNDS: dict[str, tuple[float, float]] = {
    "supervision_rate": (0, 100_000), "preparation_rate": (0, 100_000),  # kr per hour
    "priority_override": (-1000, 1000),
}
ID_MAX = 2 ** 53 - 1  # every id and reference: an integer JSON tools read exactly
# Free text: several lines (tab, line breaks) and up to FREE_TEXT_MAX characters. Every other
# text field is one line without control characters, up to LINE_MAX (a path: PATH_MAX).
FREE_TEXT_FIELDS = frozenset({
    "notes", "note", "description", "topics", "comment", "minutes", "assessment",
    "plan_next", "what", "text", "reason", "override_note", "end_reason",
    "on_call_arrangement", "detail", "address", "theme", "here", "elsewhere"})
PATH_FIELDS = frozenset({"logo_path"})
LINE_MAX, PATH_MAX, FREE_TEXT_MAX = 300, 1000, 20_000
STRUCTURE_MAX = 200_000  # a list or object field as JSON text
# An adopted plan version keeps the whole plan (every arena's activities per goal): a large
# municipality's passes 200,000 characters, and its own export must import again.
STRUCTURE_LIMITS = {"document": 5_000_000}
BYTES_MAX = 20_000_000  # an attestation PDF
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# One-line fields also refuse the line and paragraph separators and the bidirectional
# overrides (U+202A-202E, U+2066-2069), which make a name display as something else.
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_FREE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def missing_required(kind: str, item: dict) -> str | None:
    """The first required field `item` leaves out, or None."""
    for name in REQUIRED_FIELDS.get(kind, ("id",)):
        if name not in item:
            return name
    return None


def _check_text(value: str, name: str) -> None:
    if name in FREE_TEXT_FIELDS:
        limit, control, what = FREE_TEXT_MAX, _FREE_CONTROL, "kontrolltegn"
    else:
        limit = PATH_MAX if name in PATH_FIELDS else LINE_MAX
        control, what = _LINE_CONTROL, "kontrolltegn eller linjeskift"
    if len(value) > limit:
        raise ValidationError(name, f"Teksten er for lang ({len(value)} tegn; høyst {limit}).")
    found = control.search(value)
    if found:
        raise ValidationError(name, f"Teksten inneholder {what} ({excerpt(found.group())} ved "
                                    f"tegn {found.start() + 1}).")


def check_texts(record) -> None:
    """The text limits an import applies (lengths, control characters), checked on every
    save too: a text the program stored and exported must import again."""
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str):
            _check_text(value, f.name)


def _check_number(value, name: str) -> None:
    low, high = NUMBER_BOUNDS.get(name, (-ID_MAX, ID_MAX))
    if not low <= value <= high:
        raise ValidationError(name, f"Tallet {excerpt(value, 24)} er utenfor det feltet kan "
                                    f"bety (fra {_whole(low)} til {_whole(high)}).")


def _whole(x: float) -> str:
    """A bound as Norwegian text: 100 000, −1 000."""
    return f"{x:,.0f}".replace(",", "\u00a0").replace("-", "−")


def _check_date(value: date, name: str) -> None:
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(name, f"Datoen {value.isoformat()} er urimelig (må være mellom "
                                    f"{DATE_MIN.year} og {DATE_MAX.year}).")


def _base_type(annotation) -> tuple[type, bool]:
    """(type, optional) for a field annotation such as `date | None`."""
    hint = annotation
    if isinstance(hint, str):
        hint = eval(hint, vars(m))  # annotations are strings under `from __future__`
    optional = False
    if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        hint = args[0]
    return (typing.get_origin(hint) or hint), optional


_FIELD_TYPES: dict[type, dict[str, tuple[type, bool]]] = {
    cls: {f.name: _base_type(f.type) for f in dataclasses.fields(cls)}
    for cls in RECORD_KINDS.values()
}


def field_types(cls: type) -> dict[str, tuple[type, bool]]:
    return _FIELD_TYPES[cls]


def to_plain(record, *, for_json: bool = True) -> dict:
    """The record as a dict of JSON-able values (dates ISO, bytes base64).

    With for_json=False, the storage form: lists/dicts as JSON text, bools as 0/1, bytes raw."""
    out = {}
    for name, (typ, _opt) in _FIELD_TYPES[type(record)].items():
        value = getattr(record, name)
        if value is None:
            out[name] = None
        elif typ is date:
            out[name] = value.isoformat()
        elif typ is bytes:
            out[name] = base64.b64encode(value).decode("ascii") if for_json else bytes(value)
        elif typ in (list, dict):
            out[name] = value if for_json else json.dumps(value, ensure_ascii=False)
        elif typ is bool:
            out[name] = bool(value) if for_json else int(bool(value))
        else:
            out[name] = value
    return out


def from_plain(cls: type, data: dict, *, strict: bool = True, exact: bool = False):
    """Build a record from a plain dict (JSON or a database row), checking every type.

    Unknown keys are an error when strict (so a misspelt field in an import is caught), and
    so are values beyond the limits of docs/data-format.md. With exact (a JSON import) a
    number written as text or a list written as JSON text is an error too."""
    types = _FIELD_TYPES[cls]
    if strict:
        for key in data:
            if key not in types:
                raise ValidationError(key, f"Ukjent felt «{excerpt(key)}».")
    values = {}
    for name, (typ, optional) in types.items():
        if name not in data:
            continue
        values[name] = _coerce(data[name], typ, optional, name, strict, exact)
    return cls(**values)


_INT_MIN, _INT_MAX = -(2 ** 63), 2 ** 63 - 1


def _encodable(text: str, name: str) -> None:
    """Text the file can hold: a lone surrogate (possible in JSON) cannot be stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(name, "Teksten inneholder ugyldige tegn.") from None


def _json_value(text):
    # Most list fields hold "[]"; skipping the JSON parser for them halves the load time.
    if text == "[]":
        return []
    if isinstance(text, str):
        return json.loads(text)
    raise TypeError


# Storage form -> Python value for the types the file does not hold natively. Text and
# whole numbers come back from SQLite as they are.
_FROM_STORAGE = {date: date.fromisoformat, bool: bool, float: float, bytes: bytes,
                 list: _json_value, dict: _json_value}


class _Unusual(Exception):
    """A stored value the fast path does not handle; from_plain judges it instead."""


def _unusual():
    raise _Unusual


_ROW_MAKERS: dict[tuple, typing.Callable] = {}


def _row_maker(cls: type, names: tuple) -> typing.Callable:
    """A function row tuple -> record for this column order, written out as source the
    way dataclasses writes __init__: one expression per field instead of a loop over the
    fields per row, about three times faster on the large file."""
    key = (cls, names)
    if key not in _ROW_MAKERS:
        types = _FIELD_TYPES[cls]
        column = {name: i for i, name in enumerate(names)}
        args = []
        scope = {"cls": cls, "_unusual": _unusual}
        positional = True  # positional arguments while the columns follow the fields
        for name, (typ, optional) in types.items():
            if name not in column:
                positional = False  # the field keeps its default
                continue
            i = column[name]
            convert = _FROM_STORAGE.get(typ)
            value = f"row[{i}]"
            if convert is not None:
                scope[f"c{i}"] = convert
                value = f"c{i}(row[{i}])"
            absent = "None" if optional else "_unusual()"
            expr = f"({value} if row[{i}] is not None else {absent})"
            args.append(expr if positional else f"{name}={expr}")
        source = f"def make(row):\n    return cls({', '.join(args)})\n"
        exec(source, scope)  # noqa: S102 - built from field names only, never from data
        _ROW_MAKERS[key] = scope["make"]
    return _ROW_MAKERS[key]


def from_rows(cls: type, names, rows) -> list:
    """Records from stored rows (tuples in the column order `names`), as from_plain would
    build them but several times faster: loading 1,000 doctors' five years of records is
    the program's heaviest read. A row the fast path cannot take (a NULL where the field
    wants a value, a malformed date ...) goes through from_plain, which coerces it or raises
    the same ValidationError as before."""
    make = _row_maker(cls, tuple(names))
    out = []
    append = out.append
    for row in rows:
        try:
            append(make(row))
        except (_Unusual, TypeError, ValueError, json.JSONDecodeError):
            append(from_plain(cls, dict(zip(names, row)), strict=False))
    return out


def _coerce(value, typ: type, optional: bool, name: str, strict: bool = False,
            exact: bool = False):
    """The value as the field's type; strict (outside input: imports) also checks the
    bounds, lengths and characters of docs/data-format.md "Limits"."""
    value = _convert(value, typ, optional, name, exact)
    if strict and value is not None:
        if typ is str:
            _check_text(value, name)
        elif typ is date:
            _check_date(value, name)
        elif typ in (int, float):
            _check_number(value, name)
        elif typ is bytes and len(value) > BYTES_MAX:
            raise ValidationError(name, f"Innholdet er for stort (høyst {BYTES_MAX} byte).")
    return value


def _convert(value, typ: type, optional: bool, name: str, exact: bool):
    if value is None:
        if optional:
            return None
        if typ is str:
            return ""
        raise ValidationError(name, "Feltet kan ikke være tomt.")
    try:
        if typ is date:
            if isinstance(value, date):
                return value
            if exact and not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
                raise TypeError  # fromisoformat also reads "20240101" and week dates
            return date.fromisoformat(str(value))
        if typ is bool:
            if isinstance(value, bool) or value in (0, 1):
                return bool(value)
            raise TypeError
        if exact and typ in (int, float) and isinstance(value, str):
            raise TypeError  # a number written as text is a different value in JSON
        if typ is int:
            if isinstance(value, bool) or not float(value).is_integer():
                raise TypeError
            if not _INT_MIN <= int(value) <= _INT_MAX:  # SQLite's INTEGER is 64-bit
                raise ValidationError(name, f"Tallet {value} er for stort.")
            return int(value)
        if typ is float:
            if isinstance(value, bool) or not math.isfinite(float(value)):
                raise TypeError  # NaN and infinity are no measure of anything here
            return float(value)
        if typ is str:
            if not isinstance(value, str):
                raise TypeError
            _encodable(value, name)
            return value
        if typ is bytes:
            if isinstance(value, (bytes, memoryview)):
                return bytes(value)
            return base64.b64decode(str(value), validate=True)
        if typ in (list, dict):
            if isinstance(value, str):
                if exact:
                    raise TypeError  # JSON gives the list itself, not a text holding it
                value = json.loads(value)
            if not isinstance(value, typ):
                raise TypeError
            try:  # NaN and infinity are not JSON: they would make an export unreadable
                text = json.dumps(value, ensure_ascii=False, allow_nan=False)
            except ValueError:
                raise ValidationError(name, "Inneholder et ugyldig tall (NaN eller uendelig).") \
                    from None
            except RecursionError:
                raise ValidationError(name, "Er nøstet for dypt.") from None
            _encodable(text, name)
            limit = STRUCTURE_LIMITS.get(name, STRUCTURE_MAX)
            if exact and len(text) > limit:
                raise ValidationError(name, f"Innholdet er for stort (høyst {limit} "
                                            "tegn som JSON).")
            return value
    except ValidationError:
        raise
    except (TypeError, ValueError, OverflowError, json.JSONDecodeError):
        pass
    wanted = {date: "en dato (åååå-mm-dd)", bool: "sann/usann", int: "et heltall",
              float: "et tall", str: "tekst", bytes: "base64-tekst", list: "en liste",
              dict: "et objekt"}[typ]
    shown = f"«{excerpt(value)}»" if isinstance(value, str) else excerpt(value)
    raise ValidationError(name, f"Verdien {shown} er ikke {wanted}.")


def validated(cls: type, data: dict):
    """from_plain + the record's own validation: the one door into the file."""
    record = from_plain(cls, data)
    record.validate()
    return record
