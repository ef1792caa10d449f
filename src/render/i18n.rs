//! Interface strings in the languages diptych knows (Dutch, English, French, German,
//! Italian, Spanish),
//! overridable and extensible per site through `strings:` in site.yaml. A language
//! with no table of its own falls back to English for the interface.

use crate::model::primary_language as primary;
use crate::model::{Date, Lang, SiteConfig};
use std::collections::{BTreeMap, BTreeSet};

const KEYS: &[&str] = &[
    "skip",
    "home",
    "declarations",
    "themes",
    "parties",
    "years",
    "kinds",
    "pages",
    "language",
    "languages",
    "date",
    "place",
    "kind",
    "signatories",
    "source",
    "publisher",
    "notes",
    "original_language",
    "translation",
    "status_original",
    "status_official",
    "status_unofficial",
    "parallel_view",
    "single_view",
    "referred_by",
    "sub_themes",
    "parent_theme",
    "most_involved",
    "blocks",
    "permalink",
    "gap",
    "fallback",
    "newest_first",
    "declarations_party",
    "blocks_concerning",
    "other_blocks",
    "part_of",
    "members",
    "not_found",
    "not_found_text",
    "all_declarations",
    "by_year",
    "by_theme",
    "by_party",
    "by_kind",
    "in_language",
    "block",
    "blocks_count",
    "declarations_count",
    "text_of",
    "main_nav",
    "lang_nav",
    "breadcrumb",
    "theme_blocks_intro",
    "themes_of_block",
    "parties_of_block",
    "also_in",
    "generated_by",
    "no_blocks",
    "kind_state",
    "kind_region",
    "kind_organisation",
    "search",
    "search_label",
    "search_results",
    "result_one",
    "result_many",
    "no_results",
    "facet_theme",
    "facet_party",
    "facet_year",
    "facet_kind",
    "facet_lang",
    "more_results",
    "search_needs_js",
    "searching",
    "clear_filters",
    "apply_filters",
    "type_to_search",
    "search_failed",
    "snapshot_notice",
    "live_version",
    "timeline",
    "matrix",
    "matrix_desc",
    "matrix_table",
    "theme_party",
    "pagination",
    "previous_page",
    "next_page",
    "page_n_of",
    "party_blocks_intro",
    "themes_of_party",
    "more_paragraphs",
    "more_paragraphs_one",
    "declarations_count_one",
    "colon",
    "open_data",
    "atom_feed",
    "data_intro",
    "files",
    "file",
    "format",
    "content",
    "data_collection",
    "data_csv",
    "data_feed",
    "data_sitemap",
    "search_capped",
    "search_capped_none",
    "months",
    "date_format",
    "day_one",
    "missing_blocks",
    "missing_blocks_one",
    "theme_title",
    "party_title",
    "license",
    "fields",
    "footnotes",
    "results_elsewhere",
    "search_everywhere",
    "names_per_language",
    "parallel_missing",
];

