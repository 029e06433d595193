//! Differential test: the schema layer's verdict equals
//! `xmllint --noout --nonet --schema <wrapper xsd>` on 10,000+ deterministic
//! mutations of valid manifests (the corpus's XSD-valid manifests plus
//! hand-written ones that use every SCORM extension element and every LOM
//! element of IMS MD 1.2.1 and IEEE LOM, inline in the manifest).

mod common;

use coursepack_validate::{Edition, Standard, schema_diagnostics, schema_invalid};
use quick_xml::Reader;
use quick_xml::events::Event;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;

const MUTANTS: usize = 12_000;
const SEED: u64 = 0x5EED_C0DE_2024;

#[derive(Clone, Debug)]
enum Child {
    El(Node),
    Text(String),
}

#[derive(Clone, Debug)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Child>,
}

fn parse(text: &str) -> Node {
    let mut r = Reader::from_str(text);
    let mut stack: Vec<Node> = vec![Node { name: String::new(), attrs: vec![], children: vec![] }];
    loop {
        match r.read_event().expect("base manifests are well-formed") {
            Event::Start(s) => stack.push(node(&s)),
            Event::Empty(s) => {
                let n = node(&s);
                stack.last_mut().expect("parent").children.push(Child::El(n));
            }
            Event::End(_) => {
                let n = stack.pop().expect("open");
                stack.last_mut().expect("parent").children.push(Child::El(n));
            }
            Event::Text(t) => {
                let s = t.xml10_content().into_owned();
                stack.last_mut().expect("parent").children.push(Child::Text(s));
            }
            Event::GeneralRef(g) => {
                let s = match g.xml10_content().as_ref() {
                    "amp" => "&".to_string(),
                    "lt" => "<".into(),
                    "gt" => ">".into(),
                    "quot" => "\"".into(),
                    "apos" => "'".into(),
                    _ => g.resolve_char_ref().ok().flatten().map(String::from).unwrap_or_default(),
                };
                stack.last_mut().expect("parent").children.push(Child::Text(s));
            }
            Event::CData(c) => {
                let s = c.xml10_content().into_owned();
                stack.last_mut().expect("parent").children.push(Child::Text(s));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let doc = stack.pop().expect("document");
    doc.children
        .into_iter()
        .find_map(|c| match c {
            Child::El(n) => Some(n),
            Child::Text(_) => None,
        })
        .expect("root")
}

fn node(s: &quick_xml::events::BytesStart) -> Node {
    let attrs = s
        .attributes()
        .map(|a| {
            let a = a.expect("attribute");
            let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).expect("value").into_owned();
            (a.key.0.to_string(), v)
        })
        .collect();
    Node { name: s.name().0.to_string(), attrs, children: vec![] }
}

fn esc(s: &str, attr: bool) -> String {
    let mut o = String::new();
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' if attr => o.push_str("&quot;"),
            '\n' if attr => o.push_str("&#10;"),
            '\t' if attr => o.push_str("&#9;"),
            '\r' => o.push_str("&#13;"),
            c => o.push(c),
        }
    }
    o
}

fn write(n: &Node, out: &mut String) {
    out.push('<');
    out.push_str(&n.name);
    for (k, v) in &n.attrs {
        out.push_str(&format!(" {k}=\"{}\"", esc(v, true)));
    }
    if n.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in &n.children {
        match c {
            Child::El(e) => write(e, out),
            Child::Text(t) => out.push_str(&esc(t, false)),
        }
    }
    out.push_str(&format!("</{}>", n.name));
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (x ^ (x >> 31)) | 1
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// Paths (child indexes) of every element.
fn element_paths(n: &Node, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    out.push(path.clone());
    for (i, c) in n.children.iter().enumerate() {
        if let Child::El(e) = c {
            path.push(i);
            element_paths(e, path, out);
            path.pop();
        }
    }
}

fn at<'a>(n: &'a mut Node, path: &[usize]) -> &'a mut Node {
    let mut cur = n;
    for &i in path {
        cur = match &mut cur.children[i] {
            Child::El(e) => e,
            Child::Text(_) => unreachable!("paths only name elements"),
        };
    }
    cur
}

