"""The coordinator's allocation sent back: one .xlsx per municipality.

The coordinator fills in the «Tildelt institusjon / avdeling / fra / til» columns of the
merged list (reports/institution_merge.py writes them empty) and runs

    python -m alis_desktop report institution-allocation LISTE.xlsx --out MAPPE

which writes `Tildeling institusjonstjeneste <kommune>.xlsx` into MAPPE for every
municipality with at least one post given. The municipality's Rotasjonsplan reads that file
as offers (alis_desktop/allocation.py, db/institution.py apply_allocation).
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

from alis_desktop.allocation import Decision
from alis_desktop.dates import fmt
from alis_desktop.errors import FileProblem
from reports.institution_queue import HEADERS, _reproducible_save, save_file
from reports.institution_sheets import _day, _number

TITLE = "Tildeling av institusjonstjeneste"
ALLOCATION_HEADERS = ["Ønske-id", "Lege", "HPR-nr.", "Kommune", "Institusjon", "Avdeling",
                      "Fra", "Til"]
_ASSIGNED = ("Tildelt institusjon", "Tildelt avdeling", "Tildelt fra", "Tildelt til")


def _rows(data: bytes, name: str):
    from openpyxl import load_workbook
    try:
        ws = load_workbook(io.BytesIO(data), data_only=True).active
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise FileProblem(f"{name or 'Filen'} kan ikke leses som et regneark ({exc}).") \
            from None
    return list(ws.iter_rows(values_only=True))


def _text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def _decision(get, number: int, name: str, institution_col: str, department_col: str,
              start_col: str, end_col: str) -> Decision | None:
    institution, department = _text(get(institution_col)), _text(get(department_col))
    start, end = get(start_col), get(end_col)
    if not (institution or department or start or end):
        return None  # no post for this doctor
    try:
        start_d, end_d = _day(start), _day(end)
    except ValueError as exc:
        raise FileProblem(f"{name}, rad {number}: {exc}.") from None
    if not (institution and department and start_d and end_d):
        raise FileProblem(f"{name}, rad {number}: fyll ut institusjon, avdeling, fra og til "
                          "(eller la alle stå tomme).")
    rid = get("Ønske-id")
    return Decision(municipality=_text(get("Kommune")),
                    request_id=int(_number(rid)) if rid not in (None, "") else None,
                    doctor_name=_text(get("Lege")), hpr_number=_text(get("HPR-nr.")),
                    institution=institution, department=department, start=start_d, end=end_d)


def _table(rows, first: str, second: str, name: str):
    at = next((i for i, r in enumerate(rows) if r and len(r) > 1 and r[0] == first
               and r[1] == second), None)
    if at is None:
        return None, {}
    return at, {str(h).strip(): i for i, h in enumerate(rows[at]) if h}


def decisions_from_list(data: bytes, name: str = "") -> list[Decision]:
    """The posts the coordinator filled in on a (merged) waiting list."""
    rows = _rows(data, name)
    at, col = _table(rows, HEADERS[0], HEADERS[1], name)
    if at is None or not all(h in col for h in _ASSIGNED):
        raise FileProblem(f"{name or 'Regnearket'} er ikke en venteliste med kolonnene "
                          f"{', '.join(f'«{h}»' for h in _ASSIGNED)}.")
    out = []
    for number, r in enumerate(rows[at + 1:], start=at + 2):
        def get(h, r=r):
            i = col.get(h)
            return r[i] if i is not None and i < len(r) else None
        found = _decision(get, number, name or "Regnearket", *_ASSIGNED)
        if found is not None:
            out.append(found)
    return out


def read_allocation(data: bytes, name: str = "") -> tuple[str, list[Decision]]:
    """(municipality, decisions) from a file build_xlsx wrote."""
    rows = _rows(data, name)
    at, col = _table(rows, ALLOCATION_HEADERS[0], ALLOCATION_HEADERS[1], name)
    if at is None:
        raise FileProblem(f"{name or 'Regnearket'} er ikke en tildeling fra koordinatoren "
                          "(finner ikke overskriftsraden «Ønske-id», «Lege», ...).")
    municipality = ""
    for r in rows[:at]:
        if r and isinstance(r[0], str) and r[0].startswith("Kommune: "):
            municipality = r[0][len("Kommune: "):].strip()
    out = []
    for number, r in enumerate(rows[at + 1:], start=at + 2):
        def get(h, r=r):
            i = col.get(h)
            return r[i] if i is not None and i < len(r) else None
        found = _decision(get, number, name or "Regnearket", "Institusjon", "Avdeling",
                          "Fra", "Til")
        if found is not None:
            out.append(found)
    return municipality, out


def build_xlsx(municipality: str, decisions: list[Decision], as_of: date) -> bytes:
    """One municipality's allocation as a sheet read_allocation reads back."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Tildeling"
    ws.append([TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"Kommune: {municipality}"])
    ws.append([f"Fra LIS-koordinatoren per {fmt(as_of)}. Tilbudet gis til ALIS med kopi til "
               "lederen i kommunen; les filen inn under Institusjon › Rotasjonsplan."])
    ws.append([])
    ws.append(ALLOCATION_HEADERS)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for d in sorted(decisions, key=lambda d: (d.start, d.institution, d.department,
                                              d.doctor_name)):
        ws.append([d.request_id, d.doctor_name, d.hpr_number, d.municipality or municipality,
                   d.institution, d.department, d.start, d.end])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
    for i, width in enumerate([9, 24, 11, 18, 28, 24, 12, 12], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    wb.properties.creator = "ALIS Desktop"
    wb.properties.title = TITLE
    return _reproducible_save(wb, datetime(as_of.year, as_of.month, as_of.day))


def file_name(municipality: str) -> str:
    safe = re.sub(r'[\\/:*?"<>|]+', "-", municipality).strip() or "kommune"
    return f"Tildeling institusjonstjeneste {safe}.xlsx"


def write_allocations(decisions: list[Decision], folder: Path, as_of: date) -> list[Path]:
    """One file per municipality in `folder` (which must exist)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileProblem(f"Mappen {folder} finnes ikke; velg en mappe som finnes.")
    by_municipality: dict[str, list[Decision]] = {}
    for d in decisions:
        by_municipality.setdefault(d.municipality, []).append(d)
    out = []
    for municipality, rows in sorted(by_municipality.items()):
        out.append(save_file(folder / file_name(municipality),
                             build_xlsx(municipality, rows, as_of)))
    return out


# `report institution-allocation LISTE.xlsx --out MAPPE`: no store is opened.
def wants_files(args) -> bool:
    return True


def run_cli_files(args, open_store) -> Path:
    path = Path(args.file or "")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileProblem(f"Kan ikke lese {path}: {exc.strerror or exc}.") from None
    decisions = decisions_from_list(data, path.name)
    if not decisions:
        raise FileProblem(f"Ingen tildelinger i {path.name}: fyll ut kolonnene «Tildelt "
                          "institusjon», «Tildelt avdeling», «Tildelt fra» og «Tildelt "
                          "til».")
    as_of = getattr(args, "to_date", None) or date.today()
    paths = write_allocations(decisions, Path(args.out), as_of)
    for p in paths[:-1]:
        print(f"Skrev {p}")
    return paths[-1]
