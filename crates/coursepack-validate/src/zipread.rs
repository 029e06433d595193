//! A zip reader for hostile input.
//!
//! It reads the end-of-central-directory record (zip64 aware), then the
//! central directory, and keeps every raw entry (duplicates included, names
//! as raw bytes) so that the checks in [`crate::zipcheck`] can see exactly
//! what an LMS would see. Entry data is only read on request, through a
//! decompressor capped at a byte limit, so memory stays bounded whatever the
//! archive declares. Nothing is ever written to disk.

use flate2::Crc;
use std::io::{self, Read, Seek, SeekFrom};

const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const ZIP64_EOCD_SIG: u32 = 0x0606_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const LOCAL_SIG: u32 = 0x0403_4b50;
const DESCRIPTOR_SIG: u32 = 0x0807_4b50;

/// Largest central directory we agree to load (bytes).
pub const MAX_CENTRAL_DIRECTORY: u64 = 64 * 1024 * 1024;

/// Most bytes that the names of all central-directory records may take
/// together. Every name is kept (and checked: collisions, normalisation,
/// LMS traps) while the package is validated, so this bounds the memory
/// of a directory of many long names (90,000 names of 648 bytes once took
/// 450 MB); real packages use a small fraction of it (10,000 files with
/// 100-byte paths are 1 MB).
pub const MAX_NAME_BYTES: u64 = 4 * 1024 * 1024;

/// One central-directory record, as stored.
#[derive(Clone, Debug)]
pub struct ZipEntry {
    /// The name exactly as stored.
    pub raw_name: Vec<u8>,
    /// The name decoded as UTF-8 (lossy when it is not UTF-8).
    pub name: String,
    /// True when `raw_name` is valid UTF-8.
    pub utf8: bool,
    /// General-purpose flags (bit 0: encrypted; bit 11: UTF-8 names).
    pub flags: u16,
    /// Compression method (0 stored, 8 deflate, ...).
    pub method: u16,
    /// CRC-32 declared in the central directory.
    pub crc32: u32,
    /// Compressed size declared in the central directory.
    pub compressed_size: u64,
    /// Uncompressed size declared in the central directory.
    pub uncompressed_size: u64,
    /// Offset of the local header.
    pub local_offset: u64,
    /// External attributes (Unix mode in the high 16 bits when made on Unix).
    pub external_attr: u32,
    /// "Version made by" (host system in the high byte).
    pub made_by: u16,
    /// True when the entry needed zip64 extra fields.
    pub zip64: bool,
}

impl ZipEntry {
    /// True for a directory entry (name ends in `/`).
    pub fn is_dir(&self) -> bool {
        self.name.ends_with('/')
    }

    /// True when the entry is a Unix symbolic link.
    pub fn is_symlink(&self) -> bool {
        let host = self.made_by >> 8;
        // 3 = Unix, 19 = OS X; both store st_mode in the high 16 bits.
        (host == 3 || host == 19) && (self.external_attr >> 16) & 0o170000 == 0o120000
    }

    /// True when the entry is encrypted (traditional PKWARE or AES).
    pub fn is_encrypted(&self) -> bool {
        self.flags & 1 != 0 || self.method == 99
    }
}

/// Why an archive could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    /// Reading the file failed.
    #[error("I/O error: {0}")]
    Io(#[from] io::Error),
    /// No end-of-central-directory record: not a zip file.
    #[error("no end-of-central-directory record (not a zip file, or truncated)")]
    NotZip,
    /// The central directory is inconsistent.
    #[error("corrupt central directory: {0}")]
    Corrupt(String),
    /// The archive spans several disks.
    #[error("multi-disk (split) archives are not supported")]
    MultiDisk,
    /// The central directory is larger than [`MAX_CENTRAL_DIRECTORY`].
    #[error("central directory of {0} bytes exceeds the limit")]
    TooLarge(u64),
    /// The end record declares more entries than the caller's limit; the
    /// central directory was not read (its records would cost memory in
    /// proportion).
    #[error("the archive declares {count} entries, more than the limit of {limit}")]
    TooManyEntries {
        /// Entries the end record declares.
        count: u64,
        /// The limit given to [`ZipArchive::open_limited`].
        limit: usize,
    },
    /// The names of the central-directory records pass
    /// [`MAX_NAME_BYTES`] in total; reading stopped at record `after`.
    #[error("the names of the first {after} entries take more than {limit} bytes together, the limit")]
    NamesTooLong {
        /// The record whose name passed the limit (1-based).
        after: usize,
        /// [`MAX_NAME_BYTES`].
        limit: u64,
    },
    /// The central directory is not where the end record says but
    /// `actual - declared` bytes further: data was put before the zip, and
    /// unzip tools that "compensate" read other bytes than the offsets say.
    #[error("every offset is shifted: the central directory is at byte {actual}, the end record says {declared}")]
    Shifted {
        /// Offset the end record gives.
        declared: u64,
        /// Offset where the directory is.
        actual: u64,
    },
}

