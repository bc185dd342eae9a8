//! The handoff under the reply editor: a `wa.me` link with the draft, and Copy.

use leptos::prelude::*;

use chatgate_core::assistant::{copy_status, CopyAttempt};
use chatgate_core::click_to_chat::{build_chat_url, LinkForm};
use chatgate_web as web;

use crate::{t, Assistant};

/// The handoff: open the chat in WhatsApp with the draft, or copy it.
#[component]
pub fn Handoff(state: Assistant) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let chat_url = move || {
        state
            .recipient()
            .map(|phone| build_chat_url(LinkForm::WaMe, Some(&phone), &state.draft.get()).url)
    };
    view! {
        <div class="as-handoff">
            {move || match chat_url() {
                Some(url) => view! { <a class="as-primary" href=url target="_blank" rel="noopener noreferrer">{t(lang(), "handoff.open")}</a> }.into_any(),
                None => view! { <span class="as-hint">{t(lang(), "handoff.no_number")}</span> }.into_any(),
            }}
            <button type="button" class="as-button" on:click=move |_| {
                let text = state.draft.get_untracked();
                web::copy_text(&text, { let text = text.clone(); move |accepted| state.copied.set(Some(CopyAttempt { text, accepted })) });
            }>{move || t(lang(), "handoff.copy")}</button>
            <span class="as-hint" role="status">{move || state.copied.with(|copied| state.draft.with(|draft| {
                copy_status(copied.as_ref(), draft).map(|key| t(lang(), key)).unwrap_or_default()
            }))}</span>
        </div>
    }
}
