//! `intently chat BOT.json`: talk to a bot in the terminal.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use intently::dialog::{Input, Message, Pending, Reply, Session};
use intently::story::{Button, Card};

use crate::turn::{self, TurnArgs};

/// The options of `intently chat`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The bot file (JSON).
    bot: PathBuf,
    /// Show, each turn, the interaction that answered, its score, the candidates, the
    /// entities found and the session's attributes.
    #[arg(long)]
    debug: bool,
    /// The seed of the random source that picks text variants.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[command(flatten)]
    turn: TurnArgs,
}

/// What a number typed at the prompt picks.
enum Choice {
    Say(String),
    Goto(String),
    Open(String),
}

const HELP: &str = "Type what you would say. A number picks a numbered choice. \
/reset starts over, /session shows the session, /quit (or end of input) leaves.";

/// Runs the conversation until the input ends. Exit 1 when the bot is invalid.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let model = match crate::load_model(&args.bot)? {
        Ok(model) => model,
        Err(code) => return Ok(code),
    };
    let webhook = args.turn.webhooks()?;
    let interactive = std::io::stdin().is_terminal();
    let mut out = std::io::stdout().lock();
    let mut session = Session::new(args.seed);
    // The welcome first: an unknown --story is an error before anything is printed.
    let welcome = turn::answer(
        &model,
        &mut session,
        Input::Trigger("welcome"),
        &args.turn.options(args.debug)?,
        webhook.as_ref(),
        args.debug,
    )?;
    writeln!(
        out,
        "Talking to story {:?} of {}. {HELP}",
        welcome.story_id,
        args.bot.display()
    )?;
    let mut choices = Vec::new();
    show(&mut out, &welcome, &session, args.debug, &mut choices)?;

    let mut lines = std::io::stdin().lock().lines();
    loop {
        if interactive {
            write!(out, "you> ")?;
            out.flush()?;
        }
        let Some(line) = lines.next().transpose()? else {
            if interactive {
                // End of input at the prompt (Ctrl-D): end the prompt's line.
                writeln!(out)?;
            }
            break;
        };
        let line = line.trim();
        if !interactive && !line.is_empty() {
            writeln!(out, "you> {line}")?;
        }
        let picked = line
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|k| choices.get(k));
        let input = match (line, picked) {
            ("", _) => continue,
            ("/quit" | "/exit", _) => break,
            ("/help", _) => {
                writeln!(out, "{HELP}")?;
                continue;
            }
            ("/session", _) => {
                writeln!(out, "{}", session.to_json())?;
                continue;
            }
            ("/reset", _) => {
                session = Session::new(args.seed);
                writeln!(out, "(a new conversation)")?;
                Input::Trigger("welcome")
            }
            (_, Some(Choice::Open(url))) => {
                writeln!(out, "(open {url} in a browser)")?;
                continue;
            }
            (_, Some(Choice::Say(text))) => Input::Text(text),
            (_, Some(Choice::Goto(id))) => Input::Goto(id),
            // A number beside the choices, with no question waiting that it could answer.
            (text, None) if !choices.is_empty() && session.pending.is_none() && is_number(text) => {
                writeln!(out, "(choose 1 to {}, or type what you would say)", choices.len())?;
                continue;
            }
            (text, None) => Input::Text(text),
        };
        // Each turn reads the clock anew (for "tomorrow" and the session's last activity).
        let reply = match turn::answer(
            &model,
            &mut session,
            input,
            &args.turn.options(args.debug)?,
            webhook.as_ref(),
            args.debug,
        ) {
            Ok(reply) => reply,
            Err(error) => {
                writeln!(out, "(error: {error:#})")?;
                continue;
            }
        };
        let mut next = Vec::new();
        show(&mut out, &reply, &session, args.debug, &mut next)?;
        choices = next;
    }
    writeln!(out, "(bye)")?;
    Ok(ExitCode::SUCCESS)
}

