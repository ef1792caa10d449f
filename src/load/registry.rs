//! themes.yaml and parties.yaml → [`Registry`], with every rule that concerns only
//! them: ids well formed, a label in every site language, parents and `part_of` known,
//! no cycles.

use super::{is_id, read_file, suggest_id, yaml};
use crate::diag::{Diagnostic, Diagnostics, FileId, SourceMap, Span, did_you_mean};
use crate::model::{Lang, Party, PartyId, Registry, SiteConfig, Theme, ThemeId};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    label: BTreeMap<String, Option<String>>,
    #[serde(default)]
    parent: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParty {
    name: BTreeMap<String, Option<String>>,
    #[serde(default = "default_kind")]
    kind: String,
    #[serde(default)]
    part_of: Option<String>,
}

fn default_kind() -> String {
    "state".into()
}

/// Reads themes.yaml and parties.yaml. `ok` is false when either could not be read or
/// parsed: then the registry is partial, and annotations are not checked against it (an
/// unknown theme would be every theme). A missing label or a bad parent leaves the ids
/// known, so annotations are still checked and every error of the build is reported.
pub(super) fn read(map: &mut SourceMap, root: &Path, config: &SiteConfig, diags: &mut Diagnostics, ok: &mut bool) -> Registry {
    let mut registry = Registry::default();
    let mut readable = true;
    let content = root.join("content");
    let mut open = |map: &mut SourceMap, name: &str, diags: &mut Diagnostics| {
        let before = diags.error_count();
        let file = read_file(map, root, &content.join(name), diags);
        readable &= diags.error_count() == before;
        file
    };
    let themes = open(map, "themes.yaml", diags);
    let parties = open(map, "parties.yaml", diags);
    if let Some(file) = themes {
        match parse::<RawTheme>(map, file, diags) {
            Some(raw) => {
                for (id, t) in raw {
                    let span = entry_span(map, file, &id);
                    check_labels(map, file, &id, "label", &t.label, config, diags);
                    let parent = t.parent.as_deref().map(ThemeId::interned);
                    registry
                        .themes
                        .insert(ThemeId::interned(&id), Theme { id: ThemeId::interned(&id), label: langs(t.label), parent, span });
                }
            }
            None => readable = false,
        }
    }
    if let Some(file) = parties {
        match parse::<RawParty>(map, file, diags) {
            Some(raw) => {
                for (id, p) in raw {
                    let span = entry_span(map, file, &id);
                    check_labels(map, file, &id, "name", &p.name, config, diags);
                    check_party_kind(map, file, span, &p.kind, diags);
                    let part_of = p.part_of.as_deref().map(PartyId::interned);
                    registry.parties.insert(
                        PartyId::interned(&id),
                        Party { id: PartyId::interned(&id), name: langs(p.name), kind: p.kind, part_of, span },
                    );
                }
            }
            None => readable = false,
        }
    }
    check_parents(
        map,
        registry.themes.values().map(|t| (t.id.as_str(), t.parent.as_ref().map(|p| p.as_str()), t.span)),
        "theme",
        "parent",
        diags,
    );
    check_parents(
        map,
        registry.parties.values().map(|p| (p.id.as_str(), p.part_of.as_ref().map(|p| p.as_str()), p.span)),
        "party",
        "part_of",
        diags,
    );
    *ok = readable;
    registry
}

