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

fn check_stems_meet(kind: TokenKind, words: &[&str]) {
    let first = stem(words[0], kind);
    for word in &words[1..] {
        assert_eq!(
            stem(word, kind),
            first,
            "{word:?} does not meet {:?}",
            words[0]
        );
    }
}

#[test]
fn english_stems_lose_a_silent_e_and_ies() {
    // Blind-set misses (tests/corpora/suggest/blind, session 11): "price" never met "prices", nor "damage"
    // "damaged", because -es and -ed were cut but a bare word kept its final e.
    check_stems_meet(TokenKind::Latin, &["price", "prices", "priced"]);
    check_stems_meet(TokenKind::Latin, &["damage", "damaged", "damages"]);
    check_stems_meet(TokenKind::Latin, &["arrive", "arrived", "arrives"]);
    check_stems_meet(TokenKind::Latin, &["size", "sizes"]);
    check_stems_meet(TokenKind::Latin, &["move", "moving", "moved"]);
    check_stems_meet(TokenKind::Latin, &["reply", "replies", "replied"]);
    check_stems_meet(TokenKind::Latin, &["fee", "fees"]);
    assert_ne!(
        stem("free", TokenKind::Latin),
        stem("fee", TokenKind::Latin)
    );
}

#[test]
fn russian_stems_lose_case_endings_before_the_prefix() {
    // Short Russian words met only in one case: "нет света" never met "свет", "рейса" never met "рейс".
    check_stems_meet(TokenKind::Cyrillic, &["свет", "света", "свету"]);
    check_stems_meet(TokenKind::Cyrillic, &["рейс", "рейса", "рейсом"]);
    check_stems_meet(TokenKind::Cyrillic, &["место", "места", "мест"]);
    check_stems_meet(TokenKind::Cyrillic, &["долг", "долга", "долгу"]);
    check_stems_meet(TokenKind::Cyrillic, &["возврат", "возврата", "возвратом"]);
    assert_ne!(
        stem("свет", TokenKind::Cyrillic),
        stem("счет", TokenKind::Cyrillic)
    );
}

#[test]
fn hyphenated_words_count_as_their_parts() {
    let library = parse_library(r#"{"version": 1, "templates": [
      {"id": "wheelchair", "lang": "ru", "category": "inquiry", "title": "Помощь в аэропорту",
       "body": "Мы бесплатно закажем кресло-коляску от стойки до борта."},
      {"id": "bags", "lang": "ru", "category": "inquiry", "title": "Багаж", "body": "Можно взять сумку до 8 кг."},
      {"id": "checkin", "lang": "en", "category": "support", "title": "Online check-in", "body": "It opens 30 hours before."},
      {"id": "seat", "lang": "en", "category": "order", "title": "Seats", "body": "Choose a seat in the app."}
    ]}"#).unwrap();
    let index = TemplateIndex::new(&library);
    let first = |text: &str| library.templates[index.rank(text, 1)[0].index].id.clone();
    assert_eq!(first("бабушке нужна коляска"), "wheelchair");
    assert_eq!(first("when can I check in"), "checkin");
}

/// A library whose templates never use the customer's words for the request: only expansions.txt links them.
fn expansion_library() -> Library {
    parse_library(r#"{"version": 1, "templates": [
      {"id": "en-damaged", "lang": "en", "category": "complaint", "title": "Item damaged in transit", "body": "Please send photos and we will replace it."},
      {"id": "en-missed", "lang": "en", "category": "complaint", "title": "Missed appointment", "body": "Our engineer did not arrive; we will rebook."},
      {"id": "en-sale", "lang": "en", "category": "campaign", "title": "Spring sale", "body": "20% off everything until Sunday."},
      {"id": "en-assistance", "lang": "en", "category": "inquiry", "title": "Assistance at the airport", "body": "We book a wheelchair to the gate."},
      {"id": "en-change", "lang": "en", "category": "order", "title": "Change a booking", "body": "Tell us the new date."},
      {"id": "en-address", "lang": "en", "category": "order", "title": "Delivery address", "body": "We can redirect the parcel."},
      {"id": "en-outage", "lang": "en", "category": "support", "title": "Power cut", "body": "Check the fuse box first."},
      {"id": "en-return", "lang": "en", "category": "order", "title": "Returns", "body": "Book a collection within 30 days."},
      {"id": "en-debt", "lang": "en", "category": "support", "title": "Help with debt", "body": "We can spread payments."},
      {"id": "ru-damaged", "lang": "ru", "category": "complaint", "title": "Товар повреждён", "body": "Пришлите фото, мы заменим."},
      {"id": "ru-missed", "lang": "ru", "category": "complaint", "title": "Мастер не пришёл", "body": "Запишем вас заново."},
      {"id": "ru-sale", "lang": "ru", "category": "campaign", "title": "Весенняя распродажа", "body": "Минус 20% на всё до воскресенья."},
      {"id": "ru-address", "lang": "ru", "category": "order", "title": "Адрес доставки", "body": "Курьер привезёт туда, куда скажете."},
      {"id": "ru-outage", "lang": "ru", "category": "support", "title": "Отключение электричества", "body": "Проверьте автоматы в щитке."},
      {"id": "ru-debt", "lang": "ru", "category": "support", "title": "Задолженность", "body": "Разобьём сумму на части."},
      {"id": "zh-damaged", "lang": "zh", "category": "complaint", "title": "商品损坏", "body": "请拍照发给我们，我们会补发。"},
      {"id": "zh-missed", "lang": "zh", "category": "complaint", "title": "师傅未按约上门", "body": "我们会重新安排。"},
      {"id": "zh-sale", "lang": "zh", "category": "campaign", "title": "春季促销", "body": "全场八折，周日截止。"},
      {"id": "zh-address", "lang": "zh", "category": "order", "title": "修改收货地址", "body": "快递员会按新的位置派送。"},
      {"id": "zh-invoice", "lang": "zh", "category": "inquiry", "title": "开具发票", "body": "企业客户可以开增值税票。"},
      {"id": "zh-outage", "lang": "zh", "category": "support", "title": "停电报修", "body": "请先检查配电箱。"},
      {"id": "en-clean", "lang": "en", "category": "complaint", "title": "Cleanliness of the club", "body": "The manager on duty will see to it today."},
      {"id": "ru-clean", "lang": "ru", "category": "complaint", "title": "Чистота в клубе", "body": "Дежурный менеджер разберётся сегодня."},
      {"id": "zh-clean", "lang": "zh", "category": "complaint", "title": "卫生问题", "body": "值班经理今天会处理。"}
    ]}"#).unwrap()
}

