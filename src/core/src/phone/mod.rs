//! Phone numbers as visitors type them, normalized to E.164.
//!
//! This module owns the rules for reading a number typed in any common format (`+44 7911 123456`,
//! `07911 123456` with the site's country, `8 (912) 345-67-89`, `00 49 …`, full-width digits, invisible
//! characters pasted along) and deciding whether it can be a real number of its country: a possible length,
//! and leading digits some number of the country has. The per-country facts (calling codes, possible lengths,
//! trunk and international prefixes, a trie of leading digits) are data in `metadata.txt`, generated from
//! Google's libphonenumber metadata by `generate_metadata.py`. It must never touch the browser, the clock or
//! storage, and it never guesses: a number that can be read two ways is read the way libphonenumber reads
//! it, a digit written after an explicit country code is never dropped when it could belong to the number,
//! and a number whose country is unknown is an error, not a guess.

mod metadata;
mod prefixes;

use crate::data::part;
use std::borrow::Cow;
use std::fmt;

#[cfg(feature = "fetched-tables")]
pub use metadata::fetched;
pub use metadata::{
    calling_code_of, region_info, regions, regions_and_calling_codes, RegionInfo, METADATA_TEXT,
};

/// Longest input accepted at all; anything longer is not a phone number a person typed.
const MAX_INPUT_CHARS: usize = 100;
/// A region code for numbers that belong to no country (satellite services, UIFN).
pub const NON_GEOGRAPHIC_REGION: &str = "001";

/// A phone number in E.164 form. Always valid: it can only be made by [`normalize_phone`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct E164 {
    calling_code: u16,
    national_number: String,
    region: &'static str,
}

/// Serialized as the E.164 string (`+447911123456`), as consent records carry it.
impl serde::Serialize for E164 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.as_string())
    }
}

/// Read back from the E.164 string, through [`normalize_phone`]: an invalid number is an error, never an `E164`.
/// A number of a possible length whose leading digits the table refuses is still read back (as a number of
/// the region its lengths fit), so records stored before the leading-digit check (issue 16) stay readable.
impl<'de> serde::Deserialize<'de> for E164 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<E164, D::Error> {
        let text = String::deserialize(deserializer)?;
        if !text.starts_with('+') {
            return Err(serde::de::Error::custom("an E.164 number starts with +"));
        }
        E164::read_stored(&text).map_err(serde::de::Error::custom)
    }
}

impl E164 {
    /// Reads back a stored E.164 string (`+447911123456`) as `Deserialize` does, without serde (the dialog's
    /// records, `consent::parse_stored`): `None` without its leading `+`.
    pub fn from_stored(text: &str) -> Option<E164> {
        text.starts_with('+')
            .then(|| E164::read_stored(text).ok())
            .flatten()
    }

    fn read_stored(text: &str) -> Result<E164, PhoneError> {
        let read = normalize_phone(text, None)
            .or_else(|error| stored_before_prefix_check(text).ok_or(error));
        #[cfg(feature = "fetched-tables")]
        let read = read.or_else(|error| stored_without_lines(text).ok_or(error));
        read
    }
}

/// The E.164 string `+<code><national>` as accepted before leading digits were checked: a national number of
/// a length possible in a region of its calling code.
fn stored_before_prefix_check(text: &str) -> Option<E164> {
    let digits = text.strip_prefix('+')?;
    if !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    (1..=3.min(digits.len())).find_map(|code_len| {
        let (code, national) = (part(digits, ..code_len), part(digits, code_len..));
        let family = metadata::regions_for_calling_code(code)?;
        let region = identify_region(&family, national, None);
        region
            .is_possible_length(national.len())
            .then(|| region.number(national))
    })
}

/// In a build without the embedded table (`fetched-tables`), a stored `+<code><national>` whose calling code's
/// lines are not installed, as it was stored: it was checked when it was stored, and a record must not be lost
/// (or written back without it) because its table file was not fetched yet. The lookup noted the calling code
/// as missing, so the caller can fetch its lines and read the record again.
#[cfg(feature = "fetched-tables")]
fn stored_without_lines(text: &str) -> Option<E164> {
    let digits = text.strip_prefix('+')?;
    if !digits.bytes().all(|byte| byte.is_ascii_digit()) || digits.starts_with('0') {
        return None;
    }
    (1..=3.min(digits.len())).find_map(|code_len| {
        let (code, national) = (part(digits, ..code_len), part(digits, code_len..));
        let calling_code: u16 = code.parse().ok()?;
        let region = fetched::region_of_missing_calling_code(calling_code)?;
        (!national.is_empty() && national.len() <= 17).then(|| E164 {
            calling_code,
            national_number: national.to_string(),
            region,
        })
    })
}

