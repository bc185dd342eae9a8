//! The normalized config reads back as the config the checker accepted, for every key and key form (issue 15).

use super::*;
use crate::widget_config::parse_widget_config;
use serde_json::{json, Value as Json};

/// The config the core reads from the page's object.
fn accepted(config: &Json) -> WidgetConfig {
    parse_widget_config(&config.clone().into()).expect("test config is valid")
}

/// The writer's text reads back as the same config, and writing that again gives the same text (so an order the
/// config's equality ignores, such as a text's languages, is kept too).
fn check(config: Json) {
    let config = accepted(&config);
    let text = write_normalized(&config);
    // JSON for an independent reader too (the escapes, the commas).
    let independent: Json = serde_json::from_str(&text).expect("the writer writes JSON");
    assert_eq!(
        independent["business"].as_str(),
        Some(config.business.as_str())
    );
    let read = read_normalized(&text);
    assert_eq!(read.as_ref(), Some(&config), "read back from {text}");
    assert_eq!(write_normalized(&read.unwrap()), text);
}

#[test]
fn the_demo_config() {
    check(json!({
        "business": "Northfield Family Clinic", "phone": "+44 7911 123456", "privacy_url": "privacy.html",
        "message": "Hello, I have a question about an appointment.",
        "hours": {"timezone": "Europe/London", "days": "mon-fri", "from": "08:00", "to": "18:30",
                  "reply_time": {"en": "within an hour", "ru": "в течение часа", "zh": "一小时内"}},
        "greeting": {"text": {"en": "Questions about your results? We are on WhatsApp.",
                              "ru": "Вопросы о результатах? Мы в WhatsApp.", "zh": "对检查结果有疑问？我们在 WhatsApp 上。"},
                     "delay_s": 8},
        "pages": [{"match": "/privacy*", "message": "Hello, I have a question about your privacy policy."}],
        "region": "GB", "locale": "auto", "consent_endpoint": "http://127.0.0.1:8081/consents",
        "purposes": [
            {"id": "results", "label": {"en": "Test results", "ru": "Результаты анализов", "zh": "检查结果"},
             "value": {"en": "know the day they are ready", "ru": "узнать в тот же день, когда они готовы",
                       "zh": "结果出来当天就知道"}},
            {"id": "reminders", "label": {"en": "Appointment reminders", "ru": "Напоминания о приёме", "zh": "预约提醒"},
             "value": {"en": "the day before your visit", "ru": "за день до визита", "zh": "就诊前一天提醒"}}
        ]
    }));
}

#[test]
fn the_readme_examples() {
    check(json!({
        "business": "Acme Clinic", "phone": "+44 7911 123456", "region": "GB",
        "privacy_url": "https://acme.example/privacy",
        "purposes": [{"id": "results", "label": "Test results", "value": "know the day they are ready"}],
        "consent_endpoint": "https://acme.example/consents", "locale": "auto",
        "message": "Hello, I have a question about {{page_title}}"
    }));
    // As `data-` attributes give them: every value a string, purposes as a list of ids.
    check(json!({"business": "Acme", "phone": "+44 7911 123456", "message": "Hello!"}));
    check(
        json!({"phone": "+44 7911 123456", "purposes": "results,offers", "privacy_url": "/privacy",
                 "single_checkbox": "true", "data_layer": "false", "chat": "false"}),
    );
    check(json!({
        "business": "Acme", "hours": {"timezone": "Europe/London", "days": "mon-fri", "from": "09:00", "to": "18:00"},
        "contacts": [
            {"id": "sales", "name": "Anna", "role": {"en": "Sales", "ru": "Продажи"}, "phone": "+44 7911 123456",
             "message": "Hello Anna, a question about {{page_title}}"},
            {"id": "support", "name": "Li Wei", "role": "Support", "phone": "+86 139 1234 5678",
             "hours": {"timezone": "Asia/Shanghai", "days": "mon-sat", "from": "08:00", "to": "20:00",
                       "closed": "hide"}}
        ]
    }));
    check(json!({
        "phone": "+44 7911 123456",
        "greeting": {"text": {"en": "Questions about your results? We're on WhatsApp.", "ru": "…"}, "delay_s": 8},
        "pages": [
            {"match": "/pricing*", "message": "A question about your prices",
             "greeting": {"text": "Need a quote?", "delay_s": 3}},
            {"match": "/checkout*", "greeting": false}
        ]
    }));
}

/// Every key, each away from its default, so a reader that dropped one would give the default instead.
fn every_key() -> Json {
    json!({
        "business": "Acme \"Quoted\" \\ Ltd\u{1}\u{1f}\n", "phone": "07911 123456", "region": "gb",
        "message": "Hi {{page_title|there}}\tfrom {{page_url}}", "chat": false,
        "purposes": [
            {"id": "results", "label": {"ru": "Результаты", "en": "Results"}, "value": "the day they are ready"},
            {"id": "offers", "label": "Offers 🎉"}
        ],
        "single_checkbox": true, "privacy_url": "https://acme.example/privacy",
        "consent_endpoint": "/consents", "locale": "ru", "theme": "dark", "accent": "#0a7d4d",
        "position": "left", "data_layer": true,
        "hours": {"timezone": "America/New_York", "days": {"mon": ["09:00", "17:00"],
                  "sat": [["10:00", "12:00"], ["14:00", "16:00"]], "sun": null, "fri": ["22:00", "02:00"]},
                  "reply_time": "within a day", "closed": "hide"},
        "contacts": [
            {"name": {"zh": "李伟", "en": "Li Wei"}, "phone": "+1 416 555 0123"},
            {"id": "almaty", "name": "Aigerim", "role": "Kazakhstan", "phone": "+7 701 123 4567",
             "message": "Сәлем", "hours": {"timezone": "Australia/Sydney", "days": "fri-mon", "from": "00:00",
                                            "to": "24:00"}}
        ],
        "greeting": {"text": "Hello", "delay_s": 0},
        "pages": [
            {"match": "/", "message": ""},
            {"match": "/shop/*/cart", "greeting": {"text": {"en": "Stuck?", "ru": "Застряли?"}}},
            {"match": "/checkout*", "greeting": false}
        ],
        "unknown_key": [1, 2, 3]
    })
}

