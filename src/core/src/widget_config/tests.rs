//! The widget config's tests: every key read or refused by name.

use super::*;

/// `serde_json::json!`, as the config reader's own value.
macro_rules! json {
    ($($tokens:tt)+) => {
        Value::from(serde_json::json!($($tokens)+))
    };
}

#[test]
fn only_web_links_go_into_an_href() {
    for good in [
        "https://acme.example/privacy",
        "HTTP://acme.example",
        "/privacy",
        "privacy.html",
        "//acme.example/p",
        "?page=privacy",
        "#privacy",
    ] {
        assert!(is_web_link(good), "{good}");
    }
    for bad in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "\u{1}javascript:alert(1)",
        "java\nscript:x",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "file:///etc/passwd",
    ] {
        assert!(!is_web_link(bad), "{bad:?}");
    }
    let config = |url: &str| {
        parse_widget_config(
            &json!({"phone": "+447911123456", "privacy_url": url, "purposes": "results"}),
        )
    };
    assert_eq!(
        config("java\tscript:alert(1)").unwrap_err().key,
        "privacy_url"
    );
    assert!(config("/privacy").is_ok());
}

fn check_error(config: Value, expected: &str) {
    assert_eq!(
        parse_widget_config(&config).unwrap_err().to_string(),
        expected
    );
}

#[test]
fn reads_a_full_config() {
    let config = parse_widget_config(
        &json!({"business": " Acme ", "phone": "07911 123456", "region": "GB",
        "message": "Hello", "future_key": 1}),
    )
    .unwrap();
    assert_eq!(config.business, "Acme");
    assert_eq!(config.phone.as_string(), "+447911123456");
    assert_eq!(config.message, "Hello");
    assert_eq!(config.chat_title("en"), "Chat with Acme");
    assert_eq!(config.chat_title("ru"), "Написать в Acme");
    let unnamed = parse_widget_config(&json!({"phone": "+447911123456"})).unwrap();
    assert_eq!(unnamed.chat_title("en"), "Chat with us");
    assert!(unnamed.chat && !unnamed.updates());
    assert_eq!(unnamed.locale, "auto");
}

#[test]
fn reads_purposes_in_every_shape() {
    let config = parse_widget_config(&json!({"phone": "+447911123456", "privacy_url": "/privacy", "purposes": [
        {"id": "results", "label": {"en": "Test results", "ru": "Результаты"}, "value": "the day they are ready"},
        {"id": "offers", "label": "Offers"}]})).unwrap();
    assert_eq!(config.purposes.len(), 2);
    assert_eq!(config.purposes[0].label.get("ru"), "Результаты");
    assert_eq!(config.purposes[0].label.get("zh"), "Test results");
    assert_eq!(config.purposes[1].label.get("ru"), "Offers");
    let from_attribute = parse_widget_config(&json!({"phone": "+447911123456", "privacy_url": "/p", "purposes": "results, offers", "chat": "false"})).unwrap();
    assert_eq!(
        from_attribute
            .purposes
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
        ["results", "offers"]
    );
    assert!(!from_attribute.chat);
}

#[test]
fn a_fixed_accent_gets_readable_text() {
    let config = |accent: &str| {
        parse_widget_config(&json!({"phone": "+447911123456", "accent": accent}))
            .unwrap()
            .accent_css()
    };
    assert_eq!(
        config("#0a7d4d"),
        ".cg-root { --cg-accent: #0a7d4d; --cg-accent-text: #ffffff; }"
    );
    assert_eq!(
        config("#ff0"),
        ".cg-root { --cg-accent: #ffff00; --cg-accent-text: #111417; }"
    );
    assert!(
        include_str!("../../../../www/widget.css").contains(".cg-root {\n  --cg-accent:"),
        "the selector widget.css sets the accent on"
    );
}

#[test]
fn the_message_takes_the_page() {
    let config = parse_widget_config(
        &json!({"phone": "+447911123456", "message": "About {{page_title}} ({{page_url}})"}),
    )
    .unwrap();
    assert_eq!(
        config.chat_message("Flu jabs", "https://x.example/flu"),
        "About Flu jabs (https://x.example/flu)"
    );
}

