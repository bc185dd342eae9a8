//! The per-country phone facts, read from the generated `metadata.txt`.
//!
//! The text is embedded verbatim (it is the whole table's share of the bundle, which `make bench` reports). Where
//! each line starts is worked out at compile time; a line is parsed the first time its region is asked for, so
//! checking one number (the widget's start-up checks the company's) reads the few lines of its calling code, not
//! the 250 of the whole table. The lines are in calling-code order, so a calling code's regions are found by
//! binary search. The format is documented in `generate_metadata.py`.

use crate::data::part;
#[cfg(not(feature = "fetched-tables"))]
use std::sync::OnceLock;

/// The generated table, as embedded in every build (with the `fetched-tables` feature, only what the
/// compiler works out from it is: the region codes and calling codes of its lines).
pub const METADATA_TEXT: &str = include_str!("metadata.txt");

/// How many lines of the table describe a region (comments and blank lines are not counted).
const LINE_COUNT: usize = count_data_lines(METADATA_TEXT.as_bytes());
/// Each region line in table order, found at compile time.
static LINES: [Line; LINE_COUNT] = data_lines(METADATA_TEXT.as_bytes());
/// Each region line, parsed on first use.
#[cfg(not(feature = "fetched-tables"))]
static PARSED: [OnceLock<RegionInfo>; LINE_COUNT] = [const { OnceLock::new() }; LINE_COUNT];
/// Each line's region code (up to three letters or digits, zero-padded), for a build without the text.
#[cfg(feature = "fetched-tables")]
static REGION_CODES: [[u8; 3]; LINE_COUNT] = region_codes(METADATA_TEXT.as_bytes());

/// Where a region line is in `METADATA_TEXT`, with the two fields lookups need read ahead of time (8 bytes a
/// line: the table is shipped to every visitor).
#[derive(Clone, Copy)]
struct Line {
    start: u16,
    #[cfg_attr(feature = "fetched-tables", allow(dead_code))]
    end: u16,
    calling_code: u16,
    /// Length of the first field, the region code.
    region_len: u8,
}

/// Runs `$body` with `$start`/`$end` bound to each region line's byte range, at compile time.
macro_rules! for_each_data_line {
    ($bytes:expr, |$start:ident, $end:ident| $body:block) => {{
        let bytes = $bytes;
        let mut line_start = 0;
        let mut at = 0;
        while at <= bytes.len() {
            if at == bytes.len() || bytes[at] == b'\n' {
                let $start = line_start;
                let mut $end = at;
                if $end > $start && bytes[$end - 1] == b'\r' {
                    $end -= 1;
                }
                if $end > $start && bytes[$start] != b'#' $body
                line_start = at + 1;
            }
            at += 1;
        }
    }};
}

const fn count_data_lines(bytes: &[u8]) -> usize {
    let mut count = 0;
    for_each_data_line!(bytes, |start, end| {
        let _ = (start, end);
        count += 1;
    });
    count
}

/// The region lines with their region code's length and calling code; a malformed line fails the build.
const fn data_lines<const N: usize>(bytes: &[u8]) -> [Line; N] {
    assert!(
        bytes.len() <= u16::MAX as usize,
        "metadata.txt: offsets are kept in 16 bits"
    );
    let mut lines = [Line {
        start: 0,
        end: 0,
        calling_code: 0,
        region_len: 0,
    }; N];
    let mut index = 0;
    for_each_data_line!(bytes, |start, end| {
        let mut at = start;
        while at < end && bytes[at] != b'\t' {
            at += 1;
        }
        let region_len = at - start;
        at += 1;
        let mut calling_code: u16 = 0;
        let mut digits = 0;
        while at < end && bytes[at] != b'\t' {
            assert!(
                bytes[at].is_ascii_digit(),
                "metadata.txt: calling code is a number"
            );
            calling_code = calling_code * 10 + (bytes[at] - b'0') as u16;
            digits += 1;
            at += 1;
        }
        assert!(
            region_len > 0 && region_len < 8 && digits > 0,
            "metadata.txt: a line starts with a region and a calling code"
        );
        lines[index] = Line {
            start: start as u16,
            end: end as u16,
            calling_code,
            region_len: region_len as u8,
        };
        index += 1;
    });
    lines
}

