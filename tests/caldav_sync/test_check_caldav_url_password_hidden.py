"""A CalDAV URL that cannot be read never shows its password in the error.

Only user information behind ``scheme://`` was hidden, so a URL typed without its scheme
(``ann:pw@dav.example.com/``), with a ``/`` in the password or with a bad port printed the
password, or part of it, in ``not a CalDAV URL: ...``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner import sync_caldav
from aipm_planner.cli import main
from aipm_planner.errors import SyncError
from aipm_planner.export.json_io import schedule_to_json

from . import plans

SECRET = "Hunter2xyz"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"ann:{SECRET}@dav.example.com/", "dav.example.com/"),
        (f"https://ann:{SECRET}@dav.example.com:99999/", "https://dav.example.com:99999/"),
        (
            f"https://ann:{SECRET[:4]}@{SECRET[4:]}@dav.example.com:99999/",
            "https://dav.example.com:99999/",
        ),
        (f"https://ann:{SECRET[:4]}/{SECRET[4:]}@dav.example.com/", "https://dav.example.com/"),
    ],
    ids=["no-scheme", "bad-port", "at-in-password", "slash-in-password"],
)
def test_the_password_is_not_in_the_message(url: str, shown: str) -> None:
    with pytest.raises(SyncError) as caught:
        sync_caldav(plans.schedule(), url)
    message = str(caught.value)
    assert message.startswith(f"not a CalDAV URL: {shown!r}")
    assert SECRET[:4] not in message
    assert SECRET[4:] not in message


def test_an_address_in_the_path_stays() -> None:
    url = "ftp://dav.example.com:8443/dav/calendars/ann@example.com/"
    with pytest.raises(SyncError) as caught:
        sync_caldav(plans.schedule(), url)
    assert f"{url!r}" in str(caught.value)


def test_the_command_line_hides_it_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(schedule_to_json(plans.schedule()), encoding="utf-8")
    url = f"ann:{SECRET}@dav.example.com/"

    code = main(["sync", "--caldav-url", url, "--schedule", str(plan_file)])

    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == (
        "error: not a CalDAV URL: 'dav.example.com/' (give an http:// or https:// address"
        " such as https://dav.example.com/)\n"
    )
    assert SECRET not in captured.out
