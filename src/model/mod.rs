//! The data that flows between stages: plain structs and id newtypes, no behaviour
//! beyond small accessors. Relations are kept in `BTreeMap`s keyed by ids, which also
//! makes every iteration, and so the output, deterministic.

use crate::diag::{FileId, Span};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident($inner:ty)) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub $inner);
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.into())
            }
        }
    };
}

id_type!(
    /// A site language code such as `nl` or `en`.
    Lang(String)
);
/// The language of a language code without its region or script: `nl` for `nl-be`,
/// `zh` for `zh-hant` (a Belgian site's Dutch has Dutch interface strings, names,
/// plural rules and stemming).
pub fn primary_language(code: &str) -> &str {
    code.split('-').next().unwrap_or(code)
}

id_type!(
    /// A declaration's or a page's slug: the file name without language suffix.
    Slug(String)
);
id_type!(
    /// A block's stable id within a declaration: `4`, `2.c`, `p7`.
    BlockId(String)
);
/// The text of a theme or party id, shared with the equal ids made before on this
/// thread: a site names its few themes and parties in millions of annotations (7 a block
/// in the synthetic corpus), each of which would otherwise hold a `String` of its own.
fn interned(s: &str) -> std::sync::Arc<str> {
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashSet<std::sync::Arc<str>>> = Default::default();
    }
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if let Some(shared) = seen.get(s) {
            return shared.clone();
        }
        let shared: std::sync::Arc<str> = s.into();
        seen.insert(shared.clone());
        shared
    })
}

id_type!(
    /// A theme id from themes.yaml.
    ThemeId(std::sync::Arc<str>)
);
id_type!(
    /// A party id from parties.yaml.
    PartyId(std::sync::Arc<str>)
);

impl ThemeId {
    /// The id `s`, its text shared (see [`interned`]).
    pub fn interned(s: &str) -> Self {
        ThemeId(interned(s))
    }
}

impl PartyId {
    /// The id `s`, its text shared (see [`interned`]).
    pub fn interned(s: &str) -> Self {
        PartyId(interned(s))
    }
}

/// Text in each site language.
pub type Localized = BTreeMap<Lang, String>;

/// A calendar date, validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting impossible days such as 2021-02-30.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year: i32 = s[0..4].parse().ok()?;
        let month: u8 = s[5..7].parse().ok()?;
        let day: u8 = s[8..10].parse().ok()?;
        (1..=Date::days_in_month(year, month)?).contains(&day).then_some(Date { year, month, day })
    }

    /// How many days `month` (1–12) of `year` has; `None` for no such month.
    pub fn days_in_month(year: i32, month: u8) -> Option<u8> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        Some(match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Clone, Debug)]
pub struct Theme {
    pub id: ThemeId,
    pub label: Localized,
    pub parent: Option<ThemeId>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Party {
    pub id: PartyId,
    pub name: Localized,
    pub kind: String,
    pub part_of: Option<PartyId>,
    pub span: Span,
}

/// Themes and parties, as declared in themes.yaml and parties.yaml.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub themes: BTreeMap<ThemeId, Theme>,
    pub parties: BTreeMap<PartyId, Party>,
}

impl Registry {
    /// The theme and its ancestors, nearest first. Stops on a cycle.
    pub fn theme_ancestors<'a>(&'a self, id: &'a ThemeId) -> Vec<&'a ThemeId> {
        let mut out = vec![id];
        let mut cur = id;
        while let Some(parent) = self.themes.get(cur).and_then(|t| t.parent.as_ref()) {
            if out.contains(&parent) {
                break;
            }
            out.push(parent);
            cur = parent;
        }
        out
    }

    /// Every theme in tree order (depth first, siblings by id) with its depth, 0 for a
    /// theme without a (known) parent. A hierarchy may be as deep as editors make it.
    pub fn theme_tree(&self) -> Vec<(&Theme, usize)> {
        self.theme_tree_by(|t| t.id.to_string())
    }

