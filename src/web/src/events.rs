//! DOM events: the `chatgate:<name>` events the widget dispatches on `window` for the host page, and listening
//! (for the life of the page) to events on any target, including the browser's `online` and visibility changes.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::json::json_to_js;

/// Dispatches `chatgate:<name>` on `window` with a JSON detail.
pub fn dispatch_event(name: &str, detail: &chatgate_core::json_text::Value) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&json_to_js(detail));
    if let Ok(event) =
        web_sys::CustomEvent::new_with_event_init_dict(&format!("chatgate:{name}"), &init)
    {
        let _ = window.dispatch_event(&event);
    }
}

/// Adds `handler` for each of `events` on `target`, for the life of the page.
pub fn listen(
    target: &web_sys::EventTarget,
    events: &[&str],
    handler: impl Fn(web_sys::Event) + 'static,
) {
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(handler);
    for event in events {
        let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    }
    closure.forget();
}