fn vocab(n: &Node, names: &mut BTreeSet<String>, attrs: &mut BTreeSet<String>, values: &mut BTreeSet<String>) {
    names.insert(n.name.clone());
    for (k, v) in &n.attrs {
        if !k.starts_with("xmlns") {
            attrs.insert(k.clone());
            values.insert(v.clone());
        }
    }
    for c in &n.children {
        if let Child::El(e) = c {
            vocab(e, names, attrs, values);
        }
    }
}

const POOL: &[&str] = &[
    "",
    " ",
    "x",
    "1",
    "0",
    "true",
    "false",
    "TRUE",
    " true ",
    "-1",
    "1.5",
    "0.5",
    "-0.5",
    "1.0000",
    "100",
    "101",
    "2",
    "abc def",
    "5abc",
    "_id",
    "a:b",
    "id-1",
    "http://example.com/x",
    "http://example.com/a b",
    "%zz",
    "%41",
    "a#b#c",
    "1a:b",
    "index.html",
    "index.html?x=1",
    "../x",
    "P1D",
    "PT1H30M",
    "PT",
    "P",
    "2024-02-29T10:00:00Z",
    "2023-02-29T10:00:00",
    "2024-01-01T25:00:00",
    "en",
    "en-US",
    "english-language-too",
    "sco",
    "asset",
    "SCO",
    "exit,message",
    "continue,no message",
    "never",
    "once",
    "all",
    "any",
    "not",
    "noOp",
    "satisfied",
    "always",
    "skip",
    "exit",
    "exitAll",
    "previous",
    "NotApplicable",
    "Passed",
    "CompletedOrPassed",
    "OwnWindow",
    "aicc_script",
    "ADL SCORM",
    "1.2",
    "+5",
    "-0",
    "00:00:30",
    "0.0001",
    ".5",
    "5.",
    "1e3",
    " a ",
    "ifAttempted",
    "onEachNewAttempt",
    "atLeastCount",
    "-1.0001",
    "1.00001",
    "urn:x:y",
    "mailto:a@b.c",
    "a/b/c.html#frag",
    "[::1]",
    "http://[::1]/",
    // LOM values and near misses.
    "LOMv1.0",
    "LOMv1.0 ",
    "atomic",
    "final",
    "Final",
    "author",
    "creator",
    "very low",
    "very  low",
    "yes",
    "no",
    "none",
    "x-none",
    "12",
    " 12",
    "-12",
    "2147483648",
    "URI",
    "TEXT",
    "2004",
    "2004-05-31",
    "2004-05-31T10:00:00.5Z",
    "2004-05-31T10:00:00Z",
    "0000",
    "PT1H30M",
    "P1Y2M3DT4H5M6.5S",
    "PT1.S",
    "general",
    "title",
    "exercise",
];

fn value(rng: &mut Rng, values: &[String]) -> String {
    match rng.below(10) {
        0 => "y".repeat(201),
        1 => "z".repeat(1001 + rng.below(1100)),
        2 | 3 if !values.is_empty() => rng.pick(values).clone(),
        _ => rng.pick(POOL).to_string(),
    }
}

