"""The one definition of a plan week: week k is days 7k..7k+6 after the plan's start date."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

__all__ = ["local_day", "week_of", "week_of_instant", "week_start"]


def week_of(start: dt.date, day: dt.date) -> int:
    """Plan week of a local date (negative before the start)."""
    return (day - start).days // 7


def week_start(start: dt.date, week: int) -> dt.date:
    """First local date of plan week ``week``."""
    return start + dt.timedelta(days=7 * week)


def local_day(instant: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The learner's local date of an aware instant."""
    return instant.astimezone(zone).date()


def week_of_instant(start: dt.date, instant: dt.datetime, zone: ZoneInfo) -> int:
    """Plan week of an aware instant, by the learner's local date."""
    return week_of(start, local_day(instant, zone))
