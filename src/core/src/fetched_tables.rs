//! The phone and zone table files a build without the embedded tables (feature `fetched-tables`: the visitor
//! widget's checker and dialog) is given: one place that installs a fetched text into both tables and names
//! the files the lookups since the last call lacked, so the shells only fetch (issue 15).

use crate::phone::fetched;
use crate::time::fetched_zones;

/// Installs the table lines in `text` (the texts of fetched files, joined; lines of neither table are skipped).
/// The dialog also installs translation lines from the same text (`i18n::fetched`); the config checker, which
/// shows no text of its own, does not link them.
pub fn install(text: &str) {
    fetched::install(text);
    fetched_zones::install(text);
}

/// The files the lookups since the last call lacked, as paths without `.txt`: `phone/<calling code>`, then
/// `tz/<area>` (`phone/44`, `tz/europe`). Taking them clears the notes.
pub fn take_missing_files() -> Vec<String> {
    let codes = fetched::take_missing_calling_codes();
    let areas = fetched_zones::take_missing_areas();
    let mut files = Vec::with_capacity(codes.len() + areas.len());
    for code in codes {
        files.push(["phone/", &code.to_string()].concat());
    }
    for area in areas {
        files.push(["tz/", area].concat());
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
}
