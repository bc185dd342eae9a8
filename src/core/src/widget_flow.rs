//! The visitor widget's decisions that are not about consent: which screen the dialog opens on, what a
//! `Chatgate(...)` call means, and when the launcher bundle loads the dialog bundle and replays calls to it.
//!
//! Both bundles (`ui::launcher`, `ui::widget`) call these; they only carry the decisions out in the browser.

use crate::json_text::{Map, Value};

use super::i18n;

/// A `Chatgate(command, argument)` call the widget acts on (`on` is handled by the loader).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiCommand {
    Open,
    Close,
    /// The launcher was clicked before the dialog bundle had loaded.
    Toggle,
    Set {
        locale: Option<String>,
        message: Option<String>,
    },
    Withdraw,
}

impl ApiCommand {
    /// Reads a call; the error is the console line that says what was expected.
    pub fn parse(command: &str, argument: &Value) -> Result<ApiCommand, String> {
        match command {
            "open" => Ok(ApiCommand::Open),
            "close" => Ok(ApiCommand::Close),
            "toggle" => Ok(ApiCommand::Toggle),
            "withdraw" => Ok(ApiCommand::Withdraw),
            "set" => {
                let Some(settings) = argument.as_object() else {
                    return Err("Chatgate('set', settings): settings must be an object such as {locale: 'ru'}".to_string());
                };
                let locale = match settings.get("locale") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(code)) if code == "auto" || i18n::is_available(code) => {
                        Some(code.clone())
                    }
                    Some(other) => {
                        return Err(format!(
                            "Chatgate('set'): `locale` {other} is not auto or one of {}",
                            i18n::available_locales().join(", ")
                        ))
                    }
                };
                let message = match settings.get("message") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(text)) => Some(text.clone()),
                    Some(_) => {
                        return Err("Chatgate('set'): `message` must be a string".to_string())
                    }
                };
                Ok(ApiCommand::Set { locale, message })
            }
            other => Err(format!(
                "Chatgate: unknown command '{other}' (expected open, close, on, set or withdraw)"
            )),
        }
    }

    /// The original call, to replay it to the dialog bundle once it has loaded.
    pub fn to_call(&self) -> (&'static str, Value) {
        match self {
            ApiCommand::Open => ("open", Value::Null),
            ApiCommand::Close => ("close", Value::Null),
            ApiCommand::Toggle => ("toggle", Value::Null),
            ApiCommand::Withdraw => ("withdraw", Value::Null),
            ApiCommand::Set { locale, message } => {
                let mut settings = Map::new();
                for (key, value) in [("locale", locale), ("message", message)] {
                    let value = value.as_deref().map_or(Value::Null, Value::from);
                    settings.insert(key.to_string(), value);
                }
                ("set", Value::Object(settings))
            }
        }
    }
}

/// The screen the dialog opens on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstScreen {
    /// The choice between the two paths.
    Home,
    Chat,
    OptIn,
    /// The visitor's consent in force, with the withdraw button.
    Manage,
}

/// Straight to the only path the config offers (to the manage view if the visitor already opted in), else the choice.
pub fn first_screen(chat: bool, updates: bool, has_active_consent: bool) -> FirstScreen {
    match (chat, updates, has_active_consent) {
        (false, true, true) => FirstScreen::Manage,
        (false, true, false) => FirstScreen::OptIn,
        (true, false, _) => FirstScreen::Chat,
        _ => FirstScreen::Home,
    }
}

/// The launcher bundle's view of the dialog bundle: not loaded, loading, or loaded, and the calls waiting for it.
#[derive(Debug, Default)]
pub struct DeferredDialog {
    loading: bool,
    ready: bool,
    waiting: Vec<ApiCommand>,
}

/// What the launcher does with a request for the dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogStep {
    /// Start loading the dialog bundle (the command, if any, waits).
    Load,
    /// Already loading: the command waits.
    Wait,
    /// Loaded: hand the command to the dialog now.
    Forward(Option<ApiCommand>),
}

impl DeferredDialog {
    pub fn is_ready(&self) -> bool {
        self.ready
    }

