//! Runtime benchmarks: the player's JS and CSS per target, and the packages
//! in headless Chromium (`xtask/bench-js/runtime.mjs`, which uses the
//! browser-test harness in `tests/e2e/lib`).

use super::Bench;
use super::build_bench::{empty_dir, path_str};
use super::report::{BrowserResult, LmsCalls, Payload, PayloadFile};
use super::stats::Summary;
use anyhow::{Context, Result, bail, ensure};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One target's package, unzipped.
#[derive(Clone, Debug)]
pub struct Unpacked {
    /// The target.
    pub target: String,
    /// The folder it was extracted to.
    pub dir: PathBuf,
}

/// Build `module` for every target and extract each package under `into`.
pub fn unpack_all(bench: &Bench, module: &Path, into: &Path) -> Result<Vec<Unpacked>> {
    let zips = into.join("zips");
    empty_dir(&zips)?;
    let mut unpacked = Vec::new();
    for target in &bench.targets {
        let run = bench.meter.run_ok(
            &bench.cli,
            &["build", path_str(module)?, "--target", target, "--out", path_str(&zips)?],
            &bench.root,
            &[],
        )?;
        let zip = super::build_bench::single_path(&run.stdout, &bench.root)?;
        let dir = into.join(target);
        empty_dir(&dir)?;
        bench.meter.run_ok(
            Path::new("/usr/bin/unzip"),
            &["-q", "-o", path_str(&zip)?, "-d", path_str(&dir)?],
            &bench.root,
            &[],
        )?;
        unpacked.push(Unpacked { target: target.clone(), dir });
    }
    Ok(unpacked)
}

/// Gzip at level 9 (as the render crate's budget test), returning the size.
pub fn gzip_len(bytes: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    enc.write_all(bytes).expect("writing to memory cannot fail");
    enc.finish().expect("writing to memory cannot fail").len() as u64
}

/// Every `.js` and `.css` file of an unpacked package (the player and its
/// adapter; module assets are media), sorted by path.
pub fn payload(target: &str, dir: &Path) -> Result<Payload> {
    let mut found = Vec::new();
    collect(dir, dir, &mut found)?;
    found.sort();
    let (mut js, mut css) = (Vec::new(), Vec::new());
    let mut files = Vec::new();
    for (rel, path) in found {
        let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        files.push(PayloadFile { path: rel.clone(), raw: bytes.len() as u64, gzip: gzip_len(&bytes) });
        if std::path::Path::new(&rel).extension().is_some_and(|e| e.eq_ignore_ascii_case("js")) {
            &mut js
        } else {
            &mut css
        }
        .extend_from_slice(&bytes);
    }
    ensure!(!files.is_empty(), "the {target} package has no JS or CSS");
    Ok(Payload {
        target: target.into(),
        files,
        js_raw: js.len() as u64,
        css_raw: css.len() as u64,
        total_gzip: gzip_len(&js) + gzip_len(&css),
    })
}

fn collect(root: &Path, dir: &Path, found: &mut Vec<(String, PathBuf)>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, found)?;
        } else if path.extension().is_some_and(|e| e == "js" || e == "css") {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            found.push((rel, path));
        }
    }
    Ok(())
}

/// Run `runtime.mjs` on the unpacked packages with `samples` samples each.
/// Returns the results and Chromium's version.
pub fn browser(bench: &Bench, packages: &[Unpacked], samples: usize) -> Result<(Vec<BrowserResult>, String)> {
    let config = serde_json::json!({
        "samples": samples,
        "packages": packages.iter().map(|p| serde_json::json!({ "target": p.target, "dir": p.dir })).collect::<Vec<_>>(),
    });
    let config_path = bench.work.join("runtime-config.json");
    fs::write(&config_path, config.to_string())?;
    eprintln!("bench: node xtask/bench-js/runtime.mjs ({} targets, {samples} samples each)", packages.len());
    let output = Command::new("node")
        .arg(bench.root.join("xtask/bench-js/runtime.mjs"))
        .arg(&config_path)
        .current_dir(&bench.root)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .context("cannot start node (scripts/install-test-deps.sh installs what the bench needs)")?;
    if !output.status.success() {
        bail!("xtask/bench-js/runtime.mjs failed ({})", output.status);
    }
    let value: Value = serde_json::from_slice(&output.stdout).context("runtime.mjs printed no JSON")?;
    parse_browser(&value)
}

