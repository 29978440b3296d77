"""Individuell utdanningsplan / fremdriftsplan: the template in section 10 of the Drammen
plan, row by row, filled from the rules engine, with the template's colours (green done,
blue planned within six months, red not done), the timeline, the plan for the next six
months and planned leave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.dates import add_months, fmt, years_months
from alis_desktop.errors import ValidationError
from alis_desktop.requirements import load_rules
from alis_desktop.vocab import (
    COUNTING_LEAVE, ActivityKind, Employment, LeaveKind, PlacementStatus, PlanItemKind, Regime,
    ServiceCategory,
)
from reports import pdf
from reports.common import (
    STATUS_COLOURS, combined_status, current_supervisor, last_meeting, num, status_label,
)

TITLE = "Individuell utdanningsplan / fremdriftsplan"


@dataclass(frozen=True)
class PlanRow:
    """One row of the template: the requirement as the template words it, what is done,
    and the status that colours it ('' = not judged by a rule, printed without colour)."""

    requirement: str
    description: str
    status: str = ""


@dataclass(frozen=True)
class PlanItemRow:
    when: date | None
    what: str
    kind: str


# --------------------------------------------------------------------------- rows

def _activities(bundle, kind: str):
    return [a for a in bundle.activities if a.kind == kind and a.date]


def _course_status(bundle, code: str, as_of: date, horizon: date) -> tuple[str, str]:
    """(status, text) of one course code from the activities: done, planned or not."""
    found = sorted((a for a in bundle.activities if a.course_code.strip().upper() == code),
                   key=lambda a: a.date)
    done = [a for a in found if a.date <= as_of]
    if done:
        return "met", f"Gjennomført {fmt(done[0].date)}"
    planned = [a for a in found if as_of < a.date <= horizon]
    if planned:
        return "planned", f"Planlagt {fmt(planned[0].date)}"
    return "", "Ikke registrert"


def _req_text(r, unit_word: str | None = None) -> str:
    unit = unit_word or r.unit
    text = f"Gjennomført {num(r.done)} av {num(r.required)} {unit}"
    if r.remaining > 0:
        text += f"; gjenværende {num(r.remaining)}"
    if r.planned:
        text += f"; planlagt neste 6 mnd: {num(r.planned)}"
    if r.detail:
        text += f". {r.detail}"
    if r.deviation_reason:
        text += f". Avvik: {r.deviation_reason}"
    return text


def template_rows(bundle, progress, arenas: dict, as_of: date,
                  plan_items=()) -> list[PlanRow]:
    """The first table of section 10, row by row, in the template's order."""
    req = {r.id: r for r in progress.requirements}
    horizon = add_months(as_of, int(load_rules().setting("planning_months")))
    rows: list[PlanRow] = []

    total = req["total_service"]
    caps = [req[i] for i in ("gp_total_max", "gp_other_max", "other_specialty_max") if i in req]
    by_cat = progress.months_by_category
    lines = [f"Tellende tjeneste {years_months(total.done)} ({num(total.done)} av "
             f"{num(total.required)} mnd); gjenværende {num(total.remaining)} mnd."]
    for cat in ServiceCategory:
        if by_cat.get(cat.value, 0) > 0.005:
            lines.append(f"{cat.label}: {num(by_cat[cat.value])} mnd")
    for c in caps:
        if not c.met or c.detail:
            lines.append(f"{c.label}: {c.detail or status_label(c.status)}")
    if progress.projected_completion:
        lines.append(f"Beregnet ferdig {fmt(progress.projected_completion)}. "
                     f"{progress.projection_note}")
    else:
        lines.append(progress.projection_note)
    rows.append(PlanRow(
        "4,5 år i allmennpraksis (= 54 mnd), inntil 2,5 år i sykehjem eller annen kommunal "
        "stilling, minimum 3 år og 3 mnd i allmenntjenestemedisin, i 100 % stilling. Inntil "
        "1 år og 9 mnd fra annen spesialitet kan telle.",
        "\n".join(lines), combined_status([total] + caps)))

    r = req["gp_unselected_min"]
    rows.append(PlanRow("2 år uselektert praksis", _req_text(r, "mnd"), r.status))

    r = req["on_call"]
    rows.append(PlanRow("40 legevakter, ikke dagtid, minst 6 t varighet",
                        f"Antall gjennomført: {num(r.done)}. " + _req_text(r, "vakter"),
                        r.status))

    r = req["institution_min"]
    inst = [p for p in bundle.placements if p.category == ServiceCategory.INSTITUTION.value]
    where = "; ".join(
        f"{arenas[p.arena_id].name if p.arena_id in arenas else ''}"
        f"{', ' + p.department if p.department else ''} {fmt(p.start_date)}–{fmt(p.end_date)}"
        f" ({PlacementStatus.label_of(p.status).lower()})" for p in inst)
    rows.append(PlanRow("0,5 år sykehus/institusjonstjeneste (inntil 1 år og 9 mnd kan "
                        "godkjennes)", _req_text(r, "mnd") + (f"\n{where}" if where else ""),
                        r.status))

    group = [req[i] for i in ("group_supervision", "group_supervision_gp") if i in req]
    groups = sorted(_activities(bundle, ActivityKind.GROUP_SUPERVISION.value),
                    key=lambda a: a.date)
    held = [a for a in groups if a.date <= as_of]
    text = (f"{len(held)} samlinger registrert, {fmt(held[0].date)}–{fmt(held[-1].date)}"
            if held else "")
    # Each line says which rule it is: the two-year rule and the year in open practice.
    labels = {"group_supervision": "Over 2 år", "group_supervision_gp":
              "I åpen uselektert praksis"}
    rows.append(PlanRow("2 år veiledningsgruppe (1 av årene må være i allmennpraksis)",
                        "\n".join([f"{labels.get(g.id, g.label)}: {_req_text(g)}"
                                   for g in group] + ([text] if text else [])),
                        combined_status(group)))

    r = req["supervision_hours"]
    rows.append(PlanRow("Veiledning minst 4 t/mnd i 10,5 mnd/år (42 t/år)",
                        _req_text(r, "timer"), r.status))

    procedures = _activities(bundle, ActivityKind.PROCEDURE.value)
    rows.append(PlanRow("Skjema for praktiske ferdigheter; alle ferdighetene må gjøres",
                        f"{len(procedures)} prosedyrer registrert som læringsaktivitet. "
                        "Skjemaet følges i Kompetanseportalen."))

    for rid, label in (("basic_courses", "Grunnkurs A + B + C + D"),
                       ("emergency_course", "Akuttmedisinkurs")):
        r = req[rid]
        codes = load_rules().rule(rid).get("codes")
        parts = [f"{c}: {_course_status(bundle, c, as_of, horizon)[1].lower()}" for c in codes]
        rows.append(PlanRow(label, "; ".join(parts), r.status))

    r = req["topic_courses"]
    topics: dict[str, float] = {}
    for a in bundle.activities:
        if a.course_code.strip().upper() == "EMNE" and a.date and a.date <= as_of:
            topics[a.title or "Uten tittel"] = topics.get(a.title or "Uten tittel", 0) + (
                a.hours or 0)
    listing = ", ".join(f"{t} ({num(h)} t)" for t, h in topics.items())
    rows.append(PlanRow("Emnekurs i minimum 6 ulike emner",
                        _req_text(r, "emner") + (f"\n{listing}" if listing else ""), r.status))

    visits = [req[i] for i in ("practice_visit_made", "practice_visit_received")]
    rows.append(PlanRow("Praksisbesøk: avgi ett besøk og gå på ett besøk (gjensidig)",
                        "Avlagt: " + num(visits[0].done) + ". Mottatt: " + num(visits[1].done)
                        + ".", combined_status(visits)))

    r = req["violence_course"]
    rows.append(PlanRow("Nettkurs om vold og overgrep",
                        _course_status(bundle, "VOLD", as_of, horizon)[1], r.status))

    r = req["joint_consultations"]
    rows.append(PlanRow("10 felleskonsultasjoner med mer erfaren lege (supervisør/veileder)",
                        _req_text(r, "stk"), r.status))

    future_leave = [lv for lv in bundle.leaves if lv.end_date and lv.end_date >= as_of
                    and lv.kind != LeaveKind.HOLIDAY.value]
    rows.append(PlanRow("Planlagte permisjoner/fravær",
                        "\n".join(f"{LeaveKind.label_of(lv.kind)} {fmt(lv.start_date)}–"
                                  f"{fmt(lv.end_date)}, {num(lv.pct)} %"
                                  + ("" if lv.kind in COUNTING_LEAVE else
                                     " (trekkes fra utover 10 %)") for lv in future_leave)
                        or "Ingen registrert.",
                        "planned" if future_leave else ""))

    for word, label in (("LSU", "Observatør/medlem LSU"), ("ALU", "Delta ALU")):
        found = [a for a in bundle.activities if word.casefold() in
                 f"{a.title} {a.note}".casefold() and a.date]
        done = [a for a in found if a.date <= as_of]
        planned = [a for a in found if as_of < a.date <= horizon]
        text = ("; ".join(f"{a.title or word} {fmt(a.date)}" for a in sorted(
            found, key=lambda a: a.date)) or "Ikke registrert.")
        rows.append(PlanRow(label, text, "met" if done else ("planned" if planned else "")))

    other = [i for i in plan_items if not i.done and i.kind == PlanItemKind.OTHER]
    extra_kinds = {ActivityKind.PRESENTATION.value, ActivityKind.INTERNAL_TEACHING.value,
                   ActivityKind.OTHER.value}
    extra = [a for a in bundle.activities if a.kind in extra_kinds and a.date and a.date > as_of]
    text = "\n".join([f"{i.text}" + (f" (innen {fmt(i.due_date)})" if i.due_date else "")
                      for i in other]
                     + [f"{a.title or ActivityKind.label_of(a.kind)} {fmt(a.date)}"
                        for a in sorted(extra, key=lambda a: a.date)])
    rows.append(PlanRow("Andre planlagte utdanningsaktiviteter/faglig fordypning",
                        text or "Ingen registrert.", "planned" if text else ""))
    return rows


