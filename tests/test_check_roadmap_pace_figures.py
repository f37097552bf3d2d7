"""The built-in roadmap's pace gives the figures its phases and modules add up to."""

from __future__ import annotations

import math

from aipm_planner.cli.common import format_hours
from aipm_planner.roadmaps import builtin_roadmap


def test_pace_states_the_weeks_and_weekly_hours_the_phases_allow() -> None:
    roadmap = builtin_roadmap("ai-product-manager")
    low = sum(phase.weeks.min for phase in roadmap.phases)
    high = sum(phase.weeks.max for phase in roadmap.phases)
    total = sum(module.hours for _, module in roadmap.modules())
    pace = " ".join(roadmap.pace.split())
    assert f"over the {low}-{high} weeks" in pace
    assert f"about {math.floor(total / high)}-{math.ceil(total / low)} h a week" in pace


def test_pace_says_how_the_practice_modules_hours_were_chosen() -> None:
    roadmap = builtin_roadmap("ai-product-manager")
    pace = " ".join(roadmap.pace.split())
    practice = [module for _, module in roadmap.modules() if module.kind == "practice"]
    assert practice
    for module in practice:
        assert f"{format_hours(module.hours)} (" in pace, module.id
