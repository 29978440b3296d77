"""The municipality's plan for the specialist training (spesialistforskriften § 23 d), in
the shape of the municipal plans (Eigersund, Drammen): organisation, the training period,
supervision and assessment as standard text with the municipality's names filled in, then
every learning arena with its type, location, the goals it covers in the plans' compact
notation ("ALM 002-004 (delvis)"), supervision, partner institutions and contact persons."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.catalog import ALM_CODES, shipped_fkm
from alis_desktop.dates import fmt
from alis_desktop.goal_refs import format_goal_refs
from alis_desktop.vocab import ArenaType, SupervisionMode
from reports import pdf

TITLE = "Utdanningsplan for spesialistutdanning i allmennmedisin"

# Standard text, written once from the seed plans and Helsedirektoratet's guidance; the
# municipality's names are filled in. {k} = the municipality's name.
INTRO = (
    "{k} er registrert som utdanningsvirksomhet for spesialistutdanning i allmennmedisin"
    "{registered}. Som registrert utdanningsvirksomhet skal kommunen tilby helhetlige "
    "utdanningsløp for den enkelte lege i spesialisering (ALIS), legge til rette for "
    "læringsaktiviteter slik at læringsmålene kan nås, og dokumentere hvordan arbeidet med "
    "spesialistutdanningen er organisert (spesialistforskriften § 23). Denne planen viser "
    "hvilke læringsarenaer som kan tilby de ulike læringsmålene, hvordan veiledningen og "
    "vurderingen organiseres og gjennomføres, og hvordan det legges til rette for supervisjon.")
SERVICE_TIME = (
    "Utdanningstiden i allmennmedisin er minst fem år i full stilling; ved deltid forlenges "
    "tjenestetiden tilsvarende (spesialistforskriften § 31). Minst to år skal være i åpen "
    "uselektert allmennpraksis i minst 50 % stilling. Annen allmennmedisinsk tjeneste (sykehjem, "
    "legevakt, KAD/ØHD, helsestasjon og skolehelsetjeneste, kommunal administrasjon) kan utgjøre "
    "inntil 2,5 år, og allmennmedisinsk tjeneste til sammen inntil 4,5 år. Institusjonstjeneste "
    "anbefales i minst seks måneder (eller 3 + 3 måneder) for å nå læringsmålene ALM-055 og "
    "ALM-085, i godkjent utdanningsvirksomhet i spesialisthelsetjenesten eller i kommunal "
    "helseinstitusjon som tilbyr veiledning, supervisjon og internundervisning.")
ORGANISATION = (
    "{head} har det overordnede ansvaret for legetjenesten og spesialistutdanningen i {k}. "
    "{leader} er leder for ALIS-ordningen: følger opp den enkelte ALIS, holder "
    "oppfølgingsmøtene og godkjenner læringsmål. {medical} er medisinskfaglig ansvarlig lege. "
    "Kommunen inngår ALIS-avtale med hver lege i spesialisering og utsteder bekreftelse på "
    "gjennomført praktisk tjeneste (§ 25 bokstav e).")
INDIVIDUAL_PLAN = (
    "Ved oppstart utarbeides en individuell utdanningsplan i samråd med legen, med oversikt "
    "over læringsarenaene legen skal tjenestegjøre på (§ 25 bokstav a). Leder, veileder og ALIS "
    "møtes normalt hvert halvår og minst én gang i året. I møtet gjennomgås og revideres planen, "
    "læringsmål vurderes, og det settes inn tiltak dersom progresjonen ikke er "
    "tilfredsstillende.")
SUPERVISION = (
    "Hver ALIS får oppnevnt en individuell veileder (§ 25 bokstav d). Veileder skal være "
    "spesialist i allmennmedisin; tidsbegrenset fritak kan gis av Helsedirektoratet. "
    "Veiledningen er planlagte, regelmessige samtaler om faglig progresjon, i gjennomsnitt "
    "minst 4 timer per måned i 10,5 måneder per år (42 timer per år) i hele utdanningen. "
    "Veileder får i tillegg godtgjort 1,5 timer per måned til forberedelse. Veileder skal melde "
    "fra til leder dersom progresjonen over tid ikke er som forventet.\n"
    "Gruppeveiledning går over to år med ti samlinger per år; ett av årene skal gjennomføres "
    "mens ALIS er i åpen uselektert allmennpraksis.")
CLINICAL_SUPERVISION = (
    "ALIS skal ha tilgang på supervisjon i det daglige arbeidet: råd og vurdering i konkrete "
    "kliniske situasjoner fra en mer erfaren kollega eller annen fagperson med kompetanse på "
    "feltet. Ved enkelte læringsaktiviteter, som praktiske prosedyrer, må supervisør være til "
    "stede; ellers kan supervisjon skje per telefon eller digitalt. Supervisjonsform for hver "
    "læringsarena står under læringsarenaene.")
ASSESSMENT = (
    "Leder sørger for fortløpende vurdering av om læringsmålene er oppnådd. Et læringsmål "
    "godkjennes etter råd fra veileder og minst én supervisør (§ 26). Vurderingskollegium kan "
    "brukes til en helhetlig vurdering for en periode. Den som ikke får et læringsmål godkjent, "
    "har rett til ny vurdering (§ 26).")


def _modes(arena) -> str:
    labels = [SupervisionMode.label_of(m) for m in arena.supervision_modes]
    if not labels:
        return "Ikke oppgitt"
    text = labels[0] + "".join(f", {x.lower()}" for x in labels[1:-1])
    return text + (f" og {labels[-1].lower()}" if len(labels) > 1 else "")


def goal_notation(coverage: dict[str, str]) -> tuple[str, str]:
    """(ALM text, FKM text) in the plans' compact notation; codes outside the shipped
    catalog (an imported FKM version) are listed as they are."""
    texts = []
    fkm = {g.code for g in shipped_fkm()}
    for family in ("ALM", "FKM"):
        part = {c: lv for c, lv in coverage.items() if c.startswith(family + "-")}
        if not part:
            texts.append("Ingen")
            continue
        try:
            texts.append(format_goal_refs(part))
        except ValueError:
            known = {c: lv for c, lv in part.items() if c in fkm or c in ALM_CODES}
            rest = sorted(set(part) - set(known))
            texts.append(", ".join(([format_goal_refs(known)] if known else []) + rest))
    return texts[0], texts[1]


def uncovered_goals(coverage_by_arena: dict[int, dict[str, str]]) -> tuple[list, list]:
    """(goals no arena covers, goals only partly covered anywhere), ALM and shipped FKM."""
    best: dict[str, str] = {}
    for cov in coverage_by_arena.values():
        for code, level in cov.items():
            if best.get(code) != "full":
                best[code] = level
    every = list(ALM_CODES) + [g.code for g in shipped_fkm()]
    return ([c for c in every if c not in best],
            [c for c in every if best.get(c) == "partial"])


def _arena_block(arena, coverage: dict[str, str]):
    alm, fkm = goal_notation(coverage)
    location = arena.name + (f". {arena.location}" if arena.location else "")
    rows = [("Type læringsarena", ArenaType.label_of(arena.type)),
            ("Lokalisasjon", location)]
    if arena.description:
        rows.append(("Beskrivelse", arena.description))
    if not arena.inside_municipality:
        rows.append(("Samarbeidspartner", arena.partner))
    rows += [("ALM: læringsmål som kan helt eller delvis oppnås", alm),
             ("FKM: læringsmål som kan helt eller delvis oppnås", fkm),
             ("Supervisjon foregår ved", _modes(arena)),
             ("Ny veileder ved opphold", "Ja" if arena.new_supervisor_on_stay else "Nei")]
    return pdf.facts(rows, label_width_mm=62)


def build_pdf(municipality, arenas, coverage_rows, *, doctors, supervisors,
              as_of: date) -> bytes:
    """The plan from the file's records (archived arenas left out)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    p = pdf.para
    k = municipality.name
    coverage: dict[int, dict[str, str]] = defaultdict(dict)
    for c in coverage_rows:
        coverage[c.arena_id][c.goal_code] = c.level
    active = [a for a in arenas if not a.archived]
    inside = [a for a in active if a.inside_municipality]
    outside = [a for a in active if not a.inside_municipality]
    current = [d for d in doctors if not d.archived and (d.start_date and d.start_date <= as_of)
               and not (d.end_date and d.end_date < as_of)]
    sups = [s for s in supervisors if not s.archived]
    registered = (f" fra {fmt(municipality.registered_date)}"
                  if municipality.registered_date else "")
    if municipality.org_number:
        registered += f" (organisasjonsnummer {municipality.org_number})"

    def person(name, title, fallback):
        if not name:
            return fallback
        return f"{title} {name}" if title else name

    story = [
        p(TITLE, "title"),
        p(f"{k}: plan for spesialistutdanningen etter spesialistforskriften § 23 bokstav d. "
          f"Laget {fmt(as_of)} fra kommunens ALIS-register.", "small"),
        p("1. Innledning", "h2"),
        p(INTRO.format(k=k, registered=registered)),
        p("2. Organisering av tjenesten og utdanningen", "h2"),
        p(ORGANISATION.format(
            k=k,
            head=person(municipality.head_of_service_name, municipality.head_of_service_title,
                        "Kommunens ledelse"),
            leader=person(municipality.leader_name, municipality.leader_title, "Leder"),
            medical=person(municipality.medical_lead_name, municipality.medical_lead_title,
                           "Kommuneoverlegen"))),
        Spacer(1, 2 * mm),
        pdf.facts([
            ("Leger i spesialisering (ALIS) nå", str(len(current))),
            ("Individuelle veiledere", f"{len(sups)}, av dem "
                                       f"{sum(1 for s in sups if s.specialist)} spesialister "
                                       "i allmennmedisin"),
            ("Læringsarenaer i kommunen", str(len(inside))),
            ("Læringsarenaer hos samarbeidspartnere", str(len(outside))),
        ]),
        p("3. Tjenestetid", "h2"),
        p(SERVICE_TIME),
        p("4. Individuell utdanningsplan, oppfølging og vurdering", "h2"),
        p(INDIVIDUAL_PLAN),
        p("5. Veiledning", "h2"),
        p(SUPERVISION),
        p("6. Supervisjon", "h2"),
        p(CLINICAL_SUPERVISION),
        p("7. Vurdering av kompetanse og godkjenning av læringsmål", "h2"),
        p(ASSESSMENT),
        p("8. Læringsarenaer i kommunen", "h2"),
    ]
    # Grouped by type as the plans do ("Læringsarena 1 – Fastlegekontor" lists every office).
    by_type: dict[str, list] = defaultdict(list)
    for a in inside:
        by_type[a.type].append(a)
    order = [t.value for t in ArenaType]
    for n, typ in enumerate(sorted(by_type, key=order.index), start=1):
        story.append(p(f"Læringsarena {n} – {ArenaType.label_of(typ)}", "h3"))
        for a in sorted(by_type[typ], key=lambda a: a.name):
            story.append(KeepTogether([_arena_block(a, coverage[a.id]), Spacer(1, 2.5 * mm)]))
    if not inside:
        story.append(p("Ingen læringsarenaer registrert i kommunen."))
    story.append(p("9. Samarbeidende læringsarenaer utenfor kommunen", "h2"))
    for n, a in enumerate(sorted(outside, key=lambda a: a.name), start=1):
        story.append(p(f"Læringsarena {n} – {a.name}", "h3"))
        story.append(KeepTogether([_arena_block(a, coverage[a.id]), Spacer(1, 2.5 * mm)]))
    if not outside:
        story.append(p("Kommunen har ingen læringsarenaer hos samarbeidspartnere."))

    partners: dict[str, list[str]] = defaultdict(list)
    for a in outside:
        partners[a.partner].append(a.name)
    story.append(p("10. Samarbeidspartnere", "h2"))
    if partners:
        story.append(pdf.table([["Samarbeidspartner", "Læringsarena(er)"]]
                               + [[name, ", ".join(sorted(names))]
                                  for name, names in sorted(partners.items())],
                               [70 * mm, 100 * mm]))
    else:
        story.append(p("Ingen samarbeidsavtaler registrert."))

    missing, partial = uncovered_goals({a.id: coverage[a.id] for a in active})
    story.append(p("11. Dekning av læringsmålene", "h2"))
    story.append(p(
        "Alle læringsmål dekkes helt av minst én læringsarena." if not missing and not partial
        else "Oversikten viser hvor kommunen må bruke kurs, gruppeveiledning eller "
             "samarbeidspartnere for å dekke læringsmålene."))
    story.append(Spacer(1, 1.5 * mm))
    story.append(pdf.facts([
        ("Ikke dekket av noen læringsarena",
         ", ".join(t for t in goal_notation({c: "full" for c in missing}) if t != "Ingen")
         or "Ingen"),
        ("Bare delvis dekket",
         ", ".join(t for t in goal_notation({c: "full" for c in partial}) if t != "Ingen")
         or "Ingen"),
    ], label_width_mm=62))

    def contact(name, title):
        if not name:
            return ""
        return name + (f", {title[:1].lower()}{title[1:]}" if title else "")

    contacts = [("Leder for tjenesten", contact(municipality.head_of_service_name,
                                                municipality.head_of_service_title)),
                ("Medisinskfaglig ansvarlig lege", contact(municipality.medical_lead_name,
                                                           municipality.medical_lead_title)),
                ("Leder for ALIS", contact(municipality.leader_name, municipality.leader_title)),
                ("E-post", municipality.contact_email),
                ("Adresse", municipality.address)]
    story.append(p("12. Kontaktpersoner i kommunen", "h2"))
    story.append(pdf.facts([(label, value) for label, value in contacts if value],
                           label_width_mm=62))
    info = pdf.DocumentInfo(title=TITLE, subject=f"{TITLE}: {k} (spesialistforskriften § 23 d)",
                            municipality=k, logo_path=municipality.logo_path,
                            footer_note=f"{k} · utdanningsplan per {fmt(as_of)}")
    return pdf.build(story, info)


def build_for(store, as_of: date) -> bytes:
    return build_pdf(store.municipality(), store.all("arenas"), store.all("arena_coverage"),
                     doctors=store.all("doctors"), supervisors=store.all("supervisors"),
                     as_of=as_of)


def run_cli(store, args) -> Path:
    """`report municipal-plan FILE [--to D] --out PDF`."""
    out = Path(args.out)
    write_bytes_atomically(out, build_for(store, args.to_date or date.today()))
    return out
