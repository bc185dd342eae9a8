//! Chat now: the contacts to choose from (with `contacts`), whether they are open, the editable message, the
//! `wa.me` handoff and, on desktop, a QR code and WhatsApp Web.

use leptos::prelude::*;

use chatgate_core::click_to_chat::{build_chat_url, LinkForm};
use chatgate_core::events::WidgetEvent;
use chatgate_core::hours::OpeningHours;
use chatgate_core::i18n;
use chatgate_core::phone::E164;
use chatgate_core::qr::qr_svg;
use chatgate_core::time::Timestamp;
use chatgate_core::widget_config::{fill_page_values, Contact};
use chatgate_web as web;

use super::{back_button, listener, on_click, reactive_text, Fresh};
use crate::{announce, WidgetState};

/// A link's address, recomputed from the signals it reads (the chat message). A stored closure rather than
/// Leptos' `Signal`, whose read path links every kind of signal it can wrap, memos included (issue 15).
pub(super) type Link = StoredValue<Box<dyn Fn() -> String + Send + Sync>>;

pub(super) fn link(address: impl Fn() -> String + Send + Sync + 'static) -> Link {
    StoredValue::new(Box::new(address))
}

fn address(link: Link) -> String {
    link.with_value(|address| address())
}

/// A link that hands off to WhatsApp and tells the host page (`chatgate:handoff`).
pub(super) fn handoff_link(href: Link, class: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <a class=class href=reactive_text(move || Some(address(href))) target="_blank" rel="noopener noreferrer"
            {..on_click(move |_| announce(WidgetEvent::Handoff { url: &untrack(|| address(href)) }))}>{label}</a>
    }
}

/// The QR code of a link, for desktop-sized screens (shown by `.cg-desktop`).
pub(super) fn qr_code(url: Link, locale: &'static str) -> impl IntoView {
    let label = i18n::text(locale, "chat.qr_label");
    let qr = move || {
        Fresh(qr_svg(&address(url)).map(|qr| {
            view! {
                <svg class="cg-qr" viewBox=format!("0 0 {0} {0}", qr.size) role="img" aria-label=label shape-rendering="crispEdges">
                    <rect width="100%" height="100%" fill="#ffffff"/>
                    <path d=qr.path fill="#000000"/>
                </svg>
            }
        }))
    };
    view! {
        <figure class="cg-qr-box">
            {qr}
            <figcaption class="cg-hint">{label}</figcaption>
        </figure>
    }
}

/// "Open now." or "Closed now. Back at 09:00 — 12:00 your time.", and the usual reply time.
fn hours_notice(hours: &OpeningHours, locale: &'static str, now: Timestamp) -> impl IntoView {
    let open = hours.state_at(now).is_open();
    let status = hours.describe(locale, now, |at| web::local_offset_minutes(at.0));
    let reply = hours.describe_reply_time(locale);
    view! {
        <p class=if open { "cg-hours cg-open" } else { "cg-hours cg-closed" } data-testid="hours">{status}</p>
        {reply.map(|reply| view! { <p class="cg-hint">{reply}</p> })}
    }
}

