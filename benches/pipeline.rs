//! criterion micro-benchmarks of the parse stage: the annotation grammar, and one
//! declaration body turned into blocks and HTML with holes, next to pulldown-cmark alone
//! on the same body (the floor). Short on purpose (1 s warm-up, 3 s measurement):
//!
//! ```sh
//! cargo bench --bench pipeline                 # all
//! cargo bench --bench pipeline -- annotation   # one group
//! ```
//!
//! The body comes from the benchmark corpus generator (`examples/corpus.rs`, included
//! here as a module), so it is the same kind of text the full-build benchmarks use.

#[allow(dead_code, unused_imports)]
#[path = "../examples/corpus.rs"]
mod corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use diptych::diag::FileId;
use diptych::parse::{Mode, annotation, body};
use std::hint::black_box;
use std::time::Duration;

fn annotations(c: &mut Criterion) {
    let mut g = c.benchmark_group("annotation");
    for (name, inner) in [
        ("short", "§4 #trade @be"),
        ("typical", "§12 #energy #climate #trade #maritime @be @nl @eu"),
        ("long", "§2.c #green-transition #energy #hydrogen #climate #water #cross-border @be @nl @vl @benelux"),
    ] {
        assert!(annotation::parse(inner, FileId(0), 1000).is_ok(), "{inner}");
        g.throughput(Throughput::Bytes(inner.len() as u64));
        g.bench_function(name, |b| b.iter(|| annotation::parse(black_box(inner), FileId(0), 1000)));
    }
    g.finish();
}

fn bodies(c: &mut Criterion) {
    let plan = corpus::Plan::new(50, 1);
    let text = plan.declaration(0, 0, corpus::Flavour::Diptych).expect("declaration 0 has a Dutch text");
    let src = corpus::body_of(&text);
    let base = text.len() - src.len();
    let mut errors = Vec::new();
    let parsed = body::parse(src, base, FileId(0), Mode::Declaration, "nl", &mut errors);
    assert!(errors.is_empty(), "the generated body has errors: {errors:?}");
    let blocks = parsed.blocks.len();

    let mut g = c.benchmark_group("body");
    g.throughput(Throughput::Bytes(src.len() as u64));
    g.bench_function(format!("diptych parse ({blocks} blocks, {} bytes)", src.len()), |b| {
        b.iter(|| {
            let mut errors = Vec::new();
            body::parse(black_box(src), base, FileId(0), Mode::Declaration, "nl", &mut errors)
        })
    });
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_WIKILINKS;
    g.bench_function("floor: pulldown-cmark push_html", |b| {
        b.iter(|| {
            let mut out = String::with_capacity(src.len() * 5 / 4);
            pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new_ext(black_box(src), options));
            out
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3)).sample_size(50);
    targets = annotations, bodies
}
criterion_main!(benches);
