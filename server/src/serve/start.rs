//! The bot a server starts with: the stored one, or a bot file imported into the store —
//! when the store holds none yet, or over the stored one with `--replace`. What it serves is
//! said on stderr, so that a `--bot` file the server did not import is never a surprise.

use std::path::Path;
use std::process::ExitCode;

use intently::story::{Bot, Severity};

use super::store::Store;

/// The bot and its revision the server serves, or the exit code of a file it refused (its
/// problems printed, the store untouched).
pub fn bot(
    store: &mut Store,
    db: &Path,
    file: Option<&Path>,
    replace: bool,
) -> anyhow::Result<Result<(Bot, i64), ExitCode>> {
    let stored = store.bot()?;
    let (bot, revision) = match (stored, file) {
        (Some((bot, revision)), Some(path)) if !replace => {
            eprintln!(
                "{} already holds a bot (revision {revision}); {} was not imported. \
                 To serve it instead, start with --replace (it becomes a new revision) \
                 or send it to POST /import.",
                db.display(),
                path.display()
            );
            (bot, revision)
        }
        (stored, Some(path)) => {
            let bot = match checked(path)? {
                Ok(bot) => bot,
                Err(code) => return Ok(Err(code)),
            };
            let revision = store.put_bot(&bot)?;
            match stored {
                Some((_, old)) => eprintln!(
                    "imported {} into {} as revision {revision}, replacing revision {old}",
                    path.display(),
                    db.display()
                ),
                None => eprintln!("imported {} into {}", path.display(), db.display()),
            }
            (bot, revision)
        }
        (Some(stored), None) => stored,
        (None, None) => (Bot::default(), 0),
    };
    eprintln!("{}", serving(&bot, revision, db));
    Ok(Ok((bot, revision)))
}

/// Reads a bot file and checks it: a file that does not load, or has errors, is refused with
/// every error printed.
fn checked(path: &Path) -> anyhow::Result<Result<Bot, ExitCode>> {
    let bot = match crate::read_bot(path)? {
        Ok(bot) => bot,
        Err(code) => return Ok(Err(code)),
    };
    if let Err(error) = bot.validate() {
        let errors = error.problems.iter().filter(|p| p.severity() == Severity::Error);
        for problem in errors {
            eprintln!("{}: error: {problem}", path.display());
        }
        eprintln!("{}: not imported; the database is unchanged", path.display());
        return Ok(Err(ExitCode::FAILURE));
    }
    Ok(Ok(bot))
}

/// What a server serves, in a line: `serving revision 3 of data/intently.db: 2 stories
/// (pizza, drinks)`.
fn serving(bot: &Bot, revision: i64, db: &Path) -> String {
    if bot.stories.is_empty() {
        return format!(
            "serving an empty bot (no stories) from {}; import one with --bot FILE or POST /import",
            db.display()
        );
    }
    let ids: Vec<&str> = bot.stories.iter().map(|s| s.id.as_str()).collect();
    format!(
        "serving revision {revision} of {}: {} stories ({})",
        db.display(),
        ids.len(),
        ids.join(", ")
    )
}
