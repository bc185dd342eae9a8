//! The command-line tool's JSON Lines commands: one JSON object in, one JSON object out, per line, in order.
//!
//! Each command is a pure function from a parsed input line to an output object, so it is tested without a
//! process. A malformed line gives `{"error": "..."}` and the rest still run.

use std::io::{BufRead, Write};

use serde::Deserialize;
use serde_json::{json, Value};

use chatgate_core::click_to_chat::{build_chat_url, LinkForm};
use chatgate_core::phone::normalize_phone;

/// Runs `command` over every non-blank line of `input`. Returns the number of lines that were errors.
pub fn run_lines(
    command: impl Fn(&str) -> Value,
    input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<usize> {
    let mut errors = 0;
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let result = command(&line);
        errors += usize::from(result.get("error").is_some());
        serde_json::to_writer(&mut output, &result)?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(errors)
}

fn parse_line<T: for<'de> Deserialize<'de>>(line: &str) -> Result<T, Value> {
    serde_json::from_str(line)
        .map_err(|error| json!({"error": format!("invalid input line: {error}")}))
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
        Ok(number) => json!({"ok": true, "e164": number.as_string(), "country": number.region()}),
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
pub fn classify_command(line: &str) -> Value {
    let input: TextInput = match parse_line(line) {
        Ok(input) => input,
        Err(error) => return error,
    };
    let result = chatgate_core::classify::classify(&input.text);
    json!({
        "category": result.category.code(),
        "lang": result.lang.code(),
        "sentiment": result.sentiment.code(),
        "urgent": result.urgent,
    })
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
    use chatgate_core::hours::Timestamp;
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
        incoming: input.incoming,
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
pub fn tone_command(line: &str) -> Value {
    use chatgate_core::lang::Lang;
    static CHECKER: std::sync::OnceLock<chatgate_core::tone::ToneChecker> =
        std::sync::OnceLock::new();
    let input: ToneInput = match parse_line(line) {
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
    let report = checker.check(&input.text, lang, &context, ui_lang);
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
    json!({"lang": report.lang.code(), "findings": findings})
}

#[derive(Deserialize)]
struct SuggestInput {
    text: String,
    #[serde(default)]
    vars: std::collections::BTreeMap<String, String>,
}

/// `suggest`: `{"text": "...", "vars": {"name": "Anna"}}` → `{"suggestions": [{"id", "score", "text", "matched", "unfilled"}]}`.
pub fn suggest_command(
    index: &chatgate_core::rank::TemplateIndex<'_>,
    library: &chatgate_core::template::Library,
    limit: usize,
    line: &str,
) -> Value {
    let input: SuggestInput = match parse_line(line) {
        Ok(input) => input,
        Err(error) => return error,
    };
    let suggestions: Vec<Value> = index
        .rank(&input.text, limit)
        .into_iter()
        .map(|suggestion| {
            let template = &library.templates[suggestion.index];
            let rendered = chatgate_core::template::render(&template.body, &input.vars);
            json!({
                "id": template.id,
                "score": (suggestion.score * 1000.0).round() / 1000.0,
                "text": rendered.text,
                "matched": suggestion.matched,
                "unfilled": rendered.unfilled,
            })
        })
        .collect();
    json!({"suggestions": suggestions})
}

/// Reads a template library file, or says every problem in it.
pub fn load_library(path: &str) -> Result<chatgate_core::template::Library, String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("{path}: {error}"))?;
    chatgate_core::template::parse_library(&text).map_err(|errors| {
        errors
            .iter()
            .map(|error| format!("{path}: {error}"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// One lint finding as a JSON line: the template, the rule, where, the flagged text, message and fix.
pub fn lint_finding_json(
    library: &chatgate_core::template::Library,
    found: &chatgate_core::lint::LintFinding,
) -> Value {
    let template = &library.templates[found.template];
    let finding = &found.finding;
    let excerpt: String = template
        .body
        .chars()
        .skip(finding.start)
        .take(finding.end.saturating_sub(finding.start))
        .collect();
    let mut object = json!({
        "id": template.id,
        "lang": template.lang.code(),
        "rule": finding.rule.id(),
        "severity": finding.severity.code(),
        "start": finding.start,
        "end": finding.end,
        "excerpt": excerpt,
        "message": finding.message,
        "suggestion": finding.suggestion,
    });
    if let Some(fix) = &finding.fix {
        object["fix"] = json!({"start": fix.start, "end": fix.end, "replacement": fix.replacement});
    }
    object
}

/// `lint-templates FILE [--strict] [--ui-lang en|ru|zh]`: one JSON line per finding (or per validation problem),
/// a summary on stderr. Exit 1 when a finding is an error (with `--strict`, also a warning) or the library is
/// invalid; 2 for usage errors and unreadable files.
fn lint_main(args: &[String]) -> std::process::ExitCode {
    use chatgate_core::lang::Lang;
    use std::process::ExitCode;
    let mut path = None;
    let mut strict = false;
    let mut ui_lang = Lang::En;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--strict" => strict = true,
            "--ui-lang" => match rest
                .next()
                .and_then(|code| Lang::from_code(code))
                .filter(|lang| *lang != Lang::Other)
            {
                Some(lang) => ui_lang = lang,
                None => {
                    eprintln!("chatgate lint-templates: --ui-lang needs en, ru or zh");
                    return ExitCode::from(2);
                }
            },
            other if other.starts_with('-') => {
                eprintln!("chatgate lint-templates: unknown option '{other}'");
                return ExitCode::from(2);
            }
            other if path.is_none() => path = Some(other.to_string()),
            other => {
                eprintln!("chatgate lint-templates: one FILE only (also got '{other}')");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("chatgate lint-templates: FILE is required");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("chatgate lint-templates: {path}: {error}");
            return ExitCode::from(2);
        }
    };
    let library = match chatgate_core::template::parse_library(&text) {
        Ok(library) => library,
        Err(errors) => {
            for error in &errors {
                println!(
                    "{}",
                    json!({"location": error.location, "field": error.field, "error": error.problem})
                );
            }
            eprintln!("{path}: invalid library: {} problem(s)", errors.len());
            return ExitCode::from(1);
        }
    };
    let checker = chatgate_core::tone::ToneChecker::new(Default::default());
    let (findings, summary) = chatgate_core::lint::lint_library(&checker, &library, ui_lang);
    for found in &findings {
        println!("{}", lint_finding_json(&library, found));
    }
    eprintln!(
        "{path}: {} templates, {} errors, {} warnings, {} suggestions",
        summary.templates, summary.errors, summary.warnings, summary.suggestions
    );
    if summary.errors > 0 || (strict && summary.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn suggest_main(args: &[String]) -> std::process::ExitCode {
    use std::process::ExitCode;
    let mut templates = None;
    let mut limit = 5usize;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--templates" => templates = rest.next().cloned(),
            "-k" => match rest.next().and_then(|k| k.parse().ok()).filter(|k| *k > 0) {
                Some(k) => limit = k,
                None => {
                    eprintln!("chatgate suggest: -k needs a positive number");
                    return ExitCode::from(2);
                }
            },
            other => {
                eprintln!("chatgate suggest: unknown option '{other}'");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = templates else {
        eprintln!("chatgate suggest: --templates FILE is required");
        return ExitCode::from(2);
    };
    let library = match load_library(&path) {
        Ok(library) => library,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let index = chatgate_core::rank::TemplateIndex::new(&library);
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    match run_lines(
        |line| suggest_command(&index, &library, limit, line),
        std::io::stdin().lock(),
        stdout,
    ) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(error) => {
            eprintln!("chatgate suggest: {error}");
            ExitCode::from(2)
        }
    }
}

const USAGE: &str = "usage: chatgate COMMAND
JSON Lines commands (read stdin, write one JSON object per input line):
  phone                       normalize phone numbers: {\"input\": \"...\", \"region\": \"GB\"}
  link                        build WhatsApp click-to-chat links: {\"phone\": \"...\", \"text\": \"...\"}
  classify                    language, category, sentiment, urgency of a customer message: {\"text\": \"...\"}
  tone                        tone findings on a draft: {\"text\": \"...\", \"lang\": \"auto\", \"context\": {...}}
  suggest --templates FILE [-k N]   ranked templates for a message: {\"text\": \"...\", \"vars\": {\"name\": \"Anna\"}}
  lint-templates FILE [--strict] [--ui-lang en|ru|zh]
                              tone-check a template library: one JSON line per finding; exit 1 on an
                              error finding (--strict: on a warning too) or an invalid library
Server:
  serve [--dist DIR] [--host ADDR] [--port N] [--widget-port N]
                              serve the demo site (DIR/site) on --port (8080) and the widget bundle
                              (DIR/widget, the widget's own origin) on --widget-port (port + 1)";

/// The process entry: picks the command from `args` and returns the exit code.
/// 0 when every line was read, 1 when some lines were errors, 2 for a usage error.
pub fn main(args: &[String]) -> std::process::ExitCode {
    use std::process::ExitCode;
    let Some(command) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let handler: fn(&str) -> Value = match command.as_str() {
        "phone" => phone_command,
        "link" => link_command,
        "classify" => classify_command,
        "tone" => tone_command,
        "suggest" => return suggest_main(&args[1..]),
        "lint-templates" => return lint_main(&args[1..]),
        "serve" => {
            return match chatgate_server::ServeOptions::from_args(&args[1..])
                .and_then(chatgate_server::serve)
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("chatgate serve: {error}");
                    ExitCode::from(2)
                }
            }
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("chatgate: unknown command '{other}'\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let stdin = std::io::stdin().lock();
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    match run_lines(handler, stdin, stdout) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(error) => {
            eprintln!("chatgate {command}: {error}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(command: fn(&str) -> Value, line: &str, expected: Value) {
        assert_eq!(command(line), expected, "{line}");
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

    #[test]
    fn runs_every_line_in_order_and_survives_bad_ones() {
        let input =
            "{\"input\": \"+44 7911 123456\"}\nnot json\n\n{\"input\": \"+7 912 345 67 89\"}\n";
        let mut output = Vec::new();
        let errors = run_lines(phone_command, input.as_bytes(), &mut output).unwrap();
        let lines: Vec<Value> = String::from_utf8(output)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(errors, 1);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["e164"], "+447911123456");
        assert!(lines[1]["error"].is_string());
        assert_eq!(lines[2]["e164"], "+79123456789");
    }
}