fn check_expansion(text: &str, expected: &str) {
    let library = expansion_library();
    let index = TemplateIndex::new(&library);
    let best = &index.rank(text, 1)[0];
    assert_eq!(
        library.templates[best.index].id, expected,
        "{text:?} matched {:?}",
        best.matched
    );
    // By a word, not by the category signal or the library's order alone.
    assert!(
        !best.matched.is_empty(),
        "{text:?} matched no word of {expected}"
    );
}

#[test]
fn expansions_link_everyday_requests_to_template_words() {
    // Blind-set misses (tests/corpora/suggest/blind, fix half, session 11), in words other than theirs.
    check_expansion("the lamp came cracked", "en-damaged");
    check_expansion("the fitter never showed", "en-missed");
    check_expansion("saw your advert, still on?", "en-sale");
    check_expansion("my dad can't walk far", "en-assistance");
    check_expansion("could I go a day earlier", "en-change");
    check_expansion("can you bring it to my office instead", "en-address");
    check_expansion("no electricity since this morning", "en-outage");
    check_expansion("I'd like to send it back", "en-return");
    check_expansion("I'm in arrears", "en-debt");
    check_expansion("на крышке вмятина", "ru-damaged");
    check_expansion("ждали весь день, никто не приехал", "ru-missed");
    check_expansion("видела рекламу, это ещё в силе?", "ru-sale");
    check_expansion("оставьте у соседки", "ru-address");
    check_expansion("с утра нет света", "ru-outage");
    check_expansion("как закрыть долг", "ru-debt");
    check_expansion("柜门有划痕", "zh-damaged");
    check_expansion("约好的今天，一直没人来", "zh-missed");
    check_expansion("现在有什么打折吗", "zh-sale");
    check_expansion("能寄到公司吗", "zh-address");
    check_expansion("家里突然没电了", "zh-outage");
    // Dev set, tuning half: "showers were freezing cold and the floor was dirty" went to freezing a membership
    // once "freeze" and "freezing" shared a stem; the dirt is what the customer complains of.
    check_expansion("the gym floor was filthy", "en-clean");
    check_expansion("в душевой воняет", "ru-clean");
    check_expansion("更衣室很脏", "zh-clean");
    // 公司 alone is a buyer, not an address: "a company purchase, can you issue a VAT invoice?"
    check_expansion("公司采购，能开专票吗", "zh-invoice");
}

#[test]
fn russian_need_and_other_match_nothing_alone() {
    // Once case endings are cut, "нужны" met a refund template's "нужно" and "другие" a payment template's
    // "другой способ" (dev set, tuning half, session 11): words of every request, not of one.
    let library = parse_library(r#"{"version": 1, "templates": [
      {"id": "refund-ru", "lang": "ru", "category": "order", "title": "Возврат отправлен", "body": "Банку нужно 3–5 дней."},
      {"id": "payment-ru", "lang": "ru", "category": "support", "title": "Оплата", "body": "Выберите другой способ оплаты."}
    ]}"#).unwrap();
    let index = TemplateIndex::new(&library);
    for text in ["очень нужны", "другие тоже", "нужен другой"] {
        assert!(
            index.rank(text, 2).iter().all(|s| s.matched.is_empty()),
            "{text:?} matched {:?}",
            index.rank(text, 2)
        );
    }
}
