//! Documents generated from the schemas, deterministic from a seed.
//!
//! Values are drawn to satisfy each node's constraints (bounds, `multipleOf`
//! on the decimals, lengths in code points, formats, enums, `oneOf`
//! alternatives, optional properties present or not, extra keys in open
//! objects and maps). Strings under a `pattern` are taken from the values
//! the schema's own examples hold at that place, since a regular expression
//! cannot be inverted in general. The verdict on every document still comes
//! from the reference validator, not from this generator.

use std::collections::HashMap;
use std::path::Path;

use codegen::schema::{Format, JsonType, NodeId};
use codegen::Contracts;
use serde_json::{json, Map, Number, Value};

/// A small deterministic generator (xorshift64*), so corpora are stable.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len() as u64) as usize)
        }
    }
}

/// `count` documents per live event of the contracts in `dir`.
pub fn generated_documents(dir: &Path, seed: u64, count: usize) -> Vec<Value> {
    let Ok((model, _)) = codegen::check(dir) else {
        return Vec::new();
    };
    let mut pool: HashMap<NodeId, Vec<Value>> = HashMap::new();
    for e in &model.events {
        let Some(p) = &e.payload else { continue };
        for example in &model.node(model.schemas.resolve(p.root)).examples {
            harvest(&model, p.root, example, &mut pool, 0);
        }
    }
    if let Some(env) = &model.envelope {
        for example in &model.node(model.schemas.resolve(env.root)).examples {
            harvest(&model, env.root, example, &mut pool, 0);
        }
    }
    let mut rng = Rng::new(seed);
    let mut docs = Vec::new();
    for e in &model.events {
        let Some(p) = &e.payload else { continue };
        for _ in 0..count {
            let g = Gen {
                c: &model,
                pool: &pool,
            };
            let doc = g.value(p.judge, &mut rng, 0);
            docs.push(doc);
        }
    }
    docs
}

/// Records, for every node, the values the examples hold at its place.
fn harvest(
    c: &Contracts,
    id: NodeId,
    value: &Value,
    pool: &mut HashMap<NodeId, Vec<Value>>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    let rid = c.schemas.resolve(id);
    pool.entry(rid).or_default().push(value.clone());
    let n = c.node(rid);
    for part in n
        .reference
        .iter()
        .chain(&n.all_of)
        .chain(&n.one_of)
        .chain(&n.any_of)
    {
        harvest(c, *part, value, pool, depth + 1);
    }
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if let Some((_, child)) = n.properties.iter().find(|(p, _)| p == k) {
                    harvest(c, *child, v, pool, depth + 1);
                } else if let Some(a) = n.additional_properties {
                    harvest(c, a, v, pool, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = n.items {
                for v in items {
                    harvest(c, item, v, pool, depth + 1);
                }
            }
        }
        _ => {}
    }
}

struct Gen<'a> {
    c: &'a Contracts,
    pool: &'a HashMap<NodeId, Vec<Value>>,
}

