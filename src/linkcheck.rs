//! Link integrity of a rendered site: every internal `href` and `src` points to a file
//! of the output, and every `#anchor` to an element with that id. Run by
//! `diptych check --links` and by the tests; it reads the outputs in memory, so it
//! checks exactly what `build` would write.

use crate::render::{Content, Output};
use std::collections::{BTreeMap, BTreeSet};

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
    fn resolution() {
        assert_eq!(resolve("nl/a/index.html", "../b/"), Some("nl/b/index.html".into()));
        assert_eq!(resolve("index.html", "nl/index.html"), Some("nl/index.html".into()));
        assert_eq!(resolve("index.html", "../x"), None);
        assert_eq!(percent_decode("2.c%20x"), "2.c x");
    }
}
