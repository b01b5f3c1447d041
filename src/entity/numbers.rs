//! Reading the numbers of an utterance, for the numeric system entities.
//!
//! [`read_numbers`] walks the analysed tokens once, left to right, and returns every number it
//! finds as a [`Reading`]: where it is, its exact [`Decimal`] value, and whether it is an
//! ordinal or spelled out. `sys.number`, `sys.integer`, `sys.ordinal`, `sys.percentage`,
//! `sys.temperature` and `sys.money` all start from these readings.
//!
//! # What is a number
//!
//! - **Digits**, with `.` and `,` as the analyzer keeps them inside one token: when both
//!   appear, the last one is the decimal mark (`1,000,000.50`, `1.000.000,50`); a mark that
//!   appears more than once groups thousands; a mark that appears once is the decimal mark of
//!   the language (`.` in English, Arabic and Tamil, `,` in the others) unless it is the other
//!   one followed by exactly three digits (`1,000` in English and `1.000` in Spanish are a
//!   thousand; `3,5` in English and `3.5` in Spanish are three and a half). Badly grouped
//!   digits (`1,2,3`, `192.168.1.1`) are no number. Digits split by a space (`1 000`) are two.
//! - **Signs**: a `-` or `−` just before the digits, itself at the start or after a space or
//!   an opening bracket (`-4`, `(-4)`, but not `5-4`), or the word `minus`, `negative`,
//!   `menos`, `negativo` before a number (but not after one: `five minus two` is 5 and 2).
//! - **Words** in English and Spanish: units, teens, tens, `hundred`, `thousand`, `million`,
//!   `billion` (10⁹), `trillion`, `dozen`; `cien`, `doscientos`…, `mil`, `millón`, `billón`
//!   (10¹²); with `and` after a hundred or a scale (`one hundred and five`) and `y` between a
//!   ten and a unit (`treinta y cuatro`). Words that cannot continue a number start a new one:
//!   `one two three` is three numbers, `one million one million` two.
//! - **Digits and words**: `5 million`, `1.5 billion`, `3 mil`.
//! - **Powers and scientific notation**: `10^3`, `10^-3`, `1.5e3`; `½`, `¼`, `¾` and `2½`.
//! - **Ordinals**: `3rd`, `21st`, `third`, `twenty-first`, `tercero`, `vigésimo primero`,
//!   `3º`, `1.ª`, `3er`, `2do`. Their value is the number; [`Reading::ordinal`] flags them.
//!
//! # What is not
//!
//! - An article alone: `a`, `un`, `una` (but `a hundred`, `un millón`, `una docena` are).
//! - `one` after `the`, `this`, `that`, `which`, `no`, `every`, `each`, `any`, `another`,
//!   `some` (`the one I like`); elsewhere `one` is 1, with a lower score (`the red one` is 1:
//!   a known limit). `second` after `a`, `one`, `per`, `each`, `every`, `few`, `split` (`wait a
//!   second`); Spanish `segundo` and `cuarto` after `un`, `una`, `cada`, `por`, `y`, `menos`…
//! - `k` and `m` suffixes (`1.5k`), fractions with a slash (`1/2`), `three point five`.
//!
//! # Out of range
//!
//! Values are exact: whole numbers up to ±9,223,372,036,854,775,807 (`i64`), fractions to 18
//! decimal places. A number beyond that (`10^400`, 500 digits, `a trillion trillion`) is read
//! whole, so that no part of it is taken for a smaller number, and its value is
//! [`Decimal::OUT_OF_RANGE`]; the entities report it with a `null` value and a score of 0.
//!
//! # Cost
//!
//! One pass over the tokens with a lookahead of at most two, so linear in the input.

use super::decimal::{Decimal, parse_digits, power, sign_before, split_digits};
use super::number_words::{self, NumberWord, Role};
use crate::Language;
use crate::analysis::{Span, Token, TokenKind};

/// One number found in an utterance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Reading {
    /// The index of its first token.
    pub first: usize,
    /// The index of its last token.
    pub last: usize,
    /// Where it is, a sign before the first token included.
    pub span: Span,
    /// Its value.
    pub value: Decimal,
    /// An ordinal: `3rd`, `third`.
    pub ordinal: bool,
    /// How sure the reading is: 1 for digits, 0.9 for words, 0.7 for a word that is often
    /// something else (`one`, `second`).
    pub score: f32,
}

