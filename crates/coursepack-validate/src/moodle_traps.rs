//! How Moodle (and Totara, which runs Moodle's SCORM code) reads a package,
//! and the packages it therefore breaks although they pass every other
//! check. Facts from Moodle 4.5.1+ (commit aa55f38), read in its public
//! source; no code of it is used here:
//!
//! - **File names** (`lib/filestorage/zip_archive.php`, the name lookup it
//!   builds when it extracts a zip): every name is cleaned as a
//!   `PARAM_PATH` (`lib/classes/param.php`: in each path segment the control
//!   characters and ``& < > " ` | ' : \ /`` are dropped, NUL, U+FFFE, U+FFFF
//!   and invalid UTF-8 bytes too, a segment `.` or `..` becomes empty, and
//!   `//` and `/./` collapse) and then normalised to NFC. Names that come out
//!   equal are extracted once (`zip_packer.php`: the second is skipped).
//!   Paths under `__MACOSX` and names ending in `.DS_Store` are not extracted.
//!   The database keeps a file name and a folder path (with its two slashes)
//!   in 255 characters each (`lib/db/install.xml`, table `files`).
//! - **The manifest** (`mod/scorm/datamodels/scormlib.php`): parsed by PHP's
//!   XML parser without namespaces, with names case-folded, so elements and
//!   attributes are found by their literal prefix (`ITEM`, `ADLCP:SCORMTYPE`,
//!   `IMSSS:SEQUENCING`, `ADLNAV:HIDELMSUI`, `XML:BASE`); `<schemaversion>`
//!   must match `^(1\.2)$|^(CAM )?(1\.3)$` or `^2004 (3rd|4th) Edition$`,
//!   else the package runs as SCORM 1.2; the launch is the resource's own
//!   `xml:base` and `href` (the manifest's and `<resources>`' are ignored; with
//!   no organization the href alone); identifiers and hrefs are used as
//!   written; boolean attributes are compared with the string `true`.
//!
//! What makes Moodle's importer throw or misread values (mapInfo, 255-character
//! columns for identifiers and titles, character references...) is
//! [`crate::moodle_import`]'s.
//!
//! Each finding is an error under `--lms moodle` and `--lms totara`
//! ([`crate::lms`]); by default it is a warning where the trap is a risk for
//! any LMS and a note where only Moodle trips on it.

use crate::Context;
use crate::content;
use crate::detect::Standard;
use crate::rules::{Rule, shown};
use crate::schema::{scorm12, scorm2004};
use crate::xml::{Document, Element, XML_NS};
use coursepack_diagnostics::{Diagnostic, Location, SourceFile};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// The codes of this module: errors under `--lms moodle` and `--lms totara`.
pub(crate) const CODES: [&str; 9] = [
    "lms/moodle-file-name",
    "lms/moodle-nfd-name",
    "lms/moodle-path-length",
    "lms/moodle-prefix",
    "lms/moodle-schemaversion",
    "lms/moodle-xml-base",
    "lms/moodle-whitespace",
    "lms/moodle-boolean",
    "lms/moodle-system-file",
];

/// Most findings of one code listed one by one; the rest are counted in one more.
const LISTED: usize = 10;

/// The characters Moodle's `PARAM_FILE` drops from a name.
const DROPPED: &[char] = &['&', '<', '>', '"', '`', '|', '\'', ':', '\\', '\0', '\u{FFFE}', '\u{FFFF}'];

/// The name Moodle stores a zip entry under.
pub(crate) fn moodle_name(name: &str) -> String {
    let slashed = name.replace('\\', "/");
    let segments: Vec<String> = slashed
        .split('/')
        .enumerate()
        .map(|(i, seg)| {
            if i == 0 && seg == "." {
                return seg.to_string();
            }
            let kept: String = seg.chars().filter(|c| !(c.is_ascii_control() || DROPPED.contains(c))).collect();
            if kept == "." || kept == ".." { String::new() } else { kept }
        })
        .collect();
    let mut path = segments.join("/");
    while path.contains("//") {
        path = path.replace("//", "/");
    }
    while path.contains("/./") {
        path = path.replace("/./", "/");
    }
    path.trim_start_matches('/').nfc().collect()
}

