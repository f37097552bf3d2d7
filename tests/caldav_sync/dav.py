"""Test helpers that talk to Radicale directly: look at, add and edit calendar objects.

:class:`Recorder` builds the sync's ``caldav.DAVClient`` and notes every request; it can
break the connection after some writes, or run a hook just before a write (to play
another client editing the calendar at that moment).
"""

from __future__ import annotations

import base64
import urllib.request
from collections.abc import Callable
from typing import Any

import icalendar
from caldav.davclient import DAVClient
from caldav.lib.http_sync import requests

WRITES = ("PUT", "DELETE", "MKCALENDAR", "MKCOL", "PROPPATCH")


def client(url: str, user: str, password: str = "any") -> Any:
    """A plain caldav client for ``user``."""
    return DAVClient(url=url, username=user, password=password, enable_rfc6764=False)


def calendar(url: str, user: str, name: str, password: str = "any") -> Any:
    """``user``'s calendar with display name ``name``, created when missing."""
    principal = client(url, user, password).get_principal()
    for found in principal.get_calendars():
        if found.get_display_name() == name:
            return found
    return principal.make_calendar(name=name)


def calendar_names(url: str, user: str) -> list[str]:
    """Display names of ``user``'s calendars, sorted."""
    principal = client(url, user).get_principal()
    return sorted(str(found.get_display_name()) for found in principal.get_calendars())


def get(href: str, user: str, password: str = "any") -> bytes:
    """The bytes of one object, exactly as the server sends them."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    request = urllib.request.Request(href, headers={"Authorization": f"Basic {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        data: bytes = answer.read()
        return data


def objects(cal: Any) -> dict[str, str]:
    """UID -> href of every event object in ``cal``."""
    result: dict[str, str] = {}
    for item in cal.search(event=True):
        parsed = icalendar.Calendar.from_ical(item.raw_data)
        (uid,) = {str(event["UID"]) for event in parsed.walk("VEVENT")}
        result[uid] = str(item.url)
    return result


def snapshot(cal: Any, user: str) -> dict[str, bytes]:
    """href -> bytes of every event object in ``cal``."""
    return {href: get(href, user) for href in objects(cal).values()}


def event_of(cal: Any, uid: str, user: str) -> icalendar.Event:
    """The (single) VEVENT of the object with ``uid``."""
    data = get(objects(cal)[uid], user)
    (event,) = icalendar.Calendar.from_ical(data).events
    return event


def ics(uid: str, summary: str, start: str, end: str, extra: str = "") -> str:
    """A small hand-written calendar object (times as ``YYYYMMDDTHHMMSSZ``)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hand//made//EN",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20270101T000000Z",
        f"DTSTART:{start}",
        f"DTEND:{end}",
        f"SUMMARY:{summary}",
        *([extra] if extra else []),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def put(cal: Any, name: str, body: str) -> str:
    """Store ``body`` as ``name`` in ``cal`` (unconditionally); returns its href."""
    href = str(cal.url).rstrip("/") + "/" + name
    answer = cal.client.put(href, body, headers={"Content-Type": "text/calendar; charset=utf-8"})
    assert answer.status in (201, 204), answer.status
    return href


class Recorder:
    """Builds the sync's client and records ``(method, url)`` of every request it sends."""

    def __init__(
        self,
        *,
        fail_after: int | None = None,
        before_write: Callable[[str, str], None] | None = None,
    ) -> None:
        self.requests: list[tuple[str, str]] = []
        self.fail_after = fail_after
        self.before_write = before_write

    @property
    def writes(self) -> list[tuple[str, str]]:
        """The requests that change something on the server."""
        return [(method, url) for method, url in self.requests if method in WRITES]

    def __call__(self, url: str, username: str | None, password: str | None) -> Any:
        recorder = self

        class Client(DAVClient):
            def request(
                self,
                url: str,
                method: str = "GET",
                body: str = "",
                headers: Any = None,
                rate_limit_time_slept: float = 0,
            ) -> Any:
                if method in ("PUT", "DELETE"):
                    done = sum(1 for m, _ in recorder.requests if m in ("PUT", "DELETE"))
                    if recorder.fail_after is not None and done >= recorder.fail_after:
                        raise requests.exceptions.ConnectionError("connection lost")
                    if recorder.before_write is not None:
                        recorder.before_write(method, str(url))
                recorder.requests.append((method, str(url)))
                return super().request(url, method, body, headers, rate_limit_time_slept)

        return Client(url=url, username=username, password=password, enable_rfc6764=False)
