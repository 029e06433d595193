//! Finding what CSS in an author's file would load or run: `@import`,
//! `url(...)` and image functions that reach outside the file, legacy script
//! hooks (`expression()`, `behavior`, `-moz-binding`) and CSS the browser
//! would read differently from us (bad strings and URLs). The tokenizer is
//! `cssparser`'s, so escapes (`u\72l(`) are decoded exactly as a browser does.

use cssparser::{Parser, Token};

/// Problems of a stylesheet (`<style>` text) or a declaration list (a
/// `style` attribute or a presentation attribute such as `fill="url(#g)"`),
/// each as a short phrase (for example "`@import`").
pub fn problems(css: &str) -> Vec<String> {
    let mut parser = Parser::new(css);
    let mut found = Vec::new();
    walk(&mut parser, false, &mut found);
    found
}

fn walk(parser: &mut Parser<'_>, url_context: bool, found: &mut Vec<String>) {
    loop {
        let token = match parser.next_including_whitespace_and_comments() {
            Ok(token) => token.clone(),
            Err(_) => return,
        };
        match token {
            Token::AtKeyword(name) if name.eq_ignore_ascii_case("import") => found.push("`@import`".into()),
            Token::UnquotedUrl(url) => check_url(&url, found),
            Token::QuotedString(url) if url_context => check_url(&url, found),
            Token::BadUrl(_) | Token::BadString(_) => found.push("CSS that browsers may read differently".into()),
            Token::Ident(name)
                if name.eq_ignore_ascii_case("behavior") || name.eq_ignore_ascii_case("-moz-binding") =>
            {
                found.push(format!("`{name}`"));
            }
            Token::Function(name) => {
                let lower = name.to_ascii_lowercase();
                if lower == "expression" {
                    found.push("`expression()`".into());
                }
                let urls = lower == "url" || lower == "src" || lower.contains("image");
                let _ = parser.parse_nested_block(|inner| {
                    walk(inner, urls, found);
                    Ok::<(), cssparser::ParseError<()>>(())
                });
            }
            Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => {
                let _ = parser.parse_nested_block(|inner| {
                    walk(inner, url_context, found);
                    Ok::<(), cssparser::ParseError<()>>(())
                });
            }
            _ => {}
        }
    }
}

/// A URL in CSS may only name a part of the same file (`#gradient`) or be an
/// embedded raster image.
fn check_url(url: &str, found: &mut Vec<String>) {
    if !is_local_fragment(url) && !is_embedded_raster(url) {
        found.push(format!("`url({})`, which loads a file from outside the image", shorten(url)));
    }
}

/// `#name`: a part of the same document.
pub fn is_local_fragment(url: &str) -> bool {
    let url = url.trim();
    url.starts_with('#') && url.len() > 1
}

/// A `data:` URL of a raster image (PNG, JPEG, GIF, WebP, AVIF, BMP): inert
/// wherever it is used.
pub fn is_embedded_raster(url: &str) -> bool {
    let compact: String = url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect();
    let lower = compact.to_ascii_lowercase();
    [
        "data:image/png",
        "data:image/jpeg",
        "data:image/jpg",
        "data:image/gif",
        "data:image/webp",
        "data:image/avif",
        "data:image/bmp",
    ]
    .iter()
    .any(|prefix| lower.strip_prefix(prefix).is_some_and(|rest| rest.starts_with([';', ','])))
}

/// At most 60 characters of a URL, for messages.
pub fn shorten(url: &str) -> String {
    let url = url.trim();
    if url.chars().count() <= 60 { url.to_string() } else { format!("{}…", url.chars().take(57).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_external_urls_and_script_hooks_are_found() {
        assert_eq!(
            problems("@import url(https://example.org/x.css);"),
            ["`@import`", "`url(https://example.org/x.css)`, which loads a file from outside the image"]
        );
        assert_eq!(problems("@IMPORT 'x.css';"), ["`@import`"]);
        assert_eq!(problems("rect { fill: url('http://x/p.svg#a') }").len(), 1);
        assert_eq!(problems("rect { fill: u\\72l(//x/p.svg#a) }").len(), 1, "escapes are decoded");
        assert_eq!(problems("a { background-image: image-set('x.png' 1x) }").len(), 1);
        assert_eq!(problems("@font-face { font-family: F; src: url(f.woff) }").len(), 1);
        assert_eq!(problems("x { width: expression(alert(1)) }"), ["`expression()`"]);
        assert_eq!(problems("x { behavior: url(#a) }"), ["`behavior`"]);
        assert_eq!(problems("x { background: url(javascript:alert(1)) }").len(), 1);
    }

    #[test]
    fn local_references_and_embedded_rasters_are_fine() {
        assert!(problems("rect { fill: url(#grad); stroke: url( '#g2' ); filter: url(\"#f\") }").is_empty());
        assert!(problems(".a{fill:#264653;font:17px Arial}").is_empty());
        assert!(problems("x { background: url(data:image/png;base64,iVBOR) }").is_empty());
        assert!(!problems("x { background: url(data:image/svg+xml;base64,PHN2Zz4=) }").is_empty());
        assert!(problems("url(#a)").is_empty(), "a presentation attribute's value");
    }
}
