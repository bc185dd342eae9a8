//! The host page as the widget sees it: its title and address (without query or fragment where records keep
//! it), a query parameter, the browser's languages, a global the page set for the widget, and opening a new tab
//! (the WhatsApp handoff). Reading here writes nothing.

use wasm_bindgen::prelude::*;

use crate::json::js_to_json;

/// The browser's preferred languages (`navigator.languages`), most preferred first.
pub fn browser_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let languages: Vec<String> = window
        .navigator()
        .languages()
        .iter()
        .filter_map(|value| value.as_string())
        .collect();
    if languages.is_empty() {
        window.navigator().language().into_iter().collect()
    } else {
        languages
    }
}

/// The host page's title.
pub fn page_title() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.title())
        .unwrap_or_default()
}

/// The host page's address without query or fragment (they can carry personal data; records keep only the page).
pub fn page_address() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// The host page's full address, for the visitor's own chat message.
pub fn page_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// A query parameter of the page's address.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}

/// A global set by the page (`window[name]`) as JSON; `null` when absent.
pub fn global_json(name: &str) -> serde_json::Value {
    web_sys::window()
        .and_then(|window| js_sys::Reflect::get(&window, &JsValue::from_str(name)).ok())
        .filter(|value| !value.is_undefined())
        .map_or(serde_json::Value::Null, |value| js_to_json(&value))
}

/// Opens a URL in a new tab (the WhatsApp handoff).
pub fn open_in_new_tab(url: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.open_with_url_and_target(url, "_blank");
    }
}
