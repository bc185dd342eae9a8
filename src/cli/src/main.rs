//! The `chatgate` command-line tool: wires the JSON Lines commands and the server to a process.

mod cli;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    cli::main(&args)
}
