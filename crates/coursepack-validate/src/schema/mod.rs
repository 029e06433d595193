//! Schema-level validation: a small, table-driven subset of XML Schema 1.0
//! (sequences, choices, `xs:all`, wildcards with strict/lax/skip processing,
//! attribute wildcards, simple types with facets, `xs:ID` uniqueness) and one
//! grammar per standard, transcribed from the official XSDs in
//! `shared/schemas`. The verdict is meant to agree with
//! `xmllint --schema <wrapper xsd>`; the deliberate differences are listed in
//! `docs/validator.md`.

pub mod cmi5;
pub mod lom;
pub mod scorm12;
pub mod scorm2004;
pub mod tincan;
pub mod types;

use crate::findings::Findings;
use crate::xml::{Element, XML_NS};
use coursepack_diagnostics::{Diagnostic, Severity, SourceFile};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use types::Simple;

/// The XML Schema instance namespace (`xsi:`), always allowed.
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// How a wildcard treats the elements or attributes it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Process {
    /// Must have a global declaration, and is validated against it.
    Strict,
    /// Validated when a global declaration exists.
    Lax,
    /// Not validated.
    Skip,
}

/// `##other` relative to a target namespace, or `##any` ([`ANY_NAMESPACE`]).
#[derive(Clone, Copy, Debug)]
pub struct Wild {
    /// The schema's target namespace (excluded, as is "no namespace"), or
    /// [`ANY_NAMESPACE`] for `##any`.
    pub other_than: &'static str,
    /// Processing mode.
    pub process: Process,
}

/// `Wild::other_than` value that stands for `namespace="##any"`.
pub const ANY_NAMESPACE: &str = "##any";

impl Wild {
    fn allows(&self, ns: &str) -> bool {
        self.other_than == ANY_NAMESPACE || (!ns.is_empty() && ns != self.other_than)
    }
}

/// The type of an element declaration.
#[derive(Clone, Debug)]
pub enum TypeRef {
    /// A named complex type in [`Schema::types`].
    Named(&'static str),
    /// A simple type: text only, no attributes.
    Simple(Simple),
    /// The global element declaration with the same name.
    Global,
    /// `xs:anyType`: anything.
    Any,
}

/// A particle of a content model.
#[derive(Clone, Debug)]
pub enum Particle {
    /// An element.
    El {
        /// Namespace.
        ns: &'static str,
        /// Local name.
        name: &'static str,
        /// Its type.
        ty: TypeRef,
        /// minOccurs.
        min: u32,
        /// maxOccurs (`u32::MAX` = unbounded).
        max: u32,
        /// Default value for empty simple content.
        default: Option<&'static str>,
    },
    /// An element wildcard.
    Any {
        /// Which namespaces, and how.
        wild: Wild,
        /// minOccurs.
        min: u32,
        /// maxOccurs.
        max: u32,
    },
    /// A choice.
    Choice {
        /// Alternatives.
        alts: Vec<Particle>,
        /// minOccurs.
        min: u32,
        /// maxOccurs.
        max: u32,
    },
    /// A nested sequence.
    Seq {
        /// Items.
        items: Vec<Particle>,
        /// minOccurs.
        min: u32,
        /// maxOccurs.
        max: u32,
    },
}

/// Unbounded maxOccurs.
pub const UNBOUNDED: u32 = u32::MAX;

/// Element particle shorthand.
pub fn el(ns: &'static str, name: &'static str, ty: TypeRef, min: u32, max: u32) -> Particle {
    Particle::El { ns, name, ty, min, max, default: None }
}

/// `xs:any namespace="##other"` shorthand.
pub fn any_other(other_than: &'static str, process: Process) -> Particle {
    Particle::Any { wild: Wild { other_than, process }, min: 0, max: UNBOUNDED }
}

/// Content of a complex type.
#[derive(Clone, Debug)]
pub enum Content {
    /// No children, no text.
    Empty,
    /// Text of a simple type.
    Simple(Simple),
    /// Element-only content matched by a sequence.
    Seq(Vec<Particle>),
    /// Element-only content, `xs:all` (element particles with max 1).
    All(Vec<Particle>),
    /// Mixed content (`mixed="true"`): text is allowed between the
    /// children, which are matched by the sequence.
    Mixed(Vec<Particle>),
}

/// An attribute declaration.
#[derive(Clone, Debug)]
pub struct AttrDecl {
    /// Namespace ("" for unqualified).
    pub ns: &'static str,
    /// Local name.
    pub name: &'static str,
    /// Type.
    pub ty: Simple,
    /// use="required".
    pub required: bool,
}

/// Unqualified attribute shorthand.
pub fn attr(name: &'static str, ty: Simple, required: bool) -> AttrDecl {
    AttrDecl { ns: "", name, ty, required }
}

/// A complex type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Its content.
    pub content: Content,
    /// Declared attributes.
    pub attrs: Vec<AttrDecl>,
    /// `xs:anyAttribute`, if any.
    pub any_attr: Option<Wild>,
}

