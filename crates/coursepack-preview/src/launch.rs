//! What an LMS launches, read from a package's manifest as an LMS does:
//! SCORM items and their resources (with `xml:base`, `parameters` and the
//! run-time data the manifest gives), cmi5 AUs, the TinCan launch activity.
//! The validator has checked the manifest already; this reads what it needs
//! and ignores the rest.

use crate::package::{Kind, Launch};
use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// Deepest element nesting read (the validator's own limit is the same).
const MAX_DEPTH: usize = 256;

/// A manifest element: local name, attributes by local name, text, children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn child_text(&self, name: &str) -> Option<String> {
        self.child(name).map(|c| c.text.trim().to_string()).filter(|t| !t.is_empty())
    }
    /// A title: its text, or the first `langstring` inside it (cmi5).
    fn title(&self) -> Option<String> {
        let title = self.child("title")?;
        let text = title.text.trim();
        if !text.is_empty() {
            return Some(text.to_string());
        }
        title.child("langstring").map(|l| l.text.trim().to_string())
    }
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, local)) => local.to_string(),
        None => name.to_string(),
    }
}

fn parse(xml: &str) -> Option<Node> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return None;
                }
                stack.push(element(&e));
            }
            Event::Empty(e) => {
                let node = element(&e);
                stack.last_mut()?.children.push(node);
            }
            Event::End(_) => {
                let node = stack.pop()?;
                stack.last_mut()?.children.push(node);
            }
            Event::Text(t) => {
                // entities come as `GeneralRef` events (below), so the text is literal
                stack.last_mut()?.text.push_str(&t.xml10_content());
            }
            Event::CData(t) => stack.last_mut()?.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let text = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten().map(String::from).unwrap_or_default()
                } else {
                    match r.xml10_content().as_ref() {
                        "amp" => "&".to_string(),
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        other => format!("&{other};"),
                    }
                };
                stack.last_mut()?.text.push_str(&text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop()?;
    root.children.pop().or(Some(root))
}

fn element(e: &quick_xml::events::BytesStart<'_>) -> Node {
    let attrs = e
        .attributes()
        .flatten()
        .map(|a| {
            let key = a.key.0;
            // keep `xml:base` whole (its prefix matters), other names by local part
            let key = if key == "xml:base" { key.to_string() } else { local(key) };
            let value =
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_default();
            (key, value)
        })
        .collect();
    Node { name: local(e.name().0), attrs, ..Node::default() }
}

/// The kind of package `imsmanifest.xml` describes: SCORM 1.2 when its
/// `schemaversion` says 1.2 or it uses the 1.2 adlcp namespace, else 2004.
pub fn scorm_kind(manifest: &str) -> Kind {
    let version = parse(manifest)
        .and_then(|root| root.child("metadata").and_then(|m| m.child_text("schemaversion")))
        .unwrap_or_default();
    if version.trim() == "1.2" || manifest.contains("adlcp_rootv1p2") { Kind::Scorm12 } else { Kind::Scorm2004 }
}

/// The SCOs and assets of a SCORM manifest an LMS would list, in order: the
/// leaf items of the default organisation (or the first), each with its
/// resource's launch URL. Without any item, the first resource with an `href`.
pub fn scorm_launches(manifest: &str) -> Vec<Launch> {
    let Some(root) = parse(manifest) else { return Vec::new() };
    let resources: Vec<&Node> = root.child("resources").map(|r| r.all("resource").collect()).unwrap_or_default();
    let manifest_base = root.attr("xml:base").unwrap_or("").to_string();
    let resources_base = root.child("resources").and_then(|r| r.attr("xml:base")).unwrap_or("").to_string();
    let href_of = |resource: &Node| -> Option<String> {
        let href = resource.attr("href")?;
        let base = format!("{manifest_base}{resources_base}{}", resource.attr("xml:base").unwrap_or(""));
        Some(format!("{base}{href}"))
    };
    let mut launches = Vec::new();
    if let Some(orgs) = root.child("organizations") {
        let default = orgs.attr("default");
        let org = orgs
            .all("organization")
            .find(|o| default.is_some() && o.attr("identifier") == default)
            .or_else(|| orgs.child("organization"));
        if let Some(org) = org {
            collect_items(org, &resources, &href_of, &mut launches);
        }
    }
    if launches.is_empty()
        && let Some(resource) = resources.iter().find(|r| r.attr("href").is_some())
        && let Some(href) = href_of(resource)
    {
        launches.push(Launch {
            id: resource.attr("identifier").unwrap_or("resource").to_string(),
            title: resource.attr("identifier").unwrap_or("Launch").to_string(),
            href,
            ..Launch::default()
        });
    }
    launches
}

