//! The text rule kinds. Each reads the tokens (and the word-list matches) and pushes findings: the word-list
//! rules and the shared draft here, the typographic rules (`shouting`, `exclamation`, `sloppy`) in
//! `typography`, the rules about the message as a whole in `message`.

mod chunks;
mod compound;
mod masked;
mod message;
mod signature;
mod structure;
mod threat;
mod typography;

use message::{emoji_overuse, multi_topic, presence_rules, too_long, unfilled_placeholders};
pub(super) use structure::add_structure_patterns;
use typography::{exclamation, missing_comma_ru, shouting, sloppy};

use super::{rule_message, Finding, Fix, MessageKind, Rule, ToneContext, WordEntry, WordList};
use crate::classify::{classify, Category};
use crate::lang::Lang;
use crate::lexicon::{Lexicon, Match};
use crate::text::{is_cyrillic, is_latin_letter, tokenize, Token, TokenKind};

pub struct RuleInputs<'a> {
    /// The default lists, then the company's additions.
    pub lexicons: [&'a Lexicon<WordEntry>; 2],
    pub too_long: usize,
    pub first_message_too_long: usize,
    pub emoji_max: usize,
}

/// Capitalised words of five letters or more that are names of things, not shouting.
const LONG_ACRONYMS: &[&str] = &[
    "COVID",
    "HTTPS",
    "UNICEF",
    "NASDAQ",
    "IKEA",
    "FIFA",
    "NATO",
    "ASAP",
    "OPEC",
    "SWIFT",
    "GMAIL",
    // Russian documents, insurance and registers an agent names as they are written (session 16, blind4):
    // a Russian word of five capitals or more is otherwise read as stressed.
    "СНИЛС",
    "ОСАГО",
    "КАСКО",
    "ГИБДД",
    "ЕГРЮЛ",
    "ЕГРИП",
    "ОГРНИП",
    "ЕГАИС",
    "ОКВЭД",
    "ОКТМО",
    "ЕГРН",
];

pub(super) struct Draft<'a> {
    text: &'a str,
    chars: Vec<char>,
    tokens: Vec<Token>,
    /// Char ranges not checked for capitals and punctuation: URLs, e-mails, quotes, placeholders.
    masked: Vec<(usize, usize)>,
    /// The sign-off at the end (`^AB`, `-Angie`), also masked: no punctuation, slang or capitals rules there.
    signature: Option<(usize, usize)>,
    ui_lang: Lang,
    findings: Vec<Finding>,
}

impl Draft<'_> {
    fn is_masked(&self, start: usize, end: usize) -> bool {
        self.masked.iter().any(|&(a, b)| start < b && end > a)
    }

    fn slice(&self, start: usize, end: usize) -> String {
        self.chars[start.min(self.chars.len())..end.min(self.chars.len())]
            .iter()
            .collect()
    }

    fn push(
        &mut self,
        rule: Rule,
        key: &str,
        start: usize,
        end: usize,
        detail: &str,
        fix: Option<Fix>,
    ) {
        let (message, suggestion) = rule_message(key, self.ui_lang);
        let message = message.replacen("{}", detail, 1).replacen("{}", "", 1);
        let suggestion = match &fix {
            Some(fix)
                if !fix.replacement.trim().is_empty()
                    && matches!(rule, Rule::Pressure | Rule::Informal) =>
            {
                Some(format!("“{}”", fix.replacement.trim()))
            }
            _ if suggestion.is_empty() => None,
            _ => Some(suggestion.to_string()),
        };
        self.findings.push(Finding {
            rule,
            severity: rule.default_severity(),
            start,
            end,
            message,
            suggestion,
            fix,
        });
    }
}