fn table(lang: &str) -> Option<&'static [&'static str]> {
    Some(match primary(lang) {
        "nl" => &[
            "Naar de inhoud",
            "Start",
            "Verklaringen",
            "Thema's",
            "Partijen",
            "Jaren",
            "Soorten",
            "Pagina's",
            "Taal",
            "Talen",
            "Datum",
            "Plaats",
            "Soort",
            "Ondertekenaars",
            "Bron",
            "Uitgever",
            "Noten van de redactie",
            "Oorspronkelijke taal",
            "Versie",
            "authentieke tekst",
            "officiële vertaling",
            "niet-officiële vertaling",
            "Parallelle weergave",
            "Enkele weergave",
            "Hiernaar verwijzen",
            "Subthema's",
            "Hoofdthema",
            "Meest betrokken partijen",
            "Paragrafen",
            "Permanente link",
            "Dit blok ontbreekt in deze taal.",
            "Deze tekst bestaat niet in het Nederlands; hieronder staat de tekst in de oorspronkelijke taal.",
            "nieuwste eerst",
            "Verklaringen waarbij deze partij partij is",
            "Paragrafen over deze partij",
            "Zonder thema",
            "Maakt deel uit van",
            "Omvat",
            "Pagina niet gevonden",
            "Deze pagina bestaat niet (meer). Kies hieronder een ingang.",
            "Alle verklaringen",
            "Per jaar",
            "Per thema",
            "Per partij",
            "Per soort",
            "In het",
            "paragraaf",
            "paragrafen",
            "verklaringen",
            "Tekst van",
            "Hoofdmenu",
            "Andere talen",
            "Kruimelpad",
            "Paragrafen over dit thema of een subthema, per verklaring, nieuwste eerst.",
            "Thema's van deze paragraaf",
            "Partijen van deze paragraaf",
            "Ook in",
            "Gemaakt met diptych",
            "Nog geen paragrafen.",
            "staat",
            "regio",
            "organisatie",
            "Zoeken",
            "Zoek in alle paragrafen",
            "Zoekresultaten",
            "resultaat",
            "resultaten",
            "Geen paragrafen gevonden.",
            "Thema",
            "Partij",
            "Jaar",
            "Soort",
            "Taal van de tekst",
            "Meer resultaten",
            "Zoeken werkt met JavaScript; zonder JavaScript vindt u de verklaringen via de thema's en partijen.",
            "Bezig met zoeken…",
            "Filters wissen",
            "Filters toepassen",
            "Typ een woord om te zoeken.",
            "De zoekindex kon niet worden geladen.",
            "Bevroren momentopname van",
            "Actuele versie online",
            "Tijdlijn van de verklaringen",
            "Thema's en partijen",
            "Aantal paragrafen per hoofdthema en partij; hoe donkerder, hoe meer.",
            "Dezelfde cijfers als tabel",
            "Hoofdthema \\ partij",
            "Paginering",
            "Vorige pagina",
            "Volgende pagina",
            "pagina {n} van {total}",
            "Verklaringen waarbij deze partij partij is of waarvan paragrafen over haar gaan, nieuwste eerst, met die paragrafen.",
            "Thema's van deze paragrafen",
            "en nog {n} paragrafen:",
            "en nog {n} paragraaf:",
            "verklaring",
            ":",
            "Open data",
            "Atom-feed",
            "Alle verklaringen, hun vertalingen, paragraafnummers en annotaties zijn als open data beschikbaar onder vaste URL's. De veldnamen veranderen niet; ze staan hieronder.",
            "Bestanden",
            "Bestand",
            "Formaat",
            "Inhoud",
            "de hele collectie: thema's, partijen en elke verklaring met haar vertalingen (titels, status, URL's; de paragrafen staan in de JSON van elke verklaring en in blocks.csv)",
            "één rij per paragraaf en taal: declaration, date, kind, language, block, position, themes, parties, url, text (thema's en partijen gescheiden door puntkomma's)",
            "nieuwste verklaringen; elke thema- en partijpagina heeft een eigen feed",
            "elke pagina, met haar versies in de andere talen",
            "{n} of meer resultaten; alleen de beste worden getoond: voeg een woord of een filter toe",
            "Geen van de beste resultaten per woord bevat alle woorden; er kunnen er meer zijn: probeer minder of zeldzamere woorden",
            "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december",
            "{d} {m} {y}",
            "1",
            "{n} paragrafen van deze verklaring ontbreken in deze taalversie:",
            "1 paragraaf van deze verklaring ontbreekt in deze taalversie:",
            "Thema: {label}",
            "Partij: {label}",
            "Licentie",
            "Velden",
            "Voetnoten",
            "Wel gevonden in andere talen:",
            "Zoek in alle talen",
            "waar per taal gegeven",
            "Deze verklaring heeft geen tekst in deze taal; hieronder staan de teksten die ze heeft.",
        ],
        "en" => &[
            "Skip to content",
            "Home",
            "Declarations",
            "Themes",
            "Parties",
            "Years",
            "Kinds",
            "Pages",
            "Language",
            "Languages",
            "Date",
            "Place",
            "Kind",
            "Signatories",
            "Source",
            "Publisher",
            "Editor's notes",
            "Original language",
            "Version",
            "authentic text",
            "official translation",
            "unofficial translation",
            "Parallel view",
            "Single view",
            "Referred to by",
            "Sub-themes",
            "Parent theme",
            "Parties most involved",
            "Paragraphs",
            "Permalink",
            "This block is missing in this language.",
            "This text does not exist in {language}; the text in its original language is shown below.",
            "newest first",
            "Declarations this party is party to",
            "Paragraphs concerning this party",
            "Without theme",
            "Part of",
            "Includes",
            "Page not found",
            "This page does not exist (any more). Choose a way in below.",
            "All declarations",
            "By year",
            "By theme",
            "By party",
            "By kind",
            "In",
            "paragraph",
            "paragraphs",
            "declarations",
            "Text of",
            "Main menu",
            "Other languages",
            "Breadcrumb",
            "Paragraphs on this theme or a sub-theme, by declaration, newest first.",
            "Themes of this paragraph",
            "Parties of this paragraph",
            "Also in",
            "Made with diptych",
            "No paragraphs yet.",
            "state",
            "region",
            "organisation",
            "Search",
            "Search all paragraphs",
            "Search results",
            "result",
            "results",
            "No paragraphs found.",
            "Theme",
            "Party",
            "Year",
            "Kind",
            "Language of the text",
            "More results",
            "Search needs JavaScript; without it, find declarations through the themes and parties.",
            "Searching…",
            "Clear filters",
            "Apply filters",
            "Type a word to search.",
            "The search index could not be loaded.",
            "Frozen snapshot of",
            "Live version",
            "Timeline of the declarations",
            "Themes and parties",
            "Number of paragraphs per main theme and party; the darker, the more.",
            "The same figures as a table",
            "Main theme \\ party",
            "Pagination",
            "Previous page",
            "Next page",
            "page {n} of {total}",
            "Declarations this party is a party to or that have paragraphs concerning it, newest first, with those paragraphs.",
            "Themes of these paragraphs",
            "and {n} more paragraphs:",
            "and {n} more paragraph:",
            "declaration",
            ":",
            "Open data",
            "Atom feed",
            "All declarations, their translations, block ids and annotations are published as open data under stable URLs. Field names are stable; they are listed below.",
            "Files",
            "File",
            "Format",
            "Content",
            "the whole collection: themes, parties and every declaration with its translations (titles, status, URLs; the blocks are in each declaration's own JSON and in blocks.csv)",
            "one row per block and language: declaration, date, kind, language, block, position, themes, parties, url, text (themes and parties separated by semicolons)",
            "newest declarations; every theme and party page has its own feed",
            "every page, with its language alternates",
            "{n} or more results; only the best are shown: add a word or a facet",
            "None of the best results for each word has them all; there may be more: try fewer or rarer words",
            "January|February|March|April|May|June|July|August|September|October|November|December",
            "{d} {m} {y}",
            "1",
            "{n} paragraphs of this declaration are missing from this language version:",
            "1 paragraph of this declaration is missing from this language version:",
            "Theme: {label}",
            "Party: {label}",
            "Licence",
            "Fields",
            "Footnotes",
            "Found in other languages:",
            "Search every language",
            "where given per language",
            "This declaration has no text in this language; the texts it has are below.",
        ],
        "fr" => &[
            "Aller au contenu",
            "Accueil",
            "Déclarations",
            "Thèmes",
            "Parties",
            "Années",
            "Types",
            "Pages",
            "Langue",
            "Langues",
            "Date",
            "Lieu",
            "Type",
            "Signataires",
            "Source",
            "Éditeur",
            "Notes de la rédaction",
            "Langue originale",
            "Version",
            "texte authentique",
            "traduction officielle",
            "traduction non officielle",
            "Vue parallèle",
            "Vue simple",
            "Cité par",
            "Sous-thèmes",
            "Thème parent",
            "Parties les plus concernées",
            "Paragraphes",
            "Lien permanent",
            "Ce bloc manque dans cette langue.",
            "Ce texte n’existe pas en français ; le texte dans sa langue originale figure ci-dessous.",
            "les plus récentes d’abord",
            "Déclarations auxquelles cette partie est partie",
            "Paragraphes concernant cette partie",
            "Sans thème",
            "Fait partie de",
            "Comprend",
            "Page introuvable",
            "Cette page n’existe pas (ou plus). Choisissez une entrée ci-dessous.",
            "Toutes les déclarations",
            "Par année",
            "Par thème",
            "Par partie",
            "Par type",
            "En",
            "paragraphe",
            "paragraphes",
            "déclarations",
            "Texte de",
            "Menu principal",
            "Autres langues",
            "Fil d’Ariane",
            "Paragraphes sur ce thème ou un sous-thème, par déclaration, les plus récentes d’abord.",
            "Thèmes de ce paragraphe",
            "Parties de ce paragraphe",
            "Aussi en",
            "Réalisé avec diptych",
            "Pas encore de paragraphes.",
            "État",
            "région",
            "organisation",
            "Rechercher",
            "Rechercher dans tous les paragraphes",
            "Résultats de la recherche",
            "résultat",
            "résultats",
            "Aucun paragraphe trouvé.",
            "Thème",
            "Partie",
            "Année",
            "Type",
            "Langue du texte",
            "Plus de résultats",
            "La recherche nécessite JavaScript ; sans JavaScript, trouvez les déclarations par thème et par partie.",
            "Recherche…",
            "Effacer les filtres",
            "Appliquer les filtres",
            "Tapez un mot pour rechercher.",
            "L’index de recherche n’a pas pu être chargé.",
            "Instantané figé du",
            "Version en ligne",
            "Chronologie des déclarations",
            "Thèmes et parties",
            "Nombre de paragraphes par thème principal et partie ; plus c’est foncé, plus il y en a.",
            "Les mêmes chiffres en tableau",
            "Thème principal \\ partie",
            "Pagination",
            "Page précédente",
            "Page suivante",
            "page {n} sur {total}",
            "Déclarations auxquelles cette partie est partie ou dont des paragraphes la concernent, les plus récentes d’abord, avec ces paragraphes.",
            "Thèmes de ces paragraphes",
            "et {n} autres paragraphes :",
            "et {n} autre paragraphe :",
            "déclaration",
            " :",
            "Données ouvertes",
            "Flux Atom",
            "Toutes les déclarations, leurs traductions, les identifiants de paragraphe et les annotations sont publiés en données ouvertes à des URL stables. Les noms des champs sont stables ; ils sont listés ci-dessous.",
            "Fichiers",
            "Fichier",
            "Format",
            "Contenu",
            "toute la collection : thèmes, parties et chaque déclaration avec ses traductions (titres, statut, URL ; les paragraphes sont dans le JSON de chaque déclaration et dans blocks.csv)",
            "une ligne par paragraphe et par langue : declaration, date, kind, language, block, position, themes, parties, url, text (thèmes et parties séparés par des points-virgules)",
            "les déclarations les plus récentes ; chaque page de thème et de partie a son propre flux",
            "toutes les pages, avec leurs versions dans les autres langues",
            "{n} résultats ou plus ; seuls les meilleurs sont montrés : ajoutez un mot ou un filtre",
            "Aucun des meilleurs résultats par mot ne contient tous les mots ; il peut y en avoir d’autres : essayez moins de mots ou des mots plus rares",
            "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
            "{d} {m} {y}",
            "1er",
            "{n} paragraphes de cette déclaration manquent dans cette version linguistique :",
            "1 paragraphe de cette déclaration manque dans cette version linguistique :",
            "Thème : {label}",
            "Partie : {label}",
            "Licence",
            "Champs",
            "Notes de bas de page",
            "Trouvé dans d’autres langues\u{202F}:",
            "Chercher dans toutes les langues",
            "s’ils sont donnés par langue",
            "Cette déclaration n’a pas de texte dans cette langue\u{202F}; ses textes figurent ci-dessous.",
        ],
        "de" => &[
            "Zum Inhalt",
            "Start",
            "Erklärungen",
            "Themen",
            "Parteien",
            "Jahre",
            "Arten",
            "Seiten",
            "Sprache",
            "Sprachen",
            "Datum",
            "Ort",
            "Art",
            "Unterzeichner",
            "Quelle",
            "Herausgeber",
            "Anmerkungen der Redaktion",
            "Originalsprache",
            "Fassung",
            "authentischer Text",
            "amtliche Übersetzung",
            "nichtamtliche Übersetzung",
            "Parallelansicht",
            "Einzelansicht",
            "Verwiesen von",
            "Unterthemen",
            "Oberthema",
            "Am stärksten beteiligte Parteien",
            "Absätze",
            "Permalink",
            "Dieser Block fehlt in dieser Sprache.",
            "Diesen Text gibt es nicht auf Deutsch; unten steht der Text in der Originalsprache.",
            "neueste zuerst",
            "Erklärungen, an denen diese Partei beteiligt ist",
            "Absätze zu dieser Partei",
            "Ohne Thema",
            "Teil von",
            "Umfasst",
            "Seite nicht gefunden",
            "Diese Seite gibt es nicht (mehr). Wählen Sie unten einen Einstieg.",
            "Alle Erklärungen",
            "Nach Jahr",
            "Nach Thema",
            "Nach Partei",
            "Nach Art",
            "Auf",
            "Absatz",
            "Absätze",
            "Erklärungen",
            "Text von",
            "Hauptmenü",
            "Andere Sprachen",
            "Brotkrumen",
            "Absätze zu diesem Thema oder einem Unterthema, nach Erklärung, neueste zuerst.",
            "Themen dieses Absatzes",
            "Parteien dieses Absatzes",
            "Auch auf",
            "Erstellt mit diptych",
            "Noch keine Absätze.",
            "Staat",
            "Region",
            "Organisation",
            "Suche",
            "Alle Absätze durchsuchen",
            "Suchergebnisse",
            "Ergebnis",
            "Ergebnisse",
            "Keine Absätze gefunden.",
            "Thema",
            "Partei",
            "Jahr",
            "Art",
            "Sprache des Textes",
            "Mehr Ergebnisse",
            "Die Suche braucht JavaScript; ohne JavaScript finden Sie die Erklärungen über Themen und Parteien.",
            "Suche läuft…",
            "Filter löschen",
            "Filter anwenden",
            "Geben Sie ein Wort ein.",
            "Der Suchindex konnte nicht geladen werden.",
            "Eingefrorener Stand vom",
            "Aktuelle Fassung",
            "Zeitleiste der Erklärungen",
            "Themen und Parteien",
            "Zahl der Absätze je Hauptthema und Partei; je dunkler, desto mehr.",
            "Dieselben Zahlen als Tabelle",
            "Hauptthema \\ Partei",
            "Seitennavigation",
            "Vorherige Seite",
            "Nächste Seite",
            "Seite {n} von {total}",
            "Erklärungen, an denen diese Partei beteiligt ist oder deren Absätze sie betreffen, neueste zuerst, mit diesen Absätzen.",
            "Themen dieser Absätze",
            "und {n} weitere Absätze:",
            "und {n} weiterer Absatz:",
            "Erklärung",
            ":",
            "Offene Daten",
            "Atom-Feed",
            "Alle Erklärungen, ihre Übersetzungen, Absatzkennungen und Annotationen werden als offene Daten unter festen URLs veröffentlicht. Die Feldnamen sind stabil; sie stehen unten.",
            "Dateien",
            "Datei",
            "Format",
            "Inhalt",
            "die ganze Sammlung: Themen, Parteien und jede Erklärung mit ihren Übersetzungen (Titel, Status, URLs; die Absätze stehen im JSON jeder Erklärung und in blocks.csv)",
            "eine Zeile je Absatz und Sprache: declaration, date, kind, language, block, position, themes, parties, url, text (Themen und Parteien durch Semikolons getrennt)",
            "neueste Erklärungen; jede Themen- und Parteiseite hat einen eigenen Feed",
            "jede Seite, mit ihren Fassungen in den anderen Sprachen",
            "{n} oder mehr Ergebnisse; nur die besten werden gezeigt: fügen Sie ein Wort oder einen Filter hinzu",
            "Keines der besten Ergebnisse je Wort enthält alle Wörter; es kann weitere geben: versuchen Sie weniger oder seltenere Wörter",
            "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember",
            "{d}. {m} {y}",
            "1",
            "{n} Absätze dieser Erklärung fehlen in dieser Sprachfassung:",
            "1 Absatz dieser Erklärung fehlt in dieser Sprachfassung:",
            "Thema: {label}",
            "Partei: {label}",
            "Lizenz",
            "Felder",
            "Fußnoten",
            "Gefunden in anderen Sprachen:",
            "In allen Sprachen suchen",
            "wo je Sprache angegeben",
            "Diese Erklärung hat keinen Text in dieser Sprache; ihre Texte stehen unten.",
        ],
        "it" => &[
            "Vai al contenuto",
            "Pagina iniziale",
            "Dichiarazioni",
            "Temi",
            "Parti",
            "Anni",
            "Tipologie",
            "Pagine",
            "Lingua",
            "Lingue",
            "Data",
            "Luogo",
            "Tipologia",
            "Firmatari",
            "Fonte",
            "Pubblicato da",
            "Note redazionali",
            "Lingua originale",
            "Versione",
            "testo autentico",
            "traduzione ufficiale",
            "traduzione non ufficiale",
            "Vista parallela",
            "Vista singola",
            "Riferimenti a questa dichiarazione",
            "Sottotemi",
            "Tema superiore",
            "Parti più coinvolte",
            "Paragrafi",
            "Link permanente",
            "Questa parte del testo manca in questa lingua.",
            "Questo testo non è disponibile in italiano; di seguito è riportato il testo nella lingua originale.",
            "dalle più recenti",
            "Dichiarazioni sottoscritte da questa parte",
            "Paragrafi riguardanti questa parte",
            "Senza tema",
            "Fa parte di",
            "Comprende",
            "Pagina non trovata",
            "Questa pagina non esiste (più). Di seguito i principali punti di accesso.",
            "Tutte le dichiarazioni",
            "Per anno",
            "Per tema",
            "Per parte",
            "Per tipologia",
            "In",
            "paragrafo",
            "paragrafi",
            "dichiarazioni",
            "Testo di",
            "Menu principale",
            "Altre lingue",
            "Percorso di navigazione",
            "Paragrafi relativi a questo tema o a un sottotema, per dichiarazione, dalle più recenti.",
            "Temi di questo paragrafo",
            "Parti cui si riferisce questo paragrafo",
            "Anche in",
            "Realizzato con diptych",
            "Non ci sono ancora paragrafi.",
            "Stato",
            "regione",
            "organizzazione",
            "Cerca",
            "Cerca in tutti i paragrafi",
            "Risultati della ricerca",
            "risultato",
            "risultati",
            "Nessun paragrafo trovato.",
            "Tema",
            "Parte",
            "Anno",
            "Tipologia",
            "Lingua del testo",
            "Altri risultati",
            "La ricerca richiede JavaScript; senza JavaScript è possibile trovare le dichiarazioni tramite i temi e le parti.",
            "Ricerca in corso…",
            "Rimuovi filtri",
            "Applica filtri",
            "Digitare una parola per avviare la ricerca.",
            "Impossibile caricare l’indice di ricerca.",
            "Copia statica in data",
            "Versione online",
            "Cronologia delle dichiarazioni",
            "Temi e parti",
            "Numero di paragrafi per tema principale e parte; più scuro è il colore, più numerosi sono i paragrafi.",
            "Gli stessi dati in forma di tabella",
            "Tema principale \\ parte",
            "Paginazione",
            "Pagina precedente",
            "Pagina successiva",
            "pagina {n} di {total}",
            "Dichiarazioni sottoscritte da questa parte o con paragrafi che la riguardano, dalle più recenti, con tali paragrafi.",
            "Temi di questi paragrafi",
            "e altri {n} paragrafi:",
            "e {n} altro paragrafo:",
            "dichiarazione",
            ":",
            "Dati aperti",
            "Feed Atom",
            "Tutte le dichiarazioni, le relative traduzioni, gli identificativi dei paragrafi e le annotazioni sono pubblicati come dati aperti a URL stabili. I nomi dei campi non cambiano; sono elencati di seguito.",
            "File",
            "File",
            "Formato",
            "Contenuto",
            "l’intera raccolta: temi, parti e ogni dichiarazione con le relative traduzioni (titoli, stato, URL; i paragrafi si trovano nel JSON di ciascuna dichiarazione e in blocks.csv)",
            "una riga per paragrafo e lingua: declaration, date, kind, language, block, position, themes, parties, url, text (temi e parti separati da punto e virgola)",
            "le dichiarazioni più recenti; ogni pagina di tema e di parte ha un proprio feed",
            "ogni pagina, con le sue versioni nelle altre lingue",
            "{n} o più risultati; sono mostrati solo i migliori: aggiungere una parola o un filtro",
            "Nessuno dei migliori risultati per ciascuna parola le contiene tutte; potrebbero essercene altri: provare con meno parole o con parole meno frequenti",
            "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre",
            "{d} {m} {y}",
            "1º",
            "In questa versione linguistica mancano {n} paragrafi di questa dichiarazione:",
            "In questa versione linguistica manca 1 paragrafo di questa dichiarazione:",
            "Tema: {label}",
            "Parte: {label}",
            "Licenza",
            "Campi",
            "Note a piè di pagina",
            "Trovato in altre lingue:",
            "Cerca in tutte le lingue",
            "dove indicati per lingua",
            "Questa dichiarazione non ha un testo in questa lingua; i suoi testi sono riportati qui sotto.",
        ],
        "es" => &[
            "Ir al contenido",
            "Inicio",
            "Declaraciones",
            "Temas",
            "Partes",
            "Años",
            "Tipos",
            "Páginas",
            "Idioma",
            "Idiomas",
            "Fecha",
            "Lugar",
            "Tipo",
            "Firmantes",
            "Fuente",
            "Publicado por",
            "Notas de la redacción",
            "Idioma original",
            "Versión",
            "texto auténtico",
            "traducción oficial",
            "traducción no oficial",
            "Vista paralela",
            "Vista simple",
            "Referencias a esta declaración",
            "Subtemas",
            "Tema superior",
            "Partes más implicadas",
            "Párrafos",
            "Enlace permanente",
            "Esta parte del texto falta en este idioma.",
            "Este texto no está disponible en español; a continuación figura el texto en su idioma original.",
            "las más recientes primero",
            "Declaraciones suscritas por esta parte",
            "Párrafos relativos a esta parte",
            "Sin tema",
            "Forma parte de",
            "Comprende",
            "Página no encontrada",
            "Esta página no existe o ya no está disponible. Elija a continuación un punto de acceso.",
            "Todas las declaraciones",
            "Por año",
            "Por tema",
            "Por parte",
            "Por tipo",
            "En",
            "párrafo",
            "párrafos",
            "declaraciones",
            "Texto de",
            "Menú principal",
            "Otros idiomas",
            "Ruta de navegación",
            "Párrafos sobre este tema o un subtema, por declaración, empezando por las más recientes.",
            "Temas de este párrafo",
            "Partes a las que se refiere este párrafo",
            "También en",
            "Generado con diptych",
            "Todavía no hay párrafos.",
            "Estado",
            "región",
            "organización",
            "Buscar",
            "Buscar en todos los párrafos",
            "Resultados de la búsqueda",
            "resultado",
            "resultados",
            "No se han encontrado párrafos.",
            "Tema",
            "Parte",
            "Año",
            "Tipo",
            "Idioma del texto",
            "Más resultados",
            "La búsqueda requiere JavaScript; sin JavaScript, puede encontrar las declaraciones a través de los temas y las partes.",
            "Buscando…",
            "Borrar filtros",
            "Aplicar filtros",
            "Escriba una palabra para buscar.",
            "No se ha podido cargar el índice de búsqueda.",
            "Copia estática del",
            "Versión en línea",
            "Cronología de las declaraciones",
            "Temas y partes",
            "Número de párrafos por tema principal y parte; cuanto más oscuro, más párrafos.",
            "Las mismas cifras en forma de tabla",
            "Tema principal \\ parte",
            "Paginación",
            "Página anterior",
            "Página siguiente",
            "página {n} de {total}",
            "Declaraciones suscritas por esta parte o con párrafos que se refieren a ella, empezando por las más recientes, con dichos párrafos.",
            "Temas de estos párrafos",
            "y {n} párrafos más:",
            "y {n} párrafo más:",
            "declaración",
            ":",
            "Datos abiertos",
            "Canal Atom",
            "Todas las declaraciones, sus traducciones, los identificadores de párrafo y las anotaciones se publican como datos abiertos en URL estables. Los nombres de los campos no cambian; se enumeran a continuación.",
            "Archivos",
            "Archivo",
            "Formato",
            "Contenido",
            "toda la colección: temas, partes y cada declaración con sus traducciones (títulos, estado, URL; los párrafos figuran en el JSON de cada declaración y en blocks.csv)",
            "una fila por párrafo e idioma: declaration, date, kind, language, block, position, themes, parties, url, text (temas y partes separados por punto y coma)",
            "las declaraciones más recientes; cada página de tema y de parte tiene su propio canal",
            "cada página, con sus versiones en los demás idiomas",
            "{n} resultados o más; solo se muestran los mejores: añada una palabra o un filtro",
            "Ninguno de los mejores resultados de cada palabra las contiene todas; puede haber más: pruebe con menos palabras o con palabras menos frecuentes",
            "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre",
            "{d} de {m} de {y}",
            "1",
            "En esta versión lingüística faltan {n} párrafos de esta declaración:",
            "En esta versión lingüística falta 1 párrafo de esta declaración:",
            "Tema: {label}",
            "Parte: {label}",
            "Licencia",
            "Campos",
            "Notas al pie",
            "Encontrado en otros idiomas:",
            "Buscar en todos los idiomas",
            "cuando se dan por idioma",
            "Esta declaración no tiene texto en este idioma; sus textos figuran a continuación.",
        ],
        _ => return None,
    })
}

