//! How to add a system entity: a template to copy.
//!
//! This module holds no code, only this page. A system entity is one file of
//! `src/entity/` with a unit struct that implements [`SystemEntity`](super::SystemEntity),
//! one line in [`system_entities`](super::system_entities), and a table of cases for the
//! `system_entity_tests!` macro (in `test_macro.rs`). Nothing else in the crate needs to
//! change: the matcher, placeholders (`{{sys.shoe-size:size}}`) and slot validation find the
//! entity by its name.
//!
//! # Steps
//!
//! 1. Copy the file below to `src/entity/shoe_size.rs` (one file per entity; entities that
//!    share a parser, like `sys.number` and `sys.integer`, may share a file or a helper
//!    module such as `numbers.rs`).
//! 2. Declare it in `src/entity/mod.rs` (`mod shoe_size;`) and add
//!    `Box::new(shoe_size::ShoeSize)` to the list in [`system_entities`](super::system_entities).
//! 3. Fill the table with at least 30 cases, among them inputs that must **not** match.
//! 4. Run `cargo test --lib entity` and `cargo clippy --all-targets -- -D warnings`.
//!
//! # Rules every extractor keeps
//!
//! - **Never panic, never fail.** An input it cannot read yields no match. Slice text with
//!   `get`, never with `[]` on offsets you computed yourself.
//! - **Spans come from tokens.** Build them from the [`Span`](crate::analysis::Span)s of the
//!   analysed tokens (`first.span.byte_start .. last.span.byte_end`, and the same for chars),
//!   so they are right in bytes and in characters, whatever the script. If you scan the raw
//!   text instead (as `sys.email` does), count characters as you go.
//! - **Read the normalized token text** (`token.text`: case folded, NFKC, diacritics folded
//!   in most languages) to compare words, and the raw text (`token.span.slice(text)`) only
//!   when case or a sign matters (`37C` but not `5c`).
//! - **Stay linear.** One pass over the tokens with a bounded lookahead; no backtracking that
//!   can blow up (`1 2 3 … 90` must stay fast). Compile a regex once, in a
//!   `std::sync::LazyLock`, if you need one.
//! - **Typed values.** A JSON number, string, or an object with named fields
//!   (`{"amount": 37, "unit": "celsius"}`); document the shape in the module docs.
//! - **Scores in `[0, 1]`**: 1 for an unambiguous match, less when the words are often
//!   something else. Set [`specificity`](super::SystemEntity::specificity) above 2 if the
//!   entity is a narrower kind of another one (`sys.integer` within `sys.number`).
//! - **Docs on every public item**, with what is and is not understood, and why.
//!
//! # The file
//!
//! ```ignore
//! //! `sys.shoe-size`: a European shoe size, `size 42`, `42 EU`.
//! //!
//! //! The value is the size as a JSON number. Sizes from 15 to 50 are read; `size` before
//! //! the number or `EU` after it is required, so that `42 pizzas` is no shoe size.
//!
//! use serde_json::json;
//!
//! use super::numbers::{read_numbers, spaced, span_of};
//! use super::{Context, EntityMatch, SystemEntity};
//! use crate::Language;
//! use crate::analysis::Token;
//!
//! /// `sys.shoe-size`: `size 42`, `42 EU` → `42`.
//! #[derive(Debug, Clone, Copy, Default)]
//! pub struct ShoeSize;
//!
//! impl SystemEntity for ShoeSize {
//!     fn name(&self) -> &'static str {
//!         "sys.shoe-size"
//!     }
//!
//!     // fn specificity(&self) -> u8 { 3 }   // if it narrows another entity
//!
//!     fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
//!         // Reuse the number reader rather than parsing digits again.
//!         for reading in read_numbers(text, tokens, context.language) {
//!             let Some(size) = reading.value.to_json().and_then(|v| v.as_i64()) else { continue };
//!             if reading.ordinal || !(15..=50).contains(&size) {
//!                 continue;
//!             }
//!             // A token next to the number, with only spaces between.
//!             let before = reading.first.checked_sub(1).map(|k| &tokens[k]);
//!             let after = tokens.get(reading.last + 1);
//!             let (first, last) = if before.is_some_and(|t| t.text == "size" && spaced(text, t, &tokens[reading.first])) {
//!                 (reading.first - 1, reading.last)
//!             } else if after.is_some_and(|t| t.text == "eu" && spaced(text, &tokens[reading.last], t)) {
//!                 (reading.first, reading.last + 1)
//!             } else {
//!                 continue;
//!             };
//!             let span = span_of(&tokens[first], &tokens[last]);
//!             out.push(EntityMatch::new(self.name(), json!(size), text, span, reading.score));
//!         }
//!     }
//! }
//!
//! #[cfg(test)]
//! mod tests {
//!     use serde_json::json;
//!
//!     use super::*;
//!
//!     // Generates `table()`: every case, spans that slice the input, scores in [0, 1].
//!     system_entity_tests!(ShoeSize, Language::English, [
//!         ("size 42", [("size 42", json!(42))]),
//!         ("42 EU please", [("42 EU", json!(42))]),
//!         ("42 pizzas", []),          // must not match: say why the entity leaves it
//!         ("size 420", []),
//!         // … at least 30 cases
//!     ]);
//! }
//! ```
//!
//! Property tests (no panic on any input, every span slices the input) are shared by the
//! numeric entities in `numeric_props.rs`; add the new entity to the list there, or give it
//! its own `proptest!` block next to its table.
