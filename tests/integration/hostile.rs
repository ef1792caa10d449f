//! Hostile and broken input: every bad file an editor (or an attacker with write access
//! to the content) can produce gives one clear diagnostic with file, line and column,
//! or builds correctly; nothing crashes, hangs, leaks live markup, loses text, reads
//! outside the site or writes outside the output folder; output is swapped atomically.
//!
//! Tests marked `#[ignore = "BUG: …"]` describe what should happen and fail today.

use crate::support::{GOOD_NL, TempSite, bin, messages, page};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const X: &str = "content/declarations/2021-01-01-x.nl.md";
const GOOD_LINE: &str = "1. Tekst. {§1 #energy @be}";

// ───────────────────────────── helpers ─────────────────────────────

/// GOOD_NL with its one body line (line 9) replaced.
fn with_line(line: &str) -> String {
    GOOD_NL.replace(GOOD_LINE, line)
}

fn one_error(site: &TempSite) -> String {
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    errors.into_iter().next().unwrap()
}

/// Exactly one error, starting with `head` (`file:line:col: error: message`), with a help.
#[track_caller]
fn assert_one(site: &TempSite, head: &str) -> String {
    let e = one_error(site);
    assert!(e.starts_with(head), "expected\n  {head}\ngot\n  {e}");
    assert!(e.contains("\n  help: "), "no help in {e}");
    e
}

fn write_bytes(site: &TempSite, path: &str, bytes: &[u8]) {
    let p = site.root().join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// Reads a pipe to its end in a thread, keeping the first 4 MB and counting the rest.
fn drain(mut r: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<(Vec<u8>, usize)> {
    std::thread::spawn(move || {
        let (mut kept, mut total, mut buf) = (Vec::new(), 0usize, vec![0u8; 64 * 1024]);
        while let Ok(n) = r.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n;
            if kept.len() < 4 << 20 {
                kept.extend_from_slice(&buf[..n]);
            }
        }
        (kept, total)
    })
}

/// What a finished process wrote (stderr cut at 4 MB; `stderr_len` is the full length).
#[allow(dead_code)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    stderr_len: usize,
    took: Duration,
}

/// Runs a command; kills it and fails after `secs`.
fn run_with_timeout(mut cmd: Command, secs: u64) -> Run {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).env("NO_COLOR", "1");
    let started = Instant::now();
    let mut child = cmd.spawn().unwrap();
    let out = drain(child.stdout.take().unwrap());
    let err = drain(child.stderr.take().unwrap());
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let took = started.elapsed();
            let (stdout, _) = out.join().unwrap();
            let (stderr, stderr_len) = err.join().unwrap();
            return Run {
                code: status.code(),
                stdout: String::from_utf8_lossy(&stdout).into_owned(),
                stderr: String::from_utf8_lossy(&stderr).into_owned(),
                stderr_len,
                took,
            };
        }
        if started.elapsed() > Duration::from_secs(secs) {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("still running after {secs} s: killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn check_cli(root: &Path, secs: u64) -> (i32, String, Duration) {
    let mut cmd = bin();
    cmd.args(["check", "--root"]).arg(root);
    let run = run_with_timeout(cmd, secs);
    (run.code.unwrap_or(-1), run.stderr, run.took)
}

/// Every file under `dir`, by relative path, with its bytes (symlinks as their target).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
        if e.path_is_symlink() {
            out.insert(rel, std::fs::read_link(e.path()).unwrap().to_string_lossy().as_bytes().to_vec());
        } else if e.file_type().is_file() {
            out.insert(rel, std::fs::read(e.path()).unwrap());
        } else if e.file_type().is_dir() {
            out.insert(rel.join(""), Vec::new());
        }
    }
    out
}

// ─────────────────────── 1. a catalogue of bad input ───────────────────────

#[test]
fn invalid_utf8_points_at_the_first_bad_byte() {
    let site = TempSite::new();
    let mut bytes = GOOD_NL.as_bytes().to_vec();
    let at = GOOD_NL.find("kst.").unwrap();
    bytes.insert(at, 0xff);
    write_bytes(&site, X, &bytes);
    let e = assert_one(&site, &format!("{X}:9:6: error: file is not valid UTF-8"));
    assert!(e.contains("UTF-8 in your editor"), "{e}");
}

#[test]
fn invalid_utf8_in_a_registry_is_positioned_too() {
    let site = TempSite::new();
    write_bytes(
        &site,
        "content/themes.yaml",
        b"energy: { label: { nl: Energie, en: Energy } }\ntrade: { label: { nl: Han\xe9del, en: Trade } }\n",
    );
    assert_one(&site, "content/themes.yaml:2:26: error: file is not valid UTF-8");
}

#[test]
fn byte_order_mark_keeps_positions_right() {
    // In the body.
    let site = TempSite::new();
    site.write(X, &format!("\u{feff}{}", GOOD_NL.replace("#energy", "#enrgy")));
    assert_one(&site, &format!("{X}:9:15: error: unknown theme `#enrgy`"));
    // In the front matter.
    let site = TempSite::new();
    site.write(X, &format!("\u{feff}{}", GOOD_NL.replace("parties: [be]", "parties: [be, ukk]")));
    assert_one(&site, &format!("{X}:5:15: error: unknown party `ukk`"));
    // On the first line, where the mark itself stands.
    let site = TempSite::new();
    site.write(X, "\u{feff}Tekst zonder front matter. {§1}\n");
    assert_one(&site, &format!("{X}:1:1: error: missing front matter"));
    // In a registry.
    let site = TempSite::new();
    site.write("content/themes.yaml", "\u{feff}energy: { label: { nl: Energie } }\n");
    assert_one(&site, "content/themes.yaml:1:1: error: `energy` has no label in language `en`");
    // And a file with a mark builds, with the mark in no text.
    let site = TempSite::new();
    site.write(X, &format!("\u{feff}{GOOD_NL}"));
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:#?}", messages(&c));
    let html = page(&c, "nl/declarations/2021-01-01-x/index.html");
    assert!(!html.contains('\u{feff}'), "byte-order mark in the page");
    assert!(html.contains("<title>Goed"), "title lost");
}

#[test]
fn crlf_line_endings_keep_positions_right() {
    let crlf = |s: &str| s.replace('\n', "\r\n");
    let site = TempSite::new();
    site.write(X, &crlf(&GOOD_NL.replace("#energy", "#enrgy")));
    assert_one(&site, &format!("{X}:9:15: error: unknown theme `#enrgy`"));
    let site = TempSite::new();
    site.write(X, &crlf(&GOOD_NL.replace("parties: [be]", "parties: [be, ukk]")));
    assert_one(&site, &format!("{X}:5:15: error: unknown party `ukk`"));
    let site = TempSite::new();
    site.write(X, &crlf(&with_line("1. Tekst {met} accolades. {§1}")));
    assert_one(&site, &format!("{X}:9:10: error: `{{` in the text is not a valid annotation"));
    // Two lines of one paragraph, annotation on the second.
    let site = TempSite::new();
    site.write(X, &crlf(&with_line("Een zin\nover twee regels.\n{§p1 #enrgy}")));
    assert_one(&site, &format!("{X}:11:6: error: unknown theme `#enrgy`"));
    // A valid CRLF file builds, and no `\r` reaches any text.
    let site = TempSite::new();
    site.write(X, &crlf(&with_line("Een zin\nover twee regels. {§p1 #energy}\n\n2. Item. {§2}")));
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:#?}", messages(&c));
    let d = &c.site.as_ref().unwrap().declarations[0];
    let doc = &d.translations.values().next().unwrap();
    assert_eq!(doc.front.title.as_deref(), Some("Goed"));
    let texts = doc.texts.unpack();
    assert_eq!(doc.blocks[0].text_in(&texts), "Een zin over twee regels.");
    assert_eq!(doc.blocks[1].text_in(&texts), "Item.");
    let body = doc.body.unpack();
    assert!(doc.blocks.iter().all(|b| !b.html_in(&body).contains('\r')), "{:?}", doc.blocks);
}

#[test]
fn empty_file() {
    let site = TempSite::new();
    site.write(X, "");
    assert_one(&site, &format!("{X}:1:1: error: missing front matter"));
}

#[test]
fn front_matter_missing() {
    let site = TempSite::new();
    site.write(X, "1. Tekst. {§1 #energy @be}\n");
    assert_one(&site, &format!("{X}:1:1: error: missing front matter"));
}

#[test]
fn front_matter_unterminated() {
    let site = TempSite::new();
    site.write(X, "---\ntitle: Goed\ndate: 2021-01-01\n\n1. Tekst. {§1 #energy @be}\n");
    assert_one(&site, &format!("{X}:1:1: error: front matter is not closed"));
}

#[test]
fn front_matter_that_is_a_list_not_a_mapping() {
    let site = TempSite::new();
    site.write(X, "---\n- title: Goed\n- date: 2021-01-01\n---\n\n1. Tekst. {§1}\n");
    let e = assert_one(&site, &format!("{X}:2:1: error: invalid YAML: wrong kind of value: sequence"));
    assert!(e.contains("help: front matter is a YAML mapping"), "{e}");
    assert!(!e.contains("RawFront"), "a Rust type name is no help to an editor: {e}");
}

