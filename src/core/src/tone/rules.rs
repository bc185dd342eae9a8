//! The text rule kinds. Each reads the tokens (and the word-list matches) and pushes findings.

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
    "COVID", "HTTPS", "UNICEF", "NASDAQ", "IKEA", "FIFA", "NATO", "ASAP", "OPEC", "SWIFT", "GMAIL",
];

struct Draft<'a> {
    text: &'a str,
    chars: Vec<char>,
    tokens: Vec<Token>,
    /// Char ranges not checked for capitals and punctuation: URLs, e-mails, quotes, placeholders.
    masked: Vec<(usize, usize)>,
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
    let masked = masked_ranges(&chars);
    let mut draft = Draft {
        text,
        chars,
        tokens,
        masked,
        ui_lang,
        findings: Vec::new(),
    };
    let mut matches: Vec<(Match, &WordEntry)> = Vec::new();
    for lexicon in inputs.lexicons {
        lexicon.for_each_match(text, &draft.tokens, |m| {
            matches.push((m, lexicon.payload(m.entry)))
        });
    }
    word_list_rules(&mut draft, &matches);
    shouting(&mut draft);
    exclamation(&mut draft);
    sloppy(&mut draft, lang);
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

/// URLs, e-mail addresses, quoted text and `{{placeholders}}`, as char ranges.
fn masked_ranges(chars: &[char]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    // Whitespace-separated chunks that are URLs or addresses.
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
    let mut index = 0;
    while index < chars.len() {
        if let Some(&(_, close)) = pairs.iter().find(|(open, _)| *open == chars[index]) {
            if let Some(length) = chars[index + 1..].iter().position(|&c| c == close) {
                ranges.push((index, index + length + 2));
                index += length + 2;
                continue;
            }
        }
        index += 1;
    }
    ranges.extend(placeholders(chars));
    ranges
}

fn placeholders(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut index = 0;
    while index + 1 < chars.len() {
        if chars[index] == '{' && chars[index + 1] == '{' {
            if let Some(length) = chars[index + 2..]
                .windows(2)
                .position(|pair| pair == ['}', '}'])
            {
                found.push((index, index + length + 4));
                index += length + 4;
                continue;
            }
        }
        index += 1;
    }
    found
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

/// Gives a replacement the capitalisation of the text it replaces (first letter).
fn match_case(original: &str, replacement: &str) -> String {
    let upper = original.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if upper => first.to_uppercase().chain(chars).collect(),
        _ => replacement.to_string(),
    }
}

