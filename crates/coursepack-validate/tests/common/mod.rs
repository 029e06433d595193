//! Helpers shared by the integration tests.
#![allow(dead_code)]

use coursepack_validate::Standard;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The schema xmllint validates a standard's manifest with: the project's
/// one copy of the official schemas, `crates/coursepack-package/xsd` (see its README).
pub fn wrapper_xsd(standard: Standard) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../coursepack-package/xsd")).join(match standard {
        Standard::Scorm12 => "validation/scorm12.xsd",
        Standard::Scorm2004(_) => "validation/scorm2004.xsd",
        Standard::Cmi5 => "cmi5/CourseStructure.xsd",
        Standard::TinCan => "tincan/tincan.xsd",
        Standard::Web => panic!("an offline web package has no manifest to validate with xmllint"),
    })
}

/// Panics (never skips) when xmllint is not installed.
pub fn require_xmllint() {
    let ok = Command::new("xmllint").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "xmllint is not installed: the schema differential tests need it. Run `cargo xtask test` \
         (it installs Debian libxml2-utils), or `apt-get install libxml2-utils`."
    );
}

/// Validate `files` with one xmllint process; `true` = valid, per file, in order.
pub fn xmllint_batch(xsd: &Path, files: &[PathBuf]) -> Vec<bool> {
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(xsd)
        .args(files)
        .output()
        .expect("run xmllint");
    let stderr = String::from_utf8_lossy(&out.stderr);
    files
        .iter()
        .map(|f| {
            let name = f.display().to_string();
            if stderr.lines().any(|l| l == format!("{name} validates")) {
                true
            } else if stderr.lines().any(|l| l == format!("{name} fails to validate")) {
                false
            } else {
                // Not well-formed files get neither line: they are invalid too.
                false
            }
        })
        .collect()
}
pub mod corpus;

/// Issue 6: every diagnostic carries a hint, the rule's source and a
/// location (a file of the package, or the package itself). Panics with the
/// incomplete diagnostics.
pub fn assert_complete(diagnostics: &[coursepack_diagnostics::Diagnostic], what: &str) {
    let incomplete: Vec<String> = diagnostics
        .iter()
        .filter_map(|d| {
            let mut missing = Vec::new();
            if d.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
                missing.push("hint");
            }
            if d.rule.as_deref().is_none_or(|r| r.trim().is_empty()) {
                missing.push("rule");
            }
            if d.location.as_ref().is_none_or(|l| l.file.is_empty()) {
                missing.push("location");
            }
            (!missing.is_empty()).then(|| format!("{} ({}): no {}", d.code, d.message, missing.join(", ")))
        })
        .collect();
    assert!(incomplete.is_empty(), "{what}: diagnostics without a hint, rule or location:\n{}", incomplete.join("\n"));
}
