"""YAML and JSON files -> models, with the file, field, value and line in every error.

Files are read as UTF-8 text (at most :data:`MAX_FILE_BYTES`), parsed as JSON when the name
ends in ``.json`` and as YAML otherwise (YAML also reads JSON), and validated by the pydantic
models. Whatever goes wrong becomes an :class:`~aipm_planner.errors.InputError` whose
message says where (``file:line: field.path:``), what, and how to fix it.

>>> profile = default_profile(today=dt.date(2025, 1, 1), timezone="Europe/Berlin")
>>> profile.start.isoformat(), profile.timezone
('2025-01-06', 'Europe/Berlin')
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from aipm_planner.documents import (
    MAX_FILE_BYTES,
    STDIN,
    Document,
    parse_document,
    read_document,
)
from aipm_planner.errors import InputError
from aipm_planner.field_errors import validation_input_error
from aipm_planner.model import LearnerProfile, Roadmap
from aipm_planner.model.profile import is_zone_name

if TYPE_CHECKING:
    from aipm_planner.model.progress import Progress
    from aipm_planner.model.schedule import Schedule

__all__ = [
    "DEFAULT_AVAILABILITY",
    "KINDS",
    "MAX_FILE_BYTES",
    "STDIN",
    "Kind",
    "default_profile",
    "detect_kind",
    "load_any",
    "load_model",
    "load_profile",
    "load_roadmap",
    "load_roadmap_ref",
    "load_text",
    "model_for_kind",
    "system_timezone",
]

M = TypeVar("M", bound=BaseModel)
Kind = Literal["roadmap", "profile", "progress", "schedule"]
KINDS: tuple[Kind, ...] = ("roadmap", "profile", "progress", "schedule")

DEFAULT_AVAILABILITY: dict[str, list[str]] = {
    "mon": ["19:00-21:00"],
    "tue": ["19:00-21:00"],
    "wed": ["19:00-21:00"],
    "thu": ["19:00-21:00"],
    "sat": ["09:00-12:00"],
}
"""Weekday evenings and a Saturday morning: 11 hours a week, Friday and Sunday free."""

_LOCALTIME = Path("/etc/localtime")
_TIMEZONE_FILE = Path("/etc/timezone")


def load_model(path: str | os.PathLike[str], model_cls: type[M]) -> M:
    """Read a YAML or JSON file (``"-"`` = standard input) into ``model_cls``."""
    return validate_kind(read_document(path), model_cls)


def load_text(text: str, model_cls: type[M], source_name: str = "<stdin>") -> M:
    """Parse YAML/JSON text into ``model_cls``; errors name ``source_name`` as the file."""
    fmt = "json" if source_name.endswith(".json") else "yaml"
    return validate_document(parse_document(text, source_name, fmt), model_cls)


def validate_document(doc: Document, model_cls: type[M]) -> M:
    """Validate parsed data against ``model_cls``; errors point into the document."""
    if not isinstance(doc.data, dict):
        raise InputError(
            f"the top level must be a mapping of fields, not {_type_name(doc.data)}",
            path=doc.source,
            value=doc.data if not isinstance(doc.data, list | dict) else None,
            line=1,
            hint=f"see 'aipm-planner schema {_kind_of(model_cls)}' for the expected fields",
        )
    try:
        return model_cls.model_validate(doc.data)
    except ValidationError as exc:
        raise validation_input_error(exc, doc, model_cls, _kind_of(model_cls)) from None


def validate_kind(doc: Document, model_cls: type[M]) -> M:
    """:func:`validate_document`, except that a file of another kind (a profile given as
    the roadmap) is named as such instead of with the fields it lacks."""
    try:
        return validate_document(doc, model_cls)
    except InputError:
        expected = _kind_of(model_cls)
        try:
            found: str = detect_kind(doc.data)
        except InputError:
            found = expected
        if found != expected:
            raise InputError(
                f"this is a {found} file, not a {expected}",
                path=doc.source,
                hint=f"give a {expected} file here ('aipm-planner validate FILE' tells the kind)",
            ) from None
        raise


def load_roadmap(path: str | os.PathLike[str]) -> Roadmap:
    """Read a roadmap file (YAML or JSON; ``"-"`` = standard input)."""
    return load_model(path, Roadmap)


def load_progress(path: str | os.PathLike[str]) -> Progress:
    """Read a progress report (YAML or JSON; ``"-"`` = standard input), for ``replan()``."""
    from aipm_planner.model.progress import Progress

    return load_model(path, Progress)


def load_schedule(path: str | os.PathLike[str]) -> Schedule:
    """Read a schedule JSON file as ``plan --json`` writes it (``"-"`` = standard input),
    its format version checked first."""
    from aipm_planner.export.json_io import read_json

    return read_json(path)


def load_profile(path: str | os.PathLike[str]) -> LearnerProfile:
    """Read a learner profile file (YAML or JSON; ``"-"`` = standard input).

    Relative ``busy_calendars`` paths are resolved against the profile file's folder (the
    current folder for standard input) and returned as absolute paths; each must exist.
    """
    doc = read_document(path)
    return _resolve_calendars(validate_kind(doc, LearnerProfile), doc)


def load_roadmap_ref(ref: str) -> Roadmap:
    """A built-in roadmap by name, or a roadmap file by path (``"-"`` = standard input)."""
    from aipm_planner.roadmaps import builtin_roadmap, builtin_roadmaps

    names = builtin_roadmaps()
    if ref in names:
        return builtin_roadmap(ref)
    if ref == STDIN or Path(ref).exists() or _looks_like_path(ref):
        return load_roadmap(ref)
    raise InputError(
        f"no built-in roadmap and no file named {ref!r}",
        value=ref,
        hint=f"built-in roadmaps: {', '.join(names)}; or give the path of a roadmap file",
    )


def model_for_kind(kind: str) -> type[BaseModel]:
    """The model class that reads files of ``kind`` (roadmap, profile, progress, schedule)."""
    if kind == "roadmap":
        return Roadmap
    if kind == "profile":
        return LearnerProfile
    if kind == "schedule":
        from aipm_planner.model.schedule import Schedule

        return Schedule
    if kind == "progress":
        try:  # the progress model is optional: older installations lack it
            progress = importlib.import_module("aipm_planner.model.progress")
        except ModuleNotFoundError:
            raise InputError(
                "progress files are not supported by this installation",
                value=kind,
                hint="update aipm-planner",
            ) from None
        model: type[BaseModel] = progress.Progress
        return model
    raise InputError(f"unknown kind {kind!r}", value=kind, hint=f"use one of: {', '.join(KINDS)}")


def load_any(path: str | os.PathLike[str], kind: str | None = None) -> tuple[str, BaseModel]:
    """Read a file of the given kind, or of the kind :func:`detect_kind` recognises."""
    doc = read_document(path)
    found = kind or detect_kind(doc.data, doc.source)
    model = validate_document(doc, model_for_kind(found))
    if isinstance(model, LearnerProfile):
        model = _resolve_calendars(model, doc)
    return found, model


def detect_kind(data: Any, source: str | None = None) -> Kind:
    """Guess what a parsed file is: a roadmap has ``phases``, a profile ``availability`` or
    ``timezone``, a progress file ``as_of``, a schedule ``sessions`` and ``roadmap``."""
    if not isinstance(data, dict):
        raise InputError(
            f"the top level must be a mapping of fields, not {_type_name(data)}",
            path=source,
            hint="a roadmap starts with 'id:', 'title:' and 'phases:'",
        )
    if "sessions" in data and "roadmap" in data:  # before "phases": a schedule has both
        return "schedule"
    if "phases" in data:
        return "roadmap"
    if "as_of" in data:
        return "progress"
    if "availability" in data or "timezone" in data:
        return "profile"
    raise InputError(
        "cannot tell what kind of file this is (a roadmap has 'phases', a profile"
        " 'availability', a progress file 'as_of', a schedule 'sessions' and 'roadmap')",
        path=source,
        hint="pass --kind roadmap, --kind profile, --kind progress or --kind schedule",
    )


def default_profile(today: dt.date | None = None, timezone: str | None = None) -> LearnerProfile:
    """The profile used when none is given: weekday evenings and Saturday mornings.

    Mon-Thu 19:00-21:00 and Sat 09:00-12:00 (11 h a week), sessions of 45-120 minutes with
    15-minute breaks, in ``timezone`` (default: :func:`system_timezone`), starting on the
    first Monday strictly after ``today`` (default: today in that zone), so the plan always
    begins with a whole, fresh week.
    """
    zone = timezone if timezone is not None else system_timezone()
    data: dict[str, Any] = {
        "name": "default",
        "timezone": zone,
        "availability": DEFAULT_AVAILABILITY,
        "session": {"min_minutes": 45, "max_minutes": 120, "break_minutes": 15},
    }
    doc = Document(source="default profile", data=data, lines={})
    if is_zone_name(zone):
        day = today if today is not None else dt.datetime.now(ZoneInfo(zone)).date()
        data["start"] = day + dt.timedelta(days=7 - day.weekday())
    return validate_document(doc, LearnerProfile)


def system_timezone(
    *,
    environ: Mapping[str, str] | None = None,
    localtime: Path = _LOCALTIME,
    timezone_file: Path = _TIMEZONE_FILE,
) -> str:
    """The learner's IANA zone: ``$TZ`` if it names one, else the system's zone, else UTC."""
    env = os.environ if environ is None else environ
    name = env.get("TZ", "").strip().removeprefix(":")
    if "zoneinfo/" in name:  # TZ=/usr/share/zoneinfo/Europe/Berlin
        name = name.rsplit("zoneinfo/", 1)[1]
    name = _plain_zone(name)
    if name and is_zone_name(name):
        return name
    try:
        target = os.path.realpath(localtime)
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        name = _plain_zone(target.rsplit("zoneinfo/", 1)[1])
        if is_zone_name(name):
            return name
    try:
        name = timezone_file.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        name = ""
    if name and is_zone_name(name):
        return name
    return "UTC"


def _plain_zone(name: str) -> str:
    """``right/Europe/Berlin`` (the same place, counting leap seconds) and
    ``posix/Europe/Berlin`` (a copy under another folder) -> ``Europe/Berlin``: the name
    calendars and other machines know."""
    return name.removeprefix("right/").removeprefix("posix/")


def _resolve_calendars(profile: LearnerProfile, doc: Document) -> LearnerProfile:
    if not profile.busy_calendars:
        return profile
    base = Path.cwd() if doc.path is None else doc.path.resolve().parent
    resolved: list[str] = []
    for index, entry in enumerate(profile.busy_calendars):
        path = Path(os.path.expanduser(entry))
        full = path if path.is_absolute() else base / path
        full = Path(os.path.normpath(full))
        if not full.is_file():
            what = "is a folder, not a file" if full.is_dir() else "does not exist"
            raise InputError(
                f"busy calendar file {str(full)!r} {what}",
                path=doc.source,
                field=f"busy_calendars.{index}",
                value=entry,
                line=doc.line_of(("busy_calendars", index)),
                hint=(
                    "paths are relative to the profile file's folder"
                    if doc.path is not None
                    else "paths in a profile read from standard input are relative to the"
                    " current folder"
                )
                + "; give an existing .ics file",
            )
        resolved.append(str(full))
    return profile.model_copy(update={"busy_calendars": resolved})


def _looks_like_path(ref: str) -> bool:
    return "/" in ref or os.sep in ref or ref.lower().endswith((".yaml", ".yml", ".json"))


def _kind_of(model_cls: type[BaseModel]) -> str:
    names = {"Roadmap": "roadmap", "LearnerProfile": "profile", "Progress": "progress"}
    return names.get(model_cls.__name__, model_cls.__name__.lower())


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"
