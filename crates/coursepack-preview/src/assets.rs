//! The preview's own page and scripts, embedded in the binary (no Node or
//! npm at run time). Each script is `// @ts-check` with JSDoc types and
//! passes the repository's `cargo xtask lint-js` gates.

/// The preview page: the package's frame, the toolbar and the inspector.
pub const SHELL_HTML: &str = include_str!("../assets/shell.html");

/// The page a cmi5 AU returns to (its `returnURL`).
pub const RETURNED_PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Returned to the LMS</title>\
<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem;color:#1b1b1b}</style></head><body><main>\
<h1>The session has ended</h1><p>The course returned to the LMS, as a cmi5 AU does when it finishes. \
Use <strong>Relaunch</strong> in the preview's toolbar to start a new session, which resumes where the learner left off.</p>\
</main></body></html>";

/// `(bytes, MIME type)` of the embedded asset `name`, if there is one.
pub fn get(name: &str) -> Option<(&'static [u8], &'static str)> {
    Some(match name {
        "shell.css" => (include_str!("../assets/shell.css").as_bytes(), "text/css; charset=utf-8"),
        "shell.js" => (include_str!("../assets/shell.js").as_bytes(), "text/javascript; charset=utf-8"),
        "scorm-api.js" => (include_str!("../assets/scorm-api.js").as_bytes(), "text/javascript; charset=utf-8"),
        _ => return None,
    })
}
