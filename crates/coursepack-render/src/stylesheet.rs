//! The stylesheet a module's package ships: only the rules its pages can use.
//!
//! `player.css` styles everything the player can show: code, tables, video,
//! details, every question type, the contents, the cover... A module uses a
//! part of it, and every byte of the rest counts in the payload budget
//! (`tests/budget.rs`). So the shipped stylesheet keeps a rule only when some
//! selector of it could match what this module's `index.html` holds or its
//! shipped scripts could create:
//!
//! - a class counts as used when its name is a word anywhere in the markup
//!   (an attribute, a JSON string) or in the scripts other than right after a
//!   `.` (`classList.add('cp-x')` writes it, `querySelector('.cp-x')` only
//!   looks for it), or is a word the scripts end with `-` followed by a
//!   quoted word (`'cp-q-' + status` and `'correct'` make `cp-q-correct`;
//!   after `` `cp-t-${` `` anything);
//! - an element counts as used when the markup or the scripts open it
//!   (`<table`, or `\u003ctable` inside the JSON of feedback) or the scripts
//!   name it in a string (`el('table')`);
//! - everything inside a selector's parentheses (`:not(…)`, `:has(…)`) and
//!   brackets is ignored, so a rule is dropped only when it needs something
//!   the module cannot have. At-rules other than `@media` and `@supports`
//!   are kept whole; a `@media` block left empty is dropped.
//!
//! The rules are split by hand over the minifier's output (strings, brackets
//! and nesting respected): no CSS crate in the tree exposes rules and
//! selectors without its own printer, and this needs nothing more than the
//! block structure.

use rustc_hash::FxHashSet as HashSet;

