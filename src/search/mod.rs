//! Search: site → a static index, split so that a query loads only what it needs, and
//! written as script files (not JSON) so that it loads from `file://` too, where
//! browsers refuse `fetch`. Nothing else is needed at view time: no server, no network.
//!
//! ```text
//! search/meta.js               languages, kinds, themes (with their parents), parties,
//!                              per declaration its year and kind (facets), and the
//!                              first shard key of each form file
//! search/f/{n}.js              a form file: form shards (folded word forms starting
//!                              with the shard's two letters → stem ids) in key order,
//!                              packed to about FORM_BYTES, and for their stems
//!                              [bucket, df]
//! search/p/{n}.js              a posting bucket: consecutive stems' postings, packed to
//!                              about BUCKET_BYTES (a big stem alone); each stem once,
//!                              with the excerpts of its best blocks
//! search/d/{lang}/{d}-{c}.js   excerpt chunk c of declaration d in one language: slug,
//!                              title, date and CHUNK_BLOCKS blocks [id, text]
//! ```
//!
//! Rounds of loads: the page loads meta.js on opening and, while the vocabulary fits in
//! one form file, that file too (else the form file of each word as it is typed). A
//! query then loads its stems' posting buckets, and that is all for the first page of a
//! one-word query (a prefix or an inflection, and the language facet, included): a
//! stem's postings come with the excerpts of its [`TOP_EXCERPTS`] best blocks in each
//! language, and the best results of the word are among those of its stems. Other
//! results (more words, other facets, the next pages) load the excerpt chunk of each.
//!
//! A stem's postings are its best [`MAX_POSTINGS`] blocks (BM25), stored in block order
//! as columns: `k` declaration·language (delta), `b` block (delta within a declaration
//! and language), `s` score ×100, `t` and `p` the block's theme and party sets as hex
//! bitsets (nibble j holds bits 4j…4j+3, trailing zeros dropped), comma-separated; `x`
//! the top excerpts, `[declaration·language, block, block id, text, cut]`, the text cut
//! around the block's first word of the stem as search.js would cut it (see
//! [`text::excerpt_window`]), and `h` declaration·language → `[slug, title, date]`. The
//! stem's `df` in its form file is its true block count: when it exceeds the cap the
//! page says the list is cut short.
//!
//! Matching is at block granularity. Words are folded (case, diacritics) and stemmed
//! with Snowball at build time (see [`text`]); the browser looks words and prefixes up
//! in the form shard and never stems. Scores are BM25 over blocks, computed here. A
//! theme's or party's name also finds the blocks annotated with it.

pub mod text;

use crate::fx::{HashMap, HashSet};
use crate::link::Site;
use crate::model::Lang;
use crate::render::urls::SitePath;
use crate::render::{Content, Output};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use text::{excerpt_window, fold, stem, stemmer};

/// Postings kept per stem, best first: beyond this a word is too common to rank on,
/// and the page says that its list is cut short.
pub const MAX_POSTINGS: usize = 2500;
/// Blocks per excerpt file: a result loads the texts of its declaration's blocks (most
/// have fewer than 32). A file costs a browser about as much to load whatever its size
/// (2–3 ms in headless Chromium, over HTTP or from disk; `benches/search.md`), and a
/// site of 5,000 declarations has 12,000 of them instead of 40,000 with 8 blocks each.
pub const CHUNK_BLOCKS: usize = 32;
/// Excerpts stored with a stem's postings, per language: its best blocks, a first page
/// of results (search.js shows 10), so that a one-word query lists them without loading
/// an excerpt chunk per result.
pub const TOP_EXCERPTS: usize = 10;
/// Posting buckets are packed with consecutive stems up to about this many bytes.
pub const BUCKET_BYTES: usize = 24 * 1024;
/// Form files are packed with consecutive shards up to about this many bytes. While the
/// whole vocabulary fits in one file (about 21 KB at 5,000 synthetic declarations), the
/// search page loads it on opening, and a query needs no round trip for its forms.
pub const FORM_BYTES: usize = 64 * 1024;
/// Weight of a block's theme and party names (and, for a declaration's first block, of
/// its title) against its own words: a block that only carries the tag ranks below
/// blocks that say the word.
const LABEL_WEIGHT: f64 = 0.25;

/// The shard a folded word form belongs to: its first two characters, spelt safely
/// for a file name.
pub fn shard_key(form: &str) -> String {
    form.chars()
        .take(2)
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() { c.to_string() } else { format!("u{:x}", c as u32) })
        .collect()
}

