"""Reaching a CalDAV server: credentials, one-line errors, and finding a calendar.

Shared by :mod:`aipm_planner.caldav_sync` (writing the plan) and
:mod:`aipm_planner.caldav_busy` (reading busy time). Credentials are never printed, logged
or put into error messages: URLs are shown without user information and every secret in a
message is replaced by ``***``. Every server problem becomes a :class:`SyncError` with one
line (exit code 2). The ``caldav`` package is imported only when a server is used.
"""

from __future__ import annotations

import contextlib
import ipaddress
import netrc
import os
import re
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from aipm_planner.errors import SyncError

__all__ = [
    "ClientFactory",
    "connect",
    "find_calendar",
    "netrc_credentials",
    "plain_http_warning",
    "resolve_password",
    "scrub",
    "server_errors",
    "split_credentials",
]

ClientFactory = Callable[[str, str | None, str | None], Any]
"""``(url, username, password) -> caldav.DAVClient``; tests pass one to watch the requests."""

_TIMEOUT = 30


# --- URLs and credentials --------------------------------------------------------------------


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``url`` without user information, and the user name and password it held.

    Raises :class:`SyncError` when ``url`` is not an ``http://`` or ``https://`` URL.

    >>> split_credentials("https://ann:pw@dav.example/cal/")
    ('https://dav.example/cal/', 'ann', 'pw')
    """
    try:
        parts = urllib.parse.urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        raise SyncError(f"not a CalDAV URL: {_shown(url)!r}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise SyncError(
            f"not a CalDAV URL: {_shown(url)!r} (give an http:// or https:// address"
            " such as https://dav.example.com/)"
        )
    user = urllib.parse.unquote(parts.username) if parts.username else None
    password = urllib.parse.unquote(parts.password) if parts.password is not None else None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    return clean, user, password


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]*@")
_SCHEME = re.compile(r"(?i)^[a-z][a-z0-9+.-]*://")
_PASSWORD_COLON = re.compile(r":(?!\d*(?:/|$))")


def _shown(url: str) -> str:
    """A URL that could not be read, as an error message may show it: without anything that
    might be a password.

    Its user information cannot be found the usual way there: without a scheme
    (``ann:pw@host`` reads as scheme ``ann``), with a ``/`` in the password, or with a bad
    port. So anything before an ``@`` up to the first ``/`` is dropped, and so is everything
    before the last ``@`` when a ``:`` that starts no port number comes before it; an ``@``
    in the path (an e-mail address as calendar name) stays.
    """
    text = url.strip()
    match = _SCHEME.match(text)
    scheme, rest = (match.group(0), text[match.end() :]) if match else ("", text)
    authority = rest.split("/", 1)[0]
    if "@" in authority:
        rest = rest[authority.rindex("@") + 1 :]
    head, at, tail = rest.rpartition("@")
    if at and _PASSWORD_COLON.search(head):
        rest = tail
    return scheme + rest


def scrub(text: str, secrets: Sequence[str | None] = ()) -> str:
    """``text`` with user information removed from URLs and every secret replaced by ``***``."""
    text = _USERINFO.sub(r"\1", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def plain_http_warning(url: str) -> str | None:
    """A warning when ``url`` would send credentials unencrypted to another machine."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme != "http" or _is_loopback(host):
        return None
    return (
        f"warning: {host} is reached over plain http://, so the password and the plan"
        " travel unencrypted; use https:// if the server offers it"
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def netrc_credentials(url: str, username: str | None = None) -> tuple[str | None, str | None]:
    """User name and password for ``url``'s host from ``~/.netrc`` (``(username, None)``: none).

    An entry whose login differs from a given ``username`` is not used. A malformed file
    raises :class:`SyncError` naming the line, never its content.
    """
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entries = netrc.netrc()
    except FileNotFoundError:
        return username, None
    except netrc.NetrcParseError as exc:
        # The parser's message may quote a token of the file, which can be a password.
        raise SyncError(f"~/.netrc cannot be read (line {exc.lineno}); fix or remove it") from None
    except OSError as exc:
        raise SyncError(f"~/.netrc cannot be read: {exc.strerror or type(exc).__name__}") from None
    found = entries.authenticators(host)
    if found is None:
        return username, None
    login, _account, password = found
    if username is not None and login and login != username:
        return username, None
    return (username or login or None), (password or None)


def resolve_password(
    url: str, username: str | None, password_env: str | None
) -> tuple[str | None, str | None]:
    """User name and password: the password from the environment variable ``password_env``,
    else ``~/.netrc`` for the URL's host; the user name as given, else from ``~/.netrc``.

    Raises :class:`SyncError` when ``password_env`` names a variable that is not set.
    """
    if password_env:
        value = os.environ.get(password_env)
        if value is None:
            raise SyncError(
                f"environment variable {password_env} is not set; it should hold the"
                " CalDAV password"
            )
        return username, value
    return netrc_credentials(url, username)


# --- talking to the server ---------------------------------------------------------------------


def _default_client(url: str, username: str | None, password: str | None) -> Any:
    from caldav.davclient import DAVClient

    return DAVClient(
        url=url,
        username=username,
        password=password,
        timeout=_TIMEOUT,
        # The URL is given: no DNS service discovery, which could send us elsewhere.
        enable_rfc6764=False,
    )


def connect(
    url: str,
    username: str | None,
    password: str | None,
    client_factory: ClientFactory | None = None,
) -> Any:
    """A ``caldav.DAVClient`` for ``url`` (user information in the URL is used and removed)."""
    clean, url_user, url_password = split_credentials(url)
    try:
        import caldav  # noqa: F401
    except ModuleNotFoundError:
        raise SyncError(
            "CalDAV needs the caldav package: pip install 'aipm-planner[caldav]'"
        ) from None
    username = username if username is not None else url_user
    password = password if password is not None else url_password
    factory = client_factory or _default_client
    secrets = (password, url_password)
    with server_errors(clean, secrets, "connecting"):
        return factory(clean, username, password)


_CONNECTION_REASONS = (
    ("refused", "connection refused"),
    ("resolve", "host name not found"),
    ("name or service not known", "host name not found"),
    ("nodename nor servname", "host name not found"),
    ("timed out", "timed out"),
    ("reset by peer", "connection reset"),
    ("unreachable", "network unreachable"),
    ("remotedisconnected", "the server closed the connection"),
    ("aborted", "connection aborted"),
)


def _connection_reason(exc: BaseException) -> str:
    text = str(exc).lower()
    for needle, reason in _CONNECTION_REASONS:
        if needle in text:
            return reason
    return "connection failed"


def _tls_reason(exc: BaseException) -> str:
    text = str(exc)
    match = re.search(r"certificate verify failed: ([^(\"')]+)", text)
    if match:
        return f"certificate verify failed: {match.group(1).strip()}"
    match = re.search(r"\[SSL: ([A-Z0-9_]+)\]", text)
    if match:
        return match.group(1).lower().replace("_", " ")
    return "the secure connection could not be set up"


@contextlib.contextmanager
def server_errors(url: str, secrets: Sequence[str | None], action: str) -> Iterator[None]:
    """Turn whatever the network or the server does wrong into one-line :class:`SyncError`\\ s.

    ``url`` (already without user information) names the server; ``secrets`` are removed
    from every message; ``action`` says what was being done (``"listing calendars"``).
    """
    from caldav.lib import error
    from caldav.lib.http_sync import requests

    def fail(message: str) -> SyncError:
        return SyncError(scrub(message, secrets))

    try:
        yield
    except SyncError:
        raise
    except error.AuthorizationError as exc:
        status = f" ({exc.status})" if exc.status else ""
        fix = (
            "check the user name and the password"
            if any(secrets)
            else "no password was given (name the environment variable that holds it,"
            " or put the host in ~/.netrc)"
        )
        raise fail(
            f"the CalDAV server at {url} refused access{status} while {action}: {fix}"
        ) from None
    except requests.exceptions.SSLError as exc:
        raise fail(f"TLS failure talking to {url}: {_tls_reason(exc)}") from None
    except requests.exceptions.Timeout:
        raise fail(f"the CalDAV server at {url} did not answer in time ({action})") from None
    except (requests.exceptions.ConnectionError, ConnectionError) as exc:
        raise fail(
            f"cannot reach the CalDAV server at {url} while {action}: {_connection_reason(exc)}"
        ) from None
    except error.NotFoundError:
        raise fail(
            f"nothing found at {url} while {action}: is it your server's CalDAV address?"
        ) from None
    except error.DAVError as exc:
        status = f" {exc.status}" if exc.status else ""
        raise fail(
            f"the CalDAV server at {url} answered with an error{status} while {action}"
        ) from None
    except Exception as exc:  # the client library fails in many ways on non-DAV answers
        raise fail(
            f"the server at {url} does not answer like a CalDAV server while {action}"
            f" ({type(exc).__name__})"
        ) from None


def find_calendar(
    client: Any, url: str, secrets: Sequence[str | None], name: str, *, create: bool
) -> Any | None:
    """The calendar named ``name`` (display name, else the last part of its URL).

    A missing calendar is made when ``create`` is true (:class:`SyncError` if the server
    does not allow it); otherwise the answer is ``None``.
    """
    with server_errors(url, secrets, "listing calendars"):
        principal = client.get_principal()
        calendars = principal.get_calendars()
        for calendar in calendars:
            # Cached from the listing: no request per calendar.
            if calendar.get_display_name() == name:
                return calendar
        for calendar in calendars:
            if str(calendar.url).rstrip("/").rsplit("/", 1)[-1] == name:
                return calendar
    if not create:
        return None
    from caldav.lib import error

    def cannot(reason: str) -> SyncError:
        return SyncError(
            scrub(
                f"calendar {name!r} not found at {url} and it could not be created ({reason});"
                " create it in your calendar app or name an existing one with --calendar",
                secrets,
            )
        )

    with server_errors(url, secrets, f"creating the calendar {name!r}"):
        try:
            return principal.make_calendar(name=name)
        except error.AuthorizationError as exc:
            raise cannot(f"permission denied, {exc.status or 403}") from None
        except error.DAVError as exc:
            raise cannot(f"the server answered {exc.status or 'an error'}") from None
