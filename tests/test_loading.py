"""Reading roadmap and profile files: every kind of bad input names file, field, value, line."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from aipm_planner import documents
from aipm_planner.documents import MAX_FILE_BYTES, MAX_VALUES
from aipm_planner.errors import InputError
from aipm_planner.loading import (
    default_profile,
    detect_kind,
    load_any,
    load_model,
    load_profile,
    load_roadmap,
    load_roadmap_ref,
    load_text,
    model_for_kind,
    system_timezone,
)
from aipm_planner.model import LearnerProfile, Roadmap

ROADMAP_YAML = """\
id: tiny
title: Tiny roadmap
phases:
  - id: p1
    title: Phase one
    weeks: 1-2
    modules:
      - id: a
        title: Module A
        weeks: 1
        hours: 2
  - id: p2
    title: Phase two
    weeks: 2
    modules:
      - id: b
        title: Module B
        weeks: 1-2
        hours: 3
        requires: [a]
"""

PROFILE_YAML = """\
timezone: Europe/Berlin
start: 2025-01-06
availability:
  mon: ["19:00-21:00"]
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def load_error(path: Path, model: type[Any] = Roadmap) -> InputError:
    with pytest.raises(InputError) as info:
        load_model(path, model)
    return info.value


def roadmap_error(tmp_path: Path, text: str, name: str = "r.yaml") -> InputError:
    return load_error(write(tmp_path, name, text))


# --- good files -------------------------------------------------------------------------


def test_yaml_roadmap_loads(tmp_path: Path) -> None:
    roadmap = load_roadmap(write(tmp_path, "r.yaml", ROADMAP_YAML))
    assert [m.id for _, m in roadmap.modules()] == ["a", "b"]


def test_json_roadmap_loads(tmp_path: Path) -> None:
    data = yaml.safe_load(ROADMAP_YAML)
    roadmap = load_roadmap(write(tmp_path, "r.json", json.dumps(data)))
    assert roadmap == load_roadmap(write(tmp_path, "r.yaml", ROADMAP_YAML))


def test_unknown_extension_is_read_as_yaml_which_reads_json(tmp_path: Path) -> None:
    data = yaml.safe_load(ROADMAP_YAML)
    assert load_roadmap(write(tmp_path, "r.txt", json.dumps(data))).id == "tiny"
    assert load_roadmap(write(tmp_path, "roadmap", ROADMAP_YAML)).id == "tiny"


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", b"\xef\xbb\xbf" + ROADMAP_YAML.encode())
    assert load_roadmap(path).id == "tiny"


def test_load_text_names_the_source() -> None:
    with pytest.raises(InputError) as info:
        load_text("id: x\n", Roadmap, "inline.yaml")
    assert str(info.value) == (
        "inline.yaml: title: required field 'title' is missing [and 1 more problem]\n"
        "  hint: add it (see 'aipm-planner schema roadmap')"
    )


# --- files that cannot be read ----------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    error = load_error(tmp_path / "nope.yaml")
    assert (
        str(error)
        == f"{tmp_path}/nope.yaml: file not found\n  hint: check the path and the current folder"
    )
    assert (error.path, error.field, error.line) == (f"{tmp_path}/nope.yaml", None, None)
    assert isinstance(error, ValueError)


def test_directory(tmp_path: Path) -> None:
    assert load_error(tmp_path).reason == "is a folder, not a file"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "r.yaml", ROADMAP_YAML)
    original = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return original(self, *args, **kwargs)

    # chmod does not stop root, so refuse the read itself.
    monkeypatch.setattr(Path, "open", refuse)
    error = load_error(path)
    assert (error.reason, error.hint) == (
        "permission denied: the file cannot be read",
        "check the file's permissions",
    )


def test_binary_file(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "r.yaml", b"id: x\n\x00\x01\x02"))
    assert str(error) == (
        f"{tmp_path}/r.yaml:2: the file is binary (it contains NUL bytes), not YAML or JSON text"
        "\n  hint: give a .yaml or .json text file"
    )


