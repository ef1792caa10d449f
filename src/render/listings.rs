//! Listings: which declarations and blocks each list page shows, computed once per
//! render in one pass over the site, and cut into pages of bounded size so that no
//! page grows with the collection (a theme of a 5,000-declaration site lists 1,500
//! declarations: 75 pages of 20, not one page of 20 MB).
//!
//! Themes and parties are numbered by their place in the registry (sorted by id), so
//! counting is array work, not map lookups.

use crate::fx::HashMap;
use crate::link::Site;
use crate::model::{Lang, PartyId, ThemeId};
use std::collections::BTreeMap;

/// Declarations per page of a plain list (home, year, kind, open data).
pub const LIST_PAGE: usize = 50;
/// Declarations (each with its matching blocks) per page of a theme or party.
pub const GROUP_PAGE: usize = 20;

/// How many pages a list of `items` takes; an empty list still has its first page.
pub fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per).max(1)
}

/// The items of page `n` (1-based).
pub fn page_of<T>(items: &[T], per: usize, n: usize) -> &[T] {
    let start = (n.saturating_sub(1) * per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

/// A declaration in a theme's or party's listing, with the blocks of the text shown
/// to the reader that carry the tag (indexes into `text_for(lang).blocks`). A party's
/// listing also holds declarations it is a party to without any annotated block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub decl: usize,
    pub blocks: Vec<u32>,
}

/// Everything tagged with one theme (with its sub-themes) or one party, in one language.
#[derive(Clone, Debug, Default)]
pub struct Tagged {
    /// Newest declaration first, like `Site::declarations`.
    pub groups: Vec<Group>,
    /// Number of blocks.
    pub blocks: usize,
    /// The other kind of tag on these blocks with its block count, most first: parties
    /// for a theme, themes for a party.
    pub related: Vec<(usize, usize)>,
}

/// The listings of one reader language.
#[derive(Debug, Default)]
pub struct LangListings {
    /// Indexed like [`Listings::themes`].
    pub themes: Vec<Tagged>,
    /// Indexed like [`Listings::parties`].
    pub parties: Vec<Tagged>,
}

/// Owned (it borrows nothing from the site), so that live preview can keep it from one
/// rebuild to the next while no declaration moves (see `affected.rs`).
#[derive(Debug)]
pub struct Listings {
    pub themes: Vec<ThemeId>,
    pub parties: Vec<PartyId>,
    theme_pos: HashMap<ThemeId, usize>,
    party_pos: HashMap<PartyId, usize>,
    pub langs: BTreeMap<Lang, LangListings>,
    /// Declaration positions per year and per kind, newest first.
    pub years: BTreeMap<i32, Vec<usize>>,
    pub kinds: BTreeMap<String, Vec<usize>>,
}

impl Listings {
    pub fn new(site: &Site) -> Listings {
        let themes: Vec<ThemeId> = site.registry.themes.keys().cloned().collect();
        let parties: Vec<PartyId> = site.registry.parties.keys().cloned().collect();
        let theme_pos: HashMap<ThemeId, usize> = themes.iter().enumerate().map(|(i, t)| (t.clone(), i)).collect();
        let party_pos: HashMap<PartyId, usize> = parties.iter().enumerate().map(|(i, p)| (p.clone(), i)).collect();
        // Each theme with its ancestors: a block about a sub-theme is listed under its parents too.
        let up: Vec<Vec<usize>> = themes
            .iter()
            .map(|t| site.registry.theme_ancestors(t).into_iter().filter_map(|a| theme_pos.get(a).copied()).collect())
            .collect();
        let langs = std::thread::scope(|scope| {
            let handles: Vec<_> = site
                .config
                .languages
                .iter()
                .map(|lang| {
                    let (up, theme_pos, party_pos) = (&up, &theme_pos, &party_pos);
                    (lang.clone(), scope.spawn(move || for_lang(site, lang, up, theme_pos, party_pos)))
                })
                .collect();
            handles.into_iter().map(|(l, h)| (l, h.join().expect("listing thread"))).collect()
        });
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        let mut kinds: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, d) in site.declarations.iter().enumerate() {
            years.entry(d.date.year).or_default().push(i);
            match kinds.get_mut(d.kind.as_str()) {
                Some(v) => v.push(i),
                None => drop(kinds.insert(d.kind.clone(), vec![i])),
            }
        }
        Listings { themes, parties, theme_pos, party_pos, langs, years, kinds }
    }

    pub fn theme_index(&self, id: &ThemeId) -> Option<usize> {
        self.theme_pos.get(id).copied()
    }

    pub fn party_index(&self, id: &PartyId) -> Option<usize> {
        self.party_pos.get(id).copied()
    }

    fn lang(&self, lang: &Lang) -> &LangListings {
        self.langs.get(lang).expect("a listing for every site language")
    }

    pub fn theme(&self, lang: &Lang, id: &ThemeId) -> &Tagged {
        &self.lang(lang).themes[self.theme_index(id).expect("a known theme")]
    }

    pub fn party(&self, lang: &Lang, id: &PartyId) -> &Tagged {
        &self.lang(lang).parties[self.party_index(id).expect("a known party")]
    }

    /// Page (1-based) of a theme's or party's listing that shows declaration `decl`.
    pub fn page_with(tagged: &Tagged, decl: usize) -> Option<usize> {
        let i = tagged.groups.binary_search_by(|g| g.decl.cmp(&decl)).ok()?;
        Some(i / GROUP_PAGE + 1)
    }
}

