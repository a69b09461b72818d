"""The Python runner of ``cargo xtask bench``'s validation section.

The generated package's ``parse_event`` against the generic validators a
Python consumer would otherwise call, each given the message as received
(``json.loads`` included) and each schema compiled once up front:
``jsonschema`` (``Draft202012Validator``) and ``fastjsonschema``
(``fastjsonschema.compile``).

Before timing, each validator's verdict on every message of
``DIR/documents.jsonl`` is compared with the reference verdict written beside
it (but for the ``baseline``, ``json.loads`` alone, which gives none); then
each is timed ``--runs`` times, the validators taking turns, each run whole
passes over the messages for at least ``--min-time`` seconds, and the median
is reported. One JSON line per validator goes to stdout (the protocol
``xtask/src/bench/validation.rs`` reads).

Usage: ``python benches/python/validation.py DIR [--min-time 0.5] [--runs 3]``
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import event_contracts
import fastjsonschema
import jsonschema
import jsonschema_rs
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

Accepts = Callable[[str], bool]


class Dispatch:
    """A message's event type and version, looked up in a map of compiled validators."""

    def __init__(self, schemas: dict[str, Any], compile_judge: Callable[[dict[str, Any]], Callable[[Any], bool]]):
        self.type_field: str = schemas["event_type_field"]
        self.version_field: str | None = schemas["schema_version_field"]
        self.validators = {
            (e["event_type"], e["schema_version"] if self.version_field else None): compile_judge(e["judge"])
            for e in schemas["events"]
        }

    def accepts(self, message: str) -> bool:
        try:
            doc = json.loads(message)
        except ValueError:
            return False
        if not isinstance(doc, dict):
            return False
        version = None
        if self.version_field is not None:
            version = doc.get(self.version_field)
            # JSON Schema counts 1.0 as an integer; a bool is not one.
            if isinstance(version, float) and version.is_integer():
                version = int(version)
            if not isinstance(version, int) or isinstance(version, bool):
                return False
        check = self.validators.get((doc.get(self.type_field), version))
        return check is not None and check(doc)


def jsonschema_validator(schemas: dict[str, Any]) -> Accepts:
    registry: Registry[Any] = Registry().with_resources(
        (uri, Resource.from_contents(doc, default_specification=DRAFT202012))
        for uri, doc in schemas["resources"].items()
    )
    # The formats SPEC asserts (every one the library knows but the annotations).
    annotations = set(schemas["annotation_formats"])
    formats = [f for f in jsonschema.FormatChecker.checkers if f not in annotations]
    checker = jsonschema.FormatChecker(formats=formats)

    def compile_judge(judge: dict[str, Any]) -> Callable[[Any], bool]:
        return jsonschema.Draft202012Validator(judge, registry=registry, format_checker=checker).is_valid

    return Dispatch(schemas, compile_judge).accepts


def fastjsonschema_validator(schemas: dict[str, Any]) -> Accepts:
    resources = schemas["resources"]

    def resolve(uri: str) -> Any:
        return resources[uri.split("#")[0]]

    handlers = {"https": resolve, "http": resolve, "file": resolve}
    annotations = {f: (lambda _value: True) for f in schemas["annotation_formats"]}

    def compile_judge(judge: dict[str, Any]) -> Callable[[Any], bool]:
        validate = fastjsonschema.compile(judge, handlers=handlers, formats=annotations)

        def check(doc: Any) -> bool:
            try:
                validate(doc)
                return True
            except fastjsonschema.JsonSchemaException:
                return False

        return check

    return Dispatch(schemas, compile_judge).accepts


def jsonschema_rs_validator(schemas: dict[str, Any]) -> Accepts:
    registry = jsonschema_rs.Registry(list(schemas["resources"].items()))
    # Formats are asserted; the ones SPEC keeps as annotations accept anything.
    annotations = {f: (lambda _value: True) for f in schemas["annotation_formats"]}

    def compile_judge(judge: dict[str, Any]) -> Callable[[Any], bool]:
        validator = jsonschema_rs.validator_for(judge, registry=registry, validate_formats=True, formats=annotations)
        return validator.is_valid

    return Dispatch(schemas, compile_judge).accepts


def generated(message: str) -> bool:
    try:
        event_contracts.parse_event(message)
        return True
    except event_contracts.EventValidationError:
        return False


def disagreements(documents: list[dict[str, Any]], accepts: Accepts) -> list[str]:
    """Every message on which ``accepts`` differs from the reference, in words."""
    return [
        f"line {i + 1} ({d['kind']}): the reference says {'valid' if d['valid'] else 'invalid'},"
        f" this validator the opposite: {d['message']}"
        for i, d in enumerate(documents)
        if accepts(d["message"]) != d["valid"]
    ]


def parse_only(message: str) -> bool:
    json.loads(message)
    return True


def events_per_second(messages: list[str], min_time: float, accepts: Accepts) -> float:
    """Whole passes over the messages until ``min_time`` seconds have gone by."""
    start = time.perf_counter()
    events = 0
    while True:
        for m in messages:
            accepts(m)
        events += len(messages)
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return events / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", type=Path)
    parser.add_argument("--min-time", type=float, default=0.5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    documents = [json.loads(line) for line in (args.dir / "documents.jsonl").read_text().splitlines()]
    schemas = json.loads((args.dir / "schemas.json").read_text())
    messages = [d["message"] for d in documents]
    validators: list[tuple[str, str, Accepts]] = [
        ("parse_event", "generated", generated),
        (f"json.loads + jsonschema {version('jsonschema')}", "generic", jsonschema_validator(schemas)),
        (f"json.loads + fastjsonschema {version('fastjsonschema')}", "generic", fastjsonschema_validator(schemas)),
        (f"json.loads + jsonschema-rs {version('jsonschema_rs')}", "generic", jsonschema_rs_validator(schemas)),
        # Parsing alone, no verdict: the floor under every validator here.
        ("json.loads only", "baseline", parse_only),
    ]
    # Verdicts first: a validator that judges differently is reported before any figure of it is.
    verdicts = [disagreements(documents, accepts) if role != "baseline" else None for _, role, accepts in validators]
    # Runs take turns (every validator's first run, then every second run), so a busy spell on a
    # shared machine falls on all of them alike.
    runs: list[list[float]] = [[] for _ in validators]
    for _ in range(args.runs):
        for rates, (_, _, accepts) in zip(runs, validators):
            rates.append(events_per_second(messages, args.min_time, accepts))
    for (name, role, _), rates, found in zip(validators, runs, verdicts):
        line = {
            "runtime": "python",
            "validator": name,
            "role": role,
            "build": f"{platform.python_implementation()} {platform.python_version()}",
            "documents": len(documents),
            "events_per_second": statistics.median(rates),
            "runs": rates,
            "disagreements": found,
        }
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
