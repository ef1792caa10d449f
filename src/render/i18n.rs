//! Interface strings in the languages diptych knows (Dutch, English, French, German),
//! overridable and extensible per site through `strings:` in site.yaml. A language
//! with no table of its own falls back to English for the interface.

use crate::model::{Date, Lang, SiteConfig};
use std::collections::BTreeMap;

const KEYS: &[&str] = &[
    "skip", "home", "declarations", "themes", "parties", "years", "kinds", "pages", "language", "languages",
    "date", "place", "kind", "signatories", "source", "publisher", "notes", "original_language", "translation",
    "status_original", "status_official", "status_unofficial", "parallel_view", "single_view", "referred_by",
    "sub_themes", "parent_theme", "most_involved", "blocks", "permalink", "gap", "fallback", "newest_first",
    "declarations_party", "blocks_concerning", "other_blocks", "part_of", "members", "not_found", "not_found_text",
    "all_declarations", "by_year", "by_theme", "by_party", "by_kind", "in_language", "block", "blocks_count",
    "declarations_count", "text_of", "main_nav", "lang_nav", "breadcrumb", "theme_blocks_intro", "themes_of_block",
    "parties_of_block", "also_in", "generated_by", "no_blocks", "kind_state", "kind_region", "kind_organisation",
    "search", "search_label", "search_results", "result_one", "result_many", "no_results", "facet_theme", "facet_party",
    "facet_year", "facet_kind", "facet_lang", "more_results", "search_needs_js", "searching", "clear_filters", "apply_filters",
    "type_to_search", "search_failed", "snapshot_notice", "live_version", "timeline", "matrix", "matrix_desc",
    "matrix_table", "theme_party",
];

