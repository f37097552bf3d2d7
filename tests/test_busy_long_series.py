"""Recurring busy events that began years ago are expanded in few queries.

Each query of the recurrence library walks every series from its start; queries were at
most four weeks long, so 40 weekly series from 2019 took 24 queries for an 18-month plan
(300 such series over ten years, about two minutes). When the rules themselves bound how
many events a day can hold, a query now covers as much as that bound allows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from aipm_planner.busy import MAX_EVENTS_PER_DAY, busy_intervals, most_a_day
from aipm_planner.busy_files import parse_quietly

BERLIN = ZoneInfo("Europe/Berlin")
START = dt.datetime(2027, 1, 4, tzinfo=BERLIN)
END = dt.datetime(2028, 7, 1, tzinfo=BERLIN)


def calendar(*rules: str, year: int = 2019) -> icalendar.Calendar:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//test//EN"]
    for i, rule in enumerate(rules):
        when = f"{year}{1 + i % 12:02d}{1 + i % 27:02d}T{8 + i % 10:02d}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:series-{i}@test",
            "DTSTAMP:20190101T000000Z",
            f"DTSTART;TZID=Europe/Berlin:{when}0000",
            f"DTEND;TZID=Europe/Berlin:{when}3000",
            f"RRULE:{rule}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    (parsed,) = parse_quietly("\r\n".join(lines) + "\r\n")
    return parsed


def weekly(count: int) -> icalendar.Calendar:
    days = ["MO", "TU", "WE", "TH", "FR"]
    return calendar(*(f"FREQ=WEEKLY;BYDAY={days[i % 5]}" for i in range(count)))


def counted_queries(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []
    original = recurring_ical_events.CalendarQuery.between

    def between(self: Any, start: Any, stop: Any) -> Any:
        calls.append((start, stop))
        return original(self, start, stop)

    monkeypatch.setattr(recurring_ical_events.CalendarQuery, "between", between)
    return calls


def test_forty_weekly_series_from_2019_take_two_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    from aipm_planner import busy

    cal = weekly(40)
    with monkeypatch.context() as patch:
        # Above the rules' bound of 40 a day: the four-week queries of before.
        patch.setattr(busy, "MAX_EVENTS_PER_DAY", 39)
        before = counted_queries(patch)
        expected = busy_intervals(cal, START, END, BERLIN)
    assert len(before) > 20
    calls = counted_queries(monkeypatch)
    assert busy_intervals(cal, START, END, BERLIN) == expected
    assert len(calls) == 2  # 20 000 occurrences a query at most: 500 days at 40 a day
    assert len(expected) > 700


def test_a_dense_rule_still_gets_short_queries_and_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aipm_planner.errors import InputError

    cal = calendar("FREQ=MINUTELY;INTERVAL=2", year=2027)
    assert most_a_day(cal) == 720 > MAX_EVENTS_PER_DAY
    calls = counted_queries(monkeypatch)
    with pytest.raises(InputError, match="events a day"):
        busy_intervals(cal, START, END, BERLIN)
    assert len(calls) == 1  # the first one-day query already shows it
    assert calls[0][1] - calls[0][0] == dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("rule", "most"),
    [
        ("FREQ=WEEKLY;BYDAY=MO,WE", 1),
        ("FREQ=DAILY;BYHOUR=9,12,18", 3),
        ("FREQ=DAILY;BYHOUR=9,12;BYMINUTE=0,30", 4),
        ("FREQ=HOURLY;INTERVAL=5", 5),
        ("FREQ=HOURLY;BYMINUTE=0,15,30,45", 96),
        ("FREQ=MINUTELY;INTERVAL=7", 206),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", 1),
    ],
)
def test_the_bound_holds_for_each_kind_of_rule(rule: str, most: int) -> None:
    cal = calendar(rule, year=2027)
    assert most_a_day(cal) == most
    by_day: dict[dt.date, int] = {}
    for event in recurring_ical_events.of(cal).between(START, START + dt.timedelta(days=40)):
        day = event.start.astimezone(BERLIN).date()
        by_day[day] = by_day.get(day, 0) + 1
    assert max(by_day.values()) <= most
