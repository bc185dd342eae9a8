//! The tone checker's tests of `profanity`: forms, spellings and clean near misses in three languages.

use super::tests::*;
use super::*;

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
    swears("有人找你裸聊", Lang::Zh, &["裸聊"]);
    swears("这种迷奸的新闻", Lang::Zh, &["迷奸"]);
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
        "这款手机的个性奴隶般地追随潮流。",
        "用妻子的手机号登记也可以。",
    ] {
        clean(text, Lang::Zh);
    }
}

#[test]
fn latin_chinese_initials_are_not_profanity_in_english() {
    clean("Send the SB invoice and the TMD report.", Lang::En);
    swears("tmd，怎么还没到", Lang::Zh, &["tmd"]);
}

/// 他妈 as an intensifier is swearing; 他妈妈 ("his mother") and 其他妈妈 ("other mothers") are not.
#[test]
fn ta_ma_swears_but_his_mother_does_not() {
    swears(
        "抱歉，这破系统又他妈崩了，请再发一次。",
        Lang::Zh,
        &["他妈"],
    );
    clean("他妈妈已经收到包裹了。", Lang::Zh);
    clean("其他妈妈们也很喜欢这款奶粉。", Lang::Zh);
}

/// Session 14's probes: minced and mild swearing in a draft about a broken device, in three languages, and the
/// clinic's "bloody" that is not swearing.
#[test]
fn minced_oaths_and_the_clinics_bloody() {
    swears(
        "Sorry, the bloody printer ate your form again.",
        Lang::En,
        &["bloody"],
    );
    swears(
        "The effing app crashed, we are on it.",
        Lang::En,
        &["effing"],
    );
    swears("That sodding courier lost it.", Lang::En, &["sodding"]);
    swears("Эта грёбаная касса опять зависла.", Lang::Ru, &["грёбаная"]);
    swears(
        "Мы сами охренели от такой задержки.",
        Lang::Ru,
        &["охренели"],
    );
    swears("特么的系统又崩了，请稍后再试。", Lang::Zh, &["特么的"]);
    clean(
        "Some bloody discharge after the procedure is normal.",
        Lang::En,
    );
    clean(
        "Your nose may be bloody for a day; if your stool is bloody, call us.",
        Lang::En,
    );
    clean("A Bloody Mary is 8 pounds at the hotel bar.", Lang::En);
    clean("Гребной канал закрыт на ремонт.", Lang::Ru);
}
