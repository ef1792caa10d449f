//! One file per subcommand: each wires the pipeline to the terminal and returns an
//! exit code (0 success, 1 content errors, 2 usage or system errors).

pub mod build;
pub mod check;
pub mod init;

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
