//! SVG images from a module, made safe to open inside the LMS's origin.
//!
//! A page shows an SVG with `<img>`, where browsers never run its scripts,
//! but a learner can open the file itself (a link to it, "open image in new
//! tab"), and then it is a document of the LMS's origin like any page. So
//! every SVG the build packages goes through [`sanitise`]:
//!
//! 1. Anything that would run code or load a file when the SVG is opened is
//!    *found and refused* (the build stops, `page/unsafe-svg`): `<script>`,
//!    event-handler attributes (`onload=`), `javascript:` and other script
//!    URLs (in `href`, `xlink:href`, animation values, anywhere), animations
//!    that rewrite a link or a handler, references to other files or sites
//!    (`<use>`, `<image>`, `<feImage>`, CSS `url()` and `@import`), frames and
//!    scripts in HTML inside the SVG, `xml-stylesheet` instructions and DOCTYPE
//!    entity declarations (which can smuggle markup past a parser).
//! 2. Everything else is *rewritten* through a strict allow-list of SVG
//!    elements and attributes. Comments, editor metadata (`<metadata>`,
//!    Inkscape, Illustrator and other namespaces), the DOCTYPE and processing
//!    instructions are dropped silently; SVG elements and attributes outside
//!    the list (`<foreignObject>`, for one) are dropped and named in a
//!    warning (`page/svg-changed`), since the picture may look different.
//!
//! The rewrite is the guarantee: the file packaged is our own serialisation
//! of what passed the allow-list, so a trick the first step does not know
//! still cannot reach the package.

use crate::css;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;
use std::collections::BTreeSet;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// SVG elements that are kept. Everything here only draws.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "switch",
    "a",
    "view",
    "style",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "image",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "animate",
    "animateTransform",
    "animateMotion",
    "set",
    "mpath",
];

/// Animation elements: their `attributeName` must name a drawing attribute.
const ANIMATIONS: &[&str] = &["animate", "animateTransform", "animateMotion", "set"];

/// Attributes (without a namespace) that are kept on the elements above:
/// geometry, presentation, text, paint servers, filters, animation timing,
/// conditional processing and accessibility. None of them runs code; the
/// ones that can hold a URL (`href`, and `url()` in presentation values)
/// are checked separately.
const ATTRIBUTES: &[&str] = &[
    // Core, styling, accessibility.
    "id",
    "class",
    "style",
    "lang",
    "tabindex",
    "role",
    "focusable",
    "version",
    "baseProfile",
    // Geometry and layout.
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "fr",
    "width",
    "height",
    "d",
    "points",
    "pathLength",
    "transform",
    "viewBox",
    "preserveAspectRatio",
    "enable-background",
    // Presentation.
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "color",
    "display",
    "visibility",
    "overflow",
    "clip",
    "clip-path",
    "clip-rule",
    "mask",
    "filter",
    "marker-start",
    "marker-mid",
    "marker-end",
    "font-family",
    "font-size",
    "font-size-adjust",
    "font-stretch",
    "font-style",
    "font-variant",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "letter-spacing",
    "word-spacing",
    "text-decoration",
    "writing-mode",
    "direction",
    "unicode-bidi",
    "text-rendering",
    "shape-rendering",
    "image-rendering",
    "color-rendering",
    "color-interpolation",
    "color-interpolation-filters",
    "paint-order",
    "vector-effect",
    "mix-blend-mode",
    "isolation",
    "stop-color",
    "stop-opacity",
    "flood-color",
    "flood-opacity",
    "lighting-color",
    "transform-origin",
    "cursor",
    // Text.
    "dx",
    "dy",
    "rotate",
    "textLength",
    "lengthAdjust",
    "startOffset",
    "method",
    "spacing",
    "side",
    // Paint servers, clipping, masking, markers.
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "offset",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "clipPathUnits",
    "maskUnits",
    "maskContentUnits",
    "markerUnits",
    "markerWidth",
    "markerHeight",
    "refX",
    "refY",
    "orient",
    // Filters.
    "filterUnits",
    "primitiveUnits",
    "result",
    "in",
    "in2",
    "stdDeviation",
    "edgeMode",
    "mode",
    "operator",
    "k1",
    "k2",
    "k3",
    "k4",
    "type",
    "values",
    "tableValues",
    "slope",
    "intercept",
    "amplitude",
    "exponent",
    "azimuth",
    "elevation",
    "surfaceScale",
    "diffuseConstant",
    "specularConstant",
    "specularExponent",
    "kernelMatrix",
    "kernelUnitLength",
    "order",
    "divisor",
    "bias",
    "targetX",
    "targetY",
    "preserveAlpha",
    "scale",
    "xChannelSelector",
    "yChannelSelector",
    "radius",
    "baseFrequency",
    "numOctaves",
    "seed",
    "stitchTiles",
    "limitingConeAngle",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "z",
    // Links and conditional processing.
    "href",
    "target",
    "requiredFeatures",
    "requiredExtensions",
    "systemLanguage",
    // Animation (its `attributeName` and values are checked).
    "attributeName",
    "attributeType",
    "from",
    "to",
    "by",
    "begin",
    "dur",
    "end",
    "min",
    "max",
    "restart",
    "repeatCount",
    "repeatDur",
    "calcMode",
    "keyTimes",
    "keySplines",
    "keyPoints",
    "additive",
    "accumulate",
    "path",
];

