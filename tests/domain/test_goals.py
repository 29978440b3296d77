"""Learning goals in the domain: § 26 approval, the institution-months suggestion, a doctor's
goal lines, and the coverage matrix (checked against the Eigersund plan)."""

from __future__ import annotations

from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.catalog import ALM_CODES, catalog, shipped_fkm
from alis_desktop.errors import ValidationError
from alis_desktop.goal_refs import parse_goal_refs
from alis_desktop.goals import (
    approve, coverage_matrix, coverage_records, goal_lines, goal_progress, institution_months,
    institution_suggestion, set_state, unapprove,
)
from alis_desktop.requirements import evaluate
from tests.domain.test_goal_refs import (
    EIG_ADMIN, EIG_HELSESTASJON, EIG_KAD, EIG_LEGEVAKT, EIG_SYKEHJEM, EIG_SYKEHUS,
)

FKM = [g.code for g in shipped_fkm()]


def status(code="ALM-012", state="submitted", **kw) -> m.GoalStatus:
    return m.GoalStatus(id=1, doctor_id=1, goal_code=code, state=state, **kw)


# --- § 26 ----------------------------------------------------------------------------------

def test_approval_without_supervisor_advice_is_refused_citing_section_26():
    with pytest.raises(ValidationError) as err:
        approve(status(), on=date(2026, 5, 1), approved_by="Randi Solberg",
                advice_supervisor="  ", advice_clinical="Kari Supervisør")
    assert err.value.field == "advice_supervisor" and "§ 26" in err.value.message


def test_approval_without_clinical_supervisor_advice_is_refused():
    with pytest.raises(ValidationError) as err:
        approve(status(), on=date(2026, 5, 1), approved_by="Randi Solberg",
                advice_supervisor="Ola Veileder", advice_clinical="")
    assert err.value.field == "advice_clinical" and "supervisør" in err.value.message


def test_approval_needs_date_and_leader():
    with pytest.raises(ValidationError) as err:
        approve(status(), on=None, approved_by="R", advice_supervisor="V", advice_clinical="S")
    assert err.value.field == "approved_date"
    with pytest.raises(ValidationError) as err:
        approve(status(), on=date(2026, 5, 1), approved_by=" ", advice_supervisor="V",
                advice_clinical="S")
    assert err.value.field == "approved_by"


def test_approval_with_both_advices_records_everything():
    done = approve(status(), on=date(2026, 5, 1), approved_by=" Randi Solberg ",
                   advice_supervisor="Ola Veileder", advice_clinical="Kari S, Per T",
                   comment="Godt dokumentert")
    assert (done.state, done.approved_date, done.approved_by, done.advice_supervisor,
            done.advice_clinical, done.comment) == (
        "approved", date(2026, 5, 1), "Randi Solberg", "Ola Veileder", "Kari S, Per T",
        "Godt dokumentert")


def test_unapproving_needs_a_reason_and_keeps_it():
    done = approve(status(), on=date(2026, 5, 1), approved_by="R", advice_supervisor="V",
                   advice_clinical="S")
    with pytest.raises(ValidationError) as err:
        unapprove(done, reason="  ", on=date(2026, 6, 1))
    assert err.value.field == "reason"
    back = unapprove(done, reason="Feil lege", on=date(2026, 6, 1))
    assert back.state == "in_progress" and back.approved_date is None
    assert back.comment == "Godkjenning trukket 01.06.2026: Feil lege"


def test_an_approved_goal_changes_state_only_by_unapproving():
    done = approve(status(), on=date(2026, 5, 1), approved_by="R", advice_supervisor="V",
                   advice_clinical="S")
    with pytest.raises(ValidationError, match="Trekk godkjenningen"):
        set_state(done, "in_progress")
    with pytest.raises(ValidationError, match="Godkjenn"):
        set_state(status(state="in_progress"), "approved")
    assert set_state(status(state="in_progress"), "submitted").state == "submitted"


# --- institution months (figures from the rules engine) ------------------------------------

def placement(start, end, pct=100.0, category="institution", state="completed"):
    return m.Placement(doctor_id=1, arena_id=1, category=category, start_date=start,
                       end_date=end, position_pct=pct, status=state)


def institution_after(placements, as_of, regime="new"):
    doctor = m.Doctor(id=1, name="A", start_date=date(2022, 1, 1), regime=regime)
    return institution_months(evaluate(doctor, placements, [], as_of=as_of))


GP = placement(date(2022, 1, 1), date(2024, 12, 31), category="gp_unselected")


