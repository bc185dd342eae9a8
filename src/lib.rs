//! Chatgate: a website-to-WhatsApp opt-in widget and agent reply assistant.
//!
//! `core` is the pure logic shared by the browser bundles and the native CLI; `web` is the only code that
//! touches the browser; `ui` holds the Leptos components (those two exist only on wasm32); `cli` and `server` are the native
//! command-line tool.

pub mod bench;
pub mod core;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;
