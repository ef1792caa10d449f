//! Load: disk → sources. Finds every file of a site (sorted, so the order never depends
//! on the file system), reads it into the [`SourceMap`], and reads the three YAML
//! files that everything else depends on: `site.yaml`, `content/themes.yaml` and
//! `content/parties.yaml`. Markdown files are only classified here (slug, language);
//! the parse stage reads their content.
//!
//! Never: parse Markdown, or stop at the first problem when there is more to check.

mod registry;
pub mod yaml;

use crate::diag::{Diagnostic, Diagnostics, FileId, SourceMap, Span, did_you_mean};
use crate::model::{Lang, Localized, Registry, SiteConfig, Slug};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest Markdown or YAML file accepted (a limit against runaway inputs).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A Markdown file of the site, classified by its path.
#[derive(Clone, Debug)]
pub struct DocFile {
    pub file: FileId,
    pub slug: Slug,
    pub lang: Lang,
    /// For a bundle (`<slug>/index.<lang>.md`), its folder: the other files in it are
    /// attachments published beside the page.
    pub bundle: Option<PathBuf>,
}

/// Everything read from disk.
#[derive(Debug)]
pub struct Sources {
    pub root: PathBuf,
    pub map: SourceMap,
    pub config: SiteConfig,
    pub registry: Registry,
    /// Whether themes.yaml and parties.yaml loaded cleanly: if not, annotations are not
    /// checked against them (that would only repeat the same problem many times).
    pub registry_ok: bool,
    /// Shared between the loads of live preview, like the files of the source map.
    pub declarations: Arc<Vec<DocFile>>,
    pub pages: Arc<Vec<DocFile>>,
    /// The site's own theme folder (`themes/<theme>/`), if it has one.
    pub theme_dir: Option<PathBuf>,
    /// Attachments of bundles: (slug, absolute path).
    pub attachments: Vec<(Slug, PathBuf)>,
}

/// What linking takes from the sources (owned, so the sources stay available).
pub struct SiteMeta {
    pub config: SiteConfig,
    pub registry: Registry,
    pub registry_ok: bool,
}

impl Sources {
    pub fn clone_meta(&self) -> SiteMeta {
        SiteMeta { config: self.config.clone(), registry: self.registry.clone(), registry_ok: self.registry_ok }
    }
}

/// Reads the site at `root`. Fails only when nothing useful can be done (no readable
/// or valid `site.yaml`); every problem is in `diags`, and the error is the source map
/// they point into.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Result<Sources, SourceMap> {
    load_into(root, SourceMap::default(), diags)
}

/// [`load`], the documents registered unread, for a one-shot build that reads each
/// where it parses it (see [`SourceMap::deferring`] and [`read_unread`]).
pub fn load_unread(root: &Path, diags: &mut Diagnostics) -> Result<Sources, SourceMap> {
    load_into(root, SourceMap::deferring(), diags)
}