def test_not_utf8(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "r.yaml", "id: x\ntitle: Caf\xe9\n".encode("latin-1")))
    assert error.reason == "the file is not UTF-8 text (byte 0xe9 at offset 16)"
    assert (error.line, error.value, error.hint) == (2, b"\xe9", "save the file as UTF-8")


def test_utf16(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "r.yaml", ROADMAP_YAML.encode("utf-16")))
    assert error.reason == "the file is UTF-16 text"


@pytest.mark.parametrize("content", ["", "  \n\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    error = load_error(write(tmp_path, "r.yaml", content))
    assert (error.reason, error.path) == ("the file is empty", f"{tmp_path}/r.yaml")
    # Any kind of file may be empty: the hint names where each kind's fields are listed.
    assert error.hint is not None
    assert "schema roadmap|profile|progress|schedule" in error.hint


@pytest.mark.parametrize("content", ["# only a comment\n", "null\n", "~\n"])
def test_file_without_data(tmp_path: Path, content: str) -> None:
    error = load_error(write(tmp_path, "r.yaml", content))
    assert error.reason == "the file holds no data (only comments or 'null')"


def test_empty_json_file(tmp_path: Path) -> None:
    assert load_error(write(tmp_path, "r.json", "\n")).reason == "the file is empty"


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", b"#" * (MAX_FILE_BYTES + 1))
    error = load_error(path)
    assert error.reason == "the file is larger than 5 MB"


def test_size_limit_is_inclusive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A smaller limit keeps the test fast; the boundary logic is the same.
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 4096)
    body = ROADMAP_YAML.encode()
    assert load_roadmap(write(tmp_path, "r.yaml", body + b"#" * (4096 - len(body)))).id == "tiny"
    error = load_error(write(tmp_path, "r.yaml", body + b"#" * (4097 - len(body))))
    assert error.reason.startswith("the file is larger than")


# --- syntax -------------------------------------------------------------------------------


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, "id: x\ntitle: [unclosed\nphases: []\n")
    assert error.line == 3
    assert error.reason.startswith("YAML syntax error: ")


def test_tabs_get_their_own_hint(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, "id: x\n\ttitle: y\n")
    assert (error.line, error.hint) == (2, "indent with spaces, not tabs")


def test_a_second_document_gets_its_own_hint(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, ROADMAP_YAML + "---\n" + ROADMAP_YAML)
    assert (error.line, error.hint) == (
        21,
        "a file holds one document: remove the '---' line and what follows it",
    )


def test_python_tags_are_refused(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, "id: !!python/object/apply:os.system [echo]\n")
    assert error.reason.startswith("YAML error: could not determine a constructor for the tag")
    assert error.line == 1


def test_json_syntax_error_has_line(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, '{"id": "x",\n "title": "y",,\n}', name="r.json")
    assert str(error) == (
        f"{tmp_path}/r.json:2: JSON syntax error: Expecting property name enclosed in double"
        " quotes at column 15\n  hint: check commas, quotes and brackets at this position"
    )


def test_invalid_date_scalar(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "p.yaml", PROFILE_YAML + "blackouts:\n  - 2025-13-01\n"))
    assert str(error) == (
        f"{tmp_path}/p.yaml:6: blackouts.0: invalid value '2025-13-01': month must be in 1..12"
        "\n  hint: quote the value if it is meant as text, or correct it"
    )


def test_a_control_character_is_named_by_its_code_point(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("title: Module B", "title: Module\x07B"))
    assert (error.reason, error.line, error.value) == (
        "YAML cannot contain the character U+0007",
        17,
        "\x07",
    )


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    text = ROADMAP_YAML.replace("        hours: 2\n", "        hours: 2\n        hours: 3\n")
    error = roadmap_error(tmp_path, text)
    assert str(error) == (
        f"{tmp_path}/r.yaml:12: phases.0.modules.0.hours: key 'hours' is given twice (first on"
        " line 11)\n  hint: a key may appear only once in a mapping; remove or merge one of them"
    )
    assert error.value == "hours"


