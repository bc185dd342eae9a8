//! Tone checks on an agent's draft: findings with spans, severities, messages and fixes.
//!
//! This module owns the tone rules of PRODUCT.md. Like Vale, it has a few rule *kinds* in code — word lists
//! (`pressure`, `informal`, `blame`, `profanity`), capitals (`shouting`), punctuation and spelling (`exclamation`,
//! `sloppy`), limits (`too_long`, `emoji_overuse`), required presence in a context (`no_empathy`, `no_greeting`,
//! `no_opt_out`), structure (`multi_topic`, `unfilled_placeholder`) and time (`after_hours`, `outside_window`, in
//! `core::hours`) — while the words, limits and messages are data (`words.txt`, `limits.txt`, `messages.txt`)
//! that a company's [`ToneConfig`] can extend or override. Bad prose is not an error: findings are plain data.
//! It never reads the clock: the send time comes in the context.

mod config;
mod rules;
mod time_rules;

pub use config::{parse_tone_config, ToneConfigError};

use std::collections::HashMap;
use std::sync::OnceLock;

use super::classify::Category;
use super::lang::Lang;
use super::lexicon::Lexicon;
use super::phone::E164;
use super::time::{Timestamp, WorkingHours};

pub use rules::check_text_rules;

/// A rule id from PRODUCT.md's vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    Shouting,
    Exclamation,
    Pressure,
    Informal,
    Sloppy,
    TooLong,
    MultiTopic,
    NoEmpathy,
    NoGreeting,
    Blame,
    EmojiOveruse,
    Profanity,
    UnfilledPlaceholder,
    NoOptOut,
    AfterHours,
    OutsideWindow,
}

impl Rule {
    pub const ALL: [Rule; 16] = [
        Rule::Shouting,
        Rule::Exclamation,
        Rule::Pressure,
        Rule::Informal,
        Rule::Sloppy,
        Rule::TooLong,
        Rule::MultiTopic,
        Rule::NoEmpathy,
        Rule::NoGreeting,
        Rule::Blame,
        Rule::EmojiOveruse,
        Rule::Profanity,
        Rule::UnfilledPlaceholder,
        Rule::NoOptOut,
        Rule::AfterHours,
        Rule::OutsideWindow,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::Shouting => "shouting",
            Rule::Exclamation => "exclamation",
            Rule::Pressure => "pressure",
            Rule::Informal => "informal",
            Rule::Sloppy => "sloppy",
            Rule::TooLong => "too_long",
            Rule::MultiTopic => "multi_topic",
            Rule::NoEmpathy => "no_empathy",
            Rule::NoGreeting => "no_greeting",
            Rule::Blame => "blame",
            Rule::EmojiOveruse => "emoji_overuse",
            Rule::Profanity => "profanity",
            Rule::UnfilledPlaceholder => "unfilled_placeholder",
            Rule::NoOptOut => "no_opt_out",
            Rule::AfterHours => "after_hours",
            Rule::OutsideWindow => "outside_window",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }

    /// Errors block sending a template library (`lint-templates`); warnings and suggestions advise.
    ///
    /// A rule earns a warning by its precision on real agent replies (`make eval`, hand-judged findings,
    /// LanguageTool's practice): below 80% it only suggests. `no_empathy` measured 72%, then 80.3% (the
    /// incoming message's complaint is sometimes misread: at the line), so it suggests; `sloppy` and `multi_topic` suggest for the
    /// same reason. A company can raise any rule with `rules.severity`.
    pub fn default_severity(self) -> Severity {
        match self {
            Rule::Profanity | Rule::UnfilledPlaceholder | Rule::NoOptOut | Rule::OutsideWindow => {
                Severity::Error
            }
            Rule::Shouting
            | Rule::Pressure
            | Rule::Blame
            | Rule::AfterHours
            | Rule::Exclamation
            | Rule::Informal => Severity::Warning,
            Rule::Sloppy
            | Rule::NoEmpathy
            | Rule::TooLong
            | Rule::MultiTopic
            | Rule::NoGreeting
            | Rule::EmojiOveruse => Severity::Suggestion,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Suggestion,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }

    pub fn from_code(code: &str) -> Option<Severity> {
        match code {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "suggestion" => Some(Severity::Suggestion),
            _ => None,
        }
    }
}

/// A change that fixes a finding: replace chars `start..end` of the draft with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// One tone finding. Offsets are chars, end exclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub suggestion: Option<String>,
    pub fix: Option<Fix>,
}