    /// [`Registry::theme_tree`] with siblings in the order of `key` (a label as readers
    /// sort it, say), then by id.
    pub fn theme_tree_by<K: Ord>(&self, key: impl Fn(&Theme) -> K) -> Vec<(&Theme, usize)> {
        let mut children: BTreeMap<&ThemeId, Vec<&Theme>> = BTreeMap::new();
        let mut roots = Vec::new();
        for t in self.themes.values() {
            match t.parent.as_ref().filter(|p| self.themes.contains_key(*p)) {
                Some(p) => children.entry(p).or_default().push(t),
                None => roots.push(t),
            }
        }
        let order = |list: &mut Vec<&Theme>| list.sort_by_cached_key(|t| (key(t), t.id.clone()));
        order(&mut roots);
        children.values_mut().for_each(order);
        let mut out = Vec::with_capacity(self.themes.len());
        let mut stack: Vec<(&Theme, usize)> = roots.into_iter().rev().map(|t| (t, 0)).collect();
        while let Some((t, depth)) = stack.pop() {
            // A cycle (an error reported at load) is never entered: its themes have
            // parents, so none of them is a root.
            out.push((t, depth));
            if let Some(kids) = children.get(&t.id) {
                stack.extend(kids.iter().rev().map(|c| (*c, depth + 1)));
            }
        }
        out
    }
}

/// Site configuration from site.yaml.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    pub title: Localized,
    pub description: Localized,
    /// Always ends with `/`.
    pub base_url: String,
    /// The first is the default language.
    pub languages: Vec<Lang>,
    pub theme: String,
    /// Extra or overridden interface strings, per language.
    pub strings: BTreeMap<Lang, BTreeMap<String, String>>,
    /// Links end in `/` (for a web server) instead of `/index.html` (works everywhere,
    /// also from a folder opened with `file://`).
    pub pretty_urls: bool,
    /// Who publishes the site (archival snapshots record it as Source-Organization).
    pub organization: Option<String>,
    /// A stable identifier of the collection (External-Identifier of snapshots).
    pub identifier: Option<String>,
    /// The licence of the texts and open data, shown on the data page and given in
    /// the JSON and JSON-LD.
    pub license: Option<License>,
    /// `root: choose`: the site's root is a page to choose a language on (and the home
    /// pages' `x-default`), not a redirect to the first language.
    pub root_chooser: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct License {
    pub name: String,
    pub url: String,
}

impl SiteConfig {
    pub fn default_lang(&self) -> &Lang {
        &self.languages[0]
    }
}

/// What kind of Markdown element a block is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    ListItem,
    Table,
    Code,
}

/// A cross-reference as written, before link resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnresolvedRef {
    pub slug: Slug,
    pub block: Option<BlockId>,
    pub span: Span,
}

/// A link or image of a text to a file of the site by a relative path (`../x/`,
/// `map.png`), as written: checked against the built site (see
/// [`crate::linkcheck::content_links`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalLink {
    pub dest: String,
    pub span: Span,
}

/// One alignable unit of a declaration in one language.
#[derive(Clone, Debug)]
pub struct Block {
    pub id: BlockId,
    pub kind: BlockKind,
    /// Nesting depth in lists and block quotes (0 at top level).
    pub depth: u8,
    /// The block's own content as HTML, annotation removed, with cross-reference holes
    /// (see [`crate::parse::hole`]) that rendering fills in per reader language: a
    /// range of its document's body HTML (see [`Block::html_in`]).
    pub html: std::ops::Range<usize>,
    /// Plain text, for excerpts and search: a range of its document's texts (see
    /// [`Block::text_in`] and [`ParsedDoc::texts`]).
    pub text: std::ops::Range<u32>,
    /// Annotated themes and parties, each with the byte offset in its file where it was
    /// written (`#id`, `@id`; see [`Block::tag_span`]): 24 bytes a tag, not 40 with a
    /// whole span (2 million tags at 5,000 synthetic declarations).
    pub themes: Vec<(ThemeId, u32)>,
    pub parties: Vec<(PartyId, u32)>,
    /// Where the block starts in its file.
    pub span: Span,
    /// Whether the id was written by the editor (`§4`) or derived.
    pub explicit_id: bool,
}

