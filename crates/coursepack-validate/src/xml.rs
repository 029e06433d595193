//! Well-formedness and a small element tree for manifests.
//!
//! Bytes are decoded first (BOM, XML declaration; UTF-8, UTF-16, ISO-8859-1,
//! windows-1252, US-ASCII; gzip-compressed files are inflated with a cap),
//! then parsed with quick-xml's `NsReader` into [`Element`]s that keep the
//! byte span of each start tag and attribute, so every later diagnostic can
//! point at a line and column. DOCTYPE declarations are never processed and
//! entity references other than the five predefined ones and character
//! references are errors: nothing is ever expanded or fetched.

use crate::Limits;
use crate::rules::Rule;
use coursepack_diagnostics::{Diagnostic, Location, SourceFile};
use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::NamespaceError;
use quick_xml::name::ResolveResult;
use std::io::Read;
use std::ops::Range;

/// The XML namespace (`xml:` prefix).
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// A name or namespace of a parsed document: shared by every element and
/// attribute that spells it the same (a manifest repeats a handful of
/// names thousands of times), so the tree costs a few pointers per name.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(std::sync::Arc<str>);

impl Name {
    /// The name as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Name(s.into())
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == &*other.0
    }
}

/// Hands out one [`Name`] per distinct string of a document.
#[derive(Default)]
struct Names(std::collections::HashSet<Name>);

impl Names {
    fn get(&mut self, s: &str) -> Name {
        if let Some(n) = self.0.get(s) {
            return n.clone();
        }
        let n = Name::from(s);
        self.0.insert(n.clone());
        n
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// One attribute (namespace declarations are not kept as attributes).
#[derive(Clone, Debug)]
pub struct Attr {
    /// Namespace URI, empty for unqualified attributes.
    pub ns: Name,
    /// Local name.
    pub local: Name,
    /// Name as written (with prefix).
    pub qname: Name,
    /// Value after entity and whitespace normalisation.
    pub value: String,
    /// Byte span of `name="value"` in the decoded text.
    pub span: Range<usize>,
}

/// One element with its attributes, child elements and direct text.
#[derive(Clone, Debug, Default)]
pub struct Element {
    /// Namespace URI, empty when unqualified.
    pub ns: Name,
    /// Local name.
    pub local: Name,
    /// Name as written (with prefix).
    pub qname: Name,
    /// Attributes in document order.
    pub attrs: Vec<Attr>,
    /// Child elements in document order.
    pub children: Vec<Element>,
    /// Concatenated direct character data (entities resolved).
    pub text: String,
    /// Byte span of the start tag.
    pub span: Range<usize>,
}

impl Element {
    /// The value of the unqualified attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|a| a.ns.is_empty() && a.local == name).map(|a| a.value.as_str())
    }

    /// The unqualified attribute `name`.
    pub fn attr_full(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.ns.is_empty() && a.local == name)
    }

    /// The attribute `name` in namespace `ns`.
    pub fn attr_ns(&self, ns: &str, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.ns == ns && a.local == name)
    }

    /// Children named `local` in namespace `ns`.
    pub fn kids<'a>(&'a self, ns: &'a str, local: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.ns == ns && c.local == local)
    }

    /// First child named `local` in namespace `ns`.
    pub fn kid(&self, ns: &str, local: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.ns == ns && c.local == local)
    }

    /// Depth-first iteration over this element and its descendants.
    pub fn walk(&self, f: &mut dyn FnMut(&Element, usize)) {
        fn go(e: &Element, depth: usize, f: &mut dyn FnMut(&Element, usize)) {
            f(e, depth);
            for c in &e.children {
                go(c, depth + 1, f);
            }
        }
        go(self, 0, f);
    }
}

/// A parsed manifest: its root element and its decoded text.
#[derive(Clone, Debug)]
pub struct Document {
    /// The root element.
    pub root: Element,
    /// Decoded text (for snippets and line:col).
    pub source: SourceFile,
}

/// The result of parsing: the document when it is well-formed, the decoded
/// text when decoding worked, and every problem found.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The tree, when well-formed.
    pub doc: Option<Document>,
    /// The decoded text of a file that is not well-formed (a well-formed
    /// one's is `doc.source`: the text is kept once).
    pub source: Option<SourceFile>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Decode and parse `bytes` (the content of package file `name`).
