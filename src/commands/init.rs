//! `diptych init DIR`: a minimal working bilingual site to start from.

use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "site.yaml",
        "title: { nl: \"Verklaringen\", en: \"Declarations\" }\nbase_url: \"https://www.example.gov/declarations/\"\nlanguages: [nl, en]   # the first is the default language\ntheme: default\n",
    ),
    (
        "content/themes.yaml",
        "cooperation: { label: { nl: Samenwerking, en: Cooperation } }\ntrade:       { label: { nl: Handel, en: Trade }, parent: cooperation }\nenergy:      { label: { nl: Energie, en: Energy }, parent: cooperation }\n",
    ),
    (
        "content/parties.yaml",
        "be: { name: { nl: België, en: Belgium }, kind: state }\nnl: { name: { nl: Nederland, en: the Netherlands }, kind: state }\n",
    ),
    (
        "content/declarations/2024-01-15-be-nl-example.nl.md",
        "---\ntitle: Voorbeeldverklaring van België en Nederland\ndate: 2024-01-15\nkind: joint-declaration\nparties: [be, nl]\nplace: Brussel\noriginal: nl\ntranslation: original\nsignatories:\n  - { name: Eerste Ondertekenaar, role: Eerste Minister, party: be }\n  - { name: Tweede Ondertekenaar, role: Minister-President, party: nl }\n---\n\n## Inleiding {§intro #cooperation}\n\n1. België en Nederland werken samen aan handel en energie. {§1 #trade #energy @be @nl}\n\n2. Deze alinea krijgt automatisch het id `2`; geef ids liever expliciet. {§2 #cooperation @be}\n",
    ),
    (
        "content/declarations/2024-01-15-be-nl-example.en.md",
        "---\ntitle: Example declaration of Belgium and the Netherlands\nplace: Brussels\ntranslation: unofficial\nsignatories:\n  - { name: Eerste Ondertekenaar, role: Prime Minister, party: be }\n  - { name: Tweede Ondertekenaar, role: Minister-President, party: nl }\n---\n\n## Introduction {§intro #cooperation}\n\n1. Belgium and the Netherlands cooperate on trade and energy. {§1 #trade #energy @be @nl}\n\n2. This paragraph would get the id `2` by itself; explicit ids are better. {§2 #cooperation @be}\n",
    ),
    (
        "content/pages/about.nl.md",
        "---\ntitle: Over deze site\n---\n\nDeze site is gemaakt met diptych. Zie [[2024-01-15-be-nl-example§1]].\n",
    ),
    (
        "content/pages/about.en.md",
        "---\ntitle: About this site\n---\n\nThis site is made with diptych. See [[2024-01-15-be-nl-example§1]].\n",
    ),
];

pub fn run(dir: &Path) -> i32 {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!("error: {} exists and is not empty; choose a new folder", dir.display());
        return 2;
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Err(e) = target.parent().map(std::fs::create_dir_all).unwrap_or(Ok(())).and_then(|_| std::fs::write(&target, text)) {
            eprintln!("error: cannot write {}: {e}", target.display());
            return 2;
        }
    }
    eprintln!("created a bilingual site in {}\nnext: diptych build --root {}", dir.display(), dir.display());
    0
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_new_site_builds_without_errors() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        assert_eq!(super::run(&site), 0);
        let compiled = crate::compile(&site);
        assert!(!compiled.diags.has_errors(), "{:?}", compiled.diags.sorted());
        assert!(compiled.outputs.iter().any(|o| o.path.0 == "en/declarations/2024-01-15-be-nl-example/index.html"));
    }
}
