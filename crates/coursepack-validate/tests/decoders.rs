//! Every decoder of the validator on the inputs that once broke one:
//! UTF-16 with and without a byte-order mark (XML 1.0 §4.3.3), and
//! percent-encoded hrefs whose `%` stands before a multi-byte character
//! (it panicked, exit 101). `fuzz.rs` and the crate's unit tests feed them
//! random input.

mod common;

use coursepack_diagnostics::Severity;
use coursepack_validate::{Limits, Options, validate_path, xml};

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-16"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"><organizations/><resources/></manifest>"#;

fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if little { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
    }
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
    }
    out
}

#[test]
fn utf16_needs_a_byte_order_mark() {
    for little in [true, false] {
        let parsed = xml::parse("imsmanifest.xml", &utf16(MANIFEST, little, true), &Limits::default());
        assert!(parsed.doc.is_some(), "UTF-16 with a BOM is read: {:#?}", parsed.diagnostics);
        let parsed = xml::parse("imsmanifest.xml", &utf16(MANIFEST, little, false), &Limits::default());
        assert!(parsed.doc.is_none());
        let d = parsed.diagnostics.iter().find(|d| d.code == "xml/encoding").expect("xml/encoding");
        assert_eq!(d.severity, Severity::Error);
        assert!(d.message.contains("without a byte-order mark"), "{}", d.message);
    }
}

/// A `%` before `é` in a file href once sliced inside the character.
#[test]
fn a_percent_sign_before_a_multibyte_character_is_a_finding_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/><file href="a%é.html"/><file href="%é"/><file href="b%"/></resource></resources>
</manifest>"#;
    std::fs::write(dir.path().join("imsmanifest.xml"), manifest).unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>x</title>").unwrap();
    let report = validate_path(dir.path(), &Options::default()).unwrap();
    common::assert_complete(&report.diagnostics, "percent hrefs");
    let missing: Vec<&str> =
        report.diagnostics.iter().filter(|d| d.code == "content/missing-file").map(|d| d.message.as_str()).collect();
    assert_eq!(missing.len(), 3, "{:#?}", report.diagnostics);
    assert!(missing.iter().any(|m| m.contains("`a%é.html`")), "{missing:?}");
}
