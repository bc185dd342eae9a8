//! The customer panel: the message pasted or received, its language, category and sentiment, the name and
//! number, the time of the last message.

use leptos::prelude::*;

use chatgate_core::assistant::{analysed_part, MAX_ANALYSED_CHARS};
use chatgate_core::classify::classify;
use chatgate_core::i18n::fill;

use crate::{t, Assistant};

#[component]
pub fn CustomerPanel(state: Assistant) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let analysis = Memo::new(move |_| {
        // The semantic layer's reading once it has read this message (after a pause); the words' until then.
        let message = state.message.get();
        state
            .meaning
            .with(|meaning| {
                meaning
                    .as_ref()
                    .filter(|m| m.message == message)
                    .map(|m| m.classification.clone())
            })
            .or_else(|| {
                let (part, _) = analysed_part(&message);
                (!part.trim().is_empty()).then(|| classify(part))
            })
    });
    let chip = move |label: &'static str, value: Signal<String>, class: Signal<String>| {
        view! { <div class="as-chip"><dt>{move || t(lang(), label)}</dt><dd class=class>{value}</dd></div> }
    };
    let value_of = move |pick: fn(&chatgate_core::classify::Classification) -> String| {
        Signal::derive(move || {
            analysis
                .get()
                .map(|a| pick(&a))
                .map(|key| t(lang(), &key).to_string())
                .unwrap_or_else(|| "—".to_string())
        })
    };
    let urgency_class = Signal::derive(move || {
        if analysis.get().is_some_and(|a| a.urgent) {
            "as-urgent".to_string()
        } else {
            String::new()
        }
    });
    let category_class = Signal::derive(move || {
        analysis
            .get()
            .map(|a| format!("as-category-{}", a.category.code()))
            .unwrap_or_default()
    });
    view! {
        <section class="as-panel" aria-labelledby="as-customer">
            <h2 id="as-customer">{move || t(lang(), "customer.heading")}</h2>
            <label for="as-message">{move || t(lang(), "customer.message")}</label>
            <textarea id="as-message" class="as-input" rows="6" prop:value=move || state.message.get()
                on:input=move |event| { state.message.set(event_target_value(&event)); state.selected.set(0); }></textarea>
            <Show when=move || state.message.with(|m| analysed_part(m).1)>
                <p class="as-notice" role="status">{move || fill(t(lang(), "limits.cut"), &[("count", &MAX_ANALYSED_CHARS.to_string())])}</p>
            </Show>
            <h3 class="as-subheading">{move || t(lang(), "analysis.heading")}</h3>
            <dl class="as-chips" data-testid="analysis">
                {chip("analysis.language", value_of(|a| format!("lang.{}", a.lang.code())), Signal::derive(String::new))}
                {chip("analysis.category", value_of(|a| format!("category.{}", a.category.code())), category_class)}
                {chip("analysis.sentiment", value_of(|a| format!("sentiment.{}", a.sentiment.code())), Signal::derive(String::new))}
                {chip("analysis.urgency", value_of(|a| if a.urgent { "analysis.urgent".into() } else { "analysis.not_urgent".into() }), urgency_class)}
            </dl>
            <crate::opt_out::OptOutNotice state=state/>
            <label for="as-phone">{move || t(lang(), "customer.phone")}</label>
            <input id="as-phone" class="as-input" type="tel" autocomplete="off" prop:value=move || state.phone.get()
                on:input=move |event| state.phone.set(event_target_value(&event))/>
            <label for="as-name">{move || t(lang(), "customer.name")}</label>
            <input id="as-name" class="as-input" type="text" autocomplete="off" prop:value=move || state.name.get()
                on:input=move |event| state.name.set(event_target_value(&event))/>
            <label for="as-last">{move || t(lang(), "customer.last")}</label>
            <input id="as-last" class="as-input" type="datetime-local" prop:value=move || state.last.get()
                on:input=move |event| state.last.set(event_target_value(&event))/>
        </section>
    }
}
