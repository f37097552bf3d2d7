"""A floating recurring busy event keeps the learner's wall time when its EXDATE or RDATE is
written in UTC.

Floating times are the learner's wall time. The recurrence expansion, meeting a UTC EXDATE
beside a floating DTSTART, read every occurrence in UTC instead: in São Paulo (UTC-3) a
daily 19:00-20:00 event became 16:00-17:00, its real hour stayed free for study, and the
excluded day was not excluded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from aipm_planner.availability import expand_windows
from aipm_planner.model import LearnerProfile


def _calendar(*extra: str, moved: tuple[str, ...] = ()) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hand//made//EN",
        "BEGIN:VEVENT",
        "UID:daily@example.org",
        "DTSTAMP:20260101T000000Z",
        "DTSTART:20260323T190000",
        "DTEND:20260323T200000",
        "RRULE:FREQ=DAILY;COUNT=3",
        *extra,
        "END:VEVENT",
        *moved,
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines)


def _windows(tmp_path: Path, *extra: str, moved: tuple[str, ...] = ()) -> list[str]:
    path = tmp_path / "busy.ics"
    path.write_text(_calendar(*extra, moved=moved), encoding="utf-8")
    profile = LearnerProfile.model_validate(
        {
            "timezone": "America/Sao_Paulo",
            "start": "2026-03-23",
            "availability": {day: ["18:00-21:00"] for day in ("mon", "tue", "wed", "thu")},
            "busy_calendars": [str(path)],
        }
    )
    windows = expand_windows(profile, dt.date(2026, 3, 23), dt.date(2026, 3, 26))
    return [f"{w.start:%d %H:%M}-{w.end:%H:%M}" for w in windows]


def test_utc_exdate_removes_the_local_occurrence_and_keeps_the_others(tmp_path: Path) -> None:
    # 22:00 UTC is 19:00 in São Paulo: Tuesday's occurrence is cancelled.
    assert _windows(tmp_path, "EXDATE:20260324T220000Z") == [
        "23 18:00-19:00",
        "23 20:00-21:00",
        "24 18:00-21:00",
        "25 18:00-19:00",
        "25 20:00-21:00",
        "26 18:00-21:00",
    ]


def test_utc_rdate_adds_an_occurrence_at_its_local_time(tmp_path: Path) -> None:
    # 23:30 UTC on Thursday is 20:30 in São Paulo.
    assert _windows(tmp_path, "RDATE:20260326T233000Z") == [
        "23 18:00-19:00",
        "23 20:00-21:00",
        "24 18:00-19:00",
        "24 20:00-21:00",
        "25 18:00-19:00",
        "25 20:00-21:00",
        "26 18:00-20:30",
    ]


def test_utc_recurrence_id_moves_the_local_occurrence(tmp_path: Path) -> None:
    # Tuesday's 19:00 (22:00 UTC) occurrence moves to 20:30-21:00.
    moved = (
        "BEGIN:VEVENT",
        "UID:daily@example.org",
        "DTSTAMP:20260101T000000Z",
        "RECURRENCE-ID:20260324T220000Z",
        "DTSTART:20260324T203000",
        "DTEND:20260324T210000",
        "END:VEVENT",
    )
    assert _windows(tmp_path, moved=moved) == [
        "23 18:00-19:00",
        "23 20:00-21:00",
        "24 18:00-20:30",
        "25 18:00-19:00",
        "25 20:00-21:00",
        "26 18:00-21:00",
    ]
