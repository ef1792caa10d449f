//! Link integrity of a rendered site: every internal `href` and `src` points to a file
//! of the output, and every `#anchor` to an element with that id. Run by
//! `diptych check --links` and by the tests; it reads the outputs in memory, so it
//! checks exactly what `build` would write.

use crate::diag::{Diagnostic, did_you_mean};
use crate::link::Site;
use crate::render::urls::{self, Linker, SitePath};
use crate::render::{Content, Output};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// One broken link: the page it is on, the link as written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub page: String,
    pub link: String,
    pub why: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub links: usize,
    pub broken: Vec<Broken>,
}

/// Values of `href="…"` and `src="…"` attributes (HTML-unescaped).
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            let Some(end) = after.find('"') else { break };
            out.push(after[..end].replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'"));
            rest = &after[end..];
        }
    }
    out
}

/// Values of `id="…"` attributes.
fn ids(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        let after = &rest[i + 5..];
        let Some(end) = after.find('"') else { break };
        out.insert(after[..end].replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'"));
        rest = &after[end..];
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `link` against the folder of `page`; `None` if it leaves the site.
fn resolve(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if link.ends_with('/') || link.is_empty() || link.ends_with("/.") || link == "." {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// Checks every page of `outputs`.
pub fn check(outputs: &[Output]) -> Report {
    let html: BTreeMap<&str, &str> = outputs
        .iter()
        .filter(|o| o.path.0.ends_with(".html"))
        .filter_map(|o| match &o.content {
            Content::Bytes(b) => std::str::from_utf8(b).ok().map(|s| (o.path.0.as_str(), s)),
            Content::Copy(_) => None,
        })
        .collect();
    let files: BTreeSet<&str> = outputs.iter().map(|o| o.path.0.as_str()).collect();
    let mut anchors: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut report = Report { pages: html.len(), ..Report::default() };
    for (page, text) in &html {
        // 404.html is served at any depth and links from the server root.
        if *page == "404.html" {
            continue;
        }
        for link in links(text) {
            report.links += 1;
            let lower = link.to_ascii_lowercase();
            if lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("mailto:") || lower.starts_with("data:") {
                continue;
            }
            let mut broken = |why: String| report.broken.push(Broken { page: page.to_string(), link: link.clone(), why });
            if link.starts_with('/') {
                broken("starts at the server root: links must be relative".into());
                continue;
            }
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t, Some(percent_decode(f))),
                None => (link.as_str(), None),
            };
            let target = target.split('?').next().unwrap_or("");
            let resolved = if target.is_empty() { Some(page.to_string()) } else { resolve(page, &percent_decode(target)) };
            let Some(resolved) = resolved else {
                broken("goes above the site's root folder".into());
                continue;
            };
            if !files.contains(resolved.as_str()) {
                broken(format!("no file {resolved}"));
                continue;
            }
            if let Some(frag) = fragment.filter(|f| !f.is_empty()) {
                let Some(target_html) = html.get(resolved.as_str()) else { continue };
                let set = anchors
                    .entry(html.get_key_value(resolved.as_str()).map(|(k, _)| *k).unwrap_or_default())
                    .or_insert_with(|| ids(target_html));
                if !set.contains(&frag) {
                    broken(format!("no id \"{frag}\" in {resolved}"));
                }
            }
        }
    }
    report
}

/// Broken links of the content: every relative link and image of a text
/// ([`crate::model::ParsedDoc::local_links`]) that leads to no file of the built site,
/// whose paths are `files`. A warning each, at the link in its source, saying what it
/// resolved to and what to write instead. Checked from the page of the text in its own
/// language (a text also shown for a missing translation has the same folder depth).
pub fn content_links(site: &Site, files: &HashSet<String>) -> Vec<Diagnostic> {
    let base_path = urls::base_path(&site.config.base_url);
    let linker = Linker { pretty: site.config.pretty_urls };
    let texts = site
        .declarations
        .iter()
        .flat_map(|d| d.translations.iter().map(|(l, t)| (urls::declaration(l, &d.slug), t)))
        .chain(site.pages.iter().flat_map(|p| p.translations.iter().map(|(l, t)| (urls::page(l, &p.slug), t))));
    let mut out = Vec::new();
    for (page, doc) in texts {
        for link in &doc.local_links {
            if let Some(d) = check_link(&page, &link.dest, base_path, &linker, files, out.len() < SUGGESTED) {
                out.push(d.at(link.span));
            }
        }
    }
    out
}

/// Broken links given a "did you mean" (each looks through every path of the site).
const SUGGESTED: usize = 100;

fn check_link(page: &SitePath, dest: &str, base_path: &str, linker: &Linker, files: &HashSet<String>, suggest: bool) -> Option<Diagnostic> {
    let exists = |p: &str| files.contains(p) || files.contains(&format!("{p}/index.html"));
    let target = percent_decode(dest.split(['#', '?']).next().unwrap_or(""));
    if target.is_empty() {
        return None;
    }
    if let Some(from_root) = target.strip_prefix('/') {
        // From the server root: it breaks when the site is opened from a folder or moved.
        let inside = format!("/{from_root}").strip_prefix(base_path).map(str::to_string);
        let relative = inside
            .and_then(|p| resolve("index.html", &p))
            .filter(|p| exists(p))
            .map(|p| linker.rel(page, &SitePath(if files.contains(&p) { p } else { format!("{p}/index.html") })));
        return Some(Diagnostic::warning(format!("link to `{dest}` starts at the server root")).help(match relative {
            Some(rel) => {
                format!("write it relative to the page, `{rel}`, so that it also works from a folder (file://) and under any address")
            }
            None => "write it relative to the page, so that it also works from a folder (file://) and under any address".into(),
        }));
    }
    let Some(resolved) = resolve(&page.0, &target) else {
        return Some(
            Diagnostic::warning(format!("link to `{dest}` leads out of the site's folder"))
                .help(format!("it is relative to the page's folder, `{}`", folder(&page.0))),
        );
    };
    // A folder (`../x/`, `../x`) on a site that links files: from a folder on disk, that
    // shows a listing. The file to write, with what followed the path (`#4`).
    let is_file = files.contains(&resolved);
    let named_folder = if is_file { !target.ends_with("index.html") && resolved.ends_with("/index.html") } else { exists(&resolved) };
    if is_file || named_folder {
        return (named_folder && !linker.pretty).then(|| {
            let raw = &dest[..dest.find(['#', '?']).unwrap_or(dest.len())];
            let file = format!("{}/index.html{}", raw.trim_end_matches('/'), &dest[raw.len()..]);
            Diagnostic::warning(format!("link to `{dest}` names a folder")).help(format!(
                "opened from a folder on disk (file://, a snapshot) it shows the folder's listing, not its page: write `{file}` (or set `pretty_urls: true` for a site only served over HTTP)"
            ))
        });
    }
    let shown = resolved.strip_suffix("/index.html").map_or(resolved.as_str(), |d| d);
    let warning = Diagnostic::warning(format!("link to `{dest}` leads to no file of the site (`{shown}`)"));
    if target.to_ascii_lowercase().ends_with(".md") {
        return Some(warning.help("source files are not published: link a declaration with `[[slug]]`, or one of its paragraphs with `[[slug§4]]` or `[text](slug§4)`"));
    }
    let suggestion = suggest.then(|| nearest(&resolved, files)).flatten().and_then(|(wrong, right)| {
        let written = percent_decode(dest);
        written.contains(&wrong).then(|| written.replacen(&wrong, &right, 1))
    });
    Some(match suggestion {
        Some(s) => warning.help(format!("did you mean `{s}`?")),
        None => warning.help(format!(
            "it is relative to the page's folder, `{}`; link a declaration with `[[slug]]`, and files published beside it by their names",
            folder(&page.0)
        )),
    })
}

fn folder(page: &str) -> &str {
    page.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// For a path the site lacks: its first part that is not there, and the nearest name
/// in the same folder of the site.
fn nearest(path: &str, files: &HashSet<String>) -> Option<(String, String)> {
    let parts: Vec<&str> = path.split('/').collect();
    // The deepest folder of the path that the site has, and the names in it.
    for depth in (0..parts.len()).rev() {
        let dir = parts[..depth].join("/");
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let names: BTreeSet<&str> =
            files.iter().filter_map(|f| f.strip_prefix(prefix.as_str())).map(|rest| rest.split('/').next().unwrap_or(rest)).collect();
        if names.is_empty() {
            continue;
        }
        let wrong = parts[depth];
        return did_you_mean(wrong, names.iter().copied()).map(|right| (wrong.to_string(), right));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::urls::SitePath;

    fn out(path: &str, html: &str) -> Output {
        Output { path: SitePath(path.into()), content: Content::Bytes(html.as_bytes().to_vec()) }
    }

    #[test]
    fn finds_missing_files_and_anchors() {
        let outputs = vec![
            out(
                "nl/index.html",
                r##"<a href="declarations/x/index.html#4">x</a> <a href="declarations/x/index.html#9">y</a> <a href="../en/">z</a> <a href="https://e.gov/">w</a> <img src="../static/nope.png">"##,
            ),
            out("nl/declarations/x/index.html", r##"<li id="4">…</li> <a href="../../index.html">home</a> <a href="#4">self</a>"##),
        ];
        let r = check(&outputs);
        let why: Vec<&str> = r.broken.iter().map(|b| b.why.as_str()).collect();
        assert_eq!(why, ["no id \"9\" in nl/declarations/x/index.html", "no file en/index.html", "no file static/nope.png"]);
        assert_eq!(r.links, 7);
    }

    #[test]
    fn a_content_link_is_checked_from_its_page() {
        let files: HashSet<String> =
            ["nl/declarations/a/index.html", "nl/declarations/a/kaart.png", "nl/declarations/b/index.html", "nl/themes/energy/index.html"]
                .into_iter()
                .map(String::from)
                .collect();
        let page = SitePath("nl/declarations/a/index.html".into());
        let pretty = Linker { pretty: true };
        let check = |dest: &str| check_link(&page, dest, "/verdragen/", &pretty, &files, true).map(|d| (d.message, d.help));
        for fine in ["../b/", "../b", "../b/index.html#4", "kaart.png", "../../themes/energy/?x=1", "#4"] {
            assert_eq!(check(fine), None, "{fine}");
        }
        let (message, help) = check("kaart.pgn").unwrap();
        assert_eq!(message, "link to `kaart.pgn` leads to no file of the site (`nl/declarations/a/kaart.pgn`)");
        assert_eq!(help.as_deref(), Some("did you mean `kaart.png`?"));
        let (_, help) = check("../../themes/energyy/").unwrap();
        assert_eq!(help.as_deref(), Some("did you mean `../../themes/energy/`?"));
        let (message, _) = check("../../../../x.html").unwrap();
        assert_eq!(message, "link to `../../../../x.html` leads out of the site's folder");
        // A site that links files (not pretty): a folder is named by its index.html.
        let files_linker = Linker { pretty: false };
        let plain = |dest: &str| check_link(&page, dest, "/verdragen/", &files_linker, &files, true).map(|d| d.help.unwrap_or_default());
        assert_eq!(plain("../b/index.html#4"), None);
        assert_eq!(plain("kaart.png"), None);
        for (dest, write) in [("../b/", "../b/index.html"), ("../b", "../b/index.html"), ("../b/#4", "../b/index.html#4")] {
            let help = plain(dest).unwrap_or_else(|| panic!("{dest}: no warning"));
            assert!(help.contains(&format!("write `{write}`")), "{dest}: {help}");
        }
        // From the server root, inside the site's path: the relative link to write.
        let (_, help) = check("/verdragen/nl/declarations/b/").unwrap();
        assert!(help.unwrap().starts_with("write it relative to the page, `../b/`"));
    }

    #[test]
    fn resolution() {
        assert_eq!(resolve("nl/a/index.html", "../b/"), Some("nl/b/index.html".into()));
        assert_eq!(resolve("index.html", "nl/index.html"), Some("nl/index.html".into()));
        assert_eq!(resolve("index.html", "../x"), None);
        assert_eq!(percent_decode("2.c%20x"), "2.c x");
    }
}
