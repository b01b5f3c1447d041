use std::collections::BTreeMap;
use std::sync::LazyLock;

use proptest::prelude::*;

use super::features::for_each_feature;
use super::prepare::gold_labels;
use super::{TAGGER_WINDOW, TaggedExample, Tagger};
use crate::Language;
use crate::analysis::{Analyzer, Token};
use crate::entity::{EntityMatch, UserEntities};
use crate::error::ModelError;
use crate::index::{Reader, Writer};
use crate::story::Entity;

static ANALYZER: LazyLock<Analyzer> = LazyLock::new(|| Analyzer::new(Language::English));

/// An example from a text with `[value](entity)` marks.
fn example(marked: &str) -> TaggedExample {
    let (mut text, mut spans) = (String::new(), Vec::new());
    let mut rest = marked;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find("](").map(|i| open + i).expect("a closing ](");
        let end = rest[close..].find(')').map(|i| close + i).expect("a closing )");
        let start = text.chars().count();
        text.push_str(&rest[open + 1..close]);
        spans.push((rest[close + 2..end].to_string(), start..text.chars().count()));
        rest = &rest[end + 1..];
    }
    text.push_str(rest);
    TaggedExample { text, spans }
}

const MUSIC: &[&str] = &[
    "add this song to my playlist [Summer Hits](playlist)",
    "add this track to the playlist [Road Trip](playlist) please",
    "put a tune by [Adele](artist) on my playlist [Chill Vibes](playlist)",
    "add [Coldplay](artist) to the [Morning Run](playlist) playlist",
    "play something by [Miles Davis](artist)",
    "play music by [Nina Simone](artist) now",
    "add this album to my playlist [Rainy Sunday](playlist)",
    "i want to hear [Daft Punk](artist)",
    "add a song to the playlist [Deep Focus](playlist)",
    "play [Radiohead](artist) please",
    "put this on the [Late Night Jazz](playlist) playlist",
    "play the latest from [Bob Marley](artist)",
    "add this track to the playlist [Drum & Bass Workout](playlist)",
    "add it to my playlist [Lo-Fi Study Beats](playlist)",
    "play a song by [AC/DC](artist)",
];

fn no_gazetteer(_: &str, _: &[Token]) -> Vec<EntityMatch> {
    Vec::new()
}

static MUSIC_TAGGER: LazyLock<Tagger> = LazyLock::new(|| {
    let examples: Vec<TaggedExample> = MUSIC.iter().map(|m| example(m)).collect();
    Tagger::train(&examples, &ANALYZER, &no_gazetteer)
});

fn tag(tagger: &Tagger, text: &str, allowed: Option<&[&str]>) -> Vec<(String, String)> {
    tagger
        .tag(text, &ANALYZER.analyze(text), &[], allowed)
        .into_iter()
        .map(|m| (m.entity, m.raw))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(e, r)| (e.to_string(), r.to_string())).collect()
}

#[test]
fn learns_a_slot_and_finds_unseen_values_in_the_same_context() {
    let tagger = &*MUSIC_TAGGER;
    assert_eq!(tagger.entities(), ["artist", "playlist"]);
    assert_eq!(
        tag(tagger, "add this song to my playlist Workout Beats", None),
        pairs(&[("playlist", "Workout Beats")])
    );
    assert_eq!(
        tag(tagger, "play something by Frank Zappa", None),
        pairs(&[("artist", "Frank Zappa")])
    );
    let found = tagger.tag(
        "add this song to my playlist Workout Beats",
        &ANALYZER.analyze("add this song to my playlist Workout Beats"),
        &[],
        None,
    );
    assert_eq!(found[0].value, "Workout Beats");
    assert!((0.5..=1.0).contains(&found[0].score), "{}", found[0].score);
}

