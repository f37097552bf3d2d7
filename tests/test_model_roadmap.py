"""Roadmap, Phase, Module and WeekRange: every validation rule, with the exact message."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from aipm_planner.model import Roadmap, WeekRange


def errors(model: type[Any], data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Every (location, message) pydantic reports for ``data``."""
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return [(tuple(e["loc"]), e["msg"]) for e in info.value.errors()]


# --- week ranges ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "low", "high"),
    [
        (4, 4, 4),
        ("4", 4, 4),
        ("12-16", 12, 16),
        (" 12 - 16 ", 12, 16),
        ("12..16", 12, 16),
        ("12–16", 12, 16),
        ({"min": 12, "max": 16}, 12, 16),
        ("3-3", 3, 3),
    ],
)
def test_week_range_forms(written: Any, low: int, high: int) -> None:
    weeks = WeekRange.model_validate(written)
    assert (weeks.min, weeks.max) == (low, high)


@pytest.mark.parametrize("written", ["4", "12-16", " 12 - 16 ", "12..16", "12–16", "3-3"])
def test_the_json_schema_takes_every_written_week_range(written: str) -> None:
    schema = Roadmap.model_json_schema()["$defs"]["Phase"]["properties"]["weeks"]
    pattern = next(s["pattern"] for s in schema["anyOf"] if s["type"] == "string")
    assert re.search(pattern, written)
    assert WeekRange.model_validate(written).max >= 3


def test_week_range_min_greater_than_max() -> None:
    assert errors(WeekRange, "16-12") == [
        ((), "Value error, week range min 16 is greater than max 12")
    ]
    assert errors(WeekRange, {"min": 5, "max": 2}) == [
        ((), "Value error, week range min 5 is greater than max 2")
    ]


def test_week_range_longer_than_a_plan() -> None:
    assert errors(WeekRange, "1-521") == [
        ((), "Value error, week range 1-521 is longer than a plan can be (520 weeks, ten years)")
    ]
    assert errors(WeekRange, 10**20) == [
        (
            (),
            f"Value error, week range {10**20} is longer than a plan can be (520 weeks, ten years)",
        )
    ]
    assert WeekRange.model_validate("1-520").max == 520


def test_week_range_zero_weeks() -> None:
    assert errors(WeekRange, 0) == [
        (("min",), "Input should be greater than or equal to 1"),
        (("max",), "Input should be greater than or equal to 1"),
    ]
    assert errors(WeekRange, "0-3") == [(("min",), "Input should be greater than or equal to 1")]


def test_week_range_bad_text() -> None:
    assert errors(WeekRange, "a few") == [
        ((), "Value error, week range 'a few' is not 'N' or 'MIN-MAX' (e.g. '12-16')")
    ]


def test_week_range_rejects_booleans_and_half_forms() -> None:
    assert errors(WeekRange, True) == [
        ((), "Value error, a week range must be a number, 'min-max' or {min, max}, not True")
    ]
    assert errors(WeekRange, {"min": 2}) == [(("max",), "Field required")]


def test_week_range_prints_short_form() -> None:
    assert str(WeekRange(min=4, max=4)) == "4"
    assert str(WeekRange(min=12, max=16)) == "12-16"


# --- modules and phases -----------------------------------------------------------------


def test_tiny_roadmap_reads(tiny_roadmap: Callable[..., Roadmap]) -> None:
    roadmap = tiny_roadmap()
    assert [m.id for _, m in roadmap.modules()] == ["a", "b", "c"]
    assert roadmap.module("b").requires == ["a"]
    assert roadmap.phase_of("c").id == "p2"
    assert roadmap.module("a").kind == "course"
    assert roadmap.module("c").kind == "project"
    assert roadmap.module("a").optional is False


def test_module_and_phase_lookups_raise_key_error(tiny_roadmap: Callable[..., Roadmap]) -> None:
    roadmap = tiny_roadmap()
    with pytest.raises(KeyError):
        roadmap.module("zz")
    with pytest.raises(KeyError):
        roadmap.phase_of("zz")