#[test]
fn front_matter_that_is_a_scalar() {
    let site = TempSite::new();
    site.write(X, "---\nGoed\n---\n\n1. Tekst. {§1}\n");
    let e = assert_one(&site, &format!("{X}:2:1: error: invalid YAML: wrong kind of value: string"));
    assert!(e.contains("help: front matter is a YAML mapping"), "{e}");
    assert!(!e.contains("RawFront"), "a Rust type name is no help to an editor: {e}");
}

#[test]
fn tabs_in_front_matter() {
    let site = TempSite::new();
    site.write(X, &GOOD_NL.replace("parties: [be]", "parties:\n\t- be"));
    let e = assert_one(&site, &format!("{X}:6:1: error: invalid YAML"));
    assert!(e.contains("help: YAML does not allow tabs"), "{e}");
}

#[test]
fn tabs_in_a_registry() {
    let site = TempSite::new();
    site.write("content/parties.yaml", "be:\n\tname: { nl: België, en: Belgium }\n");
    let e = assert_one(&site, "content/parties.yaml:2:1: error: invalid YAML");
    assert!(e.contains("help: YAML does not allow tabs"), "{e}");
}

#[test]
fn dates_that_are_not_dates() {
    for (date, col) in
        [("2021-02-30", 7), ("2021-13-01", 7), ("tomorrow", 7), ("20211130", 7), ("\"2021-1-1\"", 8), ("2021-01-01T10:00:00", 7)]
    {
        let site = TempSite::new();
        site.write(X, &GOOD_NL.replace("date: 2021-01-01", &format!("date: {date}")));
        let shown = date.trim_matches('"');
        assert_one(&site, &format!("{X}:3:{col}: error: `{shown}` is not a date"));
    }
    // With Windows line endings.
    let site = TempSite::new();
    site.write(X, &GOOD_NL.replace("date: 2021-01-01", "date: 2021-02-30").replace('\n', "\r\n"));
    assert_one(&site, &format!("{X}:3:7: error: `2021-02-30` is not a date"));
    // A date written right whose day or month does not exist says which.
    let site = TempSite::new();
    site.write(X, &GOOD_NL.replace("date: 2021-01-01", "date: 2024-02-30"));
    assert_one(&site, &format!("{X}:3:7: error: `2024-02-30` is not a date: February 2024 has 29 days"));
    site.write(X, &GOOD_NL.replace("date: 2021-01-01", "date: 2021-13-01"));
    assert_one(&site, &format!("{X}:3:7: error: `2021-13-01` is not a date: there is no month 13"));
    // A leap day is a date.
    let site = TempSite::new();
    site.write(X, &GOOD_NL.replace("date: 2021-01-01", "date: 2020-02-29"));
    assert!(site.errors().is_empty(), "{:#?}", site.errors());
}

/// A Japanese or Chinese input method types braces full-width: such an annotation
/// would be published as text and its tags lost. It is an error that shows the ASCII
/// spelling.
#[test]
fn an_annotation_in_full_width_braces_is_an_error() {
    let site = TempSite::new();
    site.write(X, &with_line("1. 進展を歓迎した。｛§1 ＃energy @be｝"));
    let e = assert_one(&site, &format!("{X}:9:12: error: an annotation in full-width braces `｛…｝` is not read as one"));
    assert!(e.contains("help: write it with ASCII braces and signs: `{§1 #energy @be}`"), "{e}");
    // Full-width braces around other text are text.
    site.write(X, &with_line("1. 括弧｛注｝は本文。 {§1 #energy @be}"));
    assert!(site.errors().is_empty(), "{:?}", site.errors());
}

/// All errors of a build together: a declaration whose date (or kind, parties,
/// original) is wrong is still linked, so a broken reference in it or to it is reported
/// in the same build, not only once the date is fixed.
#[test]
fn a_declaration_with_a_bad_date_still_has_its_references_checked() {
    let site = TempSite::new();
    site.write(
        X,
        &with_line("1. Zie [[2021-02-02-y§7]] en [[2021-01-01-x§99]]. {§1 #energy @be}").replace("date: 2021-01-01", "date: 2021-02-30"),
    );
    site.write(
        "content/declarations/2021-02-02-y.nl.md",
        &GOOD_NL.replace("date: 2021-01-01", "date: 2021-02-02").replace("kind: letter\n", ""),
    );
    site.write(
        "content/declarations/2021-03-03-z.nl.md",
        &with_line("1. Zie [[2021-01-01-x§5]]. {§1 #energy @be}").replace("date: 2021-01-01", "date: 2021-03-03"),
    );
    let errors = site.errors();
    let has = |what: &str| errors.iter().any(|e| e.contains(what));
    assert!(has("`2021-02-30` is not a date"), "{errors:#?}");
    assert!(has("declaration `2021-02-02-y` has no `kind`"), "{errors:#?}");
    assert!(has("declaration `2021-02-02-y` has no block `§7`"), "the reference in the undated declaration: {errors:#?}");
    assert!(has("declaration `2021-01-01-x` has no block `§99`"), "{errors:#?}");
    assert!(has("declaration `2021-01-01-x` has no block `§5`"), "the reference to the undated declaration: {errors:#?}");
    assert_eq!(errors.len(), 5, "{errors:#?}");
}

/// Found by fuzzing (`front_matter`): an empty string in a front-matter list hangs the
/// build. Each case must answer within seconds, with an error on the right line.
#[test]
fn empty_strings_in_yaml_lists_do_not_hang() {
    for (file, text, line) in [
        (X, GOOD_NL.replace("parties: [be]", "parties: [be, \"\"]"), Some(5)),
        (X, GOOD_NL.replace("original: nl", "original: nl\nthemes: [\"\"]"), Some(7)),
        (X, GOOD_NL.replace("original: nl", "original: nl\nthemes: [energy, !, trade]"), Some(7)),
        (X, GOOD_NL.replace("original: nl", "original: nl\nsignatories:\n  - { name: \"\", party: be }"), None),
        (
            "content/themes.yaml",
            "energy: { label: { nl: Energie, en: Energy } }\ntrade: { label: { nl: Handel, en: Trade }, parent: \"\" }\n".to_string(),
            Some(2),
        ),
    ] {
        let site = TempSite::new();
        site.write(X, GOOD_NL);
        site.write(file, &text);
        let (code, stderr, took) = check_cli(site.root(), 10);
        assert!(took < Duration::from_secs(5), "{text}: took {took:?}");
        if let Some(line) = line {
            assert_eq!(code, 1, "{text}: {stderr}");
            assert!(stderr.contains(&format!("┌─ {file}:{line}:")), "{text}: expected an error on line {line}:\n{stderr}");
        }
    }
}

/// The fuzzer's original input for the hang above (`themes: [y, …, !, …]`: `!` is an
/// empty tagged scalar), through the front-matter reader, on a watchdog.
#[test]
fn fuzz_regression_front_matter_timeout() {
    let bytes = std::fs::read(crate::support::fixture("hostile/fuzz-front_matter-timeout-b492a686.md")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let file = diptych::diag::FileId(0);
        let mut errors = Vec::new();
        if let Ok(split) = diptych::parse::front::split(&text, file) {
            let _ = diptych::parse::front::read(&split, file, &mut errors);
        }
        let _ = tx.send(errors.len());
    });
    rx.recv_timeout(Duration::from_secs(5)).expect("front matter reader still running after 5 s");
}

/// Two inputs the annotation fuzzer found slow (26 and 29 s under AddressSanitizer on a
/// loaded machine): about 1.8 KB of line breaks and spaces in braces. Parsing them and
/// rendering the diagnostics, as the CLI does, must stay quick.
#[test]
fn fuzz_regression_annotation_slow_units() {
    for name in ["fuzz-annotation-slow-1809c1f7.txt", "fuzz-annotation-slow-e4e46628.txt"] {
        let inner = String::from_utf8(std::fs::read(crate::support::fixture(&format!("hostile/{name}"))).unwrap()).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let t = Instant::now();
            let text = format!("{{{inner}}}");
            let mut map = diptych::diag::SourceMap::default();
            let file = map.add("a.md".into(), "a.md".into(), text);
            let parsed = t.elapsed();
            let n = match diptych::parse::annotation::parse(&inner, file, 1) {
                Ok(_) => 0,
                Err(diags) => {
                    let refs: Vec<&diptych::diag::Diagnostic> = diags.iter().collect();
                    for d in &refs {
                        diptych::diag::render_plain(&map, d);
                    }
                    diptych::diag::render_terminal(&map, &refs, false);
                    diags.len()
                }
            };
            let _ = tx.send((n, parsed, t.elapsed()));
        });
        let (n, parsed, total) = rx.recv_timeout(Duration::from_secs(5)).unwrap_or_else(|_| panic!("{name}: still running after 5 s"));
        eprintln!("{name}: {n} diagnostics, parse {parsed:?}, with rendering {total:?}");
    }
}

#[test]
fn unknown_language_suffix() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.de.md", GOOD_NL);
    let e = assert_one(&site, "content/declarations/2021-01-01-x.de.md:1:1: error: unknown language suffix `.de`");
    assert!(e.contains("`nl`, `en`"), "{e}");
    // In capitals: the site's language in lowercase.
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.NL.md", GOOD_NL);
    let e = assert_one(&site, "content/declarations/2021-01-01-x.NL.md:1:1: error: unknown language suffix `.NL`");
    assert!(e.contains("did you mean `.nl`?"), "{e}");
}

