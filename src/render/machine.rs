//! What other systems read: `sitemap.xml` (with `hreflang` alternates), `robots.txt`,
//! Atom feeds (per language, per theme, per party) and open data (each declaration as
//! JSON, the whole collection as JSON, and a CSV of blocks with their themes and
//! parties). Field names are documented in the README and stay stable.

use super::urls::{self, SitePath};
use super::{Content, Output, Renderer};
use crate::link::Declaration;
use crate::model::{Lang, PartyId, ThemeId};
use crate::parse::escape_html;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Entries in one feed, at most: readers want news, not the archive.
pub const FEED_ENTRIES: usize = 50;
/// Declarations whose open data records are made at once (in parallel), and written
/// while the next are made: the collection of a large site is not held whole.
const OPEN_DATA_BATCH: usize = 64;

/// `make` of every declaration, handed to `write` in order: a batch made (in parallel)
/// while the one before is written (on this thread: `write` need not be `Send`).
fn batched<T: Send>(
    decls: &[std::sync::Arc<Declaration>],
    make: impl Fn(&Declaration) -> std::io::Result<T> + Sync,
    mut write: impl FnMut(T) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let make_batch = |batch: &[std::sync::Arc<Declaration>]| batch.par_iter().map(|d| make(d)).collect::<std::io::Result<Vec<T>>>();
    let mut batches = decls.chunks(OPEN_DATA_BATCH);
    let mut ready = batches.next().map(make_batch).transpose()?;
    while let Some(current) = ready.take() {
        let mut next = None;
        rayon::in_place_scope(|s| {
            if let Some(batch) = batches.next() {
                s.spawn(|_| next = Some(make_batch(batch)));
            }
            current.into_iter().try_for_each(&mut write)
        })?;
        ready = next.transpose()?;
    }
    Ok(())
}

/// Pages in one sitemap file, at most. The protocol allows 50,000 and 50 MB; 10,000
/// keeps a file of a site in many languages (an alternate per language in each entry)
/// well under both.
pub const SITEMAP_URLS: usize = 10_000;

/// `sitemap.xml` holding `entries` (each a `<url>` element), or, with more than `limit`,
/// `sitemap.xml` as an index of `sitemaps/N.xml` holding `limit` each (a sitemap of a
/// larger site would be refused by search engines). `abs` gives a path's absolute URL.
fn split_sitemap(entries: &[String], limit: usize, abs: impl Fn(&SitePath) -> String) -> Vec<Output> {
    let urlset = |entries: &[String]| {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        entries.iter().for_each(|e| out.push_str(e));
        out.push_str("</urlset>\n");
        Content::Bytes(out.into_bytes())
    };
    let index = SitePath("sitemap.xml".into());
    if entries.len() <= limit {
        return vec![Output { path: index, content: urlset(entries) }];
    }
    let mut outputs = Vec::new();
    let mut list =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (n, part) in entries.chunks(limit).enumerate() {
        let path = SitePath(format!("sitemaps/{}.xml", n + 1));
        list.push_str(&format!("  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n", xml(&abs(&path))));
        outputs.push(Output { path, content: urlset(part) });
    }
    list.push_str("</sitemapindex>\n");
    outputs.push(Output { path: index, content: Content::Bytes(list.into_bytes()) });
    outputs
}

fn xml(s: &str) -> String {
    escape_html(s)
}

/// A page that exists in every language: how to build its path, and which languages
/// have their own text there (`None`: all do).
type LocalizedPage<'a> = (Box<dyn Fn(&Lang) -> SitePath + 'a>, Option<BTreeSet<&'a Lang>>);

