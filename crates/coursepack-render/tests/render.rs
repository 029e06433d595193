//! Renders the fixture module and checks the DOM contract, the safety rules
//! and the snapshots of `index.html` in English and Welsh.

mod common;

use common::{file, module};
use coursepack_render::{
    ActivityData, CourseData, LmsData, OutputFile, RenderError, RenderOptions, SHIPPED_HEADER, Target, minify_css,
    minify_js, render, render_with, render_with_options,
};

fn web(language: &str) -> Vec<OutputFile> {
    render(&module(language), Target::Web).expect("fixture renders")
}

#[test]
fn renders_exactly_the_three_player_files() {
    let paths: Vec<_> = web("en-GB").iter().map(|f| f.path.clone()).collect();
    assert_eq!(paths, ["index.html", "player/player.js", "player/player.css"]);
}

#[test]
fn index_snapshot_english() {
    insta::assert_snapshot!("index_en", file(&web("en-GB"), "index.html"));
}

/// The fixture with the strings of the cmi5 ended page, which the player does
/// not require of every module (`coursepack_source::strings` gives them to all).
fn with_ended_strings(mut m: coursepack_compile::CompiledModule) -> coursepack_compile::CompiledModule {
    let all = coursepack_source::strings::default_strings(&m.meta.language);
    for key in ["session_ended", "session_ended_saved", "return_to_lms", "close_window"] {
        m.strings.insert(key.into(), all[key].clone());
    }
    m
}

/// The cmi5 page: the module's, plus the hidden "session ended" page that
/// `adapters/cmi5.js` shows (its unit tests run on this snapshot).
#[test]
fn index_snapshot_cmi5() {
    let m = with_ended_strings(module("en-GB"));
    insta::assert_snapshot!("index_cmi5", file(&render(&m, Target::Cmi5).unwrap(), "index.html"));
}

