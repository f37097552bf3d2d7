"""sync_caldav against a real Radicale server: creates, updates, deletes, and nothing else."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import icalendar
import pytest

from aipm_planner.caldav_sync import (
    SyncReport,
    is_our_uid,
    plain_http_warning,
    resolve_password,
    split_credentials,
    sync_caldav,
)
from aipm_planner.errors import SyncError
from aipm_planner.model import Schedule, session_uid

from . import dav, plans
from .server import HTPASSWD_PASSWORD, HTPASSWD_USER, Radicale

CALENDAR = "Study plan"

# The changed plan: intro's second session moves an hour later, proto's only session goes.
FIRST: tuple[plans.SessionSpec, ...] = (
    ("intro", dt.date(2027, 3, 1), "19:00", 60),
    ("intro", dt.date(2027, 3, 3), "19:00", 60),
    ("proto", dt.date(2027, 3, 8), "19:00", 60),
    ("sql", dt.date(2027, 3, 10), "19:00", 90),
    ("sql", dt.date(2027, 3, 15), "19:00", 30),
)
SECOND: tuple[plans.SessionSpec, ...] = (
    FIRST[0],
    ("intro", dt.date(2027, 3, 3), "20:00", 60),
    FIRST[3],
    FIRST[4],
)
MOVED = session_uid("tiny", "intro", 2)
REMOVED = session_uid("tiny", "proto", 1)


def sync(server: Radicale, user: str, plan: Schedule, **options: Any) -> SyncReport:
    return sync_caldav(plan, server.url, username=user, password="any", **options)


@pytest.fixture
def first() -> Schedule:
    return plans.schedule(FIRST)


@pytest.fixture
def second() -> Schedule:
    return plans.schedule(SECOND)


def test_first_sync_creates_the_calendar_and_every_object(
    radicale: Radicale, user: str, first: Schedule
) -> None:
    report = sync(radicale, user, first)

    assert report.created == plans.uids(first)
    assert (report.updated, report.deleted, report.unchanged, report.conflicts) == ([],) * 4
    assert report.calendar_created
    assert (
        report.summary() == f"calendar {CALENDAR!r}: 7 created, 0 updated, 0 deleted, 0 unchanged"
    )
    cal = dav.calendar(radicale.url, user, CALENDAR)
    assert sorted(dav.objects(cal)) == sorted(plans.uids(first))
    event = dav.event_of(cal, MOVED, user)
    assert event.summary == "Intro to AI (2/2)"
    assert str(event.get("X-AIPM-KIND")) == "session"
    assert event.sequence == 0
    assert event.start == dt.datetime(2027, 3, 3, 19, 0, tzinfo=first.profile.zone)
    assert dav.calendar_names(radicale.url, user) == [CALENDAR]


def test_second_sync_of_the_same_plan_writes_nothing(
    radicale: Radicale, user: str, first: Schedule
) -> None:
    sync(radicale, user, first)
    cal = dav.calendar(radicale.url, user, CALENDAR)
    before = dav.snapshot(cal, user)
    recorder = dav.Recorder()

    report = sync(radicale, user, first, client_factory=recorder)

    assert recorder.writes == []
    assert report.writes == 0
    assert report.unchanged == plans.uids(first)
    assert report.created == report.updated == report.deleted == []
    assert not report.calendar_created
    assert dav.snapshot(cal, user) == before


def test_changed_plan_updates_only_moved_and_deletes_only_removed(
    radicale: Radicale, user: str, first: Schedule, second: Schedule
) -> None:
    sync(radicale, user, first)
    recorder = dav.Recorder()

    report = sync(radicale, user, second, client_factory=recorder)

    assert report.updated == [MOVED]
    assert report.deleted == [REMOVED]
    assert report.created == report.conflicts == []
    assert sorted(report.unchanged) == sorted(set(plans.uids(first)) - {MOVED, REMOVED})
    assert [method for method, _ in recorder.writes] == ["PUT", "DELETE"]
    cal = dav.calendar(radicale.url, user, CALENDAR)
    assert sorted(dav.objects(cal)) == sorted(plans.uids(second))
    moved = dav.event_of(cal, MOVED, user)
    assert moved.sequence == 1
    assert moved.start == dt.datetime(2027, 3, 3, 20, 0, tzinfo=second.profile.zone)
    assert dav.event_of(cal, session_uid("tiny", "intro", 1), user).sequence == 0
    # Moving it back is another change: SEQUENCE keeps rising from the server's copy.
    sync(radicale, user, first)
    assert dav.event_of(cal, MOVED, user).sequence == 2


def test_the_learners_own_events_stay_byte_identical(
    radicale: Radicale, user: str, first: Schedule, second: Schedule
) -> None:
    plan_cal = dav.calendar(radicale.url, user, CALENDAR)
    other_cal = dav.calendar(radicale.url, user, "Personal")
    # Same time and title as a planned session: time and title never identify our events.
    twin = dav.ics(
        "dentist-1@example.org", "Intro to AI (1/2)", "20270301T180000Z", "20270301T190000Z"
    )
    dav.put(plan_cal, "dentist.ics", twin)
    dav.put(
        other_cal,
        "gym.ics",
        dav.ics("gym@example.org", "Gym", "20270302T170000Z", "20270302T180000Z"),
    )
    own = dav.snapshot(plan_cal, user)
    other = dav.snapshot(other_cal, user)

    for plan in (first, second, first):
        report = sync(radicale, user, plan)
        assert "dentist-1@example.org" not in report.deleted + report.updated + report.unchanged
        current = dav.snapshot(plan_cal, user)
        assert {href: current[href] for href in own} == own
        assert dav.snapshot(other_cal, user) == other
    assert sorted(dav.objects(plan_cal)) == sorted([*plans.uids(first), "dentist-1@example.org"])


def test_only_objects_this_library_made_are_deleted(
    radicale: Radicale, user: str, first: Schedule, second: Schedule
) -> None:
    cal = dav.calendar(radicale.url, user, CALENDAR)
    # Our UID form but no X-AIPM-KIND, and X-AIPM-KIND with a foreign UID: neither is ours.
    lookalike = session_uid("tiny", "proto", 9)
    dav.put(cal, "a.ics", dav.ics(lookalike, "A", "20270301T100000Z", "20270301T110000Z"))
    dav.put(
        cal,
        "b.ics",
        dav.ics(
            "b@example.org", "B", "20270301T100000Z", "20270301T110000Z", "X-AIPM-KIND:session"
        ),
    )
    sync(radicale, user, first)

    report = sync(radicale, user, second)

    assert report.deleted == [REMOVED]
    assert {lookalike, "b@example.org"} <= set(dav.objects(cal))


def test_is_our_uid() -> None:
    assert is_our_uid(session_uid("tiny", "intro", 1))
    assert not is_our_uid("b@example.org")
    assert not is_our_uid("not-a-uuid@aipm-planner")
    # A UUID, but random (version 4), not derived from our namespace's version-5 scheme.
    assert not is_our_uid("0b8a4a1e-2f9c-4d41-9c3e-0e2f3a4b5c6d@aipm-planner")


def test_interrupted_sync_completes_on_rerun(
    radicale: Radicale, user: str, first: Schedule
) -> None:
    with pytest.raises(SyncError) as caught:
        sync(radicale, user, first, client_factory=dav.Recorder(fail_after=2))
    message = str(caught.value)
    assert message.startswith(f"cannot reach the CalDAV server at {radicale.url} while writing")
    assert message.endswith(
        "(after 2 of 7 changes; run the sync again to finish): connection failed"
    )
    cal = dav.calendar(radicale.url, user, CALENDAR)
    assert sorted(dav.objects(cal)) == sorted(plans.uids(first)[:2])

    report = sync(radicale, user, first)

    assert report.unchanged == plans.uids(first)[:2]
    assert report.created == plans.uids(first)[2:]
    assert sorted(dav.objects(cal)) == sorted(plans.uids(first))


def test_writes_come_before_deletions_so_a_break_loses_nothing(
    radicale: Radicale, user: str, first: Schedule, second: Schedule
) -> None:
    sync(radicale, user, first)
    with pytest.raises(SyncError, match="after 0 of 2 changes"):
        sync(radicale, user, second, client_factory=dav.Recorder(fail_after=0))
    cal = dav.calendar(radicale.url, user, CALENDAR)
    assert REMOVED in dav.objects(cal)

    report = sync(radicale, user, second)

    assert (report.updated, report.deleted) == ([MOVED], [REMOVED])


def _edit_on_server(cal: Any, user: str, uid: str) -> Callable[[str, str], None]:
    """A hook that, before the sync's first write, changes ``uid`` as another client would."""
    done: list[bool] = []

    def edit(method: str, url: str) -> None:
        if done:
            return
        done.append(True)
        href = dav.objects(cal)[uid]
        parsed = icalendar.Calendar.from_ical(dav.get(href, user))
        for event in parsed.walk("VEVENT"):
            event["SUMMARY"] = icalendar.vText("Edited on my phone")
        dav.put(cal, href.rsplit("/", 1)[-1], parsed.to_ical().decode())

    return edit


