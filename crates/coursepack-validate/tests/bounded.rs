//! Bounded output on hostile input (issue 13): a 4 MiB attribute value and
//! a 60,000-character entry name are never echoed whole. Every quoted value
//! is cut at 200 characters with an ellipsis, every message stays under
//! 1,000 characters, and the human report shows no snippet of an
//! over-long line. (Peak memory on the same input is a row of
//! `cargo xtask bench`.)

mod common;

use coursepack_diagnostics::ColorChoice;
use coursepack_validate::{Options, PackageReport, render_human, render_json, validate_path};
use std::io::Write;
use std::path::Path;

fn manifest(href: &str, file: &str, title: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>{title}</title>
    <item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="{href}"><file href="{file}"/></resource></resources>
</manifest>
"#
    )
}

fn zip(path: &Path, files: &[(&str, &[u8])]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in files {
        w.start_file(*name, o).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap();
}

/// The longest run of one repeated character in `s`.
fn longest_run(s: &str) -> usize {
    let (mut best, mut run, mut prev) = (0, 0, None);
    for c in s.chars() {
        run = if Some(c) == prev { run + 1 } else { 1 };
        prev = Some(c);
        best = best.max(run);
    }
    best
}

fn assert_bounded(r: &PackageReport) {
    common::assert_complete(&r.diagnostics, "bounded");
    for d in &r.diagnostics {
        for text in [Some(&d.message), d.hint.as_ref()].into_iter().flatten() {
            assert!(text.chars().count() <= 1001, "{}: {} characters", d.code, text.chars().count());
            assert!(longest_run(text) <= 200, "{}: a value was echoed whole: {}…", d.code, &text[..120]);
        }
        let file = &d.location.as_ref().unwrap().file;
        assert!(file.chars().count() < 260, "{}: location {} characters", d.code, file.chars().count());
    }
    let human = render_human(std::slice::from_ref(r), ColorChoice::Never);
    let json = render_json(std::slice::from_ref(r));
    for report in [&human, &json] {
        assert!(report.len() < 64 * 1024, "report of {} bytes", report.len());
        assert!(longest_run(report) <= 200);
    }
}

#[test]
fn a_huge_attribute_value_is_cut_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    // 4 MiB keeps the debug-build test quick; the bench's memory row uses 15 MiB.
    let huge = "a".repeat(4 * 1024 * 1024);
    let text = manifest(&huge, "index.html", &"T".repeat(300_000));
    let path = dir.path().join("p.zip");
    zip(&path, &[("imsmanifest.xml", text.as_bytes()), ("index.html", b"<p>x</p>")]);
    let r = validate_path(&path, &Options::default()).unwrap();
    assert_bounded(&r);
    let too_long: Vec<_> = r.diagnostics.iter().filter(|d| d.code == "xml/value-too-long").collect();
    assert_eq!(too_long.len(), 2, "an href and a title: {:#?}", r.diagnostics);
    assert!(too_long.iter().any(|d| d.message.contains("4194304 bytes")), "{too_long:#?}");
    assert!(r.has_errors());
}

#[test]
fn a_60000_character_entry_name_is_cut() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("../{}.html", "n".repeat(60_000));
    let path = dir.path().join("p.zip");
    zip(
        &path,
        &[
            ("imsmanifest.xml", manifest("index.html", "index.html", "T").as_bytes()),
            ("index.html", b"x"),
            (&name, b"x"),
        ],
    );
    let r = validate_path(&path, &Options::default()).unwrap();
    assert!(r.diagnostics.iter().any(|d| d.code == "zip/path-traversal"), "{:#?}", r.diagnostics.len());
    assert_bounded(&r);
}

