//! A build that stays in memory and is updated edit by edit: the pipeline of
//! [`crate::compile`] with caches, not a second code path. Parsed files are reused while
//! their text is unchanged; after linking, only the pages an edit touches are rendered
//! again (see [`crate::render::affected`]). The site-wide files (search index, feeds,
//! sitemap, open data) are brought up to date by [`Session::complete`], which the
//! preview server runs after it has told browsers to reload. After `complete`, the
//! files equal a full build byte for byte (tested).

use crate::diag::{Diagnostics, SourceMap, render_plain, render_terminal};
use crate::link::Site;
use crate::render::{self, Content, Output, Theme};
use crate::{ParseCache, load, parse_and_link, search};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Session {
    root: PathBuf,
    options: render::Options,
    cache: ParseCache,
    /// Texts of the last load: unchanged files are not read again.
    reads: Option<crate::diag::ReadCache>,
    theme: Option<Arc<Theme>>,
    site: Option<Arc<Site>>,
    /// Counts good rebuilds: a site-wide refresh computed for an older one is dropped.
    generation: u64,
    attachments: Vec<(crate::model::Slug, PathBuf)>,
    /// The site as served: output path → bytes.
    files: BTreeMap<String, Arc<Vec<u8>>>,
    stale: bool,
    /// Template and page number of every page of the last plan: when it changes, a
    /// list got longer or shorter and pages that are no longer in the plan go.
    shape: Vec<(&'static str, usize)>,
}

/// What a rebuild did.
#[derive(Debug, Default)]
pub struct Update {
    /// Content errors: nothing changed, the last good site is still served.
    pub errors: Option<Errors>,
    /// Output paths whose bytes changed.
    pub changed: Vec<String>,
    pub full: bool,
    pub parsed: usize,
    pub rendered: usize,
    pub took: Duration,
    /// Time from the start to the end of load, of parse + link, of rendering.
    pub stages: [Duration; 3],
}

#[derive(Debug, Clone)]
pub struct Errors {
    /// With source lines and carets, for the terminal.
    pub terminal: String,
    /// `file:line:col: error: …` lines, for the browser overlay.
    pub plain: Vec<String>,
}

fn errors(map: &SourceMap, diags: &Diagnostics) -> Errors {
    let sorted = diags.sorted();
    Errors { terminal: render_terminal(map, &sorted, false), plain: sorted.iter().map(|d| render_plain(map, d)).collect() }
}

impl Session {
    pub fn new(root: &Path, options: render::Options) -> Session {
        Session {
            root: root.to_path_buf(),
            options,
            cache: ParseCache::default(),
            reads: None,
            theme: None,
            site: None,
            generation: 0,
            attachments: Vec::new(),
            files: BTreeMap::new(),
            stale: false,
            shape: Vec::new(),
        }
    }

    /// The bytes of an output file, if the site has it.
    pub fn file(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.files.get(path).cloned()
    }

    /// The path part of the site's `base_url`, e.g. `/verklaringen/`.
    pub fn base_path(&self) -> String {
        let base = self.site.as_ref().map(|s| s.config.base_url.as_str()).unwrap_or("/");
        let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
        after_scheme.find('/').map_or("/".to_string(), |i| after_scheme[i..].to_string())
    }

    pub fn files(&self) -> &BTreeMap<String, Arc<Vec<u8>>> {
        &self.files
    }

    fn put(&mut self, outputs: Vec<Output>, changed: &mut Vec<String>) {
        for o in outputs {
            let bytes = match o.content {
                Content::Bytes(b) => b,
                Content::Copy(p) => std::fs::read(&p).unwrap_or_default(),
            };
            if self.files.get(&o.path.0).is_none_or(|old| **old != bytes) {
                changed.push(o.path.0.clone());
                self.files.insert(o.path.0, Arc::new(bytes));
            }
        }
    }

    /// Rebuilds after a change. `theme_changed` forces the theme to be read again.
    pub fn rebuild(&mut self, theme_changed: bool) -> Update {
        let started = Instant::now();
        let mut diags = Diagnostics::default();
        let map = SourceMap::reusing(self.reads.take().unwrap_or_default());
        let Some(mut sources) = load::load_into(&self.root, map, &mut diags) else {
            return Update { errors: Some(errors(&SourceMap::default(), &diags)), took: started.elapsed(), ..Update::default() };
        };
        self.reads = Some(sources.map.take_reads());
        let loaded = started.elapsed();
        let (site, parsed) = parse_and_link(sources.clone_meta(), &sources, &mut self.cache, &mut diags);
        let linked = started.elapsed();
        if theme_changed || self.theme.is_none() {
            self.theme = Theme::load(sources.theme_dir.as_deref(), &mut diags).map(Arc::new);
        }
        if diags.has_errors() || self.theme.is_none() {
            return Update { errors: Some(errors(&sources.map, &diags)), parsed, took: started.elapsed(), ..Update::default() };
        }
        let theme = self.theme.as_ref().expect("checked");
        let renderer = render::Renderer::new(&site, theme, &self.options);
        let jobs = match (self.site.as_deref(), theme_changed) {
            (Some(old), false) => renderer.affected(old),
            _ => None,
        };
        let full = jobs.is_none();
        let plan = renderer.plan();
        let (outputs, rendered) = match jobs {
            Some(jobs) => {
                let out = renderer.pages(&jobs, &mut diags);
                (out, jobs.len())
            }
            None => {
                let mut out = renderer.pages(&plan, &mut diags);
                out.extend(renderer.machine_outputs());
                out.extend(render::assets(theme));
                out.extend(render::attachment_outputs(&site, &sources.attachments));
                out.extend(search::build(&site));
                (out, plan.len())
            }
        };
        // Pages of lists that got shorter go away at once (other files wait for `complete`).
        let shape: Vec<(&'static str, usize)> = plan.iter().map(|j| (j.template(), j.page_number())).collect();
        let pages: Option<std::collections::HashSet<String>> =
            (shape != self.shape).then(|| plan.iter().map(|j| renderer.path_of(j).0).collect());
        let rendered_at = started.elapsed();
        if diags.has_errors() {
            return Update { errors: Some(errors(&sources.map, &diags)), parsed, took: started.elapsed(), ..Update::default() };
        }
        let mut changed = Vec::new();
        if let Some(pages) = pages {
            let gone: Vec<String> = self.files.keys().filter(|k| k.ends_with(".html") && !pages.contains(*k)).cloned().collect();
            for g in gone {
                self.files.remove(&g);
                changed.push(g);
            }
        }
        self.shape = shape;
        if full {
            // Files the site no longer has go away.
            let keep: std::collections::BTreeSet<&str> = outputs.iter().map(|o| o.path.0.as_str()).collect();
            let gone: Vec<String> = self.files.keys().filter(|k| !keep.contains(k.as_str())).cloned().collect();
            for g in gone {
                self.files.remove(&g);
                changed.push(g);
            }
        }
        self.put(outputs, &mut changed);
        self.attachments = sources.attachments.clone();
        // The previous site and this load's sources are large on a large site: freeing
        // them is left to another thread, after the reload.
        let old = self.site.replace(Arc::new(site));
        self.generation += 1;
        std::thread::spawn(move || drop((old, sources)));
        self.stale = !full;
        Update { errors: None, changed, full, parsed, rendered, took: started.elapsed(), stages: [loaded, linked, rendered_at] }
    }

    /// Brings the site-wide files up to date after an incremental rebuild.
    pub fn complete(&mut self) -> Vec<String> {
        match self.refresh() {
            Some(job) => {
                let done = job.run();
                self.apply(done)
            }
            None => Vec::new(),
        }
    }

    /// The work of [`Session::complete`], to run on another thread while edits go on;
    /// `None` when the site-wide files are up to date.
    pub fn refresh(&self) -> Option<Refresh> {
        if !self.stale {
            return None;
        }
        Some(Refresh {
            generation: self.generation,
            site: Arc::clone(self.site.as_ref()?),
            theme: Arc::clone(self.theme.as_ref()?),
            options: self.options.clone(),
        })
    }

    /// Takes in a finished [`Refresh`]; ignored (returns nothing) if the site changed
    /// since it started. Returns the output paths that changed.
    pub fn apply(&mut self, done: Refreshed) -> Vec<String> {
        if done.generation != self.generation || !self.stale {
            return Vec::new();
        }
        self.stale = false;
        let outputs = done.outputs;
        let mut changed = Vec::new();
        // Index shards whose words are gone from the site go away.
        let keep: std::collections::BTreeSet<&str> = outputs.iter().map(|o| o.path.0.as_str()).collect();
        let gone: Vec<String> = self.files.keys().filter(|k| k.starts_with("search/") && !keep.contains(k.as_str())).cloned().collect();
        for g in gone {
            self.files.remove(&g);
            changed.push(g);
        }
        self.put(outputs, &mut changed);
        changed
    }
}

/// Site-wide files to compute again: search index, feeds, sitemap, open data.
pub struct Refresh {
    generation: u64,
    site: Arc<Site>,
    theme: Arc<Theme>,
    options: render::Options,
}

/// A computed [`Refresh`].
pub struct Refreshed {
    generation: u64,
    outputs: Vec<Output>,
}

impl Refresh {
    pub fn run(self) -> Refreshed {
        let renderer = render::Renderer::new(&self.site, &self.theme, &self.options);
        let (mut outputs, index) = rayon::join(|| renderer.machine_outputs(), || search::build(&self.site));
        outputs.extend(index);
        Refreshed { generation: self.generation, outputs }
    }
}
