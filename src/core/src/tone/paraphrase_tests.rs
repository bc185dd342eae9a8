//! The tone checker's tests on paraphrases: written drafts, probes and the blind set's half A (issue 14).

use super::tests::*;
use super::*;

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

/// A threat written as a condition and a sanction, in any words (issue 14's written drafts); a sanction
/// without a condition is a notice, and an offer is no threat.
#[test]
fn conditional_threats_are_pressure() {
    for (text, lang) in [
        (
            "If we don't receive payment by Friday, your service will be suspended.",
            Lang::En,
        ),
        (
            "Your account will be suspended unless the invoice is paid today.",
            Lang::En,
        ),
        (
            "Если задолженность не будет погашена в течение суток, доступ к счёту будет ограничен.",
            Lang::Ru,
        ),
        ("如果24小时内还不结清欠款，您的账户将被冻结。", Lang::Zh),
        (
            "Please get back to me within the hour so we can lock this in for you.",
            Lang::En,
        ),
    ] {
        assert_eq!(rule_ids(text, lang), ["pressure"], "{text}");
    }
    for (text, lang) in [
        (
            "Access will be restricted during maintenance tonight.",
            Lang::En,
        ),
        (
            "If you don't need the booking any more, we'll cancel it for you.",
            Lang::En,
        ),
        (
            "If you have not received the code, your card will still work.",
            Lang::En,
        ),
        (
            "Доступ к счёту будет ограничен на время технических работ.",
            Lang::Ru,
        ),
        ("如果您不需要了，我们可以为您取消订单。", Lang::Zh),
        ("We'll call you back within the hour.", Lang::En),
        (
            "Если планы изменятся, бронь можно отменить бесплатно.",
            Lang::Ru,
        ),
        ("不需要的话，可以随时取消订阅。", Lang::Zh),
        ("方便的话，我们只能周五送货。", Lang::Zh),
    ] {
        assert!(rule_ids(text, lang).is_empty(), "{text}");
    }
}

/// Paraphrases probed in all three languages: a demand "right away" is pressure, the same words about what
/// we do are a promise; chat slang in Russian.
#[test]
fn right_away_is_pressure_only_when_asked_of_the_customer() {
    assert_eq!(rule_ids("马上给我们回复。", Lang::Zh), ["pressure"]);
    assert_eq!(rule_ids("请立刻付款。", Lang::Zh), ["pressure"]);
    assert!(rule_ids("我们马上为您处理。", Lang::Zh).is_empty());
    assert!(rule_ids("好的，我们立刻安排发货。", Lang::Zh).is_empty());
    // The subject left out, as Chinese leaves it: done for the customer is a promise.
    assert!(rule_ids("马上帮您查一下。", Lang::Zh).is_empty());
    assert!(rule_ids("收到，马上为您处理。", Lang::Zh).is_empty());
    assert!(rule_ids("请稍等，马上就好。", Lang::Zh).is_empty());
    assert!(rule_ids("立刻给您回电话。", Lang::Zh).is_empty());
    assert_eq!(rule_ids("请您马上付款。", Lang::Zh), ["pressure"]);
    assert_eq!(rule_ids("您马上给我们回复。", Lang::Zh), ["pressure"]);
    assert_eq!(
        rule_ids("Reply today or you'll lose the discount.", Lang::En),
        ["pressure"]
    );
    assert_eq!(
        rule_ids("Чё-то не вижу ваш платёж, скиньте скрин.", Lang::Ru),
        ["informal"]
    );
    assert!(rule_ids("Пришлите, пожалуйста, скриншот ошибки.", Lang::Ru).is_empty());
}

/// Probed paraphrases (session 10): single-brace and bracketed placeholders, deflected blame, deadlines and
/// scarcity in Russian; and the near misses beside them.
#[test]
fn placeholders_blame_and_deadlines_in_other_words() {
    assert_eq!(
        rule_ids("Здравствуйте, {name}! Ваш заказ готов.", Lang::Ru),
        ["unfilled_placeholder"]
    );
    assert_eq!(
        rule_ids("Your order [ORDER_ID] is ready.", Lang::En),
        ["unfilled_placeholder"]
    );
    assert!(rule_ids(
        "See our terms [1] and the note [sic] in the email.",
        Lang::En
    )
    .is_empty());
    assert!(rule_ids("You can pick any option in [Settings > Privacy].", Lang::En).is_empty());
    assert_eq!(
        rule_ids("Это не наша вина, вы сами выбрали не тот размер.", Lang::Ru),
        ["blame"]
    );
    assert!(rule_ids("Вы сами можете выбрать удобное время.", Lang::Ru).is_empty());
    assert_eq!(
        rule_ids("如果您看了邮件，就会知道店铺关门了。", Lang::Zh),
        ["blame"]
    );
    assert!(rule_ids("您明天就会知道结果。", Lang::Zh).is_empty());
    assert_eq!(
        rule_ids(
            "We really need the signed form from you today, no later.",
            Lang::En
        ),
        ["pressure"]
    );
    assert!(rule_ids("We'll deliver no later than Friday.", Lang::En).is_empty());
    assert_eq!(
        rule_ids(
            "Осталось всего 2 места — бронируйте сейчас, пока их не разобрали!",
            Lang::Ru
        ),
        ["pressure"]
    );
    assert!(rule_ids(
        "На следующей неделе есть 2 свободных места, если хотите.",
        Lang::Ru
    )
    .is_empty());
}

/// Session 10's probes: Russian fronts an object before `мы` without a comma ("Документы мы пришлём"), so
/// `noun мы verb` is no run-on; a message that ends with a code, requests of different
/// kinds in one message, and a troubleshooting message that stays one topic.
#[test]
fn run_ons_codes_and_topics() {
    assert!(rule_ids("Гарантийное письмо мы запросим сами.", Lang::Ru).is_empty());
    assert!(rule_ids("Спасибо за заказ, мы отправим его завтра.", Lang::Ru).is_empty());
    assert!(rule_ids(
        "Завтра мы отправим заказ, и вы получите трек-номер.",
        Lang::Ru
    )
    .is_empty());
    assert!(rule_ids(
        "Ваш заказ № 4521 отправлен. Трек-номер: RA123456789RU",
        Lang::Ru
    )
    .is_empty());
    assert!(rule_ids("您的订单4521已发货，快递单号：SF1234567890", Lang::Zh).is_empty());
    assert_eq!(
        rule_ids("您的订单4521已发货", Lang::Zh),
        ["sloppy"],
        "ends in a word, not a code"
    );
    assert_eq!(
        rule_ids("您好您的订单已经发货了请注意查收", Lang::Zh),
        ["sloppy"]
    );
    assert_eq!(
        rule_ids(
            "Ремонт готов. Подскажите, в какой день удобно забрать? Кстати, оцените наш сервис, и хотите ли подписаться на рассылку?",
            Lang::Ru
        ),
        ["multi_topic"]
    );
    assert_eq!(
        rule_ids(
            "Your parcel will arrive on Wednesday. Also, would you like to join our loyalty programme? And please rate your last visit to our café when you have a moment.",
            Lang::En
        ),
        ["multi_topic"]
    );
    assert!(rule_ids(
        "Which app version are you on? Also, when did the problem start? Could you send a screenshot?",
        Lang::En
    )
    .is_empty());
}

