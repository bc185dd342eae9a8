//! The agent assistant page (the `assistant` bundle, served at `/assistant/`): the customer's message and what it
//! is, the best templates for it, a reply editor with live tone checks, the send-time guard and the handoff.
//!
//! Components read signals and call the core — `classify`, `rank`, `tone`, `template::render`,
//! `assistant::{send_guard, segments, next_placeholder, shortcode_at}`, `click_to_chat` — and render; the
//! browser (clock, caret, clipboard, URL) is reached only through `chatgate_web`. Nothing typed here is sent
//! anywhere: the page makes no request after it has loaded. Customer text and templates are rendered as text.

use std::collections::BTreeMap;
use std::rc::Rc;

use leptos::prelude::*;

use chatgate_core::assistant::{
    analysed_part, customer_vars, insert_into_draft, next_placeholder, parse_assistant_config,
    parse_local_datetime, shown_findings, CopyAttempt,
};
use chatgate_core::i18n::{assistant_locales, assistant_text};
use chatgate_core::lang::Lang;
use chatgate_core::phone::normalize_phone;
use chatgate_core::rank::TemplateIndex;
use chatgate_core::template::{library_to_json, parse_library, render, Library, DEFAULT_LIBRARY};
use chatgate_core::time::{Timestamp, WorkingHours};
use chatgate_core::tone::{Finding, MessageKind, ToneChecker, ToneContext};
use chatgate_web as web;

mod customer;
mod library;
mod meaning;
mod opt_out;
mod page;
mod reply;
mod suggestions;

use page::AssistantPage;

/// Where the agent's library is kept (written only when the agent imports, edits or restores one).
pub const LIBRARY_KEY: &str = "chatgate:assistant:library:v1";

/// The template library and its rank index, replaced together when the library changes.
pub type Index = Rc<TemplateIndex<'static>>;

/// The page's state (all signals, so it is `Copy`).
#[derive(Clone, Copy)]
pub struct Assistant {
    pub ui_lang: RwSignal<&'static str>,
    pub message: RwSignal<String>,
    pub phone: RwSignal<String>,
    /// The customer's number read once per change of the field (every check and the guard use it).
    pub recipient: Memo<Option<chatgate_core::phone::E164>>,
    pub name: RwSignal<String>,
    /// The customer's last message, as the `datetime-local` field gives it.
    pub last: RwSignal<String>,
    pub draft: RwSignal<String>,
    /// The kind of the template last inserted (a draft typed from scratch is a service reply).
    pub kind: RwSignal<MessageKind>,
    /// Findings dismissed for this draft: `(rule, matched text)`.
    pub dismissed: RwSignal<Vec<(String, String)>>,
    /// The highlighted suggestion.
    pub selected: RwSignal<usize>,
    pub caret: RwSignal<usize>,
    /// The last Copy (its message shows while the draft is still that text: `core::assistant::copy_status`).
    pub copied: RwSignal<Option<CopyAttempt>>,
    pub index: RwSignal<Index, LocalStorage>,
    pub editor: NodeRef<leptos::html::Textarea>,
    /// Now, in seconds: the clock, or `?now=<RFC 3339>` (a test-only fixed clock, README).
    pub now: Signal<Timestamp>,
    /// The tone checker with the company's rule overrides.
    pub checker: StoredValue<Rc<ToneChecker>, LocalStorage>,
    /// When customers may be messaged (their local time).
    pub hours: WorkingHours,
    /// The library "Restore" goes back to: the config's (`library` or `library_url`), else the default.
    pub base_library: StoredValue<Option<Library>, LocalStorage>,
    /// The company's consent receiver, where STOP replies are recorded (config `consent_admin`).
    pub consent_admin: StoredValue<Option<String>>,
    /// Where loading the sentence encoder stands (`meaning`).
    pub model_status: RwSignal<meaning::ModelStatus>,
    /// The semantic layer, once the model is loaded and its exemplar bank embedded.
    pub semantic: RwSignal<Option<Rc<chatgate_core::semantic::Semantic>>, LocalStorage>,
    /// The library's vectors, with the index they belong to.
    pub vectors:
        RwSignal<Option<(Index, Rc<chatgate_core::semantic::TemplateVectors>)>, LocalStorage>,
    /// The customer's message as the semantic layer read it (after a pause in typing).
    pub meaning: RwSignal<Option<meaning::MessageMeaning>, LocalStorage>,
    /// The draft's findings as the semantic layer reviewed them (after a pause in typing).
    pub review: RwSignal<Option<meaning::DraftReview>, LocalStorage>,
    /// `?perf`: each keystroke in the reply is measured (`performance.measure("cg-keystroke")`) from the input
    /// event to the moment every update it caused has run (a zero-delay timer, after the effects' microtasks).
    pub perf: bool,
}

