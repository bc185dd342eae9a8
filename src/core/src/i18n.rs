//! The visitor widget's translations and the choice of language.
//!
//! This module owns the translation files (`www/i18n/<code>.txt`, `key <TAB> text`, compiled in by `build.rs`, so
//! adding a language is adding a file), looking strings up with a fallback to English, filling `{name}`
//! placeholders, and choosing the language from the config's `locale` and the browser's preferred languages
//! (which the shell passes in; this module never reads the browser).

use crate::data::part;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/translations.rs"));

/// The fallback language, and the one every file must match key for key.
pub const DEFAULT_LOCALE: &str = "en";

/// One translation file: its `(key, text)` pairs sorted by key, looked up by binary search. A file is parsed the
/// first time its language is asked for (the widget's start-up needs one language, not all of them).
struct Catalog(Vec<(&'static str, &'static str)>);

impl Catalog {
    fn parse(text: &'static str) -> Catalog {
        let mut pairs: Vec<(&'static str, &'static str)> = crate::data::records(text)
            .filter_map(|mut fields| Some((fields.next()?, fields.next()?)))
            .collect();
        crate::data::sort_short_by(&mut pairs, |a, b| a.0 < b.0);
        Catalog(pairs)
    }

    fn get(&self, key: &str) -> Option<&'static str> {
        self.0
            .binary_search_by_key(&key, |(k, _)| *k)
            .ok()
            .map(|index| self.0[index].1)
    }
}

static WIDGET_CATALOGS: [OnceLock<Catalog>; TRANSLATION_FILES.len()] =
    [const { OnceLock::new() }; TRANSLATION_FILES.len()];
static ASSISTANT_CATALOGS: [OnceLock<Catalog>; ASSISTANT_TRANSLATION_FILES.len()] =
    [const { OnceLock::new() }; ASSISTANT_TRANSLATION_FILES.len()];

fn find_catalog(
    files: &'static [(&'static str, &'static str)],
    parsed: &'static [OnceLock<Catalog>],
    code: &str,
) -> Option<&'static Catalog> {
    let index = files.iter().position(|(available, _)| *available == code)?;
    Some(parsed[index].get_or_init(|| Catalog::parse(files[index].1)))
}

/// The visitor widget's catalogue for `code`, if there is a file for it (in a build with fetched tables, a
/// language other than English once its file is installed).
fn catalog(code: &str) -> Option<&'static Catalog> {
    #[cfg(feature = "fetched-tables")]
    if code != DEFAULT_LOCALE {
        return fetched::catalog(code);
    }
    find_catalog(TRANSLATION_FILES, &WIDGET_CATALOGS, code)
}

/// The visitor widget's translations in a build that embeds English only (feature `fetched-tables`: the dialog,
/// issue 15): another language's file is fetched beside the bundle (`i18n/<code>.txt`, written by
/// `www/split_tables.py` with each line tagged `@<code>`, so it can travel joined with the phone and zone
/// files) and installed here. Until it is, a lookup in that language notes it as missing
/// ([`fetched::take_missing_locales`], which the dialog turns into `i18n/<code>` files to fetch) and reads
/// English.
#[cfg(feature = "fetched-tables")]
pub mod fetched {
    use super::{Catalog, TRANSLATION_FILES_CODES};
    use std::cell::RefCell;

    thread_local! {
        static INSTALLED: RefCell<Vec<(&'static str, &'static Catalog)>> = const { RefCell::new(Vec::new()) };
        static MISSING: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    }

    /// Installs the translation lines in `text` (`@<code> <TAB> key <TAB> text`; other lines, languages with no
    /// file and languages already installed are skipped). They live as long as the program.
    pub fn install(text: &str) {
        for &code in TRANSLATION_FILES_CODES {
            if INSTALLED.with_borrow(|installed| installed.iter().any(|(c, _)| *c == code)) {
                continue;
            }
            let mut lines = String::new();
            for line in text.lines() {
                let tagged = line
                    .strip_prefix('@')
                    .and_then(|line| line.strip_prefix(code));
                if let Some(line) = tagged.and_then(|line| line.strip_prefix('\t')) {
                    lines.push_str(line);
                    lines.push('\n');
                }
            }
            if !lines.is_empty() {
                let catalog = Catalog::parse(Box::leak(lines.into_boxed_str()));
                INSTALLED.with_borrow_mut(|installed| {
                    installed.push((code, Box::leak(Box::new(catalog))))
                });
            }
        }
    }

