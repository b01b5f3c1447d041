//! Compiling a bot into an immutable [`Model`], and the model's byte format.
//!
//! Compilation reads the bot's definitions once and builds, per story:
//!
//! - **fst dictionaries** of the words, terms (stems) and character n-grams seen in the
//!   examples, each mapping a key to an ordinal, with plain side tables indexed by the
//!   ordinal: the key's row of class weights (already multiplied by its IDF; a word's row is
//!   folded from its term's and n-grams'), its squared weight for the norm, and its document
//!   frequency for typo correction;
//! - the same for **bigrams** of terms (sorted `u64` keys of two ordinals);
//! - the **keywords** (an fst of keyword words and the keyword phrases), the **triggers**,
//!   and the interaction table (ids, names, actions, the context tree).
//!
//! The classifier is trained here, at compile time; the query path only adds rows. The model
//! serializes to versioned, checksummed bytes ([`Model::to_bytes`], [`Model::from_bytes`]);
//! the same bot always compiles to the same bytes.

mod classifier;
mod compile;
mod features;
mod format;
mod keywords;
mod rows;
mod slots;
mod train;
mod vectors;
mod vocab;

pub use format::{FORMAT_VERSION, MAGIC};
pub use vocab::{FUZZY_MIN_CHARS, FUZZY_TWO_EDITS_CHARS};

pub(crate) use classifier::{Classifier, bigram_key};
pub(crate) use features::{Known, Recognizer, Unit, entity_term, for_each_gram, token_parts, units};
pub(crate) use format::{Reader, Writer};
pub(crate) use keywords::Keywords;
pub(crate) use rows::Table;
pub(crate) use train::softmax;
pub(crate) use vectors::lexical_scale;
pub(crate) use vocab::Vocabulary;

use crate::Language;
use crate::analysis::Analyzer;
use crate::entity::{EntityMatch, Tagger, UserEntities};
use crate::error::ModelError;
use crate::matcher::BiasMass;
use crate::story::{Bot, Webhook};

/// A compiled bot: immutable, `Send + Sync`, built once per change of the bot and swapped in
/// whole.
///
/// ```
/// use intently::story::Bot;
/// use intently::Model;
///
/// let bot = Bot::from_json(r#"{"stories": [{"id": "faq", "name": "FAQ", "interactions": [
///   {"id": "hours", "name": "Hours", "root": true, "userSays": ["when are you open", "opening hours"]},
///   {"id": "menu", "name": "Menu", "root": true, "userSays": ["what is on the menu", "show me the menu"]}
/// ]}]}"#)?;
/// let model = Model::compile(&bot)?;
/// let bytes = model.to_bytes();
/// let model = Model::from_bytes(&bytes)?;
/// assert_eq!(model.stories().len(), 1);
/// # Ok::<(), intently::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Model {
    stories: Vec<StoryModel>,
    default_story: usize,
    /// The bot's webhooks, for the requests the dialog asks its caller to make.
    webhooks: Vec<Webhook>,
}

/// The compiled form of one story.
#[derive(Debug, Clone)]
pub struct StoryModel {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) language: Language,
    pub(crate) confidence: f32,
    pub(crate) lifespan: u32,
    pub(crate) interactions: Vec<InteractionInfo>,
    /// `(trigger, interaction)`, sorted by trigger.
    pub(crate) triggers: Vec<(String, u32)>,
    pub(crate) keywords: Keywords,
    pub(crate) classifier: Classifier,
    /// The bot's user entities.
    pub(crate) entities: UserEntities,
    /// The entities the story's examples use as placeholders, by name.
    pub(crate) used_entities: Vec<String>,
    /// The tagger of the story's extensible entities, if it has any.
    pub(crate) tagger: Option<Tagger>,
    /// The softmax mass of the biases, for stories with sparse rows (derived, not stored).
    pub(crate) bias_mass: BiasMass,
    pub(crate) analyzer: Analyzer,
    /// The conversation: each interaction's parameters and responses.
    pub(crate) script: crate::dialog::Script,
}