/// Runs every text rule.
pub fn check_text_rules(
    text: &str,
    lang: Lang,
    context: &ToneContext,
    ui_lang: Lang,
    inputs: &RuleInputs<'_>,
) -> Vec<Finding> {
    let chars: Vec<char> = text.chars().collect();
    let tokens = tokenize(text);
    let mut masked = masked_ranges(&chars);
    let signature = signature::signature_range(&chars);
    masked.extend(signature);
    let mut draft = Draft {
        text,
        chars,
        tokens,
        masked,
        signature,
        ui_lang,
        findings: Vec::new(),
    };
    let mut matches: Vec<(Match, &WordEntry)> = Vec::new();
    // The structures' slots go apart: only `structure_rules` reads them, and the other rules sort and scan
    // `matches` (a Chinese draft has a slot match at most every few characters).
    let mut slotted: Vec<(Match, u16, Option<u8>)> = Vec::new();
    for lexicon in inputs.lexicons {
        lexicon.for_each_match(text, &draft.tokens, |m| {
            let entry = lexicon.payload(m.entry);
            if let WordList::Structure { structure, slot } = entry.list {
                slotted.push((m, structure, slot));
            } else if entry.lang.is_none_or(|only| only == lang) {
                matches.push((m, entry))
            }
        });
    }
    word_list_rules(&mut draft, &matches);
    threat::conditional_threats(&mut draft);
    structure::structure_rules(&mut draft, slotted);
    masked::masked_profanity(&mut draft, &matches);
    compound::compound_profanity(&mut draft, &matches);
    shouting(&mut draft);
    exclamation(&mut draft);
    sloppy(&mut draft, lang, context.kind != MessageKind::Service);
    missing_comma_ru(&mut draft, lang);
    too_long(&mut draft, context, inputs);
    emoji_overuse(&mut draft, inputs.emoji_max);
    unfilled_placeholders(&mut draft);
    presence_rules(&mut draft, &matches, context, lang);
    multi_topic(&mut draft, &matches, lang);
    draft.findings
}

/// Top-level domains that make `word.tld` a web address even without `www.` or a path.
const COMMON_TLDS: &[&str] = &[
    "com", "org", "net", "io", "co", "uk", "de", "fr", "es", "it", "nl", "eu", "us", "ca", "au",
    "in", "jp", "cn", "ru", "su", "ua", "kz", "by", "рф", "info", "biz", "app", "dev", "me",
    "shop", "store", "online", "site", "example",
];

/// Whitespace-separated chunks of `chars`, as char ranges.
pub(super) fn whitespace_chunks(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        if chars[index].is_whitespace() {
            index += 1;
            continue;
        }
        let start = index;
        while index < chars.len() && !chars[index].is_whitespace() {
            index += 1;
        }
        found.push((start, index));
    }
    found
}

/// URLs, e-mail addresses, quoted text and `{{placeholders}}`, as char ranges.
pub(super) fn masked_ranges(chars: &[char]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    // Whitespace-separated chunks that are URLs or addresses.
    for (start, index) in whitespace_chunks(chars) {
        let chunk: String = chars[start..index].iter().collect();
        let lower = chunk.to_ascii_lowercase();
        let host = lower
            .trim_end_matches(['.', ',', ')', '!', '?', ';', ':'])
            .split(['/', '?'])
            .next()
            .unwrap_or("")
            .to_string();
        let has_path = lower.trim_end_matches(['.', ',', ')']).contains('/') && host.contains('.');
        let tld = host.rsplit('.').next().unwrap_or("");
        let looks_like_domain = host.contains('.') && (has_path || COMMON_TLDS.contains(&tld));
        if lower.contains("://")
            || lower.starts_with("www.")
            || (chunk.contains('@') && chunk.contains('.'))
            || looks_like_domain
        {
            ranges.push((start, index));
        }
    }
    // Quoted text.
    let pairs = [
        ('"', '"'),
        ('«', '»'),
        ('“', '”'),
        ('„', '“'),
        ('「', '」'),
        ('『', '』'),
    ];
    // Once a pair's closing mark is not found after an opening one, it is not after any later one either: each
    // pair is searched to the end at most once, so a draft of 20,000 unclosed `«` stays linear.
    let mut unclosed = [false; 6];
    let mut index = 0;
    while index < chars.len() {
        if let Some(pair) = pairs.iter().position(|(open, _)| *open == chars[index]) {
            if !unclosed[pair] {
                let close = pairs[pair].1;
                match chars[index + 1..].iter().position(|&c| c == close) {
                    Some(length) => {
                        ranges.push((index, index + length + 2));
                        index += length + 2;
                        continue;
                    }
                    None => unclosed[pair] = true,
                }
            }
        }
        index += 1;
    }
    ranges.extend(placeholders(chars));
    ranges
}

