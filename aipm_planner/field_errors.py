"""Validation errors -> InputError: the field path as written, its value, line and a fix.

pydantic reports where inside the model a check failed; this module turns that into the
place in the file (``phases.1.modules.0.weeks`` on line 42), the value the user wrote, and
a hint. Cross-checks that pydantic reports for the whole model (an unknown ``requires`` id,
a dependency cycle, a deadline before the start) are traced back to the field they are about
from the ids in their message.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
from collections.abc import Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from aipm_planner.documents import Document
from aipm_planner.errors import InputError
from aipm_planner.model.schedule import VERSION_HINT

__all__ = ["validation_input_error"]

_HINTS = {
    "version": VERSION_HINT,
    "weeks": "write a number (4), a range '12-16' or {min: 12, max: 16},"
    " with 1 <= min <= max <= 520",
    "hours": "give the study effort as a positive number of hours (1.5 for 1 h 30 min)",
    "hours_done": "give the hours studied so far, calendar sessions included (1.5 for 1 h 30 min)",
    "requires": "list ids of modules defined in this roadmap ('aipm-planner show FILE')",
    "after": "list ids of phases defined in this roadmap",
    "id": "use ASCII letters, digits, '_', '.' and '-'; every id must be unique",
    "url": "use a full http:// or https:// address",
    "kind": "use course, project, practice or milestone",
    "teaches": "map skill names to levels 1-3, e.g. {sql: 2}",
    "timezone": "use an IANA time zone name such as 'Europe/Berlin' or 'America/New_York'",
    "availability": "map weekdays (mon..sun) to windows like '19:00-21:00' that end the same day",
    "blackouts": "write dates as YYYY-MM-DD and ranges as YYYY-MM-DD..YYYY-MM-DD",
    "start": "write the date as YYYY-MM-DD",
    "deadline": "write the date as YYYY-MM-DD, on or after start",
    "skills": "levels are 0-3 or none, basic, intermediate, advanced",
    "session": "minutes between 5 and 720, with min_minutes <= max_minutes",
    "break_minutes": "minutes between 0 and 240",
    "busy_calendars": "list paths of .ics files, relative to the profile file",
    "skip": "list module ids of the roadmap",
}

_PASSWORD_HINT = (
    "name the environment variable that holds it in password_env, or put the host in ~/.netrc"
)

_ONLY_MODULE = re.compile(r"^phase '.+?' spans at least \d+ weeks, but its only module")
_RANGE_CLASH = re.compile(r"^module '.+?' spans at least \d+ weeks, but its phase")
_LATER_PHASE = re.compile(r"^module '.+?': 'requires' names module '.+?' of phase '.+?', which")


def validation_input_error(
    exc: ValidationError, doc: Document, model_cls: type[BaseModel], kind: str
) -> InputError:
    """The first validation problem as an InputError with file, field, value, line and hint."""
    errors = exc.errors(include_url=False)
    first = _misspelled(errors) or errors[0]
    message = re.sub(r"^(Value error|Assertion failed), ", "", str(first["msg"]))
    loc: tuple[str | int, ...] = tuple(first["loc"])
    etype = first["type"]
    # a cross-check's message already names the ids involved
    cross_check = not loc
    if cross_check:
        loc = _locate(doc.data, message)
    elif etype != "missing":
        loc = _existing_prefix(doc.data, loc)
    if loc == ("availability",):
        loc = _weekday_key(doc.data, message)
    value, found = _lookup(doc.data, loc)
    if first["loc"] and first["loc"][-1] == "[key]":  # the key is wrong, not its value
        value, found = first["input"], True
    value = _without_password(loc, value)
    if etype == "missing":
        message = f"required field {loc[-1]!r} is missing" if loc else message
        found = False
    elif etype == "extra_forbidden":
        message = f"unknown field {loc[-1]!r}"
        model = _model_at(model_cls, loc[:-1])
        known = list(model.model_fields) if model is not None else []
        close = _close_match(str(loc[-1]), known)
        if close:
            message += f" (did you mean {close!r}?)"
    if found and not cross_check and not isinstance(value, dict | list):
        shown = _show(value)
        # pydantic's own messages never quote the value, but may hold the same digits as a
        # limit ("Input should be greater than 0" for a 0); only our messages may quote it,
        # a long one by its start.
        quoted = shown in message or (len(shown) > 40 and shown[:30] in message)
        if not quoted or etype not in ("value_error", "assertion_error"):
            message += f" (got {shown})"
    if len(errors) > 1:
        more = len(errors) - 1
        message += f" [and {more} more problem{'s' if more > 1 else ''}]"
    return InputError(
        message,
        path=doc.source,
        field=".".join(str(p) for p in loc) or None,
        value=value if found else None,
        line=doc.line_of(loc),
        hint=_text_hint(etype, value, found)
        or _cross_check_hint(message, cross_check)
        or _hint(etype, loc, model_cls, kind, message),
    )


def _misspelled(errors: Sequence[ErrorDetails]) -> ErrorDetails | None:
    """The unknown field that looks like a missing one beside it (``titel`` for ``title``):
    that field is most likely there, misspelled, so that is the problem to report."""
    missing: dict[tuple[Any, ...], list[str]] = {}
    for error in errors:
        if error["type"] == "missing" and error["loc"]:
            missing.setdefault(tuple(error["loc"][:-1]), []).append(str(error["loc"][-1]))
    for error in errors:
        if error["type"] == "extra_forbidden" and error["loc"]:
            names = missing.get(tuple(error["loc"][:-1]), [])
            if _close_match(str(error["loc"][-1]), names):
                return error
    return None


def _close_match(name: str, names: list[str]) -> str | None:
    """The field name ``name`` was most likely meant to be (``titel``, ``ID`` or ``Title``
    for ``title`` and ``id``), if any."""
    by_lower = {n.lower(): n for n in names}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1)
    return by_lower[close[0]] if close else None


def _cross_check_hint(message: str, cross_check: bool) -> str | None:
    """How to resolve a contradiction between fields, which no single value fixes."""
    if not cross_check:
        return None
    if _RANGE_CLASH.search(message):
        return "lower the module's minimum weeks or raise the phase's maximum weeks"
    if _ONLY_MODULE.search(message):
        return "lower the phase's minimum weeks or raise its module's maximum weeks"
    if "dependency cycle:" in message:
        return "nothing in a cycle can start first: remove one of its links"
    if _LATER_PHASE.search(message):
        return (
            "a module may require only modules of its own phase or of phases before or"
            " beside it: move one of the two modules, or remove the requirement"
        )
    return None


def _text_hint(etype: str, value: Any, found: bool) -> str | None:
    """Why YAML did not read a value as the text it looks like, if that is the problem."""
    if etype != "string_type" or not found:
        return None
    if value is None:
        return "write a value after the ':' (an empty value is null, not text)"
    if isinstance(value, bool | int | float | dt.date):
        return (
            "put it in quotes: unquoted, YAML reads yes, no, on and off as true and false,"
            " and digits and dates as numbers and dates"
        )
    return None


def _hint(
    etype: str, loc: tuple[str | int, ...], model_cls: type[BaseModel], kind: str, message: str
) -> str:
    if "holds a password" in message:  # a URL's password: where credentials belong instead
        return _PASSWORD_HINT
    if etype == "extra_forbidden":
        model = _model_at(model_cls, loc[:-1])
        allowed = f"; allowed here: {', '.join(model.model_fields)}" if model else ""
        return f"remove it or fix its spelling{allowed}"
    if etype == "missing":
        return f"add it (see 'aipm-planner schema {kind}')"
    if etype == "timezone_aware" or etype.startswith("datetime"):
        # A moment (a session's start, as_of), not a day: the hints by field name are for days.
        return "write a date and time with its UTC offset, like 2027-01-04T19:00:00+01:00"
    for part in reversed(loc):
        if isinstance(part, str) and part in _HINTS:
            return _HINTS[part]
    return f"see 'aipm-planner schema {kind}' for the expected format"


_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*):[^/\s@]*@")


def _without_password(loc: tuple[str | int, ...], value: Any) -> Any:
    """``value`` as it may be shown: a password, in a field of that name or in a URL, is
    replaced by ``***`` (credentials never appear in a message)."""
    if loc and str(loc[-1]).lower() in ("password", "passwd", "secret", "token"):
        return "***"
    if isinstance(value, str):
        return _URL_PASSWORD.sub(r"\1:***@", value)
    return value


def _show(value: Any) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _step(current: Any, part: str | int) -> tuple[Any, bool]:
    """One step down a field path: a mapping key or a list index."""
    if isinstance(current, dict) and part in current:
        return current[part], True
    if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
        return current[part], True
    return None, False


def _lookup(data: Any, loc: Sequence[str | int]) -> tuple[Any, bool]:
    current = data
    for part in loc:
        current, ok = _step(current, part)
        if not ok:
            return None, False
    return current, True


def _existing_prefix(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The longest part of a pydantic location that exists in the data as written
    (a blackout ``"2025-13-01"`` fails at ``blackouts.0.start``, but the user wrote
    ``blackouts.0``); pydantic's own type tags such as ``list[str]`` are dropped."""
    result: list[str | int] = []
    current = data
    for part in loc:
        if result == ["availability"]:
            part = _weekday_as_written(current, part)
        child, ok = _step(current, part)
        if not ok:
            if isinstance(part, str) and "[" in part:
                continue
            break
        current = child
        result.append(part)
    return tuple(result)


