//! Opening hours: the grammar, open or closed at an instant (overnight, summer time), and the sentence.

use super::*;
use serde_json::{json, Value};

fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("valid test time")
}

fn parse_hours(value: &Value, key: &'static str, path: &str) -> Result<OpeningHours, ConfigError> {
    super::parse_hours(&value.clone().into(), key, path)
}

fn hours(value: Value) -> OpeningHours {
    parse_hours(&value, "hours", "hours").expect("valid hours")
}

fn london_weekdays() -> OpeningHours {
    hours(
        json!({"timezone": "Europe/London", "days": "mon-fri", "from": "09:00", "to": "18:00",
        "reply_time": {"en": "within an hour", "ru": "в течение часа"}}),
    )
}

/// The config error's console line for `value`.
fn check_error(value: Value, expected: &str) {
    let error = parse_hours(&value, "hours", "hours").unwrap_err();
    assert_eq!(error.key, "hours");
    assert_eq!(error.to_string(), expected);
}

#[test]
fn day_lists() {
    let days = |text: &str| read_day_list(text).map(|open| open.map(u8::from));
    assert_eq!(days("mon-fri"), Some([1, 1, 1, 1, 1, 0, 0]));
    assert_eq!(days("sat,sun"), Some([0, 0, 0, 0, 0, 1, 1]));
    assert_eq!(days("Mon, WED, fri"), Some([1, 0, 1, 0, 1, 0, 0]));
    assert_eq!(days("fri-mon"), Some([1, 0, 0, 0, 1, 1, 1]));
    assert_eq!(days("mon-sun"), Some([1; 7]));
    assert_eq!(days("mon-fri,sun"), Some([1, 1, 1, 1, 1, 0, 1]));
    assert_eq!(days("monday"), None);
    assert_eq!(days(""), None);
    assert_eq!(days("mon-"), None);
}

#[test]
fn times_and_spans() {
    assert_eq!(read_time("09:00"), Some(540));
    assert_eq!(read_time("24:00"), Some(1440));
    assert_eq!(read_time("23:59"), Some(1439));
    for bad in [
        "9:00", "24:01", "12:60", "+9:00", "09-00", "0900", "ab:cd", "09:00:00",
    ] {
        assert_eq!(read_time(bad), None, "{bad}");
    }
    assert_eq!(read_span(540, 1080), Some((540, 1080)));
    // Decision: `from` later than `to` is overnight, ending the next day.
    assert_eq!(read_span(1320, 120), Some((1320, 1560)));
    assert_eq!(read_span(600, 600), None);
    assert_eq!(read_span(1440, 0), None);
}

#[test]
fn weekday_hours_in_london_winter_and_summer() {
    let london = london_weekdays();
    // Thursday 12 November 2026, 10:00 GMT: open until 18:00.
    assert_eq!(
        london.state_at(at("2026-11-12T10:00:00Z")),
        OpenState::Open {
            closes_at: at("2026-11-12T18:00:00Z")
        }
    );
    // In July London is on BST: 08:30 UTC is 09:30 local, open; 17:30 UTC is 18:30 local, closed.
    assert!(london.state_at(at("2026-07-16T08:30:00Z")).is_open());
    assert_eq!(
        london.state_at(at("2026-07-16T17:30:00Z")),
        OpenState::Closed {
            opens_at: at("2026-07-17T08:00:00Z")
        }
    );
    // Friday evening: back on Monday.
    assert_eq!(
        london.state_at(at("2026-11-13T18:00:00Z")),
        OpenState::Closed {
            opens_at: at("2026-11-16T09:00:00Z")
        }
    );
    // Early Monday morning: back the same day.
    assert_eq!(
        london.state_at(at("2026-11-16T03:00:00Z")),
        OpenState::Closed {
            opens_at: at("2026-11-16T09:00:00Z")
        }
    );
}

