//! The per-country phone facts, parsed once from the generated `metadata.txt`.
//!
//! The text is embedded verbatim (it is the whole table's share of the bundle, which `make bench` reports)
//! and parsed lazily on first use. The format is documented in `generate_metadata.py`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The generated table, as embedded in every build.
pub const METADATA_TEXT: &str = include_str!("metadata.txt");

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
}

impl RegionInfo {
    pub fn is_possible_length(&self, digits: usize) -> bool {
        digits < 32 && self.possible_lengths & (1 << digits) != 0
    }

    pub fn min_length(&self) -> usize {
        self.possible_lengths.trailing_zeros() as usize
    }

    pub fn max_length(&self) -> usize {
        31 - self.possible_lengths.leading_zeros() as usize
    }
}

struct Metadata {
    regions: &'static [RegionInfo],
    by_calling_code: BTreeMap<u16, Vec<&'static RegionInfo>>,
}

fn metadata() -> &'static Metadata {
    static METADATA: OnceLock<Metadata> = OnceLock::new();
    METADATA.get_or_init(|| {
        // Leaked once: the table lives as long as the program, and its entries are handed out as &'static.
        let regions: &'static [RegionInfo] = Vec::leak(
            METADATA_TEXT.lines().filter(|line| !line.starts_with('#') && !line.is_empty()).map(parse_line).collect(),
        );
        let mut by_calling_code: BTreeMap<u16, Vec<&'static RegionInfo>> = BTreeMap::new();
        for region in regions {
            by_calling_code.entry(region.calling_code).or_default().push(region);
        }
        Metadata { regions, by_calling_code }
    })
}

fn parse_line(line: &'static str) -> RegionInfo {
    let mut fields = line.split('\t');
    let mut next = || fields.next().filter(|field| *field != "-").unwrap_or("");
    let region = next();
    let calling_code = next().parse().expect("metadata.txt: calling code is a number");
    let possible_lengths = parse_lengths(next());
    let national_prefixes = parse_national_prefixes(next());
    let mut international_prefixes: Vec<&'static str> = split_list(next()).collect();
    international_prefixes.sort_by_key(|prefix| std::cmp::Reverse(prefix.len()));
    let leading_digits = split_list(next()).collect();
    let main = next() == "*";
    let trunk_in_number = next() == "y";
    RegionInfo {
        region,
        calling_code,
        possible_lengths,
        national_prefixes,
        international_prefixes,
        leading_digits,
        main,
        trunk_in_number,
    }
}

fn split_list(field: &'static str) -> impl Iterator<Item = &'static str> {
    field.split(',').filter(|item| !item.is_empty())
}

fn parse_lengths(field: &str) -> u32 {
    let mut mask = 0u32;
    for part in field.split(',').filter(|part| !part.is_empty()) {
        let (low, high) = part.split_once('-').unwrap_or((part, part));
        let (low, high): (u32, u32) = (
            low.parse().expect("metadata.txt: length is a number"),
            high.parse().expect("metadata.txt: length is a number"),
        );
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
        let item = &rest[..end];
        rest = rest.get(end + 1..).unwrap_or("");
        let (pattern, replacement) = item.split_once('>').unwrap_or((item, ""));
        match (pattern.find('{'), pattern.find('}')) {
            (Some(open), Some(close)) => {
                let (before, after) = (&pattern[..open], &pattern[close + 1..]);
                for value in pattern[open + 1..close].split('|') {
                    pairs.push((format!("{before}{value}{after}"), replacement.replace("$1", value)));
                }
            }
            _ => pairs.push((pattern.to_string(), replacement.to_string())),
        }
    }
    pairs.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    pairs
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

/// Every region in the table, in calling-code order.
pub fn regions() -> &'static [RegionInfo] {
    metadata().regions
}

/// The region with this ISO 3166 alpha-2 code (any case).
pub fn region_info(code: &str) -> Option<&'static RegionInfo> {
    metadata().regions.iter().find(|region| region.region.eq_ignore_ascii_case(code))
}

pub(super) fn regions_for_calling_code(code: &str) -> Option<&'static [&'static RegionInfo]> {
    if code.starts_with('0') {
        return None;
    }
    let family = regions_for_calling_code_number(code.parse().ok()?);
    (!family.is_empty()).then_some(family)
}

pub(super) fn regions_for_calling_code_number(code: u16) -> &'static [&'static RegionInfo] {
    metadata().by_calling_code.get(&code).map(Vec::as_slice).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_parse_ranges_and_lists() {
        assert_eq!(parse_lengths("7,9-10"), (1 << 7) | (1 << 9) | (1 << 10));
    }

    #[test]
    fn grouped_national_prefixes_expand() {
        let pairs = parse_national_prefixes("0{11|220}15>9$1,0");
        assert_eq!(
            pairs,
            vec![
                ("022015".to_string(), "9220".to_string()),
                ("01115".to_string(), "911".to_string()),
                ("0".to_string(), String::new()),
            ]
        );
    }

    #[test]
    fn every_region_is_usable() {
        assert!(regions().len() > 240);
        for region in regions() {
            assert!(region.min_length() >= 2 && region.max_length() <= 17, "{}", region.region);
            assert!(!regions_for_calling_code_number(region.calling_code).is_empty());
        }
        assert_eq!(region_info("gb").map(|r| r.calling_code), Some(44));
    }
}
