//! Reading the text files authors write (pages, `module.toml`, `course.toml`,
//! question banks, captions) the same way everywhere: UTF-8, with a leading
//! byte-order mark ignored (Windows editors add one). CRLF line endings need
//! nothing here: every parser reading these files treats `\r\n` as a line end.

/// A file that is not UTF-8 text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotUtf8 {
    /// The text as far as it could be read, with the bad bytes replaced
    /// (for showing the line), without a byte-order mark.
    pub lossy: String,
    /// Byte offset in `lossy` of the first byte that is not UTF-8.
    pub offset: usize,
    /// How to fix it, in words: which encoding the file seems to be in.
    pub hint: &'static str,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text of a file's bytes: UTF-8 without its byte-order mark, if any.
pub fn decode_text(bytes: Vec<u8>) -> Result<String, NotUtf8> {
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    let bytes = match bytes.strip_prefix(BOM) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        NotUtf8 {
            lossy: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            offset,
            hint: if utf16 {
                "the file is saved as UTF-16 (\"Unicode\" in Notepad); save it again as UTF-8"
            } else {
                "save the file as UTF-8 (in most editors: Save with encoding, or Save as, then UTF-8); files saved from Word as plain text are often in another encoding"
            },
        }
    })
}

/// Text without a leading byte-order mark, for text that was decoded elsewhere.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_order_mark_is_dropped_and_other_encodings_are_located() {
        assert_eq!(decode_text(b"\xEF\xBB\xBF# Title\r\n".to_vec()).unwrap(), "# Title\r\n");
        assert_eq!(decode_text(b"# T\xc3\xa9".to_vec()).unwrap(), "# Té");
        let latin1 = decode_text(b"title = \"Caf\xe9\"\n".to_vec()).unwrap_err();
        assert_eq!(latin1.offset, 12);
        assert!(latin1.lossy.starts_with("title = \"Caf\u{fffd}"));
        let utf16 = decode_text(b"\xFF\xFEi\0d\0".to_vec()).unwrap_err();
        assert_eq!(utf16.offset, 0);
        assert!(utf16.hint.contains("UTF-16"));
        assert_eq!(without_bom("\u{feff}WEBVTT"), "WEBVTT");
    }
}