/// The characters of `name` that Moodle drops, as written in a message.
fn dropped(name: &str) -> String {
    let mut seen: Vec<char> = Vec::new();
    for c in name.chars().filter(|c| c.is_ascii_control() || DROPPED.contains(c)) {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.iter().map(|c| format!("`{}`", c.escape_debug())).collect::<Vec<_>>().join(", ")
}

/// True for a name Moodle does not extract (macOS and Windows litter).
fn skipped_on_extraction(name: &str) -> bool {
    name.starts_with("__MACOSX") || name.ends_with(".DS_Store")
}

/// Findings about the package's file names (any standard: Moodle extracts
/// every zip through the same code).
pub(crate) fn files(ctx: &Context) -> Vec<Diagnostic> {
    let mut renamed = Vec::new();
    let mut nfd = Vec::new();
    let mut long = Vec::new();
    let mut stored: HashMap<String, &str> = HashMap::new();
    for f in ctx.pkg.files.iter().filter(|f| f.starts_with(ctx.root)) {
        let m = moodle_name(f);
        let nfc: String = f.nfc().collect();
        if m != nfc {
            renamed.push(moodle_renamed(f, &m));
        } else if m != *f {
            nfd.push(
                Diagnostic::warning(
                    "lms/moodle-nfd-name",
                    format!(
                        "`{}` is not in Unicode NFC: Moodle stores it in NFC, so a reference written like the name (NFD, as macOS writes it) no longer finds it",
                        shown(f)
                    ),
                )
                .with_hint("re-create the zip with NFC names (an accented letter as one character), and write the references the same way")
                .with_rule(Rule::LMS_MOODLE_NAMES)
                .at(Location::file(f.clone())),
            );
        }
        if let Some(first) = stored.get(&m)
            && moodle_name(first) == m
            && first.nfc().collect::<String>() != nfc
        {
            renamed.push(
                Diagnostic::warning(
                    "lms/moodle-file-name",
                    format!(
                        "`{}` and `{}` both become `{}` when Moodle extracts the package: it keeps only the first",
                        shown(first),
                        shown(f),
                        shown(&m)
                    ),
                )
                .with_hint(
                    "rename one of them (without ' & : \" < > | \\ ` or control characters) and update its references",
                )
                .with_rule(Rule::LMS_MOODLE_NAMES)
                .at(Location::file(f.clone())),
            );
        } else {
            stored.entry(m.clone()).or_insert(f.as_str());
        }
        let (dir, base) = f.rsplit_once('/').unwrap_or(("", f.as_str()));
        let dir_len = dir.chars().count() + 2;
        if base.chars().count() > 255 || dir_len > 255 {
            long.push(
                Diagnostic::warning(
                    "lms/moodle-path-length",
                    format!(
                        "`{}` has a {} of more than 255 characters, the most Moodle's file table holds: its import fails",
                        shown(f),
                        if base.chars().count() > 255 { "file name" } else { "folder path" }
                    ),
                )
                .with_hint("shorten the file and folder names")
                .with_rule(Rule::LMS_MOODLE_PATH_LENGTH)
                .at(Location::file(f.clone())),
            );
        }
    }
    let mut out = Vec::new();
    for list in [renamed, nfd, long] {
        out.extend(capped(list, ctx.manifest));
    }
    out
}

fn moodle_renamed(f: &str, m: &str) -> Diagnostic {
    Diagnostic::warning(
        "lms/moodle-file-name",
        format!(
            "Moodle stores `{}` as `{}` when it extracts the package (it drops {}): the name the manifest and the pages use is no longer the file's",
            shown(f),
            shown(m),
            dropped(f)
        ),
    )
    .with_hint("rename the file without ' & : \" < > | \\ ` or control characters, and update its references (many web servers and LMSs trip on these characters too)")
    .with_rule(Rule::LMS_MOODLE_NAMES)
    .at(Location::file(f.to_string()))
}

/// The first [`LISTED`] findings, and one that counts the rest.
fn capped(mut list: Vec<Diagnostic>, manifest: &str) -> Vec<Diagnostic> {
    if list.len() > LISTED {
        let rest = list.len() - LISTED;
        let first = &list[0];
        let more =
            Diagnostic::new(first.severity, first.code.clone(), format!("{rest} more file(s) like the ones above"))
                .with_hint(first.hint.clone().unwrap_or_default())
                .with_rule(first.rule.clone().unwrap_or_default())
                .at(Location::file(manifest.to_string()));
        list.truncate(LISTED);
        list.push(more);
    }
    list
}

/// The prefix Moodle finds an element or attribute of namespace `ns` by
/// (`""`: none), when it reads any from that namespace.
fn moodle_prefix(ns: &str) -> Option<&'static str> {
    match ns {
        scorm12::CP | scorm2004::CP => Some(""),
        scorm12::ADLCP | scorm2004::ADLCP => Some("adlcp"),
        scorm2004::IMSSS => Some("imsss"),
        scorm2004::ADLNAV => Some("adlnav"),
        scorm2004::ADLSEQ => Some("adlseq"),
        _ => None,
    }
}

