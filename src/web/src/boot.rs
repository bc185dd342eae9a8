//! The loader's hand-overs, in the order a page sees them: the loader draws the launcher and leaves `_boot`
//! (the shadow root, the widget root, the launcher, and once the config checker has accepted the config, the
//! config as the checker wrote it); the dialog bundle takes it, registers the API handler (`_handle`) the
//! loader forwards `Chatgate(command, argument)` to, and says `_panelStarted`, which returns the calls and
//! clicks that waited for it. The keys themselves are declared once, in [`crate::global`]; this file decides
//! nothing about the widget, it only moves values across the JS boundary.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::global::{chatgate, Waiting};
use crate::json::js_to_value;

/// What the loader hands to the widget: the shadow root, the widget root and launcher it drew there, and the
/// config the checker accepted.
pub struct Boot {
    pub root: web_sys::ShadowRoot,
    pub container: web_sys::HtmlElement,
    pub launcher: web_sys::HtmlElement,
    /// The config as the config checker wrote it (`core::widget_config::read_normalized` reads it); empty when
    /// the loader gave none.
    pub normalized_config: String,
    /// The table files' texts the config checker fetched before (empty when it had not run).
    pub tables: String,
}

/// Reads the loader's hand-over (`Chatgate._boot`), if this bundle was started by the loader.
pub fn take_boot() -> Option<Boot> {
    let boot = chatgate()?.loader_boot()?;
    let root = boot.root().dyn_into::<web_sys::ShadowRoot>().ok()?;
    let container = boot.container().dyn_into::<web_sys::HtmlElement>().ok()?;
    let launcher = boot.launcher().dyn_into::<web_sys::HtmlElement>().ok()?;
    Some(Boot {
        root,
        container,
        launcher,
        normalized_config: boot.normalized().as_string().unwrap_or_default(),
        tables: boot.tables().as_string().unwrap_or_default(),
    })
}

/// Registers the handler the loader forwards `Chatgate(command, argument)` calls to (`Chatgate._handle`).
pub fn register_api_handler(handler: impl Fn(String, chatgate_core::json_text::Value) + 'static) {
    let Some(global) = chatgate() else {
        return;
    };
    let closure =
        Closure::<dyn Fn(JsValue, JsValue)>::new(move |command: JsValue, argument: JsValue| {
            handler(
                command.as_string().unwrap_or_default(),
                js_to_value(&argument),
            );
        });
    global.set_handle(closure.as_ref().unchecked_ref());
    closure.forget(); // lives as long as the page
}

/// What waited for the dialog bundle: the page's calls, in order, and whether the visitor clicked the launcher.
#[derive(Debug, Default)]
pub struct WaitingCalls {
    pub calls: Vec<(String, chatgate_core::json_text::Value)>,
    pub clicked: bool,
}

/// Tells the loader the dialog bundle has started and takes calls (`Chatgate._panelStarted(ok)`): its start is
/// split across tasks, so the loader must not forward calls when the bundle's module has merely loaded. Returns
/// what waited for it (nothing after a failure).
pub fn signal_panel_started(ok: bool) -> WaitingCalls {
    let Some(waiting) = chatgate()
        .and_then(|global| global.panel_started(ok).ok())
        .filter(|value| value.is_object())
        .map(JsCast::unchecked_into::<Waiting>)
    else {
        return WaitingCalls::default();
    };
    let calls = js_sys::Array::from(&waiting.calls())
        .iter()
        .map(|call| {
            let call = js_sys::Array::from(&call);
            (
                call.get(0).as_string().unwrap_or_default(),
                js_to_value(&call.get(1)),
            )
        })
        .collect();
    WaitingCalls {
        calls,
        clicked: waiting.clicked().is_truthy(),
    }
}
