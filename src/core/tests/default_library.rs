//! The default template library (`www/templates/library.json`) that the demo and new installations start with:
//! it is valid, covers every category in every language with both kinds, lints clean, and answers customer
//! messages that are not among its `examples` (tests/fixtures/library_queries.jsonl) in the top 3.

use std::collections::{BTreeMap, BTreeSet};

use chatgate_core::classify::Category;
use chatgate_core::lang::Lang;
use chatgate_core::lint::lint_library;
use chatgate_core::rank::TemplateIndex;
use chatgate_core::template::{parse_library, placeholders, Library};
use chatgate_core::tone::{MessageKind, ToneChecker, ToneConfig};

const LIBRARY: &str = chatgate_core::template::DEFAULT_LIBRARY;

fn library() -> Library {
    parse_library(LIBRARY).unwrap_or_else(|errors| panic!("default library is invalid: {errors:?}"))
}

#[test]
fn covers_every_language_category_and_kind() {
    let library = library();
    assert!(!library.business.is_empty());
    for lang in [Lang::En, Lang::Ru, Lang::Zh] {
        let own: Vec<_> = library
            .templates
            .iter()
            .filter(|t| t.lang == lang)
            .collect();
        assert!(own.len() >= 25, "{lang:?}: {} templates", own.len());
        let categories: BTreeSet<&str> = own.iter().map(|t| t.category.code()).collect();
        for category in Category::ALL.map(Category::code) {
            assert!(
                categories.contains(category),
                "{lang:?} has no {category} template"
            );
        }
        assert!(
            own.iter().any(|t| t.kind == MessageKind::Marketing),
            "{lang:?}: no marketing template"
        );
        assert!(
            own.iter().any(|t| t.kind == MessageKind::Service),
            "{lang:?}: no service template"
        );
        let with_placeholders = own
            .iter()
            .filter(|t| !placeholders(&t.body).expect("balanced").is_empty())
            .count();
        assert!(
            with_placeholders * 2 > own.len(),
            "{lang:?}: only {with_placeholders} templates have placeholders"
        );
        assert!(own
            .iter()
            .all(|t| t.shortcode.is_some() && !t.title.is_empty() && !t.examples.is_empty()));
        assert!(own.iter().any(|t| t.category == Category::Complaint));
    }
}

#[test]
fn lints_without_any_finding() {
    let library = library();
    let (findings, summary) =
        lint_library(&ToneChecker::new(ToneConfig::default()), &library, Lang::En);
    let described: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{}: {} {:?}",
                library.templates[f.template].id,
                f.finding.rule.id(),
                f.finding.message
            )
        })
        .collect();
    assert!(findings.is_empty(), "{summary:?}\n{}", described.join("\n"));
}

#[test]
fn unseen_customer_messages_find_their_template_in_the_top_three() {
    let library = library();
    let index = TemplateIndex::new(&library);
    let mut misses = Vec::new();
    let mut total = 0;
    for line in include_str!("../../../tests/fixtures/library_queries.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let case: BTreeMap<String, String> = serde_json::from_str(line).expect("fixture line");
        total += 1;
        let top: Vec<&str> = index
            .rank(&case["text"], 3)
            .iter()
            .map(|s| library.templates[s.index].id.as_str())
            .collect();
        if !top.contains(&case["expect"].as_str()) {
            misses.push(format!(
                "{:?} → {top:?}, expected {}",
                case["text"], case["expect"]
            ));
        }
    }
    assert!(total >= 25);
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}
