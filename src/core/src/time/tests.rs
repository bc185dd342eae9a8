use super::*;
use crate::phone::normalize_phone;

fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("valid test time")
}

#[test]
fn parses_rfc3339() {
    assert_eq!(at("1970-01-01T00:00:00Z").0, 0);
    assert_eq!(
        at("2026-11-21T14:05:00+03:00").0,
        at("2026-11-21T11:05:00Z").0
    );
    assert_eq!(
        at("2026-11-21T14:05:00.250-05:00").0,
        at("2026-11-21T19:05:00Z").0
    );
    assert!(Timestamp::parse_rfc3339("2026-11-21").is_err());
    assert!(Timestamp::parse_rfc3339("2026-13-01T00:00:00Z").is_err());
    assert!(Timestamp::parse_rfc3339("yesterday at noon").is_err());
}

/// Found by a probe: these were stored as other instants (2026-02-31 as 03-03, hour -1, offset +99:99).
#[test]
fn refuses_times_that_do_not_exist() {
    for text in [
        "2026-02-31T00:00:00Z",
        "2026-02-29T00:00:00Z",
        "2026-04-31T12:00:00Z",
        "2026-11-21T-1:00:00Z",
        "2026-11-21T24:00:00Z",
        "2026-11-21T14:05:00+99:99",
        "2026-11-21T14:05:00+24:00",
        "2026-11-21T14:05:00+03:60",
        "-001-01-01T00:00:00Z",
        "+2026-01-01T00:00:00Z",
        "2026-11-21T14:05:00.Z",
        "2026-11-21T14:05:60Z",
        "2026-11-21T14:05:00",
        " 2026-11-21T14:05:00Z",
        "2026-11-21T14:05:00Z ",
        "2026-1-21T14:05:00Z",
        "2026-11-21T14:05:00+3:00",
        "2026-11-21T14:05:00+03:0",
        "2026-11-21T14:05:00+0300",
        "2026-11-21T1４:05:00Z",
    ] {
        assert!(Timestamp::parse_rfc3339(text).is_err(), "{text}");
    }
    assert_eq!(at("2024-02-29T00:00:00Z").date_utc(), "2024-02-29");
    assert_eq!(at("2000-02-29T00:00:00Z").date_utc(), "2000-02-29");
    assert!(Timestamp::parse_rfc3339("1900-02-29T00:00:00Z").is_err());
    assert_eq!(at("2016-12-31T23:59:60Z"), at("2016-12-31T23:59:59Z"));
    assert_eq!(at("2026-11-21 14:05:00z"), at("2026-11-21T14:05:00Z"));
}

mod grammar {
    use super::super::*;
    use proptest::prelude::*;

    /// A `date-time` of RFC 3339's grammar, its parts and the instant it names (computed apart from the parser).
    fn valid() -> impl Strategy<Value = (String, i64)> {
        (0i64..=9999, 1i64..=12, 0i64..31, 0i64..24, 0i64..60, 0i64..60)
            .prop_flat_map(|(year, month, day, hour, minute, second)| {
                let day = day % days_in_month(year, month) + 1;
                (
                    Just((year, month, day, hour, minute, second)),
                    proptest::option::of("[0-9]{1,9}"),
                    prop_oneof![Just(None), (any::<bool>(), 0i64..24, 0i64..60).prop_map(Some)],
                )
            })
            .prop_map(|((year, month, day, hour, minute, second), fraction, offset)| {
                let fraction = fraction.map(|digits| format!(".{digits}")).unwrap_or_default();
                let (zone, offset_seconds) = match offset {
                    None => ("Z".to_string(), 0),
                    Some((east, h, m)) => (
                        format!("{}{h:02}:{m:02}", if east { '+' } else { '-' }),
                        if east { 1 } else { -1 } * (h * 3600 + m * 60),
                    ),
                };
                let text = format!(
                    "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}{zone}"
                );
                let instant = days_from_civil(year, month, day) * 86_400
                    + hour * 3600
                    + minute * 60
                    + second
                    - offset_seconds;
                (text, instant)
            })
    }

