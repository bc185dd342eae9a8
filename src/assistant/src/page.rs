//! The page's layout: the customer, the suggestions and the reply side by side, the library below.

use leptos::prelude::*;

use chatgate_core::assistant::shortcode_at;
use chatgate_core::i18n::assistant_locales;

use crate::customer::CustomerPanel;
use crate::library;
use crate::reply::ReplyEditor;
use crate::suggestions::SuggestionList;
use crate::{t, Assistant};

#[component]
pub fn AssistantPage(state: Assistant) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let findings = Memo::new(move |_| state.findings());
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