#[test]
fn opening_across_a_summer_time_change() {
    let london = london_weekdays();
    // Friday 27 March 2026 after hours (GMT); clocks go forward on Sunday the 29th: Monday 09:00 is 08:00 UTC.
    assert_eq!(
        london.state_at(at("2026-03-27T19:00:00Z")),
        OpenState::Closed {
            opens_at: at("2026-03-30T08:00:00Z")
        }
    );
    // And back in October (25th): Monday 26 October 09:00 is 09:00 UTC again.
    assert_eq!(
        london.state_at(at("2026-10-23T19:00:00Z")),
        OpenState::Closed {
            opens_at: at("2026-10-26T09:00:00Z")
        }
    );
    // A night shop open 00:30–03:00 on the Sunday clocks go forward: 01:00–02:00 does not exist that night.
    let night =
        hours(json!({"timezone": "Europe/London", "days": "sun", "from": "00:30", "to": "03:00"}));
    assert_eq!(
        night.state_at(at("2026-03-29T00:45:00Z")),
        OpenState::Open {
            closes_at: at("2026-03-29T02:00:00Z")
        }
    );
    let new_york = hours(
        json!({"timezone": "America/New_York", "days": "mon-sun", "from": "09:00", "to": "17:00"}),
    );
    assert!(new_york.state_at(at("2026-03-09T13:30:00Z")).is_open()); // 09:30 EDT
    assert!(!new_york.state_at(at("2026-03-06T13:30:00Z")).is_open()); // 08:30 EST
}

#[test]
fn overnight_hours_run_past_midnight() {
    let bar = hours(
        json!({"timezone": "Europe/Berlin", "days": "fri,sat", "from": "22:00", "to": "02:00"}),
    );
    // Saturday 14 November 2026 01:00 Berlin (00:00 UTC): Friday's span is still open.
    assert_eq!(
        bar.state_at(at("2026-11-14T00:00:00Z")),
        OpenState::Open {
            closes_at: at("2026-11-14T01:00:00Z")
        }
    );
    // Sunday 01:00 Berlin: Saturday's span. Monday 01:00: closed (no Sunday span), back on Friday.
    assert!(bar.state_at(at("2026-11-15T00:00:00Z")).is_open());
    assert_eq!(
        bar.state_at(at("2026-11-16T00:00:00Z")),
        OpenState::Closed {
            opens_at: at("2026-11-20T21:00:00Z")
        }
    );
}

#[test]
fn per_day_hours() {
    let shop = hours(json!({"timezone": "Asia/Shanghai", "days": {
        "mon": ["09:00", "18:00"], "sat": [["10:00", "12:00"], ["14:00", "16:00"]], "sun": null}}));
    assert_eq!(shop.week[0], vec![(540, 1080)]);
    assert_eq!(shop.week[5], vec![(600, 720), (840, 960)]);
    assert!(shop.week[6].is_empty() && shop.week[1].is_empty());
    // Saturday 14 November 2026, 12:30 in Shanghai (04:30 UTC): lunch break, back at 14:00.
    assert_eq!(
        shop.state_at(at("2026-11-14T04:30:00Z")),
        OpenState::Closed {
            opens_at: at("2026-11-14T06:00:00Z")
        }
    );
    assert!(shop.state_at(at("2026-11-14T06:30:00Z")).is_open());
}

#[test]
fn the_sentence_names_the_business_time_and_the_visitors() {
    let london = london_weekdays();
    let tokyo = |_: Timestamp| 9 * 60;
    let same = |instant: Timestamp| london.zone.offset_seconds_at(instant) / 60;
    let monday_early = at("2026-11-16T03:00:00Z");
    assert_eq!(
        london.describe("en", monday_early, tokyo),
        "Closed now. Back at 09:00 — 18:00 your time."
    );
    assert_eq!(
        london.describe("en", monday_early, same),
        "Closed now. Back at 09:00."
    );
    assert_eq!(
        london.describe("en", at("2026-11-12T19:00:00Z"), |_| -5 * 60),
        "Closed now. Back tomorrow at 09:00 — 04:00 your time."
    );
    assert_eq!(
        london.describe("en", at("2026-11-13T19:00:00Z"), same),
        "Closed now. Back on Monday at 09:00."
    );
    assert_eq!(
        london.describe("en", at("2026-11-12T10:00:00Z"), same),
        "Open now."
    );
    assert_eq!(
        london.describe_reply_time("en").as_deref(),
        Some("Typically replies within an hour.")
    );
    assert!(london
        .describe_reply_time("ru")
        .unwrap()
        .contains("в течение часа"));
    for locale in ["ru", "zh"] {
        let text = london.describe(locale, monday_early, tokyo);
        assert!(
            text.contains("09:00") && text.contains("18:00"),
            "{locale}: {text}"
        );
        assert_ne!(text, london.describe("en", monday_early, tokyo));
    }
}

