"""Line: plain text in a paragraph style, one string per line, the cheap flowable behind
pdf.para."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from reports.pdf import paragraph


class Line(Flowable):
    """Plain text in a paragraph style, drawn as one string per line ("\\n" ends a line).
    Most of a document's paragraphs are a heading, a short sentence or a short list;
    parsing and line-breaking each as a Paragraph was a third of an attestation's build
    time. Where a line does not fit, or the text must split across pages, it hands over
    to the Paragraph it stands for, so the page looks the same either way."""

    def __init__(self, text: str, style):
        super().__init__()
        self.text, self.style = text, style
        # A Paragraph folds runs of white space; so does a Line.
        self.lines = [" ".join(line.split()) for line in text.split("\n")]
        self._wrapped = None  # the Paragraph, once the text has not fitted

    def _as_paragraph(self):
        if self._wrapped is None:
            self._wrapped = paragraph(self.text, self.style)
        return self._wrapped

    def _fits(self, width: float) -> bool:
        if not all(self.lines):  # empty lines: the Paragraph decides how high they are
            return False
        font, size = self.style.fontName, self.style.fontSize
        return all(stringWidth(line, font, size) <= width for line in self.lines)

    def wrap(self, avail_width, avail_height):
        if not self._fits(avail_width):
            return self._as_paragraph().wrap(avail_width, avail_height)
        self._wrapped = None
        self.width, self.height = avail_width, self.style.leading * len(self.lines)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        wrapped = self._as_paragraph()
        wrapped.wrap(avail_width, avail_height)
        return wrapped.split(avail_width, avail_height)

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
        for line in self.lines:
            if style.alignment == TA_RIGHT:
                canvas.drawRightString(self.width, y, line)
            elif style.alignment == TA_CENTER:
                canvas.drawCentredString(self.width / 2, y, line)
            else:
                canvas.drawString(0, y, line)
            y -= style.leading
