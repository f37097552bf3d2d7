"""``previous=`` takes the earlier export's file as a ``pathlib.Path`` too.

The calendar issue gives the previous export as ``--previous old.ics`` / ``previous=``; a
``Path`` used to fail deep inside with ``AttributeError: 'PosixPath' object has no
attribute 'get'``. It is now read like ``--previous``, and its errors name the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.errors import InputError
from aipm_planner.export.ics import to_ics, write_ics

from .schedules import build, roadmap, tiny


def test_a_path_gives_what_its_bytes_give(tmp_path: Path) -> None:
    earlier = to_ics(build(roadmap(intro="Intro, renamed")))
    old = tmp_path / "old.ics"
    old.write_bytes(earlier)
    assert to_ics(tiny(), previous=old) == to_ics(tiny(), previous=earlier)
    write_ics(tiny(), old, previous=old)  # the file it replaces, read first
    assert old.read_bytes() == to_ics(tiny(), previous=earlier)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.ics"
    with pytest.raises(InputError, match="cannot read the previous calendar") as error:
        to_ics(tiny(), previous=missing)
    assert error.value.path == str(missing)


def test_another_roadmaps_calendar_is_named(tmp_path: Path) -> None:
    other = tmp_path / "other.ics"
    other.write_bytes(to_ics(tiny()).replace(b"\r\nUID:", b"\r\nUID:0", 1))
    with pytest.raises(InputError, match="plan of another roadmap") as error:
        to_ics(tiny(), previous=other)
    assert error.value.path == str(other)
