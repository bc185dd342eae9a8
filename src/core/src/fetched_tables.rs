//! The phone and zone table files a build without the embedded tables (feature `fetched-tables`: the visitor
//! widget's checker and dialog) is given: one place that installs a fetched text into both tables and names
//! the files the lookups since the last call lacked, so the shells only fetch (issue 15).

use crate::phone::fetched;
use crate::time::fetched_zones;

/// Installs the table lines in `text` (the texts of fetched files, joined; lines of no table are skipped):
/// phone, zone and translation lines.
pub fn install(text: &str) {
    fetched::install(text);
    fetched_zones::install(text);
    crate::i18n::fetched::install(text);
}

/// The files the lookups since the last call lacked, as paths without `.txt`: `phone/<calling code>`, then
/// `tz/<area>`, then `i18n/<language>` (`phone/44`, `tz/europe`, `i18n/ru`). Taking them clears the notes.
pub fn take_missing_files() -> Vec<String> {
    let codes = fetched::take_missing_calling_codes();
    let areas = fetched_zones::take_missing_areas();
    let locales = crate::i18n::fetched::take_missing_locales();
    let mut files = Vec::with_capacity(codes.len() + areas.len() + locales.len());
    for code in codes {
        files.push(["phone/", &code.to_string()].concat());
    }
    for area in areas {
        files.push(["tz/", area].concat());
    }
    for locale in locales {
        files.push(["i18n/", locale].concat());
    }
    files
}

#[cfg(test)]
mod fetched_tests {
    use super::*;

    #[test]
    fn missing_files_are_named_by_table_and_taken_once() {
        take_missing_files();
        assert!(crate::phone::normalize_phone("+7 912 345-67-89", None).is_err());
        assert!(crate::time::zone_named("Asia/Tokyo").is_none());
        assert_eq!(take_missing_files(), ["phone/7", "tz/asia"]);
        assert!(take_missing_files().is_empty(), "taken once");
    }

    #[test]
    fn translations_other_than_english_are_fetched_and_installed() {
        take_missing_files();
        // Not installed: English, and the language noted as missing.
        assert_eq!(
            crate::i18n::text("ru", "panel.close"),
            crate::i18n::text("en", "panel.close")
        );
        assert_eq!(take_missing_files(), ["i18n/ru"]);
        assert!(
            crate::i18n::is_available("ru"),
            "still a language there is a file for"
        );
        // Installed from the file's lines as `www/split_tables.py` tags them, joined with another table's.
        let file: String = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../www/i18n/ru.txt"
        ))
        .expect("the Russian file")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| ["@ru\t", line, "\n"].concat())
        .collect();
        install(&["# another table's header\n", &file].concat());
        assert_eq!(crate::i18n::text("ru", "greeting.dismiss"), "Закрыть");
        assert_ne!(
            crate::i18n::text("ru", "panel.close"),
            crate::i18n::text("en", "panel.close")
        );
        assert!(
            take_missing_files().is_empty(),
            "nothing missing once installed"
        );
        // A language with no file is not fetched: English, and nothing noted.
        assert_eq!(
            crate::i18n::text("de", "panel.close"),
            crate::i18n::text("en", "panel.close")
        );
        assert!(take_missing_files().is_empty());
    }
}
