//! What Moodle's SCORM importer and player cannot read (`src/moodle_import.rs`):
//! one case per construct, with its severity by default and under `--lms
//! moodle|totara`, its location and its rule source; and the near misses that
//! Moodle reads fine, so a check that fires on everything would fail here.
//! Each construct was imported into a real Moodle 4.5.1+ (see docs/validator.md).

mod common;

use coursepack_diagnostics::Severity;
use coursepack_validate::{LmsProfile, Options, PackageReport, validate_path};

/// A SCORM 2004 manifest of one SCO: `item_title`, the item's `sequencing`
/// children, and markup after the item's title (`after_title`).
fn manifest_2004(item_title: &str, after_title: &str, sequencing: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>Course</title>
    <item identifier="i" identifierref="r"><title>{item_title}</title>{after_title}
      <imsss:sequencing>
{sequencing}
        <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
      </imsss:sequencing>
    </item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>
"#
    )
}

const PASS_MARK: &str = r#"        <imsss:objectives>
          <imsss:primaryObjective objectiveID="obj" satisfiedByMeasure="true">
            <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
          </imsss:primaryObjective>
        </imsss:objectives>"#;

fn validate(text: &str, lms: &[LmsProfile]) -> PackageReport {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("imsmanifest.xml");
    std::fs::write(&path, text).expect("write");
    let report = validate_path(&path, &Options { lms: lms.to_vec(), ..Options::default() }).expect("validate");
    common::assert_complete(&report.diagnostics, "Moodle import manifest");
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

fn rule(r: &PackageReport, code: &str) -> String {
    r.diagnostics.iter().find(|d| d.code == code).and_then(|d| d.rule.clone()).expect("a rule")
}

/// Errors under both Moodle and Totara, a warning otherwise, at the same places.
fn assert_error_under_moodle(text: &str, code: &str, at: &[(usize, usize)]) {
    let warn: Vec<_> = at.iter().map(|&(l, c)| (Severity::Warning, l, c)).collect();
    let error: Vec<_> = at.iter().map(|&(l, c)| (Severity::Error, l, c)).collect();
    let generic = validate(text, &[]);
    assert_eq!(found(&generic, code), warn, "{code} without --lms: {:#?}", generic.diagnostics);
    for lms in [LmsProfile::Moodle, LmsProfile::Totara] {
        let r = validate(text, &[lms]);
        assert_eq!(found(&r, code), error, "{code} under --lms {lms:?}: {:#?}", r.diagnostics);
        assert!(r.has_errors());
    }
    assert_eq!(found(&validate(text, &[LmsProfile::SuccessFactors]), code), warn);
}

#[test]
fn a_map_info_in_an_objective_is_an_error_under_moodle() {
    let text = manifest_2004(
        "One",
        "",
        r#"        <imsss:objectives>
          <imsss:primaryObjective objectiveID="obj" satisfiedByMeasure="true">
            <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
            <imsss:mapInfo targetObjectiveID="urn:x:global" readSatisfiedStatus="false" writeSatisfiedStatus="true"/>
          </imsss:primaryObjective>
          <imsss:objective objectiveID="other">
            <imsss:mapInfo targetObjectiveID="urn:x:other"/>
          </imsss:objective>
        </imsss:objectives>"#,
    );
    assert_error_under_moodle(&text, "lms/moodle-objective-mapinfo", &[(10, 13), (13, 13)]);
    let r = validate(&text, &[LmsProfile::Moodle]);
    assert!(rule(&r, "lms/moodle-objective-mapinfo").contains("mod/scorm/datamodels/scormlib.php:347-378"));
    // the valid manifest is otherwise clean: the schema and the ADL rules accept the map
    assert_eq!(r.diagnostics.iter().filter(|d| d.severity == Severity::Error).count(), 2, "{:#?}", r.diagnostics);
}

#[test]
fn map_infos_moodle_does_not_read_are_not_reported() {
    // Moodle reads sequencing only under <item> and <organization>, by its literal `imsss:` prefix:
    // in a sequencing collection, or under another prefix, its parser never meets the map.
    let collection = manifest_2004("One", "", PASS_MARK).replace(
        "  <resources>",
        r#"  <imsss:sequencingCollection><imsss:sequencing ID="shared"><imsss:objectives><imsss:primaryObjective objectiveID="p"><imsss:mapInfo targetObjectiveID="urn:x:g"/></imsss:primaryObjective></imsss:objectives></imsss:sequencing></imsss:sequencingCollection>
  <resources>"#,
    );
    assert!(found(&validate(&collection, &[LmsProfile::Moodle]), "lms/moodle-objective-mapinfo").is_empty());
    let other_prefix = manifest_2004(
        "One",
        "",
        r#"<ss:objectives xmlns:ss="http://www.imsglobal.org/xsd/imsss"><ss:primaryObjective objectiveID="p"><ss:mapInfo targetObjectiveID="urn:x:g"/></ss:primaryObjective></ss:objectives>"#,
    );
    assert!(found(&validate(&other_prefix, &[LmsProfile::Moodle]), "lms/moodle-objective-mapinfo").is_empty());
    // adlseq:mapInfo (completion and progress maps) is not read by Moodle at all
    let adlseq = manifest_2004("One", "", PASS_MARK).replace(
        "      </imsss:sequencing>",
        r#"        <adlseq:objectives xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"><adlseq:objective objectiveID="obj"><adlseq:mapInfo targetObjectiveID="urn:x:g" writeCompletionStatus="true"/></adlseq:objective></adlseq:objectives>
      </imsss:sequencing>"#,
    );
    let r = validate(&adlseq, &[LmsProfile::Moodle]);
    assert!(found(&r, "lms/moodle-objective-mapinfo").is_empty() && !r.has_errors(), "{:#?}", r.diagnostics);
}

#[test]
fn values_longer_than_moodle_stores_are_errors_under_moodle() {
    let at_limit = manifest_2004(&"t".repeat(255), "", PASS_MARK)
        .replace(r#"<item identifier="i""#, &format!(r#"<item identifier="i{}""#, "x".repeat(254)))
        .replace(r#"objectiveID="obj""#, &format!(r#"objectiveID="{}""#, "o".repeat(255)));
    let r = validate(&at_limit, &[LmsProfile::Moodle]);
    assert!(found(&r, "lms/moodle-value-too-long").is_empty(), "255 characters fit: {:#?}", r.diagnostics);
    let over = manifest_2004(&format!("  {}  ", "é".repeat(256)), "", PASS_MARK)
        .replace(r#"<item identifier="i""#, &format!(r#"<item identifier="i{}""#, "x".repeat(255)))
        .replace(r#"objectiveID="obj""#, &format!(r#"objectiveID="{}""#, "o".repeat(256)))
        .replace(r#"<manifest identifier="m""#, &format!(r#"<manifest identifier="m{}""#, "x".repeat(300)));
    // the manifest identifier, the item identifier, the item title (characters, not bytes), the objective id
    assert_error_under_moodle(&over, "lms/moodle-value-too-long", &[(2, 11), (5, 11), (5, 299), (8, 35)]);
    assert!(rule(&validate(&over, &[]), "lms/moodle-value-too-long").contains("mod/scorm/db/install.xml"));
}

#[test]
fn scorm_12_titles_and_identifiers_go_through_the_same_columns() {
    let text = format!(
        r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o{}"><title>T</title>
    <item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>
"#,
        "x".repeat(260)
    );
    assert_eq!(found(&validate(&text, &[LmsProfile::Totara]), "lms/moodle-value-too-long"), [(Severity::Error, 4, 44)]);
}

#[test]
fn a_resource_becomes_a_sco_only_without_an_organization() {
    let long = "r".repeat(300);
    let with_org = manifest_2004("One", "", PASS_MARK).replace(r#"identifier="r""#, &format!(r#"identifier="{long}""#));
    // with an organization the resource identifier is never stored (the item's identifierref is not either)
    let with_org = with_org.replace(r#"identifierref="r""#, &format!(r#"identifierref="{long}""#));
    assert!(found(&validate(&with_org, &[LmsProfile::Moodle]), "lms/moodle-value-too-long").is_empty());
    let no_org = format!(
        r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations/>
  <resources><resource identifier="{long}" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>
"#
    );
    assert_eq!(
        found(&validate(&no_org, &[LmsProfile::Moodle]), "lms/moodle-value-too-long"),
        [(Severity::Error, 5, 24)]
    );
}

#[test]
fn a_rollup_count_beyond_a_64_bit_integer_is_an_error_under_moodle() {
    let rollup = |count: &str| {
        manifest_2004(
            "One",
            "",
            &format!(
                r#"        <imsss:rollupRules><imsss:rollupRule childActivitySet="atLeastCount" minimumCount="{count}"><imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions><imsss:rollupAction action="satisfied"/></imsss:rollupRule></imsss:rollupRules>"#
            ),
        )
    };
    assert!(
        found(&validate(&rollup("9223372036854775807"), &[LmsProfile::Moodle]), "lms/moodle-number-out-of-range")
            .is_empty()
    );
    assert!(found(&validate(&rollup("3"), &[LmsProfile::Moodle]), "lms/moodle-number-out-of-range").is_empty());
    assert_error_under_moodle(&rollup("9223372036854775808"), "lms/moodle-number-out-of-range", &[(7, 78)]);
    assert_error_under_moodle(&rollup("99999999999999999999999"), "lms/moodle-number-out-of-range", &[(7, 78)]);
}

#[test]
fn character_references_are_reported_once_with_their_count() {
    let text = manifest_2004("Caf&#233; &amp; tea &lt;3", "", PASS_MARK)
        .replace(r#"href="index.html">"#, r#"href="index&#x2E;html">"#)
        .replace("<title>Course</title>", "<!-- a comment &#169; is not read --><title>Course</title>");
    assert_error_under_moodle(&text, "lms/moodle-character-reference", &[(5, 54)]);
    let r = validate(&text, &[LmsProfile::Moodle]);
    let d = r.diagnostics.iter().find(|d| d.code == "lms/moodle-character-reference").unwrap();
    assert!(d.message.starts_with("`&#233;` (2 in the manifest)"), "{}", d.message);
    // the five predefined entities are kept by Moodle
    let plain = manifest_2004("Fish &amp; chips &lt;&gt; &quot;x&quot; &apos;y&apos;", "", PASS_MARK);
    assert!(found(&validate(&plain, &[LmsProfile::Moodle]), "lms/moodle-character-reference").is_empty());
    // in CDATA Moodle escapes every `&` it would not keep
    let cdata = manifest_2004("<![CDATA[R&D]]>", "", PASS_MARK);
    assert_eq!(
        found(&validate(&cdata, &[LmsProfile::Moodle]), "lms/moodle-character-reference"),
        [(Severity::Error, 5, 61)]
    );
}

#[test]
fn a_secondary_objective_replaces_the_passing_score_moodle_reports() {
    let with = |objective: &str| {
        manifest_2004(
            "One",
            "",
            &PASS_MARK.replace("</imsss:primaryObjective>", &format!("</imsss:primaryObjective>{objective}")),
        )
    };
    let text = with(r#"<imsss:objective objectiveID="prereq"/>"#);
    assert!(found(&validate(&text, &[]), "lms/moodle-passing-score").is_empty(), "only for Moodle and Totara");
    for lms in [LmsProfile::Moodle, LmsProfile::Totara] {
        let r = validate(&text, &[lms]);
        assert_eq!(found(&r, "lms/moodle-passing-score"), [(Severity::Warning, 10, 36)], "{:#?}", r.diagnostics);
        assert!(!r.has_errors(), "content that never reads cmi.scaled_passing_score is not harmed");
    }
    let d = validate(&text, &[LmsProfile::Moodle]);
    let d = d.diagnostics.iter().find(|d| d.code == "lms/moodle-passing-score").unwrap();
    assert!(
        d.message.contains("cmi.scaled_passing_score 1 (from objective `prereq`)") && d.message.contains("0.8"),
        "{}",
        d.message
    );
    let same = with(
        r#"<imsss:objective objectiveID="prereq"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:objective>"#,
    );
    assert!(found(&validate(&same, &[LmsProfile::Moodle]), "lms/moodle-passing-score").is_empty());
    assert!(
        found(&validate(&manifest_2004("One", "", PASS_MARK), &[LmsProfile::Moodle]), "lms/moodle-passing-score")
            .is_empty()
    );
}

#[test]
fn a_completion_threshold_moodle_applies_differently_is_a_warning_under_moodle() {
    let with = |threshold: &str| manifest_2004("One", threshold, PASS_MARK);
    let not_by_measure = with(r#"<adlcp:completionThreshold minProgressMeasure="0.5"/>"#);
    assert!(found(&validate(&not_by_measure, &[]), "lms/moodle-completion-threshold").is_empty());
    let r = validate(&not_by_measure, &[LmsProfile::Moodle]);
    assert_eq!(found(&r, "lms/moodle-completion-threshold"), [(Severity::Warning, 5, 62)]);
    assert!(rule(&r, "lms/moodle-completion-threshold").contains("scorm_13.js:1195"));
    let text_value = with(r#"<adlcp:completionThreshold completedByMeasure="true">0.5</adlcp:completionThreshold>"#);
    assert_eq!(
        found(&validate(&text_value, &[LmsProfile::Totara]), "lms/moodle-completion-threshold"),
        [(Severity::Warning, 5, 62)]
    );
    let ours = with(r#"<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="1"/>"#);
    assert!(found(&validate(&ours, &[LmsProfile::Moodle]), "lms/moodle-completion-threshold").is_empty());
}

#[test]
fn a_manifest_moodle_reads_whole_has_nothing_to_report() {
    for lms in [LmsProfile::Moodle, LmsProfile::Totara] {
        let r = validate(&manifest_2004("Caf\u{e9}", "", PASS_MARK), &[lms]);
        let moodle: Vec<_> = r.diagnostics.iter().filter(|d| d.code.starts_with("lms/moodle-")).collect();
        assert!(moodle.is_empty() && !r.has_errors(), "{moodle:#?}");
    }
}
