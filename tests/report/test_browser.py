"""The HTML report in a real headless Chromium: loads offline, shows everything, fits a phone.

The page is opened from a ``file://`` URL with the DevTools protocol listening, so every
request the page makes and every console message it causes is seen. Screenshots at desktop
and phone widths are kept in the test's temporary folder (and under
``AIPM_REPORT_SCREENSHOTS`` when that names a folder) for people to look at.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from aipm_planner.export.html import render_html
from aipm_planner.loading import default_profile
from aipm_planner.model import Schedule
from aipm_planner.roadmaps import builtin_roadmap

from .cdp import Browser
from .schedules import sequential, tiny

PROBLEMS = ("Runtime.exceptionThrown", "Page.javascriptDialogOpening")
DESKTOP, PHONE = 1280, 390


@pytest.fixture(scope="module")
def browser(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with Browser(chromium, tmp_path_factory.mktemp("chromium-profile")) as running:
        yield running


def builtin_schedule() -> Schedule:
    """The built-in roadmap with the default profile, its modules laid out one after another
    (no solver: these tests look at the page, not at the plan)."""
    roadmap = builtin_roadmap("ai-product-manager")
    profile = default_profile(today=dt.date(2027, 1, 1), timezone="Europe/Berlin")
    return sequential(roadmap, profile)


def open_report(browser: Browser, schedule: Schedule, folder: Path, **kwargs: dt.date) -> str:
    path = folder / "report.html"
    path.write_text(render_html(schedule, **kwargs), encoding="utf-8")
    return browser.load(path)


def console_problems(browser: Browser) -> list[str]:
    found = [json.dumps(event["params"])[:300] for event in browser.events_named(PROBLEMS)]
    for event in browser.events_named(["Runtime.consoleAPICalled"]):
        if event["params"]["type"] in {"error", "warning", "assert"}:
            found.append(json.dumps(event["params"])[:300])
    for event in browser.events_named(["Log.entryAdded"]):
        if event["params"]["entry"]["level"] in {"error", "warning"}:
            found.append(json.dumps(event["params"]["entry"])[:300])
    return found


def keep(shot: Path) -> None:
    folder = os.environ.get("AIPM_REPORT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)


@pytest.mark.parametrize("evil", [False, True], ids=["plain", "markup-in-titles"])
def test_loads_offline_without_errors(browser: Browser, tmp_path: Path, evil: bool) -> None:
    url = open_report(browser, tiny(evil=evil), tmp_path)
    requests = [
        e["params"]["request"]["url"] for e in browser.events_named(["Network.requestWillBeSent"])
    ]
    assert requests == [url]
    assert console_problems(browser) == []
    assert browser.evaluate("document.querySelectorAll('script').length") == 0
    assert browser.evaluate("document.querySelectorAll('img, link, iframe').length") == 0


def test_markup_in_titles_stays_text(browser: Browser, tmp_path: Path) -> None:
    schedule = tiny(evil=True)
    open_report(browser, schedule, tmp_path)
    assert browser.evaluate("document.querySelector('h1').textContent") == (
        f"Study plan: {schedule.roadmap.title}"
    )
    assert browser.evaluate("document.querySelectorAll('b, script, [onerror]').length") == 0


def test_dom_shows_every_phase_and_module(browser: Browser, tmp_path: Path) -> None:
    schedule = builtin_schedule()
    open_report(browser, schedule, tmp_path, today=dt.date(2027, 3, 10))
    text = browser.evaluate("document.body.innerText")
    for phase in schedule.roadmap.phases:
        assert phase.title in text
        for module in phase.modules:
            assert module.title in text
    headings = browser.evaluate(
        "[...document.querySelectorAll('#modules h4')].map(h => h.textContent)"
    )
    assert headings == [m.title for _, m in schedule.roadmap.modules()]


def test_gantt_has_one_bar_per_scheduled_module(browser: Browser, tmp_path: Path) -> None:
    schedule = builtin_schedule()
    open_report(browser, schedule, tmp_path)
    bars = browser.evaluate(
        "[...document.querySelectorAll('#gantt-svg g[id^=\"gantt-bar-\"]')]"
        ".map(g => [g.id, g.getBoundingClientRect().width > 0])"
    )
    scheduled = [m.module_id for m in schedule.modules if m.first_week is not None]
    assert len(scheduled) == len(schedule.modules)
    assert sorted(bars) == sorted([f"gantt-bar-{m}", True] for m in scheduled)


@pytest.mark.parametrize(("width", "mobile"), [(DESKTOP, False), (PHONE, True)])
def test_fits_the_screen(browser: Browser, tmp_path: Path, width: int, mobile: bool) -> None:
    open_report(browser, builtin_schedule(), tmp_path, today=dt.date(2027, 3, 10))
    shot = tmp_path / f"report-{width}.png"
    size = browser.screenshot(shot, width=width, mobile=mobile)
    keep(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert size[0] == width
    # Wide things (charts, tables) scroll inside their own boxes; the page never does.
    assert browser.evaluate("document.documentElement.scrollWidth") == width
    charts = browser.evaluate(
        "[...document.querySelectorAll('.chart svg')].map(s => s.getBoundingClientRect().height)"
    )
    assert len(charts) == 2
    assert all(height > 100 for height in charts)
