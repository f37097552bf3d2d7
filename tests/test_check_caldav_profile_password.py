"""A password never goes from a profile's busy_caldav entry into a schedule or a message.

A ``busy_caldav`` URL with a password (``https://ann:pw@dav.example/``) used to be accepted
and copied, with the profile, into the schedule JSON; and a ``password:`` field written by
mistake was refused with its value shown in the error.
"""

from __future__ import annotations

import pytest

from aipm_planner.errors import InputError
from aipm_planner.loading import load_text
from aipm_planner.model import LearnerProfile

SECRET = "Sup3r-Secret-7"
PROFILE = """\
timezone: Europe/Berlin
start: 2027-01-04
availability: {mon: ["19:00-21:00"]}
busy_caldav:
"""


def error_of(entry: str) -> InputError:
    with pytest.raises(InputError) as caught:
        load_text(PROFILE + f"  - {entry}\n", LearnerProfile, "me.yaml")
    return caught.value


def test_a_password_in_the_url_is_refused_without_showing_it() -> None:
    error = error_of(f'{{url: "https://ann:{SECRET}@dav.example/", calendar: Work}}')
    assert str(error) == (
        "me.yaml:5: busy_caldav.0.url: holds a password, which every schedule made from this"
        " profile would copy (got 'https://ann:***@dav.example/')\n"
        "  hint: name the environment variable that holds it in password_env, or put the"
        " host in ~/.netrc"
    )
    assert SECRET not in repr(error.value)


def test_a_user_name_in_the_url_is_fine() -> None:
    profile = load_text(
        PROFILE + '  - {url: "https://ann@dav.example/", password_env: DAV}\n',
        LearnerProfile,
        "me.yaml",
    )
    assert profile.busy_caldav[0].url == "https://ann@dav.example/"


def test_a_password_field_is_refused_without_showing_it() -> None:
    error = error_of(f'{{url: "https://dav.example/", password: "{SECRET}"}}')
    assert str(error).splitlines()[0] == (
        "me.yaml:5: busy_caldav.0.password: unknown field 'password'"
        " (did you mean 'password_env'?) (got '***')"
    )
    assert SECRET not in str(error)
    assert SECRET not in repr(error.value)