    proptest! {
        #[test]
        fn valid_times_are_read_as_the_instant_they_name((text, instant) in valid()) {
            prop_assert_eq!(Timestamp::parse_rfc3339(&text), Ok(Timestamp(instant)));
        }

        #[test]
        fn utc_times_round_trip(seconds in -62_135_596_800i64..253_402_300_799) {
            let text = Timestamp(seconds).to_rfc3339_utc();
            prop_assert_eq!(Timestamp::parse_rfc3339(&text), Ok(Timestamp(seconds)));
        }

        /// Any one character of a valid time replaced by something its place in the grammar does not allow.
        #[test]
        fn a_wrong_character_is_refused((text, _) in valid(), place in any::<prop::sample::Index>(), wrong in "[^0-9]") {
            let chars: Vec<char> = text.chars().collect();
            let at = place.index(chars.len());
            prop_assume!(chars[at].is_ascii_digit());
            let mut changed = chars.clone();
            changed[at] = wrong.chars().next().unwrap();
            let changed: String = changed.into_iter().collect();
            prop_assert!(Timestamp::parse_rfc3339(&changed).is_err(), "{}", changed);
        }

        /// A field out of its range (day past the month's end, hour 24+, minute 60+, offset past 23:59).
        #[test]
        fn out_of_range_fields_are_refused(
            (year, month) in (0i64..=9999, 1i64..=12),
            field in 0usize..5,
            excess in 0i64..40,
        ) {
            let days = days_in_month(year, month);
            let (day, hour, minute, offset_hour, offset_minute) = match field {
                0 => (days + 1 + excess % (99 - days), 0, 0, 0, 0),
                1 => (1, 24 + excess, 0, 0, 0),
                2 => (1, 0, 60 + excess, 0, 0),
                3 => (1, 0, 0, 24 + excess, 0),
                _ => (1, 0, 0, 0, 60 + excess),
            };
            let text = format!(
                "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:00+{offset_hour:02}:{offset_minute:02}"
            );
            prop_assert!(Timestamp::parse_rfc3339(&text).is_err(), "{}", text);
        }

        #[test]
        fn never_panics(text in ".{0,40}") {
            let _ = Timestamp::parse_rfc3339(&text);
        }
    }
}

#[test]
fn formats_utc() {
    assert_eq!(
        at("2026-11-21T17:05:09+03:00").to_rfc3339_utc(),
        "2026-11-21T14:05:09Z"
    );
    assert_eq!(Timestamp(0).to_rfc3339_utc(), "1970-01-01T00:00:00Z");
    assert_eq!(at("2026-11-21T01:05:09+03:00").date_utc(), "2026-11-20");
    assert_eq!(
        at("2024-02-29T23:59:59Z").to_rfc3339_utc(),
        "2024-02-29T23:59:59Z"
    );
}

#[test]
fn calendar_helpers() {
    assert_eq!(
        civil_from_days(days_from_civil(2026, 11, 21)),
        (2026, 11, 21)
    );
    assert_eq!(weekday(days_from_civil(2026, 11, 21)), 5); // a Saturday
    assert_eq!(civil_from_days(sunday_of_month(2026, 3, 0)), (2026, 3, 29));
    assert_eq!(civil_from_days(sunday_of_month(2026, 3, 2)), (2026, 3, 8));
}

fn local(phone: &str, now: &str) -> Vec<String> {
    let number = normalize_phone(phone, None).unwrap();
    recipient_local_times(&number, at(now))
        .into_iter()
        .map(format_hh_mm)
        .collect()
}

#[test]
fn local_times_follow_summer_time() {
    assert_eq!(local("+44 7911 123456", "2026-01-15T12:00:00Z")[0], "12:00");
    assert_eq!(local("+44 7911 123456", "2026-07-15T12:00:00Z")[0], "13:00");
    assert_eq!(local("+1 201 555 0119", "2026-07-15T12:00:00Z")[0], "08:00");
    assert_eq!(local("+1 201 555 0119", "2026-01-15T12:00:00Z")[0], "07:00");
    assert_eq!(
        local("+7 912 345 67 89", "2026-07-15T12:00:00Z")[0],
        "15:00"
    );
    assert_eq!(local("+61 412 345 655", "2026-01-15T00:00:00Z")[0], "11:00");
    assert_eq!(
        local("+86 139 1234 5678", "2026-07-15T12:00:00Z"),
        vec!["20:00", "18:00"]
    );
}

#[test]
fn the_window_is_open_for_24_hours() {
    let now = at("2026-11-17T12:00:00Z");
    assert_eq!(Window::at(None, now), Window::Unknown);
    assert_eq!(
        Window::at(Some(at("2026-11-16T13:00:00Z")), now),
        Window::Open {
            seconds_left: 3_600
        }
    );
    assert_eq!(
        Window::at(Some(at("2026-11-16T12:00:00Z")), now),
        Window::Closed { seconds_since: 0 }
    );
}
