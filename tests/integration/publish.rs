//! What other systems read: sitemap, robots, feeds, JSON-LD, open data, and links
//! under a base URL with a path.

use crate::support::{GOOD_EN, GOOD_NL, TempSite, fixture, page};

fn xml(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{text}"))
}

#[test]
fn sitemap_lists_every_page_with_its_language_alternates() {
    let c = diptych::compile(&fixture("minimal"));
    let text = page(&c, "sitemap.xml");
    let doc = xml(&text);
    let urls: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("url")).collect();
    let html_pages = c.outputs.iter().filter(|o| o.path.0.ends_with("index.html") && o.path.0.contains('/')).count();
    // Declaration beta has no English text: its English page shows the Dutch one, so it
    // is neither listed nor an alternate (its canonical is the Dutch page); with one text,
    // its parallel views (kept for links made before) are not listed either.
    assert_eq!(urls.len(), html_pages - 3, "one <url> per localized page but beta's English one and its parallel views");
    assert!(!text.contains("2022-05-06-beta/parallel/"), "{text}");
    assert!(page(&c, "nl/declarations/2022-05-06-beta/parallel/index.html").contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!page(&c, "nl/declarations/2022-05-06-beta/index.html").contains("href=\"parallel/"), "no parallel view button");
    assert!(page(&c, "nl/declarations/2021-03-04-alpha/index.html").contains("href=\"parallel/"), "a parallel view button");
    for u in &urls {
        let loc = u.children().find(|n| n.has_tag_name("loc")).unwrap().text().unwrap();
        assert!(loc.starts_with("https://example.gov/decl/"), "{loc}");
        let alts: Vec<_> = u.children().filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "link"))).collect();
        let expected = if loc.ends_with("/declarations/2022-05-06-beta/") { 2 } else { 3 };
        assert_eq!(alts.len(), expected, "nl, en (where there is an English text) and x-default for {loc}");
    }
    assert!(text.contains("<loc>https://example.gov/decl/en/declarations/2021-03-04-alpha/</loc>"));
    assert!(
        !text.contains("https://example.gov/decl/en/declarations/2022-05-06-beta/<")
            && !text.contains("https://example.gov/decl/en/declarations/2022-05-06-beta/\""),
        "{text}"
    );
    let beta = page(&c, "en/declarations/2022-05-06-beta/index.html");
    assert!(beta.contains("<link rel=\"canonical\" href=\"https://example.gov/decl/nl/declarations/2022-05-06-beta/\">"), "{beta}");
    assert!(!beta.contains("hreflang=\"en\" href=\"https://example.gov/decl/en/declarations/2022-05-06-beta/"), "{beta}");
    assert_eq!(page(&c, "robots.txt"), "User-agent: *\nAllow: /\n\nSitemap: https://example.gov/decl/sitemap.xml\n");
}

#[test]
fn atom_feeds_per_language_theme_and_party_are_valid_and_linked() {
    let c = diptych::compile(&fixture("minimal"));
    for path in ["nl/feed.xml", "en/feed.xml", "nl/themes/energy/feed.xml", "en/parties/vl/feed.xml"] {
        let text = page(&c, path);
        let doc = xml(&text);
        let feed = doc.root_element();
        assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"), "{path}");
        for required in ["id", "title", "updated", "author"] {
            assert!(feed.children().any(|n| n.has_tag_name(required)), "{path} lacks <{required}>");
        }
        for entry in feed.children().filter(|n| n.has_tag_name("entry")) {
            for required in ["id", "title", "updated", "link"] {
                assert!(entry.children().any(|n| n.has_tag_name(required)), "{path}: an entry lacks <{required}>");
            }
        }
    }
    // An entry shown in another language (beta has no English text) has its lang; its
    // category labels, in the feed's language, keep the feed's.
    let en = page(&c, "en/feed.xml");
    let beta = en.split("<entry").find(|e| e.contains("2022-05-06-beta")).expect("beta's entry");
    assert!(beta.starts_with(" xml:lang=\"nl\">"), "{beta}");
    assert!(beta.contains("<category") && beta.split("<category").skip(1).all(|c| c.contains("xml:lang=\"en\"")), "{beta}");
    // The energy feed holds the declaration with energy blocks and not the trade-only one.
    let energy = page(&c, "nl/themes/energy/feed.xml");
    assert!(energy.contains("2021-03-04-alpha") && !energy.contains("2022-05-06-beta"));
    // Linked from the pages they belong to.
    assert!(
        page(&c, "nl/themes/energy/index.html")
            .contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Energie\" href=\"feed.xml\">")
    );
    assert!(page(&c, "en/index.html").contains("type=\"application/atom+xml\" title=\"Test declarations\" href=\"feed.xml\""));
}