fn mutate(root: &mut Node, rng: &mut Rng) {
    let mut names = BTreeSet::new();
    let mut attrs = BTreeSet::new();
    let mut values = BTreeSet::new();
    vocab(root, &mut names, &mut attrs, &mut values);
    let names: Vec<String> = names.into_iter().collect();
    let mut attrs: Vec<String> = attrs.into_iter().collect();
    attrs.push("foo".into());
    attrs.push("xml:lang".into());
    attrs.push("xml:base".into());
    let values: Vec<String> = values.into_iter().collect();
    let mut paths = Vec::new();
    element_paths(root, &mut Vec::new(), &mut paths);
    let path = rng.pick(&paths).clone();
    let op = rng.below(11);
    if path.is_empty() && op <= 4 {
        // Structural operations need a parent: fall back to an attribute change on the root.
        let v = value(rng, &values);
        let n = at(root, &path);
        if let Some(a) = n.attrs.iter_mut().find(|(k, _)| !k.starts_with("xmlns")) {
            a.1 = v;
        }
        return;
    }
    match op {
        0 => {
            let (last, parent) = path.split_last().expect("non-root");
            at(root, parent).children.remove(*last);
        }
        1 => {
            let (last, parent) = path.split_last().expect("non-root");
            let p = at(root, parent);
            let copy = p.children[*last].clone();
            p.children.insert(*last + 1, copy);
        }
        2 => {
            let (last, parent) = path.split_last().expect("non-root");
            let p = at(root, parent);
            if let Some(j) = (last + 1..p.children.len()).find(|&j| matches!(p.children[j], Child::El(_))) {
                p.children.swap(*last, j);
            }
        }
        3 => {
            let (last, parent) = path.split_last().expect("non-root");
            let moved = at(root, parent).children.remove(*last);
            let mut targets = Vec::new();
            element_paths(root, &mut Vec::new(), &mut targets);
            let t = rng.pick(&targets).clone();
            let dest = at(root, &t);
            let idx = rng.below(dest.children.len() + 1);
            dest.children.insert(idx, moved);
        }
        4 => {
            let name = rng.pick(&names).clone();
            let (last, parent) = path.split_last().expect("non-root");
            if let Child::El(e) = &mut at(root, parent).children[*last] {
                e.name = name;
            }
        }
        5 => {
            let n = at(root, &path);
            let real: Vec<usize> = (0..n.attrs.len()).filter(|&i| !n.attrs[i].0.starts_with("xmlns")).collect();
            if !real.is_empty() {
                let i = real[rng.below(real.len())];
                n.attrs.remove(i);
            }
        }
        6 | 7 => {
            let v = value(rng, &values);
            let n = at(root, &path);
            let real: Vec<usize> = (0..n.attrs.len()).filter(|&i| !n.attrs[i].0.starts_with("xmlns")).collect();
            if !real.is_empty() {
                let i = real[rng.below(real.len())];
                n.attrs[i].1 = v;
            }
        }
        8 => {
            let k = rng.pick(&attrs).clone();
            let v = value(rng, &values);
            let n = at(root, &path);
            if !n.attrs.iter().any(|(a, _)| *a == k) {
                n.attrs.push((k, v));
            }
        }
        9 => {
            let v = value(rng, &values);
            let n = at(root, &path);
            n.children.retain(|c| matches!(c, Child::El(_)));
            let idx = rng.below(n.children.len() + 1);
            n.children.insert(idx, Child::Text(v));
        }
        _ => {
            let name = rng.pick(&names).clone();
            let n = at(root, &path);
            let idx = rng.below(n.children.len() + 1);
            n.children.insert(idx, Child::El(Node { name, attrs: vec![], children: vec![] }));
        }
    }
}

const RICH_12: &str = r#"<manifest identifier="m" version="1.1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xml:base="">
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion><adlcp:location>meta.xml</adlcp:location></metadata>
<organizations default="o1"><organization identifier="o1" structure="hierarchical"><title>Course</title>
<item identifier="i1" identifierref="r1" isvisible="true" parameters="?a=1"><title>One</title>
<adlcp:prerequisites type="aicc_script">i2</adlcp:prerequisites><adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed><adlcp:timelimitaction>exit,message</adlcp:timelimitaction><adlcp:datafromlms>x</adlcp:datafromlms><adlcp:masteryscore>80</adlcp:masteryscore></item>
<item identifier="i2"><title>Two</title><item identifier="i3" identifierref="r2"><title>Three</title></item><metadata><schema>ADL SCORM</schema></metadata></item>
</organization></organizations>
<resources xml:base="content/"><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="a.html"><metadata/><file href="a.html"><metadata/></file><dependency identifierref="r3"/></resource>
<resource identifier="r2" type="webcontent" adlcp:scormtype="asset" href="b.html" xml:base="b/"><file href="b.html"/></resource>
<resource identifier="r3" type="webcontent" adlcp:scormtype="asset"><file href="common.js"/></resource></resources></manifest>"#;

