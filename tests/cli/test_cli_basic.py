"""The basic commands: roadmaps, show, validate, schema; exit codes and error lines."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aipm_planner.cli import main
from aipm_planner.cli.common import (
    count,
    format_hours,
    resolve_profile,
    resolve_roadmap,
    write_text_atomic,
)
from aipm_planner.errors import InputError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

TINY = """\
id: tiny
title: Tiny roadmap
phases:
  - id: p1
    title: Phase one
    weeks: 1-2
    modules:
      - {id: a, title: Module A, weeks: 1, hours: 2}
      - {id: b, title: Module B, weeks: 1-2, hours: 3.5, requires: [a], optional: true}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_roadmaps(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "roadmaps") == (
        0,
        "ai-product-manager  AI Product Manager Career Path  (5 phases, 20 modules, 324 h)\n",
        "",
    )


def test_show_builtin_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "AI Product Manager Career Path (ai-product-manager)"
    assert "1. Foundation Course [foundation]: 4 weeks, 16 h" in lines
    assert "5. Phase 4: Advanced Skills [advanced-skills]: 8-12 weeks, 80 h" in lines
    assert lines[-1] == (
        "Total: 5 phases, 20 modules, 324 h, 48-64 weeks if phases run one after another"
    )
    assert out == run(capsys, "show", "ai-product-manager")[1]


def test_show_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    assert run(capsys, "show", str(path)) == (
        0,
        "Tiny roadmap (tiny)\n"
        "\n"
        "1. Phase one [p1]: 1-2 weeks, 5.5 h\n"
        "   a  Module A       1 week     2 h  course\n"
        "   b  Module B    1-2 weeks   3.5 h  course, optional\n"
        "      requires a\n"
        "\n"
        "Total: 1 phase, 2 modules, 5.5 h, 1-2 weeks if phases run one after another\n",
        "",
    )


def test_show_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "show", "astronaut") == (
        2,
        "",
        "error: no built-in roadmap and no file named 'astronaut'\n"
        "  hint: built-in roadmaps: ai-product-manager; or give the path of a roadmap file\n",
    )


def test_show_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(TINY.replace("weeks: 1-2\n    modules", "weeks: 3-1\n    modules"))
    code, out, err = run(capsys, "show", str(path))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"error: {path}:6: phases.0.weeks: week range min 3 is greater than max 1 (got '3-1')",
        "  hint: write a number (4), a range '12-16' or {min: 12, max: 16},"
        " with 1 <= min <= max <= 520",
    ]


def test_validate_good_files(capsys: pytest.CaptureFixture[str]) -> None:
    roadmap = str(EXAMPLES / "data-science-sprint.yaml")
    profile = str(EXAMPLES / "profile-impossible.yaml")
    assert run(capsys, "validate", roadmap, profile) == (
        0,
        f"OK {roadmap}: roadmap 'data-science-sprint' (3 phases, 6 modules, 62 h)\n"
        f"OK {profile}: profile 'too little time' (America/New_York, from 2027-01-04 until"
        " 2027-06-30, 2 h a week)\n",
        "",
    )


def test_validate_reports_every_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(TINY.replace("hours: 2}", "hours: 2, level: 3}"))
    good = tmp_path / "good.yaml"
    good.write_text(TINY)
    code, out, err = run(capsys, "validate", str(bad), str(good), str(tmp_path / "gone.yaml"))
    assert code == 2
    assert out == f"OK {good}: roadmap 'tiny' (1 phase, 2 modules, 5.5 h)\n"
    assert err.splitlines() == [
        f"FAIL {bad}:8: phases.0.modules.0.level: unknown field 'level' (got 3)",
        "  hint: remove it or fix its spelling; allowed here: id, title, weeks, hours, teaches,"
        " requires, kind, topics, outcomes, resources, optional, description",
        f"FAIL {tmp_path}/gone.yaml: file not found",
        "  hint: check the path and the current folder",
    ]


