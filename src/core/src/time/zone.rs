//! IANA time zones by name (`Europe/London`): the UTC offset at an instant, summer time included, and back
//! from a local wall-clock time to an instant.
//!
//! The table (`tz.txt`, generated from the tz database by `generate_tz.py`) holds each zone's POSIX TZ rule,
//! the footer of its TZif file (`GMT0BST,M3.5.0/1,M10.5.0`): the standard offset and the summer-time rule in
//! force today. Past rule changes are not kept, so instants years back may be off; the widget asks about now
//! and the coming week. This module never reads the clock or the browser's zone.

use super::{days_from_civil, days_in_month, weekday, Timestamp};
use crate::data::part;

/// A time zone: its standard offset and, where it keeps summer time, the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone {
    /// Seconds east of UTC outside summer time.
    standard_offset: i64,
    summer: Option<SummerTime>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SummerTime {
    /// Seconds east of UTC during summer time.
    offset: i64,
    start: Transition,
    end: Transition,
}

/// `Mm.w.d/time`: the `week`-th (5 = last) `weekday` (0 = Sunday) of `month`, at `time` seconds of local wall
/// time (may be negative or past 24 hours, as `M3.4.4/50`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Transition {
    month: i64,
    week: i64,
    weekday: i64,
    time: i64,
}

/// The zone named `name` (ASCII case ignored), if the table has it.
#[cfg(not(feature = "fetched-tables"))]
pub fn zone_named(name: &str) -> Option<Zone> {
    rule_in(include_str!("tz.txt"), name).and_then(parse_posix_tz)
}

/// The zone named `name` (ASCII case ignored), if the table has it and its area's lines are installed; a zone
/// of an area not installed yet notes the area as missing ([`fetched::take_missing_areas`]).
#[cfg(feature = "fetched-tables")]
pub fn zone_named(name: &str) -> Option<Zone> {
    fetched::zone(name)
}

/// The POSIX TZ rule of the zone named `name` in table text.
fn rule_in<'a>(table: &'a str, name: &str) -> Option<&'a str> {
    crate::data::records(table).find_map(|mut fields| {
        let zone = fields.next()?;
        zone.eq_ignore_ascii_case(name).then(|| fields.next())?
    })
}

/// The first part of every zone name in `tz.txt` (`Europe` of `Europe/London`; `UTC` is its own), lower-case:
/// the table is split by area for the config checker (`tz/<area>.txt`, `www/split_tables.py`).
#[cfg(any(test, feature = "fetched-tables"))]
const AREAS: &[&str] = &[
    "africa",
    "america",
    "antarctica",
    "arctic",
    "asia",
    "atlantic",
    "australia",
    "etc",
    "europe",
    "indian",
    "pacific",
    "utc",
];

/// The zone table of a build that does not embed it (the config checker, issue 15): the lines of a zone's
/// area are fetched beside the bundle and installed here, like the phone table's
/// (`phone::metadata::fetched`).
#[cfg(feature = "fetched-tables")]
pub mod fetched {
    use super::AREAS;
    use std::cell::RefCell;

    thread_local! {
        /// The installed lines, and the areas they cover.
        static INSTALLED: RefCell<(String, Vec<&'static str>)> = const { RefCell::new((String::new(), Vec::new())) };
        static MISSING: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    }

    /// The area of a zone name, if the table has such an area.
    fn area_of(name: &str) -> Option<&'static str> {
        let area = name.split('/').next()?;
        AREAS
            .iter()
            .copied()
            .find(|known| known.eq_ignore_ascii_case(area))
    }

    /// Installs the zone lines of `text` (lines of `tz.txt`; other lines, such as the phone table's, and lines
    /// of areas already installed are skipped).
    pub fn install(text: &str) {
        INSTALLED.with_borrow_mut(|(lines, areas)| {
            let mut added = Vec::new();
            for line in text.lines() {
                let Some(area) = line.split_once('\t').and_then(|(name, _)| area_of(name)) else {
                    continue;
                };
                if !areas.contains(&area) {
                    lines.push_str(line);
                    lines.push('\n');
                    if !added.contains(&area) {
                        added.push(area);
                    }
                }
            }
            areas.extend(added);
        });
    }

