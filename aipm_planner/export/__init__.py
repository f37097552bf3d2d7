"""Exports of a :class:`~aipm_planner.model.Schedule`: iCalendar, JSON and the HTML report.

The heavy libraries (icalendar, matplotlib) are imported only when an export is used, so
``import aipm_planner.export`` stays fast; every public name below is loaded on first use.

>>> from aipm_planner.export import to_ics, schedule_to_json  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aipm_planner.export.html import render_html
    from aipm_planner.export.ics import (
        build_calendar,
        calendar_of,
        event_components,
        read_previous,
        to_ics,
        write_ics,
    )
    from aipm_planner.export.json_io import (
        read_json,
        schedule_from_json,
        schedule_to_json,
        write_json,
    )

__all__ = [
    "build_calendar",
    "calendar_of",
    "event_components",
    "read_json",
    "read_previous",
    "render_html",
    "schedule_from_json",
    "schedule_to_json",
    "to_ics",
    "write_all_atomic",
    "write_atomic",
    "write_ics",
    "write_json",
]

_LAZY = {
    "build_calendar": "ics",
    "calendar_of": "ics",
    "event_components": "ics",
    "read_previous": "ics",
    "to_ics": "ics",
    "write_ics": "ics",
    "read_json": "json_io",
    "schedule_from_json": "json_io",
    "schedule_to_json": "json_io",
    "write_json": "json_io",
    "render_html": "html",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, and only then
    replace ``path`` (``os.replace`` is atomic on one file system). If anything fails, the
    temporary file is removed and an existing ``path`` is left as it was. ``"-"`` writes to
    standard output instead. A symbolic link is followed (the file it points to is
    replaced); a device or a pipe (``/dev/null``, a FIFO) is written into as it is.
    """
    write_all_atomic([(path, data)])


def write_all_atomic(files: Sequence[tuple[str | os.PathLike[str], bytes]]) -> None:
    """Write several files as :func:`write_atomic` does, and replace them all or none.

    Every file is first written completely to its temporary file; only when all of them
    are on disk (and every device or pipe has been written) do they replace their targets,
    and standard output (``"-"``) comes last. So a file that cannot be written leaves every
    other target as it was. An ``OSError`` names the file that failed in ``filename``.
    """
    staged: list[tuple[str, Path, str | os.PathLike[str]]] = []
    specials: list[tuple[str | os.PathLike[str], bytes]] = []
    to_stdout: list[bytes] = []
    try:
        for path, data in files:
            if os.fspath(path) == "-":
                to_stdout.append(data)
            elif os.path.exists(path) and not os.path.isfile(path):
                # A device or a pipe (/dev/null, a FIFO, ``>(cmd)``) cannot be swapped for a
                # new file without breaking it: it is written into as it is.
                specials.append((path, data))
            else:
                with _naming(path):
                    staged.append((*_stage(path, data), path))
        for path, data in specials:
            with _naming(path):
                _write_special(path, data)
        for temporary, target, path in staged:
            with _naming(path):
                os.replace(temporary, target)
    except BaseException:
        for temporary, _, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise
    for data in to_stdout:
        sys.stdout.flush()  # text printed earlier must come first
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def _stage(path: str | os.PathLike[str], data: bytes) -> tuple[str, Path]:
    """Write ``data`` to a new temporary file beside ``path``; (that file, the target)."""
    # A link is followed: the file it points to is replaced, and the link stays a link.
    target = Path(os.path.realpath(path))
    folder = target.parent
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates the file private (0600); give it the mode a plain open() would.
        os.chmod(temporary, _mode_for(target))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary, target


@contextlib.contextmanager
def _naming(path: str | os.PathLike[str]) -> Iterator[None]:
    """An ``OSError`` raised inside names ``path`` (not a temporary file) as its file."""
    try:
        yield
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, os.fspath(path)) from exc


def _write_special(path: str | os.PathLike[str], data: bytes) -> None:
    """Write into a device or a pipe; a pipe nobody reads is an error, not a hang."""
    import stat

    flags = os.O_WRONLY
    if stat.S_ISFIFO(os.stat(path).st_mode):
        flags |= os.O_NONBLOCK  # fails at once (ENXIO) when no program reads the pipe
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(exc.errno, "no program reads from this pipe") from None
        raise
    os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)


def _mode_for(target: Path) -> int:
    """Keep the mode of the file being replaced; a new file gets 0666 minus the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
