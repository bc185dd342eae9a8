//! Rules about the message as a whole: length, emoji, placeholders left, greeting, empathy, opt-out,
//! and several topics in one message.

use super::chunks::is_later_part;
use super::*;

pub(super) fn too_long(draft: &mut Draft<'_>, context: &ToneContext, inputs: &RuleInputs<'_>) {
    let limit = if context.first_message {
        inputs.first_message_too_long
    } else {
        inputs.too_long
    };
    let length = draft.chars.len();
    if length > limit {
        draft.push(
            Rule::TooLong,
            "too_long",
            limit,
            length,
            &length.to_string(),
            None,
        );
    }
}

pub(super) fn emoji_overuse(draft: &mut Draft<'_>, max: usize) {
    let emoji: Vec<(usize, usize)> = draft
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Emoji)
        .map(|t| (t.start, t.end))
        .collect();
    if emoji.len() > max {
        let (start, end) = (emoji[0].0, emoji[emoji.len() - 1].1);
        let (message, suggestion) = rule_message("emoji_overuse", draft.ui_lang);
        let message = message
            .replacen("{}", &emoji.len().to_string(), 1)
            .replacen("{}", &max.to_string(), 1);
        draft.findings.push(Finding {
            rule: Rule::EmojiOveruse,
            severity: Rule::EmojiOveruse.default_severity(),
            start,
            end,
            message,
            suggestion: Some(suggestion.to_string()),
            fix: None,
        });
    }
}

pub(super) fn unfilled_placeholders(draft: &mut Draft<'_>) {
    for (start, end) in placeholders(&draft.chars) {
        let placeholder = draft.slice(start, end);
        draft.push(
            Rule::UnfilledPlaceholder,
            "unfilled_placeholder",
            start,
            end,
            &placeholder,
            None,
        );
    }
}

/// Words that start a sentence before a comma or `!` and are not a name: a first message that starts with one
/// of them is not addressed to anyone ("Unfortunately, …", «Напоминаем, что …»).
const SENTENCE_OPENERS: &[&str] = &[
    "unfortunately",
    "fortunately",
    "sorry",
    "yes",
    "no",
    "ok",
    "okay",
    "please",
    "thanks",
    "today",
    "tomorrow",
    "tonight",
    "also",
    "however",
    "currently",
    "now",
    "well",
    "so",
    "great",
    "sure",
    "reminder",
    "note",
    "update",
    "attention",
    "important",
    "congratulations",
    "good",
    "just",
    "again",
    "finally",
    "first",
    "firstly",
    "meanwhile",
    "otherwise",
    "therefore",
    "actually",
    "apologies",
    "welcome",
    "hurry",
    "urgent",
    "done",
    "perfect",
    "excellent",
    "alright",
    "right",
    "indeed",
    "certainly",
    "напоминаем",
    "сообщаем",
    "уведомляем",
    "информируем",
    "извещаем",
    "благодарим",
    "поздравляем",
    "приглашаем",
    "спасибо",
    "извините",
    "простите",
    "увы",
    "да",
    "нет",
    "хорошо",
    "итак",
    "сегодня",
    "завтра",
    "внимание",
    "важно",
    "кстати",
    "также",
    "однако",
    "отлично",
    "готово",
    "конечно",
    "ок",
    "окей",
    "пожалуйста",
    "срочно",
    "напоминание",
];

/// Titles before a name in an address ("Ms Adeyemi, …", "Dr. Li, …").
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "sir",
    "madam",
    "господин",
    "госпожа",
];

/// Capitalised words of a headline that are no part of a name ("Your Order Has Shipped!").
const NOT_NAMES: &[&str] = &[
    "your", "our", "the", "this", "we", "you", "it", "is", "has", "new", "ваш", "ваша", "ваше",
    "ваши", "наш", "наша", "мы", "вы", "это",
];

