//! Files in an xAPI or cmi5 package that nothing refers to.
//!
//! A SCORM manifest lists every file, so stray files there are excess
//! baggage (`cts/excess-baggage`). `tincan.xml` and `cmi5.xml` list only
//! launch URLs, so here a file counts as referenced when its name appears in
//! the manifest or in any other text file of the package (HTML, CSS,
//! JavaScript, JSON, XML, SVG, captions). Looking for the name in the text,
//! rather than parsing each format, also counts files a script loads by a
//! written name; only files loaded by a computed name can be wrongly listed,
//! which is why the finding is a note, never a warning.

use crate::Context;
use crate::rules::Rule;
use coursepack_diagnostics::{Diagnostic, Location};

/// Extensions of the files searched for references.
const TEXT_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "css", "js", "mjs", "json", "xml", "svg", "vtt", "txt"];

/// How many unreferenced files the message names before "and N more".
const SHOWN: usize = 10;

fn is_text(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| TEXT_EXTENSIONS.iter().any(|t| ext.eq_ignore_ascii_case(t)))
}

fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// The spellings of a file name a reference may use: as is, and with the
/// characters URLs escape percent-encoded.
pub(crate) fn spellings(name: &str) -> Vec<String> {
    let mut encoded = String::new();
    for c in name.chars() {
        match c {
            ' ' => encoded.push_str("%20"),
            '#' => encoded.push_str("%23"),
            '%' => encoded.push_str("%25"),
            _ => encoded.push(c),
        }
    }
    if encoded == name { vec![name.to_string()] } else { vec![name.to_string(), encoded] }
}

/// One note listing the files under the manifest's folder whose names no
/// other file of the package mentions. Nothing is reported when a text file
/// could not be read in full (too large or unreadable): its references are
/// unknown, and a note would then be a guess.
pub(crate) fn check(ctx: &Context) -> Vec<Diagnostic> {
    let files: Vec<&String> = ctx.pkg.files.iter().filter(|f| f.starts_with(ctx.root) && !f.ends_with('/')).collect();
    let texts: Vec<String> =
        files.iter().filter(|f| is_text(f) || f.as_str() == ctx.manifest).map(|f| f.to_string()).collect();
    let limit = ctx.options.limits.max_scan_bytes;
    if texts.iter().any(|t| ctx.pkg.size(t).is_none_or(|n| n > limit)) {
        return Vec::new();
    }
    let read = ctx.pkg.read_each(&texts, limit, |name, bytes| {
        bytes.ok().map(|b| (name.to_string(), String::from_utf8_lossy(&b).into_owned()))
    });
    let Some(read) = read.into_iter().collect::<Option<Vec<(String, String)>>>() else { return Vec::new() };
    let unreferenced: Vec<&str> = files
        .iter()
        .map(|f| f.as_str())
        .filter(|f| *f != ctx.manifest)
        .filter(|f| {
            let names = spellings(base_name(f));
            !read.iter().any(|(other, text)| other != f && names.iter().any(|n| text.contains(n.as_str())))
        })
        .collect();
    if unreferenced.is_empty() {
        return Vec::new();
    }
    let mut shown: Vec<String> = unreferenced.iter().take(SHOWN).map(|f| format!("`{f}`")).collect();
    if unreferenced.len() > SHOWN {
        shown.push(format!("and {} more", unreferenced.len() - SHOWN));
    }
    vec![
        Diagnostic::info(
            "content/unreferenced-file",
            format!("{} file(s) are in the package but nothing in it refers to them: {}", unreferenced.len(), shown.join(", ")),
        )
        .with_hint("remove them to keep the package small and free of stray material; if a script loads them by a name it builds at run time, this note can be ignored")
        .with_rule(Rule::CONTENT_UNREFERENCED)
        .at(Location::file(ctx.manifest.to_string())),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_and_spellings() {
        assert!(is_text("a/b/Index.HTML") && is_text("x.vtt") && !is_text("photo.png") && !is_text("noext"));
        assert_eq!(base_name("media/a b.png"), "a b.png");
        assert_eq!(spellings("a b#1.png"), vec!["a b#1.png".to_string(), "a%20b%231.png".to_string()]);
        assert_eq!(spellings("plain.png"), vec!["plain.png".to_string()]);
    }
}