/// Session 11, blind drafts (half A): veiled pressure the lists missed, as families, not phrases: "for the
/// last time", "in anticipation of", "…now or your…", "I'd … if I were you", a threat of rejection, the end of
/// reminders, 后果自负; and a demand after 请/麻烦 is not a commitment even when "we" came earlier.
#[test]
fn veiled_pressure_families() {
    for (text, lang) in [
        (
            "I'm reminding you for the last time to sign the form.",
            Lang::En,
        ),
        ("Thank you in anticipation of a quick reply.", Lang::En),
        (
            "Pay the balance today or your booking goes to the next guest.",
            Lang::En,
        ),
        ("I'd sign up now if I were you.", Lang::En),
        (
            "Your refund request will be declined unless the receipt reaches us.",
            Lang::En,
        ),
        (
            "There will be no further reminders about this invoice.",
            Lang::En,
        ),
        (
            "Заявка будет отклонена, если вы не пришлёте фото.",
            Lang::Ru,
        ),
        ("Я бы на вашем месте оформил заказ сегодня.", Lang::Ru),
        ("Не хочется доводить дело до суда, оплатите счёт.", Lang::Ru),
        ("这是最后一次提醒，请周五前补交材料。", Lang::Zh),
        ("逾期未交，后果自负。", Lang::Zh),
        ("我们已经等了很久了，请马上回复。", Lang::Zh),
    ] {
        assert!(rule_ids(text, lang).contains(&"pressure"), "{text}");
    }
    for (text, lang) in [
        (
            "You can pay today or on Monday, whichever suits you.",
            Lang::En,
        ),
        (
            "We declined the charge because the card had expired.",
            Lang::En,
        ),
        (
            "If I were you, I'd keep the receipt for the warranty.",
            Lang::En,
        ),
        (
            "Заявка отклонена из-за технической ошибки, мы уже подали её заново.",
            Lang::Ru,
        ),
        ("我们马上为您处理。", Lang::Zh),
    ] {
        assert!(!rule_ids(text, lang).contains(&"pressure"), "{text}");
    }
}

/// Session 11: blame by sarcasm ("had you bothered", "what did you expect", «на что вы рассчитывали»,
/// 说了多少次).
#[test]
fn sarcastic_blame() {
    for (text, lang) in [
        (
            "If you had bothered to open the email, you would have the code.",
            Lang::En,
        ),
        ("What did you expect from the cheapest fare?", Lang::En),
        ("Вы не удосужились проверить адрес доставки.", Lang::Ru),
        ("На что вы рассчитывали, покупая уценённый товар?", Lang::Ru),
        ("我都说了多少次了，要先登录再下单。", Lang::Zh),
    ] {
        assert!(rule_ids(text, lang).contains(&"blame"), "{text}");
    }
    assert!(!rule_ids("Did the parcel arrive as you expected?", Lang::En).contains(&"blame"));
}

/// Session 11: acknowledgements in other words ("that shouldn't have happened", "that's on us", «нам
/// неловко», 给您添了麻烦) answer a complaint; a reply with facts only still does not.
#[test]
fn acknowledgements_in_other_words() {
    let complaint = |incoming: &str| ToneContext {
        incoming: Some(incoming.into()),
        incoming_category: Some(Category::Complaint),
        ..plain()
    };
    let en = complaint("My suitcase was lost and nobody called me back.");
    let ru = complaint("Чемодан потеряли, никто не перезвонил.");
    let zh = complaint("行李丢了，也没人回电话。");
    for (text, lang, context) in [
        (
            "That shouldn't have happened. The suitcase arrives tonight.",
            Lang::En,
            &en,
        ),
        (
            "Honestly, that's on us. A courier brings it tonight.",
            Lang::En,
            &en,
        ),
        (
            "What an awful start to a trip. The suitcase arrives tonight.",
            Lang::En,
            &en,
        ),
        (
            "Нам очень неловко. Курьер привезёт чемодан вечером.",
            Lang::Ru,
            &ru,
        ),
        (
            "Так никуда не годится. Чемодан привезут вечером.",
            Lang::Ru,
            &ru,
        ),
        ("这本来就不应该发生，行李今晚送到。", Lang::Zh, &zh),
        ("给您添了麻烦，行李今晚送到。", Lang::Zh, &zh),
    ] {
        let ids: Vec<_> = check_tone(text, Some(lang), context, Lang::En)
            .findings
            .iter()
            .map(|f| f.rule.id())
            .collect();
        assert!(!ids.contains(&"no_empathy"), "{text}: {ids:?}");
    }
    let facts = check_tone(
        "The suitcase arrives tonight.",
        Some(Lang::En),
        &en,
        Lang::En,
    );
    assert!(facts.findings.iter().any(|f| f.rule == Rule::NoEmpathy));
}

/// Session 11: one request is enough with two changes of subject; with none, two changes of subject and a
/// side topic; steps about one problem stay one topic.
#[test]
fn multi_topic_with_one_request_or_none() {
    for (text, lang) in [
        ("Your booking is confirmed. By the way, could you send a copy of your ID? Also, our spa is 20% off this week.", Lang::En),
        ("Заказ передан курьеру. Кстати, не забудьте оценить продавца, а ещё у нас скидки на аксессуары.", Lang::Ru),
        ("您的包裹已签收。另外，记得给我们评分；还有会员日下周开始。", Lang::Zh),
        ("The repair is done. While I have you, our new loyalty card is out, and we'd also love your feedback on the visit.", Lang::En),
    ] {
        assert_eq!(rule_ids(text, lang), ["multi_topic"], "{text}");
    }
    assert!(rule_ids(
        "Unplug the router, wait 30 seconds and plug it back in. If the light stays red, please send a photo.",
        Lang::En
    )
    .is_empty());
}

/// Session 17, blind7's readable half (drafts by another hand): sarcasm about the question, reminders counted,
/// "nobody checks", "because you … again", "not everyone reads them, but", regret to come, "you won't find another".
#[test]
fn blind7_readable_half_pressure_and_blame() {
    let blame = [
        ("Hi Lena, the certificate can't be issued because three of the quizzes were never attempted. The progress bar on your dashboard has shown 82% the whole time, so this really shouldn't come as a surprise.", Lang::En),
        ("Hello Ms Grant, the sofa didn't fit through the door because the doorway measurement we were given was 10 cm off. We did ask you to double-check it, twice. A return fee of £60 applies.", Lang::En),
        ("Hi Josh, the wheel is buckled again because it was ridden on a flat tyre, exactly like last time. We can true it once more, but there's only so much we can do if nobody checks the tyre pressure.", Lang::En),
        ("Hi Ben, the door code changed on the 1st, as announced in the newsletter and on the board by the lift. I appreciate not everyone reads those, but that is exactly where we post these things.", Lang::En),
        ("Сергей, предоплата не возвращается, потому что бронь отменили за два дня до заезда. Мы не можем отвечать за то, что договор никто не читает.", Lang::Ru),
        ("Елена, сертификат не выдан, потому что три домашних задания так и не были сданы. Прогресс в личном кабинете всё это время показывал 82 %, так что вопрос, честно говоря, немного странный.", Lang::Ru),
        ("Галина Петровна, диван не прошёл в дверь. Мы просили её перепроверить, причём дважды.", Lang::Ru),
        ("Артём, колесо снова восьмёркой, потому что вы опять ездили на спущенной камере, как и в прошлый раз.", Lang::Ru),
        ("同学你好，证书发不了是因为有三次作业一直没交。学习进度在个人中心一直显示82%，所以说实话，这个问题问得有点奇怪。", Lang::Zh),
        ("白先生，门禁密码1号就换了，群公告和电梯口都贴了通知。我知道不是每个人都爱看公告，但我们贴出来就是让大家看的。", Lang::Zh),
    ];
    for (text, lang) in blame {
        assert!(rule_ids(text, lang).contains(&"blame"), "{text}");
    }
    let pressure = [
        ("Hi Mrs Doyle, Bella's dental slot on Thursday is still unconfirmed. I'd rather not be the one explaining that to you later, so a yes from you today would really help.", Lang::En),
        ("Hi Mr Ford, your reservation for the 7-seater is unpaid. If the payment isn't in by tonight, we'll release the car, and I doubt you'll find another one in town.", Lang::En),
        ("Анна Сергеевна, мы, конечно, подождём, но если что-то случится, потом будет обидно, что столько тянули.", Lang::Ru),
        ("Роман, если оплата не поступит до вечера, мы бронь снимаем, и другой такой машины в городе вы, скорее всего, уже не найдёте.", Lang::Ru),
        ("周女士，今年七夕的订单比去年来得还快，红玫瑰周末前肯定就没了。到时候只能送张贺卡，想想也挺遗憾的。", Lang::Zh),
        ("冯先生，今晚之前不付款就自动取消，到时候全城估计都租不到第二辆了。", Lang::Zh),
    ];
    for (text, lang) in pressure {
        assert!(rule_ids(text, lang).contains(&"pressure"), "{text}");
    }
    // Near misses: a question welcomed, a reminder thanked, an apology for a repeat, our own regret, a refund
    // today after a late delivery (blind7's clean draft that "left … order … today" read as scarcity).
    for (text, lang) in [
        ("Good question, and it comes up a lot: the certificate appears once every quiz is attempted.", Lang::En),
        ("I'm sorry this happened again, just like last time, and we'll replace the wheel for free.", Lang::En),
        ("It's a shame the parcel was late, and I'm sorry; the refund is on its way.", Lang::En),
        ("Good afternoon Ms Reed, I'm checking with the kitchen how the trays were left out, and we will refund the vegetarian part of order CT-5521 in full today.", Lang::En),
        ("Нам очень жаль, что так вышло, мы вернём деньги сегодня.", Lang::Ru),
        ("很抱歉又出现了和上次一样的问题，我们马上给您换新的。", Lang::Zh),
    ] {
        let rules = rule_ids(text, lang);
        assert!(!rules.contains(&"blame") && !rules.contains(&"pressure"), "{text}: {rules:?}");
    }
}

