//! What Moodle's SCORM importer and player cannot read: constructs of a
//! SCORM 1.2 or 2004 manifest that make Moodle 4.5's `mod/scorm` stop with an
//! exception while it adds the package, or store and play something other
//! than what the manifest says. Totara runs the same SCORM code.
//!
//! The facts come from reading Moodle 4.5.1+ (MOODLE_405_STABLE, commit
//! `aa55f388`), and each was reproduced on a real Moodle (see
//! `docs/validator.md`). Moodle's parser (`scormlib.php`) is not namespace
//! aware: it folds element and attribute names to upper case and matches them
//! with the prefix as written (`IMSSS:MAPINFO`), and it reads only the
//! children of `manifest`, `organizations`, `organization` and `item`. These
//! checks walk the manifest the same way, so they find exactly what Moodle
//! finds. (Prefixes bound to other names, which Moodle then does not see at
//! all, are a trap of their own, checked elsewhere.)
//!
//! Each construct is a warning by default and an error under `--lms moodle`
//! or `--lms totara` ([`crate::lms`] raises the codes listed in
//! [`ERROR_UNDER_MOODLE`]); the misreadings that only matter for some content
//! are warnings, reported only for those profiles.

use crate::detect::Standard;
use crate::xml::{Document, Element};
use crate::{LmsProfile, Options};
use coursepack_diagnostics::{Diagnostic, SourceFile};
use std::ops::Range;

/// Codes that stop Moodle's import (or its launch) and so are errors under
/// `--lms moodle|totara`.
pub(crate) const ERROR_UNDER_MOODLE: [&str; 4] = [
    "lms/moodle-objective-mapinfo",
    "lms/moodle-value-too-long",
    "lms/moodle-number-out-of-range",
    "lms/moodle-character-reference",
];

/// Rule sources: the Moodle 4.5 file and line each check follows.
struct MoodleRule;

impl MoodleRule {
    const MAPINFO: &'static str = "Moodle 4.5 mod/scorm/datamodels/scormlib.php:347-378 (scorm_get_manifest: a mapInfo in an objective is assigned to an undefined $objectivesdata, which throws)";
    const LENGTH: &'static str = "Moodle 4.5 mod/scorm/db/install.xml:62-68 and :93 (scorm_scoes manifest, organization, parent, identifier, title; scorm_seq_objective objectiveid: 255 characters), inserted as read by mod/scorm/datamodels/scormlib.php:616 and :688";
    const COUNT: &'static str = "Moodle 4.5 mod/scorm/db/install.xml:157 (scorm_seq_rolluprule minimumcount: a 64-bit integer), inserted as read by mod/scorm/datamodels/scormlib.php:421-422 and :666";
    const CHAR_REF: &'static str = "Moodle 4.5 mod/scorm/datamodels/scormlib.php:560-562 (scorm_parse_scorm turns every `&` not followed by 2-6 word characters and `;` into `&amp;` before parsing)";
    const PASSING_SCORE: &'static str = "Moodle 4.5 mod/scorm/datamodels/scorm_13lib.php:1225-1233 (get_scorm_default: cmi.scaled_passing_score is the minNormalizedMeasure of the last objective stored, 1.0 when it has none) and scormlib.php:336";
    const THRESHOLD: &'static str = "Moodle 4.5 mod/scorm/datamodels/scormlib.php:220-226 (only minProgressMeasure is read, 1.0 when absent) and scorm_13.js:1195-1201 (on Terminate, completion_status is recomputed from progress_measure and that threshold)";
}

/// Moodle's database columns for identifiers, titles and objective ids.
const COLUMN_CHARS: usize = 255;

/// The qualified name as Moodle's parser sees it (case folded).
fn moodle_name(e: &Element) -> String {
    e.qname.to_ascii_uppercase()
}

