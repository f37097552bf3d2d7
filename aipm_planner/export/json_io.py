"""A :class:`Schedule` as JSON and back, losslessly.

The JSON holds the whole schedule, including the roadmap and profile it was made from, so
a tool in any language can read it without aipm_planner, and ``schedule_from_json`` gives
back a schedule equal to the one written (times come back in the learner's zone). The
format follows ``aipm-planner schema schedule``.

>>> from aipm_planner.export.json_io import schedule_from_json, schedule_to_json
>>> schedule_from_json(schedule_to_json(schedule)) == schedule  # doctest: +SKIP
True
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from aipm_planner.errors import InputError
from aipm_planner.export import write_atomic
from aipm_planner.model import Schedule
from aipm_planner.model.base import SCHEDULE_HINT, expect
from aipm_planner.model.schedule import SCHEDULE_VERSION, VERSION_HINT, check_schedule_version

if TYPE_CHECKING:
    from aipm_planner.documents import Document

__all__ = ["read_json", "schedule_from_json", "schedule_to_json", "write_json"]


def schedule_to_json(schedule: Schedule) -> str:
    """The schedule as JSON text: 2-space indent, fields in model order, a final newline.

    The same schedule always gives the same text.
    """
    expect(schedule, Schedule, "schedule", SCHEDULE_HINT)
    return schedule.model_dump_json(indent=2) + "\n"


def schedule_from_json(text: str | bytes, source: str = "<json>") -> Schedule:
    """Read a schedule written by :func:`schedule_to_json`.

    Raises :class:`InputError` naming ``source``, the field and the value when the text is
    not JSON, is of another format version, or does not describe a valid schedule; a key
    given twice, a number too long to read or nesting too deep are refused as
    :func:`read_json` refuses them in a file.
    """
    try:
        data = json.loads(text, object_pairs_hook=_each_key_once)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(f"not valid JSON: {exc}", path=source, line=line) from exc
    except (ValueError, RecursionError):
        # The reader of input files names the key, the number or the nesting, with its line.
        _document(text, source)
        raise
    if not isinstance(data, dict):
        raise InputError(
            f"a schedule is a JSON object, not {type(data).__name__}", path=source, value=data
        )
    _check_version(data.get("version", SCHEDULE_VERSION), source)
    try:
        return Schedule.model_validate(data)
    except ValidationError:
        # Read again with the line of every field, for the message.
        from aipm_planner.loading import validate_document

        validate_document(_document(text, source), Schedule)
        raise


def _each_key_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):
        raise ValueError("a key is given twice")
    return result


def _document(text: str | bytes, source: str) -> Document:
    """``text`` read as an input file is read: problems become an :class:`InputError`."""
    from aipm_planner.documents import parse_document

    if isinstance(text, bytes):
        text = text.decode(json.detect_encoding(text))
    return parse_document(text.removeprefix("\ufeff"), source, "json")


def read_json(path: str | os.PathLike[str]) -> Schedule:
    """Read a schedule JSON file (``"-"``: standard input).

    The file is read like every other input file (size, nesting and duplicate keys checked,
    errors naming the line, the field, the value and a hint), after its format version.
    """
    from aipm_planner.documents import read_document
    from aipm_planner.loading import validate_kind

    doc = read_document(path)
    if isinstance(doc.data, dict):
        _check_version(
            doc.data.get("version", SCHEDULE_VERSION), doc.source, doc.line_of(["version"])
        )
    return validate_kind(doc, Schedule)


def _check_version(version: object, source: str, line: int | None = None) -> None:
    try:
        check_schedule_version(version)
    except ValueError as exc:
        raise InputError(
            str(exc), path=source, field="version", value=version, line=line, hint=VERSION_HINT
        ) from None


def write_json(schedule: Schedule, path: str | os.PathLike[str]) -> None:
    """Write the schedule JSON to ``path`` atomically (``"-"``: standard output)."""
    write_atomic(path, schedule_to_json(schedule).encode("utf-8"))
