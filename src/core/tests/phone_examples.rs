//! Every example number libphonenumber gives (each number type of each region, and of each non-geographic
//! calling code) is read back with its exact E.164, written internationally and, with its region, nationally
//! (tests/fixtures/phone_examples.jsonl, written by `src/core/src/phone/generate_metadata.py --examples`, which
//! also checks them against the table it generates). Issue 16: the leading-digit check must refuse none of
//! them.

use chatgate_core::phone::normalize_phone;

#[derive(serde::Deserialize)]
struct Example {
    region: String,
    #[serde(rename = "type")]
    number_type: String,
    international: String,
    national: Option<String>,
    e164: String,
}

#[test]
fn every_libphonenumber_example_number_is_read() {
    let text = include_str!("../../../tests/fixtures/phone_examples.jsonl");
    let examples: Vec<Example> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("fixture line"))
        .collect();
    let mut failures = Vec::new();
    let mut national_forms = 0;
    for example in &examples {
        let mut forms = vec![(example.international.as_str(), None)];
        if let Some(national) = &example.national {
            forms.push((national.as_str(), Some(example.region.as_str())));
            national_forms += 1;
        }
        for (input, region) in forms {
            match normalize_phone(input, region) {
                Ok(number) if number.as_string() == example.e164 => {}
                result => failures.push(format!(
                    "{} {} {input:?} {region:?} -> {result:?}, expected {}",
                    example.region, example.number_type, example.e164
                )),
            }
        }
    }
    println!(
        "{} example numbers, {} international and {national_forms} national forms, {} failures",
        examples.len(),
        examples.len(),
        failures.len()
    );
    assert!(
        examples.len() > 1000,
        "the fixture lists every region's examples"
    );
    assert!(failures.is_empty(), "not read:\n{}", failures.join("\n"));
}
