//! Local files referenced by pages: resolving them safely inside the module,
//! classifying media, and finding caption tracks.

use std::path::{Component, Path, PathBuf};

/// What kind of file a page embeds, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    /// A still image shown with `<img>`.
    Image,
    /// A video shown with `<video>` and captions.
    Video,
    /// An audio file shown with `<audio>`, captions and a transcript.
    Audio,
}

/// Classify a path by its extension; `None` for anything that cannot be embedded.
pub fn kind(path: &str) -> Option<MediaKind> {
    let ext = extension(path);
    match ext.as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "avif" => Some(MediaKind::Image),
        "mp4" | "webm" | "ogv" | "m4v" => Some(MediaKind::Video),
        "mp3" | "ogg" | "oga" | "wav" | "m4a" => Some(MediaKind::Audio),
        _ => None,
    }
}

/// The lowercased extension of a path, without the dot.
pub fn extension(path: &str) -> String {
    Path::new(path).extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

/// MIME type for the `type` attribute of `<source>`.
pub fn mime(path: &str) -> &'static str {
    match extension(path).as_str() {
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        "wav" => "audio/wav",
        "m4a" => "audio/mp4",
        _ => "application/octet-stream",
    }
}

/// True for references that leave the package: a scheme (`https:`, `mailto:`)
/// or a protocol-relative `//host` URL.
pub fn is_external(url: &str) -> bool {
    url.starts_with("//") || scheme(url).is_some()
}

/// The URL scheme, lowercased, if the reference has one (`https`, `javascript`, ...).
pub fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let candidate = &url[..colon];
    let valid = !candidate.is_empty()
        && candidate.starts_with(|c: char| c.is_ascii_alphabetic())
        && candidate.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // A single letter before ':' is a Windows drive, not a scheme.
    (valid && candidate.len() > 1).then(|| candidate.to_ascii_lowercase())
}

/// A local reference resolved against the page's folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// Path inside the module (and the package), `/`-separated.
    pub package_path: String,
    /// Path on disk.
    pub disk_path: PathBuf,
}

/// Resolve a local reference (no scheme) written in a page in `page_dir`
/// (relative to `module_dir`). Returns `None` when it escapes the module
/// folder or is absolute. The query and fragment are dropped.
pub fn resolve(module_dir: &Path, page_dir_in_module: &Path, reference: &str) -> Option<Resolved> {
    let path_part = reference.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path_part);
    if decoded.is_empty() || decoded.starts_with('/') || decoded.contains('\\') {
        return None;
    }
    let mut parts: Vec<String> = page_dir_in_module
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for component in Path::new(&decoded).components() {
        match component {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => return None,
        }
    }
    if parts.is_empty() {
        return None;
    }
    let package_path = parts.join("/");
    Some(Resolved { disk_path: module_dir.join(&package_path), package_path })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A caption track found next to a media file: usable, or a link out of the module.
pub type Track = (Result<Resolved, coursepack_source::confine::Refused>, String);

/// Caption tracks for a media file: `<stem>.vtt` (in the module's language)
/// and `<stem>.<lang>.vtt` in the folder the page names, as (track, language)
/// sorted by path. Each track is confined to the module like every other
/// file (`module_root` is the module folder's real path); a track that is a
/// link out of the module comes back as the refusal, to be reported.
pub fn caption_tracks(module_root: &Path, media: &Resolved, module_language: &str) -> Vec<Track> {
    let (package_dir, file) = match media.package_path.rsplit_once('/') {
        Some((dir, file)) => (format!("{dir}/"), file),
        None => (String::new(), media.package_path.as_str()),
    };
    // Names are compared in Unicode NFC: a file saved on another system may spell `é` differently.
    let nfc = coursepack_source::confine::nfc;
    let stem = nfc(&Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
    let Ok(Some(dir)) = coursepack_source::confine::confine(module_root, Path::new(&package_dir)) else {
        return Vec::new();
    };
    let mut tracks: Vec<Track> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| {
                    let name = nfc(&entry.file_name().to_string_lossy());
                    let rest = name.strip_prefix(&stem)?.strip_suffix(".vtt")?;
                    let language = if rest.is_empty() {
                        module_language.to_string()
                    } else {
                        let tag = rest.strip_prefix('.')?;
                        coursepack_source::is_valid_bcp47(tag).then(|| tag.to_string())?
                    };
                    let package_path = format!("{package_dir}{name}");
                    let track = match coursepack_source::confine::confine(module_root, Path::new(&package_path)) {
                        Ok(Some(real)) if real.is_file() => Ok(Resolved { package_path, disk_path: real }),
                        Ok(_) => return None,
                        Err(refused) => Err(refused),
                    };
                    Some((track, language))
                })
                .collect()
        })
        .unwrap_or_default();
    // The track in the module's language comes first: it is the default
    // track and the transcript's source.
    let primary = |tag: &str| tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    let wanted = primary(module_language);
    let path = |t: &Track| match &t.0 {
        Ok(r) => r.package_path.clone(),
        Err(_) => String::new(),
    };
    tracks.sort_by_key(|t| (primary(&t.1) != wanted, path(t)));
    tracks
}