#[test]
fn bad_configs_name_the_key() {
    check_error(
        json!([]),
        "Chatgate config: `ChatgateSettings` must be an object",
    );
    check_error(json!({}), "Chatgate config: `phone` is missing (expected the business's WhatsApp number, e.g. \"+44 7911 123456\")");
    check_error(
        json!({"phone": 447911123456u64}),
        "Chatgate config: `phone` must be a string such as \"+44 7911 123456\"",
    );
    // GB numbers starting with 12 have 9 or 10 digits (issue 16: lengths are those of numbers starting alike).
    check_error(json!({"phone": "+44 12"}), "Chatgate config: `phone` is not a usable WhatsApp number: the number is too short for GB (at least 9 digits after the country code)");
    check_error(
        json!({"phone": "+447911123456", "message": 5}),
        "Chatgate config: `message` must be a string",
    );
    let phone = "+447911123456";
    check_error(
        json!({"phone": phone, "locale": "fr"}),
        "Chatgate config: `locale` 'fr' is not auto or one of en, ru, zh",
    );
    check_error(
        json!({"phone": phone, "purposes": "results"}),
        "Chatgate config: `privacy_url` is missing: the opt-in must link the privacy policy",
    );
    check_error(json!({"phone": phone, "privacy_url": "/p", "purposes": [{"label": "x"}]}), "Chatgate config: `purposes` each purpose needs an `id` without spaces, such as \"results\"");
    check_error(json!({"phone": phone, "privacy_url": "/p", "purposes": [{"id": "a"}]}), "Chatgate config: `purposes` 'a': `label` must be a non-empty text, or texts by language such as {\"en\": \"…\", \"ru\": \"…\"}");
    check_error(
        json!({"phone": phone, "privacy_url": "/p", "purposes": [5]}),
        "Chatgate config: `purposes[0]` must be an object such as {id: \"results\", label: \"Test results\"}",
    );
    check_error(json!({"phone": phone, "privacy_url": "/p", "purposes": {"id": "a"}}), "Chatgate config: `purposes` must be a list such as [{id: \"results\", label: \"Test results\"}]");
    check_error(json!({"phone": phone, "chat": false}), "Chatgate config: `chat` is false and there are no `purposes`: the widget would offer nothing");
    check_error(json!({"phone": phone, "consent_endpoint": "ftp://x"}), "Chatgate config: `consent_endpoint` 'ftp://x' must be an http(s) URL or a path starting with /");
    check_error(
        json!({"phone": phone, "accent": "red"}),
        "Chatgate config: `accent` 'red' is not a colour such as #0a7d4d",
    );
    check_error(
        json!({"phone": phone, "region": "XX"}),
        "Chatgate config: `region` 'XX' is not a country code such as GB",
    );
    check_error(
        json!({"phone": phone, "data_layer": "yes"}),
        "Chatgate config: `data_layer` must be true or false",
    );
}

