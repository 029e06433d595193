//! `coursepack import` and `coursepack validate` through the binary: output,
//! located errors and exit codes.

use assert_cmd::Command;
use predicates::prelude::*;

fn coursepack() -> Command {
    Command::cargo_bin("coursepack").unwrap()
}

#[test]
fn import_gift_prints_a_page_that_the_quiz_parser_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank.gift");
    std::fs::write(&bank, "::Q1:: Which Act? {=Public Libraries and Museums Act 1964 ~Libraries Act 1850 #Close}\n").unwrap();
    let out = dir.path().join("07-quiz.md");
    coursepack().args(["import", "gift"]).arg(&bank).arg("--out").arg(&out).assert().code(0);
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("- [x] Public Libraries and Museums Act 1964"), "{page}");
    // Refuses to overwrite.
    coursepack().args(["import", "gift"]).arg(&bank).arg("--out").arg(&out).assert().code(2);
}

#[test]
fn import_reports_malformed_input_at_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bad.gift");
    std::fs::write(&bank, "::Q1:: broken {=a ~b\n").unwrap();
    coursepack()
        .args(["import", "gift"])
        .arg(&bank)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gift/unclosed-answers").and(predicate::str::contains("bad.gift:1:15")));
    coursepack().args(["import", "aiken"]).arg(dir.path().join("missing.txt")).assert().code(2);
}

#[test]
fn validate_exit_codes_follow_the_findings() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let valid = shared.join("scorm12-golf-runtime-basic-calls/imsmanifest.xml");
    let broken = shared.join("scorm12-malformed-xml/imsmanifest.xml");
    let quirky = shared.join("scorm12-storyline-5whys/imsmanifest.xml");
    coursepack().arg("validate").arg(&broken).assert().code(1).stderr(predicate::str::contains("xml/"));
    coursepack().args(["validate", "--format", "json"]).arg(&quirky).assert().code(0).stdout(predicate::str::contains("schema/invalid-id"));
    coursepack().args(["validate", "--deny-warnings"]).arg(&quirky).assert().code(1);
    coursepack().args(["validate", "--lms", "blackboard"]).arg(&valid).assert().code(2);
    coursepack().arg("validate").arg(shared.join("no-such-package.zip")).assert().code(2);
    coursepack().args(["validate", "--format", "junit"]).arg(&broken).assert().code(1).stdout(predicate::str::contains("<testsuite"));
}
