"""``aipm-planner report``: a schedule file -> one self-contained HTML page."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from aipm_planner.cli.common import check_outputs, parse_date
from aipm_planner.errors import InputError

__all__ = ["register", "run", "write_output"]


def register(subparsers: Any) -> None:
    """Add the ``report`` sub-command."""
    parser = subparsers.add_parser(
        "report",
        help="write a self-contained HTML report of a schedule",
        description=(
            "Write one HTML file with the plan's summary, a Gantt chart of phases and modules,"
            " the weekly load, what was skipped or changed, the next two weeks of sessions and"
            " every module's topics and resources. It needs the report extra:"
            " pip install 'aipm-planner[report]'."
        ),
    )
    parser.add_argument(
        "--schedule",
        required=True,
        metavar="FILE",
        help="schedule JSON written by 'aipm-planner plan' ('-' = standard input)",
    )
    parser.add_argument(
        "-o",
        "--out",
        default="study-plan.html",
        metavar="FILE",
        help="HTML file to write ('-' = standard output; default: %(default)s)",
    )
    parser.add_argument(
        "--today",
        type=parse_date,
        metavar="DATE",
        help="date marked in the charts and start of the two weeks listed"
        " (default: the day the schedule was made)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read the schedule, render the page, write it."""
    from aipm_planner.export.html import render_html
    from aipm_planner.loading import load_model
    from aipm_planner.model import Schedule

    check_outputs([("--out", args.out)], [args.schedule])
    schedule = load_model(args.schedule, Schedule)
    page = render_html(schedule, today=args.today)
    write_output(args.out, page.encode("utf-8"))
    if args.out != "-":
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


def write_output(path: str, data: bytes) -> None:
    """Write ``data`` atomically to ``path``; a file that cannot be written is bad input."""
    from aipm_planner.export import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise InputError(f"cannot write the file: {exc.strerror or exc}", path=path) from exc
