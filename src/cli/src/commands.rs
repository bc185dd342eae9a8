//! The JSON Lines commands: one JSON object in, one JSON object out, per line.
//!
//! Each command is a pure function from a parsed input line to an output object, so it is tested without a
//! process; `lines` runs them over stdin. A malformed line gives `{"error": "..."}`.

use std::path::Path;

use serde::Deserialize;
use serde_json::{json, Value};

use chatgate_core::click_to_chat::{build_chat_url, LinkForm};
use chatgate_core::phone::{normalize_phone, phone_extension};
use chatgate_core::semantic::{hybrid_suggestions, Semantic, TemplateVectors};

fn parse_line<T: for<'de> Deserialize<'de>>(line: &str) -> Result<T, Value> {
    serde_json::from_str(line)
        .map_err(|error| json!({"error": format!("invalid input line: {error}")}))
}

/// Cuts a text to what the engines analyse (`core::assistant::MAX_ANALYSED_CHARS`, as in the assistant page):
/// where it was cut, for the answer's `cut_at`, or `None` when it was analysed whole.
fn cut_to_analysed(text: &mut String) -> Option<usize> {
    let (part, cut) = chatgate_core::assistant::analysed_part(text);
    let length = part.len();
    cut.then(|| {
        text.truncate(length);
        chatgate_core::assistant::MAX_ANALYSED_CHARS
    })
}

