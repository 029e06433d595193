//! Content files inside packages: loads from other origins are reported with
//! their location in the content file; plain hyperlinks are not.

mod common;

use coursepack_diagnostics::{Diagnostic, Severity};
use coursepack_validate::{Limits, Options, PackageReport, validate_path};
use std::io::Write;
use std::path::Path;

const MANIFEST: &str = r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/><file href="css/site.css"/><file href="js/app.js"/></resource></resources>
</manifest>
"#;

const INDEX: &str = "<!doctype html>\n<html lang=\"en\"><head><title>x</title>\n<link rel=\"stylesheet\" href=\"css/site.css\">\n<script src=\"https://cdn.example.com/jquery.js\"></script>\n</head><body><p>Read <a href=\"https://www.gov.uk/\">GOV.UK</a>.</p>\n<script src=\"js/app.js\"></script></body></html>\n";
const CSS: &str = "body { margin: 0 }\n@font-face { font-family: F; src: url(https://fonts.gstatic.com/f.woff2); }\n";
const JS: &str = "// fetch('https://not-this.example.com')\nvar ns = 'http://www.w3.org/2000/svg';\nfetch(\"https://lrs.example.com/xapi/statements\");\n";

fn zip_package(path: &Path, files: &[(&str, &str)]) {
    let f = std::fs::File::create(path).expect("create");
    let mut zip = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        zip.start_file(*name, opts).expect("start");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("finish");
}

fn external(r: &PackageReport) -> Vec<(&str, usize, usize, &Diagnostic)> {
    r.diagnostics
        .iter()
        .filter(|d| d.code == "content/external-resource")
        .map(|d| {
            let l = d.location.as_ref().expect("located");
            (l.file.as_str(), l.line, l.column, d)
        })
        .collect()
}

#[test]
fn loads_from_other_origins_are_located_in_zip_and_folder_packages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = [("imsmanifest.xml", MANIFEST), ("index.html", INDEX), ("css/site.css", CSS), ("js/app.js", JS)];
    let zip = dir.path().join("p.zip");
    zip_package(&zip, &files);
    let folder = dir.path().join("p");
    for (name, text) in files {
        let p = folder.join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    for path in [zip, folder] {
        let r = validate_path(&path, &Options::default()).expect("validate");
        common::assert_complete(&r.diagnostics, "content package");
        let found: Vec<(&str, usize, usize)> = external(&r).iter().map(|(f, l, c, _)| (*f, *l, *c)).collect();
        assert_eq!(
            found,
            vec![("css/site.css", 2, 39), ("index.html", 4, 14), ("js/app.js", 3, 8)],
            "{:#?}",
            r.diagnostics
        );
        for (_, _, _, d) in external(&r) {
            assert_eq!(d.severity, Severity::Warning);
            assert!(d.hint.as_deref().is_some_and(|h| h.contains("Content-Security-Policy")), "{d:?}");
        }
        let font = external(&r).into_iter().find(|e| e.0 == "css/site.css").expect("font").3;
        assert!(font.message.contains("web font"), "{font:?}");
        assert!(
            !r.diagnostics.iter().any(|d| d.message.contains("gov.uk") || d.message.contains("not-this")),
            "hyperlinks and comments are not loads"
        );
    }
}

#[test]
fn large_files_are_listed_as_not_scanned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = dir.path().join("p.zip");
    let big = format!("{}\nfetch('https://x.example.com/');\n", "// padding\n".repeat(200));
    zip_package(
        &zip,
        &[("imsmanifest.xml", MANIFEST), ("index.html", "<p>x</p>"), ("css/site.css", ""), ("js/app.js", &big)],
    );
    let options = Options { limits: Limits { max_scan_bytes: 1024, ..Limits::default() }, ..Options::default() };
    let r = validate_path(&zip, &options).expect("validate");
    common::assert_complete(&r.diagnostics, "large files");
    assert!(external(&r).is_empty());
    let d = r.diagnostics.iter().find(|d| d.code == "content/not-scanned").expect("not-scanned");
    assert_eq!((d.severity, d.location.as_ref().map(|l| l.file.as_str())), (Severity::Info, Some("js/app.js")));
    // The hint names the command-line option, with a limit that covers the file.
    let hint = d.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("coursepack validate --max-scan-file-mb 1") && !hint.contains("Limits::"), "{hint}");
}

const TINCAN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
  <activity id="https://example.org/xapi/m" type="http://adlnet.gov/expapi/activities/course">
    <name lang="en">M</name><description lang="en">A module.</description><launch lang="en">index.html</launch>
  </activity></activities></tincan>
"#;

fn unreferenced(r: &PackageReport) -> Vec<&Diagnostic> {
    r.diagnostics.iter().filter(|d| d.code == "content/unreferenced-file").collect()
}

