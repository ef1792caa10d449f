//! Pictures drawn at build time as SVG, readable without script: a timeline of the
//! declarations and a theme × party matrix. Each SVG is one image for assistive
//! technology (`role="img"` with a title and a description); the same facts are on the
//! page as text (the list of declarations) or as a table (the matrix).

use super::Renderer;
use crate::model::{Lang, PartyId, ThemeId};
use crate::parse::escape_html;
use std::collections::BTreeMap;

const WIDTH: f64 = 720.0;
/// Up to this many declarations the timeline has a dot for each; beyond, a bar per year,
/// so that the home page does not grow with the collection.
const TIMELINE_DOTS: usize = 60;

impl Renderer<'_> {
    /// The declarations on a line of years.
    pub(super) fn timeline_svg(&self, lang: &Lang, title: &str, desc: &str) -> String {
        let decls = &self.site.declarations;
        let Some(first) = decls.iter().map(|d| d.date).min() else { return String::new() };
        let last = decls.iter().map(|d| d.date).max().unwrap_or(first);
        let (y0, y1) = (first.year, last.year + 1);
        let span = (y1 - y0).max(1) as f64;
        let x = |year: i32, month: u8, day: u8| {
            40.0 + (WIDTH - 80.0) * ((year - y0) as f64 + (month as f64 - 1.0) / 12.0 + (day as f64 - 1.0) / 365.0) / span
        };
        let mut svg = format!(
            "<svg class=\"figure timeline\" viewBox=\"0 0 {WIDTH} 110\" role=\"img\" aria-labelledby=\"tl-title tl-desc\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"tl-title\"{}>{}</title><desc id=\"tl-desc\"{}>{}</desc>",
            self.strings[lang].lang_attr("timeline"),
            escape_html(title),
            self.strings[lang].lang_attr("declarations_count"),
            escape_html(desc)
        );
        svg.push_str(&format!("<line x1=\"40\" y1=\"70\" x2=\"{}\" y2=\"70\" stroke=\"#535b66\" stroke-width=\"1.5\"/>", WIDTH - 40.0));
        let step = ((y1 - y0) as usize / 12).max(1);
        for year in (y0..=y1).step_by(step) {
            let xx = x(year, 1, 1);
            svg.push_str(&format!(
                "<line x1=\"{xx:.1}\" y1=\"64\" x2=\"{xx:.1}\" y2=\"76\" stroke=\"#535b66\"/><text x=\"{xx:.1}\" y=\"94\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1b1f24\">{year}</text>"
            ));
        }
        if decls.len() > TIMELINE_DOTS {
            // Too many for a dot each: a bar per year, as tall as its share of the busiest year.
            let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
            for d in decls {
                *per_year.entry(d.date.year).or_default() += 1;
            }
            let most = per_year.values().copied().max().unwrap_or(1) as f64;
            let width = ((WIDTH - 80.0) / span * 0.7).clamp(2.0, 24.0);
            for (year, n) in per_year {
                let h = (52.0 * n as f64 / most).max(2.0);
                let xx = x(year, 7, 1) - width / 2.0;
                svg.push_str(&format!(
                    "<rect x=\"{xx:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{h:.1}\" fill=\"#0b4f8a\"><title>{year}{} {n}</title></rect>",
                    64.0 - h,
                    self.strings[lang].get("colon")
                ));
            }
            svg.push_str("</svg>");
            return svg;
        }
        // Declarations of the same month stack upwards.
        let mut stack: BTreeMap<(i32, u8), usize> = BTreeMap::new();
        for d in decls {
            let n = stack.entry((d.date.year, d.date.month)).or_default();
            let cy = 58.0 - (*n as f64) * 12.0;
            *n += 1;
            let doc = d.text_for(lang);
            svg.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{cy:.1}\" r=\"5\" fill=\"#0b4f8a\"><title>{} ({})</title></circle>",
                x(d.date.year, d.date.month, d.date.day),
                escape_html(doc.front.title.as_deref().unwrap_or("")),
                self.strings[lang].date(&d.date)
            ));
        }
        svg.push_str("</svg>");
        svg
    }

    /// Blocks per top-level theme (including its sub-themes) and party, in `lang`'s texts.
    pub(super) fn matrix_counts(&self, lang: &Lang) -> (Vec<&ThemeId>, Vec<&PartyId>, BTreeMap<(&ThemeId, &PartyId), usize>) {
        let reg = &self.site.registry;
        let rows: Vec<&ThemeId> =
            reg.themes.values().filter(|t| t.parent.as_ref().is_none_or(|p| !reg.themes.contains_key(p))).map(|t| &t.id).collect();
        // From the listings: blocks of each theme's subtree, per party.
        let l = &self.listings;
        let mut counts: BTreeMap<(&ThemeId, &PartyId), usize> = BTreeMap::new();
        for t in &rows {
            for &(p, n) in &l.theme(lang, t).related {
                counts.insert((*t, &l.parties[p]), n);
            }
        }
        let used: BTreeMap<&PartyId, usize> = l.parties.iter().map(|p| (p, l.party(lang, p).blocks)).filter(|(_, n)| *n > 0).collect();
        let mut cols: Vec<&PartyId> = used.keys().copied().collect();
        cols.sort_by(|a, b| used[b].cmp(&used[a]).then_with(|| a.cmp(b)));
        (rows, cols, counts)
    }

    pub(super) fn matrix_svg(&self, lang: &Lang, title: &str, desc: &str) -> String {
        let (rows, cols, counts) = self.matrix_counts(lang);
        if rows.is_empty() || cols.is_empty() {
            return String::new();
        }
        let max = counts.values().copied().max().unwrap_or(1).max(1) as f64;
        // The column labels are turned 50° up and to the right: room above and to the
        // right for the longest (about 6.6 px a character at 12 px), so none is cut off.
        let longest = cols.iter().map(|p| self.party_label(p, lang).chars().count()).max().unwrap_or(0) as f64 * 6.6;
        // The row labels end left of the cells: room for the longest theme name.
        let widest_row = rows.iter().map(|t| self.theme_label(t, lang).chars().count()).max().unwrap_or(0) as f64 * 6.6;
        let (left, top, cell) = ((widest_row + 16.0).max(190.0), (longest * 0.766 + 16.0).max(110.0), 34.0);
        let w = left + cell * cols.len() as f64 + (longest * 0.643 + 16.0).max(90.0);
        let h = top + cell * rows.len() as f64 + 10.0;
        let mut svg = format!(
            "<svg class=\"figure matrix\" viewBox=\"0 0 {w:.0} {h:.0}\" role=\"img\" aria-labelledby=\"mx-title mx-desc\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"mx-title\"{}>{}</title><desc id=\"mx-desc\"{}>{}</desc>",
            self.strings[lang].lang_attr("matrix"),
            escape_html(title),
            self.strings[lang].lang_attr("matrix_desc"),
            escape_html(desc)
        );
        for (j, p) in cols.iter().enumerate() {
            let cx = left + cell * j as f64 + cell / 2.0;
            svg.push_str(&format!(
                "<text transform=\"translate({cx:.1},{:.1}) rotate(-50)\" font-size=\"12\" fill=\"#1b1f24\">{}</text>",
                top - 8.0,
                escape_html(&self.party_label(p, lang))
            ));
        }
        for (i, t) in rows.iter().enumerate() {
            let cy = top + cell * i as f64;
            svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"12\" fill=\"#1b1f24\">{}</text>",
                left - 8.0,
                cy + cell / 2.0 + 4.0,
                escape_html(&self.theme_label(t, lang))
            ));
            for (j, p) in cols.iter().enumerate() {
                let n = counts.get(&(*t, *p)).copied().unwrap_or(0);
                let shade = if n == 0 { 0.0 } else { 0.15 + 0.85 * (n as f64 / max).sqrt() };
                // The figures keep 4.5:1 against their cell (WCAG 1.4.3): dark on shades up to
                // 0.65 (4.8:1 at 0.65), white from 0.77 (4.7:1); shades between, where neither
                // reaches it, go to the nearer of the two.
                let shade = if shade > 0.65 && shade < 0.77 { if shade < 0.71 { 0.65 } else { 0.77 } } else { shade };
                let fill = if n == 0 { "#f3f5f8".to_string() } else { format!("rgba(11,79,138,{shade:.2})") };
                let text = if shade >= 0.77 { "#ffffff" } else { "#1b1f24" };
                let cx = left + cell * j as f64;
                svg.push_str(&format!(
                    "<rect x=\"{cx:.1}\" y=\"{cy:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\" stroke=\"#ffffff\"/>",
                    cell - 1.0,
                    cell - 1.0
                ));
                if n > 0 {
                    svg.push_str(&format!(
                        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{text}\">{n}</text>",
                        cx + cell / 2.0,
                        cy + cell / 2.0 + 4.0
                    ));
                }
            }
        }
        svg.push_str("</svg>");
        svg
    }
}