/// Turn `runtime.mjs`'s raw samples into summaries.
pub fn parse_browser(value: &Value) -> Result<(Vec<BrowserResult>, String)> {
    let chromium = value["chromium"].as_str().unwrap_or("unknown").to_string();
    let packages = value["packages"].as_array().context("runtime.mjs: no `packages`")?;
    let mut results = Vec::new();
    for p in packages {
        let target = p["target"].as_str().context("runtime.mjs: a package without `target`")?.to_string();
        let samples = |key: &str| -> Option<Summary> {
            let values: Vec<f64> = p[key].as_array()?.iter().filter_map(Value::as_f64).collect();
            Summary::of(&values)
        };
        let lms = &p["lms"];
        let lms = lms["api"].as_str().map(|api| LmsCalls {
            api: api.to_string(),
            commits: lms["commits"].as_u64().unwrap_or(0),
            set_values: lms["setValues"].as_u64(),
            statements: lms["statements"].as_u64(),
            calls: lms["calls"].as_u64().unwrap_or(0),
            detail: lms["detail"]
                .as_object()
                .map(|o| o.iter().filter_map(|(k, v)| Some((k.clone(), v.as_u64()?))).collect())
                .unwrap_or_else(BTreeMap::new),
            answered: lms["answered"].as_u64().unwrap_or(0),
        });
        results.push(BrowserResult {
            target,
            launch: p["launch"].as_str().unwrap_or("").to_string(),
            first_render_ms: samples("firstRenderMs"),
            static_page_ms: samples("staticMs"),
            empty_page_ms: samples("emptyMs"),
            ready_ms: samples("readyMs"),
            navigation_ms: samples("navigationMs"),
            lms,
            notices: p["notices"]
                .as_array()
                .map(|a| a.iter().filter_map(|n| n.as_str().map(String::from)).collect())
                .unwrap_or_default(),
        });
    }
    Ok((results, chromium))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_counts_every_js_and_css_file() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-payload-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("player")).unwrap();
        fs::create_dir_all(dir.join("media")).unwrap();
        fs::write(dir.join("player/player.js"), "var a = 1;\n".repeat(100)).unwrap();
        fs::write(dir.join("player/player.css"), "p { margin: 0 }\n".repeat(50)).unwrap();
        fs::write(dir.join("media/photo.jpg"), [0u8; 500]).unwrap();
        fs::write(dir.join("index.html"), "<!doctype html>").unwrap();
        let p = payload("web", &dir).unwrap();
        assert_eq!(
            p.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
            ["player/player.css", "player/player.js"]
        );
        assert_eq!((p.js_raw, p.css_raw), (1100, 800));
        assert!(p.total_gzip < 200, "repetitive text compresses: {}", p.total_gzip);
        assert!(p.files.iter().all(|f| f.gzip < f.raw));
        // One JS and one CSS file: the total is their two gzipped sizes.
        assert_eq!(p.total_gzip, p.files.iter().map(|f| f.gzip).sum::<u64>());
        fs::remove_dir_all(&dir).unwrap();
        assert!(payload("web", &dir).is_err());
    }

    #[test]
    fn gzip_of_nothing_is_just_the_header_and_trailer() {
        assert_eq!(gzip_len(b""), 20);
    }

    #[test]
    fn parses_runtime_samples() {
        let json = serde_json::json!({
            "chromium": "156.0",
            "packages": [
                { "target": "web", "launch": "index.html", "firstRenderMs": [30.0, 10.0, 20.0], "readyMs": [12.0, null], "navigationMs": [5.0],
                  "staticMs": [8.0, 9.0, 7.0], "emptyMs": [4.0],
                  "lms": { "api": null, "commits": null, "calls": 0, "detail": {}, "answered": 3 }, "notices": [] },
                { "target": "scorm12", "launch": "LMS page", "firstRenderMs": [40.0], "readyMs": [], "navigationMs": [6.0, 8.0],
                  "lms": { "api": "SCORM 1.2 API (scorm-again)", "commits": 4, "setValues": 30, "calls": 50,
                           "detail": { "LMSCommit": 4, "LMSSetValue": 30 }, "answered": 3 }, "notices": ["No LMS"] }
            ]
        });
        let (results, chromium) = parse_browser(&json).unwrap();
        assert_eq!(chromium, "156.0");
        assert_eq!(results[0].first_render_ms.as_ref().unwrap().median, 20.0);
        assert_eq!(results[0].static_page_ms.as_ref().unwrap().median, 8.0);
        assert_eq!(results[0].empty_page_ms.as_ref().unwrap().median, 4.0);
        assert!(results[1].static_page_ms.is_none(), "no baseline samples, no baseline");
        assert_eq!(results[0].ready_ms.as_ref().unwrap().n, 1, "a missing sample is left out");
        assert!(results[0].lms.is_none(), "web has no LMS API");
        assert!(results[1].ready_ms.is_none());
        let lms = results[1].lms.as_ref().unwrap();
        assert_eq!((lms.commits, lms.set_values, lms.statements), (4, Some(30), None));
        assert_eq!(lms.detail["LMSCommit"], 4);
        assert_eq!(results[1].notices, ["No LMS"]);
        assert!(parse_browser(&serde_json::json!({})).is_err());
    }
}
