//! The `interview_turns` table (+ the interview's `interviews` and `documents` rows): interviews
//! imported from transcripts, made of turns (speaker, role, start, text), keyed by their file so
//! a re-import updates them.
//!
//! What participants said is the evidence: the interview's document body holds the participant
//! turns only, so theme counts, quotes, suggestions and demand never count the interviewer's
//! questions. The interviewer's turns are kept here and indexed in a field of their own
//! (`role:interviewer` searches them).

use crate::error::{Error, Result};
use crate::research::documents::{self, DocumentKind};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Who a speaker is in an interview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SpeakerRole {
    /// The developer heard: their words are evidence.
    #[default]
    Participant,
    /// Who asks the questions: kept, searchable with `role:interviewer`, never counted as evidence.
    Interviewer,
}

impl SpeakerRole {
    /// The stored and typed name.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerRole::Participant => "participant",
            SpeakerRole::Interviewer => "interviewer",
        }
    }

    /// Reads a role as a user types it (`interviewer`, `participant`, `i`, `p`, any case).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "participant" | "p" | "interviewee" | "developer" => Some(SpeakerRole::Participant),
            "interviewer" | "i" | "host" | "moderator" | "researcher" => {
                Some(SpeakerRole::Interviewer)
            }
            _ => None,
        }
    }
}

/// One turn of a transcript: who spoke, in which role, when, and what they said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Turn {
    /// Position in the transcript, from 0.
    pub seq: u32,
    /// Who spoke, as mapped at import (the person's name when the label was mapped to one).
    pub speaker: String,
    /// The label the file gave the speaker (`Person B`, `SPEAKER_01`); equal to `speaker` unless mapped.
    pub label: String,
    /// Participant or interviewer.
    pub role: SpeakerRole,
    /// Offset into the recording in milliseconds, when the file gives one.
    #[ts(type = "number | null")]
    pub start_ms: Option<u64>,
    /// What was said.
    pub text: String,
}

/// A transcript as the importer produces it (and as undo snapshots store it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptRecord {
    /// Path relative to the imported folder (or the file name).
    pub path: String,
    /// Title (the file name unless the file names one).
    pub title: String,
    /// The transcript format, as `TranscriptFormat`'s snake_case name (`zoom_vtt`, `srt`…).
    pub format: String,
    /// Team (created if new).
    pub team: Option<String>,
    /// Day of the interview, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// The turns, in order (`seq` is their position).
    pub turns: Vec<Turn>,
}

impl TranscriptRecord {
    /// What the participants said, a paragraph per turn: the interview's evidence text.
    pub fn participant_text(&self) -> String {
        said_by(&self.turns, SpeakerRole::Participant)
    }

    /// Distinct speakers in a role, in order of first appearance.
    pub fn speakers(&self, role: SpeakerRole) -> Vec<String> {
        speakers_in(&self.turns, role)
    }
}

fn said_by(turns: &[Turn], role: SpeakerRole) -> String {
    turns
        .iter()
        .filter(|t| t.role == role)
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn speakers_in(turns: &[Turn], role: SpeakerRole) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in turns.iter().filter(|t| t.role == role) {
        if !t.speaker.is_empty() && !out.iter().any(|s| s == &t.speaker) {
            out.push(t.speaker.clone());
        }
    }
    out
}

