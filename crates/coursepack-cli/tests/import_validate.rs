//! `coursepack import` and `coursepack export` through the binary: output,
//! located errors and exit codes (`validate` has `validate_cli.rs`).

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
        .arg("--deny-warnings")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gift/unclosed-answers").and(predicate::str::contains("bad.gift:1:15")));
    coursepack().args(["import", "aiken"]).arg(dir.path().join("missing.txt")).assert().code(2);
}

/// A migration imports everything it can (issue 12 §5): the question that
/// cannot be carried is skipped with a located warning and the others are
/// written; `--deny-warnings` makes the skip a failure that writes nothing.
#[test]
fn import_skips_what_it_cannot_carry_and_deny_warnings_fails() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank.gift");
    std::fs::write(
        &bank,
        "::Good::Fish swim.{T}\n\n::Broken::Which? {=a ~b\n\n::Also good::The library is in {Aberystwyth =%50%Aberystwith}.\n",
    )
    .unwrap();
    let out = dir.path().join("page.md");
    coursepack().args(["import", "gift"]).arg(&bank).arg("--out").arg(&out).assert().code(0).stderr(
        predicate::str::contains("warning[gift/unclosed-answers]")
            .and(predicate::str::contains("this question is skipped"))
            .and(predicate::str::contains("bank.gift:3:")),
    );
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("id: good") && page.contains("id: also-good") && !page.contains("Which?"), "{page}");
    assert!(page.contains("[[Aberystwyth]]") && page.contains("- Aberystwith\n  credit: 50"), "{page}");

    let denied = dir.path().join("denied.md");
    coursepack()
        .args(["import", "gift"])
        .arg(&bank)
        .arg("--out")
        .arg(&denied)
        .arg("--deny-warnings")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gift/unclosed-answers"));
    assert!(!denied.exists(), "--deny-warnings wrote the page");
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
