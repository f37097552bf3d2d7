"""``aipm-planner plan``: arguments, outputs, re-planning, no plan, progress and summary."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from aipm_planner.cli import main
from aipm_planner.cli.progress import Spinner
from aipm_planner.cli.summary import summary_text
from aipm_planner.errors import InfeasiblePlanError, InputError
from aipm_planner.export.json_io import schedule_from_json
from aipm_planner.model import Change, Conflict, Diagnosis, Fix

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

ROADMAP = """\
id: cli-tiny
title: CLI, tiny; roadmap
phases:
  - id: start
    title: Getting started
    weeks: 1-3
    modules:
      - {id: read, title: Reading, weeks: 1-2, hours: 2,
         resources: [{title: Guide, url: "https://example.org/guide"}]}
      - {id: write, title: Writing, weeks: 1-2, hours: 1.5, requires: [read]}
  - id: build
    title: Building
    weeks: 1-2
    modules:
      - {id: make, title: Making, weeks: 1-2, hours: 2}
"""

PROFILE = """\
timezone: Europe/Berlin
start: 2027-01-04
availability:
  mon: ["19:00-21:00"]
  wed: ["19:00-21:00"]
  sat: ["09:00-12:00"]
"""

# Five and a half hours of effort, one hour a week, and two weeks: it cannot fit.
IMPOSSIBLE = """\
timezone: Europe/Berlin
start: 2027-01-04
deadline: 2027-01-17
availability:
  sun: ["10:00-11:00"]
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh current folder holding the tiny roadmap and profile."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "roadmap.yaml").write_text(ROADMAP, encoding="utf-8")
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    return tmp_path


def run(*args: str) -> int:
    return main(["plan", *args])


def tiny_args(*extra: str) -> list[str]:
    return ["--roadmap", "roadmap.yaml", "--profile", "profile.yaml", "--quiet", *extra]


