//! Scanning the content files of a package (HTML, CSS, JavaScript, SVG).
//!
//! 1. Loads from another origin: CDN scripts and stylesheets, web fonts,
//!    images, frames, media, `fetch`/XHR requests, module imports. Such a
//!    package is not self-contained: it breaks offline, in LMSs whose
//!    Content-Security-Policy allows only their own origin, and it tells a
//!    third party who is studying. The scan looks for *loads*, not for every
//!    URL: plain hyperlinks the learner clicks (`<a href>`, `<area href>`,
//!    `window.open`), navigation (`location.href = ...`), XML namespace names
//!    and URLs in comments or text are not reported.
//! 2. Two runtime traps that lose learner data (field notes #2, standards
//!    §5): handlers on the `unload` event, which Moodle's iframe permissions
//!    policy and Chromium's page-dismissal rules stop, and synchronous
//!    `XMLHttpRequest`s, which Chromium blocks while a page is closing.

use crate::Context;
use crate::rules::{Rule, shown};
use coursepack_diagnostics::{Diagnostic, Location};

/// What a finding loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `<script src>`, `script.src = ...`.
    Script,
    /// `<link rel=stylesheet>`, CSS `@import`.
    Stylesheet,
    /// A web font (`@font-face` source, a font service stylesheet or preconnect).
    Font,
    /// An image (`<img src>`, `srcset`, `poster`, CSS `url()`).
    Image,
    /// `<iframe src>`, `<frame src>`.
    Frame,
    /// `<video>`, `<audio>`, `<source>`, `<track>`.
    Media,
    /// `<object data>`, `<embed src>`.
    Object,
    /// `fetch`, XMLHttpRequest, `sendBeacon`, WebSocket, EventSource, workers.
    Request,
    /// ES module `import`.
    Import,
    /// `<base href>`: every relative URL of the page resolves elsewhere.
    Base,
    /// `<link rel=preconnect|dns-prefetch|preload|prefetch|icon|manifest>`.
    Link,
    /// A URL set from script (`el.src = ...`, `setAttribute("src", ...)`).
    Resource,
    /// Not a load: a handler on the `unload` event (`url` names how).
    UnloadHandler,
    /// Not a load: `XMLHttpRequest.open(method, url, false)` (`url` is the method).
    SyncXhr,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Script => "a script",
            Kind::Stylesheet => "a stylesheet",
            Kind::Font => "a web font",
            Kind::Image => "an image",
            Kind::Frame => "a frame",
            Kind::Media => "media",
            Kind::Object => "an embedded object",
            Kind::Request => "data over the network",
            Kind::Import => "a module",
            Kind::Base => "its base URL",
            Kind::Link => "a linked resource",
            Kind::Resource => "a resource",
            Kind::UnloadHandler | Kind::SyncXhr => "",
        }
    }
}

/// One load from another origin, at a byte offset of the scanned text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset of the URL in the file.
    pub offset: usize,
    /// The URL as written.
    pub url: String,
    /// What it loads.
    pub kind: Kind,
}

/// True for a URL that leaves the package's origin: `http:`, `https:`,
/// `ws:`, `wss:`, `ftp:` or a network-path reference (`//host/...`).
pub fn is_other_origin(url: &str) -> bool {
    let u = url.trim_start();
    let lower: String = u.chars().take(8).collect::<String>().to_ascii_lowercase();
    (lower.starts_with("//") && !lower.starts_with("///"))
        || ["http://", "https://", "ws://", "wss://", "ftp://"].iter().any(|p| lower.starts_with(p))
}

/// The kind of scan a file gets, from its extension.
fn file_kind(name: &str) -> Option<fn(&str) -> Vec<Finding>> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    match ext.as_str() {
        "html" | "htm" | "xhtml" | "svg" => Some(scan_html),
        "css" => Some(|t| scan_css(t, 0)),
        "js" | "mjs" | "cjs" => Some(|t| scan_js(t, 0)),
        _ => None,
    }
}

/// Most findings reported per file (the rest are counted in one more).
const MAX_PER_FILE: usize = 25;

/// Files read together (in parallel) before their findings are kept.
const SCAN_CHUNK: usize = 256;

/// How many file names a `content/not-scanned` note lists.
const NOT_SCANNED_SHOWN: usize = 10;

