"""Dekningsmatrise: which arena gives which learning goal (Spesialistforskriften § 23 d), with
the goals no arena covers highlighted: for those the municipality needs an agreement with
another institution.

`python -m alis_desktop report coverage FILE --out matrix.pdf`
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alis_desktop.catalog import catalog
from alis_desktop.dates import fmt
from alis_desktop.goals import FULL, PARTIAL, CoverageMatrix, coverage_matrix
from alis_desktop.vocab import ArenaType
from reports import pdf

TITLE = "Læringsmål per læringsarena"
MARK = {FULL: "H", PARTIAL: "D", None: ""}


def load_matrix(store) -> CoverageMatrix:
    """The matrix of the arenas in use, over ALM and the current FKM goals."""
    goals = catalog(store.all("goal_texts"))
    return coverage_matrix(goals, store.all("arenas", order_by="name"),
                           store.all("arena_coverage"))


def _codes(codes: list[str]) -> str:
    return ", ".join(codes) if codes else "ingen"


def story(matrix: CoverageMatrix, municipality: str, printed: date) -> list:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, TableStyle

    gaps, partial = matrix.gaps, matrix.partial_only
    out = [pdf.para(TITLE, "title"),
           pdf.para(f"{municipality} · utskrevet {fmt(printed)}", "small"),
           Spacer(1, 3 * mm),
           pdf.para(f"{len(matrix.arenas)} læringsarenaer, {len(matrix.goals)} læringsmål. "
                    f"Mål uten læringsarena ({len(gaps)}): {_codes(gaps)}. "
                    f"Mål som bare dekkes delvis ({len(partial)}): {_codes(partial)}."),
           pdf.para("H = helt, D = delvis. Rader merket «MANGLER» har ingen læringsarena: "
                    "kommunen trenger avtale med en annen virksomhet for disse målene.",
                    "small"),
           pdf.para("Læringsarenaer", "h2")]
    legend = [["Nr.", "Læringsarena", "Type", "Sted / samarbeidspartner"]]
    for i, a in enumerate(matrix.arenas, start=1):
        where = a.location if a.inside_municipality else f"Utenfor kommunen: {a.partner}"
        legend.append([str(i), a.name, ArenaType.label_of(a.type), where])
    out.append(pdf.table(legend, [10 * mm, 55 * mm, 45 * mm, 60 * mm]))
    out.append(pdf.para("Dekning", "h2"))

    n = len(matrix.arenas)
    arena_w = 8 * mm if n <= 12 else max(4.5 * mm, 96 * mm / max(n, 1))
    code_w, total_w = 16 * mm, 19 * mm
    theme_w = 170 * mm - code_w - total_w - n * arena_w
    show_theme = theme_w >= 25 * mm
    header = ["Mål"] + (["Tema"] if show_theme else []) + [str(i) for i in range(1, n + 1)] \
        + ["Samlet"]
    rows, backgrounds = [header], {}
    # Narrow padding so a code or a two-digit arena number stays on one line.
    cell_styles = [("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    first_arena_col = 2 if show_theme else 1
    for r, goal in enumerate(matrix.goals, start=1):
        best = matrix.best(goal.code)
        row = [goal.code] + ([goal.title if goal.title != goal.code else ""]
                             if show_theme else [])
        for c, a in enumerate(matrix.arenas):
            level = matrix.level(goal.code, a.id)
            row.append(MARK[level])
            if level:
                colour = pdf.GREEN if level == FULL else pdf.BLUE
                col = first_arena_col + c
                cell_styles.append(("BACKGROUND", (col, r), (col, r), colors.HexColor(colour)))
        row.append({FULL: "Helt", PARTIAL: "Delvis", None: "MANGLER"}[best])
        if best is None:
            backgrounds[r] = pdf.RED
        rows.append(row)
    widths = [code_w] + ([theme_w] if show_theme else []) + [arena_w] * n + [total_w]
    table = pdf.table(rows, widths, backgrounds=backgrounds)
    table.setStyle(TableStyle(cell_styles))
    out.append(table)
    return out


def build_pdf(matrix: CoverageMatrix, municipality: str, out: Path | None = None,
              printed: date | None = None, logo_path: str = "") -> bytes:
    info = pdf.DocumentInfo(title=TITLE, subject="Dekningsmatrise for læringsarenaene",
                            municipality=municipality, logo_path=logo_path)
    return pdf.build(story(matrix, municipality, printed or date.today()), info, out)


def build_for(store, as_of: date) -> bytes:
    """The PDF bytes for a store, dated `as_of` (the shape the Rapporter view's documents use)."""
    municipality = store.municipality()
    return build_pdf(load_matrix(store), municipality.name, printed=as_of,
                     logo_path=municipality.logo_path)


def run_cli(store, args) -> Path:
    out = Path(args.out)
    municipality = store.municipality()
    build_pdf(load_matrix(store), municipality.name, out, logo_path=municipality.logo_path)
    return out
