//! The engines benchmark shared by the native run and the run in headless Chromium (`make bench`).
//!
//! The workloads are the issue's: a tone check of a 1,000-character draft, classification of a 300-character
//! message, ranking against a generated library of 5,000 templates, and parsing that library. The clock is passed
//! in (`Instant` natively, `performance.now()` in the browser), so the same code measures both. Each workload is
//! run until it has used about `budget_ms` (at least `MIN_SAMPLES` times) and the median is reported.

use serde::Serialize;

use chatgate_core::lang::Lang;
use chatgate_core::rank::TemplateIndex;
use chatgate_core::template::parse_library;
use chatgate_core::tone::{ToneChecker, ToneConfig, ToneContext};

const MIN_SAMPLES: usize = 15;

/// One measured workload.
#[derive(Clone, Debug, Serialize)]
pub struct BenchResult {
    pub name: String,
    pub median_us: f64,
    pub p95_us: f64,
    pub samples: usize,
}

/// A deterministic pseudo-random sequence (64-bit LCG), so every run generates the same library.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() as usize) % items.len()]
    }
}

/// Generates a valid library of `count` templates in en/ru/zh from the default library's vocabulary: real words in
/// realistic frequencies, shuffled into new bodies, titles and examples.
pub fn generate_library(count: usize, seed: u64) -> String {
    let default = parse_library(chatgate_core::template::DEFAULT_LIBRARY)
        .expect("the default library is valid");
    let mut rng = Lcg(seed);
    let words = |lang: Lang| -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for template in default.templates.iter().filter(|t| t.lang == lang) {
            let text = format!("{} {}", template.body, template.examples.join(" "));
            if lang == Lang::Zh {
                let chars: Vec<char> = text
                    .chars()
                    .filter(|c| chatgate_core::text::is_han(*c))
                    .collect();
                words.extend(chars.chunks(2).map(|pair| pair.iter().collect::<String>()));
            } else {
                words.extend(
                    text.split(|c: char| !c.is_alphanumeric())
                        .filter(|w| w.len() > 1 && !w.contains('{'))
                        .map(str::to_lowercase),
                );
            }
        }
        words
    };
    let vocabulary = [
        (Lang::En, words(Lang::En)),
        (Lang::Ru, words(Lang::Ru)),
        (Lang::Zh, words(Lang::Zh)),
    ];
    let categories = chatgate_core::classify::Category::ALL.map(|category| category.code());
    let mut templates = Vec::with_capacity(count);
    for index in 0..count {
        let (lang, words) = &vocabulary[index % 3];
        let separator = if *lang == Lang::Zh { "" } else { " " };
        let mut phrase = |length: usize| {
            (0..length)
                .map(|_| rng.pick(words).clone())
                .collect::<Vec<_>>()
                .join(separator)
        };
        let body = format!("{} {{{{name|}}}}, {}.", phrase(1), phrase(28));
        let title = phrase(3);
        let examples = vec![phrase(6), phrase(5)];
        templates.push(serde_json::json!({
            "id": format!("t{index}"),
            "lang": lang.code(),
            "category": categories[index % categories.len()],
            "kind": "service",
            "title": title,
            "shortcode": format!("s{index}"),
            "body": body,
            "examples": examples,
        }));
    }
    serde_json::json!({"version": 1, "business": {"name": "Benchmark"}, "templates": templates})
        .to_string()
}

const DRAFT_EN: &str = "Hello Anna, thank you for your message and I'm sorry about the trouble with your appointment. \
I have checked the schedule with Dr Patel and we can see you on Tuesday at 10:30 or on Wednesday at 16:00. \
Please let us know which of the two suits you better. Your blood test results from last week are in the patient portal \
under My records, and the doctor will go through them with you at the visit. If you need to bring anything, \
it is only the list of medicines you take. The invoice for the last consultation was corrected and the refund \
of the extra charge is on its way; it should reach your card within three to five working days. ";

const DRAFT_RU: &str = "Здравствуйте, Анна! Спасибо за сообщение, и простите за неудобства с записью. Я уточнила \
расписание доктора Патель: мы можем принять вас во вторник в 10:30 или в среду в 16:00. Напишите, пожалуйста, какой \
вариант вам удобнее. Результаты анализов крови за прошлую неделю уже в личном кабинете, в разделе «Мои документы», \
врач обсудит их с вами на приёме. С собой нужно взять только список лекарств, которые вы принимаете. Счёт за прошлый \
приём исправлен, возврат лишней суммы уже оформлен и придёт на карту в течение трёх–пяти рабочих дней. ";