/// An attribute by the name Moodle looks up (case folded, prefix as written).
fn moodle_attr<'a>(e: &'a Element, name: &str) -> Option<&'a crate::xml::Attr> {
    e.attrs.iter().find(|a| a.qname.eq_ignore_ascii_case(name))
}

struct Walk<'a> {
    f: &'a SourceFile,
    out: Vec<Diagnostic>,
    warnings: bool,
    organizations: usize,
}

impl Walk<'_> {
    fn push(&mut self, d: Diagnostic, span: &Range<usize>) {
        self.out.push(d.at(self.f.location(span.clone())));
    }

    /// The elements of one list Moodle's `scorm_get_manifest` goes through.
    fn list(&mut self, elements: &[Element]) {
        for e in elements {
            match moodle_name(e).as_str() {
                "MANIFEST" => {
                    self.identifier(e, "manifest");
                    self.list(&e.children);
                }
                "ORGANIZATIONS" => self.list(&e.children),
                "ORGANIZATION" => {
                    self.organizations += 1;
                    self.identifier(e, "organization");
                    self.list(&e.children);
                }
                "ITEM" => {
                    self.identifier(e, "item");
                    self.list(&e.children);
                }
                "TITLE" => {
                    let n = e.text.trim().chars().count();
                    if n > COLUMN_CHARS {
                        let d = Diagnostic::warning(
                            "lms/moodle-value-too-long",
                            format!("title is {n} characters long; Moodle stores at most {COLUMN_CHARS}"),
                        )
                        .with_hint("Moodle's import stops with a database error (\"value too long\") and the package cannot be added: shorten the title to 255 characters or fewer (200 is the SCORM limit every LMS must accept)")
                        .with_rule(MoodleRule::LENGTH);
                        self.push(d, &e.span);
                    }
                }
                "ADLCP:COMPLETIONTHRESHOLD" if self.warnings => self.threshold(e),
                "IMSSS:SEQUENCING" => self.sequencing(e),
                _ => {}
            }
        }
    }

    fn identifier(&mut self, e: &Element, what: &str) {
        if let Some(a) = moodle_attr(e, "IDENTIFIER") {
            let n = a.value.chars().count();
            if n > COLUMN_CHARS {
                let d = Diagnostic::warning(
                    "lms/moodle-value-too-long",
                    format!("{what} identifier is {n} characters long; Moodle stores at most {COLUMN_CHARS}"),
                )
                .with_hint("Moodle's import stops with a database error (\"value too long\") and the package cannot be added: use identifiers of 255 characters or fewer")
                .with_rule(MoodleRule::LENGTH);
                self.push(d, &a.span);
            }
        }
    }

    fn sequencing(&mut self, seq: &Element) {
        let mut stored: Vec<&Element> = Vec::new();
        for part in &seq.children {
            match moodle_name(part).as_str() {
                "IMSSS:OBJECTIVES" => {
                    // Each <imsss:objectives> replaces the objectives read before (scormlib.php:385).
                    stored.clear();
                    for objective in &part.children {
                        if !matches!(moodle_name(objective).as_str(), "IMSSS:PRIMARYOBJECTIVE" | "IMSSS:OBJECTIVE") {
                            continue;
                        }
                        stored.push(objective);
                        if let Some(id) = moodle_attr(objective, "OBJECTIVEID") {
                            let n = id.value.chars().count();
                            if n > COLUMN_CHARS {
                                let d = Diagnostic::warning(
                                    "lms/moodle-value-too-long",
                                    format!("objectiveID is {n} characters long; Moodle stores at most {COLUMN_CHARS}"),
                                )
                                .with_hint("Moodle's import stops with a database error (\"value too long\") and the package cannot be added: use objective ids of 255 characters or fewer")
                                .with_rule(MoodleRule::LENGTH);
                                self.push(d, &id.span);
                            }
                        }
                        for map in objective.children.iter().filter(|c| moodle_name(c) == "IMSSS:MAPINFO") {
                            let d = Diagnostic::warning(
                                "lms/moodle-objective-mapinfo",
                                format!("`<{}>` in an objective: Moodle's importer throws on it (\"Attempt to assign property \\\"mapinfos\\\" on null\")", map.qname),
                            )
                            .with_hint("the teacher gets an error page and the package cannot be added to Moodle or Totara at all; leave out the imsss:mapInfo (Moodle does not apply global objectives anyway), or build the course for SCORM 1.2")
                            .with_rule(MoodleRule::MAPINFO);
                            self.push(d, &map.span);
                        }
                    }
                }
                "IMSSS:ROLLUPRULES" => {
                    for rule in part.children.iter().filter(|c| moodle_name(c) == "IMSSS:ROLLUPRULE") {
                        let Some(count) = moodle_attr(rule, "MINIMUMCOUNT") else { continue };
                        let digits = count.value.trim().trim_start_matches('+');
                        let too_large = !digits.is_empty()
                            && digits.bytes().all(|b| b.is_ascii_digit())
                            && digits.parse::<i64>().is_err();
                        if too_large {
                            let d = Diagnostic::warning(
                                "lms/moodle-number-out-of-range",
                                format!("minimumCount `{}` is larger than Moodle's database can store", clip(&count.value)),
                            )
                            .with_hint("Moodle's import stops with a database error and the package cannot be added: a rollup rule never needs more children than the activity has, so use that number")
                            .with_rule(MoodleRule::COUNT);
                            self.push(d, &count.span);
                        }
                    }
                }
                _ => {}
            }
        }
        if self.warnings {
            self.passing_score(&stored);
        }
    }

    /// `cmi.scaled_passing_score` in Moodle is the measure of the last
    /// objective with one, and an objective without `minNormalizedMeasure`
    /// counts as 1.0: a secondary objective replaces the primary's pass mark.
    fn passing_score(&mut self, objectives: &[&Element]) {
        let measure = |o: &Element| {
            o.children
                .iter()
                .find(|c| moodle_name(c) == "IMSSS:MINNORMALIZEDMEASURE")
                .map_or(1.0, |m| m.text.trim().parse::<f64>().unwrap_or(0.0))
        };
        let Some(primary) = objectives.iter().find(|o| moodle_name(o) == "IMSSS:PRIMARYOBJECTIVE") else { return };
        let satisfied_by_measure = moodle_attr(primary, "SATISFIEDBYMEASURE").is_some_and(|a| a.value.trim() == "true");
        let Some(last) = objectives.iter().rev().find(|o| measure(o) != 0.0) else { return };
        if !satisfied_by_measure || std::ptr::eq(*last, *primary) || measure(last) == measure(primary) {
            return;
        }
        let d = Diagnostic::warning(
            "lms/moodle-passing-score",
            format!(
                "Moodle gives this SCO cmi.scaled_passing_score {} (from objective `{}`), not the primary objective's {}",
                measure(last),
                moodle_attr(last, "OBJECTIVEID").map_or("", |a| a.value.as_str()),
                measure(primary)
            ),
        )
        .with_hint("content that decides pass or fail from cmi.scaled_passing_score marks learners against the wrong pass mark in Moodle and Totara; give the other objectives the primary's minNormalizedMeasure, or leave them out")
        .with_rule(MoodleRule::PASSING_SCORE);
        self.push(d, &last.span);
    }

    fn threshold(&mut self, e: &Element) {
        let by_measure = moodle_attr(e, "COMPLETEDBYMEASURE").is_some_and(|a| a.value.trim() == "true");
        let min = moodle_attr(e, "MINPROGRESSMEASURE");
        if by_measure && min.is_some() {
            return;
        }
        let (message, hint) = if !by_measure {
            (
                "completionThreshold without completedByMeasure=\"true\": Moodle still recomputes completion from progress_measure",
                "the standard ignores the threshold here, but Moodle and Totara set completion_status from cmi.progress_measure on Terminate, overriding what the SCO reports; remove the element, or set completedByMeasure=\"true\" if that is what you mean",
            )
        } else {
            (
                "completionThreshold without minProgressMeasure: Moodle uses 1.0",
                "Moodle reads only the minProgressMeasure attribute (a text value is ignored) and completes the SCO only at progress_measure 1; write minProgressMeasure",
            )
        };
        let d = Diagnostic::warning("lms/moodle-completion-threshold", message)
            .with_hint(hint)
            .with_rule(MoodleRule::THRESHOLD);
        self.push(d, &e.span);
    }
}

