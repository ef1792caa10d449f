//! The one place that names the YAML crate (serde_yaml is archived upstream; keeping it
//! behind this module lets it be swapped). Errors come back as [`Diagnostic`]s whose
//! spans point into the original file, also for front matter that starts mid-file.

use crate::diag::{Diagnostic, FileId, Span};
use serde::de::DeserializeOwned;

/// Deserializes `text`, which starts at byte `offset` of `file`.
pub fn from_str<T: DeserializeOwned>(text: &str, file: FileId, offset: usize) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|e| to_diagnostic(&e, text, file, offset))
}

fn to_diagnostic(e: &serde_yaml::Error, text: &str, file: FileId, offset: usize) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml appends " at line L column C" relative to `text`: the span says it better.
    let message = match full.find(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let message = message.strip_prefix("invalid type: ").map(|m| format!("wrong kind of value: {m}")).unwrap_or(message);
    let pos = e.location().map(|l| l.index()).unwrap_or(0).min(text.len());
    // A key the file does not take is well-formed YAML: say what it is.
    let title = match message.strip_prefix("unknown field ") {
        Some(rest) => format!("unknown key {rest}"),
        None => format!("invalid YAML: {message}"),
    };
    let line_end = text[pos..].find('\n').map(|i| pos + i).unwrap_or(text.len());
    // A syntax error is often found lines after its cause: a quote left open, an id
    // written with its annotation sigil (`[#water]`: `#` starts a comment).
    if !message.starts_with("unknown field")
        && !message.contains("duplicate entry")
        && let Some((at, what, help)) = earlier_cause(&text[..line_end])
    {
        return Diagnostic::error(format!("invalid YAML: {what}")).at(Span::new(file, offset + at, offset + at + 1)).help(help);
    }
    if message.contains("could not find expected ':'")
        && let Some((at, fixed)) = missing_colon(text, pos)
    {
        return Diagnostic::error("invalid YAML: this line has no `:` between its key and its value")
            .at(Span::new(file, offset + at, offset + at + 1))
            .help(format!("write `{fixed}`"));
    }
    // An untagged enum matched nothing: serde_yaml knows neither where nor what was
    // expected, and names a Rust type. The key it is the value of, and what it takes.
    if let Some(ty) = message.strip_prefix("data did not match any variant of untagged enum ") {
        let (key, takes) = match ty.trim() {
            "RawLicense" => ("license", "a URL (`license: https://…`) or `{ name: …, url: … }` with one name"),
            "TextOrMap" => ("", "a text, or a text per language (`{ nl: …, en: … }`), as `title` and `description` do"),
            _ => ("", "a value of another form"),
        };
        let at = key_offset(text, key).filter(|_| !key.is_empty());
        let what = if key.is_empty() { "a value".to_string() } else { format!("`{key}`") };
        let takes = if key.is_empty() { format!("it should be {takes}") } else { format!("{what} takes {takes}") };
        return Diagnostic::error(format!("invalid YAML: {what} has a form it does not take"))
            .at(Span::new(file, offset + at.unwrap_or(pos), offset + at.unwrap_or(pos) + 1))
            .help(takes);
    }
    let mut d = Diagnostic::error(title).at(Span::new(file, offset + pos, offset + pos + 1));
    let line_start = text[..pos].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = &text[line_start..line_end];
    if line.contains('\t') || message.contains("tab") {
        d = d.help("YAML does not allow tabs for indentation: indent with spaces");
    } else if let Some(rest) = message.strip_prefix("unknown field `") {
        // "unknown field `licence`, expected one of `title`, `license`, …": the nearest.
        let (wrong, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let fields = expected.split('`').skip(1).step_by(2);
        d = d.help(match crate::diag::did_you_mean(wrong, fields) {
            Some(field) => format!("did you mean `{field}`?"),
            None => "check the spelling of the field name; the fields this file accepts are listed in the message".into(),
        });
    } else if message.contains("did not find expected") || message.contains("mapping values are not allowed") {
        d = d.help("check the indentation and quoting on this line; a value containing `: ` or starting with `[`, `{`, `&`, `*`, `#` or `@` must be in quotes");
    } else if message.contains("duplicate entry") {
        d = d.help("each key may appear once: remove or rename one of them");
    }
    d
}

/// The likely cause of a syntax error in `text` (up to the line the parser stopped at):
/// the first item of a list or value that starts with `#` or `@` unquoted, or the first
/// line with a double quote it does not close. Its offset, what it is, and the fix.
fn earlier_cause(text: &str) -> Option<(usize, String, String)> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        // Outside quotes and comments: a `#` or `@` that begins a value (after `[`, `{`,
        // `, ` or `: `), and whether a double quote is still open at the end.
        let (mut double, mut single, mut opened, mut single_at) = (false, false, 0, 0);
        let (mut prev, mut before_prev) = (' ', ' ');
        // Flow brackets opened on this line and not closed: (offset, bracket).
        let mut flow: Vec<(usize, char)> = Vec::new();
        let mut chars = line.trim_end().char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            // At the start of a value: after `[`, `{`, or a space after `,`, `:`, `[`, `{`
            // or a list item's `-`.
            let starts_value = prev == '[' || prev == '{' || (prev == ' ' && matches!(before_prev, ',' | ':' | '[' | '{' | '-'));
            match c {
                // A bracket that starts a value opens a flow list or map (inside a plain
                // value, `Verklaring [concept]`, it is a character).
                '[' | '{' if !double && !single && starts_value => flow.push((i, c)),
                ']' | '}' if !double && !single => {
                    flow.pop();
                }
                '\\' if double => {
                    chars.next();
                }
                '"' if !single => {
                    double = !double;
                    opened = i;
                }
                // A `'` quotes only from the start of a value (`d'exemple` in a plain
                // value is an apostrophe); inside, `''` is one apostrophe.
                '\'' if !double => {
                    if single {
                        match chars.peek().map(|(_, n)| *n) {
                            Some('\'') => {
                                chars.next();
                            }
                            // A letter right after the closing quote: an apostrophe
                            // (`'Déclaration d'exemple'`) closed the value early.
                            Some(n) if n.is_alphanumeric() => {
                                return Some((
                                    at + single_at,
                                    "an apostrophe inside a value quoted with `'` ends it".into(),
                                    "quote the value with `\"` instead (`title: \"Déclaration d'exemple\"`), or write the apostrophe twice (`d''exemple`)".into(),
                                ));
                            }
                            _ => single = false,
                        }
                    } else if starts_value {
                        single = true;
                        single_at = i;
                    }
                }
                '#' | '@' if !double && !single && starts_value => {
                    let what = if c == '#' { "`#` starts a comment here" } else { "a value cannot start with `@`" };
                    return Some((
                        at + i,
                        what.into(),
                        format!(
                            "front matter and site.yaml name themes and parties by their ids alone (`themes: [energy]`, `parties: [be]`), without the `{c}` of annotations; quote a value that starts with `{c}`"
                        ),
                    ));
                }
                '#' if !double && !single && prev == ' ' => break,
                _ => {}
            }
            if c != ' ' || prev != ' ' {
                before_prev = prev;
            }
            prev = c;
        }
        if double {
            // The value's one quote at its end: the value was not quoted from its start
            // (`title: Erklärung: Belgien"`), and its `: ` is what the parser tripped on.
            let value_start = line.find(": ").map(|i| i + 2);
            if value_start.is_some_and(|v| v < opened && !line[v..].trim_start().starts_with('"')) {
                return Some((
                    at + value_start.unwrap_or(0),
                    "this value ends with a quote it does not start with".into(),
                    "quote the whole value, from its first character: `key: \"…\"` (a value containing `: ` must be quoted)".into(),
                ));
            }
            return Some((
                at + opened,
                "a quote is opened and not closed on this line".into(),
                "close the quoted value with `\"` on the same line (write `\\\"` for a quote inside it)".into(),
            ));
        }
        // `languages: [nl, fr, de` and the next line: found there, caused here. (A list
        // written over several lines is rare in front matter and site.yaml; this is only
        // asked about a file that does not parse.)
        if let Some(&(i, c)) = flow.first()
            && line.ends_with('\n')
        {
            let close = if c == '[' { ']' } else { '}' };
            return Some((
                at + i,
                format!("`{c}` is not closed on this line"),
                format!("close it with `{close}` at the end of the line (`languages: [nl, fr, de]`, `{{ name: …, party: be }}`)"),
            ));
        }
        at += line.len();
    }
    None
}

