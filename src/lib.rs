//! diptych: a static site generator for bilingual (and multilingual) declarations.
//!
//! One pipeline, one direction:
//!
//! ```text
//! load    disk → sources: files found, site.yaml, themes.yaml, parties.yaml
//! parse   each file → front matter, blocks, annotations, cross-references (parallel)
//! link    all files → site: translations merged and aligned, references resolved
//! render  site → listings (paged lists) → pages, each handed on when made (parallel);
//!         search: site → index files
//! write   each page → temporary folder as it comes; at the end swapped into place
//! ```
//!
//! Every stage reports into one [`diag::Diagnostics`]; a build with a content error
//! writes nothing (the temporary folder goes away). [`compile_into`] runs the pipeline
//! into a [`Sink`] (what `build` uses, so a large site is never in memory whole);
//! [`compile`] collects the outputs in memory, for tests, `check --links` and snapshots;
//! [`check_site`] stops after link. [`session`] is the same pipeline with caches, for
//! live preview.

pub mod commands;
pub mod diag;
mod fx;
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

/// Stage timings on stderr when `DIPTYCH_TIMING` is set (for profiling a build; see
/// `benches/`). Off, it costs one environment lookup.
pub struct Laps {
    on: bool,
    /// When the previous lap ended, and the process's CPU time then (user, system).
    last: std::sync::Mutex<(std::time::Instant, [std::time::Duration; 2])>,
}

/// CPU time (user, system) of the whole process so far, all threads.
fn cpu_time() -> [std::time::Duration; 2] {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| std::time::Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    [tv(usage.ru_utime), tv(usage.ru_stime)]
}

impl Laps {
    pub fn new() -> Self {
        Laps { on: std::env::var_os("DIPTYCH_TIMING").is_some(), last: std::sync::Mutex::new((std::time::Instant::now(), cpu_time())) }
    }

    /// Prints the time since the previous lap (or since `new`), named `what`.
    pub fn lap(&self, what: &str) {
        if self.on {
            let mut last = self.last.lock().expect("laps");
            // Resident and peak memory so far (Linux), to see which stage holds what.
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let kb =
                |key: &str| status.lines().find_map(|l| l.strip_prefix(key)).map(|v| v.trim().trim_end_matches(" kB").trim().to_string());
            let mem = match (kb("VmRSS:"), kb("VmHWM:")) {
                (Some(rss), Some(hwm)) => format!(
                    " (resident {} MiB, peak {} MiB)",
                    rss.parse::<u64>().unwrap_or(0) / 1024,
                    hwm.parse::<u64>().unwrap_or(0) / 1024
                ),
                _ => String::new(),
            };
            let cpu = cpu_time();
            let [user, system] = [0, 1].map(|i| cpu[i].saturating_sub(last.1[i]).as_millis());
            eprintln!("timing: {what}: {} ms, CPU {user} ms user + {system} ms system{mem}", last.0.elapsed().as_millis());
            *last = (std::time::Instant::now(), cpu);
        }
    }
}

impl Default for Laps {
    fn default() -> Self {
        Self::new()
    }
}

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

/// Runs the pipeline up to (not including) writing, keeping every output in memory
/// (sorted by path): for tests, `check --links` and snapshots of small sites.
pub fn compile(root: &Path) -> Compiled {
    compile_with(root, &render::Options::default())
}

/// [`compile`] with render options (e.g. the snapshot notice).
pub fn compile_with(root: &Path, options: &render::Options) -> Compiled {
    let mut built = None;
    let outputs = render::collect(|sink| {
        built = Some(compile_into(root, options, sink));
        Ok(())
    });
    let built = built.expect("compiled");
    Compiled { map: built.map, diags: built.diags, site: built.site, outputs }
}

/// Where rendered files go as soon as they are made (from any thread): `build`
/// writes them straight into its temporary folder, so a large site is never held
/// in memory whole. A closure `Fn(Output) -> io::Result<()>` is one.
pub type Sink<'s> = &'s dyn OutputSink;