fn table(lang: &str) -> Option<&'static [&'static str]> {
    Some(match lang {
        "nl" => &[
            "Naar de inhoud", "Start", "Verklaringen", "Thema's", "Partijen", "Jaren", "Soorten", "Pagina's", "Taal", "Talen",
            "Datum", "Plaats", "Soort", "Ondertekenaars", "Bron", "Uitgever", "Noten van de redactie", "Oorspronkelijke taal", "Vertaling",
            "authentieke tekst", "officiële vertaling", "niet-officiële vertaling", "Parallelle weergave", "Enkele weergave", "Hiernaar verwijzen",
            "Subthema's", "Hoofdthema", "Meest betrokken partijen", "Paragrafen", "Permanente link", "Dit blok ontbreekt in deze taal.", "Deze tekst bestaat niet in het Nederlands; hieronder staat de tekst in de oorspronkelijke taal.", "nieuwste eerst",
            "Verklaringen waarbij deze partij partij is", "Paragrafen over deze partij, per thema", "Zonder thema", "Maakt deel uit van", "Omvat", "Pagina niet gevonden", "Deze pagina bestaat niet (meer). Kies hieronder een ingang.",
            "Alle verklaringen", "Per jaar", "Per thema", "Per partij", "Per soort", "In het", "paragraaf", "paragrafen",
            "verklaringen", "Tekst van", "Hoofdmenu", "Andere talen", "Kruimelpad", "Paragrafen over dit thema of een subthema, per verklaring, nieuwste eerst.", "Thema's van deze paragraaf",
            "Partijen van deze paragraaf", "Ook in", "Gemaakt met diptych", "Nog geen paragrafen.", "staat", "regio", "organisatie",
            "Zoeken", "Zoek in alle paragrafen", "Zoekresultaten", "resultaat", "resultaten", "Geen paragrafen gevonden.", "Thema", "Partij",
            "Jaar", "Soort", "Taal van de tekst", "Meer resultaten", "Zoeken werkt met JavaScript; zonder JavaScript vindt u de verklaringen via de thema's en partijen.", "Bezig met zoeken…", "Filters wissen", "Filters toepassen",
            "Typ een woord om te zoeken.", "De zoekindex kon niet worden geladen.", "Bevroren momentopname van", "Actuele versie online", "Tijdlijn van de verklaringen", "Thema’s en partijen", "Aantal paragrafen per hoofdthema en partij; hoe donkerder, hoe meer.", "Dezelfde cijfers als tabel", "Hoofdthema \\ partij",
        ],
        "en" => &[
            "Skip to content", "Home", "Declarations", "Themes", "Parties", "Years", "Kinds", "Pages", "Language", "Languages",
            "Date", "Place", "Kind", "Signatories", "Source", "Publisher", "Editor's notes", "Original language", "Translation",
            "authentic text", "official translation", "unofficial translation", "Parallel view", "Single view", "Referred to by",
            "Sub-themes", "Parent theme", "Parties most involved", "Paragraphs", "Permalink", "This block is missing in this language.", "This text does not exist in English; the text in its original language is shown below.", "newest first",
            "Declarations this party is party to", "Paragraphs concerning this party, by theme", "Without theme", "Part of", "Includes", "Page not found", "This page does not exist (any more). Choose a way in below.",
            "All declarations", "By year", "By theme", "By party", "By kind", "In", "paragraph", "paragraphs",
            "declarations", "Text of", "Main menu", "Other languages", "Breadcrumb", "Paragraphs on this theme or a sub-theme, by declaration, newest first.", "Themes of this paragraph",
            "Parties of this paragraph", "Also in", "Made with diptych", "No paragraphs yet.", "state", "region", "organisation",
            "Search", "Search all paragraphs", "Search results", "result", "results", "No paragraphs found.", "Theme", "Party",
            "Year", "Kind", "Language of the text", "More results", "Search needs JavaScript; without it, find declarations through the themes and parties.", "Searching…", "Clear filters", "Apply filters",
            "Type a word to search.", "The search index could not be loaded.", "Frozen snapshot of", "Live version", "Timeline of the declarations", "Themes and parties", "Number of paragraphs per main theme and party; the darker, the more.", "The same figures as a table", "Main theme \\ party",
        ],
        "fr" => &[
            "Aller au contenu", "Accueil", "Déclarations", "Thèmes", "Parties", "Années", "Types", "Pages", "Langue", "Langues",
            "Date", "Lieu", "Type", "Signataires", "Source", "Éditeur", "Notes de la rédaction", "Langue originale", "Traduction",
            "texte authentique", "traduction officielle", "traduction non officielle", "Vue parallèle", "Vue simple", "Cité par",
            "Sous-thèmes", "Thème parent", "Parties les plus concernées", "Paragraphes", "Lien permanent", "Ce bloc manque dans cette langue.", "Ce texte n’existe pas en français ; le texte dans sa langue originale figure ci-dessous.", "les plus récentes d’abord",
            "Déclarations auxquelles cette partie est partie", "Paragraphes concernant cette partie, par thème", "Sans thème", "Fait partie de", "Comprend", "Page introuvable", "Cette page n’existe pas (ou plus). Choisissez une entrée ci-dessous.",
            "Toutes les déclarations", "Par année", "Par thème", "Par partie", "Par type", "En", "paragraphe", "paragraphes",
            "déclarations", "Texte de", "Menu principal", "Autres langues", "Fil d’Ariane", "Paragraphes sur ce thème ou un sous-thème, par déclaration, les plus récentes d’abord.", "Thèmes de ce paragraphe",
            "Parties de ce paragraphe", "Aussi en", "Réalisé avec diptych", "Pas encore de paragraphes.", "État", "région", "organisation",
            "Rechercher", "Rechercher dans tous les paragraphes", "Résultats de la recherche", "résultat", "résultats", "Aucun paragraphe trouvé.", "Thème", "Partie",
            "Année", "Type", "Langue du texte", "Plus de résultats", "La recherche nécessite JavaScript ; sans JavaScript, trouvez les déclarations par thème et par partie.", "Recherche…", "Effacer les filtres", "Appliquer les filtres",
            "Tapez un mot pour rechercher.", "L’index de recherche n’a pas pu être chargé.", "Instantané figé du", "Version en ligne", "Chronologie des déclarations", "Thèmes et parties", "Nombre de paragraphes par thème principal et partie ; plus c’est foncé, plus il y en a.", "Les mêmes chiffres en tableau", "Thème principal \\ partie",
        ],
        "de" => &[
            "Zum Inhalt", "Start", "Erklärungen", "Themen", "Parteien", "Jahre", "Arten", "Seiten", "Sprache", "Sprachen",
            "Datum", "Ort", "Art", "Unterzeichner", "Quelle", "Herausgeber", "Anmerkungen der Redaktion", "Originalsprache", "Übersetzung",
            "authentischer Text", "amtliche Übersetzung", "nichtamtliche Übersetzung", "Parallelansicht", "Einzelansicht", "Verwiesen von",
            "Unterthemen", "Oberthema", "Am stärksten beteiligte Parteien", "Absätze", "Permalink", "Dieser Block fehlt in dieser Sprache.", "Diesen Text gibt es nicht auf Deutsch; unten steht der Text in der Originalsprache.", "neueste zuerst",
            "Erklärungen, an denen diese Partei beteiligt ist", "Absätze zu dieser Partei, nach Thema", "Ohne Thema", "Teil von", "Umfasst", "Seite nicht gefunden", "Diese Seite gibt es nicht (mehr). Wählen Sie unten einen Einstieg.",
            "Alle Erklärungen", "Nach Jahr", "Nach Thema", "Nach Partei", "Nach Art", "Auf", "Absatz", "Absätze",
            "Erklärungen", "Text von", "Hauptmenü", "Andere Sprachen", "Brotkrumen", "Absätze zu diesem Thema oder einem Unterthema, nach Erklärung, neueste zuerst.", "Themen dieses Absatzes",
            "Parteien dieses Absatzes", "Auch auf", "Erstellt mit diptych", "Noch keine Absätze.", "Staat", "Region", "Organisation",
            "Suche", "Alle Absätze durchsuchen", "Suchergebnisse", "Ergebnis", "Ergebnisse", "Keine Absätze gefunden.", "Thema", "Partei",
            "Jahr", "Art", "Sprache des Textes", "Mehr Ergebnisse", "Die Suche braucht JavaScript; ohne JavaScript finden Sie die Erklärungen über Themen und Parteien.", "Suche läuft…", "Filter löschen", "Filter anwenden",
            "Geben Sie ein Wort ein.", "Der Suchindex konnte nicht geladen werden.", "Eingefrorener Stand vom", "Aktuelle Fassung", "Zeitleiste der Erklärungen", "Themen und Parteien", "Zahl der Absätze je Hauptthema und Partei; je dunkler, desto mehr.", "Dieselben Zahlen als Tabelle", "Hauptthema \\ Partei",
        ],
        _ => return None,
    })
}

