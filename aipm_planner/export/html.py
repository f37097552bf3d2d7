"""The HTML report: one self-contained page showing a whole schedule.

``render_html(schedule)`` returns an HTML5 document with inline CSS and inline SVG charts and
no scripts, fonts or images from anywhere else, so it works offline, from a ``file://`` URL,
on a phone and on paper. Every piece of text from the roadmap or profile is escaped; the same
schedule gives the same bytes.

>>> from aipm_planner.export.html import render_html
>>> page = render_html(schedule)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from html import escape
from zoneinfo import ZoneInfo

from aipm_planner import __version__
from aipm_planner.errors import InputError
from aipm_planner.export.charts import (
    PHASE_COLORS,
    WeekLoad,
    gantt_svg,
    load_svg,
    require_matplotlib,
    today_in_chart,
    week_loads,
    weekly_capacity,
)
from aipm_planner.model import ModulePlan, PhasePlan, Schedule, Session, WeekRange
from aipm_planner.model.base import SCHEDULE_HINT, expect
from aipm_planner.weeks import local_day, week_of_instant

__all__ = ["render_html"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_AHEAD_DAYS = 14

_CSS = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4a4a4a; --line: #d0d0d0;
  --accent: #1f5fa8; --bg: #ffffff; --soft: #f4f6f8; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem clamp(0.75rem, 3vw, 2rem) 3rem; }
h1 { font-size: clamp(1.5rem, 4vw, 2.2rem); line-height: 1.2; margin: 0.5rem 0; }
h2 { font-size: 1.4rem; margin: 2.2rem 0 0.6rem; border-bottom: 2px solid var(--line);
  padding-bottom: 0.2rem; }
h3 { font-size: 1.15rem; margin: 1.6rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 0.3rem; }
h1, h2, h3, h4, p, li, dt, dd, figcaption { overflow-wrap: anywhere; }
a { color: #0b4f9c; }
.lede { color: var(--muted); margin-top: 0; }
.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
  gap: 0.6rem; margin: 0; }
.summary div { background: var(--soft); border-radius: 6px; padding: 0.5rem 0.75rem; }
.summary dt { font-size: 0.85rem; color: var(--muted); }
.summary dd { margin: 0; font-size: 1.15rem; font-weight: 600; }
figure { margin: 0.5rem 0 1rem; }
figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.3rem; }
.chart { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
.chart svg { display: block; width: 100%; height: auto; min-width: 46rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
thead th { background: var(--soft); }
td.nowrap { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.phase-row th, tr.phase-row td { font-weight: 600; background: #eef2f7; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px;
  margin-right: 0.35em; vertical-align: -0.05em; }
.tag { display: inline-block; font-size: 0.8rem; border: 1px solid var(--line);
  border-radius: 3px; padding: 0 0.3rem; margin-left: 0.3rem; color: var(--muted); }
.skipped { color: var(--muted); }
.day { margin: 0.6rem 0; }
.day h3 { font-size: 1rem; margin: 0.8rem 0 0.2rem; }
.day ul { margin: 0; padding-left: 1.2rem; }
.module { border-left: 4px solid var(--line); padding-left: 0.8rem; margin: 1rem 0; }
.module h4 { margin-top: 0; }
.facts { color: var(--muted); margin: 0.2rem 0; }
.lists { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr));
  gap: 0 1.5rem; }
.list-label { font-weight: 600; margin: 0.5rem 0 0.1rem; }
.lists ul { margin: 0; padding-left: 1.2rem; }
details { margin: 0.5rem 0; }
summary { cursor: pointer; color: #0b4f9c; }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 3rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  th, td { padding: 0.25rem 0.35rem; }
}
@media print {
  @page { margin: 1.5cm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .chart { overflow: visible; border: none; }
  .chart svg { min-width: 0; }
  figure, tr, .module, .day { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  details > summary { display: none; }
  .swatch, tr.phase-row th, tr.phase-row td, .module {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em;
    color: var(--muted); overflow-wrap: anywhere; }
}
""".strip()


