"""Importing the leader's own spreadsheets: doctors, service periods, leave, supervision
hours and activities, one kind of record per sheet.

read -> find the header row -> guess a column mapping (the user may correct it) -> preview:
every row read, matched to the doctors, arenas and supervisors in the file, built into the
record it will be stored as and checked by the same rules as the dialogs. Errors name the
row as the spreadsheet numbers it and the column as the sheet heads it:
"rad 7, «Startdato»: 31.02.2024 er ikke en dato". Nothing is written here; db/sheet_import.py
writes a clean preview in one transaction.

A name that matches no record is either an error or, with create_missing, a new record
(a doctor starts on her first date in the sheet; an arena's type is read from its name).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date

from alis_desktop import models as m
from alis_desktop import sheet_values as v
from alis_desktop.errors import ValidationError
from alis_desktop.service_time import check_leave, check_placement_dates, check_placements
from alis_desktop.sheet_kinds import KINDS, SheetKind, arena_type_for, guess_field, normalise_header
from alis_desktop.sheet_table import SheetTable
from alis_desktop.supervision import check_session, load_rules
from alis_desktop.vocab import DEFAULT_CATEGORY, ActivityKind

HEADER_SEARCH = 10
_EXISTING_ATTR = {"doctors": "doctors", "placements": "placements", "leaves": "leaves",
                  "supervision": "sessions", "activities": "activities"}  # the header is one of the first rows (a title may stand above it)


# --- the mapping ---------------------------------------------------------------------------

@dataclass
class Mapping:
    """Which column fills which field (column index -> field key), and fixed values for
    fields the sheet lacks or leaves blank (field key -> cell text, e.g. kind: Legevaktvakt)."""

    columns: dict[int, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)

    def by_header(self, headers: list) -> dict[str, str]:
        """The form that is remembered and written to a mapping file: header text -> field."""
        return {v.shown(headers[i]): key for i, key in sorted(self.columns.items())
                if i < len(headers)}


def guess_mapping(kind: str, headers: list, remembered: dict[str, str] | None = None) -> Mapping:
    """A mapping from the header row: remembered headers (normalised) first, then the header
    words every kind knows (sheet_kinds)."""
    spec = KINDS[kind]
    known = {normalise_header(h): f for h, f in (remembered or {}).items() if f in spec.keys}
    mapping = Mapping()
    taken: set[str] = set()
    for i, header in enumerate(headers):
        key = known.get(normalise_header(header))
        if key and key not in taken:
            mapping.columns[i] = key
            taken.add(key)
    for i, header in enumerate(headers):
        if i in mapping.columns or normalise_header(header) in known:
            continue
        key = guess_field(spec, header, taken)
        if key:
            mapping.columns[i] = key
            taken.add(key)
    return mapping


def load_mapping_file(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """A mapping file: {"columns": {"Header": "field"}, "defaults": {"field": "value"}};
    a flat {"Header": "field"} is read as columns alone."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError("mapping", f"Kolonneoppsettet er ikke gyldig JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValidationError("mapping", "Kolonneoppsettet må være et JSON-objekt.")
    if "columns" in data or "defaults" in data:
        columns, defaults = data.get("columns") or {}, data.get("defaults") or {}
    else:
        columns, defaults = data, {}
    if not all(isinstance(x, str) for x in [*columns, *columns.values(), *defaults,
                                             *map(str, defaults.values())]):
        raise ValidationError("mapping", "Kolonneoppsettet må ha tekst som nøkler og verdier.")
    return columns, {k: str(val) for k, val in defaults.items()}


def header_row(table: SheetTable, kind: str, remembered: dict[str, str] | None = None
               ) -> int | None:
    """Index (into table.rows) of the row that names the most fields; None if none does."""
    best, best_count = None, 0
    for i, (_number, cells) in enumerate(table.rows[:HEADER_SEARCH]):
        count = len(guess_mapping(kind, cells, remembered).columns)
        if count > best_count:
            best, best_count = i, count
    return best


# --- the preview ---------------------------------------------------------------------------

@dataclass
class SheetRow:
    line: int                                   # row number as the spreadsheet shows it
    cells: dict[str, object]                    # field key -> cell as read
    values: dict[str, object] = field(default_factory=dict)  # field key -> parsed value
    record: object | None = None
    extra: list = field(default_factory=list)  # records written with it (an assignment)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)  # "ny veileder «X»"

    @property
    def ok(self) -> bool:
        return not self.errors and self.record is not None


