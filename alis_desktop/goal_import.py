"""Importing the goal catalog the leader maintains: a CSV or .xlsx of code / theme / text.

The shipped catalog has all 88 ALM codes but titles for only some; the official texts are in
Spesialistforskriften vedlegg II and Helsedirektoratet's Excel plan. The leader imports them
(or an earlier FKM set, e.g. 'FKM-2017') as GoalText records. The import is all-or-nothing:
every row is checked first, and one bad row means nothing is written. Goal statuses are never
touched: they refer to (catalog version, code), not to the text.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from alis_desktop import models as m
from alis_desktop.catalog import ALM_CODES
from alis_desktop.errors import ValidationError

_VERSION = re.compile(r"^(ALM|FKM-\d{4})$")
_CODE = re.compile(r"^\s*(ALM|FKM|LM)\s*[-:.]?\s*([0-9oO]{1,3})\s*$", re.IGNORECASE)
HEADERS = {
    "code": ("code", "kode", "nr", "nr.", "læringsmål nr", "læringsmålkode", "id"),
    "theme": ("theme", "tema", "tittel", "title", "overskrift"),
    "text": ("text", "tekst", "læringsmål", "beskrivelse", "målformulering"),
}
MAX_TEXT = 2000


@dataclass
class CatalogRow:
    line: int            # row number in the file, as a spreadsheet shows it
    raw_code: str
    theme: str
    text: str
    code: str = ""       # normalised, e.g. 'ALM-012'; '' when unreadable
    error: str = ""


@dataclass
class CatalogImport:
    """The rows read from one file for one catalog version, each checked."""

    version: str
    rows: list[CatalogRow] = field(default_factory=list)
    problem: str = ""    # a problem with the file as a whole (no header, no rows ...)

    @property
    def errors(self) -> list[str]:
        found = [self.problem] if self.problem else []
        return found + [f"Rad {r.line}: {r.error}" for r in self.rows if r.error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def goal_texts(self, existing=()) -> list[m.GoalText]:
        """GoalText records to write; an existing (version, code) keeps its id (an update).
        Refuses (ValidationError) unless every row is good."""
        if not self.ok:
            raise ValidationError("rows", self.errors[0])
        ids = {(t.catalog_version, t.code): t.id for t in existing}
        out = []
        for r in self.rows:
            text = m.GoalText(id=ids.get((self.version, r.code)), catalog_version=self.version,
                              code=r.code, theme=r.theme, text=r.text)
            text.validate()
            out.append(text)
        return out


def normalise_code(raw: str) -> str:
    """'ALM 12', 'alm-012', 'ALM-O12', 'LM 04' -> 'ALM-012' / 'LM-004'; '' if unreadable."""
    found = _CODE.match(raw or "")
    if not found:
        return ""
    family, number = found.group(1).upper(), found.group(2).replace("o", "0").replace("O", "0")
    return f"{family}-{int(number):03d}"


def check_version(version: str) -> None:
    if not _VERSION.match(version or ""):
        raise ValidationError("catalog_version", f"«{version}» er ikke en katalogversjon. "
                                                 "Skriv ALM, eller FKM-årstall, f.eks. FKM-2017.")


def check_rows(table: list[list[str]], version: str) -> CatalogImport:
    """Find the header (code, theme, text), read the rows under it and check each one."""
    check_version(version)
    result = CatalogImport(version)
    header_at, columns = _find_header(table)
    if header_at is None:
        result.problem = ("Fant ingen overskriftsrad med kolonnene kode, tema og tekst "
                          "(f.eks. «code,theme,text» eller «Kode;Tema;Tekst»).")
        return result
    seen: dict[str, int] = {}
    for offset, cells in enumerate(table[header_at + 1:], start=header_at + 2):
        def cell(name: str) -> str:
            i = columns.get(name)
            return str(cells[i]).strip() if i is not None and i < len(cells) and cells[i] else ""
        raw, theme, text = cell("code"), cell("theme"), cell("text")
        if not (raw or theme or text):
            continue  # blank rows are common at the foot of a sheet
        row = CatalogRow(offset, raw, theme, text, normalise_code(raw))
        row.error = _row_error(row, version, seen)
        if row.code and row.code not in seen:
            seen[row.code] = row.line
        result.rows.append(row)
    if not result.rows:
        result.problem = "Filen har ingen læringsmål under overskriftsraden."
    return result


def _row_error(row: CatalogRow, version: str, seen: dict[str, int]) -> str:
    if not row.raw_code:
        return "Koden mangler."
    if not row.code:
        return f"«{row.raw_code}» er ikke en læringsmålkode (skriv f.eks. ALM-012)."
    family = row.code.split("-")[0]
    if version == m.ALM_CATALOG:
        if family != "ALM":
            return f"{row.code} hører ikke til ALM-katalogen."
        if row.code not in ALM_CODES:
            return f"{row.code} finnes ikke; ALM går fra ALM-001 til ALM-088."
    elif family == "ALM":
        return f"{row.code} er et ALM-mål og hører ikke til {version}."
    if row.code in seen:
        return f"{row.code} står to ganger (også på rad {seen[row.code]})."
    if not (row.theme or row.text):
        return f"{row.code} mangler både tema og tekst."
    if len(row.text) > MAX_TEXT or len(row.theme) > MAX_TEXT:
        return f"Teksten til {row.code} er for lang (høyst {MAX_TEXT} tegn)."
    return ""


def _find_header(table: list[list[str]]) -> tuple[int | None, dict[str, int]]:
    """The first row (of the first ten) naming a code column, and where each column is."""
    for i, cells in enumerate(table[:10]):
        names = [str(c or "").strip().lower().rstrip(":") for c in cells]
        columns = {}
        for key, aliases in HEADERS.items():
            for j, name in enumerate(names):
                if name in aliases and j not in columns.values():
                    columns[key] = j
                    break
        if "code" in columns and ("theme" in columns or "text" in columns):
            return i, columns
    return None, {}


# --- reading files -------------------------------------------------------------------------

def read_table(path: Path) -> list[list[str]]:
    """The cells of a .csv (comma, semicolon or tab; UTF-8 or Windows-1252) or the first sheet
    of an .xlsx, as rows of strings. ValidationError for a file that cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _read_xlsx(path)
        if suffix in (".csv", ".txt"):
            return _read_csv(path.read_bytes())
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ValidationError("file", f"Kan ikke lese {path.name}: {exc}") from None
    raise ValidationError("file", f"{path.name}: velg en .csv- eller .xlsx-fil.")


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")  # Excel's "CSV" on Norwegian Windows
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook  # heavy; only when a workbook is imported
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError("file", f"Kan ikke lese {path.name} som Excel-fil: {exc}") from None
    try:
        sheet = book.worksheets[0]
        return [["" if v is None else str(v) for v in row]
                for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
