//! JSON across the JS boundary: JS values to `serde_json` and back, through the browser's own `JSON` (so what
//! crosses is exactly what `JSON.stringify` keeps). Callers hand over data, never code.

use wasm_bindgen::prelude::*;

/// Converts a plain JS value to JSON (functions and symbols are dropped, as JSON.stringify does).
pub fn js_to_json(value: &JsValue) -> serde_json::Value {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// Converts a plain JS value to the core's own JSON value, as [`js_to_json`] does (the dialog's API calls: the
/// dialog links no serde).
pub fn js_to_value(value: &JsValue) -> chatgate_core::json_text::Value {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .and_then(|text| chatgate_core::json_text::read(&text).ok())
        .map_or(chatgate_core::json_text::Value::Null, |document| {
            document.value
        })
}

/// Converts JSON to a plain JS value (`JSON.parse`); `null` if the browser refuses it.
pub(crate) fn json_to_js(value: &chatgate_core::json_text::Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}
