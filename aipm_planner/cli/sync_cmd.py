"""``aipm-planner sync``: make a CalDAV calendar show the study plan."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from aipm_planner.cli.common import (
    ALARM_MOST,
    naming_files,
    positive_seconds,
    resolve_profile,
    resolve_roadmap,
    shown,
    whole_number,
)
from aipm_planner.errors import EXIT_OK, InputError, SyncError

if TYPE_CHECKING:
    from aipm_planner.model import Schedule

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``sync`` sub-command."""
    parser = subparsers.add_parser(
        "sync",
        help="put the study plan into a CalDAV calendar (Nextcloud, Fastmail, iCloud, Radicale)",
        description=(
            "Make a CalDAV calendar show the plan: new sessions are added, moved ones updated,"
            " dropped ones deleted; nothing else in the calendar is touched, and a second sync"
            " of the same plan writes nothing. The plan comes from --schedule (JSON written by"
            " 'aipm-planner plan --json') or is made now from --roadmap and --profile. The"
            " password comes from the environment variable named by --password-env, else from"
            " ~/.netrc; it is never printed. Exit status: 0 synced, 2 the server could not be"
            " used or an event changed on the server during the sync, 3 the roadmap does not"
            " fit, 1 no plan found within the time limit when planning now."
        ),
    )
    parser.add_argument(
        "--caldav-url",
        required=True,
        metavar="URL",
        help="CalDAV server or principal URL, e.g. https://dav.example.com/",
    )
    parser.add_argument(
        "--calendar",
        default="Study plan",
        metavar="NAME",
        help="calendar display name; created when missing (default: %(default)s)",
    )
    parser.add_argument("--username", metavar="USER", help="login name (default: from ~/.netrc)")
    parser.add_argument(
        "--password-env",
        metavar="VAR",
        help="environment variable holding the password (default: ~/.netrc for the host)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="only show what would be written; write nothing"
    )
    parser.add_argument(
        "--schedule",
        metavar="FILE",
        help="schedule JSON to sync ('-' = standard input); without it the plan is made now",
    )
    parser.add_argument(
        "--roadmap",
        metavar="NAME|FILE",
        help="built-in roadmap name or roadmap file, when planning now (default: built-in)",
    )
    parser.add_argument(
        "--profile", metavar="FILE", help="learner profile, when planning now (default profile)"
    )
    parser.add_argument(
        "--time-limit",
        type=positive_seconds,
        default=10.0,
        metavar="SECONDS",
        help="time the solver may search, when planning now (default: %(default)g);"
        " picking the final plan repeatably can add up to as much again on a slow machine",
    )
    parser.add_argument(
        "--seed",
        type=whole_number(most=2**31 - 1),
        default=0,
        metavar="N",
        help="solver random seed (default: 0)",
    )
    alarm = parser.add_mutually_exclusive_group()
    alarm.add_argument(
        "--alarm-minutes",
        type=whole_number("minutes", most=ALARM_MOST),
        default=10,
        metavar="N",
        help="reminder N minutes before each session (default: %(default)s)",
    )
    alarm.add_argument("--no-alarm", action="store_true", help="no reminders")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Get the plan, sync it, print what happened (or, with --dry-run, what would)."""
    from aipm_planner.caldav_connection import (
        plain_http_warning,
        resolve_password,
        split_credentials,
    )
    from aipm_planner.caldav_sync import check_calendar_name, sync_caldav

    check_calendar_name(args.calendar, "--calendar")
    clean, url_user, _ = split_credentials(args.caldav_url)
    username, password = resolve_password(clean, args.username or url_user, args.password_env)
    schedule = _schedule(args)
    warning = plain_http_warning(clean)
    if warning:
        # Before the sync, so that it is seen even when the sync fails.
        print(warning, file=sys.stderr)
    report = sync_caldav(
        schedule,
        args.caldav_url,
        calendar=args.calendar,
        username=username,
        password=password,
        dry_run=args.dry_run,
        alarm_minutes=None if args.no_alarm else args.alarm_minutes,
    )
    print(report.summary())
    for line in report.actions() if args.dry_run else []:
        print(f"  {line}")
    if report.conflicts:
        count = len(report.conflicts)
        raise SyncError(
            f"{count} event{'s' if count > 1 else ''} changed on the server during the sync"
            " and were not overwritten; run the sync again to replace them with the plan"
        )
    return EXIT_OK


def _schedule(args: argparse.Namespace) -> Schedule:
    if args.schedule is not None:
        if args.roadmap is not None or args.profile is not None:
            raise InputError(
                "give either --schedule or --roadmap/--profile, not both", field="--schedule"
            )
        from aipm_planner.export.json_io import read_json
        from aipm_planner.verify import check_own_sessions

        schedule = read_json(args.schedule)
        check_own_sessions(schedule, shown(args.schedule))
        return schedule
    from aipm_planner.model import LearnerProfile
    from aipm_planner.planning import plan

    roadmap, roadmap_source = resolve_roadmap(args.roadmap)
    profile, profile_source = resolve_profile(args.profile)
    with naming_files((profile_source, LearnerProfile, "")):
        return plan(
            roadmap,
            profile,
            time_limit=args.time_limit,
            seed=args.seed,
            roadmap_source=roadmap_source,
            profile_source=profile_source,
        )
