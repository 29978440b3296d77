"""The printed coverage matrix: every goal a row, gaps named and marked, from the CLI too."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from alis_desktop import models as m
from alis_desktop.goal_refs import parse_goal_refs
from db.arenas import save_arena
from reports.coverage_matrix import build_for, build_pdf, load_matrix
from tests.conftest import run_cli


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def row_cells(text: str, code: str) -> list[str]:
    """The cells of a goal's row: pypdf gives one cell a line, the row starting at the code."""
    lines = text.splitlines()
    start = lines.index(code) + 1
    end = next(i for i in range(start, len(lines) + 1)
               if i == len(lines) or lines[i][:4] in ("ALM-", "FKM-"))
    return lines[start:end]


def test_gaps_are_named_and_marked(new_store):
    save_arena(new_store, m.Arena(name="Legekontoret", type="gp_office",
                                  default_category="gp_unselected"),
               parse_goal_refs("Alle ALM, bortsett fra ALM 055 og 085. Alle FKM"))
    save_arena(new_store, m.Arena(name="Sykehjemmet", type="nursing_home",
                                  default_category="gp_other"),
               parse_goal_refs("ALM 055 (delvis)"))
    matrix = load_matrix(new_store)
    assert matrix.gaps == ["ALM-085"] and matrix.partial_only == ["ALM-055"]
    text = pdf_text(build_pdf(matrix, "Testvik kommune", printed=date(2026, 11, 26)))
    assert "Mål uten læringsarena (1): ALM-085." in flat(text)
    assert "Mål som bare dekkes delvis (1): ALM-055." in flat(text)
    assert "Legekontoret" in text and "Sykehjemmet" in text
    assert text.count("MANGLER") == 2  # the explanation and the one gap row
    gap = row_cells(text, "ALM-085")  # the theme, then no arena marks, then the verdict
    assert gap[-1] == "MANGLER" and not {"H", "D"} & set(gap)
    assert row_cells(text, "ALM-055")[-2:] == ["D", "Delvis"]
    assert row_cells(text, "ALM-001") == ["H", "Helt"]
    assert "FKM-014" in text and "102 læringsmål" in flat(text)


def test_same_matrix_same_bytes(new_store):
    matrix = load_matrix(new_store)
    day = date(2026, 11, 26)
    assert build_pdf(matrix, "Testvik", printed=day) == build_pdf(matrix, "Testvik", printed=day)
    assert build_for(new_store, day) == build_pdf(matrix, new_store.municipality().name,
                                                  printed=day)


def test_coverage_report_from_the_command_line(demo_file, tmp_path):
    out = tmp_path / "dekning.pdf"
    proc = run_cli("report", "coverage", demo_file, "--out", out)
    assert "Skrev" in proc.stdout
    text = pdf_text(out.read_bytes())
    assert "Læringsmål per læringsarena" in text and "Fjordvik kommunale legesenter" in text
    assert "Mål uten læringsarena (0): ingen." in flat(text)