#[test]
fn spans_map_back_to_the_original_text() {
    let text = "add this song to my playlist Pre-Party R&B Jams";
    let found = MUSIC_TAGGER.tag(text, &ANALYZER.analyze(text), &[], Some(&["playlist"]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].raw, "Pre-Party R&B Jams");
    assert_eq!(found[0].span.slice(text), "Pre-Party R&B Jams");
    assert_eq!((found[0].span.char_start, found[0].span.char_end), (29, 47));
}

#[test]
fn training_spans_snap_to_the_tokens_they_overlap() {
    let entities = BTreeMap::from([("a", 0), ("b", 1)]);
    let text = "add Pre-Party R&B Jams now";
    let tokens = ANALYZER.analyze(text);
    // "re-Party R&B Ja" cuts two tokens: it covers Pre … Jams. A second span over a token
    // already taken is ignored, and so is one that covers no token.
    let spans = vec![
        ("a".to_string(), 5..19),
        ("b".to_string(), 20..25),
        ("b".to_string(), 3..4),
        ("b".to_string(), std::ops::Range { start: 9, end: 3 }),
    ];
    let (gold, kept) = gold_labels(&tokens, &spans, &entities);
    let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(text)).collect();
    assert_eq!(words, ["add", "Pre", "Party", "R", "&", "B", "Jams", "now"]);
    // Labels: O, B-a (1), B-b (2), I-a (3), I-b (4).
    assert_eq!(gold, [0, 1, 3, 3, 3, 3, 3, 0]);
    assert_eq!(kept, [(0, 1, 6)]);
}

#[test]
fn allowed_restricts_the_entities() {
    let text = "put a tune by Lady Gaga on my playlist Gym Time";
    let all = tag(&MUSIC_TAGGER, text, None);
    assert_eq!(all, pairs(&[("artist", "Lady Gaga"), ("playlist", "Gym Time")]));
    // Only the allowed entities come out (the tokens of a forbidden one may then go to an
    // allowed one, if it scores better than O there).
    let playlists = tag(&MUSIC_TAGGER, text, Some(&["playlist", "unknown"]));
    assert!(playlists.iter().all(|(e, _)| e == "playlist"), "{playlists:?}");
    assert!(
        playlists.contains(&("playlist".into(), "Gym Time".into())),
        "{playlists:?}"
    );
    let artists = tag(&MUSIC_TAGGER, text, Some(&["artist"]));
    assert!(artists.iter().all(|(e, _)| e == "artist"), "{artists:?}");
    assert!(
        artists.contains(&("artist".into(), "Lady Gaga".into())),
        "{artists:?}"
    );
    assert!(tag(&MUSIC_TAGGER, text, Some(&[])).is_empty());
    assert!(tag(&MUSIC_TAGGER, text, Some(&["unknown"])).is_empty());
}

/// The key of the bias feature, which every token has.
fn bias_key() -> u64 {
    let tokens = ANALYZER.analyze("x");
    let mut keys = Vec::new();
    for_each_feature("x", &tokens, &[], |_, key, _| keys.push(key));
    keys[0]
}

#[test]
fn i_labels_only_follow_their_b_label() {
    // Two entities; every token strongly prefers I-a (label 3), which no sentence may start
    // with and which may not follow I-b or O: the best valid path is B-a I-a I-a …
    let l = 5;
    let weights = [0.0, 0.0, 0.0, 10.0, 9.0];
    let tagger = Tagger::from_parts(
        vec!["a".into(), "b".into()],
        &[bias_key()],
        &[0, l as u32],
        &[0, 1, 2, 3, 4],
        &weights,
        vec![0.0; l * l],
        vec![0.0; l],
        vec![0.0; l],
        1.0,
    )
    .expect("consistent parts");
    let text = "one two three";
    assert_eq!(tag(&tagger, text, None), pairs(&[("a", "one two three")]));
    // Without `a`, I-b is the best label left, so the path is B-b I-b I-b.
    assert_eq!(tag(&tagger, text, Some(&["b"])), pairs(&[("b", "one two three")]));
}

