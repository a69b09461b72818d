"""The producer side in Python: events built from typed payloads, with the
event type and version taken from the payload class."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import event_contracts as ec
import pytest

ROOT = Path(__file__).resolve().parents[2]


def fields() -> ec.EnvelopeFields:
    return ec.EnvelopeFields(
        event_id="evt_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
        occurred_at=datetime(2026, 5, 1, 10, 15, tzinfo=UTC),
        tenant_id="tnt_sguild",
        producer="revenue",
        subject="per_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
        actor="system:revenue",
    )


def locked(credits: int, reservation: str = "crr_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b") -> ec.CreditLockedV1:
    return ec.CreditLockedV1(
        credit_reservation_id=reservation,
        lesson_id="les_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
        person_id="per_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
        locked_credits=credits,
        locked_at=datetime(2026, 5, 1, 10, 15, tzinfo=UTC),
    )


def test_build_event_fills_the_event_type_and_version() -> None:
    assert ec.CreditLockedV1.EVENT_TYPE == "credit.locked"
    assert ec.CreditLockedV1.SCHEMA_VERSION == 1
    event = ec.build_event(locked(6), fields())
    assert isinstance(event, ec.CreditLockedV1Event)
    assert event.event_type == "credit.locked"
    assert event.schema_version == 1
    ec.validate_event(event)
    again = ec.parse_event(ec.dump_event(event))
    assert ec.dump_event(again) == ec.dump_event(event)


def received(**changes: Any) -> dict[str, Any]:
    """The ``payment.received`` example, changed."""
    schema = ROOT / "schemas/payment-flow/schema/payloads/payment.received-v1.json"
    example: dict[str, Any] = json.loads(schema.read_text(encoding="utf-8"))["examples"][0]
    return {**example, **changes}


def test_validate_event_catches_what_types_cannot() -> None:
    # Bounds and patterns fail when the model is built (pydantic checks them
    # with JSON Schema's meaning); a `multipleOf` on a number is left to
    # validate_event (pydantic divides floats).
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        locked(0)
    with pytest.raises(ValueError, match="should match pattern"):
        locked(6, reservation="crr_not-a-uuid")
    event = ec.build_event(ec.PaymentReceivedV1(**received(processor_fee_rate_percent=2.915)), fields())
    with pytest.raises(ec.EventValidationError) as error:
        ec.validate_event(event)
    assert error.value.violations[0].pointer == "/payload/processor_fee_rate_percent"
    assert error.value.violations[0].keyword == "multipleOf"
    with pytest.raises(ec.EventValidationError):
        ec.parse_event(ec.dump_event(event))


def test_building_a_deprecated_version_warns() -> None:
    schema = ROOT / "schemas/credit-reservation-lock/schema/payloads/credit.released-v1.json"
    example = json.loads(schema.read_text(encoding="utf-8"))["examples"][0]
    with pytest.warns(DeprecationWarning, match="credit.released v1 is deprecated"):
        ec.CreditReleasedV1.model_validate(example)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        ec.CreditReleasedV2.model_validate(
            json.loads(schema.with_name("credit.released-v2.json").read_text(encoding="utf-8"))["examples"][0]
        )


def test_mypy_rejects_wrong_payloads_and_missing_fields() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(ROOT / "generated/python/pyproject.toml"),
            str(ROOT / "tests/mypy-reject/wrong_types.py"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout
    assert "[assignment]" in result.stdout, result.stdout
    assert "[call-arg]" in result.stdout, result.stdout


def test_a_property_deprecated_in_the_schema_warns_when_read() -> None:
    """``deprecated: true`` on a property: reading it warns; parsing and writing do not."""
    import keyword_contracts as kc

    corpus = ROOT / "target" / "corpus" / "keywords.jsonl"
    lines = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    doc = next(d["doc"] for d in lines if d["valid"] and '"legacy"' in json.dumps(d["doc"]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        event = kc.parse_event(json.dumps(doc))
        assert json.loads(kc.dump_event(event))["data"]["legacy"] == doc["data"]["legacy"]
    assert isinstance(event, kc.KwObjectsV1Event)
    with pytest.warns(DeprecationWarning, match="deprecated in the schema"):
        assert event.data.legacy == doc["data"]["legacy"]


def test_one_rule_for_model_input() -> None:
    """``model_validate`` judges the JSON its input stands for (a ``datetime`` as
    its text, a model as its dump); keyword construction checks the types and the
    constraints pydantic shares with JSON Schema, as Rust and TypeScript check types,
    and ``validate_event`` checks the rest (here a ``multipleOf`` on a number)."""
    import pydantic

    data = received(processor_fee_rate_percent=2.915)
    built = ec.PaymentReceivedV1(**data)
    assert built.processor_fee_rate_percent == 2.915
    with pytest.raises(ec.EventValidationError):
        ec.validate_event(ec.build_event(built, fields()))
    for value in (data["received_at"], datetime(2026, 5, 1, 10, 15, tzinfo=UTC)):
        with pytest.raises(pydantic.ValidationError, match="/processor_fee_rate_percent"):
            ec.PaymentReceivedV1.model_validate({**data, "received_at": value})
    event = {"payload": built, **json.loads(fields().model_dump_json())}
    event.update(event_type="payment.received", schema_version=1)
    with pytest.raises(pydantic.ValidationError, match="/payload/processor_fee_rate_percent"):
        ec.PaymentReceivedV1Event.model_validate(event)
    # A `Decimal` stands for its number (as `json.loads(..., parse_float=Decimal)` gives it).
    fee = ec.PaymentReceivedV1.model_validate(received(processor_fee_rate_percent=Decimal("2.90")))
    assert fee.processor_fee_rate_percent == 2.9


def test_values_the_schema_fixes_are_filled_in() -> None:
    # A discriminator's `const` and a bare event's own event type: the class
    # fills them in, and the dump (and so the event) holds them.
    from event_contracts.models.payment_failed_v1 import PaymentFailureCardDeclined
    from suggestions_events import (
        DomainSuggestionsConfirmedV1,
        DomainSuggestionsConfirmedV1Summary,
        build_event,
        dump_event,
        validate_event,
    )

    card = PaymentFailureCardDeclined(decline_code="insufficient_funds")
    assert card.model_dump(mode="json", exclude_unset=True)["kind"] == "card_declined"
    payload = DomainSuggestionsConfirmedV1(
        user_id="demo-user",
        action="accept",
        email_ids=["18c8f6e2a9b4d7c1"],
        summary=DomainSuggestionsConfirmedV1Summary(total_confirmed=1, action="accept"),
        generated_at=datetime(2025, 12, 31, tzinfo=UTC),
    )
    event = build_event(payload)
    validate_event(event)
    assert json.loads(dump_event(event))["type"] == "domain.suggestions.confirmed"
    # Given, it is kept as given (and judged: another value is refused).
    with pytest.raises(ValueError):
        PaymentFailureCardDeclined(decline_code="insufficient_funds", kind="bank_returned")  # type: ignore[arg-type]


def test_fixed_values_under_awkward_names_are_filled_in() -> None:
    # `__proto__`, `a-b`, a quote in the name, `false`, a negative integer
    # and the largest exact one: every value the schema fixes is the class's.
    from hostile_contracts import FixedValuesV1, build_event, dump_event, validate_event

    event = build_event(FixedValuesV1(kind="k"))
    validate_event(event)
    assert json.loads(dump_event(event)) == {
        "type": "fixed.values",
        "__proto__": "*/ not a prototype",
        "a-b": 0,
        "constructor": "only",
        'quote"d': "\"'`\\ ${x}",
        "flag": False,
        "count": -3,
        "big": 9007199254740991,
        "kind": "k",
    }
