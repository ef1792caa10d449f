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
use crate::fx::{HashMap, HashSet};
use crate::load::is_lang_code;
use crate::model::{BlockId, Date, Doc, Lang, ParsedDoc, PartyId, Registry, SiteConfig, Slug, ThemeId};
use std::collections::{BTreeMap, BTreeSet};
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
    /// The name per language, when given so (see [`SignatoryMeta::name_in`]).
    pub names: BTreeMap<Lang, String>,
    pub party: Option<PartyId>,
    /// The signatory's role, in each language that gives one.
    pub roles: BTreeMap<Lang, String>,
}

impl SignatoryMeta {
    /// The name to show in `lang`, and the language it is written in when it is given per
    /// language: the name in `lang`, else in the original's language, else the first.
    pub fn name_in(&self, lang: &Lang, original: &Lang) -> (&str, Option<&Lang>) {
        match self.names.get_key_value(lang).or_else(|| self.names.get_key_value(original)).or_else(|| self.names.iter().next()) {
            Some((l, n)) => (n, Some(l)),
            None => (&self.name, None),
        }
    }
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
    /// Newest first (then by slug). Shared, so that live preview reuses the
    /// declarations an edit did not touch.
    pub declarations: Vec<Arc<Declaration>>,
    pub pages: Vec<Page>,
    /// For each declaration, the declarations that refer to it.
    pub backlinks: BTreeMap<Slug, BTreeSet<Slug>>,
    /// Position of each declaration in `declarations`.
    by_slug: HashMap<Slug, usize>,
}

impl Site {
    pub fn declaration(&self, slug: &Slug) -> Option<&Declaration> {
        self.position(slug).map(|i| &*self.declarations[i])
    }

    /// Where a declaration is in `declarations` (newest first).
    pub fn position(&self, slug: &Slug) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }
}

/// What linking can reuse between rebuilds (live preview): each declaration as linked
/// from the same documents, and documents whose references were filled in with the
/// same titles. Keyed by slug and by the shared documents' addresses; each entry keeps
/// its documents alive, so an address is never reused while cached. Only what linked
/// without any diagnostic is kept, so a problem is reported on every rebuild.
#[derive(Default)]
pub struct LinkCache {
    /// A one-shot build: nothing is kept for a next time, so documents are given their
    /// reference texts in place (else in copies, the originals kept).
    one_shot: bool,
    /// Configuration and registry the declarations were linked under.
    fingerprint: String,
    /// Per slug: the documents (site-language order) and the declaration linked from them.
    linked: HashMap<Slug, (Vec<Doc>, Arc<Declaration>)>,
    filled: HashMap<usize, (Doc, Vec<String>, Doc)>,
}

impl LinkCache {
    /// For a build that links once: nothing is kept, and documents are given their
    /// reference texts in place instead of in copies.
    pub fn one_shot() -> LinkCache {
        LinkCache { one_shot: true, ..LinkCache::default() }
    }
}

/// A declaration being linked: reused as it was linked last time, or merged anew and
/// still to be resolved.
#[allow(clippy::large_enum_variant)] // a few thousand, each moved once
enum Entry {
    Reused(Vec<Doc>, Arc<Declaration>),
    Fresh { docs: Vec<Doc>, decl: Declaration, clean: bool },
}

impl Entry {
    fn decl(&self) -> &Declaration {
        match self {
            Entry::Reused(_, d) => d,
            Entry::Fresh { decl, .. } => decl,
        }
    }
}

/// What other declarations see of a declaration when their references are resolved:
/// its titles and its block ids.
fn face(d: &Declaration) -> (Vec<(&Lang, Option<&str>)>, Vec<&BlockId>) {
    (
        d.translations.iter().map(|(l, t)| (l, t.front.title.as_deref())).collect(),
        d.translations.values().flat_map(|t| t.blocks.iter().map(|b| &b.id)).collect(),
    )
}

/// Fills the reference holes in the texts of `doc`'s blocks and footnotes with `texts`
/// (by reference number).
fn fill_reference_texts(doc: &mut crate::model::ParsedDoc, texts: &[String]) {
    let fill = |text: &str| {
        crate::parse::fill(text, |hole, out| {
            if let crate::parse::Hole::RefText(n) = hole {
                out.push_str(texts.get(n).map(String::as_str).unwrap_or(""));
            }
        })
    };
    let old = doc.texts.unpack();
    if holds_hole(&old) {
        let mut new = String::with_capacity(old.len());
        for b in &mut doc.blocks {
            let (start, text) = (new.len(), b.text_in(&old));
            if holds_hole(text) {
                new.push_str(&fill(text));
            } else {
                new.push_str(text);
            }
            b.text = start as u32..new.len() as u32;
        }
        doc.texts = crate::model::PackedText::new(&new);
    }
    for f in &mut doc.footnotes {
        if holds_hole(&f.text) {
            f.text = fill(&f.text);
        }
    }
}

