"""The HTML report as text: contents, escaping, self-containment and determinism."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from aipm_planner.errors import InputError
from aipm_planner.export.charts import chart_bytes, gantt_svg, week_loads, weekly_capacity
from aipm_planner.export.html import render_html
from aipm_planner.model import Schedule

from .schedules import build, profile, roadmap, tiny

SVG = "{http://www.w3.org/2000/svg}"
EVIL = ' <script>alert("x")</script> & "q" \'s\' $x$'


class Page(HTMLParser):
    """Tags, attributes, headings and visible text of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self._heading: int | None = None
        self._heading_text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._heading_text = int(tag[1]), []

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == f"h{self._heading}":
            self.headings.append((self._heading, "".join(self._heading_text).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading_text.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def svg_of(page: str, prefix: str) -> ET.Element:
    match = re.search(rf'<svg [^>]*id="{prefix}-svg".*?</svg>', page, flags=re.S)
    assert match is not None
    return ET.fromstring(match.group(0))


def test_same_schedule_gives_the_same_bytes() -> None:
    schedule = tiny()
    again = Schedule.model_validate_json(schedule.model_dump_json())
    assert render_html(schedule) == render_html(again)
    assert chart_bytes(schedule, "gantt", "png") == chart_bytes(again, "gantt", "png")
    assert chart_bytes(schedule, "load", "svg") == chart_bytes(again, "load", "svg")


def test_is_an_html5_document_for_phones() -> None:
    page = render_html(tiny())
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<title>Study plan: Tiny roadmap</title>" in page
    assert "@media print" in page
    assert page.endswith("</html>\n")


def test_loads_nothing_from_anywhere() -> None:
    page = render_html(tiny())
    parsed = Page(page)
    assert {"script", "link", "img", "iframe", "object", "embed", "base"}.isdisjoint(
        name for name, _ in parsed.tags
    )
    for tag, attrs in parsed.tags:
        for name in ("src", "srcset", "href", "xlink:href", "action", "data"):
            value = attrs.get(name)
            if value is None:
                continue
            # Only links to resources leave the page, and only when the reader follows them.
            assert value.startswith("#") or (tag == "a" and name == "href"), (tag, name, value)
    references = re.findall(r"url\(([^)]*)\)", page)
    assert references  # the charts' clip paths
    assert all(ref.startswith("#") for ref in references)
    assert "@import" not in page
    assert "@font-face" not in page


def test_every_id_is_unique() -> None:
    ids = re.findall(r'\bid="([^"]+)"', render_html(tiny()))
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []


def test_markup_in_titles_is_shown_not_run() -> None:
    schedule = tiny(evil=True)
    page = render_html(schedule)
    assert "<script" not in page.lower()
    parsed = Page(page)
    assert parsed.headings[0] == (1, f"Study plan: Tiny roadmap{EVIL}")
    assert (4, f"Intro to AI{EVIL}") in parsed.headings
    assert f"What a model is{EVIL}" in parsed.text
    links = [a for a in parsed.named("a") if a.get("href", "").startswith("https")]  # type: ignore[union-attr]
    assert links == [{"href": 'https://example.org/course?a=1&b="2"', "rel": "noopener noreferrer"}]
    assert 'href="https://example.org/course?a=1&amp;b=&quot;2&quot;"' in page


def test_chart_text_is_escaped_and_never_read_as_math() -> None:
    page = render_html(tiny(evil=True))
    labels = ["".join(t.itertext()) for t in svg_of(page, "gantt").iter(f"{SVG}text")]
    # Labels are cut to fit; what is left is the literal title, markup and dollars included.
    assert 'Intro to AI <script>alert("x")</scrip…' in labels
    assert 'Basics <script>alert("x")</script…' in labels
    short = build(
        roadmap().model_copy(
            update={
                "phases": [
                    roadmap()
                    .phases[0]
                    .model_copy(
                        update={
                            "modules": [
                                roadmap()
                                .phases[0]
                                .modules[0]
                                .model_copy(update={"title": "Costs $5 & <b>$10</b>"}),
                                roadmap().phases[0].modules[1],
                            ]
                        }
                    ),
                    roadmap().phases[1],
                ]
            }
        ),
        profile(),
    )
    svg = ET.fromstring(gantt_svg(short))
    assert "Costs $5 & <b>$10</b>" in ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]


def test_the_gantt_has_one_bar_per_scheduled_module() -> None:
    svg = svg_of(render_html(tiny()), "gantt")
    ids = [g.get("id", "") for g in svg.iter(f"{SVG}g")]
    assert sorted(i for i in ids if i.startswith("gantt-bar-")) == [
        "gantt-bar-intro",
        "gantt-bar-proto",
        "gantt-bar-sql",
    ]
    assert sorted(i for i in ids if i.startswith("gantt-phase-")) == [
        "gantt-phase-basics",
        "gantt-phase-build",
    ]
    assert len([i for i in ids if i.startswith("gantt-milestone-")]) == 4
    assert len([i for i in ids if i.startswith("gantt-range-")]) == 5


def test_charts_are_figures_with_text_alternatives() -> None:
    page = render_html(tiny())
    for prefix in ("gantt", "load"):
        svg = svg_of(page, prefix)
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{prefix}-title"
        assert svg.get("viewBox") is not None
        assert svg.get("width") is None  # the page's CSS sizes it
        title = svg.find(f"{SVG}title")
        assert title is not None
        assert title.text
        assert f'<figcaption id="{prefix}-caption">' in page
    assert svg_of(page, "gantt").findtext(f"{SVG}title") == (
        "Gantt chart of 2 phases and 3 scheduled modules over calendar weeks."
        " The table below lists the same spans as text."
    )


def test_headings_go_in_order() -> None:
    levels = [level for level, _ in Page(render_html(tiny())).headings]
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_summary_numbers() -> None:
    page = render_html(tiny())
    assert re.findall(r"<div><dt>(.*?)</dt><dd>(.*?)</dd></div>", page) == [
        ("Finish", "Mon 1 Feb 2027, 20:00"),
        ("Total study", "7 h in 5 sessions"),
        ("Weeks", "5"),
        ("Average per week", "1.4 h"),
        ("Peak week", "5 h (week 1)"),
        ("Modules", "3 scheduled, 1 skipped"),
        ("Solver", "optimal (proven)"),
        ("Gap to best bound", "0.0 %"),
    ]


def test_span_table_rows() -> None:
    page = render_html(tiny())
    table = page[page.index('<table id="spans">') : page.index("</table>")]
    rows = [re.sub(r"<[^>]+>", "|", row) for row in re.findall(r"<tr.*?</tr>", table)]
    cells = [[c for c in row.split("|") if c.strip()] for row in rows]
    assert cells[1:] == [
        ["Basics", "week 1", "4 Jan 2027 – 9 Jan 2027", "1-3 weeks", "5"],
        ["Intro to AI", "week 1", "4 Jan 2027 – 6 Jan 2027", "1-2 weeks", "3"],
        ["SQL for PMs", "week 1", "9 Jan 2027", "1-2 weeks", "2"],
        ["Build", "weeks 4–5", "25 Jan 2027 – 1 Feb 2027", "2-4 weeks", "2"],
        ["Prototype", "weeks 4–5", "25 Jan 2027 – 1 Feb 2027", "1-3 weeks", "2"],
        ["Extra reading", "skipped", "–", "–", "–", "0"],
    ]


def test_weekly_load_counts_planned_available_and_blackout() -> None:
    schedule = tiny()
    loads = week_loads(schedule, weekly_capacity(schedule))
    assert [load.start for load in loads] == [
        dt.date(2027, 1, 4) + dt.timedelta(weeks=k) for k in range(5)
    ]
    assert [load.planned_minutes for load in loads] == [300, 0, 0, 60, 60]
    # Mon and Wed 2 h, Sat 3 h; the blackout takes Sat 16 and the whole next week.
    assert [load.available_minutes for load in loads] == [420, 240, 0, 420, 420]
    assert [load.blackout_days for load in loads] == [0, 2, 7, 0, 0]
    svg = svg_of(render_html(schedule), "load")
    ids = {g.get("id") for g in svg.iter(f"{SVG}g")}
    assert {"load-blackout-1", "load-blackout-2", "load-available", "load-planned-0"} <= ids
    assert "load-blackout-0" not in ids


def test_next_two_weeks_start_today() -> None:
    first = Page(render_html(tiny()))
    assert [h for level, h in first.headings if level == 3][:3] == [
        "Mon 4 Jan 2027",
        "Wed 6 Jan 2027",
        "Sat 9 Jan 2027",
    ]
    later = render_html(tiny(), today=dt.date(2027, 1, 25))
    section = later[later.index('<section id="next">') : later.index('<section id="modules">')]
    assert "Sessions from Mon 25 Jan 2027 to Sun 7 Feb 2027." in section
    assert re.findall(r"<h3>(.*?)</h3>", section) == ["Mon 25 Jan 2027", "Mon 1 Feb 2027"]
    assert "<li>19:00–20:00 <strong>Prototype</strong> (session 2 of 2, 60 min)</li>" in section
    empty = render_html(tiny(), today=dt.date(2027, 3, 1))
    assert "<p>No sessions.</p>" in empty


def test_today_line_only_inside_the_plan() -> None:
    def has_today(day: dt.date) -> bool:
        ids = {g.get("id") for g in svg_of(render_html(tiny(), today=day), "gantt").iter()}
        return "gantt-today" in ids

    assert has_today(dt.date(2027, 1, 20))
    assert not has_today(dt.date(2026, 12, 1))
    assert not has_today(dt.date(2027, 6, 1))


def test_explanations_and_modules_are_listed() -> None:
    page = render_html(tiny())
    explanations = page[page.index('<section id="explanations">') :]
    assert "<li>Skipped &#x27;Extra reading&#x27;: it is optional and listed under skip.</li>" in (
        explanations
    )
    modules = page[page.index('<section id="modules">') :]
    assert (
        '<p class="list-label">Topics</p>\n<ul>\n<li>What a model is</li>\n'
        "<li>Training vs inference</li>\n</ul>"
    ) in modules
    assert '<p class="list-label">Outcomes</p>\n<ul>\n<li>Explain a model</li>' in modules
    assert "course · 3 h planned · week 1 · 4 Jan 2027 – 6 Jan 2027 · 2 sessions" in modules
    assert "course · 1 h in the roadmap · skipped · optional" in modules
    nothing = build(roadmap(), profile(), explanations=())
    assert "<p>Nothing was skipped, shortened or stretched.</p>" in render_html(nothing)


def test_without_matplotlib_it_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(InputError) as caught:
        render_html(tiny())
    assert str(caught.value) == (
        "the HTML report needs the report extra: pip install 'aipm-planner[report]'"
    )
    with pytest.raises(InputError) as caught:
        chart_bytes(tiny(), "gantt", "png")
    assert str(caught.value) == (
        "the gantt chart needs the report extra: pip install 'aipm-planner[report]'"
    )


def test_a_schedule_with_nothing_to_do_still_renders() -> None:
    schedule = build(
        roadmap(), profile(blackouts=()), specs=(), skipped=("intro", "sql", "proto", "extra")
    )
    page = render_html(schedule)
    assert "<dd>nothing to study</dd>" in page
    ids = [g.get("id", "") for g in svg_of(page, "gantt").iter(f"{SVG}g")]
    assert [i for i in ids if i.startswith("gantt-bar-")] == []