def test_an_update_races_a_concurrent_edit_and_reports_a_conflict(
    radicale: Radicale, user: str, first: Schedule, second: Schedule
) -> None:
    sync(radicale, user, first)
    cal = dav.calendar(radicale.url, user, CALENDAR)
    recorder = dav.Recorder(before_write=_edit_on_server(cal, user, MOVED))

    report = sync(radicale, user, second, client_factory=recorder)

    assert report.conflicts == [MOVED]
    assert report.updated == []
    assert report.deleted == [REMOVED]
    assert report.summary().splitlines() == [
        f"calendar {CALENDAR!r}: 0 created, 0 updated, 1 deleted, 5 unchanged, 1 conflict",
        f"  conflict: Intro to AI (2/2), 2027-03-03 20:00 ({MOVED}) was changed on the server"
        " during the sync and was left as it is",
    ]
    assert dav.event_of(cal, MOVED, user).summary == "Edited on my phone"


def test_a_deletion_races_a_concurrent_edit_and_reports_a_conflict(
    radicale: Radicale, user: str, first: Schedule
) -> None:
    sync(radicale, user, first)
    cal = dav.calendar(radicale.url, user, CALENDAR)
    recorder = dav.Recorder(before_write=_edit_on_server(cal, user, REMOVED))
    without_proto = plans.schedule([spec for spec in FIRST if spec[0] != "proto"])

    report = sync(radicale, user, without_proto, client_factory=recorder)

    assert report.conflicts == [REMOVED]
    assert report.deleted == []
    assert dav.event_of(cal, REMOVED, user).summary == "Edited on my phone"


