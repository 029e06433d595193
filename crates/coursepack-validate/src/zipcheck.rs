//! Checks on the zip container itself: entry names, duplicates, symlinks,
//! encryption, compression methods, declared sizes (zip bombs), overlapping
//! entries and, under `--deep`, every entry's CRC.

use crate::Limits;
use crate::findings::Findings;
use crate::rules::{Rule, diag_file, shown};
use crate::zipread::{self, EntryError, ZipDirectory, ZipEntry};
use coursepack_diagnostics::{Diagnostic, Location};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use unicode_normalization::UnicodeNormalization;

/// Problems with one entry name, or `None` when it is a safe relative path.
pub fn name_problems(e: &ZipEntry) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let shown = shown(&e.name).escape_debug().to_string();
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
    let mut out = Findings::default();
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
    out.extend(end_record_problems(zip, archive));
    let mut seen: HashMap<&[u8], usize> = HashMap::new();
    let mut seen_nfc: HashMap<String, &str> = HashMap::new();
    let mut seen_folded: HashMap<String, &str> = HashMap::new();
    let mut total: u64 = 0;
    for e in &zip.entries {
        out.extend(name_problems(e));
        if seen.insert(&e.raw_name, 1).is_some() {
            out.push(
                Diagnostic::error("zip/duplicate-name", format!("entry `{}` is stored more than once", shown(&e.name)))
                    .with_hint("unzip tools keep the first or the last copy, so different LMSs see different content")
                    .with_rule(Rule::APPNOTE_NAMES)
                    .at(Location::file(e.name.clone())),
            );
            continue;
        }
        let nfc: String = e.name.nfc().collect();
        if let Some(other) = seen_nfc.get(&nfc) {
            out.push(
                Diagnostic::error(
                    "zip/unicode-duplicate",
                    format!(
                        "entries `{}` and `{}` are the same name written two ways (Unicode NFC and NFD: an accented letter as one character, or as a letter and a combining accent)",
                        shown(other),
                        shown(&e.name)
                    ),
                )
                .with_hint("macOS and Moodle store names in NFC when they extract a zip, so one file replaces or hides the other: rename one, or re-create the zip with NFC names")
                .with_rule(Rule::UNICODE_NFC)
                .at(Location::file(e.name.clone())),
            );
            continue;
        }
        seen_nfc.insert(nfc.clone(), &e.name);
        let folded = nfc.to_lowercase();
        if let Some(other) = seen_folded.get(&folded) {
            out.push(
                Diagnostic::error(
                    "zip/case-duplicate",
                    format!("entries `{}` and `{}` differ only in letter case", shown(other), shown(&e.name)),
                )
                .with_hint("on Windows and macOS servers one file overwrites the other; rename one")
                .with_rule(Rule::APPNOTE_NAMES)
                .at(Location::file(e.name.clone())),
            );
        } else {
            seen_folded.insert(folded, &e.name);
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
    out.finish(|| Location::file(archive))
}

/// The zip signatures: local header, central header, end records, data
/// descriptor. None belongs in an archive comment.
const SIGNATURES: [&[u8; 4]; 6] =
    [b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07", b"PK\x07\x08"];

/// The end of the archive: more than one plausible end record, a comment
/// holding a zip signature, bytes before the first entry or between the
/// central directory and its end record. Unzip tools resolve each of these
/// differently, so each LMS may extract other files than the ones checked.
fn end_record_problems(zip: &ZipDirectory, archive: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = || Location::file(archive);
    if !zip.other_ends.is_empty() {
        let others: Vec<String> = zip.other_ends.iter().map(|o| o.offset.to_string()).collect();
        out.push(
            Diagnostic::error(
                "zip/ambiguous-end",
                format!(
                    "the archive has {} end-of-central-directory records that unzip tools could take (another one at byte {}): each tool may see a different list of files",
                    zip.other_ends.len() + 1,
                    others.join(", ")
                ),
            )
            .with_hint("a zip written by a standard tool has exactly one: this one was crafted or damaged, so do not upload it; re-create it from the original files")
            .with_rule(Rule::APPNOTE_EOCD)
            .at(at()),
        );
        for other in &zip.other_ends {
            for e in &other.entries {
                for mut d in name_problems(e) {
                    d.message = format!("{} (listed by the end record at byte {})", d.message, other.offset);
                    out.push(d);
                }
            }
        }
    }
    let comments = std::iter::once(zip.comment.as_slice()).chain(zip.other_ends.iter().map(|o| o.comment.as_slice()));
    if let Some(sig) = comments.flat_map(|c| c.windows(4)).find(|w| SIGNATURES.iter().any(|s| s.as_slice() == *w)) {
        out.push(
            Diagnostic::error(
                "zip/signature-in-comment",
                format!("the archive comment holds a zip record signature (`PK` {:02x} {:02x})", sig[2], sig[3]),
            )
            .with_hint("readers that search for the end record from the end of the file can take the forged one in the comment and see other files: re-create the zip without a comment")
            .with_rule(Rule::APPNOTE_EOCD)
            .at(at()),
        );
    }
    let first = zip.entries.iter().map(|e| e.local_offset).min().unwrap_or(zip.central_offset);
    if first > 0 {
        out.push(
            Diagnostic::error(
                "zip/prefixed-data",
                format!("{first} bytes come before the first entry of the zip"),
            )
            .with_hint("something was put in front of the zip (a self-extractor, another file): unzip tools that compensate for it read other bytes than those checked; zip the files again on their own")
            .with_rule(Rule::APPNOTE_LAYOUT)
            .at(at()),
        );
    }
    if zip.central_end < zip.end_offset {
        out.push(
            Diagnostic::error(
                "zip/unlisted-data",
                format!(
                    "{} bytes between the central directory and its end record belong to no entry",
                    zip.end_offset - zip.central_end
                ),
            )
            .with_hint("a standard zip has nothing there; extra bytes can hide records that some readers use: re-create the zip")
            .with_rule(Rule::APPNOTE_LAYOUT)
            .at(at()),
        );
    }
    out
}

/// The full check of an archive's entries (the default mode; `--quick`
/// skips it): every local header is read and compared with its
/// central-directory record (name, flags, method, CRC and sizes, and the data
/// descriptor when there is one), the entries must follow each other with
/// no bytes between them up to the central directory, and every entry not
/// already read in full by the other checks (`verified`) is streamed once
/// to verify its size and CRC-32. Entries are spread over rayon's threads,
/// each with its own file handle and one 64 KiB buffer. Diagnostics keep
/// the central-directory order.
pub fn check_entries(path: &Path, zip: &ZipDirectory, limits: &Limits, verified: &[AtomicBool]) -> Vec<Diagnostic> {
    let archive = path.display().to_string();
    // In chunks, in order: the diagnostics of one chunk at a time are held,
    // and the list keeps the first of each code whatever the entry count.
    let mut out = Findings::default();
    let mut spans = Vec::new();
    for (c, chunk) in zip.entries.chunks(ENTRY_CHUNK).enumerate() {
        let results: Vec<EntryCheck> = chunk
            .par_iter()
            .enumerate()
            .map_init(
                || File::open(path).map(|f| BufReader::with_capacity(64 * 1024, f)),
                |reader, (k, e)| {
                    let reader = match reader {
                        Ok(r) => r,
                        Err(err) => {
                            let err = EntryError::Io(std::io::Error::new(err.kind(), err.to_string()));
                            return (vec![entry_error(&e.name, &err)], None);
                        }
                    };
                    let i = c * ENTRY_CHUNK + k;
                    check_entry(reader, zip, limits, e, verified.get(i).is_some_and(|v| v.load(Ordering::Relaxed)))
                },
            )
            .collect();
        for (k, (diagnostics, span)) in results.into_iter().enumerate() {
            out.extend(diagnostics);
            if let Some((start, end)) = span {
                spans.push((start, end, c * ENTRY_CHUNK + k));
            }
        }
    }
    out.extend(unlisted_bytes(zip, &mut spans, &archive));
    out.finish(|| Location::file(archive.clone()))
}

/// Entries checked together (in parallel) before their findings are kept.
const ENTRY_CHUNK: usize = 1024;

/// What [`check_entry`] finds: diagnostics, and the bytes the entry
/// occupies (local header to the end of its data descriptor) when its local
/// header could be read.
type EntryCheck = (Vec<Diagnostic>, Option<(u64, u64)>);

/// One entry of [`check_entries`].
fn check_entry(
    reader: &mut BufReader<File>,
    zip: &ZipDirectory,
    limits: &Limits,
    e: &ZipEntry,
    verified: bool,
) -> EntryCheck {
    let header = match zipread::local_header(reader, e, zip.central_offset) {
        Ok(h) => h,
        Err(err) => return (vec![entry_error(&e.name, &err)], None),
    };
    let mut differences = zipread::local_differences(e, &header);
    let data_end = header.data_start.saturating_add(e.compressed_size);
    let mut end = data_end;
    match zipread::data_descriptor(reader, e, &header, zip.central_offset) {
        Ok(Some((len, more))) => {
            end = data_end.saturating_add(len);
            differences.extend(more);
        }
        Ok(None) => {}
        Err(err) => return (vec![entry_error(&e.name, &err)], Some((e.local_offset, data_end))),
    }
    let mut out = Vec::new();
    if !differences.is_empty() {
        out.push(
            Diagnostic::error(
                "zip/local-header-mismatch",
                format!(
                    "the local header of `{}` disagrees with the central directory: it has {}",
                    shown(&e.name),
                    differences.join(", ")
                ),
            )
            .with_hint("streaming extractors and some LMSs read the local headers, the checks read the central directory: they see different files. A zip written by a standard tool never does this; re-create it")
            .with_rule(Rule::APPNOTE_LOCAL)
            .at(Location::file(e.name.clone())),
        );
    }
    if data_end > zip.central_offset {
        out.push(entry_error(
            &e.name,
            &EntryError::BadLocalHeader("entry data runs into the central directory".into()),
        ));
    } else if !(verified
        || e.is_dir() && e.compressed_size == 0
        || e.is_encrypted()
        || (e.method != 0 && e.method != 8))
        && let Err(err) = zipread::stream_data(reader, e, header.data_start, limits.max_total_uncompressed, |_| {})
    {
        out.push(entry_error(&e.name, &err));
    }
    (out, Some((e.local_offset, end)))
}

/// Bytes that no entry covers: between two entries, or between the last
/// one and the central directory. A streaming extractor reads local headers
/// one after the other, so a header hidden there is a file only it sees.
/// Overlaps are `zip/overlapping-entries`' business.
fn unlisted_bytes(zip: &ZipDirectory, spans: &mut [(u64, u64, usize)], archive: &str) -> Option<Diagnostic> {
    spans.sort_unstable();
    let mut gaps = 0u64;
    let mut first: Option<(u64, u64)> = None;
    let mut reached = spans.first().map_or(zip.central_offset, |s| s.0);
    for &(start, end, _) in spans.iter() {
        if start > reached {
            gaps += 1;
            first.get_or_insert((reached, start - reached));
        }
        reached = reached.max(end);
    }
    if zip.central_offset > reached {
        gaps += 1;
        first.get_or_insert((reached, zip.central_offset - reached));
    }
    let (at, len) = first?;
    Some(
        Diagnostic::error(
            "zip/unlisted-data",
            format!(
                "{len} bytes at byte {at} belong to no entry of the central directory{}",
                if gaps > 1 { format!(" ({gaps} such gaps)") } else { String::new() }
            ),
        )
        .with_hint("streaming extractors read every local header in order and can find a file there that the central directory does not list: re-create the zip with a standard tool")
        .with_rule(Rule::APPNOTE_LAYOUT)
        .at(Location::file(archive)),
    )
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
