//! Catalogue metadata (LOM) from `module.toml` / `course.toml`, inline in
//! the manifest's `<metadata>`: the IMS Metadata 1.2.1 binding for SCORM 1.2
//! (`imsmd:`) and the IEEE LOM binding for SCORM 2004 (`lom:`). Both carry
//! the title, summary, keywords, language, version, authors and publisher,
//! typical learning time, and the licence as rights.

use super::Meta;
use super::xml::{El, el, text_el};

/// LOM vocabulary source of every `source`/`value` pair.
const LOM_VOCABULARY: &str = "LOMv1.0";

/// The licence as a sentence for the rights description.
fn licence_text(meta: &Meta<'_>) -> String {
    format!("Licence: {} (SPDX identifier).", meta.info.licence)
}

/// A minimal vCard 3.0 for a person (`FN`/`N`) or an organisation (`ORG`).
fn vcard(name: &str, organisation: bool) -> String {
    let value: String = name
        .chars()
        .flat_map(|c| match c {
            '\\' | ',' | ';' => vec!['\\', c],
            '\n' | '\r' => vec![' '],
            c => vec![c],
        })
        .collect();
    if organisation {
        format!("BEGIN:VCARD\nVERSION:3.0\nFN:{value}\nORG:{value}\nEND:VCARD")
    } else {
        format!("BEGIN:VCARD\nVERSION:3.0\nFN:{value}\nN:{value};;;;\nEND:VCARD")
    }
}

/// ISO 8601 duration for a number of minutes (`PT45M`, `PT1H30M`).
fn minutes(m: u32) -> String {
    match (m / 60, m % 60) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// `<imsmd:lom>` for a SCORM 1.2 manifest (IMS Metadata 1.2.1).
pub(crate) fn imsmd(meta: &Meta<'_>) -> El {
    let lang = meta.info.language.as_str();
    let langstring = |text: &str| el("imsmd:langstring").attr("xml:lang", lang).text(text);
    let vocab = |name: &str, value: &str| {
        el(name)
            .child(el("imsmd:source").child(el("imsmd:langstring").attr("xml:lang", "x-none").text(LOM_VOCABULARY)))
            .child(el("imsmd:value").child(el("imsmd:langstring").attr("xml:lang", "x-none").text(value)))
    };
    let contribute = |role: &str, name: &str, organisation: bool| {
        el("imsmd:contribute")
            .child(vocab("imsmd:role", role))
            .child(el("imsmd:centity").child(text_el("imsmd:vcard", &vcard(name, organisation))))
    };
    let general = el("imsmd:general")
        .child(el("imsmd:title").child(langstring(&meta.info.title)))
        .child(text_el("imsmd:language", lang))
        .child(el("imsmd:description").child(langstring(&meta.info.summary)))
        .children(meta.info.keywords.iter().map(|k| el("imsmd:keyword").child(langstring(k))));
    let lifecycle = el("imsmd:lifecycle")
        .child(el("imsmd:version").child(el("imsmd:langstring").attr("xml:lang", "x-none").text(&meta.info.version)))
        .children(meta.info.authors.iter().map(|a| contribute("Author", a, false)))
        .children(meta.info.organisation.as_deref().map(|o| contribute("Publisher", o, true)));
    let technical = el("imsmd:technical").child(text_el("imsmd:format", "text/html"));
    let educational = meta.duration_minutes.map(|m| {
        el("imsmd:educational").child(el("imsmd:typicallearningtime").child(text_el("imsmd:datetime", &minutes(m))))
    });
    let rights = el("imsmd:rights")
        .child(vocab("imsmd:cost", "no"))
        .child(vocab("imsmd:copyrightandotherrestrictions", "yes"))
        .child(el("imsmd:description").child(langstring(&licence_text(meta))));
    el("imsmd:lom").child(general).child(lifecycle).child(technical).child_opt(educational).child(rights)
}

/// `<lom:lom>` for a SCORM 2004 manifest (IEEE 1484.12.3 XML binding, strict vocabulary).
pub(crate) fn ieee_lom(meta: &Meta<'_>) -> El {
    let lang = meta.info.language.as_str();
    let string = |text: &str| el("lom:string").attr("language", lang).text(text);
    let vocab = |name: &str, value: &str| {
        el(name).child(text_el("lom:source", LOM_VOCABULARY)).child(text_el("lom:value", value))
    };
    let contribute = |role: &str, name: &str, organisation: bool| {
        el("lom:contribute").child(vocab("lom:role", role)).child(text_el("lom:entity", &vcard(name, organisation)))
    };
    let general = el("lom:general")
        .child(el("lom:identifier").child(text_el("lom:catalog", "URI")).child(text_el("lom:entry", meta.activity_iri)))
        .child(el("lom:title").child(string(&meta.info.title)))
        .child(text_el("lom:language", lang))
        .child(el("lom:description").child(string(&meta.info.summary)))
        .children(meta.info.keywords.iter().map(|k| el("lom:keyword").child(string(k))))
        .child(vocab("lom:structure", if meta.is_course { "hierarchical" } else { "linear" }))
        .child(vocab("lom:aggregationLevel", if meta.is_course { "3" } else { "2" }));
    let lifecycle = el("lom:lifeCycle")
        .child(el("lom:version").child(string(&meta.info.version)))
        .children(meta.info.authors.iter().map(|a| contribute("author", a, false)))
        .children(meta.info.organisation.as_deref().map(|o| contribute("publisher", o, true)));
    let meta_metadata =
        el("lom:metaMetadata").child(text_el("lom:metadataSchema", "LOMv1.0")).child(text_el("lom:language", lang));
    let technical = el("lom:technical").child(text_el("lom:format", "text/html"));
    let educational = el("lom:educational")
        .child(vocab("lom:interactivityType", "mixed"))
        .child(vocab("lom:learningResourceType", "narrative text"))
        .child_opt(
            meta.duration_minutes.map(|m| el("lom:typicalLearningTime").child(text_el("lom:duration", &minutes(m)))),
        )
        .child(text_el("lom:language", lang));
    let rights = el("lom:rights")
        .child(vocab("lom:cost", "no"))
        .child(vocab("lom:copyrightAndOtherRestrictions", "yes"))
        .child(el("lom:description").child(string(&licence_text(meta))));
    el("lom:lom").child(general).child(lifecycle).child(meta_metadata).child(technical).child(educational).child(rights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(minutes(45), "PT45M");
        assert_eq!(minutes(60), "PT1H");
        assert_eq!(minutes(135), "PT2H15M");
    }

    #[test]
    fn vcards_escape_their_separators() {
        assert_eq!(
            vcard("Smith, Jo; Ltd", false),
            "BEGIN:VCARD\nVERSION:3.0\nFN:Smith\\, Jo\\; Ltd\nN:Smith\\, Jo\\; Ltd;;;;\nEND:VCARD"
        );
    }
}