/// What the model keeps of an interaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InteractionInfo {
    /// The interaction's id.
    pub id: String,
    /// The interaction's name.
    pub name: String,
    /// The interaction's action, if any.
    pub action: Option<String>,
    /// Whether it matches from anywhere in the story.
    pub root: bool,
    /// Ordinals of the interactions its `contextOut` makes candidates.
    pub children: Vec<u32>,
    /// Ordinals of the interactions its `references` make candidates.
    pub references: Vec<u32>,
    /// The extensible entities among its parameters, by name: the story's tagger looks for
    /// these when the interaction matches.
    pub learned: Vec<String>,
}

impl Model {
    /// Compiles a bot: validates it, then trains and indexes every story.
    pub fn compile(bot: &Bot) -> crate::Result<Model> {
        bot.validate()?;
        Ok(compile::compile(bot))
    }

    /// The compiled stories, in the bot's order.
    pub fn stories(&self) -> &[StoryModel] {
        &self.stories
    }

    /// The story with this id.
    pub fn story(&self, id: &str) -> Option<&StoryModel> {
        self.stories.iter().find(|s| s.id == id)
    }

    /// The story that answers queries without a story id.
    pub fn default_story(&self) -> Option<&StoryModel> {
        self.stories.get(self.default_story)
    }

    /// The bot's webhook with this id.
    pub fn webhook(&self, id: &str) -> Option<&Webhook> {
        self.webhooks.iter().find(|w| w.id == id)
    }

    /// The model as versioned, checksummed bytes; the same bot gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.len(self.default_story);
        w.list(&self.stories, |w, s| s.write(w));
        w.json(&self.webhooks);
        w.finish()
    }

    /// Reads a model written by [`Model::to_bytes`]. Wrong magic, another format version,
    /// a checksum mismatch, truncation or inconsistent tables are a [`ModelError`]; so is an
    /// English model trained with other word vectors than this build's
    /// ([`ModelError::WordVectors`]: the bytes hold the classifier's weights for the
    /// vectors, not the vectors, which are built into the library). The first English model
    /// read in a process also reads the built-in vectors (about 23 ms, once).
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader::open(bytes)?;
        let default_story = r.u64()? as usize;
        let stories = r.list(StoryModel::read)?;
        let webhooks = r.json("the webhooks are unreadable")?;
        r.finish()?;
        if default_story >= stories.len() && !stories.is_empty() {
            return Err(ModelError::Corrupt {
                what: "the default story is out of range",
            });
        }
        let sizes: Vec<usize> = stories.iter().map(|s| s.interactions.len()).collect();
        if !stories.iter().all(|s| s.script.targets_in(&sizes)) {
            return Err(ModelError::Corrupt {
                what: "a goto target is out of range",
            });
        }
        Ok(Model {
            stories,
            default_story,
            webhooks,
        })
    }
}

