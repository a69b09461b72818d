//! Hand-aimed documents for the keyword test bed.

use serde_json::{json, Value};

/// A document of `event_type` around `data`.
fn doc(event_type: &str, data: Value) -> Value {
    json!({ "type": event_type, "version": 1, "id": "0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b", "data": data })
}

/// Documents for the keyword test bed (`tests/keywords/`) aimed at the
/// corners one-thing mutations do not reach: code points, regex dialects,
/// date-time spellings, decimal `multipleOf`, `oneOf` overlaps.
pub fn keyword_corners() -> Vec<Value> {
    let strings = |field: &str, value: Value| {
        let mut data = json!({ "short": "ab", "at": "2026-05-01T10:15:00Z" });
        data[field] = value;
        doc("kw.strings", data)
    };
    let numbers = |field: &str, value: Value| {
        let mut data = json!({ "count": 5 });
        data[field] = value;
        doc("kw.numbers", data)
    };
    let mut out = Vec::new();
    for s in [
        "a",
        "ab",
        "abcd",
        "abcde",
        "😀😀",
        "😀😀😀😀😀",
        "e\u{301}e\u{301}",
        "ééééé",
    ] {
        out.push(strings("short", json!(s)));
    }
    for s in ["123", "١٢٣", "12a", ""] {
        out.push(strings("digits", json!(s)));
    }
    for s in ["abc_1", "é", "a b"] {
        out.push(strings("word", json!(s)));
    }
    for s in ["abc", "xabbbbcx", "ac", "ABC"] {
        out.push(strings("unanchored", json!(s)));
    }
    for s in ["x", "x\n", "\nx", "y"] {
        out.push(strings("line", json!(s)));
    }
    for s in ["😀", "é", "e\u{301}", "ab"] {
        out.push(strings("emoji", json!(s)));
    }
    for s in [
        "2026-05-01T10:15:00Z",
        "2026-05-01t10:15:00z",
        "2026-05-01T10:15:00.5+05:30",
        "2026-05-01T10:15:00",
        "2026-05-01 10:15:00Z",
        "2026-05-01T25:15:00Z",
        "2026-02-29T10:15:00Z",
        "2024-02-29T10:15:00Z",
        "2026-05-01T10:15:00+24:00",
        "2026-05-01T10:15:00.Z",
        "2026-06-30T23:59:60Z",
        "2026-07-01T01:59:60+02:00",
        "2026-06-30T18:29:60-05:30",
        "2026-06-30T12:30:60Z",
        "2026-06-30T23:59:60+01:00",
        "2026-06-30T23:59:61Z",
    ] {
        out.push(strings("at", json!(s)));
    }
    for s in [
        "2024-02-29",
        "2023-02-29",
        "2026-4-01",
        "2026-04-31",
        "20260401",
    ] {
        out.push(strings("day", json!(s)));
    }
    for s in [
        "0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b",
        "0195F3A2-7C4E-7D11-9A5B-3C2D1E0F4A5B",
        "0195f3a27c4e7d119a5b3c2d1e0f4a5b",
        "{0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b}",
        "0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5g",
    ] {
        out.push(strings("key", json!(s)));
    }
    for v in [
        json!(19.99),
        json!(0.07),
        json!(1e-2),
        json!(19.999),
        json!(0.1),
        json!(100),
    ] {
        out.push(numbers("price", v));
    }
    for v in [json!(0.3), json!(0.7), json!(1.1), json!(0.35), json!(3)] {
        out.push(numbers("tenth", v));
    }
    for v in [json!(1.0), json!(10.0), json!(10.5), json!(0), json!(11)] {
        out.push(numbers("count", v));
    }
    for v in [json!(0), json!(1), json!(0.5), json!(1e-9), json!(0.999999)] {
        out.push(numbers("ratio", v));
    }
    for v in [json!(1), json!(1.0), json!(2), json!("1")] {
        out.push(numbers("one", v));
    }
    for v in [
        json!(1.0),
        json!(2.50),
        json!(true),
        json!(1),
        json!("true"),
    ] {
        out.push(numbers("choice", v));
    }
    let arrays = |data: Value| doc("kw.arrays", data);
    out.push(arrays(json!({ "tags": ["a"], "numbers": [1, 1.0] })));
    out.push(arrays(
        json!({ "tags": ["a"], "points": [{ "x": 1, "y": 2 }, { "y": 2, "x": 1 }] }),
    ));
    out.push(arrays(json!({ "tags": ["a", "b", "c", "d"] })));
    out.push(arrays(json!({ "tags": [] })));
    let comb = |data: Value| doc("kw.combinators", data);
    out.push(comb(
        json!({ "shape": { "kind": "circle", "r": 1 }, "exclusive": 5 }),
    ));
    out.push(comb(json!({ "shape": { "kind": "circle", "side": 1 } })));
    out.push(comb(json!({ "shape": { "kind": "square", "side": 0 } })));
    out.push(comb(
        json!({ "shape": { "kind": "circle", "r": 1 }, "either": "abcdef" }),
    ));
    out.push(comb(
        json!({ "shape": { "kind": "circle", "r": 1 }, "either": "zzzz" }),
    ));
    out.push(comb(
        json!({ "shape": { "kind": "circle", "r": 1 }, "merged": { "name": "x" } }),
    ));
    out.push(comb(json!({ "shape": { "kind": "circle", "r": 1 }, "tree": { "value": 1, "children": [{ "value": "x" }] } })));
    out.push(comb(
        json!({ "shape": { "kind": "circle", "r": 1 }, "bounded": "ABCDE" }),
    ));
    out.push(comb(
        json!({ "shape": { "kind": "circle", "r": 1 }, "id": 0 }),
    ));
    out.push(comb(
        json!({ "shape": { "kind": "circle", "r": 1 }, "id": "" }),
    ));
    out
}
