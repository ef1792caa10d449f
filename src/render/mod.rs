//! Render: the linked site → pages in memory. First the page plan (every page of the
//! site, each in each language), then each page is rendered on its own, in parallel:
//! a view model (plain JSON for Tera) and a template. Rendering only reads the [`Site`]:
//! it never parses Markdown or checks content; the holes left by `parse` are filled
//! here, because only here is the reader's language and the page's URL known.

mod affected;
mod blocks;
mod figures;
pub mod i18n;
mod machine;
mod pages;
pub mod theme;
pub mod urls;

use crate::diag::{Diagnostic, Diagnostics};
use crate::link::{Declaration, Site};
use crate::model::{Lang, Party, Slug, Theme as ThemeEntry, ThemeId};
pub use affected::affected;
use i18n::Strings;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
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

/// Every page of the site.
#[derive(Clone, Debug)]
pub enum PageJob<'a> {
    Root,
    NotFound,
    Home(&'a Lang),
    Declaration(&'a Lang, &'a Declaration),
    Parallel(&'a Lang, &'a Declaration),
    Themes(&'a Lang),
    Theme(&'a Lang, &'a ThemeEntry),
    Parties(&'a Lang),
    Party(&'a Lang, &'a Party),
    Year(&'a Lang, i32),
    Kind(&'a Lang, &'a str),
    Page(&'a Lang, &'a crate::link::Page),
    Search(&'a Lang),
    Data(&'a Lang),
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
    /// Each theme with itself and all its descendants.
    subtree: BTreeMap<ThemeId, BTreeSet<ThemeId>>,
}

/// The page plan: every page, in a stable order.
pub fn plan(site: &Site) -> Vec<PageJob<'_>> {
    let mut jobs = vec![PageJob::Root, PageJob::NotFound];
    let years: BTreeSet<i32> = site.declarations.iter().map(|d| d.date.year).collect();
    let kinds: BTreeSet<&str> = site.declarations.iter().map(|d| d.kind.as_str()).collect();
    for lang in &site.config.languages {
        jobs.push(PageJob::Home(lang));
        for d in &site.declarations {
            jobs.push(PageJob::Declaration(lang, d));
            jobs.push(PageJob::Parallel(lang, d));
        }
        jobs.push(PageJob::Themes(lang));
        jobs.extend(site.registry.themes.values().map(|t| PageJob::Theme(lang, t)));
        jobs.push(PageJob::Parties(lang));
        jobs.extend(site.registry.parties.values().map(|p| PageJob::Party(lang, p)));
        jobs.extend(years.iter().map(|y| PageJob::Year(lang, *y)));
        jobs.extend(kinds.iter().map(|k| PageJob::Kind(lang, k)));
        jobs.extend(site.pages.iter().map(|p| PageJob::Page(lang, p)));
        jobs.push(PageJob::Search(lang));
        jobs.push(PageJob::Data(lang));
    }
    jobs
}

/// Renders every page and asset of the site.
pub fn render(site: &Site, theme: &Theme, attachments: &[(Slug, PathBuf)], options: &Options, diags: &mut Diagnostics) -> Vec<Output> {
    let r = Renderer::new(site, theme, options);
    let mut outputs = r.pages(&plan(site), diags);
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
        let mut subtree: BTreeMap<ThemeId, BTreeSet<ThemeId>> = BTreeMap::new();
        for id in site.registry.themes.keys() {
            for anc in site.registry.theme_ancestors(id) {
                subtree.entry(anc.clone()).or_default().insert(id.clone());
            }
        }
        Renderer { site, theme, options, linker: Linker { pretty: site.config.pretty_urls }, strings, subtree }
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
            PageJob::Home(l) => urls::home(l),
            PageJob::Declaration(l, d) => urls::declaration(l, &d.slug),
            PageJob::Parallel(l, d) => urls::parallel(l, &d.slug),
            PageJob::Themes(l) => urls::themes(l),
            PageJob::Theme(l, t) => urls::theme(l, &t.id),
            PageJob::Parties(l) => urls::parties(l),
            PageJob::Party(l, p) => urls::party(l, &p.id),
            PageJob::Year(l, y) => urls::year(l, *y),
            PageJob::Kind(l, k) => urls::kind(l, k),
            PageJob::Page(l, p) => urls::page(l, &p.slug),
            PageJob::Search(l) => urls::search(l),
            PageJob::Data(l) => urls::data_page(l),
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
