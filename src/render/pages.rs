//! View models: for each kind of page, the JSON its template reads. Everything a
//! template shows is computed here (links relative to the page, labels in the page's
//! language, `lang` of text in another language), so templates stay simple to override.

use super::blocks::excerpt;
use super::listings::{GROUP_PAGE, Group, LIST_PAGE, Tagged, page_count, page_of};
use super::urls::{self, SitePath};
use super::{PageJob, Renderer};
use crate::link::Declaration;
use crate::model::{Block, Lang, Party, PartyId, Theme, ThemeId};
use crate::parse::{escape_attr, escape_html};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Words shown of a block in lists of blocks.
const EXCERPT_WORDS: usize = 24;
/// Paragraphs of one declaration shown with an excerpt on a theme or party page; the
/// others are listed by their ids.
const GROUP_EXCERPTS: usize = 5;

impl Renderer<'_> {
    pub(super) fn context(&self, job: &PageJob<'_>, path: &SitePath) -> Value {
        match job {
            PageJob::Root => self.root_page(path),
            PageJob::NotFound => self.not_found(path),
            PageJob::Home(lang, 1) => self.home(lang, path),
            PageJob::Home(lang, n) => self.all_page(lang, *n, path),
            PageJob::Declaration(lang, d) => self.declaration(lang, d, path),
            PageJob::Parallel(lang, d) => self.parallel(lang, d, path),
            PageJob::Themes(lang) => self.themes_index(lang, path),
            PageJob::Theme(lang, t, n) => self.theme_page(lang, t, *n, path),
            PageJob::Parties(lang) => self.parties_index(lang, path),
            PageJob::Party(lang, p, n) => self.party_page(lang, p, *n, path),
            PageJob::Year(lang, y, n) => self.year_page(lang, *y, *n, path),
            PageJob::Kind(lang, k, n) => self.kind_page(lang, k, *n, path),
            PageJob::Page(lang, p) => self.free_page(lang, p, path),
            PageJob::Search(lang) => self.search_page(lang, path),
            PageJob::Data(lang, n) => self.data_page(lang, *n, path),
        }
    }

    /// For a page that exists per translation (a declaration, a free page) where `has`
    /// tells which languages have their own text: the alternates are those languages
    /// only, and a page showing another language's text in place of a missing
    /// translation (`shown`, not `lang`) names that text's page as canonical, so that
    /// search engines do not index the same text twice under two languages.
    fn translated_alternates(
        &self,
        m: &mut Map<String, Value>,
        lang: &Lang,
        shown: &Lang,
        has: &dyn Fn(&Lang) -> bool,
        same_page: &dyn Fn(&Lang) -> SitePath,
    ) {
        let cfg = &self.site.config;
        let alternates: Vec<Value> = cfg
            .languages
            .iter()
            .filter(|l| has(l))
            .map(|l| json!({"lang": l, "url": self.linker.absolute(&cfg.base_url, &same_page(l))}))
            .collect();
        m.insert("alternates".into(), Value::from(alternates));
        let default = if has(cfg.default_lang()) { cfg.default_lang() } else { shown };
        m.insert("x_default".into(), json!(self.x_default(same_page, default)));
        if shown != lang {
            m.insert("canonical".into(), json!(self.linker.absolute(&cfg.base_url, &same_page(shown))));
        }
    }

    /// What every page has: language, titles, navigation, alternates, assets.
    fn base(&self, lang: &Lang, path: &SitePath, section: &str, title: &str, same_page: &dyn Fn(&Lang) -> SitePath) -> Map<String, Value> {
        let cfg = &self.site.config;
        let s = &self.strings[lang];
        let canonical = self.linker.absolute(&cfg.base_url, path);
        let alternates: Vec<Value> =
            cfg.languages.iter().map(|l| json!({"lang": l, "url": self.linker.absolute(&cfg.base_url, &same_page(l))})).collect();
        let switch: Vec<Value> = cfg
            .languages
            .iter()
            .map(|l| json!({"lang": l, "name": self.strings[l].own_name(), "href": self.linker.rel(path, &same_page(l)), "current": l == lang}))
            .collect();
        let pages: Vec<Value> = self
            .site
            .pages
            .iter()
            .map(|p| {
                let doc = p.translations.get(lang).or_else(|| p.translations.values().next()).expect("page has a translation");
                let target = urls::page(lang, &p.slug);
                json!({"title": doc.front.title, "lang": doc.lang, "href": self.linker.rel(path, &target), "current": &target == path})
            })
            .collect();
        let mut stylesheets = vec![self.linker.rel(path, &urls::asset("style.css"))];
        if self.theme.assets.contains_key("custom.css") {
            stylesheets.push(self.linker.rel(path, &urls::asset("custom.css")));
        }
        let mut m = Map::new();
        m.insert("lang".into(), json!(lang));
        m.insert("dir".into(), json!(super::i18n::dir(lang.as_str())));
        m.insert("ui_lang".into(), json!(s.ui_lang));
        m.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
        m.insert("site_title".into(), json!(cfg.title.get(lang)));
        m.insert("description".into(), json!(cfg.description.get(lang)));
        m.insert("page_title".into(), Value::from(title));
        m.insert("section".into(), Value::from(section));
        m.insert("canonical".into(), Value::from(canonical));
        m.insert("alternates".into(), Value::from(alternates));
        m.insert("x_default".into(), json!(self.x_default(same_page, cfg.default_lang())));
        m.insert("switch".into(), Value::from(switch));
        m.insert("stylesheets".into(), Value::from(stylesheets));
        m.insert("favicon".into(), json!(self.linker.rel(path, &urls::asset("favicon.svg"))));
        m.insert("script".into(), json!(self.linker.rel(path, &urls::asset("diptych.js"))));
        m.insert(
            "nav".into(),
            json!({
                "search": self.linker.rel(path, &urls::search(lang)),
                "home": self.linker.rel(path, &urls::home(lang)),
                "themes": self.linker.rel(path, &urls::themes(lang)),
                "parties": self.linker.rel(path, &urls::parties(lang)),
                "data": self.linker.rel(path, &urls::data_page(lang)),
                "pages": pages,
            }),
        );
        m.insert("s".into(), json!(s.all()));
        m.insert("sl".into(), json!(s.marks()));
        m.insert("t".into(), json!(s.html()));
        m.insert("feeds".into(), json!([{"title": cfg.title.get(lang), "href": self.linker.rel(path, &urls::feed(lang))}]));
        let locale =
            |l: &Lang| cfg.strings.get(l).and_then(|t| t.get(super::i18n::LOCALE)).cloned().unwrap_or_else(|| og_locale(l.as_str()));
        m.insert("og_locale".into(), json!(locale(lang)));
        m.insert("og_locale_alternates".into(), json!(cfg.languages.iter().filter(|l| *l != lang).map(locale).collect::<Vec<_>>()));
        m.insert("og_type".into(), json!("website"));
        if let Some(date) = &self.options.snapshot {
            m.insert("snapshot".into(), json!({"date": date.to_string(), "date_display": s.date(date)}));
        }
        m
    }

    pub(super) fn theme_label(&self, id: &ThemeId, lang: &Lang) -> String {
        self.site.registry.themes.get(id).and_then(|t| t.label.get(lang)).cloned().unwrap_or_else(|| id.0.to_string())
    }

    pub(super) fn party_label(&self, id: &PartyId, lang: &Lang) -> String {
        self.site.registry.parties.get(id).and_then(|p| p.name.get(lang)).cloned().unwrap_or_else(|| id.0.to_string())
    }

    fn party_link(&self, id: &PartyId, lang: &Lang, from: &SitePath) -> Value {
        json!({"label": self.party_label(id, lang), "href": self.linker.rel(from, &urls::party(lang, id))})
    }

    fn theme_link(&self, id: &ThemeId, lang: &Lang, from: &SitePath) -> Value {
        json!({"label": self.theme_label(id, lang), "href": self.linker.rel(from, &urls::theme(lang, id))})
    }

    /// A declaration in a list: title in the reader's language where there is one.
    fn decl_item(&self, d: &Declaration, lang: &Lang, from: &SitePath) -> Value {
        let doc = d.text_for(lang);
        let s = &self.strings[lang];
        json!({
            "title": doc.front.title,
            "title_lang": doc.lang,
            "href": self.linker.rel(from, &urls::declaration(lang, &d.slug)),
            "date": s.date(&d.date),
            "date_iso": d.date.to_string(),
            "kind": s.kind(&d.kind),
            "kind_lang": s.kind_lang(&d.kind),
            "parties": d.parties.iter().map(|p| self.party_link(p, lang, from)).collect::<Vec<_>>(),
        })
    }

    /// The page for readers whose language the site does not have (`hreflang="x-default"`):
    /// the page in `default`, or with `root: choose` the root's language choice for the
    /// home pages and none for the others (they have no page in no language).
    pub(super) fn x_default(&self, same_page: &dyn Fn(&Lang) -> SitePath, default: &Lang) -> Option<String> {
        let cfg = &self.site.config;
        let page = same_page(default);
        match cfg.root_chooser {
            false => Some(self.linker.absolute(&cfg.base_url, &page)),
            true => (page == urls::home(default)).then(|| self.linker.absolute(&cfg.base_url, &urls::root())),
        }
    }

    fn root_page(&self, path: &SitePath) -> Value {
        let cfg = &self.site.config;
        let lang = cfg.default_lang();
        let homes: Vec<Value> = cfg
            .languages
            .iter()
            .map(|l| {
                let (href, url) = (self.linker.rel(path, &urls::home(l)), self.linker.absolute(&cfg.base_url, &urls::home(l)));
                json!({"lang": l, "title": cfg.title.get(l), "name": self.strings[l].own_name(), "href": href, "url": url})
            })
            .collect();
        json!({
            "lang": lang,
            "dir": super::i18n::dir(lang.as_str()),
            "site_title": cfg.title.get(lang),
            // With `root: choose`, a page of its own, in every language, that sends no one on.
            "target": (!cfg.root_chooser).then(|| self.linker.rel(path, &urls::home(lang))),
            "canonical": self.linker.absolute(&cfg.base_url, &if cfg.root_chooser { urls::root() } else { urls::home(lang) }),
            "chooser": cfg.root_chooser,
            "titles": cfg.languages.iter().map(|l| json!({"lang": l, "title": cfg.title.get(l)})).collect::<Vec<_>>(),
            "homes": homes,
            "stylesheets": [self.linker.rel(path, &urls::asset("style.css"))],
            "favicon": self.linker.rel(path, &urls::asset("favicon.svg")),
            // The page an archivist opens first says what it is, in every language.
            "snapshot": self.options.snapshot.map(|date| cfg.languages.iter().map(|l| {
                let s = &self.strings[l];
                json!({"lang": s.lang_of("snapshot_notice"), "date_lang": s.lang_of("months"), "notice": s.get("snapshot_notice"), "date": date.to_string(), "date_display": s.date(&date)})
            }).collect::<Vec<_>>()),
        })
    }

    fn not_found(&self, path: &SitePath) -> Value {
        let lang = self.site.config.default_lang();
        let mut m = self.base(lang, path, "", self.strings[lang].get("not_found"), &|_| urls::not_found());
        // The 404 page is served at any depth: its links start at the server root. In a
        // snapshot, opened from a folder, there is no server: links relative to it (at
        // the root of the site) work there.
        let base = &self.site.config.base_url;
        let link = |to: &SitePath| match self.options.snapshot {
            Some(_) => self.linker.rel(path, to),
            None => self.linker.from_server_root(base, to),
        };
        let homes: Vec<Value> = self
            .site
            .config
            .languages
            .iter()
            .map(|l| json!({"lang": l, "name": self.strings[l].own_name(), "href": link(&urls::home(l))}))
            .collect();
        m.insert("homes".into(), Value::from(homes));
        m.insert("feeds".into(), json!([{"title": self.site.config.title.get(lang), "href": link(&urls::feed(lang))}]));
        m.insert("switch".into(), json!([]));
        // Not a page of the site in any language: no canonical URL, no alternates, and
        // search engines told not to index it.
        m.insert("canonical".into(), Value::Null);
        m.insert("alternates".into(), json!([]));
        m.insert("x_default".into(), Value::Null);
        m.insert("noindex".into(), json!(true));
        m.insert("stylesheets".into(), json!([link(&urls::asset("style.css"))]));
        m.insert("script".into(), json!(link(&urls::asset("diptych.js"))));
        m.insert("favicon".into(), json!(link(&urls::asset("favicon.svg"))));
        // The free pages, as every page's menu lists them.
        let pages: Vec<Value> = self
            .site
            .pages
            .iter()
            .filter_map(|p| {
                let doc = p.translations.get(lang).or_else(|| p.translations.values().next())?;
                Some(json!({"title": doc.front.title, "lang": doc.lang, "href": link(&urls::page(lang, &p.slug)), "current": false}))
            })
            .collect();
        m.insert(
            "nav".into(),
            json!({"data": link(&urls::data_page(lang)), "search": link(&urls::search(lang)), "home": link(&urls::home(lang)), "themes": link(&urls::themes(lang)), "parties": link(&urls::parties(lang)), "pages": pages}),
        );
        Value::Object(m)
    }

    fn home(&self, lang: &Lang, path: &SitePath) -> Value {
        let s = &self.strings[lang];
        let title = self.site.config.title.get(lang).cloned().unwrap_or_default();
        let mut m = self.base(lang, path, "home", &title, &|l| urls::home(l));
        let decls = &self.site.declarations;
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        let mut parties: BTreeMap<&PartyId, usize> = BTreeMap::new();
        for d in decls {
            *years.entry(d.date.year).or_default() += 1;
            *kinds.entry(d.kind.as_str()).or_default() += 1;
            for p in &d.parties {
                *parties.entry(p).or_default() += 1;
            }
        }
        m.insert(
            "declarations".into(),
            json!(page_of(decls, LIST_PAGE, 1).iter().map(|d| self.decl_item(d, lang, path)).collect::<Vec<_>>()),
        );
        m.insert("pager".into(), self.pager(lang, path, 1, page_count(decls.len(), LIST_PAGE), &|n| urls::paged(urls::home(lang), n)));
        m.insert(
            "years".into(),
            json!(
                years
                    .iter()
                    .rev()
                    .map(|(y, n)| json!({"label": y, "count": n, "href": self.linker.rel(path, &urls::year(lang, *y))}))
                    .collect::<Vec<_>>()
            ),
        );
        m.insert(
            "kinds".into(),
            json!(
                kinds
                    .iter()
                    .map(|(k, n)| json!({"label": s.kind(k), "lang": s.kind_lang(k), "count": n, "href": self.linker.rel(path, &urls::kind(lang, k))}))
                    .collect::<Vec<_>>()
            ),
        );
        let mut party_list: Vec<Value> = parties
            .iter()
            .map(|(p, n)| json!({"label": self.party_label(p, lang), "count": n, "href": self.linker.rel(path, &urls::party(lang, p))}))
            .collect();
        party_list
            .sort_by(|a, b| b["count"].as_u64().cmp(&a["count"].as_u64()).then_with(|| a["label"].as_str().cmp(&b["label"].as_str())));
        m.insert("parties".into(), Value::from(party_list));
        m.insert("themes".into(), json!(self.theme_tree(lang, path)));
        let n = self.site.declarations.len();
        let span = match (self.site.declarations.last(), self.site.declarations.first()) {
            (Some(a), Some(b)) => format!("{}–{}", a.date.year, b.date.year),
            _ => String::new(),
        };
        m.insert(
            "timeline".into(),
            json!(self.timeline_svg(lang, s.get("timeline"), &format!("{n} {}, {span}", s.count("declarations_count", n)))),
        );
        Value::Object(m)
    }

    /// Number of blocks annotated with each theme (or a descendant), in `lang`'s texts.
    fn theme_count(&self, lang: &Lang, id: &ThemeId) -> usize {
        self.listings.theme(lang, id).blocks
    }

    /// Every theme in tree order, siblings by their labels in `lang` as a reader sorts
    /// them (case and accents aside: `Énergie` before `Europe`).
    fn themes_by_label(&self, lang: &Lang) -> Vec<(&crate::model::Theme, usize)> {
        self.site.registry.theme_tree_by(|t| crate::search::text::fold(&self.theme_label(&t.id, lang)))
    }

    /// The themes as nested lists, every level (`children` of each node).
    fn theme_tree(&self, lang: &Lang, path: &SitePath) -> Vec<Value> {
        // Built bottom-up from the tree order: a node's children follow it, one level down.
        let mut levels: Vec<Vec<Value>> = vec![Vec::new()];
        for (t, depth) in self.themes_by_label(lang).into_iter().rev() {
            levels.resize_with(levels.len().max(depth + 2), Vec::new);
            let mut children = std::mem::take(&mut levels[depth + 1]);
            children.reverse();
            let node = json!({
                "label": self.theme_label(&t.id, lang),
                "href": self.linker.rel(path, &urls::theme(lang, &t.id)),
                "count": self.theme_count(lang, &t.id),
                "children": children,
            });
            levels[depth].push(node);
        }
        let mut roots = std::mem::take(&mut levels[0]);
        roots.reverse();
        roots
    }

    fn declaration(&self, lang: &Lang, d: &Declaration, path: &SitePath) -> Value {
        let s = &self.strings[lang];
        let doc = d.text_for(lang);
        let title = doc.front.title.clone().unwrap_or_default();
        let same_page = |l: &Lang| urls::declaration(l, &d.slug);
        let mut m = self.base(lang, path, "home", &title, &same_page);
        self.translated_alternates(&mut m, lang, &doc.lang, &|l| d.translations.contains_key(l), &same_page);
        let links = d.links.get(&doc.lang).map(Vec::as_slice).unwrap_or(&[]);
        let text_ui = (doc.lang != *lang).then_some(self.strings[lang].lang_of("footnotes"));
        let body = self.fill_doc(&doc.body.unpack(), path, lang, doc, links, Some(d));
        let body = super::blocks::with_footnotes_heading(doc, body, self.strings[lang].get("footnotes"), text_ui);
        let notes: Vec<String> = doc.front.notes.iter().map(|n| self.fill_doc(n, path, lang, doc, links, None)).collect();
        let status = text_status(doc, &d.original);
        let signatories: Vec<Value> = d
            .signatories
            .iter()
            .map(|g| {
                let (role, role_lang) = match g.roles.get(&doc.lang) {
                    Some(r) => (Some(r.clone()), doc.lang.clone()),
                    None => g.roles.iter().next().map(|(l, r)| (Some(r.clone()), l.clone())).unwrap_or((None, lang.clone())),
                };
                let (name, name_lang) = g.name_in(lang, &d.original);
                json!({"name": name, "name_lang": name_lang, "role": role, "role_lang": role_lang, "party": g.party.as_ref().map(|p| self.party_link(p, lang, path))})
            })
            .collect();
        let others: Vec<Value> = self
            .site
            .config
            .languages
            .iter()
            .filter(|l| *l != lang && d.translations.contains_key(*l))
            .map(|l| json!({"lang": l, "name": self.strings[l].own_name(), "href": self.linker.rel(path, &urls::declaration(l, &d.slug))}))
            .collect();
        let backlinks: Vec<Value> = self
            .site
            .backlinks
            .get(&d.slug)
            .into_iter()
            .flatten()
            .filter_map(|slug| self.site.declaration(slug))
            .map(|b| self.decl_item(b, lang, path))
            .collect();
        m.insert("title".into(), Value::from(title));
        m.insert("text_lang".into(), json!(doc.lang));
        m.insert(
            "kind".into(),
            json!({"label": s.kind(&d.kind), "lang": s.kind_lang(&d.kind), "href": self.linker.rel(path, &urls::kind(lang, &d.kind))}),
        );
        m.insert("date".into(), json!(s.date(&d.date)));
        m.insert("date_iso".into(), json!(d.date.to_string()));
        m.insert("place".into(), json!(doc.front.place));
        m.insert("parties".into(), json!(d.parties.iter().map(|p| self.party_link(p, lang, path)).collect::<Vec<_>>()));
        m.insert("signatories".into(), Value::from(signatories));
        m.insert("original".into(), json!(s.language(d.original.as_str())));
        m.insert("original_lang".into(), json!(s.language_lang(d.original.as_str())));
        m.insert("status".into(), json!(format!("{} ({})", s.language(doc.lang.as_str()), s.get(&format!("status_{status}")))));
        m.insert("status_key".into(), json!(format!("status_{status}")));
        m.insert("themes".into(), json!(d.themes.iter().map(|t| self.theme_link(t, lang, path)).collect::<Vec<_>>()));
        m.insert("source".into(), json!(doc.front.source.as_ref().filter(|u| u.starts_with("https://") || u.starts_with("http://"))));
        m.insert("publisher".into(), json!(doc.front.publisher));
        m.insert("notes".into(), Value::from(notes));
        m.insert("body".into(), Value::from(body));
        m.insert("backlinks".into(), Value::from(backlinks));
        m.insert("others".into(), Value::from(others));
        // The blocks other translations have and this text lacks: named (and anchored,
        // so that a link to `#7` from another language lands on the notice) with a link
        // to the page that shows each, as a cross-reference to it would go.
        let missing: Vec<Value> = d
            .rows
            .iter()
            .filter(|row| !row.cells.contains_key(&doc.lang))
            .map(|row| {
                let has = d.page_lang_for_block(&doc.lang, &row.id);
                let href = format!("{}#{}", self.linker.rel(path, &urls::declaration(has, &d.slug)), row.id);
                json!({"id": row.id, "href": href, "lang": has, "name": self.strings[has].own_name()})
            })
            .collect();
        if !missing.is_empty() {
            m.insert(
                "missing_label".into(),
                json!(s.html_of("missing_blocks", &s.count("missing_blocks", missing.len()).replace("{n}", &missing.len().to_string()))),
            );
        }
        m.insert("missing".into(), Value::from(missing));
        // A declaration in one language has nothing to set side by side: no button (its
        // parallel page stays, for links made before, kept out of search engines).
        let parallel = (d.translations.len() > 1).then(|| self.linker.rel(path, &urls::parallel(lang, &d.slug)));
        m.insert("parallel_href".into(), json!(parallel));
        if let Some(summary) = &doc.front.summary {
            m.insert("description".into(), json!(summary));
        } else if let Some(first) = doc.blocks.iter().find(|b| !matches!(b.kind, crate::model::BlockKind::Heading(_))) {
            m.insert("description".into(), json!(excerpt(first.text_in(&doc.texts.unpack()), 40)));
        }
        m.insert("og_type".into(), json!("article"));
        m.insert("jsonld".into(), json!(script_json(&self.jsonld(lang, d, doc))));
        Value::Object(m)
    }

    /// schema.org `Legislation` with ELI properties where they fit.
    fn jsonld(&self, lang: &Lang, d: &Declaration, doc: &crate::model::ParsedDoc) -> Value {
        let base = &self.site.config.base_url;
        // The text's own page: a page showing another language's text (its translation is
        // missing) describes that text, under the same id as its page.
        let url = self.linker.absolute(base, &urls::declaration(&doc.lang, &d.slug));
        let other = |l: &Lang| self.linker.absolute(base, &urls::declaration(l, &d.slug));
        // The kind as the page names it (schema.org takes free text here).
        let kind_name = self.strings[lang].kind(&d.kind);
        let status = text_status(doc, &d.original);
        let kind_of = |p: &PartyId| self.site.registry.parties.get(p).map(|x| x.kind.as_str()).unwrap_or("");
        // Who passed it: organisations (schema.org wants an Organization or Person here),
        // the governments of states and regions; where it applies: those states and regions.
        let party = |p: &PartyId| {
            let t = if matches!(kind_of(p), "state" | "region") { "GovernmentOrganization" } else { "Organization" };
            json!({"@type": t, "name": self.party_label(p, lang), "identifier": p, "url": self.linker.absolute(base, &urls::party(lang, p))})
        };
        let jurisdictions: Vec<Value> = d
            .parties
            .iter()
            .filter_map(|p| match kind_of(p) {
                "state" => Some(json!({"@type": "Country", "name": self.party_label(p, lang)})),
                "region" => Some(json!({"@type": "AdministrativeArea", "name": self.party_label(p, lang)})),
                _ => None,
            })
            .collect();
        // ELI's legal value: the original is the authentic text.
        let legal_value = match status {
            "original" => "authoritative",
            "official" => "official",
            _ => "unofficial",
        };
        let mut v = json!({
            "@context": ["https://schema.org", {"eli": "http://data.europa.eu/eli/ontology#"}],
            "@type": "Legislation",
            "@id": url,
            "url": url,
            "name": doc.front.title,
            "legislationIdentifier": d.slug,
            "legislationDate": d.date.to_string(),
            "datePublished": d.date.to_string(),
            "legislationType": kind_name,
            "inLanguage": doc.lang,
            "legislationPassedBy": d.parties.iter().map(party).collect::<Vec<_>>(),
            "about": d.themes.iter().map(|t| json!({"@type": "DefinedTerm", "name": self.theme_label(t, lang), "identifier": t, "url": self.linker.absolute(base, &urls::theme(lang, t))})).collect::<Vec<_>>(),
            "isPartOf": {"@type": "Collection", "name": self.site.config.title.get(lang), "url": self.linker.absolute(base, &urls::home(lang))},
            "eli:id_local": d.slug,
            "eli:date_document": d.date.to_string(),
            "eli:type_document": d.kind,
            // ELI wants the EU's language authority (a concept), not a code.
            "eli:language": crate::load::three_letter_code(doc.lang.as_str())
                .map(|c| json!({"@id": format!("http://publications.europa.eu/resource/authority/language/{}", c.to_ascii_uppercase())}))
                .unwrap_or_else(|| json!(doc.lang)),
            "eli:title": doc.front.title,
            "eli:legal_value": {"@id": format!("http://data.europa.eu/eli/ontology#LegalValue-{legal_value}")},
        });
        if !jurisdictions.is_empty() {
            v["legislationJurisdiction"] = json!(jurisdictions);
        }
        if let Some(license) = &self.site.config.license {
            v["license"] = json!(license.url);
        }
        if let Some(place) = &doc.front.place {
            v["locationCreated"] = json!({"@type": "Place", "name": place});
        }
        if let Some(source) = doc.front.source.as_ref().filter(|s| s.starts_with("http")) {
            v["sameAs"] = json!(source);
        }
        if !d.signatories.is_empty() {
            v["author"] = json!(d.signatories.iter().map(|g| json!({"@type": "Person", "name": g.name_in(&doc.lang, &d.original).0, "jobTitle": g.roles.get(&doc.lang).or_else(|| g.roles.values().next())})).collect::<Vec<_>>());
        }
        // The authentic text: in the original's language and not said to be a translation
        // (a site may publish its own translation back into that language, `unofficial`).
        let authentic = |t: &crate::model::ParsedDoc| t.lang == d.original && text_status(t, &d.original) == "original";
        if authentic(doc) {
            let translations: Vec<Value> =
                d.translations.keys().filter(|l| **l != doc.lang).map(|l| json!({"@id": other(l), "inLanguage": l})).collect();
            if !translations.is_empty() {
                v["workTranslation"] = json!(translations);
            }
        } else if d.translations.get(&d.original).is_some_and(|t| authentic(t)) {
            v["translationOfWork"] = json!({"@id": other(&d.original), "inLanguage": d.original});
        } else {
            // The authentic text is not published here (e.g. a French original).
            // Named in its language where a text in that language gives the title.
            let title = d.translations.get(&d.original).and_then(|t| t.front.title.as_ref()).or(doc.front.title.as_ref());
            v["translationOfWork"] = json!({"@type": "Legislation", "inLanguage": d.original, "name": title});
        }
        v
    }

    fn data_page(&self, lang: &Lang, n: usize, path: &SitePath) -> Value {
        let title = self.strings[lang].get("open_data");
        let total = page_count(self.site.declarations.len(), LIST_PAGE);
        let mut m = self.base(lang, path, "data", &self.paged_title(lang, title, n, total), &|l| urls::paged(urls::data_page(l), n));
        m.insert("title".into(), Value::from(title));
        m.insert(
            "files".into(),
            json!({
                "collection": self.linker.rel(path, &urls::data_file("declarations.json")),
                "csv": self.linker.rel(path, &urls::data_file("blocks.csv")),
                "feed": self.linker.rel(path, &urls::feed(lang)),
                "sitemap": self.linker.rel(path, &SitePath("sitemap.xml".into())),
            }),
        );
        m.insert(
            "declarations".into(),
            json!(
                page_of(&self.site.declarations, LIST_PAGE, n)
                    .iter()
                    .map(|d| {
                        let mut v = self.decl_item(d, lang, path);
                        v["json"] = json!(self.linker.rel(path, &urls::data_file(&format!("declarations/{}.json", d.slug))));
                        v
                    })
                    .collect::<Vec<_>>()
            ),
        );
        m.insert("pager".into(), self.pager(lang, path, n, total, &|k| urls::paged(urls::data_page(lang), k)));
        m.insert("license".into(), json!(self.site.config.license));
        Value::Object(m)
    }

    fn parallel(&self, lang: &Lang, d: &Declaration, path: &SitePath) -> Value {
        let s = &self.strings[lang];
        let doc = d.text_for(lang);
        let title = doc.front.title.clone().unwrap_or_default();
        let mut m = self
            .base(lang, path, "home", &format!("{}{} {title}", s.get("parallel_view"), s.get("colon")), &|l| urls::parallel(l, &d.slug));
        let columns: Vec<&Lang> = self.site.config.languages.iter().filter(|l| d.translations.contains_key(*l)).collect();
        if columns.len() < 2 {
            m.insert("noindex".into(), json!(true));
        }
        // Each column's body HTML, unpacked once for all its blocks.
        let bodies: BTreeMap<&Lang, String> = columns.iter().map(|l| (*l, d.translations[*l].body.unpack())).collect();
        let single = urls::declaration(lang, &d.slug);
        // The page that shows the row's block: the reader's language if its text has
        // it, else the original's, else any that has it.
        let row_href = |row: &crate::link::Row| {
            let target = if row.cells.contains_key(lang) || (!d.translations.contains_key(lang) && row.cells.contains_key(&d.original)) {
                lang
            } else if row.cells.contains_key(&d.original) {
                &d.original
            } else {
                row.cells.keys().next().unwrap_or(lang)
            };
            format!("{}#{}", self.linker.rel(path, &urls::declaration(target, &d.slug)), row.id)
        };
        let rows: Vec<Value> = d
            .rows
            .iter()
            .map(|row| {
                let mut kind = "p";
                let cells: Vec<Value> = columns
                    .iter()
                    .map(|l| match row.cells.get(l) {
                        Some(i) => {
                            let t = &d.translations[*l];
                            let block = &t.blocks[i];
                            if matches!(block.kind, crate::model::BlockKind::Heading(_)) {
                                kind = "h";
                            }
                            json!({"lang": l, "html": super::blocks::one_folder_down(&super::blocks::scope_footnotes(&self.block_alone(path, d, t, &bodies[*l], block), l))})
                        }
                        None => json!({"lang": l, "html": null}),
                    })
                    .collect();
                json!({"id": row.id, "kind": kind, "href": row_href(row), "cells": cells})
            })
            .collect();
        let ui = s.ui_lang.as_str();
        m.insert("title".into(), Value::from(title));
        m.insert("title_lang".into(), json!(doc.lang));
        m.insert(
            "columns".into(),
            json!(
                columns
                    .iter()
                    .map(|l| {
                        let t = &d.translations[*l];
                        let st = t.front.translation.as_ref().map(|(x, _)| x.as_str()).unwrap_or(if **l == d.original {
                            "original"
                        } else {
                            "unofficial"
                        });
                        let footnotes = self.footnotes_alone(path, lang, d, t, &bodies[*l]);
                        json!({"lang": l, "name": self.strings[l].own_name(), "status": s.get(&format!("status_{st}")), "footnotes": footnotes})
                    })
                    .collect::<Vec<_>>()
            ),
        );
        let _ = ui;
        m.insert("rows".into(), Value::from(rows));
        // The page's language has no text of it: said above the columns it has.
        m.insert("missing_here".into(), json!(!d.translations.contains_key(lang)));
        m.insert("single_href".into(), json!(self.linker.rel(path, &single)));
        Value::Object(m)
    }

    /// A page of a theme's or party's listing: each declaration with the excerpts of
    /// its matching blocks. Written here rather than in a template: these lists are the
    /// bulk of a large site, and a template would walk a JSON copy of every entry.
    fn groups_html(&self, lang: &Lang, path: &SitePath, groups: &[Group]) -> String {
        use std::fmt::Write;
        let s = &self.strings[lang];
        let mut out = String::with_capacity(groups.iter().map(|g| 300 + 320 * g.blocks.len()).sum());
        for g in groups {
            let d = &self.site.declarations[g.decl];
            let doc = d.text_for(lang);
            let href = escape_attr(&self.linker.rel(path, &urls::declaration(lang, &d.slug)));
            let other = |l: &Lang| if l == lang { String::new() } else { format!(" lang=\"{}\"", escape_attr(l.as_str())) };
            let slug = escape_attr(d.slug.as_str());
            let _ = write!(
                out,
                "<section class=\"group\" aria-labelledby=\"g-{slug}\">\n  <h3 id=\"g-{slug}\"><a href=\"{href}\"{}>{}</a> <span class=\"muted\">· <time datetime=\"{}\"{}>{}</time></span></h3>\n",
                other(&doc.lang),
                escape_html(doc.front.title.as_deref().unwrap_or(d.slug.as_str())),
                d.date,
                // A date in English month names where the page's language has none given.
                other(&Lang(s.lang_of("months").into())),
                escape_html(&s.date(&d.date)),
            );
            if !g.blocks.is_empty() {
                out.push_str("  <ul class=\"excerpts\">\n");
                let text_lang = other(&doc.lang);
                let blocks: Vec<&Block> = g.blocks.iter().filter_map(|&i| doc.blocks.get(i as usize)).collect();
                // Unpacked once for the neighbouring pages too (see `plan`).
                let texts = doc.texts.shared();
                let (shown, rest) = blocks.split_at(blocks.len().min(GROUP_EXCERPTS));
                for b in shown {
                    let id = escape_attr(b.id.as_str());
                    let _ = write!(out, "    <li><a class=\"blk-id\" href=\"{href}#{id}\">§{id}</a> <span{text_lang}>");
                    push_excerpt(&mut out, b.text_in(&texts), EXCERPT_WORDS);
                    out.push_str("</span></li>\n");
                }
                if !rest.is_empty() {
                    // The other paragraphs by their ids only: every one stays a click away,
                    // and a long declaration does not fill the page.
                    let _ = write!(
                        out,
                        "    <li class=\"more\">{}",
                        s.html_of("more_paragraphs", &s.count("more_paragraphs", rest.len()).replace("{n}", &rest.len().to_string()))
                    );
                    for b in rest {
                        let id = escape_attr(b.id.as_str());
                        let _ = write!(out, " <a class=\"blk-id\" href=\"{href}#{id}\">§{id}</a>");
                    }
                    out.push_str("</li>\n");
                }
                out.push_str("  </ul>\n");
            }
            out.push_str("</section>\n");
        }
        out
    }

    /// What theme and party pages share: page `n` of the tagged listing, its counts and
    /// the navigation between its pages (`page(k)` is page k's path).
    fn tagged_page(
        &self,
        m: &mut Map<String, Value>,
        lang: &Lang,
        path: &SitePath,
        tagged: &Tagged,
        n: usize,
        page: &dyn Fn(usize) -> SitePath,
    ) {
        let total = page_count(tagged.groups.len(), GROUP_PAGE);
        m.insert("groups_html".into(), json!(self.groups_html(lang, path, page_of(&tagged.groups, GROUP_PAGE, n))));
        let s = &self.strings[lang];
        m.insert("block_count".into(), json!(tagged.blocks));
        m.insert("block_count_label".into(), json!(s.html_of("blocks_count", s.count_or("blocks_count", Some("block"), tagged.blocks))));
        m.insert("decl_count".into(), json!(tagged.groups.len()));
        m.insert("decl_count_label".into(), json!(s.html_of("declarations_count", s.count("declarations_count", tagged.groups.len()))));
        m.insert("pager".into(), self.pager(lang, path, n, total, page));
    }

    /// Navigation between the pages of a list: previous, next, the first and last
    /// pages and those near the current one.
    fn pager(&self, lang: &Lang, from: &SitePath, n: usize, total: usize, page: &dyn Fn(usize) -> SitePath) -> Value {
        let s = &self.strings[lang];
        let href = |k: usize| self.linker.rel(from, &page(k));
        let mut items = Vec::new();
        let mut last = 0;
        for k in 1..=total {
            if k == 1 || k == total || k.abs_diff(n) <= 2 {
                if k > last + 1 {
                    items.push(json!({"gap": true}));
                }
                items.push(json!({"n": k, "href": href(k), "current": k == n}));
                last = k;
            }
        }
        json!({
            "n": n,
            "total": total,
            "label": s.get("pagination"),
            "status": s.html_of("page_n_of", &s.get("page_n_of").replace("{n}", &n.to_string()).replace("{total}", &total.to_string())),
            "prev": (n > 1).then(|| href(n - 1)),
            "next": (n < total).then(|| href(n + 1)),
            "prev_label": s.html_of("previous_page", s.get("previous_page")),
            "next_label": s.html_of("next_page", s.get("next_page")),
            "items": items,
        })
    }

    /// A page's title with its page number after the first page.
    fn paged_title(&self, lang: &Lang, title: &str, n: usize, total: usize) -> String {
        if n <= 1 {
            title.to_string()
        } else {
            let p = self.strings[lang].get("page_n_of").replace("{n}", &n.to_string()).replace("{total}", &total.to_string());
            format!("{title} ({p})")
        }
    }

    fn themes_index(&self, lang: &Lang, path: &SitePath) -> Value {
        let s = &self.strings[lang];
        let mut m = self.base(lang, path, "themes", s.get("themes"), &|l| urls::themes(l));
        m.insert("themes".into(), json!(self.theme_tree(lang, path)));
        m.insert("matrix_svg".into(), json!(self.matrix_svg(lang, s.get("matrix"), s.get("matrix_desc"))));
        let (rows, cols, counts) = self.matrix_counts(lang);
        m.insert(
            "matrix".into(),
            json!({
                "cols": cols.iter().map(|p| self.party_link(p, lang, path)).collect::<Vec<_>>(),
                "rows": rows.iter().map(|t| {
                    let mut v = self.theme_link(t, lang, path);
                    v["cells"] = json!(cols.iter().map(|p| counts.get(&(*t, *p)).copied().unwrap_or(0)).collect::<Vec<_>>());
                    v
                }).collect::<Vec<_>>(),
            }),
        );
        Value::Object(m)
    }

    fn theme_page(&self, lang: &Lang, t: &Theme, n: usize, path: &SitePath) -> Value {
        let label = self.theme_label(&t.id, lang);
        let tagged = self.listings.theme(lang, &t.id);
        let total = page_count(tagged.groups.len(), GROUP_PAGE);
        let page = |l: &Lang, k: usize| {
            urls::paged(urls::theme(l, &t.id), k.min(page_count(self.listings.theme(l, &t.id).groups.len(), GROUP_PAGE)))
        };
        // Titled as a theme: a party may bear the same name (the European Union).
        let title = self.strings[lang].get("theme_title").replace("{label}", &label);
        let mut m = self.base(lang, path, "themes", &self.paged_title(lang, &title, n, total), &|l| page(l, n));
        let children: Vec<Value> = self
            .site
            .registry
            .themes
            .values()
            .filter(|c| c.parent.as_ref() == Some(&t.id))
            .map(|c| {
                let mut v = self.theme_link(&c.id, lang, path);
                v["count"] = json!(self.theme_count(lang, &c.id));
                v
            })
            .collect();
        m.insert("feeds".into(), json!([{"title": label, "href": self.linker.rel(path, &urls::theme_feed(lang, &t.id))}]));
        m.insert("feed".into(), json!(self.linker.rel(path, &urls::theme_feed(lang, &t.id))));
        m.insert("label".into(), Value::from(label));
        self.tagged_page(&mut m, lang, path, tagged, n, &|k| page(lang, k));
        m.insert("children".into(), Value::from(children));
        // The ancestors, the root first, for the breadcrumb; `parent` is the nearest.
        let ancestors: Vec<Value> = self
            .site
            .registry
            .theme_ancestors(&t.id)
            .into_iter()
            .skip(1)
            .filter(|p| self.site.registry.themes.contains_key(*p))
            .map(|p| self.theme_link(p, lang, path))
            .rev()
            .collect();
        m.insert("parent".into(), json!(ancestors.last()));
        m.insert("ancestors".into(), Value::from(ancestors));
        m.insert(
            "involved".into(),
            json!(
                tagged
                    .related
                    .iter()
                    .take(8)
                    .map(|&(p, count)| {
                        let mut v = self.party_link(&self.listings.parties[p], lang, path);
                        v["count"] = json!(count);
                        v
                    })
                    .collect::<Vec<_>>()
            ),
        );
        Value::Object(m)
    }

    fn parties_index(&self, lang: &Lang, path: &SitePath) -> Value {
        let s = &self.strings[lang];
        let mut m = self.base(lang, path, "parties", s.get("parties"), &|l| urls::parties(l));
        let mut by_kind: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        for p in self.site.registry.parties.values() {
            let mut v = self.party_link(&p.id, lang, path);
            v["count"] = json!(self.listings.party(lang, &p.id).blocks);
            by_kind.entry(p.kind.as_str()).or_default().push(v);
        }
        let order = ["state", "region", "organisation"];
        let mut kinds: Vec<&str> = by_kind.keys().copied().collect();
        kinds.sort_by_key(|k| (order.iter().position(|o| o == k).unwrap_or(order.len()), *k));
        let groups: Vec<Value> = kinds
            .into_iter()
            .map(|k| {
                let key = format!("kind_{k}");
                let label = if s.all().contains_key(&key) { i18n_cap(s.get(&key)) } else { i18n_cap(k) };
                let mut list = by_kind.remove(k).unwrap_or_default();
                list.sort_by_cached_key(|p| crate::search::text::fold(p["label"].as_str().unwrap_or_default()));
                json!({"kind": k, "label": label, "parties": list})
            })
            .collect();
        m.insert("groups".into(), Value::from(groups));
        Value::Object(m)
    }

    fn party_page(&self, lang: &Lang, p: &Party, n: usize, path: &SitePath) -> Value {
        let s = &self.strings[lang];
        let label = self.party_label(&p.id, lang);
        let tagged = self.listings.party(lang, &p.id);
        let total = page_count(tagged.groups.len(), GROUP_PAGE);
        let page = |l: &Lang, k: usize| {
            urls::paged(urls::party(l, &p.id), k.min(page_count(self.listings.party(l, &p.id).groups.len(), GROUP_PAGE)))
        };
        let title = s.get("party_title").replace("{label}", &label);
        let mut m = self.base(lang, path, "parties", &self.paged_title(lang, &title, n, total), &|l| page(l, n));
        let themes: Vec<Value> = tagged
            .related
            .iter()
            .map(|&(t, count)| {
                let mut v = self.theme_link(&self.listings.themes[t], lang, path);
                v["count"] = json!(count);
                v
            })
            .collect();
        let children: Vec<Value> = self
            .site
            .registry
            .parties
            .values()
            .filter(|c| c.part_of.as_ref() == Some(&p.id))
            .map(|c| self.party_link(&c.id, lang, path))
            .collect();
        let kind_key = format!("kind_{}", p.kind);
        m.insert("feeds".into(), json!([{"title": label, "href": self.linker.rel(path, &urls::party_feed(lang, &p.id))}]));
        m.insert("feed".into(), json!(self.linker.rel(path, &urls::party_feed(lang, &p.id))));
        m.insert("label".into(), Value::from(label));
        m.insert("kind".into(), json!(if s.all().contains_key(&kind_key) { i18n_cap(s.get(&kind_key)) } else { i18n_cap(&p.kind) }));
        self.tagged_page(&mut m, lang, path, tagged, n, &|k| page(lang, k));
        m.insert("themes".into(), Value::from(themes));
        m.insert("children".into(), Value::from(children));
        m.insert(
            "parent".into(),
            json!(p.part_of.as_ref().filter(|x| self.site.registry.parties.contains_key(*x)).map(|x| self.party_link(x, lang, path))),
        );
        Value::Object(m)
    }

    /// A page of a plain list of declarations, under `heading` (in the language given
    /// with it: an interface string may still be in English).
    fn list_page(
        &self,
        lang: &Lang,
        (heading, heading_lang): (&str, &str),
        decls: &[usize],
        n: usize,
        first: &dyn Fn(&Lang) -> SitePath,
        path: &SitePath,
    ) -> Value {
        let total = page_count(decls.len(), LIST_PAGE);
        let mut m = self.base(lang, path, "home", &self.paged_title(lang, heading, n, total), &|l| urls::paged(first(l), n));
        let items: Vec<Value> =
            page_of(decls, LIST_PAGE, n).iter().map(|&i| self.decl_item(&self.site.declarations[i], lang, path)).collect();
        m.insert("heading".into(), Value::from(heading));
        m.insert("heading_lang".into(), Value::from(heading_lang));
        m.insert("declarations".into(), Value::from(items));
        m.insert("pager".into(), self.pager(lang, path, n, total, &|k| urls::paged(first(lang), k)));
        Value::Object(m)
    }

    /// Pages 2 and on of the home page's list of all declarations.
    fn all_page(&self, lang: &Lang, n: usize, path: &SitePath) -> Value {
        let all: Vec<usize> = (0..self.site.declarations.len()).collect();
        let s = &self.strings[lang];
        self.list_page(lang, (s.get("all_declarations"), s.lang_of("all_declarations")), &all, n, &|l| urls::home(l), path)
    }

    fn year_page(&self, lang: &Lang, year: i32, n: usize, path: &SitePath) -> Value {
        let s = &self.strings[lang];
        let heading = format!("{}{} {year}", s.get("declarations"), s.get("colon"));
        let decls = self.listings.years.get(&year).map(Vec::as_slice).unwrap_or(&[]);
        self.list_page(lang, (&heading, s.lang_of("declarations")), decls, n, &|l| urls::year(l, year), path)
    }

    fn kind_page(&self, lang: &Lang, kind: &str, n: usize, path: &SitePath) -> Value {
        let s = &self.strings[lang];
        let heading = s.kind(kind);
        let decls = self.listings.kinds.get(kind).map(Vec::as_slice).unwrap_or(&[]);
        self.list_page(lang, (&heading, s.kind_lang(kind)), decls, n, &|l| urls::kind(l, kind), path)
    }

    fn free_page(&self, lang: &Lang, p: &crate::link::Page, path: &SitePath) -> Value {
        let doc = p
            .translations
            .get(lang)
            .or_else(|| p.translations.get(self.site.config.default_lang()))
            .or_else(|| p.translations.values().next())
            .expect("page has a translation");
        let title = doc.front.title.clone().unwrap_or_default();
        let same_page = |l: &Lang| urls::page(l, &p.slug);
        let mut m = self.base(lang, path, "page", &title, &same_page);
        self.translated_alternates(&mut m, lang, &doc.lang, &|l| p.translations.contains_key(l), &same_page);
        let links = p.links.get(&doc.lang).map(Vec::as_slice).unwrap_or(&[]);
        let mut stylesheets = m["stylesheets"].as_array().cloned().unwrap_or_default();
        if doc.has_code {
            stylesheets.push(json!(self.linker.rel(path, &urls::asset("syntax.css"))));
        }
        m.insert("stylesheets".into(), Value::from(stylesheets));
        m.insert("title".into(), Value::from(title));
        m.insert("text_lang".into(), json!(doc.lang));
        let ui = (doc.lang != *lang).then_some(self.strings[lang].lang_of("footnotes"));
        let body = self.fill_doc(&doc.body.unpack(), path, lang, doc, links, None);
        m.insert("body".into(), json!(super::blocks::with_footnotes_heading(doc, body, self.strings[lang].get("footnotes"), ui)));
        if let Some(summary) = &doc.front.summary {
            m.insert("description".into(), json!(summary));
        }
        Value::Object(m)
    }
}

