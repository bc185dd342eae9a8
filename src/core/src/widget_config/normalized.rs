//! The config as the config checker hands it to the dialog (issue 15): a [`WidgetConfig`] the checker accepted,
//! written back as compact JSON, and read back by the dialog with a reader that checks nothing and names
//! nothing. The dialog never sees the page's config, so it links none of the key parsers (`parse_widget_config`,
//! `parse_hours`, …) and none of their error texts; a text this reader cannot read is a bug (`None`: the dialog
//! does not start), never a problem of the page's config, which the checker alone reports.
//!
//! The text is one JSON object with the config's key names and every value already read: numbers as
//! `"+44 7911123456 GB"` (calling code, national number, country: no table line needed to read it back),
//! `hours` per day as minutes after midnight with the zone as its rule's numbers (`Zone::to_numbers`), texts
//! per language (`{"": "Results"}` for a text given without one), `position_left` and `theme` as decided,
//! absent optional values as `null`. It must never change without its reader: both are here, and the tests read
//! back what the writer wrote for configs of every key and key form.

use crate::hours::{OpeningHours, WhenClosed};
use crate::json_text::{self, Value};
use crate::phone::E164;
use crate::time::Zone;

use super::{Contact, Greeting, LocalizedText, PageRule, Purpose, Theme, WidgetConfig};

/// The config as the dialog reads it ([`read_normalized`]). Written straight into a string, without a JSON
/// value or `fmt`: the writer is in the config checker every visitor downloads (issue 15).
pub fn write_normalized(config: &WidgetConfig) -> String {
    let mut json = Writer::default();
    json.open('{');
    json.key("business").text(&config.business);
    json.key("phone").phone(&config.phone);
    json.key("region").optional_text(config.region.as_deref());
    json.key("message").text(&config.message);
    json.key("chat").flag(config.chat);
    json.key("purposes").list(&config.purposes, Writer::purpose);
    json.key("single_checkbox").flag(config.single_checkbox);
    json.key("privacy_url").text(&config.privacy_url);
    json.key("consent_endpoint")
        .optional_text(config.consent_endpoint.as_deref());
    json.key("locale").text(&config.locale);
    json.key("theme").text(match config.theme {
        Theme::Auto => "auto",
        Theme::Light => "light",
        Theme::Dark => "dark",
    });
    json.key("accent").optional_text(config.accent.as_deref());
    json.key("position_left").flag(config.position_left);
    json.key("data_layer").flag(config.data_layer);
    json.key("hours")
        .optional(config.hours.as_ref(), Writer::hours);
    json.key("contacts").list(&config.contacts, Writer::contact);
    json.key("greeting")
        .optional(config.greeting.as_ref(), Writer::greeting);
    json.key("pages").list(&config.pages, Writer::page);
    json.close('}');
    json.out
}

/// Compact JSON written value by value: `comma` says whether a value came before in the current object or list.
#[derive(Default)]
struct Writer {
    out: String,
    comma: bool,
}

impl Writer {
    fn separate(&mut self) {
        if self.comma {
            self.out.push(',');
        }
    }

    fn open(&mut self, bracket: char) {
        self.separate();
        self.out.push(bracket);
        self.comma = false;
    }

    fn close(&mut self, bracket: char) {
        self.out.push(bracket);
        self.comma = true;
    }

    fn key(&mut self, key: &str) -> &mut Writer {
        self.text(key);
        self.out.push(':');
        self.comma = false;
        self
    }

    /// `null`, `true`, `false` or a number.
    fn word(&mut self, word: &str) {
        self.separate();
        self.out.push_str(word);
        self.comma = true;
    }

    fn flag(&mut self, flag: bool) {
        self.word(if flag { "true" } else { "false" });
    }

    fn number(&mut self, number: u32) {
        self.separate();
        push_decimal(&mut self.out, number.into());
        self.comma = true;
    }

    /// A JSON string: quotes, backslashes and control characters escaped.
    fn text(&mut self, text: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.separate();
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                c if c < ' ' => {
                    self.out.push_str("\\u00");
                    self.out.push(char::from(HEX[usize::from(c as u8 >> 4)]));
                    self.out.push(char::from(HEX[usize::from(c as u8 & 15)]));
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
        self.comma = true;
    }

    fn optional_text(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.text(text),
            None => self.word("null"),
        }
    }

    fn optional<T>(&mut self, value: Option<&T>, write: fn(&mut Writer, &T)) {
        match value {
            Some(value) => write(self, value),
            None => self.word("null"),
        }
    }

    fn list<T>(&mut self, items: &[T], write: fn(&mut Writer, &T)) {
        self.open('[');
        for item in items {
            write(self, item);
        }
        self.close(']');
    }

    /// `"+44 7911123456 GB"`: calling code, national number, country.
    fn phone(&mut self, number: &E164) {
        let mut text = String::from("+");
        push_decimal(&mut text, number.calling_code().into());
        text.push(' ');
        text.push_str(number.national_number());
        text.push(' ');
        text.push_str(number.region());
        self.text(&text);
    }

