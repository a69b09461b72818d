"""The helpers of the generated checks (``_validate.py``) and the errors of
``parse_event`` and ``validate_event``.

The checks follow the project's SPEC: ``1.0`` is an integer, ``multipleOf`` is
exact on decimals, patterns are ECMA-262 with the ``u`` flag (the ``regress``
engine, each compiled on first use), lengths count code points, and the
formats ``date-time``, ``date`` and ``uuid`` are asserted. The Rust and
TypeScript packages check the same way and word every violation the same.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

import regress
from pydantic import BaseModel, ValidationError

ErrorKind = Literal["syntax", "unknown_event_type", "unknown_version", "retired", "invalid"]


@dataclass(frozen=True)
class Violation:
    """One reason a document was rejected."""

    pointer: str
    """JSON pointer to the offending value (``""`` is the whole document)."""
    keyword: str
    """The JSON Schema keyword that failed, such as ``minimum``."""
    message: str
    """What was expected and what was found."""

    def __str__(self) -> str:
        return f"{self.pointer or '(root)'}: {self.message} ({self.keyword})"


class EventValidationError(ValueError):
    """Why an event was rejected: ``kind``, and each violation with its pointer."""

    def __init__(self, kind: ErrorKind, message: str, violations: list[Violation] | None = None) -> None:
        self.kind: ErrorKind = kind
        self.violations: list[Violation] = list(violations or [])
        details = "".join(f"\n  {v}" for v in self.violations)
        super().__init__(message + details)


def invalid(violations: list[Violation]) -> EventValidationError:
    n = len(violations)
    noun = "violation" if n == 1 else "violations"
    return EventValidationError("invalid", f"the event does not match its schema: {n} {noun}", violations)


def parse_json(data: str | bytes) -> Any:
    """Parses JSON as strictly as Rust's parser: no ``NaN`` or ``Infinity``, no
    string that is not Unicode (a lone surrogate), no number a double cannot
    hold and no more than 127 nested arrays and objects."""
    try:
        text = data if isinstance(data, str) else data.decode("utf-8")
        value = _DECODER.decode(text)
        # Each walk runs only when the text could hold what it looks for, and
        # walks every value the text holds: a key given twice keeps only its
        # last value, and Rust's parser refuses the text for an earlier one.
        surrogates = _SURROGATE_ESCAPE.search(text) is not None
        deep = text.count("[") + text.count("{") > _MAX_DEPTH
        if surrogates or deep:
            every = _EVERY_VALUE.decode(text)
            if surrogates and _any(every, _is_lone_surrogate):
                raise ValueError("a string holds a lone surrogate")
            if deep and _deeper_than(every, _MAX_DEPTH):
                raise ValueError(_TOO_DEEP)
        return value
    except RecursionError:  # json's own parser, far deeper than the limit
        raise EventValidationError("syntax", f"the input is not valid JSON: {_TOO_DEEP}") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise EventValidationError("syntax", f"the input is not valid JSON: {e}") from None


# Rust's parser (serde_json) refuses a 128th level; every runtime does.
_MAX_DEPTH = 127
_TOO_DEEP = f"more than {_MAX_DEPTH} nested arrays and objects"
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _reject(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _is_lone_surrogate(s: Any) -> bool:
    if not isinstance(s, str):
        return False
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _integer(text: str) -> int:
    """A JSON number with no fraction or exponent, as long as a double holds it."""
    n = int(text)
    # An integer a double cannot hold has at least 309 digits.
    if len(text) >= 309 and not _double_holds(n):
        raise ValueError(f"the number {text[:20]}… is out of range")
    return n


def _double_holds(n: int) -> bool:
    """Whether a double holds integer ``n`` (Rust's parser refuses the text of one it does not)."""
    try:
        float(n)
    except OverflowError:
        return False
    return True


def _any(value: Any, test: Callable[[Any], bool]) -> bool:
    """Whether ``test`` holds for ``value``, an object key or anything inside."""
    stack = [value]
    while stack:
        v = stack.pop()
        if test(v):
            return True
        if isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
    return False


def _deeper_than(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, (list, dict)):
            if depth > limit:
                return True
            stack.extend((item, depth + 1) for item in (v if isinstance(v, list) else v.values()))
    return False


def _number(text: str) -> float | int:
    """A JSON number with a fraction or exponent; ``1.0`` is the integer 1, as JSON Schema counts it."""
    n = _as_counted(float(text))
    if n is None:
        # Rust's parser refuses a number no double holds; so does every runtime.
        raise ValueError(f"the number {text} is out of range")
    return n


def _as_counted(n: float) -> float | int | None:
    """A double as JSON Schema counts it (``1.0`` is the integer 1); ``None`` for
    an infinity or ``NaN``, which no JSON text holds."""
    if not math.isfinite(n):
        return None
    return int(n) if n.is_integer() and abs(n) < 2**63 else n


# One decoder for every document: `json.loads` with options builds a new one per call.
_DECODER = json.JSONDecoder(parse_constant=_reject, parse_float=_number, parse_int=_integer)


def _keys_and_values(pairs: list[tuple[str, Any]]) -> list[Any]:
    return [item for pair in pairs for item in pair]


# Every object as the list of its keys and values, a key given twice kept twice.
_EVERY_VALUE = json.JSONDecoder(
    object_pairs_hook=_keys_and_values, parse_constant=_reject, parse_float=_number, parse_int=_integer
)


def kind_of(value: Any) -> str:
    """The JSON Schema type of a value (``integer`` for a number with no fraction)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _describe(value: Any) -> str:
    t = kind_of(value)
    return "null" if t == "null" else f"an {t}" if t in ("array", "object", "integer") else f"a {t}"


def _number_text(n: float) -> str:
    """A number as JSON would write it; floats in their shortest round-trip form."""
    return str(n) if isinstance(n, int) else repr(n)


def _json_equal(a: Any, b: Any) -> bool:
    """JSON equality as JSON Schema defines it: numbers compare by value."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _decimal(n: float) -> tuple[int, int]:
    """A number as ``digits × 10^exponent``, read from its shortest spelling."""
    _, digits, exponent = Decimal(_number_text(n)).as_tuple()
    assert isinstance(exponent, int), "JSON numbers are finite"
    return int("".join(map(str, digits)) or "0"), exponent


def is_multiple_of(n: float, m: float) -> bool:
    """Exact on the decimals as written (their shortest spelling): 19.99 is a multiple of 0.01."""
    (a, p), (b, q) = _decimal(n), _decimal(m)
    scale = min(p, q)
    a, b = a * int(10 ** (p - scale)), b * int(10 ** (q - scale))
    return b != 0 and a % b == 0


_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z", re.ASCII)
_DATE_TIME = re.compile(
    r"(.{10})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|[+-]([0-9]{2}):([0-9]{2}))\Z",
    re.ASCII | re.DOTALL,
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z", re.ASCII)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_date(s: str) -> bool:
    """RFC 3339 ``full-date``."""
    m = _DATE.match(s)
    if m is None:
        return False
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if not 1 <= month <= 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = 29 if month == 2 and leap else _DAYS[month - 1]
    return 1 <= day <= days


def is_date_time(s: str) -> bool:
    """RFC 3339 §5.6 ``date-time``: ``T``/``Z`` in either case, an offset required, ``:60`` at 23:59 UTC."""
    m = _DATE_TIME.match(s)
    if m is None or not is_date(m[1]):
        return False
    hour, minute, second = int(m[2]), int(m[3]), int(m[4])
    if hour > 23 or minute > 59 or second > 60:
        return False
    offset = 0  # minutes east of UTC
    if m[7] is not None:
        if int(m[7]) > 23 or int(m[8]) > 59:
            return False
        offset = (-1 if m[6].startswith("-") else 1) * (int(m[7]) * 60 + int(m[8]))
    # A leap second ends a UTC day: `23:59:60Z`, or the same instant at an offset.
    return second < 60 or (hour * 60 + minute - offset) % 1440 == 23 * 60 + 59


def is_uuid(s: str) -> bool:
    """RFC 9562's hyphenated form, in either case."""
    return _UUID.match(s) is not None


Out = list[Violation] | None
"""Where violations go: a list that records every one, or None to stop at the first."""

Check = Callable[[Any, str, Out], bool]
"""A generated check: whether ``value`` is valid, recording into ``out``."""


class Pattern:
    """An ECMA-262 pattern (``u`` flag), compiled on its first search."""

    __slots__ = ("_regex", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._regex: regress.Regex | None = None

    def search(self, s: str) -> regress.Match | None:
        if self._regex is None:
            self._regex = regress.Regex(self.source, flags="u")
        return self._regex.find(s)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def json_in(value: Any, values: list[Any]) -> bool:
    """Whether ``value`` equals one of ``values`` (JSON equality)."""
    return any(_json_equal(v, value) for v in values)


def at(path: str, token: str | int) -> str:
    """The pointer of ``token`` below ``path`` (RFC 6901: ``~`` as ``~0``, ``/`` as ``~1``)."""
    if isinstance(token, int) or ("~" not in token and "/" not in token):
        return f"{path}/{token}"
    return f"{path}/{token.replace('~', '~0').replace('/', '~1')}"


def _is_index(key: str) -> bool:
    return key.isascii() and key.isdigit() and (key == "0" or key[0] != "0") and int(key) < 2**32 - 1


def object_keys(value: dict[str, Any], out: Out) -> Iterable[str]:
    """The keys of an object; when violations are listed, in JavaScript's order
    (array indices first, ascending), so every runtime lists them alike."""
    if out is None:
        return value
    return sorted(value, key=lambda k: (0, int(k)) if _is_index(k) else (1, 0))


def fail(out: Out, path: str, keyword: str, message: str) -> bool:
    """Records a violation; returns whether the check must stop (no list)."""
    if out is None:
        return True
    out.append(Violation(path, keyword, message))
    return False


def fail_type(out: Out, path: str, expected: str, value: Any) -> bool:
    """A value of the wrong kind: ``expected`` is followed by what it is."""
    return fail(out, path, "type", expected + _describe(value))


def fail_unique(out: Out, path: str, items: list[Any]) -> bool:
    """``uniqueItems``: reports the first two equal items."""
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if _json_equal(items[i], items[j]):
                return fail(out, path, "uniqueItems", f"items {i} and {j} are equal")
    return False


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _listed(numbers: list[int]) -> str:
    if len(numbers) < 2:
        return str(numbers[-1])
    return ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def fail_any_of(out: Out, path: str, value: Any, *alternatives: Check) -> bool:
    """``anyOf``: unless some alternative accepts ``value``, reports the one that
    came closest (fewest violations; the first of equals) and its first violation."""
    if any(check(value, path, None) for check in alternatives):
        return False
    return _fail_none(out, path, value, "anyOf", alternatives)


def fail_one_of(out: Out, path: str, value: Any, *alternatives: Check) -> bool:
    """``oneOf``: reports when no alternative, or more than one, accepts ``value``."""
    matching = [i + 1 for i, check in enumerate(alternatives) if check(value, path, None)]
    if len(matching) == 1:
        return False
    if not matching:
        return _fail_none(out, path, value, "oneOf", alternatives)
    return fail(out, path, "oneOf", f"matches alternatives {_listed(matching)}, but must match exactly one")


def _fail_none(out: Out, path: str, value: Any, keyword: str, alternatives: tuple[Check, ...]) -> bool:
    if out is None:
        return True
    closest, found = 0, list[Violation]()
    for i, check in enumerate(alternatives):
        mine: list[Violation] = []
        check(value, path, mine)
        if i == 0 or len(mine) < len(found):
            closest, found = i, mine
    why = ""
    if found:
        first = found[0]
        why = (
            f"; the closest, alternative {closest + 1}, has {_plural(len(found), 'violation')}, "
            f"the first at {first.pointer or '(root)'}: {first.message} ({first.keyword})"
        )
    n = len(alternatives)
    none = "does not match its only alternative" if n == 1 else f"matches none of the {n} alternatives"
    return fail(out, path, keyword, none + why)


def violations(check: Check, value: Any) -> list[Violation]:
    """Every violation of ``value``: none when the fast pass accepts it."""
    if check(value, "", None):
        return []
    out: list[Violation] = []
    check(value, "", out)
    return out


Judges = dict[str, dict[int, str]]
"""Each event type's versions, each with its event class's name or ``"retired"``."""


def select_event(value: Any, type_field: str, version_field: str | None, judges: Judges) -> str:
    """Reads the event type and version that select the schema, and names the event's class."""

    def missing(name: str, expected: str) -> EventValidationError:
        message = f"the event needs {json.dumps(name)} ({expected}) to say which schema applies"
        return invalid([Violation("", "required", message)])

    if not isinstance(value, dict):
        raise invalid([Violation("", "type", f"expected an object, found {_describe(value)}")])
    event_type = value.get(type_field)
    if not isinstance(event_type, str):
        raise missing(type_field, "a string")
    version = 0
    if version_field is not None:
        v = value.get(version_field)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise missing(version_field, "a positive integer")
        version = v
    known = judges.get(event_type)
    if known is None:
        names = ", ".join(judges)
        raise EventValidationError(
            "unknown_event_type", f"unknown event type {json.dumps(event_type)}; known event types: {names}"
        )
    name = next(iter(known.values())) if version_field is None else known.get(version)
    if name is None:
        raise EventValidationError(
            "unknown_version",
            f"unknown version {version} of event type {json.dumps(event_type)}; known versions: {list(known)}",
        )
    if name == "retired":
        raise EventValidationError(
            "retired", f"version {version} of event type {json.dumps(event_type)} is retired and no longer accepted"
        )
    return name


_VALIDATED = "__event_contracts_validated__"
"""The ``context`` key ``parse_event`` and ``Model.model_validate`` set: the whole input was validated already."""

_FAST = "__event_contracts_fast__"
"""The ``context`` key of ``parse_event``'s fast pass: pydantic judges the text, and
the models' own hooks check what it cannot (``__not_null__``, an alternative's check)."""

_BUILT_IN_CODE = "__event_contracts_built_in_code__"
"""The ``context`` key of keyword construction and ``build_event``: the types and
pydantic's own bounds only; ``validate_event`` checks the rest."""


def is_fast(context: Any) -> bool:
    return isinstance(context, dict) and _FAST in context


_FAST_PASS: dict[str, bool] = {_FAST: True}
"""The context of the fast pass."""


class Peek:
    """The event type and version a JSON text names, read before it is parsed,
    so that pydantic reads it straight into that event's models.

    A guess: a member of that name deeper in the text, or a key spelt with
    escapes, may mislead it. That costs only speed, never a verdict: the
    event's own fields (``Literal`` types) refuse a document of another event.
    """

    __slots__ = ("_type", "_version")

    def __init__(self, type_field: str, version_field: str | None) -> None:
        def member(name: str) -> str:
            return re.escape(json.dumps(name, ensure_ascii=False)) + r"[ \t\n\r]*:[ \t\n\r]*"

        self._type = re.compile(member(type_field) + r'"([^"\\]*)"')
        self._version: re.Pattern[str] | None = None
        if version_field is not None:
            self._version = re.compile(member(version_field) + r"(0|[1-9][0-9]*)[ \t\n\r,}]")

    def text(self, data: str | bytes) -> str | None:
        """``data`` as text; ``None`` for bytes that are not UTF-8 (the precise pass says why)."""
        if isinstance(data, str):
            return data
        try:
            return bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            return None

    def event(self, text: str, judges: Judges) -> str | None:
        """The class of the event ``text`` seems to be, if it is registered and not retired."""
        found = self._type.search(text)
        versions = None if found is None else judges.get(found[1])
        if versions is None:
            return None
        name: str | None
        if self._version is None:
            name = next(iter(versions.values()))
        else:
            version = self._version.search(text)
            name = None if version is None else versions.get(int(version[1]))
        return None if name is None or name == "retired" else name


def fast_rest(model: Any) -> None:
    """What the fast pass of ``parse_event`` checks itself of a model pydantic read
    in strict mode: a field of ``__not_null__`` set to ``null`` (pydantic reads it
    as the ``None`` of ``X | None``), a field of ``__fixed__`` absent (pydantic
    fills in its default), equal items in a field of ``__unique__``. Python's
    ``==`` is JSON equality or coarser (``True == 1``, one instant at two
    offsets), so it refuses no fewer documents than the schema; an integer in
    a field of ``__ints__`` that no double holds; and any JSON (a field of
    ``__json__``, an open object's extras) read again as ``parse_json`` reads it;
    a ``multipleOf`` (``__multiples__``, exact on decimals) and a ``uuid`` beside a
    pattern (``__uuids__``)."""
    given = model.model_fields_set
    for name in model.__not_null__:
        if name in given and getattr(model, name) is None:
            raise ValueError(f"{name} is not nullable")
    for name, _, _ in model.__fixed__:
        if name not in given:
            raise ValueError(f"{name} is required")
    for name in model.__unique__:
        items = getattr(model, name)
        if items is not None and any(items[i] == items[j] for i in range(len(items)) for j in range(i)):
            raise ValueError(f"{name} holds equal items")
    for name in model.__ints__:
        value = getattr(model, name)
        for n in value if isinstance(value, list) else (value,):
            # `parse_json` refuses an integer a double cannot hold; pydantic takes it.
            if type(n) is int and not _double_holds(n):
                raise ValueError(f"{name} holds a number out of range")
    for name, divisor in model.__multiples__:
        value = getattr(model, name)
        # Past 2^53 a JSON integer read into a `float` has been rounded.
        if value is not None and (abs(value) >= 2**53 or not is_multiple_of(value, divisor)):
            raise ValueError(f"{name} is not a multiple of {divisor}")
    for name in model.__uuids__:
        value = getattr(model, name)
        if value is not None and not is_uuid(value):
            raise ValueError(f"{name} is not a uuid")
    for name in model.__json__:
        model.__dict__[name] = _as_parsed(model.__dict__[name])
    extra = model.__pydantic_extra__
    if extra:
        for key, value in extra.items():
            extra[key] = _as_parsed(value)


def unset_shadowed(model: Any, data: dict[str, Any]) -> None:
    """Counts an extra member under a field's Python name as the extra member
    alone. pydantic counts every extra member as set under its key, so one
    spelt as a field's Python name (``foo_bar`` beside the wire name
    ``foo__bar``) would make that field set, and dumped, too."""
    fields: dict[str, Any] = type(model).model_fields
    for key in model.__pydantic_extra__.keys() & fields.keys():
        alias = fields[key].alias
        if alias is not None and alias != key and alias not in data:
            model.__pydantic_fields_set__.discard(key)


def _as_parsed(value: Any) -> Any:
    """Any JSON pydantic read, as ``parse_json`` reads it: ``1.0`` is the integer 1,
    and no infinity, ``NaN`` or integer a double cannot hold (no JSON number to
    Rust's parser, and so to every runtime). Lists and objects change in place."""
    if type(value) is float:
        counted = _as_counted(value)
        if counted is None:
            raise ValueError("a number out of range")
        return counted
    if type(value) is int:
        if not _double_holds(value):
            raise ValueError("a number out of range")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            value[i] = _as_parsed(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            value[key] = _as_parsed(item)
    return value


def _as_json(value: Any) -> Any:
    """The JSON a value stands for: a model as its dump, a ``datetime`` or a
    ``date`` as its RFC 3339 text, a ``Decimal`` as its number (``1.0`` as the
    integer 1, as JSON Schema counts it), an ``Enum`` as its value, a tuple or a
    set as an array."""
    if isinstance(value, BaseModel):
        return _as_json(value.model_dump(mode="json", by_alias=True, exclude_unset=True))
    if isinstance(value, datetime):
        text = getattr(value, "text", None)
        return text if isinstance(text, str) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return _as_json(value.value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a JSON number")
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a JSON number")
        return int(value) if value.is_integer() and abs(value) < 2**63 else value  # `1.0` is the integer 1
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    return value


def _wire_document(model: Any, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its keys as wire names (keyword names are attribute names)."""
    fields: dict[str, Any] = model.model_fields
    aliases: dict[str, str] = {name: field.alias for name, field in fields.items() if field.alias}
    return {aliases.get(k, k) if k not in aliases.values() else k: v for k, v in data.items()}


def _passes(model: Any, data: Any, context: Any) -> str | None:
    """Why ``data``, a model's input, is not what the model's schema accepts (its
    violations in words), or ``None``: it is, or it needs no check (a model
    instance, a validated document, one built in code)."""
    check: Check | None = model.__check__
    if check is None or not isinstance(data, dict):
        return None  # a model with no schema of its own, or a model instance
    if isinstance(context, dict) and (context.get(_VALIDATED) or context.get(_BUILT_IN_CODE)):
        return None  # the whole document passed, or built in code
    found = violations(check, _as_json(_wire_document(model, data)))
    return "; ".join(str(v) for v in found) if found else None


def check_model_input(model: Any, data: Any, context: Any) -> Any:
    """The one rule of a model's input: ``Model.model_validate(data)`` gives the
    schema's verdict on the JSON ``data`` stands for; keyword construction
    (``Model(a=...)``) and ``build_event`` check the types and pydantic's own
    bounds, and ``validate_event`` the rest. Returns the context to validate
    with: one that says the input passed, so no model below checks it again.
    """
    error = _passes(model, data, context)
    if error is not None:
        raise ValidationError.from_exception_data(
            model.__name__, [{"type": "value_error", "loc": (), "input": data, "ctx": {"error": error}}]
        )
    if model.__check__ is None or not isinstance(data, dict):
        return context
    return {**context, _VALIDATED: True} if isinstance(context, dict) else {_VALIDATED: True}


def checked_input(model: Any, data: Any, context: Any) -> Any:
    """``data`` when the schema of ``model`` accepts it (a validator's input: a
    ``ValueError`` otherwise)."""
    error = _passes(model, data, context)
    if error is not None:
        raise ValueError(error)
    return data


def alternative_input(model: Any, data: Any, context: Any) -> Any:
    """The input of a model a ``oneOf``/``anyOf`` chooses: in a document already
    validated (or in the fast pass), whether it is this alternative, so that
    pydantic builds the one the schema chose; otherwise the schema's verdict."""
    check: Check | None = model.__check__
    if check is None or not isinstance(data, dict):
        return data
    if isinstance(context, dict) and context.get(_BUILT_IN_CODE):
        return data
    document = _wire_document(model, data)
    if isinstance(context, dict) and (context.get(_VALIDATED) or _FAST in context):
        if not check(_as_json(document), "", None):
            raise ValueError("not this alternative")
        return data
    found = violations(check, _as_json(document))
    if found:
        raise ValueError("; ".join(str(v) for v in found))
    return data
