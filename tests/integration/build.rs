//! Whole builds of the fixture sites: pages exist, languages are marked, the CLI works,
//! output is deterministic.

use crate::support::{GOOD_NL, TempSite, bin, fixture, page};

#[test]
fn minimal_site_has_every_page_in_every_language() {
    let c = diptych::compile(&fixture("minimal"));
    assert!(!c.diags.has_errors(), "{:#?}", crate::support::messages(&c));
    for lang in ["nl", "en"] {
        for p in [
            "index.html",
            "declarations/2021-03-04-alpha/index.html",
            "declarations/2021-03-04-alpha/parallel/index.html",
            "declarations/2022-05-06-beta/index.html",
            "themes/index.html",
            "themes/energy/index.html",
            "themes/hydrogen/index.html",
            "parties/index.html",
            "parties/vl/index.html",
            "years/2021/index.html",
            "kinds/letter/index.html",
            "pages/about/index.html",
        ] {
            let html = page(&c, &format!("{lang}/{p}"));
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{lang}/{p}");
            assert!(!html.contains('\u{E000}'), "unfilled hole in {lang}/{p}");
        }
    }
    for p in ["index.html", "404.html", "static/style.css", "static/diptych.js", "static/syntax.css"] {
        page(&c, p);
    }
}

#[test]
fn declaration_page_has_block_anchors_links_and_no_annotation_text() {
    let c = diptych::compile(&fixture("minimal"));
    let html = page(&c, "nl/declarations/2021-03-04-alpha/index.html");
    assert!(html.contains("<li id=\"2.a\">a) een netwerk van leidingen;"));
    assert!(html.contains("<h2 id=\"I\">I) Energie</h2>"));
    assert!(html.contains("href=\"../../themes/hydrogen/index.html\">Waterstof</a>"));
    assert!(html.contains("href=\"../../parties/vl/index.html\">Vlaanderen</a>"));
    // The same block in English, marked for assistive technology.
    assert!(html.contains("href=\"../../../en/declarations/2021-03-04-alpha/index.html#2.a\" hreflang=\"en\" lang=\"en\""));
    assert!(html.contains("met een literale {accolade}."));
    assert!(!html.contains("{§"), "annotation text leaked");
    // Cross-reference in the editor's note, with the target's title; and the backlink.
    assert!(
        html.contains("<a class=\"xref\" href=\"../2022-05-06-beta/index.html#1\">Verklaring Bèta over handel <bdi>§1</bdi></a>"),
        "{html}"
    );
    let beta = page(&c, "nl/declarations/2022-05-06-beta/index.html");
    assert!(beta.contains("href=\"../2021-03-04-alpha/index.html#2.a\">Verklaring Alfa over energie <bdi>§2.a</bdi></a>"));
    assert!(html.contains("Hiernaar verwijzen"), "backlink section");
}

#[test]
fn a_missing_translation_is_published_in_its_own_language() {
    let c = diptych::compile(&fixture("minimal"));
    let html = page(&c, "en/declarations/2022-05-06-beta/index.html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<article class=\"declaration\" lang=\"nl\">"));
    assert!(html.contains("does not exist in English"));
    // The cross-reference goes to the English page of the target, whose text is there.
    // Its title is English inside the Dutch text: marked so (WCAG 3.1.2).
    assert!(
        html.contains(
            "href=\"../2021-03-04-alpha/index.html#2.a\"><span lang=\"en\">Declaration Alpha on energy</span> <bdi>§2.a</bdi></a>"
        ),
        "{html}"
    );
    // The page describes the Dutch text it shows, under that text's own URL.
    assert!(html.contains("\"@id\": \"https://example.gov/decl/nl/declarations/2022-05-06-beta/\""), "{html}");
}

