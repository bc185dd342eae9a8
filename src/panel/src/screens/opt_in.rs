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
use super::manage::{heading, paragraph, withdraw_button};
use crate::dom::{dynamic, el, list, Node};
use crate::{tables, Screen, WidgetState};
use std::rc::Rc;
use wasm_bindgen::JsCast;

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
fn opt_in_form(state: WidgetState, locale: &'static str, previous: Option<ConsentRecord>) -> Node {
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
    // What the visitor chose and typed, read when they submit: no view follows these, so they are not signals.
    let region = StoredValue::new(default_visitor_region(
        config_region.as_deref(),
        &languages,
        &business_region,
    ));
    let phone = StoredValue::new(
        previous
            .as_ref()
            .map(|record| record.phone.as_string())
            .unwrap_or_default(),
    );
    let ticked = StoredValue::new(Vec::<String>::new());
    let phone_error = RwSignal::new(None::<&'static str>);
    let purposes_error = RwSignal::new(None::<&'static str>);
    let copy = consent_copy(locale, &business, &purposes, single, &privacy_url);
    let (intro, withdraw_text, checkboxes) = (
        copy.intro.clone(),
        copy.withdraw.clone(),
        copy.checkboxes.clone(),
    );
    let selected_region = region.get_value();
    let options = country_options(locale)
        .into_iter()
        .map(|(code, label)| {
            el("option")
                .attr("value", code)
                .flag("selected", code == selected_region)
                .child(label)
                .into()
        })
        .collect::<Vec<Node>>();
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
    let on_submit = move |event: leptos::ev::Event| {
        event.prevent_default();
        if checking.get_value() {
            return;
        }
        checking.set_value(true);
        let form = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok());
        let (phone_input, region_code, ticked) =
            (phone.get_value(), region.get_value(), ticked.get_value());
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
            // The first field to correct.
            if let Some(form) = &form {
                let field = if errors.phone.is_some() {
                    "#cg-phone"
                } else {
                    ".cg-check input"
                };
                let _ = web::focus_matching(form, field);
            }
        });
    };
    let boxes = checkboxes
        .into_iter()
        .enumerate()
        .map(|(index, (id, label))| {
            let input_id = format!("cg-purpose-{index}");
            let checkbox = el("input")
                .attr("type", "checkbox")
                .id(input_id.clone())
                .on("change", move |event| {
                    let on = event_target_checked(&event);
                    ticked.update_value(|t| {
                        t.retain(|x| x != &id);
                        if on {
                            t.push(id.clone());
                        }
                    });
                    if on {
                        purposes_error.set(None);
                    }
                });
            el("div")
                .class("cg-check")
                .child(validated(checkbox, purposes_error, "cg-purposes-error"))
                .child(el("label").attr("for", input_id).child(label))
                .into()
        })
        .collect::<Vec<Node>>();
    let error = move |signal: RwSignal<Option<&'static str>>, id: &'static str| {
        dynamic(move || {
            signal
                .get()
                .map(|code| {
                    el("p")
                        .id(id)
                        .class("cg-error")
                        .attr("role", "alert")
                        .child(i18n::error_text(locale, code))
                })
                .into()
        })
    };
    let country = el("select")
        .id("cg-country")
        .class("cg-input")
        .attr("autocomplete", "tel-country-code")
        .on("change", move |event| {
            let chosen = event_target_value(&event);
            prefetch_region(chosen.clone());
            region.set_value(chosen);
            phone_error.set(None);
        })
        .child(options);
    let number = el("input")
        .id("cg-phone")
        .class("cg-input")
        .attr("type", "tel")
        .attr("inputmode", "tel")
        .attr("autocomplete", "tel")
        .property("value", move || phone.get_value())
        .on("input", move |event| {
            phone.set_value(event_target_value(&event))
        });
    let label = |target: &'static str, text: &'static str| {
        el("label")
            .class("cg-label")
            .attr("for", target)
            .child(text)
    };
    let form = el("form")
        .class("cg-form")
        .flag("novalidate", true)
        .on("submit", on_submit)
        .child(label("cg-country", t("optin.country")))
        .child(country)
        .child(label("cg-phone", t("optin.phone")))
        .child(validated(number, phone_error, "cg-phone-error"))
        .child(error(phone_error, "cg-phone-error"))
        .child(paragraph("cg-consent", intro))
        .child(
            el("fieldset")
                .class("cg-fieldset")
                .child(el("legend").class("cg-label").child(t("optin.purposes")))
                .child(boxes),
        )
        .child(error(purposes_error, "cg-purposes-error"))
        .child(
            el("p")
                .class("cg-consent")
                .child(withdraw_text)
                .child(" ")
                .child(
                    el("a")
                        .attr("href", privacy_url)
                        .attr("target", "_blank")
                        .attr("rel", "noopener")
                        .child(t("optin.privacy")),
                ),
        )
        .child(
            el("button")
                .attr("type", "submit")
                .class("cg-primary")
                .child(t("optin.submit")),
        );
    list([
        back_button(state, locale),
        heading(title),
        changes.into(),
        form.into(),
    ])
}

/// A field whose error is in `error`: `aria-invalid`, and `aria-describedby` naming the error line `id` while
/// there is an error.
fn validated(
    field: crate::dom::Element,
    error: RwSignal<Option<&'static str>>,
    id: &'static str,
) -> crate::dom::Element {
    field
        .reactive("aria-invalid", move || {
            Some(error.get().is_some().to_string())
        })
        .reactive("aria-describedby", move || {
            error.get().map(|_| id.to_string())
        })
}

/// What changed in the consent text since `record` was given, and what the old consent still covers.
fn reconsent_notice(state: WidgetState, record: &ConsentRecord, locale: &'static str) -> Node {
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
    let changed = move |key: &'static str, lines: Vec<String>| -> Node {
        (!lines.is_empty())
            .then(|| {
                let items = lines
                    .into_iter()
                    .map(|line| el("li").child(line).into())
                    .collect::<Vec<Node>>();
                list([
                    paragraph("cg-label", i18n::text(locale, key)),
                    el("ul").class("cg-changes").child(items).into(),
                ])
            })
            .into()
    };
    el("div")
        .class("cg-notice")
        .attr("role", "note")
        .child(paragraph(
            "cg-text",
            i18n::format(
                locale,
                "reconsent.text",
                &[("business", &business), ("purposes", &covered)],
            ),
        ))
        .child(changed("reconsent.added", changes.added))
        .child(changed("reconsent.removed", changes.removed))
        .child(withdraw_button(
            state,
            "cg-link",
            i18n::text(locale, "reconsent.withdraw"),
        ))
        .into()
}

/// The opt-in form for a first consent.
#[component]
pub fn OptInScreen(state: WidgetState, locale: &'static str) -> Node {
    opt_in_form(state, locale, None)
}

/// The opt-in form again after the consent text changed since `record` was given.
#[component]
pub fn ReconsentScreen(state: WidgetState, record: ConsentRecord, locale: &'static str) -> Node {
    opt_in_form(state, locale, Some(record))
}
