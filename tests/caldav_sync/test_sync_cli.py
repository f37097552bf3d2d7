"""``aipm-planner sync`` end to end against Radicale: output, exit codes, credentials."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from aipm_planner.cli import main
from aipm_planner.export.json_io import schedule_to_json

from . import dav, plans
from .server import HTPASSWD_PASSWORD, HTPASSWD_USER, Radicale

ROADMAP = """\
id: tiny
title: Tiny roadmap
phases:
  - id: basics
    title: Basics
    weeks: 1-2
    modules:
      - {id: intro, title: Intro to AI, weeks: 1, hours: 1}
"""
PROFILE = """\
timezone: Europe/Berlin
start: 2027-03-01
availability: {mon: ["19:00-20:00"], wed: ["19:00-20:00"]}
"""


@pytest.fixture
def plan_file(tmp_path: Path) -> str:
    path = tmp_path / "plan.json"
    path.write_text(schedule_to_json(plans.schedule()), encoding="utf-8")
    return str(path)


def test_sync_prints_the_report_and_a_second_run_writes_nothing(
    radicale: Radicale,
    user: str,
    plan_file: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CALDAV_PW", "any")
    argv = ["sync", "--caldav-url", radicale.url, "--username", user, "--password-env", "CALDAV_PW"]

    assert main([*argv, "--schedule", plan_file]) == 0
    assert capsys.readouterr().out == (
        "calendar 'Study plan': 6 created, 0 updated, 0 deleted, 0 unchanged\n"
    )
    assert main([*argv, "--schedule", plan_file, "--calendar", "Study plan"]) == 0
    output = capsys.readouterr()
    assert output.out == "calendar 'Study plan': 0 created, 0 updated, 0 deleted, 6 unchanged\n"
    assert output.err == ""


def test_dry_run_lists_what_it_would_do(
    radicale: Radicale,
    user: str,
    plan_file: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CALDAV_PW", "any")
    argv = ["sync", "--caldav-url", radicale.url, "--username", user, "--password-env", "CALDAV_PW"]

    assert main([*argv, "--schedule", plan_file, "--dry-run", "--calendar", "Learning"]) == 0

    assert capsys.readouterr().out.splitlines() == [
        "dry run, nothing written; calendar 'Learning': would create 6, update 0, delete 0;"
        " 0 unchanged (the calendar would be created)",
        "  create Intro to AI (1/2), 2027-03-01 19:00",
        "  create Intro to AI (2/2), 2027-03-03 19:00",
        "  create SQL for PMs (1/2), 2027-03-08 19:00",
        "  create SQL for PMs (2/2), 2027-03-10 19:00",
        "  create Basics starts, 2027-03-01",
        "  create Basics ends, 2027-03-10",
    ]
    assert dav.calendar_names(radicale.url, user) == []


def test_wrong_password_exits_2_and_never_shows_it(
    radicale_htpasswd: Radicale,
    plan_file: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "not-" + HTPASSWD_PASSWORD
    monkeypatch.setenv("CALDAV_PW", wrong)
    argv = ["sync", "--caldav-url", radicale_htpasswd.url, "--username", HTPASSWD_USER]

    # --debug prints the traceback too: it must not hold the password either.
    code = main(["--debug", *argv, "--password-env", "CALDAV_PW", "--schedule", plan_file])

    output = capsys.readouterr()
    assert code == 2
    assert output.out == ""
    assert "Traceback" in output.err
    assert output.err.splitlines()[-1] == (
        f"error: the CalDAV server at {radicale_htpasswd.url} refused access (401) while"
        " listing calendars: check the user name and the password"
    )
    for text in (output.out, output.err, caplog.text):
        assert wrong not in text


def test_password_from_netrc(
    radicale_htpasswd: Radicale,
    plan_file: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login {HTPASSWD_USER} password {HTPASSWD_PASSWORD}\n")
    netrc.chmod(0o600)

    code = main(["sync", "--caldav-url", radicale_htpasswd.url, "--schedule", plan_file])

    output = capsys.readouterr()
    assert code == 0, output.err
    assert output.out.startswith("calendar 'Study plan': ")
    assert HTPASSWD_PASSWORD not in output.out + output.err


def test_missing_password_variable(
    radicale: Radicale, plan_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["sync", "--caldav-url", radicale.url, "--password-env", "NO_SUCH_VARIABLE_X"]
    assert main([*argv, "--schedule", plan_file]) == 2
    assert capsys.readouterr().err == (
        "error: environment variable NO_SUCH_VARIABLE_X is not set; it should hold the"
        " CalDAV password\n"
    )


def test_schedule_and_planning_options_exclude_each_other(
    radicale: Radicale, plan_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["sync", "--caldav-url", radicale.url, "--schedule", plan_file, "--roadmap", "x.yaml"]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        "error: --schedule: give either --schedule or --roadmap/--profile, not both\n"
    )


def test_plans_now_without_a_schedule(
    radicale: Radicale,
    user: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "roadmap.yaml").write_text(ROADMAP, encoding="utf-8")
    (tmp_path / "me.yaml").write_text(PROFILE, encoding="utf-8")
    monkeypatch.setenv("CALDAV_PW", "any")
    argv = ["sync", "--caldav-url", radicale.url, "--username", user, "--password-env", "CALDAV_PW"]
    planning = ["--roadmap", str(tmp_path / "roadmap.yaml"), "--profile", str(tmp_path / "me.yaml")]

    assert main([*argv, *planning, "--time-limit", "5"]) == 0

    # One hour of effort in one-hour windows: one session, and the phase's start and end.
    assert capsys.readouterr().out == (
        "calendar 'Study plan': 3 created, 0 updated, 0 deleted, 0 unchanged\n"
    )
    cal = dav.calendar(radicale.url, user, "Study plan")
    assert len(dav.objects(cal)) == 3
