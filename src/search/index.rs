//! The tantivy index: schema, opening, and the indexer that drains the outbox in batches.

use super::dedup::GroupTable;
use crate::error::{Error, Result};
use crate::research::documents::{self, DocumentKind, IndexedDocument};
use crate::store::outbox;
use rusqlite::Connection;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// What indexing a run of documents reads once: the import format of each batch seen so far
/// (`jira-csv`…), and who each person alias is.
#[derive(Default)]
pub(crate) struct Formats {
    batches: std::collections::HashMap<i64, String>,
    people: Option<crate::research::people::Resolver>,
}

impl Formats {
    pub(crate) fn new() -> Self {
        Formats::default()
    }
}

/// Loads what the index stores about a live document; its source is the import format of the
/// batch that wrote it, or its kind when it was typed in the app.
pub(crate) fn load(
    conn: &Connection,
    id: i64,
    formats: &mut Formats,
) -> Result<Option<IndexedDocument>> {
    let Some(mut d) = documents::load_for_index(conn, id)? else {
        return Ok(None);
    };
    if let Some(batch) = d.batch {
        if !formats.batches.contains_key(&batch) {
            formats
                .batches
                .extend(crate::import::batches::formats(conn, &[batch])?);
        }
        if let Some(f) = formats.batches.get(&batch) {
            d.source = f.clone();
        }
    }
    // One person counts once whatever the spelling: linked names index as the person.
    if !d.persons.is_empty() {
        if formats.people.is_none() {
            formats.people = Some(crate::research::people::Resolver::load(conn)?);
        }
        if let Some(people) = &formats.people {
            d.persons = d.persons.iter().map(|p| people.identity(p)).collect();
        }
    }
    if !d.roles.is_empty() {
        // A transcript read from a folder of notes is a transcript all the same.
        d.source = crate::import::Format::Transcript.name().to_string();
    }
    Ok(Some(d))
}
/// Outbox rows handled per index commit.
pub const BATCH: usize = 10_000;
/// Memory budget of the index writer.
const WRITER_HEAP: usize = 64 * 1024 * 1024;
/// How long a write waits for another writer to let go of the index before it leaves its changes
/// queued for whoever writes next (see `SearchIndex::writer`).
const WRITER_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Field handles of the index schema.
#[derive(Clone, Copy)]
pub struct Fields {
    /// Document id (u64, the link back to SQLite).
    pub id: Field,
    /// Document kind.
    pub kind: Field,
    /// Title, English-stemmed.
    pub title: Field,
    /// Body, English-stemmed, stored for snippets.
    pub body: Field,
    /// Participant, interviewer, role.
    pub people: Field,
    /// Team name (raw).
    pub team: Field,
    /// Tags (raw, multi-valued).
    pub tag: Field,
    /// Date `YYYY-MM-DD` (raw, sortable).
    pub date: Field,
    /// Team name lowercased (what `team:` matches).
    pub team_key: Field,
    /// Tags lowercased (what `tag:` matches).
    pub tag_key: Field,
    /// Where the document came from (`interview`, `jira-csv`, `google-forms`…).
    pub source: Field,
    /// Who wrote it, lowercased (`author:`).
    pub author: Field,
    /// Ticket status, lowercased (`status:`).
    pub status: Field,
    /// Everyone on it, lowercased (distinct people of a theme).
    pub person: Field,
    /// `YYYY-MM` of the date (month facet and trend).
    pub month: Field,
    /// ISO week `YYYY-Www` of the date (weekly trend).
    pub week: Field,
    /// The date as the number YYYYMMDD (date ranges, sort by date); 0 when undated.
    pub day: Field,
    /// Near-duplicate signature of a ticket or survey answer (see `dedup`); 0 for other kinds.
    pub signature: Field,
    /// Near-duplicate group: the id of the group's first document; 0 for other kinds.
    pub dup_group: Field,
    /// A stable hash of everything indexed about the document ([`content_hash`]): `check`
    /// compares it with what SQLite holds now.
    pub hash: Field,
    /// A transcript's interviewer turns, English-stemmed (`role:interviewer` searches them).
    pub asked: Field,
    /// A transcript's speakers, lowercased (`speaker:`).
    pub speaker: Field,
    /// The roles that speak in a transcript (`role:`).
    pub role: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stemmed = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let stemmed_unstored = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        kind: b.add_text_field("kind", STRING | STORED | FAST),
        title: b.add_text_field("title", stemmed.clone()),
        body: b.add_text_field("body", stemmed.clone()),
        people: b.add_text_field("people", stemmed),
        team: b.add_text_field("team", STRING | STORED | FAST),
        tag: b.add_text_field("tag", STRING | STORED | FAST),
        date: b.add_text_field("date", STRING | STORED | FAST),
        team_key: b.add_text_field("team_key", STRING),
        tag_key: b.add_text_field("tag_key", STRING),
        source: b.add_text_field("source", STRING | STORED | FAST),
        author: b.add_text_field("author", STRING),
        status: b.add_text_field("status", STRING),
        person: b.add_text_field("person", STRING | FAST),
        month: b.add_text_field("month", STRING | FAST),
        week: b.add_text_field("week", STRING | FAST),
        day: b.add_u64_field("day", INDEXED | FAST),
        signature: b.add_u64_field("signature", FAST),
        dup_group: b.add_u64_field("dup_group", FAST),
        hash: b.add_u64_field("content_hash", FAST),
        asked: b.add_text_field("asked", stemmed_unstored),
        speaker: b.add_text_field("speaker", STRING),
        role: b.add_text_field("role", STRING),
    };
    (b.build(), fields)
}