/// IMS MD 1.2.1 metadata using every element (mixed text, a `##any` element from adlcp).
const LOM_12: &str = r#"<lom xmlns="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1">
<general>text<identifier>id1</identifier><title><langstring xml:lang="en">T</langstring><langstring xml:lang="cy">C</langstring></title>
<catalogentry><catalog>ISBN</catalog><entry><langstring>1</langstring></entry><adlcp:location>x.xml</adlcp:location></catalogentry>
<language>en</language><description><langstring>D</langstring></description><description><langstring>E</langstring></description>
<keyword><langstring>k</langstring></keyword><coverage><langstring>c</langstring></coverage>
<structure><source><langstring>LOMv1.0</langstring></source><value><langstring>Hierarchical</langstring></value></structure>
<aggregationlevel><source><langstring>LOMv1.0</langstring></source><value><langstring>2</langstring></value></aggregationlevel></general>
<lifecycle><version><langstring>1.0</langstring></version><status><source><langstring>LOMv1.0</langstring></source><value><langstring>Final</langstring></value></status>
<contribute><role><source><langstring>LOMv1.0</langstring></source><value><langstring>Author</langstring></value></role><centity><vcard>BEGIN:VCARD END:VCARD</vcard></centity><date><datetime>2024-05-31</datetime><description><langstring>d</langstring></description></date></contribute></lifecycle>
<metametadata><identifier>m1</identifier><catalogentry><catalog>c</catalog><entry><langstring>e</langstring></entry></catalogentry><metadatascheme>ADL SCORM 1.2</metadatascheme><language>en</language></metametadata>
<technical><format>text/html</format><size>1024</size><location type="URI">index.html</location>
<requirement><type><source><langstring>LOMv1.0</langstring></source><value><langstring>Browser</langstring></value></type><name><source><langstring>LOMv1.0</langstring></source><value><langstring>Any</langstring></value></name><minimumversion>1</minimumversion><maximumversion>2</maximumversion></requirement>
<installationremarks><langstring>r</langstring></installationremarks><otherplatformrequirements><langstring>o</langstring></otherplatformrequirements><duration><datetime>PT1H</datetime></duration></technical>
<educational><interactivitytype><source><langstring>LOMv1.0</langstring></source><value><langstring>Active</langstring></value></interactivitytype>
<learningresourcetype><source><langstring>LOMv1.0</langstring></source><value><langstring>Exercise</langstring></value></learningresourcetype>
<interactivitylevel><source><langstring>LOMv1.0</langstring></source><value><langstring>low</langstring></value></interactivitylevel>
<semanticdensity><source><langstring>LOMv1.0</langstring></source><value><langstring>low</langstring></value></semanticdensity>
<intendedenduserrole><source><langstring>LOMv1.0</langstring></source><value><langstring>Learner</langstring></value></intendedenduserrole>
<context><source><langstring>LOMv1.0</langstring></source><value><langstring>Training</langstring></value></context>
<typicalagerange><langstring>16-</langstring></typicalagerange>
<difficulty><source><langstring>LOMv1.0</langstring></source><value><langstring>easy</langstring></value></difficulty>
<typicallearningtime><datetime>PT20M</datetime></typicallearningtime><description><langstring>d</langstring></description><language>en</language></educational>
<rights><cost><source><langstring>LOMv1.0</langstring></source><value><langstring>no</langstring></value></cost>
<copyrightandotherrestrictions><source><langstring>LOMv1.0</langstring></source><value><langstring>yes</langstring></value></copyrightandotherrestrictions><description><langstring>CC BY</langstring></description></rights>
<relation><kind><source><langstring>LOMv1.0</langstring></source><value><langstring>IsPartOf</langstring></value></kind><resource><identifier>r1</identifier><description><langstring>r</langstring></description><catalogentry><catalog>c</catalog><entry><langstring>e</langstring></entry></catalogentry></resource></relation>
<annotation><person><vcard>v</vcard></person><date><datetime>2024</datetime></date><description><langstring>a</langstring></description></annotation>
<classification><purpose><source><langstring>LOMv1.0</langstring></source><value><langstring>Discipline</langstring></value></purpose>
<taxonpath><source><langstring>s</langstring></source><taxon><id>1</id><entry><langstring>e</langstring></entry><taxon><id>2</id></taxon></taxon></taxonpath><description><langstring>d</langstring></description><keyword><langstring>k</langstring></keyword></classification>
</lom>"#;

