//! The reply editor: a native textarea over a highlight layer of marks, `/shortcode` and Tab through empty
//! placeholders; below it the findings, the send guard and the handoff, each a component of its own.

mod findings;
mod guard;
mod handoff;

use leptos::prelude::*;

use chatgate_core::assistant::{
    analysed_part, next_placeholder, segments, shortcode_at, Segment, MAX_ANALYSED_CHARS,
};
use chatgate_core::i18n::fill;
use chatgate_core::tone::{Finding, MessageKind};
use chatgate_web as web;

use crate::suggestions::{navigate_suggestions, Suggestions};
use crate::{t, Assistant};
use findings::FindingList;
use guard::SendGuardPanel;
use handoff::Handoff;

/// The reply editor and what is said about the draft.
#[component]
pub fn ReplyEditor(
    state: Assistant,
    findings: Memo<(Vec<Finding>, usize)>,
    suggestions: Suggestions,
) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    // Signals are set only when the value changes: each set re-runs what reads it, on every keystroke.
    let sync_caret = move || {
        if let Some(editor) = state.editor.get_untracked() {
            let caret = web::caret_chars(&editor);
            if caret != state.caret.get_untracked() {
                state.caret.set(caret);
            }
        }
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let Some(editor) = state.editor.get_untracked() else {
            return;
        };
        let draft = state.draft.get_untracked();
        // While a /shortcode is typed, ↑/↓ and Enter pick from the suggestions.
        if shortcode_at(&draft, web::caret_chars(&editor)).is_some()
            && navigate_suggestions(state, suggestions, &event)
        {
            return;
        }
        if event.key() != "Tab" || event.ctrl_key() || event.alt_key() || event.meta_key() {
            return;
        }
        if let Some(next) = next_placeholder(&draft, web::caret_chars(&editor), event.shift_key()) {
            event.prevent_default();
            web::select_chars(&editor, next.start, next.end);
            state.caret.set(next.start);
        }
    };
    // The highlight layer needs the text only up to the last mark (the rest cannot move a mark), so typing after
    // the last finding — the usual case — changes nothing here and costs no re-render.
    let marked = Memo::new(move |_| {
        let draft = state.draft.get();
        let spans: Vec<(usize, usize)> =
            findings.with(|(shown, _)| shown.iter().map(|f| (f.start, f.end)).collect());
        let mut pieces = segments(&draft, &spans);
        if matches!(pieces.last(), Some(Segment::Plain(_))) {
            pieces.pop();
        }
        pieces
    });
    let layer = move || {
        marked
            .get()
            .into_iter()
            .map(|segment| match segment {
                Segment::Plain(text) => view! { <span>{text}</span> }.into_any(),
                Segment::Finding(index, text) => {
                    view! { <mark class=format!("as-mark as-mark-{index}")>{text}</mark> }
                        .into_any()
                }
                Segment::Placeholder(text) => {
                    view! { <mark class="as-placeholder">{text}</mark> }.into_any()
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <section class="as-panel as-reply" aria-labelledby="as-reply">
            <h2 id="as-reply">{move || t(lang(), "reply.heading")}</h2>
            <label for="as-draft">{move || t(lang(), "reply.label")}</label>
            <div class="as-editor">
                <div class="as-layer" aria-hidden="true">{layer}</div>
                <textarea id="as-draft" class="as-input as-draft" rows="8" node_ref=state.editor spellcheck="true"
                    aria-describedby="as-draft-hint"
                    prop:value=move || state.draft.get()
                    on:input=move |event| {
                        if state.perf {
                            web::perf_mark("cg-input");
                            web::set_timeout(0.0, || web::perf_measure("cg-keystroke", "cg-input"));
                        }
                        let value = event_target_value(&event);
                        if value.trim().is_empty() && state.kind.get_untracked() != MessageKind::Service {
                            state.kind.set(MessageKind::Service);
                        }
                        state.draft.set(value);
                        if state.selected.get_untracked() != 0 {
                            state.selected.set(0);
                        }
                        sync_caret();
                    }
                    on:keyup=move |_| sync_caret()
                    on:click=move |_| sync_caret()
                    on:keydown=on_keydown
                    on:scroll=move |event| {
                        let target: web_sys::HtmlElement = event_target(&event);
                        if let Some(layer) = target.previous_element_sibling() {
                            layer.set_scroll_top(target.scroll_top());
                        }
                    }></textarea>
            </div>
            <p class="as-hint" id="as-draft-hint">{move || t(lang(), "reply.hint")}</p>
            <Show when=move || state.draft.with(|d| analysed_part(d).1)>
                <p class="as-notice" role="status">{move || fill(t(lang(), "limits.cut"), &[("count", &MAX_ANALYSED_CHARS.to_string())])}</p>
            </Show>
            <FindingList state=state findings=findings/>
            <SendGuardPanel state=state/>
            <Handoff state=state/>
        </section>
    }
}