def _weekday_as_written(days: Any, day: str | int) -> str | int:
    """The key the user wrote for a weekday that the model reads as ``mon``..``sun``
    (``Sunday:`` or ``thurs:``), so that its problems point at the line it is on."""
    if not isinstance(days, dict) or day in days:
        return day
    written = [key for key in days if str(key).strip().lower()[:3] == day]
    return written[0] if len(written) == 1 else day


def _weekday_key(data: Any, message: str) -> tuple[str | int, ...]:
    """The weekday key an ``availability`` problem names (an unknown or repeated day)."""
    match = re.match(r"(?:unknown weekday|weekday) ('.*?'|[^\s;:]+)[;: ]", message)
    days = data.get("availability") if isinstance(data, dict) else None
    if match and isinstance(days, dict):
        for key in days:
            if repr(key) == match.group(1):
                return ("availability", key)
    return ("availability",)


def _strip(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that reads the mapping at ``loc`` (for listing its allowed fields)."""
    current: Any = model
    for part in loc:
        current = _strip(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part) if isinstance(part, str) else None
            if info is None:
                return None
            current = info.annotation
        elif get_origin(current) is list:
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    current = _strip(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


# Cross-checks run on the whole model, so pydantic reports them at the top level; find the
# field they are about from the ids their message names.
def _locate(data: Any, message: str) -> tuple[str | int, ...]:
    if match := re.match(r"duplicate (phase|module) id '(.+)'", message):
        found = _find(data, match.group(1), match.group(2))
        return (*found[-1], "id") if found else ()
    if match := re.match(r"phase '(.+)': 'after' names (?:unknown phase '(.+)'|itself)", message):
        return _entry(data, "phase", match.group(1), "after", match.group(2) or match.group(1))
    if match := re.match(r"module '(.+?)': 'requires' names (?:unknown )?module '(.+?)'", message):
        return _entry(data, "module", match.group(1), "requires", match.group(2))
    if match := re.match(r"phase '(.+?)' spans at least", message):
        found = _find(data, "phase", match.group(1))
        return (*found[0], "weeks") if found else ()
    if match := re.match(r"module '(.+?)' spans at least", message):
        found = _find(data, "module", match.group(1))
        return (*found[0], "weeks") if found else ()
    if match := re.match(r"module and phase order dependency cycle: ([^ ]+) -> ([^ ]+) ", message):
        return _entry(data, "module", match.group(1), "requires", match.group(2))
    if match := re.match(r"(phase|module) dependency cycle: (\S+) -> (\S+)", message):
        field_name = "after" if match.group(1) == "phase" else "requires"
        return _entry(data, match.group(1), match.group(2), field_name, match.group(3))
    if message.startswith("deadline"):
        return ("deadline",)
    if message.startswith("availability is empty"):
        return ("availability",)
    if match := re.match(r"availability (\w+):", message):
        days = data.get("availability") if isinstance(data, dict) else None
        for key in days if isinstance(days, dict) else {}:
            if str(key).strip().lower()[:3] == match.group(1):
                return ("availability", key)
    return ()


def _find(data: Any, what: str, ident: str) -> list[tuple[str | int, ...]]:
    """Paths of every phase or module with this id, in file order."""
    found: list[tuple[str | int, ...]] = []
    phases = data.get("phases") if isinstance(data, dict) else None
    for i, phase in enumerate(phases if isinstance(phases, list) else []):
        if not isinstance(phase, dict):
            continue
        if what == "phase" and phase.get("id") == ident:
            found.append(("phases", i))
        modules = phase.get("modules")
        for j, module in enumerate(modules if isinstance(modules, list) else []):
            if what == "module" and isinstance(module, dict) and module.get("id") == ident:
                found.append(("phases", i, "modules", j))
    return found


def _entry(data: Any, what: str, ident: str, field_name: str, target: str) -> tuple[str | int, ...]:
    """Path of ``target`` inside the ``field_name`` list of the phase/module ``ident``."""
    found = _find(data, what, ident)
    if not found:
        return ()
    owner, _ = _lookup(data, found[0])
    entries = owner.get(field_name) if isinstance(owner, dict) else None
    if isinstance(entries, list) and target in entries:
        return (*found[0], field_name, entries.index(target))
    return (*found[0], field_name)