/// Why reading one entry failed.
#[derive(Debug, thiserror::Error)]
pub enum EntryError {
    /// Reading the file failed.
    #[error("I/O error: {0}")]
    Io(#[from] io::Error),
    /// The local header is missing or inconsistent.
    #[error("bad local header: {0}")]
    BadLocalHeader(String),
    /// Encrypted entries cannot be read.
    #[error("entry is encrypted")]
    Encrypted,
    /// Compression method we do not decode.
    #[error("unsupported compression method {0}")]
    UnsupportedMethod(u16),
    /// The data inflates past the declared size.
    #[error("data inflates past its declared size of {declared} bytes")]
    LargerThanDeclared {
        /// Declared uncompressed size.
        declared: u64,
    },
    /// The data inflates to fewer bytes than declared.
    #[error("data inflates to {actual} bytes, {declared} declared")]
    SmallerThanDeclared {
        /// Declared uncompressed size.
        declared: u64,
        /// Bytes actually produced.
        actual: u64,
    },
    /// The caller's byte limit was reached.
    #[error("entry is larger than the limit of {0} bytes")]
    OverLimit(u64),
    /// The deflate stream is corrupt.
    #[error("corrupt compressed data: {0}")]
    Corrupt(String),
    /// The CRC-32 of the data differs from the declared one.
    #[error("CRC-32 mismatch: declared {declared:08x}, computed {actual:08x}")]
    Crc {
        /// Declared CRC.
        declared: u32,
        /// Computed CRC.
        actual: u32,
    },
}

/// An opened archive: its central directory and the reader for entry data.
pub struct ZipArchive<R> {
    reader: R,
    len: u64,
    /// Every central-directory record, in stored order (duplicates kept).
    pub entries: Vec<ZipEntry>,
    /// True when the archive uses a zip64 end-of-central-directory record.
    pub zip64: bool,
    /// Offset where the central directory starts (entry data must end before it).
    pub central_offset: u64,
    /// Offset just past the central directory.
    pub central_end: u64,
    /// Offset of the end record (the zip64 one in a zip64 archive): the
    /// central directory should end right there.
    pub end_offset: u64,
    /// The archive comment.
    pub comment: Vec<u8>,
    /// The other plausible end records (more than none: an ambiguous archive).
    pub other_ends: Vec<OtherEnd>,
}

fn u16le(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}
fn u32le(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}
fn u64le(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

impl<R: Read + Seek> ZipArchive<R> {
    /// Read the central directory of `reader`.
    ///
    /// Every end-of-central-directory signature in the last 64 KiB is
    /// considered. One is *plausible* when its comment fits in the file and
    /// its central directory lies before it and starts with a central-header
    /// signature: unzip tools differ in which plausible record they take (the
    /// last one, or the one whose comment ends the file), so when there are
    /// several the archive is ambiguous ([`ZipDirectory::other_ends`]). This
    /// reader takes the first record whose comment ends exactly at the end
    /// of the file (the others are then inside its comment), else the last
    /// plausible one.
    pub fn open(reader: R) -> Result<Self, ZipError> {
        Self::open_limited(reader, usize::MAX)
    }

    /// [`ZipArchive::open`], refusing ([`ZipError::TooManyEntries`]) an
    /// archive whose end record declares more than `max_entries` entries
    /// before any of its records is read, so that memory stays bounded;
    /// the other end records' directories are then read only when they
    /// are within the limit too.
    pub fn open_limited(mut reader: R, max_entries: usize) -> Result<Self, ZipError> {
        let len = reader.seek(SeekFrom::End(0))?;
        if len < 22 {
            return Err(ZipError::NotZip);
        }
        let tail_len = len.min(22 + 65535);
        let tail_start = len - tail_len;
        let mut tail = vec![0u8; tail_len as usize];
        reader.seek(SeekFrom::Start(tail_start))?;
        reader.read_exact(&mut tail)?;
        // Every signature whose comment fits, last first.
        let candidates: Vec<usize> = (0..=tail.len() - 22)
            .rev()
            .filter(|&i| u32le(&tail, i) == EOCD_SIG && i + 22 + u16le(&tail, i + 20) as usize <= tail.len())
            .collect();
        let Some(&last) = candidates.first() else { return Err(ZipError::NotZip) };
        let mut plausible = Vec::new();
        for &i in &candidates {
            if let Ok(end) = read_end(&mut reader, &tail, tail_start, i)
                && central_signature_at(&mut reader, &end)?
            {
                plausible.push(end);
            }
        }
        // Of those that end the file, the outermost (the others are then in
        // its comment).
        let primary = match plausible.iter().rposition(|e| e.ends_file(len)) {
            Some(p) => p,
            None if !plausible.is_empty() => 0,
            None => {
                // No record points at a central directory. If the directory
                // sits where the last record says it ends, every offset is
                // shifted: bytes were put before the zip after it was made.
                let end = read_end(&mut reader, &tail, tail_start, last)?;
                if let Some(found_at) = end.cd_end_limit.checked_sub(end.cd_size)
                    && found_at != end.cd_offset
                    && central_signature_at(&mut reader, &EndRecord { cd_offset: found_at, ..end.clone() })?
                {
                    return Err(ZipError::Shifted { declared: end.cd_offset, actual: found_at });
                }
                plausible.push(end);
                0
            }
        };
        let end = plausible.remove(primary);
        let within = |e: &EndRecord| e.count <= max_entries as u64;
        if !within(&end) {
            return Err(ZipError::TooManyEntries { count: end.count, limit: max_entries });
        }
        let entries = read_central(&mut reader, &end)?;
        let other_ends = plausible
            .into_iter()
            .take(MAX_OTHER_ENDS)
            .map(|other| OtherEnd {
                offset: other.offset,
                entries: if within(&other) {
                    read_central(&mut reader, &other).unwrap_or_default()
                } else {
                    Vec::new()
                },
                comment: other.comment.clone(),
            })
            .collect();
        Ok(ZipArchive {
            reader,
            len,
            entries,
            zip64: end.zip64,
            central_offset: end.cd_offset,
            central_end: end.cd_offset + end.cd_size,
            end_offset: end.cd_end_limit,
            comment: end.comment,
            other_ends,
        })
    }

    /// Total length of the archive file.
    pub fn file_len(&self) -> u64 {
        self.len
    }

    /// Stream entry `index` through `sink`, at most `limit` uncompressed
    /// bytes, verifying the declared size and the CRC-32.
    pub fn stream_entry(&mut self, index: usize, limit: u64, sink: impl FnMut(&[u8])) -> Result<u64, EntryError> {
        stream_entry(&mut self.reader, &self.entries[index], self.central_offset, limit, sink)
    }

    /// Give up the reader and keep what was read from the central directory,
    /// so that entries can later be read through any number of readers (one
    /// per thread) with [`stream_entry`].
    pub fn into_directory(self) -> ZipDirectory {
        ZipDirectory {
            len: self.len,
            entries: self.entries,
            zip64: self.zip64,
            central_offset: self.central_offset,
            central_end: self.central_end,
            end_offset: self.end_offset,
            comment: self.comment,
            other_ends: self.other_ends,
        }
    }

    /// Read entry `index` into memory (at most `limit` bytes).
    pub fn read_entry(&mut self, index: usize, limit: u64) -> Result<Vec<u8>, EntryError> {
        read_entry(&mut self.reader, &self.entries[index], self.central_offset, limit)
    }
}

/// Most end records besides the one used whose central directories are
/// read for the name checks (an ambiguous archive is an error already).
const MAX_OTHER_ENDS: usize = 4;

/// An end-of-central-directory record (with its zip64 counterpart applied).
#[derive(Clone, Debug)]
struct EndRecord {
    /// Offset of the signature.
    offset: u64,
    /// The archive comment it carries.
    comment: Vec<u8>,
    count: u64,
    cd_size: u64,
    cd_offset: u64,
    /// Where the central directory must end: the record (or the zip64 record).
    cd_end_limit: u64,
    zip64: bool,
}

impl EndRecord {
    fn ends_file(&self, len: u64) -> bool {
        self.offset + 22 + self.comment.len() as u64 == len
    }
}

/// Another plausible end record than the one the archive is read through.
#[derive(Clone, Debug)]
pub struct OtherEnd {
    /// Offset of its signature.
    pub offset: u64,
    /// The entries of the central directory it points at (empty when that
    /// directory cannot be read).
    pub entries: Vec<ZipEntry>,
    /// Its archive comment.
    pub comment: Vec<u8>,
}

/// The end record whose signature is at `i` in `tail`.
fn read_end<R: Read + Seek>(reader: &mut R, tail: &[u8], tail_start: u64, i: usize) -> Result<EndRecord, ZipError> {
    let eocd = &tail[i..i + 22];
    let eocd_pos = tail_start + i as u64;
    let comment_len = u16le(eocd, 20) as usize;
    let disk = u16le(eocd, 4);
    let cd_disk = u16le(eocd, 6);
    let mut count_disk = u16le(eocd, 8) as u64;
    let mut count = u16le(eocd, 10) as u64;
    let mut cd_size = u32le(eocd, 12) as u64;
    let mut cd_offset = u32le(eocd, 16) as u64;
    let mut zip64 = false;
    let mut cd_end_limit = eocd_pos;
    if count == 0xFFFF
        || cd_size == 0xFFFF_FFFF
        || cd_offset == 0xFFFF_FFFF
        || i >= 20 && u32le(tail, i - 20) == ZIP64_LOCATOR_SIG
    {
        if i < 20 || u32le(tail, i - 20) != ZIP64_LOCATOR_SIG {
            return Err(ZipError::Corrupt("zip64 markers without a zip64 locator".into()));
        }
        let loc = &tail[i - 20..i];
        let z64_offset = u64le(loc, 8);
        if z64_offset.checked_add(56).is_none_or(|end| end > eocd_pos - 20) {
            return Err(ZipError::Corrupt("zip64 end record outside the file".into()));
        }
        let mut z = [0u8; 56];
        reader.seek(SeekFrom::Start(z64_offset))?;
        reader.read_exact(&mut z)?;
        if u32le(&z, 0) != ZIP64_EOCD_SIG {
            return Err(ZipError::Corrupt("bad zip64 end-of-central-directory signature".into()));
        }
        if u32le(&z, 16) != 0 || u32le(&z, 20) != 0 {
            return Err(ZipError::MultiDisk);
        }
        count_disk = u64le(&z, 24);
        count = u64le(&z, 32);
        cd_size = u64le(&z, 40);
        cd_offset = u64le(&z, 48);
        zip64 = true;
        cd_end_limit = z64_offset;
    } else if disk != 0 || cd_disk != 0 {
        return Err(ZipError::MultiDisk);
    }
    if count_disk != count {
        return Err(ZipError::MultiDisk);
    }
    if cd_size > MAX_CENTRAL_DIRECTORY {
        return Err(ZipError::TooLarge(cd_size));
    }
    if cd_offset.checked_add(cd_size).is_none_or(|end| end > cd_end_limit) {
        return Err(ZipError::Corrupt(format!(
            "central directory ({cd_size} bytes at offset {cd_offset}) lies outside the file"
        )));
    }
    // Each record takes at least 46 bytes: a count that cannot fit is a lie.
    if count.saturating_mul(46) > cd_size {
        return Err(ZipError::Corrupt(format!("{count} entries declared in a {cd_size}-byte central directory")));
    }
    Ok(EndRecord {
        offset: eocd_pos,
        comment: tail[i + 22..i + 22 + comment_len].to_vec(),
        count,
        cd_size,
        cd_offset,
        cd_end_limit,
        zip64,
    })
}

/// True when `end`'s central directory starts with a central-header
/// signature (or is empty).
fn central_signature_at<R: Read + Seek>(reader: &mut R, end: &EndRecord) -> Result<bool, ZipError> {
    if end.count == 0 {
        return Ok(end.cd_size == 0 || end.cd_size >= 4);
    }
    if end.cd_offset.checked_add(4).is_none_or(|e| e > end.cd_end_limit) {
        return Ok(false);
    }
    let mut sig = [0u8; 4];
    reader.seek(SeekFrom::Start(end.cd_offset))?;
    reader.read_exact(&mut sig)?;
    Ok(u32::from_le_bytes(sig) == CENTRAL_SIG)
}

/// The central directory `end` points at, read record by record (never
/// whole: comments and extra fields cost nothing to keep), refusing
/// ([`ZipError::NamesTooLong`]) a directory whose names together pass
/// [`MAX_NAME_BYTES`].
fn read_central<R: Read + Seek>(reader: &mut R, end: &EndRecord) -> Result<Vec<ZipEntry>, ZipError> {
    let count = end.count;
    reader.seek(SeekFrom::Start(end.cd_offset))?;
    let mut cd = std::io::BufReader::with_capacity(64 * 1024, (&mut *reader).take(end.cd_size));
    let mut left = end.cd_size;
    let mut name_bytes = 0u64;
    let mut entries = Vec::with_capacity(count as usize);
    let mut extra = Vec::new();
    while entries.len() < count as usize {
        let mut h = [0u8; 46];
        if left < 46 {
            return Err(bad_record(entries.len() + 1, count));
        }
        cd.read_exact(&mut h)?;
        if u32le(&h, 0) != CENTRAL_SIG {
            return Err(bad_record(entries.len() + 1, count));
        }
        let name_len = u16le(&h, 28) as u64;
        let extra_len = u16le(&h, 30) as u64;
        let comment_len = u16le(&h, 32) as u64;
        left -= 46;
        if name_len + extra_len + comment_len > left {
            return Err(ZipError::Corrupt(format!("record {} runs past the central directory", entries.len() + 1)));
        }
        left -= name_len + extra_len + comment_len;
        name_bytes += name_len;
        if name_bytes > MAX_NAME_BYTES {
            return Err(ZipError::NamesTooLong { after: entries.len() + 1, limit: MAX_NAME_BYTES });
        }
        let mut raw_name = vec![0u8; name_len as usize];
        cd.read_exact(&mut raw_name)?;
        extra.resize(extra_len as usize, 0);
        cd.read_exact(&mut extra)?;
        std::io::copy(&mut (&mut cd).take(comment_len), &mut std::io::sink())?;
        let mut e = ZipEntry {
            name: String::from_utf8_lossy(&raw_name).into_owned(),
            utf8: std::str::from_utf8(&raw_name).is_ok(),
            raw_name,
            made_by: u16le(&h, 4),
            flags: u16le(&h, 8),
            method: u16le(&h, 10),
            crc32: u32le(&h, 16),
            compressed_size: u32le(&h, 20) as u64,
            uncompressed_size: u32le(&h, 24) as u64,
            external_attr: u32le(&h, 38),
            local_offset: u32le(&h, 42) as u64,
            zip64: false,
        };
        apply_zip64_extra(&mut e, &extra)?;
        entries.push(e);
    }
    Ok(entries)
}

fn bad_record(n: usize, count: u64) -> ZipError {
    ZipError::Corrupt(format!("record {n} of {count} is missing or has a bad signature"))
}

/// The central directory of an archive, without a reader.
#[derive(Clone, Debug)]
pub struct ZipDirectory {
    /// Total length of the archive file.
    pub len: u64,
    /// Every central-directory record, in stored order (duplicates kept).
    pub entries: Vec<ZipEntry>,
    /// True when the archive uses a zip64 end-of-central-directory record.
    pub zip64: bool,
    /// Offset where the central directory starts (entry data must end before it).
    pub central_offset: u64,
    /// Offset just past the central directory.
    pub central_end: u64,
    /// Offset of the end record (the zip64 one in a zip64 archive).
    pub end_offset: u64,
    /// The archive comment.
    pub comment: Vec<u8>,
    /// The other plausible end records (more than none: an ambiguous archive).
    pub other_ends: Vec<OtherEnd>,
}

/// A local file header, as stored (zip64 sizes applied).
#[derive(Clone, Debug)]
pub struct LocalHeader {
    /// The name as stored.
    pub raw_name: Vec<u8>,
    /// General-purpose flags.
    pub flags: u16,
    /// Compression method.
    pub method: u16,
    /// CRC-32 (zero when a data descriptor follows the data).
    pub crc32: u32,
    /// Compressed size (zero when a data descriptor follows).
    pub compressed_size: u64,
    /// Uncompressed size (zero when a data descriptor follows).
    pub uncompressed_size: u64,
    /// Offset of the first data byte.
    pub data_start: u64,
}

/// Flag bit 3: CRC and sizes are in a data descriptor after the data.
const DESCRIPTOR_FLAG: u16 = 1 << 3;

/// Read the local header of `e` (bounded by the central directory's offset).
pub fn local_header<R: Read + Seek>(
    reader: &mut R,
    e: &ZipEntry,
    central_offset: u64,
) -> Result<LocalHeader, EntryError> {
    if e.local_offset.checked_add(30).is_none_or(|end| end > central_offset) {
        return Err(EntryError::BadLocalHeader("local header offset outside the data area".into()));
    }
    let mut h = [0u8; 30];
    reader.seek(SeekFrom::Start(e.local_offset))?;
    reader.read_exact(&mut h)?;
    if u32le(&h, 0) != LOCAL_SIG {
        return Err(EntryError::BadLocalHeader("bad local header signature".into()));
    }
    let name_len = u16le(&h, 26) as u64;
    let extra_len = u16le(&h, 28) as u64;
    let data_start = e.local_offset + 30 + name_len + extra_len;
    if data_start > central_offset {
        return Err(EntryError::BadLocalHeader("local header runs into the central directory".into()));
    }
    let mut rest = vec![0u8; (name_len + extra_len) as usize];
    reader.read_exact(&mut rest)?;
    let extra = rest.split_off(name_len as usize);
    let mut header = LocalHeader {
        raw_name: rest,
        flags: u16le(&h, 6),
        method: u16le(&h, 8),
        crc32: u32le(&h, 14),
        compressed_size: u32le(&h, 18) as u64,
        uncompressed_size: u32le(&h, 22) as u64,
        data_start,
    };
    // A local zip64 extra field holds both sizes when either is saturated.
    if header.compressed_size == 0xFFFF_FFFF || header.uncompressed_size == 0xFFFF_FFFF {
        let mut x = extra.as_slice();
        while x.len() >= 4 {
            let (id, size) = (u16le(x, 0), u16le(x, 2) as usize);
            if 4 + size > x.len() {
                break;
            }
            if id == 0x0001 && size >= 16 {
                header.uncompressed_size = u64le(x, 4);
                header.compressed_size = u64le(x, 12);
                break;
            }
            x = &x[4 + size..];
        }
    }
    Ok(header)
}

/// How the local header of `e` disagrees with its central-directory record
/// (name, flags, method, CRC and sizes), in words; empty when it agrees.
/// With a data descriptor the local CRC and sizes may be zero.
pub fn local_differences(e: &ZipEntry, h: &LocalHeader) -> Vec<String> {
    let mut out = Vec::new();
    if h.raw_name != e.raw_name {
        out.push(format!("the name `{}`", crate::rules::shown(&String::from_utf8_lossy(&h.raw_name))));
    }
    // Bits 1-2 only tune the compressor; every other flag changes how the
    // entry is read (encryption, descriptor, UTF-8 name...).
    if h.flags & !0b110 != e.flags & !0b110 {
        out.push(format!("flags {:#06x} (the central directory has {:#06x})", h.flags, e.flags));
    }
    if h.method != e.method {
        out.push(format!("compression method {} (the central directory has {})", h.method, e.method));
    }
    let descriptor = h.flags & DESCRIPTOR_FLAG != 0;
    let zero_ok = |v: u64| descriptor && v == 0;
    if h.crc32 != e.crc32 && !zero_ok(h.crc32 as u64) {
        out.push(format!("CRC-32 {:08x} (the central directory has {:08x})", h.crc32, e.crc32));
    }
    if h.compressed_size != e.compressed_size && !zero_ok(h.compressed_size) {
        out.push(format!("{} compressed bytes (the central directory has {})", h.compressed_size, e.compressed_size));
    }
    if h.uncompressed_size != e.uncompressed_size && !zero_ok(h.uncompressed_size) {
        out.push(format!("{} bytes (the central directory has {})", h.uncompressed_size, e.uncompressed_size));
    }
    out
}

/// The data descriptor after `e`'s data, when flag bit 3 says there is one:
/// its length (12 or 16 bytes, 20 or 24 with zip64 sizes) and how it
/// disagrees with the central directory. `None` without a descriptor.
pub fn data_descriptor<R: Read + Seek>(
    reader: &mut R,
    e: &ZipEntry,
    h: &LocalHeader,
    central_offset: u64,
) -> Result<Option<(u64, Vec<String>)>, EntryError> {
    if h.flags & DESCRIPTOR_FLAG == 0 {
        return Ok(None);
    }
    let at = h.data_start.saturating_add(e.compressed_size);
    let available = central_offset.saturating_sub(at).min(24) as usize;
    let mut d = vec![0u8; available];
    reader.seek(SeekFrom::Start(at))?;
    reader.read_exact(&mut d)?;
    let signed = d.len() >= 4 && u32le(&d, 0) == DESCRIPTOR_SIG;
    let body = if signed { &d[4..] } else { &d[..] };
    let wide = e.zip64 || e.compressed_size >= 0xFFFF_FFFF || e.uncompressed_size >= 0xFFFF_FFFF;
    let body_len = if wide { 20 } else { 12 };
    if body.len() < body_len {
        return Err(EntryError::BadLocalHeader("the data descriptor runs into the central directory".into()));
    }
    let (crc, csize, usize_) = if wide {
        (u32le(body, 0), u64le(body, 4), u64le(body, 12))
    } else {
        (u32le(body, 0), u32le(body, 4) as u64, u32le(body, 8) as u64)
    };
    let mut differences = Vec::new();
    if crc != e.crc32 {
        differences.push(format!("its data descriptor CRC-32 {crc:08x} (the central directory has {:08x})", e.crc32));
    }
    if csize != e.compressed_size || usize_ != e.uncompressed_size {
        differences.push(format!(
            "its data descriptor sizes {csize}/{usize_} (the central directory has {}/{})",
            e.compressed_size, e.uncompressed_size
        ));
    }
    Ok(Some(((body_len + if signed { 4 } else { 0 }) as u64, differences)))
}

/// Offset of the first data byte of `e`, after checking that its local
/// header names the same file (the full comparison is [`local_differences`]).
fn data_start<R: Read + Seek>(reader: &mut R, e: &ZipEntry, central_offset: u64) -> Result<u64, EntryError> {
    let h = local_header(reader, e, central_offset)?;
    if h.raw_name != e.raw_name {
        return Err(EntryError::BadLocalHeader(format!(
            "local header names `{}`, central directory `{}`",
            crate::rules::shown(&String::from_utf8_lossy(&h.raw_name)),
            crate::rules::shown(&e.name)
        )));
    }
    if h.data_start.checked_add(e.compressed_size).is_none_or(|end| end > central_offset) {
        return Err(EntryError::BadLocalHeader("entry data runs into the central directory".into()));
    }
    Ok(h.data_start)
}

/// Stream entry `e` of the archive read by `reader` through `sink`, at most
/// `limit` uncompressed bytes, verifying the declared size and the CRC-32.
/// Memory use is one 64 KiB buffer plus the inflater's state, whatever the
/// entry declares.
pub fn stream_entry<R: Read + Seek>(
    reader: &mut R,
    e: &ZipEntry,
    central_offset: u64,
    limit: u64,
    sink: impl FnMut(&[u8]),
) -> Result<u64, EntryError> {
    if e.is_encrypted() {
        return Err(EntryError::Encrypted);
    }
    if e.method != 0 && e.method != 8 {
        return Err(EntryError::UnsupportedMethod(e.method));
    }
    let start = data_start(reader, e, central_offset)?;
    stream_data(reader, e, start, limit, sink)
}

/// Stream the data of `e`, which starts at byte `start`, through `sink`
/// (at most `limit` uncompressed bytes), verifying the declared size and
/// the CRC-32. The caller has checked the local header.
pub fn stream_data<R: Read + Seek>(
    reader: &mut R,
    e: &ZipEntry,
    start: u64,
    limit: u64,
    mut sink: impl FnMut(&[u8]),
) -> Result<u64, EntryError> {
    if e.is_encrypted() {
        return Err(EntryError::Encrypted);
    }
    if e.method != 0 && e.method != 8 {
        return Err(EntryError::UnsupportedMethod(e.method));
    }
    reader.seek(SeekFrom::Start(start))?;
    let raw = reader.take(e.compressed_size);
    let mut source: Box<dyn Read + '_> = if e.method == 0 {
        Box::new(raw)
    } else {
        Box::new(flate2::read::DeflateDecoder::new_with_buf(raw, vec![0u8; 64 * 1024]))
    };
    let mut crc = Crc::new();
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match source.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) if err.kind() == io::ErrorKind::InvalidInput || err.kind() == io::ErrorKind::InvalidData => {
                return Err(EntryError::Corrupt(err.to_string()));
            }
            Err(err) => return Err(EntryError::Io(err)),
        };
        total += n as u64;
        if total > e.uncompressed_size {
            return Err(EntryError::LargerThanDeclared { declared: e.uncompressed_size });
        }
        if total > limit {
            return Err(EntryError::OverLimit(limit));
        }
        crc.update(&buf[..n]);
        sink(&buf[..n]);
    }
    if total != e.uncompressed_size {
        return Err(EntryError::SmallerThanDeclared { declared: e.uncompressed_size, actual: total });
    }
    if crc.sum() != e.crc32 {
        return Err(EntryError::Crc { declared: e.crc32, actual: crc.sum() });
    }
    Ok(total)
}

