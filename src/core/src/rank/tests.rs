//! The ranker's tests: BM25 over title, body and examples, languages, signals, shortcodes, expansions.

use super::*;
use crate::template::parse_library;

fn library() -> Library {
    parse_library(r#"{"version": 1, "templates": [
      {"id": "refund", "lang": "en", "category": "complaint", "title": "Refund is late", "shortcode": "refund",
       "body": "Hello {{name}}, I'm sorry your refund is taking longer than it should.", "examples": ["where is my refund", "still no money back"]},
      {"id": "hours", "lang": "en", "category": "inquiry", "title": "Opening hours", "shortcode": "hours",
       "body": "We are open Monday to Saturday, 9:00 to 19:00."},
      {"id": "refund-ru", "lang": "ru", "category": "complaint", "title": "Возврат задерживается", "shortcode": "refund-ru",
       "body": "Здравствуйте, {{name}}! Простите, что возврат денег задерживается.", "examples": ["где мои деньги", "не вернули деньги"]},
      {"id": "hours-zh", "lang": "zh", "category": "inquiry", "title": "营业时间", "body": "我们周一至周六9点到19点营业。", "examples": ["几点开门"]}
    ]}"#).unwrap()
}

fn top(text: &str) -> (String, Vec<String>) {
    let library = library();
    let index = TemplateIndex::new(&library);
    let best = &index.rank(text, 3)[0];
    (
        library.templates[best.index].id.clone(),
        best.matched.clone(),
    )
}

#[test]
fn ranks_by_words_language_and_category() {
    assert_eq!(top("Still waiting for my refund!").0, "refund");
    assert_eq!(top("What time do you open on Saturday?").0, "hours");
    assert_eq!(
        top("Верните деньги, возврата до сих пор нет").0,
        "refund-ru"
    );
    assert_eq!(top("周六几点营业？").0, "hours-zh");
}

#[test]
fn suggestions_say_why() {
    assert_eq!(
        top("Still waiting for my refund").1,
        vec!["Still".to_string(), "refund".to_string()]
    );
}

#[test]
fn shortcodes_come_first() {
    assert_eq!(top("/hours").0, "hours");
    assert_eq!(top("/refund-r").0, "refund-ru");
}

#[test]
fn stems_cover_inflections() {
    assert_eq!(
        stem("возврата", TokenKind::Cyrillic),
        stem("возврат", TokenKind::Cyrillic)
    );
    assert_eq!(
        stem("refunds", TokenKind::Latin),
        stem("refund", TokenKind::Latin)
    );
    assert_eq!(
        stem("opening", TokenKind::Latin),
        stem("open", TokenKind::Latin)
    );
}
