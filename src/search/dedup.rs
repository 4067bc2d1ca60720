//! Near-duplicate evidence: the same ticket filed twice, an answer pasted into several surveys.
//! Each ticket and survey answer carries a 64-bit signature: sixteen 4-bit MinHashes of its set
//! of word pairs. Two texts agree on a slot about as often as their sets of word pairs overlap
//! (Jaccard), so near-copies agree on at least 14 of 16 slots while texts that merely share a
//! template almost never do. At search time the matches are grouped through those slots, so
//! copies do not inflate a count.

use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentReader};

/// Slots (of sixteen) two signatures must share to be near-duplicates.
pub const MIN_SHARED_SLOTS: u32 = 14;

/// FNV-1a, 64-bit: a stable hash (std's may change between releases, and these are stored).
pub fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The signature of a text's set of word pairs (lowercase words of letters and digits). Texts of
/// fewer than eight words get an exact hash of their words instead (every slot must match): a
/// one-word change in a short answer is a different answer. Never 0 (0 means "not deduplicated").
pub fn signature(text: &str) -> u64 {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let h = if words.len() < 8 {
        fnv1a(words.join(" ").into_bytes())
    } else {
        // Per slot: the smallest hash of any word pair under that slot's seed, of which the low
        // four bits are kept (the high bits of a minimum are mostly zeros).
        let mut slots = [u64::MAX; 16];
        for pair in words.windows(2) {
            let hp = fnv1a(pair.join(" ").into_bytes());
            for (k, slot) in slots.iter_mut().enumerate() {
                // One well-mixed hash per slot (FNV's low bits alone are weak).
                let h = mix(hp ^ (k as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
                *slot = (*slot).min(h);
            }
        }
        slots
            .iter()
            .enumerate()
            .fold(0u64, |acc, (k, m)| acc | (m & 0xf) << (k * 4))
    };
    h.max(1)
}

/// MurmurHash3's 64-bit finalizer: every input bit moves every output bit.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// How many of the sixteen 4-bit slots two signatures share.
fn shared_slots(a: u64, b: u64) -> u32 {
    // Fold each differing nibble onto its lowest bit, then count the nibbles that differ.
    let x = a ^ b;
    let x = x | (x >> 1);
    let x = (x | (x >> 2)) & 0x1111_1111_1111_1111;
    16 - x.count_ones()
}

/// Hashes a band key or a document id with one multiplication: SipHash, the default, is the
/// larger part of grouping thousands of matches.
#[derive(Default)]
pub struct BandHasher(u64);

impl std::hash::Hasher for BandHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ *b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.0 = (v as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_i64(&mut self, v: i64) {
        self.0 = (v as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// Builds [`BandHasher`]s.
pub type BuildBand = std::hash::BuildHasherDefault<BandHasher>;

/// For each document that is a copy, the id of the first document of its group.
pub type Copies = HashMap<i64, i64, BuildBand>;

/// Groups documents by near-duplicate signature. Takes `(document id, signature)` pairs
/// (signature 0: never a duplicate) and returns, for each document that is a copy, the id of the
/// first document of its group (the lowest id). A document joins a group only when it is near
/// that group's first document, so groups never grow by chains of "somewhat alike".
pub fn group(docs: &[(i64, u64)]) -> Copies {
    let mut sorted: Vec<(i64, u64)> = docs.iter().copied().filter(|(_, h)| *h != 0).collect();
    sorted.sort_unstable();
    // Band (quarter number, its 16 bits) → the first documents of groups having it, as a linked
    // list through `next` (no allocation per bucket). Signatures that share 14 of 16 nibbles
    // differ in at most two quarters, so they share at least two bands; and 16-bit bands keep
    // the buckets small.
    const END: u32 = u32::MAX;
    let mut heads: HashMap<u32, u32, BuildBand> =
        HashMap::with_capacity_and_hasher(sorted.len() * 4, BuildBand::default());
    let mut next: Vec<u32> = Vec::with_capacity(sorted.len() * 4);
    let mut reps: Vec<u32> = Vec::with_capacity(sorted.len() * 4);
    let mut out: Copies = HashMap::with_capacity_and_hasher(16, BuildBand::default());
    for (i, &(id, h)) in sorted.iter().enumerate() {
        let band = |k: u32| (k << 16) | ((h >> (k * 16)) & 0xffff) as u32;
        let mut first = None;
        'bands: for k in 0..4 {
            let mut at = heads.get(&band(k)).copied().unwrap_or(END);
            // Templated evidence can crowd a band: look at its 4 most recent groups at most (a
            // near-copy shares two bands with its group, so two chances to be seen).
            let mut looked = 0;
            while at != END && looked < 4 {
                looked += 1;
                let r = reps[at as usize] as usize;
                if shared_slots(sorted[r].1, h) >= MIN_SHARED_SLOTS {
                    first = Some(r);
                    break 'bands;
                }
                at = next[at as usize];
            }
        }
        match first {
            Some(r) => {
                out.insert(id, sorted[r].0);
            }
            None => {
                for k in 0..4 {
                    let node = reps.len() as u32;
                    reps.push(i as u32);
                    let head = heads.entry(band(k)).or_insert(END);
                    next.push(*head);
                    *head = node;
                }
            }
        }
    }
    out
}

/// Collects `(document id, signature)` of every match.
pub struct SignatureCollector;

/// Per-segment part of [`SignatureCollector`].
pub struct SignatureSegment {
    ids: Column<u64>,
    hashes: Column<u64>,
    out: Vec<(i64, u64)>,
}

impl Collector for SignatureCollector {
    type Fruit = Vec<(i64, u64)>;
    type Child = SignatureSegment;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<SignatureSegment> {
        let ff = reader.fast_fields();
        Ok(SignatureSegment {
            ids: ff.u64("id")?,
            hashes: ff.u64("signature")?,
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(i64, u64)>>) -> tantivy::Result<Vec<(i64, u64)>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SignatureSegment {
    type Fruit = Vec<(i64, u64)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let h = self.hashes.first(doc).unwrap_or(0);
        if h != 0 {
            self.out.push((self.ids.first(doc).unwrap_or(0) as i64, h));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_slots_counts_equal_nibbles() {
        assert_eq!(shared_slots(0, 0), 16);
        assert_eq!(shared_slots(0, 0xf), 15);
        assert_eq!(shared_slots(0x10, 0x1), 14);
        assert_eq!(shared_slots(0, u64::MAX), 0);
        assert_eq!(shared_slots(0x8000_0000_0000_0001, 0), 14);
    }

    #[test]
    fn copies_with_small_edits_group_and_different_texts_do_not() {
        let a = signature("The deploy pipeline times out every Friday afternoon when the release train leaves, and nobody on the team knows why it happens.");
        let b = signature("The deploy pipeline times out every Friday afternoon when the release train leaves, and nobody on our team knows why it happens!");
        let c = signature("Onboarding took three weeks because access requests wait for a manager who approves them once a week in a batch.");
        assert!(
            shared_slots(a, b) >= MIN_SHARED_SLOTS,
            "{}",
            shared_slots(a, b)
        );
        assert!(shared_slots(a, c) < 8, "{}", shared_slots(a, c));
        // Short answers only match exactly (ignoring case and punctuation).
        assert_eq!(signature("N/A"), signature("n a"));
        assert_ne!(signature("Yes, slow"), signature("Yes, fast"));
        let groups = group(&[(7, b), (3, a), (5, c), (9, 0), (11, a)]);
        assert_eq!(groups.get(&7), Some(&3));
        assert_eq!(groups.get(&11), Some(&3));
        assert_eq!(groups.get(&5), None);
        assert_eq!(groups.get(&3), None, "the first of a group is not a copy");
        assert_eq!(groups.len(), 2);
    }
}
