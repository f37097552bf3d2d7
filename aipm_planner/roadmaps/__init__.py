"""Built-in roadmaps: every ``*.yaml`` file in this folder is one, named after the file.

Adding a roadmap means adding a data file; no code changes.

>>> "ai-product-manager" in builtin_roadmaps()
True
>>> builtin_roadmap("ai-product-manager").phases[0].weeks.max
4
"""

from __future__ import annotations

import functools
from importlib import resources

from aipm_planner.errors import InputError
from aipm_planner.loading import load_text
from aipm_planner.model import Roadmap

__all__ = ["DEFAULT_ROADMAP", "builtin_roadmap", "builtin_roadmaps"]

DEFAULT_ROADMAP = "ai-product-manager"
"""The roadmap planned when none is named."""

_SUFFIX = ".yaml"


@functools.lru_cache(maxsize=1)
def _names() -> tuple[str, ...]:
    folder = resources.files(__name__)
    return tuple(
        sorted(
            entry.name.removesuffix(_SUFFIX)
            for entry in folder.iterdir()
            if entry.name.endswith(_SUFFIX) and entry.is_file()
        )
    )


def builtin_roadmaps() -> list[str]:
    """Names of the built-in roadmaps, sorted."""
    return list(_names())


@functools.cache
def builtin_roadmap(name: str) -> Roadmap:
    """The built-in roadmap called ``name`` (parsed once, then cached; models are frozen)."""
    if name not in _names():
        raise InputError(
            f"unknown built-in roadmap {name!r}",
            value=name,
            hint=f"available: {', '.join(_names())} (see 'aipm-planner roadmaps')",
        )
    text = (resources.files(__name__) / f"{name}{_SUFFIX}").read_text(encoding="utf-8")
    return load_text(text, Roadmap, f"{name}{_SUFFIX} (built-in)")