#[test]
fn a_config_with_every_key() {
    let config = accepted(&every_key());
    // The shared calling codes keep their country: +1 is Canada here, +7 Kazakhstan.
    assert_eq!(config.contacts[0].phone.region(), "CA");
    assert_eq!(config.contacts[1].phone.region(), "KZ");
    check(every_key());
}

#[test]
fn each_form_of_a_key() {
    let base = || json!({"phone": "+44 7911 123456", "privacy_url": "/privacy"});
    let with = |key: &str, value: Json| {
        let mut config = base();
        config[key] = value;
        config
    };
    check(base());
    // Hours per day and as a range, a zone without summer time, one west of UTC, one south of the equator.
    check(with(
        "hours",
        json!({"timezone": "Asia/Shanghai", "days": "mon-fri,sun", "from": "09:00", "to": "18:00"}),
    ));
    check(with(
        "hours",
        json!({"timezone": "America/Sao_Paulo", "days": {"tue": ["08:00", "12:00"]}}),
    ));
    check(with(
        "hours",
        json!({"timezone": "Pacific/Chatham", "days": "sat", "from": "23:45", "to": "00:15"}),
    ));
    check(with(
        "hours",
        json!({"timezone": "UTC", "days": "mon", "from": "00:00", "to": "24:00"}),
    ));
    // Texts as strings and by language.
    check(with(
        "purposes",
        json!([{"id": "a", "label": "A"}, {"id": "b", "label": {"en": "B", "zh": "乙"}}]),
    ));
    check(with(
        "greeting",
        json!({"text": {"zh": "你好", "en": "Hello", "ru": "Привет"}}),
    ));
    check(with("greeting", json!(false)));
    // Contacts with their own hours and with the top-level ones.
    check(json!({
        "hours": {"timezone": "Europe/Berlin", "days": "mon-fri", "from": "09:00", "to": "17:00"},
        "contacts": [{"name": "A", "phone": "+49 30 901820"},
                     {"name": "B", "phone": "+49 30 901821",
                      "hours": {"timezone": "Europe/Berlin", "days": "sat", "from": "10:00", "to": "14:00"}}]
    }));
    // Pages with greetings, without, and switched off.
    check(with(
        "pages",
        json!([{"match": "/a*", "greeting": {"text": "A", "delay_s": 600}},
                                {"match": "/b"}, {"match": "/c", "greeting": false, "message": "C"}]),
    ));
    check(with("theme", json!("light")));
    check(with("accent", json!("#abc")));
}

#[test]
fn the_top_level_hours_stay_those_every_contact_keeps() {
    let config = accepted(&json!({
        "hours": {"timezone": "Europe/London", "days": "mon-fri", "from": "09:00", "to": "18:00"},
        "contacts": [{"name": "A", "phone": "+44 7911 123456"}, {"name": "B", "phone": "+44 7911 123457"}]
    }));
    let read = read_normalized(&write_normalized(&config)).expect("reads back");
    assert!(read.hours_above_contacts().is_some());
}

#[test]
fn a_text_the_writer_did_not_write_reads_as_nothing() {
    let text = write_normalized(&accepted(&every_key()));
    assert!(read_normalized(&text).is_some());
    // The page's own config is not the normalized text.
    assert_eq!(read_normalized(&every_key().to_string()), None);
    for broken in [
        "",
        "null",
        "[]",
        &text[..text.len() - 1],
        &text.replace("\"business\":", "\"name\":"),
        &text.replace("\"data_layer\":true", "\"data_layer\":\"true\""),
        &text.replace("\"theme\":\"dark\"", "\"theme\":\"dusk\""),
        &text.replace(" CA\"", " XX\""),
        &text.replace("+1 416", "+44 416"),
        &text.replace("\"closed\":\"hide\"", "\"closed\":\"never\""),
        &text.replace("\"week\":[[", "\"week\":[[1,"),
        &text.replace("\"delay_s\":0", "\"delay_s\":-1"),
    ] {
        assert_ne!(broken, text, "the test's edit changed nothing");
        assert_eq!(read_normalized(broken), None, "{broken}");
    }
}

#[test]
fn the_zone_reads_back_from_its_numbers() {
    for name in [
        "Europe/London",
        "America/New_York",
        "Australia/Sydney",
        "Asia/Kolkata",
        "UTC",
    ] {
        let zone = crate::time::zone_named(name).expect("zone in the table");
        assert_eq!(Zone::from_numbers(&zone.to_numbers()), Some(zone), "{name}");
    }
    assert_eq!(Zone::from_numbers(&[]), None);
    assert_eq!(Zone::from_numbers(&[0, 3600]), None);
}
