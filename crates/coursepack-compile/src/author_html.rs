//! The sanitised subset of HTML that authors may write in pages.
//!
//! Block HTML goes through `ammonia` with a small allow-list. Inline HTML
//! arrives from the Markdown parser one tag at a time (`<kbd>`, text, `</kbd>`),
//! which a whole-fragment sanitiser would unbalance, so inline tags are checked
//! one by one against the same allow-list and rebuilt from their parts.
//! Scripts, styles, frames, forms, event handlers and `javascript:` URLs are
//! never emitted.

use std::collections::{HashMap, HashSet};

/// Elements authors may use.
pub const ALLOWED_TAGS: &[&str] = &[
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "i",
    "ins",
    "kbd",
    "mark",
    "p",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "time",
    "u",
    "var",
    "wbr",
];

/// Attributes allowed on every allowed element.
pub const ALLOWED_ATTRIBUTES: &[&str] = &["title", "lang", "dir"];

/// Tags whose presence means the author expected behaviour we will not emit.
const DANGEROUS_TAGS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
    "textarea", "select", "link", "meta", "base", "svg", "math",
];

/// The outcome of sanitising one piece of author HTML.
#[derive(Debug, PartialEq, Eq)]
pub struct Sanitised {
    /// Safe HTML to emit.
    pub html: String,
    /// Something dangerous (script, handler, `javascript:` URL, frame...) was removed.
    pub removed_dangerous: bool,
    /// Something harmless but unsupported (an unknown tag or attribute) was removed.
    pub removed_other: bool,
}

/// Sanitise a block of author HTML.
pub fn sanitise_block(html: &str) -> Sanitised {
    let tags: HashSet<&str> = ALLOWED_TAGS.iter().copied().collect();
    let generic: HashSet<&str> = ALLOWED_ATTRIBUTES.iter().copied().collect();
    let clean = ammonia::Builder::empty()
        .tags(tags)
        .generic_attributes(generic)
        .tag_attributes(HashMap::new())
        .link_rel(None)
        .strip_comments(true)
        .clean(html)
        .to_string();
    let removed_dangerous = has_dangerous_tag(html);
    let removed_other = !removed_dangerous && normalise(&clean) != normalise(html);
    Sanitised { html: clean, removed_dangerous, removed_other }
}

/// Sanitise one inline HTML piece (a single tag, a comment or a run of tags).
pub fn sanitise_inline(html: &str) -> Sanitised {
    let mut out = String::new();
    let mut removed_dangerous = false;
    let mut removed_other = false;
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&crate::escape::html(&rest[..start]));
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&crate::escape::html(&rest[start..]));
            rest = "";
            break;
        };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        if tag.starts_with("!--") {
            continue; // comments are dropped silently
        }
        match rebuild_tag(tag) {
            TagOutcome::Kept { html, dropped_attributes, dangerous_attributes } => {
                out.push_str(&html);
                removed_other |= dropped_attributes;
                removed_dangerous |= dangerous_attributes;
            }
            TagOutcome::Dropped { dangerous } => {
                removed_dangerous |= dangerous;
                removed_other |= !dangerous;
            }
        }
    }
    out.push_str(&crate::escape::html(rest));
    Sanitised { html: out, removed_dangerous, removed_other }
}

enum TagOutcome {
    Kept { html: String, dropped_attributes: bool, dangerous_attributes: bool },
    Dropped { dangerous: bool },
}

fn rebuild_tag(tag: &str) -> TagOutcome {
    let closing = tag.starts_with('/');
    let body = tag.trim_start_matches('/').trim_end_matches('/').trim();
    let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
    let name = body[..name_end].to_ascii_lowercase();
    if !ALLOWED_TAGS.contains(&name.as_str()) {
        return TagOutcome::Dropped { dangerous: has_dangerous_tag(&format!("<{tag}>")) };
    }
    if closing {
        return TagOutcome::Kept { html: format!("</{name}>"), dropped_attributes: false, dangerous_attributes: false };
    }
    let mut html = format!("<{name}");
    let mut dropped_attributes = false;
    let mut dangerous_attributes = false;
    for (attribute, value) in parse_attributes(&body[name_end..]) {
        if ALLOWED_ATTRIBUTES.contains(&attribute.as_str()) && !value.to_ascii_lowercase().contains("javascript:") {
            html.push_str(&format!(" {attribute}=\"{}\"", crate::escape::html(&value)));
        } else if is_dangerous_attribute(&attribute, &value) {
            dangerous_attributes = true;
        } else {
            dropped_attributes = true;
        }
    }
    html.push('>');
    TagOutcome::Kept { html, dropped_attributes, dangerous_attributes }
}

