//! `diptych init DIR [--languages nl,en]`: a minimal working site to start from, in
//! the languages asked for (the first is the default and the original of the example).

use std::fmt::Write as _;
use std::path::Path;

/// The example's words in one language: Dutch, English, French, German, Italian and
/// Spanish are built in (the languages with built-in interface strings); any other
/// language gets the English words, to be translated.
struct Words {
    site: &'static str,
    cooperation: &'static str,
    trade: &'static str,
    energy: &'static str,
    belgium: &'static str,
    netherlands: &'static str,
    title: &'static str,
    place: &'static str,
    prime_minister: &'static str,
    minister_president: &'static str,
    intro: &'static str,
    p1: &'static str,
    p2: &'static str,
    about: &'static str,
    about_text: &'static str,
}

fn words(lang: &str) -> Words {
    match lang {
        "nl" => Words {
            site: "Verklaringen",
            cooperation: "Samenwerking",
            trade: "Handel",
            energy: "Energie",
            belgium: "België",
            netherlands: "Nederland",
            title: "Voorbeeldverklaring van België en Nederland",
            place: "Brussel",
            prime_minister: "Eerste Minister",
            minister_president: "Minister-President",
            intro: "Inleiding",
            p1: "België en Nederland werken samen aan handel en energie.",
            p2: "Deze alinea zou ook zonder `§2` het id `2` krijgen; geef ids liever expliciet.",
            about: "Over deze site",
            about_text: "Deze site is gemaakt met diptych. Zie",
        },
        "fr" => Words {
            site: "Déclarations",
            cooperation: "Coopération",
            trade: "Commerce",
            energy: "Énergie",
            belgium: "Belgique",
            netherlands: "Pays-Bas",
            title: "Déclaration d’exemple de la Belgique et des Pays-Bas",
            place: "Bruxelles",
            prime_minister: "Premier ministre",
            minister_president: "Ministre-président",
            intro: "Introduction",
            p1: "La Belgique et les Pays-Bas coopèrent en matière de commerce et d’énergie.",
            p2: "Ce paragraphe recevrait seul l’id `2`\u{202F}; des ids explicites sont préférables.",
            about: "À propos de ce site",
            about_text: "Ce site est réalisé avec diptych. Voir",
        },
        "de" => Words {
            site: "Erklärungen",
            cooperation: "Zusammenarbeit",
            trade: "Handel",
            energy: "Energie",
            belgium: "Belgien",
            netherlands: "Niederlande",
            title: "Beispielerklärung Belgiens und der Niederlande",
            place: "Brüssel",
            prime_minister: "Premierminister",
            minister_president: "Ministerpräsident",
            intro: "Einleitung",
            p1: "Belgien und die Niederlande arbeiten bei Handel und Energie zusammen.",
            p2: "Dieser Absatz bekäme von selbst die Id `2`; ausdrückliche Ids sind besser.",
            about: "Über diese Website",
            about_text: "Diese Website ist mit diptych erstellt. Siehe",
        },
        "it" => Words {
            site: "Dichiarazioni",
            cooperation: "Cooperazione",
            trade: "Commercio",
            energy: "Energia",
            belgium: "Belgio",
            netherlands: "Paesi Bassi",
            title: "Dichiarazione di esempio del Belgio e dei Paesi Bassi",
            place: "Bruxelles",
            prime_minister: "Primo Ministro",
            minister_president: "Ministro-Presidente",
            intro: "Introduzione",
            p1: "Il Belgio e i Paesi Bassi cooperano in materia di commercio e di energia.",
            p2: "Questo paragrafo riceverebbe da solo l’id `2`; è preferibile indicare gli id in modo esplicito.",
            about: "Informazioni su questo sito",
            about_text: "Questo sito è realizzato con diptych. Vedi",
        },
        "es" => Words {
            site: "Declaraciones",
            cooperation: "Cooperación",
            trade: "Comercio",
            energy: "Energía",
            belgium: "Bélgica",
            netherlands: "Países Bajos",
            title: "Declaración de ejemplo de Bélgica y los Países Bajos",
            place: "Bruselas",
            prime_minister: "Primer Ministro",
            minister_president: "Ministro-Presidente",
            intro: "Introducción",
            p1: "Bélgica y los Países Bajos cooperan en materia de comercio y energía.",
            p2: "Este párrafo recibiría por sí solo el id `2`; es preferible indicar los ids de forma explícita.",
            about: "Acerca de este sitio",
            about_text: "Este sitio se ha realizado con diptych. Véase",
        },
        _ => Words {
            site: "Declarations",
            cooperation: "Cooperation",
            trade: "Trade",
            energy: "Energy",
            belgium: "Belgium",
            netherlands: "the Netherlands",
            title: "Example declaration of Belgium and the Netherlands",
            place: "Brussels",
            prime_minister: "Prime Minister",
            minister_president: "Minister-President",
            intro: "Introduction",
            p1: "Belgium and the Netherlands cooperate on trade and energy.",
            p2: "This paragraph would get the id `2` by itself; explicit ids are better.",
            about: "About this site",
            about_text: "This site is made with diptych. See",
        },
    }
}

const SLUG: &str = "2024-01-15-be-nl-example";