#[cfg(feature = "fetched-tables")]
const fn region_codes<const N: usize>(bytes: &[u8]) -> [[u8; 3]; N] {
    let lines: [Line; N] = data_lines(bytes);
    let mut codes = [[0u8; 3]; N];
    let mut index = 0;
    while index < N {
        let mut at = 0;
        while at < lines[index].region_len as usize && at < 3 {
            codes[index][at] = bytes[lines[index].start as usize + at];
            at += 1;
        }
        index += 1;
    }
    codes
}

#[cfg(not(feature = "fetched-tables"))]
fn line(index: usize) -> &'static str {
    &METADATA_TEXT[usize::from(LINES[index].start)..usize::from(LINES[index].end)]
}

/// The region code of line `index`.
#[cfg(not(feature = "fetched-tables"))]
fn region_code(index: usize) -> &'static str {
    let start = usize::from(LINES[index].start);
    &METADATA_TEXT[start..start + usize::from(LINES[index].region_len)]
}

/// The region code of line `index`.
#[cfg(feature = "fetched-tables")]
fn region_code(index: usize) -> &'static str {
    let code = &REGION_CODES[index][..usize::from(LINES[index].region_len)];
    std::str::from_utf8(code).unwrap_or("")
}

/// The region on line `index`, parsed the first time it is asked for.
#[cfg(not(feature = "fetched-tables"))]
fn region_at(index: usize) -> Option<&'static RegionInfo> {
    Some(PARSED[index].get_or_init(|| parse_line(line(index))))
}

/// The region on line `index` if its calling code's lines were installed; otherwise the calling code is noted
/// as missing ([`fetched::take_missing_calling_codes`]) and there is no region.
#[cfg(feature = "fetched-tables")]
fn region_at(index: usize) -> Option<&'static RegionInfo> {
    fetched::installed(index).or_else(|| {
        fetched::note_missing(LINES[index].calling_code);
        None
    })
}

/// The phone table of a build that does not embed it (the config checker, issue 15): the lines of the calling
/// codes a config names are fetched beside the bundle (`phone/<calling code>.txt`, split from `metadata.txt`
/// by `www/split_tables.py`) and installed here; a lookup of a calling code whose lines are missing notes
/// it, so the caller can fetch them and ask again.
#[cfg(feature = "fetched-tables")]
pub mod fetched {
    use super::{parse_line, region_code, RegionInfo, LINES, LINE_COUNT};
    use std::cell::RefCell;

    thread_local! {
        static INSTALLED: RefCell<Vec<Option<&'static RegionInfo>>> = RefCell::new(vec![None; LINE_COUNT]);
        static MISSING: RefCell<Vec<u16>> = const { RefCell::new(Vec::new()) };
    }

    /// Installs the region lines of `text` (lines of `metadata.txt`; comments, blank lines, lines already
    /// installed and lines of no known region are skipped). The lines live as long as the program: a checker
    /// installs a few calling codes once per page.
    pub fn install(text: &str) {
        for line in text.lines() {
            let line = line.trim_end_matches('\r');
            let Some((region, _)) = line.split_once('\t') else {
                continue;
            };
            if line.starts_with('#') {
                continue;
            }
            let Some(index) = (0..LINE_COUNT).find(|&index| region_code(index) == region) else {
                continue;
            };
            INSTALLED.with_borrow_mut(|installed| {
                if installed[index].is_none() {
                    let line: &'static str = Box::leak(line.to_string().into_boxed_str());
                    installed[index] = Some(Box::leak(Box::new(parse_line(line))));
                }
            });
        }
    }

    pub(super) fn installed(index: usize) -> Option<&'static RegionInfo> {
        INSTALLED.with_borrow(|installed| installed[index])
    }

    pub(super) fn note_missing(calling_code: u16) {
        MISSING.with_borrow_mut(|missing| {
            if !missing.contains(&calling_code) {
                missing.push(calling_code);
            }
        });
    }

    /// The calling codes whose lines were asked for but not installed since the last call, in the order asked.
    pub fn take_missing_calling_codes() -> Vec<u16> {
        MISSING.with_borrow_mut(std::mem::take)
    }

    /// The first region of calling code `code` when none of the code's lines is installed (a stored number of
    /// that code is then read back as it was stored: see `E164`'s `Deserialize`), else `None`.
    pub(crate) fn region_of_missing_calling_code(code: u16) -> Option<&'static str> {
        let first = LINES.partition_point(|line| line.calling_code < code);
        let family = first..LINE_COUNT;
        let mut family = family.take_while(|&index| LINES[index].calling_code == code);
        let head = family.next()?;
        (installed(head).is_none() && family.all(|index| installed(index).is_none()))
            .then(|| region_code(head))
    }
}

