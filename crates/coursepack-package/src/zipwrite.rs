//! Writing a package zip reproducibly and atomically.
//!
//! A zip is written to a hidden partial file beside its destination
//! (`.coursepack-XXXXXX.zip.partial`), flushed to disk (`fsync`) and renamed
//! over the destination, then the folder is flushed too, so a crash or a
//! power cut leaves either the old file or the complete new one under the
//! final name, never a torn zip. While it is written the partial file is
//! locked (`flock`) and listed in this process's register:
//! - a front end's signal handler calls [`remove_partial_files`] before the
//!   process dies on SIGINT/SIGTERM, so an interrupted build leaves nothing;
//! - a partial file that no live process holds (left by `kill -9` or a power
//!   cut) is removed by [`remove_stale_partial_files`] at the next build into
//!   the same folder; a partial file another running build is writing is
//!   locked, so it is left alone.
//!
//! Every write error (a full disk above all) stops the zip at once and is
//! reported once, with its cause; nothing more is written or printed for it.

use crate::target::{FileContents, PackageFile};
use crate::zipentry::entry_options;
pub use crate::zipentry::is_precompressed;
use crate::{PackageError, ZipTime};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeSet, HashMap};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use zip::{DateTime, ZipWriter};

/// Name prefix of the partial files (hidden on Unix).
pub const PARTIAL_PREFIX: &str = ".coursepack-";
/// Name suffix of the partial files.
pub const PARTIAL_SUFFIX: &str = ".zip.partial";

/// The partial files this process is writing now.
static IN_PROGRESS: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn in_progress() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    // A panic elsewhere while holding the lock leaves a usable set.
    IN_PROGRESS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Remove every partial file this process is writing, and make sure no new
/// one is started: the register stays locked by the calling thread until the
/// process ends. For a signal handler that then ends the process; returns
/// how many files were removed.
pub fn remove_partial_files() -> usize {
    let register = in_progress();
    let removed = register.iter().filter(|path| std::fs::remove_file(path).is_ok()).count();
    // Never unlocked: a build thread that wants to start a partial file now
    // waits until the process ends.
    std::mem::forget(register);
    removed
}

/// Remove the partial files in `dir` that no running process is writing
/// (left by a build that was killed or lost power). Returns their paths.
pub fn remove_stale_partial_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(removed),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(PARTIAL_PREFIX) && name.ends_with(PARTIAL_SUFFIX);
        if !ours || !entry.file_type()?.is_file() {
            continue;
        }
        let path = entry.path();
        let Ok(file) = std::fs::File::open(&path) else { continue };
        // Held by a live writer (this process or another): not stale.
        if file.try_lock().is_err() {
            continue;
        }
        if std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    Ok(removed)
}

/// A writer that stops at its first error: that error is kept (a copy for
/// the caller) and returned once, and every later call writes nothing and
/// succeeds, keeping a consistent position. The zip writer tries to finish
/// the archive when it is dropped after a failure and prints each further
/// failure; with this below it, a full disk is one error, reported by the
/// caller with its cause.
struct StopAtFirstError<W> {
    inner: W,
    failed: bool,
    /// The position, and the end, as the zip writer sees them.
    position: u64,
    end: u64,
    /// A copy of the first error, for the caller (the zip writer wraps or
    /// drops the one it is given).
    first: std::rc::Rc<std::cell::RefCell<Option<io::Error>>>,
}

impl<W> StopAtFirstError<W> {
    fn new(inner: W, first: std::rc::Rc<std::cell::RefCell<Option<io::Error>>>) -> Self {
        StopAtFirstError { inner, failed: false, position: 0, end: 0, first }
    }

    fn fail(&mut self, e: &io::Error) {
        self.failed = true;
        let copy = match e.raw_os_error() {
            Some(code) => io::Error::from_raw_os_error(code),
            None => io::Error::new(e.kind(), e.to_string()),
        };
        *self.first.borrow_mut() = Some(copy);
    }

    fn moved_to(&mut self, position: u64) -> u64 {
        self.position = position;
        self.end = self.end.max(position);
        position
    }
}

impl<W: Write> Write for StopAtFirstError<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.failed {
            match self.inner.write(buf) {
                Ok(n) => {
                    self.moved_to(self.position + n as u64);
                    return Ok(n);
                }
                Err(e) => {
                    self.fail(&e);
                    return Err(e);
                }
            }
        }
        self.moved_to(self.position + buf.len() as u64);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed {
            return Ok(());
        }
        self.inner.flush().inspect_err(|e| self.fail(e))
    }
}

impl<W: Seek> Seek for StopAtFirstError<W> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        if !self.failed {
            return match self.inner.seek(pos) {
                Ok(p) => Ok(self.moved_to(p)),
                Err(e) => {
                    self.fail(&e);
                    Err(e)
                }
            };
        }
        let target = match pos {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::Current(d) => self.position.checked_add_signed(d),
            SeekFrom::End(d) => self.end.checked_add_signed(d),
        };
        Ok(self.moved_to(target.unwrap_or(0)))
    }
}

/// How much of a media file is read at a time.
const MEDIA_READ_BUFFER: usize = 1 << 20;

/// The zip's write buffer: smaller than [`MEDIA_READ_BUFFER`], so a piece of
/// media read goes to the file as it is, not copied into this buffer first;
/// the headers and deflated entries between media are gathered here.
const ZIP_WRITE_BUFFER: usize = 256 << 10;

