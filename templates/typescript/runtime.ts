/**
 * The helpers of the generated checks (`validate.ts`) and the errors of
 * `parseEvent` and `validateEvent`.
 *
 * The checks follow the project's SPEC: `1.0` is an integer, `multipleOf` is
 * exact on decimals, patterns are ECMA-262 with the `u` flag, lengths count
 * code points, and the formats `date-time`, `date` and `uuid` are asserted.
 * The Rust and Python packages check the same way and word every violation
 * the same.
 */

/** One reason a document was rejected. */
export interface Violation {
  /** JSON pointer to the offending value (`""` is the whole document). */
  readonly pointer: string;
  /** The JSON Schema keyword that failed, such as `minimum`. */
  readonly keyword: string;
  /** What was expected and what was found. */
  readonly message: string;
}

/** What kind of failure an `EventValidationError` is. */
export type ErrorKind =
  "syntax" | "unknown_event_type" | "unknown_version" | "retired" | "invalid";

/** Why an event was rejected: `kind`, and each violation with its pointer. */
export class EventValidationError extends Error {
  readonly kind: ErrorKind;
  readonly violations: readonly Violation[];

  constructor(
    kind: ErrorKind,
    message: string,
    violations: readonly Violation[] = [],
  ) {
    const details = violations.map(
      (v) => `\n  ${v.pointer || "(root)"}: ${v.message} (${v.keyword})`,
    );
    super(message + details.join(""));
    this.name = "EventValidationError";
    this.kind = kind;
    this.violations = violations;
  }
}

type JsonType =
  "null" | "boolean" | "object" | "array" | "integer" | "number" | "string";

function typeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "integer" : "number";
    case "string":
      return "string";
    default:
      return "object";
  }
}

function describe(value: unknown): string {
  const t = typeOf(value);
  return t === "null"
    ? "null"
    : t === "array" || t === "object" || t === "integer"
      ? `an ${t}`
      : `a ${t}`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isArray(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

export function isString(value: unknown): value is string {
  return typeof value === "string";
}

export function isNumber(value: unknown): value is number {
  return typeof value === "number";
}

export function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}

export function isBoolean(value: unknown): value is boolean {
  return typeof value === "boolean";
}

export function isNull(value: unknown): value is null {
  return value === null;
}

export function hasOwn(object: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** JSON equality as JSON Schema defines it: numbers compare by value. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]))
    );
  }
  return false;
}

/** A decimal `digits × 10^-scale`, read from the shortest spelling of a number. */
function decimal(n: number): [bigint, number] {
  const text = String(Math.abs(n));
  const [mantissa = "", exp = "0"] = text.split("e");
  const [int = "", frac = ""] = mantissa.split(".");
  let scale = frac.length - Number(exp);
  let digits = BigInt(int + frac);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return [digits, scale];
}

