//! The interface in the site's languages: no English on French, German, Italian or
//! Spanish pages, counts in the singular or plural, dates and French punctuation, a
//! language without built-in strings (Portuguese), the 404 page in every language.

use crate::support::{TempSite, bin, page};

const NNBSP: char = '\u{202f}';

/// A French/German/Portuguese site: one declaration in French and German dated on the 1st
/// of August (six paragraphs about energy, one about trade), one only in French.
fn site() -> TempSite {
    let site = TempSite::new();
    site.write(
        "site.yaml",
        "title: { fr: Déclarations, de: Erklärungen, pt: Declarações }\nbase_url: \"https://example.gov/v/\"\nlanguages: [fr, de, pt]\n",
    );
    site.write(
        "content/themes.yaml",
        "energy: { label: { fr: Énergie, de: Energie, pt: Energia } }\ntrade: { label: { fr: Commerce, de: Handel, pt: Comércio } }\n",
    );
    site.write(
        "content/parties.yaml",
        "be: { name: { fr: Belgique, de: Belgien, pt: Bélgica } }\nuk: { name: { fr: Royaume-Uni, de: Vereinigtes Königreich, pt: Reino Unido }, part_of: be }\n",
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
    // On the Portuguese page the annotation is English, and marked so.
    let pt = page(&c, "pt/declarations/2024-08-01-a/parallel/index.html");
    assert!(pt.contains("<th scope=\"col\" lang=\"de\">Deutsch <span class=\"muted\" lang=\"en\">("), "{pt}");
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
    // B exists only in French: the Portuguese page says so, in English, naming Portuguese.
    let pt = page(&c, "pt/declarations/2019-01-22-b/index.html");
    assert!(pt.contains("<html lang=\"pt\">"));
    assert!(pt.contains("<p class=\"notice\" lang=\"en\">This text does not exist in português;"), "fallback notice");
    // `check` lists what is missing.
    let out = bin().args(["check", "--root"]).arg(site.root()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("interface strings: `pt` has no built-in strings;"), "{stdout}");
    assert!(stdout.contains("skip, home, declarations,"), "{stdout}");
    assert!(!stdout.contains("`fr` has no built-in"));
    // So are the names of the kinds of documents the site has.
    assert!(stdout.contains("kinds of documents: on `pt` pages these are named in English; give kind_letter under"), "{stdout}");
    assert!(!stdout.contains("on `fr` pages these"), "{stdout}");
    // strings: in site.yaml give them; a misspelt key is a warning.
    site.write(
        "site.yaml",
        "title: { fr: Déclarations, de: Erklärungen, pt: Declarações }\nbase_url: \"https://example.gov/v/\"\nlanguages: [fr, de, pt]\nstrings:\n  pt:\n    themes: Temas\n    open_dat: Dados abertos\n    months: janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro\n",
    );
    let c = site.compile();
    assert!(!c.diags.has_errors());
    let warnings = crate::support::messages(&c).join("\n");
    assert!(
        warnings.contains("site.yaml:7:5: warning: `strings` of `pt` has `open_dat`, which is not an interface string")
            && warnings.contains("did you mean `open_data`?"),
        "{warnings}"
    );
    let home = page(&c, "pt/index.html");
    assert!(home.contains(">Temas</a>") && home.contains("22 janeiro 2019"), "overridden strings are used");
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
    // Portuguese has no strings of its own: its message is the English one, marked so.
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
fn a_kind_without_a_name_is_warned_of_and_marked_english() {
    // A slip for a built-in kind: the nearest is suggested.
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &crate::support::GOOD_NL.replace("kind: letter", "kind: lettre"));
    let warnings = crate::support::messages(&site.compile());
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("content/declarations/2021-01-01-x.nl.md:4:7: warning: kind `lettre` has no built-in name"),
        "{warnings:#?}"
    );
    assert!(warnings[0].contains("did you mean `letter`?"), "{}", warnings[0]);

    // The slip in one translation, the other right: the warning points at the slip, and
    // `check` does not ask for a name for it.
    site.write("content/declarations/2021-01-01-x.en.md", &crate::support::GOOD_EN.replace("title: Good\n", "title: Good\nkind: letter\n"));
    let messages = crate::support::messages(&site.compile());
    let warning = messages.iter().find(|m| m.contains("warning: kind `lettre`")).expect("the kind warning");
    assert!(warning.starts_with("content/declarations/2021-01-01-x.nl.md:4:7:"), "{messages:#?}");
    let out = bin().args(["check", "--root"]).arg(site.root()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("kind_lettre"), "{stdout}");
    std::fs::remove_file(site.root().join("content/declarations/2021-01-01-x.en.md")).unwrap();
    // The file that holds `kind:` does not parse: its error, and no name asked for an
    // empty kind (`kind_`).
    site.languages(&["nl", "pt"], "");
    site.write("content/declarations/2021-01-01-x.nl.md", &crate::support::GOOD_NL.replace("title: Goed", "title: \"Goed"));
    site.write("content/declarations/2021-01-01-x.pt.md", "---\ntitle: Bom\n---\n\n1. Texto. {§1 #energy @be}\n");
    let out = bin().args(["check", "--root"]).arg(site.root()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("give kind_ under"), "{stdout}");
    std::fs::remove_file(site.root().join("content/declarations/2021-01-01-x.pt.md")).unwrap();
    let site = TempSite::new();

    // A kind of its own, named in one language: the others are listed; on their pages the
    // name (its id's words) is English, and marked so (WCAG 3.1.2).
    site.write("site.yaml", "title: { nl: T, en: T }\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\nstrings:\n  en: { kind_exchange-of-letters: Exchange of letters }\n");
    site.write("content/declarations/2021-01-01-x.nl.md", &crate::support::GOOD_NL.replace("kind: letter", "kind: exchange-of-letters"));
    let c = site.compile();
    let warnings = crate::support::messages(&c);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("its pages show “Exchange of letters” in every language"), "{}", warnings[0]);
    assert!(warnings[0].contains("name it in site.yaml for nl: `strings: { nl: { kind_exchange-of-letters: … } }`"), "{}", warnings[0]);
    let nl = page(&c, "nl/declarations/2021-01-01-x/index.html");
    assert!(nl.contains(" lang=\"en\">Exchange of letters</a></p>"), "the kicker is marked English: {nl}");
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
    let pt = page(&c, "pt/index.html");
    for part in ["<a class=\"skip-link\" href=\"#main\" lang=\"en\">", "<button type=\"submit\" lang=\"en\">"] {
        assert!(pt.contains(part), "pt: {part}");
    }
    let fr = page(&c, "fr/index.html");
    assert!(fr.contains("<a class=\"skip-link\" href=\"#main\">") && !fr.contains("lang=\"en\""), "a French page has no English parts");
}