/// What the phone reader knows about one region.
#[derive(Debug)]
pub struct RegionInfo {
    /// ISO 3166 alpha-2 code, or `001` for non-geographic calling codes.
    pub region: &'static str,
    pub calling_code: u16,
    /// Bit `n` is set when a national number of `n` digits is possible.
    possible_lengths: u32,
    /// Prefixes that are not part of the number when dialled nationally, longest first, with what replaces them.
    pub national_prefixes: Vec<(String, String)>,
    /// Prefixes that introduce an international number when dialled from this region, longest first.
    pub international_prefixes: Vec<&'static str>,
    /// National-number prefixes that identify this region among those sharing its calling code.
    pub leading_digits: Vec<&'static str>,
    /// The region a calling code belongs to unless the leading digits say otherwise.
    pub main: bool,
    /// Whether national numbers can themselves start with the trunk prefix (Russia's 8 800 …).
    pub trunk_in_number: bool,
    /// The digit trie of the national numbers the region has (`""`: any), walked by `prefixes.rs`.
    prefixes: &'static str,
}

impl RegionInfo {
    pub fn is_possible_length(&self, digits: usize) -> bool {
        digits < 32 && self.possible_lengths & (1 << digits) != 0
    }

    /// The possible national-number lengths: bit `n` is set when a number of `n` digits is possible.
    pub fn possible_lengths(&self) -> u32 {
        self.possible_lengths
    }

    pub fn min_length(&self) -> usize {
        self.possible_lengths.trailing_zeros() as usize
    }

    pub fn max_length(&self) -> usize {
        31 - self.possible_lengths.leading_zeros() as usize
    }

    /// The lengths numbers of the region starting like `national` can have (bit `n`: `n` digits), or `None`
    /// when no number of the region starts like this. Digits that end before the table stops telling numbers
    /// apart start numbers of any of the region's lengths.
    pub fn lengths_for_prefix(&self, national: &str) -> Option<u32> {
        super::prefixes::lengths_for_prefix(self.prefixes, national, self.possible_lengths)
    }

    /// Whether the region has a number of this length starting with these digits (as far as the table tells:
    /// it checks the leading digits and the lengths numbers starting with them have, not the whole pattern).
    pub fn is_valid_number(&self, national: &str) -> bool {
        let digits = national.len();
        self.is_possible_length(digits)
            && self
                .lengths_for_prefix(national)
                .is_some_and(|lengths| lengths & (1 << digits) != 0)
    }

    /// Whether some number of the region starts with `digits` (all of them, as far as the table tells).
    pub fn has_numbers_starting_with(&self, digits: &str) -> bool {
        self.lengths_for_prefix(digits).is_some()
    }
}

fn parse_line(line: &'static str) -> RegionInfo {
    let mut fields = line.split('\t');
    let mut next = || fields.next().filter(|field| *field != "-").unwrap_or("");
    let region = next();
    // A fetched file (feature `fetched-tables`) is read, not trusted: a line that is not the table's own reads
    // as calling code 0, which no number has (the generator's tests keep the embedded table well formed).
    let calling_code = next().parse().unwrap_or(0);
    let possible_lengths = parse_lengths(next());
    let national_prefixes = parse_national_prefixes(next());
    let mut international_prefixes: Vec<&'static str> = split_list(next()).collect();
    crate::data::sort_short_by(&mut international_prefixes, |a, b| a.len() > b.len());
    let leading_digits = split_list(next()).collect();
    let main = next() == "*";
    let trunk_in_number = next() == "y";
    let prefixes = next();
    RegionInfo {
        region,
        calling_code,
        possible_lengths,
        national_prefixes,
        international_prefixes,
        leading_digits,
        main,
        trunk_in_number,
        prefixes,
    }
}

