//! The pure core: everything with a branch, natively testable.
//!
//! Nothing under `core` may import leptos, web-sys, js-sys or gloo, read the clock, touch storage or the
//! network. Time, locale and region come in as arguments. `tests/core_is_pure.rs` enforces the imports.

pub mod assistant;
pub mod classify;
pub mod click_to_chat;
pub mod consent;
pub mod data;
/// The sentence encoder (its own crate, compiled for speed in the browser: README, Architecture).
pub use chatgate_encoder as encoder;
pub mod events;
#[cfg(feature = "fetched-tables")]
pub mod fetched_tables;
pub mod hours;
pub mod i18n;
pub mod json_text;
pub mod lang;
pub mod lexicon;
pub mod lint;
pub mod outbox;
pub mod phone;
pub mod qr;
pub mod rank;
pub mod semantic;
pub mod template;
pub mod text;
pub mod time;
pub mod tone;
pub mod widget_config;
pub mod widget_flow;