/// Read entry `e` into memory (at most `limit` bytes).
pub fn read_entry<R: Read + Seek>(
    reader: &mut R,
    e: &ZipEntry,
    central_offset: u64,
    limit: u64,
) -> Result<Vec<u8>, EntryError> {
    if e.uncompressed_size > limit {
        return Err(EntryError::OverLimit(limit));
    }
    let mut out = Vec::with_capacity(e.uncompressed_size as usize);
    stream_entry(reader, e, central_offset, limit, |chunk| out.extend_from_slice(chunk))?;
    Ok(out)
}

fn apply_zip64_extra(e: &mut ZipEntry, mut extra: &[u8]) -> Result<(), ZipError> {
    let need_u = e.uncompressed_size == 0xFFFF_FFFF;
    let need_c = e.compressed_size == 0xFFFF_FFFF;
    let need_o = e.local_offset == 0xFFFF_FFFF;
    while extra.len() >= 4 {
        let id = u16le(extra, 0);
        let size = u16le(extra, 2) as usize;
        if 4 + size > extra.len() {
            break;
        }
        if id == 0x0001 {
            let mut field = &extra[4..4 + size];
            let mut take = |wanted: bool, slot: &mut u64| -> Result<(), ZipError> {
                if wanted {
                    if field.len() < 8 {
                        return Err(ZipError::Corrupt(format!("short zip64 extra field for `{}`", e.name)));
                    }
                    *slot = u64le(field, 0);
                    field = &field[8..];
                }
                Ok(())
            };
            let (mut u, mut c, mut o) = (e.uncompressed_size, e.compressed_size, e.local_offset);
            take(need_u, &mut u)?;
            take(need_c, &mut c)?;
            take(need_o, &mut o)?;
            e.uncompressed_size = u;
            e.compressed_size = c;
            e.local_offset = o;
            e.zip64 = true;
            return Ok(());
        }
        extra = &extra[4 + size..];
    }
    if need_u || need_c || need_o {
        return Err(ZipError::Corrupt(format!("`{}` has zip64 markers but no zip64 extra field", e.name)));
    }
    Ok(())
}