/// The name of a language in its own language, as it is written in running text
/// ("italiano", "Deutsch"); the code itself for a language not listed.
pub fn endonym(code: &str) -> String {
    match primary(code) {
        // Names these languages write in lowercase within a sentence.
        "fr" => "français".into(),
        "es" => "español".into(),
        "it" => "italiano".into(),
        "pt" => "português".into(),
        "da" => "dansk".into(),
        "sv" => "svenska".into(),
        "pl" => "polski".into(),
        "cs" => "čeština".into(),
        _ => language_name(code, "self"),
    }
}

/// Whether a count `n` takes the singular (`…_one`) form of a string in `lang`: in
/// French 0 and 1 do ("0 paragraphe"), elsewhere (Dutch, English, German, Italian,
/// Spanish…) only 1 ("0 paragrafi", "0 párrafos").
pub fn is_one(lang: &str, n: u64) -> bool {
    plural_category(lang, n) == "one"
}

/// The plural category of a count `n` in `lang`, by the rules of the Unicode CLDR for
/// whole numbers: `zero`, `one`, `two`, `few`, `many` or `other`. Polish says
/// "1 ustęp", "2 ustępy", "5 ustępów" (one, few, many); Czech "2 odstavce", "5 odstavců"
/// (few, other). Languages not listed: `one` for 1, else `other`.
pub fn plural_category(lang: &str, n: u64) -> &'static str {
    let (n10, n100) = (n % 10, n % 100);
    let few_slavic = (2..=4).contains(&n10) && !(12..=14).contains(&n100);
    match primary(lang) {
        "fr" | "pt" => {
            if n < 2 {
                "one"
            } else {
                "other"
            }
        }
        "pl" => {
            if n == 1 {
                "one"
            } else if few_slavic {
                "few"
            } else {
                "many"
            }
        }
        "ru" | "uk" | "be" => {
            if n10 == 1 && n100 != 11 {
                "one"
            } else if few_slavic {
                "few"
            } else {
                "many"
            }
        }
        "hr" | "sr" | "bs" => {
            if n10 == 1 && n100 != 11 {
                "one"
            } else if few_slavic {
                "few"
            } else {
                "other"
            }
        }
        "cs" | "sk" => match n {
            1 => "one",
            2..=4 => "few",
            _ => "other",
        },
        "sl" => match n100 {
            1 => "one",
            2 => "two",
            3 | 4 => "few",
            _ => "other",
        },
        "lt" if (11..=19).contains(&n100) => "other",
        "lt" => match n10 {
            1 => "one",
            0 => "other",
            _ => "few",
        },
        "lv" => {
            if n10 == 0 || (11..=19).contains(&n100) {
                "zero"
            } else if n10 == 1 {
                "one"
            } else {
                "other"
            }
        }
        "ro" => {
            if n == 1 {
                "one"
            } else if n == 0 || (2..=19).contains(&n100) {
                "few"
            } else {
                "other"
            }
        }
        "ga" => match n {
            1 => "one",
            2 => "two",
            3..=6 => "few",
            7..=10 => "many",
            _ => "other",
        },
        "ar" => match (n, n100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// The stem of a counted key's other forms: `result` for `result_many`, else the key.
fn count_base(key: &str) -> &str {
    key.strip_suffix("_many").filter(|b| COUNTED.contains(b)).unwrap_or(key)
}

/// The counted strings (the plural form; `result` stands for `result_many`), whose other
/// forms `strings:` may give as `{key}_zero`, `_two`, `_few` and `_many`, beside `_one`.
const COUNTED: &[&str] = &["result", "declarations_count", "blocks_count", "more_paragraphs", "missing_blocks"];

/// Names of languages, in the language of the page (`in_lang`) or in their own.
pub fn language_name(code: &str, in_lang: &str) -> String {
    let names: &[(&str, [&str; 7])] = &[
        // code: [own, nl, en, fr, de, it, es]
        ("nl", ["Nederlands", "Nederlands", "Dutch", "néerlandais", "Niederländisch", "neerlandese", "neerlandés"]),
        ("en", ["English", "Engels", "English", "anglais", "Englisch", "inglese", "inglés"]),
        ("fr", ["Français", "Frans", "French", "français", "Französisch", "francese", "francés"]),
        ("de", ["Deutsch", "Duits", "German", "allemand", "Deutsch", "tedesco", "alemán"]),
        ("lb", ["Lëtzebuergesch", "Luxemburgs", "Luxembourgish", "luxembourgeois", "Luxemburgisch", "lussemburghese", "luxemburgués"]),
        ("es", ["Español", "Spaans", "Spanish", "espagnol", "Spanisch", "spagnolo", "español"]),
        ("it", ["Italiano", "Italiaans", "Italian", "italien", "Italienisch", "italiano", "italiano"]),
        ("pt", ["Português", "Portugees", "Portuguese", "portugais", "Portugiesisch", "portoghese", "portugués"]),
        ("da", ["Dansk", "Deens", "Danish", "danois", "Dänisch", "danese", "danés"]),
        ("sv", ["Svenska", "Zweeds", "Swedish", "suédois", "Schwedisch", "svedese", "sueco"]),
        ("pl", ["Polski", "Pools", "Polish", "polonais", "Polnisch", "polacco", "polaco"]),
        ("cs", ["Čeština", "Tsjechisch", "Czech", "tchèque", "Tschechisch", "ceco", "checo"]),
        ("el", ["Ελληνικά", "Grieks", "Greek", "grec", "Griechisch", "greco", "griego"]),
        ("fi", ["Suomi", "Fins", "Finnish", "finnois", "Finnisch", "finlandese", "finés"]),
        ("hu", ["Magyar", "Hongaars", "Hungarian", "hongrois", "Ungarisch", "ungherese", "húngaro"]),
        ("ro", ["Română", "Roemeens", "Romanian", "roumain", "Rumänisch", "rumeno", "rumano"]),
        ("tr", ["Türkçe", "Turks", "Turkish", "turc", "Türkisch", "turco", "turco"]),
        ("uk", ["Українська", "Oekraïens", "Ukrainian", "ukrainien", "Ukrainisch", "ucraino", "ucraniano"]),
        ("ar", ["العربية", "Arabisch", "Arabic", "arabe", "Arabisch", "arabo", "árabe"]),
        ("he", ["עברית", "Hebreeuws", "Hebrew", "hébreu", "Hebräisch", "ebraico", "hebreo"]),
        ("fa", ["فارسی", "Perzisch", "Persian", "persan", "Persisch", "persiano", "persa"]),
        ("ja", ["日本語", "Japans", "Japanese", "japonais", "Japanisch", "giapponese", "japonés"]),
        ("zh", ["中文", "Chinees", "Chinese", "chinois", "Chinesisch", "cinese", "chino"]),
        ("ko", ["한국어", "Koreaans", "Korean", "coréen", "Koreanisch", "coreano", "coreano"]),
        ("ru", ["Русский", "Russisch", "Russian", "russe", "Russisch", "russo", "ruso"]),
        ("sk", ["Slovenčina", "Slowaaks", "Slovak", "slovaque", "Slowakisch", "slovacco", "eslovaco"]),
        ("sl", ["Slovenščina", "Sloveens", "Slovenian", "slovène", "Slowenisch", "sloveno", "esloveno"]),
        ("hr", ["Hrvatski", "Kroatisch", "Croatian", "croate", "Kroatisch", "croato", "croata"]),
        ("sr", ["Српски", "Servisch", "Serbian", "serbe", "Serbisch", "serbo", "serbio"]),
        ("bg", ["Български", "Bulgaars", "Bulgarian", "bulgare", "Bulgarisch", "bulgaro", "búlgaro"]),
        ("et", ["Eesti", "Ests", "Estonian", "estonien", "Estnisch", "estone", "estonio"]),
        ("lv", ["Latviešu", "Lets", "Latvian", "letton", "Lettisch", "lettone", "letón"]),
        ("lt", ["Lietuvių", "Litouws", "Lithuanian", "lituanien", "Litauisch", "lituano", "lituano"]),
        ("ga", ["Gaeilge", "Iers", "Irish", "irlandais", "Irisch", "irlandese", "irlandés"]),
        ("mt", ["Malti", "Maltees", "Maltese", "maltais", "Maltesisch", "maltese", "maltés"]),
        ("no", ["Norsk", "Noors", "Norwegian", "norvégien", "Norwegisch", "norvegese", "noruego"]),
        (
            "nb",
            [
                "Norsk bokmål",
                "Noors (Bokmål)",
                "Norwegian Bokmål",
                "norvégien bokmål",
                "Norwegisch (Bokmål)",
                "norvegese bokmål",
                "noruego bokmal",
            ],
        ),
        ("is", ["Íslenska", "IJslands", "Icelandic", "islandais", "Isländisch", "islandese", "islandés"]),
        ("ca", ["Català", "Catalaans", "Catalan", "catalan", "Katalanisch", "catalano", "catalán"]),
        ("eu", ["Euskara", "Baskisch", "Basque", "basque", "Baskisch", "basco", "vasco"]),
        ("gl", ["Galego", "Galicisch", "Galician", "galicien", "Galicisch", "galiziano", "gallego"]),
        ("cy", ["Cymraeg", "Welsh", "Welsh", "gallois", "Walisisch", "gallese", "galés"]),
        ("fy", ["Frysk", "Fries", "Western Frisian", "frison occidental", "Westfriesisch", "frisone occidentale", "frisón occidental"]),
        ("hi", ["हिन्दी", "Hindi", "Hindi", "hindi", "Hindi", "hindi", "hindi"]),
        ("id", ["Bahasa Indonesia", "Indonesisch", "Indonesian", "indonésien", "Indonesisch", "indonesiano", "indonesio"]),
        ("vi", ["Tiếng Việt", "Vietnamees", "Vietnamese", "vietnamien", "Vietnamesisch", "vietnamita", "vietnamita"]),
        ("th", ["ไทย", "Thai", "Thai", "thaï", "Thailändisch", "thailandese", "tailandés"]),
        ("sw", ["Kiswahili", "Swahili", "Swahili", "swahili", "Suaheli", "swahili", "suajili"]),
    ];
    let col = match primary(in_lang) {
        "self" => 0,
        other => 1 + NAMES_IN.iter().position(|l| *l == other).unwrap_or(1),
    };
    // A regional code (`pt-BR`, `zh-Hant`) is named by its language.
    match names.iter().find(|(c, _)| *c == code || *c == primary(code)) {
        Some((_, n)) => n[col].to_string(),
        None => code.to_string(),
    }
}

/// Whether the built-in language names exist in language `lang` (else English is used).
pub fn has_names(lang: &str) -> bool {
    NAMES_IN.contains(&primary(lang))
}

/// The languages the built-in names are given in, in the order of their columns after
/// the language's own name (English, the second, for any other).
const NAMES_IN: [&str; 6] = ["nl", "en", "fr", "de", "it", "es"];

/// Every key `strings:` takes, for suggestions: the interface strings and the other
/// plural forms of the counted ones.
pub fn suggestions() -> Vec<String> {
    let mut all: Vec<String> = KEYS.iter().map(|k| k.to_string()).collect();
    for base in COUNTED {
        all.extend(["zero", "two", "few", "many"].iter().map(|f| format!("{base}_{f}")));
    }
    all.push(LOCALE.to_string());
    all
}

/// The key of `strings:` that names language `code` in the table's language
/// (`strings: { ja: { language_ja: 日本語, language_en: 英語 } }`): for the languages
/// and page languages the built-in names lack.
pub fn language_key(code: &str) -> String {
    format!("language_{code}")
}

/// Whether text in language `code` is written right to left (Arabic, Hebrew, Persian,
/// Urdu…): the page, or the part of it in that language, then needs `dir="rtl"`.
pub fn is_rtl(code: &str) -> bool {
    matches!(primary(code), "ar" | "arc" | "ckb" | "dv" | "fa" | "he" | "ks" | "ku" | "ps" | "sd" | "ug" | "ur" | "yi")
}

/// The writing direction of language `code`, as the `dir` attribute takes it.
pub fn dir(code: &str) -> &'static str {
    if is_rtl(code) { "rtl" } else { "ltr" }
}

pub fn own_language_name(code: &str) -> String {
    language_name(code, "self")
}

/// The languages [`kind_label`] names kinds in, in the order of its columns.
const KIND_NAMES_IN: [&str; 6] = ["nl", "en", "fr", "de", "it", "es"];

/// Whether [`kind_label`] names kinds in `lang` (else in English).
pub fn has_kind_names(lang: &str) -> bool {
    KIND_NAMES_IN.contains(&primary(lang))
}

/// Labels of the document kinds of the content format; other kinds are shown as
/// their id with the first letter capitalised.
/// The kinds of documents with built-in names ([`kind_label`]).
pub fn builtin_kinds() -> impl Iterator<Item = &'static str> {
    KINDS.iter().map(|(k, _)| *k)
}