/// See [`Sink`].
pub trait OutputSink: Sync {
    /// A file, made whole.
    fn put(&self, output: Output) -> std::io::Result<()>;

    /// A large file made piece by piece (the open data collection: as large as all the
    /// texts of the site): `write` writes it into the writer it is given, from the
    /// calling thread. Where files go to disk it is never whole in memory; by default it
    /// is gathered and [`OutputSink::put`].
    fn stream(
        &self,
        path: render::urls::SitePath,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(Output { path, content: render::Content::Bytes(bytes) })
    }
}

impl<F: Fn(Output) -> std::io::Result<()> + Sync> OutputSink for F {
    fn put(&self, output: Output) -> std::io::Result<()> {
        self(output)
    }
}

/// Whether any text has a link or image by relative path (see [`linkcheck::content_links`]).
pub(crate) fn has_local_links(site: &Site) -> bool {
    site.declarations
        .iter()
        .flat_map(|d| d.translations.values())
        .chain(site.pages.iter().flat_map(|p| p.translations.values()))
        .any(|t| !t.local_links.is_empty())
}

/// A sink that passes outputs on and keeps their paths.
struct Recording<'s> {
    inner: Sink<'s>,
    paths: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl OutputSink for Recording<'_> {
    fn put(&self, output: Output) -> std::io::Result<()> {
        self.paths.lock().expect("paths").insert(output.path.0.clone());
        self.inner.put(output)
    }

    fn stream(
        &self,
        path: render::urls::SitePath,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.paths.lock().expect("paths").insert(path.0.clone());
        self.inner.stream(path, write)
    }
}

/// The result of [`compile_into`]: what [`Compiled`] has, without the outputs.
pub struct Built {
    pub map: SourceMap,
    pub diags: Diagnostics,
    pub site: Option<Site>,
    /// The sink failed (e.g. the disk is full): the build stopped there.
    pub io_error: Option<std::io::Error>,
}

/// load → parse → link, and the theme: what every command needs before rendering.
/// An error when there is no site to speak of (no readable or valid site.yaml): the
/// source map the diagnostics point into.
fn linked(root: &Path, diags: &mut Diagnostics, laps: &Laps) -> Result<(load::Sources, Site, Option<render::Theme>), SourceMap> {
    let mut sources = load::load_unread(root, diags)?;
    laps.lap("load");
    let site = parse_and_link_once(&mut sources, diags, laps);
    laps.lap("link");
    let theme = render::Theme::load(sources.theme_dir.as_deref(), diags);
    laps.lap("theme");
    Ok((sources, site, theme))
}

/// load → parse → link → render, each output handed to `sink`. With any content
/// error nothing reaches the sink.
pub fn compile_into(root: &Path, options: &render::Options, sink: Sink<'_>) -> Built {
    let mut diags = Diagnostics::default();
    let laps = Laps::new();
    let (mut sources, site, theme) = match linked(root, &mut diags, &laps) {
        Ok(linked) => linked,
        Err(map) => return Built { map, diags, site: None, io_error: None },
    };
    let mut io_error = None;
    if let (Some(theme), false) = (&theme, diags.has_errors()) {
        // Past link nothing new points into the sources (rendering reports no
        // positions): their text need not stay in memory while the site is written,
        // but for the files the warnings so far point into.
        sources.map.release_texts(&diags);
        // The content's relative links are checked against the paths written, which are
        // kept only when there are such links (the files of broken ones are read again).
        let recording = has_local_links(&site).then(|| Recording { inner: sink, paths: Default::default() });
        let sink: Sink<'_> = recording.as_ref().map_or(sink, |r| r as Sink<'_>);
        let result = render::render_into(&site, theme, &sources.attachments, options, &mut diags, sink, &laps)
            .and_then(|()| search::build_into(&site, sink));
        laps.lap("search index");
        io_error = result.err();
        if let Some(recording) = recording {
            let paths = recording.paths.into_inner().expect("paths");
            for warning in linkcheck::content_links(&site, &paths) {
                diags.push(warning);
            }
            load::restore_texts(&mut sources.map, &diags);
        }
    }
    Built { map: sources.map, diags, site: Some(site), io_error }
}

