"""Kom i gang: the steps a new leader takes to set up a file, in order, each done or not
from what the file holds (never from what was clicked).

The db layer counts (db.queries.setup_counts); the Oversikt panel shows the steps
(ui/help/getting_started.py). Per-doctor steps are done when every doctor in the file
(archived ones aside) has one: a doctor added later without a service period brings the
step, and the panel, back."""

from __future__ import annotations

from dataclasses import dataclass

from alis_desktop.models import Municipality

# The name a new file's municipality gets (db/store.py) until the leader types the real one.
PLACEHOLDER_NAME = "Min kommune"


@dataclass(frozen=True)
class SetupCounts:
    """What the file holds, as far as setting it up goes (archived records left out)."""

    arenas: int = 0
    supervisors: int = 0
    doctors: int = 0
    doctors_with_placements: int = 0
    doctors_with_supervisor: int = 0
    doctors_with_meetings: int = 0


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    explanation: str
    button: str
    done: bool
    progress: str = ""  # "1 av 3 leger", or what is missing
    available: bool = True  # False: an earlier step must come first (no doctors yet)
    alternative: str = ""  # a second way in: the plan's table pasted, a sheet imported


def municipality_missing(municipality: Municipality) -> list[str]:
    """What the municipality's details still lack for the documents' letterhead."""
    missing = []
    if not municipality.name.strip() or municipality.name.strip() == PLACEHOLDER_NAME:
        missing.append("kommunens navn")
    if not municipality.leader_name.strip():
        missing.append("ALIS-leders navn")
    return missing


def _per_doctor(done_count: int, doctors: int) -> tuple[bool, str]:
    if doctors == 0:
        return False, "Registrer en lege først."
    return done_count >= doctors, f"{done_count} av {doctors} leger"


def steps(municipality: Municipality, counts: SetupCounts) -> list[Step]:
    """The guided start's steps in the order a new leader takes them."""
    missing = municipality_missing(municipality)
    placements = _per_doctor(counts.doctors_with_placements, counts.doctors)
    assigned = _per_doctor(counts.doctors_with_supervisor, counts.doctors)
    met = _per_doctor(counts.doctors_with_meetings, counts.doctors)
    has_doctors = counts.doctors > 0
    return [
        Step("municipality", "Kommunens opplysninger",
             "Navnet på kommunen og ALIS-leder, og gjerne leder for tjenesten og medisinsk "
             "ansvarlig lege: de står på attester og planer.",
             "Fyll ut ...", not missing,
             "Mangler " + " og ".join(missing) + "." if missing else municipality.name),
        Step("arenas", "Læringsarenaer",
             "Stedene legene tjenestegjør (legekontor, legevakt, sykehjem ...) og hvilke "
             "læringsmål hver av dem dekker, slik de står i kommunens utdanningsplan.",
             "Ny læringsarena ...", counts.arenas > 0, _count(counts.arenas, "arena", "arenaer"),
             alternative="Lim inn fra planen ..."),
        Step("supervisors", "Veiledere",
             "Spesialistene i allmennmedisin som veileder legene (§ 25).",
             "Ny veileder ...", counts.supervisors > 0,
             _count(counts.supervisors, "veileder", "veiledere")),
        Step("doctors", "Leger i spesialisering",
             "Hver ALIS med startdato for utdanningen og ansettelsesform.",
             "Ny lege ...", has_doctors, _count(counts.doctors, "lege", "leger"),
             alternative="Importer fra regneark ..."),
        Step("placements", "Tjenesteperioder",
             "Hvor og i hvilken stillingsprosent hver lege tjenestegjør, fra dato til dato. "
             "Tjenestetiden og prognosen regnes ut fra disse.",
             "Ny tjenesteperiode ...", placements[0], placements[1], has_doctors),
        Step("assignments", "Veileder for hver lege",
             "Hvilken veileder hver lege har, og fra når.",
             "Tildel veileder ...", assigned[0], assigned[1], has_doctors),
        Step("meetings", "Første møter",
             "Oppfølgingsmøtet med leder, veileder og ALIS (halvårlig, minst årlig). Et "
             "planlagt møte er nok for å komme i gang.",
             "Nytt møte ...", met[0], met[1], has_doctors),
    ]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}" if n else "Ingen ennå."


def all_done(found: list[Step]) -> bool:
    return all(s.done for s in found)


def next_step(found: list[Step]) -> Step | None:
    """The first step not yet done (the one the panel points at)."""
    return next((s for s in found if not s.done), None)


def setting_up(counts: SetupCounts, remembered: bool) -> bool:
    """A file is being set up when it has no doctor yet, or had none when the panel first
    showed on it (the UI remembers that until every step is done). A file in use, whose
    newest doctor has no meeting yet, is not being set up: the panel does not nag it."""
    return counts.doctors == 0 or remembered


def panel_wanted(found: list[Step], *, being_set_up: bool = True, dismissed: bool = False,
                 asked_for: bool = False) -> bool:
    """The panel shows on a file being set up while a step remains, unless the leader hid
    it for this file; asked for from Hjelp -> Vis Kom i gang, it shows on any file."""
    if asked_for:
        return True
    return being_set_up and not dismissed and not all_done(found)
