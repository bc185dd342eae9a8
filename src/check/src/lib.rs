//! The visitor widget's config checker (`check.js` + `check_bg.wasm`): the core's checks of the page's config,
//! and nothing else — no Leptos, no DOM, no closures, no wasm-bindgen: a plain module with no imports whose
//! exports take and give UTF-8 text in its memory (`www/check.js`, 30 lines, is the whole glue). The loader
//! (`www/loader.js`) has drawn the launcher from the config without waiting for any wasm; it loads this bundle
//! when the browser is idle after the page's `load` event, or at once on interest, and reports what it answers
//! (a refusal: one console error naming the key, a `chatgate:error` event, the launcher removed). The dialog
//! bundle never reads the page's config: for an accepted one the checker writes the config as the core read it
//! (`core::widget_config::write_normalized`) as `check_config`'s answer, which the loader hands to the dialog.

use chatgate_core::fetched_tables;
use chatgate_core::outbox::STORAGE_PREFIX;
use chatgate_core::widget_config::{
    parse_widget_config_text, write_normalized, ConfigError, WidgetConfig,
};
use chatgate_plain::{answer, argument};

/// The checker's allocator never frees: a bump allocator of a few dozen bytes of code instead of the default
/// dlmalloc (about 7 KB, 3 KB gzip) or a free list (−1.3 KB gzip more: with a no-op `dealloc` the drop code
/// goes too). The loader calls the checker a bounded number of times a page — once per round of table files
/// (one per calling code and zone area the config names) and once for the greeting — and each call takes
/// about 30 KB of the module's memory (the demo config: 1.11 → 1.25 MB after five checks and five greetings),
/// so nothing is worth freeing (issue 15).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: wasm32-unknown-unknown without the atomics feature runs on one thread, as AssumeSingleThreaded
// requires.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::LeakingAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::LeakingAllocator::new()) };

/// The first line of an answer that asks for table files rather than giving a verdict (no config key starts
/// with a space).
const NEED_FILES: &str = " need";

/// Reads the config with the table files fetched so far (`tables`: their texts joined), or `Err` with the
/// files it needs first: `phone/<calling code>` and `tz/<area>` (the loader adds `.txt`).
fn read_config(text: &str, tables: &str) -> Result<Result<WidgetConfig, ConfigError>, Vec<String>> {
    fetched_tables::install(tables);
    let read = parse_widget_config_text(text);
    let files = fetched_tables::take_missing_files();
    if files.is_empty() {
        Ok(read)
    } else {
        Err(files)
    }
}

/// Checks the page's config (as JSON text, `JSON.stringify` of the loader's config object) with the table
/// files fetched so far (`tables`: their texts joined): for a config the widget can run with, the config as the
/// dialog reads it (`core::widget_config::read_normalized`; a JSON object, so its first character is `{`, which
/// starts no config key); else the key on the first line and the console message after it — or ` need` on the
/// first line and a file on each line
/// after it, which the loader fetches before it asks again. The phone and zone tables are not in this bundle: a
/// config's numbers and opening hours need the lines of a calling code or two of about 230, and of one zone area.
pub fn check_config_text(text: &str, tables: &str) -> String {
    match read_config(text, tables) {
        Ok(Ok(config)) => write_normalized(&config),
        Ok(Err(error)) => format!("{}\n{error}", error.key),
        Err(files) => std::iter::once(NEED_FILES.to_string())
            .chain(files)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The greeting bubble to show beside the launcher on the page at `path` (`location.pathname`), in `locale`
/// (the launcher's language), with the table files `check_config` asked for (`tables`), unless the visitor has
/// already opened the widget or dismissed a greeting (`seen`): empty for none, else the delay in milliseconds on
/// the first line and the text after it. The core decides (`WidgetConfig::greeting_to_show`: a page's own
/// greeting or none, else the config's); the loader draws it.
pub fn greeting_text(text: &str, tables: &str, locale: &str, path: &str, seen: bool) -> String {
    read_config(text, tables)
        .ok()
        .and_then(Result::ok)
        .and_then(|config| config.greeting_to_show(locale, path, seen))
        .map_or_else(String::new, |greeting| {
            format!("{}\n{}", greeting.delay_ms, greeting.text)
        })
}

// ---- the module's exports: text in and out of linear memory --------------------------------------------------
// Text in and out as `chatgate_plain` says: `www/check.js` passes each argument's UTF-8 in a buffer from
// `cg_alloc` and gives each answer's buffer back with `cg_free`.
chatgate_plain::exports!();

/// [`check_config_text`] for `www/check.js`.
///
/// # Safety
/// Each (pointer, length) pair must be a buffer from `cg_alloc` holding UTF-8, not used after.
#[no_mangle]
pub unsafe extern "C" fn check_config(
    text: *mut u8,
    text_len: usize,
    tables: *mut u8,
    tables_len: usize,
) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    let (text, tables) = unsafe { (argument(text, text_len), argument(tables, tables_len)) };
    answer(check_config_text(&text, &tables))
}

/// [`greeting_text`] for `www/check.js` (`seen`: 0 or 1).
///
/// # Safety
/// Each (pointer, length) pair must be a buffer from `cg_alloc` holding UTF-8, not used after.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn greeting(
    text: *mut u8,
    text_len: usize,
    tables: *mut u8,
    tables_len: usize,
    locale: *mut u8,
    locale_len: usize,
    path: *mut u8,
    path_len: usize,
    seen: u32,
) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    let (text, tables, locale, path) = unsafe {
        (
            argument(text, text_len),
            argument(tables, tables_len),
            argument(locale, locale_len),
            argument(path, path_len),
        )
    };
    answer(greeting_text(&text, &tables, &locale, &path, seen != 0))
}

/// The prefix of the outbox's localStorage keys: when one is there (a consent an earlier page could not
/// deliver) and the config has an endpoint, the loader imports the consent courier (`src/deliver`) at once.
#[no_mangle]
pub extern "C" fn outbox_prefix() -> *mut u8 {
    answer(STORAGE_PREFIX.to_string())
}
