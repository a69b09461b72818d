"""The validator behind ``parse_event`` and ``validate_event``.

It interprets ``_validation.json``, the contracts model's schemas in a flat
form (one node per schema, subschemas by index), with the decisions of the
project's SPEC: ``1.0`` is an integer, ``multipleOf`` is exact on decimals,
patterns are ECMA-262 with the ``u`` flag (the ``regress`` engine), lengths
count code points, and the formats ``date-time``, ``date`` and ``uuid`` are
asserted. The Rust and TypeScript packages interpret the same file the same
way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from importlib.resources import files
from typing import Any, Literal

import regress

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
    """Parses JSON strictly: no ``NaN`` or ``Infinity``, which JSON does not have."""

    def reject(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    try:
        return normalize_numbers(json.loads(data, parse_constant=reject))
    except (ValueError, UnicodeDecodeError) as e:
        raise EventValidationError("syntax", f"the input is not valid JSON: {e}") from None


def normalize_numbers(value: Any) -> Any:
    """Writes numbers with a zero fraction (``1.0``) as integers, as JSON Schema counts them."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**63:
            return int(value)
        return value
    if isinstance(value, list):
        return [normalize_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: normalize_numbers(v) for k, v in value.items()}
    return value


def _type_of(value: Any) -> str:
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
    t = _type_of(value)
    return "null" if t == "null" else f"an {t}" if t in ("array", "object", "integer") else f"a {t}"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


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


def _is_multiple_of(n: float, m: float) -> bool:
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


_FORMATS = {"date-time": is_date_time, "date": is_date, "uuid": is_uuid}


class _Node:
    __slots__ = ("format", "props", "raw", "regex", "types")

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.types: list[str] | None = raw.get("type")
        self.props: dict[str, int] = {name: id for name, id in raw.get("properties", [])}
        pattern = raw.get("pattern")
        self.regex = None if pattern is None else regress.Regex(pattern, flags="u")
        self.format = _FORMATS.get(raw.get("format", ""))


