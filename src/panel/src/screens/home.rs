//! The first screen when both paths are offered: chat now, or get updates (manage them once given).

use leptos::prelude::*;

use chatgate_core::consent::active_record;
use chatgate_core::i18n;

use super::on_click;
use crate::{Screen, WidgetState};

#[component]
pub fn HomeScreen(state: WidgetState, locale: &'static str) -> impl IntoView {
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
    view! {
        <p class="cg-text" tabindex="-1" data-autofocus>{t("home.intro")}</p>
        <div class="cg-choices">
            <button type="button" class="cg-choice" {..on_click(move |_| state.go(Screen::Chat))}>
                <span class="cg-choice-title">{t("home.chat")}</span>
                <span class="cg-choice-hint">{t("home.chat_hint")}</span>
            </button>
            <button type="button" class="cg-choice" {..on_click(move |_| state.go(state.updates_view()))}>
                <span class="cg-choice-title">{updates_title}</span>
                {(!updates_hint.is_empty()).then(|| view! { <span class="cg-choice-hint">{updates_hint}</span> })}
            </button>
        </div>
    }
}