impl StoryModel {
    /// The story's id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The story's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The story's language.
    pub fn language(&self) -> Language {
        self.language
    }
    /// The story's confidence threshold.
    pub fn confidence(&self) -> f32 {
        self.confidence
    }
    /// The story's lifespan.
    pub fn lifespan(&self) -> u32 {
        self.lifespan
    }
    /// The story's interactions, by ordinal.
    pub fn interactions(&self) -> &[InteractionInfo] {
        &self.interactions
    }
    /// The ordinal of the interaction with this id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.interactions.iter().position(|i| i.id == id)
    }
    /// The interaction a trigger name invokes.
    pub fn trigger(&self, name: &str) -> Option<usize> {
        self.triggers
            .binary_search_by(|(t, _)| t.as_str().cmp(name))
            .ok()
            .map(|k| self.triggers[k].1 as usize)
    }
    /// The analyzer of the story's language.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The bot's user entities, compiled.
    pub fn user_entities(&self) -> &UserEntities {
        &self.entities
    }

    /// The names of the entities the story's examples use as placeholders.
    pub fn used_entities(&self) -> &[String] {
        &self.used_entities
    }

    /// The tagger of the story's extensible entities, if it has any.
    pub fn tagger(&self) -> Option<&Tagger> {
        self.tagger.as_ref()
    }

    /// What the tagger sees as known values (see `slots::known_values`).
    pub(crate) fn gazetteer(&self, text: &str, tokens: &[crate::analysis::Token]) -> Vec<EntityMatch> {
        slots::known_values(&self.entities, text, tokens)
    }

    /// What recognizes the used entities in an utterance.
    pub(crate) fn recognizer(&self) -> Recognizer<'_> {
        Recognizer {
            user: &self.entities,
            used: &self.used_entities,
            language: self.language,
            known: Known::Vocabulary(&self.classifier.words),
        }
    }

    fn write(&self, w: &mut Writer) {
        w.str(&self.id);
        w.str(&self.name);
        w.str(self.language.code());
        w.f32(self.confidence);
        w.u32(self.lifespan);
        w.list(&self.interactions, |w, i| {
            w.str(&i.id);
            w.str(&i.name);
            w.opt_str(i.action.as_deref());
            w.bool(i.root);
            w.u32s(&i.children);
            w.u32s(&i.references);
            w.list(&i.learned, |w, name| w.str(name));
        });
        w.list(&self.triggers, |w, (t, i)| {
            w.str(t);
            w.u32(*i);
        });
        self.keywords.write(w);
        self.classifier.write(w);
        self.entities.write(w);
        w.list(&self.used_entities, |w, name| w.str(name));
        w.bool(self.tagger.is_some());
        if let Some(tagger) = &self.tagger {
            tagger.write(w);
        }
        w.json(&self.script);
    }

    fn read(r: &mut Reader<'_>) -> Result<StoryModel, ModelError> {
        let corrupt = |what| ModelError::Corrupt { what };
        let id = r.str()?;
        let name = r.str()?;
        let language = Language::from_code(&r.str()?).ok_or(corrupt("unknown language"))?;
        let confidence = r.f32()?;
        let lifespan = r.u32()?;
        let interactions = r.list(|r| {
            Ok(InteractionInfo {
                id: r.str()?,
                name: r.str()?,
                action: r.opt_str()?,
                root: r.bool()?,
                children: r.u32s()?,
                references: r.u32s()?,
                learned: r.list(|r| r.str())?,
            })
        })?;
        let triggers = r.list(|r| Ok((r.str()?, r.u32()?)))?;
        let keywords = Keywords::read(r)?;
        let classifier = Classifier::read(r)?;
        let n = interactions.len();
        if classifier.classes != n + 1 {
            return Err(corrupt("the classifier's classes do not match the interactions"));
        }
        let entities = UserEntities::read(r)?;
        let used_entities = r.list(|r| r.str())?;
        let tagger = if r.bool()? { Some(Tagger::read(r)?) } else { None };
        let script: crate::dialog::Script = r.json("the dialog script is unreadable")?;
        if script.nodes.len() != n
            || script
                .nodes
                .iter()
                .any(|node| node.fallback.is_some_and(|f| f as usize >= n))
        {
            return Err(corrupt("the dialog script does not match the interactions"));
        }
        let in_range = |o: &u32| (*o as usize) < n;
        if !interactions
            .iter()
            .all(|i| i.children.iter().all(in_range) && i.references.iter().all(in_range))
            || !triggers.iter().all(|(_, i)| in_range(i))
            || !triggers.windows(2).all(|t| t[0].0 < t[1].0)
            || !keywords.interactions().all(|i| in_range(&i))
        {
            return Err(corrupt("an interaction ordinal is out of range"));
        }
        let bias_mass = BiasMass::of(&classifier, &interactions);
        Ok(StoryModel {
            bias_mass,
            analyzer: Analyzer::new(language),
            id,
            name,
            language,
            confidence,
            lifespan,
            interactions,
            triggers,
            keywords,
            classifier,
            entities,
            used_entities,
            tagger,
            script,
        })
    }
}
