"""The attestation PDF, its register (number, SHA-256, audit) and identical reprints."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from alis_desktop.attestation import AttestationIncomplete, AttestationInputs
from alis_desktop.dates import fmt, years_months
from alis_desktop.errors import FileProblem
from alis_desktop.service_time import CATEGORIES
from alis_desktop.vocab import ServiceCategory
from db.store import Store
from reports import attestation
from tests.conftest import TODAY
from tests.reports.pdftools import embedded_fonts, page_texts, reader, text_of

DOCTOR = 12  # the demo doctor nearest the end of her training (sick leave, two supervisors)


@pytest.fixture
def store(demo_copy):
    s = Store.open(demo_copy)
    yield s
    s.close()


def issue(store, doctor_id=DOCTOR, **kw):
    data = attestation.assemble_from_store(store, doctor_id, as_of=TODAY, **kw)
    return data, attestation.issue(store, data)


def test_issued_attestation_states_every_field(store):
    data, record = issue(store)
    text = text_of(record.pdf)
    doctor = store.get("doctors", DOCTOR)
    m = store.municipality()
    for expected in (m.name, m.org_number, fmt(m.registered_date), doctor.name,
                     fmt(doctor.birth_date), doctor.hpr_number, doctor.position_type,
                     f"{fmt(data.period_start)} – {fmt(data.period_end)}",
                     "Fravær utover lovfestet ferie", "Sykefravær",
                     "Tjenesten er vurdert som tilfredsstillende: Ja",
                     m.head_of_service_name, m.medical_lead_name,
                     f"Sted og dato: {m.place}, {fmt(TODAY)}", f"Dokumentnr. {record.number}"):
        assert expected in text, expected
    for s in data.services:
        assert f"{fmt(s.start)} {fmt(s.end)}" in text
    for s in data.supervisors:
        assert s.name in text and "Spesialist i allmennmedisin" in text
    assert data.on_call.split(".")[0] in text
    assert f"{len(data.goals_approved)} læringsmål" in text


def test_counted_service_on_the_attestation_equals_the_rules_engine(store):
    data, record = issue(store)
    progress = store.progress(data.period_end, DOCTOR)[DOCTOR]
    text = text_of(record.pdf)
    assert f"Sum tellende tjeneste {years_months(progress.counted_months)}" in text
    for cat in CATEGORIES:
        months = progress.months_by_category[cat]
        if months > 0.005:
            label = ServiceCategory.label_of(cat)
            assert f"{label} {years_months(months)}" in text, label


def test_register_holds_number_checksum_and_the_pdf(store):
    data, first = issue(store)
    _, second = issue(store, doctor_id=11)
    assert (first.number, second.number) == (f"{TODAY.year}-001", f"{TODAY.year}-002")
    stored = {a.number: a for a in store.all("attestations")}
    assert stored[first.number].sha256 == hashlib.sha256(first.pdf).hexdigest()
    assert stored[first.number].pdf == first.pdf
    assert stored[first.number].placement_ids == list(data.placement_ids) != []
    audit = store.all("audit_log", "kind = 'attestations'")
    assert [(a.action, a.record_id) for a in audit] == [
        ("attest utstedt", first.id), ("attest utstedt", second.id)]


def test_reprint_is_byte_identical_and_verified(store):
    _, record = issue(store)
    assert attestation.reprint(store, record.id) == record.pdf
    # A changed byte in the file is caught by the checksum, not printed.
    tampered = bytearray(record.pdf)
    tampered[len(tampered) // 2] ^= 0x01
    store.conn.execute("UPDATE attestations SET pdf = ? WHERE id = ?",
                       [bytes(tampered), record.id])
    with pytest.raises(FileProblem, match="stemmer ikke med sjekksummen"):
        attestation.reprint(store, record.id)


def test_same_data_gives_the_same_bytes(store):
    data = attestation.assemble_from_store(store, DOCTOR, as_of=TODAY).with_number("2026-077")
    assert attestation.build_pdf(data) == attestation.build_pdf(data)


def test_incomplete_attestation_is_refused_and_not_registered(store):
    doctor = store.get("doctors", DOCTOR)
    doctor.hpr_number = ""
    store.save(doctor)
    with pytest.raises(AttestationIncomplete) as err:
        issue(store)
    assert "HPR-nummer" in err.value.message
    assert store.count("attestations") == 0


def test_cleared_dialog_field_is_refused_by_name(store):
    data = attestation.assemble_from_store(
        store, DOCTOR, as_of=TODAY, inputs=AttestationInputs(content="  "))
    with pytest.raises(AttestationIncomplete, match="tjenestens innhold"):
        attestation.build_pdf(data)


def test_norwegian_letters_fonts_and_metadata(store):
    _, record = issue(store)
    pdf = reader(record.pdf)
    text = text_of(record.pdf)
    assert "Fødselsdato" in text and "Læringsarena" in text and "Åpen uselektert" in text
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= embedded_fonts(record.pdf)
    meta = pdf.metadata
    assert meta.title == attestation.TITLE
    assert meta.author == store.municipality().name
    assert store.get("doctors", DOCTOR).name in meta.subject
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    pages = page_texts(record.pdf)
    assert all(f"Side {n} av {len(pages)}" in t for n, t in enumerate(pages, start=1))


def test_sub_period_attestation(store):
    data, record = issue(store, period_start=date(2024, 1, 1), period_end=date(2024, 12, 31))
    assert record.period_start == date(2024, 1, 1) and record.period_end == date(2024, 12, 31)
    assert "01.01.2024 – 31.12.2024" in text_of(record.pdf)
    assert all(date(2024, 1, 1) <= s.start <= s.end <= date(2024, 12, 31)
               for s in data.services)


def test_a_batch_of_drafts_equals_each_made_alone(store):
    """assemble_many (the registers read once for the batch) gives every doctor the draft
    assemble_from_store gives her alone, in the order asked, and the same refusal for a
    doctor with nothing to attest or no such doctor; its PDFs are byte-identical."""
    from alis_desktop.errors import ValidationError
    ids = [d.id for d in store.all("doctors")][::-1] + [999]
    batch = list(attestation.assemble_many(store, ids, as_of=TODAY))
    assert [did for did, _ in batch] == ids
    made = printed = refused = 0
    for did, got in batch:
        try:
            alone = attestation.assemble_from_store(store, did, as_of=TODAY)
        except ValidationError as error:
            assert isinstance(got, ValidationError) and str(got) == str(error)
            refused += 1
            continue
        assert got == alone
        try:
            assert attestation.build_pdf(got) == attestation.build_pdf(alone)
            printed += 1
        except AttestationIncomplete:
            pass
        made += 1
    assert made >= 5 and printed >= 1 and refused >= 1