/// What kind of message the draft is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MessageKind {
    #[default]
    Service,
    Marketing,
    /// An approved template: may be sent outside the 24-hour window.
    Template,
}

impl MessageKind {
    pub fn from_code(code: &str) -> Option<MessageKind> {
        match code {
            "service" => Some(MessageKind::Service),
            "marketing" => Some(MessageKind::Marketing),
            "template" => Some(MessageKind::Template),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            MessageKind::Service => "service",
            MessageKind::Marketing => "marketing",
            MessageKind::Template => "template",
        }
    }
}

/// What the checker knows about the conversation. Everything is optional.
#[derive(Clone, Debug, Default)]
pub struct ToneContext {
    /// The customer's message being answered.
    pub incoming: Option<String>,
    /// Its category, when already known (else it is classified from `incoming`).
    pub incoming_category: Option<Category>,
    pub first_message: bool,
    pub kind: MessageKind,
    /// When the draft would be sent.
    pub now: Option<Timestamp>,
    pub recipient: Option<E164>,
    pub last_customer_message_at: Option<Timestamp>,
}

/// A company's adjustments: rules switched off, severities, limits, extra words.
#[derive(Clone, Debug, Default)]
pub struct ToneConfig {
    pub disabled: Vec<Rule>,
    pub severities: HashMap<Rule, Severity>,
    pub too_long: Option<usize>,
    pub first_message_too_long: Option<usize>,
    pub emoji_max: Option<usize>,
    /// Extra patterns per word list (`pressure`, `informal`, `blame`, `profanity`, `greeting`, `empathy`, `opt_out`).
    pub extra_words: Vec<(String, String)>,
    pub working_hours: WorkingHours,
}

/// The result of a check: the language the rules used and the findings, ordered by position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToneReport {
    pub lang: Lang,
    pub findings: Vec<Finding>,
}

/// Word lists that are rules, and lists the rules look for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WordList {
    Pressure,
    Informal,
    Blame,
    Profanity,
    Greeting,
    Empathy,
    OptOut,
    TopicSwitch,
    /// Clean words and phrases that contain a swear word (`cum laude`, `oilseed rape`, 明日 before 日你): a
    /// profanity match that one of them covers from before its start, or past its end, is not reported.
    NotProfanity,
    /// A slot of a structure of `structures.txt` (`None`: one of its exclusions), found by the same pass.
    Structure {
        structure: u16,
        slot: Option<u8>,
    },
}

impl WordList {
    pub fn from_name(name: &str) -> Option<WordList> {
        Some(match name {
            "pressure" => WordList::Pressure,
            "informal" => WordList::Informal,
            "blame" => WordList::Blame,
            "profanity" => WordList::Profanity,
            "greeting" => WordList::Greeting,
            "empathy" => WordList::Empathy,
            "opt_out" => WordList::OptOut,
            "topic_switch" => WordList::TopicSwitch,
            "not_profanity" => WordList::NotProfanity,
            _ => return None,
        })
    }
}

/// A lexicon entry: the list it belongs to and the replacement it suggests.
#[derive(Clone, Debug)]
pub struct WordEntry {
    pub list: WordList,
    pub replacement: Option<String>,
    /// The only draft language the entry applies to (`profanity@zh`), for words that mean something else in
    /// another language's text: `sb` and `tmd` are Chinese swearing in a Chinese draft, initials in an English
    /// one.
    pub lang: Option<Lang>,
}