impl Renderer<'_> {
    /// The search page: the form and its facets are rendered here, so they work with
    /// Enter and are read by assistive technology before any script runs; search.js
    /// fills in results and counts.
    fn search_page(&self, lang: &Lang, path: &SitePath) -> Value {
        let s = &self.strings[lang];
        let mut m = self.base(lang, path, "search", s.get("search"), &|l| urls::search(l));
        // The forms of "n results" by plural category, for search.js.
        m.insert("result_forms".into(), json!(serde_json::to_string(&s.count_forms("result_many")).expect("JSON")));
        // The statuses search.js shows (its `data-` names) and their strings' keys, for
        // marking one still in English.
        m.insert(
            "status_keys".into(),
            json!({"none": "no_results", "empty": "type_to_search", "searching": "searching", "failed": "search_failed", "capped": "search_capped", "capped-none": "search_capped_none", "elsewhere": "results_elsewhere"}),
        );
        m.insert("count_lang".into(), json!(s.lang_of("result_many")));
        let reg = &self.site.registry;
        // Every level, in tree order; `depth` indents (checking a theme includes its
        // sub-themes at any depth: search.js walks the parents).
        let themes: Vec<Value> = self
            .themes_by_label(lang)
            .into_iter()
            .map(|(t, depth)| json!({"id": t.id, "label": self.theme_label(&t.id, lang), "child": depth > 0, "depth": depth}))
            .collect();
        let mut parties: Vec<Value> = reg.parties.keys().map(|p| json!({"id": p, "label": self.party_label(p, lang)})).collect();
        parties.sort_by_cached_key(|p| crate::search::text::fold(p["label"].as_str().unwrap_or_default()));
        let years: BTreeSet<i32> = self.site.declarations.iter().map(|d| d.date.year).collect();
        let kinds: BTreeSet<&str> = self.site.declarations.iter().map(|d| d.kind.as_str()).collect();
        let mut stylesheets = m["stylesheets"].as_array().cloned().unwrap_or_default();
        stylesheets.truncate(1);
        m.insert("themes".into(), Value::from(themes));
        m.insert("parties".into(), Value::from(parties));
        m.insert("years".into(), json!(years.iter().rev().collect::<Vec<_>>()));
        m.insert(
            "kinds".into(),
            json!(kinds.iter().map(|k| json!({"id": k, "label": s.kind(k), "lang": s.kind_lang(k)})).collect::<Vec<_>>()),
        );
        m.insert(
            "languages".into(),
            json!(
                self.site
                    .config
                    .languages
                    .iter()
                    .map(|l| json!({"id": l, "label": s.language(l.as_str()), "lang": s.language_lang(l.as_str())}))
                    .collect::<Vec<_>>()
            ),
        );
        m.insert("index_base".into(), json!(self.linker.rel(path, &SitePath("search/meta.js".into())).trim_end_matches("meta.js")));
        m.insert("site_root".into(), json!(self.linker.rel(path, &SitePath("index.html".into())).trim_end_matches("index.html")));
        // How the page links to itself and search.js to a declaration: `index.html`, or
        // the folder with `pretty_urls`.
        m.insert("page_file".into(), json!(if self.linker.pretty { "./" } else { "index.html" }));
        m.insert("search_script".into(), json!(self.linker.rel(path, &urls::asset("search.js"))));
        Value::Object(m)
    }
}

