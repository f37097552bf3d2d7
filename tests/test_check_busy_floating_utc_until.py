"""A floating recurring busy event whose RRULE UNTIL is written in UTC ends at the learner's
wall time of that instant.

Floating times are the learner's wall time, and so is a UTC EXDATE beside them. A UTC
UNTIL was compared with the floating occurrences as if it were a wall time: in Tokyo
(UTC+9) ``UNTIL=20260326T110000Z`` (20:00 on Thursday there) dropped Thursday's 20:00
occurrence, and a session could be planned over it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from aipm_planner.availability import expand_windows
from aipm_planner.model import LearnerProfile


def _windows(tmp_path: Path, zone: str, until: str) -> list[str]:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hand//made//EN",
        "BEGIN:VEVENT",
        "UID:daily@example.org",
        "DTSTAMP:20260101T000000Z",
        "DTSTART:20260323T200000",
        "DTEND:20260323T203000",
        f"RRULE:FREQ=DAILY;UNTIL={until}",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    path = tmp_path / "busy.ics"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    profile = LearnerProfile.model_validate(
        {
            "timezone": zone,
            "start": "2026-03-23",
            "availability": {day: ["19:00-21:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
            "busy_calendars": [str(path)],
        }
    )
    windows = expand_windows(profile, dt.date(2026, 3, 23), dt.date(2026, 3, 27))
    return [f"{w.start:%d %H:%M}-{w.end:%H:%M}" for w in windows]


def test_utc_until_east_of_utc_keeps_the_last_occurrence(tmp_path: Path) -> None:
    # 11:00 UTC on Thursday is 20:00 in Tokyo: Thursday's occurrence is the last one.
    assert _windows(tmp_path, "Asia/Tokyo", "20260326T110000Z") == [
        "23 19:00-20:00",
        "23 20:30-21:00",
        "24 19:00-20:00",
        "24 20:30-21:00",
        "25 19:00-20:00",
        "25 20:30-21:00",
        "26 19:00-20:00",
        "26 20:30-21:00",
        "27 19:00-21:00",
    ]


def test_utc_until_west_of_utc_adds_no_occurrence(tmp_path: Path) -> None:
    # 20:00 UTC on Wednesday is 17:00 in São Paulo: Tuesday's occurrence is the last one.
    assert _windows(tmp_path, "America/Sao_Paulo", "20260325T200000Z") == [
        "23 19:00-20:00",
        "23 20:30-21:00",
        "24 19:00-20:00",
        "24 20:30-21:00",
        "25 19:00-21:00",
        "26 19:00-21:00",
        "27 19:00-21:00",
    ]


def test_utc_until_before_the_first_occurrence_keeps_it(tmp_path: Path) -> None:
    # 10:00 UTC on Monday is 19:00 in Tokyo, before the 20:00 start: only DTSTART counts.
    assert _windows(tmp_path, "Asia/Tokyo", "20260323T100000Z") == [
        "23 19:00-20:00",
        "23 20:30-21:00",
        "24 19:00-21:00",
        "25 19:00-21:00",
        "26 19:00-21:00",
        "27 19:00-21:00",
    ]
