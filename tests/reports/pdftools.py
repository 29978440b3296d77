"""Reading generated PDFs back: text (whitespace folded), pages, metadata, fonts, colours."""

from __future__ import annotations

import io

from pypdf import PdfReader


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in reader(data).pages]


def text_of(data: bytes) -> str:
    """All text, white space folded to single spaces (table cells wrap lines)."""
    return " ".join(page_texts(data))


def embedded_fonts(data: bytes) -> set[str]:
    """Base names of the fonts whose program is embedded in the file."""
    found = set()
    for page in reader(data).pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                for desc in font.get("/DescendantFonts", []):
                    descriptor = desc.get_object().get("/FontDescriptor")
            if descriptor is not None and any(
                    k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.add(str(font["/BaseFont"]).split("+")[-1])
    return found


def fill_colours(data: bytes) -> set[tuple[float, float, float]]:
    """Every RGB fill colour set in the content streams (rounded to 3 decimals)."""
    colours = set()
    for page in reader(data).pages:
        tokens = page.get_contents().get_data().decode("latin-1").split()
        for i, tok in enumerate(tokens):
            if tok == "rg" and i >= 3:
                try:
                    colours.add(tuple(round(float(x), 3) for x in tokens[i - 3:i]))
                except ValueError:
                    pass
    return colours


def rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(round(int(h[k:k + 2], 16) / 255, 3) for k in (0, 2, 4))
