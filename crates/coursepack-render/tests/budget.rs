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
    let mut module = common::module("en-GB");
    // As a module with questions: the quiz widgets ship with it.
    module.widgets = vec![coursepack_compile::Widget::Quiz];
    payloads_of(&module, options)
}

/// The payload of `module` for each target.
fn payloads_of(module: &coursepack_compile::CompiledModule, options: &BuildOptions) -> Vec<(Target, usize, usize)> {
    Target::ALL
        .iter()
        .map(|&target| {
            let files = assemble_package(&PackageContent::Module(module), target, options).unwrap();
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
                    FileContents::Shared(bytes) => into.extend_from_slice(bytes),
                    FileContents::Deflated(deflated) => into.extend_from_slice(&deflated.inflate().unwrap()),
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

/// Every module folder under `modules-src`.
fn shipped_modules() -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../modules-src")];
    while let Some(dir) = stack.pop() {
        if dir.join("module.toml").is_file() {
            found.push(dir);
            continue;
        }
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_shipped_module_with_its_blocks_ships_a_player_within_the_budget() {
    let modules = shipped_modules();
    assert!(modules.len() >= 8, "{modules:?}");
    let mut over = Vec::new();
    for dir in modules {
        let (parsed, _) = coursepack_source::load_module(&dir).unwrap();
        let (module, diagnostics) = coursepack_compile::compile_module(&parsed.unwrap());
        assert!(diagnostics.iter().all(|d| d.severity != coursepack_diagnostics::Severity::Error), "{diagnostics:?}");
        println!("{} ({:?}):", module.meta.id, module.widgets);
        over.extend(
            over_budget(&payloads_of(&module, &BuildOptions::default()))
                .into_iter()
                .map(|t| format!("{}: {t}", module.meta.id)),
        );
    }
    assert!(over.is_empty(), "player payload over the {BUDGET} B budget: {}", over.join(", "));
}
