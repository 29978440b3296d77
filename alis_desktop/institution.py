"""The waiting list for institution service: who is next, and why.

The criteria are one health trust's model (seed 004, 7.3.1.1), in this order:

1. **Attachment**: permanent municipal employee, then GP with an own list, then a locum,
   preferably of at least one year. A locum's length of service is not a field of the
   doctor; it is read off her general-practice placements (completed and planned, the
   union of their dates), so a locum under 12 months ranks after one of 12 months or more.
2. **Seniority**: least remaining time to completion weighs most (the counted months still
   missing from the 60 of § 2, from the rules engine); "earliest after 2 years of service":
   a doctor with under 24 counted months is *not yet eligible* and is listed after all
   eligible doctors, with the reason and an estimate of when she reaches 24 months. The
   rule is about when the service begins, so a doctor estimated to reach 24 months by her
   desired start (at the position % she works now) is eligible, and the reason says so.
   Remaining time is compared in whole months (rounded up): doctors within the same month
   "stand equal on counted time" and the next criterion decides.
3. **Progress**: approved learning goals (ALM and FKM) and learning activities (the
   activity, course and topic-course requirements, group supervision among them), as one
   percentage: the mean of the share of goals approved and the mean share of the activity
   requirements met; compared in whole percent.
4. **Tie**: candidates from municipalities short of specialists first. This is a setting of
   the *file* (Municipality.short_of_specialists), so inside one file every candidate has
   the same value and it never changes the order; it decides only when lists from several
   municipalities are ranked together (pass candidates from several files to :func:`rank`;
   each candidate carries its own municipality's flag). The exported list prints the flag
   so the coordinator can merge by hand as well.

An *interrupted* institution service (pregnancy, illness; seed 004: "vil da ligge høyt oppe
på prioriteringslisten") ranks above every other criterion and is eligible whatever the
counted months. After the four criteria, the earlier report to the coordinator goes first
(seed 003: "Tidspunkt for innmelding ... er bestemmende for prioriteringsrekkefølge"), then
the earlier desired start, then the name, so the order is always the same.

The leader may override a rank (``priority_override``, with a note): the request is put at
that place in the final list and the others keep their computed order around it.

Everything here is pure; db/institution.py and reports/institution_queue.py feed it.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

from alis_desktop import models as m
from alis_desktop import priority_models as pm
from alis_desktop.dates import add_months, fmt
from alis_desktop.errors import ValidationError
from alis_desktop.requirements import load_rules
from alis_desktop.rotation import (
    MIN_BLOCK_MONTHS, MIN_SOURCE, Period, block_months, period_of,
)
from alis_desktop.service_time import EPS, date_reaching, months_served
from alis_desktop.vocab import Employment, RequestStatus, ServiceCategory

ELIGIBLE_AFTER_MONTHS = 24.0   # "tidligst etter 2 års tjeneste"
LOCUM_MIN_MONTHS = 12.0        # "vikariat, fortrinnsvis med en varighet på 1 år eller mer"
REMINDER_LEAD_MONTHS = 6       # report "senest et halvt år før tiltredelse"

# Requests on the waiting list; accepted and done ones have their place.
ACTIVE_STATUSES = frozenset({RequestStatus.WANTED.value, RequestStatus.REPORTED.value,
                             RequestStatus.OFFERED.value, RequestStatus.DECLINED.value})

# Attachment order (lower first) and labels.
PERMANENT, OWN_LIST, LOCUM_LONG, LOCUM_SHORT = range(4)
_ATTACHMENT_OF = {Employment.PERMANENT.value: PERMANENT, Employment.OWN_LIST.value: OWN_LIST}

_GP = (ServiceCategory.GP_UNSELECTED.value, ServiceCategory.GP_OTHER.value)
_ACTIVITY_CHECKS = ("activity_count", "courses", "topic_courses")

# Which status may follow which: the request moves forward, and a step back is allowed to
# correct a mistake. A declined offer keeps the request on the list (declined), from where
# it is reported again for a later period.
# A doctor who takes an advertised locum post instead leaves the list as withdrawn (003:
# "står fritt til å søke på utlyste vikariater"); back to the list corrects a mistake.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "wanted": ("reported", "offered", "withdrawn"),
    "reported": ("offered", "wanted", "withdrawn"),
    "offered": ("accepted", "declined", "reported", "withdrawn"),
    "declined": ("reported", "offered", "wanted", "withdrawn"),
    "accepted": ("done", "declined", "offered"),
    "done": ("accepted",),
    "withdrawn": ("wanted", "reported"),
}
# The agreement's default length of service at the trust (003); its minimum is
# rotation.MIN_BLOCK_MONTHS (MIN_SOURCE quotes it).
DEFAULT_SERVICE_MONTHS = 6  # "bør fortrinnsvis gjøres for 6 måneders varighet" (003)


def _n(x: float, decimals: int = 1) -> str:
    text = f"{x:.{decimals}f}".replace(".", ",")
    return text[:-2] if decimals == 1 and text.endswith(",0") else text


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Candidate:
    """One request with the facts the criteria compare."""

    request: m.InstitutionRequest
    doctor: m.Doctor
    attachment: int              # PERMANENT .. LOCUM_SHORT
    locum_months: float | None   # a locum's months of general practice, else None
    counted_months: float        # § 31 counted service (rules engine)
    remaining_months: float      # counted months still missing from the total
    goals_done: int
    goals_required: int
    activities_pct: float        # 0..100: mean share of the activity requirements met
    short_of_specialists: bool = False
    municipality: str = ""
    eligible_from: date | None = None  # estimate of the day 24 counted months are reached

    @property
    def eligible(self) -> bool:
        """Two years of counted service by the desired start (now, when none is given)."""
        return self.request.interrupted or self.counted_months >= ELIGIBLE_AFTER_MONTHS - EPS \
            or self.eligible_by_start

    @property
    def eligible_by_start(self) -> bool:
        """Under two years now, but estimated to have them by the desired start."""
        start = self.request.desired_start
        return (self.counted_months < ELIGIBLE_AFTER_MONTHS - EPS and start is not None
                and self.eligible_from is not None and self.eligible_from <= start)

    @property
    def remaining_whole(self) -> int:
        return max(0, math.ceil(self.remaining_months - 1e-6))

    @property
    def goals_pct(self) -> float:
        return 100.0 * self.goals_done / self.goals_required if self.goals_required else 0.0

    @property
    def progress_pct(self) -> float:
        return (self.goals_pct + self.activities_pct) / 2.0

    @property
    def progress_whole(self) -> int:
        return round(self.progress_pct)

    @property
    def attachment_label(self) -> str:
        if self.attachment == PERMANENT:
            return Employment.PERMANENT.label
        if self.attachment == OWN_LIST:
            return Employment.OWN_LIST.label
        months = _n(self.locum_months or 0.0)
        if self.attachment == LOCUM_LONG:
            return f"Vikar i minst 1 år ({months} mnd)"
        return f"Vikar under 1 år ({months} mnd)"

    @property
    def progress_text(self) -> str:
        return (f"{self.progress_whole} % ({self.goals_done} av {self.goals_required} "
                f"læringsmål godkjent, læringsaktiviteter {_n(self.activities_pct, 0)} %)")


def attachment_from_label(text: str) -> tuple[int, float | None]:
    """(attachment rank, a locum's months) back from Candidate.attachment_label, for a list
    read from the spreadsheet the program exported."""
    text = " ".join((text or "").split())
    if text.casefold() == Employment.PERMANENT.label.casefold():
        return PERMANENT, None
    if text.casefold() == Employment.OWN_LIST.label.casefold():
        return OWN_LIST, None
    found = re.search(r"\(([\d,.]+) mnd\)", text)
    months = float(found.group(1).replace(",", ".")) if found else None
    if text.startswith("Vikar i minst 1 år"):
        return LOCUM_LONG, months
    if text.startswith("Vikar under 1 år"):
        return LOCUM_SHORT, months
    raise ValueError(f"ukjent tilknytning «{text}»")


def general_practice_months(placements) -> float:
    """Calendar months covered by general-practice placements (any status), overlaps once."""
    spans = sorted((p.start_date, p.end_date) for p in placements
                   if p.category in _GP and p.start_date and p.end_date
                   and p.end_date >= p.start_date)
    total = 0.0
    cur_start = cur_end = None
    for s, e in spans:
        if cur_end is not None and s <= cur_end + timedelta(days=1):
            cur_end = max(cur_end, e)
            continue
        if cur_end is not None:
            total += months_served(cur_start, cur_end)
        cur_start, cur_end = s, e
    if cur_end is not None:
        total += months_served(cur_start, cur_end)
    return total


def attachment_of(doctor: m.Doctor, placements) -> tuple[int, float | None]:
    """(attachment rank, a locum's months of service or None)."""
    if doctor.employment in _ATTACHMENT_OF:
        return _ATTACHMENT_OF[doctor.employment], None
    months = general_practice_months(placements)
    return (LOCUM_LONG if months >= LOCUM_MIN_MONTHS - EPS else LOCUM_SHORT), months


def _estimate_eligible(progress, placements) -> date | None:
    """When the counted service reaches 24 months, at the position % of the current (or
    latest) placement: an estimate for the reason text, not a rule."""
    need = ELIGIBLE_AFTER_MONTHS - progress.counted_months
    if need <= EPS:
        return None
    as_of = progress.as_of
    dated = [p for p in placements if p.start_date and p.end_date]
    current = [p for p in dated if p.start_date <= as_of <= p.end_date]
    chosen = current or sorted(dated, key=lambda p: p.end_date)[-1:]
    pct = float(chosen[0].position_pct or 100.0) if chosen else 100.0
    return date_reaching(as_of + timedelta(days=1), need, pct if pct > 0 else 100.0)


def candidate(request: m.InstitutionRequest, doctor: m.Doctor, progress, placements=(), *,
              short_of_specialists: bool = False, municipality: str = "",
              rules=None) -> Candidate:
    """The facts of one request, from the doctor's Progress (alis_desktop.requirements)."""
    rules = rules or load_rules()
    checks = {s.id: s.check for s in rules.for_regime(doctor.regime or "new")}
    remaining = 0.0
    goals_done = goals_required = 0
    shares = []
    for r in progress.requirements:
        check = checks.get(r.id)
        if check == "service_total":
            remaining = r.remaining
        elif check == "goals":
            goals_done += int(r.done)
            goals_required += int(r.required)
        elif check in _ACTIVITY_CHECKS and r.required:
            shares.append(min(1.0, float(r.done) / float(r.required)))
    attachment, locum_months = attachment_of(doctor, placements)
    return Candidate(
        request=request, doctor=doctor, attachment=attachment, locum_months=locum_months,
        counted_months=progress.counted_months, remaining_months=remaining,
        goals_done=goals_done, goals_required=goals_required,
        activities_pct=100.0 * sum(shares) / len(shares) if shares else 0.0,
        short_of_specialists=short_of_specialists, municipality=municipality,
        eligible_from=_estimate_eligible(progress, placements))


# --------------------------------------------------------------------------- ranking


@dataclass(frozen=True)
class RankedEntry:
    """A place on the list: its rank, the rank the criteria gave, and why (Norwegian)."""

    rank: int
    computed_rank: int
    candidate: Candidate
    reason: str
    held_back: bool = False  # under two years where the model makes two years a condition

    @property
    def request(self) -> m.InstitutionRequest:
        return self.candidate.request

    @property
    def doctor(self) -> m.Doctor:
        return self.candidate.doctor

    @property
    def overridden(self) -> bool:
        return self.candidate.request.priority_override is not None


def _value(code: str, c: Candidate):
    """What a criterion compares (lower first)."""
    r = c.request
    if code == pm.INTERRUPTED:
        return not r.interrupted
    if code in pm.TWO_YEARS:
        return not c.eligible
    if code == pm.ATTACHMENT:
        return c.attachment
    if code == pm.REMAINING_TIME:
        return c.remaining_whole
    if code == pm.PROGRESS:
        return -c.progress_whole
    if code == pm.SHORTAGE:
        return not c.short_of_specialists
    if code == pm.REPORT_DATE:
        return r.reported_date or date.max
    return r.desired_start or date.max  # DESIRED_START


def _ordering(model: pm.PriorityModel) -> tuple[str, ...]:
    """The criteria in the order they compare: two years as a condition always first (it
    holds a doctor back behind everyone), the rest as the model lists them."""
    rest = tuple(code for code in model.codes if code != pm.TWO_YEARS_GATE)
    return ((pm.TWO_YEARS_GATE,) if model.gate else ()) + rest


def _key(c: Candidate, model: pm.PriorityModel) -> tuple:
    r = c.request
    return tuple(_value(code, c) for code in _ordering(model)) + (
        c.doctor.name.casefold(), c.municipality.casefold(), r.id or 0)


def _cite(model: pm.PriorityModel, code: str) -> str:
    found = model.criterion(code)
    text = found.citation() if found else ""
    return f" – {text}" if text else ""


def _describe(code: str, c: Candidate) -> str:
    """The candidate's value on one criterion, for the reason of the first place."""
    r = c.request
    if code == pm.ATTACHMENT:
        return c.attachment_label.lower()
    if code == pm.REMAINING_TIME:
        return f"{c.remaining_whole} mnd igjen til fullført tellende tjeneste"
    if code == pm.PROGRESS:
        return f"progresjon {c.progress_whole} %"
    if code == pm.SHORTAGE:
        return ("kommune med mangel på spesialister" if c.short_of_specialists
                else "kommune uten mangel på spesialister")
    if code == pm.REPORT_DATE:
        return (f"meldt til koordinator {fmt(r.reported_date)}" if r.reported_date
                else "ikke meldt til koordinator ennå")
    if code == pm.DESIRED_START:
        return (f"ønsket start {fmt(r.desired_start)}" if r.desired_start
                else "ønsket start ikke angitt")
    if code in pm.TWO_YEARS:
        return ("2 års tellende tjeneste" if c.eligible
                else f"under 2 års tellende tjeneste ({_n(c.counted_months)} mnd)")
    return ""


def _first_reason(c: Candidate, model: pm.PriorityModel) -> str:
    if c.request.interrupted and pm.INTERRUPTED in model.codes:
        return "Øverst: avbrutt institusjonstjeneste prioriteres høyt" + _cite(
            model, pm.INTERRUPTED)
    shown = [code for code in _ordering(model) if code not in (pm.INTERRUPTED,
                                                               pm.TWO_YEARS_GATE)][:2]
    if not shown:
        return "Øverst"
    return "Øverst: " + ", ".join(_describe(code, c) for code in shown) + _cite(model, shown[0])


def _equal_on(before: list[str], model: pm.PriorityModel) -> str:
    """' (likt på tilknytning, tid og progresjon)' for the criteria that did not decide."""
    nouns = [model.criterion(code).noun for code in before
             if code not in (pm.INTERRUPTED, pm.TWO_YEARS_GATE)]
    if not nouns:
        return ""
    text = nouns[0] if len(nouns) == 1 else f"{', '.join(nouns[:-1])} og {nouns[-1]}"
    return f" (likt på {text})"


def _after(a: Candidate, b: Candidate, model: pm.PriorityModel) -> str:
    """Why `b` comes right after `a`: the first criterion that tells them apart, in the
    model's words and with its source."""
    codes = _ordering(model)
    decided = next((code for code in codes if _value(code, a) != _value(code, b)), None)
    if decided is None:
        return f"likt på alle kriteriene med {a.doctor.name}; ordnet etter navn"
    before = list(codes[:codes.index(decided)])
    same = _equal_on(before, model)
    an, ra, rb = a.doctor.name, a.request.reported_date, b.request.reported_date
    if decided == pm.TWO_YEARS_GATE:
        text = f"alle aktuelle kandidater ({an} er den siste aktuelle)"
    elif decided == pm.TWO_YEARS_PREFERENCE:
        text = (f"{an} har 2 års tellende tjeneste, {b.doctor.name} har "
                f"{_n(b.counted_months)} mnd{same}")
    elif decided == pm.INTERRUPTED:
        text = f"{an} har avbrutt institusjonstjeneste og prioriteres høyt"
    elif decided == pm.ATTACHMENT:
        text = (f"tilknytning: {b.attachment_label.lower()} kommer etter "
                f"{a.attachment_label.lower()} ({an}){same}")
    elif decided == pm.REMAINING_TIME:
        text = (f"lengre gjenstående tid: {b.remaining_whole} mnd igjen mot "
                f"{a.remaining_whole} mnd for {an}{same}")
    elif decided == pm.PROGRESS:
        if pm.REMAINING_TIME in before:
            text = (f"lik tellende tid som {an} ({b.remaining_whole} mnd igjen); lavere "
                    f"progresjon: {b.progress_whole} % mot {a.progress_whole} %")
        else:
            text = (f"lavere progresjon: {b.progress_whole} % mot {a.progress_whole} % "
                    f"for {an}{same}")
    elif decided == pm.SHORTAGE:
        text = f"{an} er fra en kommune med mangel på spesialister{same}"
    elif decided == pm.REPORT_DATE:
        when = f"meldt {fmt(rb)}" if rb else "ikke meldt ennå"
        text = f"{an} ble meldt til koordinator tidligere ({fmt(ra)}, {when}){same}"
    else:
        sb = b.request.desired_start
        text = (f"{an} ønsker å begynne tidligere ({fmt(a.request.desired_start)}, "
                f"{b.doctor.name} {fmt(sb) if sb else 'ikke angitt'}){same}")
    return text + _cite(model, decided)


def _not_eligible_note(c: Candidate) -> str:
    when = f"; når 2 år ca. {fmt(c.eligible_from)}" if c.eligible_from else ""
    return (f"Ikke aktuell ennå: under 2 års tellende tjeneste ({_n(c.counted_months)} mnd)"
            f"{when}")


def rank(candidates, model: pm.PriorityModel | None = None) -> list[RankedEntry]:
    """The waiting list in order by `model` (default: the shipped default, Ahus), each
    entry with the reason for its place.

    Candidates may come from several files (municipalities); overrides are places in the
    list returned."""
    model = model or pm.default_model()
    computed = sorted(candidates, key=lambda c: _key(c, model))
    reasons: dict[int, str] = {}
    for i, c in enumerate(computed):
        text = _first_reason(c, model) if i == 0 else "Etter " + _after(computed[i - 1], c,
                                                                        model)
        if model.gate and not c.eligible:
            text = f"{_not_eligible_note(c)}. {text}"
        elif pm.TWO_YEARS_PREFERENCE in model.codes and not c.eligible:
            text = (f"{text}. Under 2 års tellende tjeneste ({_n(c.counted_months)} mnd): "
                    "i denne modellen et ønske («bør»), ikke en sperre")
        elif (c.eligible_by_start and not c.request.interrupted
              and any(code in model.codes for code in pm.TWO_YEARS)):
            text = (f"{text}. Når 2 års tellende tjeneste ca. {fmt(c.eligible_from)}, før "
                    f"ønsket start {fmt(c.request.desired_start)}")
        reasons[id(c)] = text[0].upper() + text[1:]
    computed_rank = {id(c): i + 1 for i, c in enumerate(computed)}

    free = [c for c in computed if c.request.priority_override is None]
    fixed = sorted((c for c in computed if c.request.priority_override is not None),
                   key=lambda c: (c.request.priority_override, computed_rank[id(c)]))
    ordered = list(free)
    for c in fixed:
        ordered.insert(min(max(1, c.request.priority_override) - 1, len(ordered)), c)

    out = []
    for place, c in enumerate(ordered, start=1):
        reason = reasons[id(c)]
        if c.request.priority_override is not None:
            reason = (f"Overstyrt av leder til plass {c.request.priority_override}: "
                      f"{c.request.override_note.strip()} (etter kriteriene plass "
                      f"{computed_rank[id(c)]}: {reason[0].lower()}{reason[1:]})")
        out.append(RankedEntry(place, computed_rank[id(c)], c, reason,
                               held_back=model.gate and not c.eligible))
    return out


def waiting_list(requests, doctors, progress, placements, *, short_of_specialists=False,
                 municipality: str = "", rules=None,
                 model: pm.PriorityModel | None = None) -> list[RankedEntry]:
    """The ranked list of one file: `doctors` and `progress` by doctor id, `placements` a
    mapping doctor id -> placements. Only active requests of doctors still in training
    (not archived, not ended) take part."""
    cands = []
    for r in requests:
        d = doctors.get(r.doctor_id)
        if r.status not in ACTIVE_STATUSES or d is None or d.archived or d.end_date:
            continue
        cands.append(candidate(r, d, progress[d.id], placements.get(d.id, ()),
                               short_of_specialists=short_of_specialists,
                               municipality=municipality, rules=rules))
    return rank(cands, model)


# --------------------------------------------------------------------------- requests


def check_request(request: m.InstitutionRequest) -> None:
    """A request's rules beyond the record: a desired period long enough to count, and the
    date of the report once it is reported."""
    request.validate()
    if request.desired_start and request.desired_end:
        length = block_months(request.desired_start, request.desired_end)
        if length < MIN_BLOCK_MONTHS - EPS:
            raise ValidationError(
                "desired_end", f"Ønsket periode må være minst {_n(MIN_BLOCK_MONTHS)} måneder "
                f"(en kortere blokk teller ikke; {MIN_SOURCE}); den er {_n(length)} mnd.")
    if request.status == RequestStatus.REPORTED.value and not request.reported_date:
        raise ValidationError("reported_date", "Oppgi datoen ønsket ble meldt til "
                                               "koordinatoren.")
    if request.status == RequestStatus.WITHDRAWN.value and not request.withdrawn_date:
        raise ValidationError("withdrawn_date", "Oppgi datoen legen trakk seg fra ventelisten "
                                                "(fikk vikariat).")
    told = request.withdrawal_reported_date
    if told and request.withdrawn_date and told < request.withdrawn_date:
        raise ValidationError("withdrawal_reported_date", "Koordinatoren kan ikke være varslet "
                                                          "før legen trakk seg.")
    if request.priority_override is not None and request.priority_override < 1:
        raise ValidationError("priority_override", "Plassen må være 1 eller høyere.")


def check_transition(old: str, new: str) -> None:
    """Refuse a status change the request's course does not allow (Norwegian message)."""
    if old == new or new in TRANSITIONS.get(old, ()):
        return
    allowed = ", ".join(f"«{RequestStatus.label_of(s)}»" for s in TRANSITIONS.get(old, ()))
    raise ValidationError(
        "status", f"Status kan ikke endres fra «{RequestStatus.label_of(old)}» til "
        f"«{RequestStatus.label_of(new)}». Gyldige neste steg: {allowed}.")


def next_statuses(status: str) -> tuple[str, ...]:
    """The status itself and those that may follow it, for the editor's choices."""
    return (status, *TRANSITIONS.get(status, ()))


def decline(request: m.InstitutionRequest, today: date) -> m.InstitutionRequest:
    """The request after its offer was declined: still on the list, its desired period moved
    to the next half-year period (same length), the decline noted. "Om ALIS velger ikke å
    benytte seg av tilbudet, må vedkommende vente til neste vikariat blir ledig." (003)"""
    check_transition(request.status, RequestStatus.DECLINED.value)
    start, end = request.desired_start, request.desired_end
    if start:
        offered = max(period_of(start), period_of(today))
        new_start = offered.next().start
        if end:  # the same number of months, so a half-year stays a half-year
            shift = (new_start.year - start.year) * 12 + new_start.month - start.month
            end = add_months(end + timedelta(days=1), shift) - timedelta(days=1)
        start = new_start
    note = f"Avslo tilbud {fmt(today)}."
    notes = f"{request.notes.rstrip()}\n{note}".strip()
    return dataclasses.replace(request, status=RequestStatus.DECLINED.value,
                               desired_start=start, desired_end=end, notes=notes)


def default_period(start: date) -> tuple[date, date]:
    """The desired period a new request gets from `start`: six months (003: "bør
    fortrinnsvis gjøres for 6 måneders varighet"; 3 + 3 at one department is the same)."""
    return start, add_months(start, DEFAULT_SERVICE_MONTHS) - timedelta(days=1)


def withdraw(request: m.InstitutionRequest, on: date) -> m.InstitutionRequest:
    """The doctor took an advertised locum post instead and leaves the list (003: "Det er
    da viktig at de melder tilbake til kommunen at behovet for å stå på venteliste hos
    LIS-koordinator faller bort"); the leader is then reminded to tell the coordinator."""
    check_transition(request.status, RequestStatus.WITHDRAWN.value)
    notes = f"{request.notes.rstrip()}\nTrukket {fmt(on)}: fått vikariat.".strip()
    return dataclasses.replace(request, status=RequestStatus.WITHDRAWN.value,
                               withdrawn_date=on, withdrawal_reported_date=None, notes=notes)


def coordinator_told(request: m.InstitutionRequest, on: date) -> m.InstitutionRequest:
    """The leader told the coordinator that the withdrawn doctor no longer waits."""
    if request.status != RequestStatus.WITHDRAWN.value:
        raise ValidationError("status", "Bare et ønske som er trukket (fått vikariat) skal "
                                        "meldes bort hos koordinatoren.")
    out = dataclasses.replace(request, withdrawal_reported_date=on)
    check_request(out)
    return out


def needs_telling(request: m.InstitutionRequest) -> bool:
    """Withdrawn, the coordinator knows of the request, and has not been told yet."""
    return (request.status == RequestStatus.WITHDRAWN.value
            and request.withdrawal_reported_date is None
            and (request.reported_date is not None or request.offered_date is not None))


def offer(request: m.InstitutionRequest, on: date, *,
          copied_to_leader: bool = True) -> m.InstitutionRequest:
    """The trust's offer came: "Tilbud om tjeneste formidles av Vestre Viken til ALIS med
    kopi til lederen i kommunen" (003); the date and the copy are recorded."""
    check_transition(request.status, RequestStatus.OFFERED.value)
    return dataclasses.replace(request, status=RequestStatus.OFFERED.value, offered_date=on,
                               offer_copied_to_leader=copied_to_leader)


# --------------------------------------------------------------------------- reminders


def _names(ids, names) -> str:
    return ", ".join(sorted((names or {}).get(i, f"lege {i}") for i in ids))


def reminders(today: date, requests, posts, *, names: dict | None = None,
              lead_months: int = REMINDER_LEAD_MONTHS) -> list[str]:
    """Reminders for the overview, in Norwegian: from six months before each period start
    (1 March, 1 September) until it starts, what is still to do for that period: requests
    to report to the coordinator, offers awaiting an answer, vacant posts. Also requests
    whose desired start has passed while still waiting. `names`: doctor id -> name."""
    out: list[str] = []
    withdrawn = sorted({r.doctor_id for r in requests if needs_telling(r)})
    if withdrawn:
        out.append(f"Gi beskjed til koordinatoren: {_names(withdrawn, names)} har fått "
                   "vikariat og står ikke lenger på ventelisten. Registrer når det er gjort.")
    waiting = [r for r in requests if r.status in ACTIVE_STATUSES]
    passed = sorted({r.doctor_id for r in waiting if r.status != RequestStatus.OFFERED.value
                     and r.desired_start and r.desired_start <= today})
    if passed:
        out.append(f"Ønsket start er passert uten tildelt plass: {_names(passed, names)}. "
                   "Oppdater ønsket periode.")
    period: Period = period_of(today).next()
    while add_months(period.start, -lead_months) <= today:
        head = f"Perioden {period.label} (fra {fmt(period.start)})"
        in_period = [r for r in waiting if r.desired_start and period.contains(r.desired_start)]
        to_report = sorted({r.doctor_id for r in in_period if r.status in (
            RequestStatus.WANTED.value, RequestStatus.DECLINED.value)})
        if to_report:
            out.append(f"{head}: meld til koordinatoren: {_names(to_report, names)}.")
        offered = sorted({r.doctor_id for r in in_period
                          if r.status == RequestStatus.OFFERED.value})
        if offered:
            out.append(f"{head}: tilbud venter på svar: {_names(offered, names)}.")
        vacant = [p for p in posts if p.doctor_id is None and p.period_start
                  and period.contains(p.period_start)]
        if vacant:
            depts = ", ".join(sorted({p.department for p in vacant}))
            word = "ledig post" if len(vacant) == 1 else "ledige poster"
            out.append(f"{head}: {len(vacant)} {word} ({depts}); tildel fra ventelisten.")
        period = period.next()
    return out
