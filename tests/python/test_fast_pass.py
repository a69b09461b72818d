"""``parse_event``'s fast pass: pydantic reads the text of an event whose models
say all its schema says (``__fast__``, decided at generation) in strict mode,
and the generated checks judge only what it refuses. These are the documents
pydantic alone would take and the schema refuses; each must fall through to the
precise pass, which refuses it with its violations."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import event_contracts as ec
import pydantic
import pytest
from event_contracts import _runtime

ROOT = Path(__file__).resolve().parents[2]


def corpus(name: str) -> list[dict[str, Any]]:
    path = ROOT / "target" / "corpus" / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def valid(name: str, event_type: str, field: str = "event_type") -> dict[str, Any]:
    return next(copy.deepcopy(d["doc"]) for d in corpus(name) if d["valid"] and d["doc"].get(field) == event_type)


def refused(text: str) -> list[_runtime.Violation]:
    """The violations of a document the fast pass must leave to the precise pass."""
    assert ec._fast_pass(text) is None, text
    with pytest.raises(ec.EventValidationError) as error:
        ec.parse_event(text)
    assert error.value.kind == "invalid"
    return error.value.violations


def test_which_events_pydantic_reads_alone() -> None:
    assert ec.CustomerHandoffV1Event.__fast__
    assert ec.PersonUpdatedV1Event.__fast__
    doc = valid("schemas", "customer.handoff")
    text = json.dumps(doc)
    fast = ec._fast_pass(text)
    assert isinstance(fast, ec.CustomerHandoffV1Event)
    assert json.loads(ec.dump_event(fast)) == doc
    # A recursive type: pydantic nests deeper than the 127 levels every runtime parses.
    import recursive_contracts as rc

    assert not rc.TreeBuiltV1Event.__fast__
    tree = json.dumps(valid("recursive", "tree.built"))
    assert rc._fast_pass(tree) is None
    assert isinstance(rc.parse_event(tree), rc.TreeBuiltV1Event)


def test_a_multiple_of_a_decimal() -> None:
    # `multipleOf: 0.01` on a number: pydantic divides floats, `_fast_rest` is exact on decimals.
    assert ec.PaymentReceivedV1Event.__fast__
    doc = valid("schemas", "payment.received")
    for fee, multiple in ((2.9, True), (19.99, True), (2.915, False), (68.29, True)):
        payload = {**doc["payload"], "processor_fee_rate_percent": fee}
        text = json.dumps({**doc, "payload": payload})
        if multiple:
            assert ec._fast_pass(text) is not None, fee
        else:
            violations = refused(text)
            assert [(v.pointer, v.keyword) for v in violations] == [
                ("/payload/processor_fee_rate_percent", "multipleOf")
            ]


def test_what_pydantic_takes_and_the_schema_refuses() -> None:
    doc = valid("schemas", "customer.handoff")
    # `trace_id` is optional, not nullable: pydantic reads `null` as absent.
    violations = refused(json.dumps({**doc, "trace_id": None}))
    assert [(v.pointer, v.keyword) for v in violations] == [("/trace_id", "type")]
    # `from_domain` is required and fixed: pydantic fills in its default.
    payload = {k: v for k, v in doc["payload"].items() if k != "from_domain"}
    violations = refused(json.dumps({**doc, "payload": payload}))
    assert [(v.pointer, v.keyword) for v in violations] == [("/payload", "required")]
    # Date-times `fromisoformat` takes and RFC 3339 does not.
    for when in ("2026-05-12T14:05:00+05:60", "2026-05-12T14:05:60Z", "2026-05-12 14:05:00Z"):
        payload = {**doc["payload"], "handed_off_at": when}
        violations = refused(json.dumps({**doc, "payload": payload}))
        assert [(v.pointer, v.keyword) for v in violations] == [("/payload/handed_off_at", "format")]
    # A leap second where it ends a UTC day is one.
    payload = {**doc["payload"], "handed_off_at": "2026-06-30T23:59:60Z"}
    assert ec._fast_pass(json.dumps({**doc, "payload": payload})) is not None


def test_unique_items_and_dates() -> None:
    doc = valid("schemas", "person.updated")
    fields = doc["payload"]["changed_fields"]
    payload = {**doc["payload"], "changed_fields": [*fields, fields[0]]}
    violations = refused(json.dumps({**doc, "payload": payload}))
    assert [(v.pointer, v.keyword) for v in violations] == [("/payload/changed_fields", "uniqueItems")]
    # `date.fromisoformat` also reads ISO 8601's basic and week forms.
    for day in ("20240131", "2024-W05-3"):
        payload = {**doc["payload"], "date_of_birth": day}
        violations = refused(json.dumps({**doc, "payload": payload}))
        assert [(v.pointer, v.keyword) for v in violations] == [("/payload/date_of_birth", "format")]


def test_a_version_pydantic_would_read_as_a_boolean() -> None:
    # pydantic matches `Literal[1]` to `true`, even in strict mode; the event
    # class guards its version, so the peek's guess of the class cannot
    # make `true` a version.
    doc = valid("schemas", "customer.handoff")
    validate = ec.CustomerHandoffV1Event.__pydantic_validator__.validate_json
    with pytest.raises(pydantic.ValidationError):
        validate(json.dumps({**doc, "schema_version": True}), strict=True, by_name=False, context=_runtime._FAST_PASS)


def test_a_key_spelt_as_its_python_name_is_an_extra_property() -> None:
    import hostile_contracts as hc

    assert hc.TypeClassV1Event.__fast__
    doc = next(
        copy.deepcopy(d["doc"])
        for d in corpus("hostile")
        if d["valid"] and d["doc"].get("type") == "type.class" and "class" in d["doc"]
    )
    assert hc._fast_pass(json.dumps(doc)) is not None
    # `class` is the field `class_` in Python, which pydantic reads by either name.
    swapped = {("class_" if k == "class" else k): v for k, v in doc.items()}
    assert hc._fast_pass(json.dumps(swapped)) is None
    with pytest.raises(hc.EventValidationError):
        hc.parse_event(json.dumps(swapped))


def test_a_key_spelt_as_a_python_name_is_an_extra_member_of_an_open_object() -> None:
    import foreign_contracts as fc

    doc = next(
        copy.deepcopy(d["doc"])
        for d in corpus("foreign")
        if d["valid"] and d["doc"].get("type") == "sensor.g2.reading" and "aB" not in d["doc"]["data"]
    )
    # `aB` is the field `a_b_7` in Python; the key `a_b_7` is another property,
    # which the open object takes, whatever it holds.
    doc["data"]["a_b_7"] = "not a number"
    text = json.dumps(doc)
    _, event_class = fc._event_class(fc._runtime.parse_json(text))
    for event in (fc.parse_event(text), fc._built(event_class, json.loads(text))):
        assert isinstance(event, fc.SensorG2ReadingV1Event)
        assert event.data is not None
        assert event.data.a_b_7 is None
        assert json.loads(fc.dump_event(event))["data"]["a_b_7"] == "not a number"


def test_what_only_the_precise_pass_accepts() -> None:
    # `1.0` is an integer to JSON Schema; pydantic's strict `int` refuses it.
    doc = valid("schemas", "person.updated")
    doc["payload"]["person_version"] = 1.0
    text = json.dumps(doc)
    assert ec._fast_pass(text) is None
    event = ec.parse_event(text)
    assert isinstance(event, ec.PersonUpdatedV1Event)
    assert event.payload.person_version == 1


@pytest.mark.parametrize("name", ["schemas", "goodgo", "flatrender", "keywords", "hostile", "suggestions"])
def test_both_passes_build_the_same_event(name: str) -> None:
    """Every valid document of the corpus the fast pass reads: the same event
    (dumped alike) as the precise pass builds from the validated value."""
    package: Any = __import__(f"{bed_module(name)}")
    runtime = package._runtime
    read = 0
    for line in corpus(name):
        if not line["valid"]:
            continue
        text = json.dumps(line["doc"])
        fast = package._fast_pass(text)
        if fast is None:
            continue
        read += 1
        value = runtime.parse_json(text)
        _, event_class = package._event_class(value)
        precise = package._built(event_class, value)
        assert package.dump_event(fast) == package.dump_event(precise), text
    if name in ("schemas", "flatrender", "hostile"):
        assert read > 0, f"no document of {name} took the fast pass"


def bed_module(name: str) -> str:
    beds = json.loads((ROOT / "tests" / "beds.json").read_text(encoding="utf-8"))
    return str(next(b["module"] for b in beds if b["name"] == name))


def test_an_integer_no_double_holds() -> None:
    # pydantic reads a 400-digit integer; Rust's parser, and so every runtime, refuses it.
    doc = valid("schemas", "person.updated")
    doc["payload"]["person_version"] = 10**400
    text = json.dumps(doc)
    assert ec._fast_pass(text) is None
    with pytest.raises(ec.EventValidationError) as error:
        ec.parse_event(text)
    assert error.value.kind == "syntax"


def test_a_one_of_told_apart_by_its_discriminator() -> None:
    # `failure` is a `oneOf` of three objects, each with its own `kind`: no
    # value matches two, so pydantic's union is the `oneOf`.
    assert ec.PaymentFailedV1Event.__fast__
    doc = valid("schemas", "payment.failed")
    assert ec._fast_pass(json.dumps(doc)) is not None
    declined = {"kind": "card_declined", "return_code": "R01"}
    violations = refused(json.dumps({**doc, "payload": {**doc["payload"], "failure": declined}}))
    assert [(v.pointer, v.keyword) for v in violations] == [("/payload/failure", "oneOf")]


def test_any_json_is_read_again_as_parse_json_reads_it() -> None:
    """An open object keeps its extra members as any JSON, which pydantic reads
    with `NaN`, infinities, integers no double holds and any depth: the fast
    pass reads them again, and takes a text of at most 127 brackets."""
    import suggestions_events as se

    assert se.DomainSuggestionsGeneratedV1Event.__any_json__
    doc = valid("suggestions", "domain.suggestions.generated", field="type")
    text = json.dumps(doc)
    for extra in ("NaN", "-Infinity", "1e400", "1" + "0" * 400, "[" * 128 + "]" * 128):
        changed = text[:-1] + f', "extra": {extra}}}'
        assert se._fast_pass(changed) is None, extra
        with pytest.raises(se.EventValidationError) as error:
            se.parse_event(changed)
        assert error.value.kind == "syntax", extra
    # `1.0` is the integer 1 to the precise pass: the fast pass reads it so too.
    changed = text[:-1] + ', "extra": {"n": [1.0, 2.5]}}'
    fast = se._fast_pass(changed)
    assert fast is not None
    assert json.loads(se.dump_event(fast))["extra"] == {"n": [1, 2.5]}
    assert se.dump_event(fast) == se.dump_event(se.parse_event(changed))


def test_a_key_given_twice_hides_no_text_the_other_runtimes_refuse() -> None:
    """pydantic validates only the last of a key given twice; the earlier value
    may be no JSON to Rust's parser (found by a review), so a key twice leaves
    the document to the precise pass."""
    doc = valid("schemas", "customer.handoff")
    text = json.dumps(doc)
    for hidden in ("NaN", "Infinity", "-Infinity", "1e400", "1" + "0" * 400):
        twice = '{"event_type": ' + hidden + ", " + text[1:]
        assert ec._fast_pass(twice) is None, hidden
        with pytest.raises(ec.EventValidationError) as error:
            ec.parse_event(twice)
        assert error.value.kind == "syntax", hidden
    # A key twice with JSON values: the last one counts, in both passes.
    twice = '{"event_type": "x", ' + text[1:]
    assert ec._fast_pass(twice) is None
    assert isinstance(ec.parse_event(twice), ec.CustomerHandoffV1Event)


def test_a_key_given_twice_hides_no_lone_surrogate_or_depth_from_the_precise_pass() -> None:
    # Rust's parser refuses the text for the earlier value, which the last one replaces.
    doc = valid("schemas", "customer.handoff")
    text = json.dumps(doc)
    for hidden in ('"\\ud800"', "[" * 128 + "]" * 128):
        twice = '{"event_type": ' + hidden + ", " + text[1:]
        with pytest.raises(ec.EventValidationError) as error:
            ec.parse_event(twice)
        assert error.value.kind == "syntax", hidden
