//! The list of tone findings under the reply editor.

use leptos::prelude::*;

use chatgate_core::i18n::fill;
use chatgate_core::tone::{apply_fix, Finding};

use crate::{t, Assistant};

/// The findings on the draft: rule, severity, message, the excerpt, the suggestion; apply a fix or dismiss.
#[component]
pub fn FindingList(state: Assistant, findings: Memo<(Vec<Finding>, usize)>) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let finding_items = move || {
        let draft = state.draft.get_untracked();
        let chars: Vec<char> = draft.chars().collect();
        findings
            .get()
            .0
            .into_iter()
            .enumerate()
            .map(|(index, finding)| {
                let excerpt: String = chars[finding.start.min(chars.len())..finding.end.min(chars.len())].iter().collect();
                let key = (finding.rule.id().to_string(), excerpt.clone());
                let fix = finding.fix.clone();
                let severity = finding.severity.code();
                view! {
                    <li class=format!("as-finding as-{severity}") data-rule=finding.rule.id()>
                        <span class=format!("as-dot as-mark-{index}") aria-hidden="true"></span>
                        <span class="as-rule">{finding.rule.id()}" · "{move || t(lang(), &format!("findings.severity.{severity}"))}</span>
                        <span class="as-message">{finding.message.clone()}</span>
                        {(!excerpt.is_empty()).then(|| view! { <q class="as-excerpt">{excerpt.clone()}</q> })}
                        {finding.suggestion.clone().map(|s| view! { <span class="as-suggestion-text">{s}</span> })}
                        <span class="as-actions">
                            {fix.map(|fix| view! {
                                <button type="button" class="as-button" on:click=move |_| {
                                    state.draft.update(|d| *d = apply_fix(d, &fix));
                                }>{move || t(lang(), "findings.apply")}</button>
                            })}
                            <button type="button" class="as-button as-quiet" on:click=move |_| state.dismissed.update(|d| d.push(key.clone()))>
                                {move || t(lang(), "findings.dismiss")}
                            </button>
                        </span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <h3 class="as-subheading">{move || t(lang(), "findings.heading")}</h3>
        // Screen readers hear how many findings there are when that changes, not the whole list on every key.
        <p class="as-hidden-text" aria-live="polite">{move || fill(t(lang(), "findings.count"), &[("count", &findings.with(|(shown, more)| shown.len() + more).to_string())])}</p>
        <Show when=move || !findings.with(|(shown, _)| shown.is_empty()) fallback=move || view! { <p class="as-empty">{move || t(lang(), "findings.none")}</p> }>
            <ul class="as-findings">{finding_items}</ul>
        </Show>
        <Show when=move || findings.with(|(_, more)| *more > 0)>
            <p class="as-more" data-testid="findings-more">{move || fill(t(lang(), "findings.more"), &[("count", &findings.with(|(_, more)| *more).to_string())])}</p>
        </Show>
    }
}
