//! Snapshots of the HTML `compile_module` produces for a fixture module that
//! uses every kind of page content, and a safety test: no compiled HTML ever
//! carries a script, an event handler or a `javascript:` URL, whatever the
//! author wrote.

use coursepack_compile::{CompiledModule, compile_module};
use coursepack_diagnostics::Diagnostic;
use coursepack_source::load_module;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snapshot-module")
}

/// Load and compile the module in `dir`, returning every diagnostic.
fn compile(dir: &Path) -> (CompiledModule, Vec<Diagnostic>) {
    let (parsed, mut diagnostics) = load_module(dir).expect("module.toml is readable");
    let parsed = parsed.unwrap_or_else(|| panic!("module.toml did not parse: {diagnostics:#?}"));
    let (module, more) = compile_module(&parsed);
    diagnostics.extend(more);
    (module, diagnostics)
}

fn compiled_fixture() -> CompiledModule {
    let (module, diagnostics) = compile(&fixture());
    assert!(diagnostics.is_empty(), "the snapshot fixture must be clean: {diagnostics:#?}");
    module
}

#[test]
fn fixture_compiles_without_diagnostics() {
    let module = compiled_fixture();
    let ids: Vec<&str> = module.pages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["text", "media", "practice"]);
}

#[test]
fn page_html_snapshots() {
    let module = compiled_fixture();
    for page in &module.pages {
        insta::assert_snapshot!(format!("page-{}", page.id), page.html);
    }
}

#[test]
fn module_outline_snapshot() {
    let module = compiled_fixture();
    let mut outline = String::new();
    for page in &module.pages {
        outline.push_str(&format!("page {} \"{}\" questions={:?}\n", page.id, page.title, page.question_ids));
    }
    for reflection in &module.reflections {
        outline.push_str(&format!("reflection {} on {}\n", reflection.id, reflection.page_id));
    }
    for asset in &module.assets {
        assert!(asset.source_path.is_file(), "{}", asset.source_path.display());
        outline.push_str(&format!("asset {}\n", asset.package_path));
    }
    insta::assert_snapshot!("outline", outline);
}

// ------------------------------------------------------------------- safety

/// A page full of ways to smuggle script into HTML.
const HOSTILE: &str = r#"# Hostile <script>alert(1)</script> title

<script>alert("block")</script>

<p onclick="steal()">Block paragraph with a handler</p>

<div title="ok" onmouseover = "steal()">Spaced handler</div>

<details open ontoggle=alert(1)><summary>Toggle</summary>Body</details>

<svg onload="alert(1)"><circle r="1"/></svg>

<iframe src="javascript:alert(1)"></iframe>

<a href="javascript:alert(1)">block link</a>

<img src="x" onerror="alert(1)">

<style>body { background: url("javascript:alert(1)") }</style>

<object data="javascript:alert(1)"></object>

<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">Go</button></form>

Inline <span onmouseover="steal()">hover</span> and <b onclick=alert(1)>bold</b> and <img src=x onerror=alert(1)> and
<a href="javascript:alert(1)">inline link</a> and <abbr title="javascript:alert(1)">JS</abbr> and <SCRIPT>alert(2)</SCRIPT>
and <ScRiPt src="//evil.example/x.js"></ScRiPt> and <kbd onkeydown="x()">K</kbd>.

