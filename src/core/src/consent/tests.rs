//! The consent module's tests: the form, the wording and its version, ids and codes, the receiver's checks.

use super::*;
use crate::i18n;
use crate::phone::PhoneError;
use crate::widget_config::LocalizedText;

pub(super) fn purposes() -> Vec<Purpose> {
    vec![
        Purpose {
            id: "results".into(),
            label: LocalizedText::from_pairs(&[
                ("en", "Test results"),
                ("ru", "Результаты анализов"),
            ]),
            value: Some(LocalizedText::single("get them the day they are ready")),
        },
        Purpose {
            id: "reminders".into(),
            label: LocalizedText::single("Appointment reminders"),
            value: None,
        },
    ]
}

/// The record of a consent to "results" given in `copy`'s words at a fixed time, as the widget builds it.
pub(super) fn record_for(copy: &ConsentCopy) -> ConsentRecord {
    let form = ValidOptIn {
        phone: crate::phone::normalize_phone("+447911123456", None).expect("valid test number"),
        purposes: ticked(&["results"]),
    };
    build_record(
        &form,
        &RecordContext {
            business: "Acme",
            business_phone: &crate::phone::normalize_phone("+442079460000", None)
                .expect("valid test number"),
            copy,
            locale: "en",
            page: "https://acme.example/",
            now: Timestamp(1_795_000_000),
            random: [7; 16],
        },
    )
}

