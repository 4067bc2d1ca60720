//! Reading interview transcripts into speaker turns, without touching a workspace.
//!
//! [`parse`] reads the layouts meeting and transcription tools write: WebVTT (Zoom's `Name: text`
//! cues, Teams' `<v Name>` voices, plain captions), SRT, Otter.ai text exports (`Name  0:03`
//! lines, also as `**Name**  0:03` Markdown), the older Teams text layout (timing line, name line,
//! text line), Word documents holding any of these, and plain text or Markdown with `Name: text`
//! turns. The format is found from the content; the file name only breaks ties. Every problem
//! inside a readable file is a warning naming its line, never a failure. [`detect`] says whether
//! bytes are a transcript at all, so that ordinary notes stay notes.
//!
//! Adjacent cues or paragraphs of one speaker become one [`Turn`]. [`speakers`] and
//! [`guess_interviewers`] summarise who talks and who asks.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use ts_rs::TS;

/// The largest `word/document.xml` (uncompressed) a DOCX transcript may have.
pub const MAX_DOCX_XML_BYTES: u64 = 64 * 1024 * 1024;

const NO_TURNS: &str = "no speaker turns or cues found";

/// The layout a transcript was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TranscriptFormat {
    /// WebVTT whose cues start with `Name: ` (Zoom and most podcast hosts).
    ZoomVtt,
    /// WebVTT with `<v Name>` voice tags (Microsoft Teams).
    TeamsVtt,
    /// WebVTT without speaker names.
    Vtt,
    /// SubRip captions, with or without `Name: ` labels.
    Srt,
    /// Otter.ai text export: a `Name  0:03` line, then the paragraph.
    Otter,
    /// The older Teams text layout: timing line, name line, text line.
    OldTeams,
    /// A Word document holding a transcript.
    Docx,
    /// Plain text or Markdown with `Name: text` turns.
    SpeakerText,
}

impl TranscriptFormat {
    /// A name for people.
    pub fn name(self) -> &'static str {
        match self {
            TranscriptFormat::ZoomVtt => "Zoom WebVTT",
            TranscriptFormat::TeamsVtt => "Microsoft Teams WebVTT",
            TranscriptFormat::Vtt => "WebVTT",
            TranscriptFormat::Srt => "SRT",
            TranscriptFormat::Otter => "Otter.ai text",
            TranscriptFormat::OldTeams => "Teams text (older layout)",
            TranscriptFormat::Docx => "Word document",
            TranscriptFormat::SpeakerText => "text with speaker turns",
        }
    }
}

/// One speaker's uninterrupted contribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// The display name as written (`Dana (Acme)`, `Person A`, `MEL`); `None` when the file names
    /// nobody here.
    pub speaker: Option<String>,
    /// When the turn starts, when the file says.
    pub start_ms: Option<u64>,
    /// The words, without tags, cue ids or label markup.
    pub text: String,
    /// 1-based line of the file where the turn starts: a cue's timing line, a label's line (for
    /// a DOCX: the paragraph number).
    pub line: u64,
}

/// A transcript read from a file.
#[derive(Debug, Clone)]
pub struct Transcript {
    /// The layout found.
    pub format: TranscriptFormat,
    /// The turns in order.
    pub turns: Vec<Turn>,
    /// `(line, message)` for everything skipped or repaired.
    pub warnings: Vec<(u64, String)>,
    /// The text encoding the file was read with (`utf-8` for a DOCX).
    pub encoding: &'static str,
}

/// How much one speaker says.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SpeakerShare {
    /// The name as written.
    pub speaker: String,
    /// Turns taken.
    pub turns: u32,
    /// Words said.
    #[ts(type = "number")]
    pub words: u64,
    /// Share of all words said by named speakers, 0 to 1.
    pub share: f64,
    /// Turns ending in a question mark.
    pub questions: u32,
}

/// Which transcript format `bytes` hold, judged by content (the file name's extension only
/// breaks ties). `None`: not a transcript, e.g. notes prose without speaker turns, a ZIP archive
/// that is not a Word document, or bytes that are not text.
pub fn detect(file_name: &str, bytes: &[u8]) -> Option<TranscriptFormat> {
    parse(file_name, bytes).ok().map(|t| t.format)
}

/// Reads a transcript.
///
/// # Errors
/// A message without the file name (the caller adds it) when the bytes cannot be read as text
/// or as a Word document, or when no speaker turns or cues are found.
pub fn parse(file_name: &str, bytes: &[u8]) -> Result<Transcript, String> {
    let hint = Hint::from_name(file_name);
    if bytes.starts_with(b"PK\x03\x04") {
        return parse_docx(bytes);
    }
    let (text, encoding, stray) = super::text::decode_lenient(bytes, None)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| Line {
            no: i as u64 + 1,
            text: l.strip_suffix('\r').unwrap_or(l),
        })
        .collect();
    let (format, turns, mut warnings) = parse_lines(&lines, hint).ok_or(NO_TURNS)?;
    let mut all = stray.messages();
    all.append(&mut warnings);
    all.sort_by_key(|(line, _)| *line);
    Ok(Transcript {
        format,
        turns,
        warnings: all,
        encoding: encoding.name(),
    })
}

/// Speakers in order of first appearance with their share of words (turns without a speaker are
/// not counted).
pub fn speakers(t: &Transcript) -> Vec<SpeakerShare> {
    let mut out: Vec<SpeakerShare> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for turn in &t.turns {
        let Some(name) = turn.speaker.as_deref() else {
            continue;
        };
        let i = *index.entry(name).or_insert_with(|| {
            out.push(SpeakerShare {
                speaker: name.to_string(),
                turns: 0,
                words: 0,
                share: 0.0,
                questions: 0,
            });
            out.len() - 1
        });
        let s = &mut out[i];
        s.turns = s.turns.saturating_add(1);
        s.words += turn.text.split_whitespace().count() as u64;
        if is_question(&turn.text) {
            s.questions = s.questions.saturating_add(1);
        }
    }
    let total: u64 = out.iter().map(|s| s.words).sum();
    if total > 0 {
        for s in &mut out {
            s.share = s.words as f64 / total as f64;
        }
    }
    out
}

/// Best guess of who interviews: speakers labelled Interviewer, Host, Moderator, Q, Researcher
/// (any case, numbered or not, also French forms); otherwise the speaker who asks clearly the most
/// questions for the words they say. May be empty.
pub fn guess_interviewers(t: &Transcript) -> Vec<String> {
    let shares = speakers(t);
    let by_label: Vec<String> = shares
        .iter()
        .filter(|s| is_interviewer_label(&s.speaker))
        .map(|s| s.speaker.clone())
        .collect();
    if !by_label.is_empty() || shares.len() < 2 {
        return by_label;
    }
    // The speaker with the most questions, if clearly so: at least three, twice as many as
    // anyone else, in a fifth of their turns or more, and at least twice as many per word as
    // everyone else together.
    let mut by_questions: Vec<&SpeakerShare> = shares.iter().collect();
    by_questions.sort_by_key(|s| std::cmp::Reverse(s.questions));
    let top = by_questions[0];
    let second = by_questions.get(1).map_or(0, |s| s.questions);
    let (other_questions, other_words) = shares
        .iter()
        .filter(|s| s.speaker != top.speaker)
        .fold((0u64, 0u64), |(q, w), s| {
            (q + u64::from(s.questions), w + s.words)
        });
    let top_rate = f64::from(top.questions) / top.words.max(1) as f64;
    let other_rate = other_questions as f64 / other_words.max(1) as f64;
    let (questions, turns) = (u64::from(top.questions), u64::from(top.turns));
    if questions >= 3
        && questions >= 2 * u64::from(second)
        && questions * 5 >= turns
        && top_rate >= 2.0 * other_rate
    {
        vec![top.speaker.clone()]
    } else {
        Vec::new()
    }
}

