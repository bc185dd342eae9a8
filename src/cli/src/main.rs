//! The `chatgate` command-line tool: parses the command line (`args`) and hands each command to its runner:
//! the JSON Lines commands (`commands`, run over stdin by `lines`), `lint-templates` (`lint`) and the server.
//! `model` loads the sentence encoder for the commands that use it.
//!
//! Exit codes: 0 ok, 1 when a line or finding is an error, 2 when the command cannot run (usage errors
//! included: clap prints them on stderr and exits 2).

mod args;
mod commands;
mod lines;
mod lint;
mod model;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use lines::run_stdin;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let needs_model = matches!(
        cli.command,
        Command::Classify | Command::Suggest(_) | Command::Tone | Command::Embed
    );
    let semantic = if needs_model && !cli.no_model {
        match model::load(cli.model.as_deref()) {
            Ok(semantic) => semantic,
            Err(error) => {
                eprintln!("chatgate: {error}");
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };
    match cli.command {
        Command::Phone => run_stdin("phone", commands::phone_command),
        Command::Link => run_stdin("link", commands::link_command),
        Command::Classify => run_stdin("classify", |line| {
            commands::classify_command(semantic.as_ref(), line)
        }),
        Command::Tone => run_stdin("tone", |line| {
            commands::tone_command(semantic.as_ref(), line)
        }),
        Command::Suggest(args) => {
            let library = match commands::load_library(&args.templates) {
                Ok(library) => library,
                Err(error) => {
                    eprintln!("chatgate suggest: {error}");
                    return ExitCode::from(2);
                }
            };
            let ranking = match args.ranking.as_str() {
                "lexical" => commands::Ranking::Lexical,
                "semantic" => commands::Ranking::Semantic,
                _ => commands::Ranking::Fused,
            };
            if ranking == commands::Ranking::Semantic && semantic.is_none() {
                eprintln!(
                    "chatgate suggest: --ranking semantic needs a model: build one with `make model` or pass --model FILE"
                );
                return ExitCode::from(2);
            }
            let index = chatgate_core::rank::TemplateIndex::new(&library);
            let semantic = semantic
                .as_ref()
                .filter(|_| ranking != commands::Ranking::Lexical);
            let vectors = semantic.map(|s| s.template_vectors(&library));
            let semantic = semantic.zip(vectors.as_ref());
            run_stdin("suggest", |line| {
                commands::suggest_command(&index, &library, semantic, ranking, args.limit, line)
            })
        }
        Command::Embed => match &semantic {
            Some(semantic) => run_stdin("embed", |line| commands::embed_command(semantic, line)),
            None => {
                eprintln!(
                    "chatgate embed: no model: build one with `make model` or pass --model FILE"
                );
                ExitCode::from(2)
            }
        },
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