/// [`load`] into a given source map, e.g. one [reusing](SourceMap::reusing) the texts
/// of the previous load.
pub fn load_into(root: &Path, mut map: SourceMap, diags: &mut Diagnostics) -> Result<Sources, SourceMap> {
    LAST_DIR.with(|last| *last.borrow_mut() = None);
    let site_path = root.join("site.yaml");
    let Some(site_file) = read_file(&mut map, root, &site_path, diags) else {
        if !site_path.exists() {
            diags.push(
                Diagnostic::error(format!("no site.yaml in {}", root.display()))
                    .help("run diptych in a site folder, pass --root DIR, or create a site with `diptych init DIR`"),
            );
        }
        return Err(map);
    };
    let Some(config) = read_config(&map, site_file, diags) else { return Err(map) };

    let mut registry_ok = true;
    let registry = registry::read(&mut map, root, &config, diags, &mut registry_ok);

    let mut declarations = Vec::new();
    let mut pages = Vec::new();
    let mut attachments = Vec::new();
    discover(&mut map, root, "declarations", &config, diags, &mut declarations, Some(&mut attachments));
    discover(&mut map, root, "pages", &config, diags, &mut pages, None);

    let site_text = map.text(site_file);
    let theme_at = yaml::key_offset(site_text, "theme").map_or(Span::new(site_file, 0, 0), |o| Span::new(site_file, o, o + 5));
    let theme_dir = if is_id(&config.theme) { Some(root.join("themes").join(&config.theme)).filter(|p| p.is_dir()) } else { None };
    if !is_id(&config.theme) {
        diags.push(
            Diagnostic::error(format!("`{}` is not a theme name", config.theme))
                .at(theme_at)
                .help("a theme is a folder name inside themes/ (lowercase letters, digits and `-`), or `default` for the built-in theme"),
        );
    } else if theme_dir.is_none() && config.theme != "default" {
        diags.push(
            Diagnostic::error(format!("theme `{}` not found: there is no folder themes/{}/", config.theme, config.theme))
                .at(theme_at)
                .help("create the folder, or set `theme: default` to use the built-in theme"),
        );
    }
    if theme_dir.as_ref().is_some_and(|d| is_symlink(d) || is_symlink(&root.join("themes"))) {
        diags.push(
            Diagnostic::error(format!("themes/{} is a symbolic link", config.theme))
                .at(theme_at)
                .help("a theme must be a folder inside the site, not a link to elsewhere"),
        );
        return Err(map);
    }
    let (declarations, pages) = (Arc::new(declarations), Arc::new(pages));
    Ok(Sources { root: root.to_path_buf(), map, config, registry, registry_ok, declarations, pages, theme_dir, attachments })
}

/// Live preview's load after an edit, when the file watcher says which paths
/// changed (`changed`: absolute paths under `root`, the site folder as the watcher
/// sees it): the sources of the previous load, with the changed files read again.
/// The 10,000 other files of a large site are neither listed nor looked at.
///
/// Only for edits of content files the previous load had, at the top of
/// `content/declarations/` or `content/pages/`; a changed path that is gone and was
/// never a source (an editor's temporary file) is ignored. Anything else (a file
/// added or removed, site.yaml, themes.yaml, parties.yaml, a bundle, a file that
/// cannot be read as it should) gives `None`: then [`load_into`] looks at everything
/// and reports what is wrong.
pub fn reload(prev: &Sources, root: &Path, changed: &[PathBuf], reads: &mut crate::diag::ReadCache) -> Option<Sources> {
    let mut map = prev.map.files_only();
    for path in changed {
        let rel = path.strip_prefix(root).ok()?;
        let name = rel.to_str()?.replace('\\', "/");
        let editable = ["content/declarations/", "content/pages/"]
            .iter()
            .any(|section| name.strip_prefix(section).is_some_and(|n| !n.contains('/') && n.ends_with(".md")));
        let (id, meta) = match (map.find_name(&name), std::fs::symlink_metadata(path)) {
            (None, Err(e)) if e.kind() == std::io::ErrorKind::NotFound => continue,
            (Some(id), Ok(meta)) if editable && meta.file_type().is_file() && meta.len() <= MAX_FILE_BYTES => (id, meta),
            _ => return None,
        };
        let text = read_text(path).ok()?;
        map.replace_read(id, text, meta.modified().ok()?, meta.len(), reads);
    }
    Some(Sources {
        root: prev.root.clone(),
        map,
        config: prev.config.clone(),
        registry: prev.registry.clone(),
        registry_ok: prev.registry_ok,
        declarations: Arc::clone(&prev.declarations),
        pages: Arc::clone(&prev.pages),
        theme_dir: prev.theme_dir.clone(),
        attachments: prev.attachments.clone(),
    })
}

/// Threads reading the documents of a fresh load (see [`discover`]).
const READERS: usize = 8;

fn is_symlink(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

thread_local! {
    /// The last folder [`parent_is_symlink`] looked at; forgotten at the start of each load.
    static LAST_DIR: std::cell::RefCell<Option<(PathBuf, bool)>> = const { std::cell::RefCell::new(None) };
}

/// Whether a folder is a symbolic link, remembered for the last folder asked about
/// during this load (files come folder by folder).
fn parent_is_symlink(dir: &Path) -> bool {
    LAST_DIR.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((_, link)) = last.as_ref().filter(|(d, _)| d == dir) {
            return *link;
        }
        let link = is_symlink(dir);
        *last = Some((dir.to_path_buf(), link));
        link
    })
}

