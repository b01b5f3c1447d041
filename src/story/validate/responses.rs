//! Validation of responses, actions, buttons and filters.

use std::collections::BTreeSet;

use super::super::model::Story;
use super::super::problem::ProblemKind;
use super::super::response::{Button, Card, Filter, FilterValue, Response};
use super::super::template::{Format, Piece};
use super::{Validator, limits};

impl Validator<'_> {
    pub(super) fn responses(
        &mut self,
        path: &str,
        story: &Story,
        responses: &[Response],
        attributes: &BTreeSet<String>,
    ) {
        self.max_items(path.to_string(), "responses", responses.len(), limits::RESPONSES);
        for (r, response) in responses.iter().enumerate() {
            let rpath = format!("{path}[{r}]");
            self.response(&rpath, story, response, attributes);
            for (f, filter) in response.filters().iter().enumerate() {
                self.filter(format!("{rpath}.filters[{f}]"), filter);
            }
        }
    }

    fn response(&mut self, path: &str, story: &Story, response: &Response, attributes: &BTreeSet<String>) {
        match response {
            Response::Text { elements, .. } => self.variants(path, elements, attributes),
            Response::Image { image_url, .. } => self.url(format!("{path}.imageUrl"), image_url),
            Response::QuickReplies { title, buttons, .. } => {
                self.template(format!("{path}.title"), title, attributes);
                if buttons.is_empty() {
                    self.push(format!("{path}.buttons"), ProblemKind::Empty { what: "buttons" });
                }
                self.max_items(
                    format!("{path}.buttons"),
                    "buttons",
                    buttons.len(),
                    limits::QUICK_REPLY_BUTTONS,
                );
                self.buttons(&format!("{path}.buttons"), story, buttons, attributes);
            }
            Response::Card {
                title,
                subtitle,
                image_url,
                buttons,
                ..
            } => {
                let card = Card {
                    title: title.clone(),
                    subtitle: subtitle.clone(),
                    image_url: image_url.clone(),
                    buttons: buttons.clone(),
                };
                self.card(path, story, &card, attributes);
            }
            Response::Carousel { cards, .. } => {
                if cards.is_empty() {
                    self.push(format!("{path}.cards"), ProblemKind::Empty { what: "cards" });
                }
                self.max_items(
                    format!("{path}.cards"),
                    "cards",
                    cards.len(),
                    limits::CAROUSEL_CARDS,
                );
                for (c, card) in cards.iter().enumerate() {
                    self.card(&format!("{path}.cards[{c}]"), story, card, attributes);
                }
            }
            Response::Goto {
                interaction,
                story: target,
                ..
            } => {
                self.goto_ref(
                    format!("{path}.interaction"),
                    story,
                    interaction,
                    target.as_deref(),
                );
            }
            Response::Question {
                elements,
                entity,
                attribute,
                retry,
                give_up_goto,
                ..
            } => {
                if let Some(target) = give_up_goto {
                    self.goto_ref(format!("{path}.giveUpGoto"), story, target, None);
                }
                self.variants(path, elements, attributes);
                self.entity_ref(format!("{path}.entity"), entity, None);
                if attribute.trim().is_empty() {
                    self.push(
                        format!("{path}.attribute"),
                        ProblemKind::Empty { what: "attribute" },
                    );
                }
                for (k, text) in retry.iter().enumerate() {
                    self.max_chars(
                        format!("{path}.retry[{k}]"),
                        "retry text",
                        text,
                        limits::TEXT_CHARS,
                    );
                    self.template(format!("{path}.retry[{k}]"), text, attributes);
                }
            }
            Response::SetAttributes { attributes: set, .. } => {
                if set.is_empty() {
                    self.push(
                        format!("{path}.attributes"),
                        ProblemKind::Empty { what: "attributes" },
                    );
                }
                for (name, value) in set {
                    if name.trim().is_empty() {
                        self.push(
                            format!("{path}.attributes"),
                            ProblemKind::Empty {
                                what: "attribute name",
                            },
                        );
                    }
                    self.template(format!("{path}.attributes.{name}"), value, attributes);
                }
            }
            Response::Webhook { webhook, .. } => self.webhook_ref(format!("{path}.webhook"), webhook),
            Response::Backtracking { .. } | Response::End { .. } | Response::Reset { .. } => {}
        }
    }

    /// The 1–20 variants of a text or question, each ≤ 1024 characters.
    fn variants(&mut self, path: &str, elements: &[String], attributes: &BTreeSet<String>) {
        if elements.is_empty() {
            self.push(
                format!("{path}.elements"),
                ProblemKind::Empty { what: "elements" },
            );
        }
        self.max_items(
            format!("{path}.elements"),
            "text variants",
            elements.len(),
            limits::TEXT_VARIANTS,
        );
        for (k, text) in elements.iter().enumerate() {
            let epath = format!("{path}.elements[{k}]");
            if text.trim().is_empty() {
                self.push(epath.clone(), ProblemKind::Empty { what: "text" });
            }
            self.max_chars(epath.clone(), "text", text, limits::TEXT_CHARS);
            self.template(epath, text, attributes);
        }
    }

    fn card(&mut self, path: &str, story: &Story, card: &Card, attributes: &BTreeSet<String>) {
        if card.title.trim().is_empty() {
            self.push(format!("{path}.title"), ProblemKind::Empty { what: "title" });
        }
        self.max_chars(format!("{path}.title"), "title", &card.title, limits::NAME_CHARS);
        self.template(format!("{path}.title"), &card.title, attributes);
        if let Some(subtitle) = &card.subtitle {
            self.template(format!("{path}.subtitle"), subtitle, attributes);
        }
        if let Some(url) = &card.image_url {
            self.url(format!("{path}.imageUrl"), url);
        }
        self.max_items(
            format!("{path}.buttons"),
            "buttons",
            card.buttons.len(),
            limits::CARD_BUTTONS,
        );
        self.buttons(&format!("{path}.buttons"), story, &card.buttons, attributes);
    }

    fn buttons(&mut self, path: &str, story: &Story, buttons: &[Button], attributes: &BTreeSet<String>) {
        for (b, button) in buttons.iter().enumerate() {
            let bpath = format!("{path}[{b}]");
            if button.title().trim().is_empty() {
                self.push(
                    format!("{bpath}.title"),
                    ProblemKind::Empty { what: "button title" },
                );
            }
            self.template(format!("{bpath}.title"), button.title(), attributes);
            match button {
                Button::Postback { value, .. } => {
                    if value.trim().is_empty() {
                        self.push(
                            format!("{bpath}.value"),
                            ProblemKind::Empty {
                                what: "postback value",
                            },
                        );
                    }
                }
                Button::Goto {
                    interaction,
                    story: target,
                    ..
                } => {
                    self.goto_ref(
                        format!("{bpath}.interaction"),
                        story,
                        interaction,
                        target.as_deref(),
                    );
                }
                Button::Url { url, .. } => self.url(format!("{bpath}.url"), url),
            }
        }
    }

    fn url(&mut self, path: String, url: &str) {
        let lower = url.trim().to_ascii_lowercase();
        let ok = (lower.starts_with("http://") || lower.starts_with("https://")) && !url.trim().contains(' ');
        if !ok {
            self.push(path, ProblemKind::InvalidUrl { url: url.to_string() });
        }
    }

    /// Warns about `{{name}}` in a text when nothing sets the attribute `name`; rejects
    /// `{{name|format}}` with an unknown format.
    pub(super) fn template(&mut self, path: String, text: &str, attributes: &BTreeSet<String>) {
        for (name, format) in references(text) {
            if let Some(format) = format.filter(|_| Format::named(format).is_none()) {
                self.push(
                    path.clone(),
                    ProblemKind::UnknownFormat {
                        name: name.to_string(),
                        format: format.to_string(),
                    },
                );
            }
            if !attributes.contains(name) {
                self.push(
                    path.clone(),
                    ProblemKind::UnknownAttribute {
                        name: name.to_string(),
                    },
                );
            }
        }
    }

    fn filter(&mut self, path: String, filter: &Filter) {
        let operator = filter.operator();
        let value = filter.value();
        let reason = match (filter, value) {
            (_, None) if !operator.is_unary() => Some(format!("operator {operator:?} needs a value")),
            (Filter::Attribute { .. }, Some(_)) if operator.is_unary() => {
                Some(format!("operator {operator:?} takes no value"))
            }
            (Filter::Attribute { .. }, _) => None,
            (_, _) if operator.is_unary() => {
                Some(format!("operator {operator:?} only applies to attributes"))
            }
            (Filter::Score { .. } | Filter::Lifespan { .. }, Some(v))
                if !matches!(v, FilterValue::Number(_)) =>
            {
                Some("score and lifespan filters compare with a number".to_string())
            }
            _ => None,
        };
        let reason = reason.or_else(|| match (operator.is_numeric(), value) {
            (true, Some(FilterValue::Number(_))) => None,
            (true, Some(FilterValue::Text(t))) if t.trim().parse::<f64>().is_ok() => None,
            (true, _) => Some(format!(
                "operator {operator:?} compares numbers, but the value is not one"
            )),
            _ => None,
        });
        let reason = reason.or_else(|| match (operator, value) {
            (super::super::response::Operator::Matches, Some(FilterValue::Text(pattern))) => {
                regex::Regex::new(pattern)
                    .err()
                    .map(|e| format!("invalid regular expression {pattern:?}: {e}"))
            }
            (super::super::response::Operator::Matches, _) => {
                Some("operator Matches needs a regular expression as text".to_string())
            }
            _ => None,
        });
        if let Some(reason) = reason {
            self.push(path, ProblemKind::InvalidFilter { reason });
        }
    }
}

/// The names and formats of the `{{name|format}}` attribute references in a text.
fn references(text: &str) -> impl Iterator<Item = (&str, Option<&str>)> {
    super::super::template::pieces(text).filter_map(|piece| match piece {
        Piece::Attribute { name, format } => Some((name, format)),
        Piece::Text(_) => None,
    })
}