/// Whether a draft opens by addressing someone by name: one to four capitalised words — a name, a full name, a
/// title and a surname — at the very start, followed by a comma or `!` ("Anna, …", "Ms Adeyemi, …", «Ольга
/// Викторовна, …», "Dr. Li! …"), and not a sentence opener such as "Unfortunately, …" or «Напоминаем, что …».
fn addressed_by_name(draft: &Draft<'_>) -> bool {
    let tokens = &draft.tokens;
    if tokens
        .first()
        .is_none_or(|t| SENTENCE_OPENERS.contains(&t.folded.as_str()))
    {
        return false;
    }
    for (i, token) in tokens.iter().take(4).enumerate() {
        let capitalised = matches!(token.kind, TokenKind::Latin | TokenKind::Cyrillic)
            && !NOT_NAMES.contains(&token.folded.as_str())
            && token
                .original(draft.text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
        if !capitalised {
            return false;
        }
        let gap = match draft.chars.get(token.end) {
            Some(',' | '!') => return true,
            Some(' ') => 1,
            Some('.') if HONORIFICS.contains(&token.folded.as_str()) => {
                if draft.chars.get(token.end + 1) == Some(&' ') {
                    2
                } else {
                    1
                }
            }
            _ => return false,
        };
        if tokens
            .get(i + 1)
            .is_none_or(|next| next.start != token.end + gap)
        {
            return false;
        }
    }
    false
}

fn has_list(matches: &[(Match, &WordEntry)], list: WordList, within: Option<usize>) -> bool {
    matches
        .iter()
        .any(|(m, entry)| entry.list == list && within.is_none_or(|limit| m.start < limit))
}

/// Complaint evidence in a customer's message from which a reply should acknowledge it even when the message is
/// a request about its topic: a fault or a wait named ("still waiting for my refund", "the reset email never came
/// through", both order or support matters since session 18).
const FAULT_TO_ACKNOWLEDGE: f32 = 1.5;

/// Whether a reply to a customer's message read as `incoming` should acknowledge it: a complaint, or a fault or a
/// wait named that was not the customer's own slip and not in praise.
fn needs_acknowledging(incoming: &crate::classify::Classification) -> bool {
    incoming.category == Category::Complaint
        || (!incoming.own_mistake
            && incoming.sentiment != crate::classify::Sentiment::Positive
            && incoming.scores[crate::classify::category_index(Category::Complaint)]
                >= FAULT_TO_ACKNOWLEDGE)
}

fn first_sentence_end(chars: &[char]) -> usize {
    chars
        .iter()
        .position(|c| matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '\n'))
        .map_or(chars.len(), |i| i + 1)
}

pub(super) fn presence_rules(
    draft: &mut Draft<'_>,
    matches: &[(Match, &WordEntry)],
    context: &ToneContext,
    lang: Lang,
) {
    let lang_for_fix = if lang == Lang::Other { Lang::En } else { lang };
    let incoming_is_complaint = context.incoming_category == Some(Category::Complaint)
        || (context.incoming_category.is_none()
            && context
                .incoming
                .as_deref()
                .is_some_and(|text| needs_acknowledging(&classify(text))));
    // A later part of a reply split in parts (`2/2`, or one that starts mid-sentence) is not judged alone: the
    // acknowledgement is usually in the first part (issue 14, real replies).
    let later_part = is_later_part(&draft.chars)
        || draft
            .chars
            .iter()
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| c.is_lowercase());
    if incoming_is_complaint && !later_part && !has_list(matches, WordList::Empathy, None) {
        let end = first_sentence_end(&draft.chars);
        let apology = match lang_for_fix {
            Lang::Ru => "Простите, пожалуйста, за это. ",
            Lang::Zh => "很抱歉给您带来不便。",
            _ => "I'm sorry about this. ",
        };
        draft.push(
            Rule::NoEmpathy,
            "no_empathy",
            0,
            end,
            "",
            Some(Fix {
                start: 0,
                end: 0,
                replacement: apology.to_string(),
            }),
        );
    }
    if context.first_message {
        let first_end = first_sentence_end(&draft.chars).max(12.min(draft.chars.len()));
        let greets = has_list(matches, WordList::Greeting, Some(first_end));
        if !greets && !addressed_by_name(draft) {
            let end = first_sentence_end(&draft.chars);
            let greeting = match lang_for_fix {
                Lang::Ru => "Здравствуйте! ",
                Lang::Zh => "您好，",
                _ => "Hello, ",
            };
            draft.push(
                Rule::NoGreeting,
                "no_greeting",
                0,
                end,
                "",
                Some(Fix {
                    start: 0,
                    end: 0,
                    replacement: greeting.to_string(),
                }),
            );
        }
    }
    if context.kind == MessageKind::Marketing && !has_list(matches, WordList::OptOut, None) {
        let length = draft.chars.len();
        let opt_out = match lang_for_fix {
            Lang::Ru => " Чтобы отписаться, ответьте СТОП.",
            Lang::Zh => "回复TD退订。",
            _ => " Reply STOP to unsubscribe.",
        };
        draft.push(
            Rule::NoOptOut,
            "no_opt_out",
            length.saturating_sub(1),
            length,
            "",
            Some(Fix {
                start: length,
                end: length,
                replacement: opt_out.to_string(),
            }),
        );
    }
}

