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
    let parse_all = |files: &[load::DocFile], mode| {
        let results: Vec<(Option<model::ParsedDoc>, Diagnostics)> = files
            .par_iter()
            .map(|f| {
                let mut d = Diagnostics::default();
                (parse::parse(&sources.map, f, mode, &mut d), d)
            })
            .collect();
        let mut docs = Vec::new();
        let mut diags = Diagnostics::default();
        for (doc, d) in results {
            diags.extend(d);
            docs.extend(doc);
        }
        (docs, diags)
    };
    let (docs, d1) = parse_all(&sources.declarations, parse::Mode::Declaration);
    let (pages, d2) = parse_all(&sources.pages, parse::Mode::Plain);
    diags.extend(d1);
    diags.extend(d2);
    let known: BTreeSet<Slug> = sources.declarations.iter().map(|d| d.slug.clone()).collect();
    let site = link::link(sources.config, sources.registry, sources.registry_ok, docs, pages, &known, &mut diags);
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
