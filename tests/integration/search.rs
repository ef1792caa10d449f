//! The search index, read the way search.js reads it: a word is folded, the form file
//! holding its shard is loaded, the form is looked up (or a longer form it begins, or a corpus form it
//! begins with: the most frequent few), the stems' posting buckets are loaded and
//! decoded, and the excerpt chunks name the blocks.

use crate::support::{TempSite, fixture, page};
use serde_json::Value;
use std::collections::BTreeMap;

/// Stems a typed word may stand for beyond its own form (search.js: EXPAND).
const EXPAND: usize = 3;

fn script_data(js: &str) -> Value {
    let start = js.find(',').expect("call with key and data") + 1;
    let end = js.rfind(");").expect("closed call");
    serde_json::from_str(&js[start..end]).expect("JSON data")
}

/// One decoded posting: declaration, language, block, score, theme and party sets.
#[derive(Debug, Clone)]
struct Posting {
    d: usize,
    l: usize,
    b: usize,
    s: u64,
    t: String,
    p: String,
}

fn bits(hex: &str) -> Vec<usize> {
    hex.chars()
        .enumerate()
        .flat_map(|(j, c)| {
            let n = c.to_digit(16).expect("hex");
            (0..4).filter(move |k| n & (1 << k) != 0).map(move |k| 4 * j + k)
        })
        .collect()
}

struct Index {
    compiled: diptych::Compiled,
    meta: Value,
}

impl Index {
    fn new() -> Index {
        Index::of(diptych::compile(&fixture("minimal")))
    }

    fn of(compiled: diptych::Compiled) -> Index {
        let meta = script_data(&page(&compiled, "search/meta.js"));
        Index { compiled, meta }
    }

    fn file(&self, path: &str) -> Option<Value> {
        self.compiled.outputs.iter().find(|o| o.path.0 == path).map(|o| script_data(&page(&self.compiled, &o.path.0)))
    }