/// load → parse → link, and one page of each kind rendered to try the theme's
/// templates: what `check` needs, without rendering the whole site.
pub fn check_site(root: &Path) -> Built {
    let mut diags = Diagnostics::default();
    let (sources, site, theme) = match linked(root, &mut diags, &Laps::new()) {
        Ok(linked) => linked,
        Err(map) => return Built { map, diags, site: None, io_error: None },
    };
    if let (Some(theme), false) = (&theme, diags.has_errors()) {
        let options = render::Options::default();
        let r = render::Renderer::new(&site, theme, &options);
        let mut seen = BTreeSet::new();
        let samples: Vec<render::PageJob<'_>> = r.plan().into_iter().filter(|j| seen.insert(j.template())).collect();
        r.pages(&samples, &mut diags);
    }
    Built { map: sources.map, diags, site: Some(site), io_error: None }
}

/// Parsed documents kept between rebuilds (live preview): a file whose text has not
/// changed (the same shared text, see [`diag::ReadCache`]) is not parsed again. Only
/// documents that parsed without any diagnostic are kept, so a problem is reported on
/// every rebuild until it is fixed.
#[derive(Default)]
pub struct ParseCache {
    /// By file id: the text a document was parsed from and the document. A file is
    /// known by its shared text (one allocation per file read, see
    /// [`diag::ReadCache`]), so an id that now names another file misses.
    entries: Vec<Option<(std::sync::Arc<str>, model::Doc)>>,
    link: link::LinkCache,
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
    type Parsed = (Option<model::Doc>, Diagnostics, bool);
    let parse_all = |files: &[load::DocFile], mode, cache: &ParseCache| -> Vec<Parsed> {
        files
            .par_iter()
            .map(|f| {
                let text = sources.map.shared_text(f.file);
                if let Some((_, doc)) =
                    cache.entries.get(f.file.0).and_then(Option::as_ref).filter(|(t, _)| std::sync::Arc::ptr_eq(t, text))
                {
                    return (Some(doc.clone()), Diagnostics::default(), false);
                }
                let mut d = Diagnostics::default();
                let doc = parse::parse(text, f, mode, &mut d).map(std::sync::Arc::new);
                (doc, d, true)
            })
            .collect()
    };
    let mut parsed = 0;
    let mut collect = |results: Vec<Parsed>, files: &[load::DocFile], cache: &mut ParseCache| {
        let mut docs = Vec::new();
        for ((doc, d, fresh), f) in results.into_iter().zip(files) {
            if fresh {
                parsed += 1;
                if let (Some(doc), true) = (&doc, d.is_empty()) {
                    if cache.entries.len() <= f.file.0 {
                        cache.entries.resize(f.file.0 + 1, None);
                    }
                    cache.entries[f.file.0] = Some((sources.map.shared_text(f.file).clone(), doc.clone()));
                }
            }
            diags.extend(d);
            docs.extend(doc);
        }
        docs
    };
    let r1 = parse_all(&sources.declarations, parse::Mode::Declaration, cache);
    let docs = collect(r1, &sources.declarations, cache);
    let r2 = parse_all(&sources.pages, parse::Mode::Plain, cache);
    let pages = collect(r2, &sources.pages, cache);
    (link_parsed(meta, sources, docs, pages, &mut cache.link, diags), parsed)
}

