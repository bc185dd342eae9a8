//! Does a customer's message ask to stop being messaged? The consent text tells visitors to reply STOP to
//! withdraw, so the assistant must recognise that reply — in any of the three languages — and offer to record
//! the withdrawal (`POST /consents/withdrawals`). The phrases are data (`opt_out.txt`).

use std::sync::OnceLock;

/// Words said around a request that do not change it ("stop please", "СТОП, спасибо").
const POLITE: &[&str] = &[
    "please",
    "pls",
    "plz",
    "thanks",
    "thank you",
    "now",
    "пожалуйста",
    "спасибо",
    "请",
    "谢谢",
    "了",
];

/// Negations that turn a phrase around ("I don't want to unsubscribe").
const NEGATIONS: &[&str] = &[
    "don t want to",
    "do not want to",
    "not",
    "don t",
    "do not",
    "не хочу",
    "不想",
    "不要",
];

struct Phrases {
    alone: Vec<String>,
    anywhere: Vec<String>,
}

fn phrases() -> &'static Phrases {
    static PHRASES: OnceLock<Phrases> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let mut phrases = Phrases {
            alone: Vec::new(),
            anywhere: Vec::new(),
        };
        for mut fields in crate::data::records(include_str!("opt_out.txt")) {
            let (_lang, how, words) = (fields.next(), fields.next(), fields.next());
            match (how, words) {
                (Some("alone"), Some(words)) => phrases.alone.push(words.to_string()),
                (Some("phrase"), Some(words)) => phrases.anywhere.push(words.to_string()),
                _ => {}
            }
        }
        phrases
    })
}

/// The message in lower case with every run of punctuation, symbols and spaces as one space; Chinese
/// punctuation goes too.
fn normalized(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for c in message.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Whether the customer's message asks to stop being messaged (STOP, unsubscribe, СТОП, отписаться, 退订,
/// 取消订阅…): a message that is just such a word, or one that contains such a phrase not right after a negation.
pub fn asks_to_opt_out(message: &str) -> bool {
    let text = normalized(message);
    if text.is_empty() {
        return false;
    }
    let phrases = phrases();
    // Alone: what is left once polite words are taken out.
    let mut rest = format!(" {text} ");
    for polite in POLITE {
        let pattern = if polite.chars().any(is_cjk) {
            polite.to_string()
        } else {
            format!(" {polite} ")
        };
        while let Some(at) = rest.find(&pattern) {
            rest.replace_range(at..at + pattern.len(), " ");
        }
    }
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    if phrases.alone.contains(&rest) {
        return true;
    }
    let padded = format!(" {text} ");
    phrases.anywhere.iter().any(|phrase| {
        let cjk = phrase.chars().any(is_cjk);
        let pattern = if cjk {
            phrase.clone()
        } else {
            format!(" {phrase} ")
        };
        let mut from = 0;
        while let Some(found) = padded[from..].find(&pattern) {
            let at = from + found;
            let before = padded[..at].trim_end();
            let negated = NEGATIONS.iter().any(|negation| {
                before.ends_with(negation)
                    && (negation.chars().any(is_cjk)
                        || before[..before.len() - negation.len()].ends_with(' ')
                        || before.len() == negation.len())
            });
            if !negated {
                return true;
            }
            from = at + pattern.len().max(1);
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opt_outs_in_three_languages() {
        for message in [
            "STOP",
            "Stop.",
            "stop please",
            "STOP!!!",
            "Unsubscribe",
            "Please unsubscribe me from these messages",
            "How do I opt out of WhatsApp updates?",
            "Stop messaging me.",
            "Please remove my number, thanks",
            "Don't message me again",
            "СТОП",
            "Стоп, пожалуйста",
            "Хочу отписаться от рассылки",
            "Больше не пишите мне сюда",
            "Прекратите рассылку!",
            "退订",
            "取消订阅，谢谢",
            "请不要再发消息给我了",
            "TD",
        ] {
            assert!(asks_to_opt_out(message), "{message}");
        }
    }

    #[test]
    fn other_messages_are_not_opt_outs() {
        for message in [
            "",
            "Where is my order?",
            "The bus stop near your clinic is closed, how do I get there?",
            "I can't stop coughing, can I book a doctor today?",
            "I don't want to unsubscribe, just change my number",
            "Please don't cancel my appointment",
            "My subscription renewal failed",
            "Не могу остановить автоплатёж",
            "Я не хочу отписаться, просто смените номер",
            "这个订单什么时候发货？",
            "Stop by tomorrow?",
        ] {
            assert!(!asks_to_opt_out(message), "{message}");
        }
    }
}