/// Session 17 (probes written for the session): pressure in other shapes.
#[test]
fn pressure_by_holds_collectors_chasing_and_others_interest() {
    for (text, lang) in [
        ("We've held the room for you since Monday, and we can't do that indefinitely.", Lang::En),
        ("Three other couples have asked about this date, so I'd confirm sooner rather than later.", Lang::En),
        ("This is the third time we've had to chase this invoice.", Lang::En),
        ("Without payment by Friday, we'll have no option but to pass this to our recovery team.", Lang::En),
        ("Spaces are filling up fast and we can't guarantee yours beyond tomorrow.", Lang::En),
        ("Please understand that our patience has limits.", Lang::En),
        ("Мы держим для вас номер с понедельника, но бесконечно держать не можем.", Lang::Ru),
        ("С первого числа цена вырастет, и по этой цене больше не получится.", Lang::Ru),
        ("Эту дату уже спрашивали ещё три пары, так что я бы не откладывала подтверждение.", Lang::Ru),
        ("Без оплаты до пятницы нам придётся передать вопрос в отдел взыскания.", Lang::Ru),
        ("Это уже третий раз, когда мы напоминаем об этом счёте.", Lang::Ru),
        ("这间房我们从周一就给您留着了，不可能一直留下去。", Lang::Zh),
        ("下个月1号开始涨价，这个价格以后就没有了。", Lang::Zh),
        ("这个日期已经有三对新人在问了，建议您尽早定下来。", Lang::Zh),
        ("周五前还不付款的话，我们只能交给催收部门处理了。", Lang::Zh),
        ("这已经是我们第三次催这张账单了。", Lang::Zh),
    ] {
        assert!(rule_ids(text, lang).contains(&"pressure"), "{text}");
    }
    for (text, lang) in [
        ("The room is held until Friday at noon; after that it goes back on sale. Would you like me to extend it?", Lang::En),
        ("The new prices start on the 1st; anything booked before then keeps the current rate.", Lang::En),
        ("Other customers have asked about this too, and we're looking into it now.", Lang::En),
        ("Номер забронирован до пятницы до 12:00. Если нужно продлить бронь, напишите нам.", Lang::Ru),
        ("Спасибо за терпение, мы почти закончили.", Lang::Ru),
        ("房间为您保留到周五中午，如需延长请告诉我们。", Lang::Zh),
        ("这张账单的付款日期是3号，如果您已经付过了，请忽略这条消息。", Lang::Zh),
    ] {
        assert!(!rule_ids(text, lang).contains(&"pressure"), "{text}");
    }
}

/// Session 17 (probes written for the session): blame in passive and impersonal shapes.
#[test]
fn passive_and_impersonal_blame() {
    for (text, lang) in [
        ("Had the form been filled in properly, none of this would have happened.", Lang::En),
        ("If the card details had been up to date, the payment would not have failed.", Lang::En),
        ("Our records show the reminder was opened on Monday, so the missed appointment is on your side.", Lang::En),
        ("With respect, the damage looks like it was caused by the way the bike was stored.", Lang::En),
        ("The instructions were in the box, so the assembly issue comes down to the steps being skipped.", Lang::En),
        ("You chose standard delivery, so a five-day wait is what you paid for.", Lang::En),
        ("Если бы анкета была заполнена правильно, ничего этого бы не случилось.", Lang::Ru),
        ("Инструкция была в коробке, так что проблема со сборкой возникла из-за пропущенных шагов.", Lang::Ru),
        ("Мы дважды объясняли это по телефону, не знаю, что ещё мы могли сделать.", Lang::Ru),
        ("Проблема на вашей стороне, у нас всё работает.", Lang::Ru),
        ("从照片看，损坏是存放方式不当造成的。", Lang::Zh),
        ("盒子里有说明书，安装出问题是因为步骤没按顺序来。", Lang::Zh),
    ] {
        assert!(rule_ids(text, lang).contains(&"blame"), "{text}");
    }
    for (text, lang) in [
        // Our own slips and a third party's.
        ("Had our courier been on time, none of this would have happened. I'm sorry.", Lang::En),
        ("The damage was caused by the way the courier handled the box; we'll send a new one.", Lang::En),
        ("If we had checked the address properly, the parcel would not have been delayed.", Lang::En),
        ("Если бы мы проверили адрес вовремя, этого бы не случилось. Простите нас.", Lang::Ru),
        ("包装破损是快递运输不当造成的，我们马上给您补发。", Lang::Zh),
        // Information and help.
        ("We're on your side and will sort this out with the bank.", Lang::En),
        ("The instructions are in the box; if a step is unclear, send us a photo and we'll guide you through it.", Lang::En),
        ("Если проблема не решится, напишите нам, и мы проверим с нашей стороны.", Lang::Ru),
        ("如果没按说明书安装，可能会漏水，请您按步骤操作。", Lang::Zh),
    ] {
        assert!(!rule_ids(text, lang).contains(&"blame"), "{text}");
    }
}

