//! The phone reader's unit tests: one `check(input, region, expected)` helper and one-line cases.

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
    // Numbers starting with 7 in GB have 10 digits (the country's shortest have 7, none has 8).
    check("+44 7911 1234", None, "error: too_short");
    check("+7 8 912 345 67 89", None, "error: wrong_length");
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
        "the number is too short for GB (at least 10 digits after the country code)"
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

/// Issue 16: format characters pasted along with a number (bidi marks from a right-to-left page, zero-width
/// characters, a byte-order mark, a soft hyphen) are ignored wherever they are.
#[test]
fn invisible_characters_are_ignored() {
    check("+44 7911 123456\u{202C}", None, "+447911123456 GB");
    check("\u{202A}+44 7911 123456\u{202C}", None, "+447911123456 GB");
    check("\u{FEFF}07911 123456", Some("GB"), "+447911123456 GB");
    check("\u{2068}+7 912 345-67-89\u{2069}", None, "+79123456789 RU");
    for invisible in [
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}',
        '\u{202C}', '\u{202D}', '\u{202E}', '\u{2060}', '\u{2066}', '\u{2067}', '\u{2068}',
        '\u{2069}', '\u{061C}', '\u{FEFF}', '\u{00AD}',
    ] {
        check(
            &format!("{invisible}+44 79{invisible}11 123456{invisible}"),
            None,
            "+447911123456 GB",
        );
        check(
            &format!("tel:{invisible}+44 7911 123456"),
            None,
            "+447911123456 GB",
        );
    }
    check("\u{202C}", None, "error: empty");
    check("\u{202C}+\u{202C}", None, "error: empty");
    check("+44 7911 12345\u{2063}6", None, "error: not_a_number");
}

/// Issue 16: after an explicit country code no digit is dropped or read as another: one digit too many is
/// too long, never another number (`+7 (800) 55-35-35-55` was read as +70055353555).
#[test]
fn digits_after_a_country_code_are_all_kept() {
    check("+7 (800) 55-35-35-55", None, "error: too_long");
    check("+7 (800) 555-35-35", None, "+78005553535 RU");
    check("+7 8 800 555 35 35", None, "error: wrong_length");
    check("+1 1 201 555 0119", None, "error: too_long");
    check("+54 11 15 2345 6789", None, "error: too_long");
    check("+44 20 7946 09581", None, "error: too_long");
    // The trunk prefix 0 many countries' numbers are written with stays readable where no number starts with 0.
    check("+44 (0)20 7946 0958", None, "+442079460958 GB");
    check("+49 (0)30 123456", None, "+4930123456 DE");
    check("+54 0 11 15 2345 6789", None, "+5491123456789 AR");
    check("+44 (0) 7911 12345", None, "error: too_short");
    // Written nationally, a trunk prefix is dropped, but one digit too many is still too long.
    check("800 555 35 355", Some("RU"), "error: too_long");
    check("8 800 555 35 355", Some("RU"), "error: too_long");
}

/// Issue 16: leading digits no number of the country has are refused, not only impossible lengths.
#[test]
fn leading_digits_no_number_has_are_refused() {
    check("+1 187 215 5230", None, "error: invalid_number");
    check("+1 087 215 5230", None, "error: invalid_number");
    check("1 187 215 5230", Some("US"), "error: invalid_number");
    check("+86 123456789", None, "error: invalid_number");
    check("123456789", Some("CN"), "error: invalid_number");
    check("+44 4123 456789", None, "error: invalid_number");
    check("+7 012 345 67 89", None, "error: invalid_number");
    check("+44 7911 12345", None, "error: too_short");
    let error = normalize_phone("+86 123456789", None).unwrap_err();
    assert_eq!(
        error.to_string(),
        "no number in CN starts like this (check the first digits)"
    );
}

/// Issue 16: a record stored before leading digits were checked is still read back.
#[test]
fn stored_numbers_of_a_possible_length_are_read_back() {
    let stored: E164 = serde_json::from_str("\"+11872155230\"").unwrap();
    assert_eq!(stored.as_string(), "+11872155230");
    assert!(serde_json::from_str::<E164>("\"+1187215523\"").is_err());
    assert!(serde_json::from_str::<E164>("\"+1 187 215 5230\"").is_err());
}

#[test]
fn extensions_after_the_number_are_left_out() {
    check("+1 213 373 4253 ext. 123", None, "+12133734253 US");
    check("+1 (213) 373-4253 x123", None, "+12133734253 US");
    check("+1 213 373 4253, ext 123", None, "+12133734253 US");
    check("tel:+1-213-373-4253;ext=123", None, "+12133734253 US");
    check("+7 800 555 35 35 доб. 123", None, "+78005553535 RU");
    check("8 (800) 555-35-35 Доб 12", Some("RU"), "+78005553535 RU");
    check("010-6552-9988转123", Some("CN"), "+861065529988 CN");
    check("+44 20 7946 0958 #4567#", None, "+442079460958 GB");
    check("+44 20 7946 0958 Extension: 4567", None, "+442079460958 GB");
    assert_eq!(
        phone_extension("tel:+1-213-373-4253;ext=123").as_deref(),
        Some("123")
    );
    assert_eq!(
        phone_extension("+7 800 555 35 35 ДОБ 12"),
        Some("12".to_string())
    );
    assert_eq!(phone_extension("+1 213 373 4253"), None);
}

#[test]
fn what_only_looks_like_an_extension_is_not_a_number() {
    // A marker must follow digits and be followed by 1 to 9 digits and nothing else.
    check("ext 123", None, "error: not_a_number");
    check("+1 213 373 4253 ext", None, "error: not_a_number");
    check(
        "+1 213 373 4253 ext 1234567890",
        None,
        "error: not_a_number",
    );
    check(
        "+1 213 373 4253 ext 12 call after 5",
        None,
        "error: not_a_number",
    );
    check("+1 213 xxx 4253", None, "error: not_a_number");
    check("+1 800 FLOWERS", None, "error: not_a_number");
    // The number's own digits are checked as before: an extension does not hide a wrong number.
    check("+7 (800) 55-35-35-55 доб. 1", None, "error: too_long");
}
