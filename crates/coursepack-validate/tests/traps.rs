//! LMS traps from the field notes and standards §5 that a package shows:
//! one case per trap, with its severity, its location and the profile that
//! turns it into an error.

mod common;

use coursepack_diagnostics::Severity;
use coursepack_validate::{LmsProfile, Options, PackageReport, validate_path, validate_paths};
use std::path::{Path, PathBuf};

fn manifest_12(item_extra: &str, ids: (&str, &str)) -> String {
    format!(
        r#"<?xml version="1.0"?>
<manifest identifier="{}" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="{}" identifierref="r"><title>T</title>{item_extra}</item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>
"#,
        ids.0, ids.1
    )
}

fn manifest_2004(version: &str, item_extra: &str, item_seq: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>{version}</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"{item_extra}><title>T</title>
      <imsss:sequencing>{item_seq}<imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/></imsss:sequencing>
    </item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>
"#
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write");
    path
}

/// Validate a bare manifest (no package files needed for these traps).
fn bare(text: &str, lms: &[LmsProfile]) -> PackageReport {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "imsmanifest.xml", text);
    let report = validate_path(&path, &Options { lms: lms.to_vec(), ..Options::default() }).expect("validate");
    common::assert_complete(&report.diagnostics, "trap manifest");
    report
}

/// (severity, line, column) of each diagnostic with `code`.
fn found(r: &PackageReport, code: &str) -> Vec<(Severity, usize, usize)> {
    r.diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let l = d.location.as_ref().expect("located");
            (d.severity, l.line, l.column)
        })
        .collect()
}

#[test]
fn generated_identifiers_are_noted() {
    let r = bare(&manifest_12("", ("course-1700000000000", "item_3f2504e0-4f89-11d3-9a0c-0305e82c3301")), &[]);
    assert_eq!(found(&r, "lms/unstable-identifier"), vec![(Severity::Info, 2, 11), (Severity::Info, 5, 11)]);
    let r = bare(&manifest_12("", ("course-intro", "page-welcome")), &[]);
    assert!(found(&r, "lms/unstable-identifier").is_empty());
}

#[test]
fn cmi_timespan_and_moodle_mastery_override() {
    let bad = manifest_12(
        "<adlcp:maxtimeallowed>0:30:00</adlcp:maxtimeallowed><adlcp:masteryscore>80</adlcp:masteryscore>",
        ("m", "i"),
    );
    let r = bare(&bad, &[]);
    assert_eq!(found(&r, "lms/cmi-timespan"), vec![(Severity::Warning, 5, 60)]);
    assert!(found(&r, "lms/moodle-mastery-override").is_empty(), "only under a Moodle profile");
    let r = bare(&bad, &[LmsProfile::Moodle]);
    assert_eq!(found(&r, "lms/cmi-timespan"), vec![(Severity::Error, 5, 60)]);
    assert_eq!(found(&r, "lms/moodle-mastery-override"), vec![(Severity::Info, 5, 112)]);
    let good = manifest_12("<adlcp:maxtimeallowed>0000:30:00.5</adlcp:maxtimeallowed>", ("m", "i"));
    assert!(found(&bare(&good, &[LmsProfile::Moodle]), "lms/cmi-timespan").is_empty());
}

#[test]
fn second_edition_suspend_data_limit() {
    let r = bare(&manifest_2004("CAM 1.3", "", ""), &[]);
    assert_eq!(found(&r, "lms/suspend-data-4000").len(), 1);
    assert!(found(&bare(&manifest_2004("2004 4th Edition", "", ""), &[]), "lms/suspend-data-4000").is_empty());
}

#[test]
fn status_by_measure() {
    let seq = r#"<imsss:objectives><imsss:primaryObjective satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives>"#;
    let text = manifest_2004("2004 4th Edition", "", seq).replace("<title>T</title>\n      <imsss", "<title>T</title><adlcp:completionThreshold completedByMeasure=\"true\" minProgressMeasure=\"0.9\"/>\n      <imsss");
    let r = bare(&text, &[]);
    assert_eq!(
        found(&r, "lms/status-by-measure").iter().map(|f| f.0).collect::<Vec<_>>(),
        vec![Severity::Info, Severity::Info],
        "{:#?}",
        r.diagnostics
    );
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
}

#[test]
fn successfactors_navigation_buttons() {
    let plain = manifest_2004("2004 4th Edition", "", "");
    assert!(found(&bare(&plain, &[]), "lms/lms-navigation").is_empty(), "only under the SuccessFactors profile");
    assert_eq!(found(&bare(&plain, &[LmsProfile::SuccessFactors]), "lms/lms-navigation"), vec![(Severity::Info, 5, 5)]);
    let hidden = plain.replace(
        "</imsss:sequencing>",
        "</imsss:sequencing><adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>previous</adlnav:hideLMSUI><adlnav:hideLMSUI>continue</adlnav:hideLMSUI></adlnav:navigationInterface></adlnav:presentation>",
    );
    let r = bare(&hidden, &[LmsProfile::SuccessFactors]);
    assert!(found(&r, "lms/lms-navigation").is_empty() && !r.has_errors(), "{:#?}", r.diagnostics);
    // With several SCOs the LMS's buttons move between them: nothing to note.
    let two = plain.replace(
        "</organization>",
        "<item identifier=\"i2\" identifierref=\"r\"><title>T2</title></item></organization>",
    );
    assert!(found(&bare(&two, &[LmsProfile::SuccessFactors]), "lms/lms-navigation").is_empty());
    // Totara (not Moodle) also rejects the navigation extension.
    assert_eq!(found(&bare(&hidden, &[LmsProfile::Totara]), "lms/scorm2004-sequencing").len(), 1);
}