fn is_question(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('?') || t.ends_with('？')
}

fn is_interviewer_label(name: &str) -> bool {
    let first: String = name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == ':' || c == '.')
        .to_lowercase();
    if first.starts_with("interviewe") && !first.starts_with("interviewee") {
        // interviewer, intervieweur, intervieweuse
        return true;
    }
    matches!(
        first.as_str(),
        "q" | "host"
            | "co-host"
            | "moderator"
            | "modérateur"
            | "modératrice"
            | "moderateur"
            | "researcher"
            | "chercheur"
            | "chercheuse"
            | "facilitator"
            | "animateur"
            | "animatrice"
            | "entrevistador"
            | "entrevistadora"
    )
}

// ---------------------------------------------------------------------------------------------
// Lines and the choice of layout

#[derive(Clone, Copy)]
struct Line<'a> {
    /// Line of the file (paragraph of a DOCX), 1-based.
    no: u64,
    text: &'a str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Hint {
    Vtt,
    Srt,
    Other,
}

impl Hint {
    fn from_name(name: &str) -> Hint {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".vtt") {
            Hint::Vtt
        } else if lower.ends_with(".srt") {
            Hint::Srt
        } else {
            Hint::Other
        }
    }
}

type Warnings = Vec<(u64, String)>;
type Parsed = (TranscriptFormat, Vec<Turn>, Warnings);

/// Finds the layout of `lines` and reads it; `None` when they hold no turns. Warnings come in
/// line order.
fn parse_lines(lines: &[Line], hint: Hint) -> Option<Parsed> {
    let (format, turns, mut warnings) = read_layout(lines, hint)?;
    warnings.sort_by_key(|w| w.0);
    Some((format, turns, warnings))
}

fn read_layout(lines: &[Line], hint: Hint) -> Option<Parsed> {
    let first = lines.iter().find(|l| !l.text.trim().is_empty())?;
    let mut warnings = Vec::new();
    if first
        .text
        .trim_start_matches('\u{feff}')
        .starts_with("WEBVTT")
    {
        let turns = parse_cues(lines, true, &mut warnings);
        return finish_cues(turns, true, warnings);
    }
    // Without the header, only well-formed timing lines make cues: `Deploy 10:00 --> 11:00` in
    // notes does not.
    let timings: Vec<usize> = (0..lines.len())
        .filter(|&i| is_strict_timing(lines[i].text))
        .collect();
    if let Some(found) = read_timed(lines, hint, &timings) {
        return Some(found);
    }
    let headers = lines
        .iter()
        .filter(|l| otter_header(l.text).is_some())
        .count();
    if headers >= 2 {
        let turns = parse_otter(lines, &mut warnings);
        if !turns.is_empty() {
            return Some((TranscriptFormat::Otter, turns, warnings));
        }
        warnings.clear();
    }
    let turns = parse_speaker_text(lines, &mut warnings)?;
    Some((TranscriptFormat::SpeakerText, turns, warnings))
}

/// Text without a WEBVTT header but with cue timings: SRT, WebVTT that lost its header, or the
/// older Teams layout.
fn read_timed(lines: &[Line], hint: Hint, timings: &[usize]) -> Option<Parsed> {
    if timings.is_empty() {
        return None;
    }
    let first = lines.iter().find(|l| !l.text.trim().is_empty())?;
    let mut warnings = Vec::new();
    let comma = timings.iter().any(|&i| {
        let start = lines[i].text.split("-->").next().unwrap_or("");
        start.contains(',')
    });
    if comma || hint == Hint::Srt {
        let turns = parse_cues(lines, false, &mut warnings);
        return finish_cues(turns, false, warnings);
    }
    // A blank line (perhaps then a cue id) before most timing lines: WebVTT that lost its
    // header. None: the older Teams layout.
    let blank_before = timings
        .iter()
        .filter(|&&i| {
            i < 2 || lines[i - 1].text.trim().is_empty() || lines[i - 2].text.trim().is_empty()
        })
        .count();
    if hint == Hint::Vtt || blank_before * 2 > timings.len() {
        warnings.push((first.no, "no WEBVTT header: read as WebVTT cues".into()));
        let turns = parse_cues(lines, true, &mut warnings);
        return finish_cues(turns, true, warnings);
    }
    let turns = parse_old_teams(lines, &mut warnings);
    (!turns.is_empty()).then_some((TranscriptFormat::OldTeams, turns, warnings))
}

/// Adds `text` to the last turn when the speaker is the same named speaker, else starts a turn.
fn push_turn(turns: &mut Vec<Turn>, turn: Turn, joiner: &str) {
    if turn.text.is_empty() {
        return;
    }
    if let Some(last) = turns.last_mut() {
        if last.speaker.is_some() && last.speaker == turn.speaker {
            if !last.text.is_empty() {
                last.text.push_str(joiner);
            }
            last.text.push_str(&turn.text);
            last.start_ms = last.start_ms.or(turn.start_ms);
            return;
        }
    }
    turns.push(turn);
}

// ---------------------------------------------------------------------------------------------
// Timestamps

