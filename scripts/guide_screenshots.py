"""Make the user guide's pictures (resources/guide/img/*.png) from the program itself, so
they follow it when it changes:

    QT_QPA_PLATFORM=offscreen python scripts/guide_screenshots.py [--out DIR] [--only NAME ...]

Each picture is the main window on a fresh demo municipality (Kom i gang: on a new, empty
file), rendered offscreen at a fixed size, scaled to the guide's width and stored as a
palette PNG (a tenth of the size of the full-colour one, still crisp for text on flat
colours). tests/ui/test_guide.py fails when a picture the guide names is missing."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WINDOW = (1200, 760)  # the window as rendered
WIDTH = 760  # the picture in the guide; pages show it at 640 px
COLOURS = 128

# name -> (view, doctor tab or None)
SHOTS = {
    "kom-i-gang": ("overview", None),  # on a new file
    "oversikt": ("overview", None),
    "leger": ("doctors", "Sammendrag"),
    "krav": ("doctors", "Krav"),
    "tjeneste": ("doctors", "Tjeneste"),
    "laeringsarenaer": ("arenas", None),
    "veiledning": ("supervision", None),
    "moter": ("meetings", None),
    "rapporter": ("reports", None),
    "institusjon": ("institution", None),
    "kommunens-plan": ("plan", None),
}


def save_small(image, path: Path, width: int = WIDTH) -> int:
    """A QImage scaled to `width` and saved as an optimised palette PNG; its size in bytes."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice, Qt

    scaled = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    scaled.save(buffer, "PNG")
    import io
    picture = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    picture = picture.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT,
                               dither=Image.Dither.NONE)
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, optimize=True)
    return path.stat().st_size


def busiest_doctor(store) -> int:
    """An active doctor with leave, several placements and meetings: a page worth showing."""
    row = store.conn.execute(
        """SELECT d.id FROM doctors d WHERE d.archived = 0 AND d.end_date IS NULL
           ORDER BY (SELECT count(*) FROM leaves l WHERE l.doctor_id = d.id) > 0 DESC,
                    (SELECT count(*) FROM placements p WHERE p.doctor_id = d.id) DESC,
                    d.name LIMIT 1""").fetchone()
    return row[0]


def grab(window, view: str, tab: str | None, doctor_id: int | None):
    from PySide6.QtWidgets import QApplication
    window.show_view(view)
    QApplication.processEvents()
    shown = window.views[view]
    if tab is not None:
        shown.select_doctor(doctor_id)
        shown.show_tab(tab)
    if hasattr(shown, "wait_for_progress"):
        shown.wait_for_progress()
    for _ in range(3):
        QApplication.processEvents()
    return window.grab().toImage()


def make(out: Path, only: list[str] | None = None) -> dict[str, int]:
    from db.demo_file import write_demo
    from db.store import Store
    from ui import background, settings
    from ui.app import make_app
    from ui.data import DataContext
    from ui.main_window import MainWindow

    make_app()
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="alis-guide-") as tmp:
        settings.use_folder(Path(tmp))  # never the user's own preferences
        demo, empty = Path(tmp) / "Fjordvik-demo.alis", Path(tmp) / "Ny kommune.alis"
        write_demo(demo)
        Store.open(empty, create=True).close()
        for path, names in ((empty, ["kom-i-gang"]),
                            (demo, [n for n in SHOTS if n != "kom-i-gang"])):
            names = [n for n in names if not only or n in only]
            if not names:
                continue
            store = Store.open(path)
            context = DataContext(store)
            window = MainWindow(context)
            window.resize(*WINDOW)
            window.show()
            doctor_id = busiest_doctor(store) if store.count("doctors") else None
            for name in names:
                view, tab = SHOTS[name]
                sizes[name] = save_small(grab(window, view, tab, doctor_id), out / f"{name}.png")
                print(f"{out / name}.png  {sizes[name] // 1024} kB")
            window.close()
            background.stop_all()
            store.close()
    return sizes


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Lag bildene i brukerveiledningen fra demoen.")
    p.add_argument("--out", type=Path, default=ROOT / "resources" / "guide" / "img")
    p.add_argument("--only", nargs="*", choices=list(SHOTS), help="bare disse bildene")
    args = p.parse_args(argv)
    sizes = make(args.out, args.only)
    print(f"{len(sizes)} bilder, {sum(sizes.values()) // 1024} kB i alt.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
