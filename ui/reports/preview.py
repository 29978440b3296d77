"""The first page of a PDF for the preview pane, rendered with pypdfium2 (PDFium, the
engine of Chrome's PDF viewer, in wheels for Windows, macOS and Linux: no Poppler or other
program needed on the leader's PC; QtPdf is an Addons module we do not ship). When
rendering fails, the page's text is shown instead."""

from __future__ import annotations

from PySide6.QtGui import QImage


def first_page_image(pdf_bytes: bytes, dpi: int = 60) -> QImage | None:
    """The first page as an image, or None when the PDF cannot be rendered."""
    import pypdfium2 as pdfium  # loaded on first preview, not at start-up
    from pypdfium2 import raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError:
        return None
    try:
        if len(pdf) == 0:
            return None
        page = pdf[0]
        # BGRA with the bytes reversed is RGBA, which QImage takes as it is.
        bitmap = page.render(scale=dpi / 72, force_bitmap_format=pdfium_c.FPDFBitmap_BGRA,
                             rev_byteorder=True)
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGBA8888)
        return None if image.isNull() else image.copy()  # own the pixels before PDFium frees
    except pdfium.PdfiumError:
        return None
    finally:
        pdf.close()


def first_page_text(pdf_bytes: bytes) -> str:
    """The first page's text, for when the page cannot be rendered."""
    try:
        import io

        from pypdf import PdfReader
    except ImportError:
        return (f"Forhåndsvisningen kunne ikke vises. Dokumentet er laget "
                f"({len(pdf_bytes) // 1024} kB) og kan skrives ut.")
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return reader.pages[0].extract_text() or ""
