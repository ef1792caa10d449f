//! The body of a Markdown file → HTML with holes, blocks and cross-references.
//!
//! One pass over pulldown-cmark's offset iterator. Blocks (headings, paragraphs, list
//! items, tables, code) are opened and closed as their events go by; when a block's own
//! content ends, its trailing brace group is cut out of the events and parsed as its
//! annotation. Any other unescaped `{` in text is an error. Raw HTML is escaped, links
//! to other declarations become cross-reference holes, code is highlighted.
//!
//! Never: look at other files, or decide URLs (holes leave that to `render`).

use super::annotation::{self, is_block_id};
use super::{Hole, highlight, hole};
use crate::diag::{Diagnostic, FileId, Span};
use crate::model::{Block, BlockId, BlockKind, LocalLink, Slug, UnresolvedRef};
use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;

/// What a Markdown text is, which decides whether it has blocks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// A declaration: every paragraph, item and heading is a block with an id.
    Declaration,
    /// A free page or an editor's note: plain Markdown, cross-references allowed.
    Plain,
}

/// Deepest nesting of lists and block quotes accepted.
pub const MAX_NESTING: usize = 64;

pub struct Body {
    pub html: String,
    pub blocks: Vec<Block>,
    /// The plain texts of the blocks, one after the other (see [`Block::text_in`]).
    pub texts: String,
    pub footnotes: Vec<crate::model::Footnote>,
    pub refs: Vec<UnresolvedRef>,
    pub local_links: Vec<LocalLink>,
    pub has_code: bool,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_WIKILINKS
}

/// A block being built.
struct Open {
    kind: BlockKind,
    /// Index in `out` where its own content starts.
    content_start: usize,
    /// Byte offset (in `src`) where the block starts.
    raw_start: usize,
    /// Set once its own content has ended (for items: at a nested list).
    closed: bool,
    number: Option<u64>,
    parent: Option<usize>,
    /// Index into `blocks` once registered.
    index: usize,
}

struct Walker<'s> {
    src: &'s str,
    file: FileId,
    /// Offset of `src` in the file.
    base: usize,
    mode: Mode,
    /// French text: a space typed before `:` `;` `!` `?` `»` or after `«` does not break.
    french: bool,
    out: Vec<Event<'s>>,
    ranges: Vec<Option<Range<usize>>>,
    blocks: Vec<Block>,
    /// Candidate ids: (id, explicit).
    ids: Vec<(String, bool)>,
    /// Where each explicit id (`§4`) is written, by block index: errors point at it.
    id_spans: BTreeMap<usize, Span>,
    /// Per block: range of `out` holding its own content.
    content: Vec<Range<usize>>,
    open: Vec<Open>,
    lists: Vec<Option<u64>>,
    refs: Vec<UnresolvedRef>,
    local_links: Vec<LocalLink>,
    braces: Vec<usize>,
    errors: Vec<Diagnostic>,
    in_code: Option<(String, String)>,
    /// The column alignments of the table being read, the column of the next cell and
    /// whether it is in the head: alignments are written as classes (`align-right`),
    /// not as the inline styles pulldown-cmark writes, which a strict
    /// Content-Security-Policy blocks.
    table: (Vec<Alignment>, usize, bool),
    /// Where the cells of the table being read end, as far as read: a row's cells beyond
    /// the head's columns are dropped by the parser, an annotation among them too.
    table_cells_end: usize,
    wiki_text_skip: bool,
    depth: usize,
    has_code: bool,
    /// The text of each code block (by block index): its code, not its highlighted HTML.
    code_texts: BTreeMap<usize, String>,
    footnotes: BTreeMap<String, usize>,
    /// Footnote definitions read so far; the one being read starts at `out[.0]`.
    footnote_texts: Vec<crate::model::Footnote>,
    footnote_open: Vec<usize>,
}

/// `lang`: the text's language (French spaces before `:`, `;`, `!`, `?`, `»` and after
/// `«` are made no-break ones, so that a colon never starts a line).
pub fn parse(src: &str, base: usize, file: FileId, mode: Mode, lang: &str, errors: &mut Vec<Diagnostic>) -> Body {
    let mut w = Walker {
        src,
        file,
        base,
        mode,
        french: is_french(lang),
        out: Vec::new(),
        ranges: Vec::new(),
        blocks: Vec::new(),
        ids: Vec::new(),
        id_spans: BTreeMap::new(),
        content: Vec::new(),
        open: Vec::new(),
        lists: Vec::new(),
        refs: Vec::new(),
        local_links: Vec::new(),
        braces: Vec::new(),
        errors: Vec::new(),
        in_code: None,
        table: (Vec::new(), 0, false),
        table_cells_end: 0,
        wiki_text_skip: false,
        depth: 0,
        has_code: false,
        code_texts: BTreeMap::new(),
        footnotes: BTreeMap::new(),
        footnote_texts: Vec::new(),
        footnote_open: Vec::new(),
    };
    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        let at = range.start;
        w.event(event, range);
        if w.depth > MAX_NESTING {
            w.errors.push(
                Diagnostic::error(format!("lists or block quotes are nested more than {MAX_NESTING} levels deep"))
                    .at(w.span(at))
                    .help("flatten the structure: deeper nesting cannot be read by people or shown on a page"),
            );
            break;
        }
    }
    w.finish(errors)
}

impl<'s> Walker<'s> {
    fn span(&self, at: usize) -> Span {
        Span::new(self.file, self.base + at, self.base + at + 1)
    }

    fn push(&mut self, e: Event<'s>, r: Option<Range<usize>>) {
        self.out.push(e);
        self.ranges.push(r);
    }

    fn html(&mut self, s: String) {
        self.push(Event::Html(CowStr::from(s)), None);
    }

    fn in_open_item_content(&self) -> bool {
        self.open.last().is_some_and(|o| o.kind == BlockKind::ListItem && !o.closed)
    }

    /// Opens a block; its opening tag (with an id hole) is pushed by the caller.
    fn open_block(&mut self, kind: BlockKind, raw_start: usize, number: Option<u64>) -> usize {
        let index = self.blocks.len();
        let parent = self.open.iter().rev().find(|o| o.kind == BlockKind::ListItem).map(|o| o.index);
        self.blocks.push(Block {
            id: BlockId(String::new()),
            kind,
            depth: self.open.len() as u8,
            html: 0..0,
            text: 0..0,
            themes: Vec::new(),
            parties: Vec::new(),
            span: Span::new(self.file, self.base + raw_start, self.base + raw_start),
            explicit_id: false,
        });
        self.ids.push((String::new(), false));
        self.content.push(0..0);
        self.open.push(Open { kind, content_start: self.out.len() + 1, raw_start, closed: false, number, parent, index });
        index
    }

