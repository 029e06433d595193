//! Files in an xAPI or cmi5 package that nothing refers to.
//!
//! A SCORM manifest lists every file, so stray files there are excess
//! baggage (`cts/excess-baggage`). `tincan.xml` and `cmi5.xml` list only
//! launch URLs, so here a file counts as referenced when its name appears in
//! the manifest or in any other text file of the package (HTML, CSS,
//! JavaScript, JSON, XML, SVG, captions). Looking for the name in the text,
//! rather than parsing each format, also counts files a script loads by a
//! written name; only files loaded by a computed name can be wrongly listed,
//! which is why the finding is a note, never a warning. The text files are
//! read once, by the content pass in [`crate::scan`], which runs the names'
//! automaton ([`Names`]) over each and keeps only the names it found.

use crate::rules::Rule;
use coursepack_diagnostics::{Diagnostic, Location};

/// Extensions of the files searched for references.
const TEXT_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "css", "js", "mjs", "json", "xml", "svg", "vtt", "txt"];

/// How many unreferenced files the message names before "and N more".
const SHOWN: usize = 10;

pub(crate) fn is_text(name: &str) -> bool {
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

/// Most files the check looks at: past this, it is skipped (its automaton
/// would grow with the number of names, and such a package is no course).
pub(crate) const MAX_FILES: usize = 10_000;

/// Most bytes of names (every spelling of every distinct base name) the
/// automaton is built from: it grows with them, so past this the check is
/// skipped with a note, like past [`MAX_FILES`]. Real packages use a few
/// hundred kilobytes at most (10,000 names of 20 bytes are 200 KB); 1 MiB
/// of names made an automaton of about 45 MB.
pub(crate) const MAX_PATTERN_BYTES: usize = 256 * 1024;

/// The file names of a package and the automaton that finds them in text.
pub(crate) struct Names<'a> {
    /// The files that may be unreferenced (every file but the manifest).
    files: Vec<&'a str>,
    /// For each file, the index of its base name in `bases`.
    base_of: Vec<usize>,
    /// How many distinct base names there are.
    bases: usize,
    /// For each pattern of the automaton, the base name it spells.
    pattern_base: Vec<usize>,
    /// Every spelling of every base name (`None` when there are too many).
    automaton: Option<aho_corasick::AhoCorasick>,
    manifest: &'a str,
    /// When the search was skipped: how many files there are and how many
    /// bytes of names had been gathered when it stopped.
    skipped: Option<(usize, usize)>,
}

impl<'a> Names<'a> {
    /// The names of `files` (under the manifest's folder).
    pub(crate) fn new(files: &[&'a String], manifest: &'a str) -> Names<'a> {
        let files: Vec<&str> = files.iter().map(|f| f.as_str()).filter(|f| *f != manifest).collect();
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut base_of = Vec::with_capacity(files.len());
        let mut patterns = Vec::new();
        let mut pattern_base = Vec::new();
        let mut pattern_bytes = 0usize;
        let mut skipped = files.len() > MAX_FILES;
        for f in &files {
            if skipped {
                break;
            }
            let base = base_name(f);
            let next = index.len();
            let id = *index.entry(base).or_insert_with(|| {
                for spelling in spellings(base) {
                    pattern_bytes += spelling.len();
                    patterns.push(spelling);
                    pattern_base.push(next);
                }
                next
            });
            base_of.push(id);
            skipped = pattern_bytes > MAX_PATTERN_BYTES;
        }
        if skipped {
            // Nothing of the search is kept: its cost is what is bounded.
            return Names {
                bases: 0,
                files: Vec::new(),
                base_of: Vec::new(),
                pattern_base: Vec::new(),
                automaton: None,
                manifest,
                skipped: Some((files.len(), pattern_bytes)),
            };
        }
        let automaton = aho_corasick::AhoCorasick::new(&patterns).ok();
        Names { bases: index.len(), files, base_of, pattern_base, automaton, manifest, skipped: None }
    }

    /// The base names (indices) that `text` mentions.
    pub(crate) fn found_in(&self, text: &str) -> Vec<usize> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let mut seen = vec![false; self.bases];
        for m in automaton.find_overlapping_iter(text) {
            seen[self.pattern_base[m.pattern().as_usize()]] = true;
        }
        seen.iter().enumerate().filter(|(_, s)| **s).map(|(i, _)| i).collect()
    }

    /// An empty tally of mentions: per base name, how many text files
    /// mention it and one of them.
    pub(crate) fn tally(&self) -> Vec<(usize, &'a str)> {
        vec![(0, ""); self.bases]
    }

    /// One note listing the files whose names no *other* text file
    /// mentions, given the tally of what the text files mention. Nothing
    /// when the package has too many files to look.
    pub(crate) fn unreferenced(&self, by: &[(usize, &str)]) -> Vec<Diagnostic> {
        if let Some((files, bytes)) = self.skipped {
            return vec![
                Diagnostic::info(
                    "content/not-scanned",
                    if files > MAX_FILES {
                        format!("the package was not searched for unreferenced files: it has {files} files, more than the {MAX_FILES} the search looks at")
                    } else {
                        format!("the package was not searched for unreferenced files: their names take at least {bytes} bytes, more than the {MAX_PATTERN_BYTES} the search looks at")
                    },
                )
                .with_hint("a course package has far fewer or shorter file names; check by hand that every file is used")
                .with_rule(Rule::CONTENT_UNREFERENCED)
                .at(Location::file(self.manifest.to_string())),
            ];
        }
        if self.automaton.is_none() {
            return Vec::new();
        }
        let unreferenced: Vec<&str> = self
            .files
            .iter()
            .zip(&self.base_of)
            .filter(|(f, b)| {
                let (count, one) = by[**b];
                count == 0 || (count == 1 && one == **f)
            })
            .map(|(f, _)| *f)
            .collect();
        if unreferenced.is_empty() {
            return Vec::new();
        }
        let mut shown: Vec<String> =
            unreferenced.iter().take(SHOWN).map(|f| format!("`{}`", crate::rules::shown(f))).collect();
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
            .at(Location::file(self.manifest.to_string())),
        ]
    }
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