    pub(super) fn zone(name: &str) -> Option<super::Zone> {
        let area = area_of(name)?;
        INSTALLED.with_borrow(|(lines, areas)| {
            if areas.contains(&area) {
                super::rule_in(lines, name).and_then(super::parse_posix_tz)
            } else {
                MISSING.with_borrow_mut(|missing| {
                    if !missing.contains(&area) {
                        missing.push(area);
                    }
                });
                None
            }
        })
    }

    /// The areas whose zones were asked for but not installed since the last call, in the order asked.
    pub fn take_missing_areas() -> Vec<&'static str> {
        MISSING.with_borrow_mut(std::mem::take)
    }
}

/// Reads a POSIX TZ rule (`EST5EDT,M3.2.0,M11.1.0`, `<+1030>-10:30<+11>-11,M10.1.0,M4.1.0`). Only the
/// `Mm.w.d` transition form is read (every zone of the table uses it).
fn parse_posix_tz(rule: &str) -> Option<Zone> {
    let mut rest = rule;
    skip_name(&mut rest)?;
    let standard_offset = -read_duration(&mut rest)?;
    if rest.is_empty() {
        return Some(Zone {
            standard_offset,
            summer: None,
        });
    }
    skip_name(&mut rest)?;
    let offset = if rest.starts_with(',') {
        standard_offset + 3600
    } else {
        -read_duration(&mut rest)?
    };
    let mut transitions = rest.strip_prefix(',')?.split(',');
    let start = read_transition(transitions.next()?)?;
    let end = read_transition(transitions.next()?)?;
    if transitions.next().is_some() {
        return None;
    }
    Some(Zone {
        standard_offset,
        summer: Some(SummerTime { offset, start, end }),
    })
}

/// Skips a zone abbreviation: `<+0330>` or letters.
fn skip_name(rest: &mut &str) -> Option<()> {
    let length = if let Some(quoted) = rest.strip_prefix('<') {
        quoted.find('>')? + 2
    } else {
        rest.find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len())
    };
    if length < 3 {
        return None;
    }
    *rest = part(rest, length..);
    Some(())
}

/// `[+-]h[:mm[:ss]]` as seconds.
fn read_duration(rest: &mut &str) -> Option<i64> {
    let (sign, body) = match rest.as_bytes().first()? {
        b'-' => (-1, part(rest, 1..)),
        b'+' => (1, part(rest, 1..)),
        _ => (1, *rest),
    };
    let length = body
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(body.len());
    let mut seconds = 0;
    let mut parts = 0;
    for (field, unit) in part(body, ..length).split(':').zip([3600, 60, 1]) {
        seconds += field.parse::<i64>().ok()? * unit;
        parts += 1;
    }
    if parts == 0 || part(body, ..length).split(':').count() > 3 {
        return None;
    }
    *rest = part(body, length..);
    Some(sign * seconds)
}

