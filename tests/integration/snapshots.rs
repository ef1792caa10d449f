//! Snapshots of what readers see: a declaration page, a parallel view, a theme page,
//! and what an editor sees: the terminal rendering of a diagnostic.

use crate::support::{GOOD_NL, TempSite, fixture, page};

fn compiled() -> diptych::Compiled {
    diptych::compile(&fixture("minimal"))
}

#[test]
fn declaration_page() {
    insta::assert_snapshot!(page(&compiled(), "nl/declarations/2021-03-04-alpha/index.html"));
}

#[test]
fn parallel_view() {
    insta::assert_snapshot!(page(&compiled(), "en/declarations/2021-03-04-alpha/parallel/index.html"));
}

#[test]
fn theme_page() {
    insta::assert_snapshot!(page(&compiled(), "nl/themes/energy/index.html"));
}

#[test]
fn diagnostic_in_the_terminal() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("#energy", "#enrgy"));
    let c = site.compile();
    let text = diptych::diag::render_terminal(&c.map, &c.diags.sorted(), false);
    insta::assert_snapshot!(text);
}
