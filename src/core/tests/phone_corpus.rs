//! The phone reader against 26,000 inputs labelled by libphonenumber itself (tests/fixtures/phone_cases.jsonl,
//! made by generate_phone_cases.py): every region, every number type it has an example for, written
//! internationally, nationally, with 00 and with the region's own international prefix, plus impossible inputs.
//! The bars are the foundation issue's: ≥ 99% of valid numbers with the exact E.164, ≥ 95% of impossible ones
//! rejected, and never a wrong E.164.

use chatgate_core::phone::normalize_phone;

#[derive(serde::Deserialize)]
struct Case {
    input: String,
    region: Option<String>,
    valid: bool,
    possible: bool,
    e164: Option<String>,
}

#[test]
fn libphonenumber_labelled_corpus() {
    let text = include_str!("../../../tests/fixtures/phone_cases.jsonl");
    let cases: Vec<Case> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("fixture line"))
        .collect();
    let (mut valid, mut accepted, mut impossible, mut rejected) = (0usize, 0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    let mut missed = Vec::new();
    let mut let_through = Vec::new();
    for case in &cases {
        let result = normalize_phone(&case.input, case.region.as_deref());
        if case.valid {
            valid += 1;
            match &result {
                Ok(number) if Some(number.as_string()) == case.e164 => accepted += 1,
                Ok(number) => wrong.push(format!(
                    "{} {:?} -> {number}, expected {:?}",
                    case.input, case.region, case.e164
                )),
                Err(error) => missed.push(format!("{} {:?} -> {error}", case.input, case.region)),
            }
        }
        if !case.possible {
            impossible += 1;
            match &result {
                Err(_) => rejected += 1,
                Ok(number) => {
                    let_through.push(format!("{} {:?} -> {number}", case.input, case.region))
                }
            }
        }
    }
    let accepted_share = accepted as f64 / valid as f64;
    let rejected_share = rejected as f64 / impossible as f64;
    println!("valid accepted {accepted}/{valid} ({:.2}%), impossible rejected {rejected}/{impossible} ({:.2}%), wrong {}",
        100.0 * accepted_share, 100.0 * rejected_share, wrong.len());
    for line in missed.iter().take(20) {
        println!("missed: {line}");
    }
    for line in let_through.iter().take(20) {
        println!("let through: {line}");
    }
    assert!(
        wrong.is_empty(),
        "wrong E.164 for valid numbers:\n{}",
        wrong.join("\n")
    );
    assert!(
        accepted_share >= 0.99,
        "valid numbers accepted: {:.2}%",
        100.0 * accepted_share
    );
    assert!(
        rejected_share >= 0.95,
        "impossible numbers rejected: {:.2}%",
        100.0 * rejected_share
    );
}