#[test]
fn declaration_without_language_suffix() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.md", GOOD_NL);
    let e =
        assert_one(&site, "content/declarations/2021-01-01-x.md:1:1: error: content/declarations/2021-01-01-x.md has no language suffix");
    assert!(e.contains("`2021-01-01-x.nl.md`"), "{e}");
    // The same in a bundle.
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x/index.md", GOOD_NL);
    let e = assert_one(
        &site,
        "content/declarations/2021-01-01-x/index.md:1:1: error: content/declarations/2021-01-01-x/index.md has no language suffix",
    );
    assert!(e.contains("`index.nl.md`"), "{e}");
}

#[test]
fn two_files_claim_the_same_slug_and_language() {
    let site = TempSite::new();
    site.write(X, GOOD_NL);
    site.write("content/declarations/2021-01-01-x/index.nl.md", GOOD_NL);
    let e = assert_one(&site, &format!("{X}:1:1: error: two files claim slug `2021-01-01-x` in language `nl`"));
    assert!(e.contains("content/declarations/2021-01-01-x/index.nl.md:1:1: the other file"), "{e}");
}

#[test]
fn slugs_with_spaces_capitals_or_accents() {
    for (name, slug, suggestion) in [
        ("content/declarations/Mijn Verklaring.nl.md", "Mijn Verklaring", "mijn-verklaring"),
        ("content/declarations/2021-01-01-BE-UK.nl.md", "2021-01-01-BE-UK", "2021-01-01-be-uk"),
        ("content/declarations/2021-01-01-belgië.nl.md", "2021-01-01-belgië", "2021-01-01-belgie"),
        ("content/declarations/2021-01-01-x y/index.nl.md", "2021-01-01-x y", "2021-01-01-x-y"),
        ("content/declarations/2021_01_01_x.nl.md", "2021_01_01_x", "2021-01-01-x"),
    ] {
        let site = TempSite::new();
        site.write(name, GOOD_NL);
        let e = assert_one(&site, &format!("{name}:1:1: error: `{slug}` is not a valid slug"));
        assert!(e.contains(&format!("`{suggestion}`")), "{e}");
    }
}

#[test]
fn annotation_with_an_empty_token() {
    let site = TempSite::new();
    site.write(X, &with_line("1. Tekst. {§1 # @be}"));
    assert_one(&site, &format!("{X}:9:15: error: empty theme `#`"));
    let site = TempSite::new();
    site.write(X, &with_line("1. Tekst. {§1 #energy @}"));
    assert_one(&site, &format!("{X}:9:23: error: empty party `@`"));
    let site = TempSite::new();
    site.write(X, &with_line("1. Tekst. {§ #energy}"));
    assert_one(&site, &format!("{X}:9:12: error: empty block id `§`"));
    let site = TempSite::new();
    site.write(X, &with_line("1. Tekst. {}"));
    assert_one(&site, &format!("{X}:9:11: error: empty annotation `{{}}`"));
    let site = TempSite::new();
    site.write(X, &with_line("1. Tekst. {   }"));
    assert_one(&site, &format!("{X}:9:11: error: empty annotation `{{}}`"));
}

#[test]
fn annotation_with_an_unknown_prefix() {
    let site = TempSite::new();
    site.write(X, &with_line("1. Tekst. {§1 !x}"));
    let e = assert_one(&site, &format!("{X}:9:15: error: `!x` is not an annotation token"));
    assert!(e.contains("\\{"), "{e}");
    // After a non-breaking space (one character, two bytes) the column is still right.
    let site = TempSite::new();
    site.write(X, &with_line("1. Tekst. {§1\u{a0}!x}"));
    assert_one(&site, &format!("{X}:9:15: error: `!x` is not an annotation token"));
    // Non-ASCII in an id.
    let site = TempSite::new();
    site.write(X, &with_line("1. Tekst. {§1 #énergie}"));
    let e = assert_one(&site, &format!("{X}:9:15: error: invalid theme id `#énergie`"));
    assert!(e.contains("write `#energie`"), "{e}");
    // Digits of another script (Arabic-Indic, full-width) in a block id.
    for (id, ascii) in [("٢", "2"), ("２.a", "2.a")] {
        let site = TempSite::new();
        site.write(X, &with_line(&format!("1. Tekst. {{§{id}}}")));
        let e = assert_one(&site, &format!("{X}:9:12: error: invalid block id `§{id}`"));
        assert!(e.contains(&format!("write `§{ascii}`")), "{e}");
    }
    let site = TempSite::new();
    site.write(X, &with_line("1. Zie [[2021-02-02-y§٢]]. {§1}"));
    site.write("content/declarations/2021-02-02-y.nl.md", GOOD_NL);
    let e = one_error(&site);
    assert!(e.contains("block ids are ASCII, write `2021-02-02-y§2`"), "{e}");
}

#[test]
fn annotation_with_two_ids() {
    let site = TempSite::new();
    site.write(X, &with_line("1. Tekst. {§4 §5}"));
    let e = assert_one(&site, &format!("{X}:9:15: error: a block has one id, but this annotation gives `§4` and `§5`"));
    assert!(e.contains(&format!("{X}:9:12: first id")), "{e}");
}

#[test]
fn annotation_with_ten_thousand_tokens_is_quick_and_clear() {
    // 10,000 distinct themes, none known.
    let tokens: Vec<String> = (0..10_000).map(|i| format!("#t{i}")).collect();
    let site = TempSite::new();
    site.write(X, &with_line(&format!("1. Tekst. {{§1 {}}}", tokens.join(" "))));
    let started = Instant::now();
    let errors = site.errors();
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    assert!(!errors.is_empty());
    assert!(errors[0].starts_with(&format!("{X}:9:15: error: unknown theme `#t0`")), "{}", errors[0]);
    let last = errors.last().unwrap();
    assert!(last.starts_with(&format!("{X}:9:")) && last.contains("unknown theme `#t9999`"), "{last}");
}

#[test]
fn ten_thousand_repeated_problems_give_a_readable_answer() {
    // The same theme 10,000 times; 10,000 stray braces. Through the CLI: an answer, not a flood.
    for (line, message) in [
        (format!("1. Tekst. {{§1 {}}}", vec!["#energy"; 10_000].join(" ")), "theme `#energy` is listed twice"),
        (format!("1. Tekst {} {{§1}}", "{".repeat(10_000)), "`{` in the text is not a valid annotation"),
    ] {
        let site = TempSite::new();
        site.write(X, &with_line(&line));
        let mut cmd = bin();
        cmd.args(["check", "--root"]).arg(site.root());
        let run = run_with_timeout(cmd, 20);
        assert_eq!(run.code, Some(1), "{}", &run.stderr[..run.stderr.len().min(2000)]);
        assert!(run.took < Duration::from_secs(10), "took {:?}", run.took);
        assert!(run.stderr.contains(message), "{}", &run.stderr[..run.stderr.len().min(2000)]);
        assert!(run.stderr_len < 1_000_000, "{} bytes of diagnostics for one line", run.stderr_len);
    }
}

#[test]
fn block_id_used_twice() {
    let site = TempSite::new();
    site.write(X, &with_line("1. Een. {§1}\n2. Twee. {§1 #energy}"));
    let e = assert_one(&site, &format!("{X}:10:11: error: block id `§1` is used twice"));
    assert!(e.contains(&format!("{X}:9:10: first used here")), "{e}");
    // An explicit id that another block has by its number is a duplicate too (the spec:
    // "a duplicated id is an error"): renaming the numbered item (to `2-2`, as before)
    // silently moved every link to `#2` onto another paragraph.
    let site = TempSite::new();
    site.write(X, &with_line("1. Een. {§2}\n2. Twee."));
    let e = assert_one(&site, &format!("{X}:9:10: error: block id `§2` is already the id of another block"));
    assert!(e.contains(&format!("{X}:10:1: this block has that id by its number or position")), "{e}");
    // Derived ids that meet (two lists numbered from 1) still step aside: no one wrote them.
    let site = TempSite::new();
    site.write(X, &with_line("1. Een.\n2. Twee.\n\nTussen.\n\n1. Nog een."));
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:#?}", messages(&c));
    let doc = c.site.as_ref().unwrap().declarations[0].translations.values().next().unwrap();
    let ids: Vec<&str> = doc.blocks.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "p3", "1-2"]);
}

#[test]
fn cross_reference_to_itself() {
    let site = TempSite::new();
    site.write(X, &with_line("1. Zie [[2021-01-01-x]]. {§1}"));
    assert_one(&site, &format!("{X}:9:8: error: `2021-01-01-x` refers to itself"));
    // To one of its own blocks: fine.
    let site = TempSite::new();
    site.write(X, &with_line("1. Zie [[2021-01-01-x§2]]. {§1}\n2. Twee. {§2}"));
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:#?}", messages(&c));
    let html = page(&c, "nl/declarations/2021-01-01-x/index.html");
    assert!(html.contains("#2\">Goed <bdi>§2</bdi></a>"), "{html}");
}

