//! `diptych serve` as a browser sees it: a real server on a free port, raw HTTP over
//! TCP (so that no client library tidies up the paths we send), and the event stream.

use crate::support::{bin, fixture};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    root: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for entry in walkdir::WalkDir::new(fixture("minimal")) {
        let entry = entry.unwrap();
        let target = root.join(entry.path().strip_prefix(fixture("minimal")).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let mut child = bin().args(["serve", "--port", "0", "--root"]).arg(&root).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server { child, port, root, _dir: dir }
}

/// (status, body) of a GET sent exactly as written.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Events (name, data) from the stream, delivered on a channel.
fn events(port: u16) -> mpsc::Receiver<(String, String)> {
    let (tx, rx) = mpsc::channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /__diptych/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    std::thread::spawn(move || {
        let mut name = String::new();
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { return };
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                if tx.send((name.clone(), d.to_string())).is_err() {
                    return;
                }
            }
        }
    });
    // Let the stream register before anything changes.
    std::thread::sleep(Duration::from_millis(200));
    rx
}

fn wait_for(rx: &mpsc::Receiver<(String, String)>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((n, d)) if n == name => return d,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no `{name}` event within 10 s");
}

fn edit(root: &Path, from: &str, to: &str) {
    let p = root.join("content/declarations/2021-03-04-alpha.nl.md");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from));
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

const PAGE: &str = "/nl/declarations/2021-03-04-alpha/";

#[test]
fn an_edit_sends_a_reload_and_the_new_text() {
    let srv = start();
    let (status, body) = get(srv.port, PAGE);
    assert_eq!(status, 200);
    assert!(body.contains("<script src=\"/__diptych/reload.js\" defer></script>"), "reload script injected");
    let rx = events(srv.port);
    edit(&srv.root, "werken samen aan waterstof", "werken innig samen aan waterstof");
    let data = wait_for(&rx, "reload");
    assert!(data.contains("nl/declarations/2021-03-04-alpha/index.html"), "{data}");
    assert!(get(srv.port, PAGE).1.contains("werken innig samen aan waterstof"));
    // The script is the server's: a build never contains it.
    let (_, js) = get(srv.port, "/__diptych/reload.js");
    assert!(js.contains("EventSource"));
}

#[test]
fn a_broken_edit_reports_the_error_and_keeps_the_old_page_until_fixed() {
    let srv = start();
    let rx = events(srv.port);
    edit(&srv.root, "{§1 #hydrogen @be @nl}", "{§1 #hydrogn @be @nl}");
    let data = wait_for(&rx, "error-report");
    assert!(data.contains("content/declarations/2021-03-04-alpha.nl.md:18:56: error: unknown theme `#hydrogn`"), "{data}");
    assert!(data.contains("did you mean `#hydrogen`?"));
    let (status, body) = get(srv.port, PAGE);
    assert_eq!(status, 200, "the last good site is still served");
    assert!(body.contains("href=\"../../themes/hydrogen/index.html\""));
    // A page opened while the content is broken sees the error at once.
    let late = events(srv.port);
    assert!(wait_for(&late, "error-report").contains("#hydrogn"));
    edit(&srv.root, "#hydrogn", "#hydrogen");
    wait_for(&rx, "reload");
}

#[test]
fn a_burst_of_200_file_changes_ends_in_the_right_site() {
    let srv = start();
    let rx = events(srv.port);
    for i in 0..200 {
        let text = crate::support::GOOD_NL.replace("Tekst.", &format!("Tekst nummer {i}."));
        std::fs::write(srv.root.join(format!("content/declarations/2021-01-01-burst-{i:03}.nl.md")), text).unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, body) = get(srv.port, "/nl/declarations/2021-01-01-burst-199/");
        if status == 200 && body.contains("Tekst nummer 199.") {
            break;
        }
        assert!(Instant::now() < deadline, "the last file of the burst never appeared (status {status})");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(get(srv.port, "/nl/declarations/2021-01-01-burst-000/").0, 200);
    wait_for(&rx, "reload");
}

#[test]
fn traversal_attempts_are_answered_404_with_the_theme_page() {
    let srv = start();
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/..%2fsite.yaml",
        "/static/..%2f..%2fsite.yaml",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/nl/../../site.yaml",
        "/content/declarations/2021-03-04-alpha.nl.md",
    ] {
        let (status, body) = get(srv.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("title:"), "{path} leaked a source file");
    }
    let (status, body) = get(srv.port, "/no/such/page.html");
    assert_eq!(status, 404);
    assert!(body.contains("<h1>Pagina niet gevonden</h1>"), "the theme's 404 page");
    // Content types.
    let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    write!(s, "GET /static/style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut head = String::new();
    s.read_to_string(&mut head).unwrap();
    assert!(head.to_ascii_lowercase().contains("content-type: text/css"), "{}", &head[..200.min(head.len())]);
}