/// For "could not find expected ':'", found on the line after its cause: the line
/// before `pos` that holds a key and a value without the `:` between them
/// (`kind joint-declaration`). Its offset and the line as it should be.
fn missing_colon(text: &str, pos: usize) -> Option<(usize, String)> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[..line_start.saturating_sub(1).min(text.len())];
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..line_start.saturating_sub(1).max(start)];
    let t = line.trim();
    if t.is_empty() || t.starts_with(['#', '-', '"', '\'', '[', '{']) || t.contains(':') {
        return None;
    }
    let (key, value) = t.split_once(' ')?;
    crate::load::is_id(key).then(|| (start + (line.len() - line.trim_start().len()), format!("{key}: {}", value.trim_start())))
}

/// Byte offset of the line that defines top-level `key:` in a YAML text, for pointing
/// diagnostics at entries of registries (serde_yaml does not keep value positions).
pub fn key_offset(text: &str, key: &str) -> Option<usize> {
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start_matches('\u{feff}');
        let bare = t.strip_prefix(key).or_else(|| t.strip_prefix('"').and_then(|r| r.strip_prefix(key)).and_then(|r| r.strip_prefix('"')));
        if let Some(rest) = bare
            && rest.trim_start().starts_with(':')
        {
            return Some(pos + (line.len() - t.len()));
        }
        pos += line.len();
    }
    None
}