/// Session 17 (probes written for the session): a change of subject announced as one ("by the way", "on another
/// note", кстати, отдельно, 顺便) after the first sentence and followed by a request starts a second topic; a
/// plain "also" / 另外 does when it opens its sentence and a side topic (feedback, membership, an offer) follows.
#[test]
fn multi_topic_announced_by_a_change_of_subject() {
    for (text, lang) in [
        ("Hi Sam, your refund of £24 has been sent to your card. By the way, we also have a new loyalty scheme, would you like me to sign you up?", Lang::En),
        ("Good morning, your order has shipped. On another note, we noticed your subscription payment failed last week, can you update your card?", Lang::En),
        ("Hi Lee, I've updated your delivery address. While I have you, would you like to add travel insurance to your booking?", Lang::En),
        ("Анна, добрый день! Запись перенесена на пятницу. Отдельно хотели спросить, не хотите ли оформить карту лояльности?", Lang::Ru),
        ("Здравствуйте, Ольга! Возврат оформлен. Кстати, у нас сейчас акция на зимние шины, хотите подобрать комплект?", Lang::Ru),
        ("您好，订单已经发货了。顺便问一下，您方便给我们写个评价吗？", Lang::Zh),
        ("您好，退款已经原路退回，3天内到账。另外，我们店现在有会员活动，要不要帮您开通一下？", Lang::Zh),
        // blind7's readable half: a review or a testimonial as the side topic, "a small favour" as the switch.
        ("Hi Sam, your mailbox key is ready at reception. Also, the invoice for October is still open, could you settle it this week? And if you have a minute, we'd love a Google review of the space.", Lang::En),
        ("Hi Nadia, the meeting room for Thursday is booked from 10 to 12. And a small favour: we're collecting testimonials for our website, would you write two lines about working here?", Lang::En),
    ] {
        assert_eq!(rule_ids(text, lang), ["multi_topic"], "{text}");
    }
    for (text, lang) in [
        // A real reply: "also" inside the request, about the same problem.
        ("Thanks for bringing this to our attention! Please also leave packing feedback here: https://t.co/PMiShxgPvp so we may improve.", Lang::En),
        // "Also" adding to the matter at hand, with no side topic.
        ("Sorry the app keeps closing. Also, could you tell us which version you have?", Lang::En),
        // A change of subject with nothing asked after it.
        ("Your refund has been sent. By the way, our shop is closed on Monday.", Lang::En),
        ("您好，退款已经原路退回。如果周五还没收到，请直接回复这条消息，我们帮您查。", Lang::Zh),
    ] {
        assert!(!rule_ids(text, lang).contains(&"multi_topic"), "{text}");
    }
}

/// "…right now, or…" in a question is a choice, not an ultimatum (a real reply: "are you trying to place an
/// order right now, or is this an ongoing issue?").
#[test]
fn a_choice_with_or_is_not_an_ultimatum() {
    assert!(!rule_ids(
        "Just to confirm, are you trying to place an order right now, or is this an ongoing issue?",
        Lang::En
    )
    .contains(&"pressure"));
    assert!(
        !rule_ids("It will be delivered today or the next day.", Lang::En).contains(&"pressure")
    );
}

/// An ultimatum's other branch with a sanction ("…, otherwise your service will be suspended", "…or your seat
/// will be released", «…, иначе бронь будет аннулирована», 否则订单将被取消) is `pressure` by structure, like a
/// negative condition; an "otherwise" or an "or" without a sanction is not.
#[test]
fn ultimatums_with_otherwise_or_else_are_pressure() {
    for (text, lang) in [
        (
            "Please settle the invoice by Friday, otherwise your service will be suspended.",
            Lang::En,
        ),
        (
            "Pay today or your seat will be released to the next person.",
            Lang::En,
        ),
        (
            "Confirm the booking, or else it will be cancelled tonight.",
            Lang::En,
        ),
        (
            "Оплатите бронь до пятницы, иначе она будет аннулирована.",
            Lang::Ru,
        ),
        (
            "Sign the form right now or the application is rejected.",
            Lang::En,
        ),
        ("请在周五前付款，否则订单将被取消。", Lang::Zh),
        ("今天之内确认，不然就取消您的预订。", Lang::Zh),
    ] {
        assert!(rule_ids(text, lang).contains(&"pressure"), "{text}");
    }
    for (text, lang) in [
        ("You can pay by card or by bank transfer.", Lang::En),
        ("Otherwise, everything is ready for your visit.", Lang::En),
        (
            "Please reply today or tomorrow, whichever suits you.",
            Lang::En,
        ),
        (
            "You can collect it now or the parcel is delivered on Monday.",
            Lang::En,
        ),
    ] {
        assert!(!rule_ids(text, lang).contains(&"pressure"), "{text}");
    }
}

/// Asserts each `(text, lang)` gets a finding of `rule`.
fn assert_fires(rule: &str, cases: &[(&str, Lang)]) {
    for (text, lang) in cases {
        assert!(
            rule_ids(text, *lang).contains(&rule),
            "{rule} expected: {text}"
        );
    }
}

/// Asserts no `(text, lang)` gets a `pressure` or `blame` finding.
fn assert_clean(cases: &[(&str, Lang)]) {
    for (text, lang) in cases {
        let ids = rule_ids(text, *lang);
        assert!(
            !ids.contains(&"pressure") && !ids.contains(&"blame"),
            "clean expected: {text}: {ids:?}"
        );
    }
}

/// Issue 14, session 12: social proof — a quantifier, a group of customers, a completed action — is pressure in
/// any words (`tests/corpora/tone_drafts/structures.jsonl`); the same group with a habit, an offer or a shared
/// problem is not.
#[test]
fn social_proof_is_pressure_by_structure() {
    assert_fires(
        "pressure",
        &[
            (
                "Most of our subscribers have already moved to the new plan.",
                Lang::En,
            ),
            (
                "Everybody else on the course managed to submit the essay on time.",
                Lang::En,
            ),
            (
                "Nearly all the parents had no trouble filling in the form.",
                Lang::En,
            ),
            (
                "Почти все пассажиры этого рейса уже прошли регистрацию онлайн.",
                Lang::Ru,
            ),
            (
                "Остальные жильцы давно сдали показания счётчиков.",
                Lang::Ru,
            ),
            ("其他车主都已经做完年检了。", Lang::Zh),
            ("大多数家长早就交齐了材料。", Lang::Zh),
        ],
    );
    assert_clean(&[
        (
            "Most customers find it easiest to pay in the app.",
            Lang::En,
        ),
        (
            "Other customers have already reported this outage, and we're on it.",
            Lang::En,
        ),
        (
            "All customers who have already paid will get a receipt by email.",
            Lang::En,
        ),
        (
            "Многие клиенты предпочитают оплачивать через приложение.",
            Lang::Ru,
        ),
        (
            "Другие клиенты уже сообщали об этом сбое, мы его исправляем.",
            Lang::Ru,
        ),
        ("其他用户也反映了这个问题，我们正在处理。", Lang::Zh),
        ("大部分客户选择线上办理，比较方便。", Lang::Zh),
    ]);
}

/// Guilt: our patience or our favours held over the customer ("we have been extremely understanding", "after
/// all the effort we put in"); thanks for the customer's patience, or a favour told as news, is not.
#[test]
fn guilt_is_pressure_by_structure() {
    assert_fires(
        "pressure",
        &[
            (
                "We've been extremely understanding about the late payments so far.",
                Lang::En,
            ),
            (
                "After all the effort we put into your case, this is disappointing.",
                Lang::En,
            ),
            (
                "Our team went out of our way for you on this order.",
                Lang::En,
            ),
            ("The least you can do is reply to our emails.", Lang::En),
            (
                "Мы были более чем терпеливы с этой задолженностью.",
                Lang::Ru,
            ),
            (
                "После всего, что мы ради вас сделали, такой отзыв обиден.",
                Lang::Ru,
            ),
            ("Мастер ради вас оставался после работы.", Lang::Ru),
            ("我们对您已经仁至义尽了。", Lang::Zh),
            ("为了您这件事我们跑了好几趟。", Lang::Zh),
        ],
    );
    assert_clean(&[
        (
            "Thank you for being so patient with us this week.",
            Lang::En,
        ),
        (
            "We've made an exception for you and extended the deadline.",
            Lang::En,
        ),
        ("Спасибо за ваше терпение и понимание.", Lang::Ru),
        ("Мы для вас подготовили подробную инструкцию.", Lang::Ru),
        ("感谢您的耐心，我们为您加急处理了。", Lang::Zh),
    ]);
}

