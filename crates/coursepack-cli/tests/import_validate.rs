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
    std::fs::write(&bank, "::Q1:: Which Act? {=Public Libraries and Museums Act 1964 ~Libraries Act 1850 #Close}\n")
        .unwrap();
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

/// A SCORM 1.2 package folder whose manifest has `identifier` as its id and
/// whose one SCO is `index.html`.
fn scorm12_package(root: &std::path::Path, name: &str, identifier: &str) -> std::path::PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("imsmanifest.xml"),
        format!(
            r#"<?xml version="1.0"?>
<manifest identifier="{identifier}" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>
"#
        ),
    )
    .unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><html lang=\"en\"><title>T</title><p>Hello</p></html>\n")
        .unwrap();
    dir
}

#[test]
fn validate_exit_codes_follow_the_findings() {
    let root = tempfile::tempdir().unwrap();
    let valid = scorm12_package(root.path(), "valid", "com.example.valid");
    // An id that is not an XML name: LMSs import it, the schema does not allow it (a warning).
    let quirky = scorm12_package(root.path(), "quirky", "1 quirky id");
    let broken = root.path().join("broken.xml");
    std::fs::write(&broken, "<?xml version=\"1.0\"?>\n<manifest identifier=\"x\"><organizations>\n").unwrap();
    coursepack().arg("validate").arg(&valid).assert().code(0);
    coursepack().args(["validate", "--deny-warnings"]).arg(&valid).assert().code(0);
    coursepack()
        .args(["validate", "--format", "json"])
        .arg(&broken)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("xml/"));
    coursepack()
        .args(["validate", "--format", "json"])
        .arg(&quirky)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("schema/invalid-id"));
    coursepack().args(["validate", "--deny-warnings"]).arg(&quirky).assert().code(1);
    coursepack().args(["validate", "--lms", "blackboard"]).arg(&valid).assert().code(2);
    coursepack().args(["validate", "--lms", "Moodle"]).arg(&valid).assert().code(0);
    coursepack().arg("validate").arg(root.path().join("no-such-package.zip")).assert().code(2);
    coursepack()
        .args(["validate", "--format", "junit"])
        .arg(&broken)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("<testsuite"));
}

/// A module whose questions include ones GIFT cannot hold.
fn quiz_module(root: &std::path::Path, questions: &str) -> std::path::PathBuf {
    let m = root.join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("module.toml"), "id = \"m\"\ntitle = \"Module\"\nversion = \"1.0.0\"\nlanguage = \"en\"\nsummary = \"A module.\"\npages = [\"01-a.md\"]\n").unwrap();
    std::fs::write(m.join("01-a.md"), format!("# A\n\nText.\n\n{questions}")).unwrap();
    m
}

#[test]
fn export_gift_writes_a_bank_that_imports_back_and_warns_at_what_it_loses() {
    let dir = tempfile::tempdir().unwrap();
    quiz_module(
        dir.path(),
        "```question\nid: basis\nWhich basis?\n\n- [x] Public task\n  feedback: Right.\n- [ ] Consent\n```\n\n```question\nid: steps\nOrder them.\n\n1. Contain\n2. Assess\n```\n\n```question\nid: hours\npoints: 2\nHow many hours?\nanswer: 72\n```\n",
    );
    let out = dir.path().join("bank.gift");
    let assert = coursepack()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["export", "gift", "m", "--out", "bank.gift"])
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("warning[gift/export-skipped]: question `steps` is left out")
            && stderr.contains("m/01-a.md:15:1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning[gift/export-loses]: question `hours` loses its points (2)")
            && stderr.contains("m/01-a.md:23:1"),
        "{stderr}"
    );
    let gift = std::fs::read_to_string(&out).unwrap();
    assert!(
        gift.contains("::basis::Which basis?{\n  =Public task#Right.\n  ~Consent\n}")
            && gift.contains("::hours::How many hours?{#72}"),
        "{gift}"
    );
    assert!(!gift.contains("steps"), "{gift}");
    // The bank imports back.
    coursepack()
        .args(["import", "gift"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("- [x] Public task\n  feedback: Right."));
    // Refuses to overwrite; warnings fail the run only when denied; stdout without --out.
    coursepack().current_dir(dir.path()).args(["export", "gift", "m", "--out", "bank.gift"]).assert().code(2);
    coursepack()
        .current_dir(dir.path())
        .args(["export", "gift", "m", "--deny-warnings"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    coursepack()
        .current_dir(dir.path())
        .args(["export", "gift", "m", "--format", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("::basis::"))
        .stderr(predicate::str::contains("\"gift/export-loses\""));
}

#[test]
fn export_refuses_a_broken_module_or_a_folder_that_is_not_one() {
    let dir = tempfile::tempdir().unwrap();
    quiz_module(
        dir.path(),
        "```question\nid: basis\nWhich basis?\n\n- [x] Public task\n- [x] Consent\ntype: single\n```\n",
    );
    coursepack()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["export", "gift", "m", "--out", "bank.gift"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("m/01-a.md"));
    assert!(!dir.path().join("bank.gift").exists(), "nothing is written for a module with errors");
    coursepack()
        .current_dir(dir.path())
        .args(["export", "gift", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a module folder"));
}
