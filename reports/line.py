"""Line: one line of plain text in a paragraph style, the cheap flowable behind pdf.para."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from reports.pdf import paragraph


class Line(Flowable):
    """One line of plain text in a paragraph style. Most of a document's paragraphs are a
    heading or a short sentence; parsing and line-breaking each as a Paragraph was a third
    of an attestation's build time. Placed where it does not fit, it hands over to a real
    Paragraph (wrap, split and draw alike), so the page looks the same either way."""

    def __init__(self, text: str, style):
        super().__init__()
        # A Paragraph collapses runs of white space; so does a Line.
        self.text, self.style = " ".join(text.split()), style
        self._wrapped = None  # the Paragraph, once the line has not fitted

    def _as_paragraph(self):
        if self._wrapped is None:
            self._wrapped = paragraph(self.text, self.style)
        return self._wrapped

    def _fits(self, width: float) -> bool:
        return stringWidth(self.text, self.style.fontName, self.style.fontSize) <= width

    def wrap(self, avail_width, avail_height):
        if not self.text or not self._fits(avail_width):  # an empty Paragraph is 0 high
            return self._as_paragraph().wrap(avail_width, avail_height)
        self._wrapped = None
        self.width, self.height = avail_width, self.style.leading
        return self.width, self.height

    def split(self, avail_width, avail_height):
        return self._wrapped.split(avail_width, avail_height) if self._wrapped else []

    def minWidth(self):
        return self._as_paragraph().minWidth()

    def getSpaceBefore(self):
        return self.style.spaceBefore

    def getSpaceAfter(self):
        return self.style.spaceAfter

    def draw(self):
        if self._wrapped is not None:
            self._wrapped.drawOn(self.canv, 0, 0)
            return
        canvas, style = self.canv, self.style
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        y = self.height - style.fontSize  # where a Paragraph puts its first baseline
        if style.alignment == TA_RIGHT:
            canvas.drawRightString(self.width, y, self.text)
        elif style.alignment == TA_CENTER:
            canvas.drawCentredString(self.width / 2, y, self.text)
        else:
            canvas.drawString(0, y, self.text)
