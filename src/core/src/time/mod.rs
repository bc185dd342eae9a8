//! Time: instants and RFC 3339, the recipient's local time, working hours and WhatsApp's 24-hour window.
//!
//! This module owns reading and writing RFC 3339 times, the per-country UTC offsets (`zones.txt`, generated
//! from the IANA tz database by `generate_zones.py`, with summer time applied by rule family: European, North
//! American, southern hemisphere), working hours and the customer-service window. It is the one place these
//! are coded: the tone rules (`tone::time_rules`) and the assistant's send guard both read them. It never
//! reads the clock (`now` is an argument) and knows nothing of findings or messages.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::phone::E164;

mod zone;
#[cfg(feature = "fetched-tables")]
pub use zone::fetched as fetched_zones;
pub use zone::{zone_named, Zone};

/// An instant, as seconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

/// Serialized as RFC 3339 in UTC (`2026-11-21T14:05:00Z`), as consent records carry it.
impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339_utc())
    }
}

/// Read from any RFC 3339 time ([`Timestamp::parse_rfc3339`]).
impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

/// Why a time could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an RFC 3339 time such as 2026-11-21T14:05:00+03:00")]
pub struct TimeError(pub String);

impl Timestamp {
    /// Reads an RFC 3339 `date-time` exactly as its grammar (section 5.6) has it: `2026-11-21T14:05:00Z`,
    /// `2026-11-21T14:05:00.123+03:00`, with `t`/`z` in lower case or a space instead of `T` (the RFC's own
    /// note). Strict, because a consent ledger must never store a different instant than it was sent: a date
    /// that does not exist (`2026-02-31`), a signed or short field (`-1`, `-001`), an offset beyond ±23:59,
    /// a fraction without digits or text around the time are refused. A leap second (`:60`, only after
    /// minute 59) is read as the second before it.
    pub fn parse_rfc3339(text: &str) -> Result<Timestamp, TimeError> {
        let error = || TimeError(text.to_string());
        let bytes = text.as_bytes();
        // Digits only: `str::parse` would take a sign, and a sign is not a digit of RFC 3339.
        let number = |from: usize, to: usize| -> Result<i64, TimeError> {
            let digits = bytes.get(from..to).ok_or_else(error)?;
            if !digits.iter().all(u8::is_ascii_digit) {
                return Err(error());
            }
            Ok(digits
                .iter()
                .fold(0, |value, digit| value * 10 + i64::from(digit - b'0')))
        };
        let at = |index: usize| bytes.get(index).copied();
        if at(4) != Some(b'-')
            || at(7) != Some(b'-')
            || !matches!(at(10), Some(b'T' | b't' | b' '))
            || at(13) != Some(b':')
            || at(16) != Some(b':')
        {
            return Err(error());
        }
        let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
        let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
        if !(1..=12).contains(&month)
            || !(1..=days_in_month(year, month)).contains(&day)
            || hour > 23
            || minute > 59
            || second > 60
            || (second == 60 && minute != 59)
        {
            return Err(error());
        }
        let mut rest = 19;
        if at(rest) == Some(b'.') {
            rest += 1;
            let digits = bytes[rest..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits == 0 {
                return Err(error());
            }
            rest += digits;
        }
        let offset_minutes = match at(rest) {
            Some(b'Z' | b'z') if rest + 1 == bytes.len() => 0,
            Some(sign @ (b'+' | b'-')) if rest + 6 == bytes.len() && at(rest + 3) == Some(b':') => {
                let (hours, minutes) = (number(rest + 1, rest + 3)?, number(rest + 4, rest + 6)?);
                if hours > 23 || minutes > 59 {
                    return Err(error());
                }
                if sign == b'-' {
                    -(hours * 60 + minutes)
                } else {
                    hours * 60 + minutes
                }
            }
            _ => return Err(error()),
        };
        let days = days_from_civil(year, month, day);
        Ok(Timestamp(
            days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset_minutes * 60,
        ))
    }
}

/// The days of a month of the proleptic Gregorian calendar.
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Timestamp {
    /// `2026-11-21`: the date in UTC, as a consent's "since" shows it.
    pub fn date_utc(self) -> String {
        let (year, month, day) = civil_from_days(self.0.div_euclid(86_400));
        format!("{year:04}-{month:02}-{day:02}")
    }

    /// `2026-11-21T14:05:00Z`: the instant in UTC, as consent records store it.
    pub fn to_rfc3339_utc(self) -> String {
        let days = self.0.div_euclid(86_400);
        let seconds = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            seconds / 3600,
            seconds % 3600 / 60,
            seconds % 60
        )
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// 0 = Monday … 6 = Sunday.
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// The recipient's working hours: weekdays open (Monday first) and the local hours, in minutes after midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkingHours {
    pub days: [bool; 7],
    pub start_minute: u16,
    pub end_minute: u16,
}

impl Default for WorkingHours {
    /// Monday to Saturday, 09:00–20:00: when people expect to hear from a business.
    fn default() -> Self {
        WorkingHours {
            days: [true, true, true, true, true, true, false],
            start_minute: 9 * 60,
            end_minute: 20 * 60,
        }
    }
}

impl WorkingHours {
    /// Whether a local time (seconds since the local epoch) falls within these hours.
    pub fn contains(&self, local_seconds: i64) -> bool {
        let days = local_seconds.div_euclid(86_400);
        let minute = (local_seconds.rem_euclid(86_400) / 60) as u16;
        self.days[weekday(days) as usize] && minute >= self.start_minute && minute < self.end_minute
    }
}

#[derive(Clone, Debug)]
struct CountryZones {
    america: bool,
    /// (January offset, July offset) in minutes; the first is the capital's.
    zones: Vec<(i64, i64)>,
}

fn zones() -> &'static HashMap<&'static str, CountryZones> {
    static ZONES: OnceLock<HashMap<&'static str, CountryZones>> = OnceLock::new();
    ZONES.get_or_init(|| {
        crate::data::records(include_str!("zones.txt"))
            .filter_map(|mut fields| {
                let country = fields.next()?;
                let america = fields.next()? == "america";
                let zones = fields
                    .next()?
                    .split(',')
                    .filter_map(|pair| {
                        let (jan, jul) = pair.split_once('/')?;
                        Some((jan.parse().ok()?, jul.parse().ok()?))
                    })
                    .collect();
                Some((country, CountryZones { america, zones }))
            })
            .collect()
    })
}

/// The n-th (1-based; 0 = last) Sunday of a month, as days since the epoch.
fn sunday_of_month(year: i64, month: i64, nth: i64) -> i64 {
    if nth == 0 {
        let next_month = if month == 12 {
            days_from_civil(year + 1, 1, 1)
        } else {
            days_from_civil(year, month + 1, 1)
        };
        let last = next_month - 1;
        last - (weekday(last) - 6).rem_euclid(7)
    } else {
        let first = days_from_civil(year, month, 1);
        first + (6 - weekday(first)).rem_euclid(7) + 7 * (nth - 1)
    }
}

/// The UTC offset (minutes) at `instant` of a zone with these January/July offsets.
fn offset_at(instant: Timestamp, (january, july): (i64, i64), america: bool) -> i64 {
    if january == july {
        return january;
    }
    let (year, _, _) = civil_from_days(instant.0.div_euclid(86_400));
    let day = instant.0.div_euclid(86_400);
    if july > january {
        // Northern hemisphere: summer time between spring and autumn.
        let (start, end) = if america {
            (sunday_of_month(year, 3, 2), sunday_of_month(year, 11, 1))
        } else {
            (sunday_of_month(year, 3, 0), sunday_of_month(year, 10, 0))
        };
        if day >= start && day < end {
            july
        } else {
            january
        }
    } else {
        // Southern hemisphere: summer time from October to April.
        let (end, start) = (sunday_of_month(year, 4, 1), sunday_of_month(year, 10, 1));
        if day >= start || day < end {
            january
        } else {
            july
        }
    }
}

/// `HH:MM` of a local time (seconds since the local epoch).
pub fn format_hh_mm(local_seconds: i64) -> String {
    let minutes = local_seconds.rem_euclid(86_400) / 60;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// How long after the customer's last message a business may reply freely (WhatsApp's customer service window).
pub const WINDOW_SECONDS: i64 = 24 * 3_600;

/// Whether the 24-hour window is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// Open for this many more seconds.
    Open { seconds_left: i64 },
    /// Closed this many seconds ago: only approved templates may be sent.
    Closed { seconds_since: i64 },
    /// No time of the customer's last message: nobody can tell.
    Unknown,
}

impl Window {
    /// The window at `now`, after the customer's last message at `last_customer_message_at`.
    pub fn at(last_customer_message_at: Option<Timestamp>, now: Timestamp) -> Window {
        match last_customer_message_at {
            None => Window::Unknown,
            Some(last) if now.0 - last.0 < WINDOW_SECONDS => Window::Open {
                seconds_left: WINDOW_SECONDS - (now.0 - last.0),
            },
            Some(last) => Window::Closed {
                seconds_since: now.0 - last.0 - WINDOW_SECONDS,
            },
        }
    }
}

/// The recipient's local times (one per zone of their country, the capital's first), as local seconds.
pub fn recipient_local_times(recipient: &E164, now: Timestamp) -> Vec<i64> {
    let Some(country) = zones().get(recipient.region()) else {
        return Vec::new();
    };
    country
        .zones
        .iter()
        .map(|&pair| now.0 + offset_at(now, pair, country.america) * 60)
        .collect()
}

#[cfg(test)]
mod tests {
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
}