#[test]
fn only_the_strings_still_in_english_are_marked_english() {
    let site = site();
    site.write(
        "site.yaml",
        "title: { fr: Déclarations, de: Erklärungen, pt: Declarações }\nbase_url: \"https://example.gov/v/\"\nlanguages: [fr, de, pt]\nstrings:\n  pt:\n    skip: Saltar para o conteúdo\n    themes: Temas\n",
    );
    let c = site.compile();
    let pt = page(&c, "pt/index.html");
    // Given in Portuguese: in the page's language.
    assert!(pt.contains("<a class=\"skip-link\" href=\"#main\">Saltar para o conteúdo</a>"), "{pt}");
    assert!(pt.contains(">Temas</a>") && !pt.contains("lang=\"en\">Temas"), "{pt}");
    // Not given: English, marked so.
    assert!(pt.contains("<button type=\"submit\" lang=\"en\">Search</button>"), "{pt}");
    assert!(pt.contains("lang=\"en\">Parties</a>"), "{pt}");
    // So is a date in English month names.
    assert!(pt.contains("<time datetime=\"2024-08-01\" lang=\"en\">"), "{pt}");
    // A kind of document named in English is marked so; named in strings:, it is not.
    assert!(pt.contains("<span lang=\"en\">Letter</span>"), "{pt}");
    site.write(
        "site.yaml",
        "title: { fr: Déclarations, de: Erklärungen, pt: Declarações }\nbase_url: \"https://example.gov/v/\"\nlanguages: [fr, de, pt]\nstrings:\n  pt:\n    kind_letter: Carta\n",
    );
    let pt = page(&site.compile(), "pt/index.html");
    assert!(pt.contains(" · Carta · ") && !pt.contains("lang=\"en\">Carta"), "{pt}");
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

/// Languages beyond the built-in interfaces are named: by their own names in the
/// language switch (日本語, polski), and in the page's language where `strings:` gives
/// it (`language_de: niemiecki`); their `og:locale` is the usual one (`ja_JP`, `pl_PL`).
#[test]
fn languages_without_an_interface_are_named_and_can_be_named_in_site_yaml() {
    let site = TempSite::in_languages(&["ja", "en"]);
    site.write(
        "content/declarations/2021-01-01-x.ja.md",
        &crate::support::GOOD_NL.replace("original: nl", "original: ja").replace("Tekst.", "本文。"),
    );
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    let en = page(&c, "en/index.html");
    assert!(en.contains(">日本語<"), "the switch names Japanese in Japanese");
    assert!(page(&c, "ja/index.html").contains("<meta property=\"og:locale\" content=\"ja_JP\">"));
    let decl = page(&c, "en/declarations/2021-01-01-x/index.html");
    assert!(decl.contains("Japanese"), "named in English on an English page");

    let site = TempSite::blank();
    site.languages(&["pl", "de"], "strings:\n  pl: { language_pl: polski, language_de: niemiecki, original_language: Język oryginału }\n");
    site.write(
        "content/declarations/2021-01-01-x.de.md",
        &crate::support::GOOD_NL.replace("original: nl", "original: de").replace("Tekst.", "Text."),
    );
    let c = site.compile();
    assert!(crate::support::messages(&c).is_empty(), "language_… keys are interface strings: {:?}", crate::support::messages(&c));
    let pl = page(&c, "pl/declarations/2021-01-01-x/index.html");
    assert!(pl.contains("niemiecki") && !pl.contains("German"), "the original language in Polish");
    assert!(pl.contains(">polski<") || pl.contains(">Polski<"), "the switch");
    assert!(pl.contains("<meta property=\"og:locale\" content=\"pl_PL\">"));
}

/// Polish counts by the CLDR categories: "1 ustęp", "2 ustępy", "5 ustępów", on theme
/// pages and in the search's count (given to search.js by category).
#[test]
fn polish_counts_take_the_few_and_many_forms_given_in_strings() {
    let site = TempSite::new();
    site.write(
        "site.yaml",
        "title: { pl: T, de: T }\nbase_url: \"https://example.gov/\"\nlanguages: [pl, de]\nstrings:\n  pl:\n    block: ustęp\n    blocks_count: ustępów\n    blocks_count_few: ustępy\n    result_one: wynik\n    result_few: wyniki\n    result_many: wyników\n",
    );
    site.write("content/themes.yaml", "energy: { label: { pl: Energia, de: Energie } }\n");
    site.write("content/parties.yaml", "be: { name: { pl: Belgia, de: Belgien } }\n");
    let body = |n: usize| (1..=n).map(|i| format!("{i}. Tekst {i}. {{§{i} #energy @be}}\n\n")).collect::<String>();
    let front = "---\ntitle: T\ndate: 2021-01-01\nkind: letter\nparties: [be]\noriginal: pl\n---\n\n";
    site.write("content/declarations/2021-01-01-x.pl.md", &format!("{front}{}", body(2)));
    let c = site.compile();
    assert!(crate::support::messages(&c).iter().all(|m| !m.contains("not an interface string")), "{:?}", crate::support::messages(&c));
    let theme = page(&c, "pl/themes/energy/index.html");
    assert!(theme.contains("2 ustępy"), "few");
    site.write("content/declarations/2021-01-01-x.pl.md", &format!("{front}{}", body(5)));
    let c = site.compile();
    assert!(page(&c, "pl/themes/energy/index.html").contains("5 ustępów"), "many");
    let search = page(&c, "pl/search/index.html");
    assert!(search.contains("data-count-lang=\"pl\""), "the Polish forms count by Polish rules");
    // Misspelt forms and names of languages the site lacks are warnings with a suggestion.
    site.write(
        "site.yaml",
        "title: { pl: T, de: T }\nbase_url: \"https://example.gov/\"\nlanguages: [pl, de]\nstrings:\n  pl:\n    result_fw: wyniki\n    language_dd: niemiecki\n",
    );
    let warnings = crate::support::messages(&site.compile()).join("\n");
    assert!(
        warnings.contains("site.yaml:6:5: warning: `strings` of `pl` has `result_fw`") && warnings.contains("did you mean `result_few`?"),
        "{warnings}"
    );
    assert!(
        warnings.contains("site.yaml:7:5: warning: `strings` of `pl` names language `dd`, which is not a site language")
            && warnings.contains("did you mean `language_de`?"),
        "{warnings}"
    );
    assert!(search.contains("data-forms=\"{&quot;few&quot;:&quot;wyniki&quot;,&quot;many&quot;:&quot;wyników&quot;,&quot;one&quot;:&quot;wynik&quot;,&quot;other&quot;:&quot;wyników&quot;}\""), "{search}");
}

/// An Italian/Spanish site with no `strings:`: declaration A in both languages dated on
/// the 1st of August (six paragraphs about energy, one about trade), B only in Italian,
/// C with a paragraph missing in Spanish.
fn italian_spanish_site() -> TempSite {
    let site = TempSite::new();
    site.write(
        "site.yaml",
        "title: { it: Dichiarazioni bilaterali, es: Declaraciones bilaterales }\nbase_url: \"https://example.gov/v/\"\nlanguages: [it, es]\n",
    );
    site.write(
        "content/themes.yaml",
        "energy: { label: { it: Energia, es: Energía } }\ntrade: { label: { it: Commercio, es: Comercio } }\n",
    );
    site.write(
        "content/parties.yaml",
        "be: { name: { it: Belgio, es: Bélgica } }\nuk: { name: { it: Regno Unito, es: Reino Unido }, part_of: be }\n",
    );
    let body = |word: &str| {
        (1..=6).map(|i| format!("{i}. {word} {i}. {{§{i} #energy @be}}\n")).collect::<String>() + "7. Commercio. {§7 #trade @be}\n"
    };
    site.write(
        "content/declarations/2024-08-01-a.it.md",
        &format!(
            "---\ntitle: Dichiarazione A\ndate: 2024-08-01\nkind: joint-declaration\nparties: [be]\noriginal: it\nplace: Roma\n\
             signatories:\n  - {{ name: Mario Rossi, role: Ministro, party: be }}\n---\n\n{}",
            body("Testo")
        ),
    );
    site.write(
        "content/declarations/2024-08-01-a.es.md",
        &format!("---\ntitle: Declaración A\ntranslation: official\nplace: Roma\n---\n\n{}", body("Texto")),
    );
    site.write(
        "content/declarations/2019-01-22-b.it.md",
        "---\ntitle: Dichiarazione B\ndate: 2019-01-22\nkind: letter\nparties: [uk]\noriginal: it\n---\n\n1. Mare. {§1 #trade @uk}\n",
    );
    site.write(
        "content/declarations/2023-03-01-c.it.md",
        "---\ntitle: Dichiarazione C\ndate: 2023-03-01\nkind: memorandum\nparties: [be]\noriginal: it\n---\n\n1. Uno. {§1}\n\n2. Due. {§2}\n",
    );
    site.write("content/declarations/2023-03-01-c.es.md", "---\ntitle: Declaración C\n---\n\n1. Uno. {§1}\n");
    site
}

/// What a reader sees of a page: its text and the values of the attributes that are
/// read out or shown (not URLs, class names or JSON-LD keys).
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push('\n');
        let tag_end = rest[open..].find('>').map_or(rest.len(), |e| open + e + 1);
        let tag = &rest[open..tag_end];
        // `content` of `<meta>`, and `data-…`: the search page's messages for its script.
        for attr in [" aria-label=\"", " title=\"", " placeholder=\"", " alt=\"", " content=\"", " data-"] {
            for (i, _) in tag.match_indices(attr) {
                let Some(q) = tag[i..].find('"') else { continue };
                let v = &tag[i + q + 1..];
                let v = &v[..v.find('"').unwrap_or(v.len())];
                if !v.contains("://") && !v.starts_with(['.', '/', '#']) {
                    out.push_str(v);
                    out.push('\n');
                }
            }
        }
        rest = &rest[tag_end..];
        // JSON-LD and the open data's field names are English by design.
        if tag.starts_with("<script") {
            rest = &rest[rest.find("</script>").unwrap_or(rest.len())..];
        } else if tag == "<code>" {
            rest = &rest[rest.find("</code>").unwrap_or(rest.len())..];
        }
    }
    out.push_str(rest);
    out
}