/// Whether `text` holds a reference hole (see [`crate::parse::hole`]).
fn holds_hole(text: &str) -> bool {
    text.contains('\u{E000}')
}

/// Links parsed documents into a [`Site`]. `known` says whether a slug is a declaration
/// found on disk, also one whose file did not parse, so that references to it do not
/// add noise to the real error.
///
/// With a [`LinkCache`] from the previous link, an edit costs what it changes: a
/// declaration whose documents are the same is reused whole, unless a declaration
/// came, went or changed its titles or block ids (then every reference is resolved
/// again).
#[allow(clippy::too_many_arguments)]
pub fn link(
    config: SiteConfig,
    registry: Registry,
    check_registry: bool,
    mut docs: Vec<Doc>,
    pages: Vec<Doc>,
    known: &dyn Fn(&Slug) -> bool,
    partial: &dyn Fn(&Slug) -> bool,
    cache: &mut LinkCache,
    diags: &mut Diagnostics,
) -> Site {
    let fingerprint = format!("{config:?}|{check_registry}|{registry:?}");
    if fingerprint != cache.fingerprint {
        *cache = LinkCache { fingerprint, one_shot: cache.one_shot, ..LinkCache::default() };
    }
    let checker = Checker { registry: &registry, enabled: check_registry };
    // The translations of a declaration next to each other (stable: in the order given).
    docs.sort_by(|a, b| a.slug.cmp(&b.slug));
    let mut old = std::mem::take(&mut cache.linked);
    // Whether what references resolve against changed (a declaration came, went, or
    // changed its titles or block ids).
    let mut moved = false;
    let mut entries: Vec<Entry> = Vec::new();
    for group in docs.chunk_by(|a, b| a.slug == b.slug) {
        let slug = &group[0].slug;
        let previous = old.remove(slug);
        if let Some((old_docs, d)) = &previous
            && old_docs.len() == group.len()
            && old_docs.iter().zip(group).all(|(a, b)| Arc::ptr_eq(a, b))
        {
            entries.push(Entry::Reused(group.to_vec(), Arc::clone(d)));
            continue;
        }
        let mut translations: BTreeMap<Lang, Doc> = BTreeMap::new();
        for d in group {
            // A second file of the same slug and language cannot come from disk (one
            // name, one file); the first one wins.
            translations.entry(d.lang.clone()).or_insert_with(|| d.clone());
        }
        let before = diags.len();
        match merge(slug.clone(), translations, &config, &checker, partial(slug), diags) {
            Some(decl) => {
                moved |= previous.as_ref().is_none_or(|(_, p)| face(p) != face(&decl));
                let docs = if cache.one_shot { Vec::new() } else { group.to_vec() };
                entries.push(Entry::Fresh { docs, decl, clean: diags.len() == before });
            }
            None => moved = true,
        }
    }
    moved |= !old.is_empty();
    drop(old);
    // The documents are held by their declarations now (and by the entries, to be cached).
    drop(docs);
    if moved {
        // Every reference is resolved again, from the documents as parsed.
        for e in &mut entries {
            if let Entry::Reused(docs, d) = e {
                let mut decl = (**d).clone();
                decl.translations = docs.iter().map(|doc| (doc.lang.clone(), doc.clone())).collect();
                decl.links = BTreeMap::new();
                *e = Entry::Fresh { docs: std::mem::take(docs), decl, clean: true };
            }
        }
    }

    // Cross-references, resolved against every declaration by slug.
    let index: HashMap<&Slug, usize> = entries.iter().enumerate().map(|(i, e)| (&e.decl().slug, i)).collect();
    let find = |slug: &Slug| index.get(slug).map(|&i| entries[i].decl());
    let slugs = || index.keys().map(|s| s.as_str()).collect::<Vec<_>>();
    // The text of a reference: the target's title in the document's language (or any
    // title, or the slug), with the block.
    let ref_text = |l: &Link, lang: &Lang| -> String {
        let target = entries[index[&l.slug]].decl();
        let title = |t: &Doc| t.front.title.clone().unwrap_or_default();
        let mut text =
            target.translations.get(lang).or_else(|| target.translations.values().next()).map(title).unwrap_or_else(|| l.slug.to_string());
        if let Some(id) = &l.block {
            text.push_str(&format!(" §{id}"));
        }
        text
    };
    // Per fresh declaration: each translation's links, and where it has references in its
    // text, their texts, or its document with them filled in as cached.
    // (entry, per translation: (language, links, reference texts), resolved cleanly)
    type Resolved = (usize, Vec<(Lang, Vec<Option<Link>>, Option<Filling>)>, bool);
    enum Filling {
        Cached(Doc),
        Texts(Vec<String>),
    }
    let mut resolved: Vec<Resolved> = Vec::new();
    let mut used = HashSet::default();
    for (i, e) in entries.iter().enumerate() {
        let Entry::Fresh { decl, .. } = e else { continue };
        let before = diags.len();
        let mut per_lang = Vec::new();
        for (lang, doc) in &decl.translations {
            let links = resolve(Some(&decl.slug), doc, &find, &slugs, known, diags);
            let mut filled = None;
            if !doc.refs.is_empty() && (holds_hole(&doc.texts.unpack()) || doc.footnotes.iter().any(|f| holds_hole(&f.text))) {
                let texts: Vec<String> = (0..doc.refs.len())
                    .map(|n| match links.get(n) {
                        Some(Some(l)) => ref_text(l, lang),
                        _ => String::new(),
                    })
                    .collect();
                let key = Arc::as_ptr(doc) as usize;
                used.insert(key);
                filled = Some(match cache.filled.get(&key).filter(|(_, t, _)| *t == texts) {
                    Some((_, _, filled)) => Filling::Cached(filled.clone()),
                    None => Filling::Texts(texts),
                });
            }
            per_lang.push((lang.clone(), links, filled));
        }
        resolved.push((i, per_lang, diags.len() == before));
    }
    drop(index);
    for (i, per_lang, clean_refs) in resolved {
        if let Entry::Fresh { decl, clean, .. } = &mut entries[i] {
            *clean &= clean_refs;
            for (lang, links, filled) in per_lang {
                match filled {
                    Some(Filling::Cached(doc)) => {
                        decl.translations.insert(lang.clone(), doc);
                    }
                    Some(Filling::Texts(texts)) => {
                        let slot = decl.translations.get_mut(&lang).expect("a translation resolved above");
                        // To be cached, the document as parsed is kept and a copy filled;
                        // else it is filled in place (it has no other holder).
                        let original = (!cache.one_shot).then(|| Arc::clone(slot));
                        fill_reference_texts(Arc::make_mut(slot), &texts);
                        if let Some(original) = original {
                            cache.filled.insert(Arc::as_ptr(&original) as usize, (original, texts, Arc::clone(slot)));
                        }
                    }
                    None => {}
                }
                decl.links.insert(lang, links);
            }
        }
    }
    if moved {
        cache.filled.retain(|k, _| used.contains(k));
    } else {
        // Reused declarations keep their filled documents too.
        for e in &entries {
            if let Entry::Reused(docs, _) = e {
                used.extend(docs.iter().map(|d| Arc::as_ptr(d) as usize));
            }
        }
        cache.filled.retain(|k, _| used.contains(k));
    }

    let mut declarations: Vec<Arc<Declaration>> = Vec::with_capacity(entries.len());
    for e in entries {
        match e {
            Entry::Reused(docs, d) => {
                cache.linked.insert(d.slug.clone(), (docs, Arc::clone(&d)));
                declarations.push(d);
            }
            Entry::Fresh { docs, decl, clean } => {
                let d = Arc::new(decl);
                if clean && !cache.one_shot {
                    cache.linked.insert(d.slug.clone(), (docs, Arc::clone(&d)));
                }
                declarations.push(d);
            }
        }
    }
    declarations.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    let mut backlinks: BTreeMap<Slug, BTreeSet<Slug>> = BTreeMap::new();
    for d in &declarations {
        for l in d.links.values().flatten().flatten() {
            if l.slug != d.slug {
                backlinks.entry(l.slug.clone()).or_default().insert(d.slug.clone());
            }
        }
    }

    let by_slug: HashMap<Slug, usize> = declarations.iter().enumerate().map(|(i, d)| (d.slug.clone(), i)).collect();
    let mut page_map: BTreeMap<Slug, BTreeMap<Lang, Doc>> = BTreeMap::new();
    for p in pages {
        page_map.entry(p.slug.clone()).or_default().insert(p.lang.clone(), p);
    }
    // Free pages refer to declarations; they are few, and resolved every time.
    let find = |slug: &Slug| by_slug.get(slug).map(|&i| &*declarations[i]);
    let slugs = || declarations.iter().map(|d| d.slug.as_str()).collect::<Vec<_>>();
    let pages = page_map
        .into_iter()
        .map(|(slug, translations)| {
            let links = translations.iter().map(|(l, doc)| (l.clone(), resolve(None, doc, &find, &slugs, known, diags))).collect();
            Page { slug, translations, links }
        })
        .collect();
    check_kinds(&declarations, &config, diags);
    Site { config, registry, declarations, pages, backlinks, by_slug }
}

