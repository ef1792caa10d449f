//! Times the search index of a site, three runs, and shows its size by folder:
//!
//!     cargo run --release --example search_index -- SITE_DIR
//!
//! (`DIPTYCH_SEARCH_TIMING=1` also prints the index's own stages.)
use std::collections::BTreeMap;

fn main() {
    let root = std::env::args().nth(1).expect("usage: search_index SITE_DIR");
    let mut diags = diptych::diag::Diagnostics::default();
    let sources = diptych::load::load(std::path::Path::new(&root), &mut diags).ok().expect("load");
    let (site, _) = diptych::parse_and_link(sources.clone_meta(), &sources, &mut diptych::ParseCache::default(), &mut diags);
    let mut times = Vec::new();
    let mut bytes = 0;
    let mut files = 0;
    let mut by_dir: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let out = diptych::search::build(&site);
        times.push(t.elapsed().as_millis());
        files = out.len();
        by_dir.clear();
        bytes = 0;
        for o in &out {
            if let diptych::render::Content::Bytes(b) = &o.content {
                bytes += b.len();
                let dir = o.path.0.split('/').take(2).collect::<Vec<_>>().join("/");
                *by_dir.entry(if dir.ends_with(".js") { "search/meta.js".into() } else { dir }).or_default() += b.len();
            }
        }
    }
    println!("search index of {root}: {} declarations, {files} files, {bytes} bytes, build ms {times:?}", site.declarations.len());
    for (d, b) in by_dir {
        println!("  {d}: {b} bytes");
    }
}