/// A set of schemas (one `xmllint --schema` wrapper).
#[derive(Debug, Default)]
pub struct Schema {
    /// Named complex types.
    pub types: HashMap<&'static str, TypeDef>,
    /// Global elements: (namespace, name) to type and default.
    pub elements: HashMap<(&'static str, &'static str), (TypeRef, Option<&'static str>)>,
    /// Global attributes.
    pub attributes: HashMap<(&'static str, &'static str), Simple>,
    /// Roots allowed for this standard (global elements that may be the document element).
    pub roots: Vec<(&'static str, &'static str)>,
    /// Complex types whose element declaration carries the LOM identity
    /// constraint `xs:unique(selector="*", field="@uniqueElementName")`:
    /// no two children may share a `uniqueElementName` (explicit, or the
    /// fixed value of the child's type).
    pub unique_children: HashSet<&'static str>,
}

impl Schema {
    /// Validate a document's root element; diagnostics use codes `schema/*`.
    ///
    /// With `tolerant`, violations that LMSs are known to accept (identifiers
    /// that are not NCNames, a misplaced IMS CP `<metadata>`) are warnings.
    pub fn validate(&self, root: &Element, file: &SourceFile, tolerant: bool) -> Vec<Diagnostic> {
        self.validate_as(root, file, tolerant, &self.roots)
    }

    /// Validate `root` as one of the global elements `roots` (for example
    /// a metadata file named by `adlcp:location`, whose root must be `lom`).
    pub fn validate_as(
        &self,
        root: &Element,
        file: &SourceFile,
        tolerant: bool,
        roots: &[(&'static str, &'static str)],
    ) -> Vec<Diagnostic> {
        let mut v = Validator { schema: self, file, out: Findings::default(), ids: HashMap::new(), tolerant };
        let key = (root.ns.as_str(), root.local.as_str());
        match roots.iter().find(|r| (r.0, r.1) == key).and_then(|r| self.elements.get(r)) {
            Some((ty, default)) => v.element(root, ty, *default),
            None => {
                let expected = roots.iter().map(|(ns, n)| format!("`{n}` in {ns}")).collect::<Vec<_>>().join(" or ");
                v.err(
                    "schema/unexpected-root",
                    &root.span,
                    format!("root element `{}` in namespace `{}` is not {expected}", root.local, root.ns),
                    Some("check the root element's name and its xmlns declaration".into()),
                );
            }
        }
        v.out.finish(|| file.location(0..0))
    }
}

struct Validator<'a> {
    schema: &'a Schema,
    file: &'a SourceFile,
    out: Findings,
    ids: HashMap<String, Range<usize>>,
    tolerant: bool,
}

