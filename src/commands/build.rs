//! `diptych build`: compile the site and swap it into the output folder.

use super::{plural, report};
use std::path::Path;
use std::time::Instant;

pub fn run(root: &Path, output: &Path) -> i32 {
    let started = Instant::now();
    if let Err(why) = crate::write::check_output_location(root, output) {
        eprintln!("error: {why}");
        return 2;
    }
    let compiled = crate::compile(root);
    report(&compiled.map, &compiled.diags);
    if compiled.diags.has_errors() {
        eprintln!(
            "\n{}; nothing was written ({} left as it was).",
            plural(compiled.diags.error_count(), "error", "errors"),
            output.display()
        );
        return 1;
    }
    let Some(site) = compiled.site else { return 1 };
    match crate::write::write(&compiled.outputs, output) {
        Ok(stats) => {
            let pages = compiled.outputs.iter().filter(|o| o.path.0.ends_with(".html")).count();
            eprintln!(
                "built {} ({} in {}: {}) in {} ms: {}, {} written to {}",
                plural(site.declarations.len(), "declaration", "declarations"),
                plural(site.declarations.iter().map(|d| d.translations.len()).sum::<usize>(), "text", "texts"),
                plural(site.config.languages.len(), "language", "languages"),
                site.config.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", "),
                started.elapsed().as_millis(),
                plural(pages, "page", "pages"),
                plural(stats.files, "file", "files") + &format!(" ({:.1} MB)", stats.bytes as f64 / 1e6),
                output.display()
            );
            0
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}\nthe previous output is left as it was.", output.display());
            2
        }
    }
}
