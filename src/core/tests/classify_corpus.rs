//! The classifier against labelled messages from businesses other than the public sample's (telecom, restaurant,
//! airline, bank, gym, pharmacy) in English, Russian and Chinese (tests/fixtures/classify_cases.jsonl).
//! Bars from the engines issue: category ≥ 85%, language ≥ 98%.

use chatgate_core::classify::classify;

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    lang: String,
    category: String,
    sentiment: String,
    urgent: bool,
}

#[test]
fn labelled_messages() {
    let cases: Vec<Case> = include_str!("../../../tests/fixtures/classify_cases.jsonl")
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("fixture line"))
        .collect();
    let (mut category, mut lang, mut sentiment, mut urgent) = (0, 0, 0, 0);
    for case in &cases {
        let result = classify(&case.text);
        category += usize::from(result.category.code() == case.category);
        lang += usize::from(result.lang.code() == case.lang);
        sentiment += usize::from(result.sentiment.code() == case.sentiment);
        urgent += usize::from(result.urgent == case.urgent);
        if result.category.code() != case.category {
            println!(
                "{} -> {} (expected {})",
                case.text,
                result.category.code(),
                case.category
            );
        }
    }
    let share = |n: usize| n as f64 / cases.len() as f64;
    println!(
        "category {:.1}%, lang {:.1}%, sentiment {:.1}%, urgent {:.1}%",
        100.0 * share(category),
        100.0 * share(lang),
        100.0 * share(sentiment),
        100.0 * share(urgent)
    );
    assert!(
        share(category) >= 0.85,
        "category accuracy {:.1}%",
        100.0 * share(category)
    );
    assert!(
        share(lang) >= 0.98,
        "language accuracy {:.1}%",
        100.0 * share(lang)
    );
    assert!(
        share(sentiment) >= 0.80,
        "sentiment accuracy {:.1}%",
        100.0 * share(sentiment)
    );
}
