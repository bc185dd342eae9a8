//! The two time rules, `after_hours` and `outside_window`: the recipient's local time against working hours,
//! and WhatsApp's 24-hour window, both read from `crate::time`. Countries spanning several zones are judged in
//! all of them: outside working hours everywhere is a warning; outside in the capital's zone but inside
//! somewhere else is only a suggestion.

use super::{rule_message, Finding, MessageKind, Rule, Severity, ToneContext};
use crate::lang::Lang;
use crate::time::{format_hh_mm, recipient_local_times, Window, WorkingHours, WINDOW_SECONDS};

/// `after_hours` and `outside_window`, from the context's times.
pub fn check_time_rules(
    context: &ToneContext,
    hours: &WorkingHours,
    ui_lang: Lang,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(now) = context.now else {
        return findings;
    };
    if let Some(recipient) = &context.recipient {
        let locals = recipient_local_times(recipient, now);
        if let Some(&capital) = locals.first() {
            let outside_capital = !hours.contains(capital);
            let outside_everywhere = locals.iter().all(|&local| !hours.contains(local));
            if outside_capital {
                let times: Vec<String> = locals.iter().map(|&l| format_hh_mm(l)).collect();
                let mut shown = times[0].clone();
                if times.len() > 1 {
                    let (min, max) = (
                        times.iter().min().unwrap_or(&shown).clone(),
                        times.iter().max().unwrap_or(&shown).clone(),
                    );
                    shown = format!("{shown} ({min}–{max})");
                }
                let (message, suggestion) = rule_message("after_hours", ui_lang);
                findings.push(Finding {
                    rule: Rule::AfterHours,
                    severity: if outside_everywhere {
                        Rule::AfterHours.default_severity()
                    } else {
                        Severity::Suggestion
                    },
                    start: 0,
                    end: 0,
                    message: message.replacen("{}", &shown, 1),
                    suggestion: Some(suggestion.to_string()),
                    fix: None,
                });
            }
        }
    }
    if let Window::Closed { seconds_since } = Window::at(context.last_customer_message_at, now) {
        if context.kind != MessageKind::Template {
            let hours_ago = (seconds_since + WINDOW_SECONDS) / 3600;
            let shown = if hours_ago >= 48 {
                format!("{} d", hours_ago / 24)
            } else {
                format!("{hours_ago} h")
            };
            let (message, suggestion) = rule_message("outside_window", ui_lang);
            findings.push(Finding {
                rule: Rule::OutsideWindow,
                severity: Rule::OutsideWindow.default_severity(),
                start: 0,
                end: 0,
                message: message.replacen("{}", &shown, 1),
                suggestion: Some(suggestion.to_string()),
                fix: None,
            });
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::normalize_phone;
    use crate::time::Timestamp;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    fn context(phone: &str, now: &str) -> ToneContext {
        ToneContext {
            now: Some(at(now)),
            recipient: Some(normalize_phone(phone, None).unwrap()),
            ..ToneContext::default()
        }
    }

    #[test]
    fn after_hours_in_every_zone_is_a_warning() {
        // 23:30 in London on a Tuesday.
        let findings = check_time_rules(
            &context("+44 7911 123456", "2026-11-17T23:30:00Z"),
            &WorkingHours::default(),
            Lang::En,
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(
            (findings[0].rule, findings[0].severity),
            (Rule::AfterHours, Severity::Warning)
        );
        assert!(
            findings[0].message.contains("23:30"),
            "{}",
            findings[0].message
        );
        // 10:00 in London: fine.
        assert!(check_time_rules(
            &context("+44 7911 123456", "2026-11-17T10:00:00Z"),
            &WorkingHours::default(),
            Lang::En
        )
        .is_empty());
        // Sunday noon: closed.
        assert_eq!(
            check_time_rules(
                &context("+44 7911 123456", "2026-11-22T12:00:00Z"),
                &WorkingHours::default(),
                Lang::En
            )
            .len(),
            1
        );
    }

    #[test]
    fn several_zones_soften_the_finding() {
        // 20:30 in Moscow is after hours there, but 19:30 in Kaliningrad is not.
        let findings = check_time_rules(
            &context("+7 912 345 67 89", "2026-11-17T17:30:00Z"),
            &WorkingHours::default(),
            Lang::En,
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Suggestion);
    }

    #[test]
    fn the_window_closes_after_24_hours_except_for_templates() {
        let mut context = ToneContext {
            now: Some(at("2026-11-17T12:00:00Z")),
            last_customer_message_at: Some(at("2026-11-16T11:00:00Z")),
            ..ToneContext::default()
        };
        let findings = check_time_rules(&context, &WorkingHours::default(), Lang::En);
        assert_eq!(
            findings.iter().map(|f| f.rule).collect::<Vec<_>>(),
            vec![Rule::OutsideWindow]
        );
        context.kind = MessageKind::Template;
        assert!(check_time_rules(&context, &WorkingHours::default(), Lang::En).is_empty());
        context.kind = MessageKind::Service;
        context.last_customer_message_at = Some(at("2026-11-16T13:00:00Z"));
        assert!(check_time_rules(&context, &WorkingHours::default(), Lang::En).is_empty());
    }
}
