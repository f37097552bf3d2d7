"""Real Radicale servers for the CalDAV tests: started on 127.0.0.1 and stopped afterwards.

Radicale runs as ``python -m radicale`` from the test interpreter's environment (it comes
with the dev extras), on a free port, with its collections in a temporary folder. One
server accepts any user name (``[auth] type = none``), so each test logs in as its own user
and gets its own, empty set of calendars; another checks passwords from an htpasswd file
so that refused logins can be tested.
"""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HTPASSWD_USER = "learner"
HTPASSWD_PASSWORD = "s3cret-Pa55word"  # a value that cannot appear in any output by chance
_STARTUP_SECONDS = 30.0


@dataclass
class Radicale:
    """A running Radicale server."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        """Terminate the server and wait for it to exit."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _config(folder: Path, port: int, auth: str, rights: str | None) -> Path:
    storage = folder / "collections"
    storage.mkdir()
    lines = [
        "[server]",
        f"hosts = 127.0.0.1:{port}",
        "delay_on_error = 0",
        "[auth]",
        # Radicale waits after a refused login to slow down guessing; tests need no wait.
        "delay = 0",
    ]
    if auth == "none":
        lines.append("type = none")
    else:
        users = folder / "users"
        users.write_text(f"{HTPASSWD_USER}:{HTPASSWD_PASSWORD}\n", encoding="utf-8")
        lines += [
            "type = htpasswd",
            f"htpasswd_filename = {users}",
            "htpasswd_encryption = plain",
        ]
    if rights is None:
        lines += ["[rights]", "type = owner_only"]
    else:
        rules = folder / "rights"
        rules.write_text(rights, encoding="utf-8")
        lines += ["[rights]", "type = from_file", f"file = {rules}"]
    lines += [
        "[storage]",
        f"filesystem_folder = {storage}",
        "[web]",
        "type = none",
        "[logging]",
        "level = warning",
        "mask_passwords = True",
    ]
    path = folder / "config"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _wait_until_up(server: Radicale) -> None:
    deadline = time.monotonic() + _STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"Radicale exited early:\n{server.log.read_text()}")
        try:
            with urllib.request.urlopen(server.url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # any HTTP answer (401 with htpasswd) means it is serving
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"Radicale did not answer within {_STARTUP_SECONDS} s:\n{server.log}")


def start_radicale(folder: Path, *, auth: str, rights: str | None = None) -> Radicale:
    """Start Radicale with ``auth`` ``"none"`` or ``"htpasswd"`` and wait until it answers.

    ``rights`` is the text of a Radicale rights file; default: each user owns their own.
    """
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = _config(folder, port, auth, rights)
    log = folder / "radicale.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    server = Radicale(url=f"http://127.0.0.1:{port}/", process=process, log=log)
    _wait_until_up(server)
    return server


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


# Users own their principal collection (Radicale makes it on first login), but no rule
# lets them write below it: making a calendar there is forbidden.
READ_ONLY_RIGHTS = """\
[root]
user: .+
collection:
permissions: R

[principal]
user: .+
collection: {user}
permissions: RW
"""


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
