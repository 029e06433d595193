//! A plain offline web package (issue 12 §3): no manifest, `index.html` at
//! the root, as `coursepack build --target web` writes. It is recognised
//! and checked for what applies: a safe zip, every file its pages and
//! stylesheets refer to present, no load from another origin.

mod common;

use coursepack_diagnostics::Severity;
use coursepack_validate::{Options, PackageReport, validate_path};
use std::io::Write;
use std::path::Path;

fn zip(path: &Path, files: &[(&str, &str)]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        w.start_file(*name, o).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap();
}

fn validate(path: &Path) -> PackageReport {
    let r = validate_path(path, &Options::default()).unwrap();
    common::assert_complete(&r.diagnostics, "web package");
    r
}

const INDEX: &str = r##"<!doctype html>
<html lang="en"><head><title>Module</title>
<link rel="stylesheet" href="player/player.css">
<link rel="icon" href="data:,">
</head><body>
<img src="media/map%20one.png" alt="A map" srcset="media/map%20one.png 1x, media/map-2x.png 2x">
<a href="#page-2">Next</a> <a href="https://www.gov.uk/">GOV.UK</a> <a href="about/">About</a>
<video src="media/clip.mp4" poster="media/clip.jpg"><track src="media/clip.vtt" kind="captions"></video>
<script src="player/player.js"></script>
<script>var later = "media/not-a-reference.png";</script>
</body></html>
"##;

fn clean_files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("index.html", INDEX),
        ("player/player.css", "body { background: url(bg.png) } @import 'print.css';"),
        ("player/bg.png", "png"),
        ("player/print.css", ""),
        ("player/player.js", "document.title;"),
        ("media/map one.png", "png"),
        ("media/map-2x.png", "png"),
        ("media/clip.mp4", "mp4"),
        ("media/clip.jpg", "jpg"),
        ("media/clip.vtt", "WEBVTT"),
        ("about/index.html", "<!doctype html><title>About</title><a href=\"../index.html\">Back</a>"),
    ]
}

#[test]
fn a_clean_web_package_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("module-web.zip");
    zip(&path, &clean_files());
    let r = validate(&path);
    assert_eq!(r.standard.map(|s| s.id()), Some("web"));
    assert!(r.diagnostics.iter().all(|d| d.severity == Severity::Info), "{:#?}", r.diagnostics);
    assert!(r.diagnostics.iter().any(|d| d.code == "package/web"));
    assert!(!r.diagnostics.iter().any(|d| d.code == "package/no-manifest"));
}

#[test]
fn missing_files_and_other_origins_are_found_and_located() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = clean_files();
    files.retain(|(n, _)| !matches!(*n, "media/clip.vtt" | "player/bg.png" | "about/index.html"));
    let broken_index = INDEX.replace(
        "<script src=\"player/player.js\"></script>",
        "<script src=\"player/player.js\"></script>\n<img src=\"/logo.png\" alt=\"\"><img src=\"../up.png\" alt=\"\"><img src=\"MEDIA/clip.jpg\" alt=\"\">\n<script src=\"https://cdn.example.com/lib.js\"></script>",
    );
    files.retain(|(n, _)| *n != "index.html");
    files.push(("index.html", &broken_index));
    let path = dir.path().join("module-web.zip");
    zip(&path, &files);
    let r = validate(&path);
    assert_eq!(r.standard.map(|s| s.id()), Some("web"));
    let at = |code: &str| -> Vec<(String, usize, usize)> {
        r.diagnostics
            .iter()
            .filter(|d| d.code == code && d.severity == Severity::Error)
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                (l.file.clone(), l.line, l.column)
            })
            .collect()
    };
    assert_eq!(
        at("content/missing-file"),
        [
            ("index.html".to_string(), 7, 78),
            ("index.html".to_string(), 8, 65),
            ("player/player.css".to_string(), 1, 24)
        ],
        "{:#?}",
        r.diagnostics
    );
    assert_eq!(at("content/outside-package").len(), 2, "/logo.png and ../up.png");
    assert_eq!(at("content/case-mismatch"), [("index.html".to_string(), 10, 67)]);
    assert!(r.diagnostics.iter().any(|d| d.code == "content/external-resource" && d.severity == Severity::Warning));
    assert!(r.has_errors());
}

/// A folder with an index.html is a web package too; with neither a
/// manifest nor an index.html there is no package.
#[test]
fn folders_and_what_is_not_a_package() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in clean_files() {
        let path = dir.path().join("site").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let r = validate(&dir.path().join("site"));
    assert_eq!(r.standard.map(|s| s.id()), Some("web"));
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    let path = dir.path().join("nothing.zip");
    zip(&path, &[("readme.txt", "x")]);
    let r = validate(&path);
    assert!(r.diagnostics.iter().any(|d| d.code == "package/no-manifest" && d.severity == Severity::Error));
}
