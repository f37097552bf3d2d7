"""The public API: every name in ``__all__`` resolves, and no submodule shadows a function."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import types

import aipm_planner


def test_every_public_name_resolves_even_after_importing_every_module() -> None:
    for info in pkgutil.walk_packages(aipm_planner.__path__, "aipm_planner."):
        importlib.import_module(info.name)
    for name in aipm_planner.__all__:
        value = getattr(aipm_planner, name)
        assert not isinstance(value, types.ModuleType), name


def test_import_does_not_load_the_solver_or_icalendar() -> None:
    code = (
        "import sys, aipm_planner; "
        "print(sorted(m for m in ('ortools', 'icalendar', 'matplotlib', 'caldav') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
