//! Checks on the zip container itself: entry names, duplicates, symlinks,
//! encryption, compression methods, declared sizes (zip bombs), overlapping
//! entries and, under `--deep`, every entry's CRC.

use crate::Limits;
use crate::rules::{Rule, diag_file};
use crate::zipread::{self, EntryError, ZipDirectory, ZipEntry};
use coursepack_diagnostics::{Diagnostic, Location};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// Problems with one entry name, or `None` when it is a safe relative path.
pub fn name_problems(e: &ZipEntry) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let shown = e.name.escape_debug().to_string();
    let at = || Location::file(e.name.clone());
    if e.raw_name.iter().any(|&b| b < 0x20 || b == 0x7f) {
        out.push(
            Diagnostic::error("zip/control-char", format!("entry name `{shown}` contains a NUL or control character"))
                .with_hint("rename the file; control characters in names are rejected by most unzip tools and LMSs")
                .with_rule(Rule::APPNOTE_NAMES)
                .at(at()),
        );
    }
    if e.name.contains('\\') {
        out.push(
            Diagnostic::error("zip/backslash", format!("entry name `{shown}` contains a backslash"))
                .with_hint("zip names use `/` as the separator; re-create the zip with a tool that writes `/` (not Windows' legacy zipper)")
                .with_rule(Rule::APPNOTE_NAMES)
                .at(at()),
        );
    }
    let normal = e.name.replace('\\', "/");
    if normal.starts_with('/') {
        out.push(
            Diagnostic::error("zip/absolute-path", format!("entry name `{shown}` is an absolute path"))
                .with_hint("store paths relative to the package root")
                .with_rule(Rule::APPNOTE_NAMES)
                .at(at()),
        );
    }
    let b = normal.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        out.push(
            Diagnostic::error("zip/drive-letter", format!("entry name `{shown}` starts with a drive letter"))
                .with_hint("store paths relative to the package root")
                .with_rule(Rule::APPNOTE_NAMES)
                .at(at()),
        );
    }
    if normal.split('/').any(|seg| seg == "..") {
        out.push(
            Diagnostic::error(
                "zip/path-traversal",
                format!("entry name `{shown}` climbs out of the package with `..`"),
            )
            .with_hint("this is a zip-slip attack pattern; remove the entry")
            .with_rule(Rule::APPNOTE_NAMES)
            .at(at()),
        );
    }
    if !e.utf8 {
        out.push(
            Diagnostic::warning("zip/non-utf8-name", format!("entry name `{shown}` is not UTF-8"))
                .with_hint("LMSs decode legacy CP437 names differently; use ASCII or UTF-8 names with the UTF-8 flag")
                .with_rule(Rule::APPNOTE_NAMES)
                .at(at()),
        );
    }
    out
}