#[test]
fn json_ld_of_a_declaration() {
    let c = diptych::compile(&fixture("minimal"));
    let html = page(&c, "en/declarations/2021-03-04-alpha/index.html");
    let json = html.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["@type"], "Legislation");
    assert_eq!(v["translationOfWork"]["@id"], "https://example.gov/decl/nl/declarations/2021-03-04-alpha/");
    insta::assert_snapshot!(json);
}

#[test]
fn open_data_files() {
    let c = diptych::compile(&fixture("minimal"));
    let one: serde_json::Value = serde_json::from_str(&page(&c, "data/declarations/2021-03-04-alpha.json")).unwrap();
    assert_eq!(one["translations"]["nl"]["blocks"].as_array().unwrap().len(), 7);
    let all: serde_json::Value = serde_json::from_str(&page(&c, "data/declarations.json")).unwrap();
    assert_eq!(all["declarations"].as_array().unwrap().len(), 2);
    let alpha = all["declarations"].as_array().unwrap().iter().find(|d| d["slug"] == "2021-03-04-alpha").unwrap();
    assert_eq!(alpha, &one, "the collection holds each declaration's record as its own file has it");
    assert_eq!(all["themes"].as_array().unwrap().len(), 4);
    let csv = page(&c, "data/blocks.csv");
    assert_eq!(csv.lines().count(), 1 + 7 + 6 + 1, "header and one row per block and language");
    assert!(csv.split_inclusive('\n').all(|record| record.ends_with("\r\n")), "RFC 4180 records end in CRLF");
    insta::assert_snapshot!(page(&c, "data/declarations/2021-03-04-alpha.json"));
    insta::assert_snapshot!(csv);
    assert!(page(&c, "nl/data/index.html").contains("href=\"../../data/blocks.csv\""));
}

#[test]
fn open_data_has_the_footnotes_of_each_text() {
    let site = TempSite::new();
    site.write(
        "content/declarations/2021-01-01-x.nl.md",
        &format!("{}\n[^bron]: Cijfers van het CBS, zie [[2021-02-02-y§1]].\n", GOOD_NL.replace("Tekst.", "Tekst.[^bron]")),
    );
    site.write("content/declarations/2021-02-02-y.nl.md", &GOOD_NL.replace("title: Goed", "title: Ander akkoord"));
    let c = site.compile();
    assert!(crate::support::messages(&c).is_empty(), "{:?}", crate::support::messages(&c));
    let one: serde_json::Value = serde_json::from_str(&page(&c, "data/declarations/2021-01-01-x.json")).unwrap();
    assert_eq!(
        one["translations"]["nl"]["footnotes"],
        serde_json::json!([{"id": "fn-bron", "n": 1, "text": "Cijfers van het CBS, zie Ander akkoord §1."}])
    );
    let other: serde_json::Value = serde_json::from_str(&page(&c, "data/declarations/2021-02-02-y.json")).unwrap();
    assert!(other["translations"]["nl"].get("footnotes").is_none(), "no empty list for a text without footnotes");
}

