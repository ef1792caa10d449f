//! Every URL of the site, in one place.
//!
//! ```text
//! index.html                                   → redirect to the default language
//! {lang}/index.html                            home
//! {lang}/declarations/{slug}/index.html        a declaration (block anchors: #4, #2.c)
//! {lang}/declarations/{slug}/parallel/index.html  the translations side by side
//! {lang}/themes/index.html, {lang}/themes/{id}/index.html
//! {lang}/parties/index.html, {lang}/parties/{id}/index.html
//! {lang}/years/{year}/index.html, {lang}/kinds/{kind}/index.html
//! …/page/{n}/index.html                        page n (≥ 2) of a long list: home, theme,
//!                                              party, year, kind, data
//! {lang}/pages/{slug}/index.html               free pages
//! {lang}/search/index.html                     search (index in search/, see `crate::search`)
//! {lang}/data/index.html                       open data, described; files in data/
//! {lang}/feed.xml, {lang}/themes/{id}/feed.xml, {lang}/parties/{id}/feed.xml   Atom
//! sitemap.xml, robots.txt
//! static/…                                     CSS, script, fonts of the theme
//! 404.html
//! ```
//!
//! Links between pages are relative, so the site works from any folder, from
//! `file://` and under any `base_url` path. By default they end in `index.html` (a
//! folder opened from disk has no directory index); with `pretty_urls: true` they end
//! in `/`. Canonical URLs are absolute, built from `base_url`, and always pretty.

use crate::model::{Lang, PartyId, Slug, ThemeId};

/// A path inside the output folder, with `/` separators, e.g. `nl/themes/energy/index.html`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SitePath(pub String);

pub fn root() -> SitePath {
    SitePath("index.html".into())
}
pub fn not_found() -> SitePath {
    SitePath("404.html".into())
}
pub fn home(lang: &Lang) -> SitePath {
    SitePath(format!("{lang}/index.html"))
}
pub fn declaration(lang: &Lang, slug: &Slug) -> SitePath {
    SitePath(format!("{lang}/declarations/{slug}/index.html"))
}
pub fn parallel(lang: &Lang, slug: &Slug) -> SitePath {
    SitePath(format!("{lang}/declarations/{slug}/parallel/index.html"))
}
pub fn attachment(lang: &Lang, slug: &Slug, name: &str) -> SitePath {
    SitePath(format!("{lang}/declarations/{slug}/{name}"))
}
pub fn themes(lang: &Lang) -> SitePath {
    SitePath(format!("{lang}/themes/index.html"))
}
pub fn theme(lang: &Lang, id: &ThemeId) -> SitePath {
    SitePath(format!("{lang}/themes/{id}/index.html"))
}
pub fn parties(lang: &Lang) -> SitePath {
    SitePath(format!("{lang}/parties/index.html"))
}
pub fn party(lang: &Lang, id: &PartyId) -> SitePath {
    SitePath(format!("{lang}/parties/{id}/index.html"))
}
pub fn year(lang: &Lang, year: i32) -> SitePath {
    SitePath(format!("{lang}/years/{year}/index.html"))
}
pub fn kind(lang: &Lang, kind: &str) -> SitePath {
    SitePath(format!("{lang}/kinds/{kind}/index.html"))
}
pub fn page(lang: &Lang, slug: &Slug) -> SitePath {
    SitePath(format!("{lang}/pages/{slug}/index.html"))
}
pub fn search(lang: &Lang) -> SitePath {
    SitePath(format!("{lang}/search/index.html"))
}
pub fn data_page(lang: &Lang) -> SitePath {
    SitePath(format!("{lang}/data/index.html"))
}
/// Open-data files, language-independent: `data/declarations.json`, `data/blocks.csv`, …
pub fn data_file(name: &str) -> SitePath {
    SitePath(format!("data/{name}"))
}
pub fn feed(lang: &Lang) -> SitePath {
    SitePath(format!("{lang}/feed.xml"))
}
pub fn theme_feed(lang: &Lang, id: &ThemeId) -> SitePath {
    SitePath(format!("{lang}/themes/{id}/feed.xml"))
}
pub fn party_feed(lang: &Lang, id: &PartyId) -> SitePath {
    SitePath(format!("{lang}/parties/{id}/feed.xml"))
}
/// Page `n` of a paged list whose first page is `first`: `nl/themes/energy/index.html`
/// → `nl/themes/energy/page/2/index.html`.
pub fn paged(first: SitePath, n: usize) -> SitePath {
    match first.0.strip_suffix("index.html") {
        Some(dir) if n > 1 => SitePath(format!("{dir}page/{n}/index.html")),
        _ => first,
    }
}
pub fn asset(name: &str) -> SitePath {
    SitePath(format!("static/{name}"))
}

