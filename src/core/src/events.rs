//! The DOM events the widget announces to the host page (README, "JS API and events"), typed, and serialised
//! here and only here: `chatgate:<name>` with its `detail`. The shell (`chatgate-web`) dispatches them; the
//! loader's own `chatgate:ready` is the one event not listed (it is plain JavaScript).

use crate::json_text::{Map, Value};

use crate::consent::ConsentRecord;

/// One public event.
#[derive(Clone, Copy, Debug)]
pub enum WidgetEvent<'a> {
    /// The dialog opened.
    Open,
    /// The dialog closed.
    Close,
    /// A consent was given: the whole record.
    Consent(&'a ConsentRecord),
    /// A consent was withdrawn: the (latest) record withdrawn.
    Withdraw(&'a ConsentRecord),
    /// The visitor followed a WhatsApp link.
    Handoff { url: &'a str },
    /// Something went wrong that the host page may want to know.
    Error(WidgetProblem<'a>),
}

/// What went wrong, for `chatgate:error`.
#[derive(Clone, Copy, Debug)]
pub enum WidgetProblem<'a> {
    /// The config was refused; `key` names the field.
    Config { key: &'a str, message: &'a str },
    /// The dialog bundle could not be loaded.
    Load,
    /// localStorage is unavailable: what is kept in memory instead.
    StorageUnavailable { message: &'a str },
    /// The endpoint refused a record for good.
    DeliveryRefused {
        consent_id: &'a str,
        message: Option<&'a str>,
    },
}

impl WidgetEvent<'_> {
    /// The event's name after `chatgate:`.
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::Open => "open",
            WidgetEvent::Close => "close",
            WidgetEvent::Consent(_) => "consent",
            WidgetEvent::Withdraw(_) => "withdraw",
            WidgetEvent::Handoff { .. } => "handoff",
            WidgetEvent::Error(_) => "error",
        }
    }

    /// The event's `detail` (the core's own JSON value: the dialog links no serde).
    pub fn detail(&self) -> Value {
        match *self {
            WidgetEvent::Open | WidgetEvent::Close => Value::Null,
            WidgetEvent::Consent(record) | WidgetEvent::Withdraw(record) => record.to_json(),
            WidgetEvent::Handoff { url } => object(&[("url", url.into())]),
            WidgetEvent::Error(problem) => problem.detail(),
        }
    }
}

impl WidgetProblem<'_> {
    /// The `chatgate:error` event's detail (the consent courier, `src/deliver`, writes this alone).
    pub fn detail(&self) -> Value {
        match *self {
            WidgetProblem::Config { key, message } => {
                object(&[("key", key.into()), ("message", message.into())])
            }
            WidgetProblem::Load => object(&[
                ("reason", "load".into()),
                ("message", "the dialog could not be loaded".into()),
            ]),
            WidgetProblem::StorageUnavailable { message } => object(&[
                ("reason", "storage_unavailable".into()),
                ("message", message.into()),
            ]),
            WidgetProblem::DeliveryRefused {
                consent_id,
                message,
            } => object(&[
                ("reason", "delivery_refused".into()),
                ("consent_id", consent_id.into()),
                ("message", message.map_or(Value::Null, Value::from)),
            ]),
        }
    }
}

/// A JSON object of `fields`, in order.
fn object(fields: &[(&str, Value)]) -> Value {
    let mut map = Map::new();
    for (key, value) in fields {
        map.insert(key.to_string(), value.clone());
    }
    Value::Object(map)
}

/// The `dataLayer` event of a consent (when the config asks for it): no phone number, only the purposes and the
/// reference code.
pub fn data_layer_lead(record: &ConsentRecord) -> Value {
    object(&[
        ("event", "generate_lead".into()),
        (
            "chatgate_purposes",
            Value::Array(
                record
                    .purposes
                    .iter()
                    .map(|id| id.as_str().into())
                    .collect(),
            ),
        ),
        ("chatgate_reference", Value::String(record.reference_code())),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_and_details_are_the_documented_ones() {
        assert_eq!(
            (WidgetEvent::Open.name(), WidgetEvent::Open.detail()),
            ("open", Value::Null)
        );
        assert_eq!(WidgetEvent::Close.name(), "close");
        let handoff = WidgetEvent::Handoff {
            url: "https://wa.me/1",
        };
        assert_eq!(
            (handoff.name(), handoff.detail()),
            ("handoff", json!({"url": "https://wa.me/1"}).into())
        );
        let config = WidgetEvent::Error(WidgetProblem::Config {
            key: "phone",
            message: "bad",
        });
        assert_eq!(
            config.detail(),
            json!({"key": "phone", "message": "bad"}).into()
        );
        assert_eq!(
            WidgetEvent::Error(WidgetProblem::Load).detail(),
            json!({"reason": "load", "message": "the dialog could not be loaded"}).into()
        );
        let refused = WidgetEvent::Error(WidgetProblem::DeliveryRefused {
            consent_id: "id",
            message: Some("410"),
        });
        assert_eq!(
            refused.detail(),
            json!({"reason": "delivery_refused", "consent_id": "id", "message": "410"}).into()
        );
        let unsaid = WidgetEvent::Error(WidgetProblem::DeliveryRefused {
            consent_id: "id",
            message: None,
        });
        assert_eq!(unsaid.detail().get("message"), Some(&Value::Null));
    }
}
