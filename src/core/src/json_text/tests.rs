use super::*;

/// What `serde_json` reads from `text`, as a [`Value`].
fn serde(text: &str) -> Value {
    Value::from(serde_json::from_str::<serde_json::Value>(text).unwrap())
}

#[test]
fn plain_json_is_read_as_it_is() {
    let read = read(r#"{"a": "x\ud83d\ude00y", "b": "\\ud800"}"#).unwrap();
    assert_eq!(read.value, serde(r#"{"a": "x😀y", "b": "\\ud800"}"#));
    assert_eq!(read.lone_surrogate_at, None);
}

#[test]
fn lone_surrogates_are_found_and_replaced() {
    let read =
        read(r#"{"phone": "+44", "purposes": [{"label": "a\ud83d"}], "x": "\udc00"}"#).unwrap();
    assert_eq!(
        read.lone_surrogate_at,
        Some(vec![
            "purposes".to_string(),
            "0".to_string(),
            "label".to_string()
        ])
    );
    let purposes = read
        .value
        .get("purposes")
        .and_then(Value::as_array)
        .unwrap();
    assert_eq!(purposes[0].get("label"), Some(&Value::from("a\u{FFFD}")));
    assert_eq!(read.value.get("x"), Some(&Value::from("\u{FFFD}")));
    let key = super::read(r#"{"k\ud800": 1}"#).unwrap();
    assert_eq!(key.lone_surrogate_at, Some(vec!["k\u{FFFD}".to_string()]));
    let reversed = super::read(r#"["\udc00\ud800"]"#).unwrap();
    assert_eq!(
        reversed.value,
        Value::Array(vec![Value::from("\u{FFFD}\u{FFFD}")])
    );
}

#[test]
fn other_errors_stay_errors() {
    assert!(read(r#"{"a": "\ud800"#).is_err());
    assert!(read("{nope}").is_err());
}

#[test]
fn reads_what_json_stringify_writes_as_serde_json_does() {
    for text in [
        r#"{"a":[1,-2,3.5,1e3,-0.25E-2,18446744073709551615,-9223372036854775808],"b":true,"c":null}"#,
        "[0.1, 0.5, 12.75, -3.0, 1e22, 2.5e-3, 123456789.125, 1E+2, 0.0, -0.0]",
        r#" { "k" : "tab\tquote\"slash\/back\\u\u00e9\n" , "e" : {} , "f" : [ ] } "#,
        r#""\ud83d\ude00""#,
        "[[[[[]]]]]",
        "0",
    ] {
        assert_eq!(read(text).unwrap().value, serde(text), "{text}");
    }
}

#[test]
fn writes_compact_json_with_numbers_as_written() {
    let text = r#"{"a":[1,-2.50,1e3],"b":"q\"\\\n\u0001é","c":{"d":null,"e":true}}"#;
    assert_eq!(read(text).unwrap().value.to_string(), text);
    let twice = read(r#"{"k":1,"k":2}"#).unwrap().value;
    assert_eq!(twice.to_string(), r#"{"k":2}"#);
    assert_eq!(twice.get("k").and_then(Value::as_u64), Some(2));
    assert_eq!(read("2.5").unwrap().value.as_u64(), None);
    assert_eq!(read("-1").unwrap().value.as_u64(), None);
    assert!(read("1e400").is_err(), "too large for a number");
}

#[test]
fn refuses_what_is_not_json() {
    for text in [
        "",
        "{",
        "[1,]",
        "{\"a\" 1}",
        "01",
        "1.",
        "-",
        "1e",
        "\"\\x\"",
        "\"a",
        "tru",
        "[1] 2",
        "\"\u{1}\"",
        "{1: 2}",
        "\"\\u12\"",
    ] {
        assert!(read(text).is_err(), "{text:?}");
    }
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert!(read(&deep).is_err(), "nested too deeply");
    let fine = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(read(&fine).is_ok());
}
