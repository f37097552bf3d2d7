"""What the invariant checks share: rule codes, violations, sessions on UTC instants."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args
from zoneinfo import ZoneInfo

from pydantic import Field

from aipm_planner.model import Session
from aipm_planner.model.base import StrictModel
from aipm_planner.weeks import week_of

if TYPE_CHECKING:
    pass

__all__ = [
    "RULES",
    "Findings",
    "Rule",
    "TimedSession",
    "Violation",
    "count_text",
    "fmt",
    "is_aware",
    "local_text",
    "midnight",
    "session_label",
    "timed_sessions",
    "week_span",
]

Rule = Literal[
    "timezone",
    "unknown-module",
    "uid",
    "ordinal",
    "start",
    "deadline",
    "blackout",
    "window",
    "overlap",
    "break",
    "session-length",
    "daily-cap",
    "weekly-cap",
    "effort",
    "module-range",
    "phase-range",
    "phase-order",
    "prerequisite",
]
RULES: tuple[Rule, ...] = get_args(Rule)
"""Every rule code, in the order violations are reported."""
_UTC = dt.UTC


class Violation(StrictModel):
    """One broken rule: which rule, what it concerns, and by how much."""

    rule: Rule = Field(description="Short code of the rule that does not hold.")
    subject: str = Field(
        description="What breaks it: a session uid, a module or phase id, a local date"
        " ('2027-01-05') or a plan week ('week 3')."
    )
    message: str = Field(description="Plain sentence: the rule, the subject and the amount.")
    amount_minutes: int | None = Field(
        default=None, description="By how many minutes the rule is missed (None: not minutes)."
    )

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass(frozen=True)
class TimedSession:
    """A session whose start and end are aware, with its UTC instants and local view."""

    session: Session
    start: dt.datetime  # UTC
    end: dt.datetime  # UTC
    label: str
    day: dt.date  # local date of the start

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


@dataclass
class Findings:
    """Violations collected so far, each with a sort key that keeps the output stable."""

    items: list[tuple[tuple[int, float, str, str], Violation]]

    def add(
        self,
        rule: Rule,
        subject: str,
        message: str,
        amount: float | None = None,
        when: dt.datetime | None = None,
    ) -> None:
        minutes = None if amount is None else math.ceil(amount - 1e-9)
        key = (RULES.index(rule), when.timestamp() if when else math.inf, subject, message)
        self.items.append(
            (key, Violation(rule=rule, subject=subject, message=message, amount_minutes=minutes))
        )

    def sorted(self) -> list[Violation]:
        return [v for _, v in sorted(self.items, key=lambda item: item[0])]


def is_aware(value: dt.datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


def local_text(instant: dt.datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def session_label(session: Session, count: int, zone: ZoneInfo) -> str:
    start = session.start.astimezone(zone)
    end = session.end.astimezone(zone)
    if end.date() == start.date():
        until = f"{end:%H:%M}"
    elif end.date() == start.date() + dt.timedelta(days=1) and end.time() == dt.time(0):
        until = "24:00"
    else:
        until = f"{end:%Y-%m-%d %H:%M}"
    return (
        f"session {session.ordinal}/{count} of '{session.module_id}'"
        f" ({start:%Y-%m-%d %H:%M}-{until})"
    )


def timed_sessions(
    sessions: Sequence[Session], zone: ZoneInfo, found: Findings
) -> list[TimedSession]:
    """The aware sessions in time order; naive ones are reported and left out of the rest."""
    counts: dict[str, int] = defaultdict(int)
    for session in sessions:
        counts[session.module_id] += 1
    timed: list[TimedSession] = []
    for session in sessions:
        naive = [name for name in ("start", "end") if not is_aware(getattr(session, name))]
        if naive:
            found.add(
                "timezone",
                session.uid,
                f"session {session.ordinal} of '{session.module_id}' has a {' and '.join(naive)}"
                " without a time zone",
            )
            continue
        timed.append(
            TimedSession(
                session=session,
                start=session.start.astimezone(_UTC),
                end=session.end.astimezone(_UTC),
                label=session_label(session, counts[session.module_id], zone),
                day=session.start.astimezone(zone).date(),
            )
        )
    timed.sort(key=lambda t: (t.start, t.end, t.session.uid))
    return timed


def count_text(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def fmt(minutes: float) -> str:
    """Minutes as text: whole minutes without decimals, others to one decimal."""
    return str(round(minutes)) if abs(minutes - round(minutes)) < 1e-9 else f"{minutes:.1f}"


def midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The first instant of a local date, in UTC."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone).astimezone(_UTC)


def week_span(days: Iterable[dt.date], start: dt.date) -> tuple[int, int] | None:
    weeks = [week_of(start, day) for day in days]
    return (min(weeks), max(weeks)) if weeks else None
