"""docs/data-format.md documents every list and every field of the JSON format."""

import dataclasses
from pathlib import Path

from alis_desktop.records import RECORD_KINDS

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"


def test_every_kind_and_field_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for kind, cls in RECORD_KINDS.items():
        assert f"### `{kind}`" in text, kind
        section = text.split(f"### `{kind}`", 1)[1].split("### ", 1)[0]
        for f in dataclasses.fields(cls):
            assert f"| `{f.name}` |" in section, f"{kind}.{f.name}"