def fkm_rows(bundle, progress, as_of: date) -> list[PlanRow]:
    """The template's second table: the common competence goals (FKM) and their courses."""
    req = {r.id: r for r in progress.requirements}
    horizon = add_months(as_of, int(load_rules().setting("planning_months")))
    rows = []
    r = req.get("fkm_goals")
    if r is not None:
        rows.append(PlanRow("Felles kompetansemål (FKM) godkjent",
                            f"{num(r.done)} av {num(r.required)} mål godkjent"
                            + (f"; {num(r.planned)} sendt til godkjenning" if r.planned else ""),
                            r.status))
    required = set(load_rules().rule("fkm_courses").get("codes"))
    for code, label in (("FKM-SAKK", "Nettkurs om sakkyndighetsarbeid"),
                        ("FKM-ETIKK", "Nettkurs om etikk"),
                        ("FKM-VEIL", "Veilederkurs"),
                        ("FKM-SKIL", "SKIL-kurs: grunnkurs i kvalitetsarbeid på legekontor "
                                     "(FKM 41, 42, 43)"),
                        ("FKM-SAMVALG", "Nettkurs om pasient- og brukermedvirkning "
                                        "(samvalg, FKM 51)"),
                        ("FKM-HMS", "HMS-kurs")):
        status, text = _course_status(bundle, code, as_of, horizon)
        if not status and code in required:
            status = "ok_so_far" if req["fkm_courses"].status != "behind" else "behind"
            if req["fkm_courses"].status == "deviated":
                status = "deviated"
        rows.append(PlanRow(label, text, status))
    return rows


