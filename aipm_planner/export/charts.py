"""The report's two charts, drawn with matplotlib: the Gantt chart and the weekly load.

matplotlib is the optional ``report`` extra, so it is imported inside the functions and a
missing install becomes an :class:`~aipm_planner.errors.InputError` that says how to get it.
Both charts come out as SVG text ready to inline into a page: the same schedule gives the
same bytes (fixed hash salt, no date metadata, ids prefixed per chart so two charts can share
one page), text stays text (searchable, escaped by matplotlib's XML writer) and the drawing
scales to its container through its ``viewBox``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aipm_planner.errors import AipmPlannerError, InputError
from aipm_planner.model import ModulePlan, PhasePlan, Schedule
from aipm_planner.weeks import local_day, week_of, week_of_instant, week_start

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CHART_FORMATS",
    "EXTRA_HINT",
    "PHASE_COLORS",
    "MissingGlyphWarning",
    "WeekLoad",
    "chart_bytes",
    "chart_weeks",
    "gantt_figure",
    "gantt_svg",
    "load_figure",
    "load_svg",
    "require_matplotlib",
    "today_in_chart",
    "week_loads",
    "weekly_capacity",
]

EXTRA_HINT = "pip install 'aipm-planner[report]'"

PHASE_COLORS = (
    "#1f5fa8",
    "#b3471b",
    "#1b7a5a",
    "#8e3b8c",
    "#7a5c00",
    "#2f6f7f",
    "#a1283e",
    "#4d5a9c",
)
"""One colour per phase, in roadmap order; each has at least 4.5:1 contrast against white."""

_INK = "#1a1a1a"
_GRID = "#d0d0d0"
_TODAY = "#c00000"
# Longest row label that fits the Gantt chart's left margin (bold phase titles run wider).
_LABEL_CHARS = {"phase": 34, "module": 38}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def require_matplotlib(what: str = "the HTML report") -> None:
    """Raise an InputError naming the extra to install when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise InputError(f"{what} needs the report extra: {EXTRA_HINT}") from exc


@dataclass(frozen=True)
class WeekLoad:
    """One plan week of the load chart."""

    week: int
    start: dt.date
    planned_minutes: int
    available_minutes: int | None
    blackout_days: int


def chart_weeks(schedule: Schedule) -> int:
    """How many plan weeks the charts show: up to the last week anything is planned in."""
    last = 0
    items: list[ModulePlan | PhasePlan] = [*schedule.modules, *schedule.phases]
    for item in items:
        if item.last_week is not None:
            last = max(last, item.last_week)
    start, zone = schedule.profile.start, schedule.profile.zone
    if schedule.finish is not None:
        last = max(last, week_of_instant(start, schedule.finish, zone))
    for milestone in schedule.milestones:
        last = max(last, week_of(start, milestone.date))
    return last + 1


def week_loads(schedule: Schedule, capacity: Sequence[int] | None) -> list[WeekLoad]:
    """Planned and available minutes and blackout days of every charted plan week.

    ``capacity`` is the available minutes per plan week (``None`` when unknown); weeks past its
    end are unknown too.
    """
    profile = schedule.profile
    weeks = chart_weeks(schedule)
    planned = [0] * weeks
    for session in schedule.sessions:
        week = week_of_instant(profile.start, session.start, profile.zone)
        if 0 <= week < weeks:
            planned[week] += session.minutes
    loads = []
    for week in range(weeks):
        first = week_start(profile.start, week)
        days = [first + dt.timedelta(days=i) for i in range(7)]
        blackout_days = sum(1 for day in days if any(day in b for b in profile.blackouts))
        available = capacity[week] if capacity is not None and week < len(capacity) else None
        loads.append(WeekLoad(week, first, planned[week], available, blackout_days))
    return loads


@contextlib.contextmanager
def _style(salt: str = "") -> Iterator[None]:
    """matplotlib's defaults plus the charts' own settings, whatever the user's matplotlibrc
    says, so a schedule draws the same everywhere; ``salt`` fixes the SVG clip-path ids."""
    import matplotlib

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(
            {
                "svg.hashsalt": f"aipm-planner-{salt or 'chart'}",
                "svg.fonttype": "none",  # text stays text: searchable and sharp
                "svg.id": None,
                "font.family": "sans-serif",
                "font.size": 10,
                "text.color": _INK,
                "axes.edgecolor": _INK,
                "axes.labelcolor": _INK,
                "xtick.color": _INK,
                "ytick.color": _INK,
                "path.simplify": False,
            }
        )
        yield


