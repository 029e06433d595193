//! The expected verdict of every entry of `shared/corpus`, shared by the
//! library's corpus test and the CLI's (`coursepack-cli/tests/validate_corpus.rs`
//! includes this file with `#[path]`), so both check the same expectations.
//!
//! The verdict (valid, invalid, quirky, edge) and the xmllint verdict are read
//! from `SOURCES.md`; the specific codes each entry must produce are listed in
//! [`EXPECTED_CODES`]. Only `std` is used, so the file compiles in any test crate.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// What `SOURCES.md` says about a package.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Conformant.
    Valid,
    /// Deliberately broken, or not a package.
    Invalid,
    /// Accepted by LMSs although it breaks a rule: warnings, no errors.
    Quirky,
    /// Unusual but arguably acceptable: warnings, no errors.
    Edge,
}

impl Verdict {
    /// True when the validator must report no error (without `--strict-schema`).
    pub fn passes(self) -> bool {
        self != Verdict::Invalid
    }
}

/// One corpus entry as `SOURCES.md` describes it.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The folder name in `shared/corpus`.
    pub dir: String,
    /// The folder's path.
    pub folder: PathBuf,
    /// The manifest file inside the folder.
    pub manifest: PathBuf,
    /// The expected verdict.
    pub verdict: Verdict,
    /// True when SOURCES.md records `xmllint: VALID`.
    pub xmllint_valid: bool,
}

/// The codes an entry must produce: the standard id the validator detects,
/// and the codes it must report (errors for invalid entries, warnings for
/// the others).
pub struct Expected {
    /// The folder name.
    pub dir: &'static str,
    /// `Standard::id()` of the detected standard, when one is detected.
    pub standard: Option<&'static str>,
    /// Codes that must be reported (errors if the verdict is invalid, else warnings).
    pub codes: &'static [&'static str],
}

/// The specific codes of every corpus entry (the whole corpus, checked
/// against SOURCES.md by [`entries`]).
pub const EXPECTED_CODES: &[Expected] = &[
    Expected { dir: "scorm12-golf-runtime-basic-calls", standard: Some("scorm12"), codes: &[] },
    Expected { dir: "scorm12-golf-cp-one-file-per-sco", standard: Some("scorm12"), codes: &[] },
    Expected {
        dir: "scorm2004-2nd-golf-cp-single-sco",
        standard: Some("scorm2004-2nd"),
        codes: &["lms/sequencing-defaults"],
    },
    Expected { dir: "scorm2004-3rd-golf-seq-simple-remediation", standard: Some("scorm2004-3rd"), codes: &[] },
    Expected { dir: "scorm2004-4th-golf-seq-posttest-rollup", standard: Some("scorm2004-4th"), codes: &[] },
    Expected { dir: "scorm2004-4th-adl-cts-DDMb", standard: Some("scorm2004-4th"), codes: &[] },
    Expected { dir: "cmi5-aicc-spec-complex", standard: Some("cmi5"), codes: &["content/external-reference"] },
    Expected { dir: "cmi5-catapult-multi-au-framed", standard: Some("cmi5"), codes: &[] },
    Expected { dir: "cmi5-storyline-golrang", standard: Some("cmi5"), codes: &[] },
    Expected { dir: "tincan-golf-example", standard: Some("tincan"), codes: &[] },
    Expected { dir: "tincan-storyline-bleeding-course", standard: Some("tincan"), codes: &[] },
    Expected { dir: "scorm12-storyline-5whys", standard: Some("scorm12"), codes: &["schema/invalid-id"] },
    Expected { dir: "scorm12-h5p-telephone-basics", standard: Some("scorm12"), codes: &["schema/misplaced-metadata"] },
    Expected {
        dir: "scorm12-moodle-singlescobasic-missingorg",
        standard: Some("scorm12"),
        codes: &["cts/no-organization", "cts/unused-resource"],
    },
    Expected { dir: "scorm12-malformed-xml", standard: None, codes: &["xml/not-well-formed"] },
    Expected { dir: "scorm-moodle-validscorm", standard: None, codes: &["xml/not-well-formed"] },
    Expected {
        dir: "scorm12-item-nonexistent-resource",
        standard: Some("scorm12"),
        codes: &["cts/identifierref-unresolved"],
    },
    Expected {
        dir: "scorm2004-4th-broken-default-org",
        standard: Some("scorm2004-4th"),
        codes: &["cts/default-org-unresolved"],
    },
    Expected {
        dir: "scorm2004-3rd-missing-org-identifier",
        standard: Some("scorm2004-3rd"),
        codes: &["schema/missing-attribute"],
    },
    Expected { dir: "cmi5-catapult-lts-201-1-iris-course-id", standard: Some("cmi5"), codes: &["cmi5/id-not-iri"] },
    Expected { dir: "cmi5-catapult-lts-205-1-duplicated-block", standard: Some("cmi5"), codes: &["cmi5/duplicate-id"] },
    Expected {
        dir: "cmi5-catapult-lts-207-1-invalid-courseStructure",
        standard: Some("cmi5"),
        codes: &["schema/unexpected-element"],
    },
];

