//! The tone checker's tests: each rule kind, fixes, overrides, languages.

use super::*;

/// `(rule, matched text, fixed text)` for every finding.
fn check(text: &str, context: &ToneContext) -> Vec<(String, String, Option<String>)> {
    let report = check_tone(text, None, context, Lang::En);
    report
        .findings
        .iter()
        .map(|f| {
            let matched: String = text.chars().skip(f.start).take(f.end - f.start).collect();
            (
                f.rule.id().to_string(),
                matched,
                f.fix.as_ref().map(|fix| apply_fix(text, fix)),
            )
        })
        .collect()
}

fn plain() -> ToneContext {
    ToneContext::default()
}

fn one(rule: &str, matched: &str, fixed: Option<&str>) -> Vec<(String, String, Option<String>)> {
    vec![(
        rule.to_string(),
        matched.to_string(),
        fixed.map(str::to_string),
    )]
}

#[test]
fn word_lists_find_spans_and_offer_replacements() {
    assert_eq!(
        check("Thanks in advance for your reply.", &plain()),
        one(
            "pressure",
            "Thanks in advance",
            Some("Thank you for your reply.")
        )
    );
    assert_eq!(
        check("Заранее спасибо за ответ.", &plain()),
        one("pressure", "Заранее спасибо", Some("Спасибо за ответ."))
    );
    assert_eq!(
        check("I'll call u tomorrow.", &plain()),
        one("informal", "u", Some("I'll call you tomorrow."))
    );
    assert_eq!(check("这台狗屎机器坏了。", &plain())[0].0, "profanity");
}

#[test]
fn capitals_are_shouting_but_codes_and_acronyms_are_not() {
    assert_eq!(
        check("PLEASE CALL US BACK.", &plain()),
        one(
            "shouting",
            "PLEASE CALL US BACK",
            Some("Please call us back.")
        )
    );
    assert!(check(
        "Your PDF invoice for order KT-5521 is in the NHS app.",
        &plain()
    )
    .is_empty());
    assert!(check(
        "Reply STOP to unsubscribe from the “SUMMER SALE” list.",
        &plain()
    )
    .is_empty());
    assert!(check("Details are at https://EXAMPLE.COM/SALE today.", &plain()).is_empty());
}

#[test]
fn sloppiness() {
    assert_eq!(
        check("your parcel is on its way.", &plain()),
        one("sloppy", "your", Some("Your parcel is on its way."))
    );
    assert_eq!(
        check("We have have your form.", &plain()),
        one("sloppy", "have have", Some("We have your form."))
    );
    assert_eq!(
        check("Is it ready??", &plain()),
        one("sloppy", "??", Some("Is it ready?"))
    );
    assert_eq!(
        check("Done,thanks for waiting.", &plain()),
        one("sloppy", ",", Some("Done, thanks for waiting."))
    );
    assert_eq!(
        check("We will call you back tomorrow", &plain()),
        one(
            "sloppy",
            "tomorrow",
            Some("We will call you back tomorrow.")
        )
    );
    assert!(check(
        "Wait... it is ready, e.g. the blue one. See shop.example/blue.",
        &plain()
    )
    .is_empty());
    // A mark that closes a quotation may belong to the quote (found linting the default library).
    assert!(check("Нажмите «Забыли пароль?» и укажите почту.", &plain()).is_empty());
    assert!(check("Choose “Forgot password?” and enter your email.", &plain()).is_empty());
}

#[test]
fn exclamations() {
    assert_eq!(
        check("It is done!!!", &plain()),
        one("exclamation", "!!!", Some("It is done!"))
    );
    assert_eq!(
        check("Really?!", &plain()),
        one("exclamation", "?!", Some("Really?"))
    );
}

#[test]
fn context_rules_and_their_fixes() {
    let complaint = ToneContext {
        incoming: Some("My order arrived broken, unacceptable.".into()),
        ..plain()
    };
    let findings = check("A new one is on its way.", &complaint);
    assert_eq!(
        findings,
        one(
            "no_empathy",
            "A new one is on its way.",
            Some("I'm sorry about this. A new one is on its way.")
        )
    );
    assert!(check("Sorry about that, a new one is on its way.", &complaint).is_empty());
    let first = ToneContext {
        first_message: true,
        ..plain()
    };
    assert_eq!(check("Your order has shipped.", &first)[0].0, "no_greeting");
    assert!(check("Anna, your order has shipped.", &first).is_empty());
    let marketing = ToneContext {
        kind: MessageKind::Marketing,
        ..plain()
    };
    assert_eq!(
        check("New boots are in.", &marketing)[0].2.as_deref(),
        Some("New boots are in. Reply STOP to unsubscribe.")
    );
}

