//! SCORM 1.2 and 2004 package rules beyond the schemas: the ADL
//! conformance-suite checks marked [CTS] in the standards notes.

use crate::Context;
use crate::content::{self, Reference};
use crate::detect::Standard;
use crate::findings::Findings;
use crate::rules::Rule;
use crate::schema::{XSI_NS, scorm12, scorm2004};
use crate::urls::{self, Expect};
use crate::xml::{Document, Element, XML_NS};
use coursepack_diagnostics::{Diagnostic, Severity, SourceFile};
use std::collections::{HashMap, HashSet};

struct Ck<'a> {
    file: &'a SourceFile,
    out: Findings,
    v2004: bool,
    /// True when an LMS finds something to launch: an item whose
    /// identifierref names a resource with an href, or, with no
    /// organization, a resource with an href (Moodle then launches it).
    launchable: bool,
}

impl Ck<'_> {
    fn push(
        &mut self,
        sev: Severity,
        code: &str,
        e_span: &std::ops::Range<usize>,
        msg: String,
        hint: &str,
        rule: &str,
    ) {
        let d = Diagnostic::new(sev, code, msg).with_hint(hint).with_rule(rule).at(self.file.location(e_span.clone()));
        self.out.push(d);
    }
    /// Error in 2004, warning in 1.2: for what makes Moodle run a SCORM 2004
    /// package with the SCORM 1.2 API (no `<schemaversion>` it recognises).
    fn strict(&self) -> Severity {
        if self.v2004 { Severity::Error } else { Severity::Warning }
    }
    /// A warning while something can still be launched (LMSs import and run
    /// the package; an error with `--strict`), an error when nothing can.
    fn unless_launchable(&self) -> Severity {
        if self.launchable { Severity::Warning } else { Severity::Error }
    }
}

