use super::*;

fn check(text: &str, expected: &str) {
    let c = classify(text);
    let got = format!(
        "{} {} {} {}",
        c.lang.code(),
        c.category.code(),
        c.sentiment.code(),
        if c.urgent { "urgent" } else { "-" }
    );
    assert_eq!(got, expected, "{text} (scores {:?})", c.scores);
}

#[test]
fn english() {
    check(
        "My parcel arrived smashed and nobody answers the phone. Never ordering again.",
        "en complaint negative -",
    );
    check(
        "The app keeps logging me out after the update",
        "en support neutral -",
    );
    check(
        "Can you tell me where my package is? Tracking hasn't moved in 3 days",
        "en order neutral -",
    );
    check("Is the spring sale still running?", "en campaign neutral -");
    check("Do you deliver on Sundays?", "en inquiry neutral -");
    check("Cheers, that's sorted then 👍", "en other positive -");
    check(
        "I need this fixed ASAP, the card was charged twice!!",
        "en complaint negative urgent",
    );
}

#[test]
fn russian() {
    check(
        "Курьер опять опоздал на два часа, это уже третий раз!",
        "ru complaint negative -",
    );
    check(
        "Не могу войти в личный кабинет, пишет неверный пароль",
        "ru support neutral -",
    );
    check(
        "Подскажите, когда отправят мой заказ?",
        "ru order neutral -",
    );
    check(
        "А промокод на первую покупку ещё действует?",
        "ru campaign neutral -",
    );
    check("Сколько стоит чистка зубов?", "ru inquiry neutral -");
    check("Спасибо большое!", "ru other positive -");
    check(
        "Срочно перезвоните, посылка пришла разбитая",
        "ru complaint negative urgent",
    );
}

#[test]
fn chinese() {
    check("收到的杯子碎了，太失望了", "zh complaint negative -");
    check("密码忘了，怎么重置？", "zh support neutral -");
    check("我的快递到哪了", "zh order neutral -");
    check("双十一有什么优惠活动吗", "zh campaign neutral -");
    check("周末营业吗？", "zh inquiry neutral -");
    check("好的，谢谢", "zh other positive -");
    check("订单一直没发货，赶紧给我处理", "zh order neutral urgent");
}

fn check_sentiment(text: &str, expected: &str) {
    let c = classify(text);
    assert_eq!(
        c.sentiment.code(),
        expected,
        "{text} (scores {:?})",
        c.scores
    );
}

#[test]
fn chinese_negation_has_a_scope_and_double_negation_cancels() {
    // Real reviews (issue: Chinese sentiment on real reviews).
    check_sentiment("不喜欢这个口味", "negative");
    check_sentiment("餐也没收到！真心差", "negative");
    check_sentiment("不太好吃", "negative");
    check_sentiment("东西不怎么样", "negative");
    check_sentiment("价格不贵，味道不错", "positive");
    // Double negation: 不得不, 没有不.
    check_sentiment("不得不说很好吃", "positive");
    check_sentiment("没有不满意的地方", "positive");
    assert_ne!(classify("没有不满意的地方").category, Category::Complaint);
    // Words that start with a negator's character but negate nothing.
    check_sentiment("非常满意", "positive");
    check_sentiment("没想到这么好吃", "positive");
    check_sentiment("不仅好吃而且便宜", "positive");
    check_sentiment("不错的好评", "positive");
    // Worse than expected outweighs the good word it compares.
    check_sentiment("没想象中好吃", "negative");
    check_sentiment(
        "这个酒店唯一的优点就是位置好，离地铁很近，很方便",
        "negative",
    );
}

#[test]
fn chinese_star_verdicts_and_mild_praise() {
    check_sentiment("顶多一星，浪费时间", "negative");
    check_sentiment("给两星吧", "negative");
    check_sentiment("力荐！", "positive");
    check_sentiment("做工精致", "positive");
    check_sentiment("运行很流畅", "positive");
    check_sentiment("还行吧，没什么大毛病", "positive");
    // Negated, they turn around.
    check_sentiment("不流畅", "negative");
}

#[test]
fn a_chinese_mafan_opening_a_request_is_please() {
    // Customer requests (written messages of other businesses).
    check_sentiment("麻烦开一下上周住宿的发票，公司报销要用", "neutral");
    check_sentiment("你好，麻烦帮我查一下订单", "neutral");
    // The bother itself is a complaint.
    check_sentiment("用不惯这个系统，要自己重装，麻烦。", "negative");
    check_sentiment("退货手续太麻烦了", "negative");
    check_sentiment("麻烦死了", "negative");
}

