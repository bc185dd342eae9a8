//! The browser console: the widget's one channel for problems the page's developer must fix (a refused config,
//! a failed load). Callers never pass personal data.

use wasm_bindgen::prelude::*;

/// One console error line. Callers never pass personal data.
pub fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}
