//! The opt-out notice in the customer panel: when the customer's message asks to stop being messaged (STOP,
//! отписаться, 退订…, `core::assistant::asks_to_opt_out`), the page says so and, with `consent_admin`
//! configured, records the withdrawal in the company's consent ledger (`POST /consents/withdrawals`, method
//! `stop-reply`). The admin token is asked once and kept in this tab's sessionStorage only.

use leptos::prelude::*;

use chatgate_core::assistant::{
    analysed_part, asks_to_opt_out, stop_reply_withdrawal, withdrawal_outcome, WithdrawalOutcome,
};
use chatgate_core::i18n::fill;
use chatgate_web as web;

use crate::{t, Assistant};

/// Where the admin token is kept for this tab.
const TOKEN_KEY: &str = "chatgate:assistant:admin-token";

#[component]
pub fn OptOutNotice(state: Assistant) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let asks = Memo::new(move |_| state.message.with(|m| asks_to_opt_out(analysed_part(m).0)));
    let has_token = RwSignal::new(web::session_get(TOKEN_KEY).is_some());
    let token = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let said = RwSignal::new(None::<String>);
    let record = move || {
        let Some(url) = state.consent_admin.get_value() else {
            return;
        };
        let Some(phone) = state.recipient.get_untracked() else {
            said.set(Some(t(lang(), "optout.need_phone").to_string()));
            return;
        };
        let typed = token.get_untracked();
        if !typed.trim().is_empty() {
            web::session_set(TOKEN_KEY, typed.trim());
            has_token.set(true);
            token.set(String::new());
        }
        let Some(secret) = web::session_get(TOKEN_KEY) else {
            said.set(Some(t(lang(), "optout.token_needed").to_string()));
            return;
        };
        busy.set(true);
        web::spawn(async move {
            let answer = web::post_json_with_token(
                &format!("{url}/consents/withdrawals"),
                &stop_reply_withdrawal(&phone),
                &secret,
            )
            .await;
            let lang = state.ui_lang.get_untracked();
            let text = match answer.map(|(status, body)| withdrawal_outcome(status, &body)) {
                Ok(WithdrawalOutcome::Withdrawn(count)) => fill(
                    t(lang, "optout.withdrawn"),
                    &[("count", &count.to_string())],
                ),
                Ok(WithdrawalOutcome::NoneInForce) => t(lang, "optout.none").to_string(),
                Ok(WithdrawalOutcome::TokenRefused) => {
                    web::session_remove(TOKEN_KEY);
                    has_token.set(false);
                    t(lang, "optout.token_refused").to_string()
                }
                Ok(WithdrawalOutcome::Failed(reason)) | Err(reason) => {
                    fill(t(lang, "optout.failed"), &[("reason", &reason)])
                }
            };
            said.set(Some(text));
            busy.set(false);
        });
    };
    view! {
        <Show when=move || asks.get()>
            <div class="as-optout" data-testid="opt-out">
                <p><strong>{move || t(lang(), "optout.heading")}</strong>" "{move || t(lang(), "optout.text")}</p>
                {move || match state.consent_admin.get_value() {
                    None => view! { <p class="as-hint">{move || t(lang(), "optout.no_admin")}</p> }.into_any(),
                    Some(_) => view! {
                        <Show when=move || !has_token.get()>
                            <label for="as-admin-token">{move || t(lang(), "optout.token")}</label>
                            <input id="as-admin-token" class="as-input" type="password" autocomplete="off"
                                prop:value=move || token.get() on:input=move |event| token.set(event_target_value(&event))/>
                        </Show>
                        <button type="button" class="as-button" prop:disabled=move || busy.get() on:click=move |_| record()>
                            {move || t(lang(), "optout.record")}
                        </button>
                    }.into_any(),
                }}
                <p class="as-optout-result" role="status" aria-live="polite">{move || said.get().unwrap_or_default()}</p>
            </div>
        </Show>
    }
}
