//! Offline validator for SCORM 1.2, SCORM 2004, xAPI (TinCan) and cmi5 packages.
//!
//! [`validate_path`] opens a zip (read in place, never extracted), an unpacked
//! folder or a bare manifest file, detects the standard, and reports
//! [`Diagnostic`]s in five layers: the zip container ([`zipcheck`]), XML
//! well-formedness ([`xml`]), the official schemas ([`schema`], agreeing with
//! `xmllint --schema`), the standards' package rules (ADL conformance-suite
//! checks, cmi5 course-structure rules, tincan.xml rules) and content and LMS
//! traps. Reports render as rustc-style text, JSON
//! (`schemas/validate-report.schema.json`) or JUnit XML ([`render_human`],
//! [`render_json`], [`render_junit`]).

pub mod schema;
pub mod xml;
pub mod zipcheck;
pub mod zipread;

mod cmi5;
mod content;
mod detect;
mod findings;
mod lms;
mod metadata;
mod moodle_import;
mod moodle_traps;
mod package;
mod report;
mod rules;
mod scan;
mod scorm;
mod tincan;
mod traps;
mod unreferenced;
mod urls;

#[cfg(test)]
mod fuzz_tests;

pub use detect::{Edition, Standard};
pub use report::{render_human, render_json, render_junit};

use coursepack_diagnostics::{Diagnostic, Severity, SourceFile};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// An LMS whose known import traps become errors instead of warnings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LmsProfile {
    /// Moodle `mod/scorm`: identifier character set, mastery score 0-100,
    /// partial SCORM 2004 sequencing.
    Moodle,
    /// Totara (Moodle fork): SCORM 2004 sequencing extensions unsupported.
    Totara,
    /// SAP SuccessFactors: strict sequencing defaults (completion on exit).
    SuccessFactors,
}

impl LmsProfile {
    /// Every profile, for help texts.
    pub const ALL: [LmsProfile; 3] = [LmsProfile::Moodle, LmsProfile::Totara, LmsProfile::SuccessFactors];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            LmsProfile::Moodle => "moodle",
            LmsProfile::Totara => "totara",
            LmsProfile::SuccessFactors => "successfactors",
        }
    }
}

impl FromStr for LmsProfile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "moodle" => Ok(LmsProfile::Moodle),
            "totara" => Ok(LmsProfile::Totara),
            "successfactors" | "sf" | "sap" => Ok(LmsProfile::SuccessFactors),
            other => Err(format!(
                "unknown LMS profile `{other}` (expected one of: {})",
                LmsProfile::ALL.map(LmsProfile::name).join(", ")
            )),
        }
    }
}

/// Safety limits for hostile input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Maximum number of zip entries (or folder files).
    pub max_entries: usize,
    /// Maximum sum of declared uncompressed sizes.
    pub max_total_uncompressed: u64,
    /// Maximum compression ratio for an entry of at least `ratio_min_size` bytes.
    pub max_ratio: u64,
    /// Entries smaller than this are exempt from the ratio check.
    pub ratio_min_size: u64,
    /// Maximum manifest size (after gzip inflation).
    pub max_manifest_bytes: u64,
    /// Maximum element nesting depth in a manifest.
    pub max_xml_depth: usize,
    /// Most elements in a manifest (the element tree costs a few hundred
    /// bytes each).
    pub max_elements: usize,
    /// Longest attribute value or element text of a manifest, in bytes
    /// (longer ones are cut to it and reported).
    pub max_value_bytes: usize,
    /// Maximum number of namespace declarations in scope at one element of a
    /// manifest (bounds the namespace resolver's work on hostile input).
    pub max_namespace_bindings: usize,
    /// Most attributes (namespace declarations included) on one element of
    /// a manifest: the XML parser's duplicate-attribute check compares each
    /// with those before it, so a million of them would take hours.
    pub max_attributes: usize,
    /// Largest file the content pass reads (HTML, CSS, JavaScript or SVG
    /// scanned for loads from other origins; text files searched for file
    /// names): larger ones are listed as not scanned.
    pub max_scan_bytes: u64,
    /// Most bytes the content pass reads in all (declared sizes, in package
    /// order): the files past it are listed as not scanned.
    pub max_scan_total_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 100_000,
            max_total_uncompressed: 16 * 1024 * 1024 * 1024,
            max_ratio: 250,
            ratio_min_size: 1024 * 1024,
            max_manifest_bytes: 16 * 1024 * 1024,
            max_xml_depth: 256,
            max_value_bytes: 64 * 1024,
            max_elements: 50_000,
            max_namespace_bindings: 128,
            max_attributes: 256,
            max_scan_bytes: 8 * 1024 * 1024,
            max_scan_total_bytes: 256 * 1024 * 1024,
        }
    }
}

