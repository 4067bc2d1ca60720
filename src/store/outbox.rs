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

/// Forgets every queued change up to and including `max_id` (they are in the index now).
pub fn acknowledge(conn: &Connection, max_id: i64) -> Result<()> {
    conn.execute("DELETE FROM outbox WHERE id <= ?1", [max_id])?;
    Ok(())
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

/// How many changes wait to be indexed.
pub fn pending(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?)
}
