//! The only code that touches the browser: the loader hand-over, the Shadow DOM styles, DOM events, the
//! console and the JS API bridge. The UI calls these; the core never sees them.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The one global name the loader defines.
const GLOBAL: &str = "Chatgate";

/// What the loader hands to the widget: the shadow root to render into and the config object as JSON.
pub struct Boot {
    pub root: web_sys::ShadowRoot,
    /// The config as JSON text, as read at start-up (the dialog bundle gets this snapshot, not the page's object,
    /// which the page may have changed since the launcher checked it).
    pub config_text: String,
}

fn global_function() -> Option<js_sys::Object> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str(GLOBAL))
        .ok()?
        .dyn_into::<js_sys::Object>()
        .ok()
}

/// Takes the loader's hand-over (`Chatgate._boot`), if this bundle was started by the loader.
pub fn take_boot() -> Option<Boot> {
    let global = global_function()?;
    let key = JsValue::from_str("_boot");
    let boot = js_sys::Reflect::get(&global, &key)
        .ok()
        .filter(|value| value.is_object())?;
    let _ = js_sys::Reflect::delete_property(&global, &key);
    let root = js_sys::Reflect::get(&boot, &JsValue::from_str("root"))
        .ok()?
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()?;
    let config = js_sys::Reflect::get(&boot, &JsValue::from_str("config"))
        .ok()
        .unwrap_or(JsValue::NULL);
    let config_text = js_sys::JSON::stringify(&config)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| "null".to_string());
    Some(Boot { root, config_text })
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
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let element = document.create_element("div")?;
    element.set_class_name("chatgate");
    root.append_child(&element)?;
    Ok(element.unchecked_into())
}

/// Dispatches `chatgate:<name>` on `window` with a JSON detail.
pub fn dispatch_event(name: &str, detail: &serde_json::Value) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    let detail = js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL);
    init.set_detail(&detail);
    if let Ok(event) =
        web_sys::CustomEvent::new_with_event_init_dict(&format!("chatgate:{name}"), &init)
    {
        let _ = window.dispatch_event(&event);
    }
}

/// One console error line. Callers never pass personal data.
pub fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}

/// Registers the handler the loader forwards `Chatgate(command, argument)` calls to (`Chatgate._handle`).
pub fn register_api_handler(handler: impl Fn(String, serde_json::Value) + 'static) {
    let Some(global) = global_function() else {
        return;
    };
    let closure =
        Closure::<dyn Fn(JsValue, JsValue)>::new(move |command: JsValue, argument: JsValue| {
            handler(
                command.as_string().unwrap_or_default(),
                js_to_json(&argument),
            );
        });
    let _ = js_sys::Reflect::set(&global, &JsValue::from_str("_handle"), closure.as_ref());
    closure.forget(); // lives as long as the page
}

/// Milliseconds from the page's time origin (`performance.now()`), for measurements.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

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

/// Seconds since the Unix epoch.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Sixteen random bytes from `crypto.getRandomValues`.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes
}

fn local_storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "localStorage is blocked".to_string())?
        .ok_or_else(|| "localStorage is unavailable".to_string())
}

/// Reads `key` from localStorage (reading writes nothing).
pub fn storage_get(key: &str) -> Option<String> {
    local_storage().ok()?.get_item(key).ok().flatten()
}

/// Writes `key` to localStorage; the error says why it could not (private mode, quota).
pub fn storage_set(key: &str, value: &str) -> Result<(), String> {
    local_storage()?
        .set_item(key, value)
        .map_err(|_| "localStorage is full or blocked".to_string())
}