/// Reads a UTF-8 text file into the source map, with the size limit.
fn read_file(map: &mut SourceMap, root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<FileId> {
    read_file_with(map, root, path, diags, None, false)
}

/// Asks the system to read `files` into its cache, in the background (on a thread of
/// its own, which only asks): the parse of a one-shot build, which reads each document
/// where it parses it on as many threads as there are cores, then finds them read when
/// they were not in the cache (a 20,000-declaration site after writing its 10 GB
/// output). Elsewhere than Linux, nothing.
pub fn prefetch(map: &SourceMap, files: &[DocFile]) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let paths: Vec<PathBuf> = files.iter().filter(|f| map.is_unread(f.file)).map(|f| map.get(f.file).path.clone()).collect();
        let _ = std::thread::Builder::new().name("prefetch".into()).spawn(move || {
            for path in paths {
                if let Ok(file) = std::fs::File::open(&path) {
                    // SAFETY: an advice on an open descriptor; it reads nothing into our memory.
                    unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED) };
                }
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (map, files);
}

/// The text of document `id`, registered unread (see [`SourceMap::deferring`]); read on
/// the calling thread. If it cannot be read: the error, and what of the text to show
/// with it (the valid start of a file that is not UTF-8), for [`SourceMap::put_text`].
pub fn read_unread(map: &SourceMap, id: FileId) -> Result<String, (Diagnostic, String)> {
    let file = map.get(id);
    read_text(&file.path).map_err(|fail| match fail {
        Fail::Utf8(text, valid) => (not_utf8(id, valid), text),
        Fail::Io(e) => (Diagnostic::error(format!("cannot read {}: {e}", file.name)), String::new()),
    })
}

fn not_utf8(id: FileId, valid: usize) -> Diagnostic {
    Diagnostic::error("file is not valid UTF-8")
        .at(Span::new(id, valid, valid))
        .label("the first invalid byte is here")
        .help("save the file as UTF-8 in your editor")
}

/// Why a file could not be read as text.
enum Fail {
    Io(std::io::Error),
    /// The valid start of the text and where the first invalid byte is.
    Utf8(String, usize),
}

/// Reads again the texts taken out of `map` after parsing that `diags` point into, so
/// that the diagnostics show their lines (see [`SourceMap::take_text`]).
pub fn restore_texts(map: &mut SourceMap, diags: &Diagnostics) {
    for id in map.taken_in(diags) {
        if let Ok(text) = read_text(&map.get(id).path) {
            map.restore_text(id, text);
        }
    }
}

/// The text of a file, in NFC.
fn read_text(path: &Path) -> Result<String, Fail> {
    let bytes = std::fs::read(path).map_err(Fail::Io)?;
    String::from_utf8(bytes).map(composed).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        Fail::Utf8(String::from_utf8_lossy(&e.into_bytes()[..valid]).into_owned(), valid)
    })
}

/// [`read_file`], with the file's text already read (in parallel, see [`discover`]) if
/// `read` is given; not read at all if `read` is `None` and the map defers the reads
/// of documents (`document`, see [`SourceMap::deferring`] and [`read_unread`]).
fn read_file_with(
    map: &mut SourceMap,
    root: &Path,
    path: &Path,
    diags: &mut Diagnostics,
    read: Option<Result<String, Fail>>,
    document: bool,
) -> Option<FileId> {
    let name = display_name(root, path);
    // One `lstat` gives the link check, the size and the time; a folder's own check is
    // done once for all the files in it (live preview loads 10,000 files per save).
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() || path.parent().is_some_and(|p| p != root && parent_is_symlink(p)) {
        // Registered empty, so the message has a position like every other.
        let id = map.add(name.clone(), path.to_path_buf(), String::new());
        diags.push(
            Diagnostic::error(format!("{name} is a symbolic link"))
                .at(Span::new(id, 0, 0))
                .help("site files must be regular files inside the site folder: copy the file instead of linking it"),
        );
        return None;
    }
    if meta.len() > MAX_FILE_BYTES {
        let id = map.add(name.clone(), path.to_path_buf(), String::new());
        diags.push(
            Diagnostic::error(format!("file is {} bytes, more than the limit of {MAX_FILE_BYTES}", meta.len()))
                .at(Span::new(id, 0, 0))
                .help("split the document, or remove what does not belong in it"),
        );
        return None;
    }
    if document && read.is_none() && map.defers_reads() {
        return Some(map.add_unread(name, path.to_path_buf()));
    }
    let read = || read.unwrap_or_else(|| read_text(path));
    match map.add_read(name.clone(), path.to_path_buf(), meta.modified().ok(), meta.len(), read) {
        Ok(id) => Some(id),
        Err(Fail::Utf8(text, valid)) => {
            let id = map.add(name, path.to_path_buf(), text);
            diags.push(not_utf8(id, valid));
            None
        }
        Err(Fail::Io(e)) => {
            diags.push(Diagnostic::error(format!("cannot read {name}: {e}")));
            None
        }
    }
}

