//! Broken copies of each sample bot: each fault is reported with its exact kind, JSON path and
//! position, and validation reports every fault at once.

use intently::error::LoadError;
use intently::story::{Bot, Problem, ProblemKind, limits};
use serde_json::json;

use crate::common::{
    Sample, add_field, append_phrase, column_of, duplicate_first_interaction, errors_of, first_placeholder,
    interactions, line_of, overfill_first_text, pretty, redirect_first_context_out, samples,
};

/// Loads a broken document that must not load.
fn load_error(sample: &Sample, text: &str) -> LoadError {
    match Bot::from_json(text) {
        Ok(_) => panic!("{}: the broken copy loads", sample.name),
        Err(error) => error,
    }
}

fn unknown_entity_in(path: String, placeholder: &str, entity: &str) -> Problem {
    Problem {
        path,
        kind: ProblemKind::UnknownEntity {
            name: entity.to_string(),
            placeholder: Some(placeholder.to_string()),
        },
    }
}

#[test]
fn misspelled_field_is_a_schema_error_with_a_suggestion() {
    for sample in samples() {
        let mut value = sample.json();
        add_field(&mut value, "usersays", json!(["hello there"]));
        let text = pretty(&value);
        match load_error(&sample, &text) {
            LoadError::Schema {
                path,
                line,
                column,
                message,
            } => {
                assert_eq!(path, "stories[0].interactions[0].usersays", "{}", sample.name);
                assert!(
                    message.contains("unknown field `usersays`"),
                    "{}: {message}",
                    sample.name
                );
                assert!(
                    message.contains("did you mean `userSays`"),
                    "{}: {message}",
                    sample.name
                );
                let key = text.find("\"usersays\"").expect("the field was added");
                assert_eq!(
                    line,
                    line_of(&text, key),
                    "{}: the line of the field",
                    sample.name
                );
                assert!(column > 1, "{}: column {column}", sample.name);
            }
            other => panic!("{}: expected a schema error, got {other:?}", sample.name),
        }
    }
}

#[test]
fn appended_placeholder_with_unknown_entity_is_reported_at_its_phrase() {
    for sample in samples() {
        let mut value = sample.json();
        let placeholder = "{{nosuchentity:x}}";
        let k = append_phrase(&mut value, &format!("I would like {placeholder} please"));
        let errors = errors_of(&sample, &value);
        let expected = unknown_entity_in(
            format!("stories[0].interactions[0].userSays[{k}]"),
            placeholder,
            "nosuchentity",
        );
        assert_eq!(errors, vec![expected], "{}", sample.name);
    }
}

#[test]
fn placeholder_changed_to_unknown_entity_is_reported_at_its_phrase() {
    let mut checked = 0;
    for sample in samples() {
        let mut value = sample.json();
        let Some((i, k, placeholder)) = first_placeholder(&value) else {
            continue;
        };
        let inner = &placeholder[2..placeholder.len() - 2];
        let alias = inner.split_once(':').map_or(inner, |(_, alias)| alias).trim();
        let broken = format!("{{{{nosuchentity:{alias}}}}}");
        let phrase = &mut interactions(&mut value)[i]["userSays"][k];
        *phrase = json!(
            phrase
                .as_str()
                .expect("a phrase")
                .replacen(&placeholder, &broken, 1)
        );
        let errors = errors_of(&sample, &value);
        let expected = unknown_entity_in(
            format!("stories[0].interactions[{i}].userSays[{k}]"),
            &broken,
            "nosuchentity",
        );
        assert_eq!(
            errors,
            vec![expected],
            "{}: after changing {placeholder} to {broken}",
            sample.name
        );
        checked += 1;
    }
    assert!(checked > 0, "no sample bot has a placeholder in its first story");
}

#[test]
fn duplicate_interaction_is_reported_at_the_copy() {
    for sample in samples() {
        let mut value = sample.json();
        let copy = duplicate_first_interaction(&mut value);
        let id = interactions(&mut value)[0]["id"]
            .as_str()
            .expect("an id")
            .to_string();
        let errors = errors_of(&sample, &value);
        let expected = Problem {
            path: format!("stories[0].interactions[{copy}].id"),
            kind: ProblemKind::Duplicate {
                what: "interaction id",
                id,
                first: "stories[0].interactions[0].id".to_string(),
            },
        };
        assert!(errors.contains(&expected), "{}: {errors:#?}", sample.name);
        // The copy's triggers repeat too; nothing outside the copy is at fault.
        let copy_path = format!("stories[0].interactions[{copy}].");
        for error in &errors {
            assert!(
                matches!(error.kind, ProblemKind::Duplicate { .. }) && error.path.starts_with(&copy_path),
                "{}: unexpected {error}",
                sample.name
            );
        }
    }
}

