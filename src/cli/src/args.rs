//! The command line, as `clap` types: every command, option and default, and the help text that shows them.
//!
//! Values are checked here (ports, addresses, origins, `-k`, `--ui-lang`), so a bad one is a usage error: the
//! message and the usage on stderr, exit code 2.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use chatgate_core::lang::Lang;
use clap::{Args, Parser, Subcommand};

const ABOUT: &str =
    "Chatgate's core for scripts and CI: JSON Lines commands, the demo server and the \
consent receiver.";

const AFTER_HELP: &str = "\
JSON Lines commands read stdin and write one JSON object per non-blank input line, in order;
a malformed line (bad JSON, a bad field, bytes that are not UTF-8) gets {\"error\": \"...\"} on its
own line and the rest still run. `chatgate COMMAND --help` shows a command's input and output.

Exit codes: 0 when every line was read, 1 when some line (or lint finding) is an error,
2 when the command cannot run (bad usage, an unreadable file).";

#[derive(Debug, Parser)]
#[command(
    name = "chatgate",
    version,
    about = ABOUT,
    after_help = AFTER_HELP,
    arg_required_else_help = true,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The sentence encoder's model file (`make model` builds it) for classify, suggest, tone and embed
    /// [default: target/model/use-m3.bin, else target/model/use-m3-web.bin, when present; without a model
    /// the engines are lexical only]
    #[arg(long, global = true, env = "CHATGATE_MODEL", value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Use the lexical engines only, even when a model is there (also over --model and CHATGATE_MODEL, so a
    /// model set in the environment can be switched off for one run)
    #[arg(long, global = true)]
    pub no_model: bool,
}

// The commands' help is kept as written (`verbatim_doc_comment`): the lean clap build does not wrap text.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Normalize phone numbers: {"input": "+44 7911 123456", "region": "GB"}
    ///
    /// In:  {"input": "8 (912) 345-67-89", "region": "RU"}
    ///      `region` is optional: ISO 3166 alpha-2, the default country for national numbers; without it
    ///      and without a leading + or 00, the digits are read as international (country code first).
    /// Out: {"ok": true, "e164": "+79123456789", "country": "RU"}
    ///      or {"ok": false, "error": "...", "code": "too_short"}
    #[command(verbatim_doc_comment)]
    Phone,
    /// Build WhatsApp click-to-chat links: {"phone": "...", "text": "..."}
    ///
    /// In:  {"phone": "+44 7911 123456", "region": null, "text": "Hi", "form": "wa.me"}
    ///      `form` is wa.me (default), api or web; without `phone`, a share link (https://wa.me/?text=..)
    /// Out: {"ok": true, "url": "https://wa.me/447911123456?text=Hi", "truncated": false}
    #[command(verbatim_doc_comment)]
    Link,
    /// Language, category, sentiment and urgency of a customer message: {"text": "..."}
    ///
    /// In:  {"text": "..."}
    /// Out: {"category": "complaint", "lang": "ru", "sentiment": "negative", "urgent": false}
    #[command(verbatim_doc_comment)]
    Classify,
    /// Tone findings on a draft: {"text": "...", "lang": "auto", "context": {...}}
    ///
    /// In:  {"text": "...", "lang": "auto", "ui_lang": "en", "context": {...}}
    ///      context (all optional): incoming, incoming_category, first_message (bool),
    ///      kind (service | marketing | template), now (RFC 3339), recipient (phone),
    ///      last_customer_message_at (RFC 3339)
    /// Out: {"lang": "en", "findings": [{"rule", "severity", "start", "end", "message", "suggestion",
    ///      "fix"}]}; offsets in Unicode scalar values, end exclusive
    #[command(verbatim_doc_comment)]
    Tone,
    /// Ranked templates for a message: {"text": "...", "vars": {"name": "Anna"}}
    ///
    /// In:  {"text": "where is my refund", "vars": {"name": "Anna"}}
    ///      a text starting with /code looks templates up by shortcode or title
    /// Out: {"suggestions": [{"id", "score", "text", "matched", "unfilled"}]}, best first
    #[command(verbatim_doc_comment)]
    Suggest(SuggestArgs),
    /// Tone-check a template library: one JSON line per finding, a summary on stderr
    ///
    /// Each template is checked the way it will be sent: in its language, as a message of its kind,
    /// answering a message of its category. An invalid library gives one {"location", "field", "error"}
    /// line per problem.
    /// Exit 1 when a finding is an error (--strict: or a warning) or the library is invalid, 2 when the
    /// file cannot be read.
    #[command(verbatim_doc_comment)]
    LintTemplates(LintArgs),
    /// Serve the demo site, the widget bundle and (with --db) the consent receiver
    Serve(ServeArgs),
    /// Sentence vectors from the encoder (needs a model): {"text": "..."}
    ///
    /// In:  {"text": "Where is my order?"}
    /// Out: {"ids": [...], "vector": [512 numbers]}; ids are the SentencePiece piece ids of the text
    #[command(verbatim_doc_comment)]
    Embed,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The template library (JSON)
    #[arg(long, value_name = "FILE")]
    pub templates: PathBuf,
    /// How many suggestions per line (a positive number)
    #[arg(short = 'k', value_name = "N", default_value = "5", value_parser = positive)]
    pub limit: usize,
    /// Which ranking to print, for measuring the layers apart: fused (words and meaning, the product's),
    /// lexical (words alone) or semantic (meaning alone; needs a model)
    #[arg(long, value_name = "RANKING", default_value = "fused", value_parser = ["fused", "lexical", "semantic"])]
    pub ranking: String,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The template library (JSON)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Exit 1 on a warning too, not only on an error
    #[arg(long)]
    pub strict: bool,
    /// The language of the findings' messages: en, ru or zh
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = ui_lang)]
    pub ui_lang: Lang,
}

