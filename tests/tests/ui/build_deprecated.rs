// Building a deprecated version warns; under `-D warnings` it does not compile.
#![deny(deprecated)]

fn build() -> event_contracts::CreditReleasedV1 {
    serde_json::from_str("{}").unwrap()
}

fn main() {
    let _ = build;
}