/// Scarcity with a push to act now is pressure; scarcity stated as information or with an offer to hold one is
/// not.
#[test]
fn scarcity_with_a_push_is_pressure() {
    assert_fires(
        "pressure",
        &[
            (
                "Only a few seats remain on this flight, so book today.",
                Lang::En,
            ),
            ("These are almost gone, I'd order now.", Lang::En),
            ("Мест почти не осталось, записывайтесь сегодня.", Lang::Ru),
            ("Товар заканчивается, оформляйте заказ поскорее.", Lang::Ru),
            ("名额只剩三个了，您最好今天就报名。", Lang::Zh),
        ],
    );
    assert_clean(&[
        ("Only three seats are left on this flight today.", Lang::En),
        (
            "A few seats remain; I can reserve one now if you'd like.",
            Lang::En,
        ),
        (
            "Мест осталось немного, могу записать вас сегодня, если удобно.",
            Lang::Ru,
        ),
        ("名额还剩三个，需要的话我可以今天就帮您报名。", Lang::Zh),
    ]);
}

/// Veiled consequences: a loss named as a pity, a responsibility refused on a condition, a loss the customer
/// "wouldn't want"; a pity about what happened, or a responsibility we take, is not.
#[test]
fn veiled_consequences_are_pressure() {
    assert_fires(
        "pressure",
        &[
            (
                "It would be a pity to lose your discount over a signature.",
                Lang::En,
            ),
            (
                "We won't be liable should the goods be damaged in storage.",
                Lang::En,
            ),
            (
                "You don't want to end up paying the full fare, do you?",
                Lang::En,
            ),
            ("We'd hate to see your points expire over this.", Lang::En),
            (
                "I trust you'll understand that we need the payment today.",
                Lang::En,
            ),
            ("Было бы обидно, если бы скидка сгорела.", Lang::Ru),
            (
                "Мы не несём ответственность в случае повреждения груза при самовывозе.",
                Lang::Ru,
            ),
            (
                "Не хочется, чтобы ваша запись отменилась из-за мелочи.",
                Lang::Ru,
            ),
            ("万一超过期限，我们概不负责。", Lang::Zh),
            ("要是错过这次报名，那就太可惜了。", Lang::Zh),
        ],
    );
    assert_clean(&[
        (
            "It's a pity the delivery was late, and we've refunded the shipping.",
            Lang::En,
        ),
        (
            "We are responsible for the goods until they reach you.",
            Lang::En,
        ),
        (
            "If you don't want to receive these messages, reply STOP.",
            Lang::En,
        ),
        (
            "We'd hate to see you go! The feature isn't supported yet.",
            Lang::En,
        ),
        ("Очень жаль, что доставка задержалась.", Lang::Ru),
        (
            "Мы несём ответственность за груз до передачи вам.",
            Lang::Ru,
        ),
        ("很可惜这次没能准时送到，运费已经退给您了。", Lang::Zh),
    ]);
}

/// Condescension: "as plainly stated", a reminder of how many times it was said, "in black and white", "anyone
/// who opens…", "you evidently didn't read"; "as discussed", "as you mentioned twice" and "in case our email got
/// lost" carry no reproach.
#[test]
fn condescension_is_blame_by_structure() {
    assert_fires(
        "blame",
        &[
            (
                "As plainly stated in the contract, the fee is non-refundable.",
                Lang::En,
            ),
            ("I've explained this to you three times now.", Lang::En),
            (
                "It says in black and white on the receipt that the price is final.",
                Lang::En,
            ),
            (
                "Anyone who checks the booking page can see the hotel has no parking.",
                Lang::En,
            ),
            ("You apparently didn't open the attachment.", Lang::En),
            ("Как неоднократно говорилось, доставка платная.", Lang::Ru),
            (
                "Мы уже не раз напоминали, что офис закрыт по субботам.",
                Lang::Ru,
            ),
            ("Вы, похоже, не читали условия акции.", Lang::Ru),
            ("合同里明明写了不能退。", Lang::Zh),
            ("这个我已经提醒过您好几次了。", Lang::Zh),
            ("您根本没看我们发的通知。", Lang::Zh),
        ],
    );
    assert_clean(&[
        ("As discussed, the fee is waived for this order.", Lang::En),
        ("The issue you mentioned twice is now fixed.", Lang::En),
        (
            "In case our email got lost, here is the link again.",
            Lang::En,
        ),
        ("Как мы договорились, доставка за наш счёт.", Lang::Ru),
        ("合同里写了退款流程，我把那一页发给您。", Lang::Zh),
    ]);
}

/// A reproachful counterfactual about the customer ("If you had checked the size chart, it would have fit") is
/// blame; "if you had any trouble", "had we checked", «если бы вы могли» and a Chinese "if you update, it won't
/// happen" are not.
#[test]
fn reproachful_counterfactuals_are_blame() {
    assert_fires(
        "blame",
        &[
            (
                "If you had confirmed the address, the parcel would have arrived.",
                Lang::En,
            ),
            (
                "Had you called us first, we could have stopped the order.",
                Lang::En,
            ),
            (
                "Если бы вы заранее сообщили о переносе, мы бы не списали оплату.",
                Lang::Ru,
            ),
            (
                "Позвони вы нам вчера, всё можно было бы исправить.",
                Lang::Ru,
            ),
            ("当初要是按时保养，发动机也不会坏。", Lang::Zh),
        ],
    );
    assert_clean(&[
        (
            "If you had any trouble with the form, we'd be glad to help.",
            Lang::En,
        ),
        (
            "Had we checked the order, this would not have happened.",
            Lang::En,
        ),
        (
            "Если бы вы могли прислать фото, мы бы быстрее помогли.",
            Lang::Ru,
        ),
        ("如果您更新到最新版本，就不会再出现这个问题。", Lang::Zh),
    ]);
}

/// More shapes of the same structures (session 12): "many have already…", "only you are left", "you're putting
/// me in a difficult position", "再不…就…", "nobody else has complained", "next time, read…", «надо было
/// сразу…»; the near misses: "Many thanks, I've already booked your taxi", "Nobody else has access to your
/// account", "Next time you can check it in the app", «Всё уже оформили», 还不确定的话可以先取消.
#[test]
fn more_shapes_of_pressure_and_blame() {
    assert_fires(
        "pressure",
        &[
            (
                "Hundreds of guests have already booked this package.",
                Lang::En,
            ),
            (
                "You're putting me in a difficult position with my manager.",
                Lang::En,
            ),
            ("This room type is very popular, so book soon.", Lang::En),
            ("Многие уже воспользовались этим предложением.", Lang::Ru),
            (
                "Вы ставите нас в неловкое положение перед поставщиком.",
                Lang::Ru,
            ),
            ("Мне за это попадёт от руководства.", Lang::Ru),
            ("全班就差您还没交报名表了。", Lang::Zh),
            ("您再不付款，房间就给别人了。", Lang::Zh),
            ("已经有上百人报名了这个活动。", Lang::Zh),
            ("逾期未领取的话，我们概不负责。", Lang::Zh),
        ],
    );
    assert_fires(
        "blame",
        &[
            (
                "Nobody else has complained about the size of this jacket.",
                Lang::En,
            ),
            ("Next time, please read the product description.", Lang::En),
            (
                "Ни у кого больше таких проблем с приложением не возникало.",
                Lang::Ru,
            ),
            ("Надо было сразу проверить посылку при курьере.", Lang::Ru),
            ("在下单页面上标得清清楚楚。", Lang::Zh),
            ("下次请看清楚再下单。", Lang::Zh),
        ],
    );
    assert_clean(&[
        ("Many thanks, I've already booked your taxi.", Lang::En),
        ("Nobody else has access to your account.", Lang::En),
        ("Next time you can check the status in the app.", Lang::En),
        (
            "This is our most popular plan, and you can order it today at the same price.",
            Lang::En,
        ),
        ("Всё уже оформили, документы во вложении.", Lang::Ru),
        ("Нам нужно было сразу вам сообщить, простите.", Lang::Ru),
        ("还不确定的话，可以先取消，之后再订。", Lang::Zh),
        (
            "目前没有其他客户反映过这个问题，我们会单独为您排查。",
            Lang::Zh,
        ),
    ]);
}