/// A manifest of many elements: past `Limits::max_elements` it is refused
/// (located), and 300 items that are all wrong the same way give 100
/// findings and one that counts the other 200.
#[test]
fn many_elements_and_repeated_findings_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let items: String = (0..300)
        .map(|i| format!("<item identifier=\"i{i}\" identifierref=\"missing{i}\"><title>T</title></item>\n"))
        .collect();
    let text = manifest("index.html", "index.html", "T")
        .replace("<item identifier=\"i\" identifierref=\"r\"><title>T</title></item>", &items);
    let path = dir.path().join("p.zip");
    zip(&path, &[("imsmanifest.xml", text.as_bytes()), ("index.html", b"x")]);
    let r = validate_path(&path, &Options::default()).unwrap();
    assert_bounded(&r);
    let unresolved: Vec<_> = r.diagnostics.iter().filter(|d| d.code == "cts/identifierref-unresolved").collect();
    assert_eq!(unresolved.len(), 101, "100 listed and one count");
    assert!(unresolved.iter().any(|d| d.message.starts_with("200 more `cts/identifierref-unresolved` findings")));
    let limits = coursepack_validate::Limits { max_elements: 500, ..Default::default() };
    let r = validate_path(&path, &Options { limits, ..Options::default() }).unwrap();
    let d = r.diagnostics.iter().find(|d| d.code == "xml/too-many-elements").expect("too many elements");
    assert!(d.location.as_ref().unwrap().line > 1, "located at the element past the limit");
}

/// An archive that declares more entries than `Limits::max_entries` is
/// refused before any of its records is read (a million empty entries
/// cost ~480 MB and minutes when they were all read and checked): one
/// `zip/too-many-entries` error and nothing else read from it.
#[test]
fn an_archive_over_the_entry_limit_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..300).map(|i| format!("f{i:04}.txt")).collect();
    let text = manifest("index.html", "index.html", "T");
    let mut files: Vec<(&str, &[u8])> = vec![("imsmanifest.xml", text.as_bytes()), ("index.html", b"x")];
    files.extend(names.iter().map(|n| (n.as_str(), &b""[..])));
    let path = dir.path().join("p.zip");
    zip(&path, &files);
    let limits = coursepack_validate::Limits { max_entries: 100, ..Default::default() };
    let r = validate_path(&path, &Options { limits, ..Options::default() }).unwrap();
    assert_bounded(&r);
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["zip/too-many-entries"], "{:#?}", r.diagnostics);
    assert!(
        r.diagnostics[0].message.contains("302 entries, more than the limit of 100"),
        "{}",
        r.diagnostics[0].message
    );
    // Within the limit the same zip is read as usual.
    let r = validate_path(&path, &Options::default()).unwrap();
    assert!(r.diagnostics.iter().any(|d| d.code == "cts/excess-baggage"), "{:#?}", r.diagnostics);
}

/// An element with more attributes than `Limits::max_attributes` is
/// refused, located (the parser's duplicate check compares every attribute
/// with those before it: a million took over ten minutes).
#[test]
fn an_element_with_too_many_attributes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let attrs: String = (0..1000).map(|i| format!(" a{i}=\"v\"")).collect();
    let text = manifest("index.html", "index.html", "T")
        .replace("<file href=\"index.html\"/>", &format!("<file href=\"index.html\"{attrs}/>"));
    let path = dir.path().join("p.zip");
    zip(&path, &[("imsmanifest.xml", text.as_bytes()), ("index.html", b"x")]);
    let r = validate_path(&path, &Options::default()).unwrap();
    assert_bounded(&r);
    let d = r.diagnostics.iter().find(|d| d.code == "xml/too-many-attributes").expect("too many attributes");
    assert!(d.message.contains("`<file>` has more than 256 attributes"), "{}", d.message);
    assert_eq!(d.location.as_ref().unwrap().line, 6, "located at the element");
    // A real element's few attributes pass.
    let text = manifest("index.html", "index.html", "T");
    zip(&path, &[("imsmanifest.xml", text.as_bytes()), ("index.html", b"x")]);
    let r = validate_path(&path, &Options::default()).unwrap();
    assert!(!r.diagnostics.iter().any(|d| d.code == "xml/too-many-attributes"));
}

