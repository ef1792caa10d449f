//! Search: site → a static index, split so that a query loads only what it needs, and
//! written as script files (not JSON) so that it loads from `file://` too, where
//! browsers refuse `fetch`. Nothing else is needed at view time: no server, no network.
//!
//! ```text
//! search/meta.js        declarations (slug, year, kind), facet ids, theme tree, tag sets
//! search/s/{key}.js     a shard: word forms starting with {key} (two letters) → stems,
//!                       and each stem's postings [decl, block, lang, score, themes, parties]
//! search/d/{slug}.js    one declaration's titles and block texts, for result excerpts
//! ```
//!
//! Matching is at block granularity. Words are folded (case, diacritics) and stemmed
//! with Snowball at build time (see [`text`]); the browser looks words and prefixes up
//! in the shard and never stems. Scores are BM25 over blocks, computed here. A theme's
//! or party's name also finds the blocks annotated with it.

pub mod text;

use crate::link::Site;
use crate::model::{Lang, PartyId, ThemeId};
use crate::render::urls::SitePath;
use crate::render::{Content, Output};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use text::{fold, stem, stemmer, words};

/// Postings kept per stem, best first: beyond this a word is too common to rank on.
pub const MAX_POSTINGS: usize = 5000;
/// Weight of a block's theme and party names against its own words: a block that
/// only carries the tag ranks below blocks that say the word.
const LABEL_WEIGHT: f64 = 0.25;

/// The shard a folded word form belongs to: its first two characters, spelt safely
/// for a file name.
pub fn shard_key(form: &str) -> String {
    form.chars()
        .take(2)
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() { c.to_string() } else { format!("u{:x}", c as u32) })
        .collect()
}

/// One block's hit for a stem: declaration, block, language, score, theme set, party set.
type Posting = (u32, u32, u8, u32, u32, u32);

#[derive(Serialize)]
struct Meta<'a> {
    langs: Vec<&'a str>,
    /// [slug, year, kind index, ISO date]
    decls: Vec<(&'a str, i32, usize, String)>,
    kinds: Vec<&'a str>,
    themes: Vec<&'a str>,
    /// Parent index of each theme, -1 for none.
    parents: Vec<i64>,
    parties: Vec<&'a str>,
    themesets: Vec<Vec<usize>>,
    partysets: Vec<Vec<usize>>,
}

#[derive(Serialize, Default)]
struct Shard {
    /// Folded word form → the stems it is indexed under.
    f: BTreeMap<String, BTreeSet<String>>,
    /// Stem → postings, best first.
    p: BTreeMap<String, Vec<Posting>>,
}

#[derive(Serialize)]
struct Doc<'a> {
    t: BTreeMap<&'a str, &'a str>,
    /// Language → [block id, text] in reading order (the block index of postings).
    b: BTreeMap<&'a str, Vec<(&'a str, &'a str)>>,
}

fn script(call: &str, key: &str, data: &impl Serialize) -> Vec<u8> {
    let json = serde_json::to_string(data).expect("search data serialises");
    format!("diptychSearch.{call}({},{json});\n", serde_json::to_string(key).expect("key")).into_bytes()
}