impl Renderer<'_> {
    fn abs(&self, p: &SitePath) -> String {
        self.linker.absolute(&self.site.config.base_url, p)
    }

    /// Every page that exists in every language, with how to build its path and which
    /// languages have their own text there (`None`: all do). A declaration or free page
    /// without a translation still has a page in that language, showing another
    /// language's text: it is no alternate of anything (see `translated_alternates`).
    fn localized_pages(&self) -> Vec<LocalizedPage<'_>> {
        let site = self.site;
        let mut v: Vec<LocalizedPage<'_>> = vec![
            (Box::new(urls::home), None),
            (Box::new(urls::themes), None),
            (Box::new(urls::parties), None),
            (Box::new(urls::search), None),
            (Box::new(urls::data_page), None),
        ];
        for d in &site.declarations {
            v.push((Box::new(move |l| urls::declaration(l, &d.slug)), Some(d.translations.keys().collect())));
            if d.translations.len() > 1 {
                v.push((Box::new(move |l| urls::parallel(l, &d.slug)), None));
            }
        }
        for t in site.registry.themes.keys() {
            v.push((Box::new(move |l| urls::theme(l, t)), None));
        }
        for p in site.registry.parties.keys() {
            v.push((Box::new(move |l| urls::party(l, p)), None));
        }
        let years: BTreeSet<i32> = site.declarations.iter().map(|d| d.date.year).collect();
        for y in years {
            v.push((Box::new(move |l| urls::year(l, y)), None));
        }
        let kinds: BTreeSet<&str> = site.declarations.iter().map(|d| d.kind.as_str()).collect();
        for k in kinds {
            v.push((Box::new(move |l| urls::kind(l, k)), None));
        }
        for p in &site.pages {
            v.push((Box::new(move |l| urls::page(l, &p.slug)), Some(p.translations.keys().collect())));
        }
        v
    }

    /// The sitemap: `sitemap.xml`, or past [`SITEMAP_URLS`] pages an index of sitemaps
    /// of that many (see [`split_sitemap`]).
    pub(super) fn sitemaps(&self) -> Vec<Output> {
        let langs = &self.site.config.languages;
        let mut entries = Vec::new();
        for (page, own) in self.localized_pages() {
            let has = |l: &Lang| own.as_ref().is_none_or(|o| o.contains(l));
            let default = langs.iter().find(|l| has(l) && *l == self.site.config.default_lang()).or_else(|| langs.iter().find(|l| has(l)));
            for lang in langs.iter().filter(|l| has(l)) {
                let mut out = format!("  <url>\n    <loc>{}</loc>\n", xml(&self.abs(&page(lang))));
                for alt in langs.iter().filter(|l| has(l)) {
                    out.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{alt}\" href=\"{}\"/>\n",
                        xml(&self.abs(&page(alt)))
                    ));
                }
                if let Some(x) = self.x_default(&page, default.unwrap_or(lang)) {
                    out.push_str(&format!("    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n", xml(&x)));
                }
                out.push_str("  </url>\n");
                entries.push(out);
            }
        }
        split_sitemap(&entries, SITEMAP_URLS, |p| self.abs(p))
    }

    pub(super) fn robots(&self) -> Output {
        let text = format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", self.site.config.base_url);
        Output { path: SitePath("robots.txt".into()), content: Content::Bytes(text.into_bytes()) }
    }

    /// Every feed of the site.
    pub(super) fn feeds(&self) -> Vec<Output> {
        let mut out = Vec::new();
        for lang in &self.site.config.languages {
            let s = &self.strings[lang];
            let site_title = self.site.config.title.get(lang).cloned().unwrap_or_default();
            let all: Vec<&Declaration> = self.site.declarations.iter().take(FEED_ENTRIES).map(|d| &**d).collect();
            out.push(self.feed(lang, &urls::feed(lang), &urls::home(lang), &site_title, &all));
            let decls_of = |tagged: &super::listings::Tagged| -> Vec<&Declaration> {
                tagged.groups.iter().take(FEED_ENTRIES).map(|g| &*self.site.declarations[g.decl]).collect()
            };
            for (id, t) in &self.site.registry.themes {
                let title = format!("{}{} {}", t.label.get(lang).cloned().unwrap_or_default(), s.get("colon"), site_title);
                let decls = decls_of(self.listings.theme(lang, id));
                out.push(self.feed(lang, &urls::theme_feed(lang, id), &urls::theme(lang, id), &title, &decls));
            }
            for (id, p) in &self.site.registry.parties {
                let title = format!("{}{} {}", p.name.get(lang).cloned().unwrap_or_default(), s.get("colon"), site_title);
                let decls = decls_of(self.listings.party(lang, id));
                out.push(self.feed(lang, &urls::party_feed(lang, id), &urls::party(lang, id), &title, &decls));
            }
            let _ = s;
        }
        out
    }

    fn feed(&self, lang: &Lang, path: &SitePath, page: &SitePath, title: &str, decls: &[&Declaration]) -> Output {
        let cfg = &self.site.config;
        let author = cfg.organization.clone().unwrap_or_else(|| cfg.title.get(lang).cloned().unwrap_or_default());
        let updated = decls.iter().map(|d| d.date).max();
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n"));
        x.push_str(&format!("  <title>{}</title>\n", xml(title)));
        x.push_str(&format!("  <id>{}</id>\n", xml(&self.linker.absolute(&cfg.base_url, path))));
        x.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            xml(&self.linker.absolute(&cfg.base_url, path))
        ));
        x.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml(&self.abs(page))));
        x.push_str(&format!("  <updated>{}</updated>\n", updated.map_or("1970-01-01T00:00:00Z".to_string(), |d| format!("{d}T00:00:00Z"))));
        x.push_str(&format!("  <author><name>{}</name></author>\n", xml(&author)));
        x.push_str(&format!("  <generator version=\"{}\">diptych</generator>\n", env!("CARGO_PKG_VERSION")));
        for d in decls.iter().take(FEED_ENTRIES) {
            let doc = d.text_for(lang);
            let url = self.abs(&urls::declaration(lang, &d.slug));
            let summary = doc.front.summary.clone().unwrap_or_else(|| {
                let texts = doc.texts.unpack();
                super::blocks::excerpt(&doc.blocks.iter().map(|b| b.text_in(&texts)).collect::<Vec<_>>().join(" "), 60)
            });
            x.push_str("  <entry");
            if &doc.lang != lang {
                x.push_str(&format!(" xml:lang=\"{}\"", doc.lang));
            }
            x.push_str(">\n");
            x.push_str(&format!("    <title>{}</title>\n", xml(doc.front.title.as_deref().unwrap_or(d.slug.as_str()))));
            x.push_str(&format!("    <id>{}</id>\n", xml(&url)));
            x.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml(&url)));
            x.push_str(&format!("    <published>{}T00:00:00Z</published>\n    <updated>{}T00:00:00Z</updated>\n", d.date, d.date));
            // The labels are in the feed's language, which an entry in another one does not share.
            let label_lang = if &doc.lang != lang { format!(" xml:lang=\"{lang}\"") } else { String::new() };
            for p in &d.parties {
                x.push_str(&format!("    <category term=\"{p}\" label=\"{}\"{label_lang}/>\n", xml(&self.party_label(p, lang))));
            }
            x.push_str(&format!("    <summary>{}</summary>\n  </entry>\n", xml(&summary)));
        }
        x.push_str("</feed>\n");
        Output { path: path.clone(), content: Content::Bytes(x.into_bytes()) }
    }

    /// Open data: one JSON file per declaration (each handed to `sink` when made), the
    /// whole collection as JSON and the block CSV, all compact (the data of a large site
    /// is as large as its pages). Each declaration's record is made and serialised once,
    /// in parallel; the collection is the records one after the other, and the CSV the
    /// declarations' rows, made after it: each is streamed ([`crate::OutputSink::stream`]),
    /// never whole in memory where it goes to disk.
    pub(super) fn open_data_into(&self, sink: crate::Sink<'_>) -> std::io::Result<()> {
        let decls = &self.site.declarations;
        let mut head = serde_json::to_vec(&CollectionHead {
            title: &self.site.config.title,
            base_url: &self.site.config.base_url,
            languages: self.site.config.languages.iter().map(|l| l.as_str()).collect(),
            license: self.site.config.license.as_ref(),
            themes: self
                .site
                .registry
                .themes
                .values()
                .map(|t| ThemeRecord { id: &t.id, parent: t.parent.as_ref(), label: &t.label })
                .collect(),
            parties: self
                .site
                .registry
                .parties
                .values()
                .map(|p| PartyRecord { id: &p.id, kind: &p.kind, part_of: p.part_of.as_ref(), name: &p.name })
                .collect(),
        })
        .expect("data serialises");
        head.pop(); // its closing brace
        head.extend_from_slice(b",\"declarations\":[");
        // The collection is as large as the site's texts: it is made and written a batch
        // of declarations at a time, never whole in memory. Each declaration's own file
        // is handed on as its record is made.
        sink.stream(urls::data_file("declarations.json"), &mut |w| {
            w.write_all(&head)?;
            let mut first = true;
            batched(
                decls,
                |d| {
                    let texts: Vec<String> = d.translations.values().map(|t| t.texts.unpack()).collect();
                    let r = self.record(d, &texts);
                    let json = serde_json::to_vec(&r).expect("data serialises");
                    let mut file = Vec::with_capacity(json.len() + 1);
                    file.extend_from_slice(&json);
                    file.push(b'\n');
                    sink.put(Output { path: urls::data_file(&format!("declarations/{}.json", r.slug)), content: Content::Bytes(file) })?;
                    Ok(json)
                },
                |json| {
                    if !std::mem::take(&mut first) {
                        w.write_all(b",")?;
                    }
                    w.write_all(&json)
                },
            )?;
            w.write_all(b"]}\n")
        })?;
        sink.stream(urls::data_file("blocks.csv"), &mut |w| {
            w.write_all(CSV_HEADER.as_bytes())?;
            batched(decls, |d| Ok(self.csv_rows(d).into_bytes()), |rows| w.write_all(&rows))
        })
    }

    /// The CSV rows of a declaration's blocks, in every language.
    fn csv_rows(&self, d: &Declaration) -> String {
        let mut csv = String::new();
        let date = d.date.to_string();
        for (lang, t) in &d.translations {
            let page = self.abs(&urls::declaration(lang, &d.slug));
            let texts = t.texts.unpack();
            for (i, b) in t.blocks.iter().enumerate() {
                let themes = b.themes.iter().map(|(x, _)| x.as_str()).collect::<Vec<_>>().join(";");
                let parties = b.parties.iter().map(|(x, _)| x.as_str()).collect::<Vec<_>>().join(";");
                let url = format!("{page}#{}", b.id);
                let row = [
                    d.slug.as_str(),
                    &date,
                    &d.kind,
                    lang.as_str(),
                    b.id.as_str(),
                    &(i + 1).to_string(),
                    &themes,
                    &parties,
                    &url,
                    b.text_in(&texts),
                ];
                for (k, field) in row.iter().enumerate() {
                    if k > 0 {
                        csv.push(',');
                    }
                    push_csv_field(&mut csv, field);
                }
                csv.push_str("\r\n");
            }
        }
        csv
    }

    /// The record of `d`, whose translations' texts, unpacked, are `texts` (in order).
    fn record<'s>(&'s self, d: &'s Declaration, texts: &'s [String]) -> DeclarationRecord<'s> {
        DeclarationRecord {
            slug: d.slug.as_str(),
            date: d.date.to_string(),
            kind: &d.kind,
            parties: d.parties.iter().collect(),
            original_language: d.original.as_str(),
            themes: d.themes.iter().collect(),
            signatories: d
                .signatories
                .iter()
                .map(|s| SignatoryRecord {
                    name: &s.name,
                    names: s.names.iter().map(|(l, n)| (l.as_str(), n.as_str())).collect(),
                    party: s.party.as_ref(),
                    role: s.roles.iter().map(|(l, r)| (l.as_str(), r.as_str())).collect(),
                })
                .collect(),
            alignment: d.rows.iter().map(|r| r.id.as_str()).collect(),
            license: self.site.config.license.as_ref(),
            translations: d
                .translations
                .iter()
                .zip(texts)
                .map(|((l, t), texts)| {
                    // Unpacked once, for its tables (if it has any).
                    let body = std::cell::OnceCell::new();
                    (
                        l.as_str(),
                        TranslationRecord {
                            title: t.front.title.as_deref().unwrap_or(""),
                            place: t.front.place.as_deref(),
                            status: t.front.translation.as_ref().map(|(s, _)| s.as_str()).unwrap_or(if *l == d.original {
                                "original"
                            } else {
                                "unofficial"
                            }),
                            source: t.front.source.as_deref(),
                            url: self.abs(&urls::declaration(l, &d.slug)),
                            footnotes: t.footnotes.iter().map(|f| FootnoteRecord { id: &f.id, n: f.n, text: &f.text }).collect(),
                            blocks: t
                                .blocks
                                .iter()
                                .map(|b| BlockRecord {
                                    id: b.id.as_str(),
                                    kind: match b.kind {
                                        crate::model::BlockKind::Heading(_) => "heading",
                                        crate::model::BlockKind::Paragraph => "paragraph",
                                        crate::model::BlockKind::ListItem => "list-item",
                                        crate::model::BlockKind::Table => "table",
                                        crate::model::BlockKind::Code => "code",
                                    },
                                    text: b.text_in(texts),
                                    rows: matches!(b.kind, crate::model::BlockKind::Table).then(|| {
                                        let page = urls::declaration(l, &d.slug);
                                        let links = d.links.get(l).map(Vec::as_slice).unwrap_or(&[]);
                                        table_rows(&self.fill_doc(
                                            b.html_in(body.get_or_init(|| t.body.unpack())),
                                            &page,
                                            l,
                                            t,
                                            links,
                                            None,
                                        ))
                                    }),
                                    themes: b.themes.iter().map(|(t, _)| t).collect(),
                                    parties: b.parties.iter().map(|(p, _)| p).collect(),
                                })
                                .collect(),
                        },
                    )
                })
                .collect(),
        }
    }
}