#[test]
fn parallel_view_marks_gaps_instead_of_shifting() {
    let c = diptych::compile(&fixture("minimal"));
    let html = page(&c, "en/declarations/2021-03-04-alpha/parallel/index.html");
    let row3 = html.split("<tr id=\"3\"").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row3.contains("<td lang=\"nl\"><p>Deze paragraaf bestaat alleen in het Nederlands.</p></td>"), "{row3}");
    assert!(row3.contains("<td class=\"gap\">"), "{row3}");
    let ids: Vec<&str> = html.split("<tr id=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
    assert_eq!(ids, ["I", "1", "2", "2.a", "2.b", "p1", "3"]);
}

#[test]
fn a_paragraph_missing_in_a_translation_is_named_and_anchored_on_its_page() {
    let c = diptych::compile(&fixture("minimal"));
    // §3 of alpha exists only in Dutch.
    let html = page(&c, "en/declarations/2021-03-04-alpha/index.html");
    let note = html.split("<div class=\"notice missing-blocks\" role=\"note\">").nth(1).expect("a notice").split("</div>").next().unwrap();
    assert!(note.contains("<p>1 paragraph of this declaration is missing from this language version:</p>"), "{note}");
    assert!(
        note.contains("<li id=\"3\"><a href=\"../../../nl/declarations/2021-03-04-alpha/index.html#3\" hreflang=\"nl\">§3</a> <span lang=\"nl\">(Nederlands)</span></li>"),
        "{note}"
    );
    // The Dutch page's link to §3 in English lands on the notice; the Dutch page has no notice.
    assert!(!page(&c, "nl/declarations/2021-03-04-alpha/index.html").contains("missing-blocks"));
}

#[test]
fn theme_page_collects_sub_themes_and_parties() {
    let c = diptych::compile(&fixture("minimal"));
    let html = page(&c, "en/themes/energy/index.html");
    // energy's blocks and those of its sub-theme hydrogen, in the newest-first order.
    for id in ["#I\"", "#1\"", "#2\"", "#2.a\"", "#2.b\""] {
        assert!(html.contains(id), "missing {id}");
    }
    assert!(!html.contains("#p1\""), "trade block listed under energy");
    assert!(html.contains("href=\"../hydrogen/index.html\">Hydrogen</a>"), "sub-theme");
    assert!(html.contains("href=\"../cooperation/index.html\">Cooperation</a>"), "parent");
    assert!(html.contains("Belgium</a> <span class=\"count\">3</span>"), "parties most involved");
}

#[test]
fn a_theme_hierarchy_of_any_depth_is_shown_at_every_level() {
    let site = TempSite::new();
    site.write(
        "content/themes.yaml",
        "green: { label: { nl: Groen, en: Green } }\nenergy: { label: { nl: Energie, en: Energy }, parent: green }\n\
         hydrogen: { label: { nl: Waterstof, en: Hydrogen }, parent: energy }\n\
         offshore: { label: { nl: Offshore, en: Offshore hydrogen }, parent: hydrogen }\n",
    );
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("#energy", "#offshore"));
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    // The themes index nests every level.
    let index = page(&c, "en/themes/index.html");
    let nested = index.split("Green</a>").nth(1).unwrap();
    let order: Vec<usize> = ["Energy</a>", "Hydrogen</a>", "Offshore hydrogen</a>"].iter().map(|l| nested.find(l).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{index}");
    assert_eq!(nested.matches("<ul>").count(), 3, "three levels below Green: {nested}");
    // The breadcrumb names every ancestor, the root first.
    let deep = page(&c, "en/themes/offshore/index.html");
    let crumbs = deep.split("<nav class=\"crumbs\"").nth(1).unwrap().split("</nav>").next().unwrap();
    assert!(
        crumbs.contains("Green</a> › <a href=\"../energy/index.html\">Energy</a> › <a href=\"../hydrogen/index.html\">Hydrogen</a>"),
        "{crumbs}"
    );
    // Every level is a search facet; the paragraph counts for each ancestor.
    let search = page(&c, "en/search/index.html");
    for (id, depth) in [("energy", 1), ("hydrogen", 2), ("offshore", 3)] {
        assert!(
            search.contains(&format!("<li class=\"child depth-{depth}\"><label><input type=\"checkbox\" name=\"theme\" value=\"{id}\">")),
            "{id}"
        );
    }
    assert!(page(&c, "en/themes/green/index.html").contains("#1\""), "a root theme lists its great-grandchildren's paragraphs");
}