/// Entries SOURCES.md calls invalid for a fault that the main LMSs tolerate:
/// by the validator's rule (docs/validator.md, "Errors and warnings: the
/// rule") their codes are warnings by default and errors with `--strict`,
/// the conformance reading that SOURCES.md's verdicts follow. Here an
/// unresolved `organizations@default` while items can be launched (LMSs
/// launch the first one).
pub const TOLERATED: &[&str] = &["scorm2004-4th-broken-default-org"];

/// `../shared/corpus` next to the repository, or `corpus` in the folder
/// `COURSEPACK_SHARED` names.
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("COURSEPACK_SHARED") {
        Some(shared) => PathBuf::from(shared).join("corpus"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    }
}

/// True when `../shared/corpus` is there. When it is not (a clone of the
/// repository on its own), says loudly on the terminal that `test` is
/// skipped: written to the process's stderr directly, so that the test
/// harness's output capture cannot hide it.
pub fn available(test: &str) -> bool {
    let dir = corpus_dir();
    if dir.join("SOURCES.md").is_file() {
        return true;
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED {test}: the third-party corpus is not at {} (a clone without ../shared). \
         Put the project's shared folder beside the repository to run it. ***\n",
        dir.display()
    );
    false
}

/// Every entry of `SOURCES.md`, in its order. Panics when an entry has no
/// verdict, no manifest, or no line in [`EXPECTED_CODES`] (and the reverse),
/// so a corpus change cannot go unchecked.
pub fn entries() -> Vec<Entry> {
    let dir = corpus_dir();
    let sources = std::fs::read_to_string(dir.join("SOURCES.md")).expect("shared/corpus/SOURCES.md");
    let mut out: Vec<Entry> = Vec::new();
    for line in sources.lines() {
        if let Some(rest) = line.strip_prefix("- **") {
            let name = rest.split("/**").next().expect("entry name").to_string();
            let verdict = match rest.rsplit("expected: **").next().map(|v| v.trim_end_matches("**")) {
                Some("valid") => Verdict::Valid,
                Some("invalid") => Verdict::Invalid,
                Some("quirky") => Verdict::Quirky,
                Some("edge") => Verdict::Edge,
                other => panic!("{name}: unknown expected verdict {other:?} in SOURCES.md"),
            };
            let folder = dir.join(&name);
            let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
                .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
                .map(|e| e.expect("dir entry").path())
                .collect();
            assert_eq!(files.len(), 1, "{name}: one manifest per corpus folder");
            let manifest = files.remove(0);
            out.push(Entry { dir: name, folder, manifest, verdict, xmllint_valid: false });
        } else if let Some(verdict) = line.trim().strip_prefix("- xmllint: ") {
            let last = out.last_mut().expect("an entry before its xmllint verdict");
            last.xmllint_valid = verdict.starts_with("VALID");
        }
    }
    let listed: Vec<&str> = out.iter().map(|e| e.dir.as_str()).collect();
    for e in EXPECTED_CODES {
        assert!(listed.contains(&e.dir), "{} is in EXPECTED_CODES but not in SOURCES.md", e.dir);
    }
    for e in &out {
        assert!(expected(&e.dir).is_some(), "{} is in SOURCES.md but not in EXPECTED_CODES", e.dir);
    }
    assert_eq!(out.len(), 22, "the corpus has 22 entries");
    out
}

/// The expected codes of the entry in folder `dir`.
pub fn expected(dir: &str) -> Option<&'static Expected> {
    EXPECTED_CODES.iter().find(|e| e.dir == dir)
}
