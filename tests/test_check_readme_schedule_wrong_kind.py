"""A profile or roadmap given where a schedule goes is named as such, by ``replan`` as by
``report``, and by ``load_schedule``."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner import load_schedule
from aipm_planner.cli import main
from aipm_planner.errors import InputError

PROFILE = 'timezone: UTC\nstart: 2027-01-04\navailability: {mon: ["18:00-21:00"]}\n'
ROADMAP = (
    "id: r\ntitle: R\nphases:\n  - {id: p, title: P, weeks: 1, modules:"
    " [{id: m, title: M, weeks: 1, hours: 1}]}\n"
)


@pytest.mark.parametrize(("text", "kind"), [(PROFILE, "profile"), (ROADMAP, "roadmap")])
def test_replan_names_the_kind_of_a_file_given_as_schedule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, kind: str
) -> None:
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8")
    code = main(
        [
            "replan",
            "--schedule",
            str(path),
            "--today",
            "2027-01-11",
            "--out",
            str(tmp_path / "x.ics"),
            "-q",
        ]
    )
    assert code == 2
    assert capsys.readouterr().err == (
        f"error: {path}: this is a {kind} file, not a schedule\n"
        "  hint: give a schedule file here ('aipm-planner validate FILE' tells the kind)\n"
    )
    assert not (tmp_path / "x.ics").exists()


def test_load_schedule_names_the_kind_of_a_profile(tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    with pytest.raises(InputError, match="this is a profile file, not a schedule"):
        load_schedule(path)