const DRAFT_ZH: &str = "安娜您好，感谢您的留言，预约给您带来的不便我们深表歉意。我已经和帕特尔医生确认了时间，\
可以安排在周二上午十点半或周三下午四点，请告诉我们哪个时间更方便。上周的验血结果已经上传到患者平台的我的档案中，\
医生会在就诊时和您详细说明。就诊时只需带上正在服用的药物清单。上次问诊的账单已经更正，多收的费用已经退回，\
三到五个工作日内会到您的银行卡。如有任何问题，随时在这里联系我们。";

fn repeat_to(text: &str, chars: usize) -> String {
    text.chars().cycle().take(chars).collect()
}

/// Runs `work` repeatedly and returns its median and 95th percentile in microseconds. Quick workloads run in
/// batches of at least a millisecond, because browsers coarsen `performance.now()` (to 5–100 µs); a sample is then
/// the batch's mean.
fn measure(
    name: &str,
    now: &dyn Fn() -> f64,
    budget_ms: f64,
    mut work: impl FnMut(),
) -> BenchResult {
    work(); // warm-up: lazily built tables, caches
    let mut batch = 1usize;
    loop {
        let before = now();
        for _ in 0..batch {
            work();
        }
        if now() - before >= 1.0 || batch >= 1 << 16 {
            break;
        }
        batch *= 2;
    }
    let mut times = Vec::new();
    let started = now();
    while times.len() < MIN_SAMPLES || (now() - started < budget_ms && times.len() < 100_000) {
        let before = now();
        for _ in 0..batch {
            work();
        }
        times.push((now() - before) * 1000.0 / batch as f64);
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    BenchResult {
        name: name.to_string(),
        median_us: at(0.5),
        p95_us: at(0.95),
        samples: times.len() * batch,
    }
}

/// Drafts an agent could paste by mistake or a hostile page could inject, as `(name, repeated unit)`.
pub const HOSTILE_SHAPES: [(&str, &str); 6] = [
    ("capitals", "HELP "),
    ("guillemets", "«"),
    ("unclosed placeholders", "{{"),
    ("placeholders", "{{name}} "),
    ("exclamations", "Pay now!!! "),
    ("quotes and brackets", "\"(["),
];

/// Runs every workload. `now` returns milliseconds; `budget_ms` is the time spent per workload.
pub fn run_engines_bench(now: &dyn Fn() -> f64, budget_ms: f64) -> Vec<BenchResult> {
    run_engines_bench_only(now, budget_ms, "")
}

/// Runs the workloads whose name contains `filter` (all for an empty filter), for profiling one of them.
pub fn run_engines_bench_only(
    now: &dyn Fn() -> f64,
    budget_ms: f64,
    filter: &str,
) -> Vec<BenchResult> {
    let mut results = Vec::new();
    let wanted = |name: &str| name.contains(filter);
    let checker = ToneChecker::new(ToneConfig::default());
    let context = ToneContext::default();
    for (lang, draft) in [
        (Lang::En, DRAFT_EN),
        (Lang::Ru, DRAFT_RU),
        (Lang::Zh, DRAFT_ZH),
    ] {
        let text = repeat_to(draft, 1000);
        let name = format!("tone 1,000 chars ({})", lang.code());
        if !wanted(&name) {
            continue;
        }
        results.push(measure(&name, now, budget_ms, || {
            std::hint::black_box(checker.check(&text, None, &context, Lang::En));
        }));
    }
    // Hostile shapes (a paste of 20,000 characters): each must stay linear in its length.
    for (shape, unit) in HOSTILE_SHAPES {
        let text = repeat_to(unit, 20_000);
        let name = format!("tone 20,000 chars of {shape}");
        if !wanted(&name) {
            continue;
        }
        results.push(measure(&name, now, budget_ms, || {
            std::hint::black_box(checker.check(&text, None, &context, Lang::En));
        }));
    }
    for (shape, unit) in [("Chinese", DRAFT_ZH), ("capitals", "HELP ")] {
        let text = repeat_to(unit, 4_096);
        let name = format!("classify 4,096 chars of {shape}");
        if wanted(&name) {
            results.push(measure(&name, now, budget_ms, || {
                std::hint::black_box(chatgate_core::classify::classify(&text));
            }));
        }
    }
    for (lang, draft) in [
        (Lang::En, DRAFT_EN),
        (Lang::Ru, DRAFT_RU),
        (Lang::Zh, DRAFT_ZH),
    ] {
        let text = repeat_to(draft, 300);
        let name = format!("classify 300 chars ({})", lang.code());
        if !wanted(&name) {
            continue;
        }
        results.push(measure(&name, now, budget_ms, || {
            std::hint::black_box(chatgate_core::classify::classify(&text));
        }));
    }
    let (parse, build, rank) = (
        "parse 5,000-template library",
        "index 5,000 templates",
        "rank 5,000 templates (top 5)",
    );
    if !(wanted(parse) || wanted(build) || wanted(rank)) {
        return results;
    }
    let json = generate_library(5000, 7);
    if wanted(parse) {
        results.push(measure(parse, now, budget_ms, || {
            std::hint::black_box(parse_library(&json).expect("generated library is valid"));
        }));
    }
    let library = parse_library(&json).expect("generated library is valid");
    if wanted(build) {
        results.push(measure(build, now, budget_ms, || {
            std::hint::black_box(TemplateIndex::new(&library));
        }));
    }
    if !wanted(rank) {
        return results;
    }
    let index = TemplateIndex::new(&library);
    let queries = [
        "hi, I was charged twice for my appointment last week, can you check the invoice please",
        "здравствуйте, хочу перенести запись к терапевту на другой день, это возможно?",
        "你好，我想取消明天上午的预约，请问怎么操作",
    ];
    let mut next = 0;
    results.push(measure(rank, now, budget_ms, || {
        next = (next + 1) % queries.len();
        std::hint::black_box(index.rank(queries[next], 5));
    }));
    results
}

/// The sentence encoder (`make bench` natively, with the model `make model` builds): loading the model file,
/// and encoding a 300-character message in each language (the budgets: ≤ 5 ms native, ≤ 15 ms in wasm).
pub fn run_encoder_bench(
    now: &dyn Fn() -> f64,
    model_bytes: &[u8],
    budget_ms: f64,
) -> Vec<BenchResult> {
    let mut results = vec![measure("encoder: load the model", now, budget_ms, || {
        std::hint::black_box(chatgate_core::encoder::Model::from_bytes(model_bytes).ok());
    })];
    let Ok(model) = chatgate_core::encoder::Model::from_bytes(model_bytes) else {
        return results;
    };
    let mut scratch = chatgate_core::encoder::Scratch::default();
    for (lang, draft) in [
        (Lang::En, DRAFT_EN),
        (Lang::Ru, DRAFT_RU),
        (Lang::Zh, DRAFT_ZH),
    ] {
        let text = repeat_to(draft, 300);
        let name = format!("encoder: encode 300 chars ({})", lang.code());
        results.push(measure(&name, now, budget_ms, || {
            std::hint::black_box(model.encode_with(&text, &mut scratch));
        }));
    }
    results
}

/// Runs the benchmark in headless Chromium (`tests/e2e/bench-engines.mjs`) and returns the results as JSON.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn run_engines_bench_json(budget_ms: f64) -> String {
    let results = run_engines_bench(&chatgate_web::now_ms, budget_ms);
    serde_json::to_string(&results).expect("results serialize")
}

/// The sentence encoder in headless Chromium: [`run_encoder_bench`] on the model bytes the page fetched.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn run_encoder_bench_json(model_bytes: &[u8], budget_ms: f64) -> String {
    let results = run_encoder_bench(&chatgate_web::now_ms, model_bytes, budget_ms);
    serde_json::to_string(&results).expect("results serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_library_is_valid_deterministic_and_mixed() {
        let json = generate_library(300, 1);
        assert_eq!(json, generate_library(300, 1));
        let library = parse_library(&json).expect("valid");
        assert_eq!(library.templates.len(), 300);
        for lang in [Lang::En, Lang::Ru, Lang::Zh] {
            assert_eq!(
                library.templates.iter().filter(|t| t.lang == lang).count(),
                100
            );
        }
    }

    #[test]
    fn measures_every_workload() {
        let clock = std::time::Instant::now();
        let now = move || clock.elapsed().as_secs_f64() * 1000.0;
        let results = run_engines_bench_only(&now, 0.0, "classify");
        assert_eq!(results.len(), 5, "3 languages and 2 hostile shapes");
        assert!(results
            .iter()
            .all(|r| r.samples >= MIN_SAMPLES && r.median_us <= r.p95_us));
    }
}
