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
mod tests;