#[test]
fn only_cmi5_packages_carry_the_session_ended_page() {
    let m = with_ended_strings(module("en-GB"));
    for target in Target::ALL {
        let html = file(&render(&m, target).unwrap(), "index.html").to_string();
        let ended = html.contains(r#"<section id="cp-ended" aria-labelledby="cp-session-ended-title" hidden>"#);
        assert_eq!(ended, target == Target::Cmi5, "{target:?}");
        if ended {
            assert!(
                html.contains(">This session has ended</h1>") && html.contains(">Return to your learning platform</a>")
            );
        }
    }
    let cy = with_ended_strings(module("cy"));
    let html = file(&render(&cy, Target::Cmi5).unwrap(), "index.html").to_string();
    assert!(html.contains(">Mae&#x27;r sesiwn hon wedi dod i ben</h1>"), "in the module's language: {html}");
}

#[test]
fn index_snapshot_welsh() {
    insta::assert_snapshot!("index_cy", file(&web("cy"), "index.html"));
}

#[test]
fn each_runtime_appends_its_adapter_after_the_core() {
    for runtime in [Target::Scorm12, Target::Scorm2004, Target::Xapi, Target::Cmi5] {
        let files = render(&module("en-GB"), runtime).unwrap();
        let js = String::from_utf8(files[1].bytes.clone()).unwrap();
        assert!(!runtime.adapter_js().trim().is_empty(), "{runtime} has no adapter script");
        let core = minify_js(coursepack_render::PLAYER_JS).unwrap();
        let mut after = SHIPPED_HEADER.len() + core.len();
        for (path, source) in runtime.adapter_sources() {
            let part = minify_js(source).unwrap();
            let at = js.find(&part).unwrap_or_else(|| panic!("{runtime}: {path} missing from player.js"));
            assert!(at >= after, "{runtime}: {path} placed before the core or out of order");
            after = at + part.len();
        }
        let html = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(html.contains(&format!("\"runtime\":\"{runtime}\"")), "{runtime}: #cp-data names another runtime");
    }
}

#[test]
fn missing_interface_strings_are_named() {
    let mut m = module("en-GB");
    m.strings.remove("next");
    m.strings.remove("finish");
    let err = render(&m, Target::Web).unwrap_err();
    assert_eq!(err.to_string(), "interface strings missing from the module: next, finish");
}

#[test]
fn a_module_without_pages_is_an_error() {
    let mut m = module("en-GB");
    m.pages.clear();
    assert!(matches!(render(&m, Target::Web), Err(RenderError::NoPages(_))));
}

#[test]
fn every_placeholder_resolves_and_values_are_escaped() {
    let mut m = module("en-GB");
    m.meta.title = "A <b>bold</b> \"quote\"".into();
    m.strings.insert("next".into(), "Next <now>".into());
    let files = render(&m, Target::Web).unwrap();
    let html = file(&files, "index.html");
    let markup = &html[..html.find("<script type=\"application/json\"").unwrap()];
    assert!(!html.contains("{{") && !markup.contains("}}"), "unrendered handlebars left");
    assert!(html.contains("<title>A &lt;b&gt;bold&lt;/b&gt; &quot;quote&quot;</title>"), "title not escaped");
    assert!(html.contains(">Next &lt;now&gt;</button>"), "string not escaped");
    assert!(!html.contains("<b>bold</b>"));
    // Page bodies are trusted HTML and go in raw.
    assert!(html.contains("<em>digital</em>"));
}

#[test]
fn embedded_data_cannot_break_out_of_its_script_element() {
    let mut m = module("en-GB");
    m.pages[0].title = "</script><script>alert(1)</script>".into();
    m.strings.insert("reflection_saved".into(), "<!-- </SCRIPT >".into());
    let files = render(&m, Target::Web).unwrap();
    let html = file(&files, "index.html");
    let start = html.find("<script type=\"application/json\" id=\"cp-data\">").unwrap();
    let data = &html[start..];
    let body = &data[data.find('>').unwrap() + 1..data.find("</script>").unwrap()];
    assert!(!body.contains('<'), "raw < inside #cp-data");
    let parsed: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(parsed["module"]["pages"][0]["title"], "</script><script>alert(1)</script>");
    assert_eq!(parsed["strings"]["reflection_saved"], "<!-- </SCRIPT >");
    assert_eq!(parsed["runtime"], "web");
    assert_eq!(parsed["module"]["completion"], "all-pages");
    assert_eq!(parsed["module"]["reflections"][0]["pageId"], "reflect");
    assert_eq!(parsed["strings"]["next"], "Next");
    assert_eq!(parsed["strings"].as_object().unwrap().len(), coursepack_render::REQUIRED_STRINGS.len());
}

/// URLs to another origin, outside the author's links inside page bodies.
fn foreign_urls(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for scheme in ["http://", "https://", "//"] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(scheme) {
            let at = from + i;
            from = at + scheme.len();
            // `//` counts only as a protocol-relative URL in an attribute or url().
            if scheme == "//"
                && !(lower[..at].ends_with('"') || lower[..at].ends_with("url(") || lower[..at].ends_with('\''))
            {
                continue;
            }
            if scheme == "//" && lower[..at].ends_with(':') {
                continue;
            }
            found.push(text[at..text.len().min(at + 40)].to_string());
        }
    }
    found
}

#[test]
fn no_requests_to_other_origins_and_no_script_urls_or_inline_handlers() {
    let m = module("en-GB");
    let files = render(&m, Target::Web).unwrap();
    for f in &files {
        let mut text = String::from_utf8(f.bytes.clone()).unwrap();
        if f.path == "index.html" {
            // Author links inside page bodies are allowed; nothing else is.
            for page in &m.pages {
                text = text.replace(&page.html, "");
            }
            // The footer's link to the licence's page is a link the learner may follow, not a load.
            let (_, Some(url)) = coursepack_source::licence::display(&m.meta.licence) else {
                panic!("a known licence")
            };
            let link = format!("<a href=\"{url}\" rel=\"license\">");
            assert_eq!(text.matches(&link).count(), 1, "the footer links to the licence once");
            text = text.replace(&link, "");
        }
        assert_eq!(foreign_urls(&text), Vec::<String>::new(), "{}", f.path);
        let lower = text.to_ascii_lowercase();
        assert!(!lower.contains("javascript:"), "{} has a javascript: URL", f.path);
        assert!(!lower.contains("@import") && !lower.contains("@font-face"), "{} loads fonts or sheets", f.path);
        if std::path::Path::new(&f.path).extension().is_some_and(|e| e.eq_ignore_ascii_case("html")) {
            let handlers =
                lower.split(|c: char| c.is_whitespace()).filter(|w| w.starts_with("on") && w.contains('=')).count();
            assert_eq!(handlers, 0, "inline event handler in {}", f.path);
            assert!(!lower.contains("<script>"), "inline script in {}", f.path);
            assert!(!lower.contains(" style="), "inline style in {}", f.path);
        }
        if std::path::Path::new(&f.path).extension().is_some_and(|e| e.eq_ignore_ascii_case("js")) {
            for banned in ["eval(", "new function(", "innerhtml", "document.write"] {
                assert!(!lower.contains(banned), "{} uses {banned}", f.path);
            }
        }
    }
}

