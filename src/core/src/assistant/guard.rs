//! The send-time guard: the recipient's local time against working hours, WhatsApp's 24-hour window (read
//! from `crate::time`) and what may be sent outside it; durations and the agent's `datetime-local` times.

use crate::phone::E164;
pub use crate::time::Window;
use crate::time::{format_hh_mm, recipient_local_times, Timestamp, WorkingHours};
use crate::tone::MessageKind;

/// What the page shows before sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendGuard {
    /// The recipient's local time(s), `HH:MM`, the capital's first (several for countries with several zones).
    pub local_times: Vec<String>,
    /// Whether it is within working hours there (in the capital's zone); `None` without a known number.
    pub within_hours: Option<bool>,
    pub window: Window,
    /// Whether a draft of `kind` may be sent now, as far as the window goes.
    pub allowed: bool,
}

/// The guard for sending a draft of `kind` to `recipient` at `now`.
pub fn send_guard(
    recipient: Option<&E164>,
    now: Timestamp,
    last_customer_message_at: Option<Timestamp>,
    hours: &WorkingHours,
    kind: MessageKind,
) -> SendGuard {
    let locals = recipient
        .map(|r| recipient_local_times(r, now))
        .unwrap_or_default();
    let local_times = locals.iter().map(|&local| format_hh_mm(local)).collect();
    let within_hours = locals.first().map(|&capital| hours.contains(capital));
    let window = Window::at(last_customer_message_at, now);
    let allowed = !matches!(window, Window::Closed { .. }) || kind == MessageKind::Template;
    SendGuard {
        local_times,
        within_hours,
        window,
        allowed,
    }
}

/// "3 h 20 min", "45 min", "2 d 4 h": a duration for the guard, in the page's words for days, hours, minutes.
pub fn format_duration(seconds: i64, units: [&str; 3]) -> String {
    let minutes = seconds.max(0) / 60;
    let (days, hours, minutes) = (minutes / 1_440, minutes / 60 % 24, minutes % 60);
    let [d, h, m] = units;
    match (days, hours) {
        (0, 0) => format!("{minutes} {m}"),
        (0, _) => format!("{hours} {h} {minutes} {m}"),
        _ => format!("{days} {d} {hours} {h}"),
    }
}

/// A `datetime-local` value (`2026-11-20T10:00`, the agent's own time zone at `offset_minutes` east of UTC).
pub fn parse_local_datetime(value: &str, offset_minutes: i64) -> Option<Timestamp> {
    let value = value.trim();
    if value.len() < 16 {
        return None;
    }
    let with_seconds = if value.len() == 16 {
        format!("{value}:00")
    } else {
        value.to_string()
    };
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset = offset_minutes.abs();
    Timestamp::parse_rfc3339(&format!(
        "{with_seconds}{sign}{:02}:{:02}",
        offset / 60,
        offset % 60
    ))
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::normalize_phone;
    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("valid test time")
    }

    #[test]
    fn the_guard_knows_the_recipients_time_and_the_window() {
        let london = normalize_phone("+44 7911 123456", None).unwrap();
        let hours = WorkingHours::default();
        let guard = send_guard(
            Some(&london),
            at("2026-11-20T22:30:00Z"),
            Some(at("2026-11-20T10:00:00Z")),
            &hours,
            MessageKind::Service,
        );
        assert_eq!(guard.local_times, vec!["22:30".to_string()]);
        assert_eq!(guard.within_hours, Some(false));
        assert_eq!(
            guard.window,
            Window::Open {
                seconds_left: 11 * 3_600 + 30 * 60
            }
        );
        assert!(guard.allowed);

        let moscow = normalize_phone("+7 912 345 67 89", None).unwrap();
        let guard = send_guard(
            Some(&moscow),
            at("2026-11-20T09:00:00Z"),
            Some(at("2026-11-18T09:00:00Z")),
            &hours,
            MessageKind::Service,
        );
        assert_eq!(guard.local_times[0], "12:00");
        assert_eq!(guard.within_hours, Some(true));
        assert_eq!(
            guard.window,
            Window::Closed {
                seconds_since: 24 * 3_600
            }
        );
        assert!(
            !guard.allowed,
            "outside the window only templates may be sent"
        );
        let template = send_guard(
            Some(&moscow),
            at("2026-11-20T09:00:00Z"),
            Some(at("2026-11-18T09:00:00Z")),
            &hours,
            MessageKind::Template,
        );
        assert!(template.allowed);

        let unknown = send_guard(
            None,
            at("2026-11-20T09:00:00Z"),
            None,
            &hours,
            MessageKind::Service,
        );
        assert_eq!(
            (
                unknown.local_times.len(),
                unknown.within_hours,
                unknown.window,
                unknown.allowed
            ),
            (0, None, Window::Unknown, true)
        );
        // Sunday is not a working day by default.
        let sunday = send_guard(
            Some(&london),
            at("2026-11-22T12:00:00Z"),
            None,
            &hours,
            MessageKind::Service,
        );
        assert_eq!(sunday.within_hours, Some(false));
    }

    #[test]
    fn durations_read_naturally() {
        let units = ["d", "h", "min"];
        assert_eq!(format_duration(45 * 60, units), "45 min");
        assert_eq!(format_duration(3 * 3_600 + 20 * 60, units), "3 h 20 min");
        assert_eq!(
            format_duration(2 * 86_400 + 4 * 3_600 + 59, units),
            "2 d 4 h"
        );
        assert_eq!(format_duration(-5, units), "0 min");
    }

    #[test]
    fn local_times_from_the_agents_clock() {
        assert_eq!(
            parse_local_datetime("2026-11-20T10:00", 180),
            Some(at("2026-11-20T07:00:00Z"))
        );
        assert_eq!(
            parse_local_datetime("2026-11-20T10:00", -300),
            Some(at("2026-11-20T15:00:00Z"))
        );
        assert_eq!(parse_local_datetime("", 0), None);
        assert_eq!(parse_local_datetime("yesterday", 0), None);
    }
}
