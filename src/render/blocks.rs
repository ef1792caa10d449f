//! Filling the holes that parsing left in a document's HTML, for one page: block ids,
//! block meta (permalink, theme and party links, the same block in other languages),
//! and cross-reference URLs and titles in the reader's language.

use super::Renderer;
use super::urls::{self, SitePath};
use crate::link::{Declaration, Link};
use crate::model::{Block, BlockKind, Lang, ParsedDoc};
use crate::parse::{Hole, escape_attr, escape_html, fill};

impl Renderer<'_> {
    /// The document's HTML (`html`, the body or a fragment of it) for the page at
    /// `from`, read in `lang`. `decl` is set for declarations, whose blocks get meta.
    pub(super) fn fill_doc(
        &self,
        html: &str,
        from: &SitePath,
        lang: &Lang,
        doc: &ParsedDoc,
        links: &[Option<Link>],
        decl: Option<&Declaration>,
    ) -> String {
        let mut memo = MetaMemo::default();
        fill(html, |hole, out| match hole {
            Hole::Id(n) => out.push_str(&escape_attr(doc.blocks[n].id.as_str())),
            Hole::Meta(n) => {
                if let Some(d) = decl {
                    self.block_meta(out, &mut memo, from, lang, d, doc, &doc.blocks[n]);
                }
            }
            Hole::Href(n) => match links.get(n).cloned().flatten() {
                Some(link) => {
                    let target = self.site.declaration(&link.slug);
                    let page_lang = match (&link.block, target) {
                        (Some(b), Some(t)) => t.page_lang_for_block(lang, b),
                        _ => lang,
                    };
                    let mut href = self.linker.rel(from, &urls::declaration(page_lang, &link.slug));
                    if let Some(b) = &link.block {
                        href.push('#');
                        href.push_str(b.as_str());
                    }
                    out.push_str(&escape_attr(&href));
                }
                None => out.push('#'),
            },
            Hole::RefText(n) => match links.get(n).cloned().flatten() {
                Some(link) => {
                    let target = self.site.declaration(&link.slug).map(|d| d.text_for(lang));
                    let title = target.and_then(|t| t.front.title.clone()).unwrap_or_else(|| link.slug.0.clone());
                    // Marked when its language is not that of the text around it (a page
                    // showing another language's text links in the reader's language).
                    match target.filter(|t| t.lang != doc.lang) {
                        Some(t) => out.push_str(&format!("<span lang=\"{}\">{}</span>", t.lang, escape_html(&title))),
                        None => out.push_str(&escape_html(&title)),
                    }
                    if let Some(b) = &link.block {
                        // Isolated, so that `§3.a` reads left to right in a right-to-left text too.
                        out.push_str(&format!(" <bdi>§{}</bdi>", escape_html(b.as_str())));
                    }
                }
                None => out.push('?'),
            },
        })
    }

    /// A block's meta: its permalink, the links of its themes and parties, and links to
    /// the same block in the other languages. What the blocks of a page share (a theme's
    /// link, the start of another language's) is made once per page, in `memo`.
    #[allow(clippy::too_many_arguments)]
    fn block_meta<'d>(
        &self,
        out: &mut String,
        memo: &mut MetaMemo<'d>,
        from: &SitePath,
        lang: &Lang,
        decl: &'d Declaration,
        doc: &ParsedDoc,
        block: &'d Block,
    ) {
        let s = &self.strings[lang];
        let id = escape_attr(block.id.as_str());
        let permalink = memo.permalink.get_or_insert_with(|| escape_attr(s.get("permalink")));
        out.push_str("<span class=\"blk-meta\"");
        // In the page's language (its theme and party names), inside a text in another.
        if &doc.lang != lang {
            out.push_str(&format!(" lang=\"{lang}\""));
        }
        out.push_str(&format!("><a class=\"blk-id\" href=\"#{id}\" aria-label=\"{permalink} §{id}\">§{id}</a>"));
        for (t, _) in &block.themes {
            let tag = memo.themes.entry(t.as_str()).or_insert_with(|| match self.site.registry.themes.get(t) {
                Some(theme) => format!(
                    " <a class=\"tag tag-theme\" href=\"{}\">{}</a>",
                    escape_attr(&self.linker.rel(from, &urls::theme(lang, t))),
                    escape_html(theme.label.get(lang).map_or(t.as_str(), String::as_str))
                ),
                None => String::new(),
            });
            out.push_str(tag);
        }
        for (p, _) in &block.parties {
            let tag = memo.parties.entry(p.as_str()).or_insert_with(|| match self.site.registry.parties.get(p) {
                Some(party) => format!(
                    " <a class=\"tag tag-party\" href=\"{}\">{}</a>",
                    escape_attr(&self.linker.rel(from, &urls::party(lang, p))),
                    escape_html(party.name.get(lang).map_or(p.as_str(), String::as_str))
                ),
                None => String::new(),
            });
            out.push_str(tag);
        }
        if memo.langs.is_none() {
            let langs = self.site.config.languages.iter().filter(|other| *other != &doc.lang);
            memo.langs = Some(
                langs
                    .filter_map(|other| {
                        let t = decl.translations.get(other)?;
                        let name = escape_attr(&self.strings[other].own_name());
                        let code = escape_attr(&other.as_str().to_uppercase());
                        let href = escape_attr(&self.linker.rel(from, &urls::declaration(other, &decl.slug)));
                        let head = format!(" <a class=\"blk-lang\" href=\"{href}#");
                        let middle = format!("\" hreflang=\"{other}\" lang=\"{other}\" title=\"{name}\" aria-label=\"{code} – {name}, §");
                        let ids = t.blocks.iter().map(|b| b.id.as_str()).collect();
                        Some(OtherLang { ids, head, middle, tail: format!("\">{code}</a>") })
                    })
                    .collect(),
            );
        }
        for other in memo.langs.iter().flatten() {
            if other.ids.contains(block.id.as_str()) {
                for piece in [&other.head, &id, &other.middle, &id, &other.tail] {
                    out.push_str(piece);
                }
            }
        }
        out.push_str("</span>");
    }

    /// A block on its own (parallel view): its content in an element fitting its kind.
    /// Its cross-references are those of a text in the block's language: the target's
    /// title in that language (or its original), linking to that language's page.
    /// `body`: `doc`'s body HTML.
    pub(super) fn block_alone(&self, from: &SitePath, decl: &Declaration, doc: &ParsedDoc, body: &str, block: &Block) -> String {
        let links = decl.links.get(&doc.lang).map(Vec::as_slice).unwrap_or(&[]);
        let inner = self.fill_doc(block.html_in(body), from, &doc.lang, doc, links, None);
        wrap_alone(block.kind, inner)
    }
}

