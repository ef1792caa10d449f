//! The bundled site (the repository's own `site.yaml` and `content/`): every sentence
//! of the Dutch sources survives into the rendered pages, and every Dutch block has its
//! English counterpart.
//!
//! The sources are the PDF extractions kept in `tests/fixtures/sources/`. Each has a
//! `.furniture.txt` beside it listing what was deliberately left out (page numbers,
//! running headers, an address block, titles moved to the front matter). Every other
//! line of the source must be found in the rendered Dutch declaration. Lines are
//! compared as streams of letters and digits (lowercase, accents folded), so joined
//! hyphenation, restored quotes, case changes in headings and moved whole passages do
//! not count as losses, but a missing or altered word does.

use crate::support::{page, repo_root};
use std::sync::OnceLock;

const SOURCES: &[(&str, &str)] = &[
    ("000_f102dc7a052d642a", "2021-11-30-be-uk-bilateral-cooperation"),
    ("001_983e7923bac65099", "2020-06-15-nl-uk-bilateral-relations"),
    ("002_aeb42dc98730b2aa", "2023-01-31-nl-vl-summit"),
    ("003_c40765bc3b0c7aaa", "2016-02-01-fr-be-counter-terrorism"),
    ("004_d2ddd7b07eceb66e", "2020-12-07-benelux-annual-plan-2021"),
];

fn bundled() -> &'static diptych::Compiled {
    static C: OnceLock<diptych::Compiled> = OnceLock::new();
    C.get_or_init(|| diptych::compile(&repo_root()))
}

/// Letters and digits only, lowercase, accents folded.
fn stream(s: &str) -> String {
    deunicode::deunicode(s).chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The text of the declaration body of a rendered page, without block meta.
fn rendered_body_text(html: &str) -> String {
    let body = html.split("<div class=\"body\">").nth(1).expect("body").split("</article>").next().unwrap();
    let mut out = String::new();
    let mut rest = body;
    // Drop every block-meta span (it holds no nested span).
    while let Some(i) = rest.find("<span class=\"blk-meta\"") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find("</span>").expect("closed meta") + "</span>".len();
        rest = &after[end..];
    }
    out.push_str(rest);
    let mut text = String::new();
    let mut in_tag = false;
    for c in out.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
}

/// The source with its furniture removed: whole lines first, then passages in a line.
fn source_lines(name: &str) -> Vec<(usize, String)> {
    let dir = repo_root().join("tests/fixtures/sources");
    let source = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
    let furniture = std::fs::read_to_string(dir.join(format!("{name}.furniture.txt"))).unwrap();
    // A Markdown ordered list renders its numbers with `<ol>`, not as text: drop a
    // leading `4. ` from source lines (lettered items keep their letter in the text).
    let strip_number = |l: &str| {
        let t = l.trim_start();
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && t[digits..].starts_with(". ") { t[digits + 2..].to_string() } else { l.to_string() }
    };
    let mut lines: Vec<(usize, String)> = source.lines().enumerate().map(|(i, l)| (i + 1, l.to_string())).collect();
    for f in furniture.lines().map(str::trim).filter(|f| !f.is_empty()) {
        if let Some(line) = lines.iter_mut().find(|(_, l)| l.trim() == f) {
            line.1.clear();
        } else if let Some(line) = lines.iter_mut().find(|(_, l)| l.contains(f)) {
            // A passage inside a line cuts it in two; each part must still be found.
            line.1 = line.1.replacen(f, "\n", 1);
        } else {
            panic!("{name}.furniture.txt lists `{f}`, which is not in the source");
        }
    }
    lines.into_iter().flat_map(|(n, l)| l.split('\n').map(|part| (n, strip_number(part))).collect::<Vec<_>>()).collect()
}

#[test]
fn bundled_site_builds_without_errors() {
    let c = bundled();
    assert!(!c.diags.has_errors(), "{:#?}", crate::support::messages(c));
    let site = c.site.as_ref().unwrap();
    assert_eq!(site.declarations.len(), 5);
    assert_eq!(site.config.languages.len(), 2);
}