def test_dry_run_writes_nothing_and_says_what_it_would_do(
    radicale: Radicale, user: str, first: Schedule, second: Schedule
) -> None:
    recorder = dav.Recorder()
    report = sync(radicale, user, first, dry_run=True, client_factory=recorder)
    assert recorder.writes == []
    assert report.created == plans.uids(first)
    assert report.summary() == (
        f"dry run, nothing written; calendar {CALENDAR!r}: would create 7, update 0, delete 0;"
        " 0 unchanged (the calendar would be created)"
    )
    assert dav.calendar_names(radicale.url, user) == []

    sync(radicale, user, first)
    recorder = dav.Recorder()
    report = sync(radicale, user, second, dry_run=True, client_factory=recorder)
    assert recorder.writes == []
    assert report.actions() == [
        "update Intro to AI (2/2), 2027-03-03 20:00",
        "delete Prototype (1/1), 2027-03-08 19:00",
    ]
    cal = dav.calendar(radicale.url, user, CALENDAR)
    assert REMOVED in dav.objects(cal)


def test_wrong_password_is_one_line_without_the_password(
    radicale_htpasswd: Radicale, first: Schedule, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = HTPASSWD_PASSWORD + "-wrong"
    with pytest.raises(SyncError) as caught:
        sync_caldav(first, radicale_htpasswd.url, username=HTPASSWD_USER, password=wrong)
    assert str(caught.value) == (
        f"the CalDAV server at {radicale_htpasswd.url} refused access (401) while listing"
        " calendars: check the user name and the password"
    )
    assert wrong not in caplog.text


def test_right_password_works_and_appears_nowhere(
    radicale_htpasswd: Radicale,
    first: Schedule,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    report = sync_caldav(
        first, radicale_htpasswd.url, username=HTPASSWD_USER, password=HTPASSWD_PASSWORD
    )
    assert report.created == plans.uids(first)
    output = capsys.readouterr()
    for text in (caplog.text, output.out, output.err, report.model_dump_json()):
        assert HTPASSWD_PASSWORD not in text


def test_credentials_in_the_url_are_used_and_never_shown(
    radicale_htpasswd: Radicale, first: Schedule
) -> None:
    wrong = "hunter2-in-url"
    url = radicale_htpasswd.url.replace("http://", f"http://{HTPASSWD_USER}:{wrong}@")
    with pytest.raises(SyncError) as caught:
        sync_caldav(first, url)
    assert wrong not in str(caught.value)
    assert HTPASSWD_USER + ":" not in str(caught.value)
    assert str(caught.value).startswith(f"the CalDAV server at {radicale_htpasswd.url} refused")


def test_a_missing_calendar_that_cannot_be_created(
    radicale_no_new_calendars: Radicale, user: str, first: Schedule
) -> None:
    server = radicale_no_new_calendars
    with pytest.raises(SyncError) as caught:
        sync(server, user, first, calendar="Learning")
    assert str(caught.value) == (
        f"calendar 'Learning' not found at {server.url} and it could not be created"
        " (permission denied, 403); create it in your calendar app or name an existing one"
        " with --calendar"
    )
    # A dry run only reports that the calendar would be made.
    assert sync(server, user, first, calendar="Learning", dry_run=True).calendar_created


def test_stopped_server(radicale_factory: Callable[[], Radicale], first: Schedule) -> None:
    server = radicale_factory()
    server.stop()
    with pytest.raises(SyncError) as caught:
        sync_caldav(first, server.url, username="ann", password="pw")
    assert str(caught.value) == (
        f"cannot reach the CalDAV server at {server.url} while listing calendars:"
        " connection refused"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "not-a-url",
            "not a CalDAV URL: 'not-a-url' (give an http:// or https:// address such as"
            " https://dav.example.com/)",
        ),
        (
            "ftp://ann:pw@dav.example.com/",
            "not a CalDAV URL: 'ftp://dav.example.com/' (give an http:// or https:// address"
            " such as https://dav.example.com/)",
        ),
        (
            "http://no-such-host.invalid/",
            "cannot reach the CalDAV server at http://no-such-host.invalid/ while listing"
            " calendars: host name not found",
        ),
    ],
)
def test_bogus_url(url: str, message: str, first: Schedule) -> None:
    with pytest.raises(SyncError) as caught:
        sync_caldav(first, url, username="ann", password="pw")
    assert str(caught.value) == message