impl Block {
    /// Where the tag `id` (a theme's or party's) at byte `at` of the block's file was
    /// written: its sigil and id.
    pub fn tag_span(&self, at: u32, id: &str) -> Span {
        Span::new(self.span.file, at as usize, at as usize + 1 + id.len())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signatory {
    /// The name as written, or with a name per language the first in language order
    /// (link makes it the original's).
    pub name: String,
    /// The name per language (`name: { ar: …, fr: … }`); empty for one name in all.
    pub names: BTreeMap<Lang, String>,
    pub role: Option<String>,
    pub party: Option<PartyId>,
    /// Where the party is written (the name's span when it cannot be found).
    pub party_span: Option<crate::diag::Span>,
}

/// Front matter of one file, as written (every field optional at this stage).
#[derive(Clone, Debug, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<(Date, Span)>,
    pub kind: Option<(String, Span)>,
    pub parties: Option<(Vec<(PartyId, Span)>, Span)>,
    pub place: Option<String>,
    pub original: Option<(Lang, Span)>,
    pub translation: Option<(String, Span)>,
    pub signatories: Option<(Vec<(Signatory, Span)>, Span)>,
    pub source: Option<String>,
    pub publisher: Option<String>,
    pub themes: Vec<(ThemeId, Span)>,
    /// Editor's notes, rendered from Markdown, with cross-reference holes.
    pub notes: Vec<String>,
    pub summary: Option<String>,
    /// A `date:` was written (even if it was not a valid date).
    pub date_written: bool,
}

impl Block {
    /// The block's own content as HTML, in `body`, its document's body HTML.
    pub fn html_in<'b>(&self, body: &'b str) -> &'b str {
        &body[self.html.clone()]
    }

    /// The block's plain text, in `texts`, its document's texts unpacked (see
    /// [`ParsedDoc::texts`]).
    pub fn text_in<'t>(&self, texts: &'t str) -> &'t str {
        &texts[self.text.start as usize..self.text.end as usize]
    }
}

/// Bytes held LZ4-compressed, for what is large, held long and read seldom: the body
/// HTML and block texts of every document until the site is written ([`PackedText`]), the files live preview
/// serves (`session::Files`). A 60 KB page packs and unpacks in well under a millisecond.
/// LZ4 is deterministic: equal packed bytes are equal bytes, compared without unpacking.
#[derive(Clone, PartialEq, Eq)]
pub struct Packed(std::sync::Arc<[u8]>);

impl Packed {
    pub fn new(bytes: &[u8]) -> Packed {
        Packed(lz4_flex::compress_prepend_size(bytes).into())
    }

    /// The bytes.
    pub fn unpack(&self) -> Vec<u8> {
        lz4_flex::decompress_size_prepended(&self.0).expect("made by Packed::new")
    }

    /// The bytes held in memory.
    pub fn packed_len(&self) -> usize {
        self.0.len()
    }
}

impl fmt::Debug for Packed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Packed({} bytes)", self.0.len())
    }
}

/// Text held packed (see [`Packed`]): each document's body HTML and its blocks' plain
/// texts ([`ParsedDoc::body`], [`ParsedDoc::texts`]), held for every document until the
/// site is written (at 5,000 synthetic declarations 191 MB of HTML and 179 MB of text,
/// 81 and 76 MB packed) and read a document at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackedText(Packed);

impl PackedText {
    pub fn new(text: &str) -> PackedText {
        PackedText(Packed::new(text.as_bytes()))
    }

    /// The text, unpacked. Not checked again as UTF-8: that took 5% of a rebuild's
    /// CPU (a build unpacks about 2 GB at 5,000 declarations).
    pub fn unpack(&self) -> String {
        let bytes = self.0.unpack();
        debug_assert!(std::str::from_utf8(&bytes).is_ok());
        // SAFETY: packed from a `str` by `PackedText::new`, and unpacking gives back the
        // very bytes packed (the packed bytes are never changed: `Packed` has no `&mut`).
        unsafe { String::from_utf8_unchecked(bytes) }
    }

    /// [`PackedText::unpack`], shared with the last [`SHARED_TEXTS`] texts asked on this
    /// thread: for a listing that shows an excerpt of a few blocks of each of many
    /// documents, and whose neighbours show the same documents (theme and party pages).
    pub fn shared(&self) -> std::rc::Rc<str> {
        thread_local! {
            static RECENT: std::cell::RefCell<std::collections::VecDeque<(Packed, std::rc::Rc<str>)>> = Default::default();
        }
        RECENT.with(|recent| {
            let mut recent = recent.borrow_mut();
            // Known by the packed bytes' allocation, which the entry keeps alive, so that
            // no other text can be at the same address meanwhile.
            if let Some(i) = recent.iter().position(|(p, _)| std::sync::Arc::ptr_eq(&p.0, &self.0.0)) {
                let entry = recent.remove(i).expect("found");
                let text = entry.1.clone();
                recent.push_front(entry);
                return text;
            }
            let text: std::rc::Rc<str> = self.unpack().into();
            if recent.len() == SHARED_TEXTS {
                recent.pop_back();
            }
            recent.push_front((self.0.clone(), text.clone()));
            text
        })
    }