#[test]
fn open_data_keeps_the_rows_and_cells_of_a_table() {
    let site = TempSite::new();
    let body = "| Lijn | Frequentie |\n| --- | ---: |\n| Mons – Valenciennes | elk *uur* |\n| Zie [[2021-02-02-y§1]] | 2 |\n\n{§dienstregeling #energy}\n";
    site.write("content/declarations/2021-01-01-x.nl.md", &format!("{GOOD_NL}\n{body}"));
    site.write("content/declarations/2021-02-02-y.nl.md", &GOOD_NL.replace("title: Goed", "title: Ander akkoord"));
    let c = site.compile();
    assert!(crate::support::messages(&c).is_empty(), "{:?}", crate::support::messages(&c));
    let one: serde_json::Value = serde_json::from_str(&page(&c, "data/declarations/2021-01-01-x.json")).unwrap();
    let table = one["translations"]["nl"]["blocks"].as_array().unwrap().iter().find(|b| b["kind"] == "table").expect("the table");
    assert_eq!(table["id"], "dienstregeling");
    assert_eq!(
        table["rows"],
        serde_json::json!([["Lijn", "Frequentie"], ["Mons – Valenciennes", "elk uur"], ["Zie Ander akkoord §1", "2"]])
    );
    assert!(one["translations"]["nl"]["blocks"][0].get("rows").is_none(), "only tables have rows");
}

#[test]
fn a_licence_in_site_yaml_is_on_the_data_page_in_the_open_data_and_the_json_ld() {
    let site = TempSite::new();
    site.write(
        "site.yaml",
        "title: T\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\n\
         license: { name: CC BY 4.0, url: \"https://creativecommons.org/licenses/by/4.0/\" }\n",
    );
    site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    let c = site.compile();
    assert!(crate::support::messages(&c).is_empty(), "{:?}", crate::support::messages(&c));
    let url = "https://creativecommons.org/licenses/by/4.0/";
    assert!(page(&c, "en/data/index.html").contains(&format!("Licence: <a href=\"{url}\" rel=\"license\">CC BY 4.0</a>")));
    let all: serde_json::Value = serde_json::from_str(&page(&c, "data/declarations.json")).unwrap();
    // Named, as the data page names it.
    assert_eq!(all["license"], serde_json::json!({"name": "CC BY 4.0", "url": url}));
    assert_eq!(all["declarations"][0]["license"], all["license"]);
    assert!(page(&c, "nl/declarations/2021-01-01-x/index.html").contains(&format!("\"license\": \"{url}\"")));
    // Given by its URL alone, a Creative Commons licence is named all the same; another
    // URL is shown as it is.
    let cc0 = "https://creativecommons.org/publicdomain/zero/1.0/deed.nl";
    site.write("site.yaml", &format!("title: T\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\nlicense: \"{cc0}\"\n"));
    let c = site.compile();
    assert!(page(&c, "nl/data/index.html").contains(&format!("<a href=\"{cc0}\" rel=\"license\">CC0 1.0</a>")));
    let all: serde_json::Value = serde_json::from_str(&page(&c, "data/declarations.json")).unwrap();
    assert_eq!(all["license"], serde_json::json!({"name": "CC0 1.0", "url": cc0}));
    let own = "https://data.example.gov/licence";
    site.write("site.yaml", &format!("title: T\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\nlicense: \"{own}\"\n"));
    assert!(page(&site.compile(), "nl/data/index.html").contains(&format!("<a href=\"{own}\" rel=\"license\">{own}</a>")));
    // Without one, nothing claims a licence.
    let bare = TempSite::new();
    bare.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    let c = bare.compile();
    assert!(!page(&c, "data/declarations.json").contains("license") && !page(&c, "en/data/index.html").contains("rel=\"license\""));
    // A licence that is not a web address is an error at its key.
    site.write("site.yaml", "title: T\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\nlicense: CC BY\n");
    let errors = site.errors();
    assert!(errors.iter().any(|e| e.contains("site.yaml:4:1: error: `license` URL `CC BY` is not an http(s) URL")), "{errors:?}");
}