thread_local! {
    /// The buffer media are read through, one per thread for the life of the
    /// process: a new one for each file was fresh memory (page faults) for
    /// every medium of every package.
    static MEDIA_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Copy `input`, a file of `size` bytes, to `output` through this thread's
/// [`MEDIA_BUFFER`], in pieces of at most [`MEDIA_READ_BUFFER`]. The buffer
/// grows to the largest piece read so far, no more.
fn copy_media(input: &mut impl io::Read, size: u64, output: &mut impl Write) -> io::Result<()> {
    let piece = usize::try_from(size).unwrap_or(usize::MAX).clamp(1, MEDIA_READ_BUFFER);
    MEDIA_BUFFER.with_borrow_mut(|buffer| {
        if buffer.len() < piece {
            #[cfg(test)]
            tests::MEDIA_BUFFERS_MADE.with(|n| n.set(n.get() + 1));
            buffer.resize(piece, 0);
        }
        loop {
            let read = match input.read(buffer) {
                Ok(0) => return Ok(()),
                Ok(read) => read,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            output.write_all(&buffer[..read])?;
        }
    })
}

/// Write `files` as a zip at `dest`. Entries are sorted by name and all get
/// the same time and `0644` permissions, so the same input gives the same
/// bytes. The zip is written to a locked partial file in the destination
/// folder, flushed to disk and renamed over `dest` only when complete (then
/// the folder is flushed); on any error the partial file is removed and
/// `dest` is untouched. See the module documentation. The same as
/// [`write_partial_zip`] then [`PartialZip::commit`].
pub fn write_zip(files: &[PackageFile], dest: &Path, time: ZipTime) -> Result<(), PackageError> {
    write_partial_zip(files, dest, time)?.commit()
}

/// A zip written completely to its locked partial file beside its
/// destination, and not yet in place: [`PartialZip::commit`] flushes it to
/// disk and renames it over the destination. Dropped without a commit, the
/// partial file is removed and the destination is untouched.
///
/// The commit waits for the disk (two `fsync`s) and needs no CPU, so a
/// build can hand it to a thread of its own and go on writing the next
/// package on every core (`coursepack_driver`'s `Plan::build` does).
#[derive(Debug)]
pub struct PartialZip {
    temp: tempfile::NamedTempFile,
    dest: PathBuf,
    // Dropped after the file: a partial file on disk is always on the register.
    _registered: Registered,
}

/// Write `files` as a zip (the layout of [`write_zip`]) to a locked partial
/// file in the folder of `dest`, registered for removal on an interrupt,
/// and return it not yet in place. Nothing is ever written under `dest`
/// here; on any error the partial file is removed.
pub fn write_partial_zip(files: &[PackageFile], dest: &Path, time: ZipTime) -> Result<PartialZip, PackageError> {
    let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let temp = {
        // Created and registered under the lock, so a signal handler that
        // takes it sees every partial file there is.
        let mut register = in_progress();
        let temp = tempfile::Builder::new().prefix(PARTIAL_PREFIX).suffix(PARTIAL_SUFFIX).tempfile_in(dir).map_err(
            |source| PackageError::Io {
                context: format!("cannot create a temporary file in {}", dir.display()),
                source,
            },
        )?;
        // Locked while written, so another build into this folder leaves it
        // alone. A file system without locks only loses that protection.
        let _ = temp.as_file().try_lock();
        register.insert(temp.path().to_path_buf());
        temp
    };
    let registered = Registered(temp.path().to_path_buf());
    let first_error = std::rc::Rc::new(std::cell::RefCell::new(None));
    let writer = StopAtFirstError::new(BufWriter::with_capacity(ZIP_WRITE_BUFFER, temp.as_file()), first_error.clone());
    let written = write_zip_to(files, writer, time).and_then(|mut writer| {
        writer.flush().map_err(|source| PackageError::Io { context: "cannot finish the zip".into(), source })
    });
    if let Err(error) = written {
        // A write to the partial file failed (a full disk above all): that is the cause to report.
        return Err(match first_error.borrow_mut().take() {
            Some(source) => write_failure(dest, source),
            None => error,
        });
    }
    Ok(PartialZip { temp, dest: dest.to_path_buf(), _registered: registered })
}

impl PartialZip {
    /// Where [`PartialZip::commit`] puts the zip.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Put the zip in place: make it readable (`0644`), flush it to disk,
    /// rename it over its destination, then flush the folder, so a crash or
    /// a power cut leaves the old file or the complete new one under the
    /// name, never a torn zip. On an error the partial file is removed and
    /// the destination is untouched.
    pub fn commit(self) -> Result<(), PackageError> {
        let PartialZip { temp, dest, _registered } = self;
        let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let file = temp.as_file();
        set_readable(file)
            .map_err(|source| PackageError::Io { context: "cannot set the zip's permissions".into(), source })?;
        file.sync_all().map_err(|source| write_failure(&dest, source))?;
        temp.persist(&dest).map_err(|e| PackageError::Io {
            context: format!("cannot move the finished zip to {}", dest.display()),
            source: e.error,
        })?;
        sync_folder(dir).map_err(|source| PackageError::Io {
            context: format!("cannot flush the folder {}", dir.display()),
            source,
        })
    }
}

/// The error of a failed write of the zip for `dest`, saying plainly when the disk is full.
fn write_failure(dest: &Path, source: io::Error) -> PackageError {
    let context = if source.kind() == io::ErrorKind::StorageFull {
        format!("the disk is full: cannot write {} (nothing was left under that name)", dest.display())
    } else {
        format!("cannot write {} (nothing was left under that name)", dest.display())
    };
    PackageError::Io { context, source }
}

/// Takes a partial file off the register when its write ends, however it ends.
#[derive(Debug)]
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        in_progress().remove(&self.0);
    }
}