/// A set of small indices as a hex bitset: nibble j (character j) holds bits 4j…4j+3;
/// trailing zero nibbles are dropped, so the empty set is "".
pub fn hex_set(indices: impl IntoIterator<Item = usize>) -> String {
    let mut nibbles: Vec<u8> = Vec::new();
    for i in indices {
        if nibbles.len() <= i / 4 {
            nibbles.resize(i / 4 + 1, 0);
        }
        nibbles[i / 4] |= 1 << (i % 4);
    }
    while nibbles.last() == Some(&0) {
        nibbles.pop();
    }
    nibbles.iter().map(|n| char::from_digit(u32::from(*n), 16).expect("nibble")).collect()
}

/// Calls `f` with each word of `text`, lowercased, exactly as [`text::words`] yields
/// them, without allocating for words that are already lowercase.
fn each_word(text: &str, mut f: impl FnMut(&str)) {
    // Chinese and Japanese (and half-width katakana) are all at U+3005 or above, which
    // UTF-8 starts with a byte of 0xE3 or more: text without one is cut into words only.
    let unspaced = text.bytes().any(|b| b >= 0xE3);
    let text = if unspaced { text::with_full_width_kana(text) } else { std::borrow::Cow::Borrowed(text) };
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let lower;
        let w = if w.chars().any(char::is_uppercase) {
            lower = w.to_lowercase();
            lower.as_str()
        } else {
            w
        };
        if unspaced { text::tokens(w, &mut f) } else { f(w) }
    }
}

#[derive(Serialize)]
struct Meta<'a> {
    langs: Vec<&'a str>,
    kinds: Vec<&'a str>,
    themes: Vec<&'a str>,
    /// Parent index of each theme, -1 for none.
    parents: Vec<i64>,
    parties: Vec<&'a str>,
    /// Per declaration (newest first, the order of the site): year and kind index.
    y: Vec<i32>,
    k: Vec<usize>,
    cap: usize,
    chunk: usize,
    /// The first shard key of each form file: file n holds the keys from forms[n] up to
    /// forms[n + 1] (excluded).
    forms: Vec<&'a str>,
    /// The endings a typed word may have beyond a form of the corpus for search.js to
    /// take it for an inflection of that form ([`text::endings`]).
    e: Vec<String>,
}

#[derive(Serialize, Default)]
struct FormFile<'a> {
    /// Shard key → folded word form → the ids of the stems it is indexed under.
    k: BTreeMap<&'a str, &'a BTreeMap<&'a str, Vec<u32>>>,
    /// Stem id → [bucket, df] (df: blocks with the stem, before the cap).
    s: BTreeMap<u32, (usize, u32)>,
}

#[derive(Serialize)]
struct DocChunk<'a> {
    /// Slug, title and date of the declaration.
    s: &'a str,
    t: &'a str,
    d: String,
    /// [block id, text] of blocks c·CHUNK_BLOCKS … in reading order.
    b: Vec<(&'a str, &'a str)>,
}

fn script(call: &str, key: &str, data: &impl Serialize) -> Vec<u8> {
    let json = serde_json::to_string(data).expect("search data serialises");
    script_raw(call, key, &json)
}

fn script_raw(call: &str, key: &str, json: &str) -> Vec<u8> {
    format!("diptychSearch.{call}({},{json});\n", serde_json::to_string(key).expect("key")).into_bytes()
}

/// One block of the index: where it is, and where its theme and party sets (see
/// [`hex_set`]) are in the index's one string of them (20 bytes a block, where two
/// strings of their own took 80).
struct BlockInfo {
    decl: u32,
    block: u32,
    sets: u32,
    themes_len: u16,
    parties_len: u16,
    lang: u8,
}

impl BlockInfo {
    fn themes<'s>(&self, sets: &'s str) -> &'s str {
        &sets[self.sets as usize..][..self.themes_len as usize]
    }

    fn parties<'s>(&self, sets: &'s str) -> &'s str {
        &sets[self.sets as usize + self.themes_len as usize..][..self.parties_len as usize]
    }
}

/// A block in a stem's postings while they are gathered: its frequency in the block's
/// text and in its theme and party names, and the block (8 bytes: the index of 5,000
/// declarations holds about 16 million before each stem keeps its best).
#[derive(Clone, Copy)]
struct Posting {
    tf: u16,
    lf: u16,
    g: u32,
}