#[test]
fn no_sentence_of_the_dutch_sources_is_lost() {
    let c = bundled();
    let mut report = Vec::new();
    for (source, slug) in SOURCES {
        let html = page(c, &format!("nl/declarations/{slug}/index.html"));
        let rendered = stream(&rendered_body_text(&html));
        let mut missing = 0;
        for (n, line) in source_lines(source) {
            let s = stream(&line);
            if !s.is_empty() && !rendered.contains(&s) {
                missing += 1;
                report.push(format!("{source}.txt:{n}: not in nl/declarations/{slug}: {}", line.trim()));
            }
        }
        assert!(rendered.len() > 1000, "{slug} rendered almost nothing");
        let _ = missing;
    }
    assert!(report.is_empty(), "{} source lines lost:\n{}", report.len(), report.join("\n"));
}

#[test]
fn the_check_catches_a_lost_sentence() {
    // The test above would be worthless if it could not fail: drop a sentence from a
    // rendered text and the same comparison must notice.
    let c = bundled();
    let html = page(c, "nl/declarations/2021-11-30-be-uk-bilateral-cooperation/index.html");
    let damaged = html.replacen("havens van wereldklasse", "havens", 1);
    assert_ne!(html, damaged, "the sentence to remove is in the page");
    let rendered = stream(&rendered_body_text(&damaged));
    let lost = source_lines(SOURCES[0].0).iter().filter(|(_, l)| !stream(l).is_empty() && !rendered.contains(&stream(l))).count();
    assert!(lost >= 1);
}

#[test]
fn annotations_never_reach_the_rendered_text() {
    let c = bundled();
    for (_, slug) in SOURCES {
        for lang in ["nl", "en"] {
            let text = rendered_body_text(&page(c, &format!("{lang}/declarations/{slug}/index.html")));
            assert!(!text.contains("{§") && !text.contains(" #") && !text.contains(" @"), "{lang}/{slug}");
        }
    }
}

#[test]
fn every_dutch_block_has_its_english_counterpart() {
    let site = bundled().site.as_ref().unwrap();
    for d in &site.declarations {
        let nl = &d.translations[&diptych::model::Lang("nl".into())];
        let en = d.translations.get(&diptych::model::Lang("en".into())).unwrap_or_else(|| panic!("{} has no English", d.slug));
        let ids = |t: &diptych::model::ParsedDoc| t.blocks.iter().map(|b| b.id.0.clone()).collect::<Vec<_>>();
        assert_eq!(ids(nl), ids(en), "{}: block ids differ", d.slug);
        assert!(d.rows.iter().all(|r| r.cells.len() == 2), "{}", d.slug);
        assert!(nl.blocks.iter().all(|b| b.explicit_id), "{}: every block has an explicit id", d.slug);
        let tags = |t: &diptych::model::ParsedDoc| {
            t.blocks
                .iter()
                .map(|b| {
                    (
                        b.themes.iter().map(|x| x.0.0.clone()).collect::<Vec<_>>(),
                        b.parties.iter().map(|x| x.0.0.clone()).collect::<Vec<_>>(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(tags(nl), tags(en), "{}: annotations differ between nl and en", d.slug);
    }
}

#[test]
fn every_content_block_is_annotated_with_a_theme_and_a_party() {
    // Signature lines and formal closings may carry only an id; everything else is
    // tagged by reading.
    let site = bundled().site.as_ref().unwrap();
    for d in &site.declarations {
        let nl = &d.translations[&diptych::model::Lang("nl".into())];
        let texts = nl.texts.unpack();
        let untagged: Vec<&str> = nl
            .blocks
            .iter()
            .filter(|b| {
                b.themes.is_empty() && !b.id.0.starts_with("sig") && b.id.0 != "signed" && b.text_in(&texts).split_whitespace().count() > 12
            })
            .map(|b| b.id.0.as_str())
            .collect();
        assert!(untagged.is_empty(), "{}: blocks without a theme: {untagged:?}", d.slug);
    }
}

#[test]
fn translation_status_is_declared_for_every_text() {
    let site = bundled().site.as_ref().unwrap();
    for d in &site.declarations {
        for (lang, t) in &d.translations {
            let status = t.front.translation.as_ref().map(|(s, _)| s.as_str());
            if lang.0 == "en" {
                assert_eq!(status, Some("unofficial"), "{}", d.slug);
            } else {
                assert!(status.is_some(), "{} {lang}", d.slug);
            }
        }
    }
    let orig = |slug: &str| site.declarations.iter().find(|d| d.slug.0 == slug).unwrap().original.0.clone();
    assert_eq!(orig("2021-11-30-be-uk-bilateral-cooperation"), "en");
    assert_eq!(orig("2016-02-01-fr-be-counter-terrorism"), "fr");
}
