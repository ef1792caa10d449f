//! The annotation grammar (`§4 #theme @party`): never panics; every diagnostic has a
//! span inside the brace group and a help; spans of accepted tokens cover the token.
#![no_main]

use diptych::diag::{FileId, SourceMap, render_plain, render_terminal};
use diptych::parse::annotation::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(inner) = std::str::from_utf8(data) else { return };
    // As in a file: `{` at offset 0, the inside from offset 1.
    let text = format!("{{{inner}}}");
    let mut map = SourceMap::default();
    let file = map.add("a.md".into(), "a.md".into(), text.clone());
    assert_eq!(file, FileId(0));
    match parse(inner, file, 1) {
        Ok(ann) => {
            let spans = ann.id.iter().map(|(id, s)| (format!("§{id}"), *s))
                .chain(ann.themes.iter().map(|(t, s)| (format!("#{t}"), *s)))
                .chain(ann.parties.iter().map(|(p, s)| (format!("@{p}"), *s)));
            for (token, span) in spans {
                assert_eq!(text.get(span.start..span.end), Some(token.as_str()), "span of {token}");
            }
        }
        Err(diags) => {
            assert!(!diags.is_empty());
            for d in &diags {
                let span = d.span.expect("every annotation diagnostic has a span");
                assert!(span.start <= span.end && span.end <= text.len(), "{span:?} outside {}", text.len());
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?} inside a character");
                assert!(d.help.is_some(), "no help: {}", d.message);
                render_plain(&map, d);
            }
            let refs: Vec<_> = diags.iter().collect();
            render_terminal(&map, &refs, false);
        }
    }
});