    /// The bytes held.
    pub fn packed_len(&self) -> usize {
        self.0.packed_len()
    }
}

/// How many texts [`PackedText::shared`] keeps unpacked per thread.
pub const SHARED_TEXTS: usize = 64;

/// A footnote of a document: its anchor (`fn-1`), number as shown and plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Footnote {
    pub id: String,
    pub n: usize,
    pub text: String,
}

/// A parsed document, shared: live preview keeps unchanged documents between
/// rebuilds without copying them.
pub type Doc = std::sync::Arc<ParsedDoc>;

/// One Markdown file after parsing: a declaration or a free page in one language.
#[derive(Clone, Debug)]
pub struct ParsedDoc {
    pub file: FileId,
    pub slug: Slug,
    pub lang: Lang,
    pub front: FrontMatter,
    pub blocks: Vec<Block>,
    /// Footnotes in the order of their numbers, as plain text (for open data).
    pub footnotes: Vec<Footnote>,
    /// The plain texts of the blocks, one after the other (see [`Block::text_in`]).
    pub texts: PackedText,
    /// The whole body as HTML, with block-meta and cross-reference holes. Shared: `link`
    /// copies a document to fill in the titles of its references, never its body.
    /// The body as HTML, with holes for what link and render fill in; each block's
    /// `html` is a range of it.
    pub body: PackedText,
    /// Cross-references, indexed by the numbers in the holes.
    pub refs: Vec<UnresolvedRef>,
    /// Links and images by relative path, to check once the site is built.
    pub local_links: Vec<LocalLink>,
    /// Whether the body contains highlighted code (the page then links the syntax CSS).
    pub has_code: bool,
    /// A hash of the file's text: equal hashes, equal documents (live preview compares
    /// sites with it instead of comparing every field).
    pub source_hash: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_texts_are_each_documents_own() {
        let texts: Vec<PackedText> = (0..SHARED_TEXTS + 5).map(|i| PackedText::new(&format!("tekst {i}"))).collect();
        for _ in 0..2 {
            for (i, t) in texts.iter().enumerate() {
                assert_eq!(&*t.shared(), format!("tekst {i}"));
            }
        }
        // Texts dropped and others made: never the texts of the gone document.
        let gone = PackedText::new("weg");
        assert_eq!(&*gone.shared(), "weg");
        drop(gone);
        for i in 0..10 {
            let t = PackedText::new(&format!("nieuw {i}"));
            assert_eq!(&*t.shared(), format!("nieuw {i}"));
        }
    }

    fn registry(themes: &[(&str, Option<&str>)]) -> Registry {
        let mut r = Registry::default();
        for (id, parent) in themes {
            let t = Theme {
                id: ThemeId::from(*id),
                label: Localized::new(),
                parent: parent.map(ThemeId::from),
                span: Span::new(crate::diag::FileId(0), 0, 0),
            };
            r.themes.insert(t.id.clone(), t);
        }
        r
    }

    #[test]
    fn the_theme_tree_has_every_level_in_order() {
        let r = registry(&[
            ("research", None),
            ("digital", Some("research")),
            ("ai", Some("digital")),
            ("green", None),
            ("energy", Some("green")),
            ("hydrogen", Some("energy")),
            ("offshore-hydrogen", Some("hydrogen")),
            ("water", Some("green")),
            ("orphan", Some("missing")),
            ("loop-a", Some("loop-b")),
            ("loop-b", Some("loop-a")),
        ]);
        let tree: Vec<(&str, usize)> = r.theme_tree().into_iter().map(|(t, d)| (t.id.as_str(), d)).collect();
        assert_eq!(
            tree,
            [
                ("green", 0),
                ("energy", 1),
                ("hydrogen", 2),
                ("offshore-hydrogen", 3),
                ("water", 1),
                ("orphan", 0),
                ("research", 0),
                ("digital", 1),
                ("ai", 2)
            ]
        );
    }
}
