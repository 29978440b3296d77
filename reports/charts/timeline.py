"""The doctor's training on a time axis: one row per service category, a bar per placement
shaded by position %, planned periods hatched, leave marked, today and the projected
completion as vertical lines."""

from __future__ import annotations

from datetime import date, timedelta

from alis_desktop.vocab import COUNTING_LEAVE, PlacementStatus, ServiceCategory

ROWS = [ServiceCategory.GP_UNSELECTED, ServiceCategory.GP_OTHER, ServiceCategory.INSTITUTION,
        ServiceCategory.OTHER_SPECIALTY]
ROW_LABELS = {ServiceCategory.GP_UNSELECTED: "Åpen uselektert\nallmennpraksis",
              ServiceCategory.GP_OTHER: "Annen allmenn-\nmedisinsk tjeneste",
              ServiceCategory.INSTITUTION: "Institusjons-\ntjeneste",
              ServiceCategory.OTHER_SPECIALTY: "Annen\nspesialitet"}
COLOURS = {ServiceCategory.GP_UNSELECTED: "#2f5d8f", ServiceCategory.GP_OTHER: "#4f9a94",
           ServiceCategory.INSTITUTION: "#b5651d", ServiceCategory.OTHER_SPECIALTY: "#7a5195"}


def timeline_figure(placements, leaves, *, today: date, projected: date | None = None,
                    arena_names: dict[int, str] | None = None, size=(9.0, 3.2), dpi=100,
                    large: bool = False, today_label: str = "i dag"):
    """A matplotlib Figure (no Qt). `large` uses bigger type for the meeting screen."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    from matplotlib import dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    font = 13 if large else 8.5
    fig = Figure(figsize=size, dpi=dpi, layout="constrained")
    ax = fig.add_subplot()
    rows = [c for c in ROWS if any(p.category == c for p in placements)] or ROWS[:1]
    y_of = {c: len(rows) - 1 - i for i, c in enumerate(rows)}
    arena_names = arena_names or {}
    for p in placements:
        if p.category not in y_of:
            continue
        planned = p.status == PlacementStatus.PLANNED
        # A current placement is drawn as done up to today and as planned after it.
        pieces = [(p.start_date, p.end_date, planned)]
        if not planned and p.start_date <= today < p.end_date:
            pieces = [(p.start_date, today, False), (today + timedelta(days=1), p.end_date, True)]
        for first, last, dashed in pieces:
            _bar(ax, mdates, y_of[p.category], first, last, p.position_pct, dashed,
                 COLOURS[p.category])
        start = mdates.date2num(p.start_date)
        width = mdates.date2num(p.end_date + timedelta(days=1)) - start
        if width > 120:
            label = f"{p.position_pct:g} %"
            name = arena_names.get(p.arena_id, "")
            label = f"{name[:22]} {label}" if name and width > 400 else label
            ax.text(start + width / 2, y_of[p.category], label, ha="center", va="center",
                    fontsize=font * 0.85,
                    color="#111111" if planned or p.end_date > today else "white")
    deductible = [lv for lv in leaves if lv.kind not in COUNTING_LEAVE]
    for lv in leaves:
        start = mdates.date2num(lv.start_date)
        width = mdates.date2num(lv.end_date + timedelta(days=1)) - start
        counting = lv.kind in COUNTING_LEAVE
        ax.barh(-0.75, width, left=start, height=0.35,
                color="#9e9e9e" if counting else "#c62828", alpha=0.8)
    ax.axvline(mdates.date2num(today), color="#222222", linewidth=1.2, linestyle="-")
    ax.text(mdates.date2num(today), len(rows) - 0.35, f" {today_label}", fontsize=font,
            va="bottom")
    if projected:
        ax.axvline(mdates.date2num(projected), color="#2e7d32", linewidth=1.6, linestyle="--")
        ax.text(mdates.date2num(projected), len(rows) - 0.35,
                f" ferdig {projected.strftime('%d.%m.%Y')}", fontsize=font, va="bottom",
                color="#2e7d32")
    ax.set_yticks([y_of[c] for c in rows] + [-0.75])
    ax.set_yticklabels([ROW_LABELS[c] for c in rows] + ["Fravær"], fontsize=font)
    ax.set_ylim(-1.2, len(rows) + 0.2)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))
    ax.tick_params(axis="x", labelsize=font)
    ax.grid(axis="x", which="major", color="#dddddd")
    ax.spines[["top", "right", "left"]].set_visible(False)
    handles = [Patch(facecolor="#777777", label=PlacementStatus.AGREED.label),
               Patch(facecolor="#bbbbbb", hatch="///", edgecolor="#333333",
                     label=PlacementStatus.PENCILLED.label)]
    if leaves:
        handles.append(Patch(facecolor="#9e9e9e", label="Ferie/kurs (teller)"))
    if deductible:
        handles.append(Patch(facecolor="#c62828", label="Annet fravær"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.12), ncol=len(handles),
              fontsize=font * 0.9, frameon=False)
    return fig


def _bar(ax, mdates, y, first, last, pct, planned, colour):
    start = mdates.date2num(first)
    width = mdates.date2num(last + timedelta(days=1)) - start
    alpha = 0.35 + 0.65 * (pct / 100)
    ax.barh(y, width, left=start, height=0.6, color=colour,
            alpha=alpha * (0.55 if planned else 1), hatch="///" if planned else None,
            edgecolor="#333333" if planned else "white", linewidth=0.6)


def figure_png(fig) -> bytes:
    """The figure as PNG bytes (for PDFs and snapshots)."""
    import io
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
