"""Reading a municipality's waiting list back from the .xlsx the program exported
(reports/institution_queue.py), so a coordinator who is sent only the sheets can still
rank everyone together.

The sheet carries every value the ranking compares: attachment (its label), the exact
counted months, remaining whole months, goals approved and the activities' share (the
progress), the shortage flag, report date, desired period, interruption, when two years are
reached, and the request's id in its municipality's file. Columns are found by their
header, so a coordinator who moved or hid columns is not punished; a sheet from before the
last three ranking columns were added is read with the progress as printed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from alis_desktop.errors import FileProblem
from alis_desktop.institution import Candidate, attachment_from_label
from alis_desktop.models import Doctor, InstitutionRequest
from alis_desktop.vocab import RequestStatus
from reports.institution_queue import HEADERS, MODEL_PREFIX

_REQUIRED = ("Lege", "Kommune", "Mangel på spesialister", "Tilknytning",
             "Tellende tjeneste (mnd)", "Gjenstående (mnd)", "Progresjon (%)",
             "Godkjente læringsmål", "Ønsket fra", "Status")


@dataclass
class SheetList:
    """One exported list: the model named in it and the candidates of its rows."""

    path: str
    model_name: str = ""
    candidates: list = field(default_factory=list)

    @property
    def municipalities(self) -> list[tuple[str, bool]]:
        seen: dict[str, bool] = {}
        for c in self.candidates:
            seen.setdefault(c.municipality, c.short_of_specialists)
        return list(seen.items())


def _day(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(f"«{text}» er ikke en dato")


def _yes(value) -> bool:
    return str(value or "").strip().casefold() in ("ja", "yes", "true", "1")


def _number(value) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value).replace(",", ".").replace("%", "").strip() or 0)


def _status(label) -> str:
    text = str(label or "").strip()
    for s in RequestStatus:
        if text.casefold() in (s.label.casefold(), s.value):
            return s.value
    return RequestStatus.WANTED.value


def read_sheet(data: bytes, name: str = "") -> SheetList:
    """The candidates of one exported list (Norwegian FileProblem when it is not one)."""
    from openpyxl import load_workbook
    try:
        ws = load_workbook(io.BytesIO(data), data_only=True).active
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise FileProblem(f"{name or 'Filen'} kan ikke leses som et regneark ({exc}).") \
            from None
    rows = list(ws.iter_rows(values_only=True))
    header_at = next((i for i, r in enumerate(rows)
                      if r and r[0] == HEADERS[0] and len(r) > 1 and r[1] == HEADERS[1]), None)
    if header_at is None:
        raise FileProblem(f"{name or 'Regnearket'} er ikke en venteliste fra ALIS Desktop "
                          "(finner ikke overskriftsraden «Nr.», «Lege», ...).")
    col = {str(h).strip(): i for i, h in enumerate(rows[header_at]) if h}
    missing = [h for h in _REQUIRED if h not in col]
    if missing:
        raise FileProblem(f"{name or 'Regnearket'} mangler kolonnene "
                          f"{', '.join(f'«{h}»' for h in missing)}.")
    out = SheetList(path=name)
    for r in rows[:header_at]:
        if r and isinstance(r[0], str) and r[0].startswith(MODEL_PREFIX):
            text = r[0][len(MODEL_PREFIX):]
            out.model_name = re.sub(r" \(.*\)$", "", text).strip()
    for number, r in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not r or not any(v not in (None, "") for v in r):
            continue
        try:
            out.candidates.append(_candidate(r, col))
        except (ValueError, TypeError) as exc:
            raise FileProblem(f"{name or 'Regnearket'}, rad {number}: {exc}.") from None
    return out


def _candidate(r, col) -> Candidate:
    def get(header, default=None):
        i = col.get(header)
        return r[i] if i is not None and i < len(r) and r[i] is not None else default

    attachment, locum_months = attachment_from_label(str(get("Tilknytning", "")))
    done, _, required = str(get("Godkjente læringsmål", "0 av 0")).partition(" av ")
    goals_done, goals_required = int(_number(done)), int(_number(required or 0))
    goals_pct = 100.0 * goals_done / goals_required if goals_required else 0.0
    activities = get("Læringsaktiviteter (%)")
    if activities is None:  # an older sheet: the printed progress is all there is
        activities = 2 * _number(get("Progresjon (%)", 0)) - goals_pct
    override = str(get("Overstyrt av leder", "") or "")
    found = re.match(r"Plass (\d+): ?(.*)", override, re.S)
    request = InstitutionRequest(
        id=int(_number(get("Ønske-id"))) if get("Ønske-id") is not None else None,
        desired_start=_day(get("Ønsket fra")), desired_end=_day(get("Ønsket til")),
        institution=str(get("Institusjon", "") or ""),
        departments=[d.strip() for d in str(get("Avdelinger (i prioritert rekkefølge)", "")
                                            or "").split(",") if d.strip()],
        location=str(get("Sted", "") or ""), reported_date=_day(get("Meldt til koordinator")),
        status=_status(get("Status")), interrupted=_yes(get("Avbrutt tjeneste")),
        priority_override=int(found.group(1)) if found else None,
        override_note=found.group(2) if found else "")
    doctor = Doctor(name=str(get("Lege", "")).strip(),
                    hpr_number=str(get("HPR-nr.", "") or "").strip())
    return Candidate(
        request=request, doctor=doctor, attachment=attachment, locum_months=locum_months,
        counted_months=_number(get("Tellende tjeneste (mnd)", 0)),
        remaining_months=_number(get("Gjenstående (mnd)", 0)),
        goals_done=goals_done, goals_required=goals_required, activities_pct=float(activities),
        short_of_specialists=_yes(get("Mangel på spesialister")),
        municipality=str(get("Kommune", "") or "").strip(),
        eligible_from=_day(get("Når 2 år (ca.)")))


def read_sheets(paths) -> list[SheetList]:
    out = []
    for path in paths:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FileProblem(f"Kan ikke lese {path}: {exc.strerror or exc}.") from None
        out.append(read_sheet(data, path.name))
    return out
