//! The dialog's screens, one `#[component]` per file: the choice (`home`), chat now (`chat`), the opt-in and
//! re-consent forms (`opt_in`), the confirmation, the manage view and the withdrawn notice (`manage`).
//! Each reads the state's signals, calls the core and renders.

mod chat;
mod home;
mod manage;
mod opt_in;

pub use chat::ChatScreen;
pub use home::HomeScreen;
pub use manage::{DoneScreen, ManageScreen, WithdrawnScreen};
pub(crate) use opt_in::prefetch_region;
pub use opt_in::{OptInScreen, ReconsentScreen};

use leptos::prelude::*;

use chatgate_core::i18n;

use crate::{Screen, WidgetState};

/// A click handler boxed: Leptos compiles its event code (attaching, the JavaScript closure) once per handler
/// type, so the dialog's buttons sharing one type share that code (issue 15: with the `input` and `change` handlers, −1.0 KB gzip).
pub(crate) fn on_click(
    handler: impl FnMut(leptos::ev::MouseEvent) + 'static,
) -> Box<dyn FnMut(leptos::ev::MouseEvent)> {
    Box::new(handler)
}

/// An `input` or `change` handler boxed, for the same reason as [`on_click`].
pub(crate) fn on_event(
    handler: impl FnMut(leptos::ev::Event) + 'static,
) -> Box<dyn FnMut(leptos::ev::Event)> {
    Box::new(handler)
}

/// An attribute's text recomputed when the signals it reads change, boxed as one type for the same reason as
/// [`on_click`]: Leptos compiles its update code once for all of them.
pub(crate) type ReactiveText = Box<dyn FnMut() -> String + Send>;

pub(crate) fn reactive_text(text: impl FnMut() -> String + Send + 'static) -> ReactiveText {
    Box::new(text)
}

/// "Back" to the choice, shown when both paths are offered.
pub(crate) fn back_button(state: WidgetState, locale: &'static str) -> impl IntoView {
    let now = chatgate_core::time::Timestamp(chatgate_web::now_seconds());
    let both = state
        .config
        .with_value(|c| c.chat_offered_at(now) && c.updates());
    both.then(|| view! {
        <button type="button" class="cg-back" on:click=on_click(move |_| state.go(Screen::Home))>{format!("← {}", i18n::text(locale, "panel.back"))}</button>
    })
}