@contextlib.contextmanager
def _text_kept_as_text() -> Iterator[None]:
    """Silence matplotlib's warning about a glyph its font lacks (an emoji, CJK) in an SVG.

    The SVG keeps its text as text (``svg.fonttype: none``), so the browser draws every
    character with its own fonts and nothing is missing; the warning would only be noise
    on the terminal (and an error under ``-W error``).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        yield


class MissingGlyphWarning(UserWarning):
    """Characters of a chart's titles that no installed font has: a PNG or PDF chart shows
    boxes in their place (SVG charts and the HTML report keep them as text)."""


_GLYPH = re.compile(r"Glyph (\d+) .* missing from font")


@contextlib.contextmanager
def _missing_glyphs_noted(chart: str, fmt: str) -> Iterator[None]:
    """Turn matplotlib's warning per missing glyph, which names its own source line, into
    one :class:`MissingGlyphWarning` that names the characters and what to do instead."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    missing: list[str] = []
    for item in caught:
        match = _GLYPH.search(str(item.message))
        if match is None:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
        elif chr(int(match.group(1))) not in missing:
            missing.append(chr(int(match.group(1))))
    if missing:
        shown = " ".join(missing)
        warnings.warn(
            MissingGlyphWarning(
                f"no installed font has {shown}, so the {chart} chart's {fmt.upper()} shows"
                " boxes in their place; an .svg chart or the HTML report shows them"
            ),
            stacklevel=4,
        )


def _date_label(day: dt.date, with_year: bool) -> str:
    # Built by hand: strftime's month names follow the process locale, the report must not.
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return f"{text}\n{day.year}" if with_year else text


