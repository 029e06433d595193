//! Which standard a package follows, and where its manifest is.

use crate::package::Package;
use crate::rules::Rule;
use crate::schema::{cmi5, scorm12, scorm2004, tincan};
use crate::xml::Element;
use coursepack_diagnostics::{Diagnostic, Location};
use serde::Serialize;
use std::fmt;

/// SCORM 2004 edition, from `<schemaversion>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Edition {
    /// `CAM 1.3`.
    Second,
    /// `2004 3rd Edition`.
    Third,
    /// `2004 4th Edition` (also assumed when the version is missing or unknown).
    Fourth,
}

/// A packaging standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Standard {
    /// SCORM 1.2 (`imsmanifest.xml`, IMS CP 1.1.2).
    Scorm12,
    /// SCORM 2004 (`imsmanifest.xml`, IMS CP 1.1.4).
    Scorm2004(Edition),
    /// cmi5 (`cmi5.xml`).
    Cmi5,
    /// xAPI / TinCan (`tincan.xml`).
    TinCan,
    /// A plain offline web package: `index.html` at the root and no manifest
    /// (what `coursepack build --target web` writes).
    Web,
}

impl Standard {
    /// Stable machine name (`scorm12`, `scorm2004-4th`, `cmi5`, `tincan`).
    pub fn id(self) -> &'static str {
        match self {
            Standard::Scorm12 => "scorm12",
            Standard::Scorm2004(Edition::Second) => "scorm2004-2nd",
            Standard::Scorm2004(Edition::Third) => "scorm2004-3rd",
            Standard::Scorm2004(Edition::Fourth) => "scorm2004-4th",
            Standard::Cmi5 => "cmi5",
            Standard::TinCan => "tincan",
            Standard::Web => "web",
        }
    }
}

impl fmt::Display for Standard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Standard::Scorm12 => "SCORM 1.2",
            Standard::Scorm2004(Edition::Second) => "SCORM 2004 2nd Edition",
            Standard::Scorm2004(Edition::Third) => "SCORM 2004 3rd Edition",
            Standard::Scorm2004(Edition::Fourth) => "SCORM 2004 4th Edition",
            Standard::Cmi5 => "cmi5",
            Standard::TinCan => "xAPI (TinCan)",
            Standard::Web => "offline web package",
        })
    }
}

impl Serialize for Standard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// Which kind of manifest a file is: decided by its content (root element
/// and namespace, [`kind_of_root`]), the file name being only a tie-breaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An IMS content-packaging `<manifest>` (SCORM), conventionally imsmanifest.xml.
    Scorm,
    /// A cmi5 `<courseStructure>`, conventionally cmi5.xml.
    Cmi5,
    /// A TinCan `<tincan>`, conventionally tincan.xml.
    TinCan,
}

impl Kind {
    /// The file name a package must give this manifest.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Scorm => "imsmanifest.xml",
            Kind::Cmi5 => "cmi5.xml",
            Kind::TinCan => "tincan.xml",
        }
    }

    /// What the root element of this kind is, for messages.
    fn describe(self) -> &'static str {
        match self {
            Kind::Scorm => "a SCORM manifest (<manifest>)",
            Kind::Cmi5 => "a cmi5 course structure (<courseStructure>)",
            Kind::TinCan => "a TinCan package description (<tincan>)",
        }
    }
}

/// The kind of manifest a root element makes: by namespace and local name
/// first, then by local name alone (a wrong namespace is the schema
/// layer's finding, not a reason to check the file against another standard).
pub fn kind_of_root(ns: &str, local: &str) -> Option<Kind> {
    match (ns, local) {
        (scorm12::CP | scorm2004::CP, "manifest") => Some(Kind::Scorm),
        (cmi5::NS, "courseStructure") => Some(Kind::Cmi5),
        (tincan::NS, "tincan") => Some(Kind::TinCan),
        (_, "manifest") => Some(Kind::Scorm),
        (_, "courseStructure") => Some(Kind::Cmi5),
        (_, "tincan") => Some(Kind::TinCan),
        _ => None,
    }
}

/// The kind a file name suggests: the conventional names exactly, then (for
/// a bare file whose content names no kind) a name that mentions one.
pub fn kind_of_name(name: &str) -> Kind {
    let base = name.rsplit('/').next().unwrap_or(name).to_lowercase();
    if let Some((_, k)) = NAMES.iter().find(|(n, _)| *n == base) {
        *k
    } else if base.contains("tincan") {
        Kind::TinCan
    } else if base.contains("cmi5") {
        Kind::Cmi5
    } else {
        Kind::Scorm
    }
}