/// A kind without a built-in name (`exchange-of-letters`) is named by its id on every
/// page unless site.yaml names it: a warning, once per kind (at its first file), with
/// the nearest built-in kind where it looks like a slip (`summit-declaraton`), else the
/// `strings:` keys that would name it in the languages that lack them.
fn check_kinds(declarations: &[Arc<Declaration>], config: &SiteConfig, diags: &mut Diagnostics) {
    use crate::render::i18n::builtin_kinds;
    let mut seen = BTreeSet::new();
    for d in declarations {
        if crate::render::i18n::is_builtin_kind(&d.kind) || !seen.insert(d.kind.as_str()) {
            continue;
        }
        // Where this kind is written (translations that disagree on it are an error of
        // their own).
        let Some((_, span)) = d.translations.values().find_map(|t| t.front.kind.as_ref().filter(|(k, _)| *k == d.kind)) else { continue };
        let key = format!("kind_{}", d.kind);
        let unnamed: Vec<&str> =
            config.languages.iter().filter(|l| !config.strings.get(*l).is_some_and(|t| t.contains_key(&key))).map(|l| l.as_str()).collect();
        let near = did_you_mean(&d.kind, builtin_kinds());
        if unnamed.is_empty() && near.is_none() {
            continue;
        }
        let shown = crate::render::i18n::kind_label(&d.kind, "en");
        let w = match near {
            Some(k) => {
                Diagnostic::warning(format!("kind `{}` has no built-in name", d.kind)).at(*span).label("not a built-in kind").help(format!(
                    "did you mean `{k}`? The built-in kinds are {}; another kind is named by its id (“{shown}”) unless site.yaml names it",
                    builtin_kinds().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ))
            }
            None => Diagnostic::warning(format!("kind `{}` has no built-in name: its pages show “{shown}” in every language", d.kind))
                .at(*span)
                .label("named by its id")
                .help(format!(
                    "name it in site.yaml for {}: `strings: {{ {}: {{ {key}: … }} }}`",
                    unnamed.join(", "),
                    unnamed.first().copied().unwrap_or("en")
                )),
        };
        diags.push(w);
    }
}