/// What the blocks of one page share in their meta ([`Renderer::block_meta`]), made
/// for the first block that needs it: a page has about 30 blocks and 10 theme links each.
#[derive(Default)]
struct MetaMemo<'d> {
    permalink: Option<String>,
    /// The link of each theme and party, by id (empty for an id the registry lacks).
    themes: std::collections::HashMap<&'d str, String>,
    parties: std::collections::HashMap<&'d str, String>,
    /// The other languages the declaration has, in the site's order.
    langs: Option<Vec<OtherLang<'d>>>,
}

/// Another language's text of the declaration, for links to its blocks: the block ids it
/// has, and the link around a block id, escaped.
struct OtherLang<'d> {
    ids: std::collections::HashSet<&'d str>,
    head: String,
    middle: String,
    tail: String,
}

/// A block's filled content `inner` in the element that fits its kind, for a table cell
/// of the parallel view. A heading keeps its semantics and level there (WCAG 1.3.1):
/// `role="heading"` with `aria-level` the declaration's own level, at least 2 under the
/// view's h1, so that the view's outline skips no level where the declaration's does not.
/// Each column's heading is one, in its own language (the cell's `lang`): navigating by
/// headings meets a section once per language, as the eye does across the row.
fn wrap_alone(kind: BlockKind, inner: String) -> String {
    match kind {
        BlockKind::Heading(level) => {
            let level = level.clamp(2, 6);
            format!("<p class=\"blk-h blk-h{level}\" role=\"heading\" aria-level=\"{level}\">{inner}</p>")
        }
        BlockKind::Table | BlockKind::Code => inner,
        _ if inner.trim_start().starts_with('<') && (inner.contains("<p>") || inner.contains("<pre")) => inner,
        _ => format!("<p>{inner}</p>"),
    }
}