/// Attributes an animation may not change: links, handlers' hosts and the
/// hooks of styling (a changed `href` is a `javascript:` URL waiting for a click).
const NOT_ANIMATABLE: &[&str] = &["href", "target", "style", "class", "id", "attributeName", "begin", "end"];

/// Elements that run code or embed other documents, in any namespace.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script", "handler", "listener", "iframe", "frame", "frameset", "embed", "object", "applet", "portal", "base",
    "meta", "link", "form",
];

/// Attributes whose value is used as a URL or as script, on any element.
const URL_ATTRIBUTES: &[&str] =
    &["href", "src", "action", "formaction", "data", "from", "to", "by", "values", "srcdoc", "xlink:href"];

/// One thing in an SVG that would run code or load a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line in the SVG file.
    pub line: usize,
    /// What it is, for example "a `<script>` element".
    pub what: String,
}

/// Why a file is not a usable SVG image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// 1-based line in the SVG file, when known.
    pub line: usize,
    /// What is wrong, in words.
    pub reason: String,
}

/// The outcome of [`sanitise`] for a well-formed SVG.
#[derive(Clone, Debug, Default)]
pub struct Sanitised {
    /// The rewritten SVG, to package instead of the author's file.
    pub bytes: Vec<u8>,
    /// Active content found: when not empty, the file must be refused.
    pub active: Vec<Finding>,
    /// SVG elements (`<name>`) and attributes (`name`) outside the allow-list that were removed.
    pub removed: BTreeSet<String>,
}

/// Check and rewrite an SVG file (see the module documentation).
pub fn sanitise(bytes: &[u8]) -> Result<Sanitised, Invalid> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| Invalid {
        line: line_of_bytes(bytes, e.valid_up_to()),
        reason: "it is not UTF-8 text; save it again as UTF-8 SVG".into(),
    })?;
    let mut rewriter = Rewriter::new(text);
    rewriter.run()?;
    Ok(rewriter.result)
}

struct Open {
    /// The name written for its end tag, or `None` when the element was dropped.
    written: Option<String>,
    /// A kept `<style>` element: its text is gathered and checked at its end.
    style: Option<String>,
    /// The line it starts on.
    line: usize,
}

struct Rewriter<'t> {
    text: &'t str,
    out: String,
    result: Sanitised,
    stack: Vec<Open>,
    /// Depth of dropped elements we are inside (their content is not written).
    dropped: usize,
    seen_root: bool,
    entity_declarations: bool,
}

impl<'t> Rewriter<'t> {
    fn new(text: &'t str) -> Self {
        Rewriter {
            text,
            out: String::with_capacity(text.len()),
            result: Sanitised::default(),
            stack: Vec::new(),
            dropped: 0,
            seen_root: false,
            entity_declarations: false,
        }
    }

