//! `intently explain BOT.json TEXT`: why the matcher answers an utterance as it does.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use intently::matcher::Explanation;
use intently::{Candidates, Model, StoryModel, System};
use serde_json::{Value, json};

/// The options of `intently explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The bot file (JSON).
    bot: PathBuf,
    /// The utterance (several words are joined with spaces).
    #[arg(required = true, num_args = 1..)]
    text: Vec<String>,
    /// The story to ask (its id); default: the bot's default story.
    #[arg(long)]
    story: Option<String>,
    /// Score every interaction of the story, not only the roots (as deep in a conversation).
    #[arg(long)]
    all: bool,
    /// How many candidates to explain.
    #[arg(long, default_value_t = 3)]
    top: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// Compiles the bot, classifies the utterance and prints the answer with each candidate's
/// feature contributions. Exit 1 when the bot file is invalid, 2 on other errors.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let model = match crate::load_model(&args.bot)? {
        Ok(model) => model,
        Err(code) => return Ok(code),
    };
    let story = pick_story(&model, args.story.as_deref())?;
    let text = args.text.join(" ");
    let candidates = if args.all {
        Candidates::All
    } else {
        Candidates::Roots
    };
    let explanation = story.explain(&text, &candidates, args.top);
    let answer = &explanation.classification;
    let interaction = |ordinal: usize| story.interactions()[ordinal].id.as_str();
    let winner = answer.best.map(|m| (interaction(m.interaction), m.score));
    if args.json {
        let value = json!({
            "story": story.id(),
            "query": text,
            "confidence": story.confidence(),
            "answer": winner.map(|(id, score)| json!({"interaction": id, "score": score})),
            "entities": answer.entities.iter().map(|m| json!({
                "entity": m.entity, "value": m.value, "raw": m.raw,
                "start": m.span.char_start, "end": m.span.char_end,
            })).collect::<Vec<_>>(),
            "explanation": explanation_json(&explanation),
        });
        crate::out::print(&format!("{value}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = crate::out::Lines::default();
    out.line(format_args!("story: {} ({})", story.id(), story.name()));
    match winner {
        Some((id, score)) => out.line(format_args!("answer: {id} (score {score:.3})")),
        None => out.line(format_args!(
            "answer: the fallback (no candidate reaches the threshold {:.2} and beats the fallback)",
            story.confidence()
        )),
    }
    for m in &answer.entities {
        out.line(format_args!("entity: {} = {} ({:?})", m.entity, m.value, m.raw));
    }
    out.text(&explanation);
    out.print()?;
    Ok(ExitCode::SUCCESS)
}

/// The story with this id, or the default one; an unknown id names the ones there are.
fn pick_story<'m>(model: &'m Model, id: Option<&str>) -> anyhow::Result<&'m StoryModel> {
    let ids = || {
        model
            .stories()
            .iter()
            .map(|s| s.id())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match id {
        Some(id) => model
            .story(id)
            .with_context(|| format!("no story with id {id:?}; the bot has: {}", ids())),
        None => match model.default_story() {
            Some(story) => Ok(story),
            None => bail!("the bot has no story"),
        },
    }
}

fn explanation_json(e: &Explanation) -> Value {
    let system = |s: System| match s {
        System::Keyword => "keyword",
        System::MachineLearning => "machineLearning",
    };
    json!({
        "features": e.features.iter().map(|(f, w)| json!({"feature": f, "weight": w})).collect::<Vec<_>>(),
        "temperature": e.temperature,
        "fallback": e.fallback,
        "candidates": e.candidates.iter().map(|c| json!({
            "interaction": c.interaction,
            "score": c.score,
            "system": system(c.system),
            // A keyword match's part is infinite: JSON has no such number, so it is null.
            "contributions": c.contributions.iter()
                .map(|p| json!({"feature": p.feature, "weight": p.weight.is_finite().then_some(p.weight)}))
                .collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
