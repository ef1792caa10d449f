//! Archival snapshots: reproducible bytes, a verify that names what changed, and an
//! independent BagIt validator (the Library of Congress `bagit` package).

use crate::support::{bin, fixture};
use std::path::{Path, PathBuf};

/// A copy of the minimal fixture outside any git work tree, so the snapshot date
/// comes from the content (its newest declaration).
fn site_copy(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    for entry in walkdir::WalkDir::new(fixture("minimal")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(fixture("minimal")).unwrap();
        let target = root.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    root
}

fn snapshot(root: &Path, out: &Path, format: &str) -> String {
    let run = bin()
        .args(["snapshot", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--format", format])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stderr}");
    stderr
}

fn verify(path: &Path) -> (bool, String) {
    let run = bin().arg("verify").arg(path).output().unwrap();
    // The report on stdout; stderr only for a bag that cannot be read.
    assert!(run.stderr.is_empty() || run.status.code() == Some(2), "{}", String::from_utf8_lossy(&run.stderr));
    (run.status.success(), String::from_utf8_lossy(&run.stdout).into_owned())
}

#[test]
fn two_snapshots_at_different_times_and_places_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for format in ["zip", "tar"] {
        let (ra, rb) = (site_copy(&a.path().join(format)), site_copy(&b.path().join(format).join("deeper")));
        let (oa, ob) = (a.path().join(format!("bag.{format}")), b.path().join(format!("elsewhere/bag.{format}")));
        let said = snapshot(&ra, &oa, format);
        assert!(said.contains("snapshot of 2022-05-06"), "date from the newest declaration: {said}");
        std::thread::sleep(std::time::Duration::from_millis(1100));
        snapshot(&rb, &ob, format);
        assert!(std::fs::read(&oa).unwrap() == std::fs::read(&ob).unwrap(), "{format} archives differ");
        let (ok, msg) = verify(&oa);
        assert!(ok, "{msg}");
    }
}

#[test]
fn source_date_epoch_sets_the_date_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    let out = dir.path().join("bag");
    let run = bin()
        .args(["snapshot", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .args(["--format", "dir"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(run.status.success());
    let page = std::fs::read_to_string(out.join("data/site/nl/declarations/2021-03-04-alpha/index.html")).unwrap();
    assert!(page.contains("Bevroren momentopname van</span> <time datetime=\"2023-11-14\">14 november 2023</time>"), "{page}");
    assert!(page.contains("href=\"https://example.gov/decl/nl/declarations/2021-03-04-alpha/\" rel=\"external\""));
    let info = std::fs::read_to_string(out.join("bag-info.txt")).unwrap();
    assert!(info.contains("Bagging-Date: 2023-11-14\n"), "{info}");
    assert!(info.contains("Source-Organization: Testverklaringen\n"));
    assert!(info.contains("External-Identifier: https://example.gov/decl/\n"));
    assert!(info.contains("Payload-Oxum: "));
    for source in [
        "data/source/site.yaml",
        "data/source/content/declarations/2021-03-04-alpha.nl.md",
        "data/source/themes/default/templates/base.html",
    ] {
        assert!(out.join(source).exists(), "{source}");
    }
    // The ordinary build carries no notice.
    let plain = diptych::compile(&root);
    assert!(!crate::support::page(&plain, "nl/index.html").contains("snapshot-notice"));
}

#[test]
fn verify_names_each_changed_missing_and_added_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    let bag = dir.path().join("bag");
    snapshot(&root, &bag, "dir");
    assert!(verify(&bag).0);
    let page = bag.join("data/site/nl/index.html");
    let mut html = std::fs::read_to_string(&page).unwrap();
    html = html.replacen('e', "E", 1);
    std::fs::write(&page, html).unwrap();
    std::fs::remove_file(bag.join("data/site/en/themes/index.html")).unwrap();
    std::fs::write(bag.join("data/site/extra.html"), "x").unwrap();
    let (ok, msg) = verify(&bag);
    assert!(!ok);
    assert!(msg.contains("altered: data/site/nl/index.html"), "{msg}");
    assert!(msg.contains("missing: data/site/en/themes/index.html"), "{msg}");
    assert!(msg.contains("extra: data/site/extra.html"), "{msg}");
    assert!(msg.contains("Payload-Oxum"), "{msg}");
}

#[test]
fn verify_reads_archives_and_catches_a_changed_byte() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    let zip = dir.path().join("bag.tar");
    snapshot(&root, &zip, "tar");
    let mut bytes = std::fs::read(&zip).unwrap();
    // Change one character of a page inside the (uncompressed) tar.
    let at = bytes.windows(15).position(|w| w == b"Verklaring Alfa").expect("page text in the tar");
    bytes[at] = b't';
    std::fs::write(&zip, bytes).unwrap();
    let (ok, msg) = verify(&zip);
    assert!(!ok);
    assert!(msg.contains("altered: data/site/"), "{msg}");
}

#[test]
fn verify_calls_a_damaged_archive_an_invalid_bag_and_names_where() {
    // A byte of a compressed zip entry, or the end of either archive cut off: exit 1
    // (the bag is not valid), not 2 (the system failed), with the entry named.
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    let run = |path: &Path| {
        let out = bin().arg("verify").arg(path).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let zip = dir.path().join("bag.zip");
    snapshot(&root, &zip, "zip");
    let bytes = std::fs::read(&zip).unwrap();
    // The middle of the first page's compressed bytes: after its local header and name.
    let name = b"data/site/nl/index.html";
    let at = bytes.windows(name.len()).position(|w| w == name).expect("the page's entry") + name.len() + 200;
    let mut flipped = bytes.clone();
    flipped[at] ^= 0xff;
    std::fs::write(&zip, &flipped).unwrap();
    let (code, out, err) = run(&zip);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(out.contains("damaged archive: ") && out.contains("data/site/nl/index.html"), "{out}");
    std::fs::write(&zip, &bytes[..bytes.len() / 2]).unwrap();
    let (code, out, err) = run(&zip);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(out.contains("damaged archive: the zip archive"), "{out}");

    let tar = dir.path().join("bag.tar");
    snapshot(&root, &tar, "tar");
    let bytes = std::fs::read(&tar).unwrap();
    std::fs::write(&tar, &bytes[..bytes.len() / 2 + 7]).unwrap();
    let (code, out, err) = run(&tar);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(out.contains("damaged archive: the tar archive after "), "{out}");
}

#[test]
fn the_library_of_congress_validator_accepts_the_bag() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    let bag = dir.path().join("bag");
    snapshot(&root, &bag, "dir");
    let run = std::process::Command::new("python3").args(["-m", "bagit", "--validate"]).arg(&bag).output();
    let run = run.expect("python3 is needed for this test (the BagIt validator runs on it)");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        !stderr.contains("No module named bagit"),
        "the Library of Congress BagIt validator is not installed: run `python3 -m pip install bagit` (scripts/test.sh does)"
    );
    assert!(run.status.success(), "bagit.py rejected the bag:\n{stderr}");
    assert!(stderr.contains("is valid"), "{stderr}");
}

/// A small archive that expands to 768 MiB of zeros (a "zip bomb" of the mild kind)
/// is checked in constant memory: verify streams every file through SHA-256 instead of
/// holding it, names the problems, and the process stays far below the file's size.
#[cfg(unix)]
#[test]
fn verify_streams_an_archive_that_expands_far_beyond_its_size() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    zip.start_file("bag/bagit.txt", opts).unwrap();
    zip.write_all(b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n").unwrap();
    zip.start_file("bag/data/zeros.bin", opts).unwrap();
    let block = vec![0u8; 1 << 20];
    for _ in 0..768 {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap();
    let compressed = std::fs::metadata(&path).unwrap().len();
    assert!(compressed < 8 << 20, "the test archive should be small, is {compressed} bytes");

    // The child's own high-water mark (VmHWM only grows), read until it exits.
    let mut child =
        bin().arg("verify").arg(&path).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    while child.try_wait().unwrap().is_none() {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(kib) =
                status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let run = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(!run.status.success(), "a bag without manifest must fail: {stdout}{stderr}");
    let text = format!("{stdout}{stderr}");
    assert!(text.contains("missing tag file: manifest-sha256.txt"), "{text}");
    assert!(text.contains("1 payload file under data/ cannot be checked without manifest-sha256.txt"), "{text}");
    assert!(peak_kib > 0, "could not read the memory of verify from {status_file}");
    let peak_mib = peak_kib / 1024;
    assert!(peak_mib < 256, "verify peaked at {peak_mib} MiB for a 768 MiB file");
}

#[test]
fn an_archive_is_never_overwritten_by_another_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    for format in ["zip", "tar", "dir"] {
        let out = dir.path().join(format!("snap.{format}"));
        snapshot(&root, &out, format);
        let first = std::fs::metadata(&out).unwrap().modified().unwrap();
        // The same snapshot again: for an archive file, the same bytes, so that is fine.
        if format != "dir" {
            snapshot(&root, &out, format);
        }
        // Another text: the earlier archive stays as it was, and the run says why (exit 2).
        let file = root.join("content/declarations/2021-03-04-alpha.nl.md");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replacen("waterstof", "waterstof en wind", 1)).unwrap();
        let run = bin()
            .args(["snapshot", "--root"])
            .arg(&root)
            .arg("--out")
            .arg(&out)
            .args(["--format", format])
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{format}: {stderr}");
        assert!(stderr.contains("exists"), "{format}: {stderr}");
        assert_eq!(std::fs::metadata(&out).unwrap().modified().unwrap(), first, "{format}: the archive was rewritten");
        std::fs::write(&file, text).unwrap();
    }
    // Under its default name (the date): the run says where the date comes from and how
    // to date a snapshot of corrected texts by the day it is made.
    let run = || bin().args(["snapshot", "--root"]).arg(&root).env_remove("SOURCE_DATE_EPOCH").output().unwrap();
    assert!(run().status.success());
    let file = root.join("content/declarations/2021-03-04-alpha.nl.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("waterstof", "waterstof en wind", 1)).unwrap();
    let again = run();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("help: snapshots are named by their date") && stderr.contains("SOURCE_DATE_EPOCH=$(date +%s) diptych snapshot"),
        "{stderr}"
    );
}

#[test]
fn a_snapshot_of_a_site_with_pretty_urls_links_files_so_it_opens_from_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(root.join("site.yaml"), format!("{yaml}\npretty_urls: true\n")).unwrap();
    let out = dir.path().join("bag");
    snapshot(&root, &out, "dir");
    let page = std::fs::read_to_string(out.join("data/site/nl/declarations/2021-03-04-alpha/index.html")).unwrap();
    assert!(page.contains("href=\"../../themes/index.html\""), "links name their file in a snapshot");
    assert!(!page.contains("href=\"../../themes/\""));
    // Canonical addresses stay those of the live site, pretty.
    assert!(page.contains("<link rel=\"canonical\" href=\"https://"), "canonical");
    assert!(!page.contains("2021-03-04-alpha/index.html\">"), "the canonical address is the folder's");
    let search = std::fs::read_to_string(out.join("data/site/nl/search/index.html")).unwrap();
    assert!(search.contains("data-page=\"index.html\"") && search.contains("action=\"index.html\""), "search links files too");
    // The 404 page has no server to show it at any depth: its links are relative too.
    let not_found = std::fs::read_to_string(out.join("data/site/404.html")).unwrap();
    assert!(not_found.contains("href=\"static/style.css\"") && not_found.contains("href=\"nl/index.html\""), "{not_found}");
    assert!(!not_found.contains("href=\"/"), "no link from the server's root: {not_found}");
    // The first page an archivist opens says what it is.
    let first = std::fs::read_to_string(out.join("data/site/index.html")).unwrap();
    assert!(first.contains("class=\"snapshot-notice"), "{first}");
    // The live site's 404 page links from the server root.
    let live404 = crate::support::page(&diptych::compile(&root), "404.html");
    assert!(live404.contains("href=\"/"), "{live404}");
    // The live site itself keeps its pretty links.
    let c = diptych::compile(&root);
    let live = crate::support::page(&c, "nl/search/index.html");
    assert!(
        live.contains("data-page=\"./\"") && live.contains("action=\"./\"") && live.contains("href=\"./\" class=\"clear\""),
        "pretty search page"
    );
}