def test_institution_months_come_from_completed_institution_service_until_the_day():
    placements = [GP,
                  placement(date(2025, 3, 1), date(2025, 5, 31)),          # 3 months
                  placement(date(2025, 9, 1), date(2025, 11, 30)),         # 3 months
                  placement(date(2026, 3, 1), date(2026, 8, 31), state="planned")]
    assert institution_after(placements, date(2026, 11, 26)) == pytest.approx((6.0, 6.0))
    assert institution_after(placements, date(2025, 6, 15))[0] == pytest.approx(3.0)


def test_part_time_institution_service_counts_its_share():
    half = [GP, placement(date(2025, 1, 1), date(2025, 6, 30), pct=50.0)]
    assert institution_after(half, date(2026, 1, 1))[0] == pytest.approx(3.0)


def test_the_old_regime_needs_twelve_months():
    assert institution_after([GP], date(2026, 1, 1), regime="old")[1] == 12.0


def test_both_institution_goals_suggested_once_the_service_is_complete():
    assert institution_suggestion(6.0, 6.0, []) == ["ALM-055", "ALM-085"]
    assert institution_suggestion(5.9, 6.0, []) == []
    assert institution_suggestion(6.0, 12.0, []) == []


def test_an_approved_institution_goal_is_not_suggested_again():
    approved = status("ALM-055", "approved")
    fkm_approved = status("ALM-085", "approved", catalog_version="FKM-2026")
    assert institution_suggestion(7.0, 6.0, [approved, fkm_approved]) == ["ALM-085"]


# --- a doctor's goals ----------------------------------------------------------------------

def arena(aid, name, archived=False):
    return m.Arena(id=aid, name=name, type="other", default_category="gp_other",
                   archived=archived)


def test_goal_lines_show_own_arenas_and_where_the_rest_can_be_had():
    goals = catalog()
    arenas = [arena(1, "Legekontoret"), arena(2, "Legevakten"), arena(3, "Sykehuset"),
              arena(4, "Nedlagt sykehjem", archived=True)]
    coverage = (coverage_records(1, {"ALM-001": "full", "ALM-040": "partial"})
                + coverage_records(2, {"ALM-040": "full"})
                + coverage_records(3, {"ALM-055": "full", "ALM-040": "partial"})
                + coverage_records(4, {"ALM-055": "full"}))
    placements = [m.Placement(arena_id=1, status="completed"),
                  m.Placement(arena_id=2, status="planned")]
    statuses = [status("ALM-001", "approved"), status("FKM-003", "in_progress",
                                                      catalog_version="FKM-2026")]
    lines = {ln.goal.code: ln for ln in goal_lines(goals, statuses, placements, arenas, coverage)}
    assert len(lines) == 88 + 14
    assert [a.label() for a in lines["ALM-040"].own_arenas] == [
        "Legevakten – planlagt", "Legekontoret (delvis)"]
    assert [a.label() for a in lines["ALM-040"].other_arenas] == ["Sykehuset (delvis)"]
    assert [a.name for a in lines["ALM-055"].other_arenas] == ["Sykehuset"]  # not archived
    assert lines["ALM-001"].approved and lines["ALM-001"].other_arenas == []
    assert lines["FKM-003"].state == "in_progress" and lines["ALM-002"].state == "not_started"
    progress = goal_progress(lines.values())
    assert progress.total == {"ALM": 88, "FKM": 14}
    assert progress.approved == {"ALM": 1, "FKM": 0}
    assert progress.by_state["in_progress"] == 1 and progress.by_state["not_started"] == 100


def test_a_status_of_another_catalog_version_does_not_count():
    """An FKM-004 status recorded under the old set is not the current FKM-004."""
    lines = goal_lines(catalog(), [status("FKM-004", "approved", catalog_version="FKM-2017")],
                       [], [], [])
    assert not next(ln for ln in lines if ln.goal.code == "FKM-004").approved


# --- the coverage matrix -------------------------------------------------------------------

def test_matrix_names_goals_no_arena_covers_and_goals_only_partly_covered():
    arenas = [arena(1, "A"), arena(2, "B"), arena(3, "C", archived=True)]
    coverage = (coverage_records(1, parse_goal_refs("Alle ALM, bortsett fra ALM 010-012"))
                + coverage_records(2, parse_goal_refs("ALM 010 (delvis), Alle FKM"))
                + coverage_records(3, parse_goal_refs("ALM 011")))
    matrix = coverage_matrix(catalog(), arenas, coverage)
    assert matrix.gaps == ["ALM-011", "ALM-012"]  # the archived arena does not count
    assert matrix.partial_only == ["ALM-010"]
    assert matrix.level("ALM-010", 2) == "partial" and matrix.level("ALM-010", 1) is None
    with_archived = coverage_matrix(catalog(), arenas, coverage, include_archived=True)
    assert with_archived.gaps == ["ALM-012"]


