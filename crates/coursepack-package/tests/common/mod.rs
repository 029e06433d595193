//! Helpers shared by the package tests: loading and compiling real module
//! and course folders, reading package files, and running xmllint.
#![allow(dead_code)]

use coursepack_compile::{CompiledModule, compile_module};
use coursepack_diagnostics::Severity;
use coursepack_driver::assemble_package;
use coursepack_package::{BuildOptions, CourseInfo, FileContents, PackageContent, PackageFile, Target};
use coursepack_source::{Discovered, discover, load_course, load_module};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The fixture course of these tests.
pub fn fixture_course() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course")
}

/// The project's one copy of the official schemas (`xsd/`, see its README).
pub fn xsd() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("xsd")
}

/// A compiled module; panics on any error (fixtures must be clean).
pub fn compile(dir: &Path) -> CompiledModule {
    let (parsed, mut diagnostics) = load_module(dir).expect("module.toml is readable");
    let parsed = parsed.unwrap_or_else(|| panic!("{} did not parse: {diagnostics:#?}", dir.display()));
    let (module, more) = compile_module(&parsed);
    diagnostics.extend(more);
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
    module
}

/// A compiled course: its metadata and modules in order.
pub fn compile_course(dir: &Path) -> (CourseInfo, Vec<CompiledModule>) {
    let (course, diagnostics) = load_course(dir).expect("course.toml is readable");
    let course = course.unwrap_or_else(|| panic!("{} did not parse: {diagnostics:#?}", dir.display()));
    let modules = course.modules.iter().map(|m| compile(&m.dir)).collect();
    (CourseInfo::from(&course.manifest), modules)
}

/// Every package `modules-src` gives: each course (as a course) and each module on its own.
pub struct Sources {
    pub courses: Vec<(CourseInfo, Vec<CompiledModule>)>,
    pub modules: Vec<CompiledModule>,
}

impl Sources {
    /// Load and compile everything under `dir`; course modules are also compiled on their own.
    pub fn load(dir: &Path) -> Sources {
        let mut sources = Sources { courses: Vec::new(), modules: Vec::new() };
        for found in discover(dir).expect("readable folder") {
            match found {
                Discovered::Module(m) => sources.modules.push(compile(&m)),
                Discovered::Course(c) => {
                    let (info, modules) = compile_course(&c);
                    sources.modules.extend(modules.iter().cloned());
                    sources.courses.push((info, modules));
                }
            }
        }
        sources
    }
}

/// The files of a package, in memory. Its manifest (LMS targets) is
/// validated with xmllint against the official schemas first, so every
/// manifest a test builds through here is checked.
pub fn package(content: &PackageContent<'_>, target: Target, options: &BuildOptions) -> Vec<PackageFile> {
    let files =
        assemble_package(content, target, options).unwrap_or_else(|e| panic!("{} for {target}: {e}", content.id()));
    if target != Target::Web {
        require_xmllint();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(manifest_name(target));
        std::fs::write(&path, text(&files, manifest_name(target))).unwrap();
        let failures = xmllint_failures(&wrapper_schema(target), &[path]);
        assert!(failures.is_empty(), "{} for {target} ({}): {}", content.id(), options.lms, failures.join("\n"));
    }
    files
}

/// The text of a generated file of the package.
pub fn text(files: &[PackageFile], path: &str) -> String {
    let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path} in the package"));
    match &file.contents {
        FileContents::Bytes(b) => String::from_utf8(b.clone()).expect("UTF-8"),
        FileContents::Shared(b) => String::from_utf8(b.to_vec()).expect("UTF-8"),
        FileContents::Disk(p) => std::fs::read_to_string(p).expect("readable"),
        FileContents::Deflated(d) => String::from_utf8(d.inflate().expect("inflates")).expect("UTF-8"),
    }
}

/// The manifest file of a target.
pub fn manifest_name(target: Target) -> &'static str {
    match target {
        Target::Scorm12 | Target::Scorm2004 => "imsmanifest.xml",
        Target::Xapi => "tincan.xml",
        Target::Cmi5 => "cmi5.xml",
        Target::Web => panic!("the web target has no manifest"),
    }
}

/// The schema xmllint validates a target's manifest with, in `xsd/`.
pub fn wrapper_schema(target: Target) -> PathBuf {
    xsd().join(match target {
        Target::Scorm12 => "validation/scorm12.xsd",
        Target::Scorm2004 => "validation/scorm2004.xsd",
        Target::Xapi => "tincan/tincan.xsd",
        Target::Cmi5 => "cmi5/CourseStructure.xsd",
        Target::Web => panic!("the web target has no manifest"),
    })
}

/// Panics (never skips) when xmllint is missing: `scripts/install-test-deps.sh` installs it.
pub fn require_xmllint() {
    let ok = Command::new("xmllint").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "xmllint is not installed: these tests validate every manifest with it. Run scripts/install-test-deps.sh (Debian libxml2-utils)."
    );
}

/// Validate `files` against `xsd` with one xmllint run; returns the files that failed, with xmllint's messages.
pub fn xmllint_failures(xsd: &Path, files: &[PathBuf]) -> Vec<String> {
    if files.is_empty() {
        return Vec::new();
    }
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(xsd)
        .args(files)
        .output()
        .expect("run xmllint");
    let stderr = String::from_utf8_lossy(&out.stderr);
    files
        .iter()
        .filter(|f| !stderr.lines().any(|l| l == format!("{} validates", f.display())))
        .map(|f| {
            let name = f.display().to_string();
            let messages: Vec<&str> = stderr.lines().filter(|l| l.starts_with(&name)).collect();
            format!("{name}:\n{}", messages.join("\n"))
        })
        .collect()
}

/// The values of every attribute called one of `names` in an XML document, in document order.
pub fn attribute_values(xml: &str, names: &[&str]) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                for a in e.attributes() {
                    let a = a.expect("attribute");
                    let key = a.key.into_inner().to_string();
                    if names.contains(&key.as_str()) {
                        out.push((
                            key,
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).expect("value").into_owned(),
                        ));
                    }
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}
