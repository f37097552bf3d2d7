"""Shared fixtures: a tiny roadmap and a tiny profile, as data and as models.

The builders take keyword arguments that replace top-level fields, so a test states only
what it changes::

    def test_x(tiny_roadmap):
        roadmap = tiny_roadmap(title="Other")
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import settings

from aipm_planner.model import LearnerProfile, Roadmap

# Under CI every property test draws the same examples on every run (a fixed seed), so a
# submission's result does not depend on luck; locally they explore new examples each run.
settings.register_profile("reproducible", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("reproducible")

_TINY_ROADMAP: dict[str, Any] = {
    "id": "tiny",
    "title": "Tiny roadmap",
    "phases": [
        {
            "id": "p1",
            "title": "Phase one",
            "weeks": "1-2",
            "modules": [
                {"id": "a", "title": "Module A", "weeks": 1, "hours": 2, "teaches": {"sql": 2}},
                {"id": "b", "title": "Module B", "weeks": "1-2", "hours": 3, "requires": ["a"]},
            ],
        },
        {
            "id": "p2",
            "title": "Phase two",
            "weeks": 2,
            "modules": [
                {"id": "c", "title": "Module C", "weeks": "1-2", "hours": 2, "kind": "project"}
            ],
        },
    ],
}

_TINY_PROFILE: dict[str, Any] = {
    "timezone": "Europe/Berlin",
    "start": "2025-01-06",
    "availability": {"mon": ["19:00-21:00"], "sat": ["09:00-12:00"]},
}


@pytest.fixture
def tiny_roadmap_data() -> dict[str, Any]:
    """A fresh copy of the tiny roadmap as plain data (two phases, modules a, b, c)."""
    return copy.deepcopy(_TINY_ROADMAP)


@pytest.fixture
def tiny_profile_data() -> dict[str, Any]:
    """A fresh copy of the tiny profile as plain data (Berlin, Mondays and Saturdays)."""
    return copy.deepcopy(_TINY_PROFILE)


@pytest.fixture
def tiny_roadmap() -> Callable[..., Roadmap]:
    """Build the tiny roadmap; keyword arguments replace top-level fields."""

    def build(**fields: Any) -> Roadmap:
        return Roadmap.model_validate({**copy.deepcopy(_TINY_ROADMAP), **fields})

    return build


@pytest.fixture
def tiny_profile() -> Callable[..., LearnerProfile]:
    """Build the tiny profile; keyword arguments replace top-level fields."""

    def build(**fields: Any) -> LearnerProfile:
        return LearnerProfile.model_validate({**copy.deepcopy(_TINY_PROFILE), **fields})

    return build
