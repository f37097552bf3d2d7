"""A busy occurrence whose start falls in the hour a spring-forward night skips starts that
much later and keeps its length, as Google Calendar and Exchange show it.

RFC 5545 reads such a start with the offset before the gap (02:30 in Berlin on that night is
03:30 summer time), and the expansion added the event's length to it as wall time, which
ended it at the very instant it started: a daily 02:30-03:30 event vanished on that night,
and a session could be planned over 03:30-04:30.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from aipm_planner.availability import expand_windows
from aipm_planner.model import LearnerProfile


def _windows(
    tmp_path: Path,
    zone: str,
    day: dt.date,
    *event: str,
    slot: str = "00:00-06:00",
    zones: tuple[str, ...] = (),
) -> list[str]:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hand//made//EN",
        *zones,
        "BEGIN:VEVENT",
        "UID:night@example.org",
        "DTSTAMP:20260101T000000Z",
        *event,
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    path = tmp_path / "busy.ics"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    profile = LearnerProfile.model_validate(
        {
            "timezone": zone,
            "start": str(day - dt.timedelta(days=1)),
            "availability": {day: [slot] for day in ("sat", "sun", "mon")},
            "session": {"min_minutes": 15},
            "busy_calendars": [str(path)],
        }
    )
    windows = expand_windows(profile, day - dt.timedelta(days=1), day + dt.timedelta(days=1))
    return [f"{w.start:%d %H:%M%z}-{w.end:%H:%M%z}" for w in windows]


def test_daily_event_in_the_skipped_hour_moves_an_hour_later(tmp_path: Path) -> None:
    # Berlin skips 02:00-03:00 on Sunday 29 March 2026.
    windows = _windows(
        tmp_path,
        "Europe/Berlin",
        dt.date(2026, 3, 29),
        "DTSTART;TZID=Europe/Berlin:20260320T023000",
        "DTEND;TZID=Europe/Berlin:20260320T033000",
        "RRULE:FREQ=DAILY",
    )
    assert windows == [
        "28 00:00+0100-02:30+0100",
        "28 03:30+0100-06:00+0100",
        "29 00:00+0100-03:30+0200",
        "29 04:30+0200-06:00+0200",
        "30 00:00+0200-02:30+0200",
        "30 03:30+0200-06:00+0200",
    ]


# Exchange's definition of Berlin's zone under a name it has no IANA zone for.
CUSTOM_BERLIN = (
    "BEGIN:VTIMEZONE",
    "TZID:Customized Time Zone",
    "BEGIN:STANDARD",
    "DTSTART:16011028T030000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010325T020000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
)


def test_event_in_a_zone_of_the_file_moves_the_same_way(tmp_path: Path) -> None:
    windows = _windows(
        tmp_path,
        "Europe/Berlin",
        dt.date(2026, 3, 29),
        "DTSTART;TZID=Customized Time Zone:20260320T023000",
        "DTEND;TZID=Customized Time Zone:20260320T033000",
        "RRULE:FREQ=DAILY",
        zones=CUSTOM_BERLIN,
    )
    assert windows == [
        "28 00:00+0100-02:30+0100",
        "28 03:30+0100-06:00+0100",
        "29 00:00+0100-03:30+0200",
        "29 04:30+0200-06:00+0200",
        "30 00:00+0200-02:30+0200",
        "30 03:30+0200-06:00+0200",
    ]


def test_end_in_the_skipped_hour_is_read_before_the_gap_in_a_zone_of_the_file(
    tmp_path: Path,
) -> None:
    # 01:00-02:30 on that night ends at 03:30 summer time (RFC 5545, 3.3.5), as with an
    # IANA zone; the file's zone read 02:30 with the summer offset, 01:30 winter time.
    windows = _windows(
        tmp_path,
        "Europe/Berlin",
        dt.date(2026, 3, 29),
        "DTSTART;TZID=Customized Time Zone:20260329T010000",
        "DTEND;TZID=Customized Time Zone:20260329T023000",
        zones=CUSTOM_BERLIN,
    )
    assert windows == [
        "28 00:00+0100-06:00+0100",
        "29 00:00+0100-01:00+0100",
        "29 03:30+0200-06:00+0200",
        "30 00:00+0200-06:00+0200",
    ]


def test_duration_event_in_the_skipped_hour_keeps_its_length(tmp_path: Path) -> None:
    # New York skips 02:00-03:00 on Sunday 8 March 2026: 02:15 for 45 minutes is 03:15-04:00.
    windows = _windows(
        tmp_path,
        "America/New_York",
        dt.date(2026, 3, 8),
        "DTSTART;TZID=America/New_York:20260307T021500",
        "DURATION:PT45M",
        "RRULE:FREQ=DAILY;COUNT=3",
    )
    assert windows == [
        "07 00:00-0500-02:15-0500",
        "07 03:00-0500-06:00-0500",
        "08 00:00-0500-03:15-0400",
        "08 04:00-0400-06:00-0400",
        "09 00:00-0400-02:15-0400",
        "09 03:00-0400-06:00-0400",
    ]


def test_event_seen_from_another_zone_moves_too(tmp_path: Path) -> None:
    # From Kolkata (no DST) Berlin's 02:30 is 07:00 before the change and 06:00 after it;
    # on the night itself the event is 03:30-04:30 Berlin summer time, 07:00-08:00 here.
    windows = _windows(
        tmp_path,
        "Asia/Kolkata",
        dt.date(2026, 3, 29),
        "DTSTART;TZID=Europe/Berlin:20260320T023000",
        "DTEND;TZID=Europe/Berlin:20260320T033000",
        "RRULE:FREQ=DAILY",
        slot="05:00-10:00",
    )
    assert windows == [
        "28 05:00+0530-07:00+0530",
        "28 08:00+0530-10:00+0530",
        "29 05:00+0530-07:00+0530",
        "29 08:00+0530-10:00+0530",
        "30 05:00+0530-06:00+0530",
        "30 07:00+0530-10:00+0530",
    ]


def test_one_time_event_in_the_skipped_hour_moves_too(tmp_path: Path) -> None:
    windows = _windows(
        tmp_path,
        "Europe/Berlin",
        dt.date(2026, 3, 29),
        "DTSTART;TZID=Europe/Berlin:20260329T021500",
        "DTEND;TZID=Europe/Berlin:20260329T024500",
    )
    assert windows == [
        "28 00:00+0100-06:00+0100",
        "29 00:00+0100-03:15+0200",
        "29 03:45+0200-06:00+0200",
        "30 00:00+0200-06:00+0200",
    ]