/// Month names, for dates in running text.
fn months(lang: &str) -> [&'static str; 12] {
    match lang {
        "nl" => ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
        "fr" => ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        "de" => ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        _ => ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    }
}

/// Names of languages, in the language of the page (`in_lang`) or in their own.
pub fn language_name(code: &str, in_lang: &str) -> String {
    let names: &[(&str, [&str; 5])] = &[
        // code: [own, nl, en, fr, de]
        ("nl", ["Nederlands", "Nederlands", "Dutch", "néerlandais", "Niederländisch"]),
        ("en", ["English", "Engels", "English", "anglais", "Englisch"]),
        ("fr", ["Français", "Frans", "French", "français", "Französisch"]),
        ("de", ["Deutsch", "Duits", "German", "allemand", "Deutsch"]),
        ("lb", ["Lëtzebuergesch", "Luxemburgs", "Luxembourgish", "luxembourgeois", "Luxemburgisch"]),
        ("es", ["Español", "Spaans", "Spanish", "espagnol", "Spanisch"]),
        ("it", ["Italiano", "Italiaans", "Italian", "italien", "Italienisch"]),
    ];
    let col = match in_lang {
        "self" => 0,
        "nl" => 1,
        "en" => 2,
        "fr" => 3,
        "de" => 4,
        _ => 2,
    };
    match names.iter().find(|(c, _)| *c == code) {
        Some((_, n)) => n[col].to_string(),
        None => code.to_string(),
    }
}

pub fn own_language_name(code: &str) -> String {
    language_name(code, "self")
}