/// Limits per language.
#[derive(Clone, Copy, Debug)]
struct Limits {
    too_long: usize,
    first_message_too_long: usize,
    emoji_max: usize,
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Ru => 1,
        Lang::Zh => 2,
        Lang::En | Lang::Other => 0,
    }
}

fn default_limits(lang: Lang) -> Limits {
    static LIMITS: OnceLock<HashMap<String, [usize; 3]>> = OnceLock::new();
    let table = LIMITS.get_or_init(|| {
        crate::data::records(include_str!("limits.txt"))
            .filter_map(|fields| {
                let fields: Vec<&str> = fields.collect();
                let values = [
                    fields.get(1)?.parse().ok()?,
                    fields.get(2)?.parse().ok()?,
                    fields.get(3)?.parse().ok()?,
                ];
                Some((fields[0].to_string(), values))
            })
            .collect()
    });
    let pick = |name: &str, fallback: usize| {
        table
            .get(name)
            .map_or(fallback, |values| values[lang_index(lang)])
    };
    Limits {
        too_long: pick("too_long", 600),
        first_message_too_long: pick("first_message_too_long", 600),
        emoji_max: pick("emoji_max", 3),
    }
}

fn add_words(lexicon: &mut Lexicon<WordEntry>, source: &str) {
    for fields in crate::data::records(source) {
        let fields: Vec<&str> = fields.collect();
        let (name, lang) = match fields.first().and_then(|name| name.split_once('@')) {
            Some((name, code)) => (name, Lang::from_code(code)),
            None => (fields.first().copied().unwrap_or(""), None),
        };
        let Some(list) = WordList::from_name(name) else {
            continue;
        };
        let replacement = fields.get(2).map(|text| text.trim().to_string());
        for pattern in fields.get(1).copied().unwrap_or("").split('|') {
            add_pattern(lexicon, list, pattern, replacement.clone(), lang);
        }
    }
}

/// Adds one pattern of a list. A swear phrase is also added as written joined and hyphenated (`blow job`,
/// `blowjob`, `blow-job`): people write them all three ways, and the tokenizer keeps a hyphenated word whole.
fn add_pattern(
    lexicon: &mut Lexicon<WordEntry>,
    list: WordList,
    pattern: &str,
    replacement: Option<String>,
    lang: Option<Lang>,
) {
    let entry = || WordEntry {
        list,
        replacement: replacement.clone(),
        lang,
    };
    lexicon.add(pattern, entry());
    let words: Vec<&str> = pattern.split_whitespace().collect();
    let joinable = words.len() > 1
        && words[..words.len() - 1]
            .iter()
            .all(|word| !word.ends_with(['*', '+']))
        && words
            .iter()
            .all(|word| !word.starts_with(crate::text::is_han));
    if list == WordList::Profanity && joinable {
        lexicon.add(&words.concat(), entry());
        lexicon.add(&words.join("-"), entry());
    }
}

fn default_lexicon() -> &'static Lexicon<WordEntry> {
    static LEXICON: OnceLock<Lexicon<WordEntry>> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lexicon = Lexicon::new();
        add_words(&mut lexicon, include_str!("words.txt"));
        rules::add_structure_patterns(&mut lexicon);
        lexicon
    })
}

/// Whether `text` says how to stop the messages (the default `opt_out` list: "Reply STOP to unsubscribe",
/// «Чтобы отписаться…», 回复TD退订). Such a sentence is an instruction, not a demand, however imperative it reads.
pub fn has_opt_out(text: &str) -> bool {
    let tokens = super::text::tokenize(text);
    let lexicon = default_lexicon();
    lexicon
        .find_all(text, &tokens)
        .iter()
        .any(|found| lexicon.payload(found.entry).list == WordList::OptOut)
}