def test_duplicate_json_key(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, '{"id": "x",\n "title": "y",\n "id": "z"}', name="r.json")
    assert (error.field, error.line, error.value) == ("id", 3, "id")


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for name, prev in zip("bcdefgh", "abcdefg", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    error = roadmap_error(tmp_path, "\n".join(lines) + "\n")
    assert error.reason == (
        f"the document expands to more than {MAX_VALUES:,} values through YAML aliases"
    )


def test_small_aliases_are_fine(tmp_path: Path) -> None:
    text = ROADMAP_YAML.replace("weeks: 1-2\n    modules", "weeks: &w 1-2\n    modules").replace(
        "weeks: 2\n", "weeks: *w\n"
    )
    assert load_roadmap(write(tmp_path, "r.yaml", text)).phases[1].weeks.max == 2


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, "id: &a [1, *a]\n")
    assert (error.reason, error.line) == ("a YAML alias refers back into its own anchor", 1)


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, "id: " + "[" * 600 + "]" * 600 + "\n")
    assert error.reason == "the data is nested too deeply"


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["- a\n- b\n", "just text\n", "42\n"])
def test_top_level_must_be_a_mapping(tmp_path: Path, content: str) -> None:
    error = roadmap_error(tmp_path, content)
    assert error.reason.startswith("the top level must be a mapping of fields, not ")
    assert error.line == 1


def test_bad_week_range_names_field_value_and_line(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("weeks: 2\n", "weeks: 16-12\n"))
    assert str(error) == (
        f"{tmp_path}/r.yaml:14: phases.1.weeks: week range min 16 is greater than max 12"
        " (got '16-12')\n  hint: write a number (4), a range '12-16' or {min: 12, max: 16},"
        " with 1 <= min <= max <= 520"
    )
    assert (error.field, error.value, error.line) == ("phases.1.weeks", "16-12", 14)


def test_unknown_field_lists_the_allowed_ones(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("hours: 3", "hours: 3\n        cost: 9"))
    assert str(error) == (
        f"{tmp_path}/r.yaml:20: phases.1.modules.0.cost: unknown field 'cost' (got 9)\n"
        "  hint: remove it or fix its spelling; allowed here: id, title, weeks, hours, teaches,"
        " requires, kind, topics, outcomes, resources, optional, description"
    )


def test_a_misspelled_field_is_reported_rather_than_the_missing_one(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("        hours: 2\n", "        hour: 2\n"))
    assert str(error) == (
        f"{tmp_path}/r.yaml:11: phases.0.modules.0.hour: unknown field 'hour' (did you mean"
        " 'hours'?) (got 2) [and 1 more problem]\n"
        "  hint: remove it or fix its spelling; allowed here: id, title, weeks, hours, teaches,"
        " requires, kind, topics, outcomes, resources, optional, description"
    )
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("requires: [a]", "require: [a]"))
    assert error.reason == "unknown field 'require' (did you mean 'requires'?)"
    # an unknown field unlike the missing one is not taken for it
    text = ROADMAP_YAML.replace("        hours: 2\n", "        cost: 2\n")
    assert roadmap_error(tmp_path, text).reason == (
        "required field 'hours' is missing [and 1 more problem]"
    )


def test_wrong_type(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("hours: 2", "hours: lots"))
    assert str(error) == (
        f"{tmp_path}/r.yaml:11: phases.0.modules.0.hours: Input should be a valid number,"
        " unable to parse string as a number (got 'lots')\n"
        "  hint: give the study effort as a positive number of hours (1.5 for 1 h 30 min)"
    )
    assert error.value == "lots"


def test_a_time_of_day_is_not_read_as_a_number_of_hours(tmp_path: Path) -> None:
    # YAML 1.1 reads 1:30 as 90 (base 60); an author writing it means an hour and a half.
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("hours: 2", "hours: 1:30"))
    assert str(error) == (
        f"{tmp_path}/r.yaml:11: phases.0.modules.0.hours: Input should be a valid number,"
        " unable to parse string as a number (got '1:30')\n"
        "  hint: give the study effort as a positive number of hours (1.5 for 1 h 30 min)"
    )
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("weeks: 2\n", "weeks: 2:30.5\n"))
    assert (error.field, error.value) == ("phases.1.weeks", "2:30.5")


