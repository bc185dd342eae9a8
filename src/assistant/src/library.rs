//! The assistant's template library panel: import a JSON file (refused whole, with every reason, when anything is
//! wrong — the current library stays), export, restore the default, filter, and add or edit a template with the
//! same live tone checks `chatgate lint-templates` runs. Validation is `core::template`'s; checks are `core::lint`'s.

use leptos::prelude::*;

use super::{base_library, t, Assistant};
use chatgate_core::i18n::fill;
use chatgate_core::lang::Lang;
use chatgate_core::lint::lint_template;
use chatgate_core::template::{
    library_to_json, parse_library, with_template, Template, TemplateError,
};
use chatgate_web as web;

/// Rows shown at once; the filter narrows the rest.
const ROWS: usize = 50;

/// The template being edited: `None` = a new one.
#[derive(Clone, Debug, PartialEq)]
struct Editing {
    original_id: Option<String>,
}

fn describe(errors: &[TemplateError]) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}

#[component]
pub fn LibraryPanel(state: Assistant) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let refused = RwSignal::new(Vec::<String>::new());
    let status = RwSignal::new(String::new());
    let filter = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<Editing>);
    let file_input = NodeRef::<leptos::html::Input>::new();

    let on_file = move |_| {
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        web::read_chosen_file(&input, move |result| {
            match result
                .map_err(|e| vec![e])
                .and_then(|(_, text)| parse_library(&text).map_err(|errors| describe(&errors)))
            {
                Ok(library) => {
                    let count = library.templates.len();
                    refused.set(Vec::new());
                    let saved = state.set_library(library);
                    status.set(match saved {
                        Ok(()) => fill(
                            t(state.ui_lang.get_untracked(), "library.imported"),
                            &[("count", &count.to_string())],
                        ),
                        Err(problem) => problem,
                    });
                }
                Err(reasons) => {
                    status.set(String::new());
                    refused.set(reasons);
                }
            }
        });
        input.set_value("");
    };
    let export = move |_| {
        let json = state
            .index
            .with_untracked(|index| library_to_json(index.library()));
        web::download("chatgate-templates.json", &json, "application/json");
    };
    let reset = move |_| {
        refused.set(Vec::new());
        editing.set(None);
        status.set(
            state
                .set_library(base_library(&state))
                .err()
                .unwrap_or_default(),
        );
    };
    let rows = move || {
        let index = state.index.get();
        let needle = filter.get().to_lowercase();
        let matching: Vec<&Template> = index
            .library()
            .templates
            .iter()
            .filter(|template| {
                needle.is_empty()
                    || template.title.to_lowercase().contains(&needle)
                    || template.id.to_lowercase().contains(&needle)
                    || template
                        .shortcode
                        .as_deref()
                        .unwrap_or("")
                        .to_lowercase()
                        .contains(&needle)
                    || template.body.to_lowercase().contains(&needle)
            })
            .collect();
        let more = matching.len().saturating_sub(ROWS);
        let lang = lang();
        let shown = matching
            .into_iter()
            .take(ROWS)
            .map(|template| {
                let id = template.id.clone();
                view! {
                    <tr>
                        <td>{template.title.clone()}</td>
                        <td>{t(lang, &format!("lang.{}", template.lang.code()))}</td>
                        <td>{t(lang, &format!("category.{}", template.category.code()))}</td>
                        <td>{t(lang, &format!("kind.{}", template.kind.code()))}</td>
                        <td class="as-code">{template.shortcode.clone().map(|c| format!("/{c}"))}</td>
                        <td><button type="button" class="as-button" aria-label=format!("{} {}", t(lang, "library.edit"), template.title)
                            on:click=move |_| editing.set(Some(Editing { original_id: Some(id.clone()) }))>{t(lang, "library.edit")}</button></td>
                    </tr>
                }
            })
            .collect_view();
        (
            shown,
            (more > 0).then(|| fill(t(lang, "library.more"), &[("count", &more.to_string())])),
        )
    };
    view! {
        <section class="as-panel as-library" aria-labelledby="as-library">
            <h2 id="as-library">{move || t(lang(), "library.heading")}</h2>
            <p class="as-hint">{move || state.index.with(|index| fill(t(lang(), "library.summary"), &[
                ("business", &index.library().business), ("count", &index.library().templates.len().to_string())]))}</p>
            <div class="as-toolbar">
                <input type="file" accept=".json,application/json" class="as-hidden" node_ref=file_input tabindex="-1" aria-hidden="true"
                    data-testid="library-file" on:change=on_file/>
                <button type="button" class="as-button" on:click=move |_| { if let Some(input) = file_input.get_untracked() { input.click(); } }>
                    {move || t(lang(), "library.import")}</button>
                <button type="button" class="as-button" on:click=export>{move || t(lang(), "library.export")}</button>
                <button type="button" class="as-button" on:click=move |_| editing.set(Some(Editing { original_id: None }))>{move || t(lang(), "library.add")}</button>
                <button type="button" class="as-button as-quiet" on:click=reset>{move || t(lang(), "library.reset")}</button>
            </div>
            <Show when=move || !refused.with(Vec::is_empty)>
                <div class="as-error-box" role="alert">
                    <p>{move || t(lang(), "library.refused")}</p>
                    <ul>{move || refused.get().into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}</ul>
                </div>
            </Show>
            <p class="as-hint" role="status">{move || status.get()}</p>
            {move || editing.get().map(|editing_now| view! { <TemplateEditor state=state editing=editing_now close=editing status=status/> })}
            <label for="as-filter">{move || t(lang(), "library.filter")}</label>
            <input id="as-filter" class="as-input as-filter" type="search" prop:value=move || filter.get()
                on:input=move |event| filter.set(event_target_value(&event))/>
            {move || {
                let (shown, more) = rows();
                let l = lang();
                view! {
                    <table class="as-table">
                        <thead><tr>
                            <th scope="col">{t(l, "library.col.title")}</th><th scope="col">{t(l, "library.col.lang")}</th>
                            <th scope="col">{t(l, "library.col.category")}</th><th scope="col">{t(l, "library.col.kind")}</th>
                            <th scope="col">{t(l, "library.col.shortcode")}</th><th scope="col"><span class="as-hidden-text">{t(l, "library.edit")}</span></th>
                        </tr></thead>
                        <tbody>{shown}</tbody>
                    </table>
                    {more.map(|text| view! { <p class="as-hint">{text}</p> })}
                }
            }}
        </section>
    }
}