pub(super) fn placeholders(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut index = 0;
    while index + 1 < chars.len() {
        if chars[index] == '{' && chars[index + 1] == '{' {
            // No `}}` after this `{{` means none after a later one: stop (linear on `{{{{…`).
            let Some(length) = chars[index + 2..]
                .windows(2)
                .position(|pair| pair == ['}', '}'])
            else {
                break;
            };
            found.push((index, index + length + 4));
            index += length + 4;
            continue;
        }
        // `{name}` and `[ORDER_ID]`: a single-brace name, or a bracketed name in capitals (not `[1]`,
        // `[sic]`, `{ }`).
        let close = match chars[index] {
            '{' => Some('}'),
            '[' => Some(']'),
            _ => None,
        };
        if let Some((close, name)) =
            close.and_then(|close| Some((close, bracketed_name(chars, index, close)?)))
        {
            let identifier = name[0].is_alphabetic()
                && name
                    .iter()
                    .all(|c| c.is_alphanumeric() || *c == '_' || *c == '.');
            let named = identifier
                && (close == '}'
                    || name.iter().all(|c| !c.is_alphabetic() || c.is_uppercase())
                        && name.iter().filter(|c| c.is_alphabetic()).count() >= 2);
            if named {
                found.push((index, index + name.len() + 2));
                index += name.len() + 2;
                continue;
            }
        }
        if let Some(length) = other_placeholder(chars, index) {
            found.push((index, index + length));
            index += length;
            continue;
        }
        index += 1;
    }
    found
}

/// The name between the bracket at `open_at` and the next `close` within 33 characters, if it is 2 to 32
/// characters long: what every bracketed placeholder kind reads (`{name}`, `[ORDER_ID]`, `%FIRST_NAME%`, …).
fn bracketed_name(chars: &[char], open_at: usize, close: char) -> Option<Vec<char>> {
    let name: Vec<char> = chars[open_at + 1..]
        .iter()
        .take(33)
        .take_while(|&&c| c != close)
        .copied()
        .collect();
    (chars.get(open_at + 1 + name.len()) == Some(&close) && (2..=32).contains(&name.len()))
        .then_some(name)
}

/// HTML tags a message may carry (`<b>SPRING</b>`): never a placeholder between angle brackets.
#[rustfmt::skip]
const HTML_TAGS: &[&str] = &[
    "a", "b", "i", "u", "s", "p", "br", "em", "strong", "span", "div", "small", "sup", "sub", "code", "pre",
    "hr", "img", "ul", "ol", "li", "h1", "h2", "h3", "h4", "table", "tr", "td", "th", "font", "strike", "mark",
];
/// Words that make a bracketed Chinese label a placeholder (【客户姓名】, not the sender tag 【顺丰速运】).
const FIELD_WORDS_ZH: &[&str] = &[
    "姓名",
    "名字",
    "称呼",
    "客户名",
    "用户名",
    "日期",
    "时间",
    "金额",
    "单号",
    "编号",
    "地址",
    "电话",
    "手机号",
    "验证码",
];

/// Words that make a bracketed label in Latin or Cyrillic letters a placeholder (`[Customer Name]`, `[date]`,
/// `[ORDER_NUMBER]`, `[Имя]`; not `[sic]` or `[1]`; a label in capitals such as
/// `[ORDER_ID]` is one whatever it says: `placeholders`).
#[rustfmt::skip]
const FIELD_WORDS: &[&str] = &[
    "name", "firstname", "lastname", "surname", "customer", "client", "date", "time", "amount", "order", "number",
    "address", "phone", "email", "link", "url", "company", "product", "city", "agent", "recipient", "price",
    "имя", "фамилия", "отчество", "клиент", "клиента", "дата", "время", "сумма", "номер", "адрес", "телефон",
    "ссылка", "компания", "товар", "город", "получатель",
];

/// Whether a bracketed label of one to four words of letters (joined by spaces, `_` or `-`) names a field.
fn names_a_field(name: &[char]) -> bool {
    if !name
        .iter()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '_' | '-'))
    {
        return false;
    }
    let text: String = name.iter().collect::<String>().to_lowercase();
    let words: Vec<&str> = text
        .split([' ', '_', '-'])
        .filter(|w| !w.is_empty())
        .collect();
    (1..=4).contains(&words.len()) && words.iter().any(|w| FIELD_WORDS.contains(w))
}

