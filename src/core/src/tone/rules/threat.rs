//! `pressure` by structure: a condition on what the customer does not do, and a sanction that follows
//! ("If the debt is not paid within a day, access to the account will be restricted"; «Если задолженность не
//! будет погашена…, доступ будет ограничен»; 如果…还不结清欠款，您的账户将被冻结). Such a threat is
//! written in too many words for a list; its two halves are few. A sanction without a condition is a notice
//! ("Access will be restricted during maintenance"), and a condition on what we do is a promise.

use super::*;

/// Words that open a condition.
#[rustfmt::skip]
const CONDITION: &[&str] = &["if", "unless", "если", "ежели"];
/// The same in Chinese, found in the text (no segmenter).
const CONDITION_ZH: &[&str] = &["如果", "要是", "假如", "倘若"];

/// Negations inside the condition: the customer not doing something (`unless` is one by itself).
#[rustfmt::skip]
const NEGATION: &[&str] = &[
    "not", "don't", "doesn't", "didn't", "won't", "haven't", "hasn't", "no", "never", "fail", "fails",
    "не", "нет", "ни", "不", "没", "未", "没有",
];

/// The sanction's verbs (English and Russian stems; Chinese after 将被/会被/就被/被).
#[rustfmt::skip]
const SANCTION: &[&str] = &[
    "suspend", "block", "frozen", "freez", "restrict", "closed", "clos", "cancel", "disconnect", "terminat",
    "deactivat", "releas", "forfeit", "lose", "lost", "collection", "legal action", "given to someone",
    "reject", "refus", "declin", "ограничен", "отклон", "откаж", "заблокир", "блокир", "закрыт", "отключ", "аннулир", "отменен", "отменён", "отменить", "отменим", "отменят", "передан",
    "приостанов", "потеряете", "взыскан", "суд",
];
const SANCTION_ZH: &[&str] = &[
    "冻结", "停用", "关闭", "取消", "停机", "限制", "注销", "释放", "收回", "起诉", "催收", "让给",
];
/// Chinese losses that follow a negative condition as they stand, with no 被 / 将 / 就 before them: the slot or
/// the place is gone ("您今天不定的话这周末肯定排不上"; session 16, blind6).
const LOSS_ZH: &[&str] = &[
    "排不上",
    "约不上",
    "订不到",
    "抢不到",
    "买不到",
    "没位置了",
    "没名额了",
    "就没了",
];

/// Adds a `pressure` finding for each sentence that threatens a sanction on a negative condition, unless a
/// word-list `pressure` finding already covers it.
pub(super) fn conditional_threats(draft: &mut Draft<'_>) {
    let chars = draft.chars.clone();
    let mut start = 0;
    for index in 0..=chars.len() {
        let ends = index == chars.len()
            || matches!(
                chars[index],
                '.' | '!' | '?' | '。' | '！' | '？' | '\n' | ';' | '；'
            );
        if !ends {
            continue;
        }
        let (from, to) = (start, index);
        start = index + 1;
        if to <= from || !is_threat(draft, from, to) {
            continue;
        }
        let covered = draft
            .findings
            .iter()
            .any(|f| f.rule == Rule::Pressure && f.start < to && f.end > from);
        if covered || draft.is_masked(from, to) {
            continue;
        }
        let lead = chars[from..to]
            .iter()
            .take_while(|c| c.is_whitespace())
            .count();
        let excerpt: String = chars[from + lead..to].iter().take(60).collect();
        draft.push(Rule::Pressure, "pressure", from + lead, to, &excerpt, None);
    }
}

/// Words that open the other branch of an ultimatum: "Pay today, otherwise your booking will be cancelled",
/// "…or else", «…, иначе бронь будет отменена», 否则/不然 订单将被取消.
#[rustfmt::skip]
const OTHERWISE: &[&str] = &["otherwise", "иначе"];
const OTHERWISE_ZH: &[&str] = &["否则", "不然"];

/// Time words after which an `or` opens an ultimatum's other branch ("Confirm right now or the order is
/// cancelled").
const NOW: &[&str] = &["now", "today", "tonight", "immediately", "asap"];

/// Whether the sentence's tokens carry an ultimatum's other branch with a sanction after it: `otherwise` or
/// `or else`, or `or` before "your"/"we" (`…today or your seat goes to the next person`) or after a time word.
fn ultimatum(tokens: &[Token]) -> Option<usize> {
    tokens.iter().enumerate().find_map(|(at, t)| {
        let next = tokens.get(at + 1).map_or("", |n| n.folded.as_str());
        let after_now = at > 0 && NOW.contains(&tokens[at - 1].folded.as_str());
        let opens = OTHERWISE.contains(&t.folded.as_str())
            || (t.folded == "or"
                && (after_now || matches!(next, "else" | "your" | "we" | "we'll")))
            || (t.folded == "а" && next == "то");
        opens.then_some(at + 1)
    })
}