def test_a_path_without_caldav(radicale: Radicale, user: str, first: Schedule) -> None:
    url = radicale.url + "no/such/place/"
    with pytest.raises(SyncError) as caught:
        sync_caldav(first, url, username=user, password="pw")
    assert str(caught.value) == (
        f"nothing found at {url} while listing calendars: is it your server's CalDAV address?"
    )


def test_a_server_that_answers_garbage(garbage_server: str, first: Schedule) -> None:
    with pytest.raises(SyncError) as caught:
        sync_caldav(first, garbage_server, username="ann", password="pw")
    assert str(caught.value).startswith(
        f"the server at {garbage_server} does not answer like a CalDAV server while listing"
        " calendars ("
    )


def test_tls_failure(radicale: Radicale, first: Schedule) -> None:
    url = radicale.url.replace("http://", "https://")
    with pytest.raises(SyncError) as caught:
        sync_caldav(first, url, username="ann", password="pw")
    assert str(caught.value).startswith(f"TLS failure talking to {url}: ")


def test_plain_http_warning() -> None:
    assert plain_http_warning("http://dav.example.com/cal/") == (
        "warning: dav.example.com is reached over plain http://, so the password and the"
        " plan travel unencrypted; use https:// if the server offers it"
    )
    for url in (
        "https://dav.example.com/",
        "http://127.0.0.1:5232/",
        "http://localhost/",
        "http://[::1]:8080/",
    ):
        assert plain_http_warning(url) is None


def test_report_carries_the_plain_http_warning(
    radicale: Radicale, user: str, first: Schedule
) -> None:
    assert sync(radicale, user, first).warnings == []

    def elsewhere(url: str, username: str | None, password: str | None) -> Any:
        # The sync believes it talks to dav.example.com; the requests go to Radicale.
        return dav.client(radicale.url, user)

    report = sync_caldav(first, "http://dav.example.com/", client_factory=elsewhere)

    assert report.warnings == [plain_http_warning("http://dav.example.com/")]
    assert report.unchanged == plans.uids(first)


def test_split_credentials() -> None:
    assert split_credentials("https://ann%40x:p%3Aw@dav.example.com:8443/dav?x=1") == (
        "https://dav.example.com:8443/dav?x=1",
        "ann@x",
        "p:w",
    )
    assert split_credentials("http://dav.example.com") == ("http://dav.example.com/", None, None)


def test_password_from_environment_or_netrc(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CALDAV_PW", "from-env")
    url = "https://dav.example.com/"
    assert resolve_password(url, "ann", "CALDAV_PW") == ("ann", "from-env")
    assert resolve_password(url, "ann", None) == ("ann", None)
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine dav.example.com login ann password from-netrc\n")
    netrc.chmod(0o600)
    assert resolve_password(url, None, None) == ("ann", "from-netrc")
    assert resolve_password(url, "ann", None) == ("ann", "from-netrc")
    assert resolve_password(url, "bob", None) == ("bob", None)
    assert resolve_password("https://other.example.com/", None, None) == (None, None)
    monkeypatch.delenv("CALDAV_PW")
    with pytest.raises(SyncError) as caught:
        resolve_password(url, "ann", "CALDAV_PW")
    assert str(caught.value) == (
        "environment variable CALDAV_PW is not set; it should hold the CalDAV password"
    )


def test_a_malformed_netrc_is_named_but_not_quoted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    netrc = tmp_path / ".netrc"
    # The parser's own message would quote the token after the password.
    netrc.write_text("machine dav.example.com login ann password s3cret oops-s3cret\n")
    netrc.chmod(0o600)
    with pytest.raises(SyncError) as caught:
        resolve_password("https://dav.example.com/", None, None)
    assert str(caught.value) == "~/.netrc cannot be read (line 2); fix or remove it"
