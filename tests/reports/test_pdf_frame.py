"""The frame every document shares: A4 (or A4 landscape), 'Side X av Y', embedded fonts
that render æ ø å, metadata, the municipality's name and logo, byte-identical output."""

from __future__ import annotations

from reports import pdf
from tests.reports.pdftools import embedded_fonts, page_texts, reader


def story(paragraphs=120):
    return [pdf.para("Overskrift med æøå ÆØÅ", "h2")] + [
        pdf.para(f"Avsnitt {n}: Læringsmål, veiledning og fravær på sykehjemmet.")
        for n in range(paragraphs)]


def info(**kw):
    return pdf.DocumentInfo(title="Prøvedokument", subject="Tester rammen",
                            municipality="Ålesund kommune", **kw)


def test_pages_are_numbered_x_of_y():
    data = pdf.build(story(), info(footer_note="Dokumentnr. 2026-001"))
    pages = page_texts(data)
    assert len(pages) >= 2
    for n, text in enumerate(pages, start=1):
        assert f"Side {n} av {len(pages)}" in text
        assert "Ålesund kommune" in text and "Dokumentnr. 2026-001" in text


def test_norwegian_letters_survive_with_embedded_fonts():
    data = pdf.build(story(3), info())
    assert "Overskrift med æøå ÆØÅ" in page_texts(data)[0]
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= embedded_fonts(data)


def test_metadata_and_identical_bytes():
    a = pdf.build(story(5), info())
    assert a == pdf.build(story(5), info())
    meta = reader(a).metadata
    assert (meta.title, meta.subject, meta.author) == ("Prøvedokument", "Tester rammen",
                                                       "Ålesund kommune")


def test_font_subsets_made_once_give_the_bytes_reportlab_makes(monkeypatch):
    """A batch makes each font subset once and keeps it compressed: a document built from
    the kept subsets is byte for byte the one reportlab makes afresh."""
    from reportlab.pdfbase import pdfdoc, pdfmetrics
    first = pdf.build(story(5), info())
    kept = pdf.build(story(5), info())  # every subset and its compression from the cache
    for name in (pdf.FONT, pdf.FONT_BOLD, pdf.FONT_ITALIC):
        face = pdfmetrics.getFont(name).face
        monkeypatch.setattr(face, "makeSubset", face.makeSubset.__wrapped__)
    monkeypatch.setattr(pdfdoc.PDFZCompress, "encode", pdfdoc.PDFZCompress.encode.__wrapped__)
    afresh = pdf.build(story(5), info())
    assert first == kept == afresh
    other = pdf.build([pdf.para("Ærlig talt: én ny tekst, andre tegn (§ 31) ✓")], info())
    assert other != afresh and "Ærlig talt" in page_texts(other)[0]


class _Forgetful(dict):
    """A cache that keeps nothing: every paragraph parsed afresh."""

    def __setitem__(self, key, value):
        pass


def test_paragraphs_parsed_once_draw_as_parsed_afresh(monkeypatch):
    """A paragraph's parsed text is kept for the next one with the same text and style:
    long paragraphs split across pages, and the same text again in the same and the next
    document, come out as when each is parsed afresh."""
    long = " ".join(f"Læringsmål {n} er drøftet med veileder og godkjent." for n in range(90))

    def doc():
        return [pdf.para("Innledning"), pdf.para(long), pdf.para(long, "small"),
                pdf.para(long)]

    with monkeypatch.context() as patch:
        patch.setattr(pdf, "_parsed", _Forgetful())
        afresh = pdf.build(doc(), info())
    pdf._parsed.clear()
    again = [pdf.build(doc(), info()) for _ in range(2)]
    assert again == [afresh, afresh]
    assert len(page_texts(afresh)) >= 3
    assert any(key[0].startswith("Læringsmål 0") for key in pdf._parsed)


def test_landscape_page():
    box = reader(pdf.build(story(3), info(landscape=True))).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_logo_in_the_header(tmp_path):
    from PIL import Image
    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (31, 58, 95)).save(logo)
    with_logo = reader(pdf.build(story(3), info(logo_path=str(logo))))
    assert len(with_logo.pages[0].images) == 1
    missing = reader(pdf.build(story(3), info(logo_path=str(tmp_path / "borte.png"))))
    assert len(missing.pages[0].images) == 0  # a moved logo file does not stop printing
