"""The coordinator's allocation, back in the municipality: who got which post in which
period, read as offers on the rotation board.

The coordinator ranks every municipality's candidates in one list (reports/
institution_merge.py), fills in the post for those who get one (the «Tildelt ...» columns)
and sends each municipality its rows (reports/institution_allocation.py). Here each row is
matched to the request it answers (by the request's id in this file, checked against the
doctor's name and HPR number) and becomes an offer: "Tilbud om tjeneste formidles av Vestre
Viken til ALIS med kopi til lederen i kommunen" (seed 003), so the offer is recorded with
its date and the copy to the leader, and the post appears on the board, vacant until the
doctor accepts and the leader assigns it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from alis_desktop import models as m
from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError
from alis_desktop.institution import TRANSITIONS, offer
from alis_desktop.rotation import check_post
from alis_desktop.vocab import RequestStatus


@dataclass(frozen=True)
class Decision:
    """One row of the coordinator's allocation."""

    municipality: str
    request_id: int | None
    doctor_name: str
    hpr_number: str
    institution: str
    department: str
    start: date
    end: date

    @property
    def post(self) -> m.InstitutionPost:
        return m.InstitutionPost(institution=self.institution, department=self.department,
                                 period_start=self.start, period_end=self.end)

    def describe(self) -> str:
        return (f"{self.doctor_name}: {self.department}, {self.institution} "
                f"{fmt(self.start)}–{fmt(self.end)}")


@dataclass(frozen=True)
class Offer:
    """A decision matched to its request: what will be written."""

    decision: Decision
    request: m.InstitutionRequest     # as it will be saved (status offered)
    existing_post: m.InstitutionPost | None  # a vacant post on the board that matches

    def describe(self) -> str:
        where = "ledig post på rotasjonsplanen" if self.existing_post else "ny post på " \
            "rotasjonsplanen"
        return f"{self.decision.describe()} – tilbud registreres, {where}"


def _same(a: str, b: str) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def _match(d: Decision, requests, doctors) -> m.InstitutionRequest | None:
    """The request a decision answers: by id when the doctor's name (and HPR, where both
    have it) agree, else the one open request of the doctor with that HPR or name."""
    def doctor_fits(r):
        doc = doctors.get(r.doctor_id)
        if doc is None:
            return False
        if d.hpr_number and doc.hpr_number:
            return d.hpr_number.strip() == doc.hpr_number.strip()
        return _same(doc.name, d.doctor_name)
    by_id = [r for r in requests if d.request_id is not None and r.id == d.request_id]
    if by_id and doctor_fits(by_id[0]):
        return by_id[0]
    open_ones = [r for r in requests if doctor_fits(r)
                 and RequestStatus.OFFERED.value in (r.status, *TRANSITIONS.get(r.status, ()))]
    return open_ones[0] if len(open_ones) == 1 else None


def plan_offers(decisions, municipality: str, requests, doctors, posts,
                today: date) -> tuple[list[Offer], list[str]]:
    """The offers the decisions for `municipality` make, and the Norwegian reasons rows are
    left out (another municipality's row, no matching request, a status that cannot take
    an offer, a period too short). `doctors`: id -> Doctor."""
    offers: list[Offer] = []
    problems: list[str] = []
    taken: set[int] = set()
    for d in decisions:
        if municipality and d.municipality and not _same(d.municipality, municipality):
            problems.append(f"{d.describe()}: gjelder {d.municipality}, ikke "
                            f"{municipality}; hoppet over.")
            continue
        request = _match(d, requests, doctors)
        if request is None:
            problems.append(f"{d.describe()}: finner ikke ønsket i filen (ønske-id "
                            f"{d.request_id or '–'}); hoppet over.")
            continue
        if request.id in taken:
            problems.append(f"{d.describe()}: legen har alt et tilbud i denne tildelingen; "
                            "hoppet over.")
            continue
        try:
            check_post(d.post)
            offered = offer(request, today, copied_to_leader=True) \
                if request.status != RequestStatus.OFFERED.value else dataclasses.replace(
                    request, offered_date=today, offer_copied_to_leader=True)
        except ValidationError as exc:
            problems.append(f"{d.describe()}: {exc.message} Hoppet over.")
            continue
        line = (f"Tilbud fra koordinator {fmt(today)}: {d.department}, {d.institution} "
                f"{fmt(d.start)}–{fmt(d.end)}.")
        offered = dataclasses.replace(offered, notes=f"{offered.notes.rstrip()}\n{line}".strip())
        vacant = next((p for p in posts if p.doctor_id is None
                       and _same(p.institution, d.institution)
                       and _same(p.department, d.department)
                       and p.period_start == d.start and p.period_end == d.end
                       and all(o.existing_post is not p for o in offers)), None)
        taken.add(request.id)
        offers.append(Offer(d, offered, vacant))
    return offers, problems
