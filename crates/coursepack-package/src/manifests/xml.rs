//! A small element tree for the manifests, serialised with quick-xml.
//!
//! Manifests are built as trees (readable, in the standards' element order)
//! and written in one pass: quick-xml escapes every text and attribute value,
//! and [`xml_text`] first drops the characters XML 1.0 cannot carry at all,
//! so no author text can break a manifest.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

/// One XML element: a qualified name, attributes in the order given, and children.
#[derive(Clone, Debug, Default)]
pub(crate) struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Clone, Debug)]
enum Node {
    Element(El),
    Text(String),
}

/// A new element named `name` (with its prefix, as in `imsss:sequencing`).
pub(crate) fn el(name: &str) -> El {
    El { name: name.to_string(), ..El::default() }
}

/// An element holding only `text`.
pub(crate) fn text_el(name: &str, text: &str) -> El {
    el(name).text(text)
}

impl El {
    /// Adds an attribute (kept in the order added).
    pub(crate) fn attr(mut self, name: &str, value: impl AsRef<str>) -> Self {
        self.attrs.push((name.to_string(), xml_text(value.as_ref())));
        self
    }

    /// Appends a child element.
    pub(crate) fn child(mut self, child: El) -> Self {
        self.children.push(Node::Element(child));
        self
    }

    /// Appends a child element when it is `Some`.
    pub(crate) fn child_opt(self, child: Option<El>) -> Self {
        match child {
            Some(c) => self.child(c),
            None => self,
        }
    }

    /// Appends every element of `children`.
    pub(crate) fn children(mut self, children: impl IntoIterator<Item = El>) -> Self {
        self.children.extend(children.into_iter().map(Node::Element));
        self
    }

    /// Appends text content.
    pub(crate) fn text(mut self, text: &str) -> Self {
        self.children.push(Node::Text(xml_text(text)));
        self
    }

    /// The element as a UTF-8 document with an XML declaration, indented by
    /// two spaces, ending with a newline.
    pub(crate) fn to_document(&self) -> Vec<u8> {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        // Writing into a Vec cannot fail.
        let _ = writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        let _ = self.write(&mut writer);
        let mut bytes = writer.into_inner();
        bytes.push(b'\n');
        bytes
    }

    /// The document of `wrappers`, each element inside the one before, the
    /// last one holding `items` after its own children: the same bytes as
    /// building that tree and calling [`El::to_document`], but each item is
    /// made and written before the next one is made, so a long list (the
    /// activities of a course of hundreds of modules) never exists as a
    /// tree (about six times the size of its text).
    pub(crate) fn streamed_document(wrappers: &[El], items: impl IntoIterator<Item = El>) -> Vec<u8> {
        let mut items = items.into_iter().peekable();
        if wrappers.is_empty() || items.peek().is_none() {
            // Nothing to stream: the tree (where an element without children is written empty, `<a/>`).
            let items: Vec<El> = items.collect();
            let tree = wrappers.iter().rev().fold(None, |inner: Option<El>, wrapper| {
                Some(match inner {
                    Some(inner) => wrapper.clone().child(inner),
                    None => wrapper.clone().children(items.clone()),
                })
            });
            return tree.map(|tree| tree.to_document()).unwrap_or_default();
        }
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        // Writing into a Vec cannot fail.
        let _ = writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        let _ = write_wrapped(&mut writer, wrappers, &mut items);
        let mut bytes = writer.into_inner();
        bytes.push(b'\n');
        bytes
    }

    fn write(&self, writer: &mut Writer<Vec<u8>>) -> std::io::Result<()> {
        let start = writer
            .create_element(self.name.as_str())
            .with_attributes(self.attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        match self.children.as_slice() {
            [] => start.write_empty().map(|_| ()),
            [Node::Text(t)] => start.write_text_content(BytesText::new(t)).map(|_| ()),
            children => start
                .write_inner_content(|w| {
                    for child in children {
                        match child {
                            Node::Element(e) => e.write(w)?,
                            Node::Text(t) => w.write_event(Event::Text(BytesText::new(t)))?,
                        }
                    }
                    Ok(())
                })
                .map(|_| ()),
        }
    }
}

/// `wrappers` (see [`El::streamed_document`]), each one's children first, then `items` inside the last.
fn write_wrapped(
    writer: &mut Writer<Vec<u8>>,
    wrappers: &[El],
    items: &mut dyn Iterator<Item = El>,
) -> std::io::Result<()> {
    let Some((first, rest)) = wrappers.split_first() else {
        for item in items {
            item.write(writer)?;
        }
        return Ok(());
    };
    writer
        .create_element(first.name.as_str())
        .with_attributes(first.attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .write_inner_content(|w| {
            for child in &first.children {
                match child {
                    Node::Element(e) => e.write(w)?,
                    Node::Text(t) => w.write_event(Event::Text(BytesText::new(t)))?,
                }
            }
            write_wrapped(w, rest, items)
        })
        .map(|_| ())
}

/// `text` without the characters XML 1.0 forbids (C0 controls other than tab,
/// line feed and carriage return, U+FFFE and U+FFFF) and DEL, which it only discourages.
pub(crate) fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|c| {
            matches!(c, '\t' | '\n' | '\r')
                || (!c.is_control() || *c as u32 >= 0x80) && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let doc = el("a").attr("t", "x\"<&>'").child(text_el("b", "1 < 2 & </b>")).to_document();
        let doc = String::from_utf8(doc).unwrap();
        assert!(
            doc.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a t=\"x&quot;&lt;&amp;&gt;&apos;\">"),
            "{doc}"
        );
        assert!(doc.contains("<b>1 &lt; 2 &amp; &lt;/b&gt;</b>"), "{doc}");
    }

    /// A streamed document is the document of the same tree, byte for byte:
    /// with items, without (an empty element), and with wrappers that have
    /// children of their own.
    #[test]
    fn a_streamed_document_is_the_document_of_its_tree() {
        let items = || (0..3).map(|i| el("item").attr("n", i.to_string()).child(text_el("name", &format!("<{i}>"))));
        let wrappers = [el("root").attr("xmlns", "urn:x"), el("list")];
        let tree = el("root").attr("xmlns", "urn:x").child(el("list").children(items()));
        assert_eq!(
            String::from_utf8(El::streamed_document(&wrappers, items())).unwrap(),
            String::from_utf8(tree.to_document()).unwrap()
        );
        let empty = el("root").attr("xmlns", "urn:x").child(el("list"));
        assert_eq!(El::streamed_document(&wrappers, std::iter::empty()), empty.to_document());
        let own = [el("root").child(text_el("title", "T")), el("list").child(el("first"))];
        let tree = el("root").child(text_el("title", "T")).child(el("list").child(el("first")).children(items()));
        assert_eq!(El::streamed_document(&own, items()), tree.to_document());
    }

    #[test]
    fn characters_xml_cannot_carry_are_dropped() {
        assert_eq!(xml_text("a\u{1}b\tc\u{7f}d\u{FFFF}é\u{85}"), "ab\tcdé\u{85}");
    }
}
