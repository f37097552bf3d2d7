"""Real Radicale servers for the CalDAV tests, started on 127.0.0.1 and stopped afterwards.

Radicale runs as ``python -m radicale`` from the test interpreter's environment (it comes
with the dev extras), on a free port, with its collections in a temporary folder.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

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
