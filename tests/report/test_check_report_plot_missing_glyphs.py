"""A PNG or PDF chart of titles with characters no installed font has says so in one line.

matplotlib warned once per missing character, each time with a Python source line
(``charts.py:438: UserWarning: Glyph 20837 (...) missing from font(s) DejaVu Sans.`` and
the ``fig.savefig(...)`` line under it), on the terminal of ``aipm-planner plot``; the
boxes drawn in their place went unexplained.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from aipm_planner.cli import main
from aipm_planner.export.charts import MissingGlyphWarning, chart_bytes
from aipm_planner.export.json_io import schedule_to_json
from aipm_planner.model import Roadmap, Schedule

from .schedules import build, profile, roadmap

pytest.importorskip("matplotlib")

# Plane 16 private use: no font has a glyph for them, whatever the machine has installed.
ODD = "\U0010fffd\U0010fffc"


def schedule() -> Schedule:
    data = roadmap().model_dump(mode="json")
    data["phases"][0]["modules"][0]["title"] = f"Intro {ODD} {ODD}"
    return build(Roadmap.model_validate(data), profile())


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_one_warning_names_the_characters(fmt: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart_bytes(schedule(), "gantt", fmt)
    assert [(item.category, str(item.message)) for item in caught] == [
        (
            MissingGlyphWarning,
            f"no installed font has {ODD[0]} {ODD[1]}, so the gantt chart's {fmt.upper()}"
            " shows boxes in their place; an .svg chart or the HTML report shows them",
        )
    ]
    assert caught[0].filename == __file__


def test_svg_keeps_them_as_text_without_a_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = chart_bytes(schedule(), "gantt", "svg")
    assert caught == []
    assert ODD.encode() in data


def test_plot_prints_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "plan.json"
    source.write_text(schedule_to_json(schedule()), encoding="utf-8")
    gantt, load = tmp_path / "gantt.png", tmp_path / "load.png"

    code = main(["plot", "--schedule", str(source), "--gantt", str(gantt), "--load", str(load)])

    assert code == 0
    assert capsys.readouterr().err == (
        f"warning: {gantt}: no installed font has {ODD[0]} {ODD[1]}, so the gantt chart's PNG"
        " shows boxes in their place; an .svg chart or the HTML report shows them\n"
        f"wrote {gantt}\nwrote {load}\n"
    )
    assert gantt.read_bytes().startswith(b"\x89PNG")