#[component]
fn TemplateEditor(
    state: Assistant,
    editing: Editing,
    close: RwSignal<Option<Editing>>,
    status: RwSignal<String>,
) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let original = editing.original_id.clone().and_then(|id| {
        state.index.with_untracked(|index| {
            index
                .library()
                .templates
                .iter()
                .find(|t| t.id == id)
                .cloned()
        })
    });
    let field = |value: String| RwSignal::new(value);
    let id = field(original.as_ref().map(|t| t.id.clone()).unwrap_or_default());
    let title = field(
        original
            .as_ref()
            .map(|t| t.title.clone())
            .unwrap_or_default(),
    );
    let template_lang = field(
        original
            .as_ref()
            .map_or("en", |t| t.lang.code())
            .to_string(),
    );
    let category = field(
        original
            .as_ref()
            .map_or("inquiry", |t| t.category.code())
            .to_string(),
    );
    let kind = field(
        original
            .as_ref()
            .map_or("service", |t| t.kind.code())
            .to_string(),
    );
    let shortcode = field(
        original
            .as_ref()
            .and_then(|t| t.shortcode.clone())
            .unwrap_or_default(),
    );
    let body = field(
        original
            .as_ref()
            .map(|t| t.body.clone())
            .unwrap_or_default(),
    );
    let examples = field(
        original
            .as_ref()
            .map(|t| t.examples.join("\n"))
            .unwrap_or_default(),
    );
    let errors = RwSignal::new(Vec::<String>::new());
    let is_new = original.is_none();
    let to_json = move || {
        let mut value = serde_json::json!({
            "id": id.get().trim(), "title": title.get().trim(), "lang": template_lang.get(), "category": category.get(),
            "kind": kind.get(), "body": body.get(),
            "examples": examples.get().lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>(),
        });
        let code = shortcode.get().trim().trim_start_matches('/').to_string();
        if !code.is_empty() {
            value["shortcode"] = serde_json::Value::String(code);
        }
        value
    };
    // Live checks: the draft template as `lint-templates` sees it (its language, kind and category).
    let findings = Memo::new(move |_| {
        let candidate = chatgate_core::template::parse_library(
            &serde_json::json!({"version": 1, "templates": [to_json()]}).to_string(),
        )
        .ok()?;
        let template = candidate.templates.into_iter().next()?;
        let checker = state.checker.get_value();
        Some(lint_template(
            &checker,
            &template,
            Lang::from_code(lang()).unwrap_or(Lang::En),
        ))
    });
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let replacing = editing.original_id.clone();
        let result = state.index.with_untracked(|index| {
            with_template(index.library(), replacing.as_deref(), to_json())
        });
        match result {
            Ok(library) => {
                errors.set(Vec::new());
                status.set(
                    state
                        .set_library(library)
                        .err()
                        .unwrap_or_else(|| t(lang(), "library.saved").to_string()),
                );
                close.set(None);
            }
            Err(problems) => errors.set(describe(&problems)),
        }
    };
    let select = move |id_attr: &'static str,
                       label: &'static str,
                       signal: RwSignal<String>,
                       options: Vec<(&'static str, String)>| {
        view! {
            <label for=id_attr>{move || t(lang(), label)}</label>
            <select id=id_attr on:change=move |event| signal.set(event_target_value(&event))>
                {options.into_iter().map(|(code, key)| view! {
                    <option value=code selected=move || signal.get() == code>{move || t(lang(), &key)}</option>
                }).collect_view()}
            </select>
        }
    };
    let text_input = move |id_attr: &'static str, label: &'static str, signal: RwSignal<String>| {
        view! {
            <label for=id_attr>{move || t(lang(), label)}</label>
            <input id=id_attr class="as-input" type="text" prop:value=move || signal.get() on:input=move |event| signal.set(event_target_value(&event))/>
        }
    };
    view! {
        <form class="as-template-editor" on:submit=save aria-labelledby="as-editor-title">
            <h3 id="as-editor-title" class="as-subheading">{move || t(lang(), if is_new { "editor.new" } else { "editor.edit" })}</h3>
            <div class="as-form-grid">
                <div>{is_new.then(|| text_input("as-t-id", "editor.id", id))}{text_input("as-t-title", "editor.title", title)}{text_input("as-t-shortcode", "editor.shortcode", shortcode)}</div>
                <div>
                    {select("as-t-lang", "editor.lang", template_lang, ["en", "ru", "zh"].iter().map(|c| (*c, format!("lang.{c}"))).collect())}
                    {select("as-t-category", "editor.category", category, ["inquiry", "complaint", "support", "order", "campaign", "other"].iter().map(|c| (*c, format!("category.{c}"))).collect())}
                    {select("as-t-kind", "editor.kind", kind, ["service", "marketing", "template"].iter().map(|c| (*c, format!("kind.{c}"))).collect())}
                </div>
            </div>
            <label for="as-t-body">{move || t(lang(), "editor.body")}</label>
            <textarea id="as-t-body" class="as-input" rows="4" prop:value=move || body.get() on:input=move |event| body.set(event_target_value(&event))></textarea>
            <ul class="as-findings" data-testid="template-findings">
                {move || findings.get().unwrap_or_default().into_iter().map(|f| view! {
                    <li class=format!("as-finding as-{}", f.severity.code()) data-rule=f.rule.id()>
                        <span class="as-rule">{f.rule.id()}</span><span class="as-message">{f.message.clone()}</span>
                    </li>
                }).collect_view()}
            </ul>
            <label for="as-t-examples">{move || t(lang(), "editor.examples")}</label>
            <textarea id="as-t-examples" class="as-input" rows="3" prop:value=move || examples.get() on:input=move |event| examples.set(event_target_value(&event))></textarea>
            <Show when=move || !errors.with(Vec::is_empty)>
                <div class="as-error-box" role="alert">
                    <p>{move || t(lang(), "editor.refused")}</p>
                    <ul>{move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                </div>
            </Show>
            <div class="as-toolbar">
                <button type="submit" class="as-primary">{move || t(lang(), "editor.save")}</button>
                <button type="button" class="as-button" on:click=move |_| close.set(None)>{move || t(lang(), "editor.cancel")}</button>
            </div>
        </form>
    }
}
