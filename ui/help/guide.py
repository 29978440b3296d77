"""Hjelp -> Brukerveiledning (F1): the user guide, HTML pages in resources/guide/ shown in
a QTextBrowser beside the main window, offline. F1 opens the section of the view in front;
the Krav tab opens a requirement's explanation (krav.html#<rule id>)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QSplitter, QTextBrowser,
    QVBoxLayout, QWidget,
)

from alis_desktop.resources import resource_path

# The guide's pages in reading order: (file, title in the contents list).
PAGES = [
    ("index.html", "Innhold"),
    ("kom-i-gang.html", "Kom i gang"),
    ("oversikt.html", "Oversikt"),
    ("leger.html", "Leger"),
    ("laeringsarenaer.html", "Læringsarenaer"),
    ("veiledning.html", "Veiledning"),
    ("moter.html", "Møter"),
    ("rapporter.html", "Rapporter"),
    ("institusjon.html", "Institusjon"),
    ("kommunens-plan.html", "Kommunens plan"),
    ("oppgaver.html", "Slik gjør du det"),
    ("krav.html", "Kravene og hva de betyr"),
    ("datasikkerhet.html", "Datasikkerhet og personvern"),
]
# The main window's views (ui/main_window.py VIEWS) -> their section, for F1.
VIEW_PAGES = {"overview": "oversikt.html", "doctors": "leger.html",
              "arenas": "laeringsarenaer.html", "supervision": "veiledning.html",
              "meetings": "moter.html", "reports": "rapporter.html",
              "institution": "institusjon.html", "plan": "kommunens-plan.html"}
REQUIREMENTS_PAGE = "krav.html"
PAGE_ROLE = Qt.ItemDataRole.UserRole
GETTING_STARTED_PAGE = "kom-i-gang.html"


def guide_dir() -> Path:
    return resource_path("guide")


def page_url(page: str, anchor: str | None = None) -> QUrl:
    url = QUrl.fromLocalFile(str(guide_dir() / page))
    if anchor:
        url.setFragment(anchor)
    return url


class GuideWindow(QDialog):
    """The guide: contents on the left, the page on the right, back and forward."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Brukerveiledning – ALIS Desktop")
        self.setModal(False)
        self.contents = QListWidget()
        self.contents.setFixedWidth(220)
        for page, title in PAGES:
            item = QListWidgetItem(title)
            item.setData(PAGE_ROLE, page)
            self.contents.addItem(item)
        self.contents.currentRowChanged.connect(self._contents_chosen)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)  # a web address opens in the browser
        self.browser.setSearchPaths([str(guide_dir())])
        self.browser.sourceChanged.connect(self._source_changed)
        self.back = QPushButton("◀ Tilbake")
        self.back.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back.clicked.connect(self.browser.backward)
        self.forward = QPushButton("Fram ▶")
        self.forward.setShortcut(QKeySequence(QKeySequence.StandardKey.Forward))
        self.forward.clicked.connect(self.browser.forward)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)
        self.back.setEnabled(False)
        self.forward.setEnabled(False)
        home = QPushButton("Innhold")
        home.clicked.connect(lambda: self.show_page("index.html"))
        close = QPushButton("Lukk")
        close.clicked.connect(self.close)
        bar = QHBoxLayout()
        for button in (self.back, self.forward, home):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(close)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.browser, 1)
        splitter = QSplitter()
        splitter.addWidget(self.contents)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.resize(980, 720)

    def show_page(self, page: str = "index.html", anchor: str | None = None) -> None:
        self.browser.setSource(page_url(page, anchor))
        if anchor:
            self.browser.scrollToAnchor(anchor)

    def current_page(self) -> str:
        """The file name of the page shown ("leger.html")."""
        return Path(self.browser.source().toLocalFile()).name

    def current_anchor(self) -> str:
        return self.browser.source().fragment()

    def _contents_chosen(self, row: int) -> None:
        if row >= 0:
            self.show_page(self.contents.item(row).data(PAGE_ROLE))

    def _source_changed(self, url: QUrl) -> None:
        name = Path(url.toLocalFile()).name
        for i in range(self.contents.count()):
            if self.contents.item(i).data(PAGE_ROLE) == name:
                blocker = self.contents.blockSignals(True)
                self.contents.setCurrentRow(i)
                self.contents.blockSignals(blocker)
                break


def show_guide(widget: QWidget, page: str = "index.html",
               anchor: str | None = None) -> GuideWindow:
    """Open the guide at `page` (#anchor), one guide per main window, in front."""
    owner = widget.window()
    guide = getattr(owner, "_guide_window", None)
    if guide is None:
        guide = GuideWindow(owner)
        owner._guide_window = guide
    guide.show_page(page, anchor)
    shown = guide.isVisible()
    guide.show()
    # Already open behind the main window: bring it forward (offscreen, as in tests and
    # screenshots, has no window stacking and warns about raise()).
    if shown and QGuiApplication.platformName() != "offscreen":
        guide.raise_()
        guide.activateWindow()
    return guide