def test_hours_are_required_and_positive(tiny_roadmap_data: dict[str, Any]) -> None:
    module = tiny_roadmap_data["phases"][0]["modules"][0]
    del module["hours"]
    assert errors(Roadmap, tiny_roadmap_data) == [
        (("phases", 0, "modules", 0, "hours"), "Field required")
    ]
    module["hours"] = 0
    assert errors(Roadmap, tiny_roadmap_data) == [
        (("phases", 0, "modules", 0, "hours"), "Input should be greater than 0")
    ]


def test_yes_is_not_a_number_of_hours_a_level_or_weeks(
    tiny_roadmap_data: dict[str, Any],
) -> None:
    # YAML reads `hours: yes` as true, which pydantic would take as 1 hour.
    module = tiny_roadmap_data["phases"][0]["modules"][0]
    module["hours"] = True
    module["teaches"] = {"sql": True}
    module["weeks"] = {"min": True, "max": 2}
    message = (
        "Value error, a number is needed, not a yes/no value (YAML reads yes, no, on and off"
        " as true and false)"
    )
    assert errors(Roadmap, tiny_roadmap_data) == [
        (("phases", 0, "modules", 0, "weeks", "min"), message),
        (("phases", 0, "modules", 0, "hours"), message),
        (("phases", 0, "modules", 0, "teaches", "sql"), message),
    ]


@pytest.mark.parametrize("hours", [float("nan"), float("inf")])
def test_hours_must_be_finite(tiny_roadmap_data: dict[str, Any], hours: float) -> None:
    tiny_roadmap_data["phases"][0]["modules"][0]["hours"] = hours
    assert errors(Roadmap, tiny_roadmap_data) == [
        (("phases", 0, "modules", 0, "hours"), "Input should be a finite number")
    ]


def test_teaches_levels_are_one_to_three(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][0]["modules"][0]["teaches"] = {"sql": 4, "ml": 0}
    assert errors(Roadmap, tiny_roadmap_data) == [
        (("phases", 0, "modules", 0, "teaches", "sql"), "Input should be less than or equal to 3"),
        (
            ("phases", 0, "modules", 0, "teaches", "ml"),
            "Input should be greater than or equal to 1",
        ),
    ]


def test_kind_must_be_known(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][0]["modules"][0]["kind"] = "lecture"
    assert errors(Roadmap, tiny_roadmap_data) == [
        (
            ("phases", 0, "modules", 0, "kind"),
            "Input should be 'course', 'project', 'practice' or 'milestone'",
        )
    ]


def test_resource_urls_must_be_http(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][0]["modules"][0]["resources"] = [
        {"title": "Files", "url": "ftp://example.org/x"}
    ]
    assert errors(Roadmap, tiny_roadmap_data) == [
        (
            ("phases", 0, "modules", 0, "resources", 0, "url"),
            "String should match pattern '^https?://\\S+$'",
        )
    ]


def test_unknown_fields_are_rejected(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][1]["duration"] = 3
    assert errors(Roadmap, tiny_roadmap_data) == [
        (("phases", 1, "duration"), "Extra inputs are not permitted")
    ]


def test_ids_must_be_plain(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][0]["id"] = "phase one"
    assert errors(Roadmap, tiny_roadmap_data) == [
        (("phases", 0, "id"), "String should match pattern '^[A-Za-z0-9][A-Za-z0-9_.-]*$'")
    ]


def test_phases_and_modules_may_not_be_empty(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][1]["modules"] = []
    assert errors(Roadmap, tiny_roadmap_data) == [
        (("phases", 1, "modules"), "List should have at least 1 item after validation, not 0")
    ]
    tiny_roadmap_data["phases"] = []
    assert errors(Roadmap, tiny_roadmap_data) == [
        (("phases",), "List should have at least 1 item after validation, not 0")
    ]


def test_models_are_frozen(tiny_roadmap: Callable[..., Roadmap]) -> None:
    roadmap = tiny_roadmap()
    with pytest.raises(ValidationError, match="Instance is frozen"):
        roadmap.title = "changed"  # type: ignore[misc]


# --- cross-checks -----------------------------------------------------------------------


def test_duplicate_phase_id(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][1]["id"] = "p1"
    assert errors(Roadmap, tiny_roadmap_data) == [((), "Value error, duplicate phase id 'p1'")]


