"""Small helpers shared by the sub-commands: find the roadmap and profile, write files safely."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from aipm_planner.errors import InputError
from aipm_planner.loading import STDIN, default_profile, load_profile, load_roadmap_ref
from aipm_planner.model import LearnerProfile, Roadmap
from aipm_planner.roadmaps import DEFAULT_ROADMAP

__all__ = [
    "STDIN",
    "count",
    "format_hours",
    "resolve_profile",
    "resolve_roadmap",
    "write_text_atomic",
]


def resolve_roadmap(ref: str | None) -> tuple[Roadmap, str]:
    """The roadmap named by ``ref`` and where it came from.

    ``ref`` is a built-in name, a file path, ``"-"`` for standard input, or ``None`` for the
    default built-in roadmap. The source is the built-in name, the path, or ``"<stdin>"``.
    """
    name = DEFAULT_ROADMAP if ref is None else ref
    roadmap = load_roadmap_ref(name)
    if name == STDIN:
        return roadmap, "<stdin>"
    return roadmap, name


def resolve_profile(ref: str | None) -> tuple[LearnerProfile, str]:
    """The learner profile in file ``ref`` (``"-"`` = standard input; ``None`` = default).

    The source is the path, ``"<stdin>"``, or ``""`` for the default profile.
    """
    if ref is None:
        return default_profile(), ""
    profile = load_profile(ref)
    return profile, "<stdin>" if ref == STDIN else ref


def write_text_atomic(path: str | os.PathLike[str], content: str | bytes) -> None:
    """Write ``content`` to ``path`` all at once (``"-"`` writes to standard output).

    The data goes to a temporary file in the same folder which then replaces ``path``, so
    readers never see half a file and a failed run leaves the old file intact. Text is
    written as UTF-8 without newline translation (calendar files keep their CRLF).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if str(path) == STDIN:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            sys.stdout.flush()
            stream.write(data)
            stream.flush()
        else:  # a text-only stdout (e.g. captured in tests)
            sys.stdout.write(data.decode("utf-8"))
        return
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise InputError("is a folder, not a file", path=str(target), hint="give a file name")
    if not folder.is_dir():
        raise InputError(
            f"cannot write: the folder {str(folder)!r} does not exist",
            path=str(target),
            hint="create the folder first or write elsewhere",
        )
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; give the file the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise InputError(
            f"cannot write the file: {exc.strerror or exc}",
            path=str(target),
            hint="check the folder's permissions and free space",
        ) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def format_hours(hours: float) -> str:
    """``12`` -> ``"12 h"``, ``7.5`` -> ``"7.5 h"``."""
    return f"{hours:g} h" if float(hours).is_integer() else f"{hours:.1f} h"


def count(number: int, noun: str) -> str:
    """``count(1, "phase")`` -> ``"1 phase"``, ``count(5, "phase")`` -> ``"5 phases"``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