/// Whether `kind` has built-in names.
pub fn is_builtin_kind(kind: &str) -> bool {
    builtin_kinds().any(|k| k == kind)
}

pub fn kind_label(kind: &str, lang: &str) -> String {
    // English where there are no names in `lang`.
    let col = KIND_NAMES_IN.iter().position(|l| *l == primary(lang)).unwrap_or(1);
    match KINDS.iter().find(|(k, _)| *k == kind) {
        Some((_, l)) => l[col].to_string(),
        None => {
            let s = kind.replace('-', " ");
            let mut c = s.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        }
    }
}

const KINDS: &[(&str, [&str; 6])] = &[
    // kind: [nl, en, fr, de, it, es]
    (
        "joint-declaration",
        [
            "Gemeenschappelijke verklaring",
            "Joint declaration",
            "Déclaration commune",
            "Gemeinsame Erklärung",
            "Dichiarazione congiunta",
            "Declaración conjunta",
        ],
    ),
    ("letter", ["Brief", "Letter", "Lettre", "Schreiben", "Lettera", "Carta"]),
    (
        "summit-declaration",
        [
            "Topverklaring",
            "Summit declaration",
            "Déclaration de sommet",
            "Gipfelerklärung",
            "Dichiarazione di vertice",
            "Declaración de cumbre",
        ],
    ),
    ("annual-plan", ["Jaarplan", "Annual plan", "Plan annuel", "Jahresplan", "Piano annuale", "Plan anual"]),
    (
        "press-release",
        ["Persbericht", "Press release", "Communiqué de presse", "Pressemitteilung", "Comunicato stampa", "Comunicado de prensa"],
    ),
    ("treaty", ["Verdrag", "Treaty", "Traité", "Vertrag", "Trattato", "Tratado"]),
    (
        "memorandum",
        [
            "Memorandum van overeenstemming",
            "Memorandum of understanding",
            "Protocole d’accord",
            "Absichtserklärung",
            "Memorandum d’intesa",
            "Memorando de entendimiento",
        ],
    ),
];

