//! The semantic layer on real-text cases it once got wrong (issue 14), through the command line with both
//! model files `make model` builds (the CLI's exact one and the page's compact one): the verdicts must hold
//! with either. `make test` builds the models first; without them these tests fail, they are never skipped.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

fn model(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/model")
        .join(name);
    assert!(
        path.is_file(),
        "{} is missing: run `make model`",
        path.display()
    );
    path
}

/// `chatgate --model <name> <args>` fed one `{"text": …}` line per text: its JSON answers, in order.
fn run(name: &str, args: &[&std::ffi::OsStr], texts: &[&str]) -> Vec<Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chatgate"))
        .arg("--model")
        .arg(model(name))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    let input: String = texts
        .iter()
        .map(|text| serde_json::json!({ "text": text }).to_string() + "\n")
        .collect();
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("writes");
    let output = child.wait_with_output().expect("finishes");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON"))
        .collect()
}

/// `chatgate classify` on each text with the model `name`.
fn classify(name: &str, texts: &[&str]) -> Vec<Value> {
    run(name, &["classify".as_ref()], texts)
}

/// Checks `field` of every case with both models.
fn check(field: &str, cases: &[(&str, &str)]) {
    let texts: Vec<&str> = cases.iter().map(|(text, _)| *text).collect();
    for name in ["use-m3.bin", "use-m3-web.bin"] {
        for ((text, expected), got) in cases.iter().zip(classify(name, &texts)) {
            assert_eq!(
                got[field], *expected,
                "{field} of {text:?} with {name}: {got}"
            );
        }
    }
}

#[test]
fn sentiment_reads_negation_contrast_and_reviews() {
    check(
        "sentiment",
        &[
            // Real reviews the words alone misread or the category vote turned around.
            ("不喜欢这个口味", "negative"),
            ("餐也没收到！真心差", "negative"),
            ("性价比很高，物流也快，很满意", "positive"),
            ("Не понравилось, доставка опоздала на три дня", "negative"),
            ("The pizza was good but it arrived an hour late", "negative"),
            ("味道不错，就是送得太慢了", "negative"),
            ("东西收到了，质量很好，谢谢", "positive"),
            // Short Chinese praise the category head reads as a complaint (0.65-0.78): not sarcasm (session 14).
            ("鸡腿肉很嫩，酱汁拌饭绝了", "positive"),
            ("电池很耐用，一天一充没问题", "positive"),
            // Questions and greetings stay neutral: the head learned on reviews, they are not reviews.
            ("哈喽", "neutral"),
            ("hey", "neutral"),
            ("Do you have this kettle in white?", "neutral"),
            ("我的包裹什么时候到？", "neutral"),
            // A bare tracking number or order code is many word pieces and no opinion.
            ("SP4417823RU", "neutral"),
            ("1Z999AA10123456784", "neutral"),
            ("订单号 7788123456", "neutral"),
        ],
    );
}

#[test]
fn categories_hold_on_real_requests_and_praise_is_no_complaint() {
    check(
        "category",
        &[
            ("I had problems registering", "support"),
            ("my online account has ben hacked", "support"),
            ("性价比很高，物流也快，很满意", "other"),
            ("服务态度太差了，再也不来了", "complaint"),
            ("我的包裹什么时候到？", "order"),
            ("Do you have this kettle in white?", "inquiry"),
        ],
    );
}