@dataclass
class SheetPreview:
    kind: str
    headers: list = field(default_factory=list)
    mapping: Mapping = field(default_factory=Mapping)
    rows: list[SheetRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Records to create first, with temporary negative ids the rows refer to.
    new_doctors: list = field(default_factory=list)
    new_arenas: list = field(default_factory=list)
    new_supervisors: list = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems and bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if not r.ok)

    def errors(self) -> list[str]:
        return list(self.problems) + [e for r in self.rows for e in r.errors]

    def report(self) -> str:
        lines = self.errors()
        lines += [w for r in self.rows for w in r.warnings]
        return "\n".join(lines)

    def summary(self) -> str:
        label = KINDS[self.kind].label.lower()
        good = sum(1 for r in self.rows if r.ok)
        text = f"{len(self.rows)} rader ({label}): {good} klare, {self.error_count} med feil."
        new = [(len(self.new_doctors), "nye leger"), (len(self.new_arenas), "nye læringsarenaer"),
               (len(self.new_supervisors), "nye veiledere")]
        made = ", ".join(f"{n} {what}" for n, what in new if n)
        return text + (f" Opprettes også: {made}." if made else "")


@dataclass
class Existing:
    """What the file already holds that a sheet refers to or must not repeat."""

    doctors: list = field(default_factory=list)
    arenas: list = field(default_factory=list)
    supervisors: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    leaves: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    activities: list = field(default_factory=list)


class _Names:
    """Records by name (case and spacing ignored), plus new ones made on request."""

    def __init__(self, records: list, what: str, make, create: bool, store_new: list,
                 hpr: bool = False):
        self.what, self.make, self.create, self.store_new = what, make, create, store_new
        self.by_name: dict[str, list] = {}
        self.by_hpr: dict[str, object] = {}
        for r in records:
            self.by_name.setdefault(v.norm(r.name), []).append(r)
            if hpr and r.hpr_number:
                self.by_hpr[r.hpr_number] = r

    def find(self, name: str, hpr: str = "", row: SheetRow | None = None):
        if hpr and hpr in self.by_hpr:
            return self.by_hpr[hpr]
        key = v.norm(name)
        if not key:
            raise ValueError("mangler")
        found = self.by_name.get(key, [])
        if not found and key.count(",") == 1:  # "Åsen, Ola" as rosters write it
            last, first = key.split(",")
            found = self.by_name.get(v.norm(f"{first} {last}"), [])
        if len(found) > 1:
            raise ValueError(f"flere {self.what}r heter «{name}»")
        if found:
            if row is not None and found[0].id is not None and found[0].id < 0:
                row.new.append(f"ny {self.what} «{found[0].name}»")
            return found[0]
        if not self.create:
            raise ValueError(f"finner ingen {self.what} «{name}» i filen (kryss av for å "
                             "opprette nye, eller bruk --create-missing)")
        record = self.make(" ".join(name.split()), -(len(self.store_new) + 1))
        self.store_new.append(record)
        self.by_name[key] = [record]
        if row is not None:
            row.new.append(f"ny {self.what} «{record.name}»")
        return record


def preview_sheet(kind: str, table: SheetTable, existing: Existing, *, today: date,
                  mapping: Mapping | None = None, remembered: dict[str, str] | None = None,
                  create_missing: bool = False) -> SheetPreview:
    """Read every row of the sheet under its header into the record it would be stored as."""
    if kind not in KINDS:
        raise ValidationError("kind", f"Ukjent type «{kind}». Velg blant: {', '.join(KINDS)}.")
    spec = KINDS[kind]
    preview = SheetPreview(kind)
    if not table.rows:
        preview.problems.append("Arket er tomt.")
        return preview
    at = header_row(table, kind, remembered)
    if at is None and mapping is None:
        preview.problems.append(
            "Fant ingen overskriftsrad med kjente kolonnenavn (f.eks. «Navn», «Startdato»). "
            "Velg kolonnene selv.")
        at = 0
    at = at or 0
    preview.headers = list(table.rows[at][1])
    preview.mapping = mapping or guess_mapping(kind, preview.headers, remembered)
    _check_mapping(spec, preview)
    if preview.problems:
        return preview
    reader = _RowReader(spec, preview, existing, today, create_missing)
    for number, cells in table.rows[at + 1:]:
        raw = {key: cells[i] if i < len(cells) else None
               for i, key in preview.mapping.columns.items()}
        for key, value in preview.mapping.defaults.items():
            if v.is_blank(raw.get(key)):
                raw[key] = value
        preview.rows.append(SheetRow(number, raw))
    if not preview.rows:
        preview.problems.append("Arket har ingen rader under overskriften.")
        return preview
    reader.read_all(preview.rows)
    return preview