    /// The stems (id → [bucket, df]) a typed word stands for, as search.js chooses them.
    fn stems(&self, typed: &str) -> BTreeMap<String, (u64, u64)> {
        let word = diptych::search::text::fold(typed);
        let key = diptych::search::shard_key(&word);
        // The form file holding the key: the last whose first key is not after it.
        let firsts: Vec<&str> = self.meta["forms"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
        let n = firsts.iter().rposition(|first| *first <= key.as_str()).unwrap_or(0);
        let file = self.file(&format!("search/f/{n}.js")).expect("form file");
        let Some(forms) = file["k"][&key].as_object() else { return BTreeMap::new() };
        let info = |id: &str| {
            let i = &file["s"][id];
            (i[0].as_u64().unwrap(), i[1].as_u64().unwrap())
        };
        let mut exact: Vec<String> = Vec::new();
        let mut extra: Vec<String> = Vec::new();
        for (form, ids) in forms {
            let ids = ids.as_array().unwrap().iter().map(|s| s.as_u64().unwrap().to_string());
            if form == &word {
                exact.extend(ids);
            } else if (form.starts_with(&word) && form.len() > word.len())
                || (!forms.contains_key(&word) && word.starts_with(form.as_str()) && form.len() >= 3.max(word.len().saturating_sub(4)))
            {
                extra.extend(ids);
            }
        }
        extra.retain(|id| !exact.contains(id));
        extra.sort_by(|a, b| info(b).1.cmp(&info(a).1).then(a.parse::<u64>().unwrap().cmp(&b.parse().unwrap())));
        extra.dedup();
        exact.into_iter().chain(extra.into_iter().take(EXPAND)).map(|id| (id.clone(), info(&id))).collect()
    }

    /// A stem's postings, decoded from its bucket.
    fn postings(&self, id: &str, bucket: u64) -> Vec<Posting> {
        let data = self.file(&format!("search/p/{bucket}.js")).expect("bucket file");
        let enc = &data[id];
        let nl = self.meta["langs"].as_array().unwrap().len();
        let col = |c: &str| enc[c].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect::<Vec<_>>();
        let (k, b, s) = (col("k"), col("b"), col("s"));
        let t: Vec<&str> = enc["t"].as_str().unwrap().split(',').collect();
        let p: Vec<&str> = enc["p"].as_str().unwrap().split(',').collect();
        let (mut key, mut blk) = (0, 0);
        (0..k.len())
            .map(|i| {
                blk = if i > 0 && k[i] == 0 { blk + b[i] } else { b[i] };
                key += k[i];
                Posting {
                    d: (key / nl as u64) as usize,
                    l: (key % nl as u64) as usize,
                    b: blk as usize,
                    s: s[i],
                    t: t[i].into(),
                    p: p[i].into(),
                }
            })
            .collect()
    }

    /// `slug lang §id` of a posting, from its excerpt chunk.
    fn name(&self, p: &Posting) -> String {
        let lang = self.meta["langs"][p.l].as_str().unwrap();
        let chunk = self.meta["chunk"].as_u64().unwrap() as usize;
        let doc = self.file(&format!("search/d/{lang}/{}-{}.js", p.d, p.b / chunk)).expect("excerpt chunk");
        format!("{} {lang} §{}", doc["s"].as_str().unwrap(), doc["b"][p.b % chunk][0].as_str().unwrap())
    }

    /// The blocks (`slug lang §id`) a typed word finds, as search.js finds them.
    fn find(&self, typed: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        for (id, (bucket, _)) in self.stems(typed) {
            for p in self.postings(&id, bucket) {
                let hit = self.name(&p);
                if !found.contains(&hit) {
                    found.push(hit);
                }
            }
        }
        found.sort();
        found
    }
}

#[test]
fn a_known_block_is_found_by_word_stem_prefix_and_unaccented_spelling() {
    let idx = Index::new();
    let target = "2021-03-04-alpha nl §2.a".to_string();
    // The word as written.
    assert!(idx.find("leidingen").contains(&target), "{:?}", idx.find("leidingen"));
    // Another inflection that shares its stem ("leiding" is not in the text).
    assert!(idx.find("leiding").contains(&target));
    // A prefix, as typed.
    assert!(idx.find("leidi").contains(&target));
    // English stem: "pipeline" finds "pipelines".
    assert!(idx.find("pipeline").contains(&"2021-03-04-alpha en §2.a".to_string()));
    // Unaccented and capitalised: "Bèta" is in a title only; "belgie" meets "België" via the party name.
    assert!(idx.find("BELGIE").contains(&"2021-03-04-alpha nl §1".to_string()), "{:?}", idx.find("belgie"));
}

#[test]
fn german_umlauts_typed_as_ae_oe_ue_find_the_word() {
    let site = crate::support::TempSite::in_languages(&["de", "en"]);
    site.write(
        "content/declarations/2021-01-01-x.de.md",
        "---\ntitle: T\ndate: 2021-01-01\nkind: letter\nparties: [be]\noriginal: de\n---\n\n1. Das Übereinkommen über Wärme und Öl. {§1 #energy}\n",
    );
    let idx = Index::of(site.compile());
    let target = "2021-01-01-x de §1".to_string();
    for typed in ["Übereinkommen", "Uebereinkommen", "ubereinkommen", "uebereink", "Waerme", "oel"] {
        assert!(idx.find(typed).contains(&target), "{typed}: {:?}", idx.find(typed));
    }
}

#[test]
fn an_inflection_the_corpus_lacks_is_found_through_its_stem() {
    let site = crate::support::TempSite::in_languages(&["fi", "ar"]);
    site.write(
        "content/declarations/2021-01-01-x.fi.md",
        "---\ntitle: T\ndate: 2021-01-01\nkind: letter\nparties: [be]\noriginal: fi\n---\n\n1. Tuemme meänkielen opetusta. {§1}\n",
    );
    site.write("content/declarations/2021-01-01-x.ar.md", "---\ntitle: ت\n---\n\n1. نتعاون في مجال للطلبة و الهيدروجين. {§1}\n");
    let idx = Index::of(site.compile());
    // Base forms typed as readers type them: Finnish nominative for a genitive in the
    // text; Arabic without the article or preposition the text attaches.
    for (typed, target) in [("meänkieli", "fi"), ("meankieli", "fi"), ("طلبة", "ar"), ("هيدروجين", "ar")] {
        assert_eq!(idx.find(typed), [format!("2021-01-01-x {target} §1")], "{typed}");
    }
    // Only a stem the typed word begins with: `kieli` is not `meänkieli`.
    assert!(idx.find("kieli").is_empty(), "{:?}", idx.find("kieli"));
}

#[test]
fn a_welsh_word_is_found_in_its_mutated_forms() {
    let site = crate::support::TempSite::in_languages(&["cy", "en"]);
    site.write(
        "content/declarations/2021-01-01-x.cy.md",
        "---\ntitle: T\ndate: 2021-01-01\nkind: letter\nparties: [be]\noriginal: cy\n---\n\n1. Addysg yn Gymraeg. {§1}\n\n2. Ym Mhorthladd Caergybi. {§2}\n\n3. Y Gymraeg a'r Cymraeg. {§3}\n",
    );
    let idx = Index::of(site.compile());
    let at = |ids: &[&str]| ids.iter().map(|i| format!("2021-01-01-x cy §{i}")).collect::<Vec<_>>();
    // The dictionary form finds the mutated ones, and itself.
    assert_eq!(idx.find("Cymraeg"), at(&["1", "3"]));
    assert_eq!(idx.find("porthladd"), at(&["2"]));
    // A mutated form finds itself only.
    assert_eq!(idx.find("Gymraeg"), at(&["1", "3"]));
    assert_eq!(idx.find("Mhorthladd"), at(&["2"]));
}

/// Text taken from PDFs: accents apart from their letters (NFD) and soft hyphens inside
/// words. Both are read as the word they show: search finds the whole word, with and
/// without accents, and the open data holds it composed, without the hyphen (and with
/// the no-break spaces as written).
#[test]
fn decomposed_accents_and_soft_hyphens_from_pdfs_do_not_split_words() {
    let site = crate::support::TempSite::in_languages(&["pl", "de"]);
    let nfd = "S\u{301}winouj\u{15b}ciu".replace('\u{15b}', "s\u{301}");
    site.write(
        "content/declarations/2021-01-01-x.pl.md",
        &format!(
            "---\ntitle: T\ndate: 2021-01-01\nkind: letter\nparties: [be]\noriginal: pl\n---\n\n\
             1. Terminal w {nfd} i po\u{AD}łączenia między\u{AD}systemowe z\u{A0}dnia\n17 czerwca. {{§1 #energy}}\n"
        ),
    );
    let compiled = site.compile();
    assert!(compiled.diags.sorted().is_empty(), "{:?}", compiled.diags.sorted());
    let data: serde_json::Value = serde_json::from_str(&page(&compiled, "data/declarations/2021-01-01-x.json")).unwrap();
    let text = data["translations"]["pl"]["blocks"][0]["text"].as_str().unwrap().to_string();
    // The no-break space the editor wrote stays; the line break is a space.
    assert_eq!(text, "Terminal w Świnoujściu i połączenia międzysystemowe z\u{A0}dnia 17 czerwca.");
    let idx = Index::of(compiled);
    let target = "2021-01-01-x pl §1".to_string();
    for typed in ["Świnoujściu", "swinoujsciu", "międzysystemowe", "miedzysystemowe", "połączenia"] {
        assert!(idx.find(typed).contains(&target), "{typed}: {:?}", idx.find(typed));
    }
    assert!(idx.find("systemowe").is_empty(), "a piece of a word is not a word");
}

/// Chinese and Japanese have no spaces between words: a word typed is found inside a
/// longer run of characters, through the pairs of characters both sides cut it into.
#[test]
fn japanese_words_are_found_inside_runs_of_characters() {
    let site = crate::support::TempSite::new();
    site.write("site.yaml", "title: { ja: T, en: T }\nbase_url: \"https://example.gov/\"\nlanguages: [ja, en]\n");
    site.write("content/themes.yaml", "energy: { label: { ja: エネルギー, en: Energy } }\n");
    site.write("content/parties.yaml", "nl: { name: { ja: オランダ, en: Netherlands } }\n");
    site.write(
        "content/declarations/2021-01-01-x.ja.md",
        "---\ntitle: 共同声明\ndate: 2021-01-01\nkind: joint-declaration\nparties: [nl]\noriginal: ja\n---\n\n\
         1. 日本国政府及びオランダ王国政府は、水素協力を強化する。 {§1}\n\n\
         2. 両政府は、港湾の脱炭素化に取り組む。 {§2 #energy}\n",
    );
    let idx = Index::of(site.compile());
    // Every block holding every pair of the typed word (search.js intersects them).
    let find_all = |typed: &str| -> Vec<String> {
        let mut found: Option<Vec<String>> = None;
        for w in diptych::search::text::words(typed) {
            let hits = idx.find(&w);
            found = Some(match found {
                None => hits,
                Some(f) => f.into_iter().filter(|h| hits.contains(h)).collect(),
            });
        }
        found.unwrap_or_default()
    };
    let (one, two) = ("2021-01-01-x ja §1", "2021-01-01-x ja §2");
    assert_eq!(find_all("水素"), [one]);
    assert_eq!(find_all("水素協力"), [one]);
    assert_eq!(find_all("オランダ"), [one]);
    assert_eq!(find_all("政府"), [one, two]);
    assert_eq!(find_all("脱炭素"), [two]);
    // The theme's name finds the block annotated with it.
    assert!(find_all("エネルギー").iter().any(|h| h == two), "{:?}", find_all("エネルギー"));
    // Pairs that are not in the text together find nothing.
    assert!(find_all("水力").is_empty() && find_all("港協").is_empty());
}

#[test]
fn theme_and_party_names_find_annotated_blocks() {
    let idx = Index::new();
    // §2.a is annotated #hydrogen but does not say "waterstof".
    assert!(idx.find("waterstof").contains(&"2021-03-04-alpha nl §2.a".to_string()));
    assert!(idx.find("Flanders").contains(&"2021-03-04-alpha en §p1".to_string()));
}

#[test]
fn a_word_of_a_title_finds_the_first_block_of_its_declaration() {
    let idx = Index::new();
    // "Bèta" is in the title of 2022-05-06-beta only, not in its text.
    assert_eq!(idx.find("beta"), vec!["2022-05-06-beta nl §1".to_string()]);
    assert_eq!(idx.find("Bèta"), vec!["2022-05-06-beta nl §1".to_string()]);
}

#[test]
fn postings_carry_the_facets_of_their_block() {
    let idx = Index::new();
    let themes: Vec<&str> = idx.meta["themes"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let (id, (bucket, df)) = idx.stems("waterstof").into_iter().next().expect("a stem for waterstof");
    let ps = idx.postings(&id, bucket);
    assert_eq!(ps.len() as u64, df, "not capped: every block is stored");
    let p = ps.iter().find(|p| idx.name(p) == "2021-03-04-alpha nl §2.a").expect("§2.a");
    assert!(bits(&p.t).iter().any(|i| themes[*i] == "hydrogen"), "themes of §2.a: {:?}", bits(&p.t));
    assert!(p.s > 0);
    let parties = idx.meta["parties"].as_array().unwrap().len();
    assert!(bits(&p.p).iter().all(|i| *i < parties), "parties of §2.a: {:?}", bits(&p.p));
    // Year and kind come from the declaration table.
    assert_eq!(idx.meta["y"][p.d].as_i64(), Some(2021));
    let kind = idx.meta["k"][p.d].as_u64().unwrap() as usize;
    assert!(idx.meta["kinds"][kind].is_string());
}

#[test]
fn a_posting_list_is_capped_best_first_and_says_so() {
    let cap = diptych::search::MAX_POSTINGS;
    let site = TempSite::new();
    let mut nl = String::from("---\ntitle: Veel\ndate: 2021-01-01\nkind: letter\nparties: [be]\noriginal: nl\n---\n\n");
    let mut en = String::from("---\ntitle: Many\n---\n\n");
    for i in 1..=cap + 100 {
        // Every 20th paragraph says the word three times: those rank first and must survive the cap.
        let text = if i % 20 == 0 { "zonne zonne zonne kracht" } else { "zonne kracht en meer woorden hier" };
        nl.push_str(&format!("{i}. {text}. {{§{i} #energy}}\n\n"));
        en.push_str(&format!("{i}. Solar. {{§{i} #energy}}\n\n"));
    }
    site.write("content/declarations/2021-01-01-veel.nl.md", &nl);
    site.write("content/declarations/2021-01-01-veel.en.md", &en);
    let idx = Index::of(site.compile());
    let stems = idx.stems("zonne");
    let (id, (bucket, df)) = stems.iter().next().expect("a stem for zonne");
    assert_eq!(*df as usize, cap + 100, "df is the true count");
    let ps = idx.postings(id, *bucket);
    assert_eq!(ps.len(), cap, "the list is capped");
    assert!(*df as usize > idx.meta["cap"].as_u64().unwrap() as usize, "search.js can tell the list is cut short");
    // The strongest blocks are kept; the list is stored in block order.
    let strong: Vec<&Posting> = ps.iter().filter(|p| (p.b + 1) % 20 == 0).collect();
    assert_eq!(strong.len(), (cap + 100) / 20, "every block saying the word three times is kept");
    assert!(strong.iter().all(|s| ps.iter().all(|p| p.s <= s.s)));
    assert!(ps.windows(2).all(|w| (w[0].d, w[0].l, w[0].b) < (w[1].d, w[1].l, w[1].b)));

    // With the postings, the excerpts of the first page of results (search.js: best
    // first, equal scores in block order): the first 20 strong blocks, all Dutch.
    let top = diptych::search::TOP_EXCERPTS;
    let entry = &idx.file(&format!("search/p/{bucket}.js")).unwrap()[id];
    let x = entry["x"].as_array().unwrap();
    let blocks: Vec<u64> = x.iter().map(|e| e[1].as_u64().unwrap()).collect();
    assert_eq!(blocks, (1..=top as u64).map(|i| 20 * i - 1).collect::<Vec<_>>());
    for e in x {
        assert_eq!(e[0].as_u64(), Some(0), "declaration 0 in Dutch: {e}");
        assert_eq!(e[2].as_str().unwrap(), (e[1].as_u64().unwrap() + 1).to_string(), "the block id: {e}");
        assert_eq!(e[3].as_str(), Some("zonne zonne zonne kracht."), "the block's text, whole: {e}");
        assert_eq!(e[4].as_u64(), Some(0), "nothing cut: {e}");
    }
    assert_eq!(entry["h"]["0"], serde_json::json!(["2021-01-01-veel", "Veel", "2021-01-01"]));
}

#[test]
fn top_excerpts_are_the_best_blocks_per_language_cut_around_the_word() {
    let idx = Index::new();
    let (id, (bucket, df)) = idx.stems("pipelines").into_iter().next().expect("a stem for pipelines");
    let entry = &idx.file(&format!("search/p/{bucket}.js")).unwrap()[&id];
    let x = entry["x"].as_array().unwrap();
    // Few blocks: every one has its excerpt, named as the excerpt chunks name it.
    assert_eq!(x.len() as u64, df);
    let langs = idx.meta["langs"].as_array().unwrap().len() as u64;
    for e in x {
        let key = e[0].as_u64().unwrap();
        let p = Posting {
            d: (key / langs) as usize,
            l: (key % langs) as usize,
            b: e[1].as_u64().unwrap() as usize,
            s: 0,
            t: String::new(),
            p: String::new(),
        };
        let name = idx.name(&p);
        assert!(name.ends_with(&format!("§{}", e[2].as_str().unwrap())), "{name} vs {e}");
        assert!(e[3].as_str().unwrap().to_lowercase().contains("pipeline"), "the excerpt shows the word: {e}");
        let head = &entry["h"][key.to_string()];
        assert!(name.starts_with(head[0].as_str().unwrap()), "{name}: head {head}");
    }
}

#[test]
fn the_index_is_deterministic_and_loadable_from_disk() {
    let a = Index::new();
    let b = Index::new();
    let files = |c: &diptych::Compiled| {
        c.outputs.iter().filter(|o| o.path.0.starts_with("search/")).map(|o| (o.path.0.clone(), page(c, &o.path.0))).collect::<Vec<_>>()
    };
    assert_eq!(files(&a.compiled), files(&b.compiled));
    // Script files, not JSON: a page opened from file:// can load them.
    assert!(page(&a.compiled, "search/meta.js").starts_with("diptychSearch.meta("));
    assert!(files(&a.compiled).iter().any(|(p, js)| p.starts_with("search/p/") && js.starts_with("diptychSearch.postings(")));
    assert!(files(&a.compiled).iter().any(|(p, js)| p.starts_with("search/f/") && js.starts_with("diptychSearch.forms(")));
    assert!(files(&a.compiled).iter().any(|(p, js)| p.starts_with("search/d/en/") && js.starts_with("diptychSearch.doc(")));
    let search = page(&a.compiled, "nl/search/index.html");
    assert!(search.contains("data-index=\"../../search/\""));
    assert!(search.contains("role=\"status\" aria-live=\"polite\""));
    assert!(search.contains("data-capped=\"{n} of meer resultaten"));
}

#[test]
fn a_big_vocabulary_is_packed_into_form_files_each_holding_whole_shards() {
    let site = TempSite::new();
    // About 8,000 distinct words over every two-letter start: several form files.
    let word = |i: usize| {
        let l = |n: usize| char::from(b'a' + (n % 26) as u8);
        format!("{}{}{}{}{}", l(i), l(i / 26), l(i / 676), l(i * 7), l(i / 17_576 + 3))
    };
    let mut nl = String::from("---\ntitle: Woorden\ndate: 2021-01-01\nkind: letter\nparties: [be]\noriginal: nl\n---\n\n");
    for p in 0..160 {
        let text: Vec<String> = (0..50).map(|i| word(p * 50 + i)).collect();
        nl.push_str(&format!("{}. {}. {{§{} #energy}}\n\n", p + 1, text.join(" "), p + 1));
    }
    site.write("content/declarations/2021-01-01-woorden.nl.md", &nl);
    let idx = Index::of(site.compile());
    let firsts: Vec<&str> = idx.meta["forms"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
    assert!(firsts.len() > 1, "one form file for {} words", 8000);
    assert!(firsts.windows(2).all(|w| w[0] < w[1]), "first keys in order: {firsts:?}");
    for (n, first) in firsts.iter().enumerate() {
        let js = page(&idx.compiled, &format!("search/f/{n}.js"));
        assert!(js.len() < diptych::search::FORM_BYTES + 4096, "f/{n}.js is {} bytes", js.len());
        let file = script_data(&js);
        let keys: Vec<&String> = file["k"].as_object().unwrap().keys().collect();
        assert_eq!(keys[0], first, "meta names the first key of f/{n}.js");
        // Every key of the file is before the next file's first key: a shard is in one file.
        assert!(keys.iter().all(|k| firsts.get(n + 1).is_none_or(|next| k.as_str() < *next)));
    }
    // Words of every file are found, exactly and by a prefix as typed.
    for i in (0..8000).step_by(397) {
        let w = word(i);
        assert!(!idx.find(&w).is_empty(), "{w} is not found");
        assert!(!idx.find(&w[..4]).is_empty(), "{} (typed) is not found", &w[..4]);
    }
}
