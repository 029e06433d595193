//! The player's interface strings in English and Welsh.
//!
//! A module picks the set by its language (`cy`/`cy-GB` gives Welsh, anything
//! else English) and may override any key in `[strings]` of `module.toml`.
//! Placeholders are written `{name}` and filled in by the player.

use std::collections::BTreeMap;

/// Every interface string key with its English and Welsh text, in that order.
pub const STRINGS: &[(&str, &str, &str)] = &[
    ("skip_to_content", "Skip to content", "Neidio i'r cynnwys"),
    ("contents", "Contents", "Cynnwys"),
    ("module_navigation", "Module navigation", "Llywio'r modiwl"),
    ("page_navigation", "Page navigation", "Llywio tudalennau"),
    ("next", "Next", "Nesaf"),
    ("previous", "Previous", "Blaenorol"),
    ("finish", "Finish", "Gorffen"),
    ("progress", "Page {current} of {total}", "Tudalen {current} o {total}"),
    ("progress_label", "Progress through the module", "Cynnydd drwy'r modiwl"),
    ("page_visited", "visited", "wedi ymweld"),
    ("current_page", "current page", "tudalen gyfredol"),
    ("note", "Note", "Nodyn"),
    ("tip", "Tip", "Awgrym"),
    ("warning", "Warning", "Rhybudd"),
    ("reflection", "Reflection", "Myfyrio"),
    (
        "reflection_help",
        "Your answer is not marked. It is kept with your progress.",
        "Nid yw eich ateb yn cael ei farcio. Caiff ei gadw gyda'ch cynnydd.",
    ),
    ("reflection_saved", "Saved", "Wedi'i gadw"),
    ("reflection_limit", "You can write up to {max} characters.", "Gallwch ysgrifennu hyd at {max} nod."),
    ("characters_left", "Characters left: {count}", "Nodau ar ôl: {count}"),
    ("scenario", "Scenario", "Senario"),
    (
        "scenario_how",
        "Read each step, then choose what to do. Each choice takes you to what happens next.",
        "Darllenwch bob cam, yna dewiswch beth i'w wneud. Mae pob dewis yn mynd â chi at yr hyn sy'n digwydd nesaf.",
    ),
    ("scenario_choose", "What do you do?", "Beth fyddwch chi'n ei wneud?"),
    ("scenario_consequence", "What happens:", "Beth sy'n digwydd:"),
    ("scenario_you_chose", "You chose: {choice}", "Eich dewis: {choice}"),
    ("scenario_outcome", "Outcome", "Canlyniad"),
    ("scenario_score", "Score: {score} out of {max}", "Sgôr: {score} allan o {max}"),
    ("scenario_success", "A good outcome", "Canlyniad da"),
    ("scenario_not_success", "Not a good outcome", "Nid yw'n ganlyniad da"),
    ("scenario_back", "Back one step", "Un cam yn ôl"),
    ("scenario_restart", "Start again", "Dechrau eto"),
    ("scenario_path", "Your choices so far", "Eich dewisiadau hyd yma"),
    ("scenario_step", "Step {step}: {title}", "Cam {step}: {title}"),
    ("scenario_choose_again", "Choose again.", "Dewiswch eto."),
    ("scenario_ended", "You reached an ending: {outcome}", "Rydych chi wedi cyrraedd diwedd: {outcome}"),
    ("scenario_to_start", "Go back to the start of the scenario", "Yn ôl i ddechrau'r senario"),
    (
        "scenario_counts",
        "This scenario counts towards your quiz score: the first ending you reach in each attempt is marked.",
        "Mae'r senario hwn yn cyfrif tuag at eich sgôr yn y cwis: caiff y diwedd cyntaf y byddwch chi'n ei gyrraedd ym mhob ymgais ei farcio.",
    ),
    ("question", "Question", "Cwestiwn"),
    ("check_answer", "Check answer", "Gwirio'r ateb"),
    ("try_again", "Try again", "Rhoi cynnig arall arni"),
    ("show_hint", "Show hint", "Dangos cliw"),
    ("hint", "Hint", "Cliw"),
    ("correct", "Correct", "Cywir"),
    ("incorrect", "Incorrect", "Anghywir"),
    ("partly_correct", "Partly correct", "Rhannol gywir"),
    ("your_answer", "Your answer", "Eich ateb"),
    ("correct_answer", "Correct answer", "Yr ateb cywir"),
    ("attempts_left", "Attempts left: {count}", "Cynigion ar ôl: {count}"),
    ("no_attempts_left", "No attempts left.", "Dim cynigion ar ôl."),
    ("choose_option", "Choose an answer", "Dewiswch ateb"),
    ("move_up", "Move up", "Symud i fyny"),
    ("move_down", "Move down", "Symud i lawr"),
    ("score", "Your score: {score}%", "Eich sgôr: {score}%"),
    ("passed", "You passed. The pass mark is {pass_mark}%.", "Rydych wedi llwyddo. Y marc llwyddo yw {pass_mark}%."),
    (
        "failed",
        "You did not reach the pass mark of {pass_mark}%.",
        "Ni wnaethoch gyrraedd y marc llwyddo o {pass_mark}%.",
    ),
    ("completed", "You have completed this module.", "Rydych wedi cwblhau'r modiwl hwn."),
    ("course_module_done", "Completed", "Wedi'i gwblhau"),
    (
        "course_module_locked",
        "Opens when you have completed “{module}”.",
        "Bydd yn agor ar ôl i chi gwblhau “{module}”.",
    ),
    (
        "no_lms",
        "We could not connect to your learning platform, so your progress is saved on this device only.",
        "Nid oedd modd cysylltu â'ch platfform dysgu, felly dim ond ar y ddyfais hon y caiff eich cynnydd ei gadw.",
    ),
    (
        "save_failed",
        "Your progress could not be saved to the learning platform. It is kept on this device and will be sent again.",
        "Nid oedd modd cadw eich cynnydd ar y platfform dysgu. Caiff ei gadw ar y ddyfais hon a'i anfon eto.",
    ),
    ("close", "Close", "Cau"),
    ("session_ended", "This session has ended", "Mae'r sesiwn hon wedi dod i ben"),
    (
        "session_ended_saved",
        "Your progress was kept when the session ended. To carry on, open the module again from your learning platform.",
        "Cafodd eich cynnydd ei gadw pan ddaeth y sesiwn i ben. I barhau, agorwch y modiwl eto o'ch platfform dysgu.",
    ),
    ("return_to_lms", "Return to your learning platform", "Dychwelyd i'ch platfform dysgu"),
    ("close_window", "You can close this window now.", "Gallwch gau'r ffenestr hon nawr."),
    ("licence", "Licence", "Trwydded"),
    ("video", "Video", "Fideo"),
    ("audio", "Audio", "Sain"),
    ("transcript", "Transcript", "Trawsgrifiad"),
    (
        "finish_incomplete",
        "You have finished for now. Pages viewed: {visited} of {total}. You can come back later to complete the module.",
        "Rydych wedi gorffen am y tro. Tudalennau a welwyd: {visited} o {total}. Gallwch ddod yn ôl yn nes ymlaen i gwblhau'r modiwl.",
    ),
    (
        "storage_unavailable",
        "Your browser is not letting this page save your progress, so it will be lost when you close the page.",
        "Nid yw eich porwr yn caniatáu i'r dudalen hon gadw eich cynnydd, felly bydd yn cael ei golli pan fyddwch yn cau'r dudalen.",
    ),
    ("submit", "Submit", "Cyflwyno"),
    ("answer_saved", "Your answer has been saved.", "Mae eich ateb wedi'i gadw."),
    ("answer_first", "Answer the question first.", "Atebwch y cwestiwn yn gyntaf."),
    ("number_needed", "Enter a number, such as 12 or 3.5.", "Rhowch rif, er enghraifft 12 neu 3.5."),
    ("hide_hint", "Hide hint", "Cuddio'r cliw"),
    ("explanation", "Explanation", "Esboniad"),
    ("blank_label", "Blank {n} of {total}", "Bwlch {n} o {total}"),
    ("moved_to", "{item}: position {position} of {total}", "{item}: safle {position} o {total}"),
    ("quiz_result", "Your result", "Eich canlyniad"),
    ("retry_quiz", "Try the quiz again", "Rhoi cynnig arall ar y cwis"),
    ("card_front", "Front", "Blaen"),
    ("card_back", "Back", "Cefn"),
    ("turn_card", "Turn card", "Troi'r cerdyn"),
    ("step_count", "Step {current} of {total}", "Cam {current} o {total}"),
    ("previous_step", "Previous step", "Cam blaenorol"),
    ("next_step", "Next step", "Cam nesaf"),
    ("start_again", "Start again", "Dechrau eto"),
    ("back_to_image", "Back to the image", "Yn ôl i'r llun"),
    ("knowledge_check", "Knowledge check", "Gwirio gwybodaeth"),
    ("sort_categories", "Categories", "Categorïau"),
    ("sort_items", "Items to sort", "Eitemau i'w trefnu"),
    ("sort_unsorted", "Not sorted yet", "Heb ei drefnu eto"),
    (
        "sort_help",
        "Drag each item into its category, or choose the category from the item's list.",
        "Llusgwch bob eitem i'w chategori, neu dewiswch y categori o restr yr eitem.",
    ),
    ("sort_moved", "{item}: moved to {category}", "{item}: wedi'i symud i {category}"),
    ("not_marked", "This question is not marked.", "Nid yw'r cwestiwn hwn yn cael ei farcio."),
    // The footer: who made the module, and its licence by name.
    ("credit_by", "By {authors}", "Gan {authors}"),
    ("credit_by_for", "By {authors} for {organisation}", "Gan {authors} ar ran {organisation}"),
    ("credit_for", "Published by {organisation}", "Cyhoeddwyd gan {organisation}"),
    ("licence_line", "Shared under the {licence} licence", "Rhennir o dan y drwydded {licence}"),
    ("view_full_size", "Open full size (new tab)", "Agor yn y maint llawn (tab newydd)"),
];