    fn localized(&mut self, texts: &LocalizedText) {
        self.open('{');
        for (code, text) in &texts.0 {
            self.key(code).text(text);
        }
        self.close('}');
    }

    fn purpose(&mut self, purpose: &Purpose) {
        self.open('{');
        self.key("id").text(&purpose.id);
        self.key("label").localized(&purpose.label);
        self.key("value")
            .optional(purpose.value.as_ref(), Writer::localized);
        self.close('}');
    }

    fn hours(&mut self, hours: &OpeningHours) {
        self.open('{');
        let mut zone = String::new();
        for (index, number) in hours.zone.to_numbers().into_iter().enumerate() {
            if index > 0 {
                zone.push(' ');
            }
            if number < 0 {
                zone.push('-');
            }
            push_decimal(&mut zone, number.unsigned_abs());
        }
        self.key("zone").text(&zone);
        self.key("week").open('[');
        for spans in &hours.week {
            self.open('[');
            for &(from, to) in spans {
                self.number(from);
                self.number(to);
            }
            self.close(']');
        }
        self.close(']');
        self.key("reply_time")
            .optional(hours.reply_time.as_ref(), Writer::localized);
        self.key("closed").text(match hours.when_closed {
            WhenClosed::Show => "show",
            WhenClosed::Hide => "hide",
        });
        self.close('}');
    }

    fn contact(&mut self, contact: &Contact) {
        self.open('{');
        self.key("id").text(&contact.id);
        self.key("name").localized(&contact.name);
        self.key("role")
            .optional(contact.role.as_ref(), Writer::localized);
        self.key("phone").phone(&contact.phone);
        self.key("message")
            .optional_text(contact.message.as_deref());
        self.key("hours")
            .optional(contact.hours.as_ref(), Writer::hours);
        self.close('}');
    }

    fn greeting(&mut self, greeting: &Greeting) {
        self.open('{');
        self.key("text").localized(&greeting.text);
        self.key("delay_s").number(greeting.delay_s);
        self.close('}');
    }

    fn page(&mut self, rule: &PageRule) {
        self.open('{');
        self.key("match").text(&rule.pattern);
        self.key("message").optional_text(rule.message.as_deref());
        self.key("greeting");
        match &rule.greeting {
            None => self.word("null"),
            Some(None) => self.word("false"),
            Some(Some(greeting)) => self.greeting(greeting),
        }
        self.close('}');
    }
}

/// `number` in decimal digits (without `fmt`, which the checker would link for this alone).
fn push_decimal(out: &mut String, number: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = number;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
}

// ---- the reader: no checks, no names ---------------------------------------------------------------------------

/// Reads what [`write_normalized`] wrote; `None` for any other text (a bug: the dialog does not start). Each value
/// is read with a fallback and a mismatch only noted ([`Reader::failed`]), checked once at the end: with a `?`
/// per field, each would drop what was read before it, code the dialog would carry for texts it never gets.
pub fn read_normalized(text: &str) -> Option<WidgetConfig> {
    let document = json_text::read(text).ok()?;
    let field = |key: &str| document.value.get(key);
    let phone = read_phone(field("phone")?)?;
    let mut read = Reader::default();
    let config = WidgetConfig {
        business: read.text(field("business")),
        phone,
        region: read.optional(field("region"), Reader::text),
        message: read.text(field("message")),
        chat: read.flag(field("chat")),
        purposes: read.list(field("purposes"), Reader::purpose),
        single_checkbox: read.flag(field("single_checkbox")),
        privacy_url: read.text(field("privacy_url")),
        consent_endpoint: read.optional(field("consent_endpoint"), Reader::text),
        locale: read.text(field("locale")),
        theme: match read.text(field("theme")).as_str() {
            "auto" => Theme::Auto,
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => read.fail(Theme::Auto),
        },
        accent: read.optional(field("accent"), Reader::text),
        position_left: read.flag(field("position_left")),
        data_layer: read.flag(field("data_layer")),
        hours: read.optional(field("hours"), Reader::hours),
        contacts: read.list(field("contacts"), Reader::contact),
        greeting: read.optional(field("greeting"), Reader::greeting),
        pages: read.list(field("pages"), Reader::page),
    };
    (!read.failed).then_some(config)
}

/// `"+44 7911123456 GB"`.
fn read_phone(value: &Value) -> Option<E164> {
    let mut parts = value.as_str()?.strip_prefix('+')?.split(' ');
    let calling_code = parts.next()?.parse().ok()?;
    let national_number = parts.next()?;
    let region = parts.next()?;
    E164::from_normalized(region, calling_code, national_number)
}

/// Reads values with fallbacks, noting whether any was not what the writer writes.
#[derive(Default)]
struct Reader {
    failed: bool,
}

