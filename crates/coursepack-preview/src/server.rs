//! The HTTP side: one origin serving the preview page and its scripts, the
//! package under `/content/<n>/`, the LRS under `/lrs/`, and the preview's
//! own API under `/_preview/api/`.
//!
//! Safety: nothing but the built package's files (or the safe entries of a
//! third-party package) and the embedded assets is ever served; request
//! paths are decoded and confined ([`crate::http::clean_path`]) and looked
//! up by exact name, never joined to a folder; the `Host` header must name
//! this server (a web page cannot reach it through a DNS name it controls);
//! requests that change something must come from this origin; bodies and
//! concurrent requests are bounded.

use crate::assets;
use crate::events::Hub;
use crate::http::{Reply, Request, clean_path, mime_type, parse_form};
use crate::lrs::{Cmi5Launch, Lrs, LrsMode};
use crate::package::{Kind, Package};
use crate::source::Settings;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// The largest request body read (statements with many results, state documents).
const MAX_BODY: u64 = 32 * 1024 * 1024;
/// The most requests handled at once (long polls included).
const MAX_ACTIVE: usize = 256;
/// How long a long poll for events waits.
const POLL_WAIT: Duration = Duration::from_secs(20);

/// The learner the local LMS launches.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Learner {
    /// SCORM `student_id` / `learner_id`, and the xAPI account name.
    pub id: String,
    /// SCORM `student_name` / `learner_name` ("Last, First").
    pub name: String,
    /// The xAPI/cmi5 registration of the current attempt.
    pub registration: String,
}

impl Learner {
    fn new() -> Learner {
        Learner {
            id: "preview-learner".into(),
            name: "Learner, Preview".into(),
            registration: uuid::Uuid::new_v4().to_string(),
        }
    }
}

/// The LMS quirk switches of the inspector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Quirks {
    /// Moodle's iframe policy: the package's pages may not run `unload` handlers
    /// (`Permissions-Policy: unload=()`), so a package that saves only there loses its data.
    pub block_unload: bool,
    /// An LMS that never sets `cmi.core.lesson_mode` / `cmi.mode` (reads give "").
    pub no_lesson_mode: bool,
    /// The LRS's behaviour.
    pub lrs: LrsMode,
}

/// What is served now.
pub struct Site {
    /// Counts builds (the page reloads the package when it changes).
    pub generation: u64,
    /// `source` (a module or course, rebuilt on change) or `package` (a third-party package).
    pub mode: &'static str,
    /// The path given on the command line, for the page's title.
    pub input: String,
    /// The packages of the last good build.
    pub packages: Vec<Package>,
    /// The last build: `{ ok, errors, warnings, text, diagnostics, ms }`.
    pub build: Value,
    /// The validator's findings of a third-party package.
    pub findings: Option<Value>,
}

/// Everything the request handlers share.
pub struct Shared {
    /// `http://host:port`.
    pub origin: String,
    /// The `Host` header values accepted.
    pub hosts: Vec<String>,
    /// What is served.
    pub site: RwLock<Site>,
    /// The events.
    pub hub: Hub,
    /// The LRS.
    pub lrs: Mutex<Lrs>,
    /// What the SCORM LMS holds per (package, SCO): the run-time data of the
    /// attempt, written by the page on every commit and finish.
    pub scorm: Mutex<BTreeMap<String, Value>>,
    /// The learner.
    pub learner: Mutex<Learner>,
    /// Build settings (source mode).
    pub settings: Mutex<Settings>,
    /// The quirk switches.
    pub quirks: Mutex<Quirks>,
    /// Asks the builder to rebuild (source mode).
    pub rebuild: Mutex<Option<Sender<()>>>,
    active: AtomicUsize,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    /// A new shared state for a server at `origin`, accepting `hosts`.
    pub fn new(origin: String, hosts: Vec<String>, site: Site, settings: Settings) -> Shared {
        let auth = format!("Basic {}", base64(format!("preview:{}", uuid::Uuid::new_v4().simple()).as_bytes()));
        let lrs = Lrs::new(auth, &origin);
        Shared {
            origin,
            hosts,
            site: RwLock::new(site),
            hub: Hub::default(),
            lrs: Mutex::new(lrs),
            scorm: Mutex::new(BTreeMap::new()),
            learner: Mutex::new(Learner::new()),
            settings: Mutex::new(settings),
            quirks: Mutex::new(Quirks::default()),
            rebuild: Mutex::new(None),
            active: AtomicUsize::new(0),
        }
    }

