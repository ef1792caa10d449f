//! Which pages a change touches, for live preview: compare the site before and after
//! an edit and list the pages whose content can differ. Anything this module cannot
//! judge (configuration, themes and parties, free pages, a declaration added or
//! removed) means "everything". The rules follow what each page shows (see
//! `pages.rs`); a test holds that an incremental rebuild equals a full one.
//!
//! Lists are paged (see `listings.rs`): an edit that leaves a declaration where it
//! is in every list (same date, same tags) touches only the one page of each list
//! that shows it; otherwise every page of the lists it was or is on.

use super::listings::{GROUP_PAGE, LIST_PAGE, Listings, Tagged, page_count};
use super::{PageJob, Renderer};
use crate::link::{Declaration, Site};
use crate::model::{Lang, ParsedDoc, PartyId, Slug, ThemeId};
use std::collections::BTreeSet;

/// What a declaration shows in lists and on other pages (title, date, kind, …).
fn meta_key(d: &Declaration) -> String {
    let fronts: Vec<String> = d
        .translations
        .values()
        .map(|t| {
            let f = &t.front;
            format!(
                "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
                f.title,
                f.place,
                f.translation.as_ref().map(|x| &x.0),
                f.source,
                f.publisher,
                f.summary,
                f.notes,
                t.blocks.iter().map(|b| &b.id).collect::<Vec<_>>()
            )
        })
        .collect();
    format!(
        "{}|{}|{:?}|{}|{:?}|{:?}|{:?}",
        d.date,
        d.kind,
        d.parties,
        d.original,
        d.signatories.iter().map(|s| (&s.name, &s.names, &s.party, &s.roles)).collect::<Vec<_>>(),
        d.themes,
        fronts
    )
}

/// The annotations of a declaration's blocks.
fn tags_key(t: &ParsedDoc) -> String {
    format!(
        "{:?}",
        t.blocks
            .iter()
            .map(|b| (&b.id, b.themes.iter().map(|x| &x.0).collect::<Vec<_>>(), b.parties.iter().map(|x| &x.0).collect::<Vec<_>>()))
            .collect::<Vec<_>>()
    )
}

/// Everything rendered from a declaration's text, but its body HTML and its blocks'
/// texts (compared packed).
fn text_key(t: &ParsedDoc) -> String {
    format!(
        "{:?}|{:?}",
        t.blocks.iter().map(|b| (&b.html, &b.text)).collect::<Vec<_>>(),
        t.refs.iter().map(|r| (&r.slug, &r.block)).collect::<Vec<_>>()
    )
}

fn themes_of(d: &Declaration, site: &Site, into: &mut BTreeSet<ThemeId>) {
    for t in d.translations.values() {
        for b in &t.blocks {
            for (id, _) in &b.themes {
                into.extend(site.registry.theme_ancestors(id).into_iter().cloned());
            }
        }
    }
}

fn parties_of(d: &Declaration, into: &mut BTreeSet<PartyId>) {
    into.extend(d.parties.iter().cloned());
    for t in d.translations.values() {
        for b in &t.blocks {
            into.extend(b.parties.iter().map(|(p, _)| p.clone()));
        }
    }
}

/// Every page (1-based) of a list of `items` at `per` a page.
fn all_pages(items: usize, per: usize) -> std::ops::RangeInclusive<usize> {
    1..=page_count(items, per)
}

/// The page of a plain list (declaration positions, newest first) showing `decl`.
fn list_page_with(decls: &[usize], decl: usize) -> Option<usize> {
    decls.binary_search_by(|d| d.cmp(&decl)).ok().map(|i| i / LIST_PAGE + 1)
}

/// What an edit changed, judged by comparing the site before and after it.
#[derive(Debug)]
pub struct Change {
    /// Declarations whose own pages change.
    decl_pages: BTreeSet<Slug>,
    /// Tags whose pages show a changed declaration.
    themes: BTreeSet<ThemeId>,
    parties: BTreeSet<PartyId>,
    /// Positions of the declarations whose listing entries change.
    entries: Vec<usize>,
    /// Declarations may have moved in the theme and party lists (tags or dates
    /// changed), and in the plain lists (dates changed).
    moved: bool,
    moved_in_lists: bool,
    /// Titles, dates, kinds, parties or tags changed: lists and counts change.
    lists: bool,
    years: BTreeSet<i32>,
    kinds: BTreeSet<String>,
}

