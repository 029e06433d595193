//! Which standard a package follows, and where its manifest is.

use crate::package::Package;
use crate::rules::Rule;
use crate::schema::{scorm12, scorm2004};
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
        })
    }
}

impl Serialize for Standard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// Which manifest file was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// imsmanifest.xml
    Scorm,
    /// cmi5.xml
    Cmi5,
    /// tincan.xml
    TinCan,
}

/// The manifest to validate.
pub struct Manifest {
    /// Its path inside the package.
    pub path: String,
    /// The folder that acts as package root ("" or "dir/").
    pub root: String,
    /// Which kind.
    pub kind: Kind,
}

/// The outcome of the search.
pub struct Found {
    /// The manifest, if one was found.
    pub manifest: Option<Manifest>,
    /// Problems (manifest in a sub-folder, wrong case, none at all).
    pub diagnostics: Vec<Diagnostic>,
}

const NAMES: [(&str, Kind); 3] =
    [("imsmanifest.xml", Kind::Scorm), ("cmi5.xml", Kind::Cmi5), ("tincan.xml", Kind::TinCan)];

/// Find the manifest: at the root, or report where it is instead.
pub fn find_manifest(pkg: &Package) -> Found {
    let mut diagnostics = Vec::new();
    if pkg.bare {
        let name = pkg.files.first().cloned().unwrap_or_default();
        let lower = name.to_lowercase();
        let kind = NAMES.iter().find(|(n, _)| *n == lower).map(|(_, k)| *k).unwrap_or(if lower.contains("tincan") {
            Kind::TinCan
        } else if lower.contains("cmi5") {
            Kind::Cmi5
        } else {
            Kind::Scorm
        });
        return Found { manifest: Some(Manifest { path: name, root: String::new(), kind }), diagnostics };
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
        return Found { manifest: Some(Manifest { path: name.to_string(), root: String::new(), kind }), diagnostics };
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
            return Found { manifest: None, diagnostics };
        }
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
                manifest: Some(Manifest { path: path.to_string(), root: dir.to_string(), kind: *kind }),
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
        return Found { manifest: None, diagnostics };
    }
    diagnostics.push(
        Diagnostic::error(
            "package/no-manifest",
            "no imsmanifest.xml (SCORM), cmi5.xml (cmi5) or tincan.xml (xAPI) in the package",
        )
        .with_hint("a package needs its manifest at the root of the zip; is this an e-learning package?")
        .with_rule(Rule::CP_ROOT)
        .at(Location::file(pkg.path())),
    );
    Found { manifest: None, diagnostics }
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