/// `hh:mm:ss.mmm`, `mm:ss.mmm`, `h:m:s.f`, `m:ss` (also with `,` before the fraction) in
/// milliseconds. Minutes may exceed 59 when there are no hours (`100:00.000`).
fn parse_timestamp(s: &str) -> Option<u64> {
    let s = s.trim();
    let (clock, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let num = |p: &str| -> Option<u64> {
        (!p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (h, m, sec) = match parts.as_slice() {
        [m, s] => (0, num(m)?, num(s)?),
        [h, m, s] => {
            let m = num(m)?;
            if m >= 60 {
                return None;
            }
            (num(h)?, m, num(s)?)
        }
        _ => return None,
    };
    if sec >= 60 {
        return None;
    }
    let ms = match frac {
        None => 0,
        Some(f) if f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) => {
            return None
        }
        Some(f) => {
            let digits: String = f.chars().chain("000".chars()).take(3).collect();
            digits.parse().ok()?
        }
    };
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms)
}

/// A cue timing line: `start --> end [settings]`, where a side looks like a clock.
fn is_timing(line: &str) -> bool {
    // A byte scan, not `split_once("-->")`: this runs on every line, and setting up a substring
    // searcher per line cost more than the rest of the check.
    let Some(at) = line.as_bytes().windows(3).position(|w| w == b"-->") else {
        return false;
    };
    let (left, right) = (&line[..at], &line[at + 3..]);
    let clock = |s: &str| {
        let tok = s.split_whitespace().next().unwrap_or("");
        tok.contains(':') && tok.bytes().any(|b| b.is_ascii_digit())
    };
    clock(left) || clock(right)
}

/// A timing line whose start and end are both timestamps.
fn is_strict_timing(line: &str) -> bool {
    line.split_once("-->").is_some_and(|(left, right)| {
        parse_timestamp(left).is_some()
            && right
                .split_whitespace()
                .next()
                .is_some_and(|end| parse_timestamp(end).is_some())
    })
}

/// The start of a timing line, or a warning when it is malformed.
fn timing_start(line: &str) -> Result<u64, String> {
    let left = line.split("-->").next().unwrap_or("").trim();
    parse_timestamp(left).ok_or_else(|| {
        format!(
            "malformed cue timing {:?}: the cue is kept without a start time",
            clip(line.trim(), 60)
        )
    })
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

// ---------------------------------------------------------------------------------------------
// WebVTT and SRT

struct Cue {
    line: u64,
    start: Option<u64>,
    /// Text lines; `""` marks a blank line inside the cue.
    lines: Vec<String>,
}

fn parse_cues(lines: &[Line], vtt: bool, warnings: &mut Warnings) -> Vec<Cue> {
    let n = lines.len();
    let mut i = 0;
    if vtt {
        // The header block: `WEBVTT` and metadata lines up to the first blank line.
        while i < n && lines[i].text.trim().is_empty() {
            i += 1;
        }
        if i < n
            && lines[i]
                .text
                .trim_start_matches('\u{feff}')
                .starts_with("WEBVTT")
        {
            i += 1;
            while i < n && !lines[i].text.trim().is_empty() && !is_timing(lines[i].text) {
                i += 1;
            }
        }
    }
    // Whether each line is a timing line, found once (each line is asked about up to three times).
    let timing: Vec<bool> = lines.iter().map(|l| is_timing(l.text)).collect();
    let mut cues: Vec<Cue> = Vec::new();
    let mut block_start = true;
    let mut skipped_before_first = false;
    while i < n {
        let line = lines[i];
        let t = line.text.trim();
        if t.is_empty() {
            if let Some(c) = cues.last_mut() {
                c.lines.push(String::new());
            }
            block_start = true;
            i += 1;
            continue;
        }
        let next_is_timing = i + 1 < n && timing[i + 1];
        if vtt && block_start && !timing[i] && !next_is_timing {
            let word = t.split_whitespace().next().unwrap_or("");
            if matches!(word, "NOTE" | "STYLE" | "REGION") {
                while i < n && !lines[i].text.trim().is_empty() {
                    i += 1;
                }
                continue;
            }
        }
        if !timing[i] && next_is_timing && (block_start || t.bytes().all(|b| b.is_ascii_digit())) {
            // A cue id (a number, a GUID, a name): not part of any text.
            block_start = false;
            i += 1;
            continue;
        }
        block_start = false;
        if timing[i] {
            let start = match timing_start(t) {
                Ok(ms) => Some(ms),
                Err(msg) => {
                    warnings.push((line.no, msg));
                    None
                }
            };
            cues.push(Cue {
                line: line.no,
                start,
                lines: Vec::new(),
            });
        } else if let Some(c) = cues.last_mut() {
            c.lines.push(t.to_string());
        } else if !skipped_before_first {
            skipped_before_first = true;
            warnings.push((line.no, "text before the first cue timing skipped".into()));
        }
        i += 1;
    }
    cues
}

/// Cue lines as text: wrapped lines joined with a space, blank-line paragraphs with a newline.
fn cue_text(lines: &[String]) -> String {
    let mut out = String::new();
    let mut gap = false;
    for l in lines {
        if l.is_empty() {
            gap = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push(if gap { '\n' } else { ' ' });
        }
        out.push_str(l);
        gap = false;
    }
    out
}

fn finish_cues(cues: Vec<Cue>, vtt: bool, mut warnings: Warnings) -> Option<Parsed> {
    // Each cue as segments: (speaker named in the cue, text).
    let mut unknown_tags = HashSet::new();
    let mut segmented: Vec<(&Cue, Vec<Segment>)> = Vec::new();
    let mut voices = false;
    let mut labels = false;
    for cue in &cues {
        let raw = cue_text(&cue.lines);
        let mut segments = Vec::new();
        // Most cues hold no voice tag: their text is kept as it is, without a copy.
        let parts = if raw.contains("<v") {
            split_voices(&raw)
        } else {
            vec![(None, raw)]
        };
        for (voice, part) in parts {
            let text = clean_cue_text(&part, cue.line, &mut unknown_tags, &mut warnings);
            if voice.is_some() {
                voices = true;
                segments.push((voice, text));
            } else if let Some((name, rest)) = cue_label(&text) {
                labels = true;
                if name.contains(':') {
                    warnings.push((
                        cue.line,
                        format!("speaker name {:?} holds a colon", clip(&name, 40)),
                    ));
                }
                segments.push((Some(name), rest));
            } else {
                segments.push((None, text));
            }
        }
        segmented.push((cue, segments));
    }
    let named = voices || labels;
    let mut turns = Vec::new();
    let mut current: Option<String> = None;
    for (cue, segments) in segmented {
        let (line, start) = (cue.line, cue.start);
        let mut any_text = false;
        for (speaker, text) in segments {
            if speaker.is_some() {
                current = speaker;
            }
            let text = text.trim().to_string();
            if text.is_empty() {
                continue;
            }
            any_text = true;
            let speaker = if named { current.clone() } else { None };
            push_turn(
                &mut turns,
                Turn {
                    speaker,
                    start_ms: start,
                    text,
                    line,
                },
                " ",
            );
        }
        if !any_text {
            warnings.push((line, "cue without text skipped".into()));
        }
    }
    if turns.is_empty() {
        return None;
    }
    let format = match (vtt, voices, labels) {
        (false, _, _) => TranscriptFormat::Srt,
        (true, true, _) => TranscriptFormat::TeamsVtt,
        (true, false, true) => TranscriptFormat::ZoomVtt,
        (true, false, false) => TranscriptFormat::Vtt,
    };
    Some((format, turns, warnings))
}

/// Part of a cue: the speaker it names (if any) and its text.
type Segment = (Option<String>, String);

/// Splits cue text at `<v Name>` voice tags: `(Some(name), text)` per voice, `(None, text)` for
/// text before the first one.
fn split_voices(raw: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut rest = raw;
    let mut speaker: Option<String> = None;
    loop {
        let found = rest
            .match_indices("<v")
            .find(|(i, _)| matches!(rest[i + 2..].chars().next(), Some(' ' | '\t' | '.' | '\n')));
        let Some((i, close)) = found.and_then(|(i, _)| rest[i..].find('>').map(|j| (i, i + j)))
        else {
            // No voice tag, or one never closed: the rest is text (the cleaner keeps a lone `<`).
            out.push((speaker, rest.to_string()));
            return out;
        };
        out.push((speaker.take(), rest[..i].to_string()));
        let inner = &rest[i + 2..close];
        // `<v.loud Dana Smith>`: classes, then the name after the first space.
        let name = inner
            .trim_start_matches(|c: char| !c.is_whitespace())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        speaker = (!name.is_empty()).then_some(name);
        rest = &rest[close + 1..];
    }
}

/// Removes WebVTT tags (`<c>`, `<i>`, `<b>`, `<u>`, `</v>`, `<00:01.000>`, …) and decodes the
/// usual entities. An unknown tag is removed too, with one warning per tag name.
fn clean_cue_text(
    s: &str,
    line: u64,
    unknown: &mut HashSet<String>,
    warnings: &mut Warnings,
) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let tag_like = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '/');
        // Up to the next `<` or `>` only, so that stray brackets cost linear time.
        match after.find(['<', '>']) {
            Some(j) if tag_like && after[j..].starts_with('>') => {
                let inner = after[..j].trim_start_matches('/');
                let name: String = inner
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '.')
                    .collect::<String>()
                    .to_ascii_lowercase();
                let known = matches!(
                    name.as_str(),
                    "c" | "i" | "b" | "u" | "v" | "ruby" | "rt" | "lang" | ""
                ) || name.starts_with(|c: char| c.is_ascii_digit());
                if !known && unknown.insert(name.clone()) {
                    warnings.push((line, format!("unknown tag <{}> removed", clip(&name, 30))));
                }
                rest = &after[j + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    decode_entities(out)
}

fn decode_entities(s: String) -> String {
    if !s.contains('&') {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&j| j <= 10);
        let decoded = end.and_then(|j| {
            let name = &after[..j];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                "lrm" | "rlm" => return Some((j, None)),
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code).filter(|c| *c != '\0')?
                }
            };
            Some((j, Some(c)))
        });
        match decoded {
            Some((j, c)) => {
                if let Some(c) = c {
                    out.push(c);
                }
                rest = &after[j + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `Name: text` at the start of a cue (Zoom, podcast hosts, SRT labels).
/// A colon inside parentheses belongs to the name (`Dana (Acme: Platform): text`).
fn cue_label(text: &str) -> Option<(String, String)> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices().take(60) {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ':' if depth <= 0 => {
                let after = &text[i + 1..];
                if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
                    return None; // `http://`, `10:30`
                }
                let name = text[..i].trim();
                return (looks_like_name(name, true) && !is_note_field(name))
                    .then(|| (collapse(name), after.trim().to_string()));
            }
            _ => {}
        }
    }
    None
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `name` reads as a speaker's name: short, no sentence punctuation, each word
/// capitalised (`Dana Smith`, `Justin Florentine (Besu)`, `P1`, `Person A`, `🎙 Dana`), or
/// one lower-case word (a handle like `stokes`) when `handles` allows it.
fn looks_like_name(name: &str, handles: bool) -> bool {
    let chars = name.chars().count();
    if chars == 0 || chars > 40 || name.contains("://") {
        return false;
    }
    if name.chars().any(|c| {
        matches!(
            c,
            '?' | '!' | ',' | ';' | '"' | '“' | '”' | '*' | '[' | ']' | '<' | '>' | '|' | '#' | '='
        )
    }) || name.ends_with('.')
        || name.contains('\n')
    {
        return false;
    }
    let first = name.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() || first == '-' || first == '+' {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    if words.len() == 1 {
        let lead = words[0].chars().find(|c| c.is_alphabetic());
        return match lead {
            Some(c) => c.is_uppercase() || handles,
            None => !words[0].bytes().all(|b| b.is_ascii_punctuation()),
        };
    }
    const PARTICLES: &[&str] = &[
        "de", "da", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "al", "y", "dos",
        "del",
    ];
    words.iter().enumerate().all(|(i, w)| {
        let lead = w.chars().find(|c| c.is_alphanumeric());
        match lead {
            Some(c) if c.is_alphabetic() => {
                c.is_uppercase() || (i > 0 && PARTICLES.contains(&w.to_lowercase().as_str()))
            }
            Some(_) => i > 0, // `Speaker 2`
            None => true,     // emoji, `-`
        }
    })
}

// ---------------------------------------------------------------------------------------------
// The older Teams text layout and Otter.ai

/// A cue of the older Teams layout while it is read.
struct Block<'a> {
    line: u64,
    start: Option<u64>,
    speaker: Option<String>,
    text: Vec<&'a str>,
}

fn parse_old_teams(lines: &[Line], warnings: &mut Warnings) -> Vec<Turn> {
    let mut turns = Vec::new();
    let mut block: Option<Block> = None;
    let mut current: Option<String> = None;
    let flush = |block: Option<Block>,
                 turns: &mut Vec<Turn>,
                 warnings: &mut Warnings,
                 current: &mut Option<String>| {
        let Some(b) = block else {
            return;
        };
        if b.speaker.is_some() {
            *current = b.speaker;
        }
        if b.text.is_empty() {
            warnings.push((b.line, "cue without text skipped".into()));
            return;
        }
        push_turn(
            turns,
            Turn {
                speaker: current.clone(),
                start_ms: b.start,
                text: b.text.join("\n"),
                line: b.line,
            },
            " ",
        );
    };
    let mut before_first = false;
    for l in lines {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if is_timing(t) {
            flush(block.take(), &mut turns, warnings, &mut current);
            let start = match timing_start(t) {
                Ok(ms) => Some(ms),
                Err(msg) => {
                    warnings.push((l.no, msg));
                    None
                }
            };
            block = Some(Block {
                line: l.no,
                start,
                speaker: None,
                text: Vec::new(),
            });
            continue;
        }
        match block.as_mut() {
            // The line after the timing names the speaker.
            Some(b) if b.speaker.is_none() && b.text.is_empty() => {
                let name = t.trim_end_matches(':').trim();
                if looks_like_name(name, true) {
                    b.speaker = Some(collapse(name));
                } else {
                    warnings.push((
                        l.no,
                        "line after a cue timing is not a speaker name: read as text".into(),
                    ));
                    b.text.push(t);
                }
            }
            Some(b) => b.text.push(t),
            None if !before_first => {
                before_first = true;
                warnings.push((l.no, "text before the first cue timing skipped".into()));
            }
            None => {}
        }
    }
    flush(block.take(), &mut turns, warnings, &mut current);
    turns
}

/// An Otter/Meet/Teams-DOCX turn header: `Name  0:03`, `**Name**  1:02:03`, `Name 00:00:03`.
fn otter_header(line: &str) -> Option<(String, u64)> {
    let t = line.trim();
    let (name, stamp) = t.rsplit_once(char::is_whitespace)?;
    if !stamp.contains(':') || stamp.contains(['.', ',']) {
        return None;
    }
    let ms = parse_timestamp(stamp)?;
    let name = name.trim();
    let name = name
        .strip_prefix("**")
        .and_then(|n| n.strip_suffix("**"))
        .unwrap_or(name)
        .trim();
    looks_like_name(name, true).then(|| (collapse(name), ms))
}

fn parse_otter(lines: &[Line], warnings: &mut Warnings) -> Vec<Turn> {
    let mut turns = Vec::new();
    let mut current: Option<Turn> = None;
    let mut preamble: Option<u64> = None;
    let flush = |turn: Option<Turn>, turns: &mut Vec<Turn>, warnings: &mut Warnings| {
        if let Some(turn) = turn {
            if turn.text.is_empty() {
                warnings.push((turn.line, "speaker turn without text skipped".into()));
            } else {
                push_turn(turns, turn, "\n");
            }
        }
    };
    for l in lines {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if let Some((name, ms)) = otter_header(t) {
            flush(current.take(), &mut turns, warnings);
            current = Some(Turn {
                speaker: Some(name),
                start_ms: Some(ms),
                text: String::new(),
                line: l.no,
            });
        } else if let Some(turn) = current.as_mut() {
            if !turn.text.is_empty() {
                turn.text.push('\n');
            }
            turn.text.push_str(t);
        } else if preamble.is_none() {
            preamble = Some(l.no);
        }
    }
    flush(current.take(), &mut turns, warnings);
    if let Some(no) = preamble {
        warnings.insert(0, (no, "text before the first speaker turn skipped".into()));
    }
    turns
}

// ---------------------------------------------------------------------------------------------
// Text and Markdown with `Name: text` turns

/// Field names of ordinary notes: `Note: …` or `Goals: …` never make a speaker.
const NOTE_FIELDS: &[&str] = &[
    "note",
    "notes",
    "nb",
    "ps",
    "goal",
    "goals",
    "date",
    "time",
    "when",
    "where",
    "who",
    "why",
    "what",
    "how",
    "attendees",
    "participants",
    "present",
    "agenda",
    "summary",
    "tl;dr",
    "action",
    "actions",
    "action item",
    "action items",
    "todo",
    "to do",
    "decision",
    "decisions",
    "next step",
    "next steps",
    "context",
    "background",
    "problem",
    "problems",
    "outcome",
    "outcomes",
    "result",
    "results",
    "title",
    "subject",
    "tags",
    "tag",
    "team",
    "teams",
    "role",
    "company",
    "company size",
    "location",
    "owner",
    "status",
    "source",
    "link",
    "links",
    "url",
    "pain point",
    "pain points",
    "quote",
    "quotes",
    "insight",
    "insights",
    "takeaway",
    "takeaways",
    "example",
    "examples",
    "warning",
    "important",
    "update",
    "edit",
    "fyi",
    "re",
    "cc",
    "from",
    "to",
    "sent",
    "duration",
    "recording",
    "transcript",
    "name",
    "email",
    "phone",
    "website",
    "legal",
    "intro",
    "tip",
    "caution",
    "step",
    "steps",
    "ask",
    "asks",
    "risk",
    "risks",
    "idea",
    "ideas",
    "follow-up",
    "follow up",
    "feedback",
    "observation",
    "observations",
    "hypothesis",
    "pros",
    "cons",
    "why not",
    "caveat",
];

/// Words that open a sentence with a colon (`So: …`, `Yes: …`) rather than name a speaker.
const SENTENCE_OPENERS: &[&str] = &[
    "yes",
    "no",
    "so",
    "well",
    "basically",
    "okay",
    "ok",
    "right",
    "also",
    "first",
    "second",
    "third",
    "finally",
    "remember",
    "and",
    "but",
    "because",
    "then",
    "now",
    "here",
    "there",
    "this",
    "that",
    "meaning",
    "like",
    "plus",
    "again",
    "anyway",
    "however",
    "hint",
    "spoiler",
    "reminder",
    "bonus",
    "rule",
    "lesson",
    "number",
    "definition",
    "translation",
];

/// A label that is a notes field or a sentence opener, never a speaker.
fn is_note_field(name: &str) -> bool {
    let lower = name.to_lowercase();
    NOTE_FIELDS.contains(&lower.as_str()) || SENTENCE_OPENERS.contains(&lower.as_str())
}

/// `**Name**: text`, `**Name:** text`, `Name: text`, `Name : text` at the start of a line.
fn text_label(line: &str) -> Option<(String, &str)> {
    let t = line.trim();
    let (name, rest) = if let Some(inner) = t.strip_prefix("**") {
        let close = inner.find("**")?;
        let bold = inner[..close].trim();
        let after = &inner[close + 2..];
        if let Some(name) = bold.strip_suffix(':') {
            (name.trim_end(), after)
        } else {
            let after = after.trim_start();
            (bold, after.strip_prefix(':')?)
        }
    } else {
        let i = t.find(':')?;
        let name = &t[..i];
        // `Interviewer1 : ` (French spacing) but not a long gap.
        let trimmed = name.trim_end();
        if name.len() - trimmed.len() > 2 {
            return None;
        }
        (trimmed, &t[i + 1..])
    };
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let name = name.trim();
    looks_like_name(name, true).then(|| (collapse(name), rest.trim()))
}

/// A line holding only a timestamp (`00:01:02`, `[12:30]`): the start of the next turn.
fn bare_timestamp(line: &str) -> Option<u64> {
    let t = line.trim();
    let t = t
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .or_else(|| t.strip_prefix('(').and_then(|x| x.strip_suffix(')')))
        .unwrap_or(t);
    if t.len() < 4 || !t.contains(':') {
        return None;
    }
    parse_timestamp(t)
}

fn parse_speaker_text(lines: &[Line], warnings: &mut Warnings) -> Option<Vec<Turn>> {
    let labels: Vec<Option<(String, &str)>> = lines
        .iter()
        .map(|l| text_label(l.text).filter(|(name, _)| !is_note_field(name)))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (name, _) in labels.iter().flatten() {
        *counts.entry(name.as_str()).or_default() += 1;
    }
    let recurring = |name: &str| counts.get(name).is_some_and(|&c| c >= 2);
    // A label starts a turn when its speaker recurs, or when it is a capitalised name.
    let starts: Vec<bool> = labels
        .iter()
        .map(|l| {
            l.as_ref()
                .is_some_and(|(name, _)| recurring(name) || looks_like_name(name, false))
        })
        .collect();
    let first =
        (0..lines.len()).find(|&i| labels[i].as_ref().is_some_and(|(name, _)| recurring(name)))?;
    // Enough to call it a transcript: several turns by at least two recurring speakers, and
    // labelled lines a fair part of what follows the first turn.
    let mut turn_lines = 0usize;
    let mut text_lines = 0usize;
    let mut per_speaker: HashMap<&str, usize> = HashMap::new();
    for i in first..lines.len() {
        if lines[i].text.trim().is_empty() {
            continue;
        }
        text_lines += 1;
        if starts[i] {
            turn_lines += 1;
            if let Some((name, _)) = &labels[i] {
                *per_speaker.entry(name.as_str()).or_default() += 1;
            }
        }
    }
    let recurring_speakers = per_speaker.values().filter(|&&c| c >= 2).count();
    if turn_lines < 4 || recurring_speakers < 2 || turn_lines * 4 < text_lines {
        return None;
    }
    let before: Vec<&Line> = lines[..first]
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .collect();
    // A timestamp line just before the first turn is its start, not preamble.
    let mut pending_start = before.last().and_then(|l| bare_timestamp(l.text));
    let preamble = &before[..before.len() - usize::from(pending_start.is_some())];
    if let Some(l) = preamble.first() {
        warnings.push((l.no, "text before the first speaker turn skipped".into()));
    }
    let mut turns: Vec<Turn> = Vec::new();
    let mut current: Option<Turn> = None;
    let flush = |turn: Option<Turn>, turns: &mut Vec<Turn>, warnings: &mut Warnings| {
        if let Some(turn) = turn {
            if turn.text.is_empty() {
                warnings.push((turn.line, "speaker turn without text skipped".into()));
            } else {
                push_turn(turns, turn, "\n");
            }
        }
    };
    for i in first..lines.len() {
        let l = lines[i];
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if starts[i] {
            let (name, rest) = labels[i].as_ref().expect("a start has a label");
            flush(current.take(), &mut turns, warnings);
            current = Some(Turn {
                speaker: Some(name.clone()),
                start_ms: pending_start.take(),
                text: rest.to_string(),
                line: l.no,
            });
            continue;
        }
        if let Some(ms) = bare_timestamp(t) {
            pending_start = Some(ms);
            continue;
        }
        if (t.starts_with('#') && t.trim_start_matches('#').starts_with(' ')) || is_rule(t) {
            warnings.push((l.no, format!("heading {:?} skipped", clip(t, 40))));
            continue;
        }
        if let Some(turn) = current.as_mut() {
            if !turn.text.is_empty() {
                turn.text.push('\n');
            }
            turn.text.push_str(t);
        }
    }
    flush(current.take(), &mut turns, warnings);
    (!turns.is_empty()).then_some(turns)
}

fn is_rule(t: &str) -> bool {
    t.len() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '_'))
}