#[test]
fn bytes_round_trip_and_give_the_same_tags() {
    let bytes = MUSIC_TAGGER.to_bytes();
    let back = Tagger::from_bytes(&bytes).expect("the bytes read back");
    assert_eq!(back, *MUSIC_TAGGER);
    assert_eq!(back.to_bytes(), bytes);
    for text in [
        "add this song to my playlist Workout Beats",
        "play music by Aretha Franklin",
        "",
    ] {
        let tokens = ANALYZER.analyze(text);
        assert_eq!(
            back.tag(text, &tokens, &[], None),
            MUSIC_TAGGER.tag(text, &tokens, &[], None)
        );
    }
    // Inside a model: `write` and `read` leave the reader where the next field starts.
    let mut w = Writer::new();
    MUSIC_TAGGER.write(&mut w);
    w.u32(42);
    let bytes = w.finish();
    let mut r = Reader::open(&bytes).expect("a model");
    assert_eq!(Tagger::read(&mut r).expect("a tagger"), *MUSIC_TAGGER);
    assert_eq!(r.u32(), Ok(42));
}

#[test]
fn truncated_or_corrupt_bytes_are_errors() {
    let bytes = MUSIC_TAGGER.to_bytes();
    for cut in 0..bytes.len() {
        assert!(Tagger::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    // A payload cut after each field, with a valid header and checksum.
    let fields: [&dyn Fn(&mut Writer); 10] = [
        &|w| w.u32(1),
        &|w| w.list(&["a".to_string()], |w, s| w.str(s)),
        &|w| w.u64s(&[7]),
        &|w| w.u32s(&[0, 1]),
        &|w| w.bytes(&[3, 0]),
        &|w| w.f32s(&[1.0]),
        &|w| w.f32s(&[0.0; 9]),
        &|w| w.f32s(&[0.0; 3]),
        &|w| w.f32s(&[0.0; 3]),
        &|w| w.f32(1.0),
    ];
    for n in 0..fields.len() {
        let mut w = Writer::new();
        fields[..n].iter().for_each(|f| f(&mut w));
        assert!(Tagger::from_bytes(&w.finish()).is_err(), "{n} fields");
    }
    // All ten fields, but a label out of range (3 ≥ 3 labels of one entity).
    let mut w = Writer::new();
    fields.iter().for_each(|f| f(&mut w));
    assert_eq!(
        Tagger::from_bytes(&w.finish()),
        Err(ModelError::Corrupt {
            what: "slot tagger tables do not fit together"
        })
    );
    // A wrong format version, a non-finite weight, a huge length.
    let mut w = Writer::new();
    w.u32(99);
    assert!(Tagger::from_bytes(&w.finish()).is_err());
    let mut w = Writer::new();
    fields[..5].iter().for_each(|f| f(&mut w));
    w.f32s(&[f32::NAN]);
    fields[6..].iter().for_each(|f| f(&mut w));
    assert!(Tagger::from_bytes(&w.finish()).is_err());
    let mut w = Writer::new();
    fields[..2].iter().for_each(|f| f(&mut w));
    w.u64(u64::MAX / 4);
    assert!(Tagger::from_bytes(&w.finish()).is_err());
    // The same fields with label 2 are a valid tagger.
    let mut w = Writer::new();
    fields[..4].iter().for_each(|f| f(&mut w));
    w.bytes(&[2, 0]);
    fields[5..].iter().for_each(|f| f(&mut w));
    assert!(Tagger::from_bytes(&w.finish()).is_ok());
}

#[test]
fn training_is_deterministic() {
    let examples: Vec<TaggedExample> = MUSIC.iter().map(|m| example(m)).collect();
    let again = Tagger::train(&examples, &ANALYZER, &no_gazetteer);
    assert_eq!(again.to_bytes(), MUSIC_TAGGER.to_bytes());
}

#[test]
fn empty_inputs() {
    let tagger = Tagger::train(&[], &ANALYZER, &no_gazetteer);
    assert!(tagger.entities().is_empty());
    assert!(tag(&tagger, "add this song to my playlist Summer Hits", None).is_empty());
    let back = Tagger::from_bytes(&tagger.to_bytes()).expect("an empty tagger reads back");
    assert_eq!(back, tagger);
    assert!(tag(&MUSIC_TAGGER, "", None).is_empty());
    assert!(tag(&MUSIC_TAGGER, "  ?! ", None).is_empty());
    let blank = [TaggedExample::default(), example("no entity here")];
    assert!(
        Tagger::train(&blank, &ANALYZER, &no_gazetteer)
            .entities()
            .is_empty()
    );
}

#[test]
fn gazetteer_matches_are_features() {
    // The city is only ever said after "weather in": a known value elsewhere is found
    // because the gazetteer knows it, an unknown one is not.
    let cities: Entity = serde_json::from_value(serde_json::json!({"id": "city", "name": "city",
        "entries": [{"value": "Paris"}, {"value": "Lyon"}, {"value": "Oslo"}, {"value": "Rome"},
                    {"value": "Berlin"}, {"value": "Madrid"}]}))
    .expect("an entity");
    let known = UserEntities::compile(&[cities], &ANALYZER);
    let gazetteer = |text: &str, tokens: &[Token]| {
        let mut out = Vec::new();
        known.extract(text, tokens, &mut out);
        out
    };
    let examples: Vec<TaggedExample> = [
        "what is the weather in [Paris](city)",
        "weather in [Lyon](city) tomorrow",
        "is it cold in [Oslo](city)",
        "[Rome](city) weather today",
        "how hot is [Berlin](city) now",
        "what is the weather like",
        "tell me a joke",
        "is it going to rain",
    ]
    .iter()
    .map(|m| example(m))
    .collect();
    let tagger = Tagger::train(&examples, &ANALYZER, &gazetteer);
    let text = "Madrid forecast please";
    let tokens = ANALYZER.analyze(text);
    let found = tagger.tag(text, &tokens, &gazetteer(text, &tokens), None);
    assert_eq!(found.first().map(|m| m.raw.as_str()), Some("Madrid"), "{found:?}");
}

#[test]
fn long_texts_are_tagged_window_by_window() {
    let mut text = "blah ".repeat(TAGGER_WINDOW * 2 + 7);
    text.push_str("add this song to my playlist Summer Hits");
    let found = MUSIC_TAGGER.tag(&text, &ANALYZER.analyze(&text), &[], None);
    assert!(found.iter().any(|m| m.raw == "Summer Hits"), "{found:?}");
}

fn check(text: &str) {
    let tokens = ANALYZER.analyze(text);
    for m in MUSIC_TAGGER.tag(text, &tokens, &[], None) {
        let raw = text
            .get(m.span.byte_start..m.span.byte_end)
            .expect("a span of the text");
        assert_eq!(raw, m.raw);
        assert!(!raw.is_empty());
        let before = text[..m.span.byte_start].chars().count();
        assert_eq!(
            (before, before + raw.chars().count()),
            (m.span.char_start, m.span.char_end)
        );
        assert!((0.0..=1.0).contains(&m.score));
    }
}

proptest! {
    #[test]
    fn arbitrary_unicode_never_panics_and_spans_slice(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn music_like_text_never_panics_and_spans_slice(
        text in "(add|play|to|my|playlist|by|the|song|[A-Z][a-z]{1,6}|R&B|-|é|東|👍| ){0,30}"
    ) {
        check(&text);
    }

    #[test]
    fn corrupt_payloads_never_panic(words in proptest::collection::vec(any::<u32>(), 0..64)) {
        let mut w = Writer::new();
        w.u32(1);
        for x in words {
            w.u32(x);
        }
        let _ = Tagger::from_bytes(&w.finish());
    }
}
