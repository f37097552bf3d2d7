"""Other software accepts the calendar: two independent parsers and a real client (khal)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from aipm_planner.export.ics import to_ics
from aipm_planner.model import Schedule

from .schedules import SESSIONS, build, profile, roadmap, tiny

ODD = "Ethics, law; and\nrisk — 日本語 ünïcödé"


def odd_schedule() -> Schedule:
    return build(roadmap(title="Plan, A; B", sql=ODD))


SCHEDULES = {
    "berlin": tiny,
    "utc": lambda: build(prof=profile("UTC")),
    "odd-text": odd_schedule,
}


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_vobject_reads_and_validates(name: str) -> None:
    schedule = SCHEDULES[name]()
    text = to_ics(schedule).decode("utf-8")
    calendars = list(vobject.readComponents(text, validate=True))
    assert len(calendars) == 1
    events = calendars[0].vevent_list
    sessions = {s.uid: s for s in schedule.sessions}
    found = {e.uid.value: e for e in events if e.uid.value in sessions}
    assert set(found) == set(sessions)
    for uid, session in sessions.items():
        assert found[uid].dtstart.value == session.start
        assert found[uid].dtend.value == session.end
    if name == "odd-text":
        summaries = {e.summary.value for e in events}
        assert f"{ODD} (1/1)" in summaries


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_ical_package_parses_strictly(name: str) -> None:
    schedule = SCHEDULES[name]()
    calendar = IcsCalendarStream.calendar_from_ics(to_ics(schedule).decode("utf-8"))
    assert len(calendar.events) == len(schedule.sessions) + len(schedule.milestones)
    sessions = {s.uid: s for s in schedule.sessions}
    parsed = {e.uid: e for e in calendar.events if e.uid in sessions}
    assert set(parsed) == set(sessions)
    for uid, session in sessions.items():
        assert parsed[uid].dtstart == session.start
        assert parsed[uid].dtend == session.end
    milestones = [e for e in calendar.events if e.uid not in sessions]
    assert all(type(e.dtstart) is dt.date for e in milestones)


def test_ical_package_accepts_a_replan_with_cancellations() -> None:
    replanned = to_ics(build(specs=SESSIONS[:3]), previous=to_ics(tiny()))
    calendar = IcsCalendarStream.calendar_from_ics(replanned.decode("utf-8"))
    cancelled = [e.uid for e in calendar.events if e.status is not None]
    assert sorted(cancelled) == sorted(
        [s.uid for s in tiny().sessions[3:]] + [m.uid for m in tiny().milestones[2:]]
    )


# --- khal: a real calendar client, importing into a vdir ---------------------------------

KHAL = Path(sys.executable).with_name("khal")


def khal_config(tmp_path: Path) -> Path:
    calendar = tmp_path / "calendar"
    calendar.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        "[calendars]\n"
        "[[study]]\n"
        f"path = {calendar}\n"
        "type = calendar\n"
        "[locale]\n"
        "local_timezone = Europe/Berlin\n"
        "default_timezone = Europe/Berlin\n"
        "timeformat = %H:%M\n"
        "dateformat = %Y-%m-%d\n"
        "longdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\n"
        "longdatetimeformat = %Y-%m-%d %H:%M\n"
        "[sqlite]\n"
        f"path = {tmp_path / 'khal.db'}\n",
        encoding="utf-8",
    )
    return config


def khal(config: Path, *args: str) -> str:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "Europe/Berlin"}
    result = subprocess.run(
        [str(KHAL), "-c", str(config), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
    return result.stdout


def stored_uids(folder: Path) -> list[str]:
    """The UID of every event stored in the vdir, once per event found."""
    uids = []
    for item in sorted(folder.glob("*.ics")):
        for calendar in vobject.readComponents(item.read_text(encoding="utf-8")):
            uids += [event.uid.value for event in calendar.vevent_list]
    return uids


def test_khal_imports_each_uid_once(tmp_path: Path) -> None:
    assert KHAL.is_file(), f"khal is not installed next to {sys.executable}"
    config = khal_config(tmp_path)
    schedule = odd_schedule()
    first = tmp_path / "plan.ics"
    first.write_bytes(to_ics(schedule))
    khal(config, "import", "--batch", str(first))
    expected = sorted([s.uid for s in schedule.sessions] + [m.uid for m in schedule.milestones])
    assert sorted(stored_uids(tmp_path / "calendar")) == expected
    listed = khal(config, "list", "--format", "{title}", "2027-03-20", "30d")
    assert "Intro to AI (1/2)" in listed

    # Re-planned with a moved session: importing again updates, never duplicates.
    specs = list(SESSIONS)
    module, start, minutes = specs[0]
    specs[0] = (module, start + dt.timedelta(hours=1), minutes)
    second = tmp_path / "replan.ics"
    second.write_bytes(to_ics(build(roadmap(title="Plan, A; B", sql=ODD), specs=specs)))
    khal(config, "import", "--batch", str(second))
    assert sorted(stored_uids(tmp_path / "calendar")) == expected
    moved = khal(config, "list", "--format", "{start-time} {title}", "2027-03-22", "1d")
    assert "20:00 Intro to AI (1/2)" in moved
