"""Reading a spreadsheet file into rows of cells, keeping what Excel knows about each cell.

.xlsx through openpyxl (date cells stay dates, numbers stay numbers); .csv as Norwegian Excel
writes it: semicolon or comma (found from the header line), UTF-8 with or without BOM, or
Windows-1252. Every row keeps its number as the spreadsheet shows it (row 1 is the first
line), so errors can say "rad 7".
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from alis_desktop.errors import ValidationError
from alis_desktop.supervision_csv import decode

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")


@dataclass
class SheetTable:
    """The rows of one sheet: (row number, cells), blank rows left out."""

    name: str
    rows: list[tuple[int, list]] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)  # every sheet of the workbook


def read_csv_text(text: str, name: str = "") -> SheetTable:
    lines = text.splitlines()
    header = next((line for line in lines if line.strip()), "")
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    delimiter = max(counts, key=lambda sep: (counts[sep], sep == ";"))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    table = SheetTable(name)
    number = 0
    for cells in reader:
        number = reader.line_num
        if any(c.strip() for c in cells):
            table.rows.append((number, [c.strip() for c in cells]))
    return table


def read_csv_bytes(data: bytes, name: str = "") -> SheetTable:
    return read_csv_text(decode(data), name)


def read_sheet(path, sheet: str | None = None) -> SheetTable:
    """One sheet of a workbook (the first unless named), or the whole CSV file.
    ValidationError (Norwegian) for a file or sheet that cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError("file", f"{path.name}: velg en .xlsx- eller .csv-fil.")
    try:
        if suffix in (".csv", ".txt"):
            return read_csv_bytes(path.read_bytes(), path.name)
        return _read_xlsx(path, sheet)
    except (OSError, csv.Error) as exc:
        raise ValidationError("file", f"Kan ikke lese {path.name}: {exc}") from None


def _read_xlsx(path: Path, sheet: str | None) -> SheetTable:
    from openpyxl import load_workbook  # heavy; only when a workbook is read
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError("file", f"Kan ikke lese {path.name} som Excel-fil: {exc}") from None
    try:
        names = list(book.sheetnames)
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in names:
            ws = book[sheet]
        else:
            raise ValidationError("sheet", f"{path.name} har ikke noe ark som heter «{sheet}». "
                                           f"Arkene er: {', '.join(names)}.")
        table = SheetTable(ws.title, sheet_names=names)
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [c.strip() if isinstance(c, str) else c for c in row]
            if any(c is not None and c != "" for c in cells):
                table.rows.append((number, cells))
        return table
    finally:
        book.close()