#[test]
fn cross_reference_to_a_missing_block() {
    let site = TempSite::new();
    site.write(X, &with_line("1. Zie [[2021-02-02-y§9]]. {§1}"));
    site.write("content/declarations/2021-02-02-y.nl.md", GOOD_NL);
    let e = assert_one(&site, &format!("{X}:9:8: error: declaration `2021-02-02-y` has no block `§9`"));
    // A number is near every other number: the help lists the ids there are instead.
    assert!(e.contains("help: its blocks are §1"), "{e}");
}

#[test]
fn cross_references_with_dot_dot() {
    for (xref, message) in [
        ("[[../etc/passwd]]", "`../etc/passwd` is not a valid cross-reference"),
        ("[[2021-02-02-y§../1]]", "`§../1` is not a valid block id in cross-reference `2021-02-02-y§../1`"),
        ("[de tekst](../../etc/passwd§1)", "`../../etc/passwd§1` is not a valid cross-reference"),
        ("[[2021-02-02-y/../../x]]", "`2021-02-02-y/../../x` is not a valid cross-reference"),
    ] {
        let site = TempSite::new();
        site.write(X, &with_line(&format!("1. Zie {xref}. {{§1}}")));
        site.write("content/declarations/2021-02-02-y.nl.md", GOOD_NL);
        assert_one(&site, &format!("{X}:9:8: error: {message}"));
    }
    // A block id that is only dots is an id like any other: an unknown block.
    let site = TempSite::new();
    site.write(X, &with_line("1. Zie [[2021-02-02-y§..]]. {§1}"));
    site.write("content/declarations/2021-02-02-y.nl.md", GOOD_NL);
    assert_one(&site, &format!("{X}:9:8: error: declaration `2021-02-02-y` has no block `§..`"));
}

#[test]
fn a_file_over_the_size_limit() {
    let site = TempSite::new();
    let path = site.root().join("content/declarations/2021-01-01-big.nl.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    drop(f);
    let started = Instant::now();
    let e = one_error(&site);
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert!(e.contains("content/declarations/2021-01-01-big.nl.md"), "{e}");
    assert!(e.contains(&diptych::load::MAX_FILE_BYTES.to_string()), "{e}");
    assert!(e.contains("\n  help: "), "{e}");
}

#[test]
fn a_file_at_the_size_limit_builds_in_reasonable_time() {
    // Many paragraphs, each annotated, up to the limit.
    let mut text = GOOD_NL.to_string();
    let mut i = 2;
    while text.len() < diptych::load::MAX_FILE_BYTES as usize - 200 {
        text.push_str(&format!("\nAlinea met woorden als zeeën, één en naïef, nummer {i}. {{§p{i} #energy @be}}\n"));
        i += 1;
    }
    let site = TempSite::new();
    site.write(X, &text);
    let (code, stderr, took) = check_cli(site.root(), 120);
    assert_eq!(code, 0, "{}", &stderr[..stderr.len().min(2000)]);
    assert!(took < Duration::from_secs(60), "{} paragraphs took {took:?}", i);
}

fn nesting_site(body: &str) -> TempSite {
    let site = TempSite::new();
    site.write(X, &with_line(body));
    site
}

/// `at`: acceptable positions (the construct that is too deep, or the one holding it).
#[track_caller]
fn assert_nesting_error(site: &TempSite, at: &[String]) {
    let (code, stderr, _) = check_cli(site.root(), 20);
    assert_eq!(code, 1, "{}", &stderr[..stderr.len().min(3000)]);
    let limit = diptych::parse::body::MAX_NESTING;
    assert!(stderr.contains(&format!("nested more than {limit} levels deep")), "{}", &stderr[..stderr.len().min(3000)]);
    assert!(
        at.iter().any(|at| stderr.contains(&format!("┌─ {at}\n"))),
        "expected a position in {at:?} in\n{}",
        &stderr[..stderr.len().min(3000)]
    );
    assert!(stderr.contains("= help:"), "{}", &stderr[..stderr.len().min(3000)]);
}

#[test]
fn a_thousand_nested_lists() {
    // On one line: `- - - … x`; the 65th list starts at column 129, in the item at 127.
    let site = nesting_site(&format!("{}x {{§1}}", "- ".repeat(1000)));
    assert_nesting_error(&site, &[format!("{X}:9:127"), format!("{X}:9:129")]);
}

#[test]
fn a_thousand_nested_indented_lists() {
    let body: String = (0..1000).map(|i| format!("{}- item {i}\n", "  ".repeat(i))).collect();
    let site = nesting_site(body.trim_end());
    // Line 9 + 64: the 65th list; the item holding it is on the line before.
    assert_nesting_error(&site, &[format!("{X}:72:127"), format!("{X}:73:129")]);
}

#[test]
fn a_thousand_nested_block_quotes() {
    let site = nesting_site(&format!("{}x {{§1}}", "> ".repeat(1000)));
    assert_nesting_error(&site, &[format!("{X}:9:127"), format!("{X}:9:129")]);
}

#[test]
fn deep_nesting_in_notes_and_pages() {
    let site = TempSite::new();
    site.write(X, &GOOD_NL.replace("original: nl\n", &format!("original: nl\nnotes:\n  - \"{}x\"\n", "> ".repeat(1000))));
    let (code, stderr, _) = check_cli(site.root(), 20);
    assert_eq!(code, 1, "{}", &stderr[..stderr.len().min(3000)]);
    assert!(stderr.contains("nested more than"), "{}", &stderr[..stderr.len().min(3000)]);
    let site = TempSite::new();
    site.write("content/pages/about.nl.md", &format!("---\ntitle: Over\n---\n\n{}x\n", "- ".repeat(1000)));
    let (code, stderr, _) = check_cli(site.root(), 20);
    assert_eq!(code, 1, "{}", &stderr[..stderr.len().min(3000)]);
    assert!(
        stderr.contains("┌─ content/pages/about.nl.md:5:127\n") || stderr.contains("┌─ content/pages/about.nl.md:5:129\n"),
        "{}",
        &stderr[..stderr.len().min(3000)]
    );
}

#[test]
fn deeply_nested_inline_markup_finishes() {
    // Brackets, emphasis, links in links, code spans, HTML: pulldown-cmark's hard cases.
    for body in [
        format!("{}x{} {{§1}}", "[".repeat(20_000), "]".repeat(20_000)),
        format!("{}x{} {{§1}}", "*".repeat(20_000), "*".repeat(20_000)),
        format!("{}x {{§1}}", "[a](".repeat(10_000)),
        format!("{}x {{§1}}", "<a>".repeat(10_000)),
        format!("{}x {{§1}}", "`".repeat(20_000)),
        format!("{}x {{§1}}", "[[".repeat(10_000)),
        format!("|a|\n|-|\n{}", "|x|\n".repeat(10_000)),
    ] {
        let site = nesting_site(&body);
        let (code, stderr, took) = check_cli(site.root(), 20);
        assert!(code == 0 || code == 1, "exit {code}: {}", &stderr[..stderr.len().min(2000)]);
        assert!(took < Duration::from_secs(15), "took {took:?} for {}…", &body[..40]);
        assert!(!stderr.contains("panicked"), "{}", &stderr[..stderr.len().min(2000)]);
    }
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_declarations() {
    let site = TempSite::new();
    site.write(X, GOOD_NL);
    let dir = site.root().join("content/declarations");
    std::os::unix::fs::symlink("2021-02-02-loop.nl.md", dir.join("2021-02-02-loop.nl.md")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("2021-03-03-self")).unwrap();
    std::os::unix::fs::symlink("2021-04-04-b", dir.join("2021-04-04-a")).unwrap();
    std::os::unix::fs::symlink("2021-04-04-a", dir.join("2021-04-04-b")).unwrap();
    let (code, stderr, _) = check_cli(site.root(), 20);
    assert_eq!(code, 1, "{stderr}");
    let errors = site.errors();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    for name in ["2021-02-02-loop.nl.md", "2021-03-03-self", "2021-04-04-a", "2021-04-04-b"] {
        assert!(
            errors.iter().any(|e| e.contains(&format!("content/declarations/{name} is a symbolic link")) && e.contains("help:")),
            "{name}: {errors:#?}"
        );
    }
}

/// A folder outside the site with a valid declaration and an attachment carrying `marker`.
#[cfg(unix)]
fn outside_folder(marker: &str) -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.nl.md"), GOOD_NL.replace("Tekst.", marker)).unwrap();
    std::fs::create_dir_all(outside.path().join("bundle")).unwrap();
    std::fs::write(outside.path().join("bundle/index.nl.md"), GOOD_NL.replace("Tekst.", marker)).unwrap();
    std::fs::write(outside.path().join("bundle/secret.txt"), marker).unwrap();
    outside
}

/// Nothing that carries `marker` was read: no source file, no output.
fn assert_not_read(c: &diptych::Compiled, marker: &str) {
    for (_, f) in c.map.files() {
        assert!(!f.text.contains(marker), "{} was read from outside the site", f.path.display());
    }
    for o in &c.outputs {
        let bytes = match &o.content {
            diptych::render::Content::Bytes(b) => b.clone(),
            diptych::render::Content::Copy(p) => std::fs::read(p).unwrap(),
        };
        assert!(!String::from_utf8_lossy(&bytes).contains(marker), "{} carries text from outside the site", o.path.0);
    }
}

#[cfg(unix)]
#[test]
fn symlinks_pointing_out_of_the_site_in_declarations() {
    let marker = "GEHEIM-7f3a";
    let outside = outside_folder(marker);
    let site = TempSite::new();
    site.write(X, GOOD_NL);
    let dir = site.root().join("content/declarations");
    std::os::unix::fs::symlink(outside.path().join("secret.nl.md"), dir.join("2021-02-02-s.nl.md")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("bundle"), dir.join("2021-03-03-b")).unwrap();
    // An attachment of a real bundle that links out.
    site.write("content/declarations/2021-04-04-c/index.nl.md", GOOD_NL);
    std::os::unix::fs::symlink(outside.path().join("bundle/secret.txt"), dir.join("2021-04-04-c/bijlage.txt")).unwrap();
    let c = site.compile();
    let errors = messages(&c);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    for name in ["2021-02-02-s.nl.md", "2021-03-03-b", "2021-04-04-c/bijlage.txt"] {
        assert!(errors.iter().any(|e| e.contains(&format!("content/declarations/{name} is a symbolic link"))), "{name}: {errors:#?}");
    }
    assert_not_read(&c, marker);
}

/// Like `has no language suffix` (which registers the file and points at 1:1), errors
/// about a whole file say `file:1:1`, so editors and tools can jump to them.
#[cfg(unix)]
#[test]
fn errors_about_a_whole_file_have_a_position() {
    let site = TempSite::new();
    site.write(X, GOOD_NL);
    let big = site.root().join("content/declarations/2021-02-02-big.nl.md");
    std::fs::File::create(&big).unwrap().set_len(diptych::load::MAX_FILE_BYTES + 1).unwrap();
    std::os::unix::fs::symlink("2021-01-01-x.nl.md", site.root().join("content/declarations/2021-03-03-link.nl.md")).unwrap();
    let errors = site.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("content/declarations/2021-02-02-big.nl.md:1:1: error: "), "{}", errors[0]);
    assert!(errors[1].starts_with("content/declarations/2021-03-03-link.nl.md:1:1: error: "), "{}", errors[1]);
}

