//! The visitor widget's launcher bundle: the core's config checks and the launcher's behaviour. The loader
//! (`www/loader.js`) has already drawn the launcher from the config without waiting for any wasm; this bundle is
//! loaded when the browser is idle after the page's `load` event, or at once on interest in the launcher or an
//! API call. It checks the whole config with the core (the business number for its country, every key): a
//! refused config removes the launcher with one console error naming the key and a `chatgate:error` event;
//! an accepted one re-applies the core's decisions to the launcher (classes, label, language, accent) and
//! wires it. The dialog (the `panel` bundle, Leptos) is loaded from the widget's own origin on the first
//! interaction with the launcher (pointer over it, focus, touch, click), the first API call that needs it, or
//! at once when consents wait for delivery (the dialog bundle owns the outbox), and takes the launcher over.

use std::cell::RefCell;
use std::rc::Rc;

use chatgate_core::events::{WidgetEvent, WidgetProblem};
use chatgate_core::i18n;
use chatgate_core::outbox::STORAGE_PREFIX;
use chatgate_core::widget_config::{parse_widget_config_text, WidgetConfig};
use chatgate_core::widget_flow::{ApiCommand, DeferredDialog, DialogStep};
use chatgate_web as web;

/// Starts from the loader's hand-over. Without a hand-over (the bundle opened directly) it does nothing.
///
/// The work is split across tasks so none blocks the host page for long (V8 compiles each wasm function on its
/// first call, on the main thread): the wasm instantiation and taking the hand-over share the first; then checking
/// the config, and re-applying the core's decisions and listening, each get one. Then the loader is told
/// (`web::signal_started`): with the launcher kept it replays the calls queued before and dispatches
/// `chatgate:ready`; after a refused config it drops them.
pub fn start() {
    let Some(boot) = web::take_boot() else { return };
    web::next_task(move || {
        let config = match parse_widget_config_text(&boot.config_text) {
            Ok(config) => config,
            Err(error) => {
                web::remove_element(&boot.container);
                let message = error.to_string();
                web::console_error(&message);
                let event = WidgetEvent::Error(WidgetProblem::Config {
                    key: error.key,
                    message: &message,
                });
                web::dispatch_event(event.name(), &event.detail());
                web::signal_started(false);
                return;
            }
        };
        web::next_task(move || show(&boot, &config));
    });
}

/// Re-applies the core's decisions to the launcher the loader drew and wires it: interest loads the dialog
/// bundle, API calls go to it.
fn show(boot: &web::Boot, config: &WidgetConfig) {
    let locale = i18n::choose_locale(Some(&config.locale), &web::browser_languages());
    let launcher = boot.launcher.clone();
    boot.container.set_class_name(&config.root_classes());
    web::label_launcher(&launcher, &config.chat_title(locale), locale);
    if let Err(error) = web::replace_accent_stylesheet(&boot.root, &config.accent_css()) {
        web::console_error(&format!("Chatgate: could not apply styles: {error:?}"));
    }
    web::hand_over_to_panel(&boot.root, &boot.container, &launcher, &boot.config_text);

    let dialog = Rc::new(RefCell::new(DeferredDialog::default()));
    let click_dialog = dialog.clone();
    let busy_launcher = launcher.clone();
    let request = move |command: Option<ApiCommand>| {
        let step = dialog.borrow_mut().request(command);
        web::set_busy(&busy_launcher, dialog.borrow().opening());
        match step {
            DialogStep::Wait => {}
            DialogStep::Forward(command) => forward(command.into_iter()),
            DialogStep::Load => {
                let dialog = dialog.clone();
                let busy_launcher = busy_launcher.clone();
                web::load_panel(move |ok| {
                    let waiting = dialog.borrow_mut().loaded(ok);
                    web::set_busy(&busy_launcher, false);
                    if ok {
                        forward(waiting.into_iter());
                    } else {
                        web::console_error("Chatgate: could not load the widget's dialog");
                        let event = WidgetEvent::Error(WidgetProblem::Load);
                        web::dispatch_event(event.name(), &event.detail());
                    }
                });
            }
        }
    };
    // Interest in the launcher starts loading the dialog; a click before it has loaded opens it once loaded
    // (later clicks are the dialog bundle's own).
    let preload = request.clone();
    web::listen(
        launcher.as_ref(),
        &["pointerenter", "focus", "touchstart"],
        move |_| preload(None),
    );
    let click = request.clone();
    web::listen(launcher.as_ref(), &["click"], move |_| {
        if !click_dialog.borrow().is_ready() {
            click(Some(ApiCommand::Toggle));
        }
    });
    let load_now = request.clone();
    let early = request.clone();
    let has_endpoint = config.consent_endpoint.is_some();
    web::register_api_handler(move |command, argument| {
        match ApiCommand::parse(&command, &argument) {
            Ok(command) => request(Some(command)), // `close` before the dialog has loaded cancels a waiting `open`
            Err(problem) => web::console_error(&problem),
        }
    });
    // What the visitor did while only the loader's launcher was there: a click opens the dialog once it has
    // loaded (the loader marked the launcher busy), a pointer or focus loads it.
    match web::signal_started(true) {
        web::EarlyInterest::Clicked => early(Some(ApiCommand::Open)),
        web::EarlyInterest::Shown => early(None),
        web::EarlyInterest::None => {}
    }
    // Consents an earlier page could not deliver are sent now: the dialog bundle owns the outbox, so it is
    // loaded for the few visitors who have one waiting. Checked after start-up (a first localStorage read can
    // block the main thread); reading storage writes nothing.
    if has_endpoint {
        web::next_task(move || {
            if !web::storage_keys(STORAGE_PREFIX).is_empty() {
                load_now(None);
            }
        });
    }
}

/// Hands calls to the dialog bundle's handler (`Chatgate._handle`, which it registered when it loaded).
fn forward(commands: impl Iterator<Item = ApiCommand>) {
    for command in commands {
        let (name, argument) = command.to_call();
        web::call_api_handler(name, &argument);
    }
}
