//! The player data of the common test scenario, kept in `tests/player-data.json`
//! so the JavaScript unit tests (`js-tests/scenario.test.mjs`) run on exactly
//! what the build gives the player. `COURSEPACK_BLESS=1` rewrites the file
//! after a deliberate change.

mod common;

use coursepack_scenario::player::player_data;

#[test]
fn the_player_data_is_the_fixture_the_js_tests_use() {
    let s = common::parse(common::VALID).0.unwrap();
    let data = player_data(&s, "The returned laptop");
    let text = format!("{}\n", serde_json::to_string_pretty(&data).unwrap());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/player-data.json");
    if std::env::var_os("COURSEPACK_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(current == text, "tests/player-data.json is out of date; run with COURSEPACK_BLESS=1");
    // What the player relies on.
    assert_eq!(data["start"], 0);
    assert_eq!(data["nodes"][0]["choices"][0]["to"], 1);
    assert_eq!(data["nodes"][3]["end"]["index"], 0);
    assert_eq!(data["nodes"][4]["end"]["index"], 1);
    assert_eq!(data["nodes"][0]["interactions"]["scorm12"]["ids"], serde_json::json!(["a", "b"]));
    assert_eq!(data["nodes"][0]["interactions"]["scorm12"]["patterns"], serde_json::json!(["a"]));
    assert_eq!(data["ending"]["scorm2004"]["patterns"], serde_json::json!(["a_safe_to_lend"]));
    assert_eq!(data["nodes"][3]["interactions"], serde_json::Value::Null);
}
