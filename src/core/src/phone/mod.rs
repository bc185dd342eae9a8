//! Phone numbers as visitors type them, normalized to E.164.
//!
//! This module owns the rules for reading a number typed in any common format (`+44 7911 123456`,
//! `07911 123456` with the site's country, `8 (912) 345-67-89`, `00 49 …`, full-width digits) and deciding
//! whether it can be a real number of its country. The per-country facts (calling codes, possible lengths,
//! trunk and international prefixes) are data in `metadata.txt`, generated from Google's libphonenumber
//! metadata by `generate_metadata.py`. It must never touch the browser, the clock or storage, and it never
//! guesses: a number that can be read two ways is read the way libphonenumber reads it, and a number whose
//! country is unknown is an error, not a guess.

mod metadata;

use std::fmt;

pub use metadata::{region_info, regions, RegionInfo, METADATA_TEXT};

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
impl<'de> serde::Deserialize<'de> for E164 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<E164, D::Error> {
        let text = String::deserialize(deserializer)?;
        if !text.starts_with('+') {
            return Err(serde::de::Error::custom("an E.164 number starts with +"));
        }
        normalize_phone(&text, None).map_err(serde::de::Error::custom)
    }
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
        }
    }
}

/// Reads a phone number typed by a person and returns it in E.164 form.
///
/// `default_region` (ISO 3166 alpha-2, any case) is the country assumed for numbers written nationally,
/// with or without their trunk prefix (`07911 123456` in GB, `8 912 …` in RU). A number starting with `+`,
/// `00` or the region's own international prefix (`011` in the US, `810` in Russia) is read as international.
/// Without a region, a number must start with `+` or `00`: bare digits could belong to any country.
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
/// Separators people use are skipped; anything else makes the input not a number.
fn extract_digits(input: &str) -> Result<TypedNumber, PhoneError> {
    let trimmed = input.trim();
    let trimmed = trimmed.strip_prefix("tel:").unwrap_or(trimmed);
    if trimmed.chars().count() > MAX_INPUT_CHARS {
        return Err(PhoneError::NotANumber);
    }
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
                    | '\u{00AD}'
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
        let (code, national) = digits.split_at(code_len);
        let Some(family) = metadata::regions_for_calling_code(code) else {
            continue;
        };
        let region = identify_region(&family, national);
        if region.is_possible_length(national.len()) {
            return Ok(region.number(national));
        }
        // "+44 (0)20 …": a trunk prefix written after the country code.
        for (from, to) in &region.national_prefixes {
            if let Some(rest) = national.strip_prefix(from.as_str()) {
                let candidate = format!("{to}{rest}");
                let region = identify_region(&family, &candidate);
                if region.is_possible_length(candidate.len()) {
                    return Ok(region.number(&candidate));
                }
            }
        }
        return Err(region.length_error(national.len()));
    }
    Err(PhoneError::UnknownCountryCode(
        digits.chars().take(3).collect(),
    ))
}

/// Reads digits written the way they are dialled inside `region`.
fn read_national(digits: &str, region: &'static RegionInfo) -> Result<E164, PhoneError> {
    let family = metadata::regions_for_calling_code_number(region.calling_code);
    let mut stripped_length = None;
    for (from, to) in &region.national_prefixes {
        if let Some(rest) = digits.strip_prefix(from.as_str()) {
            let candidate = format!("{to}{rest}");
            let identified = identify_region(&family, &candidate);
            if identified.is_possible_length(candidate.len()) {
                return Ok(identified.number(&candidate));
            }
            stripped_length.get_or_insert(candidate.len());
        }
    }
    // A leading trunk prefix is part of the number only where numbers can start with it.
    let starts_with_trunk = stripped_length.is_some();
    let identified = identify_region(&family, digits);
    if (!starts_with_trunk || region.trunk_in_number) && identified.is_possible_length(digits.len())
    {
        return Ok(identified.number(digits));
    }
    // The country code typed without a plus: "44 7911 123456" on a British site.
    let code = region.calling_code.to_string();
    if let Some(rest) = digits.strip_prefix(code.as_str()) {
        let identified = identify_region(&family, rest);
        if identified.is_possible_length(rest.len()) {
            return Ok(identified.number(rest));
        }
    }
    Err(region.length_error(stripped_length.unwrap_or(digits.len())))
}