@pytest.mark.parametrize(
    ("written", "shown"), [("on", "True"), ("2025-01-01", "2025-01-01"), ("1.10", "1.1")]
)
def test_an_id_yaml_reads_as_no_text_gets_a_hint_to_quote_it(
    tmp_path: Path, written: str, shown: str
) -> None:
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("- id: b\n", f"- id: {written}\n"))
    assert str(error) == (
        f"{tmp_path}/r.yaml:16: phases.1.modules.0.id: Input should be a valid string"
        f" (got {shown})\n  hint: put it in quotes: unquoted, YAML reads yes, no, on and off"
        " as true and false, and digits and dates as numbers and dates"
    )


def test_a_key_yaml_reads_as_a_number_is_shown_itself(tmp_path: Path) -> None:
    text = ROADMAP_YAML.replace("hours: 3\n", "hours: 3\n        teaches: {2024: 2}\n")
    error = roadmap_error(tmp_path, text)
    assert (error.field, error.value, error.line) == ("phases.1.modules.0.teaches.2024", 2024, 20)


def test_an_empty_title_gets_a_hint_to_write_one(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("title: Module B", "title:"))
    assert error.hint == "write a value after the ':' (an empty value is null, not text)"


def test_missing_field(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("        hours: 2\n", ""))
    assert (error.reason, error.field, error.value, error.line) == (
        "required field 'hours' is missing",
        "phases.0.modules.0.hours",
        None,
        8,
    )


def test_more_problems_are_counted(tmp_path: Path) -> None:
    text = ROADMAP_YAML.replace("hours: 2", "hours: -1").replace("hours: 3", "hours: -2")
    error = roadmap_error(tmp_path, text)
    assert error.reason == "Input should be greater than 0 (got -1) [and 1 more problem]"


def test_unknown_requires_is_traced_to_its_entry(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("requires: [a]", "requires: [a, zz]"))
    assert str(error) == (
        f"{tmp_path}/r.yaml:20: phases.1.modules.0.requires.1: module 'b': 'requires' names"
        " unknown module 'zz'\n  hint: list ids of modules defined in this roadmap"
        " ('aipm-planner show FILE')"
    )
    assert error.value == "zz"


def test_unknown_after_is_traced_to_its_entry(tmp_path: Path) -> None:
    text = ROADMAP_YAML.replace("weeks: 2\n", "weeks: 2\n    after: [p0]\n")
    error = roadmap_error(tmp_path, text)
    assert (error.field, error.value, error.line) == ("phases.1.after.0", "p0", 15)


def test_duplicate_module_id_points_at_the_second(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("id: b", "id: a"))
    assert (error.reason, error.field, error.line) == (
        "duplicate module id 'a'",
        "phases.1.modules.0.id",
        16,
    )


def test_module_longer_than_its_phase_is_traced_to_its_weeks(tmp_path: Path) -> None:
    error = roadmap_error(
        tmp_path, ROADMAP_YAML.replace("weeks: 1-2\n        hours: 3", "weeks: 3\n        hours: 3")
    )
    assert str(error) == (
        f"{tmp_path}/r.yaml:18: phases.1.modules.0.weeks: module 'b' spans at least 3 weeks,"
        " but its phase 'p2' may span at most 2\n"
        "  hint: lower the module's minimum weeks or raise the phase's maximum weeks"
    )


def test_phase_longer_than_its_only_module_is_traced_to_its_weeks(tmp_path: Path) -> None:
    error = roadmap_error(tmp_path, ROADMAP_YAML.replace("weeks: 2\n", "weeks: 3\n"))
    assert str(error) == (
        f"{tmp_path}/r.yaml:14: phases.1.weeks: phase 'p2' spans at least 3 weeks, but its only"
        " module 'b' may span at most 2\n"
        "  hint: lower the phase's minimum weeks or raise its module's maximum weeks"
    )


