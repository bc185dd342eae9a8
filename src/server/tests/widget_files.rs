//! The widget origin serves the widget's files as a CDN does: the build's gzip twin to a browser that accepts
//! gzip (so a visitor downloads the gzip bytes the size budgets count, issue 15), the file itself otherwise.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use chatgate_server::ClientLimits;
use support::servers::{exchange, start};

fn get_with(path: &str, accept_encoding: Option<&str>) -> Vec<u8> {
    let accept =
        accept_encoding.map_or_else(String::new, |value| format!("Accept-Encoding: {value}\r\n"));
    format!("GET {path} HTTP/1.1\r\nHost: x\r\n{accept}Connection: close\r\n\r\n").into_bytes()
}

#[tokio::test]
async fn a_widget_file_comes_gzipped_to_a_browser_that_accepts_gzip_and_plain_otherwise() {
    let servers = start("gzip-twins", ClientLimits::default()).await;
    let patience = Duration::from_secs(10);

    let gzipped = exchange(
        servers.widget,
        &get_with("/widget.js", Some("gzip, deflate, br")),
        patience,
    )
    .await
    .expect("an answer");
    let lower = gzipped.to_ascii_lowercase();
    assert!(gzipped.starts_with("HTTP/1.1 200"), "{gzipped}");
    assert!(lower.contains("content-encoding: gzip"), "{gzipped}");
    assert!(
        lower.contains("content-type: text/javascript"),
        "the type of the file, not of its twin: {gzipped}"
    );
    assert!(
        lower.contains("vary: accept-encoding"),
        "caches keep both: {gzipped}"
    );
    assert!(gzipped.ends_with("gzip twin of widget.js"), "{gzipped}");

    for accept in [None, Some("identity"), Some("br")] {
        let plain = exchange(servers.widget, &get_with("/widget.js", accept), patience)
            .await
            .expect("an answer");
        assert!(plain.starts_with("HTTP/1.1 200"), "{plain}");
        assert!(
            !plain
                .to_ascii_lowercase()
                .contains("content-encoding: gzip"),
            "{accept:?}: {plain}"
        );
        assert!(
            plain.ends_with("console.log('widget');"),
            "{accept:?}: {plain}"
        );
    }
}
