//! Link: every rule that spans files. Merges the translations of each declaration and
//! checks that their language-neutral fields agree, aligns translations block by block
//! on ids, checks annotations against themes.yaml and parties.yaml, resolves
//! cross-references (`UnresolvedRef` → [`Link`]) and builds the reverse graph.
//!
//! Input: parsed documents, in any order. Output: a [`Site`] that rendering only reads.
//! Never: produce HTML or URLs.

mod align;

pub use align::{Row, align};

use crate::diag::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::load::is_lang_code;
use crate::model::{BlockId, Date, Doc, Lang, ParsedDoc, PartyId, Registry, SiteConfig, Slug, ThemeId};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// A resolved cross-reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub slug: Slug,
    pub block: Option<BlockId>,
}

#[derive(Clone, Debug)]
pub struct SignatoryMeta {
    pub name: String,
    pub party: Option<PartyId>,
    /// The signatory's role, in each language that gives one.
    pub roles: BTreeMap<Lang, String>,
}

/// One declaration with all its translations.
#[derive(Clone, Debug)]
pub struct Declaration {
    pub slug: Slug,
    pub date: Date,
    pub kind: String,
    pub parties: Vec<PartyId>,
    pub original: Lang,
    pub signatories: Vec<SignatoryMeta>,
    pub themes: Vec<ThemeId>,
    pub translations: BTreeMap<Lang, Doc>,
    /// Alignment rows, in reading order.
    pub rows: Arc<Vec<Row>>,
    /// Resolved references of each translation, indexed like `ParsedDoc::refs`.
    pub links: BTreeMap<Lang, Vec<Option<Link>>>,
}

impl Declaration {
    /// The translation to show to a reader of `lang`: theirs, or else the original's,
    /// or else the first there is.
    pub fn text_for(&self, lang: &Lang) -> &ParsedDoc {
        self.translations
            .get(lang)
            .or_else(|| self.translations.get(&self.original))
            .or_else(|| self.translations.values().next())
            .expect("a declaration has at least one translation")
    }
}

impl Declaration {
    /// The site language whose page of this declaration shows block `id`: `preferred`
    /// if its text has it, else the original's, else any translation's.
    pub fn page_lang_for_block<'a>(&'a self, preferred: &'a Lang, id: &BlockId) -> &'a Lang {
        let has = |l: &Lang| self.text_for(l).blocks.iter().any(|b| &b.id == id);
        if has(preferred) {
            return preferred;
        }
        if self.translations.contains_key(&self.original) && has(&self.original) {
            return &self.original;
        }
        self.translations.iter().find(|(_, t)| t.blocks.iter().any(|b| &b.id == id)).map(|(l, _)| l).unwrap_or(preferred)
    }
}

/// A free page with its translations.
#[derive(Debug)]
pub struct Page {
    pub slug: Slug,
    pub translations: BTreeMap<Lang, Doc>,
    pub links: BTreeMap<Lang, Vec<Option<Link>>>,
}

/// The linked site: what rendering reads.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub registry: Registry,
    /// Newest first (then by slug).
    pub declarations: Vec<Declaration>,
    pub pages: Vec<Page>,
    /// For each declaration, the declarations that refer to it.
    pub backlinks: BTreeMap<Slug, BTreeSet<Slug>>,
    /// Position of each declaration in `declarations`.
    by_slug: std::collections::HashMap<Slug, usize>,
}

impl Site {
    pub fn declaration(&self, slug: &Slug) -> Option<&Declaration> {
        self.position(slug).map(|i| &self.declarations[i])
    }

    /// Where a declaration is in `declarations` (newest first).
    pub fn position(&self, slug: &Slug) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }
}

/// What linking can reuse between rebuilds (live preview): declarations merged from
/// the same documents under the same configuration, and documents whose references
/// were filled in with the same titles. Keyed by the shared documents' addresses;
/// each entry keeps its documents alive, so an address is never reused while cached.
#[derive(Default)]
pub struct LinkCache {
    /// Configuration and registry the merged declarations were made under.
    fingerprint: String,
    merged: HashMap<Slug, (Vec<Doc>, Declaration)>,
    filled: HashMap<usize, (Doc, Vec<String>, Doc)>,
}

