//! Every manifest in shared/corpus gets the verdict its SOURCES.md gives,
//! with the specific codes; the schema layer agrees with xmllint on each.

mod common;

use common::corpus::{self, Verdict};
use coursepack_diagnostics::Severity;
use coursepack_validate::{Options, PackageReport, Standard, schema_diagnostics, schema_invalid, validate_path};
use std::path::Path;

fn validate(path: &Path, options: &Options) -> PackageReport {
    let report = validate_path(path, options).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    common::assert_complete(&report.diagnostics, &path.display().to_string());
    report
}

fn run(dir: &str) -> PackageReport {
    validate(&corpus::corpus_dir().join(dir), &Options { manifest_only: true, ..Options::default() })
}

fn codes(r: &PackageReport, sev: Severity) -> Vec<&str> {
    r.diagnostics.iter().filter(|d| d.severity == sev).map(|d| d.code.as_str()).collect()
}

/// The verdict and the specific codes of SOURCES.md, for the folder and for
/// the bare manifest file, both with `manifest_only` (the corpus holds
/// manifests without their content). Invalid entries are invalid under
/// `--strict` too, and valid ones stay valid under it; a [`corpus::TOLERATED`]
/// entry's codes are warnings by default and errors under `--strict`.
#[test]
fn every_entry_gets_its_verdict_and_codes() {
    if !corpus::available("every_entry_gets_its_verdict_and_codes") {
        return;
    }
    let options = Options { manifest_only: true, ..Options::default() };
    let strict = Options { manifest_only: true, strict: true, ..Options::default() };
    for entry in corpus::entries() {
        let expected = corpus::expected(&entry.dir).expect("listed");
        for path in [&entry.folder, &entry.manifest] {
            let r = validate(path, &options);
            let s = validate(path, &strict);
            let what = path.display();
            assert_eq!(r.standard.map(|s| s.id()), expected.standard, "{what}: detected standard");
            let errors = codes(&r, Severity::Error);
            let strict_errors = codes(&s, Severity::Error);
            if corpus::TOLERATED.contains(&entry.dir.as_str()) {
                assert_eq!(entry.verdict, Verdict::Invalid);
                assert!(errors.is_empty(), "{what}: tolerated by LMSs, so warnings by default: {:#?}", r.diagnostics);
                let warnings = codes(&r, Severity::Warning);
                for code in expected.codes {
                    assert!(warnings.contains(code), "{what}: expected warning {code}, got {warnings:?}");
                    assert!(strict_errors.contains(code), "{what}: expected error {code} under --strict");
                }
            } else if entry.verdict.passes() {
                if entry.verdict == Verdict::Valid {
                    assert!(strict_errors.is_empty(), "{what} is valid, also under --strict: {:#?}", s.diagnostics);
                }
                assert!(
                    errors.is_empty(),
                    "{what} is {:?} and must have no errors: {:#?}",
                    entry.verdict,
                    r.diagnostics
                );
                let warnings = codes(&r, Severity::Warning);
                for code in expected.codes {
                    assert!(warnings.contains(code), "{what}: expected warning {code}, got {warnings:?}");
                }
            } else {
                assert!(!errors.is_empty(), "{what} should be invalid");
                for code in expected.codes {
                    assert!(errors.contains(code), "{what}: expected error {code}, got {errors:?}");
                    assert!(strict_errors.contains(code), "{what}: expected error {code} under --strict");
                }
            }
        }
    }
}

#[test]
fn quirky_packages_fail_under_strict_like_xmllint() {
    if !corpus::available("quirky_packages_fail_under_strict_like_xmllint") {
        return;
    }
    let strict = Options { manifest_only: true, strict: true, ..Options::default() };
    let quirky: Vec<_> = corpus::entries().into_iter().filter(|e| e.verdict == Verdict::Quirky).collect();
    assert_eq!(quirky.len(), 2);
    for entry in quirky {
        let r = validate(&entry.folder, &strict);
        assert!(r.has_errors(), "{} must fail under --strict", entry.dir);
        assert!(!entry.xmllint_valid, "{}: xmllint rejects quirky entries", entry.dir);
    }
}

/// cmi5 §14.2 (cmi5_14_2_1): a course structure XML provided without a zip
/// needs fully qualified URLs. Without `manifest_only` a bare cmi5.xml is such
/// a file; the corpus entries taken out of zip packages then fail.
#[test]
fn a_standalone_cmi5_xml_needs_fully_qualified_urls() {
    if !corpus::available("a_standalone_cmi5_xml_needs_fully_qualified_urls") {
        return;
    }
    for dir in ["cmi5-catapult-multi-au-framed", "cmi5-storyline-golrang"] {
        let bare = corpus::corpus_dir().join(dir).join("cmi5.xml");
        let r = validate(&bare, &Options::default());
        assert!(codes(&r, Severity::Error).contains(&"cmi5/relative-url-standalone"), "{dir}: {:#?}", r.diagnostics);
        let as_manifest = validate(&bare, &Options { manifest_only: true, ..Options::default() });
        assert!(!as_manifest.has_errors(), "{dir}: {:#?}", as_manifest.diagnostics);
    }
    // Fully qualified AU urls are fine standalone (and not reported as external).
    let complex = validate(&corpus::corpus_dir().join("cmi5-aicc-spec-complex/cmi5.xml"), &Options::default());
    assert!(!complex.has_errors(), "{:#?}", complex.diagnostics);
    assert!(!codes(&complex, Severity::Warning).contains(&"content/external-reference"));
}

#[test]
fn malformed_xml_is_located() {
    if !corpus::available("malformed_xml_is_located") {
        return;
    }
    let r = run("scorm12-malformed-xml");
    let d = r.diagnostics.iter().find(|d| d.code == "xml/not-well-formed").expect("diagnostic");
    let loc = d.location.as_ref().expect("location");
    assert_eq!((loc.file.as_str(), loc.line), ("imsmanifest.xml", 27), "{d:?}");
}

/// The schema layer's verdict equals xmllint's on every corpus manifest
/// (recorded in SOURCES.md, and re-run live).
#[test]
fn schema_verdict_agrees_with_xmllint() {
    if !corpus::available("schema_verdict_agrees_with_xmllint") {
        return;
    }
    common::require_xmllint();
    let mut checked = 0;
    for entry in corpus::entries() {
        let dir = &entry.dir;
        let file = &entry.manifest;
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
        let bytes = std::fs::read(file).expect("read");
        let ours = !schema_invalid(&schema_diagnostics(standard, &name, &bytes));
        let live = common::xmllint_batch(&common::wrapper_xsd(standard), std::slice::from_ref(file))[0];
        assert_eq!(entry.xmllint_valid, live, "{dir}: SOURCES.md and live xmllint disagree");
        assert_eq!(
            ours,
            live,
            "{dir}: we say valid={ours}, xmllint says valid={live}: {:#?}",
            schema_diagnostics(standard, &name, &bytes)
        );
        checked += 1;
    }
    assert_eq!(checked, 22, "every corpus entry has an xmllint verdict");
}