def test_cycle_is_traced_to_the_first_edge(tmp_path: Path) -> None:
    text = ROADMAP_YAML.replace("        hours: 2\n", "        hours: 2\n        requires: [b]\n")
    error = roadmap_error(tmp_path, text)
    assert (error.reason, error.field, error.value) == (
        "module dependency cycle: a -> b -> a",
        "phases.0.modules.0.requires.0",
        "b",
    )


def test_a_phase_cycle_through_roadmap_order_says_so(tmp_path: Path) -> None:
    text = ROADMAP_YAML.replace(
        "  - id: p1\n    title: Phase one\n", "  - id: p1\n    title: Phase one\n    after: [p2]\n"
    )
    assert str(roadmap_error(tmp_path, text)) == (
        f"{tmp_path}/r.yaml:6: phases.0.after.0: phase dependency cycle: p1 -> p2 -> p1"
        " (p2 follows p1 because it is listed after it; give p2 its own 'after' list)\n"
        "  hint: nothing in a cycle can start first: remove one of its links"
    )


def test_a_cycle_through_phase_order_is_traced_to_its_first_requires(tmp_path: Path) -> None:
    # a needs x (in a phase beside the others), x needs b, and b's phase waits for a's.
    text = ROADMAP_YAML.replace("        requires: [a]\n", "").replace(
        "        hours: 2\n", "        hours: 2\n        requires: [x]\n"
    )
    text += (
        "  - id: p3\n    title: Beside\n    weeks: 2\n    after: []\n    modules:\n"
        "      - {id: x, title: X, weeks: 2, hours: 1, requires: [b]}\n"
    )
    error = roadmap_error(tmp_path, text)
    assert (error.field, error.line) == ("phases.0.modules.0.requires.0", 12)
    assert error.reason == (
        "module and phase order dependency cycle: a -> x -> b -> end of phase p1 -> a"
    )


def test_profile_cross_checks_are_traced(tmp_path: Path) -> None:
    error = load_error(
        write(tmp_path, "p.yaml", PROFILE_YAML + "deadline: 2025-01-01\n"), LearnerProfile
    )
    assert str(error) == (
        f"{tmp_path}/p.yaml:5: deadline: deadline 2025-01-01 is before start 2025-01-06\n"
        "  hint: write the date as YYYY-MM-DD, on or after start"
    )
    text = PROFILE_YAML.replace('mon: ["19:00-21:00"]', 'Monday: ["19:00-21:00", "20:00-22:00"]')
    error = load_error(write(tmp_path, "p.yaml", text), LearnerProfile)
    assert (error.field, error.line) == ("availability.Monday", 4)


def test_bad_window_in_profile(tmp_path: Path) -> None:
    text = PROFILE_YAML.replace("19:00-21:00", "22:00-01:00")
    error = load_error(write(tmp_path, "p.yaml", text), LearnerProfile)
    assert (error.field, error.value, error.line) == ("availability.mon.0", "22:00-01:00", 4)


def test_bad_blackout_points_at_the_entry(tmp_path: Path) -> None:
    text = PROFILE_YAML + "blackouts: ['2025-02-30']\n"
    error = load_error(write(tmp_path, "p.yaml", text), LearnerProfile)
    assert (error.field, error.value) == ("blackouts.0", "2025-02-30")


# --- profiles and busy calendars ----------------------------------------------------------


