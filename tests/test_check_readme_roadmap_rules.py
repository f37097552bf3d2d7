"""The roadmap rules the README lists: id characters, and a one-module phase's weeks."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner import load_roadmap
from aipm_planner.errors import InputError


def _roadmap(tmp_path: Path, phase_id: str, phase_weeks: str, module_weeks: str) -> Path:
    path = tmp_path / "roadmap.yaml"
    path.write_text(
        "id: rules\ntitle: Rules\nphases:\n"
        f"  - id: {phase_id}\n    title: P\n    weeks: {phase_weeks}\n    modules:\n"
        f"      - {{id: m, title: M, weeks: {module_weeks}, hours: 2}}\n",
        encoding="utf-8",
    )
    return path


def test_a_one_module_phase_may_not_ask_more_weeks_than_its_module_spans(
    tmp_path: Path,
) -> None:
    with pytest.raises(InputError) as caught:
        load_roadmap(_roadmap(tmp_path, "p", "3-4", "1-2"))
    assert caught.value.field == "phases.0.weeks"
    assert "its only module 'm' may span at most 2" in str(caught.value)
    # its minimum within the module's maximum is fine
    assert load_roadmap(_roadmap(tmp_path, "p", "2-4", "1-2")).phases[0].id == "p"


@pytest.mark.parametrize("phase_id", ["a b", "-p", "pä"])
def test_ids_are_ascii_letters_digits_underscore_dot_and_dash(
    tmp_path: Path, phase_id: str
) -> None:
    with pytest.raises(InputError) as caught:
        load_roadmap(_roadmap(tmp_path, f'"{phase_id}"', "1", "1"))
    assert caught.value.field == "phases.0.id"


def test_an_id_of_every_allowed_character_is_read(tmp_path: Path) -> None:
    roadmap = load_roadmap(_roadmap(tmp_path, "P_1.x-y", "1", "1"))
    assert roadmap.phases[0].id == "P_1.x-y"
