//! `src/core` must stay pure: no leptos, web-sys, js-sys or gloo, no clock, no storage (README, Architecture).
//! This test reads every file under `src/core` and fails on an import of the browser or the clock.

use std::path::Path;

const FORBIDDEN: &[&str] = &[
    "leptos", "web_sys", "js_sys", "gloo", "wasm_bindgen", "SystemTime", "Instant::now", "std::fs", "std::net", "std::env",
];

fn rust_files(folder: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("src/core is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The forbidden names a file's code uses (comments are ignored).
fn forbidden_uses(source: &str) -> Vec<&'static str> {
    let code: String = source
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    FORBIDDEN.iter().copied().filter(|name| code.contains(name)).collect()
}

#[test]
fn core_imports_nothing_from_the_browser_or_the_clock() {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core"), &mut files);
    assert!(files.len() >= 4, "expected the core modules, found {files:?}");
    let mut offenders = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("readable source");
        for name in forbidden_uses(&source) {
            offenders.push(format!("{} uses {name}", file.display()));
        }
    }
    assert!(offenders.is_empty(), "src/core must stay pure:\n{}", offenders.join("\n"));
}

#[test]
fn the_check_catches_an_import() {
    assert_eq!(forbidden_uses("use leptos::prelude::*;\nfn f() {}"), vec!["leptos"]);
    assert_eq!(forbidden_uses("let t = web_sys::window();"), vec!["web_sys"]);
    assert!(forbidden_uses("// leptos is mentioned in a comment only\nfn f() {}").is_empty());
}
