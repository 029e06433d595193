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
    pub line: usize,
    /// 1-based column (in characters) of the start of the span.
    pub column: usize,
    /// 1-based line of the end of the span.
    pub end_line: usize,
    /// 1-based column (in characters) just after the end of the span.
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

    /// A location that names only a file.
    pub fn file(file: impl Into<String>) -> Self {
        Self::line_col(file, 0, 0)
    }
}

/// A text file whose diagnostics we may report: its display path, its text
/// and the byte offset of each line start.
#[derive(Clone, Debug)]
pub struct SourceFile {
    path: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Index a file's text for span lookups.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { path: path.into(), text, line_starts }
    }

    /// The display path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let column = self.text[self.line_starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The [`Location`] of a byte span.
    pub fn location(&self, span: Range<usize>) -> Location {
        let (line, column) = self.line_col(span.start);
        let (end_line, end_column) = self.line_col(span.end.max(span.start));
        Location { file: self.path.clone(), line, column, end_line, end_column, span: Some(span) }
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
    fn offsets_past_the_end_are_clamped() {
        let f = SourceFile::new("p.md", "x");
        assert_eq!(f.line_col(99), (1, 2));
    }
}
