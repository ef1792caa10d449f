//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! Every content error carries a [`Span`] into a file registered in the [`SourceMap`].
//! Stages push into a [`Diagnostics`] sink and keep going, so one build reports every
//! problem at once; the command decides at the end whether anything may be written.
//! Positions are computed in one place ([`SourceMap::line_col`]): 1-based lines, and
//! 1-based columns counted in characters, not bytes.

mod render;

pub use render::{render_plain, render_terminal};

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start, end: end.max(start) }
    }
    /// A span shifted by `offset` bytes (e.g. from front-matter to file coordinates).
    pub fn shifted(self, offset: usize) -> Self {
        Span::new(self.file, self.start + offset, self.end + offset)
    }
}

/// One source file: its path as shown to people and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators.
    pub name: String,
    pub path: PathBuf,
    pub text: Arc<str>,
    line_starts: Arc<[usize]>,
    /// Set while the text is taken out to be freed (see [`SourceMap::take_text`]): the
    /// hash of the text, to know the file read again for a diagnostic as the same.
    taken: Option<u64>,
    /// Registered without its text, which the stage that needs it reads (see
    /// [`SourceMap::deferring`]).
    unread: bool,
}

/// What a text taken out of the source map is known by (see [`SourceMap::mark_taken`]).
pub fn taken_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Byte offsets where the lines of `text` start.
fn line_starts(text: &str) -> Arc<[usize]> {
    std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect()
}

/// Every file a build read, so that diagnostics can be shown with their context.
#[derive(Debug, Default)]
pub struct SourceMap {
    /// Shared between the loads of live preview: a reload copies the list, not the files.
    files: Vec<Arc<SourceFile>>,
    /// Texts of the previous load, for live preview (see [`ReadCache`]).
    reuse: Option<ReadCache>,
    /// What this load read, to be reused by the next one.
    read: ReadCache,
    /// Documents are registered unread (see [`SourceMap::deferring`]).
    defer: bool,
}

/// Texts read from disk, kept between loads by live preview: a file whose size and
/// modification time have not changed is not read again, and keeps the same shared
/// text, so that later stages can tell it is unchanged by pointer.
#[derive(Debug, Default)]
pub struct ReadCache {
    entries: std::collections::HashMap<PathBuf, (std::time::SystemTime, u64, Arc<str>, Arc<[usize]>)>,
}

impl SourceMap {
    /// A source map whose reads may reuse the texts of a previous load.
    pub fn reusing(cache: ReadCache) -> SourceMap {
        SourceMap { reuse: Some(cache), ..SourceMap::default() }
    }

    /// A source map in which load registers documents without reading them: a one-shot
    /// build reads each on the thread that parses it and frees it there, so that a large
    /// site's sources (206 MB at 5,000 synthetic declarations) are never all in memory,
    /// nor left as holes among the documents made from them.
    pub fn deferring() -> SourceMap {
        SourceMap { defer: true, ..SourceMap::default() }
    }

    /// Whether documents are to be registered unread (see [`SourceMap::deferring`]).
    pub fn defers_reads(&self) -> bool {
        self.defer
    }

    /// Registers a file without reading it (see [`SourceMap::deferring`]): its text is
    /// empty until [`SourceMap::put_text`], or known by its hash after
    /// [`SourceMap::mark_taken`].
    pub fn add_unread(&mut self, name: String, path: PathBuf) -> FileId {
        self.files.push(Arc::new(SourceFile {
            name,
            path,
            text: Arc::from(""),
            line_starts: Arc::from([0usize]),
            taken: None,
            unread: true,
        }));
        FileId(self.files.len() - 1)
    }

    /// Whether file `id` was registered unread and has not been given its text since.
    pub fn is_unread(&self, id: FileId) -> bool {
        self.files[id.0].unread
    }

