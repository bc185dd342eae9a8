//! Get updates: the country and number, one box per purpose, the consent text; after a change of wording,
//! what changed and the form again.

use leptos::prelude::*;

use chatgate_core::consent::{
    self, build_record, consent_copy, default_visitor_region, purpose_labels, text_changes,
    validate_opt_in, ConsentRecord, OptInErrors, RecordContext,
};
use chatgate_core::i18n;
use chatgate_core::time::Timestamp;
use chatgate_web as web;

use super::back_button;
use super::element::{group, reactive, Element, ReactiveValue};
use crate::{tables, Screen, WidgetState};
use std::rc::Rc;

/// Country options in the visitor's language, in its alphabetical order (`Intl.Collator`), with the calling code.
fn country_options(locale: &str) -> Vec<(&'static str, String)> {
    let regions = consent::selectable_regions();
    let codes: Vec<&str> = regions.iter().map(|(code, _)| *code).collect();
    let names = web::region_names(locale, &codes);
    web::collate(locale, &names)
        .into_iter()
        .map(|index| {
            (
                regions[index].0,
                format!("{} (+{})", names[index], regions[index].1),
            )
        })
        .collect()
}

/// Fetches the table lines of `region`'s calling code, if missing, ahead of the visitor's submit.
pub(crate) fn prefetch_region(region: String) {
    tables::prefetch(move || {
        chatgate_core::phone::region_info(&region);
    });
}

