//! The phone table's lines and the translations, fetched beside the bundle as the config checker's tables are
//! (issue 15): the dialog is built with the core's `fetched-tables` feature, so it embeds no phone or zone table
//! and only English texts. It starts with the files the config checker fetched for the config (`Boot::tables`,
//! with the visitor's language's texts the loader added), and has the loader fetch what else a lookup lacks
//! (`web::table_file`, `Chatgate._boot.file`, the loader's own fetch of the checker's files) — the calling code
//! of a number the visitor types, of a stored record, from `phone/<calling code>.txt`; another language's texts
//! from `i18n/<code>.txt`. (Zones it never looks up: the normalized config carries each zone's rule.) A lookup of
//! lines not installed notes them as missing (`core::fetched_tables::take_missing_files`, which the config
//! checker uses too, and `core::i18n::fetched`): [`read_with`] fetches them and reads again.

use std::cell::RefCell;

use chatgate_core::{fetched_tables, i18n};
use chatgate_web as web;

thread_local! {
    /// The files asked for so far.
    static FILES: RefCell<Vec<(String, Asked)>> = const { RefCell::new(Vec::new()) };
}

/// Installs the files fetched before the bundle started; later files are fetched by the loader
/// (`web::table_file`), from beside it.
pub fn start(tables: &str) {
    install(tables);
}

/// Installs the phone and translation lines of fetched files. Not the zone lines the checker fetched: the dialog
/// reads opening hours from the checker's normalized config, whose zones are rules already, and looks no zone up
/// by name.
fn install(text: &str) {
    chatgate_core::phone::fetched::install(text);
    i18n::fetched::install(text);
}

/// The files the lookups since the last call lacked (`phone/44`, `tz/europe`, `i18n/ru`).
fn missing() -> Vec<String> {
    let mut files = fetched_tables::take_missing_files();
    for locale in i18n::fetched::take_missing_locales() {
        files.push(["i18n/", locale].concat());
    }
    files
}

/// Runs `read` until it lacks no table line: what it lacked is fetched, installed, and `read` runs again. `Err`
/// (a message for the console) when a file could not be fetched or did not help.
pub async fn read_with<T>(mut read: impl FnMut() -> T) -> Result<T, String> {
    missing(); // notes of earlier lookups are not this read's
    loop {
        let value = read();
        let files = missing();
        if files.is_empty() {
            return Ok(value);
        }
        for file in files {
            fetch(file).await?;
        }
    }
}

/// Whether `locale`'s texts are missing (this bundle embeds English only; another language's file is fetched).
pub fn texts_missing(locale: &'static str) -> bool {
    missing();
    i18n::text(locale, "panel.close");
    !missing().is_empty()
}

/// The language the dialog can show: `locale`, with its texts fetched when they are missing, else — the file could
/// not be fetched, which the console is told — English, so that the dialog's language (`lang`, a consent's
/// `locale`) is the language of what it shows.
pub async fn language(locale: &'static str) -> &'static str {
    if texts_missing(locale) {
        if let Err(problem) = fetch(["i18n/", locale].concat()).await {
            web::console_error(&problem);
        }
        if texts_missing(locale) {
            return i18n::DEFAULT_LOCALE;
        }
    }
    locale
}

/// Starts fetching what `read` lacks and forgets the result: for lines a visitor will likely need soon (the
/// country the form starts with).
pub fn prefetch(read: impl FnMut() + 'static) {
    web::spawn(async move {
        let _ = read_with(read).await;
    });
}

/// What became of a file asked for.
#[derive(Clone, Copy, PartialEq)]
enum Asked {
    Fetching,
    Installed,
}

async fn fetch(file: String) -> Result<(), String> {
    let asked = FILES.with_borrow_mut(|files| {
        let asked = files
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, asked)| *asked);
        if asked.is_none() {
            files.push((file.clone(), Asked::Fetching));
        }
        asked
    });
    match asked {
        Some(Asked::Installed) => {
            Err(["Chatgate: ", &file, ".txt did not have the lines asked for"].concat())
        }
        // Another read is fetching it: this one reads again a little later.
        Some(Asked::Fetching) => {
            pause(25).await;
            Ok(())
        }
        None => {
            let fetched = web::table_file(&file).await;
            FILES.with_borrow_mut(|files| {
                files.retain(|(name, _)| *name != file);
                if fetched.is_ok() {
                    files.push((file, Asked::Installed));
                } // else a later read may try again
            });
            let text = fetched.map_err(|problem| ["Chatgate: ", &problem].concat())?;
            install(&text);
            Ok(())
        }
    }
}

async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web::set_timeout(f64::from(ms), move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