/// Several unrelated requests: a request after a change of subject announced as one ("by the way", кстати,
/// 顺便), two requests with changes of subject or on different kinds of topic, or five requests (below).
pub(super) fn multi_topic(draft: &mut Draft<'_>, matches: &[(Match, &WordEntry)], lang: Lang) {
    let chars = &draft.chars;
    let mut sentences: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (index, &ch) in chars.iter().enumerate() {
        // A `?` or `.` inside a link does not end a sentence.
        if matches!(ch, '.' | '!' | '?' | '。' | '！' | '？' | '\n' | ';' | '；')
            && !draft.is_masked(index, index + 1)
        {
            if index + 1 > start {
                sentences.push((start, index + 1));
            }
            start = index + 1;
        }
    }
    if start < chars.len() {
        sentences.push((start, chars.len()));
    }
    let request_words: &[&str] = match lang {
        Lang::Ru => &[
            "пожалуйста",
            "пришлите",
            "отправьте",
            "подтвердите",
            "сообщите",
            "укажите",
            "не могли бы",
            "можете ли",
            "не забудьте",
            "напишите",
        ],
        Lang::Zh => &["请", "麻烦您", "能否", "可否", "记得", "别忘了"],
        _ => &[
            "please",
            "could you",
            "can you",
            "would you",
            "kindly",
            "let us know",
            "send us",
            "confirm",
            "don't forget",
            "remember to",
        ],
    };
    let requests: Vec<(usize, usize)> = sentences
        .iter()
        .copied()
        .filter(|&(a, b)| {
            let sentence: String = chars[a..b].iter().collect();
            let sentence = if lang == Lang::Zh {
                sentence
            } else {
                crate::text::fold(&sentence)
            };
            sentence.trim_end().ends_with(['?', '？'])
                || request_words.iter().any(|w| sentence.contains(w))
        })
        .collect();
    let mut switch_starts: Vec<usize> = matches
        .iter()
        .filter(|(_, entry)| entry.list == WordList::TopicSwitch)
        .map(|(m, _)| m.start)
        .collect();
    switch_starts.dedup();
    let switches = switch_starts.len();
    // A change of subject that is announced as one ("by the way", "on another note", "while I have you",
    // кстати, отдельно, 顺便, 对了), after the first sentence and followed by a request, starts a second topic
    // whatever the first one asked ("Your refund has been sent. By the way, would you like to join our loyalty
    // scheme?"). "Also", также, 还有 and 另外 add to the matter at hand as often as they change it ("Also, when
    // did it begin?"), so they count only with a side topic after them (below).
    let first_sentence_end = sentences.first().map_or(0, |&(_, end)| end);
    let request_after = |at: usize| requests.iter().any(|&(_, end)| end > at);
    let announced_switch = matches.iter().any(|(m, entry)| {
        entry.list == WordList::TopicSwitch
            && m.start >= first_sentence_end
            && !is_weak_switch(&chars[m.start..m.end])
            && request_after(m.start)
    });
    if announced_switch {
        let from = switch_starts
            .iter()
            .copied()
            .find(|&at| at >= first_sentence_end)
            .unwrap_or(0);
        let detail = requests.len().to_string();
        draft.push(
            Rule::MultiTopic,
            "multi_topic",
            from,
            chars.len(),
            &detail,
            None,
        );
        return;
    }
    // Several questions about one problem are one topic (issue 14: real troubleshooting replies ask "Which
    // version? Also, when did it begin? Could you send a screenshot?"): it takes two requests and two changes
    // of subject ("By the way, could you…? Also, would you like…?"), two requests over three kinds of topic
    // (below), or five requests.
    // Requests of different kinds are different topics however they are joined: the service matter, and asking
    // for feedback, a subscription or membership, or an offer ("Your parcel arrives on Wednesday. Would you
    // like to join our loyalty programme? And please rate your last visit.").
    // One request is enough when the message changes subject twice ("The exam is on 8 June. By the way, did
    // you hand in the medical form? Also, refer a friend and get 200 back.") or spans three kinds of topic;
    // with no request at all, two changes of subject and a side topic (feedback, membership, an offer) beside
    // the service matter are several topics too (blind drafts, session 11).
    // Only read when it can decide: one to four requests with fewer than two changes of subject, or none
    // with two.
    let undecided = ((1..5).contains(&requests.len()) && switches < 2)
        || (requests.is_empty() && switches >= 2);
    let (topics, first_side_topic) = if undecided || switches == 1 {
        topics(chars, &sentences)
    } else {
        (0, None)
    };
    // One change of subject opening its sentence ("Also, …", 另外，…; not "please also leave feedback"), a
    // side topic (feedback, membership, an offer) after it, and a request.
    let opens_sentence = |at: usize| {
        sentences.iter().any(|&(start, end)| {
            start <= at && at < end && chars[start..at].iter().all(|c| c.is_whitespace())
        })
    };
    let side_topic_after_switch = switches == 1
        && opens_sentence(switch_starts[0])
        && topics >= 2
        && first_side_topic.is_some_and(|at| at >= switch_starts[0])
        && request_after(switch_starts[0]);
    if side_topic_after_switch
        || (!requests.is_empty() && switches >= 2)
        || (!requests.is_empty() && topics >= 3)
        || (requests.len() >= 2 && switches >= 1 && topics >= 2)
        || (switches >= 2 && topics >= 2)
        || requests.len() >= 5
    {
        // From the second request, or the second sentence when there are fewer requests.
        let from = requests
            .get(1)
            .or(sentences.get(1))
            .map_or(0, |&(start, _)| start);
        let to = chars.len();
        let detail = requests.len().to_string();
        draft.push(Rule::MultiTopic, "multi_topic", from, to, &detail, None);
    }
}

