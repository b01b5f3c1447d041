//! Every sample bot loads and validates without a problem.

use intently::story::Bot;

use crate::common::samples;

#[test]
fn every_sample_bot_validates_without_errors_or_warnings() {
    for sample in samples() {
        let bytes = std::fs::read(&sample.path).expect("the sample was just read");
        let bot = Bot::from_json_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", sample.path.display()));
        let problems: Vec<String> = bot.problems().iter().map(ToString::to_string).collect();
        assert!(
            problems.is_empty(),
            "{} has {} problem(s):\n  {}\nhelp: run `intently validate {}`",
            sample.name,
            problems.len(),
            problems.join("\n  "),
            sample.path.display()
        );
        match bot.validate() {
            Ok(warnings) => assert!(warnings.is_empty(), "{}: {warnings:?}", sample.name),
            Err(error) => panic!("{}: {error}", sample.name),
        }
    }
}

#[test]
fn every_sample_bot_has_content_in_its_first_story() {
    for sample in samples() {
        let bot = sample.bot();
        let story = bot
            .stories
            .first()
            .unwrap_or_else(|| panic!("{} has no story", sample.name));
        assert!(
            !story.interactions.is_empty(),
            "{}: the first story has no interactions",
            sample.name
        );
        assert!(
            !story.fallback.user_says.is_empty(),
            "{}: the fallback has no userSays, so the matcher has no negative examples",
            sample.name
        );
        assert!(
            story.interactions.iter().any(|i| i.root),
            "{}: no root interaction",
            sample.name
        );
    }
}

#[test]
fn every_sample_bot_round_trips_through_json() {
    for sample in samples() {
        let bot = sample.bot();
        let again = Bot::from_json(&bot.to_json_pretty())
            .unwrap_or_else(|e| panic!("{}: its own export does not load: {e}", sample.name));
        assert_eq!(again, bot, "{}: the export differs from the bot", sample.name);
    }
}
