//! The semantic layer in the page (README "The semantic layer"): the model fetched in the background with
//! progress and kept by the browser, the tone exemplar bank and the library embedded in short tasks, then the
//! customer's message and the draft read by meaning after a pause in typing. Until then — and for good when
//! the model cannot be had — the lexical engines answer alone, so the page is usable at once.

use std::rc::Rc;

use leptos::prelude::*;

use chatgate_core::assistant::analysed_part;
use chatgate_core::classify::Classification;
use chatgate_core::encoder::{Model, Scratch};
use chatgate_core::semantic::{
    hybrid_suggestions, HybridSuggestion, Semantic, SemanticBuilder, TemplateVectors,
};
use chatgate_core::tone::Finding;
use chatgate_web as web;

use crate::{Assistant, Index};

/// Where loading the model stands.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelStatus {
    /// Not configured (`model: false`).
    Off,
    Downloading {
        received: f64,
        expected: Option<f64>,
    },
    /// Embedding the tone exemplar bank and the library: percent done.
    Preparing(u32),
    Ready,
    Failed(String),
}

/// The customer's message as the semantic layer read it.
#[derive(Clone)]
pub struct MessageMeaning {
    /// The message it is about (a newer message is read lexically until its own turn comes).
    pub message: String,
    pub classification: Classification,
    /// The hybrid ranking, once the library is embedded, and the library it ranks.
    pub suggestions: Option<(Index, Vec<HybridSuggestion>)>,
}

/// The draft's findings after the semantic review (`Semantic::review_findings`), with what they were made of.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftReview {
    pub draft: String,
    /// The lexical findings it reviewed: when the lexical check now gives others, the review is stale.
    pub lexical: Vec<Finding>,
    pub reviewed: Vec<Finding>,
}

/// The longest one embedding task runs before it lets the page handle input.
const STEP_MS: f64 = 12.0;
/// The pause in typing after which the message and the draft are read by meaning.
const PAUSE_MS: f64 = 300.0;
/// The longest draft the semantic review reads (sentence by sentence); a longer draft keeps its lexical
/// findings (the `too_long` rule already speaks to it).
const MAX_REVIEWED_CHARS: usize = 2_000;
/// The share of the progress bar the tone exemplar bank takes; the library takes the rest.
const BANKS_SHARE: usize = 50;

/// Fetches the model (from the browser's cache after the first time) and builds the semantic layer in steps.
pub fn start_loading(state: Assistant, url: String) {
    state.model_status.set(ModelStatus::Downloading {
        received: 0.0,
        expected: None,
    });
    web::spawn(async move {
        let progress = move |received, expected| {
            state
                .model_status
                .set(ModelStatus::Downloading { received, expected })
        };
        match web::fetch_kept(&url, progress).await {
            Ok((bytes, _)) => {
                state.model_status.set(ModelStatus::Preparing(0));
                web::next_task(move || match Model::from_bytes(&bytes) {
                    Ok(model) => embed_banks(state, SemanticBuilder::new(model)),
                    Err(error) => fail(state, format!("{url}: {error}")),
                });
            }
            Err(error) => fail(state, error),
        }
    });
}

fn fail(state: Assistant, problem: String) {
    web::console_error(&format!(
        "Chatgate assistant: the model is not used: {problem}"
    ));
    state.model_status.set(ModelStatus::Failed(problem));
}

/// Embeds exemplars for one short task, then yields; at the end the layer is ready for the library.
fn embed_banks(state: Assistant, mut builder: SemanticBuilder) {
    let start = web::now_ms();
    let mut done = false;
    while !done && web::now_ms() - start < STEP_MS {
        done = builder.step(1);
    }
    if done {
        state.semantic.set(Some(Rc::new(builder.finish())));
        return;
    }
    let (embedded, total) = builder.progress();
    state.model_status.set(ModelStatus::Preparing(
        (embedded * BANKS_SHARE / total.max(1)) as u32,
    ));
    web::next_task(move || embed_banks(state, builder));
}

/// Embeds the current library in short tasks whenever the layer is ready or the library changes; a change of
/// library while it runs starts it over.
pub fn embed_library_when_ready(state: Assistant) {
    Effect::new(move |_| {
        let Some(semantic) = state.semantic.get() else {
            return;
        };
        let index = state.index.get();
        if state
            .vectors
            .with_untracked(|v| v.as_ref().is_some_and(|(of, _)| Rc::ptr_eq(of, &index)))
        {
            return;
        }
        embed_templates(state, semantic, index, Vec::new());
    });
}

fn embed_templates(
    state: Assistant,
    semantic: Rc<Semantic>,
    index: Index,
    mut done: Vec<chatgate_core::semantic::TemplateVector>,
) {
    if !state.index.with_untracked(|now| Rc::ptr_eq(now, &index)) {
        return; // the library changed: the effect started over for the new one
    }
    let templates = &index.library().templates;
    let start = web::now_ms();
    let mut scratch = Scratch::default();
    while done.len() < templates.len() && web::now_ms() - start < STEP_MS {
        done.push(semantic.template_vector(&templates[done.len()], &mut scratch));
    }
    if done.len() == templates.len() {
        state
            .vectors
            .set(Some((index, Rc::new(TemplateVectors::new(done)))));
        state.model_status.set(ModelStatus::Ready);
        return;
    }
    let percent = BANKS_SHARE + done.len() * (100 - BANKS_SHARE) / templates.len().max(1);
    state
        .model_status
        .set(ModelStatus::Preparing(percent as u32));
    web::next_task(move || embed_templates(state, semantic, index, done));
}

/// Reads the customer's message by meaning after a pause in typing (category, sentiment and, with the library
/// embedded, the hybrid suggestions).
pub fn read_message_after_pause(state: Assistant) {
    let generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let message = state.message.get();
        let semantic = state.semantic.get();
        let vectors = state.vectors.get();
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        let Some(semantic) = semantic else { return };
        if message.trim().is_empty() {
            return;
        }
        web::set_timeout(PAUSE_MS, move || {
            if generation.get_value() != this {
                return;
            }
            let (part, _) = analysed_part(&message);
            let query = semantic.embed(part);
            let classification = semantic.classify_with(part, &query);
            let index = state.index.get_untracked();
            let suggestions =
                vectors
                    .filter(|(of, _)| Rc::ptr_eq(of, &index))
                    .map(|(_, vectors)| {
                        let fused = hybrid_suggestions(&index, &vectors, part, &query, 5);
                        (index.clone(), fused)
                    });
            state.meaning.set(Some(MessageMeaning {
                message,
                classification,
                suggestions,
            }));
        });
    });
}

/// Reviews the draft's findings by meaning after a pause in typing (blame, pressure, acknowledgement in any
/// phrasing: `Semantic::review_findings`).
pub fn review_draft_after_pause(state: Assistant, lexical: Memo<Vec<Finding>>) {
    let generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let semantic = state.semantic.get();
        let draft = state.draft.get();
        let lexical = lexical.get();
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        let Some(semantic) = semantic else { return };
        if draft.trim().is_empty() || draft.chars().count() > MAX_REVIEWED_CHARS {
            return;
        }
        let ui_lang = crate::lang_of(state.ui_lang.get_untracked());
        web::set_timeout(PAUSE_MS, move || {
            if generation.get_value() != this {
                return;
            }
            let mut reviewed = lexical.clone();
            semantic.review_findings(&draft, &mut reviewed, ui_lang);
            state.review.set(Some(DraftReview {
                draft,
                lexical,
                reviewed,
            }));
        });
    });
}
