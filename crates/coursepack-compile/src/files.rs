//! What a module may package besides its pages: the policy on file types and
//! the content checks every file passes before it goes into a package.
//!
//! A package runs inside the LMS's origin, with the learner signed in, and a
//! learner can open any file of it directly (a link to a handout, "open image
//! in new tab"). So (see docs/authoring.md, "Safety rules"):
//!
//! - files that browsers or web servers run are refused whatever their
//!   content: scripts, web pages, server pages, programs, Flash, compressed
//!   SVG that cannot be checked, hidden files such as `.htaccess`;
//! - SVG images are checked and rewritten by [`crate::svg`];
//! - XML files are refused when a browser would make them active (a
//!   stylesheet instruction, HTML, SVG or MathML inside, entity declarations);
//! - documents, data, archives and media of known types are packaged as they
//!   are; a file of any other type is packaged only if its first bytes do not
//!   look like a web page, since browsers guess the type of unknown files from
//!   their content (the WHATWG MIME sniffing rules).
//!
//! Only [`check`] makes a [`CheckedFile`], so every file in a package has
//! passed it.

use crate::svg;
use coursepack_diagnostics::Diagnostic;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;
use std::path::{Path, PathBuf};

/// A file that passed [`check`] and may be packaged.
#[derive(Clone, Debug)]
pub struct CheckedFile {
    /// Its real path on disk.
    pub(crate) source: PathBuf,
    /// The bytes to package instead of the file's own (a rewritten SVG).
    pub(crate) rewritten: Option<Vec<u8>>,
}

/// Types that run code in a browser or on a web server, with what they are.
const EXECUTABLE: &[(&[&str], &str)] = &[
    (&["js", "mjs", "cjs", "jsx"], "a JavaScript file, which runs in the learner's browser"),
    (&["wasm"], "a WebAssembly program, which runs in the learner's browser"),
    (
        &["html", "htm", "xhtml", "xht", "shtml", "shtm", "mht", "mhtml", "hta", "svgz", "xsl", "xslt"],
        "a web page, which runs its scripts inside the LMS when a learner opens it",
    ),
    (
        &[
            "php", "php3", "php4", "php5", "php7", "phtml", "phar", "asp", "aspx", "jsp", "jspx", "cfm", "cgi", "pl",
            "py", "rb", "sh", "shtml",
        ],
        "a server script, which some LMS web servers run",
    ),
    (
        &[
            "exe", "msi", "dll", "com", "scr", "bat", "cmd", "ps1", "vbs", "vbe", "jse", "wsf", "wsh", "jar", "class",
            "apk", "app", "dmg", "pkg", "deb", "rpm", "swf", "xap",
        ],
        "a program, which learners should never download from a course",
    ),
];

/// Types packaged as they are: documents, data, archives, media, captions, fonts.
const INERT: &[&str] = &[
    "pdf", "txt", "text", "csv", "tsv", "json", "rtf", "doc", "docx", "dot", "dotx", "xls", "xlsx", "ppt", "pptx",
    "pps", "ppsx", "odt", "ods", "odp", "odg", "epub", "zip", "gz", "tgz", "7z", "png", "jpg", "jpeg", "gif", "webp",
    "avif", "bmp", "tif", "tiff", "ico", "mp3", "m4a", "oga", "ogg", "opus", "wav", "flac", "aac", "mp4", "m4v",
    "webm", "ogv", "mov", "vtt", "srt", "woff", "woff2", "ttf", "otf",
];

/// XML formats a browser may render as a document.
const XML_TYPES: &[&str] =
    &["xml", "rss", "atom", "kml", "gpx", "xsd", "opml", "rdf", "xliff", "xlf", "tei", "dita", "plist"];

/// Namespaces whose elements are live in any XML document a browser shows.
const ACTIVE_NAMESPACES: &[(&str, &str)] = &[
    ("http://www.w3.org/1999/xhtml", "HTML"),
    ("http://www.w3.org/2000/svg", "SVG"),
    ("http://www.w3.org/1998/Math/MathML", "MathML"),
    ("http://www.w3.org/1999/XSL/Transform", "XSLT"),
];

