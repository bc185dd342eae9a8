//! The `chatgate` process: documented exit codes (0 clean, 1 when a finding or line is an error, 2 when the
//! command cannot run), with the findings on stdout and the summary on stderr.

use std::process::Command;

#[test]
fn lint_templates_command_exit_codes() {
    let run = |path: &str, extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_chatgate"))
            .arg("lint-templates")
            .arg(path)
            .args(extra)
            .output()
            .expect("runs")
    };
    let clean = run(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../www/templates/library.json"
        ),
        &["--strict"],
    );
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    assert!(clean.stdout.is_empty());
    assert!(String::from_utf8_lossy(&clean.stderr)
        .contains(" templates, 0 errors, 0 warnings, 0 suggestions"));

    let dir = std::env::temp_dir().join(format!("chatgate-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path.to_string_lossy().into_owned()
    };
    let warning_only = write(
        "warn.json",
        r#"{"version": 1, "templates": [{"id": "w", "lang": "en", "category": "other", "body": "Hello, thanks in advance."}]}"#,
    );
    assert_eq!(run(&warning_only, &[]).status.code(), Some(0));
    assert_eq!(run(&warning_only, &["--strict"]).status.code(), Some(1));
    let error = write(
        "error.json",
        r#"{"version": 1, "templates": [{"id": "m", "lang": "en", "category": "campaign", "kind": "marketing", "body": "Hello {{name}}, new offers are in."}]}"#,
    );
    let output = run(&error, &["--ui-lang", "ru"]);
    assert_eq!(output.status.code(), Some(1));
    let line: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON line");
    assert_eq!(line["id"], "m");
    assert_eq!(line["rule"], "no_opt_out");
    assert!(
        line["message"]
            .as_str()
            .is_some_and(|m| m.chars().any(|c| ('а'..='я').contains(&c))),
        "{line}"
    );
    let invalid = write(
        "invalid.json",
        r#"{"version": 1, "templates": [{"id": "x", "lang": "fr", "category": "inquiry", "body": "Hi {{name"}]}"#,
    );
    let output = run(&invalid, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).lines().count(),
        2,
        "lang and body problems"
    );
    assert_eq!(run("/nonexistent/library.json", &[]).status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}