/// The content pass: read, once each and within the scan's limits, the
/// files below the manifest's folder that a check needs, and
///
/// - scan the HTML, CSS, JavaScript and SVG ones for loads from other
///   origins and for scripts that lose the last save;
/// - with `unreferenced` (xAPI and cmi5 packages), look in every text file
///   for the names of the package's files ([`crate::unreferenced`]).
///
/// Bounded work on hostile input: a file larger than
/// `Limits::max_scan_bytes` is not read, and the files read add up to at
/// most `Limits::max_scan_total_bytes` (by their declared sizes, in package
/// order); what was not read is listed in `content/not-scanned` notes. Files
/// are read in parallel, one at a time per thread, and dropped once scanned.
pub(crate) fn check(ctx: &Context, unreferenced: bool, references: bool) -> Vec<Diagnostic> {
    let limits = &ctx.options.limits;
    let files: Vec<&String> = ctx.pkg.files.iter().filter(|f| f.starts_with(ctx.root) && !f.ends_with('/')).collect();
    let names = unreferenced.then(|| crate::unreferenced::Names::new(&files, ctx.manifest));
    let wanted: Vec<&String> = files
        .iter()
        .copied()
        .filter(|f| {
            file_kind(f).is_some()
                || names.as_ref().is_some_and(|_| crate::unreferenced::is_text(f) || *f == ctx.manifest)
        })
        .collect();
    let mut budget = limits.max_scan_total_bytes;
    let (mut selected, mut too_large, mut over_budget) = (Vec::new(), Vec::new(), Vec::new());
    for f in wanted {
        let size = ctx.pkg.size(f).unwrap_or(0);
        if size > limits.max_scan_bytes {
            too_large.push((f, size));
        } else if size > budget {
            over_budget.push((f, size));
        } else {
            budget -= size;
            selected.push(f.clone());
        }
    }
    let quick = ctx.options.mode == crate::Mode::Quick;
    let mut out = crate::findings::Findings::default();
    // Per base name of the package's files: how many texts mention it, and one of them.
    let mut mentions = names.as_ref().map(crate::unreferenced::Names::tally).unwrap_or_default();
    let mut complete = too_large.is_empty() && over_budget.is_empty();
    // In chunks, in order: the findings of one chunk at a time are held.
    for chunk in selected.chunks(SCAN_CHUNK) {
        let per_file = ctx.pkg.read_each(chunk, limits.max_scan_bytes, |name, bytes| match bytes {
            // An entry that cannot be read is reported by the full container
            // check; with --quick, which has none, it is reported here.
            Err(d) => (if quick { vec![*d] } else { Vec::new() }, None),
            Ok(bytes) => {
                // Borrowed when the file is UTF-8 (no copy); lossy otherwise.
                let text = String::from_utf8_lossy(&bytes);
                let mut found = match file_kind(name) {
                    Some(scan) => diagnostics(name, &text, scan(&text)),
                    None => Vec::new(),
                };
                if references {
                    found.extend(reference_diagnostics(ctx, name, &text));
                }
                (found, names.as_ref().map(|n| n.found_in(&text)))
            }
        });
        for (name, (found, seen)) in chunk.iter().zip(per_file) {
            out.extend(found);
            match seen {
                Some(seen) => {
                    for b in seen {
                        mentions[b].0 += 1;
                        mentions[b].1 = name.as_str();
                    }
                }
                None => complete = false,
            }
        }
    }
    let mut out = out.finish(|| Location::file(ctx.manifest));
    let used = limits.max_scan_total_bytes - budget;
    out.extend(not_scanned(ctx, used, &too_large, &over_budget));
    if let Some(names) = names
        && complete
    {
        out.extend(names.unreferenced(&mentions));
    }
    out
}

/// The notes for files that were not read: too large, or past the budget
/// (`used` bytes were read).
fn not_scanned(
    ctx: &Context,
    used: u64,
    too_large: &[(&String, u64)],
    over_budget: &[(&String, u64)],
) -> Vec<Diagnostic> {
    let limits = &ctx.options.limits;
    let list = |files: &[(&String, u64)]| {
        let mut shown: Vec<String> =
            files.iter().take(NOT_SCANNED_SHOWN).map(|(f, _)| format!("`{}`", shown(f))).collect();
        if files.len() > NOT_SCANNED_SHOWN {
            shown.push(format!("and {} more", files.len() - NOT_SCANNED_SHOWN));
        }
        shown.join(", ")
    };
    let mib = |n: u64| n.div_ceil(1024 * 1024);
    let in_mib = |n: u64| format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0));
    let at = |files: &[(&String, u64)]| match files {
        [(one, _)] => Location::file((*one).clone()),
        _ => Location::file(ctx.manifest),
    };
    let mut out = Vec::new();
    if !too_large.is_empty() {
        let largest = too_large.iter().map(|(_, n)| *n).max().unwrap_or(0);
        out.push(
            Diagnostic::info(
                "content/not-scanned",
                format!(
                    "{} file(s) larger than {} each were not scanned for loads from other origins: {}",
                    too_large.len(),
                    in_mib(limits.max_scan_bytes),
                    list(too_large)
                ),
            )
            .with_hint(format!(
                "check them by hand, or, if you trust the package, read larger files: `coursepack validate --max-scan-file-mb {}`",
                mib(largest)
            ))
            .with_rule(Rule::CONTENT_EXTERNAL)
            .at(at(too_large)),
        );
    }
    if !over_budget.is_empty() {
        let skipped: u64 = over_budget.iter().map(|(_, n)| *n).sum();
        let needed = used.saturating_add(skipped);
        out.push(
            Diagnostic::info(
                "content/not-scanned",
                format!(
                    "{} file(s) ({}) were not scanned for loads from other origins: the scan reads at most {} in all: {}",
                    over_budget.len(),
                    in_mib(skipped),
                    in_mib(limits.max_scan_total_bytes),
                    list(over_budget)
                ),
            )
            .with_hint(format!(
                "check them by hand, or, if you trust the package and can wait, raise the scan's budget: `coursepack validate --max-scan-mb {}`",
                mib(needed)
            ))
            .with_rule(Rule::CONTENT_EXTERNAL)
            .at(at(over_budget)),
        );
    }
    out
}