/// Whether `text` holds `word` as a word of its own (`Format` is not in `Formato`).
/// (nor `declarations` in the file name `declarations.json`).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let rest = &text[i + word.len()..];
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) && !rest.starts_with(".json")
    })
}

#[test]
fn no_english_on_italian_and_spanish_pages() {
    use diptych::render::i18n::{Strings, keys};
    let site = italian_spanish_site();
    let c = site.compile();
    assert!(crate::support::messages(&c).is_empty(), "{:?}", crate::support::messages(&c));
    let config = &c.site.as_ref().unwrap().config;
    let strings = |l: &str| Strings::new(&diptych::model::Lang(l.into()), config);
    let (en, it, es) = (strings("en"), strings("it"), strings("es"));
    assert_eq!((it.ui_lang.as_str(), es.ui_lang.as_str()), ("it", "es"), "built-in tables");
    for lang in [&it, &es] {
        let l = lang.lang.as_str();
        // The English strings that are not also words of this language's own strings
        // (the Italian for "File" is "File"), cut at their placeholders.
        let own: Vec<&str> = keys().iter().map(|k| lang.get(k)).collect();
        let english: Vec<&str> = keys()
            .iter()
            .filter(|k| !matches!(**k, "months" | "date_format" | "day_one" | "colon" | "in_language"))
            .flat_map(|k| en.get(k).split(['{', '}']).step_by(2))
            .map(|p| p.trim_matches([' ', ':', '.']))
            .filter(|p| p.chars().count() >= 4 && !own.iter().any(|o| has_word(o, p)))
            .collect();
        assert!(english.contains(&"Skip to content") && english.contains(&"more paragraphs"), "{english:?}");
        for path in [
            "index.html",
            "declarations/2024-08-01-a/index.html",
            "declarations/2024-08-01-a/parallel/index.html",
            "declarations/2019-01-22-b/index.html",
            "declarations/2023-03-01-c/index.html",
            "themes/index.html",
            "themes/energy/index.html",
            "parties/index.html",
            "parties/be/index.html",
            "parties/uk/index.html",
            "years/2024/index.html",
            "kinds/joint-declaration/index.html",
            "search/index.html",
            "data/index.html",
        ] {
            let html = page(&c, &format!("{l}/{path}"));
            assert!(html.contains(&format!("<html lang=\"{l}\">")) && !html.contains("lang=\"en\""), "{l}/{path}: English parts");
            let text = visible(&html);
            for e in &english {
                assert!(!has_word(&text, e), "{l}/{path} still says `{e}`: {:?}", text.lines().find(|t| has_word(t, e)));
            }
        }
    }
    // The 404 page: in the first language, then a line in each other one.
    let not_found = page(&c, "404.html");
    assert!(not_found.contains("<html lang=\"it\">") && not_found.contains("<h1>Pagina non trovata</h1>"), "{not_found}");
    assert!(not_found.contains("<p lang=\"es\"><strong>Página no encontrada.</strong> Esta página no existe"), "{not_found}");
    assert!(!visible(&not_found).contains("Page not found"), "{not_found}");
    let home = |l: &str| page(&c, &format!("{l}/index.html"));
    // Words of the interface, dates in each language's form, the kind's built-in name.
    let it_home = home("it");
    assert!(it_home.contains(">Temi</a>") && it_home.contains(">Parti</a>") && it_home.contains("Tutte le dichiarazioni"), "{it_home}");
    assert!(it_home.contains("1º agosto 2024") && it_home.contains("22 gennaio 2019") && it_home.contains("1º marzo 2023"), "{it_home}");
    let es_home = home("es");
    assert!(es_home.contains(">Temas</a>") && es_home.contains(">Partes</a>") && es_home.contains("Todas las declaraciones"), "{es_home}");
    assert!(es_home.contains("1 de agosto de 2024") && es_home.contains("22 de enero de 2019"), "{es_home}");
    assert!(es_home.contains("<meta property=\"og:locale\" content=\"es_ES\">") && es_home.contains("content=\"it_IT\">"), "og:locale");
    let it_a = page(&c, "it/declarations/2024-08-01-a/index.html");
    assert!(it_a.contains("Dichiarazione congiunta") && it_a.contains("Firmatari"), "{it_a}");
    assert!(page(&c, "es/declarations/2024-08-01-a/index.html").contains("Declaración conjunta"));
    assert!(page(&c, "es/kinds/memorandum/index.html").contains("Memorando de entendimiento"));
    assert!(page(&c, "it/declarations/2024-08-01-a/parallel/index.html").contains("<h1>Vista parallela: "));
    let es_parallel = page(&c, "es/declarations/2024-08-01-a/parallel/index.html");
    assert!(es_parallel.contains("<h1>Vista paralela: ") && es_parallel.contains("(traducción oficial)"), "{es_parallel}");
    assert!(
        es_parallel.contains("<th scope=\"col\" lang=\"it\">Italiano <span class=\"muted\" lang=\"es\">(texto auténtico)</span>"),
        "{es_parallel}"
    );
    // B exists only in Italian: the Spanish page says so in Spanish.
    let es_b = page(&c, "es/declarations/2019-01-22-b/index.html");
    assert!(es_b.contains("<p class=\"notice\" lang=\"es\">Este texto no está disponible en español;"), "{es_b}");
    // Counts: 6 paragraphs of A about energy, and 1 more than the excerpts show; 1 of
    // A and 1 of B about trade; the UK only in B.
    for (l, energy, more, trade, uk) in [
        (
            "it",
            "6 paragrafi · 1 dichiarazione</p>",
            "e 1 altro paragrafo:",
            "2 paragrafi · 2 dichiarazioni</p>",
            "1 paragrafo · 1 dichiarazione</p>",
        ),
        ("es", "6 párrafos · 1 declaración</p>", "y 1 párrafo más:", "2 párrafos · 2 declaraciones</p>", "1 párrafo · 1 declaración</p>"),
    ] {
        let theme = page(&c, &format!("{l}/themes/energy/index.html"));
        assert!(theme.contains(energy) && theme.contains(more), "{l}: {theme}");
        assert!(page(&c, &format!("{l}/themes/trade/index.html")).contains(trade), "{l} trade");
        assert!(page(&c, &format!("{l}/parties/uk/index.html")).contains(uk), "{l} uk");
    }
    assert!(
        page(&c, "es/declarations/2023-03-01-c/index.html").contains("En esta versión lingüística falta 1 párrafo de esta declaración:")
    );
    // The search page writes dates the same way.
    let search = page(&c, "es/search/index.html");
    assert!(search.contains("data-months=\"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre\""));
    assert!(search.contains("data-date-format=\"{d} de {m} de {y}\" data-day-one=\"1\""), "{search}");
    assert!(page(&c, "it/search/index.html").contains("data-date-format=\"{d} {m} {y}\" data-day-one=\"1º\""));
    // `check` finds nothing missing.
    let out = bin().args(["check", "--root"]).arg(site.root()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && !stdout.contains("interface strings"), "{stdout}");
}

