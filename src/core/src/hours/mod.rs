//! Opening hours of the business or of one contact (config key `hours`): whether it is open at an instant,
//! when it closes or opens next, and what the dialog says about it in the visitor's language and local time.
//!
//! This module owns the `hours` grammar (`days` as `mon-fri` / `sat,sun` or per day, `from`/`to` as `HH:MM`,
//! `from` later than `to` meaning overnight, `reply_time`, `closed`), the week it describes in the business's
//! IANA zone (`core::time::zone_named`) and the sentence "Closed now. Back at 09:00 — 12:00 your time". It
//! never reads the clock or the browser's zone: `now` and the visitor's offset come in as arguments.

use crate::json_text::Value;

use crate::i18n;
use crate::time::{zone_named, Timestamp, Zone};
use crate::widget_config::{localized_text, ConfigError, LocalizedText};

/// Days as the config writes them, Monday first.
pub const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// What the dialog does with a chat path while it is closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhenClosed {
    /// Offer the chat anyway, saying when the business is back (the default).
    Show,
    /// Hide the chat path (the opt-in stays).
    Hide,
}

/// A week of opening hours in one time zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpeningHours {
    pub zone: Zone,
    /// Per weekday (Monday first), the open spans as minutes after that day's midnight; an overnight span ends
    /// after 1440 (22:00–02:00 is `(1320, 1560)`).
    pub week: [Vec<(u32, u32)>; 7],
    /// "within an hour": how soon the business typically replies.
    pub reply_time: Option<LocalizedText>,
    pub when_closed: WhenClosed,
}

/// Open or closed at an instant, and until when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenState {
    Open { closes_at: Timestamp },
    Closed { opens_at: Timestamp },
}

impl OpenState {
    pub fn is_open(self) -> bool {
        matches!(self, OpenState::Open { .. })
    }
}

/// Reads `hours` (or `contacts[i].hours`: `key` is the top-level key, `path` the field's path for errors).
pub fn parse_hours(
    value: &Value,
    key: &'static str,
    path: &str,
) -> Result<OpeningHours, ConfigError> {
    let field = |name: &str| format!("{path}.{name}");
    let error = |name: &str, problem: String| ConfigError::at(key, field(name), problem);
    let Some(object) = value.as_object() else {
        return Err(ConfigError::at(
            key,
            path.to_string(),
            "must be an object such as {\"timezone\": \"Europe/London\", \"days\": \"mon-fri\", \"from\": \"09:00\", \"to\": \"18:00\"}",
        ));
    };
    let zone = match object.get("timezone") {
        Some(Value::String(name)) => zone_named(name.trim()).ok_or_else(|| {
            error(
                "timezone",
                format!("'{name}' is not an IANA time zone such as Europe/London"),
            )
        })?,
        None | Some(Value::Null) => {
            return Err(error(
                "timezone",
                "is missing (an IANA time zone such as \"Europe/London\")".to_string(),
            ))
        }
        Some(_) => {
            return Err(error(
                "timezone",
                "must be a string such as \"Europe/London\"".to_string(),
            ))
        }
    };
    let time = |name: &str| -> Result<Option<u32>, ConfigError> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => read_time(text).map(Some).ok_or_else(|| {
                error(
                    name,
                    format!("'{text}' is not a time such as \"09:00\" (00:00 to 24:00)"),
                )
            }),
            Some(_) => Err(error(name, "must be a time such as \"09:00\"".to_string())),
        }
    };
    let (from, to) = (time("from")?, time("to")?);
    let mut week: [Vec<(u32, u32)>; 7] = Default::default();
    match object.get("days") {
        None | Some(Value::Null) => {
            return Err(error(
                "days",
                "is missing (\"mon-fri\", \"sat,sun\" or {\"mon\": [\"09:00\", \"18:00\"], …})"
                    .to_string(),
            ))
        }
        Some(Value::String(days)) => {
            let open_days = read_day_list(days).ok_or_else(|| {
                error(
                    "days",
                    format!("'{days}' is not days such as \"mon-fri\" or \"sat,sun\""),
                )
            })?;
            let from = from.ok_or_else(|| error("from", "is missing".to_string()))?;
            let to = to.ok_or_else(|| error("to", "is missing".to_string()))?;
            let span = read_span(from, to).ok_or_else(|| {
                error(
                    "to",
                    "is the same time as `from`: the span would be empty".to_string(),
                )
            })?;
            for (day, open) in week.iter_mut().zip(open_days) {
                if open {
                    day.push(span);
                }
            }
        }
        Some(Value::Object(per_day)) => {
            for name in ["from", "to"] {
                if object.get(name).is_some_and(|v| !v.is_null()) {
                    return Err(error(
                        name,
                        "is not used when `days` gives each day its hours".to_string(),
                    ));
                }
            }
            for (name, spans) in per_day {
                let day_path = format!("days.{name}");
                let Some(index) = DAY_NAMES.iter().position(|d| name.eq_ignore_ascii_case(d))
                else {
                    return Err(error(
                        &day_path,
                        "is not a day (mon, tue, wed, thu, fri, sat, sun)".to_string(),
                    ));
                };
                week[index] = read_day_spans(spans).ok_or_else(|| {
                    error(
                        &day_path,
                        "must be [\"09:00\", \"18:00\"], a list of such pairs, or null (closed)"
                            .to_string(),
                    )
                })?;
            }
        }
        Some(_) => {
            return Err(error(
                "days",
                "must be \"mon-fri\", \"sat,sun\" or {\"mon\": [\"09:00\", \"18:00\"], …}"
                    .to_string(),
            ))
        }
    }
    if week.iter().all(Vec::is_empty) {
        return Err(error("days", "opens on no day at all".to_string()));
    }
    let reply_time = match object.get("reply_time") {
        None | Some(Value::Null) => None,
        Some(value) => Some(localized_text(value).ok_or_else(|| {
            error(
                "reply_time",
                "must be a non-empty text, or texts by language such as {\"en\": \"…\", \"ru\": \"…\"}"
                    .to_string(),
            )
        })?),
    };
    let when_closed = match object.get("closed") {
        None | Some(Value::Null) => WhenClosed::Show,
        Some(Value::String(text)) if text == "show" => WhenClosed::Show,
        Some(Value::String(text)) if text == "hide" => WhenClosed::Hide,
        Some(_) => return Err(error("closed", "must be \"show\" or \"hide\"".to_string())),
    };
    Ok(OpeningHours {
        zone,
        week,
        reply_time,
        when_closed,
    })
}

