"""The README's table of commands lists every option ``--help`` shows for them.

``plan``'s row lacked ``--alarm-minutes``/``--no-alarm`` and ``-`` for ``--out``, ``plot``'s
row ``--load`` and ``--today``, ``report``'s row ``--today``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from aipm_planner.cli import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"


def _row(command: str) -> str:
    rows = [
        line
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith(f"| `aipm-planner {command} ")
    ]
    assert len(rows) == 1
    return rows[0]


def _subparser(command: str) -> argparse.ArgumentParser:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found: argparse.ArgumentParser = action.choices[command]
            return found
    raise AssertionError(command)


@pytest.mark.parametrize("command", ["plan", "report", "plot"])
def test_every_option_is_in_the_table(command: str) -> None:
    row = _row(command)
    for action in _subparser(command)._actions:
        longs = [o for o in action.option_strings if o.startswith("--") and o != "--help"]
        if longs:
            assert any(o in row for o in [*longs, *action.option_strings]), longs


@pytest.mark.parametrize("option", ["--out", "--json", "--html"])
def test_plan_outputs_that_may_go_to_standard_output(option: str) -> None:
    assert f"[{option} FILE" in _row("plan")
    assert f"{option} FILE.ics\\|-]" in _row("plan") or f"{option} FILE\\|-]" in _row("plan")