pub(crate) fn diagnostics(name: &str, text: &str, mut findings: Vec<Finding>) -> Vec<Diagnostic> {
    findings.sort_by_key(|f| f.offset);
    findings.dedup_by_key(|f| f.offset);
    let total = findings.len();
    let mut out = Vec::new();
    let mut line = 1;
    let mut line_start = 0;
    let mut scanned = 0;
    for f in findings.iter().take(MAX_PER_FILE) {
        for (i, b) in text.as_bytes()[scanned..f.offset].iter().enumerate() {
            if *b == b'\n' {
                line += 1;
                line_start = scanned + i + 1;
            }
        }
        scanned = f.offset;
        let column = text.get(line_start..f.offset).map_or(1, |s| s.chars().count() + 1);
        let at = Location::line_col(name, line, column);
        match f.kind {
            Kind::UnloadHandler => {
                out.push(
                    Diagnostic::warning("lms/unload-handler", format!("`{name}` runs code on the `unload` event ({})", f.url))
                        .with_hint("Moodle's iframe permissions policy blocks `unload`, and browsers drop requests made while a page closes: save and finish on `pagehide` (and on an explicit exit button), committing early and often")
                        .with_rule(Rule::LMS_UNLOAD)
                        .at(at),
                );
                continue;
            }
            Kind::SyncXhr => {
                out.push(
                    Diagnostic::warning("lms/sync-xhr", format!("`{name}` makes a synchronous XMLHttpRequest ({} with async=false)", f.url))
                        .with_hint("Chromium blocks synchronous requests while a page is being closed, so the last save is lost: use asynchronous requests, fetch(..., {keepalive: true}) or sendBeacon")
                        .with_rule(Rule::LMS_SYNC_XHR)
                        .at(at),
                );
                continue;
            }
            _ => {}
        }
        let insecure = f.url.trim_start().to_ascii_lowercase().starts_with("http:");
        let mut hint = String::from(
            "put the file inside the package and use a relative URL: LMSs with a Content-Security-Policy block other origins, the package fails offline, and the other server learns who is studying",
        );
        if insecure {
            hint.push_str("; plain http:// is also blocked as mixed content when the LMS uses https");
        }
        let shown: String = f.url.chars().take(120).collect();
        out.push(
            Diagnostic::warning(
                "content/external-resource",
                format!("`{name}` loads {} from another origin: `{shown}`", f.kind.describe()),
            )
            .with_hint(hint)
            .with_rule(Rule::CONTENT_EXTERNAL)
            .at(at),
        );
    }
    if total > MAX_PER_FILE {
        out.push(
            Diagnostic::warning(
                "content/external-resource",
                format!("`{name}` has {} more loads from other origins", total - MAX_PER_FILE),
            )
            .with_hint("only the first 25 loads of a file are listed; bundle the files they load inside the package")
            .with_rule(Rule::CONTENT_EXTERNAL)
            .at(Location::file(name)),
        );
    }
    out
}

// ---------------------------------------------------------------- HTML

struct Attr<'a> {
    name: String,
    value: &'a str,
    offset: usize,
}

fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || from >= h.len() {
        return None;
    }
    h[from..].windows(n.len()).position(|w| w.eq_ignore_ascii_case(n)).map(|p| from + p)
}

/// Scan an HTML (or SVG) document: resource attributes, `style`
/// attributes, and the contents of `<script>` and `<style>` elements.
pub fn scan_html(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    walk_tags(text, |tag, attrs, body| {
        tag_findings(tag, attrs, &mut out);
        if let Some((start, body)) = body {
            if tag == "style" {
                out.extend(scan_css(body, start));
            } else if !attrs.iter().any(|a| a.name == "src") {
                out.extend(scan_js(body, start));
            }
        }
    });
    out
}

/// Walk the start tags of an HTML (or SVG) document, skipping comments,
/// declarations and end tags: `on_tag` gets each tag's lower-case name, its
/// attributes and, for `<script>` and `<style>`, the offset and text of
/// their contents (which are not walked as markup).
fn walk_tags<'a>(text: &'a str, mut on_tag: impl FnMut(&str, &[Attr<'a>], Option<(usize, &'a str)>)) {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(p) = text.get(i..).and_then(|t| t.find('<')) {
        let at = i + p;
        let rest = &text[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(text.len(), |e| at + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = rest.find('>').map_or(text.len(), |e| at + e + 1);
            continue;
        }
        let name_len =
            rest[1..].bytes().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b':' | b'_')).count();
        if name_len == 0 || !b[at + 1].is_ascii_alphabetic() {
            i = at + 1;
            continue;
        }
        let tag = rest[1..1 + name_len].to_ascii_lowercase();
        let (attrs, end) = attributes(text, at + 1 + name_len);
        i = end;
        let mut body = None;
        if tag == "script" || tag == "style" {
            let close = find_ci(text, &format!("</{tag}"), end).unwrap_or(text.len());
            body = Some((end, &text[end..close]));
            i = close;
        }
        on_tag(&tag, &attrs, body);
    }
}

/// Parse attributes from `from` up to the end of the tag; returns them and
/// the offset after `>`.
fn attributes(text: &str, from: usize) -> (Vec<Attr<'_>>, usize) {
    let b = text.as_bytes();
    let mut attrs = Vec::new();
    let mut i = from;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (attrs, b.len());
        }
        if b[i] == b'>' {
            return (attrs, i + 1);
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = text[start..i].to_ascii_lowercase();
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value, offset, next) = if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let close = b[j + 1..].iter().position(|c| *c == q).map_or(b.len(), |p| j + 1 + p);
                (&text[j + 1..close], j + 1, (close + 1).min(b.len()))
            } else {
                let end = b[j..].iter().position(|c| c.is_ascii_whitespace() || *c == b'>').map_or(b.len(), |p| j + p);
                (&text[j..end], j, end)
            };
            attrs.push(Attr { name, value, offset });
            i = next;
        } else {
            if name.is_empty() {
                i += 1;
            }
            attrs.push(Attr { name, value: "", offset: i });
        }
    }
}