/// Records end in CRLF, as RFC 4180 says.
const CSV_HEADER: &str = "declaration,date,kind,language,block,position,themes,parties,url,text\r\n";

/// Appends a CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma,
/// a quote or a line break.
fn push_csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// `declarations.json` but its last field, `declarations` (joined from each
/// declaration's record).
#[derive(Serialize)]
struct CollectionHead<'a> {
    title: &'a BTreeMap<Lang, String>,
    base_url: &'a str,
    languages: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a crate::model::License>,
    themes: Vec<ThemeRecord<'a>>,
    parties: Vec<PartyRecord<'a>>,
}

#[derive(Serialize)]
struct ThemeRecord<'a> {
    id: &'a ThemeId,
    parent: Option<&'a ThemeId>,
    label: &'a BTreeMap<Lang, String>,
}

#[derive(Serialize)]
struct PartyRecord<'a> {
    id: &'a PartyId,
    kind: &'a str,
    part_of: Option<&'a PartyId>,
    name: &'a BTreeMap<Lang, String>,
}

#[derive(Serialize)]
struct DeclarationRecord<'a> {
    slug: &'a str,
    date: String,
    kind: &'a str,
    parties: Vec<&'a PartyId>,
    original_language: &'a str,
    themes: Vec<&'a ThemeId>,
    signatories: Vec<SignatoryRecord<'a>>,
    /// Block ids in aligned reading order, across translations.
    alignment: Vec<&'a str>,
    translations: BTreeMap<&'a str, TranslationRecord<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a crate::model::License>,
}

