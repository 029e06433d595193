//! Minification of the player's JS and CSS as shipped in packages.
//!
//! The sources in `assets/` stay readable and heavily commented; packages
//! carry them without comments and indentation, which roughly halves what a
//! learner downloads. The work is done by the `minifier` crate's tokenizers
//! (no hand-written patterns): strings and regular expression literals are
//! tokens, so a `//` or `/*` inside them is never taken for a comment.
//!
//! JavaScript line breaks are kept wherever a statement could end on them
//! (automatic semicolon insertion): a newline is dropped only when the token
//! before it is `;`, `{`, `}` or `,`, or the token after it is `;`, `}`, `)`,
//! `]` or `,`, where no statement can end and no restricted production
//! (`return`, `throw`, `break`, `continue`, postfix `++`/`--`) is affected.
//! The output is a pure function of the input: same source, same bytes.

use minifier::js::{ReservedChar, Token, Tokens};

/// Why a script or stylesheet could not be minified (their tokenizer
/// rejected it: an unterminated string, comment or regular expression).
#[derive(Debug, thiserror::Error)]
#[error("the player's {kind} could not be minified: {reason}")]
pub struct MinifyError {
    /// `JavaScript` or `CSS`.
    pub kind: &'static str,
    /// The tokenizer's message.
    pub reason: &'static str,
}

/// The first line of every minified file: what it is and where the readable
/// source lives. A `/*!` comment, the convention minifiers keep.
pub const SHIPPED_HEADER: &str = concat!(
    "/*! coursepack ",
    env!("CARGO_PKG_VERSION"),
    " player, minified. Readable source in the coursepack repository:",
    " crates/coursepack-render/assets and crates/coursepack-quiz/assets/quiz.js;",
    " `coursepack build --no-minify` ships it as written. */\n"
);

/// `source` without comments, indentation and the line breaks no statement
/// can end on. Behaviour is unchanged (see the module documentation).
pub fn minify_js(source: &str) -> Result<String, MinifyError> {
    let tokens = minifier::js::simple_minify(source).map_err(|reason| MinifyError { kind: "JavaScript", reason })?;
    let mut kept: Vec<Token<'_>> = Vec::with_capacity(tokens.len() / 2);
    let mut newline_pending = false;
    for token in tokens {
        if token.is_comment() || token.is_license() {
            continue;
        }
        if token.is_white_character() {
            newline_pending |= token.get_char() == Some(ReservedChar::Backline);
            continue;
        }
        if newline_pending && kept.last().is_some_and(|before| newline_may_end_statement(before, &token)) {
            kept.push(Token::Char(ReservedChar::Backline));
        }
        newline_pending = false;
        kept.push(token);
    }
    let mut out = Tokens::from(kept).to_string();
    out.push('\n');
    Ok(out)
}

/// Whether a line break between `before` and `after` could end a statement
/// (or sits in a restricted production), so it must be kept.
fn newline_may_end_statement(before: &Token<'_>, after: &Token<'_>) -> bool {
    use ReservedChar::{CloseBracket, CloseCurlyBrace, CloseParenthese, Comma, OpenCurlyBrace, SemiColon};
    let before_ends = matches!(before.get_char(), Some(SemiColon | OpenCurlyBrace | CloseCurlyBrace | Comma));
    let after_closes =
        matches!(after.get_char(), Some(SemiColon | CloseCurlyBrace | CloseParenthese | CloseBracket | Comma));
    !(before_ends || after_closes)
}

/// `source` without comments and the white space CSS does not need.
pub fn minify_css(source: &str) -> Result<String, MinifyError> {
    let minified = minifier::css::minify(source).map_err(|reason| MinifyError { kind: "CSS", reason })?;
    let mut out = minified.to_string();
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_markers_inside_strings_and_regexes_are_kept() {
        let js = "var a = 'http://x/*y*/'; // gone\nvar b = \"//\"; /* gone */\nvar c = /\\/\\/[\"'`]/g;\nvar d = x.replace(/\"/g, '&quot;');\n";
        let min = minify_js(js).unwrap();
        assert_eq!(min, "var a='http://x/*y*/';var b=\"//\";var c=/\\/\\/[\"'`]/g;var d=x.replace(/\"/g,'&quot;');\n");
    }

    #[test]
    fn line_breaks_that_end_statements_are_kept() {
        // Without semicolons every statement ends on its line break (ASI).
        let js = "var a = 1\nvar b = a\n++b\nfunction f() {\n  return\n  a\n}\n";
        let min = minify_js(js).unwrap();
        assert_eq!(min, "var a=1\nvar b=a\n++b\nfunction f(){return\na}\n");
    }

    #[test]
    fn minifying_is_deterministic_and_idempotent() {
        let once = minify_js(crate::PLAYER_JS).unwrap();
        assert_eq!(once, minify_js(crate::PLAYER_JS).unwrap());
        assert_eq!(once, minify_js(&once).unwrap());
        assert!(once.len() < crate::PLAYER_JS.len() * 2 / 3, "{} of {}", once.len(), crate::PLAYER_JS.len());
    }

    #[test]
    fn css_keeps_the_spaces_selectors_and_calc_need() {
        let css = "/* c */\n.a .b + .c > :last-child { max-height: calc(100vh - 2rem); }\n@media (min-width: 60em) {\n  a::after { content: \" (\" attr(href) \")\"; }\n}\n";
        let min = minify_css(css).unwrap();
        assert!(min.contains(".a .b+.c>:last-child{"), "{min}");
        assert!(min.contains("calc(100vh - 2rem)"), "{min}");
        assert!(min.contains("content:\" (\" attr(href) \")\""), "{min}");
        assert!(!min.contains("/* c */"));
    }
}