    /// Records that file `id`, registered unread, was read (and its text hashed to
    /// `hash`) and freed: like [`SourceMap::take_text`], it can be read again for a
    /// diagnostic with [`SourceMap::restore_text`].
    pub fn mark_taken(&mut self, id: FileId, hash: u64) {
        let f = Arc::make_mut(&mut self.files[id.0]);
        f.unread = false;
        f.taken = Some(hash);
    }

    /// Whether every file is read from disk (no texts of a previous load to reuse).
    pub fn reads_anew(&self) -> bool {
        self.reuse.is_none()
    }

    /// What this load read (for [`SourceMap::reusing`] next time).
    pub fn take_reads(&mut self) -> ReadCache {
        std::mem::take(&mut self.read)
    }

    pub fn add(&mut self, name: String, path: PathBuf, text: String) -> FileId {
        let line_starts = line_starts(&text);
        self.files.push(Arc::new(SourceFile { name, path, text: Arc::from(text), line_starts, taken: None, unread: false }));
        FileId(self.files.len() - 1)
    }

    /// Adds a file read from disk with size `len` and modification time `modified`,
    /// reading it with `read` only if the previous load did not see it like this.
    pub fn add_read<E>(
        &mut self,
        name: String,
        path: PathBuf,
        modified: Option<std::time::SystemTime>,
        len: u64,
        read: impl FnOnce() -> Result<String, E>,
    ) -> Result<FileId, E> {
        let hit = modified.and_then(|m| {
            self.reuse
                .as_ref()?
                .entries
                .get(&path)
                .filter(|(t, l, _, _)| *t == m && *l == len)
                .map(|(_, _, text, ls)| (text.clone(), ls.clone()))
        });
        let id = match hit {
            Some((text, line_starts)) => {
                self.files.push(Arc::new(SourceFile { name, path: path.clone(), text, line_starts, taken: None, unread: false }));
                FileId(self.files.len() - 1)
            }
            None => self.add(name, path.clone(), read()?),
        };
        if let (Some(m), Some(_)) = (modified, &self.reuse) {
            let f = &self.files[id.0];
            self.read.entries.insert(path, (m, len, f.text.clone(), f.line_starts.clone()));
        }
        Ok(id)
    }

    /// The same files, without the read caches of a load (live preview keeps the
    /// sources of the last load and re-reads only what changed).
    pub fn files_only(&self) -> SourceMap {
        SourceMap { files: self.files.clone(), ..SourceMap::default() }
    }

    /// Gives file `id` a new text, read from disk with size `len` and modification
    /// time `modified`, and records it in `reads` for the next load.
    pub fn replace_read(&mut self, id: FileId, text: String, modified: std::time::SystemTime, len: u64, reads: &mut ReadCache) {
        let f = Arc::make_mut(&mut self.files[id.0]);
        f.line_starts = line_starts(&text);
        f.text = Arc::from(text);
        reads.entries.insert(f.path.clone(), (modified, len, f.text.clone(), f.line_starts.clone()));
    }

    /// The file registered under `name` (its path relative to the site root).
    pub fn find_name(&self, name: &str) -> Option<FileId> {
        self.files.iter().position(|f| f.name == name).map(FileId)
    }

    /// Frees the texts of the files, but those that `diags` point into (warnings of a
    /// build that goes on are shown at its end, with their lines), keeping names: for a
    /// build past the stages that report positions in files. A file a later diagnostic
    /// points into is read again (see [`SourceMap::restore_text`]).
    pub fn release_texts(&mut self, diags: &Diagnostics) {
        let keep: std::collections::HashSet<FileId> =
            diags.list.iter().flat_map(|d| d.span.iter().chain(d.related.iter().map(|(s, _)| s)).map(|s| s.file)).collect();
        for (i, f) in self.files.iter_mut().enumerate() {
            if !keep.contains(&FileId(i)) && !f.text.is_empty() {
                let f = Arc::make_mut(f);
                f.taken = Some(taken_hash(&f.text));
                f.text = Arc::from("");
                f.line_starts = Arc::from([0usize]);
            }
        }
    }

