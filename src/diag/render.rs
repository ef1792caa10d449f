//! Showing diagnostics to people: a rich terminal form (source line, caret, help) via
//! `codespan-reporting`, and a plain one-line-per-diagnostic form
//! (`file:line:col: error: message`) for logs, tests and the preview overlay.

use super::{Diagnostic, FileId, Severity, SourceMap};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use std::ops::Range;

/// Lines longer than this many characters (a paragraph written on one line) are shown
/// as a window around what is labelled on them, not whole.
const WIDE: usize = 120;
/// Characters shown before and after the labelled part of a long line.
const CONTEXT: usize = 40;

/// The source map as codespan reads it for one diagnostic, whose labelled spans narrow
/// the long lines it shows. Line and column numbers stay those of the whole file.
struct Excerpts<'a> {
    map: &'a SourceMap,
    labelled: Vec<(FileId, Range<usize>)>,
}

impl<'a> Excerpts<'a> {
    /// The part of `line` (a byte range of `text`) to show: the whole line if it is short,
    /// else the labelled part with [`CONTEXT`] characters around it (the line's start if
    /// nothing on it is labelled).
    fn window(&self, id: FileId, text: &str, line: Range<usize>) -> Range<usize> {
        let body = line.start..line.end - text[line.clone()].len() + text[line.clone()].trim_end_matches(['\n', '\r']).len();
        if text[body.clone()].chars().count() <= WIDE {
            return line;
        }
        let on_line = self.labelled.iter().filter(|(f, r)| *f == id && r.start <= body.end && r.end >= body.start);
        let (lo, hi) = on_line.fold((usize::MAX, 0), |(lo, hi), (_, r)| (lo.min(r.start.max(body.start)), hi.max(r.end.min(body.end))));
        let (lo, hi) = if lo > hi { (body.start, body.start) } else { (lo, hi) };
        let before = text[body.start..lo].char_indices().rev().nth(CONTEXT - 1).map_or(body.start, |(i, _)| body.start + i);
        let after = text[hi..body.end].char_indices().nth(CONTEXT).map_or(body.end, |(i, _)| hi + i);
        before..after.max(before.min(body.end))
    }
}

impl<'a> Files<'a> for Excerpts<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(self.map.name(id))
    }
    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(self.map.text(id))
    }
    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.map.line_col(id, byte_index).0 - 1)
    }
    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let line = self.map.line_range(id, line_index).ok_or(FilesError::LineTooLarge { given: line_index, max: 0 })?;
        Ok(self.window(id, self.map.text(id), line))
    }
    fn column_number(&'a self, id: FileId, _line: usize, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.map.line_col(id, byte_index).1)
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
        let files = Excerpts { map, labelled: cs.labels.iter().map(|l| (l.file_id, l.range.clone())).collect() };
        if color {
            let mut buf = term::termcolor::Buffer::ansi();
            let _ = term::emit_to_write_style(&mut buf, &config, &files, &cs);
            out.push_str(&String::from_utf8_lossy(buf.as_slice()));
        } else {
            let _ = term::emit_to_string(&mut out, &config, &files, &cs);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

    fn shown(text: &str, start: usize, end: usize) -> String {
        let mut map = SourceMap::default();
        let f = map.add("a.md".into(), "a.md".into(), text.into());
        let d = Diagnostic::error("unknown theme").at(Span::new(f, start, end));
        render_terminal(&map, &[&d], false)
    }

    #[test]
    fn a_long_line_is_shown_around_the_problem_with_its_true_position() {
        let before = "één woord ".repeat(60);
        let text = format!("# Titel\n{before}{{§p7 #enrgy}} en verder {}\nvolgende regel\n", "nog meer ".repeat(40));
        let start = text.find("#enrgy").unwrap();
        let out = shown(&text, start, start + 6);
        let line = out.lines().find(|l| l.starts_with("2 │")).expect("the source line");
        assert!(line.contains("{§p7 #enrgy}"), "{out}");
        assert!(line.chars().count() < 2 * CONTEXT + 20, "{out}");
        // The header gives the column in the whole line, the caret sits under the theme.
        assert!(out.contains(&format!("a.md:2:{}", before.chars().count() + 6)), "{out}");
        let caret = out.lines().find(|l| l.contains('^')).unwrap();
        let column = |l: &str, i: usize| l[..i].chars().count();
        assert_eq!(column(caret, caret.find('^').unwrap()), column(line, line.find("#enrgy").unwrap()), "{out}");
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let text = "intro {§1 #enrgy} slot\n";
        let out = shown(text, 10, 16);
        assert!(out.contains("1 │ intro {§1 #enrgy} slot"), "{out}");
    }
}
