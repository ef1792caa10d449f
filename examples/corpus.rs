//! The synthetic benchmark corpus, and the floor it is measured against.
//!
//! ```sh
//! # a diptych site of 5,000 bilingual declarations, and the same bodies as a Hugo site
//! cargo run --release --example corpus -- --declarations 5000 --seed 1 --out /tmp/c5k --hugo-out /tmp/h5k
//! # the floor: pulldown-cmark parsing + HTML rendering of every .md body under a folder
//! cargo run --release --example corpus -- --floor /tmp/c5k --repeat 5
//! ```
//!
//! Deterministic: the same `--declarations` and `--seed` give the same bytes (a
//! splitmix64 generator; every declaration draws from its own stream, so files are
//! generated in parallel and still reproducible). The plan of the whole corpus (slugs,
//! dates, block structure, cross-references, missing translations) is drawn first, in
//! order; the text of each declaration afterwards.
//!
//! What a corpus holds (`--out DIR`, a diptych site):
//!
//! - `site.yaml` with languages `nl` and `en`;
//! - `content/themes.yaml`: 25 themes, 6 top-level ones and 19 below them, labels in nl
//!   and en; `content/parties.yaml`: 12 parties (states, regions `part_of` a state,
//!   organisations);
//! - `content/declarations/<slug>.nl.md` and `.en.md`: front matter as in
//!   `docs/content-format.md` (title, date over 2000–2024, kind, parties, place, original,
//!   translation, signatories, themes); per language 26–34 blocks: an introduction,
//!   2–4 headings and numbered paragraphs of 60–90 words with accented letters, every
//!   block annotated `{§id #theme… @party…}` with 3–6 themes and 2–3 parties;
//! - about one declaration in three has a cross-reference `[[other-slug§n]]` to a
//!   block that exists; about one in 25 has no English file, and about one in ten lacks
//!   one or two paragraphs in English.
//!
//! `--hugo-out DIR` writes the same bodies as a Hugo site: multilingual by file name
//! suffix, annotations stripped, `[[slug§n]]` turned into a relative Markdown link,
//! taxonomies `themes`, `parties`, `years` and `kinds` in front matter (the first two
//! with their labels as term pages), and minimal layouts (baseof, single, list, taxonomy,
//! term) that render every page and every term list.
//!
//! `--floor DIR` reads every `.md` file under DIR, cuts off front matter, and times
//! pulldown-cmark parsing + `push_html` of all bodies with rayon (all cores), with the
//! options diptych uses. It prints the median of `--repeat` runs (after one warm-up) on
//! stdout as `floor_ms=…` and a readable line on stderr.

use clap::Parser as _;
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Parser)]
#[command(about = "Generate the synthetic benchmark corpus, or time the pulldown-cmark floor")]
struct Args {
    /// Number of declarations (each in nl and, mostly, en)
    #[arg(long, default_value_t = 1000)]
    declarations: usize,
    /// Seed of the generator: same seed, same bytes
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the diptych site here (must not exist or be empty)
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also write the same bodies as a Hugo site here (must not exist or be empty)
    #[arg(long)]
    hugo_out: Option<PathBuf>,
    /// Instead of generating: time parsing + rendering of every .md body under DIR
    #[arg(long, value_name = "DIR")]
    floor: Option<PathBuf>,
    /// Timed runs of --floor (after one warm-up run)
    #[arg(long, default_value_t = 5)]
    repeat: usize,
    /// Instead of generating: time each stage of diptych's pipeline on the site in DIR
    /// (load, parse+link, rendering per kind of page, feeds and open data, search index)
    #[arg(long, value_name = "DIR")]
    stages: Option<PathBuf>,
}

#[allow(dead_code)]
fn main() {
    let args = Args::parse();
    if let Some(dir) = &args.floor {
        std::process::exit(floor(dir, args.repeat.max(1)));
    }
    if let Some(dir) = &args.stages {
        std::process::exit(stages(dir));
    }
    if args.out.is_none() && args.hugo_out.is_none() {
        eprintln!("error: nothing to do: pass --out DIR (and/or --hugo-out DIR), or --floor DIR");
        std::process::exit(2);
    }
    let started = Instant::now();
    let plan = Plan::new(args.declarations, args.seed);
    for dir in [&args.out, &args.hugo_out].into_iter().flatten() {
        if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
            eprintln!("error: {} exists and is not empty; remove it or choose a new folder", dir.display());
            std::process::exit(2);
        }
    }
    let mut bytes = 0usize;
    let mut files = 0usize;
    if let Some(dir) = &args.out {
        let (f, b) = write_all(dir, plan.site_files().into_iter(), &plan, Flavour::Diptych);
        files += f;
        bytes += b;
    }
    if let Some(dir) = &args.hugo_out {
        let (f, b) = write_all(dir, plan.hugo_site_files().into_iter(), &plan, Flavour::Hugo);
        files += f;
        bytes += b;
    }
    eprintln!(
        "corpus: {} declarations (seed {}), {} files, {:.1} MB, in {:.2} s",
        plan.decls.len(),
        args.seed,
        files,
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
}

