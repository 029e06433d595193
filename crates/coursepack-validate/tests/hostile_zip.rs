//! One hand-made hostile zip per attack, each rejected with the right code.
//! The zips are built byte by byte (the zip crate refuses to write most of them).

mod common;

use coursepack_diagnostics::Severity;
use coursepack_validate::{Limits, Options, PackageReport, validate_path};
use std::io::Write;

const MANIFEST: &str = r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>T</title><item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>"#;

#[derive(Clone)]
struct E {
    name: Vec<u8>,
    data: Vec<u8>,
    deflate: bool,
    method: Option<u16>,
    flags: u16,
    made_by: u16,
    ext_attr: u32,
    declared_size: Option<u64>,
    crc: Option<u32>,
    same_data_as: Option<usize>,
}

fn e(name: &str, data: &[u8]) -> E {
    E {
        name: name.as_bytes().to_vec(),
        data: data.to_vec(),
        deflate: false,
        method: None,
        flags: 0,
        made_by: 20,
        ext_attr: 0,
        declared_size: None,
        crc: None,
        same_data_as: None,
    }
}

fn base() -> Vec<E> {
    vec![e("imsmanifest.xml", MANIFEST.as_bytes()), e("index.html", b"<html></html>")]
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = flate2::Crc::new();
    c.update(data);
    c.sum()
}