impl Reader {
    /// Notes a value the writer does not write, and gives `fallback` instead.
    fn fail<T>(&mut self, fallback: T) -> T {
        self.failed = true;
        fallback
    }

    fn text(&mut self, value: Option<&Value>) -> String {
        match value {
            Some(Value::String(text)) => text.clone(),
            _ => self.fail(String::new()),
        }
    }

    fn flag(&mut self, value: Option<&Value>) -> bool {
        match value {
            Some(Value::Bool(flag)) => *flag,
            _ => self.fail(false),
        }
    }

    fn number(&mut self, value: Option<&Value>) -> u32 {
        match value.and_then(Value::as_u64).map(u32::try_from) {
            Some(Ok(number)) => number,
            _ => self.fail(0),
        }
    }

    /// `None` for `null`, else the value `read` reads.
    fn optional<T>(
        &mut self,
        value: Option<&Value>,
        read: fn(&mut Reader, Option<&Value>) -> T,
    ) -> Option<T> {
        match value {
            Some(Value::Null) => None,
            None => self.fail(None),
            value => Some(read(self, value)),
        }
    }

    fn list<T>(
        &mut self,
        value: Option<&Value>,
        read: fn(&mut Reader, &Value) -> Option<T>,
    ) -> Vec<T> {
        let Some(items) = value.and_then(Value::as_array) else {
            return self.fail(Vec::new());
        };
        let mut list = Vec::with_capacity(items.len());
        for item in items {
            match read(self, item) {
                Some(item) => list.push(item),
                None => self.failed = true,
            }
        }
        list
    }

    fn localized(&mut self, value: Option<&Value>) -> LocalizedText {
        let Some(texts) = value.and_then(Value::as_object) else {
            return self.fail(LocalizedText(Vec::new()));
        };
        let mut list = Vec::with_capacity(texts.len());
        for (code, text) in texts {
            list.push((code.clone(), self.text(Some(text))));
        }
        LocalizedText(list)
    }

    fn purpose(&mut self, value: &Value) -> Option<Purpose> {
        Some(Purpose {
            id: self.text(value.get("id")),
            label: self.localized(value.get("label")),
            value: self.optional(value.get("value"), Reader::localized),
        })
    }

    fn hours(&mut self, value: Option<&Value>) -> OpeningHours {
        let value = value.unwrap_or(&Value::Null);
        let zone: Option<Vec<i64>> = value
            .get("zone")
            .and_then(Value::as_str)
            .unwrap_or("")
            .split(' ')
            .map(|number| number.parse().ok())
            .collect();
        let zone = zone.as_deref().and_then(Zone::from_numbers);
        let days = value.get("week").and_then(Value::as_array);
        let mut week: [Vec<(u32, u32)>; 7] = Default::default();
        if days.is_none_or(|days| days.len() != week.len()) {
            self.failed = true;
        }
        for (spans, day) in week.iter_mut().zip(days.into_iter().flatten()) {
            let minutes = day.as_array().map_or(&[][..], Vec::as_slice);
            let pairs = minutes.chunks_exact(2);
            if !day.is_array() || !pairs.remainder().is_empty() {
                self.failed = true;
            }
            for pair in pairs {
                let from = self.number(pair.first());
                let to = self.number(pair.get(1));
                spans.push((from, to));
            }
        }
        OpeningHours {
            zone: zone.unwrap_or_else(|| self.fail(Zone::UTC)),
            week,
            reply_time: self.optional(value.get("reply_time"), Reader::localized),
            when_closed: match self.text(value.get("closed")).as_str() {
                "show" => WhenClosed::Show,
                "hide" => WhenClosed::Hide,
                _ => self.fail(WhenClosed::Show),
            },
        }
    }

    fn contact(&mut self, value: &Value) -> Option<Contact> {
        let phone = read_phone(value.get("phone")?)?;
        Some(Contact {
            id: self.text(value.get("id")),
            name: self.localized(value.get("name")),
            role: self.optional(value.get("role"), Reader::localized),
            phone,
            message: self.optional(value.get("message"), Reader::text),
            hours: self.optional(value.get("hours"), Reader::hours),
        })
    }

    fn greeting(&mut self, value: Option<&Value>) -> Greeting {
        let value = value.unwrap_or(&Value::Null);
        Greeting {
            text: self.localized(value.get("text")),
            delay_s: self.number(value.get("delay_s")),
        }
    }

    fn page(&mut self, value: &Value) -> Option<PageRule> {
        Some(PageRule {
            pattern: self.text(value.get("match")),
            message: self.optional(value.get("message"), Reader::text),
            greeting: match value.get("greeting") {
                Some(Value::Null) => None,
                Some(Value::Bool(false)) => Some(None),
                None => self.fail(None),
                greeting => Some(Some(self.greeting(greeting))),
            },
        })
    }
}

#[cfg(test)]
mod tests;