# --- bad arguments: exit 2, one clear line, nothing written ---------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--time-limit", "0"], "'0' is not a positive number of seconds"),
        (["--time-limit", "soon"], "'soon' is not a positive number of seconds"),
        (["--start", "2027-13-01"], "'2027-13-01' is not a date like 2027-01-31"),
        (["--start", "9999-01-04"], "'9999-01-04' is outside the dates a plan can use"),
        (["--alarm-minutes", "-1"], "'-1' is not a whole number of minutes"),
        (["--alarm-minutes", "5", "--no-alarm"], "not allowed with argument"),
        (["--seed", "x"], "'x' is not a whole number (0 to 2147483647)"),
        (["--seed", "99999999999999999999"], "is not a whole number (0 to 2147483647)"),
        (["--alarm-minutes", "99999999999999999999"], "whole number of minutes (0 to 40320)"),
        (["--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["--out", "-", "--json", "-"], "--out and --json cannot both write to standard output"),
        (["--roadmap", "no-such-roadmap"], "no built-in roadmap and no file named"),
        (["--profile", "missing.yaml"], "missing.yaml"),
        (["--out", "no/such/folder/plan.ics"], "the folder 'no/such/folder' does not exist"),
        (["--out", "profile.yaml"], "would overwrite an input file"),
        (["--json", "roadmap.yaml"], "would overwrite an input file"),
        (["--json", "study-plan.ics"], "is also given to --out"),
        (["--out", "."], "is a folder, not a file"),
        (["--previous", "old.ics", "--json", "old.ics"], "would overwrite an input file"),
        (["--roadmap", "-", "--profile", "-"], "cannot both come from standard input"),
        (["--start", "2030-01-01", "--profile", "late.yaml"], "is after the profile's deadline"),
        (["--profile", "busy.yaml", "--out", "busy.ics"], "would overwrite an input file"),
        (["--profile", "busy.yaml", "--json", "busy.ics"], "would overwrite an input file"),
        # A check across two files names the file (and line) of the field it is about.
        (
            ["--profile", "skips.yaml"],
            "skips.yaml:9: skip.1: unknown module id 'nope'"
            " (roadmap 'cli-tiny' has no such module)",
        ),
    ],
)
def test_bad_arguments_exit_2_without_writing(
    here: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (here / "late.yaml").write_text(PROFILE + "deadline: 2027-06-30\n", encoding="utf-8")
    (here / "skips.yaml").write_text(PROFILE + "skip:\n  - make\n  - nope\n", encoding="utf-8")
    (here / "busy.yaml").write_text(PROFILE + "busy_calendars: [busy.ics]\n", encoding="utf-8")
    (here / "busy.ics").write_bytes((ROOT / "examples" / "busy.ics").read_bytes())
    (here / "old.ics").write_bytes(b"")
    before = {p.name: p.read_bytes() for p in here.iterdir()}
    assert run("--roadmap", "roadmap.yaml", "--profile", "profile.yaml", *args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith("error: ")
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in here.iterdir()} == before  # nothing new or changed


def test_garbage_previous_names_the_file(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "old.ics").write_text("not a calendar", encoding="utf-8")
    assert run(*tiny_args("--previous", "old.ics")) == 2
    assert "old.ics: the previous calendar is not valid iCalendar" in capsys.readouterr().err
    assert not (here / "study-plan.ics").exists()


def test_missing_report_extra_is_explained(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(what: str = "the HTML report") -> None:
        raise InputError(f"{what} needs the report extra: pip install 'aipm-planner[report]'")

    monkeypatch.setattr("aipm_planner.export.charts.require_matplotlib", missing)
    assert run(*tiny_args("--html", "report.html")) == 2
    assert "pip install 'aipm-planner[report]'" in capsys.readouterr().err
    assert sorted(p.name for p in here.iterdir()) == ["profile.yaml", "roadmap.yaml"]


# --- no plan: exit 3, the diagnosis on stderr, no file written ---------------------------


def test_infeasible_prints_the_diagnosis_and_writes_nothing(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    diagnosis = Diagnosis(
        conflicts=[Conflict(rule="capacity", message="5.5 h of study, 1 h of free time.")],
        fixes=[
            Fix(
                changes=[
                    Change(
                        kind="deadline",
                        value="2027-03-07",
                        message="move the deadline to 2027-03-07",
                    )
                ],
                verified=True,
            )
        ],
    )

    def no_plan(*_args: Any, **_kwargs: Any) -> None:
        raise InfeasiblePlanError(diagnosis)

    monkeypatch.setattr("aipm_planner.planning.plan", no_plan)
    (here / "study-plan.ics").write_bytes(b"the old plan")
    assert run(*tiny_args("--json", "plan.json")) == 3
    captured = capsys.readouterr()
    assert captured.err == diagnosis.summary() + "\n"
    assert captured.out == ""
    assert (here / "study-plan.ics").read_bytes() == b"the old plan"
    assert not (here / "plan.json").exists()


def test_profile_that_cannot_fit_exits_3(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "impossible.yaml").write_text(IMPOSSIBLE, encoding="utf-8")
    (here / "study-plan.ics").write_bytes(b"the old plan")
    code = run("--roadmap", "roadmap.yaml", "--profile", "impossible.yaml", "--quiet")
    captured = capsys.readouterr()
    assert code == 3, captured.err
    assert captured.err.startswith("The roadmap does not fit your time:")
    assert (here / "study-plan.ics").read_bytes() == b"the old plan"
    assert sorted(p.name for p in here.iterdir()) == [
        "impossible.yaml",
        "profile.yaml",
        "roadmap.yaml",
        "study-plan.ics",
    ]


def test_example_impossible_profile_exits_3(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run("--profile", str(EXAMPLES / "profile-impossible.yaml"), "--quiet")
    assert code == 3, capsys.readouterr().err
    assert not (here / "study-plan.ics").exists()


# --- plans ---------------------------------------------------------------------------


def events(path: Path) -> dict[str, Any]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.events}


def test_tiny_plan_writes_calendar_and_summary(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--roadmap", "roadmap.yaml", "--profile", "profile.yaml", "--json", "p.json") == 0
    out = capsys.readouterr().out
    schedule = schedule_from_json((here / "p.json").read_text(encoding="utf-8"), "p.json")
    calendar = Calendar.from_ical((here / "study-plan.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "CLI\\, tiny\\; roadmap study plan"  # TEXT
    sessions = [e for e in calendar.events if str(e["X-AIPM-KIND"]) == "session"]
    assert {str(e["UID"]) for e in sessions} == {s.uid for s in schedule.sessions}
    assert schedule.roadmap_source == "roadmap.yaml"
    assert schedule.profile_source == "profile.yaml"
    assert out.startswith("Study plan: CLI, tiny; roadmap\n")
    assert "Calendar:      study-plan.ics\n" in out
    assert "Schedule JSON: p.json" in out
    assert "  Getting started  Mon 2027-01-04 - " in out
    assert "  Building         " in out
    assert f"Finish:   {schedule.finish.date():%a %Y-%m-%d}" in out  # type: ignore[union-attr]


def test_stdin_profile_and_json_on_stdout(
    here: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PROFILE))
    code = main(["plan", "--roadmap", "roadmap.yaml", "--profile", "-", "--json", "-"])
    captured = capsysbinary.readouterr()
    assert code == 0, captured.err
    schedule = schedule_from_json(captured.out, "<stdout>")  # nothing but the JSON
    assert schedule.profile.start == dt.date(2027, 1, 4)
    assert schedule.profile_source == "<stdin>"
    assert b"Study plan: CLI, tiny; roadmap" in captured.err  # the summary moved to stderr
    assert b"Schedule JSON: standard output" in captured.err
    assert (here / "study-plan.ics").is_file()


def test_a_cross_file_error_in_a_profile_on_stdin_names_stdin(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PROFILE + "skip: [nope]\n"))
    assert main(["plan", "--roadmap", "roadmap.yaml", "--profile", "-", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: <stdin>: skip.0: unknown module id 'nope'")
    assert not (here / "study-plan.ics").exists()


def test_calendar_on_stdout(here: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert run("--roadmap", "roadmap.yaml", "--profile", "profile.yaml", "--out", "-") == 0
    captured = capsysbinary.readouterr()
    assert captured.out.startswith(b"BEGIN:VCALENDAR\r\n")
    assert captured.out.endswith(b"END:VCALENDAR\r\n")
    assert b"Calendar: standard output" in captured.err
    assert sorted(p.name for p in here.iterdir()) == ["profile.yaml", "roadmap.yaml"]


def test_quiet_prints_nothing(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(*tiny_args()) == 0
    assert capsys.readouterr() == ("", "")
    assert (here / "study-plan.ics").is_file()


def test_same_inputs_same_bytes(here: Path) -> None:
    assert run(*tiny_args("--out", "a.ics", "--json", "a.json")) == 0
    assert run(*tiny_args("--out", "b.ics", "--json", "b.json")) == 0
    assert (here / "a.ics").read_bytes() == (here / "b.ics").read_bytes()
    a = json.loads((here / "a.json").read_text(encoding="utf-8"))
    b = json.loads((here / "b.json").read_text(encoding="utf-8"))
    for data in (a, b):
        del data["report"]["wall_time"]  # the one measurement in a schedule
    assert a == b


def test_start_overrides_the_profile(here: Path) -> None:
    assert run(*tiny_args("--start", "2027-02-01", "--json", "p.json")) == 0
    schedule = schedule_from_json((here / "p.json").read_text(encoding="utf-8"))
    assert schedule.profile.start == dt.date(2027, 2, 1)
    assert schedule.sessions[0].start.date() >= dt.date(2027, 2, 1)


def test_alarm_options(here: Path) -> None:
    assert run(*tiny_args("--out", "a.ics", "--alarm-minutes", "25")) == 0
    assert b"TRIGGER:-PT25M\r\n" in (here / "a.ics").read_bytes()
    assert run(*tiny_args("--out", "b.ics", "--no-alarm")) == 0
    assert b"VALARM" not in (here / "b.ics").read_bytes()


def test_html_report(here: Path) -> None:
    assert run(*tiny_args("--html", "report.html")) == 0
    page = (here / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "CLI, tiny; roadmap" in page


def test_replan_with_one_more_evening_updates_in_place(here: Path) -> None:
    assert run(*tiny_args("--json", "old.json")) == 0
    old_events = events(here / "study-plan.ics")
    old = schedule_from_json((here / "old.json").read_text(encoding="utf-8"))
    (here / "more.yaml").write_text(PROFILE + '  fri: ["19:00-21:00"]\n', encoding="utf-8")
    args = ["--roadmap", "roadmap.yaml", "--profile", "more.yaml", "--quiet"]
    assert run(*args, "--previous", "study-plan.ics", "--json", "new.json") == 0
    new_events = events(here / "study-plan.ics")
    new = schedule_from_json((here / "new.json").read_text(encoding="utf-8"))
    # A session keeps its UID whenever its module still has a session with its ordinal.
    old_ids = {(s.module_id, s.ordinal): s.uid for s in old.sessions}
    for session in new.sessions:
        if (session.module_id, session.ordinal) in old_ids:
            assert session.uid == old_ids[(session.module_id, session.ordinal)]
    for uid, event in new_events.items():
        if uid not in old_events:
            assert event["SEQUENCE"] == 0
            continue
        before = old_events[uid]
        same = (before.start, before.end, str(before["SUMMARY"])) == (
            event.start,
            event.end,
            str(event["SUMMARY"]),
        )
        assert event["SEQUENCE"] == (0 if same else 1) or str(event.get("STATUS")) == "CANCELLED"
    assert any(e["SEQUENCE"] == 1 for e in new_events.values())  # the plan did change
    gone = set(old_events) - {s.uid for s in new.sessions} - {m.uid for m in new.milestones}
    cancelled = {u for u, e in new_events.items() if str(e.get("STATUS")) == "CANCELLED"}
    assert cancelled == gone


def test_custom_example_roadmap_and_profile(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        "--roadmap",
        str(EXAMPLES / "data-science-sprint.yaml"),
        "--profile",
        str(EXAMPLES / "profile-evenings.yaml"),
        "--time-limit",
        "60",
        "--json",
        "plan.json",
    )
    out = capsys.readouterr().out
    assert code == 0
    schedule = schedule_from_json((here / "plan.json").read_text(encoding="utf-8"))
    assert schedule.roadmap.id == "data-science-sprint"
    assert len(events(here / "study-plan.ics")) == len(schedule.sessions) + len(schedule.milestones)
    assert "Study plan: Data Science Sprint" in out


@pytest.mark.slow
def test_no_arguments_plans_the_builtin_roadmap(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/Chicago")
    # Only the time limit is given: a loaded test machine may need longer than the default.
    assert run("--time-limit", "60") == 0, capsys.readouterr().err
    calendar = Calendar.from_ical((here / "study-plan.ics").read_bytes())
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    assert len([e for e in calendar.events if str(e["X-AIPM-KIND"]) == "session"]) > 50
    out = capsys.readouterr().out
    assert out.startswith("Study plan: ")
    assert "Calendar: study-plan.ics" in out


def test_console_script_keeps_stdout_clean(tmp_path: Path) -> None:
    """The installed command, as another program runs it: profile in, JSON out, no noise."""
    (tmp_path / "roadmap.yaml").write_text(ROADMAP, encoding="utf-8")
    command = Path(sys.executable).with_name("aipm-planner")
    result = subprocess.run(
        [str(command), "plan", "--roadmap", "roadmap.yaml", "--profile", "-", "--json", "-"],
        input=PROFILE,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "TZ": "UTC"},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert schedule_from_json(result.stdout).roadmap.id == "cli-tiny"
    assert "\r" not in result.stderr  # not a terminal: no spinner


# --- progress and summary -----------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_spinner_is_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with Spinner(stream) as spinner:
        spinner.update("solving")
    assert stream.getvalue() == ""
    assert not spinner.enabled


def test_spinner_is_silent_when_disabled() -> None:
    stream = Terminal()
    with Spinner(stream, enabled=False) as spinner:
        spinner.update("solving")
    assert stream.getvalue() == ""


def test_spinner_draws_then_erases_its_line() -> None:
    stream = Terminal()
    with Spinner(stream, message="planning") as spinner:
        spinner.update("solving")
    text = stream.getvalue()
    assert text.startswith("\r| planning... 0 s")
    assert "solving... " in text
    width = max(len(part) for part in text.split("\r"))
    assert text.endswith("\r" + " " * width + "\r")


def test_spinner_stops_when_the_solve_raises() -> None:
    stream = Terminal()
    spinner = Spinner(stream)
    with pytest.raises(RuntimeError), spinner:
        raise RuntimeError("solver crashed")
    after = stream.getvalue()
    spinner.update("late")  # after stopping, nothing more is drawn
    assert stream.getvalue() == after
    assert after.endswith("\r")


def test_summary_of_a_hand_built_schedule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "tests"))
    from export.schedules import tiny

    text = summary_text(tiny(), [("Calendar", "plan.ics")])
    assert text == (
        "Study plan: Tiny roadmap\n"
        "  Start:    Mon 2027-03-22\n"
        "  Finish:   Wed 2027-03-31, after 2 weeks\n"
        "  Study:    6.0 h in 5 sessions; 3.0 h a week on average, 4.0 h at most\n"
        "\n"
        "Phases:\n"
        "  Basics              Mon 2027-03-22 - Sat 2027-03-27 (week 1)\n"
        "  Build, ship; learn  Mon 2027-03-29 - Wed 2027-03-31 (week 2)\n"
        "\n"
        "Skipped or changed:\n"
        "  - Shortened 'SQL for PMs' from 2 h to 1 h: you already know sql (level 2).\n"
        "\n"
        "Solver: optimal (proven: no plan finishes earlier); 0.2 s\n"
        "\n"
        "Calendar: plan.ics"
    )


def test_summary_of_a_plan_that_studies_until_midnight(monkeypatch: pytest.MonkeyPatch) -> None:
    # The last session is Sunday 22:00-24:00 (Berlin): the plan ends that Sunday, in week 1.
    monkeypatch.syspath_prepend(str(ROOT / "tests"))
    from export.schedules import build, utc

    text = summary_text(build(specs=[("intro", utc(2027, 3, 28, 20), 120)]))
    assert "  Finish:   Sun 2027-03-28, after 1 week\n" in text