    /// Text as published: the private-use characters diptych marks its holes with made
    /// U+FFFD, and in French the spaces before `:` `;` `!` `?` `»` and after `«` no-break.
    fn text<'t>(&self, text: CowStr<'t>) -> CowStr<'t> {
        let text =
            if text.contains(['\u{E000}', '\u{E001}']) { CowStr::from(text.replace(['\u{E000}', '\u{E001}'], "\u{FFFD}")) } else { text };
        if self.french { french_spaces(text) } else { text }
    }

    /// `[^label]` left as text in `range` of the source: a footnote reference without a
    /// definition, or a definition the parser did not take for one (`[^2] :`, with the
    /// space a French editor types before a colon). Either would be published as it is
    /// written, and a definition so written runs into the footnote above it.
    fn unread_footnotes(&mut self, range: Range<usize>) {
        let src = self.src;
        for (i, _) in src[range.clone()].match_indices('[') {
            let at = range.start + i;
            let Some(rest) = src[at..].strip_prefix("[^") else { continue };
            let Some(len) = rest.find(']').filter(|&n| n > 0 && !rest[..n].contains(char::is_whitespace)) else { continue };
            if at > 0 && src.as_bytes()[at - 1] == b'\\' {
                continue;
            }
            let label = &rest[..len];
            let written = &src[at..at + 3 + len];
            let after = &rest[len + 1..];
            let line_start = src[..at].rfind('\n').map_or(0, |n| n + 1);
            let at_line_start = src[line_start..at].chars().all(|c| c == ' ') && at - line_start < 4;
            let span = Span::new(self.file, self.base + at, self.base + at + written.len());
            // `]`, spaces of any kind, then `:`.
            let colon_after_space = |rest: &str| rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']).starts_with(':');
            if at_line_start && colon_after_space(after) {
                self.errors.push(
                    Diagnostic::error(format!("`{written}` is not read as a footnote: its `:` must follow the `]` at once")).at(span).help(
                        format!("write `{written}:` (without the space); as it is, it is printed as text and runs into the footnote above"),
                    ),
                );
                continue;
            }
            let defined: Vec<&str> =
                src.lines().filter_map(|l| l.trim_start_matches(' ').strip_prefix("[^")?.split_once("]:").map(|(l, _)| l)).collect();
            // Its text written with a space before the colon (reported there too).
            let spaced = src.lines().any(|l| l.trim_start_matches(' ').strip_prefix(written).is_some_and(colon_after_space));
            // A number is most likely a note not written yet, not a slip for another one.
            let near =
                (!label.chars().all(|c| c.is_ascii_digit())).then(|| crate::diag::did_you_mean(label, defined.iter().copied())).flatten();
            let help = match near {
                _ if spaced => {
                    format!("its text is written `{written} :` below, which is not read as a footnote: remove the space before the colon")
                }
                Some(near) => format!("did you mean `[^{near}]`? Or add its text at the end, on a line of its own: `{written}: …`"),
                None => format!("add its text at the end, on a line of its own: `{written}: …`, or remove the reference"),
            };
            self.errors.push(Diagnostic::error(format!("footnote `{written}` has no text")).at(span).help(help));
        }
    }

    /// An annotation written at the end of a table's last row (`| 180 | 220 | {§5 #energy}`)
    /// is a cell beyond the head's columns, which the parser drops without a word: an
    /// error at it, with the way that works.
    fn dropped_table_annotation(&mut self, table: Range<usize>) {
        let text = &self.src[table.clone()];
        let last = text.trim_end().rsplit('\n').next().unwrap_or("");
        let row = last.trim_end().trim_end_matches('|').trim_end();
        let Some(open) = row.rfind('{') else { return };
        let group = &row[open..];
        let looks = group.ends_with('}') && group[1..].trim_start().starts_with(['§', '#', '@']);
        let at = table.start + text.trim_end().len() - last.len() + open;
        if !looks || at < self.table_cells_end {
            return;
        }
        self.errors.push(
            Diagnostic::error("annotation at the end of a table's last row is lost")
                .at(Span::new(self.file, self.base + at, self.base + at + group.len()))
                .label("a cell beyond the table's columns, which the table drops")
                .help(format!(
                    "a table's annotation is a paragraph of its own right after it: end the row at its last cell and write `{group}` on a line of its own, after a blank line"
                )),
        );
    }

    fn event(&mut self, event: Event<'s>, range: Range<usize>) {
        let decl = self.mode == Mode::Declaration;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if decl {
                    let i = self.open_block(BlockKind::Heading(level as u8), range.start, None);
                    self.html(format!("<{level} id=\"{}\">", hole(Hole::Id(i))));
                } else {
                    self.html(format!("<{level}>"));
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                if decl {
                    // The heading's meta goes after it, outside its accessible name.
                    let index = self.open.last().map(|o| o.index);
                    self.close_own_content_with(false);
                    self.push(Event::End(TagEnd::Heading(level)), None);
                    if let Some(i) = index {
                        self.html(hole(Hole::Meta(i)));
                    }
                    self.finish_block();
                } else {
                    self.push(Event::End(TagEnd::Heading(level)), None);
                }
            }
            Event::Start(Tag::Paragraph) => {
                let in_footnote = self.footnote_depth() > 0;
                if decl && !self.in_open_item_content() && !in_footnote {
                    let i = self.open_block(BlockKind::Paragraph, range.start, None);
                    self.html(format!("<p id=\"{}\">", hole(Hole::Id(i))));
                } else {
                    self.push(Event::Start(Tag::Paragraph), Some(range));
                }
            }
            Event::End(TagEnd::Paragraph) => {
                let is_block = self.open.last().is_some_and(|o| o.kind == BlockKind::Paragraph && !o.closed);
                if decl && is_block {
                    self.close_own_content();
                    if self.annotates_the_table_before() {
                        return;
                    }
                    if self.annotation_alone() {
                        let text = &self.src[range.clone()];
                        let start = range.start + (text.len() - text.trim_start().len());
                        self.errors.push(
                            Diagnostic::warning("an annotation alone in a paragraph makes an empty block")
                                .at(Span::new(self.file, self.base + start, self.base + range.start + text.trim_end().len()))
                                .label("this paragraph holds nothing but its annotation")
                                .help("to annotate the paragraph above, end its last line with the annotation, with no blank line between them"),
                        );
                    }
                    self.push(Event::End(TagEnd::Paragraph), None);
                    self.finish_block();
                } else {
                    self.push(Event::End(TagEnd::Paragraph), None);
                }
            }
            Event::Start(Tag::List(start)) => {
                self.depth += 1;
                if decl && self.in_open_item_content() {
                    self.close_own_content();
                }
                self.lists.push(start);
                self.push(Event::Start(Tag::List(start)), Some(range));
            }
            Event::End(TagEnd::List(ordered)) => {
                self.depth -= 1;
                self.lists.pop();
                self.push(Event::End(TagEnd::List(ordered)), None);
            }
            Event::Start(Tag::Item) => {
                // An ordered item's number is the one written (CommonMark numbers items
                // from the list's start): `6.` then `8.`, where a translation lacks
                // paragraph 7, are items 6 and 8, shown and identified as such.
                let written = self.src.get(range.clone()).and_then(|t| {
                    let digits = t.trim_start().bytes().take_while(u8::is_ascii_digit).count();
                    t.trim_start()[..digits].parse::<u64>().ok()
                });
                let mut renumbered = false;
                let number = self.lists.last_mut().and_then(|n| {
                    let mut cur = n.as_ref().copied()?;
                    // Only forward: `1.` on every item (a common way to write a list)
                    // still counts 1, 2, 3.
                    if let Some(w) = written.filter(|w| *w > cur) {
                        cur = w;
                        renumbered = true;
                    }
                    *n = Some(cur + 1);
                    Some(cur)
                });
                let value = match number {
                    Some(v) if renumbered => format!(" value=\"{v}\""),
                    _ => String::new(),
                };
                if decl && self.footnote_depth() == 0 {
                    let i = self.open_block(BlockKind::ListItem, range.start, number);
                    self.html(format!("<li{value} id=\"{}\">", hole(Hole::Id(i))));
                } else if renumbered {
                    self.html(format!("<li{value}>"));
                } else {
                    self.push(Event::Start(Tag::Item), Some(range));
                }
            }
            Event::End(TagEnd::Item) => {
                let is_block = self.open.last().is_some_and(|o| o.kind == BlockKind::ListItem);
                if decl && is_block {
                    if !self.open.last().is_some_and(|o| o.closed) {
                        self.close_own_content();
                    }
                    self.push(Event::End(TagEnd::Item), None);
                    self.finish_block();
                } else {
                    self.push(Event::End(TagEnd::Item), None);
                }
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                self.depth += 1;
                if decl && self.in_open_item_content() {
                    self.close_own_content();
                }
                self.push(Event::Start(Tag::BlockQuote(kind)), Some(range));
            }
            Event::End(TagEnd::BlockQuote(kind)) => {
                self.depth -= 1;
                self.push(Event::End(TagEnd::BlockQuote(kind)), None);
            }
            Event::Start(Tag::Table(al)) => {
                if decl && !self.in_open_item_content() {
                    let i = self.open_block(BlockKind::Table, range.start, None);
                    self.html(format!("<div class=\"blk-table\" id=\"{}\">", hole(Hole::Id(i))));
                }
                let plain = vec![Alignment::None; al.len()];
                self.table = (al, 0, false);
                self.push(Event::Start(Tag::Table(plain)), Some(range));
            }
            Event::Start(Tag::TableHead) => {
                self.table.1 = 0;
                self.table.2 = true;
                self.push(Event::Start(Tag::TableHead), Some(range));
            }
            Event::End(TagEnd::TableHead) => {
                self.table.2 = false;
                self.push(Event::End(TagEnd::TableHead), None);
            }
            Event::Start(Tag::TableRow) => {
                self.table.1 = 0;
                self.push(Event::Start(Tag::TableRow), Some(range));
            }
            Event::Start(Tag::TableCell) => {
                self.table_cells_end = self.table_cells_end.max(range.end);
                let class = match self.table.0.get(self.table.1) {
                    Some(Alignment::Left) => "left",
                    Some(Alignment::Center) => "center",
                    Some(Alignment::Right) => "right",
                    _ => "",
                };
                self.table.1 += 1;
                if class.is_empty() {
                    self.push(Event::Start(Tag::TableCell), Some(range));
                } else {
                    // The writer closes the cell as it opened it (`</th>` in the head).
                    let tag = if self.table.2 { "th" } else { "td" };
                    self.html(format!("<{tag} class=\"align-{class}\">"));
                }
            }
            Event::End(TagEnd::Table) => {
                self.dropped_table_annotation(range.clone());
                self.table_cells_end = 0;
                self.push(Event::End(TagEnd::Table), None);
                if decl && self.open.last().is_some_and(|o| o.kind == BlockKind::Table) {
                    self.close_own_content();
                    self.html("</div>".into());
                    self.finish_block();
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                if decl && !self.in_open_item_content() {
                    let i = self.open_block(BlockKind::Code, range.start, None);
                    self.html(format!("<div class=\"blk-code\" id=\"{}\">", hole(Hole::Id(i))));
                }
                self.in_code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, code)) = self.in_code.take() {
                    self.has_code = true;
                    let html = highlight::code_block(&lang, &code);
                    self.push(Event::Html(CowStr::from(html)), None);
                    // Keep the code's words in the block's text (search, excerpts).
                    self.push(Event::Text(CowStr::from(String::new())), None);
                    if let Some(b) = self.open.last()
                        && b.kind == BlockKind::Code
                    {
                        self.code_texts.insert(b.index, code);
                    }
                }
                if decl && self.open.last().is_some_and(|o| o.kind == BlockKind::Code) {
                    self.close_own_content();
                    self.html("</div>".into());
                    self.finish_block();
                }
            }
            Event::Text(text) => {
                if let Some((_, code)) = self.in_code.as_mut() {
                    code.push_str(&text);
                    return;
                }
                if self.wiki_text_skip {
                    return;
                }
                // Unescaped braces, for the annotation check.
                let raw = &self.src[range.clone()];
                for (i, _) in raw.match_indices('{') {
                    let at = range.start + i;
                    if at == 0 || self.src.as_bytes()[at - 1] != b'\\' {
                        self.braces.push(range.start + i);
                    }
                }
                // An annotation typed with a Chinese or Japanese input method, in
                // full-width braces, would be published as text and its tags lost.
                for (i, _) in raw.match_indices('｛') {
                    let rest = &raw[i + '｛'.len_utf8()..];
                    let after = rest.trim_start_matches([' ', '\u{3000}']);
                    if let (true, Some(close)) = (after.starts_with(['§', '#', '@', '＃', '＠']), after.find('｝')) {
                        let end = raw.len() - after.len() + close + '｝'.len_utf8();
                        let written = &raw[i..end];
                        let ascii: String = written
                            .chars()
                            .map(|c| match c {
                                '｛' => '{',
                                '｝' => '}',
                                '＃' => '#',
                                '＠' => '@',
                                '\u{3000}' => ' ',
                                c => c,
                            })
                            .collect();
                        self.errors.push(
                            Diagnostic::error("an annotation in full-width braces `｛…｝` is not read as one")
                                .at(Span::new(self.file, self.base + range.start + i, self.base + range.start + end))
                                .help(format!("write it with ASCII braces and signs: `{ascii}`")),
                        );
                    }
                }
                self.unread_footnotes(range.clone());
                let text = self.text(text);
                self.push(Event::Text(text), Some(range));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                // Raw HTML is shown as text: content never carries live markup.
                self.push(Event::Text(raw), Some(range));
            }
            Event::Start(Tag::HtmlBlock) => {
                if decl && !self.in_open_item_content() {
                    let i = self.open_block(BlockKind::Paragraph, range.start, None);
                    self.html(format!("<p id=\"{}\">", hole(Hole::Id(i))));
                } else {
                    self.html("<p>".into());
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if decl && self.open.last().is_some_and(|o| o.kind == BlockKind::Paragraph && !o.closed) {
                    self.close_own_content();
                    self.push(Event::End(TagEnd::Paragraph), None);
                    self.finish_block();
                } else {
                    self.push(Event::End(TagEnd::Paragraph), None);
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => match parse_xref(&dest_url, link_type) {
                Some(Ok((slug, block))) => {
                    let n = self.refs.len();
                    self.refs.push(UnresolvedRef {
                        slug,
                        block,
                        span: Span::new(self.file, self.base + range.start, self.base + range.end),
                    });
                    self.html(format!("<a class=\"xref\" href=\"{}\">", hole(Hole::Href(n))));
                    if link_type == (LinkType::WikiLink { has_pothole: false }) {
                        self.html(hole(Hole::RefText(n)));
                        self.wiki_text_skip = true;
                    }
                }
                Some(Err(msg)) => {
                    self.errors.push(Diagnostic::error(msg).at(Span::new(self.file, self.base + range.start, self.base + range.end)).help(
                        "write `[[slug]]` or `[[slug§4]]` with a declaration's slug (its file name without language) and a block id",
                    ));
                    self.push(Event::Start(Tag::Link { link_type, dest_url: "#".into(), title, id }), Some(range));
                }
                None => {
                    let dest = if url_allowed(&dest_url) {
                        self.note_local(&dest_url, range.clone());
                        dest_url
                    } else {
                        self.errors.push(
                            Diagnostic::error(format!("link to `{dest_url}` is not allowed"))
                                .at(Span::new(self.file, self.base + range.start, self.base + range.end))
                                .help("links may be http(s), mailto, relative paths or `#anchors`"),
                        );
                        "#".into()
                    };
                    if link_type == LinkType::Autolink && dest.starts_with("http") {
                        // `<https://…>`: its text is its address, which print does not
                        // repeat after it (class "url"). Written as pulldown-cmark writes a link.
                        let mut a = String::new();
                        pulldown_cmark::html::push_html(
                            &mut a,
                            std::iter::once(Event::Start(Tag::Link { link_type, dest_url: dest, title, id })),
                        );
                        self.html(a.replacen("<a ", "<a class=\"url\" ", 1));
                    } else {
                        self.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id }), Some(range));
                    }
                }
            },
            Event::End(TagEnd::Link) => {
                self.wiki_text_skip = false;
                self.push(Event::End(TagEnd::Link), None);
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let lower = dest_url.to_ascii_lowercase();
                let dest = if lower.contains(':') || lower.starts_with("//") {
                    self.errors.push(
                        Diagnostic::error(format!("image `{dest_url}` is not a file of the site"))
                            .at(Span::new(self.file, self.base + range.start, self.base + range.end))
                            .help("pages load nothing from other servers: put the image beside the declaration (a bundle folder) and link it by its file name"),
                    );
                    CowStr::from("#")
                } else {
                    self.note_local(&dest_url, range.clone());
                    dest_url
                };
                self.push(Event::Start(Tag::Image { link_type, dest_url: dest, title, id }), Some(range));
            }
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                let l = fn_label(&label);
                self.html(format!("<sup class=\"fn-ref\"><a href=\"#fn-{l}\" id=\"fnref-{l}\">{n}</a></sup>"));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.depth += 1;
                if decl && self.in_open_item_content() {
                    self.close_own_content();
                }
                let n = self.footnote_number(&label);
                let l = fn_label(&label);
                self.open.push(Open {
                    kind: BlockKind::Paragraph,
                    content_start: 0,
                    raw_start: range.start,
                    closed: true,
                    number: None,
                    parent: None,
                    index: usize::MAX,
                });
                self.html(format!("<div class=\"footnote\" id=\"fn-{l}\"><span class=\"fn-label\"><a href=\"#fnref-{l}\">{n}</a></span>"));
                self.footnote_open.push(self.out.len());
                self.footnote_texts.push(crate::model::Footnote { id: format!("fn-{l}"), n, text: String::new() });
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.depth -= 1;
                self.open.pop();
                if let Some(start) = self.footnote_open.pop() {
                    let text = plain_text(&self.out[start..]);
                    if let Some(f) = self.footnote_texts.last_mut() {
                        f.text = text;
                    }
                }
                self.push(Event::End(TagEnd::FootnoteDefinition), None);
            }
            other => self.push(other, Some(range)),
        }
    }

    fn footnote_depth(&self) -> usize {
        self.open.iter().filter(|o| o.index == usize::MAX).count()
    }

    /// Keeps a link or image by relative path, to be checked once the site is built.
    fn note_local(&mut self, dest: &str, range: Range<usize>) {
        if is_local(dest) {
            self.local_links.push(LocalLink {
                dest: dest.trim().to_string(),
                span: Span::new(self.file, self.base + range.start, self.base + range.end),
            });
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let n = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(n)
    }

    /// The current block's own content ends here: find and cut its annotation, record
    /// its content range, and leave a hole for its meta (permalink, themes, parties).
    fn close_own_content(&mut self) {
        self.close_own_content_with(true);
    }

    fn close_own_content_with(&mut self, meta_hole: bool) {
        let Some(open) = self.open.last_mut() else { return };
        if open.closed {
            return;
        }
        open.closed = true;
        let (index, content_start, raw_start, number, parent, kind) =
            (open.index, open.content_start, open.raw_start, open.number, open.parent, open.kind);
        // Braces written in this block: all but a trailing annotation are errors.
        let braces: Vec<usize> = self.braces.iter().copied().filter(|&b| b >= raw_start).collect();
        self.braces.retain(|&b| b < raw_start);
        // The insertion point: after the last inline event (before a closing `</p>`).
        let mut end = self.out.len();
        while end > content_start && matches!(self.out[end - 1], Event::End(TagEnd::Paragraph) | Event::SoftBreak | Event::HardBreak) {
            end -= 1;
        }
        let mut annotation_at = None;
        if kind != BlockKind::Table
            && kind != BlockKind::Code
            && let Some(&brace) = braces.last()
        {
            annotation_at = self.cut_annotation(brace, content_start, end);
        }
        let mut stray = Vec::new();
        for b in braces {
            if Some(b) != annotation_at {
                let error = Diagnostic::error("`{` in the text is not a valid annotation").at(Span::new(
                    self.file,
                    self.base + b,
                    self.base + b + 1,
                ));
                stray.push(if let Some(unclosed) = unclosed_annotation(self.src, b) {
                    // `{§p1 #europe @fr` and the paragraph ends: a `}` forgotten.
                    Diagnostic::error("annotation is not closed")
                        .at(Span::new(self.file, self.base + b, self.base + b + unclosed.len()))
                        .label("no `}` after this before the paragraph ends")
                        .help(format!("end it with `}}`: `{unclosed}}}`"))
                } else if kind == BlockKind::Table {
                    // In a cell, or a line right after the table (read as one more row).
                    error.label("annotation here is inside the table").help(
                        "a table's annotation is a paragraph of its own right after the table: put it on a line of its own, after a blank line",
                    )
                } else if kind == BlockKind::ListItem && ends_a_paragraph(self.src, b) {
                    // `9. Text. {§9}` and an indented paragraph (an image, say) after it:
                    // one list item, whose annotation stands at its very end.
                    error
                        .label("annotation here ends a paragraph, but its list item goes on after it")
                        .help("a list item's annotation stands at the end of the whole item: move it after the item's last paragraph")
                } else {
                    error
                        .label("annotation here is not at the end of a paragraph, list item or heading")
                        .help("an annotation stands at the very end of its block; to write a literal brace, escape it as `\\{`")
                });
            }
        }
        self.errors.extend(annotation::cap(stray));
        // Recompute the end: cutting may have removed events.
        let mut end = self.out.len();
        while end > content_start && matches!(self.out[end - 1], Event::End(TagEnd::Paragraph) | Event::SoftBreak | Event::HardBreak) {
            end -= 1;
        }
        let tail: Vec<_> = self.out.drain(end..).collect();
        let tail_ranges: Vec<_> = self.ranges.drain(end..).collect();
        self.content[index] = content_start.min(end)..end;
        if meta_hole {
            self.push(Event::Html(CowStr::from(hole(Hole::Meta(index)))), None);
        }
        self.out.extend(tail);
        self.ranges.extend(tail_ranges);
        // Candidate id if the editor gave none.
        if !self.ids[index].1 {
            let auto = match (kind, number) {
                (BlockKind::ListItem, Some(n)) => match parent {
                    Some(p) if !self.ids[p].0.is_empty() => format!("{}.{n}", self.ids[p].0),
                    _ => n.to_string(),
                },
                (BlockKind::Heading(_), _) => {
                    let text = plain_text(&self.out[content_start.min(end)..end]);
                    let s = crate::load::suggest_id(&text);
                    if s.is_empty() { format!("p{}", index + 1) } else { s }
                }
                _ => format!("p{}", index + 1),
            };
            self.ids[index] = (auto, false);
        }
    }

    /// Cuts the brace group starting at `brace` if it ends the block's text. Returns
    /// the brace's offset when it was an annotation (valid or not).
    fn cut_annotation(&mut self, brace: usize, content_start: usize, end: usize) -> Option<usize> {
        // Every event from the brace to the end must be plain text.
        let first = (content_start..end).rev().find(|&i| self.ranges[i].as_ref().is_some_and(|r| r.start <= brace && brace < r.end))?;
        if !(first..end).all(|i| matches!(self.out[i], Event::Text(_))) {
            return None;
        }
        let last_range = self.ranges[end - 1].clone()?;
        let raw_tail = &self.src[brace..last_range.end];
        let trimmed = raw_tail.trim_end();
        if !trimmed.ends_with('}') {
            return None;
        }
        let inner_start = brace + 1;
        let inner = &self.src[inner_start..brace + trimmed.len() - 1];
        let index = self.open.last().map(|o| o.index)?;
        if inner.contains(['{', '}']) {
            self.errors.push(
                Diagnostic::error("braces inside an annotation")
                    .at(Span::new(self.file, self.base + brace, self.base + brace + trimmed.len()))
                    .help("an annotation is one brace group `{§id #theme @party}`; escape literal braces as `\\{`"),
            );
        } else {
            match annotation::parse(inner, self.file, self.base + inner_start) {
                Ok(a) => {
                    if let Some((id, span)) = a.id {
                        self.ids[index] = (id.0.clone(), true);
                        self.id_spans.insert(index, span);
                        self.blocks[index].explicit_id = true;
                        self.blocks[index].id = id;
                    }
                    // Kept for the whole build, once per block: no spare capacity
                    // (collected from a slice, so not in the annotation's larger buffer).
                    self.blocks[index].themes = a.themes.iter().map(|(t, s)| (t.clone(), s.start as u32)).collect();
                    self.blocks[index].parties = a.parties.iter().map(|(p, s)| (p.clone(), s.start as u32)).collect();
                }
                Err(mut ds) => self.errors.append(&mut ds),
            }
        }
        // Remove the group from the events, and the whitespace before it; events after
        // `end` (a closing `</p>`) stay.
        for i in (first..end).rev() {
            let r = self.ranges[i].clone().unwrap_or(0..0);
            if r.start >= brace {
                self.out.remove(i);
                self.ranges.remove(i);
            } else {
                // From the source, made text as the text event handler makes it.
                let keep = self.src[r.start..brace].trim_end();
                self.out[i] = Event::Text(self.text(CowStr::from(keep.to_string())));
                self.ranges[i] = Some(r.start..r.start + keep.len());
            }
        }
        Some(brace)
    }

    fn finish_block(&mut self) {
        self.open.pop();
    }

    /// Whether the open paragraph (its content closed) is an annotation alone: an
    /// id or tags, and no text.
    fn annotation_alone(&self) -> bool {
        let Some(open) = self.open.last() else { return false };
        let i = open.index;
        let Some(block) = self.blocks.get(i) else { return false };
        let annotated = self.ids[i].1 || !block.themes.is_empty() || !block.parties.is_empty();
        annotated
            && (self.content[i].is_empty()
                || self.out[self.content[i].clone()].iter().all(|e| matches!(e, Event::Text(t) if t.trim().is_empty())))
    }

    /// A paragraph that is an annotation alone (`{§t1 #trade}`), right after a table or
    /// a code block (which cannot carry one: a table's last row would take it in) and
    /// at the same depth, annotates that block: its id and tags move there and the
    /// paragraph goes. Called with the paragraph open and its content closed.
    fn annotates_the_table_before(&mut self) -> bool {
        let Some(open) = self.open.last() else { return false };
        let (i, content_start) = (open.index, open.content_start);
        let (block, prev) = match (self.blocks.get(i), i.checked_sub(1).and_then(|p| self.blocks.get(p))) {
            (Some(b), Some(p)) => (b, p),
            _ => return false,
        };
        let bare = matches!(prev.kind, BlockKind::Table | BlockKind::Code)
            && prev.depth == block.depth
            && !self.ids[i - 1].1
            && prev.themes.is_empty()
            && prev.parties.is_empty()
            && self.open.iter().all(|o| o.index != i - 1);
        if !(bare && self.annotation_alone()) {
            return false;
        }
        let b = self.blocks.pop().expect("the paragraph");
        let (id, explicit) = self.ids.pop().expect("its id");
        self.content.pop();
        self.open.pop();
        let prev = &mut self.blocks[i - 1];
        prev.themes = b.themes;
        prev.parties = b.parties;
        if explicit {
            prev.id = b.id;
            prev.explicit_id = true;
            self.ids[i - 1] = (id, true);
            if let Some(span) = self.id_spans.remove(&i) {
                self.id_spans.insert(i - 1, span);
            }
        }
        // The paragraph's events: its opening tag (just before its content) onwards.
        let from = content_start.saturating_sub(1);
        self.out.truncate(from);
        self.ranges.truncate(from);
        true
    }

    fn finish(mut self, errors: &mut Vec<Diagnostic>) -> Body {
        // Final ids: explicit ones first; derived ones step aside when taken.
        let mut taken: BTreeMap<String, usize> = BTreeMap::new();
        for (i, (id, explicit)) in self.ids.iter().enumerate() {
            if !*explicit {
                continue;
            }
            if let Some(&first) = taken.get(id) {
                self.errors.push(
                    Diagnostic::error(format!("block id `§{id}` is used twice"))
                        .at(self.id_spans.get(&i).copied().unwrap_or(self.blocks[i].span))
                        .related(self.id_spans.get(&first).copied().unwrap_or(self.blocks[first].span), "first used here")
                        .help("every block of a declaration needs its own id: renumber one of them"),
                );
            } else {
                taken.insert(id.clone(), i);
            }
        }
        let explicit = taken.clone();
        for i in 0..self.ids.len() {
            if self.ids[i].1 {
                continue;
            }
            let base = self.ids[i].0.clone();
            // A block's own id (its number, `§4` for item 4) written on another block: the
            // links to it would silently move to the other one.
            if let Some(&other) = explicit.get(&base) {
                self.errors.push(
                    Diagnostic::error(format!("block id `§{base}` is already the id of another block"))
                        .at(self.id_spans.get(&other).copied().unwrap_or(self.blocks[other].span))
                        .related(self.blocks[i].span, "this block has that id by its number or position")
                        .help("give this block another id, or write an id on the other one (e.g. `{§5}` at its end)"),
                );
            }
            let mut id = base.clone();
            let mut n = 2;
            while taken.contains_key(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            taken.insert(id.clone(), i);
            self.blocks[i].id = BlockId(id);
        }
        debug_assert!(self.blocks.iter().all(|b| is_block_id(b.id.as_str())));
        let mut texts = String::new();
        for (i, range) in self.content.iter().enumerate() {
            let start = texts.len();
            match self.code_texts.remove(&i) {
                Some(code) => texts.push_str(&code),
                None if self.blocks[i].kind == BlockKind::Code => {}
                None => texts.push_str(&plain_text(&self.out[range.clone()])),
            }
            self.blocks[i].text = start as u32..texts.len() as u32;
        }
        // The body, rendered piece by piece so that each block's own content is a
        // range of it (stored once): the pieces between blocks, and each block's content,
        // in the order of the events (the content ranges are disjoint and ordered).
        let mut order: Vec<usize> = (0..self.content.len()).collect();
        order.sort_by_key(|&i| self.content[i].start);
        let mut html = String::with_capacity(self.src.len() + self.src.len() / 4);
        let mut done = 0;
        for i in order {
            let range = self.content[i].clone();
            pulldown_cmark::html::push_html(&mut html, self.out[done..range.start].iter().cloned());
            let start = html.len();
            pulldown_cmark::html::push_html(&mut html, self.out[range.clone()].iter().cloned());
            self.blocks[i].html = start..html.len();
            done = range.end;
        }
        pulldown_cmark::html::push_html(&mut html, self.out[done..].iter().cloned());
        html.shrink_to_fit();
        // Stray braces outside any block (footnotes, table cells in items…).
        for b in self.braces {
            if self.mode == Mode::Declaration {
                self.errors.push(
                    Diagnostic::error("`{` in the text is not a valid annotation")
                        .at(Span::new(self.file, self.base + b, self.base + b + 1))
                        .help("annotations stand at the end of a paragraph, list item or heading; escape a literal brace as `\\{`"),
                );
            }
        }
        errors.append(&mut self.errors);
        let mut footnotes = self.footnote_texts;
        footnotes.sort_by_key(|f| f.n);
        Body { html, blocks: self.blocks, texts, footnotes, refs: self.refs, local_links: self.local_links, has_code: self.has_code }
    }
}

fn fn_label(label: &str) -> String {
    crate::load::suggest_id(label)
}

/// Plain text of inline events, whitespace collapsed (one pass, no copy of the events' text).
fn plain_text(events: &[Event<'_>]) -> String {
    let bound = events.iter().map(|e| if let Event::Text(t) | Event::Code(t) | Event::Html(t) = e { t.len() } else { 1 }).sum();
    let mut s = String::with_capacity(bound);
    // A space is owed before the next word.
    let mut space = false;
    let mut push_words = |s: &mut String, text: &str| push_words(s, &mut space, text);
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => push_words(&mut s, t),
            // The default text of a cross-reference is the target's title, known only
            // after linking: keep its hole so `link` can fill it in.
            Event::Html(h) if h.starts_with('\u{E000}') && h.as_bytes().get(3) == Some(&b't') => push_words(&mut s, h),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::TableCell | TagEnd::TableRow | TagEnd::TableHead) => push_words(&mut s, " "),
            _ => {}
        }
    }
    // Held until the site is written: no slack.
    s.shrink_to_fit();
    s
}

