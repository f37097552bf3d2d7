"""Long words in titles wrap on a phone instead of widening the whole page.

Only paragraphs and list items could break a word that is wider than the screen, so a
roadmap, phase or module title with a German compound or a link in it made the headings
(and with them the page) wider than a 390-pixel phone: the page scrolled sideways.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aipm_planner.export.html import render_html
from aipm_planner.model import Roadmap, Schedule

from .cdp import Browser
from .schedules import build, profile, roadmap

PHONE = 390
WORD = "Datenschutzgrundverordnungsumsetzungsleitfaden"
LINK = "https://www.coursera.org/specializations/ai-product-management-duke"


@pytest.fixture(scope="module")
def browser(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with Browser(chromium, tmp_path_factory.mktemp("chromium-profile")) as running:
        yield running


def schedule() -> Schedule:
    data = roadmap().model_dump(mode="json")
    data["title"] = f"{WORD} für Produktleute"
    data["phases"][0]["title"] = f"Phase {WORD}"
    data["phases"][0]["modules"][0]["title"] = LINK
    data["phases"][0]["modules"][1]["title"] = WORD
    return build(Roadmap.model_validate(data), profile())


def test_the_page_is_never_wider_than_a_phone(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    plan = schedule()
    path.write_text(render_html(plan, today=plan.profile.start), encoding="utf-8")
    browser.load(path)
    browser.screenshot(tmp_path / "phone.png", width=PHONE, mobile=True)

    assert browser.evaluate("document.documentElement.scrollWidth") == PHONE
    wider = browser.evaluate(
        "[...document.querySelectorAll('h1, h2, h3, h4, dd, figcaption, li, p')]"
        f".filter(e => e.getBoundingClientRect().right > {PHONE}).map(e => e.tagName)"
    )
    assert wider == []
    text = browser.evaluate("document.body.innerText")
    assert WORD in text.replace("\n", "")
