//! Live preview: `diptych serve`. Builds the site in memory ([`crate::session`]), serves
//! it over HTTP on loopback, watches `site.yaml`, `content/` and `themes/`, rebuilds what
//! an edit touches and tells open pages to reload (server-sent events). A broken edit
//! shows its `file:line:col` message as an overlay while the last good site stays
//! served. The reload script is added to HTML responses here, never to `build` output.
//!
//! Threads: one watches and rebuilds (it owns the session), one accepts HTTP requests
//! and hands each to a short-lived worker; they share only the published files and the
//! list of event listeners.

mod http;
mod watch;

use crate::session::{Errors, Session};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// What the HTTP side reads: the current files and the current error, if any.
#[derive(Default)]
pub struct Published {
    pub files: Arc<crate::session::Files>,
    pub errors: Option<Errors>,
    pub generation: u64,
    /// The path part of `base_url` (`/verklaringen/`): the 404 page links from it, the
    /// preview serves from `/`.
    pub base_path: String,
}

/// State shared between the watcher and the HTTP workers.
#[derive(Default)]
pub struct Shared {
    pub published: Mutex<Published>,
    /// Open event streams; a failed send drops the listener.
    pub listeners: Mutex<Vec<Sender<String>>>,
}

impl Shared {
    /// Sends one server-sent event to every open page.
    pub fn broadcast(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {data}\n\n");
        let mut listeners = self.listeners.lock().expect("listeners lock");
        listeners.retain(|tx| tx.send(message.clone()).is_ok());
    }
}

pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).expect("strings serialise")
}

/// A declaration renamed (its files saved under another slug): each page of the old slug
/// that is gone, to the same page of the new one, so that a page open on it follows.
/// Told from the paths a rebuild changed (`present`: whether one is still served): the
/// pages of exactly one slug went, and those of exactly one other slug changed or came.
fn moved(changed: &[String], present: impl Fn(&str) -> bool) -> std::collections::BTreeMap<String, String> {
    let slug_of = |p: &str| -> Option<String> {
        let mut parts = p.splitn(4, '/');
        let (_lang, folder, slug) = (parts.next()?, parts.next()?, parts.next()?);
        (folder == "declarations" && parts.next().is_some()).then(|| slug.to_string())
    };
    let mut gone = std::collections::BTreeSet::new();
    let mut came = std::collections::BTreeSet::new();
    for p in changed {
        if let Some(slug) = slug_of(p) {
            if present(p) {
                came.insert(slug)
            } else {
                gone.insert(slug)
            };
        }
    }
    let (Some(from), Some(to)) = (gone.first().filter(|_| gone.len() == 1), came.first().filter(|_| came.len() == 1)) else {
        return Default::default();
    };
    if from == to {
        return Default::default();
    }
    let prefix = |slug: &str| format!("/declarations/{slug}/");
    changed
        .iter()
        .filter(|p| !present(p) && p.contains(&prefix(from)))
        .map(|p| (p.clone(), p.replacen(&prefix(from), &prefix(to), 1)))
        .filter(|(_, new)| present(new))
        .collect()
}

/// Rebuilds, publishes and notifies; returns a line for the terminal.
/// `changed`: the paths the watcher reported, if it reported all of them.
fn rebuild(session: &mut Session, shared: &Shared, theme_changed: bool, changed: Option<&[PathBuf]>, first: bool) -> String {
    let started = Instant::now();
    let update = session.rebuild_after(theme_changed, changed);
    if let Some(errors) = update.errors {
        eprint!("{}", errors.terminal);
        let line = format!(
            "{} in the content: the last good site is still served",
            crate::commands::plural(errors.plain.len(), "error", "errors")
        );
        let data = json_list(&errors.plain);
        shared.published.lock().expect("lock").errors = Some(errors);
        shared.broadcast("error-report", &data);
        return line;
    }
    let changed = update.changed;
    let moved = moved(&changed, |p| session.files().contains_key(p));
    {
        let mut p = shared.published.lock().expect("lock");
        p.files = Arc::new(session.files().clone());
        p.errors = None;
        p.generation += 1;
        p.base_path = session.base_path();
    }
    let took = started.elapsed();
    if !first {
        shared.broadcast("reload", &serde_json::json!({"changed": changed, "full": update.full, "moved": moved}).to_string());
    }
    // After the reload: an edit reaches the browser first.
    if let Some(warnings) = session.link_warnings() {
        eprint!("{warnings}");
    }
    let [load, link, render] = update.stages.map(|d| d.as_millis());
    format!(
        "{} in {} ms (load {load}, parse + link {}, render {}): {} parsed, {} rendered, {} changed",
        if update.full { "full rebuild" } else { "rebuilt" },
        took.as_millis(),
        link.saturating_sub(load),
        render.saturating_sub(link),
        crate::commands::plural(update.parsed, "file", "files"),
        crate::commands::plural(update.rendered, "page", "pages"),
        crate::commands::plural(changed.len(), "file", "files"),
    )
}

