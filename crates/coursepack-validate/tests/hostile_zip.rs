//! One hand-made hostile zip per attack, each rejected with the right code.
//! The zips are built byte by byte (the zip crate refuses to write most of them).

mod common;

use coursepack_diagnostics::Severity;
use coursepack_validate::{Limits, Mode, Options, PackageReport, validate_path};
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
    /// The local header's name, when it differs from the central one.
    local_name: Option<Vec<u8>>,
    /// The local header's method, when it differs.
    local_method: Option<u16>,
    /// Bit 3: zero CRC and sizes in the local header, a signed data
    /// descriptor after the data; `descriptor_crc` lies in it when set.
    descriptor: bool,
    descriptor_crc: Option<u32>,
    /// Bytes written before this entry's local header that no entry lists.
    gap_before: Vec<u8>,
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
        local_name: None,
        local_method: None,
        descriptor: false,
        descriptor_crc: None,
        gap_before: Vec::new(),
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

fn deflated(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).expect("deflate");
    enc.finish().expect("deflate")
}

/// How the archive around the entries is laid out.
#[derive(Clone, Default)]
struct Layout {
    /// Add a zip64 end record and locator.
    zip64: bool,
    /// Added to the entry count of the end record (a corrupt count).
    count_delta: i32,
    /// Bytes before the first local header.
    prefix: Vec<u8>,
    /// When true, offsets are written as if `prefix` were not there (a
    /// stub put in front of a finished zip); else they include it.
    unadjusted_prefix: bool,
    /// Bytes between the central directory and the end record.
    before_end: Vec<u8>,
    /// The archive comment; `fake_end` appends a forged central directory
    /// and end record to it.
    comment: Vec<u8>,
    /// A forged central directory listing these names (pointing at the
    /// first entry's local header) and its end record, inside the comment.
    fake_end: Option<Vec<String>>,
}

/// A central-directory record.
fn central_record(out: &mut Vec<u8>, en: &E, method: u16, crc: u32, csize: u64, usize_: u64, offset: u64) {
    out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    out.extend_from_slice(&en.made_by.to_le_bytes());
    out.extend_from_slice(&20u16.to_le_bytes());
    out.extend_from_slice(&en.flags.to_le_bytes());
    out.extend_from_slice(&method.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0x21, 0]);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&(csize as u32).to_le_bytes());
    out.extend_from_slice(&(usize_.min(u32::MAX as u64) as u32).to_le_bytes());
    out.extend_from_slice(&(en.name.len() as u16).to_le_bytes());
    out.extend_from_slice(&[0; 4]); // extra, comment length
    out.extend_from_slice(&[0; 4]); // disk, internal attrs
    out.extend_from_slice(&en.ext_attr.to_le_bytes());
    out.extend_from_slice(&(offset as u32).to_le_bytes());
    out.extend_from_slice(&en.name);
}

/// An end-of-central-directory record.
fn end_record(out: &mut Vec<u8>, count: u16, cd_size: u32, cd_offset: u32, comment_len: u16) {
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&comment_len.to_le_bytes());
}

/// Write a zip byte by byte; `zip64` adds a zip64 end record;
/// `count_delta` corrupts the entry count.
fn build(entries: &[E], zip64: bool, count_delta: i32) -> Vec<u8> {
    build_with(entries, &Layout { zip64, count_delta, ..Layout::default() })
}

