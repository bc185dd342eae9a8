//! The QR encoder the loader imports on demand (`Chatgate._boot.qr`, `src/qr`).

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
