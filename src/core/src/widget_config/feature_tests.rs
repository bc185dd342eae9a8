//! Tests of `hours`, `contacts`, `greeting` and `pages` as config keys (issue 16).

use super::*;
use serde_json::{json, Value};

fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("valid test time")
}

/// The tests write and edit configs as `serde_json` values; the reader takes its own.
fn parse_widget_config(value: &Value) -> Result<WidgetConfig, ConfigError> {
    super::parse_widget_config(&value.clone().into())
}

fn config(value: Value) -> WidgetConfig {
    parse_widget_config(&value).expect("valid config")
}

/// The one console line for a refused config, and the event's top-level key.
fn check(value: Value, key: &str, line: &str) {
    let error = parse_widget_config(&value).unwrap_err();
    assert_eq!((error.key, error.to_string().as_str()), (key, line));
}

fn two_contacts() -> Value {
    json!({"business": "Acme", "hours": {"timezone": "Europe/London", "days": "mon-fri", "from": "09:00", "to": "18:00"},
    "contacts": [
        {"id": "sales", "name": "Anna", "role": {"en": "Sales", "ru": "Продажи"}, "phone": "+44 7911 123456",
         "message": "Hello Anna"},
        {"id": "support", "name": "Li", "role": "Support", "phone": "+86 139 1234 5678",
         "hours": {"timezone": "Asia/Shanghai", "days": "mon-sat", "from": "08:00", "to": "20:00", "closed": "hide"}}
    ]})
}

#[test]
fn contacts_have_their_numbers_messages_and_hours() {
    let config = config(two_contacts());
    let [anna, li] = config.contacts.as_slice() else {
        panic!("two contacts")
    };
    assert_eq!((anna.id.as_str(), li.id.as_str()), ("sales", "support"));
    assert_eq!(anna.name.get("ru"), "Anna");
    assert_eq!(anna.role.as_ref().unwrap().get("ru"), "Продажи");
    assert_eq!(anna.phone.as_string(), "+447911123456");
    assert_eq!(li.phone.as_string(), "+8613912345678");
    assert_eq!(anna.message.as_deref(), Some("Hello Anna"));
    assert_eq!(li.message, None);
    // Without hours of its own a contact has the top-level hours.
    assert_eq!(anna.hours, config.hours);
    assert_ne!(li.hours, config.hours);
    // Without `phone` the business number (consent records, "Say hello") is the first contact's.
    assert_eq!(config.phone.as_string(), "+447911123456");
    let mut with_phone = two_contacts();
    with_phone["phone"] = json!("+44 20 7946 0000");
    assert_eq!(
        parse_widget_config(&with_phone).unwrap().phone.as_string(),
        "+442079460000"
    );
}

#[test]
fn closed_contacts_with_hide_leave_the_list_and_the_chat_path_goes_when_none_is_left() {
    let config = config(two_contacts());
    // Saturday 14 November 2026, 10:00 UTC: London is closed (shown), Shanghai 18:00 open.
    let saturday = at("2026-11-14T10:00:00Z");
    assert!(config.contacts.iter().all(|c| c.offered_at(saturday)));
    // Sunday 03:00 UTC: Shanghai 11:00 Sunday, closed and hidden; Anna (closed, shown) stays.
    let sunday = at("2026-11-15T03:00:00Z");
    let offered: Vec<&str> = config
        .contacts
        .iter()
        .filter(|c| c.offered_at(sunday))
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(offered, ["sales"]);
    assert!(config.chat_offered_at(sunday));
    let hidden = parse_widget_config(&json!({"phone": "+447911123456", "purposes": "news", "privacy_url": "/p",
        "hours": {"timezone": "Europe/London", "days": "mon-fri", "from": "09:00", "to": "18:00", "closed": "hide"}})).unwrap();
    assert!(!hidden.chat_offered_at(sunday));
    assert!(hidden.chat_offered_at(at("2026-11-16T10:00:00Z")));
    assert!(parse_widget_config(&json!({"phone": "+447911123456"}))
        .unwrap()
        .chat_offered_at(sunday));
    let ids = |contacts: Vec<Contact>| contacts.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(config.offered_contacts(sunday)), ["sales"]);
    assert_eq!(ids(config.offered_contacts(saturday)), ["sales", "support"]);
}