impl Gen<'_> {
    fn value(&self, id: NodeId, rng: &mut Rng, depth: usize) -> Value {
        let rid = self.c.schemas.resolve(id);
        let n = self.c.node(rid);
        if depth > 12 {
            return self.pooled(rid, rng).unwrap_or(Value::Null);
        }
        if let Some(v) = &n.const_value {
            return v.clone();
        }
        if let Some(values) = &n.enum_values {
            return rng.pick(values).cloned().unwrap_or(Value::Null);
        }
        let alternatives: Vec<NodeId> = n.one_of.iter().chain(&n.any_of).copied().collect();
        if !alternatives.is_empty() && n.properties.is_empty() {
            let pick = *rng.pick(&alternatives).expect("not empty");
            return self.value(pick, rng, depth + 1);
        }
        let parts: Vec<NodeId> = n.reference.iter().chain(&n.all_of).copied().collect();
        if !parts.is_empty() && n.types.is_none() && n.properties.is_empty() {
            // Merge the parts' objects; otherwise the first part stands.
            let mut merged = Map::new();
            for part in &parts {
                match self.value(*part, rng, depth + 1) {
                    Value::Object(m) => merged.extend(m),
                    other if merged.is_empty() => return other,
                    _ => {}
                }
            }
            return Value::Object(merged);
        }
        let types: Vec<JsonType> = match &n.types {
            Some(t) => t.clone(),
            None if !n.properties.is_empty() || n.additional_properties.is_some() => {
                vec![JsonType::Object]
            }
            None if n.items.is_some() => vec![JsonType::Array],
            None => return self.pooled(rid, rng).unwrap_or(json!("any")),
        };
        let non_null: Vec<JsonType> = types
            .iter()
            .copied()
            .filter(|t| *t != JsonType::Null)
            .collect();
        let t = if types.contains(&JsonType::Null) && (non_null.is_empty() || rng.chance(20)) {
            JsonType::Null
        } else {
            *rng.pick(&non_null).unwrap_or(&JsonType::Null)
        };
        match t {
            JsonType::Null => Value::Null,
            JsonType::Boolean => Value::Bool(rng.chance(50)),
            JsonType::Integer => self.integer(n, rng),
            JsonType::Number => self.number(n, rng),
            JsonType::String => self.string(rid, rng),
            JsonType::Array => self.array(rid, rng, depth),
            JsonType::Object => self.object(rid, rng, depth),
        }
    }

    fn pooled(&self, id: NodeId, rng: &mut Rng) -> Option<Value> {
        self.pool.get(&id).and_then(|v| rng.pick(v)).cloned()
    }

    fn bounds(&self, n: &codegen::schema::Node) -> (f64, f64) {
        let f = |v: &Option<Number>| v.as_ref().and_then(Number::as_f64);
        let lo = f(&n.minimum)
            .or(f(&n.exclusive_minimum).map(|x| x + 1.0))
            .unwrap_or(-1000.0);
        let hi = f(&n.maximum)
            .or(f(&n.exclusive_maximum).map(|x| x - 1.0))
            .unwrap_or(lo.max(0.0) + 1000.0);
        (lo, hi.max(lo))
    }

    fn integer(&self, n: &codegen::schema::Node, rng: &mut Rng) -> Value {
        let (lo, hi) = self.bounds(n);
        let (lo, hi) = (lo.ceil().max(-1e12) as i64, hi.floor().min(1e12) as i64);
        let m = n
            .multiple_of
            .as_ref()
            .and_then(Number::as_i64)
            .filter(|m| *m > 0)
            .unwrap_or(1);
        let first = lo.div_euclid(m) + i64::from(lo.rem_euclid(m) != 0);
        let last = hi.div_euclid(m);
        let k = first + rng.below((last - first + 1).max(1) as u64) as i64;
        json!(k * m)
    }

    fn number(&self, n: &codegen::schema::Node, rng: &mut Rng) -> Value {
        let (lo, hi) = self.bounds(n);
        // Values on a decimal grid, written as decimals: `19.99`, not `19.990000000000002`.
        let step = n
            .multiple_of
            .as_ref()
            .map(|m| m.to_string())
            .unwrap_or_else(|| "0.25".to_owned());
        let scale = step.split_once('.').map_or(0, |(_, f)| f.len() as i32);
        let unit: i64 = step
            .replace('.', "")
            .trim_start_matches('0')
            .parse()
            .unwrap_or(1)
            .max(1);
        let factor = 10f64.powi(scale);
        let first = (lo * factor / unit as f64).ceil() as i64;
        let last = (hi * factor / unit as f64).floor() as i64;
        let k = first + rng.below((last - first + 1).max(1) as u64) as i64;
        let digits = (k * unit).to_string();
        let text = if scale == 0 {
            digits
        } else {
            let negative = digits.starts_with('-');
            let abs = digits.trim_start_matches('-');
            let padded = format!("{abs:0>width$}", width = scale as usize + 1);
            let (int, frac) = padded.split_at(padded.len() - scale as usize);
            format!("{}{int}.{frac}", if negative { "-" } else { "" })
        };
        serde_json::from_str(&text).unwrap_or(json!(0))
    }

    fn string(&self, id: NodeId, rng: &mut Rng) -> Value {
        let n = self.c.node(id);
        if n.pattern.is_some() {
            return self.pooled(id, rng).unwrap_or(json!("unmatched"));
        }
        match n.format {
            Some(Format::DateTime) => {
                let sep = if rng.chance(10) { "t" } else { "T" };
                let frac = if rng.chance(30) { ".125" } else { "" };
                let zone = *rng
                    .pick(&["Z", "+02:00", "-05:30", "z", "+00:00"])
                    .expect("not empty");
                let second = if rng.chance(5) { 60 } else { rng.below(60) };
                return json!(format!(
                    "20{:02}-{:02}-{:02}{sep}{:02}:{:02}:{second:02}{frac}{zone}",
                    10 + rng.below(20),
                    1 + rng.below(12),
                    1 + rng.below(28),
                    rng.below(24),
                    rng.below(60)
                ));
            }
            Some(Format::Date) => {
                return json!(format!(
                    "20{:02}-{:02}-{:02}",
                    10 + rng.below(20),
                    1 + rng.below(12),
                    1 + rng.below(28)
                ))
            }
            Some(Format::Uuid) => {
                let hex = |rng: &mut Rng, n: usize| {
                    (0..n)
                        .map(|_| format!("{:x}", rng.below(16)))
                        .collect::<String>()
                };
                let text = format!(
                    "{}-{}-7{}-a{}-{}",
                    hex(rng, 8),
                    hex(rng, 4),
                    hex(rng, 3),
                    hex(rng, 3),
                    hex(rng, 12)
                );
                return json!(if rng.chance(20) {
                    text.to_uppercase()
                } else {
                    text
                });
            }
            _ => {}
        }
        let min = n.min_length.unwrap_or(0) as usize;
        let max = n.max_length.map_or(min + 12, |m| m as usize).max(min);
        let len = min + rng.below((max - min + 1) as u64) as usize;
        let alphabet = ["a", "b", "z", "é", "😀", "e\u{301}", "-", " ", "7"];
        // `e\u{301}` is two code points: count code points, not pieces.
        let mut s = String::new();
        while s.chars().count() < len {
            let piece = *rng.pick(&alphabet).expect("not empty");
            if s.chars().count() + piece.chars().count() <= len {
                s.push_str(piece);
            } else {
                s.push('x');
            }
        }
        json!(s)
    }

    fn array(&self, id: NodeId, rng: &mut Rng, depth: usize) -> Value {
        let n = self.c.node(id);
        let min = n.min_items.unwrap_or(0) as usize;
        let max = n
            .max_items
            .map_or(min + 3, |m| m as usize)
            .min(min + 3)
            .max(min);
        let len = min + rng.below((max - min + 1) as u64) as usize;
        let mut items: Vec<Value> = Vec::new();
        let mut attempts = 0;
        while items.len() < len && attempts < len * 8 + 8 {
            attempts += 1;
            let v = match n.items {
                Some(item) => self.value(item, rng, depth + 1),
                None => json!(items.len()),
            };
            if n.unique_items && items.contains(&v) {
                continue;
            }
            items.push(v);
        }
        Value::Array(items)
    }

    fn object(&self, id: NodeId, rng: &mut Rng, depth: usize) -> Value {
        let n = self.c.node(id);
        let mut map = Map::new();
        for (name, child) in &n.properties {
            if n.required.contains(name) || rng.chance(50) {
                map.insert(name.clone(), self.value(*child, rng, depth + 1));
            }
        }
        for name in &n.required {
            if !map.contains_key(name) {
                map.insert(
                    name.clone(),
                    self.pooled(id, rng)
                        .and_then(|v| v.get(name).cloned())
                        .unwrap_or(Value::Null),
                );
            }
        }
        // `allOf` parts add their own fields (a bare event's judge is its
        // pinned event type `allOf` the payload).
        for part in n.all_of.iter().chain(n.reference.iter()) {
            if let Value::Object(more) = self.value(*part, rng, depth + 1) {
                for (k, v) in more {
                    map.entry(k).or_insert(v);
                }
            }
        }
        match n.additional_properties {
            Some(a) if !self.c.node(a).never => {
                for i in 0..rng.below(3) {
                    map.insert(format!("key{i}"), self.value(a, rng, depth + 1));
                }
            }
            None if rng.chance(30) => {
                map.insert(
                    "extra_field".to_owned(),
                    json!({ "kept": [1, "two", null] }),
                );
            }
            _ => {}
        }
        Value::Object(map)
    }
}
