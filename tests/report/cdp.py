"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (stdlib only).

Chromium reads NUL-terminated JSON commands on its fd 3 and writes replies and events on
its fd 4, so no websocket library and no port are needed. The browser runs headless with a
throw-away profile; every event is kept so tests can inspect console messages and network
requests after a page has loaded.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["Browser", "BrowserError"]

_FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium refuses its sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)

# Runs in the child: put the pipe ends on fds 3 and 4, where Chromium expects them.
_TRAMPOLINE = "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); os.execv(sys.argv[3], sys.argv[3:])"  # noqa: E501


class BrowserError(RuntimeError):
    """Chromium answered with an error, died, or did not answer in time."""


class Browser:
    """One headless Chromium with one page, driven over the DevTools pipe.

    >>> with Browser("/usr/bin/chromium", tmp_path) as browser:  # doctest: +SKIP
    ...     browser.load(Path("report.html"))
    ...     browser.evaluate("document.title")
    """

    def __init__(self, executable: str, profile_dir: Path, *, timeout: float = 90.0) -> None:
        self.timeout = timeout
        self.events: list[dict[str, Any]] = []
        # A file, not a pipe: Chromium logs a lot, and a full pipe would block it.
        profile_dir.mkdir(parents=True, exist_ok=True)
        self._log_path = profile_dir / "chromium-stderr.log"
        self._log = self._log_path.open("wb")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        args = [
            sys.executable,
            "-c",
            _TRAMPOLINE,
            str(to_child_r),
            str(from_child_w),
            executable,
            *_FLAGS,
            f"--user-data-dir={profile_dir}",
            "about:blank",
        ]
        self._process = subprocess.Popen(
            args,
            pass_fds=(to_child_r, from_child_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self._session: str | None = None
        try:
            target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
            attached = self.send(
                "Target.attachToTarget",
                {"targetId": target["targetId"], "flatten": True},
                session=False,
            )
            self._session = attached["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.send(f"{domain}.enable")
        except BaseException:
            self.close()
            raise

    # --- protocol -------------------------------------------------------------------------

    def send(
        self, method: str, params: dict[str, Any] | None = None, *, session: bool = True
    ) -> dict[str, Any]:
        """Send one command and wait for its result (events that arrive meanwhile are kept)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self._session is not None:
            message["sessionId"] = self._session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, *, after: int = 0) -> dict[str, Any]:
        """The first event named ``method`` at or after position ``after`` of :attr:`events`."""
        index = after
        while True:
            while index < len(self.events):
                if self.events[index]["method"] == method:
                    return self.events[index]
                index += 1
            message = self._read()
            if "method" in message:
                self.events.append(message)

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_child], [], [], max(left, 0))
            if not ready:
                raise BrowserError(f"Chromium did not answer within {self.timeout:.0f} s")
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                stderr = self._log_path.read_text(errors="replace")
                raise BrowserError(f"Chromium exited:\n{stderr[-2000:]}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    # --- page helpers ---------------------------------------------------------------------

    def load(self, path: Path) -> str:
        """Open a local file and wait until it has fully loaded; returns its URL."""
        self.events.clear()
        url = path.resolve().as_uri()
        result = self.send("Page.navigate", {"url": url})
        if "errorText" in result:
            raise BrowserError(f"cannot open {url}: {result['errorText']}")
        self.wait_for("Page.loadEventFired")
        return url

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression evaluated in the page."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r} failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, *, width: int, mobile: bool = False) -> tuple[int, int]:
        """Save a full-page PNG at a viewport ``width`` CSS pixels wide; returns its size."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile},
        )
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )
        shot = self.send("Page.captureScreenshot", {"format": "png"})
        path.write_bytes(base64.b64decode(shot["data"]))
        return width, height

    def events_named(self, names: Sequence[str]) -> list[dict[str, Any]]:
        """Every kept event whose method is one of ``names``."""
        return [event for event in self.events if event["method"] in names]

    # --- lifetime -------------------------------------------------------------------------

    def close(self) -> None:
        """Ask Chromium to quit, then make sure it has."""
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close", session=False)
        try:
            self._process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        finally:
            os.close(self._to_child)
            os.close(self._from_child)
            self._log.close()

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
