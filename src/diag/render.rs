//! Showing diagnostics to people: a rich terminal form (source line, caret, help) via
//! `codespan-reporting`, and a plain one-line-per-diagnostic form
//! (`file:line:col: error: message`) for logs, tests and the preview overlay.

use super::{Diagnostic, FileId, Severity, SourceMap};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use std::ops::Range;

impl<'a> Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(SourceMap::name(self, id))
    }
    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(self.text(id))
    }
    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.line_col(id, byte_index).0 - 1)
    }
    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let text = self.text(id);
        let starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge { given: line_index, max: starts.len() - 1 })?;
        let end = starts.get(line_index + 1).copied().unwrap_or(text.len());
        Ok(start..end)
    }
    fn column_number(&'a self, id: FileId, _line: usize, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.line_col(id, byte_index).1)
    }
}

fn to_codespan(d: &Diagnostic) -> cs::Diagnostic<FileId> {
    let mut out = match d.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    }
    .with_message(&d.message);
    let mut labels = Vec::new();
    if let Some(span) = d.span {
        labels.push(cs::Label::primary(span.file, span.start..span.end).with_message(d.label.clone().unwrap_or_default()));
    }
    for (span, what) in &d.related {
        labels.push(cs::Label::secondary(span.file, span.start..span.end).with_message(what));
    }
    out = out.with_labels(labels);
    if let Some(help) = &d.help {
        out = out.with_notes(vec![format!("help: {help}")]);
    }
    out
}

/// The rich form, with the offending source line and a caret under the problem.
pub fn render_terminal(map: &SourceMap, diags: &[&Diagnostic], color: bool) -> String {
    let config = term::Config::default();
    let mut out = String::new();
    for d in diags {
        let cs = to_codespan(d);
        if color {
            let mut buf = term::termcolor::Buffer::ansi();
            let _ = term::emit_to_write_style(&mut buf, &config, map, &cs);
            out.push_str(&String::from_utf8_lossy(buf.as_slice()));
        } else {
            let _ = term::emit_to_string(&mut out, &config, map, &cs);
        }
    }
    out
}

/// `file:line:col: error: message` and an indented `help:` line; stable, for tests,
/// logs and the live-preview overlay.
pub fn render_plain(map: &SourceMap, d: &Diagnostic) -> String {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut s = match d.span {
        Some(span) => {
            let (line, col) = map.line_col(span.file, span.start);
            format!("{}:{}:{}: {}: {}", map.name(span.file), line, col, sev, d.message)
        }
        None => format!("{sev}: {}", d.message),
    };
    for (span, what) in &d.related {
        let (line, col) = map.line_col(span.file, span.start);
        s.push_str(&format!("\n  {}:{}:{}: {}", map.name(span.file), line, col, what));
    }
    if let Some(help) = &d.help {
        s.push_str(&format!("\n  help: {help}"));
    }
    s
}
