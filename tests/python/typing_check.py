"""Type-level use of the generated package, checked by ``mypy --strict``."""

from __future__ import annotations

from event_contracts import (
    EVENT_TYPES,
    AnyEvent,
    CreditLockedV1,
    CreditLockedV1Event,
    EventType,
    dump_event,
    parse_event,
    validate_event,
)


def locked_credits(event: AnyEvent) -> int | None:
    if isinstance(event, CreditLockedV1Event):
        payload: CreditLockedV1 = event.payload
        return payload.locked_credits
    return None


def round_trip(text: str) -> str:
    event = parse_event(text)
    validate_event(event)
    return dump_event(event)


known: EventType = "credit.locked"
all_types: tuple[EventType, ...] = EVENT_TYPES
