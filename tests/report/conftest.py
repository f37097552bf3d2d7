"""Fixtures for the report tests: a real headless Chromium, installed on demand in CI.

The browser is Debian's ``chromium`` package. When it is missing and the tests run as root
under CI (``CI=true``) or with ``AIPM_INSTALL_BROWSER=1``, it is installed once per test
session with ``apt-get``. If it still cannot be had, the browser tests fail in CI (a report
that was never looked at is not tested) and are skipped, with the reason, elsewhere.
``AIPM_CHROMIUM`` may name another Chromium binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

_PACKAGES = ("chromium", "fonts-dejavu-core")


def _find_chromium() -> str | None:
    named = os.environ.get("AIPM_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _install() -> str:
    """Install Chromium with apt-get; returns what went wrong, or '' on success."""
    if os.geteuid() != 0:
        return "installing it needs root"
    if shutil.which("apt-get") is None:
        return "apt-get is not available"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", *_PACKAGES],
    ):
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return f"{' '.join(command)} failed:\n{done.stderr[-1500:]}"
    return ""


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of a Chromium binary (installed first where allowed)."""
    found = _find_chromium()
    problem = ""
    if found is None and (_in_ci() or os.environ.get("AIPM_INSTALL_BROWSER") == "1"):
        problem = _install()
        found = _find_chromium()
    if found is not None:
        return found
    message = (
        "headless Chromium is needed for the report's browser tests and was not found"
        + (f" ({problem})" if problem else "")
        + "; install it with `apt-get install chromium` or set AIPM_INSTALL_BROWSER=1 (as root)"
    )
    if _in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
