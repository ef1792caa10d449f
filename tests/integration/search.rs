//! The search index, read the way search.js reads it: a word is folded, its shard is
//! loaded, the form is looked up (or a longer form it begins, or a corpus form it
//! begins with), and the stems' postings name the blocks.

use crate::support::{fixture, page};
use serde_json::Value;

fn script_data(js: &str) -> Value {
    let start = js.find(',').expect("call with key and data") + 1;
    let end = js.rfind(");").expect("closed call");
    serde_json::from_str(&js[start..end]).expect("JSON data")
}

struct Index {
    compiled: diptych::Compiled,
    meta: Value,
}

impl Index {
    fn new() -> Index {
        let compiled = diptych::compile(&fixture("minimal"));
        let meta = script_data(&page(&compiled, "search/meta.js"));
        Index { compiled, meta }
    }

    /// The blocks (`slug lang §id`) a typed word finds, as search.js finds them.
    fn find(&self, typed: &str) -> Vec<String> {
        let word = diptych::search::text::fold(typed);
        let key = diptych::search::shard_key(&word);
        let Some(out) = self.compiled.outputs.iter().find(|o| o.path.0 == format!("search/s/{key}.js")) else { return vec![] };
        let shard = script_data(&page(&self.compiled, &out.path.0));
        let forms = shard["f"].as_object().unwrap();
        let mut stems: Vec<String> = Vec::new();
        for (form, st) in forms {
            let exact = form == &word;
            let longer = form.starts_with(&word) && form.len() > word.len();
            let shorter =
                !forms.contains_key(&word) && word.starts_with(form.as_str()) && form.len() >= 3.max(word.len().saturating_sub(4));
            if exact || longer || shorter {
                stems.extend(st.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()));
            }
        }
        let mut found: Vec<String> = Vec::new();
        for st in stems {
            for p in shard["p"][&st].as_array().into_iter().flatten() {
                let (d, b, l) = (p[0].as_u64().unwrap() as usize, p[1].as_u64().unwrap() as usize, p[2].as_u64().unwrap() as usize);
                let slug = self.meta["decls"][d][0].as_str().unwrap();
                let lang = self.meta["langs"][l].as_str().unwrap();
                let doc = script_data(&page(&self.compiled, &format!("search/d/{slug}.js")));
                let id = doc["b"][lang][b][0].as_str().unwrap();
                let hit = format!("{slug} {lang} §{id}");
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
fn theme_and_party_names_find_annotated_blocks() {
    let idx = Index::new();
    // §2.a is annotated #hydrogen but does not say "waterstof".
    assert!(idx.find("waterstof").contains(&"2021-03-04-alpha nl §2.a".to_string()));
    assert!(idx.find("Flanders").contains(&"2021-03-04-alpha en §p1".to_string()));
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
    let search = page(&a.compiled, "nl/search/index.html");
    assert!(search.contains("data-index=\"../../search/\""));
    assert!(search.contains("role=\"status\" aria-live=\"polite\""));
}
