//! Front matter: split it off the body, and read it into [`FrontMatter`] with a span
//! for every field a later rule may need to point at.

use crate::diag::{Diagnostic, FileId, Span};
use crate::load::yaml;
use crate::model::{Date, FrontMatter, Lang, PartyId, Signatory, ThemeId};
use serde::Deserialize;

/// Front matter text, where it starts, and where the body starts.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_start: usize,
    pub body_start: usize,
}

/// Finds `---` … `---` at the top of a file (after an optional byte-order mark).
pub fn split(text: &str, file: FileId) -> Result<Split<'_>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = text[start..].split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error("missing front matter")
            .at(Span::new(file, start, start + first.trim_end().len()))
            .label("the file should start with `---`")
            .help("start the file with a YAML block between two `---` lines, e.g.\n---\ntitle: …\ndate: 2021-11-30\n---"));
    }
    let yaml_start = start + first.len();
    let mut pos = yaml_start;
    for line in lines {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Ok(Split { yaml: &text[yaml_start..pos], yaml_start, body_start: pos + line.len() });
        }
        pos += line.len();
    }
    Err(Diagnostic::error("front matter is not closed")
        .at(Span::new(file, start, start + 3))
        .label("opened here")
        .help("end the front matter with a line holding only `---`"))
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
}

