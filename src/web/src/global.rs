//! The `Chatgate` global that `www/loader.js` defines, declared once as a typed `extern`: the hand-over keys the
//! loader and the dialog bundle share (`_boot`, `_handle`, `_panelStarted`) are named here and nowhere else on
//! the Rust side; the loader names them once at its top (with `_checked`, the config checker's verdict, which
//! the dialog bundle no longer gives: it starts only after an accepted one). Methods are called on the
//! `Chatgate` function object (`Chatgate._panelStarted(true)`), so `this` is the global, as the loader expects. It owns no
//! decision: [`crate::boot`] says when each key is read, written or called. A missing key reads as `undefined`;
//! calling a missing or throwing hook is an `Err` the callers ignore, never a panic.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `window`, as far as the widget reads it: only the loader's global.
    #[wasm_bindgen(extends = js_sys::Object)]
    type HostWindow;

    /// `window.Chatgate` (any value: [`chatgate`] checks that it is an object).
    #[wasm_bindgen(method, getter = "Chatgate")]
    fn chatgate(this: &HostWindow) -> JsValue;

    /// The loader's global function, `window.Chatgate`, with the hand-over keys as its properties.
    #[wasm_bindgen(extends = js_sys::Object)]
    pub(crate) type Chatgate;

    /// `Chatgate._boot`: the loader's `{ root, container, launcher, file, qr, deliver, normalized, tables }` for the dialog bundle
    /// ([`LoaderBoot`]).
    #[wasm_bindgen(method, getter = "_boot")]
    pub(crate) fn boot(this: &Chatgate) -> JsValue;

    /// `Chatgate._handle = handler`: where the loader forwards `Chatgate(command, argument)` calls.
    #[wasm_bindgen(method, setter = "_handle")]
    pub(crate) fn set_handle(this: &Chatgate, handler: &js_sys::Function);

    /// `Chatgate._panelStarted(ok)`: the dialog bundle takes calls (or failed); the loader settles its promise
    /// and returns what waited for the dialog ([`Waiting`]).
    #[wasm_bindgen(method, catch, js_name = "_panelStarted")]
    pub(crate) fn panel_started(this: &Chatgate, ok: bool) -> Result<JsValue, JsValue>;

    /// The object at `Chatgate._boot`, made by the loader.
    #[wasm_bindgen(extends = js_sys::Object)]
    pub(crate) type LoaderBoot;

    /// The shadow root the loader attached to its host element.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn root(this: &LoaderBoot) -> JsValue;

    /// The config as the config checker accepted and wrote it (`core::widget_config::write_normalized`),
    /// added by the loader before it starts the dialog bundle; never the page's own object.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn normalized(this: &LoaderBoot) -> JsValue;

    /// The widget root (`.cg-root`) the loader drew in the shadow root.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn container(this: &LoaderBoot) -> JsValue;

    /// The launcher button the loader drew.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn launcher(this: &LoaderBoot) -> JsValue;

    /// `boot.file(name)`: the loader fetches the table or text file `name` (`phone/44`: `.txt` added) from
    /// beside itself; a promise of its text, rejected with an `Error` saying why.
    #[wasm_bindgen(method, catch)]
    pub(crate) fn file(this: &LoaderBoot, name: &str) -> Result<js_sys::Promise, JsValue>;

    /// The phone and zone table files the config checker fetched for the config (their texts joined), when it
    /// ran before the dialog bundle; else `undefined`.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn tables(this: &LoaderBoot) -> JsValue;

    /// `boot.qr(text, draw)`: the loader calls `draw` with the QR encoder's answer for `text` once the screen
    /// shows QR codes (it imports `src/qr` then).
    #[wasm_bindgen(method, catch)]
    pub(crate) fn qr(this: &LoaderBoot, text: &str, draw: &JsValue) -> Result<(), JsValue>;

    /// `boot.deliver(key, entry, stored)`: hands an outbox entry to the consent courier (`src/deliver`), which
    /// the loader imports then; `stored` says whether the entry is in localStorage under `key`.
    #[wasm_bindgen(method, catch)]
    pub(crate) fn deliver(
        this: &LoaderBoot,
        key: &str,
        entry: &str,
        stored: bool,
    ) -> Result<(), JsValue>;

    /// What `Chatgate._panelStarted(true)` returns: the calls made before the dialog was there and whether the
    /// launcher was clicked meanwhile.
    #[wasm_bindgen(extends = js_sys::Object)]
    pub(crate) type Waiting;

    /// `[[command, argument], …]`, in the order they were made.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn calls(this: &Waiting) -> JsValue;

    #[wasm_bindgen(method, getter)]
    pub(crate) fn clicked(this: &Waiting) -> JsValue;
}

/// `window.Chatgate` if it is an object (the loader's function), else `None` (no loader on this page).
pub(crate) fn chatgate() -> Option<Chatgate> {
    let window: HostWindow = web_sys::window()?.unchecked_into();
    let global = window.chatgate().dyn_into::<js_sys::Object>().ok()?;
    Some(global.unchecked_into())
}

impl Chatgate {
    /// Reads `Chatgate._boot` (the loader keeps it: the config checker and the dialog bundle both read it).
    pub(crate) fn loader_boot(&self) -> Option<LoaderBoot> {
        let boot = self.boot();
        if !boot.is_object() {
            return None;
        }
        Some(boot.unchecked_into())
    }
}
