//! `coursepack preview`: a live authoring preview inside a local LMS that
//! shows what an LMS records.
//!
//! [`start`] binds a local HTTP server (127.0.0.1 unless told otherwise)
//! that serves one page: the package in a frame, inside a local LMS, with an
//! inspector beside it. What it serves comes from one of two places:
//!
//! - **a module or course folder** ([`Input::Source`]): built in memory through
//!   `coursepack-driver` (the same `Project::load` → `plan` → `Plan::build`
//!   as `coursepack build`, with `Output::Files`), rebuilt when a file under
//!   the folder changes (notify, debounced: [`watch`]). A build with errors
//!   keeps the last good one playable and sends its located diagnostics to
//!   the page (an overlay) and to the [`Event`] callback (the terminal);
//! - **a package** ([`Input::Package`]: any vendor's SCORM, xAPI or cmi5 zip or
//!   folder): validated first by `coursepack-validate`, served only when its
//!   container is safe, and read in place through the validator's zip reader.
//!
//! The local LMS:
//! - SCORM 1.2 `API` and 2004 `API_1484_11`: `assets/scorm-api.js`, written
//!   for this project, strict about the data model (types, vocabularies,
//!   lengths, read-only and write-only elements, the 4,096-character 1.2
//!   `suspend_data`, call order) with SCORM's error codes. It runs in the
//!   page (SCORM calls are synchronous); the server keeps what each commit
//!   stores, so a relaunch resumes.
//! - an LRS ([`lrs`]): statements, state, agent and activity profiles, the
//!   alternate request syntax, and the cmi5 launch sequence, checking every
//!   statement against xAPI 1.0.3 and the cmi5 rules.
//!
//! Nothing is written to disk. The page and its scripts are embedded in the
//! binary ([`assets`]).

pub mod assets;
pub mod events;
pub mod http;
pub mod launch;
pub mod lrs;
pub mod package;
pub mod server;
pub mod source;
pub mod watch;

pub use source::{Input, Settings};

use coursepack_diagnostics::{ColorChoice, render_human};
use coursepack_driver::{Diagnostic, Severity, SourceFile};
use serde_json::{Value, json};
use server::{Shared, Site};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;

/// Why the preview cannot run.
#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    /// Reading failed.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The driver could not load the folder.
    #[error(transparent)]
    Driver(#[from] coursepack_driver::DriverError),
    /// Something is not served, and why.
    #[error("{0}")]
    Refused(String),
    /// The server could not listen.
    #[error("cannot listen on {addr}: {message}")]
    Bind {
        /// The address.
        addr: String,
        /// Why.
        message: String,
    },
    /// The folder cannot be watched.
    #[error("cannot watch the folder for changes: {0}")]
    Watch(String),
}

impl PreviewError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        PreviewError::Io { path: path.display().to_string(), source }
    }
}

/// What `coursepack preview` was asked for.
#[derive(Clone, Debug)]
pub struct Options {
    /// The module or course folder, or the package.
    pub input: PathBuf,
    /// The target and LMS profile to build for (source mode).
    pub settings: Settings,
    /// The address to listen on (127.0.0.1 by default).
    pub host: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
}

/// What the preview tells its front end (the CLI prints these).
#[derive(Debug)]
pub enum Event {
    /// A build finished (source mode): its problems, and whether it is served.
    Built {
        /// Every problem found.
        diagnostics: Vec<Diagnostic>,
        /// The files they point into.
        files: Vec<SourceFile>,
        /// True when the build is served; false when it had errors and the
        /// last good build stays.
        served: bool,
        /// How long it took, in milliseconds.
        ms: u128,
    },
    /// A build could not run at all (the folder is gone, unreadable).
    Failed(String),
    /// The validator's report on a third-party package.
    Validated(Box<coursepack_validate::PackageReport>),
}

/// A running preview.
pub struct Preview {
    url: String,
    server: Arc<tiny_http::Server>,
    shared: Arc<Shared>,
    _watcher: Option<watch::Watcher>,
}

impl Preview {
    /// The page's URL (`http://127.0.0.1:port/`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Serve until the process ends.
    pub fn run(self) {
        server::serve(&self.server, &self.shared);
    }
}

/// True for addresses only this machine can reach.
pub fn is_loopback(host: IpAddr) -> bool {
    host.is_loopback()
}

