//! The preview's save-to-reload time: a page of a shipped module edited while
//! `coursepack preview` shows it in headless Chromium
//! (`xtask/bench-js/preview.mjs`, which uses the browser-test harness).

use super::Bench;
use super::report::PreviewResult;
use super::stats::Summary;
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};

/// The shipped module edited (a module of the course in `modules-src/`).
pub const MODULE: &str = "modules-src/digital-leadership-for-libraries/digital-leadership";
/// Its page that is edited (the first: the page the preview opens on).
pub const PAGE: &str = "01-welcome.md";

/// Edit the page `samples` times (after a warm-up) in the preview.
pub fn save_to_reload(bench: &Bench, samples: usize) -> Result<PreviewResult> {
    let module = bench.root.join(MODULE);
    if !module.join(PAGE).is_file() {
        bail!("{} is missing: the preview bench edits that shipped page", Path::new(MODULE).join(PAGE).display());
    }
    let config = serde_json::json!({ "bin": bench.cli, "module": module, "page": PAGE, "samples": samples });
    let config_path = bench.work.join("preview-config.json");
    std::fs::write(&config_path, config.to_string())?;
    eprintln!("bench: node xtask/bench-js/preview.mjs ({samples} edits of {MODULE}/{PAGE})");
    let output = Command::new("node")
        .arg(bench.root.join("xtask/bench-js/preview.mjs"))
        .arg(&config_path)
        .current_dir(&bench.root)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .context("cannot start node (scripts/install-test-deps.sh installs what the bench needs)")?;
    if !output.status.success() {
        bail!("xtask/bench-js/preview.mjs failed ({})", output.status);
    }
    let value: Value = serde_json::from_slice(&output.stdout).context("preview.mjs printed no JSON")?;
    parse(&value)
}

/// Turn `preview.mjs`'s raw samples into summaries.
pub fn parse(value: &Value) -> Result<PreviewResult> {
    let samples = |key: &str| -> Option<Summary> {
        let values: Vec<f64> = value[key].as_array()?.iter().filter_map(Value::as_f64).collect();
        Summary::of(&values)
    };
    Ok(PreviewResult {
        module: value["module"].as_str().context("preview.mjs: no `module`")?.to_string(),
        page: value["page"].as_str().unwrap_or("").to_string(),
        target: value["target"].as_str().unwrap_or("web").to_string(),
        save_to_reload_ms: samples("saveToReloadMs"),
        build_ms: samples("buildMs"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_samples() {
        let json = serde_json::json!({
            "module": "digital-leadership", "page": "01-welcome.md", "target": "web",
            "saveToReloadMs": [200.0, 100.0, 300.0], "buildMs": [10.0, 30.0, 20.0]
        });
        let r = parse(&json).unwrap();
        assert_eq!(
            (r.module.as_str(), r.page.as_str(), r.target.as_str()),
            ("digital-leadership", "01-welcome.md", "web")
        );
        assert_eq!(r.save_to_reload_ms.unwrap().median, 200.0);
        assert_eq!(r.build_ms.unwrap().median, 20.0);
        let none = parse(&serde_json::json!({ "module": "m", "saveToReloadMs": [] })).unwrap();
        assert!(none.save_to_reload_ms.is_none(), "no sample is no figure");
        assert!(parse(&serde_json::json!({})).is_err());
    }

    #[test]
    fn the_edited_page_is_shipped() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("repository root");
        assert!(root.join(MODULE).join(PAGE).is_file(), "{MODULE}/{PAGE}");
    }
}