    /// Takes the text of file `id` out of the map, to be freed once it is parsed: a
    /// one-shot build does not hold its sources (200 MB at 5,000 synthetic declarations)
    /// while it makes its documents. Its lines stay known. [`SourceMap::put_text`] puts
    /// it back; [`SourceMap::restore_text`] puts back the file read again.
    pub fn take_text(&mut self, id: FileId) -> Arc<str> {
        let f = Arc::make_mut(&mut self.files[id.0]);
        f.taken = Some(taken_hash(&f.text));
        std::mem::replace(&mut f.text, Arc::from(""))
    }

    /// Gives file `id` back the text [`SourceMap::take_text`] took, or the text of a
    /// file registered unread.
    pub fn put_text(&mut self, id: FileId, text: Arc<str>) {
        let f = Arc::make_mut(&mut self.files[id.0]);
        f.line_starts = line_starts(&text);
        f.text = text;
        f.taken = None;
        f.unread = false;
    }

    /// The files whose text is taken out and that `diags` point into.
    pub fn taken_in(&self, diags: &Diagnostics) -> Vec<FileId> {
        let pointed: std::collections::BTreeSet<FileId> =
            diags.list.iter().flat_map(|d| d.span.iter().chain(d.related.iter().map(|(s, _)| s)).map(|s| s.file)).collect();
        pointed.into_iter().filter(|id| self.files[id.0].taken.is_some()).collect()
    }

    /// Gives file `id`, whose text was taken, the text read again from its file, if it
    /// is the same text (the file may have been edited since: then positions in it show
    /// as its first line). Returns whether it was.
    pub fn restore_text(&mut self, id: FileId, text: String) -> bool {
        let same = self.files[id.0].taken == Some(taken_hash(&text));
        if same {
            self.put_text(id, Arc::from(text));
        }
        same
    }

    /// The shared text of a file: the same allocation as last load if it is unchanged.
    pub fn shared_text(&self, id: FileId) -> &Arc<str> {
        &self.files[id.0].text
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    pub fn text(&self, id: FileId) -> &str {
        &self.files[id.0].text
    }

    pub fn name(&self, id: FileId) -> &str {
        &self.files[id.0].name
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path).map(FileId)
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i), &**f))
    }

    /// The byte range of line `index` (0-based), its line ending included.
    pub fn line_range(&self, id: FileId, index: usize) -> Option<std::ops::Range<usize>> {
        let file = &self.files[id.0];
        let start = *file.line_starts.get(index)?;
        Some(start..file.line_starts.get(index + 1).copied().unwrap_or(file.text.len()))
    }

    /// 1-based line and column (in characters) of a byte offset. Offsets past the end
    /// or inside a multi-byte character are clamped to the nearest character boundary.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let file = &self.files[id.0];
        let mut offset = offset.min(file.text.len());
        while !file.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = file.line_starts.partition_point(|&s| s <= offset) - 1;
        let line_start = file.line_starts[line];
        let mut col = file.text[line_start..offset].chars().count() + 1;
        // A byte-order mark is invisible to editors: do not count it.
        if line == 0 && file.text.starts_with('\u{feff}') && offset > 0 {
            col -= 1;
        }
        // Windows line endings: `\r` is part of the line ending, not a column.
        (line + 1, col)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, for a person to fix.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    /// Short text under the caret.
    pub label: Option<String>,
    /// Other places that matter (e.g. the first definition of a duplicated id).
    pub related: Vec<(Span, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, message: message.into(), span: None, label: None, related: Vec::new(), help: None }
    }
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn related(mut self, span: Span, what: impl Into<String>) -> Self {
        self.related.push((span, what.into()));
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn maybe_help(self, help: Option<String>) -> Self {
        match help {
            Some(h) => self.help(h),
            None => self,
        }
    }
}

/// The sink every stage reports into.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }
    /// Whether an error points into `file`.
    pub fn has_errors_in(&self, file: FileId) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error && d.span.is_some_and(|s| s.file == file))
    }
    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Error).count()
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    /// How many there are, of any severity.
    pub fn len(&self) -> usize {
        self.list.len()
    }
    /// Diagnostics in a stable order: by file, then position, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.list.iter().collect();
        v.sort_by(|a, b| {
            let key = |d: &Diagnostic| d.span.map(|s| (s.file.0, s.start)).unwrap_or((usize::MAX, 0));
            key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
        });
        v
    }
}