#[test]
fn footnotes_are_in_the_parallel_view_with_ids_of_each_language() {
    let site = TempSite::new();
    site.write(
        "content/declarations/2021-01-01-x.nl.md",
        &GOOD_NL.replace("1. Tekst.", "1. Tekst[^1]. ").replace("@be}\n", "@be}\n\n[^1]: Een voetnoot.\n"),
    );
    site.write(
        "content/declarations/2021-01-01-x.en.md",
        &crate::support::GOOD_EN.replace("1. Text.", "1. Text[^1].").replace("@be}\n", "@be}\n\n[^1]: A footnote.\n"),
    );
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    let html = page(&c, "nl/declarations/2021-01-01-x/parallel/index.html");
    for (lang, note) in [("nl", "Een voetnoot."), ("en", "A footnote.")] {
        assert!(html.contains(&format!("<a href=\"#fn-{lang}-1\" id=\"fnref-{lang}-1\">1</a>")), "{lang} reference: {html}");
        let def =
            html.split(&format!("<div class=\"footnote\" id=\"fn-{lang}-1\">")).nth(1).unwrap_or_else(|| panic!("{lang} note: {html}"));
        assert!(def.split("</div>").next().unwrap().contains(note), "{def}");
    }
    let report = diptych::linkcheck::check(&c.outputs);
    assert!(report.broken.is_empty(), "{:?}", report.broken);
}

#[test]
fn a_signatory_named_per_language_is_shown_in_each() {
    let site = TempSite::in_languages(&["ar", "fr"]);
    let sig = "signatories:\n  - { name: { ar: محمد السادس, fr: Mohammed VI }, role: ملك, party: be }\n";
    site.write(
        "content/declarations/2021-01-01-x.ar.md",
        &format!("---\ntitle: ت\ndate: 2021-01-01\nkind: letter\nparties: [be]\noriginal: ar\n{sig}---\n\n1. نص. {{§1 #energy}}\n"),
    );
    site.write("content/declarations/2021-01-01-x.fr.md", "---\ntitle: T\nsignatories:\n  - { name: { ar: محمد السادس, fr: Mohammed VI }, role: Roi, party: be }\n---\n\n1. Texte. {§1 #energy}\n");
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    let ar = page(&c, "ar/declarations/2021-01-01-x/index.html");
    assert!(ar.contains("<li>محمد السادس, <span>ملك</span>"), "{ar}");
    let fr = page(&c, "fr/declarations/2021-01-01-x/index.html");
    assert!(fr.contains("<li>Mohammed VI, ") && !fr.contains("محمد السادس"), "{fr}");
    assert!(fr.contains("\"name\": \"Mohammed VI\""), "JSON-LD in the page's language: {fr}");
    let data = page(&c, "data/declarations/2021-01-01-x.json");
    assert!(data.contains("\"name\":\"محمد السادس\",\"names\":{\"ar\":\"محمد السادس\",\"fr\":\"Mohammed VI\"}"), "{data}");
    // `name` is the original's, not the first in language order.
    let ar_file = site.root().join("content/declarations/2021-01-01-x.ar.md");
    let ar_text = std::fs::read_to_string(&ar_file).unwrap();
    site.write("content/declarations/2021-01-01-x.ar.md", &ar_text.replace("original: ar", "original: fr"));
    let data = page(&site.compile(), "data/declarations/2021-01-01-x.json");
    assert!(data.contains("\"name\":\"Mohammed VI\",\"names\""), "{data}");
    site.write("content/declarations/2021-01-01-x.ar.md", &ar_text);
    // A language the names lack: the original's, marked with its language.
    site.languages(&["ar", "fr", "en"], "");
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    let en = page(&c, "en/declarations/2021-01-01-x/index.html");
    assert!(en.contains("<li><span lang=\"ar\">محمد السادس</span>"), "{en}");
    // Names that differ between the files: an error that shows the per-language form.
    site.write(
        "content/declarations/2021-01-01-x.fr.md",
        "---\ntitle: T\nsignatories:\n  - { name: Mohammed VI, party: be }\n---\n\n1. Texte. {§1 #energy}\n",
    );
    let errors = crate::support::messages(&site.compile()).join("\n");
    assert!(errors.contains("translations disagree on `signatories`") && errors.contains("`name: { ar: …, fr: … }`"), "{errors}");
}