fn build_with(entries: &[E], layout: &Layout) -> Vec<u8> {
    let mut out = layout.prefix.clone();
    // Offsets written in the archive are relative to the zip's own start
    // when the prefix was added afterwards.
    let shift = if layout.unadjusted_prefix { layout.prefix.len() as u64 } else { 0 };
    let mut central = Vec::new();
    let mut offsets: Vec<u64> = Vec::new();
    for en in entries {
        let payload = if en.deflate { deflated(&en.data) } else { en.data.clone() };
        let stored = &payload;
        let method = en.method.unwrap_or(if en.deflate { 8 } else { 0 });
        let crc = en.crc.unwrap_or_else(|| crc32(&en.data));
        let usize_ = en.declared_size.unwrap_or(en.data.len() as u64);
        let flags = en.flags | if en.descriptor { 1 << 3 } else { 0 };
        let offset = match en.same_data_as {
            Some(j) => offsets[j],
            None => {
                out.extend_from_slice(&en.gap_before);
                let off = out.len() as u64 - shift;
                let local_name = en.local_name.as_ref().unwrap_or(&en.name);
                out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
                out.extend_from_slice(&20u16.to_le_bytes());
                out.extend_from_slice(&flags.to_le_bytes());
                out.extend_from_slice(&en.local_method.unwrap_or(method).to_le_bytes());
                out.extend_from_slice(&[0, 0, 0x21, 0]);
                if en.descriptor {
                    out.extend_from_slice(&[0; 12]);
                } else {
                    out.extend_from_slice(&crc.to_le_bytes());
                    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
                    out.extend_from_slice(&(usize_.min(u32::MAX as u64) as u32).to_le_bytes());
                }
                out.extend_from_slice(&(local_name.len() as u16).to_le_bytes());
                out.extend_from_slice(&0u16.to_le_bytes());
                out.extend_from_slice(local_name);
                out.extend_from_slice(stored);
                if en.descriptor {
                    out.extend_from_slice(&0x0807_4b50u32.to_le_bytes());
                    out.extend_from_slice(&en.descriptor_crc.unwrap_or(crc).to_le_bytes());
                    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
                    out.extend_from_slice(&(usize_ as u32).to_le_bytes());
                }
                off
            }
        };
        offsets.push(offset);
        let csize = match en.same_data_as {
            Some(j) => compressed_len(&entries[j]),
            None => payload.len() as u64,
        };
        let en_flags = E { flags, ..en.clone() };
        central_record(&mut central, &en_flags, method, crc, csize, usize_, offset);
    }
    let cd_offset = out.len() as u64 - shift;
    out.extend_from_slice(&central);
    out.extend_from_slice(&layout.before_end);
    let count = (entries.len() as i64 + layout.count_delta as i64) as u64;
    if layout.zip64 {
        let z64 = out.len() as u64 - shift;
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
    // The comment, with a forged central directory and end record in it.
    let mut comment = layout.comment.clone();
    if let Some(names) = &layout.fake_end {
        let real_end_at = out.len() as u64;
        let fake_cd_at = real_end_at + 22 + comment.len() as u64 - shift;
        let mut fake = Vec::new();
        for name in names {
            let en = e(name, b"#!/bin/sh\n");
            central_record(&mut fake, &en, 0, crc32(&en.data), 10, 10, offsets[0]);
        }
        let fake_len = fake.len();
        comment.extend_from_slice(&fake);
        end_record(&mut comment, names.len() as u16, fake_len as u32, fake_cd_at as u32, 0);
    }
    let (c16, size32, off32) = if layout.zip64 {
        (0xFFFFu16, 0xFFFF_FFFFu32, 0xFFFF_FFFFu32)
    } else {
        (count as u16, central.len() as u32, cd_offset as u32)
    };
    end_record(&mut out, c16, size32, off32, comment.len() as u16);
    out.extend_from_slice(&comment);
    out
}

fn compressed_len(en: &E) -> u64 {
    if en.deflate { deflated(&en.data).len() as u64 } else { en.data.len() as u64 }
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
    let r = check_with(&build(&base(), false, 0), &Options { mode: Mode::Quick, ..Options::default() });
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
fn the_default_mode_verifies_every_crc_and_quick_does_not() {
    let mut s = e("media/clip.bin", b"not read by any check");
    s.crc = Some(0xDEAD_BEEF);
    let bytes = with(s);
    let quick = check_with(&bytes, &Options { mode: Mode::Quick, ..Options::default() });
    assert!(!quick.diagnostics.iter().any(|d| d.code == "zip/crc-mismatch"), "--quick does not read clip.bin");
    assert_eq!(quick.mode, Some(Mode::Quick));
    let full = check(&bytes);
    assert_error(&full, "zip/crc-mismatch");
    assert_eq!(full.mode, Some(Mode::Full));
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
    // (With an index.html at the root, it would be an offline web package: tests/web_package.rs.)
    assert_error(&check(&build(&[e("readme.txt", b"x")], false, 0)), "package/no-manifest");
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

fn quick() -> Options {
    Options { mode: Mode::Quick, ..Options::default() }
}

fn codes(r: &PackageReport) -> Vec<(&str, Severity)> {
    r.diagnostics.iter().map(|d| (d.code.as_str(), d.severity)).collect()
}

/// Issue 13: a second, forged end record in the comment points at a forged
/// central directory naming `../../evil.sh`. Readers that take the last end
/// record see it; the archive is an error in every mode, and the forged
/// directory's names are checked too.
#[test]
fn a_forged_end_record_in_the_comment_is_ambiguous() {
    let layout = Layout { fake_end: Some(vec!["../../evil.sh".into()]), ..Layout::default() };
    let bytes = build_with(&base(), &layout);
    for options in [Options::default(), quick()] {
        let r = check_with(&bytes, &options);
        assert_error(&r, "zip/ambiguous-end");
        assert_error(&r, "zip/signature-in-comment");
        let traversal = r.diagnostics.iter().find(|d| d.code == "zip/path-traversal").expect("traversal found");
        assert!(traversal.message.contains("../../evil.sh"), "{}", traversal.message);
    }
}

#[test]
fn a_signature_in_the_comment_is_an_error() {
    let layout = Layout { comment: b"made by PK\x01\x02 tool".to_vec(), ..Layout::default() };
    let r = check(&build_with(&base(), &layout));
    assert_error(&r, "zip/signature-in-comment");
    assert!(!r.diagnostics.iter().any(|d| d.code == "zip/ambiguous-end"), "{:#?}", codes(&r));
    // A plain comment is fine.
    let layout = Layout { comment: b"Exported by a course tool".to_vec(), ..Layout::default() };
    let r = check(&build_with(&base(), &layout));
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
}

/// Bytes before the first local header: a stub whose length the offsets
/// include (readable, but not what was checked by every tool), and one put
/// in front afterwards, which shifts every offset.
#[test]
fn bytes_before_the_zip_are_an_error() {
    let stub = b"MZ this is an executable stub \x00\x01\x02".repeat(4);
    let adjusted = Layout { prefix: stub.clone(), ..Layout::default() };
    for options in [Options::default(), quick()] {
        let r = check_with(&build_with(&base(), &adjusted), &options);
        assert_error(&r, "zip/prefixed-data");
        assert_eq!(r.standard.map(|s| s.id()), Some("scorm12"), "still read: {:#?}", r.diagnostics);
    }
    let shifted = Layout { prefix: stub, unadjusted_prefix: true, ..Layout::default() };
    let r = check(&build_with(&base(), &shifted));
    assert_error(&r, "zip/prefixed-data");
    let d = r.diagnostics.iter().find(|d| d.code == "zip/prefixed-data").unwrap();
    assert!(d.message.contains("shifted"), "{}", d.message);
}

/// Issue 13: the local header names `../../../tmp/a.mp4` while the central
/// directory says `media/a.mp4`. The default mode compares every local
/// header; `--quick` reads the central directory only.
#[test]
fn a_local_header_that_disagrees_with_the_central_directory() {
    let mut evil = e("media/a.mp4", b"not a video");
    evil.local_name = Some(b"../../../tmp/a.mp4".to_vec());
    let bytes = with(evil);
    let r = check(&bytes);
    assert_error(&r, "zip/local-header-mismatch");
    let d = r.diagnostics.iter().find(|d| d.code == "zip/local-header-mismatch").unwrap();
    assert!(d.message.contains("../../../tmp/a.mp4"), "{}", d.message);
    assert_eq!(d.location.as_ref().unwrap().file, "media/a.mp4");
    let r = check_with(&bytes, &quick());
    assert!(!r.diagnostics.iter().any(|d| d.code == "zip/local-header-mismatch"));
    // Method and sizes are compared too.
    let mut method = e("media/b.bin", b"stored bytes");
    method.local_method = Some(8);
    assert_error(&check(&with(method)), "zip/local-header-mismatch");
    let mut crc = e("media/c.bin", b"data");
    crc.crc = Some(0x1234_5678);
    crc.descriptor = true;
    crc.descriptor_crc = Some(crc32(b"data"));
    let r = check(&with(crc));
    assert_error(&r, "zip/local-header-mismatch");
}

/// Entries written with a data descriptor (flag bit 3, zero sizes in the
/// local header) are standard: no finding.
#[test]
fn data_descriptors_are_fine() {
    let mut v = base();
    for en in &mut v {
        en.descriptor = true;
        en.deflate = true;
    }
    let r = check(&build(&v, false, 0));
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
}

/// A local header hidden between two listed entries: streaming extractors
/// see a file the central directory does not list.
#[test]
fn bytes_no_entry_covers_are_an_error() {
    let mut hidden = Vec::new();
    hidden.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    hidden.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
    hidden.extend_from_slice(&crc32(b"#!/bin/sh").to_le_bytes());
    hidden.extend_from_slice(&9u32.to_le_bytes());
    hidden.extend_from_slice(&9u32.to_le_bytes());
    hidden.extend_from_slice(&(b"../evil.sh".len() as u16).to_le_bytes());
    hidden.extend_from_slice(&0u16.to_le_bytes());
    hidden.extend_from_slice(b"../evil.sh#!/bin/sh");
    let mut v = base();
    v[1].gap_before = hidden;
    let bytes = build(&v, false, 0);
    let r = check(&bytes);
    assert_error(&r, "zip/unlisted-data");
    assert!(!check_with(&bytes, &quick()).diagnostics.iter().any(|d| d.code == "zip/unlisted-data"));
    // Between the central directory and its end record.
    let layout = Layout { before_end: b"PK\x03\x04 hidden".to_vec(), ..Layout::default() };
    assert_error(&check_with(&build_with(&base(), &layout), &quick()), "zip/unlisted-data");
}

/// Issue 13: names equal after Unicode normalisation collide on extraction
/// (Moodle and macOS store NFC), like names that differ only in case.
#[test]
fn names_equal_after_normalisation_collide() {
    let nfc = "media/caf\u{e9}.png";
    let nfd = "media/cafe\u{301}.png";
    let mut v = base();
    v.push(e(nfc, b"one"));
    v.push(e(nfd, b"two"));
    let r = check(&build(&v, false, 0));
    assert_error(&r, "zip/unicode-duplicate");
    assert!(!r.diagnostics.iter().any(|d| d.code == "zip/case-duplicate"));
    // Normalisation and case together.
    let mut v = base();
    v.push(e(nfc, b"one"));
    v.push(e("media/CAFE\u{301}.png", b"two"));
    assert_error(&check(&build(&v, false, 0)), "zip/case-duplicate");
}

/// Issue 13: "140 of 150 single-byte corruptions of a compressed entry
/// pass plain validate". Every one of 150 single-byte corruptions of a
/// deflated entry that no check reads is an error in the default mode.
#[test]
fn every_single_byte_corruption_of_a_compressed_entry_fails() {
    let text: Vec<u8> =
        (0..2_000u32).flat_map(|i| format!("<p>paragraph {i} of the transcript</p>\n").into_bytes()).collect();
    let mut clip = e("media/transcript.txt", &text);
    clip.deflate = true;
    let stored = deflated(&text);
    let clean = with(clip);
    let start = clean.windows(stored.len()).position(|w| w == stored.as_slice()).expect("the entry's data");
    let mut failed = 0;
    let positions: Vec<usize> = (0..150).map(|k| start + k * (stored.len() - 1) / 149).collect();
    for &at in &positions {
        let mut corrupt = clean.clone();
        corrupt[at] ^= 0x55;
        let r = check(&corrupt);
        let caught = r.diagnostics.iter().any(|d| {
            d.severity == Severity::Error
                && matches!(d.code.as_str(), "zip/crc-mismatch" | "zip/corrupt-data" | "zip/size-mismatch")
        });
        if caught {
            failed += 1;
        }
    }
    assert_eq!(failed, positions.len(), "every corruption must fail validation");
}
