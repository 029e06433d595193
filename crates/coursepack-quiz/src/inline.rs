//! A small, safe inline Markdown renderer for prompts, options and feedback.
//!
//! Supported: `**strong**`, `*em*` / `_em_`, `` `code` ``, `[text](url)`,
//! `![alt](path)` images and `\` escapes. An image becomes
//! [`image_placeholder`], which the module compiler (that checks and packages
//! the module's file, see [`images`]) replaces with the image's markup; a
//! remote or unsafe source is never written (its alt text is). Everything else is HTML-escaped. Link targets are kept only
//! when they are `http:`, `https:`, `mailto:` or relative (no scheme);
//! anything else (for example `javascript:`) is dropped and only the link
//! text is rendered; [`refused_links`] finds them so the quiz compiler can
//! report each one. A destination may hold balanced parentheses, as in
//! CommonMark (`[x](https://en.wikipedia.org/wiki/Archive_(disambiguation))`).

/// Escape text for HTML element content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Render inline Markdown to safe HTML.
pub fn to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    render(text, &mut out, Mode::Html, 0, &mut Found::default());
    out
}

/// Render inline Markdown to plain text (markers removed, link text and image alt text kept).
pub fn to_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    render(text, &mut out, Mode::Text, 0, &mut Found::default());
    out
}

/// The links [`to_html`] drops because of their scheme, as (byte offset of
/// the `[` in `text`, byte length of the whole link, destination).
pub fn refused_links(text: &str) -> Vec<(usize, usize, String)> {
    let mut found = Found::default();
    render(text, &mut String::new(), Mode::Text, 0, &mut found);
    found.refused
}

/// An image written `![alt](source)` in a question's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineImage {
    /// Byte offset of the `!` in the text.
    pub at: usize,
    /// Byte length of the whole image.
    pub len: usize,
    /// The alt text, as written.
    pub alt: String,
    /// The source, as written.
    pub source: String,
}

/// The images of `text`, in order.
pub fn images(text: &str) -> Vec<InlineImage> {
    let mut found = Found::default();
    render(text, &mut String::new(), Mode::Text, 0, &mut found);
    found.images
}

/// What [`to_html`] writes for `![alt](source)`: the module compiler replaces it with the
/// checked, packaged file's markup (a placeholder that never reaches a package).
pub fn image_placeholder(alt: &str, source: &str) -> String {
    format!("<img src=\"{}\" alt=\"{}\">", escape(source), escape(alt))
}

#[derive(Default)]
struct Found {
    refused: Vec<(usize, usize, String)>,
    images: Vec<InlineImage>,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Html,
    Text,
}

fn push_text(out: &mut String, s: &str, mode: Mode) {
    match mode {
        Mode::Html => escape_into(out, s),
        Mode::Text => out.push_str(s),
    }
}

fn render(text: &str, out: &mut String, mode: Mode, base: usize, found: &mut Found) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut plain_start = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        let handled: Option<usize> = match bytes[i] {
            b'\\' if i + 1 < bytes.len() && bytes[i + 1].is_ascii_punctuation() => {
                push_text(out, &text[plain_start..i], mode);
                push_text(out, &text[i + 1..i + 2], mode);
                Some(2)
            }
            b'`' => rest[1..].find('`').filter(|&n| n > 0).map(|n| {
                push_text(out, &text[plain_start..i], mode);
                let code = &rest[1..1 + n];
                if mode == Mode::Html {
                    out.push_str("<code>");
                }
                push_text(out, code, mode);
                if mode == Mode::Html {
                    out.push_str("</code>");
                }
                n + 2
            }),
            b'*' if rest.starts_with("**") => delimited(rest, "**").map(|inner| {
                push_text(out, &text[plain_start..i], mode);
                wrap(out, "strong", inner, mode, base + i + 2, found);
                inner.len() + 4
            }),
            b'*' | b'_' => {
                let marker = &rest[..1];
                let left_ok = i == 0 || !bytes[i - 1].is_ascii_alphanumeric() || marker == "*";
                delimited(rest, marker).filter(|_| left_ok).map(|inner| {
                    push_text(out, &text[plain_start..i], mode);
                    wrap(out, "em", inner, mode, base + i + 1, found);
                    inner.len() + 2
                })
            }
            b'!' if rest.starts_with("![") => link_parts(&rest[1..], true).map(|(alt, source, used)| {
                push_text(out, &text[plain_start..i], mode);
                found.images.push(InlineImage {
                    at: base + i,
                    len: used + 1,
                    alt: alt.to_string(),
                    source: source.to_string(),
                });
                let local = safe_url(source) && !source.contains(':') && !source.starts_with("//");
                match mode {
                    Mode::Html if local => out.push_str(&image_placeholder(alt, source)),
                    _ => push_text(out, alt, mode),
                }
                used + 1
            }),
            b'[' => link(rest).map(|(label, url, used)| {
                push_text(out, &text[plain_start..i], mode);
                let safe = safe_url(url);
                if !safe {
                    found.refused.push((base + i, used, url.to_string()));
                }
                match (mode, safe) {
                    (Mode::Html, true) => {
                        out.push_str("<a href=\"");
                        escape_into(out, url);
                        out.push_str("\">");
                        render(label, out, mode, base + i + 1, found);
                        out.push_str("</a>");
                    }
                    _ => render(label, out, mode, base + i + 1, found),
                }
                used
            }),
            _ => None,
        };
        match handled {
            Some(used) => {
                i += used;
                plain_start = i;
            }
            None => i += utf8_len(bytes[i]),
        }
    }
    push_text(out, &text[plain_start..], mode);
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