/// A text in Unicode normalisation form C: accents composed with their letters. Text
/// extracted from PDFs often has them apart (`S` + `\u{301}` for `Ś`), which looks the
/// same but would split words for search and compare unequal in open data.
fn composed(text: String) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

fn display_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TextOrMap {
    Text(String),
    Map(BTreeMap<String, String>),
}

/// `license: URL` or `license: { name: CC BY 4.0, url: URL }`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawLicense {
    Url(String),
    Named { name: String, url: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    title: TextOrMap,
    #[serde(default)]
    description: Option<TextOrMap>,
    base_url: String,
    languages: Vec<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    strings: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pretty_urls: bool,
    #[serde(default)]
    organization: Option<String>,
    #[serde(default)]
    identifier: Option<String>,
    #[serde(default)]
    license: Option<RawLicense>,
    #[serde(default)]
    root: Option<String>,
}

/// The usual name of a licence given by its URL alone: the Creative Commons licences
/// and public-domain tools (`https://creativecommons.org/licenses/by/4.0/` is
/// "CC BY 4.0"), with or without `https`, `www.` or the final `/`, and with a
/// `deed.xx` or `legalcode` page. `None` for any other URL, which is then shown as is.
fn known_license_name(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let path = rest.strip_prefix("creativecommons.org/")?;
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let page_ok = |rest: &[&str]| match rest {
        [] => true,
        [page] => page.starts_with("deed") || page.starts_with("legalcode"),
        _ => false,
    };
    let is_version = |v: &str| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.');
    match parts.as_slice() {
        ["licenses", kind, version, rest @ ..] if is_version(version) && page_ok(rest) => {
            let kinds = ["by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd"];
            kinds.contains(kind).then(|| format!("CC {} {version}", kind.to_uppercase()))
        }
        ["publicdomain", "zero", version, rest @ ..] if is_version(version) && page_ok(rest) => Some(format!("CC0 {version}")),
        ["publicdomain", "mark", version, rest @ ..] if is_version(version) && page_ok(rest) => {
            Some(format!("Public Domain Mark {version}"))
        }
        _ => None,
    }
}