pub(super) fn ticked(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn validates_phone_and_purposes_together() {
    let ok = validate_opt_in("07911 123456", "GB", &ticked(&["reminders"]), &purposes()).unwrap();
    assert_eq!(
        ok,
        ValidOptIn {
            phone: crate::phone::normalize_phone("+447911123456", None).expect("valid test number"),
            purposes: ticked(&["reminders"])
        }
    );
    let all = validate_opt_in("+7 912 345 67 89", "GB", &ticked(&["*"]), &purposes()).unwrap();
    assert_eq!(all.purposes, ticked(&["results", "reminders"]));
    let errors = validate_opt_in("0791", "GB", &[], &purposes()).unwrap_err();
    assert_eq!(
        errors,
        OptInErrors {
            phone: Some("too_short"),
            purposes: Some("no_purpose")
        }
    );
    assert_eq!(
        validate_opt_in("", "GB", &ticked(&["results"]), &purposes())
            .unwrap_err()
            .phone,
        Some("empty")
    );
    assert_eq!(
        validate_opt_in("abc", "GB", &ticked(&["results"]), &purposes())
            .unwrap_err()
            .phone,
        Some("not_a_number")
    );
    assert_eq!(
        validate_opt_in("+999 1234567", "GB", &ticked(&["results"]), &purposes())
            .unwrap_err()
            .phone,
        Some("unknown_country_code")
    );
    assert!(validate_opt_in("07911 123456", "GB", &ticked(&["unknown"]), &purposes()).is_err());
}

#[test]
fn every_error_the_form_can_show_is_worded_in_every_language() {
    let phone_errors = [
        PhoneError::Empty,
        PhoneError::NotANumber,
        PhoneError::MissingCountryCode,
        PhoneError::UnknownRegion("XX".into()),
        PhoneError::UnknownCountryCode("999".into()),
        PhoneError::TooShort {
            region: "GB",
            min: 7,
        },
        PhoneError::TooLong {
            region: "GB",
            max: 10,
        },
        PhoneError::WrongLength {
            region: "GB",
            digits: 8,
        },
        PhoneError::InvalidNumber { region: "GB" },
    ];
    let codes = phone_errors
        .iter()
        .map(PhoneError::code)
        .chain(["no_purpose"]);
    for code in codes {
        for locale in i18n::available_locales() {
            assert_ne!(
                i18n::error_text(locale, code),
                code,
                "{locale} has no text for error.{code}"
            );
        }
    }
}

#[test]
fn the_copy_is_the_text_and_its_version_follows_every_change() {
    let copy = consent_copy(
        "en",
        "Northfield Clinic",
        &purposes(),
        false,
        "https://clinic.example/privacy",
    );
    assert_eq!(
        copy.checkboxes[0],
        (
            "results".to_string(),
            "Test results — get them the day they are ready".to_string()
        )
    );
    let text = copy.text();
    assert!(text.starts_with("Northfield Clinic will send you"));
    assert!(text.contains("[ ] Appointment reminders"));
    assert!(text.contains("reply STOP"));
    assert!(text.ends_with("Privacy policy: https://clinic.example/privacy"));
    assert_eq!(copy.version(), text_version(&text));
    let russian = consent_copy(
        "ru",
        "Northfield Clinic",
        &purposes(),
        false,
        "https://clinic.example/privacy",
    );
    assert!(russian.checkboxes[0].1.starts_with("Результаты анализов"));
    assert_ne!(russian.version(), copy.version());
    let fewer = consent_copy(
        "en",
        "Northfield Clinic",
        &purposes()[..1],
        false,
        "https://clinic.example/privacy",
    );
    assert_ne!(fewer.version(), copy.version());
    assert_eq!(
        copy.version(),
        consent_copy(
            "en",
            "Northfield Clinic",
            &purposes(),
            false,
            "https://clinic.example/privacy"
        )
        .version()
    );
    let single = consent_copy("en", "Northfield Clinic", &purposes(), true, "");
    assert_eq!(single.checkboxes.len(), 1);
    assert_eq!(single.checkboxes[0].1, "I agree to receive: Test results — get them the day they are ready and Appointment reminders");
}

#[test]
fn the_phone_field_starts_in_the_visitors_country() {
    let langs = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        default_visitor_region(Some("de"), &langs(&["ru-RU"]), "GB"),
        "DE"
    );
    assert_eq!(
        default_visitor_region(None, &langs(&["en-GB", "en"]), "US"),
        "GB"
    );
    assert_eq!(
        default_visitor_region(None, &langs(&["zh-Hans-CN"]), "GB"),
        "CN"
    );
    assert_eq!(default_visitor_region(None, &langs(&["ru"]), "GB"), "RU");
    assert_eq!(default_visitor_region(None, &langs(&["en"]), "GB"), "GB");
    assert_eq!(default_visitor_region(None, &[], "KZ"), "KZ");
    let regions = selectable_regions();
    assert!(regions.len() > 200);
    assert!(regions.contains(&("GB", 44)) && regions.contains(&("KZ", 7)));
    assert!(!regions.iter().any(|(code, _)| *code == "001"));
}

