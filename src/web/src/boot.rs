//! The loader's hand-overs, in the order a page sees them: the launcher bundle takes `_boot` and says
//! `_started`; it loads the dialog bundle through `_loadPanel` and leaves it `_panelBoot`; the dialog bundle takes
//! that and says `_panelStarted`. Both register the API handler (`_handle`) the loader forwards
//! `Chatgate(command, argument)` to. The keys themselves are declared once, in [`crate::global`]; this file
//! decides nothing about the widget, it only moves values across the JS boundary.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::global::{chatgate, PanelHandOver};
use crate::json::{js_to_json, json_to_js};

/// What the loader hands to the widget: the shadow root, the widget root and launcher it drew there, and the
/// config object as JSON.
pub struct Boot {
    pub root: web_sys::ShadowRoot,
    pub container: web_sys::HtmlElement,
    pub launcher: web_sys::HtmlElement,
    /// The config as JSON text, as read at start-up (the dialog bundle gets this snapshot, not the page's object,
    /// which the page may have changed since the launcher checked it).
    pub config_text: String,
}

/// Takes the loader's hand-over (`Chatgate._boot`), if this bundle was started by the loader.
pub fn take_boot() -> Option<Boot> {
    let boot = chatgate()?.take_boot()?;
    let root = boot.root().dyn_into::<web_sys::ShadowRoot>().ok()?;
    let container = boot.container().dyn_into::<web_sys::HtmlElement>().ok()?;
    let launcher = boot.launcher().dyn_into::<web_sys::HtmlElement>().ok()?;
    let config_text = js_sys::JSON::stringify(&boot.config())
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| "null".to_string());
    Some(Boot {
        root,
        container,
        launcher,
        config_text,
    })
}

/// What the visitor did to the launcher before the launcher bundle took it over from the loader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EarlyInterest {
    None,
    /// Pointer over, focus or touch: the dialog is wanted soon.
    Shown,
    /// At least one click: the dialog is to open once it is there (the loader marked the launcher busy).
    Clicked,
}

/// Tells the loader the launcher bundle has started (`Chatgate._started(shown)`): when the launcher is shown it
/// replays the calls queued before and dispatches `chatgate:ready`; otherwise it drops them. Either way it stops
/// listening to the launcher and says what the visitor did to it meanwhile.
pub fn signal_started(shown: bool) -> EarlyInterest {
    let pending = chatgate()
        .and_then(|global| global.started(shown).ok())
        .and_then(|value| value.as_f64())
        .unwrap_or(0.0);
    if pending >= 2.0 {
        EarlyInterest::Clicked
    } else if pending >= 1.0 {
        EarlyInterest::Shown
    } else {
        EarlyInterest::None
    }
}

/// Registers the handler the loader forwards `Chatgate(command, argument)` calls to (`Chatgate._handle`).
pub fn register_api_handler(handler: impl Fn(String, serde_json::Value) + 'static) {
    let Some(global) = chatgate() else {
        return;
    };
    let closure =
        Closure::<dyn Fn(JsValue, JsValue)>::new(move |command: JsValue, argument: JsValue| {
            handler(
                command.as_string().unwrap_or_default(),
                js_to_json(&argument),
            );
        });
    global.set_handle(closure.as_ref().unchecked_ref());
    closure.forget(); // lives as long as the page
}

/// Calls the registered API handler (`Chatgate._handle`), e.g. to replay commands once the dialog has loaded.
pub fn call_api_handler(command: &str, argument: &serde_json::Value) {
    let Some(global) = chatgate() else {
        return;
    };
    // A missing handler makes the call throw; that is caught and ignored, as a missing function was before.
    let _ = global.handle(command, &json_to_js(argument));
}

/// Loads the dialog bundle through the loader (`Chatgate._loadPanel`, memoized there) and calls `done(ok)`.
pub fn load_panel(done: impl FnOnce(bool) + 'static) {
    let Some(global) = chatgate() else {
        return done(false);
    };
    let promise = global
        .load_panel()
        .ok()
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

/// Leaves the shadow root, the widget root and the launcher for the dialog bundle (`Chatgate._panelBoot`).
pub fn hand_over_to_panel(
    shadow: &web_sys::ShadowRoot,
    root: &web_sys::HtmlElement,
    launcher: &web_sys::HtmlElement,
    config_text: &str,
) {
    let Some(global) = chatgate() else {
        return;
    };
    let boot: PanelHandOver = js_sys::Object::new().unchecked_into();
    boot.set_root(shadow);
    boot.set_container(root);
    boot.set_launcher(launcher);
    boot.set_config(config_text);
    global.set_panel_boot(&boot);
}

/// What the launcher bundle hands to the dialog bundle.
pub struct PanelBoot {
    pub container: web_sys::HtmlElement,
    pub launcher: web_sys::HtmlElement,
    /// The config as JSON text (read with `widget_config::parse_widget_config_text`).
    pub config_text: String,
}

/// Takes the launcher's hand-over (`Chatgate._panelBoot`).
pub fn take_panel_boot() -> Option<PanelBoot> {
    let boot = chatgate()?.take_panel_boot()?;
    Some(PanelBoot {
        container: boot.container().dyn_into().ok()?,
        launcher: boot.launcher().dyn_into().ok()?,
        config_text: boot
            .config()
            .as_string()
            .unwrap_or_else(|| "null".to_string()),
    })
}

/// Tells the loader the dialog bundle has started and takes calls (`Chatgate._panelStarted(ok)`): its start is
/// split across tasks, so the launcher must not forward calls when the bundle's module has merely loaded.
pub fn signal_panel_started(ok: bool) {
    if let Some(global) = chatgate() {
        let _ = global.panel_started(ok);
    }
}