/// Links parsed documents into a [`Site`]. `known` lists every declaration slug found
/// on disk, also those whose file did not parse, so that references to them do not
/// add noise to the real error.
#[allow(clippy::too_many_arguments)]
pub fn link(
    config: SiteConfig,
    registry: Registry,
    check_registry: bool,
    docs: Vec<Doc>,
    pages: Vec<Doc>,
    known: &BTreeSet<Slug>,
    cache: &mut LinkCache,
    diags: &mut Diagnostics,
) -> Site {
    let mut by_slug: BTreeMap<Slug, BTreeMap<Lang, Doc>> = BTreeMap::new();
    for d in docs {
        by_slug.entry(d.slug.clone()).or_default().insert(d.lang.clone(), d);
    }
    let fingerprint = format!("{config:?}|{check_registry}|{registry:?}");
    if fingerprint != cache.fingerprint {
        *cache = LinkCache { fingerprint, ..LinkCache::default() };
    }
    let checker = Checker { registry: &registry, enabled: check_registry };
    let mut declarations = Vec::new();
    let mut merged = HashMap::with_capacity(by_slug.len());
    for (slug, translations) in by_slug {
        let docs: Vec<Doc> = translations.values().cloned().collect();
        let same = |(old, _): &(Vec<Doc>, Declaration)| old.len() == docs.len() && old.iter().zip(&docs).all(|(a, b)| Arc::ptr_eq(a, b));
        if let Some((_, d)) = cache.merged.remove(&slug).filter(same) {
            declarations.push(d.clone());
            merged.insert(slug, (docs, d));
            continue;
        }
        let before = diags.len();
        if let Some(d) = merge(slug.clone(), translations, &config, &checker, diags) {
            if diags.len() == before {
                merged.insert(slug, (docs, d.clone()));
            }
            declarations.push(d);
        }
    }
    cache.merged = merged;
    declarations.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));

    // Cross-references.
    // Every slug, with the block ids of those that something refers to.
    let referenced: BTreeSet<Slug> = declarations
        .iter()
        .flat_map(|d| d.translations.values())
        .chain(pages.iter())
        .flat_map(|t| t.refs.iter().map(|r| r.slug.clone()))
        .collect();
    let targets: BTreeMap<Slug, BTreeSet<BlockId>> = declarations
        .iter()
        .map(|d| {
            let blocks = if referenced.contains(&d.slug) {
                d.translations.values().flat_map(|t| t.blocks.iter().map(|b| b.id.clone())).collect()
            } else {
                BTreeSet::new()
            };
            (d.slug.clone(), blocks)
        })
        .collect();
    let resolve = |from: Option<&Slug>, doc: &ParsedDoc, diags: &mut Diagnostics| -> Vec<Option<Link>> {
        doc.refs
            .iter()
            .map(|r| {
                let Some(blocks) = targets.get(&r.slug) else {
                    if !known.contains(&r.slug) {
                        diags.push(Diagnostic::error(format!("cross-reference to unknown declaration `{}`", r.slug)).at(r.span).help(
                            match did_you_mean(r.slug.as_str(), targets.keys().map(|s| s.as_str())) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => "use the slug of a file in content/declarations/ (its name without `.<lang>.md`)".into(),
                            },
                        ));
                    }
                    return None;
                };
                if from == Some(&r.slug) && r.block.is_none() {
                    diags.push(
                        Diagnostic::error(format!("`{}` refers to itself", r.slug))
                            .at(r.span)
                            .help("to point at a paragraph of this declaration, add its id: `[[slug§4]]`"),
                    );
                    return None;
                }
                if let Some(b) = &r.block {
                    if !blocks.contains(b) {
                        diags.push(Diagnostic::error(format!("declaration `{}` has no block `§{b}`", r.slug)).at(r.span).help(
                            match did_you_mean(b.as_str(), blocks.iter().map(|b| b.as_str())) {
                                Some(s) => format!("did you mean `§{s}`?"),
                                None => "check the block ids in that declaration's annotations".into(),
                            },
                        ));
                        return None;
                    }
                }
                Some(Link { slug: r.slug.clone(), block: r.block.clone() })
            })
            .collect()
    };
    let mut backlinks: BTreeMap<Slug, BTreeSet<Slug>> = BTreeMap::new();
    // Titles of every declaration in every language, for the text of references.
    let titles: BTreeMap<Slug, BTreeMap<Lang, String>> = declarations
        .iter()
        .map(|d| (d.slug.clone(), d.translations.iter().map(|(l, t)| (l.clone(), t.front.title.clone().unwrap_or_default())).collect()))
        .collect();
    let mut used = std::collections::HashSet::new();
    for d in &mut declarations {
        let langs: Vec<Lang> = d.translations.keys().cloned().collect();
        for lang in langs {
            let doc = &d.translations[&lang];
            let links = resolve(Some(&d.slug), doc, diags);
            // Documents with references get their titles filled in, in a copy: reused
            // while the document and the titles are the same.
            if !doc.refs.is_empty() && doc.blocks.iter().any(|b| b.text.contains('\u{E000}')) {
                let texts: Vec<String> = (0..doc.refs.len())
                    .map(|n| match links.get(n) {
                        Some(Some(l)) => {
                            let t = &titles[&l.slug];
                            let mut text = t.get(&lang).or_else(|| t.values().next()).cloned().unwrap_or_else(|| l.slug.to_string());
                            if let Some(id) = &l.block {
                                text.push_str(&format!(" §{id}"));
                            }
                            text
                        }
                        _ => String::new(),
                    })
                    .collect();
                let key = Arc::as_ptr(doc) as usize;
                let filled = match cache.filled.get(&key).filter(|(_, t, _)| *t == texts) {
                    Some((_, _, filled)) => filled.clone(),
                    None => {
                        let mut copy = (**doc).clone();
                        for b in &mut copy.blocks {
                            if b.text.contains('\u{E000}') {
                                b.text = crate::parse::fill(&b.text, |hole, out| {
                                    if let crate::parse::Hole::RefText(n) = hole {
                                        out.push_str(texts.get(n).map(String::as_str).unwrap_or(""));
                                    }
                                });
                            }
                        }
                        let filled = Arc::new(copy);
                        cache.filled.insert(key, (doc.clone(), texts, filled.clone()));
                        filled
                    }
                };
                used.insert(key);
                d.translations.insert(lang.clone(), filled);
            }
            let doc = &d.translations[&lang];
            for l in links.iter().flatten() {
                if l.slug != d.slug {
                    backlinks.entry(l.slug.clone()).or_default().insert(d.slug.clone());
                }
            }
            let _ = doc;
            d.links.insert(lang.clone(), links);
        }
    }
    cache.filled.retain(|k, _| used.contains(k));
    let mut page_map: BTreeMap<Slug, BTreeMap<Lang, Doc>> = BTreeMap::new();
    for p in pages {
        page_map.entry(p.slug.clone()).or_default().insert(p.lang.clone(), p);
    }
    let pages = page_map
        .into_iter()
        .map(|(slug, translations)| {
            let links = translations.iter().map(|(l, doc)| (l.clone(), resolve(None, doc, diags))).collect();
            Page { slug, translations, links }
        })
        .collect();
    let by_slug = declarations.iter().enumerate().map(|(i, d)| (d.slug.clone(), i)).collect();
    Site { config, registry, declarations, pages, backlinks, by_slug }
}

