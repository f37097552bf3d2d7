"""The comment of ``examples/profile-impossible.yaml`` gives the fewest weeks the built-in
roadmap needs; it said 48 (the phases' minima added up), but a phase may begin in the
week the one before it ends, and planning reports 44."""

from __future__ import annotations

import re
from pathlib import Path

from aipm_planner import builtin_roadmap, load_profile
from aipm_planner.effort import prepare
from aipm_planner.solver.prechecks import phase_chain_weeks

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "profile-impossible.yaml"


def test_the_comment_gives_the_weeks_planning_reports() -> None:
    comment = " ".join(
        line.lstrip("# ") for line in EXAMPLE.read_text(encoding="utf-8").splitlines()[:3]
    )
    match = re.search(r"at least (\d+) weeks", comment)
    assert match is not None
    work = prepare(builtin_roadmap("ai-product-manager"), load_profile(EXAMPLE))
    assert int(match.group(1)) == phase_chain_weeks(work)
