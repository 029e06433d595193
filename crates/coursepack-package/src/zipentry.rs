//! How one entry of a package zip is written: stored or deflated (level 6),
//! its time and permissions, and a zip of that one entry, from which
//! `zipwrite` copies the compressed bytes under another name.
//!
//! Shared with `build.rs`, which deflates the official SCORM schemas with
//! exactly this code when the crate is built, so that no package build
//! deflates them again (they are the same in every SCORM package).

use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Extensions of formats that are already compressed: stored, not deflated,
/// because deflating them costs time and saves nothing.
const PRECOMPRESSED: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "avif", "mp4", "m4v", "webm", "mp3", "m4a", "ogg", "oga", "ogv", "woff",
    "woff2", "zip", "gz",
];

/// Entries at least this large get zip64 headers.
const LARGE_FILE: u64 = 0xFFFF_0000;

/// True when a file with this name is stored rather than deflated.
pub fn is_precompressed(path: &str) -> bool {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    PRECOMPRESSED.contains(&ext.as_str())
}

/// The options of an entry: deflated at level 6 unless its format is
/// already compressed, the build's time, `0644`, zip64 headers when large.
pub(crate) fn entry_options(path: &str, size: u64, time: DateTime) -> SimpleFileOptions {
    let method = if is_precompressed(path) { CompressionMethod::Stored } else { CompressionMethod::Deflated };
    SimpleFileOptions::default()
        .compression_method(method)
        .compression_level(if method == CompressionMethod::Deflated { Some(6) } else { None })
        .last_modified_time(time)
        .unix_permissions(0o644)
        .large_file(size >= LARGE_FILE)
}

/// A zip holding `bytes` as its one entry, written with the options of an
/// entry at `path` and `time`: a pure function of the three.
pub(crate) fn one_entry_zip(path: &str, bytes: &[u8], time: DateTime) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("entry", entry_options(path, bytes.len() as u64, time))?;
    zip.write_all(bytes)?;
    Ok(zip.finish()?.into_inner())
}