/// Appends the words of `text` to `s` for [`plain_text`], one space between words
/// (`space`: one is owed before the next word). Whitespace is collapsed, but the
/// no-break spaces an editor chose (French `:` and `»`, Polish `r.`, a number and its
/// unit) are kept, as in titles. Soft hyphens (U+00AD, often left by text taken from
/// PDFs) are hints for the browser where to break a word: not part of the plain text.
/// Runs of word bytes are copied whole: this runs over every paragraph of a site, and
/// only a few lead bytes can begin a character that is not part of a word.
fn push_words(s: &mut String, space: &mut bool, text: &str) {
    fn flush(s: &mut String, space: &mut bool, run: &str) {
        if !run.is_empty() {
            if *space && !s.is_empty() {
                s.push(' ');
            }
            *space = false;
            s.push_str(run);
        }
    }
    let bytes = text.as_bytes();
    let (mut i, mut run) = (0, 0);
    while i < bytes.len() {
        let (len, breaks) = match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => (1, true),
            // The lead bytes of U+0085, U+00A0, U+00AD; U+1680; U+2000–U+205F; U+3000.
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = text[i..].chars().next().expect("a char starts here");
                match c {
                    '\u{AD}' => (c.len_utf8(), false),
                    '\u{A0}' | '\u{202F}' | '\u{2007}' => {
                        i += c.len_utf8();
                        continue;
                    }
                    c if c.is_whitespace() => (c.len_utf8(), true),
                    c => {
                        i += c.len_utf8();
                        continue;
                    }
                }
            }
            _ => {
                i += 1;
                continue;
            }
        };
        flush(s, space, &text[run..i]);
        *space |= breaks;
        i += len;
        run = i;
    }
    flush(s, space, &text[run..]);
}

