//! The first screen when both paths are offered: chat now, or get updates (manage them once given).

use leptos::prelude::*;

use chatgate_core::consent::active_record;
use chatgate_core::i18n;

use crate::dom::{el, Node};
use crate::{Screen, WidgetState};

/// One of the two choices: a button with a title and, when there is one, a hint.
fn choice(title: &'static str, hint: &'static str, go: impl Fn() + 'static) -> Node {
    el("button")
        .attr("type", "button")
        .class("cg-choice")
        .on("click", move |_| go())
        .child(el("span").class("cg-choice-title").child(title))
        .child((!hint.is_empty()).then(|| el("span").class("cg-choice-hint").child(hint)))
        .into()
}

#[component]
pub fn HomeScreen(state: WidgetState, locale: &'static str) -> Node {
    let t = move |key| i18n::text(locale, key);
    let business = state.business();
    let active = state
        .records
        .with_value(|records| active_record(records, &business).cloned());
    let (updates_title, updates_hint) = if active.is_some() {
        (t("home.manage"), "")
    } else {
        (t("home.updates"), t("home.updates_hint"))
    };
    vec![
        el("p")
            .class("cg-text")
            .attr("tabindex", "-1")
            .flag("data-autofocus", true)
            .child(t("home.intro"))
            .into(),
        el("div")
            .class("cg-choices")
            .child(choice(t("home.chat"), t("home.chat_hint"), move || {
                state.go(Screen::Chat)
            }))
            .child(choice(updates_title, updates_hint, move || {
                state.go(state.updates_view())
            }))
            .into(),
    ]
    .into()
}