impl Renderer<'_> {
    /// The footnotes of `doc` for a page that shows several languages side by side (the
    /// parallel view): their definitions, which are in no block, taken from the body,
    /// with every footnote id made the language's own (`fn-de-1`) so that two columns'
    /// notes 1 do not collide. Use [`scope_footnotes`] on the blocks' HTML too.
    /// `body`: `doc`'s body HTML.
    pub(super) fn footnotes_alone(&self, from: &SitePath, lang: &Lang, decl: &Declaration, doc: &ParsedDoc, body: &str) -> String {
        // Most documents have none: no need to look through their HTML.
        if doc.footnotes.is_empty() {
            return String::new();
        }
        let links = decl.links.get(&doc.lang).map(Vec::as_slice).unwrap_or(&[]);
        let mut out = String::new();
        let mut at = 0;
        while let Some(start) = body[at..].find(FOOTNOTE_OPEN).map(|i| at + i) {
            let end = element_end(body, start, "div");
            out.push_str(&self.fill_doc(&body[start..end], from, lang, doc, links, None));
            out.push('\n');
            at = end;
        }
        one_folder_down(&scope_footnotes(&out, &doc.lang))
    }
}

/// The body HTML of `doc` with a heading (`heading`, in language `lang` if given) before
/// its footnotes, if it has any: they are otherwise a bare list of numbers after the last
/// paragraph.
pub(super) fn with_footnotes_heading(doc: &ParsedDoc, body: String, heading: &str, lang: Option<&str>) -> String {
    // Most documents have none: no need to look through their HTML.
    if doc.footnotes.is_empty() {
        return body;
    }
    let Some(at) = body.find(FOOTNOTE_OPEN) else { return body };
    let lang = lang.map(|l| format!(" lang=\"{}\"", escape_attr(l))).unwrap_or_default();
    format!("{}<h2 class=\"fn-heading\"{lang}>{}</h2>\n{}", &body[..at], escape_html(heading), &body[at..])
}

/// How `parse` opens a footnote definition.
const FOOTNOTE_OPEN: &str = "<div class=\"footnote\" id=\"fn-";

/// Where the element of tag `tag` opening at `start` ends (after its closing tag),
/// counting nested elements of the same tag; the end of `html` if it is not closed.
fn element_end(html: &str, start: usize, tag: &str) -> usize {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut depth = 0usize;
    let mut at = start;
    loop {
        let next_open = html[at..].find(&open).map(|i| at + i);
        let Some(next_close) = html[at..].find(&close).map(|i| at + i) else { return html.len() };
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                at = o + open.len();
            }
            _ => {
                depth = depth.saturating_sub(1);
                at = next_close + close.len();
                if depth == 0 {
                    return at;
                }
            }
        }
    }
}

/// Footnote references and definitions of `html` (as `parse` writes them) given ids of
/// language `lang`'s own: `#fn-1` becomes `#fn-de-1`, `fnref-1` `fnref-de-1`.
pub(super) fn scope_footnotes(html: &str, lang: &Lang) -> String {
    if !html.contains("fn-") {
        return html.to_string();
    }
    html.replace("href=\"#fn-", &format!("href=\"#fn-{lang}-"))
        .replace("id=\"fnref-", &format!("id=\"fnref-{lang}-"))
        .replace("id=\"fn-", &format!("id=\"fn-{lang}-"))
        .replace("href=\"#fnref-", &format!("href=\"#fnref-{lang}-"))
}

