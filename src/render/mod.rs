//! Render: the linked site → pages in memory. First the page plan (every page of the
//! site, each in each language), then each page is rendered on its own, in parallel:
//! a view model (plain JSON for Tera) and a template. Rendering only reads the [`Site`]:
//! it never parses Markdown or checks content; the holes left by `parse` are filled
//! here, because only here is the reader's language and the page's URL known.

pub mod affected;
mod blocks;
mod figures;
pub mod i18n;
pub mod listings;
mod machine;
mod not_found;
mod pages;
pub mod theme;
pub mod urls;

use crate::diag::{Diagnostic, Diagnostics};
use crate::link::{Declaration, Site};
use crate::model::{Lang, Party, Slug, Theme as ThemeEntry};
use i18n::Strings;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
pub use theme::Theme;
use urls::{Linker, SitePath};

/// What a file of the output holds.
#[derive(Debug)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A file copied as it is (an attachment).
    Copy(PathBuf),
}

#[derive(Debug)]
pub struct Output {
    pub path: SitePath,
    pub content: Content,
}

/// Every page of the site. Lists are paged: the last field of a list's job is the
/// page number, from 1 (see [`listings`]).
#[derive(Clone, Debug)]
pub enum PageJob<'a> {
    Root,
    NotFound,
    Home(&'a Lang, usize),
    Declaration(&'a Lang, &'a Declaration),
    Parallel(&'a Lang, &'a Declaration),
    Themes(&'a Lang),
    Theme(&'a Lang, &'a ThemeEntry, usize),
    Parties(&'a Lang),
    Party(&'a Lang, &'a Party, usize),
    Year(&'a Lang, i32, usize),
    Kind(&'a Lang, &'a str, usize),
    Page(&'a Lang, &'a crate::link::Page),
    Search(&'a Lang),
    Data(&'a Lang, usize),
}

impl PageJob<'_> {
    /// The page number of a page of a list, 1 for every other page.
    pub fn page_number(&self) -> usize {
        match self {
            PageJob::Home(_, n)
            | PageJob::Theme(_, _, n)
            | PageJob::Party(_, _, n)
            | PageJob::Year(_, _, n)
            | PageJob::Kind(_, _, n)
            | PageJob::Data(_, n) => *n,
            _ => 1,
        }
    }

    /// The theme template that renders the page.
    pub fn template(&self) -> &'static str {
        match self {
            PageJob::Root => "redirect.html",
            PageJob::NotFound => "404.html",
            PageJob::Home(_, 1) => "home.html",
            PageJob::Home(..) | PageJob::Year(..) | PageJob::Kind(..) => "list.html",
            PageJob::Declaration(..) => "declaration.html",
            PageJob::Parallel(..) => "parallel.html",
            PageJob::Themes(..) => "themes.html",
            PageJob::Theme(..) => "theme.html",
            PageJob::Parties(..) => "parties.html",
            PageJob::Party(..) => "party.html",
            PageJob::Page(..) => "page.html",
            PageJob::Search(..) => "search.html",
            PageJob::Data(..) => "data.html",
        }
    }
}

/// How a build differs from a plain one.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Set for archival snapshots: every page carries a notice with this date.
    pub snapshot: Option<crate::model::Date>,
}

pub struct Renderer<'a> {
    site: &'a Site,
    options: &'a Options,
    theme: &'a Theme,
    linker: Linker,
    strings: BTreeMap<Lang, Strings>,
    listings: Arc<listings::Listings>,
}

/// What `produce` hands to its sink, collected in memory and sorted by path.
pub fn collect(produce: impl FnOnce(crate::Sink<'_>) -> std::io::Result<()>) -> Vec<Output> {
    let outputs = std::sync::Mutex::new(Vec::new());
    let sink = |o: Output| {
        outputs.lock().expect("outputs").push(o);
        Ok(())
    };
    produce(&sink).expect("collecting in memory cannot fail");
    let mut outputs = outputs.into_inner().expect("outputs");
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    outputs
}

/// Renders every page and asset of the site, in memory.
pub fn render(site: &Site, theme: &Theme, attachments: &[(Slug, PathBuf)], options: &Options, diags: &mut Diagnostics) -> Vec<Output> {
    collect(|sink| render_into(site, theme, attachments, options, diags, sink, &crate::Laps::new()))
}

/// Renders every page and asset of the site, each handed to `sink` as soon as it is
/// made; stops at the first error of the sink.
pub fn render_into(
    site: &Site,
    theme: &Theme,
    attachments: &[(Slug, PathBuf)],
    options: &Options,
    diags: &mut Diagnostics,
    sink: crate::Sink<'_>,
    laps: &crate::Laps,
) -> std::io::Result<()> {
    let r = Renderer::new(site, theme, options);
    laps.lap("listings");
    r.pages_into(&r.plan(), diags, sink)?;
    laps.lap("pages");
    r.machine_outputs_into(sink)?;
    laps.lap("feeds, sitemap, open data");
    assets(theme).into_iter().try_for_each(|o| sink.put(o))?;
    attachment_outputs(site, attachments).into_iter().try_for_each(|o| sink.put(o))
}

/// The theme's static files.
pub fn assets(theme: &Theme) -> Vec<Output> {
    theme.assets.iter().map(|(name, bytes)| Output { path: urls::asset(name), content: Content::Bytes(bytes.clone()) }).collect()
}

/// Files of declaration bundles, published beside the declaration in every language.
pub fn attachment_outputs(site: &Site, attachments: &[(Slug, PathBuf)]) -> Vec<Output> {
    let mut outputs = Vec::new();
    for (slug, path) in attachments {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if site.declaration(slug).is_none() {
            continue;
        }
        for lang in &site.config.languages {
            outputs.push(Output { path: urls::attachment(lang, slug, &name), content: Content::Copy(path.clone()) });
        }
    }
    outputs
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, options: &'a Options) -> Self {
        Self::with_listings(site, theme, options, Arc::new(listings::Listings::new(site)))
    }

    /// A renderer using listings computed before, which must be those of `site` (live
    /// preview keeps them while an edit moves no declaration in any list).
    pub fn with_listings(site: &'a Site, theme: &'a Theme, options: &'a Options, listings: Arc<listings::Listings>) -> Self {
        let strings = site.config.languages.iter().map(|l| (l.clone(), Strings::new(l, &site.config))).collect();
        // A snapshot opens from a folder, where a link to a folder shows its listing, not
        // its index.html: its links name the file whatever `pretty_urls` says.
        let linker = Linker { pretty: site.config.pretty_urls && options.snapshot.is_none() };
        Renderer { site, theme, options, linker, strings, listings }
    }

    pub fn listings(&self) -> &Arc<listings::Listings> {
        &self.listings
    }

    /// The page plan: every page, in a stable order.
    pub fn plan(&self) -> Vec<PageJob<'a>> {
        use listings::{GROUP_PAGE, LIST_PAGE, page_count};
        let site = self.site;
        let mut jobs = vec![PageJob::Root, PageJob::NotFound];
        let paged = |n: usize, per: usize| 1..=page_count(n, per);
        for lang in &site.config.languages {
            jobs.extend(paged(site.declarations.len(), LIST_PAGE).map(|n| PageJob::Home(lang, n)));
            for d in &site.declarations {
                jobs.push(PageJob::Declaration(lang, d));
                jobs.push(PageJob::Parallel(lang, d));
            }
            jobs.push(PageJob::Themes(lang));
            jobs.push(PageJob::Parties(lang));
            // Theme and party pages in the order of the first declaration each shows, so
            // that pages rendered one after the other show mostly the same declarations,
            // whose texts are then unpacked once for all of them (see `PackedText::shared`).
            let first = |groups: &[listings::Group], n: usize| groups.get((n - 1) * GROUP_PAGE).map_or(0, |g| g.decl);
            let mut tagged: Vec<(usize, PageJob<'a>)> = Vec::new();
            for t in site.registry.themes.values() {
                let groups = &self.listings.theme(lang, &t.id).groups;
                tagged.extend(paged(groups.len(), GROUP_PAGE).map(|n| (first(groups, n), PageJob::Theme(lang, t, n))));
            }
            for p in site.registry.parties.values() {
                let groups = &self.listings.party(lang, &p.id).groups;
                tagged.extend(paged(groups.len(), GROUP_PAGE).map(|n| (first(groups, n), PageJob::Party(lang, p, n))));
            }
            tagged.sort_by_key(|(decl, _)| *decl);
            jobs.extend(tagged.into_iter().map(|(_, job)| job));
            for (y, decls) in &self.listings.years {
                jobs.extend(paged(decls.len(), LIST_PAGE).map(|n| PageJob::Year(lang, *y, n)));
            }
            for decls in self.listings.kinds.values() {
                let k: &'a str = &site.declarations[decls[0]].kind;
                jobs.extend(paged(decls.len(), LIST_PAGE).map(|n| PageJob::Kind(lang, k, n)));
            }
            jobs.extend(site.pages.iter().map(|p| PageJob::Page(lang, p)));
            jobs.push(PageJob::Search(lang));
            jobs.extend(paged(site.declarations.len(), LIST_PAGE).map(|n| PageJob::Data(lang, n)));
        }
        jobs
    }

    /// Renders the given pages, in parallel.
    pub fn pages(&self, jobs: &[PageJob<'_>], diags: &mut Diagnostics) -> Vec<Output> {
        collect(|sink| self.pages_into(jobs, diags, sink))
    }

    /// Renders the given pages in parallel, each handed to `sink` when done. Problems
    /// are reported in the order of `jobs`.
    pub fn pages_into(&self, jobs: &[PageJob<'_>], diags: &mut Diagnostics, sink: crate::Sink<'_>) -> std::io::Result<()> {
        let problems = std::sync::Mutex::new(Vec::new());
        let result = jobs.par_iter().enumerate().try_for_each(|(i, job)| match self.render_job(job) {
            Ok(o) => sink.put(o),
            Err(d) => {
                problems.lock().expect("problems").push((i, d));
                Ok(())
            }
        });
        let mut problems = problems.into_inner().expect("problems");
        problems.sort_by_key(|(i, _)| *i);
        for (_, d) in problems {
            diags.push(d);
        }
        result
    }

    /// Sitemap, robots.txt, feeds and open data: files about the whole site.
    pub fn machine_outputs(&self) -> Vec<Output> {
        collect(|sink| self.machine_outputs_into(sink))
    }

    /// [`Renderer::machine_outputs`], each file handed to `sink` when made (the open
    /// data of a large site is as large as its pages).
    pub fn machine_outputs_into(&self, sink: crate::Sink<'_>) -> std::io::Result<()> {
        self.sitemaps().into_iter().try_for_each(|o| sink.put(o))?;
        sink.put(self.robots())?;
        let (a, b) = rayon::join(|| self.feeds().into_iter().try_for_each(|o| sink.put(o)), || self.open_data_into(sink));
        a.and(b)
    }

    pub fn path_of(&self, job: &PageJob<'_>) -> SitePath {
        match job {
            PageJob::Root => urls::root(),
            PageJob::NotFound => urls::not_found(),
            PageJob::Home(l, n) => urls::paged(urls::home(l), *n),
            PageJob::Declaration(l, d) => urls::declaration(l, &d.slug),
            PageJob::Parallel(l, d) => urls::parallel(l, &d.slug),
            PageJob::Themes(l) => urls::themes(l),
            PageJob::Theme(l, t, n) => urls::paged(urls::theme(l, &t.id), *n),
            PageJob::Parties(l) => urls::parties(l),
            PageJob::Party(l, p, n) => urls::paged(urls::party(l, &p.id), *n),
            PageJob::Year(l, y, n) => urls::paged(urls::year(l, *y), *n),
            PageJob::Kind(l, k, n) => urls::paged(urls::kind(l, k), *n),
            PageJob::Page(l, p) => urls::page(l, &p.slug),
            PageJob::Search(l) => urls::search(l),
            PageJob::Data(l, n) => urls::paged(urls::data_page(l), *n),
        }
    }

    pub fn render_job(&self, job: &PageJob<'_>) -> Result<Output, Diagnostic> {
        let path = self.path_of(job);
        let template = job.template();
        let mut ctx = self.context(job, &path);
        if let PageJob::NotFound = job {
            self.not_found_messages(&mut ctx);
        }
        let ctx = tera::Context::from_value(ctx).map_err(|e| Diagnostic::error(format!("internal error: {e}")))?;
        let html = self.theme.tera.render(template, &ctx).map_err(|e| {
            Diagnostic::error(format!("cannot render {}: {}", path.0, theme::error_chain(&e)))
                .help(format!("check the theme template `{template}`"))
        })?;
        Ok(Output { path, content: Content::Bytes(html.into_bytes()) })
    }
}