/// The length of a placeholder of the other kinds templates leave at `start`, if one is there: `%FIRST_NAME%`,
/// `<name>` (not an HTML tag), a field's label in 【】, ［］ or [] (`【客户姓名】`, `[Customer Name]`), a run of
/// three or more underscores (`___`), a name left as `XXX` (Latin or Cyrillic, in capitals), and a date or time
/// mask (`DD/MM`, `HH:MM`, `ДД.ММ.ГГГГ`).
fn other_placeholder(chars: &[char], start: usize) -> Option<usize> {
    // Most characters start none of them: one comparison decides (this runs at every character).
    let first = chars[start];
    if !matches!(
        first,
        '%' | '<'
            | '【'
            | '［'
            | '['
            | '_'
            | 'X'
            | 'Х'
            | 'd'
            | 'D'
            | 'm'
            | 'M'
            | 'y'
            | 'Y'
            | 'h'
            | 'H'
            | 's'
            | 'S'
            | 'д'
            | 'Д'
            | 'м'
            | 'М'
            | 'г'
            | 'Г'
            | 'ч'
            | 'Ч'
    ) {
        return None;
    }
    let boundary_before = start == 0 || !crate::text::is_letter_or_digit(chars[start - 1]);
    let bracketed = |open: char, close: char| -> Option<Vec<char>> {
        (first == open)
            .then(|| bracketed_name(chars, start, close))
            .flatten()
    };
    if let Some(name) = bracketed('%', '%') {
        if name[0].is_alphabetic() && name.iter().all(|c| c.is_alphanumeric() || *c == '_') {
            return Some(name.len() + 2);
        }
    }
    if let Some(name) = bracketed('<', '>') {
        let text: String = name.iter().collect::<String>().to_lowercase();
        let identifier = name[0].is_alphabetic()
            && name
                .iter()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | ' ' | '.' | '-'));
        if identifier && !HTML_TAGS.contains(&text.as_str()) {
            return Some(name.len() + 2);
        }
    }
    for (open, close) in [('【', '】'), ('［', '］'), ('[', ']')] {
        if let Some(name) = bracketed(open, close) {
            let text: String = name.iter().collect();
            if FIELD_WORDS_ZH.iter().any(|w| text.contains(w)) || names_a_field(&name) {
                // A Markdown link's text (`[date](https://…)`) is no placeholder.
                if chars.get(start + name.len() + 2) != Some(&'(') {
                    return Some(name.len() + 2);
                }
            }
        }
    }
    let run = |pred: &dyn Fn(char) -> bool| chars[start..].iter().take_while(|&&c| pred(c)).count();
    let underscores = run(&|c| c == '_');
    if underscores >= 3 {
        return Some(underscores);
    }
    if !boundary_before {
        return None;
    }
    let xs = run(&|c| c == 'X' || c == 'Х');
    if xs >= 3 && chars.get(start + xs).is_none_or(|c| !c.is_alphanumeric()) {
        return Some(xs);
    }
    // A date or time mask: two or more parts of DD, MM, YY, YYYY, HH, SS (or Russian ДД, ММ, ГГ, ГГГГ, ЧЧ), in
    // either case, joined by / . : -.
    const MASK_PARTS: &[&str] = &[
        "dd", "mm", "yy", "yyyy", "hh", "ss", "дд", "мм", "гг", "гггг", "чч",
    ];
    let mut at = start;
    let mut parts = 0;
    loop {
        let length = chars[at..].iter().take_while(|c| c.is_alphabetic()).count();
        let word = &chars[at..at + length];
        // Compared without allocating: this runs at every word's start.
        let is_part = (length == 2 || length == 4)
            && MASK_PARTS.iter().any(|part| {
                part.chars().count() == length
                    && part
                        .chars()
                        .zip(word)
                        .all(|(p, &c)| crate::text::lower_char(c) == p)
            });
        if !is_part {
            break;
        }
        parts += 1;
        at += length;
        match chars.get(at) {
            Some('/' | '.' | ':' | '-') if chars.get(at + 1).is_some_and(|c| c.is_alphabetic()) => {
                at += 1
            }
            _ => break,
        }
    }
    let end_ok = chars.get(at).is_none_or(|c| !c.is_alphanumeric());
    (parts >= 2 && end_ok).then(|| at - start)
}

/// Whether a clean word or phrase of the `not_profanity` list overlaps a swear-word match at `start..end` and
/// reaches before or past it, so the letters belong to a clean word: "magna cum laude", "Maine Coon", "a chink
/// in the armour", 明日你 (the 日 of 明日), 我操作 (the 操 of 操作).
/// Reports each span as `profanity` with a fix that removes it, unless it is in a masked range, part of a
/// clean phrase (`not_profanity`), or already reported: what the masked, stretched and compound readers share.
pub(super) fn push_profanity(
    draft: &mut Draft<'_>,
    matches: &[(Match, &WordEntry)],
    spans: Vec<(usize, usize)>,
) {
    for (a, b) in spans {
        let reported = draft
            .findings
            .iter()
            .any(|f| f.rule == Rule::Profanity && f.start < b && f.end > a);
        if reported || draft.is_masked(a, b) || is_clean_phrase(matches, a, b) {
            continue;
        }
        let detail = draft.slice(a, b);
        let fix = removal_fix(draft, a, b);
        draft.push(Rule::Profanity, "profanity", a, b, &detail, Some(fix));
    }
}