/// Resolves the references of `doc` (of declaration `from`, or of a free page):
/// `find` gives a declaration by slug, `slugs` every slug (for suggestions).
fn resolve<'d>(
    from: Option<&Slug>,
    doc: &ParsedDoc,
    find: &dyn Fn(&Slug) -> Option<&'d Declaration>,
    slugs: &dyn Fn() -> Vec<&'d str>,
    known: &dyn Fn(&Slug) -> bool,
    diags: &mut Diagnostics,
) -> Vec<Option<Link>> {
    doc.refs
        .iter()
        .map(|r| {
            let Some(target) = find(&r.slug) else {
                if !known(&r.slug) {
                    let mut all = slugs();
                    all.sort_unstable();
                    diags.push(Diagnostic::error(format!("cross-reference to unknown declaration `{}`", r.slug)).at(r.span).help(
                        match did_you_mean(r.slug.as_str(), all) {
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
                let blocks: BTreeSet<&BlockId> = target.translations.values().flat_map(|t| t.blocks.iter().map(|b| &b.id)).collect();
                if !blocks.contains(b) {
                    // A near id where the id is a word (`§preambel`); numbers are all near
                    // each other, so for them (and when nothing is near) the ids it has.
                    let near = (b.as_str().len() > 2).then(|| did_you_mean(b.as_str(), blocks.iter().map(|b| b.as_str()))).flatten();
                    diags.push(Diagnostic::error(format!("declaration `{}` has no block `§{b}`", r.slug)).at(r.span).help(match near {
                        Some(s) => format!("did you mean `§{s}`?"),
                        None => {
                            // Every id of a declaration of usual length; of a longer one,
                            // the 20 around where this one would stand (`§33`: §24 … §43).
                            let all: Vec<&BlockId> = target.rows.iter().map(|row| &row.id).collect();
                            let number = |id: &str| id.parse::<u64>().ok();
                            let at = match number(b.as_str()) {
                                Some(n) => all.iter().position(|id| number(id.as_str()).is_some_and(|m| m >= n)).unwrap_or(all.len()),
                                None => 0,
                            };
                            let from = at.saturating_sub(10).min(all.len().saturating_sub(20));
                            let shown: Vec<String> = all.iter().skip(from).take(20).map(|id| format!("§{id}")).collect();
                            let after = all.len() - from - shown.len();
                            let around = match (from, after) {
                                (0, 0) => String::new(),
                                (0, a) => format!(" ({a} more after them)"),
                                (b, 0) => format!(" ({b} more before them)"),
                                (b, a) => format!(" ({b} more before them, {a} after)"),
                            };
                            let which = if around.is_empty() { "its blocks are" } else { "its blocks there are" };
                            format!("{which} {}{around}", shown.join(", "))
                        }
                    }));
                    return None;
                }
            }
            Some(Link { slug: r.slug.clone(), block: r.block.clone() })
        })
        .collect()
}

struct Checker<'a> {
    registry: &'a Registry,
    enabled: bool,
}

/// Where an id is written: in an annotation (`#energy`, `@be`) or in front matter, where
/// it is a plain YAML value (`themes: [energy]`: `#` would start a YAML comment there).
#[derive(Clone, Copy, PartialEq)]
enum Written {
    Annotation,
    Front,
}

impl Checker<'_> {
    fn theme(&self, id: &ThemeId, span: Span, written: Written, diags: &mut Diagnostics) {
        if self.enabled && !self.registry.themes.contains_key(id) {
            let named = self.registry.themes.values().map(|t| (t.id.as_str(), &t.label));
            diags.push(unknown(("theme", "themes", written.sigil("#"), "themes.yaml"), id.as_str(), named, span));
        }
    }
    fn party(&self, id: &PartyId, span: Span, written: Written, diags: &mut Diagnostics) {
        if self.enabled && !self.registry.parties.contains_key(id) {
            let named = self.registry.parties.values().map(|p| (p.id.as_str(), &p.name));
            diags.push(unknown(("party", "parties", written.sigil("@"), "parties.yaml"), id.as_str(), named, span));
        }
    }
}

impl Written {
    /// The sigil an id is written with here: the annotation's (`#`, `@`), none in front matter.
    fn sigil(self, annotation: &'static str) -> &'static str {
        if self == Written::Front { "" } else { annotation }
    }
}

/// "unknown theme `#enrgy`" (`what`, its plural, its sigil as written, none in front
/// matter, and the file that defines them), with the id nearest in spelling, or else
/// the one whose name it spells, as the help.
fn unknown<'a>(
    (what, plural, sigil, file): (&str, &str, &str, &str),
    id: &str,
    named: impl Iterator<Item = (&'a str, &'a crate::model::Localized)> + Clone,
    span: Span,
) -> Diagnostic {
    let near = did_you_mean(id, named.clone().map(|(id, _)| id)).or_else(|| by_name(id, named));
    Diagnostic::error(format!("unknown {what} `{sigil}{id}`")).at(span).help(match near {
        Some(s) => format!("did you mean `{sigil}{s}`?"),
        None => format!("{plural} are defined in content/{file}: add it there or use an existing one"),
    })
}

/// The id of the theme or party whose name, in any language, `wrong` spells (`@andalucia`
/// for `and`, named "Andalucía"), accents, case and spaces aside, or nearly so.
fn by_name<'a>(wrong: &str, items: impl Iterator<Item = (&'a str, &'a crate::model::Localized)>) -> Option<String> {
    let fold = |s: &str| deunicode::deunicode(s).to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>();
    let names: Vec<(String, &str)> = items.flat_map(|(id, names)| names.values().map(move |n| (fold(n), id))).collect();
    let wrong = fold(wrong);
    let id_of = |name: &str| names.iter().find(|(n, _)| n == name).map(|(_, id)| id.to_string());
    id_of(&wrong).or_else(|| did_you_mean(&wrong, names.iter().map(|(n, _)| n.as_str())).and_then(|n| id_of(&n)))
}

/// Two ids an editor wrote that stand at the same place in two translations, each in
/// one of them only (`§4.c` in the original, `§4.d` in a translation): most likely one
/// paragraph under two ids, a slip that would show it as two half-empty rows. A warning
/// on the translation's block; two paragraphs that really differ keep their ids.
fn warn_differing_ids(rows: &[Row], ordered: &[&ParsedDoc], original: &Lang, diags: &mut Diagnostics) {
    // The translation and block of a row that one translation alone has, under an id written by the editor.
    fn alone<'a>(r: &'a Row, ordered: &[&'a ParsedDoc]) -> Option<(&'a Lang, &'a crate::model::Block)> {
        let (lang, i) = r.cells.iter().next().filter(|_| r.cells.len() == 1)?;
        Some((lang, &ordered.iter().find(|d| &d.lang == lang)?.blocks[i]))
    }
    // Reported on the block that is not in the original (of two translations, the later one).
    let report = |a: (&Lang, &crate::model::Block), b: (&Lang, &crate::model::Block), diags: &mut Diagnostics| {
        let (there, (lang, block)) = if a.0 == original { (a, b) } else { (b, a) };
        let warning = Diagnostic::warning(format!(
            "`§{}` is only in the `{lang}` text, and `§{}` next to it only in the `{}` text",
            block.id, there.1.id, there.0
        ))
        .at(block.span);
        diags.push(if block.explicit_id {
            warning.help(format!("if they are the same paragraph, give both the same id (`§{}`): the parallel view aligns on ids", there.1.id))
        } else {
            warning.help(format!(
                "their ids come from their places, and one text has a paragraph more before them: if they are the same paragraph, give it an id in both texts (e.g. `{{§{}}}` at its end in each)",
                there.1.id
            ))
        });
    };
    for pair in rows.windows(2) {
        let (Some(a), Some(b)) = (alone(&pair[0], ordered), alone(&pair[1], ordered)) else { continue };
        if a.0 != b.0 && a.1.explicit_id && b.1.explicit_id {
            report(a, b, diags);
        }
    }
    // Ids by position (`§p9`): a paragraph one text has alone shifts every later one, so
    // that the same paragraph is `§p9` here and `§p10` there, somewhere in the run of rows
    // each text has alone. The first such block of two texts in a run is reported.
    // (Headings without an id have a warning of their own: warn_unmatched_headings.)
    let positional = |b: &crate::model::Block| !b.explicit_id && !matches!(b.kind, crate::model::BlockKind::Heading(_));
    for run in rows.split(|r| r.cells.len() != 1) {
        let mut first: Vec<(&Lang, &crate::model::Block)> = Vec::new();
        for (lang, block) in run.iter().filter_map(|r| alone(r, ordered)) {
            if positional(block) && first.iter().all(|(l, _)| *l != lang) {
                first.push((lang, block));
            }
        }
        if let [a, b, ..] = first[..] {
            report(a, b, diags);
        }
    }
}

/// `original` names the language of the authentic text: a language code, usually one
/// of the site's; a slip for one of them (`deu` for `de`) is an error, another language
/// is allowed (the authentic text may be in a language the site does not publish).
fn check_original(l: &Lang, span: Span, config: &SiteConfig, diags: &mut Diagnostics) {
    let code = l.as_str();
    if config.languages.contains(l) {
        return;
    }
    let site_langs = config.languages.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ");
    let lower = code.to_ascii_lowercase().replace('_', "-");
    let slip = crate::load::two_letter_code(&lower)
        .or_else(|| Some(lower.split('-').next().unwrap_or("")).filter(|p| *p != code))
        .filter(|two| config.languages.iter().any(|x| x.as_str() == *two));
    if let Some(two) = slip {
        diags.push(
            Diagnostic::error(format!("`original: {code}` is not a language of this site"))
                .at(span)
                .help(format!("did you mean `{two}`? The site's languages are {site_langs} (site.yaml)")),
        );
    } else if !is_lang_code(code) {
        diags.push(
            Diagnostic::error(format!("`{code}` is not a language code"))
                .at(span)
                .help(format!("use the code of the authentic text's language, e.g. one of the site's: {site_langs}")),
        );
    }
    // Another language code is fine: the authentic text may be in a language the site
    // does not publish (a French original on a Dutch and English site).
}

/// A paragraph's themes and parties do not depend on its language, but each language's
/// theme and party pages (and search facets) list what its own text says: a block tagged
/// differently in a translation than in the original (or the first text) is a warning
/// at it, naming the tags each has alone.
fn warn_differing_tags(rows: &[Row], ordered: &[&ParsedDoc], original: &Lang, registry: &Registry, diags: &mut Diagnostics) {
    let Some(reference) = ordered.iter().find(|d| &d.lang == original).or(ordered.first()) else { return };
    let tags = |b: &crate::model::Block| -> BTreeSet<String> {
        b.themes.iter().map(|(t, _)| format!("#{t}")).chain(b.parties.iter().map(|(p, _)| format!("@{p}"))).collect()
    };
    // An unknown id is an error of its own (`#enrgy` for `#energy` is not a difference too).
    let unknown = |b: &crate::model::Block| {
        b.themes.iter().any(|(t, _)| !registry.themes.contains_key(t)) || b.parties.iter().any(|(p, _)| !registry.parties.contains_key(p))
    };
    for row in rows {
        let Some(r) = row.cells.get(&reference.lang) else { continue };
        let rb = &reference.blocks[r];
        if unknown(rb) {
            continue;
        }
        let want = tags(rb);
        for d in ordered.iter().filter(|d| d.lang != reference.lang) {
            let Some(i) = row.cells.get(&d.lang) else { continue };
            let b = &d.blocks[i];
            let have = tags(b);
            // A text with errors may have lost tags to them (an annotation not closed).
            if have == want || unknown(b) || diags.has_errors_in(b.span.file) || diags.has_errors_in(rb.span.file) {
                continue;
            }
            let list = |set: Vec<&String>| set.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
            let extra: Vec<&String> = have.difference(&want).collect();
            let missing: Vec<&String> = want.difference(&have).collect();
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!("{} only in the `{}` text", list(missing), reference.lang));
            }
            if !extra.is_empty() {
                parts.push(format!("{} only in this one", list(extra.clone())));
            }
            // At the first tag this text has alone, else where the block starts.
            let at = extra
                .first()
                .and_then(|t| {
                    let id = &t[1..];
                    b.themes
                        .iter()
                        .find(|(x, _)| x.as_str() == id)
                        .map(|(_, at)| *at)
                        .or_else(|| b.parties.iter().find(|(x, _)| x.as_str() == id).map(|(_, at)| *at))
                        .map(|at| b.tag_span(at, id))
                })
                .unwrap_or(b.span);
            diags.push(
                Diagnostic::warning(format!("the translations of `§{}` disagree on its themes and parties: {}", b.id, parts.join("; ")))
                    .at(at)
                    .related(rb.span, format!("`§{}` in the `{}` text", rb.id, reference.lang))
                    .help(format!(
                        "a paragraph's themes and parties do not depend on its language: give it the same ones in every translation (the `{}` pages list it under what its own text says)",
                        d.lang
                    )),
            );
        }
    }
}

