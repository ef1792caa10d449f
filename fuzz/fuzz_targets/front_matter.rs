//! Front matter: `split` then `read`, on any text. Never panics; every diagnostic points
//! into the file (on a character boundary) and renders.
#![no_main]

use diptych::diag::{FileId, SourceMap, render_plain, render_terminal};
use diptych::parse::front::{read, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut map = SourceMap::default();
    let file = map.add("x.nl.md".into(), "x.nl.md".into(), text.to_string());
    assert_eq!(file, FileId(0));
    let mut errors = Vec::new();
    match split(text, file) {
        Ok(s) => {
            assert!(s.yaml_start <= s.body_start && s.body_start <= text.len());
            assert_eq!(&text[s.yaml_start..s.yaml_start + s.yaml.len()], s.yaml);
            if let Some((fm, notes)) = read(&s, file, &mut errors) {
                for (_, span) in fm.date.iter() {
                    assert!(span.end <= text.len());
                }
                for (_, at) in notes {
                    assert!(at <= text.len());
                }
            }
        }
        Err(d) => errors.push(d),
    }
    for d in &errors {
        if let Some(span) = d.span {
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?} outside {}: {}", text.len(), d.message);
        }
        render_plain(&map, d);
    }
    let refs: Vec<_> = errors.iter().collect();
    render_terminal(&map, &refs, false);
});