/// Whether a line is a whole number as someone picking a choice types it (`0`, `-1`,
/// `99999999999999999999`).
fn is_number(line: &str) -> bool {
    let digits = line.strip_prefix('-').unwrap_or(line);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// Prints a reply as a person reads it; buttons are numbered from 1 across the reply.
fn show(
    out: &mut impl Write,
    reply: &Reply,
    session: &Session,
    debug: bool,
    choices: &mut Vec<Choice>,
) -> std::io::Result<()> {
    for item in &reply.fulfillment {
        match &item.message {
            Message::Text { message } => writeln!(out, "bot: {message}")?,
            Message::Image { image_url } => writeln!(out, "bot: (image {image_url})")?,
            Message::QuickReplies { title, buttons } => {
                writeln!(out, "bot: {title}")?;
                buttons_of(out, buttons, choices)?;
            }
            Message::Card(card) => card_of(out, card, choices)?,
            Message::Carousel { cards } => {
                for card in cards {
                    card_of(out, card, choices)?;
                }
            }
            other => writeln!(out, "bot: {}", other.to_plain_text())?,
        }
    }
    if debug {
        debug_of(out, reply, session)?;
    }
    Ok(())
}

fn card_of(out: &mut impl Write, card: &Card, choices: &mut Vec<Choice>) -> std::io::Result<()> {
    match &card.subtitle {
        Some(subtitle) => writeln!(out, "bot: [{}] {subtitle}", card.title)?,
        None => writeln!(out, "bot: [{}]", card.title)?,
    }
    if let Some(url) = &card.image_url {
        writeln!(out, "       (image {url})")?;
    }
    buttons_of(out, &card.buttons, choices)
}

fn buttons_of(out: &mut impl Write, buttons: &[Button], choices: &mut Vec<Choice>) -> std::io::Result<()> {
    for button in buttons {
        let choice = match button {
            Button::Postback { value, .. } => Choice::Say(value.clone()),
            Button::Goto { interaction, .. } => Choice::Goto(interaction.clone()),
            Button::Url { url, .. } => Choice::Open(url.clone()),
            _ => continue,
        };
        choices.push(choice);
        writeln!(out, "       {}) {}", choices.len(), button.title())?;
    }
    Ok(())
}

fn debug_of(out: &mut impl Write, reply: &Reply, session: &Session) -> std::io::Result<()> {
    let answered = reply
        .interaction
        .as_ref()
        .map_or_else(|| "nothing".to_string(), |i| format!("{} ({})", i.id, i.name));
    writeln!(
        out,
        "  · {answered}, score {:.2} (threshold {:.2}), lifespan {}, contexts [{}]",
        reply.score,
        reply.confidence,
        reply.lifespan,
        reply
            .contexts
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    if let Some(debug) = &reply.debug {
        if !debug.candidates.is_empty() {
            let candidates: Vec<String> = debug
                .candidates
                .iter()
                .take(5)
                .map(|c| {
                    format!(
                        "{} {:.2}{}",
                        c.id,
                        c.score,
                        if c.system == "keyword" { " (keyword)" } else { "" }
                    )
                })
                .collect();
            writeln!(
                out,
                "  · candidates ({} of {}): {}; out of scope {:.2}",
                candidates.len(),
                debug.candidate_count,
                candidates.join(", "),
                debug.fallback
            )?;
        }
        if !debug.entities.is_empty() {
            let entities: Vec<String> = debug
                .entities
                .iter()
                .map(|e| format!("@{}={} ({:?})", e.entity, e.value, e.raw))
                .collect();
            writeln!(out, "  · entities: {}", entities.join(", "))?;
        }
        if !debug.steps.is_empty() {
            let steps: Vec<String> = debug
                .steps
                .iter()
                .map(|s| {
                    let filtered = if s.ran { "" } else { " (filtered out)" };
                    format!("{}:{}{filtered}", s.at, s.response)
                })
                .collect();
            writeln!(out, "  · responses: {}", steps.join(", "))?;
        }
        if let Some(pending) = &debug.pending {
            writeln!(out, "  · the answer to the prompt: {pending}")?;
        }
    }
    for webhook in &reply.webhooks {
        writeln!(out, "  · webhook {}: {}", webhook.id, webhook.outcome)?;
    }
    let attributes: Vec<String> = reply
        .session_parameters
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    writeln!(
        out,
        "  · attributes: {}",
        if attributes.is_empty() {
            "none".to_string()
        } else {
            attributes.join(", ")
        }
    )?;
    match &session.pending {
        Some(Pending::Slot { alias, .. }) => writeln!(out, "  · waiting for the parameter {alias}")?,
        Some(Pending::Question { at, .. }) => writeln!(out, "  · waiting for the answer to {at}'s question")?,
        None => {}
    }
    Ok(())
}