#[test]
fn theme_hierarchy_errors() {
    let site = TempSite::new();
    site.write(
        "content/themes.yaml",
        "energy: { label: { nl: Energie, en: Energy }, parent: energy }\ntrade: { label: { nl: Handel, en: Trade }, parent: commerce }\n",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("content/themes.yaml:1:55: error: theme `energy` is its own ancestor: energy → energy"), "{}", errors[0]);
    assert!(errors[1].starts_with("content/themes.yaml:2:52: error: theme `trade` has unknown parent `commerce`"), "{}", errors[1]);
    assert!(errors.iter().all(|e| e.contains("\n  help: ")), "{errors:#?}");
}

#[test]
fn party_part_of_cycle() {
    let site = TempSite::new();
    site.write(
        "content/parties.yaml",
        "be: { name: { nl: België, en: Belgium }, part_of: vl }\nuk: { name: { nl: VK, en: UK } }\nvl: { name: { nl: Vlaanderen, en: Flanders }, part_of: be }\n",
    );
    let e = assert_one(&site, "content/parties.yaml:1:51: error: party `be` is its own ancestor: be → vl → be");
    assert!(e.contains("help: remove `part_of` from one of them"), "{e}");
    let site = TempSite::new();
    site.write("content/parties.yaml", "be: { name: { nl: België, en: Belgium } }\nuk: { name: { nl: VK, en: UK }, part_of: eu }\n");
    assert_one(&site, "content/parties.yaml:2:42: error: party `uk` has unknown part_of `eu`");
}

#[test]
fn site_theme_that_does_not_exist_points_at_its_line() {
    let site = TempSite::new();
    site.write("site.yaml", "title: { nl: T, en: T }\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\ntheme: nope\n");
    site.write(X, GOOD_NL);
    let e = one_error(&site);
    assert!(
        e.starts_with("site.yaml:4:1: error: theme `nope` not found") || e.starts_with("site.yaml:4:8: error: theme `nope` not found"),
        "{e}"
    );
}

// ─────────────────────── 2. escaping: no live markup ───────────────────────

/// Every payload at once: a script element, an attribute breakout (both quotes), a
/// `javascript:` URL as text, a bare `</script>` and an SVG handler.
const EVIL: &str = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> javascript:alert(1) </script> '><svg onload=alert(3)>";