/// At most 60 characters of a value, for messages.
fn clip(s: &str) -> String {
    if s.chars().count() <= 60 { s.to_string() } else { format!("{}…", s.chars().take(60).collect::<String>()) }
}

/// Character references (`&#233;`) and `&` in CDATA, which Moodle escapes
/// before it parses: the title, identifier or href then holds the reference
/// as text. One diagnostic at the first, with the count.
fn character_references(f: &SourceFile) -> Option<Diagnostic> {
    let text = f.text();
    let b = text.as_bytes();
    let kept = |at: usize| {
        // Moodle keeps `&` followed by 2 to 6 word characters and `;`.
        let n = b[at + 1..].iter().take(7).take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
        (2..=6).contains(&n) && b.get(at + 1 + n) == Some(&b';')
    };
    let mut found: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i += find(rest, b"-->").map_or(rest.len(), |e| e + 3);
        } else if rest.starts_with(b"<?") {
            i += find(rest, b"?>").map_or(rest.len(), |e| e + 2);
        } else if rest.starts_with(b"<![CDATA[") {
            let end = find(rest, b"]]>").unwrap_or(rest.len());
            found.extend((i..i + end).filter(|&k| b[k] == b'&' && !kept(k)));
            i += end + 3;
        } else {
            if b[i] == b'&' && !kept(i) {
                found.push(i);
            }
            i += 1;
        }
    }
    let first = *found.first()?;
    let end = b[first..].iter().position(|&c| c == b';' || c == b'<').map_or(first + 1, |e| first + e + 1);
    let example = clip(&text[first..end.min(text.len())]);
    let more = match found.len() {
        1 => String::new(),
        n => format!(" ({} in the manifest)", n),
    };
    Some(
        Diagnostic::warning(
            "lms/moodle-character-reference",
            format!("`{example}`{more}: Moodle escapes the `&` before it reads the manifest, so the text keeps the reference instead of the character"),
        )
        .with_hint("titles then show the reference (`&#233;` instead of `é`), and identifiers or hrefs written with one no longer match, so the launch fails; write the characters themselves (the manifest is UTF-8)")
        .with_rule(MoodleRule::CHAR_REF)
        .at(f.location(first..end)),
    )
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The constructs of a SCORM manifest that Moodle's importer or player
/// cannot read (see the module documentation).
pub(crate) fn check(standard: Standard, doc: &Document, options: &Options) -> Vec<Diagnostic> {
    if !matches!(standard, Standard::Scorm12 | Standard::Scorm2004(_)) {
        return Vec::new();
    }
    let moodle = options.lms.iter().any(|p| matches!(p, LmsProfile::Moodle | LmsProfile::Totara));
    let mut walk = Walk { f: &doc.source, out: Vec::new(), warnings: moodle, organizations: 0 };
    walk.list(std::slice::from_ref(&doc.root));
    if walk.organizations == 0 {
        // Without an organization, Moodle makes a SCO of every resource with an href (scormlib.php:78-89).
        let resources = doc.root.children.iter().filter(|c| moodle_name(c) == "RESOURCES");
        for r in resources.flat_map(|r| r.children.iter()).filter(|r| moodle_name(r) == "RESOURCE") {
            if moodle_attr(r, "HREF").is_some() {
                walk.identifier(r, "resource");
            }
        }
    }
    walk.out.extend(character_references(&doc.source));
    walk.out
}
