//! The ranked suggestions for the customer's message: why each matched, keyboard navigation, insertion.

use leptos::prelude::*;

use chatgate_core::assistant::{customer_vars, matched_words};
use chatgate_core::i18n::fill;
use chatgate_core::template::render;

use crate::{t, Assistant};

/// The suggestions shown: template index, matched words, the example the message is most similar to.
pub(crate) type Suggestions = Memo<Vec<(usize, Vec<String>, Option<String>)>>;

/// ↑/↓ move through the suggestions and Enter inserts the chosen one; true when the key was used.
pub(crate) fn navigate_suggestions(
    state: Assistant,
    suggestions: Suggestions,
    event: &leptos::ev::KeyboardEvent,
) -> bool {
    let count = suggestions.with_untracked(Vec::len);
    if count == 0 || event.ctrl_key() || event.alt_key() || event.meta_key() || event.shift_key() {
        return false;
    }
    match event.key().as_str() {
        "ArrowDown" => state.selected.update(|s| *s = (*s + 1) % count),
        "ArrowUp" => state.selected.update(|s| *s = (*s + count - 1) % count),
        "Enter" => {
            let chosen = suggestions.with_untracked(|list| {
                list.get(state.selected.get_untracked().min(count - 1))
                    .map(|(i, _, _)| *i)
            });
            if let Some(index) = chosen {
                state.insert(index);
            }
        }
        _ => return false,
    }
    event.prevent_default();
    true
}

#[component]
pub fn SuggestionList(state: Assistant, suggestions: Suggestions) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        navigate_suggestions(state, suggestions, &event);
    };
    let items = move || {
        let index_now = state.index.get();
        let library = index_now.library();
        let selected = state.selected.get();
        suggestions
            .get()
            .into_iter()
            .enumerate()
            .map(|(position, (index, matched, similar))| {
                let template = &library.templates[index];
                let preview = render(&template.body, &customer_vars(&state.name.get(), state.recipient().as_ref())).text;
                let shown = matched_words(&matched);
                let words = (!shown.is_empty()).then(|| fill(t(lang(), "suggestions.matched"), &[("words", &shown.join(", "))]));
                let similar = similar.map(|example| fill(t(lang(), "suggestions.similar"), &[("example", &example)]));
                let shortcode = template.shortcode.clone().map(|code| format!("/{code}"));
                view! {
                    <li id=format!("as-suggestion-{position}") role="option" class="as-suggestion" data-template=template.id.clone()
                        aria-selected=(position == selected).to_string()
                        on:click=move |_| { state.selected.set(position); state.insert(index); }>
                        <span class="as-suggestion-title">{template.title.clone()}
                            {shortcode.map(|code| view! { <span class="as-shortcode">{code}</span> })}
                        </span>
                        <span class="as-suggestion-text">{preview}</span>
                        {words.map(|w| view! { <span class="as-why">{w}</span> })}
                        {similar.map(|s| view! { <span class="as-why as-similar">{s}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="as-panel" aria-labelledby="as-suggestions">
            <h2 id="as-suggestions">{move || t(lang(), "suggestions.heading")}</h2>
            <p class="as-hint">{move || t(lang(), "suggestions.hint")}</p>
            <Show when=move || !suggestions.with(Vec::is_empty)
                fallback=move || view! { <p class="as-empty">{move || if state.message.with(|m| m.trim().is_empty()) { t(lang(), "suggestions.empty") } else { t(lang(), "suggestions.none") }}</p> }>
                <ul class="as-suggestions" role="listbox" tabindex="0" aria-labelledby="as-suggestions"
                    aria-activedescendant=move || format!("as-suggestion-{}", state.selected.get())
                    on:keydown=on_keydown>
                    {items}
                </ul>
            </Show>
        </section>
    }
}
