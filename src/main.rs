//! The `diptych` command: parse the arguments, run a command, exit with its code.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Building a site allocates millions of small strings from every core. With mimalloc
/// a 5,000-declaration build took 20.5 s of user CPU instead of 34.2 s with glibc's
/// allocator (1,000: 3.6–4.2 s instead of 5.3–5.7 s), for 9% more peak memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "diptych", version, about = "Publish bilingual declarations as a cross-linked static site")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: ROOT/output)
    Build {
        /// The site folder (holding site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site. The output a build replaces is kept beside it as
        /// `.diptych-spare-NAME`, which the next build writes over (unchanged files are
        /// not rewritten); delete it whenever you like
        #[arg(long)]
        output: Option<PathBuf>,
        /// Delete the replaced output (and any spare) instead of keeping it: for a disk
        /// without room for two outputs; rebuilds are slower
        #[arg(long)]
        no_spare: bool,
        /// Open the built site in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Check the content and print a translation report; writes nothing
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also render the site in memory and check that every internal link and #anchor resolves
        #[arg(long)]
        links: bool,
    },
    /// Create a minimal bilingual site in DIR
    Init {
        dir: PathBuf,
        /// The site's languages, comma-separated, the first the default (e.g. `fr,de`);
        /// the example is written in Dutch, English, French, German, Italian or Spanish, in English for others
        #[arg(long, default_value = "nl,en")]
        languages: String,
    },
    /// Make a frozen, verifiable archive of the site (a BagIt bag)
    Snapshot {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the bag (default: ROOT/snapshots/snapshot-DATE[.zip|.tar])
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "zip")]
        format: diptych::snapshot::Format,
    },
    /// Serve the site with live reload while you edit
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 4000)]
        port: u16,
        /// Address to listen on; loopback unless you say otherwise
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Check a bag made by `snapshot` (folder, .zip or .tar): every file and checksum
    Verify { path: PathBuf },
}

/// A one-shot command keeps the memory it frees for 300 ms before giving it back.
///
/// mimalloc gives freed memory back to the system after a second by default. Never giving
/// it back (as here until 2026-11-23) spared a build some page faults, but kept what each
/// stage had freed: at 5,000 declarations a peak of 500–512 MiB fresh and 532–544 MiB
/// rebuilt. With 300 ms: 473–475 MiB fresh in 10.05–10.10 s (never: 10.0–10.9 s); with
/// 100 ms, 461–468 MiB but 5% slower, more pages zeroed again. `serve` keeps the default:
/// it lives on between rebuilds.
fn purge_freed_memory_soon() {
    /// `mi_option_purge_delay` in mimalloc.h (v2 and v3), which libmimalloc-sys does not name.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets a plain option of the allocator; any value is allowed, in milliseconds.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 300) };
}

fn main() {
    let cli = Cli::parse();
    // MIMALLOC_PURGE_DELAY, when set, is the user's choice (and how the effect is measured).
    if !matches!(cli.command, Command::Serve { .. }) && std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        purge_freed_memory_soon();
    }
    let code = match cli.command {
        Command::Build { root, output, open, no_spare } => {
            let output = output.unwrap_or_else(|| root.join("output"));
            let code = diptych::commands::build::run(&root, &output, !no_spare);
            if code == 0 && open {
                diptych::commands::open_in_browser(&output.join("index.html"));
            }
            code
        }
        Command::Check { root, links } => diptych::commands::check::run(&root, links),
        Command::Init { dir, languages } => diptych::commands::init::run(&dir, &languages),
        Command::Snapshot { root, out, format } => diptych::commands::snapshot::run(&root, out.as_deref(), format),
        Command::Serve { root, port, bind, open } => diptych::serve::run(diptych::serve::Options { root, bind, port, open }),
        Command::Verify { path } => diptych::commands::snapshot::verify(&path),
    };
    std::process::exit(code);
}
