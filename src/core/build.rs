//! Build script: compiles every translation file in `www/i18n/` (the visitor widget) and `www/assistant/i18n/`
//! (the agent assistant) into the crate, so adding a language is adding a file. Generates
//! `$OUT_DIR/translations.rs` with `(code, contents)` pairs, English first.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let mut code = String::new();
    let fetched_tables = std::env::var_os("CARGO_FEATURE_FETCHED_TABLES").is_some();
    for (constant, folder) in [
        ("TRANSLATION_FILES", "www/i18n"),
        ("ASSISTANT_TRANSLATION_FILES", "www/assistant/i18n"),
    ] {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(folder);
        println!("cargo:rerun-if-changed={}", folder.display());
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .unwrap_or_else(|_| panic!("{} exists", folder.display()))
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
            .collect();
        files.sort();
        files.sort_by_key(|path| path.file_stem().is_none_or(|stem| stem != "en"));
        writeln!(
            code,
            "/// Every translation file in {}, as (language code, contents), English first.",
            folder.display()
        )
        .expect("write");
        writeln!(code, "pub const {constant}: &[(&str, &str)] = &[").expect("write to string");
        for path in &files {
            println!("cargo:rerun-if-changed={}", path.display());
            let stem = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .expect("file name is UTF-8");
            // Without the file's `#` comments and blank lines, which `data::records` skips anyway: the
            // bundles need not carry the header that documents the file (issue 15).
            // A build with fetched tables (the dialog) embeds the widget's English only: it fetches another
            // language's file when a visitor needs it (`i18n::fetched`, issue 15).
            if fetched_tables && constant == "TRANSLATION_FILES" && stem != "en" {
                writeln!(code, "    ({stem:?}, \"\"),").expect("write to string");
                continue;
            }
            let text = std::fs::read_to_string(path).expect("a translation file is UTF-8 text");
            let records: String = text
                .lines()
                .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
                .flat_map(|line| [line, "\n"])
                .collect();
            writeln!(code, "    ({stem:?}, {records:?}),").expect("write to string");
        }
        code.push_str("];\n");
        // The codes alone, so a bundle that only asks which languages exist (the config checker) does not
        // link every translation's text.
        writeln!(code, "pub const {constant}_CODES: &[&str] = &[").expect("write to string");
        for path in &files {
            let stem = path.file_stem().and_then(|stem| stem.to_str());
            writeln!(code, "    {:?},", stem.expect("file name is UTF-8")).expect("write");
        }
        code.push_str("];\n");
    }
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("translations.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