/// Passive-aggressive reminders, reviews begged with guilt, favours counted, responsibility pushed
/// ("As per my last email", "the instructions were perfectly clear", "that's your responsibility", "our shop
/// depends on your review", «мы и так дважды переносили»); the near misses: "Once again, sorry for the wait",
/// "Is your problem solved?", "I trust you'll enjoy your stay", "Our email wasn't very clear, sorry".
#[test]
fn passive_aggressive_reminders_and_counted_favours() {
    assert_fires(
        "blame",
        &[
            (
                "As per my previous message, the voucher expired in March.",
                Lang::En,
            ),
            (
                "The instructions were perfectly clear about the charger.",
                Lang::En,
            ),
            (
                "Keeping your PIN secret is your responsibility, not ours.",
                Lang::En,
            ),
            ("To reiterate, the deposit is not refundable.", Lang::En),
            ("В памятке всё было предельно ясно изложено.", Lang::Ru),
            ("Сохранность пароля — это ваша ответственность.", Lang::Ru),
            ("这属于您个人的问题，我们无法处理。", Lang::Zh),
            ("是您操作不当导致的，我们没法退。", Lang::Zh),
        ],
    );
    assert_fires(
        "pressure",
        &[
            (
                "We've moved your appointment three times already.",
                Lang::En,
            ),
            (
                "A good review would help, our small team depends on it.",
                Lang::En,
            ),
            ("Мы и так дважды переносили вам срок оплаты.", Lang::Ru),
            ("Рассчитываем на вашу сознательность.", Lang::Ru),
            ("我们已经给您延期了两次。", Lang::Zh),
            ("麻烦给个好评，拜托了，我们小店全靠这个。", Lang::Zh),
            ("一切后果由您自己承担。", Lang::Zh),
        ],
    );
    assert_clean(&[
        ("Once again, sorry for the wait.", Lang::En),
        ("Is your problem solved now?", Lang::En),
        ("I trust you'll enjoy your stay with us.", Lang::En),
        ("Our email wasn't very clear, sorry about that.", Lang::En),
        ("Мы перенесли срок оплаты на 30 апреля.", Lang::Ru),
        ("我们已经为您延长了保修期。", Lang::Zh),
    ]);
}

/// Session 14's probes of the rules the blind drafts test least: chat slang, a first message that opens with a
/// verb or an adverb before a comma (not a name), and words stressed by capitals apart from each other.
#[test]
fn slang_openers_and_scattered_capitals() {
    assert_eq!(
        rule_ids("Да не парьтесь, всё пучком.", Lang::Ru),
        ["informal"]
    );
    assert_eq!(rule_ids("好滴，稍等一下下。", Lang::Zh), ["informal"]);
    let first = ToneContext {
        first_message: true,
        ..plain()
    };
    let ids = |text: &str| -> Vec<String> {
        check(text, &first)
            .into_iter()
            .map(|(rule, _, _)| rule)
            .collect()
    };
    assert_eq!(
        ids("Напоминаем, что ваша запись к стоматологу завтра в 10:00."),
        ["no_greeting"]
    );
    assert_eq!(
        ids("Unfortunately, the clinic is closed on Monday."),
        ["no_greeting"]
    );
    assert!(ids("Ирина, ваша запись подтверждена.").is_empty());
    assert!(ids("Anna, your booking is confirmed.").is_empty());
    let shouting = |text: &str, lang: Lang| -> Vec<(&'static str, Severity)> {
        check_tone(text, Some(lang), &plain(), Lang::En)
            .findings
            .iter()
            .filter(|f| f.rule == Rule::Shouting)
            .map(|f| (f.rule.id(), f.severity))
            .collect()
    };
    assert_eq!(
        shouting(
            "Your booking is CONFIRMED and PAID, no further action NEEDED.",
            Lang::En
        ),
        [
            ("shouting", Severity::Warning),
            ("shouting", Severity::Warning)
        ]
    );
    assert_eq!(
        shouting("Запись ПОДТВЕРЖДЕНА, приходите ЗАРАНЕЕ.", Lang::Ru),
        [
            ("shouting", Severity::Warning),
            ("shouting", Severity::Warning)
        ]
    );
    assert_eq!(
        shouting("Your booking is CONFIRMED.", Lang::En),
        [("shouting", Severity::Suggestion)]
    );
    assert!(shouting("Your XFINITY box and the LIDL card are ready.", Lang::En).is_empty());
    assert!(shouting("Договор с ООО «РОМАШКА» подписан.", Lang::Ru).is_empty());
}

/// Session 14's probes: a sanction in the infinitive after «придётся», a Chinese condition closed by 的话 with
/// "we can only" before the sanction; condescension with "clearly"; a fault owned in other words.
#[test]
fn threats_and_blame_in_more_words() {
    assert_eq!(
        rule_ids(
            "Если до пятницы не ответите, бронь придётся отменить.",
            Lang::Ru
        ),
        ["pressure"]
    );
    assert_eq!(
        rule_ids("周五之前不回复的话，我们只能取消您的预订。", Lang::Zh),
        ["pressure"]
    );
    assert_eq!(
        rule_ids(
            "It's clearly mentioned on the website that returns take 14 days.",
            Lang::En
        ),
        ["blame"]
    );
    assert_eq!(rule_ids("下单前就应该看清楚说明。", Lang::Zh), ["blame"]);
    let complaint = ToneContext {
        incoming_category: Some(Category::Complaint),
        ..plain()
    };
    assert!(check("这确实是我们的疏忽，今天给您退款。", &complaint).is_empty());
}

/// Session 14's probes: placeholders other templates leave (`%FIRST_NAME%`, `<name>`, 【客户姓名】, `___`, a name
/// left as XXX, a date mask), and what only looks like one; a promotion's code in capitals is not shouting.
#[test]
fn placeholders_of_other_template_languages() {
    for (text, lang) in [
        ("Hi %FIRST_NAME%, your order is ready.", Lang::En),
        ("Hi <name>, your order is ready.", Lang::En),
        ("【客户姓名】您好，您的订单已发货。", Lang::Zh),
        ("[订单号]已发货。", Lang::Zh),
        ("Здравствуйте, ___! Ваш заказ готов.", Lang::Ru),
        ("Уважаемый ХХХ, ваш заказ готов.", Lang::Ru),
        ("Your appointment is on DD/MM at 10:00.", Lang::En),
        ("Приходите ДД.ММ.ГГГГ к 10:00.", Lang::Ru),
    ] {
        assert_eq!(rule_ids(text, lang), ["unfilled_placeholder"], "{text}");
    }
    for (text, lang) in [
        ("【顺丰速运】您的快递已到达驿站。", Lang::Zh),
        ("Use the code <b>SPRING</b> at checkout.", Lang::En),
        ("Get 10% off, and 20% off the second item.", Lang::En),
        ("The lens is 50 mm wide.", Lang::En),
        ("Use code SPRING at checkout.", Lang::En),
    ] {
        assert!(rule_ids(text, lang).is_empty(), "{text}");
    }
    // Kisses at the end are lower case (informal, but no placeholder).
    assert!(
        !rule_ids("Thanks Kate, see you Friday xxx", Lang::En).contains(&"unfilled_placeholder")
    );
    assert_eq!(rule_ids("Oki doki, all sorted.", Lang::En), ["informal"]);
    assert_eq!(
        rule_ids("Оке, всё сделаем, не кипишуйте.", Lang::Ru),
        ["informal"]
    );
    assert_eq!(
        rule_ids("您的快递到了哟，记得去拿。", Lang::Zh),
        ["informal"]
    );
}