def _check_mapping(spec: SheetKind, preview: SheetPreview) -> None:
    chosen = set(preview.mapping.columns.values()) | set(preview.mapping.defaults)
    unknown = sorted(chosen - set(spec.keys))
    if unknown:
        preview.problems.append(f"Ukjente felt for {spec.label.lower()}: {', '.join(unknown)}.")
    if "first_name" in chosen or "last_name" in chosen:
        chosen |= {"name", "doctor"}
    missing = [f.label for f in spec.fields if f.required and f.key not in chosen]
    if "hours" in missing and {"start_time", "end_time"} <= chosen:
        missing.remove("Timer")
    if missing:
        preview.problems.append("Mangler kolonne for: " + ", ".join(missing) + ". Velg hvilken "
                                "kolonne i arket som har dem.")


class _RowReader:
    def __init__(self, spec: SheetKind, preview: SheetPreview, existing: Existing, today: date,
                 create: bool):
        self.spec, self.preview, self.existing, self.today = spec, preview, existing, today
        headers = preview.headers
        self.column_name = {key: v.shown(headers[i]) if i < len(headers) else spec.field(key).label
                            for i, key in preview.mapping.columns.items()}
        self.doctors = _Names(existing.doctors, "lege", self._new_doctor, create,
                              preview.new_doctors, hpr=True)
        self.arenas = _Names(existing.arenas, "læringsarena", self._new_arena, create,
                             preview.new_arenas)
        self.supervisors = _Names(existing.supervisors, "veileder", self._new_supervisor, create,
                                  preview.new_supervisors)
        self.rules = load_rules()

    def where(self, row: SheetRow, key: str) -> str:
        name = self.column_name.get(key) or self.spec.field(key).label
        return f"rad {row.line}, «{name}»"

    # new records made from a name
    def _new_doctor(self, name: str, temp_id: int):
        return m.Doctor(id=temp_id, name=name, start_date=None)

    def _new_arena(self, name: str, temp_id: int):
        arena_type = arena_type_for(name)
        return m.Arena(id=temp_id, name=name, type=arena_type,
                       default_category=DEFAULT_CATEGORY[arena_type].value)

    def _new_supervisor(self, name: str, temp_id: int):
        return m.Supervisor(id=temp_id, name=name)

    def read_all(self, rows: list[SheetRow]) -> None:
        for row in rows:
            self._parse(row)
        # A doctor made from another sheet starts on her first date in it.
        for doctor in self.preview.new_doctors:
            if self.spec.key != "doctors":
                dates = [r.values.get("start_date") or r.values.get("date") for r in rows
                         if r.values.get("_doctor") is doctor]
                doctor.start_date = min((d for d in dates if d), default=None)
                try:
                    doctor.validate()
                except ValidationError as exc:
                    for r in rows:
                        if r.values.get("_doctor") is doctor:
                            r.errors.append(f"{self.where(r, 'doctor')}: ny lege «{doctor.name}»"
                                            f" kan ikke opprettes: {exc.message}")
        build = getattr(self, f"_build_{self.spec.key}")
        for row in rows:
            if row.errors:
                continue
            try:
                build(row)
            except ValidationError as exc:
                key = exc.field if exc.field in self.column_name else None
                where = self.where(row, key) if key else f"rad {row.line}"
                row.errors.append(f"{where}: {exc.message}")
                row.record = None

    def _parse(self, row: SheetRow) -> None:
        values = row.values
        for key, raw in row.cells.items():
            if v.is_blank(raw):
                continue
            f = self.spec.field(key)
            try:
                values[key] = f.read(raw, self.today) if f.takes_today else f.read(raw)
            except ValueError as exc:
                row.errors.append(f"{self.where(row, key)}: {exc}")
        name_key = "name" if self.spec.key == "doctors" else "doctor"
        if name_key not in values and ("first_name" in values or "last_name" in values):
            values[name_key] = " ".join(
                str(values.get(k, "")) for k in ("first_name", "last_name")).strip()
        for f in self.spec.fields:
            if f.required and f.key not in values and not row.errors:
                if f.key == "hours" and "start_time" in values and "end_time" in values:
                    continue
                if f.key in ("name", "doctor") and values.get("doctor_hpr"):
                    continue
                row.errors.append(f"{self.where(row, f.key)}: mangler")
        if row.errors or self.spec.key == "doctors":
            return
        try:
            values["_doctor"] = self.doctors.find(values.get("doctor", ""),
                                                  values.get("doctor_hpr", ""), row)
        except ValueError as exc:
            row.errors.append(f"{self.where(row, 'doctor')}: {exc}")
        if self.spec.key == "placements":
            self._find(row, "arena", self.arenas)
        if self.spec.key == "supervision":
            self._find(row, "supervisor", self.supervisors)

    def _find(self, row: SheetRow, key: str, names: _Names) -> None:
        try:
            row.values["_" + key] = names.find(row.values.get(key, ""), row=row)
        except ValueError as exc:
            row.errors.append(f"{self.where(row, key)}: {exc}")

    def _fields(self, row: SheetRow, cls, skip=()) -> dict:
        names = {f.name for f in dataclasses.fields(cls)}
        return {k: val for k, val in row.values.items() if k in names and k not in skip}

    # one builder per kind: the record, checked as its dialog checks it
    def _build_doctors(self, row: SheetRow) -> None:
        values = self._fields(row, m.Doctor)
        doctor = m.Doctor(**values)
        doctor.validate()
        for other in self.existing.doctors + [r.record for r in self.preview.rows
                                              if r.record is not None]:
            if v.norm(other.name) == v.norm(doctor.name) or (
                    doctor.hpr_number and other.hpr_number == doctor.hpr_number):
                where = (f"id {other.id} i filen" if other.id else "en rad over")
                raise ValidationError("name", f"{other.name} finnes allerede ({where}).")
        supervisor_name = row.values.get("supervisor")
        if supervisor_name:
            try:
                supervisor = self.supervisors.find(supervisor_name, row=row)
            except ValueError as exc:
                raise ValidationError("supervisor", str(exc)) from None
            row.extra = [m.SupervisorAssignment(supervisor_id=supervisor.id,
                                                start_date=doctor.start_date)]
        row.record = doctor

    def _doctor_records(self, doctor, attr: str) -> list:
        """The doctor's records of one kind in the file, and (for the sheet's own kind) those
        of the rows above, so a sheet cannot overlap or repeat itself either."""
        mine = [r for r in getattr(self.existing, attr) if r.doctor_id == doctor.id]
        if attr != _EXISTING_ATTR[self.spec.key]:
            return mine
        return mine + [r.record for r in self.preview.rows
                       if r.record is not None and r.record.doctor_id == doctor.id]

    def _build_placements(self, row: SheetRow) -> None:
        doctor, arena = row.values["_doctor"], row.values["_arena"]
        values = self._fields(row, m.Placement)
        values.setdefault("category", arena.default_category)
        placement = m.Placement(doctor_id=doctor.id, arena_id=arena.id, **values)
        placement.validate()
        check_placement_dates(doctor, placement)
        mine = self._doctor_records(doctor, "placements")
        for p in mine:
            if (p.arena_id, p.start_date, p.end_date) == (arena.id, placement.start_date,
                                                          placement.end_date):
                raise ValidationError("start_date", "Denne tjenesteperioden er allerede "
                                                    "registrert (samme lege, arena og datoer).")
        check_placements(mine, placement)
        row.record = placement

    def _build_leaves(self, row: SheetRow) -> None:
        doctor = row.values["_doctor"]
        leave = m.Leave(doctor_id=doctor.id, **self._fields(row, m.Leave))
        leave.validate()
        mine = self._doctor_records(doctor, "leaves")
        if any((lv.kind, lv.start_date, lv.end_date) == (leave.kind, leave.start_date,
                                                         leave.end_date) for lv in mine):
            raise ValidationError("start_date", "Dette fraværet er allerede registrert.")
        check_leave(doctor, self._doctor_records(doctor, "placements"), leave, leaves=mine)
        row.record = leave

    def _build_supervision(self, row: SheetRow) -> None:
        doctor, supervisor = row.values["_doctor"], row.values["_supervisor"]
        session = m.SupervisionSession(doctor_id=doctor.id, supervisor_id=supervisor.id,
                                       **self._fields(row, m.SupervisionSession))
        # The same checks and warnings as the CSV import of Veiledning (supervision_csv).
        row.warnings = check_session(session, today=self.today,
                                     assignments=self.existing.assignments, doctor=doctor,
                                     rules=self.rules)
        key = (session.doctor_id, session.supervisor_id, session.date, session.hours)
        if any((s.doctor_id, s.supervisor_id, s.date, s.hours) == key
               for s in self._doctor_records(doctor, "sessions")):
            raise ValidationError("date", "Denne veiledningen er allerede registrert (samme "
                                          "lege, veileder, dato og timer).")
        row.record = session

    def _build_activities(self, row: SheetRow) -> None:
        doctor = row.values["_doctor"]
        values = self._fields(row, m.Activity)
        if "hours" not in values and "start_time" in row.values and "end_time" in row.values:
            values["hours"] = v.shift_hours(row.values["start_time"], row.values["end_time"])
        if values.get("kind") == ActivityKind.ON_CALL.value:
            # as the activity dialog does for a new on-call shift
            values.setdefault("out_of_hours", True)
            values.setdefault("title", "Legevakt")
        activity = m.Activity(doctor_id=doctor.id, **values)
        activity.validate()
        key = (activity.kind, activity.date, activity.hours, activity.title)
        if any((a.kind, a.date, a.hours, a.title) == key
               for a in self._doctor_records(doctor, "activities")):
            raise ValidationError("date", "Denne aktiviteten er allerede registrert.")
        row.record = activity

