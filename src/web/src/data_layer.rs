//! The host page's `window.dataLayer`, for tag managers: the widget only pushes event objects onto it (creating
//! the array if absent) and never reads what others pushed.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::json::json_to_js;

/// Pushes an event object to the host page's `window.dataLayer` (created if absent), for tag managers.
pub fn push_data_layer(event: &chatgate_core::json_text::Value) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str("dataLayer");
    let mut layer = js_sys::Reflect::get(&window, &key).unwrap_or(JsValue::UNDEFINED);
    if !js_sys::Array::is_array(&layer) {
        layer = js_sys::Array::new().into();
        let _ = js_sys::Reflect::set(&window, &key, &layer);
    }
    let value = json_to_js(event);
    if let Ok(push) = js_sys::Reflect::get(&layer, &JsValue::from_str("push"))
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = push.call1(&layer, &value);
    }
}