/// `s` as a double-quoted YAML string.
fn yq(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A site whose every text field, label, name and body carries [`EVIL`].
fn hostile_site() -> TempSite {
    let e = yq(EVIL);
    let site = TempSite::new();
    site.write(
        "site.yaml",
        &format!(
            "title: {{ nl: {e}, en: {e} }}\ndescription: {{ nl: {e}, en: {e} }}\nbase_url: \"https://example.gov/x\\\"><script>alert(1)</script>/\"\nlanguages: [nl, en]\norganization: {e}\nidentifier: {e}\nstrings:\n  nl: {{ home: {e}, permalink: {e}, notes: {e}, search: {e}, timeline: {e} }}\n  en: {{ home: {e}, permalink: {e}, notes: {e}, search: {e}, matrix: {e} }}\n"
        ),
    );
    site.write(
        "content/themes.yaml",
        &format!("energy: {{ label: {{ nl: {e}, en: {e} }} }}\ntrade: {{ label: {{ nl: {e}, en: {e} }}, parent: energy }}\n"),
    );
    site.write(
        "content/parties.yaml",
        &format!(
            "be: {{ name: {{ nl: {e}, en: {e} }}, kind: {e} }}\nuk: {{ name: {{ nl: {e}, en: {e} }}, kind: organisation, part_of: be }}\n"
        ),
    );
    let front = |lang: &str, source: &str| {
        format!(
            "---\ntitle: {e}\ndate: 2021-01-01\nkind: letter\nparties: [be, uk]\nplace: {e}\noriginal: nl\ntranslation: {}\nsignatories:\n  - {{ name: {e}, role: {e}, party: be }}\nsource: {}\npublisher: {e}\nthemes: [energy]\nsummary: {e}\nnotes:\n  - {}\n---\n\n",
            if lang == "nl" { "original" } else { "unofficial" },
            yq(source),
            yq(&format!("Noot {EVIL} [[2021-02-02-y§1]] <b onclick=alert(1)>vet</b> [link](https://example.gov/ \"t{EVIL}\")")),
        )
    };
    let body = format!(
        "# Kop {EVIL} {{§h #energy}}\n\n## Tweede kop {EVIL}\n\nTekst {EVIL} met <b onclick=alert(1)>vet</b>, [link](https://example.gov/ \"title{EVIL}\") en ![alt {EVIL}](plaatje.png \"t{EVIL}\"). {{§1 #energy @be}}\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n- Item {EVIL} [[2021-02-02-y§1]] en [[2021-02-02-y|{EVIL}]]. {{§2 #trade @uk}}\n\n| kop {EVIL} | b |\n|---|---|\n| {EVIL} | `code </script>` |\n\n```\"><img src=x onerror=alert(1)>\n</script><script>alert(1)</script>\n```\n\n```rust\nlet s = \"</script><script>alert(1)</script>\";\n```\n\nVoetnoot[^a]. {{§4}}\n\n[^a]: Noot {EVIL}\n"
    );
    site.write(X, &format!("{}{body}", front("nl", "https://example.gov/\"><img src=x onerror=alert(1)>")));
    site.write("content/declarations/2021-01-01-x.en.md", &format!("{}{body}", front("en", "javascript:alert(1)")));
    let y = |lang: &str| {
        format!(
            "---\ntitle: {e}\ndate: 2021-02-02\nkind: letter\nparties: [uk]\noriginal: nl\n---\n\n1. Y {EVIL} ({lang}). {{§1 #trade @uk}}\n"
        )
    };
    site.write("content/declarations/2021-02-02-y/index.nl.md", &y("nl"));
    site.write("content/declarations/2021-02-02-y/index.en.md", &y("en"));
    site.write("content/declarations/2021-02-02-y/\"><img src=x onerror=alert(1)>.txt", "bijlage");
    site.write(
        "content/pages/over.nl.md",
        &format!("---\ntitle: {e}\n---\n\n# Over {EVIL}\n\n{EVIL} <script>alert(1)</script> [[2021-01-01-x§1]]\n"),
    );
    site
}

/// `&amp;`, `&quot;`, `&#39;`, `&#NN;`, `&#xNN;` decoded (what a browser does in attributes).
fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&j| j < 12);
        let decoded = end.and_then(|j| {
            let ent = &after[..j];
            let c = match ent {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "colon" => Some(':'),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32),
                _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, j))
        });
        match decoded {
            Some((c, j)) => {
                out.push(c);
                rest = &after[j + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Fails if `html` (an HTML, XML or SVG file) holds live markup. Returns how many
/// JSON-LD blocks it checked.
fn assert_no_live_markup(name: &str, html: &str) -> usize {
    let mut jsonld = 0;
    let lower = html.to_ascii_lowercase();
    for needle in
        ["<script>alert", "<img src=x onerror", "<svg onload", "<b onclick", "href=\"javascript:", "src=\"javascript:", "href='javascript:"]
    {
        assert!(!lower.contains(needle), "{name}: live markup `{needle}`:\n{}", around(html, &lower, needle));
    }
    // Every script element is ours: JSON-LD, or a file of the site.
    let mut from = 0;
    while let Some(i) = lower[from..].find("<script") {
        let at = from + i;
        let tag_end = lower[at..].find('>').map_or(lower.len(), |j| at + j + 1);
        let tag = &lower[at..tag_end];
        // `<script src="…" defer>` with nothing raw inside the URL, or JSON-LD.
        let ours = tag == "<script type=\"application/ld+json\">"
            || tag
                .strip_prefix("<script src=\"")
                .and_then(|r| r.split_once('"'))
                .is_some_and(|(url, rest)| !url.contains(['<', '>']) && matches!(rest, ">" | " defer>" | " async>"));
        assert!(ours, "{name}: unexpected script element {tag}");
        if tag.contains("ld+json") {
            let body_end = lower[tag_end..].find("</script").map_or(lower.len(), |j| tag_end + j);
            let json = &html[tag_end..body_end];
            assert!(!json.contains('<'), "{name}: raw `<` inside JSON-LD (could close it early): {json}");
            let v: serde_json::Value =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: JSON-LD does not parse ({e}): {json}"));
            assert!(v.to_string().contains("alert(1)"), "{name}: the hostile title is lost from JSON-LD: {v}");
            jsonld += 1;
        }
        from = tag_end;
    }
    // No attribute holding a URL runs script, however it is spelled.
    for attr in ["href=", "src=", "action=", "formaction=", "xlink:href=", "content=\"0; url=", "data="] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(attr) {
            let at = from + i + attr.len();
            from = at;
            let quote = html[at..].chars().next();
            let value = match quote {
                Some(q @ ('"' | '\'')) => html[at + 1..].split(q).next().unwrap_or(""),
                _ if attr.ends_with("url=") => html[at..].split('"').next().unwrap_or(""),
                _ => html[at..].split([' ', '>']).next().unwrap_or(""),
            };
            let url: String =
                decode_entities(value).chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:text"] {
                assert!(!url.starts_with(scheme), "{name}: `{attr}{value}` runs script");
            }
        }
    }
    jsonld
}

fn around(html: &str, lower: &str, needle: &str) -> String {
    let i = lower.find(needle).unwrap_or(0);
    let mut a = i.saturating_sub(200);
    while !html.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (i + 200).min(html.len());
    while !html.is_char_boundary(b) {
        b += 1;
    }
    html[a..b].to_string()
}

/// A minimal RFC 4180 reader.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted, mut chars) = (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted field");
    rows
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let site = hostile_site();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("out");
    let mut cmd = bin();
    cmd.args(["build", "--root"]).arg(site.root()).arg("--output").arg(&target);
    let run = run_with_timeout(cmd, 60);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let files = tree(&target);
    let mut seen = BTreeMap::<&str, usize>::new();
    for (path, bytes) in &files {
        let name = path.to_string_lossy().into_owned();
        let ext = path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        let text = String::from_utf8_lossy(bytes);
        match ext.as_str() {
            "html" | "svg" => {
                *seen.entry("json-ld").or_default() += assert_no_live_markup(&name, &text);
                *seen.entry("html").or_default() += 1;
            }
            "xml" => {
                assert_no_live_markup(&name, &text);
                roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"));
                *seen.entry("xml").or_default() += 1;
            }
            "json" => {
                // Data, not markup: it must parse, and keep the text as written.
                let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(!name.contains("declarations") || v.to_string().contains("alert(1)"), "{name} lost the text");
                *seen.entry("json").or_default() += 1;
            }
            "csv" => {
                let rows = csv_rows(&text);
                assert!(rows.len() > 1);
                assert!(rows.iter().all(|r| r.len() == 10), "{name}: a row with the wrong number of fields: {rows:?}");
                assert!(rows.iter().any(|r| r[9].contains(EVIL)), "{name} lost the text");
                *seen.entry("csv").or_default() += 1;
            }
            "js" if name.starts_with("search/") => {
                // `diptychSearch.call(key, data);`: the arguments must be inert JSON.
                let open = text.find('(').unwrap_or_else(|| panic!("{name}: {text}"));
                assert!(
                    text[..open].starts_with("diptychSearch.") && text[..open].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.'),
                    "{name}: {}",
                    &text[..open]
                );
                let inner = text[open + 1..].trim_end().strip_suffix(");").unwrap_or_else(|| panic!("{name} does not end in `);`"));
                serde_json::from_str::<serde_json::Value>(&format!("[{inner}]"))
                    .unwrap_or_else(|e| panic!("{name}: arguments are not plain JSON ({e})"));
                *seen.entry("js").or_default() += 1;
            }
            _ => {}
        }
    }
    for kind in ["html", "json-ld", "xml", "json", "csv", "js"] {
        assert!(seen.get(kind).copied().unwrap_or(0) > 0, "no {kind} file checked: {seen:?}");
    }
    // Nothing was lost: the text is on the page, escaped.
    let page = String::from_utf8_lossy(&files[Path::new("nl/declarations/2021-01-01-x/index.html")]).into_owned();
    for shown in ["&lt;script&gt;alert(1)&lt;&#x2F;script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"] {
        if page.contains(shown) {
            return;
        }
    }
    panic!("the escaped text is not on the page:\n{page}");
}

#[test]
fn raw_html_in_markdown_comes_out_as_text() {
    let site = TempSite::new();
    site.write(
        X,
        &with_line("<div onclick=\"alert(1)\">\n\n<script>alert(1)</script>\n\n</div>\n\n1. Tekst <b>vet</b> <!-- commentaar --> <iframe src=\"https://evil.example/\"></iframe>. {§1}"),
    );
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:#?}", messages(&c));
    let html = page(&c, "nl/declarations/2021-01-01-x/index.html");
    let body = &html[html.find("<main").unwrap()..];
    for live in ["<div onclick", "<script>alert", "<b>vet", "<!-- commentaar", "<iframe"] {
        assert!(!body.contains(live), "live `{live}` in\n{body}");
    }
    for shown in [
        "&lt;div onclick=\"alert(1)\"&gt;",
        "&lt;b&gt;vet&lt;/b&gt;",
        "&lt;!-- commentaar --&gt;",
        "&lt;iframe src=\"https://evil.example/\"&gt;",
    ] {
        assert!(body.contains(shown), "`{shown}` missing in\n{body}");
    }
}

#[test]
fn script_urls_in_links_and_images_are_errors() {
    for (line, message) in [
        ("1. [klik](javascript:alert(1)) {§1}", "link to `javascript:alert(1)` is not allowed"),
        ("1. [klik](JavaScript:alert(1)) {§1}", "link to `JavaScript:alert(1)` is not allowed"),
        ("1. [klik](&#106;avascript:alert(1)) {§1}", "link to `javascript:alert(1)` is not allowed"),
        ("1. [klik](<java\tscript:alert(1)>) {§1}", "link to `java\tscript:alert(1)` is not allowed"),
        ("1. [klik](vbscript:msgbox) {§1}", "link to `vbscript:msgbox` is not allowed"),
        ("1. [klik](data:text/html;base64,PHNjcmlwdD4=) {§1}", "link to `data:text/html;base64,PHNjcmlwdD4=` is not allowed"),
        ("1. <javascript:alert(1)> {§1}", "link to `javascript:alert(1)` is not allowed"),
        ("1. [klik][r] {§1}\n\n[r]: javascript:alert(1)", "link to `javascript:alert(1)` is not allowed"),
        ("1. ![plaatje](javascript:alert(1)) {§1}", "image `javascript:alert(1)` is not a file of the site"),
        ("1. ![plaatje](//evil.example/x.png) {§1}", "image `//evil.example/x.png` is not a file of the site"),
    ] {
        let site = TempSite::new();
        site.write(X, &with_line(line));
        assert_one(&site, &format!("{X}:9:4: error: {message}"));
    }
    // In an editor's note and in a free page too.
    let site = TempSite::new();
    site.write(X, &GOOD_NL.replace("original: nl\n", "original: nl\nnotes:\n  - \"Zie [x](javascript:alert(1)).\"\n"));
    assert_one(&site, &format!("{X}:8:10: error: link to `javascript:alert(1)` is not allowed"));
    let site = TempSite::new();
    site.write("content/pages/over.nl.md", "---\ntitle: Over\n---\n\nZie [x](javascript:alert(1)).\n");
    assert_one(&site, "content/pages/over.nl.md:5:5: error: link to `javascript:alert(1)` is not allowed");
}

// ─────────────────────── 3. text is never lost ───────────────────────