const SERVE_AFTER_HELP: &str = "\
Slow clients: a connection that has not sent its request header within --header-timeout (also the
most a keep-alive connection stays idle) is closed; a body not received whole within --body-timeout
is answered 408. At --max-connections (the two servers together), a new connection is still served
and the connection that has waited longest without sending a complete request is closed.

Environment:
  CHATGATE_ADMIN_TOKEN  with --db, the bearer token of the staff endpoints: GET /consents (the
                        ledger) and POST /consents/withdrawals (STOP replies, agents); when it
                        is not set, both answer 404";

/// `serve`'s options; [`ServeArgs::options`] makes the server's `ServeOptions` of them.
#[derive(Debug, Args)]
#[command(after_help = SERVE_AFTER_HELP)]
pub struct ServeArgs {
    /// The build: serves DIR/site and DIR/widget
    #[arg(long, value_name = "DIR", default_value = "dist")]
    pub dist: PathBuf,
    /// The IP address to listen on
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// The demo site's port
    #[arg(long, value_name = "N", default_value_t = 8080)]
    pub port: u16,
    /// The widget's (and the consent receiver's) port [default: port + 1]
    #[arg(long, value_name = "N")]
    pub widget_port: Option<u16>,
    /// The consent database: an SQLite FILE (created when missing), or a PostgreSQL URL
    /// (postgres://user:password@host:port/database) that several receivers can share; without it the
    /// receiver is off
    #[arg(long, value_name = "FILE|URL", value_parser = database)]
    pub db: Option<chatgate_server::store::Database>,
    /// Also accept consents from ORIGIN (repeatable), e.g. https://a.example
    #[arg(long = "allow-origin", value_name = "ORIGIN", value_parser = origin)]
    pub allowed_origins: Vec<String>,
    /// Close a connection whose request header has not arrived within SECS (also the longest a keep-alive
    /// connection stays idle)
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = seconds)]
    pub header_timeout: Duration,
    /// Answer 408 to a request whose body has not arrived whole within SECS
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = seconds)]
    pub body_timeout: Duration,
    /// The most connections held by both servers together [default: (open-file limit - 32) / 2, from 8 to
    /// 512]
    #[arg(long, value_name = "N", value_parser = positive)]
    pub max_connections: Option<usize>,
    /// The most POSTs one client IP address may send the consent receiver a minute (a burst of N, then N a
    /// minute; 0: no limit); beyond it the answer is 429 with Retry-After
    #[arg(long, value_name = "N", default_value_t = chatgate_server::rate_limit::DEFAULT_PER_MINUTE)]
    pub rate_limit: u32,
}

