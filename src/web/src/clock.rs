//! The clock: the page's monotonic milliseconds for measurements, wall-clock seconds and milliseconds since the
//! Unix epoch, and the local time zone's offset. The core never reads the clock; the UI passes these in.

use wasm_bindgen::prelude::*;

/// Milliseconds from the page's time origin (`performance.now()`), for measurements.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

/// Seconds since the Unix epoch.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// The offset of the browser's local time zone from UTC, in minutes (east positive), at `epoch_seconds`.
pub fn local_offset_minutes(epoch_seconds: i64) -> i64 {
    let date = js_sys::Date::new(&JsValue::from_f64(epoch_seconds as f64 * 1000.0));
    -(date.get_timezone_offset() as i64)
}
