//! JSON text that crossed from JavaScript. A JS string may hold a lone UTF-16 surrogate (half of a character,
//! e.g. text cut in the middle of an emoji), which `JSON.stringify` writes as an escape such as `\ud83d` and
//! which no Rust string can hold, so `serde_json` refuses the whole document. [`read`] reads it anyway, with
//! each lone surrogate as U+FFFD, and says where they were, so a caller can name the field instead of
//! refusing everything with a misleading message.

use serde_json::Value;

/// A JSON document read by [`read`].
#[derive(Debug, PartialEq)]
pub struct JsonText {
    pub value: Value,
    /// Where the first lone surrogate was: the object keys and array indexes down to the string that held it
    /// (a key holding one is named itself). `None` when the text had none.
    pub lone_surrogate_at: Option<Vec<String>>,
}

/// Marks a lone surrogate while the document is read: a noncharacter, never in a config a person wrote.
const MARK: char = '\u{FDD0}';

/// Reads JSON text; lone surrogates become U+FFFD and the first one's place is reported. Other syntax errors
/// are `serde_json`'s.
pub fn read(text: &str) -> Result<JsonText, serde_json::Error> {
    match serde_json::from_str(text) {
        Ok(value) => Ok(JsonText {
            value,
            lone_surrogate_at: None,
        }),
        Err(error) => {
            let marked = mark_lone_surrogates(text);
            if marked == text {
                return Err(error);
            }
            let mut value: Value = serde_json::from_str(&marked)?;
            let place = find_mark(&value, &mut Vec::new());
            replace_marks(&mut value);
            Ok(JsonText {
                value,
                lone_surrogate_at: place,
            })
        }
    }
}

/// Replaces each `\uD800`–`\uDFFF` escape that is not half of a pair with an escape of [`MARK`].
fn mark_lone_surrogates(text: &str) -> String {
    let bytes = text.as_bytes();
    let escape_at = |at: usize| -> Option<u32> {
        let hex = bytes.get(at..at + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    };
    let mut out = String::with_capacity(text.len());
    let (mut at, mut copied) = (0, 0);
    while at < bytes.len() {
        if bytes[at] != b'\\' {
            at += 1;
            continue;
        }
        let Some(unit) = escape_at(at) else {
            at += 2; // `\\`, `\"`, … : the escaped character is not the start of another escape
            continue;
        };
        let is_high = (0xD800..0xDC00).contains(&unit);
        let paired =
            is_high && escape_at(at + 6).is_some_and(|low| (0xDC00..0xE000).contains(&low));
        if paired {
            at += 12;
        } else if (0xD800..0xE000).contains(&unit) {
            out.push_str(&text[copied..at]);
            out.push_str("\\ufdd0");
            at += 6;
            copied = at;
        } else {
            at += 6;
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn find_mark(value: &Value, path: &mut Vec<String>) -> Option<Vec<String>> {
    match value {
        Value::String(text) if text.contains(MARK) => Some(path.clone()),
        Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
            path.push(index.to_string());
            let found = find_mark(item, path);
            path.pop();
            found
        }),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            path.push(key.replace(MARK, "\u{FFFD}"));
            let found = if key.contains(MARK) {
                Some(path.clone())
            } else {
                find_mark(item, path)
            };
            path.pop();
            found
        }),
        _ => None,
    }
}

fn replace_marks(value: &mut Value) {
    match value {
        Value::String(text) => *text = text.replace(MARK, "\u{FFFD}"),
        Value::Array(items) => items.iter_mut().for_each(replace_marks),
        Value::Object(fields) => {
            let old = std::mem::take(fields);
            for (key, mut item) in old {
                replace_marks(&mut item);
                fields.insert(key.replace(MARK, "\u{FFFD}"), item);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_json_is_read_as_it_is() {
        let read = read(r#"{"a": "x\ud83d\ude00y", "b": "\\ud800"}"#).unwrap();
        assert_eq!(read.value, json!({"a": "x😀y", "b": "\\ud800"}));
        assert_eq!(read.lone_surrogate_at, None);
    }

    #[test]
    fn lone_surrogates_are_found_and_replaced() {
        let read =
            read(r#"{"phone": "+44", "purposes": [{"label": "a\ud83d"}], "x": "\udc00"}"#).unwrap();
        assert_eq!(
            read.lone_surrogate_at,
            Some(vec![
                "purposes".to_string(),
                "0".to_string(),
                "label".to_string()
            ])
        );
        assert_eq!(read.value["purposes"][0]["label"], "a\u{FFFD}");
        assert_eq!(read.value["x"], "\u{FFFD}");
        let key = super::read(r#"{"k\ud800": 1}"#).unwrap();
        assert_eq!(key.lone_surrogate_at, Some(vec!["k\u{FFFD}".to_string()]));
        let reversed = super::read(r#"["\udc00\ud800"]"#).unwrap();
        assert_eq!(reversed.value, json!(["\u{FFFD}\u{FFFD}"]));
    }

    #[test]
    fn other_errors_stay_errors() {
        assert!(read(r#"{"a": "\ud800"#).is_err());
        assert!(read("{nope}").is_err());
    }
}