/// The kind of manifest an XML text is, from its root element, reading only
/// up to the first start tag (the whole file is parsed later). `None` when
/// the text is not XML that gets that far, or its root is no manifest.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    let text = crate::xml::decode_text(bytes)?;
    let mut reader = quick_xml::NsReader::from_str(&text);
    loop {
        match reader.read_event().ok()? {
            Event::Start(s) | Event::Empty(s) => {
                let (res, local) = reader.resolver().resolve_element(s.name());
                let ns = match res {
                    ResolveResult::Bound(n) => n.0.to_string(),
                    _ => String::new(),
                };
                return kind_of_root(&ns, local.as_ref());
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The manifest to validate.
pub struct Manifest {
    /// Its path inside the package.
    pub path: String,
    /// The folder that acts as package root ("" or "dir/").
    pub root: String,
    /// The kind its name says (or, when it was found by its content, its
    /// root element); [`kind_of_root`] on the parsed file has the last word.
    pub kind: Kind,
}

/// The outcome of the search.
pub struct Found {
    /// The manifest, if one was found.
    pub manifest: Option<Manifest>,
    /// True when there is no manifest but an `index.html` at the root: an
    /// offline web package.
    pub web: bool,
    /// Problems (manifest in a sub-folder, wrong case, none at all).
    pub diagnostics: Vec<Diagnostic>,
}

const NAMES: [(&str, Kind); 3] =
    [("imsmanifest.xml", Kind::Scorm), ("cmi5.xml", Kind::Cmi5), ("tincan.xml", Kind::TinCan)];

/// Most XML files at the package root read to find a manifest by its
/// content when none has a manifest's name.
const MAX_SNIFFED: usize = 32;

/// Find the manifest: at the root by its name, else at the root by its
/// content, or report where it is instead.
pub fn find_manifest(pkg: &Package, limits: &crate::Limits) -> Found {
    let mut diagnostics = Vec::new();
    if pkg.bare {
        let name = pkg.files.first().cloned().unwrap_or_default();
        let kind = kind_of_name(&name);
        return Found { web: false, manifest: Some(Manifest { path: name, root: String::new(), kind }), diagnostics };
    }
    let present: Vec<(&str, Kind)> = NAMES.iter().copied().filter(|(n, _)| pkg.has(n)).collect();
    if let Some(&(name, kind)) = present.first() {
        for (other, _) in present.iter().skip(1) {
            diagnostics.push(
                Diagnostic::info(
                    "package/several-manifests",
                    format!("the package also has `{other}`; validating `{name}`"),
                )
                .with_hint("an LMS uses one manifest; remove the other if it is left over from another export")
                .with_rule(Rule::PACKAGE_KIND)
                .at(Location::file(*other)),
            );
        }
        return Found {
            web: false,
            manifest: Some(Manifest { path: name.to_string(), root: String::new(), kind }),
            diagnostics,
        };
    }
    // Wrong case at the root.
    for (n, _) in NAMES {
        if let Some(actual) = pkg.find_ignoring_case(n).filter(|a| !a.contains('/')) {
            diagnostics.push(
                Diagnostic::error(
                    "package/manifest-name-case",
                    format!("the manifest is named `{actual}`; it must be `{n}`"),
                )
                .with_hint("LMS servers are case-sensitive: rename the file")
                .with_rule(Rule::CP_ROOT)
                .at(Location::file(actual)),
            );
            return Found { web: false, manifest: None, diagnostics };
        }
    }
    // A manifest under another name, found by its root element.
    let xml_at_root: Vec<String> = pkg
        .files
        .iter()
        .filter(|f| !f.contains('/') && f.to_lowercase().ends_with(".xml"))
        .take(MAX_SNIFFED)
        .cloned()
        .collect();
    let sniffed: Vec<(String, Kind)> = pkg
        .read_each(&xml_at_root, limits.max_manifest_bytes, |name, bytes| {
            bytes.ok().and_then(|b| sniff(&b)).map(|k| (name.to_string(), k))
        })
        .into_iter()
        .flatten()
        .collect();
    if let Some((path, kind)) = NAMES.iter().find_map(|(_, k)| sniffed.iter().find(|(_, sk)| sk == k)) {
        return Found {
            web: false,
            manifest: Some(Manifest { path: path.clone(), root: String::new(), kind: *kind }),
            diagnostics,
        };
    }
    // Nested: the usual "zipped the folder instead of its contents".
    let nested: Vec<(&String, Kind)> = pkg
        .files
        .iter()
        .filter_map(|f| {
            let base = f.rsplit('/').next().unwrap_or(f);
            NAMES.iter().find(|(n, _)| *n == base).map(|(_, k)| (f, *k))
        })
        .collect();
    if let Some((path, kind)) = nested.iter().min_by_key(|(p, _)| p.matches('/').count()) {
        let dir = &path[..path.len() - path.rsplit('/').next().map_or(0, str::len)];
        // tincan.xml may be nested when every parent holds only that folder.
        if *kind == Kind::TinCan && pkg.files.iter().all(|f| f.starts_with(dir)) {
            diagnostics.push(
                Diagnostic::info(
                    "package/nested-root",
                    format!("tincan.xml is in `{dir}`, the only folder of the package"),
                )
                .with_hint("allowed for TinCan, but put it at the zip root for other LMSs")
                .with_rule(Rule::TINCAN_ROOT)
                .at(Location::file(path.as_str())),
            );
            return Found {
                web: false,
                manifest: Some(Manifest { path: String::clone(path), root: dir.to_string(), kind: *kind }),
                diagnostics,
            };
        }
        let rule = if *kind == Kind::Cmi5 { Rule::CMI5_ROOT } else { Rule::CP_ROOT };
        diagnostics.push(
            Diagnostic::error("package/manifest-not-at-root", format!("`{path}` is not at the package root"))
                .with_hint(format!(
                    "you probably zipped the folder instead of its contents: zip what is inside `{dir}` so that `{}` is at the top of the zip",
                    path.rsplit('/').next().unwrap_or(path)
                ))
                .with_rule(rule)
                .at(Location::file(path.as_str())),
        );
        return Found { web: false, manifest: None, diagnostics };
    }
    // No manifest, but a page to open: an offline web package.
    if pkg.has("index.html") {
        return Found { web: true, manifest: None, diagnostics };
    }
    diagnostics.push(
        Diagnostic::error(
            "package/no-manifest",
            "no imsmanifest.xml (SCORM), cmi5.xml (cmi5) or tincan.xml (xAPI) in the package",
        )
        .with_hint("an LMS package needs its manifest at the root of the zip, and an offline web package an index.html there: is this an e-learning package?")
        .with_rule(Rule::CP_ROOT)
        .at(Location::file(pkg.path())),
    );
    Found { web: false, manifest: None, diagnostics }
}

/// `package/manifest-name`: a package's manifest whose content is of kind
/// `content` but whose name is not the one that kind must have (LMSs find
/// the manifest by its name). An error in a package; a note with
/// `--manifest-only`, where the file may have been renamed when it was taken
/// out of its package. Nothing for a bare file, whose name says nothing.
pub fn name_diagnostic(m: &Manifest, content: Kind, pkg: &Package, manifest_only: bool) -> Option<Diagnostic> {
    let base = m.path.rsplit('/').next().unwrap_or(&m.path);
    if pkg.bare || base == content.file_name() {
        return None;
    }
    let message = format!("`{}` is {}, so it must be named `{}`", m.path, content.describe(), content.file_name());
    let rule = if content == Kind::Cmi5 { Rule::CMI5_ROOT } else { Rule::PACKAGE_KIND };
    let at = Location::file(m.path.clone());
    Some(if manifest_only {
        Diagnostic::info("package/manifest-name", message)
            .with_hint(format!(
                "validated as {}; inside a package, LMSs look for it by the name `{}`",
                content.describe(),
                content.file_name()
            ))
            .with_rule(rule)
            .at(at)
    } else {
        Diagnostic::error("package/manifest-name", message)
            .with_hint(format!("LMSs look for the manifest by its name: rename the file to `{}`", content.file_name()))
            .with_rule(rule)
            .at(at)
    })
}

/// The standard of a parsed manifest.
pub fn standard_of(kind: Kind, root: &Element) -> Standard {
    match kind {
        Kind::Cmi5 => Standard::Cmi5,
        Kind::TinCan => Standard::TinCan,
        Kind::Scorm => {
            if root.ns == scorm12::CP {
                return Standard::Scorm12;
            }
            let version = root
                .children
                .iter()
                .find(|c| c.local == "metadata")
                .and_then(|m| m.children.iter().find(|c| c.local == "schemaversion"))
                .map(|v| v.text.trim().to_string())
                .unwrap_or_default();
            match version.as_str() {
                "1.2" if root.ns != scorm2004::CP => Standard::Scorm12,
                "CAM 1.3" => Standard::Scorm2004(Edition::Second),
                "2004 3rd Edition" => Standard::Scorm2004(Edition::Third),
                _ if root.ns == scorm2004::CP => Standard::Scorm2004(Edition::Fourth),
                _ => Standard::Scorm12,
            }
        }
    }
}
