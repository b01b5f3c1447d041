//! Writing a command's answer to standard output.

use std::fmt::Write as _;
use std::io::Write as _;

/// Writes `text` to standard output. A reader that went away (`intently explain … | head`)
/// is no error: the answer had nowhere to go, and the command ends as it would have.
pub fn print(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Collects lines to [`print()`] at once.
#[derive(Default)]
pub struct Lines(String);

impl Lines {
    /// Adds one line.
    pub fn line(&mut self, text: impl std::fmt::Display) {
        // Writing to a String cannot fail.
        let _ = writeln!(self.0, "{text}");
    }

    /// Adds text as it is.
    pub fn text(&mut self, text: impl std::fmt::Display) {
        let _ = write!(self.0, "{text}");
    }

    /// Prints the lines (see [`print()`]).
    pub fn print(&self) -> std::io::Result<()> {
        print(&self.0)
    }
}