/// Parse `name="value" name='value' name=value name` attribute lists.
fn parse_attributes(text: &str) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' && chars[i] != '/' {
            i += 1;
        }
        if start == i {
            i += 1;
            continue;
        }
        let name: String = chars[start..i].iter().collect::<String>().to_ascii_lowercase();
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let quote = chars[i];
                i += 1;
                while i < chars.len() && chars[i] != quote {
                    value.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && !chars[i].is_whitespace() {
                    value.push(chars[i]);
                    i += 1;
                }
            }
        }
        attributes.push((name, value));
    }
    attributes
}

fn is_dangerous_attribute(name: &str, value: &str) -> bool {
    name.starts_with("on") || value.trim().to_ascii_lowercase().starts_with("javascript:")
}

/// True when the HTML has a dangerous element, an event handler attribute or
/// a `javascript:` URL in a real tag (text that merely mentions them is fine).
fn has_dangerous_tag(html: &str) -> bool {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else { break };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        let body = tag.trim_start_matches('/').trim();
        if body.starts_with('!') || body.is_empty() || !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name_end = body.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(body.len());
        let name = body[..name_end].to_ascii_lowercase();
        if DANGEROUS_TAGS.contains(&name.as_str()) {
            return true;
        }
        if parse_attributes(&body[name_end..]).iter().any(|(n, v)| is_dangerous_attribute(n, v)) {
            return true;
        }
    }
    false
}

/// Compare HTML ignoring whitespace, quote style, comments and self-closing slashes.
fn normalise(html: &str) -> String {
    let mut without_comments = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start..].find("-->").map(|end| &rest[start + end + 3..]).unwrap_or("");
    }
    without_comments.push_str(rest);
    without_comments
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace('\'', "\"")
        .replace("/>", ">")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_html_keeps_the_subset_and_drops_scripts() {
        let s = sanitise_block(
            "<details><summary>More</summary><p>Text <abbr title=\"Data Protection Act\">DPA</abbr></p></details>",
        );
        assert!(!s.removed_dangerous && !s.removed_other, "{s:?}");
        let s = sanitise_block("<p onclick=\"steal()\">Hi</p><script>alert(1)</script>");
        assert!(s.removed_dangerous);
        assert!(!s.html.contains("script") && !s.html.contains("onclick"), "{}", s.html);
        let s = sanitise_block("<p>Never use javascript: links; turn onwards = clockwise.</p>");
        assert!(!s.removed_dangerous && !s.removed_other, "{s:?}");
        let s = sanitise_block("<br/>");
        assert!(!s.removed_other, "{s:?}");
        let s = sanitise_block("<!-- a note for authors -->");
        assert!(!s.removed_other && !s.removed_dangerous, "{s:?}");
    }

    #[test]
    fn inline_tags_are_rebuilt_one_by_one() {
        assert_eq!(sanitise_inline("<kbd>").html, "<kbd>");
        assert_eq!(sanitise_inline("</kbd>").html, "</kbd>");
        let s = sanitise_inline("<abbr title='UK GDPR' onmouseover=\"x()\">");
        assert_eq!(s.html, "<abbr title=\"UK GDPR\">");
        assert!(s.removed_dangerous);
        let s = sanitise_inline("<font color=red>");
        assert_eq!(s.html, "");
        assert!(s.removed_other && !s.removed_dangerous);
        let s = sanitise_inline("<script>");
        assert!(s.removed_dangerous);
        let s = sanitise_inline("<span title=\"javascript:alert(1)\">");
        assert_eq!(s.html, "<span>");
        assert!(s.removed_dangerous);
        let s = sanitise_inline("<span style=\"color:red\">");
        assert!(s.removed_other && !s.removed_dangerous, "style is unsupported, not dangerous");
    }
}