impl Change {
    /// Whether the listings of the site before the edit are those of the site after
    /// it: only text changed, so no declaration moved, came or went in any list.
    pub fn keeps_listings(&self) -> bool {
        !self.lists
    }
}

/// What changed from `old` to `new`; `None` when everything must be rendered.
pub fn change(old: &Site, new: &Site) -> Option<Change> {
    {
        let same_registry = format!("{:?}", old.registry.themes.values().map(|t| (&t.id, &t.label, &t.parent)).collect::<Vec<_>>())
            == format!("{:?}", new.registry.themes.values().map(|t| (&t.id, &t.label, &t.parent)).collect::<Vec<_>>())
            && format!("{:?}", old.registry.parties.values().map(|p| (&p.id, &p.name, &p.kind, &p.part_of)).collect::<Vec<_>>())
                == format!("{:?}", new.registry.parties.values().map(|p| (&p.id, &p.name, &p.kind, &p.part_of)).collect::<Vec<_>>());
        let same_config = format!("{:?}", old.config) == format!("{:?}", new.config);
        // The same set of declarations: as many, and each new one found among the old
        // (checked in the loop below).
        let same_set = old.declarations.len() == new.declarations.len();
        let page_key =
            |s: &Site| s.pages.iter().map(|p| p.translations.values().map(|t| t.source_hash).collect::<Vec<_>>()).collect::<Vec<_>>();
        let same_pages = old.pages.len() == new.pages.len() && page_key(old) == page_key(new);
        let years_of = |s: &Site| s.declarations.iter().map(|d| d.date.year).collect::<BTreeSet<_>>();
        fn kinds_of(s: &Site) -> BTreeSet<&str> {
            s.declarations.iter().map(|d| d.kind.as_str()).collect()
        }
        // A year or kind page appearing or disappearing changes navigation everywhere.
        let same_lists = years_of(old) == years_of(new) && kinds_of(old) == kinds_of(new);
        if !(same_registry && same_config && same_set && same_pages && same_lists) {
            return None;
        }
        // Declarations whose pages change; per tag, the declarations whose listing
        // entry changes, and whether the listing may have moved (then: all its pages).
        let mut decl_pages: BTreeSet<Slug> = BTreeSet::new();
        let mut themes: BTreeSet<ThemeId> = BTreeSet::new();
        let mut parties: BTreeSet<PartyId> = BTreeSet::new();
        let mut entries: Vec<usize> = Vec::new();
        // Whether declarations may have moved in the theme and party lists (tags or
        // dates changed), and in the plain lists (dates changed).
        let (mut moved, mut moved_in_lists) = (false, false);
        let mut lists = false;
        let mut years: BTreeSet<i32> = BTreeSet::new();
        let mut kinds: BTreeSet<String> = BTreeSet::new();
        for (pos, n) in new.declarations.iter().enumerate() {
            let o = old.declaration(&n.slug)?;
            if std::ptr::eq(o, &**n) {
                // Reused whole by link: nothing about it changed.
                continue;
            }
            let same_sources = o.translations.len() == n.translations.len()
                && o.translations.iter().zip(&n.translations).all(|((la, a), (lb, b))| la == lb && a.source_hash == b.source_hash);
            if same_sources {
                continue;
            }
            let meta = meta_key(o) != meta_key(n);
            let tags = o.translations.len() != n.translations.len()
                || o.translations.iter().zip(&n.translations).any(|((la, a), (lb, b))| la != lb || tags_key(a) != tags_key(b));
            let text = o
                .translations
                .iter()
                .zip(&n.translations)
                .any(|((_, a), (_, b))| a.body != b.body || a.texts != b.texts || text_key(a) != text_key(b));
            if !(meta || tags || text) {
                continue;
            }
            decl_pages.insert(n.slug.clone());
            if meta || tags {
                // Theme and party pages list this declaration's blocks with excerpts.
                themes_of(o, old, &mut themes);
                themes_of(n, new, &mut themes);
                parties_of(o, &mut parties);
                parties_of(n, &mut parties);
                moved |= tags || o.date != n.date;
                moved_in_lists |= o.date != n.date;
            } else {
                // Only text changed: the pages that show the changed blocks' excerpts.
                for (t_old, t_new) in o.translations.values().zip(n.translations.values()) {
                    let (body_old, body_new) = (t_old.body.unpack(), t_new.body.unpack());
                    let (texts_old, texts_new) = (t_old.texts.unpack(), t_new.texts.unpack());
                    for (a, b) in t_old.blocks.iter().zip(&t_new.blocks) {
                        if a.text_in(&texts_old) != b.text_in(&texts_new) || a.html_in(&body_old) != b.html_in(&body_new) {
                            for id in a.themes.iter().chain(&b.themes).map(|(t, _)| t) {
                                themes.extend(new.registry.theme_ancestors(id).into_iter().cloned());
                            }
                            parties.extend(a.parties.iter().chain(&b.parties).map(|(p, _)| p.clone()));
                        }
                    }
                }
            }
            entries.push(pos);
            if meta || tags {
                // Titles, dates and counts appear on lists, and on the pages that refer to
                // this declaration or that it refers to (backlinks).
                lists = true;
                years.insert(o.date.year);
                years.insert(n.date.year);
                kinds.insert(o.kind.clone());
                kinds.insert(n.kind.clone());
                for site in [old, new] {
                    if let Some(sources) = site.backlinks.get(&n.slug) {
                        decl_pages.extend(sources.iter().cloned());
                    }
                    for (target, sources) in &site.backlinks {
                        if sources.contains(&n.slug) {
                            decl_pages.insert(target.clone());
                        }
                    }
                }
            }
        }
        Some(Change { decl_pages, themes, parties, entries, moved, moved_in_lists, lists, years, kinds })
    }
}

