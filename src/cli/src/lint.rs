//! `lint-templates FILE [--strict] [--ui-lang en|ru|zh]`: tone-checks a whole template library the way each
//! template will be sent; one JSON line per finding on stdout, a summary on stderr.

use std::process::ExitCode;

use serde_json::{json, Value};

use crate::args::LintArgs;

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

/// Runs `lint-templates`: exit 1 when a finding is an error (with `--strict`, also a warning) or the library is
/// invalid; 2 when the file cannot be read.
pub fn lint_main(args: LintArgs) -> ExitCode {
    let LintArgs {
        file,
        strict,
        ui_lang,
    } = args;
    let path = file.display();
    let text = match std::fs::read_to_string(&file) {
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