fn tag_findings(tag: &str, attrs: &[Attr], out: &mut Vec<Finding>) {
    let get = |n: &str| attrs.iter().find(|a| a.name == n);
    fn push(out: &mut Vec<Finding>, a: &Attr, kind: Kind) {
        let lead = a.value.len() - a.value.trim_start().len();
        if is_other_origin(a.value) {
            out.push(Finding { offset: a.offset + lead, url: a.value.trim().to_string(), kind });
        }
    }
    for a in attrs {
        match a.name.as_str() {
            "src" => push(
                out,
                a,
                match tag {
                    "script" => Kind::Script,
                    "iframe" | "frame" => Kind::Frame,
                    "video" | "audio" | "source" | "track" => Kind::Media,
                    "embed" => Kind::Object,
                    _ => Kind::Image,
                },
            ),
            "poster" | "background" => push(out, a, Kind::Image),
            "data" if tag == "object" => push(out, a, Kind::Object),
            "srcset" | "imagesrcset" => {
                for candidate in a.value.split(',') {
                    let url = candidate.split_whitespace().next().unwrap_or("");
                    if is_other_origin(url) {
                        let rel = a.value.find(url).unwrap_or(0);
                        out.push(Finding { offset: a.offset + rel, url: url.to_string(), kind: Kind::Image });
                    }
                }
            }
            "href" | "xlink:href" => match tag {
                "base" => push(out, a, Kind::Base),
                "use" | "image" | "feimage" => push(out, a, Kind::Image),
                "link" => {
                    let rel = get("rel").map(|r| r.value.to_ascii_lowercase()).unwrap_or_default();
                    let fonts = a.value.contains("fonts.googleapis.com")
                        || a.value.contains("fonts.gstatic.com")
                        || get("as").is_some_and(|x| x.value.eq_ignore_ascii_case("font"));
                    let rels: Vec<&str> = rel.split_whitespace().collect();
                    if rels.contains(&"stylesheet") {
                        push(out, a, if fonts { Kind::Font } else { Kind::Stylesheet });
                    } else if rels.iter().any(|r| {
                        matches!(
                            *r,
                            "preconnect"
                                | "dns-prefetch"
                                | "preload"
                                | "prefetch"
                                | "modulepreload"
                                | "icon"
                                | "apple-touch-icon"
                                | "manifest"
                                | "prerender"
                        )
                    }) {
                        push(out, a, if fonts { Kind::Font } else { Kind::Link });
                    }
                }
                _ => {}
            },
            "style" => out.extend(scan_css(a.value, a.offset)),
            "onunload" => out.push(Finding {
                offset: a.offset,
                url: format!("an onunload attribute on <{tag}>"),
                kind: Kind::UnloadHandler,
            }),
            n if n.starts_with("on") && !a.value.is_empty() => out.extend(scan_js(a.value, a.offset)),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------- CSS

/// Scan CSS for `url(...)` and `@import` from another origin; `base` is the
/// offset of `text` in its file.
pub fn scan_css(text: &str, base: usize) -> Vec<Finding> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            i = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            continue;
        }
        if b[i..].len() >= 4 && b[i..i + 4].eq_ignore_ascii_case(b"url(") {
            let mut j = i + 4;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value, offset) = if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let close = b[j + 1..].iter().position(|c| *c == q).map_or(b.len(), |p| j + 1 + p);
                (&text[j + 1..close], j + 1)
            } else {
                let close = b[j..].iter().position(|c| *c == b')').map_or(b.len(), |p| j + p);
                (text[j..close].trim_end(), j)
            };
            if is_other_origin(value) {
                let kind = if in_font_face(text, i) {
                    Kind::Font
                } else if imported(text, i) {
                    Kind::Stylesheet
                } else {
                    Kind::Image
                };
                out.push(Finding { offset: base + offset, url: value.to_string(), kind });
            }
            i = offset + value.len().max(1);
            continue;
        }
        if b[i] == b'@' && b[i..].len() >= 7 && b[i..i + 7].eq_ignore_ascii_case(b"@import") {
            let mut j = i + 7;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let close = b[j + 1..].iter().position(|c| *c == q).map_or(b.len(), |p| j + 1 + p);
                let value = &text[j + 1..close];
                if is_other_origin(value) {
                    let kind = if value.contains("fonts.googleapis.com") { Kind::Font } else { Kind::Stylesheet };
                    out.push(Finding { offset: base + j + 1, url: value.to_string(), kind });
                }
                i = close;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// True when offset `at` is inside an `@font-face { ... }` block.
fn in_font_face(text: &str, at: usize) -> bool {
    let before = &text[..at];
    match before.rfind('{') {
        Some(open) if !before[open..].contains('}') => {
            before[..open].trim_end().to_ascii_lowercase().ends_with("@font-face")
        }
        _ => false,
    }
}

/// True when the `url(` at `at` follows `@import`.
fn imported(text: &str, at: usize) -> bool {
    text[..at].trim_end().to_ascii_lowercase().ends_with("@import")
}

// ---------------------------------------------------------------- JavaScript

#[derive(Clone, Debug, PartialEq)]
enum Tok<'a> {
    Ident(&'a str),
    Str(&'a str, usize),
    Punct(u8),
    Number,
}

/// Functions whose first argument is a URL that is requested.
const REQUEST_CALLS: [&str; 14] = [
    "fetch",
    "importScripts",
    "sendBeacon",
    "Worker",
    "SharedWorker",
    "EventSource",
    "WebSocket",
    "getScript",
    "getJSON",
    "ajax",
    "loadScript",
    "require",
    "get",
    "post",
];

/// Scan JavaScript for loads from another origin: request calls, XHR
/// `open(method, url)`, `import`, `.src =` / `.href =` assignments,
/// `setAttribute("src", url)`, and CSS or HTML inside string literals.
/// `base` is the offset of `text` in its file.
pub fn scan_js(text: &str, base: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    // The last four tokens before the current one (most recent last).
    let mut window: Vec<Tok> = Vec::with_capacity(5);
    let lexer = Lexer { text, i: 0, last: None };
    fn remember<'t>(window: &mut Vec<Tok<'t>>, t: Tok<'t>) {
        if window.len() == 4 {
            window.remove(0);
        }
        window.push(t);
    }
    // An `open("METHOD", ...)` call being read: (paren depth, commas at depth 1, method).
    let mut xhr_open: Option<(usize, usize, &str, usize)> = None;
    for t in lexer {
        if let Some((depth, commas, method, at)) = xhr_open.as_mut() {
            match &t {
                Tok::Punct(b'(') | Tok::Punct(b'[') | Tok::Punct(b'{') => *depth += 1,
                Tok::Punct(b')') | Tok::Punct(b']') | Tok::Punct(b'}') => {
                    *depth -= 1;
                    if *depth == 0 {
                        xhr_open = None;
                    }
                }
                Tok::Punct(b',') if *depth == 1 => *commas += 1,
                Tok::Ident("false") if *depth == 1 && *commas == 2 && window.last() == Some(&Tok::Punct(b',')) => {
                    out.push(Finding {
                        offset: base + *at,
                        url: format!("open(\"{method}\", ...)"),
                        kind: Kind::SyncXhr,
                    });
                    xhr_open = None;
                }
                _ => {}
            }
        }
        if t == Tok::Punct(b'=')
            && let Some(Tok::Ident(name @ "onunload")) = window.last()
        {
            // `name` is a slice of `text`: its address gives its offset.
            let offset = name.as_ptr() as usize - text.as_ptr() as usize;
            out.push(Finding { offset: base + offset, url: "an onunload property".into(), kind: Kind::UnloadHandler });
        }
        let Tok::Str(s, off) = t else {
            remember(&mut window, t);
            continue;
        };
        {
            let w = &window;
            let last_is = |n: usize, p: &Tok| n <= w.len() && w.get(w.len() - n) == Some(p);
            let called = |names: &[&str]| {
                last_is(1, &Tok::Punct(b'('))
                    && matches!(w.len().checked_sub(2).and_then(|i| w.get(i)), Some(Tok::Ident(x)) if names.contains(x))
            };
            if matches!(s, "unload" | "onunload") && called(&["addEventListener", "attachEvent", "on", "bind", "one"]) {
                out.push(Finding {
                    offset: base + off,
                    url: format!("a `{s}` event listener"),
                    kind: Kind::UnloadHandler,
                });
            }
            if called(&["open"])
                && matches!(
                    s.to_ascii_uppercase().as_str(),
                    "GET" | "POST" | "PUT" | "DELETE" | "HEAD" | "PATCH" | "OPTIONS"
                )
            {
                xhr_open = Some((1, 0, s, off));
            }
        }
        let w = &window;
        let prev = |n: usize| if n <= w.len() { w.get(w.len() - n) } else { None };
        let ident = |n: usize, names: &[&str]| matches!(prev(n), Some(Tok::Ident(x)) if names.contains(x));
        let punct = |n: usize, c: u8| prev(n) == Some(&Tok::Punct(c));
        if !is_other_origin(s) {
            // CSS or markup built in a string: `url(https://...)`, `<script src="https://...">`.
            if s.contains("url(") {
                out.extend(scan_css(s, base + off));
            }
            if s.contains('<') && (s.contains("src") || s.contains("href")) {
                out.extend(scan_html(s).into_iter().map(|f| Finding { offset: f.offset + base + off, ..f }));
            }
            remember(&mut window, t);
            continue;
        }
        let request = (punct(1, b'(') && ident(2, &REQUEST_CALLS))
            || (punct(1, b',') && matches!(prev(2), Some(Tok::Str(..))) && punct(3, b'(') && ident(4, &["open"]));
        let import = (punct(1, b'(') && ident(2, &["import"])) || ident(1, &["from", "import"]);
        let assigned = punct(1, b'=')
            && punct(3, b'.')
            && (ident(2, &["src"])
                || (ident(2, &["href"]) && !ident(4, &["location", "window", "document", "top", "parent", "self"])));
        let set_attribute = punct(1, b',')
            && matches!(prev(2), Some(Tok::Str(a, _)) if matches!(*a, "src" | "href" | "data"))
            && punct(3, b'(')
            && ident(4, &["setAttribute"]);
        let kind = if request {
            Some(Kind::Request)
        } else if import {
            Some(Kind::Import)
        } else if assigned || set_attribute {
            Some(Kind::Resource)
        } else {
            None
        };
        if let Some(kind) = kind {
            out.push(Finding { offset: base + off, url: s.to_string(), kind });
        }
        remember(&mut window, t);
    }
    out
}

/// Splits JavaScript into identifiers, string literals (with their
/// offsets), punctuation and numbers, one token at a time; comments and
/// regular-expression literals are skipped.
struct Lexer<'a> {
    text: &'a str,
    i: usize,
    last: Option<Tok<'a>>,
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Tok<'a>;

    fn next(&mut self) -> Option<Tok<'a>> {
        let text = self.text;
        let b = text.as_bytes();
        while self.i < b.len() {
            let i = self.i;
            let c = b[i];
            let tok = if c.is_ascii_whitespace() {
                self.i += 1;
                continue;
            } else if c == b'/' && b.get(i + 1) == Some(&b'/') {
                self.i = b[i..].iter().position(|x| *x == b'\n').map_or(b.len(), |p| i + p);
                continue;
            } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
                self.i = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
                continue;
            } else if c == b'/' && regex_allowed(self.last.as_ref()) {
                self.i = skip_regex(b, i);
                continue;
            } else if c == b'"' || c == b'\'' || c == b'`' {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != c && !(c != b'`' && b[j] == b'\n') {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(b.len());
                self.i = end + 1;
                Tok::Str(&text[start..end], start)
            } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80 {
                let mut j = i;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'$' || b[j] >= 0x80) {
                    j += 1;
                }
                self.i = j;
                Tok::Ident(&text[i..j])
            } else if c.is_ascii_digit() {
                let mut j = i;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'.') {
                    j += 1;
                }
                self.i = j;
                Tok::Number
            } else {
                self.i = i + 1;
                Tok::Punct(c)
            };
            self.last = Some(tok.clone());
            return Some(tok);
        }
        None
    }
}