    /// The visitor showed interest (`None`) or a call needs the dialog (`Some`).
    ///
    /// Before the dialog exists it is closed, so a click on the launcher (`Toggle`) means "open", and clicking
    /// again while it loads (nothing seems to happen on a slow network) must not close it again: one `Open`
    /// waits, however many clicks. `Close` cancels a waiting `Open` and never starts a download.
    pub fn request(&mut self, command: Option<ApiCommand>) -> DialogStep {
        if self.ready {
            return DialogStep::Forward(command);
        }
        match command {
            Some(ApiCommand::Open | ApiCommand::Toggle)
                if !self.waiting.contains(&ApiCommand::Open) =>
            {
                self.waiting.push(ApiCommand::Open);
            }
            Some(ApiCommand::Open | ApiCommand::Toggle) => {}
            Some(ApiCommand::Close) => {
                self.waiting.retain(|waiting| *waiting != ApiCommand::Open);
                if !self.loading {
                    return DialogStep::Wait;
                }
            }
            Some(other) => self.waiting.push(other),
            None => {}
        }
        if self.loading {
            DialogStep::Wait
        } else {
            self.loading = true;
            DialogStep::Load
        }
    }

    /// Whether the visitor (or the page) is waiting for the dialog to open: the launcher shows it is busy.
    pub fn opening(&self) -> bool {
        !self.ready && self.waiting.contains(&ApiCommand::Open)
    }

    /// The bundle finished loading (`ok`) or failed; returns the calls to replay. After a failure the next
    /// request tries again, with the calls that were waiting.
    pub fn loaded(&mut self, ok: bool) -> Vec<ApiCommand> {
        self.loading = false;
        self.ready = ok;
        if ok {
            std::mem::take(&mut self.waiting)
        } else {
            Vec::new()
        }
    }
}

