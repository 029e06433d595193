//! Peer tools from the registries, measured next to coursepack: npm
//! `simple-scorm-packager` (pinned in `xtask/bench-js/package.json`) packing
//! the built web folder of the small module into SCORM 1.2 and 2004, through
//! `xtask/bench-js/peer.mjs`.

use super::Bench;
use super::build_bench::{path_str, summary_ms};
use super::report::{PeerResult, Reproducible, median_ratio};
use super::stats::Summary;
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

/// What the peer did for one SCORM version.
#[derive(Clone, Debug, PartialEq)]
pub struct PeerRuns {
    /// The target (scorm12, scorm2004).
    pub target: String,
    /// Time of each run, ms.
    pub ms: Vec<f64>,
    /// Size of the last run's package.
    pub bytes: u64,
    /// Whether the first and last runs gave identical bytes.
    pub identical: bool,
}

/// Parse `peer.mjs`'s output: the tool's name and version, and its runs.
pub fn parse_peer(value: &Value) -> Result<(String, Vec<PeerRuns>)> {
    let tool = format!(
        "{} {}",
        value["tool"].as_str().context("peer.mjs: no `tool`")?,
        value["version"].as_str().context("peer.mjs: no `version`")?
    );
    let mut runs = Vec::new();
    for r in value["results"].as_array().context("peer.mjs: no `results`")? {
        runs.push(PeerRuns {
            target: r["scorm"].as_str().context("peer.mjs: a result without `scorm`")?.to_string(),
            ms: r["ms"].as_array().context("peer.mjs: no `ms`")?.iter().filter_map(Value::as_f64).collect(),
            bytes: r["bytes"]
                .as_array()
                .and_then(|b| b.last())
                .and_then(Value::as_u64)
                .context("peer.mjs: no `bytes`")?,
            identical: r["identical"].as_bool().context("peer.mjs: no `identical`")?,
        });
    }
    Ok((tool, runs))
}

/// Run the peer on `web_dir` (the small module's unpacked web package) and
/// build `module` with coursepack for the same targets, `runs` times each.
pub fn simple_scorm_packager(
    bench: &Bench,
    module: &Path,
    web_dir: &Path,
    runs: usize,
) -> Result<(Vec<PeerResult>, Vec<Reproducible>, String)> {
    let work = bench.work.join("peer");
    fs::create_dir_all(&work)?;
    let config = serde_json::json!({
        "source": web_dir,
        "work": work,
        "runs": runs,
        "title": "Benchmark module",
        "identifier": "bench-small",
    });
    let config_path = bench.work.join("peer-config.json");
    fs::write(&config_path, config.to_string())?;
    eprintln!("bench: node xtask/bench-js/peer.mjs (simple-scorm-packager, {runs} runs per SCORM version)");
    let output = Command::new("node")
        .arg(bench.root.join("xtask/bench-js/peer.mjs"))
        .arg(&config_path)
        .current_dir(&bench.root)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .context("cannot start node")?;
    if !output.status.success() {
        bail!(
            "xtask/bench-js/peer.mjs failed ({}): is simple-scorm-packager installed? (scripts/install-test-deps.sh --bench)",
            output.status
        );
    }
    let value: Value = serde_json::from_slice(&output.stdout).context("peer.mjs printed no JSON")?;
    let (tool, peer_runs) = parse_peer(&value)?;
    fs::remove_dir_all(&work).ok();

    let mut results = Vec::new();
    let mut repro = Vec::new();
    for peer in peer_runs {
        if !bench.targets.contains(&peer.target) {
            continue;
        }
        let out = bench.work.join("out").join(format!("peer-{}", peer.target));
        let mut cp_runs = Vec::new();
        let mut cp_bytes = 0;
        for _ in 0..runs {
            super::build_bench::empty_dir(&out)?;
            let run = bench.meter.run_ok(
                &bench.cli,
                &["build", path_str(module)?, "--target", &peer.target, "--out", path_str(&out)?],
                &bench.root,
                &[],
            )?;
            cp_bytes = fs::metadata(super::build_bench::single_path(&run.stdout, &bench.root)?)?.len();
            cp_runs.push(run);
        }
        fs::remove_dir_all(&out).ok();
        let peer_ms = Summary::of(&peer.ms).context("peer.mjs gave no times")?;
        let coursepack_ms = summary_ms(&cp_runs)?;
        repro.push(Reproducible { tool: tool.clone(), target: peer.target.clone(), identical: peer.identical });
        results.push(PeerResult {
            tool: tool.clone(),
            target: peer.target,
            ratio: median_ratio(&coursepack_ms, &peer_ms),
            peer_ms,
            peer_bytes: peer.bytes,
            peer_identical: peer.identical,
            coursepack_ms,
            coursepack_bytes: cp_bytes,
        });
    }
    Ok((results, repro, tool))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_peer_output() {
        let json = serde_json::json!({
            "tool": "simple-scorm-packager", "version": "0.2.7",
            "results": [
                { "scorm": "scorm12", "ms": [240.0, 230.5], "bytes": [2100000, 2100001], "sha256": ["a", "b"], "identical": false },
                { "scorm": "scorm2004", "ms": [250.0], "bytes": [2200000], "sha256": ["c"], "identical": true }
            ]
        });
        let (tool, runs) = parse_peer(&json).unwrap();
        assert_eq!(tool, "simple-scorm-packager 0.2.7");
        assert_eq!(
            runs[0],
            PeerRuns { target: "scorm12".into(), ms: vec![240.0, 230.5], bytes: 2_100_001, identical: false }
        );
        assert!(runs[1].identical);
        assert!(parse_peer(&serde_json::json!({ "tool": "x" })).is_err());
    }
}
