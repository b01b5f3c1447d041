//! `intently eval --bot FILE --test GOLDEN`: how well a bot file's own story answers its
//! golden queries (`data/<bot>.queries.jsonl`).
//!
//! A golden line is a JSON object with `text` (what the user types) and `interaction` (the
//! id that must answer, or `fallback`); other fields are ignored, except `context`: the id
//! of the interaction the conversation is at, whose children and references are then
//! candidates next to the roots, as in a conversation. Without it, a line is classified
//! against the story's roots. The fallback is counted when nothing reaches the threshold,
//! and reported as `oos`, like the fallback of a data set.

use std::path::Path;

use anyhow::{Context, anyhow, bail};
use intently::eval::{Labelled, OUT_OF_SCOPE};
use intently::story::Bot;
use intently::{Candidates, StoryModel};
use serde_json::Value;

use super::{Args, Run, measure, prepare};

/// The golden file's label of a line the fallback must answer.
const FALLBACK: &str = "fallback";

/// One golden line, read.
struct Golden {
    /// The 1-based line in the file.
    line: usize,
    text: String,
    interaction: String,
    context: Option<String>,
}

/// Measures the story of a bot file (the default, or `--story`) on golden queries.
pub(super) fn evaluate(bot: &Path, test: &Path, args: &Args, run: &mut Run) -> anyhow::Result<()> {
    // The golden file first: a fault in it is found before a compile.
    let text = std::fs::read_to_string(test).with_context(|| format!("cannot read {}", test.display()))?;
    let golden = read(&text).with_context(|| test.display().to_string())?;
    if golden.is_empty() {
        bail!("{}: no golden lines", test.display());
    }
    let bytes = crate::read(bot)?;
    let definitions =
        Bot::from_json_bytes(&bytes).with_context(|| format!("{} is not a bot file", bot.display()))?;
    let model = prepare(&definitions, run).with_context(|| {
        format!(
            "{} does not compile (`intently validate {}` lists every problem)",
            bot.display(),
            bot.display()
        )
    })?;
    let story = match &args.story {
        Some(id) => model.story(id).ok_or_else(|| {
            let known: Vec<&str> = model.stories().iter().map(|s| s.id()).collect();
            anyhow!(
                "--story {id:?} is not a story of {}; its stories are: {}",
                bot.display(),
                known.join(", ")
            )
        })?,
        None => model
            .default_story()
            .ok_or_else(|| anyhow!("{} has no story to measure", bot.display()))?,
    };
    let lists = candidate_lists(story, &golden, test)?;
    let candidates: Vec<Candidates<'_>> = lists
        .iter()
        .map(|list| list.as_deref().map_or(Candidates::Roots, Candidates::Only))
        .collect();
    let lines: Vec<Labelled> = golden
        .into_iter()
        .map(|g| {
            let label = if g.interaction == FALLBACK {
                OUT_OF_SCOPE.to_string()
            } else {
                g.interaction
            };
            Labelled::new(g.text, label)
        })
        .collect();
    measure(story, &lines, &candidates, args, run);
    Ok(())
}

/// The candidates of each golden line (`None`: the roots); an unknown label or context is an
/// error that names its line.
fn candidate_lists(
    story: &StoryModel,
    golden: &[Golden],
    test: &Path,
) -> anyhow::Result<Vec<Option<Vec<usize>>>> {
    let mut lists = Vec::with_capacity(golden.len());
    for g in golden {
        let at = || format!("{}: line {}", test.display(), g.line);
        if g.interaction != FALLBACK && story.find(&g.interaction).is_none() {
            bail!(
                "{}: interaction {:?} is not in story {:?} (the label is an interaction id or \"fallback\")",
                at(),
                g.interaction,
                story.id()
            );
        }
        let list = match &g.context {
            Some(context) => Some(after(story, context).ok_or_else(|| {
                anyhow!(
                    "{}: context {context:?} is not an interaction of story {:?}",
                    at(),
                    story.id()
                )
            })?),
            None => None,
        };
        lists.push(list);
    }
    Ok(lists)
}

/// The candidates once the conversation is at `context`: its children and references, and
/// the roots; `None` if the story has no such interaction.
fn after(story: &StoryModel, context: &str) -> Option<Vec<usize>> {
    let info = &story.interactions()[story.find(context)?];
    let mut list: Vec<usize> = info
        .children
        .iter()
        .chain(&info.references)
        .map(|&i| i as usize)
        .collect();
    list.extend((0..story.interactions().len()).filter(|&i| story.interactions()[i].root));
    list.sort_unstable();
    list.dedup();
    Some(list)
}

/// Reads golden JSON Lines; blank lines are skipped. An error names its line.
fn read(text: &str) -> anyhow::Result<Vec<Golden>> {
    let mut golden = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line = n + 1;
        let value: Value = serde_json::from_str(raw)
            .map_err(|e| anyhow!("line {line}: column {}: not JSON: {e}", e.column()))?;
        let field = |key: &str| -> anyhow::Result<Option<String>> {
            match value.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => bail!("line {line}: {key:?} must be a string, not {other}"),
            }
        };
        let text = field("text")?.ok_or_else(|| anyhow!("line {line}: no \"text\""))?;
        let interaction = field("interaction")?.ok_or_else(|| {
            anyhow!("line {line}: no \"interaction\" (the id of the interaction that must answer, or \"fallback\")")
        })?;
        let context = field("context")?;
        golden.push(Golden {
            line,
            text,
            interaction,
            context,
        });
    }
    Ok(golden)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_lines_are_read_and_faults_name_their_line() {
        let golden = read(
            "{\"text\": \"hi\", \"interaction\": \"hello\", \"note\": 1}\n\n\
             {\"text\": \"yes\", \"interaction\": \"fallback\", \"context\": \"order\"}\n",
        )
        .expect("two lines");
        let read: Vec<_> = golden
            .iter()
            .map(|g| {
                (
                    g.line,
                    g.text.as_str(),
                    g.interaction.as_str(),
                    g.context.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [(1, "hi", "hello", None), (3, "yes", "fallback", Some("order"))]
        );
        let fault = |text: &str| match super::read(text) {
            Ok(_) => panic!("{text:?} was read"),
            Err(e) => e.to_string(),
        };
        assert!(
            fault("{\"text\": \"a\", \"interaction\": \"x\"}\n{\"text\": \"b\"}")
                .starts_with("line 2: no \"interaction\"")
        );
        assert!(fault("{\"interaction\": \"x\"}").starts_with("line 1: no \"text\""));
        assert!(
            fault("{\"text\": \"a\", \"interaction\": 3}")
                .starts_with("line 1: \"interaction\" must be a string")
        );
        assert!(fault("\n{\"text\": ").starts_with("line 2: column"));
    }
}