    fn actor(&self) -> Value {
        let learner = lock(&self.learner);
        json!({ "objectType": "Agent", "name": "Preview Learner", "account": { "homePage": format!("{}/", self.origin), "name": learner.id } })
    }
}

/// Serve requests from `server` until it fails; one thread per request.
pub fn serve(server: &tiny_http::Server, shared: &Arc<Shared>) {
    for request in server.incoming_requests() {
        if shared.active.load(Ordering::SeqCst) >= MAX_ACTIVE {
            let _ = request.respond(tiny_http::Response::from_string("busy").with_status_code(503));
            continue;
        }
        shared.active.fetch_add(1, Ordering::SeqCst);
        let shared = Arc::clone(shared);
        std::thread::spawn(move || {
            handle(request, &shared);
            shared.active.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

fn handle(mut request: tiny_http::Request, shared: &Shared) {
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|h| (h.field.as_str().as_str().to_ascii_lowercase(), h.value.as_str().to_string()))
        .collect();
    let url = request.url().to_string();
    let method = request.method().as_str().to_ascii_uppercase();
    let mut body = Vec::new();
    let too_big = request.body_length().is_some_and(|n| n as u64 > MAX_BODY)
        || request.as_reader().take(MAX_BODY + 1).read_to_end(&mut body).is_err()
        || body.len() as u64 > MAX_BODY;
    let reply = if too_big {
        Reply::error(413, "the request body is too large")
    } else {
        let raw_path = url.split('?').next().unwrap_or("");
        let query = url.split_once('?').map(|(_, q)| parse_form(q.split('#').next().unwrap_or(""))).unwrap_or_default();
        match clean_path(raw_path) {
            None => Reply::error(400, "this path is not allowed"),
            Some(path) => {
                let req = Request { method, path, query, headers, body };
                route(&req, shared)
            }
        }
    };
    respond(request, reply);
}

fn respond(request: tiny_http::Request, reply: Reply) {
    if let Some(delay) = reply.delay {
        std::thread::sleep(delay);
    }
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    let mut headers = reply.headers;
    headers.push(("Cache-Control".into(), "no-store".into()));
    headers.push(("X-Content-Type-Options".into(), "nosniff".into()));
    headers.push(("Referrer-Policy".into(), "same-origin".into()));
    for (name, value) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    let _ = request.respond(response);
}

/// Answer one request (no socket: the tests call this directly).
pub fn route(req: &Request, shared: &Shared) -> Reply {
    if !req.header("host").is_some_and(|h| shared.hosts.iter().any(|a| a.eq_ignore_ascii_case(h))) {
        return Reply::error(421, "this server answers only to its own address (Host header)");
    }
    let changes = !matches!(req.method.as_str(), "GET" | "HEAD" | "OPTIONS");
    if changes && req.header("origin").is_some_and(|o| o != shared.origin && o != "null") {
        return Reply::error(403, "requests that change something must come from the preview's own pages");
    }
    let path = req.path.as_str();
    let (first, rest) = path.split_once('/').unwrap_or((path, ""));
    match (req.method.as_str(), first) {
        ("GET" | "HEAD", "") => shell_page(),
        ("GET" | "HEAD", "favicon.ico") => Reply::empty(204),
        ("GET" | "HEAD", "_preview") if rest.starts_with("assets/") => asset(&rest["assets/".len()..]),
        (_, "_preview") if rest.starts_with("api/") => api(req, &rest["api/".len()..], shared),
        (_, "_preview") if rest.starts_with("cmi5/fetch/") => {
            let id = &rest["cmi5/fetch/".len()..];
            let (reply, log) = lock(&shared.lrs).fetch(&req.method, id);
            shared.hub.publish("log", json!({ "source": "lrs", "entry": log }));
            reply
        }
        ("GET", "_preview") if rest.starts_with("returned/") => {
            let session = &rest["returned/".len()..];
            shared.hub.publish("returned", json!({ "session": session }));
            Reply::new(200, "text/html; charset=utf-8", assets::RETURNED_PAGE)
                .with("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        }
        (_, "lrs") => {
            let (reply, mut log) = lock(&shared.lrs).handle(rest, req);
            let stored = std::mem::take(&mut log.stored);
            shared.hub.publish("log", json!({ "source": "lrs", "entry": log, "statements": stored }));
            reply
        }
        ("GET" | "HEAD", "content") => content(req, rest, shared),
        _ => Reply::error(404, "not found"),
    }
}

fn shell_page() -> Reply {
    Reply::new(200, "text/html; charset=utf-8", assets::SHELL_HTML)
        .with(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        )
        .with("X-Frame-Options", "DENY")
}

fn asset(name: &str) -> Reply {
    match assets::get(name) {
        Some((bytes, mime)) => Reply::new(200, mime, bytes),
        None => Reply::error(404, "no such asset"),
    }
}

fn content(req: &Request, rest: &str, shared: &Shared) -> Reply {
    let (index, file) = rest.split_once('/').unwrap_or((rest, ""));
    let file = if file.is_empty() || file.ends_with('/') { format!("{file}index.html") } else { file.to_string() };
    let site = shared.site.read().unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(package) = index.parse::<usize>().ok().and_then(|i| site.packages.get(i)) else {
        return Reply::error(404, "no such package");
    };
    let Some(read) = package.read(&file) else {
        return Reply::error(404, format!("the package has no file {file}"));
    };
    let bytes = match read {
        Ok(served) => served.bytes,
        Err(e) => return Reply::error(403, e.to_string()),
    };
    drop(site);
    let quirks = *lock(&shared.quirks);
    let mut reply = ranged(req, bytes, mime_type(&file)).with("X-Frame-Options", "SAMEORIGIN");
    if quirks.block_unload {
        reply = reply.with("Permissions-Policy", "unload=()");
    }
    reply
}

/// A reply for `bytes`, honouring a single `Range: bytes=a-b` (media seeking).
fn ranged(req: &Request, bytes: Vec<u8>, mime: &str) -> Reply {
    let len = bytes.len();
    let range = req.header("range").and_then(|r| r.strip_prefix("bytes=")).and_then(|r| {
        if r.contains(',') {
            return None;
        }
        let (a, b) = r.split_once('-')?;
        let (start, end) = match (a.trim(), b.trim()) {
            ("", suffix) => {
                let n: usize = suffix.parse().ok()?;
                (len.saturating_sub(n), len.checked_sub(1)?)
            }
            (a, "") => (a.parse().ok()?, len.checked_sub(1)?),
            (a, b) => (a.parse().ok()?, b.parse::<usize>().ok()?.min(len.checked_sub(1)?)),
        };
        (start <= end && end < len).then_some((start, end))
    });
    match range {
        Some((start, end)) => Reply::new(206, mime, bytes[start..=end].to_vec())
            .with("Content-Range", format!("bytes {start}-{end}/{len}"))
            .with("Accept-Ranges", "bytes"),
        None if req.header("range").is_some() && len > 0 => {
            Reply::error(416, "range not satisfiable").with("Content-Range", format!("bytes */{len}"))
        }
        None => Reply::new(200, mime, bytes).with("Accept-Ranges", "bytes"),
    }
}

fn json_body(req: &Request) -> Result<Value, Reply> {
    serde_json::from_slice(&req.body).map_err(|e| Reply::error(400, format!("the body is not JSON: {e}")))
}

fn api(req: &Request, what: &str, shared: &Shared) -> Reply {
    match (req.method.as_str(), what) {
        ("GET", "state") => Reply::json(200, &state_json(shared)),
        ("GET", "events") => {
            let after = req.param("after").and_then(|a| a.parse().ok()).unwrap_or(0);
            let (events, lost) = shared.hub.since(after, POLL_WAIT);
            Reply::json(200, &json!({ "events": events, "lost": lost, "last": shared.hub.last() }))
        }
        ("GET", "lrs") => {
            let lrs = lock(&shared.lrs);
            Reply::json(
                200,
                &json!({ "statements": lrs.statements(), "state": lrs.state_documents(), "sessions": lrs.sessions() }),
            )
        }
        ("POST", "launch") => match json_body(req) {
            Ok(body) => launch(&body, shared),
            Err(reply) => reply,
        },
        ("GET", "scorm") => {
            let key = scorm_key(req.param("package").unwrap_or(""), req.param("launch").unwrap_or(""));
            Reply::json(200, lock(&shared.scorm).get(&key).unwrap_or(&Value::Null))
        }
        ("PUT", "scorm") => match json_body(req) {
            Ok(body) => {
                let key = scorm_key(body["package"].as_str().unwrap_or(""), body["launch"].as_str().unwrap_or(""));
                lock(&shared.scorm).insert(key, body["cmi"].clone());
                Reply::empty(204)
            }
            Err(reply) => reply,
        },
        ("POST", "log") => match json_body(req) {
            Ok(Value::Array(entries)) => {
                for entry in entries.into_iter().take(10_000) {
                    shared.hub.publish("log", json!({ "source": "scorm", "entry": entry }));
                }
                Reply::empty(204)
            }
            Ok(_) => Reply::error(400, "expected an array of log entries"),
            Err(reply) => reply,
        },
        ("POST", "reset") => {
            lock(&shared.scorm).clear();
            lock(&shared.lrs).reset();
            *lock(&shared.learner) = Learner::new();
            shared.hub.publish("reset", json!({}));
            Reply::empty(204)
        }
        ("POST", "settings") => match json_body(req) {
            Ok(body) => settings(&body, shared),
            Err(reply) => reply,
        },
        _ => Reply::error(404, "no such preview API"),
    }
}

fn scorm_key(package: &str, launch: &str) -> String {
    format!("{package}\u{1f}{launch}")
}

fn settings(body: &Value, shared: &Shared) -> Reply {
    if let Some(q) = body.get("quirks") {
        match serde_json::from_value::<Quirks>(q.clone()) {
            Ok(quirks) => {
                *lock(&shared.quirks) = quirks;
                lock(&shared.lrs).mode = quirks.lrs;
            }
            Err(e) => return Reply::error(400, format!("quirks: {e}")),
        }
    }
    let mut rebuild = false;
    {
        let mut settings = lock(&shared.settings);
        if let Some(t) = body.get("target").and_then(Value::as_str) {
            match t.parse() {
                Ok(target) => {
                    rebuild |= settings.target != target;
                    settings.target = target;
                }
                Err(e) => return Reply::error(400, format!("target: {e}")),
            }
        }
        if let Some(l) = body.get("lms").and_then(Value::as_str) {
            match l.parse() {
                Ok(lms) => {
                    rebuild |= settings.lms != lms;
                    settings.lms = lms;
                }
                Err(e) => return Reply::error(400, format!("lms: {e}")),
            }
        }
    }
    if rebuild && let Some(tx) = lock(&shared.rebuild).as_ref() {
        let _ = tx.send(());
    }
    shared.hub.publish("settings", settings_json(shared));
    Reply::json(200, &settings_json(shared))
}

fn settings_json(shared: &Shared) -> Value {
    let s = *lock(&shared.settings);
    json!({ "target": s.target.name(), "lms": s.lms.name(), "quirks": *lock(&shared.quirks) })
}

/// Everything the page needs to draw itself.
pub fn state_json(shared: &Shared) -> Value {
    let site = shared.site.read().unwrap_or_else(std::sync::PoisonError::into_inner);
    let packages: Vec<Value> = site
        .packages
        .iter()
        .enumerate()
        .map(|(i, p)| json!({ "index": i, "name": p.name, "kind": p.kind, "launches": p.launches }))
        .collect();
    json!({
        "mode": site.mode,
        "input": site.input,
        "generation": site.generation,
        "packages": packages,
        "build": site.build,
        "findings": site.findings,
        "settings": settings_json(shared),
        "learner": *lock(&shared.learner),
        "origin": shared.origin,
        "last": shared.hub.last(),
        "targets": coursepack_driver::Target::ALL.map(|t| t.name()),
        "lmsProfiles": coursepack_driver::LmsProfile::ALL.map(|l| l.name()),
    })
}

fn launch(body: &Value, shared: &Shared) -> Reply {
    let site = shared.site.read().unwrap_or_else(std::sync::PoisonError::into_inner);
    let index = body["package"].as_u64().unwrap_or(0) as usize;
    let Some(package) = site.packages.get(index) else { return Reply::error(404, "no such package") };
    let wanted = body["launch"].as_str().unwrap_or("");
    let Some(item) = package.launches.iter().find(|l| l.id == wanted).or(package.launches.first()) else {
        return Reply::error(404, "the package has nothing to launch");
    };
    if item.href.contains("://") {
        return Reply::error(
            422,
            format!("{} launches {}, outside the package; the preview serves only the package", item.title, item.href),
        );
    }
    let base = format!("/content/{index}/{}", item.href.trim_start_matches('/'));
    let (path, fragment) = match base.split_once('#') {
        Some((p, f)) => (p.to_string(), format!("#{f}")),
        None => (base, String::new()),
    };
    let join = |params: &[(&str, String)]| {
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| {
                format!("{k}={}", percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC))
            })
            .collect();
        let sep = if path.contains('?') { '&' } else { '?' };
        format!("{path}{sep}{}{fragment}", query.join("&"))
    };
    let learner = lock(&shared.learner).clone();
    let actor = shared.actor().to_string();
    let endpoint = format!("{}/lrs/", shared.origin);
    let mut answer = json!({ "kind": package.kind, "launch": item, "package": index, "learner": learner });
    match package.kind {
        Kind::Web | Kind::Scorm12 | Kind::Scorm2004 => answer["url"] = json!(format!("{path}{fragment}")),
        Kind::Xapi => {
            let auth = lock(&shared.lrs).basic_auth.clone();
            answer["url"] = json!(join(&[
                ("endpoint", endpoint),
                ("auth", auth),
                ("actor", actor),
                ("registration", learner.registration.clone()),
                ("activity_id", item.id.clone()),
            ]));
        }
        Kind::Cmi5 => {
            let launch_mode = match body["launchMode"].as_str() {
                Some(m @ ("Normal" | "Browse" | "Review")) => m.to_string(),
                _ => "Normal".to_string(),
            };
            let started = lock(&shared.lrs).start_cmi5(&Cmi5Launch {
                publisher_id: item.id.clone(),
                actor: shared.actor(),
                registration: learner.registration.clone(),
                move_on: item.move_on.clone().unwrap_or_else(|| "NotApplicable".into()),
                mastery_score: item.cmi5_mastery_score.as_deref().and_then(|m| m.trim().parse().ok()),
                launch_mode,
                launch_parameters: item.launch_parameters.clone(),
                entitlement_key: item.entitlement_key.clone(),
                origin: shared.origin.clone(),
            });
            answer["session"] = json!(started.session);
            answer["url"] = json!(join(&[
                ("endpoint", endpoint),
                ("fetch", started.fetch),
                ("actor", actor),
                ("registration", learner.registration.clone()),
                ("activityId", started.activity_id),
            ]));
        }
    }
    drop(site);
    shared.hub.publish("launch", json!({ "launch": answer }));
    Reply::json(200, &answer)
}

/// Standard base64 (for the Basic credential); written here for one use.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::{Entry, Files, Launch};
    use std::sync::Arc;

    fn shared() -> Shared {
        let mut files = BTreeMap::new();
        files.insert("index.html".to_string(), Entry::Bytes(Arc::new(b"<title>x</title>".to_vec())));
        files.insert("media/a.txt".to_string(), Entry::Bytes(Arc::new(b"0123456789".to_vec())));
        let package = Package {
            name: "p".into(),
            kind: Kind::Web,
            files: Files::Memory(files),
            launches: vec![Launch {
                id: "p".into(),
                title: "x".into(),
                href: "index.html".into(),
                ..Launch::default()
            }],
        };
        let site = Site {
            generation: 1,
            mode: "source",
            input: "m".into(),
            packages: vec![package],
            build: json!({}),
            findings: None,
        };
        Shared::new(
            "http://127.0.0.1:9".into(),
            vec!["127.0.0.1:9".into()],
            site,
            Settings { target: coursepack_driver::Target::Web, lms: coursepack_driver::LmsProfile::Generic },
        )
    }

    fn get(path: &str, headers: &[(&str, &str)]) -> Request {
        let mut h: Vec<(String, String)> = vec![("host".into(), "127.0.0.1:9".into())];
        h.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Request {
            method: "GET".into(),
            path: clean_path(path).unwrap(),
            query: Vec::new(),
            headers: h,
            body: Vec::new(),
        }
    }

    #[test]
    fn serves_only_the_package_and_its_own_assets() {
        let s = shared();
        assert_eq!(route(&get("/content/0/index.html", &[]), &s).status, 200);
        assert_eq!(route(&get("/content/0/", &[]), &s).status, 200);
        assert_eq!(route(&get("/content/0/module.toml", &[]), &s).status, 404);
        assert_eq!(route(&get("/content/1/index.html", &[]), &s).status, 404);
        assert_eq!(route(&get("/Cargo.toml", &[]), &s).status, 404);
        assert_eq!(route(&get("/_preview/assets/shell.js", &[]), &s).status, 200);
        assert_eq!(clean_path("/_preview/assets/../../Cargo.toml"), None);
        assert_eq!(route(&get("/_preview/assets/Cargo.toml", &[]), &s).status, 404);
        assert_eq!(route(&get("/", &[]), &s).status, 200);
    }

    #[test]
    fn refuses_other_hosts_and_foreign_writes() {
        let s = shared();
        let mut r = get("/", &[]);
        r.headers[0].1 = "evil.example:9".into();
        assert_eq!(route(&r, &s).status, 421);
        let mut reset = get("/_preview/api/reset", &[("origin", "http://evil.example")]);
        reset.method = "POST".into();
        assert_eq!(route(&reset, &s).status, 403);
        reset.headers.pop();
        assert_eq!(route(&reset, &s).status, 204);
    }

    #[test]
    fn ranges() {
        let s = shared();
        let r = route(&get("/content/0/media/a.txt", &[("range", "bytes=2-4")]), &s);
        assert_eq!((r.status, r.body.as_slice()), (206, &b"234"[..]));
        let r = route(&get("/content/0/media/a.txt", &[("range", "bytes=-3")]), &s);
        assert_eq!(r.body, b"789");
        assert_eq!(route(&get("/content/0/media/a.txt", &[("range", "bytes=20-30")]), &s).status, 416);
    }

    #[test]
    fn base64_encodes() {
        assert_eq!(base64(b"preview:x"), "cHJldmlldzp4");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"a"), "YQ==");
    }
}