/// The path of `base_url` on its server: `/verklaringen/` for
/// `https://www.example.gov/verklaringen/`, `/` for a site at the root.
pub fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// How links are written.
#[derive(Clone, Copy, Debug)]
pub struct Linker {
    pub pretty: bool,
}

impl Linker {
    /// The link from the page at `from` to `to`, relative.
    pub fn rel(&self, from: &SitePath, to: &SitePath) -> String {
        let from_dir: Vec<&str> = from.0.split('/').collect();
        let from_dir = &from_dir[..from_dir.len() - 1];
        let to_parts: Vec<&str> = to.0.split('/').collect();
        let common = from_dir.iter().zip(&to_parts).take_while(|(a, b)| a == b).count().min(to_parts.len() - 1);
        let mut out = "../".repeat(from_dir.len() - common);
        out.push_str(&to_parts[common..].join("/"));
        if self.pretty
            && let Some(stripped) = out.strip_suffix("index.html")
        {
            out = if stripped.is_empty() { "./".into() } else { stripped.to_string() };
        }
        out
    }

    /// A path from the server root (`/verklaringen/nl/`), for pages such as 404.html
    /// that a server shows at any depth: same origin, whatever the host is called.
    pub fn from_server_root(&self, base_url: &str, to: &SitePath) -> String {
        let base_path = base_path(base_url);
        let path = if self.pretty { to.0.strip_suffix("index.html").unwrap_or(&to.0) } else { &to.0 };
        format!("{base_path}{path}")
    }

    /// The absolute, canonical URL of a page.
    pub fn absolute(&self, base_url: &str, to: &SitePath) -> String {
        let path = to.0.strip_suffix("index.html").unwrap_or(&to.0);
        format!("{base_url}{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Lang {
        Lang(s.into())
    }

    #[test]
    fn relative_links() {
        let files = Linker { pretty: false };
        let d = declaration(&l("nl"), &Slug("x".into()));
        assert_eq!(files.rel(&d, &theme(&l("nl"), &ThemeId("energy".into()))), "../../themes/energy/index.html");
        assert_eq!(files.rel(&d, &declaration(&l("en"), &Slug("x".into()))), "../../../en/declarations/x/index.html");
        assert_eq!(files.rel(&d, &d), "index.html");
        assert_eq!(files.rel(&root(), &home(&l("nl"))), "nl/index.html");
        assert_eq!(files.rel(&home(&l("nl")), &asset("style.css")), "../static/style.css");
        assert_eq!(files.rel(&d, &parallel(&l("nl"), &Slug("x".into()))), "parallel/index.html");
        let pretty = Linker { pretty: true };
        assert_eq!(pretty.rel(&d, &theme(&l("nl"), &ThemeId("energy".into()))), "../../themes/energy/");
        assert_eq!(pretty.rel(&d, &d), "./");
    }

    #[test]
    fn canonical_urls_are_pretty_and_absolute() {
        let files = Linker { pretty: false };
        assert_eq!(
            files.absolute("https://www.example.gov/verklaringen/", &declaration(&l("nl"), &Slug("x".into()))),
            "https://www.example.gov/verklaringen/nl/declarations/x/"
        );
        assert_eq!(files.absolute("https://e.gov/", &root()), "https://e.gov/");
        assert_eq!(files.from_server_root("https://e.gov/v/", &asset("style.css")), "/v/static/style.css");
        assert_eq!(Linker { pretty: true }.from_server_root("https://e.gov/", &home(&l("nl"))), "/nl/");
    }
}