class Validator:
    """The compiled schemas of every event."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._nodes = [_Node(raw) for raw in data["nodes"]]

    def validate(self, root: int, value: Any) -> list[Violation]:
        """Every violation of node ``root`` by ``value``; empty when valid."""
        out: list[Violation] = []
        self._check(root, value, "", out)
        return out

    def _is_valid(self, node: int, value: Any) -> bool:
        return self._check(node, value, "", None)

    def _check(self, id: int, value: Any, path: str, out: list[Violation] | None) -> bool:
        node = self._nodes[id]
        raw = node.raw
        ok = True

        def fail(keyword: str, message: str) -> bool:
            nonlocal ok
            ok = False
            if out is not None:
                out.append(Violation(path, keyword, message))
            return out is None

        if raw.get("never"):
            fail("false", "no value is allowed here")
            return False
        ref = raw.get("$ref")
        if ref is not None and not self._check(ref, value, path, out):
            ok = False
            if out is None:
                return False
        t = _type_of(value)
        if node.types is not None and not (t in node.types or (t == "integer" and "number" in node.types)):
            fail("type", f"expected {' or '.join(node.types)}, found {_describe(value)}")
            return False
        options = raw.get("enum")
        if (
            options is not None
            and not any(_json_equal(o, value) for o in options)
            and fail("enum", f"{_short(value)} is not one of {_short(options)}")
        ):
            return False
        if (
            raw.get("hasConst")
            and not _json_equal(raw.get("const"), value)
            and fail("const", f"expected {_short(raw.get('const'))}, found {_short(value)}")
        ):
            return False
        if isinstance(value, str):
            if "minLength" in raw or "maxLength" in raw:
                length = len(value)
                if length < raw.get("minLength", 0) and fail(
                    "minLength", f"is {length} characters long, shorter than {raw['minLength']}"
                ):
                    return False
                if (
                    "maxLength" in raw
                    and length > raw["maxLength"]
                    and fail("maxLength", f"is {length} characters long, longer than {raw['maxLength']}")
                ):
                    return False
            if (
                node.regex is not None
                and node.regex.find(value) is None
                and fail("pattern", f"{_short(value)} does not match the pattern {json.dumps(raw['pattern'])}")
            ):
                return False
            if (
                node.format is not None
                and not node.format(value)
                and fail("format", f"{_short(value)} is not a valid {raw['format']}")
            ):
                return False
        elif t in ("integer", "number"):
            if (
                "minimum" in raw
                and value < raw["minimum"]
                and fail("minimum", f"{value} is less than the minimum of {raw['minimum']}")
            ):
                return False
            if (
                "maximum" in raw
                and value > raw["maximum"]
                and fail("maximum", f"{value} is greater than the maximum of {raw['maximum']}")
            ):
                return False
            if (
                "exclusiveMinimum" in raw
                and value <= raw["exclusiveMinimum"]
                and fail("exclusiveMinimum", f"{value} is not greater than {raw['exclusiveMinimum']}")
            ):
                return False
            if (
                "exclusiveMaximum" in raw
                and value >= raw["exclusiveMaximum"]
                and fail("exclusiveMaximum", f"{value} is not less than {raw['exclusiveMaximum']}")
            ):
                return False
            if (
                "multipleOf" in raw
                and not _is_multiple_of(value, raw["multipleOf"])
                and fail("multipleOf", f"{value} is not a multiple of {raw['multipleOf']}")
            ):
                return False
        elif isinstance(value, list):
            n = len(value)
            if n < raw.get("minItems", 0) and fail("minItems", f"has {n} items, fewer than {raw['minItems']}"):
                return False
            if (
                "maxItems" in raw
                and n > raw["maxItems"]
                and fail("maxItems", f"has {n} items, more than {raw['maxItems']}")
            ):
                return False
            if raw.get("uniqueItems"):
                duplicate = next(
                    ((i, j) for i in range(n) for j in range(i + 1, n) if _json_equal(value[i], value[j])),
                    None,
                )
                if duplicate is not None and fail("uniqueItems", f"items {duplicate[0]} and {duplicate[1]} are equal"):
                    return False
            items = raw.get("items")
            if items is not None:
                for i, item in enumerate(value):
                    if not self._check(items, item, f"{path}/{i}", out):
                        ok = False
                        if out is None:
                            return False
        elif isinstance(value, dict):
            for name in raw.get("required", []):
                if name not in value and fail("required", f"missing required property {json.dumps(name)}"):
                    return False
            additional = raw.get("additionalProperties")
            for key, child in value.items():
                declared = node.props.get(key)
                schema = additional if declared is None else declared
                if schema is None:
                    continue
                at = f"{path}/{key.replace('~', '~0').replace('/', '~1')}"
                if declared is None and self._nodes[schema].raw.get("never"):
                    ok = False
                    if out is None:
                        return False
                    out.append(Violation(at, "additionalProperties", f"property {json.dumps(key)} is not allowed"))
                elif not self._check(schema, child, at, out):
                    ok = False
                    if out is None:
                        return False
        for sub in raw.get("allOf", []):
            if not self._check(sub, value, path, out):
                ok = False
                if out is None:
                    return False
        any_of = raw.get("anyOf")
        if (
            any_of is not None
            and not any(self._is_valid(s, value) for s in any_of)
            and fail("anyOf", f"matches none of the {len(any_of)} alternatives")
        ):
            return False
        one_of = raw.get("oneOf")
        if one_of is not None:
            matching = [i for i, s in enumerate(one_of) if self._is_valid(s, value)]
            if len(matching) != 1:
                message = (
                    f"matches alternatives {matching}, but must match exactly one"
                    if matching
                    else f"matches none of the {len(one_of)} alternatives"
                )
                if fail("oneOf", message):
                    return False
        return ok


Judges = dict[str, dict[int, "int | Literal['retired']"]]


def select_judge(value: Any, type_field: str, version_field: str | None, judges: Judges) -> int:
    """Reads the event type and version that select the schema, and finds its judge."""

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
    judge = next(iter(known.values())) if version_field is None else known.get(version)
    if judge is None:
        raise EventValidationError(
            "unknown_version",
            f"unknown version {version} of event type {json.dumps(event_type)}; known versions: {list(known)}",
        )
    if judge == "retired":
        raise EventValidationError(
            "retired", f"version {version} of event type {json.dumps(event_type)} is retired and no longer accepted"
        )
    return int(judge)


_VALIDATED = "__event_contracts_validated__"
"""The ``context`` key ``parse_event`` sets: the whole document was validated already."""

_loaded: list[Validator] = []


def package_validator() -> Validator:
    """The validator of this package's ``_validation.json``, loaded once."""
    if not _loaded:
        package = __name__.rpartition(".")[0]
        text = files(package).joinpath("_validation.json").read_text(encoding="utf-8")
        _loaded.append(Validator(json.loads(text)))
    return _loaded[0]


def _is_json(value: Any) -> bool:
    if value is None or isinstance(value, (str, bool, int, float)):
        return True
    if isinstance(value, list):
        return all(_is_json(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_json(v) for k, v in value.items())
    return False


def check_model_input(node: int, data: Any, context: Any, aliases: dict[str, str]) -> Any:
    """Runs the JSON Schema verdict on raw input to a model, so that
    ``Model.model_validate(json_data)`` accepts exactly what the schema does.

    Input that is not plain JSON (model instances, ``datetime`` objects: a
    model built in code) is left to pydantic and to ``validate_event``.
    """
    if node < 0 or (isinstance(context, dict) and context.get(_VALIDATED)):
        return data  # a model with no schema of its own, or already validated
    if not isinstance(data, dict) or not _is_json(data):
        return data
    # Keyword construction passes attribute names; the schema knows wire names.
    document = {aliases.get(k, k) if k not in aliases.values() else k: v for k, v in data.items()}
    violations = package_validator().validate(node, normalize_numbers(document))
    if violations:
        raise ValueError("; ".join(str(v) for v in violations))
    return data