def test_validate_reads_the_busy_calendars_of_a_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    busy = tmp_path / "busy.ics"
    busy.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:x@t\r\n"
        "DTSTART:20270105T180000Z\r\nDTEND:20270105T190000Z\r\nRRULE:FREQ=FORTNIGHTLY\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    profile = tmp_path / "me.yaml"
    profile.write_text(
        "timezone: Europe/Berlin\nstart: 2027-01-04\navailability: {tue: ['18:00-20:00']}\n"
        "busy_calendars: [busy.ics]\n"
    )
    code, out, err = run(capsys, "validate", str(profile))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"FAIL {profile}: {busy}: busy_calendars.0: busy calendar has an event whose RRULE"
        " cannot be read: Expected frequency, got: FORTNIGHTLY (event x@t)",
        "  hint: fix or remove that event, or export the calendar again",
    ]


def test_validate_with_kind(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY)
    code, _, err = run(capsys, "validate", "--kind", "profile", str(path))
    assert code == 2
    assert err.splitlines()[0] == (
        f"FAIL {path}: timezone: required field 'timezone' is missing [and 5 more problems]"
    )


def test_validate_unrecognised_kind(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("name: something\n")
    assert run(capsys, "validate", str(path))[2].splitlines() == [
        f"FAIL {path}: cannot tell what kind of file this is (a roadmap has 'phases', a profile"
        " 'availability', a progress file 'as_of', a schedule 'sessions' and 'roadmap')",
        "  hint: pass --kind roadmap, --kind profile, --kind progress or --kind schedule",
    ]


def test_validate_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TINY.encode())))
    assert run(capsys, "validate", "-") == (
        0,
        "OK <stdin>: roadmap 'tiny' (1 phase, 2 modules, 5.5 h)\n",
        "",
    )


def test_validate_reads_standard_input_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A second '-' would find standard input used up and call it an empty file.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TINY.encode())))
    code, out, err = run(capsys, "validate", "-", "-")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "error: standard input ('-') can be read only once",
        "  hint: give '-' once, and the other files by name",
    ]


def test_validate_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate")
    assert (code, out) == (2, "")
    assert err == "error: aipm-planner validate: the following arguments are required: FILE\n"


@pytest.mark.parametrize(("kind", "title"), [("roadmap", "Roadmap"), ("profile", "LearnerProfile")])
def test_schema(capsys: pytest.CaptureFixture[str], kind: str, title: str) -> None:
    code, out, err = run(capsys, "schema", kind)
    assert (code, err) == (0, "")
    schema = json.loads(out)
    assert schema["title"] == title
    assert schema["additionalProperties"] is False
    assert out == json.dumps(schema, indent=2, sort_keys=True) + "\n"


def test_schema_week_range_accepts_the_short_forms(capsys: pytest.CaptureFixture[str]) -> None:
    schema = json.loads(run(capsys, "schema", "roadmap")[1])
    module = schema["$defs"]["Module"]
    assert module["required"] == ["id", "title", "weeks", "hours"]
    forms = [form.get("type") for form in module["properties"]["weeks"]["anyOf"]]
    assert forms == ["integer", "string", "object"]


def test_schema_skills_accept_the_level_names(capsys: pytest.CaptureFixture[str]) -> None:
    schema = json.loads(run(capsys, "schema", "profile")[1])
    (level,) = schema["properties"]["skills"]["patternProperties"].values()
    assert level == {
        "anyOf": [
            {"type": "integer", "minimum": 0, "maximum": 3},
            {"enum": ["none", "basic", "intermediate", "advanced"]},
        ]
    }


def test_schema_availability_accepts_one_window_or_none(capsys: pytest.CaptureFixture[str]) -> None:
    schema = json.loads(run(capsys, "schema", "profile")[1])
    window = {"type": "string", "pattern": r"^\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}\s*$"}
    assert schema["properties"]["availability"]["additionalProperties"] == {
        "anyOf": [{"type": "array", "items": window}, window, {"type": "null"}]
    }


def test_schema_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    schema = json.loads(run(capsys, "schema", "schedule")[1])
    assert schema["title"] == "Schedule"
    assert "sessions" in schema["required"]