fn read_config(map: &SourceMap, file: FileId, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let text = map.text(file);
    let raw: RawSite = match yaml::from_str(text, file, 0) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let at_key = |key: &str| {
        let o = yaml::key_offset(text, key).unwrap_or(0);
        Span::new(file, o, o + key.len())
    };
    let mut ok = true;
    if raw.languages.is_empty() {
        diags.push(
            Diagnostic::error("`languages` is empty")
                .at(at_key("languages"))
                .help("list at least one language, e.g. `languages: [nl, en]`; the first is the default"),
        );
        return None;
    }
    let mut languages: Vec<Lang> = Vec::new();
    for l in &raw.languages {
        if !is_lang_code(l) {
            diags.push(
                Diagnostic::error(format!("`{l}` is not a language code"))
                    .at(at_key("languages"))
                    .help("use lowercase BCP 47 codes such as `nl`, `en`, `fr` or `pt-br`"),
            );
            ok = false;
        } else if languages.iter().any(|x| x.0 == *l) {
            diags.push(Diagnostic::error(format!("language `{l}` is listed twice")).at(at_key("languages")));
            ok = false;
        } else {
            languages.push(Lang(l.clone()));
        }
    }
    let localize = |value: TextOrMap, key: &str, diags: &mut Diagnostics| -> Localized {
        match value {
            TextOrMap::Text(s) => languages.iter().map(|l| (l.clone(), s.clone())).collect(),
            TextOrMap::Map(m) => {
                for l in &languages {
                    if !m.contains_key(l.as_str()) {
                        diags.push(
                            Diagnostic::error(format!("`{key}` has no text for language `{l}`"))
                                .at(at_key(key))
                                .help(format!("add `{l}: \"…\"` to `{key}`")),
                        );
                    }
                }
                m.into_iter().map(|(k, v)| (Lang(k), v)).collect()
            }
        }
    };
    let title = localize(raw.title, "title", diags);
    let description = raw.description.map(|d| localize(d, "description", diags)).unwrap_or_default();
    let mut base_url = raw.base_url.trim().to_string();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        diags.push(
            Diagnostic::error(format!("`base_url` must be an absolute http(s) URL, not `{base_url}`"))
                .at(at_key("base_url"))
                .help("write the address the site will be published at, e.g. `https://www.example.gov/verklaringen/`"),
        );
        ok = false;
    } else if let Some(at) = base_url.find(['?', '#']) {
        // Pages are appended to it: `…/?x=1/nl/` is no address of the site.
        diags.push(
            Diagnostic::error(format!(
                "`base_url` has a {} (`{}`)",
                if base_url[at..].starts_with('?') { "query" } else { "fragment" },
                &base_url[at..]
            ))
            .at(at_key("base_url"))
            .help(format!("give the folder the site is published in, without `?` or `#`: `{}`", &base_url[..at])),
        );
        ok = false;
    } else if base_url
        .split_once("://")
        .is_some_and(|(_, rest)| rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace))
    {
        diags.push(
            Diagnostic::error(format!("`base_url` has no host name: `{base_url}`"))
                .at(at_key("base_url"))
                .help("write the address the site will be published at, e.g. `https://www.example.gov/verklaringen/`"),
        );
        ok = false;
    }
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    // Where `strings:` → `lang` (→ `key`) is written: the first such word after the one before.
    let at_string = |path: &[&str]| {
        let mut at = yaml::key_offset(text, "strings").unwrap_or(0);
        for word in path {
            at = yaml::word_offset(text, word, at).unwrap_or(at);
        }
        Span::new(file, at, at + path.last().map_or("strings".len(), |w| w.len()))
    };
    let mut strings = BTreeMap::new();
    for (lang, table) in raw.strings {
        if !languages.iter().any(|l| l.0 == lang) {
            diags.push(
                Diagnostic::error(format!("`strings` has a table for `{lang}`, which is not a site language"))
                    .at(at_string(&[&lang]))
                    .maybe_help(did_you_mean(&lang, languages.iter().map(|l| l.as_str())).map(|s| format!("did you mean `{s}`?"))),
            );
        }
        let suggestions = crate::render::i18n::suggestions();
        for key in table.keys().filter(|k| !crate::render::i18n::is_key(k)) {
            diags.push(
                Diagnostic::warning(format!("`strings` of `{lang}` has `{key}`, which is not an interface string; it is ignored"))
                    .at(at_string(&[&lang, key]))
                    .maybe_help(did_you_mean(key, suggestions.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?")).or_else(
                        || Some("the keys are listed in src/render/i18n.rs; `diptych check` lists those a language lacks".into()),
                    )),
            );
        }
        // A name for a language the site does not have is a misspelt code.
        for key in table.keys() {
            if let Some(code) =
                key.strip_prefix("language_").filter(|c| crate::load::is_lang_code(c) && !languages.iter().any(|l| l.0 == *c))
            {
                diags.push(
                    Diagnostic::warning(format!(
                        "`strings` of `{lang}` names language `{code}`, which is not a site language; it is ignored"
                    ))
                    .at(at_string(&[&lang, key]))
                    .maybe_help(did_you_mean(code, languages.iter().map(|l| l.as_str())).map(|s| format!("did you mean `language_{s}`?"))),
                );
            }
        }
        strings.insert(Lang(lang), table);
    }
    let license = raw.license.map(|l| match l {
        RawLicense::Url(url) => crate::model::License { name: known_license_name(&url).unwrap_or_else(|| url.clone()), url },
        RawLicense::Named { name, url } => crate::model::License { name, url },
    });
    if let Some(l) = license.as_ref().filter(|l| !(l.url.starts_with("https://") || l.url.starts_with("http://"))) {
        diags.push(Diagnostic::error(format!("`license` URL `{}` is not an http(s) URL", l.url)).at(at_key("license")).help(
            "give the licence's web address, e.g. `license: { name: CC BY 4.0, url: \"https://creativecommons.org/licenses/by/4.0/\" }`",
        ));
        ok = false;
    }
    let root_chooser =
        match raw.root.as_deref() {
            None | Some("redirect") => false,
            Some("choose") => true,
            Some(other) => {
                diags.push(Diagnostic::error(format!("`root: {other}` is not a way to open the site")).at(at_key("root")).help(
                    "write `root: redirect` (to the first language, the default) or `root: choose` (a page to choose a language on)",
                ));
                ok = false;
                false
            }
        };
    ok.then(|| SiteConfig {
        title,
        description,
        base_url,
        languages,
        theme: raw.theme.unwrap_or_else(|| "default".into()),
        strings,
        pretty_urls: raw.pretty_urls,
        organization: raw.organization,
        identifier: raw.identifier,
        license,
        root_chooser,
    })
}