/// Run the package rules on a SCORM manifest.
pub(crate) fn check(standard: Standard, doc: &Document, ctx: &Context) -> Vec<Diagnostic> {
    let root = &doc.root;
    let v2004 = matches!(standard, Standard::Scorm2004(_));
    let cp = if v2004 { scorm2004::CP } else { scorm12::CP };
    let adlcp = if v2004 { scorm2004::ADLCP } else { scorm12::ADLCP };
    let mut ck = Ck { file: &doc.source, out: Findings::default(), v2004, launchable: false };
    if root.ns != cp || root.local != "manifest" {
        return Vec::new(); // the schema layer reported the wrong root
    }
    let orgs_el = root.kid(cp, "organizations");
    let res_el = root.kid(cp, "resources");
    let resources: Vec<&Element> = res_el.map(|r| r.kids(cp, "resource").collect()).unwrap_or_default();
    let res_by_id: HashMap<&str, &Element> =
        resources.iter().filter_map(|r| r.attr("identifier").map(|i| (i.trim(), *r))).collect();
    let orgs: Vec<&Element> = orgs_el.map(|o| o.kids(cp, "organization").collect()).unwrap_or_default();
    let has_href = |r: &&Element| r.attr("href").is_some_and(|h| !h.trim().is_empty());
    ck.launchable = if orgs.is_empty() {
        resources.iter().any(has_href)
    } else {
        let mut items = Vec::new();
        for org in &orgs {
            collect_items(org, cp, &mut items);
        }
        items.iter().any(|i| i.attr("identifierref").and_then(|r| res_by_id.get(r.trim())).is_some_and(has_href))
    };

    // Metadata.
    match root.kid(cp, "metadata") {
        None => ck.push(
            ck.strict(),
            "cts/metadata-missing",
            &root.span,
            "the manifest has no <metadata> with <schema>ADL SCORM</schema> and <schemaversion>".into(),
            "LMSs use schemaversion to detect the SCORM version",
            Rule::CP_METADATA_2004,
        ),
        Some(m) => {
            let schema = m.kid(cp, "schema").map(|s| s.text.trim().to_string());
            let version = m.kid(cp, "schemaversion").map(|s| s.text.trim().to_string());
            if schema.as_deref() != Some("ADL SCORM") {
                ck.push(
                    Severity::Warning,
                    "cts/metadata-schema",
                    &m.span,
                    format!("<schema> is {}, expected `ADL SCORM`", show(&schema)),
                    "write <schema>ADL SCORM</schema> in the manifest's <metadata>",
                    Rule::CP_METADATA_2004,
                );
            }
            let expected: &[&str] = if v2004 { &["2004 4th Edition", "2004 3rd Edition", "CAM 1.3"] } else { &["1.2"] };
            match version.as_deref() {
                Some(v) if expected.contains(&v) => {
                    if v2004 && v != "2004 4th Edition" {
                        ck.push(
                            Severity::Info,
                            "cts/older-edition",
                            &m.span,
                            format!("schemaversion `{v}` is an older SCORM 2004 edition"),
                            "4th Edition is current; LMSs accept all three",
                            Rule::CP_METADATA_2004,
                        );
                    }
                }
                _ => ck.push(
                    ck.strict(),
                    "cts/metadata-schemaversion",
                    &m.span,
                    format!(
                        "<schemaversion> is {}, expected {}",
                        show(&version),
                        expected.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(" or ")
                    ),
                    "write one of the expected values in <schemaversion>: LMSs detect the SCORM edition from it",
                    Rule::CP_METADATA_2004,
                ),
            }
        }
    }

    // Identifiers that the schema layer could not register (not NCNames) may still collide.
    let mut seen: HashSet<String> = HashSet::new();
    root.walk(&mut |e, _| {
        if e.ns == cp
            && matches!(e.local.as_str(), "organization" | "item" | "resource" | "manifest")
            && let Some(id) = e.attr("identifier")
        {
            let id = id.trim().to_string();
            if !crate::schema::types::is_ncname(&id) {
                if seen.contains(&id) {
                    ck.out.push(
                        Diagnostic::error(
                            "cts/duplicate-identifier",
                            format!("identifier `{id}` is used more than once"),
                        )
                        .with_hint("every identifier in a manifest must be unique: rename one of them")
                        .with_rule(Rule::CP_ID)
                        .at(ck.file.location(e.span.clone())),
                    );
                }
                seen.insert(id);
            }
        }
    });

    // Organizations.
    if let Some(o) = orgs_el {
        if orgs.is_empty() {
            ck.push(ck.unless_launchable(), "cts/no-organization", &o.span, "<organizations> is empty: there is nothing to launch through an organization".into(),
                "add an <organization> with an <item> for each SCO; some LMSs (Moodle) launch the first resource with an href anyway", Rule::CP_ORG);
        }
        match o.attr_full("default") {
            Some(d) if !orgs.iter().any(|org| org.attr("identifier").map(str::trim) == Some(d.value.trim())) => {
                ck.push(
                    ck.unless_launchable(),
                    "cts/default-org-unresolved",
                    &d.span,
                    format!("organizations@default `{}` does not match any organization identifier", d.value),
                    "set default to the identifier of one of the <organization> elements (LMSs launch the first item they can meanwhile)",
                    Rule::CP_DEFAULT_ORG,
                );
            }
            Some(_) => {}
            None if !orgs.is_empty() => ck.push(
                Severity::Warning,
                "cts/default-org-missing",
                &o.span,
                "<organizations> has no default attribute".into(),
                "add default=\"<organization identifier>\"",
                Rule::CP_DEFAULT_ORG,
            ),
            None => {}
        }
    }
    let mut referenced: HashSet<&str> = HashSet::new();
    for org in &orgs {
        title_once(&mut ck, org, cp);
        let mut items = Vec::new();
        collect_items(org, cp, &mut items);
        for item in items {
            check_item(&mut ck, item, cp, adlcp, &res_by_id, &mut referenced);
        }
    }
    // GlobalToSystem attributes only on organization.
    if v2004 {
        root.walk(&mut |e, _| {
            if e.ns == cp && e.local == "organization" {
                return;
            }
            for a in &e.attrs {
                if (a.ns == scorm2004::ADLSEQ && a.local == "objectivesGlobalToSystem")
                    || (a.ns == scorm2004::ADLCP && a.local == "sharedDataGlobalToSystem")
                {
                    ck.out.push(
                        Diagnostic::error(
                            "cts/global-to-system-placement",
                            format!("`{}` is allowed only on <organization>, not on <{}>", a.qname, e.qname),
                        )
                        .with_hint("move the attribute to the <organization> element")
                        .with_rule(Rule::SS_GLOBAL_TO_SYSTEM)
                        .at(ck.file.location(a.span.clone())),
                    );
                }
            }
        });
        sequencing_checks(&mut ck, root);
        spm_lengths(&mut ck, root);
    }

    // Resources.
    for r in &resources {
        let Some(id) = r.attr("identifier").map(str::trim) else { continue };
        let scorm_type = r.attr_ns(adlcp, if v2004 { "scormType" } else { "scormtype" });
        if scorm_type.is_none() {
            ck.push(
                Severity::Error,
                "cts/missing-scormtype",
                &r.span,
                format!("resource `{id}` has no adlcp:{}", if v2004 { "scormType" } else { "scormtype" }),
                "add adlcp:scormType=\"sco\" (it calls the API) or \"asset\"",
                Rule::CP_SCORMTYPE,
            );
        }
        if v2004 && r.attr_ns(adlcp, "persistState").is_some() {
            ck.push(
                Severity::Warning,
                "cts/persist-state",
                &r.span,
                "adlcp:persistState is not part of SCORM 2004 4th Edition".into(),
                "remove adlcp:persistState (a 3rd-edition attribute)",
                Rule::CP_PERSIST,
            );
        }
        if let Some(href) = r.attr_full("href") {
            let path = href.value.split(['?', '#']).next().unwrap_or("");
            let listed = listed_files(r, cp, &res_by_id).contains(path);
            if !listed {
                ck.push(
                    Severity::Warning,
                    "cts/href-not-listed",
                    &href.span,
                    format!("resource `{id}` launches `{}` but does not list it as a <file>", href.value),
                    "add <file href=\"...\"/> with exactly the same value",
                    Rule::CP_HREF_FILE,
                );
            }
            href_rules(&mut ck, href);
        }
        for f in r.kids(cp, "file") {
            if let Some(h) = f.attr_full("href") {
                href_rules(&mut ck, h);
            }
        }
        for dep in r.kids(cp, "dependency") {
            if let Some(d) = dep.attr_full("identifierref") {
                if res_by_id.contains_key(d.value.trim()) {
                    referenced.insert(d.value.trim());
                } else {
                    ck.push(
                        Severity::Warning,
                        "cts/dependency-unresolved",
                        &d.span,
                        format!("dependency `{}` does not match any resource identifier", d.value),
                        "fix the identifierref, or add a <resource> with that identifier",
                        Rule::CP_DEPENDENCY,
                    );
                }
            }
        }
    }
    for r in &resources {
        if let Some(id) = r.attr("identifier").map(str::trim)
            && !referenced.contains(id)
        {
            ck.push(
                Severity::Warning,
                "cts/unused-resource",
                &r.span,
                format!("resource `{id}` is referenced by no item and no dependency"),
                "remove it, or reference it from an item or a dependency",
                Rule::CP_UNUSED_RES,
            );
        }
    }
    // xml:base.
    root.walk(&mut |e, _| {
        if let Some(b) = e.attr_ns(XML_NS, "base") {
            uri_syntax(&mut ck, b, "xml:base");
            let v = &b.value;
            if v.contains('\\') || v.starts_with('/') || !v.ends_with('/') || v.split('/').any(|s| s == "..") {
                ck.out.push(Diagnostic::error("cts/xml-base", format!("xml:base `{v}` must be a relative folder path ending in `/`, without `\\`, `..` or a leading `/`"))
                    .with_hint("write xml:base as a folder path relative to the package root, ending in `/`, e.g. `sco1/`")
                    .with_rule(Rule::CP_XML_BASE).at(ck.file.location(b.span.clone())));
            }
        }
    });
    // Sub-manifests.
    for sub in root.kids(cp, "manifest") {
        ck.push(
            Severity::Warning,
            "cts/sub-manifest",
            &sub.span,
            "the manifest contains a sub-manifest".into(),
            "most LMSs ignore or reject sub-manifests; flatten them",
            Rule::CP_SUBMANIFEST,
        );
    }
    let mut out = ck.out.finish(|| doc.source.location(root.span.clone()));
    if !ctx.options.manifest_only && !ctx.pkg.bare {
        out.extend(content_checks(doc, ctx, cp, &resources));
    }
    out
}