/// True when `language` (a BCP 47 tag) selects the Welsh strings.
pub fn is_welsh(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    primary.eq_ignore_ascii_case("cy")
}

/// The default strings for a language, by key.
pub fn default_strings(language: &str) -> BTreeMap<String, String> {
    let welsh = is_welsh(language);
    STRINGS.iter().map(|(key, en, cy)| (key.to_string(), if welsh { cy } else { en }.to_string())).collect()
}

/// Every known key, for "did you mean" suggestions on unknown overrides.
pub fn keys() -> impl Iterator<Item = &'static str> {
    STRINGS.iter().map(|(key, _, _)| *key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welsh_is_chosen_by_primary_subtag() {
        assert!(is_welsh("cy"));
        assert!(is_welsh("cy-GB"));
        assert!(!is_welsh("en-GB"));
        assert_eq!(default_strings("cy")["next"], "Nesaf");
        assert_eq!(default_strings("en-GB")["next"], "Next");
    }

    #[test]
    fn the_authoring_guide_lists_every_string_as_it_is() {
        let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/authoring.md")).unwrap();
        let rows: Vec<(String, String, String)> = guide
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line.strip_prefix("| `")?.strip_suffix(" |")?.split(" | ").collect();
                let [key, en, cy] = cells.as_slice() else { return None };
                let key = key.strip_suffix('`')?;
                STRINGS.iter().any(|(k, _, _)| *k == key).then(|| (key.to_string(), en.to_string(), cy.to_string()))
            })
            .collect();
        let expected: Vec<(String, String, String)> =
            STRINGS.iter().map(|(k, en, cy)| (k.to_string(), en.to_string(), cy.to_string())).collect();
        assert_eq!(rows, expected, "the strings table of docs/authoring.md is not STRINGS, in order");
    }

    #[test]
    fn keys_are_unique_and_both_languages_filled() {
        let mut seen = std::collections::BTreeSet::new();
        for (key, en, cy) in STRINGS {
            assert!(seen.insert(key), "duplicate key {key}");
            assert!(!en.is_empty() && !cy.is_empty(), "{key} is missing a translation");
        }
    }
}
