"""A number too long to read is named by its field, its line and its start, in YAML and JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.errors import InputError
from aipm_planner.loading import load_roadmap

DIGITS = "1" + "0" * 5000
REASON = f"invalid value '{DIGITS[:40]}...': a number is too long to read (value has 5001 digits)"


def _error(path: Path, text: str) -> InputError:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_roadmap(path)
    return info.value


def test_in_yaml(tmp_path: Path) -> None:
    text = (
        "id: r\ntitle: R\nphases:\n  - id: p\n    title: P\n    weeks: 2\n    modules:\n"
        f"      - {{id: m, title: M, weeks: 1, hours: {DIGITS}}}\n"
    )
    error = _error(tmp_path / "r.yaml", text)
    assert error.reason == REASON
    assert (error.field, error.line, error.value) == ("phases.0.modules.0.hours", 8, DIGITS)
    assert len(str(error).splitlines()[0]) < 250


def test_in_json(tmp_path: Path) -> None:
    text = (
        '{"id": "r", "title": "R", "phases": [{"id": "p", "title": "P", "weeks": 2,\n'
        f' "modules": [{{"id": "m", "title": "M", "weeks": 1,\n  "hours": {DIGITS}}}]}}]}}\n'
    )
    error = _error(tmp_path / "r.json", text)
    assert error.reason == REASON
    assert (error.field, error.line, error.value) == ("phases.0.modules.0.hours", 3, DIGITS)
    assert str(error).startswith(f"{tmp_path / 'r.json'}:3: phases.0.modules.0.hours: ")