/// What to do about a schema error of `code`, when the call site has no
/// more specific hint.
fn general_hint(code: &str) -> &'static str {
    match code {
        "schema/missing-attribute" => "add the attribute: the schema requires it on this element",
        "schema/missing-element" => "add the element the message names, at this place: the schema requires it",
        "schema/unexpected-element" => {
            "the schema fixes which child elements appear, in which order and how often: move or remove this element"
        }
        "schema/duplicate-element" => "keep one of these elements: the schema allows it only once here",
        "schema/unexpected-attribute" => {
            "remove the attribute, or check its spelling and namespace prefix against the schema"
        }
        "schema/undeclared-attribute" => {
            "check the attribute's namespace: this schema declares no attribute of that name there"
        }
        "schema/undeclared-element" => "check the element's name and namespace (xmlns) against the standard's schema",
        "schema/unexpected-text" => {
            "remove the text (or whitespace) here: this element takes only child elements or nothing"
        }
        "schema/invalid-value" => "write a value of the datatype the message names",
        "schema/duplicate-id" => "every identifier in a manifest must be unique: rename one of them",
        "schema/internal" => "this is a bug in coursepack's grammar tables; please report it with the manifest",
        _ => "compare this part of the manifest with the standard's schema named in the rule",
    }
}

fn display(ns: &str, name: &str) -> String {
    if ns.is_empty() { format!("`{name}`") } else { format!("`{name}` ({ns})") }
}

impl<'a> Validator<'a> {
    /// Report a schema error; `hint` replaces the code's general hint
    /// ([`general_hint`]) when the call site knows better.
    fn err(&mut self, code: &str, span: &Range<usize>, msg: String, hint: Option<String>) {
        let hint = hint.unwrap_or_else(|| general_hint(code).to_string());
        let d = Diagnostic::error(code, msg)
            .with_hint(hint)
            .with_rule(format!("XML Schema: {}", self.rule()))
            .at(self.file.location(span.clone()));
        self.out.push(d);
    }