fn prefix_of(qname: &str) -> &str {
    qname.split_once(':').map_or("", |(p, _)| p)
}

/// The attributes Moodle compares with the string `true`, by namespace and
/// element: anything else, even `1`, reads as false.
const BOOLEANS: &[(&str, &str, &[&str])] = &[
    (
        scorm2004::IMSSS,
        "controlMode",
        &[
            "choice",
            "choiceExit",
            "flow",
            "forwardOnly",
            "useCurrentAttemptObjectiveInfo",
            "useCurrentAttemptProgressInfo",
        ],
    ),
    (scorm2004::IMSSS, "deliveryControls", &["tracked", "completionSetByContent", "objectiveSetByContent"]),
    (scorm2004::IMSSS, "primaryObjective", &["satisfiedByMeasure"]),
    (scorm2004::IMSSS, "objective", &["satisfiedByMeasure"]),
    (scorm2004::IMSSS, "rollupRules", &["rollupObjectiveSatisfied", "rollupProgressCompletion"]),
    (scorm2004::ADLSEQ, "constrainedChoiceConsiderations", &["preventActivation", "constrainChoice"]),
];

/// Findings about how Moodle reads a SCORM manifest.
pub(crate) fn manifest(standard: Standard, doc: &Document) -> Vec<Diagnostic> {
    let f = &doc.source;
    let cp = if standard == Standard::Scorm12 { scorm12::CP } else { scorm2004::CP };
    let root = &doc.root;
    let mut out = Vec::new();
    prefixes(f, root, &mut out);
    // <schemaversion> as Moodle reads it.
    if let Standard::Scorm2004(_) = standard
        && let Some(v) = root.kid(cp, "metadata").and_then(|m| m.kid(cp, "schemaversion"))
        && v.text != v.text.trim()
    {
        out.push(
            Diagnostic::warning(
                "lms/moodle-schemaversion",
                format!("<schemaversion> `{}` has spaces or line breaks around the version", shown(&v.text.escape_debug().to_string())),
            )
            .with_hint("write <schemaversion>2004 4th Edition</schemaversion> on one line: Moodle compares the text exactly and otherwise runs the package with the SCORM 1.2 API, so nothing is tracked")
            .with_rule(Rule::LMS_MOODLE_VERSION)
            .at(f.location(v.span.clone())),
        );
    }
    // xml:base where Moodle ignores it.
    let resources = root.kid(cp, "resources");
    let launches = resources.is_some_and(|r| r.kids(cp, "resource").any(|x| x.attr("href").is_some()));
    let no_organization = root.kid(cp, "organizations").is_none_or(|o| o.kid(cp, "organization").is_none());
    let mut ignored_bases: Vec<(&Element, &str)> = vec![(root, "<manifest>")];
    ignored_bases.extend(resources.map(|r| (r, "<resources>")));
    if no_organization {
        ignored_bases.extend(
            resources
                .into_iter()
                .flat_map(|r| r.kids(cp, "resource"))
                .map(|r| (r, "a <resource> (with no organization, Moodle launches its href alone)")),
        );
    }
    for (e, what) in ignored_bases {
        if launches && let Some(b) = e.attr_ns(XML_NS, "base") {
            out.push(
                Diagnostic::warning(
                    "lms/moodle-xml-base",
                    format!("xml:base `{}` on {what} is ignored by Moodle, which joins only a resource's own xml:base to its href", shown(&b.value)),
                )
                .with_hint("write the folder on each <resource xml:base=\"...\"> (or in the hrefs): Moodle (and other LMSs) then find the launch file; as written the launch returns 404")
                .with_rule(Rule::LMS_MOODLE_BASE)
                .at(f.location(b.span.clone())),
            );
        }
    }
    let mut whitespace = Vec::new();
    let mut booleans = Vec::new();
    let mut skipped = Vec::new();
    root.walk(&mut |e, _| {
        if e.ns == cp {
            for (el, attr) in [("manifest", "identifier"), ("organizations", "default"), ("organization", "identifier"), ("item", "identifier"), ("item", "identifierref"), ("resource", "identifier"), ("resource", "href")] {
                if e.local == el
                    && let Some(a) = e.attr_full(attr)
                    && a.value != a.value.trim()
                {
                    whitespace.push(
                        Diagnostic::warning("lms/moodle-whitespace", format!("{el}@{attr} `{}` has spaces around it", shown(&a.value)))
                            .with_hint("remove them: Moodle uses the value as written, so an identifierref no longer names its resource and an href no longer names its file")
                            .with_rule(Rule::LMS_MOODLE_AS_WRITTEN)
                            .at(f.location(a.span.clone())),
                    );
                }
            }
            if e.local == "item"
                && let Some(a) = e.attr_full("isvisible")
                && a.value != "true"
                && a.value != "false"
                && matches!(crate::schema::types::collapse(&a.value).as_str(), "true" | "false" | "1" | "0")
            {
                booleans.push(boolean(f, a, "neither `true` nor `false` (the item is neither shown nor hidden as the manifest says)"));
            }
            if matches!(e.local.as_str(), "resource" | "file")
                && let Some(h) = e.attr_full("href")
                && let Ok(name) = content::resolve("", &h.value)
                && skipped_on_extraction(&name)
            {
                skipped.push(
                    Diagnostic::info("lms/moodle-system-file", format!("`{}` is a macOS leftover that Moodle does not extract", shown(&name)))
                        .with_hint("move the file out of __MACOSX (or rename it from .DS_Store) and update the reference: in Moodle it is missing")
                        .with_rule(Rule::LMS_MOODLE_NAMES)
                        .at(f.location(h.span.clone())),
                );
            }
        }
        if e.ns == scorm2004::ADLNAV && e.local == "hideLMSUI" && e.text != e.text.trim() {
            whitespace.push(
                Diagnostic::warning("lms/moodle-whitespace", format!("adlnav:hideLMSUI `{}` has spaces around it", shown(e.text.trim())))
                    .with_hint("write it without them: Moodle compares the text exactly and otherwise shows the button")
                    .with_rule(Rule::LMS_MOODLE_AS_WRITTEN)
                    .at(f.location(e.span.clone())),
            );
        }
        for (ns, el, attrs) in BOOLEANS {
            if e.ns == *ns && e.local == *el {
                for a in e.attrs.iter().filter(|a| a.ns.is_empty() && attrs.contains(&a.local.as_str())) {
                    let means_true = matches!(crate::schema::types::collapse(&a.value).as_str(), "true" | "1");
                    if means_true && a.value != "true" {
                        booleans.push(boolean(f, a, "false"));
                    }
                }
            }
        }
    });
    out.extend(capped(whitespace, f.path()));
    out.extend(capped(booleans, f.path()));
    out.extend(capped(skipped, f.path()));
    out
}