/// Labels of the document kinds of the content format; other kinds are shown as
/// their id with the first letter capitalised.
pub fn kind_label(kind: &str, lang: &str) -> String {
    let known: &[(&str, [&str; 4])] = &[
        // kind: [nl, en, fr, de]
        ("joint-declaration", ["Gemeenschappelijke verklaring", "Joint declaration", "Déclaration commune", "Gemeinsame Erklärung"]),
        ("letter", ["Brief", "Letter", "Lettre", "Schreiben"]),
        ("summit-declaration", ["Topverklaring", "Summit declaration", "Déclaration de sommet", "Gipfelerklärung"]),
        ("annual-plan", ["Jaarplan", "Annual plan", "Plan annuel", "Jahresplan"]),
        ("press-release", ["Persbericht", "Press release", "Communiqué de presse", "Pressemitteilung"]),
        ("treaty", ["Verdrag", "Treaty", "Traité", "Vertrag"]),
        ("memorandum", ["Memorandum van overeenstemming", "Memorandum of understanding", "Protocole d’accord", "Absichtserklärung"]),
    ];
    let col = match lang {
        "nl" => 0,
        "fr" => 2,
        "de" => 3,
        _ => 1,
    };
    match known.iter().find(|(k, _)| *k == kind) {
        Some((_, l)) => l[col].to_string(),
        None => {
            let s = kind.replace('-', " ");
            let mut c = s.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        }
    }
}

/// Interface strings for one language.
#[derive(Clone, Debug)]
pub struct Strings {
    pub lang: Lang,
    map: BTreeMap<String, String>,
    /// The language the interface text is actually in (English when the site language
    /// has no table), so templates can mark it with `lang`.
    pub ui_lang: Lang,
}

impl Strings {
    pub fn new(lang: &Lang, config: &SiteConfig) -> Strings {
        let (values, ui_lang) = match table(lang.as_str()) {
            Some(t) => (t, lang.clone()),
            None => (table("en").expect("English strings"), Lang("en".into())),
        };
        let mut map: BTreeMap<String, String> = KEYS.iter().zip(values.iter()).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let overridden = config.strings.get(lang).is_some_and(|t| !t.is_empty());
        if let Some(extra) = config.strings.get(lang) {
            for (k, v) in extra {
                map.insert(k.clone(), v.clone());
            }
        }
        Strings { lang: lang.clone(), map, ui_lang: if overridden { lang.clone() } else { ui_lang } }
    }

    pub fn get<'s>(&'s self, key: &'s str) -> &'s str {
        self.map.get(key).map(String::as_str).unwrap_or(key)
    }

    pub fn all(&self) -> &BTreeMap<String, String> {
        &self.map
    }

    pub fn date(&self, d: &Date) -> String {
        let m = months(self.ui_lang.as_str())[(d.month - 1) as usize];
        match self.ui_lang.as_str() {
            "en" => format!("{} {m} {}", d.day, d.year),
            "de" => format!("{}. {m} {}", d.day, d.year),
            _ => format!("{} {m} {}", d.day, d.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_every_key() {
        for l in ["nl", "en", "fr", "de"] {
            assert_eq!(table(l).unwrap().len(), KEYS.len(), "{l}");
        }
    }

    #[test]
    fn names_and_dates() {
        assert_eq!(language_name("en", "nl"), "Engels");
        assert_eq!(own_language_name("fr"), "Français");
        assert_eq!(kind_label("annual-plan", "nl"), "Jaarplan");
        assert_eq!(kind_label("exchange-of-notes", "en"), "Exchange of notes");
        let config = SiteConfig {
            title: Default::default(),
            description: Default::default(),
            base_url: "https://x/".into(),
            languages: vec![Lang("nl".into())],
            theme: "default".into(),
            strings: Default::default(),
            pretty_urls: false,
            organization: None,
            identifier: None,
        };
        let s = Strings::new(&Lang("nl".into()), &config);
        assert_eq!(s.date(&Date { year: 2021, month: 11, day: 30 }), "30 november 2021");
        let pt = Strings::new(&Lang("pt".into()), &config);
        assert_eq!(pt.ui_lang.as_str(), "en");
    }
}
