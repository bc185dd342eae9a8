//! The visitor widget's dialog (the `panel` bundle, loaded by `ui::launcher` on interest in the launcher): two
//! paths — chat now (the `wa.me` handoff, with a QR code on desktop) and get updates (the opt-in that creates a
//! consent record) — plus the confirmation and the manage view where a visitor withdraws.
//!
//! Components read signals, call the core (config, consent, click-to-chat, QR, translations) and render; the
//! browser (storage, clock, randomness, events, focus) is reached only through `chatgate_web`. The launcher bundle
//! has already checked the config (one console error naming the key, no launcher) before this bundle loads.

use leptos::prelude::*;

use chatgate_core::click_to_chat::{build_chat_url, LinkForm};
use chatgate_core::consent::{
    self, active_record, build_record, consent_copy, default_visitor_region, needs_reconsent,
    purpose_labels, text_changes, validate_opt_in, ConsentRecord, RecordContext,
};
use chatgate_core::events::{data_layer_lead, WidgetEvent, WidgetProblem};
use chatgate_core::i18n;
use chatgate_core::outbox::DeliveryKind;
use chatgate_core::qr::qr_svg;
use chatgate_core::time::Timestamp;
use chatgate_core::widget_config::{parse_widget_config, WidgetConfig};
use chatgate_core::widget_flow::{first_screen, ApiCommand, FirstScreen};
mod delivery;

/// Dispatches one of the widget's public events (`chatgate:<name>`) on `window`.
pub(crate) fn announce(event: WidgetEvent<'_>) {
    web::dispatch_event(event.name(), &event.detail());
}

use crate::delivery::Delivery;
use chatgate_web as web;

/// Where the visitor's consent records are kept (written only when the visitor submits or withdraws).
pub const STORAGE_KEY: &str = "chatgate:consents:v1";

/// Which screen the dialog shows.
#[derive(Clone, Debug, PartialEq)]
pub enum View {
    Home,
    Chat,
    OptIn,
    Done(ConsentRecord),
    Manage(ConsentRecord),
    /// The consent in force was given under other wording: what changed, and the form again.
    Reconsent(ConsentRecord),
    Withdrawn,
}

/// The widget's state, shared by its components (all signals, so it is `Copy`).
#[derive(Clone, Copy)]
pub struct WidgetState {
    pub config: StoredValue<WidgetConfig>,
    pub open: RwSignal<bool>,
    /// Whether the dialog has been built (hidden until `open`): ahead of the first open, so that click only shows it.
    pub prepared: RwSignal<bool>,
    pub view: RwSignal<View>,
    pub locale: RwSignal<&'static str>,
    /// The prefilled chat message, changed by `Chatgate('set', {message})` or by the visitor.
    pub message: RwSignal<String>,
    /// The visitor's consent records (from storage at start).
    pub records: RwSignal<Vec<ConsentRecord>>,
    /// The browser's languages, for the default country.
    pub browser_languages: StoredValue<Vec<String>>,
    /// The launcher button (made by the launcher bundle), when there is one.
    pub launcher: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
    pub panel: NodeRef<leptos::html::Section>,
    /// The consent outbox, when the config names a `consent_endpoint`.
    pub delivery: StoredValue<Option<Delivery>, LocalStorage>,
}

impl WidgetState {
    pub fn new(
        config: WidgetConfig,
        browser_languages: Vec<String>,
        records: Vec<ConsentRecord>,
        launcher: Option<web_sys::HtmlElement>,
    ) -> WidgetState {
        let locale = i18n::choose_locale(Some(&config.locale), &browser_languages);
        let message = config.chat_message(&web::page_title(), &web::page_url());
        WidgetState {
            config: StoredValue::new(config),
            open: RwSignal::new(false),
            prepared: RwSignal::new(false),
            view: RwSignal::new(View::Home),
            locale: RwSignal::new(locale),
            message: RwSignal::new(message),
            records: RwSignal::new(records),
            browser_languages: StoredValue::new(browser_languages),
            launcher: StoredValue::new_local(launcher),
            panel: NodeRef::new(),
            delivery: StoredValue::new_local(None),
        }
    }