/// How much of a zip is read: every entry (the default), or only the
/// central directory and the files the other checks need (`--quick`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Every local header is compared with the central directory, the
    /// entries must leave no unlisted bytes, and every entry's size and
    /// CRC-32 are verified.
    #[default]
    Full,
    /// The central directory only (plus the manifest, metadata and content
    /// files the other checks read): corrupt or mismatched entry data may
    /// go unnoticed.
    Quick,
}

impl Mode {
    /// The sentence every report gives about the mode (for a zip).
    pub fn describe(self) -> &'static str {
        match self {
            Mode::Full => "full: every entry's local header, size and CRC-32 checked",
            Mode::Quick => {
                "quick (--quick): central directory only, entry data not checked except the files the checks read"
            }
        }
    }
}

/// What to check.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// How much of a zip is read.
    pub mode: Mode,
    /// LMS profiles whose traps become errors.
    pub lms: Vec<LmsProfile>,
    /// Check the manifest only: skip the checks that need the package's
    /// other files (files exist, excess baggage, schema files at the root).
    pub manifest_only: bool,
    /// The conformance reading (`--strict`): what the ADL suite, an XSD or
    /// the cmi5 spec rejects but LMSs import and run (non-NCName
    /// identifiers, misplaced `<metadata>`, LOM extensions, an unresolved
    /// default organization while an item can be launched...) is an error
    /// instead of a warning ([`rules::CONFORMANCE_ONLY`]).
    pub strict: bool,
    /// Safety limits.
    pub limits: Limits,
}

/// The result of validating one package.
#[derive(Clone, Debug)]
pub struct PackageReport {
    /// The path as given.
    pub path: String,
    /// The detected standard, if any.
    pub standard: Option<Standard>,
    /// How much of the zip was read (`None` for a folder or a bare file,
    /// which have no zip container).
    pub mode: Option<Mode>,
    /// Every finding, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Manifest texts, so renderers can show snippets.
    pub sources: Vec<SourceFile>,
    /// A SCORM manifest's `identifier` and where it is written (for checks
    /// across the packages validated together).
    pub identifier: Option<(String, coursepack_diagnostics::Location)>,
    /// A SCORM manifest's item `identifierref`s (SuccessFactors builds its
    /// content-object ids from them and the identifier's first 15 characters).
    pub item_refs: Vec<String>,
}

impl PackageReport {
    /// Number of diagnostics of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// True when at least one error was found.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// A problem that stops validation of a path (CLI exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    /// The path cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl ValidateError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        ValidateError::Io { path: path.display().to_string(), source }
    }
}

