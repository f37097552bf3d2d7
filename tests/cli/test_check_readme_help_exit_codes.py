"""The help of every command that plans states each exit status the README's table of
exit codes gives for it, 1 (no plan found within the time limit) included: ``plan``,
``replan`` and ``sync`` named 0, 2 and 3 only."""

from __future__ import annotations

import argparse

import pytest

from aipm_planner.cli import build_parser


def _description(command: str) -> str:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            parser: argparse.ArgumentParser = action.choices[command]
            return " ".join((parser.description or "").split())
    raise AssertionError(command)


@pytest.mark.parametrize("command", ["plan", "replan", "sync"])
def test_help_names_every_exit_status(command: str) -> None:
    text = _description(command)
    assert "Exit status: 0 " in text
    for status in (", 2 ", ", 3 ", ", 1 no plan found within the time limit"):
        assert status in text