fn split_list(field: &'static str) -> impl Iterator<Item = &'static str> {
    field.split(',').filter(|item| !item.is_empty())
}

fn parse_lengths(field: &str) -> u32 {
    let mut mask = 0u32;
    for part in field.split(',').filter(|part| !part.is_empty()) {
        let (low, high) = part.split_once('-').unwrap_or((part, part));
        let (Ok(low), Ok(high)) = (low.parse::<u32>(), high.parse::<u32>()) else {
            continue; // not the table's own line: no length rather than a panic
        };
        for length in low..=high.min(31) {
            mask |= 1 << length;
        }
    }
    mask
}

/// Expands `0,8` and the grouped form `0{11|220}15>9$1` into (prefix, replacement) pairs, longest first.
fn parse_national_prefixes(field: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = field;
    while !rest.is_empty() {
        // A group's alternatives are separated by `|`, so a top-level `,` always ends an item.
        let end = top_level_comma(rest).unwrap_or(rest.len());
        let item = part(rest, ..end);
        rest = rest.get(end + 1..).unwrap_or("");
        let (pattern, replacement) = item.split_once('>').unwrap_or((item, ""));
        match (pattern.find('{'), pattern.find('}')) {
            (Some(open), Some(close)) => {
                let (before, after) = (part(pattern, ..open), part(pattern, close + 1..));
                for value in part(pattern, open + 1..close).split('|') {
                    pairs.push((
                        format!("{before}{value}{after}"),
                        with_group(replacement, value),
                    ));
                }
            }
            _ => pairs.push((pattern.to_string(), replacement.to_string())),
        }
    }
    crate::data::sort_short_by(&mut pairs, |a, b| {
        a.0.len() > b.0.len() || (a.0.len() == b.0.len() && a.0 < b.0)
    });
    pairs
}

/// `replacement` with each `$1` replaced by `value` (what `replace("$1", value)` does, without a `&str` pattern,
/// which links the slicing panic: `data::part`).
fn with_group(replacement: &str, value: &str) -> String {
    let mut pieces = replacement.split('$');
    let mut out = pieces.next().unwrap_or("").to_string();
    for piece in pieces {
        match piece.strip_prefix('1') {
            Some(rest) => {
                out.push_str(value);
                out.push_str(rest);
            }
            None => {
                out.push('$');
                out.push_str(piece);
            }
        }
    }
    out
}

fn top_level_comma(text: &str) -> Option<usize> {
    let mut depth = 0;
    for (index, ch) in text.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => return Some(index),
            _ => {}
        }
    }
    None
}

/// Every region in the table, in calling-code order (parses the whole table: the country selector needs it;
/// without the embedded table, every region installed).
pub fn regions() -> impl Iterator<Item = &'static RegionInfo> {
    #[cfg(not(feature = "fetched-tables"))]
    return (0..LINE_COUNT).filter_map(region_at);
    #[cfg(feature = "fetched-tables")]
    return (0..LINE_COUNT).filter_map(fetched::installed);
}

/// Every region code with its calling code, in table order, from what the compiler works out from the table:
/// known without parsing (or, in a build without the embedded table, installing) any region's line.
pub fn regions_and_calling_codes() -> impl Iterator<Item = (&'static str, u16)> {
    (0..LINE_COUNT).map(|index| (region_code(index), LINES[index].calling_code))
}

/// The calling code of the region with this ISO 3166 alpha-2 code (any case), if the table has the region;
/// like [`regions_and_calling_codes`], it needs no region's line.
pub fn calling_code_of(code: &str) -> Option<u16> {
    regions_and_calling_codes()
        .find(|(region, _)| region.eq_ignore_ascii_case(code))
        .map(|(_, calling_code)| calling_code)
}

/// The region with this ISO 3166 alpha-2 code (any case).
pub fn region_info(code: &str) -> Option<&'static RegionInfo> {
    (0..LINE_COUNT)
        .position(|index| region_code(index).eq_ignore_ascii_case(code))
        .and_then(region_at)
}

pub(super) fn regions_for_calling_code(code: &str) -> Option<Vec<&'static RegionInfo>> {
    if code.starts_with('0') {
        return None;
    }
    let family = regions_for_calling_code_number(code.parse().ok()?);
    (!family.is_empty()).then_some(family)
}

/// The regions sharing a calling code, in table order (the lines are sorted by calling code).
pub(super) fn regions_for_calling_code_number(code: u16) -> Vec<&'static RegionInfo> {
    let first = LINES.partition_point(|line| line.calling_code < code);
    let family: Option<Vec<&'static RegionInfo>> = (first..LINE_COUNT)
        .take_while(|&index| LINES[index].calling_code == code)
        .map(region_at)
        .collect();
    family.unwrap_or_default()
}

