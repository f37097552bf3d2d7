"""Reading YAML/JSON documents safely, and turning every problem into a precise InputError.

A :class:`Document` is the parsed data of one file plus the line on which each field was
written, so that a validation error deep inside a roadmap can still say
``roadmap.yaml:42: phases.1.modules.0.weeks: ...``. Files are refused when they are too big,
binary, not UTF-8, empty, syntactically broken, contain a key twice, or expand through YAML
aliases into something huge (the "billion laughs" trick).
"""

from __future__ import annotations

import json
import os
import re
import sys
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from aipm_planner.errors import InputError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_VALUES",
    "STDIN",
    "Document",
    "parse_document",
    "read_document",
    "validation_input_error",
]

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest file read: a real roadmap or profile is a few kilobytes."""
MAX_VALUES = 1_000_000
"""Most values a document may expand to through YAML aliases."""
STDIN = "-"
"""The path that means standard input."""

_MERGE_TAG = "tag:yaml.org,2002:merge"
_Loc = tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """The parsed data of one file and the line where each field path was written."""

    source: str
    data: Any
    lines: Mapping[_Loc, int] = field(default_factory=dict)
    path: Path | None = None

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """Line of the field at ``loc``, or of its nearest enclosing field."""
        key = tuple(str(part) for part in loc)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return None


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read and parse a YAML or JSON file (``"-"`` reads standard input)."""
    if str(path) == STDIN:
        source, file_path = "<stdin>", None
        raw = _read_stdin()
    else:
        source, file_path = str(path), Path(path)
        raw = _read_file(file_path)
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(source)
    text = _decode(raw, source)
    fmt = "json" if source.lower().endswith(".json") else "yaml"
    return replace(parse_document(text, source, fmt), path=file_path)


def parse_document(text: str, source: str, fmt: str = "yaml") -> Document:
    """Parse YAML (or JSON when ``fmt == "json"``) text; errors name ``source``."""
    if len(text) > MAX_FILE_BYTES:
        raise _too_big(source)
    if not text.strip():
        raise InputError(
            "the file is empty", path=source, hint="write the fields of a roadmap or profile"
        )
    if fmt == "json":
        data = _parse_json(text, source)
        lines = _json_lines(text, source)
    else:
        data, lines = _parse_yaml(text, source)
    if data is None:
        raise InputError(
            "the file holds no data (only comments or 'null')",
            path=source,
            hint="write the fields of a roadmap or profile",
        )
    return Document(source=source, data=data, lines=lines)


def _read_stdin() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:
        data: bytes = stream.read(MAX_FILE_BYTES + 1)
        return data
    return sys.stdin.read(MAX_FILE_BYTES + 1).encode("utf-8")


def _read_file(path: Path) -> bytes:
    source = str(path)
    try:
        if path.is_dir():
            raise InputError(
                "is a folder, not a file", path=source, hint="give a .yaml or .json file"
            )
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(
            "file not found", path=source, hint="check the path and the current folder"
        ) from None
    except PermissionError:
        raise InputError(
            "permission denied: the file cannot be read",
            path=source,
            hint="check the file's permissions",
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot read the file: {exc.strerror or exc}", path=source, hint="check the path"
        ) from None


def _too_big(source: str) -> InputError:
    return InputError(
        f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB",
        path=source,
        hint="a roadmap or profile is a few kilobytes; check that this is the right file",
    )