pub(super) fn is_clean_phrase(matches: &[(Match, &WordEntry)], start: usize, end: usize) -> bool {
    matches.iter().any(|(clean, entry)| {
        entry.list == WordList::NotProfanity
            && clean.start < end
            && clean.end > start
            && (clean.start < start || clean.end > end)
    })
}

fn word_list_rules(draft: &mut Draft<'_>, matches: &[(Match, &WordEntry)]) {
    let mut reported: Vec<(Rule, usize, usize)> = Vec::new();
    let mut sorted: Vec<&(Match, &WordEntry)> = matches.iter().collect();
    // Longest match first at each position, so "thanks in advance" wins over "thanks".
    // Among equal spans, an entry with a replacement wins (it can offer a fix).
    sorted.sort_by(|a, b| {
        a.0.start
            .cmp(&b.0.start)
            .then(b.0.end.cmp(&a.0.end))
            .then(a.1.replacement.is_none().cmp(&b.1.replacement.is_none()))
    });
    for (found, entry) in sorted {
        let rule = match entry.list {
            WordList::Pressure => Rule::Pressure,
            WordList::Informal => Rule::Informal,
            WordList::Blame => Rule::Blame,
            WordList::Profanity => Rule::Profanity,
            _ => continue,
        };
        if reported
            .iter()
            .any(|&(r, start, end)| r == rule && found.start < end && found.end > start)
        {
            continue;
        }
        if rule != Rule::Profanity && !applies_here(draft, rule, found) {
            continue;
        }
        // A pressing word in quotes is most often a button's label the agent points to ("tap “立即开通”",
        // «Оплатить сейчас», "Buy now"), not a push.
        if rule == Rule::Pressure && draft.is_masked(found.start, found.end) {
            continue;
        }
        if rule == Rule::Profanity && is_clean_phrase(matches, found.start, found.end) {
            continue;
        }
        reported.push((rule, found.start, found.end));
        let matched = draft.slice(found.start, found.end);
        let fix = entry.replacement.as_ref().map(|replacement| Fix {
            start: found.start,
            end: found.end,
            replacement: match_case(&matched, replacement),
        });
        let fix = fix.or_else(|| {
            (rule == Rule::Profanity).then(|| removal_fix(draft, found.start, found.end))
        });
        draft.push(rule, rule.id(), found.start, found.end, &matched, fix);
    }
}

/// Whether a word-list match means what its rule is about where it stands (issue 14, real agent replies):
/// nothing in the sign-off counts; "ASAP" or "urgent" about what *we* will do is a commitment, not pressure
/// ("so we can connect ASAP"); "you should have" before a noun phrase is possession, not blame ("you should
/// have a reference number"), and so is "you shouldn't have received"; a one-letter word before `.` and a
/// letter is an abbreviation ("U.S."), not slang.
fn applies_here(draft: &Draft<'_>, rule: Rule, found: &Match) -> bool {
    if draft
        .signature
        .is_some_and(|(start, end)| found.start < end && found.end > start)
    {
        return false;
    }
    let matched = draft
        .slice(found.start, found.end)
        .to_lowercase()
        .replace('’', "'");
    let next_word = draft
        .tokens
        .get(found.last_token)
        .map(|t| t.folded.as_str().to_string())
        .unwrap_or_default();
    match rule {
        Rule::Pressure => {
            // A time limit said of what we will do ("we'll call you within the hour") is a commitment too.
            let commitment_words = [
                "asap",
                "a.s.a.p",
                "urgent",
                "urgently",
                "срочно",
                "尽快",
                "立刻",
                "立即",
                "马上",
                "within the hour",
                "by the end of the day",
                "by end of day",
                "в течение часа",
                "до конца дня",
                "прямо сейчас",
            ];
            // "urgent medical attention": a description of a need, not a demand.
            const DESCRIBED: &[&str] = &["medical", "care", "attention", "treatment", "repairs"];
            let described = matched == "urgent" && DESCRIBED.contains(&next_word.as_str());
            !(commitment_words.contains(&matched.as_str())
                && !asked_of_customer(draft, found.start)
                && (described
                    || said_of_us(draft, found.first_token)
                    || done_for_the_customer(draft, found.end)))
        }
        Rule::Blame => {
            let possession =
                matched.ends_with("should have") || matched.ends_with("shouldn't have");
            const NOUN_PHRASE: &[&str] = &[
                "a", "an", "the", "that", "this", "these", "those", "your", "some", "any", "one",
                "it", "received", "receive", "gotten", "got", "been", "access", "no",
            ];
            !(possession && NOUN_PHRASE.contains(&next_word.as_str()))
        }
        Rule::Informal => {
            let abbreviation = found.end - found.start == 1
                && draft.chars.get(found.end) == Some(&'.')
                && draft
                    .chars
                    .get(found.end + 1)
                    .is_some_and(|c| c.is_alphabetic());
            !abbreviation
        }
        _ => true,
    }
}

