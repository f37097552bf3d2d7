"""A report whose day lies outside the charted weeks does not promise a line for it.

Both chart captions said "Dashed red line: today." although the line is drawn only when
the day falls within the charted weeks, so the text alternative described a mark that the
charts did not have.
"""

from __future__ import annotations

import datetime as dt

from aipm_planner import render_html

from .schedules import START, build, profile, roadmap


def test_a_day_after_the_plan_is_named_and_not_drawn() -> None:
    page = render_html(build(roadmap(), profile()), today=dt.date(2030, 6, 3))
    assert "Dashed red line: today." not in page
    assert page.count("Today, Mon 3 Jun 2030, is outside the charted weeks.") == 2
    assert 'id="gantt-today"' not in page
    assert 'id="load-today"' not in page


def test_a_day_inside_the_plan_keeps_its_line() -> None:
    page = render_html(build(roadmap(), profile()), today=START + dt.timedelta(days=8))
    assert page.count("Dashed red line: today.") == 2
    assert "outside the charted weeks" not in page
    assert 'id="gantt-today"' in page
    assert 'id="load-today"' in page
