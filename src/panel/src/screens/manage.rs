//! After the opt-in: the confirmation with the reference code, the consent in force with its withdraw
//! button, and the withdrawn notice.

use leptos::prelude::*;

use chatgate_core::click_to_chat::{build_chat_url, LinkForm};
use chatgate_core::consent::{purpose_labels, ConsentRecord};
use chatgate_core::i18n;

use super::back_button;
use super::chat::{handoff_link, link, qr_code};
use crate::dom::{el, Node};
use crate::{Screen, WidgetState};

/// The screen's heading, which takes focus when the screen is shown.
pub(super) fn heading(title: impl Into<Node>) -> Node {
    el("h3")
        .class("cg-subtitle")
        .attr("tabindex", "-1")
        .flag("data-autofocus", true)
        .child(title)
        .into()
}

/// A paragraph of class `class`.
pub(super) fn paragraph(class: &'static str, text: impl Into<Node>) -> Node {
    el("p").class(class).child(text).into()
}

/// A button that withdraws the consent in force and says so.
pub(super) fn withdraw_button(
    state: WidgetState,
    class: &'static str,
    label: &'static str,
) -> Node {
    el("button")
        .attr("type", "button")
        .class(class)
        .on("click", move |_| {
            if state.withdraw() {
                state.go(Screen::Withdrawn);
            }
        })
        .child(label)
        .into()
}

#[component]
pub fn DoneScreen(state: WidgetState, record: ConsentRecord, locale: &'static str) -> Node {
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
    vec![
        heading(t("done.title")),
        paragraph(
            "cg-text",
            i18n::format(
                locale,
                "done.text",
                &[("business", &business), ("purposes", &labels)],
            ),
        ),
        paragraph(
            "cg-reference",
            i18n::format(locale, "done.reference", &[("code", &code)]),
        ),
        handoff_link(chat_url, "cg-primary", t("done.chat")),
        el("div")
            .class("cg-desktop")
            .child(qr_code(chat_url, locale))
            .into(),
    ]
    .into()
}

#[component]
pub fn ManageScreen(state: WidgetState, record: ConsentRecord, locale: &'static str) -> Node {
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
    vec![
        back_button(state, locale),
        heading(t("manage.title")),
        paragraph("cg-text", text),
        paragraph("cg-hint", since),
        withdraw_button(state, "cg-secondary", t("manage.withdraw")),
    ]
    .into()
}

#[component]
pub fn WithdrawnScreen(state: WidgetState, locale: &'static str) -> Node {
    let text = i18n::format(
        locale,
        "manage.withdrawn",
        &[("business", &state.business())],
    );
    vec![
        el("p")
            .class("cg-text")
            .attr("tabindex", "-1")
            .flag("data-autofocus", true)
            .attr("role", "status")
            .child(text)
            .into(),
        el("button")
            .attr("type", "button")
            .class("cg-secondary")
            .on("click", move |_| state.go(Screen::OptIn))
            .child(i18n::text(locale, "manage.again"))
            .into(),
    ]
    .into()
}