// ---------------------------------------------------------------------------------------
// The generator

/// splitmix64: tiny, fast, good enough for text, and the same on every platform.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    /// An independent stream for item `n` of kind `salt`.
    pub fn derive(seed: u64, salt: u64, n: u64) -> Rng {
        let mut r = Rng(seed ^ salt.wrapping_mul(0xA076_1D64_78BD_642F));
        r.0 ^= r.next().wrapping_add(n.wrapping_mul(0xE703_7ED1_A0B4_28DB));
        r.next();
        r
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    /// True with probability 1/n.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }
    /// `k` distinct indices below `n`, in increasing order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = self.range(i, n - 1);
            idx.swap(i, j);
        }
        let mut out = idx[..k.min(n)].to_vec();
        out.sort_unstable();
        out
    }
}

/// (id, parent, nl label, en label): 6 top-level themes and 19 below them.
pub const THEMES: [(&str, &str, &str, &str); 25] = [
    ("economy", "", "Economie", "Economy"),
    ("trade", "economy", "Handel en interne markt", "Trade and internal market"),
    ("agriculture-food", "economy", "Landbouw, visserij en voedsel", "Agriculture, fisheries and food"),
    ("labour", "economy", "Arbeid en sociale zekerheid", "Labour and social security"),
    ("green-transition", "", "Groene transitie", "Green transition"),
    ("energy", "green-transition", "Energie en energie-efficiëntie", "Energy and energy efficiency"),
    ("hydrogen", "green-transition", "Waterstof", "Hydrogen"),
    ("climate", "green-transition", "Klimaat", "Climate"),
    ("water", "green-transition", "Water en Schelde", "Water and the Scheldt"),
    ("mobility", "", "Mobiliteit", "Mobility"),
    ("maritime", "mobility", "Maritiem en havens", "Maritime affairs and ports"),
    ("transport", "mobility", "Weg, spoor en logistiek", "Road, rail and logistics"),
    ("security", "", "Veiligheid en justitie", "Security and justice"),
    ("defence", "security", "Defensie", "Defence"),
    ("terrorism", "security", "Terrorisme en radicalisering", "Terrorism and radicalisation"),
    ("crime", "security", "Criminaliteit en politie", "Crime and policing"),
    ("migration", "security", "Migratie en grenzen", "Migration and borders"),
    ("society", "", "Samenleving", "Society"),
    ("health", "society", "Gezondheid", "Health"),
    ("education", "society", "Onderwijs", "Education"),
    ("culture-language", "society", "Cultuur en taal", "Culture and language"),
    ("cooperation", "", "Samenwerking en coördinatie", "Cooperation and coordination"),
    ("digital", "cooperation", "Digitalisering", "Digital affairs"),
    ("european-union", "cooperation", "Europese Unie", "European Union"),
    ("cross-border", "cooperation", "Grensoverschrijdende samenwerking", "Cross-border cooperation"),
];

/// (id, nl name, en name, kind, part_of).
pub const PARTIES: [(&str, &str, &str, &str, &str); 12] = [
    ("be", "België", "Belgium", "state", ""),
    ("nl", "Nederland", "the Netherlands", "state", ""),
    ("lu", "Luxemburg", "Luxembourg", "state", ""),
    ("fr", "Frankrijk", "France", "state", ""),
    ("de", "Duitsland", "Germany", "state", ""),
    ("uk", "Verenigd Koninkrijk", "United Kingdom", "state", ""),
    ("vl", "Vlaanderen", "Flanders", "region", "be"),
    ("wal", "Wallonië", "Wallonia", "region", "be"),
    ("nrw", "Noordrijn-Westfalen", "North Rhine-Westphalia", "region", "de"),
    ("benelux", "Benelux Unie", "Benelux Union", "organisation", ""),
    ("eu", "Europese Unie", "European Union", "organisation", ""),
    ("nato", "NAVO", "NATO", "organisation", ""),
];

const KINDS: [&str; 5] = ["joint-declaration", "letter", "summit-declaration", "annual-plan", "memorandum"];
const KIND_NL: [&str; 5] = ["Gemeenschappelijke verklaring", "Brief", "Topverklaring", "Jaarplan", "Memorandum van overeenstemming"];
const KIND_EN: [&str; 5] = ["Joint declaration", "Letter", "Summit declaration", "Annual plan", "Memorandum of understanding"];