def _week_axis(ax: Axes, start: dt.date, weeks: int) -> None:
    """Label the x axis with the first date of every few plan weeks."""
    step = max(1, -(-weeks // 12))
    ticks = list(range(0, weeks + 1, step))
    labels = []
    year = None
    for week in ticks:
        day = week_start(start, week)
        labels.append(_date_label(day, day.year != year))
        year = day.year
    ax.set_xticks(ticks, labels)
    ax.set_xlim(0, max(weeks, 1))
    ax.xaxis.grid(True, color=_GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _inside(start: dt.date, today: dt.date, weeks: int) -> bool:
    return 0 <= (today - start).days / 7 <= weeks


def today_in_chart(schedule: Schedule, today: dt.date) -> bool:
    """Whether the charts of ``schedule`` draw ``today``'s line (it falls in their weeks)."""
    return _inside(schedule.profile.start, today, chart_weeks(schedule))


def _today_line(ax: Axes, start: dt.date, today: dt.date | None, weeks: int) -> Any:
    """Draw today's date as a dashed line when it falls inside the chart; returns the line."""
    if today is None or not _inside(start, today, weeks):
        return None
    x = (today - start).days / 7
    (line,) = ax.plot(
        [x, x], [0, 1], color=_TODAY, linewidth=1.4, linestyle="--", gid="today",
        transform=ax.get_xaxis_transform(), label="today",
    )  # fmt: skip
    return line


def gantt_figure(schedule: Schedule, *, today: dt.date | None = None) -> Figure:
    """The Gantt chart: one row per phase and per scheduled module, over plan weeks.

    Solid bars are the actual spans (whole weeks); the faint bar behind each starts at the
    same week and is as long as the longest span the roadmap allows; diamonds mark phase
    milestones and a dashed line today's date. Every module bar's SVG id is
    ``bar-<module id>`` and every phase bar's is ``phase-<phase id>``.
    """
    require_matplotlib("the Gantt chart")

    with _style():
        return _draw_gantt(schedule, today)


def _draw_gantt(schedule: Schedule, today: dt.date | None) -> Figure:
    from matplotlib.figure import Figure

    start = schedule.profile.start
    weeks = chart_weeks(schedule)
    colors = {
        p.id: PHASE_COLORS[i % len(PHASE_COLORS)] for i, p in enumerate(schedule.roadmap.phases)
    }
    rows: list[PhasePlan | ModulePlan] = []
    for phase in schedule.phases:
        if phase.first_week is None:
            continue
        rows.append(phase)
        rows += [
            m for m in schedule.modules if m.phase_id == phase.phase_id and m.first_week is not None
        ]

    height_in = 0.26 * len(rows) + 1.1
    fig = Figure(figsize=(10, height_in), dpi=100)
    fig.subplots_adjust(left=0.34, right=0.96, top=1 - 0.45 / height_in, bottom=0.62 / height_in)
    ax = fig.add_subplot()
    phase_rows: dict[str, int] = {}
    for y, plan in enumerate(rows):
        assert plan.first_week is not None
        assert plan.last_week is not None
        is_phase = isinstance(plan, PhasePlan)
        if isinstance(plan, PhasePlan):
            phase_rows[plan.phase_id] = y
            gid = f"phase-{plan.phase_id}"
        else:
            gid = f"bar-{plan.module_id}"
        color = colors[plan.phase_id]
        height = 0.72 if is_phase else 0.56
        if plan.weeks is not None:
            ax.barh(
                y, plan.weeks.max, left=plan.first_week, height=height + 0.14,
                color=color, alpha=0.16, linewidth=0, gid=f"range-{gid}",
            )  # fmt: skip
        ax.barh(
            y, plan.last_week - plan.first_week + 1, left=plan.first_week, height=height,
            color=color, alpha=1.0 if is_phase else 0.78, linewidth=0, gid=gid,
        )  # fmt: skip
        label = _shorten(plan.title, _LABEL_CHARS["phase" if is_phase else "module"])
        ax.text(
            -0.01, y, label, transform=ax.get_yaxis_transform(), ha="right", va="center",
            fontweight="bold" if is_phase else "normal", parse_math=False,
        )  # fmt: skip
    for milestone in schedule.milestones:
        if milestone.phase_id not in phase_rows:
            continue
        # A phase ends at the end of its last day: put the diamond there.
        days = (milestone.date - start).days + (1 if milestone.kind == "phase-end" else 0)
        ax.plot(
            [days / 7], [phase_rows[milestone.phase_id]], marker="D", markersize=6,
            color=_INK, markeredgecolor="white", linestyle="none",
            gid=f"milestone-{milestone.phase_id}-{milestone.kind}",
        )  # fmt: skip
    _week_axis(ax, start, weeks)
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
    if not rows:
        ax.text(
            0.5, 0.5, "nothing to study", transform=ax.transAxes, ha="center", va="center",
            parse_math=False,
        )  # fmt: skip
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    if today is not None and _today_line(ax, start, today, weeks) is not None:
        ax.text(
            (today - start).days / 7, 1.0, " today", color=_TODAY,
            transform=ax.get_xaxis_transform(), va="bottom", ha="left", parse_math=False,
        )  # fmt: skip
    return fig


def load_figure(
    schedule: Schedule, loads: Sequence[WeekLoad], *, today: dt.date | None = None
) -> Figure:
    """The weekly load chart: planned hours per week as bars, available hours as a step line,
    weeks with blackout days shaded (darker the more days are blacked out)."""
    require_matplotlib()

    with _style():
        return _draw_load(schedule, loads, today)


def _draw_load(schedule: Schedule, loads: Sequence[WeekLoad], today: dt.date | None) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    fig = Figure(figsize=(10, 3.4), dpi=100)
    fig.subplots_adjust(left=0.07, right=0.96, top=0.86, bottom=0.2)
    ax = fig.add_subplot()
    weeks = len(loads)
    handles: list[Any] = []
    shaded = False
    for load in loads:
        if load.blackout_days:
            shaded = True
            # Darker the more of the week is blacked out; the hatch tells it apart from a bar.
            ax.axvspan(
                load.week, load.week + 1, facecolor="#000000",
                alpha=0.03 + 0.02 * load.blackout_days, edgecolor=_GRID, linewidth=0,
                hatch="//", gid=f"blackout-{load.week}",
            )  # fmt: skip
    xs = [load.week + 0.5 for load in loads]
    planned = [load.planned_minutes / 60 for load in loads]
    bars = ax.bar(xs, planned, width=0.8, color=PHASE_COLORS[0], label="planned hours")
    for load, bar in zip(loads, bars, strict=True):
        bar.set_gid(f"planned-{load.week}")
    handles.append(Patch(color=PHASE_COLORS[0], label="planned hours"))
    if any(load.available_minutes is not None for load in loads):
        steps_x: list[float] = []
        steps_y: list[float] = []
        for load in loads:
            if load.available_minutes is None:
                continue
            steps_x += [load.week, load.week + 1]
            steps_y += [load.available_minutes / 60] * 2
        (line,) = ax.plot(
            steps_x, steps_y, color=PHASE_COLORS[1], linewidth=1.6, gid="available",
            label="available hours",
        )  # fmt: skip
        handles.append(line)
    if shaded:
        handles.append(
            Patch(
                facecolor="#e6e6e6", edgecolor=_GRID, hatch="//", label="weeks with blackout days"
            )
        )
    _week_axis(ax, schedule.profile.start, weeks)
    ax.set_ylabel("hours per week")
    ax.set_ylim(bottom=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    today_line = _today_line(ax, schedule.profile.start, today, weeks)
    if today_line is not None:
        handles.append(today_line)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=4, frameon=False)
    return fig


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|xlink:href="#|href="#)([^)"]+)')


def _to_svg(fig: Figure, prefix: str, title: str) -> str:
    """The figure as an inline ``<svg>`` element: deterministic, scalable, ids prefixed."""

    buffer = io.StringIO()
    with _style(prefix), _text_kept_as_text():
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    # Ids are page-wide in HTML: two charts on one page must not share "axes_1" or a clip id.
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", text)
    match = _SVG_OPEN.search(text)
    assert match is not None
    view_box = re.search(r'viewBox="([^"]+)"', match.group(0))
    assert view_box is not None
    from html import escape

    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' viewBox="{view_box.group(1)}" role="img" aria-labelledby="{prefix}-title"'
        f' class="chart-svg" id="{prefix}-svg">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
    )
    # matplotlib's own metadata block only repeats the generator; drop it.
    body = re.sub(r"<metadata>.*?</metadata>", "", text[match.end() :], flags=re.S)
    return opening + body.strip() + "\n"


def gantt_svg(schedule: Schedule, *, today: dt.date | None = None, title: str = "") -> str:
    """The Gantt chart as an inline SVG element (see :func:`gantt_figure`)."""
    require_matplotlib()
    return _to_svg(gantt_figure(schedule, today=today), "gantt", title or "Gantt chart")


def load_svg(
    schedule: Schedule,
    loads: Sequence[WeekLoad],
    *,
    today: dt.date | None = None,
    title: str = "",
) -> str:
    """The weekly load chart as an inline SVG element (see :func:`load_figure`)."""
    require_matplotlib()
    return _to_svg(load_figure(schedule, loads, today=today), "load", title or "Weekly load")


CHART_FORMATS = ("png", "svg", "pdf")


def chart_bytes(schedule: Schedule, chart: str, fmt: str, *, today: dt.date | None = None) -> bytes:
    """One chart alone as a file's bytes: ``chart`` is ``gantt`` or ``load``, ``fmt`` one of
    :data:`CHART_FORMATS`. The same schedule gives the same bytes.

    A PNG or PDF draws with the installed fonts: characters none of them has (CJK, emoji)
    come out as boxes, and one :class:`MissingGlyphWarning` names them."""
    require_matplotlib(f"the {chart} chart")

    if fmt not in CHART_FORMATS:
        raise InputError(
            f"cannot draw a chart as {fmt!r}",
            value=fmt,
            hint="name the file .png, .svg or .pdf",
        )
    if chart == "gantt":
        fig = gantt_figure(schedule, today=today)
    else:
        capacity = weekly_capacity(schedule)
        fig = load_figure(schedule, week_loads(schedule, capacity), today=today)
    # No dates or versions in the file, so the bytes depend on the schedule alone.
    metadata: dict[str, Any] = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }[fmt]
    buffer = io.BytesIO()
    with (
        _style(chart),
        _text_kept_as_text() if fmt == "svg" else _missing_glyphs_noted(chart, fmt),
    ):
        fig.savefig(buffer, format=fmt, dpi=150, metadata=metadata, bbox_inches="tight")
    return buffer.getvalue()


def weekly_capacity(schedule: Schedule) -> list[int] | None:
    """Available minutes per plan week from the profile's windows, caps and blackouts.

    Busy calendars are left out on purpose: drawing a chart must not read files relative to
    a profile file the schedule no longer knows, nor ask a CalDAV server. ``None`` when the
    availability cannot be worked out (no window is left at all).

    A plan stretched past the deadline (or past the usual horizon) used the learner's windows
    after it, so then every charted week is counted whole; otherwise the hours end where
    planning could end.
    """
    from aipm_planner.availability import availability_for, horizon_end

    profile = schedule.profile.model_copy(update={"busy_calendars": [], "busy_caldav": []})
    try:
        end = horizon_end(profile, schedule.roadmap)
        if schedule.finish is not None and local_day(schedule.finish, profile.zone) > end:
            end = week_start(profile.start, chart_weeks(schedule)) - dt.timedelta(days=1)
        return availability_for(profile, schedule.roadmap, end=end).capacity_by_week()
    except AipmPlannerError:
        return None