/// Country names in `locale` from `Intl.DisplayNames` (the browser's own, so no name tables in the bundle);
/// the code itself where the browser has none.
pub fn region_names(locale: &str, codes: &[&str]) -> Vec<String> {
    let name_of = (|| -> Option<(JsValue, js_sys::Function)> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
        let constructor = js_sys::Reflect::get(&intl, &JsValue::from_str("DisplayNames"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let options = js_sys::Object::new();
        js_sys::Reflect::set(
            &options,
            &JsValue::from_str("type"),
            &JsValue::from_str("region"),
        )
        .ok()?;
        let names = js_sys::Reflect::construct(
            &constructor,
            &js_sys::Array::of2(&JsValue::from_str(locale), &options),
        )
        .ok()?;
        let of = js_sys::Reflect::get(&names, &JsValue::from_str("of"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        Some((names, of))
    })();
    codes
        .iter()
        .map(|code| {
            name_of
                .as_ref()
                .and_then(|(names, of)| of.call1(names, &JsValue::from_str(code)).ok()?.as_string())
                .unwrap_or_else(|| code.to_string())
        })
        .collect()
}

/// Pushes an event object to the host page's `window.dataLayer` (created if absent), for tag managers.
pub fn push_data_layer(event: &serde_json::Value) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str("dataLayer");
    let mut layer = js_sys::Reflect::get(&window, &key).unwrap_or(JsValue::UNDEFINED);
    if !js_sys::Array::is_array(&layer) {
        layer = js_sys::Array::new().into();
        let _ = js_sys::Reflect::set(&window, &key, &layer);
    }
    let value = js_sys::JSON::parse(&event.to_string()).unwrap_or(JsValue::NULL);
    if let Ok(push) = js_sys::Reflect::get(&layer, &JsValue::from_str("push"))
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = push.call1(&layer, &value);
    }
}

/// The visible elements inside `container` that take focus, in order.
fn focusable_in(container: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let selector = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
    let Ok(list) = container.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index)?.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|element| element.offset_parent().is_some())
        .collect()
}

/// The element that has focus inside the widget's shadow root.
fn focused_in(container: &web_sys::Element) -> Option<web_sys::Element> {
    let root = container
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok();
    match root {
        Some(root) => root.active_element(),
        None => web_sys::window()?.document()?.active_element(),
    }
}

/// Moves focus to the first focusable element inside `container` (or the container itself).
pub fn focus_first(container: &web_sys::Element) {
    match focusable_in(container).first() {
        Some(element) => {
            let _ = element.focus();
        }
        None => {
            if let Some(element) = container.dyn_ref::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    }
}

/// Focuses the element marked `data-autofocus` inside `container` (a screen's heading), else its first control.
pub fn focus_autofocus_or_first(container: &web_sys::Element) {
    let marked = container
        .query_selector("[data-autofocus]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match marked {
        Some(element) => {
            let _ = element.focus();
        }
        None => focus_first(container),
    }
}

/// Moves focus to `element`.
pub fn focus(element: &impl AsRef<web_sys::HtmlElement>) {
    let _ = element.as_ref().focus();
}

/// Sets `aria-expanded` on the launcher.
pub fn set_expanded(element: &web_sys::HtmlElement, expanded: bool) {
    let _ = element.set_attribute("aria-expanded", if expanded { "true" } else { "false" });
}

/// Names the launcher `label` in language `lang` (screen readers pick the voice from `lang`).
pub fn label_launcher(element: &web_sys::HtmlElement, label: &str, lang: &str) {
    let _ = element.set_attribute("aria-label", label);
    let _ = element.set_attribute("lang", lang);
}

/// Keeps Tab inside `container`: when focus would leave it, wraps to the other end. Returns whether it moved focus
/// (the caller then prevents the browser's default).
pub fn trap_tab(container: &web_sys::Element, backwards: bool) -> bool {
    let focusable = focusable_in(container);
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        return false;
    };
    let current = focused_in(container);
    let inside = current
        .as_ref()
        .is_some_and(|element| container.contains(Some(element)));
    let at = |target: &web_sys::HtmlElement| {
        current
            .as_ref()
            .is_some_and(|element| element == target.unchecked_ref::<web_sys::Element>())
    };
    let target = if !inside {
        Some(if backwards { last } else { first })
    } else if backwards && at(first) {
        Some(last)
    } else if !backwards && at(last) {
        Some(first)
    } else {
        None
    };
    match target {
        Some(element) => {
            let _ = element.focus();
            true
        }
        None => false,
    }
}

