//! The `chatgate` command line as a user meets it: help for every command with every option and its default,
//! the version, usage errors (stderr, exit 2), and JSON Lines that survive a line that is not UTF-8.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn chatgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chatgate"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

fn chatgate_with_input(args: &[&str], input: &[u8]) -> Output {
    chatgate_with_env(args, &[], input)
}

/// `chatgate ARGS` with `envs` set and `input` on stdin.
fn chatgate_with_env(args: &[&str], envs: &[(&str, &str)], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chatgate"))
        .args(args)
        .envs(envs.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("writes");
    child.wait_with_output().expect("finishes")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const COMMANDS: [&str; 8] = [
    "embed",
    "phone",
    "link",
    "classify",
    "suggest",
    "tone",
    "lint-templates",
    "serve",
];

#[test]
fn help_lists_every_command() {
    let output = chatgate(&["--help"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let help = stdout(&output);
    for command in COMMANDS {
        assert!(
            help.lines()
                .any(|line| line.trim_start().starts_with(&format!("{command} "))),
            "{command} in:\n{help}"
        );
    }
    assert!(help.contains("Exit codes"), "{help}");
    assert_eq!(stdout(&chatgate(&["help"])), help);
}

#[test]
fn every_command_has_help() {
    for command in COMMANDS {
        let output = chatgate(&[command, "--help"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command}: {}",
            stderr(&output)
        );
        assert!(
            stdout(&output).contains(&format!("Usage: chatgate {command}")),
            "{command}: {}",
            stdout(&output)
        );
    }
    let suggest = stdout(&chatgate(&["suggest", "--help"]));
    assert!(suggest.contains("--templates <FILE>"), "{suggest}");
    assert!(
        suggest.contains("-k <N>") && suggest.contains("[default: 5]"),
        "{suggest}"
    );
    let lint = stdout(&chatgate(&["lint-templates", "--help"]));
    assert!(lint.contains("--strict"), "{lint}");
    assert!(
        lint.contains("--ui-lang <LANG>") && lint.contains("[default: en]"),
        "{lint}"
    );
}

#[test]
fn serve_help_lists_every_option_with_its_default() {
    let output = chatgate(&["serve", "--help"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let help = stdout(&output);
    let option = |name: &str| {
        help.lines()
            .find(|line| line.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("{name} in:\n{help}"))
            .to_string()
    };
    assert!(option("--dist <DIR>").contains("[default: dist]"), "{help}");
    assert!(
        option("--host <ADDR>").contains("[default: 127.0.0.1]"),
        "{help}"
    );
    assert!(option("--port <N>").contains("[default: 8080]"), "{help}");
    assert!(
        option("--widget-port <N>").contains("[default: port + 1]"),
        "{help}"
    );
    let db = option("--db <FILE|URL>");
    assert!(
        db.contains("receiver is off") && db.contains("postgres://"),
        "{help}"
    );
    option("--allow-origin <ORIGIN>");
    assert!(
        option("--rate-limit <N>").contains("[default: 120]"),
        "{help}"
    );
    // Issue 18: the limits on slow clients, with their defaults.
    assert!(
        option("--header-timeout <SECS>").contains("[default: 10]"),
        "{help}"
    );
    assert!(
        option("--body-timeout <SECS>").contains("[default: 30]"),
        "{help}"
    );
    assert!(
        option("--max-connections <N>").contains("[default: (open-file limit - 32) / 2"),
        "{help}"
    );
    assert!(help.contains("Slow clients:"), "{help}");
    assert!(help.contains("CHATGATE_ADMIN_TOKEN"), "{help}");
}

#[test]
fn version_prints_the_version() {
    let output = chatgate(&["--version"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output).trim(),
        format!("chatgate {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2_with_the_message_on_stderr() {
    for args in [
        &["--nope"][..],
        &["phone", "--nope"],
        &["serve", "--port", "http"],
        &["serve", "--allow-origin", "example.com"],
        &["suggest"],
        &["suggest", "--templates", "t.json", "-k", "0"],
        &["lint-templates"],
        &["lint-templates", "l.json", "--ui-lang", "fr"],
        &["frobnicate"],
        &[],
    ] {
        let output = chatgate(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}: {}", stdout(&output));
        assert!(!output.stderr.is_empty(), "{args:?}");
    }
    let output = chatgate(&["--nope"]);
    assert!(stderr(&output).contains("'--nope'"), "{}", stderr(&output));
    let output = chatgate(&["serve", "--port", "65535"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("widget port"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_line_that_is_not_utf8_does_not_stop_the_others() {
    let output = chatgate_with_input(
        &["phone"],
        b"{\"input\":\"+44 7911 123456\"}\n{\"input\":\"\xff\"}\n{\"input\":\"+44 7911 123456\"}\n",
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["e164"], "+447911123456");
    assert!(
        lines[1]["error"]
            .as_str()
            .is_some_and(|error| error.contains("line 2") && error.contains("UTF-8")),
        "{lines:?}"
    );
    assert_eq!(lines[2]["e164"], "+447911123456");
}

#[test]
fn clean_lines_exit_0() {
    let output = chatgate_with_input(&["classify"], b"{\"text\": \"where is my refund?\"}\r\n\n");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 1);
}

#[test]
fn suggest_with_an_unreadable_library_exits_2() {
    let output = chatgate(&["suggest", "--templates", "/nonexistent/library.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/nonexistent/library.json"));
}

#[test]
fn suggest_ranks_by_words_alone_on_request_and_by_meaning_alone_only_with_a_model() {
    let library = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/corpora/suggest/gym.json"
    );
    let lexical = chatgate_with_input(
        &[
            "--no-model",
            "suggest",
            "--templates",
            library,
            "-k",
            "1",
            "--ranking",
            "lexical",
        ],
        b"{\"text\": \"what time do you close on sundays\"}\n",
    );
    assert_eq!(lexical.status.code(), Some(0), "{}", stderr(&lexical));
    assert!(
        stdout(&lexical).contains("\"id\":\"en-hours\""),
        "{}",
        stdout(&lexical)
    );
    let semantic = chatgate(&[
        "--no-model",
        "suggest",
        "--templates",
        library,
        "--ranking",
        "semantic",
    ]);
    assert_eq!(semantic.status.code(), Some(2));
    assert!(
        stderr(&semantic).contains("needs a model"),
        "{}",
        stderr(&semantic)
    );
}

#[test]
fn the_model_is_optional_but_a_named_one_must_load() {
    // Without a model the engines answer lexically.
    let lexical = chatgate_with_input(
        &["--no-model", "classify"],
        b"{\"text\": \"Where is my parcel?\"}\n",
    );
    assert_eq!(lexical.status.code(), Some(0), "{}", stderr(&lexical));
    assert!(
        stdout(&lexical).contains("\"category\":\"order\""),
        "{}",
        stdout(&lexical)
    );
    // `--no-model` wins over a model named in the environment (which is then not read at all).
    let switched_off = chatgate_with_env(
        &["--no-model", "classify"],
        &[("CHATGATE_MODEL", "/nonexistent/model.bin")],
        b"{\"text\": \"Where is my parcel?\"}\n",
    );
    assert_eq!(
        switched_off.status.code(),
        Some(0),
        "{}",
        stderr(&switched_off)
    );
    assert!(stdout(&switched_off).contains("\"category\":\"order\""));
    // A model file that is not there, or not a model, is a usage problem: exit 2, said on stderr.
    let missing = chatgate_with_input(&["--model", "/nonexistent/model.bin", "classify"], b"");
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("/nonexistent/model.bin"),
        "{}",
        stderr(&missing)
    );
    let not_a_model = chatgate_with_input(
        &[
            "--model",
            concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"),
            "classify",
        ],
        b"",
    );
    assert_eq!(not_a_model.status.code(), Some(2));
    assert!(
        stderr(&not_a_model).contains("not a chatgate encoder model"),
        "{}",
        stderr(&not_a_model)
    );
    // `embed` needs a model.
    // (No input: the command stops before reading it.)
    let embed = chatgate_with_input(&["--no-model", "embed"], b"");
    assert_eq!(embed.status.code(), Some(2));
    assert!(stderr(&embed).contains("make model"), "{}", stderr(&embed));
}
