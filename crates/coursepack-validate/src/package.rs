//! A package to validate: a zip (read in place), an unpacked folder, or a
//! bare manifest file. Gives the list of files and bounded reads.

use crate::rules::Rule;
use crate::zipcheck;
use crate::zipread::{self, ZipArchive, ZipDirectory, ZipError};
use crate::{Limits, ValidateError};
use coursepack_diagnostics::{Diagnostic, Location};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Where the files come from. Zip entries are read through a fresh file
/// handle per read (or per worker thread), so reads need no `&mut` and can
/// run in parallel.
enum Source {
    Zip { path: PathBuf, dir: Box<ZipDirectory> },
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
    /// True when the zip's central directory could not be read (or was
    /// refused): there is nothing in the package to look for.
    pub unreadable: bool,
    /// Per zip entry: read in full (size and CRC-32 verified) by a check,
    /// so the full container check need not stream it again.
    verified: Vec<AtomicBool>,
}

impl Package {
    /// Open `path` (zip, folder, or a bare `*.xml` manifest): the zip's
    /// central directory is read and checked; its entries are checked by
    /// [`Package::check_entries`].
    pub fn open(path: &Path, limits: &Limits) -> Result<Package, ValidateError> {
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
                unreadable: false,
                verified: Vec::new(),
            });
        }
        let file = File::open(path).map_err(|e| ValidateError::io(path, e))?;
        let mut diagnostics = Vec::new();
        match ZipArchive::open_limited(BufReader::new(file), limits.max_entries) {
            Ok(zip) => {
                let zip = zip.into_directory();
                diagnostics.extend(zipcheck::check_archive(&zip, limits, &path.display().to_string()));
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
                Ok(Package {
                    verified: zip.entries.iter().map(|_| AtomicBool::new(false)).collect(),
                    source: Source::Zip { path: path.to_path_buf(), dir: Box::new(zip) },
                    files,
                    by_name,
                    diagnostics,
                    bare: false,
                    unreadable: false,
                })
            }
            Err(ZipError::Io(e)) => Err(ValidateError::io(path, e)),
            Err(err) => {
                let code = match err {
                    ZipError::NotZip => "zip/not-a-zip",
                    ZipError::MultiDisk => "zip/multi-disk",
                    ZipError::TooLarge(_) | ZipError::TooManyEntries { .. } | ZipError::NamesTooLong { .. } => {
                        "zip/too-many-entries"
                    }
                    ZipError::Shifted { .. } => "zip/prefixed-data",
                    _ => "zip/corrupt-central-directory",
                };
                let (hint, rule) = match err {
                    ZipError::Shifted { .. } => (
                        "something was put in front of the zip after it was made (a self-extractor, another file): unzip tools that compensate read other bytes than the offsets say; zip the files again on their own",
                        Rule::APPNOTE_LAYOUT,
                    ),
                    ZipError::TooLarge(_) | ZipError::TooManyEntries { .. } | ZipError::NamesTooLong { .. } => (
                        "a course package has far fewer files: check that this is the right zip (the limit is a zip-bomb defence; nothing else in it was read)",
                        Rule::BOMB,
                    ),
                    _ => ("give a .zip package, an unpacked package folder, or a manifest .xml file", Rule::APPNOTE_CD),
                };
                diagnostics.push(
                    Diagnostic::error(code, format!("cannot read the zip: {err}"))
                        .with_hint(hint)
                        .with_rule(rule)
                        .at(Location::file(path.display().to_string())),
                );
                Ok(Package {
                    source: Source::Bare(path.to_path_buf()),
                    files: Vec::new(),
                    by_name: HashMap::new(),
                    diagnostics,
                    bare: false,
                    unreadable: true,
                    verified: Vec::new(),
                })
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
                        Diagnostic::error(
                            "zip/too-many-entries",
                            format!("the folder has more than {} files", limits.max_entries),
                        )
                        .with_hint("a course package has far fewer files; check that the right folder is named")
                        .with_rule(Rule::BOMB)
                        .at(Location::file(root.display().to_string())),
                    );
                    stack.clear();
                    break;
                }
            }
        }
        files.sort();
        let by_name = files.iter().enumerate().map(|(i, f)| (f.clone(), i)).collect();
        Ok(Package {
            source: Source::Dir(root.to_path_buf()),
            files,
            by_name,
            diagnostics,
            bare: false,
            unreadable: false,
            verified: Vec::new(),
        })
    }

    /// True when the package is a zip (its container can be checked).
    pub fn is_zip(&self) -> bool {
        matches!(self.source, Source::Zip { .. })
    }

    /// The full check of a zip's entries ([`zipcheck::check_entries`]): local
    /// headers against the central directory, no unlisted bytes, and the
    /// size and CRC-32 of every entry the other checks have not read in
    /// full. Nothing for a folder or a bare file.
    pub fn check_entries(&self, limits: &Limits) -> Vec<Diagnostic> {
        match &self.source {
            Source::Zip { path, dir } => zipcheck::check_entries(path, dir, limits, &self.verified),
            _ => Vec::new(),
        }
    }

    /// The package's path as given: the location of findings about the
    /// package as a whole.
    pub fn path(&self) -> String {
        match &self.source {
            Source::Zip { path, .. } | Source::Dir(path) | Source::Bare(path) => path.display().to_string(),
        }
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

    /// The uncompressed size of file `name` (declared by the zip, or from
    /// the file system), if it exists.
    pub fn size(&self, name: &str) -> Option<u64> {
        let idx = *self.by_name.get(name)?;
        match &self.source {
            Source::Zip { dir, .. } => Some(dir.entries[idx].uncompressed_size),
            Source::Dir(root) => std::fs::metadata(root.join(name)).ok().map(|m| m.len()),
            Source::Bare(path) => std::fs::metadata(path).ok().map(|m| m.len()),
        }
    }

    /// Read file `name` (at most `limit` bytes).
    pub fn read(&self, name: &str, limit: u64) -> Result<Vec<u8>, Box<Diagnostic>> {
        let mut reader = None;
        self.read_with(&mut reader, name, limit)
    }

    /// Read every file of `names` (at most `limit` bytes each) and map it
    /// with `f`, in parallel (one file handle per worker thread); results
    /// keep the order of `names`.
    pub fn read_each<T: Send>(
        &self,
        names: &[String],
        limit: u64,
        f: impl Fn(&str, Result<Vec<u8>, Box<Diagnostic>>) -> T + Sync + Send,
    ) -> Vec<T> {
        names.par_iter().map_init(|| None, |reader, name| f(name, self.read_with(reader, name, limit))).collect()
    }

    /// Read `name`, reusing (or opening) the zip file handle in `reader`.
    fn read_with(
        &self,
        reader: &mut Option<BufReader<File>>,
        name: &str,
        limit: u64,
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        let idx = *self.by_name.get(name).ok_or_else(|| {
            Box::new(
                Diagnostic::error("package/missing-file", format!("`{name}` is not in the package"))
                    .with_hint("add the file to the package, or correct the reference to it")
                    .with_rule(Rule::PACKAGE_READ)
                    .at(Location::file(name)),
            )
        })?;
        match &self.source {
            Source::Zip { path, dir } => {
                if reader.is_none() {
                    let f = File::open(path).map_err(|e| unreadable(name, &e.to_string()))?;
                    *reader = Some(BufReader::with_capacity(64 * 1024, f));
                }
                let r = reader.as_mut().ok_or_else(|| unreadable(name, "no file handle"))?;
                let bytes = zipread::read_entry(r, &dir.entries[idx], dir.central_offset, limit)
                    .map_err(|e| Box::new(zipcheck::entry_error(name, &e)))?;
                if let Some(v) = self.verified.get(idx) {
                    v.store(true, Ordering::Relaxed);
                }
                Ok(bytes)
            }
            Source::Dir(root) => read_file(&root.join(name), name, limit),
            Source::Bare(path) => read_file(path, name, limit),
        }
    }
}

fn read_file(path: &Path, name: &str, limit: u64) -> Result<Vec<u8>, Box<Diagnostic>> {
    use std::io::Read;
    let f = File::open(path).map_err(|e| unreadable(name, &e.to_string()))?;
    let mut out = Vec::new();
    f.take(limit + 1).read_to_end(&mut out).map_err(|e| unreadable(name, &e.to_string()))?;
    if out.len() as u64 > limit {
        return Err(Box::new(
            Diagnostic::error("xml/too-large", format!("`{name}` is larger than the limit of {limit} bytes"))
                .with_hint(
                    "a manifest or metadata file this large is not a real one; check that the right file is named",
                )
                .with_rule(Rule::XML_LIMIT)
                .at(Location::file(name)),
        ));
    }
    Ok(out)
}

/// `package/unreadable`: a file of the package that the file system would
/// not give us.
fn unreadable(name: &str, why: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error("package/unreadable", format!("cannot read `{name}`: {why}"))
            .with_hint("check the file's permissions, and that the package is not being changed while it is validated")
            .with_rule(Rule::PACKAGE_READ)
            .at(Location::file(name)),
    )
}
