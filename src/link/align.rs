//! Alignment of translations on block ids.
//!
//! The rows follow the reading order of the authentic text when the site has it (else
//! the first translation in site-language order); a block that only another
//! translation has is inserted after the block that precedes it there. A missing
//! translation of a block is an empty cell, never a shift of the columns.

use crate::model::{BlockId, Lang, ParsedDoc};
use std::collections::BTreeMap;

/// One aligned row: the index of the block in each translation that has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: BlockId,
    pub cells: Cells,
}

/// The cells of a row: per language that has the block, its index there; in language
/// order. A sorted list, not a map: a large site has a row for every block (150,000 at
/// 5,000 synthetic declarations), and a map of two entries took 400 bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cells(Vec<(Lang, u32)>);

impl Cells {
    /// The block's index in the translation in `lang`, if it has the block.
    pub fn get(&self, lang: &Lang) -> Option<usize> {
        self.0.binary_search_by(|(l, _)| l.cmp(lang)).ok().map(|i| self.0[i].1 as usize)
    }

    pub fn contains_key(&self, lang: &Lang) -> bool {
        self.get(lang).is_some()
    }

    /// The languages that have the block, in order.
    pub fn keys(&self) -> impl Iterator<Item = &Lang> {
        self.0.iter().map(|(l, _)| l)
    }

    /// (language, index) of each cell, in language order.
    pub fn iter(&self) -> impl Iterator<Item = (&Lang, usize)> {
        self.0.iter().map(|(l, i)| (l, *i as usize))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Gives `lang` the index `index`, unless it has one.
    fn insert_new(&mut self, lang: &Lang, index: usize) {
        if let Err(at) = self.0.binary_search_by(|(l, _)| l.cmp(lang)) {
            self.0.reserve_exact(1);
            self.0.insert(at, (lang.clone(), index as u32));
        }
    }
}

pub fn align(translations: &[&ParsedDoc], original: Option<&Lang>) -> Vec<Row> {
    let mut order: Vec<&ParsedDoc> = translations.to_vec();
    if let Some(orig) = original
        && let Some(i) = order.iter().position(|d| &d.lang == orig)
    {
        let d = order.remove(i);
        order.insert(0, d);
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut index: BTreeMap<BlockId, usize> = BTreeMap::new();
    for doc in order {
        let mut last: Option<usize> = None;
        for (i, block) in doc.blocks.iter().enumerate() {
            match index.get(&block.id) {
                Some(&r) => {
                    rows[r].cells.insert_new(&doc.lang, i);
                    last = Some(r);
                }
                None => {
                    let at = last.map_or(0, |l| l + 1);
                    if at < rows.len() {
                        // Rare (a block only this translation has, in the middle): shift.
                        for v in index.values_mut() {
                            if *v >= at {
                                *v += 1;
                            }
                        }
                    }
                    let mut cells = Cells::default();
                    cells.insert_new(&doc.lang, i);
                    rows.insert(at, Row { id: block.id.clone(), cells });
                    index.insert(block.id.clone(), at);
                    last = Some(at);
                }
            }
        }
    }
    rows.shrink_to_fit();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{FileId, Span};
    use crate::model::{Block, BlockKind, FrontMatter, Slug};

    fn doc(lang: &str, ids: &[&str]) -> ParsedDoc {
        ParsedDoc {
            file: FileId(0),
            slug: Slug("s".into()),
            lang: Lang(lang.into()),
            front: FrontMatter::default(),
            source_hash: 0,
            footnotes: Vec::new(),
            texts: crate::model::PackedText::new(""),
            blocks: ids
                .iter()
                .map(|id| Block {
                    id: BlockId(id.to_string()),
                    kind: BlockKind::Paragraph,
                    depth: 0,
                    html: 0..0,
                    text: 0..0,
                    themes: vec![],
                    parties: vec![],
                    span: Span::new(FileId(0), 0, 0),
                    explicit_id: true,
                })
                .collect(),
            body: crate::model::PackedText::new(""),
            refs: vec![],
            local_links: vec![],
            has_code: false,
        }
    }

    fn shape(rows: &[Row]) -> Vec<String> {
        rows.iter().map(|r| format!("{}:{}", r.id, r.cells.keys().map(|l| l.as_str()).collect::<Vec<_>>().join("+"))).collect()
    }

    #[test]
    fn identical_ids_align_one_to_one() {
        let (nl, en) = (doc("nl", &["1", "2", "3"]), doc("en", &["1", "2", "3"]));
        let rows = align(&[&nl, &en], None);
        assert_eq!(shape(&rows), ["1:en+nl", "2:en+nl", "3:en+nl"]);
        assert_eq!(rows[2].cells.get(&Lang("en".into())), Some(2));
    }

    #[test]
    fn gaps_are_marked_not_shifted() {
        let (nl, en) = (doc("nl", &["1", "2", "3"]), doc("en", &["1", "3", "3b"]));
        let rows = align(&[&nl, &en], None);
        assert_eq!(shape(&rows), ["1:en+nl", "2:nl", "3:en+nl", "3b:en"]);
    }

    #[test]
    fn follows_the_original_order_and_places_extras_after_their_predecessor() {
        let nl = doc("nl", &["a", "x", "b"]);
        let en = doc("en", &["a", "b", "y"]);
        let fr = doc("fr", &["a", "b"]);
        let rows = align(&[&nl, &fr, &en], Some(&Lang("en".into())));
        assert_eq!(shape(&rows), ["a:en+fr+nl", "x:nl", "b:en+fr+nl", "y:en"]);
    }
}