/// IEEE LOM metadata using every element, every vocabulary and an explicit `uniqueElementName`.
const LOM_2004: &str = r#"<lom xmlns="http://ltsc.ieee.org/xsd/LOM">
<general uniqueElementName="general"><identifier><catalog>URI</catalog><entry>urn:x</entry></identifier><identifier><catalog>ISBN</catalog><entry>1</entry></identifier>
<title><string language="en-GB">Course</string><string language="cy">Cwrs</string></title><language>en</language><language>none</language>
<description><string language="en">d</string></description><description><string>e</string></description><keyword><string>k</string></keyword><coverage><string>c</string></coverage>
<structure><source>LOMv1.0</source><value>hierarchical</value></structure><aggregationLevel><source>LOMv1.0</source><value>2</value></aggregationLevel></general>
<lifeCycle><version><string>1.0</string></version><status><source>LOMv1.0</source><value>final</value></status>
<contribute><role><source>LOMv1.0</source><value>author</value></role><entity>BEGIN:VCARD END:VCARD</entity><entity>x</entity><date><dateTime>2024-05-31</dateTime><description><string>d</string></description></date></contribute>
<contribute><role><value>instructional designer</value></role></contribute></lifeCycle>
<metaMetadata><identifier><catalog>c</catalog><entry>e</entry></identifier><contribute><role><source>LOMv1.0</source><value>creator</value></role><entity>x</entity><date><dateTime>2024-05-31T10:00:00.5Z</dateTime></date></contribute>
<metadataSchema>LOMv1.0</metadataSchema><metadataSchema>SCORM_CAM_v1.3</metadataSchema><language>en</language></metaMetadata>
<technical><format>text/html</format><format>image/png</format><size>1024</size><location>index.html</location><location>a.html</location>
<requirement><orComposite><type><source>LOMv1.0</source><value>browser</value></type><name><source>LOMv1.0</source><value>any</value></name><minimumVersion>1</minimumVersion><maximumVersion>2</maximumVersion></orComposite><orComposite/></requirement>
<installationRemarks><string>r</string></installationRemarks><otherPlatformRequirements><string>o</string></otherPlatformRequirements><duration><duration>PT1H30M</duration><description><string>d</string></description></duration></technical>
<educational><interactivityType><source>LOMv1.0</source><value>active</value></interactivityType><learningResourceType><source>LOMv1.0</source><value>exercise</value></learningResourceType>
<learningResourceType><value>self assessment</value></learningResourceType><interactivityLevel><source>LOMv1.0</source><value>medium</value></interactivityLevel>
<semanticDensity><source>LOMv1.0</source><value>low</value></semanticDensity><intendedEndUserRole><source>LOMv1.0</source><value>learner</value></intendedEndUserRole>
<context><source>LOMv1.0</source><value>training</value></context><typicalAgeRange><string>16-</string></typicalAgeRange><difficulty><source>LOMv1.0</source><value>easy</value></difficulty>
<typicalLearningTime><duration>PT20M</duration></typicalLearningTime><description><string>d</string></description><language>en-GB</language></educational><educational/>
<rights><cost><source>LOMv1.0</source><value>no</value></cost><copyrightAndOtherRestrictions><source>LOMv1.0</source><value>yes</value></copyrightAndOtherRestrictions><description><string>CC BY</string></description></rights>
<relation><kind><source>LOMv1.0</source><value>ispartof</value></kind><resource uniqueElementName="resource"><identifier><catalog>c</catalog><entry>e</entry></identifier><description><string>r</string></description></resource></relation>
<annotation><entity>x</entity><date><dateTime>2024</dateTime></date><description><string>a</string></description></annotation>
<classification><purpose><source>LOMv1.0</source><value>discipline</value></purpose><taxonPath><source><string>s</string></source><taxon><id>1</id><entry><string>e</string></entry></taxon><taxon/></taxonPath>
<description><string>d</string></description><keyword><string>k</string></keyword><keyword><string>l</string></keyword></classification>
</lom>"#;