#[test]
fn a_chinese_rhetorical_question_turns_praise_around() {
    check_sentiment("难道这也叫好吃？", "negative");
    check_sentiment("这也叫好吃", "positive");
}

#[test]
fn chinese_delivery_and_service_complaints_are_negative() {
    check_sentiment("少送了一份饮料", "negative");
    check_sentiment("送错了", "negative");
    check_sentiment("骑手态度差", "negative");
    check_sentiment("味道很一般", "negative");
    check_sentiment("包装很好，只是味道一般", "negative");
    check_sentiment("翻译太烂，糟蹋了一本好书", "negative");
}

#[test]
fn a_cue_inside_a_longer_cue_of_another_category_is_read_as_part_of_it() {
    // Free delivery is a promotion, not a delivery; "do you deliver" a question, not an order.
    check(
        "is free shipping on orders over 50 still a thing",
        "en campaign neutral -",
    );
    check(
        "Бесплатная доставка на диваны тоже действует?",
        "ru campaign neutral -",
    );
    check("这周包邮的活动家具也参加吗", "zh campaign neutral -");
    check("Вы доставляете в пригород?", "ru inquiry neutral -");
    check("do you deliver to the airport", "en inquiry neutral -");
}

#[test]
fn russian_stems_do_not_reach_other_words() {
    // баг* is not багаж (luggage), завис* not зависит (depends), вылет* not a flight's departure.
    check(
        "Сколько стоит провоз багажа до 20 кг?",
        "ru inquiry neutral -",
    );
    check("От чего зависит цена перелёта?", "ru inquiry neutral -");
    check("Во сколько вылет рейса на Сочи?", "ru inquiry neutral -");
    check("Приложение зависает при оплате", "ru support neutral -");
    check(
        "В приложении баг: не сохраняется адрес",
        "ru support neutral -",
    );
    // A course's certificate is not a gift certificate.
    check("После курса выдаёте сертификат?", "ru inquiry neutral -");
    check(
        "Хочу подарочный сертификат на 5000",
        "ru campaign neutral -",
    );
}

#[test]
fn a_question_needs_no_question_mark() {
    check("does the room have a balcony", "en inquiry neutral -");
    check("is parking included in the price", "en inquiry neutral -");
    check("открыты ли вы первого января", "ru inquiry neutral -");
    check("可以带宠物入住不", "zh inquiry neutral -");
    check("一晚上多少", "zh inquiry neutral -");
}

#[test]
fn a_status_question_is_an_order_even_while_waiting() {
    check(
        "Заказ до сих пор в статусе «обрабатывается», когда отправите?",
        "ru order neutral -",
    );
    check("昨天下单的衣服什么时候能到", "zh order neutral -");
    check("我点的外卖到了没", "zh order neutral -");
    check(
        "need a refund for the seat I didn't use, booking ref 7QK2",
        "en order neutral -",
    );
    check("Нужно поменять даты, бронь 55KX", "ru order neutral -");
}

#[test]
fn technical_faults_in_customers_words_are_support() {
    check(
        "the app wont let me change my photo",
        "en support neutral -",
    );
    check(
        "payment page just says something went wrong",
        "en support negative -",
    );
    check(
        "my card keeps getting declined at the pump",
        "en support neutral -",
    );
    check("Карта не проходит на кассе", "ru support neutral -");
    check("При оплате пишет ошибка 403", "ru support neutral -");
    check("支付的时候一直提示失败", "zh support neutral -");
    check("小程序里选不了日期", "zh support neutral -");
}

#[test]
fn promotions_in_customers_words_are_campaign() {
    check("any discounts for pensioners", "en campaign neutral -");
    check("Как работают мили за перелёты?", "ru campaign neutral -");
    check("邀请好友有什么奖励", "zh campaign neutral -");
    check("新人首单能减多少", "zh campaign neutral -");
}

#[test]
fn spoiled_or_short_deliveries_are_complaints() {
    check(
        "the tulips came wilted and half of them broken",
        "en complaint negative -",
    );
    check(
        "Пакет пришёл разорванный, половина рассыпалась",
        "ru complaint negative -",
    );
    check("花都蔫了，还少了一半", "zh complaint negative -");
    check("快递盒破了，东西撒了一地", "zh complaint negative -");
    check(
        "paid 300 for nothing, the noise is back",
        "en complaint negative -",
    );
}

