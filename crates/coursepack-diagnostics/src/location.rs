//! Source files and the conversion from byte spans to line and column.

use serde::Serialize;
use std::ops::Range;

/// Where a problem is: a file (as the user should see its path), a 1-based
/// line and column (columns count characters, not bytes) and the byte span.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub struct Location {
    /// Path of the file, relative to where the user ran the command when possible.
    pub file: String,
    /// 1-based line of the start of the span.
    #[schemars(range(min = 1))]
    pub line: usize,
    /// 1-based column (in characters) of the start of the span.
    #[schemars(range(min = 1))]
    pub column: usize,
    /// 1-based line of the end of the span.
    #[schemars(range(min = 1))]
    pub end_line: usize,
    /// 1-based column (in characters) just after the end of the span.
    #[schemars(range(min = 1))]
    pub end_column: usize,
    /// Byte range of the span in the file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Range<usize>>,
}

impl Location {
    /// A location known only by line and column (for example from an XML
    /// reader that reports positions but whose text we do not keep).
    pub fn line_col(file: impl Into<String>, line: usize, column: usize) -> Self {
        Location { file: file.into(), line, column, end_line: line, end_column: column, span: None }
    }

    /// A problem with a whole file (a zip entry, a file that cannot be read):
    /// it points at the start of the file, line 1, column 1, with no span, as
    /// lines and columns are 1-based everywhere (the JSON output included).
    pub fn file(file: impl Into<String>) -> Self {
        Self::line_col(file, 1, 1)
    }

    /// True for a location made by [`Location::file`] (or a point at line 1,
    /// column 1 with no span, which reads the same): the human output says
    /// "in <file>" rather than a line and column.
    pub fn is_whole_file(&self) -> bool {
        self.span.is_none() && (self.line, self.column, self.end_line, self.end_column) == (1, 1, 1, 1)
    }
}

/// A text file whose diagnostics we may report: its display path, its text
/// and the byte offset of each line start.
///
/// Cloning is cheap and shares the text: the loaded module, its compiled
/// form and the project's list of files for snippets all hold the same
/// copy (a course of hundreds of modules held each page's text twice).
#[derive(Clone, Debug)]
pub struct SourceFile(std::sync::Arc<FileText>);

#[derive(Debug)]
struct FileText {
    path: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Index a file's text for span lookups.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile(std::sync::Arc::new(FileText { path: path.into(), text, line_starts }))
    }

    /// The display path.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.0.text
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.0.text, offset.min(self.0.text.len()));
        let line = match self.0.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let column = self.0.text[self.0.line_starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The [`Location`] of a byte span.
    pub fn location(&self, span: Range<usize>) -> Location {
        let (line, column) = self.line_col(span.start);
        let (end_line, end_column) = self.line_col(span.end.max(span.start));
        Location { file: self.0.path.clone(), line, column, end_line, end_column, span: Some(span) }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let f = SourceFile::new("p.md", "ab\ncŵd\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // 'ŵ' is two bytes; 'd' is the third character on line 2.
        assert_eq!(f.line_col(6), (2, 3));
        let loc = f.location(3..7);
        assert_eq!((loc.line, loc.column, loc.end_line, loc.end_column), (2, 1, 2, 4));
    }

    #[test]
    fn a_whole_file_is_line_one_column_one_in_json_too() {
        let loc = Location::file("pkg.zip");
        assert_eq!((loc.line, loc.column, loc.end_line, loc.end_column), (1, 1, 1, 1));
        assert!(loc.is_whole_file());
        let json = serde_json::to_value(&loc).unwrap();
        assert_eq!((json["line"].as_u64(), json["column"].as_u64()), (Some(1), Some(1)));
        assert!(!SourceFile::new("p.md", "x").location(0..0).is_whole_file(), "a span is a place in the file");
    }

    /// A clone is the same text, not a copy of it (a project holds each
    /// file in its parsed module and in its list of files for snippets).
    #[test]
    fn clones_share_the_text() {
        let f = SourceFile::new("p.md", "a page\n".repeat(100));
        let g = f.clone();
        assert!(std::ptr::eq(f.text(), g.text()), "a clone copied the text");
        assert_eq!(g.path(), "p.md");
        assert_eq!(g.line_col(7), (2, 1));
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let f = SourceFile::new("p.md", "x");
        assert_eq!(f.line_col(99), (1, 2));
    }
}
