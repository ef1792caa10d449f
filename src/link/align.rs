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
    pub cells: BTreeMap<Lang, usize>,
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
                    rows[r].cells.entry(doc.lang.clone()).or_insert(i);
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
                    rows.insert(at, Row { id: block.id.clone(), cells: BTreeMap::from([(doc.lang.clone(), i)]) });
                    index.insert(block.id.clone(), at);
                    last = Some(at);
                }
            }
        }
    }
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
            blocks: ids
                .iter()
                .map(|id| Block {
                    id: BlockId(id.to_string()),
                    kind: BlockKind::Paragraph,
                    depth: 0,
                    html: 0..0,
                    text: String::new(),
                    themes: vec![],
                    parties: vec![],
                    span: Span::new(FileId(0), 0, 0),
                    explicit_id: true,
                })
                .collect(),
            body: crate::model::Body::new(""),
            refs: vec![],
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
        assert_eq!(rows[2].cells[&Lang("en".into())], 2);
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