    pub(super) fn catalog(code: &str) -> Option<&'static Catalog> {
        let code = *TRANSLATION_FILES_CODES
            .iter()
            .find(|known| **known == code)?;
        let installed = INSTALLED.with_borrow(|installed| {
            installed
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(_, catalog)| *catalog)
        });
        if installed.is_none() {
            MISSING.with_borrow_mut(|missing| {
                if !missing.contains(&code) {
                    missing.push(code);
                }
            });
        }
        installed
    }

    /// The languages looked up but not installed since the last call, in the order asked.
    pub fn take_missing_locales() -> Vec<&'static str> {
        MISSING.with_borrow_mut(std::mem::take)
    }
}

/// The agent assistant's strings (`www/assistant/i18n/<code>.txt`): a catalogue of their own, so the visitor
/// widget never carries them.
fn assistant_catalog(code: &str) -> Option<&'static Catalog> {
    find_catalog(ASSISTANT_TRANSLATION_FILES, &ASSISTANT_CATALOGS, code)
}

/// The assistant page's string for `key` in `locale`, else English, else the key.
pub fn assistant_text(locale: &str, key: &str) -> &'static str {
    let lookup = |code: &str| assistant_catalog(code).and_then(|catalog| catalog.get(key));
    lookup(locale)
        .or_else(|| lookup(DEFAULT_LOCALE))
        .unwrap_or_else(|| {
            assistant_catalog(DEFAULT_LOCALE)
                .and_then(|c| c.get("missing"))
                .unwrap_or("?")
        })
}

/// The assistant page's languages, English first.
pub fn assistant_locales() -> Vec<&'static str> {
    ASSISTANT_TRANSLATION_FILES
        .iter()
        .map(|(code, _)| *code)
        .collect()
}

/// The language codes there is a translation file for, English first.
pub fn available_locales() -> Vec<&'static str> {
    TRANSLATION_FILES_CODES.to_vec()
}

/// Whether `code` names a language there is a file for.
pub fn is_available(code: &str) -> bool {
    TRANSLATION_FILES_CODES.contains(&code)
}

/// The best language for the visitor: the config's `locale` unless it is `auto` or absent, else the first of the
/// browser's languages (`ru-RU`, `zh-Hans-CN`, `en`) there is a file for, else English.
pub fn choose_locale(config_locale: Option<&str>, browser_languages: &[String]) -> &'static str {
    let candidates = config_locale
        .filter(|code| !code.is_empty() && *code != "auto")
        .into_iter()
        .map(str::to_string);
    for wanted in candidates.chain(browser_languages.iter().cloned()) {
        let primary = wanted
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if let Some((code, _)) = TRANSLATION_FILES.iter().find(|(code, _)| *code == primary) {
            return code;
        }
    }
    DEFAULT_LOCALE
}