/// The annotation that starts at the `{` at `at` in `src` and is never closed: what
/// follows it to the end of its line looks like one (`§`, `#` or `@` first) and the
/// paragraph ends before any `}`.
fn unclosed_annotation(src: &str, at: usize) -> Option<&str> {
    let rest = &src[at..];
    let paragraph = rest.find("\n\n").or_else(|| rest.find("\r\n\r\n")).map_or(rest, |end| &rest[..end]);
    if paragraph.contains('}') || !paragraph[1..].trim_start().starts_with(['§', '#', '@']) {
        return None;
    }
    Some(paragraph.lines().next().unwrap_or("").trim_end())
}

/// `slug`, `slug§4`: a cross-reference? `None` for an ordinary link.
fn parse_xref(dest: &str, link_type: LinkType) -> Option<Result<(Slug, Option<crate::model::BlockId>), String>> {
    let is_wiki = matches!(link_type, LinkType::WikiLink { .. });
    let (slug, block) = match dest.split_once('§') {
        Some((s, b)) => (s, Some(b)),
        None => (dest, None),
    };
    let plausible = crate::load::is_id(slug) && !slug.is_empty();
    if !is_wiki && block.is_none() && !plausible {
        return None;
    }
    if !is_wiki && block.is_none() && !slug.chars().any(|c| c.is_ascii_digit()) {
        // A bare word such as `about` is a relative link, not a declaration.
        return None;
    }
    if !plausible {
        // Spaces around the `§` or in the slug (`[[slug §2]]`): the reference without them.
        let compact: String = dest.chars().filter(|c| !c.is_whitespace()).collect();
        if compact != dest && matches!(parse_xref(&compact, link_type), Some(Ok(_))) {
            return Some(Err(format!("`{dest}` is not a valid cross-reference: write `{compact}`, without spaces")));
        }
        return Some(Err(format!("`{dest}` is not a valid cross-reference")));
    }
    match block {
        Some(b) if !is_block_id(b) => Some(Err(match super::annotation::ascii_block_id(b) {
            Some(ascii) => {
                format!("`§{b}` is not a valid block id in cross-reference `{dest}`: block ids are ASCII, write `{slug}§{ascii}`")
            }
            None => format!("`§{b}` is not a valid block id in cross-reference `{dest}`"),
        })),
        Some(b) => Some(Ok((Slug(slug.into()), Some(crate::model::BlockId(b.into()))))),
        None => Some(Ok((Slug(slug.into()), None))),
    }
}