fn push(t: &mut Tagged, decl: usize, block: u32) {
    t.blocks += 1;
    match t.groups.last_mut() {
        Some(g) if g.decl == decl => g.blocks.push(block),
        _ => t.groups.push(Group { decl, blocks: vec![block] }),
    }
}

fn for_lang(
    site: &Site,
    lang: &Lang,
    up: &[Vec<usize>],
    theme_pos: &HashMap<ThemeId, usize>,
    party_pos: &HashMap<PartyId, usize>,
) -> LangListings {
    let (nt, np) = (theme_pos.len(), party_pos.len());
    let mut themes = vec![Tagged::default(); nt];
    let mut parties = vec![Tagged::default(); np];
    // Blocks per (theme, party).
    let mut pair = vec![0usize; nt * np];
    // The last block that counted each tag: a tag is counted once per block.
    let (mut seen_t, mut seen_p) = (vec![usize::MAX; nt], vec![usize::MAX; np]);
    let (mut ts, mut ps) = (Vec::new(), Vec::new());
    let mut serial = 0;
    for (di, d) in site.declarations.iter().enumerate() {
        for (bi, b) in d.text_for(lang).blocks.iter().enumerate() {
            serial += 1;
            ts.clear();
            ps.clear();
            for t in b.themes.iter().filter_map(|(t, _)| theme_pos.get(t)) {
                for &a in &up[*t] {
                    if seen_t[a] != serial {
                        seen_t[a] = serial;
                        ts.push(a);
                    }
                }
            }
            for &p in b.parties.iter().filter_map(|(p, _)| party_pos.get(p)) {
                if seen_p[p] != serial {
                    seen_p[p] = serial;
                    ps.push(p);
                }
            }
            for &t in &ts {
                push(&mut themes[t], di, bi as u32);
                for &p in &ps {
                    pair[t * np + p] += 1;
                }
            }
            for &p in &ps {
                push(&mut parties[p], di, bi as u32);
            }
        }
        for &p in d.parties.iter().filter_map(|p| party_pos.get(p)) {
            if parties[p].groups.last().is_none_or(|g| g.decl != di) {
                parties[p].groups.push(Group { decl: di, blocks: Vec::new() });
            }
        }
    }
    let ranked = |counts: Vec<(usize, usize)>| {
        let mut v: Vec<(usize, usize)> = counts.into_iter().filter(|(_, n)| *n > 0).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    for (t, tagged) in themes.iter_mut().enumerate() {
        tagged.related = ranked((0..np).map(|p| (p, pair[t * np + p])).collect());
    }
    for (p, tagged) in parties.iter_mut().enumerate() {
        tagged.related = ranked((0..nt).map(|t| (t, pair[t * np + p])).collect());
    }
    LangListings { themes, parties }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_bounded_and_cover_everything() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
        let items: Vec<usize> = (0..45).collect();
        assert_eq!(page_of(&items, 20, 1).len(), 20);
        assert_eq!(page_of(&items, 20, 3), &[40, 41, 42, 43, 44]);
        assert!(page_of(&items, 20, 4).is_empty());
        let all: Vec<usize> = (1..=page_count(45, 20)).flat_map(|n| page_of(&items, 20, n).to_vec()).collect();
        assert_eq!(all, items);
    }

    #[test]
    fn the_page_holding_a_declaration_is_found() {
        let tagged = Tagged { groups: (0..50).map(|i| Group { decl: i * 2, blocks: vec![0] }).collect(), blocks: 50, related: Vec::new() };
        assert_eq!(Listings::page_with(&tagged, 0), Some(1));
        assert_eq!(Listings::page_with(&tagged, 38), Some(1));
        assert_eq!(Listings::page_with(&tagged, 40), Some(2));
        assert_eq!(Listings::page_with(&tagged, 98), Some(3));
        assert_eq!(Listings::page_with(&tagged, 3), None);
    }
}
