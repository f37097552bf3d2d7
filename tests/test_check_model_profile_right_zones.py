"""The leap-second "right/" copies of the zone database are refused: zoneinfo misreads them
(right/Europe/Berlin comes out as +02:00 all year) and calendars do not count leap seconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.errors import InputError
from aipm_planner.loading import load_profile, system_timezone
from aipm_planner.model.profile import is_zone_name


def test_a_right_zone_is_refused_with_the_plain_name(tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(
        "timezone: right/Europe/Berlin\nstart: 2027-01-04\navailability: {mon: ['19:00-21:00']}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert (info.value.field, info.value.line, info.value.value) == (
        "timezone",
        1,
        "right/Europe/Berlin",
    )
    assert info.value.reason == (
        "time zone 'right/Europe/Berlin' counts leap seconds, which calendars do not;"
        " use 'Europe/Berlin'"
    )


def test_right_zones_are_not_zone_names() -> None:
    assert not is_zone_name("right/UTC")
    assert not is_zone_name("right/America/New_York")
    assert is_zone_name("America/New_York")


def test_a_right_tz_means_its_place(tmp_path: Path) -> None:
    none = tmp_path / "none"
    assert system_timezone(environ={"TZ": "right/Europe/Paris"}, localtime=none) == ("Europe/Paris")