const NAMES: [&str; 24] = [
    "Élodie Marchal",
    "Jürgen Köhler",
    "Frédéric Van den Bossche",
    "Anaïs Dubois",
    "Zoë de Vries",
    "Maëlle Laurent",
    "Søren Jacobsen",
    "Noël Peeters",
    "Chloë Janssens",
    "Raphaël Moreau",
    "Inès Claes",
    "Björn Schäfer",
    "Hélène Wouters",
    "Joël Lambert",
    "Renée Bakker",
    "Ferenc Kovács",
    "Loïc Mertens",
    "Greet Verhoeven",
    "Thérèse Dupont",
    "Daniël Visser",
    "Agnès Leclercq",
    "Jozef Müller",
    "Aurélie Simon",
    "Emiel Goossens",
];
const ROLES: [(&str, &str); 5] = [
    ("Eerste Minister", "Prime Minister"),
    ("Minister van Buitenlandse Zaken", "Minister of Foreign Affairs"),
    ("Minister-President", "Minister-President"),
    ("Secretaris-generaal", "Secretary-General"),
    ("Minister van Economie", "Minister of the Economy"),
];
const PLACES: [(&str, &str); 8] = [
    ("Brussel", "Brussels"),
    ("Den Haag", "The Hague"),
    ("Luik", "Liège"),
    ("Luxemburg", "Luxembourg"),
    ("Parijs", "Paris"),
    ("Keulen", "Cologne"),
    ("Londen", "London"),
    ("Bergen", "Mons"),
];

const WORDS_NL: &[&str] = &[
    "de",
    "het",
    "een",
    "en",
    "van",
    "in",
    "op",
    "met",
    "voor",
    "tussen",
    "over",
    "door",
    "naar",
    "bij",
    "onze",
    "beide",
    "zullen",
    "wij",
    "landen",
    "regeringen",
    "partners",
    "samenwerking",
    "versterken",
    "verdiepen",
    "bevorderen",
    "ondersteunen",
    "uitwisselen",
    "informatie",
    "expertise",
    "praktijken",
    "gezamenlijke",
    "bilaterale",
    "Europese",
    "economische",
    "financiële",
    "efficiënte",
    "coördinatie",
    "coöperatie",
    "ideeën",
    "geïntegreerde",
    "reële",
    "één",
    "privé",
    "café",
    "überhaupt",
    "à",
    "Oekraïne",
    "België",
    "Wallonië",
    "Italië",
    "Zürich",
    "Liège",
    "Malmö",
    "havens",
    "energie",
    "waterstof",
    "interconnectie",
    "netwerken",
    "grenzen",
    "veiligheid",
    "defensie",
    "justitie",
    "onderzoek",
    "innovatie",
    "onderwijs",
    "cultuur",
    "taal",
    "gezondheid",
    "zorg",
    "vaccins",
    "klimaat",
    "water",
    "Schelde",
    "spoorverbindingen",
    "logistiek",
    "douane",
    "handel",
    "investeringen",
    "bedrijven",
    "universiteiten",
    "instellingen",
    "burgers",
    "regio's",
    "provincies",
    "gemeenten",
    "ministeries",
    "diensten",
    "autoriteiten",
    "akkoord",
    "verklaring",
    "overeenkomst",
    "kader",
    "agenda",
    "strategie",
    "ambities",
    "doelstellingen",
    "belang",
    "engagement",
    "dialoog",
    "overleg",
    "werkgroep",
    "commissie",
    "conferentie",
    "top",
    "missie",
    "programma",
    "duurzame",
    "veerkrachtige",
    "digitale",
    "maritieme",
    "grensoverschrijdende",
    "hernieuwbare",
    "strategische",
    "nauwe",
    "sterke",
    "nieuwe",
    "verdere",
    "concrete",
    "jaarlijkse",
    "gedeelde",
    "wederzijdse",
    "respectieve",
    "erkennen",
    "bevestigen",
    "verwelkomen",
    "benadrukken",
    "onderzoeken",
    "ontwikkelen",
    "uitvoeren",
    "opvolgen",
    "tegen",
    "eind",
    "jaar",
    "tijdens",
    "binnen",
    "onder",
    "meer",
    "ook",
    "verder",
    "zodat",
    "waarbij",
    "alsook",
    "coördinerende",
    "naïeve",
    "geëvalueerd",
    "geïnformeerd",
    "beëindigd",
    "financiën",
    "knelpunten",
    "ruimtelijke",
];
const WORDS_EN: &[&str] = &[
    "the",
    "a",
    "and",
    "of",
    "in",
    "on",
    "with",
    "for",
    "between",
    "about",
    "through",
    "to",
    "at",
    "our",
    "both",
    "will",
    "we",
    "countries",
    "governments",
    "partners",
    "cooperation",
    "strengthen",
    "deepen",
    "promote",
    "support",
    "exchange",
    "information",
    "expertise",
    "practices",
    "joint",
    "bilateral",
    "European",
    "economic",
    "financial",
    "efficient",
    "coordination",
    "coöperation",
    "ideas",
    "integrated",
    "real",
    "naïve",
    "café",
    "rôle",
    "résumé",
    "façade",
    "communiqué",
    "entrée",
    "Ukraine",
    "Belgium",
    "Wallonia",
    "Zürich",
    "Liège",
    "Malmö",
    "Curaçao",
    "ports",
    "energy",
    "hydrogen",
    "interconnection",
    "networks",
    "borders",
    "security",
    "defence",
    "justice",
    "research",
    "innovation",
    "education",
    "culture",
    "language",
    "health",
    "care",
    "vaccines",
    "climate",
    "water",
    "Scheldt",
    "rail links",
    "logistics",
    "customs",
    "trade",
    "investment",
    "companies",
    "universities",
    "institutions",
    "citizens",
    "regions",
    "provinces",
    "municipalities",
    "ministries",
    "services",
    "authorities",
    "agreement",
    "declaration",
    "arrangement",
    "framework",
    "agenda",
    "strategy",
    "ambitions",
    "objectives",
    "interest",
    "commitment",
    "dialogue",
    "consultation",
    "working group",
    "committee",
    "conference",
    "summit",
    "mission",
    "programme",
    "sustainable",
    "resilient",
    "digital",
    "maritime",
    "cross-border",
    "renewable",
    "strategic",
    "close",
    "strong",
    "new",
    "further",
    "concrete",
    "annual",
    "shared",
    "mutual",
    "respective",
    "recognise",
    "confirm",
    "welcome",
    "stress",
    "explore",
    "develop",
    "implement",
    "follow up",
    "by",
    "end",
    "year",
    "during",
    "within",
    "under",
    "more",
    "also",
    "furthermore",
    "so that",
    "whereby",
    "as well as",
    "déjà vu",
    "protégé",
    "élite",
    "débâcle",
    "fiancé",
    "doppelgänger",
    "über",
    "São Paulo",
];
const TOPICS: [&str; 12] =
    ["cooperation", "energy", "ports", "security", "trade", "climate", "health", "research", "mobility", "culture", "border", "digital"];

