"""The README's Python examples run as written (in a scratch folder with the examples)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _blocks() -> list[str]:
    return BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def test_readme_has_python_examples() -> None:
    assert len(_blocks()) >= 1


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(_blocks())))
def test_readme_example_runs(index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(_blocks()[index], f"README.md[python block {index}]", "exec"), {})
    assert (tmp_path / "study-plan.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