/// The lowercased extension of a package path.
fn extension(package_path: &str) -> String {
    let name = package_path.rsplit('/').next().unwrap_or(package_path);
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// Check a file of the module before it is packaged at `package_path`;
/// `real` is its real path (already confined to the module). Returns the
/// file when it may be packaged, and the problems found, not yet located
/// (the caller places them at the line that uses the file).
pub fn check(package_path: &str, written: &str, real: &Path) -> (Option<CheckedFile>, Vec<Diagnostic>) {
    let name = package_path.rsplit('/').next().unwrap_or(package_path);
    let ext = extension(package_path);
    let refuse = |what: &str, hint: &str| {
        (None, vec![Diagnostic::error("page/unsafe-file-type", format!("`{written}` is {what}")).with_hint(hint)])
    };
    if name.starts_with('.') {
        return refuse(
            "a hidden file; web servers read files such as `.htaccess` as their settings",
            "packages never include hidden files; rename it without the leading `.`",
        );
    }
    if let Some((_, what)) = EXECUTABLE.iter().find(|(exts, _)| exts.contains(&ext.as_str())) {
        let hint = match ext.as_str() {
            "html" | "htm" | "xhtml" | "xht" | "shtml" | "shtm" | "mht" | "mhtml" | "hta" => {
                "packages never include web pages of their own; make it a page of this module, or save it as PDF"
            }
            "svgz" => "save the image as plain (uncompressed) SVG, which coursepack can check",
            "xsl" | "xslt" => "packages never include stylesheets that transform documents; link to a PDF instead",
            _ => "packages never include files that run code; link to a page on the web instead, or leave it out",
        };
        return refuse(what, hint);
    }
    let checked_as_is = || (Some(CheckedFile { source: real.to_path_buf(), rewritten: None }), Vec::new());
    if INERT.contains(&ext.as_str()) {
        return checked_as_is();
    }
    let whole = ext == "svg" || XML_TYPES.contains(&ext.as_str());
    let bytes = match read(real, if whole { None } else { Some(512) }) {
        Ok(bytes) => bytes,
        Err(e) => {
            let reason = match e.kind() {
                std::io::ErrorKind::PermissionDenied => "you do not have permission to read it".to_string(),
                _ => e.to_string(),
            };
            return (
                None,
                vec![
                    Diagnostic::error("page/not-a-file", format!("`{written}` cannot be read: {reason}"))
                        .with_hint("check the file's permissions"),
                ],
            );
        }
    };
    if ext == "svg" {
        return check_svg(written, real, &bytes);
    }
    if XML_TYPES.contains(&ext.as_str()) {
        if let Some(problem) = xml_problem(&bytes) {
            return (
                None,
                vec![Diagnostic::error("page/unsafe-content", format!("`{written}` {problem}")).with_hint(
                    "remove the stylesheet instruction, the DOCTYPE's entity declarations and any HTML, SVG or MathML elements, or link to a PDF instead",
                )],
            );
        }
    } else if let Some(start) = sniffs_as_markup(&bytes) {
        return refuse(
            &format!(
                "of a type browsers do not know, and it starts like a web page (`{start}`), so a browser may run it as one"
            ),
            "packages never include web pages of their own; make it a page of this module, or save it as PDF or plain text (.txt)",
        );
    }
    checked_as_is()
}

/// The whole file, or its first `limit` bytes.
fn read(path: &Path, limit: Option<u64>) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    match limit {
        Some(limit) => file.take(limit).read_to_end(&mut bytes)?,
        None => (&file).read_to_end(&mut bytes)?,
    };
    Ok(bytes)
}

