"""Overleveringspakke: what a new leader needs to take over the ALIS programme when the
person responsible leaves (a risk the grant's control report names): every doctor's status,
open actions, supervisors, agreements and upcoming deadlines, and the identity of the
verified copy of the file that goes with it (name, SHA-256, integrity check)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.dates import add_months, fmt
from alis_desktop.requirements import load_rules
from alis_desktop.vocab import Employment, PlacementStatus, Regime, RequestStatus
from reports import pdf
from reports.common import (
    current_supervisor, last_meeting, next_meeting_date, num, open_actions, stage, years,
)

TITLE = "Overleveringspakke for ALIS-ordningen"
WRITES = False  # the copy is read through the backup API; the file itself is not changed


@dataclass(frozen=True)
class Deadline:
    when: date
    doctor: str
    what: str


def deadlines(bundles: dict, supervisors: dict, plan_items, progress: dict,
              as_of: date, months: int = 6) -> list[Deadline]:
    """What falls due from now to `months` ahead, and what is already overdue."""
    horizon = add_months(as_of, months)
    out: list[Deadline] = []
    items_by_doctor: dict[int, list] = {}
    for item in plan_items:
        items_by_doctor.setdefault(item.doctor_id, []).append(item)
    old_deadline = None
    for spec in load_rules().for_regime(Regime.OLD.value):
        if spec.check == "deadline":
            old_deadline = date.fromisoformat(spec.get("deadline"))
    for did, b in bundles.items():
        d = b.doctor
        if d.archived or (d.end_date and d.end_date < as_of):
            continue
        nxt = next_meeting_date(b, as_of)
        if nxt and nxt <= horizon:
            out.append(Deadline(nxt, d.name, "Oppfølgingsmøte" + (" (forfalt)" if nxt < as_of
                                                                  else "")))
        for a in open_actions(b):
            if a.due_date and a.due_date <= horizon:
                out.append(Deadline(a.due_date, d.name, f"Tiltak: {a.what}"
                                    + (" (forfalt)" if a.due_date < as_of else "")))
        for item in items_by_doctor.get(did, []):
            if not item.done and item.due_date and item.due_date <= horizon:
                out.append(Deadline(item.due_date, d.name, f"Plan: {item.text}"
                                    + (" (forfalt)" if item.due_date < as_of else "")))
        if d.grant_end_date and as_of <= d.grant_end_date <= horizon:
            out.append(Deadline(d.grant_end_date, d.name, "Tilskuddsperioden slutter"))
        for p in b.placements:
            if p.status == PlacementStatus.PLANNED.value and as_of < p.start_date <= horizon:
                out.append(Deadline(p.start_date, d.name, "Planlagt tjenesteperiode starter"))
        if d.regime == Regime.OLD.value and old_deadline and as_of <= old_deadline <= horizon:
            out.append(Deadline(old_deadline, d.name, "Frist for søknad etter gammel "
                                                      "ordning (§ 37)"))
        sup = current_supervisor(b, supervisors, as_of)
        if sup and sup.exemption_until and sup.exemption_until <= horizon:
            out.append(Deadline(sup.exemption_until, d.name,
                                f"Veileders dispensasjon utløper ({sup.name})"))
        pr = progress.get(did)
        if pr and pr.projected_completion and as_of <= pr.projected_completion <= horizon:
            out.append(Deadline(pr.projected_completion, d.name,
                                "Beregnet ferdig: attest og søknad om spesialistgodkjenning"))
    return sorted(out, key=lambda x: (x.when, x.doctor, x.what))


def _doctor_section(b, pr, supervisors: dict, as_of: date) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    p = pdf.para
    d = b.doctor
    sup = current_supervisor(b, supervisors, as_of)
    last = last_meeting(b, as_of)
    nxt = next_meeting_date(b, as_of)
    contact = ", ".join(x for x in (sup.email, sup.phone) if x) if sup else ""
    behind = [r.label for r in pr.requirements if r.status == "behind"]
    facts = [
        ("Stadium", f"{stage(d, pr, as_of)}; tellende tjeneste {years(pr.counted_months)} "
                    f"({num(pr.pct_complete, 0)} %)"),
        ("Beregnet ferdig", (fmt(pr.projected_completion) + ". " if pr.projected_completion
                             else "") + pr.projection_note),
        ("Veileder", (f"{sup.name}" + (f" ({contact})" if contact else "")) if sup
         else "Mangler"),
        ("Avtaler", f"ALIS-avtale {fmt(d.alis_agreement_date) or 'ikke registrert'}; "
                    f"tilskudd til {fmt(d.grant_end_date) or '–'}; "
                    f"{Employment.label_of(d.employment)}"
                    + (f", {d.position_type}" if d.position_type else "")
                    + f"; {Regime.label_of(d.regime).lower()}"
                    + (f"; prosjektkode {d.cost_code}" if d.cost_code else "")),
        ("Kontakt", ", ".join(x for x in (d.email, d.phone) if x) or "–"),
        ("Møter", f"Siste {fmt(last.date) if last else '–'}; neste {fmt(nxt) or '–'}"),
        ("Ligger etter", "; ".join(behind) if behind else "Ingenting"),
    ]
    block = [p(d.name, "h3"), pdf.facts(facts, label_width_mm=34)]
    actions = open_actions(b)
    if actions:
        block += [Spacer(1, 1.5 * mm),
                  pdf.table([["Åpent tiltak", "Ansvarlig", "Frist"]]
                            + [[a.what, a.who, fmt(a.due_date) or "–"] for a in actions],
                            [110 * mm, 38 * mm, 22 * mm])]
    if pr.warnings:
        block += [Spacer(1, 1 * mm),
                  p("\n".join(f"• {w}" for w in pr.warnings), "small")]
    block.append(Spacer(1, 4 * mm))
    return [KeepTogether(block)]


def build_pdf(municipality, bundles: dict, progress: dict, *, supervisors: dict, arenas,
              plan_items, requests, copy=None, source_name: str = "",
              as_of: date) -> bytes:
    """`copy` is the verified copy (path, sha256, integrity, size, schema_version) or None."""
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Spacer

    p = pdf.para
    active = {did: b for did, b in bundles.items() if not b.doctor.archived
              and not (b.doctor.end_date and b.doctor.end_date < as_of)}
    finished = [b.doctor for b in bundles.values() if b.doctor not in
                [x.doctor for x in active.values()]]
    story = [
        p(TITLE, "title"),
        p(f"{municipality.name}, per {fmt(as_of)}. Alt en ny leder trenger for å overta "
          "oppfølgingen av legene i spesialisering: status, åpne tiltak, veiledere, avtaler og "
          "frister, og en kontrollert kopi av datafilen.", "body"),
        p("Kopi av datafilen", "h2"),
    ]
    if copy is not None:
        story.append(pdf.facts([
            ("Kopi", copy.path.name),
            ("Laget fra", source_name or "–"),
            ("SHA-256", copy.sha256),
            ("Integritetskontroll", "OK (SQLite integrity_check)" if copy.integrity == "ok"
             else copy.integrity),
            ("Størrelse", f"{num(copy.size / 1024, 0)} kB; skjemaversjon {copy.schema_version}"),
        ], label_width_mm=40))
        story.append(Spacer(1, 1 * mm))
        story.append(p("Kopien åpnes i ALIS Desktop (Fil > Åpne). Sjekksummen viser at filen "
                       "er den samme som ble kontrollert da pakken ble laget.", "small"))
    else:
        story.append(p("Ingen kopi laget sammen med dette dokumentet."))
    contacts = [("Leder for tjenesten", municipality.head_of_service_name,
                 municipality.head_of_service_title),
                ("Medisinskfaglig ansvarlig", municipality.medical_lead_name,
                 municipality.medical_lead_title),
                ("Leder for ALIS", municipality.leader_name, municipality.leader_title)]
    story += [
        p("Ansvar og kontakter", "h2"),
        pdf.facts([(role, f"{name}, {title[:1].lower()}{title[1:]}" if title else name)
                   for role, name, title
                   in contacts if name]
                  + [("E-post", municipality.contact_email or "–"),
                     ("Organisasjonsnummer", municipality.org_number or "–"),
                     ("Registrert utdanningsvirksomhet", fmt(municipality.registered_date)
                      or "–")], label_width_mm=52),
    ]
    due = deadlines(active, supervisors, plan_items, progress, as_of)
    story.append(p("Frister de neste 6 månedene", "h2"))
    if due:
        rows = [["Dato", "Lege", "Hva"]] + [[fmt(x.when), x.doctor, x.what] for x in due]
        colours = {k: pdf.RED for k, x in enumerate(due, start=1) if x.when < as_of}
        story.append(pdf.table(rows, [22 * mm, 42 * mm, 106 * mm], backgrounds=colours))
        story.append(p("Røde rader er forfalt.", "small"))
    else:
        story.append(p("Ingen frister registrert."))

    load: dict[int, list[str]] = {}
    for b in active.values():
        sup = current_supervisor(b, supervisors, as_of)
        if sup:
            load.setdefault(sup.id, []).append(b.doctor.name)
    sup_rows = [["Veileder", "Kvalifikasjon", "Arbeidssted", "Kontakt", "Veileder nå"]]
    for s in sorted((s for s in supervisors.values() if not s.archived), key=lambda s: s.name):
        qual = "Spesialist" if s.specialist else (
            f"Dispensasjon til {fmt(s.exemption_until)}" if s.exemption_until else "Ukjent")
        sup_rows.append([s.name, qual, s.workplace, "\n".join(x for x in (s.email, s.phone) if x),
                         ", ".join(sorted(load.get(s.id, []))) or "–"])
    story += [p("Veiledere", "h2"),
              pdf.table(sup_rows, [32 * mm, 26 * mm, 32 * mm, 46 * mm, 34 * mm])]

    partners = sorted({(a.partner, a.name) for a in arenas if not a.archived
                       and not a.inside_municipality and a.partner})
    waiting = [r for r in requests if r.status not in (RequestStatus.DONE.value,
                                                       RequestStatus.DECLINED.value)]
    story.append(p("Avtaler med samarbeidspartnere og venteliste til institusjonstjeneste", "h2"))
    if partners:
        story.append(pdf.table([["Samarbeidspartner", "Læringsarena"]]
                               + [[x, y] for x, y in partners], [70 * mm, 100 * mm]))
    if waiting:
        names = {did: b.doctor.name for did, b in bundles.items()}
        story.append(Spacer(1, 2 * mm))
        story.append(pdf.table(
            [["Lege", "Ønsket periode", "Institusjon", "Status"]]
            + [[names.get(r.doctor_id, ""), f"{fmt(r.desired_start)}–{fmt(r.desired_end)}",
                r.institution, RequestStatus.label_of(r.status)] for r in waiting],
            [42 * mm, 44 * mm, 56 * mm, 28 * mm]))
    if not partners and not waiting:
        story.append(p("Ingen registrert."))

    story += [PageBreak(), p("Status per lege", "h2")]
    for did, b in sorted(active.items(), key=lambda kv: kv[1].doctor.name):
        story += _doctor_section(b, progress[did], supervisors, as_of)
    if finished:
        story.append(p("Avsluttede og arkiverte leger", "h2"))
        story.append(pdf.table([["Lege", "Startdato", "Sluttdato", "Årsak"]]
                               + [[d.name, fmt(d.start_date), fmt(d.end_date) or "–",
                                   d.end_reason or ("Arkivert" if d.archived else "–")]
                                  for d in sorted(finished, key=lambda d: d.name)],
                               [50 * mm, 25 * mm, 25 * mm, 70 * mm]))
    info = pdf.DocumentInfo(title=TITLE, subject=f"{TITLE}: {municipality.name} per {fmt(as_of)}",
                            municipality=municipality.name, logo_path=municipality.logo_path,
                            footer_note=f"Overlevering per {fmt(as_of)}"
                            + (f" · kopi {copy.sha256[:12]}…" if copy else ""))
    return pdf.build(story, info)


def build_for(store, as_of: date, copy=None) -> bytes:
    return build_pdf(store.municipality(), store.bundles(), store.progress(as_of),
                     supervisors={s.id: s for s in store.all("supervisors")},
                     arenas=store.all("arenas"), plan_items=store.all("plan_items"),
                     requests=store.all("institution_requests"), copy=copy,
                     source_name=store.path.name if store.path else "", as_of=as_of)


# --------------------------------------------------------------------------- the pack

@dataclass(frozen=True)
class HandoverPack:
    pdf: Path
    copy: object  # db.verified_copy.VerifiedCopy


def write_pack(store, folder: Path, as_of: date) -> HandoverPack:
    """A verified copy of the file and the PDF that names its checksum, side by side in
    `folder`: the copy is made and checked first."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = store.path.stem if store.path else "alis"
    stamp = as_of.strftime("%Y-%m-%d")
    copy_path = folder / f"{stem}-overlevering-{stamp}.alis"
    n = 2
    while copy_path.exists():  # a second pack the same day gets its own name
        copy_path = folder / f"{stem}-overlevering-{stamp}-{n}.alis"
        n += 1
    copy = store.verified_copy(copy_path)
    pdf_path = copy_path.with_suffix(".pdf")
    try:
        write_bytes_atomically(pdf_path, build_for(store, as_of, copy))
    except BaseException:  # a pack is the copy and the PDF naming it, or nothing
        copy_path.unlink(missing_ok=True)
        raise
    return HandoverPack(pdf_path, copy)


def run_cli(store, args) -> Path:
    """`report handover FILE --out FOLDER [--to DATE]`: the pack as of --to (or today);
    the PDF names the copy beside it and its SHA-256."""
    return write_pack(store, Path(args.out), args.to_date or date.today()).pdf