fn wrap(out: &mut String, tag: &str, inner: &str, mode: Mode, base: usize, found: &mut Found) {
    if mode == Mode::Html {
        out.push('<');
        out.push_str(tag);
        out.push('>');
    }
    render(inner, out, mode, base, found);
    if mode == Mode::Html {
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
}

/// The text between an opening `marker` at the start of `s` and the next
/// closing one, when it is non-empty and does not start or end with a space.
fn delimited<'a>(s: &'a str, marker: &str) -> Option<&'a str> {
    let body = &s[marker.len()..];
    let end = body.find(marker)?;
    let inner = &body[..end];
    if inner.is_empty() || inner.starts_with(' ') || inner.ends_with(' ') {
        return None;
    }
    Some(inner)
}

/// `[label](url)` at the start of `s`: the label, the url and the bytes used.
fn link(s: &str) -> Option<(&str, &str, usize)> {
    link_parts(s, false)
}

/// `[label](url)` at the start of `s`, the label possibly empty (an image's alt text).
fn link_parts(s: &str, empty_label: bool) -> Option<(&str, &str, usize)> {
    let close = s.find("](")?;
    let label = &s[1..close];
    if label.contains('[') || (label.is_empty() && !empty_label) {
        return None;
    }
    let after = &s[close + 2..];
    // The destination ends at the `)` that balances the `(`: parentheses inside
    // it (`javascript:alert(1)`, `..._(disambiguation)`) are part of it.
    let mut depth = 0usize;
    let mut end = None;
    let mut escaped = false;
    for (index, c) in after.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' if depth == 0 => {
                end = Some(index);
                break;
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    let end = end?;
    let url = after[..end].trim();
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    Some((label, url, close + 2 + end + 1))
}

/// True for `http:`, `https:`, `mailto:` and scheme-less (relative) URLs.
pub fn safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            // A colon after a '/', '?' or '#' is not a scheme separator.
            if lower[..colon].contains(['/', '?', '#']) {
                return true;
            }
            matches!(&lower[..colon], "http" | "https" | "mailto")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_emphasis_code_and_links() {
        assert_eq!(
            to_html("a **b** *c* _d_ `<e>` [f](https://x.org/?a=1&b=2)"),
            "a <strong>b</strong> <em>c</em> <em>d</em> <code>&lt;e&gt;</code> <a href=\"https://x.org/?a=1&amp;b=2\">f</a>"
        );
        assert_eq!(to_text("a **b** [f](x.html)"), "a b f");
    }

    #[test]
    fn escapes_html_and_drops_unsafe_links() {
        assert_eq!(to_html("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(to_html("[x](javascript:alert(1))"), "x");
        assert_eq!(to_html("see [x](javascript:alert(1)) now"), "see x now");
        assert_eq!(
            to_html("[the list](https://en.wikipedia.org/wiki/Archive_(disambiguation))."),
            "<a href=\"https://en.wikipedia.org/wiki/Archive_(disambiguation)\">the list</a>."
        );
        assert_eq!(
            refused_links("ok [a](https://x) and **[b](javascript:alert(1))**"),
            [(24, 24, "javascript:alert(1)".to_string())]
        );
        assert_eq!(to_html("[x](JavaScript:void)"), "x");
        assert_eq!(to_html("\"q\" & 'a'"), "&quot;q&quot; &amp; &#39;a&#39;");
    }

    #[test]
    fn images_become_placeholders_for_local_files_only() {
        assert_eq!(
            to_html("See ![A plan of the *branch*](media/plan.svg \"x\") here"),
            "See ![A plan of the <em>branch</em>](media/plan.svg &quot;x&quot;) here",
            "a title is not supported: no image"
        );
        assert_eq!(
            to_html("See ![A \"plan\"](media/plan.svg) here"),
            "See <img src=\"media/plan.svg\" alt=\"A &quot;plan&quot;\"> here"
        );
        assert_eq!(to_text("See ![A plan](media/plan.svg) here"), "See A plan here");
        assert_eq!(to_html("![Remote](https://x.org/a.png)"), "Remote");
        assert_eq!(to_html("![x](javascript:alert(1))"), "x");
        assert_eq!(to_html("![x](//x.org/a.png)"), "x");
        assert_eq!(
            images("a ![](media/a.png) b ![B](../b.png)"),
            [
                InlineImage { at: 2, len: 16, alt: String::new(), source: "media/a.png".into() },
                InlineImage { at: 21, len: 14, alt: "B".into(), source: "../b.png".into() }
            ]
        );
    }

    #[test]
    fn leaves_unmatched_markers_and_snake_case_alone() {
        assert_eq!(to_html("2 * 3 = 6"), "2 * 3 = 6");
        assert_eq!(to_html("snake_case_name"), "snake_case_name");
        assert_eq!(to_html("\\*not em\\*"), "*not em*");
        assert_eq!(to_html("cŵn *hapus*"), "cŵn <em>hapus</em>");
    }
}
