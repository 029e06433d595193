//! HTML escaping for text and attribute values.

/// Escape text for use in HTML element content or a double-quoted attribute
/// (`&`, `<`, `>`, `"` and `'`). One escaper serves the pages and the quiz
/// widgets, so both treat author text alike.
pub use coursepack_quiz::inline::escape as html;

/// Turn heading text into an anchor slug: lowercase ASCII letters and digits
/// separated by single hyphens.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase().filter(char::is_ascii_alphanumeric));
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(super::html("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    #[test]
    fn slugs_are_ascii_kebab() {
        assert_eq!(super::slug("What is a Digital Leader?"), "what-is-a-digital-leader");
        assert_eq!(super::slug("  UK GDPR & you "), "uk-gdpr-you");
    }
}