#[test]
fn public_complaints_to_a_company_are_complaints() {
    // How customers write to a company in public (issue 14, real requests): verdicts on the service,
    // money taken, goods that never came, time lost on the phone, the same failure over and over.
    check(
        "totally unprofessional, the driver cancelled and still charged me for it",
        "en complaint negative -",
    );
    check(
        "been on hold for 40 minutes, poor customer service",
        "en complaint negative -",
    );
    check(
        "my parcel is a week late and still hasn't been delivered",
        "en complaint negative -",
    );
    check(
        "you lost my bag on the flight to Boston",
        "en complaint negative -",
    );
    check(
        "Internet down again, 5th time this month",
        "en complaint negative -",
    );
    check(
        "your service sucks and nobody cares",
        "en complaint negative -",
    );
    check(
        "they refused to refund the ticket",
        "en complaint negative -",
    );
    check(
        "why is the bus always late? not the first time",
        "en complaint negative -",
    );
    check(
        "I was charged for a plan I never signed up for",
        "en complaint negative -",
    );
}

#[test]
fn services_and_devices_in_public_requests_are_support() {
    // The connection, the phone, the console: a fault stays support without a verdict on the company.
    check(
        "my internet keeps dropping since this morning",
        "en support neutral -",
    );
    check("the app is down", "en support neutral -");
    check(
        "my iphone battery drains since the update",
        "en support neutral -",
    );
    check(
        "the tv remote won't connect to the box",
        "en support neutral -",
    );
    // A phone number asked for is still a question, a device named in a shop's question too; a stolen phone
    // is no reproach to the company.
    check("what is your phone number?", "en inquiry neutral -");
    check(
        "do you sell cases for the iphone 15 in black?",
        "en inquiry neutral -",
    );
    check("Есть зарядка для macbook air?", "ru inquiry neutral -");
    check("Этот кабель подойдёт к iphone 15?", "ru inquiry neutral -");
    check(
        "my xbox won't update since yesterday",
        "en support neutral -",
    );
    // An annoyed word about a tool is no verdict on the company: a technical problem stays support.
    check(
        "how do I get this stupid app to accept my card",
        "en support negative -",
    );
    assert_ne!(
        classify("my phone got stolen, please block the sim").category,
        Category::Complaint
    );
}

#[test]
fn a_chinese_but_is_a_word_not_a_character() {
    let contrasted = |text: &str| classify(text).contrasted;
    // 可是, 但是, and 就是 / 不过 opening a clause weigh the clause after them more …
    assert!(contrasted("味道不错，就是送得太慢了"));
    assert!(contrasted("东西很好，可是太贵了"));
    assert!(contrasted("包装很好，不过味道一般"));
    assert!(contrasted("包装很好，只是味道一般"));
    assert!(contrasted("包装很好，然而味道一般"));
    // … 可以, 可能, 再好不过 and 这就是 do not.
    assert!(!contrasted("质量很好，可以推荐"));
    assert!(!contrasted("味道再好不过，很满意"));
    assert!(!contrasted("很满意，这就是我想要的"));
    assert!(!contrasted("很满意，我只是想问一下"));
    check("味道不错，就是送得太慢了", "zh complaint negative -");
}

#[test]
fn frustration_makes_a_complaint_win_over_its_topic() {
    // Issue 14, real requests (session 12): being tired of it, a demand that the company fix itself, a recurring
    // problem, a rhetorical "why is your …", a verdict hashtag: a complaint about the app, the delivery or the
    // connection, not a support request or a status question.
    check(
        "really needs to fix this update, my phone has never been slower",
        "en complaint negative -",
    );
    check(
        "please spend time and money on your app. Constant issues with it.",
        "en complaint negative -",
    );
    check(
        "my download speeds keep dropping every evening, getting very tired of this",
        "en complaint negative -",
    );
    check(
        "why is your express delivery not arriving until next week?",
        "en complaint negative -",
    );
    check(
        "no internet for the whole evening #comcastsucks",
        "en complaint negative -",
    );
    check(
        "whoever designed the new checkout page grinds my gears",
        "en complaint negative -",
    );
    check(
        "your company needs to have a phone number for customer service",
        "en complaint negative -",
    );
    check(
        "y'all need to start checking these drivers",
        "en complaint negative -",
    );
    // Not every "why" reproaches, nor every "stupid": a question stays a question.
    check(
        "why do your exchange rates change at the weekend?",
        "en inquiry neutral -",
    );
    check(
        "sorry if this is a dumb question, do you ship to Canada?",
        "en inquiry neutral -",
    );
    check(
        "why do you need to know my date of birth?",
        "en inquiry neutral -",
    );
    // "I'm broke" is about the customer's money, not a broken product.
    // (Its sentiment may stay negative: being broke is a bad state of the customer's.)
    let c = classify("can you give me a discount on the pizza, I'm broke");
    assert_eq!(c.category, Category::Campaign, "{:?}", c.scores);
}

