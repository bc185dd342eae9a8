//! JSON text that crossed from JavaScript. A JS string may hold a lone UTF-16 surrogate (half of a character,
//! e.g. text cut in the middle of an emoji), which `JSON.stringify` writes as an escape such as `\ud83d` and
//! which no Rust string can hold, so `serde_json` refuses the whole document. [`read`] reads it anyway, with
//! each lone surrogate as U+FFFD, and says where they were, so a caller can name the field instead of
//! refusing everything with a misleading message.
//!
//! It is a small reader of its own (issue 15) with a [`Value`] of its own: the config checker, a bundle every
//! visitor downloads, then links no part of serde, `serde_json`'s `BTreeMap` objects or its number formatting
//! (an object here is its fields in document order, looked up by a scan: a config has a few dozen keys). It reads
//! the JSON grammar (RFC 8259) and nests at most [`MAX_DEPTH`] levels, as `serde_json` does; it never panics on
//! any input.

use crate::data::part;
use std::fmt;

/// A JSON value, as [`read`] reads it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON number: its value, and its text as written (so an error message quotes it as the page wrote it).
#[derive(Clone, Debug)]
pub struct Number {
    value: f64,
    text: String,
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.value == other.value
    }
}

impl Number {
    /// A whole number, written in digits.
    pub fn whole(value: u64) -> Number {
        Number {
            value: value as f64,
            text: value.to_string(),
        }
    }

    /// The value when it is a whole number from 0 to 2^53 (every such number is exact in an `f64`).
    pub fn as_u64(&self) -> Option<u64> {
        let whole = self.value >= 0.0 && self.value <= 9_007_199_254_740_992.0;
        (whole && self.value.fract() == 0.0).then_some(self.value as u64)
    }

    pub fn as_f64(&self) -> f64 {
        self.value
    }
}

/// A JSON object: its fields in document order; a key given twice keeps its last value (as `serde_json`).
/// Two objects are equal when they have the same fields, in any order.
#[derive(Clone, Debug, Default)]
pub struct Map(Vec<(String, Value)>);

impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(key, value)| other.get(key) == Some(value))
    }
}

impl Map {
    pub fn new() -> Map {
        Map(Vec::new())
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value)
    }

    pub fn insert(&mut self, key: String, value: Value) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(key, value)| (key, value))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(key, _)| key)
    }

    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(_, value)| value)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(number) => number.as_u64(),
            _ => None,
        }
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The field `key` of an object; `None` for a missing key or a value that is not an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a String, &'a Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(key, value)| (key, value))
    }
}

/// `serde_json`'s value as ours (tests write configs with `json!`; no bundle links this).
impl From<serde_json::Value> for Value {
    fn from(value: serde_json::Value) -> Value {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(flag) => Value::Bool(flag),
            serde_json::Value::Number(number) => Value::Number(Number {
                value: number.as_f64().unwrap_or(f64::NAN),
                text: number.to_string(),
            }),
            serde_json::Value::String(text) => Value::String(text),
            serde_json::Value::Array(items) => {
                Value::Array(items.into_iter().map(Value::from).collect())
            }
            serde_json::Value::Object(fields) => {
                let mut map = Map::new();
                for (key, item) in fields {
                    map.insert(key, Value::from(item));
                }
                Value::Object(map)
            }
        }
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::String(text.to_string())
    }
}

/// Compact JSON, as `JSON.stringify` writes it (numbers as the page wrote them): error messages quote values.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(flag) => f.write_str(if *flag { "true" } else { "false" }),
            Value::Number(number) => f.write_str(&number.text),
            Value::String(text) => write_string(f, text),
            Value::Array(items) => {
                f.write_str("[")?;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_str(",")?;
                    }
                    item.fmt(f)?;
                }
                f.write_str("]")
            }
            Value::Object(map) => {
                f.write_str("{")?;
                for (index, (key, item)) in map.iter().enumerate() {
                    if index > 0 {
                        f.write_str(",")?;
                    }
                    write_string(f, key)?;
                    f.write_str(":")?;
                    item.fmt(f)?;
                }
                f.write_str("}")
            }
        }
    }
}

fn write_string(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    f.write_str("\"")?;
    let mut from = 0;
    for (at, c) in text.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if c < ' ' => "",
            _ => continue,
        };
        f.write_str(part(text, from..at))?;
        if escape.is_empty() {
            let code = c as usize;
            let digits = [b'\\', b'u', b'0', b'0', HEX[code >> 4], HEX[code & 15]];
            f.write_str(std::str::from_utf8(&digits).unwrap_or_default())?;
        } else {
            f.write_str(escape)?;
        }
        from = at + c.len_utf8();
    }
    f.write_str(part(text, from..))?;
    f.write_str("\"")
}

/// A JSON document read by [`read`].
#[derive(Debug, PartialEq)]
pub struct JsonText {
    pub value: Value,
    /// Where the first lone surrogate was: the object keys and array indexes down to the string that held it
    /// (a key holding one is named itself). `None` when the text had none.
    pub lone_surrogate_at: Option<Vec<String>>,
}

/// Why a text is not JSON, and the byte offset where reading stopped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{problem} at byte {at}")]
pub struct JsonError {
    pub problem: &'static str,
    pub at: usize,
}

/// How deep arrays and objects may nest (`serde_json`'s limit too): deeper text is refused, not a stack overflow.
pub const MAX_DEPTH: usize = 128;

/// Reads JSON text; lone surrogates become U+FFFD and the first one's place is reported.
pub fn read(text: &str) -> Result<JsonText, JsonError> {
    let mut reader = Reader {
        text,
        at: 0,
        path: Vec::new(),
        lone_surrogate_at: None,
    };
    let value = reader.value(0)?;
    reader.skip_space();
    if reader.at != text.len() {
        return Err(reader.error("trailing characters"));
    }
    Ok(JsonText {
        value,
        lone_surrogate_at: reader.lone_surrogate_at,
    })
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
    /// The keys and indexes down to the value being read.
    path: Vec<String>,
    lone_surrogate_at: Option<Vec<String>>,
}