def render_html(schedule: Schedule, *, today: dt.date | None = None) -> str:
    """The whole report for ``schedule`` as one self-contained HTML5 document.

    ``today`` picks the week marked in the charts and the two weeks of sessions listed
    (default: the day the schedule was made). Raises :class:`~aipm_planner.errors.InputError`
    when the ``report`` extra (matplotlib) is not installed.
    """
    expect(schedule, Schedule, "schedule", SCHEDULE_HINT)
    require_matplotlib()
    zone = schedule.profile.zone
    if today is None:
        today = local_day(schedule.created, zone)
    elif isinstance(today, dt.datetime):
        # A moment names a day only in a zone: the learner's, as for every other date here.
        today = local_day(today, zone) if today.utcoffset() is not None else today.date()
    elif not isinstance(today, dt.date):
        raise InputError(
            f"must be a date (got {today!r:.40}, of type {type(today).__name__})",
            field="today",
            value=today,
            hint="e.g. today=datetime.date(2027, 1, 11)",
        )
    loads = week_loads(schedule, weekly_capacity(schedule))
    title = f"Study plan: {schedule.roadmap.title}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="aipm-planner {escape(__version__)}">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="lede">{_lede(schedule)}</p>',
        _summary(schedule, loads),
        _gantt_section(schedule, today),
        _load_section(schedule, loads, today),
        _explanations(schedule),
        _upcoming(schedule, today),
        _modules(schedule),
        f"<footer><p>Made with aipm-planner {escape(__version__)}.</p></footer>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


# --- small formatting helpers ---------------------------------------------------------------


def _date(day: dt.date) -> str:
    # Built by hand: strftime's names follow the process locale, the report must not.
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _short_date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _hours(minutes: float) -> str:
    hours = minutes / 60
    text = f"{hours:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _time(moment: dt.datetime) -> str:
    return f"{moment:%H:%M}"


def _clock(moment: dt.datetime, zoned: bool) -> str:
    """``19:00``, or ``02:05 CET`` where the wall clock alone is ambiguous."""
    return f"{moment:%H:%M} {moment.tzname()}" if zoned else f"{moment:%H:%M}"


def _clocks_change(day: dt.date, zone: ZoneInfo) -> bool:
    """Whether the UTC offset of ``zone`` changes during the local ``day``."""
    midnight = dt.datetime.combine(day, dt.time(0), zone)
    next_midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone)
    return midnight.utcoffset() != next_midnight.utcoffset()


