//! Build script: compiles every translation file in `www/i18n/` into the crate, so adding a language is adding
//! a file (`www/i18n/<code>.txt`). Generates `$OUT_DIR/translations.rs` with `(code, contents)` pairs.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/i18n");
    println!("cargo:rerun-if-changed={}", folder.display());
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("www/i18n exists")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    let mut code = String::from("/// Every translation file in www/i18n, as (language code, contents), English first.\n");
    code.push_str("pub const TRANSLATION_FILES: &[(&str, &str)] = &[\n");
    files.sort_by_key(|path| path.file_stem().is_none_or(|stem| stem != "en"));
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = path.file_stem().and_then(|stem| stem.to_str()).expect("file name is UTF-8");
        writeln!(code, "    ({stem:?}, include_str!({:?})),", path.display().to_string()).expect("write to string");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("translations.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