/// Write a zip; `zip64` adds a zip64 end record; `count_delta` corrupts the entry count.
fn build(entries: &[E], zip64: bool, count_delta: i32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut offsets: Vec<u64> = Vec::new();
    for (i, en) in entries.iter().enumerate() {
        let payload = if en.deflate {
            let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(&en.data).expect("deflate");
            enc.finish().expect("deflate")
        } else {
            en.data.clone()
        };
        let method = en.method.unwrap_or(if en.deflate { 8 } else { 0 });
        let crc = en.crc.unwrap_or_else(|| crc32(&en.data));
        let usize_ = en.declared_size.unwrap_or(en.data.len() as u64);
        let offset = match en.same_data_as {
            Some(j) => offsets[j],
            None => {
                let off = out.len() as u64;
                out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
                out.extend_from_slice(&20u16.to_le_bytes());
                out.extend_from_slice(&en.flags.to_le_bytes());
                out.extend_from_slice(&method.to_le_bytes());
                out.extend_from_slice(&[0, 0, 0x21, 0]);
                out.extend_from_slice(&crc.to_le_bytes());
                out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
                out.extend_from_slice(&(usize_.min(u32::MAX as u64) as u32).to_le_bytes());
                out.extend_from_slice(&(en.name.len() as u16).to_le_bytes());
                out.extend_from_slice(&0u16.to_le_bytes());
                out.extend_from_slice(&en.name);
                out.extend_from_slice(&payload);
                off
            }
        };
        offsets.push(offset);
        let csize = if let Some(j) = en.same_data_as { compressed_len(&entries[j]) } else { payload.len() as u64 };
        let _ = i;
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&en.made_by.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&en.flags.to_le_bytes());
        central.extend_from_slice(&method.to_le_bytes());
        central.extend_from_slice(&[0, 0, 0x21, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&(csize as u32).to_le_bytes());
        central.extend_from_slice(&(usize_.min(u32::MAX as u64) as u32).to_le_bytes());
        central.extend_from_slice(&(en.name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 4]); // extra, comment length
        central.extend_from_slice(&[0; 4]); // disk, internal attrs
        central.extend_from_slice(&en.ext_attr.to_le_bytes());
        central.extend_from_slice(&(offset as u32).to_le_bytes());
        central.extend_from_slice(&en.name);
    }
    let cd_offset = out.len() as u64;
    out.extend_from_slice(&central);
    let count = (entries.len() as i64 + count_delta as i64) as u64;
    if zip64 {
        let z64 = out.len() as u64;
        out.extend_from_slice(&0x0606_4b50u32.to_le_bytes());
        out.extend_from_slice(&44u64.to_le_bytes());
        out.extend_from_slice(&45u16.to_le_bytes());
        out.extend_from_slice(&45u16.to_le_bytes());
        out.extend_from_slice(&[0; 8]);
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&(central.len() as u64).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&0x0706_4b50u32.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&z64.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
    }
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    let (c16, size32, off32) = if zip64 {
        (0xFFFFu16, 0xFFFF_FFFFu32, 0xFFFF_FFFFu32)
    } else {
        (count as u16, central.len() as u32, cd_offset as u32)
    };
    out.extend_from_slice(&c16.to_le_bytes());
    out.extend_from_slice(&c16.to_le_bytes());
    out.extend_from_slice(&size32.to_le_bytes());
    out.extend_from_slice(&off32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn compressed_len(en: &E) -> u64 {
    if en.deflate {
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&en.data).expect("deflate");
        enc.finish().expect("deflate").len() as u64
    } else {
        en.data.len() as u64
    }
}

fn check_with(bytes: &[u8], options: &Options) -> PackageReport {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("pkg.zip");
    std::fs::write(&path, bytes).expect("write");
    let report = validate_path(&path, options).expect("validate");
    common::assert_complete(&report.diagnostics, "hostile zip");
    report
}

fn check(bytes: &[u8]) -> PackageReport {
    check_with(bytes, &Options::default())
}

fn assert_error(r: &PackageReport, code: &str) {
    assert!(
        r.diagnostics.iter().any(|d| d.code == code && d.severity == Severity::Error),
        "expected error {code}, got {:#?}",
        r.diagnostics.iter().map(|d| (&d.code, d.severity, &d.message)).collect::<Vec<_>>()
    );
}

fn with(extra: E) -> Vec<u8> {
    let mut v = base();
    v.push(extra);
    build(&v, false, 0)
}

#[test]
fn clean_zip_is_valid() {
    let r = check(&build(&base(), false, 0));
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    let r = check_with(&build(&base(), false, 0), &Options { deep: true, ..Options::default() });
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
}

#[test]
fn path_traversal() {
    assert_error(&check(&with(e("../evil.html", b"x"))), "zip/path-traversal");
    assert_error(&check(&with(e("a/../../evil.html", b"x"))), "zip/path-traversal");
}

#[test]
fn absolute_path() {
    assert_error(&check(&with(e("/etc/passwd", b"x"))), "zip/absolute-path");
}

#[test]
fn drive_letter() {
    assert_error(&check(&with(e("C:/Windows/evil.dll", b"x"))), "zip/drive-letter");
}

#[test]
fn backslash() {
    assert_error(&check(&with(e("js\\app.js", b"x"))), "zip/backslash");
}

#[test]
fn nul_and_control_characters() {
    assert_error(&check(&with(e("a\0.html", b"x"))), "zip/control-char");
    assert_error(&check(&with(e("a\x07.html", b"x"))), "zip/control-char");
}

#[test]
fn duplicate_names() {
    assert_error(&check(&with(e("index.html", b"other"))), "zip/duplicate-name");
}

#[test]
fn case_only_duplicates() {
    assert_error(&check(&with(e("INDEX.html", b"x"))), "zip/case-duplicate");
}

#[test]
fn symlink() {
    let mut s = e("link.html", b"/etc/passwd");
    s.made_by = 3 << 8 | 20;
    s.ext_attr = (0o120777u32) << 16;
    assert_error(&check(&with(s)), "zip/symlink");
}

#[test]
fn encrypted_entry() {
    let mut s = e("secret.html", b"xxxxxxxxxxxx");
    s.flags = 1;
    assert_error(&check(&with(s)), "zip/encrypted");
}

#[test]
fn unsupported_compression() {
    let mut s = e("data.bin", b"BZh91AY&SY");
    s.method = Some(12);
    assert_error(&check(&with(s)), "zip/unsupported-compression");
}

#[test]
fn compression_ratio_bomb() {
    let mut s = e("bomb.bin", &vec![0u8; 4 * 1024 * 1024]);
    s.deflate = true;
    assert_error(&check(&with(s)), "zip/compression-ratio");
}

#[test]
fn declared_size_lie_on_the_manifest() {
    // The manifest inflates past the size its header declares.
    let mut v = base();
    v[0].declared_size = Some(10);
    v[0].deflate = true;
    assert_error(&check(&build(&v, false, 0)), "zip/size-mismatch");
}

#[test]
fn total_size_limit() {
    let mut s = e("huge.bin", b"x");
    s.declared_size = Some(1);
    let bytes = with(s);
    let limits = Limits { max_total_uncompressed: 100, ..Limits::default() };
    assert_error(&check_with(&bytes, &Options { limits, ..Options::default() }), "zip/total-size");
}

#[test]
fn entry_count_limit() {
    let mut v = base();
    for i in 0..50 {
        v.push(e(&format!("f{i}.txt"), b"x"));
    }
    let limits = Limits { max_entries: 20, ..Limits::default() };
    assert_error(&check_with(&build(&v, false, 0), &Options { limits, ..Options::default() }), "zip/too-many-entries");
}

#[test]
fn overlapping_entries() {
    let mut v = base();
    let mut dup = e("copy.html", b"<html></html>");
    dup.same_data_as = Some(1);
    v.push(dup);
    assert_error(&check(&build(&v, false, 0)), "zip/overlapping-entries");
}

#[test]
fn corrupt_central_directory() {
    assert_error(&check(&build(&base(), false, 5)), "zip/corrupt-central-directory");
    let mut bytes = build(&base(), false, 0);
    // Point the central directory past the end of the file.
    let n = bytes.len();
    bytes[n - 6..n - 2].copy_from_slice(&0x00FF_FFFFu32.to_le_bytes());
    assert_error(&check(&bytes), "zip/corrupt-central-directory");
}

#[test]
fn not_a_zip() {
    assert_error(&check(b"this is not a zip file at all, just text"), "zip/not-a-zip");
}

#[test]
fn zip64_archive_is_read_and_noted() {
    let r = check(&build(&base(), true, 0));
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    assert!(r.diagnostics.iter().any(|d| d.code == "zip/zip64" && d.severity == Severity::Info));
    assert_error(&check(&build(&base(), true, 3)), "zip/corrupt-central-directory");
}

#[test]
fn deep_mode_verifies_every_crc() {
    let mut s = e("page.html", b"<html>page</html>");
    s.crc = Some(0xDEAD_BEEF);
    let bytes = with(s);
    let shallow = check(&bytes);
    assert!(!shallow.diagnostics.iter().any(|d| d.code == "zip/crc-mismatch"), "shallow mode does not read page.html");
    assert_error(&check_with(&bytes, &Options { deep: true, ..Options::default() }), "zip/crc-mismatch");
}

#[test]
fn manifest_zipped_inside_a_folder() {
    let v = vec![e("course/imsmanifest.xml", MANIFEST.as_bytes()), e("course/index.html", b"x")];
    let r = check(&build(&v, false, 0));
    assert_error(&r, "package/manifest-not-at-root");
    let d = r.diagnostics.iter().find(|d| d.code == "package/manifest-not-at-root").expect("diagnostic");
    assert!(d.hint.as_deref().unwrap_or("").contains("zipped the folder"), "{d:?}");
}

#[test]
fn no_manifest_at_all() {
    assert_error(&check(&build(&[e("index.html", b"x")], false, 0)), "package/no-manifest");
}

#[test]
fn xml_bombs_are_never_expanded() {
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"><organizations/><resources/>&b;</manifest>"#;
    let v = vec![e("imsmanifest.xml", bomb.as_bytes())];
    let r = check(&build(&v, false, 0));
    assert_error(&r, "xml/undefined-entity");
    assert!(r.diagnostics.iter().any(|d| d.code == "xml/doctype"));
    let xxe =
        r#"<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><manifest identifier="&x;"/>"#;
    let r = check(&build(&[e("imsmanifest.xml", xxe.as_bytes())], false, 0));
    assert_error(&r, "xml/undefined-entity");
}

#[test]
fn deep_nesting_is_limited() {
    let deep = format!(
        "<manifest xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\">{}{}</manifest>",
        "<a>".repeat(1000),
        "</a>".repeat(1000)
    );
    assert_error(&check(&build(&[e("imsmanifest.xml", deep.as_bytes())], false, 0)), "xml/too-deep");
}

/// More namespace declarations in scope than the resolver's limit: a
/// located limit error for people, not the XML library's message.
#[test]
fn too_many_namespace_declarations_are_a_located_limit_error() {
    let mut text =
        String::from("<?xml version=\"1.0\"?>\n<manifest xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\">\n");
    for i in 0..200 {
        text.push_str(&format!("<e{i} xmlns:p{i}=\"urn:x:{i}\">\n"));
    }
    for i in (0..200).rev() {
        text.push_str(&format!("</e{i}>"));
    }
    text.push_str("</manifest>");
    let r = check(&build(&[e("imsmanifest.xml", text.as_bytes())], false, 0));
    assert_error(&r, "xml/too-many-namespaces");
    let d = r.diagnostics.iter().find(|d| d.code == "xml/too-many-namespaces").expect("diagnostic");
    let at = d.location.as_ref().expect("location");
    // The manifest's default namespace and p0..p126 make 128 bindings; the
    // declaration on e127 (line 130) goes over the limit.
    assert_eq!((at.file.as_str(), at.line, at.column), ("imsmanifest.xml", 130, 1), "{d:#?}");
    assert!(d.message.contains("128") && !d.message.contains("NamespaceResolver"), "{}", d.message);
    assert!(!d.hint.as_deref().unwrap_or_default().contains("NamespaceResolver"));
    assert!(!r.diagnostics.iter().any(|d| d.code == "xml/not-well-formed"), "{:#?}", r.diagnostics);
    // Under the limit the same nesting is fine.
    let limits = Limits { max_namespace_bindings: 256, ..Limits::default() };
    let r = check_with(
        &build(&[e("imsmanifest.xml", text.as_bytes())], false, 0),
        &Options { limits, ..Options::default() },
    );
    assert!(!r.diagnostics.iter().any(|d| d.code.starts_with("xml/")), "{:#?}", r.diagnostics);
}

#[test]
fn gzip_manifest_is_read_with_a_warning() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(MANIFEST.as_bytes()).expect("gzip");
    let mut v = base();
    v[0].data = gz.finish().expect("gzip");
    let r = check(&build(&v, false, 0));
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    assert!(r.diagnostics.iter().any(|d| d.code == "xml/gzip-compressed" && d.severity == Severity::Warning));
}
