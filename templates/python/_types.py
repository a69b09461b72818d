"""Value types the generated models share: ``date-time``, ``date``, and the
guards that keep JSON booleans and numbers apart in a union."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, PlainValidator
from pydantic_core import PydanticCustomError

# RFC 3339 §5.6, with the offset's ranges (which `fromisoformat` does not check).
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"([Zz]|([+-])([01][0-9]|2[0-3]):([0-5][0-9]))\Z",
    re.ASCII,
)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)


class RFC3339DateTime(datetime):
    """A timezone-aware ``datetime`` that remembers how it was written.

    Writing it back gives the same text, so a round trip keeps the offset, the
    fraction digits and a leap second (``23:59:60``, which ``datetime`` cannot
    hold: the value is the last microsecond before it).
    """

    text: str | None = None


def _parse_date_time(value: Any) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a date-time needs an offset (RFC 3339)")
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_time_type", "a date-time must be a string")
    m = _DATE_TIME.match(value)
    if m is None:
        raise ValueError(f"{value!r} is not an RFC 3339 date-time")
    if m[6] != "60":
        # `fromisoformat` (C code) checks the ranges of the date and the time,
        # and reads the rest as RFC 3339 does, in upper case.
        parsed = RFC3339DateTime.fromisoformat(value.upper())
        parsed.text = value
        return parsed
    year, month, day, hour, minute, second = (int(m[i]) for i in range(1, 7))
    # A leap second (`datetime` holds none: the last microsecond before it)
    # ends a UTC day: `23:59:60Z`, or the same instant at an offset.
    offset = 0 if m[9] is None else (-1 if m[9] == "-" else 1) * (int(m[10]) * 60 + int(m[11]))
    if (hour * 60 + minute - offset) % 1440 != 23 * 60 + 59:
        raise ValueError(f"{value!r}: a leap second ends a UTC day")
    second, micro = 59, 999999
    tz = timezone(timedelta(minutes=offset)) if offset else UTC
    parsed = RFC3339DateTime(year, month, day, hour, minute, second, micro, tzinfo=tz)
    parsed.text = value
    return parsed


def _format_date_time(value: datetime) -> str:
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else value.isoformat()


def _parse_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "a date must be a string")
    if _DATE.match(value) is None:  # `fromisoformat` also takes `20240131` and `2024-W05-3`
        raise ValueError(f"{value!r} is not an RFC 3339 full-date")
    return date.fromisoformat(value)


def _format_date(value: date) -> str:
    # A `datetime` is a `date` too: in a union of both, pydantic may hand a
    # date-time to this serializer, which must not cut it to its date.
    return _format_date_time(value) if isinstance(value, datetime) else value.isoformat()


DateTime = Annotated[datetime, PlainValidator(_parse_date_time), PlainSerializer(_format_date_time, return_type=str)]
"""A ``date-time``: a timezone-aware ``datetime`` that keeps its offset."""

Date = Annotated[date, PlainValidator(_parse_date), PlainSerializer(_format_date, return_type=str)]
"""A ``date`` (RFC 3339 ``full-date``)."""


def _json_boolean(value: Any) -> Any:
    if not isinstance(value, bool):
        raise PydanticCustomError("json_boolean", "a JSON boolean is required here")
    return value


def _json_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise PydanticCustomError("json_number", "a JSON number is required here")
    return value


# In Python `True == 1 == 1.0`, and pydantic matches `Literal[True]` to `1.0`
# and lets `float` take `False`. A union that holds both booleans and numbers
# guards each member, so a value keeps its JSON kind.
JsonBoolean = BeforeValidator(_json_boolean)
"""Marks the boolean member of a union of booleans and numbers."""

JsonNumber = BeforeValidator(_json_number)
"""Marks the number member of a union of booleans and numbers."""
