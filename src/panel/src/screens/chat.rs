//! Chat now: the contacts to choose from (with `contacts`), whether they are open, the editable message, the
//! `wa.me` handoff and, on desktop, a QR code and WhatsApp Web.

use leptos::prelude::*;

use chatgate_core::click_to_chat::{build_chat_url, LinkForm};
use chatgate_core::events::WidgetEvent;
use chatgate_core::hours::OpeningHours;
use chatgate_core::i18n;
use chatgate_core::phone::E164;
use chatgate_core::qr::QrSvg;
use chatgate_core::time::Timestamp;
use chatgate_core::widget_config::{fill_page_values, Contact};
use chatgate_web as web;

use super::back_button;
use super::manage::{heading, paragraph};
use crate::dom::{dynamic, el, list, svg, Node};
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
pub(super) fn handoff_link(href: Link, class: &'static str, label: &'static str) -> Node {
    el("a")
        .class(class)
        .reactive("href", move || Some(address(href)))
        .attr("target", "_blank")
        .attr("rel", "noopener noreferrer")
        .on("click", move |_| {
            announce(WidgetEvent::Handoff {
                url: &untrack(|| address(href)),
            })
        })
        .child(label)
        .into()
}

/// The QR code of a link, for desktop-sized screens (shown by `.cg-desktop`). The encoder is a module of its own
/// (`src/qr`), which the loader imports only once the screen is one that shows codes, so phones never download
/// it (issue 15). Until the first code arrives an empty box of the code's size holds its place; while the
/// visitor edits the message, the last code stays until the new one is drawn.
pub(super) fn qr_code(url: Link, locale: &'static str) -> Node {
    let label = i18n::text(locale, "chat.qr_label");
    // The last code drawn, and the link it was last asked for (one request a link).
    let drawn = RwSignal::new(None::<QrSvg>);
    let asked = StoredValue::new(String::new());
    let qr = dynamic(move || {
        let text = address(url);
        if asked.try_update_value(|asked| std::mem::replace(asked, text.clone()))
            != Some(text.clone())
        {
            web::qr_code(&text.clone(), move |answer| {
                // Drawn unless the visitor has changed the message since (or left the screen).
                if asked.try_with_value(|asked| *asked == text) == Some(true) {
                    let _ = drawn.try_set(QrSvg::from_answer(&answer));
                }
            });
        }
        match drawn.get() {
            Some(qr) => svg("svg")
                .attr("class", "cg-qr")
                .attr("viewBox", format!("0 0 {0} {0}", qr.size))
                .attr("role", "img")
                .attr("aria-label", label)
                .attr("shape-rendering", "crispEdges")
                .child(
                    svg("rect")
                        .attr("width", "100%")
                        .attr("height", "100%")
                        .attr("fill", "#ffffff"),
                )
                .child(svg("path").attr("d", qr.path).attr("fill", "#000000")),
            None => svg("svg")
                .attr("class", "cg-qr")
                .attr("aria-hidden", "true"),
        }
        .into()
    });
    el("figure")
        .class("cg-qr-box")
        .child(qr)
        .child(el("figcaption").class("cg-hint").child(label))
        .into()
}

/// "Open now." or "Closed now. Back at 09:00 — 12:00 your time.", and the usual reply time.
fn hours_notice(hours: &OpeningHours, locale: &'static str, now: Timestamp) -> Node {
    let open = hours.state_at(now).is_open();
    let status = hours.describe(locale, now, |at| web::local_offset_minutes(at.0));
    let reply = hours.describe_reply_time(locale);
    list([
        el("p")
            .class(if open {
                "cg-hours cg-open"
            } else {
                "cg-hours cg-closed"
            })
            .attr("data-testid", "hours")
            .child(status)
            .into(),
        reply.map(|reply| paragraph("cg-hint", reply)).into(),
    ])
}