/// Files listed by a resource and, transitively, by the resources it depends on.
fn listed_files<'a>(r: &'a Element, cp: &'a str, res: &HashMap<&str, &'a Element>) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    let mut seen = HashSet::new();
    let mut todo = vec![r];
    while let Some(x) = todo.pop() {
        if !seen.insert(x as *const Element) {
            continue;
        }
        out.extend(x.kids(cp, "file").filter_map(|f| f.attr("href")));
        for d in x.kids(cp, "dependency") {
            if let Some(t) = d.attr("identifierref").and_then(|i| res.get(i.trim())) {
                todo.push(t);
            }
        }
    }
    out
}

fn show(v: &Option<String>) -> String {
    v.as_ref().map(|s| format!("`{s}`")).unwrap_or_else(|| "missing".into())
}

fn title_once(ck: &mut Ck, e: &Element, cp: &str) {
    let n = e.kids(cp, "title").count();
    if n != 1 {
        ck.push(
            Severity::Warning,
            "cts/title",
            &e.span,
            format!("<{}> has {n} <title> elements; exactly one is required", e.local),
            "give the element exactly one <title>",
            Rule::CP_TITLE,
        );
    }
}

fn collect_items<'a>(e: &'a Element, cp: &'a str, out: &mut Vec<&'a Element>) {
    for c in e.kids(cp, "item") {
        out.push(c);
        collect_items(c, cp, out);
    }
}

