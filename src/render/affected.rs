//! Which pages a change touches, for live preview: compare the site before and after
//! an edit and list the pages whose content can differ. Anything this module cannot
//! judge (configuration, themes and parties, free pages, a declaration added or
//! removed) means "everything". The rules follow what each page shows (see
//! `pages.rs`); a test holds that an incremental rebuild equals a full one.

use super::PageJob;
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
        d.signatories.iter().map(|s| (&s.name, &s.party, &s.roles)).collect::<Vec<_>>(),
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

/// Everything rendered from a declaration's text.
fn text_key(t: &ParsedDoc) -> String {
    format!(
        "{}|{:?}|{:?}",
        t.body_html,
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

/// Pages of `new` that may differ from `old`; `None` when everything must be rendered.
pub fn affected<'a>(old: &Site, new: &'a Site) -> Option<Vec<PageJob<'a>>> {
    let same_registry = format!("{:?}", old.registry.themes.values().map(|t| (&t.id, &t.label, &t.parent)).collect::<Vec<_>>())
        == format!("{:?}", new.registry.themes.values().map(|t| (&t.id, &t.label, &t.parent)).collect::<Vec<_>>())
        && format!("{:?}", old.registry.parties.values().map(|p| (&p.id, &p.name, &p.kind, &p.part_of)).collect::<Vec<_>>())
            == format!("{:?}", new.registry.parties.values().map(|p| (&p.id, &p.name, &p.kind, &p.part_of)).collect::<Vec<_>>());
    let same_config = format!("{:?}", old.config) == format!("{:?}", new.config);
    let same_set = old.declarations.iter().map(|d| &d.slug).collect::<BTreeSet<_>>()
        == new.declarations.iter().map(|d| &d.slug).collect::<BTreeSet<_>>();
    let same_pages = format!(
        "{:?}",
        old.pages.iter().map(|p| p.translations.values().map(|t| (&t.front.title, &t.body_html)).collect::<Vec<_>>()).collect::<Vec<_>>()
    ) == format!(
        "{:?}",
        new.pages.iter().map(|p| p.translations.values().map(|t| (&t.front.title, &t.body_html)).collect::<Vec<_>>()).collect::<Vec<_>>()
    );
    let years_of = |s: &Site| s.declarations.iter().map(|d| d.date.year).collect::<BTreeSet<_>>();
    let kinds_of = |s: &Site| s.declarations.iter().map(|d| d.kind.clone()).collect::<BTreeSet<_>>();
    // A year or kind page appearing or disappearing changes navigation everywhere.
    let same_lists = years_of(old) == years_of(new) && kinds_of(old) == kinds_of(new);
    if !(same_registry && same_config && same_set && same_pages && same_lists) {
        return None;
    }
    let mut decl_pages: BTreeSet<Slug> = BTreeSet::new();
    let mut themes: BTreeSet<ThemeId> = BTreeSet::new();
    let mut parties: BTreeSet<PartyId> = BTreeSet::new();
    let mut years: BTreeSet<i32> = BTreeSet::new();
    let mut kinds: BTreeSet<String> = BTreeSet::new();
    let mut lists = false;
    for n in &new.declarations {
        let o = old.declaration(&n.slug).expect("same set of declarations");
        let meta = meta_key(o) != meta_key(n);
        let tags = o.translations.len() != n.translations.len()
            || o.translations.iter().zip(&n.translations).any(|((la, a), (lb, b))| la != lb || tags_key(a) != tags_key(b));
        let text = o.translations.iter().zip(&n.translations).any(|((_, a), (_, b))| text_key(a) != text_key(b));
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
        } else {
            // Only text changed: the pages that show the changed blocks' excerpts.
            for (t_old, t_new) in o.translations.values().zip(n.translations.values()) {
                for (a, b) in t_old.blocks.iter().zip(&t_new.blocks) {
                    if a.text != b.text || a.html != b.html {
                        for id in a.themes.iter().chain(&b.themes).map(|(t, _)| t) {
                            themes.extend(new.registry.theme_ancestors(id).into_iter().cloned());
                        }
                        parties.extend(a.parties.iter().chain(&b.parties).map(|(p, _)| p.clone()));
                    }
                }
            }
        }
        if meta || tags {
            // Titles, dates and counts appear on lists, and on the pages that refer to
            // this declaration or that it refers to (backlinks).
            lists = true;
            years.insert(o.date.year);
            years.insert(n.date.year);
            kinds.insert(o.kind.clone());
            kinds.insert(n.kind.clone());
            for site in [old, new] {
                for (target, sources) in &site.backlinks {
                    if target == &n.slug {
                        decl_pages.extend(sources.iter().cloned());
                    }
                    if sources.contains(&n.slug) {
                        decl_pages.insert(target.clone());
                    }
                }
            }
        }
    }
    let mut jobs = Vec::new();
    for lang in &new.config.languages {
        let lang: &'a Lang = lang;
        for d in new.declarations.iter().filter(|d| decl_pages.contains(&d.slug)) {
            jobs.push(PageJob::Declaration(lang, d));
            jobs.push(PageJob::Parallel(lang, d));
        }
        jobs.extend(new.registry.themes.values().filter(|t| themes.contains(&t.id)).map(|t| PageJob::Theme(lang, t)));
        jobs.extend(new.registry.parties.values().filter(|p| parties.contains(&p.id)).map(|p| PageJob::Party(lang, p)));
        if lists {
            jobs.extend([PageJob::Home(lang), PageJob::Themes(lang), PageJob::Parties(lang), PageJob::Data(lang)]);
            // Free pages show the titles of the declarations they refer to.
            jobs.extend(new.pages.iter().map(|p| PageJob::Page(lang, p)));
            let new_kinds: BTreeSet<&str> = new.declarations.iter().map(|d| d.kind.as_str()).collect();
            jobs.extend(years.iter().map(|y| PageJob::Year(lang, *y)));
            jobs.extend(new_kinds.into_iter().filter(|k| kinds.contains(*k)).map(|k| PageJob::Kind(lang, k)));
        }
    }
    Some(jobs)
}
