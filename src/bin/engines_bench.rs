//! The engines benchmark entry (`make bench`): natively it prints the results as JSON; built for wasm32 it exports
//! `run_engines_bench(budget_ms)` for the headless-Chromium run (tests/e2e/bench-engines.mjs). The workloads are
//! in `chatgate::bench`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let budget_ms = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(300.0);
    let clock = std::time::Instant::now();
    let now = move || clock.elapsed().as_secs_f64() * 1000.0;
    let filter = std::env::args().nth(2).unwrap_or_default();
    let results = chatgate::bench::run_engines_bench_only(&now, budget_ms, &filter);
    println!("{}", serde_json::to_string(&results).expect("results serialize"));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

/// Runs the benchmark in the browser and returns the results as JSON.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn run_engines_bench(budget_ms: f64) -> String {
    let results = chatgate::bench::run_engines_bench(&chatgate::web::now_ms, budget_ms);
    serde_json::to_string(&results).expect("results serialize")
}