/// The class and element names a module's markup and scripts can produce.
pub(crate) struct Usage {
    /// Every word of the markup, and of the scripts where not looked up.
    words: HashSet<String>,
    /// Words between quotes, in the markup's JSON and the scripts.
    quoted: HashSet<String>,
    /// `'cp-q-'` in `'cp-q-' + status`: a class is this and a quoted word.
    prefixes: Vec<String>,
    /// `cp-t-` in `` `cp-t-${n}` ``: any class starting so may be written.
    open_prefixes: Vec<String>,
    elements: HashSet<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

impl Usage {
    /// What `markup` (HTML, JSON inside it included) and `scripts` can produce.
    pub(crate) fn new(markup: &[&str], scripts: &[&str]) -> Self {
        // Sized for the distinct words of the texts (about one per 40 bytes of a
        // page), so the sets do not grow and rehash word by word.
        let length: usize = markup.iter().chain(scripts).map(|t| t.len()).sum();
        let mut usage = Usage {
            words: HashSet::with_capacity_and_hasher(length / 40, Default::default()),
            quoted: HashSet::with_capacity_and_hasher(length / 200, Default::default()),
            prefixes: Vec::new(),
            open_prefixes: Vec::new(),
            elements: HashSet::default(),
        };
        for (n, text) in markup.iter().chain(scripts).enumerate() {
            let is_script = n >= markup.len();
            let text = unescaped_angles(text);
            let bytes = text.as_bytes();
            let mut at = 0;
            while at < bytes.len() {
                if !is_word_char(char::from(bytes[at])) {
                    at += 1;
                    continue;
                }
                // Word characters are ASCII, so `end` is a character boundary.
                let end =
                    bytes[at..].iter().position(|b| !is_word_char(char::from(*b))).map_or(bytes.len(), |e| at + e);
                let word = &text[at..end];
                // In a script, `.cp-q-hint` (in a selector) only looks for
                // markup the page has; the name counts where the script writes
                // it otherwise ('cp-q-status ' + …, classList.add('cp-x')).
                let looked_up = is_script && at > 0 && bytes[at - 1] == b'.';
                // Looked up before inserting: most words repeat, and a
                // `String` for each was most of a course build's time here.
                if !looked_up && !usage.words.contains(word) {
                    usage.words.insert(word.to_string());
                }
                // Each word's neighbours, not how quotes pair up: right
                // whatever quotes the strings and regular expressions hold.
                let quote_before = at > 0 && matches!(bytes[at - 1], b'\'' | b'"' | b'`');
                let quote_after = matches!(bytes.get(end), Some(b'\'' | b'"' | b'`'));
                if quote_before && quote_after && !usage.quoted.contains(word) {
                    usage.quoted.insert(word.to_string());
                    // 'table' in a script may be an element it creates.
                    if is_script && word.chars().all(|c| c.is_ascii_alphanumeric()) {
                        usage.elements.insert(word.to_ascii_lowercase());
                    }
                }
                if is_script && word.len() > 1 && word.ends_with('-') {
                    if quote_after {
                        usage.prefixes.push(word.to_string());
                    } else if text[end..].starts_with("${") {
                        usage.open_prefixes.push(word.to_string());
                    }
                }
                at = end;
            }
            for (at, _) in text.match_indices('<') {
                // ASCII, so `at + 1 + len` is a character boundary.
                let len = bytes[at + 1..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                let name = &text[at + 1..at + 1 + len];
                // Looked up before a `String` is made: most tags repeat.
                if !name.is_empty() && !usage.elements.contains(name) {
                    usage.elements.insert(name.to_ascii_lowercase());
                }
            }
        }
        for list in [&mut usage.prefixes, &mut usage.open_prefixes] {
            list.sort();
            list.dedup();
        }
        usage
    }

    /// What nothing can produce: [`Usage::join`] adds to it.
    pub(crate) fn empty() -> Self {
        Usage::new(&[], &[])
    }

    /// Add what `other` can produce: `Usage::new(a, b)` joined with
    /// `Usage::new(c, d)` is `Usage::new(a + c, b + d)` (each text is read on
    /// its own), so the part of the shipped scripts, the same for every
    /// module with the same player, is read once per process, and each
    /// script once, whatever players it is part of.
    pub(crate) fn join(mut self, other: &Usage) -> Self {
        self.words.extend(other.words.iter().cloned());
        self.quoted.extend(other.quoted.iter().cloned());
        self.elements.extend(other.elements.iter().cloned());
        self.prefixes.extend(other.prefixes.iter().cloned());
        self.open_prefixes.extend(other.open_prefixes.iter().cloned());
        for list in [&mut self.prefixes, &mut self.open_prefixes] {
            list.sort();
            list.dedup();
        }
        self
    }

    /// Whether both can produce exactly the same names.
    #[cfg(test)]
    pub(crate) fn same_as(&self, other: &Usage) -> bool {
        self.words == other.words
            && self.quoted == other.quoted
            && self.elements == other.elements
            && self.prefixes == other.prefixes
            && self.open_prefixes == other.open_prefixes
    }

    #[cfg(test)]
    fn has_class(&self, class: &str) -> bool {
        Usages(&[self]).has_class(class)
    }

    #[cfg(test)]
    fn has_element(&self, name: &str) -> bool {
        Usages(&[self]).has_element(name)
    }
}

/// What several texts read apart can produce, taken together: the same
/// answers as one [`Usage`] of all of them (see [`Usage::join`]), without
/// copying the words of the shipped scripts (read once per process) into
/// each module's usage: that copy, for every module and target, cost more
/// than reading the module's page.
#[derive(Clone, Copy)]
pub(crate) struct Usages<'a>(pub(crate) &'a [&'a Usage]);

impl Usages<'_> {
    fn has_class(&self, class: &str) -> bool {
        let parts = self.0;
        parts.iter().any(|u| u.words.contains(class))
            || parts.iter().flat_map(|u| &u.open_prefixes).any(|p| class.starts_with(p.as_str()))
            || parts.iter().flat_map(|u| &u.prefixes).any(|p| {
                class.strip_prefix(p.as_str()).is_some_and(|rest| parts.iter().any(|u| u.quoted.contains(rest)))
            })
    }

    fn has_element(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        self.0.iter().any(|u| u.elements.contains(&name))
    }
}

/// `text` with the escaped forms of `<` a JSON or script string may hold
/// (`\u003c`, `\u003C`, `\x3c`) written as `<`; borrowed when it has none
/// (one scan for a backslash instead of three searches and copies).
fn unescaped_angles(text: &str) -> std::borrow::Cow<'_, str> {
    const ESCAPES: [&str; 3] = ["\\u003c", "\\u003C", "\\x3c"];
    // One pass: the text between escapes copied whole. No escape overlaps
    // another or ends inside one, so this is the three replacements in turn.
    let mut out = String::new();
    let mut copied = 0;
    for (at, _) in text.match_indices('\\') {
        if at < copied {
            continue;
        }
        if let Some(escape) = ESCAPES.iter().find(|e| text[at..].starts_with(**e)) {
            if out.is_empty() {
                out.reserve(text.len());
            }
            out.push_str(&text[copied..at]);
            out.push('<');
            copied = at + escape.len();
        }
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    std::borrow::Cow::Owned(out)
}

/// The index just past the string that opens at `at` (a quote), or the end.
fn skip_string(css: &[u8], at: usize) -> usize {
    let quote = css[at];
    let mut i = at + 1;
    while i < css.len() {
        match css[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    css.len()
}

/// The index of the first of `stops` at nesting depth 0 from `from`
/// (outside strings, comments, parentheses and brackets), if any.
fn find_top_level(css: &str, from: usize, stops: &[u8]) -> Option<usize> {
    let bytes = css.as_bytes();
    let (mut i, mut depth) = (from, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = css[i + 2..].find("*/").map_or(bytes.len(), |end| i + 2 + end + 2);
                continue;
            }
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            c if depth == 0 && stops.contains(&c) => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index of the `}` closing the block whose `{` is at `open`.
fn block_end(css: &str, open: usize) -> usize {
    let mut at = open + 1;
    let mut depth = 1usize;
    while let Some(i) = find_top_level(css, at, b"{}") {
        if css.as_bytes()[i] == b'{' {
            depth += 1;
        } else {
            depth -= 1;
            if depth == 0 {
                return i;
            }
        }
        at = i + 1;
    }
    css.len()
}

/// `selector` without what its parentheses, brackets and strings hold.
fn outer_part(selector: &str) -> String {
    let bytes = selector.as_bytes();
    let (mut out, mut depth, mut i) = (String::new(), 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'(' | b'[' => {
                depth += 1;
                if depth == 1 {
                    out.push(' ');
                }
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(char::from(bytes[i])),
            _ => {}
        }
        i += 1;
    }
    out
}

/// Whether one complex selector could match something `usage` can produce.
fn selector_possible(selector: &str, usage: Usages<'_>) -> bool {
    let outer = outer_part(selector);
    let chars: Vec<char> = outer.chars().collect();
    let mut i = 0;
    // What the previous significant character was: a type name may start a compound only.
    let mut at_compound_start = true;
    while i < chars.len() {
        let c = chars[i];
        if c == '.' || c == ':' || c == '#' {
            let start = i + 1 + usize::from(c == ':' && chars.get(i + 1) == Some(&':'));
            let mut end = start;
            while end < chars.len() && (is_word_char(chars[end]) || chars[end] == '\\') {
                end += 1;
            }
            let name: String = chars[start..end].iter().collect();
            if c == '.' && !name.is_empty() && !usage.has_class(&name) {
                return false;
            }
            i = end;
            at_compound_start = false;
        } else if is_word_char(c) {
            let mut end = i;
            while end < chars.len() && is_word_char(chars[end]) {
                end += 1;
            }
            let name: String = chars[i..end].iter().collect();
            if at_compound_start && !name.starts_with('-') && !usage.has_element(&name) {
                return false;
            }
            i = end;
            at_compound_start = false;
        } else {
            at_compound_start = c.is_whitespace() || matches!(c, '>' | '+' | '~' | ',');
            if c == '*' {
                at_compound_start = false;
            }
            i += 1;
        }
    }
    true
}

/// Whether some selector of a comma-separated list could match.
fn selector_list_possible(list: &str, usage: Usages<'_>) -> bool {
    let mut from = 0;
    loop {
        let end = find_top_level(list, from, b",").unwrap_or(list.len());
        if selector_possible(&list[from..end], usage) {
            return true;
        }
        if end >= list.len() {
            return false;
        }
        from = end + 1;
    }
}

/// `css` (a minified stylesheet) with the style rules no selector of which
/// `usage` can match removed (see the module documentation).
pub(crate) fn prune(css: &str, usage: Usages<'_>) -> String {
    let mut out = String::with_capacity(css.len());
    let mut at = 0;
    while at < css.len() {
        let Some(stop) = find_top_level(css, at, b"{;}") else {
            out.push_str(&css[at..]);
            break;
        };
        if css.as_bytes()[stop] != b'{' {
            out.push_str(&css[at..=stop]);
            at = stop + 1;
            continue;
        }
        let end = block_end(css, stop);
        let prelude = &css[at..stop];
        let whole = &css[at..(end + 1).min(css.len())];
        let head = prelude.trim_start();
        if head.starts_with("@media") || head.starts_with("@supports") {
            let inner = prune(&css[stop + 1..end.min(css.len())], usage);
            if !inner.trim().is_empty() {
                out.push_str(prelude);
                out.push('{');
                out.push_str(&inner);
                out.push('}');
            }
        } else if head.starts_with('@') || selector_list_possible(prelude, usage) {
            out.push_str(whole);
        } else if prelude.len() > head.len() {
            // Keep the white space before a dropped rule (a line break the minifier left).
            out.push_str(&prelude[..prelude.len() - head.len()]);
        }
        at = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(markup: &str, script: &str) -> Usage {
        Usage::new(&[markup], &[script])
    }

    /// What two halves can produce, joined, is what both together can.
    #[test]
    fn usages_joined_are_the_usage_of_all_their_texts() {
        let (markup, template) = (r#"<p class="cp-a">x</p><table>"#, "<ol class='cp-b'>");
        let (script, course) =
            ("el('dl', 'cp-q-' + s); a = `cp-t-${n}`; q('.cp-c')", "s = 'correct'; r.className = 'cp-d';");
        let whole = Usage::new(&[markup, template], &[script, course]);
        let joined = Usage::new(&[markup], &[]).join(&Usage::new(&[template], &[script, course]));
        assert_eq!(joined.words, whole.words);
        assert_eq!(joined.quoted, whole.quoted);
        assert_eq!(joined.elements, whole.elements);
        assert_eq!(joined.prefixes, whole.prefixes);
        assert_eq!(joined.open_prefixes, whole.open_prefixes);
        assert!(whole.has_class("cp-q-correct") && whole.has_element("dl") && !whole.has_class("cp-c"));
    }

    /// Read apart and asked together, two usages answer every class and
    /// element question as the usage of both texts does, including a class
    /// made of one text's prefix and the other's quoted word, so the pruned
    /// stylesheet is the same.
    #[test]
    fn usages_asked_together_answer_as_one_usage_of_both() {
        let markup = r#"<P class="cp-a">x</P><script type="application/json">{"f":"\u003ctable\u003e"}</script>"#;
        let (script, course) =
            ("el('dl', 'cp-q-' + s); a = `cp-t-${n}`; q('.cp-c')", "s = 'correct'; r.className = 'cp-d';");
        let whole = Usage::new(&[markup], &[script, course]);
        let (own, shared) = (Usage::new(&[markup], &[]), Usage::new(&[], &[script, course]));
        let together = Usages(&[&own, &shared]);
        let classes = ["cp-a", "cp-b", "cp-c", "cp-d", "cp-q-correct", "cp-q-wrong", "cp-t-1", "cp-t-", "correct", "x"];
        for class in classes {
            assert_eq!(together.has_class(class), whole.has_class(class), "class {class}");
        }
        for element in ["p", "P", "dl", "table", "ol", "script", "div"] {
            assert_eq!(together.has_element(element), whole.has_element(element), "element {element}");
        }
        // The prefix is the script's, the quoted word the other text's: only together do they make the class.
        let prefix_only = Usage::new(&[], &["x = 'cp-q-' + s;"]);
        let word_only = Usage::new(&[r#"<p data-s='correct'>"#], &[]);
        assert!(Usages(&[&prefix_only, &word_only]).has_class("cp-q-correct"));
        assert!(!Usages(&[&prefix_only]).has_class("cp-q-correct"));
        let css = ".cp-q-correct{x:1}.cp-q-wrong{x:2}p{x:3}table{x:4}dl{x:5}.cp-c{x:6}";
        assert_eq!(prune(css, together), prune(css, Usages(&[&whole])));
        assert_eq!(prune(css, together), ".cp-q-correct{x:1}p{x:3}table{x:4}dl{x:5}");
    }

    /// The escaped `<` forms become `<` exactly as three replacements would,
    /// and a text without them is not copied.
    #[test]
    fn escaped_angles_are_read_as_angles() {
        for text in [
            "",
            "plain <p> text",
            r#"{"a":"\u003cb\u003e","c":"\u003Ctable","d":"\x3cdl","e":"\\u003cno","f":"\n"}"#,
            r"\u003",
            r"\x3",
            r"é\u003cp",
            r"\u003c\u003C\x3c<\\x3c\u003cx",
            r"\x3c",
            r"a\\u003C\x3\u003c",
        ] {
            let three = text.replace("\\u003c", "<").replace("\\u003C", "<").replace("\\x3c", "<");
            assert_eq!(unescaped_angles(text), three, "{text}");
        }
        assert!(matches!(unescaped_angles(r#"{"f":"\n"}"#), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn rules_for_what_the_module_cannot_show_are_dropped() {
        let css = "p{margin:0}table{width:100%}th,td{padding:0}.cp-a{x:1}.cp-b .cp-c{x:2}pre code{x:3}";
        let u = usage(r#"<p class="cp-a cp-c">x</p><table><tr><td>1</td></tr></table>"#, "");
        assert_eq!(prune(css, Usages(&[&u])), "p{margin:0}table{width:100%}th,td{padding:0}.cp-a{x:1}");
    }

    #[test]
    fn scripts_count_for_classes_and_elements_they_can_create() {
        let css = ".cp-q-correct{x:1}.cp-quiz-result{x:2}dl{x:3}.cp-gone{x:4}kbd{x:5}.cp-t-1{x:6}.cp-q-item{x:7}";
        let script = "var r = el('dl', 'cp-quiz-result'); r.className = 'cp-q-' + (ok ? 'correct' : \"wrong\"); a.id = `cp-t-${n}`;";
        assert_eq!(
            prune(css, Usages(&[&usage("<p></p>", script)])),
            ".cp-q-correct{x:1}.cp-quiz-result{x:2}dl{x:3}.cp-t-1{x:6}"
        );
    }

    #[test]
    fn a_script_that_only_looks_for_a_class_does_not_make_it_used() {
        let css = ".cp-q-item{x:1}.cp-q-hint{x:2}.cp-q-status{x:3}";
        let script = "all(r, 'li.cp-q-item'); r.querySelector('.cp-q-hint'); el('p', 'cp-q-status', '✓ done');";
        assert_eq!(prune(css, Usages(&[&usage("<p></p>", script)])), ".cp-q-status{x:3}");
        assert_eq!(
            prune(css, Usages(&[&usage(r#"<ol><li class="cp-q-item">a</li></ol>"#, script)])),
            ".cp-q-item{x:1}.cp-q-status{x:3}"
        );
    }

    #[test]
    fn markup_inside_json_counts() {
        // Feedback HTML travels in the page's JSON with `<` escaped.
        let markup = r#"<script type="application/json">{"f":"\u003ccode\u003ex\u003c/code\u003e"}</script>"#;
        assert_eq!(prune("code{x:1}pre{x:2}", Usages(&[&usage(markup, "")])), "code{x:1}");
    }

    #[test]
    fn only_the_outside_of_parentheses_and_brackets_is_required() {
        let css = r#".cp-a:not(.cp-gone){x:1}.cp-a:has(> table){x:2}a[href^="http"]::after{content:" (" attr(href) ")"}.cp-a:not(:empty)::before{content:"}{"}"#;
        assert_eq!(prune(css, Usages(&[&usage(r#"<a class="cp-a" href="/x">x</a>"#, "")])), css);
    }

    #[test]
    fn media_blocks_keep_what_is_used_and_disappear_when_empty() {
        let css =
            "@media print{.cp-a{x:1}pre{x:2}}@media (min-width:60em){pre{x:3}}@font-face{font-family:x}:root{--cp-a:1}";
        assert_eq!(
            prune(css, Usages(&[&usage(r#"<p class="cp-a"></p>"#, "")])),
            "@media print{.cp-a{x:1}}@font-face{font-family:x}:root{--cp-a:1}"
        );
    }

    #[test]
    fn the_player_stylesheet_splits_back_into_itself() {
        // Everything used: pruning gives the minified stylesheet back, byte for byte.
        let css = crate::minify_css(crate::PLAYER_CSS).unwrap();
        let everything = Usage {
            words: HashSet::default(),
            quoted: HashSet::default(),
            prefixes: Vec::new(),
            open_prefixes: vec![String::new()],
            elements: [
                "html", "body", "img", "svg", "video", "canvas", "a", "h1", "h2", "h3", "h4", "p", "ul", "ol", "dl",
            ]
            .into_iter()
            .map(String::from)
            .chain(
                [
                    "blockquote",
                    "pre",
                    "figure",
                    "details",
                    "li",
                    "hr",
                    "code",
                    "kbd",
                    "samp",
                    "mark",
                    "figcaption",
                    "audio",
                    "summary",
                    "table",
                    "caption",
                    "th",
                    "td",
                    "tbody",
                    "tr",
                    "thead",
                    "label",
                    "textarea",
                    "input",
                    "select",
                    "fieldset",
                    "legend",
                    "button",
                    "progress",
                    "strong",
                ]
                .into_iter()
                .map(String::from),
            )
            .collect(),
        };
        assert_eq!(prune(&css, Usages(&[&everything])), css);
    }
}
