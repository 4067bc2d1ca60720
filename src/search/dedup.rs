//! Near-duplicate evidence: the same ticket filed twice, an answer pasted into several surveys.
//! Each ticket and survey answer carries a 64-bit signature: sixteen 4-bit MinHashes of its set
//! of word pairs. Two texts agree on a slot about as often as their sets of word pairs overlap
//! (Jaccard), so near-copies agree on at least 14 of 16 slots while texts that merely share a
//! template almost never do. Groups are assigned when documents are indexed ([`GroupTable`]) and
//! stored with them; a search counts the group ids of its matches ([`GroupCollector`]), so copies
//! do not inflate a count and a broad search stays one hash-map update per match.

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
            // The bytes of "first second", without building the string.
            let hp = fnv1a(pair[0].bytes().chain([b' ']).chain(pair[1].bytes()));
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

/// The near-duplicate groups of the indexed documents, kept up to date as documents are indexed:
/// each document with a signature joins the group of the first earlier document it is near
/// (sharing 14 of 16 slots with that group's first document — never by chains of "somewhat
/// alike"), or starts its own. The group id is its first document's id, stored with every
/// document in the index, so a search only has to count group ids.
#[derive(Default)]
pub struct GroupTable {
    /// Band (quarter number, its 16 bits) → groups' first documents (id, signature) having it.
    /// Signatures sharing 14 of 16 nibbles differ in at most two quarters, so they share at
    /// least two bands; 16-bit bands keep the buckets small.
    bands: HashMap<u32, Vec<(i64, u64)>, BuildBand>,
    /// Document id → (signature, group).
    docs: HashMap<i64, (u64, i64), BuildBand>,
}

fn bands_of(h: u64) -> [u32; 4] {
    [0u32, 1, 2, 3].map(|k| (k << 16) | ((h >> (k * 16)) & 0xffff) as u32)
}

impl GroupTable {
    /// The group of document `id` with `signature` (0: never grouped, returns 0), assigning one
    /// when the document is new or its text changed.
    pub fn assign(&mut self, id: i64, signature: u64) -> i64 {
        if signature == 0 {
            self.remove(id);
            return 0;
        }
        match self.docs.get(&id) {
            Some(&(s, g)) if s == signature => return g,
            Some(_) => self.remove(id),
            None => {}
        }
        let mut group = None;
        'bands: for band in bands_of(signature) {
            if let Some(firsts) = self.bands.get(&band) {
                // Templated evidence can crowd a band: look at its 8 most recent groups at most.
                for &(first, s) in firsts.iter().rev().take(8) {
                    if shared_slots(s, signature) >= MIN_SHARED_SLOTS {
                        group = Some(first);
                        break 'bands;
                    }
                }
            }
        }
        let group = match group {
            Some(g) => g,
            None => {
                for band in bands_of(signature) {
                    self.bands.entry(band).or_default().push((id, signature));
                }
                id
            }
        };
        self.docs.insert(id, (signature, group));
        group
    }

    /// Records a document as the index already holds it (signature and group), when the table
    /// is loaded from the index. Call in id order.
    pub fn insert_existing(&mut self, id: i64, signature: u64, group: i64) {
        if signature == 0 || group == 0 {
            return;
        }
        if group == id {
            for band in bands_of(signature) {
                self.bands.entry(band).or_default().push((id, signature));
            }
        }
        self.docs.insert(id, (signature, group));
    }

    /// Forgets document `id` (deleted, or its text changed). Its group keeps its other members.
    pub fn remove(&mut self, id: i64) {
        if let Some((signature, group)) = self.docs.remove(&id) {
            if group == id {
                for band in bands_of(signature) {
                    if let Some(firsts) = self.bands.get_mut(&band) {
                        firsts.retain(|(first, _)| *first != id);
                    }
                }
            }
        }
    }

    /// Documents known.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when no document is known.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

/// Groups documents by near-duplicate signature, lowest id first, the way the index does:
/// for each document that is a copy, the id of the first document of its group.
pub fn group(docs: &[(i64, u64)]) -> HashMap<i64, i64> {
    let mut sorted: Vec<(i64, u64)> = docs.to_vec();
    sorted.sort_unstable();
    let mut table = GroupTable::default();
    sorted
        .into_iter()
        .filter_map(|(id, h)| {
            let g = table.assign(id, h);
            (g != 0 && g != id).then_some((id, g))
        })
        .collect()
}

/// The near-duplicate groups among a search's matches: which match is the first of its group
/// there, and how many matches each group has.
#[derive(Debug, Default)]
pub struct MatchGroups {
    /// Group id → (lowest matching document id, matches in the group).
    groups: HashMap<i64, (i64, u64), BuildBand>,
    /// Matches that are never grouped (interviews, notes).
    ungrouped: u64,
}

impl MatchGroups {
    /// Matches counting each group once.
    pub fn distinct(&self) -> u64 {
        self.ungrouped + self.groups.len() as u64
    }

    /// For a match: the first match of its group when it is not that one, and how many other
    /// matches its group has.
    pub fn of(&self, id: i64, group: i64) -> (Option<i64>, u64) {
        match self.groups.get(&group) {
            Some(&(first, n)) if group != 0 => ((first != id).then_some(first), n - 1),
            _ => (None, 0),
        }
    }
}

/// Collects the near-duplicate groups of every match (reads the `id` and `dup_group` fast
/// fields: one hash-map update per match).
pub struct GroupCollector;

/// Per-segment part of [`GroupCollector`].
pub struct GroupSegment {
    ids: Column<u64>,
    groups: Column<u64>,
    out: MatchGroups,
}

impl Collector for GroupCollector {
    type Fruit = MatchGroups;
    type Child = GroupSegment;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<GroupSegment> {
        let ff = reader.fast_fields();
        Ok(GroupSegment {
            ids: ff.u64("id")?,
            groups: ff.u64("dup_group")?,
            out: MatchGroups::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<MatchGroups>) -> tantivy::Result<MatchGroups> {
        let mut all = MatchGroups::default();
        for f in fruits {
            all.ungrouped += f.ungrouped;
            for (g, (first, n)) in f.groups {
                let e = all.groups.entry(g).or_insert((first, 0));
                e.0 = e.0.min(first);
                e.1 += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for GroupSegment {
    type Fruit = MatchGroups;

    fn collect(&mut self, doc: DocId, _: Score) {
        let group = self.groups.first(doc).unwrap_or(0) as i64;
        if group == 0 {
            self.out.ungrouped += 1;
            return;
        }
        let id = self.ids.first(doc).unwrap_or(0) as i64;
        let e = self.out.groups.entry(group).or_insert((id, 0));
        e.0 = e.0.min(id);
        e.1 += 1;
    }

    fn harvest(self) -> MatchGroups {
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
