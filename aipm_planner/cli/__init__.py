"""The ``aipm-planner`` command line: ``main(argv) -> int``.

Each sub-command lives in its own module of this package (``aipm_planner.cli.<name>``)
with ``register(subparsers)``; this module only wires them together and turns errors into
one or two plain lines on stderr and the documented exit codes:
0 success, 2 bad input or usage, 3 no feasible plan (1 for an internal error).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence

from aipm_planner import __version__
from aipm_planner.errors import EXIT_INPUT, AipmPlannerError

__all__ = ["COMMANDS", "entry_point", "main"]

COMMANDS = (
    "plan",
    "replan",
    "validate",
    "show",
    "roadmaps",
    "schema",
    "report",
    "plot",
    "sync",
)


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so usage errors get our exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (every available sub-command)."""
    parser = _Parser(
        prog="aipm-planner",
        description="Turn a learning roadmap into a personal, dated study calendar.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"aipm_planner.cli.{name}_cmd")
        except ModuleNotFoundError as exc:
            if exc.name != f"aipm_planner.cli.{name}_cmd":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of exiting."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    # --debug is read wherever it stands (before a "--" that ends the options), also after
    # the command's name, where a user in trouble naturally adds it.
    end = args_list.index("--") if "--" in args_list else len(args_list)
    debug = "--debug" in args_list[:end]
    if debug:
        options = [arg for arg in args_list[:end] if arg != "--debug"]
        args_list = ["--debug", *options, *args_list[end:]]
    try:
        parser = build_parser()
        args = parser.parse_args(args_list)
        if not getattr(args, "command", None):
            parser.print_help(sys.stderr)
            return EXIT_INPUT
        result: int = args.handler(args)
        return result
    except _UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except AipmPlannerError as exc:
        if debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # an internal error: still no traceback unless --debug
        if debug:
            traceback.print_exc()
        else:
            print(
                f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                file=sys.stderr,
            )
        return 1


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
