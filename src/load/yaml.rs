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
    let mut d = Diagnostic::error(title).at(Span::new(file, offset + pos, offset + pos + 1));
    let line_start = text[..pos].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = text[pos..].find('\n').map(|i| pos + i).unwrap_or(text.len());
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