/// Session 14's clean probes: a button's label in quotes is not pressure, in three languages; the same word
/// outside quotes still is.
#[test]
fn a_pressing_button_label_in_quotes_is_not_pressure() {
    for (text, lang) in [
        (
            "您好！开通方法：打开APP，进入“套餐”，点击“立即开通”即可。",
            Lang::Zh,
        ),
        ("Откройте приложение и нажмите «Оплатить срочно».", Lang::Ru),
        (
            "Open the app and tap \"Pay urgently\" at the bottom.",
            Lang::En,
        ),
    ] {
        assert!(rule_ids(text, lang).is_empty(), "{text}");
    }
    assert_eq!(rule_ids("请立即开通套餐。", Lang::Zh), ["pressure"]);
}

/// Session 15, the third blind set's half A: an opt-out offered in other words ("would you rather not hear
/// about offers like this?", «если такие сообщения вам не нужны», 如果不想再收到) is an opt-out, and a first
/// message that opens with a title and a surname or a full name before a comma is addressed by name.
#[test]
fn opt_outs_in_other_words_and_names_with_titles() {
    let marketing = ToneContext {
        kind: MessageKind::Marketing,
        ..plain()
    };
    for (text, lang) in [
        (
            "Members get a free bag of treats this month. Would you rather not hear about offers like this? Just let us know and we won't message you again.",
            Lang::En,
        ),
        (
            "New lenses are 20% off this week. If you no longer wish to get our offers, tell us.",
            Lang::En,
        ),
        (
            "В декабре — бесплатные занятия по субботам. Если такие сообщения вам не нужны, ответьте «нет», и мы больше не будем писать.",
            Lang::Ru,
        ),
        (
            "十二月起会员周末可免费带一位朋友来健身。如果不想再收到此类信息，回复“不用了”即可，我们不会再打扰您。",
            Lang::Zh,
        ),
    ] {
        let ids = rule_ids_in(text, lang, &marketing);
        assert!(ids.is_empty(), "{text}: {ids:?}");
    }
    for (text, lang) in [
        ("Members get a free bag of treats this month.", Lang::En),
        ("В декабре — бесплатные занятия по субботам.", Lang::Ru),
        ("十二月起会员周末可免费带一位朋友来健身。", Lang::Zh),
    ] {
        assert_eq!(
            rule_ids_in(text, lang, &marketing),
            ["no_opt_out"],
            "{text}"
        );
    }
    let first = ToneContext {
        first_message: true,
        ..plain()
    };
    for (text, lang) in [
        (
            "Ms Adeyemi, this is Brightview Opticians: your new lenses have arrived.",
            Lang::En,
        ),
        ("Dr. Li, your test results are ready.", Lang::En),
        ("Anna Petrova, your parcel is at the locker.", Lang::En),
        ("Ольга Викторовна, ваши очки готовы.", Lang::Ru),
    ] {
        let ids = rule_ids_in(text, lang, &first);
        assert!(!ids.contains(&"no_greeting"), "{text}: {ids:?}");
    }
    for (text, lang) in [
        ("Your Order Has Shipped!", Lang::En),
        ("Unfortunately, your order is late.", Lang::En),
        ("Напоминаем, что приём завтра.", Lang::Ru),
        ("Your lenses have arrived, Ms Adeyemi.", Lang::En),
    ] {
        let ids = rule_ids_in(text, lang, &first);
        assert!(ids.contains(&"no_greeting"), "{text}: {ids:?}");
    }
}

/// Session 15, the third blind set's half A: blame as a reminder of what the customer was told or sent ("even
/// though the checklist we sent you says…", 上次就跟您说过…您不听) and a push to sign up tonight (您看是不是现在就办了).
#[test]
fn reminders_of_what_was_sent_are_blame() {
    assert_fires(
        "blame",
        &[
            (
                "The move took longer because nothing was packed, even though the checklist we sent you says everything must be boxed.",
                Lang::En,
            ),
            ("Despite being reminded twice, the form was not signed.", Lang::En),
            ("我上次就跟您说过了，路由器不能放在柜子里，您不听。", Lang::Zh),
        ],
    );
    assert_fires(
        "pressure",
        &[("今晚十二点一过就恢复原价，您看是不是现在就办了？", Lang::Zh)],
    );
    assert_clean(&[
        (
            "Even though the parcel was late, we have refunded the delivery fee.",
            Lang::En,
        ),
        ("我跟您说过的那个方案已经批下来了。", Lang::Zh),
        ("活动12月31日结束，之后恢复原价。", Lang::Zh),
    ]);
}

/// Session 15, the third blind set's half A: a message that ends with a time or a short number still needs its
/// full stop (a tracking number or an order code does not: `run_ons_codes_and_topics`).
#[test]
fn a_time_at_the_end_needs_a_full_stop() {
    assert_fires(
        "sloppy",
        &[
            (
                "Здравствуйте, ваши очки готовы, их можно забрать в салоне до 20:00",
                Lang::Ru,
            ),
            (
                "Hello Anna, your glasses are ready to collect after 14:30",
                Lang::En,
            ),
            ("Hi, the total for the two lenses comes to 240", Lang::En),
        ],
    );
    assert!(!rule_ids("Your parcel locker code is 48213", Lang::En).contains(&"sloppy"));
    assert!(!rule_ids("Your booking reference is AB12C", Lang::En).contains(&"sloppy"));
}

/// Session 15, clean probes shaped like the public sample: the keyword a marketing message asks to send back is
/// no shouting ("reply NO", «ответьте НЕТ»), but "reply NOW" still is stress; more opt-outs in other words.
#[test]
fn reply_keywords_and_more_opt_outs() {
    for (text, lang) in [
        (
            "You can stop these updates any time by replying NO.",
            Lang::En,
        ),
        (
            "To stop getting these messages, just send us OFF.",
            Lang::En,
        ),
        ("Если не хотите получать новости, ответьте НЕТ.", Lang::Ru),
    ] {
        assert!(!rule_ids(text, lang).contains(&"shouting"), "{text}");
    }
    assert!(rule_ids("Please reply NOW to keep your booking.", Lang::En).contains(&"shouting"));
    let marketing = ToneContext {
        kind: MessageKind::Marketing,
        ..plain()
    };
    for (text, lang) in [
        (
            "Our coworking space hosts a free breakfast on Friday. Don't want these invitations? Just say so and we'll remove your number.",
            Lang::En,
        ),
        ("本周六店内镜架八折。如不希望再收到优惠信息，回复“否”即可。", Lang::Zh),
        ("新款沙发已经到店。不想收到我们的消息？回复这条信息，我们会把您的号码移出名单。", Lang::Zh),
    ] {
        let ids = rule_ids_in(text, lang, &marketing);
        assert!(ids.is_empty(), "{text}: {ids:?}");
    }
}

/// Session 15, probes shaped like the public sample: a field's label in square brackets is a placeholder left
/// unfilled (`[Customer Name]`, `[date]`, `[Имя]`), a note in brackets, a footnote or a Markdown link's text is not; blame
/// by "although we had told you" («хотя мы уже говорили»).
#[test]
fn square_bracket_placeholders_and_reminders_of_warnings() {
    assert_fires(
        "unfilled_placeholder",
        &[
            (
                "Hello [Customer Name], your booking is confirmed for [date].",
                Lang::En,
            ),
            ("Hi [FIRST_NAME], your order has shipped.", Lang::En),
            ("Здравствуйте, [Имя]! Ваш заказ готов.", Lang::Ru),
        ],
    );
    for text in [
        "The form says \"recieved\" [sic], we will fix it.",
        "See our opening hours [1].",
        "Book here: [date and time](https://example.com/book).",
    ] {
        assert!(
            !rule_ids(text, Lang::En).contains(&"unfilled_placeholder"),
            "{text}"
        );
    }
    assert_fires(
        "blame",
        &[(
            "Аптека не выдала лекарство, потому что вы прислали старый рецепт, хотя мы уже говорили, что он просрочен.",
            Lang::Ru,
        )],
    );
}