    fn rule(&self) -> &'static str {
        match self.schema.roots.first().map(|r| r.0) {
            Some(scorm12::CP) => "SCORM 1.2 imscp_rootv1p1p2.xsd + adlcp_rootv1p2.xsd + imsmd_rootv1p2p1.xsd",
            Some(scorm2004::CP) => {
                "SCORM 2004 4th ed. imscp_v1p1.xsd + adlcp/adlseq/adlnav_v1p3.xsd + imsss_v1p0.xsd + lom/lom.xsd"
            }
            Some(cmi5::NS) => "cmi5 v1/CourseStructure.xsd",
            Some(tincan::NS) => "tincan.xsd",
            _ => "official XSD",
        }
    }

    fn element(&mut self, e: &Element, ty: &TypeRef, default: Option<&'static str>) {
        match ty {
            TypeRef::Any => {}
            TypeRef::Global => match self.schema.elements.get(&(e.ns.as_str(), e.local.as_str())) {
                Some((t, d)) => {
                    let t = t.clone();
                    self.element(e, &t, *d)
                }
                None => self.err(
                    "schema/undeclared-element",
                    &e.span,
                    format!("no declaration for element {}", display(&e.ns, &e.local)),
                    None,
                ),
            },
            TypeRef::Simple(s) => {
                for a in &e.attrs {
                    if a.ns != XSI_NS {
                        self.err(
                            "schema/unexpected-attribute",
                            &a.span,
                            format!("attribute `{}` is not allowed on `<{}>`", a.qname, e.qname),
                            None,
                        );
                    }
                }
                self.simple_content(e, s, default);
            }
            TypeRef::Named(n) => {
                let Some(td) = self.schema.types.get(n) else {
                    self.err("schema/internal", &e.span, format!("type `{n}` missing from the grammar"), None);
                    return;
                };
                self.attributes(e, td);
                match &td.content {
                    Content::Empty => {
                        if let Some(c) = e.children.first() {
                            self.err(
                                "schema/unexpected-element",
                                &c.span,
                                format!("`<{}>` must be empty, but contains `<{}>`", e.qname, c.qname),
                                None,
                            );
                        }
                        if !e.text.is_empty() {
                            self.err(
                                "schema/unexpected-text",
                                &e.span,
                                format!("`<{}>` must be empty; even whitespace is not allowed", e.qname),
                                Some("write it as an empty element: <name .../>".into()),
                            );
                        }
                    }
                    Content::Simple(s) => {
                        let s = s.clone();
                        self.simple_content(e, &s, default)
                    }
                    Content::Seq(items) => {
                        self.no_text(e);
                        self.sequence(e, items, self.schema.unique_children.contains(n));
                    }
                    Content::Mixed(items) => self.sequence(e, items, self.schema.unique_children.contains(n)),
                    Content::All(items) => {
                        self.no_text(e);
                        self.all(e, items);
                    }
                }
            }
        }
    }

    /// Lax processing of an undeclared element: its attributes and its
    /// descendants that have a global declaration are validated, as libxml2
    /// does (an undeclared `<lom:rights>` still has its
    /// `adlcp:sharedDataGlobalToSystem` checked as a boolean).
    fn lax_element(&mut self, e: &Element) {
        for a in &e.attrs {
            if a.ns == XSI_NS {
                continue;
            }
            if let Some(t) = self.schema.attributes.get(&(a.ns.as_str(), a.local.as_str())).cloned() {
                self.value(&t, &a.value, &a.span, &format!("attribute `{}`", a.qname));
            }
        }
        for c in &e.children {
            match self.schema.elements.get(&(c.ns.as_str(), c.local.as_str())).cloned() {
                Some((t, d)) => self.element(c, &t, d),
                None => self.lax_element(c),
            }
        }
    }

    fn no_text(&mut self, e: &Element) {
        if !e.text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n')).is_empty() {
            self.err(
                "schema/unexpected-text",
                &e.span,
                format!("`<{}>` has element-only content; text is not allowed", e.qname),
                None,
            );
        }
    }

    fn simple_content(&mut self, e: &Element, s: &Simple, default: Option<&'static str>) {
        if let Some(c) = e.children.first() {
            self.err(
                "schema/unexpected-element",
                &c.span,
                format!("`<{}>` has text-only content; child element `<{}>` is not allowed", e.qname, c.qname),
                None,
            );
            return;
        }
        let value = if e.text.is_empty() { default.unwrap_or("") } else { e.text.as_str() };
        self.value(s, value, &e.span, &format!("content of `<{}>`", e.qname));
    }

    fn value(&mut self, s: &Simple, value: &str, span: &Range<usize>, what: &str) {
        match s.check(value) {
            Ok(()) => {
                if matches!(s, Simple::Id) {
                    let v = types::collapse(value);
                    if let Some(first) = self.ids.get(&v) {
                        let (l, c) = self.file.line_col(first.start);
                        self.err(
                            "schema/duplicate-id",
                            span,
                            format!("ID `{v}` is already used at {l}:{c}"),
                            Some("every identifier in a manifest must be unique".into()),
                        );
                    } else {
                        self.ids.insert(v, span.clone());
                    }
                }
            }
            Err(why) if matches!(s, Simple::Id | Simple::IdRef) => {
                let msg = format!("{what}: `{value}` {why} ({})", s.name());
                let hint = "most LMSs accept it, but strict ones (and xmllint) reject it: start identifiers with a letter or `_`";
                let severity = if self.tolerant { Severity::Warning } else { Severity::Error };
                self.out.push(
                    Diagnostic::new(severity, "schema/invalid-id", msg)
                        .with_hint(hint)
                        .with_rule(format!("XML Schema: {} (xs:ID / xs:IDREF are NCNames)", self.rule()))
                        .at(self.file.location(span.clone())),
                );
            }
            Err(why) => {
                let shown: String = value.chars().take(80).collect();
                self.err("schema/invalid-value", span, format!("{what}: `{shown}` {why} ({})", s.name()), None);
            }
        }
    }

    fn attributes(&mut self, e: &Element, td: &TypeDef) {
        for a in &e.attrs {
            if a.ns == XSI_NS {
                continue;
            }
            if let Some(d) = td.attrs.iter().find(|d| d.ns == a.ns && d.name == a.local) {
                self.value(&d.ty, &a.value, &a.span, &format!("attribute `{}`", a.qname));
                continue;
            }
            let global = self.schema.attributes.get(&(a.ns.as_str(), a.local.as_str())).cloned();
            match td.any_attr {
                Some(w) if w.allows(&a.ns) => match (w.process, global) {
                    (Process::Skip, _) => {}
                    (_, Some(t)) => self.value(&t, &a.value, &a.span, &format!("attribute `{}`", a.qname)),
                    (Process::Lax, None) => {}
                    (Process::Strict, None) => self.err(
                        "schema/undeclared-attribute",
                        &a.span,
                        format!("attribute `{}` ({}) has no declaration in the schema", a.qname, a.ns),
                        Some("strict wildcard: only attributes declared by the loaded schemas are allowed".into()),
                    ),
                },
                _ => self.err(
                    "schema/unexpected-attribute",
                    &a.span,
                    format!("attribute `{}` is not allowed on `<{}>`", a.qname, e.qname),
                    None,
                ),
            }
        }
        for d in &td.attrs {
            if d.required && !e.attrs.iter().any(|a| a.ns == d.ns && a.local == d.name) {
                self.err(
                    "schema/missing-attribute",
                    &e.span,
                    format!("`<{}>` is missing the required attribute `{}`", e.qname, d.name),
                    None,
                );
            }
        }
    }

    /// The LOM uniqueness constraint: children of `e` with the same
    /// `uniqueElementName` (written, or fixed by the child's type).
    fn unique_names(&mut self, e: &Element, kids: &[&Element], hits: &[(usize, Hit)]) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, hit) in hits {
            let c = kids[*i];
            let fixed = match hit {
                Hit::El(TypeRef::Named(t), _) => self.schema.types.get(t).and_then(|td| {
                    td.attrs.iter().find(|a| a.ns.is_empty() && a.name == UNIQUE_ELEMENT_NAME).and_then(|a| {
                        match a.ty {
                            Simple::Fixed(v) => Some(v),
                            _ => None,
                        }
                    })
                }),
                _ => None,
            };
            let Some(key) = c.attr(UNIQUE_ELEMENT_NAME).or(fixed) else { continue };
            if let Some(first) = seen.get(key) {
                let (l, col) = self.file.line_col(kids[*first].span.start);
                self.err(
                    "schema/duplicate-element",
                    &c.span,
                    format!("`<{}>` may appear only once in `<{}>` (the first one is at {l}:{col})", c.qname, e.qname),
                    Some("LOM allows this element at most once here (uniqueness constraint); merge the two".into()),
                );
            } else {
                seen.insert(key, *i);
            }
        }
    }

    fn all(&mut self, e: &Element, items: &[Particle]) {
        let mut counts = vec![0u32; items.len()];
        for c in &e.children {
            let hit = items
                .iter()
                .position(|p| matches!(p, Particle::El { ns, name, .. } if *ns == c.ns && *name == c.local));
            match hit {
                Some(i) => {
                    counts[i] += 1;
                    if counts[i] > 1 {
                        self.err(
                            "schema/unexpected-element",
                            &c.span,
                            format!("`<{}>` may appear only once here", c.qname),
                            None,
                        );
                        return;
                    }
                    if let Particle::El { ty, default, .. } = &items[i] {
                        self.element(c, ty, *default);
                    }
                }
                None => {
                    self.err(
                        "schema/unexpected-element",
                        &c.span,
                        format!("element {} is not expected in `<{}>`", display(&c.ns, &c.local), e.qname),
                        None,
                    );
                    return;
                }
            }
        }
        for (i, p) in items.iter().enumerate() {
            if let Particle::El { name, min, .. } = p
                && counts[i] < *min
            {
                self.err(
                    "schema/missing-element",
                    &e.span,
                    format!("`<{}>` is missing the required child `<{name}>`", e.qname),
                    None,
                );
            }
        }
    }

    fn sequence(&mut self, e: &Element, items: &[Particle], unique: bool) {
        let mut kids: Vec<&Element> = e.children.iter().collect();
        let top = Particle::Seq { items: libxml2_items(items), min: 1, max: 1 };
        let (end, hits, m_furthest, m_expected) = loop {
            let mut m = Matcher { kids: &kids, hits: Vec::new(), furthest: 0, expected: Vec::new() };
            let end = m.particle(&top, 0);
            let at = match end {
                Some(pos) if pos == kids.len() => None,
                Some(pos) => Some(pos.max(m.furthest)),
                None => Some(m.furthest),
            };
            let misplaced = at.filter(|&i| {
                self.tolerant
                    && i < kids.len()
                    && kids[i].local == "metadata"
                    && (kids[i].ns == scorm12::CP || kids[i].ns == scorm2004::CP)
            });
            if let Some(i) = misplaced {
                let c = kids[i];
                self.out.push(
                    Diagnostic::warning("schema/misplaced-metadata", format!("`<{}>` is not allowed at this position in `<{}>`", c.qname, e.qname))
                        .with_hint("LMSs ignore it, but the schema (and xmllint) reject it: move <metadata> to its place in the sequence")
                        .with_rule(format!("XML Schema: {}", self.rule()))
                        .at(self.file.location(c.span.clone())),
                );
                kids.remove(i);
                continue;
            }
            break (end, std::mem::take(&mut m.hits), m.furthest, m.expected);
        };
        let m = Matcher { kids: &kids, hits: Vec::new(), furthest: m_furthest, expected: m_expected };
        match end {
            Some(pos) if pos == kids.len() => {}
            other => {
                let at = match other {
                    Some(pos) => pos.max(m.furthest),
                    None => m.furthest,
                };
                let mut expected: Vec<String> = Vec::new();
                for x in &m.expected {
                    if !expected.contains(x) {
                        expected.push(x.clone());
                    }
                }
                let exp =
                    if expected.is_empty() { String::new() } else { format!(" (expected {})", expected.join(" or ")) };
                if at < kids.len() {
                    let c = kids[at];
                    self.err(
                        "schema/unexpected-element",
                        &c.span,
                        format!("element {} is not expected here in `<{}>`{exp}", display(&c.ns, &c.local), e.qname),
                        Some("check the order and number of child elements against the schema".into()),
                    );
                } else {
                    self.err(
                        "schema/missing-element",
                        &e.span,
                        format!("`<{}>` is missing a required child element{exp}", e.qname),
                        None,
                    );
                }
                return;
            }
        }
        if unique {
            self.unique_names(e, &kids, &hits);
        }
        for (i, hit) in hits {
            let c = kids[i];
            match hit {
                Hit::El(ty, default) => self.element(c, &ty, default),
                Hit::Any(w) => match (w.process, self.schema.elements.get(&(c.ns.as_str(), c.local.as_str())).cloned())
                {
                    (Process::Skip, _) => {}
                    (_, Some((t, d))) => self.element(c, &t, d),
                    (Process::Lax, None) => self.lax_element(c),
                    (Process::Strict, None) => self.err(
                        "schema/undeclared-element",
                        &c.span,
                        format!("no declaration for element {} (strict wildcard)", display(&c.ns, &c.local)),
                        Some("only elements declared by the loaded schemas (adlcp, imsmd, ...) may appear here".into()),
                    ),
                },
            }
        }
    }
}