/// The calls that waited for the dialog bundle (made before it was there, in order) and whether the visitor
/// clicked the launcher meanwhile, as the commands to carry out once it is: one `Open` however many clicks, a
/// `Close` cancels a waiting `Open` (the rules of [`DeferredDialog`]).
pub fn replay_waiting(
    calls: impl IntoIterator<Item = ApiCommand>,
    clicked: bool,
) -> Vec<ApiCommand> {
    let mut dialog = DeferredDialog::default();
    for command in calls {
        dialog.request(Some(command));
    }
    if clicked {
        dialog.request(Some(ApiCommand::Toggle));
    }
    dialog.loaded(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_api_calls() {
        assert_eq!(
            ApiCommand::parse("open", &Value::Null),
            Ok(ApiCommand::Open)
        );
        assert_eq!(
            ApiCommand::parse("set", &Value::from(json!({"locale": "ru"}))),
            Ok(ApiCommand::Set {
                locale: Some("ru".into()),
                message: None
            })
        );
        assert_eq!(
            ApiCommand::parse("set", &Value::from(json!({"message": "Hi"}))),
            Ok(ApiCommand::Set {
                locale: None,
                message: Some("Hi".into())
            })
        );
        assert!(
            ApiCommand::parse("set", &Value::from(json!({"locale": "fr"})))
                .unwrap_err()
                .contains("`locale` \"fr\" is not auto or one of en, ru, zh")
        );
        assert!(
            ApiCommand::parse("set", &Value::from(json!({"message": 5})))
                .unwrap_err()
                .contains("`message` must be a string")
        );
        assert!(ApiCommand::parse("set", &Value::from(json!("ru")))
            .unwrap_err()
            .contains("must be an object"));
        assert!(ApiCommand::parse("opne", &Value::Null)
            .unwrap_err()
            .contains("unknown command 'opne'"));
        let set = ApiCommand::parse("set", &Value::from(json!({"locale": "zh"}))).unwrap();
        let (name, argument) = set.to_call();
        assert_eq!(ApiCommand::parse(name, &argument), Ok(set));
    }

    #[test]
    fn opens_on_the_only_path() {
        assert_eq!(first_screen(true, true, false), FirstScreen::Home);
        assert_eq!(first_screen(true, true, true), FirstScreen::Home);
        assert_eq!(first_screen(true, false, true), FirstScreen::Chat);
        assert_eq!(first_screen(false, true, false), FirstScreen::OptIn);
        assert_eq!(first_screen(false, true, true), FirstScreen::Manage);
    }

    #[test]
    fn loads_once_and_replays_waiting_calls_in_order() {
        let mut dialog = DeferredDialog::default();
        assert_eq!(dialog.request(None), DialogStep::Load);
        assert_eq!(dialog.request(Some(ApiCommand::Toggle)), DialogStep::Wait);
        assert_eq!(dialog.request(Some(ApiCommand::Withdraw)), DialogStep::Wait);
        assert!(dialog.opening());
        assert_eq!(
            dialog.loaded(true),
            vec![ApiCommand::Open, ApiCommand::Withdraw]
        );
        assert!(!dialog.opening());
        assert!(dialog.is_ready());
        assert_eq!(
            dialog.request(Some(ApiCommand::Open)),
            DialogStep::Forward(Some(ApiCommand::Open))
        );
    }

    #[test]
    fn a_failed_load_is_retried_with_the_calls_kept() {
        let mut dialog = DeferredDialog::default();
        assert_eq!(dialog.request(Some(ApiCommand::Open)), DialogStep::Load);
        assert_eq!(dialog.loaded(false), vec![]);
        assert!(!dialog.is_ready());
        assert_eq!(dialog.request(None), DialogStep::Load);
        assert_eq!(dialog.loaded(true), vec![ApiCommand::Open]);
    }

    /// Issue 15: the loader keeps the calls and clicks made before the dialog bundle is there.
    #[test]
    fn waiting_calls_and_clicks_replay_as_the_deferred_dialog_decides() {
        let set = ApiCommand::Set {
            locale: Some("ru".into()),
            message: None,
        };
        let check = |calls: Vec<ApiCommand>, clicked: bool, expected: Vec<ApiCommand>| {
            assert_eq!(
                replay_waiting(calls.clone(), clicked),
                expected,
                "{calls:?} {clicked}"
            );
        };
        check(vec![], false, vec![]);
        check(vec![], true, vec![ApiCommand::Open]);
        check(vec![ApiCommand::Open], true, vec![ApiCommand::Open]);
        check(vec![ApiCommand::Open, ApiCommand::Close], false, vec![]);
        check(
            vec![set.clone(), ApiCommand::Open],
            false,
            vec![set.clone(), ApiCommand::Open],
        );
        check(
            vec![ApiCommand::Toggle, ApiCommand::Toggle],
            false,
            vec![ApiCommand::Open],
        );
        check(
            vec![ApiCommand::Withdraw],
            false,
            vec![ApiCommand::Withdraw],
        );
    }

    #[test]
    fn clicks_while_loading_open_once_and_close_cancels() {
        let mut dialog = DeferredDialog::default();
        assert!(!dialog.opening());
        assert_eq!(dialog.request(Some(ApiCommand::Toggle)), DialogStep::Load);
        assert_eq!(dialog.request(Some(ApiCommand::Toggle)), DialogStep::Wait);
        assert_eq!(dialog.request(Some(ApiCommand::Open)), DialogStep::Wait);
        assert!(dialog.opening());
        assert_eq!(
            dialog.loaded(true),
            vec![ApiCommand::Open],
            "two clicks while loading must not open and close"
        );

        let mut dialog = DeferredDialog::default();
        assert_eq!(
            dialog.request(Some(ApiCommand::Close)),
            DialogStep::Wait,
            "close does not download the dialog"
        );
        assert_eq!(dialog.request(Some(ApiCommand::Open)), DialogStep::Load);
        assert_eq!(
            dialog.request(Some(ApiCommand::Set {
                locale: Some("ru".into()),
                message: None
            })),
            DialogStep::Wait
        );
        assert_eq!(dialog.request(Some(ApiCommand::Close)), DialogStep::Wait);
        assert!(!dialog.opening());
        assert_eq!(
            dialog.loaded(true),
            vec![ApiCommand::Set {
                locale: Some("ru".into()),
                message: None
            }]
        );
    }
}