/// The opt-in form; with `previous` (a consent given under other wording) it first says what changed, what the
/// old consent still covers, and starts with the same number.
fn opt_in_form(
    state: WidgetState,
    locale: &'static str,
    previous: Option<ConsentRecord>,
) -> AnyView {
    let t = move |key| i18n::text(locale, key);
    let (business, business_phone, purposes, single, privacy_url, business_region, config_region) =
        state.config.with_value(|c| {
            (
                c.business.clone(),
                c.phone.clone(),
                c.purposes.clone(),
                c.single_checkbox,
                c.privacy_url.clone(),
                c.phone.region().to_string(),
                c.region.clone(),
            )
        });
    let languages = state.browser_languages.get_value();
    let region = RwSignal::new(default_visitor_region(
        config_region.as_deref(),
        &languages,
        &business_region,
    ));
    let phone = RwSignal::new(
        previous
            .as_ref()
            .map(|record| record.phone.as_string())
            .unwrap_or_default(),
    );
    let ticked = RwSignal::new(Vec::<String>::new());
    let phone_error = RwSignal::new(None::<&'static str>);
    let purposes_error = RwSignal::new(None::<&'static str>);
    let copy = consent_copy(locale, &business, &purposes, single, &privacy_url);
    let (intro, withdraw_text, checkboxes) = (
        copy.intro.clone(),
        copy.withdraw.clone(),
        copy.checkboxes.clone(),
    );
    let selected_region = region.get_untracked();
    let options = country_options(locale).into_iter().map(|(code, label)| {
        let option = Element::new("option").attr("value", code);
        let option = if code == selected_region {
            option.attr("selected", "")
        } else {
            option
        };
        option.text(label).into_view()
    });
    let changes = previous.map(|record| reconsent_notice(state, &record, locale));
    let title = if changes.is_some() {
        t("reconsent.title")
    } else {
        t("optin.title")
    };
    // The number is read with its calling code's table lines, fetched when missing (`crate::tables`): the form
    // stays as it is meanwhile, a second submit waits for the first, and a failed fetch says so in the field.
    let checking = StoredValue::new(false);
    let record_context = Rc::new((business, business_phone, copy, purposes));
    let on_submit = move |event: web_sys::Event| {
        event.prevent_default();
        if checking.get_value() {
            return;
        }
        checking.set_value(true);
        let (phone_input, region_code, ticked) = (
            phone.get_untracked(),
            region.get_untracked(),
            ticked.get_untracked(),
        );
        let context = record_context.clone();
        web::spawn(async move {
            let (business, business_phone, copy, purposes) = &*context;
            let read = tables::read_with(|| {
                validate_opt_in(&phone_input, &region_code, &ticked, purposes)
            })
            .await;
            checking.set_value(false);
            let errors = match read {
                Ok(Ok(form)) => {
                    let record = build_record(
                        &form,
                        &RecordContext {
                            business,
                            business_phone,
                            copy,
                            locale,
                            page: &web::page_address(),
                            now: Timestamp(web::now_seconds()),
                            random: web::random_bytes(),
                        },
                    );
                    state.record_consent(record.clone());
                    state.go(Screen::Done(record));
                    return;
                }
                Ok(Err(errors)) => errors,
                Err(problem) => {
                    web::console_error(&problem);
                    OptInErrors {
                        phone: Some("table_unavailable"),
                        purposes: None,
                    }
                }
            };
            phone_error.set(errors.phone);
            purposes_error.set(errors.purposes);
            let target = if errors.phone.is_some() {
                "#cg-phone"
            } else {
                "#cg-purpose-0"
            };
            if let Some(panel) = state.panel.get_untracked() {
                web::focus_selector(&panel, target);
            }
        });
    };
    let boxes = checkboxes
        .into_iter()
        .enumerate()
        .map(|(index, (id, label))| {
            let input_id = format!("cg-purpose-{index}");
            let on_change = move |event: web_sys::Event| {
                let on = event_target_checked(&event);
                ticked.update(|t| {
                    t.retain(|x| x != &id);
                    if on {
                        t.push(id.clone());
                    }
                });
                if on {
                    purposes_error.set(None);
                }
            };
            let input = Element::new("input")
                .attr("type", "checkbox")
                .attr("id", input_id.clone())
                .reactive_attr("aria-invalid", invalid(purposes_error))
                .reactive_attr(
                    "aria-describedby",
                    described_by(purposes_error, "cg-purposes-error"),
                )
                .on("change", Box::new(on_change));
            Element::new("div")
                .class("cg-check")
                .child(input.into_view())
                .child(
                    Element::new("label")
                        .attr("for", input_id)
                        .text(label)
                        .into_view(),
                )
                .into_view()
        });
    let error = move |signal: RwSignal<Option<&'static str>>, id: &'static str| {
        reactive(Box::new(move || {
            let line = signal.get().map(|code| {
                Element::new("p")
                    .attr("id", id)
                    .class("cg-error")
                    .attr("role", "alert")
                    .text(i18n::error_text(locale, code))
                    .into_view()
            });
            group(line.into_iter().collect())
        }))
    };
    let on_country = move |event: web_sys::Event| {
        let chosen = event_target_value(&event);
        prefetch_region(chosen.clone());
        region.set(chosen);
        phone_error.set(None);
    };
    let label = |for_id: &'static str, text: &'static str| {
        Element::new("label")
            .class("cg-label")
            .attr("for", for_id)
            .text(text)
            .into_view()
    };
    let form = Element::new("form")
        .class("cg-form")
        .attr("novalidate", "")
        .on("submit", Box::new(on_submit))
        .child(label("cg-country", t("optin.country")))
        .child(
            Element::new("select")
                .attr("id", "cg-country")
                .class("cg-input")
                .attr("autocomplete", "tel-country-code")
                .on("change", Box::new(on_country))
                .children(options)
                .into_view(),
        )
        .child(label("cg-phone", t("optin.phone")))
        .child(
            Element::new("input")
                .attr("id", "cg-phone")
                .class("cg-input")
                .attr("type", "tel")
                .attr("inputmode", "tel")
                .attr("autocomplete", "tel")
                .attr("value", phone.get_untracked())
                .reactive_attr("aria-invalid", invalid(phone_error))
                .reactive_attr(
                    "aria-describedby",
                    described_by(phone_error, "cg-phone-error"),
                )
                .on(
                    "input",
                    Box::new(move |event| phone.set(event_target_value(&event))),
                )
                .into_view(),
        )
        .child(error(phone_error, "cg-phone-error"))
        .child(
            Element::new("p")
                .class("cg-consent")
                .text(intro)
                .into_view(),
        )
        .child(
            Element::new("fieldset")
                .class("cg-fieldset")
                .child(
                    Element::new("legend")
                        .class("cg-label")
                        .text(t("optin.purposes"))
                        .into_view(),
                )
                .children(boxes)
                .into_view(),
        )
        .child(error(purposes_error, "cg-purposes-error"))
        .child(
            Element::new("p")
                .class("cg-consent")
                .text(withdraw_text)
                .text(" ")
                .child(
                    Element::new("a")
                        .attr("href", privacy_url)
                        .attr("target", "_blank")
                        .attr("rel", "noopener")
                        .text(t("optin.privacy"))
                        .into_view(),
                )
                .into_view(),
        )
        .child(
            Element::new("button")
                .attr("type", "submit")
                .class("cg-primary")
                .text(t("optin.submit"))
                .into_view(),
        );
    let heading = Element::new("h3")
        .class("cg-subtitle")
        .attr("tabindex", "-1")
        .attr("data-autofocus", "")
        .text(title);
    group(vec![
        back_button(state, locale).into_any(),
        heading.into_view(),
        group(changes.into_iter().collect()),
        form.into_view(),
    ])
}

/// `aria-invalid` of a field whose error is in `error`.
fn invalid(error: RwSignal<Option<&'static str>>) -> ReactiveValue {
    Box::new(move || Some(error.get().is_some().to_string()))
}

/// `aria-describedby` naming the error line `id` while there is an error.
fn described_by(error: RwSignal<Option<&'static str>>, id: &'static str) -> ReactiveValue {
    Box::new(move || error.get().map(|_| id.to_string()))
}

/// What changed in the consent text since `record` was given, and what the old consent still covers.
fn reconsent_notice(state: WidgetState, record: &ConsentRecord, locale: &'static str) -> AnyView {
    let (business, purposes, single, privacy_url) = state.config.with_value(|c| {
        (
            c.business.clone(),
            c.purposes.clone(),
            c.single_checkbox,
            c.privacy_url.clone(),
        )
    });
    // Compared in the language the visitor agreed in (the version is of that text), so a visitor who now reads
    // another language is shown real changes only.
    let current = consent_copy(&record.locale, &business, &purposes, single, &privacy_url);
    let changes = text_changes(&record.text, &current.text());
    let covered = i18n::join_list(locale, &purpose_labels(record, &purposes, locale));
    let mut notice = Element::new("div")
        .class("cg-notice")
        .attr("role", "note")
        .child(
            Element::new("p")
                .class("cg-text")
                .text(i18n::format(
                    locale,
                    "reconsent.text",
                    &[("business", &business), ("purposes", &covered)],
                ))
                .into_view(),
        );
    for (key, lines) in [
        ("reconsent.added", changes.added),
        ("reconsent.removed", changes.removed),
    ] {
        if lines.is_empty() {
            continue;
        }
        let items = lines
            .into_iter()
            .map(|line| Element::new("li").text(line).into_view());
        notice = notice
            .child(
                Element::new("p")
                    .class("cg-label")
                    .text(i18n::text(locale, key))
                    .into_view(),
            )
            .child(
                Element::new("ul")
                    .class("cg-changes")
                    .children(items)
                    .into_view(),
            );
    }
    let on_withdraw = move |_: web_sys::Event| {
        if state.withdraw() {
            state.go(Screen::Withdrawn);
        }
    };
    notice
        .child(
            Element::new("button")
                .attr("type", "button")
                .class("cg-link")
                .on("click", Box::new(on_withdraw))
                .text(i18n::text(locale, "reconsent.withdraw"))
                .into_view(),
        )
        .into_view()
}

/// The opt-in form for a first consent.
#[component]
pub fn OptInScreen(state: WidgetState, locale: &'static str) -> impl IntoView {
    opt_in_form(state, locale, None)
}

/// The opt-in form again after the consent text changed since `record` was given.
#[component]
pub fn ReconsentScreen(
    state: WidgetState,
    record: ConsentRecord,
    locale: &'static str,
) -> impl IntoView {
    opt_in_form(state, locale, Some(record))
}