/// Every number of `text` (analysed into `tokens`), in order, without overlaps.
pub(super) fn read_numbers(text: &str, tokens: &[Token], language: Language) -> Vec<Reading> {
    let mut readings = Vec::new();
    let mut current: Option<Builder> = None;
    let mut i = 0;
    while i < tokens.len() {
        let Some(mut builder) = current.take() else {
            current = start(text, tokens, i, language);
            i = current.map_or(i + 1, |b| b.last + 1);
            continue;
        };
        if continues(text, &tokens[builder.last], &tokens[i]) {
            if let Some(word) = number_word(&tokens[i], language) {
                match builder.push(word, i, language) {
                    Push::Accepted => {
                        current = Some(builder);
                        i += 1;
                        continue;
                    }
                    Push::Split => {
                        let mut rest = builder.split();
                        readings.extend(finish(text, tokens, builder, &readings, language));
                        if rest.push(word, i, language) == Push::Accepted {
                            current = Some(rest);
                            i += 1;
                        } else {
                            readings.extend(finish(text, tokens, rest, &readings, language));
                        }
                        continue;
                    }
                    Push::Rejected => {}
                }
            } else if let Some(word) = connected(text, tokens, i, &builder, language) {
                if builder.push(word, i + 1, language) == Push::Accepted {
                    current = Some(builder);
                    i += 2;
                    continue;
                }
            }
        }
        // The number ends before token `i`, which may start the next one.
        readings.extend(finish(text, tokens, builder, &readings, language));
    }
    if let Some(builder) = current {
        readings.extend(finish(text, tokens, builder, &readings, language));
    }
    readings
}

/// The text between two tokens.
pub(super) fn gap<'a>(text: &'a str, before: &Token, after: &Token) -> &'a str {
    text.get(before.span.byte_end..after.span.byte_start)
        .unwrap_or("")
}

/// Whether the text between two tokens is only whitespace (or nothing).
pub(super) fn spaced(text: &str, before: &Token, after: &Token) -> bool {
    gap(text, before, after).chars().all(char::is_whitespace)
}

/// Whether a number may go on from one token to the next: only spaces or a hyphen between
/// them (`twenty-one`), not a comma (`one, two`).
fn continues(text: &str, before: &Token, after: &Token) -> bool {
    matches!(gap(text, before, after).trim(), "" | "-" | "\u{2010}")
}

/// A span from the start of `first` to the end of `last`.
pub(super) fn span_of(first: &Token, last: &Token) -> Span {
    Span {
        byte_start: first.span.byte_start,
        byte_end: last.span.byte_end,
        char_start: first.span.char_start,
        char_end: last.span.char_end,
    }
}

/// `span` extended to the end of `last`.
pub(super) fn extend(span: Span, last: &Token) -> Span {
    Span {
        byte_end: last.span.byte_end,
        char_end: last.span.char_end,
        ..span
    }
}

fn number_word(token: &Token, language: Language) -> Option<NumberWord> {
    (token.kind == TokenKind::Word)
        .then(|| number_words::number_word(&token.text, language))
        .flatten()
}

/// The word after a connector at `i` (`and`, `y`), if the number may go on through it.
fn connected(
    text: &str,
    tokens: &[Token],
    i: usize,
    builder: &Builder,
    language: Language,
) -> Option<NumberWord> {
    let next = tokens.get(i + 1)?;
    if !number_words::is_connector(&tokens[i].text, language) || !spaced(text, &tokens[i], next) {
        return None;
    }
    let word = number_word(next, language)?;
    let fits = match language {
        Language::Spanish => builder.prev == Last::Tens && matches!(word.role, Role::Unit(_)),
        _ => {
            matches!(builder.prev, Last::Hundred | Last::Scale)
                && matches!(word.role, Role::Unit(_) | Role::Small(_) | Role::Tens(_))
        }
    };
    fits.then_some(word)
}

/// What the last word of a number under construction was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Digits,
    Unit,
    Small,
    Tens,
    Hundred,
    Scale,
    /// Nothing may follow: after `zero`, an English ordinal, `dozen`, a power.
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Push {
    Accepted,
    Rejected,
    /// The word fits a new number that starts where the current group of three digits does
    /// (`one million | one million`).
    Split,
}

/// A number being read.
#[derive(Debug, Clone, Copy)]
struct Builder {
    first: usize,
    last: usize,
    /// The groups closed by a scale word.
    total: Decimal,
    /// The group being read, below a thousand.
    group: Decimal,
    /// The smallest scale used so far (scales go down: `million … thousand`).
    smallest_scale: u64,
    prev: Last,
    ordinal: bool,
    words: u32,
    articles_only: bool,
    /// Where the current group starts, and where the part before it ends.
    group_first: usize,
    before_group: usize,
}