# The Eigersund plan (seed 000, "Læringsarenaer i kommunen" and "Andre samarbeidende
# læringsarenaer"), arena by arena: the ALM cell as the leader pastes its goal list, and the
# FKM cell, which is "Alle FKM" for every arena. The five GP offices' ALM cell goes on with a
# sentence ("Dette forutsetter deltakelse i legevakt"), which the leader leaves out.
EIGERSUND = [
    ("Eigersund kommunale legesenter", "Alle ALM, bortsett fra ALM 055 og 085."),
    ("Blandeverket legesenter", "Alle ALM, bortsett fra ALM 055 og 085."),
    ("Eger-legene", "Alle ALM, bortsett fra ALM 055 og 085."),
    ("Eie legesenter", "Alle ALM, bortsett fra ALM 055 og 085."),
    ("Dalane legesenter", "Alle ALM, bortsett fra ALM 055 og 085."),
    ("Dalane interkommunale legevakt", EIG_LEGEVAKT),
    ("Lagård sjukeheim", EIG_SYKEHJEM),
    ("Korttidsavdelingen 2 vest", EIG_KAD),
    ("Helsestasjonen", EIG_HELSESTASJON),
    ("Administrasjon i helse- og omsorgsavdelingen", EIG_ADMIN),
    ("Stavanger Universitetssykehus", EIG_SYKEHUS),
]
GP_OFFICES = {name for name, _ in EIGERSUND[:5]}


def eigersund(leave_out=()):
    arenas, coverage = [], []
    for i, (name, alm_cell) in enumerate(EIGERSUND, start=1):
        if name in leave_out:
            continue
        arenas.append(arena(i, name))
        coverage += coverage_records(i, parse_goal_refs(alm_cell + "\nAlle FKM"))
    return coverage_matrix(catalog(), arenas, coverage)


def arenas_giving(matrix, code):
    return {a.name: level for a, level in matrix.arenas_for(code)}


def test_eigersund_arenas_as_written_cover_every_goal():
    """The plan states the municipality offers every goal itself, institution service
    included (nursing home or KAD/ØHD instead of the hospital)."""
    matrix = eigersund()
    assert len(matrix.arenas) == 11 and len(matrix.goals) == 102
    assert matrix.gaps == [] and matrix.partial_only == []
    institution = {"Lagård sjukeheim": "full", "Korttidsavdelingen 2 vest": "full",
                   "Stavanger Universitetssykehus": "full"}
    assert arenas_giving(matrix, "ALM-055") == institution
    assert arenas_giving(matrix, "ALM-085") == institution
    for code in FKM:
        assert len(arenas_giving(matrix, code)) == 11


def test_eigersund_rows_read_off_the_document():
    """A few rows checked by reading the plan's arena lists by hand."""
    matrix = eigersund()
    gp = {name: "full" for name in GP_OFFICES}
    assert arenas_giving(matrix, "ALM-001") == gp
    assert arenas_giving(matrix, "ALM-056") == gp
    assert arenas_giving(matrix, "ALM-023") == {**gp, "Korttidsavdelingen 2 vest": "partial"}
    assert arenas_giving(matrix, "ALM-088") == {
        **gp, "Administrasjon i helse- og omsorgsavdelingen": "full"}
    assert arenas_giving(matrix, "ALM-011") == {
        **gp, "Helsestasjonen": "full", "Administrasjon i helse- og omsorgsavdelingen": "full"}
    assert arenas_giving(matrix, "ALM-021") == {
        **gp, "Dalane interkommunale legevakt": "partial", "Lagård sjukeheim": "partial",
        "Korttidsavdelingen 2 vest": "partial", "Helsestasjonen": "partial"}


def test_eigersund_needs_no_hospital_but_gp_and_legevakt_alone_leave_institution_gaps():
    assert eigersund(leave_out={"Stavanger Universitetssykehus"}).gaps == []
    only_gp_and_legevakt = eigersund(leave_out={name for name, _ in EIGERSUND
                                                if name not in GP_OFFICES
                                                and name != "Dalane interkommunale legevakt"})
    assert only_gp_and_legevakt.gaps == ["ALM-055", "ALM-085"]


def test_every_catalog_code_has_a_row():
    matrix = eigersund()
    assert [g.code for g in matrix.goals] == list(ALM_CODES) + FKM