struct Checker<'a> {
    registry: &'a Registry,
    enabled: bool,
}

impl Checker<'_> {
    fn theme(&self, id: &ThemeId, span: Span, diags: &mut Diagnostics) {
        if self.enabled && !self.registry.themes.contains_key(id) {
            diags.push(Diagnostic::error(format!("unknown theme `#{id}`")).at(span).help(
                match did_you_mean(id.as_str(), self.registry.themes.keys().map(|t| t.as_str())) {
                    Some(s) => format!("did you mean `#{s}`?"),
                    None => "themes are defined in content/themes.yaml: add it there or use an existing one".into(),
                },
            ));
        }
    }
    fn party(&self, id: &PartyId, span: Span, diags: &mut Diagnostics) {
        if self.enabled && !self.registry.parties.contains_key(id) {
            diags.push(Diagnostic::error(format!("unknown party `@{id}`")).at(span).help(
                match did_you_mean(id.as_str(), self.registry.parties.keys().map(|t| t.as_str())) {
                    Some(s) => format!("did you mean `@{s}`?"),
                    None => "parties are defined in content/parties.yaml: add it there or use an existing one".into(),
                },
            ));
        }
    }
}

/// One language-neutral field as each translation gives it; the first value wins and
/// every different one is an error naming both files.
fn agree<T: PartialEq + Clone + std::fmt::Debug>(
    field: &str,
    values: impl Iterator<Item = (T, Span)>,
    show: impl Fn(&T) -> String,
    diags: &mut Diagnostics,
) -> Option<T> {
    let mut first: Option<(T, Span)> = None;
    for (v, span) in values {
        match &first {
            None => first = Some((v, span)),
            Some((f, fspan)) if *f != v => diags.push(
                Diagnostic::error(format!("translations disagree on `{field}`: {} here, {} in the other file", show(&v), show(f)))
                    .at(span)
                    .related(*fspan, format!("`{field}` is {} here", show(f)))
                    .help(format!(
                        "`{field}` does not depend on the language: make it the same in every translation, or keep it in one file only"
                    )),
            ),
            _ => {}
        }
    }
    first.map(|(v, _)| v)
}

