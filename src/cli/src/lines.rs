//! The JSON Lines runner: one JSON object out per non-blank line in, in order, whatever a line holds.
//!
//! Input is read as bytes, a line at a time, so one line that is not UTF-8 gets `{"error": ...}` on its own
//! output line and the lines after it still run.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use serde_json::{json, Value};

/// Runs `command` over every non-blank line of `input` (a trailing `\r` is dropped). Returns the number of
/// lines that were errors: lines that are not UTF-8, and lines whose output has an `error` field.
pub fn run_lines(
    command: impl Fn(&str) -> Value,
    mut input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<usize> {
    let mut errors = 0;
    let mut buffer = Vec::new();
    let mut number = 0usize;
    loop {
        buffer.clear();
        if input.read_until(b'\n', &mut buffer)? == 0 {
            break;
        }
        number += 1;
        let bytes = buffer.strip_suffix(b"\n").unwrap_or(&buffer);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let result = match std::str::from_utf8(bytes) {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => command(line),
            Err(_) => json!({"error": format!("line {number} is not valid UTF-8")}),
        };
        errors += usize::from(result.get("error").is_some());
        serde_json::to_writer(&mut output, &result)?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(errors)
}

/// Runs `command` over stdin to stdout: exit 0 when every line was read, 1 when some were errors, 2 when
/// stdin or stdout failed.
pub fn run_stdin(name: &str, command: impl Fn(&str) -> Value) -> ExitCode {
    let stdin = std::io::stdin().lock();
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    match run_lines(command, stdin, stdout) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(error) => {
            eprintln!("chatgate {name}: {error}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::phone_command;

    fn run(input: &[u8]) -> (usize, Vec<Value>) {
        let mut output = Vec::new();
        let errors = run_lines(phone_command, input, &mut output).unwrap();
        let lines = String::from_utf8(output)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (errors, lines)
    }

    #[test]
    fn runs_every_line_in_order_and_survives_bad_ones() {
        let input =
            "{\"input\": \"+44 7911 123456\"}\nnot json\n\n{\"input\": \"+7 912 345 67 89\"}\n";
        let (errors, lines) = run(input.as_bytes());
        assert_eq!(errors, 1);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["e164"], "+447911123456");
        assert!(lines[1]["error"].is_string());
        assert_eq!(lines[2]["e164"], "+79123456789");
    }

    #[test]
    fn a_line_that_is_not_utf8_is_an_error_line_and_the_rest_run() {
        let input = b"{\"input\": \"+44 7911 123456\"}\r\n\r\n{\"input\": \"\xff\"}\n{\"input\": \"+44 7911 123456\"}";
        let (errors, lines) = run(input);
        assert_eq!(errors, 1);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["e164"], "+447911123456");
        assert_eq!(lines[1], json!({"error": "line 3 is not valid UTF-8"}));
        assert_eq!(
            lines[2]["e164"], "+447911123456",
            "the last line needs no newline"
        );
    }
}