/// Builds every file of the search index.
pub fn build(site: &Site) -> Vec<Output> {
    let langs: Vec<&Lang> = site.config.languages.iter().collect();
    let kinds: Vec<&str> = site.declarations.iter().map(|d| d.kind.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
    let theme_ids: Vec<&ThemeId> = site.registry.themes.keys().collect();
    let party_ids: Vec<&PartyId> = site.registry.parties.keys().collect();
    let theme_idx = |t: &ThemeId| theme_ids.iter().position(|x| *x == t);
    let party_idx = |p: &PartyId| party_ids.iter().position(|x| *x == p);
    let mut themesets: Vec<Vec<usize>> = Vec::new();
    let mut partysets: Vec<Vec<usize>> = Vec::new();
    let intern = |sets: &mut Vec<Vec<usize>>, set: Vec<usize>| -> u32 {
        match sets.iter().position(|s| *s == set) {
            Some(i) => i as u32,
            None => {
                sets.push(set);
                (sets.len() - 1) as u32
            }
        }
    };
    let stemmers: BTreeMap<&Lang, Option<rust_stemmers::Stemmer>> = langs.iter().map(|l| (*l, stemmer(l.as_str()))).collect();

    // Words of theme and party labels, in every language, as (stem, form) pairs.
    let label_terms = |labels: &BTreeMap<Lang, String>| -> Vec<(String, String)> {
        labels
            .iter()
            .flat_map(|(l, text)| {
                let s = stemmers.get(l).and_then(|s| s.as_ref());
                words(text).map(move |w| (stem(s, &w), fold(&w))).collect::<Vec<_>>()
            })
            .collect()
    };
    let theme_terms: BTreeMap<&ThemeId, Vec<(String, String)>> =
        site.registry.themes.iter().map(|(id, t)| (id, label_terms(&t.label))).collect();
    let party_terms: BTreeMap<&PartyId, Vec<(String, String)>> =
        site.registry.parties.iter().map(|(id, p)| (id, label_terms(&p.name))).collect();

    // Term frequencies per block.
    struct BlockTerms {
        key: (u32, u32, u8),
        len: usize,
        tf: BTreeMap<String, f64>,
        /// Words of the block's theme and party names.
        label_tf: BTreeMap<String, f64>,
        themes: u32,
        parties: u32,
    }
    let mut blocks: Vec<BlockTerms> = Vec::new();
    let mut forms: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (d, decl) in site.declarations.iter().enumerate() {
        for (l, lang) in langs.iter().enumerate() {
            let Some(doc) = decl.translations.get(*lang) else { continue };
            let s = stemmers.get(lang).and_then(|s| s.as_ref());
            for (b, block) in doc.blocks.iter().enumerate() {
                let mut tf: BTreeMap<String, f64> = BTreeMap::new();
                let mut label_tf: BTreeMap<String, f64> = BTreeMap::new();
                let mut len = 0;
                for w in words(&block.text) {
                    let st = stem(s, &w);
                    forms.entry(fold(&w)).or_default().insert(st.clone());
                    *tf.entry(st).or_default() += 1.0;
                    len += 1;
                }
                let tags = block
                    .themes
                    .iter()
                    .filter_map(|(t, _)| theme_terms.get(t))
                    .chain(block.parties.iter().filter_map(|(p, _)| party_terms.get(p)));
                for (st, form) in tags.flatten() {
                    forms.entry(form.clone()).or_default().insert(st.clone());
                    *label_tf.entry(st.clone()).or_default() += 1.0;
                }
                let mut ts: Vec<usize> = block.themes.iter().filter_map(|(t, _)| theme_idx(t)).collect();
                ts.sort_unstable();
                ts.dedup();
                let mut ps: Vec<usize> = block.parties.iter().filter_map(|(p, _)| party_idx(p)).collect();
                ps.sort_unstable();
                ps.dedup();
                blocks.push(BlockTerms {
                    key: (d as u32, b as u32, l as u8),
                    len,
                    tf,
                    label_tf,
                    themes: intern(&mut themesets, ts),
                    parties: intern(&mut partysets, ps),
                });
            }
        }
    }

    // BM25 over blocks.
    let n = blocks.len().max(1) as f64;
    let avg = blocks.iter().map(|b| b.len).sum::<usize>().max(1) as f64 / n;
    let mut df: BTreeMap<&str, usize> = BTreeMap::new();
    for b in &blocks {
        for t in b.tf.keys().chain(b.label_tf.keys().filter(|k| !b.tf.contains_key(*k))) {
            *df.entry(t.as_str()).or_default() += 1;
        }
    }
    let (k1, bb) = (1.2, 0.75);
    let bm25 = |tf: f64, idf: f64, len: usize| idf * tf * (k1 + 1.0) / (tf + k1 * (1.0 - bb + bb * len as f64 / avg));
    let mut postings: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
    for b in &blocks {
        let stems: BTreeSet<&String> = b.tf.keys().chain(b.label_tf.keys()).collect();
        for t in stems {
            let dfv = df[t.as_str()] as f64;
            let idf = (1.0 + (n - dfv + 0.5) / (dfv + 0.5)).ln();
            let text = b.tf.get(t).map_or(0.0, |tf| bm25(*tf, idf, b.len));
            // Names are scored as if the block were of average length.
            let label = b.label_tf.get(t).map_or(0.0, |tf| LABEL_WEIGHT * bm25(*tf, idf, avg as usize));
            let (d, blk, l) = b.key;
            postings.entry(t.clone()).or_default().push((d, blk, l, ((text + label) * 1000.0).round() as u32, b.themes, b.parties));
        }
    }
    for list in postings.values_mut() {
        // Best first; ties in document order, so the output is stable.
        list.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| (a.0, a.2, a.1).cmp(&(b.0, b.2, b.1))));
        list.truncate(MAX_POSTINGS);
    }

    // Shards by the first two letters of the form.
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    for (form, stems) in forms {
        let shard = shards.entry(shard_key(&form)).or_default();
        for st in &stems {
            if let Some(p) = postings.get(st) {
                shard.p.entry(st.clone()).or_insert_with(|| p.clone());
            }
        }
        shard.f.insert(form, stems);
    }

    let meta = Meta {
        langs: langs.iter().map(|l| l.as_str()).collect(),
        decls: site
            .declarations
            .iter()
            .map(|d| (d.slug.as_str(), d.date.year, kinds.iter().position(|k| *k == d.kind).unwrap_or(0), d.date.to_string()))
            .collect(),
        kinds: kinds.clone(),
        themes: theme_ids.iter().map(|t| t.as_str()).collect(),
        parents: site.registry.themes.values().map(|t| t.parent.as_ref().and_then(|p| theme_idx(p)).map_or(-1, |i| i as i64)).collect(),
        parties: party_ids.iter().map(|p| p.as_str()).collect(),
        themesets,
        partysets,
    };
    let mut out = vec![Output { path: SitePath("search/meta.js".into()), content: Content::Bytes(script("meta", "", &meta)) }];
    for (key, shard) in &shards {
        out.push(Output { path: SitePath(format!("search/s/{key}.js")), content: Content::Bytes(script("shard", key, shard)) });
    }
    for decl in &site.declarations {
        let doc = Doc {
            t: decl.translations.iter().map(|(l, t)| (l.as_str(), t.front.title.as_deref().unwrap_or(""))).collect(),
            b: decl
                .translations
                .iter()
                .map(|(l, t)| (l.as_str(), t.blocks.iter().map(|b| (b.id.as_str(), b.text.as_str())).collect()))
                .collect(),
        };
        out.push(Output {
            path: SitePath(format!("search/d/{}.js", decl.slug)),
            content: Content::Bytes(script("doc", decl.slug.as_str(), &doc)),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn shard_keys_are_safe_file_names() {
        assert_eq!(super::shard_key("waterstof"), "wa");
        assert_eq!(super::shard_key("a"), "a");
        assert_eq!(super::shard_key("ελλάδα"), "u3b5u3bb");
    }
}