fn boolean(f: &SourceFile, a: &crate::xml::Attr, read_as: &str) -> Diagnostic {
    Diagnostic::info(
        "lms/moodle-boolean",
        format!("{} `{}` is a boolean in XML Schema, but Moodle reads it as {read_as}", a.qname, shown(&a.value)),
    )
    .with_hint("write `true` or `false` exactly: Moodle compares the text with the string `true`")
    .with_rule(Rule::LMS_MOODLE_BOOLEAN)
    .at(f.location(a.span.clone()))
}

/// Elements and attributes of a namespace Moodle reads, written with
/// another prefix than the literal one it looks for: one finding per
/// namespace and prefix, at the first, with the count.
fn prefixes(f: &SourceFile, root: &Element, out: &mut Vec<Diagnostic>) {
    let mut found: Vec<(String, String, std::ops::Range<usize>, String, usize)> = Vec::new();
    root.walk(&mut |e, _| {
        let mut check = |ns: &str, qname: &str, span: &std::ops::Range<usize>, what: String| {
            let Some(expected) = moodle_prefix(ns) else { return };
            let prefix = prefix_of(qname);
            if prefix.eq_ignore_ascii_case(expected) {
                return;
            }
            match found.iter_mut().find(|x| x.0 == ns && x.1.eq_ignore_ascii_case(prefix)) {
                Some(x) => x.4 += 1,
                None => found.push((ns.to_string(), prefix.to_string(), span.clone(), what, 1)),
            }
        };
        check(&e.ns, &e.qname, &e.span, format!("<{}>", e.qname));
        for a in &e.attrs {
            if !a.ns.is_empty() {
                check(&a.ns, &a.qname, &a.span, a.qname.to_string());
            }
        }
    });
    for (ns, prefix, span, what, n) in found {
        let expected = moodle_prefix(&ns).unwrap_or("");
        let want = if expected.is_empty() { "no prefix".to_string() } else { format!("the prefix `{expected}:`") };
        let more = if n > 1 { format!(" ({n} elements and attributes)") } else { String::new() };
        let got = if prefix.is_empty() { "no prefix".to_string() } else { format!("the prefix `{}:`", shown(&prefix)) };
        out.push(
            Diagnostic::warning(
                "lms/moodle-prefix",
                format!("`{}` is written with {got}{more}; Moodle finds the names of {} by {want} only", shown(&what), shown(&ns)),
            )
            .with_hint(format!(
                "declare the namespace with {want} (xmlns{}=\"{ns}\") and use it: Moodle reads the manifest without namespaces, so `scorm:scormType` is not `adlcp:scormType` and every SCO becomes an asset with no tracking",
                if expected.is_empty() { String::new() } else { format!(":{expected}") }
            ))
            .with_rule(Rule::LMS_MOODLE_PREFIX)
            .at(f.location(span)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_moodle_stores_them() {
        assert_eq!(moodle_name("media/Q&A: part 1.html"), "media/QA part 1.html");
        assert_eq!(moodle_name("it's \"quoted\" <b>|`x`.png"), "its quoted bx.png");
        assert_eq!(moodle_name("a\\b.html"), "a/b.html");
        assert_eq!(moodle_name("a/../b.html"), "a/b.html");
        assert_eq!(moodle_name("./a/./b.html"), "./a/b.html");
        assert_eq!(moodle_name("tab\there.html"), "tabhere.html");
        assert_eq!(moodle_name("cafe\u{301}.png"), "caf\u{e9}.png");
        assert_eq!(moodle_name("plain/name-1_2.html"), "plain/name-1_2.html");
        assert_eq!(dropped("a&b:c&.html"), "`&`, `:`");
    }
}
