"""Reading supervision sessions from a CSV file (as kept in a spreadsheet), row by row, into a
preview: every row parsed and checked, with its errors and warnings in Norwegian. Nothing is
written here; the caller writes the sessions only when the preview is clean.

Columns (header row required, any order, case-insensitive; Norwegian or English names):
dato/date, lege/doctor, veileder/supervisor, timer/hours, and optionally merknad/note,
tema/topics. Separator ; or , (found from the header). Dates dd.mm.åååå or åååå-mm-dd; hours
with decimal comma or point. Doctor and supervisor are named by their name as registered, by
id ("12" or "#12"), and a doctor also by HPR number.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from alis_desktop import models as m
from alis_desktop.dates import parse
from alis_desktop.errors import ValidationError
from alis_desktop.supervision import SupervisionRules, check_session, load_rules

COLUMNS = {
    "dato": "date", "date": "date",
    "lege": "doctor", "doctor": "doctor", "alis": "doctor", "lis": "doctor",
    "veileder": "supervisor", "supervisor": "supervisor",
    "timer": "hours", "hours": "hours", "antall timer": "hours",
    "merknad": "note", "note": "note", "notat": "note", "kommentar": "note",
    "tema": "topics", "topics": "topics", "temaer": "topics",
}
REQUIRED = ("date", "doctor", "supervisor", "hours")
LABELS = {"date": "dato", "doctor": "lege", "supervisor": "veileder", "hours": "timer"}


@dataclass
class ImportRow:
    line: int                      # line number in the file, as an editor shows it
    values: dict[str, str]
    session: m.SupervisionSession | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.session is not None


@dataclass
class ImportPreview:
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def clean(self) -> bool:
        """True when the file can be imported as it stands: no file problem, no bad row."""
        return not self.problems and bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if not r.ok)

    def sessions(self) -> list[m.SupervisionSession]:
        if not self.clean:
            raise ValidationError("file", "Filen har feil; ingenting er importert.")
        return [r.session for r in self.rows]

    def report(self) -> str:
        """The row-level error report as plain text."""
        lines = list(self.problems)
        for r in self.rows:
            for e in r.errors:
                lines.append(f"Linje {r.line}: {e}")
            for w in r.warnings:
                lines.append(f"Linje {r.line} (advarsel): {w}")
        return "\n".join(lines)


def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), else Windows-1252 as Excel saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


class _Lookup:
    """Find a record by id, name (and HPR number for doctors), reporting ambiguity."""

    def __init__(self, records: list, what: str, extra=None):
        self.what = what
        self.by_id = {r.id: r for r in records}
        self.by_name: dict[str, list] = {}
        for r in records:
            self.by_name.setdefault(_norm(r.name), []).append(r)
            if extra and extra(r):
                self.by_name.setdefault(_norm(extra(r)), []).append(r)

    def find(self, text: str):
        key = _norm(text)
        if not key:
            raise ValueError(f"{self.what.capitalize()} mangler.")
        found = self.by_name.get(key, [])
        if len(found) > 1:
            raise ValueError(f"Flere {self.what}r heter «{text.strip()}»; bruk id-nummeret.")
        if found:
            return found[0]
        digits = key.lstrip("#")
        if digits.isdigit() and int(digits) in self.by_id:
            return self.by_id[int(digits)]
        raise ValueError(f"Finner ingen {self.what} «{text.strip()}».")


def parse_hours(text: str) -> float:
    cleaned = (text or "").strip().lower().removesuffix("t").strip().replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"«{text.strip()}» er ikke et antall timer.") from None


def read_sessions(text: str, *, doctors: list, supervisors: list, assignments: list,
                  existing: list, today: date,
                  rules: SupervisionRules | None = None) -> ImportPreview:
    """Parse and check every row; an exact copy of a session already in the file is an
    error (so importing the same file twice cannot double the hours)."""
    rules = rules or load_rules()
    preview = ImportPreview()
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        preview.problems.append("Filen er tom.")
        return preview
    header_line = next(line for line in lines if line.strip())
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    doctor_lookup = _Lookup(doctors, "lege", lambda d: d.hpr_number)
    supervisor_lookup = _Lookup(supervisors, "veileder")
    doctor_by_id = {d.id: d for d in doctors}
    seen = {(s.doctor_id, s.supervisor_id, s.date, s.hours) for s in existing}
    in_file: dict[tuple, int] = {}
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [COLUMNS.get(_norm(c)) for c in cells]
            missing = [LABELS[c] for c in REQUIRED if c not in header]
            unknown = [c.strip() for c, h in zip(cells, header) if h is None and c.strip()]
            if missing:
                preview.problems.append("Mangler kolonne: " + ", ".join(missing) +
                                        ". Første linje må ha kolonnenavnene "
                                        "(dato; lege; veileder; timer; merknad).")
                return preview
            if unknown:
                preview.problems.append("Ukjent kolonne: " + ", ".join(unknown) + ".")
            continue
        values = {h: c.strip() for h, c in zip(header, cells) if h}
        row = ImportRow(reader.line_num, values)
        if len(cells) > len(header):
            row.errors.append("Raden har flere felt enn overskriften.")
        preview.rows.append(row)
        _read_row(row, doctor_lookup, supervisor_lookup, doctor_by_id, assignments, today,
                  rules)
        if row.session is not None and not row.errors:
            key = (row.session.doctor_id, row.session.supervisor_id, row.session.date,
                   row.session.hours)
            if key in seen:
                row.errors.append("Denne veiledningen er allerede registrert (samme lege, "
                                  "veileder, dato og timer).")
            elif key in in_file:
                row.warnings.append(f"Samme veiledning som linje {in_file[key]}.")
            in_file.setdefault(key, row.line)
    if header is not None and not preview.rows and not preview.problems:
        preview.problems.append("Filen har ingen rader under overskriften.")
    return preview


def _read_row(row: ImportRow, doctors: _Lookup, supervisors: _Lookup, doctor_by_id: dict,
              assignments: list, today: date, rules: SupervisionRules) -> None:
    v = row.values
    parsed = {}
    for name, reader in (("date", parse), ("doctor", doctors.find),
                         ("supervisor", supervisors.find), ("hours", parse_hours)):
        try:
            parsed[name] = reader(v.get(name, ""))
        except ValueError as exc:
            row.errors.append(str(exc).rstrip(".") + ".")
    if row.errors:
        return
    session = m.SupervisionSession(
        doctor_id=parsed["doctor"].id, supervisor_id=parsed["supervisor"].id,
        date=parsed["date"], hours=parsed["hours"], topics=v.get("topics", ""),
        note=v.get("note", ""))
    try:
        row.warnings = check_session(session, today=today, assignments=assignments,
                                     doctor=doctor_by_id.get(session.doctor_id), rules=rules)
    except ValidationError as exc:
        row.errors.append(exc.message)
        return
    row.session = session