fn t(lang: &str, key: &str) -> &'static str {
    assistant_text(lang, key)
}

fn lang_of(code: &str) -> Lang {
    Lang::from_code(code).unwrap_or(Lang::En)
}

/// Starts the page in `#app` (or the body).
pub fn start() {
    let config =
        parse_assistant_config(&web::global_json("ChatgateAssistant")).unwrap_or_else(|error| {
            web::console_error(&error.to_string());
            parse_assistant_config(&serde_json::Value::Null).unwrap_or_default()
        });
    let inline = config
        .library
        .as_deref()
        .map(parse_library)
        .transpose()
        .unwrap_or_else(|errors| {
            web::console_error(&format!(
                "Chatgate assistant config: `library` is not a valid library: {}",
                errors.first().map(ToString::to_string).unwrap_or_default()
            ));
            None
        });
    let stored = web::storage_get(LIBRARY_KEY).and_then(|json| parse_library(&json).ok());
    let has_stored = stored.is_some();
    let library = stored
        .or_else(|| inline.clone())
        .unwrap_or_else(default_library);
    let index = Rc::new(TemplateIndex::owned(library));
    let fixed = web::query_param("now").and_then(|text| Timestamp::parse_rfc3339(&text).ok());
    let clock = RwSignal::new(Timestamp(web::now_seconds()));
    if fixed.is_none() {
        set_interval(
            move || clock.set(Timestamp(web::now_seconds())),
            std::time::Duration::from_secs(30),
        );
    }
    let languages = web::browser_languages();
    let ui_lang = web::query_param("lang")
        .or_else(|| config.ui_lang.clone())
        .or_else(|| languages.first().cloned())
        .map(|code| code.split('-').next().unwrap_or("").to_string())
        .and_then(|code| assistant_locales().into_iter().find(|l| *l == code))
        .unwrap_or("en");
    let phone = RwSignal::new(String::new());
    let state = Assistant {
        ui_lang: RwSignal::new(ui_lang),
        message: RwSignal::new(String::new()),
        phone,
        recipient: Memo::new(move |_| phone.with(|text| normalize_phone(text, None).ok())),
        name: RwSignal::new(String::new()),
        last: RwSignal::new(String::new()),
        draft: RwSignal::new(String::new()),
        kind: RwSignal::new(MessageKind::Service),
        dismissed: RwSignal::new(Vec::new()),
        selected: RwSignal::new(0),
        caret: RwSignal::new(0),
        copied: RwSignal::new(None),
        index: RwSignal::new_local(index),
        editor: NodeRef::new(),
        now: Signal::derive(move || fixed.unwrap_or_else(|| clock.get())),
        perf: web::query_param("perf").is_some(),
        checker: StoredValue::new_local(Rc::new(ToneChecker::new(config.rules.clone()))),
        hours: config.hours,
        base_library: StoredValue::new_local(inline),
        consent_admin: StoredValue::new(config.consent_admin_url.clone()),
        model_status: RwSignal::new(meaning::ModelStatus::Off),
        semantic: RwSignal::new_local(None),
        vectors: RwSignal::new_local(None),
        meaning: RwSignal::new_local(None),
        review: RwSignal::new_local(None),
    };
    // The page answers lexically at once; the model loads in the background and takes over when ready.
    // `?model=off` (tests and benchmarks of the lexical path, README) keeps it lexical.
    if let Some(url) = config
        .model_url
        .clone()
        .filter(|_| web::query_param("model").as_deref() != Some("off"))
    {
        meaning::start_loading(state, url);
    }
    // A library at a URL is fetched once at start (the only request the page makes); the agent's own stored
    // library, if any, stays in use.
    if let Some(url) = config.library_url.clone() {
        web::spawn(async move {
            match web::get_text(&url).await.and_then(|json| {
                parse_library(&json).map_err(|errors| {
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                })
            }) {
                Ok(library) => {
                    state.base_library.set_value(Some(library.clone()));
                    if !has_stored {
                        state.index.set(Rc::new(TemplateIndex::owned(library)));
                    }
                }
                Err(problem) => web::console_error(&format!(
                    "Chatgate assistant config: `library_url` {problem}"
                )),
            }
        });
    }
    leptos::mount::mount_to_body(move || view! { <AssistantPage state=state/> });
}

/// The library the page ships with.
pub fn default_library() -> Library {
    parse_library(DEFAULT_LIBRARY).unwrap_or_default()
}

/// Where the agent's "Restore" goes back to: the config's library, else the one the page ships with.
pub fn base_library(state: &Assistant) -> Library {
    state
        .base_library
        .get_value()
        .unwrap_or_else(default_library)
}