/// Picks, among the regions sharing a calling code, the one the number belongs to: the one whose leading
/// digits it starts with, else the main region, else any region where a number of this length is possible
/// (Canada has 7-digit numbers, the United States does not).
fn identify_region(family: &[&'static RegionInfo], national: &str) -> &'static RegionInfo {
    let by_leading_digits = family.iter().find(|region| {
        region
            .leading_digits
            .iter()
            .any(|prefix| national.starts_with(prefix))
    });
    let main = family
        .iter()
        .find(|region| region.main)
        .or_else(|| family.first());
    let preferred = by_leading_digits
        .or(main)
        .copied()
        .expect("every calling code in the metadata has a region");
    if preferred.is_possible_length(national.len()) {
        return preferred;
    }
    family
        .iter()
        .copied()
        .find(|region| region.is_possible_length(national.len()))
        .unwrap_or(preferred)
}

impl RegionInfo {
    fn number(&'static self, national: &str) -> E164 {
        E164 {
            calling_code: self.calling_code,
            national_number: national.to_string(),
            region: self.region,
        }
    }

    fn length_error(&'static self, digits: usize) -> PhoneError {
        if digits < self.min_length() {
            PhoneError::TooShort {
                region: self.region,
                min: self.min_length() as u8,
            }
        } else if digits > self.max_length() {
            PhoneError::TooLong {
                region: self.region,
                max: self.max_length() as u8,
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
mod tests {
    use super::*;

    fn check(input: &str, region: Option<&str>, expected: &str) {
        let got = match normalize_phone(input, region) {
            Ok(number) => format!("{number} {}", number.region()),
            Err(error) => format!("error: {}", error.code()),
        };
        assert_eq!(got, expected, "input {input:?} region {region:?}");
    }

    #[test]
    fn international_formats() {
        check("+44 7911 123456", None, "+447911123456 GB");
        check("+44 (0) 7911 123456", None, "+447911123456 GB");
        check("0044 7911 123456", None, "+447911123456 GB");
        check("+1 (201) 555-0119", None, "+12015550119 US");
        check("+1 416 555 0119", None, "+14165550119 CA");
        check("+1 876 555 0119", None, "+18765550119 JM");
        check("+7 912 345-67-89", None, "+79123456789 RU");
        check("+7 771 000 9974", None, "+77710009974 KZ");
        check("+86 139 1234 5678", None, "+8613912345678 CN");
        check("+39 06 6988 1234", None, "+390669881234 VA");
        check("+39 02 1234 5678", None, "+390212345678 IT");
        check("+800 1234 5678", None, "+80012345678 001");
        check("tel:+49-151-2345-6706", None, "+4915123456706 DE");
    }

    #[test]
    fn national_formats_with_a_region() {
        check("07911 123456", Some("GB"), "+447911123456 GB");
        check("07911 123456", Some("gb"), "+447911123456 GB");
        check("8 (912) 345-67-89", Some("RU"), "+79123456789 RU");
        check("912 345 67 89", Some("RU"), "+79123456789 RU");
        check("8 800 555 35 35", Some("RU"), "+78005553535 RU");
        check("800 555 35 35", Some("RU"), "+78005553535 RU");
        check("139 1234 5678", Some("CN"), "+8613912345678 CN");
        check("(201) 555-0119", Some("US"), "+12015550119 US");
        check("1 201 555 0119", Some("US"), "+12015550119 US");
        check("06 12 34 56 12", Some("FR"), "+33612345612 FR");
        check("02 1234 5678", Some("IT"), "+390212345678 IT");
        check("0412 345 655", Some("AU"), "+61412345655 AU");
        check("011 15-2345-6789", Some("AR"), "+5491123456789 AR");
    }

    #[test]
    fn international_prefixes_of_the_region() {
        check("011 44 7911 123456", Some("US"), "+447911123456 GB");
        check("8 10 49 151 2345 6706", Some("RU"), "+4915123456706 DE");
        check("0011 44 7911 123456", Some("AU"), "+447911123456 GB");
        check("00 49 151 2345 6706", Some("FR"), "+4915123456706 DE");
        check("+44 7911 123456", Some("RU"), "+447911123456 GB");
    }

    #[test]
    fn country_code_typed_without_plus_on_a_matching_site() {
        check("44 7911 123456", Some("GB"), "+447911123456 GB");
    }

    #[test]
    fn unicode_digits_and_separators() {
        check("＋８６ １３９ １２３４ ５６７８", None, "+8613912345678 CN");
        check("+44\u{a0}7911\u{2013}123456", None, "+447911123456 GB");
        check("٠٥٠ ١٢٣ ٤٥٤٦", Some("AE"), "+971501234546 AE");
    }

    #[test]
    fn errors_say_what_is_wrong() {
        check("", None, "error: empty");
        check("   ", Some("GB"), "error: empty");
        check("abc", None, "error: not_a_number");
        check("+44 7911 12345x", None, "error: not_a_number");
        check("44+7911", None, "error: not_a_number");
        check("+", None, "error: empty");
        check("+1", None, "error: too_short");
        check("+999 123456", None, "error: unknown_country_code");
        check("447911123456", None, "error: missing_country_code");
        check("+44 7911 1234", None, "error: wrong_length");
        check("+44 20 7946 0958 0958 1", None, "error: too_long");
        check("+7 912 345 67", None, "error: too_short");
        check("07911 123456", Some("XX"), "error: unknown_region");
        check("07911 12", Some("GB"), "error: too_short");
    }

    #[test]
    fn error_messages_name_the_problem() {
        let error = normalize_phone("+44 7911", None).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the number is too short for GB (at least 7 digits after the country code)"
        );
        let error = normalize_phone("12", Some("ZZ")).unwrap_err();
        assert!(error.to_string().contains("'ZZ'"));
    }

    #[test]
    fn e164_accessors() {
        let number = normalize_phone("+44 7911 123456", None).unwrap();
        assert_eq!(number.as_string(), "+447911123456");
        assert_eq!(number.digits(), "447911123456");
        assert_eq!(number.calling_code(), 44);
        assert_eq!(number.national_number(), "7911123456");
        assert_eq!(number.readable(), "+44\u{a0}7911123456");
    }

    #[test]
    fn numbers_for_people_to_read() {
        let readable = |text: &str| normalize_phone(text, None).unwrap().readable();
        assert_eq!(readable("+447911123456"), "+44\u{a0}7911123456");
        assert_eq!(readable("+12015550119"), "+1\u{a0}2015550119");
        assert_eq!(readable("+79123456789"), "+7\u{a0}9123456789");
        assert_eq!(readable("+8613912345678"), "+86\u{a0}13912345678");
    }

    #[test]
    fn serialized_as_the_e164_string_and_read_back_only_when_valid() {
        let number = normalize_phone("+44 7911 123456", None).unwrap();
        let json = serde_json::to_string(&number).unwrap();
        assert_eq!(json, "\"+447911123456\"");
        assert_eq!(serde_json::from_str::<E164>(&json).unwrap(), number);
        assert!(serde_json::from_str::<E164>("\"447911123456\"").is_err());
        assert!(serde_json::from_str::<E164>("\"+44791\"").is_err());
    }
}
