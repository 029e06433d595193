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

/// Largest central directory we agree to load (bytes).
pub const MAX_CENTRAL_DIRECTORY: u64 = 64 * 1024 * 1024;

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
    pub fn open(mut reader: R) -> Result<Self, ZipError> {
        let len = reader.seek(SeekFrom::End(0))?;
        if len < 22 {
            return Err(ZipError::NotZip);
        }
        let tail_len = len.min(22 + 65535);
        let tail_start = len - tail_len;
        let mut tail = vec![0u8; tail_len as usize];
        reader.seek(SeekFrom::Start(tail_start))?;
        reader.read_exact(&mut tail)?;
        // Last EOCD signature whose comment length fits the file.
        let mut eocd_at = None;
        let mut i = tail.len() - 22;
        loop {
            if u32le(&tail, i) == EOCD_SIG {
                let comment_len = u16le(&tail, i + 20) as usize;
                if i + 22 + comment_len <= tail.len() {
                    eocd_at = Some(i);
                    break;
                }
            }
            if i == 0 {
                break;
            }
            i -= 1;
        }
        let i = eocd_at.ok_or(ZipError::NotZip)?;
        let eocd = &tail[i..i + 22];
        let eocd_pos = tail_start + i as u64;
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
            || i >= 20 && u32le(&tail, i - 20) == ZIP64_LOCATOR_SIG
        {
            if i < 20 || u32le(&tail, i - 20) != ZIP64_LOCATOR_SIG {
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
        let mut cd = vec![0u8; cd_size as usize];
        reader.seek(SeekFrom::Start(cd_offset))?;
        reader.read_exact(&mut cd)?;
        let mut entries = Vec::with_capacity(count as usize);
        let mut p = 0usize;
        while entries.len() < count as usize {
            if p + 46 > cd.len() || u32le(&cd, p) != CENTRAL_SIG {
                return Err(ZipError::Corrupt(format!(
                    "record {} of {count} is missing or has a bad signature",
                    entries.len() + 1
                )));
            }
            let h = &cd[p..p + 46];
            let name_len = u16le(h, 28) as usize;
            let extra_len = u16le(h, 30) as usize;
            let comment_len = u16le(h, 32) as usize;
            let end = p + 46 + name_len + extra_len + comment_len;
            if end > cd.len() {
                return Err(ZipError::Corrupt(format!("record {} runs past the central directory", entries.len() + 1)));
            }
            let raw_name = cd[p + 46..p + 46 + name_len].to_vec();
            let extra = &cd[p + 46 + name_len..p + 46 + name_len + extra_len];
            let mut e = ZipEntry {
                name: String::from_utf8_lossy(&raw_name).into_owned(),
                utf8: std::str::from_utf8(&raw_name).is_ok(),
                raw_name,
                made_by: u16le(h, 4),
                flags: u16le(h, 8),
                method: u16le(h, 10),
                crc32: u32le(h, 16),
                compressed_size: u32le(h, 20) as u64,
                uncompressed_size: u32le(h, 24) as u64,
                external_attr: u32le(h, 38),
                local_offset: u32le(h, 42) as u64,
                zip64: false,
            };
            apply_zip64_extra(&mut e, extra)?;
            entries.push(e);
            p = end;
        }
        Ok(ZipArchive { reader, len, entries, zip64, central_offset: cd_offset })
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
        ZipDirectory { len: self.len, entries: self.entries, zip64: self.zip64, central_offset: self.central_offset }
    }

    /// Read entry `index` into memory (at most `limit` bytes).
    pub fn read_entry(&mut self, index: usize, limit: u64) -> Result<Vec<u8>, EntryError> {
        read_entry(&mut self.reader, &self.entries[index], self.central_offset, limit)
    }
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
}

/// Offset of the first data byte of `e`, after checking its local header.
fn data_start<R: Read + Seek>(reader: &mut R, e: &ZipEntry, central_offset: u64) -> Result<u64, EntryError> {
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
    let mut local_name = vec![0u8; name_len as usize];
    reader.read_exact(&mut local_name)?;
    if local_name != e.raw_name {
        return Err(EntryError::BadLocalHeader(format!(
            "local header names `{}`, central directory `{}`",
            String::from_utf8_lossy(&local_name),
            e.name
        )));
    }
    let start = e.local_offset + 30 + name_len + extra_len;
    if start.checked_add(e.compressed_size).is_none_or(|end| end > central_offset) {
        return Err(EntryError::BadLocalHeader("entry data runs into the central directory".into()));
    }
    Ok(start)
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
    mut sink: impl FnMut(&[u8]),
) -> Result<u64, EntryError> {
    if e.is_encrypted() {
        return Err(EntryError::Encrypted);
    }
    if e.method != 0 && e.method != 8 {
        return Err(EntryError::UnsupportedMethod(e.method));
    }
    let start = data_start(reader, e, central_offset)?;
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