/// Validate one package (zip, folder, or bare manifest file).
pub fn validate_path(path: &Path, options: &Options) -> Result<PackageReport, ValidateError> {
    let mut pkg = package::Package::open(path, &options.limits)?;
    let mut diagnostics = std::mem::take(&mut pkg.diagnostics);
    let mut sources = Vec::new();
    let mut standard = None;
    let mut identifier = None;
    let mut item_refs = Vec::new();
    if !pkg.unreadable {
        let found = detect::find_manifest(&pkg, &options.limits);
        diagnostics.extend(found.diagnostics);
        if found.web {
            standard = Some(Standard::Web);
            diagnostics.extend(web_package(&pkg, options));
        }
        if let Some(m) = found.manifest {
            match pkg.read(&m.path, options.limits.max_manifest_bytes) {
                Err(d) => diagnostics.push(*d),
                Ok(bytes) => {
                    let parsed = xml::parse_owned(&m.path, bytes, &options.limits);
                    diagnostics.extend(parsed.diagnostics);
                    if let Some(doc) = parsed.doc {
                        // The content decides the standard; the name is a tie-breaker.
                        let content_kind = detect::kind_of_root(&doc.root.ns, &doc.root.local);
                        let kind = content_kind.unwrap_or(m.kind);
                        diagnostics.extend(
                            content_kind.and_then(|k| detect::name_diagnostic(&m, k, &pkg, options.manifest_only)),
                        );
                        let std_ = detect::standard_of(kind, &doc.root);
                        standard = Some(std_);
                        if kind == detect::Kind::Scorm
                            && let Some(a) = doc.root.attr_full("identifier")
                        {
                            identifier = Some((a.value.trim().to_string(), doc.source.location(a.span.clone())));
                            doc.root.walk(&mut |e, _| {
                                if e.local == "item"
                                    && let Some(r) = e.attr("identifierref")
                                {
                                    item_refs.push(r.trim().to_string());
                                }
                            });
                        }
                        let mut found = check_document(std_, &doc, options);
                        metadata::tolerate_inline_lom(std_, &doc, &mut found, options.strict);
                        diagnostics.extend(found);
                        let ctx = Context { pkg: &pkg, root: &m.root, options, manifest: &m.path };
                        diagnostics.extend(match std_ {
                            Standard::Scorm12 | Standard::Scorm2004(_) => scorm::check(std_, &doc, &ctx),
                            Standard::Cmi5 => cmi5::check(&doc, &ctx),
                            Standard::TinCan => tincan::check(&doc, &ctx),
                            Standard::Web => Vec::new(),
                        });
                        if !options.manifest_only && !pkg.bare {
                            let (found, files) = metadata::check_files(std_, &doc, &ctx);
                            diagnostics.extend(found);
                            sources.extend(files);
                            diagnostics.extend(scan::check(
                                &ctx,
                                matches!(std_, Standard::Cmi5 | Standard::TinCan),
                                false,
                            ));
                            diagnostics.extend(moodle_traps::files(&ctx));
                        }
                        diagnostics.extend(lms::check(std_, &doc, options));
                        sources.push(doc.source);
                    }
                    if let Some(src) = parsed.source {
                        sources.push(src);
                    }
                }
            }
        }
    }
    let mode = pkg.is_zip().then_some(options.mode);
    if mode == Some(Mode::Full) {
        diagnostics.extend(pkg.check_entries(&options.limits));
    }
    lms::apply_profiles(&mut diagnostics, options);
    apply_strict(&mut diagnostics, options);
    cut_messages(&mut diagnostics);
    sort(&mut diagnostics);
    Ok(PackageReport { path: path.display().to_string(), standard, mode, diagnostics, sources, identifier, item_refs })
}

/// Validate many packages in parallel; results keep the input order. Checks
/// across the packages (SuccessFactors identifier prefixes) are added to
/// each report concerned.
pub fn validate_paths(paths: &[PathBuf], options: &Options) -> Vec<Result<PackageReport, ValidateError>> {
    let mut results: Vec<Result<PackageReport, ValidateError>> =
        paths.par_iter().map(|p| validate_path(p, options)).collect();
    let mut reports: Vec<&mut PackageReport> = results.iter_mut().filter_map(|r| r.as_mut().ok()).collect();
    lms::identifier_prefixes(&mut reports, options);
    results
}

