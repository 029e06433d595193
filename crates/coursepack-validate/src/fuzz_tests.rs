//! Every decoder and scanner of the crate on random text (issue 13: "no
//! decoder may slice by bytes; fuzz every decoder"). Each runs on strings
//! drawn from the characters that break byte-slicing code: `%` and `&`
//! escapes, multi-byte characters right after them, quotes, brackets and
//! line breaks, plus any Unicode scalar. Nothing may panic; positions that
//! come back must be character boundaries of the input.

use proptest::prelude::*;

/// A character that trips decoders: escape starts, multi-byte characters,
/// delimiters of every format the crate reads, or anything at all.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            '%', '&', '#', ';', 'é', 'ß', '€', '😀', '\u{301}', '\u{FEFF}', '<', '>', '"', '\'', '/', '\\', '.', ':', '?', '=',
            '(', ')', '{', '}', '[', ']', '*', '`', ' ', '\n', '\r', '\t', '0', '9', 'A', 'f', 'F', 'x', 'u',
        ]),
        1 => any::<char>(),
    ]
}

fn tricky_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// Fragments of the formats scanned, so the scanners get past their first
/// branch: tags, attributes, CSS and JavaScript calls, percent escapes.
fn markup() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        Just("<script src=\"".to_string()),
        Just("<img srcset=\"".to_string()),
        Just("<link rel=stylesheet href=".to_string()),
        Just("<style>".to_string()),
        Just("</style>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("url(".to_string()),
        Just("@import '".to_string()),
        Just("fetch(\"".to_string()),
        Just("https://cdn.example.com/".to_string()),
        Just("//".to_string()),
        Just("/*".to_string()),
        Just("*/".to_string()),
        Just("%C3%A9".to_string()),
        Just("%".to_string()),
        Just("&#x".to_string()),
        Just("addEventListener(\"unload\"".to_string()),
        Just(".open(\"GET\", u, false)".to_string()),
        tricky_string(12),
    ];
    prop::collection::vec(part, 0..24).prop_map(|v| v.concat())
}

fn boundaries_ok(text: &str, findings: &[crate::scan::Finding]) -> bool {
    findings.iter().all(|f| text.is_char_boundary(f.offset))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn url_decoders(s in tricky_string(48)) {
        let _ = crate::content::resolve("", &s);
        let _ = crate::content::resolve("pkg/", &s);
        let _ = crate::content::percent_decode(&s);
        let _ = crate::content::is_external(&s);
        let _ = crate::cmi5::is_absolute_iri(&s);
        let _ = crate::scan::is_other_origin(&s);
        let _ = crate::unreferenced::spellings(&s);
        let _ = crate::traps::looks_generated(&s);
        let _ = crate::traps::cmi_timespan(&s);
        let _ = crate::schema::types::any_uri(&s);
        let _ = crate::schema::types::is_ncname(&s);
    }

    #[test]
    fn scanners_keep_offsets_on_character_boundaries(text in markup()) {
        for findings in [crate::scan::scan_html(&text), crate::scan::scan_css(&text, 0), crate::scan::scan_js(&text, 0)] {
            prop_assert!(boundaries_ok(&text, &findings));
            let _ = crate::scan::diagnostics("f.html", &text, findings);
        }
    }

    #[test]
    fn xml_decoders_and_sniffing(bytes in prop::collection::vec(any::<u8>(), 0..256), text in tricky_string(64)) {
        let _ = crate::xml::decode_text(&bytes);
        let _ = crate::detect::sniff(&bytes);
        let decl = format!("<?xml version=\"1.0\" encoding=\"{text}\"?><manifest/>");
        let _ = crate::xml::decode_text(decl.as_bytes());
        let _ = crate::detect::sniff(decl.as_bytes());
        let doc = format!("<manifest a=\"{text}\">{text}</manifest>");
        let _ = crate::xml::parse("imsmanifest.xml", doc.as_bytes(), &crate::Limits::default());
    }
}
