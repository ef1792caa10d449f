//! How much memory the parsed site takes, by field (string lengths and capacities):
//! `cargo run --release --example parsed_size -- SITE`.
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: parsed_size SITE"));
    let mut diags = diptych::diag::Diagnostics::default();
    let sources = diptych::load::load(&root, &mut diags).ok().expect("a site");
    let (site, _) = diptych::parse_and_link(sources.clone_meta(), &sources, &mut Default::default(), &mut diags);
    let (mut body, mut body_cap, mut html, mut html_cap, mut text, mut text_cap, mut blocks, mut tags, mut docs) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0);
    for d in &site.declarations {
        for t in d.translations.values() {
            docs += 1;
            body += t.body.unpack().len();
            body_cap += t.body.packed_len();
            text_cap += t.texts.packed_len();
            for b in &t.blocks {
                blocks += 1;
                html += b.html.len();
                html_cap += 0;
                text += b.text.len();

                tags += b.themes.len() + b.parties.len();
            }
        }
    }
    let mb = |n: usize| n as f64 / 1e6;
    println!("{docs} documents, {blocks} blocks, {tags} block tags");
    println!("body html {:.1} MB ({:.1} MB packed)", mb(body), mb(body_cap));
    println!("block html {:.1} MB (a range of the body since it holds it; {:.1} MB of its own)", mb(html), mb(html_cap));
    println!("block text {:.1} MB ({:.1} MB packed)", mb(text), mb(text_cap));
    println!("block structs {:.1} MB", mb(blocks * std::mem::size_of::<diptych::model::Block>()));
}
