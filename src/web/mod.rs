//! The only code that touches the browser: the loader hand-over, the Shadow DOM styles, DOM events, the
//! console and the JS API bridge. The UI calls these; the core never sees them.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The one global name the loader defines.
const GLOBAL: &str = "Chatgate";

/// What the loader hands to the widget: the shadow root to render into and the config object as JSON.
pub struct Boot {
    pub root: web_sys::ShadowRoot,
    pub config: serde_json::Value,
}

fn global_function() -> Option<js_sys::Object> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str(GLOBAL)).ok()?.dyn_into::<js_sys::Object>().ok()
}

/// Takes the loader's hand-over (`Chatgate._boot`), if this bundle was started by the loader.
pub fn take_boot() -> Option<Boot> {
    let global = global_function()?;
    let key = JsValue::from_str("_boot");
    let boot = js_sys::Reflect::get(&global, &key).ok().filter(|value| value.is_object())?;
    let _ = js_sys::Reflect::delete_property(&global, &key);
    let root = js_sys::Reflect::get(&boot, &JsValue::from_str("root")).ok()?.dyn_into::<web_sys::ShadowRoot>().ok()?;
    let config = js_sys::Reflect::get(&boot, &JsValue::from_str("config")).ok().unwrap_or(JsValue::NULL);
    Some(Boot { root, config: js_to_json(&config) })
}

/// Converts a plain JS value to JSON (functions and symbols are dropped, as JSON.stringify does).
pub fn js_to_json(value: &JsValue) -> serde_json::Value {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// Applies a stylesheet to a shadow root as a constructable stylesheet: allowed under a strict CSP
/// (`style-src` without `unsafe-inline`), unlike `<style>` elements or `style` attributes.
pub fn adopt_stylesheet(root: &web_sys::ShadowRoot, css: &str) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(css)?;
    let sheets = js_sys::Array::of1(&sheet);
    js_sys::Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &sheets)?;
    Ok(())
}

/// Creates the element the Leptos view mounts into, inside the shadow root.
pub fn mount_point(root: &web_sys::ShadowRoot) -> Result<web_sys::HtmlElement, JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let element = document.create_element("div")?;
    element.set_class_name("chatgate");
    root.append_child(&element)?;
    Ok(element.unchecked_into())
}

/// Dispatches `chatgate:<name>` on `window` with a JSON detail.
pub fn dispatch_event(name: &str, detail: &serde_json::Value) {
    let Some(window) = web_sys::window() else { return };
    let init = web_sys::CustomEventInit::new();
    let detail = js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL);
    init.set_detail(&detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(&format!("chatgate:{name}"), &init) {
        let _ = window.dispatch_event(&event);
    }
}

/// One console error line. Callers never pass personal data.
pub fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}

/// Registers the handler the loader forwards `Chatgate(command, argument)` calls to (`Chatgate._handle`).
pub fn register_api_handler(handler: impl Fn(String, serde_json::Value) + 'static) {
    let Some(global) = global_function() else { return };
    let closure = Closure::<dyn Fn(JsValue, JsValue)>::new(move |command: JsValue, argument: JsValue| {
        handler(command.as_string().unwrap_or_default(), js_to_json(&argument));
    });
    let _ = js_sys::Reflect::set(&global, &JsValue::from_str("_handle"), closure.as_ref());
    closure.forget(); // lives as long as the page
}

/// Milliseconds from the page's time origin (`performance.now()`), for measurements.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|window| window.performance()).map_or(0.0, |performance| performance.now())
}