/// Removes a word and one space next to it.
fn removal_fix(draft: &Draft<'_>, start: usize, end: usize) -> Fix {
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

fn is_caps_word(token: &Token, text: &str) -> bool {
    let word = token.original(text);
    matches!(token.kind, TokenKind::Latin | TokenKind::Cyrillic)
        && word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

fn shouting(draft: &mut Draft<'_>) {
    let mut runs: Vec<(usize, usize)> = Vec::new(); // token index ranges
    let mut index = 0;
    let tokens = std::mem::take(&mut draft.tokens);
    while index < tokens.len() {
        if !is_caps_word(&tokens[index], draft.text)
            || draft.is_masked(tokens[index].start, tokens[index].end)
        {
            index += 1;
            continue;
        }
        let start = index;
        let mut end = index + 1;
        while end < tokens.len() {
            let token = &tokens[end];
            let single_letter_caps = token.kind == TokenKind::Latin
                && token.original(draft.text).chars().all(char::is_uppercase);
            if (is_caps_word(token, draft.text)
                || single_letter_caps
                || token.kind == TokenKind::Number)
                && !draft.is_masked(token.start, token.end)
            {
                end += 1;
            } else {
                break;
            }
        }
        runs.push((start, end));
        index = end;
    }
    for (start, end) in runs {
        let words: Vec<&Token> = tokens[start..end]
            .iter()
            .filter(|t| is_caps_word(t, draft.text))
            .collect();
        let letters: usize = words.iter().map(|t| t.end - t.start).sum();
        let longest = words.iter().map(|t| t.end - t.start).max().unwrap_or(0);
        let single_shout = words.len() == 1
            && longest >= 5
            && !LONG_ACRONYMS.contains(&words[0].original(draft.text));
        let run_shout = words.len() >= 2 && letters >= 8 && longest >= 4;
        if !(single_shout || run_shout) {
            continue;
        }
        let (from, to) = (tokens[start].start, tokens[end - 1].end);
        let original = draft.slice(from, to);
        let at_sentence_start = draft.chars[..from]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n'));
        let mut replacement = original.to_lowercase();
        if at_sentence_start {
            replacement = match_case("A", &replacement);
        }
        draft.push(
            Rule::Shouting,
            "shouting",
            from,
            to,
            &original,
            Some(Fix {
                start: from,
                end: to,
                replacement,
            }),
        );
    }
    draft.tokens = tokens;
}

fn exclamation(draft: &mut Draft<'_>) {
    let chars = draft.chars.clone();
    let mut index = 0;
    while index < chars.len() {
        if !matches!(chars[index], '!' | '?' | '！' | '？') {
            index += 1;
            continue;
        }
        let start = index;
        while index < chars.len() && matches!(chars[index], '!' | '?' | '！' | '？') {
            index += 1;
        }
        let run: String = chars[start..index].iter().collect();
        let has_bang = run.contains(['!', '！']);
        if has_bang && index - start >= 2 {
            let full_width = run.contains(['！', '？']);
            let replacement = match (run.contains(['?', '？']), full_width) {
                (true, false) => "?",
                (true, true) => "？",
                (false, false) => "!",
                (false, true) => "！",
            };
            draft.push(
                Rule::Exclamation,
                "exclamation",
                start,
                index,
                &run,
                Some(Fix {
                    start,
                    end: index,
                    replacement: replacement.to_string(),
                }),
            );
        }
    }
}

fn sloppy(draft: &mut Draft<'_>, lang: Lang) {
    let chars = draft.chars.clone();
    // Missing final punctuation.
    let words = draft
        .tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Emoji)
        .count();
    if let Some(last_index) = chars.iter().rposition(|c| !c.is_whitespace()) {
        let last = chars[last_index];
        let enough = if lang == Lang::Zh {
            words >= 8
        } else {
            words >= 4
        };
        let ends_in_word = last.is_alphanumeric() && !crate::text::is_emoji(last);
        if enough && ends_in_word && !draft.is_masked(last_index, last_index + 1) {
            let token = draft
                .tokens
                .iter()
                .rev()
                .find(|t| t.end <= last_index + 1)
                .cloned();
            if let Some(token) = token {
                let mark = if lang == Lang::Zh { "。" } else { "." };
                let word = token.original(draft.text).to_string();
                draft.push(
                    Rule::Sloppy,
                    "sloppy.final_punctuation",
                    token.start,
                    token.end,
                    "",
                    Some(Fix {
                        start: token.start,
                        end: token.end,
                        replacement: format!("{word}{mark}"),
                    }),
                );
            }
        }
    }
    // A sentence starting in lower case. A sentence ends at one `.`, `!` or `?` followed by a space, not at an
    // ellipsis ("Wait... it is"), not after an abbreviation ("e.g. the", "т.е. это") or an initial, and not when
    // the mark closes a quotation (`нажмите «Забыли пароль?» и`): there it may belong to the quoted text.
    const ABBREVIATIONS: &[&str] = &[
        "etc", "vs", "mr", "mrs", "ms", "dr", "st", "approx", "no", "ul", "ул", "д", "им", "см",
        "тел", "руб", "г", "т", "е", "д", "п",
    ];
    let tokens = std::mem::take(&mut draft.tokens);
    let mut previous: Option<&Token> = None;
    for token in &tokens {
        let sentence_start = match previous {
            None => true,
            Some(before) => {
                let between = &chars[before.end..token.start];
                let mut marks = between
                    .iter()
                    .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '»' | ')' | '”'));
                let mark = match (marks.next(), marks.next()) {
                    (Some(&mark), None) => Some(mark),
                    _ => None,
                };
                let closes_quote = between
                    .iter()
                    .rev()
                    .find(|c| !c.is_whitespace())
                    .is_some_and(|c| matches!(c, '"' | '»' | '”' | '’'));
                let ends_sentence = matches!(mark, Some('.' | '!' | '?'))
                    && between.last().is_some_and(|c| c.is_whitespace())
                    && !closes_quote;
                let abbreviation = before.end - before.start == 1
                    || ABBREVIATIONS.contains(&before.folded.as_str());
                between.contains(&'\n') || (ends_sentence && !(mark == Some('.') && abbreviation))
            }
        };
        if sentence_start
            && matches!(token.kind, TokenKind::Latin | TokenKind::Cyrillic)
            && !draft.is_masked(token.start, token.end)
        {
            let word = token.original(draft.text);
            let mut letters = word.chars();
            let first = letters.next().unwrap_or(' ');
            let camel = letters.any(char::is_uppercase); // iPhone, eBay
            if first.is_lowercase() && !camel && (is_latin_letter(first) || is_cyrillic(first)) {
                let replacement = match_case("A", word);
                draft.push(
                    Rule::Sloppy,
                    "sloppy.lower_case_start",
                    token.start,
                    token.end,
                    word,
                    Some(Fix {
                        start: token.start,
                        end: token.end,
                        replacement,
                    }),
                );
            }
        }
        if token.kind != TokenKind::Emoji {
            previous = Some(token);
        }
    }
    // Doubled words.
    for pair in tokens.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.folded != b.folded
            || !matches!(a.kind, TokenKind::Latin | TokenKind::Cyrillic)
            || a.end - a.start < 2
        {
            continue;
        }
        let gap = &chars[a.end..b.start];
        if !gap.is_empty() && gap.iter().all(|c| c.is_whitespace()) {
            let word = a.original(draft.text).to_string();
            let detail = draft.slice(a.start, b.end);
            draft.push(
                Rule::Sloppy,
                "sloppy.doubled_word",
                a.start,
                b.end,
                &detail,
                Some(Fix {
                    start: a.start,
                    end: b.end,
                    replacement: word,
                }),
            );
        }
    }
    draft.tokens = tokens;
    // Repeated marks: ?? (without !), .. and ..... (an ellipsis of three is fine), ,,
    let mut index = 0;
    while index < chars.len() {
        let ch = chars[index];
        if !matches!(ch, '?' | '？' | '.' | ',' | '。' | '，') {
            index += 1;
            continue;
        }
        let start = index;
        while index < chars.len() && chars[index] == ch {
            index += 1;
        }
        let length = index - start;
        let next_is_bang = chars.get(index).is_some_and(|c| matches!(c, '!' | '！'));
        let previous_is_bang = start > 0 && matches!(chars[start - 1], '!' | '！');
        let sloppy_run = match ch {
            '.' => length == 2 || length >= 4,
            _ => length >= 2,
        };
        if sloppy_run && !next_is_bang && !previous_is_bang && !draft.is_masked(start, index) {
            let run: String = chars[start..index].iter().collect();
            let replacement = if ch == '.' && length >= 4 {
                "…".to_string()
            } else {
                ch.to_string()
            };
            draft.push(
                Rule::Sloppy,
                "sloppy.repeated_marks",
                start,
                index,
                &run,
                Some(Fix {
                    start,
                    end: index,
                    replacement,
                }),
            );
        }
    }
    // No space after punctuation: "done,thanks", "done.Thanks".
    for index in 1..chars.len().saturating_sub(1) {
        let (before, mark, after) = (chars[index - 1], chars[index], chars[index + 1]);
        let letter = |c: char| is_latin_letter(c) || is_cyrillic(c);
        let missing = match mark {
            ',' | ';' | '!' | '?' => letter(before) && letter(after),
            '.' => letter(before) && letter(after) && after.is_uppercase() && before.is_lowercase(),
            _ => false,
        };
        if missing && !draft.is_masked(index - 1, index + 2) {
            let detail = draft.slice(index.saturating_sub(4), (index + 5).min(chars.len()));
            draft.push(
                Rule::Sloppy,
                "sloppy.missing_space",
                index,
                index + 1,
                detail.trim(),
                Some(Fix {
                    start: index,
                    end: index + 1,
                    replacement: format!("{mark} "),
                }),
            );
        }
    }
}