/// Adds `"cut_at": N` to an answer about a text analysed only up to its N-th character.
fn with_cut(mut answer: Value, cut_at: Option<usize>) -> Value {
    if let Some(at) = cut_at {
        answer["cut_at"] = json!(at);
    }
    answer
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhoneInput {
    input: String,
    #[serde(default)]
    region: Option<String>,
}

/// `phone`: `{"input": "+44 7911 123456", "region": "GB"}` → `{"ok": true, "e164": "+447911123456", "country": "GB"}`.
pub fn phone_command(line: &str) -> Value {
    let input: PhoneInput = match parse_line(line) {
        Ok(input) => input,
        Err(error) => return error,
    };
    match normalize_phone(&input.input, input.region.as_deref()) {
        Ok(number) => {
            let mut out =
                json!({"ok": true, "e164": number.as_string(), "country": number.region()});
            if let Some(extension) = phone_extension(&input.input) {
                out["extension"] = json!(extension);
            }
            out
        }
        Err(error) => json!({"ok": false, "error": error.to_string(), "code": error.code()}),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkInput {
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    form: Option<String>,
}

/// `link`: `{"phone": "...", "region": "..", "text": "...", "form": "wa.me|api|web"}` → `{"ok": true, "url": "..."}`.
/// Without `phone` the link is the share form (`https://wa.me/?text=...`).
pub fn link_command(line: &str) -> Value {
    let input: LinkInput = match parse_line(line) {
        Ok(input) => input,
        Err(error) => return error,
    };
    let form = match input.form.as_deref() {
        None => LinkForm::WaMe,
        Some(name) => match LinkForm::from_name(name) {
            Some(form) => form,
            None => {
                return json!({"ok": false, "error": format!("unknown form '{name}' (expected wa.me, api or web)")})
            }
        },
    };
    let recipient = match input
        .phone
        .as_deref()
        .filter(|phone| !phone.trim().is_empty())
    {
        None => None,
        Some(phone) => match normalize_phone(phone, input.region.as_deref()) {
            Ok(number) => Some(number),
            Err(error) => {
                return json!({"ok": false, "error": error.to_string(), "code": error.code()})
            }
        },
    };
    let link = build_chat_url(form, recipient.as_ref(), &input.text);
    json!({"ok": true, "url": link.url, "truncated": link.truncated})
}

#[derive(Deserialize)]
struct TextInput {
    text: String,
}

/// `classify`: `{"text": "..."}` → `{"category": "complaint", "lang": "ru", "sentiment": "negative", "urgent": false}`.
pub fn classify_command(semantic: Option<&Semantic>, line: &str) -> Value {
    let mut input: TextInput = match parse_line(line) {
        Ok(input) => input,
        Err(error) => return error,
    };
    let cut_at = cut_to_analysed(&mut input.text);
    let result = match semantic {
        Some(semantic) => semantic.classify(&input.text),
        None => chatgate_core::classify::classify(&input.text),
    };
    let answer = json!({
        "category": result.category.code(),
        "lang": result.lang.code(),
        "sentiment": result.sentiment.code(),
        "urgent": result.urgent,
    });
    with_cut(answer, cut_at)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ToneContextInput {
    incoming: Option<String>,
    incoming_category: Option<String>,
    first_message: bool,
    kind: Option<String>,
    now: Option<String>,
    recipient: Option<String>,
    last_customer_message_at: Option<String>,
}

#[derive(Deserialize)]
struct ToneInput {
    text: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    ui_lang: Option<String>,
    #[serde(default)]
    context: ToneContextInput,
}

fn tone_context(input: ToneContextInput) -> Result<chatgate_core::tone::ToneContext, String> {
    use chatgate_core::time::Timestamp;
    use chatgate_core::tone::{MessageKind, ToneContext};
    let time = |value: Option<String>, key: &str| -> Result<Option<Timestamp>, String> {
        value
            .map(|text| {
                Timestamp::parse_rfc3339(&text).map_err(|error| format!("context.{key}: {error}"))
            })
            .transpose()
    };
    Ok(ToneContext {
        incoming_category: match input.incoming_category.as_deref() {
            None => None,
            Some(code) => Some(
                chatgate_core::classify::Category::from_code(code).ok_or_else(|| {
                    format!("context.incoming_category: unknown category '{code}'")
                })?,
            ),
        },
        incoming: input.incoming.map(|mut text| {
            cut_to_analysed(&mut text);
            text
        }),
        first_message: input.first_message,
        kind: match input.kind.as_deref() {
            None => MessageKind::Service,
            Some(code) => MessageKind::from_code(code).ok_or_else(|| {
                format!("context.kind: '{code}' is not service, marketing or template")
            })?,
        },
        now: time(input.now, "now")?,
        recipient: match input.recipient.as_deref() {
            None => None,
            Some(phone) => Some(
                normalize_phone(phone, None)
                    .map_err(|error| format!("context.recipient: {error}"))?,
            ),
        },
        last_customer_message_at: time(input.last_customer_message_at, "last_customer_message_at")?,
    })
}

/// `tone`: `{"text": "...", "lang": "auto", "context": {...}}` → `{"lang": "en", "findings": [...]}`.
pub fn tone_command(semantic: Option<&Semantic>, line: &str) -> Value {
    use chatgate_core::lang::Lang;
    static CHECKER: std::sync::OnceLock<chatgate_core::tone::ToneChecker> =
        std::sync::OnceLock::new();
    let mut input: ToneInput = match parse_line(line) {
        Ok(input) => input,
        Err(error) => return error,
    };
    let lang = match input.lang.as_deref() {
        None | Some("auto") | Some("") => None,
        Some(code) => match Lang::from_code(code) {
            Some(lang) => Some(lang),
            None => return json!({"error": format!("lang: '{code}' is not auto, en, ru or zh")}),
        },
    };
    let ui_lang = input
        .ui_lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or(Lang::En);
    let context = match tone_context(input.context) {
        Ok(context) => context,
        Err(error) => return json!({"error": error}),
    };
    let checker = CHECKER.get_or_init(|| chatgate_core::tone::ToneChecker::new(Default::default()));
    let cut_at = cut_to_analysed(&mut input.text);
    let mut report = checker.check(&input.text, lang, &context, ui_lang);
    if let Some(semantic) = semantic {
        semantic.review_findings(&input.text, &mut report.findings, ui_lang);
    }
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let mut object = json!({
                "rule": finding.rule.id(),
                "severity": finding.severity.code(),
                "start": finding.start,
                "end": finding.end,
                "message": finding.message,
                "suggestion": finding.suggestion,
            });
            if let Some(fix) = &finding.fix {
                object["fix"] =
                    json!({"start": fix.start, "end": fix.end, "replacement": fix.replacement});
            }
            object
        })
        .collect();
    with_cut(
        json!({"lang": report.lang.code(), "findings": findings}),
        cut_at,
    )
}

#[derive(Deserialize)]
struct SuggestInput {
    text: String,
    #[serde(default)]
    vars: std::collections::BTreeMap<String, String>,
}

/// Which ranking `suggest` prints: the product's (words and meaning fused), or one layer alone (to measure it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ranking {
    Fused,
    Lexical,
    Semantic,
}

/// `suggest`: `{"text": "...", "vars": {"name": "Anna"}}` → `{"suggestions": [{"id", "score", "text", "matched", "unfilled"}]}`.
pub fn suggest_command(
    index: &chatgate_core::rank::TemplateIndex<'_>,
    library: &chatgate_core::template::Library,
    semantic: Option<(&Semantic, &TemplateVectors)>,
    ranking: Ranking,
    limit: usize,
    line: &str,
) -> Value {
    let mut input: SuggestInput = match parse_line(line) {
        Ok(input) => input,
        Err(error) => return error,
    };
    let cut_at = cut_to_analysed(&mut input.text);
    let suggestion_json = |index: usize, score: f32, matched: &[String], similar: Option<&str>| {
        let template = &library.templates[index];
        let rendered = chatgate_core::template::render(&template.body, &input.vars);
        let mut object = json!({
            "id": template.id,
            "score": (score * 1000.0).round() / 1000.0,
            "text": rendered.text,
            "matched": matched,
            "unfilled": rendered.unfilled,
        });
        if semantic.is_some() {
            object["similar_to"] = json!(similar);
        }
        object
    };
    // With the encoder (and not a /shortcode lookup): the lexical and the semantic rankings fused.
    if let Some((semantic, vectors)) = semantic.filter(|_| !input.text.trim().starts_with('/')) {
        let query = semantic.embed(&input.text);
        if ranking == Ranking::Semantic {
            let suggestions: Vec<Value> = vectors
                .rank_for(library, &input.text, &query)
                .into_iter()
                .take(limit)
                .map(|(index, score)| {
                    let similar = vectors.similarity(index, &query).1;
                    suggestion_json(index, score, &[], similar)
                })
                .collect();
            return with_cut(json!({"suggestions": suggestions}), cut_at);
        }
        let suggestions: Vec<Value> =
            hybrid_suggestions(index, vectors, &input.text, &query, limit)
                .iter()
                .map(|s| suggestion_json(s.index, s.score, &s.matched, s.similar_to.as_deref()))
                .collect();
        return with_cut(json!({"suggestions": suggestions}), cut_at);
    }
    let suggestions: Vec<Value> = index
        .rank(&input.text, limit)
        .iter()
        .map(|s| suggestion_json(s.index, s.score, &s.matched, None))
        .collect();
    with_cut(json!({"suggestions": suggestions}), cut_at)
}

/// `embed`: the piece ids and the vector of a text.
pub fn embed_command(semantic: &Semantic, line: &str) -> Value {
    let mut input: TextInput = match parse_line(line) {
        Ok(input) => input,
        Err(error) => return error,
    };
    let cut_at = cut_to_analysed(&mut input.text);
    let model = semantic.model();
    let ids: Vec<u32> = model
        .tokenize(&input.text)
        .into_iter()
        .map(|id| model.original_id(id).unwrap_or(id))
        .collect();
    let vector: Vec<f64> = semantic
        .embed(&input.text)
        .iter()
        .map(|&x| (f64::from(x) * 1e6).round() / 1e6)
        .collect();
    with_cut(json!({"ids": ids, "vector": vector}), cut_at)
}

/// Reads a template library file, or says every problem in it.
pub fn load_library(path: &Path) -> Result<chatgate_core::template::Library, String> {
    let path_name = path.display();
    let text = std::fs::read_to_string(path).map_err(|error| format!("{path_name}: {error}"))?;
    chatgate_core::template::parse_library(&text).map_err(|errors| {
        errors
            .iter()
            .map(|error| format!("{path_name}: {error}"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(command: fn(&str) -> Value, line: &str, expected: Value) {
        assert_eq!(command(line), expected, "{line}");
    }

    /// Found by a probe: a 10 MB line of "HELP " gave two million findings (465 MB of output, 20 s).
    #[test]
    fn text_past_the_limit_is_analysed_up_to_it_and_said() {
        let long = "HELP ".repeat(2_000_000);
        let answer = tone_command(None, &json!({"text": long}).to_string());
        assert_eq!(answer["cut_at"], 30_000);
        assert!(answer["findings"].as_array().unwrap().len() < 10_000);
        let answer = classify_command(None, &json!({"text": "я".repeat(40_000)}).to_string());
        assert_eq!(answer["cut_at"], 30_000);
        let answer = classify_command(None, &json!({"text": "short"}).to_string());
        assert!(answer.get("cut_at").is_none());
    }

    #[test]
    fn phone_lines() {
        check(
            phone_command,
            r#"{"input": "+44 7911 123456"}"#,
            json!({"ok": true, "e164": "+447911123456", "country": "GB"}),
        );
        check(
            phone_command,
            r#"{"input": "+1 213 373 4253 ext. 123"}"#,
            json!({"ok": true, "e164": "+12133734253", "country": "US", "extension": "123"}),
        );
        check(
            phone_command,
            r#"{"input": "8 (912) 345-67-89", "region": "RU"}"#,
            json!({"ok": true, "e164": "+79123456789", "country": "RU"}),
        );
        check(
            phone_command,
            r#"{"input": "12015550119", "region": null}"#,
            json!({"ok": false, "error": "start the number with + and the country code, or choose a country", "code": "missing_country_code"}),
        );
        assert!(phone_command("{not json")
            .get("error")
            .unwrap()
            .as_str()
            .unwrap()
            .starts_with("invalid input line"));
        assert!(phone_command(r#"{"input": 5}"#).get("error").is_some());
    }

    #[test]
    fn link_lines() {
        check(
            link_command,
            r#"{"phone": "+44 7911 123456", "text": "Hi there"}"#,
            json!({"ok": true, "url": "https://wa.me/447911123456?text=Hi%20there", "truncated": false}),
        );
        check(
            link_command,
            r#"{"text": "Look"}"#,
            json!({"ok": true, "url": "https://wa.me/?text=Look", "truncated": false}),
        );
        check(
            link_command,
            r#"{"phone": "07911 123456", "region": "GB", "form": "web"}"#,
            json!({"ok": true, "url": "https://web.whatsapp.com/send?phone=447911123456", "truncated": false}),
        );
        assert_eq!(link_command(r#"{"phone": "+44 1"}"#)["ok"], json!(false));
        assert_eq!(link_command(r#"{"form": "sms"}"#)["ok"], json!(false));
    }
}