/// Container-level diagnostics for an archive's central directory (no entry
/// data is read). Findings about the whole archive are located at `archive`
/// (its path as given).
pub fn check_archive(zip: &ZipDirectory, limits: &Limits, archive: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if zip.zip64 || zip.entries.iter().any(|e| e.zip64) {
        out.push(
            Diagnostic::info("zip/zip64", "the archive uses zip64 extensions")
                .with_hint("fine for modern LMSs (cmi5 requires support); some old LMS unzip code cannot read zip64")
                .with_rule(Rule::APPNOTE_ZIP64)
                .at(Location::file(archive)),
        );
    }
    if zip.entries.len() > limits.max_entries {
        out.push(
            Diagnostic::error(
                "zip/too-many-entries",
                format!("the archive has {} entries, more than the limit of {}", zip.entries.len(), limits.max_entries),
            )
            .with_hint("a course package has far fewer files: check that this is the right zip (the limit is a zip-bomb defence)")
            .with_rule(Rule::BOMB)
            .at(Location::file(archive)),
        );
    }
    let mut seen: HashMap<&[u8], usize> = HashMap::new();
    let mut seen_folded: HashMap<String, &str> = HashMap::new();
    let mut total: u64 = 0;
    for e in &zip.entries {
        out.extend(name_problems(e));
        if seen.insert(&e.raw_name, 1).is_some() {
            out.push(
                Diagnostic::error("zip/duplicate-name", format!("entry `{}` is stored more than once", e.name))
                    .with_hint("unzip tools keep the first or the last copy, so different LMSs see different content")
                    .with_rule(Rule::APPNOTE_NAMES)
                    .at(Location::file(e.name.clone())),
            );
        } else {
            let folded = e.name.to_lowercase();
            if let Some(other) = seen_folded.get(&folded) {
                out.push(
                    Diagnostic::error(
                        "zip/case-duplicate",
                        format!("entries `{}` and `{}` differ only in letter case", other, e.name),
                    )
                    .with_hint("on Windows and macOS servers one file overwrites the other; rename one")
                    .with_rule(Rule::APPNOTE_NAMES)
                    .at(Location::file(e.name.clone())),
                );
            } else {
                seen_folded.insert(folded, &e.name);
            }
        }
        if e.is_symlink() {
            out.push(
                Diagnostic::error("zip/symlink", format!("entry `{}` is a symbolic link", e.name))
                    .with_hint("a link can point outside the package when extracted; store the real file")
                    .with_rule(Rule::APPNOTE_NAMES)
                    .at(Location::file(e.name.clone())),
            );
        }
        if e.is_encrypted() {
            out.push(
                Diagnostic::error("zip/encrypted", format!("entry `{}` is encrypted", e.name))
                    .with_hint("LMSs cannot read password-protected packages; zip without a password")
                    .with_rule(Rule::APPNOTE_ENCRYPTION)
                    .at(Location::file(e.name.clone())),
            );
        } else if e.method != 0 && e.method != 8 {
            out.push(
                Diagnostic::error(
                    "zip/unsupported-compression",
                    format!("entry `{}` uses compression method {} ({})", e.name, e.method, method_name(e.method)),
                )
                .with_hint("only stored (0) and deflate (8) are read by every LMS; re-zip with deflate")
                .with_rule(Rule::APPNOTE_METHODS)
                .at(Location::file(e.name.clone())),
            );
        }
        total = total.saturating_add(e.uncompressed_size);
        if e.uncompressed_size >= limits.ratio_min_size {
            let ratio = e.uncompressed_size / e.compressed_size.max(1);
            if ratio > limits.max_ratio {
                out.push(
                    Diagnostic::error(
                        "zip/compression-ratio",
                        format!(
                            "entry `{}` declares {} bytes from {} compressed (ratio {ratio}:1, limit {}:1)",
                            e.name, e.uncompressed_size, e.compressed_size, limits.max_ratio
                        ),
                    )
                    .with_hint("this looks like a zip bomb")
                    .with_rule(Rule::BOMB)
                    .at(Location::file(e.name.clone())),
                );
            }
        }
        if e.method == 0 && !e.is_encrypted() && e.compressed_size != e.uncompressed_size {
            out.push(
                Diagnostic::error(
                    "zip/size-mismatch",
                    format!(
                        "stored entry `{}` declares {} bytes but holds {}",
                        e.name, e.uncompressed_size, e.compressed_size
                    ),
                )
                .with_hint("the zip's directory lies about this entry's size (a damaged or crafted zip): re-create the zip with a standard tool")
                .with_rule(Rule::BOMB)
                .at(Location::file(e.name.clone())),
            );
        }
    }
    if total > limits.max_total_uncompressed {
        out.push(
            Diagnostic::error(
                "zip/total-size",
                format!(
                    "entries declare {total} bytes in total, more than the limit of {}",
                    limits.max_total_uncompressed
                ),
            )
            .with_hint("this looks like a zip bomb")
            .with_rule(Rule::BOMB)
            .at(Location::file(archive)),
        );
    }
    // Overlapping entries (the "non-recursive zip bomb" reuses one compressed
    // stream for many entries).
    let mut spans: Vec<(u64, u64, &str)> = zip
        .entries
        .iter()
        .map(|e| {
            (
                e.local_offset,
                e.local_offset.saturating_add(30 + e.raw_name.len() as u64).saturating_add(e.compressed_size),
                e.name.as_str(),
            )
        })
        .collect();
    spans.sort_unstable();
    for w in spans.windows(2) {
        if w[1].0 < w[0].1 {
            out.push(
                Diagnostic::error(
                    "zip/overlapping-entries",
                    format!("entries `{}` and `{}` share data", w[0].2, w[1].2),
                )
                .with_hint("overlapping entries are a zip-bomb technique; no legitimate zipper writes them")
                .with_rule(Rule::BOMB)
                .at(Location::file(w[1].2.to_string())),
            );
            break;
        }
    }
    out
}

