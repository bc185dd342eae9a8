//! The `chatgate` command-line tool: wires the library's JSON Lines commands and the server to a process.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    chatgate::cli::main(&args)
}

#[cfg(target_arch = "wasm32")]
fn main() {}
