//! The visitor widget's dialog (the `panel` bundle, loaded by the loader on interest in the launcher): two
//! paths — chat now (the `wa.me` handoff, with a QR code on desktop) and get updates (the opt-in that creates a
//! consent record) — plus the confirmation and the manage view where a visitor withdraws.
//!
//! Components read signals, call the core (config, consent, click-to-chat, QR, translations) and render; the
//! browser (storage, clock, randomness, events, focus) is reached only through `chatgate_web`. The loader drew the
//! launcher and started this bundle only after the config checker accepted the config; this bundle reads the
//! config as the checker wrote it (`core::widget_config::read_normalized`: no key parser, no config error text)
//! and takes the launcher over.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use chatgate_core::consent::{self, active_record, consent_copy, needs_reconsent, ConsentRecord};
use chatgate_core::events::{data_layer_lead, WidgetEvent, WidgetProblem};
use chatgate_core::i18n;
use chatgate_core::outbox::{DeliveryKind, OutboxEntry};
use chatgate_core::time::Timestamp;
use chatgate_core::widget_config::{read_normalized, WidgetConfig};
use chatgate_core::widget_flow::{first_screen, replay_waiting, ApiCommand, FirstScreen};
pub mod dom;
mod screens;
mod tables;

/// Dispatches one of the widget's public events (`chatgate:<name>`) on `window`.
pub(crate) fn announce(event: WidgetEvent<'_>) {
    web::dispatch_event(event.name(), &event.detail());
}

use crate::dom::{dynamic, el, svg, Node};
use crate::screens::{
    ChatScreen, DoneScreen, HomeScreen, ManageScreen, OptInScreen, ReconsentScreen, WithdrawnScreen,
};
use chatgate_web as web;

/// Where the visitor's consent records are kept (written only when the visitor submits or withdraws).
pub const STORAGE_KEY: &str = "chatgate:consents:v1";

/// Which screen the dialog shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
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
    pub view: RwSignal<Screen>,
    pub locale: RwSignal<&'static str>,
    /// The prefilled chat message, changed by `Chatgate('set', {message})` or by the visitor.
    pub message: RwSignal<String>,
    /// The visitor's consent records (from storage at start). Not a signal: no view follows them, each screen
    /// reads them when it is built.
    pub records: StoredValue<Vec<ConsentRecord>>,
    /// The browser's languages, for the default country.
    pub browser_languages: StoredValue<Vec<String>>,
    /// The launcher button (drawn by the loader), when there is one; the dialog is mounted beside it.
    pub launcher: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
}

impl WidgetState {
    pub fn new(
        config: WidgetConfig,
        browser_languages: Vec<String>,
        records: Vec<ConsentRecord>,
        launcher: Option<web_sys::HtmlElement>,
    ) -> WidgetState {
        let locale = i18n::choose_locale(Some(&config.locale), &browser_languages);
        let message = config.page_chat_message(&web::page_title(), &web::page_url());
        WidgetState {
            config: StoredValue::new(config),
            open: RwSignal::new(false),
            prepared: RwSignal::new(false),
            view: RwSignal::new(Screen::Home),
            locale: RwSignal::new(locale),
            message: RwSignal::new(message),
            records: StoredValue::new(records),
            browser_languages: StoredValue::new(browser_languages),
            launcher: StoredValue::new_local(launcher),
        }
    }

    fn business(&self) -> String {
        self.config.with_value(|c| c.business.clone())
    }

    /// The view the dialog opens on (`core::widget_flow::first_screen`).
    fn first_view(&self) -> Screen {
        let now = Timestamp(web::now_seconds());
        // Closed with `closed: "hide"` and nothing else to offer: the chat screen says when it opens.
        let (chat, updates, business) = self.config.with_value(|c| {
            (
                c.chat_offered_at(now) || !c.updates(),
                c.updates(),
                c.business.clone(),
            )
        });
        let active = self
            .records
            .with_value(|records| active_record(records, &business).cloned());
        match (first_screen(chat, updates, active.is_some()), active) {
            (FirstScreen::Manage, Some(_)) => self.updates_view(),
            (FirstScreen::OptIn | FirstScreen::Manage, _) => Screen::OptIn,
            (FirstScreen::Chat, _) => Screen::Chat,
            (FirstScreen::Home, _) => Screen::Home,
        }
    }

