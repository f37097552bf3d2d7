"""Generated plans with the hard parts forced in: busy calendars, phases side by side and
study windows over a DST night; every plan verifies, every refusal is explained.

The generator of ``test_properties.py`` never writes a busy calendar, rarely lets a phase
run beside another (no case of its 25 in the ``ci`` profile did) and reaches a DST night
with a window over the changing hour only by chance. This file takes its cases and adds
those parts on purpose, then counts them, so a change to the generator cannot quietly drop
them: the counts are asserted after the run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from .test_properties import CI, DAYS, SLOTS, cases, check

HARD: Counter[str] = Counter()
DST_ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe")
NIGHT = "01:00-02:30"  # holds the 02:00 change of all three zones


def next_change(zone: ZoneInfo, after: dt.date) -> dt.date:
    """The first local date on or after ``after`` whose UTC offset changes during the day."""
    day = after
    while True:
        today = dt.datetime.combine(day, dt.time(0), zone).utcoffset()
        tomorrow = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone).utcoffset()
        if today != tomorrow:
            return day
        day += dt.timedelta(days=1)


def busy_text(events: list[tuple[dt.datetime, int, int]], zone: str) -> str:
    """A busy calendar of (local start, minutes, weekly count) events in ``zone``."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//aipm-planner tests//busy//EN"]
    for n, (start, minutes, count) in enumerate(events):
        end = start + dt.timedelta(minutes=minutes)
        lines += [
            "BEGIN:VEVENT",
            f"UID:busy-{n}@test",
            "DTSTAMP:20261201T000000Z",
            f"DTSTART;TZID={zone}:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID={zone}:{end:%Y%m%dT%H%M%S}",
            "SUMMARY:Busy",
        ]
        if count > 1:
            lines.append(f"RRULE:FREQ=WEEKLY;COUNT={count}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


@st.composite
def hard_cases(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], str | None]:
    """A case of ``cases()`` with its later phases beside the first, a DST night and a
    busy calendar (each drawn, most of the time); returns the busy calendar's text too."""
    prof, road = draw(cases())
    prof, road = dict(prof), dict(road)
    if len(road["phases"]) > 1 and draw(st.integers(0, 3)):
        road["phases"] = [
            {**p, "after": []} if i and draw(st.booleans()) else p
            for i, p in enumerate(road["phases"])
        ]
        if all("after" not in p or p["after"] != [] for p in road["phases"][1:]):
            road["phases"][-1] = {**road["phases"][-1], "after": []}
    if draw(st.integers(0, 2)):
        zone = draw(st.sampled_from(DST_ZONES))
        change = next_change(ZoneInfo(zone), prof["start"])
        start = change - dt.timedelta(days=change.weekday() + 7 * draw(st.integers(0, 2)))
        availability = dict(prof["availability"])
        day = DAYS[change.weekday()]
        availability[day] = sorted({*availability.get(day, []), NIGHT})
        shift = start - prof["start"]
        prof.update(timezone=zone, start=start, availability=availability)
        if "deadline" in prof:
            prof["deadline"] = prof["deadline"] + shift
        prof["blackouts"] = []
    busy: str | None = None
    if draw(st.integers(0, 3)):
        events = []
        for _ in range(draw(st.integers(1, 3))):
            day = prof["start"] + dt.timedelta(days=draw(st.integers(0, 27)))
            slot = draw(st.sampled_from(SLOTS))
            begin = dt.datetime.combine(day, dt.time.fromisoformat(slot[:5]))
            begin += dt.timedelta(minutes=draw(st.sampled_from([0, 15, 30])))
            events.append((begin, draw(st.sampled_from([15, 30, 45, 90])), draw(st.integers(1, 4))))
        busy = busy_text(events, prof["timezone"])
    return prof, road, busy


def features(prof: dict[str, Any], road: dict[str, Any], busy: str | None) -> list[str]:
    found = []
    if busy is not None:
        found.append("busy")
    if any(p.get("after") == [] for p in road["phases"][1:]):
        found.append("beside")
    zone = ZoneInfo(prof["timezone"])
    if prof["timezone"] in DST_ZONES:
        change = next_change(zone, prof["start"])
        if NIGHT in prof["availability"].get(DAYS[change.weekday()], []):
            found.append("dst-night")
    return found


@pytest.mark.slow
@settings(CI, max_examples=25)
@given(hard_cases())
def test_hard_cases_plan_and_verify(
    case: tuple[dict[str, Any], dict[str, Any], str | None],
) -> None:
    prof, road, busy = case
    with tempfile.TemporaryDirectory() as folder:
        if busy is not None:
            name = hashlib.sha256(busy.encode()).hexdigest()[:12] + ".ics"
            path = Path(folder) / name
            path.write_text(busy, newline="")
            prof = {**prof, "busy_calendars": [str(path)]}
        planned = check((prof, road))
    HARD["cases"] += 1
    for feature in features(prof, road, busy):
        event(f"with {feature}")
        HARD[feature] += 1
        if planned:
            HARD[f"planned {feature}"] += 1


@pytest.mark.slow
def test_the_hard_parts_were_planned() -> None:
    # Runs after the property above in a normal session; alone, it runs it first.
    if not HARD["cases"]:
        test_hard_cases_plan_and_verify()
    assert HARD["cases"] >= 25, dict(HARD)
    for feature in ("busy", "beside", "dst-night"):
        assert HARD[f"planned {feature}"] >= 3, dict(HARD)