/// Two-letter codes (ISO 639-1) of the languages of the European Union and its
/// neighbours, with their three-letter codes (ISO 639-2: terminology, then
/// bibliographic where it differs).
const LANGUAGE_CODES: [(&str, &str, &str); 29] = [
    ("bg", "bul", "bul"),
    ("cs", "ces", "cze"),
    ("cy", "cym", "wel"),
    ("da", "dan", "dan"),
    ("de", "deu", "ger"),
    ("el", "ell", "gre"),
    ("en", "eng", "eng"),
    ("es", "spa", "spa"),
    ("et", "est", "est"),
    ("fi", "fin", "fin"),
    ("fr", "fra", "fre"),
    ("ga", "gle", "gle"),
    ("hr", "hrv", "hrv"),
    ("hu", "hun", "hun"),
    ("is", "isl", "ice"),
    ("it", "ita", "ita"),
    ("lb", "ltz", "ltz"),
    ("lt", "lit", "lit"),
    ("lv", "lav", "lav"),
    ("mt", "mlt", "mlt"),
    ("nl", "nld", "dut"),
    ("no", "nor", "nor"),
    ("pl", "pol", "pol"),
    ("pt", "por", "por"),
    ("ro", "ron", "rum"),
    ("sk", "slk", "slo"),
    ("sl", "slv", "slv"),
    ("sv", "swe", "swe"),
    ("uk", "ukr", "ukr"),
];

/// The two-letter code of a three-letter one (`deu` and `ger` → `de`), for the
/// languages of [`LANGUAGE_CODES`].
pub fn two_letter_code(three: &str) -> Option<&'static str> {
    LANGUAGE_CODES.iter().find(|(_, t, b)| *t == three || *b == three).map(|(two, ..)| *two)
}

/// The ISO 639-2 terminology code of a language code (`nl`, `nl-BE` → `nld`), as the
/// EU's language authority table names languages (ELI metadata).
pub fn three_letter_code(code: &str) -> Option<&'static str> {
    let primary = crate::model::primary_language(code);
    LANGUAGE_CODES.iter().find(|(two, t, _)| *two == primary || *t == primary).map(|(_, t, _)| *t)
}

