//! Who each speaker of a transcript is: the user's mapping (`--speaker "Person A=interviewer"`,
//! `--speaker "Person B=participant:Dana"`, the import preview's choices), else what the workspace
//! remembers from earlier files, else a guess from the transcript itself.

use super::transcript::{self, Transcript};
use crate::error::{Error, Result};
use crate::research::transcripts::{SpeakerRole, TranscriptRecord, Turn};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// The workspace setting that remembers speakers across files.
const REMEMBERED: &str = "transcript.speakers";

/// One speaker's mapping: their role, and the person the label stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SpeakerMap {
    /// The speaker label as the file writes it (`Person A`, `Dana (Acme)`).
    pub label: String,
    /// Participant or interviewer.
    pub role: SpeakerRole,
    /// The person's name, when the label is not it (`Person B` is Dana).
    pub person: Option<String>,
}

impl SpeakerMap {
    /// Reads `LABEL=ROLE` or `LABEL=ROLE:PERSON` (the CLI's `--speaker`).
    pub fn parse(s: &str) -> std::result::Result<Self, String> {
        let (label, rest) = s.rsplit_once('=').ok_or_else(|| {
            format!("--speaker {s:?}: write LABEL=interviewer or LABEL=participant[:PERSON]")
        })?;
        let (role, person) = match rest.split_once(':') {
            Some((r, p)) => (r, Some(p.trim())),
            None => (rest, None),
        };
        let role = SpeakerRole::parse(role).ok_or_else(|| {
            format!("--speaker {s:?}: {role:?} is not a role (interviewer or participant)")
        })?;
        let label = label.trim();
        if label.is_empty() {
            return Err(format!("--speaker {s:?}: the speaker label is empty"));
        }
        Ok(SpeakerMap {
            label: label.to_string(),
            role,
            person: person.filter(|p| !p.is_empty()).map(str::to_string),
        })
    }
}

/// Where a speaker's role and person came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SpeakerSource {
    /// Chosen for this import.
    Given,
    /// Remembered from an earlier import.
    Remembered,
    /// Guessed from the transcript (labels like Interviewer/Host/Q, who asks the questions).
    Guessed,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Remembered {
    role: SpeakerRole,
    person: Option<String>,
}

/// A label shared by unrelated people across files (`Person B`, `Speaker 2`, `P1`, `Guest`): its
/// role is remembered, never the person behind it.
fn generic(label: &str) -> bool {
    let words: Vec<String> = label
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let Some(first) = words.first() else {
        return true;
    };
    let stem = first.trim_end_matches(|c: char| c.is_ascii_digit());
    let short_tail = words.len() == 1 || (words.len() == 2 && words[1].chars().count() <= 2);
    short_tail
        && matches!(
            stem,
            "person"
                | "speaker"
                | "participant"
                | "p"
                | "guest"
                | "host"
                | "interviewee"
                | "interviewer"
                | "respondent"
                | "user"
                | "unknown"
                | "q"
                | "a"
        )
}

/// The speakers of an import: the given mappings and the remembered ones.
#[derive(Debug, Clone, Default)]
pub struct Speakers {
    given: Vec<SpeakerMap>,
    remembered: BTreeMap<String, Remembered>,
}

/// A speaker of one transcript as the preview shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SpeakerPreview {
    /// The label as the file writes it.
    pub label: String,
    /// The role the import will give them.
    pub role: SpeakerRole,
    /// The person the label stands for, if mapped.
    pub person: Option<String>,
    /// Where the role and person came from.
    pub source: SpeakerSource,
    /// Turns they speak.
    pub turns: u32,
    /// Words they speak.
    #[ts(type = "number")]
    pub words: u64,
    /// Their share of the transcript's words, 0 to 1.
    pub share: f64,
    /// Their turns that end in a question mark.
    pub questions: u32,
}

impl Speakers {
    /// The given mappings over what `conn`'s workspace remembers (none without a workspace).
    pub fn load(conn: Option<&Connection>, given: &[SpeakerMap]) -> Result<Self> {
        let remembered = match conn {
            Some(conn) => crate::store::meta::get(conn, REMEMBERED)?
                .and_then(|j| serde_json::from_str(&j).ok())
                .unwrap_or_default(),
            None => BTreeMap::new(),
        };
        Ok(Speakers {
            given: given.to_vec(),
            remembered,
        })
    }

    /// The role and person of `label`, and where they came from.
    fn resolve(&self, label: &str, guessed: bool) -> (SpeakerRole, Option<String>, SpeakerSource) {
        if let Some(m) = self
            .given
            .iter()
            .find(|m| m.label.trim().eq_ignore_ascii_case(label.trim()))
        {
            return (m.role, m.person.clone(), SpeakerSource::Given);
        }
        if let Some(r) = self.remembered.get(&label.trim().to_lowercase()) {
            let person = if generic(label) {
                None
            } else {
                r.person.clone()
            };
            return (r.role, person, SpeakerSource::Remembered);
        }
        let role = if guessed {
            SpeakerRole::Interviewer
        } else {
            SpeakerRole::Participant
        };
        (role, None, SpeakerSource::Guessed)
    }

