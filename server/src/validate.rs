//! `intently validate BOT.json`.

use std::path::Path;
use std::process::ExitCode;

use intently::story::Severity;

/// Prints every problem of the bot file with its path; returns 1 when there is an error
/// (or a warning with `deny_warnings`), 0 with a one-line summary otherwise.
pub fn run(path: &Path, deny_warnings: bool) -> anyhow::Result<ExitCode> {
    let bot = match crate::read_bot(path)? {
        Ok(bot) => bot,
        Err(code) => return Ok(code),
    };
    let problems = bot.problems();
    for problem in &problems {
        eprintln!("{}: {}: {problem}", path.display(), problem.severity());
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity() == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    if errors > 0 || (deny_warnings && warnings > 0) {
        eprintln!("{}: {errors} error(s), {warnings} warning(s)", path.display());
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "{}: ok: {} stories, {} interactions, {} entities, {} webhooks{}",
        path.display(),
        bot.stories.len(),
        bot.interaction_count(),
        bot.entities.len(),
        bot.webhooks.len(),
        if warnings > 0 {
            format!(" ({warnings} warning(s))")
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}