/// Flush a folder's entries (the rename) to disk.
#[cfg(unix)]
fn sync_folder(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Windows has no way to flush a folder; the rename is flushed with the file system.
#[cfg(not(unix))]
fn sync_folder(_dir: &Path) -> io::Result<()> {
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
    let time = dos_time(time)?;
    let mut zip = ZipWriter::new(writer);
    // Entries go in name order; the generated ones of each window are
    // deflated on every core first (rayon), then written in order, so the
    // zip is the same on any number of threads and memory holds one window.
    for window in windows(&sorted) {
        let mut prepared: Vec<Option<zip::write::PreparedZipFile>> = window
            .par_iter()
            .map(|file| match &file.contents {
                FileContents::Bytes(bytes) if !is_precompressed(&file.path) => {
                    let options = entry_options(&file.path, bytes.len() as u64, time);
                    zip::write::PreparedZipFile::from_data(file.path.as_str(), options, bytes).map(Some)
                }
                _ => Ok(None),
            })
            .collect::<Result<_, _>>()?;
        for (file, prepared) in window.iter().zip(prepared.iter_mut()) {
            match prepared.take() {
                Some(prepared) => zip.add_prepared_file(prepared)?,
                None => write_entry(&mut zip, file, time)?,
            }
        }
    }
    Ok(zip.finish()?)
}

/// The zip library's form of a [`ZipTime`].
fn dos_time(time: ZipTime) -> Result<DateTime, PackageError> {
    DateTime::from_date_and_time(time.year, time.month, time.day, time.hour, time.minute, time.second)
        .map_err(|_| PackageError::Zip(zip::result::ZipError::InvalidArchive("invalid timestamp".into())))
}

/// A generated file deflated before its zip is written, so that a package
/// of many modules holds each module's rendered files compressed (about a
/// fifth of their size) from the moment they are rendered, instead of every
/// module's text until the zip is written. [`write_zip_to`] copies the
/// compressed entry under the file's path, byte for byte what deflating the
/// text there would write (tested).
#[derive(Clone, Debug)]
pub struct DeflatedFile {
    /// A zip of one entry holding the file, as [`entry_options`] writes it at `time`.
    entry: Vec<u8>,
    time: ZipTime,
}

impl DeflatedFile {
    /// Deflate `bytes`, the contents of the file at `path` in a package
    /// (its name decides deflated or stored, as in the zip), for a zip written at `time`.
    pub fn new(path: &str, bytes: &[u8], time: ZipTime) -> Result<DeflatedFile, PackageError> {
        Ok(DeflatedFile { entry: one_entry_zip(path, bytes, dos_time(time)?)?, time })
    }

    /// How many bytes it holds in memory (compressed, with its headers).
    pub fn held_bytes(&self) -> usize {
        self.entry.len()
    }

    /// The file's own bytes, inflated again.
    pub fn inflate(&self) -> Result<Vec<u8>, PackageError> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&self.entry[..]))?;
        let mut file = archive.by_index(0)?;
        let mut bytes = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
        std::io::Read::read_to_end(&mut file, &mut bytes)
            .map_err(|source| PackageError::Io { context: "cannot inflate a deflated file".into(), source })?;
        Ok(bytes)
    }
}

/// A zip holding `bytes` as its one entry, written with the options of an
/// entry at `path` and `time`, for copying out compressed (raw) under
/// another name.
fn one_entry_zip(path: &str, bytes: &[u8], time: DateTime) -> Result<Vec<u8>, PackageError> {
    let mut entry = crate::zipentry::one_entry_zip(path, bytes, time).map_err(|e| match e {
        zip::result::ZipError::Io(source) => PackageError::Io { context: format!("cannot deflate {path}"), source },
        other => PackageError::Zip(other),
    })?;
    // Held until the package is written: without the room the buffer grew into.
    entry.shrink_to_fit();
    Ok(entry)
}

/// Copy the one entry of `entry` (made by [`one_entry_zip`]) into `zip` under `path`, compressed as it is.
fn copy_entry<W: Write + Seek>(zip: &mut ZipWriter<W>, entry: &[u8], path: &str) -> Result<(), PackageError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(entry))?;
    zip.raw_copy_file_rename(archive.by_index_raw(0)?, path)?;
    Ok(())
}

/// At most this many bytes of generated files are deflated ahead of writing.
const WINDOW_BYTES: usize = 4 << 20;

/// `sorted` cut into consecutive windows of at most [`WINDOW_BYTES`] of
/// generated bytes (at least one file each).
fn windows<'f>(sorted: &[&'f PackageFile]) -> Vec<Vec<&'f PackageFile>> {
    let mut windows = Vec::new();
    let mut current: Vec<&PackageFile> = Vec::new();
    let mut bytes = 0;
    for file in sorted {
        let size = file.contents.bytes().map_or(0, <[u8]>::len);
        if !current.is_empty() && bytes + size > WINDOW_BYTES {
            windows.push(std::mem::take(&mut current));
            bytes = 0;
        }
        bytes += size;
        current.push(*file);
    }
    if !current.is_empty() {
        windows.push(current);
    }
    windows
}

