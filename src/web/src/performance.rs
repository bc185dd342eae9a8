//! User Timing marks and measures (`performance.mark`, `performance.measure`), which the benchmarks read from
//! the browser's performance timeline. They change nothing the visitor sees.

/// `performance.mark(name)`.
pub fn perf_mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// `performance.measure(name, start_mark)`: from the mark to now.
pub fn perf_measure(name: &str, start_mark: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.measure_with_start_mark(name, start_mark);
    }
}
