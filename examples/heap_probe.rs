//! Live heap bytes by stage of a build (a counting allocator): `cargo run --release --example heap_probe -- SITE`.
//! Prints the parsed site by part, then samples the live bytes every 100 ms through a whole build into a null sink.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let n = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(n, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        if n > l.size() {
            let v = LIVE.fetch_add(n - l.size(), Relaxed) + n - l.size();
            PEAK.fetch_max(v, Relaxed);
        } else {
            LIVE.fetch_sub(l.size() - n, Relaxed);
        }
        unsafe { System.realloc(p, l, n) }
    }
}
#[global_allocator]
static A: Counting = Counting;
fn mb(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let mut diags = diptych::diag::Diagnostics::default();
    let sources = diptych::load::load(&root, &mut diags).ok().expect("a site");
    println!("after load: live {} peak {}", mb(LIVE.load(Relaxed)), mb(PEAK.load(Relaxed)));
    let (site, _) = diptych::parse_and_link(sources.clone_meta(), &sources, &mut Default::default(), &mut diags);
    println!("after parse+link (sources kept, cache): live {} peak {}", mb(LIVE.load(Relaxed)), mb(PEAK.load(Relaxed)));
    drop(sources);
    println!("sources dropped: live {}", mb(LIVE.load(Relaxed)));
    let mut site = site;
    let mut step = |what: &str, f: &mut dyn FnMut(&mut diptych::link::Declaration)| {
        let before = LIVE.load(Relaxed);
        for d in site.declarations.iter_mut() {
            f(std::sync::Arc::get_mut(d).expect("unique"));
        }
        println!("{what}: {}", mb(before - LIVE.load(Relaxed)));
    };
    step("rows", &mut |d| d.rows = Default::default());
    step("links", &mut |d| d.links = Default::default());
    step("tags", &mut |d| {
        for t in d.translations.values_mut() {
            for b in &mut std::sync::Arc::get_mut(t).unwrap().blocks {
                b.themes = Vec::new();
                b.parties = Vec::new();
            }
        }
    });
    step("text", &mut |d| {
        for t in d.translations.values_mut() {
            for b in &mut std::sync::Arc::get_mut(t).unwrap().blocks {
                b.text = 0..0;
            }
        }
    });
    step("ids", &mut |d| {
        for t in d.translations.values_mut() {
            for b in &mut std::sync::Arc::get_mut(t).unwrap().blocks {
                b.id = diptych::model::BlockId(String::new());
            }
        }
    });
    step("blocks", &mut |d| {
        for t in d.translations.values_mut() {
            std::sync::Arc::get_mut(t).unwrap().blocks = Vec::new();
        }
    });
    step("front", &mut |d| {
        for t in d.translations.values_mut() {
            std::sync::Arc::get_mut(t).unwrap().front = Default::default();
        }
    });
    step("footnotes+refs", &mut |d| {
        for t in d.translations.values_mut() {
            let t = std::sync::Arc::get_mut(t).unwrap();
            t.footnotes = Vec::new();
            t.refs = Vec::new();
        }
    });
    step("translations", &mut |d| d.translations = Default::default());
    println!("left: {}", mb(LIVE.load(Relaxed)));
    drop(site);
    println!("all dropped: live {}", mb(LIVE.load(Relaxed)));
    PEAK.store(LIVE.load(Relaxed), Relaxed);
    struct Null;
    impl diptych::OutputSink for Null {
        fn put(&self, _o: diptych::render::Output) -> std::io::Result<()> {
            Ok(())
        }
        fn stream(
            &self,
            _p: diptych::render::urls::SitePath,
            write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
        ) -> std::io::Result<()> {
            write(&mut std::io::sink())
        }
    }
    let t0 = std::time::Instant::now();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_millis(100));
            eprintln!(
                "  {:>6} ms live {} peak {}",
                t0.elapsed().as_millis(),
                mb(LIVE.load(Relaxed)),
                mb(PEAK.swap(LIVE.load(Relaxed), Relaxed))
            );
        }
    });
    let built = diptych::compile_into(&root, &Default::default(), &Null);
    println!("compile_into to a null sink: peak {} (errors: {})", mb(PEAK.load(Relaxed)), built.diags.has_errors());
}