def other_rows(progress) -> list[PlanRow]:
    """Requirements of the rules engine the template has no row for."""
    req = {r.id: r for r in progress.requirements}
    rows = []
    for rid, label in (("alm_goals", "Læringsmål i allmennmedisin (ALM) godkjent"),
                       ("review_meetings", "Oppfølgingsmøte med leder og veileder minst "
                                           "årlig, normalt hvert halvår"),
                       ("absence", "Fravær utover 10 % av utdanningstiden trekkes fra (§ 31)"),
                       ("old_regime_deadline", "Gammel ordning: søknad innen 31.12.2026 "
                                               "(§ 37)")):
        r = req.get(rid)
        if r is None:
            continue
        if rid == "alm_goals":
            text = f"{num(r.done)} av {num(r.required)} mål godkjent" + (
                f"; {num(r.planned)} sendt til godkjenning" if r.planned else "")
        elif rid == "review_meetings":
            text = f"{r.detail}; {num(r.done)} mnd siden"
        elif rid == "absence":
            text = (f"Fravær som kan trekkes fra: {num(r.done)} mnd; 10 % av utdanningstiden: "
                    f"{num(r.required)} mnd" + (f". {r.detail}" if r.detail else ""))
        else:
            text = r.detail
        rows.append(PlanRow(label, text, r.status))
    return rows