    fn business(&self) -> String {
        self.config.with_value(|c| c.business.clone())
    }

    /// The view the dialog opens on (`core::widget_flow::first_screen`).
    fn first_view(&self) -> View {
        let (chat, updates, business) = self
            .config
            .with_value(|c| (c.chat, c.updates(), c.business.clone()));
        let active = self
            .records
            .with_untracked(|records| active_record(records, &business).cloned());
        match (first_screen(chat, updates, active.is_some()), active) {
            (FirstScreen::Manage, Some(_)) => self.updates_view(),
            (FirstScreen::OptIn | FirstScreen::Manage, _) => View::OptIn,
            (FirstScreen::Chat, _) => View::Chat,
            (FirstScreen::Home, _) => View::Home,
        }
    }

    /// The "updates" path: the form, the consent in force, or — when the company has changed the consent text
    /// since — what changed and the form again.
    fn updates_view(&self) -> View {
        let business = self.business();
        let Some(record) = self
            .records
            .with_untracked(|records| active_record(records, &business).cloned())
        else {
            return View::OptIn;
        };
        let current = self.config.with_value(|c| {
            consent_copy(
                &record.locale,
                &c.business,
                &c.purposes,
                c.single_checkbox,
                &c.privacy_url,
            )
        });
        if needs_reconsent(&record, &current) {
            View::Reconsent(record)
        } else {
            View::Manage(record)
        }
    }

    /// Builds the dialog, hidden, on the screen it will open on. Run in a task of its own once the bundle has
    /// started, so the first click finds its code compiled and its elements made (`make bench`: opening).
    pub fn prepare(&self) {
        if !self.prepared.get_untracked() {
            self.show_view(self.first_view());
            self.prepared.set(true);
        }
    }

    /// Switches to `view`, leaving the screen as it is (typed text, focus) when it already shows that view.
    fn show_view(&self, view: View) {
        if self.view.with_untracked(|current| *current != view) {
            self.view.set(view);
        }
    }

    pub fn set_open(&self, open: bool) {
        if open == self.open.get_untracked() {
            return;
        }
        if open {
            self.show_view(self.first_view());
            if !self.prepared.get_untracked() {
                self.prepared.set(true);
            }
        }
        self.open.set(open);
        self.launcher.with_value(|launcher| {
            if let Some(launcher) = launcher {
                web::set_expanded(launcher, open);
            }
        });
        if open {
            self.focus_screen();
        }
        announce(if open {
            WidgetEvent::Open
        } else {
            WidgetEvent::Close
        });
    }

    /// Closes from inside the dialog (Escape, the close button): focus returns to the launcher.
    pub fn close_to_launcher(&self) {
        self.set_open(false);
        self.launcher.with_value(|launcher| {
            if let Some(launcher) = launcher {
                web::focus(launcher);
            }
        });
    }

    /// Shows another screen and moves focus to its heading.
    pub fn go(&self, view: View) {
        self.view.set(view);
        self.focus_screen();
    }

    /// After the next render: focus the screen's heading (`data-autofocus`), else the first control.
    fn focus_screen(&self) {
        let panel = self.panel;
        request_animation_frame(move || {
            if let Some(panel) = panel.get_untracked() {
                web::focus_autofocus_or_first(&panel);
            }
        });
    }

    /// Writes the records, merged with what another tab may have written since this one read them.
    fn save_records(&self) {
        let stored = web::storage_get(STORAGE_KEY)
            .map(|json| consent::parse_stored(&json))
            .unwrap_or_default();
        self.records
            .update(|records| *records = consent::merge_records(&stored, records));
        let json = self
            .records
            .with_untracked(|records| serde_json::to_string(records).unwrap_or_default());
        if let Err(problem) = web::storage_set(STORAGE_KEY, &json) {
            let message = format!("{problem}: the visitor's consent is kept in this page only");
            announce(WidgetEvent::Error(WidgetProblem::StorageUnavailable {
                message: &message,
            }));
        }
    }