/// Session 16: acknowledgements that real agent replies use (make eval's `no_empathy` findings on twcs replies):
/// sorrow and concern in other words, "that doesn't seem right", a wish to put it right, thanks for reporting it.
/// A bare offer to help is still no acknowledgement.
#[test]
fn acknowledgements_real_replies_use() {
    let en = ToneContext {
        incoming: Some("Found plastic in my burrito bowl, disgusted".into()),
        incoming_category: Some(Category::Complaint),
        ..plain()
    };
    let no_empathy = |text: &str| {
        check_tone(text, Some(Lang::En), &en, Lang::En)
            .findings
            .iter()
            .any(|f| f.rule == Rule::NoEmpathy)
    };
    for text in [
        "I'm very saddened to hear this. Please DM us the store and the time of your visit.",
        "That's concerning. Please tell us more through the link in our profile.",
        "Uh oh! Please DM us the store and the time of your visit.",
        "That doesn't seem right! Please tell us which store you visited.",
        "We never want you to feel this way. Please DM us the details.",
        "We'd like to make this right. Please DM us the details.",
        "Thanks for letting us know. Please DM us the store and the time of your visit.",
    ] {
        assert!(!no_empathy(text), "{text}");
    }
    for text in [
        "We're here to help! Send us a DM with your email address.",
        "Concerning your visit, please DM us the store and the time.",
    ] {
        assert!(no_empathy(text), "{text}");
    }
}

/// Session 16, blind4's half A: Russian document acronyms of five letters are names, not shouting; a Chinese
/// opt-out that says "reply 取消 to stop receiving" is an opt-out.
#[test]
fn document_acronyms_and_chinese_stop_receiving() {
    assert_clean(&[(
        "Для доверенности нужны паспорт, СНИЛС и ИНН. Полис ОСАГО можно показать в приложении.",
        Lang::Ru,
    )]);
    let marketing = ToneContext {
        kind: MessageKind::Marketing,
        ..plain()
    };
    for text in [
        "您好，冬季大衣干洗8.5折，12月有效。回复“取消”即可停止接收优惠信息。",
        "本周会员日全场9折，如需停止接收此类短信请回复取消。",
    ] {
        let report = check_tone(text, Some(Lang::Zh), &marketing, Lang::En);
        assert!(
            !report.findings.iter().any(|f| f.rule == Rule::NoOptOut),
            "{text}: {:?}",
            report.findings
        );
    }
    // Still shouting: a Russian word in capitals that stresses.
    assert_fires("shouting", &[("Оплатите ЗАРАНЕЕ, пожалуйста.", Lang::Ru)]);
}

/// Session 16, blind5's half A: two requests on different kinds of topic with one change of subject are several
/// topics (a contract, then rating a trainer and a card update); steps about one problem with "also" stay one.
#[test]
fn two_requests_a_switch_and_a_side_topic() {
    assert_fires(
        "multi_topic",
        &[(
            "Пришлите, пожалуйста, фото паспорта для договора. Ещё оцените, пожалуйста, работу тренера в приложении.",
            Lang::Ru,
        )],
    );
    assert_clean(&[(
        "Which app version do you have? Also, could you send a screenshot of the error?",
        Lang::En,
    )]);
}

/// Session 16, blind5's half A: an opt-out line closing a marketing text needs no full stop, like a sign-off.
#[test]
fn an_opt_out_footer_needs_no_full_stop() {
    let marketing = ToneContext {
        kind: MessageKind::Marketing,
        ..plain()
    };
    for (text, lang) in [
        ("【速洁干洗】新店开业，羽绒服清洗59元/件，地址：望京西路18号。感谢您的支持！回T退订", Lang::Zh),
        ("Winter coats cleaned for £9 until 20 December at our Hill Street shop. Reply STOP to opt out", Lang::En),
    ] {
        let report = check_tone(text, Some(lang), &marketing, Lang::En);
        assert!(report.findings.is_empty(), "{text}: {:?}", report.findings);
    }
    // A sentence that is not an opt-out still needs its full stop, and so does a service message's last
    // sentence that only contains an opt-out word.
    assert_fires(
        "sloppy",
        &[
            (
                "Winter coats are cleaned for £9 until 20 December at our Hill Street shop",
                Lang::En,
            ),
            (
                "Your coat is ready. Feel free to stop by any time before Friday",
                Lang::En,
            ),
        ],
    );
}

/// Session 16, blind6's half A: a counterfactual on what the customer sent, a comparison with what people
/// usually do, and a slot lost on a negative condition.
#[test]
fn counterfactual_sends_usual_people_and_lost_slots() {
    assert_fires(
        "blame",
        &[
            (
                "Had you sent a readable copy the first time, none of this would have happened.",
                Lang::En,
            ),
            (
                "Обычно люди всё-таки берегут технику после ремонта.",
                Lang::Ru,
            ),
            ("正常人都会先看一下说明书。", Lang::Zh),
        ],
    );
    assert_fires(
        "pressure",
        &[("您今天不定的话这周末肯定排不上。", Lang::Zh)],
    );
    assert_clean(&[
        ("Обычно клиенты получают заказ за два дня.", Lang::Ru),
        ("如果您这周不方便的话，下周也可以约。", Lang::Zh),
        (
            "周末的档期基本约满了，如果需要的话我可以帮您看看下周。",
            Lang::Zh,
        ),
    ]);
}

/// Session 16, blind6's half A: Russian «что» / «чтобы» opening a clause takes a comma; as part of a conjunction
/// or a pronoun after a preposition it does not.
#[test]
fn a_comma_before_chto() {
    assert_fires(
        "sloppy",
        &[
            (
                "Здравствуйте, Николай напоминаем что завтра занятие в 8:00.",
                Lang::Ru,
            ),
            (
                "Пришлите фото, чтобы мы проверили. Уточните что именно сломалось.",
                Lang::Ru,
            ),
        ],
    );
    assert_clean(&[
        ("Напоминаем, что завтра занятие в 8:00.", Lang::Ru),
        ("Мы перезвоним, потому что линия сейчас занята.", Lang::Ru),
        ("Спасибо за то, что дождались ответа.", Lang::Ru),
        ("Приходите пораньше, чтобы успеть переодеться.", Lang::Ru),
        ("Не за что, обращайтесь.", Lang::Ru),
        (
            "Пришлите что-нибудь из документов: паспорт или права.",
            Lang::Ru,
        ),
        (
            "Простите, что мастер не пришёл, тем более что вы ждали дома.",
            Lang::Ru,
        ),
    ]);
}

/// Session 16 probes: blame in forms other hands wrote — a deflection, a reminder counted or warned of, a fault put
/// on what the customer entered, a change made "yourself"; the same words as help or with an apology are clean.
#[test]
fn deflections_warnings_and_faults_in_what_the_customer_entered() {
    assert_fires(
        "blame",
        &[
            ("It's not our fault that the parcel was returned; nobody was at home.", Lang::En),
            ("We did send you three reminders about this payment.", Lang::En),
            ("We can only work with what you gave us, and the address you entered was incomplete.", Lang::En),
            ("Unfortunately the delay was caused by the wrong card details you provided.", Lang::En),
            ("The problem started after you changed the settings yourself.", Lang::En),
            ("Мы вас предупреждали о комиссии при подписании договора.", Lang::Ru),
            ("我们之前已经提醒过您三次了。", Lang::Zh),
        ],
    );
    assert_clean(&[
        ("Please check that the address you entered is complete, including the flat number.", Lang::En),
        ("If the card details you entered were incorrect, the payment page will tell you at once.", Lang::En),
        ("You can change the settings yourself in the app under Profile.", Lang::En),
        ("We're sorry: the delay was caused by the wrong postcode on our label.", Lang::En),
        ("Мы вас предупредим за день до визита мастера.", Lang::Ru),
        ("我们会提前一天提醒您。", Lang::Zh),
    ]);
}