/// A signatory's name: one for every language, or one per language (`{ ar: محمد السادس,
/// fr: Mohammed VI }`) where scripts differ.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawName {
    One(String),
    PerLanguage(std::collections::BTreeMap<String, String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignatory {
    name: RawName,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    party: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFront {
    title: Option<String>,
    date: Option<Scalar>,
    kind: Option<String>,
    parties: Option<Vec<String>>,
    place: Option<String>,
    original: Option<String>,
    translation: Option<String>,
    signatories: Option<Vec<RawSignatory>>,
    source: Option<String>,
    publisher: Option<String>,
    themes: Option<Vec<String>>,
    notes: Option<Vec<String>>,
    summary: Option<String>,
}

/// The translation statuses a file may declare.
pub const TRANSLATION_STATUSES: [&str; 3] = ["original", "official", "unofficial"];

/// Reads the front matter. Notes are returned as Markdown, for the body renderer.
pub fn read(split: &Split<'_>, file: FileId, errors: &mut Vec<Diagnostic>) -> Option<(FrontMatter, Vec<(String, usize)>)> {
    let text = split.yaml;
    let off = split.yaml_start;
    let raw: RawFront = if text.trim().is_empty() {
        errors.push(Diagnostic::error("front matter is empty").at(Span::new(file, off, off)).help("give at least a `title:`"));
        return None;
    } else {
        match yaml::from_str(text, file, off) {
            Ok(r) => r,
            Err(mut d) => {
                if let Some(i) = d.message.find(", expected struct") {
                    // Say what was found; the Rust type it should have been is no help.
                    d.message.truncate(i);
                    d = d.help("front matter is a YAML mapping of fields, one `key: value` per line, e.g. `title: …`");
                }
                errors.push(d);
                return None;
            }
        }
    };
    let key_span = |key: &str| {
        let o = yaml::key_offset(text, key).unwrap_or(0);
        Span::new(file, off + o, off + o + key.len())
    };
    // The span of `value` written after `key:` (falls back to the key).
    let value_span = |key: &str, value: &str| {
        let k = yaml::key_offset(text, key).unwrap_or(0);
        match text[k..].find(value) {
            Some(i) if !value.is_empty() => Span::new(file, off + k + i, off + k + i + value.len()),
            _ => key_span(key),
        }
    };
    let list_spans = |key: &str, items: &[String]| -> Vec<Span> {
        let k = yaml::key_offset(text, key).unwrap_or(0);
        let mut from = k + key.len();
        items
            .iter()
            .map(|item| match yaml::word_offset(text, item, from) {
                Some(o) => {
                    from = o + item.len();
                    Span::new(file, off + o, off + o + item.len())
                }
                None => key_span(key),
            })
            .collect()
    };

    let mut fm = FrontMatter {
        title: raw.title,
        place: raw.place,
        source: raw.source,
        publisher: raw.publisher,
        summary: raw.summary,
        ..Default::default()
    };
    fm.date_written = raw.date.is_some();
    if let Some(d) = raw.date {
        let s = match d {
            Scalar::Text(s) => s,
            Scalar::Int(i) => i.to_string(),
        };
        let span = value_span("date", &s);
        match Date::parse(s.trim()) {
            Some(date) => fm.date = Some((date, span)),
            None => errors.push(not_a_date(s.trim()).at(span)),
        }
    }
    if let Some(kind) = raw.kind {
        let span = value_span("kind", &kind);
        if crate::load::is_id(&kind) {
            fm.kind = Some((kind, span));
        } else {
            errors.push(Diagnostic::error(format!("`{kind}` is not a valid kind")).at(span).help(format!(
                "kinds are ids such as `joint-declaration`, `letter`, `summit-declaration`, `annual-plan`; did you mean `{}`?",
                crate::load::suggest_id(&kind)
            )));
        }
    }
    if let Some(parties) = raw.parties {
        let spans = list_spans("parties", &parties);
        fm.parties = Some((parties.iter().map(|p| PartyId::interned(p)).zip(spans).collect(), key_span("parties")));
    }
    if let Some(themes) = raw.themes {
        let spans = list_spans("themes", &themes);
        fm.themes = themes.iter().map(|t| ThemeId::interned(t)).zip(spans).collect();
    }
    if let Some(original) = raw.original {
        fm.original = Some((Lang(original.clone()), value_span("original", &original)));
    }
    if let Some(t) = raw.translation {
        let span = value_span("translation", &t);
        if TRANSLATION_STATUSES.contains(&t.as_str()) {
            fm.translation = Some((t, span));
        } else {
            errors.push(
                Diagnostic::error(format!("unknown translation status `{t}`"))
                    .at(span)
                    .help("use `original` (the authentic text), `official` or `unofficial`"),
            );
        }
    }
    if let Some(sigs) = raw.signatories {
        // Where each signatory stands: its (first) name as written.
        let written: Vec<String> = sigs
            .iter()
            .map(|s| match &s.name {
                RawName::One(n) => n.clone(),
                RawName::PerLanguage(m) => m.values().next().cloned().unwrap_or_default(),
            })
            .collect();
        let spans = list_spans("signatories", &written);
        let mut list = Vec::new();
        // Where each party is written: after the `party` key that follows the last party
        // found (in a flow mapping it may come before the name).
        let mut party_from = yaml::key_offset(text, "signatories").unwrap_or(0);
        for ((s, span), first) in sigs.into_iter().zip(spans).zip(written) {
            let party_span = s.party.as_deref().map(|p| {
                let at = yaml::word_offset(text, "party", party_from).and_then(|k| yaml::word_offset(text, p, k + "party".len()));
                match at {
                    Some(o) => {
                        party_from = o + p.len();
                        Span::new(file, off + o, off + o + p.len())
                    }
                    None => span,
                }
            });
            let names: std::collections::BTreeMap<Lang, String> = match s.name {
                RawName::One(_) => Default::default(),
                RawName::PerLanguage(m) => m.into_iter().map(|(l, n)| (Lang(l), n)).collect(),
            };
            if let Some(bad) = names.keys().find(|l| !crate::load::is_lang_code(l.as_str())) {
                errors.push(
                    Diagnostic::error(format!("`{bad}` in a signatory's `name` is not a language code"))
                        .at(span)
                        .help("give the name per language as `name: { ar: …, fr: … }`, with the site's language codes"),
                );
            }
            if first.is_empty() {
                errors.push(Diagnostic::error("a signatory without a name").at(span).help("write `name: …` (or `name: { nl: …, en: … }`)"));
            }
            let party = s.party.as_deref().map(PartyId::interned);
            list.push((Signatory { name: first, names, role: s.role, party, party_span }, span));
        }
        fm.signatories = Some((list, key_span("signatories")));
    }
    let notes = raw.notes.unwrap_or_default();
    let note_list: Vec<(String, usize)> = notes
        .into_iter()
        .map(|n| {
            let at = text.find(n.lines().next().unwrap_or("")).unwrap_or_else(|| yaml::key_offset(text, "notes").unwrap_or(0));
            (n, off + at)
        })
        .collect();
    Some((fm, note_list))
}

/// Why `s` is not a date: a day or month that does not exist in a date written right
/// (`2024-02-30`) is named as such; anything else gets the form to write.
fn not_a_date(s: &str) -> Diagnostic {
    let part = |r: std::ops::Range<usize>| s.get(r).filter(|p| p.bytes().all(|b| b.is_ascii_digit())).and_then(|p| p.parse::<i32>().ok());
    let form = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    if let (true, Some(year), Some(month), Some(day)) = (form, part(0..4), part(5..7), part(8..10)) {
        const MONTHS: [&str; 12] =
            ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        return match Date::days_in_month(year, month as u8).filter(|_| (1..=12).contains(&month)) {
            None => Diagnostic::error(format!("`{s}` is not a date: there is no month {month}"))
                .help("the month comes second, from 01 to 12: YYYY-MM-DD"),
            Some(days) => Diagnostic::error(format!("`{s}` is not a date: {} {year} has {days} days", MONTHS[month as usize - 1]))
                .help(format!("check the day{}", if day == 0 { " (days start at 01)" } else { "" })),
        };
    }
    Diagnostic::error(format!("`{s}` is not a date")).help("write the date as YYYY-MM-DD, e.g. `date: 2021-11-30`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let t = "---\ntitle: X\n---\nbody\n";
        let s = split(t, FileId(0)).unwrap();
        assert_eq!(s.yaml, "title: X\n");
        assert_eq!(&t[s.body_start..], "body\n");
    }

    #[test]
    fn splits_with_bom_and_crlf() {
        let t = "\u{feff}---\r\ntitle: X\r\n---\r\nbody";
        let s = split(t, FileId(0)).unwrap();
        assert_eq!(s.yaml, "title: X\r\n");
        assert_eq!(&t[s.body_start..], "body");
    }

    #[test]
    fn missing_and_unterminated() {
        assert!(split("title: X\n", FileId(0)).unwrap_err().message.contains("missing"));
        assert!(split("---\ntitle: X\n", FileId(0)).unwrap_err().message.contains("not closed"));
        assert!(split("", FileId(0)).is_err());
    }

    #[test]
    fn reads_fields_with_spans() {
        let t = "---\ntitle: T\ndate: 2021-02-30\nparties: [uk, be]\n---\n";
        let s = split(t, FileId(0)).unwrap();
        let mut errors = Vec::new();
        let (fm, _) = read(&s, FileId(0), &mut errors).unwrap();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("not a date"));
        assert_eq!(errors[0].span.unwrap().start, t.find("2021-02-30").unwrap());
        let (parties, _) = fm.parties.unwrap();
        assert_eq!(parties[1].0.as_str(), "be");
        assert_eq!(parties[1].1.start, t.find("be]").unwrap());
    }

    #[test]
    fn unknown_field_is_an_error() {
        let t = "---\ntitle: T\nsignatory: X\n---\n";
        let s = split(t, FileId(0)).unwrap();
        let mut errors = Vec::new();
        assert!(read(&s, FileId(0), &mut errors).is_none());
        assert!(errors[0].message.contains("unknown key `signatory`"), "{:?}", errors[0]);
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `signatories`?"));
    }
}