    /// Records a consent: kept in the browser, handed to the outbox (when there is a `consent_endpoint`),
    /// announced to the host page.
    /// A consent given while an earlier one is in force (after the wording changed) replaces it: the earlier
    /// record is closed with `withdrawn_at` = the new `given_at`, and that is delivered too.
    fn record_consent(&self, record: ConsentRecord) {
        let mut superseded = Vec::new();
        self.records
            .update(|records| superseded = consent::add_consent(records, record.clone()));
        for old in &superseded {
            self.deliver(DeliveryKind::Withdrawal, old);
        }
        self.save_records();
        self.deliver(DeliveryKind::Consent, &record);
        announce(WidgetEvent::Consent(&record));
        if self.config.with_value(|c| c.data_layer) {
            web::push_data_layer(&data_layer_lead(&record));
        }
    }

    /// Withdraws the consent in force, if any — and any earlier one it superseded after a change of wording: the
    /// records are kept with `withdrawn_at`, never deleted, and each withdrawal is delivered.
    pub fn withdraw(&self) -> bool {
        let business = self.business();
        let at = Timestamp(web::now_seconds());
        let mut withdrawn = Vec::new();
        self.records
            .update(|records| withdrawn = consent::withdraw_all(records, &business, at));
        let Some(latest) = withdrawn.last() else {
            return false;
        };
        self.save_records();
        for record in &withdrawn {
            self.deliver(DeliveryKind::Withdrawal, record);
        }
        announce(WidgetEvent::Withdraw(latest));
        true
    }

    fn deliver(&self, kind: DeliveryKind, record: &ConsentRecord) {
        self.delivery.with_value(|delivery| {
            if let Some(delivery) = delivery {
                delivery.send(kind, record.clone());
            }
        });
    }

    /// Carries out a `Chatgate(...)` call (already read by `core::widget_flow::ApiCommand`).
    pub fn handle(&self, command: ApiCommand) {
        match command {
            ApiCommand::Open => self.set_open(true),
            ApiCommand::Close => self.set_open(false),
            ApiCommand::Toggle => self.set_open(!self.open.get_untracked()),
            ApiCommand::Withdraw => {
                if self.withdraw() && self.open.get_untracked() {
                    self.go(View::Withdrawn);
                }
            }
            ApiCommand::Set { locale, message } => {
                if let Some(locale) = locale {
                    let languages = self.browser_languages.get_value();
                    let locale = i18n::choose_locale(Some(&locale), &languages);
                    self.locale.set(locale);
                    let label = self.config.with_value(|c| c.chat_title(locale));
                    self.launcher.with_value(|launcher| {
                        launcher
                            .iter()
                            .for_each(|launcher| web::label_launcher(launcher, &label, locale))
                    });
                }
                if let Some(text) = message {
                    let filled = self.config.with_value(|c| {
                        WidgetConfig {
                            message: text,
                            ..c.clone()
                        }
                        .chat_message(&web::page_title(), &web::page_url())
                    });
                    self.message.set(filled);
                }
            }
        }
    }
}

/// Starts the dialog from the launcher bundle's hand-over (the shadow root's widget root and the launcher).
///
/// V8 compiles each wasm function on its first call, on the main thread, so the start is a series of tasks, each
/// well under 50 ms on a slow phone (`make bench`, opening): read the config; read the records and make the state;
/// start the outbox; mount and take calls, then tell the loader (`web::signal_panel_started`, which lets the
/// launcher forward the clicks and calls it kept); build the dialog, hidden. Tasks posted together run in order.
pub fn start() {
    let Some(boot) = web::take_panel_boot() else {
        return web::signal_panel_started(false);
    };
    web::next_task(move || {
        // The launcher bundle has already checked this config; an error here would be a bug, reported the same way.
        let config = match parse_widget_config(&boot.config) {
            Ok(config) => config,
            Err(error) => {
                web::console_error(&error.to_string());
                return web::signal_panel_started(false);
            }
        };
        web::next_task(move || {
            let Ok(parent) = web::panel_mount_point(&boot.container, &boot.launcher) else {
                return web::signal_panel_started(false);
            };
            let records = web::storage_get(STORAGE_KEY)
                .map(|json| consent::parse_stored(&json))
                .unwrap_or_default();
            let endpoint = config.consent_endpoint.clone();
            let launcher = boot.launcher;
            let state = WidgetState::new(
                config,
                web::browser_languages(),
                records,
                Some(launcher.clone()),
            );
            web::next_task(move || state.delivery.set_value(endpoint.map(Delivery::start)));
            web::next_task(move || {
                leptos::mount::mount_to(parent, move || view! { <Widget state=state/> }).forget();
                web::listen(launcher.as_ref(), &["click"], move |_| {
                    state.set_open(!state.open.get_untracked())
                });
                web::register_api_handler(move |command, argument| {
                    match ApiCommand::parse(&command, &argument) {
                        Ok(command) => state.handle(command),
                        Err(problem) => web::console_error(&problem),
                    }
                });
                web::signal_panel_started(true);
            });
            web::next_task(move || state.prepare());
        });
    });
}