#[test]
fn files_nothing_refers_to_are_noted_in_xapi_packages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = "<!doctype html><html lang=\"en\"><head><title>M</title><link rel=\"stylesheet\" href=\"player/player.css\"></head>\n<body><img src=\"media/map%20one.svg\" alt=\"A map\"><script src=\"player/player.js\"></script></body></html>\n";
    let files = [
        ("tincan.xml", TINCAN),
        ("index.html", index),
        ("player/player.css", "body { background: url(bg.png) }"),
        ("player/bg.png", "png"),
        ("player/player.js", "var data = 'data/questions.json';"),
        ("data/questions.json", "{}"),
        ("media/map one.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("media/old-draft.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("notes.txt", "left over"),
    ];
    let zip = dir.path().join("p.zip");
    zip_package(&zip, &files);
    let r = validate_path(&zip, &Options::default()).expect("validate");
    common::assert_complete(&r.diagnostics, "unreferenced files");
    let found = unreferenced(&r);
    assert_eq!(found.len(), 1, "{:#?}", r.diagnostics);
    let d = found[0];
    assert_eq!(d.severity, Severity::Info, "a note, so --deny-warnings still passes");
    assert_eq!(d.location.as_ref().map(|l| l.file.as_str()), Some("tincan.xml"));
    assert!(
        d.message.starts_with("2 file(s)")
            && d.message.contains("`media/old-draft.svg`")
            && d.message.contains("`notes.txt`"),
        "{}",
        d.message
    );
    // Referenced by CSS url(), by a name written in a script, and percent-encoded in HTML: not listed.
    for name in ["bg.png", "questions.json", "map one.svg"] {
        assert!(!d.message.contains(name), "{name} is referenced: {}", d.message);
    }

    // With every file referenced, nothing is noted.
    let clean: Vec<(&str, &str)> =
        files.iter().copied().filter(|(n, _)| !matches!(*n, "media/old-draft.svg" | "notes.txt")).collect();
    let zip = dir.path().join("clean.zip");
    zip_package(&zip, &clean);
    let r = validate_path(&zip, &Options::default()).expect("validate");
    assert!(unreferenced(&r).is_empty(), "{:#?}", r.diagnostics);

    // A text file too large to read means its references are unknown: no guess is made.
    let zip = dir.path().join("big.zip");
    zip_package(&zip, &files);
    let options = Options { limits: Limits { max_scan_bytes: 64, ..Limits::default() }, ..Options::default() };
    let r = validate_path(&zip, &options).expect("validate");
    assert!(unreferenced(&r).is_empty(), "{:#?}", r.diagnostics);
}

/// Issue 13: the content scan has a total budget. Twelve 2 KiB scripts,
/// each loading from another origin, against a 10 KiB budget: the page and
/// the first four scripts are read and their loads found, the other eight
/// are listed in one note whose hint names the budget that would cover
/// them.
#[test]
fn the_scan_reads_at_most_its_budget_and_notes_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = |i: usize| format!("fetch('https://lrs{i}.example.com/');\n{}", "// padding line\n".repeat(126));
    let scripts: Vec<(String, String)> = (0..12).map(|i| (format!("js/s{i:02}.js"), script(i))).collect();
    assert!(scripts.iter().all(|(_, s)| (2048..2100).contains(&s.len())));
    let mut files: Vec<(&str, &str)> = vec![("imsmanifest.xml", MANIFEST), ("index.html", "<p>x</p>")];
    files.extend(scripts.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    let zip = dir.path().join("p.zip");
    zip_package(&zip, &files);
    let limits = Limits { max_scan_total_bytes: 10 * 1024, ..Limits::default() };
    let r = validate_path(&zip, &Options { limits, ..Options::default() }).expect("validate");
    common::assert_complete(&r.diagnostics, "scan budget");
    let found: Vec<&str> = external(&r).iter().map(|(f, _, _, _)| *f).collect();
    assert_eq!(found, ["js/s00.js", "js/s01.js", "js/s02.js", "js/s03.js"], "{:#?}", r.diagnostics);
    let notes: Vec<&Diagnostic> = r.diagnostics.iter().filter(|d| d.code == "content/not-scanned").collect();
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert!(notes[0].message.starts_with("8 file(s) ("), "{}", notes[0].message);
    assert!(notes[0].message.contains("`js/s04.js`") && notes[0].message.contains("`js/s11.js`"));
    assert!(notes[0].hint.as_deref().unwrap_or_default().contains("--max-scan-mb 1"), "{:?}", notes[0].hint);
    // A budget that covers them all reads them all.
    let r = validate_path(&zip, &Options::default()).expect("validate");
    assert_eq!(external(&r).len(), 12);
    assert!(!r.diagnostics.iter().any(|d| d.code == "content/not-scanned"));
}
