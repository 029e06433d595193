//! Question banks: importing Moodle GIFT and Aiken banks as a page of
//! questions, and exporting a module's questions as GIFT.

use crate::DriverError;
use coursepack_diagnostics::{Diagnostic, SourceFile};
use std::path::Path;

/// Question bank formats [`import_bank`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BankFormat {
    /// Moodle GIFT.
    Gift,
    /// Aiken (single-choice questions).
    Aiken,
}

/// A question bank converted to a page of coursepack questions.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The page's Markdown, or `None` when the bank cannot be read at all (not
    /// UTF-8). A question that cannot be carried is left out of the page.
    pub page: Option<String>,
    /// Every problem found, located in the bank: errors when there is no page,
    /// otherwise warnings for each question skipped and each thing lost.
    pub diagnostics: Vec<Diagnostic>,
    /// The bank's text, for snippets.
    pub file: SourceFile,
}

/// Convert the question bank at `path` into a page of questions. Fails only
/// when the file cannot be read.
pub fn import_bank(path: &Path, format: BankFormat) -> Result<Imported, DriverError> {
    let bytes = std::fs::read(path).map_err(|e| DriverError::io(format!("cannot read {}", path.display()), e))?;
    let display = coursepack_source::display_path(path);
    // A byte-order mark is dropped; a bank that is not UTF-8 is a located problem of the input.
    let text = match coursepack_source::decode_text(bytes) {
        Ok(text) => text,
        Err(bad) => {
            let code = match format {
                BankFormat::Gift => "gift/not-utf8",
                BankFormat::Aiken => "aiken/not-utf8",
            };
            let file = SourceFile::new(display, bad.lossy);
            let problem = Diagnostic::error(code, "the bank is not saved as UTF-8 text, so it cannot be read")
                .at_span(&file, bad.offset..bad.offset + 1)
                .with_hint(bad.hint);
            return Ok(Imported { page: None, diagnostics: vec![problem], file });
        }
    };
    let result = match format {
        BankFormat::Gift => coursepack_quiz::import::import_gift(&text, &display),
        BankFormat::Aiken => coursepack_quiz::import::import_aiken(&text, &display),
    };
    let file = SourceFile::new(display, text);
    Ok(Imported { page: Some(result.page), diagnostics: result.diagnostics, file })
}

/// A module's questions as a Moodle GIFT bank.
#[derive(Clone, Debug)]
pub struct GiftExport {
    /// The bank, or `None` when the module has errors (nothing may be written then).
    pub text: Option<String>,
    /// The module's own problems (those `coursepack check` reports).
    pub problems: Vec<Diagnostic>,
    /// What GIFT cannot hold: a warning at each question that loses something.
    pub losses: Vec<Diagnostic>,
    /// The module's files, for snippets.
    pub files: Vec<SourceFile>,
}

/// Export the questions of the module in `dir` as GIFT. Fails only when
/// `dir` is not a module folder or cannot be read.
pub fn export_gift(dir: &Path) -> Result<GiftExport, DriverError> {
    if !dir.exists() {
        return Err(DriverError::NotFound(dir.to_path_buf(), coursepack_source::nearest_name(dir)));
    }
    if !dir.join(coursepack_source::MODULE_FILE).is_file() {
        return Err(DriverError::NotAModule(dir.to_path_buf()));
    }
    let (module, mut problems) = coursepack_source::load_module(dir)
        .map_err(|e| DriverError::io(format!("cannot read {}", dir.display()), e))?;
    let Some(module) = module else {
        let files = coursepack_source::manifest_text(dir, coursepack_source::MODULE_FILE).into_iter().collect();
        return Ok(GiftExport { text: None, problems, losses: Vec::new(), files });
    };
    let mut files = vec![module.manifest_file.clone()];
    files.extend(module.pages.iter().map(|p| p.file.clone()));
    let (compiled, compile_problems) = coursepack_compile::compile_module(&module);
    problems.extend(compile_problems);
    if crate::fails(&problems, false) {
        return Ok(GiftExport { text: None, problems, losses: Vec::new(), files });
    }
    let (text, losses) = coursepack_quiz::export::export_gift(&compiled.quiz);
    Ok(GiftExport { text: Some(text), problems, losses, files })
}