fn check_item<'a>(
    ck: &mut Ck,
    item: &'a Element,
    cp: &str,
    adlcp: &str,
    res: &HashMap<&'a str, &'a Element>,
    referenced: &mut HashSet<&'a str>,
) {
    title_once(ck, item, cp);
    let leaf = item.kid(cp, "item").is_none();
    let id = item.attr("identifier").unwrap_or("?");
    let idref = item.attr_full("identifierref");
    let mut launches_sco = false;
    match (leaf, idref) {
        (true, None) => ck.push(
            ck.unless_launchable(),
            "cts/leaf-without-resource",
            &item.span,
            format!("leaf item `{id}` has no identifierref: there is nothing to launch"),
            "point identifierref at a <resource>",
            Rule::CP_LEAF,
        ),
        (false, Some(r)) => ck.push(
            Severity::Warning,
            "cts/parent-with-resource",
            &r.span,
            format!("item `{id}` has child items and also an identifierref"),
            "only leaf items launch resources",
            Rule::CP_LEAF,
        ),
        _ => {}
    }
    if let Some(r) = idref {
        match res.get(r.value.trim()) {
            None => ck.push(
                Severity::Error,
                "cts/identifierref-unresolved",
                &r.span,
                format!("item `{id}` references resource `{}`, which does not exist", r.value),
                "fix the identifierref or add the <resource>",
                Rule::CP_IDREF,
            ),
            Some(resource) => {
                if let Some((k, _)) = res.get_key_value(r.value.trim()) {
                    referenced.insert(k);
                }
                if resource.attr("href").is_none() {
                    ck.push(
                        Severity::Error,
                        "cts/launch-without-href",
                        &r.span,
                        format!("item `{id}` launches resource `{}`, which has no href", r.value),
                        "add an href to the resource (the file the LMS opens), or point the item at another resource",
                        Rule::CP_HREF_FILE,
                    );
                }
                let st = resource.attr_ns(adlcp, "scormType").or_else(|| resource.attr_ns(adlcp, "scormtype"));
                launches_sco = st.is_some_and(|a| a.value.trim() == "sco");
            }
        }
    }
    if idref.is_none()
        && let Some(p) = item.attr_full("parameters")
    {
        ck.push(Severity::Warning, "cts/parameters-without-identifierref", &p.span, format!("item `{id}` has parameters but no identifierref"), "parameters are added to the launched resource's URL: move them to an item that launches one, or remove them", Rule::CP_PARAMS);
    }
    if ck.v2004 {
        for name in ["timeLimitAction", "dataFromLMS", "completionThreshold"] {
            let kids: Vec<&Element> = item.kids(scorm2004::ADLCP, name).collect();
            if let Some(k) = kids.first() {
                if !launches_sco {
                    ck.push(
                        Severity::Warning,
                        "cts/sco-only-element",
                        &k.span,
                        format!("adlcp:{name} is allowed only on items that launch a SCO"),
                        "move the element to an item whose resource has adlcp:scormType=\"sco\", or remove it",
                        Rule::CP_SCO_ONLY,
                    );
                }
                if kids.len() > 1 {
                    ck.push(
                        Severity::Warning,
                        "cts/repeated-element",
                        &kids[1].span,
                        format!("adlcp:{name} may appear at most once"),
                        "keep one of the repeated elements",
                        Rule::CP_SCO_ONLY,
                    );
                }
                if name == "completionThreshold" && !k.text.trim().is_empty() {
                    ck.push(
                        Severity::Warning,
                        "cts/completion-threshold-text",
                        &k.span,
                        "completionThreshold has a text value (3rd-edition form, deprecated)".into(),
                        "use the minProgressMeasure attribute on an empty element",
                        Rule::CP_COMPLETION_THRESHOLD,
                    );
                }
            }
        }
        let seqs: Vec<&Element> = item.kids(scorm2004::IMSSS, "sequencing").collect();
        if seqs.len() > 1 {
            ck.push(
                Severity::Warning,
                "cts/repeated-element",
                &seqs[1].span,
                "imsss:sequencing may appear at most once per item".into(),
                "keep one of the repeated elements",
                Rule::CP_SCO_ONLY,
            );
        }
    }
}

