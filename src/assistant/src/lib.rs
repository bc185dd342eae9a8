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
    copy_status, customer_vars, format_duration, insertion_range, matched_words, next_placeholder,
    parse_assistant_config, parse_local_datetime, replace_chars, segments, send_guard,
    shortcode_at, AssistantConfig, CopyAttempt, Segment, Window,
};
use chatgate_core::classify::classify;
use chatgate_core::click_to_chat::{build_chat_url, LinkForm};
use chatgate_core::i18n::{assistant_locales, assistant_text, fill};
use chatgate_core::lang::Lang;
use chatgate_core::phone::normalize_phone;
use chatgate_core::rank::TemplateIndex;
use chatgate_core::template::{library_to_json, parse_library, render, Library, DEFAULT_LIBRARY};
use chatgate_core::time::{Timestamp, WorkingHours};
use chatgate_core::tone::{apply_fix, Finding, MessageKind, ToneChecker, ToneContext};
use chatgate_web as web;

mod library;

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
            AssistantConfig::default()
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
    };
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

    /// The best templates for `query` (a customer's message, or `/code`).
    fn rank(&self, query: &str) -> Vec<(usize, Vec<String>)> {
        if query.trim().is_empty() {
            return Vec::new();
        }
        self.index.with(|index| {
            index
                .rank(query, 5)
                .into_iter()
                .map(|s| (s.index, s.matched))
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
        let (start, end) = insertion_range(&draft, caret);
        let (text, after) = replace_chars(&draft, start, end, &rendered.text);
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

    /// The findings shown: the tone check of the draft in its context, minus those dismissed.
    fn findings(&self) -> Vec<Finding> {
        let draft = self.draft.get();
        if draft.trim().is_empty() {
            return Vec::new();
        }
        let message = self.message.get();
        let context = ToneContext {
            incoming: Some(message).filter(|m| !m.trim().is_empty()),
            incoming_category: None,
            first_message: false,
            kind: self.kind.get(),
            now: Some(self.now.get()),
            recipient: self.recipient(),
            last_customer_message_at: self.last_message_at(),
        };
        let dismissed = self.dismissed.get();
        let chars: Vec<char> = draft.chars().collect();
        self.checker
            .get_value()
            .check(&draft, None, &context, lang_of(self.ui_lang.get()))
            .findings
            .into_iter()
            .filter(|f| {
                let text: String = chars[f.start.min(chars.len())..f.end.min(chars.len())]
                    .iter()
                    .collect();
                !dismissed.contains(&(f.rule.id().to_string(), text))
            })
            .collect()
    }
}

#[component]
fn AssistantPage(state: Assistant) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let findings = Memo::new(move |_| state.findings());
    // The message is ranked when it changes, not on every keystroke in the reply; a `/code` typed in the reply
    // looks templates up instead while it is there.
    let for_message = Memo::new(move |_| state.rank(&state.message.get()));
    let typed_code = Memo::new(move |_| {
        state
            .draft
            .with(|draft| shortcode_at(draft, state.caret.get()))
            .map(|(code, _, _)| code)
    });
    let suggestions = Memo::new(move |_| match typed_code.get() {
        Some(code) => state.rank(&format!("/{code}")),
        None => for_message.get(),
    });
    view! {
        <div class="as-page" lang=lang>
            <header class="as-header">
                <h1>{move || t(lang(), "title")}</h1>
                <label class="as-inline">
                    {move || t(lang(), "ui_lang")}" "
                    <select on:change=move |event| {
                        let value = event_target_value(&event);
                        if let Some(code) = assistant_locales().into_iter().find(|l| *l == value) {
                            state.ui_lang.set(code);
                        }
                    }>
                        {assistant_locales().into_iter().map(|code| view! {
                            <option value=code selected=move || lang() == code>{move || t(code, &format!("lang.{code}"))}</option>
                        }).collect_view()}
                    </select>
                </label>
            </header>
            <main class="as-columns">
                <CustomerPanel state=state/>
                <SuggestionList state=state suggestions=suggestions/>
                <ReplyEditor state=state findings=findings suggestions=suggestions/>
            </main>
            <library::LibraryPanel state=state/>
        </div>
    }
}

#[component]
fn CustomerPanel(state: Assistant) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let analysis = Memo::new(move |_| {
        let message = state.message.get();
        (!message.trim().is_empty()).then(|| classify(&message))
    });
    let chip = move |label: &'static str, value: Signal<String>, class: Signal<String>| {
        view! { <div class="as-chip"><dt>{move || t(lang(), label)}</dt><dd class=class>{value}</dd></div> }
    };
    let value_of = move |pick: fn(&chatgate_core::classify::Classification) -> String| {
        Signal::derive(move || {
            analysis
                .get()
                .map(|a| pick(&a))
                .map(|key| t(lang(), &key).to_string())
                .unwrap_or_else(|| "—".to_string())
        })
    };
    let urgency_class = Signal::derive(move || {
        if analysis.get().is_some_and(|a| a.urgent) {
            "as-urgent".to_string()
        } else {
            String::new()
        }
    });
    let category_class = Signal::derive(move || {
        analysis
            .get()
            .map(|a| format!("as-category-{}", a.category.code()))
            .unwrap_or_default()
    });
    view! {
        <section class="as-panel" aria-labelledby="as-customer">
            <h2 id="as-customer">{move || t(lang(), "customer.heading")}</h2>
            <label for="as-message">{move || t(lang(), "customer.message")}</label>
            <textarea id="as-message" class="as-input" rows="6" prop:value=move || state.message.get()
                on:input=move |event| { state.message.set(event_target_value(&event)); state.selected.set(0); }></textarea>
            <h3 class="as-subheading">{move || t(lang(), "analysis.heading")}</h3>
            <dl class="as-chips" data-testid="analysis">
                {chip("analysis.language", value_of(|a| format!("lang.{}", a.lang.code())), Signal::derive(String::new))}
                {chip("analysis.category", value_of(|a| format!("category.{}", a.category.code())), category_class)}
                {chip("analysis.sentiment", value_of(|a| format!("sentiment.{}", a.sentiment.code())), Signal::derive(String::new))}
                {chip("analysis.urgency", value_of(|a| if a.urgent { "analysis.urgent".into() } else { "analysis.not_urgent".into() }), urgency_class)}
            </dl>
            <label for="as-phone">{move || t(lang(), "customer.phone")}</label>
            <input id="as-phone" class="as-input" type="tel" autocomplete="off" prop:value=move || state.phone.get()
                on:input=move |event| state.phone.set(event_target_value(&event))/>
            <label for="as-name">{move || t(lang(), "customer.name")}</label>
            <input id="as-name" class="as-input" type="text" autocomplete="off" prop:value=move || state.name.get()
                on:input=move |event| state.name.set(event_target_value(&event))/>
            <label for="as-last">{move || t(lang(), "customer.last")}</label>
            <input id="as-last" class="as-input" type="datetime-local" prop:value=move || state.last.get()
                on:input=move |event| state.last.set(event_target_value(&event))/>
        </section>
    }
}