    fn active(&mut self, line: usize, what: impl Into<String>) {
        let what = what.into();
        if !self.result.active.iter().any(|f| f.line == line && f.what == what) {
            self.result.active.push(Finding { line, what });
        }
    }

    fn run(&mut self) -> Result<(), Invalid> {
        let mut reader = NsReader::from_str(self.text);
        reader.config_mut().enable_all_checks(true);
        loop {
            let position = reader.buffer_position() as usize;
            let line = line_of(self.text, position);
            let (namespace, event) = match reader.read_resolved_event() {
                Ok((ns, event)) => (namespace_of(&ns), event),
                Err(error) => {
                    let at = line_of(self.text, reader.error_position() as usize);
                    return Err(Invalid { line: at, reason: format!("it is not well-formed XML: {error}") });
                }
            };
            match event {
                Event::Start(_) | Event::Empty(_) => {
                    let (element, is_empty) = match event {
                        Event::Empty(element) => (element, true),
                        Event::Start(element) => (element, false),
                        _ => continue,
                    };
                    let local = element.local_name().as_ref().to_string();
                    let mut attributes = Vec::new();
                    for attribute in element.attributes().with_checks(true) {
                        let attribute = attribute
                            .map_err(|e| Invalid { line, reason: format!("it is not well-formed XML: {e}") })?;
                        let key = attribute.key;
                        if key.as_ref().starts_with("xmlns") {
                            continue;
                        }
                        let (attribute_ns, attribute_local) = reader.resolver().resolve_attribute(key);
                        let value = attribute
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|e| Invalid { line, reason: format!("an attribute value cannot be read: {e}") })?;
                        attributes.push(AttributeIn {
                            namespace: namespace_of(&attribute_ns),
                            local: attribute_local.as_ref().to_string(),
                            qualified: key.as_ref().to_string(),
                            value: value.into_owned(),
                        });
                    }
                    self.element(&namespace, &local, &attributes, is_empty, line)?;
                }
                Event::End(_) => self.end(),
                Event::Text(text) => {
                    if self.dropped == 0 && !self.stack.is_empty() {
                        let raw = text.as_ref().to_string();
                        self.text_content(&raw, true);
                    }
                }
                Event::CData(data) => {
                    if self.dropped == 0 && !self.stack.is_empty() {
                        let raw = data.as_ref().to_string();
                        self.text_content(&raw, false);
                    }
                }
                Event::GeneralRef(reference) => {
                    let name = reference.as_ref().to_string();
                    let character = if reference.is_char_ref() {
                        match reference.resolve_char_ref() {
                            Ok(Some(c)) => Some(c),
                            _ => {
                                return Err(Invalid {
                                    line,
                                    reason: format!("`&{name};` is not a character a file may hold"),
                                });
                            }
                        }
                    } else {
                        match name.as_str() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            // Declared in a DOCTYPE, which is refused already; otherwise undefined.
                            _ if self.entity_declarations => None,
                            _ => {
                                return Err(Invalid { line, reason: format!("`&{name};` is not a defined entity") });
                            }
                        }
                    };
                    if let Some(c) = character
                        && self.dropped == 0
                        && !self.stack.is_empty()
                    {
                        self.text_content(&c.to_string(), false);
                    }
                }
                Event::PI(instruction) => {
                    if instruction.target().eq_ignore_ascii_case("xml-stylesheet") {
                        self.active(line, "an `xml-stylesheet` instruction, which loads a stylesheet");
                    }
                }
                Event::DocType(doctype) => {
                    if doctype.as_ref().contains('[') {
                        self.entity_declarations = true;
                        self.active(line, "entity declarations in its DOCTYPE, which can hide markup");
                    }
                }
                Event::Comment(_) | Event::Decl(_) => {}
                Event::Eof => break,
            }
        }
        if !self.seen_root {
            return Err(Invalid { line: 1, reason: "it has no `<svg>` element".into() });
        }
        self.result.bytes = std::mem::take(&mut self.out).into_bytes();
        Ok(())
    }

    fn element(
        &mut self,
        namespace: &Ns,
        local: &str,
        attributes: &[AttributeIn],
        is_empty: bool,
        line: usize,
    ) -> Result<(), Invalid> {
        // Step 1: find active content, wherever it is (even inside parts that will be dropped).
        let lower = local.to_ascii_lowercase();
        let web = matches!(namespace, Ns::Svg | Ns::Xhtml | Ns::None);
        if ACTIVE_ELEMENTS.contains(&lower.as_str())
            && (web || matches!(lower.as_str(), "script" | "handler" | "listener"))
        {
            self.active(line, format!("a `<{local}>` element"));
        }
        for attribute in attributes {
            let name = attribute.local.to_ascii_lowercase();
            if name.starts_with("on") {
                self.active(line, format!("the event handler `{}`", attribute.qualified));
                continue;
            }
            let url_like = URL_ATTRIBUTES.contains(&name.as_str()) || name == "style";
            if url_like && let Some(scheme) = script_scheme(&attribute.value) {
                self.active(line, format!("a `{scheme}` address in `{}`", attribute.qualified));
            }
        }
        if !self.seen_root {
            if !(*namespace == Ns::Svg && local == "svg") {
                return Err(Invalid {
                    line,
                    reason: "it is not an SVG image: its first element is not `<svg>` in the SVG namespace (`xmlns=\"http://www.w3.org/2000/svg\"`)".into(),
                });
            }
            self.seen_root = true;
        }
        // Step 2: the allow-list.
        let keep = self.dropped == 0 && *namespace == Ns::Svg && ELEMENTS.contains(&local);
        if self.dropped == 0 && *namespace == Ns::Svg && !keep && local != "metadata" {
            self.result.removed.insert(format!("<{local}>"));
        }
        let mut kept = Vec::new();
        if keep {
            for attribute in attributes {
                if let Some(kept_attribute) = self.attribute(local, attribute, line) {
                    kept.push(kept_attribute);
                }
            }
        }
        let animation_ok =
            *namespace != Ns::Svg || !ANIMATIONS.contains(&local) || self.animation_allowed(local, attributes, line);
        let keep = keep && animation_ok;
        if keep {
            self.out.push('<');
            self.out.push_str(local);
            if self.stack.is_empty() {
                self.out.push_str(" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
            }
            for (name, value) in &kept {
                self.out.push(' ');
                self.out.push_str(name);
                self.out.push_str("=\"");
                self.out.push_str(&escape(value, true));
                self.out.push('"');
            }
            self.out.push_str(if is_empty { "/>" } else { ">" });
        }
        if !is_empty {
            let style = (keep && local == "style").then(String::new);
            self.stack.push(Open { written: keep.then(|| local.to_string()), style, line });
            if !keep {
                self.dropped += 1;
            }
        }
        Ok(())
    }

    /// The attribute as written out, or `None` when it is dropped.
    fn attribute(&mut self, element: &str, attribute: &AttributeIn, line: usize) -> Option<(String, String)> {
        let name = match (&attribute.namespace, attribute.local.as_str()) {
            (Ns::None, local) if ATTRIBUTES.contains(&local) || local.starts_with("aria-") => local.to_string(),
            (Ns::XLink, "href" | "title") => format!("xlink:{}", attribute.local),
            (Ns::Xml, "lang" | "space") => format!("xml:{}", attribute.local),
            (Ns::None | Ns::XLink, local) => {
                if !local.to_ascii_lowercase().starts_with("on") {
                    self.result.removed.insert(attribute.qualified.clone());
                }
                return None;
            }
            _ => return None,
        };
        let value = &attribute.value;
        if script_scheme(value).is_some() {
            // Reported as active content when the attribute can be used as a URL; never kept.
            return None;
        }
        if attribute.local == "href" {
            let allowed = match element {
                "a" => is_local_fragment(value) || is_web_link(value),
                "image" | "feImage" => is_local_fragment(value) || css::is_embedded_raster(value),
                _ => is_local_fragment(value),
            };
            if !allowed {
                self.active(
                    line,
                    format!(
                        "`{}` on `<{element}>` refers to `{}`, outside the image",
                        attribute.qualified,
                        css::shorten(value)
                    ),
                );
                return None;
            }
        } else if attribute.local == "style" || value.to_ascii_lowercase().contains("url(") || value.contains('\\') {
            let problems = css::problems(value);
            if !problems.is_empty() {
                for problem in problems {
                    self.active(line, format!("{problem} in `{}`", attribute.qualified));
                }
                return None;
            }
        }
        Some((name, value.clone()))
    }

    /// An animation may change drawing attributes only; one that rewrites a
    /// link or a handler is active content, and one of anything else is dropped.
    fn animation_allowed(&mut self, element: &str, attributes: &[AttributeIn], line: usize) -> bool {
        if element == "animateMotion" || element == "animateTransform" {
            return true;
        }
        let target = attributes.iter().find(|a| a.local == "attributeName").map(|a| a.value.trim().to_string());
        let Some(target) = target else { return false };
        let local = target.rsplit(':').next().unwrap_or(&target).to_string();
        if local.to_ascii_lowercase().starts_with("on") || NOT_ANIMATABLE.contains(&local.as_str()) {
            self.active(line, format!("a `<{element}>` that changes `{target}`"));
            return false;
        }
        if !ATTRIBUTES.contains(&local.as_str()) {
            if self.dropped == 0 {
                self.result.removed.insert(format!("<{element}>"));
            }
            return false;
        }
        true
    }

    fn end(&mut self) {
        let Some(open) = self.stack.pop() else { return };
        match open.written {
            Some(name) => {
                if let Some(css_text) = open.style {
                    let problems = css::problems(&css_text);
                    if problems.is_empty() {
                        self.out.push_str(&escape(&css_text, false));
                    } else {
                        for problem in problems {
                            self.active(open.line, format!("{problem} in a `<style>` element"));
                        }
                    }
                }
                self.out.push_str("</");
                self.out.push_str(&name);
                self.out.push('>');
            }
            None => self.dropped = self.dropped.saturating_sub(1),
        }
    }

    /// Text inside a kept element: `raw` when it is already escaped XML text.
    fn text_content(&mut self, text: &str, raw: bool) {
        if let Some(Open { style: Some(css_text), .. }) = self.stack.last_mut() {
            // Gathered decoded, checked and escaped at the end of the element.
            if raw {
                css_text.push_str(&quick_xml::escape::unescape(text).map(|t| t.into_owned()).unwrap_or_default());
            } else {
                css_text.push_str(text);
            }
            return;
        }
        if raw {
            self.out.push_str(&text.replace('>', "&gt;"));
        } else {
            self.out.push_str(&escape(text, false));
        }
    }
}

