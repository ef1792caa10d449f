//! `diptych snapshot` and `diptych verify`: archival bags and their check.

use crate::snapshot::{self, Format};
use std::path::Path;

pub fn run(root: &Path, out: Option<&Path>, format: Format) -> i32 {
    match snapshot::make(root, out, format) {
        Ok(made) => {
            eprintln!(
                "snapshot of {} written to {}: BagIt bag with {} payload files ({:.1} MB); check it with `diptych verify {}`",
                made.date,
                made.path.display(),
                made.payload_files,
                made.payload_bytes as f64 / 1e6,
                made.path.display()
            );
            if made.dated_by == snapshot::DatedBy::NewestDeclaration {
                eprintln!(
                    "note: dated by the newest declaration ({}): the site is not in git and SOURCE_DATE_EPOCH is not set, so a snapshot \
                     of corrected texts carries the same date; to date it by the day it is made, run \
                     `SOURCE_DATE_EPOCH=$(date +%s) diptych snapshot …`",
                    made.date
                );
            }
            0
        }
        Err(snapshot::Failed::Content(e)) => {
            eprintln!("{e}");
            1
        }
        Err(snapshot::Failed::System(e)) => {
            eprintln!("error: {e}");
            2
        }
    }
}

pub fn verify(path: &Path) -> i32 {
    match snapshot::verify(path) {
        // The report is the command's output (`diptych verify bag.zip > report.txt`).
        Ok((payload, problems)) if problems.is_empty() => {
            println!("{}: valid bag, {payload} payload files, every checksum matches", path.display());
            0
        }
        Ok((_, problems)) => {
            for p in &problems {
                println!("{p}");
            }
            println!("{}: NOT valid ({})", path.display(), super::plural(problems.len(), "problem", "problems"));
            1
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
