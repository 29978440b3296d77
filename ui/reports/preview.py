"""The first page of a PDF for the preview pane: rendered with Poppler's pdftoppm when it is
installed (QtPdf is an Addons module we do not ship), else the page's text."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtGui import QImage


def pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def first_page_image(pdf_bytes: bytes, dpi: int = 60) -> QImage | None:
    """The first page as an image, or None when pdftoppm is missing or fails."""
    exe = pdftoppm()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="alis-preview-") as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf_bytes)
        try:
            subprocess.run([exe, "-png", "-r", str(dpi), "-f", "1", "-l", "1",
                            "-singlefile", str(source), str(Path(folder) / "page")],
                           check=True, capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            return None
        image = QImage(str(Path(folder) / "page.png"))
        return None if image.isNull() else image.copy()


def first_page_text(pdf_bytes: bytes) -> str:
    """The first page's text, for when no renderer is available."""
    try:
        import io

        from pypdf import PdfReader
    except ImportError:
        return ("Forhåndsvisning krever pdftoppm (Poppler). Dokumentet er laget "
                f"({len(pdf_bytes) // 1024} kB) og kan skrives ut.")
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return reader.pages[0].extract_text() or ""