/// link, after parse.
fn link_parsed(
    meta: load::SiteMeta,
    sources: &load::Sources,
    docs: Vec<model::Doc>,
    pages: Vec<model::Doc>,
    cache: &mut link::LinkCache,
    diags: &mut Diagnostics,
) -> Site {
    // Consulted only for a reference to a declaration that did not link.
    let known = |slug: &Slug| sources.declarations.iter().any(|d| &d.slug == slug);
    // Declarations with a translation whose file did not parse (its errors are reported):
    // what the others lack may well be in it.
    let parsed: std::collections::HashSet<(&Slug, &model::Lang)> = docs.iter().map(|d| (&d.slug, &d.lang)).collect();
    let unparsed: std::collections::HashSet<Slug> =
        sources.declarations.iter().filter(|f| !parsed.contains(&(&f.slug, &f.lang))).map(|f| f.slug.clone()).collect();
    let partial = |slug: &Slug| unparsed.contains(slug);
    link::link(meta.config, meta.registry, meta.registry_ok, docs, pages, &known, &partial, cache, diags)
}

/// parse → link for a one-shot command (`build`, `check`): [`parse_and_link`] without
/// a cache, each file read on the thread that parses it (load registered them unread,
/// see [`load::load_unread`]) and freed there, but for files with diagnostics. A large
/// site's sources (206 MB at 5,000 synthetic declarations) are never all in memory.
/// Texts that link reports something in are read again (see [`load::restore_texts`]).
fn parse_and_link_once(sources: &mut load::Sources, diags: &mut Diagnostics, laps: &Laps) -> Site {
    /// What becomes of a file's text once it is parsed.
    enum Text {
        /// Kept in the source map: the diagnostics point into it.
        Keep(std::sync::Arc<str>),
        /// Freed; known by its hash (see [`SourceMap::mark_taken`]).
        Freed(u64),
    }
    let mut parse_all = |files: &[load::DocFile], mode, map: &mut SourceMap| -> Vec<model::Doc> {
        // Texts a map already holds (one not loaded unread) are taken out to be freed.
        let jobs: Vec<(&load::DocFile, Option<std::sync::Arc<str>>)> =
            files.iter().map(|f| (f, (!map.is_unread(f.file)).then(|| map.take_text(f.file)))).collect();
        let map_now = &*map;
        let results: Vec<(Option<model::Doc>, Diagnostics, Text)> = jobs
            .into_par_iter()
            .map(|(f, text)| {
                let mut d = Diagnostics::default();
                let read = || load::read_unread(map_now, f.file).map(std::sync::Arc::from);
                let text = match text.map(Ok).unwrap_or_else(read) {
                    Ok(text) => text,
                    Err((problem, text)) => {
                        d.push(problem);
                        return (None, d, Text::Keep(text.into()));
                    }
                };
                let doc = parse::parse(&text, f, mode, &mut d).map(std::sync::Arc::new);
                let text = if d.is_empty() { Text::Freed(diag::taken_hash(&text)) } else { Text::Keep(text) };
                (doc, d, text)
            })
            .collect();
        let mut docs = Vec::with_capacity(results.len());
        for ((doc, d, text), f) in results.into_iter().zip(files) {
            match text {
                Text::Keep(text) => map.put_text(f.file, text),
                Text::Freed(hash) => map.mark_taken(f.file, hash),
            }
            diags.extend(d);
            docs.extend(doc);
        }
        docs
    };
    let (declarations, pages) = (std::sync::Arc::clone(&sources.declarations), std::sync::Arc::clone(&sources.pages));
    load::prefetch(&sources.map, &declarations);
    let docs = parse_all(&declarations, parse::Mode::Declaration, &mut sources.map);
    let pages = parse_all(&pages, parse::Mode::Plain, &mut sources.map);
    laps.lap("read and parse");
    let site = link_parsed(sources.clone_meta(), sources, docs, pages, &mut link::LinkCache::one_shot(), diags);
    load::restore_texts(&mut sources.map, diags);
    site
}