impl Builder {
    fn new(first: usize, value: Decimal, prev: Last) -> Builder {
        Builder {
            first,
            last: first,
            total: Decimal::whole(0),
            group: value,
            smallest_scale: u64::MAX,
            prev,
            ordinal: false,
            words: 0,
            articles_only: true,
            group_first: first,
            before_group: first,
        }
    }

    fn push(&mut self, word: NumberWord, i: usize, language: Language) -> Push {
        let english = language != Language::Spanish;
        if self.prev == Last::Done
            || (word.article && english)
            || (self.words > 0 && self.ordinal != word.ordinal && !english)
        {
            return Push::Rejected;
        }
        let empty_group = matches!(self.prev, Last::Hundred | Last::Scale);
        let starts_group = self.prev == Last::Scale;
        let below_hundred = self.group.is_positive_below(100);
        let next = match word.role {
            Role::Unit(v) if empty_group || self.prev == Last::Tens => {
                self.group = self.group.add(Decimal::whole(v.into()));
                Last::Unit
            }
            Role::Small(v) if empty_group => {
                self.group = self.group.add(Decimal::whole(v.into()));
                Last::Small
            }
            Role::Tens(v) if empty_group => {
                self.group = self.group.add(Decimal::whole(v.into()));
                Last::Tens
            }
            Role::Hundreds(v) if self.prev == Last::Scale => {
                self.group = Decimal::whole(v.into());
                Last::Hundred
            }
            Role::Hundred
                if below_hundred
                    && matches!(self.prev, Last::Unit | Last::Small | Last::Tens | Last::Digits) =>
            {
                self.group = self.group.mul(Decimal::whole(100));
                Last::Hundred
            }
            Role::Scale(s) if self.prev != Last::Scale && !self.group.is_zero() => {
                if s >= self.smallest_scale {
                    return if !self.total.is_zero() {
                        Push::Split
                    } else {
                        Push::Rejected
                    };
                }
                self.total = self.total.add(self.group.mul(Decimal::whole(s.into())));
                self.group = Decimal::whole(0);
                self.smallest_scale = s;
                Last::Scale
            }
            // `mil millones`: a larger scale right after a smaller one multiplies all of it.
            Role::Scale(s) if self.prev == Last::Scale && s > self.smallest_scale => {
                self.total = self.total.mul(Decimal::whole(s.into()));
                self.smallest_scale = s;
                Last::Scale
            }
            Role::Dozen if below_hundred && self.total.is_zero() && self.prev != Last::Hundred => {
                self.group = self.group.mul(Decimal::whole(12));
                Last::Done
            }
            _ => return Push::Rejected,
        };
        if starts_group && next != Last::Scale {
            self.group_first = i;
            self.before_group = self.last;
        }
        self.last = i;
        self.words += 1;
        self.articles_only &= word.article;
        self.ordinal |= word.ordinal;
        self.prev = if word.ordinal && english { Last::Done } else { next };
        Push::Accepted
    }

    /// Cuts the number before its current group (`self` keeps the part before); returns a
    /// number made of the group alone.
    fn split(&mut self) -> Builder {
        let mut rest = Builder::new(self.group_first, self.group, self.prev);
        rest.last = self.last;
        rest.words = 2;
        rest.articles_only = false;
        self.group = Decimal::whole(0);
        self.last = self.before_group;
        rest
    }
}