#[test]
fn the_checks_above_catch_what_they_look_for() {
    assert_eq!(foreign_urls("<link href=\"https://cdn.example/x.css\">").len(), 1);
    assert_eq!(foreign_urls("src=\"//cdn.example/x.js\"").len(), 1);
    assert_eq!(foreign_urls("url(//fonts.example/a.woff2)").len(), 1);
    assert!(foreign_urls("// a comment\nlet a = b // c").is_empty());
}

#[test]
fn document_structure_follows_the_dom_contract() {
    let files = web("en-GB");
    let html = file(&files, "index.html");
    let order = [
        "<html lang=\"en-GB\">",
        "<link rel=\"stylesheet\" href=\"player/player.css\">",
        "<script src=\"player/player.js\" defer></script>",
        "<body>\n<a class=\"cp-skip\" href=\"#cp-main\">Skip to content</a>",
        "<nav class=\"cp-toc\" aria-label=\"Contents\">",
        "<a href=\"#page-welcome\"",
        "<main id=\"cp-main\"",
        "<section class=\"cp-page\" id=\"page-welcome\" aria-labelledby=\"cp-title-welcome\"",
        "<h1 id=\"cp-title-welcome\" tabindex=\"-1\">Welcome</h1>",
        "<section class=\"cp-page\" id=\"page-reflect\"",
        "<div class=\"cp-completion\" role=\"status\"></div>",
        "<nav class=\"cp-pagenav\" aria-label=\"Page navigation\">",
        "<button type=\"button\" class=\"cp-btn cp-prev\" data-action=\"previous\">Previous</button>",
        ">Next</button>",
        ">Finish</button>",
        "<p class=\"cp-progress-text\">Page 1 of 3</p>",
        "<progress class=\"cp-progress-bar\" max=\"3\" value=\"1\"",
        "</main>",
        "<footer class=\"cp-footer\">",
        "<p>By Ana Author for Example Libraries</p>",
        "<p>Shared under the <a href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\">CC BY 4.0</a> licence</p>",
        "<script type=\"application/json\" id=\"cp-data\">",
    ];
    let mut at = 0;
    for needle in order {
        let i = html[at..].find(needle).unwrap_or_else(|| panic!("missing or out of order: {needle}"));
        at += i + needle.len();
    }
    assert_eq!(html.matches("<section class=\"cp-page\"").count(), 3);
    assert_eq!(html.matches("<h1 ").count(), 3);
    assert!(!html.contains("<section class=\"cp-page\" hidden"), "pages must be visible without JS");
}

#[test]
fn welsh_modules_get_welsh_interface() {
    let files = web("cy");
    let html = file(&files, "index.html");
    assert!(html.contains("<html lang=\"cy\">"));
    for text in [
        ">Neidio i&#x27;r cynnwys</a>",
        "aria-label=\"Cynnwys\"",
        ">Blaenorol</button>",
        ">Nesaf</button>",
        ">Gorffen</button>",
        "Tudalen 1 o 3",
        "aria-label=\"Llywio tudalennau\"",
    ] {
        assert!(html.contains(text), "missing {text}");
    }
    assert!(!html.contains(">Next</button>"));
}

