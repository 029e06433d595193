//! Author HTML stays balanced (issue 12 §1): an inline tag left open would
//! carry its formatting on through the rest of the page, so every imbalance
//! is a located error and the emitted HTML is balanced anyway; an HTML block
//! that leaves an element open (Markdown after it is not inside it) warns.

use coursepack_compile::compile_module;
use coursepack_diagnostics::Diagnostic;
use coursepack_source::load_module;

/// Compile a one-page module; returns the page HTML and `code@line:column` of each problem.
fn compile(page: &str) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("module.toml"),
        "id = \"m\"\ntitle = \"M\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"S.\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("01-a.md"), page).unwrap();
    let (parsed, mut diagnostics) = load_module(dir.path()).unwrap();
    let (module, more) = compile_module(&parsed.expect("parses"));
    diagnostics.extend(more);
    let located = |d: &Diagnostic| {
        let l = d.location.as_ref().expect("located");
        format!("{}@{}:{}", d.code, l.line, l.column)
    };
    (module.pages[0].html.clone(), diagnostics.iter().map(located).collect())
}

/// Element names in document order, `/name` for closing tags (void elements excluded).
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("tag end") + start;
        let tag = &rest[start + 1..end];
        let name: String = tag.chars().take_while(|c| !c.is_whitespace()).collect();
        if !matches!(name.as_str(), "br" | "wbr" | "img" | "hr") {
            out.push(name);
        }
        rest = &rest[end + 1..];
    }
    out
}

/// True when every element closes in the reverse order it opened.
fn balanced(html: &str) -> bool {
    let mut stack = Vec::new();
    for tag in tags(html) {
        match tag.strip_prefix('/') {
            Some(name) => {
                if stack.pop().as_deref() != Some(name) {
                    return false;
                }
            }
            None => stack.push(tag),
        }
    }
    stack.is_empty()
}

#[test]
fn an_inline_tag_left_open_is_an_error_at_the_tag_and_closed_at_its_paragraph() {
    let (html, problems) = compile("# A\n\nSome <b>bold text.\n\nThe next paragraph.\n");
    assert_eq!(problems, ["page/unbalanced-html@3:6"]);
    assert!(html.contains("<p>Some <b>bold text.</b></p>"), "{html}");
    assert!(html.contains("<p>The next paragraph.</p>"), "{html}");
    assert!(balanced(&html), "{html}");
}

#[test]
fn every_kind_of_imbalance_is_located_and_balanced() {
    for (page, expected) in [
        // A stray closing tag, which could close the player's own elements.
        ("# A\n\nText</div> and </span>more.\n", vec!["page/unbalanced-html@3:5", "page/unbalanced-html@3:16"]),
        // Crossed tags: `<i>` is still open at `</b>`.
        ("# A\n\n<b>one <i>two</b> three</i>\n", vec!["page/unbalanced-html@3:8", "page/unbalanced-html@3:24"]),
        // Open across Markdown emphasis: closed at the end of the emphasis.
        ("# A\n\n*one <kbd>two* three</kbd>\n", vec!["page/unbalanced-html@3:6", "page/unbalanced-html@3:21"]),
        // In a heading, a table cell and a list item.
        ("# A\n\n## Head <em>ing\n\nText.\n", vec!["page/unbalanced-html@3:9"]),
        ("# A\n\n| a | b |\n|---|---|\n| <mark>x | y |\n", vec!["page/unbalanced-html@5:3"]),
        ("# A\n\n- one <s>two\n- three\n", vec!["page/unbalanced-html@3:7"]),
        // A tight list item with a list inside.
        ("# A\n\n- one <u>two\n  - inner\n", vec!["page/unbalanced-html@3:7"]),
    ] {
        let (html, problems) = compile(page);
        assert_eq!(problems, expected, "{page}");
        assert!(balanced(&html), "{page}\n{html}");
    }
}

#[test]
fn balanced_html_and_self_closing_tags_are_fine() {
    let (html, problems) = compile(
        "# A\n\nPress <kbd>Ctrl</kbd> + <kbd>C</kbd>, line<br/>break, <abbr title=\"UK GDPR\">GDPR</abbr> and <span/>.\n\n**bold <i>and</i> italic**\n",
    );
    assert_eq!(problems, Vec::<String>::new());
    assert!(balanced(&html), "{html}");
    assert!(html.contains("<span></span>"), "{html}");
}

#[test]
fn an_html_block_that_leaves_an_element_open_warns() {
    let (html, problems) = compile("# A\n\n<details>\n<summary>More</summary>\n\nHidden text.\n\n</details>\n");
    assert_eq!(problems, ["page/unclosed-html-block@3:1", "page/unclosed-html-block@8:1"]);
    assert!(balanced(&html), "{html}");
    let (_, problems) = compile("# A\n\n<details>\n<summary>More</summary>\n<p>Hidden text.</p>\n</details>\n");
    assert_eq!(problems, Vec::<String>::new());
}