impl ServeArgs {
    /// The server's options: the widget port defaults to the site port + 1 (also for `--widget-port 0`).
    pub fn options(self) -> Result<chatgate_server::ServeOptions, String> {
        let widget_port = match self.widget_port {
            None | Some(0) => self
                .port
                .checked_add(1)
                .ok_or("--port is too high to leave room for the widget port")?,
            Some(port) => port,
        };
        Ok(chatgate_server::ServeOptions {
            dist: self.dist,
            host: self.host,
            port: self.port,
            widget_port,
            db: self.db,
            allowed_origins: self.allowed_origins,
            limits: chatgate_server::ClientLimits {
                header_timeout: self.header_timeout,
                body_timeout: self.body_timeout,
                max_connections: self.max_connections,
            },
            rate_limit: self.rate_limit,
        })
    }
}

fn positive(value: &str) -> Result<usize, String> {
    value
        .parse()
        .ok()
        .filter(|k| *k > 0)
        .ok_or_else(|| "needs a positive number".to_string())
}

/// A positive number of seconds, fractions allowed (`0.5`), at most a day.
fn seconds(value: &str) -> Result<Duration, String> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|seconds| *seconds > 0.0 && *seconds <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| "needs a positive number of seconds (at most 86400)".to_string())
}

fn database(value: &str) -> Result<chatgate_server::store::Database, String> {
    if value.trim().is_empty() {
        return Err("needs a file or a postgres:// URL".to_string());
    }
    Ok(chatgate_server::store::Database::parse(value))
}

fn ui_lang(value: &str) -> Result<Lang, String> {
    Lang::from_code(value)
        .filter(|lang| *lang != Lang::Other)
        .ok_or_else(|| "needs en, ru or zh".to_string())
}

