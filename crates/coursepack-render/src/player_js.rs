//! How the parts of a player's script are joined into `player.js`.
//!
//! Shared with `build.rs`, which joins the shipped players of the common
//! widget sets with exactly this code when the crate is built, so that the
//! packaging crate can deflate them then.

/// The core runtime followed by the adapter and the plug-ins, each separated
/// by a newline and a `;` so a plug-in without a trailing semicolon cannot
/// merge with the next one. Minified packages join the minified parts the
/// same way, so each part of a shipped `player.js` is exactly
/// `minify_js` of its source.
pub(crate) fn player_js(core: &str, adapter: &str, extra_js: &[&str]) -> String {
    let mut js = String::from(core);
    for part in std::iter::once(adapter).chain(extra_js.iter().copied()) {
        if part.trim().is_empty() {
            continue;
        }
        if !js.ends_with('\n') {
            js.push('\n');
        }
        js.push_str(";\n");
        js.push_str(part);
    }
    if !js.ends_with('\n') {
        js.push('\n');
    }
    js
}

/// A shipped (minified) `player.js`: the shipped header, then the minified
/// core runtime joined with the minified parts (the adapter's sources, the
/// plug-ins, the widgets) by [`player_js`].
pub(crate) fn shipped_player_js(core: &str, parts: &[&str]) -> String {
    format!("{}{}", crate::minify::SHIPPED_HEADER, player_js(core, "", parts))
}