mod never_lost {
    use crate::support::{TempSite, messages};
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "één",
        "zeeën",
        "naïef",
        "coöperatie",
        "café",
        "Bénélux",
        "déjà",
        "ça",
        "über",
        "straße",
        "Øresund",
        "Ærø",
        "Åland",
        "Ελλάδα",
        "Україна",
        "Brussel",
        "verklaring",
        "R&D",
        "x<y",
        "5>3",
        "\"aanhalingen\"",
        "l'État",
        "½",
        "naïve-café",
    ];

    #[derive(Clone, Debug)]
    enum Kind {
        Paragraph,
        Item,
        Heading(usize),
    }

    #[derive(Clone, Debug)]
    struct Block {
        kind: Kind,
        words: Vec<&'static str>,
        id: Option<usize>,
        themes: Vec<&'static str>,
        parties: Vec<&'static str>,
    }

    fn block() -> impl Strategy<Value = Block> {
        (
            prop_oneof![Just(Kind::Paragraph), Just(Kind::Item), (1usize..4).prop_map(Kind::Heading)],
            prop::collection::vec(prop::sample::select(WORDS), 1..12),
            any::<bool>(),
            prop::sample::subsequence(vec!["energy", "trade"], 0..=2),
            prop::sample::subsequence(vec!["be", "uk"], 0..=2),
        )
            .prop_map(|(kind, words, has_id, themes, parties)| Block { kind, words, id: has_id.then_some(0), themes, parties })
    }

    fn escape(s: &str) -> String {
        // As pulldown-cmark escapes text (quotes are harmless outside attributes).
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn every_word_reaches_its_block_and_no_annotation_does(mut blocks in prop::collection::vec(block(), 1..12)) {
            let mut body = String::new();
            for (i, b) in blocks.iter_mut().enumerate() {
                if b.id.is_some() {
                    b.id = Some(i + 1);
                }
                let mut ann: Vec<String> = b.id.iter().map(|n| format!("§b{n}")).collect();
                ann.extend(b.themes.iter().map(|t| format!("#{t}")));
                ann.extend(b.parties.iter().map(|p| format!("@{p}")));
                let text = b.words.join(" ");
                let annotation = if ann.is_empty() { String::new() } else { format!(" {{{}}}", ann.join(" ")) };
                match b.kind {
                    Kind::Paragraph => body.push_str(&format!("{text}{annotation}\n\n")),
                    Kind::Item => body.push_str(&format!("- {text}{annotation}\n\n")),
                    Kind::Heading(level) => body.push_str(&format!("{} {text}{annotation}\n\n", "#".repeat(level))),
                }
            }
            let site = TempSite::new();
            site.write(
                "content/declarations/2021-01-01-p.nl.md",
                &format!("---\ntitle: P\ndate: 2021-01-01\nkind: letter\nparties: [be]\noriginal: nl\n---\n\n{body}"),
            );
            let c = site.compile();
            prop_assert!(!c.diags.has_errors(), "{:#?}\n{}", messages(&c), body);
            let d = &c.site.as_ref().unwrap().declarations[0];
            let doc = d.translations.values().next().unwrap();
            prop_assert_eq!(doc.blocks.len(), blocks.len(), "{}", body);
            let (body, texts) = (doc.body.unpack(), doc.texts.unpack());
            for (b, parsed) in blocks.iter().zip(&doc.blocks) {
                let (html, text) = (parsed.html_in(&body), parsed.text_in(&texts));
                // Every word, in order, escaped as HTML escapes it.
                let expected = escape(&b.words.join(" "));
                prop_assert!(html.contains(&expected), "`{}` not in block html `{}`\n{}", expected, html, body);
                prop_assert_eq!(text, &b.words.join(" "));
                for token in ["§", "{", "}", "#energy", "#trade", "@be", "@uk"] {
                    prop_assert!(!html.contains(token), "`{}` in block html `{}`", token, html);
                    prop_assert!(!text.contains(token), "`{}` in block text `{}`", token, text);
                }
                if let Some(n) = b.id {
                    prop_assert_eq!(parsed.id.as_str(), format!("b{n}"));
                }
                let themes: Vec<&str> = parsed.themes.iter().map(|(t, _)| t.as_str()).collect();
                prop_assert_eq!(themes, b.themes.clone());
                let parties: Vec<&str> = parsed.parties.iter().map(|(p, _)| p.as_str()).collect();
                prop_assert_eq!(parties, b.parties.clone());
            }
            // And on the page: no annotation syntax anywhere.
            let html = crate::support::page(&c, "nl/declarations/2021-01-01-p/index.html");
            for token in ["{§", "#energy}", "@be}", "@uk}", "#trade}"] {
                prop_assert!(!html.contains(token), "`{}` on the page", token);
            }
        }
    }
}

// ─────────────────────── 4. paths: inside the site, inside the output ───────────────────────

#[test]
fn a_build_writes_only_its_output_folder() {
    let site = hostile_site();
    let before = tree(site.root());
    let box_dir = tempfile::tempdir().unwrap();
    std::fs::write(box_dir.path().join("neighbour.txt"), "stays").unwrap();
    let target = box_dir.path().join("out");
    let mut cmd = bin();
    cmd.args(["build", "--root"]).arg(site.root()).arg("--output").arg(&target);
    let run = run_with_timeout(cmd, 60);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(tree(site.root()), before, "the build changed the site folder");
    let names: Vec<String> =
        std::fs::read_dir(box_dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let mut names = names;
    names.sort();
    // The output, and the spare the next build writes over (here empty but for the
    // output's manifest).
    assert_eq!(names, [".diptych-spare-out", "neighbour.txt", "out"], "files beside the output folder");
    // Every output path is a plain relative path.
    let c = site.compile();
    for o in &c.outputs {
        assert!(Path::new(&o.path.0).components().all(|c| matches!(c, std::path::Component::Normal(_))), "{}", o.path.0);
    }
}

#[test]
fn output_folder_inside_the_sources_is_refused() {
    for sub in ["content", "content/declarations", "themes"] {
        let site = TempSite::new();
        site.write(X, GOOD_NL);
        site.write("themes/default/static/extra.css", "p {}");
        let before = tree(site.root());
        let mut cmd = bin();
        cmd.args(["build", "--root"]).arg(site.root()).arg("--output").arg(site.root().join(sub));
        let run = run_with_timeout(cmd, 60);
        assert_eq!(run.code, Some(2), "--output {sub}: {}", run.stderr);
        assert_eq!(tree(site.root()), before, "--output {sub} changed the sources");
    }
}

#[cfg(unix)]
#[test]
fn theme_names_cannot_leave_the_site() {
    let marker = "GEHEIM-theme-91c2";
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("static")).unwrap();
    std::fs::write(outside.path().join("static/leak.css"), marker).unwrap();
    for theme in [format!("{}", outside.path().display()), "../../../../../../../..".to_string() + &outside.path().display().to_string()] {
        let site = TempSite::new();
        site.write(
            "site.yaml",
            &format!("title: {{ nl: T, en: T }}\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\ntheme: {}\n", yq(&theme)),
        );
        site.write(X, GOOD_NL);
        let c = site.compile();
        assert_not_read(&c, marker);
        let errors = messages(&c);
        assert_eq!(errors.len(), 1, "theme {theme}: {errors:#?}");
        assert!(errors[0].starts_with("site.yaml:4:"), "{}", errors[0]);
    }
}

