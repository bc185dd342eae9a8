//! Leptos components. They read signals, call the core, render; browser access goes through `web`.

pub mod assistant;
pub mod delivery;
pub mod launcher;
pub mod widget;
