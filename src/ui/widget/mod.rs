//! The visitor widget: a launcher in a corner of the company's site and its panel.
//!
//! At this stage the panel offers the click-to-chat handoff only; the opt-in form arrives with the widget
//! issue. Config errors are reported once on the console and as `chatgate:error`, and no launcher is shown.

use leptos::prelude::*;

use crate::core::click_to_chat::{build_chat_url, LinkForm};
use crate::core::widget_config::{parse_widget_config, WidgetConfig};
use crate::web;

/// The widget's stylesheet, applied to its shadow root.
pub const WIDGET_CSS: &str = include_str!("../../../www/widget.css");

/// Starts the widget from the loader's hand-over. Without a hand-over (the bundle opened directly) it does nothing.
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
    if let Err(error) = web::adopt_stylesheet(&boot.root, WIDGET_CSS) {
        web::console_error(&format!("Chatgate: could not apply styles: {error:?}"));
    }
    let Ok(parent) = web::mount_point(&boot.root) else { return };
    let open = RwSignal::new(false);
    leptos::mount::mount_to(parent, move || view! { <Widget config=config open=open/> }).forget();
    web::register_api_handler(move |command, _argument| match command.as_str() {
        "open" => open.set(true),
        "close" => open.set(false),
        other => web::console_error(&format!("Chatgate: unknown command '{other}' (expected 'open' or 'close')")),
    });
}

/// The launcher button and, when open, the panel with the WhatsApp handoff.
#[component]
pub fn Widget(config: WidgetConfig, open: RwSignal<bool>) -> impl IntoView {
    let chat_url = build_chat_url(LinkForm::WaMe, Some(&config.phone), &config.message).url;
    let title = config.chat_title();
    let panel_title = title.clone();
    let toggle = move |_| {
        let now_open = !open.get_untracked();
        open.set(now_open);
        web::dispatch_event(if now_open { "open" } else { "close" }, &serde_json::Value::Null);
    };
    view! {
        <Show when=move || open.get()>
            <section class="cg-panel" role="dialog" aria-label=panel_title.clone()>
                <h2 class="cg-title">{panel_title.clone()}</h2>
                <p class="cg-text">"Continue the conversation on WhatsApp."</p>
                <a class="cg-chat" href=chat_url.clone() target="_blank" rel="noopener noreferrer">"Chat on WhatsApp"</a>
            </section>
        </Show>
        <button
            type="button"
            class="cg-launcher"
            aria-label=title
            aria-expanded=move || open.get().to_string()
            on:click=toggle
        >
            <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
                <path fill="currentColor" d="M16 3C8.8 3 3 8.6 3 15.6c0 2.5.7 4.8 2 6.8L3.6 29l6.8-1.8c1.7.9 3.6 1.4 5.6 1.4 7.2 0 13-5.6 13-12.6S23.2 3 16 3zm0 23c-1.8 0-3.5-.5-5-1.3l-.4-.2-4 1 1-3.8-.3-.4A10.1 10.1 0 0 1 5.6 15.6C5.6 10 10.3 5.5 16 5.5s10.4 4.5 10.4 10.1S21.7 26 16 26zm5.7-7.6c-.3-.2-1.8-.9-2.1-1s-.5-.2-.7.2-.8 1-1 1.2-.4.2-.7 0a8.5 8.5 0 0 1-4.2-3.6c-.3-.5.3-.5.9-1.6.1-.2 0-.4 0-.5l-1-2.3c-.2-.6-.5-.5-.7-.5h-.6c-.2 0-.5.1-.8.4s-1 1-1 2.5 1.1 2.9 1.2 3.1c.2.2 2.1 3.2 5.1 4.5 1.9.8 2.6.9 3.6.7.6-.1 1.8-.7 2-1.4.3-.7.3-1.3.2-1.4l-.2-.4z"/>
            </svg>
        </button>
    }
}