#[derive(Serialize)]
struct SignatoryRecord<'a> {
    name: &'a str,
    /// Given per language (`name: { ar: …, fr: … }`): every one; `name` is the original's.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    names: BTreeMap<&'a str, &'a str>,
    party: Option<&'a PartyId>,
    role: BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
struct TranslationRecord<'a> {
    title: &'a str,
    place: Option<&'a str>,
    status: &'a str,
    source: Option<&'a str>,
    url: String,
    blocks: Vec<BlockRecord<'a>>,
    /// The text's footnotes (`id` is the anchor on its page), if it has any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    footnotes: Vec<FootnoteRecord<'a>>,
}

#[derive(Serialize)]
struct FootnoteRecord<'a> {
    id: &'a str,
    n: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct BlockRecord<'a> {
    id: &'a str,
    kind: &'static str,
    text: &'a str,
    /// A table's cells, row by row (the head first), as plain text.
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<Vec<Vec<String>>>,
    themes: Vec<&'a ThemeId>,
    parties: Vec<&'a PartyId>,
}

/// The cells of a table, row by row, as plain text, read from the table's HTML as
/// `parse` writes it (`<tr>`, then `<th>` or `<td>` cells, entities as `push_escaped`
/// and pulldown-cmark write them).
fn table_rows(html: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for row in html.split("<tr").skip(1) {
        let row = row.split("</tr>").next().unwrap_or("");
        let cells: Vec<String> = row
            .split("<t")
            .skip(1)
            .filter(|c| c.starts_with('d') || c.starts_with('h'))
            .filter_map(|c| c.split_once('>').map(|(_, rest)| rest))
            .map(|c| plain_of_html(c.split("</t").next().unwrap_or("")))
            .collect();
        rows.push(cells);
    }
    rows
}

