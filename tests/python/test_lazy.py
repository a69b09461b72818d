"""Start-up: importing a generated package loads no event's types; each
event's modules load on the first use of one of its names or documents."""

from __future__ import annotations

import json
import subprocess
import sys
import typing

import event_contracts as ec

ANY_EVENT = "AnyEvent"  # built at run time, on first access


def loaded_after(code: str) -> list[str]:
    """The package's modules loaded in a fresh interpreter after ``code``."""
    probe = (
        "import sys\n"
        "import event_contracts as ec\n"
        f"{code}\n"
        "print(sorted(m for m in sys.modules if m.startswith('event_contracts.')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    last = result.stdout.strip().splitlines()[-1]
    loaded: list[str] = json.loads(last.replace("'", '"'))
    return loaded


def test_importing_the_package_loads_no_models() -> None:
    assert loaded_after("") == ["event_contracts._runtime"]


def test_the_models_package_is_an_attribute_as_mypy_sees_it() -> None:
    assert "event_contracts.models" in loaded_after("assert ec.models.Envelope is ec.Envelope")


def test_a_name_loads_its_event_module_only() -> None:
    assert loaded_after("ec.CreditLockedV1") == [
        "event_contracts._runtime",
        "event_contracts._types",
        "event_contracts._validate",
        "event_contracts._validate.credit_locked_v1",
        "event_contracts.models",
        "event_contracts.models.credit_locked_v1",
    ]


def test_parsing_a_document_loads_its_event_module_only() -> None:
    doc = {
        "event_id": "evt_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
        "event_type": "credit.locked",
        "schema_version": 1,
        "occurred_at": "2026-05-01T10:15:00Z",
        "tenant_id": "tnt_sguild",
        "producer": "revenue",
        "subject": "per_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
        "actor": "system:revenue",
        "payload": {
            "credit_reservation_id": "crr_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
            "lesson_id": "les_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
            "person_id": "per_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
            "locked_credits": 2,
            "locked_at": "2026-05-01T10:15:00Z",
        },
    }
    loaded = loaded_after(f"assert type(ec.parse_event({json.dumps(json.dumps(doc))})).__name__ == 'CreditLockedV1Event'")
    assert [m for m in loaded if m.startswith("event_contracts.models")] == [
        "event_contracts.models",
        "event_contracts.models.credit_locked_v1",
    ]


def test_any_event_and_dir_know_every_event() -> None:
    names = dir(ec)
    assert "CreditLockedV1Event" in names
    assert "parse_event" in names
    union, *_ = typing.get_args(getattr(ec, ANY_EVENT))
    live = [c for versions in ec._JUDGES.values() for c in versions.values() if c != "retired"]
    assert [typing.get_args(member)[0].__name__ for member in typing.get_args(union)] == live


def test_an_unknown_name_is_an_attribute_error() -> None:
    name = "NoSuchType"  # mypy rejects `ec.NoSuchType` itself: no `__getattr__` for it
    try:
        getattr(ec, name)
    except AttributeError as e:
        assert "NoSuchType" in str(e)
    else:
        raise AssertionError("expected AttributeError")
