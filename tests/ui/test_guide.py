"""The user guide: every page, picture and internal link there; F1 opens the section of
the view in front; a requirement in the Krav tab opens its explanation; the guide ships
with the program."""

import json
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt

from tests.conftest import ROOT, run_cli
from ui.help.guide import GETTING_STARTED_PAGE, PAGES, REQUIREMENTS_PAGE, VIEW_PAGES, guide_dir
from ui.main_window import VIEWS, MainWindow

MAX_PICTURE_BYTES = 120_000  # the guide's pictures stay small (scripts/guide_screenshots.py)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.images, self.anchors = [], [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "a" and a.get("name"):
            self.anchors.add(a["name"])
        if tag == "img":
            self.images.append(a.get("src", ""))


def parse(name: str) -> _Page:
    page = _Page()
    page.feed((guide_dir() / name).read_text(encoding="utf-8"))
    return page


def html_files() -> list[str]:
    return sorted(p.name for p in guide_dir().glob("*.html"))


def test_every_page_is_in_the_contents_and_exists():
    names = [page for page, _ in PAGES]
    assert sorted(names) == html_files()
    assert set(VIEW_PAGES.values()) <= set(names)
    assert {GETTING_STARTED_PAGE, REQUIREMENTS_PAGE} <= set(names)
    assert set(VIEW_PAGES) == {key for key, _ in VIEWS}  # every view has its section


@pytest.mark.parametrize("name", html_files())
def test_every_picture_the_guide_names_is_there_and_small(name):
    for src in parse(name).images:
        picture = guide_dir() / src
        assert picture.is_file(), f"{name}: bildet {src} mangler"
        assert picture.stat().st_size <= MAX_PICTURE_BYTES, f"{src} er for stort"


@pytest.mark.parametrize("name", html_files())
def test_every_internal_link_resolves(name):
    for href in parse(name).links:
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            continue
        target = parts.path or name
        assert (guide_dir() / target).is_file(), f"{name}: lenken {href} peker på en side som mangler"
        if parts.fragment:
            assert parts.fragment in parse(target).anchors, f"{name}: ankeret i {href} mangler"


def test_every_page_can_be_reached_from_the_contents():
    linked = {urlsplit(h).path for n in html_files() for h in parse(n).links}
    assert set(html_files()) - {"index.html"} <= linked


def test_every_requirement_has_its_explanation():
    rules = json.loads((ROOT / "resources" / "rules.json").read_text(encoding="utf-8"))["rules"]
    anchors = parse(REQUIREMENTS_PAGE).anchors
    assert [r["id"] for r in rules if r["id"] not in anchors] == []


def test_the_screenshot_script_makes_every_picture_the_guide_names():
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "guide_screenshots", ROOT / "scripts" / "guide_screenshots.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    named = {Path(src).stem for n in html_files() for src in parse(n).images}
    assert named <= set(script.SHOTS)


def test_the_guide_ships_with_the_program():
    from tests.test_frozen_paths import spec_data_files
    bundled = {Path(src).relative_to(ROOT).as_posix() for src, _ in spec_data_files()}
    for p in guide_dir().rglob("*"):
        if p.is_file():
            assert p.relative_to(ROOT).as_posix() in bundled
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["*"]
    assert "*.html" in patterns and "*.png" in patterns


# --- in the window -----------------------------------------------------------------------

def window_on(keep, context) -> MainWindow:
    window = keep(MainWindow(context))
    window.show()
    return window


def test_f1_opens_the_section_of_the_view_in_front(keep, qtbot, context):
    window = window_on(keep, context)
    window.show_view("supervision")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window._guide_window
    assert guide.isVisible() and guide.current_page() == "veiledning.html"
    assert "Veiledning" in guide.browser.toPlainText()
    assert guide.contents.currentItem().text() == "Veiledning"
    for key in VIEW_PAGES:
        window.show_view(key)
        window.guide_action.trigger()
        assert guide.current_page() == VIEW_PAGES[key]
    assert window.guide_action.shortcut().toString() == "F1"


