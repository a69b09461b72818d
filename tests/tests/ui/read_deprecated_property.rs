// A property the schema marks `deprecated: true` warns when read.
#![deny(deprecated)]

fn read(payload: &keyword_contracts::KwObjectsV1) -> bool {
    payload.legacy.is_some()
}

fn main() {
    let _ = read;
}
