//! Renders a 10-page module to the web target and reports the player's
//! payload size, raw and gzipped (the budget is 25 KB gzipped).

use coursepack_render::{Target, render};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::Write;

#[path = "../tests/common/mod.rs"]
mod common;

fn gzip(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    enc.write_all(bytes).expect("in-memory write");
    enc.finish().expect("in-memory gzip").len()
}

fn bench_render(c: &mut Criterion) {
    let module = common::module_with_pages(10);
    let files = render(&module, Target::Web).expect("fixture renders");
    let mut payload = Vec::new();
    for f in files.iter().filter(|f| f.path.starts_with("player/")) {
        payload.extend_from_slice(&f.bytes);
    }
    let html = common::file(&files, "index.html");
    println!(
        "player payload (player.js + player.css): {} bytes raw, {} bytes gzipped; index.html {} bytes raw, {} gzipped",
        payload.len(),
        gzip(&payload),
        html.len(),
        gzip(html.as_bytes())
    );
    c.bench_function("render web, 10 pages", |b| b.iter(|| render(black_box(&module), Target::Web).expect("renders")));
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
