"""JSON texts at the edges of what a parser takes (``tests/json_text_edges.json``):
the Python package refuses as JSON exactly those the fixture marks ``syntax``,
as the Rust crate and the TypeScript package do, and never crashes."""

from __future__ import annotations

import json
from pathlib import Path

import event_contracts as ec

FIXTURE = json.loads((Path(__file__).resolve().parents[1] / "json_text_edges.json").read_text())


def test_parse_event_refuses_as_json_what_the_fixture_says() -> None:
    cases = FIXTURE["cases"]
    assert len(cases) >= 10
    wrong = []
    for c in cases:
        inner = c["open"] * c["times"] + c["middle"] + c["close"] * c["times"] + c.get("after", "")
        text = FIXTURE["event"].replace("$", inner)
        for data in (text, text.encode()):
            try:
                ec.parse_event(data)
                kind = "accepted"
            except ec.EventValidationError as e:
                kind = e.kind
            if (kind == "syntax") != (c["verdict"] == "syntax"):
                wrong.append(f"{c['what']} ({type(data).__name__}): {kind}")
    assert wrong == []