type Suggestions = Memo<Vec<(usize, Vec<String>)>>;

/// ↑/↓ move through the suggestions and Enter inserts the chosen one; true when the key was used.
fn navigate_suggestions(
    state: Assistant,
    suggestions: Suggestions,
    event: &leptos::ev::KeyboardEvent,
) -> bool {
    let count = suggestions.with_untracked(Vec::len);
    if count == 0 || event.ctrl_key() || event.alt_key() || event.meta_key() || event.shift_key() {
        return false;
    }
    match event.key().as_str() {
        "ArrowDown" => state.selected.update(|s| *s = (*s + 1) % count),
        "ArrowUp" => state.selected.update(|s| *s = (*s + count - 1) % count),
        "Enter" => {
            let chosen = suggestions.with_untracked(|list| {
                list.get(state.selected.get_untracked().min(count - 1))
                    .map(|(i, _)| *i)
            });
            if let Some(index) = chosen {
                state.insert(index);
            }
        }
        _ => return false,
    }
    event.prevent_default();
    true
}

#[component]
fn SuggestionList(state: Assistant, suggestions: Suggestions) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        navigate_suggestions(state, suggestions, &event);
    };
    let items = move || {
        let index_now = state.index.get();
        let library = index_now.library();
        let selected = state.selected.get();
        suggestions
            .get()
            .into_iter()
            .enumerate()
            .map(|(position, (index, matched))| {
                let template = &library.templates[index];
                let preview = render(&template.body, &customer_vars(&state.name.get(), state.recipient().as_ref())).text;
                let shown = matched_words(&matched);
                let words = (!shown.is_empty()).then(|| fill(t(lang(), "suggestions.matched"), &[("words", &shown.join(", "))]));
                let shortcode = template.shortcode.clone().map(|code| format!("/{code}"));
                view! {
                    <li id=format!("as-suggestion-{position}") role="option" class="as-suggestion" data-template=template.id.clone()
                        aria-selected=(position == selected).to_string()
                        on:click=move |_| { state.selected.set(position); state.insert(index); }>
                        <span class="as-suggestion-title">{template.title.clone()}
                            {shortcode.map(|code| view! { <span class="as-shortcode">{code}</span> })}
                        </span>
                        <span class="as-suggestion-text">{preview}</span>
                        {words.map(|w| view! { <span class="as-why">{w}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="as-panel" aria-labelledby="as-suggestions">
            <h2 id="as-suggestions">{move || t(lang(), "suggestions.heading")}</h2>
            <p class="as-hint">{move || t(lang(), "suggestions.hint")}</p>
            <Show when=move || !suggestions.with(Vec::is_empty)
                fallback=move || view! { <p class="as-empty">{move || if state.message.with(|m| m.trim().is_empty()) { t(lang(), "suggestions.empty") } else { t(lang(), "suggestions.none") }}</p> }>
                <ul class="as-suggestions" role="listbox" tabindex="0" aria-labelledby="as-suggestions"
                    aria-activedescendant=move || format!("as-suggestion-{}", state.selected.get())
                    on:keydown=on_keydown>
                    {items}
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn ReplyEditor(
    state: Assistant,
    findings: Memo<Vec<Finding>>,
    suggestions: Suggestions,
) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    // Signals are set only when the value changes: each set re-runs what reads it, on every keystroke.
    let sync_caret = move || {
        if let Some(editor) = state.editor.get_untracked() {
            let caret = web::caret_chars(&editor);
            if caret != state.caret.get_untracked() {
                state.caret.set(caret);
            }
        }
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let Some(editor) = state.editor.get_untracked() else {
            return;
        };
        let draft = state.draft.get_untracked();
        // While a /shortcode is typed, ↑/↓ and Enter pick from the suggestions.
        if shortcode_at(&draft, web::caret_chars(&editor)).is_some()
            && navigate_suggestions(state, suggestions, &event)
        {
            return;
        }
        if event.key() != "Tab" || event.ctrl_key() || event.alt_key() || event.meta_key() {
            return;
        }
        if let Some(next) = next_placeholder(&draft, web::caret_chars(&editor), event.shift_key()) {
            event.prevent_default();
            web::select_chars(&editor, next.start, next.end);
            state.caret.set(next.start);
        }
    };
    // The highlight layer needs the text only up to the last mark (the rest cannot move a mark), so typing after
    // the last finding — the usual case — changes nothing here and costs no re-render.
    let marked = Memo::new(move |_| {
        let draft = state.draft.get();
        let spans: Vec<(usize, usize)> = findings.get().iter().map(|f| (f.start, f.end)).collect();
        let mut pieces = segments(&draft, &spans);
        if matches!(pieces.last(), Some(Segment::Plain(_))) {
            pieces.pop();
        }
        pieces
    });
    let layer = move || {
        marked
            .get()
            .into_iter()
            .map(|segment| match segment {
                Segment::Plain(text) => view! { <span>{text}</span> }.into_any(),
                Segment::Finding(index, text) => {
                    view! { <mark class=format!("as-mark as-mark-{index}")>{text}</mark> }
                        .into_any()
                }
                Segment::Placeholder(text) => {
                    view! { <mark class="as-placeholder">{text}</mark> }.into_any()
                }
            })
            .collect::<Vec<_>>()
    };
    let guard = Memo::new(move |_| {
        send_guard(
            state.recipient().as_ref(),
            state.now.get(),
            state.last_message_at(),
            &state.hours,
            state.kind.get(),
        )
    });
    let units = move || {
        let parts: Vec<&str> = t(lang(), "guard.units").split('|').collect();
        [
            parts.first().copied().unwrap_or("d"),
            parts.get(1).copied().unwrap_or("h"),
            parts.get(2).copied().unwrap_or("min"),
        ]
    };
    let chat_url = move || {
        state
            .recipient()
            .map(|phone| build_chat_url(LinkForm::WaMe, Some(&phone), &state.draft.get()).url)
    };
    let finding_items = move || {
        let draft = state.draft.get_untracked();
        let chars: Vec<char> = draft.chars().collect();
        findings
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, finding)| {
                let excerpt: String = chars[finding.start.min(chars.len())..finding.end.min(chars.len())].iter().collect();
                let key = (finding.rule.id().to_string(), excerpt.clone());
                let fix = finding.fix.clone();
                let severity = finding.severity.code();
                view! {
                    <li class=format!("as-finding as-{severity}") data-rule=finding.rule.id()>
                        <span class=format!("as-dot as-mark-{index}") aria-hidden="true"></span>
                        <span class="as-rule">{finding.rule.id()}" · "{move || t(lang(), &format!("findings.severity.{severity}"))}</span>
                        <span class="as-message">{finding.message.clone()}</span>
                        {(!excerpt.is_empty()).then(|| view! { <q class="as-excerpt">{excerpt.clone()}</q> })}
                        {finding.suggestion.clone().map(|s| view! { <span class="as-suggestion-text">{s}</span> })}
                        <span class="as-actions">
                            {fix.map(|fix| view! {
                                <button type="button" class="as-button" on:click=move |_| {
                                    state.draft.update(|d| *d = apply_fix(d, &fix));
                                }>{move || t(lang(), "findings.apply")}</button>
                            })}
                            <button type="button" class="as-button as-quiet" on:click=move |_| state.dismissed.update(|d| d.push(key.clone()))>
                                {move || t(lang(), "findings.dismiss")}
                            </button>
                        </span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="as-panel as-reply" aria-labelledby="as-reply">
            <h2 id="as-reply">{move || t(lang(), "reply.heading")}</h2>
            <label for="as-draft">{move || t(lang(), "reply.label")}</label>
            <div class="as-editor">
                <div class="as-layer" aria-hidden="true">{layer}</div>
                <textarea id="as-draft" class="as-input as-draft" rows="8" node_ref=state.editor spellcheck="true"
                    aria-describedby="as-draft-hint"
                    prop:value=move || state.draft.get()
                    on:input=move |event| {
                        if state.perf {
                            web::perf_mark("cg-input");
                            web::set_timeout(0.0, || web::perf_measure("cg-keystroke", "cg-input"));
                        }
                        let value = event_target_value(&event);
                        if value.trim().is_empty() && state.kind.get_untracked() != MessageKind::Service {
                            state.kind.set(MessageKind::Service);
                        }
                        state.draft.set(value);
                        if state.selected.get_untracked() != 0 {
                            state.selected.set(0);
                        }
                        sync_caret();
                    }
                    on:keyup=move |_| sync_caret()
                    on:click=move |_| sync_caret()
                    on:keydown=on_keydown
                    on:scroll=move |event| {
                        let target: web_sys::HtmlElement = event_target(&event);
                        if let Some(layer) = target.previous_element_sibling() {
                            layer.set_scroll_top(target.scroll_top());
                        }
                    }></textarea>
            </div>
            <p class="as-hint" id="as-draft-hint">{move || t(lang(), "reply.hint")}</p>
            <h3 class="as-subheading">{move || t(lang(), "findings.heading")}</h3>
            // Screen readers hear how many findings there are when that changes, not the whole list on every key.
            <p class="as-hidden-text" aria-live="polite">{move || fill(t(lang(), "findings.count"), &[("count", &findings.with(Vec::len).to_string())])}</p>
            <Show when=move || !findings.with(Vec::is_empty) fallback=move || view! { <p class="as-empty">{move || t(lang(), "findings.none")}</p> }>
                <ul class="as-findings">{finding_items}</ul>
            </Show>
            <h3 class="as-subheading">{move || t(lang(), "guard.heading")}</h3>
            <ul class="as-guard" data-testid="guard">
                <li>{move || {
                    let g = guard.get();
                    match g.within_hours {
                        Some(within) => format!("{} — {}", fill(t(lang(), "guard.local_time"), &[("time", &g.local_times.join(" / "))]),
                            t(lang(), if within { "guard.within" } else { "guard.outside" })),
                        None => t(lang(), "guard.no_number").to_string(),
                    }
                }}</li>
                <li class=move || if matches!(guard.get().window, Window::Closed { .. }) { "as-warning" } else { "" }>{move || match guard.get().window {
                    Window::Open { seconds_left } => fill(t(lang(), "guard.window_open"), &[("left", &format_duration(seconds_left, units()))]),
                    Window::Closed { seconds_since } => fill(t(lang(), "guard.window_closed"), &[("since", &format_duration(seconds_since, units()))]),
                    Window::Unknown => t(lang(), "guard.window_unknown").to_string(),
                }}</li>
                <Show when=move || !guard.get().allowed>
                    <li class="as-error" role="alert">{move || t(lang(), "guard.blocked")}</li>
                </Show>
            </ul>
            <div class="as-handoff">
                {move || match chat_url() {
                    Some(url) => view! { <a class="as-primary" href=url target="_blank" rel="noopener noreferrer">{t(lang(), "handoff.open")}</a> }.into_any(),
                    None => view! { <span class="as-hint">{t(lang(), "handoff.no_number")}</span> }.into_any(),
                }}
                <button type="button" class="as-button" on:click=move |_| {
                    let text = state.draft.get_untracked();
                    web::copy_text(&text, { let text = text.clone(); move |accepted| state.copied.set(Some(CopyAttempt { text, accepted })) });
                }>{move || t(lang(), "handoff.copy")}</button>
                <span class="as-hint" role="status">{move || state.copied.with(|copied| state.draft.with(|draft| {
                    copy_status(copied.as_ref(), draft).map(|key| t(lang(), key)).unwrap_or_default()
                }))}</span>
            </div>
        </section>
    }
}
