//! Linting a template library: every template tone-checked the way it will be sent.
//!
//! A template is checked in its own language, as a message of its own kind (`marketing` templates must carry an
//! opt-out and, being business-initiated, are held to the first-message length and greeting rules), answering a
//! message of its own category (a `complaint` template must apologise). Well-formed `{{placeholders}}` are what
//! templates are for, so they are not reported as unfilled. This module never reads files: the CLI and the
//! assistant page hand it a parsed [`Library`].

use super::lang::Lang;
use super::template::{Library, Template};
use super::tone::{Finding, MessageKind, Rule, Severity, ToneChecker, ToneContext};

/// One finding in one template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LintFinding {
    /// Index of the template in the library.
    pub template: usize,
    pub finding: Finding,
}

/// Counts per severity, for the summary line and the exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LintSummary {
    pub templates: usize,
    pub errors: usize,
    pub warnings: usize,
    pub suggestions: usize,
}

/// The conversation a template is written for.
pub fn template_context(template: &Template) -> ToneContext {
    ToneContext {
        incoming_category: Some(template.category),
        first_message: template.kind == MessageKind::Marketing,
        kind: template.kind,
        ..ToneContext::default()
    }
}

/// Tone-checks one template body (messages in `ui_lang`).
pub fn lint_template(checker: &ToneChecker, template: &Template, ui_lang: Lang) -> Vec<Finding> {
    let mut findings = checker
        .check(
            &template.body,
            Some(template.lang),
            &template_context(template),
            ui_lang,
        )
        .findings;
    findings.retain(|finding| finding.rule != Rule::UnfilledPlaceholder);
    findings
}

/// Tone-checks every template, in library order.
pub fn lint_library(
    checker: &ToneChecker,
    library: &Library,
    ui_lang: Lang,
) -> (Vec<LintFinding>, LintSummary) {
    let mut summary = LintSummary {
        templates: library.templates.len(),
        ..LintSummary::default()
    };
    let mut all = Vec::new();
    for (index, template) in library.templates.iter().enumerate() {
        for finding in lint_template(checker, template, ui_lang) {
            match finding.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Suggestion => summary.suggestions += 1,
            }
            all.push(LintFinding {
                template: index,
                finding,
            });
        }
    }
    (all, summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::parse_library;
    use crate::tone::ToneConfig;

    fn lint(templates: &str) -> Vec<(String, &'static str)> {
        let library = parse_library(&format!(r#"{{"version": 1, "templates": [{templates}]}}"#))
            .expect("valid library");
        let checker = ToneChecker::new(ToneConfig::default());
        let (findings, _) = lint_library(&checker, &library, Lang::En);
        findings
            .into_iter()
            .map(|f| {
                (
                    library.templates[f.template].id.clone(),
                    f.finding.rule.id(),
                )
            })
            .collect()
    }

    #[test]
    fn placeholders_are_not_unfilled_but_tone_still_counts() {
        assert_eq!(
            lint(
                r#"{"id": "a", "lang": "en", "category": "inquiry", "body": "Hello {{name|there}}, your order {{order}} is ready."}"#
            ),
            vec![]
        );
        assert_eq!(lint(r#"{"id": "b", "lang": "en", "category": "inquiry", "body": "Hello {{name}}, PLEASE PAY YOUR BILL TODAY."}"#)
            .iter().map(|(_, rule)| *rule).collect::<Vec<_>>(), vec!["shouting"]);
    }

    #[test]
    fn kind_and_category_set_the_context() {
        let marketing = r#"{"id": "m", "lang": "ru", "category": "campaign", "kind": "marketing", "body": "Здравствуйте, {{name}}! Скидка 20% на анализы до пятницы."}"#;
        assert_eq!(lint(marketing), vec![("m".to_string(), "no_opt_out")]);
        let cold = r#"{"id": "c", "lang": "en", "category": "campaign", "kind": "marketing", "body": "New check-up packages are here. Reply STOP to opt out."}"#;
        assert_eq!(lint(cold), vec![("c".to_string(), "no_greeting")]);
        let complaint = r#"{"id": "x", "lang": "zh", "category": "complaint", "body": "{{name}}您好，我们已经收到您的反馈。"}"#;
        assert_eq!(lint(complaint), vec![("x".to_string(), "no_empathy")]);
    }

    #[test]
    fn summary_counts_severities() {
        let library = parse_library(r#"{"version": 1, "templates": [
            {"id": "p", "lang": "en", "category": "other", "body": "Hi {{name}}, this is damn late."},
            {"id": "q", "lang": "en", "category": "other", "body": "Hello, ACT NOW."}]}"#).expect("valid");
        let (_, summary) =
            lint_library(&ToneChecker::new(ToneConfig::default()), &library, Lang::En);
        assert_eq!(summary.templates, 2);
        assert!(summary.errors >= 1, "{summary:?}");
        assert!(summary.warnings >= 1, "{summary:?}");
    }
}