/// The text of an HTML fragment: tags dropped, entities read, whitespace collapsed.
fn plain_of_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        rest = rest[open..].find('>').map_or("", |close| &rest[open + close + 1..]);
    }
    text.push_str(rest);
    let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_sitemap_is_split_under_an_index() {
        let entries: Vec<String> = (1..=5).map(|i| format!("  <url>\n    <loc>https://x.gov/{i}/</loc>\n  </url>\n")).collect();
        let abs = |p: &SitePath| format!("https://x.gov/{}", p.0);
        let text = |o: &Output| match &o.content {
            Content::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
            _ => panic!("bytes"),
        };
        let whole = split_sitemap(&entries, 5, abs);
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].path.0, "sitemap.xml");
        assert_eq!(roxmltree::Document::parse(&text(&whole[0])).unwrap().descendants().filter(|n| n.has_tag_name("loc")).count(), 5);

        let split = split_sitemap(&entries, 2, abs);
        let paths: Vec<&str> = split.iter().map(|o| o.path.0.as_str()).collect();
        assert_eq!(paths, ["sitemaps/1.xml", "sitemaps/2.xml", "sitemaps/3.xml", "sitemap.xml"]);
        let index = text(&split[3]);
        let doc = roxmltree::Document::parse(&index).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "sitemapindex");
        let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
        assert_eq!(locs, ["https://x.gov/sitemaps/1.xml", "https://x.gov/sitemaps/2.xml", "https://x.gov/sitemaps/3.xml"]);
        // Every page once, in order, over the parts.
        let pages: Vec<String> = split[..3]
            .iter()
            .flat_map(|o| {
                let t = text(o);
                let d = roxmltree::Document::parse(&t).unwrap();
                assert_eq!(d.root_element().tag_name().name(), "urlset");
                d.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text().map(String::from)).collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(pages, (1..=5).map(|i| format!("https://x.gov/{i}/")).collect::<Vec<_>>());
    }

    fn csv_field(s: &str) -> String {
        let mut out = String::new();
        super::push_csv_field(&mut out, s);
        out
    }

    #[test]
    fn a_table_is_read_row_by_row_as_plain_text() {
        let html = "<table>\n<thead><tr><th>Lijn</th><th class=\"align-right\">Frequentie (2025)</th></tr></thead>\n\
                    <tbody>\n<tr><td>Mons &amp; Valenciennes</td><td class=\"align-right\"><em>elk</em> uur</td></tr>\n\
                    <tr><td>Zie <a class=\"xref\" href=\"../x/index.html#3\">Akkoord §3</a></td><td></td></tr>\n</tbody></table>";
        assert_eq!(
            super::table_rows(html),
            [vec!["Lijn", "Frequentie (2025)"], vec!["Mons & Valenciennes", "elk uur"], vec!["Zie Akkoord §3", ""]]
        );
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
