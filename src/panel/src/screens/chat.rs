//! Chat now: the editable message, the `wa.me` handoff and, on desktop, a QR code and WhatsApp Web.

use leptos::prelude::*;

use chatgate_core::click_to_chat::{build_chat_url, LinkForm};
use chatgate_core::events::WidgetEvent;
use chatgate_core::i18n;
use chatgate_core::qr::qr_svg;

use super::back_button;
use crate::{announce, WidgetState};

/// A link that hands off to WhatsApp and tells the host page (`chatgate:handoff`).
pub(super) fn handoff_link(
    href: Signal<String>,
    class: &'static str,
    label: &'static str,
) -> impl IntoView {
    view! {
        <a class=class href=move || href.get() target="_blank" rel="noopener noreferrer"
            on:click=move |_| announce(WidgetEvent::Handoff { url: &href.get_untracked() })>{label}</a>
    }
}

#[component]
pub fn ChatScreen(state: WidgetState, locale: &'static str) -> impl IntoView {
    let t = move |key| i18n::text(locale, key);
    let phone = state.config.with_value(|c| c.phone.clone());
    let phone_web = phone.clone();
    let chat_url = Signal::derive(move || {
        build_chat_url(LinkForm::WaMe, Some(&phone), &state.message.get()).url
    });
    let web_url = Signal::derive(move || {
        build_chat_url(LinkForm::Web, Some(&phone_web), &state.message.get()).url
    });
    let qr = move || {
        qr_svg(&chat_url.get()).map(|qr| {
            view! {
                <svg class="cg-qr" viewBox=format!("0 0 {0} {0}", qr.size) role="img" aria-label=t("chat.qr_label") shape-rendering="crispEdges">
                    <rect width="100%" height="100%" fill="#ffffff"/>
                    <path d=qr.path fill="#000000"/>
                </svg>
            }
        })
    };
    view! {
        {back_button(state, locale)}
        <h3 class="cg-subtitle" tabindex="-1" data-autofocus>{t("chat.title")}</h3>
        <label class="cg-label" for="cg-message">{t("chat.message_label")}</label>
        <textarea id="cg-message" class="cg-input cg-textarea" rows="3" maxlength="1000"
            prop:value=move || state.message.get()
            on:input=move |event| state.message.set(event_target_value(&event))></textarea>
        {handoff_link(chat_url, "cg-primary", t("chat.open"))}
        <div class="cg-desktop">
            <figure class="cg-qr-box">
                {qr}
                <figcaption class="cg-hint">{t("chat.qr_label")}</figcaption>
            </figure>
            {handoff_link(web_url, "cg-link", t("chat.web"))}
        </div>
    }
}
