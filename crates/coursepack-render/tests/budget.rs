//! The player's size budget (issue 8): for every target, the player payload
//! of a package (each `.js` file concatenated, each `.css` file concatenated,
//! both gzipped at level 9 with flate2, as `cargo xtask bench` measures it)
//! is at most 25 KiB. Measured on the files the packaging crate puts in the
//! package, so the quiz plug-in and each target's adapter are counted.

mod common;

use coursepack_driver::{BuildOptions, FileContents, PackageContent, Target, assemble_package};
use std::io::Write;

/// 25 KiB.
const BUDGET: usize = 25 * 1024;

fn gzip9(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory").len()
}

/// One target's payload: (target, JS gzipped, CSS gzipped).
fn payloads(options: &BuildOptions) -> Vec<(Target, usize, usize)> {
    let module = common::module("en-GB");
    Target::ALL
        .iter()
        .map(|&target| {
            let files = assemble_package(&PackageContent::Module(&module), target, options).unwrap();
            let (mut js, mut css) = (Vec::new(), Vec::new());
            for file in &files {
                let into = if std::path::Path::new(&file.path).extension().is_some_and(|e| e.eq_ignore_ascii_case("js"))
                {
                    &mut js
                } else if std::path::Path::new(&file.path).extension().is_some_and(|e| e.eq_ignore_ascii_case("css")) {
                    &mut css
                } else {
                    continue;
                };
                match &file.contents {
                    FileContents::Bytes(bytes) => into.extend_from_slice(bytes),
                    FileContents::Disk(path) => {
                        panic!("{target}: {} is copied from disk, not the player", path.display())
                    }
                }
            }
            assert!(!js.is_empty() && !css.is_empty(), "{target}: no player.js or player.css");
            (target, gzip9(&js), gzip9(&css))
        })
        .collect()
}

/// The targets over the budget, each with its total, printing every one.
fn over_budget(payloads: &[(Target, usize, usize)]) -> Vec<String> {
    let mut over = Vec::new();
    for &(target, js, css) in payloads {
        let total = js + css;
        println!("{target}: JS {js} B + CSS {css} B = {total} B gzipped of {BUDGET}");
        if total > BUDGET {
            over.push(format!("{target} {total} B"));
        }
    }
    over
}

#[test]
fn every_target_ships_a_player_within_the_gzipped_budget() {
    let over = over_budget(&payloads(&BuildOptions::default()));
    assert!(over.is_empty(), "player payload over the {BUDGET} B budget: {}", over.join(", "));
}

#[test]
fn the_budget_check_fails_on_the_unminified_player() {
    // `--no-minify` ships the commented sources: the xAPI and cmi5 players
    // (the largest adapters) are then over, and the check must say so.
    let readable = BuildOptions { readable_player: true, ..BuildOptions::default() };
    let over = over_budget(&payloads(&readable));
    assert!(over.iter().any(|t| t.starts_with("xapi ")), "{over:?}");
    assert!(over.iter().any(|t| t.starts_with("cmi5 ")), "{over:?}");
}
