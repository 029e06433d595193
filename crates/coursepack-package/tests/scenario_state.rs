//! The build proves that a module's scenarios fit the learner's saved state:
//! a scenario whose longest saved path just fits SCORM 1.2's 4,096
//! characters builds; one choice longer is refused with
//! `scenario/state-too-large`, located at the scenario; SCORM 2004 keeps it.

mod common;

use coursepack_driver::assemble_package;
use coursepack_package::{BuildOptions, PackageContent, Target, check_state_limits};
use std::path::Path;

/// A module whose page holds one scenario: a chain of `steps` choices from the start to the ending.
fn chain_module(dir: &Path, steps: usize) -> coursepack_compile::CompiledModule {
    let root = dir.join(format!("chain-{steps}"));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("module.toml"),
        "id = \"chain\"\ntitle = \"Chain\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"S.\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    let mut text = String::from("# A\n\n```scenario\nid: long-chain\n\n");
    for i in 0..steps {
        text.push_str(&format!("## Step {i} {{#n{i}}}\n\n- On => n{}\n- Stay here => n{i}\n\n", i + 1));
    }
    text.push_str(&format!("## End {{#n{steps}}}\noutcome: Done\n```\n"));
    std::fs::write(root.join("01-a.md"), text).unwrap();
    common::compile(&root)
}

/// The worst-case state of the chain module without its scenario.
fn rest_of_state(module: &coursepack_compile::CompiledModule) -> usize {
    coursepack_quiz::max_state_len(&module.quiz, module.pages.len(), module.reflections.len(), 0)
}

#[test]
fn a_scenario_that_fits_at_the_limit_builds_and_one_more_choice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let probe = chain_module(dir.path(), 1);
    let rest = rest_of_state(&probe);
    // ,"scn":{"long-chain":"<steps letters>"}
    let bound = |longest_path| coursepack_scenario::state::StateBound {
        id: "long-chain",
        longest_path,
        assessed_endings: None,
    };
    let fixed = coursepack_scenario::state::max_state_len(&[bound(0)]);
    let fits = 4096 - rest - fixed;
    let at_limit = chain_module(dir.path(), fits);
    assert_eq!(at_limit.scenarios[0].longest_path, fits);
    assert_eq!(rest + coursepack_scenario::state::max_state_len(&[bound(fits)]), 4096);
    let options = BuildOptions::default();
    assert!(check_state_limits(&at_limit, Target::Scorm12, &options).is_empty());
    assert!(assemble_package(&PackageContent::Module(&at_limit), Target::Scorm12, &options).is_ok());

    let over = chain_module(dir.path(), fits + 1);
    let problems = check_state_limits(&over, Target::Scorm12, &options);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = &problems[0];
    assert_eq!(p.code, "scenario/state-too-large");
    assert!(p.message.contains("can reach 4097 characters, over SCORM 1.2's limit of 4096"), "{}", p.message);
    assert!(p.message.contains(&format!("can save a path of {} choices", fits + 1)), "{}", p.message);
    let at = p.location.as_ref().expect("located");
    assert!(at.file.ends_with("01-a.md") && at.line == 3, "{at:?}");
    assert!(
        assemble_package(&PackageContent::Module(&over), Target::Scorm12, &options).is_err(),
        "nothing is packaged"
    );
    // SCORM 2004 keeps 64,000 characters.
    assert!(check_state_limits(&over, Target::Scorm2004, &options).is_empty());
}

#[test]
fn reflections_get_the_room_the_scenarios_leave() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("m");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("module.toml"),
        "id = \"m\"\ntitle = \"M\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"S.\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    let mut text =
        String::from("# A\n\n```scenario\nid: s\n\n## Start {#n0}\nreflect: What would you do?\n\n- On => n1\n\n");
    for i in 1..400 {
        text.push_str(&format!("## Step {i} {{#n{i}}}\n\n- On => n{}\n\n", i + 1));
    }
    text.push_str("## End {#n400}\noutcome: Done\n```\n");
    std::fs::write(root.join("01-a.md"), text).unwrap();
    let module = common::compile(&root);
    assert_eq!(module.reflections.len(), 1, "the node's reflect: is a reflection");
    assert_eq!(module.reflections[0].id, "s-n0");
    let options = BuildOptions::default();
    let with_path = coursepack_package::reflection_limit(&module, Target::Scorm12, &options).unwrap();
    let mut without = module.clone();
    without.scenarios[0].longest_path = 0;
    let without_path = coursepack_package::reflection_limit(&without, Target::Scorm12, &options).unwrap();
    // 400 letters of path take 800 characters of reflection text (two per character, escaped).
    assert_eq!(without_path - with_path, 200, "{without_path} vs {with_path}");
}
