//! The page's layout: the customer, the suggestions and the reply side by side, the library below.

use leptos::prelude::*;

use chatgate_core::assistant::shortcode_at;
use chatgate_core::i18n::{assistant_locales, fill};

use crate::customer::CustomerPanel;
use crate::library;
use crate::meaning::ModelStatus;
use crate::reply::ReplyEditor;
use crate::suggestions::SuggestionList;
use crate::{t, Assistant};

/// What the page says about the sentence encoder: downloading (percent or MB), preparing, on, or unavailable.
fn model_status_text(lang: &str, status: &ModelStatus) -> String {
    match status {
        ModelStatus::Off => String::new(),
        ModelStatus::Downloading {
            received,
            expected: Some(expected),
        } if *expected > 0.0 => fill(
            t(lang, "model.downloading"),
            &[(
                "percent",
                &format!("{:.0}", (received / expected * 100.0).min(100.0)),
            )],
        ),
        ModelStatus::Downloading { received, .. } => fill(
            t(lang, "model.downloading_mb"),
            &[("mb", &format!("{:.1}", received / 1_000_000.0))],
        ),
        ModelStatus::Preparing(percent) => fill(
            t(lang, "model.preparing"),
            &[("percent", &percent.to_string())],
        ),
        ModelStatus::Ready => t(lang, "model.ready").to_string(),
        ModelStatus::Failed(_) => t(lang, "model.failed").to_string(),
    }
}

#[component]
pub fn AssistantPage(state: Assistant) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let lexical = Memo::new(move |_| state.lexical_findings());
    let findings = Memo::new(move |_| lexical.with(|lexical| state.findings(lexical)));
    crate::meaning::embed_library_when_ready(state);
    crate::meaning::read_message_after_pause(state);
    crate::meaning::review_draft_after_pause(state, lexical);
    // The message is ranked when it changes, not on every keystroke in the reply; a `/code` typed in the reply
    // looks templates up instead while it is there.
    let for_message = Memo::new(move |_| state.rank(&state.message.get()));
    let typed_code = Memo::new(move |_| {
        state
            .draft
            .with(|draft| shortcode_at(draft, state.caret.get()))
            .map(|(code, _, _)| code)
    });
    let suggestions = Memo::new(move |_| match typed_code.get() {
        Some(code) => state.rank(&format!("/{code}")),
        None => for_message.get(),
    });
    view! {
        <div class="as-page" lang=lang>
            <header class="as-header">
                <h1>{move || t(lang(), "title")}</h1>
                <p class="as-model" role="status" data-testid="model-status">{move || model_status_text(lang(), &state.model_status.get())}</p>
                <label class="as-inline">
                    {move || t(lang(), "ui_lang")}" "
                    <select on:change=move |event| {
                        let value = event_target_value(&event);
                        if let Some(code) = assistant_locales().into_iter().find(|l| *l == value) {
                            state.ui_lang.set(code);
                        }
                    }>
                        {assistant_locales().into_iter().map(|code| view! {
                            <option value=code selected=move || lang() == code>{move || t(code, &format!("lang.{code}"))}</option>
                        }).collect_view()}
                    </select>
                </label>
            </header>
            <main class="as-columns">
                <CustomerPanel state=state/>
                <SuggestionList state=state suggestions=suggestions/>
                <ReplyEditor state=state findings=findings suggestions=suggestions/>
            </main>
            <library::LibraryPanel state=state/>
        </div>
    }
}