def test_schema_progress_unavailable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "aipm_planner.model.progress", None)
    assert run(capsys, "schema", "progress") == (
        2,
        "",
        "error: progress files are not supported by this installation\n"
        "  hint: update aipm-planner\n",
    )


def test_schema_progress(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "progress")
    assert (code, json.loads(out)["title"]) == (0, "Progress")


def test_schema_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "schema", "calendar")
    assert (code, out) == (2, "")
    assert err.startswith("error: aipm-planner schema: argument kind: invalid choice: 'calendar'")
    assert len(err.splitlines()) == 1


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert (code, out) == (2, "")
    assert err.startswith("usage: aipm-planner")


def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--debug", "show", "astronaut"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" in err
    assert err.endswith(
        "error: no built-in roadmap and no file named 'astronaut'\n"
        "  hint: built-in roadmaps: ai-product-manager; or give the path of a"
        " roadmap file\n"
    )


def test_debug_may_follow_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["show", "astronaut", "--debug"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" in err
    assert "no built-in roadmap and no file named 'astronaut'" in err


@pytest.mark.parametrize("module", ["aipm_planner", "aipm_planner.cli"])
def test_python_dash_m_runs_the_command_line(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", module, "roadmaps"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("ai-product-manager")


# --- the installed script ----------------------------------------------------------------

SCRIPT = Path(sys.executable).parent / "aipm-planner"


def test_installed_script(tmp_path: Path) -> None:
    assert SCRIPT.is_file(), "install the package: pip install -e ."
    ok = subprocess.run([SCRIPT, "roadmaps"], capture_output=True, text=True, check=False)
    assert (ok.returncode, ok.stderr) == (0, "")
    assert ok.stdout.startswith("ai-product-manager  ")
    binary = tmp_path / "junk.yaml"
    binary.write_bytes(b"\x00\xff\xfe junk")
    bad = subprocess.run(
        [SCRIPT, "validate", str(binary)], capture_output=True, text=True, check=False
    )
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.splitlines() == [
        f"FAIL {binary}:1: the file is binary (it contains NUL bytes), not YAML or JSON text",
        "  hint: give a .yaml or .json text file",
    ]


# --- shared helpers ------------------------------------------------------------------------


def test_resolve_roadmap_sources(tmp_path: Path) -> None:
    roadmap, source = resolve_roadmap(None)
    assert (roadmap.id, source) == ("ai-product-manager", "ai-product-manager")
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY)
    assert resolve_roadmap(str(path))[1] == str(path)


def test_resolve_profile_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    profile, source = resolve_profile(None)
    assert (profile.name, source) == ("default", "")
    text = "timezone: UTC\nstart: 2025-01-06\navailability: {sat: '10:00-12:00'}\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    profile, source = resolve_profile("-")
    assert (profile.timezone, source) == ("UTC", "<stdin>")


def test_write_text_atomic_replaces_and_keeps_bytes(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_text("old")
    write_text_atomic(target, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    write_text_atomic(str(target), b"\x01bytes")
    assert target.read_bytes() == b"\x01bytes"
    assert os.listdir(tmp_path) == ["plan.ics"]  # no temporary file left behind
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_text_atomic_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    write_text_atomic("-", "a\r\nb")
    assert capsysbinary.readouterr().out == b"a\r\nb"


def test_write_text_atomic_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        write_text_atomic(tmp_path / "missing" / "x.ics", "x")
    assert info.value.reason == f"cannot write: the folder '{tmp_path}/missing' does not exist"
    with pytest.raises(InputError) as info:
        write_text_atomic(tmp_path, "x")
    assert info.value.reason == "is a folder, not a file"


def test_count() -> None:
    assert [count(n, "phase") for n in (0, 1, 2)] == ["0 phases", "1 phase", "2 phases"]


def test_format_hours() -> None:
    assert [format_hours(h) for h in (12, 12.0, 7.5, 0.5)] == ["12 h", "12 h", "7.5 h", "0.5 h"]