#[test]
fn verify_says_once_what_it_cannot_check_and_names_what_lies_outside_the_bag() {
    let dir = tempfile::tempdir().unwrap();
    let root = site_copy(dir.path());
    // No payload manifest: one problem, not one "extra" per file.
    let bag = dir.path().join("bag");
    snapshot(&root, &bag, "dir");
    std::fs::remove_file(bag.join("manifest-sha256.txt")).unwrap();
    let (ok, msg) = verify(&bag);
    assert!(!ok);
    assert!(msg.contains("missing tag file: manifest-sha256.txt"), "{msg}");
    assert!(msg.contains("payload files under data/ cannot be checked without manifest-sha256.txt"), "{msg}");
    assert!(!msg.contains("extra: "), "{msg}");
    // A file beside the bag's folder in a tar: named as such; the bag itself is fine.
    let tar = dir.path().join("bag.tar");
    snapshot(&root, &tar, "tar");
    let mut builder = tar::Builder::new(Vec::new());
    let mut archive = tar::Archive::new(std::fs::File::open(&tar).unwrap());
    for entry in archive.entries().unwrap() {
        let mut e = entry.unwrap();
        let mut header = e.header().clone();
        let path = e.path().unwrap().into_owned();
        builder.append_data(&mut header, path, &mut e).unwrap();
    }
    let mut header = tar::Header::new_ustar();
    header.set_size(5);
    header.set_mode(0o644);
    header.set_entry_type(tar::EntryType::Regular);
    builder.append_data(&mut header, "stray.txt", &b"stray"[..]).unwrap();
    let with_stray = dir.path().join("stray.tar");
    std::fs::write(&with_stray, builder.into_inner().unwrap()).unwrap();
    let (ok, msg) = verify(&with_stray);
    assert!(!ok);
    assert!(msg.contains("outside the bag: stray.txt"), "{msg}");
    assert!(!msg.contains("missing"), "the bag's own files are all there: {msg}");
}
