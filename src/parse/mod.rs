//! Parse: one file → one [`ParsedDoc`]. Pure and independent per file, so files are
//! parsed in parallel (and, in live preview, cached by content).
//!
//! The Markdown is turned into HTML here, once; what depends on other files (the URL
//! and title of a cross-referenced declaration, the labels of a block's themes) is left
//! as *holes*, small private-use markers that `render` fills in for each page. So
//! parsing never needs the rest of the site, and rendering never re-parses Markdown.

pub mod annotation;
pub mod body;
pub mod front;
pub mod highlight;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::DocFile;
use crate::model::ParsedDoc;
pub use body::Mode;

/// What a hole stands for; the number indexes the document's blocks or references.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hole {
    /// The id attribute of block n.
    Id(usize),
    /// The meta of block n: permalink, themes, parties.
    Meta(usize),
    /// The URL of reference n.
    Href(usize),
    /// The default link text of reference n (`[[slug§4]]` shows the target's title).
    RefText(usize),
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

pub fn hole(h: Hole) -> String {
    let (k, n) = match h {
        Hole::Id(n) => ('i', n),
        Hole::Meta(n) => ('m', n),
        Hole::Href(n) => ('h', n),
        Hole::RefText(n) => ('t', n),
    };
    format!("{OPEN}{k}{n}{CLOSE}")
}

/// Replaces every hole in `html` by what `f` writes for it.
pub fn fill(html: &str, mut f: impl FnMut(Hole, &mut String)) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    let mut rest = html;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len_utf8()..];
        let Some(j) = after.find(CLOSE) else {
            out.push_str(&rest[i..]);
            return out;
        };
        let inner = &after[..j];
        let n: usize = inner[1..].parse().unwrap_or(0);
        let h = match inner.as_bytes().first() {
            Some(b'i') => Hole::Id(n),
            Some(b'm') => Hole::Meta(n),
            Some(b'h') => Hole::Href(n),
            _ => Hole::RefText(n),
        };
        f(h, &mut out);
        rest = &after[j + CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    push_escaped(&mut out, s);
    out
}

/// Appends `s` to `out` with `&<>"'` escaped: the text between special characters
/// is copied in one piece.
pub fn push_escaped(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

pub fn escape_attr(s: &str) -> String {
    escape_html(s)
}

/// Parses one declaration or page file. Problems go to `diags`; the document is
/// returned whenever its front matter could be read, so that its references can still
/// be checked and other files do not report it as missing.
pub fn parse(text: &str, doc: &DocFile, mode: Mode, diags: &mut Diagnostics) -> Option<ParsedDoc> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    let split = match front::split(text, doc.file) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let front = front::read(&split, doc.file, &mut errors);
    let body = body::parse(&text[split.body_start..], split.body_start, doc.file, mode, doc.lang.as_str(), &mut errors);
    let Some((mut fm, notes)) = front else {
        for e in errors {
            diags.push(e);
        }
        return None;
    };
    let mut refs = body.refs;
    let mut local_links = body.local_links;
    for (note, at) in notes {
        let mut note_errors = Vec::new();
        let nb = body::parse(&note, at, doc.file, Mode::Plain, doc.lang.as_str(), &mut note_errors);
        errors.extend(note_errors);
        // Renumber the note's reference holes after the body's.
        let shift = refs.len();
        let html = fill(&nb.html, |h, out| {
            out.push_str(&hole(match h {
                Hole::Href(n) => Hole::Href(n + shift),
                Hole::RefText(n) => Hole::RefText(n + shift),
                other => other,
            }))
        });
        refs.extend(nb.refs);
        local_links.extend(nb.local_links);
        fm.notes.push(html);
    }
    // French spacing in what the front matter says in the text's language, as in its body.
    if body::is_french(doc.lang.as_str()) {
        for field in [&mut fm.title, &mut fm.summary, &mut fm.place] {
            if let Some(text) = field.as_mut() {
                *text = body::french_spaced(text);
            }
        }
    }
    if fm.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        errors.push(
            Diagnostic::error("missing `title`")
                .at(crate::diag::Span::new(doc.file, split.yaml_start, split.yaml_start))
                .help("every file needs a `title:` in its own language"),
        );
    }
    for e in errors {
        diags.push(e);
    }
    Some(ParsedDoc {
        file: doc.file,
        slug: doc.slug.clone(),
        lang: doc.lang.clone(),
        front: fm,
        blocks: body.blocks,
        footnotes: body.footnotes,
        body: crate::model::PackedText::new(&body.html),
        texts: crate::model::PackedText::new(&body.texts),
        refs,
        local_links,
        has_code: body.has_code,
        source_hash: crate::text_hash(text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#), "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
        assert_eq!(escape_html("België – “quotes” ok"), "België – “quotes” ok");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn holes_round_trip() {
        let html = format!("<p id=\"{}\">x{}</p>", hole(Hole::Id(3)), hole(Hole::Meta(12)));
        let filled = fill(&html, |h, out| out.push_str(&format!("{h:?}")));
        assert_eq!(filled, "<p id=\"Id(3)\">xMeta(12)</p>");
    }
}
