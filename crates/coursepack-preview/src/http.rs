//! The preview's view of an HTTP exchange, independent of the server crate,
//! so the LMS and LRS logic can be tested without a socket.

use percent_encoding::percent_decode_str;
use std::time::Duration;

/// An HTTP request, read whole (bodies are size-limited by the server).
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// `GET`, `POST`...
    pub method: String,
    /// The path, percent-decoded, without the query.
    pub path: String,
    /// The query's parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// Header names in lower case, values as sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// The first query parameter named `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The header named `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// An HTTP response.
#[derive(Clone, Debug)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers to add.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Answer only after this long (a slow LRS quirk).
    pub delay: Option<Duration>,
}

impl Reply {
    /// A reply with `body` of `content_type`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, headers: vec![("Content-Type".into(), content_type.into())], body: body.into(), delay: None }
    }

    /// A JSON reply.
    pub fn json(status: u16, value: &serde_json::Value) -> Reply {
        Reply::new(status, "application/json; charset=utf-8", serde_json::to_vec(value).unwrap_or_default())
    }

    /// An empty reply.
    pub fn empty(status: u16) -> Reply {
        Reply { status, headers: Vec::new(), body: Vec::new(), delay: None }
    }

    /// A JSON error `{ "error": message }`.
    pub fn error(status: u16, message: impl Into<String>) -> Reply {
        Reply::json(status, &serde_json::json!({ "error": message.into() }))
    }

    /// Add a header.
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// Decode a query string or an `application/x-www-form-urlencoded` body
/// (`+` is a space). Invalid UTF-8 is replaced, never an error.
pub fn parse_form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
            (decode(k), decode(v))
        })
        .collect()
}

/// The path of a request URL, percent-decoded, confined: `None` when it
/// has `..` or `.` segments, a backslash, a NUL or other control
/// character, or is not valid UTF-8 once decoded. Empty segments (`//`)
/// are dropped; the result has no leading `/`. A trailing `/` is kept, so
/// a folder URL can be told from a file.
pub fn clean_path(raw: &str) -> Option<String> {
    let raw = raw.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode_str(raw).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0']) || decoded.chars().any(char::is_control) {
        return None;
    }
    let trailing = decoded.ends_with('/') && decoded.len() > 1;
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => continue,
            "." | ".." => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if trailing && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

/// The MIME type served for a file name.
pub fn mime_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "xml" | "xsd" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "vtt" => "text/vtt; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "oga" => "audio/ogg",
        "wav" => "audio/wav",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_confined() {
        assert_eq!(clean_path("/content/0/index.html").as_deref(), Some("content/0/index.html"));
        assert_eq!(clean_path("/a%20b/c.html?x=1").as_deref(), Some("a b/c.html"));
        assert_eq!(clean_path("//a///b").as_deref(), Some("a/b"));
        assert_eq!(clean_path("/a/").as_deref(), Some("a/"));
        for bad in
            ["/../etc/passwd", "/a/../../b", "/a/%2e%2e/b", "/a/./b", "/a%5cb", "/a%00b", "/%ff", "/a\\b", "/a%0ab"]
        {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn forms_decode() {
        assert_eq!(
            parse_form("a=1+2&b=%C3%A9&c"),
            vec![("a".into(), "1 2".into()), ("b".into(), "é".into()), ("c".into(), "".into())]
        );
    }
}