/// The first `words` words of `text`, escaped, ending in ` …` when cut.
fn push_excerpt(out: &mut String, text: &str, words: usize) {
    super::blocks::excerpt_into(out, text, words, crate::parse::push_escaped);
}

fn og_locale(lang: &str) -> String {
    match lang {
        "nl" => "nl_NL".into(),
        "en" => "en_GB".into(),
        "fr" => "fr_FR".into(),
        "de" => "de_DE".into(),
        "it" => "it_IT".into(),
        "es" => "es_ES".into(),
        // The usual territory of other languages (a site names its own with
        // `strings: { pt: { locale: pt_BR } }`).
        "pt" => "pt_PT".into(),
        "da" => "da_DK".into(),
        "sv" => "sv_SE".into(),
        "fi" => "fi_FI".into(),
        "no" | "nb" => "nb_NO".into(),
        "pl" => "pl_PL".into(),
        "cs" => "cs_CZ".into(),
        "sk" => "sk_SK".into(),
        "sl" => "sl_SI".into(),
        "hr" => "hr_HR".into(),
        "hu" => "hu_HU".into(),
        "ro" => "ro_RO".into(),
        "bg" => "bg_BG".into(),
        "el" => "el_GR".into(),
        "et" => "et_EE".into(),
        "lv" => "lv_LV".into(),
        "lt" => "lt_LT".into(),
        "ga" => "ga_IE".into(),
        "mt" => "mt_MT".into(),
        "lb" => "lb_LU".into(),
        "ru" => "ru_RU".into(),
        "uk" => "uk_UA".into(),
        "tr" => "tr_TR".into(),
        "ar" => "ar_AR".into(),
        "he" => "he_IL".into(),
        "fa" => "fa_IR".into(),
        "ja" => "ja_JP".into(),
        "zh" => "zh_CN".into(),
        "ko" => "ko_KR".into(),
        "cy" => "cy_GB".into(),
        "gd" => "gd_GB".into(),
        "ca" => "ca_ES".into(),
        "eu" => "eu_ES".into(),
        "gl" => "gl_ES".into(),
        "is" => "is_IS".into(),
        "fy" => "fy_NL".into(),
        "sq" => "sq_AL".into(),
        "sr" => "sr_RS".into(),
        "bs" => "bs_BA".into(),
        "mk" => "mk_MK".into(),
        "be" => "be_BY".into(),
        "hi" => "hi_IN".into(),
        "ur" => "ur_PK".into(),
        "id" => "id_ID".into(),
        "ms" => "ms_MY".into(),
        "th" => "th_TH".into(),
        "vi" => "vi_VN".into(),
        "sw" => "sw_KE".into(),
        "af" => "af_ZA".into(),
        // A regional code names its territory: `nl-be` → `nl_BE`.
        other => match other.split_once('-') {
            Some((language, region)) if region.len() == 2 => format!("{language}_{}", region.to_ascii_uppercase()),
            _ => other.replace('-', "_"),
        },
    }
}

/// JSON for a `<script type="application/ld+json">`: `<` is escaped so that no
/// string can close the element or open a comment.
fn script_json(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("JSON").replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

fn i18n_cap(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// What a text is: `original` (the authentic text), `official` or `unofficial` (a
/// translation), as its front matter says, else by its language.
fn text_status<'a>(t: &'a crate::model::ParsedDoc, original: &Lang) -> &'a str {
    t.front.translation.as_ref().map(|(s, _)| s.as_str()).unwrap_or(if &t.lang == original { "original" } else { "unofficial" })
}

#[cfg(test)]
mod tests {
    #[test]
    fn open_graph_locales() {
        use super::og_locale;
        assert_eq!(og_locale("nl"), "nl_NL");
        assert_eq!(og_locale("cy"), "cy_GB");
        assert_eq!(og_locale("nl-be"), "nl_BE");
        assert_eq!(og_locale("pt-br"), "pt_BR");
        assert_eq!(og_locale("tlh"), "tlh");
    }
}
