//! `contacts`: several people or departments, each with its own WhatsApp number, prefilled message and hours.
//!
//! This module owns reading the list (errors name the exact field, `contacts[1].phone`) and which contacts
//! the chat path lists at an instant. A contact without `hours` has the top-level `hours`; without a
//! `message`, the page's or the top-level one.

use crate::json_text::Value;

use super::{localized_text, ConfigError, LocalizedText, WidgetConfig};
use crate::hours::{parse_hours, OpeningHours};
use crate::phone::{normalize_phone, E164};
use crate::time::Timestamp;

/// At most this many contacts: a dialog lists them all.
pub const MAX_CONTACTS: usize = 20;

/// One person or department the visitor can chat with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    /// A stable id (`sales`); given or `contact-<n>` (1-based).
    pub id: String,
    pub name: LocalizedText,
    pub role: Option<LocalizedText>,
    pub phone: E164,
    /// The prefilled message for this contact (`{{page_title}}`, `{{page_url}}` filled in); else the page's.
    pub message: Option<String>,
    /// This contact's hours, else the top-level `hours`, else none (always open).
    pub hours: Option<OpeningHours>,
}

impl Contact {
    /// Whether the chat path lists this contact at `now` (`closed: "hide"` hides it while closed).
    pub fn offered_at(&self, now: Timestamp) -> bool {
        self.hours
            .as_ref()
            .is_none_or(|hours| hours.offers_chat_at(now))
    }
}

/// Reads `contacts` (`region` reads national numbers; `hours` is the top-level hours they inherit).
pub fn parse_contacts(
    value: Option<&Value>,
    region: Option<&str>,
    hours: Option<&OpeningHours>,
) -> Result<Vec<Contact>, ConfigError> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) if !items.is_empty() && items.len() <= MAX_CONTACTS => items,
        Some(_) => {
            return Err(ConfigError {
                key: "contacts",
                path: None,
                problem: format!(
                    "must be a list of 1 to {MAX_CONTACTS} contacts such as [{{\"name\": \"Anna\", \"phone\": \"+44 7911 123456\"}}]"
                ),
            })
        }
    };
    let mut contacts: Vec<Contact> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let path = format!("contacts[{index}]");
        let error = |field: &str, problem: String| {
            ConfigError::at("contacts", format!("{path}.{field}"), problem)
        };
        let Some(object) = item.as_object() else {
            return Err(ConfigError::at(
                "contacts",
                path,
                "must be an object such as {\"name\": \"Anna\", \"phone\": \"+44 7911 123456\"}",
            ));
        };
        let id = match object.get("id") {
            None | Some(Value::Null) => format!("contact-{}", index + 1),
            Some(Value::String(id))
                if !id.trim().is_empty() && !id.trim().contains(char::is_whitespace) =>
            {
                id.trim().to_string()
            }
            Some(_) => {
                return Err(error(
                    "id",
                    "must be an id without spaces, such as \"sales\"".to_string(),
                ))
            }
        };
        if contacts.iter().any(|contact| contact.id == id) {
            return Err(error("id", format!("'{id}' is used twice")));
        }
        let name = localized_text(object.get("name").unwrap_or(&Value::Null)).ok_or_else(|| {
            error(
                "name",
                "must be a non-empty text (or texts by language) naming the person or department"
                    .to_string(),
            )
        })?;
        let role = match object.get("role") {
            None | Some(Value::Null) => None,
            Some(value) => Some(localized_text(value).ok_or_else(|| {
                error(
                    "role",
                    "must be a non-empty text, or texts by language".to_string(),
                )
            })?),
        };
        let phone = match object.get("phone") {
            Some(Value::String(text)) => normalize_phone(text, region).map_err(|problem| {
                error(
                    "phone",
                    format!("is not a usable WhatsApp number: {problem}"),
                )
            })?,
            None | Some(Value::Null) => {
                return Err(error(
                    "phone",
                    "is missing (the contact's WhatsApp number, e.g. \"+44 7911 123456\")"
                        .to_string(),
                ))
            }
            Some(_) => {
                return Err(error(
                    "phone",
                    "must be a string such as \"+44 7911 123456\"".to_string(),
                ))
            }
        };
        let message = match object.get("message") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
            Some(_) => return Err(error("message", "must be a string".to_string())),
        };
        let contact_hours = match object.get("hours") {
            None | Some(Value::Null) => hours.cloned(),
            Some(value) => Some(parse_hours(value, "contacts", &format!("{path}.hours"))?),
        };
        contacts.push(Contact {
            id,
            name,
            role,
            phone,
            message,
            hours: contact_hours,
        });
    }
    Ok(contacts)
}

impl WidgetConfig {
    /// The contacts the chat path lists at `now`, in the config's order.
    pub fn offered_contacts(&self, now: Timestamp) -> Vec<Contact> {
        self.contacts
            .iter()
            .filter(|contact| contact.offered_at(now))
            .cloned()
            .collect()
    }

    /// The hours to state above the contact list: the top-level `hours`, when every contact keeps them (a
    /// contact with hours of its own says its state itself, and "Closed now" above it would mislead).
    pub fn hours_above_contacts(&self) -> Option<&OpeningHours> {
        self.hours.as_ref().filter(|hours| {
            self.contacts
                .iter()
                .all(|c| c.hours.as_ref() == Some(*hours))
        })
    }
}