const RICH_2004: &str = r#"<manifest identifier="m" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
<organizations default="o1"><organization identifier="o1" adlseq:objectivesGlobalToSystem="false" adlcp:sharedDataGlobalToSystem="true"><title>Course</title>
<item identifier="i1" identifierref="r1" parameters="?x=1"><title>One</title>
<adlcp:timeLimitAction>continue,no message</adlcp:timeLimitAction><adlcp:dataFromLMS>d</adlcp:dataFromLMS><adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8" progressWeight="1"/>
<imsss:sequencing><imsss:controlMode choice="true" flow="true"/>
<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions conditionCombination="any"><imsss:ruleCondition condition="satisfied" operator="not" measureThreshold="0.5" referencedObjective="obj1"/></imsss:ruleConditions><imsss:ruleAction action="skip"/></imsss:preConditionRule>
<imsss:exitConditionRule><imsss:ruleAction action="exit"/></imsss:exitConditionRule><imsss:postConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="always"/></imsss:ruleConditions><imsss:ruleAction action="continue"/></imsss:postConditionRule></imsss:sequencingRules>
<imsss:limitConditions attemptLimit="3" attemptAbsoluteDurationLimit="PT1H"/>
<imsss:auxiliaryResources><imsss:auxiliaryResource auxiliaryResourceID="urn:aux" purpose="help"/></imsss:auxiliaryResources>
<imsss:rollupRules rollupObjectiveSatisfied="true" objectiveMeasureWeight="0.5"><imsss:rollupRule childActivitySet="atLeastCount" minimumCount="1" minimumPercent="0.5"><imsss:rollupConditions conditionCombination="all"><imsss:rollupCondition condition="completed"/></imsss:rollupConditions><imsss:rollupAction action="completed"/></imsss:rollupRule></imsss:rollupRules>
<imsss:objectives><imsss:primaryObjective objectiveID="obj1" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure><imsss:mapInfo targetObjectiveID="g1" writeSatisfiedStatus="true"/></imsss:primaryObjective><imsss:objective objectiveID="obj2"><imsss:mapInfo targetObjectiveID="g2"/></imsss:objective></imsss:objectives>
<imsss:randomizationControls randomizationTiming="never" selectCount="1" reorderChildren="false"/>
<imsss:deliveryControls tracked="true" completionSetByContent="true" objectiveSetByContent="true"/>
<adlseq:constrainedChoiceConsiderations preventActivation="false" constrainChoice="false"/><adlseq:rollupConsiderations requiredForSatisfied="ifAttempted"/>
<adlseq:objectives><adlseq:objective objectiveID="obj1"><adlseq:mapInfo targetObjectiveID="g1" readRawScore="true" writeCompletionStatus="false"/></adlseq:objective></adlseq:objectives>
</imsss:sequencing>
<adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>continue</adlnav:hideLMSUI><adlnav:hideLMSUI>previous</adlnav:hideLMSUI></adlnav:navigationInterface></adlnav:presentation>
<adlcp:data><adlcp:map targetID="urn:data" readSharedData="true" writeSharedData="false"/></adlcp:data>
</item>
<item identifier="i2" identifierref="r2" isvisible="false"><title>Two</title><imsss:sequencing IDRef="seq1"/></item>
<imsss:sequencing><imsss:controlMode choice="false" flow="true"/></imsss:sequencing>
</organization></organizations>
<resources><resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="a.html"><file href="a.html"/><dependency identifierref="r3"/></resource>
<resource identifier="r2" type="webcontent" adlcp:scormType="asset" href="b.html"><file href="b.html"/></resource>
<resource identifier="r3" type="webcontent" adlcp:scormType="asset"><file href="common.js"/></resource></resources>
<imsss:sequencingCollection><imsss:sequencing ID="seq1"><imsss:deliveryControls tracked="false"/></imsss:sequencing></imsss:sequencingCollection>
</manifest>"#;

