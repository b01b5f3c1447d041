//! `intently query BOT.json [TEXT | --trigger NAME | --goto ID] [--session FILE]`: one turn
//! as JSON (the `/query` result), the session kept in a file between calls.

use std::path::PathBuf;
use std::process::ExitCode;

use intently::dialog::{Input, Session};

use crate::turn::{self, TurnArgs};

/// The options of `intently query`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The bot file (JSON).
    bot: PathBuf,
    /// What the user says (several words are joined with spaces).
    #[arg(num_args = 0.., conflicts_with_all = ["trigger", "goto"])]
    text: Vec<String>,
    /// Fire a trigger instead (`welcome`, or one an interaction declares).
    #[arg(long, conflicts_with = "goto")]
    trigger: Option<String>,
    /// Go to an interaction by id instead (or `welcome`, `fallback`).
    #[arg(long)]
    goto: Option<String>,
    /// Keep the conversation in this file: read before the turn (a missing file starts a
    /// new one), written after it.
    #[arg(long, value_name = "FILE")]
    session: Option<PathBuf>,
    /// Start from a fresh session (an unreadable session file is then replaced).
    #[arg(long)]
    reset: bool,
    /// Add what the matcher saw (`debug`) to the result.
    #[arg(long)]
    debug: bool,
    /// The seed of a new session's random source (picks text variants).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[command(flatten)]
    turn: TurnArgs,
}

/// Answers the turn and prints the result as one JSON object. Exit 1 when the bot is
/// invalid, 2 on a bad turn (unknown trigger, goto or story; empty text) or session file.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let model = match crate::load_model(&args.bot)? {
        Ok(model) => model,
        Err(code) => return Ok(code),
    };
    let text = args.text.join(" ");
    let input = match (&args.trigger, &args.goto) {
        (Some(trigger), _) => Input::Trigger(trigger),
        (_, Some(goto)) => Input::Goto(goto),
        (None, None) if text.trim().is_empty() => {
            anyhow::bail!("say something: give a TEXT, --trigger NAME or --goto ID")
        }
        (None, None) => Input::Text(&text),
    };
    let mut session = match (&args.session, args.reset) {
        (Some(path), false) => turn::read_session(path, args.seed)?,
        _ => Session::new(args.seed),
    };
    let mut options = args.turn.options(args.debug)?;
    options.reset = args.reset;
    let webhook = args.turn.webhooks()?;
    let reply = turn::answer(&model, &mut session, input, &options, webhook.as_ref(), false)?;
    if let Some(path) = &args.session {
        turn::write_session(path, &session)?;
    }
    crate::out::print(&format!("{}\n", serde_json::to_string_pretty(&reply)?))?;
    Ok(ExitCode::SUCCESS)
}