/// Interface strings for one language.
#[derive(Clone, Debug)]
pub struct Strings {
    pub lang: Lang,
    map: BTreeMap<String, String>,
    /// The language the interface text is actually in: English when the site language
    /// has no table and `strings:` in site.yaml does not give every key, so templates
    /// can mark it with `lang`.
    pub ui_lang: Lang,
    months: Vec<String>,
    /// The keys `strings:` in site.yaml gives for this language (in `lang`, whatever
    /// `ui_lang` is): their counts follow `lang`'s plural rules.
    given: BTreeSet<String>,
    /// Every string as HTML (see [`Strings::html`]), for templates (`t.<key>`).
    html: BTreeMap<&'static str, String>,
}

impl Strings {
    pub fn new(lang: &Lang, config: &SiteConfig) -> Strings {
        let (values, ui_lang) = match table(lang.as_str()) {
            Some(t) => (t, lang.clone()),
            None => (table("en").expect("English strings"), Lang("en".into())),
        };
        let mut map: BTreeMap<String, String> = KEYS.iter().zip(values.iter()).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let complete = missing_keys(lang, config).is_empty();
        if let Some(extra) = config.strings.get(lang) {
            for (k, v) in extra {
                map.insert(k.clone(), v.clone());
            }
        }
        // The fallback notice names the reader's language in that language.
        if let Some(v) = map.get_mut("fallback") {
            *v = v.replace("{language}", &endonym(lang.as_str()));
        }
        let months = map.get("months").map(|m| m.split('|').map(str::to_string).collect()).unwrap_or_default();
        let given = config.strings.get(lang).map(|t| t.keys().cloned().collect()).unwrap_or_default();
        let mut s = Strings {
            lang: lang.clone(),
            map,
            ui_lang: if complete { lang.clone() } else { ui_lang },
            months,
            given,
            html: BTreeMap::new(),
        };
        s.html = KEYS.iter().map(|k| (*k, s.html_of(k, s.get(k)))).collect();
        s
    }