fn bases() -> Vec<(String, Standard, String)> {
    let corpus = common::corpus::corpus_dir();
    // The rich manifests with LOM in the manifest, item and file metadata.
    let lom_12 = RICH_12
        .replacen("<schemaversion>1.2</schemaversion>", &format!("<schemaversion>1.2</schemaversion>{LOM_12}"), 1)
        .replacen("<metadata><schema>ADL SCORM</schema></metadata>", &format!("<metadata>{LOM_12}</metadata>"), 1)
        .replacen("<file href=\"b.html\"/>", &format!("<file href=\"b.html\"><metadata>{LOM_12}</metadata></file>"), 1);
    let lom_2004 = RICH_2004
        .replacen(
            "<schemaversion>2004 4th Edition</schemaversion>",
            &format!("<schemaversion>2004 4th Edition</schemaversion>{LOM_2004}"),
            1,
        )
        .replacen(
            "<file href=\"b.html\"/>",
            &format!("<file href=\"b.html\"><metadata>{LOM_2004}</metadata></file>"),
            1,
        );
    assert!(
        lom_12.matches("<lom ").count() == 3 && lom_2004.matches("<lom ").count() == 2,
        "LOM inserted in the rich manifests"
    );
    let mut out = vec![
        ("rich-scorm12".to_string(), Standard::Scorm12, RICH_12.to_string()),
        ("rich-scorm2004".to_string(), Standard::Scorm2004(Edition::Fourth), RICH_2004.to_string()),
        ("lom-scorm12".to_string(), Standard::Scorm12, lom_12.clone()),
        ("lom-scorm12-b".to_string(), Standard::Scorm12, lom_12),
        ("lom-scorm2004".to_string(), Standard::Scorm2004(Edition::Fourth), lom_2004.clone()),
        ("lom-scorm2004-b".to_string(), Standard::Scorm2004(Edition::Fourth), lom_2004),
    ];
    for (dir, standard) in [
        ("scorm12-golf-runtime-basic-calls", Standard::Scorm12),
        ("scorm12-golf-cp-one-file-per-sco", Standard::Scorm12),
        ("scorm12-moodle-singlescobasic-missingorg", Standard::Scorm12),
        ("scorm12-item-nonexistent-resource", Standard::Scorm12),
        ("scorm2004-2nd-golf-cp-single-sco", Standard::Scorm2004(Edition::Fourth)),
        ("scorm2004-3rd-golf-seq-simple-remediation", Standard::Scorm2004(Edition::Fourth)),
        ("scorm2004-4th-golf-seq-posttest-rollup", Standard::Scorm2004(Edition::Fourth)),
        ("scorm2004-4th-adl-cts-DDMb", Standard::Scorm2004(Edition::Fourth)),
        ("scorm2004-4th-broken-default-org", Standard::Scorm2004(Edition::Fourth)),
        ("cmi5-aicc-spec-complex", Standard::Cmi5),
        ("cmi5-catapult-multi-au-framed", Standard::Cmi5),
        ("cmi5-storyline-golrang", Standard::Cmi5),
        ("cmi5-catapult-lts-205-1-duplicated-block", Standard::Cmi5),
        ("tincan-golf-example", Standard::TinCan),
        ("tincan-storyline-bleeding-course", Standard::TinCan),
    ] {
        if !common::corpus::available(&format!("the corpus base {dir} of the differential test")) {
            continue;
        }
        let folder = corpus.join(dir);
        let file = std::fs::read_dir(&folder).expect("dir").next().expect("file").expect("entry").path();
        let text = std::fs::read_to_string(&file).expect("utf-8 manifest");
        out.push((dir.to_string(), standard, text.trim_start_matches('\u{feff}').to_string()));
    }
    out
}

/// Every eighth mutant also goes through the whole validator, as the
/// manifest of an (otherwise empty) package folder: the package rules and
/// content checks must give complete diagnostics too.
fn full_validation_is_complete(dir: &std::path::Path, i: usize, standard: Standard, text: &str) {
    let folder = dir.join(format!("pkg{i:05}"));
    std::fs::create_dir_all(&folder).expect("mkdir");
    let name = match standard {
        Standard::Cmi5 => "cmi5.xml",
        Standard::TinCan => "tincan.xml",
        Standard::Scorm12 | Standard::Scorm2004(_) | Standard::Web => "imsmanifest.xml",
    };
    std::fs::write(folder.join(name), text).expect("write");
    let report =
        coursepack_validate::validate_path(&folder, &coursepack_validate::Options::default()).expect("validate");
    common::assert_complete(&report.diagnostics, &format!("mutant {i} as a package"));
}

