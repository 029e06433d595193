//! The Moodle and Totara traps of issue 13 (and others of the same kind
//! found in Moodle 4.5's source): one package per trap, its finding by
//! default (a warning where the trap is a risk for any LMS, a note where only
//! Moodle trips on it) and its error under `--lms moodle` and `--lms totara`.

mod common;

use coursepack_diagnostics::{Diagnostic, Severity};
use coursepack_validate::{LmsProfile, Options, PackageReport, validate_path};
use std::io::Write;
use std::path::Path;

fn manifest_12(resource_attrs: &str, files: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" {resource_attrs}><file href="index.html"/>{files}</resource></resources>
</manifest>
"#
    )
}

fn manifest_2004(version: &str, item: &str, seq: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>{version}</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"{item}><title>T</title>
      <imsss:sequencing><imsss:deliveryControls {seq}/></imsss:sequencing></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>
"#
    )
}

const FULL_CONTROL: &str = r#"completionSetByContent="true" objectiveSetByContent="true""#;

fn zip(dir: &Path, files: &[(&str, &str)]) -> std::path::PathBuf {
    let path = dir.join("package.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        w.start_file(*name, o).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap();
    path
}

fn validate(path: &Path, lms: &[LmsProfile]) -> PackageReport {
    let r = validate_path(path, &Options { lms: lms.to_vec(), ..Options::default() }).unwrap();
    common::assert_complete(&r.diagnostics, "moodle traps");
    r
}

fn found<'a>(r: &'a PackageReport, code: &str) -> Vec<&'a Diagnostic> {
    r.diagnostics.iter().filter(|d| d.code == code).collect()
}

/// The code's severity by default, under --lms moodle and under --lms totara.
fn severities(path: &Path, code: &str) -> [Option<Severity>; 3] {
    [&[][..], &[LmsProfile::Moodle], &[LmsProfile::Totara]]
        .map(|lms| found(&validate(path, lms), code).first().map(|d| d.severity))
}

const W: Option<Severity> = Some(Severity::Warning);
const I: Option<Severity> = Some(Severity::Info);
const E: Option<Severity> = Some(Severity::Error);

/// Trap 1: Moodle drops ' & : " < > | \ ` and control characters from names.
#[test]
fn names_moodle_renames_on_extraction() {
    let dir = tempfile::tempdir().unwrap();
    let text = manifest_12(
        "href=\"index.html\"",
        "<file href=\"media/Q&amp;A: part 1.png\"/><file href=\"ab.html\"/><file href=\"a'b.html\"/>",
    );
    let path = zip(
        dir.path(),
        &[
            ("imsmanifest.xml", &text),
            ("index.html", "x"),
            ("media/Q&A: part 1.png", "x"),
            ("ab.html", "x"),
            ("a'b.html", "x"),
        ],
    );
    assert_eq!(severities(&path, "lms/moodle-file-name"), [W, E, E]);
    let r = validate(&path, &[]);
    let messages: Vec<&str> = found(&r, "lms/moodle-file-name").iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`media/Q&A: part 1.png` as `media/QA part 1.png`") && m.contains("`&`, `:`")),
        "{messages:#?}"
    );
    assert!(messages.iter().any(|m| m.contains("both become `ab.html`")), "{messages:#?}");
    // Plain names: nothing.
    let plain = tempfile::tempdir().unwrap();
    let text = manifest_12("href=\"index.html\"", "<file href=\"media/photo-1_a.png\"/>");
    let path = zip(plain.path(), &[("imsmanifest.xml", &text), ("index.html", "x"), ("media/photo-1_a.png", "x")]);
    assert!(found(&validate(&path, &[LmsProfile::Moodle]), "lms/moodle-file-name").is_empty());
}

/// Trap 2: Moodle stores names in NFC; an NFD name (macOS) no longer matches.
#[test]
fn nfd_names() {
    let dir = tempfile::tempdir().unwrap();
    let nfd = "media/cafe\u{301}.png";
    let text = manifest_12("href=\"index.html\"", &format!("<file href=\"{nfd}\"/>"));
    let path = zip(dir.path(), &[("imsmanifest.xml", &text), ("index.html", "x"), (nfd, "x")]);
    assert_eq!(severities(&path, "lms/moodle-nfd-name"), [W, E, E]);
}

/// Trap 3: Moodle finds adlcp and the other extensions by their literal
/// prefix; bound to another one, every SCO is an asset.
#[test]
fn namespaces_under_other_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let text = manifest_12("href=\"index.html\"", "")
        .replace("xmlns:adlcp=", "xmlns:scorm=")
        .replace("adlcp:scormtype", "scorm:scormtype");
    let path = zip(dir.path(), &[("imsmanifest.xml", &text), ("index.html", "x")]);
    assert_eq!(severities(&path, "lms/moodle-prefix"), [W, E, E]);
    let r = validate(&path, &[]);
    let d = found(&r, "lms/moodle-prefix")[0];
    assert!(d.message.contains("scorm:scormtype") && d.message.contains("`adlcp:`"), "{}", d.message);
    assert!(!r.has_errors(), "valid XML otherwise: {:#?}", r.diagnostics);
    // The content-packaging elements themselves under a prefix.
    let text = manifest_12("href=\"index.html\"", "")
        .replace("xmlns=\"http://www.imsproject.org", "xmlns:cp=\"http://www.imsproject.org")
        .replace("<manifest ", "<cp:manifest ")
        .replace("</manifest>", "</cp:manifest>");
    let text = [
        "metadata",
        "schema",
        "schemaversion",
        "organizations",
        "organization",
        "title",
        "item",
        "resources",
        "resource",
        "file",
    ]
    .iter()
    .fold(text, |t, n| {
        t.replace(&format!("<{n}"), &format!("<cp:{n}")).replace(&format!("</{n}>"), &format!("</cp:{n}>"))
    });
    let prefixed = tempfile::tempdir().unwrap();
    let path = zip(prefixed.path(), &[("imsmanifest.xml", &text), ("index.html", "x")]);
    let r = validate(&path, &[LmsProfile::Moodle]);
    assert_eq!(r.standard.map(|s| s.id()), Some("scorm12"));
    let d = found(&r, "lms/moodle-prefix");
    assert!(d.iter().any(|d| d.message.contains("`<cp:manifest>`") && d.message.contains("no prefix")), "{d:#?}");
}

