"""The progress report model: the issue's example loads, bad reports name the field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from aipm_planner.cli import main
from aipm_planner.errors import InputError
from aipm_planner.loading import load_model, load_text
from aipm_planner.model.progress import ModuleProgress, Progress

EXAMPLE = """\
as_of: 2027-01-11T00:00:00-05:00   # everything before this has happened
modules:                            # optional: what the learner reports per module
  python: {hours_done: 6}
  git: {done: true}
sessions:                           # optional: per session UID
  3f1c...: done
  9a2e...: missed
"""


def test_example_from_the_issue_loads() -> None:
    progress = load_text(EXAMPLE, Progress, "progress.yaml")
    assert progress.as_of == dt.datetime(2027, 1, 11, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert progress.modules == {
        "python": ModuleProgress(hours_done=6.0, done=False),
        "git": ModuleProgress(hours_done=0.0, done=True),
    }
    assert progress.sessions == {"3f1c...": "done", "9a2e...": "missed"}
    assert progress.unreported == "done"


def test_only_as_of_is_required() -> None:
    progress = Progress.model_validate({"as_of": "2027-01-11T08:00:00+01:00"})
    assert (progress.modules, progress.sessions, progress.unreported) == ({}, {}, "done")


def test_unreported_can_be_missed() -> None:
    progress = Progress.model_validate({"as_of": "2027-01-11T08:00:00Z", "unreported": "missed"})
    assert progress.unreported == "missed"


@pytest.mark.parametrize(
    ("data", "location"),
    [
        ({"as_of": "2027-01-11T08:00:00"}, ("as_of",)),  # no offset: ambiguous
        ({"as_of": "2027-01-11T08:00:00Z", "sessions": {"x": "skipped"}}, ("sessions", "x")),
        ({"as_of": "2027-01-11T08:00:00Z", "modules": {"sql": {"hours_done": -1}}}, None),
        ({"as_of": "2027-01-11T08:00:00Z", "modules": {"sql": {"hours": 1}}}, None),
        ({"as_of": "2027-01-11T08:00:00Z", "extra": 1}, ("extra",)),
        ({"as_of": "2027-01-11T08:00:00Z", "unreported": "maybe"}, ("unreported",)),
    ],
)
def test_bad_reports_are_rejected(
    data: dict[str, object], location: tuple[str, ...] | None
) -> None:
    with pytest.raises(ValidationError) as caught:
        Progress.model_validate(data)
    errors = caught.value.errors()
    assert len(errors) == 1
    if location is not None:
        assert errors[0]["loc"] == location
    else:
        assert errors[0]["loc"][:2] == ("modules", "sql")


def test_a_bad_file_names_the_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "progress.yaml"
    path.write_text("as_of: 2027-01-11T00:00:00Z\nmodules:\n  sql: {hours_done: lots}\n")
    with pytest.raises(InputError) as caught:
        load_model(path, Progress)
    assert caught.value.path == str(path)
    assert caught.value.field == "modules.sql.hours_done"


def test_models_are_frozen() -> None:
    progress = Progress.model_validate({"as_of": "2027-01-11T08:00:00Z"})
    with pytest.raises(ValidationError):
        progress.unreported = "missed"  # type: ignore[misc]


def test_every_field_is_described() -> None:
    for model in (Progress, ModuleProgress):
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name}"


def test_schema_command_prints_the_progress_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "progress"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["required"] == ["as_of"]
    assert set(schema["properties"]) == {"as_of", "modules", "sessions", "unreported"}
    assert schema["additionalProperties"] is False


def test_a_check_in_outside_the_dates_a_plan_can_use_is_refused() -> None:
    from pydantic import ValidationError

    from aipm_planner.model.progress import Progress

    with pytest.raises(ValidationError, match="outside the dates a plan can use"):
        Progress.model_validate({"as_of": "9999-12-31T23:00:00+00:00"})