impl Reader<'_> {
    fn error(&self, problem: &'static str) -> JsonError {
        JsonError {
            problem,
            at: self.at,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect_word(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        if part(self.text, self.at..).starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.skip_space();
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => Ok(Value::String(self.string(false)?)),
            Some(b't') => self.expect_word("true", Value::Bool(true)),
            Some(b'f') => self.expect_word("false", Value::Bool(false)),
            Some(b'n') => self.expect_word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("unexpected end")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.path.push(items.len().to_string());
            let item = self.value(depth)?;
            self.path.pop();
            items.push(item);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected , or ]")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.at += 1;
        let mut fields = Map::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(fields));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key"));
            }
            let key = self.string(true)?;
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected :"));
            }
            self.at += 1;
            self.path.push(key.clone());
            let item = self.value(depth)?;
            self.path.pop();
            fields.insert(key, item);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(fields));
                }
                _ => return Err(self.error("expected , or }")),
            }
        }
    }

    /// Four hex digits after `\u`, at the reader's position.
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|digits| digits.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("bad \\u escape"))?;
        self.at += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error("bad \\u escape"))
    }

    /// A string (the opening quote at the reader's position). A lone surrogate becomes U+FFFD, and the first one's
    /// place is kept: the path down to it, with `is_key` the key itself.
    fn string(&mut self, is_key: bool) -> Result<String, JsonError> {
        self.at += 1;
        let mut out = String::new();
        let mut lone = false;
        loop {
            let rest = part(self.text, self.at..);
            let Some(stop) = rest.find(|c: char| c == '"' || c == '\\' || c < ' ') else {
                return Err(self.error("unclosed string"));
            };
            out.push_str(part(rest, ..stop));
            self.at += stop;
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    break;
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = self.peek().ok_or_else(|| self.error("unexpected end"))?;
                    self.at += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let unit = self.hex4()?;
                            let low = if (0xD800..0xDC00).contains(&unit)
                                && part(self.text, self.at..).starts_with("\\u")
                            {
                                let back = self.at;
                                self.at += 2;
                                let low = self.hex4()?;
                                if (0xDC00..0xE000).contains(&low) {
                                    Some(low)
                                } else {
                                    self.at = back;
                                    None
                                }
                            } else {
                                None
                            };
                            let code = match low {
                                Some(low) => 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00),
                                None => unit,
                            };
                            match char::from_u32(code) {
                                Some(c) => out.push(c),
                                None => {
                                    out.push('\u{FFFD}');
                                    lone = true;
                                }
                            }
                        }
                        _ => return Err(self.error("bad escape")),
                    }
                }
                _ => return Err(self.error("control character in a string")),
            }
        }
        if lone && self.lone_surrogate_at.is_none() {
            let mut path = self.path.clone();
            if is_key {
                path.push(out.clone());
            }
            self.lone_surrogate_at = Some(path);
        }
        Ok(out)
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        let digits = |at: &mut usize| {
            let from = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at > from
        };
        let mut at = self.at;
        if bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        let leading_zero = bytes.get(at) == Some(&b'0');
        if !digits(&mut at) || (leading_zero && at - start > 1 + usize::from(bytes[start] == b'-'))
        {
            self.at = at;
            return Err(self.error("bad number"));
        }
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            if !digits(&mut at) {
                self.at = at;
                return Err(self.error("bad number"));
            }
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if !digits(&mut at) {
                self.at = at;
                return Err(self.error("bad number"));
            }
        }
        self.at = at;
        let text = part(self.text, start..at);
        let value = decimal_to_f64(text);
        if !value.is_finite() {
            return Err(self.error("bad number"));
        }
        Ok(Value::Number(Number {
            value,
            text: text.to_string(),
        }))
    }
}

/// A JSON number (already checked) as an `f64`: exact when its digits fit in 2^53 and its power of ten is at most
/// 22 either way (Clinger's fast path, where one correctly rounded multiplication or division is exact), else
/// within a few units in the last place. `str::parse::<f64>` is exact everywhere but brings about 10 KB of
/// tables and code into the config checker, and no config key the widget reads is a fraction (issue 15).
fn decimal_to_f64(text: &str) -> f64 {
    let (mantissa_text, exponent_text) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let negative = mantissa_text.starts_with('-');
    let (whole, fraction) = mantissa_text
        .trim_start_matches('-')
        .split_once('.')
        .unwrap_or((mantissa_text.trim_start_matches('-'), ""));
    let mut mantissa: u64 = 0;
    let mut exponent: i64 = exponent_text
        .parse::<i64>()
        .unwrap_or(0)
        .clamp(-10_000, 10_000);
    let mut dropped = false;
    for (index, digit) in whole.bytes().chain(fraction.bytes()).enumerate() {
        let in_fraction = index >= whole.len();
        match mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(u64::from(digit - b'0')))
        {
            Some(next) if !dropped => {
                mantissa = next;
                exponent -= i64::from(in_fraction);
            }
            _ => {
                dropped = true;
                exponent += i64::from(!in_fraction);
            }
        }
    }
    let mut value = mantissa as f64;
    let mut step = exponent.unsigned_abs();
    while step > 0 && value != 0.0 && value.is_finite() {
        let power = step.min(22);
        let scale = 10f64.powi(power as i32);
        value = if exponent < 0 {
            value / scale
        } else {
            value * scale
        };
        step -= power;
    }
    if negative {
        -value
    } else {
        value
    }
}

#[cfg(test)]
mod tests;