fn is_threat(draft: &Draft<'_>, from: usize, to: usize) -> bool {
    // Tokens are in text order: the sentence's are a slice, found by two binary searches.
    let first = draft.tokens.partition_point(|t| t.start < from);
    let last = draft.tokens.partition_point(|t| t.end <= to).max(first);
    let tokens = &draft.tokens[first..last];
    let raw: String = draft.chars[from..to].iter().collect();
    if let Some(after) = ultimatum(tokens) {
        // In an ultimatum the present stands for the future: "…or the order is cancelled".
        let present = tokens[after..]
            .iter()
            .any(|t| matches!(t.folded.as_str(), "is" | "are" | "gets" | "get" | "goes"));
        if sanction_follows(&tokens[after..], "") || present && sanction_named(&tokens[after..]) {
            return true;
        }
    }
    if let Some(byte) = OTHERWISE_ZH.iter().find_map(|w| raw.find(w)) {
        if sanction_follows(&[], &raw[byte..].to_lowercase()) {
            return true;
        }
    }
    // The condition: its word (most sentences have none, and end here), and a negation after it.
    let condition_at = tokens
        .iter()
        .position(|t| CONDITION.contains(&t.folded.as_str()))
        .or_else(|| {
            CONDITION_ZH.iter().find_map(|w| {
                raw.find(w).map(|byte| {
                    let at = from + raw[..byte].chars().count();
                    tokens.partition_point(|t| t.end <= at)
                })
            })
        });
    // Chinese also closes a condition with 的话 and no opening word: "周五之前不回复的话，我们只能取消…".
    if condition_at.is_none() {
        if let Some(byte) = raw.find("的话") {
            let (condition, rest) = (&raw[..byte], &raw[byte..]);
            return ["不", "没", "未"].iter().any(|n| condition.contains(n))
                && !["为您", "帮您"].iter().any(|w| rest.contains(w))
                && sanction_follows(&[], rest);
        }
    }
    let Some(condition_at) = condition_at.filter(|&at| at < tokens.len()) else {
        return false;
    };
    let unless = tokens[condition_at].folded == "unless";
    let negated = unless
        || tokens[condition_at..].iter().any(|t| {
            NEGATION.contains(&t.folded.as_str())
                || t.kind == TokenKind::Han
                    && ["不", "没", "未"].iter().any(|n| t.folded.contains(n))
        });
    let text = raw.to_lowercase();
    // "If you don't need it any more, we'll cancel it for you": an offer, not a sanction.
    let offered = ["for you", "для вас", "за вас", "为您", "帮您"]
        .iter()
        .any(|w| text.contains(w));
    if !negated || offered {
        return false;
    }
    // The sanction (either order in English: "Your account will be suspended unless…" is the same threat).
    sanction_follows(tokens, &text)
}

/// Whether `tokens` name a sanction verb (English and Russian), in any tense.
fn sanction_named(tokens: &[Token]) -> bool {
    tokens.iter().any(|t| {
        SANCTION
            .iter()
            .any(|s| !s.contains(' ') && t.folded.starts_with(s))
    })
}

/// Whether `tokens` (or, for Chinese, the lower-case `text`) hold a sanction in the future: a sanction verb and
/// "will"/"будет"…, or a Chinese sanction right after 被, 将 or 就 (将被冻结, 就停机).
fn sanction_follows(tokens: &[Token], text: &str) -> bool {
    let joined: String;
    let text = if text.is_empty() {
        joined = tokens
            .iter()
            .map(|t| t.folded.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        joined.as_str()
    } else {
        text
    };
    let words_sanction = tokens.iter().any(|t| {
        SANCTION
            .iter()
            .any(|s| !s.contains(' ') && t.folded.starts_with(s))
    }) || SANCTION.iter().any(|s| s.contains(' ') && text.contains(s));
    let han_sanction = SANCTION_ZH.iter().any(|s| {
        text.match_indices(s).any(|(byte, _)| {
            let before = &text[..byte];
            before
                .chars()
                .next_back()
                .is_some_and(|c| matches!(c, '被' | '将' | '就'))
                || ["只能", "只好", "不得不"]
                    .iter()
                    .any(|w| before.ends_with(w))
        })
    });
    let future = tokens.iter().any(|t| {
        matches!(
            t.folded.as_str(),
            "will"
                | "we'll"
                | "it'll"
                | "would"
                | "be"
                | "будет"
                | "будут"
                | "будем"
                | "придётся"
                | "придется"
        ) || t.folded.starts_with("потеря")
            || t.folded.starts_with("передад")
            || t.folded.starts_with("отключ")
            || t.folded.starts_with("заблокир")
    });
    let han_loss = LOSS_ZH.iter().any(|loss| text.contains(loss));
    (words_sanction && future) || han_sanction || han_loss
}
