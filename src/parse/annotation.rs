//! The annotation grammar: the brace group that ends a block, `{§4 #maritime @uk}`.
//!
//! Input: the text between the braces and where it starts in the file. Output: the
//! block id, themes and parties with their spans, or diagnostics for every bad token.
//! Whether a theme or party exists is a cross-file question, answered in `link`.

use crate::diag::{Diagnostic, FileId, Span};
use crate::model::{BlockId, PartyId, ThemeId};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Annotation {
    pub id: Option<(BlockId, Span)>,
    pub themes: Vec<(ThemeId, Span)>,
    pub parties: Vec<(PartyId, Span)>,
}

/// Whether `s` is a valid block id: ASCII letters, digits, `.` and `-`.
pub fn is_block_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

/// The ASCII spelling of a block id written with other digits or letters (`٢` → `2`,
/// `２` → `2`, `ä` → `a`), when it differs and is valid.
pub fn ascii_block_id(s: &str) -> Option<String> {
    let t: String = deunicode::deunicode(s).chars().filter(|c| !c.is_whitespace()).collect();
    (t != s && is_block_id(&t)).then_some(t)
}

fn is_ref_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Parses the inside of a brace group. `start` is the byte offset of the first byte
/// after `{` in `file`.
pub fn parse(inner: &str, file: FileId, start: usize) -> Result<Annotation, Vec<Diagnostic>> {
    let mut ann = Annotation::default();
    let mut errors = Vec::new();
    if inner.trim().is_empty() {
        errors.push(
            Diagnostic::error("empty annotation `{}`")
                .at(Span::new(file, start - 1, start + inner.len() + 1))
                .help("write tokens such as `{§4 #energy @be}`, or `\\{}` for literal braces"),
        );
        return Err(errors);
    }
    let mut offset = 0;
    let mut tokens: Vec<(String, Span)> = Vec::new();
    for token in inner.split(|c: char| c.is_whitespace()) {
        let at = start + offset;
        offset += token.len() + inner[offset + token.len()..].chars().next().map_or(0, char::len_utf8);
        if token.is_empty() {
            continue;
        }
        // A sign and its id with a space between (`§ 4`, `# energy`): one token, said so.
        if let Some((last, last_span)) = tokens.last_mut()
            && matches!(last.as_str(), "§" | "#" | "@")
            && !token.starts_with(['§', '#', '@'])
        {
            let joined = format!("{last}{token}");
            errors.push(
                Diagnostic::error(format!("`{last} {token}`: a space after `{last}`"))
                    .at(Span::new(file, last_span.start, at + token.len()))
                    .help(format!("write `{joined}`, without the space")),
            );
            *last = joined;
            *last_span = Span::new(file, last_span.start, at + token.len());
            continue;
        }
        tokens.push((token.to_string(), Span::new(file, at, at + token.len())));
    }
    for (token, span) in &tokens {
        let (token, span) = (token.as_str(), *span);
        let mut chars = token.chars();
        let sigil = chars.next().unwrap_or(' ');
        let rest = chars.as_str();
        match sigil {
            '§' => {
                if !is_block_id(rest) {
                    errors.push(
                        Diagnostic::error(if rest.is_empty() { "empty block id `§`".to_string() } else { format!("invalid block id `§{rest}`") })
                            .at(span)
                            .help(match ascii_block_id(rest) {
                                Some(ascii) => format!("a block id uses ASCII letters, digits, `.` and `-`: write `§{ascii}`"),
                                None => "a block id uses ASCII letters, digits, `.` and `-`, e.g. `§4` or `§2.c`".to_string(),
                            }),
                    );
                } else if let Some((first, first_span)) = &ann.id {
                    errors.push(
                        Diagnostic::error(format!("a block has one id, but this annotation gives `§{first}` and `§{rest}`"))
                            .at(span)
                            .related(*first_span, "first id")
                            .help("keep one `§` token"),
                    );
                } else {
                    ann.id = Some((BlockId(rest.to_string()), span));
                }
            }
            '#' | '@' => {
                let what = if sigil == '#' { "theme" } else { "party" };
                if !is_ref_id(rest) {
                    errors.push(
                        Diagnostic::error(if rest.is_empty() { format!("empty {what} `{sigil}`") } else { format!("invalid {what} id `{token}`") })
                            .at(span)
                            .help({
                                let file = if sigil == '#' { "themes" } else { "parties" };
                                match crate::load::suggest_id(rest) {
                                    ascii if is_ref_id(&ascii) => {
                                        format!("{what} ids are lowercase ASCII letters, digits and `-`, as in {file}.yaml: write `{sigil}{ascii}`")
                                    }
                                    _ => format!("{what} ids are lowercase ASCII letters, digits and `-`, as in {file}.yaml"),
                                }
                            }),
                    );
                } else if sigil == '#' {
                    if ann.themes.iter().any(|(t, _)| t.as_str() == rest) {
                        errors.push(Diagnostic::error(format!("theme `#{rest}` is listed twice")).at(span).help("remove one of them"));
                    } else {
                        ann.themes.push((ThemeId::interned(rest), span));
                    }
                } else if ann.parties.iter().any(|(p, _)| p.as_str() == rest) {
                    errors.push(Diagnostic::error(format!("party `@{rest}` is listed twice")).at(span).help("remove one of them"));
                } else {
                    ann.parties.push((PartyId::interned(rest), span));
                }
            }
            _ => errors.push(
                Diagnostic::error(format!("`{token}` is not an annotation token"))
                    .at(span)
                    .help("an annotation holds `§id`, `#theme` and `@party` tokens separated by spaces; to write a literal brace in the text, escape it as `\\{`"),
            ),
        }
    }
    if errors.is_empty() { Ok(ann) } else { Err(cap(errors)) }
}

