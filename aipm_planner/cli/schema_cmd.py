"""``aipm-planner schema roadmap|profile|schedule|progress``: JSON Schema from the models.

Other tools validate their files with it. Input kinds (roadmap, profile, progress) give the
schema of what may be written; ``schedule`` gives the schema of what ``plan --json`` writes.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, Literal

from aipm_planner.errors import EXIT_OK
from aipm_planner.loading import model_for_kind

__all__ = ["SCHEMA_KINDS", "register", "run", "schema_text"]

SCHEMA_KINDS = ("roadmap", "profile", "schedule", "progress")
DRAFT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect pydantic writes, named in every schema's ``$schema``."""


def register(subparsers: Any) -> None:
    """Add the ``schema`` sub-command."""
    parser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of a file kind",
        description="Print the JSON Schema (draft 2020-12) of roadmap, profile, progress or"
        " schedule files, generated from the models.",
    )
    parser.add_argument("kind", choices=SCHEMA_KINDS, help="which schema")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    print(schema_text(args.kind))
    return EXIT_OK


def schema_text(kind: str) -> str:
    """The JSON Schema of ``kind`` as text: sorted keys, two-space indent."""
    model = model_for_kind(kind)
    mode: Literal["validation", "serialization"] = (
        "serialization" if kind == "schedule" else "validation"
    )
    # Say which draft it is: many validators assume draft-07 for a schema that does not.
    schema = {"$schema": DRAFT, **model.model_json_schema(mode=mode)}
    return json.dumps(schema, indent=2, sort_keys=True)