#[test]
fn config_switches_rules_off_changes_severity_and_adds_words() {
    let mut config = ToneConfig::default();
    config.disabled.push(Rule::Informal);
    config.severities.insert(Rule::Pressure, Severity::Error);
    config.extra_words.push(("profanity".into(), "dang".into()));
    let checker = ToneChecker::new(config);
    let report = checker.check("Dang, thx in advance.", None, &plain(), Lang::En);
    let rules: Vec<(Rule, Severity)> = report
        .findings
        .iter()
        .map(|f| (f.rule, f.severity))
        .collect();
    assert_eq!(
        rules,
        vec![
            (Rule::Profanity, Severity::Error),
            (Rule::Pressure, Severity::Error)
        ]
    );
}

#[test]
fn limits_and_placeholders() {
    let long = "This sentence is long enough. ".repeat(25);
    assert_eq!(check(&long, &plain())[0].0, "too_long");
    assert_eq!(
        check("Hello {{name}}, see you soon.", &plain()),
        one("unfilled_placeholder", "{{name}}", None)
    );
    assert_eq!(
        check("Congratulations 🎉🎂🎁🥳", &plain())[0].0,
        "emoji_overuse"
    );
}

#[test]
fn messages_come_in_the_agents_language() {
    let report = check_tone("Спасибо заранее.", None, &plain(), Lang::Ru);
    assert_eq!(report.lang, Lang::Ru);
    assert!(
        report.findings[0].message.contains("давит на клиента"),
        "{}",
        report.findings[0].message
    );
    let report = check_tone("Thanks in advance.", None, &plain(), Lang::Zh);
    assert!(report.findings[0].message.contains("施加压力"));
}

#[test]
fn every_rule_has_messages_in_every_language() {
    for rule in Rule::ALL {
        for lang in [Lang::En, Lang::Ru, Lang::Zh] {
            assert!(
                !rule_message(rule.id(), lang).0.is_empty(),
                "{} {:?}",
                rule.id(),
                lang
            );
        }
    }
}

/// Issue 14, written drafts (tests/corpora/tone_drafts): paraphrased pressure and blame, two changes of subject,
/// and the near misses that must stay clean (a commitment with a time limit, a polite "if you could").
#[test]
fn paraphrased_pressure_blame_and_topics() {
    let rules = |text: &str| -> Vec<String> {
        check(text, &plain())
            .into_iter()
            .map(|(rule, _, _)| rule)
            .collect()
    };
    for (text, rule) in [
        ("This price won't last, so I wouldn't wait.", "pressure"),
        ("Решение нужно принять сегодня, вечером слот уйдёт.", "pressure"),
        ("如果24小时内不付款，您的账户就会被冻结。", "pressure"),
        ("As you were told on the phone, the warranty ends in May.", "blame"),
        ("Как вам уже объясняли, гарантия закончилась.", "blame"),
        ("出现这个问题是因为您没有重启设备。", "blame"),
        (
            "Your order ships today. By the way, could you update your card? Also, would you like our newsletter?",
            "multi_topic",
        ),
    ] {
        assert!(rules(text).contains(&rule.to_string()), "{text}: {:?}", rules(text));
    }
    for text in [
        "We will call you back within the hour.",
        "Мы проверим это прямо сейчас.",
        "Если бы вы могли прислать фото, мы быстрее разберёмся.",
        "To fix it, please restart the app. Could you send a screenshot if it happens again?",
    ] {
        assert!(rules(text).is_empty(), "{text}: {:?}", rules(text));
    }
}

/// The swear words of a draft in `lang`: the text of every `profanity` finding.
fn swear_words(text: &str, lang: Lang) -> Vec<String> {
    check_tone(text, Some(lang), &plain(), Lang::En)
        .findings
        .iter()
        .filter(|f| f.rule == Rule::Profanity)
        .map(|f| text.chars().skip(f.start).take(f.end - f.start).collect())
        .collect()
}

fn swears(text: &str, lang: Lang, expected: &[&str]) {
    assert_eq!(swear_words(text, lang), expected, "{text}");
}

fn clean(text: &str, lang: Lang) {
    assert_eq!(swear_words(text, lang), Vec::<String>::new(), "{text}");
}

#[test]
fn english_swear_words_with_their_endings() {
    swears("Stop being so slutty.", Lang::En, &["slutty"]);
    swears("They were whoring around.", Lang::En, &["whoring"]);
    swears("What a bunch of wankers.", Lang::En, &["wankers"]);
    swears("That was bullshitted.", Lang::En, &["bullshitted"]);
    swears("Two turds in the box.", Lang::En, &["turds"]);
    swears("Morons, all of them.", Lang::En, &["Morons"]);
    swears("Look at these fagots.", Lang::En, &["fagots"]);
}

