//! Leptos components. They read signals, call the core, render; browser access goes through `web`.

pub mod launcher;
pub mod widget;