/// The SVG of the launcher's WhatsApp mark (path data only; drawn with DOM calls, no HTML parsing).
const LAUNCHER_ICON: &str = "M16 3C8.8 3 3 8.6 3 15.6c0 2.5.7 4.8 2 6.8L3.6 29l6.8-1.8c1.7.9 3.6 1.4 5.6 1.4 7.2 0 13-5.6 13-12.6S23.2 3 16 3zm0 23c-1.8 0-3.5-.5-5-1.3l-.4-.2-4 1 1-3.8-.3-.4A10.1 10.1 0 0 1 5.6 15.6C5.6 10 10.3 5.5 16 5.5s10.4 4.5 10.4 10.1S21.7 26 16 26zm5.7-7.6c-.3-.2-1.8-.9-2.1-1s-.5-.2-.7.2-.8 1-1 1.2-.4.2-.7 0a8.5 8.5 0 0 1-4.2-3.6c-.3-.5.3-.5.9-1.6.1-.2 0-.4 0-.5l-1-2.3c-.2-.6-.5-.5-.7-.5h-.6c-.2 0-.5.1-.8.4s-1 1-1 2.5 1.1 2.9 1.2 3.1c.2.2 2.1 3.2 5.1 4.5 1.9.8 2.6.9 3.6.7.6-.1 1.8-.7 2-1.4.3-.7.3-1.3.2-1.4l-.2-.4z";

/// Creates the widget root (`classes`) in the shadow root with the launcher button labelled `label` (in language
/// `lang`) inside it. Returns (root, launcher). The label is set as an attribute, never parsed as HTML.
pub fn create_launcher(
    shadow: &web_sys::ShadowRoot,
    classes: &str,
    label: &str,
    lang: &str,
) -> Result<(web_sys::HtmlElement, web_sys::HtmlElement), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let root = mount_point(shadow)?;
    root.set_class_name(classes);
    let button = document.create_element("button")?;
    button.set_class_name("cg-launcher");
    for (name, value) in [
        ("type", "button"),
        ("aria-haspopup", "dialog"),
        ("aria-expanded", "false"),
    ] {
        button.set_attribute(name, value)?;
    }
    label_launcher(button.unchecked_ref(), label, lang);
    let svg_ns = Some("http://www.w3.org/2000/svg");
    let svg = document.create_element_ns(svg_ns, "svg")?;
    for (name, value) in [
        ("viewBox", "0 0 32 32"),
        ("width", "28"),
        ("height", "28"),
        ("aria-hidden", "true"),
        ("focusable", "false"),
    ] {
        svg.set_attribute(name, value)?;
    }
    let path = document.create_element_ns(svg_ns, "path")?;
    path.set_attribute("fill", "currentColor")?;
    path.set_attribute("d", LAUNCHER_ICON)?;
    svg.append_child(&path)?;
    button.append_child(&svg)?;
    root.append_child(&button)?;
    Ok((root, button.unchecked_into()))
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