/// `html` written for a declaration's page, moved one folder down (its parallel view,
/// `…/<slug>/parallel/`): every relative URL the editor wrote gets `../`, those of the
/// declaration's own files (a bundle's images and attachments, written as plain paths
/// such as `signing.png`) as those to other pages (`../other/`). Filled
/// cross-references (already relative to the page they are filled for), anchors,
/// absolute and external URLs stay as they are.
pub(super) fn one_folder_down(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut copied = 0;
    // One pass over the attribute values (`="`), those of `src` and `href` looked at.
    for (i, _) in html.match_indices("=\"") {
        if !(html[..i].ends_with(" src") || html[..i].ends_with(" href")) || html[..i].ends_with("class=\"xref\" href") {
            continue;
        }
        let start = i + 2;
        let value = &html[start..html[start..].find('"').map_or(html.len(), |end| start + end)];
        let scheme = value.split_once(':').is_some_and(|(s, _)| !s.is_empty() && !s.contains('/'));
        if !(value.is_empty() || value.starts_with(['#', '/', '?']) || scheme) {
            out.push_str(&html[copied..start]);
            out.push_str("../");
            copied = start;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// The first words of a block, for lists of blocks.
pub fn excerpt(text: &str, words: usize) -> String {
    let mut s = String::new();
    excerpt_into(&mut s, text, words, |out, w| out.push_str(w));
    s
}

/// [`excerpt`] written to `out`, each piece of text through `push` (to escape it).
/// Chinese and Japanese, written without spaces, are cut at two characters a word, so
/// that a paragraph with no space in it is not shown whole.
pub fn excerpt_into(out: &mut String, text: &str, words: usize, mut push: impl FnMut(&mut String, &str)) {
    use crate::search::text::is_unspaced;
    // In half words: a word costs 2, a Chinese or Japanese character 1.
    let (budget, mut used) = (2 * words, 0);
    // Cut at breaking spaces only: the no-break spaces an editor chose (French `90 000`,
    // `suit :`, `« H2Med »`) stay, so a line does not break there in the excerpt either.
    let breaking = |c: char| c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}');
    for (i, w) in text.split(breaking).filter(|w| !w.is_empty()).enumerate() {
        if used >= budget {
            out.push_str(" …");
            return;
        }
        if i > 0 {
            out.push(' ');
        }
        if !w.chars().any(is_unspaced) {
            push(out, w);
            used += 2;
            continue;
        }
        let mut end = w.len();
        for (at, _) in w.char_indices().filter(|(_, c)| is_unspaced(*c)) {
            if used >= budget {
                end = at;
                break;
            }
            used += 1;
        }
        push(out, &w[..end]);
        if end < w.len() {
            out.push_str(" …");
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn excerpts_cut_on_words() {
        assert_eq!(super::excerpt("een twee drie", 2), "een twee …");
        assert_eq!(super::excerpt("een twee", 2), "een twee");
        assert_eq!(super::excerpt("  een \n twee  ", 5), "een twee");
        // No-break spaces are kept, and join what they join into one word.
        assert_eq!(super::excerpt("plus de 90\u{A0}000 frontaliers\u{202F}: « H2Med\u{A0}»", 3), "plus de 90\u{A0}000 …");
        assert_eq!(super::excerpt("frontaliers\u{202F}: « H2Med\u{A0}»", 9), "frontaliers\u{202F}: « H2Med\u{A0}»");
        // Chinese and Japanese: two characters a word.
        assert_eq!(super::excerpt("日本国政府及びオランダ王国政府は", 3), "日本国政府及 …");
        assert_eq!(super::excerpt("両政府は 港湾", 3), "両政府は 港湾");
        assert_eq!(super::excerpt("EU加盟国 と", 1), "EU加盟 …");
    }

    #[test]
    fn an_element_ends_at_its_own_closing_tag() {
        let html = "<div a><p>x</p><div b>y</div>z</div><div c></div>";
        assert_eq!(&html[..super::element_end(html, 0, "div")], "<div a><p>x</p><div b>y</div>z</div>");
        assert_eq!(super::element_end("<div>open", 0, "div"), 9, "unclosed: to the end");
    }

    #[test]
    fn a_heading_alone_is_a_heading_of_its_level_under_the_pages_h1() {
        use crate::model::BlockKind;
        assert_eq!(
            super::wrap_alone(BlockKind::Heading(2), "Préambule".into()),
            r#"<p class="blk-h blk-h2" role="heading" aria-level="2">Préambule</p>"#
        );
        assert_eq!(
            super::wrap_alone(BlockKind::Heading(4), "Uitvoering".into()),
            r#"<p class="blk-h blk-h4" role="heading" aria-level="4">Uitvoering</p>"#
        );
        // A `#` heading in a declaration's body is still below the view's own h1.
        assert_eq!(super::wrap_alone(BlockKind::Heading(1), "X".into()), r#"<p class="blk-h blk-h2" role="heading" aria-level="2">X</p>"#);
        assert_eq!(super::wrap_alone(BlockKind::Paragraph, "Tekst.".into()), "<p>Tekst.</p>");
    }

    #[test]
    fn relative_links_move_one_folder_down_and_nothing_else() {
        let html = r##"<img src="signing.png" alt="x"> <a href="annex/a.pdf">a</a> <a class="xref" href="../../x/index.html#3">x</a> <a href="../y/">y</a> <a href="#fn-1">1</a> <a href="https://e.org/">e</a> <a href="mailto:a@b">m</a> <a href="/abs">r</a>"##;
        assert_eq!(
            super::one_folder_down(html),
            r##"<img src="../signing.png" alt="x"> <a href="../annex/a.pdf">a</a> <a class="xref" href="../../x/index.html#3">x</a> <a href="../../y/">y</a> <a href="#fn-1">1</a> <a href="https://e.org/">e</a> <a href="mailto:a@b">m</a> <a href="/abs">r</a>"##
        );
    }
}
