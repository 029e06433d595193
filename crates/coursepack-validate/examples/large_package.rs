//! Write a large SCORM 1.2 package to measure the validator's speed and
//! memory goals (docs/validator.md, "Performance"):
//!
//! `cargo run --release -p coursepack-validate --example large_package -- <out.zip> <MiB> media|text`
//!
//! Both kinds hold 400 small deflated HTML pages, a stylesheet, a script and
//! a manifest that lists every file. `media` adds stored, incompressible
//! 100 MiB "videos" up to the size; `text` adds deflated 512 KiB files that
//! compress about 2.5:1 (half pseudo-random base64, half repeated text).

use std::io::Write;
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

/// xorshift64*: fast, deterministic filler (not for anything secret).
struct Filler(u64);

impl Filler {
    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let v = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, mib, kind] = args.as_slice() else {
        return Err("usage: large_package <out.zip> <MiB> media|text".into());
    };
    let mib: u64 = mib.parse()?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(std::fs::File::create(out)?));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).large_file(true);
    let mut listed = Vec::new();
    let page = format!(
        "<!doctype html><html lang=en><head><title>p</title><link rel=stylesheet href=../css/site.css></head><body>{}<script src=../js/app.js></script></body></html>",
        "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>".repeat(60)
    );
    for i in 0..400 {
        let name = format!("pages/p{i:03}.html");
        zip.start_file(name.as_str(), deflated)?;
        zip.write_all(page.as_bytes())?;
        listed.push(name);
    }
    for (name, text) in [
        ("css/site.css", "body{font:16px sans-serif}\n".repeat(200)),
        ("js/app.js", "function f(x){return x+1}\n".repeat(2000)),
    ] {
        zip.start_file(name, deflated)?;
        zip.write_all(text.as_bytes())?;
        listed.push(name.to_string());
    }
    let mut filler = Filler(0x9E37_79B9_7F4A_7C15);
    let mut buf = vec![0u8; 1024 * 1024];
    match kind.as_str() {
        "media" => {
            for i in 0..mib / 100 {
                let name = format!("media/video{i:02}.mp4");
                zip.start_file(name.as_str(), stored)?;
                for _ in 0..100 {
                    filler.fill(&mut buf);
                    zip.write_all(&buf)?;
                }
                listed.push(name);
            }
        }
        "text" => {
            const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let repeated = "The quick brown fox jumps over the lazy dog. 0123456789 ".repeat(5000);
            let mut data = vec![0u8; 512 * 1024];
            for i in 0..mib * 2 {
                filler.fill(&mut data[..256 * 1024]);
                for b in &mut data[..256 * 1024] {
                    *b = B64[usize::from(*b & 63)];
                }
                data[256 * 1024..].copy_from_slice(&repeated.as_bytes()[..256 * 1024]);
                let name = format!("assets/a{i:05}.dat");
                zip.start_file(name.as_str(), deflated)?;
                zip.write_all(&data)?;
                listed.push(name);
            }
        }
        other => return Err(format!("unknown kind `{other}` (media or text)").into()),
    }
    let files: String = listed.iter().map(|f| format!("<file href=\"{f}\"/>")).collect();
    let manifest = format!(
        r#"<?xml version="1.0"?><manifest identifier="bench" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"><metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata><organizations default="o"><organization identifier="o"><title>Bench</title><item identifier="i" identifierref="r"><title>Bench</title></item></organization></organizations><resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="pages/p000.html">{files}</resource></resources></manifest>"#
    );
    zip.start_file("imsmanifest.xml", deflated)?;
    zip.write_all(manifest.as_bytes())?;
    zip.finish()?.flush()?;
    Ok(())
}