#[test]
fn english_swear_phrases_match_spaced_joined_hyphenated_and_across_punctuation() {
    swears("She gave him a blow job.", Lang::En, &["blow job"]);
    swears("She gave him a blowjob.", Lang::En, &["blowjob"]);
    swears("She gave him a blow-job.", Lang::En, &["blow-job"]);
    swears("Two blow jobs later.", Lang::En, &["blow jobs"]);
    swears("He is a son\nof a bitch.", Lang::En, &["son\nof a bitch"]);
    swears("Go and jerk-off.", Lang::En, &["jerk-off"]);
    swears("Watch the golden showers.", Lang::En, &["golden showers"]);
    swears(
        "A butt-plug and a strapon.",
        Lang::En,
        &["butt-plug", "strapon"],
    );
}

#[test]
fn english_masked_and_stretched_swear_words() {
    swears("You p*ssy.", Lang::En, &["p*ssy"]);
    swears("Nice pu55y.", Lang::En, &["pu55y"]);
    swears("Free p0rn here.", Lang::En, &["p0rn"]);
    swears("Fuuuuck this.", Lang::En, &["Fuuuuck"]);
    swears("Oh shiiit.", Lang::En, &["shiiit"]);
    swears("Such a biiitch.", Lang::En, &["biiitch"]);
}

#[test]
fn english_compounds_of_sexual_words() {
    swears("Stop being a cocktease.", Lang::En, &["cocktease"]);
    swears("You pussylover.", Lang::En, &["pussylover"]);
    swears("What a bumblefuck.", Lang::En, &["bumblefuck"]);
}

#[test]
fn english_clean_words_near_swear_words_are_not_profanity() {
    for text in [
        "Please assess the assassin's damage in the class assessment.",
        "Our assistant ordered a cocktail and peacock feathers for the cockpit.",
        "The shiitake title was in the Dickens analysis by the therapist.",
        "The ballboy felt a pinprick.",
        "Turducken is on the menu at Scunthorpe.",
        "He was niggardly with the budget; don't niggle over it.",
        "We are pegging the price to the dollar.",
        "She graduated magna cum laude and summa cum laude.",
        "Shares trade cum dividend until Friday.",
        "Our Maine Coon kittens are ready.",
        "That is the one chink in the armour, and a chink of light.",
        "The pussy willow is in bloom.",
        "Add cumin and spices to the cumulative order.",
        "The strap on the bag broke, please send the hooker valve.",
        "Our ferry goes to Lesbos.",
        "Please pick up yours at the counter.",
        "The helmet has a strap on each side.",
        "A sambo class starts at the gym on Monday.",
        "The golf foursome teed off at nine.",
        "Hello, the shell of the grape is thin.",
        "Your titter, tithe and title are fine.",
        "Sussex and Essex are in the sextant.",
    ] {
        clean(text, Lang::En);
    }
}

#[test]
fn russian_forms_and_clean_near_misses() {
    swears("Вот суках этих.", Lang::Ru, &["суках"]);
    swears("Да я не пизжу.", Lang::Ru, &["пизжу"]);
    swears("Кто спизжил заказ?", Lang::Ru, &["спизжил"]);
    swears("Этот педик опять.", Lang::Ru, &["педик"]);
    for text in [
        "Запишитесь на педикюр и маникюр.",
        "Не рубите сук, на котором сидите.",
        "Застрахуйте корабль, не оскорбляйте потребителя.",
        "Сукно и скипидар употреблять небольшими порциями.",
    ] {
        clean(text, Lang::Ru);
    }
}

#[test]
fn chinese_variants_homophones_and_taiwanese_swearing() {
    swears("幹你娘咧", Lang::Zh, &["幹你娘"]);
    swears("林北不爽", Lang::Zh, &["林北"]);
    swears("你這個賤種", Lang::Zh, &["賤種"]);
    swears("你真是白癡", Lang::Zh, &["白癡"]);
    swears("丟你老母", Lang::Zh, &["丟你老母"]);
    swears("你个sb", Lang::Zh, &["sb"]);
    swears("cnm，滚", Lang::Zh, &["cnm"]);
    swears("看a片", Lang::Zh, &["a片"]);
}

#[test]
fn chinese_clean_words_around_swear_words_are_not_profanity() {
    for text in [
        "我操作了一下，已经好了。",
        "明日你来取件就可以。",
        "我们在雲林北部有门店。",
        "您的店靠北京路吗？",
        "祝你全家幸福。",
        "我们会派人去你的住址取件。",
        "我妈妈的生日快到了。",
        "后妈的角色很难演。",
        "我草拟了一份合同。",
        "我靠近门口等您。",
        "废物回收站在楼下。",
        "他买了几把椅子。",
        "我奶奶的身体很好。",
        "过去死记硬背的方法不好。",
    ] {
        clean(text, Lang::Zh);
    }
}

#[test]
fn latin_chinese_initials_are_not_profanity_in_english() {
    clean("Send the SB invoice and the TMD report.", Lang::En);
    swears("tmd，怎么还没到", Lang::Zh, &["tmd"]);
}