/// The string for `key` in `locale`, else in English, else the key itself (a missing key is visible, not blank).
pub fn text(locale: &str, key: &'static str) -> &'static str {
    let lookup = |code: &str| catalog(code).and_then(|catalog| catalog.get(key));
    lookup(locale)
        .or_else(|| lookup(DEFAULT_LOCALE))
        .unwrap_or(key)
}

/// The visitor-facing text of an error code (`PhoneError::code`, `no_purpose`): key `error.<code>`; the code
/// itself if no file has it.
pub fn error_text(locale: &str, code: &'static str) -> &'static str {
    let key = format!("error.{code}");
    let lookup = |language: &str| catalog(language).and_then(|catalog| catalog.get(&key));
    lookup(locale)
        .or_else(|| lookup(DEFAULT_LOCALE))
        .unwrap_or(code)
}

/// The string for `key` with `{name}` placeholders filled from `values`.
pub fn format(locale: &str, key: &'static str, values: &[(&str, &str)]) -> String {
    fill(text(locale, key), values)
}

/// Fills `{name}` placeholders in `template`. Unknown names are left as they are.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(part(rest, ..open));
        let after = part(rest, open + 1..);
        match after.find('}').map(|close| (part(after, ..close), close)) {
            Some((name, close)) if values.iter().any(|(key, _)| *key == name) => {
                let value = values
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map_or("", |(_, value)| *value);
                out.push_str(value);
                rest = part(after, close + 1..);
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Joins a list the way the language does: "a, b and c", «a, b и c», "a、b和c".
pub fn join_list(locale: &str, items: &[String]) -> String {
    let (separator, last) = match locale {
        "ru" => (", ", " и "),
        "zh" => ("、", "和"),
        _ => (", ", " and "),
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., final_item] => format!("{}{last}{final_item}", init.join(separator)),
    }
}

/// The translations of a build with fetched tables (`make test` runs these with `--features fetched-tables`).
#[cfg(all(test, feature = "fetched-tables"))]
mod fetched_tests {
    use super::fetched::{install, take_missing_locales};
    use super::{is_available, text};

    #[test]
    fn languages_other_than_english_are_fetched_and_installed() {
        take_missing_locales();
        // Not installed: English, and the language noted as missing.
        assert_eq!(text("ru", "panel.close"), text("en", "panel.close"));
        assert_eq!(take_missing_locales(), ["ru"]);
        assert!(is_available("ru"), "still a language there is a file for");
        // Installed from the file's lines as `www/split_tables.py` tags them, joined with another table's.
        let file: String = include_str!("../../../www/i18n/ru.txt")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| ["@ru\t", line, "\n"].concat())
            .collect();
        install(&["# another table's header\nGB\t44\n", &file].concat());
        assert_eq!(text("ru", "greeting.dismiss"), "Закрыть");
        assert_ne!(text("ru", "panel.close"), text("en", "panel.close"));
        assert!(
            take_missing_locales().is_empty(),
            "nothing missing once installed"
        );
        // Chinese is still missing; a language with no file is not fetched: English, and nothing noted.
        assert_eq!(text("zh", "panel.close"), text("en", "panel.close"));
        assert_eq!(take_missing_locales(), ["zh"]);
        assert_eq!(text("de", "panel.close"), text("en", "panel.close"));
        assert!(take_missing_locales().is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key_and_placeholder() {
        check_catalogs(TRANSLATION_FILES, catalog);
        check_catalogs(ASSISTANT_TRANSLATION_FILES, assistant_catalog);
    }

    fn check_catalogs(
        files: &[(&'static str, &'static str)],
        find: fn(&str) -> Option<&'static Catalog>,
    ) {
        assert_eq!(files[0].0, "en");
        assert!(files.len() >= 3, "en, ru, zh at least");
        let english = find("en").expect("en.txt");
        for (code, _) in files {
            let catalog = find(code).expect("a file for every listed language");
            assert!(
                catalog.0.windows(2).all(|pair| pair[0].0 != pair[1].0),
                "{code}.txt has a key twice"
            );
            for (key, text) in &english.0 {
                let translated = catalog
                    .get(key)
                    .unwrap_or_else(|| panic!("{code}.txt lacks {key}"));
                for placeholder in text
                    .split('{')
                    .skip(1)
                    .filter_map(|part| part.split_once('}').map(|(name, _)| name))
                {
                    assert!(
                        translated.contains(&format!("{{{placeholder}}}")),
                        "{code}.txt {key} lacks {{{placeholder}}}"
                    );
                }
            }
            for (key, _) in &catalog.0 {
                assert!(
                    english.get(key).is_some(),
                    "{code}.txt has {key}, which en.txt does not"
                );
            }
        }
    }

    #[test]
    fn chooses_the_config_then_the_browser_then_english() {
        let browser = |langs: &[&str]| langs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(choose_locale(Some("ru"), &browser(&["zh-CN"])), "ru");
        assert_eq!(
            choose_locale(Some("auto"), &browser(&["de-DE", "zh-Hans-CN", "en"])),
            "zh"
        );
        assert_eq!(choose_locale(None, &browser(&["ru_RU"])), "ru");
        assert_eq!(choose_locale(Some("fr"), &browser(&["de"])), "en");
    }

    #[test]
    fn fills_placeholders_and_falls_back() {
        assert_eq!(
            format("ru", "launcher.label", &[("business", "Клиника")]),
            "Написать в Клиника"
        );
        assert_eq!(
            fill("{a} and {b} {unknown}", &[("a", "1"), ("b", "{a}")]),
            "1 and {a} {unknown}"
        );
        assert_eq!(text("xx", "panel.close"), "Close");
        assert_eq!(text("en", "no.such.key"), "no.such.key");
        assert_eq!(
            join_list("en", &["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(
            join_list("zh", &["检查结果".into(), "预约提醒".into()]),
            "检查结果和预约提醒"
        );
    }
}