/// The dialog: built once (see [`WidgetState::prepare`]), hidden while closed. Strings are re-rendered as a whole
/// when the language changes (rarely: `Chatgate('set', {locale})`), so each text is plain, not a reactive node.
#[component]
pub fn Widget(state: WidgetState) -> impl IntoView {
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            state.close_to_launcher();
        } else if event.key() == "Tab" {
            if let Some(panel) = state.panel.get_untracked() {
                if web::trap_tab(&panel, event.shift_key()) {
                    event.prevent_default();
                }
            }
        }
    };
    view! {
        <Show when=move || state.prepared.get()>
            <section class="cg-panel" role="dialog" aria-modal="true" aria-labelledby="cg-dialog-title" hidden=move || !state.open.get()
                lang=move || state.locale.get() node_ref=state.panel on:keydown=on_keydown>
                {move || {
                    let locale = state.locale.get();
                    let t = move |key| i18n::text(locale, key);
                    view! {
                        <header class="cg-header">
                            <h2 class="cg-title" id="cg-dialog-title">{state.config.with_value(|c| c.chat_title(locale))}</h2>
                            <button type="button" class="cg-close" aria-label=t("panel.close") on:click=move |_| state.close_to_launcher()>
                                <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                                    <path d="M3 3l10 10M13 3L3 13" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
                                </svg>
                            </button>
                        </header>
                        <div class="cg-body">{move || screen(state, state.view.get(), locale)}</div>
                    }
                }}
            </section>
        </Show>
    }
}

fn screen(state: WidgetState, view: View, locale: &'static str) -> impl IntoView {
    use leptos::either::EitherOf7;
    match view {
        View::Home => EitherOf7::A(home_screen(state, locale)),
        View::Chat => EitherOf7::B(chat_screen(state, locale)),
        View::OptIn => EitherOf7::C(opt_in_form(state, locale, None)),
        View::Done(record) => EitherOf7::D(done_screen(state, record, locale)),
        View::Manage(record) => EitherOf7::E(manage_screen(state, record, locale)),
        View::Reconsent(record) => EitherOf7::F(opt_in_form(state, locale, Some(record))),
        View::Withdrawn => EitherOf7::G(withdrawn_screen(state, locale)),
    }
}

/// "Back" to the choice, shown when both paths are offered.
fn back_button(state: WidgetState, locale: &'static str) -> impl IntoView {
    let both = state.config.with_value(|c| c.chat && c.updates());
    both.then(|| view! {
        <button type="button" class="cg-back" on:click=move |_| state.go(View::Home)>{format!("← {}", i18n::text(locale, "panel.back"))}</button>
    })
}

