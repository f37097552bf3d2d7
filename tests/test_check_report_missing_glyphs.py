"""Titles with characters matplotlib's font lacks (emoji, CJK) draw without a warning in SVG.

The charts keep their text as text in SVG, so the browser draws every character; yet
matplotlib warned ``Glyph 128640 (\\N{ROCKET}) missing from font(s) DejaVu Sans`` on the
terminal for every report of such a roadmap (``--quiet`` too), and ``render_html`` raised
under ``-W error`` (this suite runs with warnings as errors).
"""

from __future__ import annotations

from report.schedules import build, profile, roadmap

from aipm_planner.export.charts import chart_bytes
from aipm_planner.export.html import render_html
from aipm_planner.model import Roadmap, Schedule


def schedule() -> Schedule:
    data = roadmap().model_dump(mode="json")
    data["phases"][0]["title"] = "Basics 🚀"
    data["phases"][0]["modules"][0]["title"] = "入門 AI 🚀"
    return build(Roadmap.model_validate(data), profile())


def test_the_report_draws_emoji_and_cjk_titles_as_text() -> None:
    page = render_html(schedule())
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "Basics 🚀" in svg


def test_an_svg_chart_draws_them_too() -> None:
    data = chart_bytes(schedule(), "gantt", "svg")
    assert "入門 AI 🚀".encode() in data
