//! The interface in the site's languages: no English on French or German pages, counts
//! in the singular or plural, French dates and punctuation, a language without built-in
//! strings (Italian), the 404 page in every language.

use crate::support::{TempSite, bin, page};

const NNBSP: char = '\u{202f}';

/// A French/German/Italian site: one declaration in French and German dated on the 1st
/// of August (six paragraphs about energy, one about trade), one only in French.
fn site() -> TempSite {
    let site = TempSite::new();
    site.write(
        "site.yaml",
        "title: { fr: Déclarations, de: Erklärungen, it: Dichiarazioni }\nbase_url: \"https://example.gov/v/\"\nlanguages: [fr, de, it]\n",
    );
    site.write(
        "content/themes.yaml",
        "energy: { label: { fr: Énergie, de: Energie, it: Energia } }\ntrade: { label: { fr: Commerce, de: Handel, it: Commercio } }\n",
    );
    site.write(
        "content/parties.yaml",
        "be: { name: { fr: Belgique, de: Belgien, it: Belgio } }\nuk: { name: { fr: Royaume-Uni, de: Vereinigtes Königreich, it: Regno Unito }, part_of: be }\n",
    );
    let body = |word: &str| {
        (1..=6).map(|i| format!("{i}. {word} {i}. {{§{i} #energy @be}}\n")).collect::<String>() + "7. Commerce. {§7 #trade @be}\n"
    };
    site.write(
        "content/declarations/2024-08-01-a.fr.md",
        &format!("---\ntitle: Déclaration A\ndate: 2024-08-01\nkind: letter\nparties: [be]\noriginal: fr\n---\n\n{}", body("Texte")),
    );
    site.write("content/declarations/2024-08-01-a.de.md", &format!("---\ntitle: Erklärung A\n---\n\n{}", body("Text")));
    site.write(
        "content/declarations/2019-01-22-b.fr.md",
        "---\ntitle: Déclaration B\ndate: 2019-01-22\nkind: letter\nparties: [uk]\noriginal: fr\n---\n\n1. Mer. {§1 #trade @uk}\n",
    );
    site
}

#[test]
fn no_english_on_french_and_german_pages() {
    let c = site().compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    for (lang, words) in [("fr", ["Fichiers", "Données ouvertes", "Flux Atom"]), ("de", ["Dateien", "Offene Daten", "Atom-Feed"])] {
        let data = page(&c, &format!("{lang}/data/index.html"));
        assert!(!data.contains("lang=\"en\""), "{lang}/data/ has English parts");
        for english in ["Files", "File</th>", "Content</th>", "newest declarations", "Open data"] {
            assert!(!data.contains(english), "{lang}/data/ still says `{english}`");
        }
        assert!(data.contains(words[0]) && data.contains(words[1]), "{lang}/data/");
        let theme = page(&c, &format!("{lang}/themes/energy/index.html"));
        assert!(theme.contains(words[2]) && !theme.contains("Atom feed"), "{lang} theme page feed link");
        assert!(page(&c, &format!("{lang}/parties/be/index.html")).contains(words[2]), "{lang} party page feed link");
    }
}

#[test]
fn counts_dates_and_french_punctuation() {
    let c = site().compile();
    // 6 paragraphs of A and none of B about energy; 1 about trade in each.
    let fr_energy = page(&c, "fr/themes/energy/index.html");
    assert!(fr_energy.contains("6 paragraphes · 1 déclaration</p>"), "{fr_energy}");
    assert!(fr_energy.contains(&format!("et 1 autre paragraphe{NNBSP}:")), "more_paragraphs in the singular");
    let de_energy = page(&c, "de/themes/energy/index.html");
    assert!(de_energy.contains("6 Absätze · 1 Erklärung</p>"));
    assert!(de_energy.contains("und 1 weiterer Absatz:"));
    assert!(page(&c, "de/themes/trade/index.html").contains("2 Absätze · 2 Erklärungen</p>"));
    assert!(page(&c, "fr/parties/uk/index.html").contains("1 paragraphe · 1 déclaration</p>"));
    let fr_be = page(&c, "fr/parties/be/index.html");
    assert!(fr_be.contains(&format!("Comprend{NNBSP}: <a")), "members: {fr_be}");
    // Dates.
    let fr_home = page(&c, "fr/index.html");
    assert!(fr_home.contains("1er août 2024"), "French 1st of the month");
    assert!(fr_home.contains("<title>Déclaration A (1er août 2024)</title>"), "the timeline's dates too");
    assert!(page(&c, "de/index.html").contains("1. August 2024"));
    // Punctuation in headings made in Rust and in templates.
    let parallel = page(&c, "fr/declarations/2024-08-01-a/parallel/index.html");
    assert!(parallel.contains(&format!("<h1>Vue parallèle{NNBSP}: ")), "parallel heading");
    assert!(parallel.contains(&format!("<title>Vue parallèle{NNBSP}: Déclaration A · Déclarations</title>")));
    assert!(page(&c, "fr/years/2024/index.html").contains(&format!("Déclarations{NNBSP}: 2024")));
    assert!(page(&c, "de/years/2024/index.html").contains("Erklärungen: 2024"));
    // The home page's title is the site's title, once.
    assert!(fr_home.contains("<title>Déclarations</title>"), "home title");
}

