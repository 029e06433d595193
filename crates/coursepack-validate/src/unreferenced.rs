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
const MAX_FILES: usize = 10_000;

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
}

impl<'a> Names<'a> {
    /// The names of `files` (under the manifest's folder).
    pub(crate) fn new(files: &[&'a String], manifest: &'a str) -> Names<'a> {
        let files: Vec<&str> = files.iter().map(|f| f.as_str()).filter(|f| *f != manifest).collect();
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut base_of = Vec::with_capacity(files.len());
        let mut patterns = Vec::new();
        let mut pattern_base = Vec::new();
        for f in &files {
            let base = base_name(f);
            let next = index.len();
            let id = *index.entry(base).or_insert_with(|| {
                for spelling in spellings(base) {
                    patterns.push(spelling);
                    pattern_base.push(next);
                }
                next
            });
            base_of.push(id);
        }
        let automaton = (files.len() <= MAX_FILES).then(|| aho_corasick::AhoCorasick::new(&patterns).ok()).flatten();
        Names { bases: index.len(), files, base_of, pattern_base, automaton, manifest }
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
