//! `intently`: the command-line tool and the bot server.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

mod chat;
mod eval;
mod explain;
mod out;
mod query;
mod serve;
mod turn;
mod validate;

// The server allocates a few small buffers per request; mimalloc's thread-local free lists
// cost less than glibc's malloc there (measured in BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// intently: a natural-language-understanding engine and bot server.
#[derive(Debug, Parser)]
#[command(name = "intently", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a bot file: print every problem with its JSON path; exit non-zero on any error.
    Validate {
        /// The bot file (JSON).
        bot: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Measure accuracy and speed on a labelled data set (JSON Lines), or a bot file on its
    /// golden queries (`--bot`).
    Eval(eval::Args),
    /// Show how the matcher answers an utterance: the answer, the entities, and each top
    /// candidate's score with the features that made it.
    Explain(explain::Args),
    /// Talk to a bot in the terminal: its messages as a person reads them, quick replies as
    /// numbered choices.
    Chat(chat::Args),
    /// Answer one turn as JSON (the `/query` result), keeping the session in a file.
    Query(query::Args),
    /// Serve the bot over HTTP, with the REST shape of ChatBot's API.
    Serve(serve::Args),
    /// Manage the server's tokens in its database: `rotate --developer` or `--client`
    /// regenerates one and prints it once.
    Tokens(serve::TokensArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { bot, deny_warnings } => validate::run(&bot, deny_warnings),
        Command::Eval(args) => eval::run(&args).map(|()| ExitCode::SUCCESS),
        Command::Explain(args) => explain::run(&args),
        Command::Chat(args) => chat::run(&args),
        Command::Query(args) => query::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Tokens(args) => serve::tokens(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Reads a file, naming it in the error.
fn read(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Reads a bot file. An unreadable or malformed bot is printed (with its position) and gives
/// exit 1; a missing file is an error (exit 2).
fn read_bot(path: &std::path::Path) -> anyhow::Result<Result<intently::story::Bot, ExitCode>> {
    let bytes = read(path)?;
    match intently::story::Bot::from_json_bytes(&bytes) {
        Ok(bot) => Ok(Ok(bot)),
        Err(error) => {
            eprintln!("{}: error: {error}", path.display());
            Ok(Err(ExitCode::FAILURE))
        }
    }
}

/// Reads and compiles a bot file. An unreadable or invalid bot is printed and gives exit 1.
fn load_model(path: &std::path::Path) -> anyhow::Result<Result<intently::Model, ExitCode>> {
    let bot = match read_bot(path)? {
        Ok(bot) => bot,
        Err(code) => return Ok(Err(code)),
    };
    match intently::Model::compile(&bot) {
        Ok(model) => Ok(Ok(model)),
        Err(error) => {
            let shown = path.display();
            eprintln!("{shown}: error: {error}");
            eprintln!("(`intently validate {shown}` lists every problem)");
            Ok(Err(ExitCode::FAILURE))
        }
    }
}
