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

#[test]
fn function_words_and_characters_match_nothing_alone() {
    // Dev-set misses (tests/corpora/suggest): a greeting's 好, the 么 of 怎么 and a Russian "когда" made
    // the wrong template win on words that say nothing of the request.
    let library = parse_library(r#"{"version": 1, "templates": [
      {"id": "thanks-zh", "lang": "zh", "category": "other", "title": "致谢", "body": "好的，谢谢您，很高兴帮到您。"},
      {"id": "setup-zh", "lang": "zh", "category": "support", "title": "设备设置帮助", "body": "请告诉我型号，我帮您连接耳机。"},
      {"id": "lost-ru", "lang": "ru", "category": "other", "title": "Забытые вещи", "body": "Опишите вещь и когда вы были в клубе."},
      {"id": "hours-ru", "lang": "ru", "category": "inquiry", "title": "Часы работы", "body": "Работаем с 6:00 до 23:00, в воскресенье до 20:00."}
    ]}"#).unwrap();
    let index = TemplateIndex::new(&library);
    let first = |text: &str| library.templates[index.rank(text, 1)[0].index].id.clone();
    assert_eq!(first("你好，耳机怎么连？"), "setup-zh");
    assert_eq!(first("когда закрываетесь в воскресенье"), "hours-ru");
    for text in ["你好", "怎么", "когда", "ещё когда"] {
        assert!(
            index.rank(text, 4).iter().all(|s| s.matched.is_empty()),
            "{text:?} matched {:?}",
            index.rank(text, 4)
        );
    }
}
