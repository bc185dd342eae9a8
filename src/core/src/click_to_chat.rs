//! WhatsApp click-to-chat links.
//!
//! This module owns the shape of the links that hand a visitor or an agent over to WhatsApp: `wa.me`
//! (phones and the default), `api.whatsapp.com/send` and `web.whatsapp.com/send` (desktop), with or without
//! a number (the share form), and the prefilled text encoded exactly like JavaScript's
//! `encodeURIComponent`. It never opens anything itself and never sees a number that is not an [`E164`].

use super::phone::E164;

/// The longest percent-encoded prefilled text a link carries, in bytes.
///
/// Chosen so that a whole link stays under 2,000 characters, the length every browser, WhatsApp client and
/// a medium-error-correction QR code handle. Longer texts are cut at a character boundary (never inside a
/// UTF-8 sequence or a percent escape, and never between an emoji and its modifiers), and the link says so.
pub const MAX_ENCODED_TEXT_BYTES: usize = 1800;

/// Which WhatsApp entry point the link opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LinkForm {
    /// `https://wa.me/…`: opens the app on phones and the WhatsApp desktop or web choice on computers.
    #[default]
    WaMe,
    /// `https://api.whatsapp.com/send?…`: the same through the API host.
    Api,
    /// `https://web.whatsapp.com/send?…`: straight into WhatsApp Web.
    Web,
}

impl LinkForm {
    /// Reads the names the CLI and config use: `wa.me`, `api`, `web`.
    pub fn from_name(name: &str) -> Option<LinkForm> {
        match name {
            "wa.me" | "wame" => Some(LinkForm::WaMe),
            "api" => Some(LinkForm::Api),
            "web" => Some(LinkForm::Web),
            _ => None,
        }
    }
}

/// A built link and whether its text had to be shortened to fit [`MAX_ENCODED_TEXT_BYTES`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatLink {
    pub url: String,
    pub truncated: bool,
}

/// Builds the link that opens a chat with `recipient` (or the share picker when `None`) with `text` prefilled.
/// An empty text adds no `text` parameter.
pub fn build_chat_url(form: LinkForm, recipient: Option<&E164>, text: &str) -> ChatLink {
    let (encoded, truncated) = encode_text_capped(text, MAX_ENCODED_TEXT_BYTES);
    let digits = recipient.map(E164::digits);
    let mut url = match form {
        LinkForm::WaMe => format!("https://wa.me/{}", digits.as_deref().unwrap_or("")),
        LinkForm::Api => "https://api.whatsapp.com/send".to_string(),
        LinkForm::Web => "https://web.whatsapp.com/send".to_string(),
    };
    let mut separator = '?';
    if form != LinkForm::WaMe {
        if let Some(digits) = &digits {
            url.push_str("?phone=");
            url.push_str(digits);
            separator = '&';
        }
    }
    if !encoded.is_empty() {
        url.push(separator);
        url.push_str("text=");
        url.push_str(&encoded);
    }
    ChatLink { url, truncated }
}

/// Percent-encodes like JavaScript's `encodeURIComponent`: everything but `A–Z a–z 0–9 - _ . ! ~ * ' ( )`
/// becomes UTF-8 bytes as `%XX` (upper-case hex).
pub fn encode_uri_component(text: &str) -> String {
    encode_text_capped(text, usize::MAX).0
}

fn encode_text_capped(text: &str, cap: usize) -> (String, bool) {
    let mut encoded = String::with_capacity(text.len().min(cap));
    // Byte length of `encoded` after each whole character, to back off to a cluster start when cutting.
    let mut boundaries: Vec<(usize, char)> = Vec::new();
    for ch in text.chars() {
        let before = encoded.len();
        push_encoded_char(&mut encoded, ch);
        if encoded.len() > cap {
            encoded.truncate(before);
            // Never leave an emoji without its modifier, a letter without its accent, or a dangling joiner.
            let mut dropped = ch;
            while is_cluster_extender(dropped)
                || boundaries
                    .last()
                    .is_some_and(|&(_, last)| last == '\u{200D}')
            {
                match boundaries.pop() {
                    Some((start, last)) => {
                        encoded.truncate(start);
                        dropped = last;
                    }
                    None => break,
                }
            }
            return (encoded, true);
        }
        boundaries.push((before, ch));
    }
    (encoded, false)
}

fn push_encoded_char(out: &mut String, ch: char) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    if ch.is_ascii_alphanumeric()
        || matches!(ch, '-' | '_' | '.' | '!' | '~' | '*' | '\'' | '(' | ')')
    {
        out.push(ch);
        return;
    }
    let mut buffer = [0u8; 4];
    for byte in ch.encode_utf8(&mut buffer).bytes() {
        out.push('%');
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0F)]));
    }
}

