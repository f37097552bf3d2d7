"""A field written in the wrong case (``ID:`` for ``id:``) is named as the unknown field it
is, with the one it stands for, not reported as a missing ``id`` without a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.errors import InputError
from aipm_planner.loading import load_roadmap

ROADMAP = """\
ID: tiny
title: Tiny
phases:
  - id: p1
    title: Phase one
    weeks: 1
    modules:
      - {id: a, title: A, weeks: 1, hours: 2}
"""


def test_an_upper_case_id_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_roadmap(path)
    assert str(info.value).splitlines()[0] == (
        f"{path}:1: ID: unknown field 'ID' (did you mean 'id'?) (got 'tiny') [and 1 more problem]"
    )
