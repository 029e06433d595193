//! A package to validate: a zip (read in place), an unpacked folder, or a
//! bare manifest file. Gives the list of files and bounded reads.

use crate::rules::Rule;
use crate::zipcheck;
use crate::zipread::{ZipArchive, ZipError};
use crate::{Limits, ValidateError};
use coursepack_diagnostics::{Diagnostic, Location};
use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

enum Source {
    Zip(Box<ZipArchive<BufReader<File>>>),
    Dir(PathBuf),
    Bare(PathBuf),
}

/// An opened package.
pub struct Package {
    source: Source,
    /// Files (not directories) with `/`-separated names relative to the package root.
    pub files: Vec<String>,
    by_name: HashMap<String, usize>,
    /// Container-level diagnostics found while opening.
    pub diagnostics: Vec<Diagnostic>,
    /// True when the input is a single manifest file, not a package.
    pub bare: bool,
}

impl Package {
    /// Open `path` (zip, folder, or a bare `*.xml` manifest).
    pub fn open(path: &Path, limits: &Limits, deep: bool) -> Result<Package, ValidateError> {
        let meta = std::fs::metadata(path).map_err(|e| ValidateError::io(path, e))?;
        if meta.is_dir() {
            return Self::open_dir(path, limits);
        }
        let is_xml = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml"));
        if is_xml {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            return Ok(Package {
                source: Source::Bare(path.to_path_buf()),
                by_name: HashMap::from([(name.clone(), 0)]),
                files: vec![name],
                diagnostics: Vec::new(),
                bare: true,
            });
        }
        let file = File::open(path).map_err(|e| ValidateError::io(path, e))?;
        let mut diagnostics = Vec::new();
        match ZipArchive::open(BufReader::new(file)) {
            Ok(mut zip) => {
                diagnostics.extend(zipcheck::check_archive(&mut zip, limits, deep));
                let mut files = Vec::new();
                let mut by_name = HashMap::new();
                for (i, e) in zip.entries.iter().enumerate() {
                    if e.is_dir() {
                        continue;
                    }
                    // First copy wins for lookups; duplicates were reported.
                    by_name.entry(e.name.clone()).or_insert_with(|| {
                        files.push(e.name.clone());
                        i
                    });
                }
                Ok(Package { source: Source::Zip(Box::new(zip)), files, by_name, diagnostics, bare: false })
            }
            Err(ZipError::Io(e)) => Err(ValidateError::io(path, e)),
            Err(err) => {
                let code = match err {
                    ZipError::NotZip => "zip/not-a-zip",
                    ZipError::MultiDisk => "zip/multi-disk",
                    ZipError::TooLarge(_) => "zip/too-many-entries",
                    _ => "zip/corrupt-central-directory",
                };
                diagnostics.push(
                    Diagnostic::error(code, format!("cannot read the zip: {err}"))
                        .with_hint("give a .zip package, an unpacked package folder, or a manifest .xml file")
                        .with_rule(Rule::APPNOTE_CD),
                );
                Ok(Package { source: Source::Bare(path.to_path_buf()), files: Vec::new(), by_name: HashMap::new(), diagnostics, bare: false })
            }
        }
    }

    fn open_dir(root: &Path, limits: &Limits) -> Result<Package, ValidateError> {
        let mut files = Vec::new();
        let mut diagnostics = Vec::new();
        let mut stack = vec![(root.to_path_buf(), String::new())];
        while let Some((dir, prefix)) = stack.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|e| ValidateError::io(&dir, e))?;
            for entry in entries {
                let entry = entry.map_err(|e| ValidateError::io(&dir, e))?;
                let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
                let ft = entry.file_type().map_err(|e| ValidateError::io(&entry.path(), e))?;
                if ft.is_symlink() {
                    diagnostics.push(
                        Diagnostic::error("zip/symlink", format!("`{name}` is a symbolic link"))
                            .with_hint("zipping it would store the link or its target depending on the tool; store the real file")
                            .with_rule(Rule::APPNOTE_NAMES)
                            .at(Location::file(name.clone())),
                    );
                } else if ft.is_dir() {
                    stack.push((entry.path(), format!("{name}/")));
                } else {
                    files.push(name);
                }
                if files.len() > limits.max_entries {
                    diagnostics.push(
                        Diagnostic::error("zip/too-many-entries", format!("the folder has more than {} files", limits.max_entries))
                            .with_rule(Rule::BOMB),
                    );
                    stack.clear();
                    break;
                }
            }
        }
        files.sort();
        let by_name = files.iter().enumerate().map(|(i, f)| (f.clone(), i)).collect();
        Ok(Package { source: Source::Dir(root.to_path_buf()), files, by_name, diagnostics, bare: false })
    }

    /// True when `name` is a file of the package (exact case).
    pub fn has(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// The file whose name equals `name` ignoring case, if any.
    pub fn find_ignoring_case(&self, name: &str) -> Option<&str> {
        let lower = name.to_lowercase();
        self.files.iter().find(|f| f.to_lowercase() == lower).map(String::as_str)
    }

    /// Read file `name` (at most `limit` bytes).
    pub fn read(&mut self, name: &str, limit: u64) -> Result<Vec<u8>, Diagnostic> {
        let idx = *self.by_name.get(name).ok_or_else(|| Diagnostic::error("package/missing-file", format!("`{name}` is not in the package")))?;
        match &mut self.source {
            Source::Zip(zip) => zip.read_entry(idx, limit).map_err(|e| zipcheck::entry_error(name, &e)),
            Source::Dir(root) => read_file(&root.join(name), name, limit),
            Source::Bare(path) => {
                let p = path.clone();
                read_file(&p, name, limit)
            }
        }
    }
}

fn read_file(path: &Path, name: &str, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let f = File::open(path).map_err(|e| Diagnostic::error("package/unreadable", format!("cannot read `{name}`: {e}")).at(Location::file(name)))?;
    let mut out = Vec::new();
    f.take(limit + 1).read_to_end(&mut out).map_err(|e| Diagnostic::error("package/unreadable", format!("cannot read `{name}`: {e}")).at(Location::file(name)))?;
    if out.len() as u64 > limit {
        return Err(Diagnostic::error("xml/too-large", format!("`{name}` is larger than the limit of {limit} bytes"))
            .with_rule(Rule::XML_LIMIT)
            .at(Location::file(name)));
    }
    Ok(out)
}
