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

fn copy_into(from: &Path, root: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = root.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn start() -> Server {
    start_with(|root| copy_into(&fixture("minimal"), root))
}

/// A server on a site that `fill` writes into the (empty) root folder.
fn start_with(fill: impl FnOnce(&Path)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    fill(&root);
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
            } else if let Some(d) = line.strip_prefix("data: ")
                && tx.send((name.clone(), d.to_string())).is_err()
            {
                return;
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

// ---------------------------------------------------------------------------
// Stress: many saves, many clients, clients that go away.

/// The tag the server adds to every HTML page, exactly as it adds it.
const TAG: &str = "<script src=\"/__diptych/reload.js\" defer></script>";

/// An HTML page as the preview serves it: `build` output with the reload tag before the
/// last `</head>` (or at the end of a page without one).
fn with_tag(html: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(html).expect("HTML is UTF-8");
    match text.rfind("</head>") {
        Some(i) => format!("{}{TAG}\n{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{TAG}").into_bytes(),
    }
}

struct Reply {
    status: u16,
    body: Vec<u8>,
}

fn encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A connection to the server. A connect refused with EAGAIN (seen when the whole test
/// suite opens thousands of loopback connections at once) is tried again, as a browser
/// would; any other failure counts.
fn connect(port: u16) -> std::io::Result<TcpStream> {
    let mut tries = 0;
    loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock && tries < 20 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// A GET with the body decoded (tiny_http sends large bodies chunked).
fn fetch(port: u16, path: &str) -> std::io::Result<Reply> {
    let mut s = connect(port)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let mut body = raw[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let eol = rest.windows(2).position(|w| w == b"\r\n").ok_or_else(|| std::io::Error::other("bad chunk"))?;
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..eol]).unwrap_or("").split(';').next().unwrap().trim(), 16)
                .map_err(|_| std::io::Error::other("bad chunk size"))?;
            rest = &rest[eol + 2..];
            if size == 0 {
                break;
            }
            if rest.len() < size + 2 {
                return Err(std::io::Error::other("truncated chunk"));
            }
            out.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body = out;
    } else if let Some(len) =
        head.split("content-length:").nth(1).and_then(|v| v.lines().next()).and_then(|v| v.trim().parse::<usize>().ok())
        && body.len() != len
    {
        return Err(std::io::Error::other(format!("body of {} bytes, Content-Length {len}", body.len())));
    }
    Ok(Reply { status, body })
}

/// Runs `diptych build` on `root` into `out`.
fn full_build(root: &Path, out: &Path) {
    let o = bin().args(["build", "--root"]).arg(root).arg("--output").arg(out).output().unwrap();
    assert!(o.status.success(), "diptych build failed:\n{}", String::from_utf8_lossy(&o.stderr));
}

/// Every file of a build folder, by site path.
fn tree(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// What the server answers for each file of the build, differences listed.
fn differences(port: u16, built: &std::collections::BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut bad = Vec::new();
    for (path, bytes) in built {
        let want = if path.ends_with(".html") { with_tag(bytes) } else { bytes.clone() };
        match fetch(port, &format!("/{}", encode(path))) {
            Ok(r) if r.status == 200 && r.body == want => {}
            Ok(r) => bad.push(format!("{path}: status {}, {} bytes served, {} expected", r.status, r.body.len(), want.len())),
            Err(e) => bad.push(format!("{path}: {e}")),
        }
    }
    bad
}

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const ALPHA_NL: &str = "content/declarations/2021-03-04-alpha.nl.md";
const ALPHA_EN: &str = "content/declarations/2021-03-04-alpha.en.md";
const GAMMA_NL: &str = "content/declarations/2022-07-08-gamma.nl.md";
const GAMMA: &str = "---\ntitle: Verklaring Gamma\ndate: 2022-07-08\nkind: letter\nparties: [nl]\noriginal: nl\ntranslation: original\n---\n\n1. Gamma noemt xjgammawoord. {§1 #trade @nl}\n";
/// Words with two-letter starts the site has nowhere else: each has its own form shard.
const WORDS: [&str; 8] = ["qxalfa", "qzbravo", "xqcharlie", "zxdelta", "jqecho", "vqfoxtrot", "wqgolf", "qjhotel"];

#[derive(Clone, Copy, PartialEq)]
enum Broken {
    No,
    Yaml,
    Theme,
}

fn alpha_nl(original: &str, words: &[&str], broken: Broken) -> String {
    let mut text = original.replacen("werken samen aan waterstof", &format!("werken samen aan waterstof {}", words.join(" ")), 1);
    match broken {
        Broken::No => {}
        Broken::Yaml => text = text.replacen("title: Verklaring Alfa over energie", "title: [Verklaring Alfa over energie", 1),
        Broken::Theme => text = text.replacen("{§1 #hydrogen @be @nl}", "{§1 #enrgy @be @nl}", 1),
    }
    text
}

#[test]
fn a_thousand_rapid_saves_end_in_exactly_what_a_full_build_writes() {
    let started = Instant::now();
    let srv = start();
    let root = srv.root.clone();
    let original = std::fs::read_to_string(root.join(ALPHA_NL)).unwrap();
    let original_en = std::fs::read_to_string(root.join(ALPHA_EN)).unwrap();
    let rx = events(srv.port);

    // Every path any state of the run can have: the site with all words and Gamma.
    let union = tempfile::tempdir().unwrap();
    copy_into(&root, union.path());
    std::fs::write(union.path().join(ALPHA_NL), alpha_nl(&original, &WORDS, Broken::No)).unwrap();
    std::fs::write(union.path().join(GAMMA_NL), GAMMA).unwrap();
    let union_out = tempfile::tempdir().unwrap();
    full_build(union.path(), &union_out.path().join("out"));
    let union_paths: Vec<String> = tree(&union_out.path().join("out")).into_keys().collect();

    let seed = 0x5eed_d1b7_c4u64;
    let mut rng = Rng(seed);
    let mut words: Vec<&str> = Vec::new();
    let write = |rel: &str, text: &str| std::fs::write(root.join(rel), text).unwrap();
    for i in 0..1000 {
        match rng.below(10) {
            // Good edits of the paragraph, written in place or renamed over the file.
            0..=3 => {
                words = WORDS.iter().copied().filter(|_| rng.below(2) == 0).collect();
                let text = alpha_nl(&original, &words, Broken::No);
                if i % 2 == 0 {
                    write(ALPHA_NL, &text);
                } else {
                    let tmp = root.join("content/declarations/.2021-03-04-alpha.nl.md.tmp");
                    std::fs::write(&tmp, &text).unwrap();
                    std::fs::rename(&tmp, root.join(ALPHA_NL)).unwrap();
                }
            }
            // A save in two writes, read half-way by a rebuild now and then.
            4 => {
                let text = alpha_nl(&original, &words, Broken::No);
                let mut f = std::fs::File::create(root.join(ALPHA_NL)).unwrap();
                f.write_all(&text.as_bytes()[..text.len() / 2]).unwrap();
                f.flush().unwrap();
                std::thread::sleep(Duration::from_millis(rng.below(3)));
                f.write_all(&text.as_bytes()[text.len() / 2..]).unwrap();
            }
            5 => write(ALPHA_NL, &alpha_nl(&original, &words, Broken::Yaml)),
            6 => write(ALPHA_NL, &alpha_nl(&original, &words, Broken::Theme)),
            // A declaration deleted and created again.
            7 => {
                let _ = std::fs::remove_file(root.join(GAMMA_NL));
            }
            8 => write(GAMMA_NL, GAMMA),
            // A translation deleted and created again.
            _ => {
                if rng.below(2) == 0 {
                    let _ = std::fs::remove_file(root.join(ALPHA_EN));
                } else {
                    write(ALPHA_EN, &original_en);
                }
            }
        }
        // Mostly rapid; now and then a pause long enough for a rebuild to start.
        std::thread::sleep(Duration::from_millis(if rng.below(10) == 0 { 30 + rng.below(40) } else { rng.below(3) }));
    }
    // The last state is good: some words, Gamma gone, the English text back.
    let last: Vec<&str> = vec![WORDS[1], WORDS[4]];
    write(ALPHA_EN, &original_en);
    let _ = std::fs::remove_file(root.join(GAMMA_NL));
    write(ALPHA_NL, &alpha_nl(&original, &last, Broken::No));
    let saves_done = started.elapsed();

    let out = tempfile::tempdir().unwrap();
    full_build(&root, &out.path().join("out"));
    let built = tree(&out.path().join("out"));
    assert!(built.len() > 30, "the build wrote {} files", built.len());
    // The server settles on the final content; compare the whole tree until it matches.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut bad;
    loop {
        bad = differences(srv.port, &built);
        if bad.is_empty() || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    assert!(bad.is_empty(), "after 1,000 saves (seed {seed:#x}), the server differs from a full build:\n  {}", bad.join("\n  "));
    // Nothing lingers from earlier states (Gamma's pages; with one declaration fewer, the
    // excerpt chunks of the last declaration number).
    let gone: Vec<&String> = union_paths.iter().filter(|p| !built.contains_key(*p)).collect();
    assert!(gone.iter().any(|p| p.as_str() == "nl/declarations/2022-07-08-gamma/index.html"), "{gone:?}");
    assert!(gone.iter().any(|p| p.starts_with("search/d/")), "{gone:?}");
    for p in &gone {
        let r = fetch(srv.port, &format!("/{}", encode(p))).unwrap();
        assert_eq!(r.status, 404, "{p} is no longer part of the site but is still served");
    }
    let mut srv = srv;
    assert!(srv.child.try_wait().unwrap().is_none(), "the server is still running");
    // The run went through broken and good states, as the browser saw them.
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    while let Ok((name, _)) = rx.try_recv() {
        *seen.entry(name).or_default() += 1;
    }
    assert!(seen.get("reload").copied().unwrap_or(0) >= 5, "reloads: {seen:?}");
    assert!(seen.get("error-report").copied().unwrap_or(0) >= 1, "error reports: {seen:?}");
    eprintln!(
        "1,000 saves in {:.1} s, settled and compared {} files in {:.1} s; events {seen:?}",
        saves_done.as_secs_f64(),
        built.len(),
        started.elapsed().as_secs_f64() - saves_done.as_secs_f64()
    );
}

/// Threads of a running process (Linux), to see that finished connections end theirs.
fn threads(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc is readable (Linux)");
    status.lines().find_map(|l| l.strip_prefix("Threads:")).and_then(|n| n.trim().parse().ok()).expect("Threads: line")
}

/// Opens an event stream and sends `reload` events' data on the channel from a thread.
fn stream_reloads(port: u16, tx: mpsc::Sender<Result<String, String>>, start: std::sync::Arc<std::sync::Barrier>) {
    std::thread::spawn(move || {
        start.wait();
        let result = (|| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
            s.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
            write!(s, "GET /__diptych/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").map_err(|e| e.to_string())?;
            let mut reader = BufReader::new(s);
            let mut line = String::new();
            let mut reloading = false;
            loop {
                line.clear();
                if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
                    return Err("stream closed".to_string());
                }
                if line.starts_with(": connected") {
                    let _ = tx.send(Ok("connected".to_string()));
                }
                if line.trim_end() == "event: reload" {
                    reloading = true;
                } else if let Some(data) = line.strip_prefix("data: ").filter(|_| reloading) {
                    return Ok(data.trim_end().to_string());
                }
            }
        })();
        let _ = tx.send(result);
    });
}

#[test]
fn two_hundred_clients_at_once_get_the_right_pages_and_their_reloads() {
    let srv = start();
    let out = tempfile::tempdir().unwrap();
    full_build(&srv.root, &out.path().join("out"));
    let built = tree(&out.path().join("out"));
    let paths: Vec<String> = [
        "index.html",
        "nl/index.html",
        "en/index.html",
        "nl/declarations/2021-03-04-alpha/index.html",
        "search/meta.js",
        "static/style.css",
    ]
    .iter()
    .map(|p| p.to_string())
    .chain(built.keys().filter(|p| p.ends_with(".html")).take(20).cloned())
    .collect();
    let expected: std::sync::Arc<std::collections::BTreeMap<String, Vec<u8>>> = std::sync::Arc::new(
        paths.iter().map(|p| (p.clone(), if p.ends_with(".html") { with_tag(&built[p]) } else { built[p].clone() })).collect(),
    );

    const FETCHERS: usize = 150;
    const STREAMS: usize = 50;
    let start = std::sync::Arc::new(std::sync::Barrier::new(FETCHERS + STREAMS + 1));
    let (stream_tx, stream_rx) = mpsc::channel();
    for _ in 0..STREAMS {
        stream_reloads(srv.port, stream_tx.clone(), start.clone());
    }
    let mut fetchers = Vec::new();
    for n in 0..FETCHERS {
        let (start, expected, paths, port) = (start.clone(), expected.clone(), paths.clone(), srv.port);
        fetchers.push(std::thread::spawn(move || {
            start.wait();
            let mut wrong = Vec::new();
            for k in 0..4 {
                let p = &paths[(n * 7 + k * 3) % paths.len()];
                match fetch(port, &format!("/{p}")) {
                    Ok(r) if r.status == 200 && r.body == expected[p] => {}
                    Ok(r) => wrong.push(format!("{p}: status {}, {} bytes", r.status, r.body.len())),
                    Err(e) => wrong.push(format!("{p}: {e}")),
                }
            }
            wrong
        }));
    }
    let t0 = Instant::now();
    start.wait();
    // While all of that runs, the server still answers promptly.
    let mut slowest = Duration::ZERO;
    for _ in 0..10 {
        let t = Instant::now();
        let r = fetch(srv.port, "/static/style.css").expect("the server answers under load");
        assert_eq!(r.status, 200);
        slowest = slowest.max(t.elapsed());
    }
    let wrong: Vec<String> = fetchers.into_iter().flat_map(|f| f.join().expect("fetcher panicked")).collect();
    assert!(wrong.is_empty(), "{} wrong answers of {}:\n  {}", wrong.len(), FETCHERS * 4, wrong.join("\n  "));
    let fetched_in = t0.elapsed();
    assert!(slowest < Duration::from_secs(5), "a request under load took {slowest:?}");

    // Every stream is open; one edit reaches all of them.
    for _ in 0..STREAMS {
        match stream_rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Ok(c)) if c == "connected" => {}
            other => panic!("an event stream did not open: {other:?}"),
        }
    }
    std::thread::sleep(Duration::from_millis(100));
    edit(&srv.root, "werken samen aan waterstof", "werken met zijn tweehonderd samen aan waterstof");
    for _ in 0..STREAMS {
        match stream_rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Ok(data)) => assert!(data.contains("nl/declarations/2021-03-04-alpha/index.html"), "{data}"),
            other => panic!("an event stream got no reload: {other:?}"),
        }
    }
    assert!(fetch(srv.port, PAGE).unwrap().body.windows(9).any(|w| w == b"tweehonde"));
    eprintln!("{} requests from {FETCHERS} clients (and {STREAMS} streams) in {fetched_in:?}; slowest probe {slowest:?}", FETCHERS * 4);
}

