//! Fuzzing the receiver's record parser (`core::consent::check_incoming`) with proptest: whatever arrives, it
//! never panics; what it accepts is a complete record that reads back the same; what it refuses names a field.
#![cfg(not(target_arch = "wasm32"))]

use chatgate_core::consent::{check_incoming, text_version};
use chatgate_core::time::Timestamp;
use proptest::prelude::*;
use serde_json::{json, Value};

const NOW: Timestamp = Timestamp(1_795_000_100);
const FIELDS: [&str; 11] = [
    "consent_id",
    "phone",
    "purposes",
    "business",
    "text",
    "text_version",
    "locale",
    "page",
    "given_at",
    "method",
    "withdrawn_at",
];

fn valid() -> Value {
    let text = "Acme will send you the messages you tick below.\n[ ] Test results\nReply STOP to withdraw.";
    json!({
        "consent_id": "0f8c2a4e-3b1d-4c6f-9a7e-5d2b8c1f0e3a", "phone": "+447911123456", "purposes": ["results"],
        "business": "Acme", "text": text, "text_version": text_version(text), "locale": "en",
        "page": "https://acme.example/", "given_at": "2026-11-18T11:06:40Z", "method": "widget-checkbox", "withdrawn_at": null
    })
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        ".{0,40}".prop_map(Value::String),
        "[+0-9 ()-]{0,20}".prop_map(Value::String),
        "'; DROP TABLE consents; --|<script>alert(1)</script>|\u{0}|\u{202e}"
            .prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(text in ".{0,300}") {
        let _ = check_incoming(&text, NOW);
    }

    #[test]
    fn arbitrary_json_is_refused_with_a_field(value in any_json()) {
        let result = check_incoming(&value.to_string(), NOW);
        prop_assert!(result.is_err());
        let problem = result.unwrap_err();
        prop_assert!(!problem.field.is_empty() && !problem.problem.is_empty());
    }

    #[test]
    fn a_mutated_record_is_accepted_whole_or_refused_naming_the_field(field in 0..FIELDS.len(), replacement in any_json(), drop in any::<bool>()) {
        let mut record = valid();
        let key = FIELDS[field];
        if drop {
            record.as_object_mut().unwrap().remove(key);
        } else {
            record[key] = replacement;
        }
        match check_incoming(&record.to_string(), NOW) {
            Ok(accepted) => {
                let again = check_incoming(&serde_json::to_string(&accepted).unwrap(), NOW);
                prop_assert_eq!(again.as_ref(), Ok(&accepted));
                prop_assert!(!accepted.purposes.is_empty() && accepted.phone.as_string().starts_with('+'));
            }
            Err(problem) => {
                let expected: &[&str] = if key == "text" { &["text", "text_version"] } else { &[key] };
                prop_assert!(expected.contains(&problem.field.as_str()), "{} refused as {}", key, problem);
            }
        }
    }

    #[test]
    fn unknown_fields_are_refused(name in "[a-z_]{1,20}", value in any_json()) {
        prop_assume!(!FIELDS.contains(&name.as_str()));
        let mut record = valid();
        record[name.as_str()] = value;
        let problem = check_incoming(&record.to_string(), NOW).unwrap_err();
        prop_assert_eq!(problem.field, name);
    }
}

#[test]
fn the_valid_record_is_accepted() {
    assert!(check_incoming(&valid().to_string(), NOW).is_ok());
}
