//! A set of documents named by their ids, as a tantivy query. A theme's coded documents are tens of
//! thousands of ids; looking each up in the term dictionary (`TermSetQuery`) costs about 10 ms per
//! search at 20 000 ids, while reading the `id` column of each segment once and keeping the
//! documents whose id is in the set costs a fraction of that and does not grow with the set.

use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Ids as a membership test: a bit per id up to the largest (ids are SQLite row ids, dense from
/// 1), or the sorted ids when they are too sparse for that.
#[derive(Debug)]
enum Members {
    Bits(Vec<u64>),
    Sorted(Vec<u64>),
}

impl Members {
    fn new(ids: &[i64]) -> Members {
        let mut sorted: Vec<u64> = ids.iter().filter(|&&i| i >= 0).map(|&i| i as u64).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let max = sorted.last().copied().unwrap_or(0);
        // A bitmap is used while it is no bigger than 64 bits per id and at most 8 MiB.
        if max / 64 <= (sorted.len() as u64).max(1) * 64 && max < (1 << 26) {
            let mut bits = vec![0u64; (max / 64 + 1) as usize];
            for id in sorted {
                bits[(id / 64) as usize] |= 1 << (id % 64);
            }
            Members::Bits(bits)
        } else {
            Members::Sorted(sorted)
        }
    }

    fn contains(&self, id: u64) -> bool {
        match self {
            Members::Bits(bits) => bits
                .get((id / 64) as usize)
                .is_some_and(|w| w & (1 << (id % 64)) != 0),
            Members::Sorted(ids) => ids.binary_search(&id).is_ok(),
        }
    }
}

/// The documents whose `field` fast field (a `u64` id) is one of a set of ids, each scored
/// `score`.
///
/// A query read by several searches of one searcher (a theme's figures are four) finds each
/// segment's documents once: they are kept, by segment, with the query and its clones.
#[derive(Debug, Clone)]
pub struct IdSetQuery {
    field: String,
    members: Arc<Members>,
    score: Score,
    found: Arc<Mutex<HashMap<SegmentId, Arc<[DocId]>>>>,
}

impl IdSetQuery {
    /// Documents whose fast field `field` holds one of `ids`.
    pub fn new(field: &str, ids: &[i64], score: Score) -> IdSetQuery {
        IdSetQuery {
            field: field.to_string(),
            members: Arc::new(Members::new(ids)),
            score,
            found: Arc::default(),
        }
    }
}

impl Query for IdSetQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(IdSetWeight(self.clone())))
    }
}

struct IdSetWeight(IdSetQuery);

impl IdSetWeight {
    /// The segment's documents in the set, ascending (deleted ones too: collectors skip those).
    fn docs(&self, reader: &SegmentReader) -> tantivy::Result<Arc<[DocId]>> {
        let key = reader.segment_id();
        if let Some(docs) = self.found().get(&key) {
            return Ok(docs.clone());
        }
        let column = reader.fast_fields().u64(&self.0.field)?;
        let members = &self.0.members;
        let docs: Arc<[DocId]> = (0..reader.max_doc())
            .filter(|&doc| column.first(doc).is_some_and(|id| members.contains(id)))
            .collect();
        self.found().insert(key, docs.clone());
        Ok(docs)
    }

    fn found(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentId, Arc<[DocId]>>> {
        // The map only ever gains complete entries: one left by a panicking thread is still true.
        self.0.found.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Weight for IdSetWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(SortedDocs {
            docs: self.docs(reader)?,
            at: 0,
            score: self.0.score * boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.docs(reader)?.binary_search(&doc).is_err() {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} is not in the id set"
            )));
        }
        Ok(Explanation::new("in the id set", self.0.score))
    }
}

/// Sorted documents with one score.
struct SortedDocs {
    docs: Arc<[DocId]>,
    at: usize,
    score: Score,
}

impl DocSet for SortedDocs {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.docs.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let rest = &self.docs[self.at..];
        self.at += rest.partition_point(|&d| d < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        (self.docs.len() - self.at) as u32
    }
}

impl Scorer for SortedDocs {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_hold_exactly_the_ids_whether_dense_or_sparse() {
        let dense = Members::new(&[3, 1, 64, 3, 200]);
        assert!(matches!(dense, Members::Bits(_)));
        let sparse = Members::new(&[5, 1 << 40]);
        assert!(matches!(sparse, Members::Sorted(_)));
        for m in [&dense, &sparse] {
            assert!(!m.contains(0));
            assert!(!m.contains(2));
            assert!(!m.contains(1 << 41));
        }
        for id in [1, 3, 64, 200] {
            assert!(dense.contains(id));
        }
        assert!(!dense.contains(65) && !dense.contains(201));
        assert!(sparse.contains(5) && sparse.contains(1 << 40));
    }

    #[test]
    fn sorted_docs_advance_and_seek_in_order() {
        let mut d = SortedDocs {
            docs: vec![2, 5, 9, 40].into(),
            at: 0,
            score: 0.5,
        };
        assert_eq!(d.doc(), 2);
        assert_eq!(d.seek(6), 9);
        assert_eq!(d.seek(9), 9);
        assert_eq!(d.advance(), 40);
        assert_eq!(d.score(), 0.5);
        assert_eq!(d.advance(), TERMINATED);
        assert_eq!(d.advance(), TERMINATED);
        assert_eq!(d.seek(100), TERMINATED);
        assert_eq!(d.size_hint(), 0);
    }
}
