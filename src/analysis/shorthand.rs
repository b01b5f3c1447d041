//! Chat shorthand: the short forms people type in a chat window (`u`, `r`, `pls`, `wen`,
//! `cant`), each with the word it stands for.
//!
//! Typo correction cannot reach them: it never touches words of fewer than four characters
//! (too many words are one edit away from `u`), and `wen` is one edit from `men` as much as
//! from `when`. The matcher looks a word up here only when it does not know the word itself,
//! and takes the long form only when it knows that one: a bot whose examples say `u` keeps
//! its `u`.
//!
//! English only for now; other languages have no table (and no expansion).
//!
//! ```
//! use intently::analysis::shorthand;
//! use intently::Language;
//!
//! assert_eq!(shorthand(Language::English, "u"), Some("you"));
//! assert_eq!(shorthand(Language::English, "cant"), Some("can't"));
//! assert_eq!(shorthand(Language::English, "you"), None);
//! assert_eq!(shorthand(Language::Spanish, "u"), None);
//! ```

use crate::Language;

/// English shorthand, sorted by the short form (the lookup is a binary search). The long
/// forms are written as the analyzer normalizes them (lower case, `'` apostrophes).
const ENGLISH: &[(&str, &str)] = &[
    ("2day", "today"),
    ("2moro", "tomorrow"),
    ("2nite", "tonight"),
    ("abt", "about"),
    ("acct", "account"),
    ("amt", "amount"),
    ("appt", "appointment"),
    ("arent", "aren't"),
    ("b4", "before"),
    ("bc", "because"),
    ("bday", "birthday"),
    ("cant", "can't"),
    ("cos", "because"),
    ("coz", "because"),
    ("cuz", "because"),
    ("didnt", "didn't"),
    ("doesnt", "doesn't"),
    ("dont", "don't"),
    ("gimme", "give"),
    ("gonna", "going"),
    ("hasnt", "hasn't"),
    ("havent", "haven't"),
    ("hii", "hi"),
    ("hiii", "hi"),
    ("hrs", "hours"),
    ("im", "i'm"),
    ("isnt", "isn't"),
    ("ive", "i've"),
    ("k", "ok"),
    ("kk", "ok"),
    ("lemme", "let"),
    ("mins", "minutes"),
    ("msg", "message"),
    ("n", "and"),
    ("pls", "please"),
    ("plz", "please"),
    ("ppl", "people"),
    ("pw", "password"),
    ("pwd", "password"),
    ("r", "are"),
    ("thanx", "thanks"),
    ("thats", "that's"),
    ("theres", "there's"),
    ("thx", "thanks"),
    ("tmr", "tomorrow"),
    ("tmrw", "tomorrow"),
    ("tonite", "tonight"),
    ("txn", "transaction"),
    ("u", "you"),
    ("ur", "your"),
    ("wanna", "want"),
    ("wasnt", "wasn't"),
    ("wat", "what"),
    ("wen", "when"),
    ("whats", "what's"),
    ("wheres", "where's"),
    ("wk", "week"),
    ("wont", "won't"),
    ("wouldnt", "wouldn't"),
    ("wut", "what"),
    ("y", "why"),
];

/// The word a chat short form stands for in `language`, if it is one.
pub fn shorthand(language: Language, word: &str) -> Option<&'static str> {
    let table = match language {
        Language::English => ENGLISH,
        _ => return None,
    };
    table
        .binary_search_by(|(short, _)| short.cmp(&word))
        .ok()
        .map(|k| table[k].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

    #[test]
    fn the_table_is_sorted_and_unique() {
        assert!(ENGLISH.windows(2).all(|w| w[0].0 < w[1].0), "keep ENGLISH sorted");
    }

    #[test]
    fn long_forms_are_normalized_single_words() {
        let analyzer = Analyzer::new(Language::English);
        for (short, long) in ENGLISH {
            let tokens = analyzer.analyze(long);
            assert_eq!(tokens.len(), 1, "{long:?} is one token");
            assert_eq!(tokens[0].text, *long, "{long:?} is written normalized");
            assert_eq!(
                analyzer.analyze(short)[0].text,
                *short,
                "{short:?} is written normalized"
            );
        }
    }
}
