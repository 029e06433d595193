//! Every manifest in shared/corpus gets the verdict its SOURCES.md gives,
//! with the specific codes; the schema layer agrees with xmllint on each.

mod common;

use coursepack_diagnostics::Severity;
use coursepack_validate::{schema_diagnostics, schema_invalid, validate_path, Options, PackageReport, Standard};

fn run(dir: &str) -> PackageReport {
    let path = common::shared().join("corpus").join(dir);
    let options = Options { manifest_only: true, ..Options::default() };
    validate_path(&path, &options).expect("corpus folder readable")
}

fn codes(r: &PackageReport, sev: Severity) -> Vec<&str> {
    r.diagnostics.iter().filter(|d| d.severity == sev).map(|d| d.code.as_str()).collect()
}

/// valid: no errors, and none of the listed warnings missing.
fn valid(dir: &str, standard: &str, warnings: &[&str]) {
    let r = run(dir);
    assert_eq!(r.standard.map(|s| s.id()), Some(standard), "{dir}");
    assert!(codes(&r, Severity::Error).is_empty(), "{dir} should be valid: {:#?}", r.diagnostics);
    let w = codes(&r, Severity::Warning);
    for code in warnings {
        assert!(w.contains(code), "{dir}: expected warning {code}, got {w:?}");
    }
}

fn invalid(dir: &str, errors: &[&str]) {
    let r = run(dir);
    let e = codes(&r, Severity::Error);
    assert!(!e.is_empty(), "{dir} should be invalid");
    for code in errors {
        assert!(e.contains(code), "{dir}: expected error {code}, got {e:?}");
    }
}

#[test]
fn valid_packages() {
    valid("scorm12-golf-runtime-basic-calls", "scorm12", &[]);
    valid("scorm12-golf-cp-one-file-per-sco", "scorm12", &[]);
    valid("scorm2004-2nd-golf-cp-single-sco", "scorm2004-2nd", &["lms/sequencing-defaults"]);
    valid("scorm2004-3rd-golf-seq-simple-remediation", "scorm2004-3rd", &[]);
    valid("scorm2004-4th-golf-seq-posttest-rollup", "scorm2004-4th", &[]);
    valid("scorm2004-4th-adl-cts-DDMb", "scorm2004-4th", &[]);
    valid("cmi5-aicc-spec-complex", "cmi5", &["content/external-reference"]);
    valid("cmi5-catapult-multi-au-framed", "cmi5", &[]);
    valid("cmi5-storyline-golrang", "cmi5", &[]);
    valid("tincan-golf-example", "tincan", &[]);
    valid("tincan-storyline-bleeding-course", "tincan", &[]);
}

#[test]
fn quirky_packages_get_warnings_not_errors() {
    valid("scorm12-storyline-5whys", "scorm12", &["schema/invalid-id"]);
    valid("scorm12-h5p-telephone-basics", "scorm12", &["schema/misplaced-metadata"]);
    // Under --strict-schema they fail like xmllint.
    for dir in ["scorm12-storyline-5whys", "scorm12-h5p-telephone-basics"] {
        let path = common::shared().join("corpus").join(dir);
        let r = validate_path(&path, &Options { manifest_only: true, strict_schema: true, ..Options::default() }).expect("readable");
        assert!(r.has_errors(), "{dir} must fail under strict_schema");
    }
}

#[test]
fn edge_package_warns_about_missing_organization() {
    valid("scorm12-moodle-singlescobasic-missingorg", "scorm12", &["cts/no-organization", "cts/unused-resource"]);
}

#[test]
fn invalid_packages() {
    invalid("scorm12-malformed-xml", &["xml/not-well-formed"]);
    invalid("scorm-moodle-validscorm", &["xml/not-well-formed"]);
    invalid("scorm12-item-nonexistent-resource", &["cts/identifierref-unresolved"]);
    invalid("scorm2004-4th-broken-default-org", &["cts/default-org-unresolved"]);
    invalid("scorm2004-3rd-missing-org-identifier", &["schema/missing-attribute"]);
    invalid("cmi5-catapult-lts-201-1-iris-course-id", &["cmi5/id-not-iri"]);
    invalid("cmi5-catapult-lts-205-1-duplicated-block", &["cmi5/duplicate-id"]);
    invalid("cmi5-catapult-lts-207-1-invalid-courseStructure", &["schema/unexpected-element"]);
}

#[test]
fn malformed_xml_is_located() {
    let r = run("scorm12-malformed-xml");
    let d = r.diagnostics.iter().find(|d| d.code == "xml/not-well-formed").expect("diagnostic");
    let loc = d.location.as_ref().expect("location");
    assert_eq!((loc.file.as_str(), loc.line), ("imsmanifest.xml", 27), "{d:?}");
}

/// The schema layer's verdict equals xmllint's on every corpus manifest
/// (recorded in SOURCES.md, and re-run live).
#[test]
fn schema_verdict_agrees_with_xmllint() {
    common::require_xmllint();
    let sources = std::fs::read_to_string(common::shared().join("corpus/SOURCES.md")).expect("SOURCES.md");
    let mut checked = 0;
    let mut dir = None;
    for line in sources.lines() {
        if let Some(rest) = line.strip_prefix("- **") {
            dir = rest.split("/**").next().map(str::to_string);
        }
        let Some(verdict) = line.trim().strip_prefix("- xmllint: ") else { continue };
        let dir = dir.clone().expect("entry before verdict");
        let folder = common::shared().join("corpus").join(&dir);
        let file = std::fs::read_dir(&folder).expect("dir").next().expect("one file").expect("entry").path();
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let standard = if dir.starts_with("cmi5") {
            Standard::Cmi5
        } else if dir.starts_with("tincan") {
            Standard::TinCan
        } else if dir.starts_with("scorm2004") {
            Standard::Scorm2004(coursepack_validate::Edition::Fourth)
        } else {
            Standard::Scorm12
        };
        let bytes = std::fs::read(&file).expect("read");
        let ours = !schema_invalid(&schema_diagnostics(standard, &name, &bytes));
        let recorded = verdict.starts_with("VALID");
        let live = common::xmllint_batch(&common::wrapper_xsd(standard), std::slice::from_ref(&file))[0];
        assert_eq!(recorded, live, "{dir}: SOURCES.md and live xmllint disagree");
        assert_eq!(ours, live, "{dir}: we say valid={ours}, xmllint says valid={live}: {:#?}", schema_diagnostics(standard, &name, &bytes));
        checked += 1;
    }
    assert_eq!(checked, 22, "every corpus entry has an xmllint verdict");
}
