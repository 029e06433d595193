//! Benchmarks: validating a generated SCORM 1.2 package (`--quick`: the central directory; the default: every entry's local header and CRC).

use coursepack_validate::{Options, validate_path};
use criterion::{Criterion, criterion_group, criterion_main};
use std::io::Write;

fn build_package(dir: &std::path::Path, files: usize, size: usize) -> std::path::PathBuf {
    let path = dir.join("bench.zip");
    let f = std::fs::File::create(&path).expect("create bench zip");
    let mut zip = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut file_list = String::new();
    for i in 0..files {
        file_list.push_str(&format!("<file href=\"content/page{i}.html\"/>"));
    }
    let manifest = format!(
        r#"<?xml version="1.0"?><manifest identifier="bench" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"><metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata><organizations default="o"><organization identifier="o"><title>t</title><item identifier="i" identifierref="r"><title>t</title></item></organization></organizations><resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="content/page0.html">{file_list}</resource></resources></manifest>"#
    );
    zip.start_file("imsmanifest.xml", opts).expect("start");
    zip.write_all(manifest.as_bytes()).expect("write");
    let body: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
    for i in 0..files {
        zip.start_file(format!("content/page{i}.html"), opts).expect("start");
        zip.write_all(&body).expect("write");
    }
    zip.finish().expect("finish");
    path
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = build_package(dir.path(), 2000, 16 * 1024);
    let quick = Options { mode: coursepack_validate::Mode::Quick, ..Options::default() };
    let full = Options::default();
    c.bench_function("validate 2000-file package --quick (central directory only)", |b| {
        b.iter(|| validate_path(&path, &quick).expect("validate"))
    });
    c.bench_function("validate 2000-file package (default: every local header and CRC)", |b| {
        b.iter(|| validate_path(&path, &full).expect("validate"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
