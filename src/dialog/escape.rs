//! The ways out of a question: *cancel* ("cancel", "stop", "never mind", "forget it") and
//! *help*, in every language a story may be written in.
//!
//! While a prompt or question waits, a turn that is one of these phrases (the whole turn, as
//! the story's analyzer reads it: case, accents and punctuation do not matter) is not an
//! answer. Cancel leaves the question and the flow; help explains and asks again. A story
//! changes both with an interaction that declares the trigger `cancel` (or `help`): its
//! responses answer instead of the built-in reply, and its keywords, if it has any, replace
//! the built-in phrases.

use serde::{Deserialize, Serialize};

use crate::Language;
use crate::analysis::Analyzer;
use crate::story::Story;

/// What a language says to leave a question, and to ask for help with one.
struct Builtin {
    cancel: &'static [&'static str],
    help: &'static [&'static str],
    /// The acknowledgement of a cancel.
    cancelled: &'static str,
    /// The explanation before a question is asked again.
    helping: &'static str,
}

/// One table per language: a declined offer ("no thanks") also leaves a question the bot
/// could not read a "no" from.
fn builtin(language: Language) -> &'static Builtin {
    use Language::*;
    match language {
        Arabic => &Builtin {
            cancel: &[
                "الغاء",
                "إلغاء",
                "توقف",
                "قف",
                "لا يهم",
                "انس الامر",
                "انسى الموضوع",
                "لا شكرا",
            ],
            help: &["مساعدة", "ساعدني"],
            cancelled: "حسنًا، لقد أوقفت ذلك. بماذا يمكنني مساعدتك أيضًا؟",
            helping: "أنتظر إجابتك على سؤالي. يمكنك أيضًا قول «إلغاء» للتوقف.",
        },
        Danish => &Builtin {
            cancel: &[
                "annuller",
                "annullér",
                "stop",
                "glem det",
                "pyt",
                "pyt med det",
                "nej tak",
                "afbryd",
            ],
            help: &["hjælp", "hjælp mig"],
            cancelled: "Okay, det stopper jeg. Hvad kan jeg ellers hjælpe med?",
            helping: "Jeg venter på dit svar på mit spørgsmål. Du kan også skrive »annuller« for at stoppe.",
        },
        Dutch => &Builtin {
            cancel: &[
                "annuleer",
                "annuleren",
                "stop",
                "stoppen",
                "laat maar",
                "vergeet het",
                "nee bedankt",
                "nee dank je",
            ],
            help: &["help", "hulp"],
            cancelled: "Oké, ik ben ermee gestopt. Waarmee kan ik je nog helpen?",
            helping: "Ik wacht op je antwoord op mijn vraag. Je kunt ook ‘annuleer’ zeggen om te stoppen.",
        },
        English => &Builtin {
            cancel: &[
                "cancel",
                "cancel it",
                "cancel that",
                "stop",
                "stop it",
                "never mind",
                "nevermind",
                "forget it",
                "forget about it",
                "no thanks",
                "no thank you",
                "quit",
                "abort",
            ],
            help: &["help", "help me", "i need help", "what do you mean"],
            cancelled: "Okay, I've stopped that. What else can I do for you?",
            helping: "I'm waiting for your answer to my question. You can also say \"cancel\" to stop.",
        },
        Finnish => &Builtin {
            cancel: &[
                "peruuta",
                "peru",
                "lopeta",
                "seis",
                "ei se mitään",
                "unohda",
                "unohda se",
                "ei kiitos",
            ],
            help: &["apua", "ohje"],
            cancelled: "Selvä, lopetin sen. Miten muuten voin auttaa?",
            helping: "Odotan vastaustasi kysymykseeni. Voit myös sanoa ”peruuta” lopettaaksesi.",
        },
        French => &Builtin {
            cancel: &[
                "annuler",
                "annule",
                "stop",
                "arrête",
                "arrêter",
                "laisse tomber",
                "oublie",
                "oublie ça",
                "non merci",
            ],
            help: &["aide", "aide moi", "au secours"],
            cancelled: "D'accord, j'ai arrêté. Que puis-je faire d'autre pour vous ?",
            helping: "J'attends votre réponse à ma question. Vous pouvez aussi dire « annuler » pour arrêter.",
        },
        German => &Builtin {
            cancel: &[
                "abbrechen",
                "stopp",
                "stop",
                "halt",
                "vergiss es",
                "egal",
                "schon gut",
                "nein danke",
            ],
            help: &["hilfe", "hilf mir"],
            cancelled: "Okay, ich habe das abgebrochen. Wobei kann ich sonst helfen?",
            helping: "Ich warte auf deine Antwort auf meine Frage. Du kannst auch „abbrechen“ sagen.",
        },
        Greek => &Builtin {
            cancel: &[
                "ακύρωση",
                "ακύρωσε",
                "σταμάτα",
                "στοπ",
                "άσ' το",
                "ξέχνα το",
                "όχι ευχαριστώ",
            ],
            help: &["βοήθεια", "βοήθησέ με"],
            cancelled: "Εντάξει, το σταμάτησα. Με τι άλλο μπορώ να βοηθήσω;",
            helping: "Περιμένω την απάντησή σας στην ερώτησή μου. Μπορείτε επίσης να πείτε «ακύρωση».",
        },
        Hungarian => &Builtin {
            cancel: &[
                "mégse",
                "mégsem",
                "töröld",
                "állj",
                "stop",
                "felejtsd el",
                "hagyjuk",
                "nem köszönöm",
            ],
            help: &["segítség", "segíts"],
            cancelled: "Rendben, leállítottam. Miben segíthetek még?",
            helping: "A válaszodra várok. Azt is írhatod, hogy „mégse”, ha abbahagynád.",
        },
        Italian => &Builtin {
            cancel: &[
                "annulla",
                "annullare",
                "stop",
                "basta",
                "lascia perdere",
                "non importa",
                "dimentica",
                "no grazie",
            ],
            help: &["aiuto", "aiutami"],
            cancelled: "D'accordo, mi sono fermato. Cos'altro posso fare per te?",
            helping: "Aspetto la tua risposta alla mia domanda. Puoi anche dire «annulla» per fermarti.",
        },
        Norwegian => &Builtin {
            cancel: &[
                "avbryt",
                "stopp",
                "glem det",
                "bry deg ikke",
                "nei takk",
                "la det være",
            ],
            help: &["hjelp", "hjelp meg"],
            cancelled: "Greit, jeg har stoppet det. Hva annet kan jeg hjelpe med?",
            helping: "Jeg venter på svaret ditt. Du kan også si «avbryt» for å stoppe.",
        },
        Portuguese => &Builtin {
            cancel: &[
                "cancelar",
                "cancela",
                "parar",
                "pare",
                "para",
                "deixa pra lá",
                "deixa para lá",
                "esquece",
                "não obrigado",
                "não obrigada",
            ],
            help: &["ajuda", "me ajuda", "ajuda me"],
            cancelled: "Tudo bem, parei. Em que mais posso ajudar?",
            helping: "Estou à espera da sua resposta. Também pode dizer «cancelar» para parar.",
        },
        Romanian => &Builtin {
            cancel: &[
                "anulează",
                "anuleaza",
                "stop",
                "oprește",
                "lasă",
                "las-o baltă",
                "uită",
                "nu mulțumesc",
            ],
            help: &["ajutor", "ajută mă"],
            cancelled: "Bine, m-am oprit. Cu ce altceva vă pot ajuta?",
            helping: "Aștept răspunsul la întrebarea mea. Puteți spune și „anulează” pentru a opri.",
        },
        Russian => &Builtin {
            cancel: &[
                "отмена",
                "отменить",
                "отмени",
                "стоп",
                "хватит",
                "неважно",
                "забудь",
                "нет спасибо",
            ],
            help: &["помощь", "помоги", "помогите"],
            cancelled: "Хорошо, я остановился. Чем ещё могу помочь?",
            helping: "Я жду ответа на свой вопрос. Можно также сказать «отмена», чтобы остановиться.",
        },
        Spanish => &Builtin {
            cancel: &[
                "cancelar",
                "cancela",
                "cancélalo",
                "para",
                "parar",
                "stop",
                "olvídalo",
                "déjalo",
                "no importa",
                "da igual",
                "no gracias",
            ],
            help: &["ayuda", "ayúdame", "necesito ayuda"],
            cancelled: "De acuerdo, lo dejamos. ¿En qué más te puedo ayudar?",
            helping: "Espero tu respuesta a mi pregunta. También puedes decir «cancelar» para dejarlo.",
        },
        Swedish => &Builtin {
            cancel: &[
                "avbryt",
                "stopp",
                "sluta",
                "glöm det",
                "strunt samma",
                "nej tack",
                "skit samma",
            ],
            help: &["hjälp", "hjälp mig"],
            cancelled: "Okej, jag har avbrutit det. Vad mer kan jag hjälpa till med?",
            helping: "Jag väntar på ditt svar på min fråga. Du kan också säga ”avbryt” för att sluta.",
        },
        Tamil => &Builtin {
            cancel: &["ரத்து", "ரத்து செய்", "நிறுத்து", "பரவாயில்லை", "மறந்துவிடு", "வேண்டாம்"],
            help: &["உதவி", "உதவி செய்"],
            cancelled: "சரி, அதை நிறுத்திவிட்டேன். வேறு என்ன உதவி வேண்டும்?",
            helping: "என் கேள்விக்கான உங்கள் பதிலுக்காக காத்திருக்கிறேன். நிறுத்த «ரத்து» என்று சொல்லலாம்.",
        },
        Turkish => &Builtin {
            cancel: &[
                "iptal",
                "iptal et",
                "vazgeç",
                "dur",
                "boş ver",
                "unut gitsin",
                "hayır teşekkürler",
                "yok teşekkürler",
            ],
            help: &["yardım", "yardım et"],
            cancelled: "Tamam, durdurdum. Başka nasıl yardımcı olabilirim?",
            helping: "Soruma cevabını bekliyorum. Durdurmak için “iptal” de diyebilirsin.",
        },
    }
}