#[test]
fn plugins_are_appended_to_the_player_script() {
    let files = render_with(&module("en-GB"), Target::Web, &["window.quizLoaded = true"]).unwrap();
    let js = file(&files, "player/player.js");
    let core = minify_js(coursepack_render::PLAYER_JS).unwrap();
    assert!(js.starts_with(&format!("{SHIPPED_HEADER}{core}")));
    // (the compressor prints `true` as `!0`)
    assert!(js.trim_end().ends_with("window.quizLoaded=!0;"), "{js}");
    let shipped = file(&files, "player/player.css");
    assert!(shipped.starts_with(SHIPPED_HEADER), "{shipped}");
    // The player's rules, in order, minus those this module cannot use.
    let player = minify_css(coursepack_render::PLAYER_CSS).unwrap();
    let body = &shipped[SHIPPED_HEADER.len()..];
    assert!(
        body.len() * 10 > player.len() * 5,
        "most of the player's rules ship: {} of {} B",
        body.len(),
        player.len()
    );
    let mut rest = player.as_str();
    for rule in body.split_inclusive('}') {
        // `@media print{.a{…}` is the media block's opening and its first rule.
        let rule = if rule.starts_with('@') { rule.split_once('{').map_or(rule, |(_, r)| r) } else { rule };
        if rule == "}" {
            continue;
        }
        let at = rest.find(rule).unwrap_or_else(|| panic!("{rule} is not a rule of player.css, in order"));
        rest = &rest[at + rule.len()..];
    }
}

/// The fixture module with `html` as its first page's content.
fn module_with_first_page(html: &str) -> coursepack_compile::CompiledModule {
    let mut m = module("en-GB");
    m.pages[0].html = html.to_string();
    m
}

#[test]
fn a_module_ships_the_rules_of_the_elements_its_pages_use_and_not_the_others() {
    let css = |m: &coursepack_compile::CompiledModule| {
        file(&render(m, Target::Scorm12).unwrap(), "player/player.css").to_string()
    };
    let plain = css(&module_with_first_page("<p>Words only.</p>"));
    for (rule, html) in [
        ("}pre,code{", "<p>Run <code>cargo</code>.</p>"),
        ("}pre{", "<pre>let x = 1;</pre>"),
        ("}video,audio{", "<audio controls src=\"a.mp3\"></audio>"),
        ("}caption{", "<div class=\"cp-table-wrap\"><table><caption>C</caption><tr><td>1</td></tr></table></div>"),
    ] {
        assert!(!plain.contains(rule), "{rule} shipped to a module without it");
        let with = css(&module_with_first_page(html));
        assert!(with.contains(rule), "{rule} missing from a module that uses it");
    }
    // What a script creates counts: quiz.js writes a partly right outcome ('cp-q-' + status), so its rule ships with the quiz.
    let mut quiz = module_with_first_page("<p>Words only.</p>");
    quiz.widgets = vec![coursepack_compile::Widget::Quiz];
    assert!(!plain.contains(".cp-q-partial{"));
    assert!(css(&quiz).contains(".cp-q-partial{"));
}

#[test]
fn shipped_player_is_minified_with_a_header_and_readable_on_request() {
    let m = module("en-GB");
    let plugin = "// a plug-in\nwindow.quizLoaded = true;\n";
    let shipped =
        render_with_options(&m, Target::Cmi5, &RenderOptions { extra_js: &[plugin], ..RenderOptions::default() })
            .unwrap();
    let readable = RenderOptions { extra_js: &[plugin], readable_player: true, ..RenderOptions::default() };
    let readable = render_with_options(&m, Target::Cmi5, &readable).unwrap();
    // Only the player files differ.
    assert_eq!(shipped[0], readable[0]);
    for ((small, big), at_most_percent) in shipped[1..].iter().zip(&readable[1..]).zip([75, 95]) {
        let (small, big) =
            (String::from_utf8(small.bytes.clone()).unwrap(), String::from_utf8(big.bytes.clone()).unwrap());
        assert_eq!(
            small.lines().next().unwrap(),
            SHIPPED_HEADER.trim_end(),
            "one header line naming the readable source"
        );
        assert!(SHIPPED_HEADER.contains("coursepack") && SHIPPED_HEADER.contains("crates/coursepack-render/assets"));
        assert!(small.len() * 100 < big.len() * at_most_percent, "{} B minified of {} B", small.len(), big.len());
        assert!(!big.contains(SHIPPED_HEADER.trim_end()));
    }
    // Readable: the sources exactly as written, joined as before.
    let js = file(&readable, "player/player.js");
    assert!(js.starts_with(coursepack_render::PLAYER_JS));
    assert!(js.contains(Target::Cmi5.adapter_js()));
    assert!(js.ends_with(plugin));
    assert_eq!(file(&readable, "player/player.css"), coursepack_render::PLAYER_CSS);
    // Deterministic: the same input gives the same bytes.
    let again =
        render_with_options(&m, Target::Cmi5, &RenderOptions { extra_js: &[plugin], ..RenderOptions::default() })
            .unwrap();
    assert_eq!(shipped, again);
}

