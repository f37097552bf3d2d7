"""A login refused because no password was given says so, instead of "check the password".

``aipm-planner sync --username ann`` without ``--password-env`` and without a ``~/.netrc``
entry sends no password; the refusal used to read as if a wrong one had been sent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.cli import main
from aipm_planner.export.json_io import schedule_to_json

from . import plans
from .server import HTPASSWD_USER, Radicale


def test_no_password_given_is_named(
    radicale_htpasswd: Radicale,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.netrc
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(schedule_to_json(plans.schedule()), encoding="utf-8")
    argv = ["sync", "--caldav-url", radicale_htpasswd.url, "--username", HTPASSWD_USER]

    code = main([*argv, "--schedule", str(plan_file)])

    assert code == 2
    assert capsys.readouterr().err == (
        f"error: the CalDAV server at {radicale_htpasswd.url} refused access (401) while"
        " listing calendars: no password was given (name the environment variable that"
        " holds it, or put the host in ~/.netrc)\n"
    )