impl E164 {
    /// The number with its leading `+`, e.g. `+447911123456`.
    pub fn as_string(&self) -> String {
        format!("+{}{}", self.calling_code, self.national_number)
    }

    /// The number for people to read: the country code apart from the national number, `+44 7911123456`, joined
    /// by a no-break space so a line never ends after `+44`. (Grouping the national digits the way each country
    /// writes them needs format data the widget does not ship; this form is unambiguous everywhere.)
    pub fn readable(&self) -> String {
        format!("+{}\u{a0}{}", self.calling_code, self.national_number)
    }

    /// The digits only, without `+`: the form `wa.me` links take.
    pub fn digits(&self) -> String {
        format!("{}{}", self.calling_code, self.national_number)
    }

    pub fn calling_code(&self) -> u16 {
        self.calling_code
    }

    pub fn national_number(&self) -> &str {
        &self.national_number
    }

    /// ISO 3166 alpha-2 code of the number's country (`001` for non-geographic numbers).
    pub fn region(&self) -> &'static str {
        self.region
    }

    /// A number [`normalize_phone`] made, from its parts as the config checker's normalized config writes them
    /// (`widget_config::normalized`): `None` when the table has no region `region` of that calling code. It
    /// checks nothing else and needs no region's line, so the dialog reads the business's numbers without
    /// their table files.
    pub fn from_normalized(region: &str, calling_code: u16, national_number: &str) -> Option<E164> {
        let (region, _) = regions_and_calling_codes()
            .find(|&(known, code)| known == region && code == calling_code)?;
        Some(E164 {
            calling_code,
            national_number: national_number.to_string(),
            region,
        })
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}{}", self.calling_code, self.national_number)
    }
}