/// `chatgate suggest` on each text with the model `name` and the dev-set library `library`
/// (`tests/corpora/suggest`): the first suggestion's id.
fn first_suggestion(name: &str, library: &str, texts: &[&str]) -> Vec<String> {
    let library = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/corpora/suggest")
        .join(library);
    let args: [&std::ffi::OsStr; 5] = [
        "suggest".as_ref(),
        "-k".as_ref(),
        "3".as_ref(),
        "--templates".as_ref(),
        library.as_os_str(),
    ];
    run(name, &args, texts)
        .iter()
        .map(|value| {
            value["suggestions"][0]["id"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

#[test]
fn suggestions_fuse_words_meaning_and_category_by_score() {
    // Messages of the dev set's tuning half that rank fusion put second or lower (a template matched by one
    // stray word, or one lucky example, won): first with both models since the fusion by score.
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "electronics.json",
            &[
                (
                    "its been 9 days!! you said 2 days delivery. still nothing at my door",
                    "en-late",
                ),
                (
                    "принтер не подключается к вайфаю, лампочка мигает оранжевым",
                    "ru-setup",
                ),
            ],
        ),
        (
            "gym.json",
            &[
                (
                    "the womens showers were freezing cold and the floor was dirty",
                    "en-facilities",
                ),
                (
                    "в раздевалке ужасно воняет, когда там последний раз убирали",
                    "ru-facilities",
                ),
                ("我哥从国外来玩一周，能跟我一起练吗", "zh-guest"),
            ],
        ),
        (
            "telecom.json",
            &[
                ("how much does it cost to use data in the US", "en-roaming"),
                (
                    "со вчерашнего дня ноль делений, звонки не проходят",
                    "ru-signal",
                ),
                ("我现在是别家的，转到你们这里号码能保留吗", "zh-port"),
            ],
        ),
        (
            "courier.json",
            &[("箱子到的时候是开着的，东西少了一半", "zh-damaged")],
        ),
    ];
    for name in ["use-m3.bin", "use-m3-web.bin"] {
        for (library, expected) in cases {
            let texts: Vec<&str> = expected.iter().map(|(text, _)| *text).collect();
            for ((text, id), got) in expected.iter().zip(first_suggestion(name, library, &texts)) {
                assert_eq!(got, *id, "first suggestion for {text:?} with {name}");
            }
        }
    }
}

/// The rules of `chatgate tone`'s findings on each text with the model `name`.
/// Each text's findings as `rule/severity` (`pressure/suggestion`).
fn tone_rules(name: &str, texts: &[&str]) -> Vec<Vec<String>> {
    run(name, &["tone".as_ref()], texts)
        .iter()
        .map(|answer| {
            let mut rules: Vec<String> = answer["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .map(|finding| {
                    let rule = finding["rule"].as_str().expect("rule");
                    let severity = finding["severity"].as_str().expect("severity");
                    format!("{rule}/{severity}")
                })
                .collect();
            rules.dedup();
            rules
        })
        .collect()
}

#[test]
fn the_tone_head_finds_pressure_and_blame_the_word_lists_miss() {
    // Paraphrases no word list holds (the lexical engine finds nothing in them), written for this test and
    // not in the head's training sentences: social proof, a veiled consequence, fault put on the customer.
    // Since session 15 the head's line is 0.95 (src/core/src/semantic/tone.rs): 课程里其他人都交完了，现在就看您了
    // (0.92), «Ошибка ваша: вы указали чужой номер телефона» and 零件坏了是因为报警灯亮了您还继续用 (0.93 each),
    // which this test held at 0.9, are now missed by meaning; the Chinese social proof the word lists miss that the
    // head is 95% sure of is rare (its structures catch most: `structures.txt`).
    let pressing = [
        "Everybody else on the course has paid already, so it's really down to you now.",
        "Если к понедельнику долг останется, не удивляйтесь, что счёт заморозят.",
    ];
    let blaming = [
        "The part failed because you kept using it after the warning light came on.",
        "Деталь сломалась только потому, что вы игнорировали предупреждение.",
        // Session 17: 您当时没按说明书操作 is now found by its words (没按 … 说明, structures.txt).
        "您当时没看提示就继续用了，所以才坏的。",
    ];
    // Near misses on the same subjects: a due date as information, social proof as a tip, a cause that is
    // not the customer's, an apology. They stay clean.
    let clean = [
        "The balance of $40 is due on Monday; you can pay it in the app.",
        "Most families pay the trip fee online, and the link is below.",
        "The part failed because of a manufacturing fault, and we'll replace it for free.",
        "Остаток 400 рублей нужно оплатить до понедельника, это можно сделать в приложении.",
        "Большинство семей оплачивают поездку онлайн, ссылка ниже.",
        "Деталь вышла из строя из-за заводского брака, заменим бесплатно.",
        "剩余40元请在周一前付清，可以在APP里支付。",
        "大部分家庭都在网上交研学费用，链接在下面。",
        "零件是因为出厂质量问题坏的，我们免费给您换。",
        // Opt-out instructions are imperative, and the head read the first as pressure (session 14).
        "Hello Sam, this week only: two sun creams for the price of one. Reply STOP to stop receiving offers.",
        "Чтобы отписаться от рассылки, ответьте СТОП.",
    ];
    for name in ["use-m3.bin", "use-m3-web.bin"] {
        // Found by meaning alone, so only suggested: the head's findings on real replies were false alarms, and a
        // rule under 80% measured precision does not warn (issue 14).
        for (texts, rule) in [
            (&pressing[..], "pressure/suggestion"),
            (&blaming[..], "blame/suggestion"),
        ] {
            for (text, rules) in texts.iter().zip(tone_rules(name, texts)) {
                assert!(
                    rules.iter().any(|r| r == rule),
                    "{name}: {text} -> {rules:?}"
                );
            }
        }
        for (text, rules) in clean.iter().zip(tone_rules(name, &clean)) {
            assert!(
                !rules
                    .iter()
                    .any(|r| r.starts_with("pressure/") || r.starts_with("blame/")),
                "{name}: {text} -> {rules:?}"
            );
        }
    }
}