fn sequencing_checks(ck: &mut Ck, root: &Element) {
    let ss = scorm2004::IMSSS;
    let mut collection_ids = HashSet::new();
    if let Some(coll) = root.kid(ss, "sequencingCollection") {
        for s in coll.kids(ss, "sequencing") {
            if let Some(id) = s.attr("ID") {
                collection_ids.insert(id.trim().to_string());
            }
        }
    }
    let mut stack: Vec<(&Element, bool)> = vec![(root, false)];
    while let Some((e, in_collection)) = stack.pop() {
        let here_collection = in_collection || (e.ns == ss && e.local == "sequencingCollection");
        if e.ns == ss && e.local == "sequencing" {
            if !in_collection && let Some(a) = e.attr_full("ID") {
                ck.out.push(Diagnostic::error("cts/sequencing-id-placement", "sequencing@ID is allowed only inside <imsss:sequencingCollection>")
                    .with_hint("move this <sequencing> into <imsss:sequencingCollection> and refer to it with IDRef, or remove the ID")
                    .with_rule(Rule::SS_SEQ_ID).at(ck.file.location(a.span.clone())));
            }
            if let Some(a) = e.attr_full("IDRef")
                && !collection_ids.contains(a.value.trim())
            {
                ck.out.push(
                    Diagnostic::error(
                        "cts/sequencing-idref-unresolved",
                        format!("sequencing@IDRef `{}` matches no sequencing in the sequencingCollection", a.value),
                    )
                    .with_hint(
                        "add a <sequencing ID=...> with this ID to <imsss:sequencingCollection>, or correct the IDRef",
                    )
                    .with_rule(Rule::SS_SEQ_ID)
                    .at(ck.file.location(a.span.clone())),
                );
            }
            if let Some(objs) = e.kid(ss, "objectives") {
                if let Some(p) = objs.kid(ss, "primaryObjective")
                    && p.kid(ss, "mapInfo").is_some()
                    && p.attr("objectiveID").is_none()
                {
                    ck.out.push(
                        Diagnostic::error(
                            "cts/primary-objective-id",
                            "primaryObjective has mapInfo but no objectiveID",
                        )
                        .with_hint("add an objectiveID to the primaryObjective")
                        .with_rule(Rule::SS_OBJECTIVE_ID)
                        .at(ck.file.location(p.span.clone())),
                    );
                }
                let mut writers: HashMap<(String, &str), usize> = HashMap::new();
                for o in objs.children.iter().filter(|c| c.ns == ss) {
                    for m in o.kids(ss, "mapInfo") {
                        let target = m.attr("targetObjectiveID").unwrap_or("").trim().to_string();
                        for w in ["writeSatisfiedStatus", "writeNormalizedMeasure"] {
                            if m.attr(w).is_some_and(|v| matches!(v.trim(), "true" | "1")) {
                                let n = writers.entry((target.clone(), w)).or_default();
                                *n += 1;
                                if *n == 2 {
                                    ck.out.push(Diagnostic::error("cts/mapinfo-multiple-writers", format!("more than one objective of this activity writes {w} to global objective `{target}`"))
                                        .with_hint("let one local objective write each value of a global objective")
                                        .with_rule(Rule::SS_MAPINFO).at(ck.file.location(m.span.clone())));
                                }
                            }
                        }
                    }
                }
            }
        }
        for c in &e.children {
            stack.push((c, here_collection));
        }
    }
}

