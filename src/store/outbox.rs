//! The `outbox` table: one row per changed document, written in the same transaction as the change
//! and drained into the search index in batches. After a crash, whatever is left is replayed.

use crate::error::Result;
use rusqlite::{params, Connection};

/// Queues a document for (re)indexing.
pub fn enqueue(conn: &Connection, document_id: i64, now: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO outbox (document_id, queued_at) VALUES (?1, ?2)")?
        .execute(params![document_id, now])?;
    Ok(())
}

/// The next batch of queued changes: `(outbox id, document id)`, oldest first.
pub fn next_batch(conn: &Connection, limit: usize) -> Result<Vec<(i64, i64)>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, document_id FROM outbox ORDER BY id LIMIT ?1")?;
    let rows = stmt.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Forgets exactly the queued changes `ids` (they are in the index now). A change queued by
/// another process while these were being indexed is never among them, so it stays queued.
/// Consecutive ids are deleted as one range (a batch is mostly one run).
pub fn acknowledge(conn: &Connection, ids: &[i64]) -> Result<()> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for id in ids {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == id => *end = id,
            _ => runs.push((id, id)),
        }
    }
    crate::store::db::transaction(conn, |tx| {
        let mut stmt = tx.prepare_cached("DELETE FROM outbox WHERE id BETWEEN ?1 AND ?2")?;
        for (start, end) in &runs {
            stmt.execute([start, end])?;
        }
        Ok(())
    })
}

/// Forgets the queued changes with ids in `(after, upto]`: the ones one import wrote, once its
/// own index commit holds them (changes queued before it stay for the next drain).
pub fn acknowledge_range(conn: &Connection, after: i64, upto: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM outbox WHERE id > ?1 AND id <= ?2",
        [after, upto],
    )?;
    Ok(())
}

/// The highest queued id, if any.
pub fn max_id(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT MAX(id) FROM outbox", [], |r| r.get(0))?)
}

/// The id of the last change ever queued (ids are never reused, even once acknowledged): it moves
/// whenever any document is added, edited, deleted or restored. 0 before the first.
pub fn last_queued(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = 'outbox'",
        [],
        |r| r.get(0),
    )?)
}

/// Every queued change's id, oldest first.
pub fn ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM outbox ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many changes wait to be indexed.
pub fn pending(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?)
}
