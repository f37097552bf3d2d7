"""The default profile's zone is the plain IANA name, also when TZ or /etc/localtime
point into the zone database's posix/ copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aipm_planner.loading import default_profile, system_timezone

NOWHERE = Path("/nonexistent/aipm-planner")


def test_tz_in_the_posix_copy_is_the_plain_zone() -> None:
    zone = system_timezone(
        environ={"TZ": "posix/Europe/Berlin"}, localtime=NOWHERE, timezone_file=NOWHERE
    )
    assert zone == "Europe/Berlin"


def test_localtime_in_the_posix_copy_is_the_plain_zone(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    link.symlink_to(tmp_path / "zoneinfo" / "posix" / "Asia" / "Tokyo")  # only its name is read
    assert system_timezone(environ={}, localtime=link, timezone_file=NOWHERE) == "Asia/Tokyo"


def test_default_profile_under_posix_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "posix/America/New_York")
    profile = default_profile(today=dt.date(2027, 3, 1))
    assert (profile.timezone, profile.start) == ("America/New_York", dt.date(2027, 3, 8))