/// A heading without `§id` is identified by a slug of its words, which differ from one
/// language to the next: such a heading found in one translation only is most likely
/// the same heading under another id, and the translations are misaligned there.
fn warn_unmatched_headings(rows: &[Row], ordered: &[&ParsedDoc], diags: &mut Diagnostics) {
    // A heading next to this row that another text alone has: most likely its counterpart.
    let neighbour = |at: usize, lang: &Lang| -> Option<(&Lang, &crate::model::Block)> {
        [at.checked_sub(1), Some(at + 1)].into_iter().flatten().filter_map(|j| rows.get(j)).find_map(|r| {
            let (l, i) = r.cells.iter().next().filter(|_| r.cells.len() == 1 && r.cells.get(lang).is_none())?;
            let b = &ordered.iter().find(|d| &d.lang == l)?.blocks[i];
            matches!(b.kind, crate::model::BlockKind::Heading(_)).then_some((l, b))
        })
    };
    for (at, row) in rows.iter().enumerate() {
        if row.cells.len() == ordered.len() {
            continue;
        }
        for d in ordered {
            let Some(i) = row.cells.get(&d.lang) else { continue };
            let b = &d.blocks[i];
            if matches!(b.kind, crate::model::BlockKind::Heading(_)) && !b.explicit_id {
                let others: Vec<&str> = ordered.iter().filter(|o| !row.cells.contains_key(&o.lang)).map(|o| o.lang.as_str()).collect();
                diags.push(
                    Diagnostic::warning(format!(
                        "heading `§{}` has no counterpart in the {} text: its id comes from its words, which differ per language",
                        b.id,
                        others.join(", ")
                    ))
                    .at(b.span)
                    .help(match neighbour(at, &d.lang) {
                        // The counterpart has an id of its own: that one, here too.
                        Some((l, other)) if other.explicit_id => format!(
                            "if it is the heading `§{}` of the `{l}` text, give it that id: `{{§{}}}` at the end of this heading",
                            other.id, other.id
                        ),
                        _ => format!(
                            "give the heading the same id in every translation: e.g. `{{§{}}}` at the end of this heading and of its counterpart in the {} text",
                            b.id,
                            others.join(", ")
                        ),
                    }),
                );
            }
        }
    }
}

