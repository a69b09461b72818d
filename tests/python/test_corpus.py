"""The conformance corpus through the installed Python packages.

Every document gets the reference validator's verdict (and the Rust crate's),
and every accepted document is written back as the same JSON value. The
corpus is written by ``cargo run -p tests --bin corpus -- target/corpus``
(``cargo xtask test`` does it before running pytest).
"""

from __future__ import annotations

import importlib
import json
import os
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import event_contracts
import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("CORPUS_DIR", ROOT / "target" / "corpus"))
BEDS = [
    (bed["name"], importlib.import_module(bed["python"])) for bed in json.loads((CORPUS / "index.json").read_text())
]

_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})\Z")


def _instant(s: str) -> str | None:
    m = _DATE_TIME.match(s)
    if m is None:
        return None
    offset = "Z" if m[4].upper() == "Z" or m[4] in ("+00:00", "-00:00") else m[4]
    return f"{m[1]}T{m[2]}.{(m[3] or '').rstrip('0')}{offset}"


def same_json(a: Any, b: Any) -> bool:
    """Same JSON value: numbers by value, date-times by instant and offset."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return a == b or (_instant(a) is not None and _instant(a) == _instant(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    return bool(a == b) and type(a) is type(b)


@pytest.mark.parametrize(("name", "package"), BEDS)
def test_python_agrees_with_the_reference_and_with_rust(name: str, package: ModuleType) -> None:
    lines = (CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    disagreements: list[str] = []
    compared = 0
    for line in lines:
        case = json.loads(line)
        doc, valid, rust = case["doc"], case["valid"], case["rust"]
        text = json.dumps(doc, ensure_ascii=False)
        try:
            event = package.parse_event(text)
        except package.EventValidationError as error:
            assert isinstance(error, ValueError)
            assert getattr(error, "kind", None) in (
                "syntax",
                "unknown_event_type",
                "unknown_version",
                "retired",
                "invalid",
            )
            if valid or rust["valid"]:
                disagreements.append(f"reference {valid}, rust {rust['valid']}, python False ({error})\n  {text}")
                continue
            # Every violation is reported as Rust reports it: same pointer,
            # keyword and words, in the same order.
            mine = [[v.pointer, v.keyword, v.message] for v in getattr(error, "violations", [])]
            compared += bool(mine)
            if mine != rust["violations"]:
                disagreements.append(f"violations: {text}\n  python {mine}\n  rust {rust['violations']}")
            continue
        if not valid or not rust["valid"]:
            disagreements.append(f"reference {valid}, rust {rust['valid']}, python True\n  {text}")
            continue
        package.validate_event(event)
        dumped = json.loads(package.dump_event(event))
        from_rust = json.loads(package.dump_event(package.parse_event(json.dumps(rust["dump"]))))
        if not same_json(dumped, doc) or not same_json(dumped, rust["dump"]) or not same_json(from_rust, doc):
            disagreements.append(
                f"round trip: {text}\n  python {json.dumps(dumped)}\n  rust {json.dumps(rust['dump'])}"
            )
    print(f"python ({name}): {len(lines)} checked, {len(disagreements)} disagreements")
    assert disagreements[:20] == []
    # An empty or one-sided corpus would agree with any runtime.
    verdicts = [json.loads(line)["valid"] for line in lines]
    assert verdicts.count(True) >= 5 and verdicts.count(False) >= 5, f"{name}.jsonl judges too little: {len(lines)} lines"
    assert compared >= 5, f"{name}: only {compared} documents had violations to compare"


def test_errors_name_the_pointer_and_the_known_types() -> None:
    with pytest.raises(event_contracts.EventValidationError) as unknown:
        event_contracts.parse_event('{"event_type": "credit.exploded", "schema_version": 1}')
    assert unknown.value.kind == "unknown_event_type"
    assert "credit.locked" in str(unknown.value)
    with pytest.raises(event_contracts.EventValidationError) as syntax:
        event_contracts.parse_event(b"{not json")
    assert syntax.value.kind == "syntax"


def test_building_a_deprecated_version_warns_and_parsing_it_does_not() -> None:
    import warnings

    line = next(
        json.loads(line)
        for line in (CORPUS / "schemas.jsonl").read_text(encoding="utf-8").splitlines()
        if '"credit.released"' in line and '"schema_version":1' in line and json.loads(line)["valid"]
    )
    with pytest.warns(DeprecationWarning, match="credit.released v1 is deprecated"):
        event_contracts.CreditReleasedV1.model_validate(line["doc"]["payload"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        event = event_contracts.parse_event(json.dumps(line["doc"]))
    assert isinstance(event, event_contracts.CreditReleasedV1Event)


@pytest.mark.parametrize(("name", "package"), BEDS)
def test_any_event_as_a_pydantic_type_gives_the_same_verdict(name: str, package: ModuleType) -> None:
    """``TypeAdapter(AnyEvent)`` and the models themselves accept exactly what the schema accepts."""
    import pydantic

    adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(package.AnyEvent)
    lines = (CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    disagreements = []
    for line in lines:
        case = json.loads(line)
        try:
            adapter.validate_python(case["doc"])
            accepted = True
        except pydantic.ValidationError:
            accepted = False
        if accepted != case["valid"]:
            disagreements.append(
                f"reference {case['valid']}, TypeAdapter(AnyEvent) {accepted}\n  {json.dumps(case['doc'])}"
            )
    print(f"python TypeAdapter(AnyEvent) ({name}): {len(lines)} checked, {len(disagreements)} disagreements")
    assert disagreements[:20] == []
    assert len(lines) >= 10, f"{name}.jsonl judges too little: {len(lines)} lines"


@pytest.mark.parametrize("bed", json.loads((ROOT / "tests" / "beds.json").read_text(encoding="utf-8")))
def test_the_readme_example_runs(bed: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    """Every generated Python package's README example runs as written."""
    readme = (ROOT / bed["out"] / "python" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert blocks, "the README has a Python example"
    for block in blocks:
        exec(compile(block, f"{bed['out']}/python/README.md", "exec"), {})  # noqa: S102 (the README's own code)
    assert "Error" not in capsys.readouterr().out


@pytest.mark.parametrize(("name", "package"), BEDS)
def test_validate_event_on_events_built_in_code(name: str, package: ModuleType) -> None:
    """Events built in code (pydantic models made without the schema check, as
    a producer's code makes them): ``validate_event`` gives the verdict of
    ``parse_event(dump_event(e))``, and the reference's where the event is the
    document it was built from."""
    import pydantic

    adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(package.AnyEvent)
    skip_check = {"__event_contracts_validated__": True}
    built = disagreements = 0
    for line in (CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        try:
            event = adapter.validate_python(case["doc"], context=skip_check)
        except pydantic.ValidationError:
            continue  # not even the shape of an event: code cannot build it
        built += 1
        try:
            package.validate_event(event)
            verdict = True
        except package.EventValidationError:
            verdict = False
        try:
            package.parse_event(package.dump_event(event))
            round_trip = True
        except package.EventValidationError:
            round_trip = False
        # pydantic may have coerced the document while building (``"5"`` to 5):
        # the reference's verdict applies when the event is the document.
        same = same_json(json.loads(package.dump_event(event)), case["doc"])
        if verdict != round_trip or (same and verdict != case["valid"]):
            disagreements += 1
    print(f"python validate_event ({name}): {built} events built in code, {disagreements} disagreements")
    assert disagreements == 0
