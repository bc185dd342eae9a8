//! Encoder timing and vector dump, for work on the forward pass (not part of `make bench`).
//!
//! `cargo run --release -p chatgate-encoder --example timing -- MODEL TEXTS [ROUNDS]` prints, per line of
//! TEXTS, the piece count and the median and minimum encode time over ROUNDS rounds (the lines interleaved, so
//! load from other processes hits them alike). With `--dump OUT` instead of ROUNDS it writes each line's
//! vector, one line of 512 numbers per text, for comparing two builds.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bytes = std::fs::read(&args[0]).expect("model file");
    let texts = std::fs::read_to_string(&args[1]).expect("texts file");
    let texts: Vec<&str> = texts.lines().filter(|l| !l.is_empty()).collect();
    let model = chatgate_encoder::Model::from_bytes(&bytes).expect("model loads");
    let mut scratch = chatgate_encoder::Scratch::default();
    if args.get(2).map(String::as_str) == Some("--dump") {
        let mut out = String::new();
        for text in &texts {
            let v = model.encode_with(text, &mut scratch);
            let line: Vec<String> = v.iter().map(|x| format!("{x:e}")).collect();
            out.push_str(&line.join(" "));
            out.push('\n');
        }
        std::fs::write(&args[3], out).expect("write dump");
        return;
    }
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(200);
    let mut times = vec![Vec::with_capacity(rounds); texts.len()];
    for text in &texts {
        std::hint::black_box(model.encode_with(text, &mut scratch));
    }
    for _ in 0..rounds {
        for (i, text) in texts.iter().enumerate() {
            let t0 = Instant::now();
            std::hint::black_box(model.encode_with(text, &mut scratch));
            times[i].push(t0.elapsed().as_secs_f64() * 1e3);
        }
    }
    for (text, t) in texts.iter().zip(&mut times) {
        t.sort_by(f64::total_cmp);
        let mut ids = model.tokenize(text);
        let pieces = ids.len();
        ids.sort_unstable();
        ids.dedup();
        let distinct = ids.len();
        println!(
            "{pieces:4} pieces ({distinct:3} distinct)  median {:7.3} ms  p10 {:7.3}  min {:7.3}  {}",
            t[t.len() / 2],
            t[t.len() / 10],
            t[0],
            text.chars().take(24).collect::<String>()
        );
    }
}