#[test]
fn the_business_hours_are_stated_above_the_list_only_when_every_contact_keeps_them() {
    // Li has hours of her own: each contact states its own state.
    assert_eq!(config(two_contacts()).hours_above_contacts(), None);
    let mut shared = two_contacts();
    shared["contacts"][1]
        .as_object_mut()
        .unwrap()
        .remove("hours");
    let shared = config(shared);
    assert!(shared.hours.is_some());
    assert_eq!(shared.hours_above_contacts(), shared.hours.as_ref());
    let mut no_hours = two_contacts();
    no_hours.as_object_mut().unwrap().remove("hours");
    assert_eq!(config(no_hours).hours_above_contacts(), None);
}

#[test]
fn contact_refusals_name_the_field() {
    let mut bad_phone = two_contacts();
    bad_phone["contacts"][1]["phone"] = json!("12");
    let error = parse_widget_config(&bad_phone).unwrap_err();
    assert_eq!(error.key, "contacts");
    assert!(
        error
            .to_string()
            .starts_with("Chatgate config: `contacts[1].phone` is not a usable WhatsApp number"),
        "{error}"
    );
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let mut edit = |change: &dyn Fn(&mut Value), line: &'static str| {
        let mut value = two_contacts();
        change(&mut value);
        cases.push((value, line));
    };
    edit(&|v| v["contacts"][0]["phone"] = Value::Null, "Chatgate config: `contacts[0].phone` is missing (the contact's WhatsApp number, e.g. \"+44 7911 123456\")");
    edit(
        &|v| v["contacts"][1]["phone"] = json!(447911123456u64),
        "Chatgate config: `contacts[1].phone` must be a string such as \"+44 7911 123456\"",
    );
    edit(&|v| v["contacts"][1]["name"] = json!(""), "Chatgate config: `contacts[1].name` must be a non-empty text (or texts by language) naming the person or department");
    edit(
        &|v| v["contacts"][1]["id"] = json!("sales"),
        "Chatgate config: `contacts[1].id` 'sales' is used twice",
    );
    edit(
        &|v| v["contacts"][0]["role"] = json!(3),
        "Chatgate config: `contacts[0].role` must be a non-empty text, or texts by language",
    );
    edit(
        &|v| v["contacts"][0]["message"] = json!(["hi"]),
        "Chatgate config: `contacts[0].message` must be a string",
    );
    edit(&|v| v["contacts"][1]["hours"]["timezone"] = json!("Mars/Base"), "Chatgate config: `contacts[1].hours.timezone` 'Mars/Base' is not an IANA time zone such as Europe/London");
    edit(&|v| v["contacts"][1] = json!("Li"), "Chatgate config: `contacts[1]` must be an object such as {\"name\": \"Anna\", \"phone\": \"+44 7911 123456\"}");
    edit(&|v| v["contacts"] = json!([]), "Chatgate config: `contacts` must be a list of 1 to 20 contacts such as [{\"name\": \"Anna\", \"phone\": \"+44 7911 123456\"}]");
    edit(
        &|v| v["hours"]["from"] = json!("9"),
        "Chatgate config: `hours.from` '9' is not a time such as \"09:00\" (00:00 to 24:00)",
    );
    for (value, line) in cases {
        assert_eq!(parse_widget_config(&value).unwrap_err().to_string(), line);
    }
    check(json!({"business": "Acme"}), "phone", "Chatgate config: `phone` is missing (expected the business's WhatsApp number, e.g. \"+44 7911 123456\")");
}

#[test]
fn page_patterns() {
    for (pattern, path, expected) in [
        ("/pricing*", "/pricing", true),
        ("/pricing*", "/pricing/", true),
        ("/pricing*", "/pricing/team", true),
        ("/pricing*", "/pricing-2026", true),
        ("/pricing*", "/en/pricing", false),
        ("/pricing", "/pricing/", true),
        ("/pricing/", "/pricing", true),
        ("/pricing", "/pricing/team", false),
        ("*/pricing", "/en/pricing", true),
        ("/blog/*/comments", "/blog/2026/11/post/comments", true),
        ("/blog/*/comments", "/blog/comments", false),
        ("/", "/", true),
        ("/", "/about", false),
        ("/*", "/", true),
        ("/*", "/anything/at/all", true),
        ("/Pricing", "/pricing", false),
        ("/a*b*c", "/aXbYbZc", true),
        ("/a*b*c", "/aXbYc/d", false),
        ("/отзывы*", "/отзывы/1", true),
    ] {
        assert_eq!(path_matches(pattern, path), expected, "{pattern} on {path}");
    }
    assert_eq!(
        path_of_url("https://acme.example/pricing/?plan=pro#faq"),
        "/pricing/"
    );
    assert_eq!(path_of_url("https://acme.example"), "/");
    assert_eq!(path_of_url("https://acme.example?x=/a"), "/");
    assert_eq!(path_of_url("/docs#top"), "/docs");
}

