"""What each kind of sheet holds: its fields, their Norwegian labels, the header words that
name them in real sheets, and how a cell is read.

The header words are written as normalise_header() leaves them: lower case, punctuation
gone, '%' as the word 'prosent' ("HPR-nr." -> "hpr nr", "Stilling %" -> "stilling prosent").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alis_desktop import sheet_values as v
from alis_desktop.vocab import (
    ActivityKind, ArenaType, Employment, LeaveKind, PlacementStatus, Regime, ServiceCategory,
)

# Words people write for coded values, beside the program's own labels and codes.
LEAVE_ALIASES = {
    "syk": "sickness", "sykmelding": "sickness", "sykemelding": "sickness",
    "sykmeldt": "sickness", "egenmelding": "sickness", "sykdom": "sickness",
    "foreldrepermisjon": "parental", "fødselspermisjon": "parental", "svangerskapspermisjon":
    "parental", "pappapermisjon": "parental", "permisjon uten lønn": "unpaid",
    "ulønnet": "unpaid", "ferie": "holiday", "kurs": "course", "annet": "other",
    "utdanningspermisjon": "training",
}
ACTIVITY_ALIASES = {
    "vakt": "on_call", "legevakt": "on_call", "legevaktvakt": "on_call", "kveldsvakt": "on_call",
    "nattevakt": "on_call", "nattvakt": "on_call", "helgevakt": "on_call", "vakt legevakt":
    "on_call", "kurs": "course", "felleskonsultasjon": "joint_consultation",
    "gruppeveiledning": "group_supervision", "internundervisning": "internal_teaching",
    "møte": "meeting", "prosedyre": "procedure",
}
CATEGORY_ALIASES = {
    "fastlege": "gp_unselected", "fastlegepraksis": "gp_unselected",
    "allmennpraksis": "gp_unselected", "uselektert": "gp_unselected",
    "annen allmennmedisin": "gp_other", "institusjon": "institution",
    "sykehus": "institution", "annen spesialitet": "other_specialty",
}
EMPLOYMENT_ALIASES = {"fast": "permanent", "fast ansatt": "permanent",
                      "fastlege": "own_list", "egen hjemmel": "own_list", "vikariat": "locum"}
REGIME_ALIASES = {"ny": "new", "gammel": "old"}
# «Gjennomført» / «Planlagt» were the statuses' labels before Avtalt / Foreløpig (docs/rules.md);
# sheets written then (and leaders' own words) still say them.
STATUS_ALIASES = {"ferdig": "completed", "avtalt": "completed", "pågår": "completed",
                  "gjennomført": "completed", "planlagt": "planned"}

# Words in an arena's name that say what kind of arena it is (a new arena from a sheet).
ARENA_TYPE_WORDS = (
    ("legevakt", ArenaType.OUT_OF_HOURS), ("sykehjem", ArenaType.NURSING_HOME),
    ("sjukeheim", ArenaType.NURSING_HOME), ("kad", ArenaType.KAD), ("øhd", ArenaType.KAD),
    ("helsestasjon", ArenaType.HEALTH_STATION), ("sykehus", ArenaType.HOSPITAL),
    ("sjukehus", ArenaType.HOSPITAL), ("helseforetak", ArenaType.HOSPITAL),
    ("flyktning", ArenaType.REFUGEE_HEALTH), ("smittevern", ArenaType.INFECTION_CONTROL),
    ("administrasjon", ArenaType.ADMINISTRATION), ("kommuneoverlege", ArenaType.ADMINISTRATION),
)


def text(value) -> str:
    """A one-line value (a name, a workplace ...): a line break typed in the cell (Excel's
    Alt+Enter) is a space, as the program's one-line fields allow no line breaks."""
    return " ".join(v.shown(value).split())


def free_text(value) -> str:
    """Notes and topics keep their lines."""
    return v.shown(value)


def read_catalog_version(value) -> str:
    """FKM-2026 / FKM-2017, or how a sheet says it ("tidligere", "LM", "2017", "ny")."""
    key = v.norm(v.shown(value)).replace("-", "").replace(" ", "")
    if key in ("fkm2017", "2017", "tidligere", "gammel", "gamle", "lm", "tidligerefkm"):
        return "FKM-2017"
    if key in ("fkm2026", "2026", "ny", "nye", "gjeldende", "fkm"):
        return "FKM-2026"
    raise ValueError(f"«{v.shown(value)}» er ikke en katalogversjon (skriv FKM-2026 eller "
                     "FKM-2017 for de tidligere felles kompetansemålene)")


@dataclass(frozen=True)
class Field:
    key: str
    label: str                 # Norwegian, as the preview's column header says it
    read: object               # cell -> value (may take today=...)
    required: bool = False
    headers: tuple[str, ...] = ()
    takes_today: bool = False