/// An attribute as read: its namespace, local name, name as written and value.
struct AttributeIn {
    namespace: Ns,
    local: String,
    qualified: String,
    value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Ns {
    None,
    Svg,
    XLink,
    Xml,
    Xhtml,
    Other,
}

fn namespace_of(result: &ResolveResult<'_>) -> Ns {
    match result {
        ResolveResult::Bound(Namespace(ns)) if *ns == SVG_NS => Ns::Svg,
        ResolveResult::Bound(Namespace(ns)) if *ns == XHTML_NS => Ns::Xhtml,
        ResolveResult::Bound(Namespace(ns)) if *ns == XLINK_NS => Ns::XLink,
        ResolveResult::Bound(Namespace(ns)) if *ns == XML_NS => Ns::Xml,
        ResolveResult::Unbound => Ns::None,
        _ => Ns::Other,
    }
}

/// The scheme, when the value is a URL that runs script or holds a document.
pub fn script_scheme(value: &str) -> Option<&'static str> {
    let compact: String = value.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect();
    let lower = compact.to_ascii_lowercase();
    for (needle, name) in [
        ("javascript:", "javascript:"),
        ("vbscript:", "vbscript:"),
        ("livescript:", "livescript:"),
        ("data:text/html", "data:text/html"),
        ("data:application/xhtml", "data:application/xhtml+xml"),
        ("data:application/xml", "data:application/xml"),
        ("data:text/xml", "data:text/xml"),
        ("data:image/svg+xml", "data:image/svg+xml"),
        ("data:text/javascript", "data:text/javascript"),
        ("data:application/javascript", "data:application/javascript"),
    ] {
        if lower.contains(needle) {
            return Some(name);
        }
    }
    None
}

