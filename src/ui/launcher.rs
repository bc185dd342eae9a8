//! The visitor widget's first bundle: checks the config and shows the launcher, nothing more. It uses no Leptos,
//! so what every visitor downloads to see the launcher stays small; the dialog (`ui::widget`, the `panel`
//! bundle) is loaded from the widget's own origin on the first interaction with the launcher (pointer over it,
//! focus, touch, click) or the first API call that needs it, and takes the launcher over.

use std::cell::RefCell;
use std::rc::Rc;


use crate::core::i18n;
use crate::core::widget_config::parse_widget_config;
use crate::web;

/// The widget's stylesheet, applied to its shadow root (shared by the dialog, which adds no styles of its own).
pub const WIDGET_CSS: &str = include_str!("../../www/widget.css");

/// The dialog bundle's loading state, and the commands waiting for it.
#[derive(Default)]
struct PanelLoad {
    started: bool,
    ready: bool,
    waiting: Vec<(String, serde_json::Value)>,
}

/// Starts the launcher from the loader's hand-over. Without a hand-over (the bundle opened directly) it does nothing.
pub fn start() {
    let Some(boot) = web::take_boot() else { return };
    let config = match parse_widget_config(&boot.config) {
        Ok(config) => config,
        Err(error) => {
            web::console_error(&error.to_string());
            web::dispatch_event("error", &serde_json::json!({"key": error.key, "message": error.to_string()}));
            return;
        }
    };
    if let Err(error) = web::adopt_stylesheet(&boot.root, &format!("{WIDGET_CSS}\n{}", config.accent_css())) {
        web::console_error(&format!("Chatgate: could not apply styles: {error:?}"));
    }
    let locale = i18n::choose_locale(Some(&config.locale), &web::browser_languages());
    let Ok((root, launcher)) = web::create_launcher(&boot.root, &config.root_classes(), &config.chat_title(locale)) else { return };
    web::hand_over_to_panel(&boot.root, &root, &launcher, &boot.config);

    let state = Rc::new(RefCell::new(PanelLoad::default()));
    let load = {
        let state = state.clone();
        move |then: Option<(String, serde_json::Value)>| {
            let mut current = state.borrow_mut();
            if current.ready {
                drop(current);
                if let Some((command, argument)) = then {
                    web::call_api_handler(&command, &argument);
                }
                return;
            }
            current.waiting.extend(then);
            if current.started {
                return;
            }
            current.started = true;
            drop(current);
            let state = state.clone();
            web::load_panel(move |ok| {
                let waiting = {
                    let mut current = state.borrow_mut();
                    current.ready = ok;
                    current.started = ok;
                    std::mem::take(&mut current.waiting)
                };
                if !ok {
                    web::console_error("Chatgate: could not load the widget's dialog");
                    web::dispatch_event("error", &serde_json::json!({"reason": "load", "message": "the dialog could not be loaded"}));
                    return;
                }
                for (command, argument) in waiting {
                    web::call_api_handler(&command, &argument);
                }
            });
        }
    };
    // Interest in the launcher starts loading the dialog; a click opens it once loaded (later clicks are the
    // dialog bundle's own).
    let preload = load.clone();
    web::listen(launcher.as_ref(), &["pointerenter", "focus", "touchstart"], move |_| preload(None));
    let click_state = state.clone();
    let click_load = load.clone();
    web::listen(launcher.as_ref(), &["click"], move |_| {
        if !click_state.borrow().ready {
            click_load(Some(("toggle".to_string(), serde_json::Value::Null)));
        }
    });
    web::register_api_handler(move |command, argument| match command.as_str() {
        "open" | "set" | "withdraw" => load(Some((command, argument))),
        "close" => {}
        other => web::console_error(&format!("Chatgate: unknown command '{other}' (expected open, close, on, set or withdraw)")),
    });
}
