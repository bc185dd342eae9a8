//! Finds and loads the sentence encoder's model: `--model FILE` (or `CHATGATE_MODEL`) must load; without it,
//! the file `make model` builds is used when present, looked up from the working directory and from the
//! binary's own place (`target/release/chatgate` → `target/model/`). No model is not an error: the engines
//! are lexical only.

use std::path::{Path, PathBuf};

use chatgate_core::encoder::Model;
use chatgate_core::semantic::Semantic;

/// The files `make model` writes, best first.
const BUILT: [&str; 2] = ["use-m3.bin", "use-m3-web.bin"];

/// The semantic layer from the given model file, else from the built one if there is one.
pub fn load(given: Option<&Path>) -> Result<Option<Semantic>, String> {
    let path = match given {
        Some(path) => path.to_path_buf(),
        None => match built_model() {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let bytes = std::fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    let model =
        Model::from_bytes(&bytes).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(Some(Semantic::new(model)))
}

fn built_model() -> Option<PathBuf> {
    let mut folders = vec![PathBuf::from("target/model")];
    if let Some(exe_folder) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        folders.push(exe_folder.join("../model"));
    }
    folders
        .iter()
        .flat_map(|folder| BUILT.iter().map(move |name| folder.join(name)))
        .find(|path| path.is_file())
}
