/**
 * The validator behind `parseEvent` and `validateEvent`.
 *
 * It interprets `validation.json`, the contracts model's schemas in a flat
 * form (one node per schema, subschemas by index), with the decisions of the
 * project's SPEC: `1.0` is an integer, `multipleOf` is exact on decimals,
 * patterns are ECMA-262 with the `u` flag, lengths count code points, and
 * the formats `date-time`, `date` and `uuid` are asserted. The Rust and
 * Python packages interpret the same file the same way.
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

interface RawNode {
  never?: boolean;
  $ref?: number;
  type?: string[];
  enum?: unknown[];
  const?: unknown;
  hasConst?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  properties?: [string, number][];
  required?: string[];
  additionalProperties?: number;
  items?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  allOf?: number[];
  anyOf?: number[];
  oneOf?: number[];
}

interface Node extends RawNode {
  props?: Map<string, number>;
  regex?: RegExp;
}

/** The flat schema data `validation.json` holds. */
export interface ValidationData {
  nodes: RawNode[];
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

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return [...text].length > 60 ? `${[...text].slice(0, 57).join("")}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeOf(value) === "object";
}

function hasOwn(object: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** JSON equality as JSON Schema defines it: numbers compare by value. */
function jsonEqual(a: unknown, b: unknown): boolean {
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

function isMultipleOf(n: number, m: number): boolean {
  const [a, p] = decimal(n);
  const [b, q] = decimal(m);
  const scale = Math.max(p, q);
  const x = a * 10n ** BigInt(scale - p);
  const y = b * 10n ** BigInt(scale - q);
  return y !== 0n && x % y === 0n;
}

function digits(s: string): number | undefined {
  return /^[0-9]+$/.test(s) ? Number(s) : undefined;
}

/** RFC 3339 `full-date`. */
export function isDate(s: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s)) return false;
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    month - 1
  ];
  return days !== undefined && day >= 1 && day <= days;
}

/** RFC 3339 §5.6 `date-time`: `T`/`Z` in either case, an offset required, `:60` at 23:59 UTC. */
export function isDateTime(s: string): boolean {
  const m =
    /^(.{10})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|[+-]([0-9]{2}):([0-9]{2}))$/.exec(
      s,
    );
  if (!m || !isDate(m[1] ?? "")) return false;
  const [h, min, sec] = [
    digits(m[2] ?? ""),
    digits(m[3] ?? ""),
    digits(m[4] ?? ""),
  ];
  if (
    h === undefined ||
    min === undefined ||
    sec === undefined ||
    h > 23 ||
    min > 59 ||
    sec > 60
  )
    return false;
  let offset = 0; // minutes east of UTC
  if (m[7] !== undefined) {
    const [oh, om] = [Number(m[7]), Number(m[8])];
    if (oh > 23 || om > 59) return false;
    offset = (m[6]?.startsWith("-") ? -1 : 1) * (oh * 60 + om);
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

const FORMATS: Record<string, (s: string) => boolean> = {
  "date-time": isDateTime,
  date: isDate,
  uuid: isUuid,
};

/** `key` as a JSON pointer token (RFC 6901: `~` as `~0`, `/` as `~1`). */
function escapeToken(key: string): string {
  // Built for every property checked, failing or not: most keys need no
  // escape, and two regex replacements each were 9% of parseEvent's time.
  if (!key.includes("~") && !key.includes("/")) return key;
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The compiled schemas of every event. */
export class Validator {
  private readonly nodes: Node[];

  constructor(data: ValidationData) {
    this.nodes = data.nodes.map((raw) => {
      const node: Node = { ...raw };
      if (raw.properties) node.props = new Map(raw.properties);
      if (raw.pattern !== undefined) node.regex = new RegExp(raw.pattern, "u");
      return node;
    });
  }

  /** Every violation of node `root` by `value`; empty when valid. */
  validate(root: number, value: unknown): Violation[] {
    const out: Violation[] = [];
    this.check(root, value, "", out);
    return out;
  }

  private isValid(id: number, value: unknown): boolean {
    return this.check(id, value, "", null);
  }

  /** Whether `value` is valid; with `out === null` it stops at the first failure. */
  private check(
    id: number,
    value: unknown,
    path: string,
    out: Violation[] | null,
  ): boolean {
    const node = this.nodes[id];
    if (node === undefined)
      throw new Error(`validation.json has no node ${id}`);
    let ok = true;
    const fail = (keyword: string, message: string): boolean => {
      ok = false;
      out?.push({ pointer: path, keyword, message });
      return out === null;
    };
    if (node.never) {
      fail("false", "no value is allowed here");
      return false;
    }
    if (node.$ref !== undefined && !this.check(node.$ref, value, path, out)) {
      ok = false;
      if (out === null) return false;
    }
    const type = typeOf(value);
    if (node.type !== undefined) {
      const allowed =
        node.type.includes(type) ||
        (type === "integer" && node.type.includes("number"));
      if (!allowed) {
        fail(
          "type",
          `expected ${node.type.join(" or ")}, found ${describe(value)}`,
        );
        return false;
      }
    }
    if (
      node.enum !== undefined &&
      !node.enum.some((o) => jsonEqual(o, value))
    ) {
      if (fail("enum", `${short(value)} is not one of ${short(node.enum)}`))
        return false;
    }
    if (node.hasConst && !jsonEqual(node.const ?? null, value)) {
      if (
        fail(
          "const",
          `expected ${short(node.const ?? null)}, found ${short(value)}`,
        )
      )
        return false;
    }
    if (typeof value === "string") {
      if (node.minLength !== undefined || node.maxLength !== undefined) {
        const length = [...value].length;
        if (node.minLength !== undefined && length < node.minLength) {
          if (
            fail(
              "minLength",
              `is ${length} characters long, shorter than ${node.minLength}`,
            )
          )
            return false;
        }
        if (node.maxLength !== undefined && length > node.maxLength) {
          if (
            fail(
              "maxLength",
              `is ${length} characters long, longer than ${node.maxLength}`,
            )
          )
            return false;
        }
      }
      if (node.regex !== undefined && !node.regex.test(value)) {
        if (
          fail(
            "pattern",
            `${short(value)} does not match the pattern ${JSON.stringify(node.pattern)}`,
          )
        )
          return false;
      }
      const format =
        node.format === undefined ? undefined : FORMATS[node.format];
      if (format !== undefined && !format(value)) {
        if (fail("format", `${short(value)} is not a valid ${node.format}`))
          return false;
      }
    } else if (typeof value === "number") {
      if (node.minimum !== undefined && value < node.minimum) {
        if (
          fail(
            "minimum",
            `${value} is less than the minimum of ${node.minimum}`,
          )
        )
          return false;
      }
      if (node.maximum !== undefined && value > node.maximum) {
        if (
          fail(
            "maximum",
            `${value} is greater than the maximum of ${node.maximum}`,
          )
        )
          return false;
      }
      if (
        node.exclusiveMinimum !== undefined &&
        value <= node.exclusiveMinimum
      ) {
        if (
          fail(
            "exclusiveMinimum",
            `${value} is not greater than ${node.exclusiveMinimum}`,
          )
        )
          return false;
      }
      if (
        node.exclusiveMaximum !== undefined &&
        value >= node.exclusiveMaximum
      ) {
        if (
          fail(
            "exclusiveMaximum",
            `${value} is not less than ${node.exclusiveMaximum}`,
          )
        )
          return false;
      }
      if (
        node.multipleOf !== undefined &&
        !isMultipleOf(value, node.multipleOf)
      ) {
        if (
          fail("multipleOf", `${value} is not a multiple of ${node.multipleOf}`)
        )
          return false;
      }
    } else if (Array.isArray(value)) {
      const n = value.length;
      if (node.minItems !== undefined && n < node.minItems) {
        if (fail("minItems", `has ${n} items, fewer than ${node.minItems}`))
          return false;
      }
      if (node.maxItems !== undefined && n > node.maxItems) {
        if (fail("maxItems", `has ${n} items, more than ${node.maxItems}`))
          return false;
      }
      if (node.uniqueItems) {
        outer: for (let i = 0; i < n; i++) {
          for (let j = i + 1; j < n; j++) {
            if (jsonEqual(value[i], value[j])) {
              if (fail("uniqueItems", `items ${i} and ${j} are equal`))
                return false;
              break outer;
            }
          }
        }
      }
      if (node.items !== undefined) {
        for (let i = 0; i < n; i++) {
          if (!this.check(node.items, value[i], `${path}/${i}`, out)) {
            ok = false;
            if (out === null) return false;
          }
        }
      }
    } else if (isObject(value)) {
      for (const name of node.required ?? []) {
        if (!hasOwn(value, name)) {
          if (
            fail(
              "required",
              `missing required property ${JSON.stringify(name)}`,
            )
          )
            return false;
        }
      }
      for (const key of Object.keys(value)) {
        const declared: number | undefined = node.props?.get(key);
        const schema: number | undefined =
          declared ?? node.additionalProperties;
        if (schema === undefined) continue;
        const at = `${path}/${escapeToken(key)}`;
        if (declared === undefined && this.nodes[schema]?.never) {
          ok = false;
          out?.push({
            pointer: at,
            keyword: "additionalProperties",
            message: `property ${JSON.stringify(key)} is not allowed`,
          });
          if (out === null) return false;
        } else if (!this.check(schema, value[key], at, out)) {
          ok = false;
          if (out === null) return false;
        }
      }
    }
    for (const sub of node.allOf ?? []) {
      if (!this.check(sub, value, path, out)) {
        ok = false;
        if (out === null) return false;
      }
    }
    if (
      node.anyOf !== undefined &&
      !node.anyOf.some((s) => this.isValid(s, value))
    ) {
      if (
        fail("anyOf", `matches none of the ${node.anyOf.length} alternatives`)
      )
        return false;
    }
    if (node.oneOf !== undefined) {
      const matching = node.oneOf.flatMap((s, i) =>
        this.isValid(s, value) ? [i] : [],
      );
      if (matching.length === 0) {
        if (
          fail("oneOf", `matches none of the ${node.oneOf.length} alternatives`)
        )
          return false;
      } else if (matching.length > 1) {
        if (
          fail(
            "oneOf",
            `matches alternatives [${matching.join(", ")}], but must match exactly one`,
          )
        )
          return false;
      }
    }
    return ok;
  }
}

/** Where each registered `(event type, version)` is judged: a node, or retired. */
export type Judges = Record<string, Record<number, number | "retired">>;

/** Reads the event type and version that select the schema, and finds its judge. */
export function selectJudge(
  value: unknown,
  typeField: string,
  versionField: string | null,
  judges: Judges,
): number {
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

/** Throws when `violations` is not empty. */
export function assertValid(violations: Violation[]): void {
  if (violations.length > 0) {
    const n = violations.length;
    throw new EventValidationError(
      "invalid",
      `the event does not match its schema: ${n} violation${n === 1 ? "" : "s"}`,
      violations,
    );
  }
}

/** Parses JSON, turning a syntax error into an `EventValidationError`. */
export function parseJson(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new EventValidationError(
      "syntax",
      `the input is not valid JSON: ${reason}`,
    );
  }
}
