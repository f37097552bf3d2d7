"""The built-in roadmap names every resource exactly as its source document does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aipm_planner.roadmaps import builtin_roadmap

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "ai-product-manager-roadmap.md"

# Every link of the source document with its text, in the document's order.
SEED_RESOURCES = [
    ("Coursera", "https://www.coursera.org/learn/ai-for-everyone"),
    (
        "Digital Product Management Specialization",
        "https://www.coursera.org/specializations/digital-product-management",
    ),
    (
        "Business Strategy Specialization",
        "https://www.coursera.org/specializations/business-strategy",
    ),
    ("Product Strategy Guide", "https://www.productplan.com/learn/product-strategy-guide/"),
    (
        "AI Product Management Specialization",
        "https://www.coursera.org/specializations/ai-product-management-duke",
    ),
    (
        "Machine Learning for Product Managers",
        "https://www.udacity.com/course/ai-product-manager-nanodegree--nd088",
    ),
    ("Google Analytics Academy", "https://analytics.google.com/analytics/academy/"),
    ("SQL for Product Managers", "https://mode.com/sql-tutorial/"),
    ("AI Ethics: Global Perspectives", "https://aiethicscourse.org/"),
    (
        "Responsible AI Practices",
        "https://ai.google/responsibilities/responsible-ai-practices/",
    ),
    (
        "Product Management Certification",
        "https://www.productschool.com/product-management-certification/",
    ),
    (
        "AI Product Management Certification",
        "https://www.coursera.org/professional-certificates/ai-product-management",
    ),
    ("Agile Certification", "https://www.scrumalliance.org/get-certified"),
    ("Product School", "https://www.productschool.com/"),
    ("Mind the Product", "https://www.mindtheproduct.com/"),
    ("Product Hunt", "https://www.producthunt.com/"),
    ("AI Product Managers Network", "https://www.aipmnetwork.com/"),
    ("ML Product Managers", "https://mlpms.com/"),
]


def test_every_resource_has_the_documents_title() -> None:
    roadmap = builtin_roadmap("ai-product-manager")
    resources = {(r.title, str(r.url)) for _, m in roadmap.modules() for r in m.resources}
    assert resources == set(SEED_RESOURCES)


@pytest.mark.skipif(not SEED.is_file(), reason="the seed document is outside this checkout")
def test_the_list_is_the_documents() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert re.findall(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", text) == SEED_RESOURCES
