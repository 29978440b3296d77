"""Bekreftelse på gjennomført praktisk tjeneste: the attestation PDF, issuing it into the
register (number, SHA-256, audit) and reprinting it byte for byte.

The content and the completeness rule live in alis_desktop.attestation; this module lays it
out and talks to the store it is handed (never to db directly)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop import models as m
from alis_desktop.attestation import (
    AttestationData, AttestationInputs, assemble, check_complete, next_number,
)
from alis_desktop.catalog import catalog
from alis_desktop.dates import fmt, years_months
from alis_desktop.errors import FileProblem, ValidationError
from alis_desktop.service_time import CATEGORIES
from alis_desktop.vocab import Employment, ServiceCategory
from reports import pdf

WRITES = True  # issuing registers the attestation in the file
TITLE = "Bekreftelse på gjennomført praktisk tjeneste"
AUDIT_ACTION = "attest utstedt"


# --------------------------------------------------------------------------- data

def assemble_from_store(store, doctor_id: int, *, as_of: date, period_start=None,
                        period_end=None, placement_ids=None, inputs=None,
                        issued_date=None) -> AttestationData:
    """The attestation data for one doctor, read through the store it is handed."""
    bundles = store.bundles(doctor_id)
    if doctor_id not in bundles:
        raise ValidationError("doctor_id", f"Finner ingen lege med id {doctor_id}.")
    bundle = bundles[doctor_id]
    arenas = {a.id: a for a in store.all("arenas")}
    supervisors = {s.id: s for s in store.all("supervisors")}
    goals = catalog(store.all("goal_texts"), fkm_version=bundle.doctor.catalog_version)
    fkm_codes = [g.code for g in goals if g.family == "FKM"]
    return assemble(store.municipality(), bundle, arenas=arenas, supervisors=supervisors,
                    as_of=as_of, period_start=period_start, period_end=period_end,
                    placement_ids=placement_ids, inputs=inputs, fkm_codes=fkm_codes,
                    issued_date=issued_date)


def assemble_many(store, doctor_ids, *, as_of: date,
                  issued_date=None) -> Iterator[tuple[int, AttestationData | ValidationError]]:
    """Attestation drafts of several doctors (a batch), each as assemble_from_store makes
    it alone, in the order given, with the registers (municipality, arenas, supervisors,
    goal texts, the FKM codes of each catalog version) read once, not once a doctor. Each
    doctor's records are read on their own (one query per kind over the doctor_id index:
    reading fifty doctors together measured slower). A doctor whose attestation cannot be
    made comes with its ValidationError."""
    municipality = store.municipality()
    arenas = {a.id: a for a in store.all("arenas")}
    supervisors = {s.id: s for s in store.all("supervisors")}
    overrides = store.all("goal_texts")
    fkm: dict[str, list[str]] = {}
    for doctor_id in doctor_ids:
        bundle = store.bundles(doctor_id).get(doctor_id)
        if bundle is None:
            yield doctor_id, ValidationError("doctor_id", f"Finner ingen lege med id {doctor_id}.")
            continue
        version = bundle.doctor.catalog_version
        if version not in fkm:
            fkm[version] = [g.code for g in catalog(overrides, fkm_version=version)
                            if g.family == "FKM"]
        try:
            yield doctor_id, assemble(municipality, bundle, arenas=arenas,
                                      supervisors=supervisors, as_of=as_of,
                                      fkm_codes=fkm[version], issued_date=issued_date)
        except ValidationError as error:
            yield doctor_id, error


# --------------------------------------------------------------------------- the PDF

def _months(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _pct(value: float) -> str:
    return _num(value) + " %"


def _period(start, end) -> str:
    return f"{fmt(start)} – {fmt(end)}"


def build_pdf(data: AttestationData, *, logo_path: str = "") -> bytes:
    """The attestation as PDF bytes; refused (AttestationIncomplete) while a field is empty.
    Identical data give identical bytes."""
    check_complete(data)
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    p, t = pdf.para, pdf.table
    story = [
        p(TITLE, "title"),
        p("Spesialistutdanning i allmennmedisin, del 3 (ALIS). Utstedt av registrert "
          "utdanningsvirksomhet etter spesialistforskriften § 25 bokstav e.", "small"),
        Spacer(1, 3 * mm),
        pdf.facts([("Dokumentnummer", data.number or "(ikke utstedt)"),
                   ("Utstedt", fmt(data.issued_date))]),
        p("1. Utdanningsvirksomhet", "h2"),
        pdf.facts([("Navn", data.municipality_name),
                   ("Organisasjonsnummer", data.org_number),
                   ("Registrert som utdanningsvirksomhet", fmt(data.registered_date)),
                   ("Adresse", data.municipality_address)]),
        p("2. Lege i spesialisering", "h2"),
        pdf.facts([("Navn", data.doctor_name),
                   ("Fødselsdato", fmt(data.birth_date)),
                   ("HPR-nummer", data.hpr_number),
                   ("Stillingstype", data.position_type),
                   ("Ansettelsesform", Employment.label_of(data.employment))]),
        p("3. Tjenesteperiode og stillingsprosent", "h2"),
        p(f"Perioden attesten gjelder: {_period(data.period_start, data.period_end)}"),
        Spacer(1, 1.5 * mm),
        t([["Læringsarena", "Tjenestekategori", "Fra", "Til", "Stilling"]]
          + [[s.arena + (f" ({s.department})" if s.department else ""), s.category_label,
              fmt(s.start), fmt(s.end), _pct(s.position_pct)] for s in data.services],
          [56 * mm, 50 * mm, 22 * mm, 22 * mm, 20 * mm]),
        p("4. Fravær utover lovfestet ferie", "h2"),
    ]
    if data.absences:
        story.append(t([["Fravær", "Fra", "Til", "Prosent", "Teller som tjeneste (§ 31)"]]
                       + [[a.kind_label, fmt(a.start), fmt(a.end), _pct(a.pct),
                           "Ja" if a.counts_as_service else "Nei, utover 10 % trekkes fra"]
                          for a in data.absences],
                       [54 * mm, 22 * mm, 22 * mm, 18 * mm, 54 * mm]))
    else:
        story.append(p("Ikke noe fravær utover lovfestet ferie i perioden."))
    rows = [["Tjenestekategori", "År og måneder", "Måneder"]]
    for cat in CATEGORIES:
        months = data.counted_by_category.get(cat, 0.0)
        if months > 0.005:
            rows.append([ServiceCategory.label_of(cat), years_months(months), _months(months)])
    rows.append([pdf.para("Sum tellende tjeneste", "cell_bold"),
                 pdf.para(years_months(data.counted_total), "cell_bold"),
                 pdf.para(_months(data.counted_total), "cell_bold")])
    story += [
        p("5. Tellende tjeneste (spesialistforskriften § 31)", "h2"),
        t(rows, [90 * mm, 50 * mm, 30 * mm]),
        Spacer(1, 1 * mm),
        p("Regnet i kalendermåneder vektet med stillingsprosent. Fravær for kurs og annet "
          "utdanningsrelatert fravær og lovfestet ferie teller som tjeneste; annet fravær "
          "trekkes fra for den delen som overstiger 10 % av utdanningstiden.", "small"),
        p("6. Veiledning", "h2"),
        t([["Individuell veileder", "Spesialistgodkjenning", "Fra", "Til"]]
          + [[s.name, s.qualification, fmt(s.start), fmt(s.end)] for s in data.supervisors],
          [50 * mm, 76 * mm, 22 * mm, 22 * mm]),
        Spacer(1, 1 * mm),
        p(f"Individuell veiledning gjennomført i perioden: {_num(data.supervision_hours)} "
          "timer." if data.supervision_hours
          else "Ingen veiledningstimer registrert i perioden.", "small"),
        p("7. Undervisning", "h2"),
        p(data.teaching),
        p("8. Vaktordning", "h2"),
        p(data.on_call),
        p("9. Tjenestens innhold", "h2"),
        p(data.content),
        p("10. Vurdering", "h2"),
        p("Tjenesten er vurdert som tilfredsstillende: "
          + ("Ja" if data.satisfactory else "Nei")
          + (f". {data.assessment_note}" if data.assessment_note else "")),
        p("11. Læringsmål godkjent i perioden", "h2"),
        p(f"{len(data.goals_approved)} læringsmål: {data.goals_text}" if data.goals_approved
          else "Ingen læringsmål godkjent i perioden."),
        Spacer(1, 4 * mm),
        KeepTogether(pdf.signature_block(
            [(data.head_of_service_name, data.head_of_service_title + ", leder for tjenesten"),
             (data.medical_lead_name,
              data.medical_lead_title + ", medisinskfaglig ansvarlig lege")],
            place_date=f"Sted og dato: {data.place}, {fmt(data.issued_date)}")),
    ]
    info = pdf.DocumentInfo(
        title=TITLE, subject=f"{TITLE}: {data.doctor_name}, {_period(data.period_start, data.period_end)}",
        municipality=data.municipality_name, logo_path=logo_path,
        footer_note=f"Dokumentnr. {data.number}" if data.number else "")
    return pdf.build(story, info)


# --------------------------------------------------------------------------- register

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def issue(store, data: AttestationData) -> m.Attestation:
    """Number, print and register one attestation in one transaction (audited)."""
    check_complete(data)
    logo = store.municipality().logo_path
    with store.transaction():
        year = data.issued_date.year
        number = next_number((a.number for a in store.all("attestations")), year)
        numbered = data.with_number(number)
        content = build_pdf(numbered, logo_path=logo)
        record = m.Attestation(doctor_id=data.doctor_id, number=number,
                               issued_date=data.issued_date, period_start=data.period_start,
                               period_end=data.period_end,
                               placement_ids=list(data.placement_ids), sha256=sha256(content),
                               pdf=content)
        store.save(record, audit=AUDIT_ACTION)
    return record


def reprint(store, attestation_id: int) -> bytes:
    """The stored PDF, byte for byte, after checking it against its registered checksum."""
    record = store.get("attestations", attestation_id)
    if sha256(record.pdf) != record.sha256:
        raise FileProblem(f"Attest {record.number} stemmer ikke med sjekksummen i registeret "
                          "og skrives ikke ut. Filen kan være skadet; ta kontakt med den som "
                          "har ansvar for sikkerhetskopiene.")
    return record.pdf


def run_cli(store, args) -> Path:
    """`report attestation FILE --doctor ID [--from D --to D] [--placements ID,ID] --out
    PDF`: issue and register (only the named service periods, when given)."""
    if args.doctor is None:
        raise ValidationError("doctor", "Oppgi legen med --doctor ID.")
    data = assemble_from_store(store, args.doctor, as_of=date.today(),
                               period_start=args.from_date, period_end=args.to_date,
                               placement_ids=getattr(args, "placements", None),
                               inputs=AttestationInputs())
    record = issue(store, data)
    out = Path(args.out)
    write_bytes_atomically(out, record.pdf)
    return out