fn collect_items(node: &Node, resources: &[&Node], href_of: &dyn Fn(&Node) -> Option<String>, out: &mut Vec<Launch>) {
    for item in node.all("item") {
        if let Some(reference) = item.attr("identifierref") {
            let Some(resource) = resources.iter().find(|r| r.attr("identifier") == Some(reference)) else { continue };
            let Some(href) = href_of(resource) else { continue };
            let href = join_parameters(&href, item.attr("parameters").unwrap_or(""));
            let mut launch = Launch {
                id: item.attr("identifier").unwrap_or(reference).to_string(),
                title: item.title().unwrap_or_else(|| reference.to_string()),
                href,
                mastery_score: item.child_text("masteryscore"),
                launch_data: item.child_text("datafromlms").or_else(|| item.child_text("dataFromLMS")),
                max_time_allowed: item.child_text("maxtimeallowed"),
                time_limit_action: item.child_text("timelimitaction").or_else(|| item.child_text("timeLimitAction")),
                ..Launch::default()
            };
            if let Some(threshold) = item.child("completionThreshold") {
                launch.completion_threshold = if threshold.attr("completedByMeasure") == Some("true") {
                    Some(threshold.attr("minProgressMeasure").unwrap_or("1.0").to_string())
                } else if !threshold.text.trim().is_empty() {
                    Some(threshold.text.trim().to_string())
                } else {
                    None
                };
            }
            if let Some(seq) = item.child("sequencing") {
                if let Some(primary) = seq.child("objectives").and_then(|o| o.child("primaryObjective"))
                    && primary.attr("satisfiedByMeasure") == Some("true")
                {
                    launch.scaled_passing_score =
                        Some(primary.child_text("minNormalizedMeasure").unwrap_or_else(|| "1.0".into()));
                }
                if let Some(limit) = seq.child("limitConditions").and_then(|l| l.attr("attemptAbsoluteDurationLimit")) {
                    launch.max_time_allowed = Some(limit.to_string());
                }
            }
            out.push(launch);
        }
        collect_items(item, resources, href_of, out);
    }
}

/// Join an item's `parameters` to its launch URL as the CAM says: a
/// `#fragment` only when the URL has none; otherwise without a leading `?`
/// or `&`, after `&` when the URL has a query, else after `?`.
pub fn join_parameters(href: &str, parameters: &str) -> String {
    let parameters = parameters.trim();
    if parameters.is_empty() {
        return href.to_string();
    }
    if let Some(fragment) = parameters.strip_prefix('#') {
        return if href.contains('#') { href.to_string() } else { format!("{href}#{fragment}") };
    }
    let parameters = parameters.trim_start_matches(['?', '&']);
    let (base, fragment) = match href.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (href, None),
    };
    let joined = if base.contains('?') { format!("{base}&{parameters}") } else { format!("{base}?{parameters}") };
    match fragment {
        Some(f) => format!("{joined}#{f}"),
        None => joined,
    }
}

/// The AUs of a `cmi5.xml`, in course order (blocks flattened).
pub fn cmi5_launches(structure: &str) -> Vec<Launch> {
    let Some(root) = parse(structure) else { return Vec::new() };
    let mut out = Vec::new();
    collect_aus(&root, &mut out);
    out
}

fn collect_aus(node: &Node, out: &mut Vec<Launch>) {
    for child in &node.children {
        match child.name.as_str() {
            "au" => {
                let Some(url) = child.child_text("url") else { continue };
                out.push(Launch {
                    id: child.attr("id").unwrap_or("").trim().to_string(),
                    title: child.title().unwrap_or_else(|| "AU".into()),
                    href: url,
                    move_on: Some(child.attr("moveOn").unwrap_or("NotApplicable").to_string()),
                    cmi5_mastery_score: child.attr("masteryScore").map(str::to_string),
                    launch_method: Some(child.attr("launchMethod").unwrap_or("AnyWindow").to_string()),
                    launch_parameters: child.child_text("launchParameters"),
                    entitlement_key: child.child("entitlementKey").and_then(|k| k.child_text("courseStructure")),
                    ..Launch::default()
                });
            }
            "block" | "courseStructure" => collect_aus(child, out),
            _ => {}
        }
    }
}