#[test]
fn clients_that_go_away_mid_stream_leave_the_others_served() {
    // A declaration large enough that its page is still being sent when the client leaves.
    let srv = start_with(|root| {
        copy_into(&fixture("minimal"), root);
        let mut text = String::from(
            "---\ntitle: Verklaring Groot\ndate: 2022-09-10\nkind: letter\nparties: [nl]\noriginal: nl\ntranslation: original\n---\n\n",
        );
        for n in 1..=3000 {
            text.push_str(&format!(
                "{n}. Paragraaf {n} van een lange verklaring over handel en energie tussen de partijen. {{§{n} #trade @nl}}\n\n"
            ));
        }
        std::fs::write(root.join("content/declarations/2022-09-10-groot.nl.md"), text).unwrap();
    });
    const BIG: &str = "/nl/declarations/2022-09-10-groot/";
    let whole = fetch(srv.port, BIG).unwrap();
    assert_eq!(whole.status, 200);
    assert!(whole.body.len() > 1_000_000, "the large page has {} bytes", whole.body.len());
    let keeper = events(srv.port);
    let pid = srv.child.id();
    let before = threads(pid);

    // Event streams dropped after they opened, and before reading anything.
    for n in 0..40 {
        let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
        write!(s, "GET /__diptych/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        if n % 2 == 0 {
            let mut reader = BufReader::new(s.try_clone().unwrap());
            let mut line = String::new();
            while !line.starts_with(": connected") {
                line.clear();
                assert!(reader.read_line(&mut line).unwrap() > 0, "stream closed before `connected`");
            }
        }
        drop(s);
    }
    // The large page abandoned after its first bytes; requests cut off half-way.
    for _ in 0..20 {
        let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
        write!(s, "GET {BIG} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut first = [0u8; 4096];
        s.read_exact(&mut first).unwrap();
        drop(s);
    }
    for _ in 0..10 {
        let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
        s.write_all(b"GET /nl/ HTTP/1.1\r\nHo").unwrap();
        drop(s);
    }

    // The remaining client still gets every reload, and pages are still right.
    for (i, word) in ["eerste", "tweede", "derde"].iter().enumerate() {
        let from = if i == 0 { "werken samen".to_string() } else { format!("werken {} samen", ["eerste", "tweede"][i - 1]) };
        edit(&srv.root, &from, &format!("werken {word} samen"));
        let data = wait_for(&keeper, "reload");
        assert!(data.contains("nl/declarations/2021-03-04-alpha/index.html"), "{data}");
        let (status, body) = get(srv.port, PAGE);
        assert_eq!(status, 200);
        assert!(body.contains(&format!("werken {word} samen")), "edit {word} is served");
    }
    let again = fetch(srv.port, BIG).unwrap();
    assert_eq!((again.status, again.body.len()), (200, whole.body.len()), "the large page in full");
    assert!(srv.child.id() == pid);

    // The abandoned connections' threads end (dead streams at the next event).
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut now = threads(pid);
    while now > before + 4 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        now = threads(pid);
    }
    assert!(now <= before + 4, "threads: {before} before the abandoned clients, {now} after");
}