/// Byte offset of the first occurrence of `needle` as a whole word at or after `from`.
pub fn word_offset(text: &str, needle: &str, from: usize) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut start = from.min(text.len());
    while let Some(i) = text.get(start..)?.find(needle) {
        let at = start + i;
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(at);
        }
        start = at + needle.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_positions_are_in_file_coordinates() {
        let text = "a: 1\nb: [1, 2\n";
        let d = from_str::<serde_yaml::Value>(text, FileId(0), 4).unwrap_err();
        let span = d.span.unwrap();
        assert!(span.start >= 4 + 5, "{span:?}");
        assert!(d.message.starts_with("invalid YAML"));
        assert!(!d.message.contains("at line"));
    }

    #[test]
    fn a_sigil_or_an_open_quote_is_found_where_it_is_written() {
        let text = "title: T\nthemes: [#water]\nkind: letter\n";
        let d = from_str::<serde_yaml::Value>(text, FileId(0), 0).unwrap_err();
        assert_eq!(d.span.unwrap().start, text.find('#').unwrap(), "{d:?}");
        assert!(d.message.contains("`#` starts a comment"), "{}", d.message);
        assert!(d.help.unwrap().contains("`themes: [energy]`"));
        let text = "title: T\nparties: [es, @pt]\n";
        let d = from_str::<serde_yaml::Value>(text, FileId(0), 0).unwrap_err();
        assert_eq!(d.span.unwrap().start, text.find('@').unwrap(), "{d:?}");
        let text = "title: T\nplace: \"Trujillo\ndate: 2021-10-28\nkind: letter\n";
        let d = from_str::<serde_yaml::Value>(text, FileId(0), 0).unwrap_err();
        assert_eq!(d.message, "invalid YAML: a quote is opened and not closed on this line");
        assert_eq!(d.span.unwrap().start, text.find('"').unwrap(), "{d:?}");
        // Quotes closed, a `#` inside one, a comment: no cause to point at.
        assert_eq!(earlier_cause("title: \"A \\\"B\\\" #1\"  # a \"comment\nrole: 'the \"Minister'\nx: [a, b]\n"), None);
    }

    #[test]
    fn tabs_get_a_hint() {
        let text = "a:\n\tb: 1\n";
        let d = from_str::<serde_yaml::Value>(text, FileId(0), 0).unwrap_err();
        assert!(d.help.unwrap().contains("tabs"));
    }

    #[test]
    fn finds_keys_and_words() {
        let text = "be: {x: 1}\nvl:   { part_of: be }\n";
        assert_eq!(key_offset(text, "vl"), Some(11));
        assert_eq!(word_offset(text, "be", 12), Some(28));
        assert_eq!(word_offset("bee be", "be", 0), Some(4));
        assert_eq!(word_offset("a: []", "", 0), None, "an empty needle ends, not loops");
    }
}