/// One language-neutral field as each translation gives it; the first value wins and
/// every different one is an error naming both files.
fn agree<T: PartialEq + Clone + std::fmt::Debug>(
    field: &str,
    values: impl Iterator<Item = (T, Span)>,
    show: impl Fn(&T) -> String,
    // More help for this field, after the general advice.
    also: &str,
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
                        "`{field}` does not depend on the language: make it the same in every translation, or keep it in one file only{also}"
                    )),
            ),
            _ => {}
        }
    }
    first.map(|(v, _)| v)
}

/// One declaration from its translations, the fields they must agree on checked.
/// `partial`: a translation of it did not parse (its errors are reported); a field the
/// others lack is then not reported missing, as it may be in that file.
fn merge(
    slug: Slug,
    translations: BTreeMap<Lang, Doc>,
    config: &SiteConfig,
    checker: &Checker<'_>,
    partial: bool,
    diags: &mut Diagnostics,
) -> Option<Declaration> {
    // Translations in site-language order, so "first" is stable and meaningful.
    let ordered: Vec<&ParsedDoc> = config.languages.iter().filter_map(|l| translations.get(l).map(|d| &**d)).collect();
    let first = ordered.first()?;
    let at_top = |d: &ParsedDoc| Span::new(d.file, 0, 0);
    // A party unknown to parties.yaml is reported where it is written; translations that
    // differ only by that typo are not also said to disagree (it is one mistake, not two).
    let unknown = |p: &crate::model::PartyId| !checker.registry.parties.contains_key(p);
    let typo_in_parties = ordered.iter().any(|d| d.front.parties.iter().flat_map(|(p, _)| p).any(|(p, _)| unknown(p)));
    let typo_in_signatories =
        ordered.iter().any(|d| d.front.signatories.iter().flat_map(|(s, _)| s).any(|(sig, _)| sig.party.as_ref().is_some_and(unknown)));
    let mut unsaid = Diagnostics::default();
    let date = agree("date", ordered.iter().filter_map(|d| d.front.date), |d| d.to_string(), "", diags);
    let kind = agree("kind", ordered.iter().filter_map(|d| d.front.kind.clone()), |k| format!("`{k}`"), "", diags);
    let parties = agree(
        "parties",
        ordered.iter().filter_map(|d| d.front.parties.as_ref().map(|(p, s)| (p.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(), *s))),
        |p| format!("[{}]", p.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(", ")),
        "",
        if typo_in_parties { &mut unsaid } else { diags },
    );
    let original = agree("original", ordered.iter().filter_map(|d| d.front.original.clone()), |l| format!("`{l}`"), "", diags);
    let signatories = agree(
        "signatories",
        ordered.iter().filter_map(|d| {
            d.front.signatories.as_ref().map(|(list, s)| {
                (list.iter().map(|(sig, _)| (sig.name.clone(), sig.names.clone(), sig.party.clone())).collect::<Vec<_>>(), *s)
            })
        }),
        // Name and party, so that a disagreement on a party alone is visible.
        |l| {
            let one = |(n, names, p): &(String, BTreeMap<Lang, String>, Option<crate::model::PartyId>)| {
                let n = match names.is_empty() {
                    true => n.clone(),
                    false => format!("{{{}}}", names.iter().map(|(l, n)| format!("{l}: {n}")).collect::<Vec<_>>().join(", ")),
                };
                match p {
                    Some(p) => format!("{n} (@{p})"),
                    None => n,
                }
            };
            format!("[{}]", l.iter().map(one).collect::<Vec<_>>().join(", "))
        },
        " (names in several scripts are given per language, the same in every file: `name: { ar: …, fr: … }`)",
        if typo_in_signatories { &mut unsaid } else { diags },
    );
    let mut missing = |field: &str, example: &str| {
        if partial {
            return;
        }
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
        // Parties of this site, as an example.
        let known: Vec<&str> = checker.registry.parties.keys().take(2).map(|p| p.as_str()).collect();
        missing("parties", &format!("[{}]", if known.is_empty() { "be, uk".into() } else { known.join(", ") }));
    }
    if original.is_none() {
        missing("original", first.lang.as_str());
    }
    // Registry checks for every translation.
    for d in &ordered {
        for (p, span) in d.front.parties.iter().flat_map(|(p, _)| p) {
            checker.party(p, *span, Written::Front, diags);
        }
        for (t, span) in &d.front.themes {
            checker.theme(t, *span, Written::Front, diags);
        }
        for (sig, span) in d.front.signatories.iter().flat_map(|(s, _)| s) {
            if let Some(p) = &sig.party {
                checker.party(p, sig.party_span.unwrap_or(*span), Written::Front, diags);
            }
        }
        for b in &d.blocks {
            for (t, at) in &b.themes {
                checker.theme(t, b.tag_span(*at, t.as_str()), Written::Annotation, diags);
            }
            for (p, at) in &b.parties {
                checker.party(p, b.tag_span(*at, p.as_str()), Written::Annotation, diags);
            }
        }
        if let Some((l, span)) = &d.front.original {
            check_original(l, *span, config, diags);
        }
    }
    // A missing or invalid field has been reported above, and a site with errors is
    // not rendered. The declaration is linked all the same, with stand-ins, so that the
    // references in it and to it are checked in this build, not after the fix.
    let date = date.unwrap_or(Date { year: 1, month: 1, day: 1 });
    let kind = kind.unwrap_or_default();
    let parties = parties.unwrap_or_default();
    let original = original.unwrap_or_else(|| first.lang.clone());
    let mut sigs: Vec<SignatoryMeta> = signatories
        .unwrap_or_default()
        .into_iter()
        // Given per language, the name is the original's where there is one.
        .map(|(name, names, party)| SignatoryMeta {
            name: names.get(&original).cloned().unwrap_or(name),
            names,
            party,
            roles: BTreeMap::new(),
        })
        .collect();
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
    if ordered.len() > 1 {
        warn_unmatched_headings(&rows, &ordered, diags);
        warn_differing_ids(&rows, &ordered, &original, diags);
        warn_differing_tags(&rows, &ordered, &original, checker.registry, diags);
    }
    Some(Declaration { slug, date, kind, parties, original, signatories: sigs, themes, translations, rows, links: BTreeMap::new() })
}