fn check_svg(written: &str, real: &Path, bytes: &[u8]) -> (Option<CheckedFile>, Vec<Diagnostic>) {
    match svg::sanitise(bytes) {
        Err(invalid) => (
            None,
            vec![
                Diagnostic::error(
                    "page/invalid-svg",
                    format!("`{written}` (line {}): {}", invalid.line, invalid.reason),
                )
                .with_hint("open the image in a vector editor and export it again as plain SVG"),
            ],
        ),
        Ok(clean) if !clean.active.is_empty() => {
            let mut findings: Vec<String> = clean
                .active
                .iter()
                .take(3)
                .map(|f| if f.line > 0 { format!("{} (line {})", f.what, f.line) } else { f.what.clone() })
                .collect();
            if clean.active.len() > 3 {
                findings.push(format!("{} more", clean.active.len() - 3));
            }
            (
                None,
                vec![Diagnostic::error(
                    "page/unsafe-content",
                    format!(
                        "`{written}` holds {}, which would run code or load files in the learner's LMS session if the image were opened",
                        findings.join(", ")
                    ),
                )
                .with_hint("remove them in a vector editor (or export the image again as plain SVG); images in packages only draw")],
            )
        }
        Ok(clean) => {
            let mut problems = Vec::new();
            if !clean.removed.is_empty() {
                let names: Vec<String> = clean.removed.iter().take(6).map(|n| format!("`{n}`")).collect();
                let more = if clean.removed.len() > 6 {
                    format!(" and {} more", clean.removed.len() - 6)
                } else {
                    String::new()
                };
                problems.push(
                    Diagnostic::warning(
                        "page/svg-changed",
                        format!("`{written}`: the package's copy leaves out {}{more}, which packages do not include", names.join(", ")),
                    )
                    .with_hint("check the image in the built package; to keep them out of your source too, export the image again as plain SVG"),
                );
            }
            (Some(CheckedFile { source: real.to_path_buf(), rewritten: Some(clean.bytes) }), problems)
        }
    }
}

