//! Minification of the player's JS and CSS as shipped in packages.
//!
//! The sources in `assets/` stay readable and heavily commented; packages
//! carry them minified, which is most of what keeps every target's player
//! within its payload budget (`tests/budget.rs`).
//!
//! JavaScript goes through oxc (`oxc_parser`, `oxc_minifier`'s compressor and
//! mangler, `oxc_codegen`): each script is parsed as a script (not a module),
//! the compressor rewrites statements into shorter equivalent ones (joined
//! `var`s and statements, `!0` for `true`, unused locals and unreachable code
//! dropped...) within ES2017, the language level of the sources, the names
//! local to its functions are renamed to the shortest free ones, and the
//! program is printed again without comments or white space. Names at the
//! top level of a script are kept (each script is one function expression
//! called at once, and what the scripts share is a property of `window`).
//! Every compressor option is pinned in [`compress_options`], each with why
//! it keeps behaviour; `tests/shipped_js.rs` runs the whole JavaScript unit
//! suite on the minified scripts and the browser tests run on packages built
//! with them. The output is a pure function of the input and of the oxc
//! version pinned in Cargo.lock: same source, same bytes.
//!
//! CSS goes through the `minifier` crate's tokenizer.

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_compat::EngineTargets;
use oxc_minifier::{
    CompressOptions, CompressOptionsKeepNames, CompressOptionsUnused, MangleOptions, Minifier, MinifierOptions,
    TreeShakeOptions,
};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// Why a script or stylesheet could not be minified (the parser rejected
/// it: a syntax error in a player script or plug-in).
#[derive(Debug, thiserror::Error)]
#[error("the player's {kind} could not be minified: {reason}")]
pub struct MinifyError {
    /// `JavaScript` or `CSS`.
    pub kind: &'static str,
    /// The parser's message.
    pub reason: String,
}

/// The first line of every minified file: what it is and where the readable
/// source lives. A `/*!` comment, the convention minifiers keep.
/// Kept short: it is in every package's player.js and player.css, both
/// counted in the payload budget.
pub const SHIPPED_HEADER: &str = concat!(
    "/*! coursepack ",
    env!("CARGO_PKG_VERSION"),
    " player, minified; source: coursepack crates/coursepack-render/assets,",
    " crates/coursepack-quiz/assets (or build --no-minify) */\n"
);

/// `source` (a script) with its local names shortened and without comments
/// and white space. Behaviour is unchanged (see the module documentation).
pub fn minify_js(source: &str) -> Result<String, MinifyError> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::cjs()).parse();
    if parsed.panicked || !parsed.errors.is_empty() {
        let reason = parsed.errors.first().map_or_else(|| "the parser gave up".to_string(), ToString::to_string);
        return Err(MinifyError { kind: "JavaScript", reason });
    }
    let mut program = parsed.program;
    let options = MinifierOptions { mangle: Some(MangleOptions::default()), compress: Some(compress_options()) };
    let minified = Minifier::new(options).minify(&allocator, &mut program);
    let codegen = CodegenOptions { single_quote: true, ..CodegenOptions::minify() };
    let mut out = Codegen::new().with_options(codegen).with_scoping(minified.scoping).build(&program).code;
    out.push('\n');
    Ok(out)
}

/// The compressor's options, every one pinned here rather than taken from a
/// preset whose defaults could move with oxc. Each keeps behaviour:
/// - `target`: ES2017, the language level of the player's sources
///   (ARCHITECTURE.md, eslint's `ecmaVersion`), so a rewrite never needs a
///   newer browser than the source does (`Math.pow(2, n)` may become `2 ** n`,
///   a string a template literal; never `?.` or `??`).
/// - `join_vars`, `sequences`: `var a; var b` and `a(); b()` joined into one
///   statement; the same statements run in the same order.
/// - `unused: Remove`: a local variable or function nothing reads is dropped,
///   its initialiser kept when it has side effects (with the tree-shake
///   defaults below, the compressor treats every call, property read and
///   global read as one that may have side effects). Top-level names of a
///   script are never dropped (they are globals).
/// - `keep_names: all_false`: the mangler renames functions already, so no
///   script can rely on `Function.prototype.name`; none does.
/// - `drop_debugger`, `drop_console`: false: the sources hold no `debugger`
///   (lint), and the console warnings they write are behaviour.
/// - `treeshake`: the defaults: pure annotations honoured (the sources have
///   none), property reads and unknown globals assumed to have side effects.
/// - `drop_labels`: none; `max_iterations`: none (until nothing changes).
fn compress_options() -> CompressOptions {
    CompressOptions {
        target: EngineTargets::from_target("es2017").unwrap_or_default(),
        drop_debugger: false,
        drop_console: false,
        join_vars: true,
        sequences: true,
        unused: CompressOptionsUnused::Remove,
        keep_names: CompressOptionsKeepNames::all_false(),
        treeshake: TreeShakeOptions::default(),
        drop_labels: Default::default(),
        max_iterations: None,
    }
}