/// libxml2 compiles a sequence ending in `X{m,unbounded}, ##other*` as
/// `X{m}, (X | ##other)*`: the wildcard may interleave with the repeated
/// element before it. We mirror that so verdicts agree (see docs/validator.md).
fn libxml2_items(items: &[Particle]) -> Vec<Particle> {
    let mut out = items.to_vec();
    let n = out.len();
    if n >= 2
        && let (
            Particle::El { ns, name, ty, min, max: UNBOUNDED, default },
            Particle::Any { wild, min: 0, max: UNBOUNDED },
        ) = (&items[n - 2], &items[n - 1])
    {
        let one = Particle::El { ns, name, ty: ty.clone(), min: 1, max: 1, default: *default };
        let first = Particle::El { ns, name, ty: ty.clone(), min: *min, max: *min, default: *default };
        let min = *min;
        let mix =
            Particle::Choice { alts: vec![one, Particle::Any { wild: *wild, min: 1, max: 1 }], min: 0, max: UNBOUNDED };
        out.truncate(n - 2);
        if min > 0 {
            out.push(first);
        }
        out.push(mix);
    }
    out
}

#[derive(Clone)]
enum Hit {
    El(TypeRef, Option<&'static str>),
    Any(Wild),
}

struct Matcher<'k> {
    kids: &'k [&'k Element],
    hits: Vec<(usize, Hit)>,
    furthest: usize,
    expected: Vec<String>,
}

