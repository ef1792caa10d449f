//! `diptych build`: compile the site and swap it into the output folder.

use super::{plural, report};
use std::path::Path;
use std::time::Instant;

/// Outputs go into the staging folder as they come; pages are counted.
struct Sink<'a> {
    staging: &'a crate::write::Staging,
    pages: std::sync::atomic::AtomicUsize,
}

impl crate::OutputSink for Sink<'_> {
    fn put(&self, o: crate::render::Output) -> std::io::Result<()> {
        if o.path.0.ends_with(".html") {
            self.pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        self.staging.put(&o)
    }

    fn stream(
        &self,
        path: crate::render::urls::SitePath,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.staging.stream(&path.0, write)
    }
}

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
    let sink = Sink { staging: &staging, pages: std::sync::atomic::AtomicUsize::new(0) };
    let built = crate::compile_into(root, &crate::render::Options::default(), &sink);
    let pages = sink.pages;
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
