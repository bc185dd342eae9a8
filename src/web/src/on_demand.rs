//! What the dialog asks the loader for on demand: the table and text files beside it (`Chatgate._boot.file`),
//! the QR encoder (`Chatgate._boot.qr`, `src/qr`) and the consent courier (`Chatgate._boot.deliver`,
//! `src/deliver`).

use wasm_bindgen::prelude::*;

use crate::global::chatgate;

/// Calls `draw` with the QR encoder's answer for `text` (`core::qr::QrSvg::from_answer` reads it) once the screen
/// is one that shows QR codes: the loader decides when, and imports the encoder then (never, on a phone). A request
/// a later one replaced before it was served, or one the encoder could not be loaded for, is answered with an empty
/// text, so `draw` is called once in any case and nothing of it is left behind.
pub fn qr_code(text: &str, draw: impl FnOnce(String) + 'static) {
    let Some(boot) = chatgate().and_then(|global| global.loader_boot()) else {
        return;
    };
    let draw =
        Closure::once_into_js(move |answer: JsValue| draw(answer.as_string().unwrap_or_default()));
    let _ = boot.qr(text, &draw);
}

/// Hands an outbox entry (`core::outbox::OutboxEntry::to_json`, kept in localStorage under `key` when `stored`)
/// to the consent courier, which the loader imports the first time: it keeps an entry that is not stored in
/// memory, and sends it until the endpoint acknowledges it.
pub fn deliver(key: &str, entry: &str, stored: bool) {
    if let Some(boot) = chatgate().and_then(|global| global.loader_boot()) {
        let _ = boot.deliver(key, entry, stored);
    }
}

/// The table or text file `name` (`phone/44`, `i18n/ru`), fetched by the loader from beside itself, as it
/// fetches the config checker's: its text, or why not (for the console).
pub async fn table_file(name: &str) -> Result<String, String> {
    let promise = chatgate()
        .and_then(|global| global.loader_boot())
        .and_then(|boot| boot.file(name).ok())
        .ok_or("no loader to fetch it")?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(text) => text
            .as_string()
            .ok_or_else(|| [name, ".txt: not text"].concat()),
        Err(error) => Err(js_sys::Reflect::get(&error, &JsValue::from_str("message"))
            .ok()
            .and_then(|message| message.as_string())
            .unwrap_or_else(|| [name, ".txt could not be fetched"].concat())),
    }
}
