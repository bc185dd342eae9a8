//! Consent records as spreadsheet cells: a field a visitor wrote must never run as a formula when staff open
//! the export (OWASP's CSV injection guidance).

/// Characters that make a spreadsheet read a cell as a formula or a command: the ASCII ones OWASP lists, their
/// fullwidth and small forms (which Excel and LibreOffice fold to ASCII on input) and the minus sign.
const FORMULA_STARTS: &[char] = &[
    '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}', '\u{FE66}', '\u{FE62}',
    '\u{FE63}', '\u{FE6B}', '\u{2212}',
];

/// Whether a spreadsheet skips this character at the start of a cell before it decides what the cell is:
/// white space of any kind (tab, line breaks, no-break space, ideographic space…), control characters and
/// invisible format characters (byte order mark, zero-width space and joiners, bidi marks, soft hyphen).
fn is_skipped(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}')
}

/// Whether `value` could be read as a formula: its first character that a spreadsheet does not skip starts
/// one. An E.164 number (`+447911123456`) is a plain number and stays as it is.
pub fn looks_like_formula(value: &str) -> bool {
    let is_phone =
        value.len() > 1 && value.starts_with('+') && value[1..].bytes().all(|b| b.is_ascii_digit());
    !is_phone
        && value
            .chars()
            .find(|&c| !is_skipped(c))
            .is_some_and(|c| FORMULA_STARTS.contains(&c))
        || value.starts_with(['\t', '\r'])
}

/// One field of a CSV line (RFC 4180: quoted, quotes doubled); a field that could be read as a formula is
/// prefixed with `'`, which spreadsheets show as text and do not display.
pub fn csv_cell(value: &str) -> String {
    let guarded = if looks_like_formula(value) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_whatever_precedes_them() {
        for value in [
            "=1+1",
            "+1+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            " =1",
            "\u{00A0}=1",
            "\u{FEFF}=1",
            "\u{200B}=1",
            "\u{3000}=1",
            "\n=1",
            "\r\n=HYPERLINK(\"http://x\")",
            "\u{FF1D}1+1",
            "\u{FF0B}1",
            "\u{FF0D}1",
            "\u{FF20}SUM(1)",
            "\u{2212}1",
            "\u{202E}=1",
        ] {
            assert!(looks_like_formula(value), "{value:?}");
            assert!(csv_cell(value).starts_with("\"'"), "{value:?}");
        }
    }

    #[test]
    fn plain_text_and_numbers_stay_as_they_are() {
        for value in [
            "+447911123456",
            "Yes, contact me on WhatsApp",
            "a=b",
            "email@example.com",
            "",
            " ",
            "2026-11-21T14:05:00Z",
            "Согласие",
            "同意",
        ] {
            assert!(!looks_like_formula(value), "{value:?}");
        }
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("+447911123456"), "\"+447911123456\"");
    }
}
