//! One file per subcommand: each wires the pipeline to the terminal and returns an
//! exit code (0 success, 1 content errors, 2 usage or system errors).

pub mod build;
pub mod check;
pub mod init;
pub mod snapshot;

use crate::diag::{Diagnostics, SourceMap, render_terminal};
use std::io::IsTerminal;

/// Prints every diagnostic of a run to stderr, in file order.
pub fn report(map: &SourceMap, diags: &Diagnostics) {
    if diags.is_empty() {
        return;
    }
    let sorted = diags.sorted();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!("{}", render_terminal(map, &sorted, color));
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Opens a file in the desktop's default browser; says where the file is if it cannot.
pub fn open_in_browser(file: &std::path::Path) {
    let file = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
    open_url(&file.to_string_lossy());
}

/// Opens a URL or file in the desktop's default browser.
pub fn open_url(file: &str) {
    let opener: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    let spawned = std::process::Command::new(opener[0])
        .args(&opener[1..])
        .arg(file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("open {file} in your browser (no browser opener found)");
    } else {
        eprintln!("opened {file}");
    }
}