/// The files of a new site in `langs` (the first the default), by path.
fn files(langs: &[String]) -> Vec<(String, String)> {
    let map = |pick: fn(&Words) -> &'static str| {
        let entries: Vec<String> = langs.iter().map(|l| format!("{l}: \"{}\"", pick(&words(l)))).collect();
        format!("{{ {} }}", entries.join(", "))
    };
    let mut out = vec![
        (
            "site.yaml".to_string(),
            format!(
                "title: {}\nbase_url: \"https://www.example.gov/declarations/\"\nlanguages: [{}]   # the first is the default language\ntheme: default\n\
                 # license: {{ name: CC BY 4.0, url: \"https://creativecommons.org/licenses/by/4.0/\" }}   # of the texts and open data\n\
                 # root: choose   # the root lets readers choose a language instead of sending them to the first\n",
                map(|w| w.site),
                langs.join(", ")
            ),
        ),
        (
            "content/themes.yaml".to_string(),
            format!(
                "cooperation: {{ label: {} }}\ntrade:       {{ label: {}, parent: cooperation }}\nenergy:      {{ label: {}, parent: cooperation }}\n",
                map(|w| w.cooperation),
                map(|w| w.trade),
                map(|w| w.energy)
            ),
        ),
        (
            "content/parties.yaml".to_string(),
            format!("be: {{ name: {}, kind: state }}\nnl: {{ name: {}, kind: state }}\n", map(|w| w.belgium), map(|w| w.netherlands)),
        ),
    ];
    for (i, lang) in langs.iter().enumerate() {
        let w = words(lang);
        let mut front = format!("---\ntitle: \"{}\"\n", w.title);
        if i == 0 {
            let _ =
                write!(front, "date: 2024-01-15\nkind: joint-declaration\nparties: [be, nl]\noriginal: {lang}\ntranslation: original\n");
        } else {
            front.push_str("translation: unofficial\n");
        }
        let _ = write!(
            front,
            "place: \"{}\"\nsignatories:\n  - {{ name: An Janssens, role: \"{}\", party: be }}\n  - {{ name: Bram de Vries, role: \"{}\", party: nl }}\n---\n\n",
            w.place, w.prime_minister, w.minister_president
        );
        let body = format!(
            "## {} {{§intro #cooperation}}\n\n1. {} {{§1 #trade #energy @be @nl}}\n\n2. {} {{§2 #cooperation @be}}\n",
            w.intro, w.p1, w.p2
        );
        out.push((format!("content/declarations/{SLUG}.{lang}.md"), front + &body));
        out.push((
            format!("content/pages/about.{lang}.md"),
            format!("---\ntitle: \"{}\"\n---\n\n{} [[{SLUG}§1]].\n", w.about, w.about_text),
        ));
    }
    out
}

/// `languages`: comma-separated codes, the first the default (`nl,en` when empty).
pub fn run(dir: &Path, languages: &str) -> i32 {
    let langs: Vec<String> = languages.split(',').map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    let langs = if langs.is_empty() { vec!["nl".to_string(), "en".to_string()] } else { langs };
    if let Some(bad) = langs.iter().find(|l| !crate::load::is_lang_code(l)) {
        eprintln!(
            "error: `{bad}` is not a language code\n  help: give codes such as `nl,en` or `fr,de` (lowercase, the first is the default)"
        );
        return 2;
    }
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!("error: {} exists and is not empty; choose a new folder", dir.display());
        return 2;
    }
    for (path, text) in files(&langs) {
        let target = dir.join(&path);
        if let Err(e) = target.parent().map(std::fs::create_dir_all).unwrap_or(Ok(())).and_then(|_| std::fs::write(&target, text)) {
            eprintln!("error: cannot write {}: {e}", target.display());
            return 2;
        }
    }
    let others: Vec<&String> = langs.iter().filter(|l| !matches!(l.as_str(), "nl" | "en" | "fr" | "de" | "it" | "es")).collect();
    eprintln!("created a site in {} ({})\nnext: diptych build --root {}", dir.display(), langs.join(", "), dir.display());
    if !others.is_empty() {
        let list = others.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", ");
        eprintln!(
            "note: the example is in English for {list}: translate it; `diptych check --root {}` lists the interface strings to give in site.yaml",
            dir.display()
        );
    }
    0
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_new_site_builds_without_errors_in_any_languages() {
        for (langs, page) in [
            ("", "en/declarations/2024-01-15-be-nl-example/index.html"),
            ("fr,de", "de/declarations/2024-01-15-be-nl-example/index.html"),
            ("fr,nl,pt", "pt/declarations/2024-01-15-be-nl-example/index.html"),
            ("it,es", "es/declarations/2024-01-15-be-nl-example/index.html"),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let site = dir.path().join("site");
            assert_eq!(super::run(&site, langs), 0);
            let compiled = crate::compile(&site);
            assert!(!compiled.diags.has_errors(), "{langs}: {:?}", compiled.diags.sorted());
            assert!(compiled.outputs.iter().any(|o| o.path.0 == page), "{langs}: {page}");
        }
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(super::run(&dir.path().join("x"), "FR"), 2, "not a language code");
    }
}
