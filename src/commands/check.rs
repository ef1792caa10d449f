//! `diptych check`: everything `build` checks, nothing written, and a translation
//! report: per declaration and language, the blocks missing or extra compared with
//! the other translations.

use super::{plural, report};
use crate::link::Site;
use std::fmt::Write;
use std::path::Path;

pub fn run(root: &Path, links: bool) -> i32 {
    // Links need every page; without them, one page of each kind tries the theme.
    let (compiled, outputs) = if links {
        let c = crate::compile(root);
        (crate::Built { map: c.map, diags: c.diags, site: c.site, io_error: None }, c.outputs)
    } else {
        (crate::check_site(root), Vec::new())
    };
    report(&compiled.map, &compiled.diags);
    if let Some(site) = &compiled.site {
        // A translation whose file has errors may be missing from the site only for them.
        let with_errors: std::collections::BTreeSet<&str> = compiled
            .diags
            .sorted()
            .into_iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .filter_map(|d| d.span.map(|s| compiled.map.name(s.file)))
            .collect();
        let broken = |slug: &crate::model::Slug, lang: &crate::model::Lang| {
            [format!("content/declarations/{slug}.{lang}.md"), format!("content/declarations/{slug}/index.{lang}.md")]
                .iter()
                .any(|name| with_errors.contains(name.as_str()))
        };
        print!("{}", translation_report(site, &broken));
        print!("{}", strings_report(&site.config, &site.declarations.iter().map(|d| d.kind.as_str()).collect()));
    }
    let mut broken = 0;
    if links && !compiled.diags.has_errors() {
        let r = crate::linkcheck::check(&outputs);
        for b in &r.broken {
            eprintln!("broken link on {}: `{}`: {}", b.page, b.link, b.why);
        }
        broken = r.broken.len();
        println!("link check: {} pages, {} links, {} broken", r.pages, r.links, broken);
    }
    if broken > 0 {
        eprintln!("\n{}.", plural(broken, "broken link", "broken links"));
        return 1;
    }
    if compiled.diags.has_errors() {
        eprintln!("\n{}.", plural(compiled.diags.error_count(), "error", "errors"));
        1
    } else {
        eprintln!("no errors.");
        0
    }
}

/// Site languages without a built-in table of interface strings: the strings that
/// neither diptych nor `strings:` in site.yaml gives, which are shown in English.
/// `kinds`: the kinds of documents the site has.
pub fn strings_report(config: &crate::model::SiteConfig, kinds: &std::collections::BTreeSet<&str>) -> String {
    let mut out = String::new();
    for lang in &config.languages {
        let missing = crate::render::i18n::missing_keys(lang, config);
        if missing.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "interface strings: `{lang}` has no built-in strings; {} of {} are shown in English (add them under `strings: {{ {lang}: {{ … }} }}` in site.yaml):",
            missing.len(),
            crate::render::i18n::keys().len()
        );
        let _ = writeln!(out, "  {}", missing.join(", "));
    }
    use crate::render::i18n::{has_kind_names, has_names, language_key};
    // Built-in names of kinds and of languages exist in a few page languages; elsewhere
    // they are English until `strings:` gives them.
    // `what: on `xx` pages {named} named in English; give {keys}…`
    let mut ungiven = |what: &str, named: &str, has: fn(&str) -> bool, keys: &dyn Fn(&crate::model::Lang) -> Vec<String>| {
        for lang in config.languages.iter().filter(|l| !has(l.as_str())) {
            let given = config.strings.get(lang);
            let unnamed: Vec<String> = keys(lang).into_iter().filter(|k| !given.is_some_and(|t| t.contains_key(k))).collect();
            if !unnamed.is_empty() {
                let _ = writeln!(
                    out,
                    "{what}: on `{lang}` pages {named} named in English; give {} under `strings: {{ {lang}: {{ … }} }}`",
                    unnamed.join(", ")
                );
            }
        }
    };
    // A kind without a built-in name is named by its id in every language.
    ungiven("kinds of documents", "these are", |_| false, &|lang| {
        let builtin = |k: &str| has_kind_names(lang.as_str()) && crate::render::i18n::is_builtin_kind(k);
        // Not a kind left empty by a file with errors, nor a misspelt built-in one (its
        // warning says which): naming those would be translating a typo.
        let typo = |k: &str| {
            !crate::render::i18n::is_builtin_kind(k) && crate::diag::did_you_mean(k, crate::render::i18n::builtin_kinds()).is_some()
        };
        kinds.iter().filter(|k| !k.is_empty() && !builtin(k) && !typo(k)).map(|k| format!("kind_{k}")).collect()
    });
    ungiven("language names", "the other languages are", has_names, &|lang| {
        config.languages.iter().filter(|other| *other != lang).map(|other| language_key(other.as_str())).collect()
    });
    out
}

/// The translation report as text (stable, sorted by slug then language).
/// `broken`: whether the file of a declaration's text in a language has errors (then a
/// text missing from the site is said to be so, not to not exist).
pub fn translation_report(site: &Site, broken: &dyn Fn(&crate::model::Slug, &crate::model::Lang) -> bool) -> String {
    let mut out = String::new();
    let mut decls: Vec<_> = site.declarations.iter().collect();
    decls.sort_by(|a, b| a.slug.cmp(&b.slug));
    let _ = writeln!(out, "translation report ({}):", plural(decls.len(), "declaration", "declarations"));
    for d in decls {
        let _ = writeln!(out, "  {}", d.slug);
        for lang in &site.config.languages {
            let Some(t) = d.translations.get(lang) else {
                if broken(&d.slug, lang) {
                    let _ = writeln!(out, "    {lang}: its file has errors (above); {} shown instead meanwhile", d.text_for(lang).lang);
                } else {
                    let _ = writeln!(out, "    {lang}: no translation ({} shown instead)", d.text_for(lang).lang);
                }
                continue;
            };
            let missing: Vec<&str> = d.rows.iter().filter(|r| !r.cells.contains_key(lang)).map(|r| r.id.as_str()).collect();
            let extra: Vec<&str> = d
                .rows
                .iter()
                .filter(|r| r.cells.len() == 1 && r.cells.contains_key(lang) && d.translations.len() > 1)
                .map(|r| r.id.as_str())
                .collect();
            let mut line = format!("    {lang}: {}", plural(t.blocks.len(), "block", "blocks"));
            if missing.is_empty() && extra.is_empty() {
                line.push_str(", complete");
            }
            if !missing.is_empty() {
                let _ = write!(line, ", missing {}", missing.iter().map(|m| format!("§{m}")).collect::<Vec<_>>().join(" "));
            }
            if !extra.is_empty() {
                let _ = write!(line, ", only here {}", extra.iter().map(|m| format!("§{m}")).collect::<Vec<_>>().join(" "));
            }
            let _ = writeln!(out, "{line}");
        }
    }
    out
}