/// A human name for a caption track's language, shown in the player's
/// captions menu; the tag itself for languages we have no name for.
pub fn language_name(tag: &str) -> String {
    let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    let name = match primary.as_str() {
        "en" => "English",
        "cy" => "Cymraeg",
        "ga" => "Gaeilge",
        "gd" => "Gàidhlig",
        "fr" => "Français",
        "de" => "Deutsch",
        "es" => "Español",
        "pl" => "Polski",
        "pa" => "ਪੰਜਾਬੀ",
        "ur" => "اردو",
        "ar" => "العربية",
        _ => return tag.to_string(),
    };
    name.to_string()
}

/// Names of the files in the folder of `disk_path`, for "did you mean".
pub fn siblings(disk_path: &Path) -> Vec<String> {
    let Some(dir) = disk_path.parent() else { return Vec::new() };
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// The largest caption file carried inside the page; a larger one is linked
/// as a file (it then shows only when the package is served over HTTP).
pub const MAX_INLINE_CAPTIONS: usize = 512 * 1024;

/// What a `data:` URL of captions leaves as it is: letters, digits and
/// `-._~,`; everything else (spaces, line breaks, `%`, `#`...) is
/// percent-encoded, so the URL parser keeps every byte of the file. `:` is
/// encoded too, so no caption text reads as a `javascript:` URL to a scanner.
const DATA_URL_KEEP: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b',');

/// A WebVTT file as the `src` of a `<track>`: a `data:` URL. Browsers refuse
/// to load a track file from `file://` (every file there is an origin of its
/// own), so a web package opened from disk would show no captions; a `data:`
/// URL loads from disk and from any server, with or without the player's
/// script. A byte-order mark is dropped and line ends become `\n` (WebVTT
/// reads CR, LF and CRLF alike), so a file saved on Windows makes the same
/// page. `None` when the text is over [`MAX_INLINE_CAPTIONS`].
pub fn captions_data_url(vtt: &str) -> Option<String> {
    let vtt = vtt.strip_prefix('\u{feff}').unwrap_or(vtt);
    if vtt.len() > MAX_INLINE_CAPTIONS {
        return None;
    }
    let vtt = vtt.replace("\r\n", "\n").replace('\r', "\n");
    Some(format!("data:text/vtt;charset=utf-8,{}", percent_encoding::utf8_percent_encode(&vtt, DATA_URL_KEEP)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_the_module_only() {
        let module = Path::new("/m");
        let r = resolve(module, Path::new(""), "media/a%20b.svg").unwrap();
        assert_eq!(r.package_path, "media/a b.svg");
        assert_eq!(resolve(module, Path::new("sub"), "../media/x.png").unwrap().package_path, "media/x.png");
        assert!(resolve(module, Path::new(""), "../secret.txt").is_none());
        assert!(resolve(module, Path::new(""), "/etc/passwd").is_none());
        assert!(resolve(module, Path::new(""), "media\\x.png").is_none());
        assert_eq!(resolve(module, Path::new(""), "media/%aé.png").unwrap().package_path, "media/%aé.png");
    }

    #[test]
    fn schemes_and_kinds() {
        assert_eq!(scheme("JavaScript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme("media/x.png"), None);
        assert_eq!(scheme("c:/x"), None);
        assert!(is_external("//cdn.example/x.js"));
        assert_eq!(kind("a/B.SVG"), Some(MediaKind::Image));
        assert_eq!(kind("talk.webm"), Some(MediaKind::Video));
        assert_eq!(kind("notes.pdf"), None);
    }

    #[test]
    fn captions_travel_as_data_urls_up_to_the_limit() {
        let vtt = "\u{feff}WEBVTT\n\n00:00.000 --> 00:01.000\n100% #care & <b>ok</b> é javascript:x\n";
        let url = captions_data_url(vtt).unwrap();
        let body = url.strip_prefix("data:text/vtt;charset=utf-8,").unwrap();
        assert!(!body.contains(['#', '"', '\n', ':', '<']), "{body}");
        let decoded = percent_encoding::percent_decode_str(body).decode_utf8().unwrap();
        assert_eq!(decoded, vtt.trim_start_matches('\u{feff}'));
        let windows = vtt.replace('\n', "\r\n");
        assert_eq!(captions_data_url(&windows), Some(url), "CRLF makes the same page");
        let big = "x".repeat(MAX_INLINE_CAPTIONS + 1);
        assert!(captions_data_url(&big).is_none(), "a file over the limit stays a file");
        assert!(captions_data_url(&big[1..]).is_some());
    }
}
