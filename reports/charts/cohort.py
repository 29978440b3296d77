"""The cohort at a glance: counted service per doctor (stacked by category, the 60 months
marked) beside supervision hours this year against the pro-rated target. Hatched as well
as coloured, so it reads in black and white."""

from __future__ import annotations

from alis_desktop.vocab import ServiceCategory
from reports.charts.timeline import COLOURS

HATCHES = {ServiceCategory.GP_UNSELECTED: "", ServiceCategory.GP_OTHER: "///",
           ServiceCategory.INSTITUTION: "xx", ServiceCategory.OTHER_SPECIALTY: ".."}
SHORT = {ServiceCategory.GP_UNSELECTED: "Uselektert allmennpraksis",
         ServiceCategory.GP_OTHER: "Annen allmennmedisinsk",
         ServiceCategory.INSTITUTION: "Institusjon",
         ServiceCategory.OTHER_SPECIALTY: "Annen spesialitet"}


def cohort_figure(rows, *, required_months: float = 60.0, size=(11.0, 4.2), dpi=100):
    """`rows` have name, months_by_category, supervision_hours, supervision_target."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    fig = Figure(figsize=(size[0], max(size[1], 0.32 * len(rows) + 1.4)), dpi=dpi,
                 layout="constrained")
    left, right = fig.subplots(1, 2, sharey=True, width_ratios=[3, 2])
    names = [r.name for r in rows]
    y = list(range(len(rows)))[::-1]
    starts = [0.0] * len(rows)
    for cat in ServiceCategory:
        widths = [r.months_by_category.get(cat.value, 0.0) for r in rows]
        if not any(widths):
            continue
        left.barh(y, widths, left=starts, height=0.62, color=COLOURS[cat], alpha=0.85,
                  hatch=HATCHES[cat], edgecolor="#222222", linewidth=0.4, label=SHORT[cat])
        starts = [s + w for s, w in zip(starts, widths)]
    left.axvline(required_months, color="#111111", linestyle="--", linewidth=1.1)
    left.text(required_months, len(rows) - 0.4, f" {required_months:g} mnd", fontsize=8,
              va="bottom")
    left.set_yticks(y, names, fontsize=8)
    left.set_xlabel("Tellende tjeneste (mnd, § 31)", fontsize=8.5)
    left.set_xlim(0, max([required_months * 1.08] + [s * 1.05 for s in starts]))
    left.set_ylim(-0.7, len(rows) - 0.1)
    left.tick_params(axis="x", labelsize=8)
    left.grid(axis="x", color="#dddddd")
    left.spines[["top", "right"]].set_visible(False)
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=4, fontsize=7.5,
                frameon=False)

    hours = [r.supervision_hours for r in rows]
    targets = [r.supervision_target for r in rows]
    shades = ["#2f5d8f" if h >= t - 1e-9 else "#c62828" for h, t in zip(hours, targets)]
    hatch = ["" if h >= t - 1e-9 else "////" for h, t in zip(hours, targets)]
    for yy, h, colour, pattern in zip(y, hours, shades, hatch):
        right.barh(yy, h, height=0.62, color=colour, alpha=0.8, hatch=pattern,
                   edgecolor="#222222", linewidth=0.4)
    right.scatter(targets, y, marker="|", s=260, color="#111111", linewidths=2, zorder=3)
    right.set_xlabel("Veiledning i år (timer); strek = mål hittil i år", fontsize=8.5)
    right.tick_params(axis="x", labelsize=8)
    right.grid(axis="x", color="#dddddd")
    right.spines[["top", "right"]].set_visible(False)
    right.legend(handles=[
        Line2D([], [], color="#2f5d8f", linewidth=6, label="På eller over målet"),
        Line2D([], [], color="#c62828", linewidth=6, label="Under målet (skravert)"),
        Line2D([], [], color="#111111", marker="|", linestyle="", markersize=12,
               label="Mål hittil i år")],
        loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize=7.5, frameon=False)
    return fig