def _date_field(key, label, headers, required=False) -> Field:
    return Field(key, label, v.read_date, required, headers, takes_today=True)


DOCTOR_REF = Field("doctor", "Lege", text, True,
                   ("lege", "navn", "alis", "lis", "lege i spesialisering", "kandidat",
                    "fullt navn", "navn lege", "legens navn", "ansatt", "utdanningskandidat"))
FIRST_NAME = Field("first_name", "Fornavn", text, False, ("fornavn",))
LAST_NAME = Field("last_name", "Etternavn", text, False, ("etternavn",))
NOTES = ("merknad", "merknader", "notat", "notater", "kommentar", "kommentarer", "note")


@dataclass(frozen=True)
class SheetKind:
    key: str
    label: str
    fields: tuple[Field, ...]

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fields]


KINDS: dict[str, SheetKind] = {k.key: k for k in (
    SheetKind("doctors", "Leger", (
        Field("name", "Navn", text, True, DOCTOR_REF.headers),
        FIRST_NAME, LAST_NAME,
        Field("hpr_number", "HPR-nummer", v.read_hpr, False,
              ("hpr", "hpr nr", "hpr nummer", "hprnr", "hpr nr lege", "helsepersonellnummer")),
        _date_field("birth_date", "Fødselsdato", ("fødselsdato", "født", "fødd", "fødselsdag",
                                                 "f dato")),
        _date_field("start_date", "Startdato", ("startdato", "start", "oppstart", "oppstartsdato",
                                               "startdato alis", "start alis", "fra", "fra dato",
                                               "startet", "start utdanning"), required=True),
        Field("email", "E-post", text, False, ("e post", "epost", "e mail", "email", "mail",
                                               "e postadresse")),
        Field("phone", "Telefon", text, False, ("telefon", "mobil", "tlf", "mobilnummer",
                                                "telefonnummer", "tlf nr")),
        Field("employment", "Ansettelsesform", v.vocab_reader(Employment, EMPLOYMENT_ALIASES),
              False, ("ansettelsesform", "ansettelse", "tilknytning", "ansettelsesforhold")),
        Field("regime", "Ordning", v.vocab_reader(Regime, REGIME_ALIASES), False,
              ("ordning", "regelverk")),
        Field("position_type", "Stillingstype", text, False, ("stillingstype", "stilling")),
        _date_field("alis_agreement_date", "ALIS-avtale", ("alis avtale", "avtaledato",
                                                          "alis avtale dato", "avtale")),
        _date_field("grant_end_date", "Tilskudd til", ("tilskudd til", "tilskudd slutt",
                                                      "tilskuddsperiode slutt", "tilskudd")),
        _date_field("end_date", "Sluttdato", ("sluttdato", "slutt", "avsluttet", "til",
                                             "til dato")),
        Field("end_reason", "Årsak til avslutning", free_text, False,
              ("årsak", "sluttårsak", "årsak til avslutning")),
        Field("catalog_version", "Katalogversjon", read_catalog_version, False,
              ("katalogversjon", "katalog", "fkm versjon", "kompetansemål")),
        Field("supervisor", "Veileder", text, False, ("veileder", "veileders navn",
                                                      "individuell veileder")),
        Field("notes", "Notater", free_text, False, NOTES),
    )),
    SheetKind("placements", "Tjenesteperioder", (
        DOCTOR_REF, FIRST_NAME, LAST_NAME,
        Field("doctor_hpr", "HPR-nummer", v.read_hpr, False, ("hpr", "hpr nr", "hpr nummer")),
        Field("arena", "Læringsarena", text, True,
              ("arbeidssted", "læringsarena", "arena", "sted", "tjenestested", "legekontor",
               "praksis", "tjenestested arena", "arbeidsplass", "legesenter")),
        _date_field("start_date", "Fra", ("fra", "fra dato", "fom", "f o m", "startdato", "start",
                                         "fra og med"), required=True),
        _date_field("end_date", "Til", ("til", "til dato", "tom", "t o m", "sluttdato", "slutt",
                                       "til og med"), required=True),
        Field("position_pct", "Stillingsprosent", v.read_percent, False,
              ("stilling prosent", "stillingsprosent", "prosent", "stilling", "stillingsandel",
               "andel", "prosent stilling")),
        Field("category", "Tjenestekategori", v.vocab_reader(ServiceCategory, CATEGORY_ALIASES),
              False, ("tjenestekategori", "kategori", "type tjeneste", "tjenestetype")),
        Field("status", "Status", v.vocab_reader(PlacementStatus, STATUS_ALIASES), False,
              ("status",)),
        Field("department", "Avdeling", text, False, ("avdeling",)),
        Field("notes", "Notater", free_text, False, NOTES),
    )),
    SheetKind("leaves", "Fravær og permisjon", (
        DOCTOR_REF, FIRST_NAME, LAST_NAME,
        Field("doctor_hpr", "HPR-nummer", v.read_hpr, False, ("hpr", "hpr nr", "hpr nummer")),
        Field("kind", "Fraværstype", v.vocab_reader(LeaveKind, LEAVE_ALIASES), False,
              ("fraværstype", "type", "permisjonstype", "årsak", "fravær", "permisjon",
               "grunn", "type fravær", "fraværsårsak")),
        _date_field("start_date", "Fra", ("fra", "fra dato", "fom", "f o m", "startdato", "start",
                                         "fra og med"), required=True),
        _date_field("end_date", "Til", ("til", "til dato", "tom", "t o m", "sluttdato", "slutt",
                                       "til og med"), required=True),
        Field("pct", "Fraværsprosent", v.read_percent, False,
              ("fraværsprosent", "prosent", "grad", "sykmeldingsgrad", "stilling prosent",
               "fravær prosent", "andel")),
        Field("notes", "Notater", free_text, False, NOTES),
    )),
    SheetKind("supervision", "Veiledningstimer", (
        DOCTOR_REF, FIRST_NAME, LAST_NAME,
        Field("doctor_hpr", "HPR-nummer", v.read_hpr, False, ("hpr", "hpr nr", "hpr nummer")),
        Field("supervisor", "Veileder", text, True, ("veileder", "veileders navn")),
        _date_field("date", "Dato", ("dato", "veiledningsdato", "dag"), required=True),
        Field("hours", "Timer", v.read_hours, True,
              ("timer", "antall timer", "varighet", "tid", "timer veiledning")),
        Field("topics", "Tema", free_text, False, ("tema", "temaer", "emne")),
        Field("note", "Merknad", free_text, False, NOTES),
    )),
    SheetKind("activities", "Aktiviteter (vakter, kurs)", (
        DOCTOR_REF, FIRST_NAME, LAST_NAME,
        Field("doctor_hpr", "HPR-nummer", v.read_hpr, False, ("hpr", "hpr nr", "hpr nummer")),
        Field("kind", "Aktivitetstype", v.vocab_reader(ActivityKind, ACTIVITY_ALIASES), False,
              ("aktivitetstype", "type", "aktivitet", "vakttype", "type vakt")),
        _date_field("date", "Dato", ("dato", "fra dato", "startdato", "vaktdato", "dag"),
                    required=True),
        _date_field("end_date", "Til dato", ("til dato", "sluttdato")),
        Field("start_time", "Fra kl.", v.read_time, False,
              ("fra kl", "fra", "start", "starttid", "vakt start", "fra klokken", "kl fra")),
        Field("end_time", "Til kl.", v.read_time, False,
              ("til kl", "til", "slutt", "sluttid", "vakt slutt", "til klokken", "kl til")),
        Field("hours", "Timer", v.read_hours, False,
              ("timer", "antall timer", "varighet", "vaktlengde", "lengde")),
        Field("title", "Tittel", text, False,
              ("tittel", "kurs", "kursnavn", "beskrivelse", "navn på kurs", "vakt")),
        Field("course_code", "Kurskode", text, False, ("kurskode",)),
        Field("out_of_hours", "Utenom åpningstid", v.read_bool, False,
              ("utenom åpningstid", "utenom dagtid", "kveld natt helg")),
        Field("signed_by", "Signert av", text, False,
              ("signert av", "godkjent av", "attestert av", "signatur")),
        Field("note", "Merknad", free_text, False, NOTES),
    )),
)}


def normalise_header(value) -> str:
    """'HPR-nr.' -> 'hpr nr', 'Stilling %' -> 'stilling prosent', 'E-post:' -> 'e post'."""
    found = str(value or "").casefold().replace("%", " prosent ")
    return " ".join(re.sub(r"[^\wæøå]+", " ", found).split())


def guess_field(kind: SheetKind, header, taken: set[str]) -> str | None:
    """The field a header most likely names: an exact header word first, then a header
    that begins or ends with one ("Startdato ALIS", "Veileder (navn)")."""
    name = normalise_header(header)
    if not name:
        return None
    free = [f for f in kind.fields if f.key not in taken]
    for f in free:
        if name in f.headers:
            return f.key
    for f in free:
        for word in f.headers:
            if len(word) >= 4 and (name.startswith(word + " ") or name.endswith(" " + word)):
                return f.key
    return None


def arena_type_for(name: str) -> str:
    key = v.norm(name)
    for word, arena_type in ARENA_TYPE_WORDS:
        if re.search(rf"(?<![\wæøå]){word}", key):
            return arena_type.value
    return ArenaType.GP_OFFICE.value