fn parse<T: serde::de::DeserializeOwned>(map: &SourceMap, file: FileId, diags: &mut Diagnostics) -> Option<BTreeMap<String, T>> {
    let text = map.text(file);
    if text.trim().is_empty() {
        return Some(BTreeMap::new());
    }
    match yaml::from_str::<BTreeMap<String, T>>(text, file, 0) {
        Ok(m) => {
            for id in m.keys() {
                if !is_id(id) {
                    diags.push(
                        Diagnostic::error(format!("`{id}` is not a valid id"))
                            .at(entry_span(map, file, id))
                            .help(format!("ids are lowercase ASCII letters, digits and `-`, e.g. `{}`", suggest_id(id))),
                    );
                }
            }
            Some(m)
        }
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

fn entry_span(map: &SourceMap, file: FileId, id: &str) -> Span {
    let o = yaml::key_offset(map.text(file), id).unwrap_or(0);
    Span::new(file, o, o + id.len())
}

/// The kinds of party the pages name in every language and describe in their metadata
/// (a state is a `Country`, a region an `AdministrativeArea`).
pub const PARTY_KINDS: [&str; 3] = ["state", "region", "organisation"];

/// Another kind of party is shown as written, in every language, and described as a
/// plain `Organization`: most likely a slip (`regio`, `organization`), so it is warned of.
fn check_party_kind(map: &SourceMap, file: FileId, entry: Span, kind: &str, diags: &mut Diagnostics) {
    if PARTY_KINDS.contains(&kind) {
        return;
    }
    let at = yaml::word_offset(map.text(file), kind, entry.end).map_or(entry, |o| Span::new(file, o, o + kind.len()));
    let kinds = PARTY_KINDS.map(|k| format!("`{k}`")).join(", ");
    diags
        .push(Diagnostic::warning(format!("party kind `{kind}` is not one of {kinds}")).at(at).help(match did_you_mean(kind, PARTY_KINDS) {
        Some(k) => format!(
            "did you mean `{k}`? Another kind is shown as written, in every language, and is not a state or region in the pages' metadata"
        ),
        None => {
            format!("use {kinds}: another kind is shown as written, in every language, and is not a state or region in the pages' metadata")
        }
    }));
}

fn langs(m: BTreeMap<String, Option<String>>) -> BTreeMap<Lang, String> {
    m.into_iter().filter_map(|(k, v)| Some((Lang(k), v?))).collect()
}

fn check_labels(
    map: &SourceMap,
    file: FileId,
    id: &str,
    field: &str,
    labels: &BTreeMap<String, Option<String>>,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) {
    for key in labels.keys() {
        if !config.languages.iter().any(|l| l.0 == *key) {
            diags.push(
                Diagnostic::error(format!("the {field} of `{id}` has an entry `{key}`, which is not a site language"))
                    .at(entry_span(map, file, id))
                    .help(if key.contains(' ') {
                        "a comma inside `{ … }` separates entries: put a label that contains a comma in quotes, e.g. `nl: \"Weg, spoor en logistiek\"`".to_string()
                    } else {
                        format!("site languages are {}", config.languages.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", "))
                    }),
            );
        }
    }
    for lang in &config.languages {
        if labels.get(lang.as_str()).and_then(Option::as_deref).is_none_or(|s| s.trim().is_empty()) {
            // Written but empty (`de:` or `de: ""`), or not written at all.
            let help = if labels.contains_key(lang.as_str()) {
                format!("its `{lang}:` is empty: write the {field} after it (`{lang}: …`); every label exists in every site language")
            } else {
                format!("add `{lang}: …` to its `{field}`: every label exists in every site language")
            };
            diags.push(Diagnostic::error(format!("`{id}` has no {field} in language `{lang}`")).at(entry_span(map, file, id)).help(help));
        }
    }
}

/// Unknown parents and cycles, for both hierarchies.
fn check_parents<'a>(
    map: &SourceMap,
    entries: impl Iterator<Item = (&'a str, Option<&'a str>, Span)>,
    what: &str,
    field: &str,
    diags: &mut Diagnostics,
) {
    let entries: Vec<_> = entries.collect();
    let parent_of: BTreeMap<&str, Option<&str>> = entries.iter().map(|(id, p, _)| (*id, *p)).collect();
    for (id, parent, span) in &entries {
        let Some(parent) = parent else { continue };
        let text = map.text(span.file);
        let at = yaml::word_offset(text, &format!("{field}:"), span.start)
            .and_then(|o| yaml::word_offset(text, parent, o))
            .map(|o| Span::new(span.file, o, o + parent.len()))
            .unwrap_or(*span);
        if !parent_of.contains_key(parent) {
            diags.push(Diagnostic::error(format!("{what} `{id}` has unknown {field} `{parent}`")).at(at).help(
                match did_you_mean(parent, parent_of.keys().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("define `{parent}` in the same file, or remove `{field}`"),
                },
            ));
            continue;
        }
        // Walk up; a cycle is reported once, at its smallest member.
        let mut seen = vec![*id];
        let mut cur = Some(*parent);
        while let Some(c) = cur {
            if c == *id {
                if seen.iter().all(|s| s >= id) {
                    diags.push(
                        Diagnostic::error(format!("{what} `{id}` is its own ancestor: {} → {id}", seen.join(" → ")))
                            .at(at)
                            .help(format!("remove `{field}` from one of them")),
                    );
                }
                break;
            }
            if seen.contains(&c) {
                break;
            }
            seen.push(c);
            cur = parent_of.get(c).copied().flatten();
        }
    }
}
