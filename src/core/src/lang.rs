//! Which language a short chat message is in: English, Russian, Chinese, or other.
//!
//! This module owns language identification for the engines. Chat is short ("ok", "спасибо", "在吗"), so it
//! decides by script first (Han → Chinese, Cyrillic → Russian unless it is Ukrainian-only letters, kana or
//! Hangul → other) and, for Latin script, by function words: English unless the words are clearly another
//! Latin-script language. No statistical model: a general detector misreads short chat (TOOLCHAIN.md).

use super::text::{is_cyrillic, is_han, is_latin_letter};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Ru,
    Zh,
    Other,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Zh => "zh",
            Lang::Other => "other",
        }
    }

    /// Reads `en`, `ru`, `zh` (also regional forms such as `en-GB`, `zh-Hans`, `ru_RU`); anything else is `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            "zh" => Some(Lang::Zh),
            "other" => Some(Lang::Other),
            _ => None,
        }
    }
}

/// Words that mark English, and words that mark the other Latin-script languages customers write in (Spanish,
/// Portuguese, French, German, Italian, Turkish, Indonesian function words that are not English). Sorted: a word
/// is looked up by binary search (a unit test keeps the order).
const ENGLISH_WORDS: &[&str] = &[
    "a", "an", "and", "are", "can", "do", "does", "for", "has", "have", "hello", "hey", "hi",
    "how", "i", "in", "is", "it", "me", "my", "no", "not", "of", "ok", "okay", "on", "order",
    "please", "thank", "thanks", "that", "the", "there", "this", "to", "was", "we", "what", "when",
    "where", "why", "will", "with", "would", "yes", "you", "your",
];
const OTHER_LATIN_WORDS: &[&str] = &[
    "apa",
    "avec",
    "bir",
    "bitte",
    "bonjour",
    "bu",
    "ciao",
    "con",
    "dan",
    "danke",
    "das",
    "della",
    "der",
    "des",
    "die",
    "el",
    "es",
    "est",
    "está",
    "et",
    "gracias",
    "grazie",
    "hallo",
    "hola",
    "ich",
    "il",
    "ist",
    "je",
    "kasih",
    "las",
    "le",
    "les",
    "los",
    "merci",
    "merhaba",
    "mit",
    "nicht",
    "não",
    "obrigado",
    "olá",
    "para",
    "pedido",
    "por",
    "pour",
    "que",
    "saya",
    "sim",
    "sono",
    "terima",
    "teşekkürler",
    "una",
    "und",
    "ve",
    "você",
    "vous",
    "yang",
];