#[component]
pub fn ChatScreen(state: WidgetState, locale: &'static str) -> Node {
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
    let body = dynamic(move || {
        if !configured_contacts || contacts.with_value(Vec::is_empty) {
            let offered = !configured_contacts
                && hours.as_ref().is_none_or(|hours| hours.offers_chat_at(now));
            let notice = hours.as_ref().map(|hours| hours_notice(hours, locale, now));
            return list([
                heading(t("chat.title")),
                notice.into(),
                offered
                    .then(|| chat_form(state, locale, phone.clone()))
                    .into(),
            ]);
        }
        match chosen.get() {
            Some(index) => {
                let contact = contacts.with_value(|all| all[index].clone());
                let title = contact.name.get(locale).to_string();
                let role = contact
                    .role
                    .as_ref()
                    .map(|role| role.get(locale).to_string());
                list([
                    (!single)
                        .then(|| {
                            el("button")
                                .attr("type", "button")
                                .class("cg-back")
                                .on("click", move |_| choose(None, None))
                                .child(format!("← {}", t("chat.other_contact")))
                        })
                        .into(),
                    heading(title),
                    role.map(|role| paragraph("cg-hint", role)).into(),
                    contact
                        .hours
                        .as_ref()
                        .map(|hours| hours_notice(hours, locale, now))
                        .into(),
                    chat_form(state, locale, contact.phone.clone()),
                ])
            }
            None => {
                let items = contacts.with_value(|all| {
                    all.iter()
                        .enumerate()
                        .map(|(index, contact)| contact_choice(index, contact, locale, now, choose))
                        .collect::<Vec<_>>()
                });
                list([
                    heading(t("chat.contacts")),
                    shared_hours
                        .as_ref()
                        .map(|hours| hours_notice(hours, locale, now))
                        .into(),
                    el("div").class("cg-choices").child(items).into(),
                ])
            }
        }
    });
    list([back_button(state, locale), body])
}

/// One contact in the list: name, role, open or closed.
fn contact_choice(
    index: usize,
    contact: &Contact,
    locale: &'static str,
    now: Timestamp,
    choose: impl Fn(Option<usize>, Option<&Contact>) + Copy + 'static,
) -> Node {
    let status = contact.hours.as_ref().map(|hours| {
        let open = hours.state_at(now).is_open();
        let (class, key) = if open {
            ("cg-choice-hint cg-open", "hours.open_short")
        } else {
            ("cg-choice-hint cg-closed", "hours.closed_short")
        };
        el("span").class(class).child(i18n::text(locale, key))
    });
    let role = contact
        .role
        .as_ref()
        .map(|role| role.get(locale).to_string());
    let picked = contact.clone();
    el("button")
        .attr("type", "button")
        .class("cg-choice")
        .attr("data-contact", contact.id.clone())
        .on("click", move |_| choose(Some(index), Some(&picked)))
        .child(
            el("span")
                .class("cg-choice-title")
                .child(contact.name.get(locale).to_string()),
        )
        .child(role.map(|role| el("span").class("cg-choice-hint").child(role)))
        .child(status)
        .into()
}

/// The editable message and the handoff to `phone`: "Open WhatsApp", and on desktop the QR code and WhatsApp Web.
fn chat_form(state: WidgetState, locale: &'static str, phone: E164) -> Node {
    let t = move |key| i18n::text(locale, key);
    let phone_web = phone.clone();
    let chat_url =
        link(move || build_chat_url(LinkForm::WaMe, Some(&phone), &state.message.get()).url);
    let web_url =
        link(move || build_chat_url(LinkForm::Web, Some(&phone_web), &state.message.get()).url);
    list([
        el("label")
            .class("cg-label")
            .attr("for", "cg-message")
            .child(t("chat.message_label"))
            .into(),
        el("textarea")
            .id("cg-message")
            .class("cg-input cg-textarea")
            .attr("rows", "3")
            .attr("maxlength", "1000")
            .property("value", move || state.message.get())
            .on("input", move |event| {
                state.message.set(event_target_value(&event))
            })
            .into(),
        handoff_link(chat_url, "cg-primary", t("chat.open")),
        el("div")
            .class("cg-desktop")
            .child(qr_code(chat_url, locale))
            .child(handoff_link(web_url, "cg-link", t("chat.web")))
            .into(),
    ])
}