/// Loads the dialog bundle through the loader (`Chatgate._loadPanel`, memoized there) and calls `done(ok)`.
pub fn load_panel(done: impl FnOnce(bool) + 'static) {
    let Some(global) = global_function() else {
        return done(false);
    };
    let promise = js_sys::Reflect::get(&global, &JsValue::from_str("_loadPanel"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&global).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let Some(promise) = promise else {
        return done(false);
    };
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let ok_done = done.clone();
    let ok = Closure::once(move |_: JsValue| {
        if let Some(done) = ok_done.borrow_mut().take() {
            done(true);
        }
    });
    let failed = Closure::once(move |_: JsValue| {
        if let Some(done) = done.borrow_mut().take() {
            done(false);
        }
    });
    let _ = promise.then2(&ok, &failed);
    ok.forget();
    failed.forget();
}

/// Calls the registered API handler (`Chatgate._handle`), e.g. to replay commands once the dialog has loaded.
pub fn call_api_handler(command: &str, argument: &serde_json::Value) {
    let Some(global) = global_function() else {
        return;
    };
    let Some(handle) = js_sys::Reflect::get(&global, &JsValue::from_str("_handle"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    let argument = js_sys::JSON::parse(&argument.to_string()).unwrap_or(JsValue::NULL);
    let _ = handle.call2(&global, &JsValue::from_str(command), &argument);
}

/// Leaves the shadow root, the widget root and the launcher for the dialog bundle (`Chatgate._panelBoot`).
pub fn hand_over_to_panel(
    shadow: &web_sys::ShadowRoot,
    root: &web_sys::HtmlElement,
    launcher: &web_sys::HtmlElement,
    config_text: &str,
) {
    let Some(global) = global_function() else {
        return;
    };
    let boot = js_sys::Object::new();
    let config = JsValue::from_str(config_text);
    for (key, value) in [
        ("root", shadow.as_ref()),
        ("container", root.as_ref()),
        ("launcher", launcher.as_ref()),
        ("config", &config),
    ] {
        let _ = js_sys::Reflect::set(&boot, &JsValue::from_str(key), value);
    }
    let _ = js_sys::Reflect::set(&global, &JsValue::from_str("_panelBoot"), &boot);
}

/// What the launcher bundle hands to the dialog bundle.
pub struct PanelBoot {
    pub container: web_sys::HtmlElement,
    pub launcher: web_sys::HtmlElement,
    pub config: serde_json::Value,
}

/// Takes the launcher's hand-over (`Chatgate._panelBoot`).
pub fn take_panel_boot() -> Option<PanelBoot> {
    let global = global_function()?;
    let key = JsValue::from_str("_panelBoot");
    let boot = js_sys::Reflect::get(&global, &key)
        .ok()
        .filter(|value| value.is_object())?;
    let _ = js_sys::Reflect::delete_property(&global, &key);
    let get = |name: &str| js_sys::Reflect::get(&boot, &JsValue::from_str(name)).ok();
    Some(PanelBoot {
        container: get("container")?.dyn_into().ok()?,
        launcher: get("launcher")?.dyn_into().ok()?,
        config: get("config")?
            .as_string()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(serde_json::Value::Null),
    })
}

/// Creates the element the dialog mounts into, before the launcher inside the widget root.
pub fn panel_mount_point(
    container: &web_sys::HtmlElement,
    launcher: &web_sys::HtmlElement,
) -> Result<web_sys::HtmlElement, JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let element = document.create_element("div")?;
    element.set_class_name("cg-panel-slot");
    container.insert_before(&element, Some(launcher))?;
    Ok(element.unchecked_into())
}

/// Sorts `names` as the visitor's language orders them (`Intl.Collator`), returning the new order as indexes.
pub fn collate(locale: &str, names: &[String]) -> Vec<usize> {
    let fallback = || (0..names.len()).collect::<Vec<_>>();
    let sorted = (|| -> Option<Vec<String>> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
        let constructor = js_sys::Reflect::get(&intl, &JsValue::from_str("Collator"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let collator = js_sys::Reflect::construct(
            &constructor,
            &js_sys::Array::of1(&JsValue::from_str(locale)),
        )
        .ok()?;
        let compare = js_sys::Reflect::get(&collator, &JsValue::from_str("compare"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let array: js_sys::Array = names.iter().map(|name| JsValue::from_str(name)).collect();
        let sort = js_sys::Reflect::get(&array, &JsValue::from_str("sort"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        sort.call1(&array, &compare).ok()?;
        Some(array.iter().filter_map(|value| value.as_string()).collect())
    })();
    let Some(sorted) = sorted else {
        return fallback();
    };
    let mut positions: std::collections::HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    sorted
        .iter()
        .filter_map(|name| positions.remove(name.as_str()))
        .collect()
}

/// Milliseconds since the Unix epoch (`Date.now()`), for times that outlive the page (the outbox's retries).
pub fn epoch_ms() -> f64 {
    js_sys::Date::now()
}

/// A random number in [0, 1) (`Math.random()`: jitter, not secrets).
pub fn random_unit() -> f64 {
    js_sys::Math::random()
}

/// The localStorage keys that start with `prefix` (reading writes nothing).
pub fn storage_keys(prefix: &str) -> Vec<String> {
    let Ok(storage) = local_storage() else {
        return Vec::new();
    };
    let length = storage.length().unwrap_or(0);
    (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .collect()
}

/// Every localStorage entry whose key starts with `prefix`, as `(key, value)`.
pub fn storage_entries(prefix: &str) -> Vec<(String, String)> {
    storage_keys(prefix)
        .into_iter()
        .filter_map(|key| storage_get(&key).map(|value| (key, value)))
        .collect()
}

/// Removes `key` from localStorage.
pub fn storage_remove(key: &str) {
    if let Ok(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Calls `f` once after `ms` milliseconds; the number cancels it with [`clear_timeout`].
pub fn set_timeout(ms: f64, f: impl FnOnce() + 'static) -> Option<i32> {
    let window = web_sys::window()?;
    let closure = Closure::once_into_js(f);
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            closure.unchecked_ref(),
            ms.clamp(0.0, 2_147_483_647.0) as i32,
        )
        .ok()
}

/// Runs `f` in a task of its own, soon: `scheduler.postTask` (not throttled like timers in a background tab)
/// where the browser has it, else `setTimeout(0)`. Used to keep start-up work in tasks shorter than 50 ms.
pub fn next_task(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let closure = Closure::once_into_js(f);
    let post_task = js_sys::Reflect::get(&window, &JsValue::from_str("scheduler"))
        .ok()
        .filter(|scheduler| scheduler.is_object())
        .and_then(|scheduler| {
            let post = js_sys::Reflect::get(&scheduler, &JsValue::from_str("postTask"))
                .ok()?
                .dyn_into::<js_sys::Function>()
                .ok()?;
            Some((scheduler, post))
        });
    let posted =
        post_task.is_some_and(|(scheduler, post)| post.call1(&scheduler, &closure).is_ok());
    if !posted {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(closure.unchecked_ref(), 0);
    }
}

/// Marks an element busy (`aria-busy="true"`) or not: the launcher while the dialog it was asked for loads.
pub fn set_busy(element: &web_sys::HtmlElement, busy: bool) {
    let _ = if busy {
        element.set_attribute("aria-busy", "true")
    } else {
        element.remove_attribute("aria-busy")
    };
}

/// Tells the loader the launcher bundle has started (`Chatgate._started(shown)`): when the launcher is shown it
/// replays the calls queued before and dispatches `chatgate:ready`; otherwise it drops them.
pub fn signal_started(shown: bool) {
    call_loader_hook("_started", shown);
}

/// Tells the loader the dialog bundle has started and takes calls (`Chatgate._panelStarted(ok)`): its start is
/// split across tasks, so the launcher must not forward calls when the bundle's module has merely loaded.
pub fn signal_panel_started(ok: bool) {
    call_loader_hook("_panelStarted", ok);
}

fn call_loader_hook(name: &str, value: bool) {
    let Some(global) = global_function() else {
        return;
    };
    if let Some(hook) = js_sys::Reflect::get(&global, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = hook.call1(&global, &JsValue::from_bool(value));
    }
}

pub fn clear_timeout(handle: i32) {
    if let Some(window) = web_sys::window() {
        window.clear_timeout_with_handle(handle);
    }
}

/// Calls `handler` when the browser comes back online and when the page becomes visible again.
pub fn on_online_or_visible(handler: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let handler = std::rc::Rc::new(handler);
    let online = handler.clone();
    listen(window.as_ref(), &["online"], move |_| online());
    if let Some(document) = window.document() {
        let visible = document.clone();
        listen(document.as_ref(), &["visibilitychange"], move |_| {
            if visible.visibility_state() == web_sys::VisibilityState::Visible {
                handler();
            }
        });
    }
}

/// How a POST ended, as `core::outbox` reads it. `fetch` through web-sys rather than gloo-net: gloo-net (with
/// the `http` crate it brings) added ~30 KB gzip to the launcher bundle, over its budget, for one POST.
pub async fn post_json(
    url: &str,
    body: &str,
    idempotency_key: &str,
    timeout_ms: u32,
) -> chatgate_core::outbox::Outcome {
    use chatgate_core::outbox::Outcome;
    use wasm_bindgen_futures::JsFuture;
    let Some(window) = web_sys::window() else {
        return Outcome::NetworkError;
    };
    let Ok(controller) = web_sys::AbortController::new() else {
        return Outcome::NetworkError;
    };
    let signal = controller.signal();
    let timer = set_timeout(f64::from(timeout_ms), move || controller.abort());
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_signal(Some(&signal));
    let headers = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &headers,
        &JsValue::from_str("Content-Type"),
        &JsValue::from_str("application/json"),
    );
    let _ = js_sys::Reflect::set(
        &headers,
        &JsValue::from_str("Idempotency-Key"),
        &JsValue::from_str(idempotency_key),
    );
    init.set_headers(&headers);
    let answer = async {
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str_and_init(url, &init))
                .await
                .ok()?
                .dyn_into()
                .ok()?;
        let text = match response.text() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .ok()
                .and_then(|text| text.as_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        let retry_after = response.headers().get("retry-after").ok().flatten();
        Some(Outcome::Answered {
            status: response.status(),
            retry_after,
            body: text,
        })
    };
    let outcome = match answer.await {
        Some(outcome) => outcome,
        None if signal.aborted() => Outcome::Timeout,
        None => Outcome::NetworkError,
    };
    if let Some(timer) = timer {
        clear_timeout(timer);
    }
    outcome
}

/// Runs a future on the page's event loop.
pub fn spawn(future: impl std::future::Future<Output = ()> + 'static) {
    wasm_bindgen_futures::spawn_local(future);
}

/// The caret of a text field, in chars (the DOM counts UTF-16 units; the core counts chars).
pub fn caret_chars(field: &web_sys::HtmlTextAreaElement) -> usize {
    let units = field.selection_start().ok().flatten().unwrap_or(0) as usize;
    utf16_to_chars(&field.value(), units)
}

/// Selects chars `start..end` of a text field (the DOM counts UTF-16 units).
pub fn select_chars(field: &web_sys::HtmlTextAreaElement, start: usize, end: usize) {
    let value = field.value();
    let to_units = |chars: usize| {
        value
            .chars()
            .take(chars)
            .map(char::len_utf16)
            .sum::<usize>() as u32
    };
    let _ = field.set_selection_range(to_units(start), to_units(end));
}

fn utf16_to_chars(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (index, c) in text.chars().enumerate() {
        if seen >= units {
            return index;
        }
        seen += c.len_utf16();
    }
    text.chars().count()
}

/// Puts `text` on the clipboard and calls `done` with whether the browser accepted it (it refuses without
/// permission, outside a secure context, or when the page is not focused).
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        return done(false);
    };
    let promise = window.navigator().clipboard().write_text(text);
    spawn(async move { done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()) });
}

/// A query parameter of the page's address.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}

/// The offset of the browser's local time zone from UTC, in minutes (east positive), at `epoch_seconds`.
pub fn local_offset_minutes(epoch_seconds: i64) -> i64 {
    let date = js_sys::Date::new(&JsValue::from_f64(epoch_seconds as f64 * 1000.0));
    -(date.get_timezone_offset() as i64)
}

/// Opens a URL in a new tab (the WhatsApp handoff).
pub fn open_in_new_tab(url: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.open_with_url_and_target(url, "_blank");
    }
}

/// Reads the first file chosen in a file input as text and calls `done` with it (or why it could not).
pub fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
    done: impl FnOnce(Result<(String, String), String>) + 'static,
) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    let name = file.name();
    spawn(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        done(
            text.ok()
                .and_then(|value| value.as_string())
                .map(|text| (name, text))
                .ok_or_else(|| "the file could not be read".to_string()),
        );
    });
}

/// Offers `text` as a file download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(link) = document.create_element("a") {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", file_name);
        if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
            link.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// `performance.mark(name)`.
pub fn perf_mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// `performance.measure(name, start_mark)`: from the mark to now.
pub fn perf_measure(name: &str, start_mark: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.measure_with_start_mark(name, start_mark);
    }
}

/// A global set by the page (`window[name]`) as JSON; `null` when absent.
pub fn global_json(name: &str) -> serde_json::Value {
    web_sys::window()
        .and_then(|window| js_sys::Reflect::get(&window, &JsValue::from_str(name)).ok())
        .filter(|value| !value.is_undefined())
        .map_or(serde_json::Value::Null, |value| js_to_json(&value))
}

/// GETs a text file (the assistant's configured template library).
pub async fn get_text(url: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url} could not be fetched"))?
        .dyn_into()
        .map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| "no body".to_string())?)
        .await
        .map_err(|_| format!("{url}: the body could not be read"))?;
    text.as_string().ok_or_else(|| format!("{url}: not text"))
}
