"""A spinner on the terminal while the solver works: what it is doing and how long it has taken.

It draws only on a terminal: when the stream is a pipe or a file (or with ``--quiet``) it
writes nothing at all, so scripts reading the output never see control characters.

>>> import io
>>> with Spinner(io.StringIO()) as spinner:  # not a terminal: silent
...     spinner.update("solving")
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import TextIO

__all__ = ["Spinner"]

_FRAMES = "|/-\\"
_INTERVAL = 0.1


class Spinner:
    """Frames with the current step and the elapsed seconds, redrawn by a background thread.

    Use it as a context manager and pass :meth:`update` as the ``progress`` callback of
    :func:`aipm_planner.planning.plan`; leaving the block stops the thread and erases the
    line, whether the solve succeeded or raised.
    """

    def __init__(self, stream: TextIO, *, enabled: bool = True, message: str = "planning") -> None:
        self._stream = stream
        self._enabled = enabled and _is_terminal(stream)
        self._message = message
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._started = 0.0
        self._frame = 0
        self._width = 0

    @property
    def enabled(self) -> bool:
        """Whether anything is drawn (a terminal, and not silenced)."""
        return self._enabled

    def update(self, message: str) -> None:
        """Show a new step (``"finding your free time"``, ``"solving"``...)."""
        with self._lock:
            self._message = message
        if self._thread is not None:
            self._draw()

    def __enter__(self) -> Spinner:
        if self._enabled:
            self._started = time.monotonic()
            self._draw()
            self._thread = threading.Thread(target=self._run, name="aipm-spinner", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop drawing and erase the line (idempotent)."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join()
        self._thread = None
        with self._lock:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()

    def _run(self) -> None:
        while not self._stop.wait(_INTERVAL):
            self._draw()

    def _draw(self) -> None:
        with self._lock:
            if self._stop.is_set():
                return
            elapsed = int(time.monotonic() - self._started)
            frame = _FRAMES[self._frame % len(_FRAMES)]
            self._frame += 1
            text = f"{frame} {self._message}... {elapsed} s"
            # Pad over the previous, possibly longer, text so no stale characters remain.
            self._stream.write("\r" + text.ljust(self._width))
            self._stream.flush()
            self._width = max(self._width, len(text))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