fn is_local_fragment(value: &str) -> bool {
    css::is_local_fragment(value)
}

/// An `http:`, `https:` or `mailto:` link: followed only when the learner clicks it.
fn is_web_link(value: &str) -> bool {
    let lower = value.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn line_of(text: &str, offset: usize) -> usize {
    line_of_bytes(text.as_bytes(), offset)
}

fn line_of_bytes(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())].iter().filter(|b| **b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str =
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">"#;

    fn svg(body: &str) -> String {
        format!("{HEAD}\n{body}\n</svg>\n")
    }

    fn active(body: &str) -> Vec<String> {
        sanitise(svg(body).as_bytes()).expect("well-formed").active.into_iter().map(|f| f.what).collect()
    }

    fn clean(body: &str) -> (String, Vec<String>) {
        let s = sanitise(svg(body).as_bytes()).expect("well-formed");
        assert!(s.active.is_empty(), "{:?}", s.active);
        (String::from_utf8(s.bytes).unwrap(), s.removed.into_iter().collect())
    }

    #[test]
    fn every_kind_of_active_content_is_found() {
        for (body, expected) in [
            ("<script>alert(1)</script>", "a `<script>` element"),
            (r#"<rect onclick="alert(1)" width="5" height="5"/>"#, "the event handler `onclick`"),
            (
                r#"<a xlink:href="javascript:alert(1)"><rect width="5" height="5"/></a>"#,
                "a `javascript:` address in `xlink:href`",
            ),
            (r#"<a href=" JaVa&#x09;Script:alert(1)"><text>x</text></a>"#, "a `javascript:` address in `href`"),
            (
                r#"<a><animate attributeName="href" values="https://x;javascript:alert(1)"/></a>"#,
                "a `javascript:` address in `values`",
            ),
            (r##"<a><set attributeName="xlink:href" to="#x"/></a>"##, "a `<set>` that changes `xlink:href`"),
            (r#"<rect><set attributeName="onmouseover" to="x"/></rect>"#, "a `<set>` that changes `onmouseover`"),
            (
                r#"<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://example.org"/></foreignObject>"#,
                "a `<iframe>` element",
            ),
            (
                r#"<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="alert(1)"/></foreignObject>"#,
                "the event handler `onerror`",
            ),
            (r#"<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>"#, "a `<script>` element"),
            (
                r#"<use href="https://example.org/sprite.svg#a"/>"#,
                "`href` on `<use>` refers to `https://example.org/sprite.svg#a`, outside the image",
            ),
            (
                r#"<image xlink:href="photo.jpg" width="5" height="5"/>"#,
                "`xlink:href` on `<image>` refers to `photo.jpg`, outside the image",
            ),
            (
                r#"<filter id="f"><feImage href="http://example.org/x.png"/></filter>"#,
                "`href` on `<feImage>` refers to `http://example.org/x.png`, outside the image",
            ),
            ("<style>@import url(https://example.org/x.css);</style>", "`@import` in a `<style>` element"),
            (
                r#"<rect style="fill: url(https://example.org/p.svg#p)"/>"#,
                "`url(https://example.org/p.svg#p)`, which loads a file from outside the image in `style`",
            ),
            (
                r#"<rect fill="url(//example.org/p.svg#p)"/>"#,
                "`url(//example.org/p.svg#p)`, which loads a file from outside the image in `fill`",
            ),
            (r#"<rect style="background:url(javascript:alert(1))"/>"#, "a `javascript:` address in `style`"),
            (
                r#"<handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">alert(1)</handler>"#,
                "a `<handler>` element",
            ),
        ] {
            let found = active(body);
            assert!(found.iter().any(|f| f == expected), "{body}\nexpected {expected:?}\nfound {found:?}");
        }
    }

    #[test]
    fn instructions_and_entity_declarations_are_active() {
        let text = format!("<?xml-stylesheet href=\"https://example.org/s.css\"?>\n{}", svg("<rect/>"));
        assert_eq!(
            sanitise(text.as_bytes()).unwrap().active[0].what,
            "an `xml-stylesheet` instruction, which loads a stylesheet"
        );
        let text = format!(
            "<!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;alert(1)&#60;/script&#62;\">]>\n{}",
            svg("<text>&x;</text>")
        );
        let s = sanitise(text.as_bytes()).unwrap();
        assert_eq!(s.active[0].what, "entity declarations in its DOCTYPE, which can hide markup");
        assert!(!String::from_utf8(s.bytes).unwrap().contains("script"));
    }

    #[test]
    fn the_rewrite_keeps_drawings_and_drops_the_rest() {
        let (out, removed) = clean(
            r##"<!-- made by hand -->
<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
<style>.a { fill: url(#g) } text > tspan { font-weight: bold }</style>
<rect class="a" width="5" height="5" fill="url(#g)" inkscape:label="box" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" data-x="1"/>
<a href="https://example.org/more" target="_blank"><text x="1" y="2">Fish &amp; chips &#x2014; &lt;3</text></a>
<use href="#g"/>
<switch><foreignObject width="5" height="5"><div xmlns="http://www.w3.org/1999/xhtml">Box</div></foreignObject><text>Box</text></switch>
<rect><animate attributeName="fill" values="red;blue" dur="2s"/></rect>"##,
        );
        assert!(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">"), "{out}");
        for kept in [
            "<linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"/></linearGradient>",
            "<style>.a { fill: url(#g) } text &gt; tspan { font-weight: bold }</style>",
            "<rect class=\"a\" width=\"5\" height=\"5\" fill=\"url(#g)\"/>",
            "<a href=\"https://example.org/more\" target=\"_blank\"><text x=\"1\" y=\"2\">Fish &amp; chips — &lt;3</text></a>",
            "<use href=\"#g\"/>",
            "<switch><text>Box</text></switch>",
            "<animate attributeName=\"fill\" values=\"red;blue\" dur=\"2s\"/>",
        ] {
            assert!(out.contains(kept), "missing {kept}\n{out}");
        }
        for gone in ["<!--", "metadata", "rdf", "inkscape", "foreignObject", "div", "data-x"] {
            assert!(!out.contains(gone), "{gone} survived\n{out}");
        }
        assert_eq!(removed, ["<foreignObject>", "data-x"]);
    }

    #[test]
    fn the_shipped_diagrams_pass_unchanged_in_meaning() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../modules-src");
        let mut stack = vec![root];
        let mut seen = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "svg") {
                    let s = sanitise(&std::fs::read(&path).unwrap()).unwrap();
                    assert!(
                        s.active.is_empty() && s.removed.is_empty(),
                        "{}: {:?} {:?}",
                        path.display(),
                        s.active,
                        s.removed
                    );
                    seen += 1;
                }
            }
        }
        assert!(seen >= 5, "found only {seen} SVGs in modules-src");
    }

    #[test]
    fn broken_and_foreign_files_are_invalid() {
        assert!(
            sanitise(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></svg>")
                .unwrap_err()
                .reason
                .contains("well-formed")
        );
        assert!(sanitise(b"<html><body/></html>").unwrap_err().reason.contains("not an SVG image"));
        assert!(sanitise(b"<svg><rect/></svg>").unwrap_err().reason.contains("SVG namespace"));
        assert!(sanitise(b"\xff\xfe<\0s\0").unwrap_err().reason.contains("UTF-8"));
        assert!(sanitise(b"").unwrap_err().reason.contains("no `<svg>`"));
        let undefined = svg("<text>&nbsp;</text>");
        assert!(sanitise(undefined.as_bytes()).unwrap_err().reason.contains("not a defined entity"));
    }
}
