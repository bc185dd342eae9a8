//! The DOM events the widget announces to the host page (README, "JS API and events"), typed, and serialised
//! here and only here: `chatgate:<name>` with its `detail`. The shell (`chatgate-web`) dispatches them; the
//! loader's own `chatgate:ready` is the one event not listed (it is plain JavaScript).

use serde_json::{json, Value};

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

    /// The event's `detail`.
    pub fn detail(&self) -> Value {
        match *self {
            WidgetEvent::Open | WidgetEvent::Close => Value::Null,
            WidgetEvent::Consent(record) | WidgetEvent::Withdraw(record) => {
                serde_json::to_value(record).unwrap_or_default()
            }
            WidgetEvent::Handoff { url } => json!({ "url": url }),
            WidgetEvent::Error(WidgetProblem::Config { key, message }) => {
                json!({ "key": key, "message": message })
            }
            WidgetEvent::Error(WidgetProblem::Load) => {
                json!({ "reason": "load", "message": "the dialog could not be loaded" })
            }
            WidgetEvent::Error(WidgetProblem::StorageUnavailable { message }) => {
                json!({ "reason": "storage_unavailable", "message": message })
            }
            WidgetEvent::Error(WidgetProblem::DeliveryRefused {
                consent_id,
                message,
            }) => {
                json!({ "reason": "delivery_refused", "consent_id": consent_id, "message": message })
            }
        }
    }
}

/// The object pushed to the host page's `dataLayer` when a consent is given (for tag managers).
pub fn data_layer_lead(record: &ConsentRecord) -> Value {
    json!({
        "event": "generate_lead",
        "chatgate_purposes": record.purposes,
        "chatgate_reference": record.reference_code(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
            ("handoff", json!({"url": "https://wa.me/1"}))
        );
        let config = WidgetEvent::Error(WidgetProblem::Config {
            key: "phone",
            message: "bad",
        });
        assert_eq!(config.detail(), json!({"key": "phone", "message": "bad"}));
        assert_eq!(
            WidgetEvent::Error(WidgetProblem::Load).detail()["reason"],
            "load"
        );
        let refused = WidgetEvent::Error(WidgetProblem::DeliveryRefused {
            consent_id: "id",
            message: Some("410"),
        });
        assert_eq!(refused.detail()["reason"], "delivery_refused");
        assert_eq!(refused.detail()["consent_id"], "id");
    }
}