#[test]
fn init_writes_an_italian_and_spanish_example() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let out = bin().args(["init", "--languages", "it,es"]).arg(&root).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !stderr.contains("in English"), "{stderr}");
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    assert!(yaml.contains("title: { it: \"Dichiarazioni\", es: \"Declaraciones\" }") && yaml.contains("languages: [it, es]"), "{yaml}");
    let out = bin().args(["check", "--root"]).arg(&root).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && !stdout.contains("interface strings"), "{stdout}");
    let c = diptych::compile(&root);
    assert!(crate::support::messages(&c).is_empty(), "{:?}", crate::support::messages(&c));
    let es = page(&c, "es/declarations/2024-01-15-be-nl-example/index.html");
    assert!(es.contains("Declaración de ejemplo de Bélgica y los Países Bajos") && es.contains("15 de enero de 2024"), "{es}");
    assert!(!es.contains("lang=\"en\""), "{es}");
    let it = page(&c, "it/declarations/2024-01-15-be-nl-example/index.html");
    assert!(it.contains("Il Belgio e i Paesi Bassi cooperano") && it.contains("Dichiarazione congiunta"), "{it}");
}

/// The text of a page with the language each piece is in (the nearest `lang` around it;
/// scripts, styles and code left out).
fn texts_by_lang(html: &str) -> Vec<(String, String)> {
    const VOID: [&str; 13] = ["meta", "link", "br", "img", "input", "hr", "source", "wbr", "col", "area", "base", "embed", "track"];
    let mut langs: Vec<(String, String)> = Vec::new(); // (element, its language)
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let text = rest[..open].trim();
        if !text.is_empty() {
            out.push((langs.last().map_or(String::new(), |(_, l)| l.clone()), text.to_string()));
        }
        let end = rest[open..].find('>').map_or(rest.len(), |e| open + e + 1);
        let tag = &rest[open + 1..end - 1];
        rest = &rest[end..];
        if let Some(closing) = tag.strip_prefix('/') {
            if let Some(at) = langs.iter().rposition(|(name, _)| name == closing.trim()) {
                langs.truncate(at);
            }
            continue;
        }
        if tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        let name = tag.split([' ', '\n']).next().unwrap_or("").to_ascii_lowercase();
        // (A page's `<title>` mixes the page's name and the site's: it cannot mark a part.)
        if ["script", "style", "code", "title"].contains(&name.as_str()) && !tag.contains(" id=\"") {
            rest = &rest[rest.find(&format!("</{name}>")).unwrap_or(rest.len())..];
            continue;
        }
        if VOID.contains(&name.as_str()) {
            continue;
        }
        let lang = tag
            .split_once(" lang=\"")
            .map(|(_, v)| v[..v.find('"').unwrap_or(v.len())].to_string())
            .unwrap_or_else(|| langs.last().map_or(String::new(), |(_, l)| l.clone()));
        langs.push((name, lang));
    }
    out
}