#[test]
fn each_parallel_column_cites_in_its_own_language() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    site.write("content/declarations/2021-01-01-x.en.md", crate::support::GOOD_EN);
    let refer = |text: &str| GOOD_NL.replace("Goed", "Y").replace("2021-01-01", "2022-02-02").replace("1. Tekst.", text);
    site.write("content/declarations/2022-02-02-y.nl.md", &refer("1. Zie [[2021-01-01-x§1]]."));
    site.write("content/declarations/2022-02-02-y.en.md", &crate::support::GOOD_EN.replace("1. Text.", "1. See [[2021-01-01-x§1]]."));
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    for reader in ["nl", "en"] {
        let html = page(&c, &format!("{reader}/declarations/2022-02-02-y/parallel/index.html"));
        // The Dutch column names the Dutch title and links to the Dutch page; the
        // English column the English ones, whichever the reader's language.
        let nl = format!(
            "href=\"{}2021-01-01-x/index.html#1\">Goed <bdi>§1</bdi></a>",
            if reader == "nl" { "../../" } else { "../../../../nl/declarations/" }
        );
        let en = format!(
            "href=\"{}2021-01-01-x/index.html#1\">Good <bdi>§1</bdi></a>",
            if reader == "en" { "../../" } else { "../../../../en/declarations/" }
        );
        assert!(html.contains(&nl), "{reader}: {html}");
        assert!(html.contains(&en), "{reader}: {html}");
    }
    let report = diptych::linkcheck::check(&c.outputs);
    assert!(report.broken.is_empty(), "{:?}", report.broken);
}

#[test]
fn footnotes_on_a_declaration_page_have_a_heading_in_the_interface_language() {
    let site = TempSite::new();
    site.write(
        "content/declarations/2021-01-01-x.nl.md",
        &GOOD_NL.replace("1. Tekst.", "1. Tekst[^1]. ").replace("@be}\n", "@be}\n\n[^1]: Een voetnoot.\n"),
    );
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    let nl = page(&c, "nl/declarations/2021-01-01-x/index.html");
    assert!(nl.contains("<h2 class=\"fn-heading\">Voetnoten</h2>\n<div class=\"footnote\" id=\"fn-1\">"), "{nl}");
    // The English page shows the Dutch text: its heading is English, and marked so.
    let en = page(&c, "en/declarations/2021-01-01-x/index.html");
    assert!(en.contains("<h2 class=\"fn-heading\" lang=\"en\">Footnotes</h2>"), "{en}");
    // No footnotes, no heading.
    let bare = TempSite::new();
    bare.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    assert!(!page(&bare.compile(), "nl/declarations/2021-01-01-x/index.html").contains("fn-heading"));
}

#[test]
fn three_languages_give_three_columns_and_single_language_texts_everywhere() {
    let c = diptych::compile(&fixture("trilingual"));
    assert!(!c.diags.has_errors(), "{:#?}", crate::support::messages(&c));
    let html = page(&c, "nl/declarations/2016-02-01-three/parallel/index.html");
    let heads: Vec<&str> = html.split("<th scope=\"col\" lang=\"").skip(1).map(|s| &s[..2]).collect();
    assert_eq!(heads, ["nl", "fr", "en"]);
    let row2 = html.split("<tr id=\"2\"").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row2.contains("<td class=\"gap\">"), "English lacks §2: {row2}");
    for lang in ["nl", "fr", "en"] {
        let p = page(&c, &format!("{lang}/declarations/2017-03-03-only-french/index.html"));
        assert!(p.contains(&format!("<html lang=\"{lang}\">")));
        if lang != "fr" {
            assert!(p.contains("<article class=\"declaration\" lang=\"fr\">"), "{lang}");
        }
    }
}

