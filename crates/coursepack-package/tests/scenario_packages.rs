//! A module with a scenario, packaged for every target: the scenario player
//! and its stylesheet ship (and only in modules that have a scenario),
//! `#cp-data` carries the scenario, and `tincan.xml` (validated against
//! tincan.xsd by `common::package`) declares the activities its statements use.

mod common;

use coursepack_package::{BuildOptions, PackageContent, Target};

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenario-module")
}

#[test]
fn the_scenario_player_ships_only_where_a_scenario_is() {
    let with = common::compile(&fixture());
    let without = common::compile(&common::fixture_course().join("intro"));
    assert!(without.scenarios.is_empty());
    for target in Target::ALL {
        let options = BuildOptions::default();
        let files = common::package(&PackageContent::Module(&with), target, &options);
        let js = common::text(&files, "player/player.js");
        let css = common::text(&files, "player/player.css");
        let html = common::text(&files, "index.html");
        assert!(js.contains("coursepackScenario"), "{target}: the scenario player ships");
        assert!(css.contains(".cp-scenario-choice"), "{target}: its stylesheet ships");
        assert!(
            html.contains("\"scenarios\":[{") && html.contains("\"id\":\"returned-laptop\""),
            "{target}: #cp-data has the scenario"
        );
        assert!(files.iter().any(|f| f.path == "media/laptop.svg"), "{target}: the node's image ships");
        let files = common::package(&PackageContent::Module(&without), target, &options);
        assert!(!common::text(&files, "player/player.js").contains("coursepackScenario"), "{target}");
        assert!(!common::text(&files, "player/player.css").contains(".cp-scenario"), "{target}");
        assert!(!common::text(&files, "index.html").contains("\"scenarios\""), "{target}");
    }
}

#[test]
fn tincan_declares_the_scenario_activities() {
    let module = common::compile(&fixture());
    let files = common::package(&PackageContent::Module(&module), Target::Xapi, &BuildOptions::default());
    let xml = common::text(&files, "tincan.xml");
    let base = "urn:coursepack:module/scenario-module/scenario/returned-laptop";
    assert!(
        xml.contains(&format!("<activity id=\"{base}\" type=\"http://adlnet.gov/expapi/activities/simulation\">")),
        "{xml}"
    );
    for node in ["start", "ask", "shelf", "reset"] {
        assert!(
            xml.contains(&format!(
                "<activity id=\"{base}/node/{node}\" type=\"http://adlnet.gov/expapi/activities/cmi.interaction\">"
            )),
            "{node}: {xml}"
        );
    }
    assert!(!xml.contains(&format!("{base}/node/safe\"")), "endings have no decision");
    assert!(xml.contains("<correctResponsePattern>a_nothing_was_exposed</correctResponsePattern>"), "{xml}");
    assert!(xml.contains("<id>b_close_the_lid_and_put_it_back_on_the_s</id>"), "{xml}");
}
