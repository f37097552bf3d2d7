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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from aipm_planner.errors import InputError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_VALUES",
    "STDIN",
    "Document",
    "line_in",
    "parse_document",
    "read_document",
]

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest file read: a real roadmap or profile is a few kilobytes."""
MAX_VALUES = 1_000_000
"""Most values a document may expand to through YAML aliases."""
STDIN = "-"
"""The path that means standard input."""

_MERGE_TAG = "tag:yaml.org,2002:merge"
_Loc = tuple[str, ...]


class _InvalidScalarError(yaml.constructor.ConstructorError):
    """A scalar PyYAML recognised by its form but could not build (``2025-13-01``)."""

    node: yaml.Node | None = None
    """The scalar, as parsed."""


_TOO_MANY_DIGITS = re.compile(r"value has \d+ digits")
"""Python's refusal of an integer too long to convert, as its message says it."""
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
"""YAML 1.1 numbers in base 60 (``1:30`` is 90): read as text, as YAML 1.2 does."""


class _Loader(yaml.SafeLoader):
    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        # ``hours: 1:30`` meant an hour and a half, not 90 hours: such a value is text, so
        # it is refused with the field it was written in instead of silently misread.
        if kind is yaml.ScalarNode and implicit[0] and _SEXAGESIMAL.match(value):
            return yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG
        tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return tag

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            # A number of thousands of digits is quoted by its start, and Python's advice on
            # raising its digit limit is left out: the number is what needs fixing.
            shown = node.value if len(str(node.value)) <= 40 else f"{str(node.value)[:40]}..."
            why = str(exc)
            if digits := _TOO_MANY_DIGITS.search(why):
                why = f"a number is too long to read ({digits[0]})"
            error = _InvalidScalarError(
                None, None, f"invalid value {shown!r}: {why}", node.start_mark
            )
            error.node = node
            raise error from None


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


def line_in(source: str, loc: Sequence[str | int]) -> int | None:
    """Line of the field at ``loc`` in the file ``source``, read again to name it in an
    error found after loading; ``None`` for standard input or a file that cannot be read."""
    if source == "<stdin>":
        return None
    try:
        return read_document(source).line_of(loc)
    except (InputError, OSError):
        return None


_EMPTY_HINT = "write its fields; 'aipm-planner schema roadmap|profile|progress|schedule' lists them"


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
        raise InputError("the file is empty", path=source, hint=_EMPTY_HINT)
    if text.lstrip("\ufeff \t\r\n").upper().startswith("BEGIN:VCALENDAR"):
        # YAML would read most of one as a text, or stop at its first ': '.
        raise InputError(
            "this is an iCalendar (.ics) file, not YAML or JSON",
            path=source,
            line=1,
            hint="list a busy calendar in a profile (busy_calendars: [busy.ics]);"
            " give a calendar written earlier to --previous",
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
            hint=_EMPTY_HINT,
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
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError(
            "the file is UTF-32 text", path=source, hint="save it as UTF-8 and try again"
        )
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
    loader: _Loader | None = None
    lines: dict[_Loc, int] = {}
    paths: dict[int, _Loc] = {}
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _check_expansion(node, source)
        _walk(node, (), lines, paths, source)
        return loader.construct_document(node), lines
    except _InvalidScalarError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        at_line: list[_Loc] = [loc for loc, number in lines.items() if number == line]
        where = paths.get(id(exc.node)) if exc.node is not None else None
        if where is None:  # a key, not a value: the deepest field on its line
            where = max(at_line, key=len) if at_line else ()
        raise InputError(
            exc.problem or "invalid value",
            path=source,
            field=".".join(where) or None,
            value=None if exc.node is None else exc.node.value,
            line=line,
            hint="quote the value if it is meant as text, or correct it",
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise _yaml_syntax_error(exc, source) from None
    except yaml.reader.ReaderError as exc:
        # PyYAML gives the character's code point, which alone reads as a number ("7")
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError(
            f"YAML cannot contain the character U+{code:04X}",
            path=source,
            line=text[: exc.position].count("\n") + 1,
            value=chr(code),
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
    constructing = isinstance(exc, yaml.constructor.ConstructorError)
    reason = f"YAML {'error' if constructing else 'syntax error'}: {problem}"
    if exc.context:
        reason += f" ({exc.context})"
    if mark is not None:
        reason += f" at column {mark.column + 1}"
    hint = "check indentation and quoting; quote values that contain ': ' or ' #'"
    if "'\\t'" in problem:
        hint = "indent with spaces, not tabs"
    elif "single document" in (exc.context or ""):
        hint = "a file holds one document: remove the '---' line and what follows it"
    elif constructing:
        hint = "remove the '!' tag: only plain YAML data (mappings, lists, text, numbers) is read"
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


def _walk(
    node: yaml.Node, loc: _Loc, lines: dict[_Loc, int], seen: dict[int, _Loc], source: str
) -> None:
    """Record the line of every field path and the path of every node (in ``seen``), and
    refuse keys given twice in one mapping."""
    if id(node) in seen:  # an alias: its content was recorded where it was defined
        return
    seen[id(node)] = loc
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
    except ValueError as exc:  # a number too long to convert ("Exceeds the limit ...")
        try:  # the YAML reader of the same text knows the field path and line
            _parse_yaml(text, source)
        except InputError as detailed:
            if detailed.reason.startswith("invalid value "):
                raise detailed from None
        raise InputError(
            f"a number is too long to read ({str(exc).split(';')[0]})",
            path=source,
            hint="numbers in these files have at most a few digits",
        ) from None


def _json_lines(text: str, source: str) -> dict[_Loc, int]:
    """Field lines of a JSON document, read through YAML (best effort, small files only)."""
    if len(text) > MAX_FILE_BYTES // 5:
        return {}
    try:
        return _parse_yaml(text, source)[1]
    except InputError:
        return {}
