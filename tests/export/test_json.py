"""Schedule JSON: lossless round trip, stable text, errors that name the source and field."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from aipm_planner.errors import InputError
from aipm_planner.export.json_io import read_json, schedule_from_json, schedule_to_json, write_json

from .schedules import build, profile, tiny


def test_round_trip_is_lossless() -> None:
    schedule = tiny()
    back = schedule_from_json(schedule_to_json(schedule))
    assert back == schedule
    assert schedule_to_json(back) == schedule_to_json(schedule)


def test_times_come_back_in_the_learner_zone() -> None:
    schedule = build(prof=profile("America/New_York"))
    back = schedule_from_json(schedule_to_json(schedule))
    zone = ZoneInfo("America/New_York")
    assert all(s.start.tzinfo is zone and s.end.tzinfo is zone for s in back.sessions)
    assert back.sessions[0].start == dt.datetime(2027, 3, 22, 14, tzinfo=zone)
    assert back.created.tzinfo is zone


def test_text_is_stable_indented_and_ends_with_a_newline() -> None:
    text = schedule_to_json(tiny())
    assert text == schedule_to_json(tiny())
    assert text.endswith("}\n")
    assert text.startswith('{\n  "version": 1,\n  "roadmap": {\n')
    data = json.loads(text)
    assert data["sessions"][0]["start"] == "2027-03-22T19:00:00+01:00"
    assert data["sessions"][3]["start"] == "2027-03-29T19:00:00+02:00"
    assert data["profile"]["availability"]["mon"] == ["19:00-21:00"]


def test_not_json_names_source_and_line() -> None:
    with pytest.raises(InputError, match="not valid JSON") as info:
        schedule_from_json('{\n  "version": 1,\n  oops\n}', source="plan.json")
    assert info.value.path == "plan.json"
    assert info.value.line == 3
    assert str(info.value).startswith("plan.json:3: not valid JSON")


def test_not_an_object() -> None:
    with pytest.raises(InputError, match="a schedule is a JSON object, not list") as info:
        schedule_from_json("[1, 2]", source="plan.json")
    assert info.value.value == [1, 2]


def test_other_version_is_refused() -> None:
    data = json.loads(schedule_to_json(tiny()))
    data["version"] = 99
    with pytest.raises(InputError, match="version 99 is not supported") as info:
        schedule_from_json(json.dumps(data), source="plan.json")
    assert info.value.field == "version"
    assert info.value.value == 99


def edited(change: dict[str, Any]) -> str:
    data = json.loads(schedule_to_json(tiny()))
    for path, value in change.items():
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    return json.dumps(data)


def test_invalid_field_is_named_with_its_value() -> None:
    with pytest.raises(InputError) as info:
        schedule_from_json(edited({"sessions.1.ordinal": 0}), source="plan.json")
    assert info.value.path == "plan.json"
    assert info.value.field == "sessions.1.ordinal"
    assert info.value.value == 0
    assert "greater than or equal to 1" in info.value.reason


def test_unknown_field_is_refused() -> None:
    with pytest.raises(InputError) as info:
        schedule_from_json(edited({"report.colour": "blue"}), source="plan.json")
    assert info.value.field == "report.colour"
    assert info.value.value == "blue"


def test_naive_time_is_refused() -> None:
    with pytest.raises(InputError) as info:
        schedule_from_json(edited({"sessions.0.start": "2027-03-22T19:00:00"}), source="x.json")
    assert info.value.field == "sessions.0.start"
    assert "timezone" in info.value.reason


def test_write_and_read_json_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    write_json(tiny(), target)
    assert target.read_text(encoding="utf-8") == schedule_to_json(tiny())
    assert read_json(target) == tiny()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_failed_json_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")

    def boom(*_args: Any) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="Input/output"):
        write_json(tiny(), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_dash_writes_stdout_and_reads_stdin(
    capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_json(tiny(), "-")
    out = capsysbinary.readouterr().out
    assert out == schedule_to_json(tiny()).encode("utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(out.decode("utf-8")))
    assert read_json("-") == tiny()


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found") as info:
        read_json(tmp_path / "nope.json")
    assert info.value.path == str(tmp_path / "nope.json")


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"sessions.0.end": "2027-01-01T00:00:00+00:00"}, "sessions.0", "before it starts"),
        (
            {"sessions.0.start": "9999-12-31T22:00:00+00:00"},
            "sessions.0.start",
            "outside the dates a plan can use",
        ),
    ],
    ids=["ends-before-start", "year-9999"],
)
def test_an_impossible_session_is_refused(change: dict[str, Any], field: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        schedule_from_json(edited(change), source="plan.json")
    assert info.value.field == field
    assert reason in info.value.reason


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"version": 1, "version": 1}', "'version' is given twice"),
        ('{"version": 1' + "0" * 5000 + "}", "a number is too long to read"),
    ],
)
def test_a_schedule_file_is_read_like_every_input_file(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_json(path)
    assert info.value.path == str(path)