/// Kinds of request that are a topic of their own beside the service matter: feedback, subscriptions and
/// membership, offers. English and Russian words match at a word start (`оцени` covers оцените); Chinese
/// anywhere.
#[rustfmt::skip]
const SIDE_TOPICS: [&[&str]; 3] = [
    &["rate us", "rate our", "rate your", "rating", "leave a review", "leave us a review", "write a review", "google review", "testimonial", "feedback", "survey", "how did we do", "оцени", "отзыв", "опрос", "评分",
      "打分", "评价", "问卷", "好评"],
    &["newsletter", "subscribe", "loyalty", "membership", "sign up", "join our", "рассылк", "подпис",
      "лояльност", "вступить", "订阅", "会员", "积分", "加入我们"],
    &["insurance", "upgrade", "special offer", "discount", "refer a friend", "promotion", "страховк", "скидк",
      "акци", "спецпредложени", "пригласите друга", "保险", "优惠", "折扣", "升级", "推荐朋友"],
];

/// How many kinds of topic the sentences have: each side topic found anywhere, plus the service matter when a
/// sentence has no side topic. One pass per side-topic word over the lower-cased text (English and Russian
/// words match at a word start, Chinese anywhere).
fn topics(chars: &[char], sentences: &[(usize, usize)]) -> (usize, Option<usize>) {
    /// The side-topic words by their first character: (kind, the word's characters).
    type ByFirst = rustc_hash::FxHashMap<char, Vec<(usize, Vec<char>)>>;
    static BY_FIRST: std::sync::OnceLock<ByFirst> = std::sync::OnceLock::new();
    let by_first = BY_FIRST.get_or_init(|| {
        let mut map = ByFirst::default();
        for (kind, words) in SIDE_TOPICS.iter().enumerate() {
            for entry in words.iter() {
                let word: Vec<char> = entry.chars().collect();
                map.entry(word[0]).or_default().push((kind, word));
            }
        }
        map
    });
    let lower: Vec<char> = chars.iter().map(|&c| crate::text::lower_char(c)).collect();
    let mut kinds = [false; SIDE_TOPICS.len()];
    let mut has_side_topic = vec![false; sentences.len()];
    let mut first_side_topic = None;
    // One pass over the text, trying only the words that start with the character at hand.
    for at in 0..lower.len() {
        let Some(candidates) = by_first.get(&lower[at]) else {
            continue;
        };
        for (kind, word) in candidates {
            let han = word[0] > '\u{2e7f}';
            if lower[at..].starts_with(word) && (han || at == 0 || !lower[at - 1].is_alphanumeric())
            {
                kinds[*kind] = true;
                first_side_topic.get_or_insert(at);
                let sentence = sentences.partition_point(|&(_, end)| end <= at);
                if let Some(flag) = has_side_topic.get_mut(sentence) {
                    *flag = true;
                }
            }
        }
    }
    let count =
        kinds.iter().filter(|&&k| k).count() + usize::from(has_side_topic.iter().any(|&h| !h));
    (count, first_side_topic)
}

/// Topic switches that as often add to the matter at hand as change it: "also", "in addition", также, ещё,
/// 还有, 另外, 此外.
fn is_weak_switch(words: &[char]) -> bool {
    let words: String = words.iter().map(|&c| crate::text::lower_char(c)).collect();
    matches!(
        words.as_str(),
        "also"
            | "in addition"
            | "additionally"
            | "также"
            | "еще"
            | "ещё"
            | "и еще"
            | "и ещё"
            | "а ещё"
            | "а еще"
            | "помимо этого"
            | "还有"
            | "另外"
            | "此外"
    )
}
