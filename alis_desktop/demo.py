"""A realistic, fictitious demo municipality, generated deterministically from a seed.

Arenas and their goal coverage follow the Eigersund plan (seed 000) with invented names;
every person is invented. Dates are laid out relative to `today`, so the demo always shows
doctors at every stage: just started, mid-way, in institution service, nearly done, done.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from alis_desktop import models as m
from alis_desktop.catalog import ALM_CODES, courses, shipped_fkm
from alis_desktop.dates import add_months, days_in_month
from alis_desktop.goal_refs import parse_goal_refs
from alis_desktop.vocab import (
    ActivityKind, ArenaType, Employment, GoalState, LeaveKind, MeetingKind, MeetingOutcome,
    PlacementStatus, Regime, RequestStatus, ServiceCategory, SupervisorEmployment,
)

FIRST_NAMES = ["Ingrid", "Ola", "Kari", "Lars", "Sofie", "Magnus", "Nora", "Henrik", "Emma",
               "Jonas", "Sara", "Eirik", "Maja", "Sindre", "Tuva", "Amir", "Aisha", "Øyvind",
               "Åse", "Marius", "Hanne", "Tobias", "Line", "Kristoffer", "Ida", "Vegard",
               "Frida", "Mohammed", "Live", "Andreas", "Thea", "Håkon", "Silje", "Petter"]
LAST_NAMES = ["Aasen", "Bakke", "Dahl", "Eide", "Fjeld", "Gran", "Haugland", "Jensen",
              "Kvamme", "Lie", "Moen", "Nygård", "Olsen", "Paulsen", "Rønning", "Sæther",
              "Tangen", "Ulvestad", "Vik", "Waage", "Østby", "Ødegård", "Berg", "Holm",
              "Strand", "Lunde", "Solheim", "Brekke", "Hovland", "Skjæveland"]

ALL_ALM_EXCEPT_INSTITUTION = "Alle ALM, bortsett fra ALM 055 og 085"
# (name, type, location, coverage as the Eigersund plan writes it, inside municipality, partner)
ARENAS = [
    ("Fjordvik kommunale legesenter", ArenaType.GP_OFFICE,
     "Kommunalt eid legesenter med 4 fastlegehjemler", ALL_ALM_EXCEPT_INSTITUTION, True, ""),
    ("Brygga legesenter", ArenaType.GP_OFFICE, "Legesenter med 4 fastlegehjemler",
     ALL_ALM_EXCEPT_INSTITUTION, True, ""),
    ("Nordhei legekontor", ArenaType.GP_OFFICE, "Legesenter med 4 fastlegehjemler",
     ALL_ALM_EXCEPT_INSTITUTION, True, ""),
    ("Sandvika legesenter", ArenaType.GP_OFFICE, "Legesenter med 1 fastlegehjemmel",
     ALL_ALM_EXCEPT_INSTITUTION, True, ""),
    ("Fjordvik interkommunale legevakt", ArenaType.OUT_OF_HOURS, "Interkommunal legevakt",
     "ALM 002-004 (delvis), ALM 012 (delvis), ALM 018-019 (delvis), ALM 021 (delvis), "
     "ALM 028-033 (delvis), ALM 035 (delvis), ALM 036-054, ALM 057-058, ALM 059 (delvis), "
     "ALM 060, ALM 061 (delvis), ALM 062, ALM 063-064 (delvis), ALM 065-070, "
     "ALM 071-073 (delvis), ALM 074, ALM 075 (delvis), ALM 076-079, ALM 080 (delvis), "
     "ALM 081, ALM 083, ALM 084 (delvis)", True, ""),
    ("Lia sjukeheim", ArenaType.NURSING_HOME, "Langtidsavdeling med 24 plasser",
     "ALM 002-004 (delvis), ALM 008, ALM 009 (delvis), ALM 012 (delvis), ALM 017 (delvis), "
     "ALM 018, ALM 019 (delvis), ALM 021 (delvis), ALM 028 (delvis), ALM 029-030, "
     "ALM 031-032 (delvis), ALM 034-050, ALM 051 (delvis), ALM 052-054, ALM 055, ALM 057, "
     "ALM 060, ALM 061 (delvis), ALM 062, ALM 063-069 (delvis), ALM 070-077, "
     "ALM 078 (delvis), ALM 080-081 (delvis), ALM 082-084, ALM 085", True, ""),
    ("Korttidsavdelingen (KAD/ØHD)", ArenaType.KAD, "Korttids- og rehabiliteringsavdeling, 20 senger",
     "ALM 002-003 (delvis), ALM 008, ALM 018-019 (delvis), ALM 021 (delvis), ALM 023 (delvis), "
     "ALM 028-032 (delvis), ALM 036-050, ALM 051 (delvis), ALM 052-054, ALM 055, ALM 057, "
     "ALM 059 (delvis), ALM 060, ALM 061 (delvis), ALM 062, ALM 063-069 (delvis), ALM 070, "
     "ALM 071-073 (delvis), ALM 074, ALM 075 (delvis), ALM 076-077, ALM 078-081 (delvis), "
     "ALM 083, ALM 084 (delvis), ALM 085", True, ""),
    ("Fjordvik helsestasjon", ArenaType.HEALTH_STATION, "Helsestasjon og skolehelsetjeneste",
     "ALM 002-004 (delvis), ALM 006 (delvis), ALM 008-010 (delvis), ALM 011, ALM 019 (delvis), "
     "ALM 021 (delvis), ALM 028 (delvis), ALM 031-032 (delvis), ALM 038-039 (delvis), "
     "ALM 041-050, ALM 052-053, ALM 060, ALM 061 (delvis), ALM 063-065 (delvis), "
     "ALM 074 (delvis), ALM 079, ALM 080-081 (delvis), ALM 083, ALM 084 (delvis)", True, ""),
    ("Helse- og omsorgsadministrasjonen", ArenaType.ADMINISTRATION,
     "Administrasjonen i helse- og omsorgsavdelingen",
     "ALM 003-004, ALM 010-011, ALM 052-053, ALM 088", True, ""),
    ("Vestkyst universitetssykehus", ArenaType.HOSPITAL, "Medisinsk klinikk",
     "ALM 055 og 085", False, "Helse Vestkyst HF"),
]
DEPARTMENTS = ["Medisinsk avdeling", "Barneavdelingen", "Psykiatrisk klinikk", "Kirurgisk avdeling"]


class _Ids:
    def __init__(self):
        self.next: dict[str, int] = {}

    def __call__(self, kind: str) -> int:
        self.next[kind] = self.next.get(kind, 0) + 1
        return self.next[kind]


def _name(rng: random.Random, used: set) -> str:
    """A name not used before. The lists make 1,020 first + last names; a large file needs
    more, so after a run of misses a middle name is added."""
    tries = 0
    while True:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}" if tries < 20 else f"{first} {rng.choice(FIRST_NAMES)} {last}"
        if name not in used:
            used.add(name)
            return name
        tries += 1


def generate(doctors: int = 12, seed: int = 1, today: date | None = None,
             years: float | None = None) -> dict[str, list]:
    """All records of a demo municipality, by kind (see records.RECORD_KINDS), ids assigned.

    years=None lays the doctors out at every stage of training; years=Y gives every doctor
    Y years of history (the large benchmark file)."""
    rng = random.Random(seed)
    today = today or date.today()
    ids = _Ids()
    out: dict[str, list] = {k: [] for k in (
        "municipality", "doctors", "arenas", "arena_coverage", "supervisors",
        "supervisor_assignments", "placements", "leaves", "supervision_sessions",
        "goal_statuses", "activities", "meetings", "meeting_actions", "plan_items",
        "institution_requests", "institution_posts")}
    out["municipality"].append(m.Municipality(
        id=1, name="Fjordvik kommune", org_number="964000123", registered_date=date(2022, 6, 9),
        address="Rådhusgata 1, 4370 Fjordvik", place="Fjordvik", leader_name="Randi Solberg",
        leader_title="Kommuneoverlege", head_of_service_name="Geir Tveit",
        head_of_service_title="Kommunalsjef helse og omsorg", medical_lead_name="Randi Solberg",
        medical_lead_title="Kommuneoverlege", contact_email="postmottak@fjordvik.example",
        short_of_specialists=True, supervision_rate=1150.0, preparation_rate=1150.0))

    fkm_codes = [g.code for g in shipped_fkm()]
    arena_ids: dict[str, list[int]] = {}
    for name, typ, location, coverage, inside, partner in ARENAS:
        aid = ids("arenas")
        out["arenas"].append(m.Arena(
            id=aid, name=name, type=typ.value, location=location, inside_municipality=inside,
            partner=partner, supervision_modes=["presence", "phone", "digital"],
            new_supervisor_on_stay=not inside,
            default_category=_default_category(typ)))
        arena_ids.setdefault(typ.value, []).append(aid)
        covered = parse_goal_refs(coverage)
        covered.update({code: "full" for code in fkm_codes})  # every arena: "Alle FKM"
        for code, level in sorted(covered.items()):
            out["arena_coverage"].append(m.ArenaCoverage(
                id=ids("arena_coverage"), arena_id=aid, goal_code=code, level=level))

    used_names: set = set()
    supervisor_count = max(3, min(doctors // 2 + 2, 60))
    for i in range(supervisor_count):
        exempt = i == 2
        out["supervisors"].append(m.Supervisor(
            id=ids("supervisors"), name=_name(rng, used_names),
            email=f"veileder{i + 1}@fjordvik.example", phone=f"9{rng.randint(1000000, 9999999)}",
            workplace=ARENAS[i % 4][0], specialist=not exempt,
            exemption_until=add_months(today, 4) if exempt else None,
            course_completed=i % 3 != 1,
            employment=(SupervisorEmployment.SELF_EMPLOYED if i % 2 else
                        SupervisorEmployment.EMPLOYEE).value))

    for index in range(doctors):
        _doctor(out, ids, rng, index, doctors, today, years, arena_ids, used_names, fkm_codes)
    _institution_posts(out, ids, today)
    return out


def _default_category(typ: ArenaType) -> str:
    from alis_desktop.vocab import DEFAULT_CATEGORY
    return DEFAULT_CATEGORY[typ].value


def _stage_months(index: int, count: int, rng: random.Random, years: float | None) -> int:
    """Months since start for doctor `index`: spread from not yet started to finished."""
    if years is not None:
        return int(years * 12) + rng.randint(-2, 2)
    spread = [-2, 2, 7, 13, 20, 26, 31, 38, 44, 50, 57, 66]
    return spread[index % len(spread)] + (index // len(spread)) * 3


def _doctor(out, ids, rng, index, count, today, years, arena_ids, used_names, fkm_codes):
    months_in = _stage_months(index, count, rng, years)
    start = add_months(today.replace(day=1), -months_in)
    pct = 100.0 if index % 5 else 80.0
    did = ids("doctors")
    regime = Regime.OLD.value if index % 11 == 7 else Regime.NEW.value
    doctor = m.Doctor(
        id=did, name=_name(rng, used_names),
        birth_date=date(1985 + rng.randint(0, 12), rng.randint(1, 12), rng.randint(1, 28)),
        hpr_number=str(rng.randint(1000000, 9999999)),
        email=f"lege{did}@fjordvik.example", phone=f"4{rng.randint(1000000, 9999999)}",
        employment=[Employment.OWN_LIST, Employment.PERMANENT, Employment.LOCUM][index % 3].value,
        position_type=["Fastlege, næringsdrivende", "Fastlege, kommunalt ansatt",
                       "Vikar i fastlegepraksis"][index % 3],
        regime=regime, start_date=start, alis_agreement_date=start - timedelta(days=20),
        grant_end_date=add_months(start, 66), cost_code=f"ALIS-{did:03d}",
        on_call_arrangement="Interkommunal legevakt, kveld/natt/helg",
        catalog_version=m.FKM_CURRENT)
    out["doctors"].append(doctor)

    gp = rng.choice(arena_ids[ArenaType.GP_OFFICE.value])
    cursor = start
    inst_placement = None
    for months, typ, ppct in _placement_plan(index, pct):
        arena_id = gp if typ == ArenaType.GP_OFFICE.value else rng.choice(arena_ids[typ])
        end = add_months(cursor, months) - timedelta(days=1)
        status = PlacementStatus.PLANNED if cursor > today else PlacementStatus.COMPLETED
        # Fjordvik, like Eigersund, approves its KAD/ØHD for institution service.
        category = (ServiceCategory.INSTITUTION.value if typ == ArenaType.KAD.value
                    else _default_category(ArenaType(typ)))
        department = rng.choice(DEPARTMENTS) if typ == ArenaType.HOSPITAL.value else ""
        placement = m.Placement(id=ids("placements"), doctor_id=did, arena_id=arena_id,
                                category=category, start_date=cursor, end_date=end,
                                position_pct=ppct, status=status.value, department=department)
        out["placements"].append(placement)
        if category == ServiceCategory.INSTITUTION.value:
            inst_placement = placement
        cursor = end + timedelta(days=1)
    if cursor <= today - timedelta(days=60):  # the whole plan lies in the past: done
        doctor.end_date = cursor - timedelta(days=1)
        doctor.end_reason = "Spesialistgodkjent"

    _leaves(out, ids, rng, doctor, today)
    sup_ids = _assignments(out, ids, rng, doctor, today)
    served_until = min(today, doctor.end_date or today)
    if start <= served_until:
        _sessions(out, ids, rng, doctor, sup_ids, served_until, behind=index % 4 == 3)
        _activities(out, ids, rng, doctor, served_until)
        _goals(out, ids, rng, doctor, served_until, fkm_codes, inst_placement, today)
        _meetings(out, ids, rng, doctor, served_until, today, behind=index % 4 == 3)
    if inst_placement is None or inst_placement.start_date > today:
        if 12 <= months_in <= 48:
            _request(out, ids, rng, doctor, today, index)


def _placement_plan(index: int, pct: float) -> list[tuple[int, str, float]]:
    """(months, arena type, position %) blocks making up a five-year training; the last
    general-practice block is long enough for 60 counted months at the doctor's %."""
    gp = ArenaType.GP_OFFICE.value
    variants = [
        [(24, gp, pct), (6, ArenaType.HOSPITAL.value, 100.0)],
        [(18, gp, pct), (6, ArenaType.NURSING_HOME.value, 100.0), (12, gp, pct),
         (6, ArenaType.KAD.value, 100.0)],
        [(30, gp, 60.0 if index % 2 else pct), (3, ArenaType.HOSPITAL.value, 100.0),
         (3, ArenaType.HOSPITAL.value, 100.0)],
        [(12, ArenaType.HEALTH_STATION.value, 40.0), (24, gp, pct),
         (6, ArenaType.HOSPITAL.value, 100.0)],
    ]
    blocks = variants[index % len(variants)]
    counted = sum(months * p / 100 for months, _, p in blocks)
    rest = max(6, -int(-(60 - counted) * 100 // pct))  # ceil
    return blocks + [(rest, gp, pct)]


def _leaves(out, ids, rng, doctor, today):
    year = doctor.start_date.year
    while date(year, 7, 1) <= today:
        if date(year, 7, 1) > doctor.start_date and (not doctor.end_date or date(year, 7, 21) < doctor.end_date):
            out["leaves"].append(m.Leave(id=ids("leaves"), doctor_id=doctor.id,
                                         kind=LeaveKind.HOLIDAY.value, start_date=date(year, 7, 1),
                                         end_date=date(year, 7, 21), pct=100.0,
                                         notes="Sommerferie"))
        year += 1
    if doctor.id % 3 == 0 and add_months(doctor.start_date, 14) < today:
        s = add_months(doctor.start_date, 13)
        out["leaves"].append(m.Leave(id=ids("leaves"), doctor_id=doctor.id,
                                     kind=LeaveKind.SICKNESS.value, start_date=s,
                                     end_date=s + timedelta(days=rng.randint(10, 40)), pct=100.0))
    if doctor.id % 7 == 2 and add_months(doctor.start_date, 30) < today:
        s = add_months(doctor.start_date, 20)
        out["leaves"].append(m.Leave(id=ids("leaves"), doctor_id=doctor.id,
                                     kind=LeaveKind.PARENTAL.value, start_date=s,
                                     end_date=add_months(s, 6) - timedelta(days=1), pct=100.0,
                                     notes="Foreldrepermisjon"))


def _assignments(out, ids, rng, doctor, today) -> list[tuple[int, date, date | None]]:
    sups = [s.id for s in out["supervisors"]]
    first = sups[(doctor.id - 1) % len(sups)]
    change = add_months(doctor.start_date, 24)
    periods = []
    if change < min(today, doctor.end_date or today):
        second = sups[(doctor.id + 2) % len(sups)]
        periods = [(first, doctor.start_date, change - timedelta(days=1)),
                   (second, change, doctor.end_date)]
    else:
        periods = [(first, doctor.start_date, doctor.end_date)]
    for sid, s, e in periods:
        out["supervisor_assignments"].append(m.SupervisorAssignment(
            id=ids("supervisor_assignments"), doctor_id=doctor.id, supervisor_id=sid,
            start_date=s, end_date=e))
    return periods


def _sessions(out, ids, rng, doctor, periods, until, behind):
    month = doctor.start_date.replace(day=1)
    topics = ["Gjennomgang av læringsmål", "Pasientkasus", "Legevaktserfaringer",
              "Kommunikasjon og samvalg", "Individuell utdanningsplan", "Henvisninger",
              "Sykmeldingsarbeid", "Etisk refleksjon"]
    while month <= until:
        if month.month != 7:
            target = rng.choice([1.5, 2.0, 2.0]) if behind else rng.choice([3.0, 4.0, 4.0, 4.5])
            day = 3
            spent = 0.0
            while spent < target:
                hours = min(rng.choice([1.0, 1.5, 2.0]), target - spent)
                d = month.replace(day=min(day, days_in_month(month.year, month.month)))
                if doctor.start_date <= d <= until:
                    sid = next((s for s, a, b in periods if a <= d and (b is None or d <= b)),
                               periods[-1][0])
                    out["supervision_sessions"].append(m.SupervisionSession(
                        id=ids("supervision_sessions"), doctor_id=doctor.id, supervisor_id=sid,
                        date=d, hours=hours, topics=rng.choice(topics)))
                spent += hours
                day += 9
        month = add_months(month, 1)


def _activities(out, ids, rng, doctor, until):
    months = max(0, (until.year - doctor.start_date.year) * 12 + until.month - doctor.start_date.month)
    # On-call: about one shift a month, a few short ones that do not count toward the 40.
    for k in range(min(months, 60)):
        d = add_months(doctor.start_date, k) + timedelta(days=rng.randint(4, 20))
        if d > until:
            break
        short = rng.random() < 0.1
        out["activities"].append(m.Activity(
            id=ids("activities"), doctor_id=doctor.id, kind=ActivityKind.ON_CALL.value, date=d,
            hours=4.0 if short else rng.choice([8.0, 12.0, 16.0]), out_of_hours=True,
            title="Legevakt kveld/helg", signed_by="Vaktansvarlig lege"))
    course_rows = {c.code: c for c in courses()}
    for k, code in enumerate(["GK-A", "AKUTT", "GK-B", "VOLD", "GK-C", "FKM-ETIKK", "GK-D",
                              "FKM-SAKK"]):
        d = add_months(doctor.start_date, 3 + k * 6)
        if d > until:
            break
        c = course_rows[code]
        out["activities"].append(m.Activity(
            id=ids("activities"), doctor_id=doctor.id, kind=ActivityKind.COURSE.value, date=d,
            hours=30.0 if c.kind == "course" else 4.0, course_code=code, title=c.name,
            goals=list(c.goals), signed_by="Kursleder"))
    for k, topic in enumerate(["Barn og unge", "Psykiatri", "Hjerte og kar", "Geriatri",
                               "Muskel og skjelett", "Hud", "Gynekologi"]):
        d = add_months(doctor.start_date, 5 + k * 7)
        if d > until:
            break
        out["activities"].append(m.Activity(
            id=ids("activities"), doctor_id=doctor.id, kind=ActivityKind.COURSE.value, date=d,
            hours=15.0, course_code="EMNE", title=topic, signed_by="Kursleder"))
    for k in range(min(10, months // 4)):
        out["activities"].append(m.Activity(
            id=ids("activities"), doctor_id=doctor.id,
            kind=ActivityKind.JOINT_CONSULTATION.value,
            date=add_months(doctor.start_date, 2 + k * 4), hours=1.0, signed_by="Veileder"))
    if months >= 18:
        out["activities"].append(m.Activity(
            id=ids("activities"), doctor_id=doctor.id, kind=ActivityKind.PRACTICE_VISIT_MADE.value,
            date=add_months(doctor.start_date, 16), title="Praksisbesøk hos kollega"))
    if months >= 24:
        out["activities"].append(m.Activity(
            id=ids("activities"), doctor_id=doctor.id,
            kind=ActivityKind.PRACTICE_VISIT_RECEIVED.value,
            date=add_months(doctor.start_date, 22), title="Praksisbesøk fra veileder"))
    # Group supervision: two years of ten 6-hour sessions, from the second month.
    for k in range(min(20, max(0, months - 1) * 10 // 11)):
        year, session = divmod(k, 10)
        d = add_months(doctor.start_date, 1 + year * 12 + session) + timedelta(days=9)
        if d > until:
            break
        out["activities"].append(m.Activity(
            id=ids("activities"), doctor_id=doctor.id, kind=ActivityKind.GROUP_SUPERVISION.value,
            date=d, hours=6.0, title=f"Veiledningsgruppe år {year + 1}, samling {session + 1}",
            signed_by="Gruppeveileder"))


def _goals(out, ids, rng, doctor, until, fkm_codes, inst_placement, today):
    months = max(0, (until.year - doctor.start_date.year) * 12 + until.month - doctor.start_date.month)
    share = min(1.0, months / 58)
    codes = [c for c in ALM_CODES if c not in ("ALM-055", "ALM-085")]
    rng.shuffle(codes)
    approved = int(len(codes) * share)
    inst_done = inst_placement is not None and inst_placement.end_date < today
    leader = out["municipality"][0].leader_name
    for k, code in enumerate(codes):
        if k < approved:
            state = GoalState.APPROVED
        elif k < approved + 6 and months > 0:
            state = rng.choice([GoalState.IN_PROGRESS, GoalState.SUBMITTED])
        else:
            continue
        _goal_status(out, ids, rng, doctor, code, "ALM", state, until, leader)
    for code in ("ALM-055", "ALM-085"):
        if inst_done:
            _goal_status(out, ids, rng, doctor, code, "ALM", GoalState.APPROVED,
                         inst_placement.end_date + timedelta(days=14), leader)
    for k, code in enumerate(fkm_codes):
        if k < int(len(fkm_codes) * share):
            _goal_status(out, ids, rng, doctor, code, doctor.catalog_version,
                         GoalState.APPROVED, until, leader)


def _goal_status(out, ids, rng, doctor, code, version, state, until, leader):
    approved = state == GoalState.APPROVED
    when = doctor.start_date + timedelta(days=rng.randint(60, max(61, (until - doctor.start_date).days)))
    when = min(when, until)
    out["goal_statuses"].append(m.GoalStatus(
        id=ids("goal_statuses"), doctor_id=doctor.id, goal_code=code, catalog_version=version,
        state=state.value, approved_date=when if approved else None,
        approved_by=leader if approved else "",
        advice_supervisor="Individuell veileder" if approved else "",
        advice_clinical="Supervisør ved legekontoret" if approved else ""))


def _meetings(out, ids, rng, doctor, until, today, behind):
    leader = out["municipality"][0].leader_name
    d = doctor.start_date + timedelta(days=14)
    kind = MeetingKind.START
    last = None
    while d <= until:
        # A doctor who is behind also has a meeting that is now overdue.
        held = True
        outcome = (MeetingOutcome.WITH_ACTIONS if behind and kind != MeetingKind.START
                   else MeetingOutcome.SATISFACTORY)
        mid = ids("meetings")
        next_date = add_months(d, 6)
        out["meetings"].append(m.ReviewMeeting(
            id=mid, doctor_id=doctor.id, kind=kind.value, date=d,
            participants=[{"role": "Leder", "name": leader},
                          {"role": "Veileder", "name": "Individuell veileder"},
                          {"role": "ALIS", "name": doctor.name}],
            outcome=outcome.value,
            assessment="God progresjon i tråd med planen." if outcome == MeetingOutcome.SATISFACTORY
            else "Veiledning under målet siste måneder; tiltak avtalt.",
            plan_next="Fortsette i fastlegepraksis; planlegge kurs og legevakt.",
            next_date=next_date, held=held))
        if outcome == MeetingOutcome.WITH_ACTIONS:
            out["meeting_actions"].append(m.MeetingAction(
                id=ids("meeting_actions"), meeting_id=mid, doctor_id=doctor.id,
                what="Sette opp fast veiledningstid hver uke", who="Veileder",
                due_date=d + timedelta(days=30),
                done_date=None if add_months(d, 6) > until else d + timedelta(days=25)))
        last = d
        kind = MeetingKind.HALF_YEARLY
        d = add_months(d, 7 if behind else 6)
    if last is not None and not doctor.end_date:
        out["plan_items"].append(m.PlanItem(
            id=ids("plan_items"), doctor_id=doctor.id, meeting_id=out["meetings"][-1].id,
            kind="course", text="Melde seg på neste grunnkurs", due_date=add_months(last, 3)))


def _request(out, ids, rng, doctor, today, index):
    period = _next_rotation(add_months(today, 6 + (index % 2) * 6))
    status = [RequestStatus.WANTED, RequestStatus.REPORTED, RequestStatus.OFFERED][index % 3]
    out["institution_requests"].append(m.InstitutionRequest(
        id=ids("institution_requests"), doctor_id=doctor.id, desired_start=period,
        desired_end=add_months(period, 6) - timedelta(days=1),
        institution="Vestkyst universitetssykehus",
        departments=rng.sample(DEPARTMENTS, 2), location="Vestkyst",
        reported_date=today - timedelta(days=30) if status != RequestStatus.WANTED else None,
        status=status.value, notes=""))


def _next_rotation(after: date) -> date:
    """The first 1 March or 1 September on or after `after`."""
    for year in (after.year, after.year + 1):
        for month in (3, 9):
            if date(year, month, 1) >= after:
                return date(year, month, 1)
    raise AssertionError("unreachable")


def _institution_posts(out, ids, today):
    start = _next_rotation(today)
    for k in range(2):
        period = add_months(start, 6 * k)
        for dept in DEPARTMENTS[:2]:
            out["institution_posts"].append(m.InstitutionPost(
                id=ids("institution_posts"), institution="Vestkyst universitetssykehus",
                department=dept, period_start=period,
                period_end=add_months(period, 6) - timedelta(days=1)))