def test_busy_calendars_resolve_against_the_profile_folder(tmp_path: Path) -> None:
    (tmp_path / "cal").mkdir()
    (tmp_path / "cal" / "work.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    text = PROFILE_YAML + "busy_calendars: [cal/work.ics]\n"
    path = write(tmp_path, "p.yaml", text)
    profile = load_profile(path)
    assert profile.busy_calendars == [str(tmp_path / "cal" / "work.ics")]
    assert path.read_text(encoding="utf-8") == text


def test_missing_busy_calendar(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", PROFILE_YAML + "busy_calendars: [gone.ics]\n")
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert str(info.value) == (
        f"{path}:5: busy_calendars.0: busy calendar file '{tmp_path}/gone.ics' does not exist\n"
        "  hint: paths are relative to the profile file's folder; give an existing .ics file"
    )


def test_profile_from_stdin_resolves_against_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "busy.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    monkeypatch.chdir(tmp_path)
    text = PROFILE_YAML + "busy_calendars: [busy.ics]\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    profile = load_profile("-")
    assert profile.busy_calendars == [str(tmp_path / "busy.ics")]


def test_stdin_errors_name_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"id: [\n")))
    with pytest.raises(InputError) as info:
        load_roadmap("-")
    assert info.value.path == "<stdin>"


# --- kinds and references ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"phases": []}, "roadmap"),
        ({"availability": {}}, "profile"),
        ({"timezone": "UTC"}, "profile"),
        ({"as_of": "2025-01-01", "timezone": "UTC"}, "progress"),
        ({"sessions": [], "roadmap": {}, "profile": {}}, "schedule"),
    ],
)
def test_detect_kind(data: dict[str, Any], kind: str) -> None:
    assert detect_kind(data) == kind


def test_detect_kind_unknown() -> None:
    with pytest.raises(InputError) as info:
        detect_kind({"name": "x"}, "x.yaml")
    assert str(info.value) == (
        "x.yaml: cannot tell what kind of file this is (a roadmap has 'phases', a profile"
        " 'availability', a progress file 'as_of', a schedule 'sessions' and 'roadmap')\n"
        "  hint: pass --kind roadmap, --kind profile, --kind progress or --kind schedule"
    )


def test_detect_kind_of_a_schedule_which_also_holds_phases() -> None:
    assert detect_kind({"roadmap": {}, "sessions": [], "phases": []}, "plan.json") == "schedule"


def test_load_any_detects_and_resolves(tmp_path: Path) -> None:
    kind, model = load_any(write(tmp_path, "p.yaml", PROFILE_YAML))
    assert kind == "profile"
    assert isinstance(model, LearnerProfile)
    kind, model = load_any(write(tmp_path, "r.yaml", ROADMAP_YAML))
    assert (kind, type(model)) == ("roadmap", Roadmap)


def test_progress_kind_when_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "aipm_planner.model.progress", None)
    with pytest.raises(InputError) as info:
        model_for_kind("progress")
    assert info.value.reason == "progress files are not supported by this installation"


def test_roadmap_ref_builtin_file_and_unknown(tmp_path: Path) -> None:
    assert load_roadmap_ref("ai-product-manager").id == "ai-product-manager"
    assert load_roadmap_ref(str(write(tmp_path, "r.yaml", ROADMAP_YAML))).id == "tiny"
    with pytest.raises(InputError) as info:
        load_roadmap_ref("data-scientist")
    assert str(info.value) == (
        "no built-in roadmap and no file named 'data-scientist'\n"
        "  hint: built-in roadmaps: ai-product-manager; or give the path of a roadmap file"
    )
    with pytest.raises(InputError, match="file not found"):
        load_roadmap_ref("missing/roadmap.yaml")


# --- the default profile and the time zone --------------------------------------------------


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (dt.date(2025, 1, 6), dt.date(2025, 1, 13)),  # a Monday: the next one
        (dt.date(2025, 1, 7), dt.date(2025, 1, 13)),
        (dt.date(2025, 1, 12), dt.date(2025, 1, 13)),  # a Sunday: tomorrow
    ],
)
def test_default_profile_starts_next_monday(today: dt.date, start: dt.date) -> None:
    profile = default_profile(today=today, timezone="Asia/Tokyo")
    assert (profile.start, profile.timezone) == (start, "Asia/Tokyo")


