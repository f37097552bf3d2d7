"""A file path (or anything else) given where the Python API takes a loaded model raises
InputError naming the argument and how to get the model, not an AttributeError from deep
inside."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from export.schedules import tiny

from aipm_planner import (
    InputError,
    builtin_roadmap,
    default_profile,
    diagnose,
    plan,
    render_html,
    replan,
    schedule_to_json,
    sync_caldav,
    to_ics,
    verify,
    write_ics,
    write_json,
)

ROADMAP = builtin_roadmap("ai-product-manager")
PROFILE = default_profile()
SCHEDULE = tiny()

CASES: list[tuple[str, Callable[[Path], Any], str, str]] = [
    ("plan roadmap", lambda _: plan("roadmap.yaml", PROFILE), "roadmap", "str"),  # type: ignore[arg-type]
    ("plan profile", lambda _: plan(ROADMAP, "profile.yaml"), "profile", "str"),  # type: ignore[arg-type]
    ("diagnose", lambda _: diagnose(ROADMAP, {"timezone": "UTC"}), "profile", "dict"),  # type: ignore[arg-type]
    ("replan previous", lambda _: replan("plan.json"), "previous", "str"),  # type: ignore[arg-type]
    (
        "replan progress",
        lambda _: replan(SCHEDULE, progress={"as_of": "2027-03-23"}),  # type: ignore[arg-type]
        "progress",
        "dict",
    ),
    ("verify", lambda _: verify(None), "schedule", "NoneType"),  # type: ignore[arg-type]
    ("verify roadmap", lambda _: verify(SCHEDULE, "r.yaml"), "roadmap", "str"),  # type: ignore[arg-type]
    ("to_ics", lambda _: to_ics("plan.json"), "schedule", "str"),  # type: ignore[arg-type]
    ("write_ics", lambda p: write_ics(b"", p / "a.ics"), "schedule", "bytes"),  # type: ignore[arg-type]
    ("schedule_to_json", lambda _: schedule_to_json([]), "schedule", "list"),  # type: ignore[arg-type]
    ("write_json", lambda p: write_json("plan", p / "a.json"), "schedule", "str"),  # type: ignore[arg-type]
    ("render_html", lambda _: render_html("plan.json"), "schedule", "str"),  # type: ignore[arg-type]
    (
        "sync_caldav",
        lambda _: sync_caldav(None, "http://127.0.0.1:9/"),  # type: ignore[arg-type]
        "schedule",
        "NoneType",
    ),
]


@pytest.mark.parametrize(
    ("call", "field", "kind"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_wrong_argument_is_named(
    call: Callable[[Path], Any], field: str, kind: str, tmp_path: Path
) -> None:
    with pytest.raises(InputError) as caught:
        call(tmp_path)
    assert caught.value.field == field
    assert caught.value.reason.endswith(f", not {kind}")
    assert caught.value.hint is not None
    assert list(tmp_path.iterdir()) == []  # nothing written
