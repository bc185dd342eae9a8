//! The `Chatgate` global that `www/loader.js` defines, declared once as a typed `extern`: the hand-over keys the
//! loader and the two bundles share (`_boot`, `_started`, `_handle`, `_loadPanel`, `_panelBoot`, `_panelStarted`)
//! are named here and nowhere else on the Rust side; the loader names them once at its top. Methods are called
//! on the `Chatgate` function object (`Chatgate._started(shown)`), so `this` is the global, as the loader
//! expects. It owns no decision: [`crate::boot`] says when each key is read, written or called. A missing key
//! reads as `undefined`; calling a missing or throwing hook is an `Err` the callers ignore, never a panic.

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

    /// `Chatgate._boot`: the loader's `{ root, config, container, launcher }` for the launcher bundle ([`LoaderBoot`]).
    #[wasm_bindgen(method, getter = "_boot")]
    pub(crate) fn boot(this: &Chatgate) -> JsValue;

    /// `Chatgate._started(shown)`: the launcher bundle has checked the config (and re-drawn the launcher from the
    /// core's decisions, or removed it). Returns the visitor's interest the loader saw before (0 none, 1 pointer,
    /// focus or touch, 2 a click).
    #[wasm_bindgen(method, catch, js_name = "_started")]
    pub(crate) fn started(this: &Chatgate, shown: bool) -> Result<JsValue, JsValue>;

    /// `Chatgate._handle = handler`: where the loader forwards `Chatgate(command, argument)` calls.
    #[wasm_bindgen(method, setter = "_handle")]
    pub(crate) fn set_handle(this: &Chatgate, handler: &js_sys::Function);

    /// `Chatgate._handle(command, argument)`: the handler the dialog bundle registered.
    #[wasm_bindgen(method, catch, js_name = "_handle")]
    pub(crate) fn handle(this: &Chatgate, command: &str, argument: &JsValue)
        -> Result<(), JsValue>;

    /// `Chatgate._loadPanel()`: the loader's memoized promise of the dialog bundle.
    #[wasm_bindgen(method, catch, js_name = "_loadPanel")]
    pub(crate) fn load_panel(this: &Chatgate) -> Result<JsValue, JsValue>;

    /// `Chatgate._panelBoot`: the launcher bundle's `{ root, container, launcher, config }` for the dialog
    /// bundle ([`PanelHandOver`]); the loader never reads it.
    #[wasm_bindgen(method, getter = "_panelBoot")]
    pub(crate) fn panel_boot(this: &Chatgate) -> JsValue;

    #[wasm_bindgen(method, setter = "_panelBoot")]
    pub(crate) fn set_panel_boot(this: &Chatgate, boot: &PanelHandOver);

    /// `Chatgate._panelStarted(ok)`: the dialog bundle takes calls (or failed); the loader settles `_loadPanel`.
    #[wasm_bindgen(method, catch, js_name = "_panelStarted")]
    pub(crate) fn panel_started(this: &Chatgate, ok: bool) -> Result<(), JsValue>;

    /// The object at `Chatgate._boot`, made by the loader.
    #[wasm_bindgen(extends = js_sys::Object)]
    pub(crate) type LoaderBoot;

    /// The widget root (`.cg-root`) the loader drew in the shadow root.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn container(this: &LoaderBoot) -> JsValue;

    /// The launcher button the loader drew.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn launcher(this: &LoaderBoot) -> JsValue;

    /// The shadow root the loader attached to its host element.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn root(this: &LoaderBoot) -> JsValue;

    /// The page's config object (`window.ChatgateSettings` or the script tag's `data-` attributes).
    #[wasm_bindgen(method, getter)]
    pub(crate) fn config(this: &LoaderBoot) -> JsValue;

    /// The object at `Chatgate._panelBoot`, made by the launcher bundle.
    #[wasm_bindgen(extends = js_sys::Object)]
    pub(crate) type PanelHandOver;

    #[wasm_bindgen(method, setter)]
    pub(crate) fn set_root(this: &PanelHandOver, root: &web_sys::ShadowRoot);

    /// The widget root (`.chatgate`) inside the shadow root.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn container(this: &PanelHandOver) -> JsValue;

    #[wasm_bindgen(method, setter)]
    pub(crate) fn set_container(this: &PanelHandOver, container: &web_sys::HtmlElement);

    /// The launcher button.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn launcher(this: &PanelHandOver) -> JsValue;

    #[wasm_bindgen(method, setter)]
    pub(crate) fn set_launcher(this: &PanelHandOver, launcher: &web_sys::HtmlElement);

    /// The config as JSON text, as the launcher bundle read it at start-up.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn config(this: &PanelHandOver) -> JsValue;

    #[wasm_bindgen(method, setter)]
    pub(crate) fn set_config(this: &PanelHandOver, config: &str);
}

/// `window.Chatgate` if it is an object (the loader's function), else `None` (no loader on this page).
pub(crate) fn chatgate() -> Option<Chatgate> {
    let window: HostWindow = web_sys::window()?.unchecked_into();
    let global = window.chatgate().dyn_into::<js_sys::Object>().ok()?;
    Some(global.unchecked_into())
}

impl Chatgate {
    /// Reads and deletes `Chatgate._boot` (deleted, not set to `undefined`: the key is gone, as before).
    pub(crate) fn take_boot(&self) -> Option<LoaderBoot> {
        let boot = self.boot();
        if !boot.is_object() {
            return None;
        }
        let _ = js_sys::Reflect::delete_property(self, &JsValue::from_str("_boot"));
        Some(boot.unchecked_into())
    }

    /// Reads and deletes `Chatgate._panelBoot`.
    pub(crate) fn take_panel_boot(&self) -> Option<PanelHandOver> {
        let boot = self.panel_boot();
        if !boot.is_object() {
            return None;
        }
        let _ = js_sys::Reflect::delete_property(self, &JsValue::from_str("_panelBoot"));
        Some(boot.unchecked_into())
    }
}
