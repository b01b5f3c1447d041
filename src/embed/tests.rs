use super::*;

fn english() -> &'static WordVectors {
    WordVectors::english().expect("the built-in vectors read")
}

fn vector(words: &[&str]) -> Vec<f32> {
    let v = english();
    let mut out = vec![0.0; v.dims()];
    assert!(v.phrase(words.iter().copied(), &mut out), "{words:?}");
    out
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn the_built_in_table_reads() {
    let v = english();
    assert_eq!(v.dims(), 256);
    assert!(v.index.len() > 25_000);
    assert_eq!(v.fingerprint(), crc32(&ENGLISH[24..]));
}

#[test]
fn words_are_cut_into_known_pieces() {
    let v = english();
    let mut sum = vec![0.0; v.dims()];
    assert_eq!(v.add_word("pizza", &mut sum), 1);
    assert_eq!(v.add_word("chatbots", &mut sum), 2);
    // Punctuation is a piece of its own; accents and case are removed first.
    assert_eq!(v.add_word("don't", &mut sum), 3);
    assert_eq!(v.add_word("Café", &mut sum), v.add_word("cafe", &mut sum));
    // Nothing covers these: no vector rather than a wrong one.
    assert_eq!(v.add_word("", &mut sum), 0);
    assert_eq!(v.add_word(&"a".repeat(101), &mut sum), 0);
    assert_eq!(v.add_word("\u{1F600}", &mut sum), 0);
}

#[test]
fn related_phrases_are_closer_than_unrelated_ones() {
    let card = vector(&["my", "card", "was", "stolen"]);
    let related = vector(&["someone", "took", "my", "credit", "card"]);
    let unrelated = vector(&["what", "is", "the", "weather", "tomorrow"]);
    assert!(cosine(&card, &related) > cosine(&card, &unrelated) + 0.1);
    let (a, b) = (vector(&["abroad"]), vector(&["overseas"]));
    assert!(cosine(&a, &b) > cosine(&a, &vector(&["pizza"])));
}

#[test]
fn phrase_vectors_have_unit_length_or_are_empty() {
    let v = english();
    let mut out = vec![1.0; v.dims()];
    assert!(!v.phrase(["\u{1F600}"], &mut out));
    assert!(out.iter().all(|&x| x == 0.0));
    let p = vector(&["hello", "there"]);
    assert!((cosine(&p, &p) - 1.0).abs() < 1e-4);
}

#[test]
fn damaged_tables_are_typed_errors() {
    fn leak(bytes: Vec<u8>) -> &'static [u8] {
        Box::leak(bytes.into_boxed_slice())
    }
    assert_eq!(
        WordVectors::from_static(b"not vectors at all, really").unwrap_err(),
        VectorsError::NotVectors
    );
    let mut flipped = ENGLISH.to_vec();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    assert!(matches!(
        WordVectors::from_static(leak(flipped)).unwrap_err(),
        VectorsError::Corrupt { .. }
    ));
    let mut version = ENGLISH[..64].to_vec();
    version[8] = 9;
    assert!(matches!(
        WordVectors::from_static(leak(version)).unwrap_err(),
        VectorsError::Version { got: 9, .. }
    ));
    assert!(matches!(
        WordVectors::from_static(leak(ENGLISH[..1000].to_vec())).unwrap_err(),
        VectorsError::Corrupt { .. }
    ));
}

#[test]
fn basic_words_split_punctuation() {
    let mut words = Vec::new();
    for_each_basic_word("it's 5pm, ok?", |w| words.push(w.to_string()));
    assert_eq!(words, ["it", "'", "s", "5pm", ",", "ok", "?"]);
}

proptest::proptest! {
    /// Any text: no panic, and the phrase vector has unit length exactly when a piece was
    /// known.
    #[test]
    fn any_text_gives_a_unit_vector_or_none(text in "\\PC{0,60}") {
        let v = english();
        let mut out = vec![0.0; v.dims()];
        let words: Vec<&str> = text.split_whitespace().collect();
        let pieces: usize = words.iter().map(|w| v.add_word(w, &mut vec![0.0; v.dims()])).sum();
        let known = v.phrase(words.iter().copied(), &mut out);
        proptest::prop_assert_eq!(known, pieces > 0 && out.iter().any(|&x| x != 0.0));
        if known {
            proptest::prop_assert!((cosine(&out, &out) - 1.0).abs() < 1e-3);
        }
    }

    /// Splitting into basic words keeps every non-space character, in order.
    #[test]
    fn basic_words_cover_the_text(text in "\\PC{0,60}") {
        let mut joined = String::new();
        for_each_basic_word(&text, |w| joined.push_str(w));
        let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        proptest::prop_assert_eq!(joined, expected);
    }
}