#[test]
fn context_out_to_nowhere_is_reported_at_its_entry() {
    for sample in samples() {
        let mut value = sample.json();
        let Some((i, k, former)) = redirect_first_context_out(&mut value, "nowhere") else {
            panic!(
                "{}: no interaction of the first story has a contextOut",
                sample.name
            )
        };
        let errors = errors_of(&sample, &value);
        let expected = Problem {
            path: format!("stories[0].interactions[{i}].contextOut[{k}]"),
            kind: ProblemKind::UnknownInteraction {
                via: "contextOut",
                id: "nowhere".to_string(),
                story: None,
            },
        };
        assert!(errors.contains(&expected), "{}: {errors:#?}", sample.name);
        // The former child may have lost its only way in; nothing else may break.
        for error in errors.iter().filter(|e| **e != expected) {
            assert!(
                matches!(&error.kind, ProblemKind::Unreachable { id } if *id == former),
                "{}: unexpected {error}",
                sample.name
            );
        }
    }
}

#[test]
fn text_with_too_many_variants_is_reported_at_its_elements() {
    for sample in samples() {
        let mut value = sample.json();
        let (i, k) = overfill_first_text(&mut value, limits::TEXT_VARIANTS)
            .unwrap_or_else(|| panic!("{}: no text response in the first story", sample.name));
        let bot = Bot::from_json(&pretty(&value)).expect("the copy loads");
        assert_eq!(
            bot.problems(),
            vec![],
            "{}: {} variants are allowed",
            sample.name,
            limits::TEXT_VARIANTS
        );

        overfill_first_text(&mut value, limits::TEXT_VARIANTS + 1);
        let errors = errors_of(&sample, &value);
        let expected = Problem {
            path: format!("stories[0].interactions[{i}].responses[{k}].elements"),
            kind: ProblemKind::TooMany {
                what: "text variants",
                max: 20,
                got: 21,
            },
        };
        assert_eq!(errors, vec![expected], "{}", sample.name);
    }
}

#[test]
fn wrong_type_is_a_schema_error_with_path_and_line() {
    for sample in samples() {
        let mut value = sample.json();
        interactions(&mut value)[0]["userSays"] = json!("hello there");
        let text = pretty(&value);
        match load_error(&sample, &text) {
            LoadError::Schema {
                path, line, message, ..
            } => {
                assert_eq!(path, "stories[0].interactions[0].userSays", "{}", sample.name);
                assert!(
                    message.contains("expected a sequence"),
                    "{}: {message}",
                    sample.name
                );
                let at = text
                    .find("\"userSays\": \"hello there\"")
                    .expect("the field was changed");
                assert_eq!(line, line_of(&text, at), "{}: the line of the field", sample.name);
            }
            other => panic!("{}: expected a schema error, got {other:?}", sample.name),
        }
    }
}

/// Breaks the first text response of the first story with `field: value`; returns the
/// response's path.
fn break_first_text(value: &mut serde_json::Value, field: &str, field_value: serde_json::Value) -> String {
    let (i, k) = overfill_first_text(value, 1).expect("a text response");
    interactions(value)[i]["responses"][k][field] = field_value;
    format!("stories[0].interactions[{i}].responses[{k}]")
}

#[test]
fn unknown_field_in_a_response_is_reported_at_the_field() {
    for sample in samples() {
        let mut value = sample.json();
        let response = break_first_text(&mut value, "element", json!(["hello"]));
        let text = pretty(&value);
        match load_error(&sample, &text) {
            LoadError::Schema {
                path, line, message, ..
            } => {
                assert!(
                    message.contains("did you mean `elements`?"),
                    "{}: {message}",
                    sample.name
                );
                assert_eq!(path, format!("{response}.element"), "{}", sample.name);
                let key = text.find("\"element\":").expect("the field was added");
                assert_eq!(
                    line,
                    line_of(&text, key),
                    "{}: the line of the field",
                    sample.name
                );
            }
            other => panic!("{}: expected a schema error, got {other:?}", sample.name),
        }
    }
}

#[test]
fn wrong_type_in_a_response_is_reported_at_the_field() {
    for sample in samples() {
        let mut value = sample.json();
        let response = break_first_text(&mut value, "elements", json!("hello there"));
        let text = pretty(&value);
        match load_error(&sample, &text) {
            LoadError::Schema {
                path, line, message, ..
            } => {
                assert!(
                    message.contains("expected a sequence"),
                    "{}: {message}",
                    sample.name
                );
                assert_eq!(path, format!("{response}.elements"), "{}", sample.name);
                let at = text
                    .find("\"elements\": \"hello there\"")
                    .expect("the field was changed");
                assert_eq!(line, line_of(&text, at), "{}: the line of the field", sample.name);
            }
            other => panic!("{}: expected a schema error, got {other:?}", sample.name),
        }
    }
}

