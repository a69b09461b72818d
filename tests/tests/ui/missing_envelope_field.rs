// Every required envelope field must be given: here `tenant_id` is missing.
use event_contracts::envelope::EnvelopeFields;

fn main() {
    let _fields = EnvelopeFields {
        event_id: "evt_0195f3a2-7c4e-7d11-9a5b-3c2d1e0f4a5b".into(),
        occurred_at: "2026-05-01T10:15:00Z".parse().unwrap(),
        producer: "revenue".into(),
        subject: "per_x".into(),
        actor: "system:revenue".into(),
        trace_id: None,
        span_id: None,
        correlation_id: None,
        causation_id: None,
    };
}
