//! The player's size budget: player.js + player.css at most 25 KB gzipped
//! (flate2, level 9), measured on what `render` writes for the web target.

mod common;

use coursepack_render::{Runtime, render};
use std::io::Write;

/// 25 KB.
const BUDGET: usize = 25 * 1024;

fn gzip9(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap().len()
}

#[test]
fn player_js_and_css_fit_the_gzipped_budget() {
    let files = render(&common::module("en-GB"), Runtime::Web).unwrap();
    let js = common::file(&files, "player/player.js").as_bytes();
    let css = common::file(&files, "player/player.css").as_bytes();
    let (js_gz, css_gz) = (gzip9(js), gzip9(css));
    println!(
        "player.js {} B raw, {js_gz} B gzipped; player.css {} B raw, {css_gz} B gzipped; total {} B gzipped of {BUDGET}",
        js.len(),
        css.len(),
        js_gz + css_gz
    );
    assert!(js_gz + css_gz <= BUDGET, "player payload {} B gzipped is over the {BUDGET} B budget", js_gz + css_gz);
    // The measurement itself must be able to fail: incompressible bytes of
    // the budget's size do not fit.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: Vec<u8> = (0..=BUDGET)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    assert!(gzip9(&noise) > BUDGET);
}
