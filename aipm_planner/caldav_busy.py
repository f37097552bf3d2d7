"""Busy time from CalDAV calendars: the raw events, read with a time-range search.

A profile's ``busy_caldav`` entries name a server, optionally one calendar (by display
name; default: every calendar of the account), a user name and the environment variable
that holds the password (else ``~/.netrc`` is asked for the host). The server is asked
for the objects that touch ``[start, end)``, widened by a day on each side: a server
compares floating and all-day times in its own zone (Radicale: UTC), not the learner's, so
an event at the learner's evening on the last day, or early on the first day, would fall
outside an exact search. Each object comes back as its own ``icalendar.Calendar``,
untouched: :mod:`aipm_planner.busy` expands recurring events, leaves out transparent,
cancelled and free ones, and clips the busy time to ``[start, end)``, exactly as for busy
``.ics`` files.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from aipm_planner.caldav_connection import (
    connect,
    find_calendar,
    plain_http_warning,
    resolve_password,
    scrub,
    server_errors,
    split_credentials,
)
from aipm_planner.errors import SyncError

if TYPE_CHECKING:
    import icalendar

    from aipm_planner.model import BusyCalDav

__all__ = ["fetch_busy_calendars"]

logger = logging.getLogger("aipm_planner.caldav")

_MARGIN = dt.timedelta(days=1)
"""How far the search reaches past ``[start, end)``: more than any UTC offset."""


def fetch_busy_calendars(
    sources: list[BusyCalDav], start: dt.datetime, end: dt.datetime
) -> list[icalendar.Calendar]:
    """Every event object of the ``sources`` that touches ``[start, end)`` (aware datetimes),
    and those within a day of it (floating times are the learner's wall time, which the
    server cannot know).

    One ``icalendar.Calendar`` per object, as the server stores it (recurring events are not
    expanded here). A plain ``http://`` source on another machine is logged as a warning.
    Raises :class:`SyncError` naming the entry (``busy_caldav.N``) when a server cannot be
    used, a named calendar does not exist, or an object is not iCalendar.
    """
    calendars: list[icalendar.Calendar] = []
    for index, source in enumerate(sources):
        try:
            calendars += _fetch_one(source, start, end)
        except SyncError as exc:
            raise SyncError(f"busy_caldav.{index}: {exc}") from None
    return calendars


def _fetch_one(source: BusyCalDav, start: dt.datetime, end: dt.datetime) -> list[Any]:
    from aipm_planner.busy_files import parse_quietly

    clean, url_user, url_password = split_credentials(source.url)
    username, password = resolve_password(clean, source.username or url_user, source.password_env)
    if password is None:
        password = url_password
    secrets = (password, url_password)
    warning = plain_http_warning(clean)
    if warning:
        logger.warning("%s", warning)
    client = connect(clean, username, password)
    if source.calendar is not None:
        found = find_calendar(client, clean, secrets, source.calendar, create=False)
        if found is None:
            raise SyncError(f"calendar {source.calendar!r} not found at {clean}")
        chosen = [found]
    else:
        with server_errors(clean, secrets, "listing calendars"):
            chosen = list(client.get_principal().get_calendars())
    result: list[icalendar.Calendar] = []
    for calendar in chosen:
        with server_errors(clean, secrets, "reading busy events"):
            found_objects = calendar.search(
                start=start - _MARGIN, end=end + _MARGIN, event=True, expand=False
            )
            objects = [(str(item.url), item.raw_data or item.data) for item in found_objects]
        for href, data in objects:
            try:
                parsed = parse_quietly(data)
            except ValueError:
                raise SyncError(
                    scrub(f"the busy event at {href} is not valid iCalendar", secrets)
                ) from None
            result.extend(parsed)
    return result
