//! How big an SVG diagram's text is on a phone: the smallest font size in
//! the file, scaled the way the player draws the image in a 320 px wide
//! window (the width WCAG 1.4.10 asks content to reflow to).
//!
//! Only what decides the answer is read: the root element's `viewBox` and
//! `width`, and every `font-size` (attributes, `style` attributes and
//! `<style>` sheets). Units are converted to CSS pixels (`px` and unitless
//! user units as they are, `pt` × 4/3, `em`/`rem`/`%` of 16 px). A file that
//! does not parse, or holds no text, gives no answer.

use quick_xml::Reader;
use quick_xml::events::Event;

/// The width a page's image can take in a 320 px window: the window less
/// the page's side padding (1 rem each side on narrow screens).
pub const PHONE_CONTENT_WIDTH: f64 = 288.0;

/// Text drawn smaller than this (in CSS pixels) is hard to read on a phone.
pub const MIN_READABLE_PX: f64 = 12.0;

/// Files larger than this are not measured (a diagram is far smaller).
const MAX_SVG_BYTES: u64 = 4 * 1024 * 1024;

/// The size, in CSS pixels, the SVG's smallest text is drawn at when the
/// image is shown in a 320 px window; `None` when it has no text or cannot
/// be measured.
pub fn smallest_text_on_phone(path: &std::path::Path) -> Option<f64> {
    if std::fs::metadata(path).ok()?.len() > MAX_SVG_BYTES {
        return None;
    }
    #[cfg(test)]
    tests::READ_FOR_TEXT.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(path.to_path_buf());
    let text = std::fs::read_to_string(path).ok()?;
    smallest_text_px(&text, PHONE_CONTENT_WIDTH)
}

/// [`smallest_text_on_phone`] for SVG text, in a column `column` px wide.
pub fn smallest_text_px(svg: &str, column: f64) -> Option<f64> {
    let mut reader = Reader::from_str(svg);
    let mut root_width: Option<f64> = None;
    let mut view_width: Option<f64> = None;
    let mut smallest: Option<f64> = None;
    let mut has_text = false;
    let mut seen_root = false;
    let mut in_style = false;
    let note = |size: Option<f64>, smallest: &mut Option<f64>| {
        if let Some(size) = size.filter(|s| *s > 0.0) {
            *smallest = Some(smallest.map_or(size, |m: f64| m.min(size)));
        }
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = e.local_name();
                let name = name.as_ref();
                if name == "text" || name == "tspan" || name == "textPath" {
                    has_text = true;
                }
                in_style = name == "style";
                for attr in e.attributes().flatten() {
                    let key = attr.key.local_name();
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    match key.as_ref() {
                        "viewBox" if !seen_root => {
                            view_width = value
                                .split(|c: char| c.is_whitespace() || c == ',')
                                .filter(|p| !p.is_empty())
                                .nth(2)
                                .and_then(|w| w.parse::<f64>().ok())
                                .filter(|w| *w > 0.0);
                        }
                        "width" if !seen_root => root_width = length_px(&value),
                        "font-size" => note(length_px(&value), &mut smallest),
                        "style" => {
                            for size in css_font_sizes(&value) {
                                note(Some(size), &mut smallest);
                            }
                        }
                        _ => {}
                    }
                }
                seen_root = true;
            }
            Ok(Event::Text(t)) if in_style => {
                let css: &str = t.as_ref();
                for size in css_font_sizes(css) {
                    note(Some(size), &mut smallest);
                }
            }
            Ok(Event::CData(t)) if in_style => {
                for size in css_font_sizes(t.as_ref()) {
                    note(Some(size), &mut smallest);
                }
            }
            Ok(Event::End(_)) => in_style = false,
            Ok(Event::Eof) => break,
            Err(_) => return None,
            _ => {}
        }
    }
    if !has_text {
        return None;
    }
    // Text without a size of its own is drawn at the browser's 16 px.
    let smallest = smallest.unwrap_or(16.0);
    let drawn_width = root_width.unwrap_or(column).min(column);
    let user_width = view_width.or(root_width)?;
    Some(smallest * drawn_width / user_width)
}

/// A CSS length in pixels: unitless and `px` as they are, `pt` × 4/3,
/// `em`, `rem` and `%` relative to 16 px. `None` for anything else.
fn length_px(value: &str) -> Option<f64> {
    let v = value.trim();
    let (number, factor) = if let Some(n) = v.strip_suffix("px") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix("pt") {
        (n, 4.0 / 3.0)
    } else if let Some(n) = v.strip_suffix("rem") {
        (n, 16.0)
    } else if let Some(n) = v.strip_suffix("em") {
        (n, 16.0)
    } else if let Some(n) = v.strip_suffix('%') {
        (n, 0.16)
    } else {
        (v, 1.0)
    };
    number.trim().parse::<f64>().ok().map(|n| n * factor).filter(|n| n.is_finite())
}

