//! The consent wording: the pieces the opt-in form renders, the exact text a record keeps, its version, and what
//! changed between two versions. Names the business, the purposes and their value, how to withdraw and where
//! the privacy policy is, in the visitor's language (`i18n`).

use super::ConsentRecord;
use crate::i18n;
use crate::widget_config::Purpose;

/// The consent wording shown next to the checkboxes, in pieces the UI renders and [`ConsentCopy::text`] joins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentCopy {
    pub intro: String,
    /// One checkbox per purpose: `(purpose id, label shown)`. With a single checkbox, one entry with id `*`.
    pub checkboxes: Vec<(String, String)>,
    pub withdraw: String,
    pub privacy_label: String,
    pub privacy_url: String,
}

impl ConsentCopy {
    /// The exact text shown, as the record keeps it.
    pub fn text(&self) -> String {
        let mut text = self.intro.clone();
        for (_, label) in &self.checkboxes {
            text.push_str("\n[ ] ");
            text.push_str(label);
        }
        text.push('\n');
        text.push_str(&self.withdraw);
        if !self.privacy_url.is_empty() {
            text.push_str(&format!("\n{}: {}", self.privacy_label, self.privacy_url));
        }
        text
    }

    /// The version of this wording: changes whenever a character of the text changes.
    pub fn version(&self) -> String {
        text_version(&self.text())
    }
}

/// A purpose's label with what it brings the visitor: "Test results — get them as soon as they are ready".
pub fn purpose_line(purpose: &Purpose, locale: &str) -> String {
    let label = purpose.label.get(locale);
    match purpose.value.as_ref().map(|value| value.get(locale)) {
        Some(value) if !value.is_empty() => format!("{label} — {value}"),
        _ => label.to_string(),
    }
}

/// The consent wording for a business, its purposes and a language.
pub fn consent_copy(
    locale: &str,
    business: &str,
    purposes: &[Purpose],
    single_checkbox: bool,
    privacy_url: &str,
) -> ConsentCopy {
    let checkboxes = if single_checkbox {
        let lines: Vec<String> = purposes
            .iter()
            .map(|purpose| purpose_line(purpose, locale))
            .collect();
        let joined = i18n::join_list(locale, &lines);
        vec![(
            "*".to_string(),
            i18n::format(locale, "optin.all_purposes", &[("purposes", &joined)]),
        )]
    } else {
        purposes
            .iter()
            .map(|purpose| (purpose.id.clone(), purpose_line(purpose, locale)))
            .collect()
    };
    ConsentCopy {
        intro: i18n::format(locale, "optin.intro", &[("business", business)]),
        checkboxes,
        withdraw: i18n::text(locale, "optin.withdraw").to_string(),
        privacy_label: i18n::text(locale, "optin.privacy").to_string(),
        privacy_url: privacy_url.to_string(),
    }
}

/// A stable hash of a consent text (64-bit FNV-1a over its UTF-8 bytes): `v1-` and 16 hex digits.
pub fn text_version(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("v1-{hash:016x}")
}

/// Whether a stored record was given under other wording than `current` (the consent text now shown, in the
/// record's language): the company changed its purposes or words, so the visitor is asked again. Until then the
/// old record covers exactly what it covered.
pub fn needs_reconsent(record: &ConsentRecord, current: &ConsentCopy) -> bool {
    record.text_version != current.version()
}

/// What changed between the text a visitor agreed to and the text now shown, line by line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextChanges {
    /// Lines of the new text that the old one did not have (a checkbox line without its `[ ] `).
    pub added: Vec<String>,
    /// Lines of the old text that the new one no longer has.
    pub removed: Vec<String>,
}

/// The lines added and removed between two consent texts, in their order.
pub fn text_changes(old: &str, new: &str) -> TextChanges {
    // A `&str` pattern in `trim_start_matches` would link the standard library's substring searcher into the
    // dialog (issue 15); `strip_prefix` compares bytes.
    let clean = |mut line: &str| {
        while let Some(rest) = line.strip_prefix("[ ] ") {
            line = rest;
        }
        line.trim().to_string()
    };
    let old_lines: Vec<String> = old.lines().map(clean).filter(|l| !l.is_empty()).collect();
    let new_lines: Vec<String> = new.lines().map(clean).filter(|l| !l.is_empty()).collect();
    TextChanges {
        added: new_lines
            .iter()
            .filter(|line| !old_lines.contains(line))
            .cloned()
            .collect(),
        removed: old_lines
            .iter()
            .filter(|line| !new_lines.contains(line))
            .cloned()
            .collect(),
    }
}