/// SCORM 2004 "smallest permitted maximum" lengths: the 1.2 XSD enforced
/// them; in 2004 the ADL validator warns, because LMSs may truncate.
fn spm_lengths(ck: &mut Ck, root: &Element) {
    let cp = scorm2004::CP;
    let adlcp = scorm2004::ADLCP;
    const ATTRS: [(&str, &str, usize); 8] = [
        ("manifest", "version", 20),
        ("organization", "structure", 200),
        ("item", "identifierref", 2000),
        ("item", "parameters", 1000),
        ("resource", "type", 1000),
        ("resource", "href", 2000),
        ("file", "href", 2000),
        ("dependency", "identifierref", 2000),
    ];
    root.walk(&mut |e, _| {
        if e.ns == cp {
            for (el, attr, max) in ATTRS {
                if e.local == el
                    && let Some(a) = e.attr_full(attr)
                    && a.value.chars().count() > max
                {
                    ck.out.push(
                        Diagnostic::warning(
                            "cts/spm-length",
                            format!(
                                "{el}@{attr} is {} characters long; SCORM 2004 LMSs need only keep {max}",
                                a.value.chars().count()
                            ),
                        )
                        .with_hint("shorten it: an LMS may truncate or reject longer values")
                        .with_rule(Rule::CP_SPM)
                        .at(ck.file.location(a.span.clone())),
                    );
                }
            }
        }
        let text_max = match (e.ns == adlcp, e.local.as_str()) {
            (true, "dataFromLMS") => 4000,
            (true, "location") => 2000,
            _ => return,
        };
        let n = e.text.chars().count();
        if n > text_max {
            ck.out.push(
                Diagnostic::warning(
                    "cts/spm-length",
                    format!("adlcp:{} is {n} characters long; SCORM 2004 LMSs need only keep {text_max}", e.local),
                )
                .with_hint("shorten it: an LMS may truncate or reject longer values")
                .with_rule(Rule::CP_SPM)
                .at(ck.file.location(e.span.clone())),
            );
        }
    });
}

fn href_rules(ck: &mut Ck, href: &crate::xml::Attr) {
    let (v, span) = (href.value.as_str(), &href.span);
    uri_syntax(ck, href, "href");
    let lower = v.trim().to_ascii_lowercase();
    if lower.starts_with("file:") || v.contains('\\') || v.starts_with('/') {
        ck.out.push(
            Diagnostic::error(
                "cts/href",
                format!("href `{v}` must be a relative URL with `/` separators (no `\\`, no leading `/`, no file:)"),
            )
            .with_hint("write the path relative to the manifest with `/` separators, e.g. `sco1/index.html`")
            .with_rule(Rule::CP_HREF)
            .at(ck.file.location(span.clone())),
        );
    } else if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        ck.out.push(Diagnostic::warning("content/external-reference", format!("href `{v}` points to another origin"))
            .with_hint("the package is not self-contained: content on another origin cannot reach the SCORM API and leaks learner data")
            .with_rule(Rule::CONTENT_EXTERNAL).at(ck.file.location(span.clone())));
    }
}

/// `cts/href-syntax`: an href or `xml:base` that is not an IRI reference
/// (RFC 3987). A `%` that starts no escape makes web servers answer 400 Bad
/// Request, an error; other characters (a space, `|`, `"`) are mended by
/// browsers, so a warning (an error with `--strict`).
fn uri_syntax(ck: &mut Ck, a: &crate::xml::Attr, what: &str) {
    let v = a.value.trim();
    let Some(bad) = urls::syntax(v, Expect::IriRef) else { return };
    let message = format!("{what} `{v}` is not a valid URI reference: {}", bad.what);
    let (severity, hint) = if bad.bad_escape {
        (
            Severity::Error,
            "write a percent sign as `%25`: web servers answer 400 Bad Request to a `%` that starts no escape",
        )
    } else {
        (
            Severity::Warning,
            "percent-encode the character (a space is `%20`) or rename the file: browsers mend it, but not every LMS or server does",
        )
    };
    let lead = a.value.len() - a.value.trim_start().len();
    ck.out.push(
        Diagnostic::new(severity, "cts/href-syntax", message)
            .with_hint(hint)
            .with_rule(Rule::IRI_SYNTAX)
            .at(urls::in_attribute(ck.file, a, lead + bad.at)),
    );
}

