//! The tone checker against labelled drafts from other businesses and phrasings than the public sample
//! (tests/fixtures/tone_cases.jsonl): expected findings found, forbidden ones not, clean drafts left clean.
//! Bars from the engines issue: ≥ 90% of expected findings, ≥ 95% of clean drafts left clean.

use chatgate_core::classify::Category;
use chatgate_core::lang::Lang;
use chatgate_core::tone::{check_tone, MessageKind, Rule, ToneContext};

#[derive(serde::Deserialize)]
struct Case {
    id: String,
    text: String,
    lang: String,
    #[serde(default)]
    context: serde_json::Value,
    expect: Vec<String>,
    #[serde(default)]
    forbid: Vec<String>,
}

fn context(value: &serde_json::Value) -> ToneContext {
    ToneContext {
        incoming: value["incoming"].as_str().map(str::to_string),
        incoming_category: value["incoming_category"]
            .as_str()
            .and_then(Category::from_code),
        first_message: value["first_message"].as_bool().unwrap_or(false),
        kind: value["kind"]
            .as_str()
            .and_then(MessageKind::from_code)
            .unwrap_or_default(),
        ..ToneContext::default()
    }
}

#[test]
fn labelled_drafts() {
    let cases: Vec<Case> = include_str!("../../../tests/fixtures/tone_cases.jsonl")
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("fixture line"))
        .collect();
    let (mut expected, mut found, mut clean, mut clean_ok, mut forbidden_fired) =
        (0, 0, 0, 0, Vec::new());
    for case in &cases {
        let report = check_tone(
            &case.text,
            Lang::from_code(&case.lang),
            &context(&case.context),
            Lang::En,
        );
        let fired: Vec<&str> = report.findings.iter().map(|f| f.rule.id()).collect();
        for rule in &case.expect {
            expected += 1;
            if fired.contains(&rule.as_str()) {
                found += 1;
            } else {
                println!("missed {}: {rule}", case.id);
            }
        }
        for rule in &case.forbid {
            if fired.contains(&rule.as_str()) {
                forbidden_fired.push(format!("{}: {rule}", case.id));
            }
        }
        if case.expect.is_empty() {
            clean += 1;
            clean_ok += usize::from(fired.is_empty());
        }
        assert!(
            case.expect
                .iter()
                .chain(&case.forbid)
                .all(|id| Rule::from_id(id).is_some()),
            "{}: unknown rule",
            case.id
        );
    }
    println!("expected {found}/{expected}, clean {clean_ok}/{clean}, forbidden fired {forbidden_fired:?}");
    assert!(
        found as f64 >= 0.9 * expected as f64,
        "expected findings {found}/{expected}"
    );
    assert!(
        clean_ok as f64 >= 0.95 * clean as f64,
        "clean drafts {clean_ok}/{clean}"
    );
    assert!(
        forbidden_fired.len() <= cases.len() / 20,
        "forbidden findings: {forbidden_fired:?}"
    );
}