#[test]
fn spm_lengths_in_scorm_2004() {
    let long = "x".repeat(1001);
    let r = bare(&manifest_2004("2004 4th Edition", &format!(" parameters=\"?{long}\""), ""), &[]);
    assert_eq!(found(&r, "cts/spm-length"), vec![(Severity::Warning, 5, 44)]);
}

#[test]
fn moodle_needs_a_plugin_for_cmi5() {
    let cmi5 = r#"<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
<course id="https://example.com/c"><title><langstring lang="en">C</langstring></title><description><langstring lang="en">D</langstring></description></course>
<au id="https://example.com/c/au" moveOn="Completed"><title><langstring lang="en">A</langstring></title><description><langstring lang="en">D</langstring></description><url>https://example.com/au.html</url></au>
</courseStructure>"#;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "cmi5.xml", cmi5);
    let plain = validate_path(&path, &Options::default()).expect("validate");
    assert!(!plain.has_errors(), "{:#?}", plain.diagnostics);
    let moodle =
        validate_path(&path, &Options { lms: vec![LmsProfile::Moodle], ..Options::default() }).expect("validate");
    assert_eq!(found(&moodle, "lms/moodle-needs-plugin"), vec![(Severity::Error, 1, 1)]);
}

#[test]
fn successfactors_identifier_prefix_across_packages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a/imsmanifest.xml", &manifest_12("", ("library-induction-part-1", "i")));
    let b = write(dir.path(), "b/imsmanifest.xml", &manifest_12("", ("library-induction-part-2", "i")));
    let c = write(dir.path(), "c/imsmanifest.xml", &manifest_12("", ("referencing-basics", "i")));
    let results = validate_paths(&[a.clone(), b, c], &Options::default());
    let reports: Vec<PackageReport> = results.into_iter().map(|r| r.expect("validate")).collect();
    assert_eq!(found(&reports[0], "lms/successfactors-id-prefix"), vec![(Severity::Warning, 2, 11)]);
    assert_eq!(found(&reports[1], "lms/successfactors-id-prefix").len(), 1);
    assert!(found(&reports[2], "lms/successfactors-id-prefix").is_empty());
    let sf = validate_paths(
        &[a.clone(), dir.path().join("b/imsmanifest.xml")],
        &Options { lms: vec![LmsProfile::SuccessFactors], ..Options::default() },
    );
    assert_eq!(found(sf[0].as_ref().expect("validate"), "lms/successfactors-id-prefix")[0].0, Severity::Error);
    // Same prefix, but different resources: different content-object ids.
    let d = write(
        dir.path(),
        "d/imsmanifest.xml",
        &manifest_12("", ("library-induction-part-3", "i")).replace("\"r\"", "\"r3\""),
    );
    let r = validate_paths(&[a.clone(), d], &Options::default());
    assert!(r.iter().all(|r| found(r.as_ref().expect("validate"), "lms/successfactors-id-prefix").is_empty()));
    // One package alone: nothing to compare.
    assert!(
        found(validate_paths(&[a], &Options::default())[0].as_ref().expect("validate"), "lms/successfactors-id-prefix")
            .is_empty()
    );
}

#[test]
fn unload_handlers_and_synchronous_requests_in_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pkg = dir.path().join("p");
    write(
        &pkg,
        "imsmanifest.xml",
        &manifest_12("", ("m", "i"))
            .replace("<file href=\"index.html\"/>", "<file href=\"index.html\"/><file href=\"scorm.js\"/>"),
    );
    write(
        &pkg,
        "index.html",
        "<!doctype html>\n<body onunload=\"doFinish()\"><script src=\"scorm.js\"></script></body>\n",
    );
    write(
        &pkg,
        "scorm.js",
        "function save() {\n  var x = new XMLHttpRequest();\n  x.open(\"POST\", \"commit\", false);\n}\nwindow.addEventListener('pagehide', save);\n",
    );
    let r = validate_path(&pkg, &Options::default()).expect("validate");
    let at = |code: &str| {
        r.diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| d.location.as_ref().map(|l| (l.file.clone(), l.line, l.column, d.severity)).expect("located"))
            .collect::<Vec<_>>()
    };
    assert_eq!(at("lms/unload-handler"), vec![("index.html".to_string(), 2, 17, Severity::Warning)]);
    assert_eq!(at("lms/sync-xhr"), vec![("scorm.js".to_string(), 3, 11, Severity::Warning)]);
    let moodle =
        validate_path(&pkg, &Options { lms: vec![LmsProfile::Moodle], ..Options::default() }).expect("validate");
    assert!(moodle.diagnostics.iter().any(|d| d.code == "lms/unload-handler" && d.severity == Severity::Error));
}
