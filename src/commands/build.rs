//! `diptych build`: compile the site and swap it into the output folder.

use super::{plural, report};
use std::path::Path;
use std::time::Instant;

/// Builds the site at `root` into `output`; `spare`: keep the replaced output for the
/// next build to write over (see [`crate::write::Staging`]).
pub fn run(root: &Path, output: &Path, spare: bool) -> i32 {
    let started = Instant::now();
    if let Err(why) = crate::write::check_output_location(root, output) {
        eprintln!("error: {why}");
        return 2;
    }
    let staging = match crate::write::Staging::begin_with(output, spare) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}\nthe previous output is left as it was.", output.display());
            return 2;
        }
    };
    let pages = std::sync::atomic::AtomicUsize::new(0);
    let built = crate::compile_into(root, &crate::render::Options::default(), &|o| {
        if o.path.0.ends_with(".html") {
            pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        staging.put(&o)
    });
    report(&built.map, &built.diags);
    if built.diags.has_errors() {
        eprintln!("\n{}; nothing was written ({} left as it was).", plural(built.diags.error_count(), "error", "errors"), output.display());
        return 1;
    }
    let Some(site) = built.site else { return 1 };
    let result = match built.io_error {
        Some(e) => Err(e),
        None => {
            let laps = crate::Laps::new();
            let r = staging.finish();
            laps.lap("swap and remove the old output");
            r
        }
    };
    match result {
        Ok(stats) => {
            eprintln!(
                "built {} ({} in {}: {}) in {} ms: {}, {} written to {}",
                plural(site.declarations.len(), "declaration", "declarations"),
                plural(site.declarations.iter().map(|d| d.translations.len()).sum::<usize>(), "text", "texts"),
                plural(site.config.languages.len(), "language", "languages"),
                site.config.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", "),
                started.elapsed().as_millis(),
                plural(pages.into_inner(), "page", "pages"),
                plural(stats.files, "file", "files")
                    + &format!(" ({:.1} MB", stats.bytes as f64 / 1e6)
                    + &if stats.unchanged > 0 { format!("; {} unchanged, not rewritten)", stats.unchanged) } else { ")".into() },
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
