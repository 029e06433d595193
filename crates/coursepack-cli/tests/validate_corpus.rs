//! `coursepack validate --manifest-only` reproduces the verdict SOURCES.md
//! gives every entry of `shared/corpus`, from the command line: the exit
//! status and the codes of the JSON report, for each folder and each bare
//! manifest file. The expectations are the library test's
//! (`coursepack-validate/tests/common/corpus.rs`), not a copy.

#[path = "../../coursepack-validate/tests/common/corpus.rs"]
mod corpus;

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// Run `coursepack validate --format json <args> <path>`: exit status and report.
fn validate(args: &[&str], path: &Path) -> (i32, Value) {
    let out = Command::cargo_bin("coursepack")
        .unwrap()
        .args(["validate", "--format", "json"])
        .args(args)
        .arg(path)
        .env("NO_COLOR", "1")
        .output()
        .expect("run coursepack");
    let report: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{}: JSON report: {e}", path.display()));
    (out.status.code().expect("exit status"), report)
}

fn codes(report: &Value, severity: &str) -> Vec<String> {
    report["packages"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == severity)
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect()
}

#[test]
fn manifest_only_gives_every_corpus_entry_its_verdict() {
    if !corpus::available("manifest_only_gives_every_corpus_entry_its_verdict") {
        return;
    }
    for entry in corpus::entries() {
        let expected = corpus::expected(&entry.dir).expect("listed");
        for path in [&entry.folder, &entry.manifest] {
            let what = path.display();
            let (status, report) = validate(&["--manifest-only"], path);
            assert_eq!(report["packages"][0]["standard"].as_str(), expected.standard, "{what}: detected standard");
            let errors = codes(&report, "error");
            let (strict_status, strict_report) = validate(&["--manifest-only", "--strict"], path);
            if corpus::TOLERATED.contains(&entry.dir.as_str()) {
                // Tolerated by LMSs: warnings, exit 0; errors and exit 1 under --strict.
                assert_eq!(status, 0, "{what}: {errors:?}");
                assert_eq!(strict_status, 1, "{what} under --strict");
                let (warnings, strict_errors) = (codes(&report, "warning"), codes(&strict_report, "error"));
                for code in expected.codes {
                    assert!(warnings.contains(&code.to_string()), "{what}: expected warning {code}, got {warnings:?}");
                    assert!(strict_errors.contains(&code.to_string()), "{what}: expected error {code} under --strict");
                }
            } else if entry.verdict.passes() {
                assert_eq!(status, 0, "{what} is {:?}: {errors:?}", entry.verdict);
                assert_eq!(report["packages"][0]["valid"], true, "{what}");
                let warnings = codes(&report, "warning");
                for code in expected.codes {
                    assert!(warnings.contains(&code.to_string()), "{what}: expected warning {code}, got {warnings:?}");
                }
            } else {
                assert_eq!(status, 1, "{what} is invalid");
                assert_eq!(strict_status, 1, "{what} is invalid under --strict");
                for code in expected.codes {
                    assert!(errors.contains(&code.to_string()), "{what}: expected error {code}, got {errors:?}");
                }
            }
        }
    }
}

/// Without `--manifest-only` the content checks run: a corpus folder holds
/// no content, so every file its manifest lists is reported missing, and a
/// bare cmi5.xml is a standalone course structure (cmi5 spec 14.2).
#[test]
fn without_manifest_only_the_content_checks_run() {
    if !corpus::available("without_manifest_only_the_content_checks_run") {
        return;
    }
    let golf = corpus::corpus_dir().join("scorm12-golf-runtime-basic-calls");
    let (status, report) = validate(&[], &golf);
    assert_eq!(status, 1);
    assert!(codes(&report, "error").iter().any(|c| c == "content/missing-file"), "{report}");
    let framed = corpus::corpus_dir().join("cmi5-catapult-multi-au-framed/cmi5.xml");
    let (status, report) = validate(&[], &framed);
    assert_eq!(status, 1);
    assert!(codes(&report, "error").iter().any(|c| c == "cmi5/relative-url-standalone"), "{report}");
}

/// `--max-scan-mb` sets the content-scan limit that `content/not-scanned`'s
/// hint names: a 1.5 MiB script is listed as not scanned under a 1 MiB
/// limit, and scanned (finding its load from another origin) under 2 MiB.
#[test]
fn max_scan_mb_sets_the_content_scan_limit() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    std::fs::create_dir_all(pkg.join("js")).unwrap();
    std::fs::write(
        pkg.join("imsmanifest.xml"),
        r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/><file href="js/app.js"/></resource></resources>
</manifest>
"#,
    )
    .unwrap();
    std::fs::write(pkg.join("index.html"), "<!doctype html><title>x</title><script src=\"js/app.js\"></script>")
        .unwrap();
    let script =
        format!("{}fetch(\"https://lrs.example.com/xapi/statements\");\n", "// padding line\n".repeat(100_000));
    assert!(script.len() > 1024 * 1024 && script.len() < 2 * 1024 * 1024);
    std::fs::write(pkg.join("js/app.js"), script).unwrap();
    let (_, small) = validate(&["--max-scan-mb", "1"], &pkg);
    let not_scanned = small["packages"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "content/not-scanned")
        .expect("not scanned");
    assert!(not_scanned["hint"].as_str().unwrap().contains("--max-scan-mb 2"), "{not_scanned}");
    assert!(!codes(&small, "warning").iter().any(|c| c == "content/external-resource"));
    let (_, large) = validate(&["--max-scan-mb", "2"], &pkg);
    assert!(codes(&large, "warning").iter().any(|c| c == "content/external-resource"), "{large}");
    assert!(!codes(&large, "info").iter().any(|c| c == "content/not-scanned"));
    let usage =
        Command::cargo_bin("coursepack").unwrap().args(["validate", "--max-scan-mb", "0"]).arg(&pkg).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
}