#[test]
fn code_in_free_pages_is_highlighted_with_classes() {
    let c = diptych::compile(&fixture("minimal"));
    let html = page(&c, "nl/pages/about/index.html");
    assert!(html.contains("class=\"sy-"), "{html}");
    assert!(html.contains("static/syntax.css"));
    assert!(!html.contains("style=\""));
}

#[test]
fn no_inline_script_or_external_resource() {
    let c = diptych::compile(&fixture("minimal"));
    for o in &c.outputs {
        if !o.path.0.ends_with(".html") {
            continue;
        }
        let html = page(&c, &o.path.0);
        // Only scripts loaded from files; JSON-LD is data, which no CSP executes.
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(tag.contains(" src=\"") || tag.contains("type=\"application/ld+json\""), "inline script in {}: {tag}", o.path.0);
        }
        assert!(!html.contains(" style=\""), "inline style in {}", o.path.0);
        for attr in ["src=\"http", "href=\"http"] {
            for (i, _) in html.match_indices(attr) {
                let before = &html[i.saturating_sub(40)..i];
                assert!(
                    before.contains("rel=\"canonical\"") || before.contains("rel=\"alternate\"") || before.contains("rel=\"external\""),
                    "external resource in {}: {}",
                    o.path.0,
                    &html[i.saturating_sub(40)..(i + 60).min(html.len())]
                );
            }
        }
    }
}

#[test]
fn cli_build_writes_the_site_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        let run = bin().args(["build", "--root"]).arg(fixture("minimal")).arg("--output").arg(out).output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains("built 2 declarations (3 texts in 2 languages: nl, en)"), "{stderr}");
    }
    let files = |root: &std::path::Path| {
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
            .collect();
        v.sort();
        v
    };
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 30);
    assert!(fa == fb, "two builds of the same input differ");
}

#[test]
fn cli_check_prints_a_translation_report_and_writes_nothing() {
    let run = bin().args(["check", "--root"]).arg(fixture("minimal")).output().unwrap();
    assert!(run.status.success());
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("  2021-03-04-alpha\n    nl: 7 blocks, only here §3\n    en: 6 blocks, missing §3\n"), "{stdout}");
    assert!(stdout.contains("  2022-05-06-beta\n    nl: 1 block, complete\n    en: no translation (nl shown instead)\n"), "{stdout}");
    assert!(!fixture("minimal").join("output").exists());

    // A translation whose file has errors is not said not to exist.
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    site.write("content/declarations/2021-01-01-x.en.md", "---\ntitle: \"Good\n---\n\n1. Text. {§1 #energy @be}\n");
    let run = bin().args(["check", "--root"]).arg(site.root()).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("    en: its file has errors (above); nl shown instead meanwhile\n"), "{stdout}");
}

#[test]
fn cli_init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new");
    assert!(bin().arg("init").arg(&site).status().unwrap().success());
    let run = bin().args(["build", "--root"]).arg(&site).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(site.join("output/en/declarations/2024-01-15-be-nl-example/parallel/index.html").exists());
    // init refuses to overwrite.
    assert!(!bin().arg("init").arg(&site).status().unwrap().success());
}

#[test]
fn site_theme_overrides_a_template_and_the_rest_comes_from_the_default() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    site.write("site.yaml", "title: T\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\ntheme: plain\n");
    site.write("themes/plain/templates/page.html", "custom");
    site.write(
        "themes/plain/templates/themes.html",
        "{% extends \"base.html\" %}{% block main %}<p>OWN THEMES INDEX</p>{% endblock main %}",
    );
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:#?}", crate::support::messages(&c));
    assert!(page(&c, "nl/themes/index.html").contains("OWN THEMES INDEX"));
    assert!(page(&c, "nl/declarations/2021-01-01-x/index.html").contains("<h1>Goed</h1>"));
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    for site in ["minimal", "trilingual"] {
        let c = diptych::compile(&fixture(site));
        let r = diptych::linkcheck::check(&c.outputs);
        assert!(r.links > 100, "{site}: {} links", r.links);
        assert!(r.broken.is_empty(), "{site}: {:#?}", r.broken);
    }
    let bundled = diptych::compile(&crate::support::repo_root());
    let r = diptych::linkcheck::check(&bundled.outputs);
    assert!(r.broken.is_empty(), "bundled site: {:#?}", &r.broken[..r.broken.len().min(20)]);
}

