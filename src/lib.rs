//! diptych: a static site generator for bilingual (and multilingual) declarations.
//!
//! One pipeline, one direction:
//!
//! ```text
//! load    disk → sources: files found, site.yaml, themes.yaml, parties.yaml
//! parse   each file → front matter, blocks, annotations, cross-references (parallel)
//! link    all files → site: translations merged and aligned, references resolved
//! render  site → pages in memory (parallel); search: site → index files
//! write   pages → temporary folder → swapped into place
//! ```
//!
//! Every stage reports into one [`diag::Diagnostics`]; a build with any error writes
//! nothing. [`compile`] runs everything but the write, for `build`, `check` and tests.

pub mod commands;
pub mod diag;
pub mod link;
pub mod linkcheck;
pub mod load;
pub mod model;
pub mod parse;
pub mod render;
pub mod search;
pub mod serve;
pub mod session;
pub mod snapshot;
pub mod write;

use diag::{Diagnostics, SourceMap};
use link::Site;
use model::Slug;
use rayon::prelude::*;
use render::Output;
use std::collections::BTreeSet;
use std::path::Path;

/// The result of load → parse → link → render.
pub struct Compiled {
    pub map: SourceMap,
    pub diags: Diagnostics,
    pub site: Option<Site>,
    pub outputs: Vec<Output>,
}

/// Runs the pipeline up to (not including) writing.
pub fn compile(root: &Path) -> Compiled {
    compile_with(root, &render::Options::default())
}

/// [`compile`] with render options (e.g. the snapshot notice).
pub fn compile_with(root: &Path, options: &render::Options) -> Compiled {
    let mut diags = Diagnostics::default();
    let Some(sources) = load::load(root, &mut diags) else {
        return Compiled { map: SourceMap::default(), diags, site: None, outputs: Vec::new() };
    };
    let (site, _) = parse_and_link(sources.clone_meta(), &sources, &mut ParseCache::default(), &mut diags);
    let theme = render::Theme::load(sources.theme_dir.as_deref(), &mut diags);
    let outputs = match (&theme, diags.has_errors()) {
        (Some(theme), false) => {
            let mut outputs = render::render(&site, theme, &sources.attachments, options, &mut diags);
            outputs.extend(search::build(&site));
            outputs
        }
        _ => Vec::new(),
    };
    Compiled { map: sources.map, diags, site: Some(site), outputs }
}

/// Parsed documents kept between rebuilds (live preview): a file whose text has not
/// changed is not parsed again. Only documents that parsed without any diagnostic are
/// kept, so a problem is reported on every rebuild until it is fixed.
#[derive(Default)]
pub struct ParseCache {
    entries: std::collections::HashMap<(diag::FileId, String, u64), model::ParsedDoc>,
}

pub(crate) fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// parse (in parallel, through the cache) → link. Returns the site and how many files
/// were parsed anew.
pub fn parse_and_link(meta: load::SiteMeta, sources: &load::Sources, cache: &mut ParseCache, diags: &mut Diagnostics) -> (Site, usize) {
    let parse_all = |files: &[load::DocFile], mode, cache: &ParseCache| {
        files
            .par_iter()
            .map(|f| {
                let key = (f.file, sources.map.name(f.file).to_string(), text_hash(sources.map.text(f.file)));
                if let Some(doc) = cache.entries.get(&key) {
                    return (Some(doc.clone()), Diagnostics::default(), None);
                }
                let mut d = Diagnostics::default();
                let doc = parse::parse(&sources.map, f, mode, &mut d);
                let fresh = (d.is_empty()).then(|| doc.clone()).flatten().map(|doc| (key, doc));
                (doc, d, fresh)
            })
            .collect::<Vec<_>>()
    };
    let mut parsed = 0;
    let mut collect = |results: Vec<(Option<model::ParsedDoc>, Diagnostics, Option<((diag::FileId, String, u64), model::ParsedDoc)>)>,
                       cache: &mut ParseCache| {
        let mut docs = Vec::new();
        for (doc, d, fresh) in results {
            diags.extend(d);
            if let Some((k, v)) = fresh {
                parsed += 1;
                cache.entries.insert(k, v);
            }
            docs.extend(doc);
        }
        docs
    };
    let r1 = parse_all(&sources.declarations, parse::Mode::Declaration, cache);
    let docs = collect(r1, cache);
    let r2 = parse_all(&sources.pages, parse::Mode::Plain, cache);
    let pages = collect(r2, cache);
    let known: BTreeSet<Slug> = sources.declarations.iter().map(|d| d.slug.clone()).collect();
    (link::link(meta.config, meta.registry, meta.registry_ok, docs, pages, &known, diags), parsed)
}