/// `#cp-data` of a rendering, parsed.
fn cp_data(files: &[OutputFile]) -> serde_json::Value {
    let html = file(files, "index.html");
    let start = html.find("<script type=\"application/json\" id=\"cp-data\">").unwrap();
    let body = &html[start..];
    let body = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    serde_json::from_str(body).expect("#cp-data is JSON")
}

#[test]
fn packaging_options_reach_cp_data_only_when_given() {
    let m = module("en-GB");
    let plain = cp_data(&render(&m, Target::Scorm12).unwrap());
    for key in ["lms", "activity", "course"] {
        assert!(plain.get(key).is_none(), "{key} written without being given");
    }
    let options = RenderOptions {
        extra_js: &[],
        lms: Some(LmsData { profile: "moodle".into(), max_state_length: 4096, nav_request: false }),
        activity: Some(ActivityData {
            id: "urn:coursepack:module/digital-leadership".into(),
            question_prefix: "urn:coursepack:module/digital-leadership/question/".into(),
            course_id: Some("urn:coursepack:course/c".into()),
        }),
        course: Some(CourseData { id: "c".into(), title: "A <course>".into(), position: 2, count: 5 }),
        reflection_max_chars: Some(1234),
        readable_player: false,
    };
    let data = cp_data(&render_with_options(&m, Target::Xapi, &options).unwrap());
    assert_eq!(data["lms"], serde_json::json!({ "profile": "moodle", "maxStateLength": 4096, "navRequest": false }));
    assert_eq!(data["activity"]["id"], "urn:coursepack:module/digital-leadership");
    assert_eq!(data["activity"]["questionPrefix"], "urn:coursepack:module/digital-leadership/question/");
    assert_eq!(data["activity"]["courseId"], "urn:coursepack:course/c");
    assert_eq!(data["course"], serde_json::json!({ "id": "c", "title": "A <course>", "position": 2, "count": 5 }));
    assert_eq!(data["runtime"], "xapi");
    // The reflection cap the build proved reaches the player; without one it is 2000.
    assert_eq!(plain["module"]["reflectionMaxChars"], 2000);
    assert_eq!(data["module"]["reflectionMaxChars"], 1234);
    // Otherwise the same module data as without options: the options only add.
    let mut plain = plain;
    plain["module"]["reflectionMaxChars"] = serde_json::json!(1234);
    assert_eq!(data["module"], plain["module"]);
}

#[test]
fn the_footer_credits_authors_and_organisation_and_names_the_licence() {
    // Not the SPDX code and a comma-separated list ("Licence: CC-BY-4.0",
    // "coursepack contributors, coursepack"): a sentence, the licence by its
    // name with a link to its page, and Welsh in a Welsh module.
    let footer = |m: &coursepack_compile::CompiledModule| {
        let html = String::from_utf8(
            render(m, Target::Web).unwrap().into_iter().find(|f| f.path == "index.html").unwrap().bytes,
        )
        .unwrap();
        let start = html.find("<footer").unwrap();
        html[start..html.find("</footer>").unwrap()].to_string()
    };
    let mut m = module("en-GB");
    m.meta.authors = vec!["Ana Author".into(), "Ben Writer".into()];
    m.meta.organisation = None;
    assert!(footer(&m).contains("<p>By Ana Author, Ben Writer</p>"), "{}", footer(&m));
    m.meta.authors.clear();
    m.meta.organisation = Some("Example Libraries".into());
    assert!(footer(&m).contains("<p>Published by Example Libraries</p>"), "{}", footer(&m));
    m.meta.organisation = None;
    assert!(!footer(&m).contains("<p></p>") && !footer(&m).contains("By "), "{}", footer(&m));
    m.meta.licence = "LicenseRef-Museum-Internal".into();
    assert!(footer(&m).contains("<p>Shared under the Museum Internal licence</p>"), "{}", footer(&m));
    let mut cy = module("cy");
    cy.meta.licence = "OGL-UK-3.0".into();
    assert!(
        footer(&cy).contains("Rhennir o dan y drwydded <a href=\"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\" rel=\"license\">Open Government Licence v3.0</a>"),
        "{}",
        footer(&cy)
    );
}
