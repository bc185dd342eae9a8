//! The send-time guard under the reply editor (`core::assistant::send_guard` decides).

use leptos::prelude::*;

use chatgate_core::assistant::{format_duration, send_guard, Window};
use chatgate_core::i18n::fill;

use crate::{t, Assistant};

/// Before sending: the recipient's local time against working hours, and the 24-hour window.
#[component]
pub fn SendGuardPanel(state: Assistant) -> impl IntoView {
    let lang = move || state.ui_lang.get();
    let guard = Memo::new(move |_| {
        send_guard(
            state.recipient().as_ref(),
            state.now.get(),
            state.last_message_at(),
            &state.hours,
            state.kind.get(),
        )
    });
    let units = move || {
        let parts: Vec<&str> = t(lang(), "guard.units").split('|').collect();
        [
            parts.first().copied().unwrap_or("d"),
            parts.get(1).copied().unwrap_or("h"),
            parts.get(2).copied().unwrap_or("min"),
        ]
    };
    view! {
        <h3 class="as-subheading">{move || t(lang(), "guard.heading")}</h3>
        <ul class="as-guard" data-testid="guard">
            <li>{move || {
                let g = guard.get();
                match g.within_hours {
                    Some(within) => format!("{} — {}", fill(t(lang(), "guard.local_time"), &[("time", &g.local_times.join(" / "))]),
                        t(lang(), if within { "guard.within" } else { "guard.outside" })),
                    None => t(lang(), "guard.no_number").to_string(),
                }
            }}</li>
            <li class=move || if matches!(guard.get().window, Window::Closed { .. }) { "as-warning" } else { "" }>{move || match guard.get().window {
                Window::Open { seconds_left } => fill(t(lang(), "guard.window_open"), &[("left", &format_duration(seconds_left, units()))]),
                Window::Closed { seconds_since } => fill(t(lang(), "guard.window_closed"), &[("since", &format_duration(seconds_since, units()))]),
                Window::Unknown => t(lang(), "guard.window_unknown").to_string(),
            }}</li>
            <Show when=move || !guard.get().allowed>
                <li class="as-error" role="alert">{move || t(lang(), "guard.blocked")}</li>
            </Show>
        </ul>
    }
}