    /// `text`, string `key` or one of its forms (a count's), as HTML: escaped, and in
    /// `<span lang="…">` when it is not in the page's language (an interface string
    /// still in English: WCAG 3.1.2 wants each part in another language marked).
    pub fn html_of(&self, key: &str, text: &str) -> String {
        match self.lang_attr(key) {
            attr if attr.is_empty() => crate::parse::escape_html(text),
            attr => format!("<span{attr}>{}</span>", crate::parse::escape_html(text)),
        }
    }

    /// ` lang="…"` for an element showing string `key` when that is not in the page's
    /// language, else nothing.
    pub fn lang_attr(&self, key: &str) -> String {
        let lang = self.lang_of(key);
        if lang == self.lang.as_str() { String::new() } else { format!(" lang=\"{}\"", crate::parse::escape_html(lang)) }
    }

    /// Every string as HTML (see [`Strings::html_of`]): templates write `{{ t.<key> | safe }}`
    /// where a string is the content of an element, `{{ s.<key> }}` in attributes.
    pub fn html(&self) -> &BTreeMap<&'static str, String> {
        &self.html
    }

    /// The language [`Strings::language`] names language `code` in.
    pub fn language_lang(&self, code: &str) -> &str {
        let key = language_key(code);
        if self.map.contains_key(&key) {
            self.lang_of(&key)
        } else if code == self.lang.as_str() && !has_names(self.ui_lang.as_str()) {
            self.lang.as_str()
        } else {
            self.ui_lang.as_str()
        }
    }

    pub fn get<'s>(&'s self, key: &'s str) -> &'s str {
        self.map.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The name of language `code` in this table's language: as `strings:` gives it
    /// (`language_{code}`), else the built-in name (English for a page language without
    /// names).
    pub fn language(&self, code: &str) -> String {
        match self.map.get(&language_key(code)) {
            Some(name) => name.clone(),
            // A page language without built-in names calls itself by its own name.
            None if code == self.lang.as_str() && !has_names(self.ui_lang.as_str()) => endonym(code),
            None => language_name(code, self.ui_lang.as_str()),
        }
    }

    /// The name of this table's own language in itself, as `strings:` gives it
    /// (`language_{lang}`), else the built-in one (the code for a language without one).
    pub fn own_name(&self) -> String {
        match self.map.get(&language_key(self.lang.as_str())) {
            Some(name) => name.clone(),
            None => own_language_name(self.lang.as_str()),
        }
    }

    /// The form of `key` for a count of `n`: `{key}_{category}` (`_one`, `_few`…, see
    /// [`plural_category`]) when the table has that form, else `key` (the plural).
    pub fn count<'s>(&'s self, key: &'s str, n: usize) -> &'s str {
        self.count_or(key, None, n)
    }

    /// [`Strings::count`] with the singular under a key of its own (`block` for
    /// `blocks_count`).
    pub fn count_or<'s>(&'s self, key: &'s str, one: Option<&'s str>, n: usize) -> &'s str {
        let category = plural_category(self.lang_of(key), n as u64);
        if category == "one"
            && let Some(one) = one
        {
            return self.get(one);
        }
        match self.map.get(&format!("{}_{category}", count_base(key))) {
            Some(form) if category != "other" => form,
            _ => self.get(key),
        }
    }

    /// Every form `strings:` gives of a counted key, by plural category (for search.js,
    /// which counts in the browser with the same categories).
    pub fn count_forms<'s>(&'s self, key: &'s str) -> BTreeMap<&'static str, &'s str> {
        let base = count_base(key);
        let mut forms: BTreeMap<&'static str, &'s str> = BTreeMap::new();
        for category in ["zero", "one", "two", "few", "many"] {
            if let Some(form) = self.map.get(&format!("{base}_{category}")) {
                forms.insert(category, form);
            }
        }
        forms.insert("other", self.get(key));
        forms
    }

    /// The language [`Strings::kind`] names `kind` in, by the same choice.
    pub fn kind_lang(&self, kind: &str) -> &str {
        match self.map.contains_key(&format!("kind_{kind}")) {
            true => self.lang.as_str(),
            false if has_kind_names(self.ui_lang.as_str()) && is_builtin_kind(kind) => self.ui_lang.as_str(),
            // Another kind is named by its id, English as ids are (`exchange-of-letters`).
            false => "en",
        }
    }

    /// The name of a kind of document (`joint-declaration`): `kind_{kind}` of the
    /// site's `strings:` where given, else the built-in name in the interface language.
    pub fn kind(&self, kind: &str) -> String {
        match self.map.get(&format!("kind_{kind}")) {
            Some(name) => name.clone(),
            None => kind_label(kind, self.ui_lang.as_str()),
        }
    }

    pub fn all(&self) -> &BTreeMap<String, String> {
        &self.map
    }

    /// The language string `key` is written in (and its counts follow the plural rules
    /// of): the page's where `strings:` gives the key, else the interface's (English
    /// for a page language without a table).
    pub fn lang_of(&self, key: &str) -> &str {
        if self.given.contains(key) { self.lang.as_str() } else { self.ui_lang.as_str() }
    }

    /// The keys whose string is not in the page's language, with the language it is in
    /// (templates mark them: `{% if sl.skip %} lang="{{ sl.skip }}"{% endif %}`, WCAG
    /// 3.1.2); empty for a language with a table or a complete `strings:`.
    pub fn marks(&self) -> BTreeMap<&'static str, &str> {
        // Asked for every page: most languages have every string in their own.
        if self.ui_lang == self.lang {
            return BTreeMap::new();
        }
        KEYS.iter().map(|k| (*k, self.lang_of(k))).filter(|(_, l)| *l != self.lang.as_str()).collect()
    }

    /// A date in running text, from the strings `months` (`|`-separated),
    /// `date_format` (`{d}`, `{m}`, `{y}`) and `day_one` (how the 1st is written).
    pub fn date(&self, d: &Date) -> String {
        let m = self.months.get((d.month as usize).wrapping_sub(1)).map(String::as_str).unwrap_or("");
        let day = if d.day == 1 { self.get("day_one").to_string() } else { d.day.to_string() };
        self.get("date_format").replace("{d}", &day).replace("{m}", m).replace("{y}", &d.year.to_string())
    }
}