/// "did you mean `energy`?" for a misspelt id, from an edit distance.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    // Among equally near ones, the one with the same letters (two swapped: `@ue` is
    // `@eu`, not `@be`), then the one that begins as the word does (`@nor`: `@no`, not
    // `@nmr`), then the one nearest in length.
    let letters = |w: &str| {
        let mut v: Vec<char> = w.chars().collect();
        v.sort_unstable();
        v
    };
    let own = letters(wrong);
    let shared = |c: &str| wrong.chars().zip(c.chars()).take_while(|(a, b)| a == b).count();
    let best = candidates
        .into_iter()
        .map(|c| {
            let d = strsim::damerau_levenshtein(wrong, c);
            (d, letters(c) != own, std::cmp::Reverse(shared(c)), wrong.len().abs_diff(c.len()), c)
        })
        .filter(|(d, _, _, _, c)| *d <= (wrong.len().max(c.len()) / 3).max(1))
        .min();
    best.map(|(_, _, _, _, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> (SourceMap, FileId) {
        let mut m = SourceMap::default();
        let id = m.add("a.md".into(), "a.md".into(), text.into());
        (m, id)
    }

    #[test]
    fn suggestions_prefer_the_same_beginning() {
        assert_eq!(did_you_mean("nor", ["nmr", "no", "se"]).as_deref(), Some("no"));
        assert_eq!(did_you_mean("enrgy", ["energy", "enemy"]).as_deref(), Some("energy"));
        assert_eq!(did_you_mean("xyz", ["energy"]), None);
        // Two letters swapped before one changed.
        assert_eq!(did_you_mean("ue", ["be", "eu", "uk"]).as_deref(), Some("eu"));
    }

    #[test]
    fn line_col_is_one_based_and_counts_characters() {
        let (m, f) = map("ab\nçé{x}\n");
        assert_eq!(m.line_col(f, 0), (1, 1));
        assert_eq!(m.line_col(f, 2), (1, 3));
        assert_eq!(m.line_col(f, 3), (2, 1));
        // `{` comes after two two-byte characters: byte 7, column 3.
        assert_eq!(m.line_col(f, 7), (2, 3));
        assert_eq!(m.line_col(f, 999), (3, 1));
    }

    #[test]
    fn a_taken_text_comes_back_only_as_it_was() {
        let (mut m, f) = map("ab\nçé{x}\n");
        let text = m.take_text(f);
        assert_eq!(&*text, "ab\nçé{x}\n");
        assert_eq!(m.text(f), "");
        let d = Diagnostics { list: vec![Diagnostic::error("x").at(Span::new(f, 7, 8))] };
        assert_eq!(m.taken_in(&d), [f]);
        // The file was edited since: its lines are not those of the positions.
        assert!(!m.restore_text(f, "ab\nçé{y}\n".to_string()));
        assert_eq!(m.text(f), "");
        assert!(m.restore_text(f, "ab\nçé{x}\n".to_string()));
        assert_eq!(m.line_col(f, 7), (2, 3));
        assert!(m.taken_in(&d).is_empty());
        m.take_text(f);
        m.put_text(f, text);
        assert!(m.taken_in(&d).is_empty() && m.text(f).len() == 11);
    }

    #[test]
    fn line_col_with_crlf_and_bom() {
        let (m, f) = map("\u{feff}ab\r\ncd");
        assert_eq!(m.line_col(f, 3), (1, 1));
        assert_eq!(m.line_col(f, 4), (1, 2));
        assert_eq!(m.line_col(f, 8), (2, 2));
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("enrgy", ["energy", "trade"]), Some("energy".into()));
        assert_eq!(did_you_mean("xyz", ["energy", "trade"]), None);
    }
}