pub fn parse(name: &str, bytes: &[u8], limits: &Limits) -> Parsed {
    parse_owned(name, bytes.to_vec(), limits)
}

/// [`parse`] for bytes the caller gives up: a UTF-8 file becomes the text
/// without a copy, so a large manifest is held once.
pub fn parse_owned(name: &str, bytes: Vec<u8>, limits: &Limits) -> Parsed {
    let mut out = Parsed::default();
    let mut bytes = bytes;
    if bytes.len() as u64 > limits.max_manifest_bytes {
        out.diagnostics.push(too_large(name, bytes.len() as u64, limits));
        return out;
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut inflated = Vec::new();
        let mut gz = flate2::read::GzDecoder::new(bytes.as_slice()).take(limits.max_manifest_bytes + 1);
        if let Err(err) = gz.read_to_end(&mut inflated) {
            out.diagnostics.push(
                Diagnostic::error("xml/bad-gzip", format!("`{name}` is gzip-compressed and cannot be inflated: {err}"))
                    .with_hint(
                        "the file starts like gzip data but is damaged: store the manifest as plain, uncompressed XML",
                    )
                    .with_rule(Rule::XML_ENC)
                    .at(Location::file(name)),
            );
            return out;
        }
        if inflated.len() as u64 > limits.max_manifest_bytes {
            out.diagnostics.push(too_large(name, inflated.len() as u64, limits));
            return out;
        }
        out.diagnostics.push(
            Diagnostic::warning("xml/gzip-compressed", format!("`{name}` is gzip-compressed"))
                .with_hint("xmllint reads it, but LMSs expect a plain-text manifest; store it uncompressed")
                .with_rule(Rule::XML_ENC)
                .at(Location::file(name)),
        );
        bytes = inflated;
    }
    let text = match decode_owned(name, bytes) {
        Ok(t) => t,
        Err(d) => {
            out.diagnostics.push(*d);
            return out;
        }
    };
    let source = SourceFile::new(name, text);
    let mut warnings = Vec::new();
    let built = build(&source, limits, &mut warnings);
    out.diagnostics.extend(warnings);
    match built {
        Ok(root) => out.doc = Some(Document { root, source }),
        Err(d) => {
            out.diagnostics.push(*d);
            out.source = Some(source);
        }
    }
    out
}

fn too_large(name: &str, size: u64, limits: &Limits) -> Diagnostic {
    Diagnostic::error(
        "xml/too-large",
        format!("`{name}` is {size} bytes, more than the limit of {} for a manifest", limits.max_manifest_bytes),
    )
    .with_hint(
        "a real manifest is far smaller: check that this is the right file, and that nothing generated it in a loop",
    )
    .with_rule(Rule::XML_LIMIT)
    .at(Location::file(name))
}

fn enc_error(name: &str, msg: String) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error("xml/encoding", msg)
            .with_hint("save the manifest as UTF-8 and declare encoding=\"UTF-8\"")
            .with_rule(Rule::XML_ENC)
            .at(Location::file(name)),
    )
}

/// Decode `bytes` as [`parse`] does, without diagnostics: `None` when they
/// cannot be decoded.
pub(crate) fn decode_text(bytes: &[u8]) -> Option<String> {
    decode("", bytes).ok()
}

/// [`decode`] for bytes the caller gives up: UTF-8 (with or without a BOM)
/// becomes the text in place.
fn decode_owned(name: &str, mut bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    let other = [[0xFF, 0xFE], [0xFE, 0xFF], [0x3C, 0x00], [0x00, 0x3C]].iter().any(|p| bytes.starts_with(p));
    let declared = declared_encoding(&bytes).map(|e| e.to_ascii_lowercase());
    if bom || (!other && matches!(declared.as_deref(), None | Some("utf-8" | "utf8"))) {
        if bom {
            bytes.drain(..3);
        }
        return String::from_utf8(bytes)
            .map_err(|e| utf8(name, e.as_bytes()).err().unwrap_or_else(|| enc_error(name, "invalid UTF-8".into())));
    }
    decode(name, &bytes)
}

