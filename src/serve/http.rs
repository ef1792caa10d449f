//! The preview's HTTP side: files of the site from memory, a 404 page from the theme,
//! the reload script, and the event stream. Only paths of the built site can be
//! answered: a request is looked up in the map of output files, so `..` or an encoded
//! variant of it can never reach the file system.

use super::Shared;
use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc;

const RELOAD_JS: &str = include_str!("reload.js");
pub const EVENTS: &str = "/__diptych/events";
pub const SCRIPT: &str = "/__diptych/reload.js";
/// The policy the site is deployed with (README, "Headers to deploy with"): the preview
/// sends it too, so a theme change that needs an inline script or an outside file fails
/// here first. The reload script and its overlay keep to it.
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn header(k: &str, v: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("valid header")
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The output path a URL asks for, or `None` for anything that is not a plain path of
/// the site (`..`, `.`, backslashes, NUL, bad escapes).
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let rel = decoded.strip_prefix('/')?;
    if rel.contains(['\\', '\0']) || rel.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    if rel.is_empty() || rel.ends_with('/') { Some(format!("{rel}index.html")) } else { Some(rel.to_string()) }
}

/// Adds the reload script to an HTML page.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT}\" defer></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</head>") {
        Some(i) => format!("{}{tag}\n{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// Streams server-sent events on the raw connection, flushing each one (a chunked
/// response would sit in buffers), until the page goes away or the server stops.
fn event_stream(mut out: Box<dyn Write + Send>, rx: mpsc::Receiver<String>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if out.write_all(head.as_bytes()).and_then(|_| out.flush()).is_err() {
        return;
    }
    loop {
        // A comment every 15 s keeps the connection alive and notices closed pages.
        let msg = match rx.recv_timeout(std::time::Duration::from_secs(15)) {
            Ok(msg) => msg,
            Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if out.write_all(msg.as_bytes()).and_then(|_| out.flush()).is_err() {
            return;
        }
    }
}

/// A response with the headers every answer carries.
fn send<R: std::io::Read>(request: tiny_http::Request, response: tiny_http::Response<R>) {
    let response = response
        .with_header(header("Content-Security-Policy", CSP))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

fn respond(shared: &Shared, request: tiny_http::Request) {
    let url = request.url().to_string();
    if request.method() != &tiny_http::Method::Get && request.method() != &tiny_http::Method::Head {
        send(request, tiny_http::Response::from_string("method not allowed\n").with_status_code(405));
        return;
    }
    if url.split('?').next() == Some(EVENTS) {
        let (tx, rx) = mpsc::channel();
        // A page that connects while the content is broken sees the error at once.
        if let Some(errors) = &shared.published.lock().expect("lock").errors {
            let _ = tx.send(format!("event: error-report\ndata: {}\n\n", serde_json::to_string(&errors.plain).expect("json")));
        }
        let _ = tx.send(": connected\n\n".to_string());
        shared.listeners.lock().expect("lock").push(tx);
        event_stream(request.into_writer(), rx);
        return;
    }
    if url.split('?').next() == Some(SCRIPT) {
        send(request, tiny_http::Response::from_string(RELOAD_JS).with_header(header("Content-Type", "text/javascript; charset=utf-8")));
        return;
    }
    let (files, base_path) = {
        let p = shared.published.lock().expect("lock");
        (Arc::clone(&p.files), p.base_path.clone())
    };
    let found = site_path(&url).and_then(|p| files.get(&p).map(|b| (p, b.unpack())));
    match found {
        Some((path, bytes)) => {
            let body = if path.ends_with(".html") { inject(&bytes) } else { bytes };
            send(request, tiny_http::Response::from_data(body).with_header(header("Content-Type", content_type(&path))));
        }
        None => {
            // A folder asked for without its slash: relative links need the slash.
            if let Some(p) = site_path(&url).filter(|p| !p.ends_with(".html") && files.contains_key(&format!("{p}/index.html"))) {
                let location = format!("/{p}/");
                send(request, tiny_http::Response::empty(301).with_header(header("Location", &location)));
                return;
            }
            let body = files
                .get("404.html")
                .map(|b| {
                    // Its links start at the published site's path; here the site is at `/`.
                    let b = b.unpack();
                    let page = String::from_utf8_lossy(&b);
                    let page = if base_path.len() > 1 { page.replace(&format!("=\"{base_path}"), "=\"/") } else { page.into_owned() };
                    inject(page.as_bytes())
                })
                .unwrap_or_else(|| b"not found\n".to_vec());
            send(
                request,
                tiny_http::Response::from_data(body).with_status_code(404).with_header(header("Content-Type", "text/html; charset=utf-8")),
            );
        }
    }
}

/// Answers requests until the server is unblocked (Ctrl-C).
pub fn serve(server: &tiny_http::Server, shared: &Arc<Shared>) {
    for request in server.incoming_requests() {
        let shared = Arc::clone(shared);
        std::thread::spawn(move || respond(&shared, request));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_site_paths() {
        assert_eq!(site_path("/"), Some("index.html".into()));
        assert_eq!(site_path("/nl/declarations/x/?q=1"), Some("nl/declarations/x/index.html".into()));
        assert_eq!(site_path("/static/style.css"), Some("static/style.css".into()));
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/..%2fCargo.toml",
            "/static/..%2f..%2fsite.yaml",
            "/a/./b",
            "/%2",
            "/a\\..\\b",
            "/%00",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn injects_before_head_end() {
        let out = String::from_utf8(inject(b"<html><head><title>x</title></head><body></body></html>")).unwrap();
        assert!(out.contains("<script src=\"/__diptych/reload.js\" defer></script>\n</head>"));
    }
}