/// Builds every file of the search index, in memory (sorted by path).
pub fn build(site: &Site) -> Vec<Output> {
    crate::render::collect(|sink| build_into(site, sink))
}

/// Builds every file of the search index, each handed to `sink` when made (from any
/// thread): the excerpt chunks, most of the bytes, are never all in memory.
pub fn build_into(site: &Site, sink: crate::Sink<'_>) -> std::io::Result<()> {
    let timing = std::env::var_os("DIPTYCH_SEARCH_TIMING").is_some();
    let mut t0 = std::time::Instant::now();
    let mut lap = |what: &str| {
        if timing {
            eprintln!("search {what}: {} ms", t0.elapsed().as_millis());
            t0 = std::time::Instant::now();
        }
    };
    let langs: Vec<&Lang> = site.config.languages.iter().collect();
    let nlangs = langs.len().max(1) as u64;
    let kinds: Vec<&str> = site.declarations.iter().map(|d| d.kind.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
    let theme_idx: HashMap<&str, usize> = site.registry.themes.keys().enumerate().map(|(i, t)| (t.as_str(), i)).collect();
    let party_idx: HashMap<&str, usize> = site.registry.parties.keys().enumerate().map(|(i, p)| (p.as_str(), i)).collect();

    // The documents: (declaration, language index, translation).
    let docs: Vec<(u32, u8, &crate::model::ParsedDoc)> = site
        .declarations
        .iter()
        .enumerate()
        .flat_map(|(d, decl)| {
            langs.iter().enumerate().filter_map(move |(l, lang)| decl.translations.get(*lang).map(|doc| (d as u32, l as u8, &**doc)))
        })
        .collect();

    // Blocks are numbered in the order of `docs`: the first block of each document.
    let first_block: Vec<u32> = docs
        .iter()
        .scan(0u32, |next, (_, _, doc)| {
            let first = *next;
            *next += doc.blocks.len() as u32;
            Some(first)
        })
        .collect();
    let block_count = docs.iter().map(|(_, _, doc)| doc.blocks.len()).sum::<usize>();

    // 1. Vocabulary: the distinct lowercased words of each language, and of the theme
    //    and party names (stemmed in their own language when the site has it); and the
    //    length in words of every block.
    type Lengths = Vec<(usize, Vec<u32>)>;
    let per_lang: Vec<(HashSet<String>, Lengths)> = (0..langs.len())
        .into_par_iter()
        .map(|l| {
            docs.par_iter()
                .enumerate()
                .filter(|(_, (_, dl, _))| *dl as usize == l)
                .fold(
                    || (HashSet::default(), Vec::new()),
                    |(mut set, mut lengths): (HashSet<String>, Lengths), (i, (_, _, doc))| {
                        let mut lens = Vec::with_capacity(doc.blocks.len());
                        let add = |set: &mut HashSet<String>, w: &str| {
                            if !set.contains(w) {
                                set.insert(w.to_string());
                            }
                        };
                        // The title's words are terms of the first block (see below).
                        if let Some(title) = &doc.front.title {
                            each_word(title, |w| add(&mut set, w));
                        }
                        let texts = doc.texts.unpack();
                        for b in &doc.blocks {
                            let mut len = 0;
                            each_word(b.text_in(&texts), |w| {
                                len += 1;
                                add(&mut set, w);
                            });
                            lens.push(len);
                        }
                        lengths.push((i, lens));
                        (set, lengths)
                    },
                )
                .reduce(
                    || (HashSet::default(), Vec::new()),
                    |(a, mut la), (b, lb)| {
                        let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                        big.extend(small);
                        la.extend(lb);
                        (big, la)
                    },
                )
        })
        .collect();
    let mut lens: Vec<u32> = vec![0; block_count];
    let mut vocab: Vec<HashSet<String>> = Vec::with_capacity(per_lang.len());
    for (set, lengths) in per_lang {
        for (i, l) in lengths {
            let first = first_block[i] as usize;
            lens[first..first + l.len()].copy_from_slice(&l);
        }
        vocab.push(set);
    }
    // Label words in a language the site does not have are folded, not stemmed.
    let mut label_vocab: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let labels =
        site.registry.themes.values().flat_map(|t| t.label.iter()).chain(site.registry.parties.values().flat_map(|p| p.name.iter()));
    for (l, text) in labels {
        match langs.iter().position(|x| *x == l) {
            Some(i) => each_word(text, |w| {
                vocab[i].insert(w.to_string());
            }),
            None => each_word(text, |w| {
                label_vocab.entry("").or_default().insert(w.to_string());
            }),
        }
    }

    lap("vocabulary");
    // 2. Stems: every (language, word) stemmed once; stem ids in sorted order.
    let stemmed: Vec<Vec<(String, String, String)>> = vocab
        .par_iter()
        .enumerate()
        .map(|(l, words)| {
            let s = stemmer(langs[l].as_str());
            let mut v: Vec<(String, String, String)> = words.iter().map(|w| (w.clone(), stem(s.as_ref(), w), fold(w))).collect();
            // Further spellings a reader types for a word: each a form of the word's stem.
            let lang = langs[l].as_str();
            let more: Vec<(String, String, String)> = v
                .iter()
                .flat_map(|(w, st, form)| text::typed_forms(lang, w, form).into_iter().map(|f| (w.clone(), st.clone(), f)))
                .collect();
            v.extend(more);
            v.sort_unstable();
            v
        })
        .collect();
    let unstemmed: Vec<(String, String, String)> = label_vocab.values().flatten().map(|w| (w.clone(), stem(None, w), fold(w))).collect();
    let stems: Vec<&str> =
        stemmed.iter().flatten().chain(&unstemmed).map(|(_, st, _)| st.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
    let stem_id: HashMap<&str, u32> = stems.iter().enumerate().map(|(i, s)| (*s, i as u32)).collect();
    let word_stem: Vec<HashMap<&str, u32>> =
        stemmed.iter().map(|v| v.iter().map(|(w, st, _)| (w.as_str(), stem_id[st.as_str()])).collect()).collect();
    let mut forms: BTreeMap<&str, BTreeSet<u32>> = BTreeMap::new();
    for (_, st, form) in stemmed.iter().flatten().chain(&unstemmed) {
        forms.entry(form.as_str()).or_default().insert(stem_id[st.as_str()]);
    }
    // Each stem is a form too, where the corpus has no such word: search.js takes the
    // longest form a typed word begins with for an inflection the corpus lacks, so a
    // stem finds what the stemmer would give that word (Finnish `meänkieli` finds
    // `meänkielen` through `meänkiel`; Arabic `طاقة`, typed without its article, finds
    // `الطاقة` through `طاق`).
    let folded_stems: Vec<String> = stems.iter().map(|st| fold(st)).collect();
    for (id, key) in folded_stems.iter().enumerate() {
        if !key.is_empty() && !key.starts_with(text::STOP) && !forms.contains_key(key.as_str()) {
            forms.entry(key.as_str()).or_default().insert(id as u32);
        }
    }
    let endings = text::endings(stemmed.iter().flatten().map(|(_, st, form)| (st.as_str(), form.as_str())));
    let unstemmed_id: HashMap<&str, u32> = unstemmed.iter().map(|(w, st, _)| (w.as_str(), stem_id[st.as_str()])).collect();
    let label_stems = |labels: &BTreeMap<Lang, String>| -> Vec<u32> {
        let mut out = Vec::new();
        for (l, text) in labels {
            let table = langs.iter().position(|x| *x == l).map(|i| &word_stem[i]).unwrap_or(&unstemmed_id);
            each_word(text, |w| out.push(table[w]));
        }
        out
    };
    let theme_terms: HashMap<&str, Vec<u32>> = site.registry.themes.iter().map(|(id, t)| (id.as_str(), label_stems(&t.label))).collect();
    let party_terms: HashMap<&str, Vec<u32>> = site.registry.parties.iter().map(|(id, p)| (id.as_str(), label_stems(&p.name))).collect();

    lap("stems");
    // 3. Each block's stems, with their frequencies in its text and in its theme and
    //    party names, gathered into the postings of each stem as they come: per part of
    //    the documents (one part per thread), each stem keeps its best MAX_POSTINGS blocks
    //    (pruned when it holds twice as many), so the terms of every block are never held
    //    at once (16 million at 5,000 declarations).
    //    BM25 over blocks: a stem's idf, known only once every block is counted, scales
    //    all its scores alike, so its blocks are ranked without it.
    let n = block_count.max(1) as f64;
    let avg = lens.iter().map(|l| *l as usize).sum::<usize>().max(1) as f64 / n;
    let (k1, bb) = (1.2, 0.75);
    let bm25 = |tf: f64, idf: f64, len: f64| idf * tf * (k1 + 1.0) / (tf + k1 * (1.0 - bb + bb * len / avg));
    // Names are scored as if the block were of average length.
    let score = |p: &Posting, idf: f64| {
        let text = if p.tf > 0 { bm25(p.tf as f64, idf, lens[p.g as usize] as f64) } else { 0.0 };
        let label = if p.lf > 0 { LABEL_WEIGHT * bm25(p.lf as f64, idf, avg.trunc()) } else { 0.0 };
        text + label
    };
    // Best first (BM25 with any idf), ties in block order (declarations newest first),
    // so the cap is stable. Each posting is scored once per pruning: ordered by (its
    // score's bits, which order as the score does, a score being positive, reversed; its
    // block), with its place in the list, the kept ones then moved up in place.
    let keep_best = |list: &mut Vec<Posting>| {
        if list.len() > MAX_POSTINGS {
            let mut keys: Vec<(u64, u32, u32)> =
                list.iter().enumerate().map(|(i, p)| (u64::MAX - score(p, 1.0).to_bits(), p.g, i as u32)).collect();
            keys.select_nth_unstable(MAX_POSTINGS - 1);
            let kept = &mut keys[..MAX_POSTINGS];
            kept.sort_unstable_by_key(|k| k.2);
            for (to, k) in kept.iter().enumerate() {
                list[to] = list[k.2 as usize];
            }
            list.truncate(MAX_POSTINGS);
        }
    };
    let chunk = docs.len().div_ceil(rayon::current_num_threads()).max(64);
    // Per part: its blocks and their sets, per stem its best postings, per stem its
    // block count.
    type Part = (Vec<BlockInfo>, String, Vec<Vec<Posting>>, Vec<u32>);
    let parts: Vec<Part> = docs
        .par_chunks(chunk)
        .enumerate()
        .map(|(c, part)| {
            let mut lists: Vec<Vec<Posting>> = vec![Vec::new(); stems.len()];
            let mut df: Vec<u32> = vec![0; stems.len()];
            let (mut infos, mut sets) = (Vec::new(), String::new());
            let (mut text, mut label) = (Vec::new(), Vec::new());
            for (i, &(d, l, doc)) in part.iter().enumerate() {
                let table = &word_stem[l as usize];
                let first = first_block[c * chunk + i];
                let texts = doc.texts.unpack();
                for (b, block) in doc.blocks.iter().enumerate() {
                    text.clear();
                    label.clear();
                    each_word(block.text_in(&texts), |w| text.push(table[w]));
                    label.extend(
                        block
                            .themes
                            .iter()
                            .filter_map(|(t, _)| theme_terms.get(t.as_str()))
                            .chain(block.parties.iter().filter_map(|(p, _)| party_terms.get(p.as_str())))
                            .flatten()
                            .copied(),
                    );
                    // A word of the declaration's title finds its first block, weighed as
                    // a theme's name is: the declaration is found by what it is called,
                    // and ranks below paragraphs that say the word.
                    if b == 0
                        && let Some(title) = &doc.front.title
                    {
                        each_word(title, |w| label.push(table[w]));
                    }
                    text.sort_unstable();
                    label.sort_unstable();
                    let g = first + b as u32;
                    let (mut i, mut j) = (0, 0);
                    while i < text.len() || j < label.len() {
                        let st = match (text.get(i), label.get(j)) {
                            (Some(a), Some(b)) => *a.min(b),
                            (Some(a), None) => *a,
                            (None, Some(b)) => *b,
                            (None, None) => unreachable!(),
                        };
                        let (mut tf, mut lf) = (0u32, 0u32);
                        while text.get(i) == Some(&st) {
                            tf += 1;
                            i += 1;
                        }
                        while label.get(j) == Some(&st) {
                            lf += 1;
                            j += 1;
                        }
                        df[st as usize] += 1;
                        let list = &mut lists[st as usize];
                        list.push(Posting { tf: tf.min(u16::MAX as u32) as u16, lf: lf.min(u16::MAX as u32) as u16, g });
                        // At the cap, room for as many again, exactly; pruned back to
                        // the cap when that is full.
                        if list.len() == MAX_POSTINGS && list.capacity() < 2 * MAX_POSTINGS {
                            list.reserve_exact(2 * MAX_POSTINGS - list.len());
                        } else if list.len() == 2 * MAX_POSTINGS {
                            keep_best(list);
                        }
                    }
                    let themes = hex_set(block.themes.iter().filter_map(|(t, _)| theme_idx.get(t.as_str()).copied()));
                    let parties = hex_set(block.parties.iter().filter_map(|(p, _)| party_idx.get(p.as_str()).copied()));
                    infos.push(BlockInfo {
                        decl: d,
                        block: b as u32,
                        sets: sets.len() as u32,
                        themes_len: themes.len() as u16,
                        parties_len: parties.len() as u16,
                        lang: l,
                    });
                    sets.push_str(&themes);
                    sets.push_str(&parties);
                }
            }
            lists.iter_mut().for_each(keep_best);
            (infos, sets, lists, df)
        })
        .collect();
    let mut blocks: Vec<BlockInfo> = Vec::with_capacity(block_count);
    let mut sets = String::new();
    let mut df: Vec<u32> = vec![0; stems.len()];
    let mut partial: Vec<Vec<Vec<Posting>>> = Vec::with_capacity(parts.len());
    for (infos, part_sets, lists, part_df) in parts {
        let base = sets.len() as u32;
        blocks.extend(infos.into_iter().map(|b| BlockInfo { sets: b.sets + base, ..b }));
        sets.push_str(&part_sets);
        df.iter_mut().zip(part_df).for_each(|(a, b)| *a += b);
        partial.push(lists);
    }
    let idf: Vec<f64> = df.iter().map(|d| (1.0 + (n - *d as f64 + 0.5) / (*d as f64 + 0.5)).ln()).collect();
    // 4. Each stem's best postings over all parts; each part's lists freed as they are
    //    merged (they hold up to twice the cap per stem and part).
    let mut postings: Vec<Vec<Posting>> = vec![Vec::new(); stems.len()];
    for lists in partial {
        for (merged, list) in postings.iter_mut().zip(lists) {
            merged.extend(list);
            keep_best(merged);
        }
    }
    postings.iter_mut().for_each(Vec::shrink_to_fit);
    lap("blocks and their best postings");
    // 5. Each stem's postings, encoded once, in block order, with the excerpts of its best
    //    blocks per language: (a) each stem's list and best blocks; (b) their excerpts,
    //    a document at a time (its texts unpacked once for every stem that wants one of
    //    its blocks); (c) each stem encoded with its excerpts.
    let doc_of: HashMap<(u32, u8), &crate::model::ParsedDoc> = docs.iter().map(|&(d, l, doc)| ((d, l), doc)).collect();
    type Listed = (Vec<(u32, u32)>, Vec<u32>);
    let listed: Vec<Listed> = (0..stems.len())
        .into_par_iter()
        .map(|st| {
            // (BM25 ×1000, block), in block order.
            let mut list: Vec<(u32, u32)> = postings[st].iter().map(|p| ((score(p, idf[st]) * 1000.0).round() as u32, p.g)).collect();
            list.sort_unstable_by_key(|p| p.1);
            let top = top_blocks(&list, &blocks, nlangs);
            (list, top)
        })
        .collect();
    drop(postings);
    let mut wanted: Vec<(u32, u32)> =
        listed.iter().enumerate().flat_map(|(st, (_, top))| top.iter().map(move |&g| (g, st as u32))).collect();
    wanted.sort_unstable();
    let same_doc = |a: &(u32, u32), b: &(u32, u32)| {
        let (x, y) = (&blocks[a.0 as usize], &blocks[b.0 as usize]);
        (x.decl, x.lang) == (y.decl, y.lang)
    };
    // (stem, block, excerpt, cut), then in stem and block order.
    let mut excerpts: Vec<(u32, u32, String, u8)> = wanted
        .par_chunk_by(same_doc)
        .flat_map_iter(|wants| {
            let first = &blocks[wants[0].0 as usize];
            let doc = doc_of[&(first.decl, first.lang)];
            let words = &word_stem[first.lang as usize];
            let texts = doc.texts.unpack();
            wants
                .iter()
                .map(|&(g, st)| {
                    let block = &doc.blocks[blocks[g as usize].block as usize];
                    let (text, cut) = excerpt_window(block.text_in(&texts), |w| {
                        let lower = if w.chars().any(char::is_uppercase) { w.to_lowercase().into() } else { std::borrow::Cow::Borrowed(w) };
                        // A run of Chinese or Japanese matches where one of its pairs does.
                        let mut found = false;
                        text::tokens(lower.as_ref(), |t| found |= words.get(t) == Some(&st));
                        found
                    });
                    (st, g, text, cut)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    drop(wanted);
    excerpts.par_sort_unstable_by_key(|e| (e.0, e.1));
    let excerpts_from = |st: usize| excerpts.partition_point(|e| (e.0 as usize) < st);
    let encoded: Vec<String> = listed
        .into_par_iter()
        .enumerate()
        .map(|(st, (list, _))| {
            let mut top = TopExcerpts::default();
            for (_, g, text, cut) in &excerpts[excerpts_from(st)..excerpts_from(st + 1)] {
                let blk = &blocks[*g as usize];
                let doc = doc_of[&(blk.decl, blk.lang)];
                let decl = &site.declarations[blk.decl as usize];
                let key = u64::from(blk.decl) * nlangs + u64::from(blk.lang);
                top.x.push((key, blk.block, doc.blocks[blk.block as usize].id.as_str(), text.as_str(), *cut));
                top.h.entry(key).or_insert_with(|| (decl.slug.as_str(), doc.front.title.as_deref().unwrap_or(""), decl.date.to_string()));
            }
            encode_postings(&list, &blocks, &sets, nlangs, &top)
        })
        .collect();

    lap("encode");
    // 6. Buckets: consecutive stems until BUCKET_BYTES.
    let mut bucket_of: Vec<usize> = vec![0; stems.len()];
    let mut buckets: Vec<String> = Vec::new();
    let mut current = String::new();
    // Each stem's encoding freed once copied into its bucket.
    for (st, enc) in encoded.into_iter().enumerate() {
        if !current.is_empty() && current.len() + enc.len() > BUCKET_BYTES {
            current.push('}');
            buckets.push(std::mem::take(&mut current));
        }
        current.push(if current.is_empty() { '{' } else { ',' });
        write!(current, "\"{st}\":{enc}").expect("write to string");
        bucket_of[st] = buckets.len();
    }
    if !current.is_empty() {
        current.push('}');
        buckets.push(current);
    }

    // 7. Form shards by the first two letters of the form, packed in key order into
    //    files of about FORM_BYTES (a shard is never split: a word's forms and the
    //    longer forms it begins are in one file).
    let mut shards: BTreeMap<String, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (form, ids) in &forms {
        shards.entry(shard_key(form)).or_default().insert(form, ids.iter().copied().collect());
    }
    let mut form_files: Vec<FormFile> = Vec::new();
    let mut size = 0;
    for (key, shard) in &shards {
        let bytes = serde_json::to_string(shard).expect("forms serialise").len() + 16 * shard.len();
        if form_files.is_empty() || (size > 0 && size + bytes > FORM_BYTES) {
            form_files.push(FormFile::default());
            size = 0;
        }
        size += bytes;
        let file = form_files.last_mut().expect("a file");
        for id in shard.values().flatten() {
            file.s.insert(*id, (bucket_of[*id as usize], df[*id as usize]));
        }
        file.k.insert(key, shard);
    }

    lap("buckets+forms");
    let meta = Meta {
        langs: langs.iter().map(|l| l.as_str()).collect(),
        kinds: kinds.clone(),
        themes: site.registry.themes.keys().map(|t| t.as_str()).collect(),
        parents: site
            .registry
            .themes
            .values()
            .map(|t| t.parent.as_ref().and_then(|p| theme_idx.get(p.as_str())).map_or(-1, |i| *i as i64))
            .collect(),
        parties: site.registry.parties.keys().map(|p| p.as_str()).collect(),
        y: site.declarations.iter().map(|d| d.date.year).collect(),
        k: site.declarations.iter().map(|d| kinds.iter().position(|k| *k == d.kind).unwrap_or(0)).collect(),
        cap: MAX_POSTINGS,
        chunk: CHUNK_BLOCKS,
        forms: form_files.iter().map(|f| f.k.keys().next().copied().unwrap_or_default()).collect(),
        e: endings,
    };
    sink.put(Output { path: SitePath("search/meta.js".into()), content: Content::Bytes(script("meta", "", &meta)) })?;
    form_files.par_iter().enumerate().try_for_each(|(n, file)| {
        sink.put(Output { path: SitePath(format!("search/f/{n}.js")), content: Content::Bytes(script("forms", &n.to_string(), file)) })
    })?;
    buckets.par_iter().enumerate().try_for_each(|(i, json)| {
        sink.put(Output {
            path: SitePath(format!("search/p/{i}.js")),
            content: Content::Bytes(script_raw("postings", &i.to_string(), json)),
        })
    })?;
    drop(buckets);
    docs.par_iter().try_for_each(|&(d, l, doc)| {
        let decl = &site.declarations[d as usize];
        let lang = langs[l as usize].as_str();
        let texts = doc.texts.unpack();
        doc.blocks.chunks(CHUNK_BLOCKS).enumerate().try_for_each(|(c, blocks)| {
            let chunk = DocChunk {
                s: decl.slug.as_str(),
                t: doc.front.title.as_deref().unwrap_or(""),
                d: decl.date.to_string(),
                b: blocks.iter().map(|b| (b.id.as_str(), b.text_in(&texts))).collect(),
            };
            let key = format!("{lang}/{d}-{c}");
            sink.put(Output { path: SitePath(format!("search/d/{key}.js")), content: Content::Bytes(script("doc", &key, &chunk)) })
        })
    })?;
    lap("outputs");
    Ok(())
}

/// The excerpts stored with a stem's postings: per language its [`TOP_EXCERPTS`] best
/// blocks, ranked as search.js ranks a one-word query (stored score, then block order).
#[derive(Serialize, Default)]
struct TopExcerpts<'a> {
    /// [declaration·languages + language, block, block id, text, cut] (see
    /// [`excerpt_window`]), in block order.
    x: Vec<(u64, u32, &'a str, &'a str, u8)>,
    /// Declaration·languages + language → [slug, title, date].
    h: BTreeMap<u64, (&'a str, &'a str, String)>,
}

/// The blocks whose excerpts are stored with a stem's postings `list` (score, block):
/// per language its [`TOP_EXCERPTS`] best, ranked as search.js ranks a one-word query
/// (stored score, then block order); in block order.
fn top_blocks(list: &[(u32, u32)], blocks: &[BlockInfo], nlangs: u64) -> Vec<u32> {
    let mut best: Vec<(u32, u32)> = Vec::new();
    for l in 0..nlangs {
        let mut lang: Vec<(u32, u32)> =
            list.iter().filter(|(_, g)| u64::from(blocks[*g as usize].lang) == l).map(|&(score, g)| (stored_score(score), g)).collect();
        lang.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        best.extend(lang.into_iter().take(TOP_EXCERPTS));
    }
    let mut top: Vec<u32> = best.into_iter().map(|(_, g)| g).collect();
    top.sort_unstable();
    top
}

/// A score as stored (BM25 ×100; the lists are ranked by BM25 ×1000).
fn stored_score(score: u32) -> u32 {
    (score + 5) / 10
}

/// One stem's postings (score, global block), in block order, as a JSON object of columns,
/// with its top excerpts.
fn encode_postings(list: &[(u32, u32)], blocks: &[BlockInfo], sets: &str, nlangs: u64, top: &TopExcerpts) -> String {
    let (mut k, mut b, mut s, mut t, mut p) = (String::from("["), String::from("["), String::from("["), String::new(), String::new());
    let (mut prev_k, mut prev_b) = (0u64, 0u32);
    for (i, &(score, g)) in list.iter().enumerate() {
        let blk = &blocks[g as usize];
        let key = blk.decl as u64 * nlangs + blk.lang as u64;
        if i > 0 {
            for col in [&mut k, &mut b, &mut s, &mut t, &mut p] {
                col.push(',');
            }
        }
        let same = i > 0 && key == prev_k;
        write!(k, "{}", key - if i > 0 { prev_k } else { 0 }).expect("write");
        write!(b, "{}", if same { blk.block - prev_b } else { blk.block }).expect("write");
        write!(s, "{}", stored_score(score)).expect("write");
        t.push_str(blk.themes(sets));
        p.push_str(blk.parties(sets));
        (prev_k, prev_b) = (key, blk.block);
    }
    let top = serde_json::to_string(top).expect("excerpts serialise");
    format!("{{\"k\":{k}],\"b\":{b}],\"s\":{s}],\"t\":\"{t}\",\"p\":\"{p}\",{}", &top[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_keys_are_safe_file_names() {
        assert_eq!(shard_key("waterstof"), "wa");
        assert_eq!(shard_key("a"), "a");
        assert_eq!(shard_key("ελλάδα"), "u3b5u3bb");
    }

    #[test]
    fn hex_sets() {
        assert_eq!(hex_set([]), "");
        assert_eq!(hex_set([0]), "1");
        assert_eq!(hex_set([0, 5]), "12");
        assert_eq!(hex_set([3, 4, 12]), "8101");
    }

    #[test]
    fn words_without_allocation_match_words() {
        let t = "Het VK-EU-kader, l’Europe en 2021. ΣΟΦΟΣ België EU加盟国と日本国政府";
        let mut a = Vec::new();
        each_word(t, |w| a.push(w.to_string()));
        assert_eq!(a, text::words(t).collect::<Vec<_>>());
    }
}