/// Decode bytes to text according to the BOM and the XML declaration.
fn decode(name: &str, bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(name, rest);
    }
    if let Some(body) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(name, body, u16::from_le_bytes);
    }
    if let Some(body) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(name, body, u16::from_be_bytes);
    }
    // XML 1.0 §4.3.3: "Entities encoded in UTF-16 MUST [...] begin with the
    // Byte Order Mark". `<` as a UTF-16 code unit without one is refused, as
    // the docs say, rather than guessed.
    if bytes.starts_with(&[0x3C, 0x00]) || bytes.starts_with(&[0x00, 0x3C]) {
        let order = if bytes[0] == 0x3C { "little-endian" } else { "big-endian" };
        return Err(enc_error(
            name,
            format!("the file is UTF-16 ({order}) without a byte-order mark, which XML requires for UTF-16"),
        ));
    }
    let declared = declared_encoding(bytes).map(|e| e.to_ascii_lowercase());
    match declared.as_deref() {
        None | Some("utf-8") | Some("utf8") => utf8(name, bytes),
        Some("us-ascii") | Some("ascii") => {
            if let Some(p) = bytes.iter().position(|b| *b >= 0x80) {
                return Err(enc_error(
                    name,
                    format!("byte 0x{:02x} at offset {p} is not US-ASCII as declared", bytes[p]),
                ));
            }
            utf8(name, bytes)
        }
        Some("iso-8859-1") | Some("latin1") | Some("latin-1") | Some("iso_8859-1") => {
            Ok(bytes.iter().map(|&b| b as char).collect())
        }
        Some("windows-1252") | Some("cp1252") => Ok(bytes.iter().map(|&b| cp1252(b)).collect()),
        Some("utf-16") | Some("utf-16le") | Some("utf-16be") => {
            Err(enc_error(name, "declared UTF-16 but the file has no byte-order mark and is not UTF-16".into()))
        }
        Some(other) => Err(enc_error(name, format!("unsupported encoding `{other}`"))),
    }
}

fn utf8(name: &str, bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let prefix = String::from_utf8_lossy(good);
            let line = prefix.matches('\n').count() + 1;
            let col = prefix.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
            Err(Box::new(
                Diagnostic::error(
                    "xml/encoding",
                    format!("invalid UTF-8 (byte 0x{:02x}) at line {line}, column {col}", bytes[e.valid_up_to()]),
                )
                .with_hint(
                    "the file is probably Latin-1 or windows-1252: re-save it as UTF-8, or declare its real encoding",
                )
                .with_rule(Rule::XML_ENC)
                .at(Location::line_col(name, line, col)),
            ))
        }
    }
}

fn utf16(name: &str, body: &[u8], f: fn([u8; 2]) -> u16) -> Result<String, Box<Diagnostic>> {
    if !body.len().is_multiple_of(2) {
        return Err(enc_error(name, "UTF-16 text with an odd number of bytes".into()));
    }
    let units: Vec<u16> = body.chunks_exact(2).map(|c| f([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| enc_error(name, "invalid UTF-16 (unpaired surrogate)".into()))
}

fn cp1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ];
    if (0x80..0xA0).contains(&b) {
        char::from_u32(HIGH[(b - 0x80) as usize] as u32).unwrap_or('\u{FFFD}')
    } else {
        b as char
    }
}

/// The `encoding` pseudo-attribute of an ASCII-compatible XML declaration.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(200)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let rest = &rest[1..];
    Some(rest[..rest.find(quote)?].to_string())
}

fn wf(file: &SourceFile, at: usize, msg: impl Into<String>) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error("xml/not-well-formed", msg)
            .with_hint("fix the XML at this position: every tag closed in order, attribute values quoted, `&` and `<` in text written as `&amp;` and `&lt;`")
            .with_rule(Rule::XML_WF)
            .at(file.location(at..at)),
    )
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == ':' || (c as u32) >= 0xC0 && !matches!(c as u32, 0xD7 | 0xF7)
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit() || c == '-' || c == '.' || c == '\u{B7}'
}