fn read_transition(text: &str) -> Option<Transition> {
    let (date, time) = match text.split_once('/') {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    let mut fields = date.strip_prefix('M')?.split('.');
    let mut number = || fields.next()?.parse::<i64>().ok();
    let (month, week, weekday) = (number()?, number()?, number()?);
    if !(1..=12).contains(&month) || !(1..=5).contains(&week) || !(0..=6).contains(&weekday) {
        return None;
    }
    let time = match time {
        None => 7200,
        Some(mut time) => {
            let seconds = read_duration(&mut time)?;
            if !time.is_empty() {
                return None;
            }
            seconds
        }
    };
    Some(Transition {
        month,
        week,
        weekday,
        time,
    })
}

impl Transition {
    /// The transition's wall-clock moment in `year`, as seconds since the local epoch.
    fn local_seconds(self, year: i64) -> i64 {
        let first = days_from_civil(year, self.month, 1);
        // `weekday` counts from Monday; POSIX from Sunday.
        let wanted = (self.weekday + 6) % 7;
        let mut day = first + (wanted - weekday(first)).rem_euclid(7) + 7 * (self.week - 1);
        while day >= first + days_in_month(year, self.month) {
            day -= 7;
        }
        day * 86_400 + self.time
    }
}

impl Zone {
    /// UTC itself.
    pub const UTC: Zone = Zone {
        standard_offset: 0,
        summer: None,
    };

    /// The zone as numbers, for the config checker's normalized config (`widget_config::normalized`): the
    /// standard offset; with summer time, then its offset and the start's and the end's month, week, weekday and
    /// time.
    pub fn to_numbers(&self) -> Vec<i64> {
        let mut numbers = vec![self.standard_offset];
        if let Some(summer) = &self.summer {
            numbers.push(summer.offset);
            for rule in [summer.start, summer.end] {
                numbers.extend([rule.month, rule.week, rule.weekday, rule.time]);
            }
        }
        numbers
    }

    /// The zone [`Zone::to_numbers`] wrote; `None` for another count of numbers. It checks nothing else: the
    /// numbers come from a zone the table gave.
    pub fn from_numbers(numbers: &[i64]) -> Option<Zone> {
        let rule = |month, week, weekday, time| Transition {
            month,
            week,
            weekday,
            time,
        };
        match *numbers {
            [standard_offset] => Some(Zone {
                standard_offset,
                summer: None,
            }),
            [standard_offset, offset, m1, w1, d1, t1, m2, w2, d2, t2] => Some(Zone {
                standard_offset,
                summer: Some(SummerTime {
                    offset,
                    start: rule(m1, w1, d1, t1),
                    end: rule(m2, w2, d2, t2),
                }),
            }),
            _ => None,
        }
    }

    /// A zone at a fixed offset east of UTC, in minutes.
    pub fn fixed(minutes_east: i64) -> Zone {
        Zone {
            standard_offset: minutes_east * 60,
            summer: None,
        }
    }

    /// Seconds east of UTC at `instant`.
    pub fn offset_seconds_at(&self, instant: Timestamp) -> i64 {
        let Some(summer) = self.summer else {
            return self.standard_offset;
        };
        let (year, _, _) =
            super::civil_from_days((instant.0 + self.standard_offset).div_euclid(86_400));
        // Each transition happens at a wall-clock time of the offset in force before it.
        let start = summer.start.local_seconds(year) - self.standard_offset;
        let end = summer.end.local_seconds(year) - summer.offset;
        let in_summer = if start < end {
            instant.0 >= start && instant.0 < end
        } else {
            !(instant.0 >= end && instant.0 < start)
        };
        if in_summer {
            summer.offset
        } else {
            self.standard_offset
        }
    }

    /// The local wall-clock time at `instant`, as seconds since the local epoch.
    pub fn local_seconds(&self, instant: Timestamp) -> i64 {
        instant.0 + self.offset_seconds_at(instant)
    }

    /// The instant a local wall-clock time names. In the hour skipped when clocks go forward, the time is read
    /// with the offset before the change (02:30 on that day is 03:30 summer time); in the hour repeated when
    /// they go back, the first of the two instants.
    pub fn instant_of_local(&self, local_seconds: i64) -> Timestamp {
        let summer = self.summer.map_or(self.standard_offset, |s| s.offset);
        let (larger, smaller) = (
            self.standard_offset.max(summer),
            self.standard_offset.min(summer),
        );
        for offset in [larger, smaller] {
            let candidate = Timestamp(local_seconds - offset);
            if self.offset_seconds_at(candidate) == offset {
                return candidate;
            }
        }
        Timestamp(local_seconds - smaller)
    }
}

#[cfg(all(test, feature = "fetched-tables"))]
mod fetched_tests {
    use super::fetched::{install, take_missing_areas};
    use super::*;

    /// The lines of one area, as `www/split_tables.py` writes them (with the header comment).
    fn file_of(area: &str) -> String {
        let mut text = String::from("# IANA zone <TAB> POSIX TZ rule (header)\n");
        for line in include_str!("tz.txt")
            .lines()
            .filter(|line| !line.starts_with('#'))
        {
            if line
                .split('/')
                .next()
                .unwrap_or("")
                .eq_ignore_ascii_case(area)
                || line.split('\t').next() == Some("UTC") && area == "utc"
            {
                text.push_str(line);
                text.push('\n');
            }
        }
        text
    }

    #[test]
    fn a_zone_of_an_area_not_installed_asks_for_the_area() {
        assert_eq!(zone_named("Europe/London"), None);
        assert_eq!(take_missing_areas(), ["europe"]);
        install(&file_of("europe"));
        let london = zone_named("europe/london").expect("installed");
        assert_eq!(london.standard_offset, 0);
        assert!(london.summer.is_some());
        // A typo in an installed area is no zone, and asks for nothing.
        assert_eq!(zone_named("Europe/Londn"), None);
        assert!(take_missing_areas().is_empty());
        // An area the table does not have is no zone either, without a fetch.
        assert_eq!(zone_named("Eurpe/London"), None);
        assert!(take_missing_areas().is_empty());
        assert_eq!(zone_named("Asia/Shanghai"), None);
        assert_eq!(take_missing_areas(), ["asia"]);
    }

    #[test]
    fn phone_lines_beside_zone_lines_are_skipped() {
        install(&format!(
            "GB\t44\t7,9-10\n{}{}",
            file_of("utc"),
            file_of("asia")
        ));
        assert_eq!(zone_named("UTC").map(|zone| zone.standard_offset), Some(0));
        assert_eq!(
            zone_named("Asia/Shanghai").map(|zone| zone.standard_offset),
            Some(8 * 3600)
        );
        assert!(take_missing_areas().is_empty());
    }
}

#[cfg(all(test, not(feature = "fetched-tables")))]
mod tests {
    use super::*;

    #[test]
    fn the_areas_are_the_tables() {
        let mut areas: Vec<String> = include_str!("tz.txt")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .map(|line| line.split(['/', '\t']).next().unwrap().to_ascii_lowercase())
            .collect();
        areas.dedup();
        areas.sort();
        areas.dedup();
        assert_eq!(areas, AREAS);
    }

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("valid test time")
    }

    fn offset_hours(zone: &str, instant: &str) -> f64 {
        let zone = zone_named(zone).expect("zone in the table");
        zone.offset_seconds_at(at(instant)) as f64 / 3600.0
    }

    #[test]
    fn every_zone_of_the_table_is_read() {
        for mut fields in crate::data::records(include_str!("tz.txt")) {
            let name = fields.next().unwrap();
            let rule = fields.next().unwrap();
            assert!(parse_posix_tz(rule).is_some(), "{name}: {rule}");
        }
        assert!(zone_named("europe/london").is_some());
        assert!(zone_named("Europe/Atlantis").is_none());
        assert!(zone_named("").is_none());
    }

    #[test]
    fn offsets_follow_each_zones_summer_time() {
        for (zone, instant, hours) in [
            ("Europe/London", "2026-01-15T12:00:00Z", 0.0),
            ("Europe/London", "2026-07-15T12:00:00Z", 1.0),
            // Europe changes at 01:00 UTC on the last Sunday of March and October (2026: 29 March, 25 October).
            ("Europe/London", "2026-03-29T00:59:59Z", 0.0),
            ("Europe/London", "2026-03-29T01:00:00Z", 1.0),
            ("Europe/Berlin", "2026-10-25T00:59:59Z", 2.0),
            ("Europe/Berlin", "2026-10-25T01:00:00Z", 1.0),
            // New York: 02:00 local on 8 March and 1 November 2026.
            ("America/New_York", "2026-03-08T06:59:59Z", -5.0),
            ("America/New_York", "2026-03-08T07:00:00Z", -4.0),
            ("America/New_York", "2026-11-01T05:59:59Z", -4.0),
            ("America/New_York", "2026-11-01T06:00:00Z", -5.0),
            // Southern hemisphere: Sydney's summer spans the new year (ends 5 April 03:00 local, starts 4 October).
            ("Australia/Sydney", "2026-01-15T00:00:00Z", 11.0),
            ("Australia/Sydney", "2026-07-15T00:00:00Z", 10.0),
            ("Australia/Sydney", "2026-04-04T15:59:59Z", 11.0),
            ("Australia/Sydney", "2026-04-04T16:00:00Z", 10.0),
            ("Australia/Sydney", "2026-10-03T15:59:59Z", 10.0),
            ("Australia/Sydney", "2026-10-03T16:00:00Z", 11.0),
            ("Australia/Lord_Howe", "2026-01-15T00:00:00Z", 11.0),
            ("Australia/Lord_Howe", "2026-07-15T00:00:00Z", 10.5),
            ("Asia/Kolkata", "2026-07-15T00:00:00Z", 5.5),
            ("Asia/Kathmandu", "2026-07-15T00:00:00Z", 5.75),
            ("Asia/Shanghai", "2026-07-15T00:00:00Z", 8.0),
            ("America/Sao_Paulo", "2026-01-15T00:00:00Z", -3.0),
            // Dublin's "winter time" is the rule's summer part (negative summer time): the offsets still match.
            ("Europe/Dublin", "2026-01-15T00:00:00Z", 0.0),
            ("Europe/Dublin", "2026-07-15T00:00:00Z", 1.0),
            ("Europe/Moscow", "2026-07-15T00:00:00Z", 3.0),
            ("UTC", "2026-07-15T00:00:00Z", 0.0),
        ] {
            assert_eq!(offset_hours(zone, instant), hours, "{zone} at {instant}");
        }
    }

    #[test]
    fn local_times_map_back_to_instants_across_the_changes() {
        let london = zone_named("Europe/London").unwrap();
        let local = |text: &str| at(text).0; // a local wall time written as if UTC
        assert_eq!(
            london.instant_of_local(local("2026-07-15T09:00:00Z")),
            at("2026-07-15T08:00:00Z")
        );
        // 01:30 on 29 March 2026 does not exist in London: read as 02:30 summer time.
        assert_eq!(
            london.instant_of_local(local("2026-03-29T01:30:00Z")),
            at("2026-03-29T01:30:00Z")
        );
        // 01:30 on 25 October 2026 happens twice: the first (summer time) is taken.
        assert_eq!(
            london.instant_of_local(local("2026-10-25T01:30:00Z")),
            at("2026-10-25T00:30:00Z")
        );
        let sydney = zone_named("Australia/Sydney").unwrap();
        assert_eq!(
            sydney.instant_of_local(local("2026-01-05T09:00:00Z")),
            at("2026-01-04T22:00:00Z")
        );
        assert_eq!(Zone::fixed(180).local_seconds(Timestamp(0)), 10_800);
    }

    #[test]
    fn malformed_rules_are_refused() {
        for rule in [
            "",
            "X5",
            "EST",
            "EST5EDT,M3.2.0",
            "EST5EDT,M13.2.0,M11.1.0",
            "EST5EDT,J60,J300",
            "EST5EDT,M3.2.0,M11.1.0,M1.1.0",
        ] {
            assert!(parse_posix_tz(rule).is_none(), "{rule}");
        }
    }
}
