"""Priority models as data (alis_desktop/priority_models.py): the two shipped models and a
leader's own order rank the same candidates differently, with orders worked out by hand;
the reasons follow the model and quote its source. Also what the Vestre Viken agreement
adds to a request: withdrawn for a locum post (and the reminder), the recorded offer."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from alis_desktop import priority_models as pm
from alis_desktop.errors import ValidationError
from alis_desktop.institution import (
    LOCUM_LONG, LOCUM_SHORT, OWN_LIST, PERMANENT, check_request, coordinator_told,
    default_period, offer, rank, reminders, withdraw,
)
from alis_desktop.models import InstitutionRequest, Municipality
from tests.domain.test_institution import cand, names

D = date
AHUS = "Ahus (prosjektrapport, 7.3.1.1)"
VV = "Vestre Viken (samarbeidsavtale for 21 kommuner)"


def six():
    """Six doctors, each fact chosen so the two trusts' orders differ (see each test)."""
    start = D(2027, 3, 1)
    return [
        cand("Anne", attachment=PERMANENT, counted=40, reported=D(2026, 10, 1), start=start),
        cand("Bjørn", attachment=OWN_LIST, counted=50, reported=D(2026, 8, 15), start=start),
        # Under two years by the desired start (24 months only in autumn 2027).
        dataclasses.replace(cand("Cecilie", attachment=LOCUM_LONG, counted=20,
                                 reported=D(2026, 6, 1), start=start),
                            eligible_from=D(2027, 9, 30)),
        cand("Dag", attachment=PERMANENT, counted=45, reported=D(2026, 9, 1), start=start),
        cand("Eva", attachment=LOCUM_SHORT, counted=30, interrupted=True,
             reported=D(2026, 11, 1), start=start),
        dataclasses.replace(cand("Frida", attachment=PERMANENT, counted=20,
                                 reported=D(2026, 9, 1), start=start),
                            eligible_from=D(2027, 10, 1)),
    ]


def test_both_models_are_shipped_and_the_default_is_ahus():
    assert [m.name for m in pm.shipped_models()] == [AHUS, VV]
    assert pm.default_model().name == AHUS
    assert pm.chosen_model(Municipality(name="X")).name == AHUS
    assert pm.chosen_model(Municipality(name="X", institution_model=VV)).name == VV
    vv = pm.model_named("vestre viken")  # a unique beginning is enough
    assert vv.codes == ("report_date", "two_years_preference", "desired_start")
    assert "bestemmende for prioriteringsrekkefølge" in vv.criteria[0].quote
    assert "bør minst ha gjennomført 2 år" in vv.criteria[1].quote
    with pytest.raises(ValidationError, match="Finner ingen prioriteringsmodell"):
        pm.model_named("Helse Nord")


def test_ahus_order_worked_by_hand():
    """Ahus: two years a condition (Cecilie and Frida under it, last); interrupted service
    (Eva) first; then attachment: permanent Dag (15 months left) before permanent Anne
    (20), own list Bjørn; among those held back, permanent Frida before locum Cecilie."""
    entries = rank(six(), pm.model_named(AHUS))
    assert names(entries) == ["Eva", "Dag", "Anne", "Bjørn", "Frida", "Cecilie"]
    assert [e.held_back for e in entries] == [False] * 4 + [True] * 2
    assert entries[0].reason.startswith("Øverst: avbrutt institusjonstjeneste")
    assert "«Tid før ALIS er ferdig spesialist skal vektlegges.» (Ahus-rapporten 7.3.1.1 " \
        "pkt. 2)" in entries[2].reason
    assert "lengre gjenstående tid: 20 mnd igjen mot 15 mnd for Dag" in entries[2].reason
    assert entries[4].reason.startswith("Ikke aktuell ennå: under 2 års tellende tjeneste")


def test_ahus_model_keeps_the_order_the_program_always_gave():
    """rank() without a model is the Ahus model (the order of earlier versions)."""
    assert names(rank(six())) == names(rank(six(), pm.model_named(AHUS)))


def test_vestre_viken_order_worked_by_hand():
    """Vestre Viken: the report date decides (Cecilie 01.06, Bjørn 15.08, Dag and Frida
    01.09, Anne 01.10, Eva 01.11); on the same date two years decides as a «bør» (Dag
    before Frida). Nobody is held back: under two years is a wish, not a gate."""
    entries = rank(six(), pm.model_named(VV))
    assert names(entries) == ["Cecilie", "Bjørn", "Dag", "Frida", "Anne", "Eva"]
    assert not any(e.held_back for e in entries)
    first = entries[0].reason
    assert first.startswith("Øverst: meldt til koordinator 01.06.2026")
    assert "«Tidspunkt for innmelding fra kommunene er bestemmende for " \
        "prioriteringsrekkefølge av ALIS.» (Vestre Viken-avtalen" in first
    assert "i denne modellen et ønske («bør»), ikke en sperre" in first
    assert "Cecilie ble meldt til koordinator tidligere (01.06.2026, meldt 15.08.2026)" in \
        entries[1].reason
    frida = entries[3].reason
    assert "Dag har 2 års tellende tjeneste, Frida har 20 mnd (likt på innmeldingsdato)" in frida
    assert "«ALIS bør minst ha gjennomført 2 år" in frida
    # Nothing of the Ahus criteria is quoted under Vestre Viken.
    assert not any("Ahus" in e.reason for e in entries)


