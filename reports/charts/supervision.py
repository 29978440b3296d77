"""Supervision charts as matplotlib Figures (no Qt, no pyplot): per doctor, monthly hours as
bars with the month's target and the cumulative curves; for all doctors, this year's hours
against the target. The UI embeds them in a canvas; PDFs can save them as images."""

from __future__ import annotations

from dataclasses import dataclass

from alis_desktop.supervision import DoctorSupervision

BAR, TARGET, CUM, CUM_TARGET, BEHIND = "#2f5d8f", "#c0392b", "#1e8449", "#7f8c8d", "#e59866"
MONTHS_SHORT = ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov",
                "des"]


def _figure(width: float, height: float):
    from matplotlib.figure import Figure
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig


def doctor_chart(status: DoctorSupervision, months: int = 24, figure=None):
    """Bars: hours held per month; step line: the month's target; lines on the right axis:
    cumulative hours held and cumulative target since start. Shows the last `months`."""
    fig = figure or _figure(8, 3.4)
    fig.clear()
    ax = fig.add_subplot(1, 1, 1)
    points = status.months[-months:]
    if not points:
        ax.text(0.5, 0.5, "Ingen tjeneste registrert ennå", ha="center", va="center",
                transform=ax.transAxes, color="#666")
        ax.set_axis_off()
        return fig
    x = list(range(len(points)))
    ax.bar(x, [p.held for p in points], color=BAR, width=0.7, label="Timer i måneden")
    ax.step(x, [p.target for p in points], where="mid", color=TARGET, linewidth=1.6,
            label="Mål i måneden")
    ax.set_ylabel("Timer per måned")
    ax.set_ylim(0, max(8.0, max(p.held for p in points) * 1.15))
    labels = [MONTHS_SHORT[p.month - 1] + (f"\n{p.year}" if p.month == 1 or i == 0 else "")
              for i, p in enumerate(points)]
    step = 1 if len(points) <= 14 else 2
    ax.set_xticks(x[::step], labels[::step], fontsize=8)
    ax.grid(axis="y", color="#e3e7ee")
    ax.set_axisbelow(True)
    right = ax.twinx()
    right.plot(x, [p.cum_held for p in points], color=CUM, linewidth=2, marker="o",
               markersize=3, label="Timer totalt")
    right.plot(x, [p.cum_target for p in points], color=CUM_TARGET, linewidth=1.5,
               linestyle="--", label="Mål totalt")
    right.set_ylabel("Timer totalt siden start")
    right.set_ylim(bottom=0)
    handles = ax.get_legend_handles_labels()
    more = right.get_legend_handles_labels()
    ax.legend(handles[0] + more[0], handles[1] + more[1], loc="upper left", fontsize=8,
              ncols=4, frameon=False, bbox_to_anchor=(0, 1.13))
    return fig


@dataclass
class YearBar:
    name: str
    held: float
    target: float
    flagged: bool = False


def overview_chart(bars: list[YearBar], year: int, figure=None):
    """Horizontal bars: each doctor's hours this calendar year, with a tick at the target
    up to today; doctors behind are drawn in orange."""
    fig = figure or _figure(8, max(2.5, 0.36 * len(bars) + 1.2))
    fig.clear()
    ax = fig.add_subplot(1, 1, 1)
    if not bars:
        ax.text(0.5, 0.5, "Ingen leger i tjeneste", ha="center", va="center",
                transform=ax.transAxes, color="#666")
        ax.set_axis_off()
        return fig
    y = list(range(len(bars)))[::-1]
    ax.barh(y, [b.held for b in bars], color=[BEHIND if b.flagged else BAR for b in bars],
            height=0.6, label=f"Timer {year}")
    ax.scatter([b.target for b in bars], y, marker="|", s=260, color=TARGET, linewidths=2.5,
               zorder=3, label="Mål hittil i år")
    for yy, b in zip(y, bars):
        ax.text(b.held + 0.4, yy, f"{b.held:.1f}".replace(".", ","), va="center", fontsize=8)
    ax.set_yticks(y, [b.name for b in bars], fontsize=9)
    ax.set_xlabel(f"Veiledningstimer i {year}")
    ax.set_xlim(0, max(10.0, *(max(b.held, b.target) for b in bars)) * 1.12)
    ax.grid(axis="x", color="#e3e7ee")
    ax.set_axisbelow(True)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    return fig