#[test]
fn closed_hide_hides_the_chat_only_while_closed() {
    let hidden = hours(
        json!({"timezone": "Europe/London", "days": "mon-fri", "from": "09:00", "to": "18:00", "closed": "hide"}),
    );
    assert_eq!(hidden.when_closed, WhenClosed::Hide);
    assert!(hidden.offers_chat_at(at("2026-11-12T10:00:00Z")));
    assert!(!hidden.offers_chat_at(at("2026-11-12T20:00:00Z")));
    assert!(london_weekdays().offers_chat_at(at("2026-11-12T20:00:00Z")));
}

#[test]
fn refusals_name_the_field() {
    let base =
        || json!({"timezone": "Europe/London", "days": "mon-fri", "from": "09:00", "to": "18:00"});
    let with = |key: &str, value: Value| {
        let mut config = base();
        config[key] = value;
        config
    };
    check_error(json!("9-5"), "Chatgate config: `hours` must be an object such as {\"timezone\": \"Europe/London\", \"days\": \"mon-fri\", \"from\": \"09:00\", \"to\": \"18:00\"}");
    check_error(with("timezone", json!("Europe/Londn")), "Chatgate config: `hours.timezone` 'Europe/Londn' is not an IANA time zone such as Europe/London");
    check_error(
        with("timezone", json!(1)),
        "Chatgate config: `hours.timezone` must be a string such as \"Europe/London\"",
    );
    check_error(with("timezone", Value::Null), "Chatgate config: `hours.timezone` is missing (an IANA time zone such as \"Europe/London\")");
    check_error(
        with("days", json!("weekdays")),
        "Chatgate config: `hours.days` 'weekdays' is not days such as \"mon-fri\" or \"sat,sun\"",
    );
    check_error(with("days", Value::Null), "Chatgate config: `hours.days` is missing (\"mon-fri\", \"sat,sun\" or {\"mon\": [\"09:00\", \"18:00\"], …})");
    check_error(
        with("from", json!("9am")),
        "Chatgate config: `hours.from` '9am' is not a time such as \"09:00\" (00:00 to 24:00)",
    );
    check_error(
        with("to", json!("25:00")),
        "Chatgate config: `hours.to` '25:00' is not a time such as \"09:00\" (00:00 to 24:00)",
    );
    check_error(
        with("to", Value::Null),
        "Chatgate config: `hours.to` is missing",
    );
    check_error(
        with("to", json!("09:00")),
        "Chatgate config: `hours.to` is the same time as `from`: the span would be empty",
    );
    check_error(with("reply_time", json!("")), "Chatgate config: `hours.reply_time` must be a non-empty text, or texts by language such as {\"en\": \"…\", \"ru\": \"…\"}");
    check_error(
        with("closed", json!("grey")),
        "Chatgate config: `hours.closed` must be \"show\" or \"hide\"",
    );
    check_error(json!({"timezone": "UTC", "days": {"mon": ["09:00"]}}), "Chatgate config: `hours.days.mon` must be [\"09:00\", \"18:00\"], a list of such pairs, or null (closed)");
    check_error(
        json!({"timezone": "UTC", "days": {"funday": ["09:00", "10:00"]}}),
        "Chatgate config: `hours.days.funday` is not a day (mon, tue, wed, thu, fri, sat, sun)",
    );
    check_error(
        json!({"timezone": "UTC", "days": {"mon": null}}),
        "Chatgate config: `hours.days` opens on no day at all",
    );
    check_error(
        with("days", json!({"mon": ["09:00", "10:00"]})),
        "Chatgate config: `hours.from` is not used when `days` gives each day its hours",
    );
}
