"""Text in documents is drawn the cheap way where it can be (one line as a plain string)
and wrapped where it must be, and the page looks the same either way: the same baselines
as a reportlab Paragraph, nothing running past its column."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from reports import pdf
from tests.reports.pdftools import page_texts, reader, text_of

LONG = ("Ikke spesialist; tidsbegrenset dispensasjon fra Helsedirektoratet til 26.03.2027, "
        "fornyes etter søknad")


def info():
    return pdf.DocumentInfo(title="Prøve", subject="Tekst", municipality="Fjordvik kommune")


def placed_text(data: bytes) -> list[tuple[str, float, float]]:
    """(text, x, y) of every piece of text on the first page, in page coordinates."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), tm[4] + cm[4], tm[5] + cm[5]))

    reader(data).pages[0].extract_text(visitor_text=visit)
    return found


def position(data: bytes, text: str) -> tuple[float, float]:
    [(x, y)] = [(x, y) for t, x, y in placed_text(data) if t == text]
    return round(x, 2), round(y, 2)


def test_a_one_line_paragraph_sits_where_a_reportlab_paragraph_would():
    styles = pdf.styles()
    for style in ("title", "h2", "body", "small"):
        cheap = pdf.build([pdf.para("Første linje"), pdf.para("Læringsmål", style)], info())
        full = pdf.build([pdf.para("Første linje"), Paragraph("Læringsmål", styles[style])],
                         info())
        assert position(cheap, "Læringsmål") == position(full, "Læringsmål"), style


def test_lines_of_a_list_sit_where_a_paragraph_with_line_breaks_puts_them():
    from xml.sax.saxutils import escape
    items = [f"01.0{n}.2026: Kurs nummer {n} (15 t)" for n in range(1, 8)]
    text = "\n".join(items)
    cheap = pdf.build([pdf.para("Første linje"), pdf.para(text)], info())
    full = pdf.build([pdf.para("Første linje"),
                      Paragraph(escape(text).replace("\n", "<br/>"), pdf.styles()["body"])],
                     info())
    for item in items:
        assert position(cheap, item) == position(full, item), item


def test_a_long_list_splits_across_pages_as_a_paragraph_would():
    """Page breaks fall where they would with reportlab's Paragraph, and no line is lost."""
    from xml.sax.saxutils import escape
    items = [f"Vakt {n}: legevakten, 16.00-08.00" for n in range(1, 121)]
    text = "\n".join(items)
    filler = [pdf.para(f"Avsnitt {n}") for n in range(30)]
    cheap = pdf.build(filler + [pdf.para(text)], info())
    full = pdf.build(filler + [Paragraph(escape(text).replace("\n", "<br/>"),
                                         pdf.styles()["body"])], info())
    assert page_texts(cheap) == page_texts(full)
    assert len(page_texts(cheap)) >= 3 and all(item in text_of(cheap) for item in items)


def test_right_aligned_text_ends_at_the_right_edge_like_a_paragraph():
    right = pdf.styles()["right"]
    cheap = pdf.build([pdf.para("1 234,5", "right")], info())
    full = pdf.build([Paragraph("1 234,5", right)], info())
    assert position(cheap, "1 234,5") == position(full, "1 234,5")


def test_a_long_line_wraps_within_a_narrow_column_and_keeps_every_word():
    line = pdf.para(LONG, "cell")
    width, height = line.wrap(40 * mm, 500)
    assert height > 3 * pdf.styles()["cell"].leading  # several lines, not one overflowing
    data = pdf.build([pdf.table([["Veileder", "Godkjenning"], ["Live Sæther", LONG]],
                                [40 * mm, 40 * mm])], info())
    assert LONG in text_of(data)
    right_edge = 20 * mm + 80 * mm  # left margin + both columns
    for text, x, _y in placed_text(data):
        if text in LONG:
            assert x < right_edge, text


def test_table_cells_wrap_only_when_they_do_not_fit():
    short = pdf.table([["Fra", "Til"], ["01.04.2026", "26.11.2026"]], [30 * mm, 30 * mm])
    long = pdf.table([["Fra", "Til"], ["01.04.2026", LONG]], [30 * mm, 30 * mm])
    _w, short_height = short.wrap(170 * mm, 500)
    _w, long_height = long.wrap(170 * mm, 500)
    assert long_height > short_height + 2 * pdf.CELL_LEADING


def test_white_space_folds_and_empty_text_takes_no_room():
    assert pdf.para("  Læringsmål   godkjent ").lines == ["Læringsmål godkjent"]
    assert pdf.para("").wrap(400, 500)[1] == 0
    data = pdf.build([pdf.para("To  mellomrom"), pdf.para("Linje én\nLinje to")], info())
    assert "To mellomrom" in text_of(data) and "Linje én Linje to" in text_of(data)


def test_a_heading_keeps_its_space_before_and_after():
    h2 = pdf.styles()["h2"]
    heading = pdf.para("1. Utdanningsvirksomhet", "h2")
    assert (heading.getSpaceBefore(), heading.getSpaceAfter()) == (h2.spaceBefore,
                                                                    h2.spaceAfter)