#[test]
fn chinese_review_words_of_shops_hotels_and_takeaways() {
    // Issue 14, session 13 (tests/corpora/sentiment/zh_reviews_written.tsv, tune half): praise and faults in
    // the words of review pages, sarcasm, a broken promise.
    check_sentiment("屏幕显示细腻，玩游戏不卡", "positive");
    check_sentiment("前台小姐姐帮忙升级了房型，很贴心", "positive");
    check_sentiment("电池很耐用", "positive");
    check_sentiment("性价比很高，这个价位没有对手", "positive");
    check_sentiment("不发热，推荐购买", "positive");
    check_sentiment("前台态度冷漠，办入住等了四十分钟", "negative");
    check_sentiment("外观还行，但是续航太拉胯了", "negative");
    check_sentiment("车厘子好多软的，还有裂口", "negative");
    check_sentiment("呵呵，这也好意思卖九百九", "negative");
    check_sentiment("说好的大果，结果和鸡蛋一样大", "negative");
    check_sentiment("试听课很好，正式课就换了个老师，水平差很多", "neutral");
    // Near misses: the same words denied, or asked about.
    check_sentiment("电池不耐用", "negative");
    check_sentiment("信号不稳定", "negative");
    check_sentiment("不控油，第二天就油了", "negative");
    check_sentiment("这个刺激吗", "neutral");
    check_sentiment("请问是正品吗", "neutral");
}

#[test]
fn a_chinese_negation_reaches_over_filler_words_only() {
    // 没有什么, 没那么, 没有任何: a denied fault is mild praise (session 13, written reviews).
    check_sentiment("静音，没有什么噪音", "positive");
    check_sentiment("头发没那么毛躁了，给五星", "positive");
    check_sentiment("不枯燥，听着不困", "positive");
    check_sentiment("用了半年了，没出过问题", "positive");
    // Other words between make a clause of their own: 没用就坏了 praises nothing.
    check_sentiment("没用几天就坏了", "negative");
    check_sentiment("没过两天屏幕就失灵了", "negative");
    let negated = |text: &str| classify(text).negated;
    assert!(negated("不难吃"));
    assert!(negated("玩游戏不卡"));
    assert!(negated("没有什么噪音"));
    assert!(!negated("很好吃"));
    assert!(!negated("不错，很好吃"));
    // A denied fault, not a denied praise (session 17).
    let fault_denied = |text: &str| classify(text).fault_denied;
    assert!(fault_denied("没失望，跟店里吃的一样"));
    assert!(fault_denied("包装很严实，一个坏的都没有"));
    assert!(fault_denied("not bad at all"));
    assert!(!fault_denied("不喜欢这个口味"));
    assert!(!fault_denied("not happy with it"));
    assert!(!fault_denied("没用几天就坏了"));
}

#[test]
fn a_bit_makes_a_fault_small() {
    // 有点, 稍微: a four-star review with a small reservation (session 13, written reviews).
    check_sentiment("还不错，就是安装材料费有点贵", "positive");
    check_sentiment("味道不错，就是稍微有点慢", "positive");
    // Without "a bit" the clause after the "but" counts.
    check_sentiment("还不错，就是安装材料费太贵了", "negative");
    check_sentiment("有点失望", "negative");
}

#[test]
fn a_chinese_mediocre_closing_its_clause_is_a_verdict() {
    // 一般 closing a clause is "mediocre" (session 13, written reviews: 拍照一般，夜景全是噪点).
    check_sentiment("拍照一般，夜景全是噪点", "negative");
    check_sentiment("房间一般吧", "negative");
    check_sentiment("服务还行，设施一般。", "negative");
    // … not 一般 going on into its clause ("usually", "ordinary"), nor 不一般 ("extraordinary").
    check_sentiment("一般几天能到", "neutral");
    check_sentiment("这不是一般的酒店", "neutral");
    check_sentiment("味道不一般", "positive");
}