fn too_long(draft: &mut Draft<'_>, context: &ToneContext, inputs: &RuleInputs<'_>) {
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

fn emoji_overuse(draft: &mut Draft<'_>, max: usize) {
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

fn unfilled_placeholders(draft: &mut Draft<'_>) {
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

fn has_list(matches: &[(Match, &WordEntry)], list: WordList, within: Option<usize>) -> bool {
    matches
        .iter()
        .any(|(m, entry)| entry.list == list && within.is_none_or(|limit| m.start < limit))
}

fn first_sentence_end(chars: &[char]) -> usize {
    chars
        .iter()
        .position(|c| matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '\n'))
        .map_or(chars.len(), |i| i + 1)
}

fn presence_rules(
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
                .is_some_and(|text| classify(text).category == Category::Complaint));
    if incoming_is_complaint && !has_list(matches, WordList::Empathy, None) {
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
        // Addressed by name: "Anna, …" or "Анна! …" at the very start.
        let addressed = draft.tokens.first().is_some_and(|t| {
            matches!(t.kind, TokenKind::Latin | TokenKind::Cyrillic)
                && t.original(draft.text)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                && matches!(draft.chars.get(t.end), Some(',' | '!'))
        });
        if !greets && !addressed {
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

/// Several unrelated requests: three or more requests, or two with a change of topic ("also", "кстати", "另外").
fn multi_topic(draft: &mut Draft<'_>, matches: &[(Match, &WordEntry)], lang: Lang) {
    let chars = &draft.chars;
    let mut sentences: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (index, &ch) in chars.iter().enumerate() {
        if matches!(ch, '.' | '!' | '?' | '。' | '！' | '？' | '\n' | ';' | '；') {
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
        ],
        Lang::Zh => &["请", "麻烦您", "能否", "可否"],
        _ => &[
            "please",
            "could you",
            "can you",
            "would you",
            "kindly",
            "let us know",
            "send us",
            "confirm",
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
                sentence.to_lowercase()
            };
            sentence.trim_end().ends_with(['?', '？'])
                || request_words.iter().any(|w| sentence.contains(w))
        })
        .collect();
    let switches = has_list(matches, WordList::TopicSwitch, None);
    if requests.len() >= 3 || (requests.len() >= 2 && switches) {
        let (from, to) = (requests[1].0, chars.len());
        let detail = requests.len().to_string();
        draft.push(Rule::MultiTopic, "multi_topic", from, to, &detail, None);
    }
}