def test_duplicate_module_id_across_phases(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][1]["modules"][0]["id"] = "a"
    assert errors(Roadmap, tiny_roadmap_data) == [((), "Value error, duplicate module id 'a'")]


def test_unknown_requires_names_the_ids(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][0]["modules"][1]["requires"] = ["a", "zz"]
    assert errors(Roadmap, tiny_roadmap_data) == [
        ((), "Value error, module 'b': 'requires' names unknown module 'zz'")
    ]


def test_unknown_after_names_the_ids(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][1]["after"] = ["p0"]
    assert errors(Roadmap, tiny_roadmap_data) == [
        ((), "Value error, phase 'p2': 'after' names unknown phase 'p0'")
    ]


def test_after_itself(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][1]["after"] = ["p2"]
    assert errors(Roadmap, tiny_roadmap_data) == [
        ((), "Value error, phase 'p2': 'after' names itself")
    ]


def test_module_cycle_is_named(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][0]["modules"][0]["requires"] = ["c"]
    tiny_roadmap_data["phases"][1]["modules"][0]["requires"] = ["b"]
    assert errors(Roadmap, tiny_roadmap_data) == [
        ((), "Value error, module dependency cycle: a -> c -> b -> a")
    ]


def test_module_requiring_itself_is_a_cycle(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["phases"][1]["modules"][0]["requires"] = ["c"]
    assert errors(Roadmap, tiny_roadmap_data) == [
        ((), "Value error, module dependency cycle: c -> c")
    ]


def test_phase_cycle_is_named(tiny_roadmap_data: dict[str, Any]) -> None:
    # p1 after p2, and p2 after p1 by default (roadmap order).
    tiny_roadmap_data["phases"][0]["after"] = ["p2"]
    assert errors(Roadmap, tiny_roadmap_data) == [
        (
            (),
            "Value error, phase dependency cycle: p1 -> p2 -> p1 (p2 follows p1 because it is"
            " listed after it; give p2 its own 'after' list)",
        )
    ]


def test_a_cycle_of_written_after_lists_needs_no_explanation(
    tiny_roadmap_data: dict[str, Any],
) -> None:
    tiny_roadmap_data["phases"][0]["after"] = ["p2"]
    tiny_roadmap_data["phases"][1]["after"] = ["p1"]
    assert errors(Roadmap, tiny_roadmap_data) == [
        ((), "Value error, phase dependency cycle: p1 -> p2 -> p1")
    ]


def test_phases_run_in_order_unless_after_is_given(tiny_roadmap_data: dict[str, Any]) -> None:
    third = {
        "id": "p3",
        "title": "Phase three",
        "weeks": 1,
        "after": [],
        "modules": [{"id": "d", "title": "D", "weeks": 1, "hours": 1}],
    }
    tiny_roadmap_data["phases"].append(third)
    roadmap = Roadmap.model_validate(tiny_roadmap_data)
    assert roadmap.phase_predecessors() == {"p1": [], "p2": ["p1"], "p3": []}


def test_a_module_may_not_need_more_weeks_than_its_phase_allows(
    tiny_roadmap_data: dict[str, Any],
) -> None:
    tiny_roadmap_data["phases"][0]["weeks"] = "2-3"
    tiny_roadmap_data["phases"][0]["modules"][0]["weeks"] = "4-5"
    assert errors(Roadmap, tiny_roadmap_data) == [
        (
            (),
            "Value error, module 'a' spans at least 4 weeks, but its phase 'p1' may span at most 3",
        )
    ]
    tiny_roadmap_data["phases"][0]["modules"][0]["weeks"] = "3-5"  # a longer maximum is fine
    assert Roadmap.model_validate(tiny_roadmap_data).module("a").weeks.max == 5


def test_a_phase_may_not_need_more_weeks_than_its_only_module_spans(
    tiny_roadmap_data: dict[str, Any],
) -> None:
    tiny_roadmap_data["phases"][1]["weeks"] = "3-4"  # p2 holds module c alone
    tiny_roadmap_data["phases"][1]["modules"][0]["weeks"] = "1-2"
    assert errors(Roadmap, tiny_roadmap_data) == [
        (
            (),
            "Value error, phase 'p2' spans at least 3 weeks, but its only module 'c' may span"
            " at most 2",
        )
    ]
    tiny_roadmap_data["phases"][1]["modules"].append(
        {"id": "d", "title": "D", "weeks": "1-2", "hours": 1}
    )  # two modules may leave weeks between them
    assert Roadmap.model_validate(tiny_roadmap_data).phases[1].weeks.min == 3


def test_a_module_may_not_require_one_of_a_later_phase(
    tiny_roadmap_data: dict[str, Any],
) -> None:
    tiny_roadmap_data["phases"][0]["modules"][0]["requires"] = ["c"]
    assert errors(Roadmap, tiny_roadmap_data) == [
        (
            (),
            "Value error, module 'a': 'requires' names module 'c' of phase 'p2',"
            " which comes after phase 'p1'",
        )
    ]


def test_a_chain_of_prerequisites_against_phase_order_is_refused(
    tiny_roadmap_data: dict[str, Any],
) -> None:
    # p3 runs beside p1 and p2 (after: []); a needs x, x needs c, and c's phase p2 waits for
    # the end of p1, which holds a: no pair is wrong on its own, the chain is.
    tiny_roadmap_data["phases"].append(
        {
            "id": "p3",
            "title": "Beside",
            "weeks": "1-2",
            "after": [],
            "modules": [{"id": "x", "title": "X", "weeks": 1, "hours": 1, "requires": ["c"]}],
        }
    )
    tiny_roadmap_data["phases"][0]["modules"][0]["requires"] = ["x"]
    assert errors(Roadmap, tiny_roadmap_data) == [
        (
            (),
            "Value error, module and phase order dependency cycle:"
            " a -> x -> c -> end of phase p1 -> a",
        )
    ]


def test_a_module_may_require_one_of_a_phase_beside_its_own(
    tiny_roadmap_data: dict[str, Any],
) -> None:
    tiny_roadmap_data["phases"][1]["after"] = []
    tiny_roadmap_data["phases"][0]["modules"][0]["requires"] = ["c"]
    assert Roadmap.model_validate(tiny_roadmap_data).module("a").requires == ["c"]


@pytest.mark.parametrize("text", ["a\x1b[31mred", "nul\x00", "bell\x07", "del\x7f"])
def test_text_may_not_hold_control_characters(tiny_roadmap_data: dict[str, Any], text: str) -> None:
    tiny_roadmap_data["title"] = text
    [(loc, message)] = errors(Roadmap, tiny_roadmap_data)
    assert loc == ("title",)
    assert message.startswith("Value error, text contains the control character U+00")


def test_tabs_and_line_breaks_are_text(tiny_roadmap_data: dict[str, Any]) -> None:
    tiny_roadmap_data["description"] = "line one\nline two\twith a tab\r\n"
    assert "\t" in Roadmap.model_validate(tiny_roadmap_data).description


def test_a_cycle_of_thousands_of_modules_is_named_on_one_line(
    tiny_roadmap_data: dict[str, Any],
) -> None:
    count = 3000
    tiny_roadmap_data["phases"][0]["modules"] = [
        {"id": f"m{i}", "title": "M", "weeks": 1, "hours": 1, "requires": [f"m{(i + 1) % count}"]}
        for i in range(count)
    ]
    tiny_roadmap_data["phases"][1]["modules"][0]["requires"] = []
    assert errors(Roadmap, tiny_roadmap_data) == [
        (
            (),
            "Value error, module dependency cycle: m0 -> m1 -> m2 -> m3 -> m4 -> m5"
            " -> ... (2992 more) -> m2998 -> m2999 -> m0",
        )
    ]


def test_a_chain_of_thousands_of_modules_reads(tiny_roadmap_data: dict[str, Any]) -> None:
    count = 3000  # each module requires the next one: the check must not recurse per link
    tiny_roadmap_data["phases"][0]["modules"] = [
        {"id": f"m{i}", "title": "M", "weeks": 1, "hours": 1, "requires": [f"m{i + 1}"]}
        for i in range(count - 1)
    ] + [{"id": f"m{count - 1}", "title": "M", "weeks": 1, "hours": 1}]
    tiny_roadmap_data["phases"][1]["modules"][0]["requires"] = []
    assert Roadmap.model_validate(tiny_roadmap_data).module("m0").requires == ["m1"]
