//! Writing a package zip reproducibly and atomically.

use crate::target::{FileContents, PackageFile};
use crate::{PackageError, ZipTime};
use std::io::{BufWriter, Seek, Write};
use std::path::Path;
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

/// Write `files` as a zip at `dest`. Entries are sorted by name and all get
/// the same time and `0644` permissions, so the same input gives the same
/// bytes. The zip is written to a temporary file in the destination folder
/// and renamed over `dest` only when complete; on any error the temporary
/// file is removed and `dest` is untouched.
pub fn write_zip(files: &[PackageFile], dest: &Path, time: ZipTime) -> Result<(), PackageError> {
    let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let temp =
        tempfile::Builder::new().prefix(".coursepack-").suffix(".zip.partial").tempfile_in(dir).map_err(|source| {
            PackageError::Io { context: format!("cannot create a temporary file in {}", dir.display()), source }
        })?;
    let mut writer = write_zip_to(files, BufWriter::with_capacity(1 << 20, temp.as_file()), time)?;
    writer.flush().map_err(|source| PackageError::Io { context: "cannot finish the zip".into(), source })?;
    drop(writer);
    set_readable(temp.as_file())
        .map_err(|source| PackageError::Io { context: "cannot set the zip's permissions".into(), source })?;
    temp.persist(dest).map_err(|e| PackageError::Io {
        context: format!("cannot move the finished zip to {}", dest.display()),
        source: e.error,
    })?;
    Ok(())
}

/// Write `files` as a zip into `writer` (a file, or a `Cursor` for a zip in
/// memory) with the same reproducible layout as [`write_zip`], returning the
/// writer once the central directory is written.
pub fn write_zip_to<W: Write + Seek>(files: &[PackageFile], writer: W, time: ZipTime) -> Result<W, PackageError> {
    let mut sorted: Vec<&PackageFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for pair in sorted.windows(2) {
        if pair[0].path == pair[1].path {
            return Err(PackageError::PathConflict(pair[0].path.clone()));
        }
    }
    let time = DateTime::from_date_and_time(time.year, time.month, time.day, time.hour, time.minute, time.second)
        .map_err(|_| PackageError::Zip(zip::result::ZipError::InvalidArchive("invalid timestamp".into())))?;
    let mut zip = ZipWriter::new(writer);
    for file in sorted {
        let size = match &file.contents {
            FileContents::Bytes(bytes) => bytes.len() as u64,
            FileContents::Disk(path) => std::fs::metadata(path)
                .map_err(|source| PackageError::Io { context: format!("cannot read {}", path.display()), source })?
                .len(),
        };
        let method = if is_precompressed(&file.path) { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .compression_level(if method == CompressionMethod::Deflated { Some(6) } else { None })
            .last_modified_time(time)
            .unix_permissions(0o644)
            .large_file(size >= LARGE_FILE);
        zip.start_file(file.path.as_str(), options)?;
        match &file.contents {
            FileContents::Bytes(bytes) => zip
                .write_all(bytes)
                .map_err(|source| PackageError::Io { context: format!("cannot write {}", file.path), source })?,
            FileContents::Disk(path) => {
                let mut input = std::fs::File::open(path).map_err(|source| PackageError::Io {
                    context: format!("cannot read {}", path.display()),
                    source,
                })?;
                std::io::copy(&mut input, &mut zip).map_err(|source| PackageError::Io {
                    context: format!("cannot copy {} into the zip", path.display()),
                    source,
                })?;
            }
        }
    }
    Ok(zip.finish()?)
}

/// Temporary files are created private (0600); a package is an ordinary
/// readable file (0644), as if written with a plain `create`.
#[cfg(unix)]
fn set_readable(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_readable(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::FileContents;

    fn bytes(path: &str, data: &[u8]) -> PackageFile {
        PackageFile { path: path.into(), contents: FileContents::Bytes(data.to_vec()) }
    }

    #[test]
    fn same_files_in_any_order_give_identical_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            bytes("index.html", b"<p>hello</p>"),
            bytes("media/a.png", b"\x89PNG fake"),
            bytes("player/player.js", b"var x = 1;"),
        ];
        let mut reversed = files.clone();
        reversed.reverse();
        write_zip(&files, &dir.path().join("a.zip"), ZipTime::EPOCH_1980).unwrap();
        write_zip(&reversed, &dir.path().join("b.zip"), ZipTime::EPOCH_1980).unwrap();
        let a = std::fs::read(dir.path().join("a.zip")).unwrap();
        let b = std::fs::read(dir.path().join("b.zip")).unwrap();
        assert_eq!(a, b);
        write_zip(&files, &dir.path().join("c.zip"), ZipTime::from_unix(1_700_000_000)).unwrap();
        assert_ne!(a, std::fs::read(dir.path().join("c.zip")).unwrap(), "SOURCE_DATE_EPOCH must change the timestamps");
    }

    #[test]
    fn entries_are_sorted_with_fixed_metadata_and_media_stored() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("p.zip");
        let files = vec![
            bytes("player/player.js", b"var x = 1;"),
            bytes("index.html", b"<p>hello</p>"),
            bytes("media/a.png", b"\x89PNG"),
        ];
        write_zip(&files, &dest, ZipTime::EPOCH_1980).unwrap();
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&dest).unwrap()).unwrap();
        let names: Vec<String> =
            (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().unwrap().to_string()).collect();
        assert_eq!(names, ["index.html", "media/a.png", "player/player.js"]);
        for i in 0..archive.len() {
            let entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            assert_eq!(entry.unix_mode().map(|m| m & 0o777), Some(0o644), "{name}");
            let expected = if std::path::Path::new(&name).extension().is_some_and(|e| e.eq_ignore_ascii_case("png")) {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            assert_eq!(entry.compression(), expected, "{name}");
            let t = entry.last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
        }
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("p.zip");
        std::fs::write(&dest, b"previous package").unwrap();
        let files = vec![
            bytes("index.html", b"x"),
            PackageFile { path: "media/gone.png".into(), contents: FileContents::Disk(dir.path().join("missing.png")) },
        ];
        assert!(write_zip(&files, &dest, ZipTime::EPOCH_1980).is_err());
        assert_eq!(std::fs::read(&dest).unwrap(), b"previous package", "the old zip must be untouched");
        let leftovers: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 1, "no partial files: {leftovers:?}");
    }

    #[test]
    fn duplicate_paths_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![bytes("a.txt", b"1"), bytes("a.txt", b"2")];
        assert!(matches!(
            write_zip(&files, &dir.path().join("p.zip"), ZipTime::EPOCH_1980),
            Err(PackageError::PathConflict(_))
        ));
    }
}