impl Assistant {
    /// Replaces the library (and its index) and keeps it in the browser.
    pub fn set_library(&self, library: Library) -> Result<(), String> {
        let json = library_to_json(&library);
        self.index.set(Rc::new(TemplateIndex::owned(library)));
        self.selected.set(0);
        web::storage_set(LIBRARY_KEY, &json)
    }

    fn recipient(&self) -> Option<chatgate_core::phone::E164> {
        self.recipient.get()
    }

    fn last_message_at(&self) -> Option<Timestamp> {
        let last = self.last.get();
        let now = self.now.get();
        parse_local_datetime(&last, web::local_offset_minutes(now.0))
    }

    /// The best templates for `query` (a customer's message, or `/code`): index, matched words, and the
    /// example the message is most similar to. The customer's message is ranked by the hybrid of words and
    /// meaning once the semantic layer has read it; a `/code` by its words.
    fn rank(&self, query: &str) -> Vec<(usize, Vec<String>, Option<String>)> {
        let (query, _) = analysed_part(query);
        if query.trim().is_empty() {
            return Vec::new();
        }
        let index = self.index.get();
        let hybrid = self.meaning.with(|meaning| {
            meaning
                .as_ref()
                .filter(|m| m.message == query || analysed_part(&m.message).0 == query)
                .and_then(|m| m.suggestions.as_ref())
                .filter(|(of, _)| Rc::ptr_eq(of, &index))
                .map(|(_, ranked)| {
                    ranked
                        .iter()
                        .map(|s| (s.index, s.matched.clone(), s.similar_to.clone()))
                        .collect::<Vec<_>>()
                })
        });
        hybrid.unwrap_or_else(|| {
            index
                .rank(query, 5)
                .into_iter()
                .map(|s| (s.index, s.matched, None))
                .collect()
        })
    }

    /// Inserts a template: placeholders filled from the customer's fields, replacing a typed `/shortcode`, else
    /// at the caret; the first empty placeholder is selected.
    fn insert(&self, template_index: usize) {
        let index = self.index.get_untracked();
        let Some(template) = index.library().templates.get(template_index) else {
            return;
        };
        let vars: BTreeMap<String, String> = customer_vars(
            &self.name.get_untracked(),
            self.recipient.get_untracked().as_ref(),
        );
        let rendered = render(&template.body, &vars);
        let draft = self.draft.get_untracked();
        let caret = self.caret.get_untracked();
        let (text, after) = insert_into_draft(&draft, caret, &rendered.text);
        self.draft.set(text.clone());
        self.kind.set(template.kind);
        self.dismissed.set(Vec::new());
        self.caret.set(after);
        let editor = self.editor;
        request_animation_frame(move || {
            if let Some(editor) = editor.get_untracked() {
                let _ = editor.focus();
                match next_placeholder(&text, 0, false) {
                    Some(p) => web::select_chars(&editor, p.start, p.end),
                    None => web::select_chars(&editor, after, after),
                }
            }
        });
    }

    /// The tone check of the draft (its first `MAX_ANALYSED_CHARS`) in its context: every finding, before the
    /// semantic review, dismissals and the cap.
    pub(crate) fn lexical_findings(&self) -> Vec<Finding> {
        let draft = self.draft.get();
        if draft.trim().is_empty() {
            return Vec::new();
        }
        let (checked, _) = analysed_part(&draft);
        let message = self.message.get();
        let context = ToneContext {
            incoming: Some(analysed_part(&message).0.to_string()).filter(|m| !m.trim().is_empty()),
            incoming_category: None,
            first_message: false,
            kind: self.kind.get(),
            now: Some(self.now.get()),
            recipient: self.recipient(),
            last_customer_message_at: self.last_message_at(),
        };
        self.checker
            .get_value()
            .check(checked, None, &context, lang_of(self.ui_lang.get()))
            .findings
    }

    /// The findings shown and how many more there are: the lexical ones (as the semantic review left them,
    /// when it has read this draft), minus those dismissed, at most `MAX_SHOWN_FINDINGS`.
    fn findings(&self, lexical: &[Finding]) -> (Vec<Finding>, usize) {
        let draft = self.draft.get();
        let reviewed = self.review.with(|review| {
            review
                .as_ref()
                .filter(|r| r.draft == draft && r.lexical == lexical)
                .map(|r| r.reviewed.clone())
        });
        let findings = reviewed.unwrap_or_else(|| lexical.to_vec());
        let dismissed = self.dismissed.get();
        if dismissed.is_empty() {
            return shown_findings(findings);
        }
        let chars: Vec<char> = analysed_part(&draft).0.chars().collect();
        shown_findings(
            findings
                .into_iter()
                .filter(|f| {
                    let text: String = chars[f.start.min(chars.len())..f.end.min(chars.len())]
                        .iter()
                        .collect();
                    !dismissed.contains(&(f.rule.id().to_string(), text))
                })
                .collect(),
        )
    }
}