/// Whether `s` looks like a lowercase BCP 47 tag (`nl`, `en`, `pt-br`).
pub fn is_lang_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Whether `s` is a valid id or slug: lowercase ASCII letters, digits and `-`.
pub fn is_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A suggestion for an invalid slug: ASCII-folded, lowercase, spaces to `-`.
pub fn suggest_id(s: &str) -> String {
    let folded = deunicode::deunicode(s).to_lowercase();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Files an editor leaves behind that are not content: swap files, backups, hidden files.
pub fn is_editor_artifact(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

fn discover(
    map: &mut SourceMap,
    root: &Path,
    section: &str,
    config: &SiteConfig,
    diags: &mut Diagnostics,
    out: &mut Vec<DocFile>,
    mut attachments: Option<&mut Vec<(Slug, PathBuf)>>,
) {
    let dir = root.join("content").join(section);
    if is_symlink(&dir) || is_symlink(&root.join("content")) {
        diags.push(
            Diagnostic::error(format!("content/{section} is a symbolic link"))
                .help("content folders must be inside the site folder: move the files instead of linking the folder"),
        );
        return;
    }
    if !dir.is_dir() {
        return;
    }
    let mut seen: BTreeMap<(Slug, Lang), FileId> = BTreeMap::new();
    let walker = walkdir::WalkDir::new(&dir).min_depth(1).max_depth(2).sort_by_file_name().follow_links(false);
    let entries: Vec<_> = walker.into_iter().filter_entry(|e| !is_editor_artifact(&e.file_name().to_string_lossy())).collect();
    // A fresh load (a build, not live preview reusing what it read) reads the
    // documents in parallel: the reading, UTF-8 check and NFC check of 10,000 files
    // are most of a load. Which files are documents, and every message, stay in order.
    let read_all = || -> Vec<Option<Result<String, Fail>>> {
        entries
            .par_iter()
            .map(|e| {
                let e = e.as_ref().ok()?;
                let name = e.file_name().to_str()?;
                let document = name.ends_with(".md") && (e.depth() == 1 || name.starts_with("index."));
                let small = e.metadata().is_ok_and(|m| m.len() <= MAX_FILE_BYTES);
                (document && small && e.file_type().is_file()).then(|| read_text(e.path()))
            })
            .collect()
    };
    let mut texts = match map.reads_anew() && !map.defers_reads() {
        // More threads than cores: files not in the page cache wait on the disk, and
        // more reads in flight finish sooner (5,000 declarations, cache dropped: 1.6 s
        // one by one, 0.9 s on 2 threads, 0.5 s on 8).
        true => match rayon::ThreadPoolBuilder::new().num_threads(READERS).build() {
            Ok(pool) => pool.install(read_all),
            Err(_) => read_all(),
        },
        false => Vec::new(),
    };
    texts.resize_with(entries.len(), || None);
    for (entry, text) in entries.into_iter().zip(texts) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(format!("cannot read a file in content/{section}: {e}")));
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = display_name(root, path);
        if entry.path_is_symlink() {
            let id = map.add(rel.clone(), path.to_path_buf(), String::new());
            diags.push(
                Diagnostic::error(format!("{rel} is a symbolic link"))
                    .at(Span::new(id, 0, 0))
                    .help("content files must be regular files inside the site folder: copy the file instead of linking it"),
            );
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        let in_bundle = entry.depth() == 2;
        let Some(stem) = name.strip_suffix(".md") else {
            if in_bundle && let Some(att) = attachments.as_deref_mut() {
                let slug = path.parent().and_then(|p| p.file_name()).map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                att.push((Slug(slug), path.to_path_buf()));
            }
            continue;
        };
        let (base, lang) = match stem.rsplit_once('.') {
            Some((b, l)) => (b, l),
            None => {
                let id = map.add(rel.clone(), path.to_path_buf(), String::new());
                diags.push(Diagnostic::error(format!("{rel} has no language suffix")).at(Span::new(id, 0, 0)).help(format!(
                    "name it `{stem}.{}.md` (one file per language; site languages: {})",
                    config.default_lang(),
                    lang_list(config)
                )));
                continue;
            }
        };
        let slug = if in_bundle {
            if base != "index" {
                // Only index.<lang>.md is the document in a bundle; other Markdown is an attachment.
                continue;
            }
            path.parent().and_then(|p| p.file_name()).map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
        } else {
            base.to_string()
        };
        let Some(file) = read_file_with(map, root, path, diags, text, true) else { continue };
        if !config.languages.iter().any(|l| l.0 == lang) {
            diags.push(Diagnostic::error(format!("unknown language suffix `.{lang}` in {rel}")).at(Span::new(file, 0, 0)).help(
                match did_you_mean(&lang.to_lowercase(), config.languages.iter().map(|l| l.as_str())) {
                    Some(s) => format!("did you mean `.{s}`? site languages are {}", lang_list(config)),
                    None => format!("site languages are {} (from site.yaml `languages`)", lang_list(config)),
                },
            ));
            continue;
        }
        if !is_id(&slug) {
            diags.push(
                Diagnostic::error(format!("`{slug}` is not a valid slug"))
                    .at(Span::new(file, 0, 0))
                    .help(format!("slugs are part of URLs: use lowercase ASCII letters, digits and `-`, e.g. `{}`", suggest_id(&slug))),
            );
            continue;
        }
        let key = (Slug(slug.clone()), Lang(lang.to_string()));
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::error(format!("two files claim slug `{slug}` in language `{lang}`"))
                    .at(Span::new(file, 0, 0))
                    .related(Span::new(*first, 0, 0), "the other file")
                    .help("keep one of them: a declaration is either `<slug>.<lang>.md` or `<slug>/index.<lang>.md`"),
            );
            continue;
        }
        seen.insert(key, file);
        out.push(DocFile {
            file,
            slug: Slug(slug),
            lang: Lang(lang.to_string()),
            bundle: in_bundle.then(|| path.parent().map(Path::to_path_buf)).flatten(),
        });
    }
}

