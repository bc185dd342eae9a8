//! The clipboard (`navigator.clipboard.writeText`): writing only, never reading what the visitor copied.

use crate::timers::spawn;

/// Puts `text` on the clipboard and calls `done` with whether the browser accepted it (it refuses without
/// permission, outside a secure context, or when the page is not focused).
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        return done(false);
    };
    let promise = window.navigator().clipboard().write_text(text);
    spawn(async move { done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()) });
}