/// Write one entry that was not deflated ahead: a shared file (copied
/// compressed from the process's cache), a stored one, or media from disk.
fn write_entry<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    file: &PackageFile,
    time: DateTime,
) -> Result<(), PackageError> {
    let write_bytes = |zip: &mut ZipWriter<W>, bytes: &[u8]| -> Result<(), PackageError> {
        zip.start_file(file.path.as_str(), entry_options(&file.path, bytes.len() as u64, time))?;
        zip.write_all(bytes)
            .map_err(|source| PackageError::Io { context: format!("cannot write {}", file.path), source })
    };
    match &file.contents {
        FileContents::Shared(bytes) if !is_precompressed(&file.path) => {
            // Deflated once per process, copied compressed under this entry's name.
            copy_entry(zip, &deflated_once(bytes, time)?, &file.path)
        }
        FileContents::Deflated(deflated) if dos_time(deflated.time)? == time => {
            copy_entry(zip, &deflated.entry, &file.path)
        }
        // Deflated for a zip of another time: written again from its text.
        FileContents::Deflated(deflated) => write_bytes(zip, &deflated.inflate()?),
        FileContents::Bytes(bytes) => write_bytes(zip, bytes),
        FileContents::Shared(bytes) => write_bytes(zip, bytes),
        FileContents::Disk(path) => {
            let size = std::fs::metadata(path)
                .map_err(|source| PackageError::Io { context: format!("cannot read {}", path.display()), source })?
                .len();
            zip.start_file(file.path.as_str(), entry_options(&file.path, size, time))?;
            let mut input = std::fs::File::open(path)
                .map_err(|source| PackageError::Io { context: format!("cannot read {}", path.display()), source })?;
            // Read media in 1 MiB pieces: a plain io::copy reads 8 KiB at a time,
            // 62,800 reads for 514 MB.
            copy_media(&mut input, size, zip).map_err(|source| PackageError::Io {
                context: format!("cannot copy {} into the zip", path.display()),
                source,
            })?;
            Ok(())
        }
    }
}

/// A one-entry zip holding `bytes` deflated with [`entry_options`] at `time`,
/// made once per process for each distinct content and time. The player's
/// script and stylesheet are the same in every module with the same widgets
/// and target; deflating them again for each module was about 40% of the
/// CPU of a large course build (issue 14). [`write_zip_to`] copies the
/// compressed entry out of it under each module's path, byte for byte what
/// deflating it there would write (tested). The cache holds one entry per
/// distinct shared content: a handful of players per build.
///
/// The SCORM schemas and the players of the common widget sets were
/// deflated when the crate was built ([`predeflated`]): at the default time
/// they are never deflated at run time.
fn deflated_once(bytes: &Arc<[u8]>, time: DateTime) -> Result<Arc<[u8]>, PackageError> {
    deflated_once_at(bytes, time)
}

/// [`deflated_once`] for a zip written at `time`, ahead of the zip: so that
/// the thread assembling a package can deflate its player beside its page
/// (see `PackageFile::deflated`), and the zip only copies it.
pub(crate) fn deflate_shared_ahead(bytes: &Arc<[u8]>, time: ZipTime) -> Result<(), PackageError> {
    deflated_once_at(bytes, dos_time(time)?).map(drop)
}

fn deflated_once_at(bytes: &Arc<[u8]>, time: DateTime) -> Result<Arc<[u8]>, PackageError> {
    // Fx, not SipHash: the keys are whole players, hashed once per module and target.
    type Cache = Mutex<HashMap<DateTime, FxHashMap<Arc<[u8]>, Arc<[u8]>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    if let Some(entry) = predeflated(bytes, time)? {
        return Ok(entry);
    }
    #[cfg(test)]
    tests::RUNTIME_DEFLATED.with(|n| n.set(n.get() + 1));
    let cache = CACHE.get_or_init(Cache::default);
    let lock = || cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(hit) = lock().get(&time).and_then(|by_content| by_content.get(&bytes[..])) {
        return Ok(hit.clone());
    }
    // Deflated outside the lock, so threads with different contents do not wait on each other.
    #[cfg(test)]
    tests::SHARED_DEFLATED.with(|n| n.set(n.get() + 1));
    let done: Arc<[u8]> = one_entry_zip("shared", bytes, time)?.into();
    Ok(lock().entry(time).or_default().entry(bytes.clone()).or_insert(done).clone())
}

/// A file `build.rs` deflated and its one-entry zip at 1980-01-01 00:00.
struct Predeflated {
    source: &'static [u8],
    entry: &'static [u8],
}

// `PREDEFLATED`: every file under `xsd/scorm12` and `xsd/scorm2004`, and
// `PREDEFLATED_PLAYERS`: the shipped players coursepack-render's build.rs
// joined, each as `build.rs` deflated it with `zipentry::one_entry_zip`.
include!(concat!(env!("OUT_DIR"), "/predeflated.rs"));