#[test]
fn truncated_file_is_a_syntax_error_at_its_end() {
    for sample in samples() {
        let mut half = sample.text.len() / 2;
        while !sample.text.is_char_boundary(half) {
            half -= 1;
        }
        let text = &sample.text[..half];
        match load_error(&sample, text) {
            LoadError::Syntax { line, message, .. } => {
                assert_eq!(line, line_of(text, text.len()), "{}: {message}", sample.name);
                assert!(message.contains("EOF"), "{}: {message}", sample.name);
            }
            other => panic!("{}: expected a syntax error, got {other:?}", sample.name),
        }
    }
}

#[test]
fn invalid_utf8_is_reported_at_its_byte() {
    for sample in samples() {
        // Just after the first non-ASCII character, so the column must count characters, not
        // bytes; in the middle of the file when it is all ASCII.
        let offset = match sample.text.char_indices().find(|(_, c)| !c.is_ascii()) {
            Some((at, c)) => at + c.len_utf8(),
            None => sample.text.len() / 2,
        };
        let mut bytes = sample.text.as_bytes()[..offset].to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe]);
        bytes.extend_from_slice(&sample.text.as_bytes()[offset..]);
        let (line, column) = (line_of(&sample.text, offset), column_of(&sample.text, offset));
        assert_eq!(
            Bot::from_json_bytes(&bytes).map(|_| ()),
            Err(LoadError::Utf8 { line, column, offset }),
            "{}",
            sample.name
        );
    }
}

#[test]
fn empty_documents_are_rejected() {
    assert_eq!(Bot::from_json_bytes(b""), Err(LoadError::Empty));
    assert_eq!(Bot::from_json(" \n\t\n"), Err(LoadError::Empty));
}

#[test]
fn validation_reports_every_problem_at_once() {
    for sample in samples() {
        let mut value = sample.json();
        // The copy first, so that it does not inherit the other faults.
        let copy = duplicate_first_interaction(&mut value);
        let k = append_phrase(&mut value, "{{nosuchentity:x}}");
        let (ci, ck, former) = redirect_first_context_out(&mut value, "nowhere").expect("a contextOut");
        let (ti, tk) = overfill_first_text(&mut value, 21).expect("a text response");
        let errors = errors_of(&sample, &value);
        let id = interactions(&mut value)[0]["id"]
            .as_str()
            .expect("an id")
            .to_string();
        let expected = [
            unknown_entity_in(
                format!("stories[0].interactions[0].userSays[{k}]"),
                "{{nosuchentity:x}}",
                "nosuchentity",
            ),
            Problem {
                path: format!("stories[0].interactions[{copy}].id"),
                kind: ProblemKind::Duplicate {
                    what: "interaction id",
                    id,
                    first: "stories[0].interactions[0].id".to_string(),
                },
            },
            Problem {
                path: format!("stories[0].interactions[{ci}].contextOut[{ck}]"),
                kind: ProblemKind::UnknownInteraction {
                    via: "contextOut",
                    id: "nowhere".to_string(),
                    story: None,
                },
            },
            Problem {
                path: format!("stories[0].interactions[{ti}].responses[{tk}].elements"),
                kind: ProblemKind::TooMany {
                    what: "text variants",
                    max: 20,
                    got: 21,
                },
            },
        ];
        for problem in &expected {
            assert!(
                errors.contains(problem),
                "{}: {problem} is missing from {errors:#?}",
                sample.name
            );
        }
        for error in &errors {
            let known = expected.contains(error)
                || matches!(&error.kind, ProblemKind::Unreachable { id } if *id == former)
                || (matches!(error.kind, ProblemKind::Duplicate { .. })
                    && error
                        .path
                        .starts_with(&format!("stories[0].interactions[{copy}].")));
            assert!(known, "{}: unexpected {error}", sample.name);
        }
        // Problems come in document order: the paths of the first story's interactions rise.
        let indices: Vec<usize> = errors
            .iter()
            .filter_map(|e| e.path.strip_prefix("stories[0].interactions["))
            .map(|rest| {
                rest.split(']')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("an index")
            })
            .collect();
        assert!(
            indices.is_sorted(),
            "{}: not in document order: {errors:#?}",
            sample.name
        );
    }
}