#[test]
fn every_page_has_a_title_of_its_own() {
    // WCAG 2.4.2: a theme and a party of the same name (the European Union) are told apart.
    let c = diptych::compile(&crate::support::repo_root());
    let mut seen = std::collections::BTreeMap::new();
    for o in c.outputs.iter().filter(|o| o.path.0.ends_with(".html")) {
        let html = crate::support::page(&c, &o.path.0);
        if html.contains("http-equiv=\"refresh\"") {
            continue; // a redirect to the page of the same name
        }
        let Some(title) = html.split("<title>").nth(1).and_then(|t| t.split("</title>").next()) else { continue };
        if let Some(other) = seen.insert(title.to_string(), o.path.0.clone()) {
            panic!("{} and {other} are both titled {title:?}", o.path.0);
        }
    }
    assert!(seen.len() > 100, "{} titled pages", seen.len());
}

#[test]
fn the_link_check_notices_a_broken_anchor() {
    let mut c = diptych::compile(&fixture("minimal"));
    for o in &mut c.outputs {
        if o.path.0 == "nl/declarations/2022-05-06-beta/index.html"
            && let diptych::render::Content::Bytes(b) = &mut o.content
        {
            *b = String::from_utf8(b.clone()).unwrap().replace("index.html#2.a", "index.html#2.z").into_bytes();
        }
    }
    let r = diptych::linkcheck::check(&c.outputs);
    assert_eq!(r.broken.len(), 1, "{:#?}", r.broken);
    assert!(r.broken[0].why.contains("no id \"2.z\""));
}

#[test]
fn long_lists_are_paged_with_every_entry_on_exactly_one_page() {
    let site = crate::support::many(65);
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    let exists = |p: &str| c.outputs.iter().any(|o| o.path.0 == p);
    // Theme: 65 declarations at 20 a page → 4 pages; trade: 22 → 2; home: 65 at 50 → 2.
    for p in ["nl/themes/energy/index.html", "nl/themes/energy/page/2/index.html", "nl/themes/energy/page/4/index.html"] {
        assert!(exists(p), "{p} missing");
    }
    assert!(!exists("nl/themes/energy/page/5/index.html"));
    assert!(!exists("nl/themes/energy/page/1/index.html"), "page 1 is the list's own URL");
    assert!(exists("en/themes/trade/page/2/index.html") && !exists("en/themes/trade/page/3/index.html"));
    assert!(exists("nl/page/2/index.html") && !exists("nl/page/3/index.html"));
    assert!(exists("nl/parties/be/page/4/index.html") && exists("nl/data/page/2/index.html"));
    // Every declaration is on exactly one page of the energy theme, at most 20 a page.
    let mut seen = std::collections::BTreeMap::new();
    for n in 1..=4 {
        let path = if n == 1 { "nl/themes/energy/index.html".to_string() } else { format!("nl/themes/energy/page/{n}/index.html") };
        let html = page(&c, &path);
        let groups: Vec<&str> = html.split("<section class=\"group\" aria-labelledby=\"g-").skip(1).map(|s| &s[..4]).collect();
        assert!(groups.len() <= 20, "{path} lists {} declarations", groups.len());
        for g in groups {
            *seen.entry(g.to_string()).or_insert(0) += 1;
        }
        assert!(html.contains("<nav class=\"pager\""), "{path} has no page navigation");
        assert!(html.contains(&format!("aria-current=\"page\">{n}</a>")), "{path} does not mark page {n} as current");
        if n > 1 {
            assert!(html.contains(&format!("({}", "pagina ")), "{path}: the title says which page it is");
        }
    }
    assert_eq!(seen.len(), 65);
    assert!(seen.values().all(|&k| k == 1), "{seen:?}");
    // The home page's timeline does not grow either: a bar per year, not a dot each.
    let home = page(&c, "nl/index.html");
    assert_eq!(home.matches("<circle").count(), 0);
    assert!(home.contains("<rect") && home.contains("<title>2001: "), "no bar per year");
    assert_eq!(page(&crate::support::many(3).compile(), "nl/index.html").matches("<circle").count(), 3, "small sites keep a dot each");
    // Newest first: the last declaration is on the first page.
    assert!(page(&c, "nl/themes/energy/index.html").contains("g-d064"));
    // The pages link to each other, and nothing is broken.
    let report = diptych::linkcheck::check(&c.outputs);
    assert!(report.broken.is_empty(), "{:?}", report.broken.iter().take(5).map(|b| (&b.page, &b.link)).collect::<Vec<_>>());
}