// ---------------------------------------------------------------------------------------------
// Word documents

fn parse_docx(bytes: &[u8]) -> Result<Transcript, String> {
    let paragraphs = docx_paragraphs(bytes)?;
    let lines: Vec<Line> = paragraphs
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.split('\n').map(move |l| Line {
                no: i as u64 + 1,
                text: l,
            })
        })
        .collect();
    let (_, turns, warnings) = parse_lines(&lines, Hint::Other).ok_or(NO_TURNS)?;
    Ok(Transcript {
        format: TranscriptFormat::Docx,
        turns,
        warnings,
        encoding: "utf-8",
    })
}

/// The text of each paragraph of `word/document.xml`, runs joined, `<w:tab/>` as a space and
/// `<w:br/>` as a line break.
fn docx_paragraphs(bytes: &[u8]) -> Result<Vec<String>, String> {
    docx_paragraphs_within(bytes, MAX_DOCX_XML_BYTES)
}

fn docx_paragraphs_within(bytes: &[u8], limit: u64) -> Result<Vec<String>, String> {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("cannot be read as a Word document (damaged ZIP archive: {e})"))?;
    let mut entry = zip.by_name("word/document.xml").map_err(|_| {
        "is a ZIP archive without word/document.xml, so not a Word document".to_string()
    })?;
    let too_big = |size: u64| {
        format!(
            "its word/document.xml is {:.1} MiB uncompressed, more than the {:.0} MiB a transcript may have",
            size as f64 / (1024.0 * 1024.0),
            limit as f64 / (1024.0 * 1024.0)
        )
    };
    if entry.size() > limit {
        return Err(too_big(entry.size()));
    }
    let mut xml = Vec::new();
    entry
        .by_ref()
        .take(limit.saturating_add(1))
        .read_to_end(&mut xml)
        .map_err(|e| format!("cannot be read as a Word document: {e}"))?;
    if xml.len() as u64 > limit {
        return Err(too_big(xml.len() as u64));
    }
    let xml = String::from_utf8_lossy(&xml);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let (mut in_run, mut in_text) = (false, false);
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "its word/document.xml is not well-formed XML (byte {}): {e}",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                // A paragraph inside a paragraph (a text box) ends the outer one here.
                "p" if !current.is_empty() => paragraphs.push(std::mem::take(&mut current)),
                "r" => in_run = true,
                "t" => in_text = in_run,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "p" => paragraphs.push(String::new()),
                "tab" if in_run => current.push(' '),
                "br" | "cr" if in_run => current.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "p" => paragraphs.push(std::mem::take(&mut current)),
                "r" => in_run = false,
                "t" => in_text = false,
                _ => {}
            },
            Event::Text(e) if in_text => current.push_str(&e.xml10_content()),
            Event::CData(e) if in_text => current.push_str(&e.xml10_content()),
            Event::GeneralRef(e) if in_text => {
                let c = crate::import::text::xml_entity(&e);
                current.extend(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    Ok(paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, text: &str) -> Transcript {
        parse(name, text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn names_of(t: &Transcript) -> Vec<String> {
        speakers(t).into_iter().map(|s| s.speaker).collect()
    }

    fn who(t: &Transcript) -> Vec<(Option<&str>, &str)> {
        t.turns
            .iter()
            .map(|t| (t.speaker.as_deref(), t.text.as_str()))
            .collect()
    }

    #[test]
    fn timestamps_in_every_written_form() {
        assert_eq!(parse_timestamp("00:00:01.500"), Some(1_500));
        assert_eq!(parse_timestamp("01:02.003"), Some(62_003));
        assert_eq!(parse_timestamp("18:16:56,181"), Some(65_816_181));
        assert_eq!(parse_timestamp("0:0:3.41"), Some(3_410));
        assert_eq!(parse_timestamp("0:0:0.0"), Some(0));
        assert_eq!(parse_timestamp("1:02:03"), Some(3_723_000));
        assert_eq!(
            parse_timestamp("150:00.000"),
            Some(9_000_000),
            "minutes past 99"
        );
        assert_eq!(
            parse_timestamp("12:00:00.000"),
            Some(43_200_000),
            "hours past 9"
        );
        assert_eq!(parse_timestamp("00:61:00.000"), None);
        assert_eq!(parse_timestamp("00:00:75.000"), None);
        assert_eq!(parse_timestamp("aa:bb"), None);
        assert_eq!(parse_timestamp("9999999999:00:00"), None, "no overflow");
        assert_eq!(parse_timestamp(""), None);
    }

    #[test]
    fn zoom_vtt_with_crlf_ids_handles_and_urls() {
        let vtt = "WEBVTT\r\n\r\n1\r\n00:05:31.760 --> 00:05:34.100\r\nJosh Davis: Can I get a mic check?\r\n\r\n\
                   2\r\n00:05:35.430 --> 00:05:36.770\r\nJustin Florentine (Besu): You sound great.\r\n\r\n\
                   3\r\n00:05:55.550 --> 00:05:56.650\r\nstokes: Hello.\r\n\r\n\
                   4\r\n00:05:59.130 --> 00:06:04.219\r\nstokes: See http://example.com at 10:30 please.\r\n\r\n\
                   5\r\n00:06:05.000 --> 00:06:06.000\r\n🎙️ Dana: Hi: there\r\n\r\n\
                   6\r\n00:06:07.000 --> 00:06:08.000\r\nLee (Acme: Platform): Yes\r\n";
        let t = read("call.vtt", vtt);
        assert_eq!(t.format, TranscriptFormat::ZoomVtt);
        assert_eq!(
            who(&t),
            vec![
                (Some("Josh Davis"), "Can I get a mic check?"),
                (Some("Justin Florentine (Besu)"), "You sound great."),
                (
                    Some("stokes"),
                    "Hello. See http://example.com at 10:30 please."
                ),
                (Some("🎙️ Dana"), "Hi: there"),
                (Some("Lee (Acme: Platform)"), "Yes"),
            ]
        );
        assert_eq!(
            t.turns[2].start_ms,
            Some(355_550),
            "merged keeps the first start"
        );
        assert_eq!(t.turns[0].line, 4);
        assert_eq!(
            t.warnings,
            [(
                24,
                "speaker name \"Lee (Acme: Platform)\" holds a colon".to_string()
            )]
        );
    }

    #[test]
    fn a_url_or_a_time_at_the_start_of_a_cue_is_no_speaker() {
        let vtt = "WEBVTT\n\n00:00.000 --> 00:01.000\nhttps://example.com: the link\n\n\
                   00:01.000 --> 00:02.000\n10: 30 people came\n\n\
                   00:02.000 --> 00:03.000\nSo the answer is: yes\n";
        let t = read("a.vtt", vtt);
        assert_eq!(t.format, TranscriptFormat::Vtt);
        assert!(t.turns.iter().all(|t| t.speaker.is_none()), "{:?}", t.turns);
        assert_eq!(t.turns.len(), 3, "unnamed cues stay apart");
    }

    #[test]
    fn teams_voices_span_lines_close_or_not_and_guid_ids_vanish() {
        let vtt = "WEBVTT\n\nNOTE a comment\nspanning lines\n\nSTYLE\n::cue { color: red }\n\n\
                   a1b2c3d4-e5f6-7890-abcd-ef1234567890/100-0\n00:00:00.000 --> 00:00:03.500 align:start\n\
                   <v Sarah Chen>Welcome to the\nchat!</v>\n\n\
                   a1b2c3d4-e5f6-7890-abcd-ef1234567890/100-1\n00:00:03.500 --> 00:00:07.200\n\
                   <v Sarah Chen>Today <i>we</i> discuss.\n\n\
                   a1b2c3d4-e5f6-7890-abcd-ef1234567890/145-0\n00:00:07.200 --> 00:00:11.800\n\
                   <v.loud Emily Watson>First, <c.yellow>budget</c> &amp; <00:00:08.000>time.</v>\n\n\
                   00:00:11.800 --> 00:00:12.800\n<v Sarah Chen>Yes.</v><v Emily Watson>Right.</v>\n";
        let t = read("x.vtt", vtt);
        assert_eq!(t.format, TranscriptFormat::TeamsVtt);
        assert_eq!(
            who(&t),
            vec![
                (Some("Sarah Chen"), "Welcome to the chat! Today we discuss."),
                (Some("Emily Watson"), "First, budget & time."),
                (Some("Sarah Chen"), "Yes."),
                (Some("Emily Watson"), "Right."),
            ]
        );
        assert!(t
            .turns
            .iter()
            .all(|t| !t.text.contains('<') && !t.text.contains("-->") && !t.text.contains("a1b2")));
    }

    #[test]
    fn a_speaker_named_only_when_the_turn_changes_keeps_the_following_cues() {
        let vtt = "\u{feff}WEBVTT\n\n00:00:00.179 --> 00:00:02.399\nTravis: When you first get\nstarted in podcasting, it's\n\n\
                   00:00:02.400 --> 00:00:04.799\nalmost guaranteed.\n\n\
                   00:00:04.801 --> 00:00:07.980\nSarah: Creating good audio\n\n\
                   00:00:07.980 --> 00:00:13.109\nis hard.\n\n\
                   00:00:13.200 --> 00:00:14.000\nSo: keep it short. Note: really.\n";
        let t = parse("p.vtt", vtt.as_bytes()).unwrap();
        assert_eq!(t.encoding, "utf-8-bom");
        assert_eq!(
            who(&t),
            vec![
                (
                    Some("Travis"),
                    "When you first get started in podcasting, it's almost guaranteed."
                ),
                (
                    Some("Sarah"),
                    "Creating good audio is hard. So: keep it short. Note: really."
                ),
            ]
        );
        assert_eq!(t.turns[1].start_ms, Some(4_801));
    }

    #[test]
    fn vtt_quirks_are_warnings_naming_their_line() {
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nDana: Hi\n\n\
                   oops --> 00:00:03.000\nLee: Hello\n\n\
                   00:00:04.000 --> 00:00:05.000\n\n\
                   00:00:06.000 --> 00:00:07.000\n<font color=red>Dana: loud</font>\n\n\
                   6:00:00.000 --> 6:00:01.000\nLee: six hours in\n";
        let t = read("q.vtt", vtt);
        assert_eq!(
            who(&t),
            vec![
                (Some("Dana"), "Hi"),
                (Some("Lee"), "Hello"),
                (Some("Dana"), "loud"),
                (Some("Lee"), "six hours in"),
            ]
        );
        assert_eq!(t.turns[1].start_ms, None);
        assert_eq!(t.turns[3].start_ms, Some(21_600_000));
        let lines: Vec<u64> = t.warnings.iter().map(|w| w.0).collect();
        assert_eq!(lines, vec![6, 9, 11], "{:?}", t.warnings);
        assert!(t.warnings[0].1.contains("malformed cue timing"));
        assert!(t.warnings[1].1.contains("without text"));
        assert!(t.warnings[2].1.contains("<font>"));
    }

    #[test]
    fn text_after_a_blank_line_inside_a_cue_is_kept() {
        let vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\nDana: one\n\ntwo\n\n00:03.000 --> 00:04.000\nLee: three\n";
        let t = read("b.vtt", vtt);
        assert_eq!(
            who(&t),
            vec![(Some("Dana"), "one\ntwo"), (Some("Lee"), "three")]
        );
    }

    #[test]
    fn vtt_without_its_header_is_still_read_as_cues() {
        let vtt = "1\n00:00:01.000 --> 00:00:02.000\nDana: Hi\n\n2\n00:00:03.000 --> 00:00:04.000\nLee: Yo\n";
        let t = read("n.txt", vtt);
        assert_eq!(t.format, TranscriptFormat::ZoomVtt);
        assert_eq!(t.turns.len(), 2);
        assert!(t.warnings[0].1.contains("WEBVTT"));
    }

    #[test]
    fn srt_numbered_unnumbered_labelled_and_with_blank_lines_in_a_cue() {
        let srt = "1\n18:16:56,181 --> 18:17:03,435\nGuest: web3\n\n2\n18:17:03,435 --> 18:17:10,689\n\
                   Host: First paragraph.\n\nSecond paragraph.\n\n3\n18:17:10,689 --> 18:17:38,761\nGuest: ok\n";
        let t = read("i.srt", srt);
        assert_eq!(t.format, TranscriptFormat::Srt);
        assert_eq!(
            who(&t),
            vec![
                (Some("Guest"), "web3"),
                (Some("Host"), "First paragraph.\nSecond paragraph."),
                (Some("Guest"), "ok"),
            ]
        );
        assert_eq!(t.turns[0].start_ms, Some(65_816_181));
        let plain = "00:00:06,500 --> 00:00:09,000\nAbout 2 months ago\nI found\n\n00:00:11,000 --> 00:00:17,000\nAnd I\n";
        let t = read("t.srt", plain);
        assert_eq!(
            who(&t),
            vec![(None, "About 2 months ago I found"), (None, "And I")]
        );
    }

    #[test]
    fn otter_text_and_markdown_headers() {
        let txt = "Title of the call\n\nDana Smith  0:03\nHello there.\nSecond paragraph.\n\n\
                   Unknown Speaker  0:10\nHi?\n\n**Dana Smith**  1:02:03  \nBack.\n\nDana Smith  1:02:09\nMore.\n";
        let t = read("o.txt", txt);
        assert_eq!(t.format, TranscriptFormat::Otter);
        assert_eq!(
            who(&t),
            vec![
                (Some("Dana Smith"), "Hello there.\nSecond paragraph."),
                (Some("Unknown Speaker"), "Hi?"),
                (Some("Dana Smith"), "Back.\nMore."),
            ]
        );
        assert_eq!(t.turns[2].start_ms, Some(3_723_000));
        assert_eq!(
            t.warnings,
            vec![(1, "text before the first speaker turn skipped".to_string())]
        );
    }

    #[test]
    fn old_teams_layout() {
        let txt = "0:0:0.0 --> 0:0:0.820\nPerson A\nHello\n0:0:3.410 --> 0:0:4.280\nPerson B\nHello! How are you?\n\
                   0:0:4.590 --> 0:0:4.750\nPerson B\nFine.\n0:0:5.0 --> 0:0:6.0\nPerson A\n";
        let t = read("teams.txt", txt);
        assert_eq!(t.format, TranscriptFormat::OldTeams);
        assert_eq!(
            who(&t),
            vec![
                (Some("Person A"), "Hello"),
                (Some("Person B"), "Hello! How are you? Fine.")
            ]
        );
        assert_eq!(t.turns[1].start_ms, Some(3_410));
        assert_eq!(
            t.warnings,
            vec![(10, "cue without text skipped".to_string())]
        );
    }

    #[test]
    fn speaker_text_in_its_markdown_and_plain_forms() {
        let md = "# Interview\n\nLicensed CC BY.\n\n**Person A**: How long?\n\n**Person B:** Since 2021.\n\n\
                  A second paragraph.\n\n**Person A**: And then?\n\n**Person B**: More.\n";
        let t = read("i.md", md);
        assert_eq!(t.format, TranscriptFormat::SpeakerText);
        assert_eq!(
            who(&t),
            vec![
                (Some("Person A"), "How long?"),
                (Some("Person B"), "Since 2021.\nA second paragraph."),
                (Some("Person A"), "And then?"),
                (Some("Person B"), "More."),
            ]
        );
        assert_eq!(t.turns[0].line, 5);
        assert_eq!(
            t.warnings,
            vec![(1, "text before the first speaker turn skipped".to_string())]
        );

        let fr = "Interviewer1 : Bonjour ?\nInterviewee1 : Oui.\nsuite\nInterviewer1 : Et ?\nInterviewee1 : Non.\nInterviewer2 : Moi ?\n";
        let t = read("fr.txt", fr);
        assert_eq!(t.turns[1].text, "Oui.\nsuite");
        assert_eq!(
            t.turns[4].speaker.as_deref(),
            Some("Interviewer2"),
            "a one-off capitalised name is a turn"
        );

        let numbered = "P1: We deploy weekly.\nP2: Why?\nP1: Fear.\nP2: Of what?\n";
        assert_eq!(
            names_of(&read("p.txt", numbered)),
            ["P1", "P2"],
            "numbered participants"
        );

        let qa = "Q: Why?\nA: Because.\nQ: Really?\nA: Yes.\n";
        let t = read("qa.txt", qa);
        assert_eq!(guess_interviewers(&t), vec!["Q"]);

        let caps =
            "MEL: When you're ready.\n\nJACKIE: Sounds good.\n\nMEL: Okay.\n\nJACKIE: Sure.\n";
        assert_eq!(read("c.md", caps).turns.len(), 4);
    }

    #[test]
    fn timestamp_lines_in_text_set_the_next_turns_start() {
        let txt = "00:00:00\nDana: Hi.\n00:01:05\nLee: Hello.\nDana: Bye.\nLee: Bye.\n";
        let t = read("meet.txt", txt);
        assert_eq!(t.turns[0].start_ms, Some(0));
        assert_eq!(t.turns[1].start_ms, Some(65_000));
        assert_eq!(t.turns[1].text, "Hello.");
    }

    #[test]
    fn notes_are_not_transcripts() {
        let notes = [
            "# Call with Acme\n\nNote: CI is slow.\nGoals: faster builds.\nNote: they use Jenkins.\nGoals: fewer flakes.\n",
            "# Script\n\n## Intro\n- Thank you!\n- Goals: understand.\n- Legal: recording.\n\n## Background\n- How long?\n- Who are your customers? (**Nudge**: who?)\n",
            "Dana: said CI is slow.\n\nWe talked for an hour about build times and what they cost the team.\nThe rest of the notes are prose.\nMore prose here.\nAnd here.\n",
            "Meeting at 10:30 with Dana.\nAt 11:45 we broke.\n",
            "# Cutover\n\nDeploy 10:00 --> 11:00 window\nWe moved the database.\n",
            "Standup notes\nThe flow: build --> test --> deploy\nDana: fine\n",
            "",
            "just words",
        ];
        for n in notes {
            assert_eq!(detect("notes.md", n.as_bytes()), None, "{n}");
            assert_eq!(parse("notes.md", n.as_bytes()).unwrap_err(), NO_TURNS);
        }
    }

    #[test]
    fn utf16_teams_export_is_decoded() {
        let vtt = "WEBVTT\r\n\r\n00:00:00.000 --> 00:00:01.000\r\n<v Dana>Hé</v>\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(vtt.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let t = parse("t.vtt", &bytes).unwrap();
        assert_eq!(t.encoding, "utf-16le");
        assert_eq!(who(&t), vec![(Some("Dana"), "Hé")]);
    }

    #[test]
    fn speaker_shares_and_a_question_asker() {
        let txt = "Dana: How long have you worked here?\nLee: Five years, mostly on the build system and the deploy tooling.\n\
                   Dana: Why that?\nLee: It was where the pain was, honestly, every team complained.\n\
                   Dana: And now?\nLee: Now it is better.\n";
        let t = read("s.txt", txt);
        let s = speakers(&t);
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].speaker.as_str(), s[0].turns, s[0].questions),
            ("Dana", 3, 3)
        );
        assert_eq!(s[0].words, 10);
        assert_eq!(s[1].words, 25);
        assert!((s[0].share + s[1].share - 1.0).abs() < 1e-9);
        assert!((s[0].share - 10.0 / 35.0).abs() < 1e-9);
        assert_eq!(guess_interviewers(&t), vec!["Dana"]);

        let even = "Dana: Why?\nLee: Why not?\nDana: Who?\nLee: You?\nDana: What?\nLee: Where?\n";
        assert!(
            guess_interviewers(&read("e.txt", even)).is_empty(),
            "not clearly one"
        );
    }

    #[test]
    fn interviewer_labels_in_their_variants() {
        for name in [
            "Interviewer",
            "interviewer1",
            "Intervieweur",
            "HOST",
            "Moderator",
            "Q",
            "Researcher 2",
            "Interviewer2 2",
        ] {
            assert!(is_interviewer_label(name), "{name}");
        }
        for name in ["Interviewee1", "Person A", "A", "Hostile Bob", "Questioner"] {
            assert!(!is_interviewer_label(name), "{name}");
        }
    }

    #[test]
    fn names_that_are_and_are_not_speakers() {
        for n in [
            "Dana",
            "Dana Smith",
            "Justin Florentine (Besu)",
            "P1",
            "Person A",
            "MEL",
            "🎙️ Dana",
            "Ludwig van Beethoven",
            "Speaker 2",
            "Dr. Who",
        ] {
            assert!(looks_like_name(n, false), "{n}");
        }
        assert!(looks_like_name("stokes", true));
        assert!(!looks_like_name("stokes", false));
        for n in [
            "So the answer is",
            "10",
            "http",
            "Yes, and",
            "",
            "a very long name that goes on and on and on forever",
        ] {
            assert!(!looks_like_name(n, false), "{n}");
        }
    }

    #[test]
    fn a_word_document_over_the_limit_is_refused_before_it_is_read() {
        use std::io::Write;
        let xml = format!(
            "<w:document><w:body>{}</w:body></w:document>",
            "<w:p><w:r><w:t>Dana: Hi</w:t></w:r></w:p>".repeat(100)
        );
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let size = xml.len() as u64;
        assert_eq!(docx_paragraphs_within(&bytes, size).unwrap().len(), 100);
        let err = docx_paragraphs_within(&bytes, size - 1).unwrap_err();
        assert!(
            err.contains("word/document.xml is") && err.contains("MiB"),
            "{err}"
        );
        assert_eq!(MAX_DOCX_XML_BYTES, 64 << 20);
    }

    #[test]
    fn entities_and_stray_brackets_survive_cleaning() {
        let mut seen = HashSet::new();
        let mut w = Vec::new();
        assert_eq!(
            clean_cue_text("a < b &amp;&#233; &bogus; <3", 1, &mut seen, &mut w),
            "a < b &é &bogus; <3"
        );
        assert!(w.is_empty(), "{w:?}");
    }
}