#[component]
pub fn ChatScreen(state: WidgetState, locale: &'static str) -> impl IntoView {
    let t = move |key| i18n::text(locale, key);
    let now = Timestamp(web::now_seconds());
    // Without a contact to list (none configured, or all closed and hidden): the business's hours, else the
    // first contact's, and the chat form only when there are no contacts and the hours do not hide it.
    let (phone, hours, contacts, shared_hours) = state.config.with_value(|c| {
        let hours = c
            .hours
            .clone()
            .or_else(|| c.contacts.first().and_then(|first| first.hours.clone()));
        (
            c.phone.clone(),
            hours,
            c.offered_contacts(now),
            c.hours_above_contacts().cloned(),
        )
    });
    let configured_contacts = state.config.with_value(|c| !c.contacts.is_empty());
    // The message the visitor had before choosing a contact: a contact without a message of its own gets it.
    let base_message = StoredValue::new(state.message.get_untracked());
    let chosen = RwSignal::new(None::<usize>);
    let choose = move |index: Option<usize>, contact: Option<&Contact>| {
        if let Some(contact) = contact {
            let message = contact.message.as_deref().map_or_else(
                || base_message.get_value(),
                |message| fill_page_values(message, &web::page_title(), &web::page_url()),
            );
            state.message.set(message);
        }
        chosen.set(index);
        state.focus_screen();
    };
    if contacts.len() == 1 {
        choose(Some(0), contacts.first());
    }
    let single = contacts.len() == 1;
    let contacts = StoredValue::new(contacts);
    let body = move || {
        use leptos::either::EitherOf3;
        if !configured_contacts || contacts.with_value(Vec::is_empty) {
            let offered = !configured_contacts
                && hours.as_ref().is_none_or(|hours| hours.offers_chat_at(now));
            let notice = hours.as_ref().map(|hours| hours_notice(hours, locale, now));
            return Fresh(EitherOf3::A(view! {
                <h3 class="cg-subtitle" tabindex="-1" data-autofocus>{t("chat.title")}</h3>
                {notice}
                {offered.then(|| chat_form(state, locale, phone.clone()))}
            }));
        }
        Fresh(match chosen.get() {
            Some(index) => {
                let contact = contacts.with_value(|all| all[index].clone());
                let title = contact.name.get(locale).to_string();
                let role = contact
                    .role
                    .as_ref()
                    .map(|role| role.get(locale).to_string());
                EitherOf3::B(view! {
                    {(!single).then(|| view! {
                        <button type="button" class="cg-back" {..on_click(move |_| choose(None, None))}>{format!("← {}", t("chat.other_contact"))}</button>
                    })}
                    <h3 class="cg-subtitle" tabindex="-1" data-autofocus>{title}</h3>
                    {role.map(|role| view! { <p class="cg-hint">{role}</p> })}
                    {contact.hours.as_ref().map(|hours| hours_notice(hours, locale, now))}
                    {chat_form(state, locale, contact.phone.clone())}
                })
            }
            None => {
                let items = contacts.with_value(|all| {
                    all.iter()
                        .enumerate()
                        .map(|(index, contact)| contact_choice(index, contact, locale, now, choose))
                        .collect_view()
                });
                EitherOf3::C(view! {
                    <h3 class="cg-subtitle" tabindex="-1" data-autofocus>{t("chat.contacts")}</h3>
                    {shared_hours.as_ref().map(|hours| hours_notice(hours, locale, now))}
                    <div class="cg-choices">{items}</div>
                })
            }
        })
    };
    view! {
        {back_button(state, locale)}
        {body}
    }
}

/// One contact in the list: name, role, open or closed.
fn contact_choice(
    index: usize,
    contact: &Contact,
    locale: &'static str,
    now: Timestamp,
    choose: impl Fn(Option<usize>, Option<&Contact>) + Copy + 'static,
) -> impl IntoView {
    let status = contact.hours.as_ref().map(|hours| {
        let open = hours.state_at(now).is_open();
        let (class, key) = if open {
            ("cg-choice-hint cg-open", "hours.open_short")
        } else {
            ("cg-choice-hint cg-closed", "hours.closed_short")
        };
        view! { <span class=class>{i18n::text(locale, key)}</span> }
    });
    let role = contact
        .role
        .as_ref()
        .map(|role| role.get(locale).to_string());
    let picked = contact.clone();
    view! {
        <button type="button" class="cg-choice" data-contact=contact.id.clone()
            {..on_click(move |_| choose(Some(index), Some(&picked)))}>
            <span class="cg-choice-title">{contact.name.get(locale).to_string()}</span>
            {role.map(|role| view! { <span class="cg-choice-hint">{role}</span> })}
            {status}
        </button>
    }
}

/// The editable message and the handoff to `phone`: "Open WhatsApp", and on desktop the QR code and WhatsApp Web.
fn chat_form(state: WidgetState, locale: &'static str, phone: E164) -> impl IntoView {
    let t = move |key| i18n::text(locale, key);
    let phone_web = phone.clone();
    let chat_url =
        link(move || build_chat_url(LinkForm::WaMe, Some(&phone), &state.message.get()).url);
    let web_url =
        link(move || build_chat_url(LinkForm::Web, Some(&phone_web), &state.message.get()).url);
    view! {
        <label class="cg-label" for="cg-message">{t("chat.message_label")}</label>
        <textarea id="cg-message" class="cg-input cg-textarea" rows="3" maxlength="1000"
            prop:value=move || state.message.get()
            {..listener("input", move |event| state.message.set(event_target_value(&event)))}></textarea>
        {handoff_link(chat_url, "cg-primary", t("chat.open"))}
        <div class="cg-desktop">
            {qr_code(chat_url, locale)}
            {handoff_link(web_url, "cg-link", t("chat.web"))}
        </div>
    }
}