/// Stream every entry of the archive at `path` to verify its size and
/// CRC-32 (`--deep`). Entries are spread over rayon's threads, each with its
/// own file handle and one 64 KiB buffer, so memory stays bounded and both
/// cores inflate at once. Diagnostics keep the central-directory order.
pub fn verify_entries(path: &Path, zip: &ZipDirectory, limits: &Limits) -> Vec<Diagnostic> {
    zip.entries
        .par_iter()
        .map_init(
            || File::open(path).map(|f| BufReader::with_capacity(64 * 1024, f)),
            |reader, e| {
                if e.is_dir() || e.is_encrypted() || (e.method != 0 && e.method != 8) {
                    return None;
                }
                let result = match reader {
                    Ok(r) => zipread::stream_entry(r, e, zip.central_offset, limits.max_total_uncompressed, |_| {}),
                    Err(err) => Err(EntryError::Io(std::io::Error::new(err.kind(), err.to_string()))),
                };
                result.err().map(|err| entry_error(&e.name, &err))
            },
        )
        .flatten()
        .collect()
}

/// The diagnostic for a failure to read one entry.
pub fn entry_error(name: &str, err: &EntryError) -> Diagnostic {
    const RECREATE: &str = "the entry is damaged: re-create the zip with a standard tool and check that the upload or download was complete";
    let (code, rule, hint) = match err {
        EntryError::Crc { .. } => ("zip/crc-mismatch", Rule::APPNOTE_CRC, RECREATE),
        EntryError::LargerThanDeclared { .. } | EntryError::SmallerThanDeclared { .. } => (
            "zip/size-mismatch",
            Rule::BOMB,
            "the data inflates to another size than the zip declares (a damaged or crafted zip): re-create the zip with a standard tool",
        ),
        EntryError::OverLimit(_) => (
            "zip/entry-too-large",
            Rule::BOMB,
            "an entry the checks must read is larger than the safety limit: check that this is the right file",
        ),
        EntryError::Encrypted => (
            "zip/encrypted",
            Rule::APPNOTE_ENCRYPTION,
            "LMSs cannot read encrypted entries: zip the package without a password",
        ),
        EntryError::UnsupportedMethod(_) => (
            "zip/unsupported-compression",
            Rule::APPNOTE_METHODS,
            "re-create the zip with deflate or stored entries, which every LMS reads",
        ),
        EntryError::BadLocalHeader(_) => ("zip/bad-local-header", Rule::APPNOTE_NAMES, RECREATE),
        EntryError::Corrupt(_) | EntryError::Io(_) => ("zip/corrupt-data", Rule::APPNOTE_CRC, RECREATE),
    };
    diag_file(Diagnostic::error(code, format!("cannot read `{name}`: {err}")).with_hint(hint).with_rule(rule), name)
}

fn method_name(m: u16) -> &'static str {
    match m {
        1 => "shrink",
        6 => "implode",
        9 => "deflate64",
        12 => "bzip2",
        14 => "lzma",
        93 => "zstd",
        95 => "xz",
        98 => "ppmd",
        _ => "unknown",
    }
}
