"""Small helpers shared by the sub-commands: find the roadmap and profile, write files safely.

The commands that solve (``plan`` and ``replan``) also share their options, the checks of
their output files, and the way they report a plan that does not fit and print the summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, overload

from pydantic import BaseModel

from aipm_planner.documents import line_in
from aipm_planner.errors import EXIT_INFEASIBLE, InfeasiblePlanError, InputError
from aipm_planner.export.ics import ALARM_MOST
from aipm_planner.loading import STDIN, default_profile, load_profile, load_roadmap_ref
from aipm_planner.model import LearnerProfile, Roadmap
from aipm_planner.roadmaps import DEFAULT_ROADMAP

if TYPE_CHECKING:
    from icalendar import Calendar

    from aipm_planner.model import Schedule

__all__ = [
    "ALARM_MOST",
    "STDIN",
    "OutputFile",
    "add_solve_options",
    "check_outputs",
    "count",
    "format_hours",
    "naming_files",
    "output_options",
    "parse_date",
    "plan_files",
    "positive_seconds",
    "print_summary",
    "read_previous_calendar",
    "report_infeasible",
    "resolve_profile",
    "resolve_roadmap",
    "whole_number",
    "write_files",
    "write_text_atomic",
]

OutputFile = tuple[str, str, bytes]
"""(what the file holds, where it goes, its bytes), e.g. ``("Calendar", "plan.ics", b"...")``."""


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


@overload
def shown(path: str) -> str: ...
@overload
def shown(path: None) -> None: ...
def shown(path: str | None) -> str | None:
    """An input's name in messages: ``<stdin>`` for standard input, as ``plan`` says it."""
    return "<stdin>" if path == STDIN else path


@contextmanager
def naming_files(*sources: tuple[str | None, type[BaseModel], str]) -> Iterator[None]:
    """Name the file (and line) in an input error raised where only the data was known.

    Each source is (the file, or ``None``/``""`` when the data came from no file; the model
    the file holds; the prefix of its fields inside that file, ``""`` at the top). A check
    that involves two inputs (a profile's ``skip`` naming a module the roadmap lacks, a
    progress report naming an unknown session) knows only the field; the first source whose
    model has the field's first part gets the error.
    """
    try:
        yield
    except InputError as exc:
        if exc.path is not None or not exc.field:
            raise
        parts = exc.field.split(".")
        for path, model_cls, prefix in sources:
            if not path or parts[0] not in model_cls.model_fields:
                continue
            loc = [*prefix.split("."), *parts] if prefix else parts
            raise InputError(
                exc.reason,
                path=path,
                field=".".join(loc),
                value=exc.value,
                line=line_in(path, loc),
                hint=exc.hint,
            ) from exc
        raise


def write_text_atomic(path: str | os.PathLike[str], content: str | bytes) -> None:
    """Write ``content`` to ``path`` all at once (``"-"`` writes to standard output).

    The bytes are written by :func:`aipm_planner.export.write_atomic` (a temporary file in
    the same folder replaces ``path``, so readers never see half a file and a failed run
    leaves the old file intact); here the folder is checked first and a failure becomes an
    :class:`InputError`. Text is written as UTF-8 without newline translation.
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
    from aipm_planner.export import write_atomic

    try:
        write_atomic(target, data)
    except OSError as exc:
        raise InputError(
            f"cannot write the file: {exc.strerror or exc}",
            path=str(target),
            hint="check the folder's permissions and free space",
        ) from None


def write_files(files: Sequence[OutputFile]) -> None:
    """Write every output file, or none of them when one cannot be written.

    The files go through :func:`aipm_planner.export.write_all_atomic`, so a failure (a
    full disk, a folder without write permission) leaves every file as it was, even those
    named before the one that failed; what goes to standard output comes last.
    """
    from aipm_planner.export import write_all_atomic

    try:
        write_all_atomic([(path, data) for _, path, data in files if path != STDIN])
    except OSError as exc:
        raise InputError(
            f"cannot write the file: {exc.strerror or exc}; no file was written",
            path=str(exc.filename) if exc.filename else None,
            hint="check the folder's permissions and free space",
        ) from None
    for _, path, data in files:
        if path == STDIN:
            write_text_atomic(path, data)


def format_hours(hours: float) -> str:
    """``12`` -> ``"12 h"``, ``7.5`` -> ``"7.5 h"``, ``1.25`` -> ``"1.25 h"`` (to the hundredth)."""
    return f"{hours:.2f}".rstrip("0").rstrip(".") + " h"


def count(number: int, noun: str) -> str:
    """``count(1, "phase")`` -> ``"1 phase"``, ``count(5, "phase")`` -> ``"5 phases"``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def parse_date(text: str) -> dt.date:
    """``"2027-01-31"`` -> a date a plan can use; anything else is an argparse error."""
    from aipm_planner.model.base import check_plan_date

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2027-01-31") from None
    try:
        check_plan_date(repr(text), day)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return day


