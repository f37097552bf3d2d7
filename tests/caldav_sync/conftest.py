"""Fixtures: real Radicale servers, a fresh user per test, and a server that talks garbage.

One server accepts any user name (``[auth] type = none``), so each test logs in as its own
user and gets its own, empty set of calendars; another checks passwords from an htpasswd
file so that refused logins can be tested; a third forbids making calendars.
"""

from __future__ import annotations

import http.server
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .server import READ_ONLY_RIGHTS, Radicale, start_radicale


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """A Radicale server that lets any user name in (each test uses its own user)."""
    server = start_radicale(tmp_path_factory.mktemp("radicale-open"), auth="none")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def radicale_htpasswd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """A Radicale server with one user, ``HTPASSWD_USER`` / ``HTPASSWD_PASSWORD``."""
    server = start_radicale(tmp_path_factory.mktemp("radicale-htpasswd"), auth="htpasswd")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def radicale_no_new_calendars(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """A Radicale server where nobody may create a calendar."""
    folder = tmp_path_factory.mktemp("radicale-no-new-calendars")
    server = start_radicale(folder, auth="none", rights=READ_ONLY_RIGHTS)
    yield server
    server.stop()


@pytest.fixture
def radicale_factory(tmp_path: Path) -> Iterator[Callable[[], Radicale]]:
    """Start extra servers for one test (for example to stop one); all are stopped after it."""
    started: list[Radicale] = []

    def start() -> Radicale:
        server = start_radicale(tmp_path / f"radicale-{len(started)}", auth="none")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def user() -> str:
    """A fresh user name: on the open server it owns a fresh, empty set of calendars."""
    return f"learner-{uuid.uuid4().hex[:12]}"


class _Garbage(http.server.BaseHTTPRequestHandler):
    """Answers every request with 200 and a body that is not WebDAV."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = b"hello, this is not a calendar server"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    # http.server dispatches on do_<METHOD>; every method gets the same answer.
    do_GET = do_PROPFIND = do_REPORT = do_PUT = do_OPTIONS = do_MKCALENDAR = _answer  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


@pytest.fixture
def garbage_server() -> Iterator[str]:
    """URL of a local HTTP server that answers every request with plain text."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