fn home_screen(state: WidgetState, locale: &'static str) -> impl IntoView {
    let t = move |key| i18n::text(locale, key);
    let business = state.business();
    let active = state
        .records
        .with_untracked(|records| active_record(records, &business).cloned());
    let (updates_title, updates_hint) = if active.is_some() {
        (t("home.manage"), "")
    } else {
        (t("home.updates"), t("home.updates_hint"))
    };
    view! {
        <p class="cg-text" tabindex="-1" data-autofocus>{t("home.intro")}</p>
        <div class="cg-choices">
            <button type="button" class="cg-choice" on:click=move |_| state.go(View::Chat)>
                <span class="cg-choice-title">{t("home.chat")}</span>
                <span class="cg-choice-hint">{t("home.chat_hint")}</span>
            </button>
            <button type="button" class="cg-choice" on:click=move |_| state.go(state.updates_view())>
                <span class="cg-choice-title">{updates_title}</span>
                {(!updates_hint.is_empty()).then(|| view! { <span class="cg-choice-hint">{updates_hint}</span> })}
            </button>
        </div>
    }
}

/// A link that hands off to WhatsApp and tells the host page (`chatgate:handoff`).
fn handoff_link(href: Signal<String>, class: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <a class=class href=move || href.get() target="_blank" rel="noopener noreferrer"
            on:click=move |_| announce(WidgetEvent::Handoff { url: &href.get_untracked() })>{label}</a>
    }
}