/// Every `font-size:` value (and the size in a `font:` shorthand) of a CSS text.
fn css_font_sizes(css: &str) -> Vec<f64> {
    let mut sizes = Vec::new();
    for declaration in css.split([';', '{', '}']) {
        let Some((property, value)) = declaration.split_once(':') else { continue };
        match property.trim() {
            "font-size" => sizes.extend(length_px(value)),
            // `font: italic bold 12px/1.2 sans-serif`: the first token with a length unit.
            "font" => sizes.extend(
                value
                    .split_whitespace()
                    .map(|t| t.split('/').next().unwrap_or(t))
                    .filter(|t| t.ends_with("px") || t.ends_with("pt") || t.ends_with("em") || t.ends_with('%'))
                    .find_map(length_px),
            ),
            _ => {}
        }
    }
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file [`smallest_text_on_phone`] read, in any test of this process.
    pub(super) static READ_FOR_TEXT: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());

    /// Only an SVG is read for its text when a page shows an image: a photo
    /// is packaged without being read (reading every image whole cost a
    /// compile as much as a tenth of its time on a module of photos).
    #[test]
    fn only_svg_images_are_read_for_their_text() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("media")).unwrap();
        std::fs::write(
            root.join("media/plan.svg"),
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 40"><text font-size="10">a</text></svg>"#,
        )
        .unwrap();
        std::fs::write(root.join("media/photo.png"), [0x89, b'P', b'N', b'G', 0, 1, 2, 3]).unwrap();
        std::fs::write(root.join("media/photo.jpg"), [0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3]).unwrap();
        std::fs::write(
            root.join("module.toml"),
            "id = \"photos\"\ntitle = \"Photos\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"Photos.\"\npages = [\"01.md\"]\n",
        )
        .unwrap();
        std::fs::write(
            root.join("01.md"),
            "# Photos\n\n![A plan](media/plan.svg)\n\n![A reading room](media/photo.png)\n\n![A desk](media/photo.jpg)\n",
        )
        .unwrap();
        let (parsed, _) = coursepack_source::load_module(root).unwrap();
        let (module, diagnostics) = crate::compile_module(&parsed.expect("module.toml parses"));
        assert!(!diagnostics.iter().any(|d| d.code.starts_with("page/")), "{diagnostics:#?}");
        assert_eq!(module.assets.len(), 3, "all three images are packaged");
        let read = READ_FOR_TEXT.lock().unwrap().clone();
        let ours: Vec<_> = read.iter().filter(|p| p.starts_with(root)).filter_map(|p| p.file_name()).collect();
        assert_eq!(ours, ["plan.svg"], "only the SVG is read for its text");
    }

    #[test]
    fn text_is_scaled_from_the_view_box_to_the_phone_column() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 700 220" width="700"><text font-size="12">a</text><text font-size="17">b</text></svg>"#;
        let px = smallest_text_px(svg, 288.0).unwrap();
        assert!((px - 12.0 * 288.0 / 700.0).abs() < 1e-9, "{px}");
        // A narrow diagram is not enlarged past its own width.
        let small = r#"<svg viewBox="0 0 200 100" width="200"><text font-size="14">a</text></svg>"#;
        assert_eq!(smallest_text_px(small, 288.0), Some(14.0));
    }

    #[test]
    fn sizes_in_styles_and_units_count() {
        let svg = r#"<svg viewBox="0,0,288,100"><style>.s { font: bold 9pt sans-serif } text{font-size:20px}</style><text class="s">a</text><text style="fill:red;font-size:0.5em">b</text></svg>"#;
        assert_eq!(smallest_text_px(svg, 288.0), Some(8.0));
    }

    #[test]
    fn no_text_or_no_size_gives_no_answer() {
        assert_eq!(smallest_text_px(r#"<svg viewBox="0 0 10 10"><rect width="5" height="5"/></svg>"#, 288.0), None);
        assert_eq!(smallest_text_px("<svg><text>x</text></svg>", 288.0), None, "no width to scale from");
        assert_eq!(smallest_text_px("<svg viewBox='0 0 576 10'><text>x</text></svg>", 288.0), Some(8.0));
        assert_eq!(smallest_text_px("not <svg", 288.0), None);
    }
}