#[test]
fn ids_codes_and_records() {
    let id = consent_id([0xab; 16]);
    assert_eq!(id, "abababab-abab-4bab-abab-abababababab");
    assert_eq!(reference_code(&id), reference_code(&id));
    assert_eq!(reference_code(&id).len(), 7);
    assert_ne!(reference_code(&consent_id([0x12; 16])), reference_code(&id));
    assert_eq!(text_version(""), "v1-cbf29ce484222325");

    let copy = consent_copy("en", "Acme", &purposes(), false, "");
    let record = record_for(&copy);
    assert_eq!(record.given_at.to_rfc3339_utc(), "2026-11-18T11:06:40Z");
    assert_eq!(record.text, copy.text());
    assert_eq!(record.method, "widget-checkbox");
    assert!(!record.is_withdrawn());
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(json["given_at"], "2026-11-18T11:06:40Z");
    assert_eq!(json["phone"], "+447911123456");
    assert_eq!(json["business_phone"], "+442079460000");
    assert_eq!(
        json.as_object().map(|o| o.len()),
        Some(RECORD_FIELDS.len() + OPTIONAL_RECORD_FIELDS.len())
    );
    for key in RECORD_FIELDS {
        assert!(json.get(key).is_some(), "record has {key}");
    }
    let withdrawn = record.withdrawn(Timestamp(1_795_000_600));
    assert_eq!(
        withdrawn
            .withdrawn_at
            .map(Timestamp::to_rfc3339_utc)
            .as_deref(),
        Some("2026-11-18T11:16:40Z")
    );
    assert_eq!(
        withdrawn.withdrawn(Timestamp(1_795_999_999)).withdrawn_at,
        withdrawn.withdrawn_at
    );
    let stored = vec![record.clone(), withdrawn.clone()];
    assert_eq!(active_record(&stored, "Acme"), Some(&record));
    assert_eq!(active_record(&stored[1..], "Acme"), None);
    assert_eq!(parse_stored("not json"), vec![]);
    assert_eq!(
        parse_stored(&serde_json::to_string(&stored).unwrap()),
        stored
    );
    // Stored without serde (the dialog), byte for byte what serde writes, and read back either way.
    assert_eq!(
        stored_text(&stored),
        serde_json::to_string(&stored).unwrap()
    );
    assert_eq!(parse_stored(&stored_text(&stored)), stored);
    assert_eq!(
        serde_json::from_str::<Vec<ConsentRecord>>(&stored_text(&stored)).unwrap(),
        stored
    );
    assert_eq!(
        purpose_labels(&record, &purposes(), "ru"),
        vec!["Результаты анализов".to_string()]
    );

    // Two tabs: each keeps the other's records, and a withdrawal is never undone by a stale copy.
    let other_tab = ConsentRecord {
        consent_id: consent_id([9; 16]),
        given_at: Timestamp(1_795_000_300),
        ..record.clone()
    };
    let merged = merge_records(
        &[record.clone(), other_tab.clone()],
        std::slice::from_ref(&withdrawn),
    );
    assert_eq!(merged, vec![withdrawn.clone(), other_tab.clone()]);
    assert_eq!(
        merge_records(&merged, std::slice::from_ref(&record)),
        merged
    );
}

#[test]
fn a_changed_text_asks_again_and_says_what_changed() {
    let before = consent_copy(
        "en",
        "Acme",
        &purposes()[..1],
        false,
        "https://acme.example/privacy",
    );
    let record = record_for(&before);
    assert!(!needs_reconsent(&record, &before));
    let after = consent_copy(
        "en",
        "Acme",
        &purposes(),
        false,
        "https://acme.example/privacy",
    );
    assert!(needs_reconsent(&record, &after));
    let changes = text_changes(&record.text, &after.text());
    assert_eq!(
        changes,
        TextChanges {
            added: vec!["Appointment reminders".to_string()],
            removed: vec![]
        }
    );
    let reworded = text_changes(
        &after.text(),
        &consent_copy(
            "en",
            "Acme",
            &purposes()[1..],
            false,
            "https://acme.example/privacy",
        )
        .text(),
    );
    assert_eq!(
        reworded.removed,
        vec!["Test results — get them the day they are ready".to_string()]
    );
    assert!(reworded.added.is_empty());
}

fn given(id: &str, business: &str, at: i64) -> ConsentRecord {
    ConsentRecord {
        consent_id: id.into(),
        phone: crate::phone::normalize_phone("+447911123456", None).expect("valid test number"),
        purposes: vec!["results".into()],
        business: business.into(),
        business_phone: None,
        text: "text".into(),
        text_version: text_version("text"),
        locale: "en".into(),
        page: "https://acme.example/".into(),
        given_at: Timestamp(at),
        method: METHOD_WIDGET_CHECKBOX.into(),
        withdrawn_at: None,
    }
}