#[test]
fn a_base_url_with_a_path_keeps_every_link_working() {
    let site = TempSite::new();
    site.write("site.yaml", "title: T\nbase_url: \"https://www.example.gov/verklaringen/archief\"\nlanguages: [nl, en]\n");
    site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    site.write("content/pages/about.nl.md", "---\ntitle: Over deze site\n---\n\nTekst.\n");
    let c = site.compile();
    assert!(!c.diags.has_errors());
    let html = page(&c, "nl/declarations/2021-01-01-x/index.html");
    assert!(html.contains("<link rel=\"canonical\" href=\"https://www.example.gov/verklaringen/archief/nl/declarations/2021-01-01-x/\">"));
    let not_found = page(&c, "404.html");
    assert!(not_found.contains("href=\"/verklaringen/archief/static/style.css\""));
    // Its menu lists the free pages, as every page's does.
    assert!(not_found.contains("href=\"/verklaringen/archief/nl/pages/about/index.html\">Over deze site</a>"), "{not_found}");
    let r = diptych::linkcheck::check(&c.outputs);
    assert!(r.broken.is_empty(), "{:#?}", r.broken);
}

#[test]
fn root_choose_makes_the_root_a_language_choice_instead_of_a_redirect() {
    let site = TempSite::new();
    let yaml = "title: { nl: Verklaringen, en: Declarations }\nbase_url: \"https://example.gov/d/\"\nlanguages: [nl, en]\n";
    site.write("site.yaml", &format!("{yaml}root: choose\n"));
    site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    let c = site.compile();
    assert!(crate::support::messages(&c).is_empty(), "{:?}", crate::support::messages(&c));
    let root = page(&c, "index.html");
    assert!(!root.contains("http-equiv=\"refresh\""), "nobody is sent to the first language: {root}");
    assert!(root.contains("<link rel=\"canonical\" href=\"https://example.gov/d/\">"), "{root}");
    assert!(root.contains("<li lang=\"en\"><a href=\"en/index.html\" hreflang=\"en\">English</a> · Declarations</li>"), "{root}");
    // The home pages name it as the page for other languages; pages with no page in
    // no language name none.
    assert!(page(&c, "en/index.html").contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.gov/d/\">"));
    assert!(!page(&c, "en/themes/energy/index.html").contains("x-default"));
    assert!(page(&c, "sitemap.xml").matches("hreflang=\"x-default\"").count() == 2, "the two home pages");
    // The default stays a redirect to the first language.
    site.write("site.yaml", yaml);
    assert!(page(&site.compile(), "index.html").contains("<meta http-equiv=\"refresh\" content=\"0; url=nl/index.html\">"));
    site.write("site.yaml", &format!("{yaml}root: chose\n"));
    let errors = site.errors();
    assert!(errors.iter().any(|e| e.starts_with("site.yaml:4:1: error: `root: chose` is not a way to open the site")), "{errors:?}");
}

#[test]
fn a_text_in_the_original_language_that_is_itself_a_translation_is_not_called_the_original_work() {
    let site = TempSite::new();
    // English is the authentic language, but the English published here is an unofficial
    // translation (of the Dutch); the Dutch is the official translation.
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("original: nl", "original: en\ntranslation: official"));
    site.write("content/declarations/2021-01-01-x.en.md", &GOOD_EN.replace("title: Good", "title: Good\ntranslation: unofficial"));
    let c = site.compile();
    let ld = |lang: &str| -> serde_json::Value {
        let html = page(&c, &format!("{lang}/declarations/2021-01-01-x/index.html"));
        let json = html.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
        serde_json::from_str(json).unwrap()
    };
    for lang in ["en", "nl"] {
        let v = ld(lang);
        assert!(v.get("workTranslation").is_none(), "{lang}: {v:#}");
        assert_eq!(v["translationOfWork"]["inLanguage"], "en", "{lang}: {v:#}");
        assert_eq!(v["translationOfWork"]["name"], "Good", "{lang}: named by the English title: {v:#}");
    }
    assert_eq!(ld("en")["eli:legal_value"]["@id"], "http://data.europa.eu/eli/ontology#LegalValue-unofficial");
}
