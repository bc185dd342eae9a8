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

/// Reads what [`write_normalized`] wrote; `None` for any other text (a bug: the dialog does not start).
pub fn read_normalized(text: &str) -> Option<WidgetConfig> {
    let document = json_text::read(text).ok()?;
    let fields = document.value.as_object()?;
    let field = |key: &str| fields.get(key);
    Some(WidgetConfig {
        business: read_text(field("business")?)?,
        phone: read_phone(field("phone")?)?,
        region: read_optional(field("region")?, read_text)?,
        message: read_text(field("message")?)?,
        chat: read_flag(field("chat")?)?,
        purposes: read_list(field("purposes")?, read_purpose)?,
        single_checkbox: read_flag(field("single_checkbox")?)?,
        privacy_url: read_text(field("privacy_url")?)?,
        consent_endpoint: read_optional(field("consent_endpoint")?, read_text)?,
        locale: read_text(field("locale")?)?,
        theme: match field("theme")?.as_str()? {
            "auto" => Theme::Auto,
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => return None,
        },
        accent: read_optional(field("accent")?, read_text)?,
        position_left: read_flag(field("position_left")?)?,
        data_layer: read_flag(field("data_layer")?)?,
        hours: read_optional(field("hours")?, read_hours)?,
        contacts: read_list(field("contacts")?, read_contact)?,
        greeting: read_optional(field("greeting")?, read_greeting)?,
        pages: read_list(field("pages")?, read_page)?,
    })
}

fn read_text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

fn read_flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        _ => None,
    }
}

fn read_number(value: &Value) -> Option<u32> {
    u32::try_from(value.as_u64()?).ok()
}

/// `Some(None)` for `null`, `Some(Some(_))` for a value `read` reads, `None` for one it cannot.
fn read_optional<T>(value: &Value, read: fn(&Value) -> Option<T>) -> Option<Option<T>> {
    match value {
        Value::Null => Some(None),
        value => read(value).map(Some),
    }
}

fn read_list<T>(value: &Value, read: fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    value.as_array()?.iter().map(read).collect()
}

fn read_phone(value: &Value) -> Option<E164> {
    let mut parts = value.as_str()?.strip_prefix('+')?.split(' ');
    let calling_code = parts.next()?.parse().ok()?;
    let national_number = parts.next()?;
    let region = parts.next()?;
    E164::from_normalized(region, calling_code, national_number)
}

fn read_localized(value: &Value) -> Option<LocalizedText> {
    let texts = value.as_object()?.iter().map(|(code, text)| {
        let text = text.as_str()?;
        Some((code.clone(), text.to_string()))
    });
    Some(LocalizedText(texts.collect::<Option<_>>()?))
}

fn read_purpose(value: &Value) -> Option<Purpose> {
    Some(Purpose {
        id: read_text(value.get("id")?)?,
        label: read_localized(value.get("label")?)?,
        value: read_optional(value.get("value")?, read_localized)?,
    })
}

fn read_hours(value: &Value) -> Option<OpeningHours> {
    let zone: Option<Vec<i64>> = value
        .get("zone")?
        .as_str()?
        .split(' ')
        .map(|number| number.parse().ok())
        .collect();
    let days = value.get("week")?.as_array()?;
    if days.len() != 7 {
        return None;
    }
    let mut week: [Vec<(u32, u32)>; 7] = Default::default();
    for (spans, day) in week.iter_mut().zip(days) {
        let minutes: Vec<u32> = read_list(day, read_number)?;
        let pairs = minutes.chunks_exact(2);
        if !pairs.remainder().is_empty() {
            return None;
        }
        *spans = pairs.map(|pair| (pair[0], pair[1])).collect();
    }
    Some(OpeningHours {
        zone: Zone::from_numbers(&zone?)?,
        week,
        reply_time: read_optional(value.get("reply_time")?, read_localized)?,
        when_closed: match value.get("closed")?.as_str()? {
            "show" => WhenClosed::Show,
            "hide" => WhenClosed::Hide,
            _ => return None,
        },
    })
}

fn read_contact(value: &Value) -> Option<Contact> {
    Some(Contact {
        id: read_text(value.get("id")?)?,
        name: read_localized(value.get("name")?)?,
        role: read_optional(value.get("role")?, read_localized)?,
        phone: read_phone(value.get("phone")?)?,
        message: read_optional(value.get("message")?, read_text)?,
        hours: read_optional(value.get("hours")?, read_hours)?,
    })
}

fn read_greeting(value: &Value) -> Option<Greeting> {
    Some(Greeting {
        text: read_localized(value.get("text")?)?,
        delay_s: read_number(value.get("delay_s")?)?,
    })
}

fn read_page(value: &Value) -> Option<PageRule> {
    Some(PageRule {
        pattern: read_text(value.get("match")?)?,
        message: read_optional(value.get("message")?, read_text)?,
        greeting: match value.get("greeting")? {
            Value::Null => None,
            Value::Bool(false) => Some(None),
            value => Some(Some(read_greeting(value)?)),
        },
    })
}

#[cfg(test)]
mod tests;