#[test]
fn help_desk_requests_about_the_account_are_support() {
    check(
        "i never got the confirmation email after registering",
        "en support neutral -",
    );
    check(
        "can u change my email from jen.k@yahoo.com to jen.kowalski@gmail.com",
        "en support neutral -",
    );
    check("is changing my username possible?", "en support neutral -");
    check("want to edit my personal info", "en support neutral -");
    check(
        "the reset code never arrives on my phone",
        "en support neutral -",
    );
}

#[test]
fn a_question_about_the_service_in_general_is_an_inquiry() {
    // Policies, delivery options and times, fees: the order words name the service, not the customer's order.
    check("what is your refund policy", "en inquiry neutral -");
    check("do you refund sale items", "en inquiry neutral -");
    check("whats the return policy", "en inquiry neutral -");
    check("is there express shipping", "en inquiry neutral -");
    check("can i choose a delivery time slot", "en inquiry neutral -");
    check("how long does delivery take", "en inquiry neutral -");
    check(
        "how many days for shipping to canada",
        "en inquiry neutral -",
    );
    check("whats the estimated delivery time", "en inquiry neutral -");
    check("is cash on delivery possible", "en inquiry neutral -");
    check("will i be charged if i cancel", "en inquiry neutral -");
    check(
        "if i cancel my booking do i lose my deposit",
        "en inquiry neutral -",
    );
    // Chat spellings are read as their words: "do u deliver" is "do you deliver".
    check("do u deliver on saturdays", "en inquiry neutral -");
    // The customer's own order is still an order.
    check(
        "when will my order arrive, its number 20931",
        "en order neutral -",
    );
}

#[test]
fn buying_and_the_orders_papers_are_an_order() {
    check(
        "i want to buy the red jacket in size 10",
        "en order neutral -",
    );
    check("help me buy the 55 inch tv pls", "en order neutral -");
    check(
        "Is it possible to redirect my package?",
        "en order neutral -",
    );
    check("where can i download my invoice", "en order neutral -");
    check(
        "need copies of my invoices from last year",
        "en order neutral -",
    );
}

#[test]
fn the_customers_own_slip_is_no_complaint() {
    assert_eq!(
        classify("I ordered the wrong size, can I cancel it before it ships?").category,
        Category::Order
    );
    check(
        "i paid twice by mistake, can i get one refunded",
        "en order neutral -",
    );
    assert!(classify("i paid twice by mistake").own_mistake);
    // The business's mistake still is, and so is a reproach after one's own slip.
    check(
        "you charged me twice for one order",
        "en complaint negative -",
    );
    check(
        "i ordered the wrong size by mistake and your staff were rude about it",
        "en complaint negative -",
    );
}

#[test]
fn a_wish_to_reach_a_person_or_leave_a_review_is_other() {
    check(
        "is there an actual person i can chat to",
        "en other neutral -",
    );
    check(
        "can someone call me back, my number is 07700 900123",
        "en other neutral -",
    );
    check("how do i leave feedback", "en other neutral -");
    check(
        "Where do I post a review of the seller?",
        "en other neutral -",
    );
    // With a verdict it is a complaint.
    check(
        "your bot is useless, let me talk to a real person",
        "en complaint negative -",
    );
}

#[test]
fn marketing_and_codes_are_campaign_and_spoiled_goods_a_complaint() {
    check("opt out of marketing pls", "en campaign neutral -");
    check("my discount code isnt working", "en campaign neutral -");
    check(
        "my parcel was left in the rain and everything is soaked",
        "en complaint negative -",
    );
}

#[test]
fn weak_complaint_cues_in_praise_or_thanks_are_no_complaint() {
    // Real customer tweets a reply's `no_empathy` was judged against (session 16): "once again", "every time"
    // and "late" are weak cues, and the message around them thanks or praises.
    check(
        "Thank you so much once again for the kind words",
        "en other positive -",
    );
    check(
        "The crew were amazing, so kind and helpful. Wish they were my crew every time I fly!",
        "en other positive -",
    );
    check_sentiment("The crew were nothing short of amazing", "positive");
    check_sentiment("not only fast but friendly too", "positive");
    check_sentiment("not amazing at all", "negative");
    // A weak cue without praise, or a strong one beside it, is still a complaint.
    check(
        "late again, third time this month",
        "en complaint negative -",
    );
    check(
        "Thanks for nothing, the parcel arrived broken",
        "en complaint negative -",
    );
    check("good but late", "en complaint negative -");
}

