//! The default template library (`www/templates/library.json`) that the demo and new installations start with:
//! it is valid, covers every category in every language with both kinds, lints clean, and answers customer
//! messages that are not among its `examples` (tests/fixtures/library_queries.jsonl) in the top 3.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use chatgate::core::classify::Category;
use chatgate::core::lang::Lang;
use chatgate::core::lint::lint_library;
use chatgate::core::rank::TemplateIndex;
use chatgate::core::template::{parse_library, placeholders, Library};
use chatgate::core::tone::{MessageKind, ToneChecker, ToneConfig};

const LIBRARY: &str = include_str!("../www/templates/library.json");

fn library() -> Library {
    parse_library(LIBRARY).unwrap_or_else(|errors| panic!("default library is invalid: {errors:?}"))
}

#[test]
fn covers_every_language_category_and_kind() {
    let library = library();
    assert!(!library.business.is_empty());
    for lang in [Lang::En, Lang::Ru, Lang::Zh] {
        let own: Vec<_> = library.templates.iter().filter(|t| t.lang == lang).collect();
        assert!(own.len() >= 25, "{lang:?}: {} templates", own.len());
        let categories: BTreeSet<&str> = own.iter().map(|t| t.category.code()).collect();
        for category in ["inquiry", "complaint", "support", "order", "campaign", "other"] {
            assert!(categories.contains(category), "{lang:?} has no {category} template");
        }
        assert!(own.iter().any(|t| t.kind == MessageKind::Marketing), "{lang:?}: no marketing template");
        assert!(own.iter().any(|t| t.kind == MessageKind::Service), "{lang:?}: no service template");
        let with_placeholders = own.iter().filter(|t| !placeholders(&t.body).expect("balanced").is_empty()).count();
        assert!(with_placeholders * 2 > own.len(), "{lang:?}: only {with_placeholders} templates have placeholders");
        assert!(own.iter().all(|t| t.shortcode.is_some() && !t.title.is_empty() && !t.examples.is_empty()));
        assert!(own.iter().any(|t| t.category == Category::Complaint));
    }
}

#[test]
fn lints_without_any_finding() {
    let library = library();
    let (findings, summary) = lint_library(&ToneChecker::new(ToneConfig::default()), &library, Lang::En);
    let described: Vec<String> = findings
        .iter()
        .map(|f| format!("{}: {} {:?}", library.templates[f.template].id, f.finding.rule.id(), f.finding.message))
        .collect();
    assert!(findings.is_empty(), "{summary:?}\n{}", described.join("\n"));
}

#[test]
fn unseen_customer_messages_find_their_template_in_the_top_three() {
    let library = library();
    let index = TemplateIndex::new(&library);
    let mut misses = Vec::new();
    let mut total = 0;
    for line in include_str!("fixtures/library_queries.jsonl").lines().filter(|l| !l.trim().is_empty()) {
        let case: BTreeMap<String, String> = serde_json::from_str(line).expect("fixture line");
        total += 1;
        let top: Vec<&str> = index.rank(&case["text"], 3).iter().map(|s| library.templates[s.index].id.as_str()).collect();
        if !top.contains(&case["expect"].as_str()) {
            misses.push(format!("{:?} → {top:?}, expected {}", case["text"], case["expect"]));
        }
    }
    assert!(total >= 25);
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn lint_templates_command_exit_codes() {
    let run = |path: &str, extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_chatgate")).arg("lint-templates").arg(path).args(extra).output().expect("runs")
    };
    let clean = run("www/templates/library.json", &["--strict"]);
    assert!(clean.status.success(), "{}", String::from_utf8_lossy(&clean.stderr));
    assert!(clean.stdout.is_empty());
    assert!(String::from_utf8_lossy(&clean.stderr).contains(" templates, 0 errors, 0 warnings, 0 suggestions"));

    let dir = std::env::temp_dir().join(format!("chatgate-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path.to_string_lossy().into_owned()
    };
    let warning_only = write("warn.json", r#"{"version": 1, "templates": [{"id": "w", "lang": "en", "category": "other", "body": "Hello, thanks in advance."}]}"#);
    assert_eq!(run(&warning_only, &[]).status.code(), Some(0));
    assert_eq!(run(&warning_only, &["--strict"]).status.code(), Some(1));
    let error = write("error.json", r#"{"version": 1, "templates": [{"id": "m", "lang": "en", "category": "campaign", "kind": "marketing", "body": "Hello {{name}}, new offers are in."}]}"#);
    let output = run(&error, &["--ui-lang", "ru"]);
    assert_eq!(output.status.code(), Some(1));
    let line: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON line");
    assert_eq!(line["id"], "m");
    assert_eq!(line["rule"], "no_opt_out");
    assert!(line["message"].as_str().is_some_and(|m| m.chars().any(|c| ('а'..='я').contains(&c))), "{line}");
    let invalid = write("invalid.json", r#"{"version": 1, "templates": [{"id": "x", "lang": "fr", "category": "inquiry", "body": "Hi {{name"}]}"#);
    let output = run(&invalid, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 2, "lang and body problems");
    assert_eq!(run("/nonexistent/library.json", &[]).status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}
