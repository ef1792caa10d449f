//! Render: the linked site → pages in memory. First the page plan (every page of the
//! site, each in each language), then each page is rendered on its own, in parallel:
//! a view model (plain JSON for Tera) and a template. Rendering only reads the [`Site`]:
//! it never parses Markdown or checks content; the holes left by `parse` are filled
//! here, because only here is the reader's language and the page's URL known.

mod affected;
mod blocks;
mod figures;
pub mod i18n;
pub mod listings;
mod machine;
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
    listings: listings::Listings<'a>,
}

/// Renders every page and asset of the site.
pub fn render(site: &Site, theme: &Theme, attachments: &[(Slug, PathBuf)], options: &Options, diags: &mut Diagnostics) -> Vec<Output> {
    let r = Renderer::new(site, theme, options);
    let mut outputs = r.pages(&r.plan(), diags);
    outputs.extend(r.machine_outputs());
    outputs.extend(assets(theme));
    outputs.extend(attachment_outputs(site, attachments));
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    outputs
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
        let strings = site.config.languages.iter().map(|l| (l.clone(), Strings::new(l, &site.config))).collect();
        let listings = listings::Listings::new(site);
        Renderer { site, theme, options, linker: Linker { pretty: site.config.pretty_urls }, strings, listings }
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
            for t in site.registry.themes.values() {
                jobs.extend(paged(self.listings.theme(lang, &t.id).groups.len(), GROUP_PAGE).map(|n| PageJob::Theme(lang, t, n)));
            }
            jobs.push(PageJob::Parties(lang));
            for p in site.registry.parties.values() {
                jobs.extend(paged(self.listings.party(lang, &p.id).groups.len(), GROUP_PAGE).map(|n| PageJob::Party(lang, p, n)));
            }
            for (y, decls) in &self.listings.years {
                jobs.extend(paged(decls.len(), LIST_PAGE).map(|n| PageJob::Year(lang, *y, n)));
            }
            for (k, decls) in &self.listings.kinds {
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
        let results: Vec<Result<Output, Diagnostic>> = jobs.par_iter().map(|job| self.render_job(job)).collect();
        let mut outputs = Vec::with_capacity(results.len());
        for res in results {
            match res {
                Ok(o) => outputs.push(o),
                Err(d) => diags.push(d),
            }
        }
        outputs
    }

    /// Sitemap, robots.txt, feeds and open data: files about the whole site.
    pub fn machine_outputs(&self) -> Vec<Output> {
        let mut outputs = vec![self.sitemap(), self.robots()];
        outputs.extend(self.feeds());
        outputs.extend(self.open_data());
        outputs
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
        let (template, ctx) = self.context(job, &path);
        let ctx = tera::Context::from_value(ctx).map_err(|e| Diagnostic::error(format!("internal error: {e}")))?;
        let html = self.theme.tera.render(template, &ctx).map_err(|e| {
            Diagnostic::error(format!("cannot render {}: {}", path.0, theme::error_chain(&e)))
                .help(format!("check the theme template `{template}`"))
        })?;
        Ok(Output { path, content: Content::Bytes(html.into_bytes()) })
    }
}