fn chat_screen(state: WidgetState, locale: &'static str) -> impl IntoView {
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

/// The opt-in form; with `previous` (a consent given under other wording) it first says what changed, what the
/// old consent still covers, and starts with the same number.
fn opt_in_form(
    state: WidgetState,
    locale: &'static str,
    previous: Option<ConsentRecord>,
) -> impl IntoView {
    let t = move |key| i18n::text(locale, key);
    let (business, purposes, single, privacy_url, business_region, config_region) =
        state.config.with_value(|c| {
            (
                c.business.clone(),
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
    let phone_ref = NodeRef::<leptos::html::Input>::new();
    let first_box_ref = NodeRef::<leptos::html::Input>::new();
    let copy = consent_copy(locale, &business, &purposes, single, &privacy_url);
    let (intro, withdraw_text, checkboxes) = (
        copy.intro.clone(),
        copy.withdraw.clone(),
        copy.checkboxes.clone(),
    );
    let selected_region = region.get_untracked();
    let options = country_options(locale)
        .into_iter()
        .map(|(code, label)| view! { <option value=code selected=code == selected_region>{label}</option> })
        .collect_view();
    let changes = previous.map(|record| reconsent_notice(state, &record, locale));
    let title = if changes.is_some() {
        t("reconsent.title")
    } else {
        t("optin.title")
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match validate_opt_in(
            &phone.get_untracked(),
            &region.get_untracked(),
            &ticked.get_untracked(),
            &purposes,
        ) {
            Err(errors) => {
                phone_error.set(errors.phone);
                purposes_error.set(errors.purposes);
                let target = if errors.phone.is_some() {
                    phone_ref.get_untracked()
                } else {
                    first_box_ref.get_untracked()
                };
                if let Some(target) = target {
                    web::focus(&target);
                }
            }
            Ok(form) => {
                let record = build_record(
                    &form,
                    &RecordContext {
                        business: &business,
                        copy: &copy,
                        locale,
                        page: &web::page_address(),
                        now: Timestamp(web::now_seconds()),
                        random: web::random_bytes(),
                    },
                );
                state.record_consent(record.clone());
                state.go(View::Done(record));
            }
        }
    };
    let boxes = checkboxes
        .into_iter()
        .enumerate()
        .map(|(index, (id, label))| {
            let input_id = format!("cg-purpose-{index}");
            let node_ref = if index == 0 {
                first_box_ref
            } else {
                NodeRef::new()
            };
            view! {
                <div class="cg-check">
                    <input type="checkbox" id=input_id.clone() node_ref=node_ref
                        aria-invalid=move || purposes_error.get().is_some().to_string()
                        aria-describedby=move || purposes_error.get().map(|_| "cg-purposes-error")
                        on:change=move |event| {
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
                        }/>
                    <label for=input_id>{label}</label>
                </div>
            }
        })
        .collect_view();
    let error = move |signal: RwSignal<Option<&'static str>>, id: &'static str| {
        move || {
            signal.get().map(|code| view! { <p id=id class="cg-error" role="alert">{i18n::error_text(locale, code)}</p> })
        }
    };
    view! {
        {back_button(state, locale)}
        <h3 class="cg-subtitle" tabindex="-1" data-autofocus>{title}</h3>
        {changes}
        <form class="cg-form" novalidate on:submit=on_submit>
            <label class="cg-label" for="cg-country">{t("optin.country")}</label>
            <select id="cg-country" class="cg-input" autocomplete="tel-country-code"
                on:change=move |event| { region.set(event_target_value(&event)); phone_error.set(None); }>
                {options}
            </select>
            <label class="cg-label" for="cg-phone">{t("optin.phone")}</label>
            <input id="cg-phone" class="cg-input" type="tel" inputmode="tel" autocomplete="tel" node_ref=phone_ref
                prop:value=phone.get_untracked()
                aria-invalid=move || phone_error.get().is_some().to_string()
                aria-describedby=move || phone_error.get().map(|_| "cg-phone-error")
                on:input=move |event| phone.set(event_target_value(&event))/>
            {error(phone_error, "cg-phone-error")}
            <p class="cg-consent">{intro}</p>
            <fieldset class="cg-fieldset">
                <legend class="cg-label">{t("optin.purposes")}</legend>
                {boxes}
            </fieldset>
            {error(purposes_error, "cg-purposes-error")}
            <p class="cg-consent">
                {withdraw_text}" "<a href=privacy_url target="_blank" rel="noopener">{t("optin.privacy")}</a>
            </p>
            <button type="submit" class="cg-primary">{t("optin.submit")}</button>
        </form>
    }
}

/// What changed in the consent text since `record` was given, and what the old consent still covers.
fn reconsent_notice(
    state: WidgetState,
    record: &ConsentRecord,
    locale: &'static str,
) -> impl IntoView {
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
    let list = move |key: &'static str, lines: Vec<String>| {
        (!lines.is_empty()).then(|| {
            let items = lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view();
            view! { <p class="cg-label">{i18n::text(locale, key)}</p><ul class="cg-changes">{items}</ul> }
        })
    };
    view! {
        <div class="cg-notice" role="note">
            <p class="cg-text">{i18n::format(locale, "reconsent.text", &[("business", &business), ("purposes", &covered)])}</p>
            {list("reconsent.added", changes.added)}
            {list("reconsent.removed", changes.removed)}
            <button type="button" class="cg-link" on:click=move |_| {
                if state.withdraw() {
                    state.go(View::Withdrawn);
                }
            }>{i18n::text(locale, "reconsent.withdraw")}</button>
        </div>
    }
}

fn done_screen(state: WidgetState, record: ConsentRecord, locale: &'static str) -> impl IntoView {
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
    let chat_url = Signal::stored(build_chat_url(LinkForm::WaMe, Some(&phone), &message).url);
    view! {
        <h3 class="cg-subtitle" tabindex="-1" data-autofocus>{t("done.title")}</h3>
        <p class="cg-text">{i18n::format(locale, "done.text", &[("business", &business), ("purposes", &labels)])}</p>
        <p class="cg-reference">{i18n::format(locale, "done.reference", &[("code", &code)])}</p>
        {handoff_link(chat_url, "cg-primary", t("done.chat"))}
    }
}

fn manage_screen(state: WidgetState, record: ConsentRecord, locale: &'static str) -> impl IntoView {
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
    let given_on = record.given_at.to_rfc3339_utc()[..10].to_string();
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
        <button type="button" class="cg-secondary" on:click=move |_| {
            if state.withdraw() {
                state.go(View::Withdrawn);
            }
        }>{t("manage.withdraw")}</button>
    }
}

fn withdrawn_screen(state: WidgetState, locale: &'static str) -> impl IntoView {
    let text = i18n::format(
        locale,
        "manage.withdrawn",
        &[("business", &state.business())],
    );
    view! {
        <p class="cg-text" tabindex="-1" data-autofocus role="status">{text}</p>
        <button type="button" class="cg-secondary" on:click=move |_| state.go(View::OptIn)>{i18n::text(locale, "manage.again")}</button>
    }
}
