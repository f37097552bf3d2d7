"""With ``stretch=True``, a roadmap that fits gets the plan it gets without stretch: the
README says that when a plan within every limit exists, that is the stretched plan too.

When the constructive plan exceeded nothing, the stretched model (over the longer
stretched horizon) was searched instead and not proven in time, so the constructive plan
came back: the sample roadmap with the evening profile finished on Saturday 20 February,
"feasible, within 5.6 %", while a plain plan finishes, proven, on Thursday 18 February.
Now the strict search runs first in that case as well.
"""

from __future__ import annotations

from pathlib import Path

from aipm_planner import load_profile, load_roadmap, plan, to_ics, verify

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_stretch_gives_the_plan_within_every_limit() -> None:
    roadmap = load_roadmap(EXAMPLES / "data-science-sprint.yaml")
    profile = load_profile(EXAMPLES / "profile-evenings.yaml")
    strict = plan(roadmap, profile, time_limit=5)
    stretched = plan(roadmap, profile, time_limit=5, stretch=True)
    assert verify(stretched) == []
    assert stretched.finish == strict.finish
    assert stretched.report.status == strict.report.status == "optimal"
    assert to_ics(stretched) == to_ics(strict)
    assert not any(line.startswith("Stretched") for line in stretched.explanations)
