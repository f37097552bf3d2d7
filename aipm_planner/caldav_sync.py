"""Keep a CalDAV calendar equal to the study plan, without touching anything else in it.

:func:`sync_caldav` makes one calendar object per session and per milestone, keyed by the
event's UID (the same UIDs and content as the ``.ics`` export). It is safe to run again and
again:

- an object is written only when its content changed; its ``SEQUENCE`` is then one higher
  than the server's copy (the same when only its session count changed, as in the
  export). A second sync of the same plan sends no write at all;
- objects are deleted only when this library made them: they carry ``X-AIPM-KIND`` and
  their UID is a version-5 UUID ending in ``@aipm-planner``. Events the learner made, in
  this calendar or any other, are never written, whatever their time or title;
- every write is conditional: ``If-None-Match: *`` on a create and ``If-Match`` with the
  server's ETag on an update or delete, so an event changed on the server in the meantime
  is reported as a conflict, not overwritten;
- creates and updates come first, deletions last, so a dropped connection loses nothing
  and running the sync again finishes the job.

A calendar holds one plan: objects of this library that are not in the schedule are
deleted, so give each roadmap its own calendar.

Credentials are never printed, logged, stored in the schedule or put into error messages;
URLs are shown without user information. Every server problem is a :class:`SyncError` with
one line (exit code 2). Plain ``http://`` to a host other than loopback sends the password
unencrypted: the report carries a warning (:func:`plain_http_warning`), which the command
line prints on standard error.

Connecting, credentials and server errors live in :mod:`aipm_planner.caldav_connection`;
busy time can be read from CalDAV calendars too: see :mod:`aipm_planner.caldav_busy`.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import Field

from aipm_planner.caldav_connection import (
    ClientFactory,
    connect,
    find_calendar,
    netrc_credentials,
    plain_http_warning,
    resolve_password,
    scrub,
    server_errors,
    split_credentials,
)
from aipm_planner.errors import InputError, SyncError
from aipm_planner.model import Schedule
from aipm_planner.model.base import SCHEDULE_HINT, StrictModel, expect

if TYPE_CHECKING:
    import icalendar

    from aipm_planner.model import BusyCalDav

__all__ = [
    "DEFAULT_CALENDAR",
    "ClientFactory",
    "SyncReport",
    "check_calendar_name",
    "connect",
    "fetch_busy_calendars",
    "find_calendar",
    "is_our_uid",
    "netrc_credentials",
    "plain_http_warning",
    "resolve_password",
    "scrub",
    "server_errors",
    "split_credentials",
    "sync_caldav",
]

DEFAULT_CALENDAR = "Study plan"
"""Display name of the calendar the plan goes to unless another one is named."""

_UID_SUFFIX = "@aipm-planner"
_KIND = "X-AIPM-KIND"
_ICS = "text/calendar; charset=utf-8"
_CONFLICT = frozenset({409, 412})


class SyncReport(StrictModel):
    """What a sync did (or, with ``dry_run``, would do), by event UID."""

    calendar: str = Field(description="Display name of the calendar synced.")
    url: str = Field(description="Server URL, without any user information.")
    dry_run: bool = Field(default=False, description="True: nothing was written.")
    created: list[str] = Field(default_factory=list, description="UIDs of new objects.")
    updated: list[str] = Field(
        default_factory=list, description="UIDs rewritten (moved or changed)."
    )
    deleted: list[str] = Field(
        default_factory=list, description="UIDs of this library's objects no longer planned."
    )
    unchanged: list[str] = Field(default_factory=list, description="UIDs left as they were.")
    conflicts: list[str] = Field(
        default_factory=list,
        description="UIDs changed on the server during the sync (HTTP 409/412): left alone.",
    )
    calendar_created: bool = Field(
        default=False, description="The calendar did not exist and was (or would be) made."
    )
    titles: dict[str, str] = Field(
        default_factory=dict, description="UID -> 'summary, start' for the messages."
    )
    warnings: list[str] = Field(
        default_factory=list, description="Things the learner should know (e.g. plain http)."
    )

    @property
    def writes(self) -> int:
        """Number of objects written or deleted (or, in a dry run, that would be)."""
        return len(self.created) + len(self.updated) + len(self.deleted)

    def summary(self) -> str:
        """One line of counts, then one line per conflict.

        >>> SyncReport(calendar="Study plan", url="https://dav.example/",
        ...            created=["a", "b"], unchanged=["c"]).summary()
        "calendar 'Study plan': 2 created, 0 updated, 0 deleted, 1 unchanged"
        """
        if self.dry_run:
            line = (
                f"dry run, nothing written; calendar {self.calendar!r}:"
                f" would create {len(self.created)}, update {len(self.updated)},"
                f" delete {len(self.deleted)}; {len(self.unchanged)} unchanged"
            )
            if self.calendar_created:
                line += " (the calendar would be created)"
        else:
            line = (
                f"calendar {self.calendar!r}: {len(self.created)} created,"
                f" {len(self.updated)} updated, {len(self.deleted)} deleted,"
                f" {len(self.unchanged)} unchanged"
            )
        if self.conflicts:
            line += f", {len(self.conflicts)} conflict" + ("s" if len(self.conflicts) > 1 else "")
        lines = [line]
        lines += [
            f"  conflict: {self.titles.get(uid, uid)} ({uid}) was changed on the server"
            " during the sync and was left as it is"
            for uid in self.conflicts
        ]
        return "\n".join(lines)

    def actions(self) -> list[str]:
        """One line per object a (dry) run creates, updates or deletes."""
        verbs = (
            ("create", "update", "delete") if self.dry_run else ("created", "updated", "deleted")
        )
        groups = (self.created, self.updated, self.deleted)
        return [
            f"{verb} {self.titles.get(uid, uid)}"
            for verb, uids in zip(verbs, groups, strict=True)
            for uid in uids
        ]


# --- the sync -----------------------------------------------------------------------------


@dataclass
class _Stored:
    """One calendar object on the server, as far as the sync cares."""

    url: str
    etag: str | None
    uid: str
    events: list[icalendar.Event]

    @property
    def ours(self) -> bool:
        return any(_KIND in event for event in self.events) and is_our_uid(self.uid)

    @property
    def sequence(self) -> int:
        return max((_int(event.get("SEQUENCE", 0)) for event in self.events), default=0)


def is_our_uid(uid: str) -> bool:
    """Whether ``uid`` is one aipm_planner makes: a version-5 UUID + ``@aipm-planner``."""
    if not uid.endswith(_UID_SUFFIX):
        return False
    try:
        return uuid.UUID(uid.removesuffix(_UID_SUFFIX)).version == 5
    except ValueError:
        return False


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _stored_objects(calendar: Any, url: str, secrets: Sequence[str | None]) -> list[_Stored]:
    """Every event object of ``calendar`` that can be read; unreadable ones are skipped
    (and therefore never touched)."""
    import icalendar

    with server_errors(url, secrets, "reading the calendar"):
        found = calendar.search(event=True)
        raw = [(str(item.url), item.etag, item.raw_data or item.data) for item in found]
    stored: list[_Stored] = []
    for href, etag, data in raw:
        try:
            parsed = icalendar.Calendar.from_ical(data)
            events = list(parsed.events)
        except (ValueError, TypeError, KeyError):
            continue
        uids = {str(event.get("UID", "")) for event in events}
        if len(uids) != 1 or "" in uids:
            continue
        stored.append(_Stored(href, etag, uids.pop(), events))
    return stored


def _label(event: icalendar.Event) -> str:
    summary = str(event.get("SUMMARY", "")) or "(no title)"
    start = getattr(event.get("DTSTART"), "dt", None)
    if start is None:
        return summary
    text = start.strftime("%Y-%m-%d %H:%M") if hasattr(start, "hour") else start.isoformat()
    return f"{summary}, {text}"


def _object_name(uid: str) -> str:
    """The resource name of a new object: the UUID part of our UIDs, path-safe."""
    core = uid.removesuffix(_UID_SUFFIX)
    try:
        return f"{uuid.UUID(core)}.ics"
    except ValueError:
        return f"{urllib.parse.quote(uid, safe='')}.ics"


class _Writer:
    """Conditional PUT and DELETE requests, with the outcome of each one."""

    def __init__(self, client: Any, url: str, secrets: Sequence[str | None], total: int) -> None:
        self.client = client
        self.url = url
        self.secrets = secrets
        self.total = total
        self.done = 0

    def _action(self, verb: str) -> str:
        return f"{verb} (after {self.done} of {self.total} changes; run the sync again to finish)"

    def _outcome(self, status: int, verb: str, what: str) -> bool:
        """True: written; False: a conflict. Other answers are errors."""
        if status in _CONFLICT:
            return False
        if not 200 <= status < 300:
            raise SyncError(
                scrub(
                    f"the CalDAV server at {self.url} answered {status} when asked to"
                    f" {verb} {what} ({self.done} of {self.total} changes done;"
                    " run the sync again to finish)",
                    self.secrets,
                )
            )
        self.done += 1
        return True

    def put(self, href: str, body: str, etag: str | None, what: str) -> bool:
        headers = {"Content-Type": _ICS}
        if etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        with server_errors(self.url, self.secrets, self._action(f"writing {what}")):
            status = int(self.client.put(href, body, headers=headers).status)
        return self._outcome(status, "write", what)

    def delete(self, href: str, etag: str | None, what: str) -> bool:
        headers = {"If-Match": etag} if etag else {}
        with server_errors(self.url, self.secrets, self._action(f"deleting {what}")):
            status = int(self.client.delete(href, headers=headers).status)
        if status == 404:  # already gone: the goal is reached
            self.done += 1
            return True
        return self._outcome(status, "delete", what)


def sync_caldav(
    schedule: Schedule,
    url: str,
    *,
    calendar: str = DEFAULT_CALENDAR,
    username: str | None = None,
    password: str | None = None,
    dry_run: bool = False,
    alarm_minutes: int | None = 10,
    client_factory: ClientFactory | None = None,
) -> SyncReport:
    """Make the CalDAV calendar ``calendar`` at ``url`` show ``schedule``; see the module text.

    Args:
        schedule: the plan.
        url: the CalDAV server (or principal) URL; user information in it is used as the
            login and never shown.
        calendar: display name of the calendar; it is created when missing.
        username, password: the login (``None``: none, or the URL's).
        dry_run: only find out what would be written; nothing is.
        alarm_minutes: reminder before each session, as in the ``.ics`` export.
        client_factory: builds the ``caldav.DAVClient`` (tests use it to watch requests).

    Returns the :class:`SyncReport`; objects changed on the server during the sync are in
    ``conflicts`` and were not overwritten. Raises :class:`SyncError` (one line, no
    secrets) when the server cannot be used.
    """
    expect(schedule, Schedule, "schedule", SCHEDULE_HINT)
    from aipm_planner.export.ics import calendar_of, event_components
    from aipm_planner.export.revise import same_content

    check_calendar_name(calendar)
    clean, _, url_password = split_credentials(url)
    secrets = (password, url_password)
    warning = plain_http_warning(clean)
    client = connect(url, username, password, client_factory)
    found = find_calendar(client, clean, secrets, calendar, create=False)
    stored = _stored_objects(found, clean, secrets) if found is not None else []
    calendar_created = found is None
    if found is None and not dry_run:
        found = find_calendar(client, clean, secrets, calendar, create=True)

    planned = [s.uid for s in schedule.sessions] + [m.uid for m in schedule.milestones]
    wanted = set(planned)
    by_uid = {item.uid: item for item in stored}
    previous = _previous(by_uid, wanted)
    events = [
        event
        for event in event_components(schedule, previous=previous, alarm_minutes=alarm_minutes)
        if str(event["UID"]) in wanted
    ]
    created: list[str] = []
    updated: list[str] = []
    deleted: list[str] = []
    unchanged: list[str] = []
    conflicts: list[str] = []
    titles: dict[str, str] = {}
    writes: list[tuple[str, icalendar.Event, _Stored | None]] = []
    for event in events:
        uid = str(event["UID"])
        titles[uid] = _label(event)
        old = by_uid.get(uid)
        if old is None:
            writes.append(("create", event, None))
        elif _int(event.get("SEQUENCE", 0)) == old.sequence and any(
            same_content(event, stored) for stored in old.events
        ):
            # The same SEQUENCE and the same content: nothing to write. (The export keeps
            # SEQUENCE also when only a session count changed; that text is still sent.)
            unchanged.append(uid)
        else:
            writes.append(("update", event, old))
    removals = sorted(
        (item for item in stored if item.ours and item.uid not in wanted), key=lambda s: s.uid
    )
    for item in removals:
        titles[item.uid] = _label(item.events[0])

    if dry_run:
        created = [str(e["UID"]) for kind, e, _ in writes if kind == "create"]
        updated = [str(e["UID"]) for kind, e, _ in writes if kind == "update"]
        deleted = [item.uid for item in removals]
    else:
        assert found is not None  # made above when it was missing
        writer = _Writer(client, clean, secrets, len(writes) + len(removals))
        base = str(found.url)
        for kind, event, old in writes:
            uid = str(event["UID"])
            body = calendar_of([event]).to_ical().decode("utf-8")
            if old is None:
                ok = writer.put(_join(base, _object_name(uid)), body, None, titles[uid])
            else:
                ok = writer.put(old.url, body, old.etag or "*", titles[uid])
            if not ok:
                conflicts.append(uid)
            elif kind == "create":
                created.append(uid)
            else:
                updated.append(uid)
        # Deletions last: if the connection drops before them, nothing planned is missing.
        for item in removals:
            ok = writer.delete(item.url, item.etag, titles[item.uid])
            (deleted if ok else conflicts).append(item.uid)
    return SyncReport(
        calendar=calendar,
        url=clean,
        dry_run=dry_run,
        created=created,
        updated=updated,
        deleted=deleted,
        unchanged=unchanged,
        conflicts=conflicts,
        calendar_created=calendar_created,
        titles=titles,
        warnings=[warning] if warning else [],
    )


def check_calendar_name(name: str, field: str = "calendar") -> None:
    """Refuse a blank calendar name: no calendar is found by it, so every sync would make
    one more nameless calendar and write the whole plan into it."""
    if not name.strip():
        raise InputError(
            "the calendar needs a name",
            field=field,
            value=name,
            hint=f"name the calendar to sync to (default: {DEFAULT_CALENDAR!r})",
        )


def _join(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name


def _previous(by_uid: dict[str, _Stored], wanted: set[str]) -> icalendar.Calendar:
    """The server's copies of the planned events, as the export's ``previous`` calendar.

    Only planned UIDs are passed: the export then numbers SEQUENCE from the server's copy,
    and adds no cancellations (the sync deletes vanished events instead).
    """
    import icalendar

    previous = icalendar.Calendar()
    for uid in sorted(wanted & by_uid.keys()):
        for event in by_uid[uid].events:
            previous.add_component(event)
    return previous


def fetch_busy_calendars(
    sources: list[BusyCalDav], start: dt.datetime, end: dt.datetime
) -> list[icalendar.Calendar]:
    """The events of CalDAV busy calendars between ``start`` and ``end``, one calendar per
    object; see :func:`aipm_planner.caldav_busy.fetch_busy_calendars`."""
    from aipm_planner.caldav_busy import fetch_busy_calendars as fetch

    return fetch(sources, start, end)
