//! The languages intently understands.
//!
//! A story's `settings.language` picks the stemmer and the normalization rules of the
//! [`analysis`](crate::analysis) pipeline. Every language that the Snowball stemmers of
//! `rust-stemmers` support is available; in a bot file a language is written as its
//! ISO 639-1 code (`"en"`, `"de"`, `"fr"`, …).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! languages {
    ($($variant:ident => $code:literal, $name:literal;)*) => {
        /// A natural language, written as its ISO 639-1 code in bot files.
        ///
        /// ```
        /// use intently::Language;
        /// let de: Language = "de".parse().unwrap();
        /// assert_eq!(de, Language::German);
        /// assert_eq!(de.code(), "de");
        /// assert!("xx".parse::<Language>().is_err());
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Language {
            $(
                #[doc = $name]
                $variant,
            )*
        }

        impl Language {
            /// Every supported language, in alphabetical order of its English name.
            pub const ALL: &'static [Language] = &[$(Language::$variant),*];

            /// The ISO 639-1 code, as written in bot files (`"en"`).
            pub fn code(self) -> &'static str {
                match self { $(Language::$variant => $code,)* }
            }

            /// The English name of the language (`"English"`).
            pub fn name(self) -> &'static str {
                match self { $(Language::$variant => $name,)* }
            }

            /// Looks a language up by its ISO 639-1 code, ignoring ASCII case.
            pub fn from_code(code: &str) -> Option<Language> {
                $(if code.eq_ignore_ascii_case($code) { return Some(Language::$variant); })*
                None
            }
        }
    };
}

languages! {
    Arabic => "ar", "Arabic";
    Danish => "da", "Danish";
    Dutch => "nl", "Dutch";
    English => "en", "English";
    Finnish => "fi", "Finnish";
    French => "fr", "French";
    German => "de", "German";
    Greek => "el", "Greek";
    Hungarian => "hu", "Hungarian";
    Italian => "it", "Italian";
    Norwegian => "no", "Norwegian";
    Portuguese => "pt", "Portuguese";
    Romanian => "ro", "Romanian";
    Russian => "ru", "Russian";
    Spanish => "es", "Spanish";
    Swedish => "sv", "Swedish";
    Tamil => "ta", "Tamil";
    Turkish => "tr", "Turkish";
}

/// English is the default language of a story, as in ChatBot.
impl Default for Language {
    fn default() -> Self {
        Language::English
    }
}

/// The error of parsing an unknown language code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {code:?}, expected one of: {}", Language::ALL.iter().map(|l| l.code()).collect::<Vec<_>>().join(", "))]
pub struct UnknownLanguage {
    /// The code that was given.
    pub code: String,
}

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Accept regional tags such as "en-US" or "pt_BR": the stemmer is the same.
        let primary = s.split(['-', '_']).next().unwrap_or(s);
        Language::from_code(primary).ok_or_else(|| UnknownLanguage { code: s.to_string() })
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for &language in Language::ALL {
            assert_eq!(language.code().parse::<Language>(), Ok(language));
        }
    }

    #[test]
    fn regional_tags_and_case_are_accepted() {
        assert_eq!("en-US".parse::<Language>(), Ok(Language::English));
        assert_eq!("PT_br".parse::<Language>(), Ok(Language::Portuguese));
    }

    #[test]
    fn unknown_code_names_the_choices() {
        let err = "klingon".parse::<Language>().unwrap_err();
        assert!(err.to_string().contains("\"klingon\""));
        assert!(err.to_string().contains("en, "));
    }
}