/// `HH:MM` as minutes after midnight; `24:00` is the end of the day.
fn read_time(text: &str) -> Option<u32> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) || !digits(minutes) {
        return None;
    }
    let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
    let total = hours * 60 + minutes;
    (minutes < 60 && total <= 24 * 60).then_some(total)
}

/// A span from `from` to `to`; `to` earlier than `from` ends the next day (overnight); equal times are refused.
fn read_span(from: u32, to: u32) -> Option<(u32, u32)> {
    match from.cmp(&to) {
        std::cmp::Ordering::Less => Some((from, to)),
        std::cmp::Ordering::Greater if from < 24 * 60 => Some((from, to + 24 * 60)),
        _ => None,
    }
}

/// `mon-fri`, `sat,sun`, `fri-mon` (wrapping), `mon-sun`: which days are open, Monday first.
fn read_day_list(text: &str) -> Option<[bool; 7]> {
    let day = |name: &str| {
        DAY_NAMES
            .iter()
            .position(|d| name.trim().eq_ignore_ascii_case(d))
    };
    let mut open = [false; 7];
    for item in text.split(',') {
        match item.split_once('-') {
            Some((first, last)) => {
                let (first, last) = (day(first)?, day(last)?);
                let length = (last + 7 - first) % 7;
                for step in 0..=length {
                    open[(first + step) % 7] = true;
                }
            }
            None => open[day(item)?] = true,
        }
    }
    Some(open)
}

/// A day's spans: `["09:00", "18:00"]`, `[["09:00", "12:00"], ["13:00", "18:00"]]`, or `null` / `[]` (closed).
fn read_day_spans(value: &Value) -> Option<Vec<(u32, u32)>> {
    let pair = |value: &Value| -> Option<(u32, u32)> {
        let items = value.as_array()?;
        match items.as_slice() {
            [Value::String(from), Value::String(to)] => read_span(read_time(from)?, read_time(to)?),
            _ => None,
        }
    };
    match value {
        Value::Null => Some(Vec::new()),
        Value::Array(items) if items.is_empty() => Some(Vec::new()),
        Value::Array(items) if items.iter().all(Value::is_array) => {
            items.iter().map(pair).collect()
        }
        other => Some(vec![pair(other)?]),
    }
}