#[test]
fn help_desk_policy_questions_reviews_and_money_taken() {
    // Session 16, the blind help-desk set's tuning half (tests/corpora/categories/requests_blind.tsv).
    // How returns, delivery and fees work is information, even with an order named.
    check_category(
        "could you tell me your return rules for opened electronics",
        "inquiry",
    );
    check_category("will i be charged if i cancel order 66012", "inquiry");
    check_category("is next day delivery possible to a PO box", "inquiry");
    // A wish to review is neither a question for information nor a fault.
    check_category(
        "where can i leave a review for the blender i bought",
        "other",
    );
    check_category("how do i rate the product", "other");
    // Money taken although the payment failed is a complaint; the customer's own wrong pick is not.
    check_category(
        "checkout showed an error but 89 pounds left my bank account anyway",
        "complaint",
    );
    check_category(
        "please cancel order #BX-2093, ordered the wrong size",
        "order",
    );
    check_category("where can i manage my email preferences", "campaign");
    check_category(
        "your chatbot has no idea what its doing, get me a human now",
        "complaint",
    );
}

fn check_category(text: &str, expected: &str) {
    let c = classify(text);
    assert_eq!(
        c.category.code(),
        expected,
        "{text} (scores {:?})",
        c.scores
    );
}

#[test]
fn chinese_none_of_them_and_buying_again() {
    // 一…都没有 denies what stands between (session 16, written reviews): no fault, no complaint.
    check_sentiment("一点异味也没有", "positive");
    assert_ne!(
        classify("包装很严实，一个坏的都没有").category,
        Category::Complaint
    );
    // Without 一 before it, 都没有 says nobody did something: still a complaint.
    check_sentiment("坏的都没有人管", "negative");
    // Buying again is praise; "the second time" of a fault is still a complaint.
    check("第二次买了，品质稳定", "zh other positive -");
    check_category("这是第二次了，又送错了", "complaint");
}

#[test]
fn misspellings_greetings_and_questions_about_the_service() {
    // Session 16, the third blind help-desk set's tuning half: keyboard-noisy requests.
    check_category("plz delet my acount and all my data", "support");
    check_category("whats ur refund polcy on opend items", "inquiry");
    // A greeting is no praise.
    check(
        "Good morning, could you tell me your opening hours?",
        "en inquiry neutral -",
    );
    // Whether the money comes back is a question; wanting it back is a complaint.
    check_category(
        "if they dont fit, do i get my money back or just store credit?",
        "inquiry",
    );
    check_category("I want my money back", "complaint");
    // A question that does not speak of the customer's own order asks how the service works.
    check_category("weekend delivery an option?", "inquiry");
    check_category("customer service reachable after 6pm?", "inquiry");
    check_category("when will my parcel arrive?", "order");
}

#[test]
fn question_frames_count_once_and_accounts_are_support() {
    // Session 18, the help-desk sets' tuning halves: a question's frames ("is it possible", "possible to") do
    // not pile up over the topic the question is about.
    check_category("is it possible to close my account permanently", "support");
    check_category("how to sign up", "support");
    check_category(
        "is it possible to register with my phone number instead of an email",
        "support",
    );
    check_category(
        "could you tell me which setting changes my profile picture",
        "support",
    );
    check_category("can you help me switch accounts", "support");
    // A shipping address set up is an order matter.
    check_category("I need to set up a new shipping address", "order");
    // Signing up for a class is a question about the service; frames alone still make an inquiry.
    check_category("can i sign up for the evening pottery class?", "inquiry");
    check_category("is it possible to pay in two instalments?", "inquiry");
    // Many frames and no topic: still one question.
    check_category("can i ask, is there any way to know which one?", "inquiry");
}

#[test]
fn a_technical_fault_without_a_reproach_is_support() {
    // Session 18: a fault word in a clear technical matter is a problem to fix (the labelling conventions).
    check_category(
        "forgot my password, the reset email never came through",
        "support",
    );
    check_category(
        "the activation link in your email already expired, what now",
        "support",
    );
    check_category("the sign up page is broken on my phone", "support");
    // With a reproach it is a complaint, and a fault in goods stays one.
    check_category(
        "the login page is broken again, this is ridiculous, sort it out",
        "complaint",
    );
    check_category("my order arrived broken", "complaint");
}