/// Files exist, launch files exist, excess baggage, schema files at the root.
fn content_checks(doc: &Document, ctx: &Context, cp: &str, resources: &[&Element]) -> Vec<Diagnostic> {
    let root = &doc.root;
    let base0 = root.attr_ns(XML_NS, "base").map(|a| a.value.clone()).unwrap_or_default();
    let base1 =
        root.kid(cp, "resources").and_then(|r| r.attr_ns(XML_NS, "base")).map(|a| a.value.clone()).unwrap_or_default();
    let mut refs = Vec::new();
    for r in resources {
        let base2 = r.attr_ns(XML_NS, "base").map(|a| a.value.clone()).unwrap_or_default();
        let base = format!("{base0}{base1}{base2}");
        if let Some(h) = r.attr_full("href") {
            refs.push(Reference {
                value: format!("{base}{}", h.value),
                span: h.span.clone(),
                launch: true,
                metadata: false,
            });
        }
        for f in r.kids(cp, "file") {
            if let Some(h) = f.attr_full("href") {
                refs.push(Reference {
                    value: format!("{base}{}", h.value),
                    span: h.span.clone(),
                    launch: false,
                    metadata: false,
                });
            }
        }
    }
    // Metadata files named by adlcp:location (relative to the package root).
    refs.extend(crate::metadata::references(
        if cp == scorm12::CP { Standard::Scorm12 } else { Standard::Scorm2004(crate::Edition::Fourth) },
        doc,
    ));
    let mut out = content::check_references(ctx, &doc.source, &refs);
    // Schema files named in xsi:schemaLocation must be at the package root.
    if let Some(loc) = root.attr_ns(XSI_NS, "schemaLocation") {
        let parts: Vec<&str> = loc.value.split_whitespace().collect();
        for pair in parts.chunks(2) {
            let [_, file] = pair else { continue };
            if file.contains("://") {
                continue;
            }
            let base = file.rsplit('/').next().unwrap_or(file);
            if file.starts_with("../") {
                out.push(
                    Diagnostic::error(
                        "cts/schema-file-outside",
                        format!("schema file `{file}` is above the package root"),
                    )
                    .with_hint("copy the XSD into the package root and name it without `../` in xsi:schemaLocation")
                    .with_rule(Rule::CP_SCHEMA_FILES)
                    .at(doc.source.location(loc.span.clone())),
                );
            } else if !ctx.pkg.has(&format!("{}{base}", ctx.root)) {
                out.push(Diagnostic::warning("cts/schema-file-missing", format!("schema file `{base}` named in xsi:schemaLocation is not at the package root"))
                    .with_hint("copy the XSD files to the root of the package (the ADL test suite requires them; most LMSs do not)")
                    .with_rule(Rule::CP_SCHEMA_FILES).at(doc.source.location(loc.span.clone())));
            }
        }
    }
    // Excess baggage.
    let listed: HashSet<String> = refs.iter().filter_map(|r| content::resolve(ctx.root, &r.value).ok()).collect();
    let unlisted: Vec<&String> = ctx
        .pkg
        .files
        .iter()
        .filter(|f| f.starts_with(ctx.root))
        .filter(|f| {
            let rel = &f[ctx.root.len()..];
            let schema_at_root = !rel.contains('/')
                && std::path::Path::new(rel)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xsd") || e.eq_ignore_ascii_case("dtd"));
            !listed.contains(f.as_str()) && rel != "imsmanifest.xml" && !schema_at_root
        })
        .collect();
    if !unlisted.is_empty() {
        let shown: Vec<String> = unlisted.iter().take(10).map(|s| format!("`{s}`")).collect();
        let more = if unlisted.len() > 10 { format!(" and {} more", unlisted.len() - 10) } else { String::new() };
        out.push(
            Diagnostic::warning(
                "cts/excess-baggage",
                format!(
                    "{} file(s) are in the package but listed in no <file>: {}{more}",
                    unlisted.len(),
                    shown.join(", ")
                ),
            )
            .with_hint("list them in the resource that uses them (some LMSs drop unlisted files) or remove them")
            .with_rule(Rule::CP_BAGGAGE)
            .at(coursepack_diagnostics::Location::file(ctx.manifest)),
        );
    }
    out
}