export function isMultipleOf(n: number, m: number): boolean {
  // A number too large for a double parses as Infinity: no multiple of anything.
  if (!Number.isFinite(n)) return false;
  const [a, p] = decimal(n);
  const [b, q] = decimal(m);
  const scale = Math.max(p, q);
  const x = a * 10n ** BigInt(scale - p);
  const y = b * 10n ** BigInt(scale - q);
  return y !== 0n && x % y === 0n;
}

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATE_TIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDay(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS[month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** RFC 3339 `full-date`. */
export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && isDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** RFC 3339 §5.6 `date-time`: `T`/`Z` in either case, an offset required, `:60` at 23:59 UTC. */
export function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (m === null || !isDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
    return false;
  }
  const [h, min, sec] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (h > 23 || min > 59 || sec > 60) return false;
  let offset = 0; // minutes east of UTC
  if (m[7] !== undefined) {
    const [oh, om] = [Number(m[8]), Number(m[9])];
    if (oh > 23 || om > 59) return false;
    offset = (m[7] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  // A leap second ends a UTC day: `23:59:60Z`, or the same instant at an offset.
  return (
    sec < 60 ||
    (((h * 60 + min - offset) % 1440) + 1440) % 1440 === 23 * 60 + 59
  );
}

/** RFC 9562's hyphenated form, in either case. */
export function isUuid(s: string): boolean {
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(
    s,
  );
}

/** The pointer of `token` below `path` (RFC 6901: `~` as `~0`, `/` as `~1`). */
export function at(path: string, token: string | number): string {
  if (typeof token === "number") return `${path}/${token}`;
  if (!token.includes("~") && !token.includes("/")) return `${path}/${token}`;
  return `${path}/${token.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** Whether `s` has fewer than `k` code points (JSON Schema's length). */
export function shorterThan(s: string, k: number): boolean {
  // A code point is one or two UTF-16 units.
  return s.length < k || (s.length < 2 * k && length(s) < k);
}

/** Whether `s` has more than `k` code points. */
export function longerThan(s: string, k: number): boolean {
  return s.length > k && (s.length > 2 * k || length(s) > k);
}

/** The length of a string in code points. */
function length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const previous = s.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) n--;
    }
  }
  return n;
}

/** Whether `value` equals one of `values` (a JSON array). */
export function jsonIn(value: unknown, values: unknown): boolean {
  return (values as unknown[]).some((v) => jsonEqual(v, value));
}

/**
 * Where violations go: a list that records every one, or `null` to stop at
 * the first (the answer is then only whether the value is valid).
 */
export type Out = Violation[] | null;

/** A generated check: whether `value` is valid, recording into `out`. */
export type Check = (value: unknown, path: string, out: Out) => boolean;

/** Records a violation; returns whether the check must stop (no list). */
export function fail(
  out: Out,
  path: string,
  keyword: string,
  message: string,
): boolean {
  out?.push({ pointer: path, keyword, message });
  return out === null;
}

/** A value of the wrong kind: `expected` is followed by what it is. */
export function failType(
  out: Out,
  path: string,
  expected: string,
  value: unknown,
): boolean {
  return fail(out, path, "type", expected + describe(value));
}

/** `uniqueItems`: reports the first two equal items. */
export function failUnique(out: Out, path: string, items: unknown[]): boolean {
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (jsonEqual(items[i], items[j])) {
        return fail(out, path, "uniqueItems", `items ${i} and ${j} are equal`);
      }
    }
  }
  return false;
}

/** The violations of `value` against `check`, each worded. */
function violations(check: Check, value: unknown, path: string): Violation[] {
  const out: Violation[] = [];
  check(value, path, out);
  return out;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** `1`, `1 and 2`, `1, 2 and 3`. */
function listed(numbers: number[]): string {
  const last = numbers.at(-1);
  return numbers.length < 2
    ? String(last)
    : `${numbers.slice(0, -1).join(", ")} and ${last}`;
}

/**
 * `anyOf`: unless some alternative accepts `value`, reports the one that
 * came closest (fewest violations; the first of equals) and its first
 * violation, not every alternative's.
 */
export function failAnyOf(
  out: Out,
  path: string,
  value: unknown,
  ...alternatives: Check[]
): boolean {
  if (alternatives.some((check) => check(value, path, null))) return false;
  return failNone(out, path, value, "anyOf", alternatives);
}

/** `oneOf`: reports when no alternative, or more than one, accepts `value`. */
export function failOneOf(
  out: Out,
  path: string,
  value: unknown,
  ...alternatives: Check[]
): boolean {
  const matching: number[] = [];
  alternatives.forEach((check, i) => {
    if (check(value, path, null)) matching.push(i + 1);
  });
  if (matching.length === 1) return false;
  if (matching.length === 0) {
    return failNone(out, path, value, "oneOf", alternatives);
  }
  const message = `matches alternatives ${listed(matching)}, but must match exactly one`;
  return fail(out, path, "oneOf", message);
}

function failNone(
  out: Out,
  path: string,
  value: unknown,
  keyword: string,
  alternatives: Check[],
): boolean {
  if (out === null) return true;
  let closest = 0;
  let found: Violation[] = [];
  alternatives.forEach((check, i) => {
    const mine = violations(check, value, path);
    if (i === 0 || mine.length < found.length) {
      closest = i;
      found = mine;
    }
  });
  const first = found[0];
  const why =
    first === undefined
      ? ""
      : `; the closest, alternative ${closest + 1}, has ${plural(found.length, "violation")}, the first at ${first.pointer || "(root)"}: ${first.message} (${first.keyword})`;
  const n = alternatives.length;
  const none =
    n === 1
      ? "does not match its only alternative"
      : `matches none of the ${n} alternatives`;
  return fail(out, path, keyword, none + why);
}

/** The judge of each registered `(event type, version)`, or retired. */
export type Judges = Record<string, Record<number, Check | "retired">>;

/** Reads the event type and version that select the schema, and finds its judge. */
export function selectJudge(
  value: unknown,
  typeField: string,
  versionField: string | null,
  judges: Judges,
): Check {
  const missing = (name: string, expected: string): EventValidationError =>
    new EventValidationError(
      "invalid",
      "the event does not match its schema: 1 violation",
      [
        {
          pointer: "",
          keyword: "required",
          message: `the event needs ${JSON.stringify(name)} (${expected}) to say which schema applies`,
        },
      ],
    );
  if (!isObject(value)) {
    throw new EventValidationError(
      "invalid",
      "the event does not match its schema: 1 violation",
      [
        {
          pointer: "",
          keyword: "type",
          message: `expected an object, found ${describe(value)}`,
        },
      ],
    );
  }
  const eventType = value[typeField];
  if (typeof eventType !== "string") throw missing(typeField, "a string");
  let version = 0;
  if (versionField !== null) {
    const v = value[versionField];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      throw missing(versionField, "a positive integer");
    version = v;
  }
  const known = hasOwn(judges, eventType) ? judges[eventType] : undefined;
  if (known === undefined) {
    throw new EventValidationError(
      "unknown_event_type",
      `unknown event type ${JSON.stringify(eventType)}; known event types: ${Object.keys(judges).join(", ")}`,
    );
  }
  const versions = Object.keys(known).map(Number);
  const judge =
    versionField === null ? known[versions[0] ?? 0] : known[version];
  if (judge === undefined) {
    throw new EventValidationError(
      "unknown_version",
      `unknown version ${version} of event type ${JSON.stringify(eventType)}; known versions: [${versions.join(", ")}]`,
    );
  }
  if (judge === "retired") {
    throw new EventValidationError(
      "retired",
      `version ${version} of event type ${JSON.stringify(eventType)} is retired and no longer accepted`,
    );
  }
  return judge;
}

/**
 * Throws unless `judge` accepts `value`. A valid document is checked once,
 * stopping at nothing; only a rejected one is checked again to list every
 * violation.
 */
export function assertValid(judge: Check, value: unknown): void {
  if (judge(value, "", null)) return;
  const found = violations(judge, value, "");
  throw new EventValidationError(
    "invalid",
    `the event does not match its schema: ${plural(found.length, "violation")}`,
    found,
  );
}

/**
 * Parses JSON, turning a syntax error into an `EventValidationError`. Text
 * Rust's parser refuses is refused here too: more than 127 nested arrays
 * and objects, a number no double holds (which `JSON.parse` reads as
 * `Infinity`) and a string holding a lone surrogate (not Unicode text),
 * wherever they are in the text: also in a member whose key comes again
 * later, which `JSON.parse` drops from the value and Rust's parser reads.
 */
export function parseJson(json: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(json) as unknown;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new EventValidationError(
      "syntax",
      `the input is not valid JSON: ${reason}`,
    );
  }
  refuse(unreadable(json, value));
  return value;
}

/**
 * Throws unless `value` could have been read from text Rust's parser takes
 * (see `parseJson`).
 */
export function assertParsable(value: unknown): void {
  refuse(unparsable(value, 1, { members: 0, colons: 0 }));
}

function refuse(why: string | null): void {
  if (why !== null) {
    throw new EventValidationError(
      "syntax",
      `the input is not valid JSON: ${why}`,
    );
  }
}

// Rust's parser (serde_json) refuses a 128th level; every runtime does.
const MAX_DEPTH = 127;
const DEEPER = `more than ${MAX_DEPTH} nested arrays and objects`;
const OUT_OF_RANGE = "a number is out of range";
const LONE_SURROGATE_FOUND = "a string holds a lone surrogate";
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why Rust's parser would refuse `json`, a text `JSON.parse` read as
 * `value`, or `null`. The value shows all the text holds unless a key comes
 * twice in an object or a string escapes a character (`\u…` may spell a
 * lone surrogate, or a colon): only then are the tokens of the text read
 * (`scan`). A test over the whole text costs more than this walk of the
 * value: a `\d{200}` search took about 2 µs a document of the bench, as
 * long as `JSON.parse`, and hex identifiers make an exponent's pattern
 * match half of them.
 */
function unreadable(json: string, value: unknown): string | null {
  const tally = { members: 0, colons: 0 };
  const why = unparsable(value, 1, tally);
  if (why !== null) return why;
  // Each member has one colon of the text's own, and every other colon is
  // in a string: a key given twice leaves the value more colons short.
  return json.includes("\\u") ||
    occurrences(json, ":") !== tally.members + tally.colons
    ? scan(json)
    : null;
}

/** What a walk of a value counts: its members, and the colons of its strings and keys. */
interface Tally {
  members: number;
  colons: number;
}

/**
 * Why Rust's parser would refuse the text of `value`, at nesting `level`:
 * too deep, a number out of range or a string (or key) not Unicode text;
 * else `null`.
 */
function unparsable(
  value: unknown,
  level: number,
  tally: Tally,
): string | null {
  if (typeof value === "string") {
    if (!wellFormed(value)) return LONE_SURROGATE_FOUND;
    tally.colons += occurrences(value, ":");
    return null;
  }
  if (typeof value === "number") {
    return Number.isFinite(value) ? null : OUT_OF_RANGE;
  }
  if (typeof value !== "object" || value === null) return null;
  if (level > MAX_DEPTH) return DEEPER;
  if (Array.isArray(value)) {
    for (const item of value) {
      const why = unparsable(item, level + 1, tally);
      if (why !== null) return why;
    }
    return null;
  }
  for (const key in value) {
    if (!wellFormed(key)) return LONE_SURROGATE_FOUND;
    tally.members += 1;
    tally.colons += occurrences(key, ":");
    const item = (value as Record<string, unknown>)[key];
    const why = unparsable(item, level + 1, tally);
    if (why !== null) return why;
  }
  return null;
}

/** How many times `c`, one character, is in `s`. */
function occurrences(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i !== -1; i = s.indexOf(c, i + 1)) n++;
  return n;
}

/**
 * Walks the tokens of `json`, JSON text, for what Rust's parser refuses:
 * nesting, numbers and lone surrogates, member by member.
 */
function scan(json: string): string | null {
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      for (i++; json.charCodeAt(i) !== 0x22; i++) {
        if (json.charCodeAt(i) === 0x5c) i++;
      }
      if (!wellFormed(JSON.parse(json.slice(start, i + 1)) as string)) {
        return LONE_SURROGATE_FOUND;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) return DEEPER;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      while (i + 1 < json.length && NUMBER_CHAR.test(json.charAt(i + 1))) {
        i++;
      }
      if (!Number.isFinite(Number(json.slice(start, i + 1)))) {
        return OUT_OF_RANGE;
      }
    }
  }
  return null;
}

const NUMBER_CHAR = /[0-9eE.+-]/;

/** Whether `s` is Unicode text: no lone surrogate. */
const wellFormed: (s: string) => boolean =
  // Native from Node 20 (ES2024); the pattern for Node 18. Chosen once: it
  // runs on every string of every document.
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed ===
  "function"
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);
