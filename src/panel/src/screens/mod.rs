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

use crate::dom::{el, Node};
use crate::{Screen, WidgetState};

/// "Back" to the choice, shown when both paths are offered.
pub(crate) fn back_button(state: WidgetState, locale: &'static str) -> Node {
    let now = chatgate_core::time::Timestamp(chatgate_web::now_seconds());
    let both = state
        .config
        .with_value(|c| c.chat_offered_at(now) && c.updates());
    both.then(|| {
        el("button")
            .attr("type", "button")
            .class("cg-back")
            .on("click", move |_| state.go(Screen::Home))
            .child(format!("← {}", i18n::text(locale, "panel.back")))
    })
    .into()
}