#[test]
fn parallel_view_headers_mark_the_annotation_with_the_page_language() {
    let c = site().compile();
    // The column is German; its annotation is French, like the page.
    let fr = page(&c, "fr/declarations/2024-08-01-a/parallel/index.html");
    assert!(fr.contains("<th scope=\"col\" lang=\"de\">Deutsch <span class=\"muted\" lang=\"fr\">(traduction"), "{fr}");
    assert!(fr.contains("<th scope=\"col\" lang=\"fr\">Français <span class=\"muted\">(texte authentique)</span>"), "{fr}");
    // On the Italian page the annotation is English, and marked so.
    let it = page(&c, "it/declarations/2024-08-01-a/parallel/index.html");
    assert!(it.contains("<th scope=\"col\" lang=\"de\">Deutsch <span class=\"muted\" lang=\"en\">("), "{it}");
}

#[test]
fn the_search_page_carries_the_date_format() {
    let c = site().compile();
    let fr = page(&c, "fr/search/index.html");
    assert!(fr.contains("data-months=\"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre\""));
    assert!(fr.contains("data-date-format=\"{d} {m} {y}\" data-day-one=\"1er\""));
    assert!(page(&c, "de/search/index.html").contains("data-date-format=\"{d}. {m} {y}\""));
}

#[test]
fn a_language_without_built_in_strings_names_itself_and_can_be_given_them() {
    let site = site();
    let c = site.compile();
    // B exists only in French: the Italian page says so, in English, naming Italian.
    let it = page(&c, "it/declarations/2019-01-22-b/index.html");
    assert!(it.contains("<html lang=\"it\">"));
    assert!(it.contains("<p class=\"notice\" lang=\"en\">This text does not exist in italiano;"), "fallback notice");
    // `check` lists what is missing.
    let out = bin().args(["check", "--root"]).arg(site.root()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("interface strings: `it` has no built-in strings;"), "{stdout}");
    assert!(stdout.contains("skip, home, declarations,"), "{stdout}");
    assert!(!stdout.contains("`fr` has no built-in"));
    // strings: in site.yaml give them; a misspelt key is a warning.
    site.write(
        "site.yaml",
        "title: { fr: Déclarations, de: Erklärungen, it: Dichiarazioni }\nbase_url: \"https://example.gov/v/\"\nlanguages: [fr, de, it]\nstrings:\n  it:\n    themes: Temi\n    open_dat: Dati aperti\n    months: gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre\n",
    );
    let c = site.compile();
    assert!(!c.diags.has_errors());
    let warnings = crate::support::messages(&c).join("\n");
    assert!(
        warnings.contains("`open_dat`, which is not an interface string") && warnings.contains("did you mean `open_data`?"),
        "{warnings}"
    );
    let home = page(&c, "it/index.html");
    assert!(home.contains(">Temi</a>") && home.contains("22 gennaio 2019"), "overridden strings are used");
    let out = bin().args(["check", "--root"]).arg(site.root()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("are shown in English") && !stdout.contains(" themes,") && stdout.contains(" open_data,"), "{stdout}");
}

#[test]
fn the_404_page_speaks_every_site_language() {
    let c = site().compile();
    let p = page(&c, "404.html");
    assert!(p.contains("<html lang=\"fr\">") && p.contains("<h1>Page introuvable</h1>"));
    assert!(p.contains("<p lang=\"de\"><strong>Seite nicht gefunden.</strong> Diese Seite gibt es nicht (mehr)."), "{p}");
    // Italian has no strings of its own: its message is the English one, marked so.
    assert!(p.contains("<p lang=\"en\"><strong>Page not found.</strong>"), "{p}");
    // Served for a missing path at any depth, it links from the server root.
    assert!(p.contains("href=\"/v/static/style.css\""));
    // It is no page of the site: no canonical URL or language alternates, not indexed.
    assert!(!p.contains("rel=\"canonical\"") && !p.contains("hreflang=\"x-default\"") && !p.contains("og:url"), "{p}");
    assert!(!p.contains("<link rel=\"alternate\" hreflang"), "{p}");
    assert!(p.contains("<meta name=\"robots\" content=\"noindex\">"), "{p}");
}