/// Many long entry names (issue 13, peak memory): every name is kept and
/// checked while a package is validated, so their total is bounded. 7,000
/// names of 648 bytes (4.3 MiB together) are refused before the rest of the
/// directory is read, with a located error that names the limit; 90,000 of
/// them used to cost 450 MB.
#[test]
fn a_directory_of_many_long_names_is_refused_at_its_limit() {
    use coursepack_validate::zipread::MAX_NAME_BYTES;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long-names.zip");
    let man = manifest("index.html", "index.html", "T");
    let names: Vec<String> = (0..7_000).map(|i| format!("f{i:07}{}", "x".repeat(640))).collect();
    let mut files: Vec<(&str, &[u8])> =
        vec![("imsmanifest.xml", man.as_bytes()), ("index.html", b"<!doctype html><title>t</title>")];
    files.extend(names.iter().map(|n| (n.as_str(), &b""[..])));
    assert!(names.iter().map(|n| n.len() as u64).sum::<u64>() > MAX_NAME_BYTES);
    zip(&path, &files);
    let r = validate_path(&path, &Options::default()).expect("validate");
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "zip/too-many-entries")
        .unwrap_or_else(|| panic!("{:#?}", r.diagnostics));
    assert!(d.message.contains(&format!("more than {MAX_NAME_BYTES} bytes")), "{}", d.message);
    assert_eq!(d.location.as_ref().map(|l| l.file.clone()), Some(path.display().to_string()));
    // Refused at the record whose name passed the limit, not after reading all.
    let mut total = 0u64;
    let at = files.iter().position(|(n, _)| {
        total += n.len() as u64;
        total > MAX_NAME_BYTES
    });
    let at = at.expect("past the limit") + 1;
    assert!(at < files.len() && d.message.contains(&format!("first {at} entries")), "{}", d.message);

    // Just under the limit, every name is read and checked as before.
    let fewer: Vec<(&str, &[u8])> = files[..6_000].to_vec();
    zip(&path, &fewer);
    let r = validate_path(&path, &Options::default()).expect("validate");
    assert!(r.diagnostics.iter().all(|d| d.code != "zip/too-many-entries"), "{:#?}", r.diagnostics);
}

/// The unreferenced-file search builds an automaton from every file name;
/// past a budget of name bytes it is skipped with a `content/not-scanned`
/// note, instead of growing with the names.
#[test]
fn the_unreferenced_file_search_is_bounded_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("xapi.zip");
    let tincan = r#"<?xml version="1.0" encoding="UTF-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
  <activity id="https://example.org/xapi/m" type="http://adlnet.gov/expapi/activities/course">
    <name lang="en">M</name><description lang="en">A module.</description><launch lang="en">index.html</launch>
  </activity></activities></tincan>
"#;
    let index = "<!doctype html><html lang=\"en\"><head><title>M</title></head><body>x</body></html>";
    // 2,000 names of 600 bytes: 1.2 MB of names, past the search's 256 KiB budget.
    let names: Vec<String> = (0..2_000).map(|i| format!("m{i:05}{}.png", "y".repeat(590))).collect();
    let mut files: Vec<(&str, &[u8])> = vec![("tincan.xml", tincan.as_bytes()), ("index.html", index.as_bytes())];
    files.extend(names.iter().map(|n| (n.as_str(), &b"png"[..])));
    zip(&path, &files);
    let r = validate_path(&path, &Options::default()).expect("validate");
    assert!(r.diagnostics.iter().all(|d| d.code != "content/unreferenced-file"), "{:#?}", r.diagnostics);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "content/not-scanned" && d.message.contains("unreferenced files"))
        .unwrap_or_else(|| panic!("{:#?}", r.diagnostics));
    assert!(d.message.contains("262144"), "{}", d.message);
    assert_eq!(d.location.as_ref().map(|l| l.file.as_str()), Some("tincan.xml"));

    // A few such names are still searched: the note lists the unused ones.
    zip(&path, &files[..12]);
    let r = validate_path(&path, &Options::default()).expect("validate");
    assert!(r.diagnostics.iter().any(|d| d.code == "content/unreferenced-file"), "{:#?}", r.diagnostics);
}