def test_default_profile_week() -> None:
    profile = default_profile(today=dt.date(2025, 1, 1), timezone="UTC")
    weekly = sum(w.minutes for windows in profile.availability.values() for w in windows)
    assert weekly == 11 * 60
    assert profile.model_dump(mode="json")["availability"] == {
        "mon": ["19:00-21:00"],
        "tue": ["19:00-21:00"],
        "wed": ["19:00-21:00"],
        "thu": ["19:00-21:00"],
        "sat": ["09:00-12:00"],
    }
    assert (profile.session.min_minutes, profile.session.max_minutes) == (45, 120)
    assert profile.session.break_minutes == 15


def test_default_profile_bad_zone() -> None:
    with pytest.raises(InputError) as info:
        default_profile(today=dt.date(2025, 1, 1), timezone="Nowhere/City")
    assert (info.value.path, info.value.field, info.value.value) == (
        "default profile",
        "timezone",
        "Nowhere/City",
    )


def test_system_timezone_from_tz(tmp_path: Path) -> None:
    none = tmp_path / "none"
    assert system_timezone(environ={"TZ": "Europe/Paris"}, localtime=none) == "Europe/Paris"
    assert system_timezone(environ={"TZ": ":America/Chicago"}, localtime=none) == "America/Chicago"
    path_tz = {"TZ": "/usr/share/zoneinfo/Asia/Kolkata"}
    assert system_timezone(environ=path_tz, localtime=none) == "Asia/Kolkata"


def test_system_timezone_from_localtime_link(tmp_path: Path) -> None:
    target = tmp_path / "zoneinfo" / "Australia" / "Sydney"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"TZif")
    link = tmp_path / "localtime"
    link.symlink_to(target)
    zone = system_timezone(
        environ={"TZ": "CET-1CEST"}, localtime=link, timezone_file=tmp_path / "x"
    )
    assert zone == "Australia/Sydney"


def test_system_timezone_from_file_then_utc(tmp_path: Path) -> None:
    named = write(tmp_path, "timezone", "America/Sao_Paulo\n")
    missing = tmp_path / "missing"
    assert system_timezone(environ={}, localtime=missing, timezone_file=named) == (
        "America/Sao_Paulo"
    )
    assert system_timezone(environ={}, localtime=missing, timezone_file=missing) == "UTC"


# --- the shipped examples -------------------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("data-science-sprint.yaml", "roadmap"),
        ("profile-evenings.yaml", "profile"),
        ("profile-impossible.yaml", "profile"),
        ("profile-skilled.yaml", "profile"),
        ("progress.yaml", "progress"),
    ],
)
def test_examples_load(name: str, kind: str) -> None:
    assert load_any(EXAMPLES / name)[0] == kind


def test_evenings_example_uses_the_busy_calendar() -> None:
    profile = load_profile(EXAMPLES / "profile-evenings.yaml")
    assert profile.busy_calendars == [str(EXAMPLES / "busy.ics")]
    raw = (EXAMPLES / "busy.ics").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # iCalendar lines end in CRLF
    assert b"RRULE:FREQ=WEEKLY;BYDAY=TU\r\n" in raw


def test_impossible_example_cannot_hold_the_builtin_roadmap() -> None:
    profile = load_profile(EXAMPLES / "profile-impossible.yaml")
    assert profile.deadline is not None
    weeks = (profile.deadline - profile.start).days / 7
    weekly = sum(w.minutes for ws in profile.availability.values() for w in ws) / 60
    roadmap = load_roadmap_ref("ai-product-manager")
    assert weekly * weeks < sum(m.hours for _, m in roadmap.modules())
    assert weeks < sum(p.weeks.min for p in roadmap.phases)


def test_control_characters_in_a_message_are_shown_as_escapes() -> None:
    error = InputError("not an iCalendar file: '\x00\x1b[31m'", path="busy.ics")
    assert str(error) == "busy.ics: not an iCalendar file: '\\x00\\x1b[31m'"


def test_a_utf32_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes("id: x\n".encode("utf-32"))
    with pytest.raises(InputError, match="the file is UTF-32 text"):
        load_roadmap(path)