/// Whether the brace group opening at `brace` in `src` closes its paragraph: only
/// spaces after its `}` on the line, then a blank line (or the end).
fn ends_a_paragraph(src: &str, brace: usize) -> bool {
    let Some(close) = src[brace..].find('}') else { return false };
    let mut lines = src[brace + close + 1..].split('\n');
    lines.next().is_some_and(|rest| rest.trim().is_empty()) && lines.next().is_none_or(|next| next.trim().is_empty())
}

/// Whether a link's address is a path relative to the page (or the site's root), which
/// the built site can be checked for: no scheme, not only an `#anchor`.
fn is_local(url: &str) -> bool {
    let url = url.trim();
    !url.is_empty() && !url.starts_with('#') && !url.starts_with("//") && !url.split(['/', '?', '#']).next().unwrap_or("").contains(':')
}

fn url_allowed(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => matches!(scheme, "http" | "https" | "mailto"),
        _ => true,
    }
}

/// Whether text in `lang` follows French spacing (see [`french_spaces`]).
pub(crate) fn is_french(lang: &str) -> bool {
    lang == "fr" || lang.starts_with("fr-")
}

/// [`french_spaces`] for a string of the front matter (a title, a summary, a place).
pub(crate) fn french_spaced(text: &str) -> String {
    french_spaces(CowStr::from(text)).to_string()
}