/// One block of a declaration: the same structure in both languages.
#[derive(Clone, Debug)]
pub enum BlockKind {
    Intro,
    /// A heading with its roman numeral.
    Heading(usize),
    /// A numbered paragraph.
    Numbered(usize),
}

#[derive(Clone, Debug)]
pub struct BlockPlan {
    pub kind: BlockKind,
    pub themes: Vec<usize>,
    pub parties: Vec<usize>,
    /// Missing in the English file.
    pub missing_en: bool,
    /// A cross-reference to (declaration index, numbered block).
    pub xref: Option<(usize, usize)>,
}

impl BlockPlan {
    pub fn id(&self) -> String {
        match self.kind {
            BlockKind::Intro => "intro".to_string(),
            BlockKind::Heading(n) => roman(n),
            BlockKind::Numbered(n) => n.to_string(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct DeclPlan {
    pub slug: String,
    pub date: (u32, u32, u32),
    pub kind: usize,
    pub parties: Vec<usize>,
    pub themes: Vec<usize>,
    /// 0 = nl, 1 = en.
    pub original: usize,
    pub official: bool,
    pub has_en: bool,
    pub place: usize,
    pub signatories: Vec<(usize, usize, usize)>,
    pub blocks: Vec<BlockPlan>,
}

/// The whole corpus, drawn up front; text is made per declaration on demand.
pub struct Plan {
    pub seed: u64,
    pub decls: Vec<DeclPlan>,
}

pub const LANGS: [&str; 2] = ["nl", "en"];

fn roman(n: usize) -> String {
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][n - 1].to_string()
}

impl Plan {
    pub fn new(n: usize, seed: u64) -> Plan {
        let mut rng = Rng::derive(seed, 1, 0);
        let mut decls: Vec<DeclPlan> = (0..n).map(|i| Self::decl(&mut rng, i)).collect();
        decls.sort_by(|a, b| a.slug.cmp(&b.slug));
        // Cross-references in about one declaration in three, to a numbered block that
        // exists in every file of the target.
        if n > 1 {
            for i in 0..n {
                if !rng.one_in(3) {
                    continue;
                }
                let mut j = rng.range(0, n - 2);
                if j >= i {
                    j += 1;
                }
                let targets: Vec<usize> = decls[j]
                    .blocks
                    .iter()
                    .filter(|b| !b.missing_en)
                    .filter_map(|b| if let BlockKind::Numbered(k) = b.kind { Some(k) } else { None })
                    .collect();
                let sources: Vec<usize> = decls[i]
                    .blocks
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| !b.missing_en && matches!(b.kind, BlockKind::Numbered(_)))
                    .map(|(x, _)| x)
                    .collect();
                let k = *rng.pick(&targets);
                let at = *rng.pick(&sources);
                decls[i].blocks[at].xref = Some((j, k));
            }
        }
        Plan { seed, decls }
    }

    fn decl(rng: &mut Rng, i: usize) -> DeclPlan {
        let date = (rng.range(2000, 2024) as u32, rng.range(1, 12) as u32, rng.range(1, 28) as u32);
        let kind = rng.range(0, KINDS.len() - 1);
        let np = rng.range(2, 4);
        let parties = rng.sample(PARTIES.len(), np);
        let nt = rng.range(6, 9);
        let themes = rng.sample(THEMES.len(), nt);
        let has_en = !rng.one_in(25);
        let original = if has_en { rng.range(0, 1) } else { 0 };
        let official = rng.range(0, 1) == 0;
        let place = rng.range(0, PLACES.len() - 1);
        let signatories = parties.iter().map(|&p| (rng.range(0, NAMES.len() - 1), rng.range(0, ROLES.len() - 1), p)).collect();
        let total = rng.range(26, 34);
        let headings = rng.range(2, 4);
        let numbered = total - headings - 1;
        // Where the headings go: before paragraph 1 and at distinct later paragraphs.
        let mut starts = vec![1];
        starts.extend(rng.sample(numbered - 2, headings - 1).into_iter().map(|x| x + 3));
        let drop_en: Vec<usize> = if has_en && rng.one_in(10) {
            let k = rng.range(1, 2);
            rng.sample(numbered, k).into_iter().map(|x| x + 1).collect()
        } else {
            Vec::new()
        };
        let block = |rng: &mut Rng, kind: BlockKind, missing_en: bool| {
            let t = rng.range(3, 6.min(themes.len()));
            let bt = rng.sample(themes.len(), t).into_iter().map(|x| themes[x]).collect();
            let want = rng.range(2, 3);
            let mut bp: Vec<usize> = rng.sample(parties.len(), want.min(parties.len())).into_iter().map(|x| parties[x]).collect();
            while bp.len() < want {
                let extra = rng.range(0, PARTIES.len() - 1);
                if !bp.contains(&extra) {
                    bp.push(extra);
                }
            }
            BlockPlan { kind, themes: bt, parties: bp, missing_en, xref: None }
        };
        let mut blocks = vec![block(rng, BlockKind::Intro, false)];
        let mut h = 0;
        for p in 1..=numbered {
            if starts.contains(&p) {
                h += 1;
                blocks.push(block(rng, BlockKind::Heading(h), false));
            }
            blocks.push(block(rng, BlockKind::Numbered(p), drop_en.contains(&p)));
        }
        let names: Vec<&str> = parties.iter().take(2).map(|&p| PARTIES[p].0).collect();
        let slug = format!("{:04}-{:02}-{:02}-{}-{}-{:05}", date.0, date.1, date.2, names.join("-"), rng.pick(&TOPICS), i);
        DeclPlan { slug, date, kind, parties, themes, original, official, has_en, place, signatories, blocks }
    }

    /// The fixed files of the diptych site: (relative path, text).
    pub fn site_files(&self) -> Vec<(String, String)> {
        let mut themes = String::from("# Generated by examples/corpus.rs: a two-level theme hierarchy.\n");
        for (id, parent, nl, en) in THEMES {
            let _ = write!(themes, "{id}: {{ label: {{ nl: \"{nl}\", en: \"{en}\" }}");
            if !parent.is_empty() {
                let _ = write!(themes, ", parent: {parent}");
            }
            themes.push_str(" }\n");
        }
        let mut parties = String::from("# Generated by examples/corpus.rs.\n");
        for (id, nl, en, kind, part_of) in PARTIES {
            let _ = write!(parties, "{id}: {{ name: {{ nl: \"{nl}\", en: \"{en}\" }}, kind: {kind}");
            if !part_of.is_empty() {
                let _ = write!(parties, ", part_of: {part_of}");
            }
            parties.push_str(" }\n");
        }
        vec![
            (
                "site.yaml".into(),
                format!(
                    "# Generated by examples/corpus.rs ({} declarations, seed {}).\ntitle: {{ nl: \"Synthetische verklaringen\", en: \"Synthetic declarations\" }}\nbase_url: \"https://www.example.gov/verklaringen/\"\nlanguages: [nl, en]\ntheme: default\n",
                    self.decls.len(),
                    self.seed
                ),
            ),
            ("content/themes.yaml".into(), themes),
            ("content/parties.yaml".into(), parties),
        ]
    }

    /// The fixed files of the Hugo site: configuration, layouts, term pages.
    pub fn hugo_site_files(&self) -> Vec<(String, String)> {
        let mut files = vec![
            ("config.toml".to_string(), HUGO_CONFIG.to_string()),
            ("layouts/_default/baseof.html".into(), HUGO_BASEOF.into()),
            ("layouts/_default/single.html".into(), HUGO_SINGLE.into()),
            ("layouts/_default/list.html".into(), HUGO_LIST.into()),
            ("layouts/_default/taxonomy.html".into(), HUGO_TAXONOMY.into()),
            ("layouts/_default/term.html".into(), HUGO_TERM.into()),
        ];
        for (l, lang) in LANGS.iter().enumerate() {
            for (id, _, nl, en) in THEMES {
                files.push((format!("content/themes/{id}/_index.{lang}.md"), format!("---\ntitle: \"{}\"\n---\n", [nl, en][l])));
            }
            for (id, nl, en, _, _) in PARTIES {
                files.push((format!("content/parties/{id}/_index.{lang}.md"), format!("---\ntitle: \"{}\"\n---\n", [nl, en][l])));
            }
        }
        files
    }

    /// The text of declaration `i` in language `lang` (0 = nl, 1 = en), or None when the
    /// corpus has no such file. Hugo flavour: annotations stripped, references as links.
    pub fn declaration(&self, i: usize, lang: usize, flavour: Flavour) -> Option<String> {
        let d = &self.decls[i];
        if lang == 1 && !d.has_en {
            return None;
        }
        let mut rng = Rng::derive(self.seed, 2 + lang as u64, i as u64);
        let words = if lang == 0 { WORDS_NL } else { WORDS_EN };
        let mut s = String::with_capacity(20_000);
        s.push_str("---\n");
        let kind_label = if lang == 0 { KIND_NL[d.kind] } else { KIND_EN[d.kind] };
        let names: Vec<&str> = d.parties.iter().map(|&p| if lang == 0 { PARTIES[p].1 } else { PARTIES[p].2 }).collect();
        let topic = sentence(&mut rng, words, 4, false);
        let joiner = if lang == 0 { " en " } else { " and " };
        let over = if lang == 0 { "over" } else { "on" };
        let _ = writeln!(s, "title: \"{kind_label} {} {over} {}\"", names.join(joiner), topic);
        let _ = writeln!(s, "date: {:04}-{:02}-{:02}", d.date.0, d.date.1, d.date.2);
        let party_ids: Vec<&str> = d.parties.iter().map(|&p| PARTIES[p].0).collect();
        let theme_ids: Vec<&str> = d.themes.iter().map(|&t| THEMES[t].0).collect();
        match flavour {
            Flavour::Diptych => {
                let _ = writeln!(s, "kind: {}", KINDS[d.kind]);
                let _ = writeln!(s, "parties: [{}]", party_ids.join(", "));
                let _ = writeln!(s, "place: \"{}\"", if lang == 0 { PLACES[d.place].0 } else { PLACES[d.place].1 });
                let _ = writeln!(s, "original: {}", LANGS[d.original]);
                let status = if lang == d.original {
                    "original"
                } else if d.official {
                    "official"
                } else {
                    "unofficial"
                };
                let _ = writeln!(s, "translation: {status}");
                s.push_str("signatories:\n");
                for &(name, role, party) in &d.signatories {
                    let role = if lang == 0 { ROLES[role].0 } else { ROLES[role].1 };
                    let _ = writeln!(s, "  - {{ name: \"{}\", role: \"{role}\", party: {} }}", NAMES[name], PARTIES[party].0);
                }
                let _ = writeln!(s, "themes: [{}]", theme_ids.join(", "));
            }
            Flavour::Hugo => {
                let _ = writeln!(s, "kind: {}", KINDS[d.kind]);
                let _ = writeln!(s, "themes: [{}]", theme_ids.join(", "));
                let _ = writeln!(s, "parties: [{}]", party_ids.join(", "));
                let _ = writeln!(s, "years: [\"{}\"]", d.date.0);
                let _ = writeln!(s, "kinds: [{}]", KINDS[d.kind]);
            }
        }
        s.push_str("---\n");
        for b in &d.blocks {
            if lang == 1 && b.missing_en {
                // Draw the text anyway, so the other blocks do not change.
                let _ = block_text(&mut rng, words);
                continue;
            }
            s.push('\n');
            match b.kind {
                BlockKind::Intro => s.push_str(&block_text(&mut rng, words)),
                BlockKind::Heading(n) => {
                    let len = rng.range(2, 5);
                    let _ = write!(s, "## {}) {}", roman(n), sentence(&mut rng, words, len, false));
                }
                BlockKind::Numbered(n) => {
                    let text = block_text(&mut rng, words);
                    let _ = write!(s, "{n}. ");
                    match b.xref {
                        Some((j, k)) => {
                            // The reference goes before the last sentence of the paragraph.
                            let cut = text[..text.len() - 1].rfind(". ").map_or(text.len(), |c| c + 2);
                            s.push_str(&text[..cut]);
                            let target = &self.decls[j].slug;
                            let see = if lang == 0 { "Zie ook" } else { "See also" };
                            match flavour {
                                Flavour::Diptych => {
                                    let _ = write!(s, "{see} [[{target}§{k}]]. ");
                                }
                                Flavour::Hugo => {
                                    let _ = write!(s, "{see} [{target} §{k}](../{target}/#{k}). ");
                                }
                            }
                            s.push_str(text[cut..].trim_start());
                        }
                        None => s.push_str(&text),
                    }
                }
            }
            if flavour == Flavour::Diptych {
                let _ = write!(s, " {{§{}", b.id());
                for &t in &b.themes {
                    let _ = write!(s, " #{}", THEMES[t].0);
                }
                for &p in &b.parties {
                    let _ = write!(s, " @{}", PARTIES[p].0);
                }
                s.push('}');
            }
            s.push('\n');
        }
        Some(s)
    }
}

/// A sentence of `n` words, capitalised, ending in a full stop when `full`.
fn sentence(rng: &mut Rng, words: &[&str], n: usize, full: bool) -> String {
    let mut s = String::new();
    for w in 0..n {
        let word = *rng.pick(words);
        if w == 0 {
            let mut c = word.chars();
            let first = c.next().expect("words are not empty");
            s.extend(first.to_uppercase());
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(word);
            if w + 1 < n && rng.one_in(9) {
                s.push(',');
            }
        }
    }
    if full {
        s.push('.');
    }
    s
}

/// A paragraph of 60–90 words (some "words" are two, as in "rail links").
fn block_text(rng: &mut Rng, words: &[&str]) -> String {
    let mut left = rng.range(60, 90);
    let mut out = String::with_capacity(700);
    while left > 0 {
        let mut n = rng.range(8, 16).min(left);
        if left - n < 5 {
            n = left;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&sentence(rng, words, n, true));
        left -= n;
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Flavour {
    Diptych,
    Hugo,
}

/// Writes the fixed files and every declaration (in parallel). Returns (files, bytes).
fn write_all(dir: &Path, fixed: impl Iterator<Item = (String, String)>, plan: &Plan, flavour: Flavour) -> (usize, usize) {
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        text.len()
    };
    let mut files = 0;
    let mut bytes = 0;
    for (rel, text) in fixed {
        bytes += write(&rel, &text);
        files += 1;
    }
    std::fs::create_dir_all(dir.join("content/declarations")).expect("create content/declarations");
    let (f, b) = (0..plan.decls.len())
        .into_par_iter()
        .map(|i| {
            let mut f = 0;
            let mut b = 0;
            for (l, lang) in LANGS.iter().enumerate() {
                if let Some(text) = plan.declaration(i, l, flavour) {
                    b += write(&format!("content/declarations/{}.{lang}.md", plan.decls[i].slug), &text);
                    f += 1;
                }
            }
            (f, b)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    (files + f, bytes + b)
}

// ---------------------------------------------------------------------------------------
// Hugo site

const HUGO_CONFIG: &str = r#"# Generated by examples/corpus.rs: the benchmark corpus as a Hugo site.
baseURL = "https://www.example.gov/verklaringen/"
defaultContentLanguage = "nl"
defaultContentLanguageInSubdir = true
# diptych's feeds hold 50 entries; so do these.
rssLimit = 50
disableKinds = []

[taxonomies]
  theme = "themes"
  party = "parties"
  year = "years"
  kind = "kinds"

[languages]
  [languages.nl]
    weight = 1
    languageName = "Nederlands"
    title = "Synthetische verklaringen"
  [languages.en]
    weight = 2
    languageName = "English"
    title = "Synthetic declarations"
"#;

const HUGO_BASEOF: &str = r#"<!doctype html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ .Title }} · {{ .Site.Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<header><a href="{{ "" | relLangURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "themes/" | relLangURL }}">themes</a> · <a href="{{ "parties/" | relLangURL }}">parties</a> · {{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Language.LanguageName }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time> · {{ .Params.kind }}</p>
<p>{{ range .GetTerms "parties" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<p>{{ range .GetTerms "themes" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ol>
{{ range .RegularPagesRecursive }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time> · {{ range .GetTerms "parties" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</li>
{{ end }}</ol>
{{ end }}
"#;

const HUGO_TAXONOMY: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> {{ .Count }}</li>
{{ end }}</ul>
{{ end }}
"#;

const HUGO_TERM: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ol>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time>
<p>{{ .Summary }}</p></li>
{{ end }}</ol>
{{ end }}
"#;

// ---------------------------------------------------------------------------------------
// The floor

fn floor(dir: &Path, repeat: usize) -> i32 {
    let t = Instant::now();
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    paths.retain(|p| !p.components().any(|c| c.as_os_str() == "output"));
    let texts: Vec<String> =
        paths.par_iter().map(|p| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))).collect();
    let read = t.elapsed();
    if texts.is_empty() {
        eprintln!("error: no .md files under {}", dir.display());
        return 2;
    }
    let bodies: Vec<&str> = texts.iter().map(|t| body_of(t)).collect();
    let md_bytes: usize = bodies.iter().map(|b| b.len()).sum();
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_WIKILINKS;
    let once = || -> (f64, usize) {
        let t = Instant::now();
        let html: usize = bodies
            .par_iter()
            .map(|b| {
                let mut out = String::with_capacity(b.len() * 5 / 4);
                pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new_ext(b, options));
                std::hint::black_box(&out);
                out.len()
            })
            .sum();
        (t.elapsed().as_secs_f64() * 1000.0, html)
    };
    let (_, html_bytes) = once();
    let mut times: Vec<f64> = (0..repeat).map(|_| once().0).collect();
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];
    eprintln!(
        "floor: {} files, {:.1} MB of Markdown → {:.1} MB of HTML on {} threads; read {:.0} ms; parse+render median {:.1} ms (runs: {})",
        bodies.len(),
        md_bytes as f64 / 1e6,
        html_bytes as f64 / 1e6,
        rayon::current_num_threads(),
        read.as_secs_f64() * 1000.0,
        median,
        times.iter().map(|t| format!("{t:.1}")).collect::<Vec<_>>().join(", ")
    );
    println!(
        "floor_ms={median:.1} read_ms={:.1} files={} md_bytes={md_bytes} html_bytes={html_bytes}",
        read.as_secs_f64() * 1000.0,
        bodies.len()
    );
    0
}

// ---------------------------------------------------------------------------------------
// Where diptych's time goes

/// Runs diptych's pipeline stage by stage through its library API (what `compile`
/// does, minus writing), timing each; pages are rendered one kind at a time and dropped,
/// so this needs less memory than a build. Prints a Markdown table on stdout.
fn stages(root: &Path) -> i32 {
    use diptych::render::PageJob;
    let mut rows: Vec<(String, usize, f64, usize)> = Vec::new();
    let mut diags = diptych::diag::Diagnostics::default();
    let total = Instant::now();
    let t = Instant::now();
    let Ok(sources) = diptych::load::load(root, &mut diags) else {
        eprintln!("error: cannot load the site in {}", root.display());
        return 1;
    };
    rows.push(("load (read files, site.yaml, registries)".into(), sources.declarations.len(), ms(t), 0));
    let t = Instant::now();
    let (site, _) = diptych::parse_and_link(sources.clone_meta(), &sources, &mut diptych::ParseCache::default(), &mut diags);
    rows.push(("parse + link".into(), sources.declarations.len() + sources.pages.len(), ms(t), 0));
    let t = Instant::now();
    let theme = diptych::render::Theme::load(sources.theme_dir.as_deref(), &mut diags);
    rows.push(("theme (Tera templates)".into(), 1, ms(t), 0));
    if diags.has_errors() {
        eprintln!("error: the site has {} content errors; run `diptych check --root {}`", diags.error_count(), root.display());
        return 1;
    }
    let Some(theme) = theme else { return 1 };
    let options = diptych::render::Options::default();
    let t = Instant::now();
    let renderer = diptych::render::Renderer::new(&site, &theme, &options);
    rows.push(("listings (theme, party, year, kind)".into(), 1, ms(t), 0));
    let plan = renderer.plan();
    let kind = |j: &PageJob<'_>| match j {
        PageJob::Declaration(..) => "pages: declaration",
        PageJob::Parallel(..) => "pages: parallel view",
        PageJob::Theme(..) => "pages: theme",
        PageJob::Party(..) => "pages: party",
        PageJob::Year(..) => "pages: year",
        PageJob::Kind(..) => "pages: kind",
        PageJob::Home(..) => "pages: home",
        _ => "pages: other (root, 404, indexes, search, data, free pages)",
    };
    let mut kinds: Vec<&str> = plan.iter().map(kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let size = |outs: &[diptych::render::Output]| -> usize {
        outs.iter().map(|o| if let diptych::render::Content::Bytes(b) = &o.content { b.len() } else { 0 }).sum()
    };
    for k in kinds {
        let jobs: Vec<PageJob<'_>> = plan.iter().filter(|j| kind(j) == k).cloned().collect();
        let t = Instant::now();
        let outs = renderer.pages(&jobs, &mut diags);
        rows.push((k.to_string(), jobs.len(), ms(t), size(&outs)));
    }
    let t = Instant::now();
    let outs = renderer.machine_outputs();
    rows.push(("feeds, sitemap, open data".into(), outs.len(), ms(t), size(&outs)));
    drop(outs);
    let t = Instant::now();
    let outs = diptych::search::build(&site);
    rows.push(("search index".into(), outs.len(), ms(t), size(&outs)));
    drop(outs);
    let all = ms(total);
    println!("| stage | items | ms | % | output bytes |\n| --- | ---: | ---: | ---: | ---: |");
    for (name, n, t, b) in &rows {
        println!("| {name} | {n} | {t:.0} | {:.1} | {b} |", 100.0 * t / all);
    }
    println!("| total (no writing) | | {all:.0} | 100 | {} |", rows.iter().map(|r| r.3).sum::<usize>());
    0
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// The body of a Markdown file: what follows its front matter.
pub fn body_of(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---\n")
    {
        return &rest[end + 5..];
    }
    text
}