/// The compiled way out of a question: the phrases (as the story's analyzer reads them) and
/// the interaction that answers, if the story declares one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Escape {
    pub phrases: Vec<String>,
    /// The interaction that declares the trigger; `None`: the built-in reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<u32>,
}

impl Escape {
    /// The escape of a story for `trigger` (`cancel` or `help`).
    pub fn compile(story: &Story, analyzer: &Analyzer, trigger: &str, builtin: &[&str]) -> Escape {
        let answer = story
            .interactions
            .iter()
            .position(|i| i.triggers.iter().any(|t| t.trim() == trigger));
        let own: Vec<&str> = answer
            .map(|o| {
                story.interactions[o]
                    .keywords
                    .iter()
                    .map(String::as_str)
                    .collect()
            })
            .unwrap_or_default();
        let phrases = if own.is_empty() { builtin.to_vec() } else { own };
        let mut phrases: Vec<String> = phrases.iter().map(|p| read(analyzer, p)).collect();
        phrases.retain(|p| !p.is_empty());
        phrases.sort();
        phrases.dedup();
        Escape {
            phrases,
            answer: answer.map(|o| o as u32),
        }
    }

    /// Whether the whole text is one of the phrases.
    pub fn said(&self, analyzer: &Analyzer, text: &str) -> bool {
        !self.phrases.is_empty() && self.phrases.binary_search(&read(analyzer, text)).is_ok()
    }
}