/// A space typed before `:` `;` `!` `?` `»` or after `«` in French text, made a no-break
/// space (U+00A0): French typography keeps these signs with their word, and a browser
/// would otherwise start a line with a lone colon. Only spaces typed are changed; none is
/// added (Canadian French puts none before `;` `!` `?`).
fn french_spaces(text: CowStr<'_>) -> CowStr<'_> {
    let b = text.as_bytes();
    let needs = |i: usize| b[i] == b' ' && (text[i + 1..].starts_with([':', ';', '!', '?', '»']) || text[..i].ends_with('«'));
    if !(0..b.len()).any(needs) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        out.push(if c == ' ' && needs(i) { '\u{a0}' } else { c });
    }
    CowStr::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (Body, Vec<Diagnostic>) {
        let mut errors = Vec::new();
        let body = parse(src, 0, FileId(0), Mode::Declaration, "nl", &mut errors);
        (body, errors)
    }

    #[test]
    fn french_spaces_before_colons_and_inside_guillemets_do_not_break() {
        let text = "Les ministres déclarent : « Nous agirons ! » Pourquoi ? Voir l’article 3; https://x.fr";
        let mut errors = Vec::new();
        let fr = parse(text, 0, FileId(0), Mode::Declaration, "fr-BE", &mut errors);
        let html = &fr.html;
        assert!(fr.texts.contains("déclarent\u{a0}:"), "the plain text too: {}", fr.texts);
        assert!(html.contains("déclarent\u{a0}: «\u{a0}Nous agirons\u{a0}!\u{a0}» Pourquoi\u{a0}?"), "{html}");
        // No space is added where none was typed, and a URL is left alone.
        assert!(html.contains("article 3; https://x.fr"), "{html}");
        // Other languages keep their spaces.
        let nl = parse(text, 0, FileId(0), Mode::Declaration, "nl", &mut errors);
        assert!(!nl.html.contains('\u{a0}'));
    }

    fn ids(b: &Body) -> Vec<&str> {
        b.blocks.iter().map(|b| b.id.as_str()).collect()
    }

    #[test]
    fn a_table_aligns_with_classes_and_its_text_keeps_the_cells_apart() {
        let (b, e) = run("| Year | Trade (£bn) |\n| --- | ---: |\n| 2021 | 71.2 |\n| 2022 | 85.8 |\n");
        assert!(e.is_empty(), "{e:?}");
        assert!(!b.html.contains("style="), "no inline style: {}", b.html);
        assert!(b.html.contains("<th>Year</th><th class=\"align-right\">Trade (£bn)</th>"), "{}", b.html);
        assert!(b.html.contains("<td>2022</td><td class=\"align-right\">85.8</td>"), "{}", b.html);
        assert_eq!(b.blocks[0].text_in(&b.texts), "Year Trade (£bn) 2021 71.2 2022 85.8");
    }

    #[test]
    fn an_annotation_alone_after_a_table_or_code_block_annotates_it() {
        let (b, e) = run("| A | B |\n| --- | --- |\n| 1 | 2 |\n\n{§t1 #trade @be}\n\n```\ncode\n```\n\n{§c1}\n\nNa. {§p}\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(ids(&b), ["t1", "c1", "p"]);
        assert_eq!(b.blocks[0].kind, BlockKind::Table);
        assert_eq!(b.blocks[0].themes[0].0.as_str(), "trade");
        assert_eq!(b.blocks[0].parties[0].0.as_str(), "be");
        assert_eq!(b.html.matches("<p id").count(), 1, "no empty paragraph left: {}", b.html);
        // After a paragraph it stays what it was: a block of its own.
        let (b, _) = run("Tekst. {§1}\n\n{§2}\n");
        assert_eq!(ids(&b), ["1", "2"]);
    }

    #[test]
    fn annotation_is_cut_and_parsed() {
        let (b, e) = run("4. Havens van wereldklasse. {§4 #maritime @uk @be}\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(ids(&b), ["4"]);
        assert_eq!(b.blocks[0].text_in(&b.texts), "Havens van wereldklasse.");
        assert_eq!(b.blocks[0].themes[0].0.as_str(), "maritime");
        assert!(!b.html.contains('§') && !b.html.contains("maritime"));
        assert!(b.html.contains("<ol start=\"4\">"));
    }

    #[test]
    fn an_ordered_item_is_the_number_written_not_its_place_in_the_list() {
        // A translation without paragraph 7: CommonMark would show `8.` as 7.
        let (b, e) = run("6. Zes.\n8. Acht.\n9. Negen.\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(ids(&b), ["6", "8", "9"]);
        assert!(b.html.contains("<ol start=\"6\">\n<li id=\""), "{}", b.html);
        assert_eq!(b.html.matches("<li value=\"8\" id=").count(), 1, "{}", b.html);
        assert!(!b.html.contains("value=\"9\""), "9 follows 8: no value needed");
        // Every item written `1.`: counted 1, 2, 3 as CommonMark counts them.
        let (b, e) = run("1. Een.\n1. Twee.\n1. Drie.\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(ids(&b), ["1", "2", "3"]);
        assert!(!b.html.contains("value="), "{}", b.html);
    }

    #[test]
    fn each_block_s_html_is_its_own_content_within_the_body() {
        let src = "## Titel {§I}\n\n2. Inleiding: {§2 #trade}\n\n   - a) *eerste*; {§2.a}\n   - b) tweede. {§2.b}\n\nSlot [[x§1]]. {§p9}\n";
        let (b, e) = run(src);
        assert!(e.is_empty(), "{e:?}");
        let own: Vec<&str> = b.blocks.iter().map(|x| &b.html[x.html.clone()]).collect();
        assert_eq!(own[..4], ["Titel", "<p>Inleiding:", "a) <em>eerste</em>;", "b) tweede."]);
        assert!(own[4].starts_with("Slot <a class=\"xref\""), "{}", own[4]);
        let mut at = 0;
        for x in &b.blocks {
            assert!(x.html.start >= at, "ranges are ordered and disjoint");
            at = x.html.end;
        }
    }

    /// Character by character, as plain text was first made: the reference the word by
    /// word version must equal.
    fn plain_text_by_chars(events: &[Event<'_>]) -> String {
        let mut s = String::new();
        let mut space = false;
        let mut push = |s: &mut String, c: char| {
            if c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}') {
                space = true;
            } else {
                if space && !s.is_empty() {
                    s.push(' ');
                }
                space = false;
                s.push(c);
            }
        };
        for e in events {
            match e {
                Event::Text(t) | Event::Code(t) => t.chars().filter(|c| *c != '\u{AD}').for_each(|c| push(&mut s, c)),
                Event::Html(h) if h.starts_with('\u{E000}') && h.as_bytes().get(3) == Some(&b't') => {
                    h.chars().for_each(|c| push(&mut s, c))
                }
                Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => push(&mut s, ' '),
                _ => {}
            }
        }
        s
    }

    #[test]
    fn plain_text_word_by_word_equals_char_by_char() {
        let pieces = [
            "",
            " ",
            "  ",
            "\u{AD}",
            " \u{AD} ",
            "a\u{AD}",
            "\u{AD}b",
            "wo\u{AD}rd",
            "\t",
            "\n",
            "\u{A0}",
            "\u{202F}",
            "\u{2007}",
            "\u{2003}",
            "\u{85}",
            "\u{1680}",
            "\u{2028}",
            "\u{3000}",
            "\u{205F}",
            "\u{2060}",
            "x",
            "é",
            "中文",
        ];
        // Every sequence of up to three pieces in two text events, with a soft break
        // between them or not.
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for brk in [false, true] {
                        let first = format!("{a}{b}");
                        let mut events = vec![Event::Text(first.as_str().into())];
                        if brk {
                            events.push(Event::SoftBreak);
                        }
                        events.push(Event::Text(c.into()));
                        assert_eq!(plain_text(&events), plain_text_by_chars(&events), "{events:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, pieces.len().pow(3) * 2);
    }

    #[test]
    fn plain_text_collapses_breaking_whitespace_only() {
        let events = [
            Event::Text("  Mi\u{AD}nis\u{AD}ter \t z dnia\u{A0}17 ".into()),
            Event::SoftBreak,
            Event::Code("a  b".into()),
            Event::HardBreak,
            Event::Text("prix\u{202F}: 5\u{2007}000".into()),
            Event::End(TagEnd::Paragraph),
        ];
        assert_eq!(plain_text(&events), "Minister z dnia\u{A0}17 a b prix\u{202F}: 5\u{2007}000");
        assert_eq!(plain_text(&[Event::SoftBreak, Event::Text(" ".into())]), "");
    }

    #[test]
    fn annotation_on_its_own_last_line() {
        let (b, e) = run("Een zin\nover twee regels.\n{§p1 #trade}\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(b.blocks[0].text_in(&b.texts), "Een zin over twee regels.");
        assert_eq!(b.blocks[0].id.as_str(), "p1");
    }

    #[test]
    fn loose_list_items_keep_their_paragraph_closed() {
        let (b, e) = run("1. Een. {§1}\n\n2. Twee.\n   {§2}\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(b.html.matches("<p>").count(), b.html.matches("</p>").count(), "{}", b.html);
        assert_eq!(b.blocks[1].text_in(&b.texts), "Twee.");
    }

    #[test]
    fn derived_ids() {
        let (b, e) = run("## Gedeelde welvaart\n\nTekst.\n\n2. Twee\n3. Drie\n   1. sub\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(ids(&b), ["gedeelde-welvaart", "p2", "2", "3", "3.1"]);
    }

    #[test]
    fn nested_items_have_their_own_annotation() {
        let src = "2. Inleiding: {§2 #trade}\n\n   - a) eerste; {§2.a #energy}\n   - b) tweede. {§2.b}\n";
        let (b, e) = run(src);
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(ids(&b), ["2", "2.a", "2.b"]);
        assert_eq!(b.blocks[0].text_in(&b.texts), "Inleiding:");
        assert_eq!(b.blocks[1].themes[0].0.as_str(), "energy");
        assert_eq!(b.blocks[1].depth, 1);
    }

    #[test]
    fn duplicate_explicit_id_is_an_error_with_both_places() {
        let (_, e) = run("A. {§x}\n\nB. {§x}\n");
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains("used twice"));
        // At the ids themselves, not at the blocks' starts.
        assert_eq!(e[0].span.unwrap().start, "A. {§x}\n\nB. {".len());
        assert_eq!(e[0].related[0].0.start, "A. {".len());
    }

    #[test]
    fn brace_in_the_middle_is_an_error_escaped_is_text() {
        let (_, e) = run("De set {a} is groot. {§1}\n");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].span.unwrap().start, 7);
        let (b, e) = run("De set \\{a} is groot. {§1}\n");
        assert!(e.is_empty(), "{e:?}");
        assert!(b.blocks[0].text_in(&b.texts).contains("{a}"));
    }

    #[test]
    fn malformed_annotation_positions() {
        let (_, e) = run("Tekst. {§1 energy}\n");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].span.unwrap().start, "Tekst. {§1 ".len());
    }

    #[test]
    fn cross_references_become_holes() {
        let (b, e) = run("Zie [[2016-02-01-fr-be§1]] en [de verklaring](2016-02-01-fr-be). {§p1}\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(b.refs.len(), 2);
        assert_eq!(b.refs[0].block.as_ref().unwrap().as_str(), "1");
        assert!(b.html.contains("class=\"xref\""));
        assert!(!b.html.contains("2016-02-01-fr-be§1"));
    }

    #[test]
    fn an_autolink_is_marked_as_showing_its_address() {
        let (b, e) = run("Zie <https://example.org/a?b=1&c=2> en [de tekst](https://example.org/t). {§1}\n");
        assert!(e.is_empty(), "{e:?}");
        assert!(
            b.html.contains(r#"<a class="url" href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>"#),
            "{}",
            b.html
        );
        assert!(b.html.contains(r#"<a href="https://example.org/t">de tekst</a>"#), "{}", b.html);
        // An e-mail autolink is not an address to print.
        let (b, _) = run("Schrijf <info@example.org>. {§1}\n");
        assert!(b.html.contains(r#"<a href="mailto:info@example.org">"#), "{}", b.html);
    }

    #[test]
    fn raw_html_is_escaped() {
        let (b, _) = run("<script>alert(1)</script>\n\nTekst <b>vet</b>. {§p2}\n");
        assert!(!b.html.contains("<script>"));
        assert!(!b.html.contains("<b>"));
        assert!(b.html.contains("&lt;b&gt;"));
    }

    #[test]
    fn dangerous_links_are_errors() {
        let (_, e) = run("[klik](javascript:alert(1)) {§1}\n");
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains("not allowed"));
    }

    #[test]
    fn deep_nesting_is_reported_not_crashed() {
        let src = format!("{}x\n", "> ".repeat(200));
        let (_, e) = run(&src);
        assert!(e.iter().any(|d| d.message.contains("nested")));
    }
}