fn merge(
    slug: Slug,
    translations: BTreeMap<Lang, Doc>,
    config: &SiteConfig,
    checker: &Checker<'_>,
    diags: &mut Diagnostics,
) -> Option<Declaration> {
    // Translations in site-language order, so "first" is stable and meaningful.
    let ordered: Vec<&ParsedDoc> = config.languages.iter().filter_map(|l| translations.get(l).map(|d| &**d)).collect();
    let first = ordered.first()?;
    let at_top = |d: &ParsedDoc| Span::new(d.file, 0, 0);
    let date = agree("date", ordered.iter().filter_map(|d| d.front.date), |d| d.to_string(), diags);
    let kind = agree("kind", ordered.iter().filter_map(|d| d.front.kind.clone()), |k| format!("`{k}`"), diags);
    let parties = agree(
        "parties",
        ordered.iter().filter_map(|d| d.front.parties.as_ref().map(|(p, s)| (p.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(), *s))),
        |p| format!("[{}]", p.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(", ")),
        diags,
    );
    let original = agree("original", ordered.iter().filter_map(|d| d.front.original.clone()), |l| format!("`{l}`"), diags);
    let signatories = agree(
        "signatories",
        ordered.iter().filter_map(|d| {
            d.front
                .signatories
                .as_ref()
                .map(|(list, s)| (list.iter().map(|(sig, _)| (sig.name.clone(), sig.party.clone())).collect::<Vec<_>>(), *s))
        }),
        |l| format!("[{}]", l.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")),
        diags,
    );
    let mut missing = |field: &str, example: &str| {
        diags.push(
            Diagnostic::error(format!("declaration `{slug}` has no `{field}` in any translation"))
                .at(at_top(first))
                .help(format!("add `{field}: {example}` to the front matter of one translation")),
        );
    };
    // An invalid date has been reported where it stands; do not add "missing".
    if date.is_none() && ordered.iter().all(|d| !d.front.date_written) {
        missing("date", "2021-11-30");
    }
    if kind.is_none() {
        missing("kind", "joint-declaration");
    }
    if parties.is_none() {
        missing("parties", "[be, uk]");
    }
    if original.is_none() {
        missing("original", first.lang.as_str());
    }
    // Registry checks for every translation.
    for d in &ordered {
        for (p, span) in d.front.parties.iter().flat_map(|(p, _)| p) {
            checker.party(p, *span, diags);
        }
        for (t, span) in &d.front.themes {
            checker.theme(t, *span, diags);
        }
        for (sig, span) in d.front.signatories.iter().flat_map(|(s, _)| s) {
            if let Some(p) = &sig.party {
                checker.party(p, *span, diags);
            }
        }
        for b in &d.blocks {
            for (t, span) in &b.themes {
                checker.theme(t, *span, diags);
            }
            for (p, span) in &b.parties {
                checker.party(p, *span, diags);
            }
        }
        if let Some((l, span)) = &d.front.original {
            if !is_lang_code(l.as_str()) {
                diags.push(
                    Diagnostic::error(format!("`{l}` is not a language code")).at(*span).help("use a code such as `nl`, `en` or `fr`"),
                );
            }
        }
    }
    let (date, kind, parties, original) = (date?, kind?, parties?, original?);
    let mut sigs: Vec<SignatoryMeta> =
        signatories.unwrap_or_default().into_iter().map(|(name, party)| SignatoryMeta { name, party, roles: BTreeMap::new() }).collect();
    for d in &ordered {
        if let Some((list, _)) = &d.front.signatories {
            for (meta, (sig, _)) in sigs.iter_mut().zip(list) {
                if let Some(role) = &sig.role {
                    meta.roles.insert(d.lang.clone(), role.clone());
                }
            }
        }
    }
    let mut themes: Vec<ThemeId> = Vec::new();
    for d in &ordered {
        for (t, _) in &d.front.themes {
            if !themes.contains(t) {
                themes.push(t.clone());
            }
        }
    }
    let rows = Arc::new(align(&ordered, Some(&original)));
    Some(Declaration { slug, date, kind, parties, original, signatories: sigs, themes, translations, rows, links: BTreeMap::new() })
}
