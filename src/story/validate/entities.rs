//! Validation of user entities and webhooks.

use std::collections::HashMap;

use super::super::model::{Entity, Webhook};
use super::super::problem::ProblemKind;
use super::super::{Segment, parse_phrase};
use super::{Seen, Validator, limits};

impl Validator<'_> {
    pub(super) fn entity(&mut self, path: &str, entity: &Entity) {
        self.id_and_name(path, &entity.id, &entity.name);
        if entity.name.starts_with("sys.") {
            self.push(
                format!("{path}.name"),
                ProblemKind::Reserved {
                    id: entity.name.clone(),
                },
            );
        }
        self.max_items(
            format!("{path}.entries"),
            "values",
            entity.entries.len(),
            limits::ENTITY_VALUES,
        );
        if entity.extensible && !self.teaches(entity) {
            self.push(
                format!("{path}.extensible"),
                ProblemKind::NothingToLearn {
                    name: entity.name.clone(),
                },
            );
        }
        let mut texts: HashMap<String, (&str, String)> = HashMap::new();
        let mut values = Seen::new();
        for (v, entry) in entity.entries.iter().enumerate() {
            let vpath = format!("{path}.entries[{v}]");
            values.check(self, "entity value", &entry.value, format!("{vpath}.value"));
            self.phrase(format!("{vpath}.value"), "entity value", &entry.value);
            self.max_items(
                format!("{vpath}.synonyms"),
                "synonyms",
                entry.synonyms.len(),
                limits::SYNONYMS,
            );
            let synonyms = entry
                .synonyms
                .iter()
                .enumerate()
                .map(|(k, s)| (format!("{vpath}.synonyms[{k}]"), &s.value));
            for (spath, text) in std::iter::once((format!("{vpath}.value"), &entry.value)).chain(synonyms) {
                if text.trim().is_empty() {
                    if spath.ends_with("]") {
                        self.push(spath, ProblemKind::Empty { what: "synonym" });
                    }
                    continue;
                }
                let key = text.trim().to_lowercase();
                match texts.get(&key) {
                    Some((value, _)) if *value != entry.value => self.push(
                        spath,
                        ProblemKind::AmbiguousSynonym {
                            text: text.clone(),
                            first: value.to_string(),
                            second: entry.value.clone(),
                        },
                    ),
                    Some(_) => {}
                    None => {
                        texts.insert(key, (&entry.value, spath));
                    }
                }
            }
        }
    }

    /// Whether some example phrase teaches an extensible entity: a placeholder of it that
    /// carries a value, or one that its listed values can fill.
    fn teaches(&self, entity: &Entity) -> bool {
        let phrases = self.bot.stories.iter().flat_map(|s| {
            s.interactions
                .iter()
                .flat_map(|i| &i.user_says)
                .chain(&s.fallback.user_says)
        });
        phrases
            .filter_map(|phrase| parse_phrase(phrase).ok())
            .flatten()
            .any(|segment| match segment {
                Segment::Placeholder(p) if p.entity == entity.name || p.entity == entity.id => {
                    p.value.is_some() || !entity.entries.is_empty()
                }
                _ => false,
            })
    }

    pub(super) fn webhook(&mut self, path: &str, webhook: &Webhook) {
        self.id_and_name(path, &webhook.id, &webhook.name);
        let url = webhook.url.trim();
        let lower = url.to_ascii_lowercase();
        let scheme_ok = ["http://", "https://"]
            .iter()
            .any(|s| lower.len() > s.len() && lower.starts_with(s));
        if !scheme_ok || url.contains(char::is_whitespace) {
            self.push(
                format!("{path}.url"),
                ProblemKind::InvalidUrl {
                    url: webhook.url.clone(),
                },
            );
        }
    }
}