#[test]
fn a_new_consent_closes_the_earlier_one_of_the_same_business() {
    let mut records = vec![given("a", "Acme", 100), given("other", "Beta", 150)];
    let closed = add_consent(&mut records, given("b", "Acme", 200));
    assert_eq!(closed.len(), 1);
    assert_eq!(
        (closed[0].consent_id.as_str(), closed[0].withdrawn_at),
        ("a", Some(Timestamp(200)))
    );
    assert_eq!(records.len(), 3, "nothing is deleted");
    assert_eq!(
        records[1].withdrawn_at, None,
        "another business's consent stays in force"
    );
    assert_eq!(
        active_record(&records, "Acme").map(|r| r.consent_id.as_str()),
        Some("b")
    );
    assert!(add_consent(&mut records, given("c", "Gamma", 300)).is_empty());
}

#[test]
fn withdraw_all_marks_every_consent_in_force_and_keeps_the_first_time() {
    let mut records = vec![
        given("a", "Acme", 100),
        given("b", "Acme", 200),
        given("x", "Beta", 50),
    ];
    records[0].withdrawn_at = Some(Timestamp(150));
    let withdrawn = withdraw_all(&mut records, "Acme", Timestamp(400));
    assert_eq!(
        withdrawn
            .iter()
            .map(|r| r.consent_id.as_str())
            .collect::<Vec<_>>(),
        ["b"]
    );
    assert_eq!(
        records[0].withdrawn_at,
        Some(Timestamp(150)),
        "an earlier withdrawal is kept"
    );
    assert_eq!(records[1].withdrawn_at, Some(Timestamp(400)));
    assert_eq!(records[2].withdrawn_at, None);
    assert!(withdraw_all(&mut records, "Acme", Timestamp(500)).is_empty());
    assert_eq!(active_record(&records, "Acme"), None);
}

/// The core's own JSON reading of records (the dialog's, without serde) reads what serde reads and refuses what it
/// refuses: fields missing or of another type, an unreadable number or time; an old record without
/// `business_phone`; text with quotes, newlines and control characters.
#[test]
fn stored_records_are_read_as_serde_reads_them() {
    let mut record = record_for(&consent_copy("en", "Acme", &purposes(), false, "/p"));
    record.text = "Line \"one\"\nline\ttwo \u{1}\u{8} – 好".to_string();
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(
        stored_text(std::slice::from_ref(&record)),
        serde_json::to_string(&[&record]).unwrap()
    );
    assert_eq!(
        ConsentRecord::from_json(&json.clone().into()),
        Some(record.clone())
    );
    let mut legacy = json.clone();
    legacy.as_object_mut().unwrap().remove("business_phone");
    legacy.as_object_mut().unwrap().remove("withdrawn_at");
    legacy["extra"] = serde_json::json!(1);
    let read = ConsentRecord::from_json(&legacy.clone().into()).expect("a legacy record");
    assert_eq!(read.business_phone, None);
    assert_eq!(read.withdrawn_at, None);
    assert!(serde_json::from_value::<ConsentRecord>(legacy).is_ok());
    for (field, value) in [
        ("consent_id", serde_json::json!(null)),
        ("phone", serde_json::json!("447911123456")),
        ("phone", serde_json::json!("+44 791")),
        ("purposes", serde_json::json!(["a", 1])),
        ("given_at", serde_json::json!("yesterday")),
        ("withdrawn_at", serde_json::json!(5)),
        ("business_phone", serde_json::json!(false)),
    ] {
        let mut bad = json.clone();
        bad[field] = value;
        assert!(
            serde_json::from_value::<ConsentRecord>(bad.clone()).is_err(),
            "{field}"
        );
        assert_eq!(ConsentRecord::from_json(&bad.into()), None, "{field}");
    }
    let mut missing = json.clone();
    missing.as_object_mut().unwrap().remove("method");
    assert_eq!(ConsentRecord::from_json(&missing.into()), None);
    // One unreadable record: none is read (as serde reads a list).
    let list = format!("[{},{{}}]", serde_json::to_string(&record).unwrap());
    assert_eq!(parse_stored(&list), vec![]);
}
