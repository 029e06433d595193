//! Hostile packages for the validator's bounded-work rows (issue 13),
//! written byte by byte (the zip writers of the builder would not write
//! them):
//!
//! - **bounded scan**: a SCORM 1.2 package of many highly compressible
//!   HTML pages (1,900 of 8 MiB in the full plan: a 72 MB zip that inflates
//!   to 15 GiB, the case that took 114 s), every page's compressed bytes
//!   written once per entry;
//! - **huge value**: a SCORM 1.2 manifest whose resource href is 15 MiB long
//!   (the case whose report took 47 MB of text and 159 MB of memory).

use anyhow::{Context, Result};
use std::io::{BufWriter, Write};
use std::path::Path;

/// One entry to write: its name, method (0 stored, 8 deflate), CRC-32,
/// uncompressed size and stored bytes.
struct Entry<'a> {
    name: String,
    method: u16,
    crc: u32,
    size: u64,
    data: &'a [u8],
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = flate2::Crc::new();
    c.update(data);
    c.sum()
}

fn deflate(data: &[u8]) -> Result<Vec<u8>> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data)?;
    Ok(enc.finish()?)
}

fn u32_of(n: u64, what: &str) -> Result<u32> {
    u32::try_from(n).with_context(|| format!("{what} {n} needs zip64, which this writer does not write"))
}

/// Write `entries` as a plain (non-zip64) zip at `path`.
fn write_zip(path: &Path, entries: &[Entry]) -> Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut central = Vec::new();
    let mut offset = 0u64;
    for e in entries {
        let name = e.name.as_bytes();
        let (csize, usize_) = (u32_of(e.data.len() as u64, "compressed size")?, u32_of(e.size, "size")?);
        let name_len = u16::try_from(name.len())?;
        let mut local = Vec::with_capacity(30 + name.len());
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        local.extend_from_slice(&20u16.to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes());
        local.extend_from_slice(&e.method.to_le_bytes());
        local.extend_from_slice(&[0, 0, 0x21, 0]);
        local.extend_from_slice(&e.crc.to_le_bytes());
        local.extend_from_slice(&csize.to_le_bytes());
        local.extend_from_slice(&usize_.to_le_bytes());
        local.extend_from_slice(&name_len.to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes());
        local.extend_from_slice(name);
        out.write_all(&local)?;
        out.write_all(e.data)?;
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&(3u16 << 8 | 20).to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&e.method.to_le_bytes());
        central.extend_from_slice(&[0, 0, 0x21, 0]);
        central.extend_from_slice(&e.crc.to_le_bytes());
        central.extend_from_slice(&csize.to_le_bytes());
        central.extend_from_slice(&usize_.to_le_bytes());
        central.extend_from_slice(&name_len.to_le_bytes());
        central.extend_from_slice(&[0; 8]);
        central.extend_from_slice(&(0o100_644u32 << 16).to_le_bytes());
        central.extend_from_slice(&u32_of(offset, "offset")?.to_le_bytes());
        central.extend_from_slice(name);
        offset += local.len() as u64 + e.data.len() as u64;
    }
    out.write_all(&central)?;
    let count = u16::try_from(entries.len())?;
    out.write_all(&0x0605_4b50u32.to_le_bytes())?;
    out.write_all(&[0; 4])?;
    out.write_all(&count.to_le_bytes())?;
    out.write_all(&count.to_le_bytes())?;
    out.write_all(&u32_of(central.len() as u64, "central directory")?.to_le_bytes())?;
    out.write_all(&u32_of(offset, "central directory offset")?.to_le_bytes())?;
    out.write_all(&0u16.to_le_bytes())?;
    out.flush()?;
    Ok(())
}

/// A SCORM 1.2 manifest launching `index.html` and listing `files`; the
/// resource's href is `href`.
fn manifest(href: &str, files: &[String]) -> String {
    let listed: String = files.iter().map(|f| format!("<file href=\"{f}\"/>")).collect();
    format!(
        r#"<?xml version="1.0"?>
<manifest identifier="bench-hostile" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>Bench</title>
    <item identifier="i" identifierref="r"><title>Bench</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="{href}"><file href="index.html"/>{listed}</resource></resources>
</manifest>
"#
    )
}

/// An HTML page of `bytes` bytes that deflates about 220:1 (a block of
/// markup repeated, with a numbered comment every 2 KiB), as the pages of
/// the package issue 13 measured.
fn page(bytes: usize) -> Vec<u8> {
    let block = "<div class=\"slide\"><p>Libraries hold the memory of their communities: records, images and voices.</p></div>\n".repeat(40);
    let mut out = String::with_capacity(bytes + block.len());
    let mut n = 0;
    while out.len() < bytes {
        out.push_str(&block);
        if out.len() % 2048 < block.len() {
            out.push_str(&format!("<!-- {n} -->\n"));
            n += 1;
        }
    }
    out.truncate(bytes);
    out.into_bytes()
}

/// The bounded-scan package: `files` pages of `page_bytes` each.
pub fn bounded_scan_package(path: &Path, files: usize, page_bytes: usize) -> Result<()> {
    let body = page(page_bytes);
    let (crc, data) = (crc32(&body), deflate(&body)?);
    let names: Vec<String> = (0..files).map(|i| format!("pages/page{i:05}.html")).collect();
    let text = manifest("index.html", &names);
    let index = b"<!doctype html><title>Bench</title>".to_vec();
    let mut entries = vec![
        Entry {
            name: "imsmanifest.xml".into(),
            method: 0,
            crc: crc32(text.as_bytes()),
            size: text.len() as u64,
            data: text.as_bytes(),
        },
        Entry { name: "index.html".into(), method: 0, crc: crc32(&index), size: index.len() as u64, data: &index },
    ];
    entries.extend(names.into_iter().map(|name| Entry { name, method: 8, crc, size: body.len() as u64, data: &data }));
    write_zip(path, &entries)
}

/// The huge-value package: a manifest whose resource href is `value_bytes` long.
pub fn huge_value_package(path: &Path, value_bytes: usize) -> Result<()> {
    let text = manifest(&"a".repeat(value_bytes), &[]);
    let index = b"<!doctype html><title>Bench</title>".to_vec();
    let entries = [
        Entry {
            name: "imsmanifest.xml".into(),
            method: 0,
            crc: crc32(text.as_bytes()),
            size: text.len() as u64,
            data: text.as_bytes(),
        },
        Entry { name: "index.html".into(), method: 0, crc: crc32(&index), size: index.len() as u64, data: &index },
    ];
    write_zip(path, &entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_deflate_about_as_the_issue_measured() {
        let body = page(1 << 20);
        assert_eq!(body.len(), 1 << 20);
        let ratio = body.len() / deflate(&body).unwrap().len();
        assert!((150..250).contains(&ratio), "ratio {ratio}:1");
    }

    #[test]
    fn the_packages_are_zips_unzip_reads() {
        let dir = std::env::temp_dir().join(format!("cp-hostile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let scan = dir.join("scan.zip");
        bounded_scan_package(&scan, 3, 64 * 1024).unwrap();
        let value = dir.join("value.zip");
        huge_value_package(&value, 100_000).unwrap();
        for zip in [&scan, &value] {
            let out = std::process::Command::new("unzip")
                .arg("-tq")
                .arg(zip)
                .output()
                .expect("unzip (scripts/install-test-deps.sh installs it)");
            assert!(out.status.success(), "{}: {}", zip.display(), String::from_utf8_lossy(&out.stdout));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