/// Characters that belong to the character before them: combining marks, joiners, variation selectors,
/// emoji skin-tone modifiers, keycaps and tag characters.
fn is_cluster_extender(ch: char) -> bool {
    matches!(ch,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{200C}' | '\u{200D}' | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::normalize_phone;

    fn number(input: &str) -> E164 {
        normalize_phone(input, None).expect("test numbers are valid")
    }

    fn check(form: LinkForm, recipient: Option<&str>, text: &str, expected: &str) {
        let recipient = recipient.map(number);
        assert_eq!(build_chat_url(form, recipient.as_ref(), text).url, expected);
    }

    #[test]
    fn link_forms() {
        check(
            LinkForm::WaMe,
            Some("+44 7911 123456"),
            "Hi there",
            "https://wa.me/447911123456?text=Hi%20there",
        );
        check(
            LinkForm::WaMe,
            Some("+44 7911 123456"),
            "",
            "https://wa.me/447911123456",
        );
        check(
            LinkForm::WaMe,
            None,
            "Look at this",
            "https://wa.me/?text=Look%20at%20this",
        );
        check(LinkForm::WaMe, None, "", "https://wa.me/");
        check(
            LinkForm::Api,
            Some("+7 912 345 67 89"),
            "Да",
            "https://api.whatsapp.com/send?phone=79123456789&text=%D0%94%D0%B0",
        );
        check(
            LinkForm::Api,
            None,
            "x",
            "https://api.whatsapp.com/send?text=x",
        );
        check(
            LinkForm::Web,
            Some("+86 139 1234 5678"),
            "",
            "https://web.whatsapp.com/send?phone=8613912345678",
        );
        check(
            LinkForm::Web,
            Some("+86 139 1234 5678"),
            "你好",
            "https://web.whatsapp.com/send?phone=8613912345678&text=%E4%BD%A0%E5%A5%BD",
        );
    }

    #[test]
    fn encodes_like_encode_uri_component() {
        let cases = [
            ("a b", "a%20b"),
            ("line\nnext", "line%0Anext"),
            ("A-Z_a.z!~*'()", "A-Z_a.z!~*'()"),
            ("?&=#+/:;,@$", "%3F%26%3D%23%2B%2F%3A%3B%2C%40%24"),
            ("100%", "100%25"),
            ("😀", "%F0%9F%98%80"),
            ("é", "%C3%A9"),
        ];
        for (text, expected) in cases {
            assert_eq!(encode_uri_component(text), expected, "{text:?}");
        }
    }

    #[test]
    fn long_text_is_cut_cleanly() {
        let text = "Привет! ".repeat(400);
        let link = build_chat_url(LinkForm::WaMe, Some(&number("+44 7911 123456")), &text);
        assert!(link.truncated);
        let encoded = link.url.split_once("text=").unwrap().1;
        assert!(encoded.len() <= MAX_ENCODED_TEXT_BYTES);
        assert!(link.url.len() < 2000);
        // Every escape is whole and the bytes decode to a prefix of the text.
        let decoded = percent_decode(encoded);
        assert!(text.starts_with(&decoded));
    }

    #[test]
    fn cut_never_separates_an_emoji_from_its_modifiers() {
        // A family emoji (joined with ZWJ) that straddles the cap.
        let family = "👨\u{200D}👩\u{200D}👧";
        for pad in 0..40 {
            let text = format!(
                "{}{}{}",
                "a".repeat(MAX_ENCODED_TEXT_BYTES - 20 + pad),
                family,
                "b"
            );
            let (encoded, _) = encode_text_capped(&text, MAX_ENCODED_TEXT_BYTES);
            let decoded = percent_decode(&encoded);
            assert!(
                !decoded.ends_with('\u{200D}'),
                "dangling joiner at pad {pad}"
            );
            let tail: String = decoded.chars().skip_while(|&c| c == 'a').collect();
            assert!(
                tail.is_empty() || tail == family || tail == format!("{family}b"),
                "pad {pad}: {tail:?}"
            );
        }
        let thumbs = "👍🏽";
        let text = format!("{}{}", "a".repeat(MAX_ENCODED_TEXT_BYTES - 6), thumbs);
        let decoded = percent_decode(&encode_text_capped(&text, MAX_ENCODED_TEXT_BYTES).0);
        assert!(
            !decoded.contains('👍'),
            "the thumb must go with its skin tone"
        );
    }

    fn percent_decode(encoded: &str) -> String {
        let bytes = encoded.as_bytes();
        let mut out = Vec::new();
        let mut index = 0;
        while index < bytes.len() {
            if bytes[index] == b'%' {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).expect("whole escape");
                out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
                index += 3;
            } else {
                out.push(bytes[index]);
                index += 1;
            }
        }
        String::from_utf8(out).expect("valid UTF-8")
    }
}