#[cfg(unix)]
#[test]
fn symlinks_elsewhere_in_the_site_are_not_followed_out() {
    let marker = "GEHEIM-link-5d0e";
    let outside = outside_folder(marker);
    std::fs::write(outside.path().join("themes.yaml"), format!("energy: {{ label: {{ nl: {marker}, en: E }} }}\n")).unwrap();
    std::fs::write(outside.path().join("leak.css"), marker).unwrap();
    std::fs::write(
        outside.path().join("site.yaml"),
        format!("title: {{ nl: {marker}, en: T }}\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\n"),
    )
    .unwrap();
    std::fs::create_dir_all(outside.path().join("decls")).unwrap();
    std::fs::write(outside.path().join("decls/2021-05-05-z.nl.md"), GOOD_NL.replace("Tekst.", marker)).unwrap();
    let cases: Vec<(&str, Box<dyn Fn(&TempSite)>)> = vec![
        (
            "site.yaml",
            Box::new(|s: &TempSite| {
                std::fs::remove_file(s.root().join("site.yaml")).unwrap();
                std::os::unix::fs::symlink(outside.path().join("site.yaml"), s.root().join("site.yaml")).unwrap();
            }),
        ),
        (
            "themes.yaml",
            Box::new(|s: &TempSite| {
                std::fs::remove_file(s.root().join("content/themes.yaml")).unwrap();
                std::os::unix::fs::symlink(outside.path().join("themes.yaml"), s.root().join("content/themes.yaml")).unwrap();
            }),
        ),
        (
            "declarations folder",
            Box::new(|s: &TempSite| {
                std::fs::remove_dir_all(s.root().join("content/declarations")).unwrap();
                std::os::unix::fs::symlink(outside.path().join("decls"), s.root().join("content/declarations")).unwrap();
            }),
        ),
        (
            "theme static file",
            Box::new(|s: &TempSite| {
                s.write("site.yaml", "title: { nl: T, en: T }\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\ntheme: eigen\n");
                std::fs::create_dir_all(s.root().join("themes/eigen/static")).unwrap();
                std::os::unix::fs::symlink(outside.path().join("leak.css"), s.root().join("themes/eigen/static/leak.css")).unwrap();
            }),
        ),
        (
            "theme static folder",
            Box::new(|s: &TempSite| {
                s.write("site.yaml", "title: { nl: T, en: T }\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\ntheme: eigen\n");
                std::fs::create_dir_all(s.root().join("themes/eigen")).unwrap();
                std::os::unix::fs::symlink(outside.path(), s.root().join("themes/eigen/static")).unwrap();
            }),
        ),
    ];
    let mut failures = Vec::new();
    for (what, make) in cases {
        let site = TempSite::new();
        site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
        make(&site);
        let c = site.compile();
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| assert_not_read(&c, marker))).is_err() {
            failures.push(format!("symlinked {what}: read from outside the site"));
        } else if !c.diags.has_errors() {
            failures.push(format!("symlinked {what}: no error"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

// ─────────────────────── 5. atomic output ───────────────────────

/// A site of `n` declarations in two languages, a few annotated paragraphs each.
fn medium_site(n: usize) -> TempSite {
    let site = TempSite::new();
    for i in 0..n {
        let (m, d) = (1 + i % 12, 1 + i % 28);
        let slug = format!("2{:03}-{m:02}-{d:02}-d{i}", i % 30);
        let mut nl = format!(
            "---\ntitle: Verklaring {i} over één en zeeën\ndate: 2{:03}-{m:02}-{d:02}\nkind: letter\nparties: [be, uk]\noriginal: nl\n---\n\n",
            i % 30
        );
        let mut en = format!("---\ntitle: Declaration {i}\n---\n\n");
        for p in 1..=6 {
            nl.push_str(&format!(
                "{p}. Paragraaf {p} van verklaring {i}: samenwerking op het gebied van energie en handel. {{§{p} #energy @be}}\n\n"
            ));
            en.push_str(&format!("{p}. Paragraph {p} of declaration {i}: cooperation on energy and trade. {{§{p} #trade @uk}}\n\n"));
        }
        if i > 0 {
            nl.push_str(&format!(
                "Zie [[{}§2]]. {{§z}}\n",
                format_args!("2{:03}-{:02}-{:02}-d{}", (i - 1) % 30, 1 + (i - 1) % 12, 1 + (i - 1) % 28, i - 1)
            ));
        }
        site.write(&format!("content/declarations/{slug}.nl.md"), &nl);
        site.write(&format!("content/declarations/{slug}.en.md"), &en);
    }
    site
}

fn build_into(root: &Path, out: &Path) -> Command {
    let mut cmd = bin();
    cmd.args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

#[test]
fn a_killed_build_leaves_the_previous_output_byte_identical() {
    let site = medium_site(300);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("out");
    let started = Instant::now();
    let status = build_into(site.root(), &out).status().unwrap();
    let typical = started.elapsed();
    assert!(status.success());
    let complete = tree(&out);
    assert!(complete.len() > 1000, "{} files", complete.len());
    // Deterministic pseudo-random delays in [0, typical build time).
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut finished = 0;
    for round in 0..10 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let delay = typical.mul_f64((state % 1000) as f64 / 1000.0);
        let mut child = build_into(site.root(), &out).spawn().unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_some() {
            finished += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let now = tree(&out);
        assert!(
            now == complete,
            "round {round}, killed after {delay:?}: output differs from the previous build ({} files now, {} before)",
            now.len(),
            complete.len()
        );
    }
    eprintln!("typical build {typical:?}; {finished} of 10 builds finished before the kill");
    // And the next build still works.
    assert!(build_into(site.root(), &out).status().unwrap().success());
    assert!(tree(&out) == complete);
}

/// A kill at each rename of the swap, made deterministic with strace's fault injection
/// (`inject=…:signal=SIGKILL:when=N` kills the build on entry to its N-th rename).
#[cfg(target_os = "linux")]
#[test]
fn a_kill_during_the_swap_leaves_the_previous_output() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("strace is not installed: skipped");
        return;
    }
    let site = TempSite::new();
    site.write(X, GOOD_NL);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("out");
    assert!(build_into(site.root(), &out).status().unwrap().success());
    let complete = tree(&out);
    for when in 1..=3 {
        let renames = "rename,renameat,renameat2";
        let status = Command::new("strace")
            .args([
                "-f",
                "-qq",
                "-o",
                "/dev/null",
                "-e",
                &format!("trace={renames}"),
                "-e",
                &format!("inject={renames}:signal=SIGKILL:when={when}"),
            ])
            .arg(env!("CARGO_BIN_EXE_diptych"))
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--output")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        let now = tree(&out);
        assert!(
            now == complete,
            "killed at rename {when} (exit {status}): {} of {} files left in the output folder",
            now.len(),
            complete.len()
        );
    }
}

#[test]
fn killed_builds_leave_no_debris_after_the_next_build() {
    let site = medium_site(100);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("out");
    let started = Instant::now();
    assert!(build_into(site.root(), &out).status().unwrap().success());
    let typical = started.elapsed();
    for f in [0.5, 0.8, 0.95] {
        let mut child = build_into(site.root(), &out).spawn().unwrap();
        std::thread::sleep(typical.mul_f64(f));
        child.kill().unwrap();
        child.wait().unwrap();
    }
    assert!(build_into(site.root(), &out).status().unwrap().success());
    let mut names: Vec<String> =
        std::fs::read_dir(parent.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    // The output, and the one it replaced, kept for the next build to write over.
    assert_eq!(names, [".diptych-spare-out", "out"], "left beside the output");
}

#[test]
fn with_no_spare_a_build_keeps_nothing_beside_the_output_and_removes_an_old_spare() {
    let site = crate::support::fixture("minimal");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("out");
    let names = || {
        let mut n: Vec<String> =
            std::fs::read_dir(parent.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        n.sort();
        n
    };
    for _ in 0..2 {
        assert!(build_into(&site, &out).status().unwrap().success());
    }
    assert_eq!(names(), [".diptych-spare-out", "out"]);
    let first = tree(&out);
    for _ in 0..2 {
        assert!(build_into(&site, &out).arg("--no-spare").status().unwrap().success());
        assert_eq!(names(), ["out"], "nothing beside the output");
        assert!(tree(&out) == first, "the same output");
    }
}

/// Whether this process can write into a folder it made read-only (root can).
#[cfg(unix)]
fn chmod_protects() -> bool {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let ro = d.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let protects = std::fs::write(ro.join("probe"), "x").is_err();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    protects
}

#[cfg(unix)]
#[test]
fn an_unwritable_output_gives_a_clear_error_and_exit_code_2() {
    use std::os::unix::fs::PermissionsExt;
    let site = TempSite::new();
    site.write(X, GOOD_NL);
    let d = tempfile::tempdir().unwrap();
    // Under a regular file: unwritable for everyone, root included.
    std::fs::write(d.path().join("somefile"), "x").unwrap();
    let mut targets = vec![d.path().join("somefile/out")];
    if chmod_protects() {
        let ro = d.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        targets.push(ro.join("out"));
    } else {
        eprintln!("running as root: chmod 555 does not stop writes, only the file case is tested");
    }
    for target in targets {
        let mut cmd = bin();
        cmd.args(["build", "--root"]).arg(site.root()).arg("--output").arg(&target);
        let run = run_with_timeout(cmd, 60);
        assert_eq!(run.code, Some(2), "{}: {}", target.display(), run.stderr);
        assert!(run.stderr.contains(&format!("error: cannot write {}", target.display())), "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(d.path().join("somefile")).unwrap(), "x");
    let _ = std::fs::set_permissions(d.path().join("ro"), std::fs::Permissions::from_mode(0o755));
}

/// A disk that fills up during a build (simulated with a file-size limit on the
/// process: a write past half the largest file fails, as writes on a full disk do): a clear
/// error, exit code 2, the previous output unchanged, no temporary folder left.
#[cfg(target_os = "linux")]
#[test]
fn a_disk_that_fills_up_mid_build_leaves_the_previous_output() {
    use std::os::unix::process::CommandExt;
    let site = crate::support::fixture("minimal");
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let mut cmd = bin();
    cmd.args(["build", "--root"]).arg(&site).arg("--output").arg(&out);
    assert_eq!(run_with_timeout(cmd, 60).code, Some(0));
    let before = tree(&out);
    // Half the largest file: some writes succeed, then one fails.
    let limit = (before.values().map(Vec::len).max().unwrap() / 2) as libc::rlim_t;
    assert!(limit > 1024, "the site's files are too small for this test");
    let mut cmd = bin();
    cmd.args(["build", "--root"]).arg(&site).arg("--output").arg(&out);
    // SAFETY: between fork and exec only async-signal-safe calls (signal, setrlimit).
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit { rlim_cur: limit, rlim_max: limit };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let run = run_with_timeout(cmd, 60);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("error: cannot write {}", out.display())), "{}", run.stderr);
    assert!(run.stderr.contains("previous output is left as it was"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(tree(&out) == before, "the previous output changed");
    // The half-written folder is kept as the spare, which the next build writes over.
    let leftovers: Vec<_> =
        std::fs::read_dir(d.path()).unwrap().flatten().map(|e| e.file_name()).filter(|n| n != "out" && n != ".diptych-spare-out").collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");
    let mut cmd = bin();
    cmd.args(["build", "--root"]).arg(&site).arg("--output").arg(&out);
    assert_eq!(run_with_timeout(cmd, 60).code, Some(0));
    assert!(tree(&out) == before, "a build over the half-written spare gives the same output");
}