#[test]
fn every_interface_string_still_in_english_is_marked_english_headings_labels_and_counts_too() {
    let c = site().compile();
    // English words of the interface that no Portuguese text here has.
    let english = [
        "Original language",
        "Parallel view",
        "paragraph",
        "Paragraph",
        "declarations",
        "Declarations",
        "Themes",
        "Parties",
        "Sub-themes",
        "involved",
        "newest first",
        "French",
        "German",
        "Date",
        "Signatories",
        "Search",
        "Open data",
        "Next",
    ];
    let mut unmarked = Vec::new();
    for path in [
        "pt/index.html",
        "pt/declarations/2024-08-01-a/index.html",
        "pt/declarations/2024-08-01-a/parallel/index.html",
        "pt/themes/energy/index.html",
        "pt/themes/index.html",
        "pt/parties/be/index.html",
        "pt/parties/index.html",
        "pt/search/index.html",
        "pt/data/index.html",
        "pt/years/2024/index.html",
        "pt/kinds/letter/index.html",
    ] {
        let html = page(&c, path);
        for (lang, text) in texts_by_lang(&html) {
            if lang == "pt" && english.iter().any(|w| has_word(&text, w)) {
                unmarked.push(format!("{path}: {text}"));
            }
        }
    }
    assert!(unmarked.is_empty(), "English but marked pt: {unmarked:#?}");
    // The French and German pages, with their own strings, have no English parts.
    for path in ["fr/declarations/2024-08-01-a/index.html", "de/themes/energy/index.html"] {
        assert!(!page(&c, path).contains("lang=\"en\""), "{path}");
    }
}

#[test]
fn french_titles_keep_their_colon_with_their_word() {
    let site = TempSite::new();
    site.languages(&["nl", "fr"], "");
    site.write(
        "content/declarations/2021-01-01-x.nl.md",
        &crate::support::GOOD_NL.replace("title: Goed", "title: \"Verklaring: samenwerking\""),
    );
    site.write(
        "content/declarations/2021-01-01-x.fr.md",
        "---\ntitle: \"Déclaration : « coopération »\"\n---\n\n1. Texte : voir. {§1 #energy @be}\n",
    );
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:?}", crate::support::messages(&c));
    let fr = page(&c, "fr/declarations/2021-01-01-x/index.html");
    assert!(fr.contains("<h1>Déclaration\u{a0}: «\u{a0}coopération\u{a0}»</h1>"), "{fr}");
    assert!(fr.contains("Texte\u{a0}: voir."), "the body too: {}", &fr[fr.find("<div class=\"body\"").unwrap_or(0)..][..400.min(fr.len())]);
    // Dutch is left as written.
    assert!(page(&c, "nl/declarations/2021-01-01-x/index.html").contains("<h1>Verklaring: samenwerking</h1>"));
}