#[cfg(all(test, feature = "fetched-tables"))]
mod fetched_tests {
    use super::fetched::{install, take_missing_calling_codes};
    use super::*;
    use crate::phone::normalize_phone;

    /// The lines of one calling code, as `www/split_tables.py` writes them (with the header comment).
    fn file_of(code: u16) -> String {
        let mut text = String::from("# libphonenumber metadata (header)\n");
        for line in METADATA_TEXT.lines().filter(|line| !line.starts_with('#')) {
            if line.split('\t').nth(1) == Some(code.to_string().as_str()) {
                text.push_str(line);
                text.push('\n');
            }
        }
        text
    }

    #[test]
    fn a_number_of_a_calling_code_not_installed_asks_for_it() {
        assert!(normalize_phone("+44 7911 123456", None).is_err());
        assert_eq!(take_missing_calling_codes(), [44]);
        assert!(take_missing_calling_codes().is_empty(), "taken once");
        install(&file_of(44));
        let number = normalize_phone("+44 7911 123456", None).expect("installed");
        assert_eq!(number.as_string(), "+447911123456");
        assert!(take_missing_calling_codes().is_empty());
        // Installing again changes nothing; other codes are still missing.
        install(&file_of(44));
        assert!(normalize_phone("8 912 345-67-89", Some("RU")).is_err());
        assert_eq!(take_missing_calling_codes(), [7]);
    }

    #[test]
    fn installed_codes_are_checked_as_in_the_embedded_table() {
        install(&(file_of(1) + &file_of(7) + &file_of(86)));
        assert_eq!(
            normalize_phone("8 (912) 345-67-89", Some("ru")).map(|n| n.as_string()),
            Ok("+79123456789".to_string())
        );
        assert!(
            normalize_phone("+1 187 215 5230", None).is_err(),
            "no NANP area code starts with 1"
        );
        assert!(normalize_phone("+1 201 555 0123", None).is_ok());
        assert!(normalize_phone("+86 123456789", None).is_err());
        assert!(take_missing_calling_codes().is_empty());
        assert_eq!(
            regions()
                .map(|r| r.calling_code)
                .collect::<std::collections::BTreeSet<_>>(),
            [1, 7, 86].into()
        );
    }

    #[test]
    fn regions_and_their_calling_codes_are_known_without_their_lines() {
        assert_eq!(calling_code_of("gb"), Some(44));
        assert_eq!(calling_code_of("RU"), Some(7));
        assert_eq!(calling_code_of("XX"), None);
        let all: Vec<(&str, u16)> = regions_and_calling_codes().collect();
        assert_eq!(all.len(), LINE_COUNT);
        assert!(all.contains(&("CN", 86)) && all.contains(&("JE", 44)));
        assert!(
            take_missing_calling_codes().is_empty(),
            "no line was asked for"
        );
        assert!(regions().next().is_none(), "nothing installed");
    }

    /// A stored record must survive a page that has not fetched its number's lines yet (the dialog writes the
    /// records back): the number is read as stored, and its calling code is asked for.
    #[test]
    fn a_stored_number_is_read_back_without_its_lines_and_its_code_is_asked_for() {
        let read = |text: &str| serde_json::from_str::<crate::phone::E164>(text);
        let number = read("\"+79123456789\"").expect("read as stored");
        assert_eq!(
            (number.as_string(), number.region()),
            ("+79123456789".to_string(), "RU")
        );
        assert_eq!(take_missing_calling_codes(), [7]);
        assert!(read("\"+999123\"").is_err(), "no calling code");
        assert!(read("\"+7\"").is_err(), "no national number");
        assert!(read("\"+7912abc\"").is_err());
        take_missing_calling_codes();
        // Once the lines are there, the number is checked as always.
        install(&file_of(7));
        assert!(read("\"+79123456789\"").is_ok());
        assert!(read("\"+7912345\"").is_err(), "too short for Russia");
        assert!(take_missing_calling_codes().is_empty());
    }

    #[test]
    fn a_code_that_is_no_calling_code_is_not_asked_for() {
        assert!(normalize_phone("+999 1234567", None).is_err());
        assert!(take_missing_calling_codes().is_empty());
    }
}

#[cfg(all(test, not(feature = "fetched-tables")))]
mod tests;