/// Brings the site-wide files (search index, feeds) up to date once edits pause, on
/// a thread of its own: on a large site this takes seconds, and an edit saved
/// meanwhile must not wait for it. A refresh overtaken by an edit is done again.
fn complete(session: &Arc<Mutex<Session>>, shared: &Arc<Shared>, running: &Arc<AtomicBool>) {
    if running.swap(true, Ordering::SeqCst) {
        return;
    }
    let (session, shared, running) = (Arc::clone(session), Arc::clone(shared), Arc::clone(running));
    std::thread::spawn(move || {
        // One background thread at low priority: a save's rebuild (on all cores) goes first.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).start_handler(|_| lower_priority()).build();
        lower_priority();
        loop {
            let started = Instant::now();
            let Some(job) = session.lock().expect("session").refresh() else { break };
            let done = match &pool {
                Ok(pool) => pool.install(|| job.run()),
                Err(_) => job.run(),
            };
            let mut s = session.lock().expect("session");
            let changed = s.apply(done);
            if !changed.is_empty() {
                shared.published.lock().expect("lock").files = Arc::new(s.files().clone());
                eprintln!("search index, feeds and open data updated in {} ms", started.elapsed().as_millis());
            }
            if s.refresh().is_none() {
                break;
            }
        }
        running.store(false, Ordering::SeqCst);
    });
}

/// Lowers the calling thread's scheduling priority: on Linux to `SCHED_IDLE` (it runs
/// only on a core nothing else wants, so a rebuild after a save never waits for it),
/// or else to nice 19; elsewhere nothing.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid has no preconditions; sched_setscheduler and setpriority only
    // change this thread's scheduling, with a valid parameter struct.
    unsafe {
        let tid = libc::gettid();
        let param = libc::sched_param { sched_priority: 0 };
        if libc::sched_setscheduler(tid, libc::SCHED_IDLE, &param) != 0 {
            libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 19);
        }
    }
}

pub fn run(opts: Options) -> i32 {
    if !opts.root.join("site.yaml").exists() {
        eprintln!("error: no site.yaml in {}\n  help: run diptych serve in a site folder, or pass --root DIR", opts.root.display());
        return 2;
    }
    let shared = Arc::new(Shared::default());
    let mut session = Session::new(&opts.root, Default::default());
    eprintln!("{}", rebuild(&mut session, &shared, true, None, true));

    let server = match tiny_http::Server::http((opts.bind, opts.port)) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", opts.bind, opts.port);
            return 2;
        }
    };
    let addr = server.server_addr().to_ip().map(|a| a.to_string()).unwrap_or_default();
    let url = format!("http://{addr}/");
    println!("serving {} on {url} (Ctrl-C to stop)", opts.root.display());
    if opts.bind.is_unspecified() || !opts.bind.is_loopback() {
        eprintln!("warning: listening on {} makes the preview reachable from other machines", opts.bind);
    }
    if opts.open {
        crate::commands::open_url(&url);
    }

    {
        let server = Arc::clone(&server);
        let shared = Arc::clone(&shared);
        if ctrlc::set_handler(move || {
            eprintln!("\nstopping");
            shared.listeners.lock().expect("lock").clear();
            server.unblock();
        })
        .is_err()
        {
            eprintln!("warning: cannot handle Ctrl-C; stop the server with a signal");
        }
    }

    let root = opts.root.clone();
    let watcher_shared = Arc::clone(&shared);
    let root = root.canonicalize().unwrap_or(root);
    std::thread::spawn(move || {
        let session = Arc::new(Mutex::new(session));
        let running = Arc::new(AtomicBool::new(false));
        watch::watch(
            &root,
            |batch| {
                let theme_changed = batch.lossy || batch.paths.iter().any(|p| is_theme_or_config(&root, p));
                let changed = (!batch.lossy).then_some(batch.paths.as_slice());
                eprintln!("{}", rebuild(&mut session.lock().expect("session"), &watcher_shared, theme_changed, changed, false));
            },
            || complete(&session, &watcher_shared, &running),
        )
    });
    http::serve(&server, &shared);
    0
}

fn is_theme_or_config(root: &Path, p: &Path) -> bool {
    p.starts_with(root.join("themes")) || p == root.join("site.yaml") || p.ends_with("themes.yaml") || p.ends_with("parties.yaml")
}

#[cfg(test)]
mod tests {
    use super::moved;

    fn paths(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_renamed_declaration_moves_its_pages() {
        let changed = paths(&[
            "nl/declarations/2021-01-01-a/index.html",
            "nl/declarations/2021-01-01-a/parallel/index.html",
            "nl/declarations/2021-01-02-a/index.html",
            "nl/declarations/2021-01-02-a/parallel/index.html",
            "nl/index.html",
        ]);
        let now = |p: &str| !p.contains("2021-01-01-a");
        let m = moved(&changed, now);
        assert_eq!(m.len(), 2, "{m:?}");
        assert_eq!(m["nl/declarations/2021-01-01-a/index.html"], "nl/declarations/2021-01-02-a/index.html");
        assert_eq!(m["nl/declarations/2021-01-01-a/parallel/index.html"], "nl/declarations/2021-01-02-a/parallel/index.html");
    }

    #[test]
    fn nothing_moves_unless_one_slug_went_and_one_came() {
        // A declaration deleted, another edited: not a rename.
        let changed = paths(&["nl/declarations/a/index.html", "nl/declarations/b/index.html", "nl/declarations/c/index.html"]);
        assert!(moved(&changed, |p| !p.contains("/a/")).is_empty());
        // Only a deletion.
        assert!(moved(&paths(&["nl/declarations/a/index.html", "nl/index.html"]), |p| !p.contains("/a/")).is_empty());
        // Only edits.
        assert!(moved(&paths(&["nl/declarations/a/index.html"]), |_| true).is_empty());
    }
}