/// The one-entry zip of `bytes` at `time` that `build.rs` made, if `bytes`
/// is one of the SCORM schemas or of the shipped players it deflated and
/// `time` the default (1980-01-01), as one `Arc` per file for the life of
/// the process.
fn predeflated(bytes: &[u8], time: DateTime) -> Result<Option<Arc<[u8]>>, PackageError> {
    static ENTRIES: OnceLock<Vec<OnceLock<Arc<[u8]>>>> = OnceLock::new();
    if time != dos_time(ZipTime::EPOCH_1980)? {
        return Ok(None);
    }
    let all = || PREDEFLATED.iter().chain(PREDEFLATED_PLAYERS);
    let Some((at, found)) = all().enumerate().find(|(_, p)| {
        p.source.len() == bytes.len() && (std::ptr::eq(p.source.as_ptr(), bytes.as_ptr()) || p.source == bytes)
    }) else {
        return Ok(None);
    };
    let entries = ENTRIES.get_or_init(|| all().map(|_| OnceLock::new()).collect());
    Ok(Some(entries[at].get_or_init(|| Arc::from(found.entry)).clone()))
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
    use zip::CompressionMethod;

    fn bytes(path: &str, data: &[u8]) -> PackageFile {
        PackageFile { path: path.into(), contents: FileContents::Bytes(data.to_vec()) }
    }

    fn shared(path: &str, data: &[u8]) -> PackageFile {
        PackageFile { path: path.into(), contents: FileContents::Shared(data.into()) }
    }

    /// A package's shared player is deflated when its files are prepared for
    /// the zip (`PackageFile::deflated`, on the thread that rendered it, beside
    /// its page), and the zip copies it: deflated once, the same zip.
    #[test]
    fn a_shared_file_is_deflated_when_its_package_is_prepared() {
        let text: Vec<u8> = (0..20_000u32).flat_map(|n| format!("player {n};").into_bytes()).collect();
        let file = PackageFile { path: "player/player.js".into(), contents: FileContents::shared(text.clone()) };
        let time = ZipTime::EPOCH_1980;
        let before = SHARED_DEFLATED.with(std::cell::Cell::get);
        let prepared = file.deflated(time).unwrap();
        assert!(matches!(prepared.contents, FileContents::Shared(_)), "still the shared file");
        assert_eq!(SHARED_DEFLATED.with(std::cell::Cell::get) - before, 1, "deflated when prepared");
        let zip = write_zip_to(&[prepared], std::io::Cursor::new(Vec::new()), time).unwrap().into_inner();
        assert_eq!(SHARED_DEFLATED.with(std::cell::Cell::get) - before, 1, "copied, not deflated again");
        let plain = write_zip_to(&[bytes("player/player.js", &text)], std::io::Cursor::new(Vec::new()), time)
            .unwrap()
            .into_inner();
        assert_eq!(zip, plain);
    }

    thread_local! {
        /// How many media read buffers [`copy_media`] made on this thread.
        pub(super) static MEDIA_BUFFERS_MADE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Media are read through one buffer per thread, made once: not a new
    /// megabyte of memory for every medium of every package. The zips are
    /// the same.
    #[test]
    fn media_are_read_through_one_buffer_per_thread() {
        let dir = tempfile::tempdir().unwrap();
        let media: Vec<PackageFile> = (0..3)
            .map(|i| {
                let path = dir.path().join(format!("m{i}.jpg"));
                // Larger than the read buffer, so each is read in pieces.
                let bytes: Vec<u8> = (0..MEDIA_READ_BUFFER + 1000 * i).map(|n| (n * 7 + i) as u8).collect();
                std::fs::write(&path, bytes).unwrap();
                PackageFile { path: format!("media/m{i}.jpg"), contents: FileContents::Disk(path) }
            })
            .collect();
        let before = MEDIA_BUFFERS_MADE.with(std::cell::Cell::get);
        let zips: Vec<Vec<u8>> = (0..2)
            .map(|_| write_zip_to(&media, std::io::Cursor::new(Vec::new()), ZipTime::EPOCH_1980).unwrap().into_inner())
            .collect();
        assert!(MEDIA_BUFFERS_MADE.with(std::cell::Cell::get) - before <= 1, "one buffer for six media");
        assert_eq!(zips[0], zips[1]);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zips[0][..])).unwrap();
        for (i, file) in media.iter().enumerate() {
            let mut entry = archive.by_name(&file.path).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            let FileContents::Disk(path) = &file.contents else { unreachable!() };
            assert_eq!(bytes, std::fs::read(path).unwrap(), "medium {i}");
        }
    }

    thread_local! {
        /// How many times [`deflated_once`] had to deflate (or look in its
        /// cache) on this thread, instead of taking `build.rs`'s entry.
        pub(super) static RUNTIME_DEFLATED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        /// How many times [`deflated_once`] deflated a shared file on this thread (not found in its cache).
        pub(super) static SHARED_DEFLATED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// `build.rs` deflated every SCORM schema to exactly the one-entry zip
    /// that deflating it now writes.
    #[test]
    fn the_schemas_deflated_at_build_time_are_what_deflating_them_gives() {
        let time = dos_time(ZipTime::EPOCH_1980).unwrap();
        let schemas = crate::manifests::schema_files();
        assert_eq!(PREDEFLATED.len(), schemas.len(), "a schema file is not shipped, or a shipped one not deflated");
        for entry in PREDEFLATED {
            assert!(entry.entry == crate::zipentry::one_entry_zip("x.xsd", entry.source, time).unwrap());
            assert!(schemas.contains(&entry.source), "deflated but not shipped");
        }
    }

    /// `build.rs` deflated every player the render crate's build script
    /// joined (five targets, two widget sets) to exactly the one-entry zip
    /// that deflating it now writes.
    #[test]
    fn the_players_deflated_at_build_time_are_what_deflating_them_gives() {
        let time = dos_time(ZipTime::EPOCH_1980).unwrap();
        assert_eq!(PREDEFLATED_PLAYERS.len(), 10, "five targets, each with no widget and with questions only");
        for entry in PREDEFLATED_PLAYERS {
            assert!(entry.entry == crate::zipentry::one_entry_zip("player.js", entry.source, time).unwrap());
        }
    }

    /// The `player.js` a module with no widget, or with questions only,
    /// ships for each target is one `build.rs` deflated: at the default time
    /// a build copies it and never deflates it (and copying gives the bytes
    /// of deflating it in place); at another time it is deflated as before.
    #[test]
    fn players_of_the_common_widget_sets_are_deflated_when_the_crate_is_built() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course/intro");
        let (parsed, _) = coursepack_source::load_module(&dir).unwrap();
        let (mut module, _) = coursepack_compile::compile_module(&parsed.expect("the fixture parses"));
        let options = coursepack_render::RenderOptions::default();
        for widgets in [vec![], vec![coursepack_compile::Widget::Quiz]] {
            module.widgets = widgets;
            for target in crate::Target::ALL {
                let rendered = coursepack_render::render_with_options(&module, target, &options).unwrap();
                let js = rendered.into_iter().find(|f| f.path == "player/player.js").unwrap().bytes;
                let layout = |make: fn(&str, &[u8]) -> PackageFile| vec![make("player/player.js", &js)];
                for time in [ZipTime::EPOCH_1980, ZipTime::from_unix(1_700_000_000)] {
                    let write = |files: &[PackageFile]| {
                        write_zip_to(files, std::io::Cursor::new(Vec::new()), time).unwrap().into_inner()
                    };
                    let fresh = write(&layout(bytes));
                    RUNTIME_DEFLATED.with(|n| n.set(0));
                    let copied = write(&layout(shared));
                    let deflated_now = RUNTIME_DEFLATED.with(std::cell::Cell::get);
                    assert!(copied == fresh, "{target} {:?}: the player's entry differs ({time:?})", module.widgets);
                    let expected = usize::from(time != ZipTime::EPOCH_1980);
                    assert_eq!(deflated_now, expected, "{target} {:?} at {time:?}", module.widgets);
                }
            }
        }
    }

    /// The SCORM packages' schemas, written at the default time, are copied
    /// from `build.rs`'s entries (never deflated at run time) into the same
    /// bytes as deflating them in place; at another time they are deflated
    /// (once per process) into the same bytes too.
    #[test]
    fn shipped_schemas_are_deflated_when_the_crate_is_built() {
        let schemas = crate::manifests::schema_files();
        let layout = |make: fn(&str, &[u8]) -> PackageFile| {
            let mut files = vec![bytes("imsmanifest.xml", b"<manifest/>")];
            files.extend(schemas.iter().enumerate().map(|(n, data)| make(&format!("s{n:02}.xsd"), data)));
            files
        };
        for time in [ZipTime::EPOCH_1980, ZipTime::from_unix(1_700_000_000)] {
            let write = |files: &[PackageFile]| {
                write_zip_to(files, std::io::Cursor::new(Vec::new()), time).unwrap().into_inner()
            };
            let fresh = write(&layout(bytes));
            RUNTIME_DEFLATED.with(|n| n.set(0));
            let copied = write(&layout(shared));
            let deflated_now = RUNTIME_DEFLATED.with(std::cell::Cell::get);
            assert!(copied == fresh, "the schemas' entries differ from deflating them in place ({time:?})");
            if time == ZipTime::EPOCH_1980 {
                assert_eq!(deflated_now, 0, "schemas deflated at run time");
            } else {
                assert_eq!(deflated_now, schemas.len(), "another time is not the time build.rs deflated for");
            }
        }
    }

    /// A shared file (the player) is deflated once per process and copied
    /// compressed into each zip; the zip is byte for byte the one deflating
    /// it in place writes, for every time and any entry name.
    #[test]
    fn shared_files_are_deflated_once_and_written_as_if_deflated_in_place() {
        let player = (0..5_000).map(|i| format!("var v{i} = {};\n", i * 7)).collect::<String>().into_bytes();
        let css = b"body{margin:0}".repeat(300);
        for time in [ZipTime::EPOCH_1980, ZipTime::from_unix(1_700_000_000)] {
            let layout = |make: fn(&str, &[u8]) -> PackageFile| {
                vec![
                    bytes("index.html", b"<p>course</p>"),
                    make("m1/player/player.js", &player),
                    make("m1/player/player.css", &css),
                    make("m2/player/player.js", &player),
                    // A name that is not ASCII: the same language-encoding flag.
                    make("modulé-3/player/player.js", &player),
                    // Shared but stored: written as it is.
                    make("m2/player/logo.png", b"\x89PNG shared"),
                    make("m2/player/empty.js", b""),
                ]
            };
            let write = |files: &[PackageFile]| {
                write_zip_to(files, std::io::Cursor::new(Vec::new()), time).unwrap().into_inner()
            };
            let fresh = write(&layout(bytes));
            let cached = write(&layout(shared));
            assert!(cached == fresh, "a cached compressed entry differs from a freshly compressed one ({time:?})");
            assert!(write(&layout(shared)) == fresh, "the second use of the cache differs ({time:?})");
        }
        let time = DateTime::from_date_and_time(1980, 1, 1, 0, 0, 0).unwrap();
        let first = deflated_once(&Arc::from(&player[..]), time).unwrap();
        // The same content in another allocation: the same compressed entry.
        let again = deflated_once(&Arc::from(player.clone()), time).unwrap();
        assert!(Arc::ptr_eq(&first, &again), "deflated again");
    }

    /// A file deflated before its zip is written (a course module's page, as
    /// soon as it is rendered) is copied into the zip compressed, byte for
    /// byte what deflating its text in place writes, under any name; at
    /// another zip time it is written again from its text; it inflates back
    /// to its text.
    #[test]
    fn files_deflated_before_the_zip_give_the_bytes_of_deflating_in_place() {
        let page = (0..3_000).map(|i| format!("<p>page {i}</p>\n")).collect::<String>().into_bytes();
        let names = ["m1/index.html", "modulé-2/index.html", "m3/empty.json"];
        let texts: [&[u8]; 3] = [&page, b"<p>short</p>", b""];
        let as_text: Vec<PackageFile> = names.iter().zip(texts).map(|(n, t)| bytes(n, t)).collect();
        for deflated_at in [ZipTime::EPOCH_1980, ZipTime::from_unix(1_700_000_000)] {
            let ahead: Vec<PackageFile> = as_text.iter().cloned().map(|f| f.deflated(deflated_at).unwrap()).collect();
            for file in &ahead {
                let FileContents::Deflated(d) = &file.contents else { panic!("{} not deflated", file.path) };
                let original = as_text.iter().find(|f| f.path == file.path).unwrap();
                assert_eq!(Some(&d.inflate().unwrap()[..]), original.contents.bytes());
            }
            for time in [ZipTime::EPOCH_1980, ZipTime::from_unix(1_700_000_000)] {
                let write = |files: &[PackageFile]| {
                    write_zip_to(files, std::io::Cursor::new(Vec::new()), time).unwrap().into_inner()
                };
                assert!(write(&ahead) == write(&as_text), "deflated at {deflated_at:?}, written at {time:?}");
            }
        }
        // Stored formats and shared files are left as they are.
        assert!(matches!(
            bytes("a.png", b"png").deflated(ZipTime::EPOCH_1980).unwrap().contents,
            FileContents::Bytes(_)
        ));
        assert!(matches!(
            shared("p/player.js", b"js").deflated(ZipTime::EPOCH_1980).unwrap().contents,
            FileContents::Shared(_)
        ));
    }

    /// Generated files are deflated ahead on every core, window by window:
    /// the zip is byte for byte the one deflating each entry in place
    /// writes, on one thread and on several.
    #[test]
    fn files_deflated_ahead_in_parallel_give_the_bytes_of_deflating_in_place() {
        let page = |i: usize| format!("<p>page {i}</p>").repeat(40 + i * 7).into_bytes();
        let mut files: Vec<PackageFile> = (0..60).map(|i| bytes(&format!("m{i:02}/index.html"), &page(i))).collect();
        // Over one window of generated bytes, an empty file, and stored ones between.
        files.push(bytes("big/data.json", &b"{\"k\": 1}, ".repeat(WINDOW_BYTES / 5)));
        files.push(bytes("m00/empty.txt", b""));
        files.push(bytes("m10/photo.jpg", b"\xff\xd8 stored"));
        let time = ZipTime::from_unix(1_700_000_000);
        let zip_time = DateTime::from_date_and_time(2023, 11, 14, 22, 13, 20).unwrap();
        let mut sorted: Vec<&PackageFile> = files.iter().collect();
        sorted.sort_by(|a, b| a.path.cmp(&b.path));
        assert!(windows(&sorted).len() > 1, "the test needs several windows");
        let mut in_place = ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for file in &sorted {
            let data = file.contents.bytes().unwrap();
            in_place.start_file(file.path.as_str(), entry_options(&file.path, data.len() as u64, zip_time)).unwrap();
            in_place.write_all(data).unwrap();
        }
        let in_place = in_place.finish().unwrap().into_inner();
        for threads in [1, 4] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let written =
                pool.install(|| write_zip_to(&files, std::io::Cursor::new(Vec::new()), time)).unwrap().into_inner();
            assert!(written == in_place, "{threads} thread(s): not the bytes of deflating in place");
        }
    }

    #[test]
    fn windows_keep_the_order_and_hold_at_most_their_bytes_or_one_file() {
        let files = [
            bytes("a", &vec![b'a'; WINDOW_BYTES / 2]),
            bytes("b", &vec![b'b'; WINDOW_BYTES / 2]),
            bytes("c", b"c"),
            bytes("d", &vec![b'd'; WINDOW_BYTES * 2]),
            PackageFile { path: "e.mp4".into(), contents: FileContents::Disk("e.mp4".into()) },
        ];
        let sorted: Vec<&PackageFile> = files.iter().collect();
        let names: Vec<Vec<&str>> =
            windows(&sorted).iter().map(|w| w.iter().map(|f| f.path.as_str()).collect()).collect();
        assert_eq!(names, [vec!["a", "b"], vec!["c"], vec!["d"], vec!["e.mp4"]]);
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

    /// A disk with room for `room` bytes: then every write fails with ENOSPC.
    struct SmallDisk {
        data: std::io::Cursor<Vec<u8>>,
        room: usize,
        failures: std::rc::Rc<std::cell::Cell<usize>>,
    }

    impl Write for SmallDisk {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let free = self.room.saturating_sub(self.data.get_ref().len());
            if free == 0 {
                self.failures.set(self.failures.get() + 1);
                return Err(io::Error::from_raw_os_error(28));
            }
            self.data.write(&buf[..buf.len().min(free)])
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Seek for SmallDisk {
        fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
            self.data.seek(pos)
        }
    }

    /// A full disk is one error with its cause: the zip writer, dropped
    /// after the failure, writes nothing more (it used to try to finish the
    /// archive and print each failure).
    #[test]
    fn a_full_disk_is_one_error_and_nothing_more_is_written() {
        // Pseudo-random bytes, so deflating does not make them fit.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut noise = |n: usize| -> Vec<u8> {
            (0..n)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect()
        };
        let files: Vec<PackageFile> = (0..20).map(|i| bytes(&format!("page{i:02}.html"), &noise(5000))).collect();
        for room in [0, 10, 100, 3000, 20_000] {
            let failures = std::rc::Rc::new(std::cell::Cell::new(0));
            let first = std::rc::Rc::new(std::cell::RefCell::new(None));
            let disk = SmallDisk { data: std::io::Cursor::new(Vec::new()), room, failures: failures.clone() };
            let result = write_zip_to(&files, StopAtFirstError::new(disk, first.clone()), ZipTime::EPOCH_1980);
            assert!(result.is_err(), "room {room}: the zip cannot fit");
            assert_eq!(failures.get(), 1, "room {room}: written again after the disk was full");
            let error = first.borrow_mut().take().expect("the first error is kept");
            assert_eq!(error.kind(), io::ErrorKind::StorageFull, "room {room}");
            let message = write_failure(Path::new("dist/m-scorm12.zip"), error).to_string();
            assert!(message.starts_with("the disk is full: cannot write dist/m-scorm12.zip"), "{message}");
        }
    }

    /// A zip written to its partial file is not under its name until it is
    /// committed: before, only a registered, locked partial file is in the
    /// folder and the old file keeps its bytes; the commit puts the very
    /// bytes of `write_zip_to` in place, readable, and leaves no partial
    /// file. Dropped without a commit, the partial file goes and the old
    /// file stays.
    #[test]
    fn a_partial_zip_is_in_place_only_once_committed() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("m-scorm12.zip");
        std::fs::write(&dest, b"the old package").unwrap();
        let files = [bytes("index.html", b"<p>hello</p>"), bytes("media/a.png", b"not really a png")];
        let time = ZipTime::EPOCH_1980;
        let expected = write_zip_to(&files, std::io::Cursor::new(Vec::new()), time).unwrap().into_inner();
        let partials = || {
            std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.to_string_lossy().ends_with(PARTIAL_SUFFIX))
                .collect::<Vec<_>>()
        };
        let partial = write_partial_zip(&files, &dest, time).unwrap();
        assert_eq!(partial.dest(), dest);
        let written = partials();
        assert_eq!(written.len(), 1, "one partial file while not committed");
        assert_eq!(std::fs::read(&written[0]).unwrap(), expected, "the partial file holds the whole zip");
        assert!(in_progress().contains(&written[0]), "on the register, for an interrupt");
        assert!(std::fs::File::open(&written[0]).unwrap().try_lock().is_err(), "locked while not committed");
        assert_eq!(std::fs::read(&dest).unwrap(), b"the old package");
        partial.commit().unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), expected);
        assert!(partials().is_empty() && !in_progress().contains(&written[0]));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o644);
        }
        std::fs::write(&dest, b"the old package").unwrap();
        drop(write_partial_zip(&files, &dest, time).unwrap());
        assert!(partials().is_empty(), "a partial zip dropped uncommitted leaves nothing");
        assert_eq!(std::fs::read(&dest).unwrap(), b"the old package");
    }

    /// Partial files no process holds are removed; one that a writer holds
    /// (locked) and other files are left alone.
    #[test]
    fn stale_partial_files_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(format!("{PARTIAL_PREFIX}abc123{PARTIAL_SUFFIX}"));
        std::fs::write(&stale, b"half a zip").unwrap();
        let live = dir.path().join(format!("{PARTIAL_PREFIX}def456{PARTIAL_SUFFIX}"));
        std::fs::write(&live, b"being written").unwrap();
        let holder = std::fs::File::open(&live).unwrap();
        holder.lock().unwrap();
        let others = ["m-scorm12.zip", ".coursepack-notes.txt", "x.zip.partial"];
        for name in others {
            std::fs::write(dir.path().join(name), b"keep").unwrap();
        }
        assert_eq!(remove_stale_partial_files(dir.path()).unwrap(), std::slice::from_ref(&stale));
        assert!(!stale.exists() && live.exists());
        for name in others {
            assert!(dir.path().join(name).exists(), "{name}");
        }
        drop(holder);
        assert_eq!(remove_stale_partial_files(dir.path()).unwrap(), std::slice::from_ref(&live));
        assert!(remove_stale_partial_files(&dir.path().join("absent")).unwrap().is_empty());
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