/// Found by a probe: a lone surrogate refused the whole config as "`ChatgateSettings` must be an object".
#[test]
fn a_lone_surrogate_is_named_by_its_key() {
    let error = parse_widget_config_text(
        r#"{"phone": "+44 7911 123456", "purposes": [{"id": "news", "label": "News \ud83d"}]}"#,
    )
    .unwrap_err();
    assert_eq!(error.key, "purposes");
    assert!(
        error.problem.contains("purposes.0.label"),
        "{}",
        error.problem
    );
    let error =
        parse_widget_config_text(r#"{"phone": "+44 7911 123456", "business": "\udc00Shop"}"#)
            .unwrap_err();
    assert_eq!(error.key, "business");
    // In a key the widget does not read, it changes nothing.
    let config =
        parse_widget_config_text(r#"{"phone": "+44 7911 123456", "future_key": "\ud800"}"#)
            .unwrap();
    assert_eq!(config.phone.as_string(), "+447911123456");
    assert!(parse_widget_config_text(
        r#"{"phone": "+44 7911 123456", "business": "\ud83d\ude00"}"#
    )
    .is_ok());
    assert_eq!(
        parse_widget_config_text("nope").unwrap_err().key,
        "ChatgateSettings"
    );
}

#[test]
fn every_key_read_is_listed() {
    let source = include_str!("mod.rs");
    let parser = &source[source.find("pub fn parse_widget_config(").unwrap()..];
    let parser = &parser[..parser.find("\n}\n").unwrap()];
    for read in parser.split("object.get(\"").skip(1) {
        let key = &read[..read.find('"').unwrap()];
        assert!(KEYS.contains(&key), "{key} is read but not in KEYS");
    }
}

/// `fill_page_values` is written out on bytes (issue 15: the dialog does not link the template renderer); it
/// must fill exactly as `template::render` with the two page values does.
#[test]
fn fill_page_values_matches_template_render() {
    fn check(message: &str, title: &str, url: &str, expected: &str) {
        let vars = std::collections::BTreeMap::from([
            ("page_title".to_string(), title.to_string()),
            ("page_url".to_string(), url.to_string()),
        ]);
        let rendered = crate::template::render(message, &vars).text;
        assert_eq!(rendered, expected, "template::render on {message:?}");
        assert_eq!(
            fill_page_values(message, title, url),
            expected,
            "{message:?}"
        );
    }
    check("Hello", "Prices", "https://a.example/p", "Hello");
    check("", "Prices", "https://a.example/p", "");
    check("About {{page_title}}", "Prices", "u", "About Prices");
    check(
        "{{page_title}} at {{page_url}}.",
        "Prices",
        "https://a.example/p",
        "Prices at https://a.example/p.",
    );
    check("About {{ page_title }}!", "  Prices ", "u", "About Prices!");
    check("About {{page_title|our site}}", "", "u", "About our site");
    check(
        "About {{page_title| our site }}",
        "   ",
        "u",
        "About  our site ",
    );
    check("About {{page_title|a|b}}", "", "u", "About a|b");
    check(
        "Hi {{ name }} on {{page_url}}",
        "T",
        "u",
        "Hi {{name}} on u",
    );
    check("Hi {{name|you}}", "T", "u", "Hi you");
    check(
        "Unclosed {{page_title and more",
        "T",
        "u",
        "Unclosed {{page_title and more",
    );
    check(
        "Closed only }} here {{page_title}}",
        "T",
        "u",
        "Closed only }} here {{page_title}}",
    );
    check(
        "Nested {{page_{{title}}}}",
        "T",
        "u",
        "Nested {{page_{{title}}}}",
    );
    check("Empty {{ }} name", "T", "u", "Empty {{ }} name");
    check(
        "Empty {{|fallback}} name",
        "T",
        "u",
        "Empty {{|fallback}} name",
    );
    check("Three {{{page_title}}}", "T", "u", "Three {{{page_title}}}");
    check(
        "Single {braces} {{page_title}}",
        "T",
        "u",
        "Single {braces} T",
    );
    check(
        "Один {{page_title}} 😀 {{page_url}}",
        "Цены",
        "https://a.example/ц",
        "Один Цены 😀 https://a.example/ц",
    );
    check("关于{{page_title|本页}}", "", "u", "关于本页");
    check("{{page_title}}{{page_title}}", "A", "u", "AA");
    check("Tail {{page_url}}}", "T", "u", "Tail u}");
}

/// The accent's text colour uses `power_2_4`, not `f64::powf` (issue 15: the dialog's size): every channel
/// value agrees with `powf` to 1e-14, and the text colour chosen for every `#rgb` accent is the one `powf` gives.
#[test]
fn accent_text_matches_powf() {
    let channel = |byte: u32| {
        let value = f64::from(byte) / 255.0;
        if value <= 0.04045 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    };
    for byte in 0..=255u32 {
        let x = (f64::from(byte) / 255.0 + 0.055) / 1.055;
        assert!((power_2_4(x) - x.powf(2.4)).abs() < 1e-14, "channel {byte}");
    }
    for rgb in 0..4096u32 {
        let hex = format!("#{rgb:03x}");
        let css = parse_widget_config(&json!({"phone": "+447911123456", "accent": hex}))
            .unwrap()
            .accent_css();
        let [r, g, b] = [rgb >> 8, (rgb >> 4) & 15, rgb & 15].map(|nibble| channel(nibble * 17));
        let luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let text = if 1.05 / (luminance + 0.05) >= 4.5 {
            "#ffffff"
        } else {
            "#111417"
        };
        assert!(
            css.contains(&format!("--cg-accent-text: {text};")),
            "{hex}: {css}"
        );
    }
}
