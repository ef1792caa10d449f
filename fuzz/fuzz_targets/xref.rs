//! Cross-references: a body holding `[[` + input + `]]` (and the same as a Markdown link
//! target), through the body parser in both modes. Never panics; diagnostics point into
//! the text and render.
#![no_main]

use diptych::diag::{FileId, SourceMap, render_plain, render_terminal};
use diptych::parse::body::{Mode, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(inner) = std::str::from_utf8(data) else { return };
    for body in [format!("1. Zie [[{inner}]]. {{§1}}\n"), format!("Zie [tekst]({inner}) en [[{inner}]].\n")] {
        for mode in [Mode::Declaration, Mode::Plain] {
            let mut map = SourceMap::default();
            let file = map.add("x.nl.md".into(), "x.nl.md".into(), body.clone());
            assert_eq!(file, FileId(0));
            let mut errors = Vec::new();
            let parsed = parse(&body, 0, file, mode, &mut errors);
            for r in &parsed.refs {
                assert!(r.span.end <= body.len());
                assert!(diptych::load::is_id(r.slug.as_str()), "accepted slug {:?}", r.slug);
                assert!(!r.slug.as_str().contains(".."));
            }
            for d in &errors {
                if let Some(span) = d.span {
                    assert!(span.start <= span.end && span.end <= body.len(), "{span:?}: {}", d.message);
                }
                render_plain(&map, d);
            }
            let refs: Vec<_> = errors.iter().collect();
            render_terminal(&map, &refs, false);
        }
    }
});