def _week_span(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return "–"
    # Shown 1-based: the first plan week is "week 1" to a reader.
    if first == last:
        return f"week {first + 1}"
    return f"weeks {first + 1}–{last + 1}"


def _module_dates(schedule: Schedule, module_id: str) -> str:
    """Local dates of a module's first and last session."""
    sessions = schedule.sessions_of(module_id)
    if not sessions:
        return "–"
    zone = schedule.profile.zone
    return _date_range(local_day(sessions[0].start, zone), local_day(sessions[-1].start, zone))


def _date_range(first: dt.date | None, last: dt.date | None) -> str:
    if first is None or last is None:
        return "–"
    if first == last:
        return _short_date(first)
    return f"{_short_date(first)} – {_short_date(last)}"


def _weeks_allowed(weeks: WeekRange | None) -> str:
    if weeks is None:
        return "–"
    return f"{weeks} week" if weeks.max == 1 else f"{weeks} weeks"


def _section(heading: str, anchor: str, body: Iterable[str]) -> str:
    return "\n".join(
        [f'<section id="{anchor}">', f"<h2>{escape(heading)}</h2>", *body, "</section>"]
    )


def _phase_color(schedule: Schedule, phase_id: str) -> str:
    ids = [p.id for p in schedule.roadmap.phases]
    return PHASE_COLORS[ids.index(phase_id) % len(PHASE_COLORS)]


# --- sections ---------------------------------------------------------------------------------


def _lede(schedule: Schedule) -> str:
    profile = schedule.profile
    parts = [f"Starts {_date(profile.start)}"]
    if profile.deadline is not None:
        parts.append(f"deadline {_date(profile.deadline)}")
    parts.append(f"times in {profile.timezone}")
    if profile.name:
        parts.append(f"profile “{profile.name}”")
    return escape(" · ".join(parts))


def _summary(schedule: Schedule, loads: Sequence[WeekLoad]) -> str:
    zone = schedule.profile.zone
    total = sum(s.minutes for s in schedule.sessions)
    if schedule.finish is not None:
        weeks = week_of_instant(schedule.profile.start, schedule.finish, zone) + 1
        finish = f"{_date(local_day(schedule.finish, zone))}, {_time(schedule.finish)}"
    else:
        weeks, finish = 0, "nothing to study"
    peak = max(loads, key=lambda load: load.planned_minutes, default=None)
    scheduled = sum(1 for m in schedule.modules if m.status == "scheduled")
    skipped = len(schedule.modules) - scheduled
    report = schedule.report
    status = "optimal (proven)" if report.status == "optimal" else "feasible (not proven optimal)"
    items = [
        ("Finish", finish),
        ("Total study", f"{_hours(total)} h in {len(schedule.sessions)} sessions"),
        ("Weeks", str(weeks)),
        ("Average per week", f"{_hours(total / weeks) if weeks else '0'} h"),
        (
            "Peak week",
            f"{_hours(peak.planned_minutes)} h (week {peak.week + 1})"
            if peak is not None and peak.planned_minutes
            else "–",
        ),
        ("Modules", f"{scheduled} scheduled, {skipped} skipped"),
        ("Solver", status),
        ("Gap to best bound", f"{report.gap * 100:.1f} %"),
    ]
    body = [
        '<dl class="summary">',
        *(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in items),
        "</dl>",
        f'<p class="facts">Solved in {report.wall_time:.2f} s with {report.workers} workers'
        f" (seed {report.seed}); week 1 is the week starting"
        f" {escape(_date(schedule.profile.start))}.</p>",
    ]
    return _section("Summary", "summary", body)


def _today_note(schedule: Schedule, today: dt.date) -> str:
    """The caption's word on today's line, which is drawn only inside the charted weeks."""
    if today_in_chart(schedule, today):
        return "Dashed red line: today."
    return escape(f"Today, {_date(today)}, is outside the charted weeks.")


def _gantt_section(schedule: Schedule, today: dt.date) -> str:
    description = (
        f"Gantt chart of {sum(1 for p in schedule.phases if p.first_week is not None)} phases"
        f" and {sum(1 for m in schedule.modules if m.first_week is not None)} scheduled modules"
        " over calendar weeks. The table below lists the same spans as text."
    )
    body = [
        '<figure aria-labelledby="gantt-caption">',
        f'<div class="chart">{gantt_svg(schedule, today=today, title=description)}</div>',
        '<figcaption id="gantt-caption">Phases (bold) and modules over calendar weeks. Solid'
        " bars: the weeks each one actually spans. Faint bars: the longest span its roadmap"
        " range allows, from the same first week. Diamonds: phase start and end."
        f" {_today_note(schedule, today)}</figcaption>",
        "</figure>",
        _span_table(schedule),
    ]
    return _section("Timeline", "timeline", body)


def _span_table(schedule: Schedule) -> str:
    rows = []
    for phase in schedule.phases:
        rows.append(_span_row(schedule, phase, phase_row=True))
        for module in schedule.modules:
            if module.phase_id == phase.phase_id:
                rows.append(_span_row(schedule, module, phase_row=False))
    return "\n".join(
        [
            '<div class="table-wrap">',
            '<table id="spans">',
            "<caption>Phases and modules with their weeks and dates</caption>",
            '<thead><tr><th scope="col">Phase / module</th><th scope="col">Weeks</th>'
            '<th scope="col">Dates</th><th scope="col">Allowed span</th>'
            '<th scope="col" class="num">Hours</th></tr></thead>',
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "</div>",
        ]
    )


def _span_row(schedule: Schedule, plan: PhasePlan | ModulePlan, *, phase_row: bool) -> str:
    if isinstance(plan, PhasePlan):
        minutes = sum(m.minutes for m in schedule.modules if m.phase_id == plan.phase_id)
        dates = _date_range(plan.start, plan.end)
    else:
        minutes = plan.minutes
        dates = _module_dates(schedule, plan.module_id)
    allowed = _weeks_allowed(plan.weeks)
    name = escape(plan.title)
    if phase_row:
        swatch = _phase_color(schedule, plan.phase_id)
        name = f'<span class="swatch" style="background:{swatch}"></span>{name}'
    if plan.status == "skipped":
        name += '<span class="tag">skipped</span>'
    css = ' class="phase-row"' if phase_row else ""
    return (
        f'<tr{css}><th scope="row">{name}</th>'
        f'<td class="nowrap">{escape(_week_span(plan.first_week, plan.last_week))}</td>'
        f'<td class="nowrap">{escape(dates)}</td><td class="nowrap">{escape(allowed)}</td>'
        f'<td class="num">{_hours(minutes)}</td></tr>'
    )


def _load_section(schedule: Schedule, loads: Sequence[WeekLoad], today: dt.date) -> str:
    known = any(load.available_minutes is not None for load in loads)
    blackout = sum(1 for load in loads if load.blackout_days)
    description = (
        f"Bar chart of planned study hours in each of {len(loads)} weeks"
        + (", with the available hours as a line" if known else "")
        + (f"; {blackout} weeks with blackout days are shaded" if blackout else "")
        + ". The table after the chart lists the same numbers."
    )
    caption = "Planned hours per week (bars)"
    if known:
        caption += " against the hours your weekly windows, caps and blackouts leave free (line)"
        if schedule.profile.busy_calendars or schedule.profile.busy_caldav:
            caption += ", before busy calendars are subtracted"
    caption += f"; hatched weeks contain blackout days. {_today_note(schedule, today)}"
    rows = []
    for load in loads:
        available = _hours(load.available_minutes) if load.available_minutes is not None else "–"
        rows.append(
            f'<tr><th scope="row">{load.week + 1}</th><td>{escape(_short_date(load.start))}</td>'
            f'<td class="num">{_hours(load.planned_minutes)}</td>'
            f'<td class="num">{available}</td><td class="num">{load.blackout_days}</td></tr>'
        )
    body = [
        '<figure aria-labelledby="load-caption">',
        f'<div class="chart">{load_svg(schedule, loads, today=today, title=description)}</div>',
        f'<figcaption id="load-caption">{escape(caption)}</figcaption>',
        "</figure>",
        "<details>",
        "<summary>Weekly load as a table</summary>",
        '<div class="table-wrap">',
        '<table id="load-table">',
        "<caption>Hours per week</caption>",
        '<thead><tr><th scope="col">Week</th><th scope="col">Starts</th>'
        '<th scope="col" class="num">Planned h</th><th scope="col" class="num">Available h</th>'
        '<th scope="col" class="num">Blackout days</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        "</div>",
        "</details>",
    ]
    return _section("Weekly load", "load", body)


def _explanations(schedule: Schedule) -> str:
    if schedule.explanations:
        body = [
            "<ul>",
            *(f"<li>{escape(text)}</li>" for text in schedule.explanations),
            "</ul>",
        ]
    else:
        body = ["<p>Nothing was skipped, shortened or stretched.</p>"]
    return _section("What changed, and why", "explanations", body)


def _upcoming(schedule: Schedule, today: dt.date) -> str:
    zone = schedule.profile.zone
    until = today + dt.timedelta(days=_AHEAD_DAYS)
    by_day: dict[dt.date, list[Session]] = {}
    for session in schedule.sessions:
        day = local_day(session.start, zone)
        if today <= day < until:
            by_day.setdefault(day, []).append(session)
    last = until - dt.timedelta(days=1)
    intro = f"<p>Sessions from {escape(_date(today))} to {escape(_date(last))}.</p>"
    if not by_day:
        return _section("Next two weeks", "next", [intro, "<p>No sessions.</p>"])
    body = [intro]
    for day in sorted(by_day):
        items = []
        # On the day the clocks change an hour repeats or is skipped: "01:30–02:55" and
        # "02:05–03:30" would read as overlapping, so times carry their zone's abbreviation.
        zoned = _clocks_change(day, zone)
        for session in by_day[day]:
            total = schedule.session_count(session.module_id)
            items.append(
                f"<li>{escape(_clock(session.start, zoned))}–{escape(_clock(session.end, zoned))}"
                f" <strong>{escape(session.title)}</strong>"
                f" (session {session.ordinal} of {total}, {session.minutes} min)</li>"
            )
        body += [
            '<div class="day">',
            f"<h3>{escape(_date(day))}</h3>",
            "<ul>",
            *items,
            "</ul>",
            "</div>",
        ]
    return _section("Next two weeks", "next", body)


def _modules(schedule: Schedule) -> str:
    plans = {m.module_id: m for m in schedule.modules}
    phase_plans = {p.phase_id: p for p in schedule.phases}
    body = []
    for phase in schedule.roadmap.phases:
        plan = phase_plans.get(phase.id)
        color = _phase_color(schedule, phase.id)
        body.append(
            f'<h3 id="phase-{escape(phase.id)}"><span class="swatch"'
            f' style="background:{color}"></span>{escape(phase.title)}</h3>'
        )
        if plan is not None:
            dates = _date_range(plan.start, plan.end) if plan.start is not None else "skipped"
            body.append(
                f'<p class="facts">{escape(_week_span(plan.first_week, plan.last_week))};'
                f" {escape(dates)}; allowed {escape(_weeks_allowed(phase.weeks))}.</p>"
            )
        if phase.description:
            body.append(f"<p>{escape(phase.description)}</p>")
        for module in phase.modules:
            module_plan = plans.get(module.id)
            body.append(_module_block(schedule, module.id, module_plan, color))
    return _section("Modules", "modules", body)


def _module_block(schedule: Schedule, module_id: str, plan: ModulePlan | None, color: str) -> str:
    module = schedule.roadmap.module(module_id)
    skipped = plan is None or plan.status == "skipped"
    facts: list[str] = [module.kind]
    if plan is not None and not skipped:
        facts.append(f"{_hours(plan.minutes)} h planned")
        if plan.minutes != plan.nominal_minutes:
            facts.append(f"{_hours(plan.nominal_minutes)} h in the roadmap")
        facts.append(_week_span(plan.first_week, plan.last_week))
        facts.append(_module_dates(schedule, module_id))
        facts.append(f"{schedule.session_count(module_id)} sessions")
    else:
        facts.append(f"{_hours(round(module.hours * 60))} h in the roadmap")
        facts.append("skipped")
    if module.optional:
        facts.append("optional")
    css = "module skipped" if skipped else "module"
    parts = [
        f'<article class="{css}" id="module-{escape(module.id)}" style="border-color:{color}">',
        f"<h4>{escape(module.title)}</h4>",
        f'<p class="facts">{escape(" · ".join(facts))}</p>',
    ]
    if module.description:
        parts.append(f"<p>{escape(module.description)}</p>")
    links = [
        f'<a href="{escape(resource.url, quote=True)}" rel="noopener noreferrer">'
        f"{escape(resource.title)}</a>"
        for resource in module.resources
    ]
    lists = [
        *_list("Topics", [escape(topic) for topic in module.topics]),
        *_list("Outcomes", [escape(outcome) for outcome in module.outcomes]),
        *_list("Resources", links),
    ]
    if lists:
        parts += ['<div class="lists">', *lists, "</div>"]
    parts.append("</article>")
    return "\n".join(parts)


def _list(label: str, items: Sequence[str]) -> list[str]:
    """A labelled list of already escaped HTML items (nothing when empty)."""
    if not items:
        return []
    return [
        "<div>",
        f'<p class="list-label">{escape(label)}</p>',
        "<ul>",
        *(f"<li>{item}</li>" for item in items),
        "</ul>",
        "</div>",
    ]