/// Whether a `/` after `prev` starts a regular expression (not a division).
fn regex_allowed(prev: Option<&Tok>) -> bool {
    match prev {
        None => true,
        Some(Tok::Punct(p)) => !matches!(p, b')' | b']'),
        Some(Tok::Ident(w)) => matches!(
            *w,
            "return"
                | "typeof"
                | "instanceof"
                | "in"
                | "of"
                | "new"
                | "delete"
                | "void"
                | "throw"
                | "case"
                | "do"
                | "else"
                | "yield"
                | "await"
        ),
        Some(Tok::Str(..)) | Some(Tok::Number) => false,
    }
}

fn skip_regex(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    let mut class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => {
                i += 1;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return i;
            }
            b'\n' => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

// ---------------------------------------------------------------- references

/// The package-relative references an HTML or SVG document makes, with the
/// byte offset of each: `src`, `href` (links, stylesheets, icons, `<use>`,
/// `<image>`, and hyperlinks to local pages), `poster`, `data`, `srcset`
/// candidates, and `url()`/`@import` in `style` attributes and `<style>`
/// elements. Script contents are not read (a script builds its URLs at run
/// time). Other origins, `data:`, fragments and template placeholders are
/// left out.
pub fn local_references_html(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    walk_tags(text, |tag, attrs, body| {
        for a in attrs {
            match a.name.as_str() {
                "src" | "poster" | "href" | "xlink:href" => push_local(&mut out, a.offset, a.value),
                "data" if tag == "object" => push_local(&mut out, a.offset, a.value),
                "srcset" | "imagesrcset" => {
                    for candidate in a.value.split(',') {
                        let url = candidate.split_whitespace().next().unwrap_or("");
                        let rel = a.value.find(url).unwrap_or(0);
                        push_local(&mut out, a.offset + rel, url);
                    }
                }
                "style" => out.extend(local_references_css(a.value, a.offset)),
                _ => {}
            }
        }
        if let (Some((start, body)), "style") = (body, tag) {
            out.extend(local_references_css(body, start));
        }
    });
    out
}

/// The package-relative `url()` and `@import` references of CSS text that
/// starts at byte `base` of its file.
pub fn local_references_css(text: &str, base: usize) -> Vec<(usize, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            i = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            continue;
        }
        let quoted = |j: usize| -> Option<(usize, usize)> {
            let q = *b.get(j)?;
            if q != b'"' && q != b'\'' {
                return None;
            }
            let close = b[j + 1..].iter().position(|c| *c == q).map_or(b.len(), |p| j + 1 + p);
            Some((j + 1, close))
        };
        if b[i..].len() >= 4 && b[i..i + 4].eq_ignore_ascii_case(b"url(") {
            let mut j = i + 4;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let (start, end) = quoted(j).unwrap_or_else(|| {
                let close = b[j..].iter().position(|c| *c == b')').map_or(b.len(), |p| j + p);
                (j, j + text[j..close].trim_end().len())
            });
            push_local(&mut out, base + start, &text[start..end]);
            i = end.max(i + 4);
            continue;
        }
        if b[i] == b'@' && b[i..].len() >= 7 && b[i..i + 7].eq_ignore_ascii_case(b"@import") {
            let mut j = i + 7;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if let Some((start, end)) = quoted(j) {
                push_local(&mut out, base + start, &text[start..end]);
                i = end.max(i + 7);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Keep `url` (at `offset`) when it names a file of the package.
fn push_local(out: &mut Vec<(usize, String)>, offset: usize, url: &str) {
    let lead = url.len() - url.trim_start().len();
    let u = url.trim();
    let placeholder = ["{{", "${", "<%", "{%"].iter().any(|p| u.contains(p));
    let elsewhere = u.is_empty() || u.starts_with('#') || crate::content::is_external(u) || u.starts_with("//");
    if !(placeholder || elsewhere) {
        out.push((offset + lead, u.to_string()));
    }
}

/// `content/missing-file`, `content/case-mismatch` or
/// `content/outside-package` for each reference of file `name` (its text
/// `text`) that names no file of the package.
fn reference_diagnostics(ctx: &Context, name: &str, text: &str) -> Vec<Diagnostic> {
    let mut refs = match file_kind_name(name) {
        Some("css") => local_references_css(text, 0),
        Some(_) => local_references_html(text),
        None => return Vec::new(),
    };
    refs.sort_by_key(|r| r.0);
    let folder = name.rfind('/').map_or("", |i| &name[..=i]);
    let (mut line, mut line_start, mut scanned) = (1, 0, 0);
    let mut out = Vec::new();
    for (offset, url) in refs {
        for (i, byte) in text.as_bytes()[scanned..offset].iter().enumerate() {
            if *byte == b'\n' {
                line += 1;
                line_start = scanned + i + 1;
            }
        }
        scanned = offset;
        let column = text.get(line_start..offset).map_or(1, |s| s.chars().count() + 1);
        let at = || Location::line_col(name, line, column);
        if url.starts_with('/') {
            out.push(
                Diagnostic::error("content/outside-package", format!("`{name}` refers to `{}`, which starts with `/`", shown(&url)))
                    .with_hint("write the path relative to the page: opened from disk, a path starting with `/` points at the root of the computer's file system, and on a server at the root of the site")
                    .with_rule(Rule::CONTENT_MISSING)
                    .at(at()),
            );
            continue;
        }
        let Ok(target) = crate::content::resolve_in(ctx.root, folder, &url) else {
            out.push(
                Diagnostic::error(
                    "content/outside-package",
                    format!("`{name}` refers to `{}`, above the package's root", shown(&url)),
                )
                .with_hint("keep every file the package needs inside it and refer to it without climbing out with `..`")
                .with_rule(Rule::CONTENT_MISSING)
                .at(at()),
            );
            continue;
        };
        let folder_page = format!("{target}/index.html");
        if target.is_empty()
            || target == folder.trim_end_matches('/')
            || ctx.pkg.has(&target)
            || ctx.pkg.has(&folder_page)
        {
            continue;
        }
        out.push(match ctx.pkg.find_ignoring_case(&target) {
            Some(actual) => Diagnostic::error(
                "content/case-mismatch",
                format!("`{name}` refers to `{}`, stored as `{}`", shown(&target), shown(actual)),
            )
            .with_hint("web servers on Linux are case-sensitive, and so are zips: make the reference and the file name match exactly")
            .with_rule(Rule::CONTENT_CASE)
            .at(at()),
            None => Diagnostic::error(
                "content/missing-file",
                format!("`{name}` refers to `{}`, which is not in the package", shown(&target)),
            )
            .with_hint("add the file to the package, or correct the reference")
            .with_rule(Rule::CONTENT_MISSING)
            .at(at()),
        });
    }
    out
}

/// `html` or `css` for the files whose references are read.
fn file_kind_name(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    match ext.as_str() {
        "html" | "htm" | "xhtml" | "svg" => Some("html"),
        "css" => Some("css"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(f: &[Finding]) -> Vec<(&str, Kind)> {
        f.iter().map(|f| (f.url.as_str(), f.kind)).collect()
    }

    #[test]
    fn html_loads_are_found_and_hyperlinks_are_not() {
        let html = r#"<!doctype html><html xmlns="http://www.w3.org/1999/xhtml"><head>
<link rel="stylesheet" href="https://cdn.example.com/x.css">
<link rel="preconnect" href="https://fonts.gstatic.com">
<link rel="canonical" href="https://example.com/page">
<script src="//cdn.example.com/lib.js"></script>
<!-- <script src="https://commented.example.com/x.js"></script> -->
<style>body { background: url('http://img.example.com/bg.png') }</style>
</head><body><a href="https://www.gov.uk/">GOV.UK</a>
<img src=https://img.example.com/a.png alt=""><img srcset="a.png 1x, https://img.example.com/b.png 2x" alt="">
<iframe src="https://www.youtube.com/embed/x"></iframe><video poster="https://v.example.com/p.jpg"><source src="https://v.example.com/v.mp4"></video>
<div style="background-image:url(https://img.example.com/c.png)"></div><img src="local.png" alt="">
<script>fetch("https://api.example.com/track"); var s = "https://docs.example.com/just-text";</script>
</body></html>"#;
        let found = scan_html(html);
        assert_eq!(
            urls(&found),
            vec![
                ("https://cdn.example.com/x.css", Kind::Stylesheet),
                ("https://fonts.gstatic.com", Kind::Font),
                ("//cdn.example.com/lib.js", Kind::Script),
                ("http://img.example.com/bg.png", Kind::Image),
                ("https://img.example.com/a.png", Kind::Image),
                ("https://img.example.com/b.png", Kind::Image),
                ("https://www.youtube.com/embed/x", Kind::Frame),
                ("https://v.example.com/p.jpg", Kind::Image),
                ("https://v.example.com/v.mp4", Kind::Media),
                ("https://img.example.com/c.png", Kind::Image),
                ("https://api.example.com/track", Kind::Request),
            ]
        );
        // Offsets point at the URL.
        for f in &found {
            assert!(html[f.offset..].starts_with(&f.url), "{f:?}");
        }
    }

    #[test]
    fn css_fonts_and_imports() {
        let css = "/* url(https://comment.example.com/x) */\n@import 'https://fonts.googleapis.com/css?family=Roboto';\n@import url(https://cdn.example.com/base.css);\n@font-face { font-family: X; src: url(\"https://fonts.gstatic.com/x.woff2\") format('woff2'); }\n.a { background: url(img/a.png) }\n.b { background: URL( //img.example.com/b.png ) }";
        assert_eq!(
            urls(&scan_css(css, 0)),
            vec![
                ("https://fonts.googleapis.com/css?family=Roboto", Kind::Font),
                ("https://cdn.example.com/base.css", Kind::Stylesheet),
                ("https://fonts.gstatic.com/x.woff2", Kind::Font),
                ("//img.example.com/b.png", Kind::Image),
            ]
        );
    }

    #[test]
    fn javascript_requests_not_strings() {
        let js = r#"
// fetch("https://comment.example.com")
/* xhr.open("GET", "https://comment2.example.com") */
var ns = "http://www.w3.org/2000/svg"; var re = /["']https?:\/\//g;
var help = 'see https://example.com/help';
fetch('https://api.example.com/a', { method: 'POST' });
xhr.open("POST", "https://lrs.example.com/statements", true);
navigator.sendBeacon(`https://beacon.example.com/b`, data);
import x from "https://esm.example.com/m.js";
const y = await import('https://esm.example.com/n.js');
script.src = "https://cdn.example.com/s.js";
location.href = "https://example.com/next";
window.open("https://example.com/popup");
el.setAttribute("src", "https://img.example.com/d.png");
document.write('<script src="https://cdn.example.com/w.js"></scr' + 'ipt>');
el.style.backgroundImage = "url(https://img.example.com/e.png)";
var q = a / 2; var r = "https://after-division.example.com/ok-not-flagged";
"#;
        assert_eq!(
            urls(&scan_js(js, 0)),
            vec![
                ("https://api.example.com/a", Kind::Request),
                ("https://lrs.example.com/statements", Kind::Request),
                ("https://beacon.example.com/b", Kind::Request),
                ("https://esm.example.com/m.js", Kind::Import),
                ("https://esm.example.com/n.js", Kind::Import),
                ("https://cdn.example.com/s.js", Kind::Resource),
                ("https://img.example.com/d.png", Kind::Resource),
                ("https://cdn.example.com/w.js", Kind::Script),
                ("https://img.example.com/e.png", Kind::Image),
            ]
        );
    }

    #[test]
    fn unload_handlers_and_synchronous_requests() {
        let js = r#"
window.addEventListener("unload", finish);
window.addEventListener("pagehide", finish);
window.onunload = function () { API.LMSFinish(""); };
$(window).on('unload', save);
xhr.open("POST", url + "/commit", false);
xhr.open("POST", url, true);
xhr.open('GET', build(a, false), true);
req.open("get", "data.json", false);
"#;
        let found: Vec<(usize, Kind)> =
            scan_js(js, 0).iter().map(|f| (js[..f.offset].matches('\n').count() + 1, f.kind)).collect();
        assert_eq!(
            found,
            vec![
                (2, Kind::UnloadHandler),
                (4, Kind::UnloadHandler),
                (5, Kind::UnloadHandler),
                (6, Kind::SyncXhr),
                (9, Kind::SyncXhr)
            ]
        );
        let html = "<body onunload=\"doExit()\" onload=\"fetch('https://x.example.com/a')\">";
        let kinds: Vec<Kind> = scan_html(html).iter().map(|f| f.kind).collect();
        assert_eq!(kinds, vec![Kind::UnloadHandler, Kind::Request]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 500, ..Default::default() })]
        /// No input makes the scanners panic, and every finding points at a
        /// character boundary inside the text.
        #[test]
        fn scanners_survive_any_text(parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just("<".to_string()), proptest::strategy::Just("<script>".to_string()), proptest::strategy::Just("</script>".to_string()),
            proptest::strategy::Just("<style>".to_string()), proptest::strategy::Just(" src=".to_string()), proptest::strategy::Just("\"".to_string()),
            proptest::strategy::Just("'".to_string()), proptest::strategy::Just("`".to_string()), proptest::strategy::Just("\\".to_string()),
            proptest::strategy::Just("/".to_string()), proptest::strategy::Just("/*".to_string()), proptest::strategy::Just("url(".to_string()),
            proptest::strategy::Just("https://x.example/".to_string()), proptest::strategy::Just("fetch(".to_string()), proptest::strategy::Just("open(\"GET\",".to_string()),
            proptest::strategy::Just("@import".to_string()), proptest::strategy::Just("é€😀".to_string()), "\\PC{0,6}",
        ], 0..40)) {
            let text = parts.concat();
            for found in [scan_html(&text), scan_css(&text, 0), scan_js(&text, 0)] {
                for f in found {
                    proptest::prop_assert!(f.offset <= text.len() && text.is_char_boundary(f.offset), "{f:?} in {text:?}");
                }
            }
            let _ = diagnostics("x.js", &text, scan_js(&text, 0));
        }
    }

    #[test]
    fn origins() {
        assert!(is_other_origin("https://x"));
        assert!(is_other_origin(" HTTP://x"));
        assert!(is_other_origin("//x/y"));
        assert!(!is_other_origin("///x"));
        assert!(!is_other_origin("data:image/png;base64,xx"));
        assert!(!is_other_origin("img/x.png"));
        assert!(!is_other_origin("#top"));
        assert!(!is_other_origin("mailto:a@b.c"));
    }
}