/// The near-duplicate groups as of a searcher generation (reloaded from the index when another
/// process committed).
#[derive(Default)]
struct Groups {
    table: Option<GroupTable>,
    generation: Option<u64>,
}

/// A rebuild reports its progress after this many documents.
pub const REBUILD_PROGRESS_EVERY: u64 = 250;

/// The workspace's search index.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    commits: AtomicU64,
    groups: Mutex<Groups>,
}

impl SearchIndex {
    /// Opens the index in `dir`. An index that is missing, unreadable (a truncated `meta.json`, a
    /// lost or damaged segment) or from another schema (an older Groundwork wrote it; the schema
    /// is the index's version) is deleted and created empty under the index writer's lock; the
    /// reason is returned and the caller rebuilds it from SQLite. Stale lock files are harmless:
    /// tantivy's locks are advisory locks that die with their process.
    pub fn open(dir: &Path) -> Result<(Self, Option<String>)> {
        let (schema, fields) = schema();
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::io(
                format!("cannot create the index folder {}", dir.display()),
                e,
            )
        })?;
        let (index, reader, damage) = match try_open(dir, &schema) {
            Ok((index, reader)) => (index, reader, None),
            Err(reason) => {
                let _lock = lock_dir(dir)?;
                // Another process may have recreated it while we waited for the lock.
                match try_open(dir, &schema) {
                    Ok((index, reader)) => (index, reader, None),
                    Err(_) => {
                        clear_dir(dir)?;
                        let index = Index::create_in_dir(dir, schema)?;
                        let reader = reader_for(&index)?;
                        (index, reader, Some(reason))
                    }
                }
            }
        };
        Ok((Self::from_parts(index, reader, fields), damage))
    }

    /// Deletes everything in the index folder `dir`, under the index writer's lock (a rebuild
    /// from scratch then opens it anew).
    pub fn delete(dir: &Path) -> Result<()> {
        if dir.exists() && !dir.is_dir() {
            // Something else took its name: the index cannot live there.
            return std::fs::remove_file(dir)
                .map_err(|e| Error::io(format!("cannot remove {}", dir.display()), e));
        }
        if !dir.is_dir() {
            return Ok(());
        }
        let _lock = lock_dir(dir)?;
        clear_dir(dir)
    }

    /// An empty index in memory: what a workspace holds when its index folder cannot be opened
    /// at all, so the commands that need only SQLite (status, backup, check) still work.
    pub(crate) fn in_memory() -> Result<Self> {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        let reader = reader_for(&index)?;
        Ok(Self::from_parts(index, reader, fields))
    }

    fn from_parts(index: Index, reader: IndexReader, fields: Fields) -> Self {
        SearchIndex {
            index,
            reader,
            fields,
            commits: AtomicU64::new(0),
            groups: Mutex::new(Groups::default()),
        }
    }

    /// Files of the index's segments whose checksum no longer matches what was written (garbage
    /// written over them, a bad disk). Reads every byte of the index: for `check`, not `open`.
    pub fn damaged_files(&self) -> Result<Vec<String>> {
        let mut files: Vec<String> = self
            .index
            .validate_checksum()?
            .into_iter()
            .map(|p| p.display().to_string())
            .collect();
        files.sort();
        Ok(files)
    }

    pub(crate) fn writer(&self) -> Result<IndexWriter> {
        // The writer's lock is busy while another writer (another process, or a thread of this
        // one finishing its commit) holds it: wait a moment for it, rather than give up at once
        // and leave the changes queued behind a search. Not SQLite's 10 s: while the app holds
        // the writer for a long import, a CLI write would stall that long before leaving its
        // changes to the app's indexer.
        let started = std::time::Instant::now();
        loop {
            match self.index.writer_with_num_threads(1, WRITER_HEAP) {
                Ok(w) => {
                    // A writer killed mid-commit leaves files no commit names (a half-written
                    // `.del`); the next commit would fail on them. We hold the lock: sweep them.
                    w.garbage_collect_files().wait()?;
                    return Ok(w);
                }
                Err(tantivy::TantivyError::LockFailure(_, _)) if started.elapsed() < WRITER_WAIT =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(tantivy::TantivyError::LockFailure(_, _)) => {
                    return Err(Error::Locked(
                        "the search index is being written by another Groundwork process; try again in a moment".into(),
                    ))
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// The near-duplicate group of a document about to be indexed (0 for kinds never grouped).
    fn group_for(&self, id: i64, signature: u64) -> Result<i64> {
        let mut g = self
            .groups
            .lock()
            .map_err(|_| Error::Internal("the duplicate-group lock was poisoned".into()))?;
        let generation = self.reader.searcher().generation().generation_id();
        // Reload when nothing is loaded, or another process committed since (a rebuild sets no
        // generation: its fresh table must not be replaced by the index it is replacing).
        if g.table.is_none() || g.generation.is_some_and(|known| known != generation) {
            g.table = Some(self.load_groups()?);
            g.generation = Some(generation);
        }
        Ok(g.table
            .as_mut()
            .map(|t| t.assign(id, signature))
            .unwrap_or(0))
    }

    /// Reloads the reader: searches see the last commit at once.
    pub fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// The document id of every live entry in the index, one per entry (a document indexed
    /// twice appears twice), read from the `id` fast field.
    pub fn indexed_ids(&self) -> Result<Vec<i64>> {
        Ok(self.indexed()?.into_iter().map(|(id, _)| id).collect())
    }

    /// Every live entry in the index as `(document id, content hash)`, read from fast fields.
    pub fn indexed(&self) -> Result<Vec<(i64, u64)>> {
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(searcher.num_docs() as usize);
        for segment in searcher.segment_readers() {
            let ff = segment.fast_fields();
            let (ids, hashes) = (ff.u64("id")?, ff.u64("content_hash")?);
            for doc in segment.doc_ids_alive() {
                if let Some(id) = ids.first(doc) {
                    out.push((id as i64, hashes.first(doc).unwrap_or(0)));
                }
            }
        }
        Ok(out)
    }

    /// Each indexed document's near-duplicate group (the id of the group's first document), for
    /// the documents that belong to one (tickets and survey answers); others are left out.
    pub fn duplicate_groups(&self) -> Result<std::collections::HashMap<i64, i64>> {
        let searcher = self.reader.searcher();
        let mut out = std::collections::HashMap::new();
        for segment in searcher.segment_readers() {
            let ff = segment.fast_fields();
            let (ids, groups) = (ff.u64("id")?, ff.u64("dup_group")?);
            for doc in segment.doc_ids_alive() {
                if let (Some(id), Some(g)) = (ids.first(doc), groups.first(doc)) {
                    if g != 0 {
                        out.insert(id as i64, g as i64);
                    }
                }
            }
        }
        Ok(out)
    }

    /// The groups the index holds, read from its fast fields.
    fn load_groups(&self) -> Result<GroupTable> {
        let searcher = self.reader.searcher();
        let mut docs: Vec<(i64, u64, i64)> = Vec::new();
        for segment in searcher.segment_readers() {
            let ff = segment.fast_fields();
            let (ids, sigs, groups) = (ff.u64("id")?, ff.u64("signature")?, ff.u64("dup_group")?);
            for doc in segment.doc_ids_alive() {
                let sig = sigs.first(doc).unwrap_or(0);
                if sig != 0 {
                    docs.push((
                        ids.first(doc).unwrap_or(0) as i64,
                        sig,
                        groups.first(doc).unwrap_or(0) as i64,
                    ));
                }
            }
        }
        docs.sort_unstable();
        let mut table = GroupTable::default();
        for (id, sig, group) in docs {
            table.insert_existing(id, sig, group);
        }
        Ok(table)
    }

    /// After this process committed: the table already holds what was committed.
    fn groups_committed(&self) {
        if let Ok(mut g) = self.groups.lock() {
            g.generation = Some(self.reader.searcher().generation().generation_id());
        }
    }

    /// After a rollback: the table may hold documents that were never committed.
    pub(crate) fn forget_groups(&self) {
        if let Ok(mut g) = self.groups.lock() {
            *g = Groups::default();
        }
    }

    fn forget_document(&self, id: i64) {
        if let Ok(mut g) = self.groups.lock() {
            if let Some(t) = g.table.as_mut() {
                t.remove(id);
            }
        }
    }

    fn to_doc(&self, d: &IndexedDocument) -> Result<TantivyDocument> {
        let f = &self.fields;
        let mut doc = doc!(
            f.id => d.id as u64,
            f.kind => d.kind.as_str(),
            f.title => d.title.as_str(),
            f.body => d.body.as_str(),
            f.people => d.people.as_str(),
        );
        if let Some(team) = &d.team {
            doc.add_text(f.team, team);
            doc.add_text(f.team_key, team.to_lowercase());
        }
        let day = d
            .date
            .as_deref()
            .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        if let (Some(date), Some(day)) = (&d.date, day) {
            use chrono::Datelike;
            doc.add_text(f.date, date);
            doc.add_text(f.month, day.format("%Y-%m").to_string());
            let w = day.iso_week();
            doc.add_text(f.week, format!("{}-W{:02}", w.year(), w.week()));
        }
        doc.add_u64(f.day, day.map(day_number).unwrap_or(0));
        for tag in &d.tags {
            doc.add_text(f.tag, tag);
            doc.add_text(f.tag_key, tag.to_lowercase());
        }
        doc.add_text(f.source, &d.source);
        for a in &d.authors {
            doc.add_text(f.author, a.to_lowercase());
        }
        if let Some(status) = &d.status {
            doc.add_text(f.status, status.to_lowercase());
        }
        for p in &d.persons {
            doc.add_text(f.person, p.to_lowercase());
        }
        if !d.asked.is_empty() {
            doc.add_text(f.asked, &d.asked);
        }
        // `speaker:priya` finds Priya Sharma: each name is held whole and word by word.
        let mut terms: Vec<String> = d
            .speakers
            .iter()
            .flat_map(|s| crate::research::transcripts::speaker_terms(s))
            .collect();
        terms.sort();
        terms.dedup();
        for t in terms {
            doc.add_text(f.speaker, t);
        }
        for r in &d.roles {
            doc.add_text(f.role, *r);
        }
        // Copies are told apart by text: a ticket by its title and body, an answer by its body
        // (its title is the question, shared by every answer).
        let signature = match d.kind {
            DocumentKind::Ticket => super::dedup::signature(&format!("{}\n{}", d.title, d.body)),
            DocumentKind::SurveyResponse => super::dedup::signature(&d.body),
            _ => 0,
        };
        doc.add_u64(f.signature, signature);
        doc.add_u64(f.dup_group, self.group_for(d.id, signature)? as u64);
        doc.add_u64(f.hash, content_hash(d));
        Ok(doc)
    }

    /// Adds a new document through a writer held by a long write (an import): the writer's own
    /// thread indexes it while the caller goes on writing SQLite. Only additions are staged:
    /// tantivy keeps every queued delete in memory until the commit, so replacements go through
    /// the outbox.
    pub(crate) fn stage_new(&self, w: &IndexWriter, doc: &IndexedDocument) -> Result<()> {
        w.add_document(self.to_doc(doc)?)?;
        Ok(())
    }

    /// Commits what was staged and makes it searchable.
    pub(crate) fn commit_staged(&self, mut w: IndexWriter) -> Result<()> {
        w.commit()?;
        self.commits.fetch_add(1, Ordering::Relaxed);
        self.reader.reload()?;
        self.groups_committed();
        Ok(())
    }

    /// Drains the outbox into the index: one commit per batch of up to [`BATCH`] changes, never one
    /// per document. Returns how many changes were applied. Safe to repeat after a crash: a change
    /// is acknowledged only after the commit that contains it.
    pub fn drain(&self, conn: &Connection) -> Result<usize> {
        let mut applied = 0;
        let mut writer: Option<IndexWriter> = None;
        let mut formats = Formats::new();
        loop {
            let batch = outbox::next_batch(conn, BATCH)?;
            if batch.is_empty() {
                break;
            }
            let w = match &mut writer {
                Some(w) => w,
                None => writer.insert(self.writer()?),
            };
            let mut ids: Vec<i64> = batch.iter().map(|&(_, doc)| doc).collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                w.delete_term(Term::from_field_u64(self.fields.id, id as u64));
                match load(conn, id, &mut formats)? {
                    Some(d) => {
                        w.add_document(self.to_doc(&d)?)?;
                    }
                    None => self.forget_document(id),
                }
            }
            w.commit()?;
            self.commits.fetch_add(1, Ordering::Relaxed);
            self.reader.reload()?;
            self.groups_committed();
            let done: Vec<i64> = batch.iter().map(|&(outbox_id, _)| outbox_id).collect();
            outbox::acknowledge(conn, &done)?;
            applied += batch.len();
        }
        if applied > 0 {
            self.reader.reload()?;
        }
        Ok(applied)
    }

    /// Rebuilds the whole index from SQLite. Returns the number of documents indexed.
    pub fn rebuild(&self, conn: &Connection) -> Result<u64> {
        self.rebuild_reporting(conn, &mut |_, _| {})
    }

    /// [`SearchIndex::rebuild`], telling `progress` (documents indexed, documents in all) at the
    /// start, every [`REBUILD_PROGRESS_EVERY`] documents and at the end.
    pub fn rebuild_reporting(
        &self,
        conn: &Connection,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<u64> {
        let mut w = self.writer()?;
        // Read a consistent view: changes made meanwhile stay in the outbox for the next drain.
        let tx = conn.unchecked_transaction()?;
        let queued = outbox::ids(&tx)?;
        let ids = documents::live_ids(&tx)?;
        let mut formats = Formats::new();
        w.delete_all_documents()?;
        // Groups are assigned afresh, in id order.
        if let Ok(mut g) = self.groups.lock() {
            g.table = Some(GroupTable::default());
            g.generation = None;
        }
        // One commit at the end: the writer flushes segments as its heap fills, and a crash midway
        // leaves the previous index in place (the count check on open then rebuilds again).
        let total = ids.len() as u64;
        progress(0, total);
        for (n, id) in ids.iter().enumerate() {
            if let Some(d) = load(&tx, *id, &mut formats)? {
                w.add_document(self.to_doc(&d)?)?;
            }
            let done = n as u64 + 1;
            if done.is_multiple_of(REBUILD_PROGRESS_EVERY) && done < total {
                progress(done, total);
            }
        }
        w.commit()?;
        self.commits.fetch_add(1, Ordering::Relaxed);
        tx.commit()?;
        self.reader.reload()?;
        self.groups_committed();
        outbox::acknowledge(conn, &queued)?;
        progress(total, total);
        Ok(total)
    }

    /// Index commits made through this handle (a diagnostic: edits are batched, never one commit
    /// per document).
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Documents currently searchable.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}

fn clear_dir(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(format!("cannot read {}", dir.display()), e))?;
    for entry in entries.flatten() {
        let p = entry.path();
        // The writer's lock file stays: we hold it, and removing it would let another process
        // lock a new file of the same name.
        if entry.file_name() == WRITER_LOCK {
            continue;
        }
        let r = if p.is_dir() {
            std::fs::remove_dir_all(&p)
        } else {
            std::fs::remove_file(&p)
        };
        r.map_err(|e| Error::io(format!("cannot remove {}", p.display()), e))?;
    }
    Ok(())
}

/// The index writer's lock file (tantivy's name for it).
const WRITER_LOCK: &str = ".tantivy-writer.lock";

/// Opens the index in `dir` and a reader on it, or says why it cannot be used.
fn try_open(dir: &Path, schema: &Schema) -> std::result::Result<(Index, IndexReader), String> {
    if !dir.join("meta.json").exists() {
        return Err("the search index was missing".into());
    }
    let index =
        Index::open_in_dir(dir).map_err(|e| format!("the search index could not be read ({e})"))?;
    if index.schema() != *schema {
        return Err("the search index was written by another version of Groundwork".into());
    }
    let reader =
        reader_for(&index).map_err(|e| format!("the search index could not be read ({e})"))?;
    verify_new_files(dir, &index)?;
    Ok((index, reader))
}

/// The files whose checksum was verified, with the size and modification time they had then.
const VERIFIED_FILE: &str = "groundwork-verified.json";

/// Verifies the checksum of every segment file not verified before (a new commit or merge, by
/// this process or another), or changed since (size or modification time): each byte is read
/// once after it is written, not on every open, and garbage written over a file later is found
/// on the next open. Returns why the index cannot be trusted.
fn verify_new_files(dir: &Path, index: &Index) -> std::result::Result<(), String> {
    type Seen = std::collections::BTreeMap<String, (u64, u128)>;
    let unreadable =
        |e: &dyn std::fmt::Display| format!("the search index could not be read ({e})");
    let path = dir.join(VERIFIED_FILE);
    let known: Seen = std::fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut seen = Seen::new();
    let mut damaged = Vec::new();
    let metas = index
        .searchable_segment_metas()
        .map_err(|e| unreadable(&e))?;
    let mut files: Vec<std::path::PathBuf> = metas.iter().flat_map(|m| m.list_files()).collect();
    files.sort();
    for file in files {
        let name = file.display().to_string();
        let Ok(md) = std::fs::metadata(dir.join(&file)) else {
            // A segment without deletes lists a `.del` it never wrote; a file the reader needs
            // and lacks has already failed opening it.
            continue;
        };
        let modified = md
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let stamp = (md.len(), modified);
        if known.get(&name) != Some(&stamp) {
            match index.directory().validate_checksum(&file) {
                Ok(true) => {}
                Ok(false) | Err(_) => {
                    damaged.push(name);
                    continue;
                }
            }
        }
        seen.insert(name, stamp);
    }
    if !damaged.is_empty() {
        return Err(format!(
            "the search index's files fail their checksum ({})",
            damaged.join(", ")
        ));
    }
    if seen != known {
        // Best effort: another process may write it too (each writes whole, then renames).
        let tmp = dir.join(format!(".{VERIFIED_FILE}.{}", std::process::id()));
        if let Ok(bytes) = serde_json::to_vec(&seen) {
            if std::fs::write(&tmp, bytes).is_ok() {
                let _ = std::fs::rename(&tmp, &path);
            }
        }
    }
    Ok(())
}

fn reader_for(index: &Index) -> Result<IndexReader> {
    Ok(index
        .reader_builder()
        .reload_policy(ReloadPolicy::OnCommitWithDelay)
        .try_into()?)
}

/// Takes the index writer's lock on `dir`, waiting up to the database's busy timeout for another
/// process that holds it (it is writing the index, perhaps recreating it too).
fn lock_dir(dir: &Path) -> Result<tantivy::directory::DirectoryLock> {
    use tantivy::directory::{error::LockError, Directory, Lock, MmapDirectory};
    let mmap = MmapDirectory::open(dir).map_err(|e| Error::Internal(e.to_string()))?;
    let lock = Lock {
        filepath: WRITER_LOCK.into(),
        is_blocking: false,
    };
    let started = std::time::Instant::now();
    loop {
        match mmap.acquire_lock(&lock) {
            Ok(l) => return Ok(l),
            Err(LockError::LockBusy) if started.elapsed() < crate::store::db::BUSY_TIMEOUT => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(LockError::LockBusy) => {
                return Err(Error::Locked(
                    "the search index is being written by another Groundwork process; try again in a moment".into(),
                ))
            }
            Err(LockError::IoError(e)) => {
                return Err(Error::Internal(format!(
                    "cannot lock the index folder {}: {e}",
                    dir.display()
                )))
            }
        }
    }
}

/// A stable hash (FNV-1a) of everything the index holds about a document, each part
/// length-prefixed so moving text between fields changes it.
pub fn content_hash(d: &IndexedDocument) -> u64 {
    let mut bytes: Vec<u8> = Vec::with_capacity(d.title.len() + d.body.len() + 256);
    let mut part = |s: &str| {
        bytes.extend_from_slice(&(s.len() as u64).to_le_bytes());
        bytes.extend_from_slice(s.as_bytes());
    };
    part(d.kind.as_str());
    part(&d.title);
    part(&d.body);
    part(&d.people);
    part(d.team.as_deref().unwrap_or("\u{0}"));
    part(d.date.as_deref().unwrap_or("\u{0}"));
    part(&d.source);
    part(d.status.as_deref().unwrap_or("\u{0}"));
    part(&d.asked);
    let roles: Vec<String> = d.roles.iter().map(|r| r.to_string()).collect();
    for list in [&d.tags, &d.authors, &d.persons, &d.speakers, &roles] {
        part(&list.len().to_string());
        for s in list {
            part(s);
        }
    }
    super::dedup::fnv1a(bytes)
}

/// A date as the number YYYYMMDD, the form the `day` field holds.
pub fn day_number(d: chrono::NaiveDate) -> u64 {
    use chrono::Datelike;
    (d.year().max(0) as u64) * 10_000 + d.month() as u64 * 100 + d.day() as u64
}
