"""``aipm-planner plot``: the report's charts alone, as PNG, SVG or PDF files."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aipm_planner.cli.common import check_outputs, parse_date, write_files
from aipm_planner.errors import InputError

if TYPE_CHECKING:
    import datetime as dt

    from aipm_planner.model import Schedule

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``plot`` sub-command."""
    parser = subparsers.add_parser(
        "plot",
        help="draw the Gantt chart or the weekly load of a schedule to an image",
        description=(
            "Draw the report's charts alone; the format follows the file name (.png, .svg or"
            " .pdf). It needs the report extra: pip install 'aipm-planner[report]'."
        ),
    )
    parser.add_argument(
        "--schedule",
        required=True,
        metavar="FILE",
        help="schedule JSON written by 'aipm-planner plan' ('-' = standard input)",
    )
    parser.add_argument("--gantt", metavar="FILE", help="write the Gantt chart here")
    parser.add_argument("--load", metavar="FILE", help="write the weekly load chart here")
    parser.add_argument(
        "--today",
        type=parse_date,
        metavar="DATE",
        help="date marked in the charts (default: the day the schedule was made)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read the schedule and write each chart asked for."""
    from aipm_planner.export.charts import CHART_FORMATS
    from aipm_planner.loading import load_model
    from aipm_planner.model import Schedule
    from aipm_planner.weeks import local_day

    wanted = [(chart, path) for chart, path in (("gantt", args.gantt), ("load", args.load)) if path]
    if not wanted:
        raise InputError(
            "nothing to draw", hint="give --gantt FILE and/or --load FILE (.png, .svg or .pdf)"
        )
    for chart, path in wanted:
        fmt = Path(path).suffix.lower().lstrip(".")
        if fmt not in CHART_FORMATS:
            raise InputError(
                "the chart file must end in .png, .svg or .pdf",
                path=path,
                field=f"--{chart}",
                value=Path(path).suffix or path,
            )
    check_outputs([(f"--{chart}", path) for chart, path in wanted], [args.schedule])
    schedule = load_model(args.schedule, Schedule)
    today = args.today or local_day(schedule.created, schedule.profile.zone)
    files = []
    for chart, path in wanted:
        fmt = Path(path).suffix.lower().lstrip(".")
        files.append((chart, path, _draw(schedule, chart, fmt, today, path)))
    write_files(files)
    for _, path, _ in files:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _draw(schedule: Schedule, chart: str, fmt: str, today: dt.date, path: str) -> bytes:
    """The chart's bytes; characters no font has are named in one line on standard error."""
    from aipm_planner.export.charts import MissingGlyphWarning, chart_bytes

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MissingGlyphWarning)
        data = chart_bytes(schedule, chart, fmt, today=today)
    for item in caught:
        if issubclass(item.category, MissingGlyphWarning):
            print(f"warning: {path}: {item.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    return data
