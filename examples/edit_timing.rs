//! Times the stages of one live-preview rebuild after a one-paragraph edit, through
//! the library's session (what `diptych serve` runs), without HTTP or file watching:
//!
//!     cargo run --release --example edit_timing -- SITE_DIR [EDITS]
//!
//! SITE_DIR is changed in place (a paragraph of one declaration, then put back).
use std::time::Instant;

/// The allocator of the `diptych` binary, so that the figures are serve's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = std::path::PathBuf::from(args.get(1).expect("usage: edit_timing SITE_DIR [EDITS]"));
    let edits: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(5);
    let mut session = diptych::session::Session::new(&root, Default::default());
    let t = Instant::now();
    let first = session.rebuild(true);
    assert!(first.errors.is_none(), "the site has errors");
    eprintln!("first build: {} ms", t.elapsed().as_millis());
    session.complete();
    let dir = root.join("content/declarations");
    let mut names: Vec<_> =
        std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.to_string_lossy().ends_with(".nl.md")).collect();
    names.sort();
    let target = &names[names.len() / 2];
    let original = std::fs::read_to_string(target).unwrap();
    for k in 0..edits {
        // A word added to the first annotated block, just before its annotation.
        let edited = original.replacen(" {§", &format!(" bewerking{k} {{§"), 1);
        std::fs::write(target, &edited).unwrap();
        // As `serve` does: the watcher names the file that changed.
        let u = session.rebuild_after(false, Some(&[target.canonicalize().unwrap()]));
        let [load, link, render] = u.stages.map(|d| d.as_secs_f64() * 1000.0);
        println!(
            "edit {k}: {:.1} ms (load {load:.1}, parse + link {:.1}, render {:.1}, publish {:.1}); {} parsed, {} rendered, {} changed",
            u.took.as_secs_f64() * 1000.0,
            link - load,
            render - link,
            u.took.as_secs_f64() * 1000.0 - render,
            u.parsed,
            u.rendered,
            u.changed.len()
        );
    }
    std::fs::write(target, &original).unwrap();
}