#[test]
fn schema_verdict_agrees_with_xmllint_on_mutations() {
    common::require_xmllint();
    let dir = tempfile::tempdir().expect("tempdir");
    let bases = bases();
    // (file, standard, our verdict)
    let mut cases: Vec<(PathBuf, Standard, bool, String)> = Vec::new();
    // The unmodified bases must be valid for both.
    for (name, standard, text) in &bases {
        let path = dir.path().join(format!("base-{name}.xml"));
        std::fs::write(&path, text).expect("write");
        let ours = !schema_invalid(&schema_diagnostics(*standard, "imsmanifest.xml", text.as_bytes()));
        assert!(
            ours,
            "base {name} must be schema-valid for us: {:#?}",
            schema_diagnostics(*standard, "imsmanifest.xml", text.as_bytes())
        );
        cases.push((path, *standard, ours, format!("base {name}")));
    }
    let trees: Vec<Node> = bases.iter().map(|(_, _, t)| parse(t)).collect();
    // Each mutant has its own generator seeded from (SEED, index), so the set
    // is deterministic and can be built in parallel.
    let mutants: Vec<(PathBuf, Standard, bool, String)> = (0..MUTANTS)
        .into_par_iter()
        .map(|i| {
            let mut rng = Rng(splitmix(SEED ^ i as u64));
            let b = rng.below(bases.len());
            let mut tree = trees[b].clone();
            let steps = 1 + rng.below(2);
            for _ in 0..steps {
                mutate(&mut tree, &mut rng);
            }
            let mut text = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            write(&tree, &mut text);
            let path = dir.path().join(format!("m{i:05}.xml"));
            std::fs::write(&path, &text).expect("write");
            let diagnostics = schema_diagnostics(bases[b].1, "imsmanifest.xml", text.as_bytes());
            common::assert_complete(&diagnostics, &format!("mutant {i}"));
            if i % 8 == 0 {
                full_validation_is_complete(dir.path(), i, bases[b].1, &text);
            }
            let ours = !schema_invalid(&diagnostics);
            (path, bases[b].1, ours, format!("mutant {i} of {}", bases[b].0))
        })
        .collect();
    cases.extend(mutants);
    let mut mismatches = Vec::new();
    let mut invalid = 0;
    // Per base: (mutants, invalid per xmllint), to show the LOM grammars are exercised.
    let mut per_base: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for standard in [Standard::Scorm12, Standard::Scorm2004(Edition::Fourth), Standard::Cmi5, Standard::TinCan] {
        let group: Vec<&(PathBuf, Standard, bool, String)> = cases.iter().filter(|c| c.1 == standard).collect();
        for chunk in group.chunks(1500) {
            let files: Vec<PathBuf> = chunk.iter().map(|c| c.0.clone()).collect();
            let theirs = common::xmllint_batch(&common::wrapper_xsd(standard), &files);
            for (c, t) in chunk.iter().zip(theirs) {
                if !t {
                    invalid += 1;
                }
                if let Some(base) = c.3.strip_prefix("mutant ").and_then(|m| m.split(" of ").nth(1)) {
                    let e = per_base.entry(base.to_string()).or_default();
                    e.0 += 1;
                    e.1 += usize::from(!t);
                }
                if c.2 != t {
                    mismatches.push(format!("{} ({}): ours valid={}, xmllint valid={t}", c.3, c.0.display(), c.2));
                }
            }
        }
    }
    let total = cases.len();
    eprintln!("differential: {total} manifests, {invalid} invalid per xmllint, {} mismatches", mismatches.len());
    if !mismatches.is_empty() {
        let keep = std::env::var("KEEP_MUTANTS").is_ok();
        if keep {
            let kept = dir.keep();
            eprintln!("mutants kept in {}", kept.display());
        }
    }
    eprintln!("per base (mutants, invalid): {per_base:?}");
    assert!(total >= 10_000, "at least 10,000 manifests");
    for (base, (n, bad)) in &per_base {
        if base.starts_with("lom-") {
            assert!(
                *n > 500 && *bad > n / 5,
                "{base}: the LOM mutants must include plenty of invalid ones ({bad} of {n})"
            );
        }
    }
    assert!(invalid > total / 4, "mutations must produce plenty of invalid manifests ({invalid} of {total})");
    assert!(
        mismatches.is_empty(),
        "{} disagreements with xmllint, first ones:\n{}",
        mismatches.len(),
        mismatches.iter().take(25).cloned().collect::<Vec<_>>().join("\n")
    );
}