    /// Each speaker of `t` with their share of words and the role and person they will get.
    pub fn preview(&self, t: &Transcript) -> Vec<SpeakerPreview> {
        let guessed = transcript::guess_interviewers(t);
        transcript::speakers(t)
            .into_iter()
            .map(|s| {
                let (role, person, source) = self.resolve(&s.speaker, guessed.contains(&s.speaker));
                SpeakerPreview {
                    label: s.speaker,
                    role,
                    person,
                    source,
                    turns: s.turns,
                    words: s.words,
                    share: s.share,
                    questions: s.questions,
                }
            })
            .collect()
    }

    /// The record a transcript imports as: each turn with its speaker's role and person.
    pub fn record(&self, t: &Transcript, path: &str, title: String) -> TranscriptRecord {
        let guessed = transcript::guess_interviewers(t);
        let turns = t
            .turns
            .iter()
            .enumerate()
            .map(|(seq, turn)| {
                let label = turn.speaker.clone().unwrap_or_default();
                let (role, person, _) = self.resolve(&label, guessed.contains(&label));
                Turn {
                    seq: seq as u32,
                    speaker: person.unwrap_or_else(|| label.clone()),
                    label,
                    role,
                    start_ms: turn.start_ms,
                    text: turn.text.clone(),
                }
            })
            .collect();
        TranscriptRecord {
            path: path.to_string(),
            title,
            format: serde_json::to_value(t.format)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            team: None,
            date: None,
            tags: Vec::new(),
            turns,
        }
    }

    /// Remembers the given mappings for later files (inside the import's transaction).
    pub fn remember(&self, conn: &Connection) -> Result<()> {
        if self.given.is_empty() {
            return Ok(());
        }
        let mut all = self.remembered.clone();
        for m in &self.given {
            all.insert(
                m.label.trim().to_lowercase(),
                Remembered {
                    role: m.role,
                    person: m.person.clone(),
                },
            );
        }
        let json = serde_json::to_string(&all).map_err(|e| Error::Internal(e.to_string()))?;
        crate::store::meta::set(conn, REMEMBERED, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_reads_as_the_cli_writes_it() {
        let m = SpeakerMap::parse("Person B=participant:Dana Ruiz").unwrap();
        assert_eq!(m.label, "Person B");
        assert_eq!(m.role, SpeakerRole::Participant);
        assert_eq!(m.person.as_deref(), Some("Dana Ruiz"));
        let m = SpeakerMap::parse("Dr. A = B=interviewer").unwrap();
        assert_eq!(
            (m.label.as_str(), m.role),
            ("Dr. A = B", SpeakerRole::Interviewer)
        );
        assert!(SpeakerMap::parse("Person A")
            .unwrap_err()
            .contains("LABEL=interviewer"));
        assert!(SpeakerMap::parse("Person A=boss")
            .unwrap_err()
            .contains("not a role"));
        assert!(SpeakerMap::parse("=interviewer")
            .unwrap_err()
            .contains("empty"));
    }

    #[test]
    fn generic_labels_are_told_from_names() {
        for g in [
            "Person B",
            "Speaker 2",
            "SPEAKER_01",
            "P1",
            "Guest",
            "Host",
            "Q",
            "Interviewer1",
        ] {
            assert!(generic(g), "{g}");
        }
        for n in ["Dana Ruiz", "MEL", "tim beiko", "Danny Ryan (EF)"] {
            assert!(!generic(n), "{n}");
        }
    }

    #[test]
    fn given_beats_remembered_beats_guessed_and_a_generic_label_keeps_no_person() {
        let mut s = Speakers::default();
        s.remembered.insert(
            "person b".into(),
            Remembered {
                role: SpeakerRole::Participant,
                person: Some("Dana".into()),
            },
        );
        s.remembered.insert(
            "mel".into(),
            Remembered {
                role: SpeakerRole::Interviewer,
                person: Some("Mel Chua".into()),
            },
        );
        assert_eq!(
            s.resolve("Person B", true),
            (SpeakerRole::Participant, None, SpeakerSource::Remembered)
        );
        assert_eq!(
            s.resolve("MEL", false),
            (
                SpeakerRole::Interviewer,
                Some("Mel Chua".into()),
                SpeakerSource::Remembered
            )
        );
        assert_eq!(
            s.resolve("Ana", true),
            (SpeakerRole::Interviewer, None, SpeakerSource::Guessed)
        );
        s.given.push(SpeakerMap::parse("mel=participant").unwrap());
        assert_eq!(
            s.resolve("MEL", false),
            (SpeakerRole::Participant, None, SpeakerSource::Given)
        );
    }
}