def positive_seconds(text: str) -> float:
    """A finite number of seconds above 0 (for ``--time-limit``)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def whole_number(unit: str | None = None, most: int = 10**6) -> Callable[[str], int]:
    """An argparse type for whole numbers from 0 to ``most``; ``unit`` names them in the
    error."""
    what = "a whole number" if unit is None else f"a whole number of {unit}"

    def parse(text: str) -> int:
        try:
            value = int(text) if len(text) <= 20 else -1
        except ValueError:
            value = -1
        if not 0 <= value <= most:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not {what} (0 to {most})")
        return value

    return parse


def add_solve_options(
    parser: argparse.ArgumentParser, *, stretch_help: str, alarm_minutes: Callable[[str], int]
) -> None:
    """Add ``--time-limit``, ``--seed``, ``--stretch``, the alarm options and ``--quiet``."""
    parser.add_argument(
        "--time-limit",
        type=positive_seconds,
        default=10.0,
        metavar="SECONDS",
        help="time the solver may search (default: %(default)g); picking the final plan"
        " repeatably can add up to as much again on a slow machine",
    )
    parser.add_argument(
        "--seed",
        type=whole_number(most=2**31 - 1),
        default=0,
        metavar="N",
        help="solver random seed (default: 0)",
    )
    parser.add_argument("--stretch", action="store_true", help=stretch_help)
    alarm = parser.add_mutually_exclusive_group()
    alarm.add_argument(
        "--alarm-minutes",
        type=alarm_minutes,
        default=10,
        metavar="N",
        help="reminder N minutes before each session (default: %(default)s)",
    )
    alarm.add_argument("--no-alarm", action="store_true", help="no reminders")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress and no summary (errors only)"
    )


def output_options(args: argparse.Namespace, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(option, path) of each file given by the options ``names``; at most one may be ``"-"``."""
    outputs = [(f"--{name}", getattr(args, name)) for name in names]
    outputs = [(option, path) for option, path in outputs if path is not None]
    to_stdout = [option for option, path in outputs if path == STDIN]
    if len(to_stdout) > 1:
        raise InputError(
            f"{' and '.join(to_stdout)} cannot both write to standard output ('-')",
            value=STDIN,
            hint="write one of them to a file",
        )
    for option, path in outputs:
        if not path:
            raise InputError("needs a file name", field=option, value=path)
    return outputs


def check_outputs(
    outputs: list[tuple[str, str]], inputs: Sequence[str | None], previous: str | None = None
) -> None:
    """Fail before solving when a file could not be written or would overwrite an input.

    ``previous`` is a file that only ``--out`` may replace (the previous calendar).
    """
    sources = {_same_file_key(path) for path in inputs if path and os.path.isfile(path)}
    earlier = _same_file_key(previous) if previous and os.path.isfile(previous) else None
    seen: dict[tuple[int, int] | str, str] = {}
    for option, path in outputs:
        if path == STDIN:
            continue
        folder = Path(path).parent
        if not folder.is_dir():
            raise InputError(f"the folder {str(folder)!r} does not exist", field=option, value=path)
        if Path(path).is_dir():
            raise InputError(f"is a folder, not a file (got {path!r})", field=option, value=path)
        key = _same_file_key(path)
        if key in sources or (key == earlier and option != "--out"):
            raise InputError(
                f"would overwrite an input file (got {path!r})",
                field=option,
                value=path,
                hint="write elsewhere",
            )
        if key in seen:
            raise InputError(
                f"is also given to {seen[key]} (got {path!r})",
                field=option,
                value=path,
                hint="use two files",
            )
        seen[key] = option


def _same_file_key(path: str) -> tuple[int, int] | str:
    """Identity of a file: (device, inode) when it exists, else its absolute path."""
    try:
        stat = os.stat(path)
    except OSError:
        return os.path.abspath(path)
    return (stat.st_dev, stat.st_ino)


def read_previous_calendar(path: str | None) -> Calendar | None:
    """The calendar given to ``--previous``, or ``None`` without one."""
    if path is None:
        return None
    if path == STDIN:
        raise InputError(
            "the previous calendar is read from a file, not from standard input",
            field="--previous",
            value=path,
            hint="give the .ics file an earlier run wrote (it may also be the --out file)",
        )
    from aipm_planner.export.ics import read_previous

    return read_previous(path)


def report_infeasible(error: InfeasiblePlanError) -> int:
    """Print why the plan does not fit and how to fix it; the exit status to return."""
    print(error.diagnosis.summary(), file=sys.stderr)
    return EXIT_INFEASIBLE


def plan_files(
    schedule: Schedule, args: argparse.Namespace, previous: Calendar | None
) -> list[OutputFile]:
    """The calendar for ``--out`` and, when ``--json`` is given, the schedule as JSON."""
    from aipm_planner.export.ics import check_previous, to_ics
    from aipm_planner.export.json_io import schedule_to_json

    if previous is not None:
        check_previous(previous, schedule, args.previous)
    alarm = None if args.no_alarm else args.alarm_minutes
    files: list[OutputFile] = [
        ("Calendar", args.out, to_ics(schedule, previous=previous, alarm_minutes=alarm))
    ]
    if args.json is not None:
        files.append(("Schedule JSON", args.json, schedule_to_json(schedule).encode("utf-8")))
    return files


def print_summary(schedule: Schedule, files: list[OutputFile], *more: str) -> None:
    """Print the plan's summary, where each file went, then the lines ``more``."""
    from aipm_planner.cli.summary import summary_text

    where = [(what, "standard output" if path == STDIN else path) for what, path, _ in files]
    # Standard output belongs to the data when a file goes there.
    stream: TextIO = sys.stderr if STDIN in {path for _, path, _ in files} else sys.stdout
    print(summary_text(schedule, where), file=stream)
    for line in more:
        print(line, file=stream)
