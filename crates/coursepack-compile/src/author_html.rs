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

/// One part of a piece of inline HTML after sanitising, for the page
/// compiler to keep tags balanced (see `page.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InlinePiece {
    /// Escaped text, or a kept void element (`<br>`, `<wbr>`).
    Html(String),
    /// A kept opening tag, rebuilt from its allowed parts; `name` is lowercased.
    Open { name: String, html: String },
    /// A kept closing tag.
    Close { name: String },
}

/// Allowed elements that never have content.
const VOID: &[&str] = &["br", "wbr"];

/// Elements whose end tag HTML lets authors leave out (the parser closes them
/// at the next block): never reported as unclosed in an HTML block.
const OPTIONAL_END: &[&str] = &["p", "dt", "dd"];

/// Sanitise one inline HTML piece (a single tag, a comment or a run of tags).
#[cfg(test)]
pub fn sanitise_inline(html: &str) -> Sanitised {
    let (pieces, removed_dangerous, removed_other) = inline_pieces(html);
    let html = pieces
        .into_iter()
        .map(|p| match p {
            InlinePiece::Html(h) | InlinePiece::Open { html: h, .. } => h,
            InlinePiece::Close { name } => format!("</{name}>"),
        })
        .collect();
    Sanitised { html, removed_dangerous, removed_other }
}

/// Sanitise one inline HTML piece into its parts: text, void elements,
/// opening and closing tags. A self-closing `<span/>` of an element that has
/// content comes out as an opening and a closing tag, as authors mean it.
/// Returns the parts and whether something dangerous, or something merely
/// unsupported, was removed.
pub fn inline_pieces(html: &str) -> (Vec<InlinePiece>, bool, bool) {
    let mut out = Vec::new();
    let mut removed_dangerous = false;
    let mut removed_other = false;
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        if start > 0 {
            out.push(InlinePiece::Html(crate::escape::html(&rest[..start])));
        }
        let Some(end) = rest[start..].find('>') else {
            out.push(InlinePiece::Html(crate::escape::html(&rest[start..])));
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
                removed_other |= dropped_attributes;
                removed_dangerous |= dangerous_attributes;
                let name = tag_name(tag);
                if tag.starts_with('/') {
                    if !VOID.contains(&name.as_str()) {
                        out.push(InlinePiece::Close { name });
                    }
                } else if VOID.contains(&name.as_str()) {
                    out.push(InlinePiece::Html(html));
                } else {
                    let self_closing = tag.trim_end().ends_with('/');
                    out.push(InlinePiece::Open { name: name.clone(), html });
                    if self_closing {
                        out.push(InlinePiece::Close { name });
                    }
                }
            }
            TagOutcome::Dropped { dangerous } => {
                removed_dangerous |= dangerous;
                removed_other |= !dangerous;
            }
        }
    }
    if !rest.is_empty() {
        out.push(InlinePiece::Html(crate::escape::html(rest)));
    }
    (out, removed_dangerous, removed_other)
}

/// The lowercased element name of a tag's inside (`b`, `/b`, `abbr title=x`).
fn tag_name(tag: &str) -> String {
    let body = tag.trim_start_matches('/').trim_end_matches('/').trim();
    let end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
    body[..end].to_ascii_lowercase()
}

/// An element of an HTML block that the block leaves open, or a closing tag
/// in it that closes nothing: the parser balances the block on its own, so
/// what the author wrapped around the Markdown after it ends up outside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockImbalance {
    /// `<name>` is still open at the end of the block.
    Unclosed(String),
    /// `</name>` closes nothing opened in the block.
    Stray(String),
}

/// The first imbalance of allowed elements in a block of author HTML, if any.
pub fn block_imbalance(html: &str) -> Option<BlockImbalance> {
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else { break };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        if tag.starts_with('!') || !tag.trim_start_matches('/').starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name = tag_name(tag);
        if !ALLOWED_TAGS.contains(&name.as_str()) || VOID.contains(&name.as_str()) {
            continue;
        }
        if tag.starts_with('/') {
            match open.iter().rposition(|n| *n == name) {
                Some(i) => {
                    if let Some(unclosed) = open[i + 1..].iter().find(|n| !OPTIONAL_END.contains(&n.as_str())) {
                        return Some(BlockImbalance::Unclosed(unclosed.clone()));
                    }
                    open.truncate(i);
                }
                None if OPTIONAL_END.contains(&name.as_str()) => {}
                None => return Some(BlockImbalance::Stray(name)),
            }
        } else if !tag.trim_end().ends_with('/') {
            open.push(name);
        }
    }
    open.into_iter().find(|n| !OPTIONAL_END.contains(&n.as_str())).map(BlockImbalance::Unclosed)
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

    #[test]
    fn inline_pieces_separate_opening_closing_and_void_tags() {
        let (pieces, _, _) = inline_pieces("<b>x<br/><span/></B>");
        assert_eq!(
            pieces,
            [
                InlinePiece::Open { name: "b".into(), html: "<b>".into() },
                InlinePiece::Html("x".into()),
                InlinePiece::Html("<br>".into()),
                InlinePiece::Open { name: "span".into(), html: "<span>".into() },
                InlinePiece::Close { name: "span".into() },
                InlinePiece::Close { name: "b".into() },
            ]
        );
    }

    #[test]
    fn blocks_that_leave_elements_open_are_found() {
        assert_eq!(
            block_imbalance("<details>\n<summary>More</summary>\n"),
            Some(BlockImbalance::Unclosed("details".into()))
        );
        assert_eq!(block_imbalance("</div>"), Some(BlockImbalance::Stray("div".into())));
        assert_eq!(block_imbalance("<div><b>x</div>"), Some(BlockImbalance::Unclosed("b".into())));
        assert_eq!(block_imbalance("<dl><dt>Term<dd>Meaning</dl>"), None, "optional end tags");
        assert_eq!(block_imbalance("<p>One<p>Two"), None);
        assert_eq!(block_imbalance("<div><font>x</div><!-- <b> --><br>"), None, "unknown tags, comments and void tags");
    }
}