/// The launch activity of a `tincan.xml` (the one activity with a `launch`).
pub fn tincan_launches(manifest: &str) -> Vec<Launch> {
    let Some(root) = parse(manifest) else { return Vec::new() };
    let Some(activities) = root.child("activities") else { return Vec::new() };
    activities
        .all("activity")
        .filter_map(|a| {
            let href = a.child_text("launch")?;
            Some(Launch {
                id: a.attr("id").unwrap_or("").to_string(),
                title: a.child_text("name").unwrap_or_else(|| "Launch".into()),
                href,
                ..Launch::default()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_join_as_the_cam_says() {
        assert_eq!(join_parameters("a.html", ""), "a.html");
        assert_eq!(join_parameters("a.html", "?x=1"), "a.html?x=1");
        assert_eq!(join_parameters("a.html?y=2", "&x=1"), "a.html?y=2&x=1");
        assert_eq!(join_parameters("a.html", "#p2"), "a.html#p2");
        assert_eq!(join_parameters("a.html#p1", "#p2"), "a.html#p1");
        assert_eq!(join_parameters("a.html#f", "x=1"), "a.html?x=1#f");
    }

    #[test]
    fn reads_scos_with_their_runtime_data() {
        let xml = r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>Course</title>
    <item identifier="i1" identifierref="r1" parameters="?lang=cy"><title>One &amp; only</title><adlcp:masteryscore>80</adlcp:masteryscore><adlcp:datafromlms>hello</adlcp:datafromlms></item>
    <item identifier="folder"><title>Folder</title><item identifier="i2" identifierref="r2"><title>Two</title></item></item>
  </organization></organizations>
  <resources xml:base="content/">
    <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="one/index.html"/>
    <resource identifier="r2" type="webcontent" adlcp:scormtype="sco" xml:base="two/" href="start.html"/>
  </resources>
</manifest>"#;
        assert_eq!(scorm_kind(xml), Kind::Scorm12);
        let launches = scorm_launches(xml);
        assert_eq!(launches.len(), 2);
        assert_eq!(launches[0].id, "i1");
        assert_eq!(launches[0].title, "One & only");
        assert_eq!(launches[0].href, "content/one/index.html?lang=cy");
        assert_eq!(launches[0].mastery_score.as_deref(), Some("80"));
        assert_eq!(launches[0].launch_data.as_deref(), Some("hello"));
        assert_eq!(launches[1].href, "content/two/start.html");
    }

    #[test]
    fn reads_scorm_2004_thresholds() {
        let xml = r#"<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>C</title>
    <item identifier="i" identifierref="r"><title>M</title><adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/>
      <imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.7</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives></imsss:sequencing>
    </item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index.html"/></resources></manifest>"#;
        assert_eq!(scorm_kind(xml), Kind::Scorm2004);
        let l = &scorm_launches(xml)[0];
        assert_eq!(l.completion_threshold.as_deref(), Some("0.8"));
        assert_eq!(l.scaled_passing_score.as_deref(), Some("0.7"));
    }

    #[test]
    fn reads_cmi5_aus_and_tincan_launch() {
        let cmi5 = r#"<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://x.example/c"><title><langstring lang="en">C</langstring></title><description><langstring lang="en">d</langstring></description></course>
  <block id="https://x.example/b"><title><langstring lang="en">B</langstring></title><description><langstring lang="en">d</langstring></description>
    <au id="https://x.example/au1" moveOn="Passed" masteryScore="0.8"><title><langstring lang="en">AU one</langstring></title><description><langstring lang="en">d</langstring></description><url>au1/index.html</url></au>
  </block></courseStructure>"#;
        let aus = cmi5_launches(cmi5);
        assert_eq!(aus.len(), 1);
        assert_eq!(aus[0].title, "AU one");
        assert_eq!(aus[0].move_on.as_deref(), Some("Passed"));
        assert_eq!(aus[0].cmi5_mastery_score.as_deref(), Some("0.8"));
        let tincan = r#"<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
  <activity id="http://x/course" type="http://adlnet.gov/expapi/activities/course"><name>Golf</name><launch lang="en-US">index.html</launch></activity>
  <activity id="http://x/q1" type="http://adlnet.gov/expapi/activities/cmi.interaction"><name>Q</name></activity></activities></tincan>"#;
        let l = tincan_launches(tincan);
        assert_eq!(l.len(), 1);
        assert_eq!((l[0].id.as_str(), l[0].href.as_str()), ("http://x/course", "index.html"));
    }
}
