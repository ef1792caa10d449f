//! A whole build, in memory, of a site whose one declaration is the input: parse → link
//! → render → search index, and every diagnostic rendered as the CLI does. Never panics.
#![no_main]

use diptych::diag::{Diagnostics, FileId, SourceMap, Span, render_plain, render_terminal};
use diptych::load::DocFile;
use diptych::model::{Lang, Party, PartyId, Registry, SiteConfig, Slug, Theme as ThemeEntry, ThemeId};
use diptych::parse::{Mode, parse};
use diptych::render::{Options, Theme};
use libfuzzer_sys::fuzz_target;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| Theme::load(None, &mut Diagnostics::default()).expect("default theme"))
}

fn localized(nl: &str, en: &str) -> BTreeMap<Lang, String> {
    BTreeMap::from([(Lang("nl".into()), nl.into()), (Lang("en".into()), en.into())])
}

fn config() -> SiteConfig {
    SiteConfig {
        title: localized("T", "T"),
        description: BTreeMap::new(),
        base_url: "https://example.gov/".into(),
        languages: vec![Lang("nl".into()), Lang("en".into())],
        theme: "default".into(),
        strings: BTreeMap::new(),
        pretty_urls: false,
        organization: None,
        identifier: None,
    }
}

fn registry(span: Span) -> Registry {
    let mut r = Registry::default();
    for (id, nl, en, parent) in [("energy", "Energie", "Energy", None), ("trade", "Handel", "Trade", Some("energy"))] {
        r.themes.insert(ThemeId(id.into()), ThemeEntry { id: ThemeId(id.into()), label: localized(nl, en), parent: parent.map(|p: &str| ThemeId(p.into())), span });
    }
    for (id, nl, en, part_of) in [("be", "België", "Belgium", None), ("uk", "VK", "UK", None), ("vl", "Vlaanderen", "Flanders", Some("be"))] {
        r.parties.insert(PartyId(id.into()), Party { id: PartyId(id.into()), name: localized(nl, en), kind: "state".into(), part_of: part_of.map(|p: &str| PartyId(p.into())), span });
    }
    r
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut map = SourceMap::default();
    let file = map.add("content/declarations/2021-01-01-x.nl.md".into(), "content/declarations/2021-01-01-x.nl.md".into(), text.to_string());
    assert_eq!(file, FileId(0));
    let doc = DocFile { file, slug: Slug("2021-01-01-x".into()), lang: Lang("nl".into()), bundle: None };
    let mut diags = Diagnostics::default();
    let docs: Vec<_> = parse(&map, &doc, Mode::Declaration, &mut diags).into_iter().map(std::sync::Arc::new).collect();
    let known: BTreeSet<Slug> = BTreeSet::from([doc.slug.clone(), Slug("2021-02-02-y".into())]);
    let site = diptych::link::link(config(), registry(Span::new(file, 0, 0)), true, docs, Vec::new(), &|s: &Slug| known.contains(s), &mut Default::default(), &mut diags);
    if !diags.has_errors() {
        let outputs = diptych::render::render(&site, theme(), &[], &Options::default(), &mut diags);
        let index = diptych::search::build(&site);
        assert!(!outputs.is_empty() && !index.is_empty());
    }
    let sorted = diags.sorted();
    for d in &sorted {
        if let Some(span) = d.span {
            assert!(span.end <= text.len(), "{span:?} outside {}: {}", text.len(), d.message);
        }
        render_plain(&map, d);
    }
    render_terminal(&map, &sorted, false);
});