#[test]
fn a_short_list_has_no_page_navigation() {
    let site = crate::support::many(3);
    let c = site.compile();
    let html = page(&c, "nl/themes/energy/index.html");
    assert!(!html.contains("class=\"pager\""));
    assert!(!c.outputs.iter().any(|o| o.path.0.contains("/page/")));
}

#[test]
fn a_declaration_with_many_paragraphs_on_a_theme_shows_five_excerpts_and_links_the_rest() {
    let site = crate::support::many(1);
    let body: String = (1..=8).map(|k| format!("{k}. Energie alinea {k} met genoeg woorden. {{§{k} #energy @be}}\n")).collect();
    site.write(
        "content/declarations/d000.nl.md",
        &format!("---\ntitle: Lang\ndate: 2001-01-01\nkind: letter\nparties: [be]\noriginal: nl\n---\n\n{body}"),
    );
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    let html = page(&c, "nl/themes/energy/index.html");
    let excerpts = html.matches("<li><a class=\"blk-id\"").count();
    assert_eq!(excerpts, 5, "five paragraphs with an excerpt");
    for k in 1..=5 {
        assert!(html.contains(&format!("Energie alinea {k} met")), "excerpt of §{k}");
    }
    assert!(!html.contains("Energie alinea 6 met"), "no excerpt past the fifth");
    let more = html.split("<li class=\"more\">").nth(1).expect("the other paragraphs are listed").split("</li>").next().unwrap();
    assert!(more.starts_with("en nog 3 paragrafen:"), "{more}");
    for k in 6..=8 {
        assert!(more.contains(&format!("href=\"../../declarations/d000/index.html#{k}\">§{k}</a>")), "§{k} linked: {more}");
    }
}

