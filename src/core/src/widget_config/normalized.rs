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
use crate::json_text::{self, Map, Number, Value};
use crate::phone::E164;
use crate::time::Zone;

use super::{Contact, Greeting, LocalizedText, PageRule, Purpose, Theme, WidgetConfig};

/// The config as the dialog reads it ([`read_normalized`]).
pub fn write_normalized(config: &WidgetConfig) -> String {
    let mut fields = Map::new();
    let mut put = |key: &str, value: Value| fields.insert(key.to_string(), value);
    put("business", text(&config.business));
    put("phone", phone(&config.phone));
    put("region", optional_text(config.region.as_deref()));
    put("message", text(&config.message));
    put("chat", Value::Bool(config.chat));
    put("purposes", list(&config.purposes, purpose));
    put("single_checkbox", Value::Bool(config.single_checkbox));
    put("privacy_url", text(&config.privacy_url));
    put(
        "consent_endpoint",
        optional_text(config.consent_endpoint.as_deref()),
    );
    put("locale", text(&config.locale));
    put(
        "theme",
        text(match config.theme {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }),
    );
    put("accent", optional_text(config.accent.as_deref()));
    put("position_left", Value::Bool(config.position_left));
    put("data_layer", Value::Bool(config.data_layer));
    put("hours", config.hours.as_ref().map_or(Value::Null, hours));
    put("contacts", list(&config.contacts, contact));
    put(
        "greeting",
        config.greeting.as_ref().map_or(Value::Null, greeting),
    );
    put("pages", list(&config.pages, page));
    Value::Object(fields).to_string()
}

fn text(text: &str) -> Value {
    Value::String(text.to_string())
}

fn optional_text(value: Option<&str>) -> Value {
    value.map_or(Value::Null, text)
}

fn list<T>(items: &[T], write: fn(&T) -> Value) -> Value {
    Value::Array(items.iter().map(write).collect())
}

fn object(fields: &[(&str, Value)]) -> Value {
    let mut map = Map::new();
    for (key, value) in fields {
        map.insert(key.to_string(), value.clone());
    }
    Value::Object(map)
}

fn phone(number: &E164) -> Value {
    Value::String(format!(
        "+{} {} {}",
        number.calling_code(),
        number.national_number(),
        number.region()
    ))
}

fn localized(texts: &LocalizedText) -> Value {
    let mut map = Map::new();
    for (code, text) in &texts.0 {
        map.insert(code.clone(), Value::String(text.clone()));
    }
    Value::Object(map)
}

fn optional_localized(texts: Option<&LocalizedText>) -> Value {
    texts.map_or(Value::Null, localized)
}

fn purpose(purpose: &Purpose) -> Value {
    object(&[
        ("id", text(&purpose.id)),
        ("label", localized(&purpose.label)),
        ("value", optional_localized(purpose.value.as_ref())),
    ])
}

fn hours(hours: &OpeningHours) -> Value {
    let zone = hours.zone.to_numbers();
    let zone: Vec<String> = zone.iter().map(i64::to_string).collect();
    let week = hours.week.iter().map(|spans| {
        let minutes = spans.iter().flat_map(|&(from, to)| [from, to]);
        Value::Array(
            minutes
                .map(|m| Value::Number(Number::whole(m.into())))
                .collect(),
        )
    });
    object(&[
        ("zone", Value::String(zone.join(" "))),
        ("week", Value::Array(week.collect())),
        ("reply_time", optional_localized(hours.reply_time.as_ref())),
        (
            "closed",
            text(match hours.when_closed {
                WhenClosed::Show => "show",
                WhenClosed::Hide => "hide",
            }),
        ),
    ])
}

fn contact(contact: &Contact) -> Value {
    object(&[
        ("id", text(&contact.id)),
        ("name", localized(&contact.name)),
        ("role", optional_localized(contact.role.as_ref())),
        ("phone", phone(&contact.phone)),
        ("message", optional_text(contact.message.as_deref())),
        ("hours", contact.hours.as_ref().map_or(Value::Null, hours)),
    ])
}

fn greeting(greeting: &Greeting) -> Value {
    object(&[
        ("text", localized(&greeting.text)),
        (
            "delay_s",
            Value::Number(Number::whole(greeting.delay_s.into())),
        ),
    ])
}

fn page(rule: &PageRule) -> Value {
    object(&[
        ("match", text(&rule.pattern)),
        ("message", optional_text(rule.message.as_deref())),
        (
            "greeting",
            match &rule.greeting {
                None => Value::Null,
                Some(None) => Value::Bool(false),
                Some(Some(page_greeting)) => greeting(page_greeting),
            },
        ),
    ])
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
        if minutes.len() % 2 != 0 {
            return None;
        }
        *spans = minutes.chunks(2).map(|pair| (pair[0], pair[1])).collect();
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