/// Trap 4: <schemaversion> with line breaks runs a SCORM 2004 package with
/// the SCORM 1.2 API in Moodle; a SCORM 1.2 one is run as 1.2 anyway.
#[test]
fn schemaversion_with_whitespace() {
    let dir = tempfile::tempdir().unwrap();
    let text = manifest_2004("\n      2004 4th Edition\n    ", "", FULL_CONTROL);
    let path = zip(dir.path(), &[("imsmanifest.xml", &text), ("index.html", "x")]);
    assert_eq!(severities(&path, "lms/moodle-schemaversion"), [W, E, E]);
    let tidy = tempfile::tempdir().unwrap();
    let path = zip(
        tidy.path(),
        &[("imsmanifest.xml", &manifest_2004("2004 4th Edition", "", FULL_CONTROL)), ("index.html", "x")],
    );
    assert_eq!(severities(&path, "lms/moodle-schemaversion"), [None, None, None]);
}

/// Trap 5: xml:base is honoured only on <resource>.
#[test]
fn xml_base_where_moodle_ignores_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = manifest_12("href=\"index.html\"", "").replace("<resources>", "<resources xml:base=\"sco/\">");
    let path = zip(dir.path(), &[("imsmanifest.xml", &text), ("sco/index.html", "x")]);
    assert_eq!(severities(&path, "lms/moodle-xml-base"), [W, E, E]);
    let r = validate(&path, &[]);
    assert!(found(&r, "content/missing-launch-file").is_empty(), "the base chain finds the file: {:#?}", r.diagnostics);
    // On the resource itself, Moodle honours it.
    let ok = tempfile::tempdir().unwrap();
    let text = manifest_12("href=\"index.html\" xml:base=\"sco/\"", "");
    let path = zip(ok.path(), &[("imsmanifest.xml", &text), ("sco/index.html", "x")]);
    assert_eq!(severities(&path, "lms/moodle-xml-base"), [None, None, None]);
}

/// Of the same kind: identifiers and hrefs are used as written, spaces included.
#[test]
fn values_with_spaces_around_them() {
    let dir = tempfile::tempdir().unwrap();
    let text = manifest_12("href=\"index.html\"", "").replace("identifierref=\"r\"", "identifierref=\" r\"");
    let path = zip(dir.path(), &[("imsmanifest.xml", &text), ("index.html", "x")]);
    assert_eq!(severities(&path, "lms/moodle-whitespace"), [W, E, E]);
}

/// Of the same kind: Moodle compares booleans with the string `true`, so
/// `1` (true in XML Schema) reads as false.
#[test]
fn booleans_written_as_digits() {
    let dir = tempfile::tempdir().unwrap();
    let text = manifest_2004("2004 4th Edition", "", r#"completionSetByContent="1" objectiveSetByContent="true""#);
    let path = zip(dir.path(), &[("imsmanifest.xml", &text), ("index.html", "x")]);
    assert_eq!(severities(&path, "lms/moodle-boolean"), [I, E, E]);
    let text = manifest_2004("2004 4th Edition", " isvisible=\"1\"", FULL_CONTROL);
    let hidden = tempfile::tempdir().unwrap();
    let path = zip(hidden.path(), &[("imsmanifest.xml", &text), ("index.html", "x")]);
    assert_eq!(severities(&path, "lms/moodle-boolean"), [I, E, E]);
}

/// Of the same kind: Moodle does not extract macOS leftovers, and its file
/// table holds names and folder paths of 255 characters.
#[test]
fn files_moodle_drops_or_cannot_store() {
    let dir = tempfile::tempdir().unwrap();
    let text = manifest_12("href=\"__MACOSX/index.html\"", "<file href=\"__MACOSX/index.html\"/>");
    let path = zip(dir.path(), &[("imsmanifest.xml", &text), ("index.html", "x"), ("__MACOSX/index.html", "x")]);
    assert_eq!(severities(&path, "lms/moodle-system-file")[1], E);
    let long = format!("media/{}.png", "n".repeat(260));
    let text = manifest_12("href=\"index.html\"", &format!("<file href=\"{long}\"/>"));
    let dir = tempfile::tempdir().unwrap();
    let path = zip(dir.path(), &[("imsmanifest.xml", &text), ("index.html", "x"), (&long, "x")]);
    assert_eq!(severities(&path, "lms/moodle-path-length"), [W, E, E]);
}