/// At most this many diagnostics from one annotation or one block: a line with
/// thousands of bad tokens gets a readable report, not megabytes.
pub const MAX_ERRORS_PER_PLACE: usize = 10;

/// Keeps the first errors and sums up the rest in one more.
pub fn cap(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if errors.len() > MAX_ERRORS_PER_PLACE {
        let more = errors.len() - MAX_ERRORS_PER_PLACE;
        let last_span = errors[MAX_ERRORS_PER_PLACE].span;
        errors.truncate(MAX_ERRORS_PER_PLACE);
        let mut d = Diagnostic::error(format!("… and {more} more problems of the same kind here")).help("fix the ones above first");
        if let Some(sp) = last_span {
            d = d.at(sp);
        }
        errors.push(d);
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Annotation {
        parse(s, FileId(0), 1).unwrap()
    }

    #[test]
    fn parses_all_token_kinds_with_spans() {
        let a = ok("§2.c #energy @be @uk");
        let (id, span) = a.id.unwrap();
        assert_eq!(id.0, "2.c");
        assert_eq!((span.start, span.end), (1, 1 + "§2.c".len()));
        assert_eq!(a.themes[0].0.as_str(), "energy");
        assert_eq!(a.themes[0].1.start, 1 + "§2.c ".len());
        assert_eq!(a.parties.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["be", "uk"]);
    }

    #[test]
    fn tolerates_extra_spaces() {
        let a = ok("  #energy   @be ");
        assert!(a.id.is_none());
        assert_eq!(a.themes.len(), 1);
        assert_eq!(a.parties[0].1.start, 1 + "  #energy   ".len());
    }

    #[test]
    fn rejects_bad_tokens() {
        for bad in ["", "draft", "§", "#", "@", "#Energy", "§4 §5", "#a #a", "§a/b", "@x y"] {
            let e = parse(bad, FileId(0), 1).unwrap_err();
            assert!(!e.is_empty(), "{bad}");
            assert!(e.iter().all(|d| d.span.is_some() && d.help.is_some()), "{bad}");
        }
    }

    #[test]
    fn reports_every_bad_token() {
        let e = parse("x #ok y @", FileId(0), 1).unwrap_err();
        assert_eq!(e.len(), 3);
    }
}