#[test]
fn a_kind_of_document_can_be_named_per_language_in_site_yaml() {
    let site = TempSite::new();
    site.write(
        "site.yaml",
        "title: { nl: T, en: T }\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\n\
         strings:\n  en: { kind_exchange-of-notes: Exchange of letters }\n  nl: { kind_exchange-of-notes: Briefwisseling }\n",
    );
    site.write("content/declarations/2021-01-01-x.nl.md", &crate::support::GOOD_NL.replace("kind: letter", "kind: exchange-of-notes"));
    let c = site.compile();
    assert!(crate::support::messages(&c).is_empty(), "{:?}", crate::support::messages(&c));
    let en = page(&c, "en/declarations/2021-01-01-x/index.html");
    assert!(en.contains(">Exchange of letters</a></p>"), "kicker");
    assert!(en.contains("\"legislationType\": \"Exchange of letters\""), "JSON-LD in the page's language: {en}");
    assert!(page(&c, "nl/kinds/exchange-of-notes/index.html").contains("<h1>Briefwisseling"), "the kind's page");
}

#[test]
fn a_right_to_left_language_gets_dir_rtl_and_its_parts_elsewhere_their_direction() {
    let site = TempSite::new();
    site.write("site.yaml", "title: { nl: Verklaringen, ar: إعلانات }\nbase_url: \"https://example.gov/\"\nlanguages: [nl, ar]\n");
    site.write("content/themes.yaml", "energy: { label: { nl: Energie, ar: الطاقة } }\n");
    site.write("content/parties.yaml", "be: { name: { nl: België, ar: بلجيكا } }\n");
    site.write("content/declarations/2021-01-01-x.nl.md", crate::support::GOOD_NL);
    site.write("content/declarations/2021-01-01-x.ar.md", "---\ntitle: إعلان\n---\n\n1. نص عن الطاقة. {§1 #energy @be}\n");
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    assert!(page(&c, "ar/declarations/2021-01-01-x/index.html").contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(page(&c, "ar/index.html").contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(page(&c, "nl/declarations/2021-01-01-x/index.html").contains("<html lang=\"nl\">"), "left to right: no dir");
    // In the Dutch parallel view the Arabic column has only `lang`: the stylesheet
    // gives every element with a right-to-left `lang` its direction.
    assert!(page(&c, "nl/declarations/2021-01-01-x/parallel/index.html").contains("<td lang=\"ar\">"));
    let css = page(&c, "static/style.css");
    assert!(css.contains(":is(:lang(ar), :lang(he)") && css.contains("{ direction: rtl; }"), "the rule for right-to-left parts");
}

#[test]
fn the_english_interface_of_a_language_without_strings_is_marked_english() {
    let c = site().compile();
    let it = page(&c, "it/index.html");
    for part in ["<a class=\"skip-link\" href=\"#main\" lang=\"en\">", "<button type=\"submit\" lang=\"en\">"] {
        assert!(it.contains(part), "it: {part}");
    }
    let fr = page(&c, "fr/index.html");
    assert!(fr.contains("<a class=\"skip-link\" href=\"#main\">") && !fr.contains("lang=\"en\""), "a French page has no English parts");
}

#[test]
fn a_locale_per_language_in_strings_sets_og_locale() {
    // A Belgian site: fr_BE and nl_BE, not the fr_FR and nl_NL guessed from the codes.
    let site = TempSite::new();
    site.write(
        "site.yaml",
        "title: { nl: T, fr: T }\nbase_url: \"https://example.gov/\"\nlanguages: [nl, fr]\n\
         strings:\n  nl: { locale: nl_BE }\n  fr: { locale: fr_BE }\n",
    );
    site.write("content/themes.yaml", "energy: { label: { nl: Energie, fr: Énergie } }\n");
    site.write("content/parties.yaml", "be: { name: { nl: België, fr: Belgique } }\n");
    site.write("content/declarations/2021-01-01-x.nl.md", crate::support::GOOD_NL);
    let c = site.compile();
    assert!(crate::support::messages(&c).is_empty(), "{:?}", crate::support::messages(&c));
    let fr = page(&c, "fr/index.html");
    assert!(fr.contains("<meta property=\"og:locale\" content=\"fr_BE\">"), "{fr}");
    assert!(fr.contains("<meta property=\"og:locale:alternate\" content=\"nl_BE\">"), "{fr}");
    // Without it, the usual locale of each language.
    let c = TempSite::new().write("content/declarations/2021-01-01-x.nl.md", crate::support::GOOD_NL).compile();
    let nl = page(&c, "nl/index.html");
    assert!(nl.contains("content=\"nl_NL\">") && nl.contains("<meta property=\"og:locale:alternate\" content=\"en_GB\">"), "{nl}");
}