fn valid_name(n: &str) -> bool {
    let mut chars = n.chars();
    chars.next().is_some_and(is_name_start)
        && chars.all(is_name_char)
        && !n.starts_with(':')
        && !n.ends_with(':')
        && n.matches(':').count() <= 1
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

fn build(file: &SourceFile, limits: &Limits, warnings: &mut Vec<Diagnostic>) -> Result<Element, Box<Diagnostic>> {
    let text = file.text();
    if let Some((at, c)) = text.char_indices().find(|(_, c)| !is_xml_char(*c)) {
        return Err(Box::new(
            Diagnostic::error("xml/invalid-char", format!("character U+{:04X} is not allowed in XML", c as u32))
                .with_hint("remove the control character (often pasted from a word processor)")
                .with_rule(Rule::XML_WF)
                .at(file.location(at..at + c.len_utf8())),
        ));
    }
    let mut reader = NsReader::from_str(text);
    reader.resolver_mut().set_max_namespace_bindings(limits.max_namespace_bindings);
    {
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.check_comments = true;
        cfg.allow_dangling_amp = false;
        cfg.expand_empty_elements = false;
    }
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    // Elements whose text was cut at `Limits::max_value_bytes`.
    let mut warnings_text: Vec<Diagnostic> = Vec::new();
    let mut names = Names::default();
    let mut elements = 0usize;
    let mut seen_decl_or_content = false;
    loop {
        let before = reader.buffer_position() as usize;
        let ev = reader.read_event();
        let ev = match ev {
            Ok(ev) => ev,
            Err(quick_xml::Error::Namespace(NamespaceError::TooManyBindings(limit))) => {
                let end = (reader.buffer_position() as usize).max(before);
                return Err(Box::new(
                    Diagnostic::error(
                        "xml/too-many-namespaces",
                        format!("more than {limit} namespace declarations (xmlns) are in scope at this element"),
                    )
                    .with_hint("a manifest needs a handful of namespaces, declared once on the root element: remove the repeated xmlns declarations")
                    .with_rule(Rule::XML_LIMIT)
                    .at(file.location(before..end)),
                ));
            }
            Err(err) => {
                let at = reader.error_position() as usize;
                return Err(wf(file, at, format!("not well-formed: {err}")));
            }
        };
        let after = reader.buffer_position() as usize;
        match ev {
            Event::Decl(_) => {
                if seen_decl_or_content {
                    return Err(wf(file, before, "XML declaration allowed only at the start of the document"));
                }
            }
            Event::Start(ref s) | Event::Empty(ref s) => {
                let empty = matches!(ev, Event::Empty(_));
                if root.is_some() && stack.is_empty() {
                    return Err(wf(file, before, "extra content after the root element"));
                }
                if stack.len() >= limits.max_xml_depth {
                    return Err(Box::new(
                        Diagnostic::error(
                            "xml/too-deep",
                            format!("elements nested deeper than the limit of {}", limits.max_xml_depth),
                        )
                        .with_hint("no real manifest nests elements this deep: check that this is the right file, and that nothing generated it in a loop")
                        .with_rule(Rule::XML_LIMIT)
                        .at(file.location(before..after)),
                    ));
                }
                let qname = s.name().0.to_string();
                if !valid_name(&qname) {
                    return Err(wf(file, before, format!("`{qname}` is not a valid element name")));
                }
                let (res, local) = reader.resolver().resolve_element(s.name());
                let ns = match res {
                    ResolveResult::Bound(n) => n.0.to_string(),
                    ResolveResult::Unbound => String::new(),
                    ResolveResult::Unknown(p) => {
                        return Err(Box::new(
                            Diagnostic::error(
                                "xml/unbound-prefix",
                                format!("namespace prefix `{p}` of `<{qname}>` is not declared"),
                            )
                            .with_hint(format!("add xmlns:{p}=\"...\" on the root element"))
                            .with_rule(Rule::XML_NS)
                            .at(file.location(before..after)),
                        ));
                    }
                };
                elements += 1;
                if elements > limits.max_elements {
                    return Err(Box::new(
                        Diagnostic::error(
                            "xml/too-many-elements",
                            format!("more than {} elements", limits.max_elements),
                        )
                        .with_hint("no real manifest has this many (a course's lists a few thousand files at most): check that this is the right file, and that nothing generated it in a loop")
                        .with_rule(Rule::XML_LIMIT)
                        .at(file.location(before..after)),
                    ));
                }
                let mut el = Element {
                    ns: names.get(&ns),
                    local: names.get(local.as_ref()),
                    qname: names.get(&qname),
                    span: before..after,
                    ..Default::default()
                };
                let raw_tag = &text[before..after];
                for (n, a) in s.attributes().with_checks(true).enumerate() {
                    if n >= limits.max_attributes {
                        return Err(Box::new(
                            Diagnostic::error(
                                "xml/too-many-attributes",
                                format!("`<{}>` has more than {} attributes", crate::rules::shown(&qname), limits.max_attributes),
                            )
                            .with_hint("no real manifest element has more than a few dozen: check that this is the right file, and that nothing generated it in a loop")
                            .with_rule(Rule::XML_LIMIT)
                            .at(file.location(before..after)),
                        ));
                    }
                    let a = a.map_err(|e| wf(file, before, format!("bad attribute in `<{qname}>`: {e}")))?;
                    let key = a.key.0;
                    if !valid_name(key) {
                        return Err(wf(file, before, format!("`{key}` is not a valid attribute name")));
                    }
                    if a.value.contains('<') {
                        return Err(wf(file, before, format!("`<` in the value of attribute `{key}`")));
                    }
                    if key == "xmlns" || key.starts_with("xmlns:") {
                        continue;
                    }
                    let value = if a.value.len() > limits.max_value_bytes {
                        // Not normalised (that would copy it whole): its
                        // first bytes are enough for the checks that follow.
                        let raw: &str = &a.value;
                        let at = find_attr(raw_tag, key).map(|o| before + o).unwrap_or(before);
                        warnings.push(value_too_long(
                            file,
                            at..at + key.len(),
                            &format!("attribute `{}`", crate::rules::shown(key)),
                            a.value.len(),
                            limits,
                        ));
                        cut(raw, limits.max_value_bytes).to_string()
                    } else {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|e| entity_error(file, before, after, &e.to_string()))?
                            .into_owned()
                    };
                    let (res, alocal) = reader.resolver().resolve_attribute(a.key);
                    let ans = match res {
                        ResolveResult::Bound(n) => n.0.to_string(),
                        ResolveResult::Unbound => String::new(),
                        ResolveResult::Unknown(p) => {
                            if p == "xml" {
                                XML_NS.to_string()
                            } else {
                                return Err(Box::new(
                                    Diagnostic::error(
                                        "xml/unbound-prefix",
                                        format!("namespace prefix `{p}` of attribute `{key}` is not declared"),
                                    )
                                    .with_hint(format!("declare it with xmlns:{p}=\"...\" on this element or an ancestor (usually the root), or remove the prefix"))
                                    .with_rule(Rule::XML_NS)
                                    .at(file.location(before..after)),
                                ));
                            }
                        }
                    };
                    let off = find_attr(raw_tag, key).map(|o| before + o).unwrap_or(before);
                    el.attrs.push(Attr {
                        ns: names.get(&ans),
                        local: names.get(alocal.as_ref()),
                        qname: names.get(key),
                        value,
                        span: off..off + key.len(),
                    });
                }
                seen_decl_or_content = true;
                if empty {
                    attach(&mut stack, &mut root, el);
                } else {
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(wf(file, before, "end tag without a start tag"));
                };
                attach(&mut stack, &mut root, el);
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                push_text(file, &mut stack, &root, before, &s, limits, &mut warnings_text)?;
                seen_decl_or_content = true;
            }
            Event::CData(c) => {
                if stack.is_empty() {
                    return Err(wf(file, before, "CDATA outside the root element"));
                }
                let s = c.xml10_content();
                push_text(file, &mut stack, &root, before, &s, limits, &mut warnings_text)?;
            }
            Event::GeneralRef(r) => {
                let resolved: String = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) if is_xml_char(c) => c.to_string(),
                        _ => {
                            return Err(wf(
                                file,
                                before,
                                format!("invalid character reference `&{};`", r.xml10_content()),
                            ));
                        }
                    }
                } else {
                    match r.xml10_content().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "apos" => "'".into(),
                        "quot" => "\"".into(),
                        other => return Err(entity_error(file, before, after, other)),
                    }
                };
                push_text(file, &mut stack, &root, before, &resolved, limits, &mut warnings_text)?;
            }
            Event::DocType(_) => {
                if root.is_some() || !stack.is_empty() {
                    return Err(wf(file, before, "DOCTYPE after the root element"));
                }
                warnings.push(
                    Diagnostic::warning("xml/doctype", "the manifest has a DOCTYPE declaration; it is ignored")
                        .with_hint("remove it: DTDs and entities are never processed (XXE and billion-laughs defence)")
                        .with_rule(Rule::XML_DTD)
                        .at(file.location(before..after)),
                );
                seen_decl_or_content = true;
            }
            Event::Comment(_) | Event::PI(_) => seen_decl_or_content = true,
            Event::Eof => break,
        }
    }
    warnings.extend(warnings_text);
    if let Some(open) = stack.last() {
        let (l, c) = file.line_col(open.span.start);
        return Err(wf(
            file,
            text.len(),
            format!("unexpected end of file: `<{}>` opened at {l}:{c} is not closed", open.qname),
        ));
    }
    match root {
        Some(r) => Ok(r),
        None => Err(wf(file, text.len(), "no root element (start tag expected)")),
    }
}