    /// The "updates" path: the form, the consent in force, or — when the company has changed the consent text
    /// since — what changed and the form again.
    fn updates_view(&self) -> Screen {
        let business = self.business();
        let Some(record) = self
            .records
            .with_value(|records| active_record(records, &business).cloned())
        else {
            return Screen::OptIn;
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
            Screen::Reconsent(record)
        } else {
            Screen::Manage(record)
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
    fn show_view(&self, view: Screen) {
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

    /// Shows the dialog and the launcher's name in `locale` (whose texts are installed). The open dialog is
    /// built again in that language, so focus goes back to its screen.
    fn set_locale(&self, locale: &'static str) {
        self.locale.set(locale);
        let label = self.config.with_value(|c| c.chat_title(locale));
        self.launcher.with_value(|launcher| {
            launcher
                .iter()
                .for_each(|launcher| web::label_launcher(launcher, &label, locale))
        });
        if self.open.get_untracked() {
            self.focus_screen();
        }
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
    pub fn go(&self, view: Screen) {
        self.view.set(view);
        self.focus_screen();
    }

    /// After the next render: focus the screen's heading (`data-autofocus`), else the first control.
    pub(crate) fn focus_screen(&self) {
        focus_screen_when_shown(*self, 10);
    }

    /// Writes the records, merged with what another tab may have written since this one read them.
    fn save_records(&self) {
        let stored = stored_records();
        self.records
            .update_value(|records| *records = consent::merge_records(&stored, records));
        let json = self
            .records
            .with_value(|records| consent::stored_text(records));
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
            .update_value(|records| superseded = consent::add_consent(records, record.clone()));
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
            .update_value(|records| withdrawn = consent::withdraw_all(records, &business, at));
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

    /// Hands a record to the consent courier when the config names a `consent_endpoint`: its outbox entry is
    /// kept in localStorage first, here and now, so that a record given just before the page closes is sent from
    /// the next page; the loader imports the courier (`src/deliver`) to send it, and the courier keeps in memory
    /// an entry storage refused.
    fn deliver(&self, kind: DeliveryKind, record: &ConsentRecord) {
        if self.config.with_value(|c| c.consent_endpoint.is_none()) {
            return;
        }
        let entry = OutboxEntry::new(kind, record.clone());
        let (key, json) = (entry.storage_key(), entry.to_json());
        let stored = web::storage_set(&key, &json).is_ok();
        web::deliver(&key, &json, stored);
    }

    /// Carries out a `Chatgate(...)` call (already read by `core::widget_flow::ApiCommand`).
    pub fn handle(&self, command: ApiCommand) {
        match command {
            ApiCommand::Open => self.set_open(true),
            ApiCommand::Close => self.set_open(false),
            ApiCommand::Toggle => self.set_open(!self.open.get_untracked()),
            ApiCommand::Withdraw => {
                if self.withdraw() && self.open.get_untracked() {
                    self.go(Screen::Withdrawn);
                }
            }
            ApiCommand::Set { locale, message } => {
                if let Some(locale) = locale {
                    let languages = self.browser_languages.get_value();
                    let locale = i18n::choose_locale(Some(&locale), &languages);
                    // With the language's texts, fetched first when this bundle lacks them (the language stays as
                    // it is if they cannot be).
                    if tables::texts_missing(locale) {
                        let state = *self;
                        web::spawn(async move {
                            if tables::language(locale).await == locale {
                                state.set_locale(locale);
                            }
                        });
                    } else {
                        self.set_locale(locale);
                    }
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

/// Starts the dialog from the loader's hand-over (the shadow root, the widget root and the launcher it drew).
///
/// V8 compiles each wasm function on its first call, on the main thread, so the start is a series of tasks, each
/// well under 50 ms on a slow phone (`make bench`, opening): read the config the checker accepted and re-apply
/// the core's decisions to the launcher; read the records and make the state; start the outbox; mount and take
/// calls, then tell the loader (`web::signal_panel_started`, which hands over the calls and clicks that waited);
/// build the dialog, hidden.
/// Tasks posted together run in order.
pub fn start() {
    let Some(boot) = web::take_boot() else {
        web::signal_panel_started(false);
        return;
    };
    web::next_task(move || {
        tables::start(&boot.tables);
        // The checker wrote this text from a config it accepted: one the reader cannot read is a bug, and the
        // dialog does not start (the loader reports a dialog that could not start).
        let Some(config) = read_normalized(&boot.normalized_config) else {
            web::console_error("Chatgate: the checked config could not be read");
            web::signal_panel_started(false);
            return;
        };
        web::spawn(start_with(boot, config));
    });
}

/// Starts the dialog in tasks with the config the checker accepted.
async fn start_with(boot: web::Boot, config: WidgetConfig) {
    // The visitor's language's texts: this bundle embeds English only; the loader fetched the language's file
    // beside the bundle, and it is fetched here if that failed (the dialog is in English if this fails too).
    let locale = i18n::choose_locale(Some(&config.locale), &web::browser_languages());
    let locale = tables::language(locale).await;
    show_launcher(&boot, &config, locale);
    // The lines of the country the opt-in form starts with, before the visitor needs them.
    if config.updates() {
        screens::prefetch_region(consent::default_visitor_region(
            config.region.as_deref(),
            &web::browser_languages(),
            config.phone.region(),
        ));
    }
    // The records are read with their numbers' table lines (a record is still read without them, as stored, when
    // they cannot be fetched). The consents waiting for delivery are the courier's (`src/deliver`), which the
    // loader imports on a page where one waits.
    let records = tables::read_with(stored_records)
        .await
        .unwrap_or_else(|problem| {
            web::console_error(&problem);
            stored_records()
        });
    web::next_task(move || {
        let Ok(parent) = web::panel_mount_point(&boot.container, &boot.launcher) else {
            web::signal_panel_started(false);
            return;
        };
        let launcher = boot.launcher;
        let state = WidgetState::new(
            config,
            web::browser_languages(),
            records,
            Some(launcher.clone()),
        );
        state.locale.set(locale);
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
            let waiting = web::signal_panel_started(true);
            let calls = waiting.calls.into_iter().filter_map(|(command, argument)| {
                ApiCommand::parse(&command, &argument)
                    .map_err(|problem| web::console_error(&problem))
                    .ok()
            });
            for command in replay_waiting(calls, waiting.clicked) {
                state.handle(command);
            }
            web::set_busy(&launcher, false);
        });
        web::next_task(move || state.prepare());
    });
}

/// The visitor's consent records in storage.
fn stored_records() -> Vec<ConsentRecord> {
    web::storage_get(STORAGE_KEY)
        .map(|json| consent::parse_stored(&json))
        .unwrap_or_default()
}

/// Moves focus into the dialog (found beside the launcher; in a test mount without one, nowhere) in the next
/// frame, or, while it is not there yet (built by the same click, as when a click that waited for the dialog
/// bundle is replayed), in one of the `frames` after it.
fn focus_screen_when_shown(state: WidgetState, frames: u8) {
    request_animation_frame(move || {
        let panel = state
            .launcher
            .with_value(|launcher| launcher.as_ref().and_then(web::panel_beside));
        if let Some(element) = panel {
            web::focus_autofocus_or_first(&element);
            if web::focus_is_inside(&element) {
                return;
            }
        }
        if frames > 0 {
            focus_screen_when_shown(state, frames - 1);
        }
    });
}

/// The launcher as the core decides it (the loader drew the same from the config before any wasm ran): the
/// widget root's classes, the launcher's name and language, the accent.
fn show_launcher(boot: &web::Boot, config: &WidgetConfig, locale: &'static str) {
    boot.container.set_class_name(&config.root_classes());
    web::label_launcher(&boot.launcher, &config.chat_title(locale), locale);
    if web::replace_accent_stylesheet(&boot.root, &config.accent_css()).is_err() {
        web::console_error("Chatgate: could not apply the accent's styles");
    }
}

/// The dialog: built once (see [`WidgetState::prepare`]), hidden while closed. Strings are re-rendered as a whole
/// when the language changes (rarely: `Chatgate('set', {locale})`), so each text is plain, not a reactive node.
#[component]
pub fn Widget(state: WidgetState) -> Node {
    let on_keydown = move |event: web_sys::Event| {
        let event: &leptos::ev::KeyboardEvent = event.unchecked_ref();
        if event.key() == "Escape" {
            event.prevent_default();
            state.close_to_launcher();
        } else if event.key() == "Tab" {
            let panel = event
                .current_target()
                .and_then(|panel| panel.dyn_into::<web_sys::Element>().ok());
            if let Some(panel) = panel {
                if web::trap_tab(&panel, event.shift_key()) {
                    event.prevent_default();
                }
            }
        }
    };
    // Not `<Show>` (whose memo and fallback cost the dialog code): `prepared` is set once, from false to true,
    // and never again (`prepare`, `set_open`), so the dialog is built once per language: the same part rebuilds
    // it when the language changes (rarely), one reactive scope less than a part each.
    dynamic(move || {
        if !state.prepared.get() {
            return Node::List(Vec::new());
        }
        let locale = state.locale.get();
        let t = move |key| i18n::text(locale, key);
        let close = svg("svg")
            .attr("viewBox", "0 0 16 16")
            .attr("width", "16")
            .attr("height", "16")
            .attr("aria-hidden", "true")
            .attr("focusable", "false")
            .child(
                svg("path")
                    .attr("d", "M3 3l10 10M13 3L3 13")
                    .attr("stroke", "currentColor")
                    .attr("stroke-width", "2")
                    .attr("stroke-linecap", "round"),
            );
        el("section")
            .class("cg-panel")
            .attr("role", "dialog")
            .attr("aria-modal", "true")
            .attr("aria-labelledby", "cg-dialog-title")
            .reactive("hidden", move || (!state.open.get()).then(String::new))
            .attr("lang", locale)
            .on("keydown", on_keydown)
            .child(
                el("header")
                    .class("cg-header")
                    .child(
                        el("h2")
                            .class("cg-title")
                            .id("cg-dialog-title")
                            .child(state.config.with_value(|c| c.chat_title(locale))),
                    )
                    .child(
                        el("button")
                            .attr("type", "button")
                            .class("cg-close")
                            .attr("aria-label", t("panel.close"))
                            .on("click", move |_| state.close_to_launcher())
                            .child(close),
                    ),
            )
            .child(
                el("div")
                    .class("cg-body")
                    .child(dynamic(move || screen(state, state.view.get(), locale))),
            )
            .into()
    })
}

fn screen(state: WidgetState, view: Screen, locale: &'static str) -> Node {
    match view {
        Screen::Home => view! { <HomeScreen state=state locale=locale/> }.into_inner(),
        Screen::Chat => view! { <ChatScreen state=state locale=locale/> }.into_inner(),
        Screen::OptIn => view! { <OptInScreen state=state locale=locale/> }.into_inner(),
        Screen::Done(record) => {
            view! { <DoneScreen state=state record=record locale=locale/> }.into_inner()
        }
        Screen::Manage(record) => {
            view! { <ManageScreen state=state record=record locale=locale/> }.into_inner()
        }
        Screen::Reconsent(record) => {
            view! { <ReconsentScreen state=state record=record locale=locale/> }.into_inner()
        }
        Screen::Withdrawn => view! { <WithdrawnScreen state=state locale=locale/> }.into_inner(),
    }
}