#[test]
fn promo_codes_contacts_failed_payments_and_returns() {
    // Session 18: a promotion's code written out names a promotion, even with a fault word.
    check_category("the code AUTUMN25 says invalid at checkout", "campaign");
    check_category(
        "voucher XMAS10 says expired but the email said it runs till friday",
        "campaign",
    );
    // A promotion named by a word alone keeps its fault: a complaint.
    check_category("the coupon expired before i could even use it", "complaint");
    // Other codes are not promotions: an error's, a parcel's, a postal one.
    assert_ne!(
        classify("the app shows error code AB12 at checkout").category,
        Category::Campaign
    );
    assert_ne!(
        classify("tracking code RR123456789CN says delivered but nothing came").category,
        Category::Campaign
    );
    assert_ne!(
        classify("post code SW1A 1AA is not accepted").category,
        Category::Campaign
    );
    // A verification code is digits only: still a technical matter.
    check_category("the code 482913 never arrived by sms", "support");
    // A contact for complaints is contact information.
    check_category(
        "what is the email for your complaints department?",
        "inquiry",
    );
    check_category("cant find a contact number anywhere on the site", "inquiry");
    // A payment that fails is support; goods sent back are an order matter.
    check_category("payment failed but the order says pending", "support");
    check_category(
        "i sent the jacket back last week, any news on the money?",
        "order",
    );
    // Sent to a wrong address is a complaint; a wrong address on the order is a detail to correct.
    check_category("you sent my parcel to the wrong address again", "complaint");
    check_category("wrong address on my order pls fix", "order");
    // Anger at inaction is a reproach, whatever the topic.
    check_category(
        "my account was hacked and you did nothing about it",
        "complaint",
    );
}

#[test]
fn policy_contacts_and_accounts_in_russian_and_chinese() {
    // Session 18, probes: the English rules' Russian and Chinese counterparts.
    check_category("можно ли вернуть товар без чека?", "inquiry");
    check_category("сколько стоит доставка в Казань?", "inquiry");
    check_category("как связаться с поддержкой по телефону", "inquiry");
    check_category("как поменять номер телефона в профиле", "support");
    check_category("没有小票可以退货吗", "inquiry");
    check_category("怎么修改绑定的手机号", "support");
    check_category("收到的杯子是碎的", "complaint");
    // From the blind Russian and Chinese help-desk sets' tuning halves (session 18).
    check_category("как зарегаться плз", "support");
    check_category("где сменить почту в аккаунте", "support");
    check_category("передумал, можно отменить?", "order");
    check_category(
        "можно ли заменить размер в уже оформленном заказе?",
        "order",
    );
    check_category("наличными курьеру можно оплатить?", "inquiry");
    // Another colour sent, or an item missing, is still the shop's fault.
    check_category("прислали другой цвет", "complaint");
    check_category("в заказе не было вилки", "complaint");
    check_category("деньги списали два раза за один заказ", "complaint");
    check_category("как оставить отзыв о товаре?", "other");
    check_category("昵称在哪里改", "support");
    check_category("用什么快递发货", "inquiry");
    check_category("能自提吗", "inquiry");
    check_category("拍多了一件，能退一件的钱吗", "order");
    // An order's own delivery is still an order matter.
    check_category("где мой заказ 4471823, когда доставка?", "order");
    check_category("我的订单到哪了", "order");
}

#[test]
fn corrections_status_and_policy_before_buying() {
    // Session 18: a detail to correct with the right value is an order matter, not a reproach.
    check_category(
        "wrong address on my order, please change it to 22 Mill Lane",
        "order",
    );
    check_category("the invoice is missing my VAT number", "order");
    // "Still waiting" alone is a status question; with a reproach it is a complaint.
    check_category("still waiting for my refund from last month", "order");
    check_category(
        "still waiting for my refund, this is a disgrace",
        "complaint",
    );
    // Returns asked about before buying are the shop's policy.
    check_category("can i return something without the receipt", "inquiry");
    check_category(
        "before i buy the lamp, what happens if it doesnt fit my shelf?",
        "inquiry",
    );
}

#[test]
fn chat_spellings_are_sorted_for_the_binary_search() {
    assert!(CHAT_SPELLINGS.windows(2).all(|pair| pair[0].0 < pair[1].0));
}
