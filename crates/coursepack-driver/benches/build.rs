//! Benchmarks of the build pipeline on a generated module of 10 pages with
//! 2 MB of images (four 512 KB incompressible PNG-named files): each stage
//! alone (parse, compile, render, zip write) and the whole release build to
//! the web target. (Zip reading is the validator's: `cargo bench -p
//! coursepack-validate`.)
//!
//! `cargo bench -p coursepack-driver --bench build`

use coursepack_compile::compile_module;
use coursepack_driver::{BuildOptions, PackageContent, Target, ZipTime, assemble_package, build_package, write_zip};
use coursepack_source::load_module;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

/// Deterministic pseudo-random bytes (incompressible, like real photos).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

fn write_module(dir: &Path) {
    std::fs::create_dir_all(dir.join("media")).unwrap();
    let pages: Vec<String> = (1..=10).map(|i| format!("{i:02}-page-{i}.md")).collect();
    let list = pages.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(", ");
    std::fs::write(
        dir.join("module.toml"),
        format!("id = \"bench\"\ntitle = \"Bench\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"Benchmark module.\"\npages = [{list}]\n"),
    )
    .unwrap();
    for i in 0..4 {
        std::fs::write(dir.join(format!("media/photo-{i}.png")), noise(512 * 1024, 0x9E37_79B9_7F4A_7C15 + i)).unwrap();
    }
    for (i, page) in pages.iter().enumerate() {
        let mut text = format!("# Page {}\n\n", i + 1);
        for section in 0..6 {
            text.push_str(&format!(
                "## Section {section}\n\nLibraries hold **data** about members, loans and events. "
            ));
            text.push_str(
                "Good stewardship means collecting only what you need, keeping it safe and deleting it on time.\n\n",
            );
            text.push_str("- Collect the minimum\n- Keep it secure\n- Delete it on schedule\n\n");
            text.push_str("| Data | Lawful basis | Kept for |\n|---|---|---|\n| Address | Public task | Membership + 2 years |\n\n");
            text.push_str("> [!TIP]\n> Ask: do we really need this field?\n\n");
        }
        if i < 4 {
            text.push_str(&format!(
                "![A photograph of a library reading room, number {i}](media/photo-{i}.png \"Reading room {i}\")\n"
            ));
        }
        std::fs::write(dir.join(page), text).unwrap();
    }
}

fn benches(c: &mut Criterion) {
    let root = tempfile::tempdir().unwrap();
    let module_dir = root.path().join("bench");
    write_module(&module_dir);
    let out = root.path().join("out");
    let (parsed, problems) = load_module(&module_dir).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let parsed = parsed.unwrap();
    let (compiled, problems) = compile_module(&parsed);
    assert!(problems.is_empty(), "{problems:?}");

    c.bench_function("parse: load a 10-page module", |b| b.iter(|| black_box(load_module(&module_dir).unwrap())));
    c.bench_function("compile: 10 pages to HTML", |b| b.iter(|| black_box(compile_module(&parsed))));
    c.bench_function("render: player files for 10 pages", |b| {
        b.iter(|| {
            black_box(
                assemble_package(&PackageContent::Module(&compiled), Target::Web, &BuildOptions::default()).unwrap(),
            )
        })
    });
    let files = assemble_package(&PackageContent::Module(&compiled), Target::Web, &BuildOptions::default()).unwrap();
    let dest = root.path().join("zip-write").join("bench-web.zip");
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    c.bench_function("zip write: the web package's files (2 MB images stored, text deflated)", |b| {
        b.iter(|| write_zip(black_box(&files), &dest, ZipTime::EPOCH_1980).unwrap())
    });
    c.bench_function("build: 10 pages + 2 MB images to a web zip", |b| {
        b.iter(|| {
            let (parsed, _) = load_module(&module_dir).unwrap();
            let (compiled, _) = compile_module(&parsed.unwrap());
            black_box(
                build_package(
                    &PackageContent::Module(&compiled),
                    Target::Web,
                    &BuildOptions::default(),
                    &out,
                    ZipTime::EPOCH_1980,
                )
                .unwrap(),
            )
        })
    });
}

criterion_group!(build_benches, benches);
criterion_main!(build_benches);
