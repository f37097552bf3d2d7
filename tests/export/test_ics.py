"""The .ics export on hand-built schedules: content, format, determinism, re-planning, writes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Component, Event

from aipm_planner.errors import InputError
from aipm_planner.export import write_atomic
from aipm_planner.export.ics import (
    PRODID,
    build_calendar,
    calendar_of,
    event_components,
    read_previous,
    to_ics,
    write_ics,
)
from aipm_planner.model import Schedule

from .schedules import SESSIONS, build, profile, roadmap, tiny, utc

BERLIN = ZoneInfo("Europe/Berlin")


def value(component: Component, name: str) -> Any:
    """The decoded value of a date, time or duration property."""
    return cast(Any, component[name]).dt


def instant(event: Event) -> dt.datetime:
    start = event.start
    assert isinstance(start, dt.datetime)
    return start.astimezone(dt.UTC)


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def by_uid(calendar: Calendar) -> dict[str, Event]:
    return {str(event["UID"]): event for event in calendar.events}


def sessions_only(calendar: Calendar) -> list[Event]:
    return [e for e in calendar.events if str(e.get("X-AIPM-KIND")) == "session"]


def test_calendar_properties() -> None:
    calendar = parse(to_ics(tiny()))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["X-WR-CALNAME"]) == "Tiny roadmap study plan"
    assert "METHOD" not in calendar
    named = parse(to_ics(tiny(), name="My plan"))
    assert str(named["X-WR-CALNAME"]) == "My plan"


def test_one_event_per_session_with_its_text() -> None:
    schedule = tiny()
    events = by_uid(parse(to_ics(schedule)))
    assert len(events) == len(schedule.sessions) + len(schedule.milestones) == 9
    first = events[schedule.sessions[0].uid]
    assert str(first["SUMMARY"]) == "Intro to AI (1/2)"
    assert first.start == dt.datetime(2027, 3, 22, 19, tzinfo=BERLIN)
    assert first.end == dt.datetime(2027, 3, 22, 21, tzinfo=BERLIN)
    assert first["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert value(first, "DTSTAMP") == dt.datetime(2027, 3, 21, 23, tzinfo=dt.UTC)
    assert str(first["URL"]) == "https://example.org/course?a=1&b=2"
    assert first.categories == ["Basics"]
    assert first["SEQUENCE"] == 0
    assert str(first["X-AIPM-KIND"]) == "session"
    assert str(first["X-AIPM-MODULE"]) == "intro"
    assert str(first["X-AIPM-PHASE"]) == "basics"
    assert str(first["DESCRIPTION"]) == (
        "Intro to AI: session 1 of 2\n"
        "Phase: Basics\n"
        "Roadmap: Tiny roadmap\n"
        "\n"
        "Topics:\n"
        "- What a model is\n"
        "- Training vs inference\n"
        "\n"
        "Outcomes:\n"
        "- Explain a model to a customer\n"
        "\n"
        "Resources:\n"
        "- Course: https://example.org/course?a=1&b=2\n"
        "- Book: https://example.org/book"
    )
    # A module without resources has no URL.
    sql = events[schedule.sessions[2].uid]
    assert str(sql["SUMMARY"]) == "SQL for PMs (1/1)"
    assert "URL" not in sql


def test_milestones_are_all_day_and_transparent() -> None:
    schedule = tiny()
    events = by_uid(parse(to_ics(schedule)))
    start = events[schedule.milestones[2].uid]
    assert str(start["SUMMARY"]) == "Start: Build, ship; learn"
    assert start["DTSTART"].params.get("VALUE") == "DATE"
    assert start.start == dt.date(2027, 3, 29)
    assert start.end == dt.date(2027, 3, 30)
    assert str(start["TRANSP"]) == "TRANSPARENT"
    assert str(start["X-AIPM-KIND"]) == "milestone"
    assert str(start["X-AIPM-PHASE"]) == "build"
    assert "X-AIPM-MODULE" not in start
    assert start.categories == ["Build, ship; learn"]
    assert start.walk("VALARM") == []
    assert str(start["DESCRIPTION"]) == (
        "Phase starts: Build, ship; learn\nRoadmap: Tiny roadmap\n\nModules:\n- Prototype"
    )


def test_lines_are_crlf_and_folded_to_75_octets() -> None:
    long_title = "Évaluer les modèles de langage, leurs coûts; et leurs risques " * 3
    data = to_ics(build(roadmap(intro=long_title.strip())))
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was folded


def test_vtimezone_matches_the_learner_zone() -> None:
    calendar = parse(to_ics(tiny()))
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    # The plan crosses the spring-forward night: the definition must hold that transition,
    # at its local time before the change (02:00 CET, RFC 5545 3.6.5).
    daylight = zones[0].walk("DAYLIGHT")
    assert dt.datetime(2027, 3, 28, 2) in [value(d, "DTSTART") for d in daylight]
    # The same instant before and after the change: 19:00 local is 18:00 then 17:00 UTC.
    events = sessions_only(calendar)
    assert instant(events[0]) == utc(2027, 3, 22, 18)
    assert instant(events[3]) == utc(2027, 3, 29, 17)
    assert events[3].start == dt.datetime(2027, 3, 29, 19, tzinfo=BERLIN)


def test_utc_profile_writes_z_times_without_vtimezone() -> None:
    data = to_ics(build(prof=profile("UTC")))
    assert b"BEGIN:VTIMEZONE" not in data
    assert b"TZID" not in data
    assert b"DTSTART:20270322T180000Z\r\n" in data
    assert b"DTEND:20270322T200000Z\r\n" in data


def test_other_zone_gets_its_own_vtimezone() -> None:
    data = to_ics(build(prof=profile("America/New_York")))
    calendar = parse(data)
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert b"DTSTART;TZID=America/New_York:20270322T140000\r\n" in data


def test_alarm_default_custom_and_off() -> None:
    default = sessions_only(parse(to_ics(tiny())))
    alarms = [e.walk("VALARM") for e in default]
    assert all(len(a) == 1 for a in alarms)
    alarm = alarms[0][0]
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert value(alarm, "TRIGGER") == dt.timedelta(minutes=-10)
    assert str(alarm["DESCRIPTION"]) == "Intro to AI (1/2)"
    custom = sessions_only(parse(to_ics(tiny(), alarm_minutes=45)))
    assert value(custom[0].walk("VALARM")[0], "TRIGGER") == dt.timedelta(minutes=-45)
    off = to_ics(tiny(), alarm_minutes=None)
    assert b"VALARM" not in off


@pytest.mark.parametrize("minutes", [-5, 40_321, 10**20])
def test_alarm_outside_four_weeks_is_an_input_error(minutes: int) -> None:
    with pytest.raises(InputError, match="0 to 40320 minutes") as info:
        to_ics(tiny(), alarm_minutes=minutes)
    assert info.value.value == minutes


def test_same_schedule_gives_same_bytes() -> None:
    first = to_ics(tiny())
    assert to_ics(tiny()) == first
    schedule = tiny()
    assert to_ics(schedule) == to_ics(schedule)


def test_bytes_do_not_depend_on_session_order_in_the_model() -> None:
    schedule = tiny()
    shuffled = schedule.model_copy(update={"sessions": list(reversed(schedule.sessions))})
    assert to_ics(shuffled) == to_ics(schedule)


def test_text_with_commas_semicolons_newlines_and_unicode_round_trips() -> None:
    odd = 'Ethics, law; and\nrisk — 日本語 \\ "quoted" ünïcödé: done'
    schedule = build(roadmap(sql=odd))
    data = to_ics(schedule)
    assert b"Ethics\\, law\\; and\\nrisk" in data
    event = by_uid(parse(data))[schedule.sessions[2].uid]
    assert str(event["SUMMARY"]) == f"{odd} (1/1)"
    assert str(event["DESCRIPTION"]).startswith(f"{odd}: session 1 of 1\n")


def test_event_components_and_calendar_of_for_one_event() -> None:
    events = event_components(tiny(), alarm_minutes=None)
    assert [str(e["UID"]) for e in events[:5]] == [s.uid for s in tiny().sessions]
    single = calendar_of([events[0]])
    assert "UID" not in single
    assert "X-WR-CALNAME" not in single
    assert [c.name for c in single.subcomponents] == ["VTIMEZONE", "VEVENT"]
    assert single.get_missing_tzids() == set()


def test_build_calendar_has_a_stable_calendar_uid() -> None:
    assert str(build_calendar(tiny())["UID"]) == str(build_calendar(tiny())["UID"])
    other = build(roadmap().model_copy(update={"id": "other"}))
    assert str(build_calendar(other)["UID"]) != str(build_calendar(tiny())["UID"])


# --- re-planning ------------------------------------------------------------------------


def sequences(data: bytes) -> dict[str, int]:
    return {str(e["UID"]): e.sequence for e in parse(data).events}


def moved(minutes: int) -> Schedule:
    """The tiny schedule with the third session (SQL) later by ``minutes``."""
    specs = list(SESSIONS)
    module, start, length = specs[2]
    specs[2] = (module, start + dt.timedelta(minutes=minutes), length)
    return build(specs=specs)


def test_unchanged_replan_keeps_sequence_and_bytes() -> None:
    old = to_ics(tiny())
    assert to_ics(tiny(), previous=old) == old
    assert to_ics(tiny(), previous=parse(old)) == old


def test_moved_session_gets_a_higher_sequence_others_keep_theirs() -> None:
    schedule = moved(30)
    old = to_ics(tiny())
    new = sequences(to_ics(schedule, previous=old))
    sql = schedule.sessions[2].uid
    assert new[sql] == 1
    assert all(seq == 0 for uid, seq in new.items() if uid != sql)


def test_sequence_counts_up_across_replans_and_stays_when_unchanged() -> None:
    first = to_ics(tiny())
    second = to_ics(moved(30), previous=first)
    third = to_ics(moved(60), previous=second)
    fourth = to_ics(moved(60), previous=third)
    sql = tiny().sessions[2].uid
    assert [sequences(d)[sql] for d in (first, second, third, fourth)] == [0, 1, 2, 2]


def test_changed_text_raises_sequence() -> None:
    old = to_ics(tiny())
    renamed = build(roadmap(proto="Prototype v2"))
    new = sequences(to_ics(renamed, previous=old))
    proto = {s.uid for s in renamed.sessions if s.module_id == "proto"}
    # The Build phase's milestones list its modules' titles, so they changed too.
    build_phase = {m.uid for m in renamed.milestones if m.phase_id == "build"}
    assert {uid for uid, seq in new.items() if seq == 1} == proto | build_phase


def test_changed_alarm_raises_sequence_of_sessions_only() -> None:
    schedule = tiny()
    new = sequences(to_ics(schedule, previous=to_ics(schedule), alarm_minutes=30))
    assert {uid for uid, seq in new.items() if seq == 1} == {s.uid for s in schedule.sessions}


def test_vanished_session_is_cancelled_and_stays_cancelled() -> None:
    old = to_ics(tiny())
    shorter = build(specs=SESSIONS[:4])  # the second Prototype session is gone
    gone = tiny().sessions[4].uid
    second = to_ics(shorter, previous=old)
    events = by_uid(parse(second))
    cancelled = events[gone]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] == 1
    assert str(cancelled["SUMMARY"]) == "Prototype (2/2)"
    assert str(cancelled["X-AIPM-KIND"]) == "session"
    assert str(cancelled["X-AIPM-MODULE"]) == "proto"
    assert cancelled.start == dt.datetime(2027, 3, 31, 17, tzinfo=dt.UTC)
    # The remaining Prototype session did not move: only its count changed, (1/2) to (1/1).
    remaining = events[shorter.sessions[3].uid]
    assert (remaining["SEQUENCE"], str(remaining["SUMMARY"])) == (0, "Prototype (1/1)")
    assert [str(e["UID"]) for e in parse(second).events if "STATUS" in e] == [gone]
    # The next export still carries the cancellation, unchanged: a client that missed the
    # second file learns of it, and if the session comes back its SEQUENCE rises above it.
    third = to_ics(shorter, previous=second)
    again = by_uid(parse(third))[gone]
    assert str(again["STATUS"]) == "CANCELLED"
    assert again["SEQUENCE"] == 1
    assert to_ics(shorter, previous=third) == third
    assert parse(third).get_missing_tzids() == set()


def test_cancelled_session_that_returns_gets_a_higher_sequence() -> None:
    old = to_ics(tiny())
    second = to_ics(build(specs=SESSIONS[:4]), previous=old)
    third = to_ics(tiny(), previous=second)
    back = by_uid(parse(third))[tiny().sessions[4].uid]
    assert "STATUS" not in back
    assert back["SEQUENCE"] == 2


def test_foreign_events_in_previous_are_never_cancelled() -> None:
    foreign = Event.new(
        uid="dentist@example.org",
        start=dt.datetime(2027, 3, 23, 9, tzinfo=dt.UTC),
        end=dt.datetime(2027, 3, 23, 10, tzinfo=dt.UTC),
        stamp=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        summary="Dentist",
    )
    previous = parse(to_ics(tiny()))
    previous.add_component(foreign)
    data = to_ics(tiny(), previous=previous)
    assert "dentist@example.org" not in by_uid(parse(data))
    assert data == to_ics(tiny())


def test_previous_with_another_zone_cancels_with_utc_times() -> None:
    old = to_ics(build(prof=profile("Asia/Kolkata")))
    data = to_ics(build(specs=SESSIONS[:1]), previous=old)
    calendar = parse(data)
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    # Every other session and milestone of the old plan is cancelled; the kept one moved zone.
    statuses = [str(e.get("STATUS", "")) for e in calendar.events]
    assert statuses.count("CANCELLED") == 4 + 4 - 2
    assert by_uid(calendar)[tiny().sessions[0].uid]["SEQUENCE"] == 1


def test_garbage_previous_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "old.ics"
    bad.write_bytes(b"this is not a calendar")
    with pytest.raises(InputError, match="not valid iCalendar") as info:
        read_previous(bad)
    assert info.value.path == str(bad)
    with pytest.raises(InputError, match="not valid iCalendar"):
        to_ics(tiny(), previous=b"BEGIN:VCALENDAR\r\nnonsense")


def test_missing_previous_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the previous calendar") as info:
        read_previous(tmp_path / "nope.ics")
    assert info.value.path == str(tmp_path / "nope.ics")


def test_a_vevent_alone_is_not_a_previous_calendar() -> None:
    lone = b"BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20270101T000000Z\r\nEND:VEVENT\r\n"
    with pytest.raises(InputError, match="no VCALENDAR"):
        to_ics(tiny(), previous=lone)


# --- writing --------------------------------------------------------------------------


def test_write_ics_writes_the_bytes(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    write_ics(tiny(), target, alarm_minutes=None)
    assert target.read_bytes() == to_ics(tiny(), alarm_minutes=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.ics"]


def test_write_ics_may_replace_its_previous(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    write_ics(tiny(), target)
    write_ics(moved(30), target, previous=read_previous(target))
    assert sequences(target.read_bytes())[tiny().sessions[2].uid] == 1


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old calendar")

    def boom(*_args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError, match="No space left"):
        write_ics(tiny(), target)
    assert target.read_bytes() == b"old calendar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.ics"]


def test_write_atomic_keeps_mode_of_replaced_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640


def test_write_atomic_new_file_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.ics", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.ics").stat().st_mode & 0o777 == 0o644


def test_write_ics_dash_goes_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    write_ics(tiny(), "-")
    assert capsysbinary.readouterr().out == to_ics(tiny())