/// The interface strings a site language has neither in a built-in table nor in
/// `strings:` of site.yaml (shown in English), in the order of [`KEYS`].
pub fn missing_keys(lang: &Lang, config: &SiteConfig) -> Vec<&'static str> {
    if table(lang.as_str()).is_some() {
        return Vec::new();
    }
    let given = config.strings.get(lang);
    KEYS.iter().copied().filter(|k| !given.is_some_and(|t| t.contains_key(*k))).collect()
}

/// Whether `key` is an interface string (for checking `strings:` of site.yaml): one of
/// [`KEYS`], or `kind_{kind}`, the name of a kind of document (`kind_exchange-of-notes`).
pub fn is_key(key: &str) -> bool {
    KEYS.contains(&key)
        || key == LOCALE
        || key.strip_prefix("kind_").is_some_and(crate::load::is_id)
        || key.strip_prefix("language_").is_some_and(crate::load::is_lang_code)
        || key.rsplit_once('_').is_some_and(|(base, form)| COUNTED.contains(&base) && ["zero", "two", "few", "many"].contains(&form))
}

/// The key of `strings:` that sets a language's locale (`fr_BE`), for `og:locale`.
pub const LOCALE: &str = "locale";

/// Every interface string's key.
pub fn keys() -> &'static [&'static str] {
    KEYS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_categories_follow_cldr_for_whole_numbers() {
        let cat = |l: &str, ns: &[u64]| ns.iter().map(|&n| plural_category(l, n)).collect::<Vec<_>>();
        assert_eq!(
            cat("pl", &[0, 1, 2, 4, 5, 12, 14, 21, 22, 25, 112]),
            ["many", "one", "few", "few", "many", "many", "many", "many", "few", "many", "many"]
        );
        assert_eq!(cat("ru", &[1, 2, 5, 11, 21, 22]), ["one", "few", "many", "many", "one", "few"]);
        assert_eq!(cat("cs", &[1, 3, 5]), ["one", "few", "other"]);
        assert_eq!(cat("sl", &[1, 2, 3, 5, 101, 102]), ["one", "two", "few", "other", "one", "two"]);
        assert_eq!(cat("lt", &[1, 2, 10, 11, 21]), ["one", "few", "other", "other", "one"]);
        assert_eq!(cat("fr", &[0, 1, 2]), ["one", "one", "other"]);
        assert_eq!(cat("nl", &[0, 1, 2]), ["other", "one", "other"]);
        assert_eq!(cat("pl-PL", &[3]), ["few"]);
    }

    #[test]
    fn counted_strings_take_the_form_of_their_category() {
        let mut config = config(&["pl", "de"]);
        let table: BTreeMap<String, String> = [
            ("block", "ustęp"),
            ("blocks_count", "ustępów"),
            ("blocks_count_few", "ustępy"),
            ("result_one", "wynik"),
            ("result_few", "wyniki"),
            ("result_many", "wyników"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert!(table.keys().all(|k| is_key(k)), "the forms are interface strings");
        assert!(!is_key("themes_few") && !is_key("blocks_count_lots"));
        config.strings.insert(Lang("pl".into()), table);
        let mut s = Strings::new(&Lang("pl".into()), &config);
        s.ui_lang = Lang("pl".into());
        assert_eq!([1, 2, 5, 22].map(|n| s.count_or("blocks_count", Some("block"), n)), ["ustęp", "ustępy", "ustępów", "ustępy"]);
        assert_eq!([1, 3, 7].map(|n| s.count("result_many", n)), ["wynik", "wyniki", "wyników"]);
        let forms = s.count_forms("result_many");
        assert_eq!(forms.get("few"), Some(&"wyniki"));
        assert_eq!(forms.get("other"), Some(&"wyników"));
    }

    fn config(langs: &[&str]) -> SiteConfig {
        SiteConfig {
            title: Default::default(),
            description: Default::default(),
            base_url: "https://x/".into(),
            languages: langs.iter().map(|l| Lang(l.to_string())).collect(),
            theme: "default".into(),
            strings: Default::default(),
            pretty_urls: false,
            organization: None,
            identifier: None,
            license: None,
            root_chooser: false,
        }
    }

    fn date(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    const BUILT_IN: [&str; 6] = ["nl", "en", "fr", "de", "it", "es"];

    #[test]
    fn every_table_has_every_key() {
        for l in BUILT_IN {
            assert_eq!(table(l).unwrap().len(), KEYS.len(), "{l}");
            assert_eq!(table(l).unwrap()[KEYS.iter().position(|k| *k == "months").unwrap()].split('|').count(), 12, "{l}");
        }
    }

    /// The `{n}`, `{label}`, `{d}`… of a string, sorted.
    fn placeholders(v: &str) -> Vec<&str> {
        let mut out: Vec<&str> = v.match_indices('{').filter_map(|(i, _)| v[i..].find('}').map(|j| &v[i..=i + j])).collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_table_keeps_the_english_placeholders() {
        let en = table("en").unwrap();
        for l in BUILT_IN {
            for ((k, v), e) in KEYS.iter().zip(table(l).unwrap()).zip(en) {
                // The fallback notice names the language itself where English has `{language}`.
                if *k != "fallback" {
                    assert_eq!(placeholders(v), placeholders(e), "{l} `{k}`: {v:?}");
                }
                assert!(!v.is_empty() && v.trim() == *v || *k == "colon", "{l} `{k}`: {v:?}");
            }
        }
    }

    #[test]
    fn names_and_dates() {
        assert_eq!(language_name("en", "nl"), "Engels");
        assert_eq!(own_language_name("fr"), "Français");
        assert_eq!(kind_label("annual-plan", "nl"), "Jaarplan");
        assert_eq!(kind_label("exchange-of-notes", "en"), "Exchange of notes");
        assert_eq!(kind_label("joint-declaration", "it"), "Dichiarazione congiunta");
        assert_eq!(kind_label("memorandum", "es"), "Memorando de entendimiento");
        assert_eq!(kind_label("exchange-of-notes", "es"), "Exchange of notes");
        assert_eq!(language_name("de", "it"), "tedesco");
        assert_eq!(language_name("nl", "es"), "neerlandés");
        assert_eq!(language_name("fr", "pt"), "French", "no names in a language without a table");
        let config = config(&["nl"]);
        let s = Strings::new(&Lang("nl".into()), &config);
        assert_eq!(s.date(&date(2021, 11, 30)), "30 november 2021");
        let pt = Strings::new(&Lang("pt".into()), &config);
        assert_eq!(pt.ui_lang.as_str(), "en");
    }

    #[test]
    fn dates_in_every_language() {
        let config = config(&["nl", "en", "fr", "de"]);
        let d = |l: &str, date: Date| Strings::new(&Lang(l.into()), &config).date(&date);
        assert_eq!(d("fr", date(2024, 8, 1)), "1er août 2024");
        assert_eq!(d("fr", date(2019, 1, 22)), "22 janvier 2019");
        assert_eq!(d("de", date(2019, 1, 22)), "22. Januar 2019");
        assert_eq!(d("de", date(2024, 8, 1)), "1. August 2024");
        assert_eq!(d("nl", date(2019, 1, 22)), "22 januari 2019");
        assert_eq!(d("en", date(2024, 8, 1)), "1 August 2024");
        assert_eq!(d("it", date(2024, 8, 1)), "1º agosto 2024");
        assert_eq!(d("it", date(2019, 1, 22)), "22 gennaio 2019");
        assert_eq!(d("es", date(2024, 8, 1)), "1 de agosto de 2024");
        assert_eq!(d("es", date(2019, 12, 22)), "22 de diciembre de 2019");
    }

    #[test]
    fn counts_take_the_singular_by_the_language_rule() {
        let config = config(&["nl", "en", "fr", "de"]);
        for (l, one, many) in [
            ("fr", "et 1 autre paragraphe\u{202f}:", "et 2 autres paragraphes\u{202f}:"),
            ("de", "und 1 weiterer Absatz:", "und 2 weitere Absätze:"),
            ("nl", "en nog 1 paragraaf:", "en nog 2 paragrafen:"),
            ("en", "and 1 more paragraph:", "and 2 more paragraphs:"),
            ("it", "e 1 altro paragrafo:", "e altri 2 paragrafi:"),
            ("es", "y 1 párrafo más:", "y 2 párrafos más:"),
        ] {
            let s = Strings::new(&Lang(l.into()), &config);
            assert_eq!(s.count("more_paragraphs", 1).replace("{n}", "1"), one);
            assert_eq!(s.count("more_paragraphs", 2).replace("{n}", "2"), many);
        }
        let fr = Strings::new(&Lang("fr".into()), &config);
        assert_eq!(fr.count("declarations_count", 0), "déclaration");
        assert_eq!(fr.count("declarations_count", 1), "déclaration");
        assert_eq!(fr.count("declarations_count", 3), "déclarations");
        let de = Strings::new(&Lang("de".into()), &config);
        assert_eq!(de.count("declarations_count", 0), "Erklärungen");
        assert_eq!(de.count("declarations_count", 1), "Erklärung");
        // Italian and Spanish: the singular for exactly 1, the plural for 0 and 2.
        for (l, one, many) in [("it", "dichiarazione", "dichiarazioni"), ("es", "declaración", "declaraciones")] {
            let s = Strings::new(&Lang(l.into()), &config);
            assert_eq!([0, 1, 2, 21].map(|n| s.count("declarations_count", n)), [many, one, many, many], "{l}");
            assert_eq!([0, 1, 2].map(|n| is_one(l, n)), [false, true, false], "{l}");
            assert_eq!(s.count("missing_blocks", 1), s.get("missing_blocks_one"), "{l}");
        }
    }

    #[test]
    fn italian_and_spanish_strings_have_typographic_apostrophes_and_no_french_spacing() {
        for l in ["it", "es"] {
            for (k, v) in KEYS.iter().zip(table(l).unwrap()) {
                assert!(!v.contains('\''), "{l} `{k}`: typographic apostrophe: {v:?}");
                assert!(!v.contains('\u{202f}') && !v.contains('\u{a0}'), "{l} `{k}`: no space before punctuation: {v:?}");
            }
        }
    }

    #[test]
    fn french_punctuation_has_a_non_breaking_space_before_it() {
        for (k, v) in KEYS.iter().zip(table("fr").unwrap()) {
            let chars: Vec<char> = v.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if matches!(c, ':' | ';' | '?' | '!') {
                    assert!(i > 0 && matches!(chars[i - 1], '\u{202f}' | '\u{a0}'), "`{k}`: {v:?}");
                }
            }
            assert!(!v.contains('\''), "`{k}`: typographic apostrophe: {v:?}");
        }
    }

    #[test]
    fn a_language_without_a_table_falls_back_to_english_naming_itself() {
        let mut config = config(&["fr", "pt"]);
        let pt = Lang("pt".into());
        let s = Strings::new(&pt, &config);
        assert_eq!(s.ui_lang.as_str(), "en");
        assert_eq!(s.get("fallback"), "This text does not exist in português; the text in its original language is shown below.");
        assert_eq!(missing_keys(&pt, &config).len(), KEYS.len());
        assert!(missing_keys(&Lang("fr".into()), &config).is_empty());
        // strings: in site.yaml fill the gaps; once every key is given, the interface is Portuguese.
        config.strings.insert(pt.clone(), [("home".to_string(), "Início".to_string())].into_iter().collect());
        assert_eq!(Strings::new(&pt, &config).get("home"), "Início");
        assert_eq!(Strings::new(&pt, &config).ui_lang.as_str(), "en", "still partly English");
        assert_eq!(missing_keys(&pt, &config).len(), KEYS.len() - 1);
        let mut all: BTreeMap<String, String> = KEYS.iter().map(|k| (k.to_string(), format!("pt:{k}"))).collect();
        all.insert("months".into(), "janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro".into());
        all.insert("date_format".into(), "{d} de {m} de {y}".into());
        all.insert("day_one".into(), "1º".into());
        config.strings.insert(pt.clone(), all);
        let s = Strings::new(&pt, &config);
        assert!(missing_keys(&pt, &config).is_empty());
        assert_eq!(s.ui_lang.as_str(), "pt");
        assert_eq!(s.date(&date(2019, 1, 22)), "22 de janeiro de 2019");
        assert_eq!(s.date(&date(2024, 8, 1)), "1º de agosto de 2024");
        // With no built-in names in Portuguese, the page's own language is named in it;
        // the others in English until `language_{code}` names them.
        assert_eq!(s.language("pt"), "português");
        assert_eq!(s.language("fr"), "French");
        let mut named = config.strings[&pt].clone();
        named.insert("language_fr".into(), "francês".into());
        config.strings.insert(pt.clone(), named);
        assert_eq!(Strings::new(&pt, &config).language("fr"), "francês");
        // Partly English: all named in English, as the rest of the interface.
        config.strings.insert(pt.clone(), [("home".to_string(), "Início".to_string())].into_iter().collect());
        assert_eq!(Strings::new(&pt, &config).language("pt"), "Portuguese");
    }

    #[test]
    fn a_regional_code_has_its_language_s_interface() {
        let config = config(&["nl-be", "fr-be"]);
        let nl = Strings::new(&Lang("nl-be".into()), &config);
        assert_eq!(nl.get("search"), "Zoeken");
        assert_eq!(nl.ui_lang.as_str(), "nl-be");
        assert!(missing_keys(&Lang("fr-be".into()), &config).is_empty());
        assert_eq!(nl.kind("letter"), "Brief");
        assert_eq!(nl.language("fr-be"), "Frans");
        assert_eq!(endonym("fr-be"), "français");
    }

    #[test]
    fn endonyms() {
        assert_eq!(endonym("it"), "italiano");
        assert_eq!(endonym("de"), "Deutsch");
        assert_eq!(endonym("xx"), "xx");
        assert_eq!(
            Strings::new(&Lang("en".into()), &config(&["en"])).get("fallback"),
            "This text does not exist in English; the text in its original language is shown below."
        );
    }
}