/// An offline web package (no manifest, `index.html` at the root): a note
/// that says how it was read, then what applies to it: the container checks
/// (already made), every file the pages and stylesheets refer to is there,
/// and no load from another origin (the content scan).
fn web_package(pkg: &package::Package, options: &Options) -> Vec<Diagnostic> {
    let mut out = vec![
        Diagnostic::info(
            "package/web",
            "no manifest, and an index.html at the root: checked as an offline web package",
        )
        .with_hint("opened from disk or any web server it needs no LMS; to import it into an LMS, build or export it as SCORM, xAPI or cmi5")
        .with_rule(rules::Rule::WEB_PACKAGE)
        .at(coursepack_diagnostics::Location::file("index.html")),
    ];
    if !options.manifest_only {
        let ctx = Context { pkg, root: "", options, manifest: "index.html" };
        out.extend(scan::check(&ctx, false, true));
    }
    out
}

/// XML and schema-level diagnostics of one manifest text against the schema
/// of `standard`, without any package context: the layer that is meant to
/// agree with `xmllint --noout --nonet --schema <wrapper xsd>`. Schema
/// violations are errors here (no LMS tolerance).
pub fn schema_diagnostics(standard: Standard, file: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    let options = Options { strict: true, ..Options::default() };
    let parsed = xml::parse(file, bytes, &options.limits);
    let mut out = parsed.diagnostics;
    if let Some(doc) = parsed.doc {
        out.extend(check_document(standard, &doc, &options));
    }
    out
}

/// True when `diagnostics` contain a finding xmllint would also report
/// (not well-formed or schema-invalid, at any severity).
pub fn schema_invalid(diagnostics: &[Diagnostic]) -> bool {
    diagnostics
        .iter()
        .any(|d| d.code.starts_with("schema/") || (d.code.starts_with("xml/") && d.severity == Severity::Error))
}

fn check_document(standard: Standard, doc: &xml::Document, options: &Options) -> Vec<Diagnostic> {
    let schema: &schema::Schema = match standard {
        Standard::Scorm12 => &schema::scorm12::SCHEMA,
        Standard::Scorm2004(_) => &schema::scorm2004::SCHEMA,
        Standard::Cmi5 => &schema::cmi5::SCHEMA,
        Standard::TinCan => &schema::tincan::SCHEMA,
        // No manifest, nothing to check against a schema.
        Standard::Web => return Vec::new(),
    };
    let tolerant = !options.strict;
    schema.validate(&doc.root, &doc.source, tolerant)
}

/// What the standard-specific checkers need.
pub(crate) struct Context<'a> {
    pub pkg: &'a package::Package,
    /// Folder of the manifest inside the package ("" at the root).
    pub root: &'a str,
    pub options: &'a Options,
    pub manifest: &'a str,
}

/// `--strict`: the conformance findings LMSs tolerate become errors.
fn apply_strict(d: &mut [Diagnostic], options: &Options) {
    if !options.strict {
        return;
    }
    for d in d.iter_mut().filter(|d| d.severity == Severity::Warning && rules::raised_by_strict(&d.code)) {
        d.severity = Severity::Error;
        d.message.push_str(" (error under --strict)");
    }
}

/// Keep every message, hint and file name short whatever the input held
/// (the net under [`rules::shown`]): a zip entry name can be 64 KiB long.
fn cut_messages(d: &mut [Diagnostic]) {
    for d in d {
        rules::cut_message(&mut d.message);
        if let Some(h) = &mut d.hint {
            rules::cut_message(h);
        }
        if let Some(loc) = &mut d.location
            && let std::borrow::Cow::Owned(short) = rules::shown(&loc.file)
        {
            loc.file = short;
        }
    }
}

pub(crate) fn sort(d: &mut [Diagnostic]) {
    d.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.location.as_ref().map(|l| (l.file.clone(), l.line, l.column)).unwrap_or_default();
        key(a).cmp(&key(b)).then_with(|| b.severity.cmp(&a.severity)).then_with(|| a.code.cmp(&b.code))
    });
}