fn lang_list(config: &SiteConfig) -> String {
    config.languages.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn creative_commons_urls_are_named() {
        use super::known_license_name as name;
        assert_eq!(name("https://creativecommons.org/licenses/by/4.0/").as_deref(), Some("CC BY 4.0"));
        assert_eq!(name("http://www.creativecommons.org/licenses/by-sa/3.0").as_deref(), Some("CC BY-SA 3.0"));
        assert_eq!(name("https://creativecommons.org/licenses/by-nc-nd/4.0/deed.nl").as_deref(), Some("CC BY-NC-ND 4.0"));
        assert_eq!(name("https://creativecommons.org/licenses/by/4.0/legalcode.fr").as_deref(), Some("CC BY 4.0"));
        assert_eq!(name("https://creativecommons.org/publicdomain/zero/1.0/").as_deref(), Some("CC0 1.0"));
        assert_eq!(name("https://creativecommons.org/publicdomain/mark/1.0/").as_deref(), Some("Public Domain Mark 1.0"));
        // Anything else stays a URL.
        for other in [
            "https://creativecommons.org/licenses/by/",
            "https://creativecommons.org/licenses/xyz/4.0/",
            "https://creativecommons.org/licenses/by/4.0/extra/page",
            "https://example.org/licenses/by/4.0/",
            "https://data.overheid.nl/licenties",
            "ftp://creativecommons.org/licenses/by/4.0/",
        ] {
            assert_eq!(name(other), None, "{other}");
        }
    }

    use super::*;

    #[test]
    fn ids_and_languages() {
        assert!(is_id("2021-11-30-be-uk"));
        assert!(!is_id("Be UK"));
        assert!(!is_id("belgië"));
        assert_eq!(suggest_id("België UK  2021"), "belgie-uk-2021");
        assert!(is_lang_code("nl") && is_lang_code("pt-br") && !is_lang_code("NL") && !is_lang_code("n"));
    }

    #[test]
    fn two_and_three_letter_codes() {
        assert_eq!(two_letter_code("deu"), Some("de"));
        assert_eq!(two_letter_code("dut"), Some("nl"));
        assert_eq!(two_letter_code("xyz"), None);
        assert_eq!(three_letter_code("nl-be"), Some("nld"));
        assert_eq!(three_letter_code("fr"), Some("fra"));
        assert_eq!(three_letter_code("tlh"), None);
    }

    #[test]
    fn editor_artifacts() {
        for n in [".x.md.swp", "x.md~", ".#x.md", "#x.md#", "4913.tmp"] {
            assert!(is_editor_artifact(n), "{n}");
        }
        assert!(!is_editor_artifact("x.nl.md"));
    }
}