/// The message and suggestion texts of a rule (or sub-rule key such as `sloppy.doubled_word`) in a UI language.
pub fn rule_message(key: &str, ui_lang: Lang) -> (&'static str, &'static str) {
    /// (rule key, language) → (message, suggestion).
    type Messages = HashMap<(&'static str, &'static str), (&'static str, &'static str)>;
    static MESSAGES: OnceLock<Messages> = OnceLock::new();
    let table = MESSAGES.get_or_init(|| {
        crate::data::records(include_str!("messages.txt"))
            .filter_map(|fields| {
                let fields: Vec<&'static str> = fields.collect();
                Some((
                    (*fields.first()?, *fields.get(1)?),
                    (*fields.get(2)?, *fields.get(3).unwrap_or(&"")),
                ))
            })
            .collect()
    });
    let lang = match ui_lang {
        Lang::Ru => "ru",
        Lang::Zh => "zh",
        Lang::En | Lang::Other => "en",
    };
    table
        .get(&(key, lang))
        .or_else(|| table.get(&(key, "en")))
        .copied()
        .unwrap_or(("", ""))
}

/// A checker built once per configuration and reused for every keystroke.
pub struct ToneChecker {
    config: ToneConfig,
    /// The company's extra words; the default lists are shared by every checker.
    extra: Lexicon<WordEntry>,
}

impl ToneChecker {
    pub fn new(config: ToneConfig) -> ToneChecker {
        let mut extra = Lexicon::new();
        for (list, pattern) in &config.extra_words {
            if let Some(list) = WordList::from_name(list) {
                add_pattern(&mut extra, list, pattern, None, None);
            }
        }
        ToneChecker { config, extra }
    }

    /// Checks `text`. `lang` is the draft's language (`None` = detect); messages are in `ui_lang`.
    pub fn check(
        &self,
        text: &str,
        lang: Option<Lang>,
        context: &ToneContext,
        ui_lang: Lang,
    ) -> ToneReport {
        let lang = lang.unwrap_or_else(|| super::lang::detect_language(text));
        let defaults = default_limits(lang);
        let limits = Limits {
            too_long: self.config.too_long.unwrap_or(defaults.too_long),
            first_message_too_long: self
                .config
                .first_message_too_long
                .unwrap_or(defaults.first_message_too_long),
            emoji_max: self.config.emoji_max.unwrap_or(defaults.emoji_max),
        };
        let mut findings = check_text_rules(
            text,
            lang,
            context,
            ui_lang,
            &rules::RuleInputs {
                lexicons: [default_lexicon(), &self.extra],
                too_long: limits.too_long,
                first_message_too_long: limits.first_message_too_long,
                emoji_max: limits.emoji_max,
            },
        );
        findings.extend(time_rules::check_time_rules(
            context,
            &self.config.working_hours,
            ui_lang,
        ));
        findings.retain(|finding| !self.config.disabled.contains(&finding.rule));
        for finding in &mut findings {
            if let Some(severity) = self.config.severities.get(&finding.rule) {
                finding.severity = *severity;
            }
        }
        findings.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(a.end.cmp(&b.end))
                .then(a.rule.cmp(&b.rule))
        });
        ToneReport { lang, findings }
    }
}

/// Checks a draft with the default configuration.
pub fn check_tone(
    text: &str,
    lang: Option<Lang>,
    context: &ToneContext,
    ui_lang: Lang,
) -> ToneReport {
    ToneChecker::new(ToneConfig::default()).check(text, lang, context, ui_lang)
}

/// Applies a fix to a draft (offsets in chars).
pub fn apply_fix(text: &str, fix: &Fix) -> String {
    let start = text
        .char_indices()
        .nth(fix.start)
        .map_or(text.len(), |(byte, _)| byte);
    let end = text
        .char_indices()
        .nth(fix.end)
        .map_or(text.len(), |(byte, _)| byte);
    format!("{}{}{}", &text[..start], fix.replacement, &text[end..])
}

#[cfg(test)]
mod paraphrase_tests;
#[cfg(test)]
mod profanity_tests;
#[cfg(test)]
mod tests;