fn entity_error(file: &SourceFile, start: usize, end: usize, what: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            "xml/undefined-entity",
            format!("entity reference `{what}` is not one of the five predefined entities"),
        )
        .with_hint("write the character itself or a numeric reference like `&#233;`; entities are never expanded")
        .with_rule(Rule::XML_DTD)
        .at(file.location(start..end)),
    )
}

fn push_text(
    file: &SourceFile,
    stack: &mut [Element],
    root: &Option<Element>,
    at: usize,
    s: &str,
    limits: &Limits,
    cut_texts: &mut Vec<Diagnostic>,
) -> Result<(), Box<Diagnostic>> {
    match stack.last_mut() {
        Some(top) => {
            let room = limits.max_value_bytes.saturating_sub(top.text.len());
            if s.len() <= room {
                top.text.push_str(s);
            } else {
                // Reported once per element, when its text first overflows.
                let at = file.location(top.span.clone());
                if !cut_texts.iter().any(|d| d.location.as_ref() == Some(&at)) {
                    cut_texts.push(value_too_long(
                        file,
                        top.span.clone(),
                        &format!("the text of `<{}>`", crate::rules::shown(&top.qname)),
                        top.text.len() + s.len(),
                        limits,
                    ));
                }
                top.text.push_str(cut(s, room));
            }
            Ok(())
        }
        None if s.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n')).is_empty() => Ok(()),
        None if root.is_some() => Err(wf(file, at, "extra content after the root element")),
        None => Err(wf(file, at, "text before the root element (start tag expected)")),
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `xml/value-too-long`: an attribute value or an element's text longer
/// than `Limits::max_value_bytes` (kept cut to that length).
fn value_too_long(file: &SourceFile, span: Range<usize>, what: &str, len: usize, limits: &Limits) -> Diagnostic {
    Diagnostic::error(
        "xml/value-too-long",
        format!("{what} is {len} bytes long, more than the limit of {} for one value", limits.max_value_bytes),
    )
    .with_hint("no manifest value is this long (hrefs stay under 2000 characters): check that the file was not generated wrongly; the rest of the value is not checked")
    .with_rule(Rule::XML_LIMIT)
    .at(file.location(span))
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    }
}

/// Offset of attribute `key` inside a raw start tag.
fn find_attr(tag: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(key) {
        let at = from + i;
        let before_ok = at > 0 && tag[..at].ends_with(|c: char| c.is_whitespace());
        let after = tag[at + key.len()..].trim_start();
        if before_ok && after.starts_with('=') {
            return Some(at);
        }
        from = at + key.len();
    }
    None
}