/// The turns of an interview, in order (none for an interview typed in the app).
pub fn turns(conn: &Connection, id: i64) -> Result<Vec<Turn>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, speaker, label, role, start_ms, text FROM interview_turns
         WHERE document_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([id], |r| {
        let role: String = r.get(3)?;
        Ok(Turn {
            seq: r.get(0)?,
            speaker: r.get(1)?,
            label: r.get(2)?,
            role: SpeakerRole::parse(&role).unwrap_or_default(),
            start_ms: r.get::<_, Option<i64>>(4)?.map(|v| v.max(0) as u64),
            text: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The transcript format an interview was imported from; `None` for one typed in the app.
pub fn format_of(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT transcript_format FROM interviews WHERE document_id = ?1")?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// What the search index keeps of a transcript beyond its evidence text.
#[derive(Debug, Clone, Default)]
pub struct Spoken {
    /// The interviewer's turns, a paragraph each.
    pub asked: String,
    /// Every speaker's name and label, lower-cased, distinct.
    pub speakers: Vec<String>,
    /// The roles that spoke (`participant`, `interviewer`).
    pub roles: Vec<&'static str>,
    /// The participants who spoke, as named (distinct, in order): the people the evidence is from.
    pub names: Vec<String>,
}

/// The index's view of an interview's turns (empty for an interview without turns).
pub fn spoken(conn: &Connection, id: i64) -> Result<Spoken> {
    let turns = turns(conn, id)?;
    let mut out = Spoken {
        asked: said_by(&turns, SpeakerRole::Interviewer),
        ..Spoken::default()
    };
    for t in &turns {
        if t.role == SpeakerRole::Participant
            && !t.speaker.trim().is_empty()
            && !out.names.contains(&t.speaker)
        {
            out.names.push(t.speaker.clone());
        }
        for name in [&t.speaker, &t.label] {
            let name = name.trim().to_lowercase();
            if !name.is_empty() && !out.speakers.contains(&name) {
                out.speakers.push(name);
            }
        }
        if !out.roles.contains(&t.role.as_str()) {
            out.roles.push(t.role.as_str());
        }
    }
    Ok(out)
}

/// The turn a search hit most likely points at: the first turn (of `role`, when given; of
/// `speaker`, when given) holding every one of `words` (lower-cased), else the one holding most.
pub fn locate(
    conn: &Connection,
    id: i64,
    words: &[String],
    role: Option<SpeakerRole>,
    speaker: Option<&str>,
) -> Result<Option<Turn>> {
    let turns = turns(conn, id)?;
    let speaker = speaker.map(str::to_lowercase);
    let mut best: Option<(usize, &Turn)> = None;
    for t in &turns {
        if role.is_some_and(|r| r != t.role) {
            continue;
        }
        if let Some(s) = &speaker {
            if !speaker_matches(&t.speaker, s) && !speaker_matches(&t.label, s) {
                continue;
            }
        }
        let text = t.text.to_lowercase();
        let held = words.iter().filter(|w| text.contains(w.as_str())).count();
        if best.is_none_or(|(n, _)| held > n) {
            best = Some((held, t));
            if held == words.len() {
                break;
            }
        }
    }
    Ok(best
        .filter(|(n, _)| *n > 0 || words.is_empty())
        .map(|(_, t)| t.clone()))
}

/// Whether a speaker's name or label answers `speaker:` with `wanted` (lower-cased): the whole
/// name (`priya sharma`) or one of its words (`priya`). The index holds the same terms
/// ([`speaker_terms`]).
pub fn speaker_matches(name: &str, wanted: &str) -> bool {
    speaker_terms(name).any(|t| t == wanted)
}

/// The terms `speaker:` finds a speaker's name or label by: the whole name lower-cased, and each
/// of its words when it has several.
pub fn speaker_terms(name: &str) -> impl Iterator<Item = String> + '_ {
    let whole = name.trim().to_lowercase();
    let words: Vec<String> = if whole.split_whitespace().nth(1).is_some() {
        whole.split_whitespace().map(str::to_string).collect()
    } else {
        Vec::new()
    };
    std::iter::once(whole).chain(words)
}

/// The stored record of a transcript interview.
pub fn load(conn: &Connection, id: i64) -> Result<TranscriptRecord> {
    let (title, team, date, format) = conn
        .prepare_cached(
            "SELECT d.title, t.name, d.date, i.transcript_format
             FROM interviews i JOIN documents d ON d.id = i.document_id
             LEFT JOIN teams t ON t.id = d.team_id WHERE i.document_id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no interview with id {id}")))?;
    let source = documents::source_key(conn, id)?;
    Ok(TranscriptRecord {
        path: source
            .strip_prefix("transcript:")
            .unwrap_or(&source)
            .to_string(),
        title,
        format: format.unwrap_or_default(),
        team,
        date,
        tags: documents::tags(conn, id)?,
        turns: turns(conn, id)?,
    })
}

fn write_record(
    conn: &Connection,
    id: Option<i64>,
    source_key: &str,
    batch: Option<i64>,
    rec: &TranscriptRecord,
) -> Result<i64> {
    let body = rec.participant_text();
    let id = documents::write_imported(
        conn,
        id,
        &documents::Imported {
            kind: DocumentKind::Interview,
            title: &rec.title,
            body: &body,
            team: rec.team.as_deref(),
            date: rec.date.as_deref(),
            tags: &rec.tags,
            source_key,
            batch,
        },
    )?;
    let participant = rec.speakers(SpeakerRole::Participant).join(", ");
    let interviewer = rec.speakers(SpeakerRole::Interviewer).join(", ");
    conn.prepare_cached(
        "INSERT INTO interviews (document_id, participant, role, interviewer, pain_points, transcript_format)
         VALUES (?1, ?2, '', ?3, '[]', ?4)
         ON CONFLICT (document_id) DO UPDATE SET
             participant = excluded.participant, interviewer = excluded.interviewer,
             transcript_format = excluded.transcript_format",
    )?
    .execute(params![id, participant, interviewer, rec.format])?;
    conn.prepare_cached("DELETE FROM interview_turns WHERE document_id = ?1")?
        .execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO interview_turns (document_id, seq, speaker, label, role, start_ms, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (seq, t) in rec.turns.iter().enumerate() {
        insert.execute(params![
            id,
            seq as i64,
            t.speaker,
            t.label,
            t.role.as_str(),
            t.start_ms.map(|v| v.min(i64::MAX as u64) as i64),
            t.text
        ])?;
    }
    Ok(id)
}

impl documents::ImportedRecord for TranscriptRecord {
    const KIND: DocumentKind = DocumentKind::Interview;

    fn normalize(&mut self) {
        self.tags = documents::clean_tags(&self.tags);
        self.team = self
            .team
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        for (seq, t) in self.turns.iter_mut().enumerate() {
            t.seq = seq as u32;
        }
    }

    fn load(conn: &Connection, id: i64) -> Result<Self> {
        load(conn, id)
    }

    fn write(
        &self,
        conn: &Connection,
        id: Option<i64>,
        source_key: &str,
        batch: Option<i64>,
    ) -> Result<i64> {
        write_record(conn, id, source_key, batch, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(speaker: &str, role: SpeakerRole, text: &str) -> Turn {
        Turn {
            seq: 0,
            speaker: speaker.into(),
            label: speaker.into(),
            role,
            start_ms: None,
            text: text.into(),
        }
    }

    #[test]
    fn evidence_text_is_what_participants_said() {
        let rec = TranscriptRecord {
            turns: vec![
                turn("Ana", SpeakerRole::Interviewer, "Is CI slow?"),
                turn("Dana", SpeakerRole::Participant, "Builds take an hour."),
                turn("Ana", SpeakerRole::Interviewer, "Why?"),
                turn("Lee", SpeakerRole::Participant, "The cache misses."),
            ],
            ..TranscriptRecord::default()
        };
        assert_eq!(
            rec.participant_text(),
            "Builds take an hour.\n\nThe cache misses."
        );
        assert_eq!(rec.speakers(SpeakerRole::Participant), ["Dana", "Lee"]);
        assert_eq!(rec.speakers(SpeakerRole::Interviewer), ["Ana"]);
    }

    #[test]
    fn roles_read_as_typed() {
        assert_eq!(
            SpeakerRole::parse(" Interviewer "),
            Some(SpeakerRole::Interviewer)
        );
        assert_eq!(SpeakerRole::parse("p"), Some(SpeakerRole::Participant));
        assert_eq!(SpeakerRole::parse("boss"), None);
    }
}