def test_a_leader_defined_model_orders_by_its_own_criteria():
    """A trust that gates on two years, then least remaining time, then the report date:
    Bjørn (10 months left), Dag (15), Anne (20), Eva (30); held back, both with 40 left,
    Cecilie (reported 01.06) before Frida (01.09)."""
    own = pm.define("Sørlandet (eget vedtak)", ["two_years_gate", "remaining_time",
                                                "report_date"],
                    source="Sørlandet sykehus, brev 2026",
                    quotes={"remaining_time": "Den som har kortest tid igjen, går først."})
    assert own.custom
    entries = rank(six(), own)
    assert names(entries) == ["Bjørn", "Dag", "Anne", "Eva", "Cecilie", "Frida"]
    assert "«Den som har kortest tid igjen, går først.» (Sørlandet sykehus, brev 2026)" in \
        entries[1].reason
    assert "Cecilie ble meldt til koordinator tidligere (01.06.2026, meldt 01.09.2026) " \
        "(likt på tid)" in entries[5].reason
    # It is stored as plain data and found again by name among the municipality's models.
    stored = pm.with_model([], own)
    assert pm.model_named("Sørlandet (eget vedtak)", stored) == own
    assert [m.name for m in pm.available_models(stored)] == [AHUS, VV, own.name]


def test_a_leader_model_must_use_known_criteria_once():
    with pytest.raises(ValidationError, match="Ukjent kriterium «alder»"):
        pm.define("X", ["alder"])
    with pytest.raises(ValidationError, match="bare stå én gang"):
        pm.define("X", ["report_date", "report_date"])
    with pytest.raises(ValidationError, match="ikke begge"):
        pm.define("X", ["two_years_gate", "two_years_preference"])
    with pytest.raises(ValidationError, match="programmets modeller"):
        pm.define(VV, ["report_date"])
    with pytest.raises(ValidationError, match="minst ett kriterium"):
        pm.define("X", [])


# ------------------------------------------------------------- what Vestre Viken adds


def test_withdrawn_for_a_locum_leaves_the_list_and_reminds_to_tell_the_coordinator():
    request = InstitutionRequest(id=1, doctor_id=7, desired_start=D(2027, 3, 1),
                                 desired_end=D(2027, 8, 31), status="reported",
                                 reported_date=D(2026, 9, 1))
    gone = withdraw(request, D(2026, 11, 20))
    assert (gone.status, gone.withdrawn_date) == ("withdrawn", D(2026, 11, 20))
    assert "Trukket 20.11.2026: fått vikariat." in gone.notes
    lines = reminders(D(2026, 11, 26), [gone], [], names={7: "Kari Dahl"})
    assert lines[0].startswith("Gi beskjed til koordinatoren: Kari Dahl har fått vikariat")
    # No longer waiting: no reminder to report her for the period she wanted.
    assert not any("meld til koordinatoren: Kari" in line for line in lines)
    told = coordinator_told(gone, D(2026, 11, 26))
    assert reminders(D(2026, 11, 26), [told], [], names={7: "Kari Dahl"}) == []
    with pytest.raises(ValidationError, match="før legen trakk seg"):
        coordinator_told(gone, D(2026, 11, 1))
    with pytest.raises(ValidationError, match="Oppgi datoen legen trakk seg"):
        check_request(dataclasses.replace(request, status="withdrawn"))


def test_a_request_the_coordinator_never_saw_needs_no_telling():
    request = InstitutionRequest(id=1, doctor_id=7, status="wanted")
    assert reminders(D(2026, 11, 26), [withdraw(request, D(2026, 11, 20))], []) == []


def test_an_offer_records_its_date_and_the_copy_to_the_leader():
    request = InstitutionRequest(id=1, doctor_id=7, status="reported",
                                 reported_date=D(2026, 9, 1))
    offered = offer(request, D(2026, 12, 1))
    assert (offered.status, offered.offered_date, offered.offer_copied_to_leader) == (
        "offered", D(2026, 12, 1), True)
    with pytest.raises(ValidationError, match="kan ikke endres"):
        offer(dataclasses.replace(request, status="done"), D(2026, 12, 1))


def test_service_at_the_trust_is_at_least_three_months_and_six_by_default():
    assert default_period(D(2027, 3, 1)) == (D(2027, 3, 1), D(2027, 8, 31))
    short = InstitutionRequest(doctor_id=1, desired_start=D(2027, 3, 1),
                               desired_end=D(2027, 5, 15))
    with pytest.raises(ValidationError, match="minst 3 måneder") as err:
        check_request(short)
    assert "Vestre Viken-avtalen" in err.value.message
    check_request(dataclasses.replace(short, desired_end=D(2027, 5, 31)))  # 3 + 3 allowed
