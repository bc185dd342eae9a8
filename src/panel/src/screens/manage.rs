//! After the opt-in: the confirmation with the reference code, the consent in force with its withdraw
//! button, and the withdrawn notice.

use leptos::prelude::*;

use chatgate_core::click_to_chat::{build_chat_url, LinkForm};
use chatgate_core::consent::{purpose_labels, ConsentRecord};
use chatgate_core::i18n;

use super::chat::{handoff_link, link, qr_code};
use super::{back_button, on_click};
use crate::{Screen, WidgetState};

#[component]
pub fn DoneScreen(
    state: WidgetState,
    record: ConsentRecord,
    locale: &'static str,
) -> impl IntoView {
    let t = move |key| i18n::text(locale, key);
    let (purposes, phone) = state
        .config
        .with_value(|c| (c.purposes.clone(), c.phone.clone()));
    let business = state.business();
    let code = record.reference_code();
    let labels = i18n::join_list(locale, &purpose_labels(&record, &purposes, locale));
    let message = i18n::format(
        locale,
        "done.chat_message",
        &[
            ("business", &business),
            ("purposes", &labels),
            ("code", &code),
        ],
    );
    let url = build_chat_url(LinkForm::WaMe, Some(&phone), &message).url;
    let chat_url = link(move || url.clone());
    view! {
        <h3 class="cg-subtitle" tabindex="-1" data-autofocus>{t("done.title")}</h3>
        <p class="cg-text">{i18n::format(locale, "done.text", &[("business", &business), ("purposes", &labels)])}</p>
        <p class="cg-reference">{i18n::format(locale, "done.reference", &[("code", &code)])}</p>
        {handoff_link(chat_url, "cg-primary", t("done.chat"))}
        <div class="cg-desktop">{qr_code(chat_url, locale)}</div>
    }
}

#[component]
pub fn ManageScreen(
    state: WidgetState,
    record: ConsentRecord,
    locale: &'static str,
) -> impl IntoView {
    let t = move |key| i18n::text(locale, key);
    let purposes = state.config.with_value(|c| c.purposes.clone());
    let business = state.business();
    let labels = i18n::join_list(locale, &purpose_labels(&record, &purposes, locale));
    let text = i18n::format(
        locale,
        "manage.text",
        &[
            ("business", &business),
            ("phone", &record.phone.readable()),
            ("purposes", &labels),
        ],
    );
    let given_on = record.given_at.date_utc();
    let since = i18n::format(
        locale,
        "manage.since",
        &[("date", &given_on), ("code", &record.reference_code())],
    );
    view! {
        {back_button(state, locale)}
        <h3 class="cg-subtitle" tabindex="-1" data-autofocus>{t("manage.title")}</h3>
        <p class="cg-text">{text}</p>
        <p class="cg-hint">{since}</p>
        <button type="button" class="cg-secondary" {..on_click(move |_| {
            if state.withdraw() {
                state.go(Screen::Withdrawn);
            }
        })}>{t("manage.withdraw")}</button>
    }
}

#[component]
pub fn WithdrawnScreen(state: WidgetState, locale: &'static str) -> impl IntoView {
    let text = i18n::format(
        locale,
        "manage.withdrawn",
        &[("business", &state.business())],
    );
    view! {
        <p class="cg-text" tabindex="-1" data-autofocus role="status">{text}</p>
        <button type="button" class="cg-secondary" {..on_click(move |_| state.go(Screen::OptIn))}>{i18n::text(locale, "manage.again")}</button>
    }
}