impl Matcher<'_> {
    /// Match `p` with its occurrence bounds greedily from `pos`.
    fn particle(&mut self, p: &Particle, pos: usize) -> Option<usize> {
        let (min, max) = match p {
            Particle::El { min, max, .. }
            | Particle::Any { min, max, .. }
            | Particle::Choice { min, max, .. }
            | Particle::Seq { min, max, .. } => (*min, *max),
        };
        let mut count = 0u32;
        let mut at = pos;
        while count < max {
            let saved = self.hits.len();
            match self.once(p, at) {
                Some(next) if next > at => {
                    at = next;
                    count += 1;
                }
                Some(_) => {
                    count = count.max(min);
                    break;
                }
                None => {
                    self.hits.truncate(saved);
                    break;
                }
            }
        }
        if count < min { None } else { Some(at) }
    }

    fn note(&mut self, pos: usize, what: String) {
        if pos > self.furthest {
            self.furthest = pos;
            self.expected.clear();
        }
        if pos == self.furthest {
            self.expected.push(what);
        }
    }

    fn once(&mut self, p: &Particle, pos: usize) -> Option<usize> {
        match p {
            Particle::El { ns, name, ty, default, .. } => {
                let k = self.kids.get(pos);
                if k.is_some_and(|k| k.ns == *ns && k.local == *name) {
                    self.hits.push((pos, Hit::El(ty.clone(), *default)));
                    Some(pos + 1)
                } else {
                    self.note(pos, format!("`<{name}>`"));
                    None
                }
            }
            Particle::Any { wild, .. } => {
                if self.kids.get(pos).is_some_and(|k| wild.allows(&k.ns)) {
                    self.hits.push((pos, Hit::Any(*wild)));
                    Some(pos + 1)
                } else {
                    None
                }
            }
            Particle::Choice { alts, .. } => {
                for a in alts {
                    let saved = self.hits.len();
                    if let Some(n) = self.particle(a, pos)
                        && n > pos
                    {
                        return Some(n);
                    }
                    self.hits.truncate(saved);
                }
                // An alternative that can match nothing makes the choice emptiable.
                for a in alts {
                    let saved = self.hits.len();
                    let r = self.particle(a, pos);
                    self.hits.truncate(saved);
                    if r == Some(pos) {
                        return Some(pos);
                    }
                }
                None
            }
            Particle::Seq { items, .. } => {
                let mut at = pos;
                for it in items {
                    at = self.particle(it, at)?;
                }
                Some(at)
            }
        }
    }
}

/// The attribute that carries the LOM uniqueness constraints.
pub const UNIQUE_ELEMENT_NAME: &str = "uniqueElementName";

/// The `xml:` attributes declared by the 2004 `xml.xsd`.
pub fn xml_attributes_2004(s: &mut Schema) {
    s.attributes.insert((XML_NS, "lang"), Simple::Language);
    s.attributes.insert((XML_NS, "space"), Simple::TokenEnum(&["default", "preserve"]));
    s.attributes.insert((XML_NS, "base"), types::URI);
}
