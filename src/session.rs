//! A build that stays in memory and is updated edit by edit: the pipeline of
//! [`crate::compile`] with caches, not a second code path. Parsed files are reused while
//! their text is unchanged; after linking, only the pages an edit touches are rendered
//! again (see [`crate::render::affected`]). The site-wide files (search index, feeds,
//! sitemap, open data) are brought up to date by [`Session::complete`], which the
//! preview server runs after it has told browsers to reload. After `complete`, the
//! files equal a full build byte for byte (tested).

use crate::diag::{Diagnostics, SourceMap, render_plain, render_terminal};
use crate::link::Site;
use crate::model::Packed;
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
    /// What the last good rebuild loaded, and the site folder as file watchers name it.
    sources: Option<load::Sources>,
    canonical_root: std::sync::OnceLock<PathBuf>,
    theme: Option<Arc<Theme>>,
    site: Option<Arc<Site>>,
    /// The listings of `site`, kept while edits move no declaration in any list.
    listings: Option<Arc<render::listings::Listings>>,
    /// Counts good rebuilds: a site-wide refresh computed for an older one is dropped.
    generation: u64,
    attachments: Vec<(crate::model::Slug, PathBuf)>,
    /// The site as served.
    files: Files,
    stale: bool,
    /// Template and page number of every page of the last plan: when it changes, a
    /// list got longer or shorter and pages that are no longer in the plan go.
    shape: Vec<(&'static str, usize)>,
    /// The content's broken links as last reported (see [`Session::link_warnings`]).
    link_warnings: String,
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
            sources: None,
            canonical_root: std::sync::OnceLock::new(),
            theme: None,
            site: None,
            listings: None,
            generation: 0,
            attachments: Vec::new(),
            files: Files::default(),
            stale: false,
            shape: Vec::new(),
            link_warnings: String::new(),
        }
    }

    /// The site folder with symbolic links resolved, as file watchers report paths.
    fn watched_root(&self) -> &Path {
        self.canonical_root.get_or_init(|| self.root.canonicalize().unwrap_or_else(|_| self.root.clone()))
    }

    /// The bytes of an output file, if the site has it.
    pub fn file(&self, path: &str) -> Option<Vec<u8>> {
        self.files.get(path).map(Packed::unpack)
    }

    /// The path part of the site's `base_url`, e.g. `/verklaringen/`.
    pub fn base_path(&self) -> String {
        let base = self.site.as_ref().map(|s| s.config.base_url.as_str()).unwrap_or("/");
        let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
        after_scheme.find('/').map_or("/".to_string(), |i| after_scheme[i..].to_string())
    }

    /// The site as served. Cloning it is cheap (see [`Files`]).
    pub fn files(&self) -> &Files {
        &self.files
    }

    fn put(&mut self, outputs: Vec<(String, Packed)>, changed: &mut Vec<String>) {
        for (path, bytes) in outputs {
            if self.files.get(&path).is_none_or(|old| *old != bytes) {
                changed.push(path.clone());
                self.files.insert(path, bytes);
            }
        }
        self.files.settle();
    }

    /// Removes the files whose paths `gone` accepts; returns them.
    fn remove_where(&mut self, gone: impl Fn(&str) -> bool, changed: &mut Vec<String>) {
        let paths: Vec<String> = self.files.paths().filter(|p| gone(p)).map(str::to_string).collect();
        for p in paths {
            self.files.remove(&p);
            changed.push(p);
        }
    }

    /// Rebuilds after a change. `theme_changed` forces the theme to be read again.
    pub fn rebuild(&mut self, theme_changed: bool) -> Update {
        self.rebuild_after(theme_changed, None)
    }

    /// [`Session::rebuild`] after a file watcher reported that the files at `changed`
    /// (absolute paths under the site folder) were written, created or removed: when
    /// that was an edit of existing content files, only those are read again (see
    /// [`load::reload`]). `None`: look at every file.
    pub fn rebuild_after(&mut self, theme_changed: bool, changed: Option<&[PathBuf]>) -> Update {
        let started = Instant::now();
        let mut diags = Diagnostics::default();
        // The sources of the last good rebuild: after a failed one the files on disk
        // are not what they say, and everything is looked at again.
        let previous = self.sources.take();
        let root = self.watched_root().to_path_buf();
        let reloaded = match (changed, &previous, &mut self.reads, theme_changed) {
            (Some(paths), Some(prev), Some(reads), false) => load::reload(prev, &root, paths, reads),
            _ => None,
        };
        let sources = match reloaded {
            Some(sources) => sources,
            None => {
                let map = SourceMap::reusing(self.reads.take().unwrap_or_default());
                let mut sources = match load::load_into(&self.root, map, &mut diags) {
                    Ok(sources) => sources,
                    Err(map) => return Update { errors: Some(errors(&map, &diags)), took: started.elapsed(), ..Update::default() },
                };
                self.reads = Some(sources.map.take_reads());
                sources
            }
        };
        let loaded = started.elapsed();
        let (site, parsed) = parse_and_link(sources.clone_meta(), &sources, &mut self.cache, &mut diags);
        let linked = started.elapsed();
        if theme_changed || self.theme.is_none() {
            self.theme = Theme::load(sources.theme_dir.as_deref(), &mut diags).map(Arc::new);
        }
        if diags.has_errors() || self.theme.is_none() {
            return Update { errors: Some(errors(&sources.map, &diags)), parsed, took: started.elapsed(), ..Update::default() };
        }
        let theme = Arc::clone(self.theme.as_ref().expect("checked"));
        let theme = &*theme;
        let change = match (self.site.as_deref(), theme_changed) {
            (Some(old), false) => render::affected::change(old, &site),
            _ => None,
        };
        // While only text changed, the listings (and so the page plan) stay as they were.
        let renderer = match (&change, &self.listings) {
            (Some(c), Some(listings)) if c.keeps_listings() => {
                render::Renderer::with_listings(&site, theme, &self.options, Arc::clone(listings))
            }
            _ => render::Renderer::new(&site, theme, &self.options),
        };
        let full = change.is_none();
        // The page plan, unless the listings were kept (then it is the same as before).
        let plan = (!change.as_ref().is_some_and(|c| c.keeps_listings())).then(|| renderer.plan());
        let (outputs, rendered) = match (&change, &plan) {
            (Some(change), _) => {
                let jobs = renderer.affected(change);
                (renderer.pages(&jobs, &mut diags).into_iter().map(pack).collect::<Vec<_>>(), jobs.len())
            }
            (None, Some(plan)) => {
                let out = packed(|sink| {
                    renderer.pages_into(plan, &mut diags, sink)?;
                    renderer.machine_outputs_into(sink)?;
                    render::assets(theme)
                        .into_iter()
                        .chain(render::attachment_outputs(&site, &sources.attachments))
                        .try_for_each(|o| sink.put(o))?;
                    search::build_into(&site, sink)
                });
                (out, plan.len())
            }
            (None, None) => unreachable!("a full rebuild has a plan"),
        };
        // Pages of lists that got shorter go away at once (other files wait for `complete`).
        let shape: Option<Vec<(&'static str, usize)>> =
            plan.as_ref().map(|plan| plan.iter().map(|j| (j.template(), j.page_number())).collect());
        let pages: Option<std::collections::HashSet<String>> = match (&plan, &shape) {
            (Some(plan), Some(shape)) if *shape != self.shape => Some(plan.iter().map(|j| renderer.path_of(j).0).collect()),
            _ => None,
        };
        drop(plan);
        let listings = Arc::clone(renderer.listings());
        drop(renderer);
        let rendered_at = started.elapsed();
        if diags.has_errors() {
            return Update { errors: Some(errors(&sources.map, &diags)), parsed, took: started.elapsed(), ..Update::default() };
        }
        if let Some(shape) = shape {
            self.shape = shape;
        }
        let mut changed = Vec::new();
        if let Some(pages) = pages {
            self.remove_where(|k| k.ends_with(".html") && !pages.contains(k), &mut changed);
        }
        if full {
            // Files the site no longer has go away.
            let keep: std::collections::HashSet<&str> = outputs.iter().map(|(p, _)| p.as_str()).collect();
            self.remove_where(|k| !keep.contains(k), &mut changed);
        }
        self.put(outputs, &mut changed);
        self.attachments = sources.attachments.clone();
        // The previous site and this load's sources are large on a large site: freeing
        // them is left to another thread, after the reload.
        self.listings = Some(listings);
        let old = self.site.replace(Arc::new(site));
        self.generation += 1;
        self.sources = Some(sources);
        std::thread::spawn(move || drop((old, previous)));
        self.stale = !full;
        Update { errors: None, changed, full, parsed, rendered, took: started.elapsed(), stages: [loaded, linked, rendered_at] }
    }

    /// The content's relative links that lead to no file of the site as served (see
    /// [`crate::linkcheck::content_links`]), with their source lines, when they are not
    /// what the last call reported: the terminal shows each set once, and an edit that
    /// mends the last one says so.
    pub fn link_warnings(&mut self) -> Option<String> {
        let (Some(site), Some(sources)) = (&self.site, &self.sources) else { return None };
        let now = if crate::has_local_links(site) {
            let paths: std::collections::HashSet<String> = self.files.paths().map(String::from).collect();
            let mut diags = Diagnostics::default();
            for warning in crate::linkcheck::content_links(site, &paths) {
                diags.push(warning);
            }
            render_terminal(&sources.map, &diags.sorted(), false)
        } else {
            String::new()
        };
        if now == self.link_warnings {
            return None;
        }
        let mended = now.is_empty();
        self.link_warnings = now;
        Some(if mended { "the content's links all lead to files of the site again\n".into() } else { self.link_warnings.clone() })
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
        let keep: std::collections::HashSet<&str> = outputs.iter().map(|(p, _)| p.as_str()).collect();
        self.remove_where(|k| k.starts_with("search/") && !keep.contains(k), &mut changed);
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
    outputs: Vec<(String, Packed)>,
}

impl Refresh {
    pub fn run(self) -> Refreshed {
        let renderer = render::Renderer::new(&self.site, &self.theme, &self.options);
        let outputs = packed(|sink| {
            let (machine, index) = rayon::join(|| renderer.machine_outputs_into(sink), || search::build_into(&self.site, sink));
            machine.and(index)
        });
        Refreshed { generation: self.generation, outputs }
    }
}

/// An output as the session keeps it: its path and its packed bytes (an attachment
/// read from disk).
fn pack(o: Output) -> (String, Packed) {
    let packed = match o.content {
        Content::Bytes(b) => Packed::new(&b),
        Content::Copy(p) => Packed::new(&std::fs::read(&p).unwrap_or_default()),
    };
    (o.path.0, packed)
}

/// Outputs packed as they are made (on the rendering threads), so that a full rebuild
/// never holds the site's plain bytes at once.
fn packed(produce: impl FnOnce(crate::Sink<'_>) -> std::io::Result<()>) -> Vec<(String, Packed)> {
    let out = std::sync::Mutex::new(Vec::new());
    let sink = |o: Output| {
        let p = pack(o);
        out.lock().expect("packed outputs").push(p);
        Ok(())
    };
    // The sink above never fails, and neither does anything that only hands it outputs.
    produce(&sink).expect("packing cannot fail");
    let mut out = out.into_inner().expect("packed outputs");
    // In path order, as `render::collect` gives them: `Update::changed` is deterministic.
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The files of the site as served, output path → packed bytes (a large site is held in
/// memory whole: 2.5 GB of outputs at 5,000 synthetic declarations, 6 GiB resident when
/// they were kept plain; a request unpacks its one file): a large base shared by
/// every copy, and the files changed since it was made. The preview server publishes a
/// copy after each edit; copying costs the few changed files, not the 80,000 paths of a
/// large site. The changes are folded into the base once they are many.
#[derive(Clone, Default)]
pub struct Files {
    base: Arc<BTreeMap<String, Packed>>,
    /// Changed since `base`: new bytes, or `None` for a file that is gone.
    recent: BTreeMap<String, Option<Packed>>,
}

impl Files {
    /// Changes kept apart from the base before they are folded into it.
    const RECENT_MAX: usize = 4096;

    pub fn get(&self, path: &str) -> Option<&Packed> {
        match self.recent.get(path) {
            Some(changed) => changed.as_ref(),
            None => self.base.get(path),
        }
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Every path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(p, _)| p)
    }

    /// Every file, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Packed)> {
        let mut base = self.base.iter().peekable();
        let mut recent = self.recent.iter().peekable();
        std::iter::from_fn(move || {
            loop {
                let take_recent = match (base.peek(), recent.peek()) {
                    (None, None) => return None,
                    (Some(_), None) => false,
                    (None, Some(_)) => true,
                    (Some((b, _)), Some((r, _))) => r <= b,
                };
                if take_recent {
                    let (path, bytes) = recent.next().expect("peeked");
                    if base.peek().is_some_and(|(b, _)| *b == path) {
                        base.next();
                    }
                    if let Some(bytes) = bytes {
                        return Some((path.as_str(), bytes));
                    }
                } else {
                    let (path, bytes) = base.next().expect("peeked");
                    return Some((path.as_str(), bytes));
                }
            }
        })
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn insert(&mut self, path: String, bytes: Packed) {
        self.recent.insert(path, Some(bytes));
    }

    fn remove(&mut self, path: &str) {
        if self.base.contains_key(path) {
            self.recent.insert(path.to_string(), None);
        } else {
            self.recent.remove(path);
        }
    }

    /// Folds the changes into the base once they are many (a full rebuild).
    fn settle(&mut self) {
        if self.recent.len() > Self::RECENT_MAX {
            let base = Arc::make_mut(&mut self.base);
            for (path, bytes) in std::mem::take(&mut self.recent) {
                match bytes {
                    Some(b) => base.insert(path, b),
                    None => base.remove(&path),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Files, Packed};

    fn bytes(s: &str) -> Packed {
        Packed::new(s.as_bytes())
    }

    fn listing(f: &Files) -> Vec<(String, String)> {
        f.iter().map(|(p, b)| (p.to_string(), String::from_utf8(b.unpack()).unwrap())).collect()
    }

    #[test]
    fn files_read_through_changes_and_fold_them_in() {
        let mut f = Files::default();
        for p in ["a", "c", "e"] {
            f.insert(p.into(), bytes(p));
        }
        // Fold into the base, then change on top of it.
        let many = Files::RECENT_MAX + 1;
        for i in 0..many {
            f.insert(format!("z{i:05}"), bytes("z"));
        }
        f.settle();
        assert!(f.recent.is_empty() && f.base.len() == 3 + many);
        let published = f.clone();
        f.insert("b".into(), bytes("B"));
        f.insert("c".into(), bytes("C"));
        f.remove("e");
        f.remove("b");
        f.insert("d".into(), bytes("D"));
        let got: Vec<(String, String)> = listing(&f).into_iter().take(3).collect();
        assert_eq!(got, [("a".into(), "a".into()), ("c".into(), "C".into()), ("d".into(), "D".into())]);
        assert!(f.get("e").is_none() && f.get("b").is_none() && !f.contains_key("e"));
        assert_eq!(f.len(), 3 + many);
        // The copy published before is unchanged.
        assert_eq!(published.get("c").map(Packed::unpack), Some(b"c".to_vec()));
        assert!(published.get("e").is_some() && published.get("d").is_none());
        // Folding keeps what reads see.
        let before = listing(&f);
        for i in 0..many {
            f.insert(format!("y{i:05}"), bytes("y"));
        }
        f.settle();
        assert!(f.recent.is_empty());
        let after: Vec<(String, String)> = listing(&f).into_iter().filter(|(p, _)| !p.starts_with('y')).collect();
        assert_eq!(before, after);
    }
}