/// A number starting at token `i`, as far as its first token (and any lookahead) goes.
fn start(text: &str, tokens: &[Token], i: usize, language: Language) -> Option<Builder> {
    let token = &tokens[i];
    if token.kind == TokenKind::Number {
        let value = parse_digits(&token.text, language)?;
        let mut builder = Builder::new(i, value, Last::Digits);
        let next = |k: usize, gaps: &[&str]| {
            let (before, after) = (tokens.get(i + k - 1)?, tokens.get(i + k)?);
            gaps.contains(&gap(text, before, after)).then_some(after)
        };
        if next(1, &[""]).is_some_and(|t| t.text == "^") {
            if let Some(exponent) = next(2, &["", "-"]) {
                let negative = gap(text, &tokens[i + 1], exponent) == "-";
                builder.group = power(value, &exponent.text, negative);
                builder.last = i + 2;
                builder.prev = Last::Done;
            }
        } else if let Some(fraction) = next(1, &[""]).filter(|t| t.kind == TokenKind::Number) {
            if let Some(half) =
                parse_digits(&fraction.text, language).filter(|_| fraction.text.contains('\u{2044}'))
            {
                builder.group = value.add(half);
                builder.last = i + 1;
                builder.prev = Last::Done;
            }
        } else if let Some(sign) = next(1, &["", "."]).filter(|t| matches!(t.span.slice(text), "º" | "ª")) {
            builder.ordinal = sign.kind == TokenKind::Word && value.is_whole();
            builder.last = i + 1;
            builder.prev = Last::Done;
        }
        if value.is_out_of_range() {
            builder.prev = Last::Done;
        }
        return Some(builder);
    }
    if token.kind != TokenKind::Word {
        return None;
    }
    if let Some((digits, rest)) = split_digits(&token.text) {
        let value = parse_digits(digits, language)?;
        let mut builder = Builder::new(i, value, Last::Done);
        let exponent = rest
            .strip_prefix('e')
            .filter(|e| !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit()));
        let raw = token.span.slice(text);
        if let Some(exponent) = exponent {
            builder.group = power(Decimal::whole(10), exponent, false).mul(value);
        } else if is_ordinal_suffix(rest, raw, language) && value.is_whole() {
            builder.ordinal = true;
        } else {
            return None;
        }
        return Some(builder);
    }
    let word = number_word(token, language)?;
    // An empty group, as after a scale: any word that can start a group fits.
    let mut builder = Builder::new(i, Decimal::whole(0), Last::Scale);
    match word.role {
        Role::Zero => {
            builder.prev = Last::Done;
            builder.words = 1;
            builder.articles_only = false;
            return Some(builder);
        }
        // Spanish `mil` is a thousand on its own.
        Role::Scale(1_000) if language == Language::Spanish => {
            builder.group = Decimal::whole(1);
            builder.prev = Last::Unit;
        }
        _ => {}
    }
    // An English article may only start a number, so it is pushed as a plain unit.
    let accepted = builder.push(
        NumberWord {
            article: false,
            ..word
        },
        i,
        language,
    ) == Push::Accepted;
    builder.articles_only = word.article;
    accepted.then_some(builder)
}

/// Whether `suffix` makes the digits before it an ordinal: English `st`, `nd`, `rd`, `th`
/// always, the Spanish abbreviations (`er`, `do`…) in Spanish, and `º`, `ª` (which the analyzer
/// turns into `o` and `a`, so the `raw` token is checked: `3a` is no ordinal).
fn is_ordinal_suffix(suffix: &str, raw: &str, language: Language) -> bool {
    matches!(suffix, "st" | "nd" | "rd" | "th")
        || (matches!(suffix, "o" | "a") && raw.ends_with(['º', 'ª']))
        || (language == Language::Spanish
            && matches!(
                suffix,
                "er" | "ra" | "ro" | "do" | "da" | "to" | "ta" | "mo" | "ma" | "vo" | "va" | "no" | "na"
            ))
}

/// The reading of a finished number, with its sign; `None` for an article alone or an
/// ambiguous word that is not a number here.
fn finish(
    text: &str,
    tokens: &[Token],
    b: Builder,
    before: &[Reading],
    language: Language,
) -> Option<Reading> {
    if b.words > 0 && b.articles_only {
        return None;
    }
    let previous = b.first.checked_sub(1).map(|p| &tokens[p]);
    let single = (b.words == 1)
        .then(|| number_word(&tokens[b.first], language))
        .flatten();
    let ambiguous = single.is_some_and(|w| w.ambiguous);
    if ambiguous
        && previous.is_some_and(|p| number_words::ambiguous_after(&tokens[b.first].text, &p.text, language))
    {
        return None;
    }
    let mut value = b.total.add(b.group);
    let mut span = span_of(&tokens[b.first], &tokens[b.last]);
    if !b.ordinal {
        let after_number = |p: usize| before.last().is_some_and(|r| r.last + 1 == p);
        if let Some(minus) = previous.filter(|p| number_words::is_minus(&p.text, language)) {
            if spaced(text, minus, &tokens[b.first]) && !after_number(b.first - 1) {
                value = value.neg();
                span = span_of(minus, &tokens[b.last]);
            }
        } else if let Some(sign) = sign_before(text, span.byte_start) {
            value = value.neg();
            span.byte_start -= sign.len_utf8();
            span.char_start -= 1;
        }
    }
    let score = if b.words == 0 {
        1.0
    } else if ambiguous {
        0.7
    } else {
        0.9
    };
    Some(Reading {
        first: b.first,
        last: b.last,
        span,
        value,
        ordinal: b.ordinal,
        score,
    })
}