/// WCAG's contrast ratio of two sRGB colours.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let lum = |c: [f64; 3]| {
        let lin = |v: f64| {
            let v = v / 255.0;
            if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn the_theme_party_matrix_keeps_its_figures_readable_and_its_labels_whole() {
    // Ten parties in 1 to 10 declarations each: every shade of the matrix.
    let site = TempSite::new();
    let parties: String =
        (0..10).map(|j| format!("p{j}: {{ name: {{ nl: Collectivité européenne numéro {j}, en: Party {j} }} }}\n")).collect();
    site.write("content/parties.yaml", &parties);
    site.write("content/themes.yaml", "energy: { label: { nl: Grensoverschrijdende energiesamenwerking, en: Energy } }\n");
    for k in 1..=10 {
        let ps: Vec<String> = (0..k).map(|j| format!("p{j}")).collect();
        site.write(
            &format!("content/declarations/2021-01-{k:02}-d.nl.md"),
            &format!(
                "---\ntitle: D{k}\ndate: 2021-01-{k:02}\nkind: letter\nparties: [{}]\noriginal: nl\n---\n\n1. Tekst. {{§1 #energy {}}}\n",
                ps.join(", "),
                ps.iter().map(|p| format!("@{p}")).collect::<Vec<_>>().join(" ")
            ),
        );
    }
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    let html = page(&c, "nl/themes/index.html");
    let svg = &html[html.find("<svg class=\"figure matrix\"").expect("the matrix")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    let attr = |tag: &str, name: &str| -> String {
        let at = tag.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("no {name} in {tag}")) + name.len() + 3;
        tag[at..at + tag[at..].find('"').unwrap()].to_string()
    };
    let hex = |s: &str| -> [f64; 3] { [1, 3, 5].map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap() as f64) };
    let mut figures = 0;
    let mut fill = [255.0; 3];
    for tag in svg.split('<').skip(1) {
        if tag.starts_with("rect ") {
            let f = attr(tag, "fill");
            fill = match f.strip_prefix("rgba(11,79,138,") {
                // Over the white page.
                Some(a) => {
                    let a: f64 = a.trim_end_matches(')').parse().unwrap();
                    [11.0, 79.0, 138.0].map(|c| 255.0 - a * (255.0 - c))
                }
                None => hex(&f),
            };
        } else if tag.starts_with("text x=") && attr(tag, "text-anchor") == "middle" {
            let ratio = contrast(fill, hex(&attr(tag, "fill")));
            assert!(ratio >= 4.5, "a figure at {ratio:.2}:1 on its cell: <{tag}");
            figures += 1;
        }
    }
    assert_eq!(figures, 10, "one figure per party: {svg}");
    // The longest column label, turned 50°, fits above the matrix.
    let top: f64 =
        svg.split("<text transform=\"translate(").nth(1).unwrap().split(',').nth(1).unwrap().split(')').next().unwrap().parse().unwrap();
    let longest = "Collectivité européenne numéro 0".chars().count() as f64 * 6.6;
    assert!(top >= longest * 0.766, "the labels start at y {top}, and the longest rises {:.0}", longest * 0.766);
    // The row label, ending left of the cells, fits in the width left of it.
    let row = svg.split("<text x=\"").nth(1).unwrap();
    let end: f64 = row.split('"').next().unwrap().parse().unwrap();
    let wide = "Grensoverschrijdende energiesamenwerking".chars().count() as f64 * 6.6;
    assert!(row.contains("text-anchor=\"end\"") && end >= wide, "the row label ends at x {end}, and is {wide:.0} wide");
}

#[test]
fn a_parallel_view_says_when_its_language_has_no_text() {
    let c = diptych::compile(&fixture("minimal"));
    let notice = "<p class=\"notice\">This declaration has no text in this language; the texts it has are below.</p>";
    assert!(page(&c, "en/declarations/2022-05-06-beta/parallel/index.html").contains(notice));
    assert!(!page(&c, "nl/declarations/2022-05-06-beta/parallel/index.html").contains("class=\"notice\""));
    assert!(!page(&c, "en/declarations/2021-03-04-alpha/parallel/index.html").contains("class=\"notice\""));
}

#[test]
fn themes_are_listed_by_their_labels_in_each_language() {
    // Ids in one order, labels in another, and another again in the other language.
    let site = TempSite::new();
    site.write(
        "content/themes.yaml",
        "alpha: { label: { nl: Zee, en: Energy } }\nbeta: { label: { nl: Économie, en: Sea } }\nenergy: { label: { nl: Milieu, en: Environment } }\ntrade: { label: { nl: Handel, en: Trade } }\n",
    );
    site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    let order = |path: &str, labels: &[&str]| {
        let html = page(&c, path);
        let main = &html[html.find("<main").unwrap()..];
        let find = |l: &str| main.find(&format!(">{l}<")).or_else(|| main.find(&format!("> {l} <")));
        let at: Vec<usize> = labels.iter().map(|l| find(l).unwrap_or_else(|| panic!("{l} on {path}"))).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{path}: {labels:?} in this order: {at:?}");
    };
    // Accents aside: `Économie` sorts as `economie`.
    order("nl/themes/index.html", &["Économie", "Handel", "Milieu", "Zee"]);
    order("en/themes/index.html", &["Energy", "Environment", "Sea", "Trade"]);
    order("nl/search/index.html", &["Économie", "Handel", "Milieu", "Zee"]);
}