def _decode(raw: bytes, source: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            "the file is UTF-16 text", path=source, hint="save it as UTF-8 and try again"
        )
    if b"\x00" in raw:
        raise InputError(
            "the file is binary (it contains NUL bytes), not YAML or JSON text",
            path=source,
            line=raw[: raw.index(b"\x00")].count(b"\n") + 1,
            hint="give a .yaml or .json text file",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the file is not UTF-8 text (byte {raw[exc.start]:#04x} at offset {exc.start})",
            path=source,
            line=raw[: exc.start].count(b"\n") + 1,
            value=raw[exc.start : exc.start + 1],
            hint="save the file as UTF-8",
        ) from None


def _parse_yaml(text: str, source: str) -> tuple[Any, dict[_Loc, int]]:
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _check_expansion(node, source)
        lines: dict[_Loc, int] = {}
        _walk(node, (), lines, set(), source)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        raise _yaml_syntax_error(exc, source) from None
    except yaml.reader.ReaderError as exc:
        raise InputError(
            f"YAML cannot contain the character {exc.character!r}",
            path=source,
            line=text[: exc.position].count("\n") + 1,
            value=exc.character,
            hint="remove control characters from the file",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", path=source, hint="check the syntax") from None
    except RecursionError:
        raise _too_deep(source) from None
    finally:
        if loader is not None:
            loader.dispose()


def _too_deep(source: str) -> InputError:
    return InputError(
        "the data is nested too deeply",
        path=source,
        hint="a roadmap is nested a few levels deep; check that this is the right file",
    )


def _yaml_syntax_error(exc: yaml.MarkedYAMLError, source: str) -> InputError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    reason = f"YAML syntax error: {problem}"
    if exc.context:
        reason += f" ({exc.context})"
    if mark is not None:
        reason += f" at column {mark.column + 1}"
    hint = "check indentation and quoting; quote values that contain ': ' or ' #'"
    if "'\\t'" in problem:
        hint = "indent with spaces, not tabs"
    return InputError(
        reason, path=source, line=mark.line + 1 if mark is not None else None, hint=hint
    )


def _check_expansion(root: yaml.Node, source: str) -> None:
    """Refuse documents whose aliases expand into more than MAX_VALUES values, or loop."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise InputError(
                "a YAML alias refers back into its own anchor",
                path=source,
                line=node.start_mark.line + 1,
                hint="remove the '*alias' that points into the structure it belongs to",
            )
        active.add(key)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_VALUES:
                raise InputError(
                    f"the document expands to more than {MAX_VALUES:,} values through YAML aliases",
                    path=source,
                    line=node.start_mark.line + 1,
                    hint="write the data out instead of nesting '*alias' references",
                )
        active.discard(key)
        sizes[key] = total
        return total

    size(root)


def _walk(node: yaml.Node, loc: _Loc, lines: dict[_Loc, int], seen: set[int], source: str) -> None:
    """Record the line of every field path, and refuse keys given twice in one mapping."""
    if id(node) in seen:  # an alias: its content was recorded where it was defined
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: dict[tuple[str, str], int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged = value_node.value if isinstance(value_node, yaml.SequenceNode) else []
                for part in merged or [value_node]:
                    _walk(part, loc, lines, seen, source)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            line = key_node.start_mark.line + 1
            ident = (key_node.tag, key_node.value)
            child = (*loc, str(key_node.value))
            if ident in keys:
                raise InputError(
                    f"key {key_node.value!r} is given twice (first on line {keys[ident]})",
                    path=source,
                    field=".".join(child),
                    value=key_node.value,
                    line=line,
                    hint="a key may appear only once in a mapping; remove or merge one of them",
                )
            keys[ident] = line
            lines.setdefault(child, line)
            _walk(value_node, child, lines, seen, source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*loc, str(index))
            lines.setdefault(child, item.start_mark.line + 1)
            _walk(item, child, lines, seen, source)


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"JSON syntax error: {exc.msg} at column {exc.colno}",
            path=source,
            line=exc.lineno,
            hint="check commas, quotes and brackets at this position",
        ) from None
    except _DuplicateKeyError as exc:
        try:  # the YAML reader of the same text knows the field path and line
            _parse_yaml(text, source)
        except InputError as detailed:
            if detailed.reason.startswith("key "):
                raise detailed from None
        raise InputError(
            f"key {exc.key!r} is given twice",
            path=source,
            value=exc.key,
            hint="a key may appear only once in an object; remove or merge one of them",
        ) from None
    except RecursionError:
        raise _too_deep(source) from None


def _json_lines(text: str, source: str) -> dict[_Loc, int]:
    """Field lines of a JSON document, read through YAML (best effort, small files only)."""
    if len(text) > MAX_FILE_BYTES // 5:
        return {}
    try:
        return _parse_yaml(text, source)[1]
    except InputError:
        return {}


# --- pydantic errors -> InputError -------------------------------------------------------

_HINTS = {
    "weeks": "write a number (4), a range '12-16' or {min: 12, max: 16}, with 1 <= min <= max",
    "hours": "give the study effort as a positive number of hours",
    "requires": "list ids of modules defined in this roadmap ('aipm-planner show FILE')",
    "after": "list ids of phases defined in this roadmap",
    "id": "use letters, digits, '_', '.' and '-'; every id must be unique",
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
    "busy_calendars": "list paths of .ics files, relative to the profile file",
    "skip": "list module ids of the roadmap",
}


def validation_input_error(
    exc: ValidationError, doc: Document, model_cls: type[BaseModel], kind: str
) -> InputError:
    """The first validation problem as an InputError with file, field, value, line and hint."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    message = re.sub(r"^(Value error|Assertion failed), ", "", str(first["msg"]))
    loc: tuple[str | int, ...] = tuple(first["loc"])
    etype = first["type"]
    found = True
    if not loc:
        loc = _locate(doc.data, message)
    elif etype != "missing":
        loc = _existing_prefix(doc.data, loc)
    value, found = _lookup(doc.data, loc)
    if etype == "missing":
        message = f"required field {loc[-1]!r} is missing" if loc else message
        found = False
    elif etype == "extra_forbidden":
        message = f"unknown field {loc[-1]!r}"
    if found and not isinstance(value, dict | list):
        shown = _show(value)
        if shown not in message:
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
        hint=_hint(etype, loc, model_cls, kind),
    )


def _hint(etype: str, loc: tuple[str | int, ...], model_cls: type[BaseModel], kind: str) -> str:
    if etype == "extra_forbidden":
        model = _model_at(model_cls, loc[:-1])
        allowed = f"; allowed here: {', '.join(model.model_fields)}" if model else ""
        return f"remove it or fix its spelling{allowed}"
    if etype == "missing":
        return f"add it (see 'aipm-planner schema {kind}')"
    for part in reversed(loc):
        if isinstance(part, str) and part in _HINTS:
            return _HINTS[part]
    return f"see 'aipm-planner schema {kind}' for the expected format"


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
        child, ok = _step(current, part)
        if not ok:
            if isinstance(part, str) and "[" in part:
                continue
            break
        current = child
        result.append(part)
    return tuple(result)


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
    if match := re.match(r"module '(.+)': 'requires' names unknown module '(.+)'", message):
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
