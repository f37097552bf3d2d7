"""``aipm-planner schema`` names its dialect, draft 2020-12, as its help says.

Without ``$schema`` a validator picks its own default (draft-07 for many), so a tool in
another language could not tell how to read the schema.
"""

from __future__ import annotations

import json

import pytest

from aipm_planner.cli import main


@pytest.mark.parametrize("kind", ["roadmap", "profile", "schedule", "progress"])
def test_every_schema_names_draft_2020_12(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    assert main(["schema", kind]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
