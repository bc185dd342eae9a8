//! The `chatgate` command-line tool: parses the command line (`args`) and hands each command to its runner:
//! the JSON Lines commands (`commands`, run over stdin by `lines`), `lint-templates` (`lint`) and the server.
//!
//! Exit codes: 0 ok, 1 when a line or finding is an error, 2 when the command cannot run (usage errors
//! included: clap prints them on stderr and exits 2).

mod args;
mod commands;
mod lines;
mod lint;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use lines::run_stdin;

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Phone => run_stdin("phone", commands::phone_command),
        Command::Link => run_stdin("link", commands::link_command),
        Command::Classify => run_stdin("classify", commands::classify_command),
        Command::Tone => run_stdin("tone", commands::tone_command),
        Command::Suggest(args) => {
            let library = match commands::load_library(&args.templates) {
                Ok(library) => library,
                Err(error) => {
                    eprintln!("chatgate suggest: {error}");
                    return ExitCode::from(2);
                }
            };
            let index = chatgate_core::rank::TemplateIndex::new(&library);
            run_stdin("suggest", |line| {
                commands::suggest_command(&index, &library, args.limit, line)
            })
        }
        Command::LintTemplates(args) => lint::lint_main(args),
        Command::Serve(args) => match args.options().and_then(chatgate_server::serve) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("chatgate serve: {error}");
                ExitCode::from(2)
            }
        },
    }
}