/// Load or build the input, bind the server and start watching; `report` is
/// called for every build and for the validator's report. Serving starts
/// with [`Preview::run`].
pub fn start(options: &Options, report: Arc<dyn Fn(Event) + Send + Sync>) -> Result<Preview, PreviewError> {
    let input = Input::detect(&options.input)?;
    let addr = SocketAddr::new(options.host, options.port);
    let server = tiny_http::Server::http(addr)
        .map_err(|e| PreviewError::Bind { addr: addr.to_string(), message: e.to_string() })?;
    let port = server.server_addr().to_ip().map_or(options.port, |a| a.port());
    let host = match options.host {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    };
    let origin = format!("http://{host}:{port}");
    let mut hosts = vec![format!("{host}:{port}")];
    if options.host.is_loopback() || options.host.is_unspecified() {
        hosts.extend([format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")]);
    }
    let site = Site {
        generation: 0,
        mode: if matches!(input, Input::Source(_)) { "source" } else { "package" },
        input: options.input.display().to_string(),
        packages: Vec::new(),
        build: json!({ "ok": true, "errors": 0, "warnings": 0, "text": "", "diagnostics": [] }),
        findings: None,
    };
    let shared = Arc::new(Shared::new(origin.clone(), hosts, site, options.settings));
    let mut watcher = None;
    match input {
        Input::Source(dir) => {
            let built = source::build(&dir, options.settings)?;
            apply(&shared, built, report.as_ref());
            let (tx, rx) = mpsc::channel::<()>();
            *shared.rebuild.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(tx.clone());
            watcher = Some(watch::watch(&dir, tx)?);
            let builder = Arc::clone(&shared);
            std::thread::spawn(move || rebuild_loop(&dir, &rx, &builder, report.as_ref()));
        }
        Input::Package(path) => {
            let opened = source::open_package(&path)?;
            let findings = findings_json(&opened.report, opened.refused.as_deref());
            {
                let mut site = shared.site.write().unwrap_or_else(std::sync::PoisonError::into_inner);
                site.findings = Some(findings);
                site.generation = 1;
                if let Some(package) = opened.package {
                    site.packages.push(package);
                }
            }
            report(Event::Validated(Box::new(opened.report)));
            if let Some(why) = opened.refused {
                report(Event::Failed(why));
            }
        }
    }
    Ok(Preview { url: format!("{origin}/"), server: Arc::new(server), shared, _watcher: watcher })
}

fn rebuild_loop(dir: &Path, changes: &mpsc::Receiver<()>, shared: &Shared, report: &(dyn Fn(Event) + Send + Sync)) {
    while changes.recv().is_ok() {
        // a burst of changes (or a settings change during a build) is one rebuild
        while changes.try_recv().is_ok() {}
        let settings = *shared.settings.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match source::build(dir, settings) {
            Ok(built) => apply(shared, built, report),
            Err(e) => {
                let message = e.to_string();
                {
                    let mut site = shared.site.write().unwrap_or_else(std::sync::PoisonError::into_inner);
                    site.build = json!({ "ok": false, "errors": 1, "warnings": 0, "text": message, "diagnostics": [] });
                }
                shared.hub.publish("build", json!({ "ok": false, "text": message }));
                report(Event::Failed(message));
            }
        }
    }
}

/// Serve a build: a good one replaces what is served; one with errors only
/// replaces the diagnostics (the last good build stays playable).
fn apply(shared: &Shared, built: source::Built, report: &(dyn Fn(Event) + Send + Sync)) {
    let text = render_human(&built.diagnostics, &built.files, ColorChoice::Never);
    let errors = built.count(Severity::Error);
    let warnings = built.count(Severity::Warning);
    let ms = built.duration.as_millis();
    let diagnostics: Vec<Value> = built.diagnostics.iter().map(diagnostic_json).collect();
    let served = built.packages.is_some();
    let status = json!({ "ok": served, "errors": errors, "warnings": warnings, "text": text, "diagnostics": diagnostics, "ms": ms });
    let generation = {
        let mut site = shared.site.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(packages) = built.packages {
            site.packages = packages;
            site.generation += 1;
        }
        site.build = status.clone();
        site.generation
    };
    let mut event = status;
    event["generation"] = json!(generation);
    shared.hub.publish("build", event);
    report(Event::Built { diagnostics: built.diagnostics, files: built.files, served, ms });
}

fn diagnostic_json(d: &Diagnostic) -> Value {
    json!({
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning", _ => "note" },
        "code": d.code,
        "message": d.message,
        "hint": d.hint,
        "location": d.location.as_ref().map(|l| json!({ "file": l.file, "line": l.line, "column": l.column })),
    })
}

fn findings_json(report: &coursepack_validate::PackageReport, refused: Option<&str>) -> Value {
    json!({
        "standard": report.standard.map(|s| s.to_string()),
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "text": coursepack_validate::render_human(std::slice::from_ref(report), ColorChoice::Never),
        "diagnostics": report.diagnostics.iter().map(diagnostic_json).collect::<Vec<_>>(),
        "refused": refused,
    })
}