impl OpeningHours {
    /// Open or closed at `now`, with the next change.
    pub fn state_at(&self, now: Timestamp) -> OpenState {
        let local = self.zone.local_seconds(now);
        let today = local.div_euclid(86_400);
        let minute = (local.rem_euclid(86_400) / 60) as u32;
        let weekday = |days: i64| (days + 3).rem_euclid(7) as usize;
        // Today's spans, and yesterday's running past midnight.
        let open_until = self.week[weekday(today)]
            .iter()
            .filter(|(from, to)| *from <= minute && minute < *to)
            .map(|(_, to)| today * 86_400 + i64::from(*to) * 60)
            .chain(
                self.week[weekday(today - 1)]
                    .iter()
                    .filter(|(_, to)| *to > 24 * 60 && minute + 24 * 60 < *to)
                    .map(|(_, to)| (today - 1) * 86_400 + i64::from(*to) * 60),
            )
            .max();
        if let Some(end) = open_until {
            return OpenState::Open {
                closes_at: self.zone.instant_of_local(end),
            };
        }
        let next = (0..8)
            .flat_map(|ahead| {
                self.week[weekday(today + ahead)]
                    .iter()
                    .map(move |(from, _)| (today + ahead) * 86_400 + i64::from(*from) * 60)
            })
            .filter(|start| *start > local)
            .min()
            .unwrap_or(local);
        OpenState::Closed {
            opens_at: self.zone.instant_of_local(next),
        }
    }

    /// Whether a chat path governed by these hours is offered at `now`.
    pub fn offers_chat_at(&self, now: Timestamp) -> bool {
        self.when_closed == WhenClosed::Show || self.state_at(now).is_open()
    }

    /// What the dialog says: "Open now." or "Closed now. Back tomorrow at 09:00 — 12:00 your time."
    /// `visitor_offset_minutes` gives the visitor's UTC offset at an instant (east positive).
    pub fn describe(
        &self,
        locale: &str,
        now: Timestamp,
        visitor_offset_minutes: impl Fn(Timestamp) -> i64,
    ) -> String {
        let OpenState::Closed { opens_at } = self.state_at(now) else {
            return i18n::text(locale, "hours.open").to_string();
        };
        let local_opens = self.zone.local_seconds(opens_at);
        let days_ahead =
            local_opens.div_euclid(86_400) - self.zone.local_seconds(now).div_euclid(86_400);
        let time = hh_mm(local_opens);
        let visitor_offset = visitor_offset_minutes(opens_at) * 60;
        let your_time = if visitor_offset == self.zone.offset_seconds_at(opens_at) {
            String::new()
        } else {
            i18n::format(
                locale,
                "hours.your_time",
                &[("time", &hh_mm(opens_at.0 + visitor_offset))],
            )
        };
        if days_ahead == 0 {
            return i18n::format(
                locale,
                "hours.back_today",
                &[("time", &time), ("your_time", &your_time)],
            );
        }
        let day_key = if days_ahead == 1 {
            "day.tomorrow"
        } else {
            [
                "day.mon", "day.tue", "day.wed", "day.thu", "day.fri", "day.sat", "day.sun",
            ][(local_opens.div_euclid(86_400) + 3).rem_euclid(7) as usize]
        };
        i18n::format(
            locale,
            "hours.back_on",
            &[
                ("day", i18n::text(locale, day_key)),
                ("time", &time),
                ("your_time", &your_time),
            ],
        )
    }

    /// "Typically replies within an hour.", when the config says how soon.
    pub fn describe_reply_time(&self, locale: &str) -> Option<String> {
        self.reply_time
            .as_ref()
            .map(|reply| i18n::format(locale, "hours.reply", &[("reply_time", reply.get(locale))]))
    }
}

/// `HH:MM` of local seconds.
fn hh_mm(local_seconds: i64) -> String {
    crate::time::format_hh_mm(local_seconds)
}

#[cfg(test)]
mod tests;
