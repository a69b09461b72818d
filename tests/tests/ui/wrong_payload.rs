// A credit.consumed payload cannot make a credit.locked event.
use event_contracts::{CreditConsumedV1, CreditLockedV1, Envelope};

fn build(fields: event_contracts::envelope::EnvelopeFields, payload: CreditConsumedV1) {
    let _event: Envelope<CreditLockedV1> = Envelope::new(fields, payload);
}

fn main() {}