Markdown links: [scheme](javascript:alert(1)), [upper](JaVaScRiPt:alert(1)), [entity](java&#115;cript:alert(1)),
[tab](java	script:alert(1)), [vb](vbscript:msgbox(1)), [data](data:text/html,<script>alert(1)</script>),
[spaces](  javascript:alert(1)  ), [reference][evil] and <javascript:alert(1)>.

[evil]: javascript:alert(1)

[A title with a quote](https://example.org "x\" onmouseover=\"alert(1)")

![An image with a script url](javascript:alert(1))

![alt" onerror="alert(1)](media/ok.png "caption\" onload=\"alert(1)")

```js onload=alert(1)
<script>alert("in code")</script>
```

```"onload=alert(1)
code
```

```reflection
id: safe
Prompt <script>alert(1)</script> with <b onclick="x()">markup</b>
```
"#;

/// Problems with one piece of compiled HTML: `<script` anywhere, an `on*`
/// attribute on any tag, or a `javascript:`/`vbscript:`/`data:` URL in any
/// attribute (after decoding entities and dropping whitespace, as browsers do).
/// The one `data:` URL allowed is the captions of a `<track src>`, and only as
/// `text/vtt` (a text track is parsed as WebVTT text, never run; it is how
/// captions show from `file://`): any other type there is still a problem.
fn unsafe_markup(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lower = html.to_ascii_lowercase();
    if lower.contains("<script") {
        problems.push("contains `<script`".to_string());
    }
    for (tag, attributes) in tags(html) {
        for (name, value) in attributes {
            if name.starts_with("on") {
                problems.push(format!("<{tag}> has the event handler `{name}`"));
            }
            let url: String =
                decode_entities(&value).chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect();
            let url = url.to_ascii_lowercase();
            let captions = tag == "track" && name == "src" && url.starts_with("data:text/vtt;charset=utf-8,");
            if url.contains("javascript:") || url.contains("vbscript:") || (url.starts_with("data:") && !captions) {
                problems.push(format!("<{tag}> has `{name}=\"{value}\"`"));
            }
            if name == "style" || name == "srcdoc" || name == "formaction" {
                problems.push(format!("<{tag}> has the attribute `{name}`"));
            }
        }
        if matches!(
            tag.as_str(),
            "script" | "iframe" | "object" | "embed" | "svg" | "style" | "form" | "base" | "meta" | "link"
        ) {
            problems.push(format!("contains a <{tag}> element"));
        }
    }
    problems
}

type Tag = (String, Vec<(String, String)>);

/// Every start tag in `html` with its attributes (a small tokenizer: text is
/// skipped, quoted attribute values may contain `>`).
fn tags(html: &str) -> Vec<Tag> {
    let chars: Vec<char> = html.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '<' || !chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '>' && chars[i] != '/' {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect::<String>().to_ascii_lowercase();
        let mut attributes = Vec::new();
        loop {
            while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
                i += 1;
            }
            if i >= chars.len() || chars[i] == '>' {
                i += 1;
                break;
            }
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '=' | '>' | '/') {
                i += 1;
            }
            let attribute: String = chars[start..i].iter().collect::<String>().to_ascii_lowercase();
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < chars.len() && chars[i] == '=' {
                i += 1;
                while i < chars.len() && chars[i].is_whitespace() {
                    i += 1;
                }
                if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                    let quote = chars[i];
                    i += 1;
                    while i < chars.len() && chars[i] != quote {
                        value.push(chars[i]);
                        i += 1;
                    }
                    i += 1;
                } else {
                    while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '>' {
                        value.push(chars[i]);
                        i += 1;
                    }
                }
            }
            attributes.push((attribute, value));
        }
        found.push((name, attributes));
    }
    found
}

fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|e| *e <= 12);
        let decoded = end.and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn the_checker_catches_what_it_looks_for() {
    assert!(unsafe_markup("<p>fine <kbd>K</kbd> &lt;script&gt; onclick=x javascript: text</p>").is_empty());
    assert!(!unsafe_markup("<SCRIPT>x</SCRIPT>").is_empty());
    assert!(!unsafe_markup("<p class=\"a\" onClick = 'x()'>").is_empty());
    assert!(!unsafe_markup("<a href=\"&#106;ava&#x73;cript&colon;x\">").is_empty());
    assert!(!unsafe_markup("<a href=\"java\tscript:x\">").is_empty());
    assert!(!unsafe_markup("<img src=x onerror=alert(1)>").is_empty());
    assert!(!unsafe_markup("<a title='>' onmouseover=x>").is_empty());
}

#[test]
fn no_compiled_html_has_scripts_handlers_or_javascript_urls() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("media")).unwrap();
    std::fs::write(dir.path().join("media/ok.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(
        dir.path().join("module.toml"),
        "id = \"hostile\"\ntitle = \"Hostile\"\nversion = \"1\"\nlanguage = \"en\"\nsummary = \"x\"\npages = [\"01-hostile.md\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("01-hostile.md"), HOSTILE).unwrap();
    let (hostile, diagnostics) = compile(dir.path());
    // The author is told: the dangerous parts are errors, not silent drops.
    let codes: std::collections::BTreeSet<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    for code in ["page/unsafe-html", "page/unsafe-link", "page/remote-media"] {
        assert!(codes.contains(code), "{code} not reported: {codes:?}");
    }
    let fixture = compiled_fixture();
    let mut failures = Vec::new();
    for module in [&hostile, &fixture] {
        for page in &module.pages {
            for problem in unsafe_markup(&page.html) {
                failures.push(format!("{}/{}: {problem}", module.meta.id, page.id));
            }
        }
        // The titles end up in the page template too.
        for page in &module.pages {
            assert!(!page.title.to_ascii_lowercase().contains("<script"), "{}", page.title);
        }
    }
    assert!(
        failures.is_empty(),
        "unsafe markup in compiled HTML:\n{}\n\n{}",
        failures.join("\n"),
        hostile.pages[0].html
    );
}

#[test]
fn clean_fixture_html_has_no_script_text_at_all() {
    // The plain substring rules of the issue, on content that has no reason to mention them.
    let module = compiled_fixture();
    for page in &module.pages {
        let lower = page.html.to_ascii_lowercase();
        assert!(!lower.contains("<script") && !lower.contains("javascript:"), "{}", page.html);
        let handler = lower.match_indices(" on").any(|(i, _)| {
            let rest = &lower[i + 3..];
            let len = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
            len > 0 && rest[len..].trim_start().starts_with('=')
        });
        assert!(!handler, "{}", page.html);
    }
}