/// An exact origin (`http://` or `https://`, a host, no path); a trailing `/` is dropped.
fn origin(value: &str) -> Result<String, String> {
    let origin = value.trim_end_matches('/');
    if !(origin.starts_with("http://") || origin.starts_with("https://"))
        || origin.matches('/').count() != 2
    {
        return Err("must be an origin such as https://www.example.com".to_string());
    }
    Ok(origin.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatgate_server::store::Database;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("chatgate").chain(args.iter().copied()))
    }

    fn serve(args: &[&str]) -> Result<chatgate_server::ServeOptions, String> {
        let cli = parse(&[&["serve"], args].concat()).map_err(|error| error.to_string())?;
        match cli.command {
            Command::Serve(args) => args.options(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_command_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_has_the_defaults_of_before() {
        let options = serve(&[]).unwrap();
        assert_eq!(options.dist, PathBuf::from("dist"));
        assert_eq!(options.host, IpAddr::from([127, 0, 0, 1]));
        assert_eq!((options.port, options.widget_port), (8080, 8081));
        assert_eq!(options.db, None);
        assert!(options.allowed_origins.is_empty());
        let options = serve(&["--port", "9000", "--dist", "out"]).unwrap();
        assert_eq!(
            (options.port, options.widget_port, options.dist),
            (9000, 9001, PathBuf::from("out"))
        );
        let options = serve(&["--port", "9000", "--widget-port", "0"]).unwrap();
        assert_eq!(options.widget_port, 9001);
        let options = serve(&["--widget-port", "7000", "--db", "c.db"]).unwrap();
        assert_eq!(
            (options.widget_port, options.db),
            (7000, Some(Database::Sqlite(PathBuf::from("c.db"))))
        );
        let options = serve(&["--db", "postgres://ledger@db.internal/consents"]).unwrap();
        assert_eq!(
            options.db,
            Some(Database::Postgres(
                "postgres://ledger@db.internal/consents".into()
            ))
        );
        assert!(serve(&["--db", ""]).is_err());
        assert!(serve(&["--port", "65535"]).is_err());
        assert!(serve(&["--port", "65535", "--widget-port", "1"]).is_ok());
        assert!(serve(&["--port"]).is_err());
        assert!(serve(&["--port", "http"]).is_err());
        assert!(serve(&["--host", "localhost"]).is_err());
        assert!(serve(&["--nope"]).is_err());
    }

    #[test]
    fn serve_limits_have_defaults_and_flags() {
        let options = serve(&[]).unwrap();
        assert_eq!(options.limits, chatgate_server::ClientLimits::default());
        assert_eq!(
            (options.limits.header_timeout, options.limits.body_timeout),
            (Duration::from_secs(10), Duration::from_secs(30))
        );
        assert_eq!(options.limits.max_connections, None);
        assert_eq!(options.rate_limit, 120);
        assert_eq!(serve(&["--rate-limit", "0"]).unwrap().rate_limit, 0);
        assert_eq!(serve(&["--rate-limit", "600"]).unwrap().rate_limit, 600);
        assert!(serve(&["--rate-limit", "-1"]).is_err());
        assert!(serve(&["--rate-limit", "fast"]).is_err());
        let options = serve(&[
            "--header-timeout",
            "2.5",
            "--body-timeout",
            "60",
            "--max-connections",
            "100",
        ])
        .unwrap();
        assert_eq!(
            options.limits,
            chatgate_server::ClientLimits {
                header_timeout: Duration::from_millis(2_500),
                body_timeout: Duration::from_secs(60),
                max_connections: Some(100),
            }
        );
        for bad in [
            &["--header-timeout", "0"][..],
            &["--header-timeout", "-1"],
            &["--body-timeout", "soon"],
            &["--body-timeout", "NaN"],
            &["--body-timeout", "1e9"],
            &["--max-connections", "0"],
            &["--max-connections", "many"],
        ] {
            assert!(serve(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn allowed_origins_are_exact_origins() {
        let options = serve(&[
            "--allow-origin",
            "https://www.example.com/",
            "--allow-origin",
            "http://localhost:3000",
        ])
        .unwrap();
        assert_eq!(
            options.allowed_origins,
            ["https://www.example.com", "http://localhost:3000"]
        );
        assert!(serve(&["--allow-origin", "www.example.com"]).is_err());
        assert!(serve(&["--allow-origin", "https://example.com/page"]).is_err());
    }

    #[test]
    fn suggest_and_lint_options() {
        let Command::Suggest(args) = parse(&["suggest", "--templates", "t.json"])
            .unwrap()
            .command
        else {
            panic!()
        };
        assert_eq!(
            (args.templates, args.limit, args.ranking.as_str()),
            (PathBuf::from("t.json"), 5, "fused")
        );
        assert!(parse(&["suggest", "--templates", "t.json", "--ranking", "other"]).is_err());
        assert!(parse(&["suggest"]).is_err());
        assert!(parse(&["suggest", "--templates", "t.json", "-k", "0"]).is_err());
        let Command::LintTemplates(args) =
            parse(&["lint-templates", "l.json", "--ui-lang", "ru-RU"])
                .unwrap()
                .command
        else {
            panic!()
        };
        assert_eq!((args.strict, args.ui_lang), (false, Lang::Ru));
        assert!(parse(&["lint-templates", "l.json", "--ui-lang", "other"]).is_err());
        assert!(parse(&["lint-templates"]).is_err());
        assert!(parse(&["lint-templates", "a.json", "b.json"]).is_err());
    }
}
