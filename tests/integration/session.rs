//! Live preview's incremental rebuild: after any edit, once complete, the files equal
//! those of a full build byte for byte, while only the touched pages were rendered.

use crate::support::{fixture, page};
use diptych::session::Session;
use std::path::{Path, PathBuf};

fn copy_site(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    for entry in walkdir::WalkDir::new(fixture("minimal")) {
        let entry = entry.unwrap();
        let target = root.join(entry.path().strip_prefix(fixture("minimal")).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    root
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let p = root.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from:?} not in {file}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn assert_equals_full_build(session: &Session, root: &Path) {
    let full = diptych::compile(root);
    assert!(!full.diags.has_errors());
    let files = session.files();
    assert_eq!(files.len(), full.outputs.len(), "same set of files");
    for o in &full.outputs {
        let got = files.get(&o.path.0).unwrap_or_else(|| panic!("session lacks {}", o.path.0));
        assert!(got.unpack() == page(&full, &o.path.0).into_bytes(), "{} differs from a full build", o.path.0);
    }
}

const ALPHA_NL: &str = "content/declarations/2021-03-04-alpha.nl.md";

#[test]
fn an_edit_renders_only_what_it_touches_and_ends_equal_to_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = copy_site(dir.path());
    let mut s = Session::new(&root, Default::default());
    let first = s.rebuild(false);
    assert!(first.errors.is_none() && first.full);

    // A one-paragraph text edit.
    edit(&root, ALPHA_NL, "werken samen aan waterstof", "werken nauw samen aan waterstof");
    let u = s.rebuild(false);
    assert!(u.errors.is_none());
    assert!(!u.full, "a text edit is incremental");
    assert_eq!(u.parsed, 1, "only the edited file is parsed again");
    assert!(u.changed.contains(&"nl/declarations/2021-03-04-alpha/index.html".to_string()), "{:?}", u.changed);
    assert!(!u.changed.iter().any(|c| c.contains("2022-05-06-beta")), "{:?}", u.changed);
    assert!(u.rendered < 40, "rendered {} pages", u.rendered);
    s.complete();
    assert_equals_full_build(&s, &root);

    // An annotation edit moves a block to another theme.
    edit(&root, ALPHA_NL, "{§1 #hydrogen @be @nl}", "{§1 #trade @be @nl}");
    let u = s.rebuild(false);
    assert!(!u.full && u.changed.contains(&"nl/themes/trade/index.html".to_string()), "{:?}", u.changed);
    s.complete();
    assert_equals_full_build(&s, &root);

    // A title edit reaches the pages that refer to the declaration.
    edit(&root, ALPHA_NL, "title: Verklaring Alfa over energie", "title: Verklaring Alfa");
    let u = s.rebuild(false);
    assert!(u.changed.contains(&"nl/declarations/2022-05-06-beta/index.html".to_string()), "{:?}", u.changed);
    s.complete();
    assert_equals_full_build(&s, &root);
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_a_fix_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = copy_site(dir.path());
    let mut s = Session::new(&root, Default::default());
    s.rebuild(false);
    let before = s.file("nl/declarations/2021-03-04-alpha/index.html").unwrap();
    edit(&root, ALPHA_NL, "{§1 #hydrogen @be @nl}", "{§1 #hydrogn @be @nl}");
    let u = s.rebuild(false);
    let e = u.errors.expect("an error");
    assert!(e.plain[0].starts_with("content/declarations/2021-03-04-alpha.nl.md:18:56:"), "{:?}", e.plain);
    assert!(e.plain[0].contains("did you mean `#hydrogen`?"));
    assert_eq!(s.file("nl/declarations/2021-03-04-alpha/index.html").unwrap(), before, "old page still served");
    edit(&root, ALPHA_NL, "#hydrogn", "#hydrogen");
    let u = s.rebuild(false);
    assert!(u.errors.is_none());
    assert!(!u.full, "fixing an error is an incremental rebuild");
    assert!(u.changed.is_empty(), "back to the last good site: {:?}", u.changed);
    s.complete();
    assert_equals_full_build(&s, &root);
}

#[test]
fn adding_and_deleting_declarations_and_theme_edits_rebuild_everything() {
    let dir = tempfile::tempdir().unwrap();
    let root = copy_site(dir.path());
    let mut s = Session::new(&root, Default::default());
    s.rebuild(false);
    std::fs::write(root.join("content/declarations/2023-01-01-gamma.nl.md"), crate::support::GOOD_NL.replace("#energy", "#trade")).unwrap();
    let u = s.rebuild(false);
    assert!(u.errors.is_none() && u.full);
    assert!(s.file("en/declarations/2023-01-01-gamma/index.html").is_some());
    s.complete();
    assert_equals_full_build(&s, &root);
    std::fs::remove_file(root.join("content/declarations/2023-01-01-gamma.nl.md")).unwrap();
    let u = s.rebuild(false);
    assert!(u.full && s.file("en/declarations/2023-01-01-gamma/index.html").is_none());
    assert_equals_full_build(&s, &root);
    std::fs::create_dir_all(root.join("themes/default/templates")).unwrap();
    std::fs::write(root.join("themes/default/templates/page.html"), "{% extends \"base.html\" %}{% block main %}OWN{% endblock main %}")
        .unwrap();
    let u = s.rebuild(true);
    assert!(u.full);
    assert!(String::from_utf8_lossy(&s.file("nl/pages/about/index.html").unwrap()).contains("OWN"));
    assert_equals_full_build(&s, &root);
}

#[test]
fn edits_on_a_paged_site_render_only_the_pages_that_show_them_and_end_equal_to_a_full_build() {
    let site = crate::support::many(65);
    let root = site.root();
    let mut s = Session::new(root, Default::default());
    assert!(s.rebuild(true).errors.is_none());
    // A text edit: the declaration's pages, and the one page of each list showing it.
    edit(root, "content/declarations/d010.nl.md", "Energie nummer 10.", "Energie nummer tien.");
    let u = s.rebuild(false);
    assert!(u.errors.is_none() && !u.full);
    let themes: Vec<&String> = u.changed.iter().filter(|p| p.contains("/themes/energy/")).collect();
    // (The English pages show the Dutch text: these declarations have no translation.)
    assert_eq!(themes, ["en/themes/energy/page/3/index.html", "nl/themes/energy/page/3/index.html"], "{:?}", u.changed);
    assert!(u.rendered < 20, "{} pages rendered for one paragraph", u.rendered);
    s.complete();
    assert_equals_full_build(&s, root);
    // A tag added: the trade listing grows by one and its pages shift.
    edit(root, "content/declarations/d011.nl.md", "{§1 #energy @be}", "{§1 #energy #trade @be}");
    let u = s.rebuild(false);
    assert!(u.errors.is_none() && !u.full);
    s.complete();
    assert_equals_full_build(&s, root);
    // Tags removed until the energy list loses its fourth page: that page goes.
    for i in 0..5 {
        edit(root, &format!("content/declarations/d{i:03}.nl.md"), "#energy ", "");
    }
    let u = s.rebuild(false);
    assert!(u.errors.is_none());
    assert!(u.changed.iter().any(|p| p == "nl/themes/energy/page/4/index.html"), "{:?}", u.changed);
    s.complete();
    assert_equals_full_build(&s, root);
}

#[test]
fn a_reference_broken_by_an_edit_elsewhere_is_reported_until_the_edit_is_undone() {
    // beta refers to alpha §2.a; beta's file is not touched, yet its reference must be
    // checked again when alpha changes its block ids.
    let dir = tempfile::tempdir().unwrap();
    let root = copy_site(dir.path());
    let mut s = Session::new(&root, Default::default());
    assert!(s.rebuild(false).errors.is_none());
    let alpha_en = "content/declarations/2021-03-04-alpha.en.md";
    edit(&root, ALPHA_NL, "{§2.a #hydrogen @be}", "{§2.x #hydrogen @be}");
    edit(&root, alpha_en, "{§2.a #hydrogen @be}", "{§2.x #hydrogen @be}");
    let u = s.rebuild(false);
    let errors = u.errors.expect("the reference in beta is broken");
    assert!(errors.plain.iter().any(|e| e.contains("2022-05-06-beta.nl.md") && e.contains("has no block `§2.a`")), "{:?}", errors.plain);
    // The same state again: still reported (nothing half-linked was kept).
    let again = s.rebuild(false).errors.expect("still broken");
    assert_eq!(again.plain, errors.plain);
    edit(&root, ALPHA_NL, "{§2.x #hydrogen @be}", "{§2.a #hydrogen @be}");
    edit(&root, alpha_en, "{§2.x #hydrogen @be}", "{§2.a #hydrogen @be}");
    let u = s.rebuild(false);
    assert!(u.errors.is_none() && !u.full, "{:?}", u.errors);
    s.complete();
    assert_equals_full_build(&s, &root);
}

#[test]
fn with_the_watchers_paths_only_those_files_are_read_and_anything_else_looks_at_everything() {
    let dir = tempfile::tempdir().unwrap();
    let root = copy_site(dir.path()).canonicalize().unwrap();
    let mut s = Session::new(&root, Default::default());
    assert!(s.rebuild(true).errors.is_none());
    let alpha = root.join(ALPHA_NL);
    let beta = root.join("content/declarations/2022-05-06-beta.nl.md");

    // An edit named by the watcher: only that file is read, and the result is right.
    edit(&root, ALPHA_NL, "werken samen aan waterstof", "werken nauw samen aan waterstof");
    let u = s.rebuild_after(false, Some(std::slice::from_ref(&alpha)));
    assert!(u.errors.is_none() && !u.full && u.parsed == 1, "{u:?}");
    assert!(String::from_utf8_lossy(&s.file("nl/declarations/2021-03-04-alpha/index.html").unwrap()).contains("nauw samen"));
    s.complete();
    assert_equals_full_build(&s, &root);

    // Another file changed on disk that the watcher did not name (it cannot happen
    // with a lossless watcher): not read, which shows only named files are.
    edit(&root, "content/declarations/2022-05-06-beta.nl.md", "Nederland verwijst", "Nederland verwijst nu");
    let u = s.rebuild_after(false, Some(&[]));
    assert!(u.changed.is_empty() && u.parsed == 0, "{u:?}");
    // Named, it is.
    let u = s.rebuild_after(false, Some(std::slice::from_ref(&beta)));
    assert!(u.parsed == 1 && u.changed.iter().any(|c| c.contains("2022-05-06-beta")), "{u:?}");

    // An editor's temporary file, gone by the time of the rebuild: ignored.
    let u = s.rebuild_after(false, Some(&[root.join("content/declarations/.alpha.nl.md.tmp123"), root.join("content/x.md~")]));
    assert!(u.errors.is_none() && u.changed.is_empty() && u.parsed == 0, "{u:?}");

    // A new declaration: everything is looked at, and it is there.
    let gamma = root.join("content/declarations/2023-01-01-gamma.nl.md");
    std::fs::write(&gamma, crate::support::GOOD_NL.replace("#energy", "#trade")).unwrap();
    let u = s.rebuild_after(false, Some(std::slice::from_ref(&gamma)));
    assert!(u.errors.is_none() && u.full && s.file("nl/declarations/2023-01-01-gamma/index.html").is_some(), "{u:?}");
    // Removed: gone.
    std::fs::remove_file(&gamma).unwrap();
    let u = s.rebuild_after(false, Some(&[gamma]));
    assert!(u.full && s.file("nl/declarations/2023-01-01-gamma/index.html").is_none(), "{u:?}");
    s.complete();
    assert_equals_full_build(&s, &root);

    // A broken save, then a save of another file: the error is still reported (the
    // broken file's text is not taken from before it broke).
    edit(&root, ALPHA_NL, "{§1 #hydrogen @be @nl}", "{§1 #hydrogn @be @nl}");
    assert!(s.rebuild_after(false, Some(std::slice::from_ref(&alpha))).errors.is_some());
    edit(&root, "content/declarations/2022-05-06-beta.nl.md", "Nederland verwijst nu", "Nederland verwijst");
    let u = s.rebuild_after(false, Some(&[beta]));
    let e = u.errors.expect("alpha is still broken");
    assert!(e.plain.iter().any(|m| m.contains("#hydrogn")), "{:?}", e.plain);
    edit(&root, ALPHA_NL, "#hydrogn", "#hydrogen");
    assert!(s.rebuild_after(false, Some(&[alpha])).errors.is_none());
    s.complete();
    assert_equals_full_build(&s, &root);

    // themes.yaml is not a content file: everything is looked at.
    let themes = root.join("content/themes.yaml");
    let text = std::fs::read_to_string(&themes).unwrap();
    std::fs::write(&themes, format!("{text}\n")).unwrap();
    let u = s.rebuild_after(true, Some(&[themes]));
    assert!(u.errors.is_none() && u.full, "{u:?}");
}

#[test]
fn a_relative_link_to_nothing_is_reported_once_with_its_line_until_an_edit_mends_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = copy_site(dir.path());
    let mut s = Session::new(&root, Default::default());
    s.rebuild(false);
    assert_eq!(s.link_warnings(), None, "the fixture's links all lead somewhere");
    edit(&root, ALPHA_NL, "werken samen aan waterstof.", "werken samen aan [waterstof](../2022-05-06-bta/index.html).");
    let u = s.rebuild(false);
    assert!(u.errors.is_none(), "a broken link is no error");
    let w = s.link_warnings().expect("a warning");
    assert!(w.contains("link to `../2022-05-06-bta/index.html` leads to no file of the site"), "{w}");
    assert!(w.contains("2021-03-04-alpha.nl.md:18:"), "{w}");
    assert!(w.contains("did you mean `../2022-05-06-beta/index.html`?"), "{w}");
    assert!(w.contains("[waterstof](../2022-05-06-bta/index.html)"), "the source line: {w}");
    // Another edit elsewhere: nothing new to say.
    edit(&root, ALPHA_NL, "Zij spreken af:", "Zij spreken dit af:");
    s.rebuild(false);
    assert_eq!(s.link_warnings(), None);
    edit(&root, ALPHA_NL, "2022-05-06-bta", "2022-05-06-beta");
    s.rebuild(false);
    assert_eq!(s.link_warnings().as_deref(), Some("the content's links all lead to files of the site again\n"));
    assert_eq!(s.link_warnings(), None);
}
