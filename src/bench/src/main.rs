//! The engines benchmark, natively (`make bench`): prints the results as JSON. Arguments: the time budget per
//! workload in milliseconds (default 300) and an optional filter on workload names. With a model file
//! (`CHATGATE_MODEL`, else `target/model/use-m3-web.bin`) it also times the sentence encoder.

fn main() {
    let budget_ms = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(300.0);
    let clock = std::time::Instant::now();
    let now = move || clock.elapsed().as_secs_f64() * 1000.0;
    let filter = std::env::args().nth(2).unwrap_or_default();
    let mut results = chatgate_bench::run_engines_bench_only(&now, budget_ms, &filter);
    let model =
        std::env::var("CHATGATE_MODEL").unwrap_or_else(|_| "target/model/use-m3-web.bin".into());
    if let Ok(bytes) = std::fs::read(&model) {
        results.extend(chatgate_bench::run_encoder_bench(&now, &bytes, budget_ms));
    }
    println!(
        "{}",
        serde_json::to_string(&results).expect("results serialize")
    );
}