/// Why a browser would make this XML file active, if it would.
fn xml_problem(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some("is not UTF-8 text, so coursepack cannot check it".into());
    };
    let mut reader = NsReader::from_str(text);
    reader.config_mut().enable_all_checks(true);
    loop {
        let line = text[..(reader.buffer_position() as usize).min(text.len())].matches('\n').count() + 1;
        let (namespace, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (ns.to_owned_namespace(), event),
            Err(e) => {
                return Some(format!(
                    "is not well-formed XML ({e}); browsers show such a file as a page up to the error, so coursepack cannot check it"
                ));
            }
        };
        match event {
            Event::PI(pi) if pi.target().eq_ignore_ascii_case("xml-stylesheet") => {
                return Some(format!(
                    "has an `xml-stylesheet` instruction (line {line}), which makes browsers style or transform it into a page"
                ));
            }
            Event::DocType(doctype) if doctype.as_ref().contains('[') => {
                return Some(format!("declares entities in its DOCTYPE (line {line}), which can hide markup"));
            }
            Event::Start(element) | Event::Empty(element) => {
                if let Some(kind) =
                    namespace.as_deref().and_then(|ns| ACTIVE_NAMESPACES.iter().find(|(uri, _)| *uri == ns))
                {
                    return Some(format!(
                        "holds {} elements (`<{}>`, line {line}), which browsers run as a page",
                        kind.1,
                        element.name().as_ref()
                    ));
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Helper: an owned namespace URI out of a resolve result.
trait OwnedNamespace {
    fn to_owned_namespace(&self) -> Option<String>;
}

impl OwnedNamespace for ResolveResult<'_> {
    fn to_owned_namespace(&self) -> Option<String> {
        match self {
            ResolveResult::Bound(Namespace(ns)) => Some(ns.to_string()),
            _ => None,
        }
    }
}

/// The start of the file when it matches one of the patterns by which
/// browsers recognise HTML or XML in a file of unknown type (WHATWG MIME
/// Sniffing, "rules for identifying an unknown MIME type": leading
/// whitespace skipped, tag names compared without case and followed by a
/// space or `>`), plus `<svg`.
fn sniffs_as_markup(bytes: &[u8]) -> Option<String> {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start: &[u8] = &start
        [start.iter().position(|b| !matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')).unwrap_or(start.len())..];
    const TAGS: &[&str] = &[
        "<!DOCTYPE HTML",
        "<HTML",
        "<HEAD",
        "<SCRIPT",
        "<IFRAME",
        "<H1",
        "<DIV",
        "<FONT",
        "<TABLE",
        "<A",
        "<STYLE",
        "<TITLE",
        "<B",
        "<BODY",
        "<BR",
        "<P",
        "<SVG",
    ];
    let upper: Vec<u8> = start.iter().take(16).map(u8::to_ascii_uppercase).collect();
    for tag in TAGS {
        let tag = tag.as_bytes();
        if upper.starts_with(tag) && upper.get(tag.len()).is_some_and(|b| *b == b' ' || *b == b'>') {
            return Some(String::from_utf8_lossy(&start[..tag.len()]).into_owned());
        }
    }
    for prefix in ["<!--", "<?xml"] {
        if start.starts_with(prefix.as_bytes()) {
            return Some(prefix.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(name: &str, bytes: &[u8]) -> (bool, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, bytes).unwrap();
        let (file, problems) = check(&format!("media/{name}"), &format!("media/{name}"), &path);
        (file.is_some(), problems.into_iter().map(|d| format!("{} {}", d.code, d.message)).collect())
    }

    #[test]
    fn executable_types_and_hidden_files_are_refused_whatever_they_hold() {
        for name in [
            "a.js",
            "a.MJS",
            "a.wasm",
            "a.html",
            "a.htm",
            "a.xhtml",
            "a.svgz",
            "a.php",
            "a.xsl",
            "a.exe",
            "a.swf",
            ".htaccess",
        ] {
            let (ok, problems) = checked(name, b"harmless");
            assert!(!ok, "{name}");
            assert!(problems[0].starts_with("page/unsafe-file-type"), "{name}: {problems:?}");
        }
    }

    #[test]
    fn known_documents_pass_and_unknown_types_are_sniffed() {
        assert_eq!(checked("handout.pdf", b"%PDF-1.4"), (true, vec![]));
        assert_eq!(
            checked("notes.txt", b"<html><script>alert(1)</script>"),
            (true, vec![]),
            "text/plain is never sniffed"
        );
        assert_eq!(checked("data.dat", b"1,2,3\n"), (true, vec![]));
        for page in [
            &b"  <!doctype html><p>x"[..],
            b"<HTML>",
            b"\n<script>alert(1)</script>",
            b"<?xml version=\"1.0\"?><x/>",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\">",
        ] {
            let (ok, problems) = checked("notes.dat", page);
            assert!(!ok, "{}", String::from_utf8_lossy(page));
            assert!(problems[0].starts_with("page/unsafe-file-type"), "{problems:?}");
        }
        assert!(!checked("notes", b"<b>bold</b>").0, "no extension, sniffed as HTML");
        assert!(checked("notes", b"<bold>").0, "a tag name must end where the pattern ends");
    }

    #[test]
    fn xml_that_a_browser_would_make_active_is_refused() {
        assert!(
            checked("data.xml", b"<?xml version=\"1.0\"?>\n<records><record id=\"1\">Minute book</record></records>\n")
                .0
        );
        for (xml, needle) in [
            (&b"<?xml-stylesheet type=\"text/css\" href=\"https://example.org/s.css\"?><r/>"[..], "xml-stylesheet"),
            (
                b"<r><x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">alert(1)</x:script></r>",
                "HTML elements (`<x:script>`",
            ),
            (b"<r xmlns:s=\"http://www.w3.org/2000/svg\"><s:svg/></r>", "SVG elements"),
            (b"<!DOCTYPE r [<!ENTITY e \"x\">]><r>&e;</r>", "entities"),
            (b"<r><unclosed></r>", "not well-formed"),
        ] {
            let (ok, problems) = checked("data.xml", xml);
            assert!(!ok);
            assert!(problems[0].starts_with("page/unsafe-content") && problems[0].contains(needle), "{problems:?}");
        }
    }

    #[test]
    fn svg_is_rewritten_refused_or_reported_as_invalid() {
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/><!-- c --></svg>";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.svg");
        std::fs::write(&path, svg).unwrap();
        let (file, problems) = check("media/f.svg", "media/f.svg", &path);
        assert!(problems.is_empty());
        let rewritten = String::from_utf8(file.unwrap().rewritten.unwrap()).unwrap();
        assert!(!rewritten.contains("<!--"), "{rewritten}");
        let (ok, problems) = checked("f.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>");
        assert!(
            !ok && problems[0].starts_with("page/unsafe-content") && problems[0].contains("`onload` (line 1)"),
            "{problems:?}"
        );
        let (ok, problems) = checked("f.svg", b"<svg");
        assert!(!ok && problems[0].starts_with("page/invalid-svg"), "{problems:?}");
        let (ok, problems) = checked("f.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject/></svg>");
        assert!(
            ok && problems[0].starts_with("page/svg-changed") && problems[0].contains("`<foreignObject>`"),
            "{problems:?}"
        );
    }
}