fn with_pages() -> WidgetConfig {
    config(
        json!({"phone": "+447911123456", "message": "Hello from {{page_title}}",
        "greeting": {"text": {"en": "Questions? We're on WhatsApp.", "ru": "Вопросы? Мы в WhatsApp."}, "delay_s": 8},
        "pages": [
            {"match": "/pricing*", "message": "A question about prices on {{page_url}}",
             "greeting": {"text": "Need a quote?", "delay_s": 3}},
            {"match": "/pricing/old", "message": "never reached: the first match wins"},
            {"match": "/checkout*", "greeting": false},
            {"match": "/about"}
        ]}),
    )
}

#[test]
fn the_first_matching_page_overrides_the_message() {
    let config = with_pages();
    assert_eq!(
        config.page_chat_message("Prices", "https://acme.example/pricing/old?x=1"),
        "A question about prices on https://acme.example/pricing/old?x=1"
    );
    assert_eq!(
        config.page_chat_message("Home", "https://acme.example/"),
        "Hello from Home"
    );
    assert_eq!(
        config.page_chat_message("Checkout", "https://acme.example/checkout"),
        "Hello from Checkout"
    );
    assert_eq!(
        config.page_chat_message("About", "https://acme.example/about/"),
        "Hello from About"
    );
}

#[test]
fn the_greeting_follows_the_page_and_is_not_shown_again_once_seen() {
    let site = with_pages();
    let show = |path: &str, seen: bool| site.greeting_to_show("ru", path, seen);
    assert_eq!(
        show("/", false),
        Some(GreetingToShow {
            text: "Вопросы? Мы в WhatsApp.".into(),
            delay_ms: 8000
        })
    );
    assert_eq!(
        show("/pricing", false),
        Some(GreetingToShow {
            text: "Need a quote?".into(),
            delay_ms: 3000
        })
    );
    assert_eq!(show("/checkout/pay", false), None);
    assert_eq!(show("/about", false).unwrap().delay_ms, 8000);
    assert_eq!(show("/", true), None);
    assert_eq!(show("/pricing", true), None);
    let plain = config(json!({"phone": "+447911123456", "greeting": {"text": "Hi"}}));
    assert_eq!(
        plain.greeting_to_show("en", "/", false).unwrap().delay_ms,
        DEFAULT_GREETING_DELAY_S * 1000
    );
    assert_eq!(
        parse_widget_config(&json!({"phone": "+447911123456"}))
            .unwrap()
            .greeting_to_show("en", "/", false),
        None
    );
}

#[test]
fn greeting_and_pages_refusals_name_the_field() {
    let phone = "+447911123456";
    check(json!({"phone": phone, "greeting": "Hi"}), "greeting", "Chatgate config: `greeting` must be an object such as {\"text\": \"Questions? We're on WhatsApp.\", \"delay_s\": 8}, or false");
    check(json!({"phone": phone, "greeting": {"text": ""}}), "greeting", "Chatgate config: `greeting.text` must be a non-empty text, or texts by language such as {\"en\": \"…\", \"ru\": \"…\"}");
    for delay in [json!(-1), json!(601), json!(2.5), json!("8")] {
        check(
            json!({"phone": phone, "greeting": {"text": "Hi", "delay_s": delay}}),
            "greeting",
            "Chatgate config: `greeting.delay_s` must be a whole number of seconds from 0 to 600",
        );
    }
    assert!(parse_widget_config(
        &json!({"phone": phone, "greeting": {"text": "Hi", "delay_s": 600}})
    )
    .is_ok());
    check(json!({"phone": phone, "pages": {"match": "/"}}), "pages", "Chatgate config: `pages` must be a list of at most 50 rules such as [{\"match\": \"/pricing*\", \"message\": \"…\"}]");
    check(json!({"phone": phone, "pages": [{"match": "/"}, {"match": "pricing"}]}), "pages", "Chatgate config: `pages[1].match` must be a path pattern starting with / such as \"/pricing*\" (* matches anything)");
    check(
        json!({"phone": phone, "pages": [{"match": "/", "message": 1}]}),
        "pages",
        "Chatgate config: `pages[0].message` must be a string",
    );
    check(json!({"phone": phone, "pages": [{"match": "/", "greeting": {"text": "x", "delay_s": 9999}}]}), "pages", "Chatgate config: `pages[0].greeting.delay_s` must be a whole number of seconds from 0 to 600");
    check(json!({"phone": phone, "pages": ["/pricing"]}), "pages", "Chatgate config: `pages[0]` must be an object such as {\"match\": \"/pricing*\", \"message\": \"…\"}");
}