/// Whether the words right before `start` ask the customer to act ("麻烦马上付定金", "please reply ASAP",
/// «пожалуйста, срочно пришлите»): then a time word is a demand even when "we" came earlier in the sentence
/// ("房间我们已经很为难了，麻烦马上付一下定金").
fn asked_of_customer(draft: &Draft<'_>, start: usize) -> bool {
    const ASKING: &[&str] = &["请", "麻烦", "麻烦您", "please", "kindly", "пожалуйста"];
    let before: String = draft.chars[start.saturating_sub(12)..start]
        .iter()
        .collect::<String>()
        .to_lowercase();
    let before = before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '，'));
    ASKING.iter().any(|w| before.ends_with(w))
}

/// Whether what follows a Chinese time word is done for the customer, the subject (we) left out as Chinese
/// leaves it: "马上为您处理", "马上帮你查一下", "马上给您回电话", "马上回复您", "马上就好" — a commitment, not a
/// demand (a demand is asked: "请您马上付款", see `asked_of_customer`).
fn done_for_the_customer(draft: &Draft<'_>, end: usize) -> bool {
    const FOR_YOU: &[&str] = &[
        "为您",
        "为你",
        "帮您",
        "帮你",
        "给您",
        "给你",
        "替您",
        "替你",
        "回复您",
        "回复你",
        "联系您",
        "联系你",
        "通知您",
        "通知你",
        "就好",
        "就到",
        "就来",
    ];
    let after: String = draft.chars[end.min(draft.chars.len())..]
        .iter()
        .take(4)
        .collect();
    let after = after
        .strip_prefix('就')
        .filter(|rest| !rest.starts_with(['好', '到', '来']))
        .unwrap_or(&after);
    FOR_YOU.iter().any(|w| after.starts_with(w))
}

/// Whether the clause before token `first` has a first-person subject: "we", "I", "our team", "мы", "我们".
fn said_of_us(draft: &Draft<'_>, first: usize) -> bool {
    const US: &[&str] = &[
        "we",
        "we'll",
        "we're",
        "we've",
        "i",
        "i'll",
        "i'm",
        "our",
        "they",
        "team",
        "will",
        "let",
        "hopefully",
        "hope",
        "мы",
        "я",
        "нам",
        "наш",
        "наша",
        "наши",
        "我们",
        "我",
    ];
    let mut index = first;
    let mut seen = 0;
    while index > 0 && seen < 24 {
        index -= 1;
        seen += 1;
        let token = &draft.tokens[index];
        let between: String = draft.chars[token.end..draft.tokens[index + 1].start]
            .iter()
            .collect();
        if between.contains(['.', '!', '?', ';', '\n', '。', '！', '？']) {
            return false;
        }
        if US.contains(&token.folded.as_str()) {
            return true;
        }
    }
    false
}

/// Gives a replacement the capitalisation of the text it replaces (first letter).
pub(super) fn match_case(original: &str, replacement: &str) -> String {
    let upper = original.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if upper => first.to_uppercase().chain(chars).collect(),
        _ => replacement.to_string(),
    }
}

/// Removes a word and one space next to it.
pub(super) fn removal_fix(draft: &Draft<'_>, start: usize, end: usize) -> Fix {
    let end = if draft.chars.get(end) == Some(&' ') {
        end + 1
    } else {
        end
    };
    Fix {
        start,
        end,
        replacement: String::new(),
    }
}