/// `source` without comments and the white space CSS does not need.
pub fn minify_css(source: &str) -> Result<String, MinifyError> {
    let minified =
        minifier::css::minify(source).map_err(|reason| MinifyError { kind: "CSS", reason: reason.to_string() })?;
    let mut out = tighten_css(&minified.to_string());
    out.push('\n');
    Ok(out)
}

/// The `minifier` crate's output, corrected and made a little smaller.
///
/// - Corrected: it takes the spaces out of `a + b` everywhere, and inside a
///   math function (`clamp(1rem, 1rem + 2vw, 2rem)`) that makes the whole
///   declaration invalid (CSS wants spaces around `+` there), so browsers
///   dropped it. Inside parentheses a `+` between two values gets its spaces back.
/// - Smaller: no `;` before `}`, no space before `!important`, no leading
///   zero before a decimal point (`.5em`).
///
/// A pass by hand over the minifier's tokens, outside strings: lightningcss
/// (the one CSS crate that does all of this itself) saved only 36 B more of
/// the gzipped stylesheet, for a ten-minute first build of its ~100 crates
/// (measured; docs/performance.md), and rewrites the rules' order of
/// declarations.
fn tighten_css(css: &str) -> String {
    let bytes = css.as_bytes();
    let mut out = String::with_capacity(css.len());
    let (mut i, mut depth) = (0usize, 0usize);
    let last = |out: &String| out.as_bytes().last().copied();
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'"' | b'\'' => {
                let mut end = i + 1;
                while end < bytes.len() && bytes[end] != c {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                let end = (end + 1).min(bytes.len());
                out.push_str(&css[i..end]);
                i = end;
                continue;
            }
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b';' if bytes.get(i + 1) == Some(&b'}') => {
                i += 1;
                continue;
            }
            b' ' if css[i + 1..].starts_with("!important") => {
                i += 1;
                continue;
            }
            b'+' if depth > 0 => {
                let value_before = last(&out).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'%' || b == b')');
                let value_after =
                    bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.' || *b == b'(');
                if value_before && value_after {
                    out.push_str(" + ");
                    i += 1;
                    continue;
                }
            }
            b'0' if bytes.get(i + 1) == Some(&b'.')
                && bytes.get(i + 2).is_some_and(u8::is_ascii_digit)
                && last(&out).is_some_and(|b| matches!(b, b':' | b' ' | b',' | b'(' | b'/' | b'-' | b'+' | b'*')) =>
            {
                i += 1;
                continue;
            }
            _ => {}
        }
        // Copy one character (whole, if it is not ASCII).
        let len = css[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&css[i..i + len]);
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_markers_inside_strings_and_regexes_are_kept() {
        let js = "(function () { var a = 'http://x/*y*/'; // gone\nvar b = \"//\"; /* gone */\nvar c = /\\/\\/[\"'`]/g;\nwindow.d = [a, b, c, 'x'.replace(/\"/g, '&quot;')]; })();\n";
        let min = minify_js(js).unwrap();
        // (the printer picks whichever quote needs no escapes: ', " or `)
        assert!(min.contains("http://x/*y*/"), "{min}");
        assert!(["'//'", "\"//\"", "`//`"].iter().any(|s| min.contains(s)), "{min}");
        assert!(min.contains(r#"/\/\/["'`]/g"#), "{min}");
        assert!(min.contains(r#".replace(/"/g,"#), "{min}");
        assert!(!min.contains("gone"), "{min}");
    }

    #[test]
    fn statements_ended_by_line_breaks_stay_apart() {
        // Without semicolons every statement ends on its line break (ASI); a
        // `return` followed by a line break returns nothing.
        let js = "var a = 1\nvar b = a\n++b\nfunction f() {\n  return\n  a\n}\n";
        let min = minify_js(js).unwrap();
        // (the compressor joins the two `var`s: `var a=1,b=a;++b`)
        assert!(min.contains("b=a;++b"), "{min}");
        // f returns nothing: `return;`, or an empty body once the compressor
        // drops the statement after the return that can never run
        assert!(min.contains("function f(){return;}") || min.contains("function f(){}"), "{min}");
        assert!(!min.contains("return a"), "{min}");
    }

    #[test]
    fn local_names_are_shortened_and_the_top_level_and_properties_are_kept() {
        let js = "var topLevel = 1;\n(function (root) {\n  'use strict';\n  var somethingLong = root.document;\n  function helperWithALongName(argumentName) { return argumentName + somethingLong.title; }\n  root.coursepack = { helper: helperWithALongName };\n})(window);\n";
        let min = minify_js(js).unwrap();
        assert!(min.contains("var topLevel=1"), "{min}");
        assert!(min.contains("'use strict'"), "{min}");
        assert!(min.contains(".coursepack={helper:"), "{min}");
        assert!(min.contains("window"), "{min}");
        for local in ["root", "somethingLong", "helperWithALongName", "argumentName"] {
            assert!(!min.contains(local), "{local} kept: {min}");
        }
    }

    #[test]
    fn the_compressor_writes_no_syntax_newer_than_es2017() {
        // Without the ES2017 target oxc rewrites these as `o?.p` and `a ?? b`
        // (ES2020), which the player's sources never need.
        let js = "(function () {\n  window.f = function (o) { return o == null ? void 0 : o.p; };\n  window.g = function (a, b) { return a !== null && a !== void 0 ? a : b; };\n})();\n";
        let min = minify_js(js).unwrap();
        assert!(!min.contains("?.") && !min.contains("??"), "{min}");
        assert!(min.contains("window.f=") && min.contains("window.g="), "{min}");
    }

    #[test]
    fn a_syntax_error_is_an_error() {
        let err = minify_js("var a = ;").unwrap_err();
        assert_eq!(err.kind, "JavaScript");
        assert!(!err.reason.is_empty());
    }

    #[test]
    fn minifying_is_deterministic_and_stable() {
        let once = minify_js(crate::PLAYER_JS).unwrap();
        assert_eq!(once, minify_js(crate::PLAYER_JS).unwrap());
        let twice = minify_js(&once).unwrap();
        assert_eq!(twice.len(), once.len(), "minifying the minified player changes its size");
        assert!(once.len() < crate::PLAYER_JS.len() / 2, "{} of {}", once.len(), crate::PLAYER_JS.len());
    }

    #[test]
    fn css_math_keeps_its_spaces_and_values_lose_what_they_do_not_need() {
        let css = "h1 { font-size: clamp(1.75rem, 1.3rem + 2vw, 2.375rem); margin: 0.5em -0.25em 0 calc(1% + (2px * 0.5)); }\n\
                   li:nth-child(2n + 1) { color: red !important; }\n.a::before { content: \"0.5; } !important (1+2)\"; }\n";
        let min = minify_css(css).unwrap();
        assert!(min.contains("clamp(1.75rem,1.3rem + 2vw,2.375rem)"), "{min}");
        assert!(min.contains("margin:.5em -.25em 0 calc(1% + (2px * .5))}"), "{min}");
        assert!(min.contains("li:nth-child(2n + 1){color:red!important}"), "{min}");
        assert!(min.contains(r#"content:"0.5; } !important (1+2)"}"#), "{min}");
        assert!(!min.contains(";}"), "{min}");
        // The player's two math functions are valid again.
        let player = minify_css(crate::PLAYER_CSS).unwrap();
        assert!(!player.contains("rem+"), "{player}");
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