def next_six_months(bundle, plan_items, arenas: dict, as_of: date) -> list[PlanItemRow]:
    """Everything planned in the next six months: placements, plan items, activities,
    meetings and leave (the template marks these blue)."""
    horizon = add_months(as_of, int(load_rules().setting("planning_months")))
    out: list[PlanItemRow] = []
    for p in bundle.placements:
        if p.start_date and p.start_date <= horizon and p.end_date >= as_of and (
                p.status == PlacementStatus.PLANNED.value or p.start_date > as_of):
            name = arenas[p.arena_id].name if p.arena_id in arenas else ""
            out.append(PlanItemRow(max(p.start_date, as_of),
                                   f"{ServiceCategory.label_of(p.category)} ved {name}, "
                                   f"{fmt(p.start_date)}–{fmt(p.end_date)}, "
                                   f"{num(p.position_pct)} %", "Tjeneste"))
    for i in plan_items:
        if not i.done and (i.due_date is None or i.due_date <= horizon):
            out.append(PlanItemRow(i.due_date, i.text, PlanItemKind.label_of(i.kind)))
    for a in bundle.activities:
        if a.date and as_of < a.date <= horizon:
            out.append(PlanItemRow(a.date, a.title or a.course_code or
                                   ActivityKind.label_of(a.kind), ActivityKind.label_of(a.kind)))
    for mt in bundle.meetings:
        if mt.date and as_of < mt.date <= horizon:
            out.append(PlanItemRow(mt.date, "Oppfølgingsmøte", "Møte"))
    for lv in bundle.leaves:
        if lv.start_date and as_of < lv.start_date <= horizon:
            out.append(PlanItemRow(lv.start_date, f"{LeaveKind.label_of(lv.kind)} "
                                   f"{fmt(lv.start_date)}–{fmt(lv.end_date)}", "Fravær"))
    return sorted(out, key=lambda r: (r.when or date.max, r.what))


# --------------------------------------------------------------------------- the PDF

def _status_table(rows: list[PlanRow], first_header: str):
    from reportlab.lib.units import mm
    body = [[first_header, "Beskrivelse av utført tjeneste", "Status"]]
    colours = {}
    for k, row in enumerate(rows, start=1):
        label = status_label(row.status) or "–"
        # "Behind" is the one status that asks for action: bold, so it shows in grey print.
        body.append([row.requirement, row.description,
                     pdf.para(label, "cell_bold") if row.status == "behind" else label])
        if row.status:
            colours[k] = STATUS_COLOURS[row.status]
    return pdf.table(body, [58 * mm, 88 * mm, 24 * mm], backgrounds=colours)


