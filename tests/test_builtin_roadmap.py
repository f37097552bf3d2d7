"""The built-in AI Product Manager roadmap against its source document, and its pace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aipm_planner.effort import prepare
from aipm_planner.errors import InputError
from aipm_planner.loading import default_profile, load_profile
from aipm_planner.model import Roadmap
from aipm_planner.roadmaps import builtin_roadmap, builtin_roadmaps

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "ai-product-manager-roadmap.md"

# Every link of the source document (kept here too, so the test means something without it).
SEED_LINKS = {
    "https://www.coursera.org/learn/ai-for-everyone",
    "https://www.coursera.org/specializations/digital-product-management",
    "https://www.coursera.org/specializations/business-strategy",
    "https://www.productplan.com/learn/product-strategy-guide/",
    "https://www.coursera.org/specializations/ai-product-management-duke",
    "https://www.udacity.com/course/ai-product-manager-nanodegree--nd088",
    "https://analytics.google.com/analytics/academy/",
    "https://mode.com/sql-tutorial/",
    "https://aiethicscourse.org/",
    "https://ai.google/responsibilities/responsible-ai-practices/",
    "https://www.productschool.com/product-management-certification/",
    "https://www.coursera.org/professional-certificates/ai-product-management",
    "https://www.scrumalliance.org/get-certified",
    "https://www.productschool.com/",
    "https://www.mindtheproduct.com/",
    "https://www.producthunt.com/",
    "https://www.aipmnetwork.com/",
    "https://mlpms.com/",
}

# The document's phases and modules with their week ranges.
PHASE_WEEKS = {
    "foundation": (4, 4),
    "pm-foundations": (12, 16),
    "technical-understanding": (12, 16),
    "ai-specialization": (12, 16),
    "advanced-skills": (8, 12),
}
SEED_MODULE_WEEKS = {
    "ai-for-everyone": (4, 4),
    "core-product-management": (6, 8),
    "business-strategy": (6, 8),
    "ai-ml-fundamentals": (6, 8),
    "data-analytics": (6, 8),
    "ai-product-development": (6, 8),
    "ethics-responsibility": (6, 8),
    "ai-product-innovation": (4, 6),
    "leadership-communication": (4, 6),
}
PROJECTS = {
    "project-ai-feature-analysis": "ai-specialization",
    "project-ai-product-prototype": "ai-specialization",
    "project-end-to-end-ai-product": "advanced-skills",
    "project-ai-product-optimization": "advanced-skills",
}
CERTIFICATIONS = {
    "agile-certification": "https://www.scrumalliance.org/get-certified",
    "pm-certification": "https://www.productschool.com/product-management-certification/",
    "ai-pm-certification": "https://www.coursera.org/professional-certificates/ai-product-management",
}
DEFAULT_WEEKLY_HOURS = 11


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return builtin_roadmap("ai-product-manager")


def all_text(roadmap: Roadmap) -> str:
    """Every piece of prose in the roadmap, lower-cased, for "is it in there" checks."""
    parts = [roadmap.title, roadmap.description]
    for phase in roadmap.phases:
        parts += [phase.title, phase.description]
        for module in phase.modules:
            parts += [module.title, module.description, *module.topics, *module.outcomes]
            parts += [r.title for r in module.resources]
    return " ".join(" ".join(parts).lower().split())


def links(roadmap: Roadmap) -> set[str]:
    return {r.url for _, m in roadmap.modules() for r in m.resources}


def test_registry_lists_the_data_files() -> None:
    assert builtin_roadmaps() == ["ai-product-manager"]
    assert builtin_roadmap("ai-product-manager") is builtin_roadmap("ai-product-manager")


def test_unknown_builtin_lists_the_available_ones() -> None:
    with pytest.raises(InputError) as info:
        builtin_roadmap("astronaut")
    assert str(info.value) == (
        "unknown built-in roadmap 'astronaut'\n"
        "  hint: available: ai-product-manager (see 'aipm-planner roadmaps')"
    )


def test_phases_and_their_ranges(roadmap: Roadmap) -> None:
    assert roadmap.id == "ai-product-manager"
    assert {p.id: (p.weeks.min, p.weeks.max) for p in roadmap.phases} == PHASE_WEEKS
    assert [p.id for p in roadmap.phases] == list(PHASE_WEEKS)
    assert all(p.after is None for p in roadmap.phases)  # strictly in document order


def test_module_ranges_and_count(roadmap: Roadmap) -> None:
    weeks = {m.id: (m.weeks.min, m.weeks.max) for _, m in roadmap.modules()}
    assert {k: weeks[k] for k in SEED_MODULE_WEEKS} == SEED_MODULE_WEEKS
    assert len(weeks) == 20
    assert [len(p.modules) for p in roadmap.phases] == [2, 4, 3, 5, 6]


def test_every_hard_coded_link_is_present(roadmap: Roadmap) -> None:
    assert links(roadmap) == SEED_LINKS  # and no link the document does not give


@pytest.mark.skipif(not SEED.is_file(), reason="the seed document is outside this checkout")
def test_every_link_of_the_seed_document_is_present(roadmap: Roadmap) -> None:
    seed_links = set(re.findall(r"\]\((https?://[^)\s]+)\)", SEED.read_text(encoding="utf-8")))
    assert seed_links == SEED_LINKS  # the hard-coded list is complete
    assert seed_links <= links(roadmap)


@pytest.mark.skipif(not SEED.is_file(), reason="the seed document is outside this checkout")
def test_every_topic_and_outcome_of_the_seed_is_present(roadmap: Roadmap) -> None:
    text = all_text(roadmap)
    bullets = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*(?:-|\d+\.)\s+(.+)$", line)
        # skip labelled lines ("**Course**: ...") and group headings ("AI Communities:")
        item = match.group(1).strip() if match else ""
        if item and not item.startswith(("**", "[")) and not item.endswith(":"):
            bullets.append(item)
    assert len(bullets) > 100
    missing = [b for b in bullets if b.lower() not in text]
    assert missing == []


def test_projects_sit_where_they_apply(roadmap: Roadmap) -> None:
    placed = {m.id: p.id for p, m in roadmap.modules() if m.kind == "project"}
    assert placed == PROJECTS
    for module_id in PROJECTS:
        module = roadmap.module(module_id)
        assert module.requires, module_id
        assert module.description.startswith(("First", "Second")), module_id
    assert "ai-product-development" in roadmap.module("project-ai-feature-analysis").requires
    assert roadmap.module("project-end-to-end-ai-product").requires == [
        "ai-product-innovation",
        "leadership-communication",
        "project-ai-product-prototype",
    ]


def test_certifications_are_optional_milestones(roadmap: Roadmap) -> None:
    for module_id, url in CERTIFICATIONS.items():
        module = roadmap.module(module_id)
        assert (module.kind, module.optional) == ("milestone", True)
        assert [r.url for r in module.resources] == [url]
        assert module.requires


def test_success_checkpoints_are_small_required_milestones(roadmap: Roadmap) -> None:
    for module_id in ("knowledge-assessment", "project-success-review"):
        module = roadmap.module(module_id)
        assert (module.kind, module.optional) == ("milestone", False)
        assert module.hours <= 3


def test_modules_fit_their_phase(roadmap: Roadmap) -> None:
    """The longest chain of in-phase prerequisites, at minimum weeks, fits the phase."""
    for phase in roadmap.phases:
        ids = {m.id for m in phase.modules}
        chain: dict[str, int] = {}
        for module in phase.modules:  # prerequisites come first in each phase
            before = [chain[r] for r in module.requires if r in ids]
            chain[module.id] = module.weeks.min + max(before, default=0)
        assert max(chain.values()) <= phase.weeks.max, phase.id
        assert all(m.weeks.max <= phase.weeks.max for m in phase.modules), phase.id


def test_pace_states_the_total(roadmap: Roadmap) -> None:
    total = sum(m.hours for _, m in roadmap.modules())
    assert total == 324
    assert "324 h" in roadmap.pace
    assert "5 hours for each week" in roadmap.pace


def test_default_profile_has_room_for_every_phase(roadmap: Roadmap) -> None:
    profile = default_profile()
    weekly = sum(w.minutes for ws in profile.availability.values() for w in ws) / 60
    assert weekly == DEFAULT_WEEKLY_HOURS
    for phase in roadmap.phases:
        hours = sum(m.hours for m in phase.modules)
        # at least 30 % slack, so the solver never works at the edge
        assert hours <= 0.7 * phase.weeks.max * weekly, phase.id
        for module in phase.modules:
            assert module.hours <= module.weeks.max * weekly, module.id


def test_skilled_example_skips_and_shortens(roadmap: Roadmap) -> None:
    work = prepare(roadmap, load_profile(ROOT / "examples" / "profile-skilled.yaml"))
    assert work.skipped_modules == (
        "business-strategy",
        "agile-certification",
        "pm-certification",
        "professional-growth",
    )
    kept = {m.module_id: m.minutes for m in work.modules}
    assert kept["core-product-management"] < 30 * 60
    assert kept["data-analytics"] < 30 * 60
    assert kept["ai-ml-fundamentals"] == 30 * 60