/// A text as the escapes compare it: its tokens, normalized, joined by spaces.
fn read(analyzer: &Analyzer, text: &str) -> String {
    let tokens = analyzer.analyze(text);
    let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    words.join(" ")
}

/// The cancel and help escapes of a story.
pub(crate) fn compile(story: &Story, analyzer: &Analyzer) -> (Escape, Escape) {
    let table = builtin(story.settings.language);
    (
        Escape::compile(story, analyzer, "cancel", table.cancel),
        Escape::compile(story, analyzer, "help", table.help),
    )
}

/// The built-in acknowledgement of a cancel, in the story's language.
pub(crate) fn cancelled(language: Language) -> &'static str {
    builtin(language).cancelled
}

/// The built-in explanation before a question is asked again, in the story's language.
pub(crate) fn helping(language: Language) -> &'static str {
    builtin(language).helping
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_phrases_and_replies() {
        for &language in Language::ALL {
            let table = builtin(language);
            assert!(table.cancel.len() >= 4, "{language:?}");
            assert!(!table.help.is_empty(), "{language:?}");
            assert!(!table.cancelled.is_empty() && !table.helping.is_empty());
            // Each phrase survives analysis: it can be said.
            let analyzer = Analyzer::new(language);
            for phrase in table.cancel.iter().chain(table.help) {
                assert!(!read(&analyzer, phrase).is_empty(), "{language:?}: {phrase:?}");
            }
        }
    }

    #[test]
    fn a_phrase_is_said_whatever_its_case_accents_and_punctuation() {
        let story: Story = serde_json::from_str(r#"{"id": "s", "name": "S"}"#).expect("a story");
        let analyzer = Analyzer::new(Language::English);
        let (cancel, help) = compile(&story, &analyzer);
        for text in ["cancel", "Cancel!", "  NEVER MIND.", "forget it", "No, thanks"] {
            assert!(cancel.said(&analyzer, text), "{text:?}");
        }
        for text in ["cancel my order", "I want to stop here", "stopp", ""] {
            assert!(!cancel.said(&analyzer, text), "{text:?}");
        }
        assert!(help.said(&analyzer, "Help?"));
        assert_eq!(cancel.answer, None);
    }

    #[test]
    fn an_interaction_with_the_trigger_answers_and_its_keywords_replace_the_phrases() {
        let story: Story = serde_json::from_str(
            r#"{"id": "s", "name": "S", "settings": {"language": "es"}, "interactions": [
              {"id": "a", "name": "A", "userSays": ["hola"]},
              {"id": "salir", "name": "Salir", "triggers": ["cancel"], "keywords": ["me rindo", "Adiós"]}]}"#,
        )
        .expect("a story");
        let analyzer = Analyzer::new(Language::Spanish);
        let (cancel, help) = compile(&story, &analyzer);
        assert_eq!(cancel.answer, Some(1));
        assert!(cancel.said(&analyzer, "¡Me rindo!"));
        assert!(cancel.said(&analyzer, "adios"));
        assert!(
            !cancel.said(&analyzer, "cancelar"),
            "the keywords replace the built-in phrases"
        );
        assert!(help.said(&analyzer, "Ayúdame"), "help keeps the built-in phrases");
        assert_eq!(help.answer, None);
    }
}
