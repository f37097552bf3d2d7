"""The URL property holds a URI (RFC 5545, 3.3.13 and RFC 3986), whatever the roadmap's link.

A resource link with a non-ASCII host or path (an IRI), or with characters such as ``"``,
``<`` or ``{``, used to be written to ``URL`` as it was, which is not a URI. It is now
written as a browser sends it (IDNA host, percent-encoded UTF-8); the description keeps the
link as the roadmap wrote it.
"""

from __future__ import annotations

import re

import icalendar
import pytest

from aipm_planner.export.ics import to_ics
from aipm_planner.export.uri import as_uri
from aipm_planner.model import Roadmap

from .schedules import build, roadmap

# RFC 3986, appendix A, loosely: only these characters, and "%" only before two hex digits.
URI = re.compile(r"^https?://(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$")


def first_url(link: str) -> tuple[str, str]:
    """(URL, DESCRIPTION) of the first session of a schedule whose first resource is ``link``."""
    data = roadmap().model_dump(mode="json")
    data["phases"][0]["modules"][0]["resources"][0]["url"] = link
    calendar = icalendar.Calendar.from_ical(to_ics(build(Roadmap.model_validate(data))))
    assert isinstance(calendar, icalendar.Calendar)
    event = calendar.events[0]
    return str(event["URL"]), str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    ("link", "uri"),
    [
        ("https://例え.jp/パス?q=ü", "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=%C3%BC"),
        ("https://example.org/%E2%82%AC/ü", "https://example.org/%E2%82%AC/%C3%BC"),
        ('https://example.org/"q"<x>{y}|^`', "https://example.org/%22q%22%3Cx%3E%7By%7D%7C%5E%60"),
        ("https://example.org/100%off", "https://example.org/100%25off"),
    ],
)
def test_a_link_that_is_no_uri_is_encoded(link: str, uri: str) -> None:
    url, description = first_url(link)
    assert url == uri
    assert URI.match(url)
    assert f"Course: {link}" in description


@pytest.mark.parametrize(
    "link",
    [
        "https://example.org/course?a=1&b=2",
        "https://example.org/a,b;c=d/%7Eme#part",
        "https://user@example.org:8080/x(y)*!'$",
    ],
)
def test_a_uri_is_kept_as_it_is(link: str) -> None:
    assert as_uri(link) == link
    assert first_url(link)[0] == link