/// Why a typed number could not be read. Each variant is something the visitor can fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("enter a phone number")]
    Empty,
    #[error("a phone number can only contain digits, spaces, a leading +, and - . ( ) /")]
    NotANumber,
    #[error("start the number with + and the country code, or choose a country")]
    MissingCountryCode,
    #[error("'{0}' is not a known country (expected an ISO 3166 alpha-2 code such as GB)")]
    UnknownRegion(String),
    #[error("+{0} is not a country calling code")]
    UnknownCountryCode(String),
    #[error("the number is too short for {region} (at least {min} digits after the country code)")]
    TooShort { region: &'static str, min: u8 },
    #[error("the number is too long for {region} (at most {max} digits after the country code)")]
    TooLong { region: &'static str, max: u8 },
    #[error("{region} numbers do not have {digits} digits")]
    WrongLength { region: &'static str, digits: usize },
    #[error("no number in {region} starts like this (check the first digits)")]
    InvalidNumber { region: &'static str },
}

impl PhoneError {
    /// A stable identifier for the error kind, used as a translation key by the widget.
    pub fn code(&self) -> &'static str {
        match self {
            PhoneError::Empty => "empty",
            PhoneError::NotANumber => "not_a_number",
            PhoneError::MissingCountryCode => "missing_country_code",
            PhoneError::UnknownRegion(_) => "unknown_region",
            PhoneError::UnknownCountryCode(_) => "unknown_country_code",
            PhoneError::TooShort { .. } => "too_short",
            PhoneError::TooLong { .. } => "too_long",
            PhoneError::WrongLength { .. } => "wrong_length",
            PhoneError::InvalidNumber { .. } => "invalid_number",
        }
    }
}

/// Reads a phone number typed by a person and returns it in E.164 form.
///
/// `default_region` (ISO 3166 alpha-2, any case) is the country assumed for numbers written nationally,
/// with or without their trunk prefix (`07911 123456` in GB, `8 912 …` in RU). A number starting with `+`,
/// `00` or the region's own international prefix (`011` in the US, `810` in Russia) is read as international.
/// Without a region, a number must start with `+` or `00`: bare digits could belong to any country.
///
/// A number is accepted when its length is possible in its country and some number of the country starts
/// with its leading digits and has that length (the table's trie of leading digits; `invalid_number` when no
/// number starts like this). Invisible format characters (bidi marks, zero-width characters, the soft hyphen)
/// are ignored wherever they are; an extension after the number (`ext. 123`, `x123`, `доб. 123`: see
/// [`phone_extension`]) is not part of it. After an explicit country code every digit is kept, except a trunk prefix
/// 0 where no number of the country starts with 0 (`+44 (0)20 …`); so one digit too many is `too_long`,
/// never another number. Length errors give the lengths of the country's numbers that start like this one
/// (`+44 7911 12345` is too short: numbers starting with 7 have 10 digits).
pub fn normalize_phone(input: &str, default_region: Option<&str>) -> Result<E164, PhoneError> {
    let region = match default_region.map(str::trim).filter(|r| !r.is_empty()) {
        Some(code) => {
            Some(region_info(code).ok_or_else(|| PhoneError::UnknownRegion(code.to_string()))?)
        }
        None => None,
    };
    let typed = extract_digits(input)?;
    if typed.plus {
        return read_international(&typed.digits);
    }
    match region {
        Some(region) => {
            for prefix in &region.international_prefixes {
                if let Some(rest) = typed.digits.strip_prefix(prefix) {
                    if let Ok(number) = read_international(rest) {
                        return Ok(number);
                    }
                }
            }
            read_national(&typed.digits, region)
        }
        None => match typed.digits.strip_prefix("00") {
            Some(rest) => read_international(rest),
            None => Err(PhoneError::MissingCountryCode),
        },
    }
}

struct TypedNumber {
    plus: bool,
    digits: String,
}

/// Keeps the digits of the input (any Unicode decimal digits, read as ASCII) and notes a leading plus.
/// Invisible format characters are dropped first, wherever they are; separators people use are skipped;
/// anything else makes the input not a number.
fn extract_digits(input: &str) -> Result<TypedNumber, PhoneError> {
    let visible: Cow<str> = if input.contains(is_invisible) {
        Cow::Owned(input.chars().filter(|&ch| !is_invisible(ch)).collect())
    } else {
        Cow::Borrowed(input)
    };
    let trimmed = visible.trim();
    let trimmed = trimmed.strip_prefix("tel:").unwrap_or(trimmed);
    if trimmed.chars().count() > MAX_INPUT_CHARS {
        return Err(PhoneError::NotANumber);
    }
    // The visitor widget's builds (fetched tables) do not read extensions: no WhatsApp number, the visitor's
    // or the business's, has one, and the reader would cost the checker the 10-second visit's last bytes.
    #[cfg(not(feature = "fetched-tables"))]
    let trimmed = split_extension(trimmed).0;
    let mut digits = String::new();
    let mut plus = false;
    for ch in trimmed.chars() {
        if let Some(digit) = decimal_digit_value(ch) {
            digits.push(char::from(b'0' + digit));
        } else if ch == '+' || ch == '\u{FF0B}' {
            if plus || !digits.is_empty() {
                return Err(PhoneError::NotANumber);
            }
            plus = true;
        } else if !is_separator(ch) {
            return Err(PhoneError::NotANumber);
        }
    }
    if digits.is_empty() {
        return Err(PhoneError::Empty);
    }
    Ok(TypedNumber { plus, digits })
}

/// The extension typed after a number (`+1 213 373 4253 ext. 123` → `123`), read as [`normalize_phone`] reads
/// the number (invisible characters dropped, `tel:` skipped), which leaves it out.
pub fn phone_extension(input: &str) -> Option<String> {
    let visible: String = input.chars().filter(|&ch| !is_invisible(ch)).collect();
    let trimmed = visible.trim();
    let (_, extension) = split_extension(trimmed.strip_prefix("tel:").unwrap_or(trimmed));
    extension.map(str::to_string)
}

/// What people write before an extension (`ext. 123`, `x123`, `;ext=123` as in RFC 3966, `доб. 123`,
/// `转123`); Latin ones in any case, the longer of two that start alike first.
const EXTENSION_MARKERS: [&str; 20] = [
    ";ext=",
    "extension",
    "extn",
    "ext",
    "x",
    "#",
    "добавочный",
    "Добавочный",
    "доб",
    "Доб",
    "ДОБ",
    "anexo",
    "ramal",
    "int",
    "转",
    "轉",
    "分机",
    "分機",
    "内线",
    "內線",
];

/// Splits a typed number from an extension after it (`+1 213 373 4253 ext. 123` → `+1 213 373 4253`, `123`),
/// as libphonenumber does: a marker after the number's digits, then 1 to 9 digits and the end of the input
/// (a `#` may close them). WhatsApp reaches the line, never an extension, so the reader keeps only the number;
/// anything else after the digits stays in the number (and makes it `not_a_number`). On bytes, without
/// Unicode's case tables. Not in the visitor widget's builds (feature `fetched-tables`).
fn split_extension(input: &str) -> (&str, Option<&str>) {
    let bytes = input.as_bytes();
    for marker in EXTENSION_MARKERS {
        let marker = marker.as_bytes();
        let Some(at) = bytes
            .windows(marker.len())
            .position(|window| window.eq_ignore_ascii_case(marker))
        else {
            continue;
        };
        let number = part(input, ..at);
        let rest = &bytes[at + marker.len()..];
        let skip = rest
            .iter()
            .take_while(|b| matches!(b, b'.' | b':' | b'=' | b' '))
            .count();
        let digits = rest[skip..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let closed = rest[skip + digits..]
            .iter()
            .all(|b| matches!(b, b'#' | b' '));
        if (1..=9).contains(&digits) && closed && number.bytes().any(|b| b.is_ascii_digit()) {
            let kept = number.trim_end_matches([',', ';', ' ']);
            return (
                kept,
                Some(part(
                    input,
                    at + marker.len() + skip..at + marker.len() + skip + digits,
                )),
            );
        }
    }
    (input, None)
}

/// Format characters that copying a number from a page, a chat or a contact card brings along unseen: bidi
/// marks, embeddings and isolates, zero-width characters and the byte-order mark, the soft hyphen.
fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
            | '\u{00AD}'
    )
}

fn is_separator(ch: char) -> bool {
    ch.is_whitespace()
        || matches!(
            ch,
            '-' | '.' | '(' | ')' | '/' | '[' | ']' | '\u{2010}'
                ..='\u{2015}'
                    | '\u{2212}'
                    | '\u{30FC}'
                    | '\u{FF0D}'
                    | '\u{FF0E}'
                    | '\u{FF08}'
                    | '\u{FF09}'
                    | '\u{FF0F}'
                    | '\u{3000}'
        )
}

/// The value of a decimal digit in any of the scripts visitors type numbers in.
fn decimal_digit_value(ch: char) -> Option<u8> {
    // Code points of the digit zero of each script; its nine successors are 1..9.
    const ZEROS: [u32; 20] = [
        0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
        0x0CE6, 0x0D66, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10,
    ];
    let code = u32::from(ch);
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .map(|zero| (code - zero) as u8)
}

/// Reads digits that start with a country calling code.
fn read_international(digits: &str) -> Result<E164, PhoneError> {
    for code_len in 1..=3.min(digits.len()) {
        let (code, national) = (part(digits, ..code_len), part(digits, code_len..));
        let Some(family) = metadata::regions_for_calling_code(code) else {
            continue;
        };
        let mut refusals = Vec::new();
        match read_in(&family, None, national) {
            Ok(number) => return Ok(number),
            Err(refusal) => refusals.push(refusal),
        }
        // "+44 (0)20 …": the trunk prefix 0 written after the country code, as many countries write their
        // numbers. It is dropped only where no number of the country starts with it. No other digit after an
        // explicit country code is dropped or reinterpreted: "+7 8 800 …" has one digit too many.
        let region = identify_region(&family, national, None);
        for (from, to) in &region.national_prefixes {
            if let Some(rest) = national.strip_prefix(from.as_str()) {
                if !from.starts_with('0') || region.has_numbers_starting_with(from) {
                    continue;
                }
                match read_in(&family, None, &format!("{to}{rest}")) {
                    Ok(number) => return Ok(number),
                    Err(refusal) => refusals.push(refusal),
                }
            }
        }
        return Err(most_telling(refusals));
    }
    Err(PhoneError::UnknownCountryCode(
        digits.chars().take(3).collect(),
    ))
}

/// Reads digits written the way they are dialled inside `region`.
fn read_national(digits: &str, region: &'static RegionInfo) -> Result<E164, PhoneError> {
    let family = metadata::regions_for_calling_code_number(region.calling_code);
    let mut refusals = Vec::new();
    let mut starts_with_trunk = false;
    for (from, to) in &region.national_prefixes {
        if let Some(rest) = digits.strip_prefix(from.as_str()) {
            starts_with_trunk = true;
            match read_in(&family, Some(region), &format!("{to}{rest}")) {
                Ok(number) => return Ok(number),
                Err(refusal) => refusals.push(refusal),
            }
        }
    }
    // A leading trunk prefix is part of the number only where numbers can start with it.
    if !starts_with_trunk || region.trunk_in_number {
        match read_in(&family, Some(region), digits) {
            Ok(number) => return Ok(number),
            Err(refusal) => refusals.push(refusal),
        }
    }
    // The country code typed without a plus: "44 7911 123456" on a British site.
    let code = region.calling_code.to_string();
    if let Some(rest) = digits.strip_prefix(code.as_str()) {
        match read_in(&family, Some(region), rest) {
            Ok(number) => return Ok(number),
            Err(refusal) => refusals.push(refusal),
        }
    }
    Err(most_telling(refusals))
}

/// Why one reading of the digits is not a number.
struct Refusal {
    error: PhoneError,
    /// Whether numbers of the region start like this, so that the error is about the rest (its length).
    starts_right: bool,
}

/// Of the readings tried (at least one), the error of the first one that starts like a real number (a trunk
/// prefix typed after `+44` is reported as the length of the number after it), else of the first reading.
fn most_telling(refusals: Vec<Refusal>) -> PhoneError {
    let first_starting_right = refusals.iter().position(|refusal| refusal.starts_right);
    refusals
        .into_iter()
        .nth(first_starting_right.unwrap_or(0))
        .map_or(PhoneError::Empty, |refusal| refusal.error)
}

/// Reads `national` as a national number of one of the regions sharing a calling code (`home`: the region
/// it was typed for, if written nationally).
fn read_in(
    family: &[&'static RegionInfo],
    home: Option<&'static RegionInfo>,
    national: &str,
) -> Result<E164, Refusal> {
    let region = identify_region(family, national, home);
    let prefix_lengths = region.lengths_for_prefix(national);
    let starts_right = prefix_lengths.is_some();
    let digits = national.len();
    if !region.is_possible_length(digits) {
        let lengths = prefix_lengths.unwrap_or(region.possible_lengths());
        let error = region.length_error(lengths, digits);
        return Err(Refusal {
            error,
            starts_right,
        });
    }
    match prefix_lengths {
        None => Err(Refusal {
            error: PhoneError::InvalidNumber {
                region: region.region,
            },
            starts_right,
        }),
        Some(lengths) if lengths & (1 << digits) == 0 => Err(Refusal {
            error: region.length_error(lengths, digits),
            starts_right,
        }),
        Some(_) => Ok(region.number(national)),
    }
}

/// Picks, among the regions sharing a calling code, the one the number belongs to: the one whose leading
/// digits it starts with, else the main region, else any region that has such a number. When none has, it
/// picks the region whose errors to report: the one whose leading digits it starts with, else `home` (the
/// region a national number was typed for), else the main region, unless a number of this length is
/// impossible there and possible in another (Canada has 7-digit numbers, the United States does not).
fn identify_region(
    family: &[&'static RegionInfo],
    national: &str,
    home: Option<&'static RegionInfo>,
) -> &'static RegionInfo {
    let claims = |region: &'static RegionInfo| {
        region.leading_digits.is_empty()
            || region
                .leading_digits
                .iter()
                .any(|prefix| national.starts_with(prefix))
    };
    let by_leading_digits = family
        .iter()
        .copied()
        .find(|region| !region.leading_digits.is_empty() && claims(region));
    let main = family
        .iter()
        .copied()
        .find(|region| region.main)
        .or_else(|| family.first().copied())
        .expect("every calling code in the metadata has a region");
    let preferred = by_leading_digits.unwrap_or(main);
    if preferred.is_valid_number(national) {
        return preferred;
    }
    // A region told apart by its leading digits decides alone; otherwise another region may have the number.
    let other = family
        .iter()
        .copied()
        .find(|region| claims(region) && region.is_valid_number(national));
    if let (None, Some(region)) = (by_leading_digits, other) {
        return region;
    }
    let in_family = |home: &&'static RegionInfo| {
        family.iter().any(|region| std::ptr::eq(*region, *home)) && claims(home)
    };
    let reporting = by_leading_digits.or(home.filter(in_family)).unwrap_or(main);
    let digits = national.len();
    if reporting.is_possible_length(digits) {
        return reporting;
    }
    family
        .iter()
        .copied()
        .find(|region| region.is_possible_length(digits))
        .unwrap_or(reporting)
}

impl RegionInfo {
    fn number(&'static self, national: &str) -> E164 {
        E164 {
            calling_code: self.calling_code,
            national_number: national.to_string(),
            region: self.region,
        }
    }

    /// The error for a number of `digits` digits where numbers have the `lengths` (bit `n`: `n` digits): the
    /// region's own lengths, or those of its numbers starting like this one.
    fn length_error(&'static self, lengths: u32, digits: usize) -> PhoneError {
        let min = lengths.trailing_zeros() as u8;
        let max = 31u32.saturating_sub(lengths.leading_zeros()) as u8;
        if digits < usize::from(min) {
            PhoneError::TooShort {
                region: self.region,
                min,
            }
        } else if digits > usize::from(max) {
            PhoneError::TooLong {
                region: self.region,
                max,
            }
        } else {
            PhoneError::WrongLength {
                region: self.region,
                digits,
            }
        }
    }
}

#[cfg(test)]
mod tests;