impl<'a> Renderer<'a> {
    /// Pages of this renderer's site that may differ after `change`.
    pub fn affected(&self, change: &Change) -> Vec<PageJob<'a>> {
        let new: &'a Site = self.site;
        let Change { decl_pages, themes, parties, entries, moved, moved_in_lists, lists, years, kinds } = change;
        let (moved, moved_in_lists, lists) = (*moved, *moved_in_lists, *lists);
        let l = &self.listings;
        // The pages of a tag's listing to render again.
        let tag_pages = |tagged: &Tagged| -> Vec<usize> {
            if moved {
                all_pages(tagged.groups.len(), GROUP_PAGE).collect()
            } else {
                let mut v: Vec<usize> = entries.iter().filter_map(|&d| Listings::page_with(tagged, d)).collect();
                v.sort_unstable();
                v.dedup();
                v
            }
        };
        let list_pages = |decls: &[usize]| -> Vec<usize> {
            if moved_in_lists {
                all_pages(decls.len(), LIST_PAGE).collect()
            } else {
                let mut v: Vec<usize> = entries.iter().filter_map(|&d| list_page_with(decls, d)).collect();
                v.sort_unstable();
                v.dedup();
                v
            }
        };
        let all: Vec<usize> = (0..new.declarations.len()).collect();
        let mut jobs = Vec::new();
        for lang in &new.config.languages {
            let lang: &'a Lang = lang;
            for slug in decl_pages {
                if let Some(d) = new.declaration(slug) {
                    jobs.push(PageJob::Declaration(lang, d));
                    jobs.push(PageJob::Parallel(lang, d));
                }
            }
            for t in new.registry.themes.values().filter(|t| themes.contains(&t.id)) {
                jobs.extend(tag_pages(l.theme(lang, &t.id)).into_iter().map(|n| PageJob::Theme(lang, t, n)));
            }
            for p in new.registry.parties.values().filter(|p| parties.contains(&p.id)) {
                jobs.extend(tag_pages(l.party(lang, &p.id)).into_iter().map(|n| PageJob::Party(lang, p, n)));
            }
            if lists {
                jobs.extend([PageJob::Themes(lang), PageJob::Parties(lang)]);
                // The first page of home has the timeline and counts.
                let mut home = list_pages(&all);
                if !home.contains(&1) {
                    home.insert(0, 1);
                }
                jobs.extend(home.into_iter().map(|n| PageJob::Home(lang, n)));
                jobs.extend(list_pages(&all).into_iter().map(|n| PageJob::Data(lang, n)));
                // Free pages show the titles of the declarations they refer to.
                jobs.extend(new.pages.iter().map(|p| PageJob::Page(lang, p)));
                for (y, decls) in l.years.iter().filter(|(y, _)| years.contains(y)) {
                    jobs.extend(list_pages(decls).into_iter().map(|n| PageJob::Year(lang, *y, n)));
                }
                for decls in l.kinds.iter().filter(|(k, _)| kinds.contains(k.as_str())).map(|(_, d)| d) {
                    let k: &'a str = &new.declarations[decls[0]].kind;
                    jobs.extend(list_pages(decls).into_iter().map(|n| PageJob::Kind(lang, k, n)));
                }
            }
        }
        jobs
    }
}