def build_pdf(municipality, bundle, progress, *, arenas: dict, supervisors: dict,
              plan_items, as_of: date) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    from reports.charts.timeline import figure_png, timeline_figure

    d = bundle.doctor
    p = pdf.para
    sup = current_supervisor(bundle, supervisors, as_of)
    last = last_meeting(bundle, as_of)
    groups = sorted(_activities(bundle, ActivityKind.GROUP_SUPERVISION.value),
                    key=lambda a: a.date)
    # The group supervisor is a field of its own; a file without it falls back on who
    # signed the latest group session.
    group_leader = (d.group_supervisor.strip()
                    or (groups[-1].signed_by if groups and groups[-1].signed_by else "–"))
    leaders = [(n, t) for n, t in ((municipality.leader_name, municipality.leader_title),
                                   (municipality.second_leader_name,
                                    municipality.second_leader_title)) if n]
    leader_text = " og ".join(f"{n} ({t.lower()})" if t and len(leaders) > 1 else n
                              for n, t in leaders) or "–"
    story = [
        p(TITLE, "title"),
        p("Spesialistutdanning i allmennmedisin, del 3 (ALIS). Læringsmål ALM-001 til ALM-088 "
          "og felles kompetansemål (FKM). Spesialistforskriften § 25 bokstav a.", "small"),
        Spacer(1, 3 * mm),
        pdf.facts([
            ("Spesialiseringsplan for", d.name),
            ("Startdato / ordning", f"{fmt(d.start_date)} / {Regime.label_of(d.regime)}"),
            ("Ansettelse", f"{Employment.label_of(d.employment)}"
                           + (f", {d.position_type}" if d.position_type else "")),
            ("Søke spesialistgodkjenning (beregnet)",
             fmt(progress.projected_completion) or "Kan ikke beregnes"),
            ("Veileder", sup.name if sup else "–"),
            ("Leder Kompetanseportalen" if len(leaders) > 1 else "Leder", leader_text),
            ("Gruppeveileder", group_leader),
            ("Dato for siste samtale", fmt(last.date) if last else "–"),
            ("Status per", f"{fmt(as_of)}: {num(progress.pct_complete)} % av tellende "
                           f"tjeneste gjennomført"),
        ]),
        Spacer(1, 3 * mm),
        p("Fargene følger malen: grønn = gjennomført, blå = planlagt innen 6 måneder, "
          "rød = ikke gjennomført og bak planen, sand = i rute. Statusen står også som "
          "tekst.", "small"),
        p("Krav og gjennomført tjeneste", "h2"),
        _status_table(template_rows(bundle, progress, arenas, as_of, plan_items), "Krav"),
        p("Felles kompetansemål (FKM)", "h2"),
        _status_table(fkm_rows(bundle, progress, as_of), "Krav"),
        p("Øvrige krav i forskrift og plan", "h2"),
        _status_table(other_rows(progress), "Krav"),
    ]
    arena_names = {k: a.name for k, a in arenas.items()}
    fig = timeline_figure(bundle.placements, bundle.leaves, today=as_of,
                          projected=progress.projected_completion, arena_names=arena_names,
                          size=(7.6, 3.0), dpi=170)
    story += [KeepTogether([p("Tjenesteløp", "h2"), pdf.png_image(figure_png(fig), 170)])]

    upcoming = next_six_months(bundle, plan_items, arenas, as_of)
    rows = [["Dato", "Plan og aktiviteter neste 6 måneder", "Type"]]
    rows += [[fmt(r.when) or "Uten dato", r.what, r.kind] for r in upcoming]
    story.append(p("Plan for neste 6 måneder", "h2"))
    if upcoming:
        story.append(pdf.table(rows, [24 * mm, 116 * mm, 30 * mm],
                               backgrounds={k: pdf.BLUE for k in range(1, len(rows))}))
    else:
        story.append(p("Ingenting planlagt de neste 6 månedene. Avtal planen i neste "
                       "oppfølgingsmøte."))
    notes = list(progress.warnings)
    notes += [f"Avvik fra plankravet «{r.label}»: {r.deviation_reason}"
              for r in progress.requirements if r.deviation_reason]
    story.append(p("Kommentarer, særskilte behov eller hindringer", "h2"))
    story.append(p("\n".join(f"• {n}" for n in notes) if notes else "Ingen merknader."))
    story.append(Spacer(1, 2 * mm))
    # The template's own emphasis: bold capitals.
    story.append(p("HUSK Å DOKUMENTERE LÆRINGSAKTIVITETER FORTLØPENDE I "
                   "KOMPETANSEPORTALEN!", "h3"))
    story.append(Spacer(1, 4 * mm))
    story.append(KeepTogether(pdf.signature_block(
        [(d.name, "Lege i spesialisering (ALIS)"),
         (sup.name if sup else "", "Veileder"),
         *[(n, t or "Leder") for n, t in leaders or [("", "Leder")]]],
        place_date=f"Gjennomgått: {municipality.place or ''}, ____________")))
    info = pdf.DocumentInfo(title=TITLE, subject=f"{TITLE}: {d.name}, per {fmt(as_of)}",
                            municipality=municipality.name, logo_path=municipality.logo_path,
                            footer_note=f"{d.name} · per {fmt(as_of)}")
    return pdf.build(story, info)


def build_for(store, doctor_id: int, as_of: date) -> bytes:
    """Read one doctor through the store and build her plan."""
    bundles = store.bundles(doctor_id)
    if doctor_id not in bundles:
        raise ValidationError("doctor_id", f"Finner ingen lege med id {doctor_id}.")
    progress = store.progress(as_of, doctor_id)[doctor_id]
    arenas = {a.id: a for a in store.all("arenas")}
    supervisors = {s.id: s for s in store.all("supervisors")}
    plan_items = store.for_doctor("plan_items", doctor_id)
    return build_pdf(store.municipality(), bundles[doctor_id], progress, arenas=arenas,
                     supervisors=supervisors, plan_items=plan_items, as_of=as_of)


def run_cli(store, args) -> Path:
    """`report plan FILE --doctor ID [--to D] --out PDF` (--to: the date the plan shows)."""
    if args.doctor is None:
        raise ValidationError("doctor", "Oppgi legen med --doctor ID.")
    out = Path(args.out)
    write_bytes_atomically(out, build_for(store, args.doctor, args.to_date or date.today()))
    return out