fn is_listed(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

/// Identifies the language of `text`.
pub fn detect_language(text: &str) -> Lang {
    let (
        mut han,
        mut kana_or_hangul,
        mut cyrillic,
        mut ukrainian_only,
        mut russian_only,
        mut latin,
        mut other_script,
    ) = (0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    for ch in text.chars() {
        if is_han(ch) {
            han += 1;
        } else if matches!(ch, '\u{3040}'..='\u{30FF}' | '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}')
        {
            kana_or_hangul += 1;
        } else if is_cyrillic(ch) {
            cyrillic += 1;
            match ch {
                'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' | 'ў' | 'Ў' => {
                    ukrainian_only += 1
                }
                'ы' | 'э' | 'ъ' | 'ё' | 'Ы' | 'Э' | 'Ъ' | 'Ё' => russian_only += 1,
                _ => {}
            }
        } else if is_latin_letter(ch) {
            latin += 1;
        } else if ch.is_alphabetic() {
            other_script += 1;
        }
    }
    if kana_or_hangul > 0 {
        return Lang::Other;
    }
    // Latin letters beside Han or Cyrillic are often a brand, a model or a code ("Apple Watch", "TP-Link",
    // "SP4417823RU"): there, the language is the one whose words outnumber the Latin words that read as
    // language (`plain_latin_words`), counting each Han character as a word.
    let plain = if latin > 0 && (han > 0 || cyrillic > 0) {
        plain_latin_words(text)
    } else {
        0
    };
    if han > 0 && (han * 2 >= latin || han >= plain) {
        return Lang::Zh;
    }
    if cyrillic > 0 && (cyrillic >= latin || cyrillic_words(text) >= plain) {
        let ukrainian_words = [
            "дякую",
            "будь ласка",
            "отримал",
            "привіт",
            "вітаю",
            "що ",
            "як справи",
        ];
        // A letter only Russian has decides at once (without lower-casing the whole text).
        if russian_only > 0 {
            return Lang::Ru;
        }
        let ukrainian = ukrainian_only > 0 || {
            let lower = crate::text::fold(text);
            ukrainian_words.iter().any(|word| lower.contains(word))
        };
        return if ukrainian { Lang::Other } else { Lang::Ru };
    }
    if other_script > latin {
        return Lang::Other;
    }
    if latin == 0 {
        return if han > 0 { Lang::Zh } else { Lang::Other };
    }
    let (mut english, mut foreign) = (0usize, 0usize);
    let mut lower = String::new();
    for word in text
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
    {
        // Function words are short; a long word is in neither list.
        if word.len() > 8 {
            continue;
        }
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        english += usize::from(is_listed(ENGLISH_WORDS, &lower));
        foreign += usize::from(is_listed(OTHER_LATIN_WORDS, &lower));
    }
    if foreign > english {
        Lang::Other
    } else {
        Lang::En
    }
}

/// The words of `text` split at anything but letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

fn cyrillic_words(text: &str) -> usize {
    words(text)
        .filter(|word| word.chars().any(is_cyrillic))
        .count()
}

/// Latin words that read as language rather than as a name or a code: no digit, not in capitals, no capital
/// inside ("iPhone"), and capitalised only when it is an English function word opening a sentence ("Can").
fn plain_latin_words(text: &str) -> usize {
    words(text)
        .filter(|word| {
            if !word.chars().all(is_latin_letter) {
                return false;
            }
            let mut rest = word.chars().skip(1);
            let first_upper = word.starts_with(|c: char| c.is_uppercase());
            if rest.any(char::is_uppercase) {
                return false;
            }
            !first_upper || is_listed(ENGLISH_WORDS, &word.to_lowercase())
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [ENGLISH_WORDS, OTHER_LATIN_WORDS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    fn check(text: &str, expected: Lang) {
        assert_eq!(detect_language(text), expected, "{text}");
    }

    #[test]
    fn short_chat_is_identified() {
        check("ok", Lang::En);
        check("hey", Lang::En);
        check("thx!!", Lang::En);
        check("спасибо", Lang::Ru);
        check("добрый день", Lang::Ru);
        check("ок", Lang::Ru);
        check("在吗", Lang::Zh);
        check("哈喽", Lang::Zh);
        check("App卡在支付页面不动了", Lang::Zh);
        check("订单77341什么时候到？", Lang::Zh);
        check("When is my order 77341 arriving?", Lang::En);
        check("Когда приедет заказ 77341?", Lang::Ru);
    }

    #[test]
    fn brands_and_codes_in_latin_letters_do_not_outvote_the_message() {
        check("где заказ 48213 tracking SP4417823RU", Lang::Ru);
        check(
            "Здравствуйте, у меня проблема с Wi-Fi router TP-Link Archer C6",
            Lang::Ru,
        );
        check("Apple Watch Series 9 的表带断了", Lang::Zh);
        check("订单 tracking number SF1234567890 在哪", Lang::Zh);
        check("iPhone 15 Pro не заряжается", Lang::Ru);
        // English with a word or a name in another script stays English.
        check("Hi, my name is 王伟 and my order is late", Lang::En);
        check("Hello, this is Иван from the shop", Lang::En);
        check("I want to order борщ for two", Lang::En);
        check("Добрый день! Can you help me with my order?", Lang::En);
    }

    #[test]
    fn other_languages_are_other() {
        check("Hola, ¿dónde está mi pedido?", Lang::Other);
        check("Bonjour, je voudrais annuler ma commande", Lang::Other);
        check("Дякую, все отримала", Lang::Other);
        check("ありがとうございます", Lang::Other);
        check("شكرا جزيلا", Lang::Other);
        check("👍", Lang::Other);
    }

    #[test]
    fn codes_round_trip() {
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("ru_RU"), Some(Lang::Ru));
        assert_eq!(Lang::from_code("de"), None);
    }
}