def test_the_guide_follows_its_links_and_goes_back(keep, context):
    window = window_on(keep, context)
    guide = window.show_guide("index.html")
    assert "Brukerveiledning for ALIS Desktop" in guide.browser.toPlainText()
    guide.browser.setSource(guide.browser.source().resolved("oppgaver.html#fravaer"))
    assert guide.current_page() == "oppgaver.html" and guide.current_anchor() == "fravaer"
    assert guide.back.isEnabled()
    guide.back.click()
    assert guide.current_page() == "index.html"
    guide.contents.setCurrentRow([p for p, _ in PAGES].index("datasikkerhet.html"))
    assert guide.current_page() == "datasikkerhet.html"
    assert "Sikkerhetskopier" in guide.browser.toPlainText()


def test_a_requirement_links_to_its_explanation(keep, context):
    window = window_on(keep, context)
    doctor = context.store.all("doctors", order_by="name")[0]
    window.open_doctor(doctor.id)
    tab = window.views["doctors"].show_tab("Krav")
    if tab.doctor_id != doctor.id:
        tab.set_doctor(doctor.id)
    assert not tab.explain_button.isEnabled()  # nothing selected yet
    tab.table.selectRow(0)
    chosen = tab.selected()
    assert tab.explain_button.isEnabled()
    assert tab.explain_action in tab.table.actions()  # right-click: Hva betyr dette?
    tab.explain_button.click()
    guide = window._guide_window
    assert guide.current_page() == REQUIREMENTS_PAGE and guide.current_anchor() == chosen.id
    assert chosen.id in parse(REQUIREMENTS_PAGE).anchors


def test_getting_started_panel_opens_its_section(keep, context):
    window = window_on(keep, context)
    window.show_view("overview")
    window.views["overview"].getting_started.guide_requested.emit()
    assert window._guide_window.current_page() == GETTING_STARTED_PAGE


def test_screenshot_of_the_guide(tmp_path, demo_file):
    """`alis-desktop FILE --screenshot OUT --view guide` renders the guide."""
    from PIL import Image
    out = tmp_path / "guide.png"
    run_cli(demo_file, "--screenshot", out, "--view", "guide",
            env={"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    with Image.open(out) as img:
        assert img.size[0] >= 900 and img.size[1] >= 600
        colours = img.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is None or len(colours) > 50


def test_keyboard_table_names_every_view_and_undo():
    """The guide's keyboard table follows the window: Ctrl+1 up to the last view, each
    view by name, and Ctrl+Z (Rediger -> Angre)."""
    text = (guide_dir() / "index.html").read_text(encoding="utf-8")
    assert f"<b>Ctrl+{len(VIEWS)}</b>" in text
    row = next(line for line in text.splitlines() if "<b>Ctrl+1</b>" in line)
    assert [label for _, label in VIEWS if label not in row] == []
    assert "<b>Ctrl+Z</b>" in text


def test_guide_names_the_merged_features_as_the_window_does():
    """Placement statuses, the calendar export, the sheet import, the plan paste and the
    supervisor button in the words the window uses."""
    from alis_desktop.vocab import PlacementStatus
    pages = {name: (guide_dir() / name).read_text(encoding="utf-8") for name in html_files()}
    wanted = {
        "oppgaver.html": [PlacementStatus.AGREED.label, PlacementStatus.PENCILLED.label,
                          "Tildel eller bytt veileder"],
        "moter.html": ["Til kalender (.ics)", "klokkeslett og sted"],
        "kom-i-gang.html": ["Importer fra regneark ...", "Lim inn fra planen ..."],
        "laeringsarenaer.html": ["Lim inn fra planen ..."],
        "veiledning.html": ["Tildel eller bytt veileder"],
    }
    missing = [(page, phrase) for page, phrases in wanted.items() for phrase in phrases
               if phrase not in pages[page]]
    assert missing == []
    assert not any("Bytt veileder" in text for text in pages.values())
